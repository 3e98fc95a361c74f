package io.aquatrade.common;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.StampedLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's wall clock ({@link EpochClock#system()}): {@link System#nanoTime()} for resolution and a steady rate,
 * kept on {@link System#currentTimeMillis()} (UTC, which NTP disciplines) for weeks of running.
 *
 * <p>Why: the monotonic clock and the wall clock drift apart (5 ms a second was measured on a development machine),
 * and NTP steps the wall clock after a suspend or a bad start. A clock anchored once would stamp arrivals,
 * heartbeats and request timestamps further off UTC every hour.
 *
 * <p>The rule, all in nanoseconds of UTC epoch time:
 * <ul>
 *   <li>A read costs one {@code nanoTime()} and a few loads; it allocates nothing. Once at least
 *       {@link #REANCHOR_INTERVAL_NS} (1 s) of {@code nanoTime()} has passed since the last check, the one read that
 *       claims the check also reads {@code currentTimeMillis()} and re-plans (the error {@code e} = wall time minus
 *       this clock's time at that moment).</li>
 *   <li>{@code |e| <= }{@link #STEP_NS} (1 s): <b>slew</b>. The error is worked off linearly over
 *       {@code max(1 s, 2|e|)} of {@code nanoTime()}, so the clock runs at 1 + e/that: between 0.5 and 1.5 times
 *       real rate, never backwards, never jumping.</li>
 *   <li>{@code e > 1 s}: the wall clock was stepped forward (NTP, a resumed suspend): <b>follow it at once</b>
 *       (this clock jumps forward by {@code e}).</li>
 *   <li>{@code e < -1 s}: the wall clock was stepped back: <b>run at half rate</b> from the last time given out
 *       until the wall clock has caught up with it ({@code 2|e|} of real time), so that time never goes back and
 *       never stands still (heartbeats, timeouts and stale-feed checks keep running, at half rate). Time never
 *       decreases within a process, across its threads too (a thread that reads the new plan with a
 *       {@code nanoTime()} taken before the check gets the time of the check).</li>
 *   <li>A step is logged once at WARN when it is found, i.e. when the wall clock moved more than 1 s against
 *       {@code nanoTime()} between two checks. That is on the thread whose read claimed the check, at most once a
 *       second and only for a real step (weeks apart), never per read; the holding and slewing that follow log
 *       nothing.</li>
 * </ul>
 * {@code currentTimeMillis()} has millisecond resolution, so this clock follows UTC within about a millisecond plus
 * what the wall clock itself is off.
 *
 * <p>Thread-safe: market data's Netty threads stamp arrivals on the same clock the agent reads. A re-plan is published
 * under a {@link StampedLock}'s write lock; reads are optimistic and retry in the rare case one overlapped it.
 */
final class SystemClock implements EpochClock {
    /** How often, in {@code nanoTime()} nanoseconds, a read compares this clock with the wall clock: 1 s. */
    static final long REANCHOR_INTERVAL_NS = 1_000_000_000L;
    /** A difference to the wall clock beyond this (1 s, in nanoseconds) is a step, not drift: followed or held. */
    static final long STEP_NS = 1_000_000_000L;

    private static final Logger LOG = LoggerFactory.getLogger(SystemClock.class);

    /** The one clock of this process, on the JVM's real time sources. */
    static final SystemClock SYSTEM = new SystemClock(new TimeSource() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public long currentTimeMillis() {
            return System.currentTimeMillis();
        }
    });

    /** The seam a test drives by hand: the two time sources the clock reads. */
    interface TimeSource {
        /** @return a monotonic reading in nanoseconds with an arbitrary origin, as {@link System#nanoTime()} */
        long nanoTime();

        /** @return UTC epoch milliseconds, as {@link System#currentTimeMillis()} (may step either way) */
        long currentTimeMillis();
    }

    private final TimeSource source;
    private final StampedLock plan = new StampedLock();
    /** {@code nanoTime()} at which the next check is due; claimed by compare-and-set so one reader does it. */
    private final AtomicLong nextCheckNanos;
    private long stepsSeen; // written under the write lock; read by tests

    // The plan, written under plan's write lock, read optimistically. Time at n (nanoTime):
    // max(holdNs, n + offsetNs + corrNs - corrNs * min(max(n - baseNanos, 0), slewNanos) / slewNanos);
    // while behind (the wall clock stepped back): max(n + offsetNs, holdNs + max(n - baseNanos, 0) / 2)
    private long baseNanos;
    private long offsetNs;
    private long corrNs;
    private long slewNanos = 1;
    private long holdNs = Long.MIN_VALUE;
    private boolean behind;

    /** @param source the time sources; anchored to them at once (time = the wall clock) */
    SystemClock(TimeSource source) {
        this.source = source;
        long nanos = source.nanoTime();
        this.baseNanos = nanos;
        this.offsetNs = source.currentTimeMillis() * 1_000_000L - nanos;
        this.nextCheckNanos = new AtomicLong(nanos + REANCHOR_INTERVAL_NS);
    }

    /** @return now, UTC epoch nanoseconds; never less than a value this clock returned before */
    @Override
    public long nowNs() {
        long nanos = source.nanoTime();
        long due = nextCheckNanos.get();
        if (nanos - due >= 0 && nextCheckNanos.compareAndSet(due, nanos + REANCHOR_INTERVAL_NS)) {
            reanchor();
            nanos = source.nanoTime();
        }
        for (;;) {
            long stamp = plan.tryOptimisticRead();
            long timeNs = timeAt(nanos);
            if (stamp != 0L && plan.validate(stamp)) {
                return timeNs;
            }
            Thread.onSpinWait(); // a re-plan is being published: two time reads long
        }
    }

    /** @return how many wall clock steps (beyond {@link #STEP_NS}) this clock has found; for tests */
    long stepsSeen() {
        long stamp = plan.readLock();
        try {
            return stepsSeen;
        } finally {
            plan.unlockRead(stamp);
        }
    }

    private long timeAt(long nanos) {
        long sinceNanos = Math.max(nanos - baseNanos, 0L);
        if (behind) {
            return Math.max(nanos + offsetNs, holdNs + sinceNanos / 2);
        }
        long elapsedNanos = Math.min(sinceNanos, slewNanos);
        // |corrNs| <= 1e9 and elapsedNanos <= slewNanos <= 2e9: the product stays below 2^63
        long slewedNs = corrNs - corrNs * elapsedNanos / slewNanos;
        return Math.max(holdNs, nanos + offsetNs + slewedNs);
    }

    private void reanchor() {
        long jumpNs;
        long errorNs;
        long stamp = plan.writeLock();
        try {
            // read after taking the lock: every read validated against the old plan took its nanoTime() before
            long nanos = source.nanoTime();
            long wallNs = source.currentTimeMillis() * 1_000_000L;
            long timeNs = timeAt(nanos);
            long newOffsetNs = wallNs - nanos;
            jumpNs = newOffsetNs - offsetNs;
            errorNs = wallNs - timeNs;
            baseNanos = nanos;
            offsetNs = newOffsetNs;
            holdNs = timeNs;
            behind = errorNs < -STEP_NS;
            if (Math.abs(errorNs) > STEP_NS) {
                corrNs = 0L; // ahead: n + offset is the wall clock; behind: half rate from timeNs until the wall
                slewNanos = 1L;
            } else {
                corrNs = -errorNs;
                slewNanos = Math.max(REANCHOR_INTERVAL_NS, 2L * Math.abs(errorNs));
            }
            if (Math.abs(jumpNs) > STEP_NS) {
                stepsSeen++;
            }
        } finally {
            plan.unlockWrite(stamp);
        }
        if (Math.abs(jumpNs) > STEP_NS) {
            String action;
            if (errorNs > STEP_NS) {
                action = "jumps forward " + errorNs / 1_000_000L + " ms at once";
            } else if (errorNs < -STEP_NS) {
                action = "never goes back: it runs at half rate for " + -2 * errorNs / 1_000_000L
                        + " ms until the wall clock catches up";
            } else {
                action = "slews the " + errorNs / 1_000_000L + " ms it is off";
            }
            LOG.warn("The wall clock was stepped {} by {} ms against the monotonic clock (NTP, a suspend): the "
                    + "process clock {}", jumpNs > 0 ? "forward" : "back", Math.abs(jumpNs) / 1_000_000L, action);
        }
    }
}
