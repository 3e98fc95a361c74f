package io.aquatrade.marketdata.binance;

import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * Puts the ticks of a live stream into one event-time order on one clock before they are published, so that the
 * {@code market-data} topic is ordered by event time live as it is in a replay, and its watermarks hold.
 *
 * <h2>Why</h2>
 * Binance stamps a trade with its matching-engine time {@code T}; a spot book ticker carries no time, so a quote can
 * only be stamped on arrival by the local clock. The two clocks differ (a recording in the tests shows the local clock
 * 1.27 s behind Binance's), and the trades and quotes of many symbols interleave on one connection with some jitter.
 * Published as they arrive, event times would go back and forth, and a quote could close a bar before a trade of that
 * bar arrived.
 *
 * <h2>How</h2>
 * <ol>
 *   <li><b>One clock.</b> The offset {@code delta = received - T} is observed on every trade; its minimum over the
 *       last 30 to 60 s of arrivals (two 30 s buckets) estimates clock skew plus the smallest network delay. A quote
 *       is stamped {@code received - delta}: its arrival moved onto Binance's clock. Before the first trade, delta
 *       is 0.</li>
 *   <li><b>Reordering.</b> Ticks wait in a heap ordered by (event time, arrival) and are released once their event
 *       time is at or below {@code now - delta - reorderNs}: a tick delayed by up to {@code reorderNs} more than the
 *       fastest one still takes its place in order.</li>
 *   <li><b>Lateness.</b> No tick is released, and no watermark returned, below a floor that only rises (the last
 *       released time or watermark). A tick that arrives with an event time below it is late: it is counted
 *       ({@link #lateCount()}) and stamped with the floor, so its volume is kept in the current bar rather than
 *       lost.</li>
 * </ol>
 * Every tick is thus delayed by about {@code reorderNs} (plus its own delay above the fastest), which is the price of
 * bars that hold every trade. This is the bounded out-of-orderness watermark of stream processors (Akidau et al.,
 * "The Dataflow Model", VLDB 2015, on watermarks and late data).
 *
 * <p>Agent thread only; allocates one small entry per tick (live ticks already arrive as allocated messages).
 */
final class ReorderBuffer {
    private static final long BUCKET_NS = 30_000_000_000L;

    /** A tick waiting for release, with the event time it will be published at. */
    record Pending(ReceivedTick tick, long eventTimeNs, long sequence) {
    }

    private final long reorderNs;
    private final PriorityQueue<Pending> heap = new PriorityQueue<>(
            Comparator.comparingLong(Pending::eventTimeNs).thenComparingLong(Pending::sequence));
    private long sequence;
    private long floorNs = Long.MIN_VALUE;
    private long lateCount;

    private long bucketStartNs = Long.MIN_VALUE;
    private long bucketMin = Long.MAX_VALUE;
    private long previousBucketMin = Long.MAX_VALUE;

    /** @param reorderNs how long past the fastest arrival a tick may still take its place in order, ns, &gt; 0 */
    ReorderBuffer(long reorderNs) {
        if (reorderNs <= 0) {
            throw new IllegalArgumentException("reorderNs must be > 0, was " + reorderNs);
        }
        this.reorderNs = reorderNs;
    }

    /** Takes a tick in arrival order: stamps it on Binance's clock and queues it (late ones at the floor). */
    void add(ReceivedTick tick) {
        long eventTimeNs;
        if (tick instanceof ReceivedTick.Trade t) {
            observe(t.receivedTimeNs(), t.eventTimeNs());
            eventTimeNs = t.eventTimeNs();
        } else {
            eventTimeNs = tick.receivedTimeNs() - clockDeltaNs();
        }
        if (eventTimeNs < floorNs) {
            lateCount++;
            eventTimeNs = floorNs;
        }
        heap.add(new Pending(tick, eventTimeNs, sequence++));
    }

    /**
     * @param nowNs the local clock, UTC epoch ns
     * @return the earliest waiting tick if it is due at {@code nowNs} (removed), else null
     */
    Pending next(long nowNs) {
        Pending head = heap.peek();
        if (head == null || head.eventTimeNs() > releaseNs(nowNs)) {
            return null;
        }
        heap.poll();
        floorNs = Math.max(floorNs, head.eventTimeNs());
        return head;
    }

    /**
     * The watermark to publish: no tick released after this call has an earlier event time. Non-decreasing.
     *
     * @param nowNs the local clock, UTC epoch ns
     * @return UTC epoch ns on Binance's clock
     */
    long watermarkNs(long nowNs) {
        long w = releaseNs(nowNs);
        Pending head = heap.peek();
        if (head != null) {
            w = Math.min(w, head.eventTimeNs());
        }
        floorNs = Math.max(floorNs, w);
        return floorNs;
    }

    /** @return estimated local clock minus Binance's clock plus the smallest network delay, ns; 0 before any trade */
    long clockDeltaNs() {
        long min = Math.min(bucketMin, previousBucketMin);
        return min == Long.MAX_VALUE ? 0 : min;
    }

    /** @return ticks that arrived below the floor and were published at it */
    long lateCount() {
        return lateCount;
    }

    /** @return ticks waiting */
    int size() {
        return heap.size();
    }

    private long releaseNs(long nowNs) {
        return nowNs - clockDeltaNs() - reorderNs;
    }

    private void observe(long receivedTimeNs, long tradeTimeNs) {
        if (bucketStartNs == Long.MIN_VALUE || receivedTimeNs - bucketStartNs >= BUCKET_NS) {
            boolean adjacent = bucketStartNs != Long.MIN_VALUE && receivedTimeNs - bucketStartNs < 2 * BUCKET_NS;
            previousBucketMin = adjacent ? bucketMin : Long.MAX_VALUE;
            bucketMin = Long.MAX_VALUE;
            bucketStartNs = receivedTimeNs;
        }
        bucketMin = Math.min(bucketMin, receivedTimeNs - tradeTimeNs);
    }
}
