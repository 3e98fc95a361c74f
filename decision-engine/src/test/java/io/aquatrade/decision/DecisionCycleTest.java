package io.aquatrade.decision;

import static io.aquatrade.decision.DecisionEngineTest.BAR_0005_NS;
import static io.aquatrade.decision.DecisionEngineTest.BAR_0010_NS;
import static io.aquatrade.decision.DecisionEngineTest.TRADES;
import static io.aquatrade.decision.DecisionEngineTest.price;
import static io.aquatrade.decision.DecisionEngineTest.signal;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.CancelRejectReason;
import io.aquatrade.common.CancelRejected;
import io.aquatrade.common.Direction;
import io.aquatrade.common.ExecutionListener;
import io.aquatrade.common.MarketDataListener;
import io.aquatrade.common.MemoryTopic;
import io.aquatrade.common.OrderAccepted;
import io.aquatrade.common.OrderExpired;
import io.aquatrade.common.OrderType;
import io.aquatrade.common.Progress;
import io.aquatrade.common.ProgressPublisher;
import io.aquatrade.common.Sequencer;
import io.aquatrade.common.SignalListener;
import io.aquatrade.common.SubmitOrder;
import io.aquatrade.common.Topic;
import io.aquatrade.common.TopicReader;
import org.junit.jupiter.api.Test;

/**
 * The decision engine's cycle in event time while an order rests at the venue, on real XRP/ETH trades of
 * 2019-10-11 (data/sample), with the router played by hand: the router's executions are written one message at a
 * time, the way a Chronicle reader can see them while the router is still writing its answer to an order.
 */
class DecisionCycleTest {
    private final RecordingOrders out = new RecordingOrders();
    private final MemoryTopic<SignalListener> signals = new MemoryTopic<>(Topic.SIGNALS, 64);
    private final MemoryTopic<ExecutionListener> executions = new MemoryTopic<>(Topic.EXECUTIONS, 64);
    private final MemoryTopic<MarketDataListener> marketData = new MemoryTopic<>(Topic.MARKET_DATA, 256);
    private final ExecutionListener router = executions.writer();
    private final TopicReader<SignalListener> signalReader = signals.reader(DecisionAgent.NAME);
    private final DecisionEngine engine;
    private final DecisionCycle cycle;

    DecisionCycleTest() {
        AquatradeConfig config = DecisionEngineTest.shared("{id: vwap-momentum, capital: 1.0, orderFraction: 0.5, "
                + "stopLossBps: 100, stopOrder: market}");
        engine = new DecisionEngine(DecisionConfig.from(config), config, out);
        cycle = new DecisionCycle(Sequencer.Mode.EVENT_TIME, engine, signalReader,
                executions.reader(DecisionAgent.NAME), marketData.reader(DecisionAgent.NAME),
                new ProgressPublisher(DecisionAgent.NAME, out));
        MarketDataListener feed = marketData.writer();
        for (int i = 0; i < 24; i++) { // the trades up to the 00:05 bar close
            feed.tradeTick(TRADES.get(i));
        }
        feed.progress(new Progress().source("market-data").eventTimeNs(BAR_0010_NS));
    }

    /** The router's watermark: how far it has read market data ({@code marketDataNs}) and its own low watermark. */
    private void routerWatermark(long watermarkNs, long marketDataNs) {
        router.progress(new Progress().source("order-router").eventTimeNs(watermarkNs).marketDataNs(marketDataNs));
    }

    private void accepted(SubmitOrder o) {
        router.orderAccepted(new OrderAccepted().clientOrderId(o.clientOrderId()).venueOrderId("paper-"
                + o.clientOrderId()).strategyId(o.strategyId()).instrument(o.instrument())
                .eventTimeNs(o.eventTimeNs()));
    }

    private void runCycle() {
        for (int i = 0; i < 20; i++) {
            cycle.doWork();
        }
    }

