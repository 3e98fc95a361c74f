package io.aquatrade.tools;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.aquatrade.common.AgentRunner;
import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.EpochClock;
import io.aquatrade.common.IdleStrategies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code aquatrade dashboard [--config FILE] [--queue-dir DIR] [--port N]}: serves the operator's page on 127.0.0.1
 * ({@link DashboardServer}): the {@link StatusReport} of {@code bin/aquatrade status} (health, feeds, positions, open
 * orders, P&amp;L today, exposure, risk, dead letters), made by the same {@link StatusCollector}, and the charts a
 * {@link DashboardAgent} reads from the run's topics, until stopped (SIGTERM or Ctrl-C). It writes nothing but the
 * kill switch, and only on a request carrying the token.
 */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
        description = {"Serve a page on 127.0.0.1 with the run's positions, open orders, P&L and equity curve, a "
                + "candlestick chart per instrument with the strategies' entries and exits, and a kill-switch button "
                + "(a POST carrying dashboard.token or " + DashboardConfig.TOKEN_ENV + "). The page polls the "
                + "JSON API (/api/status, /api/bars?instrument=SYMBOL, /api/fills, /api/equity) every few seconds.",
                "Example: bin/aquatrade dashboard --queue-dir var/demo/queues   then open http://127.0.0.1:9400/"})
final class DashboardCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(DashboardCommand.class);
    /** How often the status is made again and the charts' new bars and fills are published, ms. */
    static final long PUBLISH_EVERY_MS = 2_000;

    @CommandLine.Mixin
    AquatradeTool.Common common = new AquatradeTool.Common();

    @Option(names = "--port", paramLabel = "N",
            description = "Port on 127.0.0.1, 0 for any free one (default dashboard.port, else "
                    + DashboardConfig.DEFAULT_PORT + ").")
    Integer port;

    @CommandLine.Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        AquatradeConfig cfg = common.loadConfig(true);
        DashboardConfig config = DashboardConfig.from(cfg, System.getenv());
        if (port != null) {
            config = config.withPort(port);
        }
        Path queueDir = common.queueDirForReading(cfg); // after bin/demo: the demo's run, as status finds it
        EpochClock clock = EpochClock.system();
        // the very report of bin/aquatrade status --json, made again at every refresh
        StatusCollector status = new StatusCollector(cfg, queueDir, cfg.runtime().heartbeat().dirFor(queueDir),
                Path.of(cfg.runtime().poisonMessage().deadLetterDir()), KillSwitchCommand.killSwitchFile(cfg),
                StatusCollector.DEFAULT_STALE_AFTER_MS);
        DashboardAgent agent = new DashboardAgent(new DashboardCharts(cfg), queueDir, clock, PUBLISH_EVERY_MS,
                nowMs -> {
                    try {
                        return StatusCommand.JSON.writeValueAsBytes(status.collect(nowMs));
                    } catch (JsonProcessingException e) {
                        throw new IllegalStateException("cannot write the status as JSON", e);
                    }
                });
        String source = "dashboard@" + System.getProperty("user.name", "unknown");
        try (DashboardServer server = new DashboardServer(config, agent::views,
                (flatten, reason) -> KillSwitchCommand.turn(queueDir, true, flatten, reason, source, clock))) {
            server.start();
            String url = "http://127.0.0.1:" + server.port() + "/";
            PrintWriter out = spec.commandLine().getOut();
            out.println("dashboard: " + url + " on " + queueDir + " (kill-switch button "
                    + (config.token() == null ? "off: no dashboard.token or " + DashboardConfig.TOKEN_ENV : "on")
                    + ")");
            out.flush();
            LOG.info("dashboard serving {} on {}; kill-switch button {}", url, queueDir,
                    config.token() == null ? "off (no token)" : "on");
            AgentRunner runner = new AgentRunner(agent, IdleStrategies.parse("dashboard", "millis:100"));
            return runner.runUntilShutdown();
        }
    }
}
