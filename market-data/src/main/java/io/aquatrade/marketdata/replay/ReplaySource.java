package io.aquatrade.marketdata.replay;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.aquatrade.common.Instrument;
import io.aquatrade.common.MarketDataListener;
import io.aquatrade.marketdata.TickSource;
import io.aquatrade.marketdata.TickValidator;

/**
 * Replays recorded files as one tick stream: the files' ticks merged by event time, optionally paced. Each file's
 * reader passes its ticks through its own {@link TickValidator} before they reach the merge, so a bad record can
 * neither reach the topic nor move the merge's clock; {@link #rejectedCount(TickValidator.Reason)} sums the files'
 * rejections.
 *
 * <p><b>Merge.</b> A k-way merge over the files' readers: the next tick is the one with the lowest event time, ties
 * going to the file listed first (so a replay is deterministic). The published stream never goes back in time: a
 * tick whose event time is below the last one published (a file not sorted by time, or spot quotes whose time is a
 * receive time shifted by an estimated clock offset, which jitters against the exchange-stamped trades) is
 * <em>clamped</em>: restamped with the last published time, and counted in {@link #clampedCount()}. Its receive
 * time is left as recorded. The merge scans the k readers per tick, fine for the handful of files a replay has.
 *
 * <p><b>Pacing.</b> At speed 0 ticks are published as fast as the agent polls. At speed N &gt; 0 (N may be
 * fractional) the first tick is published at once, at agent time {@code startNs}; a tick with event time {@code t}
 * is published once {@code nowNs - startNs >= (t - firstEventNs) / N}, with {@code nowNs} the agent's clock.
 *
 * <p><b>Resume.</b> {@link #skip(long)} drops the first ticks of the merged stream without publishing them: a
 * restarted replay skips the ticks a previous run already wrote, so nothing is written twice.
 *
 * <p>Not thread-safe: one agent thread polls it. Allocation-free per tick.
 */
public final class ReplaySource implements TickSource {
    private final TickFileReader[] readers;
    private final boolean[] hasTick;
    private final double speed;
    private boolean primed;
    private boolean done;
    private boolean paceStarted;
    private long startNs;
    private long firstEventNs;
    private long lastEventNs = Long.MIN_VALUE;
    private long published;
    private long resumed;
    private long clamped;

    /**
     * Opens every file.
     *
     * @param instruments configured instruments (symbols and decimals)
     * @param files       files in priority order: on equal event times the earlier file's tick comes first
     * @param speed       0 for as fast as possible, else the multiple of real time, &gt; 0
     * @throws java.io.UncheckedIOException if a file cannot be opened (files already opened are closed)
     * @throws IllegalArgumentException if speed is negative or not finite, or a file's symbol is not configured
     */
    public ReplaySource(Collection<Instrument> instruments, List<ReplayFile> files, double speed) {
        this(instruments, files, speed, TickValidator.Limits.DEFAULT);
    }

    /**
     * Opens every file, each with its own {@link TickValidator} of the given limits.
     *
     * @param instruments configured instruments (symbols, decimals, maximum quantities)
     * @param files       files in priority order: on equal event times the earlier file's tick comes first
     * @param speed       0 for as fast as possible, else the multiple of real time, &gt; 0
     * @param limits      {@code market-data.maxClockSkewMs} and {@code maxJumpBps}
     * @throws java.io.UncheckedIOException if a file cannot be opened (files already opened are closed)
     * @throws IllegalArgumentException if speed is negative or not finite, or a file's symbol is not configured
     */
    public ReplaySource(Collection<Instrument> instruments, List<ReplayFile> files, double speed,
                        TickValidator.Limits limits) {
        this(open(instruments, files, speed, limits), speed);
    }

    /**
     * Replays readers already open (for tests and the single-process backtest).
     *
     * @param readers readers in priority order; closed by {@link #close()}
     * @param speed   0 for as fast as possible, else the multiple of real time, &gt; 0
     * @throws IllegalArgumentException if speed is negative or not finite, or there is no reader
     */
    public ReplaySource(List<? extends TickFileReader> readers, double speed) {
        checkSpeed(speed);
        if (readers.isEmpty()) {
            throw new IllegalArgumentException("nothing to replay: no files");
        }
        this.readers = readers.toArray(new TickFileReader[0]);
        this.hasTick = new boolean[this.readers.length];
        this.speed = speed;
    }

    private static List<TickFileReader> open(Collection<Instrument> instruments, List<ReplayFile> files,
                                             double speed, TickValidator.Limits limits) {
        checkSpeed(speed);
        List<TickFileReader> readers = new ArrayList<>();
        try {
            for (ReplayFile f : files) {
                readers.add(TickFileReader.open(f, instruments, limits));
            }
        } catch (RuntimeException e) {
            readers.forEach(TickFileReader::close);
            throw e;
        }
        return readers;
    }

