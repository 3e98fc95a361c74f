/**
 * The decision-engine process: turns strategy signals into orders under each strategy's risk rules.
 * {@link io.aquatrade.decision.DecisionEngine} is the business class (signals, executions and market data in,
 * orders out; it keeps each strategy's {@link io.aquatrade.decision.Ledger} and signed
 * {@link io.aquatrade.decision.Position}s, long or short, and carries out flatten-and-reverse as two orders). It
 * orchestrates package-private parts, each owning its state: {@code Entries} (every entry passes through
 * {@code Entries.enter}), {@code Sizer} (sizing within the instrument's filters and free capital), {@code Exits}
 * (whole-position and limit exits), {@code ProtectiveStops} (stop price, trailing stop, the engine's own stop-loss
 * check, the stop resting at the venue), {@code TakeProfitLadder}, {@code ScaleIn}, {@code RestingEntries},
 * {@code RiskActions} (the kill switch's reaction, the daily-loss flatten), {@code Denials}, {@code Rebuild}
 * (state at start-up), all sending through one {@code OrderSender}, over {@code Strategy}, {@code Market} and each
 * order's {@code OrderContext};
 * {@link io.aquatrade.decision.OrderTracker} holds each order's state (pending, accepted, partially filled, then
 * filled, cancelled, expired, rejected or timed out), deduplicates fills and forgets finished orders after a bound;
 * {@link io.aquatrade.decision.MarketableLimit} prices the limit orders of strategies configured with
 * {@code orderType: limit}; {@link io.aquatrade.decision.DecisionAgent} is its duty cycle over the queues, including
 * the rebuild of state at start-up; {@link io.aquatrade.decision.DecisionConfig} maps the {@code decision-engine}
 * config section (per strategy: {@code id, capital, orderFraction, stopLossBps, allowShort, orderType,
 * limitOffsetBps}, and the order-tracking bounds {@code orderTimeoutMs, finishedOrdersKept,
 * finishedOrderRetentionMs}); {@link io.aquatrade.decision.DecisionEngineMain} is the process entry. The rules
 * themselves (sizing, stop-loss) live in {@code io.aquatrade.decision.risk}.
 */
package io.aquatrade.decision;
