package io.aquatrade.common.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Test fixture: the hostile Binance capture in {@code data/hostile} (see its README): a real slice of the 2024-08-08
 * BTCUSDT spot capture ({@link #clean()}, 4,916 lines) and the same slice with {@link #HOSTILE} lines inserted
 * ({@link #hostile()}, 4,967 lines). Each inserted line is listed here with the line number it has in the hostile
 * file, the {@code TickValidator.Reason} it must be rejected for (by name: common cannot see market-data) and what
 * it is. Removing exactly these lines from the hostile file gives the clean file (a test checks it).
 */
public final class HostileCapture {
    /** BTCUSDT at Binance's tick and lot (2 and 5 decimals) with its LOT_SIZE maxQty, 9000 BTC, as mantissa. */
    public static final long BTCUSDT_MAX_QUANTITY = 9000_00000L;

    /**
     * One inserted line.
     *
     * @param line   1-based line number in the hostile file
     * @param reason the {@code TickValidator.Reason} name it is rejected for
     * @param what   what is wrong with it
     */
    public record Hostile(int line, String reason, String what) {
    }

    /** The inserted lines, in file order. */
    public static final List<Hostile> HOSTILE = List.of(
            new Hostile(96, "NOT_A_NUMBER", "price NaN"),
            new Hostile(191, "NOT_A_NUMBER", "price Infinity"),
            new Hostile(286, "NOT_A_NUMBER", "quantity -Infinity"),
            new Hostile(381, "NOT_A_NUMBER", "price in exponent form 6.18E4"),
            new Hostile(476, "NOT_A_NUMBER", "price with a huge exponent 1e999999999"),
            new Hostile(571, "NOT_A_NUMBER", "price with a leading plus"),
            new Hostile(666, "NOT_A_NUMBER", "bid NaN"),
            new Hostile(761, "ABOVE_MAX_QUANTITY", "quantity 92233720368547.75807 (a long mantissa at 5 decimals, the BarAggregator overflow)"),
            new Hostile(856, "OUT_OF_RANGE", "quantity 92233720368547.75808 (beyond a long)"),
            new Hostile(951, "TOO_MANY_DECIMALS", "price with 3 decimals (tick 0.01)"),
            new Hostile(1046, "TOO_MANY_DECIMALS", "quantity with 9 decimals"),
            new Hostile(1141, "MISSING_FIELD", "no price"),
            new Hostile(1236, "MISSING_FIELD", "no trade time T"),
            new Hostile(1331, "MISSING_FIELD", "no maker flag m"),
            new Hostile(1426, "MISSING_FIELD", "no symbol s"),
            new Hostile(1521, "MISSING_FIELD", "no ask a"),
            new Hostile(1616, "WRONG_TYPE", "price as a JSON number"),
            new Hostile(1711, "WRONG_TYPE", "trade id as a string"),
            new Hostile(1806, "WRONG_TYPE", "maker flag as a string"),
            new Hostile(1901, "WRONG_TYPE", "trade id beyond a long"),
            new Hostile(1996, "WRONG_TYPE", "data a string"),
            new Hostile(2091, "TIME_IMPLAUSIBLE", "trade time in 1970"),
            new Hostile(2186, "CLOCK_SKEW", "trade time in 2100"),
            new Hostile(2281, "CLOCK_SKEW", "trade time a minute ahead"),
            new Hostile(2376, "CLOCK_SKEW", "receive time in 1970"),
            new Hostile(2471, "OUT_OF_RANGE", "trade time beyond epoch nanoseconds"),
            new Hostile(2566, "CROSSED_QUOTE", "crossed quote bid 99999.99 ask 1.00"),
            new Hostile(2661, "CROSSED_QUOTE", "locked quote bid = ask"),
            new Hostile(2756, "NOT_POSITIVE", "zero bid"),
            new Hostile(2851, "NOT_POSITIVE", "zero bid size"),
            new Hostile(2946, "NOT_POSITIVE", "zero price"),
            new Hostile(3041, "NOT_POSITIVE", "negative quantity"),
            new Hostile(3136, "PRICE_JUMP", "quote bid 0.01 ask 1.00"),
            new Hostile(3231, "PRICE_JUMP", "quote bid 0.01 beside the real ask"),
            new Hostile(3326, "PRICE_JUMP", "price 9999999999.99"),
            new Hostile(3421, "PRICE_JUMP", "price 0.01"),
            new Hostile(3516, "ABOVE_MAX_QUANTITY", "quantity 1,000,000 BTC"),
            new Hostile(3611, "DUPLICATE_TRADE_ID", "a trade sent twice"),
            new Hostile(3706, "DUPLICATE_TRADE_ID", "a trade id again with another price"),
            new Hostile(3801, "DUPLICATE_KEY", "duplicate key \"p\":\"1\",\"p\":real"),
            new Hostile(3896, "DUPLICATE_KEY", "duplicate key in the envelope"),
            new Hostile(3991, "SYNTAX", "trailing garbage"),
            new Hostile(4086, "SYNTAX", "a second object on the line"),
            new Hostile(4181, "SYNTAX", "truncated line"),
            new Hostile(4276, "SYNTAX", "plain garbage"),
            new Hostile(4371, "SYNTAX", "a receive time and nothing else"),
            new Hostile(4466, "SYNTAX", "receive time not a number"),
            new Hostile(4561, "SYNTAX", "a JSON array"),
            new Hostile(4656, "MISMATCH", "stream of BTCUSDT carrying ETHUSDT"),
            new Hostile(4751, "MISMATCH", "trade stream carrying a bookTicker event"),
            new Hostile(4846, "MISMATCH", "bookTicker stream carrying a trade event"));

    private HostileCapture() {
    }

    /** @return the clean slice */
    public static Path clean() {
        return SampleData.projectRoot().resolve("data").resolve("hostile").resolve("btcusdt_20240808-slice.gz");
    }

    /** @return the slice with the hostile lines */
    public static Path hostile() {
        return SampleData.projectRoot().resolve("data").resolve("hostile").resolve("btcusdt_20240808-hostile.gz");
    }

    /** @return the expected rejections by reason name, in first-appearance order */
    public static Map<String, Long> expectedCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Hostile h : HOSTILE) {
            counts.merge(h.reason(), 1L, Long::sum);
        }
        return counts;
    }

    /** @return the lines of a gzip'd capture */
    public static List<String> lines(Path gz) {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            return new ArrayList<>(Arrays.asList(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
