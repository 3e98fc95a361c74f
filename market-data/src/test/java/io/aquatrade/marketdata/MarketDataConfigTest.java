package io.aquatrade.marketdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.ConfigException;
import io.aquatrade.common.testing.SampleData;
import io.aquatrade.marketdata.replay.ReceiveTimeUnit;
import io.aquatrade.marketdata.replay.ReplayErrorPolicy;
import io.aquatrade.marketdata.replay.ReplayFile;
import io.aquatrade.marketdata.replay.ReplayFormat;
import org.junit.jupiter.api.Test;

class MarketDataConfigTest {
    static final String SHARED = """
            instruments:
              - {symbol: XRPETH, base: XRP, quote: ETH, priceDecimals: 8, sizeDecimals: 0}
              - {symbol: BTCUSDT, base: BTC, quote: USDT, priceDecimals: 8, sizeDecimals: 8}
            """;

    static String sample(String name) {
        return SampleData.file(name).toString();
    }

    static AquatradeConfig config(String marketData) {
        return AquatradeConfig.parse(Path.of("test.yaml"), SHARED + marketData);
    }

    static MarketDataConfig checked(String marketData) {
        AquatradeConfig cfg = config(marketData);
        return MarketDataConfig.from(cfg).check(cfg.instruments());
    }

