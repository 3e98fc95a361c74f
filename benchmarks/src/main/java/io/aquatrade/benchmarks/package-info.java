/** JMH benchmarks of the hot path and the backtest timing command. */
package io.aquatrade.benchmarks;
