/**
 * Operator tools over the topics: {@code tail} prints any topic one readable line per message, {@code summary}
 * counts what a run produced (orders by final state, denials by reason, open orders and positions) and reports
 * balances and P&amp;L, {@code status} ({@link io.aquatrade.tools.StatusCollector},
 * {@link io.aquatrade.tools.StatusReport}) says from the heartbeat files and the topics whether every process is
 * alive and every feed fresh, and what the account holds and made today, and {@code dashboard} serves that report and
 * charts on 127.0.0.1. They only read queues; only {@code kill-switch} and the dashboard's kill-switch button (through
 * {@link io.aquatrade.tools.KillSwitchCommand}) write, on {@code control}. {@link io.aquatrade.tools.OrderStates} is
 * shared with the backtest report.
 */
package io.aquatrade.tools;
