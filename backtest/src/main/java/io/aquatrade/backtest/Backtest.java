package io.aquatrade.backtest;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.BarListener;

/**
 * Runs the signal-generator, decision-engine and order-router business classes of the four processes in one thread
 * over a {@link MarketHistory}, through the very kernel the processes run: each component behind its process's cycle
 * ({@code SignalCycle}, {@code DecisionCycle}, {@code RouterCycle}: the same {@code Sequencer} inputs, priorities,
 * quiet rules, {@code Progress} watermarks and end of stream), over in-memory topics
 * ({@link io.aquatrade.common.MemoryTopic}) instead of Chronicle queues. The conservative event-time merge does not
 * depend on how fast each component runs, so stepping them in turn on one thread gives the orders and fills of a
 * 4-process replay of the same data by construction ({@code system-tests/BacktestParityIT} checks it).
 *
 * <h2>Input</h2>
 * Ticks go on the {@code market-data} topic with the replay's watermarks (the next row's event time). Candle files
 * go in as bars on an input-bars topic, which the signal engine reads in place of market data (merging them into its
 * timeframes), and as a trade at each bar's close price stamped with its close time on {@code market-data}, for the
 * router and the decision engine: a candle backtest fills at the close of the signal bar, plus the paper venue's
 * slippage. At the end the last, partial bar of a tick backtest is not closed (as in the processes).
 *
 * <h2>Books</h2>
 * The report reads the topics: bars and orders as written, market data (marks) and executions (fills) merged in event
 * time. Equity is sampled at every multiple of the signal timeframe, each sample holding every fill and mark up to its
 * time; see {@link BacktestReport} and {@link PerformanceStats} for what is computed, {@link Performance} for the
 * formulas.
 */
public final class Backtest {
    private Backtest() {
    }

    /**
     * Runs one backtest. Thread-confined: many may run at once on the same history.
     *
     * @param config  full config: instruments, assets, signal-generator, decision-engine and order-router sections
     * @param history the data
     * @param fromNs  first event time included, UTC epoch ns (Long.MIN_VALUE for all)
     * @param toNs    first event time excluded, UTC epoch ns (Long.MAX_VALUE for all)
     * @return fills, round trips, equity curve and statistics
     * @throws io.aquatrade.common.ConfigException naming the field if a section is missing or invalid
     */
    public static BacktestReport run(AquatradeConfig config, MarketHistory history, long fromNs, long toNs) {
        return new BacktestRun(config, history, false, null).run(fromNs, toNs);
    }

    /**
     * Runs one backtest as {@link #run(AquatradeConfig, MarketHistory, long, long)} and, when
     * {@code signal-generator.tradeContext} is configured, writes the trade context file of every fill (the bars
     * before and after it with their indicator values) as the signal-generator process does. Not for parallel runs
     * that share a trade-context directory.
     */
    public static BacktestReport runWithTradeContext(AquatradeConfig config, MarketHistory history, long fromNs,
                                                     long toNs) {
        return runWithTradeContext(config, history, fromNs, toNs, null);
    }

    /**
     * Runs one backtest as {@link #runWithTradeContext(AquatradeConfig, MarketHistory, long, long)} and hands every
     * bar the signal engine closes (all instruments and timeframes, with their indicator values, exactly what the
     * signal-generator process writes to its {@code bars} topic) to {@code bars}, e.g. a
     * {@link io.aquatrade.tools.BarCsvWriter} for {@code --export bars}.
     *
     * @param bars gets every closed bar, on the calling thread; the bar is reused after the call; null for none
     */
    public static BacktestReport runWithTradeContext(AquatradeConfig config, MarketHistory history, long fromNs,
                                                     long toNs, BarListener bars) {
        return new BacktestRun(config, history, true, bars).run(fromNs, toNs);
    }
}
