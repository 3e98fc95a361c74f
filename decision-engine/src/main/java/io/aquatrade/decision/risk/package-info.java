/**
 * The decision engine's risk rules, on exact mantissas: how large an entry order may be
 * ({@link io.aquatrade.decision.risk.FixedFractionSizing}, {@link io.aquatrade.decision.risk.Sizing}), when a long or
 * short position is stopped out ({@link io.aquatrade.decision.risk.StopLoss}), and the pre-trade checks every entry
 * passes ({@link io.aquatrade.decision.risk.RiskEngine}, configured by {@link io.aquatrade.decision.risk.RiskConfig}):
 * daily loss, trades per day, exposure, open positions, cooldown, capital rule, stale data, spread and the kill
 * switch. The sizing and stop functions keep no state; the risk engine keeps per-day, per-strategy and
 * per-instrument state fed by events. Nothing here allocates on the tick path.
 */
package io.aquatrade.decision.risk;
