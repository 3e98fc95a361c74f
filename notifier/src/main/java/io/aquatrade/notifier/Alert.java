package io.aquatrade.notifier;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One alert, as kept in the {@link Outbox} and POSTed to the webhook (Jackson JSON, these field names).
 *
 * @param seq         position in the outbox, 1, 2, 3... in append order; 0 before it is appended
 * @param kind        what happened: {@code process}, {@code fill}, {@code risk}, {@code kill-switch},
 *                    {@code reconciliation}, {@code stale-feed}, {@code rate-limit}, {@code poison},
 *                    {@code daily-summary}
 * @param key         what makes it the same alert as another: an alert whose key was sent less than
 *                    {@code alerts.dedupWindowMs} ago is dropped (e.g. {@code fill:<clientOrderId>:<tradeId>})
 * @param text        the message for a human, one or more lines, no secrets
 * @param timeMs      when the notifier raised it, its clock, UTC epoch ms
 * @param time        the same in ISO-8601 UTC
 * @param eventTimeNs the event time of the message it came from, UTC epoch ns; 0 when it has none (a heartbeat)
 * @param source      where it came from: a topic name, {@code heartbeat}, {@code dead-letter},
 *                    {@code kill-switch-file} or {@code clock}
 * @param sourceIndex the topic message's Chronicle queue index, the dead-letter file's line number (1-based), or -1
 * @param fields      the facts behind the text, by name (strategy, instrument, process, pid...); exact decimals
 *                    as strings
 */
public record Alert(long seq, String kind, String key, String text, long timeMs, String time, long eventTimeNs,
                    String source, long sourceIndex, Map<String, Object> fields) {

    /**
     * A field that, when true, marks an outbox record the channels skip: the agent's own note (a daily summary of a
     * day over before the notifier's first start, recorded so that no restart sends it).
     */
    public static final String SILENT = "silent";

    /** Alert kinds. */
    public static final String PROCESS = "process";
    /** A fill. */
    public static final String FILL = "fill";
    /** A risk rule denied an entry. */
    public static final String RISK = "risk";
    /** The kill switch changed. */
    public static final String KILL_SWITCH = "kill-switch";
    /** The router's reconciliation made an instrument reduce-only, or resolved it. */
    public static final String RECONCILIATION = "reconciliation";
    /** No tick for an instrument for {@code alerts.staleFeedMs}, or ticks again. */
    public static final String STALE_FEED = "stale-feed";
    /** An order rejected for the venue's rate limit, a back-off or a ban. */
    public static final String RATE_LIMIT = "rate-limit";
    /** A poison message written to a dead-letter file. */
    public static final String POISON = "poison";
    /** The daily summary of a UTC day. */
    public static final String DAILY_SUMMARY = "daily-summary";

    /**
     * An alert not yet appended.
     *
     * @param timeMs the notifier clock, UTC epoch ms
     * @param fields the facts, in order; null values are left out
     * @return the alert with seq 0
     */
    public static Alert of(String kind, String key, String text, long timeMs, long eventTimeNs, String source,
                           long sourceIndex, Map<String, Object> fields) {
        Map<String, Object> copy = new LinkedHashMap<>();
        fields.forEach((k, v) -> {
            if (v != null) {
                copy.put(k, v);
            }
        });
        return new Alert(0, kind, key, text, timeMs, Instant.ofEpochMilli(timeMs).toString(), eventTimeNs, source,
                sourceIndex, Collections.unmodifiableMap(copy));
    }

    /** @return this alert with its outbox position and the text extended by {@code note} (if not null) */
    Alert appended(long seq, String note) {
        return new Alert(seq, kind, key, note == null ? text : text + "\n" + note, timeMs, time, eventTimeNs, source,
                sourceIndex, fields);
    }

    /** @return true for a record the channels skip ({@link #SILENT}) */
    boolean silent() {
        return fields != null && Boolean.TRUE.equals(fields.get(SILENT));
    }

    /** @return a field as text, or null */
    String field(String name) {
        Object v = fields == null ? null : fields.get(name);
        return v == null ? null : v.toString();
    }

    /** @return a numeric field, or {@code dflt} when absent or not a number */
    long longField(String name, long dflt) {
        Object v = fields == null ? null : fields.get(name);
        if (v instanceof Number n) {
            return n.longValue();
        }
        try {
            return v == null ? dflt : Long.parseLong(v.toString());
        } catch (NumberFormatException e) {
            return dflt;
        }
    }
}
