package io.aquatrade.decision;

import static io.aquatrade.decision.DecisionEngineTest.BAR_0005_NS;
import static io.aquatrade.decision.DecisionEngineTest.TRADES;
import static io.aquatrade.decision.DecisionEngineTest.price;
import static io.aquatrade.decision.DecisionEngineTest.signal;
import static io.aquatrade.decision.DecisionEngineTest.timeNs;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.DenyReason;
import io.aquatrade.common.Direction;
import io.aquatrade.common.ExecutionListener;
import io.aquatrade.common.OrderListener;
import io.aquatrade.common.Progress;
import io.aquatrade.common.QueueRoot;
import io.aquatrade.common.ReconciliationStatus;
import io.aquatrade.common.Sequencer;
import io.aquatrade.common.Topic;
import io.aquatrade.common.TopicReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The decision-engine agent on real queues reads the order router's {@link ReconciliationStatus} from
 * {@code executions}: a reduce-only instrument's entries are denied {@link DenyReason#RECONCILIATION}, a restarted
 * agent rebuilds that state from the topic, and a later "resolved" lets entries go; on the sample's real XRP/ETH
 * trades, the agent run on the test thread pass by pass.
 */
class ReconciliationAgentIT {
    @TempDir
    Path dir;

    private static void passes(DecisionAgent agent) throws Exception {
        for (int i = 0; i < 50; i++) {
            agent.doWork();
        }
    }

    private static RecordingOrders orders(QueueRoot queues) {
        RecordingOrders out = new RecordingOrders();
        try (TopicReader<OrderListener> r = queues.reader(Topic.ORDERS, null)) {
            while (r.poll(out) > 0) {
                // to the end
            }
        }
        return out;
    }

    private static void status(ExecutionListener executions, boolean reduceOnly, long timeNs) {
        executions.reconciliation(new ReconciliationStatus().instrument("XRPETH").reduceOnly(reduceOnly)
                .reason("XRP: binance 400, executions 354, difference 46, tolerance 1 (1 steps of 1)")
                .eventTimeNs(timeNs));
        executions.progress(new Progress().source("order-router").eventTimeNs(timeNs));
    }

    @Test
    void aReduceOnlyInstrumentOnExecutionsDeniesEntriesAcrossARestartUntilResolved() throws Exception {
        AquatradeConfig config = DecisionEngineTest.shared(DecisionEngineTest.DEFAULT_STRATEGY);
        Path queueDir = dir.resolve("queues");
        Path file = dir.resolve("KILL_SWITCH"); // never created
        AtomicLong now = new AtomicLong(1_000_000_000_000L);
        try (QueueRoot queues = new QueueRoot(queueDir)) {
            AgentHarness.Inputs in = new AgentHarness.Inputs(queueDir);
            in.trades(TRADES, 0, 31); // to 00:05:40, past the signals' bar close
            in.marketDataProgress(timeNs(30), false);
            ExecutionListener executions = queues.writer(Topic.EXECUTIONS);
            status(executions, true, timeNs(20));
            OrderListener ordersOut = queues.writer(Topic.ORDERS);
            DecisionAgent agent = new DecisionAgent(queues, new DecisionEngine(DecisionConfig.from(config), config,
                    ordersOut), ordersOut, Sequencer.Mode.EVENT_TIME, file, now::get);
            passes(agent);
            in.signal(signal(1, Direction.LONG, BAR_0005_NS, price(23)));
            in.signalProgress(BAR_0005_NS, false);
            passes(agent);
            assertThat(orders(queues).orders).isEmpty();
            assertThat(orders(queues).denials).singleElement().satisfies(d -> {
                assertThat(d.reasonCode()).isEqualTo(DenyReason.RECONCILIATION);
                assertThat(d.signalId()).isEqualTo(1);
            });
            agent.onClose();

            // a restart rebuilds the state from executions
            DecisionAgent restarted = new DecisionAgent(queues, new DecisionEngine(DecisionConfig.from(config),
                    config, ordersOut), ordersOut, Sequencer.Mode.EVENT_TIME, file, now::get);
            passes(restarted);
            assertThat(restarted.engine().reduceOnly("XRPETH")).isTrue();
            in.signal(signal(2, Direction.LONG, BAR_0005_NS, price(23)));
            passes(restarted);
            assertThat(orders(queues).orders).isEmpty();
            assertThat(orders(queues).denials).hasSize(2).allSatisfy(d ->
                    assertThat(d.reasonCode()).isEqualTo(DenyReason.RECONCILIATION));

            // resolved: the next entry goes
            status(executions, false, timeNs(21));
            passes(restarted);
            assertThat(restarted.engine().reduceOnly("XRPETH")).isFalse();
            in.signal(signal(3, Direction.LONG, BAR_0005_NS, price(23)));
            passes(restarted);
            assertThat(orders(queues).orders).singleElement().satisfies(o -> {
                assertThat(o.signalId()).isEqualTo(3);
                assertThat(o.quantity()).isEqualTo(354);
            });
            restarted.onClose();
            in.close();
        }
    }
}
