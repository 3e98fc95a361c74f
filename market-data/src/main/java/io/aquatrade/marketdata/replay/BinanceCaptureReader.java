package io.aquatrade.marketdata.replay;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.Side;
import io.aquatrade.marketdata.TickValidator;
import io.aquatrade.marketdata.TickValidator.Reason;
import io.aquatrade.marketdata.binance.BinanceJson;

/**
 * Reads a raw Binance websocket capture ({@link ReplayFormat#BINANCE_CAPTURE}): one message per line,
 * {@code <local_receive_time_ns> <combined-stream JSON>}, as written by hftbacktest's collector.
 *
 * <ul>
 *   <li>{@code <sym>@trade} becomes a {@link io.aquatrade.common.TradeTick}: event time {@code T} (ms), receive
 *       time the line's first field, trade id {@code t}, aggressor {@link Side#SELL} when {@code m} (buyer is
 *       maker) is true. {@code <sym>@aggTrade} likewise with the aggregate id {@code a}.</li>
 *   <li>{@code <sym>@bookTicker} becomes a {@link io.aquatrade.common.QuoteTick} from {@code b, B, a, A}. Futures
 *       bookTicker carries {@code T}, used as its event time. Spot bookTicker carries no exchange time, so its event
 *       time is its receive time shifted by the exchange-minus-local clock offset ({@code E} in ms, times 10^6,
 *       minus the receive time) last observed on a message of this file that carries {@code E} (trades and depth
 *       diffs do); until one is seen the offset is 0. Such times can jitter below a neighbouring trade's time:
 *       the replay's merge puts them in event-time order within its window (see {@link ReplaySource}). An offset
 *       more than the reorder window ({@code market-data.replay.reorderMs}) from the current one is taken only
 *       when the next message with {@code E} confirms it (within the window of it): one message stamped seconds
 *       ahead or behind never shifts the quotes after it, a lasting change of the clock offset counts from its
 *       second message.</li>
 *   <li>Depth diffs, other streams and lines without a {@code stream} (the REST book snapshot) are counted as
 *       skipped, not malformed; so are messages of symbols that are not configured (logged once per symbol) or,
 *       when the file entry names a symbol, of other symbols.</li>
 * </ul>
 *
 * <p><b>Receive-time unit.</b> The first field is read in the file's {@link ReplayFile#receiveTimeUnit()}; with
 * {@link ReceiveTimeUnit#AUTO} the unit is detected once per file from the first receive time's magnitude
 * ({@link ReceiveTimeUnit#detect}) and logged. A receive time more than a day from the message's exchange time
 * ({@code T}, else {@code E}) is implausible (a wrong unit, a broken clock): it is counted
 * ({@link #implausibleReceiveTimeCount()}) and the first one logged at WARN. The tick then goes to the validator
 * like any other, which rejects it (reason {@code clock-skew}) when its event time is further than
 * {@code maxClockSkewMs} from that receive time: a wrong unit set for a file thus publishes nothing, and says why.
 *
 * <p>The instrument comes from each message's {@code s}; its decimals scale the prices and sizes. Lines are
 * numbered from 1. Allocation per line: one Jackson parser over the reused line buffer; no per-line strings.
 *
 * <p>Strict, as the live source ({@code BinanceStreamAdapters}) is, by the same rules ({@link BinanceJson}: field
 * types, duplicate keys): a key given twice in an object, anything after
 * the JSON object, a price or size that is not a decimal string, a stream name whose symbol or kind disagrees with
 * the payload's {@code s} or {@code e}, are rejected with their {@link Reason}. The clock offset is only learnt from
 * an {@code E} within {@code maxClockSkewMs} of the line's receive time, of a depth diff or of a tick the validator
 * accepted, and a jump larger than the reorder window only once a second message confirms it (see above): a single
 * bad time cannot shift later quotes.
 */
public final class BinanceCaptureReader extends TickFileReader {
    private static final long NO_VALUE = Long.MIN_VALUE;
    /** A receive time further than this from the exchange time is implausible, ns (one day). */
    static final long MAX_PLAUSIBLE_DELAY_NS = 86_400_000_000_000L;

