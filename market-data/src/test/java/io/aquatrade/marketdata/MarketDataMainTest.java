package io.aquatrade.marketdata;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.Heartbeat;
import io.aquatrade.common.ProcessCli;
import io.aquatrade.common.testing.SampleData;
import io.aquatrade.marketdata.replay.ReceiveTimeUnit;
import io.aquatrade.marketdata.replay.ReplayErrorPolicy;
import io.aquatrade.marketdata.replay.ReplayFile;
import io.aquatrade.marketdata.replay.ReplayFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up of the market-data process: flags over config, and exit code 2 naming the field on a bad value. */
class MarketDataMainTest {
    @TempDir
    Path dir;

    Path writeConfig(String marketData) throws IOException {
        Path file = dir.resolve("aquatrade.yaml");
        Files.writeString(file, """
                runtime:
                  queueDir: %s
                instruments:
                  - {symbol: XRPETH, base: XRP, quote: ETH, priceDecimals: 8, sizeDecimals: 0}
                  - {symbol: BTCUSDT, base: BTC, quote: USDT, priceDecimals: 8, sizeDecimals: 8}
                """.formatted(dir.resolve("queues")) + marketData);
        return file;
    }

    String sampleEntry() {
        return "market-data:\n  replay:\n    files:\n      - {path: %s, format: freqtrade-trades, symbol: XRPETH}\n"
                .formatted(SampleData.file("XRP_ETH-trades.json.gz"));
    }

    /** Runs the process's command line; @return exit code and stderr */
    static Result execute(String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = ProcessCli.execute("market-data", new MarketDataMain(), args);
            return new Result(code, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(saved);
        }
    }

    record Result(int exitCode, String stderr) {
    }

    @Test
    void aNegativeSpeedExitsWith2NamingTheFlag() throws IOException {
        Result r = execute("--config", writeConfig(sampleEntry()).toString(), "--speed", "-1");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("--speed").contains(">= 0");
    }

    @Test
    void anUnknownFormatInConfigExitsWith2NamingTheField() throws IOException {
        Path cfg = writeConfig("market-data:\n  replay:\n    files:\n      - {path: %s, format: parquet, symbol: XRPETH}\n"
                .formatted(SampleData.file("XRP_ETH-trades.json.gz")));

        Result r = execute("--config", cfg.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("market-data.replay.files[0].format").contains("parquet")
                .contains("freqtrade-trades");
    }

    @Test
    void badFileAndSourceFlagsExitWith2NamingTheFlag() throws IOException {
        String cfg = writeConfig(sampleEntry()).toString();
        String sample = SampleData.file("XRP_ETH-trades.json.gz").toString();

        Result unknownFormat = execute("--config", cfg, "--file", sample + ":parquet:XRPETH");
        assertThat(unknownFormat.exitCode()).isEqualTo(2);
        // The part's own error (field "--file.format") re-reported under the flag, its expectation whole.
        assertThat(unknownFormat.stderr()).contains("config --file: expected PATH[:format[:symbol[:unit]]]; in '"
                + sample + ":parquet:XRPETH', format: one of "
                + io.aquatrade.marketdata.replay.ReplayFormat.configNames() + ", was 'parquet'");

        Result unknownSymbol = execute("--config", cfg, "--file", sample + ":freqtrade-trades:DOGEETH");
        assertThat(unknownSymbol.exitCode()).isEqualTo(2);
        assertThat(unknownSymbol.stderr()).contains("--file").contains("DOGEETH");

        Result missing = execute("--config", cfg, "--file", dir.resolve("none.json.gz") + "::XRPETH");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.stderr()).contains("--file");

        Result source = execute("--config", cfg, "--source", "kraken");
        assertThat(source.exitCode()).isEqualTo(2);
        assertThat(source.stderr()).contains("--source").contains("kraken");

        Result notANumber = execute("--config", cfg, "--speed", "fast");
        assertThat(notANumber.exitCode()).isEqualTo(2);
        assertThat(notANumber.stderr()).contains("--speed");
    }

