package io.aquatrade.common;

import java.nio.file.Path;

import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

/**
 * How far a named reader is behind the topics it reads, measured from outside the reader: from the position its
 * Chronicle named tailer has persisted ({@code indexForId}) to the end of the queue, with tailers of its own. It never
 * moves the named tailer, so it can run on another thread than the reader (a metrics scrape) or in another process.
 *
 * <p>For a topic, the lag is 0 when no message (watermarks aside) is left unread; otherwise:
 * <ul>
 *   <li>{@code messages}: the excerpts from the oldest unread message to the newest message on the topic, both
 *       included, counted by Chronicle ({@code countExcerpts}); the writer's {@link Progress} watermarks in between
 *       are counted too;</li>
 *   <li>{@code timeNs}: the event time of the newest message on the topic minus that of the oldest unread one: how
 *       much market time the reader has still to work through.</li>
 * </ul>
 *
 * <p>Each measurement opens and closes two tailers (it allocates: call it at scrape time, not per message).
 * Thread-safe (measurements are serialised); {@link #close()} releases the queues it opened.
 */
public final class TopicLag implements AutoCloseable {
    private final Path queueDir;
    private final String tailerName;
    private QueueRoot queues;

    /**
     * @param queueDir   the queue root the reader reads
     * @param tailerName the reader's named tailer (its process name, e.g. "decision-engine")
     */
    public TopicLag(Path queueDir, String tailerName) {
        this.queueDir = queueDir;
        this.tailerName = tailerName;
    }

    /**
     * A reader's lag on one topic.
     *
     * @param messages excerpts not read yet, from the oldest unread message to the newest on the topic; 0 when none
     * @param timeNs   event time of the newest message on the topic minus that of the oldest unread one, ns, &gt;= 0
     */
    public record Lag(long messages, long timeNs) {
        /** Nothing left to read. */
        public static final Lag NONE = new Lag(0, 0);
    }

    /**
     * @param topic a topic the reader reads
     * @return its lag there now; {@link Lag#NONE} when it has read every message (or the topic holds none)
     */
    public synchronized <L extends ProgressListener> Lag measure(Topic<L> topic) {
        if (queues == null) {
            queues = new QueueRoot(queueDir);
        }
        ChronicleQueue q = queues.queue(topic);
        long next = q.indexForId(tailerName).getValue(); // 0: the reader has never read
        long oldestIndex;
        long oldestNs;
        try (TopicReader<L> unread = new TopicReader<>(topic, tailerAt(q, next), PoisonMessagePolicy.rethrow())) {
            if (!unread.peek()) {
                return Lag.NONE;
            }
            oldestIndex = unread.pendingPosition();
            oldestNs = unread.pendingTimeNs();
        }
        long newestIndex;
        long newestNs;
        try (TopicReader<L> last = new TopicReader<>(topic, q.createTailer().direction(TailerDirection.BACKWARD)
                .toEnd(), PoisonMessagePolicy.rethrow())) {
            if (!last.peek()) {
                return Lag.NONE;
            }
            newestIndex = last.pendingPosition();
            newestNs = last.pendingTimeNs();
        }
        if (newestIndex < oldestIndex) {
            return Lag.NONE;
        }
        long messages = ((SingleChronicleQueue) q).countExcerpts(oldestIndex, newestIndex) + 1;
        return new Lag(messages, Math.max(0, newestNs - oldestNs));
    }

    private static ExcerptTailer tailerAt(ChronicleQueue q, long index) {
        ExcerptTailer t = q.createTailer();
        if (index != 0 && !t.moveToIndex(index)) {
            t.toEnd(); // the reader is at the end: its next index is not written yet
        }
        return t;
    }

    @Override
    public synchronized void close() {
        if (queues != null) {
            queues.close();
            queues = null;
        }
    }
}
