package io.aquatrade.decision;

import static io.aquatrade.decision.DecisionEngineTest.BAR_0005_NS;
import static io.aquatrade.decision.DecisionEngineTest.BAR_0010_NS;
import static io.aquatrade.decision.DecisionEngineTest.TRADES;
import static io.aquatrade.decision.DecisionEngineTest.price;
import static io.aquatrade.decision.DecisionEngineTest.signal;
import static org.assertj.core.api.Assertions.assertThat;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.Direction;
import io.aquatrade.common.ExecutionListener;
import io.aquatrade.common.MarketDataListener;
import io.aquatrade.common.MemoryTopic;
import io.aquatrade.common.OrderAccepted;
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
}
