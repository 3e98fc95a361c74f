package io.aquatrade.backtest;

import java.math.BigDecimal;

import io.aquatrade.common.Side;

/**
 * A position of a strategy in an instrument still open when the backtest ended: its P&amp;L is unrealised, valued at
 * the mark (the last trade price, or the last bar close in a candle backtest). Money exact, in the quote asset.
 *
 * @param strategyId    the strategy
 * @param instrument    venue symbol
 * @param quoteAsset    asset of the money fields
 * @param side          {@link Side#BUY} for a long position, {@link Side#SELL} for a short one
 * @param entryTimeNs   event time of the fill that opened it, UTC epoch ns
 * @param entryPrice    quantity-weighted average price of its opening fills, quote per base
 * @param quantity      absolute position, base units
 * @param markPrice     price it is valued at, quote per base; 0 if no price was known (then valued at cost)
 * @param unrealizedPnl quantity x mark minus the cost basis (which includes the opening fees), signed for a short
 */
public record OpenPosition(String strategyId, String instrument, String quoteAsset, Side side, long entryTimeNs,
                           BigDecimal entryPrice, BigDecimal quantity, BigDecimal markPrice,
                           BigDecimal unrealizedPnl) {
}
