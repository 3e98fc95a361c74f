package io.aquatrade.router;

import io.aquatrade.common.EpochClock;
import io.aquatrade.common.QueueRoot;
import io.aquatrade.common.Topic;
import net.openhft.chronicle.core.values.LongValue;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

/**
 * An id of the {@code orders} queue itself, written once per queue: what tells two sessions on fresh queues apart
 * when their queue indexes repeat (the binance venue's client order ids, {@code
 * io.aquatrade.router.venue.binance.ClientOrderIds}).
 *
 * <p>It is kept in the queue's own metadata file ({@code metadata.cq4t}, Chronicle's table store, where the named
 * tailers' positions live too) under the key {@value #KEY}: the first router to meet the queue sets it, with a
 * compare-and-swap from 0, to the injected clock's time in UTC epoch ms; every later start reads the same value.
 * Wiping the queue directory wipes it, and the next session gets another (a later time). It lives as long as the
 * queue, so ids derived from it never change within one set of queues.
 */
public final class OrdersQueueId {
    /** The table store key. */
    public static final String KEY = "aquatrade.ordersQueueId";

    private OrdersQueueId() {
    }

    /**
     * @param root the queue root
     * @return the {@code orders} queue's id if a router met the queue before, else 0 (none is set)
     * @throws IllegalStateException if the queue is not a single Chronicle queue
     */
    public static long existing(QueueRoot root) {
        ChronicleQueue q = root.queue(Topic.ORDERS);
        if (!(q instanceof SingleChronicleQueue single)) {
            throw new IllegalStateException("orders queue is not a SingleChronicleQueue: " + q.getClass());
        }
        LongValue value = single.metaStore().acquireValueFor(KEY, 0L);
        try {
            return value.getVolatileValue();
        } finally {
            value.close();
        }
    }

    /**
     * @param root  the queue root
     * @param clock the process clock, read once if the queue has no id yet
     * @return the {@code orders} queue's id, UTC epoch ms of its first router start, &gt; 0
     * @throws IllegalStateException if the queue is not a single Chronicle queue, or the clock reads 1970
     */
    public static long of(QueueRoot root, EpochClock clock) {
        ChronicleQueue q = root.queue(Topic.ORDERS);
        if (!(q instanceof SingleChronicleQueue single)) {
            throw new IllegalStateException("orders queue is not a SingleChronicleQueue: " + q.getClass());
        }
        LongValue value = single.metaStore().acquireValueFor(KEY, 0L);
        try {
            long id = value.getVolatileValue();
            if (id == 0) {
                long now = clock.nowNs() / 1_000_000L;
                if (now <= 0) {
                    throw new IllegalStateException("clock before 1970: " + clock.nowNs());
                }
                value.compareAndSwapValue(0L, now); // another process may have set it first: theirs stands
                id = value.getVolatileValue();
            }
            return id;
        } finally {
            value.close();
        }
    }
}
