package io.aquatrade.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.Bar;
import io.aquatrade.common.ConfigException;
import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.QuoteTick;
import io.aquatrade.common.TradeTick;
import io.aquatrade.common.testing.SampleData;
import io.aquatrade.marketdata.replay.ReplayFile;
import io.aquatrade.marketdata.replay.ReplayFormat;
import io.aquatrade.marketdata.replay.ReplaySource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading real recorded trades, captures and candle files. */
class MarketHistoryTest {
    private static final AquatradeConfig SAMPLE = AquatradeConfig.load(
            SampleData.projectRoot().resolve("config/aquatrade.yaml"));
    private static final AquatradeConfig ADABTC = AquatradeConfig.parse(Path.of("adabtc.yaml"), """
            instruments:
              - {symbol: ADABTC, base: ADA, quote: BTC, priceDecimals: 8, sizeDecimals: 1}
            """);

    private static Path resource(String name) {
        return SampleData.projectRoot().resolve("backtest/src/test/resources").resolve(name);
    }

    @Test
    void tradesAreTheSamplesTradesExactlyInOrder() {
        MarketHistory h = MarketHistory.load(SAMPLE, List.of(
                new MarketHistory.Input(SampleData.file("XRP_ETH-trades.json.gz"), null, null)));
        List<TradeTick> expected = SampleData.xrpEthTrades();
        assertThat(h.size()).isEqualTo(expected.size()).isEqualTo(12_477);
        assertThat(h.hasBars()).isFalse();
        TradeTick t = new TradeTick();
        for (int i = 0; i < h.size(); i++) {
            assertThat(h.kind(i)).isEqualTo(MarketHistory.Kind.TRADE);
            assertThat(h.trade(i, t)).isEqualTo(expected.get(i));
        }
        assertThat(h.firstTimeNs()).isEqualTo(expected.get(0).eventTimeNs());
        assertThat(h.lastTimeNs()).isEqualTo(expected.get(expected.size() - 1).eventTimeNs());
        assertThat(h.indexAtOrAfter(h.firstTimeNs())).isZero();
        assertThat(h.indexAtOrAfter(h.lastTimeNs() + 1)).isEqualTo(h.size());
        assertThat(h.eventTimeNs(h.indexAtOrAfter(1_570_800_000_000_000_000L))).isGreaterThanOrEqualTo(
                1_570_800_000_000_000_000L);
    }

    @Test
    void aCaptureMergesTradesAndQuotesAsMarketDatasReplayDoes() {
        AquatradeConfig cfg = AquatradeConfig.parse(Path.of("c.yaml"), """
                instruments:
                  - {symbol: BTCUSDT, base: BTC, quote: USDT, priceDecimals: 8, sizeDecimals: 8}
                  - {symbol: ETHUSDT, base: ETH, quote: USDT, priceDecimals: 8, sizeDecimals: 8}
                """);
        Path btc = resource("replay/btcusdt_20240808-head4000.gz");
        Path eth = resource("replay/ethusdt_20240808-head4000.gz");
        MarketHistory h = MarketHistory.load(cfg, List.of(new MarketHistory.Input(btc, "binance-capture", null),
                new MarketHistory.Input(eth, "binance-capture", null)));
        List<Object> replayed = new ArrayList<>();
        try (ReplaySource source = new ReplaySource(cfg.instruments().values(), List.of(
                new ReplayFile(btc, ReplayFormat.BINANCE_CAPTURE, null),
                new ReplayFile(eth, ReplayFormat.BINANCE_CAPTURE, null)), 0)) {
            source.poll(0, new io.aquatrade.common.MarketDataListener() {
                @Override
                public void tradeTick(TradeTick tick) {
                    replayed.add(tick.deepCopy());
                }

                @Override
                public void quoteTick(QuoteTick quote) {
                    replayed.add(quote.deepCopy());
                }
            }, Integer.MAX_VALUE);
        }
        assertThat(h.tradeCount()).isEqualTo(676 + 614);
        assertThat(h.quoteCount()).isGreaterThan(5000);
        List<Object> loaded = new ArrayList<>();
        for (int i = 0; i < h.size(); i++) {
            loaded.add(h.kind(i) == MarketHistory.Kind.QUOTE ? h.quote(i, new QuoteTick()) : h.trade(i, new TradeTick()));
            assertThat(h.eventTimeNs(i)).isGreaterThanOrEqualTo(i == 0 ? 0 : h.eventTimeNs(i - 1));
        }
        assertThat(loaded).isEqualTo(replayed);
    }

