package io.aquatrade.benchmarks;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.Instrument;

/**
 * The recorded bars of one instrument read from a freqtrade OHLCV file, held in memory column by column, for the
 * benchmark command (the backtest reads the same files through its own loader).
 *
 * <p>File format (freqtrade OHLCV JSON, gzip or plain, detected from the content): one JSON array of rows
 * {@code [open_time_ms, open, high, low, close, volume]}, numbers, sorted by time; the time is the bar's open, UTC
 * epoch milliseconds; prices in quote units per base unit; volume in the base asset.
 *
 * <p>Prices are parsed exactly into mantissas with the instrument's {@code priceDecimals}: a price with a non-zero
 * digit beyond them is an error (rounding market data would change it). Volumes are rounded half-even to
 * {@code sizeDecimals}, because freqtrade wrote them from floats and some carry float noise such as
 * {@code 67730899.900000006}. Rows are kept as written, including bars with volume 0 (the venue's flat bar for an
 * interval without trades; see {@link #emptyCount()}); gaps (venue outages) stay gaps.
 *
 * <p>Immutable after loading; safe to share between threads.
 */
public final class HistoricalBars {
    private static final JsonFactory JSON = new JsonFactory();

    private final Instrument instrument;
    private final Path file;
    private final long[] openTimeMs;
    private final long[] open;
    private final long[] high;
    private final long[] low;
    private final long[] close;
    private final long[] volume;

    private HistoricalBars(Instrument instrument, Path file, long[] openTimeMs, long[] open, long[] high, long[] low,
                           long[] close, long[] volume) {
        this.instrument = instrument;
        this.file = file;
        this.openTimeMs = openTimeMs;
        this.open = open;
        this.high = high;
        this.low = low;
        this.close = close;
        this.volume = volume;
    }

    /**
     * The file of an instrument's bars in a freqtrade data directory: {@code <BASE>_<QUOTE>-<timeframe>.json.gz},
     * else {@code <BASE>_<QUOTE>-<timeframe>.json}.
     *
     * @param dir        the data directory
     * @param instrument the instrument
     * @param timeframe  freqtrade's timeframe text, e.g. "5m"
     * @return the path (the .json.gz one if neither exists)
     */
    public static Path fileIn(Path dir, Instrument instrument, String timeframe) {
        String stem = instrument.base() + "_" + instrument.quote() + "-" + timeframe + ".json";
        Path plain = dir.resolve(stem);
        Path gz = dir.resolve(stem + ".gz");
        return Files.isRegularFile(gz) || !Files.isRegularFile(plain) ? gz : plain;
    }

