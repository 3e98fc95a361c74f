package io.aquatrade.decision.risk;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Set;

import io.aquatrade.common.ConfigException;
import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.InstrumentFilters;

/**
 * How an entry's quantity is computed ({@code sizing} in a strategy's or the account-wide {@code risk} block).
 *
 * <table>
 *   <caption>Modes</caption>
 *   <tr><th>config</th><th>quantity</th></tr>
 *   <tr><td>{@code {mode: fixed-fraction}} (default; {@code fraction} defaults to the strategy's
 *       {@code orderFraction})</td><td>floor(free balance x f / price)</td></tr>
 *   <tr><td>{@code {mode: fixed-notional, amount: A}}</td><td>floor(min(A, free balance) / price)</td></tr>
 *   <tr><td>{@code {mode: risk-per-trade, fraction: R}}</td><td>floor(R x equity / stop distance): losing R of
 *       equity if the stop is hit (Van Tharp, "Trade Your Way to Financial Freedom", ch. 14, "percent risk")</td></tr>
 *   <tr><td>{@code {mode: volatility, fraction: R, atrMultiple: k}}</td><td>floor(R x equity / (k x ATR)): the
 *       stop distance taken as k average true ranges (the Turtles' "unit", C. Faith, "Way of the Turtle", ch. 8)
 *       </td></tr>
 * </table>
 *
 * Every mode is then capped at what the free balance buys, rounded down to the instrument's {@code stepSize}, and
 * gives 0 below {@code minQty} or {@code minNotional} (at the reference price), so its result always passes the
 * instrument's filters.
 *
 * @param mode        the mode
 * @param fraction    f or R, in (0, 1]; null for fixed-fraction to take {@code orderFraction}, and for fixed-notional
 * @param amount      A, quote asset, &gt; 0; fixed-notional only
 * @param atrMultiple k, in (0, 100], at most 4 decimals; volatility only
 */
public record Sizing(Mode mode, BigDecimal fraction, BigDecimal amount, BigDecimal atrMultiple) {
    /** Today's sizing: the strategy's {@code orderFraction} of its free balance. */
    public static final Sizing FIXED_FRACTION = new Sizing(Mode.FIXED_FRACTION, null, null, null);
    private static final int ATR_MULTIPLE_DECIMALS = 4;

    /** A sizing mode, with its config name. */
    public enum Mode {
        /** {@code fixed-fraction}. */
        FIXED_FRACTION("fixed-fraction"),
        /** {@code fixed-notional}. */
        FIXED_NOTIONAL("fixed-notional"),
        /** {@code risk-per-trade}. */
        RISK_PER_TRADE("risk-per-trade"),
        /** {@code volatility}. */
        VOLATILITY("volatility");

        private final String configName;

        Mode(String configName) {
            this.configName = configName;
        }

        /** @return the name in the config, e.g. {@code risk-per-trade} */
        public String configName() {
            return configName;
        }
    }

    static Sizing parse(String path, Map<String, Object> raw) {
        Object modeName = raw.get("mode");
        Mode mode = null;
        for (Mode m : Mode.values()) {
            if (m.configName.equals(modeName)) {
                mode = m;
            }
        }
        if (mode == null) {
            throw new ConfigException(path + ".mode", "fixed-fraction, fixed-notional, risk-per-trade or volatility, "
                    + "was " + (modeName == null ? "missing" : "'" + modeName + "'"));
        }
        switch (mode) {
            case FIXED_FRACTION -> {
                RiskConfig.onlyKeys(path, raw, Set.of("mode", "fraction"));
                return new Sizing(mode, raw.get("fraction") == null ? null
                        : RiskConfig.fraction(path + ".fraction", raw.get("fraction"), false), null, null);
            }
            case FIXED_NOTIONAL -> {
                RiskConfig.onlyKeys(path, raw, Set.of("mode", "amount"));
                return new Sizing(mode, null, RiskConfig.positive(path + ".amount", raw.get("amount"),
                        "an amount > 0 of the quote asset"), null);
            }
            case RISK_PER_TRADE -> {
                RiskConfig.onlyKeys(path, raw, Set.of("mode", "fraction"));
                return new Sizing(mode, RiskConfig.fraction(path + ".fraction", raw.get("fraction"), false), null,
                        null);
            }
            default -> {
                RiskConfig.onlyKeys(path, raw, Set.of("mode", "fraction", "atrMultiple"));
                BigDecimal k = RiskConfig.positive(path + ".atrMultiple", raw.get("atrMultiple"),
                        "a multiple of the ATR in (0, 100] with at most 4 decimals");
                if (k.compareTo(BigDecimal.valueOf(100)) > 0 || k.stripTrailingZeros().scale() > ATR_MULTIPLE_DECIMALS) {
                    throw new ConfigException(path + ".atrMultiple", "a multiple of the ATR in (0, 100] with at most "
                            + "4 decimals, was " + k.toPlainString());
                }
                return new Sizing(mode, RiskConfig.fraction(path + ".fraction", raw.get("fraction"), false), null, k);
            }
        }
    }

