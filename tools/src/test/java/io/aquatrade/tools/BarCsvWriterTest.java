package io.aquatrade.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.aquatrade.common.Bar;
import io.aquatrade.common.BarListener;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.ProcessCli;
import io.aquatrade.common.QueueRoot;
import io.aquatrade.common.Topic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bar CSV: hand-worked rows (mantissas written with the instrument's decimals, doubles plain, warming-up values
 * empty), one file per instrument and timeframe, repeats skipped; and {@code export bars} over a real queue.
 */
class BarCsvWriterTest {
    private static final Instrument BTCUSDT = new Instrument("BTCUSDT", "BTC", "USDT", 2, 5);
    private static final long MS = 1_000_000L;

    @TempDir
    Path dir;

    private static Bar bar(long timeframeMs, long openMs, long close) {
        return new Bar().instrument("BTCUSDT").timeframeMs(timeframeMs).openTimeNs(openMs * MS)
                .open(6_180_000).high(6_190_050).low(6_179_999).close(close)
                .volume(150_000).buyVolume(100_001).sellVolume(49_999).tradeCount(7).vwap(61850.125)
                .eventTimeNs((openMs + timeframeMs) * MS);
    }

    @Test
    void writesExactPlainNumbersOneFilePerSeriesAndSkipsRepeats() throws Exception {
        try (BarCsvWriter w = new BarCsvWriter(dir, symbol -> BTCUSDT)) {
            w.bar(bar(300_000L, 1_700_000_100_000L, 6_185_000));
            w.bar(bar(300_000L, 1_700_000_400_000L, 6_185_001).ema9(61850.5).ema20(0.0000053).ema200(Double.NaN)
                    .sma9(1.0e21).atr14(12.0).gap(true).vwapEstimated(true));
            w.bar(bar(300_000L, 1_700_000_400_000L, 6_185_001)); // a repeat after a restart
            w.bar(bar(3_600_000L, 1_699_999_200_000L, 6_185_000));
            assertThat(w.barCount()).isEqualTo(3);
            assertThat(w.repeatedBarCount()).isEqualTo(1);
        }
        assertThat(Files.readAllLines(dir.resolve("bars-BTCUSDT-5m.csv"))).containsExactly(
                BarCsvWriter.HEADER,
                "1700000100000,61800.00,61900.50,61799.99,61850.00,1.50000,1.00001,0.49999,7,61850.125,,,,,,"
                        + "false,false",
                "1700000400000,61800.00,61900.50,61799.99,61850.01,1.50000,1.00001,0.49999,7,61850.125,61850.5,"
                        + "0.0000053,,1000000000000000000000,12,true,true");
        assertThat(Files.readAllLines(dir.resolve("bars-BTCUSDT-1h.csv"))).hasSize(2);
        assertThat(BarCsvWriter.HEADER).startsWith("open_time_ms,open,high,low,close,volume,buy_volume,sell_volume,"
                + "trades,vwap,ema9,ema20,ema200,sma9,atr14,");
    }

    @Test
    void interleavedSeriesOfTwoInstrumentsAndTwoTimeframesEachGoToTheirOwnFile() throws Exception {
        Instrument ethusdt = new Instrument("ETHUSDT", "ETH", "USDT", 2, 4);
        long t0 = 1_700_000_100_000L;
        try (BarCsvWriter w = new BarCsvWriter(dir, symbol -> symbol.equals("BTCUSDT") ? BTCUSDT : ethusdt)) {
            // as a topic interleaves them: every 5m bar of both, an hourly bar of each now and then
            for (int i = 0; i < 30; i++) {
                long openMs = t0 + i * 300_000L;
                w.bar(bar(300_000L, openMs, 6_185_000));
                w.bar(bar(300_000L, openMs, 6_185_000).instrument("ETHUSDT"));
                if (i % 12 == 11) {
                    w.bar(bar(3_600_000L, openMs - 3_300_000L, 6_185_000).instrument(i % 24 == 11 ? "ETHUSDT"
                            : "BTCUSDT"));
                    w.bar(bar(3_600_000L, openMs - 3_300_000L, 6_185_000).instrument(i % 24 == 11 ? "BTCUSDT"
                            : "ETHUSDT"));
                }
            }
            assertThat(w.barCount()).isEqualTo(64);
            assertThat(w.repeatedBarCount()).isZero();
            assertThat(w.files()).extracting(f -> f.getFileName().toString()).containsExactly(
                    "bars-BTCUSDT-5m.csv", "bars-BTCUSDT-1h.csv", "bars-ETHUSDT-5m.csv", "bars-ETHUSDT-1h.csv");
        }
        for (String symbol : List.of("BTCUSDT", "ETHUSDT")) {
            List<String> fiveMinutes = Files.readAllLines(dir.resolve("bars-" + symbol + "-5m.csv"));
            assertThat(fiveMinutes).hasSize(31).first().isEqualTo(BarCsvWriter.HEADER);
            for (int i = 0; i < 30; i++) {
                assertThat(fiveMinutes.get(i + 1)).as("%s 5m row %d", symbol, i)
                        .startsWith((t0 + i * 300_000L) + ",61800.00,")
                        .contains(symbol.equals("BTCUSDT") ? ",1.50000,1.00001,0.49999," : ",15.0000,10.0001,4.9999,");
            }
            List<String> hours = Files.readAllLines(dir.resolve("bars-" + symbol + "-1h.csv"));
            assertThat(hours).hasSize(3);
            assertThat(hours.get(1)).startsWith((t0 + 11 * 300_000L - 3_300_000L) + ",");
            assertThat(hours.get(2)).startsWith((t0 + 23 * 300_000L - 3_300_000L) + ",");
        }
    }

    @Test
    void exportBarsReadsTheBarsTopic() throws Exception {
        Path queues = dir.resolve("queues");
        try (QueueRoot root = new QueueRoot(queues)) {
            BarListener out = root.writer(Topic.BARS);
            out.bar(bar(300_000L, 1_700_000_100_000L, 6_185_000));
            out.bar(bar(300_000L, 1_700_000_400_000L, 6_185_001));
        }
        Path config = dir.resolve("c.yaml");
        Files.writeString(config, """
                instruments:
                  - {symbol: BTCUSDT, base: BTC, quote: USDT, priceDecimals: 2, sizeDecimals: 5}
                """);
        Path out = dir.resolve("out");
        int code = ProcessCli.execute("aquatrade-export", new AquatradeTool(), "export", "bars", "--config",
                config.toString(), "--queue-dir", queues.toString(), "--out", out.toString());
        assertThat(code).isZero();
        List<String> lines = Files.readAllLines(out.resolve("bars-BTCUSDT-5m.csv"));
        assertThat(lines).hasSize(3);
        assertThat(lines.get(2)).startsWith("1700000400000,61800.00,61900.50,61799.99,61850.01,1.50000,");

        int missing = ProcessCli.execute("aquatrade-export", new AquatradeTool(), "export", "bars", "--config",
                config.toString(), "--queue-dir", dir.resolve("nothing").toString(), "--out", out.toString());
        assertThat(missing).isEqualTo(2);
    }
}
