package io.aquatrade.common;

import net.openhft.chronicle.queue.ExcerptTailer;
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
    }

    @Override
    public void close() {
        tailer.close();
    }
}
