package io.aquatrade.decision;

import java.math.RoundingMode;

import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.LiquiditySide;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.Side;
import io.aquatrade.common.SubmitOrder;

/**
 * Builds the execution report a paper venue would write for a market order, by the rounding rules of docs/money.md:
 * fill at the last trade price plus slippage (price rounded up for a buy, down for a sell), notional rounded against
 * the account, fee rounded up, charged in the quote asset. XRPETH scales: price 8, size 0, ETH 8.
 */
final class RouterLikeFills {
    private RouterLikeFills() {
    }

    /** @return the fill price: last x (1 +- slippageBps/10000), rounded against the account */
    static long fillPrice(Side side, long lastPrice, int slippageBps) {
        return side == Side.BUY
                ? FixedPoint.multiply(lastPrice, 8, 10_000 + slippageBps, 4, 8, RoundingMode.UP)
                : FixedPoint.multiply(lastPrice, 8, 10_000 - slippageBps, 4, 8, RoundingMode.DOWN);
    }

    /** A complete fill of the order at the last price with slippage, fee in ETH. */
    static OrderFilled fill(SubmitOrder order, long lastPrice, int slippageBps, int feeBps, String tradeId) {
        long price = fillPrice(order.side(), lastPrice, slippageBps);
        return fillAt(order, price, order.quantity(), feeBps, tradeId, true);
    }

    /** A (partial) fill at an exact price, fee in ETH. */
    static OrderFilled fillAt(SubmitOrder order, long price, long quantity, int feeBps, String tradeId,
                              boolean last) {
        RoundingMode against = order.side() == Side.BUY ? RoundingMode.UP : RoundingMode.DOWN;
        long notional = FixedPoint.multiply(price, 8, quantity, 0, 8, against);
        long fee = FixedPoint.multiply(notional, 8, feeBps, 4, 8, RoundingMode.UP);
        return new OrderFilled()
                .clientOrderId(order.clientOrderId())
                .venueOrderId("paper-" + order.clientOrderId())
                .tradeId(tradeId)
                .strategyId(order.strategyId())
                .instrument(order.instrument())
                .side(order.side())
                .fillPrice(price)
                .fillQuantity(quantity)
                .quoteQuantity(notional)
                .cumulativeQuantity(last ? order.quantity() : quantity)
                .leavesQuantity(last ? 0 : Math.max(1, order.quantity() - quantity))
                .fee(fee)
                .feeAsset("ETH")
                .liquiditySide(LiquiditySide.TAKER)
                .last(last)
                .eventTimeNs(order.eventTimeNs());
    }
}
