package io.aquatrade.decision;

import static io.aquatrade.decision.DecisionEngineTest.BAR_0005_NS;
import static io.aquatrade.decision.DecisionEngineTest.BAR_0010_NS;
import static io.aquatrade.decision.DecisionEngineTest.ID;
import static io.aquatrade.decision.DecisionEngineTest.accept;
import static io.aquatrade.decision.DecisionEngineTest.price;
import static io.aquatrade.decision.DecisionEngineTest.signal;
import static io.aquatrade.decision.DecisionEngineTest.trades;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.Direction;
import io.aquatrade.common.OrderType;
import io.aquatrade.common.Side;
import io.aquatrade.common.SubmitOrder;
import io.aquatrade.common.TimeInForce;
import org.junit.jupiter.api.Test;

/**
 * The take-profit ladder ({@code takeProfit: [{r: 1, fraction: 0.5}, {r: 2, fraction: 0.5}]}) with a venue stop,
 * after {@link DecisionEngineTest}'s entry on the real XRP/ETH trades of 2019-10-11 (data/sample): LONG at 00:05, 354
 * XRP filled at trade #23's price plus 5 bps. Prices and quantities are worked by hand below.
 */
class TakeProfitTest {
    final RecordingOrders out = new RecordingOrders();

    @Test
    void theLadderRestsAfterTheEntryTheStopFollowsWhatRemainsAndAFlatPositionCancelsTheRest() {
        AquatradeConfig config = DecisionEngineTest.shared("{id: vwap-momentum, capital: 1.0, orderFraction: 0.5, "
                + "stopLossBps: 100, stopOrder: market, takeProfit: [{r: 1, fraction: 0.5}, {r: 2, fraction: 0.5}]}");
        DecisionEngine engine = new DecisionEngine(DecisionConfig.from(config), config, out);
        trades(engine, 0, 24);
        engine.signal(signal(1, Direction.LONG, BAR_0005_NS, price(23)));
        SubmitOrder entry = out.last();
        accept(engine, entry);
        engine.orderFilled(RouterLikeFills.fill(entry, price(23), 5, 10, "t1"));

        long fill = RouterLikeFills.fillPrice(Side.BUY, price(23), 5);
        long stop = BigDecimal.valueOf(fill).multiply(BigDecimal.valueOf(9_900)).divide(BigDecimal.valueOf(10_000), 0,
                RoundingMode.CEILING).longValueExact();
        long r = fill - stop;
        assertThat(r).isPositive();
        assertThat(out.orders).hasSize(4);
        SubmitOrder tp1 = out.orders.get(2);
        SubmitOrder tp2 = out.orders.get(3);
        assertThat(out.orders.get(1).reason()).isEqualTo(DecisionEngine.REASON_PROTECTIVE_STOP);
        assertThat(out.orders.get(1).quantity()).isEqualTo(354);
        for (SubmitOrder tp : new SubmitOrder[] {tp1, tp2}) {
            assertThat(tp.reason()).isEqualTo(DecisionEngine.REASON_TAKE_PROFIT);
            assertThat(tp.orderType()).isEqualTo(OrderType.LIMIT);
            assertThat(tp.timeInForce()).isEqualTo(TimeInForce.GTC);
            assertThat(tp.reduceOnly()).isTrue();
            assertThat(tp.side()).isEqualTo(Side.SELL);
            assertThat(tp.quantity()).isEqualTo(177);
        }
        assertThat(tp1.limitPrice()).isEqualTo(fill + r);
        assertThat(tp2.limitPrice()).isEqualTo(fill + 2 * r);
        out.orders.forEach(o -> { if (o != entry) { accept(engine, o); } });
        // the signal path stays free: the ladder and the stop are not the one order in flight
        assertThat(engine.position(ID, "XRPETH").pendingOrderId()).isNull();

        // +1R fills: the stop follows the 177 that remain, new first
        engine.orderFilled(RouterLikeFills.fillAt(tp1, tp1.limitPrice(), 177, 10, "t2", true));
        SubmitOrder stop2 = out.last();
        assertThat(stop2.reason()).isEqualTo(DecisionEngine.REASON_PROTECTIVE_STOP);
        assertThat(stop2.quantity()).isEqualTo(177);
        assertThat(out.sequence.subList(out.sequence.size() - 2, out.sequence.size()))
                .containsExactly("submit " + stop2.clientOrderId(), "cancel " + out.orders.get(1).clientOrderId());
        accept(engine, stop2);

        // a FLAT signal closes the rest: the stop and the +2R limit are cancelled
        trades(engine, 24, 38);
        engine.signal(signal(2, Direction.FLAT, BAR_0010_NS, price(37)));
        SubmitOrder exit = out.last();
        assertThat(exit.quantity()).isEqualTo(177);
        accept(engine, exit);
        engine.orderFilled(RouterLikeFills.fill(exit, price(37), 5, 10, "t3"));
        assertThat(engine.position(ID, "XRPETH").isFlat()).isTrue();
        assertThat(out.sequence.subList(out.sequence.size() - 2, out.sequence.size())).containsExactlyInAnyOrder(
                "cancel " + stop2.clientOrderId(), "cancel " + tp2.clientOrderId());
        assertThat(out.last()).isSameAs(exit);
    }
}
