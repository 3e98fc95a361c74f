package io.aquatrade.decision;

import static io.aquatrade.decision.DecisionEngineTest.BAR_0005_NS;
import static io.aquatrade.decision.DecisionEngineTest.BAR_0010_NS;
import static io.aquatrade.decision.DecisionEngineTest.DEFAULT_STRATEGY;
import static io.aquatrade.decision.DecisionEngineTest.ID;
import static io.aquatrade.decision.DecisionEngineTest.TRADES;
import static io.aquatrade.decision.DecisionEngineTest.accept;
import static io.aquatrade.decision.DecisionEngineTest.price;
import static io.aquatrade.decision.DecisionEngineTest.signal;
import static io.aquatrade.decision.DecisionEngineTest.timeNs;
import static io.aquatrade.decision.DecisionEngineTest.trades;
import static org.assertj.core.api.Assertions.assertThat;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.Direction;
import io.aquatrade.common.OrderCanceled;
import io.aquatrade.common.OrderExpired;
import io.aquatrade.common.Side;
import io.aquatrade.common.SubmitOrder;
import io.aquatrade.decision.OrderTracker.State;
import org.junit.jupiter.api.Test;

/**
 * The engine's orders through the {@link OrderTracker}: a venue that never answers (timed out on the router's
 * progress, {@link DecisionEngine#routerProgress}), cancels, IOC expiries with a
 * partial fill, a fill after the end, and memory that stays bounded. Real XRP/ETH trades of 2019-10-11
 * (data/sample), hand-advanced by feeding them; the entry is {@link DecisionEngineTest}'s: LONG at 00:05, a buy of
 * 354 XRP (50000000 / 141192 = 354.1). Trades #24, #25 are at 00:05:19.070, #26 at 00:05:30.381.
 */
class DecisionEngineOrderLifecycleTest {
    final RecordingOrders out = new RecordingOrders();

    DecisionEngine engine(String extra) {
        AquatradeConfig config = DecisionEngineTest.shared(DEFAULT_STRATEGY);
        if (!extra.isEmpty()) {
            config = AquatradeConfig.parse(java.nio.file.Path.of("test.yaml"), """
                    instruments:
                      - {symbol: XRPETH, base: XRP, quote: ETH, priceDecimals: 8, sizeDecimals: 0}
                    assets: {XRP: 8, ETH: 8}
                    decision-engine:
                      strategies:
                        - %s
                    %s
                    """.formatted(DEFAULT_STRATEGY, extra.indent(2).stripTrailing()));
        }
        DecisionEngine engine = new DecisionEngine(DecisionConfig.from(config), config, out);
        trades(engine, 0, 24);
        engine.signal(signal(1, Direction.LONG, BAR_0005_NS, price(23)));
        return engine;
    }

    static OrderExpired expired(SubmitOrder o, long cumulative) {
        return new OrderExpired().clientOrderId(o.clientOrderId()).venueOrderId("paper-" + o.clientOrderId())
                .strategyId(o.strategyId()).instrument(o.instrument()).cumulativeQuantity(cumulative)
                .reason("IOC remainder").eventTimeNs(o.eventTimeNs());
    }

    static OrderCanceled canceled(SubmitOrder o, long cumulative, long timeNs) {
        return new OrderCanceled().clientOrderId(o.clientOrderId()).venueOrderId("paper-" + o.clientOrderId())
                .strategyId(o.strategyId()).instrument(o.instrument()).cumulativeQuantity(cumulative)
                .eventTimeNs(timeNs);
    }

    @Test
    void anOrderTheVenueNeverAnswersTimesOutOnceTheRouterReadThirtySecondsPastIt() {
        DecisionEngine engine = engine("");
        SubmitOrder first = out.last();
        trades(engine, 24, 27); // market data alone times nothing out
        assertThat(engine.orderState("vwap-momentum-1")).isEqualTo(State.PENDING_NEW);
        engine.routerProgress(timeNs(24)); // the router read to 00:05:19.070: 19.07 s after the order, within 30 s
        assertThat(engine.outstandingOrders()).isEqualTo(1);
        assertThat(engine.orderState("vwap-momentum-1")).isEqualTo(State.PENDING_NEW);

        engine.routerProgress(timeNs(26)); // 00:05:30.381: 30.381 s > 30 s
        assertThat(engine.orderState("vwap-momentum-1")).isEqualTo(State.TIMED_OUT);
        assertThat(engine.outstandingOrders()).isZero();
        assertThat(engine.position(ID, "XRPETH").pendingOrderId()).isNull();
        assertThat(engine.counters().ordersTimedOut()).isEqualTo(1);
        // assumed never to have reached the venue: nothing booked, the strategy may trade again
        assertThat(engine.ledger(ID).balance("ETH")).isEqualTo(100_000_000L);
        trades(engine, 27, 38);
        engine.signal(signal(2, Direction.LONG, BAR_0010_NS, price(37)));
        // 50000000 / 141161 = 354.2 -> 354
        assertThat(out.orders).hasSize(2);
        assertThat(out.last().clientOrderId()).isEqualTo("vwap-momentum-2");
        assertThat(out.last().quantity()).isEqualTo(354);

        // the first order's fill turns up after all: booked, the position follows fills
        // buy 354 at 141192 x 1.0005 = 141262.596 -> 141263; 354 x 141263 = 50007102
        engine.orderFilled(RouterLikeFills.fill(first, price(23), 5, 10, "late-1"));
        assertThat(engine.counters().lateFills()).isEqualTo(1);
        assertThat(engine.position(ID, "XRPETH").quantity()).isEqualTo(354);
        assertThat(engine.orderState("vwap-momentum-1")).isEqualTo(State.TIMED_OUT);
        assertThat(engine.position(ID, "XRPETH").pendingOrderId()).isEqualTo("vwap-momentum-2");
    }

