package io.aquatrade.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import io.aquatrade.backtest.BacktestMain;
import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.Bar;
import io.aquatrade.common.ProcessCli;
import io.aquatrade.common.Side;
import io.aquatrade.common.TradeTick;
import io.aquatrade.common.testing.SampleData;
import io.aquatrade.marketdata.replay.ReplayFile;
import io.aquatrade.marketdata.replay.ReplayFormat;
import io.aquatrade.tools.AquatradeTool;
import io.aquatrade.tools.BarCsvWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ta4j.core.BarSeries;
import org.ta4j.core.BaseBarSeriesBuilder;
import org.ta4j.core.Indicator;
import org.ta4j.core.indicators.ATRIndicator;
import org.ta4j.core.indicators.EMAIndicator;
import org.ta4j.core.indicators.SMAIndicator;
import org.ta4j.core.indicators.helpers.ClosePriceIndicator;
import org.ta4j.core.num.DecimalNum;
import org.ta4j.core.num.Num;

/**
 * What the engine computed, as a user sees it: {@code aquatrade export bars} over the {@code bars} topic of a
 * four-process replay and {@code aquatrade backtest --export bars} over the same file write identical files, and
 * their values equal independent computations: every complete 5m bar's OHLCV, buy/sell volume, trade count and VWAP
 * equal an exact BigDecimal aggregation of the raw trades, and EMA 9/20/200, SMA 9 and ATR 14 of every file equal
 * ta4j 0.17's (exact DecimalNum) over the exported bars, empty while they warm up; and every series (5m, 15m, 1h) is
 * contiguous: consecutive bars open exactly one timeframe apart and each closes at open + timeframe.
 */
class BarExportIT {
    private static final long DRAIN_TIMEOUT_MS = 120_000;
    private static final String CONFIG = """
            runtime: {queueDir: var/queues, sequencing: event-time}
            instruments:
              - {symbol: XRPETH, base: XRP, quote: ETH, priceDecimals: 8, sizeDecimals: 0}
            assets: {XRP: 8, ETH: 8}
            signal-generator:
              timeframe: 5m
              strategies:
                - {id: vwap-momentum, type: vwap-momentum, instruments: [XRPETH], bars: 3, vwap: session}
                - id: ema-cross
                  type: ema-cross
                  instruments: [XRPETH]
                  fast: 9
                  slow: 20
                  filters:
                    - {type: confirm-timeframes, timeframes: [15m, 1h], ema: 20}
            decision-engine:
              strategies:
                - {id: vwap-momentum, capital: 1.0, orderFraction: 0.5, stopLossBps: 30}
                - {id: ema-cross, capital: 1.0, orderFraction: 0.5, stopLossBps: 0}
            order-router:
              venue: paper
              paper: {takerFeeBps: 10, slippageBps: 5, balances: {ETH: 2.0, XRP: 0}}
            """;

    @TempDir
    Path dir;

    @Test
    void theBacktestAndTheFourProcessesExportTheSameBarsAndTheyAreRight() throws Exception {
        Path configFile = dir.resolve("export.yaml");
        Files.writeString(configFile, CONFIG);
        AquatradeConfig config = AquatradeConfig.load(configFile);
        Path trades = SampleData.file("XRP_ETH-trades.json.gz");
        Path queues = dir.resolve("queues");
        List<Bar> topicBars;
        try (Pipeline p = new Pipeline(queues, config, List.of(new ReplayFile(trades,
                ReplayFormat.FREQTRADE_TRADES, "XRPETH"))).start(Pipeline.COMPONENTS)) {
            p.awaitDrained(DRAIN_TIMEOUT_MS);
            topicBars = p.collect().bars;
        }

        Path fromQueues = dir.resolve("export");
        assertThat(ProcessCli.execute("aquatrade-export", new AquatradeTool(), "export", "bars", "--config",
                configFile.toString(), "--queue-dir", queues.toString(), "--out", fromQueues.toString())).isZero();
        Path fromBacktest = dir.resolve("backtest");
        assertThat(ProcessCli.execute("backtest", new BacktestMain(), "--config", configFile.toString(), "--data",
                trades + ":freqtrade-trades:XRPETH", "--out", fromBacktest.toString(), "--no-html", "--export",
                "bars")).isZero();

        List<String> names = List.of("bars-XRPETH-5m.csv", "bars-XRPETH-15m.csv", "bars-XRPETH-1h.csv");
        assertThat(csvFiles(fromQueues)).containsExactlyInAnyOrderElementsOf(names);
        assertThat(csvFiles(fromBacktest)).filteredOn(n -> n.startsWith("bars-"))
                .containsExactlyInAnyOrderElementsOf(names);
        Map<Long, String> timeframes = Map.of(300_000L, "5m", 900_000L, "15m", 3_600_000L, "1h");
        for (Map.Entry<Long, String> tf : timeframes.entrySet()) {
            String name = "bars-XRPETH-" + tf.getValue() + ".csv";
            assertThat(Files.readAllLines(fromBacktest.resolve(name))).as(name)
                    .hasSizeGreaterThan(20)
                    .isEqualTo(Files.readAllLines(fromQueues.resolve(name)));
            List<Map<String, String>> rows = read(fromQueues.resolve(name));
            assertContiguous(name, rows, tf.getKey(), topicBars);
            assertIndicatorsEqualTa4j(name, rows);
        }
        assertBarsEqualTheTrades(read(fromQueues.resolve("bars-XRPETH-5m.csv")), 300_000L);
    }

