package io.aquatrade.notifier;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Deduplication and throttling of alerts before they reach the outbox. An alert is dropped when an alert of the
 * same key went out less than {@code dedupWindowMs} ago, or held back when {@code perKind} alerts of its kind went
 * out in the last {@code windowMs}; alerts held back are counted per kind and the next alert of that kind to go out
 * says how many ({@link #admit}). Times are the notifier clock's, ms. Rebuilt after a restart by {@link #sent} over
 * the outbox, so a restart neither repeats an alert within the window nor resets the throttle.
 *
 * <p>Not thread-safe: the agent thread's.
 */
final class AlertGate {
    private final long dedupWindowMs;
    private final int perKind;
    private final long windowMs;
    private final Map<String, Long> lastByKey = new HashMap<>();
    private final Map<String, ArrayDeque<Long>> recentByKind = new HashMap<>();
    private final Map<String, Long> heldBack = new HashMap<>();
    /** Per kind: when the first alert held back since the last count was taken was held, notifier clock ms. */
    private final Map<String, Long> firstHeldAtMs = new HashMap<>();
    private long suppressedDuplicates;

    AlertGate(NotifierConfig config) {
        this.dedupWindowMs = config.dedupWindowMs();
        this.perKind = config.throttle().perKind();
        this.windowMs = config.throttle().windowMs();
    }

    /** What {@link #admit} decided. */
    enum Decision { SEND, DUPLICATE, THROTTLED }

    /**
     * Decides about an alert and, for {@code SEND}, records it as sent.
     *
     * @return SEND, DUPLICATE (same key within the window) or THROTTLED (too many of its kind)
     */
    Decision admit(Alert alert) {
        long now = alert.timeMs();
        Long last = lastByKey.get(alert.key());
        if (dedupWindowMs > 0 && last != null && now - last < dedupWindowMs) {
            suppressedDuplicates++;
            return Decision.DUPLICATE;
        }
        ArrayDeque<Long> recent = recentByKind.computeIfAbsent(alert.kind(), k -> new ArrayDeque<>());
        while (!recent.isEmpty() && now - recent.peekFirst() >= windowMs) {
            recent.pollFirst();
        }
        if (recent.size() >= perKind && !Alert.DAILY_SUMMARY.equals(alert.kind())) {
            heldBack.merge(alert.kind(), 1L, Long::sum);
            firstHeldAtMs.putIfAbsent(alert.kind(), now);
            return Decision.THROTTLED;
        }
        sent(alert);
        return Decision.SEND;
    }

    /**
     * @return how many alerts of the kind were held back since the last one of it went out, and resets the count;
     * 0 if none
     */
    long takeHeldBack(String kind) {
        firstHeldAtMs.remove(kind);
        Long n = heldBack.remove(kind);
        return n == null ? 0 : n;
    }

    /**
     * The batch of a kind due once a throttle window has passed since its first alert was held back: what the
     * notifier sends as one "N more" alert, so no alert beyond the throttle is silently dropped.
     *
     * @param kind  an alert kind
     * @param nowMs the notifier clock, UTC epoch ms
     * @return how many alerts of the kind were held back, and resets the count, when the first of them was held
     * {@code windowMs} or longer ago; else 0 (and nothing changes)
     */
    long takeDueBatch(String kind, long nowMs) {
        Long first = firstHeldAtMs.get(kind);
        return first != null && nowMs - first >= windowMs ? takeHeldBack(kind) : 0;
    }

    /** Records an alert as sent at its {@code timeMs} (at a restart: each alert of the outbox, in order). */
    void sent(Alert alert) {
        lastByKey.put(alert.key(), alert.timeMs());
        ArrayDeque<Long> recent = recentByKind.computeIfAbsent(alert.kind(), k -> new ArrayDeque<>());
        recent.addLast(alert.timeMs());
        while (recent.size() > perKind) {
            recent.pollFirst();
        }
        if (lastByKey.size() > 100_000) {
            forgetOlderThan(alert.timeMs() - dedupWindowMs);
        }
    }

    private void forgetOlderThan(long timeMs) {
        for (Iterator<Map.Entry<String, Long>> it = lastByKey.entrySet().iterator(); it.hasNext(); ) {
            if (it.next().getValue() < timeMs) {
                it.remove();
            }
        }
    }

    /** @return alerts dropped as duplicates since start */
    long suppressedDuplicates() {
        return suppressedDuplicates;
    }
}
