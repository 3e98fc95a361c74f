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
    /** Longest {@link #lastError()} text, characters. */
    public static final int LAST_ERROR_MAX_CHARS = 200;
    private static final java.util.regex.Pattern SECRET = java.util.regex.Pattern.compile(
            "(?i)(signature|api[-_]?key|secret|token|password|X-MBX-APIKEY)([\"']?\\s*[=:]\\s*[\"']?)[^\\s&\"',;]+");
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private volatile String lastError;

    @Override
    public void onError(Kind kind, String topic, Throwable error) {
        counts.computeIfAbsent(key(kind, topic), k -> new AtomicLong()).incrementAndGet();
        lastError = describe(kind, topic, error);
    }

    /**
     * @return the last error as one short line ({@code "HANDLER signals: IllegalStateException: text"}, at most
     * {@value #LAST_ERROR_MAX_CHARS} characters, values after words such as {@code signature=}, {@code apiKey},
     * {@code secret}, {@code token} replaced by {@code ***}), or null before the first
     */
    public String lastError() {
        return lastError;
    }

    /**
     * Describes an error in one short line without secrets (see {@link #lastError()}).
     *
     * @param kind  what failed
     * @param topic the topic, or null
     * @param error the throwable, or null
     * @return the line
     */
    static String describe(Kind kind, String topic, Throwable error) {
        StringBuilder b = new StringBuilder(kind.name());
        if (topic != null) {
            b.append(' ').append(topic);
        }
        if (error != null) {
            b.append(": ").append(error.getClass().getSimpleName());
            if (error.getMessage() != null) {
                b.append(": ").append(error.getMessage());
            }
        }
        String text = SECRET.matcher(b.toString().replace('\n', ' ').replace('\r', ' ')).replaceAll("$1$2***");
        return text.length() <= LAST_ERROR_MAX_CHARS ? text : text.substring(0, LAST_ERROR_MAX_CHARS - 3) + "...";
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
