/**
 * The market-data process: {@link io.aquatrade.marketdata.MarketDataMain} wires config, a
 * {@link io.aquatrade.marketdata.TickSource} (a replay of recorded files, see the {@code replay} package, or Binance
 * live, see the {@code binance} package) and the {@link io.aquatrade.marketdata.MarketDataAgent}, which writes
 * trade and quote ticks and {@link io.aquatrade.common.Progress} watermarks to the {@code market-data} topic.
 * Every source passes its ticks through one {@link io.aquatrade.marketdata.TickValidator}, so that nothing
 * unparsable, unrepresentable or implausible reaches the topic.
 */
package io.aquatrade.marketdata;