    @Test
    void aSignalAfterAnAcceptanceWaitsForTheRoutersNextWatermarkBecauseTheFillMayFollowIt() {
        long laterNs = BAR_0005_NS + 60_000_000_000L;
        SignalListener strategy = signals.writer();
        strategy.signal(signal(1, Direction.LONG, BAR_0005_NS, price(23)));
        strategy.signal(signal(2, Direction.FLAT, laterNs, price(23)));
        strategy.progress(new Progress().source("signal-generator").eventTimeNs(BAR_0010_NS));
        routerWatermark(TRADES.get(0).eventTimeNs(), BAR_0010_NS);

        runCycle();
        SubmitOrder entry = out.last();
        assertThat(entry.eventTimeNs()).isEqualTo(BAR_0005_NS);
        assertThat(out.orders).hasSize(1);
        assertThat(signalReader.hasPending()).as("FLAT waits while the entry is unanswered").isTrue();

        // the router has answered with an acceptance and is still writing the fill: the FLAT must not pass it
        accepted(entry);
        runCycle();
        assertThat(signalReader.hasPending()).as("FLAT waits for the router's watermark after the acceptance")
                .isTrue();
        assertThat(engine.position(DecisionEngineTest.ID, "XRPETH").quantity()).isZero();

        router.orderFilled(RouterLikeFills.fillAt(entry, price(23), entry.quantity(), 10, "t1", true));
        routerWatermark(TRADES.get(0).eventTimeNs(), BAR_0010_NS);
        runCycle();
        // the fill placed the protective stop at the fill's time: unanswered, it holds the FLAT back again
        SubmitOrder stop = out.last();
        assertThat(stop.orderType()).isEqualTo(OrderType.STOP_MARKET);
        assertThat(engine.position(DecisionEngineTest.ID, "XRPETH").quantity()).isEqualTo(entry.quantity());
        assertThat(signalReader.hasPending()).isTrue();

        accepted(stop);
        routerWatermark(TRADES.get(0).eventTimeNs(), BAR_0010_NS);
        runCycle();
        // now every request is answered and the router has read market data past the FLAT: it passes, with the stop
        // resting (the router waits on this engine's watermark, so it could not promise more by itself)
        assertThat(signalReader.hasPending()).isFalse();
        SubmitOrder close = out.last();
        assertThat(close.signalId()).isEqualTo(2);
        assertThat(close.quantity()).isEqualTo(entry.quantity());
    }

    @Test
    void aCancelRestoredAfterARestartStaysUnansweredUntilTheVenuesAnswerEvenIfItsOrderEndedFirst() {
        AquatradeConfig config = DecisionEngineTest.shared("{id: vwap-momentum, capital: 1.0, orderFraction: 0.5, "
                + "stopLossBps: 100, stopOrder: market}");
        RecordingOrders before = new RecordingOrders();
        DecisionEngine first = new DecisionEngine(DecisionConfig.from(config), config, before);
        DecisionEngineTest.trades(first, 0, 24);
        first.signal(signal(1, Direction.LONG, BAR_0005_NS, price(23)));
        SubmitOrder entry = before.last();
        long laterNs = BAR_0005_NS + 60_000_000_000L;
        // what the router answers, replayed identically after the restart
        List<Consumer<DecisionEngine>> executions = new ArrayList<>();
        executions.add(e -> DecisionEngineTest.accept(e, entry));
        executions.add(e -> e.orderFilled(RouterLikeFills.fillAt(entry, price(23), entry.quantity(), 10, "t1", true)));
        executions.forEach(x -> x.accept(first));
        SubmitOrder stop = before.last();
        assertThat(stop.orderType()).isEqualTo(OrderType.STOP_MARKET);
        executions.add(e -> DecisionEngineTest.accept(e, stop));
        executions.get(executions.size() - 1).accept(first);
        first.signal(signal(2, Direction.FLAT, laterNs, price(23)));
        SubmitOrder close = before.last();
        assertThat(close.signalId()).isEqualTo(2);
        executions.add(e -> DecisionEngineTest.accept(e, close));
        executions.add(e -> e.orderFilled(RouterLikeFills.fillAt(close, price(23), close.quantity(), 10, "t2", true)));
        executions.get(executions.size() - 2).accept(first);
        executions.get(executions.size() - 1).accept(first);
        // flat: the stop is cancelled at the close's fill
        assertThat(before.cancels).extracting(c -> c.clientOrderId()).containsExactly(stop.clientOrderId());
        assertThat(first.earliestUnansweredNs()).isEqualTo(laterNs);

        // a restart: the orders topic as written, in order, then the executions written before it
        DecisionEngine second = new DecisionEngine(DecisionConfig.from(config), config, new RecordingOrders());
        second.replaying(true);
        int submitted = 0;
        int cancelled = 0;
        for (String step : before.sequence) {
            if (step.startsWith("submit ")) {
                second.restoreSentOrder(before.orders.get(submitted++));
            } else {
                second.restoreSentCancel(before.cancels.get(cancelled++));
            }
        }
        executions.forEach(x -> x.accept(second));
        assertThat(second.earliestUnansweredNs()).as("the cancel is unanswered after the restart too")
                .isEqualTo(laterNs);
        // the stop ends by itself (the venue expires it) before the cancel reaches the venue, which then refuses it
        second.orderExpired(new OrderExpired().clientOrderId(stop.clientOrderId()).strategyId(stop.strategyId())
                .instrument(stop.instrument()).cumulativeQuantity(0).reason("test").eventTimeNs(laterNs));
        assertThat(second.outstandingOrders()).isZero();
        assertThat(second.earliestUnansweredNs()).as("its order ended; the cancel is still unanswered")
                .isEqualTo(laterNs);
        second.cancelRejected(new CancelRejected().clientOrderId(stop.clientOrderId())
                .strategyId(stop.strategyId()).instrument(stop.instrument())
                .reasonCode(CancelRejectReason.ORDER_FINISHED).reason("finished").eventTimeNs(laterNs));
        assertThat(second.earliestUnansweredNs()).isEqualTo(Long.MAX_VALUE);
    }
}
