package io.aquatrade.router;

import io.aquatrade.common.OrderType;
import io.aquatrade.common.Side;
import io.aquatrade.common.SubmitOrder;
import io.aquatrade.common.TimeInForce;

/** Builds orders as the decision engine would write them (strategy vwap-momentum, instrument XRPETH). */
public final class TestOrders {
    /** The strategy id of the sample config. */
    public static final String STRATEGY = "vwap-momentum";
    /** The instrument of the sample config. */
    public static final String XRPETH = "XRPETH";

    private TestOrders() {
    }

    /** A market order of {@code quantity} XRP. */
    public static SubmitOrder market(String clientOrderId, Side side, long quantity, long eventTimeNs) {
        return new SubmitOrder().clientOrderId(clientOrderId).strategyId(STRATEGY).instrument(XRPETH).side(side)
                .orderType(OrderType.MARKET).timeInForce(TimeInForce.IOC).quantity(quantity).reason("signal")
                .eventTimeNs(eventTimeNs);
    }

    /** A limit order of {@code quantity} XRP at {@code limitPrice} (price mantissa, 8 decimals). */
    public static SubmitOrder limit(String clientOrderId, Side side, long quantity, long limitPrice,
                                    long eventTimeNs) {
        return market(clientOrderId, side, quantity, eventTimeNs).orderType(OrderType.LIMIT).limitPrice(limitPrice);
    }
}
