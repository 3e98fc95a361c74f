package io.aquatrade.decision.risk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aquatrade.common.testing.SampleData;

/**
 * Binance spot 1m and 5m candles of April-May 2021 from the shared data set
 * ({@code ../shared/data/candles/binance_spot_1m_5m_2021-04-20_2021-05-20}, freqtrade OHLCV JSON), which hold the
 * crash of 2021-05-19. Prices are read from the JSON text as written, never through a double.
 */
final class CrashCandles {
    static final Path DIR = SampleData.projectRoot()
            .resolve("../shared/data/candles/binance_spot_1m_5m_2021-04-20_2021-05-20").normalize();

    /** One candle: open time (ms) and its prices, exact. */
    record Candle(long openTimeMs, BigDecimal open, BigDecimal high, BigDecimal low, BigDecimal close) {
        long openTimeNs() {
            return openTimeMs * 1_000_000L;
        }
    }

    private CrashCandles() {
    }

    /**
     * @param file e.g. {@code BTC_USDT-1m.json.gz}
     * @param from first open time, inclusive (ISO UTC)
     * @param to   last open time, exclusive (ISO UTC)
     * @return the candles in the window, in time order
     */
    static List<Candle> read(String file, String from, String to) {
        Path path = DIR.resolve(file);
        assertThat(Files.isRegularFile(path)).as("shared data %s", path).isTrue();
        long fromMs = Instant.parse(from).toEpochMilli();
        long toMs = Instant.parse(to).toEpochMilli();
        List<Candle> out = new ArrayList<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(path))) {
            for (JsonNode r : new ObjectMapper().readTree(in)) {
                long t = r.get(0).asLong();
                if (t >= fromMs && t < toMs) {
                    out.add(new Candle(t, new BigDecimal(r.get(1).asText()), new BigDecimal(r.get(2).asText()),
                            new BigDecimal(r.get(3).asText()), new BigDecimal(r.get(4).asText())));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(out).as("candles of %s in [%s, %s)", file, from, to).isNotEmpty();
        return out;
    }
}
