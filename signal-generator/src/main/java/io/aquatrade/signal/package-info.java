/**
 * The signal-generator process: trade ticks from the {@code market-data} topic become OHLCV bars on several timeframes
 * per instrument ({@link io.aquatrade.signal.BarAggregator}), indicators and strategy signals
 * ({@link io.aquatrade.signal.SignalEngine}, the business class, which also takes bars of a lower timeframe for
 * backtests over candle files), written to the {@code bars} and {@code signals} topics by
 * {@link io.aquatrade.signal.SignalAgent}. Trade context capture ({@link io.aquatrade.signal.TradeContextRecorder})
 * writes the bars around every fill of the {@code executions} topic. Configured by the {@code signal-generator} section
 * ({@link io.aquatrade.signal.SignalConfig}, {@link io.aquatrade.signal.StrategyConfig},
 * {@link io.aquatrade.signal.TradeContextConfig}); started by {@link io.aquatrade.signal.SignalGeneratorMain}.
 *
 * <p>Bars are built by event time on UTC-epoch-aligned boundaries and only for intervals that had trades.
 * Sub-packages: {@code indicator} (EMA, SMA, ATR, range, volume sentiment, session VWAP) and {@code strategy} (the
 * strategy contract, the strategies and the entry filters).
 */
package io.aquatrade.signal;
