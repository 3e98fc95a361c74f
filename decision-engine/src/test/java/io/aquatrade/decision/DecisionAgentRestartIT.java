package io.aquatrade.decision;

import static io.aquatrade.decision.DecisionAgentIT.TRADE_COUNT;
import static io.aquatrade.decision.DecisionEngineTest.BAR_0005_NS;
import static io.aquatrade.decision.DecisionEngineTest.ID;
import static io.aquatrade.decision.DecisionEngineTest.TRADES;
import static io.aquatrade.decision.DecisionEngineTest.price;
import static io.aquatrade.decision.DecisionEngineTest.signal;
import static io.aquatrade.decision.DecisionEngineTest.timeNs;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import io.aquatrade.common.Direction;
import io.aquatrade.common.OrderListener;
import io.aquatrade.common.QueueRoot;
import io.aquatrade.common.SubmitOrder;
import io.aquatrade.common.Topic;
import io.aquatrade.common.TopicReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stops the agent half-way through the {@link DecisionAgentIT} run and starts a new one on the same queues: the
 * orders topic must end up exactly as in the uninterrupted run (no duplicate, counters continuing), also when the
 * signal generator sends an already-acted-on signal again after the restart.
 */
class DecisionAgentRestartIT {
    /** Trades #0..#30 (to 00:05:40.290) in the first half. */
    static final int FIRST_HALF = 31;

    @TempDir
    Path dir;

    private static void writeFirstHalf(AgentHarness.Inputs in) {
        in.trades(TRADES, 0, FIRST_HALF);
        in.marketDataProgress(timeNs(FIRST_HALF - 1), false);
        in.signal(signal(1, Direction.LONG, BAR_0005_NS, price(23)));
        in.signalProgress(timeNs(FIRST_HALF - 1), false);
    }

    private static void writeSecondHalf(AgentHarness.Inputs in) {
        in.trades(TRADES, FIRST_HALF, TRADE_COUNT);
        in.marketDataProgress(timeNs(TRADE_COUNT - 1), true);
        // a restarted signal generator sends its last signal again
        in.signal(signal(1, Direction.LONG, BAR_0005_NS, price(23)));
        DecisionAgentIT.writeSecondHalfSignals(in);
    }

    private static int ordersOnTopic(QueueRoot queues) {
        int n = 0;
        try (TopicReader<OrderListener> r = queues.reader(Topic.ORDERS, null)) {
            OrderListener count = o -> { };
            while (r.poll(count) > 0) {
                n++;
            }
        }
        return n;
    }

    @Test
    void aRestartHalfWayGivesTheOrdersOfAnUninterruptedRun() throws Exception {
        try (AgentHarness.Inputs in = new AgentHarness.Inputs(dir);
             RouterStub router = new RouterStub(in.queues(), TRADES.subList(0, TRADE_COUNT))) {
            writeFirstHalf(in);
            AgentHarness.Running first = new AgentHarness.Running(dir, DecisionAgentIT.config());
            long halfNs = timeNs(FIRST_HALF - 1);
            AgentHarness.pumpUntil(router, first, () -> router.ordersWatermarkNs() >= halfNs,
                    "the first agent to pass the first half");
            DecisionEngine before = first.stop();
            assertThat(router.seen).extracting(SubmitOrder::clientOrderId)
                    .containsExactly("vwap-momentum-1", "vwap-momentum-2");
            assertThat(before.orderCounter(ID)).isEqualTo(2);
            assertThat(before.ledger(ID).balance("ETH")).isEqualTo(99_849_767L);

            writeSecondHalf(in);
            AgentHarness.Running second = new AgentHarness.Running(dir, DecisionAgentIT.config());
            AgentHarness.pumpUntil(router, second, router::ordersEnded, "end of stream on orders");
            DecisionEngine after = second.stop();

            DecisionAgentIT.assertTheOrdersOfTheWholeRun(router.seen);
            assertThat(ordersOnTopic(in.queues())).isEqualTo(4);
            DecisionAgentIT.assertTheFinalState(after);
            assertThat(after.counters().ordersRestored()).isEqualTo(2);
            assertThat(after.counters().ordersSent()).isEqualTo(2);
            assertThat(after.counters().duplicateSignals()).isEqualTo(1);
            // every fill booked exactly once, whether read by the rebuild, the named tailer or both
            assertThat(after.counters().fillsApplied()).isEqualTo(4);
        }
    }

    @Test
    void aRestartWithAnOrderOutstandingWaitsForItsFillAndSendsNothingTwice() throws Exception {
        try (AgentHarness.Inputs in = new AgentHarness.Inputs(dir);
             RouterStub router = new RouterStub(in.queues(), TRADES.subList(0, TRADE_COUNT))) {
            writeFirstHalf(in);
            AgentHarness.Running first = new AgentHarness.Running(dir, DecisionAgentIT.config());
            // no router yet: the first order stays outstanding and the agent waits for its execution
            long deadline = System.nanoTime() + AgentHarness.TIMEOUT_MS * 1_000_000L;
            while (ordersOnTopic(in.queues()) < 1 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            DecisionEngine before = first.stop();
            assertThat(before.outstandingOrderIds()).containsExactly("vwap-momentum-1");
            assertThat(ordersOnTopic(in.queues())).isEqualTo(1);

            writeSecondHalf(in);
            AgentHarness.Running second = new AgentHarness.Running(dir, DecisionAgentIT.config());
            AgentHarness.pumpUntil(router, second, router::ordersEnded, "end of stream on orders");
            DecisionEngine after = second.stop();

            DecisionAgentIT.assertTheOrdersOfTheWholeRun(router.seen);
            assertThat(ordersOnTopic(in.queues())).isEqualTo(4);
            DecisionAgentIT.assertTheFinalState(after);
            assertThat(after.counters().ordersRestored()).isEqualTo(1);
            assertThat(after.counters().ordersSent()).isEqualTo(3);
            assertThat(after.counters().duplicateSignals()).isEqualTo(1);
            assertThat(after.counters().fillsApplied()).isEqualTo(4);
        }
    }
}
