/**
 * The decision engine's risk rules, as pure functions on exact mantissas: how large an entry order may be
 * ({@link io.aquatrade.decision.risk.FixedFractionSizing}) and when a long or short position is stopped out
 * ({@link io.aquatrade.decision.risk.StopLoss}). Nothing here keeps state between calls or allocates on the tick path.
 */
package io.aquatrade.decision.risk;
