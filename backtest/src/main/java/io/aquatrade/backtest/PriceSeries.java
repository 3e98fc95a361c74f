package io.aquatrade.backtest;

import io.aquatrade.common.Instrument;

/**
 * One instrument's bars over a backtest (the bars the signal generator closed on its default timeframe, from trades
 * or from input bars): close time and OHLC, for charts. Prices are mantissas in the instrument's price decimals.
 * Immutable.
 */
public final class PriceSeries {
    private final Instrument instrument;
    private final long timeframeMs;
    private final long[] closeTimesNs;
    private final long[] opens;
    private final long[] highs;
    private final long[] lows;
    private final long[] closes;

    /**
     * @param instrument   the instrument (price decimals)
     * @param timeframeMs  bar length, ms
     * @param closeTimesNs bar close times, increasing, UTC epoch ns (copied)
     * @param opens        open price mantissas (copied)
     * @param highs        high price mantissas (copied)
     * @param lows         low price mantissas (copied)
     * @param closes       close price mantissas (copied)
     * @throws IllegalArgumentException if the arrays differ in length
     */
    public PriceSeries(Instrument instrument, long timeframeMs, long[] closeTimesNs, long[] opens, long[] highs,
                       long[] lows, long[] closes) {
        this(instrument, timeframeMs, closeTimesNs.clone(), opens.clone(), highs.clone(), lows.clone(), closes.clone(),
                Owned.ARRAYS);
    }

    /** Keeps the arrays given: only for callers that hand them over and never touch them again. */
    private PriceSeries(Instrument instrument, long timeframeMs, long[] closeTimesNs, long[] opens, long[] highs,
                        long[] lows, long[] closes, Owned owned) {
        int n = closeTimesNs.length;
        if (opens.length != n || highs.length != n || lows.length != n || closes.length != n) {
            throw new IllegalArgumentException("times and prices differ in length");
        }
        this.instrument = instrument;
        this.timeframeMs = timeframeMs;
        this.closeTimesNs = closeTimesNs;
        this.opens = opens;
        this.highs = highs;
        this.lows = lows;
        this.closes = closes;
    }

    /**
     * As the constructor, but keeps the arrays instead of copying them (a run's series are 5 arrays of every bar per
     * instrument): the caller hands them over and never changes them again.
     *
     * @throws IllegalArgumentException if the arrays differ in length
     */
    static PriceSeries adopt(Instrument instrument, long timeframeMs, long[] closeTimesNs, long[] opens, long[] highs,
                             long[] lows, long[] closes) {
        return new PriceSeries(instrument, timeframeMs, closeTimesNs, opens, highs, lows, closes, Owned.ARRAYS);
    }

    /** Marks the constructor that keeps its arrays. */
    private enum Owned { ARRAYS }

    /** @return the instrument */
    public Instrument instrument() {
        return instrument;
    }

    /** @return bar length, ms */
    public long timeframeMs() {
        return timeframeMs;
    }

    /** @return number of bars */
    public int size() {
        return closes.length;
    }

    /** @return close time of bar i, UTC epoch ns */
    public long closeTimeNs(int i) {
        return closeTimesNs[i];
    }

    /** @return open price of bar i, mantissa in the instrument's price decimals */
    public long open(int i) {
        return opens[i];
    }

    /** @return high price of bar i, mantissa */
    public long high(int i) {
        return highs[i];
    }

    /** @return low price of bar i, mantissa */
    public long low(int i) {
        return lows[i];
    }

    /** @return close price of bar i, mantissa */
    public long close(int i) {
        return closes[i];
    }
}
