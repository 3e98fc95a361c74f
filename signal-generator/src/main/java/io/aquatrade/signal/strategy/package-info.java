/**
 * Trading strategies, rules that look at each closed bar and emit signals, and the entry filters that gate them.
 *
 * <p>Shape: a {@link io.aquatrade.signal.strategy.Strategy} instance serves one config entry on one instrument and
 * keeps its own state (and its own indicator objects when it needs other periods than the
 * {@link io.aquatrade.signal.indicator.IndicatorSet}'s); the engine calls
 * {@link io.aquatrade.signal.strategy.Strategy#onBar} for every closed bar of that instrument on the entry's timeframe,
 * in event-time order, with the instrument's indicator set on that timeframe and a
 * {@link io.aquatrade.signal.strategy.SignalSink} bound to the strategy's id. Several strategies may run on one
 * instrument, on different timeframes. Types: {@link io.aquatrade.signal.strategy.VwapMomentumStrategy}
 * ({@code vwap-momentum}), {@link io.aquatrade.signal.strategy.MaCrossStrategy} ({@code ma-cross}),
 * {@link io.aquatrade.signal.strategy.EmaCrossStrategy} ({@code ema-cross}).
 *
 * <p>Entry filters ({@link io.aquatrade.signal.strategy.EntryFilter}) are not strategies: a strategy entry lists them
 * under {@code filters:} and every LONG or SHORT it emits must pass each one; exits are never gated.
 * Types: {@link io.aquatrade.signal.strategy.EmaTrendFilter} ({@code ema-trend}),
 * {@link io.aquatrade.signal.strategy.ConfirmTimeframesFilter} ({@code confirm-timeframes}, reads other timeframes
 * through {@link io.aquatrade.signal.strategy.TimeframeIndicators}), {@link io.aquatrade.signal.strategy.ChopFilter}
 * ({@code chop}).
 *
 * <p>Config: each {@code signal-generator.strategies[]} entry has an {@code id}, a {@code type}, {@code instruments},
 * optionally {@code timeframe} and {@code filters}; every other key is a parameter of that type, validated by the
 * type's parser in {@link io.aquatrade.signal.strategy.StrategyTypes}, which turns them into a typed, validated
 * {@link io.aquatrade.signal.strategy.StrategyFactory} (a record); filters likewise through
 * {@link io.aquatrade.signal.strategy.EntryFilters} into {@link io.aquatrade.signal.strategy.EntryFilterFactory}
 * records. Values are read by {@link io.aquatrade.signal.strategy.ConfigValues}. Adding a type = one class with a
 * {@code Params} record and one line in the registry.
 */
package io.aquatrade.signal.strategy;
