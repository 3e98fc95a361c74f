package io.aquatrade.common;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;

/**
 * Binance's REST rate limits as one process sees them: the budgets of {@code exchangeInfo.rateLimits}
 * (REQUEST_WEIGHT and ORDERS per interval), the usage Binance reports in every answer's
 * {@code X-MBX-USED-WEIGHT-<n><unit>} and {@code X-MBX-ORDER-COUNT-<n><unit>} headers (Binance counts weight per IP,
 * so the headers carry every process's use), the back-off of a 429 and the ban of a 418, both for their
 * {@code Retry-After} seconds. See Binance's "LIMITS" section of the REST API (rest-api.md).
 *
 * <p>Callers ask {@link #tryAcquire(int, int)} before a request and leave it for later when it says no: a request is
 * allowed while no back-off or ban is in force and its weight (and order count) keeps every budget at or below
 * {@link #HEADROOM} of its limit. Usage read from a header counts in the interval of this budget's clock in which it
 * was read (intervals aligned on the epoch, as Binance's); a new interval starts from 0. Requests are not counted
 * by this class: Binance's headers say what was used, right after each answer ({@link #observe}).
 *
 * <p>Thread-safe: one instance may be fed by the HTTP client's threads ({@link RestHeaderTap}).
 */
public final class RestBudget {
    private static final Logger LOG = LoggerFactory.getLogger(RestBudget.class);
    /** The marker of alert-level log lines (a 418 ban). */
    public static final Marker ALERT = MarkerFactory.getMarker("ALERT");
    /** The share of each limit this budget lets requests use, leaving the rest to other processes' next ones. */
    public static final double HEADROOM = 0.9;

    /** A rate limit's kind, as exchangeInfo names it. */
    public enum Kind {
        /** Request weight, header {@code X-MBX-USED-WEIGHT-*}. */
        REQUEST_WEIGHT,
        /** New orders, header {@code X-MBX-ORDER-COUNT-*}. */
        ORDERS
    }

    /**
     * One of {@code exchangeInfo.rateLimits}.
     *
     * @param kind        what it counts
     * @param intervalNum the interval's length in {@code unit}s, &gt; 0
     * @param unit        the interval's unit: SECOND, MINUTE, HOUR or DAY
     * @param limit       the most allowed per interval, &gt; 0
     */
    public record Limit(Kind kind, int intervalNum, String unit, long limit) {
        /** @throws IllegalArgumentException on a value out of range or an unknown unit */
        public Limit {
            if (intervalNum <= 0 || limit <= 0) {
                throw new IllegalArgumentException("rate limit " + kind + " " + intervalNum + " " + unit + ": "
                        + "interval and limit > 0, limit was " + limit);
            }
            unitMs(unit);
        }

        /** @return the interval, ms */
        public long intervalMs() {
            return Math.multiplyExact(intervalNum, unitMs(unit));
        }

        /** @return the header suffix Binance uses for this interval, e.g. {@code 1M}, {@code 10S}, {@code 1D} */
        public String headerSuffix() {
            return intervalNum + unit.substring(0, 1).toUpperCase(Locale.ROOT);
        }

        private static long unitMs(String unit) {
            return switch (unit == null ? "" : unit.toUpperCase(Locale.ROOT)) {
                case "SECOND" -> 1000L;
                case "MINUTE" -> 60_000L;
                case "HOUR" -> 3_600_000L;
                case "DAY" -> 86_400_000L;
                default -> throw new IllegalArgumentException("rate limit interval: SECOND, MINUTE, HOUR or DAY, "
                        + "was " + unit);
            };
        }
    }

    private final String name;
    private final EpochClock clock;
    private final List<Window> windows = new ArrayList<>();
    private long backoffUntilNs = Long.MIN_VALUE;
    private long bannedUntilNs = Long.MIN_VALUE;
    private long deferred;
    private long http429;
    private long http418;

    /**
     * @param name  whose budget (for logs), e.g. {@code order-router binance}
     * @param clock the process clock: intervals, back-offs and bans
     */
    public RestBudget(String name, EpochClock clock) {
        this.name = name;
        this.clock = clock;
    }

    /**
     * Sets the limits (from {@code exchangeInfo}), keeping the usage already known of those that stay.
     *
     * @param limits the REQUEST_WEIGHT and ORDERS limits; others are not for this class
     */
    public synchronized void limits(List<Limit> limits) {
        List<Window> next = new ArrayList<>();
        for (Limit l : limits) {
            Window w = new Window(l);
            for (Window old : windows) {
                if (old.limit.kind() == l.kind() && old.limit.intervalMs() == l.intervalMs()) {
                    w.used = old.used;
                    w.index = old.index;
                }
            }
            next.add(w);
        }
        windows.clear();
        windows.addAll(next);
    }

    /** @return the limits in force */
    public synchronized List<Limit> limits() {
        return windows.stream().map(w -> w.limit).toList();
    }

