package io.aquatrade.common;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The event time of the last tick (trade or quote) published per instrument, kept by the market-data agent for its
 * heartbeat ({@link HeartbeatWriter#lastTicks}). {@link #record} finds the instrument's slot by a linear scan of the
 * few configured symbols and allocates only on the first tick of an instrument.
 *
 * <p>Not thread-safe: written and read on the agent thread (the heartbeat is written there).
 */
public final class LastTickTimes {
    private String[] symbols = new String[0];
    private long[] timesNs = new long[0];

    /**
     * Records a published tick.
     *
     * @param symbol      the tick's instrument symbol
     * @param eventTimeNs its event time, UTC epoch ns
     */
    public void record(String symbol, long eventTimeNs) {
        String[] s = symbols;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == symbol || s[i].equals(symbol)) {
                if (eventTimeNs > timesNs[i]) {
                    timesNs[i] = eventTimeNs;
                }
                return;
            }
        }
        symbols = Arrays.copyOf(s, s.length + 1);
        symbols[s.length] = symbol;
        timesNs = Arrays.copyOf(timesNs, s.length + 1);
        timesNs[s.length] = eventTimeNs;
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

    /** @return symbol to the event time of its last tick, UTC epoch ns, in first-seen order (a new map) */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (int i = 0; i < symbols.length; i++) {
            out.put(symbols[i], timesNs[i]);
        }
        return out;
    }
}
