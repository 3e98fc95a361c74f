package io.aquatrade.signal;

import java.util.concurrent.Callable;

import io.aquatrade.common.AgentRunner;
import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.EpochClock;
import io.aquatrade.common.ErrorCounters;
import io.aquatrade.common.HeartbeatWriter;
import io.aquatrade.common.IdleStrategies;
import io.aquatrade.common.PoisonMessagePolicy;
import io.aquatrade.common.ProcessCli;
import io.aquatrade.common.QueueRoot;
import net.openhft.chronicle.threads.Pauser;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code signal-generator} process: market-data topic in, bars and signals topics out.
 *
 * <p>With {@code signal-generator.tradeContext} set it also reads the executions topic and writes a trade context file
 * per fill ({@link TradeContextRecorder}).
 *
 * <p>Flags: {@code --config FILE} (default config/aquatrade.yaml), {@code --queue-dir DIR} (overrides
 * {@code runtime.queueDir}), {@code --timeframe DURATION} (overrides the default timeframe
 * {@code signal-generator.timeframe}, e.g. 1m; strategies that state a timeframe keep it).
 * A bad flag or config value stops it at start-up with exit code 2 and a message naming the field; otherwise it
 * runs until SIGTERM/SIGINT (it idles after the end of a replay), then exits 0, or 1 if the agent failed, or 3 if it
 * halted on a poison message ({@code runtime.poisonMessage.action: halt}).
 */
@Command(name = "signal-generator", mixinStandardHelpOptions = true,
        description = "Builds bars from the market-data topic, computes indicators, runs strategies, and writes "
                + "the bars and signals topics.")
public final class SignalGeneratorMain implements Callable<Integer> {
    @CommandLine.Mixin
    ProcessCli.CommonOptions common;

    @CommandLine.Option(names = "--timeframe", paramLabel = "DURATION",
            description = "Default bar timeframe, e.g. 1m, 5m, 1h; overrides signal-generator.timeframe in the "
                    + "config (strategies that state a timeframe keep it).")
    String timeframe;

    /**
     * Process entry point.
     *
     * @param args command-line flags, see the class comment
     */
    public static void main(String[] args) {
        System.exit(ProcessCli.execute(SignalAgent.NAME, new SignalGeneratorMain(), args));
    }

    /**
     * Loads and validates the config, builds the engine and its agent, and runs the agent until shutdown.
     *
     * @return exit code: 0 after a clean stop, 1 if the agent failed, 3 if it halted on a poison message
     * @throws io.aquatrade.common.ConfigException on a bad flag or config value (mapped to exit code 2)
     */
    @Override
    public Integer call() {
        ProcessCli.Loaded loaded = common.load();
        AquatradeConfig cfg = loaded.config();
        SignalConfig config = SignalConfig.from(cfg, timeframe);
        Pauser pauser = IdleStrategies.parse("runtime.idle", cfg.runtime().idle());
        TradeContextRecorder recorder = config.tradeContext() == null ? null
                : new TradeContextRecorder(config.tradeContext(), config, cfg.instruments().values());
        EpochClock clock = EpochClock.system();
        ErrorCounters errors = new ErrorCounters();
        // made first: startedAtMs is the process's start; it writes once its runner runs
        HeartbeatWriter heartbeat = new HeartbeatWriter(loaded.heartbeatDir(), SignalAgent.NAME,
                cfg.runtime().heartbeat(), clock, errors);
        try (QueueRoot root = new QueueRoot(loaded.queueDir()).poisonMessages(new PoisonMessagePolicy(
                SignalAgent.NAME, cfg.runtime().poisonMessage(), errors, clock))) {
            SignalAgent agent = new SignalAgent(root, cfg.runtime().sequencing(),
                    (bars, signals) -> new SignalEngine(config, cfg.instruments().values(), bars, signals, recorder),
                    recorder);
            heartbeat.inputs(root);
            return new AgentRunner(agent, pauser, errors).heartbeat(heartbeat).runUntilShutdown();
        }
    }
}
