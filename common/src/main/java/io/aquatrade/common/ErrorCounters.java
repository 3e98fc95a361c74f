package io.aquatrade.common;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An {@link ErrorHandler} that counts errors by kind and topic, for logs, metrics and tests. Counting allocates
 * on the first error of a (kind, topic) only; errors are rare. Thread-safe.
 */
public final class ErrorCounters implements ErrorHandler {
    private static final String NO_TOPIC = "-";
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

    @Override
    public void onError(Kind kind, String topic, Throwable error) {
        counts.computeIfAbsent(key(kind, topic), k -> new AtomicLong()).incrementAndGet();
    }

    /**
     * @param kind  what failed
     * @param topic topic name, or null for errors outside message handling
     * @return errors of that kind on that topic so far
     */
    public long count(Kind kind, String topic) {
        AtomicLong n = counts.get(key(kind, topic));
        return n == null ? 0 : n.get();
    }

    /** @return errors of that kind over all topics so far */
    public long total(Kind kind) {
        String prefix = kind.name() + ' ';
        long n = 0;
        for (Map.Entry<String, AtomicLong> e : counts.entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                n += e.getValue().get();
            }
        }
        return n;
    }

    /** @return every non-zero count as "KIND topic" (topic "-" when none) to count, sorted */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    private static String key(Kind kind, String topic) {
        return kind.name() + ' ' + (topic == null ? NO_TOPIC : topic);
    }

    @Override
    public String toString() {
        return snapshot().toString();
    }
}
