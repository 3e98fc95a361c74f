package io.aquatrade.marketdata;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.aquatrade.common.AgentRunner;
import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.ConfigException;
import io.aquatrade.common.EpochClock;
import io.aquatrade.common.ErrorCounters;
import io.aquatrade.common.HeartbeatWriter;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.LastTickTimes;
import io.aquatrade.common.IdleStrategies;
import io.aquatrade.common.PoisonMessagePolicy;
import io.aquatrade.common.ProcessCli;
import io.aquatrade.common.QueueRoot;
import io.aquatrade.common.Sequencer;
import io.aquatrade.marketdata.binance.BinanceStreamSource;
import io.aquatrade.marketdata.replay.ReplayFile;
import io.aquatrade.marketdata.replay.ReplaySource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.aquatrade.common.metrics.ProcessMetrics;
import io.micrometer.core.instrument.Tags;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The market-data process: replays recorded files or streams Binance live, and writes trade and quote ticks to the
 * {@code market-data} topic. Logs to {@code logs/market-data.log}. Exit code 2 for a bad flag or config value,
 * with a message naming it; {@value MarketDataAgent#EXIT_REPLAY_INCOMPLETE} when {@code market-data.replay.onError:
 * fail} stopped a replay at a file that stops parsing.
 */
@Command(name = "market-data", mixinStandardHelpOptions = true,
        description = "Writes trade and quote ticks to the market-data topic, from a replay of recorded files or "
                + "from Binance live.")