    static ConfigException error(String marketData) {
        try {
            checked(marketData);
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("no ConfigException for " + marketData);
    }

    @Test
    void theProjectConfigMapsAndItsFilesExistUnderTheProjectRoot() {
        AquatradeConfig cfg = AquatradeConfig.load(SampleData.projectRoot().resolve("config/aquatrade.yaml"));
        MarketDataConfig md = MarketDataConfig.from(cfg);

        assertThat(md.source()).isEqualTo(MarketDataConfig.Source.REPLAY);
        assertThat(md.heartbeatMs()).isEqualTo(1000);
        assertThat(md.replay().speed()).isZero();
        assertThat(md.replay().reorderMs()).isEqualTo(1000);
        assertThat(md.replay().onError()).isEqualTo(ReplayErrorPolicy.WARN);
        ReplayFile f = md.replay().files().get(0);
        assertThat(f.path()).isEqualTo(Path.of("data/sample/XRP_ETH-trades.json.gz"));
        assertThat(f.format()).isEqualTo(ReplayFormat.FREQTRADE_TRADES);
        assertThat(f.symbol()).isEqualTo("XRPETH");
        // paths are relative to the working directory, which for the processes is the project root
        md.withFiles(List.of(new ReplayFile(SampleData.projectRoot().resolve(f.path()), f.format(), f.symbol())))
                .check(cfg.instruments());
    }

    @Test
    void fullSectionWithDefaultsAndInference() {
        MarketDataConfig md = checked("""
                market-data:
                  heartbeatMs: 250
                  replay:
                    speed: 2.5
                    files:
                      - {path: %s}
                      - {path: %s, format: freqtrade-trades, symbol: XRPETH}
                """.formatted(sample("XRP_ETH-trades.json.gz"), sample("XRP_OLD-trades.json.gz")));

        assertThat(md.heartbeatMs()).isEqualTo(250);
        assertThat(md.replay().speed()).isEqualTo(2.5);
        assertThat(md.replay().files()).extracting(ReplayFile::format, ReplayFile::symbol).containsExactly(
                org.assertj.core.groups.Tuple.tuple(ReplayFormat.FREQTRADE_TRADES, "XRPETH"),
                org.assertj.core.groups.Tuple.tuple(ReplayFormat.FREQTRADE_TRADES, "XRPETH"));
        assertThat(md.binance()).isNotNull();
    }

    @Test
    void aMissingSectionGivesDefaultsButAReplayNeedsFiles() {
        AquatradeConfig cfg = config("");
        MarketDataConfig md = MarketDataConfig.from(cfg);
        assertThat(md.source()).isEqualTo(MarketDataConfig.Source.REPLAY);
        assertThat(md.heartbeatMs()).isEqualTo(MarketDataConfig.DEFAULT_HEARTBEAT_MS);
        assertThatThrownBy(() -> md.check(cfg.instruments())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("market-data.replay.files");
        // a live source needs no files
        md.withSource(MarketDataConfig.Source.BINANCE).check(cfg.instruments());
    }

    @Test
    void theBinanceSubsectionMapsOntoTheLiveSourceConfig() {
        MarketDataConfig md = checked("market-data:\n  source: binance\n  binance:\n    queueCapacity: 1024\n");
        assertThat(md.source()).isEqualTo(MarketDataConfig.Source.BINANCE);
        assertThat(md.binance().queueCapacity()).isEqualTo(1024);
        assertThat(md.binance().streamUri()).isNotBlank(); // its own default

        assertThat(error("market-data:\n  binance:\n    queueCapacity: 0\n").field())
                .isEqualTo("market-data.binance.queueCapacity");
    }

    @Test
    void errorsNameTheField() {
        String file = sample("XRP_ETH-trades.json.gz");
        assertThat(error("market-data:\n  replay:\n    files:\n      - {path: %s, format: parquet, symbol: XRPETH}\n"
                .formatted(file)).field()).isEqualTo("market-data.replay.files[0].format");
        assertThat(error("market-data:\n  replay:\n    speed: -1\n    files:\n      - {path: %s}\n"
                .formatted(file)).field()).isEqualTo("market-data.replay.speed");
        assertThat(error("market-data:\n  replay:\n    files:\n      - {path: %s}\n      - {path: %s, symbol: XRPBTC}\n"
                .formatted(file, file)).field()).isEqualTo("market-data.replay.files[1].symbol");
        assertThat(error("market-data:\n  replay:\n    files:\n      - {path: %s}\n"
                .formatted(sample("XRP_OLD-trades.json.gz"))).field()) // symbol from the name: XRPOLD
                .isEqualTo("market-data.replay.files[0].symbol");
        assertThat(error("market-data:\n  replay:\n    files:\n      - {path: no/such/file.json.gz, symbol: XRPETH}\n")
                .field()).isEqualTo("market-data.replay.files[0].path");
        assertThat(error("market-data:\n  replay:\n    files:\n      - {path: capture.gz}\n").field())
                .isEqualTo("market-data.replay.files[0].format");
        assertThat(error("market-data:\n  replay:\n    files:\n      - {path: %s, sybmol: XRPETH}\n"
                .formatted(file)).field()).isEqualTo("market-data.replay.files[0].sybmol");
        assertThat(error("market-data:\n  source: kraken\n").field()).isEqualTo("market-data.source");
        assertThat(error("market-data:\n  heartbeatMs: 0\n").field()).isEqualTo("market-data.heartbeatMs");
        assertThat(error("market-data:\n  speed: 3\n").field()).isEqualTo("market-data.speed");
    }

    @Test
    void replayWindowErrorPolicyAndReceiveTimeUnitAreReadAndChecked() {
        String capture = Path.of("src/test/resources/replay/btcusdt_20240808-head300.gz").toAbsolutePath().toString();
        MarketDataConfig md = checked("""
                market-data:
                  replay:
                    reorderMs: 250
                    onError: fail
                    files:
                      - {path: %s, format: binance-capture, receiveTimeUnit: us}
                """.formatted(capture));
        assertThat(md.replay().reorderMs()).isEqualTo(250);
        assertThat(md.replay().onError()).isEqualTo(ReplayErrorPolicy.FAIL);
        assertThat(md.replay().files().get(0).receiveTimeUnit()).isEqualTo(ReceiveTimeUnit.US);
        // kept by the command-line overrides
        assertThat(md.withSpeed(2).replay().reorderMs()).isEqualTo(250);
        assertThat(md.withFiles(List.of()).replay().onError()).isEqualTo(ReplayErrorPolicy.FAIL);

        assertThat(error("market-data:\n  replay:\n    reorderMs: 3600001\n").field())
                .isEqualTo("market-data.replay.reorderMs");
        assertThat(error("market-data:\n  replay:\n    onError: retry\n").field())
                .isEqualTo("market-data.replay.onError");
        assertThat(error("market-data:\n  replay:\n    files:\n      - {path: %s, format: binance-capture, "
                .formatted(capture) + "receiveTimeUnit: s}\n").field())
                .isEqualTo("market-data.replay.files[0].receiveTimeUnit");
    }

    @Test
    void validationLimitsDefaultMapAndNameTheFieldWhenOutOfRange() {
        assertThat(MarketDataConfig.from(config("")).validation()).isEqualTo(TickValidator.Limits.DEFAULT);
        assertThat(TickValidator.Limits.DEFAULT).isEqualTo(new TickValidator.Limits(5000, 1000));
        assertThat(MarketDataConfig.from(config("market-data:\n  maxClockSkewMs: 2000\n  maxJumpBps: 0\n"))
                .validation()).isEqualTo(new TickValidator.Limits(2000, 0));
        assertThat(error("market-data:\n  maxClockSkewMs: 0\n").field()).isEqualTo("market-data.maxClockSkewMs");
        assertThat(error("market-data:\n  maxClockSkewMs: 86400001\n").getMessage()).contains("1..86400000");
        assertThat(error("market-data:\n  maxJumpBps: -1\n").field()).isEqualTo("market-data.maxJumpBps");
        assertThat(error("market-data:\n  maxJumpBps: 1000001\n").field()).isEqualTo("market-data.maxJumpBps");
        // A changed source or speed keeps the limits.
        MarketDataConfig md = MarketDataConfig.from(config("market-data:\n  maxJumpBps: 250\n"));
        assertThat(md.withSource(MarketDataConfig.Source.BINANCE).withSpeed(2).validation().maxJumpBps())
                .isEqualTo(250);
    }

    @Test
    void anInstrumentsMaxQuantityIsInBaseUnitsAndChecked() {
        String instruments = """
                instruments:
                  - {symbol: BTCUSDT, base: BTC, quote: USDT, priceDecimals: 2, sizeDecimals: 5, maxQuantity: %s}
                """;
        assertThat(AquatradeConfig.parse(Path.of("t.yaml"), instruments.formatted("9000")).instruments()
                .get("BTCUSDT").maxQuantity()).isEqualTo(9000_00000L);
        assertThat(AquatradeConfig.parse(Path.of("t.yaml"), instruments.formatted("0.00001")).instruments()
                .get("BTCUSDT").maxQuantity()).isEqualTo(1);
        assertThat(AquatradeConfig.parse(Path.of("t.yaml"), SHARED).instruments().get("BTCUSDT").maxQuantity())
                .isEqualTo(io.aquatrade.common.Instrument.DEFAULT_MAX_QUANTITY);
        for (String bad : List.of("0", "-1", "0.000001", "1e30")) {
            assertThatThrownBy(() -> AquatradeConfig.parse(Path.of("t.yaml"), instruments.formatted(bad)))
                    .as(bad).isInstanceOf(ConfigException.class)
                    .extracting(e -> ((ConfigException) e).field()).asString().endsWith("instruments[BTCUSDT].maxQuantity");
        }
    }
}
