package io.aquatrade.backtest.optimize;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import io.aquatrade.backtest.PerformanceStats;
import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.ConfigException;

/**
 * Rolling walk-forward analysis (Pardo 2008, ch. 11): for each window, every variant is backtested over the
 * in-sample range and the best by the objective is chosen; that one variant is then backtested over the following
 * out-of-sample range, which it has not seen. The out-of-sample results, not the in-sample ones, estimate how the
 * optimisation would have done; a large gap between the two means over-fitting.
 *
 * <p>Each backtest starts flat with the configured capital and cold indicators at the start of its range, so
 * each window's P&amp;L stands alone and indicators warm up inside it.
 */
public final class WalkForward {
    private WalkForward() {
    }

    /**
     * One window's times, UTC epoch ns: in-sample [inSampleFromNs, inSampleToNs), out-of-sample
     * [inSampleToNs, outOfSampleToNs).
     *
     * @param index           0, 1, ... in time order
     * @param inSampleFromNs  first in-sample time included
     * @param inSampleToNs    first in-sample time excluded, which is the first out-of-sample time included
     * @param outOfSampleToNs first out-of-sample time excluded
     */
    public record Window(int index, long inSampleFromNs, long inSampleToNs, long outOfSampleToNs) {
        /** @return the first out-of-sample time included: {@link #inSampleToNs()} */
        public long outOfSampleFromNs() {
            return inSampleToNs;
        }
    }

    /**
     * Lays rolling windows over [firstNs, endNs): the first in-sample range starts at the first multiple of
     * {@code alignMs} since the epoch at or after {@code firstNs} (a bar boundary, when {@code alignMs} is the bar
     * timeframe, so no window starts with a partial bar); window k's in-sample range starts {@code k * step} later
     * and lasts {@code inSample}; its out-of-sample range follows and lasts {@code outOfSample}, cut at
     * {@code endNs} for the last window. Windows are added while their out-of-sample range is not empty. Since
     * step = outOfSample, the out-of-sample ranges are contiguous and do not overlap, and together cover
     * [start + inSample, endNs).
     *
     * @param firstNs first event time of the history, UTC epoch ns
     * @param endNs   end of the history, exclusive (last event time + 1), UTC epoch ns
     * @param alignMs the first window starts on a multiple of this, ms, &gt;= 1 (1: the first event's millisecond,
     *                rounded up)
     * @param config  window lengths
     * @return the windows in time order, at least one
     * @throws ConfigException naming {@code optimize.walkForward.inSample} if the history is too short for one
     * @throws IllegalArgumentException if alignMs &lt; 1
     */
    public static List<Window> windows(long firstNs, long endNs, long alignMs, WalkForwardConfig config) {
        if (alignMs < 1) {
            throw new IllegalArgumentException("alignMs >= 1, was " + alignMs);
        }
        long alignNs = Math.multiplyExact(alignMs, 1_000_000L);
        long start = Math.multiplyExact(Math.floorDiv(firstNs, alignNs), alignNs);
        if (start < firstNs) {
            start += alignNs;
        }
        long inNs = Math.multiplyExact(config.inSampleMs(), 1_000_000L);
        long outNs = Math.multiplyExact(config.outOfSampleMs(), 1_000_000L);
        long stepNs = Math.multiplyExact(config.stepMs(), 1_000_000L);
        List<Window> out = new ArrayList<>();
        for (long from = start; from + inNs < endNs; from += stepNs) {
            long inTo = from + inNs;
            out.add(new Window(out.size(), from, inTo, Math.min(inTo + outNs, endNs)));
        }
        if (out.isEmpty()) {
            throw new ConfigException(OptimizeConfig.SECTION + ".walkForward.inSample", "shorter than the history ("
                    + AquatradeConfig.formatDurationMs(Math.max(1, (endNs - start) / 1_000_000L))
                    + " from the first window's start), so that an out-of-sample window follows it, was "
                    + AquatradeConfig.formatDurationMs(config.inSampleMs()));
        }
        return out;
    }

