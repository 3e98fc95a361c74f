package io.aquatrade.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.ProcessCli;
import io.aquatrade.decision.DecisionConfig;
import io.aquatrade.router.RouterConfig;
import io.aquatrade.signal.SignalConfig;
import io.aquatrade.signal.strategy.StrategyTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark command's configuration and its start-up errors (nothing here is timed). */
class BenchmarkMainTest {
    /** The bundled config passes every section's own validation, as the backtest will apply it. */
    @Test
    void bundledConfigIsValidForEveryProcess() {
        AquatradeConfig config = Ta4jComparison.bundledConfig();
        assertThat(config.instruments().keySet())
                .containsExactly("BTCUSDT", "ETHUSDT", "ADAUSDT", "XRPUSDT", "SOLUSDT");
        SignalConfig signal = SignalConfig.from(config, null);
        assertThat(signal.timeframeMs()).isEqualTo(300_000L);
        assertThat(signal.strategies()).singleElement()
                .satisfies(s -> assertThat(s.type()).isEqualTo(Ta4jComparison.STRATEGY_TYPE))
                .satisfies(s -> assertThat(s.instruments()).hasSize(5));
        assertThat(DecisionConfig.from(config).strategy("ema-cross").stopLossBps())
                .isEqualTo(DecisionConfig.MAX_STOP_LOSS_BPS);
        assertThat(RouterConfig.from(config).venue()).isEqualTo(RouterConfig.PAPER);
    }

    /** The bundled instruments read the real bars' prices exactly (a slice of the benchmark files). */
    @Test
    void bundledInstrumentsFitTheRealPrices() {
        AquatradeConfig config = Ta4jComparison.bundledConfig();
        for (String symbol : List.of("BTCUSDT", "ADAUSDT")) {
            Instrument instrument = config.instrument(symbol);
            Path file = HistoricalBarsTest.slice(instrument.base() + "_USDT-5m.json");
            assertThat(HistoricalBars.load(file, instrument).size()).isEqualTo(500);
        }
    }

    @Test
    void missingDataDirectoryIsAUsageErrorNamingTheFlag(@TempDir Path dir) {
        String missing = dir.resolve("no-such-dir").toString();
        Result r = run("--data-dir", missing);
        assertThat(r.exitCode).isEqualTo(ProcessCli.EXIT_USAGE);
        assertThat(r.err).contains("--data-dir").contains("no-such-dir");
        assertThat(run("ta4j", "--data-dir", missing).exitCode).isEqualTo(ProcessCli.EXIT_USAGE);
    }

    @Test
    void dataDirectoryWithoutThePairsFilesIsAUsageErrorNamingTheFlagAndFile(@TempDir Path dir) {
        Result r = run("--data-dir", dir.toString(), "--runs", "1");
        assertThat(r.exitCode).isEqualTo(ProcessCli.EXIT_USAGE);
        assertThat(r.err).contains("--data-dir").contains("BTC_USDT-5m.json.gz");
    }

    @Test
    void badFlagValuesAreUsageErrors(@TempDir Path dir) {
        assertThat(run("--runs", "0", "--data-dir", dir.toString()).err).contains("--runs");
        assertThat(run("--ta4j-num", "float", "--data-dir", dir.toString()).err).contains("--ta4j-num");
        assertThat(run("--ta4j-fill", "open", "--data-dir", dir.toString()).exitCode)
                .isEqualTo(ProcessCli.EXIT_USAGE);
    }

    @Test
    void flagsWithoutSubcommandGoToTa4j() {
        assertThat(BenchmarkMain.withDefaultSubcommand(new String[0])).containsExactly("ta4j");
        assertThat(BenchmarkMain.withDefaultSubcommand(new String[] {"--runs", "3"}))
                .containsExactly("ta4j", "--runs", "3");
        assertThat(BenchmarkMain.withDefaultSubcommand(new String[] {"jmh", "-prof", "gc"}))
                .containsExactly("jmh", "-prof", "gc");
        assertThat(BenchmarkMain.withDefaultSubcommand(new String[] {"--help"})).containsExactly("--help");
    }

    /** The JMH benchmark's config with every registered strategy type at its defaults is valid. */
    @Test
    void jmhConfigRunsEveryStrategyTypeWithDefaults() {
        Instrument xrpEth = new Instrument("XRPETH", "XRP", "ETH", 8, 0);
        SignalConfig all = SignalConfig.from(AquatradeConfig.parse(Path.of("all"),
                SignalEngineBenchmark.configYaml(xrpEth, "all")), null);
        assertThat(all.strategies()).extracting(s -> s.type()).containsExactlyElementsOf(StrategyTypes.NAMES);
        SignalConfig none = SignalConfig.from(AquatradeConfig.parse(Path.of("none"),
                SignalEngineBenchmark.configYaml(xrpEth, "none")), null);
        assertThat(none.strategies()).isEmpty();
    }

    private static Result run(String... args) {
        PrintStream oldErr = System.err;
        PrintStream oldOut = System.out;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            int code = ProcessCli.execute("benchmark", new BenchmarkMain(), BenchmarkMain.withDefaultSubcommand(args));
            return new Result(code, err.toString(StandardCharsets.UTF_8), out.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(oldErr);
            System.setOut(oldOut);
        }
    }

    private record Result(int exitCode, String err, String out) {
    }
}