    private enum Kind { NONE, TRADE, AGG_TRADE, QUOTE, OTHER }

    private final Instrument[] instruments;
    private final TextLines lines;
    private final StringBuilder symbol = new StringBuilder(16);
    private final StringBuilder priceOrBid = new StringBuilder(32);
    private final StringBuilder qtyOrBidSize = new StringBuilder(32);
    private final StringBuilder ask = new StringBuilder(32);
    private final StringBuilder askSize = new StringBuilder(32);
    private final StringBuilder streamSymbol = new StringBuilder(16);
    private final StringBuilder eventType = new StringBuilder(16);
    private final List<String> unknownSymbols = new ArrayList<>();
    private final BinanceJson.FieldNames envelopeNames = new BinanceJson.FieldNames();
    private final BinanceJson.FieldNames dataNames = new BinanceJson.FieldNames();
    private final long maxSkewNs;
    /** The first field of the data object that had the wrong JSON type, or null. */
    private String wrongType;
    private boolean hadData;
    private long eventMs;
    private long transactMs;
    private long tradeId;
    private long aggTradeId;
    /** {@code t} / {@code a} (an integer) was given: any long is a value, none is free to mean "absent". */
    private boolean hasTradeId;
    private boolean hasAggTradeId;
    private int buyerMaker;
    private long offsetNs;
    /** An offset has been learnt (until then {@link #offsetNs} is 0 and the first learnt one is taken). */
    private boolean offsetKnown;
    /** A learnt offset more than {@link #maxOffsetStepNs} from {@link #offsetNs}, waiting for confirmation. */
    private long offsetCandidateNs = NO_VALUE;
    private final long maxOffsetStepNs;
    private ReceiveTimeUnit unit;
    private long implausible;

    /**
     * @param file        the file, for messages; if it names a symbol only that symbol's messages are replayed
     * @param instruments configured instruments; messages of others are skipped
     * @param in          the (decompressed) content; closed by {@link #close()}
     */
    public BinanceCaptureReader(ReplayFile file, Collection<Instrument> instruments, InputStream in) {
        this(file, instruments, in, TickValidator.Limits.DEFAULT);
    }

    /**
     * @param file        the file, for messages; if it names a symbol only that symbol's messages are replayed
     * @param instruments configured instruments; messages of others are skipped
     * @param in          the (decompressed) content; closed by {@link #close()}
     * @param limits      the validator's limits
     */
    public BinanceCaptureReader(ReplayFile file, Collection<Instrument> instruments, InputStream in,
                                TickValidator.Limits limits) {
        this(file, instruments, in, limits, ReplaySource.DEFAULT_REORDER_MS);
    }

    /**
     * @param file        the file, for messages; if it names a symbol only that symbol's messages are replayed
     * @param instruments configured instruments; messages of others are skipped
     * @param in          the (decompressed) content; closed by {@link #close()}
     * @param limits      the validator's limits
     * @param reorderMs   the replay's reorder window, ms, &gt; 0: a larger jump of the clock offset needs
     *                    confirmation (see the class comment)
     * @throws IllegalArgumentException if reorderMs is not positive
     */
    public BinanceCaptureReader(ReplayFile file, Collection<Instrument> instruments, InputStream in,
                                TickValidator.Limits limits, long reorderMs) {
        super(file, selected(file, instruments), limits);
        if (reorderMs <= 0) {
            throw new IllegalArgumentException("reorderMs must be > 0, was " + reorderMs);
        }
        this.maxOffsetStepNs = Math.multiplyExact(reorderMs, 1_000_000L);
        this.instruments = selected(file, instruments).toArray(new Instrument[0]);
        this.lines = new TextLines(new InputStreamReader(in, StandardCharsets.UTF_8));
        this.maxSkewNs = limits.maxClockSkewMs() * 1_000_000L;
        this.unit = file.receiveTimeUnit() == ReceiveTimeUnit.AUTO ? null : file.receiveTimeUnit();
        if (unit != null) {
            note("receive times read in " + unit + " (set for this file)");
        }
    }

