package io.aquatrade.tools;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.ConfigException;
import io.aquatrade.common.EpochClock;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code bin/aquatrade status [--json] [--stale-after DURATION]}: is every process alive, is every feed fresh, and
 * what does the account hold ({@link StatusCollector}, {@link StatusReport}). Exit code 0 when all is well,
 * {@value StatusReport#EXIT_PROCESS_DOWN} when a process is down, {@value StatusReport#EXIT_FEED_STALE} when all
 * are alive but a feed is stale, 2 for a bad flag or config: for cron and health checks.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Say whether each process is alive (the age of its heartbeat, its readers' lag), how old "
                + "each instrument's last tick is, the open positions with mark price and unrealised P&L, the open "
                + "orders, P&L and trades today (UTC) per strategy, exposure, the risk state (kill switch, daily "
                + "loss limit hit, reduce-only instruments), and the last errors and dead letters.",
                "Exit code: 0 all well; 3 a process is down (stopped, crashed, not responding, no heartbeat); 4 every "
                        + "process alive but a feed stale; 2 a bad flag or config.",
                "Without --queue-dir it reads runtime.queueDir, or the demo's run (var/demo/queues) when that does "
                        + "not exist, as tail and summary do; a --queue-dir that does not exist is an error (exit 2).",
                "Heartbeats are read from runtime.heartbeat.dir (default: run beside the queue directory)."})
final class StatusCommand implements Callable<Integer> {
    /** The JSON writer of {@code --json}: exact decimals written plainly, never in exponent form. */
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    @CommandLine.Mixin
    AquatradeTool.Common common = new AquatradeTool.Common();

    @Option(names = "--json", description = "Write the report as JSON (the same fields as the text).")
    boolean json;

    @Option(names = "--stale-after", paramLabel = "DURATION", defaultValue = "1m",
            description = "A feed that published no tick for longer than this is stale, e.g. 30s, 2m "
                    + "(default: ${DEFAULT-VALUE}). A finished replay is never stale.")
    String staleAfter;

    @CommandLine.Spec
    CommandSpec spec;

    private final EpochClock clock;

    StatusCommand() {
        this(EpochClock.system());
    }

    StatusCommand(EpochClock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() throws JsonProcessingException {
        long staleAfterMs = AquatradeConfig.durationMs("--stale-after", staleAfter);
        AquatradeConfig cfg = common.loadConfig(true);
        Path queueDir = common.queueDirForReading(cfg);
        if (common.queueDir != null && !Files.isDirectory(queueDir)) {
            throw new ConfigException("--queue-dir", "an existing queue root, " + queueDir + " does not exist");
        }
        StatusReport report = new StatusCollector(cfg, queueDir, cfg.runtime().heartbeat().dirFor(queueDir),
                Path.of(cfg.runtime().poisonMessage().deadLetterDir()), KillSwitchCommand.killSwitchFile(cfg),
                staleAfterMs).collect(clock.nowNs() / 1_000_000L);
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? JSON.writeValueAsString(report) + System.lineSeparator() : StatusText.render(report));
        out.flush();
        return report.exitCode();
    }
}
