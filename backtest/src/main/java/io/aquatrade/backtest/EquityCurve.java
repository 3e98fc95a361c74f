package io.aquatrade.backtest;

/**
 * Equity of a strategy in an instrument (or of all strategies and instruments of one quote asset, with
 * {@code strategyId} and {@code instrument} "ALL") sampled at every multiple of the sampling interval since the
 * epoch: starting capital plus realised P&amp;L plus the open position marked at the last price, in quote asset
 * units (a double, for statistics and charts; the exact figures are in {@link PerformanceStats}). Each sample
 * includes every event stamped at or before its time.
 *
 * <p>Immutable; the arrays are never handed out.
 */
public final class EquityCurve {
    private final String strategyId;
    private final String instrument;
    private final String quoteAsset;
    private final double capital;
    private final long[] timesNs;
    private final double[] equity;

    /**
     * @param strategyId the strategy or "ALL"
     * @param instrument the instrument or "ALL"
     * @param quoteAsset the asset of the values
     * @param capital    starting equity, quote units
     * @param timesNs    sample times, increasing, UTC epoch ns (copied)
     * @param equity     equity at each sample, quote units (copied)
     * @throws IllegalArgumentException if the arrays differ in length
     */
    public EquityCurve(String strategyId, String instrument, String quoteAsset, double capital, long[] timesNs,
                       double[] equity) {
        this(strategyId, instrument, quoteAsset, capital, timesNs.clone(), equity.clone(), Owned.ARRAYS);
    }

    /** Keeps the arrays given: only for callers that hand them over and never change them again. */
    private EquityCurve(String strategyId, String instrument, String quoteAsset, double capital, long[] timesNs,
                        double[] equity, Owned owned) {
        if (timesNs.length != equity.length) {
            throw new IllegalArgumentException("times and equity differ in length");
        }
        this.strategyId = strategyId;
        this.instrument = instrument;
        this.quoteAsset = quoteAsset;
        this.capital = capital;
        this.timesNs = timesNs;
        this.equity = equity;
    }

    /**
     * As the constructor, but keeps the arrays instead of copying them (a run's curves have a sample every
     * timeframe; the curves of one run share one array of times): the caller never changes them again.
     *
     * @throws IllegalArgumentException if the arrays differ in length
     */
    static EquityCurve adopt(String strategyId, String instrument, String quoteAsset, double capital, long[] timesNs,
                             double[] equity) {
        return new EquityCurve(strategyId, instrument, quoteAsset, capital, timesNs, equity, Owned.ARRAYS);
    }

    /** Marks the constructor that keeps its arrays. */
    private enum Owned { ARRAYS }

    /** @return the strategy, or "ALL" */
    public String strategyId() {
        return strategyId;
    }

    /** @return the instrument, or "ALL" */
    public String instrument() {
        return instrument;
    }

    /** @return the quote asset of the values */
    public String quoteAsset() {
        return quoteAsset;
    }

    /** @return starting equity, quote units */
    public double capital() {
        return capital;
    }

    /** @return number of samples */
    public int size() {
        return timesNs.length;
    }

    /** @return time of sample i, UTC epoch ns */
    public long timeNs(int i) {
        return timesNs[i];
    }

    /** @return equity at sample i, quote units */
    public double equity(int i) {
        return equity[i];
    }

    /** @return a copy of the sample times */
    public long[] timesNs() {
        return timesNs.clone();
    }

    /** @return a copy of the equity values */
    public double[] values() {
        return equity.clone();
    }

    /**
     * @return drawdown at each sample: {@code (peak - equity) / peak} in percent, &gt;= 0, peak the running maximum
     * (starting at the capital)
     */
    public double[] drawdownPct() {
        double[] out = new double[equity.length];
        double peak = capital;
        for (int i = 0; i < equity.length; i++) {
            peak = Math.max(peak, equity[i]);
            out[i] = peak > 0 ? (peak - equity[i]) / peak * 100.0 : 0.0;
        }
        return out;
    }

    @Override
    public String toString() {
        return "EquityCurve{" + strategyId + " " + instrument + " " + quoteAsset + ", " + timesNs.length
                + " samples" + (equity.length == 0 ? "" : ", last " + equity[equity.length - 1]) + "}";
    }
}
