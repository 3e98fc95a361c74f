package io.aquatrade.decision.risk;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

import io.aquatrade.common.FixedPoint;

/**
 * Fixed-fractional position sizing (R. Vince, "Portfolio Management Formulas", 1990; the "percent of equity"
 * model in Van Tharp's position-sizing taxonomy): each entry commits a fixed fraction {@code f} of the strategy's
 * free balance of the quote asset. In exact arithmetic:
 *
 * <pre>
 *   budget   = floor(balance x f)                 to the quote asset's decimals
 *   quantity = floor(budget / referencePrice)     to the instrument's sizeDecimals
 * </pre>
 *
 * Both steps round down (against the order, per docs/money.md), so the order's notional at the reference price never
 * exceeds {@code balance x f}. Immutable and thread-safe; {@link #quantity} does not allocate unless an
 * intermediate product overflows a {@code long}.
 */
public final class FixedFractionSizing {
    private final long fractionMantissa;
    private final int fractionDecimals;

    /**
     * @param fraction the fraction f, in (0, 1], at most 18 decimals
     * @throws IllegalArgumentException if the fraction is out of range
     */
    public FixedFractionSizing(BigDecimal fraction) {
        if (fraction == null || fraction.signum() <= 0 || fraction.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException("fraction must be in (0, 1], was " + fraction);
        }
        BigDecimal f = fraction.stripTrailingZeros();
        int decimals = Math.max(f.scale(), 0);
        if (decimals > FixedPoint.MAX_DECIMALS) {
            throw new IllegalArgumentException("fraction has more than " + FixedPoint.MAX_DECIMALS + " decimals: "
                    + fraction);
        }
        this.fractionDecimals = decimals;
        this.fractionMantissa = FixedPoint.fromBigDecimal(f, decimals);
    }

    /**
     * @param balance         free balance of the quote asset, mantissa with {@code balanceDecimals}; &lt;= 0 gives 0
     * @param balanceDecimals the quote asset's decimals
     * @return floor(balance x f), same scale
     */
    public long budget(long balance, int balanceDecimals) {
        if (balance <= 0) {
            return 0;
        }
        return FixedPoint.multiply(balance, balanceDecimals, fractionMantissa, fractionDecimals, balanceDecimals,
                RoundingMode.DOWN);
    }

    /**
     * The entry quantity for a balance at a reference price.
     *
     * @param balance         free balance of the quote asset, mantissa with {@code balanceDecimals}
     * @param balanceDecimals the quote asset's decimals
     * @param price           reference price, mantissa with {@code priceDecimals}; &lt;= 0 gives 0
     * @param priceDecimals   the instrument's price decimals
     * @param sizeDecimals    the instrument's size decimals
     * @return the base quantity, size mantissa, &gt;= 0 (0: the budget buys less than one lot)
     */
    public long quantity(long balance, int balanceDecimals, long price, int priceDecimals, int sizeDecimals) {
        return quantityFor(budget(balance, balanceDecimals), balanceDecimals, price, priceDecimals, sizeDecimals);
    }

    /**
     * How much of the base asset an amount of the quote asset buys at a price, rounded down to the lot:
     * {@code floor(amount / price)} at {@code sizeDecimals}, i.e. {@code floor(amount x 10^(pd + sd - ad) / price)}
     * on mantissas.
     *
     * @param amount         quote amount, mantissa with {@code amountDecimals}; &lt;= 0 gives 0
     * @param amountDecimals the quote asset's decimals
     * @param price          price mantissa with {@code priceDecimals}; &lt;= 0 gives 0
     * @param priceDecimals  the instrument's price decimals
     * @param sizeDecimals   the instrument's size decimals
     * @return base quantity, size mantissa, &gt;= 0
     * @throws ArithmeticException if the quantity does not fit a long
     */
    public static long quantityFor(long amount, int amountDecimals, long price, int priceDecimals, int sizeDecimals) {
        if (amount <= 0 || price <= 0) {
            return 0;
        }
        int exponent = priceDecimals + sizeDecimals - amountDecimals;
        if (exponent < 0) {
            long scale = FixedPoint.pow10(Math.min(-exponent, FixedPoint.MAX_DECIMALS));
            if (-exponent > FixedPoint.MAX_DECIMALS || Math.multiplyHigh(price, scale) != 0 || price * scale < 0) {
                return 0; // the divisor exceeds any long amount
            }
            return amount / (price * scale);
        }
        if (exponent <= FixedPoint.MAX_DECIMALS) {
            long scale = FixedPoint.pow10(exponent);
            long low = amount * scale;
            if (Math.multiplyHigh(amount, scale) == 0 && low >= 0) {
                return low / price;
            }
        }
        // Rare: the scaled amount does not fit a long. Exact but allocating.
        return BigInteger.valueOf(amount).multiply(BigInteger.TEN.pow(exponent))
                .divide(BigInteger.valueOf(price)).longValueExact();
    }
}
