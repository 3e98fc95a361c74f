package io.aquatrade.common;

import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import net.openhft.chronicle.wire.Marshallable;
import net.openhft.chronicle.wire.ValueIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one topic through a tailer, decoding each message into a reused object so that its event time can be seen
 * before it is delivered ({@link #peek()}), then delivering it ({@link #dispatch}). A message is consumed (the named
 * tailer's position moves past it) only after its listener returned, so a process that stops before then reads the
 * same message again after a restart: delivery is at least once, and every consumer deduplicates by id.
 *
 * <p>{@link Progress} watermarks are consumed here and exposed as {@link #watermarkNs()} and
 * {@link #endOfStream()}. Every topic's event times never decrease (each writer stamps its outputs in order), so a
 * dispatched message also raises the watermark to its own time. A message that cannot be decoded is logged with its queue index, counted in
 * {@link #malformedCount()} and skipped: it never stops the reader.
 *
 * <p>Not thread-safe; allocation-free per message after the first of each kind.
 */
public final class TopicReader<L extends ProgressListener> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicReader.class);

    private final Topic<L> topic;
    private final ExcerptTailer tailer;
    private final Marshallable[] messages;
    private final Progress progress = new Progress();
    private final StringBuilder eventName = new StringBuilder();
    private int pendingEntry = -1;
    private long pendingIndex;
    private long watermarkNs = Long.MIN_VALUE;
    private boolean endOfStream;
    private boolean incomplete;
    private long malformedCount;
    private long dispatchedCount;
    private final PoisonMessagePolicy poison;

    TopicReader(Topic<L> topic, ExcerptTailer tailer) {
        this(topic, tailer, PoisonMessagePolicy.rethrow());
    }

    TopicReader(Topic<L> topic, ExcerptTailer tailer, PoisonMessagePolicy poison) {
        this.topic = topic;
        this.tailer = tailer;
        this.poison = poison;
        this.messages = new Marshallable[topic.entryCount()];
        for (int i = 0; i < messages.length; i++) {
            messages[i] = topic.newMessage(i);
        }
    }

    /** @return the topic read */
    public Topic<L> topic() {
        return topic;
    }

    /**
     * Makes the next message pending, if one is there. Watermarks and malformed messages met on the way are consumed.
     *
     * @return true if a message is pending
     */
    public boolean peek() {
        if (pendingEntry >= 0) {
            return true;
        }
        while (true) {
            try (DocumentContext dc = tailer.readingDocument()) {
                if (!dc.isPresent()) {
                    return false;
                }
                if (!dc.isData()) {
                    continue;
                }
                long index = dc.index();
                try {
                    ValueIn in = dc.wire().readEventName(eventName);
                    if (Topic.PROGRESS.contentEquals(eventName)) {
                        progress.reset();
                        in.marshallable(progress);
                        watermarkNs = Math.max(watermarkNs, progress.eventTimeNs());
                        endOfStream |= progress.endOfStream();
                        incomplete |= progress.incomplete();
                        continue;
                    }
                    int entry = topic.entryIndex(eventName);
                    if (entry < 0) {
                        malformed(index, "unknown message '" + eventName + "'", null);
                        continue;
                    }
                    Marshallable m = messages[entry];
                    m.reset();
                    in.marshallable(m);
                    pendingEntry = entry;
                    pendingIndex = index;
                    dc.rollbackOnClose();
                    return true;
                } catch (RuntimeException e) {
                    malformed(index, "cannot decode", e);
                }
            }
        }
    }

    private void malformed(long index, String what, Throwable cause) {
        malformedCount++;
        LOG.warn("{}: skipped message at index {}: {} ({} skipped so far)", topic, Long.toHexString(index), what,
                malformedCount, cause);
    }

    /** @return true if {@link #peek()} left a message pending */
    public boolean hasPending() {
        return pendingEntry >= 0;
    }

    /** @return event time of the pending message, UTC epoch ns; undefined when none is pending */
    public long pendingTimeNs() {
        return ((Event) messages[pendingEntry]).eventTimeNs();
    }

    /** @return the pending message (reused), or null */
    public Object pending() {
        return pendingEntry >= 0 ? messages[pendingEntry] : null;
    }

    /**
     * Consumes the pending message and delivers it to the listener. Must follow a {@link #peek()} that returned true.
     * A listener that throws is handled by the reader's {@link PoisonMessagePolicy}: tried again, then written to the
     * dead-letter file and skipped (consumed), or the process halted.
     *
     * @throws IllegalStateException  if nothing is pending
     * @throws PoisonMessageException if the message failed every attempt and the policy halts (not consumed)
     */
    public void dispatch(L listener) {
        if (pendingEntry < 0) {
            throw new IllegalStateException("nothing pending on " + topic);
        }
        int entry = pendingEntry;
        poison.deliver(topic, entry, listener, messages[entry], pendingIndex);
        // Consumed only once handled: a crash inside the listener redelivers the message after a restart
        // (at least once; every consumer deduplicates by id).
        try (DocumentContext dc = tailer.readingDocument()) {
            if (!dc.isPresent() || dc.index() != pendingIndex) {
                throw new IllegalStateException(topic + ": expected index " + Long.toHexString(pendingIndex));
            }
        }
        pendingEntry = -1;
        dispatchedCount++;
        watermarkNs = Math.max(watermarkNs, ((Event) messages[entry]).eventTimeNs());
    }

    /**
     * Reads and delivers at most one message, in arrival order.
     *
     * @return 1 if a message was delivered, else 0
     */
    public int poll(L listener) {
        if (peek()) {
            dispatch(listener);
            return 1;
        }
        return 0;
    }

    /**
     * @return the highest watermark seen or implied by a dispatched message, UTC epoch ns; {@link Long#MIN_VALUE}
     * before the first, {@link Long#MAX_VALUE} after end of stream
     */
    public long watermarkNs() {
        return endOfStream ? Long.MAX_VALUE : watermarkNs;
    }

    /**
     * @return the highest finite watermark seen or implied by a dispatched message, UTC epoch ns, even after end of
     * stream (the time the writer's end-of-stream mark carries); {@link Long#MIN_VALUE} before the first
     */
    public long lastFiniteWatermarkNs() {
        return watermarkNs;
    }

    /** @return true once the writer has announced the end of its stream */
    public boolean endOfStream() {
        return endOfStream;
    }

    /** @return true once the writer has announced an end of stream marked {@link Progress#incomplete()} */
    public boolean endOfStreamIncomplete() {
        return incomplete;
    }

    /** @return messages skipped because they could not be decoded */
    public long malformedCount() {
        return malformedCount;
    }

    /** @return messages delivered */
    public long dispatchedCount() {
        return dispatchedCount;
    }

    @Override
    public void close() {
        tailer.close();
    }
}
