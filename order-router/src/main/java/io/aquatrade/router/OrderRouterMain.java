package io.aquatrade.router;

import java.util.concurrent.Callable;

import io.aquatrade.common.AgentRunner;
import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.EpochClock;
import io.aquatrade.common.ErrorCounters;
import io.aquatrade.common.HeartbeatWriter;
import io.aquatrade.common.ExecutionListener;
import io.aquatrade.common.IdleStrategies;
import io.aquatrade.common.PoisonMessagePolicy;
import io.aquatrade.common.ProcessCli;
import io.aquatrade.common.QueueRoot;
import io.aquatrade.common.ConfigException;
import io.aquatrade.common.Topic;
import io.aquatrade.router.venue.binance.BinanceCredentials;
import io.aquatrade.router.venue.binance.BinanceVenue;
import net.openhft.chronicle.threads.Pauser;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code order-router} process: reads {@code market-data} and {@code orders}, executes orders on the configured
 * venue ({@code paper}, or {@code binance} with {@code --live}) and writes {@code executions}.
 *
 * <p>Flags: {@code --config FILE} (default {@code config/aquatrade.yaml}), {@code --queue-dir DIR} (overrides
 * {@code runtime.queueDir}), {@code --live} (required with {@code order-router.venue: binance}: real orders on
 * Binance). Exit codes: 0 after a clean stop (SIGTERM/SIGINT), 1 if the agent failed (the supervisor restarts it;
 * restart is safe), 2 for a bad flag or config value, {@code venue: binance} without {@code --live}, or a key file
 * wider than mode 0600: all refused at start-up, before any queue is opened or any request is sent.
 */
@Command(name = "order-router", mixinStandardHelpOptions = true,
        description = "Executes orders from the orders topic on the configured venue (paper, or binance with --live) "
                + "and writes executions.")
public final class OrderRouterMain implements Callable<Integer> {
    @CommandLine.Mixin
    ProcessCli.CommonOptions common;

    @CommandLine.Option(names = "--live", description = "Allow order-router.venue: binance, which sends real orders "
            + "to Binance (real money, or the testnet with order-router.binance.testnet: true).")
    boolean live;

    /** Process entry: exits with {@link #call()}'s code, or 2 on a bad flag or config value. */
    public static void main(String[] args) {
        System.exit(ProcessCli.execute(RouterAgent.TAILER, new OrderRouterMain(), args));
    }

    /**
     * Loads and validates the config, builds the router and its agent (which recovers state from the queues) and
     * runs it until shutdown.
     *
     * @return the exit code
     * @throws io.aquatrade.common.ConfigException on a bad config value (ProcessCli maps it to exit code 2)
     */
    @Override
    public Integer call() {
        ProcessCli.Loaded loaded = common.load();
        AquatradeConfig cfg = loaded.config();
        RouterConfig routerConfig = RouterConfig.from(cfg);
        EpochClock clock = EpochClock.system();
        Venue.Factory venue = OrderRouter.paper(routerConfig, cfg);
        if (RouterConfig.BINANCE.equals(routerConfig.venue())) {
            if (!live) {
                throw new ConfigException("--live", "the --live flag with order-router.venue: binance, which sends "
                        + "real orders to Binance; refusing to start without it");
            }
            BinanceCredentials credentials = BinanceCredentials.load(routerConfig.binance(), System.getenv());
            venue = BinanceVenue.factory(routerConfig.binance(), credentials, cfg, clock);
        }
        Pauser pauser = IdleStrategies.parse("runtime.idle", cfg.runtime().idle());
        ErrorCounters errors = new ErrorCounters();
        // made first: startedAtMs is the process's start; it writes once its runner runs
        HeartbeatWriter heartbeat = new HeartbeatWriter(loaded.heartbeatDir(), RouterAgent.TAILER,
                cfg.runtime().heartbeat(), clock, errors);
        try (QueueRoot root = new QueueRoot(loaded.queueDir()).poisonMessages(new PoisonMessagePolicy(
                RouterAgent.TAILER, cfg.runtime().poisonMessage(), errors, clock))) {
            ExecutionListener executions = root.writer(Topic.EXECUTIONS);
            OrderRouter router = new OrderRouter(routerConfig, cfg, executions, venue);
            RouterAgent agent = new RouterAgent(root, router, executions, cfg.runtime().sequencing(), clock);
            heartbeat.inputs(root);
            return new AgentRunner(agent, pauser, errors).heartbeat(heartbeat).runUntilShutdown();
        }
    }
}