    private static List<Instrument> selected(ReplayFile file, Collection<Instrument> instruments) {
        List<Instrument> selected = new ArrayList<>();
        for (Instrument i : instruments) {
            if (file.symbol() == null || file.symbol().equals(i.symbol())) {
                selected.add(i);
            }
        }
        return selected;
    }

    /** @return the unit receive times are read in; null while {@link ReceiveTimeUnit#AUTO} has seen none */
    public ReceiveTimeUnit receiveTimeUnit() {
        return unit;
    }

    /** @return ticks whose receive time was more than a day from their exchange time */
    public long implausibleReceiveTimeCount() {
        return implausible;
    }

    @Override
    protected boolean readNext() throws IOException {
        while (lines.next()) {
            if (lines.tooLong()) {
                malformed(Reason.SYNTAX, "line longer than " + TextLines.MAX_LINE_CHARS + " characters: skipped");
                continue;
            }
            if (lines.isBlank()) {
                continue;
            }
            int space = lines.indexOf(' ', 0);
            if (space <= 0) {
                malformed(Reason.SYNTAX, "expected '<receive_time_ns> <json>'");
                continue;
            }
            long receivedNs;
            try {
                long received = Long.parseLong(lines, 0, space, 10);
                if (unit == null) {
                    unit = ReceiveTimeUnit.detect(received);
                    if (unit == null) {
                        malformed(Reason.TIME_IMPLAUSIBLE, "receive time " + received
                                + " is before 1973 in ns, us and ms");
                        continue;
                    }
                    note("receive times are in " + unit + " (detected from " + received + " at " + position()
                            + "; set receiveTimeUnit to override)");
                }
                receivedNs = unit.toNanos(received);
            } catch (NumberFormatException e) {
                malformed(Reason.SYNTAX, "receive time is not an integer: " + e.getMessage());
                continue;
            } catch (ArithmeticException e) {
                malformed(Reason.OUT_OF_RANGE, "receive time does not fit epoch nanoseconds read in " + unit);
                continue;
            }
            Reason reason = null;
            String problem = null;
            Kind kind;
            try (JsonParser p = BinanceJson.FACTORY.createParser(lines.buffer(), space + 1,
                    lines.length() - space - 1)) {
                kind = readMessage(p);
                if (kind == null) {
                    reason = Reason.SYNTAX;
                    problem = "not a JSON object";
                }
            } catch (BinanceJson.DuplicateKeyException e) {
                kind = null;
                reason = Reason.DUPLICATE_KEY;
                problem = e.getOriginalMessage();
            } catch (StreamReadException e) {
                kind = null;
                reason = Reason.SYNTAX;
                problem = "bad JSON: " + e.getOriginalMessage();
            } catch (IOException e) {
                kind = null;
                reason = Reason.SYNTAX;
                problem = "bad JSON: " + e.getMessage();
            }
            if (reason != null) {
                malformed(reason, problem);
                continue;
            }
            // The clock offset is learnt from E of a plausible record only: a non-tick record (depth diff) with E
            // within maxClockSkewMs of its receive time, or a tick the validator published at once.
            long learntNs = eventMs > 0 && eventMs < Long.MAX_VALUE / 1_000_000L
                    && Math.abs(eventMs * 1_000_000L - receivedNs) <= maxSkewNs
                    ? eventMs * 1_000_000L - receivedNs : NO_VALUE;
            if (kind != Kind.TRADE && kind != Kind.AGG_TRADE && kind != Kind.QUOTE) {
                if (learntNs != NO_VALUE) {
                    learnOffset(learntNs);
                }
                skipped();
                continue;
            }
            if (wrongType != null) {
                malformed(Reason.WRONG_TYPE, "'" + wrongType + "' has the wrong JSON type");
                continue;
            }
            if (!hadData) {
                malformed(Reason.MISSING_FIELD, "no \"data\" object");
                continue;
            }
            if (symbol.length() == 0) {
                malformed(Reason.MISSING_FIELD, "no symbol 's'");
                continue;
            }
            problem = mismatch(kind);
            if (problem != null) {
                malformed(Reason.MISMATCH, problem);
                continue;
            }
            Instrument instrument = instrument();
            if (instrument == null) {
                skipped();
                continue;
            }
            if (build(kind, instrument, receivedNs)) {
                checkPlausible(receivedNs);
                boolean ready = kind == Kind.QUOTE ? quoteReady(instrument) : tradeReady(instrument);
                if (learntNs != NO_VALUE && lastOutcome().accepts()) {
                    learnOffset(learntNs);
                }
                if (ready) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Takes a plausible exchange-minus-receive offset as the one spot quotes are stamped with: the first one, one
     * within the reorder window of the current offset, or a jump that the previous learnt offset already made (the
     * second of two within the window of each other). A lone jump is only remembered as the candidate.
     */
    private void learnOffset(long learntNs) {
        if (!offsetKnown || Math.abs(learntNs - offsetNs) <= maxOffsetStepNs
                || offsetCandidateNs != NO_VALUE && Math.abs(learntNs - offsetCandidateNs) <= maxOffsetStepNs) {
            offsetNs = learntNs;
            offsetKnown = true;
            offsetCandidateNs = NO_VALUE;
        } else {
            offsetCandidateNs = learntNs;
        }
    }

    /** Counts (and logs the first) receive time more than a day from the message's exchange time. */
    private void checkPlausible(long receivedNs) {
        long exchangeMs = transactMs != NO_VALUE ? transactMs : eventMs;
        if (exchangeMs == NO_VALUE) {
            return;
        }
        long exchangeNs = exchangeMs * 1_000_000L;
        if (Math.abs(receivedNs - exchangeNs) > MAX_PLAUSIBLE_DELAY_NS) {
            implausible++;
            if (implausible == 1) {
                warn("receive time " + Instant.ofEpochSecond(0, receivedNs) + " (read in " + unit + ") is more than a "
                        + "day from the exchange time " + Instant.ofEpochSecond(0, exchangeNs) + " at " + position()
                        + ": wrong unit? set receiveTimeUnit (ns, us, ms) for this file; further ones are counted");
            }
        }
    }

    /** Reads the envelope; @return the stream kind, or null if the line is not a JSON object */
    private Kind readMessage(JsonParser p) throws IOException {
        symbol.setLength(0);
        streamSymbol.setLength(0);
        eventType.setLength(0);
        wrongType = null;
        priceOrBid.setLength(0);
        qtyOrBidSize.setLength(0);
        ask.setLength(0);
        askSize.setLength(0);
        eventMs = NO_VALUE;
        transactMs = NO_VALUE;
        tradeId = NO_VALUE;
        aggTradeId = NO_VALUE;
        hasTradeId = false;
        hasAggTradeId = false;
        buyerMaker = -1;
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return null;
        }
        Kind kind = Kind.NONE;
        boolean data = false;
        envelopeNames.clear();
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            envelopeNames.add(p);
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if (name.equals("stream") && value == JsonToken.VALUE_STRING) {
                kind = classify(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                char[] chars = p.getTextCharacters();
                for (int i = p.getTextOffset(), end = i + p.getTextLength(); i < end && chars[i] != '@'; i++) {
                    streamSymbol.append(chars[i]);
                }
            } else if (name.equals("data") && value == JsonToken.START_OBJECT) {
                readData(p);
                data = true;
            } else if (name.equals("data")) {
                wrong("data");
                BinanceJson.skipValue(p);
            } else {
                BinanceJson.skipValue(p);
            }
        }
        if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
            throw new IOException("trailing or unclosed content");
        }
        hadData = data;
        return kind;
    }

    /** Reads the data object's fields, each checked against {@link BinanceJson#hasType}. */
    private void readData(JsonParser p) throws IOException {
        dataNames.clear();
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            dataNames.add(p);
            String name = p.currentName();
            JsonToken v = p.nextToken();
            boolean integer = v == JsonToken.VALUE_NUMBER_INT;
            if (!BinanceJson.hasType(name, v, integer && BinanceJson.fitsLong(p))) {
                wrong(name);
                BinanceJson.skipValue(p);
                continue;
            }
            switch (name) {
                case "E" -> eventMs = p.getLongValue();
                case "T" -> transactMs = p.getLongValue();
                case "t" -> {
                    tradeId = p.getLongValue();
                    hasTradeId = true;
                }
                case "m" -> buyerMaker = v == JsonToken.VALUE_TRUE ? 1 : 0;
                case "e" -> copy(p, eventType);
                case "s" -> copy(p, symbol);
                case "p", "b" -> copy(p, priceOrBid);
                case "q", "B" -> copy(p, qtyOrBidSize);
                case "A" -> copy(p, askSize);
                case "a" -> {
                    if (integer) {
                        aggTradeId = p.getLongValue();
                        hasAggTradeId = true;
                    } else {
                        copy(p, ask);
                    }
                }
                default -> BinanceJson.skipValue(p); // "u" (an integer) and fields not read
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw new IOException("data object not closed");
        }
    }

    /** Copies the string value the parser is at (replacing what {@code to} held). */
    private static void copy(JsonParser p, StringBuilder to) throws IOException {
        to.setLength(0);
        to.append(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
    }

    private void wrong(String name) {
        if (wrongType == null) {
            wrongType = name;
        }
    }

    /** @return what disagrees between the stream name and the payload's {@code s} and {@code e}, or null */
    private String mismatch(Kind kind) {
        boolean same = symbol.length() == streamSymbol.length();
        for (int i = 0; same && i < symbol.length(); i++) {
            same = Character.toLowerCase(symbol.charAt(i)) == Character.toLowerCase(streamSymbol.charAt(i));
        }
        if (!same) {
            return "stream of " + streamSymbol + " carries \"s\":\"" + symbol + "\"";
        }
        if (eventType.length() > 0) {
            String expected = kind == Kind.TRADE ? "trade" : kind == Kind.AGG_TRADE ? "aggTrade" : "bookTicker";
            if (!expected.contentEquals(eventType)) {
                return kind.name().toLowerCase(java.util.Locale.ROOT) + " stream carries \"e\":\"" + eventType
                        + "\"";
            }
        }
        return null;
    }

    /** @return the kind of stream named {@code <symbol>@<kind>[@<speed>]} */
    private static Kind classify(char[] chars, int offset, int length) {
        int at = -1;
        for (int i = 0; i < length; i++) {
            if (chars[offset + i] == '@') {
                at = i;
                break;
            }
        }
        if (at < 0) {
            return Kind.OTHER;
        }
        int start = offset + at + 1;
        int end = offset + length;
        if (regionEquals(chars, start, end, "trade")) {
            return Kind.TRADE;
        }
        if (regionEquals(chars, start, end, "aggTrade")) {
            return Kind.AGG_TRADE;
        }
        if (regionEquals(chars, start, end, "bookTicker")) {
            return Kind.QUOTE;
        }
        return Kind.OTHER;
    }

    private static boolean regionEquals(char[] chars, int start, int end, String word) {
        if (end - start != word.length()) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if (chars[start + i] != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Fills the raw tick from the message read; @return true if done, false if rejected (counted) */
    private boolean build(Kind kind, Instrument instrument, long receivedNs) {
        String problem = missing(kind);
        if (problem != null) {
            malformed(Reason.MISSING_FIELD, problem);
            return false;
        }
        String field = kind == Kind.QUOTE ? "b" : "p";
        // The decimal being parsed and its scale: a failure is classified from its text.
        StringBuilder text = priceOrBid;
        int decimals = instrument.priceDecimals();
        try {
            if (kind == Kind.QUOTE) {
                long bid = FixedPoint.parse(priceOrBid, instrument.priceDecimals());
                field = "B";
                text = qtyOrBidSize;
                decimals = instrument.sizeDecimals();
                long bidQty = FixedPoint.parse(qtyOrBidSize, instrument.sizeDecimals());
                field = "a";
                text = ask;
                decimals = instrument.priceDecimals();
                long askPrice = FixedPoint.parse(ask, instrument.priceDecimals());
                field = "A";
                text = askSize;
                decimals = instrument.sizeDecimals();
                long askQty = FixedPoint.parse(askSize, instrument.sizeDecimals());
                field = "T";
                long eventTimeNs = transactMs != NO_VALUE ? Math.multiplyExact(transactMs, 1_000_000L)
                        : eventMs != NO_VALUE ? Math.multiplyExact(eventMs, 1_000_000L) : receivedNs + offsetNs;
                quote.reset();
                quote.instrument(instrument.symbol())
                        .bidPrice(bid)
                        .bidSize(bidQty)
                        .askPrice(askPrice)
                        .askSize(askQty)
                        .eventTimeNs(eventTimeNs)
                        .receivedTimeNs(receivedNs);
                return true;
            }
            long price = FixedPoint.parse(priceOrBid, instrument.priceDecimals());
            field = "q";
            text = qtyOrBidSize;
            decimals = instrument.sizeDecimals();
            long qty = FixedPoint.parse(qtyOrBidSize, instrument.sizeDecimals());
            long id = kind == Kind.TRADE ? tradeId : aggTradeId;
            field = "T";
            long eventTimeNs = Math.multiplyExact(transactMs, 1_000_000L);
            trade.reset();
            trade.instrument(instrument.symbol())
                    .price(price)
                    .quantity(qty)
                    .aggressorSide(buyerMaker == 1 ? Side.SELL : Side.BUY)
                    .tradeId(id)
                    .eventTimeNs(eventTimeNs)
                    .receivedTimeNs(receivedNs);
            return true;
        } catch (NumberFormatException e) {
            malformed(Reason.ofDecimal(text, 0, text.length(), decimals, false), field + ": " + e.getMessage()
                    + " (instrument " + instrument.symbol() + " has " + instrument.priceDecimals() + " price and "
                    + instrument.sizeDecimals() + " size decimals)");
            return false;
        } catch (ArithmeticException e) {
            malformed(Reason.OUT_OF_RANGE, field + ": a time that does not fit epoch nanoseconds");
            return false;
        }
    }

    /** @return which field the message lacks, or null */
    private String missing(Kind kind) {
        if (kind == Kind.QUOTE) {
            return priceOrBid.length() == 0 ? "no bid price 'b'" : qtyOrBidSize.length() == 0 ? "no bid size 'B'"
                    : ask.length() == 0 ? "no ask price 'a'" : askSize.length() == 0 ? "no ask size 'A'" : null;
        }
        if (priceOrBid.length() == 0) {
            return "no price 'p'";
        }
        if (qtyOrBidSize.length() == 0) {
            return "no quantity 'q'";
        }
        if (!(kind == Kind.TRADE ? hasTradeId : hasAggTradeId)) {
            return kind == Kind.TRADE ? "no trade id 't'" : "no aggregate trade id 'a'";
        }
        if (transactMs == NO_VALUE) {
            return "no trade time 'T'";
        }
        return buyerMaker < 0 ? "no buyer-is-maker flag 'm'" : null;
    }

    private Instrument instrument() {
        for (Instrument i : instruments) {
            if (i.symbol().contentEquals(symbol)) {
                return i;
            }
        }
        for (String s : unknownSymbols) {
            if (s.contentEquals(symbol)) {
                return null;
            }
        }
        String s = symbol.toString();
        unknownSymbols.add(s);
        note("messages of symbol " + s + " are skipped: "
                + (file.symbol() != null ? "the file entry selects " + file.symbol() : "it is not in instruments"));
        return null;
    }

    @Override
    protected String position() {
        return "line " + lines.lineNumber();
    }

    @Override
    public void close() {
        try {
            lines.close();
        } catch (IOException e) {
            // closing a read-only file: nothing to recover
        }
    }
}
