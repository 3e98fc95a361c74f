package io.aquatrade.backtest;

import io.aquatrade.common.Instrument;

/**
 * Closing prices of one instrument's bars over a backtest (the bars the signal generator closed on its default
 * timeframe, from trades or from input bars), for charts. Immutable.
 */
public final class PriceSeries {
    private final Instrument instrument;
    private final long[] closeTimesNs;
    private final long[] closes;

    /**
     * @param instrument   the instrument (price decimals)
     * @param closeTimesNs bar close times, increasing, UTC epoch ns (copied)
     * @param closes       close price mantissas (copied)
     */
    public PriceSeries(Instrument instrument, long[] closeTimesNs, long[] closes) {
        if (closeTimesNs.length != closes.length) {
            throw new IllegalArgumentException("times and closes differ in length");
        }
        this.instrument = instrument;
        this.closeTimesNs = closeTimesNs.clone();
        this.closes = closes.clone();
    }

    /** @return the instrument */
    public Instrument instrument() {
        return instrument;
    }

    /** @return number of bars */
    public int size() {
        return closes.length;
    }

    /** @return close time of bar i, UTC epoch ns */
    public long closeTimeNs(int i) {
        return closeTimesNs[i];
    }

    /** @return close price of bar i, mantissa in the instrument's price decimals */
    public long close(int i) {
        return closes[i];
    }
}