    /**
     * Reads a whole file.
     *
     * @param file       a freqtrade OHLCV JSON file, gzip or plain
     * @param instrument the instrument, for its decimals
     * @return the bars, in file order
     * @throws UncheckedIOException     if the file cannot be read
     * @throws IllegalArgumentException naming the file and row if a row is malformed, a price has more decimals than
     *                                  the instrument, or the times do not increase
     */
    public static HistoricalBars load(Path file, Instrument instrument) {
        int capacity = 1 << 16;
        long[] t = new long[capacity];
        long[] o = new long[capacity];
        long[] h = new long[capacity];
        long[] l = new long[capacity];
        long[] c = new long[capacity];
        long[] v = new long[capacity];
        int n = 0;
        try (InputStream in = open(file); JsonParser p = JSON.createParser(in)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new IllegalArgumentException(file + ": not a JSON array of OHLCV rows");
            }
            JsonToken token;
            while ((token = p.nextToken()) == JsonToken.START_ARRAY) {
                if (n == t.length) {
                    int grown = t.length * 2;
                    t = Arrays.copyOf(t, grown);
                    o = Arrays.copyOf(o, grown);
                    h = Arrays.copyOf(h, grown);
                    l = Arrays.copyOf(l, grown);
                    c = Arrays.copyOf(c, grown);
                    v = Arrays.copyOf(v, grown);
                }
                String where = file + ": row " + (n + 1);
                t[n] = FixedPoint.parse(number(p, where, "open time"), 0);
                int pd = instrument.priceDecimals();
                o[n] = price(number(p, where, "open"), pd, where);
                h[n] = price(number(p, where, "high"), pd, where);
                l[n] = price(number(p, where, "low"), pd, where);
                c[n] = price(number(p, where, "close"), pd, where);
                v[n] = new BigDecimal(number(p, where, "volume"))
                        .setScale(instrument.sizeDecimals(), RoundingMode.HALF_EVEN).unscaledValue().longValueExact();
                if (p.nextToken() != JsonToken.END_ARRAY) {
                    throw new IllegalArgumentException(where + ": more than 6 values");
                }
                if (n > 0 && t[n] <= t[n - 1]) {
                    throw new IllegalArgumentException(where + ": open time " + t[n] + " ms is not after the previous "
                            + t[n - 1] + " ms");
                }
                if (h[n] < l[n] || o[n] > h[n] || o[n] < l[n] || c[n] > h[n] || c[n] < l[n] || l[n] <= 0
                        || v[n] < 0) {
                    throw new IllegalArgumentException(where + ": needs 0 < low <= open, close <= high and volume"
                            + " >= 0");
                }
                n++;
            }
            if (token != JsonToken.END_ARRAY) {
                throw new IllegalArgumentException(file + ": row " + (n + 1) + " is not an array");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(file + ": row " + (n + 1) + ": " + e.getMessage(), e);
        }
        return new HistoricalBars(instrument, file, Arrays.copyOf(t, n), Arrays.copyOf(o, n), Arrays.copyOf(h, n),
                Arrays.copyOf(l, n), Arrays.copyOf(c, n), Arrays.copyOf(v, n));
    }

    private static InputStream open(Path file) throws IOException {
        BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        return b1 == 0x1f && b2 == 0x8b ? new GZIPInputStream(in, 1 << 16) : in;
    }

    private static String number(JsonParser p, String where, String what) throws IOException {
        JsonToken token = p.nextToken();
        if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
            throw new IllegalArgumentException(where + ": " + what + " is not a number (" + token + ")");
        }
        return p.getText();
    }

    private static long price(String text, int decimals, String where) {
        try {
            return FixedPoint.parse(text, decimals);
        } catch (NumberFormatException plainFailed) {
            // exponent form such as 1.5E-5: exact through BigDecimal, still no rounding
            try {
                return FixedPoint.fromBigDecimal(new BigDecimal(text), decimals);
            } catch (NumberFormatException | ArithmeticException e) {
                throw new IllegalArgumentException(where + ": price '" + text + "' is not a decimal with at most "
                        + decimals + " decimals");
            }
        }
    }

    /** @return the instrument */
    public Instrument instrument() {
        return instrument;
    }

    /** @return the file read */
    public Path file() {
        return file;
    }

    /** @return number of bars (rows) */
    public int size() {
        return openTimeMs.length;
    }

    /** @return bar {@code i}'s open time, UTC epoch ms; 0 &lt;= i &lt; size() */
    public long openTimeMs(int i) {
        return openTimeMs[i];
    }

    /** @return bar {@code i}'s open price mantissa (instrument's priceDecimals) */
    public long open(int i) {
        return open[i];
    }

    /** @return bar {@code i}'s high price mantissa */
    public long high(int i) {
        return high[i];
    }

    /** @return bar {@code i}'s low price mantissa */
    public long low(int i) {
        return low[i];
    }

    /** @return bar {@code i}'s close price mantissa */
    public long close(int i) {
        return close[i];
    }

    /** @return bar {@code i}'s volume mantissa (instrument's sizeDecimals), base asset, &gt;= 0 */
    public long volume(int i) {
        return volume[i];
    }

    /** @return bar {@code i}'s close as a double in quote units, for indicator math */
    public double closeAsDouble(int i) {
        return instrument.priceToDouble(close[i]);
    }

    /** @return bars with volume 0 (no trade in their interval) */
    public int emptyCount() {
        int n = 0;
        for (long v : volume) {
            if (v == 0) {
                n++;
            }
        }
        return n;
    }

    @Override
    public String toString() {
        return instrument.symbol() + ": " + size() + " bars from " + file;
    }
}
