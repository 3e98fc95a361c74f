package io.aquatrade.decision;

import static io.aquatrade.decision.DecisionEngineTest.BAR_0005_NS;
import static io.aquatrade.decision.DecisionEngineTest.BAR_0010_NS;
import static io.aquatrade.decision.DecisionEngineTest.ID;
import static io.aquatrade.decision.DecisionEngineTest.TRADES;
import static io.aquatrade.decision.DecisionEngineTest.accept;
import static io.aquatrade.decision.DecisionEngineTest.price;
import static io.aquatrade.decision.DecisionEngineTest.signal;
import static io.aquatrade.decision.DecisionEngineTest.trades;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.Direction;
import io.aquatrade.common.OrderCanceled;
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

    /**
     * Scale-in with a ladder of a quarter at +1R and the rest at +2R: after the add's fill the ladder covers the
     * larger position at the new average entry. The new +1R rung fits beside the old rungs within the position, so it
     * goes first and the old rungs are cancelled after; the new +2R rung does not fit until the venue confirms the
     * old rungs' end. After every event the take-profits working (a cancelled one counts until confirmed) never
     * exceed the position.
     */
    @Test
    void anAddResizesTheLadderNewFirstWithinThePosition() {
        AquatradeConfig config = DecisionEngineTest.shared("{id: vwap-momentum, capital: 1.0, orderFraction: 0.5, "
                + "stopLossBps: 100, stopOrder: market, scaleIn: {maxAdds: 1}, "
                + "takeProfit: [{r: 1, fraction: 0.25}, {r: 2, fraction: 0.75}]}");
        DecisionEngine engine = new DecisionEngine(DecisionConfig.from(config), config, out);
        List<SubmitOrder> working = new ArrayList<>(); // take-profits sent and not yet confirmed ended
        trades(engine, 0, 24);
        engine.signal(signal(1, Direction.LONG, BAR_0005_NS, price(23)));
        SubmitOrder entry = out.last();
        accept(engine, entry);
        engine.orderFilled(RouterLikeFills.fill(entry, price(23), 5, 10, "t1"));
        long fill = RouterLikeFills.fillPrice(Side.BUY, price(23), 5);
        assertThat(out.orders).hasSize(4);
        SubmitOrder stop1 = out.orders.get(1);
        SubmitOrder tp1 = out.orders.get(2);
        SubmitOrder tp2 = out.orders.get(3);
        assertThat(tp1.quantity()).isEqualTo(88); // floor(354 x 0.25)
        assertThat(tp2.quantity()).isEqualTo(354 - 88);
        assertThat(tp1.limitPrice()).isEqualTo(fill + r(fill));
        assertThat(tp2.limitPrice()).isEqualTo(fill + 2 * r(fill));
        out.orders.forEach(o -> { if (o != entry) { accept(engine, o); } });
        working.add(tp1);
        working.add(tp2);
        assertWithinPosition(engine, working);

        // the first later trade above the entry: LONG adds (sized as in ScaleInTest)
        int j = 24;
        while (TRADES.get(j).price() <= fill) {
            j++;
        }
        trades(engine, 24, j + 1);
        long t = TRADES.get(j).eventTimeNs();
        engine.signal(signal(2, Direction.LONG, t, price(j)));
        SubmitOrder add = out.last();
        assertThat(add.reason()).isEqualTo(DecisionEngine.REASON_SCALE_IN);
        long x = add.quantity();
        accept(engine, add);
        int before = out.sequence.size();
        engine.orderFilled(RouterLikeFills.fill(add, price(j), 5, 10, "t2"));
        long addFill = RouterLikeFills.fillPrice(Side.BUY, price(j), 5);

        // hand-worked: the new average entry (quantity-weighted, half-even), R from its 100 bps stop, the rungs
        long total = 354 + x;
        long avg = BigDecimal.valueOf(fill).multiply(BigDecimal.valueOf(354))
                .add(BigDecimal.valueOf(addFill).multiply(BigDecimal.valueOf(x)))
                .divide(BigDecimal.valueOf(total), 0, RoundingMode.HALF_EVEN).longValueExact();
        assertThat(engine.position(ID, "XRPETH").avgEntryPrice()).isEqualTo(avg);
        long q1 = total / 4;
        long q2 = total - q1;
        assertThat(q1).as("the new +1R rung fits beside the old ladder").isLessThanOrEqualTo(x);
        assertThat(q2).as("the new +2R rung does not").isGreaterThan(total - q1 - 354);
        List<String> step = out.sequence.subList(before, out.sequence.size());
        assertThat(step).hasSize(5);
        SubmitOrder stop2 = out.orders.get(out.orders.size() - 2);
        SubmitOrder newTp1 = out.last();
        assertThat(step).containsExactly("submit " + stop2.clientOrderId(), "cancel " + stop1.clientOrderId(),
                "submit " + newTp1.clientOrderId(), "cancel " + tp1.clientOrderId(), "cancel " + tp2.clientOrderId());
        assertThat(stop2.quantity()).isEqualTo(total);
        assertThat(newTp1.reason()).isEqualTo(DecisionEngine.REASON_TAKE_PROFIT);
        assertThat(newTp1.reduceOnly()).isTrue();
        assertThat(newTp1.side()).isEqualTo(Side.SELL);
        assertThat(newTp1.quantity()).isEqualTo(q1);
        assertThat(newTp1.limitPrice()).isEqualTo(avg + r(avg));
        assertThat(out.cancels).last().satisfies(c -> assertThat(c.reason())
                .isEqualTo(DecisionEngine.REASON_TAKE_PROFIT));
        working.add(newTp1);
        assertWithinPosition(engine, working);
        accept(engine, stop2);
        accept(engine, newTp1);

        // the venue confirms the old +1R rung's cancel: still no room for the new +2R rung
        engine.orderCanceled(canceled(tp1, t));
        working.remove(tp1);
        assertThat(out.last()).isSameAs(newTp1);
        assertWithinPosition(engine, working);
        // and the old +2R rung's: the new one goes out
        engine.orderCanceled(canceled(tp2, t));
        working.remove(tp2);
        SubmitOrder newTp2 = out.last();
        assertThat(newTp2.reason()).isEqualTo(DecisionEngine.REASON_TAKE_PROFIT);
        assertThat(newTp2.quantity()).isEqualTo(q2);
        assertThat(newTp2.limitPrice()).isEqualTo(avg + 2 * r(avg));
        assertThat(newTp2.eventTimeNs()).isEqualTo(t);
        working.add(newTp2);
        assertWithinPosition(engine, working);
        assertThat(working.stream().mapToLong(SubmitOrder::quantity).sum()).isEqualTo(total);
    }

    /**
     * A restart between the entry's complete fill and its ladder (the orders topic holds the entry only): the rebuild
     * sends the stop and the ladder the uninterrupted run sent, with the same ids, prices, quantities and times; a
     * restart after them sends nothing.
     */
    @Test
    void aRestartBetweenTheEntrysFillAndItsLadderPlacesTheLadder() {
        String strategy = "{id: vwap-momentum, capital: 1.0, orderFraction: 0.5, stopLossBps: 100, stopOrder: market, "
                + "takeProfit: [{r: 1, fraction: 0.5}, {r: 2, fraction: 0.5}]}";
        AquatradeConfig config = DecisionEngineTest.shared(strategy);
        DecisionEngine engine = new DecisionEngine(DecisionConfig.from(config), config, out);
        trades(engine, 0, 24);
        engine.signal(signal(1, Direction.LONG, BAR_0005_NS, price(23)));
        SubmitOrder entry = out.last();
        accept(engine, entry);
        engine.orderFilled(RouterLikeFills.fill(entry, price(23), 5, 10, "t1"));
        assertThat(out.orders).hasSize(4); // entry, stop, +1R, +2R

        RecordingOrders out2 = restart(config, List.of(entry), entry);
        assertThat(out2.orders).hasSize(3);
        for (int k = 0; k < 3; k++) {
            SubmitOrder expected = out.orders.get(k + 1);
            SubmitOrder actual = out2.orders.get(k);
            assertThat(actual.clientOrderId()).isEqualTo(expected.clientOrderId());
            assertThat(actual.reason()).isEqualTo(expected.reason());
            assertThat(actual.orderType()).isEqualTo(expected.orderType());
            assertThat(actual.quantity()).isEqualTo(expected.quantity());
            assertThat(actual.limitPrice()).isEqualTo(expected.limitPrice());
            assertThat(actual.triggerPrice()).isEqualTo(expected.triggerPrice());
            assertThat(actual.eventTimeNs()).isEqualTo(expected.eventTimeNs());
        }
        assertThat(out2.cancels).isEmpty();

        RecordingOrders out3 = restart(config, out.orders, entry);
        assertThat(out3.sequence).isEmpty();
    }

    /** A new engine rebuilt from {@code sent} and the entry's acceptance and fill, as the agent does at start-up. */
    private static RecordingOrders restart(AquatradeConfig config, List<SubmitOrder> sent, SubmitOrder entry) {
        RecordingOrders out2 = new RecordingOrders();
        DecisionEngine second = new DecisionEngine(DecisionConfig.from(config), config, out2);
        sent.forEach(second::restoreSentOrder);
        accept(second, entry);
        second.orderFilled(RouterLikeFills.fill(entry, price(23), 5, 10, "t1"));
        second.rebuilt();
        return out2;
    }

    /** R of a long at {@code entry} with the 100 bps stop: {@code entry - ceil(entry x 0.99)}. */
    private static long r(long entry) {
        return entry - BigDecimal.valueOf(entry).multiply(BigDecimal.valueOf(9_900))
                .divide(BigDecimal.valueOf(10_000), 0, RoundingMode.CEILING).longValueExact();
    }

    private static void assertWithinPosition(DecisionEngine engine, List<SubmitOrder> working) {
        assertThat(working.stream().mapToLong(SubmitOrder::quantity).sum())
                .isLessThanOrEqualTo(engine.position(ID, "XRPETH").quantity());
    }

    private static OrderCanceled canceled(SubmitOrder o, long timeNs) {
        return new OrderCanceled().clientOrderId(o.clientOrderId()).venueOrderId("paper-" + o.clientOrderId())
                .strategyId(o.strategyId()).instrument(o.instrument()).cumulativeQuantity(0).eventTimeNs(timeNs);
    }
}
