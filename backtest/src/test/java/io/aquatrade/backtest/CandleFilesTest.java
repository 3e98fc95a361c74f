package io.aquatrade.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.Bar;
import io.aquatrade.common.testing.SampleData;
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
}
