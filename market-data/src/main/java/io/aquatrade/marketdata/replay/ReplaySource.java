package io.aquatrade.marketdata.replay;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

import io.aquatrade.common.Instrument;
import io.aquatrade.common.MarketDataListener;
import io.aquatrade.common.MessageCopies;
import io.aquatrade.common.QuoteTick;
import io.aquatrade.common.TradeTick;
import io.aquatrade.marketdata.TickSource;
import io.aquatrade.marketdata.TickValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays recorded files as one tick stream in event-time order: the files' ticks merged within a bounded reorder
 * window, optionally paced.
 *
 * <p><b>Validation.</b> Each file's reader passes its ticks through its own {@link TickValidator} before they reach
 * the merge, so a bad record can neither reach the topic nor move the merge's watermarks;
 * {@link #rejectedCount(TickValidator.Reason)} sums the files' rejections.
 *
 * <p><b>Why a window.</b> A capture file is in receive order, and its event times are not: trades, book tickers
 * (whose spot event time is a shifted receive time) and other symbols interleave with jitter. Every tick is
 * published at its own event time, never restamped, so a trade always lands in the bar of its own time.
 *
 * <p><b>Merge.</b> Each file has a watermark {@code W}, a lower bound for the event times of the ticks it has not
 * yet given, computed from the ticks it has given (so it depends only on the file, never on how fast the replay is
 * polled; a resumed replay makes the same decisions):
 * <ul>
 *   <li>A file with receive times (a capture): {@code W = R - D - reorderNs}, with {@code R} the latest receive time
 *       read and {@code D} the smallest {@code receive - event} time of its ticks over the last 30 to 60 s of receive
 *       time (clock offset plus the fastest delivery, as the live {@code ReorderBuffer} estimates it). A tick
 *       delivered up to {@code reorderNs} slower than the fastest one still takes its place in order. A tick's
 *       delay enters {@code D} only once the file's next tick confirms it, by a delay at most {@code reorderNs}
 *       larger: one tick stamped seconds ahead of its receive time (within {@code maxClockSkewMs}) would otherwise
 *       lower {@code D} by seconds, raise {@code W} past every normal tick after it and drop them all as late; so
 *       it only waits for its own time, and a lasting change of the clock offset counts from its second tick.
 *       Until a file has a confirmed delay its {@code W} stays at its start (nothing is promised).</li>
 *   <li>A file without receive times (freqtrade trades, aggTrades CSV): its own order, {@code W = E - reorderNs}
 *       with {@code E} the latest event time read: a tick may come up to {@code reorderNs} after a later one.</li>
 *   <li>{@code W} never decreases, and is infinite once the file is drained.</li>
 * </ul>
 * Ticks wait in one heap ordered by (event time, file in priority order, file order) and the earliest is released
 * once its event time is strictly below every undrained file's {@code W} (a file may still give a tick at exactly
 * {@code W}, which on equal times must go first if its file comes first); to get there the replay reads from the
 * file whose {@code W} is lowest. So a few seconds of ticks wait at most, and the heap is bounded: if it ever holds
 * {@link #MAX_PENDING} ticks (a file whose receive times do not advance), the earliest is released anyway and
 * counted in {@link #forcedCount()}.
 *
 * <p><b>Late ticks.</b> A tick whose event time is below its file's {@code W} (or below a tick already released) came
 * later than the window allows. It is <em>dropped</em>: counted in {@link #lateCount()} and logged at WARN with its
 * file, position, instrument, trade id, event time and the watermark (the first {@value #MAX_LOGGED_LATE}; later
 * ones only counted). Dropping, not restamping, keeps every published trade in the bar of its own time: the bar of a
 * late trade lacks that trade's volume instead of a later bar holding it. Raise {@code reorderMs} if any are
 * reported.
 *
 * <p><b>Files that stop parsing.</b> A file that ends {@link TickFileReader#incomplete() incomplete} marks the whole
 * replay {@link #incomplete()}. With {@link ReplayErrorPolicy#WARN} the other files play on; with
 * {@link ReplayErrorPolicy#FAIL} the replay stops at once ({@link #failed()}), publishing nothing more.
 *
 * <p><b>Pacing.</b> At speed 0 ticks are published as fast as the agent polls. At speed N &gt; 0 (N may be
 * fractional) the first tick is published at once, at agent time {@code startNs}; a tick with event time {@code t}
 * is published once {@code nowNs - startNs >= (t - firstEventNs) / N}, with {@code nowNs} the agent's clock.
 *
 * <p><b>Resume.</b> {@link #skip(long)} drops the first ticks of the merged stream without publishing them: a
 * restarted replay skips the ticks a previous run already wrote, so nothing is written twice.
 *
 * <p>Not thread-safe: one agent thread polls it. Allocation-free per tick once the pool of waiting ticks has grown
 * to the window's size (ticks are copied into pooled objects).
 */
public final class ReplaySource implements TickSource {
    /** Default reorder window, ms ({@code market-data.replay.reorderMs}). */
    public static final long DEFAULT_REORDER_MS = 1000;
    /** Most ticks waiting in the window; beyond it the earliest is released regardless of the watermarks. */
    public static final int MAX_PENDING = 1 << 16;
    private static final Logger LOG = LoggerFactory.getLogger(ReplaySource.class);
    private static final int MAX_LOGGED_LATE = 20;
    private static final long BUCKET_NS = 30_000_000_000L;

    /** A tick waiting in the window: a pooled copy. */
    private static final class Pending {
        final TradeTick trade = new TradeTick();
        final QuoteTick quote = new QuoteTick();
        boolean isQuote;
        int file;
        long sequence;
        long eventTimeNs;
    }

    private final TickFileReader[] readers;
    private final double speed;
    private final long reorderNs;
    private final ReplayErrorPolicy onError;
    private final boolean[] drained;
    private final long[] watermarkNs;
    private final long[] latestProgressNs;
    private final long[] bucketStartNs;
    private final long[] bucketMinNs;
    private final long[] previousBucketMinNs;
    /** Per file, the delay of the last tick, not yet confirmed by a later one; {@link Long#MAX_VALUE} if none. */
    private final long[] unconfirmedDelayNs;
    private final PriorityQueue<Pending> heap = new PriorityQueue<>(Comparator
            .comparingLong((Pending p) -> p.eventTimeNs).thenComparingInt(p -> p.file)
            .thenComparingLong(p -> p.sequence));
    private final ArrayDeque<Pending> pool = new ArrayDeque<>();
    private long sequence;
    private boolean paceStarted;
    private long startNs;
    private long firstEventNs;
    private long lastEventNs = Long.MIN_VALUE;
    private long published;
    private long resumed;
    private long late;
    private long forced;
    /** The file whose watermark the head {@link #fill()} returned is beyond (a forced release), or -1. */
    private int forcedBy = -1;
    private boolean incomplete;
    private boolean failed;

    /**
     * Opens every file, with the default reorder window and {@link ReplayErrorPolicy#WARN}.
     *
     * @param instruments configured instruments (symbols and decimals)
     * @param files       files in priority order: on equal event times the earlier file's tick comes first
     * @param speed       0 for as fast as possible, else the multiple of real time, &gt; 0
     * @throws java.io.UncheckedIOException if a file cannot be opened (files already opened are closed)
     * @throws IllegalArgumentException if speed is negative or not finite, or a file's symbol is not configured
     */
    public ReplaySource(Collection<Instrument> instruments, List<ReplayFile> files, double speed) {
        this(instruments, files, speed, DEFAULT_REORDER_MS, ReplayErrorPolicy.WARN, TickValidator.Limits.DEFAULT);
    }

    /**
     * Opens every file, each with its own {@link TickValidator} of the given limits, with the default reorder window
     * and {@link ReplayErrorPolicy#WARN}.
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
        this(instruments, files, speed, DEFAULT_REORDER_MS, ReplayErrorPolicy.WARN, limits);
    }

    /**
     * Opens every file.
     *
     * @param instruments configured instruments (symbols and decimals)
     * @param files       files in priority order: on equal event times the earlier file's tick comes first
     * @param speed       0 for as fast as possible, else the multiple of real time, &gt; 0
     * @param reorderMs   the reorder window, ms, &gt; 0 (see the class comment)
     * @param onError     what to do when a file stops parsing
     * @throws java.io.UncheckedIOException if a file cannot be opened (files already opened are closed)
     * @throws IllegalArgumentException if speed is negative or not finite, reorderMs not positive, or a file's
     *                                  symbol is not configured
     */
    public ReplaySource(Collection<Instrument> instruments, List<ReplayFile> files, double speed, long reorderMs,
                        ReplayErrorPolicy onError) {
        this(instruments, files, speed, reorderMs, onError, TickValidator.Limits.DEFAULT);
    }

    /**
     * Opens every file, each with its own {@link TickValidator} of the given limits.
     *
     * @param instruments configured instruments (symbols, decimals, maximum quantities)
     * @param files       files in priority order: on equal event times the earlier file's tick comes first
     * @param speed       0 for as fast as possible, else the multiple of real time, &gt; 0
     * @param reorderMs   the reorder window, ms, &gt; 0 (see the class comment)
     * @param onError     what to do when a file stops parsing
     * @param limits      {@code market-data.maxClockSkewMs} and {@code maxJumpBps}
     * @throws java.io.UncheckedIOException if a file cannot be opened (files already opened are closed)
     * @throws IllegalArgumentException if speed is negative or not finite, reorderMs not positive, or a file's
     *                                  symbol is not configured
     */
    public ReplaySource(Collection<Instrument> instruments, List<ReplayFile> files, double speed, long reorderMs,
                        ReplayErrorPolicy onError, TickValidator.Limits limits) {
        this(open(instruments, files, speed, limits, reorderMs), speed, reorderMs, onError);
    }

    /**
     * Replays readers already open (for tests and the single-process backtest), with the default window.
     *
     * @param readers readers in priority order; closed by {@link #close()}
     * @param speed   0 for as fast as possible, else the multiple of real time, &gt; 0
     * @throws IllegalArgumentException if speed is negative or not finite, or there is no reader
     */
    public ReplaySource(List<? extends TickFileReader> readers, double speed) {
        this(readers, speed, DEFAULT_REORDER_MS, ReplayErrorPolicy.WARN);
    }

    /**
     * Replays readers already open.
     *
     * @param readers   readers in priority order; closed by {@link #close()}
     * @param speed     0 for as fast as possible, else the multiple of real time, &gt; 0
     * @param reorderMs the reorder window, ms, &gt; 0
     * @param onError   what to do when a file stops parsing
     * @throws IllegalArgumentException if speed is negative or not finite, reorderMs not positive, or there is no
     *                                  reader
     */
    public ReplaySource(List<? extends TickFileReader> readers, double speed, long reorderMs,
                        ReplayErrorPolicy onError) {
        checkSpeed(speed);
        if (readers.isEmpty()) {
            throw new IllegalArgumentException("nothing to replay: no files");
        }
        checkReorder(reorderMs);
        this.readers = readers.toArray(new TickFileReader[0]);
        this.speed = speed;
        this.reorderNs = Math.multiplyExact(reorderMs, 1_000_000L);
        this.onError = onError == null ? ReplayErrorPolicy.WARN : onError;
        int k = this.readers.length;
        this.drained = new boolean[k];
        this.watermarkNs = filled(k, Long.MIN_VALUE);
        this.latestProgressNs = filled(k, Long.MIN_VALUE);
        this.bucketStartNs = filled(k, Long.MIN_VALUE);
        this.bucketMinNs = filled(k, Long.MAX_VALUE);
        this.previousBucketMinNs = filled(k, Long.MAX_VALUE);
        this.unconfirmedDelayNs = filled(k, Long.MAX_VALUE);
    }

    private static long[] filled(int n, long value) {
        long[] a = new long[n];
        java.util.Arrays.fill(a, value);
        return a;
    }

    private static List<TickFileReader> open(Collection<Instrument> instruments, List<ReplayFile> files,
                                             double speed, TickValidator.Limits limits, long reorderMs) {
        checkSpeed(speed);
        checkReorder(reorderMs);
        List<TickFileReader> readers = new ArrayList<>();
        try {
            for (ReplayFile f : files) {
                readers.add(TickFileReader.open(f, instruments, limits, reorderMs));
            }
        } catch (RuntimeException e) {
            readers.forEach(TickFileReader::close);
            throw e;
        }
        return readers;
    }

    private static void checkReorder(long reorderMs) {
        if (reorderMs <= 0) {
            throw new IllegalArgumentException("reorderMs must be > 0, was " + reorderMs);
        }
    }

    private static void checkSpeed(double speed) {
        if (!(speed >= 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("speed must be a finite number >= 0, was " + speed);
        }
    }

    /**
     * Reads until the earliest waiting tick may be released, or every file is drained, or the replay failed.
     *
     * @return the tick to release next, or null if there is none (drained or failed)
     */
    private Pending fill() {
        while (!failed) {
            Pending head = heap.peek();
            int lagging = laggingFile();
            // strictly below: a file may still give a tick at exactly its watermark, which must go first if the
            // file comes first in priority order
            if (head != null && (lagging < 0 || head.eventTimeNs < watermarkNs[lagging]
                    || heap.size() >= MAX_PENDING)) {
                // counted by release(), once per tick, however often poll, isDone and watermarkNs look at it
                forcedBy = lagging >= 0 && head.eventTimeNs >= watermarkNs[lagging] ? lagging : -1;
                return head;
            }
            if (lagging < 0) {
                return null;
            }
            readOne(lagging);
        }
        return null;
    }

    /** @return the undrained file with the lowest watermark (the first such in priority order), or -1 if none */
    private int laggingFile() {
        int best = -1;
        for (int i = 0; i < readers.length; i++) {
            if (!drained[i] && (best < 0 || watermarkNs[i] < watermarkNs[best])) {
                best = i;
            }
        }
        return best;
    }

    /** Reads one tick of file {@code i} into the window, or drops it as late, or marks the file drained. */
    private void readOne(int i) {
        TickFileReader r = readers[i];
        if (!r.next()) {
            drained[i] = true;
            if (r.incomplete()) {
                incomplete = true;
                if (onError == ReplayErrorPolicy.FAIL) {
                    failed = true;
                    LOG.error("market-data.replay.onError is fail: the replay stops at the first file that stops "
                            + "parsing ({}); {} ticks were published or skipped before", r.file(),
                            published + resumed);
                }
            }
            return;
        }
        long eventNs = r.eventTimeNs();
        long floorNs = Math.max(watermarkNs[i], lastEventNs);
        observe(i, r.receivedTimeNs(), eventNs);
        if (eventNs < floorNs) {
            late(r, floorNs);
            return;
        }
        Pending p = pool.poll();
        if (p == null) {
            p = new Pending();
        }
        p.file = i;
        p.sequence = sequence++;
        p.eventTimeNs = eventNs;
        p.isQuote = r.isQuote();
        if (p.isQuote) {
            MessageCopies.copy(r.quote(), p.quote);
        } else {
            MessageCopies.copy(r.trade(), p.trade);
        }
        heap.add(p);
    }

    /**
     * Raises file {@code i}'s watermark after reading a tick: from its receive time if it has one, else from its
     * event time (see the class comment), the delay of the tick before counting only if this one confirms it.
     * Receive times more than a day from the event time (a wrong unit, a broken clock; the reader warns about them)
     * are left out of the estimate.
     */
    private void observe(int i, long receivedNs, long eventNs) {
        long progressNs = receivedNs > 0 ? receivedNs : eventNs;
        long delayNs = progressNs - eventNs;
        if (Math.abs(delayNs) > BinanceCaptureReader.MAX_PLAUSIBLE_DELAY_NS) {
            return;
        }
        latestProgressNs[i] = Math.max(latestProgressNs[i], progressNs);
        if (bucketStartNs[i] == Long.MIN_VALUE || progressNs - bucketStartNs[i] >= BUCKET_NS) {
            boolean adjacent = bucketStartNs[i] != Long.MIN_VALUE && progressNs - bucketStartNs[i] < 2 * BUCKET_NS;
            previousBucketMinNs[i] = adjacent ? bucketMinNs[i] : Long.MAX_VALUE;
            bucketMinNs[i] = Long.MAX_VALUE;
            bucketStartNs[i] = progressNs;
        }
        // The previous tick's delay counts once this one confirms it (is at most reorderNs slower): a lone tick
        // stamped seconds early never lowers the estimate, a lasting change of the clock offset does at once.
        if (unconfirmedDelayNs[i] != Long.MAX_VALUE && delayNs <= unconfirmedDelayNs[i] + reorderNs) {
            bucketMinNs[i] = Math.min(bucketMinNs[i], unconfirmedDelayNs[i]);
        }
        unconfirmedDelayNs[i] = delayNs;
        long minDelayNs = Math.min(bucketMinNs[i], previousBucketMinNs[i]);
        if (minDelayNs != Long.MAX_VALUE) {
            watermarkNs[i] = Math.max(watermarkNs[i], latestProgressNs[i] - minDelayNs - reorderNs);
        }
    }

    private void late(TickFileReader r, long floorNs) {
        late++;
        if (late <= MAX_LOGGED_LATE) {
            String what = r.isQuote() ? "quote of " + r.quote().instrument()
                    : "trade " + r.trade().tradeId() + " of " + r.trade().instrument();
            LOG.warn("{}: {} {} at {} is later than the {} ms reorder window (watermark {}): dropped, not "
                            + "restamped into another bar{}", r.file(), r.where(), what,
                    Instant.ofEpochSecond(0, r.eventTimeNs()), reorderNs / 1_000_000L,
                    Instant.ofEpochSecond(0, floorNs),
                    late == MAX_LOGGED_LATE ? " (further late ticks are only counted)" : "");
        }
    }

    /** Takes the head out of the window and makes it the last event; @return it, for publishing, then pooled */
    private Pending release() {
        if (forcedBy >= 0) {
            forced++;
            if (forced == 1) {
                LOG.warn("{} ticks wait in the reorder window while {} gives no later times: releasing the "
                        + "earliest ones beyond the window (counted as forced)", heap.size(), readers[forcedBy].file());
            }
        }
        Pending p = heap.poll();
        lastEventNs = Math.max(lastEventNs, p.eventTimeNs);
        pool.add(p);
        return p;
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
            Pending next = fill();
            if (next == null) {
                break;
            }
            long t = next.eventTimeNs;
            if (!paceStarted) {
                paceStarted = true;
                startNs = nowNs;
                firstEventNs = t;
            }
            if (speed > 0 && (double) (nowNs - startNs) * speed < (double) (t - firstEventNs)) {
                break;
            }
            Pending p = release();
            if (p.isQuote) {
                out.quoteTick(p.quote);
            } else {
                out.tradeTick(p.trade);
            }
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
        while (n < ticks && fill() != null) {
            release();
            n++;
        }
        resumed += n;
        return n;
    }

    /**
     * The replay's watermark: no tick published later has an event time below it. It is the next tick's time, or
     * at speed N the paced position {@code firstEventNs + (nowNs - startNs) * N} if that is earlier, and never below
     * the last published time.
     *
     * @param nowNs the agent's clock, UTC epoch ns
     * @return the watermark, UTC epoch ns; {@link Long#MIN_VALUE} while nothing can be promised (a paced replay
     * before its first tick)
     */
    @Override
    public long watermarkNs(long nowNs) {
        Pending nextTick = fill();
        if (nextTick == null) {
            return lastEventNs;
        }
        long next = nextTick.eventTimeNs;
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

    /** @return true once every file is drained and every tick published, or the replay failed */
    @Override
    public boolean isDone() {
        return fill() == null;
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

    /** @return ticks dropped because they came later than the reorder window allows (see the class comment) */
    public long lateCount() {
        return late;
    }

    /** @return ticks released beyond the watermarks because {@link #MAX_PENDING} ticks were waiting */
    public long forcedCount() {
        return forced;
    }

    /** @return true if a file stopped parsing before its end (see {@link TickFileReader#incomplete()}) */
    public boolean incomplete() {
        return incomplete;
    }

    /** @return true if a file stopped parsing and {@link ReplayErrorPolicy#FAIL} stopped the replay */
    public boolean failed() {
        return failed;
    }

    /** @return true if a file that stops parsing stops the replay ({@link ReplayErrorPolicy#FAIL}) */
    public boolean failOnError() {
        return onError == ReplayErrorPolicy.FAIL;
    }

    /** @return the reorder window, ms */
    public long reorderMs() {
        return reorderNs / 1_000_000L;
    }

    /** @return trades read from all files (published, skipped, waiting or late) */
    public long tradeCount() {
        long n = 0;
        for (TickFileReader r : readers) {
            n += r.tradeCount();
        }
        return n;
    }

    /** @return quotes read from all files (published, skipped, waiting or late) */
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
