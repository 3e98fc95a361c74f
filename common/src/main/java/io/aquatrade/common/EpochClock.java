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
     * @return the wall clock with nanosecond resolution: {@link System#nanoTime()} anchored once to
     * {@link System#currentTimeMillis()}
     */
    static EpochClock system() {
        final long offsetNs = System.currentTimeMillis() * 1_000_000L - System.nanoTime();
        return () -> System.nanoTime() + offsetNs;
    }
}
