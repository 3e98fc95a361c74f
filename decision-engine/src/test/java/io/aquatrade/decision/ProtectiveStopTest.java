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
import java.util.List;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.Direction;
import io.aquatrade.common.OrderRejected;
import io.aquatrade.common.OrderType;
import io.aquatrade.common.RejectReason;
import io.aquatrade.common.Side;
import io.aquatrade.common.SubmitOrder;
import io.aquatrade.common.TimeInForce;
import io.aquatrade.common.TradeTick;
import org.junit.jupiter.api.Test;

/**
 * The protective stop at the venue ({@code stopOrder}) order by order, on real XRP/ETH trades of 2019-10-11
 * (data/sample): the entry is {@link DecisionEngineTest}'s (LONG at 00:05, a buy of 354 XRP), filled here in two
 * parts at trade #23's price, so the stop is placed after the first part and replaced after the second.
 */
class ProtectiveStopTest {
    private static final int BPS = 100;
    final RecordingOrders out = new RecordingOrders();

    private DecisionEngine engine(String stopOrder) {
        AquatradeConfig config = DecisionEngineTest.shared("{id: vwap-momentum, capital: 1.0, orderFraction: 0.5, "
                + "stopLossBps: " + BPS + ", stopOrder: " + stopOrder + ", stopLimitOffsetBps: 20}");
        DecisionEngine engine = new DecisionEngine(DecisionConfig.from(config), config, out);
        trades(engine, 0, 24);
        engine.signal(signal(1, Direction.LONG, BAR_0005_NS, price(23)));
        return engine;
    }

    /** Hand formula: one below ceil(entry x (10000 - BPS) / 10000), the last price the engine's check keeps. */
    private static long trigger(long entry) {
        return BigDecimal.valueOf(entry).multiply(BigDecimal.valueOf(10_000 - BPS))
                .divide(BigDecimal.valueOf(10_000), 0, RoundingMode.CEILING).longValueExact() - 1;
    }

    /** Fills the entry in two parts (100 then 254 XRP) at trade #23's price; returns the entry. */
    private SubmitOrder fillEntryInTwoParts(DecisionEngine engine) {
        SubmitOrder entry = out.last();
        assertThat(entry.quantity()).isEqualTo(354);
        accept(engine, entry);
        engine.orderFilled(RouterLikeFills.fillAt(entry, price(23), 100, 10, "t1", false));
        engine.orderFilled(RouterLikeFills.fillAt(entry, price(23), 254, 10, "t2", true));
        for (SubmitOrder o : out.orders) {
            if (o != entry) {
                accept(engine, o); // the venue accepts each stop (else it would time out after orderTimeoutMs)
            }
        }
        return entry;
    }

    @Test
    void aStopMarketIsPlacedAfterTheFirstFillAndReplacedNewFirstWhenThePositionGrows() {
        DecisionEngine engine = engine("market");
        fillEntryInTwoParts(engine);

        assertThat(out.orders).hasSize(3);
        SubmitOrder first = out.orders.get(1);
        SubmitOrder second = out.orders.get(2);
        for (SubmitOrder stop : new SubmitOrder[] {first, second}) {
            assertThat(stop.orderType()).isEqualTo(OrderType.STOP_MARKET);
            assertThat(stop.side()).isEqualTo(Side.SELL);
            assertThat(stop.timeInForce()).isEqualTo(TimeInForce.GTC);
            assertThat(stop.reduceOnly()).isTrue();
            assertThat(stop.limitPrice()).isZero();
            assertThat(stop.triggerPrice()).isEqualTo(trigger(price(23)));
            assertThat(stop.reason()).isEqualTo(DecisionEngine.REASON_PROTECTIVE_STOP);
            assertThat(stop.eventTimeNs()).isEqualTo(BAR_0005_NS);
        }
        assertThat(first.quantity()).isEqualTo(100);
        assertThat(second.quantity()).isEqualTo(354);
        // the new stop is written before the old one is cancelled: never a moment without one
        assertThat(out.sequence).containsExactly("submit vwap-momentum-1", "submit vwap-momentum-2",
                "submit vwap-momentum-3", "cancel vwap-momentum-2");
        assertThat(out.cancels.get(0).reason()).isEqualTo(DecisionEngine.REASON_PROTECTIVE_STOP);
        // the signal path is free while the stop rests: the stop does not count as the one order in flight
        assertThat(engine.position(ID, "XRPETH").pendingOrderId()).isNull();
    }

