package io.aquatrade.marketdata.replay;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.Side;

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
 *       the replay's merge clamps them (see {@link ReplaySource}).</li>
 *   <li>Depth diffs, other streams and lines without a {@code stream} (the REST book snapshot) are counted as
 *       skipped, not malformed; so are messages of symbols that are not configured (logged once per symbol) or,
 *       when the file entry names a symbol, of other symbols.</li>
 * </ul>
 *
 * <p><b>Receive-time unit.</b> The first field is read in the file's {@link ReplayFile#receiveTimeUnit()}; with
 * {@link ReceiveTimeUnit#AUTO} the unit is detected once per file from the first receive time's magnitude
 * ({@link ReceiveTimeUnit#detect}) and logged. A receive time more than a day from the message's exchange time
 * ({@code T}, else {@code E}) is implausible (a wrong unit, a broken clock): it is counted
 * ({@link #implausibleReceiveTimeCount()}) and the first one logged at WARN; the tick is still replayed.
 *
 * <p>The instrument comes from each message's {@code s}; its decimals scale the prices and sizes. Lines are
 * numbered from 1. Allocation per line: one Jackson parser over the reused line buffer; no per-line strings.
 */
public final class BinanceCaptureReader extends TickFileReader {
    private static final JsonFactory JSON = new JsonFactory();
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
    private final List<String> unknownSymbols = new ArrayList<>();
    private long eventMs;
    private long transactMs;
    private long tradeId;
    private long aggTradeId;
    private int buyerMaker;
    private long offsetNs;
    private ReceiveTimeUnit unit;
    private long implausible;

    /**
     * @param file        the file, for messages; if it names a symbol only that symbol's messages are replayed
     * @param instruments configured instruments; messages of others are skipped
     * @param in          the (decompressed) content; closed by {@link #close()}
     */
    public BinanceCaptureReader(ReplayFile file, Collection<Instrument> instruments, InputStream in) {
        super(file);
        List<Instrument> selected = new ArrayList<>();
        for (Instrument i : instruments) {
            if (file.symbol() == null || file.symbol().equals(i.symbol())) {
                selected.add(i);
            }
        }
        this.instruments = selected.toArray(new Instrument[0]);
        this.lines = new TextLines(new InputStreamReader(in, StandardCharsets.UTF_8));
        this.unit = file.receiveTimeUnit() == ReceiveTimeUnit.AUTO ? null : file.receiveTimeUnit();
        if (unit != null) {
            note("receive times read in " + unit + " (set for this file)");
        }
    }

    /** @return the unit receive times are read in; null while {@link ReceiveTimeUnit#AUTO} has seen none */
    public ReceiveTimeUnit receiveTimeUnit() {
        return unit;
    }

    /** @return ticks whose receive time was more than a day from their exchange time */
    public long implausibleReceiveTimeCount() {
        return implausible;
    }

    /** @return the exchange-minus-local clock offset last observed, ns (0 until a message with E was read) */
    public long clockOffsetNs() {
        return offsetNs;
    }

    @Override
    protected boolean readNext() throws IOException {
        while (lines.next()) {
            if (lines.isBlank()) {
                continue;
            }
            int space = lines.indexOf(' ', 0);
            if (space <= 0) {
                malformed(position(), "expected '<receive_time_ns> <json>'");
                continue;
            }
            long receivedNs;
            try {
                long received = Long.parseLong(lines, 0, space, 10);
                if (unit == null) {
                    unit = ReceiveTimeUnit.detect(received);
                    if (unit == null) {
                        malformed(position(), "receive time " + received + " is before 1973 in ns, us and ms");
                        continue;
                    }
                    note("receive times are in " + unit + " (detected from " + received + " at " + position()
                            + "; set receiveTimeUnit to override)");
                }
                receivedNs = unit.toNanos(received);
            } catch (NumberFormatException | ArithmeticException e) {
                malformed(position(), "receive time is not an integer of " + unit + ": " + e.getMessage());
                continue;
            }
            String problem;
            Kind kind;
            try (JsonParser p = JSON.createParser(lines.buffer(), space + 1, lines.length() - space - 1)) {
                kind = readMessage(p);
                problem = kind == null ? "not a JSON object" : null;
            } catch (IOException e) {
                kind = null;
                problem = "bad JSON: " + e.getMessage();
            }
            if (problem == null && eventMs != NO_VALUE) {
                offsetNs = eventMs * 1_000_000L - receivedNs;
            }
            if (problem != null) {
                malformed(position(), problem);
                continue;
            }
            if (kind != Kind.TRADE && kind != Kind.AGG_TRADE && kind != Kind.QUOTE) {
                skipped();
                continue;
            }
            if (symbol.length() == 0) {
                malformed(position(), "no symbol 's'");
                continue;
            }
            Instrument instrument = instrument();
            if (instrument == null) {
                skipped();
                continue;
            }
            problem = build(kind, instrument, receivedNs);
            if (problem != null) {
                malformed(position(), problem);
                continue;
            }
            checkPlausible(receivedNs);
            if (kind == Kind.QUOTE ? quoteReady() : tradeReady()) {
                return true;
            }
        }
        return false;
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
        priceOrBid.setLength(0);
        qtyOrBidSize.setLength(0);
        ask.setLength(0);
        askSize.setLength(0);
        eventMs = NO_VALUE;
        transactMs = NO_VALUE;
        tradeId = NO_VALUE;
        aggTradeId = NO_VALUE;
        buyerMaker = -1;
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return null;
        }
        Kind kind = Kind.NONE;
        boolean data = false;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if (name.equals("stream") && value == JsonToken.VALUE_STRING) {
                kind = classify(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
            } else if (name.equals("data") && value == JsonToken.START_OBJECT) {
                readData(p);
                data = true;
            } else {
                p.skipChildren();
            }
        }
        if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
            throw new IOException("trailing or unclosed content");
        }
        return data ? kind : Kind.NONE;
    }

    private void readData(JsonParser p) throws IOException {
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            boolean text = v == JsonToken.VALUE_STRING || v == JsonToken.VALUE_NUMBER_FLOAT;
            boolean integer = v == JsonToken.VALUE_NUMBER_INT;
            switch (name) {
                case "E" -> eventMs = integer ? p.getLongValue() : NO_VALUE;
                case "T" -> transactMs = integer ? p.getLongValue() : NO_VALUE;
                case "t" -> tradeId = integer ? p.getLongValue() : NO_VALUE;
                case "m" -> buyerMaker = v == JsonToken.VALUE_TRUE ? 1 : v == JsonToken.VALUE_FALSE ? 0 : -1;
                case "s" -> copy(p, v == JsonToken.VALUE_STRING, symbol);
                case "p", "b" -> copy(p, text, priceOrBid);
                case "q", "B" -> copy(p, text, qtyOrBidSize);
                case "A" -> copy(p, text, askSize);
                case "a" -> {
                    if (integer) {
                        aggTradeId = p.getLongValue();
                    } else {
                        copy(p, text, ask);
                    }
                }
                default -> p.skipChildren();
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw new IOException("data object not closed");
        }
    }

    private static void copy(JsonParser p, boolean scalar, StringBuilder to) throws IOException {
        if (scalar) {
            to.append(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
        } else {
            p.skipChildren();
        }
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

    /** Fills the current tick from the message read; @return null if done, else what is wrong */
    private String build(Kind kind, Instrument instrument, long receivedNs) {
        String field = kind == Kind.QUOTE ? "b" : "p";
        try {
            if (kind == Kind.QUOTE) {
                long bid = parseDecimal(priceOrBid, instrument.priceDecimals());
                field = "B";
                long bidQty = parseDecimal(qtyOrBidSize, instrument.sizeDecimals());
                field = "a";
                long askPrice = parseDecimal(ask, instrument.priceDecimals());
                field = "A";
                long askQty = parseDecimal(askSize, instrument.sizeDecimals());
                long eventTimeNs = transactMs != NO_VALUE ? transactMs * 1_000_000L
                        : eventMs != NO_VALUE ? eventMs * 1_000_000L : receivedNs + offsetNs;
                quote.reset();
                quote.instrument(instrument.symbol())
                        .bidPrice(bid)
                        .bidSize(bidQty)
                        .askPrice(askPrice)
                        .askSize(askQty)
                        .eventTimeNs(eventTimeNs)
                        .receivedTimeNs(receivedNs);
                return null;
            }
            long price = parseDecimal(priceOrBid, instrument.priceDecimals());
            field = "q";
            long qty = parseDecimal(qtyOrBidSize, instrument.sizeDecimals());
            long id = kind == Kind.TRADE ? tradeId : aggTradeId;
            if (id == NO_VALUE) {
                return kind == Kind.TRADE ? "no trade id 't'" : "no aggregate trade id 'a'";
            }
            if (transactMs == NO_VALUE) {
                return "no trade time 'T'";
            }
            if (buyerMaker < 0) {
                return "no buyer-is-maker flag 'm'";
            }
            trade.reset();
            trade.instrument(instrument.symbol())
                    .price(price)
                    .quantity(qty)
                    .aggressorSide(buyerMaker == 1 ? Side.SELL : Side.BUY)
                    .tradeId(id)
                    .eventTimeNs(transactMs * 1_000_000L)
                    .receivedTimeNs(receivedNs);
            return null;
        } catch (NumberFormatException e) {
            return field + ": " + e.getMessage() + " (instrument " + instrument.symbol() + " has "
                    + instrument.priceDecimals() + " price and " + instrument.sizeDecimals() + " size decimals)";
        }
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
