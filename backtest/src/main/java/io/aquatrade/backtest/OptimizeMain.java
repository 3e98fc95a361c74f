package io.aquatrade.backtest;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.aquatrade.backtest.optimize.Evaluator;
import io.aquatrade.backtest.optimize.OptimizeConfig;
import io.aquatrade.backtest.optimize.OptimizeCsv;
import io.aquatrade.backtest.optimize.ParameterSearch;
import io.aquatrade.backtest.optimize.ParameterSpace;
import io.aquatrade.backtest.optimize.SearchResult;
import io.aquatrade.backtest.optimize.Variant;
import io.aquatrade.backtest.optimize.WalkForward;
import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.ConfigException;
import io.aquatrade.common.EpochClock;
import io.aquatrade.common.ProcessCli;
import io.aquatrade.marketdata.MarketDataConfig;
import io.aquatrade.marketdata.replay.ReplayFile;
import io.aquatrade.signal.SignalConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The {@code optimize} command: backtests every variant of the parameter space declared in the config's
 * {@code optimize} section over recorded history, in parallel, ranks them by the objective, and optionally runs a
 * walk-forward analysis.
 *
 * <p>Flags: {@code --config FILE} (default config/aquatrade.yaml), {@code --data PATH[:format[:symbol]]}
 * (repeatable; default the config's {@code market-data.replay.files}), {@code --threads N} (default: all cores),
 * {@code --out DIR} (default var/optimize), {@code --[no-]walk-forward} (default: when the config has
 * {@code optimize.walkForward}), {@code --top N} (rows printed, default 10), {@code --verbose} (keep the
 * backtests' per-order INFO logs, which are otherwise raised to WARN: thousands of backtests would fill the log).
 *
 * <p>Writes to the output directory: {@code results.csv} (every variant, best first), {@code best-config.yaml}
 * (the best variant's full config), and with walk-forward {@code walk-forward.csv} and
 * {@code walk-forward-summary.csv}. Exit codes: 0 done; 2 bad flag or config value (the message names it); 1 a
 * backtest or file write failed.
 */
@Command(name = "optimize", mixinStandardHelpOptions = true,
        description = "Grid or random search over the strategy parameters declared in the config's optimize "
                + "section, ranked by its objective; optional walk-forward analysis.")
public final class OptimizeMain implements Callable<Integer> {
    @CommandLine.Option(names = "--config", paramLabel = "FILE", defaultValue = "config/aquatrade.yaml",
            description = "YAML config with an optimize section (default: ${DEFAULT-VALUE}).")
    Path config;

    @CommandLine.Option(names = "--data", paramLabel = "PATH[:format[:symbol]]",
            description = "History to backtest over, repeatable: trade files (freqtrade-trades, "
                    + "binance-aggtrades-csv, binance-capture) or bar files (freqtrade-ohlcv, binance-klines-csv); "
                    + "format and symbol are inferred from the file name when left out. "
                    + "Default: the config's market-data.replay.files.")
    List<String> data = new ArrayList<>();

    @CommandLine.Option(names = "--threads", paramLabel = "N",
            description = "Backtests run at once (default: available processors).")
    Integer threads;

    @CommandLine.Option(names = "--out", paramLabel = "DIR", defaultValue = "var/optimize",
            description = "Directory for the CSV reports (default: ${DEFAULT-VALUE}).")
    Path out;

    @CommandLine.Option(names = "--walk-forward", negatable = true,
            description = "Also run the walk-forward analysis of optimize.walkForward (default: when the config "
                    + "has that section).")
    Boolean walkForward;

    @CommandLine.Option(names = "--top", paramLabel = "N", defaultValue = "10",
            description = "Results printed (default: ${DEFAULT-VALUE}); the CSV has all.")
    int top;

    @CommandLine.Option(names = "--verbose",
            description = "Keep the per-order and per-fill INFO logs of every backtest (off: only warnings).")
    boolean verbose;

    @CommandLine.Spec
    CommandSpec spec;

    /** Packages whose per-order INFO logging would repeat for every variant. */
    private static final List<String> QUIET_PACKAGES = List.of("io.aquatrade.marketdata", "io.aquatrade.signal",
            "io.aquatrade.decision", "io.aquatrade.router");

    /**
     * Command entry point.
     *
     * @param args command-line flags, see the class comment
     */
    public static void main(String[] args) {
        System.exit(ProcessCli.execute("optimize", new OptimizeMain(), args));
    }

    /**
     * Validates flags and config, loads the history, runs the search (and walk-forward), writes the reports.
     *
     * @return 0 when done
     * @throws ConfigException on a bad flag or config value (exit code 2)
     */
    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        if (!verbose) {
            quietBusinessLogs();
        }
        int nThreads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (nThreads < 1) {
            throw new ConfigException("--threads", "a number of threads >= 1, was " + nThreads);
        }
        if (top < 1) {
            throw new ConfigException("--top", "a number of rows >= 1, was " + top);
        }
        if (!Files.isRegularFile(config)) {
            throw new ConfigException("--config", "a readable YAML file, " + config + " does not exist");
        }
        String yaml = Files.readString(config);
        AquatradeConfig cfg = AquatradeConfig.parse(config, yaml);
        OptimizeConfig opt = OptimizeConfig.from(cfg);
        boolean runWalkForward = walkForward != null ? walkForward : opt.walkForward() != null;
        if (runWalkForward && opt.walkForward() == null) {
            throw new ConfigException(OptimizeConfig.SECTION + ".walkForward", "{inSample, outOfSample} for "
                    + "--walk-forward, e.g. {inSample: 2d, outOfSample: 12h}, was missing");
        }
        ParameterSpace space = ParameterSpace.of(config, yaml, opt.parameters());
        List<Variant> variants = space.variants(space.choose(opt));
        List<MarketHistory.Input> inputs = inputs(cfg);

        EpochClock wall = EpochClock.system(); // times the search for the user; backtests run on event time
        long loadStartNs = wall.nowNs();
        MarketHistory history = MarketHistory.load(cfg, inputs);
        List<WalkForward.Window> windows = runWalkForward
                ? WalkForward.windows(history.firstTimeNs(), history.lastTimeNs() + 1,
                        SignalConfig.from(cfg, null).timeframeMs(), opt.walkForward()) : List.of();
        stdout.printf(Locale.ROOT, "optimize: %d variants (%s over %d parameters), objective %s, %d threads; "
                        + "history %s loaded in %.1f s%n", variants.size(), opt.method(), space.names().size(),
                opt.objective(), nThreads, inputs, (wall.nowNs() - loadStartNs) / 1e9);
        stdout.flush();

        Files.createDirectories(out);
        try (ParameterSearch search = new ParameterSearch(nThreads, Evaluator.backtest(history), opt.objective())) {
            long startNs = wall.nowNs();
            List<SearchResult> ranked = search.run(variants, Long.MIN_VALUE, Long.MAX_VALUE);
            double seconds = (wall.nowNs() - startNs) / 1e9;
            OptimizeCsv.writeResults(out.resolve("results.csv"), space.names(), ranked);
            Files.writeString(out.resolve("best-config.yaml"), space.yaml(ranked.get(0).variant()));
            stdout.printf(Locale.ROOT, "%d backtests in %.1f s (%.2f/s)%n", ranked.size(), seconds,
                    ranked.size() / Math.max(seconds, 1e-9));
            printTop(stdout, opt, ranked);
            stdout.printf("wrote %s and %s%n", out.resolve("results.csv"), out.resolve("best-config.yaml"));

            if (runWalkForward) {
                stdout.printf("%nwalk-forward: %d windows, %s%n", windows.size(), opt.walkForward());
                stdout.flush();
                WalkForward.Report report = WalkForward.run(search, variants, windows);
                OptimizeCsv.writeWalkForward(out.resolve("walk-forward.csv"), space.names(), report);
                OptimizeCsv.writeSummary(out.resolve("walk-forward-summary.csv"), report.summary());
                printWalkForward(stdout, report);
                stdout.printf("wrote %s and %s%n", out.resolve("walk-forward.csv"),
                        out.resolve("walk-forward-summary.csv"));
            }
        }
        stdout.flush();
        return 0;
    }

    /** Sets the business packages' loggers to WARN, when the logging backend is Logback (as configured in common). */
    private static void quietBusinessLogs() {
        for (String name : QUIET_PACKAGES) {
            if (org.slf4j.LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger logger) {
                logger.setLevel(ch.qos.logback.classic.Level.WARN);
            }
        }
    }

    /** Parses {@code --data} values, or takes the config's replay files when there are none. */
    private List<MarketHistory.Input> inputs(AquatradeConfig cfg) {
        List<MarketHistory.Input> inputs = new ArrayList<>();
        for (String spec : data) {
            inputs.add(MarketHistory.Input.parse(spec));
        }
        if (inputs.isEmpty()) {
            for (ReplayFile f : MarketDataConfig.from(cfg).replay().files()) {
                inputs.add(new MarketHistory.Input(f.path(), f.format().configName(), f.symbol()));
            }
        }
        if (inputs.isEmpty()) {
            throw new ConfigException("--data", "at least one history file (--data PATH:format:symbol), or "
                    + "market-data.replay.files in the config");
        }
        return inputs;
    }

    private void printTop(PrintWriter stdout, OptimizeConfig opt, List<SearchResult> ranked) {
        stdout.printf(Locale.ROOT, "%4s  %-14s %-14s %-14s %8s %8s %8s %6s  %s%n", "rank", opt.objective(), "netPnl",
                "unrealised", "return%", "sharpe", "maxDD%", "trades", "parameters");
        for (SearchResult r : ranked.subList(0, Math.min(top, ranked.size()))) {
            PerformanceStats s = r.stats();
            stdout.printf(Locale.ROOT, "%4d  %-14s %-14s %-14s %8.3f %8.3f %8.3f %6d  %s%n", r.rank(),
                    Text.number(r.objective()),
                    (s.netPnl() == null ? "" : s.netPnl().toPlainString()) + " " + s.quoteAsset(),
                    s.unrealizedPnl() == null ? "" : s.unrealizedPnl().toPlainString(), s.returnPct(),
                    s.sharpe(), s.maxDrawdownPct(), s.tradeCount(), r.variant().label());
        }
    }

    private static void printWalkForward(PrintWriter stdout, WalkForward.Report report) {
        stdout.printf(Locale.ROOT, "%6s  %-20s %-20s %14s %14s %16s  %s%n", "window", "outOfSampleFrom",
                "outOfSampleTo", "inSampleObj", "outOfSampleObj", "outOfSamplePnl", "chosen");
        for (WalkForward.WindowResult r : report.windows()) {
            stdout.printf(Locale.ROOT, "%6d  %-20s %-20s %14s %14s %16s  %s%n", r.window().index(),
                    Text.time(r.window().outOfSampleFromNs()),
                    Text.time(r.window().outOfSampleToNs()),
                    Text.number(r.inSample().objective()), Text.number(r.outOfSampleObjective()),
                    r.outOfSample().netPnl() == null ? "" : r.outOfSample().netPnl().toPlainString(),
                    r.inSample().variant().label());
        }
        WalkForward.Summary s = report.summary();
        stdout.printf(Locale.ROOT, "summary: %d windows; mean %s in-sample %s, out-of-sample %s; efficiency %s; "
                        + "out-of-sample net P&L %s %s over %d round trips%n", s.windows(), s.objective(),
                Text.number(s.meanInSampleObjective()), Text.number(s.meanOutOfSampleObjective()),
                Text.number(s.efficiency()), s.totalOutOfSampleNetPnl().toPlainString(), s.quoteAsset(),
                s.outOfSampleTrades());
    }

    /** Short number and time formats for the printed tables. */
    private static final class Text {
        static String number(double v) {
            return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : Double.toString(v);
        }

        static String time(long epochNs) {
            return java.time.Instant.ofEpochSecond(Math.floorDiv(epochNs, 1_000_000_000L)).toString();
        }
    }
}
