package io.aquatrade.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.aquatrade.common.DenyReason;
import io.aquatrade.common.LiquiditySide;
import io.aquatrade.common.OrderCanceled;
import io.aquatrade.common.OrderDenied;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.OrderRejected;
import io.aquatrade.common.OrderType;
import io.aquatrade.common.RejectReason;
import io.aquatrade.common.Side;
import io.aquatrade.common.SubmitOrder;
import io.aquatrade.common.TimeInForce;
import org.junit.jupiter.api.Test;

/** {@link OrderStates}: final states counted once, whichever topic is read first and however often a replay repeats. */
class OrderStatesTest {
    private static final long T = 1_570_752_011_620_000_000L;

    private static SubmitOrder submit(String id) {
        return new SubmitOrder().clientOrderId(id).strategyId("s").instrument("XRPETH").side(Side.BUY)
                .orderType(OrderType.LIMIT).timeInForce(TimeInForce.GTC).quantity(100).limitPrice(141_342)
                .eventTimeNs(T);
    }

    private static OrderFilled fill(String id, long quantity, long cumulative) {
        return new OrderFilled().clientOrderId(id).venueOrderId("p-" + id).tradeId("p-" + id + "-" + cumulative)
                .strategyId("s").instrument("XRPETH").side(Side.BUY).fillPrice(141_342).fillQuantity(quantity)
                .quoteQuantity(quantity * 141_342).cumulativeQuantity(cumulative).leavesQuantity(100 - cumulative)
                .fee(0).feeAsset("ETH").liquiditySide(LiquiditySide.MAKER).last(cumulative == 100).eventTimeNs(T);
    }

    @Test
    void aRepeatedOrderOrReportCountsOnce() {
        OrderStates states = new OrderStates();
        states.submitOrder(submit("a"));
        states.orderFilled(fill("a", 60, 60));
        assertThat(states.openOrders()).singleElement()
                .satisfies(o -> assertThat(o.filledQuantity()).isEqualTo(60));
        states.orderFilled(fill("a", 40, 100));
        states.orderFilled(fill("a", 40, 100)); // replayed
        states.submitOrder(submit("a")); // replayed
        states.submitOrder(submit("b"));
        states.orderRejected(new OrderRejected().clientOrderId("b").strategyId("s").instrument("XRPETH")
                .reasonCode(RejectReason.LOT_SIZE).reason("quantity 100 not a multiple of stepSize").eventTimeNs(T));
        states.orderRejected(new OrderRejected().clientOrderId("b").strategyId("s").instrument("XRPETH")
                .reasonCode(RejectReason.LOT_SIZE).reason("quantity 100 not a multiple of stepSize").eventTimeNs(T));

        assertThat(states.submitted()).isEqualTo(2);
        assertThat(states.filled()).isEqualTo(1);
        assertThat(states.rejected()).isEqualTo(1);
        assertThat(states.rejectedByReason()).isEqualTo(Map.of(RejectReason.LOT_SIZE, 1L));
        assertThat(states.openOrders()).isEmpty();
    }

    @Test
    void aReportReadBeforeItsOrderStillFinishesIt() {
        OrderStates states = new OrderStates();
        states.orderCanceled(new OrderCanceled().clientOrderId("a").venueOrderId("p-a").strategyId("s")
                .instrument("XRPETH").cumulativeQuantity(0).eventTimeNs(T));
        states.submitOrder(submit("a"));
        states.submitOrder(submit("b"));

        assertThat(states.submitted()).isEqualTo(2);
        assertThat(states.canceled()).isEqualTo(1);
        assertThat(states.openOrders()).extracting(OrderStates.OpenOrder::clientOrderId).containsExactly("b");
    }

    @Test
    void denialsAreCountedPerReasonInTheEnumsOrder() {
        OrderStates states = new OrderStates();
        for (DenyReason r : new DenyReason[] {DenyReason.FILTER, DenyReason.NO_PRICE, DenyReason.FILTER}) {
            states.orderDenied(new OrderDenied().strategyId("s").instrument("XRPETH").signalId(1).reasonCode(r)
                    .reason(r.name()).eventTimeNs(T));
        }
        assertThat(states.denied()).isEqualTo(3);
        assertThat(states.deniedByReason().entrySet()).extracting(Map.Entry::getKey)
                .containsExactly(DenyReason.NO_PRICE, DenyReason.FILTER);
        assertThat(states.deniedByReason()).containsEntry(DenyReason.FILTER, 2L).containsEntry(DenyReason.NO_PRICE, 1L);
    }
}