    @Test
    void whileTheVenueHoldsTheStopTheEngineSendsNoStopLossOfItsOwnButDoesOnceTheStopIsRejected() {
        DecisionEngine engine = engine("market");
        fillEntryInTwoParts(engine);
        long below = trigger(price(23)) - 10;
        // a trade below the stop (not in the sample, whose prices do not fall 1 % here): the venue would trigger
        TradeTick crash = new TradeTick().instrument("XRPETH").price(below).quantity(1).aggressorSide(Side.SELL)
                .tradeId(TRADES.get(24).tradeId() + 1_000_000).eventTimeNs(TRADES.get(24).eventTimeNs());
        engine.tradeTick(crash);
        assertThat(out.orders).hasSize(3);

        SubmitOrder stop = out.orders.get(2);
        engine.orderRejected(new OrderRejected().clientOrderId(stop.clientOrderId()).strategyId(stop.strategyId())
                .instrument(stop.instrument()).reasonCode(RejectReason.REDUCE_ONLY).reason("test")
                .eventTimeNs(stop.eventTimeNs()));
        engine.tradeTick(crash);
        assertThat(out.last().reason()).isEqualTo(DecisionEngine.REASON_STOP_LOSS);
        assertThat(out.last().orderType()).isEqualTo(OrderType.MARKET);
        assertThat(out.last().quantity()).isEqualTo(354);
    }

    @Test
    void aStopLimitHasItsLimitPastTheTriggerAndIsCancelledAfterTheExitFills() {
        DecisionEngine engine = engine("limit");
        fillEntryInTwoParts(engine);
        SubmitOrder stop = out.last();
        assertThat(stop.orderType()).isEqualTo(OrderType.STOP_LIMIT);
        long t = trigger(price(23));
        assertThat(stop.limitPrice()).isEqualTo(BigDecimal.valueOf(t).multiply(BigDecimal.valueOf(9_980))
                .divide(BigDecimal.valueOf(10_000), 0, RoundingMode.FLOOR).longValueExact());

        trades(engine, 24, 38);
        engine.signal(signal(2, Direction.FLAT, BAR_0010_NS, price(37)));
        SubmitOrder exit = out.last();
        assertThat(exit.reason()).isEqualTo(DecisionEngine.REASON_SIGNAL);
        assertThat(exit.side()).isEqualTo(Side.SELL);
        assertThat(out.cancels).hasSize(1); // only the replaced stop so far: the position is still open
        accept(engine, exit);
        engine.orderFilled(RouterLikeFills.fill(exit, price(37), 5, 10, "t3"));

        assertThat(engine.position(ID, "XRPETH").isFlat()).isTrue();
        assertThat(out.sequence.get(out.sequence.size() - 1)).isEqualTo("cancel " + stop.clientOrderId());
        assertThat(out.orders.get(out.orders.size() - 1)).isSameAs(exit); // no new stop for a flat position
    }