public final class MarketDataMain implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(MarketDataMain.class);
    @CommandLine.Mixin
    ProcessCli.CommonOptions common;

    @Option(names = "--source", paramLabel = "replay|binance",
            description = "Where ticks come from; overrides market-data.source.")
    String source;

    // Text, parsed in resolve(): a bad value must exit with 2 naming the flag (picocli's own conversion error
    // maps to exit code 1 through ProcessCli's exit-code mapper).
    @Option(names = "--speed", paramLabel = "N",
            description = "Replay speed: 0 = as fast as possible, N = N x real time; overrides market-data.replay.speed.")
    String speed;

    @Option(names = "--file", paramLabel = "PATH[:format[:symbol[:unit]]]",
            description = "A file to replay (repeatable; replaces market-data.replay.files). Formats: "
                    + "freqtrade-trades, binance-aggtrades-csv, binance-capture; an empty or missing format or "
                    + "symbol is taken from the file name where it can be. unit: the receive times' unit of a "
                    + "binance-capture file, auto (default: from their magnitude), ns, us or ms.")
    List<String> files;

    /** Runs the process; never returns normally except through {@link System#exit}. */
    public static void main(String[] args) {
        System.exit(ProcessCli.execute(MarketDataAgent.PROCESS_NAME, new MarketDataMain(), args));
    }

    @Override
    public Integer call() {
        ProcessCli.Loaded loaded = common.load();
        AquatradeConfig cfg = loaded.config();
        MarketDataConfig md = resolve(cfg, source, speed, files);
        String sequencing = liveSequencingWarning(cfg, md);
        if (sequencing != null) {
            LOG.warn(sequencing);
        }
        EpochClock clock = EpochClock.system(); // the process's one clock: paces the agent, stamps live arrivals
        ErrorCounters errors = new ErrorCounters();
        // made first: startedAtMs is the process's start; it writes once its runner runs
        HeartbeatWriter heartbeat = new HeartbeatWriter(loaded.heartbeatDir(), MarketDataAgent.PROCESS_NAME,
                cfg.runtime().heartbeat(), clock, errors);
        TickSource ticks;
        try {
            ticks = openSource(cfg, md, clock);
        } catch (BinanceStreamSource.StartFailedException e) {
            return 1; // each try logged in one line, the last at ERROR: the supervisor starts the process again
        }
        try (ticks; ProcessMetrics metrics = ProcessMetrics.start(MarketDataAgent.PROCESS_NAME,
                loaded.metrics(MarketDataAgent.PROCESS_NAME), clock);
             QueueRoot queues = new QueueRoot(loaded.queueDir()).poisonMessages(new PoisonMessagePolicy(
                MarketDataAgent.PROCESS_NAME, cfg.runtime().poisonMessage(), errors, clock))) {
            MarketDataAgent agent = new MarketDataAgent(queues, ticks, clock, md.heartbeatMs());
            heartbeat.inputs(queues).lastTicks(agent.lastTicks());
            registerMetrics(metrics, agent, cfg);
            metrics.errors(errors, List.of());
            int code = new AgentRunner(metrics.sampling(agent), IdleStrategies.parse("runtime.idle",
                    cfg.runtime().idle()), errors).heartbeat(heartbeat).runUntilShutdown();
            if (code == 0 && agent.failedReplay()) {
                heartbeat.stopped(MarketDataAgent.EXIT_REPLAY_INCOMPLETE);
                return MarketDataAgent.EXIT_REPLAY_INCOMPLETE;
            }
            return code;
        }
    }

    /**
     * Registers market-data's meters: ticks written per instrument ({@code aquatrade.ticks}, tags {@code instrument}
     * and {@code type} trade or quote) and the age of each instrument's last tick ({@code aquatrade.tick.age},
     * seconds): the process clock minus when market-data published it, the heartbeat's {@code lastTickAtMs}, as
     * {@code bin/aquatrade status} reports it (not the tick's event time: a replay's ticks are years old); sampled
     * from the agent's own counts.
     */
    static void registerMetrics(ProcessMetrics metrics, MarketDataAgent agent, AquatradeConfig cfg) {
        for (Instrument instrument : cfg.instruments().values()) {
            MarketDataAgent.InstrumentTicks ticks = agent.instrumentTicks(instrument.symbol());
            Tags tags = Tags.of("instrument", instrument.symbol());
            metrics.counter("aquatrade.ticks", "ticks written to the market-data topic", tags.and("type", "trade"),
                    ticks::trades);
            metrics.counter("aquatrade.ticks", "ticks written to the market-data topic", tags.and("type", "quote"),
                    ticks::quotes);
            String symbol = instrument.symbol();
            LastTickTimes lastTicks = agent.lastTicks();
            metrics.ageGauge("aquatrade.tick.age", "seconds since market-data published the instrument's last tick "
                    + "(process clock; as status and the heartbeat's lastTickAtMs)", tags,
                    () -> lastTicks.publishedNs(symbol));
        }
    }

    /**
     * The market-data section with the command-line overrides applied, checked against the rest of the config.
     *
     * @param cfg    the loaded config
     * @param source {@code --source}, or null
     * @param speed  {@code --speed} as text, or null
     * @param files  {@code --file} values, or null
     * @return the validated section
     * @throws ConfigException naming the flag or config field that is wrong
     */
    static MarketDataConfig resolve(AquatradeConfig cfg, String source, String speed, List<String> files) {
        MarketDataConfig md = MarketDataConfig.from(cfg);
        if (source != null) {
            md = md.withSource(MarketDataConfig.Source.parse("--source", source));
        }
        if (speed != null) {
            double n;
            try {
                n = Double.parseDouble(speed);
            } catch (NumberFormatException e) {
                n = Double.NaN;
            }
            if (!(n >= 0) || Double.isInfinite(n)) {
                throw new ConfigException("--speed", "a number >= 0 (0 = as fast as possible, N = N x real time), "
                        + "was '" + speed + "'");
            }
            md = md.withSpeed(n);
        }
        if (files != null && !files.isEmpty()) {
            List<ReplayFile> parsed = new ArrayList<>();
            for (String spec : files) {
                String[] parts = spec.split(":", 4);
                try {
                    ReplayFile f = ReplayFile.of("--file", parts[0], part(parts, 1), part(parts, 2), part(parts, 3));
                    f.check("--file", cfg.instruments());
                    parsed.add(f);
                } catch (ConfigException e) {
                    String part = e.field().startsWith("--file.") ? e.field().substring(7) + ": " : "";
                    throw new ConfigException("--file", "PATH[:format[:symbol[:unit]]]; in '" + spec + "', " + part
                            + e.expected());
                }
            }
            md = md.withFiles(parsed);
        }
        return md.check(cfg.instruments());
    }

    /**
     * @return the warning for a live source under {@code runtime.sequencing: event-time} (meant for replays: live,
     * arrival order is the truth, see docs/architecture.md), or null when the pair fits
     */
    static String liveSequencingWarning(AquatradeConfig cfg, MarketDataConfig md) {
        if (md.source() != MarketDataConfig.Source.BINANCE || cfg.runtime().sequencing() != Sequencer.Mode.EVENT_TIME) {
            return null;
        }
        return "market-data.source is binance (live) but runtime.sequencing is event-time, which is meant for "
                + "replays: set runtime.sequencing: arrival in " + cfg.source() + " for live runs";
    }

    /** @return the i-th part of a --file value, or null if absent or empty (then inferred) */
    private static String part(String[] parts, int i) {
        return parts.length > i && !parts[i].isEmpty() ? parts[i] : null;
    }

    private static TickSource openSource(AquatradeConfig cfg, MarketDataConfig md, EpochClock clock) {
        if (md.source() == MarketDataConfig.Source.BINANCE) {
            BinanceStreamSource live = new BinanceStreamSource(cfg.instruments().values(), md.binance(), clock,
                    md.validation());
            live.start();
            return live;
        }
        return new ReplaySource(cfg.instruments().values(), md.replay().files(), md.replay().speed(),
                md.replay().reorderMs(), md.replay().onError(), md.validation());
    }
}
