/**
 * How fast Aquatrade's code is, measured apart from the tests: the JMH benchmark of the signal generator's hot path
 * (tick to bar to indicators to strategy, ticks/s and bytes allocated per tick: {@link
 * io.aquatrade.benchmarks.SignalEngineBenchmark}), and the {@code bin/aquatrade benchmark} command
 * ({@link io.aquatrade.benchmarks.BenchmarkMain}) that times a full backtest of an EMA-cross strategy over recorded
 * 5m bars against ta4j 0.17 running the same rule on the same bars. See the module's README for how to run them and
 * the numbers measured.
 */
package io.aquatrade.benchmarks;