    private static void checkSpeed(double speed) {
        if (!(speed >= 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("speed must be a finite number >= 0, was " + speed);
        }
    }

    private void prime() {
        if (!primed) {
            primed = true;
            for (int i = 0; i < readers.length; i++) {
                hasTick[i] = readers[i].next();
            }
        }
    }

    /**
     * Picks the reader holding the next tick and clamps that tick's time to the last published one.
     *
     * @return the reader's index, or -1 when every file is drained
     */
    private int select() {
        prime();
        int best = -1;
        long bestNs = Long.MAX_VALUE;
        for (int i = 0; i < readers.length; i++) {
            if (hasTick[i]) {
                long t = readers[i].eventTimeNs();
                if (best < 0 || t < bestNs) {
                    best = i;
                    bestNs = t;
                }
            }
        }
        if (best < 0) {
            done = true;
            return -1;
        }
        if (bestNs < lastEventNs) {
            readers[best].eventTimeNs(lastEventNs);
            clamped++;
        }
        return best;
    }

    private void advance(int reader) {
        lastEventNs = readers[reader].eventTimeNs();
        hasTick[reader] = readers[reader].next();
    }

    /**
     * Publishes the ticks that are due.
     *
     * @param nowNs the agent's clock, UTC epoch ns; only differences between calls matter
     * @param out   where the ticks go (reused objects)
     * @param limit most ticks to publish in this call
     * @return ticks published
     */
    @Override
    public int poll(long nowNs, MarketDataListener out, int limit) {
        int n = 0;
        while (n < limit) {
            int i = select();
            if (i < 0) {
                break;
            }
            long t = readers[i].eventTimeNs();
            if (!paceStarted) {
                paceStarted = true;
                startNs = nowNs;
                firstEventNs = t;
            }
            if (speed > 0 && (double) (nowNs - startNs) * speed < (double) (t - firstEventNs)) {
                break;
            }
            readers[i].publish(out);
            advance(i);
            published++;
            n++;
        }
        return n;
    }

    /**
     * Drops the next ticks of the merged stream without publishing them (resuming after a previous run). Pacing
     * starts with the first tick published afterwards.
     *
     * @param ticks how many to drop, &gt;= 0
     * @return how many were dropped: fewer only if the files ran out
     */
    public long skip(long ticks) {
        long n = 0;
        while (n < ticks) {
            int i = select();
            if (i < 0) {
                break;
            }
            advance(i);
            n++;
        }
        resumed += n;
        return n;
    }

    /**
     * The replay's watermark: no tick published later has an event time below it. It is the next tick's (clamped)
     * time, or at speed N the paced position {@code firstEventNs + (nowNs - startNs) * N} if that is earlier, and
     * never below the last published time.
     *
     * @param nowNs the agent's clock, UTC epoch ns
     * @return the watermark, UTC epoch ns; {@link Long#MIN_VALUE} while nothing can be promised (a paced replay
     * before its first tick)
     */
    @Override
    public long watermarkNs(long nowNs) {
        int i = select();
        if (i < 0) {
            return lastEventNs;
        }
        long next = readers[i].eventTimeNs();
        if (speed > 0) {
            if (!paceStarted) {
                return lastEventNs;
            }
            long pacedNs = firstEventNs + (long) ((double) (nowNs - startNs) * speed);
            if (pacedNs < next) {
                return Math.max(pacedNs, lastEventNs);
            }
        }
        return next;
    }

    /** @return true once every file is drained */
    @Override
    public boolean isDone() {
        if (!done) {
            select();
        }
        return done;
    }

    /** @return event time of the last tick published or skipped, UTC epoch ns; {@link Long#MIN_VALUE} if none */
    public long lastEventTimeNs() {
        return lastEventNs;
    }

    /** @return ticks published by {@link #poll} */
    public long publishedCount() {
        return published;
    }

    /** @return ticks dropped by {@link #skip} */
    public long resumedCount() {
        return resumed;
    }

    /** @return ticks whose event time was raised to the last published one to keep the stream in order */
    public long clampedCount() {
        return clamped;
    }

    /** @return trades read from all files (published or skipped) */
    public long tradeCount() {
        long n = 0;
        for (TickFileReader r : readers) {
            n += r.tradeCount();
        }
        return n;
    }

    /** @return quotes read from all files (published or skipped) */
    public long quoteCount() {
        long n = 0;
        for (TickFileReader r : readers) {
            n += r.quoteCount();
        }
        return n;
    }

    @Override
    public long malformedCount() {
        long n = 0;
        for (TickFileReader r : readers) {
            n += r.malformedCount();
        }
        return n;
    }

    /** @return records and ticks rejected for one reason, all files */
    @Override
    public long rejectedCount(TickValidator.Reason reason) {
        long n = 0;
        for (TickFileReader r : readers) {
            n += r.rejectedCount(reason);
        }
        return n;
    }

    /** @return valid records that are not ticks (depth diffs, snapshots, unconfigured symbols), all files */
    public long skippedCount() {
        long n = 0;
        for (TickFileReader r : readers) {
            n += r.skippedCount();
        }
        return n;
    }

    /** @return the readers, in priority order (their per-file counts) */
    public List<TickFileReader> readers() {
        return List.of(readers);
    }

    @Override
    public void close() {
        for (TickFileReader r : readers) {
            r.close();
        }
    }
}
