/**
 * Parameter optimisation over backtests: the {@code optimize} config section ({@link
 * io.aquatrade.backtest.optimize.OptimizeConfig}), the parameter space it declares as dotted paths into the config
 * ({@link io.aquatrade.backtest.optimize.ParameterSpace}), grid and seeded random search run in parallel and ranked by
 * an {@link io.aquatrade.backtest.optimize.Objective} ({@link io.aquatrade.backtest.optimize.ParameterSearch}),
 * walk-forward analysis ({@link io.aquatrade.backtest.optimize.WalkForward}) and the CSV reports
 * ({@link io.aquatrade.backtest.optimize.OptimizeCsv}).
 *
 * <p>A variant is the base config with some values replaced in its YAML tree and re-validated by every process
 * section, so an optimisation can only ever run configurations the processes themselves would accept. Each variant
 * is one {@link io.aquatrade.backtest.Backtest#run} over one shared, immutable
 * {@link io.aquatrade.backtest.MarketHistory}; results are collected in variant order, so a parallel search returns
 * exactly what a sequential one does.
 */
package io.aquatrade.backtest.optimize;
