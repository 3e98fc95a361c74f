package io.aquatrade.marketdata.replay;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.util.Collection;
import java.util.zip.GZIPInputStream;

import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.MarketDataListener;
import io.aquatrade.common.QuoteTick;
import io.aquatrade.common.TradeTick;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one recorded file as a sequence of ticks: each {@link #next()} makes the next {@link TradeTick} or
 * {@link QuoteTick} current (one reused object of each kind), in file order.
 *
 * <p>A record that cannot be turned into a valid tick (bad syntax, a missing field, a price with more decimals than
 * the instrument allows, a non-positive price or quantity) is logged with the file and its line or record number,
 * counted in {@link #malformedCount()} and skipped. Records that are valid but not ticks (depth diffs, book
 * snapshots, other instruments) are counted in {@link #skippedCount()}.
 *
 * <p>A file that <em>stops parsing</em> cannot be read further: a truncated gzip stream, an I/O error, or in a JSON
 * array file ({@link ReplayFormat#FREQTRADE_TRADES}) a syntax error or a missing end, after which no later record
 * can be found. That is logged at ERROR with the number of records read, counted as one malformed record, the file
 * ends there and {@link #incomplete()} becomes true. In a line-oriented file (capture, CSV) a line that does not
 * parse is only a malformed record: the next line is read.
 *
 * <p>Not thread-safe. Opening the file allocates; reading allocates nothing per tick except where noted by a
 * subclass.
 */
public abstract class TickFileReader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TickFileReader.class);
    /** Malformed records logged one by one per file; later ones are only counted. */
    private static final int MAX_LOGGED = 20;

    /** The file read. */
    protected final ReplayFile file;
    /** The current trade, when {@link #isQuote()} is false. */
    protected final TradeTick trade = new TradeTick();
    /** The current quote, when {@link #isQuote()} is true. */
    protected final QuoteTick quote = new QuoteTick();
    private boolean currentIsQuote;
    private boolean ended;
    private boolean incomplete;
    private HeldFailureInputStream input;
    private long tradeCount;
    private long quoteCount;
    private long malformedCount;
    private long skippedCount;

    /** @param file the file read, for messages */
    protected TickFileReader(ReplayFile file) {
        this.file = file;
    }

    /**
     * Opens a reader for the file's format.
     *
     * @param file        the file
     * @param instruments configured instruments: give the decimals, and for formats without symbols the file's one
     * @return an open reader positioned before the first tick
     * @throws UncheckedIOException if the file cannot be opened
     * @throws IllegalArgumentException if the file's symbol is not among the instruments
     */
    public static TickFileReader open(ReplayFile file, Collection<Instrument> instruments) {
        try {
            HeldFailureInputStream in = new HeldFailureInputStream(openInput(file));
            TickFileReader reader = switch (file.format()) {
                case FREQTRADE_TRADES -> new FreqtradeTradesReader(file, instrument(file, instruments), in);
                case BINANCE_AGGTRADES_CSV -> new AggTradesCsvReader(file, instrument(file, instruments), in);
                case BINANCE_CAPTURE -> new BinanceCaptureReader(file, instruments, in);
            };
            reader.input = in;
            return reader;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file.path(), e);
        }
    }

    /**
     * Turns a read failure of the raw input (a truncated gzip stream) into an end of input, and holds the failure
     * for {@link #next()}: a character decoder above it would otherwise drop the text it had already decoded in the
     * same read, and with it the last complete lines before the break.
     */
    static final class HeldFailureInputStream extends FilterInputStream {
        IOException failure;

        HeldFailureInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            if (failure != null) {
                return -1;
            }
            try {
                return super.read();
            } catch (IOException e) {
                failure = e;
                return -1;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (failure != null) {
                return -1;
            }
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                failure = e;
                return -1;
            }
        }
    }

    private static Instrument instrument(ReplayFile file, Collection<Instrument> instruments) {
        for (Instrument i : instruments) {
            if (i.symbol().equals(file.symbol())) {
                return i;
            }
        }
        throw new IllegalArgumentException(file + ": instrument " + file.symbol() + " is not configured");
    }

    /** Opens the file, decompressing it if it starts with the gzip magic bytes (whatever its name). */
    static InputStream openInput(ReplayFile file) throws IOException {
        BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file.path()), 1 << 16);
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        if (b1 == 0x1f && b2 == 0x8b) {
            return new GZIPInputStream(in, 1 << 16);
        }
        return in;
    }

    /**
     * Makes the next tick current.
     *
     * @return false at the end of the file (and on every later call)
     */
    public final boolean next() {
        if (ended) {
            return false;
        }
        try {
            if (readNext()) {
                return true;
            }
            if (input != null && input.failure != null) {
                throw input.failure;
            }
        } catch (IOException e) {
            if (input != null && input.failure != null) {
                e = input.failure;
            }
            incomplete = true;
            malformedCount++;
            LOG.error("{}: stops parsing at {} after {} records ({} trades, {} quotes, {} malformed, {} non-tick): "
                            + "the rest of the file is not replayed and the replay is marked incomplete: {}",
                    file.path(), position(), tradeCount + quoteCount + malformedCount - 1 + skippedCount, tradeCount,
                    quoteCount, malformedCount - 1, skippedCount, e.toString());
        }
        ended = true;
        return false;
    }

    /**
     * Reads records until one gives a tick, which the subclass completes and announces with {@link #tradeReady()}
     * or {@link #quoteReady()}.
     *
     * @return false at the end of the input
     * @throws IOException if the input cannot be read further
     */
    protected abstract boolean readNext() throws IOException;

    /** @return where the reader is, for messages: "line 12", "record 7 (line 1, column 930)" */
    protected abstract String position();

    /**
     * Checks the current trade and makes it current.
     *
     * @return true if valid; false if it was counted as malformed instead
     */
    protected final boolean tradeReady() {
        if (trade.price() <= 0 || trade.quantity() <= 0 || trade.eventTimeNs() <= 0) {
            malformed(position(), "trade needs price > 0, quantity > 0 and a time > 0: " + trade);
            return false;
        }
        currentIsQuote = false;
        tradeCount++;
        return true;
    }

    /**
     * Checks the current quote and makes it current.
     *
     * @return true if valid; false if it was counted as malformed instead
     */
    protected final boolean quoteReady() {
        if (quote.bidPrice() < 0 || quote.askPrice() < 0 || quote.bidSize() < 0 || quote.askSize() < 0
                || quote.eventTimeNs() <= 0) {
            malformed(position(), "quote needs prices and sizes >= 0 and a time > 0: " + quote);
            return false;
        }
        currentIsQuote = true;
        quoteCount++;
        return true;
    }

    /** Counts a record that is valid but not a tick. */
    protected final void skipped() {
        skippedCount++;
    }

    /** Logs (the first few per file), counts and thereby skips a malformed record. */
    protected final void malformed(String where, String what) {
        malformedCount++;
        if (malformedCount <= MAX_LOGGED) {
            LOG.warn("{}: {} skipped as malformed: {}{}", file.path(), where, what,
                    malformedCount == MAX_LOGGED ? " (further malformed records of this file are only counted)" : "");
        }
    }

    /** Logs a fact about the file once, at info level (e.g. a detected time unit). */
    protected final void note(String what) {
        LOG.info("{}: {}", file.path(), what);
    }

    /** Logs a doubt about the file at warn level (e.g. implausible receive times); the caller limits repeats. */
    protected final void warn(String what) {
        LOG.warn("{}: {}", file.path(), what);
    }

    /**
     * @return true if the file stopped parsing before its end (see the class comment): its later records were not
     * read
     */
    public final boolean incomplete() {
        return incomplete;
    }

    /** @return where the reader is in the file, for messages: "line 12", "record 7 (...)" */
    public final String where() {
        return position();
    }

    /** @return true if the current tick is a quote, false if a trade */
    public final boolean isQuote() {
        return currentIsQuote;
    }

    /** @return the current trade (reused); meaningful when {@link #isQuote()} is false */
    public final TradeTick trade() {
        return trade;
    }

    /** @return the current quote (reused); meaningful when {@link #isQuote()} is true */
    public final QuoteTick quote() {
        return quote;
    }

    /** @return event time of the current tick, UTC epoch ns */
    public final long eventTimeNs() {
        return currentIsQuote ? quote.eventTimeNs() : trade.eventTimeNs();
    }

    /** @return local receive time of the current tick, UTC epoch ns; 0 if the format records none */
    public final long receivedTimeNs() {
        return currentIsQuote ? quote.receivedTimeNs() : trade.receivedTimeNs();
    }

    /** Hands the current tick to the listener. */
    public final void publish(MarketDataListener out) {
        if (currentIsQuote) {
            out.quoteTick(quote);
        } else {
            out.tradeTick(trade);
        }
    }

    /** @return the file read */
    public final ReplayFile file() {
        return file;
    }

    /** @return trades read so far */
    public final long tradeCount() {
        return tradeCount;
    }

    /** @return quotes read so far */
    public final long quoteCount() {
        return quoteCount;
    }

    /** @return records skipped as malformed so far */
    public final long malformedCount() {
        return malformedCount;
    }

    /** @return valid records skipped because they are not ticks (depth diffs, snapshots, other symbols) */
    public final long skippedCount() {
        return skippedCount;
    }

    /** Closes the file. */
    @Override
    public abstract void close();

    /**
     * Parses a decimal number exactly into a mantissa (see {@link FixedPoint#parse(CharSequence, int)}); the rare
     * exponent form a JSON writer may use for small floats ("1e-05") goes through {@link BigDecimal}, still exactly.
     *
     * @param text     the number's text
     * @param decimals the scale of the result
     * @return the mantissa
     * @throws NumberFormatException if the text is not a number, or has non-zero digits beyond the scale, or overflows
     */
    protected static long parseDecimal(CharSequence text, int decimals) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 'e' || c == 'E') {
                try {
                    return FixedPoint.fromBigDecimal(new BigDecimal(text.toString()), decimals);
                } catch (ArithmeticException e) {
                    throw new NumberFormatException("'" + text + "' has more than " + decimals
                            + " decimals or does not fit");
                }
            }
        }
        return FixedPoint.parse(text, decimals);
    }

    /**
     * @return true if {@code text[start, end)} equals {@code word}, ignoring ASCII case
     */
    static boolean equalsIgnoreCase(CharSequence text, int start, int end, String word) {
        if (end - start != word.length()) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            char a = text.charAt(start + i);
            char b = word.charAt(i);
            if (a != b && Character.toLowerCase(a) != Character.toLowerCase(b)) {
                return false;
            }
        }
        return true;
    }
}
