package io.aquatrade.decision;

import static io.aquatrade.decision.DecisionEngineTest.BAR_0005_NS;
import static io.aquatrade.decision.DecisionEngineTest.ID;
import static io.aquatrade.decision.DecisionEngineTest.accept;
import static io.aquatrade.decision.DecisionEngineTest.price;
import static io.aquatrade.decision.DecisionEngineTest.signal;
import static io.aquatrade.decision.DecisionEngineTest.timeNs;
import static io.aquatrade.decision.DecisionEngineTest.trades;
import static org.assertj.core.api.Assertions.assertThat;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.DenyReason;
import io.aquatrade.common.Direction;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.ReconciliationStatus;
import io.aquatrade.common.Side;
import io.aquatrade.common.SubmitOrder;
import org.junit.jupiter.api.Test;

/**
 * The order router's reconciliation status ({@link ReconciliationStatus} on {@code executions}) in the decision
 * engine, on the real XRP/ETH trades of 2019-10-11 after {@link DecisionEngineTest}'s entry (354 XRP at the 00:05
 * bar close): while the instrument is reduce-only every entry is denied {@link DenyReason#RECONCILIATION}, exits go;
 * a later "resolved" lifts it; a restarted engine fed the same executions is in the same state.
 */
class ReconciliationDenialTest {
    private final RecordingOrders out = new RecordingOrders();

    private DecisionEngine engine(RecordingOrders orders) {
        AquatradeConfig config = DecisionEngineTest.shared(DecisionEngineTest.DEFAULT_STRATEGY);
        return new DecisionEngine(DecisionConfig.from(config), config, orders);
    }

    private static ReconciliationStatus status(boolean reduceOnly, long timeNs) {
        return new ReconciliationStatus().instrument("XRPETH").reduceOnly(reduceOnly)
                .reason(reduceOnly ? "XRP: venue 400.00000000, executions 354.00000000, tolerance 1.00000000"
                        : "XRP: venue 354.00000000, executions 354.00000000")
                .eventTimeNs(timeNs);
    }

    @Test
    void aReduceOnlyInstrumentDeniesEntriesLetsExitsGoAndIsLiftedWhenResolved() {
        DecisionEngine engine = engine(out);
        trades(engine, 0, 24);
        engine.signal(signal(1, Direction.LONG, BAR_0005_NS, price(23)));
        SubmitOrder entry = out.last();
        assertThat(entry.side()).isEqualTo(Side.BUY);
        assertThat(entry.quantity()).isEqualTo(354);
        accept(engine, entry);
        OrderFilled fill = RouterLikeFills.fill(entry, price(23), 5, 10, "t1");
        engine.orderFilled(fill);

        engine.reconciliation(status(true, timeNs(23)));
        assertThat(engine.reduceOnly("XRPETH")).isTrue();
        // an exit goes
        trades(engine, 24, 25);
        engine.signal(signal(2, Direction.FLAT, timeNs(24), price(24)));
        SubmitOrder exit = out.last();
        assertThat(exit.side()).isEqualTo(Side.SELL);
        assertThat(exit.quantity()).isEqualTo(354);
        accept(engine, exit);
        engine.orderFilled(RouterLikeFills.fill(exit, price(24), 5, 10, "t2"));
        assertThat(engine.position(ID, "XRPETH").isFlat()).isTrue();
        // an entry is denied, with the reason
        int orders = out.orders.size();
        engine.signal(signal(3, Direction.LONG, timeNs(24), price(24)));
        assertThat(out.orders).hasSize(orders);
        assertThat(out.denials).singleElement().satisfies(d -> {
            assertThat(d.reasonCode()).isEqualTo(DenyReason.RECONCILIATION);
            assertThat(d.signalId()).isEqualTo(3);
            assertThat(d.instrument()).isEqualTo("XRPETH");
            assertThat(d.limit()).isZero();
            assertThat(d.value()).isZero();
            assertThat(d.reason()).contains("reduce-only").contains("venue 400.00000000");
        });
        assertThat(engine.counters().denied(DenyReason.RECONCILIATION)).isEqualTo(1);

        // a restarted engine replaying the same executions is reduce-only too
        RecordingOrders after = new RecordingOrders();
        DecisionEngine second = engine(after);
        second.replaying(true);
        second.restoreSentOrder(entry);
        second.restoreSentOrder(exit);
        accept(second, entry);
        second.orderFilled(fill);
        second.reconciliation(status(true, timeNs(23)));
        accept(second, exit);
        second.orderFilled(RouterLikeFills.fill(exit, price(24), 5, 10, "t2"));
        second.replaying(false);
        second.rebuilt();
        assertThat(second.reduceOnly("XRPETH")).isTrue();
        trades(second, 24, 25);
        second.signal(signal(4, Direction.LONG, timeNs(24), price(24)));
        assertThat(after.orders).isEmpty();
        assertThat(after.denials).singleElement().extracting(d -> d.reasonCode())
                .isEqualTo(DenyReason.RECONCILIATION);

        // resolved: entries go again
        engine.reconciliation(status(false, timeNs(24)));
        assertThat(engine.reduceOnly("XRPETH")).isFalse();
        engine.signal(signal(5, Direction.LONG, timeNs(24), price(24)));
        assertThat(out.orders).hasSize(orders + 1);
        assertThat(out.last().side()).isEqualTo(Side.BUY);
        assertThat(out.denials).hasSize(1);
    }

    @Test
    void aStatusOfAnInstrumentNotTradedHereChangesNothing() {
        DecisionEngine engine = engine(out);
        trades(engine, 0, 24);
        engine.reconciliation(status(true, timeNs(23)).instrument("BTCUSDT"));
        engine.signal(signal(1, Direction.LONG, BAR_0005_NS, price(23)));
        assertThat(out.denials).isEmpty();
        assertThat(out.last().quantity()).isEqualTo(354);
    }
}
