package io.aquatrade.decision;

import static io.aquatrade.decision.DecisionEngineTest.BAR_0005_NS;
import static io.aquatrade.decision.DecisionEngineTest.BAR_0010_NS;
import static io.aquatrade.decision.DecisionEngineTest.DEFAULT_STRATEGY;
import static io.aquatrade.decision.DecisionEngineTest.ID;
import static io.aquatrade.decision.DecisionEngineTest.TRADES;
import static io.aquatrade.decision.DecisionEngineTest.price;
import static io.aquatrade.decision.DecisionEngineTest.signal;
import static io.aquatrade.decision.DecisionEngineTest.timeNs;
import static org.assertj.core.api.Assertions.assertThat;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.DenyReason;
import io.aquatrade.common.Direction;
import io.aquatrade.common.ExecutionListener;
import io.aquatrade.common.MarketDataListener;
import io.aquatrade.common.MemoryTopic;
import io.aquatrade.common.OrderAccepted;
import io.aquatrade.common.Progress;
import io.aquatrade.common.ProgressPublisher;
import io.aquatrade.common.Sequencer;
import io.aquatrade.common.SignalListener;
import io.aquatrade.common.SubmitOrder;
import io.aquatrade.common.Topic;
import io.aquatrade.decision.OrderTracker.State;
import org.junit.jupiter.api.Test;

/**
 * Issue 9: a router outage longer than {@code orderTimeoutMs} must never double an entry. The decision engine's live
 * cycle ({@link Sequencer.Mode#ARRIVAL}) over in-memory topics, the router played by hand (its executions and
 * watermarks written on {@code executions}), on real XRP/ETH trades of 2019-10-11 (data/sample); time moves only as
 * the test writes messages. The entry is {@link DecisionEngineTest}'s: LONG at 00:05, a buy of 354 XRP
 * (50000000 / 141192 = 354.1 at trade #23's price). Default {@code orderTimeoutMs}: 30 s.
 */
class RouterOutageTest {
    private static final long MS = 1_000_000L;
    private static final long TIMEOUT_NS = 30_000 * MS;

    private final RecordingOrders out = new RecordingOrders();
    private final MemoryTopic<SignalListener> signals = new MemoryTopic<>(Topic.SIGNALS, 64);
    private final MemoryTopic<ExecutionListener> executions = new MemoryTopic<>(Topic.EXECUTIONS, 64);
    private final MemoryTopic<MarketDataListener> marketData = new MemoryTopic<>(Topic.MARKET_DATA, 256);
    private final SignalListener strategy = signals.writer();
    private final ExecutionListener router = executions.writer();
    private final MarketDataListener feed = marketData.writer();
    private final DecisionEngine engine;
    private final DecisionCycle cycle;

    RouterOutageTest() {
        AquatradeConfig config = DecisionEngineTest.shared(DEFAULT_STRATEGY);
        engine = new DecisionEngine(DecisionConfig.from(config), config, out);
        cycle = new DecisionCycle(Sequencer.Mode.ARRIVAL, engine, signals.reader(DecisionAgent.NAME),
                executions.reader(DecisionAgent.NAME), marketData.reader(DecisionAgent.NAME),
                new ProgressPublisher(DecisionAgent.NAME, out));
    }

    private void trades(int from, int to) {
        for (int i = from; i < to; i++) {
            feed.tradeTick(TRADES.get(i));
        }
    }

    /** The router's watermark after it read market data up to {@code marketDataNs}. */
    private void routerRead(long marketDataNs) {
        router.progress(new Progress().source("order-router").eventTimeNs(marketDataNs).marketDataNs(marketDataNs));
    }

    private void runCycle() {
        for (int i = 0; i < 20; i++) {
            cycle.doWork();
        }
    }

