package io.aquatrade.signal.indicator;

import io.aquatrade.common.FixedPoint;

/**
 * Session VWAP anchored to the UTC day: the volume-weighted average price of all of the instrument's trades since
 * 00:00 UTC, {@code sum(p * q) / sum(q)} (the "anchored" or intraday VWAP of Berkowitz, Logue and Noser, Journal of
 * Finance 43(1), 1988; Investopedia "Volume-Weighted Average Price"), reset when the first trade of a new UTC day
 * arrives.
 *
 * <p>Fed every accepted trade ({@link #addTrade}), in event-time order, and sampled once per closed bar
 * ({@link #onBarClose}): the reported {@link #value()} is the session VWAP as of that bar's close, i.e. over the
 * trades in {@code [day start, close)}, where the day is the UTC day of the bar's last instant ({@code close - 1 ns};
 * a bar closing at exactly 00:00 reports the day that just ended). The sums are exact ({@link VwapAccumulator}).
 * When the engine is fed bars instead of trades ({@link #addBar}) each input bar counts with its VWAP and volume.
 *
 * <p>Warm-up: one trade in the current session. When the timeframe divides 24 h (1m, 5m, 1h ...) every bar lies in
 * one day and the value is ready from the first bar on. With a timeframe that straddles midnight (7m, 25m ...), a bar
 * whose trades all fell before 00:00 closes in a session that has no trade yet: the value is then not ready
 * ({@code NaN}) for that bar.
 */
public final class SessionVwap implements Indicator {
    /** Nanoseconds in a UTC day. */
    public static final long DAY_NS = 86_400_000_000_000L;

    private final int priceDecimals;
    private final VwapAccumulator sums = new VwapAccumulator();
    /** Sum of vwap x volume of the session's input bars (bar input, not trades), quote units x size mantissa. */
    private double barNotional;
    private double barQuantity;
    private long sessionDay = Long.MIN_VALUE;
    private double value = Double.NaN;

    /** @param priceDecimals the instrument's price decimals, 0..18 */
    public SessionVwap(int priceDecimals) {
        this.priceDecimals = priceDecimals;
    }

    /**
     * Adds a trade; starts a new session if it is the first trade of a later UTC day.
     *
     * @param eventTimeNs trade time, UTC epoch ns, not earlier than the previous trade's day
     * @param price       price mantissa, &gt; 0
     * @param quantity    quantity mantissa, &gt; 0
     * @throws ArithmeticException if the day's quantity overflows a long
     */
    public void addTrade(long eventTimeNs, long price, long quantity) {
        startSessionOf(eventTimeNs);
        sums.add(price, quantity);
    }

    /**
     * Adds a whole input bar when the engine is fed bars instead of trades (backtests over candle files): its
     * {@code vwap x volume} joins the session's sums (in {@code double}, so no longer exact). The bar counts in the UTC
     * day of its open time; with a timeframe dividing 24 h it lies within that day.
     *
     * @param openTimeNs the input bar's open time, UTC epoch ns, not earlier than the previous input's day
     * @param vwap       its VWAP, quote units
     * @param volume     its volume, size mantissa, &gt; 0
     */
    public void addBar(long openTimeNs, double vwap, long volume) {
        startSessionOf(openTimeNs);
        barNotional += vwap * volume;
        barQuantity += volume;
    }

    private void startSessionOf(long eventTimeNs) {
        long day = Math.floorDiv(eventTimeNs, DAY_NS);
        if (day != sessionDay) {
            sums.reset();
            barNotional = 0;
            barQuantity = 0;
            sessionDay = day;
        }
    }

    /**
     * Samples the value as of a bar's close; call after every trade of the bar was added and before any later one.
     *
     * @param closeTimeNs the bar's close time (open + timeframe), UTC epoch ns
     */
    public void onBarClose(long closeTimeNs) {
        long day = Math.floorDiv(closeTimeNs - 1, DAY_NS);
        if (day != sessionDay) {
            value = Double.NaN;
        } else if (barQuantity == 0) {
            value = sums.vwap(priceDecimals);
        } else {
            double tradeNotional = sums.isEmpty() ? 0.0 : sums.notional() / FixedPoint.pow10(priceDecimals);
            value = (tradeNotional + barNotional) / (sums.quantityAsDouble() + barQuantity);
        }
    }

    /** @return start of the session the last trade belongs to, UTC epoch ns, or {@link Long#MIN_VALUE} before any */
    public long sessionStartNs() {
        return sessionDay == Long.MIN_VALUE ? Long.MIN_VALUE : sessionDay * DAY_NS;
    }

    @Override
    public boolean isReady() {
        return !Double.isNaN(value);
    }

    /** @return the session VWAP as of the last bar close, quote units, or {@code NaN} when not ready */
    @Override
    public double value() {
        return value;
    }
}
