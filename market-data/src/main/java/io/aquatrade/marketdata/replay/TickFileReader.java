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
import io.aquatrade.common.MessageCopies;
import io.aquatrade.common.QuoteTick;
import io.aquatrade.common.TradeTick;
import io.aquatrade.marketdata.TickValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one recorded file as a sequence of ticks: each {@link #next()} makes the next {@link TradeTick} or
 * {@link QuoteTick} current (one reused object of each kind), in file order.
 *
 * <p>Every tick goes through the file's {@link TickValidator} (see there for the rules): a record that cannot be
 * parsed (bad syntax, a duplicate key, a missing field, a price with more decimals than the instrument allows...) is
 * reported to it by the subclass with its {@link TickValidator.Reason}, a parsed tick is judged by it. Rejections are
 * logged (the first of each reason, with the file and its line or record number), counted by reason
 * ({@link #rejectedCount(TickValidator.Reason)}; all of them in {@link #malformedCount()}) and skipped. A tick the
 * validator holds is kept as a copy and made current when the next tick of its instrument confirms it, just before
 * that tick. Records that are valid but not ticks (depth diffs, book snapshots, other instruments) are counted in
 * {@link #skippedCount()}. The validator runs here, before the replay's merge, so a rejected tick never moves the
 * merge's watermarks; the merge never restamps a tick's time.
 *
 * <p>A file that <em>stops parsing</em> cannot be read further: a truncated gzip stream, an I/O error, or in a JSON
 * array file ({@link ReplayFormat#FREQTRADE_TRADES}) a syntax error or a missing end, after which no later record
 * can be found. That is logged at ERROR with the number of records read, counted as one malformed record (reason
 * {@link TickValidator.Reason#SYNTAX}), the file ends there and {@link #incomplete()} becomes true. In a
 * line-oriented file (capture, CSV) a line that does not parse is only a malformed record: the next line is read;
 * so is a line longer than {@value TextLines#MAX_LINE_CHARS} characters (reason {@code SYNTAX}), which is skipped
 * without being held in memory.
 *
 * <p>Not thread-safe. Opening the file allocates; reading allocates nothing per tick except where noted by a
 * subclass (holding a suspect tick keeps its position text for the log).
 */
public abstract class TickFileReader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TickFileReader.class);

    /** The file read. */
    protected final ReplayFile file;
    /** The trade the subclass parses into, announced with {@link #tradeReady}. */
    protected final TradeTick trade = new TradeTick();
    /** The quote the subclass parses into, announced with {@link #quoteReady}. */
    protected final QuoteTick quote = new QuoteTick();
    /** Judges every tick of this file. */
    protected final TickValidator validator;
    private final TickValidator.Where where = this::position;
    /** Held copies per instrument index, two slots each so that one can be published while the other holds. */
    private final TradeTick[][] heldTrades;
    private final QuoteTick[][] heldQuotes;
    private final boolean[] heldIsQuote;
    private final int[] heldSlot;
    private TradeTick currentTrade = trade;
    private QuoteTick currentQuote = quote;
    private boolean currentIsQuote;
    /** The raw tick is to be made current by the next call (after the held tick it confirmed). */
    private boolean rawPending;
    private TickValidator.Outcome lastOutcome = TickValidator.Outcome.REJECT;
    private boolean rawPendingIsQuote;
    private boolean ended;
    private boolean incomplete;
    private HeldFailureInputStream input;
    private int flushIndex;
    private long tradeCount;
    private long quoteCount;
    private long skippedCount;

    /**
     * @param file        the file read, for messages
     * @param instruments the instruments whose ticks the file may hold
     * @param limits      the validator's limits
     */
    protected TickFileReader(ReplayFile file, Collection<Instrument> instruments, TickValidator.Limits limits) {
        this.file = file;
        this.validator = new TickValidator(file.path().toString(), instruments, limits);
        int n = validator.instrumentCount();
        heldTrades = new TradeTick[n][];
        heldQuotes = new QuoteTick[n][];
        heldIsQuote = new boolean[n];
        heldSlot = new int[n];
        for (int i = 0; i < n; i++) {
            heldTrades[i] = new TradeTick[] {new TradeTick(), new TradeTick()};
            heldQuotes[i] = new QuoteTick[] {new QuoteTick(), new QuoteTick()};
        }
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
        return open(file, instruments, TickValidator.Limits.DEFAULT);
    }

    /**
     * Opens a reader for the file's format, validating with the given limits.
     *
     * @param file        the file
     * @param instruments configured instruments: give the decimals, and for formats without symbols the file's one
     * @param limits      the validator's limits ({@code market-data.maxClockSkewMs}, {@code maxJumpBps})
     * @return an open reader positioned before the first tick
     * @throws UncheckedIOException if the file cannot be opened
     * @throws IllegalArgumentException if the file's symbol is not among the instruments
     */
    public static TickFileReader open(ReplayFile file, Collection<Instrument> instruments,
                                      TickValidator.Limits limits) {
        return open(file, instruments, limits, ReplaySource.DEFAULT_REORDER_MS);
    }

    /**
     * Opens a reader for the file's format, validating with the given limits, for a replay with the given window.
     *
     * @param file        the file
     * @param instruments configured instruments: give the decimals, and for formats without symbols the file's one
     * @param limits      the validator's limits ({@code market-data.maxClockSkewMs}, {@code maxJumpBps})
     * @param reorderMs   the replay's reorder window ({@code market-data.replay.reorderMs}), ms, &gt; 0: a capture's
     *                    clock offset jumping further needs confirmation ({@link BinanceCaptureReader})
     * @return an open reader positioned before the first tick
     * @throws UncheckedIOException if the file cannot be opened (it is then closed, as on every failure here)
     * @throws IllegalArgumentException if the file's symbol is not among the instruments, or reorderMs is not
     *                                  positive
     */
    public static TickFileReader open(ReplayFile file, Collection<Instrument> instruments,
                                      TickValidator.Limits limits, long reorderMs) {
        InputStream raw;
        try {
            raw = openInput(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file.path(), e);
        }
        try {
            HeldFailureInputStream in = new HeldFailureInputStream(raw);
            TickFileReader reader = switch (file.format()) {
                case FREQTRADE_TRADES -> new FreqtradeTradesReader(file, instrument(file, instruments), in, limits);
                case BINANCE_AGGTRADES_CSV -> new AggTradesCsvReader(file, instrument(file, instruments), in, limits);
                case BINANCE_CAPTURE -> new BinanceCaptureReader(file, instruments, in, limits, reorderMs);
            };
            reader.input = in;
            return reader;
        } catch (IOException e) {
            closeAfterFailure(raw, e);
            throw new UncheckedIOException("cannot open " + file.path(), e);
        } catch (RuntimeException e) {
            closeAfterFailure(raw, e);
            throw e;
        }
    }

    /** Closes a stream whose reader could not be made; a failure to close is added to {@code cause}. */
    private static void closeAfterFailure(InputStream in, Exception cause) {
        try {
            in.close();
        } catch (IOException e) {
            cause.addSuppressed(e);
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

    /**
     * Opens the file, decompressing it if it starts with the gzip magic bytes (whatever its name).
     *
     * @throws IOException if the file cannot be opened or its gzip header read; the file is then closed
     */
    static InputStream openInput(ReplayFile file) throws IOException {
        InputStream raw = Files.newInputStream(file.path());
        try {
            BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
            in.mark(2);
            int b1 = in.read();
            int b2 = in.read();
            in.reset();
            if (b1 == 0x1f && b2 == 0x8b) {
                return new GZIPInputStream(in, 1 << 16);
            }
            return in;
        } catch (IOException | RuntimeException e) {
            closeAfterFailure(raw, e);
            throw e;
        }
    }

    /**
     * Makes the next tick current.
     *
     * @return false at the end of the file (and on every later call)
     */
    public final boolean next() {
        if (rawPending) {
            rawPending = false;
            makeCurrent(rawPendingIsQuote, trade, quote);
            return true;
        }
        if (!ended) {
            try {
                if (readNext()) {
                    return true;
                }
                if (input != null && input.failure != null) {
                    throw input.failure;
                }
            } catch (IOException e) {
                stopsParsing(input != null && input.failure != null ? input.failure : e);
            }
            ended = true;
        }
        // End of the file: a tick still held for its time only is published, one held for its price dropped.
        while (flushIndex < heldSlot.length) {
            int i = flushIndex++;
            if (validator.holds(i) && validator.endOfStream(i)) {
                makeCurrent(heldIsQuote[i], heldTrades[i][heldSlot[i]], heldQuotes[i][heldSlot[i]]);
                return true;
            }
        }
        return false;
    }

    /** The file cannot be read further: counted as one malformed record, logged at ERROR, marked incomplete. */
    private void stopsParsing(IOException e) {
        incomplete = true;
        long malformedBefore = malformedCount();
        malformed(TickValidator.Reason.SYNTAX, "cannot read further, rest of the file skipped: " + e);
        LOG.error("{}: stops parsing at {} after {} records ({} trades, {} quotes, {} malformed, {} non-tick): "
                        + "the rest of the file is not replayed and the replay is marked incomplete: {}",
                file.path(), position(), tradeCount + quoteCount + malformedBefore + skippedCount, tradeCount,
                quoteCount, malformedBefore, skippedCount, e.toString());
    }

    private void makeCurrent(boolean isQuote, TradeTick t, QuoteTick q) {
        currentIsQuote = isQuote;
        if (isQuote) {
            currentQuote = q;
            quoteCount++;
        } else {
            currentTrade = t;
            tradeCount++;
        }
    }

    /**
     * Applies the validator's verdict on the raw {@link #trade} or {@link #quote}.
     *
     * @return true if a tick is current now
     */
    private boolean apply(TickValidator.Outcome outcome, int index, boolean isQuote) {
        lastOutcome = outcome;
        if (outcome == TickValidator.Outcome.REJECT) {
            return false;
        }
        if (outcome.releasesHeld()) {
            int slot = heldSlot[index];
            makeCurrent(heldIsQuote[index], heldTrades[index][slot], heldQuotes[index][slot]);
            if (outcome.accepts()) {
                rawPending = true;
                rawPendingIsQuote = isQuote;
            } else {
                heldSlot[index] = 1 - slot;
                hold(index, isQuote);
            }
            return true;
        }
        if (outcome.holds()) {
            hold(index, isQuote);
            return false;
        }
        makeCurrent(isQuote, trade, quote);
        return true;
    }

    private void hold(int index, boolean isQuote) {
        heldIsQuote[index] = isQuote;
        int slot = heldSlot[index];
        if (isQuote) {
            MessageCopies.copy(quote, heldQuotes[index][slot]);
        } else {
            MessageCopies.copy(trade, heldTrades[index][slot]);
        }
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
     * Hands the parsed {@link #trade} to the validator.
     *
     * @param instrument the trade's instrument
     * @return true if a tick is current now (this trade, or a held tick it confirmed); false if the trade was
     * rejected (counted) or is held
     */
    protected final boolean tradeReady(Instrument instrument) {
        int index = validator.indexOf(instrument);
        TickValidator.Outcome o = validator.trade(index, trade.price(), trade.quantity(), trade.tradeId(),
                trade.eventTimeNs(), trade.receivedTimeNs(), where);
        return apply(o, index, false);
    }

    /**
     * Hands the parsed {@link #quote} to the validator.
     *
     * @param instrument the quote's instrument
     * @return as {@link #tradeReady}
     */
    protected final boolean quoteReady(Instrument instrument) {
        int index = validator.indexOf(instrument);
        TickValidator.Outcome o = validator.quote(index, quote.bidPrice(), quote.bidSize(), quote.askPrice(),
                quote.askSize(), quote.eventTimeNs(), quote.receivedTimeNs(), where);
        return apply(o, index, true);
    }

    /** @return the validator's verdict on the last tick handed to {@link #tradeReady} or {@link #quoteReady} */
    protected final TickValidator.Outcome lastOutcome() {
        return lastOutcome;
    }

    /** Counts a record that is valid but not a tick. */
    protected final void skipped() {
        skippedCount++;
    }

    /** Counts a record that cannot be parsed into a tick (and logs it, if among the first of its reason). */
    protected final void malformed(TickValidator.Reason reason, String what) {
        validator.reject(reason, where, what);
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
        return currentTrade;
    }

    /** @return the current quote (reused); meaningful when {@link #isQuote()} is true */
    public final QuoteTick quote() {
        return currentQuote;
    }

    /** @return event time of the current tick, UTC epoch ns */
    public final long eventTimeNs() {
        return currentIsQuote ? currentQuote.eventTimeNs() : currentTrade.eventTimeNs();
    }

    /** @return local receive time of the current tick, UTC epoch ns; 0 if the format records none */
    public final long receivedTimeNs() {
        return currentIsQuote ? currentQuote.receivedTimeNs() : currentTrade.receivedTimeNs();
    }

    /** Hands the current tick to the listener. */
    public final void publish(MarketDataListener out) {
        if (currentIsQuote) {
            out.quoteTick(currentQuote);
        } else {
            out.tradeTick(currentTrade);
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

    /** @return records and ticks rejected so far, all reasons (unparsable records and ticks the validator refused) */
    public final long malformedCount() {
        return validator.rejectedCount();
    }

    /** @return rejections of one reason so far */
    public final long rejectedCount(TickValidator.Reason reason) {
        return validator.rejectedCount(reason);
    }

    /** @return the file's validator (its counts) */
    public final TickValidator validator() {
        return validator;
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
     * @throws NumberFormatException if the text is not a number, or has non-zero digits beyond the scale, or overflows,
     *                               or has an exponent beyond +-99 (a larger one is never a price and would cost time)
     */
    protected static long parseDecimal(CharSequence text, int decimals) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 'e' || c == 'E') {
                int digits = text.length() - i - 1;
                if (digits > 0 && (text.charAt(i + 1) == '-' || text.charAt(i + 1) == '+')) {
                    digits--;
                }
                if (digits < 1 || digits > 2) {
                    throw new NumberFormatException("not a decimal number: '" + text + "' (exponent beyond +-99)");
                }
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