    @Test
    void withStopOrderNoneNoStopOrderIsSent() {
        DecisionEngine engine = engine("none");
        fillEntryInTwoParts(engine);
        assertThat(out.orders).hasSize(1);
        assertThat(out.cancels).isEmpty();
    }
    @Test
    void aRestartAfterTheStopWasReplacedAndTheOldOneCancelledSendsNothing() {
        DecisionEngine first = engine("market");
        SubmitOrder entry = fillEntryInTwoParts(first);
        SubmitOrder old = out.orders.get(1);
        RecordingOrders out2 = new RecordingOrders();
        DecisionEngine[] e = new DecisionEngine[1];
        List<Runnable> replay = List.of(
                () -> accept(e[0], entry),
                () -> e[0].orderFilled(RouterLikeFills.fillAt(entry, price(23), 100, 10, "t1", false)),
                () -> e[0].orderFilled(RouterLikeFills.fillAt(entry, price(23), 254, 10, "t2", true)),
                () -> accept(e[0], old),
                () -> accept(e[0], out.orders.get(2)),
                () -> e[0].orderCanceled(DecisionEngineOrderLifecycleTest.canceled(old, 0, old.eventTimeNs())));
        e[0] = restartedLazily(out2, out.orders, replay, e);
        assertThat(out2.sequence).isEmpty();
        assertThat(e[0].outstandingOrders()).isEqualTo(1); // the stop for 354
    }

    @Test
    void aRestartBetweenTheNewStopAndTheOldOnesCancelCancelsTheOldOne() {
        DecisionEngine first = engine("market");
        SubmitOrder entry = fillEntryInTwoParts(first);
        SubmitOrder old = out.orders.get(1);
        RecordingOrders out2 = new RecordingOrders();
        DecisionEngine[] e = new DecisionEngine[1];
        List<Runnable> replay = List.of(
                () -> accept(e[0], entry),
                () -> e[0].orderFilled(RouterLikeFills.fillAt(entry, price(23), 100, 10, "t1", false)),
                () -> e[0].orderFilled(RouterLikeFills.fillAt(entry, price(23), 254, 10, "t2", true)),
                () -> accept(e[0], old));
        e[0] = restartedLazily(out2, out.orders, replay, e);
        assertThat(out2.sequence).containsExactly("cancel " + old.clientOrderId());
    }

    @Test
    void aRestartBetweenTheFillAndItsStopSendsTheStopTheUninterruptedRunEndsWith() {
        DecisionEngine first = engine("market");
        SubmitOrder entry = fillEntryInTwoParts(first);
        RecordingOrders out2 = new RecordingOrders();
        DecisionEngine[] e = new DecisionEngine[1];
        List<Runnable> replay = List.of(
                () -> accept(e[0], entry),
                () -> e[0].orderFilled(RouterLikeFills.fillAt(entry, price(23), 100, 10, "t1", false)),
                () -> e[0].orderFilled(RouterLikeFills.fillAt(entry, price(23), 254, 10, "t2", true)));
        e[0] = restartedLazily(out2, List.of(entry), replay, e);
        assertThat(out2.orders).singleElement().satisfies(o -> {
            assertThat(o.clientOrderId()).isEqualTo("vwap-momentum-2");
            assertThat(o.quantity()).isEqualTo(354);
            assertThat(o.triggerPrice()).isEqualTo(trigger(price(23)));
            assertThat(o.orderType()).isEqualTo(OrderType.STOP_MARKET);
        });
        assertThat(out2.cancels).isEmpty();
    }

    /** {@link #restarted}, with the engine handed to the replay steps as soon as it exists. */
    private DecisionEngine restartedLazily(RecordingOrders out2, List<SubmitOrder> sent, List<Runnable> replay,
                                           DecisionEngine[] holder) {
        AquatradeConfig config = DecisionEngineTest.shared("{id: vwap-momentum, capital: 1.0, orderFraction: 0.5, "
                + "stopLossBps: " + BPS + ", stopOrder: market, stopLimitOffsetBps: 20}");
        holder[0] = new DecisionEngine(DecisionConfig.from(config), config, out2);
        for (SubmitOrder o : sent) {
            holder[0].restoreSentOrder(o);
        }
        replay.forEach(Runnable::run);
        holder[0].rebuilt();
        return holder[0];
    }
}
