package io.aquatrade.fakebinance;

import java.math.BigDecimal;

/**
 * One fill of an order, as {@code GET /api/v3/myTrades} shows it.
 *
 * @param symbol          the symbol
 * @param id              trade id, from 1, unique in the exchange
 * @param orderId         the order filled
 * @param price           quote per base unit
 * @param qty             base units
 * @param quoteQty        price x qty, quote asset, exact
 * @param commission      commission, in commissionAsset: the asset received (base for a buy, quote for a sell),
 *                        received amount x the commission rate rounded half-up to 8 decimals
 * @param commissionAsset the asset the commission is in
 * @param timeMs          when it happened, server clock, UTC epoch ms
 * @param buyer           true for a buy
 * @param maker           true when the order rested and a recorded trade printed through it
 */
public record Fill(String symbol, long id, long orderId, BigDecimal price, BigDecimal qty, BigDecimal quoteQty,
                   BigDecimal commission, String commissionAsset, long timeMs, boolean buyer, boolean maker) {
}
