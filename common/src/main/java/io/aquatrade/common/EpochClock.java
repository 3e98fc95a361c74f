package io.aquatrade.common;

/**
 * Where business code gets the time: read once per agent pass. Live processes use {@link #system()}; replays,
 * backtests and tests advance a clock by event time instead, so that logic never reads the wall clock.
 */
@FunctionalInterface
public interface EpochClock {
    /** @return now, UTC epoch nanoseconds */
    long nowNs();

    /**
     * The process's one wall clock: UTC epoch nanoseconds with {@link System#nanoTime()}'s resolution and steady rate,
     * re-anchored to {@link System#currentTimeMillis()} about once a second of reads so that it follows UTC over weeks
     * of running. Drift of up to 1 s is slewed (the clock runs 0.5 to 1.5 times real rate until it is worked off);
     * a step of the wall clock beyond 1 s is followed at once when forward, and met by holding still until the wall
     * clock catches up when backward; a step is logged once at WARN. The time never decreases within the process,
     * across threads too. A read allocates nothing and reads {@code currentTimeMillis()} only when a check is due.
     * Thread-safe; every call returns the same instance.
     *
     * @return the wall clock, kept on UTC as above
     */
    static EpochClock system() {
        return SystemClock.SYSTEM;
    }
}
