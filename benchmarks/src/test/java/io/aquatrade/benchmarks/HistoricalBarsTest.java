package io.aquatrade.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aquatrade.common.Instrument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bar loader on real Binance 5m bars (a slice of the benchmark data set, see src/test/resources/bars-5m). */
class HistoricalBarsTest {
    static final Instrument ADA = new Instrument("ADAUSDT", "ADA", "USDT", 5, 10);
    static final Instrument BTC = new Instrument("BTCUSDT", "BTC", "USDT", 2, 8);

    static Path slice(String name) {
        try {
            return Path.of(HistoricalBarsTest.class.getResource("/bars-5m/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every value of every row equals an independent exact parse of the JSON text. */
    @Test
    void readsEveryRowExactly() throws IOException {
        for (Instrument instrument : new Instrument[] {ADA, BTC}) {
            Path file = slice(instrument.base() + "_USDT-5m.json");
            HistoricalBars bars = HistoricalBars.load(file, instrument);
            JsonNode rows = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .readTree(file.toFile());
            assertThat(bars.size()).isEqualTo(rows.size()).isEqualTo(500);
            for (int i = 0; i < rows.size(); i++) {
                JsonNode r = rows.get(i);
                assertThat(bars.openTimeMs(i)).isEqualTo(r.get(0).asLong());
                assertThat(BigDecimal.valueOf(bars.open(i), instrument.priceDecimals()))
                        .isEqualByComparingTo(r.get(1).decimalValue());
                assertThat(BigDecimal.valueOf(bars.high(i), instrument.priceDecimals()))
                        .isEqualByComparingTo(r.get(2).decimalValue());
                assertThat(BigDecimal.valueOf(bars.low(i), instrument.priceDecimals()))
                        .isEqualByComparingTo(r.get(3).decimalValue());
                assertThat(BigDecimal.valueOf(bars.close(i), instrument.priceDecimals()))
                        .isEqualByComparingTo(r.get(4).decimalValue());
                assertThat(BigDecimal.valueOf(bars.volume(i), instrument.sizeDecimals()))
                        .isEqualByComparingTo(r.get(5).decimalValue());
                assertThat(bars.closeAsDouble(i)).isEqualTo(r.get(4).decimalValue().doubleValue());
            }
        }
    }

    @Test
    void firstRowAndTheOutageOfDecember21() {
        HistoricalBars btc = HistoricalBars.load(slice("BTC_USDT-5m.json"), BTC);
        // [1608475800000,23569.38,23580.0,23523.44,...]: 2020-12-20 14:50 UTC
        assertThat(btc.openTimeMs(0)).isEqualTo(1_608_475_800_000L);
        assertThat(btc.open(0)).isEqualTo(2_356_938L);
        assertThat(btc.high(0)).isEqualTo(2_358_000L);
        assertThat(btc.low(0)).isEqualTo(2_352_344L);
        // ten flat volume-0 candles 13:20 .. 14:05, then no candle until 18:00
        assertThat(btc.emptyCount()).isEqualTo(10);
        for (int i = 270; i < 280; i++) {
            assertThat(btc.volume(i)).isZero();
            assertThat(btc.high(i)).isEqualTo(btc.low(i));
        }
        assertThat(btc.openTimeMs(279)).isEqualTo(1_608_559_500_000L);
        assertThat(btc.openTimeMs(280)).isEqualTo(1_608_573_600_000L);
    }

    /** freqtrade wrote volumes from floats: with fewer size decimals than the noise they round half-even. */
    @Test
    void roundsFloatNoiseInVolumesToTheSizeDecimals() throws IOException {
        Instrument ada8 = new Instrument("ADAUSDT", "ADA", "USDT", 5, 8);
        Path file = slice("ADA_USDT-5m.json");
        HistoricalBars exact = HistoricalBars.load(file, ADA);
        HistoricalBars rounded = HistoricalBars.load(file, ada8);
        JsonNode rows = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .readTree(file.toFile());
        int noisy = 0;
        for (int i = 0; i < rows.size(); i++) {
            BigDecimal v = rows.get(i).get(5).decimalValue();
            if (v.stripTrailingZeros().scale() > 8) {
                noisy++;
            }
            assertThat(rounded.volume(i)).isEqualTo(v.setScale(8, RoundingMode.HALF_EVEN).unscaledValue()
                    .longValueExact());
            assertThat(exact.volume(i)).isEqualTo(v.setScale(10, RoundingMode.UNNECESSARY).unscaledValue()
                    .longValueExact());
        }
        assertThat(noisy).isGreaterThan(100);
    }

    @Test
    void refusesToRoundPrices() {
        Instrument tooCoarse = new Instrument("ADAUSDT", "ADA", "USDT", 4, 10);
        assertThatThrownBy(() -> HistoricalBars.load(slice("ADA_USDT-5m.json"), tooCoarse))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ADA_USDT-5m.json: row 1")
                .hasMessageContaining("at most 4 decimals");
    }

    @Test
    void findsGzipOrPlainFilesByFreqtradeName(@TempDir Path dir) throws IOException {
        assertThat(HistoricalBars.fileIn(dir, BTC, "5m")).isEqualTo(dir.resolve("BTC_USDT-5m.json.gz"));
        Files.copy(slice("BTC_USDT-5m.json"), dir.resolve("BTC_USDT-5m.json"));
        assertThat(HistoricalBars.fileIn(dir, BTC, "5m")).isEqualTo(dir.resolve("BTC_USDT-5m.json"));
        try (GZIPOutputStream gz = new GZIPOutputStream(Files.newOutputStream(dir.resolve("BTC_USDT-5m.json.gz")))) {
            gz.write(Files.readAllBytes(slice("BTC_USDT-5m.json")));
        }
        Path gzipped = HistoricalBars.fileIn(dir, BTC, "5m");
        assertThat(gzipped).isEqualTo(dir.resolve("BTC_USDT-5m.json.gz"));
        HistoricalBars fromGzip = HistoricalBars.load(gzipped, BTC);
        HistoricalBars plain = HistoricalBars.load(slice("BTC_USDT-5m.json"), BTC);
        assertThat(fromGzip.size()).isEqualTo(plain.size());
        assertThat(fromGzip.close(499)).isEqualTo(plain.close(499));
    }
}
