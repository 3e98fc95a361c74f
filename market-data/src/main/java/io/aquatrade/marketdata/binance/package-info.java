/**
 * The live Binance spot source of market-data: {@link io.aquatrade.marketdata.binance.BinanceStreamSource} streams
 * every configured instrument's trades and best bid/ask over one websocket through XChange's Binance streaming client,
 * converts them exactly into mantissas off the agent thread and hands them over through a bounded queue;
 * {@link io.aquatrade.marketdata.binance.BinanceSourceConfig} is its {@code market-data.binance} config section.
 * Venue-to-domain conversions live in {@code BinanceStreamAdapters}; the strict-JSON rules it shares with the replay
 * of a capture, in {@link io.aquatrade.marketdata.binance.BinanceJson}.
 */
package io.aquatrade.marketdata.binance;