    @Test
    void freqtradeCandlesBecomeBarsStampedAtTheirCloseVolumeZeroCandlesIncluded() {
        MarketHistory h = MarketHistory.load(SAMPLE, List.of(
                new MarketHistory.Input(SampleData.file("XRP_ETH-5m.json"), null, null)));
        List<String[]> candles = SampleData.klines("XRP_ETH-5m.json");
        List<String[]> traded = candles;
        assertThat(candles).hasSize(712);
        assertThat(h.barCount()).isEqualTo(712);
        assertThat(h.emptyBarCount()).isEqualTo(6);
        assertThat(h.malformedCount()).isZero();
        assertThat(h.barTimeframeMs("XRPETH")).isEqualTo(300_000L);
        Bar bar = new Bar();
        for (int i = 0; i < traded.size(); i++) {
            String[] k = traded.get(i);
            h.bar(i, bar);
            assertThat(bar.instrument()).isEqualTo("XRPETH");
            assertThat(bar.openTimeNs()).isEqualTo(Long.parseLong(k[0]) * 1_000_000L);
            assertThat(bar.eventTimeNs()).isEqualTo(bar.openTimeNs() + 300_000_000_000L);
            assertThat(bar.timeframeMs()).isEqualTo(300_000L);
            assertThat(bar.open()).isEqualTo(FixedPoint.parse(k[1], 8));
            assertThat(bar.high()).isEqualTo(FixedPoint.parse(k[2], 8));
            assertThat(bar.low()).isEqualTo(FixedPoint.parse(k[3], 8));
            assertThat(bar.close()).isEqualTo(FixedPoint.parse(k[4], 8));
            assertThat(bar.volume()).isEqualTo(FixedPoint.fromBigDecimal(new BigDecimal(k[5]), 0));
            assertThat(bar.buyVolume() + bar.sellVolume()).isEqualTo(bar.volume());
            if (bar.volume() == 0) {
                // a flat candle: no trade, its VWAP is its close (not an estimate)
                assertThat(bar.tradeCount()).isZero();
                assertThat(bar.vwap()).isEqualTo(new BigDecimal(k[4]).doubleValue());
                assertThat(bar.vwapEstimated()).isFalse();
            } else {
                // freqtrade's OHLCV has no quote volume: the typical price stands in, and the bar says so
                assertThat(bar.tradeCount()).isEqualTo(1);
                assertThat(bar.vwapEstimated()).isTrue();
            }
            bar.validate();
        }
    }

