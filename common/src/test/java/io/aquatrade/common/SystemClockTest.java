package io.aquatrade.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * {@link SystemClock} driven by hand through its {@link SystemClock.TimeSource} seam: the monotonic clock advances
 * 1 ms a read, the wall clock as each scenario says (drift, steps). Expected times are worked by hand from the rule in
 * the class's Javadoc; T is the wall clock at start.
 */
class SystemClockTest {
    private static final long T_MS = 1_764_000_000_000L; // 2025-11-24T16:00:00Z
    private static final long T_NS = T_MS * 1_000_000L;
    private static final long MS = 1_000_000L;

    /** The hand-driven time sources: nanoTime starts at an arbitrary negative origin, as the JVM's may. */
    private static final class HandTime implements SystemClock.TimeSource {
        long nanos = -123_456_789_000L;
        long millis = T_MS;
        int wallReads;

        @Override
        public long nanoTime() {
            return nanos;
        }

        @Override
        public long currentTimeMillis() {
            wallReads++;
            return millis;
        }
    }

    private final HandTime time = new HandTime();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger clockLogger = (Logger) LoggerFactory.getLogger(SystemClock.class);

    @BeforeEach
    void captureLog() {
        log.start();
        clockLogger.addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        clockLogger.detachAppender(log);
    }

    /** Advances the monotonic clock by 1 ms and the wall clock to startMs + elapsed * ppk / 1000, then reads. */
    private static long tick(SystemClock clock, HandTime time, long startNanos, long ppk) {
        time.nanos += MS;
        long elapsedMs = (time.nanos - startNanos) / MS;
        time.millis = T_MS + elapsedMs * ppk / 1000;
        return clock.nowNs();
    }

    @Test
    void startsOnTheWallClockAndReadsItOnlyOnceASecond() {
        SystemClock clock = new SystemClock(time);
        assertThat(clock.nowNs()).isEqualTo(T_NS);
        for (int i = 1; i < 1000; i++) {
            time.nanos += MS;
            time.millis += 1;
            assertThat(clock.nowNs()).isEqualTo(T_NS + i * MS);
        }
        assertThat(time.wallReads).as("the anchor only: 999 ms of reads check nothing").isEqualTo(1);
        time.nanos += MS;
        time.millis += 1;
        assertThat(clock.nowNs()).isEqualTo(T_NS + 1000 * MS);
        assertThat(time.wallReads).as("the check due after 1 s").isEqualTo(2);
    }

    @Test
    void aWallClockRunningAheadIsFollowedBySlewing() {
        SystemClock clock = new SystemClock(time);
        long start = time.nanos;
        long previousNs = clock.nowNs();
        for (int ms = 1; ms <= 60_000; ms++) {
            long nowNs = tick(clock, time, start, 1005); // the wall gains 5 ms a second
            assertThat(nowNs - previousNs).as("at %d ms: forward, no jump", ms).isBetween(MS / 2, 3 * MS / 2);
            if (ms == 1000) {
                // the check: the clock says T+1000 ms, the wall T+1005: 5 ms to slew over the next second
                assertThat(nowNs).isEqualTo(T_NS + 1000 * MS);
            } else if (ms == 1500) {
                // (T+1005 ms + 500 ms) - 5 ms + 5 ms * 500/1000
                assertThat(nowNs).isEqualTo(T_NS + 1_502_500_000L);
            }
            if (ms % 1000 == 0) {
                // each second the wall gains 5 ms, worked off during the next: never more than that behind
                assertThat(time.millis * MS - nowNs).as("behind the wall at %d ms", ms).isBetween(0L, 5 * MS);
            }
            previousNs = nowNs;
        }
        assertThat(time.millis).isEqualTo(T_MS + 60_300);
        assertThat(clock.stepsSeen()).isZero();
        assertThat(log.list).isEmpty();
    }

    @Test
    void aWallClockFallingBehindIsFollowedBySlewingAndTimeNeverGoesBack() {
        SystemClock clock = new SystemClock(time);
        long start = time.nanos;
        long previousNs = clock.nowNs();
        for (int ms = 1; ms <= 60_000; ms++) {
            long nowNs = tick(clock, time, start, 995); // the wall loses 5 ms a second
            assertThat(nowNs - previousNs).as("at %d ms: forward, no jump", ms).isBetween(MS / 2, 3 * MS / 2);
            if (ms == 1500) {
                // (T+995 ms + 500 ms) + 5 ms - 5 ms * 500/1000
                assertThat(nowNs).isEqualTo(T_NS + 1_497_500_000L);
            }
            if (ms % 1000 == 0) {
                assertThat(nowNs - time.millis * MS).as("ahead of the wall at %d ms", ms).isBetween(0L, 5 * MS);
            }
            previousNs = nowNs;
        }
        assertThat(time.millis).isEqualTo(T_MS + 59_700);
        assertThat(clock.stepsSeen()).isZero();
        assertThat(log.list).isEmpty();
    }

