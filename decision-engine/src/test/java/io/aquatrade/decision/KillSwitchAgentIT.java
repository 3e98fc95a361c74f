package io.aquatrade.decision;

import static io.aquatrade.decision.DecisionEngineTest.BAR_0005_NS;
import static io.aquatrade.decision.DecisionEngineTest.TRADES;
import static io.aquatrade.decision.DecisionEngineTest.price;
import static io.aquatrade.decision.DecisionEngineTest.signal;
import static io.aquatrade.decision.DecisionEngineTest.timeNs;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.DenyReason;
import io.aquatrade.common.Direction;
import io.aquatrade.common.KillSwitch;
import io.aquatrade.common.OrderListener;
import io.aquatrade.common.QueueRoot;
import io.aquatrade.common.Sequencer;
import io.aquatrade.common.Topic;
import io.aquatrade.common.TopicReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The decision-engine agent on real queues reads the kill switch from the {@code control} topic (from its start, so
 * the state a restart finds holds) and from {@code runtime.killSwitchFile}, looked for at most every
 * {@value DecisionAgent#KILL_SWITCH_FILE_CHECK_MS} ms of its clock (a hand-advanced one here), on the sample's real
 * XRP/ETH trades. The agent runs on the test thread, pass by pass.
 */
class KillSwitchAgentIT {
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

    @Test
    void theFileAndTheControlTopicEachTurnItOnAndTheTopicsStateSurvivesARestart() throws Exception {
        AquatradeConfig config = DecisionEngineTest.shared(DecisionEngineTest.DEFAULT_STRATEGY);
        Path file = dir.resolve("KILL_SWITCH");
        Path queueDir = dir.resolve("queues");
        AtomicLong now = new AtomicLong(1_000_000_000_000L);
        try (QueueRoot queues = new QueueRoot(queueDir)) {
            AgentHarness.Inputs in = new AgentHarness.Inputs(queueDir);
            in.trades(TRADES, 0, 31); // to 00:05:40, past the signals' bar close
            in.marketDataProgress(timeNs(30), false);
            Files.createFile(file);
            OrderListener ordersOut = queues.writer(Topic.ORDERS);
            DecisionAgent agent = new DecisionAgent(queues, new DecisionEngine(DecisionConfig.from(config), config,
                    ordersOut), ordersOut, Sequencer.Mode.EVENT_TIME, file, now::get);
            passes(agent);

            // the file exists: a LONG is denied
            in.signal(signal(1, Direction.LONG, BAR_0005_NS, price(23)));
            in.signalProgress(BAR_0005_NS, false);
            passes(agent);
            assertThat(orders(queues).denials).singleElement()
                    .satisfies(d -> assertThat(d.reasonCode()).isEqualTo(DenyReason.KILL_SWITCH));

            // removed, but not looked for again until 100 ms of the clock have passed
            Files.delete(file);
            now.addAndGet(DecisionAgent.KILL_SWITCH_FILE_CHECK_MS * 1_000_000L - 1);
            in.signal(signal(2, Direction.LONG, BAR_0005_NS, price(23)));
            passes(agent);
            assertThat(orders(queues).denials).hasSize(2);
            now.addAndGet(1);
            passes(agent);
            in.signal(signal(3, Direction.LONG, BAR_0005_NS, price(23)));
            passes(agent);
            assertThat(orders(queues).orders).singleElement().satisfies(o -> assertThat(o.signalId()).isEqualTo(3));

            // the control topic turns it on; a new agent (a restart) reads that state from the topic's start
            queues.writer(Topic.CONTROL).killSwitch(new KillSwitch().on(true).flatten(false).reason("test")
                    .source("kill-switch@test").eventTimeNs(1));
            passes(agent);
            assertThat(agent.engine().killSwitchOn()).isTrue();
            agent.onClose();
            DecisionAgent restarted = new DecisionAgent(queues, new DecisionEngine(DecisionConfig.from(config),
                    config, ordersOut), ordersOut, Sequencer.Mode.EVENT_TIME, file, now::get);
            passes(restarted);
            assertThat(restarted.engine().killSwitchOn()).isTrue();
            restarted.onClose();
            in.close();
        }
    }
}