    /**
     * One window's outcome.
     *
     * @param window               the window
     * @param inSample             the best variant in-sample (rank 1 of the in-sample search)
     * @param outOfSample          that variant's statistics out-of-sample
     * @param outOfSampleObjective the objective's score of {@code outOfSample}
     */
    public record WindowResult(Window window, SearchResult inSample, PerformanceStats outOfSample,
                               double outOfSampleObjective) {
    }

    /**
     * Averages that show over-fitting.
     *
     * @param objective                the objective
     * @param windows                  number of windows
     * @param meanInSampleObjective    mean of the windows' best in-sample scores, over the finite ones (NaN if none)
     * @param meanOutOfSampleObjective mean of the out-of-sample scores, over the finite ones (NaN if none)
     * @param efficiency               walk-forward efficiency: mean out-of-sample over mean in-sample objective
     *                                 (Pardo); near 1 means the fit carries over, near 0 or negative means it does
     *                                 not; NaN unless the mean in-sample objective is &gt; 0
     * @param totalOutOfSampleNetPnl   sum of the out-of-sample net P&amp;Ls, each from a fresh start, quote asset
     * @param outOfSampleTrades        sum of the out-of-sample round trips
     * @param quoteAsset               the asset of the P&amp;L
     */
    public record Summary(Objective objective, int windows, double meanInSampleObjective,
                          double meanOutOfSampleObjective, double efficiency, BigDecimal totalOutOfSampleNetPnl,
                          int outOfSampleTrades, String quoteAsset) {
    }

    /**
     * A walk-forward analysis's outcome.
     *
     * @param windows per window, in time order
     * @param summary the averages
     */
    public record Report(List<WindowResult> windows, Summary summary) {
    }

    /**
     * Runs the analysis.
     *
     * @param search   runs and ranks the in-sample variants (in parallel); its evaluator scores out-of-sample
     * @param variants the variants to choose from in each window
     * @param windows  the windows, e.g. from {@link #windows}
     * @return per-window results and the summary
     * @throws IllegalStateException if an evaluation fails
     */
    public static Report run(ParameterSearch search, List<Variant> variants, List<Window> windows) {
        List<WindowResult> results = new ArrayList<>(windows.size());
        for (Window w : windows) {
            SearchResult best = search.run(variants, w.inSampleFromNs(), w.inSampleToNs()).get(0);
            PerformanceStats oos = search.evaluator().evaluate(best.variant(), w.outOfSampleFromNs(),
                    w.outOfSampleToNs());
            results.add(new WindowResult(w, best, oos, search.objective().score(oos)));
        }
        return new Report(List.copyOf(results), summarize(search.objective(), results));
    }

    /**
     * @param objective the objective
     * @param results   per-window results
     * @return their summary
     */
    public static Summary summarize(Objective objective, List<WindowResult> results) {
        double inSum = 0;
        int inN = 0;
        double outSum = 0;
        int outN = 0;
        BigDecimal pnl = BigDecimal.ZERO;
        int trades = 0;
        String quote = "";
        for (WindowResult r : results) {
            if (Double.isFinite(r.inSample().objective())) {
                inSum += r.inSample().objective();
                inN++;
            }
            if (Double.isFinite(r.outOfSampleObjective())) {
                outSum += r.outOfSampleObjective();
                outN++;
            }
            if (r.outOfSample().netPnl() != null) {
                pnl = pnl.add(r.outOfSample().netPnl());
            }
            trades += r.outOfSample().tradeCount();
            if (quote.isEmpty() && r.outOfSample().quoteAsset() != null) {
                quote = r.outOfSample().quoteAsset();
            }
        }
        double meanIn = inN == 0 ? Double.NaN : inSum / inN;
        double meanOut = outN == 0 ? Double.NaN : outSum / outN;
        double efficiency = meanIn > 0 ? meanOut / meanIn : Double.NaN;
        return new Summary(objective, results.size(), meanIn, meanOut, efficiency, pnl, trades, quote);
    }
}