    @Test
    void binanceKlineCsvGivesTakerBuyVolumeTradeCountAndVwap() throws Exception {
        Path file = resource("klines/ADABTC-1m-2021-11-27-head120.csv");
        MarketHistory h = MarketHistory.load(ADABTC, List.of(new MarketHistory.Input(file, null, null)));
        List<String> lines = Files.readAllLines(file);
        assertThat(h.barCount()).isEqualTo(lines.size()).isEqualTo(120);
        assertThat(h.barTimeframeMs("ADABTC")).isEqualTo(60_000L);
        Bar bar = new Bar();
        for (int i = 0; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",");
            h.bar(i, bar);
            assertThat(bar.openTimeNs()).isEqualTo(Long.parseLong(f[0]) * 1_000_000L);
            assertThat(bar.eventTimeNs()).isEqualTo((Long.parseLong(f[6]) + 1) * 1_000_000L);
            assertThat(bar.close()).isEqualTo(FixedPoint.parse(f[4], 8));
            assertThat(bar.volume()).isEqualTo(FixedPoint.parse(f[5], 1));
            assertThat(bar.buyVolume()).isEqualTo(FixedPoint.parse(f[9], 1));
            assertThat(bar.sellVolume()).isEqualTo(bar.volume() - bar.buyVolume());
            assertThat(bar.tradeCount()).isEqualTo(Long.parseLong(f[8]));
            assertThat(bar.vwapEstimated()).as("a true VWAP from the quote volume").isFalse();
            assertThat(bar.vwap()).isCloseTo(Double.parseDouble(f[7]) / Double.parseDouble(f[5]),
                    org.assertj.core.api.Assertions.withinPercentage(1e-9));
            // Binance's quote volume sums per-trade notionals cut to 8 decimals (a flat 8-trade bar at 0.00002881
            // x 506.1 says 0.01458071, not 0.014580741), so a VWAP may miss the bar's range by a few ppm
            double slack = bar.tradeCount() * 1e-8 / FixedPoint.toDouble(bar.volume(), 1)
                    / FixedPoint.toDouble(bar.low(), 8);
            assertThat(bar.vwap()).isBetween(FixedPoint.toDouble(bar.low(), 8) * (1 - slack),
                    FixedPoint.toDouble(bar.high(), 8) * (1 + slack));
            bar.validate();
        }
    }

    @Test
    void aVolumeZeroKlineOfTheSharedAdaBtcDaysIsAFlatBarWithNoTrades() throws Exception {
        Path dir = SampleData.projectRoot().resolve("../shared/data/candles/binance_spot_klines_ADABTC_2021-11-27_28")
                .normalize();
        List<Path> files = List.of(dir.resolve("ADABTC-1m-2021-11-27.csv"), dir.resolve("ADABTC-1m-2021-11-28.csv"));
        List<String> lines = new ArrayList<>();
        List<MarketHistory.Input> inputs = new ArrayList<>();
        for (Path f : files) {
            lines.addAll(Files.readAllLines(f));
            inputs.add(new MarketHistory.Input(f, null, null));
        }
        MarketHistory h = MarketHistory.load(ADABTC, inputs);
        assertThat(h.barCount()).as("every row is a bar").isEqualTo(lines.size()).isEqualTo(2 * 1440);
        assertThat(h.emptyBarCount()).isEqualTo(1);
        Bar bar = new Bar();
        int flat = 0;
        for (int i = 0; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",");
            h.bar(i, bar);
            assertThat(bar.openTimeNs()).isEqualTo(Long.parseLong(f[0]) * 1_000_000L);
            assertThat(bar.tradeCount()).isEqualTo(Long.parseLong(f[8]));
            assertThat(bar.vwapEstimated()).isFalse();
            if (new BigDecimal(f[5]).signum() == 0) {
                flat++;
                assertThat(bar.volume()).isZero();
                assertThat(bar.tradeCount()).isZero();
                assertThat(new long[] {bar.open(), bar.high(), bar.low()}).containsOnly(bar.close());
                assertThat(bar.close()).isEqualTo(FixedPoint.parse(f[4], 8));
                assertThat(bar.vwap()).isEqualTo(new BigDecimal(f[4]).doubleValue());
            }
            bar.validate();
        }
        assertThat(flat).isEqualTo(1);
    }

    @Test
    void candlesThatDoNotFitTheInstrumentsDecimalsAreSkippedAndCounted() {
        AquatradeConfig coarse = AquatradeConfig.parse(Path.of("coarse.yaml"), """
                instruments:
                  - {symbol: ADABTC, base: ADA, quote: BTC, priceDecimals: 7, sizeDecimals: 1}
                """);
        MarketHistory h = MarketHistory.load(coarse, List.of(new MarketHistory.Input(
                resource("klines/ADABTC-1m-2021-11-27-head120.csv"), null, null)));
        // prices like 0.00002853 need 8 decimals: a candle is skipped unless all four fit 7
        assertThat(h.malformedCount() + h.barCount()).isEqualTo(120);
        assertThat(h.malformedCount()).isPositive();
    }

    @Test
    void inputsParseFromTheCommandLineForm() {
        assertThat(MarketHistory.Input.parse("data/sample/XRP_ETH-5m.json"))
                .isEqualTo(new MarketHistory.Input(Path.of("data/sample/XRP_ETH-5m.json"), null, null));
        assertThat(MarketHistory.Input.parse("a.gz:binance-capture"))
                .isEqualTo(new MarketHistory.Input(Path.of("a.gz"), "binance-capture", null));
        assertThat(MarketHistory.Input.parse("a.json::XRPETH"))
                .isEqualTo(new MarketHistory.Input(Path.of("a.json"), null, "XRPETH"));
        assertThat(MarketHistory.inferFormat("f", Path.of("XRP_ETH-trades.json.gz"))).isEqualTo("freqtrade-trades");
        assertThat(MarketHistory.inferFormat("f", Path.of("XRP_ETH-5m.json"))).isEqualTo("freqtrade-ohlcv");
        assertThat(MarketHistory.inferFormat("f", Path.of("ADABTC-1m-2021-11-27.csv")))
                .isEqualTo("binance-klines-csv");
        assertThat(MarketHistory.inferFormat("f", Path.of("XRPETH-aggTrades-2019-10-11.csv")))
                .isEqualTo("binance-aggtrades-csv");
    }

    @Test
    void badInputsAreConfigErrorsNamingTheInput() {
        assertThatThrownBy(() -> MarketHistory.load(SAMPLE, List.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("--data");
        assertThatThrownBy(() -> MarketHistory.load(SAMPLE, List.of(
                new MarketHistory.Input(SampleData.file("XRP_ETH-trades.json.gz"), null, null),
                new MarketHistory.Input(SampleData.file("XRP_ETH-5m.json"), null, null))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("mix");
        assertThatThrownBy(() -> MarketHistory.load(SAMPLE, List.of(
                new MarketHistory.Input(SampleData.file("XRP_ETH-5m.json"), "candles", null))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("--data[0].format");
        assertThatThrownBy(() -> MarketHistory.load(SAMPLE, List.of(
                new MarketHistory.Input(SampleData.file("XRP_ETH-5m.json"), null, "BTCUSDT"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("--data[0].symbol");
        assertThatThrownBy(() -> MarketHistory.load(SAMPLE, List.of(
                new MarketHistory.Input(Path.of("no/such/XRP_ETH-5m.json"), null, null))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("--data[0].path");
    }

    /**
     * A trade file that stops parsing mid-way (the real sample cut inside the 6,001st trade): the backtest reads it
     * as market-data's replay does under the config's {@code market-data.replay.onError}: with {@code warn} the
     * complete trades before the cut, with {@code fail} a start-up error naming {@code --data}.
     */
    @Test
    void aTradeFileThatStopsParsingFollowsReplayOnError(@TempDir Path dir)
            throws IOException {
        String text;
        try (InputStream in = new GZIPInputStream(
                Files.newInputStream(SampleData.file("XRP_ETH-trades.json.gz")))) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path cut = dir.resolve("XRP_ETH-trades.json");
        int at = text.indexOf("\"13525807\"");
        Files.writeString(cut, text.substring(0, at + 5));
        long complete = text.substring(0, at).chars().filter(c -> c == ']').count();
        String instruments = """
                instruments:
                  - {symbol: XRPETH, base: XRP, quote: ETH, priceDecimals: 8, sizeDecimals: 0}
                market-data:
                  replay: {onError: %s}
                """;
        AquatradeConfig warn = AquatradeConfig.parse(Path.of("warn.yaml"), instruments.formatted("warn"));
        List<MarketHistory.Input> input = List.of(new MarketHistory.Input(cut, "freqtrade-trades", "XRPETH"));
        MarketHistory h = MarketHistory.load(warn, input);
        assertThat(h.size()).as("the complete trades before the cut").isEqualTo(complete).isEqualTo(6_000);

        AquatradeConfig fail = AquatradeConfig.parse(Path.of("fail.yaml"), instruments.formatted("fail"));
        assertThatThrownBy(() -> MarketHistory.load(fail, input))
                .isInstanceOf(ConfigException.class).hasMessageContaining("--data");
    }
}
