package io.aquatrade.backtest.optimize;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.aquatrade.backtest.Backtest;
import io.aquatrade.backtest.MarketHistory;
import io.aquatrade.backtest.OptimizeMain;
import io.aquatrade.backtest.PerformanceStats;
import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.ProcessCli;
import io.aquatrade.common.testing.SampleData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The optimiser over the real backtest and the repository's sample (12,477 XRP/ETH trades, 2019-10-11..13): a
 * 2 x 2 grid of the VWAP momentum strategy's bars and the decision engine's stop-loss.
 */
class OptimizeIT {
    private static final String SECTION = """
            optimize:
              objective: net-pnl
              parameters:
                - path: signal-generator.strategies[vwap-momentum].bars
                  values: [2, 4]
                - path: decision-engine.strategies[vwap-momentum].stopLossBps
                  values: [0, 50]
              walkForward: {inSample: 1d, outOfSample: 12h}
            """;

    private static AquatradeConfig base;
    private static MarketHistory history;
    private static ParameterSpace space;
    private static List<Variant> variants;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        base = OptimizeFixtures.config(SECTION);
        history = MarketHistory.load(base, List.of(new MarketHistory.Input(
                SampleData.file("XRP_ETH-trades.json.gz"), "freqtrade-trades", "XRPETH")));
        space = OptimizeFixtures.space(SECTION);
        variants = space.variants(space.grid());
    }

    @Test
    void parallelSearchEqualsSequentialAndEachRowIsThatVariantsOwnBacktest() {
        List<SearchResult> sequential;
        List<SearchResult> parallel;
        try (ParameterSearch one = new ParameterSearch(1, Evaluator.backtest(history), Objective.NET_PNL)) {
            sequential = one.run(variants, Long.MIN_VALUE, Long.MAX_VALUE);
        }
        try (ParameterSearch two = new ParameterSearch(2, Evaluator.backtest(history), Objective.NET_PNL)) {
            parallel = two.run(variants, Long.MIN_VALUE, Long.MAX_VALUE);
        }

        assertThat(parallel).isEqualTo(sequential).hasSize(4);
        assertThat(parallel).extracting(r -> r.stats().netPnl()).isSortedAccordingTo(
                java.util.Comparator.<java.math.BigDecimal>reverseOrder());
        // the parameters reach the strategy: the variants do not all trade alike
        assertThat(parallel).extracting(r -> r.stats().netPnl()).doesNotHaveDuplicates();
        for (SearchResult r : parallel) {
            // the best-config.yaml text of the variant, re-read, backtests to the same statistics
            AquatradeConfig reread = AquatradeConfig.parse(Path.of("variant.yaml"), space.yaml(r.variant()));
            PerformanceStats direct = Backtest.run(reread, history, Long.MIN_VALUE, Long.MAX_VALUE).total();
            assertThat(r.stats()).as(r.variant().label()).isEqualTo(direct);
        }
    }

    @Test
    void walkForwardScoresTheInSampleBestOnTheFollowingWindow() {
        List<WalkForward.Window> windows = WalkForward.windows(history.firstTimeNs(), history.lastTimeNs() + 1,
                300_000L, OptimizeConfig.from(base).walkForward());
        WalkForward.Report report;
        try (ParameterSearch search = new ParameterSearch(2, Evaluator.backtest(history), Objective.NET_PNL)) {
            report = WalkForward.run(search, variants, windows);
        }

        assertThat(report.windows()).hasSize(3);
        for (WalkForward.WindowResult r : report.windows()) {
            WalkForward.Window w = r.window();
            java.math.BigDecimal bestInSample = variants.stream()
                    .map(v -> Backtest.run(v.config(), history, w.inSampleFromNs(), w.inSampleToNs()).total().netPnl())
                    .max(java.math.BigDecimal::compareTo).orElseThrow();
            assertThat(r.inSample().stats().netPnl()).isEqualByComparingTo(bestInSample);
            assertThat(r.outOfSample()).isEqualTo(Backtest.run(r.inSample().variant().config(), history,
                    w.outOfSampleFromNs(), w.outOfSampleToNs()).total());
        }
        assertThat(report.summary().totalOutOfSampleNetPnl()).isEqualByComparingTo(report.windows().stream()
                .map(r -> r.outOfSample().netPnl()).reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add));
    }

    @Test
    void commandWritesTheReportsAndPrintsTheTopResults() throws IOException {
        Path config = dir.resolve("aquatrade.yaml");
        Files.writeString(config, OptimizeFixtures.configYaml(SECTION));
        Path out = dir.resolve("out");

        Run run = run("--config", config.toString(), "--data", sampleData(), "--threads", "2", "--out",
                out.toString(), "--top", "3");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("optimize: 4 variants (grid over 2 parameters), objective net-pnl")
                .contains("walk-forward: 3 windows").contains("summary: 3 windows");
        String table = run.stdout().substring(run.stdout().indexOf("rank"), run.stdout().indexOf("wrote"));
        assertThat(table.lines().filter(l -> l.matches("\\s+[0-9]+\\s+-?[0-9].*#[0-9] bars=.*")).count())
                .isEqualTo(3);
        assertThat(Files.readAllLines(out.resolve("results.csv"))).hasSize(5);
        assertThat(Files.readAllLines(out.resolve("walk-forward.csv"))).hasSize(4);
        assertThat(Files.readAllLines(out.resolve("walk-forward-summary.csv"))).hasSize(2);
        AquatradeConfig best = AquatradeConfig.load(out.resolve("best-config.yaml"));
        assertThat(best.instruments()).containsOnlyKeys("XRPETH");
    }

    @Test
    void noWalkForwardFlagSkipsIt() throws IOException {
        Path config = dir.resolve("aquatrade.yaml");
        Files.writeString(config, OptimizeFixtures.configYaml(SECTION));

        Run run = run("--config", config.toString(), "--data", sampleData(), "--threads", "1", "--out",
                dir.resolve("out").toString(), "--no-walk-forward");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).doesNotContain("walk-forward:");
        assertThat(dir.resolve("out").resolve("walk-forward.csv")).doesNotExist();
    }

    @Test
    void badFlagsAndConfigExitWithCode2NamingTheField() throws IOException {
        Path good = dir.resolve("good.yaml");
        Files.writeString(good, OptimizeFixtures.configYaml(SECTION));
        Path badPath = dir.resolve("bad-path.yaml");
        Files.writeString(badPath, OptimizeFixtures.configYaml(SECTION.replace("[vwap-momentum].bars",
                "[ma-cross].bars")));
        Path noSection = dir.resolve("no-section.yaml");
        Files.writeString(noSection, OptimizeFixtures.configYaml(""));
        Path noWindows = dir.resolve("no-windows.yaml");
        Files.writeString(noWindows, OptimizeFixtures.configYaml(SECTION.replaceAll("  walkForward.*\n", "")));
        String out = dir.resolve("out").toString();

        assertThat(run("--config", good.toString(), "--threads", "0", "--out", out))
                .satisfies(r -> assertThat(r.exitCode()).isEqualTo(2))
                .satisfies(r -> assertThat(r.stderr()).contains("--threads"));
        assertThat(run("--config", good.toString(), "--thread", "2"))
                .satisfies(r -> assertThat(r.exitCode()).isEqualTo(2))
                .satisfies(r -> assertThat(r.stderr()).contains("--thread"));
        assertThat(run("--config", badPath.toString(), "--out", out))
                .satisfies(r -> assertThat(r.exitCode()).isEqualTo(2))
                .satisfies(r -> assertThat(r.stderr()).contains("optimize.parameters[0].path").contains("ma-cross"));
        assertThat(run("--config", noSection.toString(), "--out", out))
                .satisfies(r -> assertThat(r.exitCode()).isEqualTo(2))
                .satisfies(r -> assertThat(r.stderr()).contains("config optimize:"));
        assertThat(run("--config", noWindows.toString(), "--walk-forward", "--out", out))
                .satisfies(r -> assertThat(r.exitCode()).isEqualTo(2))
                .satisfies(r -> assertThat(r.stderr()).contains("optimize.walkForward"));
        assertThat(run("--config", good.toString(), "--data", dir.resolve("missing.json.gz") + ":freqtrade-trades:XRPETH",
                "--out", out))
                .satisfies(r -> assertThat(r.exitCode()).isEqualTo(2))
                .satisfies(r -> assertThat(r.stderr()).contains("--data[0]"));
        assertThat(dir.resolve("out")).doesNotExist();
    }

    private static String sampleData() {
        return SampleData.file("XRP_ETH-trades.json.gz") + ":freqtrade-trades:XRPETH";
    }

    private record Run(int exitCode, String stdout, String stderr) {
    }

    /** Runs the command as its main does (exit-code mapping included), capturing what it prints. */
    private static Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            // --verbose: leave the shared test JVM's log levels alone
            String[] all = java.util.Arrays.copyOf(args, args.length + 1);
            all[args.length] = "--verbose";
            code = ProcessCli.execute("optimize", new OptimizeMain(), all);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
