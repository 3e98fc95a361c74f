package io.aquatrade.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.Bar;
import io.aquatrade.common.ConfigException;
import io.aquatrade.common.testing.SampleData;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Candle files with defects: real candle rows, edited as a broken download or a bad export would have them. */
class CandleFilesTest {
    private static final AquatradeConfig ADABTC = AquatradeConfig.parse(Path.of("adabtc.yaml"), """
            instruments:
              - {symbol: ADABTC, base: ADA, quote: BTC, priceDecimals: 8, sizeDecimals: 1}
            """);
    private static final Path KLINES = SampleData.projectRoot()
            .resolve("backtest/src/test/resources/klines/ADABTC-1m-2021-11-27-head120.csv");

    /** The real 1m klines with the first row's close_time set to open + 119999 ms (a 2m candle). */
    private static List<String> klinesWithA2mFirstRow() throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(KLINES));
        String[] f = lines.get(0).split(",", -1);
        f[6] = Long.toString(Long.parseLong(f[0]) + 119_999);
        lines.set(0, String.join(",", f));
        return lines;
    }

    private static void assertBarsAreLines(MarketHistory h, List<String> lines) {
        assertThat(h.barCount()).isEqualTo(lines.size());
        Bar bar = new Bar();
        for (int i = 0; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",");
            h.bar(i, bar);
            assertThat(bar.openTimeNs()).isEqualTo(Long.parseLong(f[0]) * 1_000_000L);
            assertThat(bar.timeframeMs()).isEqualTo(60_000L);
        }
    }

    @Test
    void aFirstKlineOfAnotherTimeframeIsRejectedNotTakenAsTheFilesTimeframe(@TempDir Path dir) throws IOException {
        List<String> lines = klinesWithA2mFirstRow();
        Path file = dir.resolve("ADABTC-1m-2021-11-27.csv");
        Files.write(file, lines);
        MarketHistory h = MarketHistory.load(ADABTC, List.of(new MarketHistory.Input(file, null, null)));
        assertThat(h.barTimeframeMs("ADABTC")).as("the file name says 1m").isEqualTo(60_000L);
        assertThat(h.malformedCount()).isEqualTo(1);
        assertBarsAreLines(h, lines.subList(1, lines.size()));
    }

    @Test
    void withoutATimeframeInTheNameTheMostCommonKlineLengthIsTheTimeframe(@TempDir Path dir) throws IOException {
        List<String> lines = klinesWithA2mFirstRow();
        Path file = dir.resolve("adabtc.csv");
        Files.write(file, lines);
        MarketHistory h = MarketHistory.load(ADABTC, List.of(
                new MarketHistory.Input(file, MarketHistory.BINANCE_KLINES_CSV, "ADABTC")));
        assertThat(h.barTimeframeMs("ADABTC")).as("119 rows of 1m against one of 2m").isEqualTo(60_000L);
        assertThat(h.malformedCount()).isEqualTo(1);
        assertBarsAreLines(h, lines.subList(1, lines.size()));
    }

    private static AquatradeConfig withOnError(String instrument, String onError) {
        return AquatradeConfig.parse(Path.of(onError + ".yaml"), """
                instruments:
                  - %s
                market-data:
                  replay: {onError: %s}
                """.formatted(instrument, onError));
    }

    /**
     * The sample's 5m freqtrade file cut inside its 300th candle, after 25 of its first rows got a low above their
     * high: with {@code market-data.replay.onError: warn} the 299 complete candles before the cut are read (the 25 bad
     * ones skipped as malformed, the cut not counted as a candle), with {@code fail} a start-up error naming the file,
     * however many malformed rows came before.
     */
    @Test
    void aFreqtradeFileThatStopsParsingFollowsReplayOnError(@TempDir Path dir) throws IOException {
        String text = Files.readString(SampleData.file("XRP_ETH-5m.json"));
        JsonNode rows = new ObjectMapper().readTree(text);
        String[] parts = text.split("\\],\\[", -1);
        for (int i = 0; i < 25; i++) {
            String[] cells = parts[i].split(",", -1);
            cells[3] = "0.5"; // low above high
            parts[i] = String.join(",", cells);
        }
        String edited = String.join("],[", parts);
        int row300 = edited.indexOf("[" + rows.get(299).get(0).asText() + ",");
        Path cut = dir.resolve("XRP_ETH-5m.json");
        Files.writeString(cut, edited.substring(0, row300 + 20));
        String xrpEth = "{symbol: XRPETH, base: XRP, quote: ETH, priceDecimals: 8, sizeDecimals: 0}";
        List<MarketHistory.Input> input = List.of(new MarketHistory.Input(cut, null, null));

        MarketHistory h = MarketHistory.load(withOnError(xrpEth, "warn"), input);
        assertThat(h.malformedCount()).isEqualTo(25);
        assertThat(h.barCount()).isEqualTo(299 - 25);
        Bar bar = new Bar();
        for (int i = 0; i < h.barCount(); i++) {
            assertThat(h.bar(i, bar).openTimeNs()).isEqualTo(rows.get(25 + i).get(0).asLong() * 1_000_000L);
        }
        assertThatThrownBy(() -> MarketHistory.load(withOnError(xrpEth, "fail"), input))
                .isInstanceOf(ConfigException.class).hasMessageContaining("--data")
                .hasMessageContaining(cut.toString()).hasMessageContaining("candle 300");
    }

    /**
     * A day of real 1m klines, gzip'd and cut at half its compressed bytes (an interrupted download): with
     * {@code warn} every complete line before the cut is a bar (the oracle: what gunzip gives before the break, up to
     * its last newline) and the cut line is not read as a candle; with {@code fail} a start-up error naming the file.
     */
    @Test
    void aTruncatedGzipKlineFileFollowsReplayOnError(@TempDir Path dir) throws IOException {
        Path day = SampleData.projectRoot().resolve(
                "../shared/data/candles/binance_spot_klines_ADABTC_2021-11-27_28/ADABTC-1m-2021-11-27.csv").normalize();
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(gz)) {
            Files.copy(day, out);
        }
        byte[] cutBytes = Arrays.copyOf(gz.toByteArray(), gz.size() / 2);
        Path cut = dir.resolve("ADABTC-1m-2021-11-27.csv.gz");
        Files.write(cut, cutBytes);
        ByteArrayOutputStream before = new ByteArrayOutputStream();
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(cutBytes))) {
            for (int b; (b = in.read()) >= 0; ) {
                before.write(b);
            }
        } catch (EOFException expected) {
            // the cut
        }
        String text = before.toString(StandardCharsets.US_ASCII);
        List<String> complete = Arrays.asList(text.substring(0, text.lastIndexOf('\n')).split("\n"));
        assertThat(complete.size()).isBetween(500, 1000);
        assertThat(text).doesNotEndWith("\n");
        String adaBtc = "{symbol: ADABTC, base: ADA, quote: BTC, priceDecimals: 8, sizeDecimals: 1}";
        List<MarketHistory.Input> input = List.of(new MarketHistory.Input(cut, null, null));

        MarketHistory h = MarketHistory.load(withOnError(adaBtc, "warn"), input);
        assertThat(h.malformedCount()).isZero();
        assertBarsAreLines(h, complete);
        assertThatThrownBy(() -> MarketHistory.load(withOnError(adaBtc, "fail"), input))
                .isInstanceOf(ConfigException.class).hasMessageContaining("--data")
                .hasMessageContaining(cut.toString()).hasMessageContaining("line " + (complete.size() + 1));
    }

    /**
     * Real klines with one defect each: every skipped candle's message names the line, the column (by number and by
     * Binance's name) and what is wrong with it in words; an 11-column row (no {@code ignore}) is a whole candle.
     */
    @Test
    void aBadKlineIsSkippedWithTheLineAndColumnNamed(@TempDir Path dir) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(KLINES));
        String[][] rows = new String[lines.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = lines.get(i).split(",", -1);
        }
        rows[1][2] = rows[1][2] + "5";                            // high with 9 decimals
        rows[2][8] = "x";                                         // count not a number
        rows[3][5] = "36304.25";                                  // volume with 2 decimals (ADABTC sizes have 1)
        rows[4] = Arrays.copyOf(rows[4], 10);                     // cut after taker_buy_base_volume
        rows[5][3] = "0.00003000";                                // low above high
        rows[6][0] = "1637971560000.5";                           // open_time not whole ms
        rows[7] = Arrays.copyOf(rows[7], 11);                     // no ignore column: still a candle
        for (int i = 0; i < rows.length; i++) {
            lines.set(i, String.join(",", rows[i]));
        }
        Path file = dir.resolve("ADABTC-1m-2021-11-27.csv");
        Files.write(file, lines);
        CandleFiles.Candles c = CandleFiles.read(new CandleFiles.Spec(file, MarketHistory.BINANCE_KLINES_CSV,
                ADABTC.instruments().get("ADABTC")));
        assertThat(c.size).isEqualTo(120 - 6);
        assertThat(c.malformed).isEqualTo(6);
        assertThat(c.malformedLogged).containsExactly(
                "line 2, column 3 (high): '" + rows[1][2] + "' has more decimals than the 8 of ADABTC prices",
                "line 3, column 9 (count): 'x' is not a whole number",
                "line 4, column 6 (volume): '36304.25' has more decimals than the 1 of ADABTC quantities",
                "line 5: 10 columns, expected 12 (open_time, open, high, low, close, volume, close_time, quote_volume, "
                        + "count, taker_buy_base_volume, taker_buy_quote_volume, ignore; ignore may be left out)",
                "line 6, column 4 (low): 0.00003000 is above high " + rows[5][2],
                "line 7, column 1 (open_time): '1637971560000.5' is not a whole number");
    }

    /** The sample's freqtrade candles with one defect each, named by candle number, value and position. */
    @Test
    void aBadFreqtradeCandleIsSkippedWithTheCandleAndValueNamed(@TempDir Path dir) throws IOException {
        String text = Files.readString(SampleData.file("XRP_ETH-5m.json"));
        String[] parts = text.split("\\],\\[", -1);
        String[] c1 = parts[1].split(",", -1);
        c1[2] = c1[2] + "1";                                      // high with 9 decimals
        parts[1] = String.join(",", c1);
        String[] c2 = parts[2].split(",", -1);
        c2[4] = "\"x\"";                                          // close a string
        parts[2] = String.join(",", c2);
        String[] c3 = parts[3].split(",", -1);
        parts[3] = String.join(",", Arrays.copyOf(c3, 5));        // no volume
        Path file = dir.resolve("XRP_ETH-5m.json");
        Files.writeString(file, String.join("],[", parts));
        CandleFiles.Candles c = CandleFiles.read(new CandleFiles.Spec(file, MarketHistory.FREQTRADE_OHLCV,
                AquatradeConfig.load(SampleData.projectRoot().resolve("config/aquatrade.yaml")).instruments()
                        .get("XRPETH")));
        assertThat(c.size).isEqualTo(712 - 3);
        assertThat(c.malformedLogged).containsExactly(
                "candle 2, value 3 (high): '" + c1[2] + "' has more decimals than the 8 of XRPETH prices",
                "candle 3, value 5 (close): 'x' is not a number",
                "candle 4: 5 values, expected 6 [open time ms, open, high, low, close, volume]");
    }

    /** @return how many of this process's open file descriptors point at {@code file} (Linux's /proc) */
    private static long openHandles(Path file) throws IOException {
        Path fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds)) {
            return 0;
        }
        long n = 0;
        try (var list = Files.list(fds)) {
            for (Path fd : (Iterable<Path>) list::iterator) {
                try {
                    n += Files.readSymbolicLink(fd).equals(file.toAbsolutePath()) ? 1 : 0;
                } catch (IOException gone) {
                    // the listing's own descriptor, closed by now
                }
            }
        }
        return n;
    }

    /**
     * A candle file that is only the gzip magic bytes of the sample's real gzip (a download cut after 2 bytes): a
     * start-up error naming the file, and the file is not left open.
     */
    @Test
    void aGzipCandleFileCutInsideItsHeaderIsAClearErrorAndLeftClosed(@TempDir Path dir) throws IOException {
        byte[] gz = Files.readAllBytes(SampleData.file("XRP_ETH-trades.json.gz"));
        Path file = dir.resolve("XRP_ETH-5m.json.gz");
        Files.write(file, Arrays.copyOf(gz, 2));
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> MarketHistory.load(
                    AquatradeConfig.load(SampleData.projectRoot().resolve("config/aquatrade.yaml")),
                    List.of(new MarketHistory.Input(file, null, null))))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("--data")
                    .hasMessageContaining(file.toString()).hasMessageContaining("gzip");
        }
        assertThat(openHandles(file)).isZero();
    }

    /**
     * The sample's 712 real 5m candles written twice (a file appended to by a re-run download): each open time is
     * kept once, the first, and the 712 repeats are counted but only the first {@value CandleFiles#MAX_LOGGED} logged.
     */
    @Test
    void repeatedCandlesAreDroppedCountedAndLoggedWithACap(@TempDir Path dir) throws IOException {
        String text = Files.readString(SampleData.file("XRP_ETH-5m.json")).trim();
        String rows = text.substring(1, text.length() - 1);
        Path file = dir.resolve("XRP_ETH-5m.json");
        Files.writeString(file, "[" + rows + "," + rows + "]");
        CandleFiles.Candles c = CandleFiles.read(new CandleFiles.Spec(file, MarketHistory.FREQTRADE_OHLCV,
                AquatradeConfig.load(SampleData.projectRoot().resolve("config/aquatrade.yaml")).instruments()
                        .get("XRPETH")));
        JsonNode expected = new ObjectMapper().readTree(text);
        assertThat(c.size).isEqualTo(expected.size()).isEqualTo(712);
        for (int i = 0; i < c.size; i++) {
            assertThat(c.openNs[i]).isEqualTo(expected.get(i).get(0).asLong() * 1_000_000L);
        }
        assertThat(c.repeated).isEqualTo(712);
        assertThat(c.repeatedLogged).hasSize(CandleFiles.MAX_LOGGED);
        assertThat(c.repeatedLogged.get(0)).isEqualTo("candle at 2019-10-11T00:00:00Z (open time 1570752000000 ms) "
                + "repeated: the first one read is kept");
    }
}
