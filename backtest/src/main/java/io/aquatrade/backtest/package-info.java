/**
 * Backtests and parameter optimisation: the signal-generator, decision-engine and order-router business classes
 * wired directly in one process over recorded history, in the same event-time order the four processes keep, so a
 * backtest's orders and fills equal a 4-process replay's.
 *
 * <p>{@link io.aquatrade.backtest.MarketHistory} loads ticks (market-data's replay formats) or bars (candle files)
 * once, immutable and shared; {@link io.aquatrade.backtest.Backtest#run} runs one backtest and returns a
 * {@link io.aquatrade.backtest.BacktestReport} (orders, fills, round trips, equity curves,
 * {@link io.aquatrade.backtest.PerformanceStats}; formulas in {@link io.aquatrade.backtest.Performance});
 * {@link io.aquatrade.backtest.ReportFiles} and {@link io.aquatrade.backtest.HtmlReport} write it out;
 * {@link io.aquatrade.backtest.BacktestMain} is the {@code backtest} command. Sub-package {@code optimize}: grid,
 * random and walk-forward search over strategy parameters.
 */
package io.aquatrade.backtest;
