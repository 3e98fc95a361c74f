/**
 * Backtests and parameter optimisation: the signal-generator, decision-engine and order-router business classes
 * wired directly in one process over recorded history, in the same event-time order the four processes keep.
 */
package io.aquatrade.backtest;
