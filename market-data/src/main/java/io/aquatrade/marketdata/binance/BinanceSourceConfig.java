package io.aquatrade.marketdata.binance;

/**
 * The {@code market-data.binance} config section. SKELETON: to be completed by the Binance live-source work.
 *
 * @param streamUri     websocket base address, default {@code wss://stream.binance.com:9443/}
 * @param restUri       REST base address, default {@code https://api.binance.com}
 * @param queueCapacity bound of the hand-off queue from the I/O threads to the agent thread
 */
public record BinanceSourceConfig(String streamUri, String restUri, int queueCapacity) {
}