    @Test
    void aForwardStepIsFollowedAtOnceAndLoggedOnce() {
        SystemClock clock = new SystemClock(time);
        long previousNs = clock.nowNs();
        for (int ms = 1; ms <= 15_000; ms++) {
            time.nanos += MS;
            time.millis += ms == 3500 ? 1 + 30_000 : 1; // NTP steps the wall 30 s forward at 3.5 s
            long nowNs = clock.nowNs();
            if (ms < 4000) {
                assertThat(nowNs).as("before the check at 4 s").isEqualTo(T_NS + ms * MS);
            } else {
                assertThat(nowNs).as("from the check at 4 s: on the wall").isEqualTo(T_NS + (30_000 + ms) * MS);
            }
            assertThat(nowNs).isGreaterThan(previousNs);
            previousNs = nowNs;
        }
        assertThat(clock.stepsSeen()).isEqualTo(1);
        assertThat(warnings()).singleElement().asString()
                .contains("stepped forward by 30000 ms", "jumps forward 30000 ms at once");
    }

    @Test
    void aBackwardStepIsFollowedAtHalfRateUntilTheWallCatchesUpAndLoggedOnce() {
        SystemClock clock = new SystemClock(time);
        long previousNs = clock.nowNs();
        for (int ms = 1; ms <= 70_000; ms++) {
            time.nanos += MS;
            time.millis += ms == 3500 ? 1 - 30_000 : 1; // NTP steps the wall 30 s back at 3.5 s
            long nowNs = clock.nowNs();
            long wallNs = time.millis * MS;
            if (ms < 4000) {
                assertThat(nowNs).isEqualTo(T_NS + ms * MS);
            } else if (ms < 64_000) {
                // the check at 4 s finds the wall 30 s behind (T-26 s): half rate from T+4 s, which the wall, at
                // full rate, meets after 2 x 30 s; the checks at 62 and 63 s find it within 1 s and slew the rest,
                // at the same half rate
                assertThat(nowNs).as("half rate at %d ms", ms).isEqualTo(T_NS + 4000 * MS + (ms - 4000) * MS / 2);
            } else {
                assertThat(nowNs).as("back on the wall at %d ms", ms).isEqualTo(wallNs);
            }
            assertThat(nowNs).as("monotonic at %d ms", ms).isGreaterThanOrEqualTo(previousNs);
            previousNs = nowNs;
        }
        assertThat(clock.stepsSeen()).isEqualTo(1);
        assertThat(warnings()).singleElement().asString()
                .contains("stepped back by 30000 ms", "runs at half rate for 60000 ms");
    }

    @Test
    void aReaderWhoseNanoTimePrecedesTheCheckGetsTheTimeOfTheCheck() {
        SystemClock clock = new SystemClock(time);
        time.nanos += 1000 * MS;
        time.millis -= 5000; // the wall was stepped back 5 s
        assertThat(clock.nowNs()).isEqualTo(T_NS + 1000 * MS); // this read checks: half rate from T+1 s
        assertThat(clock.nowNs()).isEqualTo(T_NS + 1000 * MS);
        time.nanos -= MS; // a nanoTime from before the check, as another thread may have read it
        assertThat(clock.nowNs()).isEqualTo(T_NS + 1000 * MS);
    }

    @Test
    void manyReadsAcrossManyChecksAllocateNothing() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertThat(threads.isThreadAllocatedMemoryEnabled()).as("the JVM counts allocated bytes").isTrue();
        SystemClock hand = new SystemClock(time);
        EpochClock system = EpochClock.system();
        long start = time.nanos;
        long sink = 0;
        for (int i = 0; i < 200_000; i++) { // warm-up: JIT
            sink += tick(hand, time, start, 1005) + system.nowNs();
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 1_000_000; i++) { // 1000 checks of the hand clock, each slewing 5 ms
            sink += tick(hand, time, start, 1005) + system.nowNs();
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        // one object per read would be 32 MB; what may remain is the JIT settling
        assertThat(allocated).as("bytes allocated by 2,000,000 reads (sink %d)", sink).isLessThan(1024);
        assertThat(hand.stepsSeen()).isZero();
    }

    @Test
    void theSystemClockIsOneInstanceOnTheWallClock() {
        assertThat(EpochClock.system()).isSameAs(EpochClock.system());
        long beforeMs = System.currentTimeMillis();
        long nowNs = EpochClock.system().nowNs();
        long afterMs = System.currentTimeMillis();
        // on the wall clock within its slewing and the millisecond resolution; no timing is asserted
        assertThat(nowNs).isBetween((beforeMs - 1000) * MS, (afterMs + 1000) * MS);
    }

    private List<String> warnings() {
        return log.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage)
                .toList();
    }
}
