/**
 * The signal-generator process: trade ticks from the {@code market-data} topic become OHLCV bars
 * ({@link io.aquatrade.signal.BarAggregator}), indicators and strategy signals ({@link io.aquatrade.signal.SignalEngine},
 * the business class), written to the {@code bars} and {@code signals} topics by
 * {@link io.aquatrade.signal.SignalAgent}. Configured by the {@code signal-generator} section
 * ({@link io.aquatrade.signal.SignalConfig}); started by {@link io.aquatrade.signal.SignalGeneratorMain}.
 *
 * <p>Bars are built by event time on UTC-epoch-aligned boundaries and only for intervals that had trades.
 * Sub-packages: {@code indicator} (EMA, SMA, session VWAP) and {@code strategy} (the strategy contract and the
 * strategies).
 */
package io.aquatrade.signal;