    /** Trades #0..#23 read by the engine and the router, then LONG at 00:05: the entry goes out. */
    private SubmitOrder entrySent() {
        trades(0, 24);
        routerRead(timeNs(23));
        runCycle();
        strategy.signal(signal(1, Direction.LONG, BAR_0005_NS, price(23)));
        runCycle();
        assertThat(out.orders).hasSize(1);
        SubmitOrder entry = out.last();
        assertThat(entry.side()).isEqualTo(io.aquatrade.common.Side.BUY);
        assertThat(entry.quantity()).isEqualTo(354);
        return entry;
    }

    @Test
    void whileTheRouterIsSilentNoEntryTimesOutAndNoSecondEntryGoesThenItsAnswerBooksThePositionOnce() {
        SubmitOrder entry = entrySent();

        // the router dies right after placing the entry at the venue: no execution, no watermark. Market data moves on
        // 00:05:19 .. 00:13:36: 516 s past the entry, more than 10 x orderTimeoutMs
        trades(24, 45);
        runCycle();
        assertThat(timeNs(44) - entry.eventTimeNs()).isGreaterThan(10 * TIMEOUT_NS);
        assertThat(engine.lastEventTimeNs()).isEqualTo(timeNs(44));
        assertThat(engine.orderState(entry.clientOrderId())).isEqualTo(State.PENDING_NEW);
        assertThat(engine.counters().ordersTimedOut()).isZero();
        assertThat(engine.position(ID, "XRPETH").pendingOrderId()).isEqualTo(entry.clientOrderId());

        // a second entry signal meanwhile: denied, the first may be at the venue
        strategy.signal(signal(2, Direction.LONG, BAR_0010_NS + 300_000 * MS, price(44)));
        runCycle();
        assertThat(out.orders).as("no second SubmitOrder while the first is unanswered").hasSize(1);
        assertThat(out.denials).extracting(d -> d.reasonCode()).containsExactly(DenyReason.ORDER_OUTSTANDING);

        // the router restarts, finds the entry at the venue (filled) and reports it
        router.orderAccepted(new OrderAccepted().clientOrderId(entry.clientOrderId())
                .venueOrderId("binance-1").strategyId(entry.strategyId()).instrument(entry.instrument())
                .eventTimeNs(entry.eventTimeNs()));
        router.orderFilled(RouterLikeFills.fillAt(entry, price(23), 354, 10, "t-1", true));
        routerRead(timeNs(44));
        trades(45, 47);
        runCycle();
        assertThat(engine.orderState(entry.clientOrderId())).isEqualTo(State.FILLED);
        assertThat(engine.counters().lateFills()).isZero();
        assertThat(out.cancels).as("nothing to cancel: it never timed out").isEmpty();
        assertThat(out.orders).hasSize(1);
        assertThat(engine.position(ID, "XRPETH").quantity()).isEqualTo(354);
        // 354 x 0.00141192 = 0.49981968 ETH, fee 10 bps 0.00049981968 -> 0.00049982 (up):
        // 1.0 - 0.49981968 - 0.00049982 = 0.4996805 ETH
        assertThat(engine.ledger(ID).balance("ETH")).isEqualTo(49_968_050L);
        assertThat(engine.ledger(ID).balance("XRP")).isEqualTo(354_00000000L);
    }

    /**
     * The backstop stays: a router that keeps reading market data past an order without ever answering it (it lost
     * the order) makes it time out once it has read more than {@code orderTimeoutMs} past it, on the router's
     * progress, whatever the engine's own market data says.
     */
    @Test
    void anOrderTheRouterReadsPastWithoutAnsweringTimesOutOnTheRoutersProgress() {
        SubmitOrder entry = entrySent();
        routerRead(entry.eventTimeNs() + TIMEOUT_NS); // exactly 30 s past it: not yet
        runCycle();
        assertThat(engine.orderState(entry.clientOrderId())).isEqualTo(State.PENDING_NEW);

        // the engine's own market data is still at trade #23; the router has read 30.381 s past the entry
        routerRead(timeNs(26));
        runCycle();
        assertThat(engine.lastEventTimeNs()).isLessThan(timeNs(24));
        assertThat(engine.orderState(entry.clientOrderId())).isEqualTo(State.TIMED_OUT);
        assertThat(engine.counters().ordersTimedOut()).isEqualTo(1);
        assertThat(engine.position(ID, "XRPETH").pendingOrderId()).isNull();
    }

