/**
 * Trading strategies: rules that look at each closed bar and the instrument's indicators and emit signals.
 *
 * <p>Shape: a {@link io.aquatrade.signal.strategy.Strategy} instance serves one config entry on one instrument and
 * keeps its own state; the engine calls {@link io.aquatrade.signal.strategy.Strategy#onBar} for every closed bar of
 * that instrument, in event-time order, with the instrument's {@link io.aquatrade.signal.indicator.IndicatorSet} and
 * a {@link io.aquatrade.signal.strategy.SignalSink} bound to the strategy's id. Several strategies may run on one
 * instrument. A strategy that later wants several timeframes receives the bars of each and tells them apart by
 * {@link io.aquatrade.common.Bar#timeframeMs()}.
 *
 * <p>Config: each {@code signal-generator.strategies[]} entry has an {@code id}, a {@code type} and
 * {@code instruments}; every other key is a parameter of that type, validated by the type's parser in
 * {@link io.aquatrade.signal.strategy.StrategyTypes}, which turns them into a typed, validated
 * {@link io.aquatrade.signal.strategy.StrategyFactory} (a record). Adding a type = one class with a {@code Params}
 * record and one line in {@code StrategyTypes}.
 */
package io.aquatrade.signal.strategy;
