package io.aquatrade.decision;

import java.util.concurrent.Callable;

import io.aquatrade.common.AgentRunner;
import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.EpochClock;
import io.aquatrade.common.ErrorCounters;
import io.aquatrade.common.HeartbeatWriter;
import io.aquatrade.common.IdleStrategies;
import io.aquatrade.common.OrderListener;
import io.aquatrade.common.PoisonMessagePolicy;
import io.aquatrade.common.ProcessCli;
import io.aquatrade.common.QueueRoot;
import io.aquatrade.common.Topic;
import net.openhft.chronicle.threads.Pauser;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The decision-engine process: reads {@code signals}, {@code executions} and {@code market-data}, writes
 * {@code orders}. Exit codes: 2 for a bad config value (the message names the field), 1 if the agent failed (the
 * supervisor restarts it; restart is safe). On SIGTERM the agent stops after its current pass and closes its queues;
 * the JVM then exits with the signal's status.
 */
@Command(name = DecisionAgent.NAME, mixinStandardHelpOptions = true,
        description = "Turns strategy signals into orders under per-strategy risk rules (sizing, stop-loss).")
public final class DecisionEngineMain implements Callable<Integer> {
    @CommandLine.Mixin
    ProcessCli.CommonOptions common;

    /**
     * Runs the process until it is stopped.
     *
     * @param args {@code --config FILE}, {@code --queue-dir DIR}, {@code --help}
     */
    public static void main(String[] args) {
        System.exit(ProcessCli.execute(DecisionAgent.NAME, new DecisionEngineMain(), args));
    }

    /**
     * Loads and validates the config, rebuilds state from the topics and runs the agent.
     *
     * @return the exit code
     * @throws io.aquatrade.common.ConfigException on a bad config value (exit code 2)
     */
    @Override
    public Integer call() {
        ProcessCli.Loaded loaded = common.load();
        AquatradeConfig config = loaded.config();
        DecisionConfig decision = DecisionConfig.from(config);
        Pauser pauser = IdleStrategies.parse("runtime.idle", config.runtime().idle());
        EpochClock clock = EpochClock.system();
        ErrorCounters errors = new ErrorCounters();
        // made first: startedAtMs is the process's start; it writes once its runner runs
        HeartbeatWriter heartbeat = new HeartbeatWriter(loaded.heartbeatDir(), DecisionAgent.NAME,
                config.runtime().heartbeat(), clock, errors);
        try (QueueRoot queues = new QueueRoot(loaded.queueDir()).poisonMessages(new PoisonMessagePolicy(
                DecisionAgent.NAME, config.runtime().poisonMessage(), errors, clock))) {
            OrderListener orders = queues.writer(Topic.ORDERS);
            DecisionEngine engine = new DecisionEngine(decision, config, orders);
            DecisionAgent agent = new DecisionAgent(queues, engine, orders, config.runtime().sequencing(),
                    java.nio.file.Path.of(config.runtime().killSwitchFile()), clock);
            heartbeat.inputs(queues);
            return new AgentRunner(agent, pauser, errors).heartbeat(heartbeat).runUntilShutdown();
        }
    }
}
