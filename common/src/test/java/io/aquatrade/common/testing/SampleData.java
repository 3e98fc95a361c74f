package io.aquatrade.common.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.Side;
import io.aquatrade.common.TradeTick;

/**
 * Test fixture: the real recorded data carried in the repository under {@code data/sample} (see its README).
 * The test oracle reads it independently of market-data's replay readers.
 */
public final class SampleData {
    /** XRP/ETH price decimals used by the sample config. */
    public static final int XRPETH_PRICE_DECIMALS = 8;
    /** XRP/ETH size decimals used by the sample config. */
    public static final int XRPETH_SIZE_DECIMALS = 0;

    private SampleData() {
    }

    /** @return the project root: system property {@code aquatrade.root}, else the nearest parent with data/sample */
    public static Path projectRoot() {
        String prop = System.getProperty("aquatrade.root");
        if (prop != null && Files.isDirectory(Path.of(prop, "data", "sample"))) {
            return Path.of(prop);
        }
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            if (Files.isDirectory(p.resolve("data").resolve("sample"))) {
                return p;
            }
            p = p.getParent();
        }
        throw new IllegalStateException("cannot find data/sample above " + Path.of("").toAbsolutePath());
    }

    /** @return a file under data/sample */
    public static Path file(String name) {
        return projectRoot().resolve("data").resolve("sample").resolve(name);
    }

    /**
     * The 12,477 XRP/ETH trades of {@code XRP_ETH-trades.json.gz} as trade ticks (price 8 decimals, size 0),
     * parsed from the JSON text exactly.
     */
    public static List<TradeTick> xrpEthTrades() {
        List<TradeTick> out = new ArrayList<>();
        ObjectMapper mapper = exactMapper();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file("XRP_ETH-trades.json.gz")));
             JsonParser p = mapper.getFactory().createParser(in)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new IOException("not a JSON array");
            }
            while (p.nextToken() == JsonToken.START_ARRAY) {
                JsonNode row = mapper.readTree(p);
                TradeTick t = new TradeTick()
                        .instrument("XRPETH")
                        .eventTimeNs(row.get(0).asLong() * 1_000_000L)
                        .tradeId(Long.parseLong(row.get(1).asText()))
                        .aggressorSide("buy".equals(row.get(3).asText()) ? Side.BUY : Side.SELL)
                        .price(FixedPoint.fromBigDecimal(row.get(4).decimalValue(), XRPETH_PRICE_DECIMALS))
                        .quantity(FixedPoint.fromBigDecimal(row.get(5).decimalValue(), XRPETH_SIZE_DECIMALS));
                out.add(t);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    private static ObjectMapper exactMapper() {
        return new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    }

    /**
     * Binance klines in freqtrade OHLCV JSON ({@code [open_ms, o, h, l, c, v]}) as text values, for exact parsing.
     *
     * @param name e.g. "XRP_ETH-5m.json"
     * @return rows of {open time ms, open, high, low, close, volume} as decimal strings
     */
    public static List<String[]> klines(String name) {
        List<String[]> out = new ArrayList<>();
        try {
            JsonNode rows = exactMapper().readTree(file(name).toFile());
            for (JsonNode r : rows) {
                String[] row = new String[6];
                for (int i = 0; i < 6; i++) {
                    row[i] = r.get(i).isNumber() ? r.get(i).decimalValue().toPlainString() : r.get(i).asText();
                }
                out.add(row);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
