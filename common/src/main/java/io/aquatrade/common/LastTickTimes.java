package io.aquatrade.common;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The event time of the last tick (trade or quote) published per instrument, and when it was published (the
 * process clock), kept by the market-data agent for its heartbeat ({@link HeartbeatWriter#lastTicks}). {@link #record} finds the instrument's slot by a linear scan of the
 * few configured symbols and allocates only on the first tick of an instrument.
 *
 * <p>Not thread-safe: written and read on the agent thread (the heartbeat is written there).
 */
public final class LastTickTimes {
    private String[] symbols = new String[0];
    private long[] timesNs = new long[0];
    private long[] publishedNs = new long[0];

    /**
     * Records a published tick.
     *
     * @param symbol      the tick's instrument symbol
     * @param eventTimeNs its event time, UTC epoch ns
     * @param nowNs       when it was published, UTC epoch ns (the agent's clock of the pass)
     */
    public void record(String symbol, long eventTimeNs, long nowNs) {
        String[] s = symbols;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == symbol || s[i].equals(symbol)) {
                if (eventTimeNs > timesNs[i]) {
                    timesNs[i] = eventTimeNs;
                }
                publishedNs[i] = nowNs;
                return;
            }
        }
        symbols = Arrays.copyOf(s, s.length + 1);
        symbols[s.length] = symbol;
        timesNs = Arrays.copyOf(timesNs, s.length + 1);
        timesNs[s.length] = eventTimeNs;
        publishedNs = Arrays.copyOf(publishedNs, s.length + 1);
        publishedNs[s.length] = nowNs;
    }

    /**
     * @param symbol an instrument symbol
     * @return the event time of its last tick, UTC epoch ns; {@link Long#MIN_VALUE} before its first (no allocation)
     */
    public long timeNs(String symbol) {
        String[] s = symbols;
        for (int i = 0; i < s.length; i++) {
            if (s[i].equals(symbol)) {
                return timesNs[i];
            }
        }
        return Long.MIN_VALUE;
    }

    /**
     * @param symbol an instrument symbol
     * @return when its last tick was published, UTC epoch ns of the process clock; {@link Long#MIN_VALUE} before its
     * first (no allocation): what {@link #publishedAtMs()} reports in ms
     */
    public long publishedNs(String symbol) {
        String[] s = symbols;
        for (int i = 0; i < s.length; i++) {
            if (s[i].equals(symbol)) {
                return publishedNs[i];
            }
        }
        return Long.MIN_VALUE;
    }

    /** @return symbol to the event time of its last tick, UTC epoch ns, in first-seen order (a new map) */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (int i = 0; i < symbols.length; i++) {
            out.put(symbols[i], timesNs[i]);
        }
        return out;
    }

    /**
     * @return symbol to when its last tick was published, UTC epoch ms of the process clock, in first-seen order (a
     * new map): how long ago the feed last delivered, whatever the ticks' own times (a replay's are in the past)
     */
    public Map<String, Long> publishedAtMs() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (int i = 0; i < symbols.length; i++) {
            out.put(symbols[i], publishedNs[i] / 1_000_000L);
        }
        return out;
    }
}
