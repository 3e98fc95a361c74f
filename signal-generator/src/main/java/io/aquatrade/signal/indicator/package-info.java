/**
 * Technical indicators computed by the signal generator on closed bars: exponential and simple moving averages of
 * closes ({@link io.aquatrade.signal.indicator.Ema}, {@link io.aquatrade.signal.indicator.Sma}), the session VWAP
 * anchored to the UTC day ({@link io.aquatrade.signal.indicator.SessionVwap}), the exact volume-weighted sum they and
 * the bars share ({@link io.aquatrade.signal.indicator.VwapAccumulator}), and the per-instrument bundle strategies
 * read ({@link io.aquatrade.signal.indicator.IndicatorSet}).
 *
 * <p>Indicator math is in {@code double} in quote units (a price mantissa divided by 10^priceDecimals); the inputs
 * that feed it (closes, volumes, sums of price x quantity) are exact. Every indicator has a warm-up: before it is
 * {@link io.aquatrade.signal.indicator.Indicator#isReady() ready} its value is {@code NaN}, so nothing half-formed is
 * ever reported. Indicators are single-threaded and allocation-free after construction.
 */
package io.aquatrade.signal.indicator;
