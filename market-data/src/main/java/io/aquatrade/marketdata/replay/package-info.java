/**
 * Replays of recorded market data: readers that turn one recorded file into {@link io.aquatrade.common.TradeTick}s
 * and {@link io.aquatrade.common.QuoteTick}s ({@link io.aquatrade.marketdata.replay.FreqtradeTradesReader},
 * {@link io.aquatrade.marketdata.replay.AggTradesCsvReader}, {@link io.aquatrade.marketdata.replay.BinanceCaptureReader}),
 * and {@link io.aquatrade.marketdata.replay.ReplaySource}, which merges several files by event time into one
 * non-decreasing stream and paces it.
 *
 * <p>Every price and quantity is parsed exactly from its decimal text with {@link io.aquatrade.common.FixedPoint},
 * at the configured instrument's decimals: a value with more decimals than the instrument allows is a malformed
 * record, never rounded. A malformed record is logged with its file and line or record number, counted and
 * skipped; it never stops the replay.
 */
package io.aquatrade.marketdata.replay;
