/**
 * Technical indicators computed by the signal generator on closed bars, each with its formula's source and warm-up in
 * its Javadoc: exponential and simple moving averages of closes ({@link io.aquatrade.signal.indicator.Ema},
 * {@link io.aquatrade.signal.indicator.Sma}), Wilder's average true range ({@link io.aquatrade.signal.indicator.Atr}),
 * the high-low range of the last N bars ({@link io.aquatrade.signal.indicator.HighLowRange}), the volume sentiment
 * from buy and sell volume ({@link io.aquatrade.signal.indicator.VolumeSentiment}), the session VWAP anchored to the
 * UTC day ({@link io.aquatrade.signal.indicator.SessionVwap}) and the exact volume-weighted sum it and the bars share
 * ({@link io.aquatrade.signal.indicator.VwapAccumulator}); crossings of two series
 * ({@link io.aquatrade.signal.indicator.Cross}) and the exact side of a close against its SMA
 * ({@link io.aquatrade.signal.indicator.CloseVersusSma}); and the per-instrument, per-timeframe bundle strategies
 * read ({@link io.aquatrade.signal.indicator.IndicatorSet}).
 *
 * <p>Indicator math is in {@code double} in quote units (a price mantissa divided by 10^priceDecimals); the inputs
 * that feed it (closes, ranges, true ranges, volumes, sums of price x quantity) are exact. Every indicator has a
 * warm-up: before it is {@link io.aquatrade.signal.indicator.Indicator#isReady() ready} its value is {@code NaN}, so
 * nothing half-formed is ever reported. EMA, SMA, ATR and the high/low range equal ta4j 0.17's to 1e-9 relative on the
 * repository's real candles (the tests use ta4j as an oracle). Indicators are single-threaded and allocation-free
 * after construction.
 */
package io.aquatrade.signal.indicator;
