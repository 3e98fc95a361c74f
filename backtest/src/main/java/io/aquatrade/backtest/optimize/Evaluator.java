package io.aquatrade.backtest.optimize;

import io.aquatrade.backtest.Backtest;
import io.aquatrade.backtest.MarketHistory;
import io.aquatrade.backtest.PerformanceStats;

/**
 * Scores one variant over a time range: normally one {@link Backtest#run} over a shared {@link MarketHistory}
 * ({@link #backtest}). Called from several threads at once, each call with its own variant; an implementation must
 * be deterministic (the same variant and range give the same statistics) for a parallel search to equal a
 * sequential one.
 */
@FunctionalInterface
public interface Evaluator {
    /**
     * @param variant the variant, with its validated config
     * @param fromNs  first event time included, UTC epoch ns (Long.MIN_VALUE for all)
     * @param toNs    first event time excluded, UTC epoch ns (Long.MAX_VALUE for all)
     * @return the statistics over all strategies and instruments
     */
    PerformanceStats evaluate(Variant variant, long fromNs, long toNs);

    /**
     * @param history the data every variant runs over; immutable, shared by all threads
     * @return an evaluator returning {@link io.aquatrade.backtest.BacktestReport#total()} of one backtest per call
     */
    static Evaluator backtest(MarketHistory history) {
        return (variant, fromNs, toNs) -> Backtest.run(variant.config(), history, fromNs, toNs).total();
    }
}
