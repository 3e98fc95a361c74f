package io.aquatrade.fakebinance;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The REST faults fake-binance can inject, set by {@code --fault NAME[=VALUE]} or at run time by
 * {@code POST /fake/fault?name=NAME&value=VALUE}. Counters count down as faults are served; 0 turns one off.
 * <ul>
 *   <li>{@code http429=N}: the next N signed requests answer 429 -1003 with {@code Retry-After: 1}; a request that
 *       comes before that back-off ended (server time) earns a 418 ban of 2 s, as Binance bans clients that ignore
 *       a 429 (Binance's bans start at 2 minutes);</li>
 *   <li>{@code http418=S}: an IP ban of S seconds from now: every {@code /api} and {@code /sapi} request answers 418
 *       -1003 with {@code Retry-After} (seconds left) until it ends;</li>
 *   <li>{@code timeoutAfterTake=N}: the next N order placements are taken by the matching engine, then the
 *       connection is closed without an answer (a cancel-replace whose new order was placed is a placement here;
 *       the {@code reject} faults act on {@code POST /api/v3/order} only);</li>
 *   <li>{@code http5xxAfterTake=N}: the next N placements are taken, then answered with an HTTP 5xx: the odd ones
 *       (first, third...) 503 with no body, the even ones 500 -1007 "Timeout waiting for response from backend
 *       server. Send status unknown; execution status unknown.";</li>
 *   <li>{@code clockSkewMs=M}: the server's clock ({@code /api/v3/time}, the timestamp check of signed requests)
 *       runs M ms ahead of the machine's (negative: behind); persistent until set again;</li>
 *   <li>{@code reject2010=N}: the next N placements are refused with -2010 "Account has insufficient balance for
 *       requested action." before reaching the matching engine;</li>
 *   <li>{@code reject1013=N}: the next N placements are refused with -1013 "Filter failure: NOTIONAL";</li>
 *   <li>{@code partialFills=K}: from now on a taker order's fill against the book ticker is split into K trades
 *       (each a whole number of LOT_SIZE steps, the last one the rest); 1 or 0 turns it off;</li>
 *   <li>{@code lateMatchMs=M}: the next order placement ({@code POST /api/v3/order}) passes the checks made before
 *       the matching engine (parameters, filters), is answered at once HTTP 408 -1007 "Timeout waiting for response
 *       from backend server. Send status unknown; execution status unknown." and is taken by the matching engine M
 *       ms later by the server's clock, however late that is: Binance checks {@code recvWindow} before it forwards
 *       a request to its matching engine, not when the engine takes it, and -1007 means the engine did not answer
 *       within the API's 10 s (binance-spot-api-docs: rest-api.md "Timing security", errors.md -1007). One
 *       placement per setting; 0 turns a pending setting off (a placement already held is still taken).</li>
 * </ul>
 * Thread-safe (the server's event loop and the fault endpoint's callers).
 */
public final class RestFaults {
    /** The fault names this class knows. */
    public static final List<String> NAMES = List.of("http429", "http418", "timeoutAfterTake", "http5xxAfterTake",
            "clockSkewMs", "reject2010", "reject1013", "partialFills", "lateMatchMs");
    /** Retry-After of a fault 429, seconds. */
    static final long RETRY_AFTER_429_S = 1;
    /** The ban earned by a request during a 429's back-off, seconds. */
    static final long BAN_AFTER_IGNORED_429_S = 2;

    private final FakeExchange exchange;
    private int http429;
    private long backoffUntilMs = Long.MIN_VALUE;
    private long bannedUntilMs = Long.MIN_VALUE;
    private int timeoutAfterTake;
    private int http5xxAfterTake;
    private int http5xxServed;
    private long clockSkewMs;
    private int reject2010;
    private int reject1013;
    private long requests;
    private long refusedDuringBan;
    /** The delay of the next placement's late match, ms; 0: none pending. */
    private long lateMatchMs;
    /** Placements answered -1007 and not yet taken by the matching engine, in arrival order. */
    private final List<LateMatch> lateMatches = new ArrayList<>();

    /**
     * A placement held back from the matching engine ({@code lateMatchMs}).
     *
     * @param params its request parameters
     * @param dueMs  when the matching engine takes it, server clock, UTC epoch ms
     */
    record LateMatch(Map<String, String> params, long dueMs) {
    }

    /** @param exchange the exchange whose clock and matching the faults act on */
    RestFaults(FakeExchange exchange) {
        this.exchange = exchange;
    }

    /**
     * Sets a fault.
     *
     * @param name  one of {@link #NAMES}
     * @param value its value (a whole number; see the class comment)
     * @return false if the name is not one of this class's (another fault family may know it)
     * @throws IllegalArgumentException naming the fault if the value is not a whole number in range
     */
    public synchronized boolean set(String name, String value) {
        if (!NAMES.contains(name)) {
            return false;
        }
        long v;
        try {
            v = Long.parseLong(value == null ? "" : value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("fault " + name + ": a whole number, got '" + value + "'");
        }
        if (name.equals("lateMatchMs")) {
            if (v < 0) {
                throw new IllegalArgumentException("fault lateMatchMs: a delay of 0 ms or more, got " + value);
            }
            lateMatchMs = v;
            return true;
        }
        if ((v < 0 && !name.equals("clockSkewMs")) || Math.abs(v) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("fault " + name + ": 0.." + Integer.MAX_VALUE + ", got " + value);
        }
        int n = (int) v;
        switch (name) {
            case "http429" -> http429 = n;
            case "http418" -> bannedUntilMs = n == 0 ? Long.MIN_VALUE : exchange.serverTimeMs() + n * 1000L;
            case "timeoutAfterTake" -> timeoutAfterTake = n;
            case "http5xxAfterTake" -> http5xxAfterTake = n;
            case "clockSkewMs" -> clockSkewMs = v;
            case "reject2010" -> reject2010 = n;
            case "reject1013" -> reject1013 = n;
            default -> exchange.takerSplits(Math.max(1, n)); // partialFills
        }
        return true;
    }

    /** @return the server's clock, the machine's plus {@code clockSkewMs}, UTC epoch ms */
    public synchronized long serverNowMs() {
        return exchange.serverTimeMs() + clockSkewMs;
    }

    /** @return {@code /api} and {@code /sapi} requests received since start, banned ones included */
    public synchronized long requests() {
        return requests;
    }

    /** @return requests answered 418 because a ban was in force */
    public synchronized long refusedDuringBan() {
        return refusedDuringBan;
    }

    /** @return whether a 429's back-off or a ban is in force now */
    public synchronized boolean backingOff() {
        long now = exchange.serverTimeMs();
        return now < backoffUntilMs || now < bannedUntilMs;
    }

    /**
     * Every {@code /api} and {@code /sapi} request, first: counts it; refuses it with 418 during a ban, and bans a
     * request that comes during a 429's back-off.
     *
     * @param headers the answer's headers, to which {@code Retry-After} is added
     * @throws BinanceError 418 during a ban
     */
    synchronized void onRequest(Map<String, String> headers) {
        requests++;
        long now = exchange.serverTimeMs();
        if (now < backoffUntilMs) {
            backoffUntilMs = Long.MIN_VALUE;
            bannedUntilMs = Math.max(bannedUntilMs, now + BAN_AFTER_IGNORED_429_S * 1000L);
        }
        if (now < bannedUntilMs) {
            refusedDuringBan++;
            long leftS = Math.max(1, (bannedUntilMs - now + 999) / 1000);
            headers.put("Retry-After", Long.toString(leftS));
            throw new BinanceError(418, -1003, "Way too much request weight used; IP banned until "
                    + bannedUntilMs + ". Please use WebSocket Streams for live updates to avoid bans.");
        }
    }

    /**
     * A signed request, after its weight is counted: a pending {@code http429} refuses it.
     *
     * @param headers the answer's headers, to which {@code Retry-After} is added
     * @throws BinanceError 429 -1003
     */
    synchronized void onSigned(Map<String, String> headers) {
        if (http429 > 0) {
            http429--;
            backoffUntilMs = exchange.serverTimeMs() + RETRY_AFTER_429_S * 1000L;
            headers.put("Retry-After", Long.toString(RETRY_AFTER_429_S));
            throw new BinanceError(429, -1003, "Too much request weight used; current limit is "
                    + FakeBinanceServer.WEIGHT_LIMIT_1M + " request weight per 1 MINUTE. Please use WebSocket "
                    + "Streams for live updates to avoid polling the API.");
        }
    }

    /**
     * An order placement, before the matching engine: a pending reject refuses it.
     *
     * @throws BinanceError -2010 or -1013
     */
    synchronized void beforePlacement() {
        if (reject2010 > 0) {
            reject2010--;
            throw BinanceError.badRequest(-2010, "Account has insufficient balance for requested action.");
        }
        if (reject1013 > 0) {
            reject1013--;
            throw BinanceError.badRequest(-1013, "Filter failure: NOTIONAL");
        }
    }

    /**
     * An order placement that passed the checks before the matching engine: with {@code lateMatchMs} pending it is
     * held for the matching engine to take later ({@link #dueLateMatches}) and answered 408 -1007 now.
     *
     * @param params the placement's request parameters
     * @param checks the checks Binance makes before its matching engine (parameters, filters): a refusal is
     *               answered at once, and nothing is held
     * @throws BinanceError 408 -1007 if it is held; the checks' refusal
     */
    synchronized void holdForLateMatch(Map<String, String> params,
                                       java.util.function.Consumer<Map<String, String>> checks) {
        if (lateMatchMs <= 0) {
            return;
        }
        checks.accept(params);
        lateMatches.add(new LateMatch(new HashMap<>(params), exchange.serverTimeMs() + lateMatchMs));
        lateMatchMs = 0;
        throw new BinanceError(408, -1007, "Timeout waiting for response from backend server. Send status unknown; "
                + "execution status unknown.");
    }

    /**
     * Takes the held placements whose time came off the list.
     *
     * @param all true: every held placement, due or not (a test that moves the matching engine on by hand)
     * @return their request parameters, in arrival order
     */
    synchronized List<Map<String, String>> dueLateMatches(boolean all) {
        List<Map<String, String>> due = new ArrayList<>();
        long now = exchange.serverTimeMs();
        for (java.util.Iterator<LateMatch> it = lateMatches.iterator(); it.hasNext(); ) {
            LateMatch m = it.next();
            if (all || m.dueMs() <= now) {
                due.add(m.params());
                it.remove();
            }
        }
        return due;
    }

    /**
     * An order placement the matching engine took: a pending fault replaces its answer.
     *
     * @throws Unanswered to close the connection without an answer, or to answer a bare 5xx
     * @throws BinanceError 500 -1007
     */
    synchronized void afterTake() {
        if (timeoutAfterTake > 0) {
            timeoutAfterTake--;
            throw new Unanswered(0);
        }
        if (http5xxAfterTake > 0) {
            http5xxAfterTake--;
            if (++http5xxServed % 2 == 1) {
                throw new Unanswered(503);
            }
            throw new BinanceError(500, -1007, "Timeout waiting for response from backend server. Send status "
                    + "unknown; execution status unknown.");
        }
    }

    /** A request answered by no Binance error body: a closed connection (status 0) or a bare HTTP status. */
    static final class Unanswered extends RuntimeException {
        final int httpStatus;

        Unanswered(int httpStatus) {
            super(null, null, false, false);
            this.httpStatus = httpStatus;
        }
    }
}