    /**
     * Whether a request may go now; false counts one deferral.
     *
     * @param weight its request weight, &gt;= 0
     * @param orders new orders it places, 0 or 1
     * @return true if no back-off or ban is in force and it keeps every budget within {@link #HEADROOM}
     */
    public synchronized boolean tryAcquire(int weight, int orders) {
        long nowNs = clock.nowNs();
        boolean ok = nowNs >= backoffUntilNs && nowNs >= bannedUntilNs;
        for (Window w : windows) {
            long add = w.limit.kind() == Kind.REQUEST_WEIGHT ? weight : orders;
            if (add > 0 && w.usedAt(nowNs) + add > (long) (w.limit.limit() * HEADROOM)) {
                ok = false;
            }
        }
        if (!ok) {
            deferred++;
        }
        return ok;
    }

    /** @return whether a 418 ban is in force: no request at all may go */
    public synchronized boolean banned() {
        return clock.nowNs() < bannedUntilNs;
    }

    /** @return the time before which no request may go (a 429's back-off or a ban), UTC epoch ns; MIN_VALUE if none */
    public synchronized long blockedUntilNs() {
        return Math.max(backoffUntilNs, bannedUntilNs);
    }

    /**
     * Reads an answer's usage headers and status: {@code X-MBX-USED-WEIGHT-*} and {@code X-MBX-ORDER-COUNT-*}
     * (case-insensitive) set the usage of the matching interval; 429 stops requests for {@code Retry-After} seconds
     * (60 if absent or unreadable), 418 bans them as long, logged at ERROR with the {@link #ALERT} marker.
     *
     * @param httpStatus the answer's HTTP status
     * @param headers    its headers, values as received; a null key (the status line) is ignored
     */
    public synchronized void observe(int httpStatus, Map<String, List<String>> headers) {
        long nowNs = clock.nowNs();
        String retryAfter = null;
        for (Map.Entry<String, List<String>> h : headers.entrySet()) {
            if (h.getKey() == null || h.getValue() == null || h.getValue().isEmpty()) {
                continue;
            }
            String key = h.getKey().toUpperCase(Locale.ROOT);
            String value = h.getValue().get(0).trim();
            if (key.equals("RETRY-AFTER")) {
                retryAfter = value;
            } else if (key.startsWith("X-MBX-USED-WEIGHT-")) {
                use(Kind.REQUEST_WEIGHT, key.substring("X-MBX-USED-WEIGHT-".length()), value, nowNs);
            } else if (key.startsWith("X-MBX-ORDER-COUNT-")) {
                use(Kind.ORDERS, key.substring("X-MBX-ORDER-COUNT-".length()), value, nowNs);
            }
        }
        if (httpStatus == 429 || httpStatus == 418) {
            long seconds = 60;
            try {
                seconds = Math.max(1, Long.parseLong(retryAfter));
            } catch (NumberFormatException e) {
                LOG.warn("{}: HTTP {} without a readable Retry-After ({}): waiting {} s", name, httpStatus,
                        retryAfter, seconds);
            }
            long untilNs = Math.addExact(nowNs, Math.multiplyExact(seconds, 1_000_000_000L));
            if (httpStatus == 429) {
                http429++;
                backoffUntilNs = Math.max(backoffUntilNs, untilNs);
                LOG.warn("{}: HTTP 429 (request rate limit): no request for {} s (Retry-After)", name, seconds);
            } else {
                http418++;
                bannedUntilNs = Math.max(bannedUntilNs, untilNs);
                LOG.error(ALERT, "{}: HTTP 418: Binance banned this IP for {} s (Retry-After) after rate limits "
                        + "were broken; no request at all until the ban ends", name, seconds);
            }
        }
    }

    private void use(Kind kind, String suffix, String value, long nowNs) {
        long used;
        try {
            used = Long.parseLong(value);
        } catch (NumberFormatException e) {
            LOG.warn("{}: unreadable usage header {} {}: ignored", name, suffix, value);
            return;
        }
        for (Window w : windows) {
            if (w.limit.kind() == kind && w.limit.headerSuffix().equalsIgnoreCase(suffix)) {
                long index = nowNs / 1_000_000L / w.limit.intervalMs();
                if (index != w.index || used > w.used) {
                    w.used = used;
                }
                w.index = index;
            }
        }
    }

    /**
     * @param kind        the kind
     * @param headerSuffix e.g. {@code 1M}
     * @return the usage last read for that interval, 0 if it ended since, -1 if no such limit
     */
    public synchronized long used(Kind kind, String headerSuffix) {
        long nowNs = clock.nowNs();
        for (Window w : windows) {
            if (w.limit.kind() == kind && w.limit.headerSuffix().equalsIgnoreCase(headerSuffix)) {
                return w.usedAt(nowNs);
            }
        }
        return -1;
    }

    /** @return requests deferred since start (asked for while a budget, a back-off or a ban said no) */
    public synchronized long deferred() {
        return deferred;
    }

    /** @return 429 answers seen since start */
    public synchronized long http429() {
        return http429;
    }

    /** @return 418 answers seen since start */
    public synchronized long http418() {
        return http418;
    }

    /** One limit's usage in its current interval. */
    private static final class Window {
        final Limit limit;
        long used;
        /** The interval index (epoch ms / interval ms) the usage was read in. */
        long index = Long.MIN_VALUE;

        Window(Limit limit) {
            this.limit = limit;
        }

        long usedAt(long nowNs) {
            return nowNs / 1_000_000L / limit.intervalMs() == index ? used : 0;
        }
    }
}
