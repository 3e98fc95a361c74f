package io.aquatrade.common;

import net.openhft.chronicle.queue.ExcerptTailer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one topic, from a Chronicle queue or from an in-memory topic ({@link MemoryTopic}), making each message
 * pending so that its event time can be seen before it is delivered ({@link #peek()}), then delivering it
 * ({@link #dispatch}). A message is consumed (a named tailer's position, or an in-memory reader's cursor, moves past
 * it) only after its listener returned, so a process that stops before then reads the same message again after a
 * restart: delivery is at least once, and every consumer deduplicates by id.
 *
 * <p>{@link Progress} watermarks are consumed here and exposed as {@link #watermarkNs()} and
 * {@link #endOfStream()}, the same way whatever the storage. Every topic's event times never decrease (each writer
 * stamps its outputs in order), so a dispatched message also raises the watermark to its own time. A message that
 * cannot be decoded is logged with its queue index, counted in {@link #malformedCount()} and skipped: it never stops
 * the reader.
 *
 * <p>Not thread-safe; allocation-free per message after the first of each kind.
 */
public final class TopicReader<L extends ProgressListener> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicReader.class);

    private final Topic<L> topic;
    private final TopicSource source;
    private int pendingEntry = -1;
    private Object pendingMessage;
    private long pendingPosition;
    private long pendingTimeNs;
    private long watermarkNs = Long.MIN_VALUE;
    /** The writer's market-data promise ({@link Progress#marketDataNs()}), 0 when none. */
    private long marketDataWatermarkNs;
    /** True when a message was delivered after the last watermark read. */
    private boolean deliveredSinceWatermark;
    private boolean endOfStream;
    private boolean incomplete;
    private long malformedCount;
    private long dispatchedCount;
    private boolean closed;
    private final PoisonMessagePolicy poison;
    /** The last listener dispatched to, and its binding (a reader nearly always serves one listener). */
    private L boundListener;
    private Topic.Binding binding;

    TopicReader(Topic<L> topic, ExcerptTailer tailer, PoisonMessagePolicy poison) {
        this(topic, new ChronicleTopicSource(topic, tailer), poison);
    }

    TopicReader(Topic<L> topic, TopicSource source) {
        this(topic, source, PoisonMessagePolicy.rethrow());
    }

    TopicReader(Topic<L> topic, TopicSource source, PoisonMessagePolicy poison) {
        this.topic = topic;
        this.source = source;
        this.poison = poison;
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
        int entry = source.next(this);
        if (entry < 0) {
            return false;
        }
        pendingEntry = entry;
        pendingMessage = source.message();
        pendingPosition = source.position();
        pendingTimeNs = source.eventTimeNs();
        return true;
    }

    /** A watermark read by the source. */
    void onProgress(long eventTimeNs, boolean end, boolean endIncomplete, long marketDataNs) {
        watermarkNs = Math.max(watermarkNs, eventTimeNs);
        marketDataWatermarkNs = Math.max(marketDataWatermarkNs, marketDataNs);
        deliveredSinceWatermark = false;
        endOfStream |= end;
        incomplete |= endIncomplete;
    }

    /** A message the source could not decode and skipped. */
    void malformed(long index, String what, Throwable cause) {
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
        return pendingTimeNs;
    }

    /** @return the pending message (reused), or null */
    public Object pending() {
        return pendingEntry >= 0 ? pendingMessage : null;
    }

    /**
     * @return where the pending message is: its Chronicle queue index, or its sequence number on an in-memory topic;
     * undefined when none is pending
     */
    public long pendingPosition() {
        return pendingPosition;
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
        Object message = pendingMessage;
        long timeNs = pendingTimeNs;
        if (listener != boundListener) {
            binding = topic.bind(listener);
            boundListener = listener;
        }
        poison.deliver(topic, binding, pendingEntry, message, pendingPosition);
        // Consumed only once handled: a crash inside the listener redelivers the message after a restart
        // (at least once; every consumer deduplicates by id).
        source.consume();
        pendingEntry = -1;
        pendingMessage = null;
        dispatchedCount++;
        deliveredSinceWatermark = true;
        watermarkNs = Math.max(watermarkNs, timeNs);
    }

    /** Consumes the pending message without delivering it (a message a backward read is not after). */
    void skip() {
        if (pendingEntry >= 0) {
            source.consume();
            pendingEntry = -1;
            pendingMessage = null;
        }
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

    /**
     * @return the highest market-data promise of the writer's watermarks ({@link Progress#marketDataNs()}), UTC epoch
     * ns; 0 when it gives none
     */
    public long marketDataWatermarkNs() {
        return marketDataWatermarkNs;
    }

    /**
     * @return true if a message was delivered after the last watermark read: what the writer promised with that
     * watermark may not cover the messages it wrote after it, so a caller that reasons about the writer's state
     * (see {@link #marketDataWatermarkNs()}) waits for the next watermark
     */
    public boolean deliveredSinceWatermark() {
        return deliveredSinceWatermark;
    }

    /**
     * @return no later message of this topic is earlier than this, UTC epoch ns: the pending message's time, else
     * the watermark ({@link Long#MAX_VALUE} after end of stream)
     */
    public long horizonNs() {
        return peek() ? pendingTimeNs : watermarkNs();
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

    /**
     * @return the position (Chronicle queue index, or in-memory sequence number) of the last entry this reader
     * consumed: a message, a watermark or an undecodable entry; -1 before the first of this run
     */
    public long consumedPosition() {
        return source.consumedPosition();
    }

    /**
     * How far this reader is behind its topic, in entries (messages and watermarks written after the last one it
     * consumed; a pending message counts as not consumed). Looks up the end of the storage: for heartbeats and
     * status, not for the hot path.
     *
     * @return entries behind, &gt;= 0; -1 if the storage cannot tell
     */
    public long entriesBehind() {
        return source.entriesBehind();
    }

    /**
     * @return the event time of the newest entry on the topic (a message's or a watermark's), UTC epoch ns;
     * {@link Long#MIN_VALUE} when the topic is empty or the storage cannot tell. Reads the end of the storage: not for
     * the hot path.
     */
    public long newestEventTimeNs() {
        return source.newestEventTimeNs();
    }

    /** @return true once {@link #close()} was called */
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
        source.close();
    }
}