    private static List<String> csvFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".csv")).toList();
        }
    }

    /**
     * One series has neither a gap nor a repeat: on the {@code bars} topic, each bar of the instrument and timeframe
     * opens exactly one timeframe after the one before and closes ({@link Bar#eventTimeNs()}) at open + timeframe; the
     * file's {@code open_time_ms} column is the same sequence, row by row.
     */
    private static void assertContiguous(String name, List<Map<String, String>> rows, long timeframeMs,
                                         List<Bar> topicBars) {
        long timeframeNs = timeframeMs * 1_000_000L;
        List<Bar> series = topicBars.stream()
                .filter(b -> b.instrument().equals("XRPETH") && b.timeframeMs() == timeframeMs).toList();
        assertThat(series).as("%s: bars on the topic", name).hasSameSizeAs(rows);
        for (int i = 0; i < series.size(); i++) {
            Bar b = series.get(i);
            assertThat(b.eventTimeNs()).as("%s bar %d closes one timeframe after it opens", name, i)
                    .isEqualTo(b.openTimeNs() + timeframeNs);
            if (i > 0) {
                assertThat(b.openTimeNs()).as("%s bar %d opens where bar %d closed", name, i, i - 1)
                        .isEqualTo(series.get(i - 1).openTimeNs() + timeframeNs);
            }
            assertThat(Long.parseLong(rows.get(i).get("open_time_ms"))).as("%s row %d", name, i)
                    .isEqualTo(b.openTimeNs() / 1_000_000L);
        }
        for (int i = 1; i < rows.size(); i++) {
            assertThat(Long.parseLong(rows.get(i).get("open_time_ms"))).as("%s row %d", name, i)
                    .isEqualTo(Long.parseLong(rows.get(i - 1).get("open_time_ms")) + timeframeMs);
        }
    }

    /** @return the rows as column name to cell text */
    private static List<Map<String, String>> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        assertThat(lines.get(0)).startsWith("open_time_ms,open,high,low,close,volume,buy_volume,sell_volume,trades,"
                + "vwap,ema9,ema20,ema200,sma9,atr14").isEqualTo(BarCsvWriter.HEADER);
        String[] header = lines.get(0).split(",", -1);
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            assertThat(cells).hasSameSizeAs(header);
            Map<String, String> row = new TreeMap<>();
            for (int i = 0; i < header.length; i++) {
                if (!header[i].equals("gap") && !header[i].equals("vwap_estimated")) {
                    assertThat(cells[i]).as("%s: a plain decimal, no exponent", header[i]).matches("-?[0-9.]*");
                }
                row.put(header[i], cells[i]);
            }
            rows.add(row);
        }
        return rows;
    }

    /**
     * Every exported 5m bar against the raw trades aggregated here with BigDecimal: a bar with trades has its
     * interval's first/max/min/last price, the sums of quantities (by taker side), the count and sum(p*q)/sum(q); a
     * bar without trades (if the engine writes flat bars) is flat at the previous close with volume 0. Every interval
     * with trades up to the last exported bar is exported.
     */
    private static void assertBarsEqualTheTrades(List<Map<String, String>> rows, long timeframeMs) {
        Map<Long, List<TradeTick>> byInterval = new TreeMap<>();
        for (TradeTick t : SampleData.xrpEthTrades()) {
            long openMs = Math.floorDiv(t.eventTimeNs() / 1_000_000L, timeframeMs) * timeframeMs;
            byInterval.computeIfAbsent(openMs, k -> new ArrayList<>()).add(t);
        }
        long lastOpenMs = Long.parseLong(rows.get(rows.size() - 1).get("open_time_ms"));
        assertThat(rows.stream().filter(r -> !r.get("trades").equals("0")).map(r -> Long.parseLong(
                r.get("open_time_ms"))).toList()).as("every interval with trades")
                .isEqualTo(byInterval.keySet().stream().filter(t -> t <= lastOpenMs).toList());
        BigDecimal previousClose = null;
        for (Map<String, String> r : rows) {
            long openMs = Long.parseLong(r.get("open_time_ms"));
            List<TradeTick> ts = byInterval.get(openMs);
            if (ts == null) {
                assertThat(r.get("trades")).isEqualTo("0");
                for (String c : List.of("open", "high", "low", "close")) {
                    assertThat(new BigDecimal(r.get(c))).as("flat %s at %d", c, openMs)
                            .isEqualByComparingTo(previousClose);
                }
                assertThat(new BigDecimal(r.get("volume"))).isZero();
                previousClose = new BigDecimal(r.get("close"));
                continue;
            }
            BigDecimal high = null;
            BigDecimal low = null;
            BigDecimal volume = BigDecimal.ZERO;
            BigDecimal buy = BigDecimal.ZERO;
            BigDecimal sell = BigDecimal.ZERO;
            BigDecimal notional = BigDecimal.ZERO;
            for (TradeTick t : ts) {
                BigDecimal p = BigDecimal.valueOf(t.price(), 8);
                BigDecimal q = BigDecimal.valueOf(t.quantity(), 0);
                high = high == null || p.compareTo(high) > 0 ? p : high;
                low = low == null || p.compareTo(low) < 0 ? p : low;
                volume = volume.add(q);
                notional = notional.add(p.multiply(q));
                if (t.aggressorSide() == Side.BUY) {
                    buy = buy.add(q);
                } else {
                    sell = sell.add(q);
                }
            }
            String at = "bar at " + Instant.ofEpochMilli(openMs);
            assertThat(new BigDecimal(r.get("open"))).as(at).isEqualByComparingTo(BigDecimal.valueOf(
                    ts.get(0).price(), 8));
            assertThat(new BigDecimal(r.get("high"))).as(at).isEqualByComparingTo(high);
            assertThat(new BigDecimal(r.get("low"))).as(at).isEqualByComparingTo(low);
            assertThat(new BigDecimal(r.get("close"))).as(at).isEqualByComparingTo(BigDecimal.valueOf(
                    ts.get(ts.size() - 1).price(), 8));
            assertThat(new BigDecimal(r.get("volume"))).as(at).isEqualByComparingTo(volume);
            assertThat(new BigDecimal(r.get("buy_volume"))).as(at).isEqualByComparingTo(buy);
            assertThat(new BigDecimal(r.get("sell_volume"))).as(at).isEqualByComparingTo(sell);
            assertThat(Long.parseLong(r.get("trades"))).as(at).isEqualTo(ts.size());
            double vwap = notional.divide(volume, MathContext.DECIMAL128).doubleValue();
            assertThat(Double.parseDouble(r.get("vwap"))).as(at).isCloseTo(vwap,
                    org.assertj.core.data.Offset.offset(vwap * 1e-12));
            previousClose = new BigDecimal(r.get("close"));
        }
    }

    private static void assertIndicatorsEqualTa4j(String name, List<Map<String, String>> rows) {
        BarSeries series = new BaseBarSeriesBuilder().withName(name).build();
        for (Map<String, String> r : rows) {
            long openMs = Long.parseLong(r.get("open_time_ms"));
            long timeframeMs = name.endsWith("-5m.csv") ? 300_000L : name.endsWith("-15m.csv") ? 900_000L
                    : 3_600_000L;
            ZonedDateTime end = ZonedDateTime.ofInstant(Instant.ofEpochMilli(openMs + timeframeMs), ZoneOffset.UTC);
            series.addBar(Duration.ofMillis(timeframeMs), end, DecimalNum.valueOf(r.get("open")),
                    DecimalNum.valueOf(r.get("high")), DecimalNum.valueOf(r.get("low")),
                    DecimalNum.valueOf(r.get("close")), DecimalNum.valueOf(r.get("volume")));
        }
        ClosePriceIndicator close = new ClosePriceIndicator(series);
        Map<String, Indicator<Num>> oracle = Map.of("ema9", new EMAIndicator(close, 9), "ema20",
                new EMAIndicator(close, 20), "ema200", new EMAIndicator(close, 200), "sma9", new SMAIndicator(close, 9),
                "atr14", new ATRIndicator(series, 14));
        Map<String, Integer> length = Map.of("ema9", 9, "ema20", 20, "ema200", 200, "sma9", 9, "atr14", 14);
        for (int i = 0; i < rows.size(); i++) {
            for (Map.Entry<String, Indicator<Num>> e : oracle.entrySet()) {
                String cell = rows.get(i).get(e.getKey());
                if (i < length.get(e.getKey()) - 1) {
                    assertThat(cell).as("%s %s row %d warming up", name, e.getKey(), i).isEmpty();
                } else {
                    double expected = e.getValue().getValue(i).doubleValue();
                    assertThat(Double.parseDouble(cell)).as("%s %s row %d", name, e.getKey(), i)
                            .isCloseTo(expected, org.assertj.core.data.Offset.offset(Math.abs(expected) * 1e-9));
                }
            }
        }
    }
}