    @Test
    void withOnErrorFailAFileThatStopsParsingExitsWith4() throws IOException {
        Path truncated = MarketDataAgentIT.truncatedSample(dir);
        Path cfg = writeConfig("market-data:\n  replay:\n    onError: fail\n    files:\n"
                + "      - {path: %s, format: freqtrade-trades, symbol: XRPETH}\n".formatted(truncated));

        Result r = execute("--config", cfg.toString());

        assertThat(r.exitCode()).isEqualTo(MarketDataAgent.EXIT_REPLAY_INCOMPLETE).isEqualTo(4);
        // the heartbeat, run/ beside the queue directory, says so too
        Heartbeat hb = Heartbeat.read(dir.resolve("run").resolve("market-data.json"));
        assertThat(hb.state()).isEqualTo(Heartbeat.STOPPED);
        assertThat(hb.exitCode()).isEqualTo(4);
        assertThat(hb.process()).isEqualTo("market-data");
    }

    @Test
    void replayKeysAreValidatedNamingTheField() throws IOException {
        String file = SampleData.file("XRP_ETH-trades.json.gz").toString();
        Result window = execute("--config", writeConfig("market-data:\n  replay:\n    reorderMs: 0\n    files:\n"
                + "      - {path: %s, symbol: XRPETH}\n".formatted(file)).toString());
        assertThat(window.exitCode()).isEqualTo(2);
        assertThat(window.stderr()).contains("market-data.replay.reorderMs").contains("1..3600000");

        Result policy = execute("--config", writeConfig("market-data:\n  replay:\n    onError: ignore\n    files:\n"
                + "      - {path: %s, symbol: XRPETH}\n".formatted(file)).toString());
        assertThat(policy.exitCode()).isEqualTo(2);
        assertThat(policy.stderr()).contains("market-data.replay.onError").contains("warn or fail");

        Result unit = execute("--config", writeConfig("market-data:\n  replay:\n    files:\n"
                + "      - {path: %s, symbol: XRPETH, receiveTimeUnit: us}\n".formatted(file)).toString());
        assertThat(unit.exitCode()).isEqualTo(2);
        assertThat(unit.stderr()).contains("market-data.replay.files[0].receiveTimeUnit")
                .contains("no receive time");

        Result flag = execute("--config", writeConfig(sampleEntry()).toString(), "--file",
                Path.of("src/test/resources/replay/btcusdt_20240808-head300.gz").toAbsolutePath()
                        + ":binance-capture::seconds");
        assertThat(flag.exitCode()).isEqualTo(2);
        assertThat(flag.stderr()).contains("--file").contains("seconds").contains("ns");
    }

    @Test
    void flagsOverrideTheConfig() throws IOException {
        AquatradeConfig cfg = AquatradeConfig.load(writeConfig(sampleEntry()));
        String capture = Path.of("src/test/resources/replay/btcusdt_20240808-head300.gz").toAbsolutePath().toString();
        String old = SampleData.file("XRP_OLD-trades.json.gz").toString();
        List<String> files = new ArrayList<>(List.of(capture + ":binance-capture", old + ":freqtrade-trades:XRPETH",
                SampleData.file("XRP_ETH-trades.json.gz").toString()));

        MarketDataConfig md = MarketDataMain.resolve(cfg, "replay", "20", files);

        assertThat(md.replay().speed()).isEqualTo(20.0);
        assertThat(md.replay().files()).containsExactly(
                new ReplayFile(Path.of(capture), ReplayFormat.BINANCE_CAPTURE, null),
                new ReplayFile(Path.of(old), ReplayFormat.FREQTRADE_TRADES, "XRPETH"),
                new ReplayFile(SampleData.file("XRP_ETH-trades.json.gz"), ReplayFormat.FREQTRADE_TRADES, "XRPETH"));
        MarketDataConfig micros = MarketDataMain.resolve(cfg, null, null, List.of(capture + ":binance-capture::us"));
        assertThat(micros.replay().files()).containsExactly(
                new ReplayFile(Path.of(capture), ReplayFormat.BINANCE_CAPTURE, null, ReceiveTimeUnit.US));
        assertThat(micros.replay().reorderMs()).isEqualTo(1000);
        assertThat(micros.replay().onError()).isEqualTo(ReplayErrorPolicy.WARN);
        assertThat(MarketDataMain.resolve(cfg, "binance", null, null).source())
                .isEqualTo(MarketDataConfig.Source.BINANCE);
        assertThat(MarketDataMain.resolve(cfg, null, null, null).replay().files()).hasSize(1);
    }
}
