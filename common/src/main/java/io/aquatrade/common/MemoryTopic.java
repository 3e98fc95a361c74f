package io.aquatrade.common;

import java.util.ArrayList;
import java.util.List;


/**
 * A topic held in memory, for backtests and the optimiser: the second implementation of a topic beside the
 * Chronicle queue of {@link QueueRoot}, read through the same {@link TopicReader} (so the same {@link Sequencer},
 * watermarks and dispatch run over it) and written through the same listener interface ({@link #writer()}).
 *
 * <p><b>Storage.</b> A ring of pooled slots, one per entry, each holding one reused message object per message kind
 * (made the first time a slot carries that kind). A write through {@link #writer()} copies the writer's message field
 * by field into the next slot (no serialization; Chronicle's {@code validate()} is called as on a queue write), since
 * writers reuse their message objects; a producer that can build its message in place uses {@link #claim(Class)} and
 * {@link #publish()} instead, with no copy at all. Readers are handed the slot's object itself, without a copy, and
 * must treat it as read-only (several readers share it). {@link Progress} watermarks are entries of the ring too,
 * so a reader meets them exactly where the writer wrote them, as on a queue.
 *
 * <p><b>Memory.</b> An entry is recycled once every reader has consumed it. A writer never loses an entry: when the
 * ring is full of entries some reader has not consumed yet, it doubles (allocating new slots; the only allocation
 * after warm-up). A producer that can choose when to write (a backtest's feed of recorded data) keeps memory bounded
 * by writing only while {@link #backlog()} is below the ring's {@link #capacity()}.
 *
 * <p><b>Readers.</b> Several named readers per topic ({@link #reader(String)}); each sees every entry written after
 * it was made, plus those still held when it was made. Create the readers before the first write to see everything.
 *
 * <p>Single-threaded: writers and readers must run on one thread (a backtest runs every component on one thread).
 *
 * @param <L> the topic's listener interface
 */
public final class MemoryTopic<L extends ProgressListener> {
    private static final int PROGRESS = -1;
    // The hot path never casts a message to an interface (Event, Validatable, Marshallable): see Topic#on.

    private final Topic<L> topic;
    private final List<Cursor> cursors = new ArrayList<>();
    private Slot[] ring;
    private int mask;
    /** Sequence number of the next entry written. */
    private long writeSeq;
    /** Sequence number of the oldest entry still held. */
    private long tailSeq;
    /** True between {@link #claim(Class)} and {@link #publish()}. */
    private boolean claimed;

    /**
     * @param topic            which topic this holds (its registry decodes, copies and dispatches)
     * @param initialCapacity  slots allocated up front, rounded up to a power of two (at least 2)
     * @throws IllegalArgumentException if initialCapacity is not positive
     */
    public MemoryTopic(Topic<L> topic, int initialCapacity) {
        if (initialCapacity <= 0) {
            throw new IllegalArgumentException("initialCapacity must be > 0, was " + initialCapacity);
        }
        this.topic = topic;
        int capacity = Math.max(2, Integer.highestOneBit(initialCapacity - 1) << 1);
        this.ring = new Slot[capacity];
        for (int i = 0; i < capacity; i++) {
            ring[i] = new Slot(topic.entryCount());
        }
        this.mask = capacity - 1;
    }

    /** @return the topic held */
    public Topic<L> topic() {
        return topic;
    }

    /**
     * A writer of this topic: each listener call appends one entry (a copy of its argument); {@code progress} appends
     * a watermark. Several writers may exist (one thread); a topic is still written by one component only.
     */
    public L writer() {
        return topic.newMemoryWriter(this);
    }

    /**
     * A new reader of this topic.
     *
     * @param name the reading component's name, for logs (e.g. "decision-engine"); unique per topic
     * @throws IllegalArgumentException if this topic already has a reader of that name
     */
    public TopicReader<L> reader(String name) {
        for (Cursor c : cursors) {
            if (c.name.equals(name)) {
                throw new IllegalArgumentException(topic + " already has a reader named '" + name + "'");
            }
        }
        Cursor cursor = new Cursor(name, tailSeq);
        cursors.add(cursor);
        return new TopicReader<>(topic, cursor);
    }

    /** @return entries written and not yet consumed by every reader (0 with no readers) */
    public int backlog() {
        return (int) (writeSeq - minReadSeq());
    }

    /** @return slots in the ring now (it doubles when a write finds it full of unconsumed entries) */
    public int capacity() {
        return ring.length;
    }

    /** @return entries written so far, watermarks included */
    public long writtenCount() {
        return writeSeq;
    }

