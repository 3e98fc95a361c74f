package io.aquatrade.decision.risk;

import java.math.BigDecimal;
import java.math.RoundingMode;

import io.aquatrade.common.ConfigException;
import io.aquatrade.common.FixedPoint;

/**
 * A money limit written either as a fraction of a base ({@code {fraction: 0.03}}: of capital for a loss, of equity
 * for exposure) or as an amount of the quote asset ({@code {amount: 150}}). Exactly one of the two is set; a bare
 * number is refused, so that {@code 0.03} can never be read as 0.03 USDT. Immutable.
 *
 * @param fraction the fraction of the base, in (0, 1], at most 18 decimals; null when {@code amount} is set
 * @param amount   the amount of the quote asset, &gt; 0; null when {@code fraction} is set
 */
public record RiskLimit(BigDecimal fraction, BigDecimal amount) {
    /**
     * @throws IllegalArgumentException unless exactly one of the two is set and in range (the parser reports the
     *                                  field with a {@link ConfigException} before it gets here)
     */
    public RiskLimit {
        if ((fraction == null) == (amount == null)) {
            throw new IllegalArgumentException("exactly one of fraction and amount, was " + fraction + ", " + amount);
        }
        if (fraction != null && (fraction.signum() <= 0 || fraction.compareTo(BigDecimal.ONE) > 0
                || fraction.stripTrailingZeros().scale() > FixedPoint.MAX_DECIMALS)) {
            throw new IllegalArgumentException("fraction in (0, 1], was " + fraction);
        }
        if (amount != null && amount.signum() <= 0) {
            throw new IllegalArgumentException("amount > 0, was " + amount);
        }
    }

    /**
     * The limit resolved for one quote asset, as mantissas, so that a check does not allocate.
     *
     * @param decimals the quote asset's decimals
     * @return the exact form
     * @throws ArithmeticException if the amount has more decimals than the asset or does not fit a long
     */
    public Exact exact(int decimals) {
        if (amount != null) {
            return new Exact(0, 0, FixedPoint.fromBigDecimal(amount, decimals), decimals);
        }
        BigDecimal f = fraction.stripTrailingZeros();
        int fd = Math.max(f.scale(), 0);
        return new Exact(FixedPoint.fromBigDecimal(f, fd), fd, 0, decimals);
    }

    /**
     * A {@link RiskLimit} in one quote asset's decimals.
     *
     * @param fractionMantissa the fraction's mantissa, 0 for an amount
     * @param fractionDecimals the fraction's decimals
     * @param amount           the amount, quote mantissa; 0 for a fraction
     * @param decimals         the quote asset's decimals
     */
    public record Exact(long fractionMantissa, int fractionDecimals, long amount, int decimals) {
        /**
         * @param base     capital or equity, quote mantissa (ignored for an amount)
         * @param rounding {@link RoundingMode#CEILING} for a limit that trips when reached (a loss: reaching
         *                 ceil(x) is reaching x, values being whole mantissas), {@link RoundingMode#FLOOR} for one that
         *                 trips when exceeded (exceeding floor(x) is exceeding x)
         * @return the amount, or {@code base x fraction} rounded as asked; 0 for a fraction of a base &lt;= 0
         * @throws ArithmeticException on overflow
         */
        public long of(long base, RoundingMode rounding) {
            if (fractionMantissa == 0) {
                return amount;
            }
            if (base <= 0) {
                return 0;
            }
            return FixedPoint.multiply(base, decimals, fractionMantissa, fractionDecimals, decimals, rounding);
        }
    }

    /** @return {@code {fraction: x}} or {@code {amount: y}}, as in the config */
    @Override
    public String toString() {
        return fraction != null ? "{fraction: " + fraction.toPlainString() + "}"
                : "{amount: " + amount.toPlainString() + "}";
    }
}
