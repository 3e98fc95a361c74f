package io.aquatrade.backtest;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.BarListener;

/**
 * Runs the signal-generator, decision-engine and order-router business classes of the four processes directly
 * wired in one thread over a {@link MarketHistory}, in the event-time order the processes keep, so that the orders
 * and fills equal those of a 4-process replay of the same data.
 *
 * <h2>Order of events (tick input)</h2>
 * The processes merge their inputs by event time, ties by input priority (order-router: market data before orders;
 * decision-engine: signals, then executions, then market data), and stamp every output with the event time of the
 * input that caused it. For each event time t of the history (all ticks stamped t together, in file order):
 * <ol>
 *   <li>the signal engine closes the bars ending before t ({@code advanceTo(t - 1)}); their signals, grouped by
 *       close time, go to the decision engine; after each group its orders are executed by the router and the
 *       executions returned to the decision engine, in order;</li>
 *   <li>the router applies every tick stamped t;</li>
 *   <li>the signal engine closes bars ending exactly at t, then takes the ticks; the signals of bars closed at t
 *       are decided on and executed as in 1 (so an order caused by a bar closing at t fills at the last price of
 *       t, as in the processes, where the router applies market data at t before orders at t);</li>
 *   <li>the decision engine sees each tick stamped t (stop-losses); the orders it sends are executed, and the
 *       executions returned, before its next tick.</li>
 * </ol>
 * At the end the last, partial bar is not closed (as in the processes).
 *
 * <h2>Bar input</h2>
 * For bars closing at C (all instruments together): the router sees a trade at each bar's close price stamped C,
 * then each bar goes to the signal engine, the signals are decided on and executed, then the decision engine sees
 * the same trades. So a candle backtest fills at the close of the signal bar, plus the paper venue's slippage.
 *
 * <h2>Books</h2>
 * Equity is sampled at every multiple of the signal timeframe; see {@link BacktestReport} and
 * {@link PerformanceStats} for what is computed, {@link Performance} for the formulas.
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
