package io.aquatrade.common;

import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import net.openhft.chronicle.wire.Marshallable;
import net.openhft.chronicle.wire.ValueIn;

/**
 * A topic read through a Chronicle tailer (forward or backward): each message is decoded into an object reused per
 * message kind, and the tailer moves past a message only on {@link #consume()}, so a named tailer resumes at the
 * first message whose listener had not returned. Allocation-free per message after the first of each kind.
 */
final class ChronicleTopicSource implements TopicSource {
    private final Topic<?> topic;
    private final ExcerptTailer tailer;
    private final Marshallable[] messages;
    private final Progress progress = new Progress();
    private final StringBuilder eventName = new StringBuilder();
    private int entry = -1;
    private long index;
    private long consumedIndex = -1;
    /** A backward tailer over the same queue for {@link #newestEventTimeNs()}; made on first use. */
    private ExcerptTailer newest;

    ChronicleTopicSource(Topic<?> topic, ExcerptTailer tailer) {
        this.topic = topic;
        this.tailer = tailer;
        this.messages = new Marshallable[topic.entryCount()];
        for (int i = 0; i < messages.length; i++) {
            messages[i] = topic.newMessage(i);
        }
    }

    @Override
    public int next(TopicReader<?> reader) {
        while (true) {
            try (DocumentContext dc = tailer.readingDocument()) {
                if (!dc.isPresent()) {
                    return -1;
                }
                if (!dc.isData()) {
                    continue;
                }
                long at = dc.index();
                long before = consumedIndex;
                consumedIndex = at; // unless rolled back below: a message stays unconsumed until consume()
                try {
                    ValueIn in = dc.wire().readEventName(eventName);
                    if (Topic.PROGRESS.contentEquals(eventName)) {
                        progress.reset();
                        in.marshallable(progress);
                        reader.onProgress(progress.eventTimeNs(), progress.endOfStream(), progress.incomplete(),
                                progress.marketDataNs());
                        continue;
                    }
                    int e = topic.entryIndex(eventName);
                    if (e < 0) {
                        reader.malformed(at, "unknown message '" + eventName + "'", null);
                        continue;
                    }
                    Marshallable m = messages[e];
                    m.reset();
                    in.marshallable(m);
                    entry = e;
                    index = at;
                    consumedIndex = before;
                    dc.rollbackOnClose();
                    return e;
                } catch (RuntimeException ex) {
                    reader.malformed(at, "cannot decode", ex);
                }
            }
        }
    }

    @Override
    public Object message() {
        return messages[entry];
    }

    @Override
    public long eventTimeNs() {
        return topic.eventTimeNs(entry, messages[entry]);
    }

    @Override
    public long position() {
        return index;
    }

    @Override
    public void consume() {
        try (DocumentContext dc = tailer.readingDocument()) {
            if (!dc.isPresent() || dc.index() != index) {
                throw new IllegalStateException(topic + ": expected index " + Long.toHexString(index));
            }
        }
        entry = -1;
        consumedIndex = index;
    }

    @Override
    public long consumedPosition() {
        return consumedIndex;
    }

    /**
     * Counts with the queue's own index arithmetic ({@code countExcerpts}), across roll cycles.
     */
    @Override
    public long entriesBehind() {
        ChronicleQueue queue = tailer.queue();
        if (!(queue instanceof SingleChronicleQueue single)) {
            return -1;
        }
        try {
            long last = queue.lastIndex();
            if (last < 0) {
                return 0; // empty
            }
            if (consumedIndex >= 0) {
                // countExcerpts counts [from, to): [consumed, last) has as many entries as (consumed, last]
                return consumedIndex >= last ? 0 : single.countExcerpts(consumedIndex, last);
            }
            long next = tailer.index();
            long from = next == 0 ? queue.firstIndex() : next; // a fresh tailer has not moved yet
            return from > last ? 0 : single.countExcerpts(from, last) + 1;
        } catch (RuntimeException e) {
            return -1; // e.g. a cycle file deleted meanwhile: unknown, never fatal
        }
    }

    @Override
    public long newestEventTimeNs() {
        if (newest == null) {
            newest = tailer.queue().createTailer().direction(TailerDirection.BACKWARD);
        }
        newest.toEnd();
        try (DocumentContext dc = newest.readingDocument()) {
            if (!dc.isPresent() || !dc.isData()) {
                return Long.MIN_VALUE;
            }
            ValueIn in = dc.wire().readEventName(eventName);
            if (Topic.PROGRESS.contentEquals(eventName)) {
                Progress p = new Progress();
                in.marshallable(p);
                return p.eventTimeNs();
            }
            int e = topic.entryIndex(eventName);
            if (e < 0) {
                return Long.MIN_VALUE;
            }
            Marshallable m = topic.newMessage(e);
            in.marshallable(m);
            return topic.eventTimeNs(e, m);
        } catch (RuntimeException ex) {
            return Long.MIN_VALUE; // an undecodable newest entry: the lag in time is unknown
        }
    }

    @Override
    public void close() {
        if (newest != null) {
            newest.close();
        }
        tailer.close();
    }
}
