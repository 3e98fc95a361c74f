package io.aquatrade.backtest;

import java.io.BufferedReader;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.ConfigException;
import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.InputFiles;
import io.aquatrade.common.Instrument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads candle (kline) files into columns, exactly: every price, and every Binance volume, is parsed from its decimal
 * text with {@link BigDecimal} and must fit the instrument's scale without rounding, else the candle is logged (the
 * first {@value #MAX_LOGGED}, naming the line or candle and the column) and skipped; only freqtrade's volumes, written
 * from binary floats, are rounded half-even to the instrument's size decimals. gzip is detected from the content.
 * A file that stops parsing keeps the candles before the break and says where ({@link Candles#stoppedAt}).
 *
 * <ul>
 *   <li>{@value MarketHistory#FREQTRADE_OHLCV}: a JSON array of {@code [open_ms, open, high, low, close, volume]}
 *       rows, volume in the base asset (written from binary floats by freqtrade, so rounded half-even to the
 *       instrument's size decimals; prices stay exact). It carries no taker split, trade count or VWAP, so a bar gets
 *       {@code buyVolume = sellVolume = volume / 2} (the odd unit to the buy side; an "unknown" split that reads as
 *       neutral sentiment), {@code tradeCount = 1} (a lower bound: at least one trade made the volume; the true
 *       count is unknown) and the typical price {@code (high + low + close) / 3} as its VWAP (the usual stand-in
 *       when only OHLC is known, as ta4j's and TradingView's VWAP over candles), flagged
 *       {@link io.aquatrade.common.Bar#vwapEstimated()}.</li>
 *   <li>{@value MarketHistory#BINANCE_KLINES_CSV}: data.binance.vision kline CSV, no header, 12 columns
 *       {@code open_time, open, high, low, close, volume, close_time, quote_volume, count, taker_buy_base_volume,
 *       taker_buy_quote_volume, ignore}; times in ms, or µs in dumps from 2025 on (detected by magnitude). Buy
 *       volume is the taker buy base volume, sell volume the rest, trade count the {@code count} column, VWAP
 *       {@code quote_volume / volume} (a true VWAP: the quote volume is the sum of price x quantity of the trades).
 *       The file's timeframe is the one its name gives ({@code ADABTC-1m-2021-11-27.csv}), else the most common
 *       {@code close_time - open_time + 1 ms}; a row of another length is malformed.</li>
 * </ul>
 * Volume-0 candles (no trades: Binance writes open = high = low = close = the previous close) are kept, with 0
 * trades and the close as VWAP (not estimated), and counted in {@code empty}; whether they become bars is the signal
 * engine's {@code emptyBars} setting. A volume-0 row that is not flat is malformed. Rows are sorted by open time and
 * a repeated open time keeps the first read (the others counted, the first {@value #MAX_LOGGED} logged).
 */
final class CandleFiles {
    private static final Logger LOG = LoggerFactory.getLogger(CandleFiles.class);
    static final int MAX_LOGGED = 20;
    /** freqtrade's values of a candle, by position. */
    private static final String[] FREQTRADE_VALUES = {"open time ms", "open", "high", "low", "close", "volume"};
    /** Binance's kline columns, by position. */
    private static final String[] KLINE_COLUMNS = {"open_time", "open", "high", "low", "close", "volume",
        "close_time", "quote_volume", "count", "taker_buy_base_volume", "taker_buy_quote_volume", "ignore"};
    /** Open times above this are microseconds (year 2286 in ms). */
    private static final long MAX_MS = 9_999_999_999_999L;

    private CandleFiles() {
    }

    /**
     * One candle file to read.
     *
     * @param path       the file
     * @param format     {@value MarketHistory#FREQTRADE_OHLCV} or {@value MarketHistory#BINANCE_KLINES_CSV}
     * @param instrument its instrument
     */
    record Spec(Path path, String format, Instrument instrument) {
    }

    /** The candles of one file, as columns sorted by open time. */
    static final class Candles {
        final Instrument instrument;
        int size;
        long timeframeMs;
        long malformed;
        long empty;
        long[] openNs = new long[1024];
        long[] open = new long[1024];
        long[] high = new long[1024];
        long[] low = new long[1024];
        long[] close = new long[1024];
        long[] volume = new long[1024];
        long[] buyVolume = new long[1024];
        long[] tradeCount = new long[1024];
        double[] vwap = new double[1024];
        /** True when the file has no quote volume: the VWAP of rows with volume is the typical price. */
        boolean vwapEstimated;
        /** The messages of the first malformed rows (as logged, without the file), at most {@value #MAX_LOGGED}. */
        final List<String> malformedLogged = new ArrayList<>();
        /** Candles dropped because an earlier one has the same open time. */
        long repeated;
        /** The messages of the first repeated candles, as logged, at most {@value #MAX_LOGGED}. */
        final List<String> repeatedLogged = new ArrayList<>();
        /** Where and why the file stopped parsing (a truncated download), the rows before it read; null if it did not. */
        String stoppedAt;

        Candles(Instrument instrument) {
            this.instrument = instrument;
        }

        void add(long openTimeNs, long o, long h, long l, long c, long v, long buy, long count, double vw) {
            if (size == openNs.length) {
                int n = size * 2;
                openNs = Arrays.copyOf(openNs, n);
                open = Arrays.copyOf(open, n);
                high = Arrays.copyOf(high, n);
                low = Arrays.copyOf(low, n);
                close = Arrays.copyOf(close, n);
                volume = Arrays.copyOf(volume, n);
                buyVolume = Arrays.copyOf(buyVolume, n);
                tradeCount = Arrays.copyOf(tradeCount, n);
                vwap = Arrays.copyOf(vwap, n);
            }
            openNs[size] = openTimeNs;
            open[size] = o;
            high[size] = h;
            low[size] = l;
            close[size] = c;
            volume[size] = v;
            buyVolume[size] = buy;
            tradeCount[size] = count;
            vwap[size] = vw;
            size++;
        }

        /** Copies row {@code from} onto row {@code to}. */
        void move(int from, int to) {
            openNs[to] = openNs[from];
            open[to] = open[from];
            high[to] = high[from];
            low[to] = low[from];
            close[to] = close[from];
            volume[to] = volume[from];
            buyVolume[to] = buyVolume[from];
            tradeCount[to] = tradeCount[from];
            vwap[to] = vwap[from];
        }

        /**
         * Sorts by open time (stable) and drops repeated open times, keeping the first read; counts them in
         * {@link #repeated}, logging the first {@value #MAX_LOGGED}.
         *
         * @param path the file, for the log
         */
        void sortAndDedupe(Path path) {
            boolean sorted = true;
            for (int i = 1; i < size && sorted; i++) {
                sorted = openNs[i - 1] < openNs[i];
            }
            if (sorted) {
                return;
            }
            Integer[] order = new Integer[size];
            for (int i = 0; i < size; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Long.compare(openNs[a], openNs[b]));
            Candles copy = new Candles(instrument);
            copy.vwapEstimated = vwapEstimated;
            long last = Long.MIN_VALUE;
            for (Integer k : order) {
                int i = k;
                if (openNs[i] == last) {
                    repeated++;
                    if (repeated <= MAX_LOGGED) {
                        String message = "candle at " + Instant.ofEpochSecond(0, openNs[i]) + " (open time "
                                + openNs[i] / 1_000_000L + " ms) repeated: the first one read is kept";
                        repeatedLogged.add(message);
                        LOG.warn("{}: {}{}", path, message,
                                repeated == MAX_LOGGED ? " (further repeats are only counted)" : "");
                    }
                    continue;
                }
                last = openNs[i];
                copy.add(openNs[i], open[i], high[i], low[i], close[i], volume[i], buyVolume[i], tradeCount[i],
                        vwap[i]);
            }
            size = copy.size;
            openNs = copy.openNs;
            open = copy.open;
            high = copy.high;
            low = copy.low;
            close = copy.close;
            volume = copy.volume;
            buyVolume = copy.buyVolume;
            tradeCount = copy.tradeCount;
            vwap = copy.vwap;
        }
    }

    /**
     * Reads a whole file, or up to where it stops parsing (then {@link Candles#stoppedAt} says where, logged at
     * ERROR; the caller decides whether to go on).
     *
     * @throws ConfigException naming {@code --data} if the file cannot be read at all or no timeframe can be found
     */
    static Candles read(Spec spec) {
        Candles out = new Candles(spec.instrument());
        long csvTimeframeMs;
        InputStream opened;
        try {
            opened = InputFiles.open(spec.path());
        } catch (IOException e) {
            throw new ConfigException("--data", "a readable candle file, " + spec.path() + (e instanceof EOFException
                    ? " starts as gzip but ends inside the gzip header (a cut download?)" : ": " + e));
        }
        try (InputStream in = opened) {
            csvTimeframeMs = MarketHistory.BINANCE_KLINES_CSV.equals(spec.format())
                    ? readKlinesCsv(spec, in, out) : readFreqtrade(spec, in, out);
        } catch (IOException e) {
            throw new ConfigException("--data", "a readable candle file, " + spec.path() + ": " + e);
        }
        out.sortAndDedupe(spec.path());
        for (int i = 0; i < out.size; i++) {
            if (out.volume[i] == 0) {
                out.empty++;
            }
        }
        long tf = csvTimeframeMs;
        if (tf <= 0) {
            tf = MarketHistory.timeframeFromFileName(spec.path());
        }
        if (tf <= 0) {
            long minGap = Long.MAX_VALUE;
            for (int i = 1; i < out.size; i++) {
                minGap = Math.min(minGap, out.openNs[i] - out.openNs[i - 1]);
            }
            if (minGap != Long.MAX_VALUE && minGap % 1_000_000L == 0) {
                tf = minGap / 1_000_000L;
            }
        }
        if (tf <= 0) {
            throw new ConfigException("--data", "a candle file whose timeframe can be told (name it like "
                    + "XRP_ETH-5m.json), " + spec.path() + " has too few candles");
        }
        out.timeframeMs = tf;
        if (out.stoppedAt != null) {
            LOG.error("{}: the file stops parsing at {}; {} candles before it were read", spec.path(), out.stoppedAt,
                    out.size);
        }
        LOG.info("{}: {} {} bars of {} ({} malformed, {} repeated, {} with volume 0)", spec.path(), out.size,
                AquatradeConfig.formatDurationMs(tf), spec.instrument().symbol(), out.malformed, out.repeated,
                out.empty);
        return out;
    }

    /** @return why a read stopped, in words: a gzip stream's "Unexpected end of ZLIB input stream" is a cut file */
    private static String cutOff(IOException e) {
        return e instanceof EOFException ? "the compressed data ends early: " + e.getMessage() : String.valueOf(e);
    }

    private static void malformed(Spec spec, Candles out, String where, String what) {
        malformed(spec, out, where + ": " + what);
    }

    /** Counts a skipped candle; logs the first {@value #MAX_LOGGED}, {@code message} naming row, column and why. */
    private static void malformed(Spec spec, Candles out, String message) {
        out.malformed++;
        if (out.malformed <= MAX_LOGGED) {
            out.malformedLogged.add(message);
            LOG.warn("{}: {}; candle skipped{}", spec.path(), message,
                    out.malformed == MAX_LOGGED ? " (further malformed candles are only counted)" : "");
        }
    }

    /**
     * @param text     a price or volume as written in the file
     * @param decimals the instrument's decimals for it
     * @param what     "prices" or "quantities", for the message
     * @return its mantissa
     * @throws NumberFormatException saying in words why it is not one
     */
    private static long exact(String text, Instrument ins, int decimals, String what) {
        BigDecimal d = decimal(text);
        try {
            return FixedPoint.fromBigDecimal(d, decimals);
        } catch (ArithmeticException e) {
            throw new NumberFormatException("'" + text + "' " + (d.stripTrailingZeros().scale() > decimals
                    ? "has more decimals than the " + decimals + " of " + ins.symbol() + " " + what
                    : "is too large"));
        }
    }

    /** @throws NumberFormatException saying {@code text} is not a number */
    private static BigDecimal decimal(String text) {
        try {
            return new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw new NumberFormatException("'" + text + "' is not a number");
        }
    }

    /** @throws NumberFormatException saying {@code text} is not a whole number (or too large for one) */
    private static long whole(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new NumberFormatException("'" + text + "' is not a whole number");
        }
    }

    /**
     * Checks a candle's ranges.
     *
     * @return null if {@code 0 < low <= open, close <= high}, {@code volume >= 0} and a volume-0 candle is flat; else
     *         what is wrong, naming the columns (by {@code names}: open, high, low, close, volume) and values
     */
    private static String invalid(long o, long h, long l, long c, long v, Instrument ins, String[] names) {
        int pd = ins.priceDecimals();
        if (l > h) {
            return column(names, 3) + ": " + FixedPoint.format(l, pd) + " is above high " + FixedPoint.format(h, pd);
        }
        if (l <= 0) {
            return column(names, 3) + ": " + FixedPoint.format(l, pd) + " is not above 0";
        }
        if (o < l || o > h) {
            return column(names, 1) + ": " + FixedPoint.format(o, pd) + " is outside low " + FixedPoint.format(l, pd)
                    + " .. high " + FixedPoint.format(h, pd);
        }
        if (c < l || c > h) {
            return column(names, 4) + ": " + FixedPoint.format(c, pd) + " is outside low " + FixedPoint.format(l, pd)
                    + " .. high " + FixedPoint.format(h, pd);
        }
        if (v < 0) {
            return column(names, 5) + ": " + FixedPoint.format(v, ins.sizeDecimals()) + " is negative";
        }
        if (v == 0 && (o != h || h != l || l != c)) {
            return column(names, 5) + ": 0 (no trade) but open, high, low and close differ";
        }
        return null;
    }

    /** @return "column 3 (high)" or "value 3 (high)", 1-based, from a list of names */
    private static String column(String[] names, int index) {
        return (names == KLINE_COLUMNS ? "column " : "value ") + (index + 1) + " (" + names[index] + ")";
    }

    /** Reads the rows; a file that stops parsing sets {@link Candles#stoppedAt}, the rows before it kept. */
    private static void freqtradeRows(Spec spec, JsonParser p, Candles out) {
        long record = 0;
        boolean inRow = false;
        try {
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == null) {
                    throw new JsonEOFException(p, null, "the file ends without closing the array");
                }
                record++;
                inRow = true;
                freqtradeRow(spec, p, t, record, out);
                inRow = false;
            }
        } catch (IOException e) {
            String what = e instanceof JsonEOFException ? "the file ends there"
                    : e instanceof JsonProcessingException j ? j.getOriginalMessage() : cutOff(e);
            out.stoppedAt = (inRow ? "candle " + record : "after candle " + record) + " (" + what + ")";
        }
    }

    private static void freqtradeRow(Spec spec, JsonParser p, JsonToken first, long record, Candles out)
            throws IOException {
        String where = "candle " + record;
        if (first != JsonToken.START_ARRAY) {
            p.skipChildren();
            malformed(spec, out, where, "not an array [open time ms, open, high, low, close, volume]");
            return;
        }
        Instrument ins = spec.instrument();
        String[] cells = new String[6];
        int n = 0;
        boolean nested = false;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) {
                throw new JsonEOFException(p, null, "the file ends inside the candle");
            }
            if (t == JsonToken.START_ARRAY || t == JsonToken.START_OBJECT) {
                p.skipChildren();
                nested = true;
            } else if (n < cells.length) {
                cells[n] = p.getText();
            }
            n++;
        }
        if (nested) {
            malformed(spec, out, where, "a value is an array or object, expected numbers [open time ms, open, high, "
                    + "low, close, volume]");
            return;
        }
        if (n < 6 || n > 6 + 16) {
            malformed(spec, out, where, n + " values, expected 6 [open time ms, open, high, low, close, volume]");
            return;
        }
        int col = 0;
        try {
            long openMs;
            try {
                openMs = decimal(cells[0]).longValueExact();
            } catch (ArithmeticException e) {
                throw new NumberFormatException("'" + cells[0] + "' is not a whole number");
            }
            col = 1;
            long o = exact(cells[1], ins, ins.priceDecimals(), "prices");
            col = 2;
            long h = exact(cells[2], ins, ins.priceDecimals(), "prices");
            col = 3;
            long l = exact(cells[3], ins, ins.priceDecimals(), "prices");
            col = 4;
            long c = exact(cells[4], ins, ins.priceDecimals(), "prices");
            col = 5;
            // freqtrade writes volumes from binary floats (67730899.900000006): round them half-even to the
            // instrument's size decimals. Prices must be exact.
            long v;
            try {
                v = decimal(cells[5]).setScale(ins.sizeDecimals(), RoundingMode.HALF_EVEN).unscaledValue()
                        .longValueExact();
            } catch (ArithmeticException e) {
                throw new NumberFormatException("'" + cells[5] + "' is too large");
            }
            String invalid = invalid(o, h, l, c, v, ins, FREQTRADE_VALUES);
            if (invalid != null) {
                malformed(spec, out, where + ", " + invalid);
                return;
            }
            col = 0;
            long openNs = Math.multiplyExact(openMs, 1_000_000L);
            if (v == 0) {
                out.add(openNs, o, h, l, c, 0, 0, 0, FixedPoint.toDouble(c, ins.priceDecimals()));
                return;
            }
            double typical = (FixedPoint.toDouble(h, ins.priceDecimals()) + FixedPoint.toDouble(l,
                    ins.priceDecimals()) + FixedPoint.toDouble(c, ins.priceDecimals())) / 3.0;
            long sell = v / 2;
            out.add(openNs, o, h, l, c, v, v - sell, 1, typical);
        } catch (NumberFormatException e) {
            malformed(spec, out, where + ", " + column(FREQTRADE_VALUES, col), e.getMessage());
        } catch (ArithmeticException e) {
            malformed(spec, out, where + ", " + column(FREQTRADE_VALUES, col), "'" + cells[col]
                    + "' is out of range");
        }
    }

    private static long readFreqtrade(Spec spec, InputStream in, Candles out) throws IOException {
        out.vwapEstimated = true;
        try (JsonParser p = new JsonFactory().createParser(in)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new IOException("not a JSON array of candles");
            }
            freqtradeRows(spec, p, out);
            return 0;
        }
    }

    private static long readKlinesCsv(Spec spec, InputStream in, Candles out) throws IOException {
        Instrument ins = spec.instrument();
        // each added row's close_time - open_time + 1 and line number, to keep only the file's timeframe at the end
        long[] rowTfMs = new long[1024];
        long[] rowLine = new long[1024];
        int rows = 0;
        HeldFailureInputStream held = new HeldFailureInputStream(in);
        BufferedReader reader = new BufferedReader(new InputStreamReader(held, StandardCharsets.US_ASCII), 1 << 16);
        long lineNo = 0;
        String next = reader.readLine();
        while (next != null) {
            String line = next;
            next = reader.readLine();
            lineNo++;
            if (next == null && held.failure != null && held.lastByte != '\n') {
                out.stoppedAt = "line " + lineNo + ", which is cut off (" + cutOff(held.failure) + ")";
                break;
            }
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",", -1);
            if (lineNo == 1 && !f[0].isEmpty() && !Character.isDigit(f[0].charAt(0))) {
                continue; // a header line, as some newer dumps have
            }
            if (f.length < 11) {
                malformed(spec, out, "line " + lineNo, f.length + " columns, expected 12 ("
                        + String.join(", ", KLINE_COLUMNS) + "; ignore may be left out)");
                continue;
            }
            String where = "line " + lineNo;
            int col = 0;
            try {
                long openT = whole(f[0]);
                col = 6;
                long closeT = whole(f[6]);
                long toNs = openT > MAX_MS ? 1_000L : 1_000_000L;
                long tfMs = Math.multiplyExact(closeT - openT + 1, toNs) / 1_000_000L;
                if (tfMs <= 0) {
                    malformed(spec, out, where + ", " + column(KLINE_COLUMNS, 6), f[6].trim()
                            + " is not after open_time " + f[0].trim());
                    continue;
                }
                col = 1;
                long o = exact(f[1], ins, ins.priceDecimals(), "prices");
                col = 2;
                long h = exact(f[2], ins, ins.priceDecimals(), "prices");
                col = 3;
                long l = exact(f[3], ins, ins.priceDecimals(), "prices");
                col = 4;
                long c = exact(f[4], ins, ins.priceDecimals(), "prices");
                col = 5;
                long v = exact(f[5], ins, ins.sizeDecimals(), "quantities");
                col = 7;
                BigDecimal quoteVolume = decimal(f[7]);
                col = 8;
                long count = whole(f[8]);
                col = 9;
                long buy = exact(f[9], ins, ins.sizeDecimals(), "quantities");
                String invalid = invalid(o, h, l, c, v, ins, KLINE_COLUMNS);
                if (invalid == null && (buy < 0 || buy > v)) {
                    invalid = column(KLINE_COLUMNS, 9) + ": " + f[9].trim() + " is not between 0 and volume "
                            + f[5].trim();
                } else if (invalid == null && v > 0 && count < 1) {
                    invalid = column(KLINE_COLUMNS, 8) + ": " + count + " trades in a candle with volume";
                } else if (invalid == null && v > 0 && quoteVolume.signum() <= 0) {
                    invalid = column(KLINE_COLUMNS, 7) + ": " + f[7].trim() + " in a candle with volume";
                }
                if (invalid != null) {
                    malformed(spec, out, where + ", " + invalid);
                    continue;
                }
                col = 0;
                long openNs = Math.multiplyExact(openT, toNs);
                if (rows == rowTfMs.length) {
                    rowTfMs = Arrays.copyOf(rowTfMs, rows * 2);
                    rowLine = Arrays.copyOf(rowLine, rows * 2);
                }
                rowTfMs[rows] = tfMs;
                rowLine[rows++] = lineNo;
                if (v == 0) {
                    out.add(openNs, o, h, l, c, 0, 0, 0, FixedPoint.toDouble(c, ins.priceDecimals()));
                } else {
                    double vw = quoteVolume.divide(FixedPoint.toBigDecimal(v, ins.sizeDecimals()), 20,
                            RoundingMode.HALF_EVEN).doubleValue();
                    out.add(openNs, o, h, l, c, v, buy, count, vw);
                }
            } catch (NumberFormatException e) {
                malformed(spec, out, where + ", " + column(KLINE_COLUMNS, col), e.getMessage());
            } catch (ArithmeticException e) {
                malformed(spec, out, where + ", " + column(KLINE_COLUMNS, col), "'" + f[col].trim()
                        + "' is out of range");
            }
        }
        if (held.failure != null && out.stoppedAt == null) {
            out.stoppedAt = "the end of line " + lineNo + " (" + cutOff(held.failure) + ")";
        }
        return keepTimeframe(spec, out, rowTfMs, rowLine);
    }

    /**
     * Turns a read failure of the raw input (a truncated gzip stream) into an end of input and holds it: the
     * character decoder above would otherwise drop the text it had already decoded in the same read, and with it the
     * last complete lines before the break. Remembers the last byte passed on, to tell a cut line from a whole one.
     */
    private static final class HeldFailureInputStream extends FilterInputStream {
        IOException failure;
        int lastByte = -1;

        HeldFailureInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) == 1 ? one[0] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (failure != null) {
                return -1;
            }
            try {
                int n = super.read(b, off, len);
                if (n > 0) {
                    lastByte = b[off + n - 1] & 0xff;
                }
                return n;
            } catch (IOException e) {
                failure = e;
                return -1;
            }
        }
    }

    /**
     * Keeps the klines of the file's timeframe: the one its name gives ({@code ADABTC-1m-2021-11-27.csv}), else the
     * most common {@code close_time - open_time + 1} (the shorter on a tie); a row of another length is malformed.
     *
     * @return the timeframe, ms; 0 if the file has no rows
     * @throws ConfigException naming {@code --data} if no row has the timeframe the file name gives
     */
    private static long keepTimeframe(Spec spec, Candles out, long[] rowTfMs, long[] rowLine) {
        if (out.size == 0) {
            return 0;
        }
        long tf = MarketHistory.timeframeFromFileName(spec.path());
        if (tf <= 0) {
            Map<Long, Integer> counts = new HashMap<>();
            for (int i = 0; i < out.size; i++) {
                counts.merge(rowTfMs[i], 1, Integer::sum);
            }
            int best = 0;
            for (Map.Entry<Long, Integer> e : counts.entrySet()) {
                if (e.getValue() > best || e.getValue() == best && e.getKey() < tf) {
                    best = e.getValue();
                    tf = e.getKey();
                }
            }
        }
        int kept = 0;
        for (int i = 0; i < out.size; i++) {
            if (rowTfMs[i] == tf) {
                out.move(i, kept++);
            } else {
                malformed(spec, out, "line " + rowLine[i] + ", " + column(KLINE_COLUMNS, 6), "a "
                        + AquatradeConfig.formatDurationMs(rowTfMs[i])
                        + " candle (close_time - open_time + 1 ms) in a file of "
                        + AquatradeConfig.formatDurationMs(tf) + " candles");
            }
        }
        if (kept == 0) {
            throw new ConfigException("--data", "candles of the timeframe the file name gives ("
                    + AquatradeConfig.formatDurationMs(tf) + "), " + spec.path() + " has none (its first is "
                    + AquatradeConfig.formatDurationMs(rowTfMs[0]) + ", line " + rowLine[0] + ")");
        }
        out.size = kept;
        return tf;
    }
}