    /**
     * Zero-copy write, for a producer that can build its message in place (a backtest's feed of recorded data): the
     * next slot's pooled message of this type, reset, to fill; readers see it only after {@link #publish()}. Nothing
     * else may be written between the two calls.
     *
     * @param type a message class of this topic, e.g. {@code TradeTick.class}
     * @return the slot's message, reset
     * @throws IllegalArgumentException if the topic carries no message of that type
     */
    public <M extends Event> M claim(Class<M> type) {
        int entry = -1;
        for (int i = 0; i < topic.entryCount(); i++) {
            if (topic.messageType(i) == type) {
                entry = i;
                break;
            }
        }
        if (entry < 0) {
            throw new IllegalArgumentException(topic + " carries no " + type.getSimpleName());
        }
        Slot slot = claim();
        Object message = slot.messages[entry];
        if (message == null) {
            message = topic.newMessage(entry);
            slot.messages[entry] = message;
        } else {
            topic.reset(entry, message);
        }
        slot.entry = entry;
        slot.message = message;
        claimed = true;
        return type.cast(message);
    }

    /**
     * Publishes the message filled since {@link #claim(Class)}, checked by its {@code validate()} as on a queue write.
     *
     * @throws IllegalStateException if nothing was claimed
     */
    public void publish() {
        if (!claimed) {
            throw new IllegalStateException(topic + ": publish without claim");
        }
        claimed = false;
        Slot slot = ring[(int) writeSeq & mask];
        Object message = slot.message;
        topic.validate(slot.entry, message);
        slot.eventTimeNs = topic.eventTimeNs(slot.entry, message);
        writeSeq++;
    }

    /** Appends a message of registry entry {@code entry}: a copy into the next slot. Called by the writers. */
    void write(int entry, Object message) {
        topic.validate(entry, message);
        Slot slot = claim();
        Object copy = slot.messages[entry];
        if (copy == null) {
            copy = topic.newMessage(entry);
            slot.messages[entry] = copy;
        }
        topic.copy(entry, message, copy);
        slot.entry = entry;
        slot.message = copy;
        slot.eventTimeNs = topic.eventTimeNs(entry, copy);
        writeSeq++;
    }

    /** Appends a watermark. Called by the writers. */
    void progress(Progress progress) {
        progress.validate();
        Slot slot = claim();
        slot.entry = PROGRESS;
        slot.progressNs = progress.eventTimeNs();
        slot.endOfStream = progress.endOfStream();
        slot.incomplete = progress.incomplete();
        slot.marketDataNs = progress.marketDataNs();
        writeSeq++;
    }

    private Slot claim() {
        if (claimed) {
            throw new IllegalStateException(topic + ": a claimed message was not published");
        }
        if (writeSeq - tailSeq == ring.length) {
            tailSeq = minReadSeq();
            if (writeSeq - tailSeq == ring.length) {
                grow();
            }
        }
        return ring[(int) writeSeq & mask];
    }

    private long minReadSeq() {
        long min = writeSeq;
        for (int i = 0; i < cursors.size(); i++) {
            min = Math.min(min, cursors.get(i).seq);
        }
        return min;
    }

    private void grow() {
        int capacity = Math.multiplyExact(ring.length, 2);
        Slot[] bigger = new Slot[capacity];
        int newMask = capacity - 1;
        for (long s = tailSeq; s < writeSeq; s++) {
            bigger[(int) s & newMask] = ring[(int) s & mask];
        }
        for (int i = 0; i < capacity; i++) {
            if (bigger[i] == null) {
                bigger[i] = new Slot(topic.entryCount());
            }
        }
        ring = bigger;
        mask = newMask;
    }

    @Override
    public String toString() {
        return topic + " (in memory)";
    }

    /** One entry of the ring: a message (one pooled object per kind) or a watermark. */
    private static final class Slot {
        /** The pooled messages, one per kind. */
        final Object[] messages;
        /** The message of this entry (one of {@link #messages}), so a reader reads no array. */
        Object message;
        int entry;
        /** The message's event time, kept here so that a reader's peek touches only the slot. */
        long eventTimeNs;
        long progressNs;
        boolean endOfStream;
        boolean incomplete;
        long marketDataNs;

        Slot(int kinds) {
            this.messages = new Object[kinds];
        }
    }

    /** A reader's position: the sequence number of the next entry it reads. */
    private final class Cursor implements TopicSource {
        final String name;
        long seq;
        boolean closed;

        Cursor(String name, long seq) {
            this.name = name;
            this.seq = seq;
        }

        @Override
        public int next(TopicReader<?> reader) {
            while (seq < writeSeq) {
                Slot slot = ring[(int) seq & mask];
                if (slot.entry != PROGRESS) {
                    return slot.entry;
                }
                reader.onProgress(slot.progressNs, slot.endOfStream, slot.incomplete, slot.marketDataNs);
                seq++;
            }
            return -1;
        }

        @Override
        public Object message() {
            Slot slot = ring[(int) seq & mask];
            return slot.message;
        }

        @Override
        public long eventTimeNs() {
            return ring[(int) seq & mask].eventTimeNs;
        }

        @Override
        public long position() {
            return seq;
        }

        @Override
        public long consumedPosition() {
            return seq - 1;
        }

        @Override
        public long entriesBehind() {
            return writeSeq - seq;
        }

        @Override
        public void consume() {
            if (seq >= writeSeq) {
                throw new IllegalStateException(topic + ": reader " + name + " has nothing to consume");
            }
            seq++;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                cursors.remove(this);
            }
        }
    }
}
