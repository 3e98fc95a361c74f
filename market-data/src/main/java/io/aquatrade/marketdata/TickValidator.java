package io.aquatrade.marketdata;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLongArray;

import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.Instrument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one gate every tick passes before it may reach the {@code market-data} topic: each replay reader
 * ({@link io.aquatrade.marketdata.replay.TickFileReader}, one validator per file) and the live Binance source (one
 * per connection set) parse a message, report what cannot be parsed with {@link #reject}, and hand every parsed tick
 * to {@link #trade} or {@link #quote}, which say whether to publish it. Same class, same rules, same counters for
 * replay and live.
 *
 * <h2>Rules, in the order they are checked</h2>
 * A tick that breaks one of these is <em>rejected</em> (counted by {@link Reason}, never published):
 * <ol>
 *   <li>Prices, quantities and sizes above 0 ({@link Reason#NOT_POSITIVE}); a trade quantity at most the
 *       instrument's {@link Instrument#maxQuantity()} ({@link Reason#ABOVE_MAX_QUANTITY}); the notional price times
 *       quantity (and bid/ask times its size), in the quote asset at the instrument's {@code priceDecimals}, fits a
 *       {@code long} mantissa ({@link Reason#NOTIONAL_OVERFLOW}), so that no value downstream starts from an
 *       unrepresentable one.</li>
 *   <li>A quote's bid below its ask ({@link Reason#CROSSED_QUOTE}).</li>
 *   <li>Time: no event time before 2009-01-03 (the first block of Bitcoin; {@link Reason#TIME_IMPLAUSIBLE}). When the
 *       tick has a receive time (live, and captures that recorded one), its event time is at most
 *       {@code maxClockSkewMs} from it ({@link Reason#CLOCK_SKEW}). When it has none (trade lists, aggTrades CSV),
 *       it is compared with the stream's watermark, the latest event time published from this validator: more than
 *       {@code maxClockSkewMs} earlier is rejected ({@link Reason#TIME_BACKWARDS}).</li>
 *   <li>A trade id below 0 ({@link Reason#NEGATIVE_TRADE_ID}: venues number trades from 0 up, and the validator
 *       marks a quote's missing id with {@code Long.MIN_VALUE}); a trade id seen among the instrument's last
 *       {@value #TRADE_ID_WINDOW} published trade ids (or held) ({@link Reason#DUPLICATE_TRADE_ID}). Memory:
 *       {@code 3 * 16,384} longs per instrument that has traded.</li>
 * </ol>
 * A tick that passes them may still be <em>suspect</em>, and is then held (one per instrument) until the next
 * valid tick of its instrument confirms it:
 * <ul>
 *   <li>price: its price (a quote: its bid and its ask) lies further than {@code maxJumpBps} from the instrument's
 *       reference level (the last published trade price or quote mid). The next tick confirms it when that tick's
 *       price(s) lie within {@code maxJumpBps} of the held tick's level; else the held tick is dropped
 *       ({@link Reason#PRICE_JUMP}). So one absurd print is dropped and a real move of more than
 *       {@code maxJumpBps} costs one tick of delay. The first tick of an instrument has no reference and is not held
 *       for its price (holding it would reorder a live stream at every start); should it be absurd, it is the only
 *       one that passes: the real ticks after it jump from it, and each is confirmed by the next;</li>
 *   <li>time, for ticks without receive time only: its event time is more than {@code maxClockSkewMs} after the
 *       watermark (an illiquid market's gap, or a trade stamped in 2100), or the stream has no watermark yet (its
 *       first tick). The next tick confirms it unless it lies more than {@code maxClockSkewMs} before it; else the
 *       held tick is dropped ({@link Reason#TIME_LEAP}). So one bad time can never move the clock.</li>
 * </ul>
 * Ticks that are themselves rejected neither confirm nor deny a held tick. After a held tick is resolved the current
 * tick is judged against the updated reference. At the end of a replay ({@link #endOfStream}) a tick held for its
 * time only is published (nothing contradicts it), one held for its price is dropped.
 *
 * <h2>Counting and logging</h2>
 * Every rejection is counted by reason ({@link #rejectedCount}); the first {@value #LOGGED_PER_REASON} of each
 * reason are logged at WARN with the stream's name and the position the caller gives (file and line or record;
 * message number and receive time), the later ones only counted. {@link #reject} and the counters are thread-safe
 * (a live source rejects unparsable frames on its I/O threads); {@link #trade}, {@link #quote} and
 * {@link #endOfStream} are for one thread only. Nothing is allocated on the path that accepts a tick, nor on the
 * path that rejects a tick or drops a held one once its reason's first {@value #LOGGED_PER_REASON} are logged: the
 * text of a log line is built only when the line is written, so a flood of bad ticks costs counts only. (Holding a
 * suspect tick keeps its position text while the hold's reasons may still be logged.) {@link #reject} takes a text
 * its caller has built: it is for messages that could not be parsed, whose parsing has allocated anyway.
 */
public final class TickValidator {
    /** Trade ids remembered per instrument for duplicate detection. */
    public static final int TRADE_ID_WINDOW = 16_384;
    /** Rejections logged one by one per reason; later ones are only counted. */
    public static final int LOGGED_PER_REASON = 10;
    /** 2009-01-03T00:00:00Z in epoch ns: no crypto trade is older than Bitcoin's first block. */
    public static final long EARLIEST_EVENT_TIME_NS = 1_230_940_800_000_000_000L;

    private static final Logger LOG = LoggerFactory.getLogger(TickValidator.class);
    private static final int SUSPECT_PRICE = 1;
    private static final int SUSPECT_TIME = 2;
    /** A quote's trade id: below every valid (non-negative) one, so never in a {@link TradeIdWindow}. */
    private static final long NO_ID = Long.MIN_VALUE;
    private static final long NONE = Long.MIN_VALUE;

    /** Why a message or tick was not published. The config-facing name is the lower-case, dashed form. */
    public enum Reason {
        /** Not parseable at all: broken or truncated JSON/CSV, trailing garbage, plain garbage, wrong shape. */
        SYNTAX,
        /** A JSON object with a key twice ({@code "p":"1","p":"61800.00"}). */
        DUPLICATE_KEY,
        /** A field the message needs is absent. */
        MISSING_FIELD,
        /** A field of the wrong JSON type (a number where a decimal string belongs, an object for a flag...). */
        WRONG_TYPE,
        /** Stream, event type and symbol disagree ({@code btcusdt@trade} carrying {@code "s":"ETHUSDT"}). */
        MISMATCH,
        /** Not a plain decimal: NaN, Infinity, letters, an exponent form the format does not allow. */
        NOT_A_NUMBER,
        /** More decimals than the instrument's scale (it would have to be rounded). */
        TOO_MANY_DECIMALS,
        /** Does not fit a {@code long} mantissa at the instrument's scale (e.g. 92233720368547.75807 at 5). */
        OUT_OF_RANGE,
        /** A price, quantity or size of zero or below. */
        NOT_POSITIVE,
        /** Price times quantity, in the quote asset at {@code priceDecimals}, does not fit a {@code long}. */
        NOTIONAL_OVERFLOW,
        /** A trade quantity above the instrument's {@code maxQuantity}. */
        ABOVE_MAX_QUANTITY,
        /** A quote whose bid is not below its ask. */
        CROSSED_QUOTE,
        /** An event time before 2009-01-03 (or a capture whose first receive time is before 1973 in ns, us and ms). */
        TIME_IMPLAUSIBLE,
        /** Event time further than {@code maxClockSkewMs} from the receive time. */
        CLOCK_SKEW,
        /** (No receive time) event time more than {@code maxClockSkewMs} before the stream's watermark. */
        TIME_BACKWARDS,
        /** (No receive time) held for a leap ahead of the watermark and contradicted by the next tick. */
        TIME_LEAP,
        /** A trade id below 0: venues number trades from 0 up. */
        NEGATIVE_TRADE_ID,
        /** The trade id was already published (or is held) for the instrument. */
        DUPLICATE_TRADE_ID,
        /** Held for a price further than {@code maxJumpBps} from the reference and not confirmed. */
        PRICE_JUMP;

        /** @return e.g. {@code duplicate-trade-id} */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        /**
         * Classifies a decimal that did not parse, from its text alone (never from an exception's wording, which a
         * library may change): {@link #NOT_A_NUMBER} if it is not a plain decimal (an optional {@code -}, digits with
         * at most one {@code .}, at least one digit, as {@link FixedPoint#parse} reads them; with
         * {@code exponentAllowed} also an exponent of 1 or 2 digits, as the replay's trade-list parse reads them:
         * NaN, Infinity, a leading {@code +}, letters are not), else {@link #TOO_MANY_DECIMALS} if it has a non-zero
         * digit beyond {@code decimals}, else {@link #OUT_OF_RANGE} (its mantissa does not fit a {@code long}). A
         * text with both of the last two faults counts as {@link #TOO_MANY_DECIMALS}.
         *
         * @param text            holds the decimal
         * @param start           its first char
         * @param end             one past its last char
         * @param decimals        the scale it was parsed at, 0 .. 18
         * @param exponentAllowed whether the parse took an exponent form ({@code 1e-05})
         * @return why it did not parse, assuming it did not
         */
        public static Reason ofDecimal(CharSequence text, int start, int end, int decimals,
                                       boolean exponentAllowed) {
            int i = start < end && text.charAt(start) == '-' ? start + 1 : start;
            boolean digit = false;
            boolean point = false;
            for (; i < end; i++) {
                char c = text.charAt(i);
                if (c >= '0' && c <= '9') {
                    digit = true;
                } else if (c == '.' && !point) {
                    point = true;
                } else {
                    break;
                }
            }
            if (!digit || i < end && !(exponentAllowed && isExponent(text, i, end))) {
                return NOT_A_NUMBER;
            }
            // A plain decimal (possibly with a short exponent): exact, and cheap at these lengths.
            BigDecimal value = new BigDecimal(text.subSequence(start, end).toString());
            return value.stripTrailingZeros().scale() > decimals ? TOO_MANY_DECIMALS : OUT_OF_RANGE;
        }

        /** @return true if {@code text[i, end)} is {@code e} or {@code E}, an optional sign, and 1 or 2 digits */
        private static boolean isExponent(CharSequence text, int i, int end) {
            if (text.charAt(i) != 'e' && text.charAt(i) != 'E') {
                return false;
            }
            int j = i + 1 < end && (text.charAt(i + 1) == '+' || text.charAt(i + 1) == '-') ? i + 2 : i + 1;
            if (end - j < 1 || end - j > 2) {
                return false;
            }
            for (; j < end; j++) {
                if (text.charAt(j) < '0' || text.charAt(j) > '9') {
                    return false;
                }
            }
            return true;
        }
    }

    /** What to do with a tick handed to {@link #trade}/{@link #quote}, and with the instrument's held tick. */
    public enum Outcome {
        /** Publish the tick. */
        ACCEPT(false, true, false),
        /** Keep the tick (a copy: the caller's object is reused) as the instrument's held tick; publish nothing. */
        HOLD(false, false, true),
        /** Drop the tick (counted). */
        REJECT(false, false, false),
        /** Publish the held tick, then this one. */
        RELEASE_HELD_THEN_ACCEPT(true, true, false),
        /** Publish the held tick, then hold this one in its place. */
        RELEASE_HELD_THEN_HOLD(true, false, true),
        /** Forget the held tick (counted), publish this one. */
        DROP_HELD_THEN_ACCEPT(false, true, false),
        /** Forget the held tick (counted), hold this one in its place. */
        DROP_HELD_THEN_HOLD(false, false, true);

        private final boolean releasesHeld;
        private final boolean accepts;
        private final boolean holds;

        Outcome(boolean releasesHeld, boolean accepts, boolean holds) {
            this.releasesHeld = releasesHeld;
            this.accepts = accepts;
            this.holds = holds;
        }

        /** @return true if the instrument's held tick is to be published now, before the current tick */
        public boolean releasesHeld() {
            return releasesHeld;
        }

        /** @return true if the current tick is to be published */
        public boolean accepts() {
            return accepts;
        }

        /** @return true if the current tick becomes the instrument's held tick */
        public boolean holds() {
            return holds;
        }

        private static Outcome of(int held, boolean hold) {
            return switch (held) {
                case 1 -> hold ? RELEASE_HELD_THEN_HOLD : RELEASE_HELD_THEN_ACCEPT;
                case 2 -> hold ? DROP_HELD_THEN_HOLD : DROP_HELD_THEN_ACCEPT;
                default -> hold ? HOLD : ACCEPT;
            };
        }
    }

    /**
     * The configurable limits.
     *
     * @param maxClockSkewMs {@code market-data.maxClockSkewMs}: largest distance of an event time from its receive
     *                       time, or below the stream's watermark, ms; 1 .. 86,400,000
     * @param maxJumpBps     {@code market-data.maxJumpBps}: largest move from the reference level accepted without
     *                       confirmation, basis points; 0 turns the check off; 0 .. 1,000,000
     */
    public record Limits(long maxClockSkewMs, int maxJumpBps) {
        /** Default {@code maxClockSkewMs}. */
        public static final long DEFAULT_MAX_CLOCK_SKEW_MS = 5000;
        /** Default {@code maxJumpBps}: 10 %. */
        public static final int DEFAULT_MAX_JUMP_BPS = 1000;
        /** Largest {@code maxClockSkewMs}: a day. */
        public static final long MAX_CLOCK_SKEW_MS = 86_400_000L;
        /** Largest {@code maxJumpBps}: 100 x. */
        public static final int MAX_JUMP_BPS = 1_000_000;
        /** The defaults. */
        public static final Limits DEFAULT = new Limits(DEFAULT_MAX_CLOCK_SKEW_MS, DEFAULT_MAX_JUMP_BPS);

        /** @throws IllegalArgumentException if a value is out of range (config reports it as a ConfigException) */
        public Limits {
            if (maxClockSkewMs < 1 || maxClockSkewMs > MAX_CLOCK_SKEW_MS) {
                throw new IllegalArgumentException("maxClockSkewMs must be 1.." + MAX_CLOCK_SKEW_MS + ", was "
                        + maxClockSkewMs);
            }
            if (maxJumpBps < 0 || maxJumpBps > MAX_JUMP_BPS) {
                throw new IllegalArgumentException("maxJumpBps must be 0.." + MAX_JUMP_BPS + ", was " + maxJumpBps);
            }
        }
    }

    /** Where a message was found, for the log line (built only when it is logged). */
    @FunctionalInterface
    public interface Where {
        /** @return e.g. "line 1234" or "message #17 received at 2024-08-08T23:54:15.123Z" */
        String position();
    }

    /** Per-instrument state. */
    private static final class Book {
        final Instrument instrument;
        TradeIdWindow ids;
        long level;
        boolean held;
        int heldSuspicion;
        long heldLevel;
        long heldEventTimeNs;
        long heldTradeId;
        String heldPosition;

        Book(Instrument instrument) {
            this.instrument = instrument;
        }
    }

    private final String stream;
    private final Book[] books;
    private final long skewNs;
    private final long maxJumpBps;
    private final AtomicLongArray counts = new AtomicLongArray(Reason.values().length);
    private long watermarkNs = NONE;

    /**
     * @param stream      names the stream in log lines (a file path, a websocket address)
     * @param instruments the instruments whose ticks may come
     * @param limits      the configured limits
     */
    public TickValidator(String stream, Collection<Instrument> instruments, Limits limits) {
        this.stream = Objects.requireNonNull(stream, "stream");
        List<Book> list = new ArrayList<>();
        for (Instrument i : instruments) {
            list.add(new Book(i));
        }
        this.books = list.toArray(new Book[0]);
        this.skewNs = Math.multiplyExact(limits.maxClockSkewMs(), 1_000_000L);
        this.maxJumpBps = limits.maxJumpBps();
    }

    /**
     * Looks an instrument up, once per tick: {@link #trade} and {@link #quote} take the index.
     *
     * @return the index of the instrument among those given at construction (the key of its held tick)
     * @throws IllegalArgumentException if it was not given
     */
    public int indexOf(Instrument instrument) {
        for (int i = 0; i < books.length; i++) {
            if (books[i].instrument == instrument) {
                return i;
            }
        }
        for (int i = 0; i < books.length; i++) {
            if (books[i].instrument.symbol().equals(instrument.symbol())) {
                return i;
            }
        }
        throw new IllegalArgumentException("instrument " + instrument.symbol() + " is not validated by " + stream);
    }

    /** @return the number of instruments (indexes 0 .. n-1) */
    public int instrumentCount() {
        return books.length;
    }

    /**
     * Judges a parsed trade.
     *
     * @param index          its instrument's {@link #indexOf index} (looked up once by the caller)
     * @param price          mantissa at the instrument's {@code priceDecimals}
     * @param quantity       mantissa at its {@code sizeDecimals}
     * @param tradeId        the venue's trade id, &gt;= 0 (a negative one is rejected)
     * @param eventTimeNs    the venue's trade time, UTC epoch ns
     * @param receivedTimeNs when it was received, UTC epoch ns; 0 if the source does not know
     * @param where          its position, asked only if a log line is written
     * @return what to do with it and with the instrument's held tick
     * @throws ArrayIndexOutOfBoundsException if {@code index} is not an instrument's index
     */
    public Outcome trade(int index, long price, long quantity, long tradeId, long eventTimeNs,
                         long receivedTimeNs, Where where) {
        Book b = books[index];
        Instrument instrument = b.instrument;
        Reason r;
        if (price <= 0 || quantity <= 0) {
            r = Reason.NOT_POSITIVE;
        } else if (quantity > instrument.maxQuantity()) {
            r = Reason.ABOVE_MAX_QUANTITY;
        } else if (!notionalFits(price, quantity, instrument)) {
            r = Reason.NOTIONAL_OVERFLOW;
        } else {
            r = checkTime(eventTimeNs, receivedTimeNs);
        }
        if (r == null && tradeId < 0) {
            r = Reason.NEGATIVE_TRADE_ID;
        } else if (r == null && (b.held && b.heldTradeId == tradeId || b.ids != null && b.ids.contains(tradeId))) {
            r = Reason.DUPLICATE_TRADE_ID;
        }
        if (r != null) {
            long n = count(r);
            if (n <= LOGGED_PER_REASON) {
                log(r, n, where, instrument.symbol() + " trade id " + tradeId + " price "
                        + instrument.formatPrice(price) + " quantity " + instrument.formatSize(quantity) + " time "
                        + eventTimeNs + " ns received " + receivedTimeNs + " ns");
            }
            return Outcome.REJECT;
        }
        return decide(b, price, price, price, tradeId, eventTimeNs, receivedTimeNs, where);
    }

    /**
     * Judges a parsed quote (best bid and ask).
     *
     * @param index          its instrument's {@link #indexOf index} (looked up once by the caller)
     * @param bidPrice       mantissa at {@code priceDecimals}
     * @param bidSize        mantissa at {@code sizeDecimals}
     * @param askPrice       mantissa at {@code priceDecimals}
     * @param askSize        mantissa at {@code sizeDecimals}
     * @param eventTimeNs    its event time, UTC epoch ns
     * @param receivedTimeNs when it was received, UTC epoch ns; 0 if the source does not know
     * @param where          its position, asked only if a log line is written
     * @return what to do with it and with the instrument's held tick
     * @throws ArrayIndexOutOfBoundsException if {@code index} is not an instrument's index
     */
    public Outcome quote(int index, long bidPrice, long bidSize, long askPrice, long askSize,
                         long eventTimeNs, long receivedTimeNs, Where where) {
        Book b = books[index];
        Instrument instrument = b.instrument;
        Reason r;
        if (bidPrice <= 0 || bidSize <= 0 || askPrice <= 0 || askSize <= 0) {
            r = Reason.NOT_POSITIVE;
        } else if (!notionalFits(bidPrice, bidSize, instrument) || !notionalFits(askPrice, askSize, instrument)) {
            r = Reason.NOTIONAL_OVERFLOW;
        } else if (bidPrice >= askPrice) {
            r = Reason.CROSSED_QUOTE;
        } else {
            r = checkTime(eventTimeNs, receivedTimeNs);
        }
        if (r != null) {
            long n = count(r);
            if (n <= LOGGED_PER_REASON) {
                log(r, n, where, instrument.symbol() + " quote bid " + instrument.formatPrice(bidPrice) + " x "
                        + instrument.formatSize(bidSize) + " ask " + instrument.formatPrice(askPrice) + " x "
                        + instrument.formatSize(askSize) + " time " + eventTimeNs + " ns received " + receivedTimeNs
                        + " ns");
            }
            return Outcome.REJECT;
        }
        long mid = bidPrice + (askPrice - bidPrice) / 2;
        return decide(b, mid, bidPrice, askPrice, NO_ID, eventTimeNs, receivedTimeNs, where);
    }

    /**
     * Ends the stream for one instrument: resolves its held tick, if any.
     *
     * @param index the instrument's {@link #indexOf index}
     * @return true if the held tick is to be published (it was held for its time only); false if there was none or
     * it was dropped (counted)
     */
    public boolean endOfStream(int index) {
        Book b = books[index];
        if (!b.held) {
            return false;
        }
        if (b.heldSuspicion == SUSPECT_TIME) {
            release(b);
            return true;
        }
        drop(b, Reason.PRICE_JUMP, null);
        return false;
    }

    /** @return true if the instrument at {@code index} has a held tick */
    public boolean holds(int index) {
        return books[index].held;
    }

    /**
     * Counts (and logs, if among the first of its reason) a message that could not be parsed into a tick.
     * Thread-safe.
     *
     * @param reason what is wrong
     * @param where  its position
     * @param detail what exactly, naming the field
     */
    public void reject(Reason reason, Where where, String detail) {
        long n = count(reason);
        if (n <= LOGGED_PER_REASON) {
            log(reason, n, where, detail);
        }
    }

    /** @return rejections of one reason so far (a dropped held tick counts once, under its hold's reason) */
    public long rejectedCount(Reason reason) {
        return counts.get(reason.ordinal());
    }

    /** @return all rejections so far */
    public long rejectedCount() {
        long n = 0;
        for (int i = 0; i < counts.length(); i++) {
            n += counts.get(i);
        }
        return n;
    }

    /** @return the non-zero counts, e.g. {@code "duplicate-trade-id=2 price-jump=1"}, or "none" */
    public String summary() {
        return summary(this::rejectedCount);
    }

    /**
     * @param counts rejections by reason
     * @return the non-zero counts as {@code label=count} separated by spaces, or "none"
     */
    public static String summary(java.util.function.ToLongFunction<Reason> counts) {
        StringBuilder s = new StringBuilder();
        for (Reason r : Reason.values()) {
            long n = counts.applyAsLong(r);
            if (n > 0) {
                s.append(s.length() == 0 ? "" : " ").append(r.label()).append('=').append(n);
            }
        }
        return s.length() == 0 ? "none" : s.toString();
    }

    private Reason checkTime(long eventTimeNs, long receivedTimeNs) {
        if (eventTimeNs < EARLIEST_EVENT_TIME_NS) {
            return Reason.TIME_IMPLAUSIBLE;
        }
        if (receivedTimeNs > 0) {
            return Math.abs(eventTimeNs - receivedTimeNs) > skewNs ? Reason.CLOCK_SKEW : null;
        }
        if (watermarkNs != NONE && eventTimeNs < watermarkNs - skewNs) {
            return Reason.TIME_BACKWARDS;
        }
        return null;
    }

    /** The tick passed every rule: resolve the held tick, then publish or hold this one. */
    private Outcome decide(Book b, long level, long low, long high, long tradeId, long eventTimeNs,
                           long receivedTimeNs, Where where) {
        int heldResult = 0;
        if (b.held) {
            boolean timeContradicted = (b.heldSuspicion & SUSPECT_TIME) != 0
                    && eventTimeNs < b.heldEventTimeNs - skewNs;
            boolean priceContradicted = (b.heldSuspicion & SUSPECT_PRICE) != 0 && jumps(b.heldLevel, low, high);
            if (timeContradicted || priceContradicted) {
                drop(b, timeContradicted ? Reason.TIME_LEAP : Reason.PRICE_JUMP, where);
                heldResult = 2;
            } else {
                release(b);
                heldResult = 1;
            }
        }
        int suspicion = 0;
        if (b.level != 0 && jumps(b.level, low, high)) {
            suspicion |= SUSPECT_PRICE;
        }
        if (receivedTimeNs <= 0 && (watermarkNs == NONE || eventTimeNs > watermarkNs + skewNs)) {
            suspicion |= SUSPECT_TIME;
        }
        if (suspicion == 0) {
            publish(b, level, tradeId, eventTimeNs);
            return Outcome.of(heldResult, false);
        }
        b.held = true;
        b.heldSuspicion = suspicion;
        b.heldLevel = level;
        b.heldEventTimeNs = eventTimeNs;
        b.heldTradeId = tradeId;
        b.heldPosition = counts.get(Reason.TIME_LEAP.ordinal()) < LOGGED_PER_REASON
                || counts.get(Reason.PRICE_JUMP.ordinal()) < LOGGED_PER_REASON ? where.position() : null;
        return Outcome.of(heldResult, true);
    }

    private void release(Book b) {
        b.held = false;
        publish(b, b.heldLevel, b.heldTradeId, b.heldEventTimeNs);
    }

    /**
     * Forgets the held tick and counts it under {@code r}.
     *
     * @param next the tick that contradicted it, or null at the end of the stream
     */
    private void drop(Book b, Reason r, Where next) {
        b.held = false;
        long n = count(r);
        if (n <= LOGGED_PER_REASON) {
            Instrument i = b.instrument;
            String heldAt = b.heldPosition == null ? "(position not kept)" : b.heldPosition;
            log(r, n, () -> heldAt, i.symbol() + " tick at level " + i.formatPrice(b.heldLevel) + " (reference "
                    + i.formatPrice(b.level) + ") time " + b.heldEventTimeNs + " ns held and dropped: "
                    + (next == null ? "not confirmed before the end of the stream"
                    : "contradicted by the next tick at " + next.position()));
        }
    }

    private void publish(Book b, long level, long tradeId, long eventTimeNs) {
        b.level = level;
        if (watermarkNs == NONE || eventTimeNs > watermarkNs) {
            watermarkNs = eventTimeNs;
        }
        if (tradeId != NO_ID) {
            if (b.ids == null) {
                b.ids = new TradeIdWindow(TRADE_ID_WINDOW);
            }
            b.ids.add(tradeId);
        }
    }

    /**
     * Counts one rejection. Allocates nothing: the caller builds the log line's text only when the count is at most
     * {@link #LOGGED_PER_REASON}, and then calls {@link #log}.
     *
     * @return the rejection's number within its reason, from 1
     */
    private long count(Reason r) {
        return counts.incrementAndGet(r.ordinal());
    }

    /** Logs the {@code n}-th rejection of reason {@code r} (one of the first {@link #LOGGED_PER_REASON}) at WARN. */
    private void log(Reason r, long n, Where where, String detail) {
        LOG.warn("{}: {}: rejected ({}): {}{}", stream, where.position(), r.label(), detail,
                n == LOGGED_PER_REASON ? " (further " + r.label() + " rejections of this stream are only counted)"
                        : "");
    }

    /** @return true if {@code x} or {@code y} lies further than maxJumpBps from {@code reference} */
    private boolean jumps(long reference, long x, long y) {
        return maxJumpBps > 0 && (beyond(reference, x) || beyond(reference, y));
    }

    /** @return {@code |x - reference| * 10,000 > maxJumpBps * reference}, exactly (128-bit products) */
    private boolean beyond(long reference, long x) {
        long diff = x >= reference ? x - reference : reference - x;
        return compareProducts(diff, 10_000L, maxJumpBps, reference) > 0;
    }

    /** Compares {@code a * b} with {@code c * d} exactly, for non-negative operands. */
    static int compareProducts(long a, long b, long c, long d) {
        long hi1 = Math.multiplyHigh(a, b);
        long hi2 = Math.multiplyHigh(c, d);
        if (hi1 != hi2) {
            return Long.compare(hi1, hi2);
        }
        return Long.compareUnsigned(a * b, c * d);
    }

    /**
     * @return true if the notional {@code price * quantity}, in the quote asset at the instrument's
     * {@code priceDecimals} (the product's {@code priceDecimals + sizeDecimals} scale less {@code sizeDecimals}),
     * fits a long: {@code price * quantity <= Long.MAX_VALUE * 10^sizeDecimals}, compared exactly
     */
    static boolean notionalFits(long price, long quantity, Instrument instrument) {
        return compareProducts(price, quantity, Long.MAX_VALUE, FixedPoint.pow10(instrument.sizeDecimals())) <= 0;
    }
}