    /**
     * An engine behind the router (working through a backlog after its own restart) sends an order stamped long
     * before the router's progress: the router's next watermark must not time it out at once; it gets the whole
     * timeout from the router's progress known when it was sent.
     */
    @Test
    void anOrderSentWhileTheEngineIsBehindTheRouterGetsTheWholeTimeout() {
        trades(0, 24);
        routerRead(timeNs(29)); // the router has read to 00:07:52, the engine to 00:04:50
        runCycle();
        strategy.signal(signal(1, Direction.LONG, BAR_0005_NS, price(23)));
        runCycle();
        SubmitOrder entry = out.last();
        assertThat(timeNs(29) - entry.eventTimeNs()).isGreaterThan(TIMEOUT_NS);
        routerRead(timeNs(29) + TIMEOUT_NS);
        runCycle();
        assertThat(engine.orderState(entry.clientOrderId())).isEqualTo(State.PENDING_NEW);
        routerRead(timeNs(29) + TIMEOUT_NS + 1);
        runCycle();
        assertThat(engine.orderState(entry.clientOrderId())).isEqualTo(State.TIMED_OUT);
    }

    /**
     * Cancels too: the cancel of a protective stop, sent when the position closed, stays awaited while the router is
     * silent however far market data moves (it holds the engine's executions input, see {@code DecisionCycle}), and
     * is given up only once the router has read {@code orderTimeoutMs} past it without answering.
     */
    @Test
    void aCancelIsGivenUpOnlyOnTheRoutersProgress() {
        AquatradeConfig config = DecisionEngineTest.shared("{id: vwap-momentum, capital: 1.0, orderFraction: 0.5, "
                + "stopLossBps: 100, stopOrder: market}");
        RecordingOrders sent = new RecordingOrders();
        DecisionEngine e = new DecisionEngine(DecisionConfig.from(config), config, sent);
        DecisionEngineTest.trades(e, 0, 24);
        e.signal(signal(1, Direction.LONG, BAR_0005_NS, price(23)));
        SubmitOrder entry = sent.last();
        DecisionEngineTest.accept(e, entry);
        e.orderFilled(RouterLikeFills.fillAt(entry, price(23), entry.quantity(), 10, "t-1", true));
        SubmitOrder stop = sent.last();
        assertThat(stop.orderType()).isEqualTo(io.aquatrade.common.OrderType.STOP_MARKET);
        DecisionEngineTest.accept(e, stop);
        e.signal(signal(2, Direction.FLAT, timeNs(24), price(24)));
        SubmitOrder close = sent.last();
        DecisionEngineTest.accept(e, close);
        e.orderFilled(RouterLikeFills.fillAt(close, price(24), close.quantity(), 10, "t-2", true));
        assertThat(sent.cancels).extracting(c -> c.clientOrderId()).containsExactly(stop.clientOrderId());
        long cancelNs = sent.cancels.get(0).eventTimeNs();
        assertThat(e.earliestUnansweredNs()).isEqualTo(cancelNs);

        // the router dies: market data moves 10 x orderTimeoutMs and more, the cancel is still awaited
        DecisionEngineTest.trades(e, 24, 45);
        assertThat(timeNs(44) - cancelNs).isGreaterThan(10 * TIMEOUT_NS);
        assertThat(e.earliestUnansweredNs()).isEqualTo(cancelNs);

        e.routerProgress(cancelNs + TIMEOUT_NS); // the router back, exactly 30 s past the cancel: still awaited
        assertThat(e.earliestUnansweredNs()).isEqualTo(cancelNs);
        e.routerProgress(cancelNs + TIMEOUT_NS + 1);
        assertThat(e.earliestUnansweredNs()).isEqualTo(Long.MAX_VALUE);
    }
}
