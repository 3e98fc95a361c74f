package io.aquatrade.backtest;

import java.math.BigDecimal;

import io.aquatrade.common.Side;

/**
 * One round trip of a strategy in an instrument: from flat to flat. A fill that flips the position (long to short
 * in one fill) closes one round trip and opens the next with the rest of its quantity. Money is exact, in the
 * instrument's quote asset.
 *
 * @param strategyId  the strategy
 * @param instrument  venue symbol
 * @param quoteAsset  asset of {@code pnl} and {@code fees}
 * @param side        {@link Side#BUY} for a long round trip, {@link Side#SELL} for a short one
 * @param entryTimeNs event time of the first fill, UTC epoch ns
 * @param entryPrice  quantity-weighted average price of the opening fills, quote per base
 * @param exitTimeNs  event time of the fill that made the position flat, UTC epoch ns
 * @param exitPrice   quantity-weighted average price of the closing fills, quote per base
 * @param quantity    largest absolute position held during the round trip, base units
 * @param pnl         realised P&amp;L net of every fee of the round trip (average-cost booking, as the router's
 *                    {@code Position})
 * @param fees        fees of the round trip's fills (a flipping fill's fee split by quantity)
 */
public record RoundTrip(String strategyId, String instrument, String quoteAsset, Side side, long entryTimeNs,
                        BigDecimal entryPrice, long exitTimeNs, BigDecimal exitPrice, BigDecimal quantity,
                        BigDecimal pnl, BigDecimal fees) {
}
