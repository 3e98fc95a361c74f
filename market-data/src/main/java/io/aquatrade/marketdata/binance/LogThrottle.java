package io.aquatrade.marketdata.binance;

/**
 * Lets at most {@code burst} lines of a repeated log message through per interval and counts the ones it held back,
 * so that a flood of bad or dropped messages cannot flood the log. Thread-safe; meant for rare paths only (it
 * synchronizes).
 */
final class LogThrottle {
    private final long intervalNs;
    private final int burst;
    private boolean started;
    private long windowEndNs;
    private int used;
    private long suppressed;

    /**
     * @param intervalNs length of a window, ns, &gt; 0
     * @param burst      lines let through per window, &gt; 0
     */
    LogThrottle(long intervalNs, int burst) {
        if (intervalNs <= 0 || burst <= 0) {
            throw new IllegalArgumentException("intervalNs and burst must be > 0, were " + intervalNs + ", " + burst);
        }
        this.intervalNs = intervalNs;
        this.burst = burst;
    }

    /**
     * @param nowNs the caller's clock, ns
     * @return -1 if the line must be skipped, else how many lines were skipped since the last one let through
     */
    synchronized long permit(long nowNs) {
        if (!started || nowNs - windowEndNs >= 0) {
            started = true;
            windowEndNs = nowNs + intervalNs;
            used = 0;
        }
        if (used < burst) {
            used++;
            long skipped = suppressed;
            suppressed = 0;
            return skipped;
        }
        suppressed++;
        return -1;
    }
}
