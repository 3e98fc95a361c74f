/**
 * The contract every Aquatrade process shares: the messages on each topic ({@link io.aquatrade.common.TradeTick},
 * {@link io.aquatrade.common.Bar}, {@link io.aquatrade.common.SubmitOrder}, {@link io.aquatrade.common.OrderFilled}
 * ...), one listener interface per topic, exact fixed-point money ({@link io.aquatrade.common.FixedPoint}), and the
 * plumbing to open topics, read them in event-time order, run an agent's duty cycle and load validated config.
 * Errors go to one {@link io.aquatrade.common.ErrorHandler} per process; a message whose listener keeps throwing is
 * dead-lettered and skipped, or halts the process, under its reader's {@link io.aquatrade.common.PoisonMessagePolicy}.
 * Logic reads time only from the injected {@link io.aquatrade.common.EpochClock}.
 *
 * <p>Conventions: prices and quantities are {@code long} mantissas scaled by the instrument's decimals (see
 * {@link io.aquatrade.common.Instrument}); asset amounts are scaled by the asset's decimals; times are UTC epoch
 * nanoseconds in fields ending {@code Ns}. Messages are mutable and reused: copy what you keep.
 */
package io.aquatrade.common;