    /**
     * This sizing in one quote asset's decimals, as mantissas, so that {@link Exact#quantity} does not allocate.
     *
     * @param quoteDecimals the quote asset's decimals
     * @param orderFraction the strategy's {@code orderFraction}, used by fixed-fraction without its own fraction
     * @return the exact form
     * @throws ArithmeticException if the amount has more decimals than the asset or does not fit a long
     */
    public Exact exact(int quoteDecimals, BigDecimal orderFraction) {
        BigDecimal f = fraction != null ? fraction : mode == Mode.FIXED_FRACTION ? orderFraction : BigDecimal.ONE;
        f = f.stripTrailingZeros();
        int fd = Math.max(f.scale(), 0);
        return new Exact(mode, FixedPoint.fromBigDecimal(f, fd), fd,
                amount == null ? 0 : FixedPoint.fromBigDecimal(amount, quoteDecimals),
                atrMultiple == null ? 0 : FixedPoint.fromBigDecimal(atrMultiple, ATR_MULTIPLE_DECIMALS),
                quoteDecimals);
    }

    /**
     * A {@link Sizing} as mantissas in one quote asset's decimals.
     *
     * @param mode             the mode
     * @param fractionMantissa f or R, mantissa with {@code fractionDecimals}
     * @param fractionDecimals decimals of the fraction
     * @param amount           A, quote mantissa (fixed-notional), else 0
     * @param atrMultiple      k, mantissa with 4 decimals (volatility), else 0
     * @param quoteDecimals    the quote asset's decimals
     */
    public record Exact(Mode mode, long fractionMantissa, int fractionDecimals, long amount, long atrMultiple,
                        int quoteDecimals) {
        /**
         * The entry quantity; a pure function of its arguments. Allocates nothing unless an intermediate product
         * overflows a long.
         *
         * @param freeBalance   the strategy's free balance of the quote asset, quote mantissa
         * @param equity        the strategy's equity (capital + realised + unrealised P&amp;L), quote mantissa; used by
         *                      risk-per-trade and volatility
         * @param price         reference price of the entry, price mantissa; &lt;= 0 gives 0
         * @param priceDecimals the instrument's price decimals
         * @param sizeDecimals  the instrument's size decimals
         * @param stopDistance  |entry - stop|, price mantissa, for risk-per-trade; &lt;= 0 gives 0 (no stop, no size)
         * @param atr           the instrument's average true range, price mantissa, for volatility; &lt;= 0 gives 0
         * @param filters       the instrument's filters as mantissas ({@link InstrumentFilters.Exact#NONE} for none)
         * @return the quantity, size mantissa, &gt;= 0: a whole number of {@code stepSize}s, at least {@code minQty}
         * and with a notional (at {@code price}, rounded down) at least {@code minNotional}; 0 when none is
         * @throws ArithmeticException if a result does not fit a long
         */
        public long quantity(long freeBalance, long equity, long price, int priceDecimals, int sizeDecimals,
                             long stopDistance, long atr, InstrumentFilters.Exact filters) {
            if (price <= 0 || freeBalance <= 0) {
                return 0;
            }
            long affordable = FixedFractionSizing.quantityFor(freeBalance, quoteDecimals, price, priceDecimals,
                    sizeDecimals);
            long q;
            switch (mode) {
                case FIXED_FRACTION -> q = FixedFractionSizing.quantityFor(fractionOf(freeBalance), quoteDecimals,
                        price, priceDecimals, sizeDecimals);
                case FIXED_NOTIONAL -> q = FixedFractionSizing.quantityFor(Math.min(amount, freeBalance),
                        quoteDecimals, price, priceDecimals, sizeDecimals);
                case RISK_PER_TRADE -> q = FixedFractionSizing.quantityFor(fractionOf(equity), quoteDecimals,
                        stopDistance, priceDecimals, sizeDecimals);
                default -> {
                    long distance = atr <= 0 ? 0 : FixedPoint.multiply(atr, 0, atrMultiple, ATR_MULTIPLE_DECIMALS, 0,
                            RoundingMode.CEILING);
                    q = FixedFractionSizing.quantityFor(fractionOf(equity), quoteDecimals, distance, priceDecimals,
                            sizeDecimals);
                }
            }
            q = Math.min(q, affordable);
            if (filters.stepSize() > 0) {
                q -= q % filters.stepSize();
            }
            if (q <= 0 || q < filters.minQty()) {
                return 0;
            }
            if (filters.minNotional() > 0 && FixedPoint.multiply(q, sizeDecimals, price, priceDecimals, quoteDecimals,
                    RoundingMode.DOWN) < filters.minNotional()) {
                return 0;
            }
            return q;
        }

        private long fractionOf(long amount) {
            if (amount <= 0) {
                return 0;
            }
            return FixedPoint.multiply(amount, quoteDecimals, fractionMantissa, fractionDecimals, quoteDecimals,
                    RoundingMode.DOWN);
        }
    }
}