    /**
     * An order given up after {@code orderTimeoutMs} that the venue accepts after all (a router held it back, e.g. in
     * a rate-limit ban) is cancelled at once, once: the engine no longer tracks it for its position.
     */
    @Test
    void anOrderAcceptedAfterItTimedOutIsCancelledOnce() {
        DecisionEngine engine = engine("");
        SubmitOrder first = out.last();
        trades(engine, 24, 27);
        engine.routerProgress(timeNs(26)); // 00:05:30.381: timed out
        assertThat(engine.orderState("vwap-momentum-1")).isEqualTo(State.TIMED_OUT);
        assertThat(out.cancels).isEmpty();

        accept(engine, first);
        assertThat(out.cancels).hasSize(1);
        assertThat(out.cancels.get(0).clientOrderId()).isEqualTo("vwap-momentum-1");
        assertThat(out.cancels.get(0).reason()).isEqualTo(DecisionEngine.REASON_LATE_ACCEPTANCE);
        accept(engine, first); // a second acceptance (a duplicate report) sends no second cancel
        assertThat(out.cancels).hasSize(1);
        engine.orderCanceled(canceled(first, 0, TRADES.get(27).eventTimeNs()));
        assertThat(engine.orderState("vwap-momentum-1")).isEqualTo(State.TIMED_OUT);
        assertThat(engine.position(ID, "XRPETH").quantity()).isZero();
    }

    @Test
    void theTimeoutIsConfigurable() {
        DecisionEngine engine = engine("orderTimeoutMs: 10000");
        engine.tradeTick(TRADES.get(24));
        engine.routerProgress(timeNs(24)); // 19.07 s > 10 s
        assertThat(engine.orderState("vwap-momentum-1")).isEqualTo(State.TIMED_OUT);
    }

    @Test
    void anAcceptedOrderNeverTimesOut() {
        DecisionEngine engine = engine("");
        accept(engine, out.last());
        trades(engine, 24, 38); // four minutes
        engine.routerProgress(timeNs(37));
        assertThat(engine.orderState("vwap-momentum-1")).isEqualTo(State.ACCEPTED);
        assertThat(engine.outstandingOrders()).isEqualTo(1);
        assertThat(engine.counters().ordersTimedOut()).isZero();
    }

    @Test
    void anIocRemainderExpiresAndThePositionKeepsWhatFilled() {
        DecisionEngine engine = engine("");
        SubmitOrder o = out.last();
        accept(engine, o);
        // 100 of 354 at trade #23's price, the rest expires
        engine.orderFilled(RouterLikeFills.fillAt(o, price(23), 100, 10, "1", false));
        assertThat(engine.orderState("vwap-momentum-1")).isEqualTo(State.PARTIALLY_FILLED);
        engine.orderExpired(expired(o, 100));
        assertThat(engine.orderState("vwap-momentum-1")).isEqualTo(State.EXPIRED);
        assertThat(engine.outstandingOrders()).isZero();
        assertThat(engine.counters().ordersExpired()).isEqualTo(1);
        assertThat(engine.position(ID, "XRPETH").quantity()).isEqualTo(100);
        assertThat(engine.position(ID, "XRPETH").pendingOrderId()).isNull();
        // 100 x 141192 = 14119200, fee 14119.2 -> 14120: 100000000 - 14119200 - 14120 = 85866680
        assertThat(engine.ledger(ID).balance("ETH")).isEqualTo(85_866_680L);
        // the same expiry again (a replay) changes nothing
        engine.orderExpired(expired(o, 100));
        assertThat(engine.counters().ordersExpired()).isEqualTo(1);
    }

    @Test
    void aCanceledOrderReleasesItsInstrumentAndTheNextSignalTrades() {
        DecisionEngine engine = engine("");
        SubmitOrder o = out.last();
        accept(engine, o);
        engine.orderCanceled(canceled(o, 0, timeNs(24)));
        assertThat(engine.orderState("vwap-momentum-1")).isEqualTo(State.CANCELED);
        assertThat(engine.counters().ordersCanceled()).isEqualTo(1);
        assertThat(engine.position(ID, "XRPETH").isFlat()).isTrue();
        trades(engine, 24, 38);
        engine.signal(signal(2, Direction.LONG, BAR_0010_NS, price(37)));
        assertThat(out.orders).hasSize(2);
        assertThat(out.last().side()).isEqualTo(Side.BUY);
        assertThat(out.last().quantity()).isEqualTo(354);
        assertThat(out.denials).isEmpty();
    }

    @Test
    void finishedOrdersAreForgottenSoMemoryStaysBounded() {
        DecisionEngine engine = engine("finishedOrdersKept: 2");
        // each order: fill, then a stop-loss, fill; the engine remembers at most 2 finished + the open ones
        for (int i = 0; i < 5; i++) {
            SubmitOrder o = out.last();
            engine.orderFilled(RouterLikeFills.fill(o, price(23), 5, 10, "f" + i));
            assertThat(engine.ordersRemembered()).isLessThanOrEqualTo(2);
            if (engine.position(ID, "XRPETH").isFlat()) {
                engine.signal(signal(10 + i, Direction.LONG, BAR_0005_NS + i, price(23)));
            } else {
                engine.signal(signal(10 + i, Direction.FLAT, BAR_0005_NS + i, price(23)));
            }
            assertThat(engine.ordersRemembered()).isLessThanOrEqualTo(3);
        }
        assertThat(out.orders).hasSize(6);
    }
}
