package io.aquatrade.common;

/**
 * Where a {@link TopicReader} reads a topic from: a Chronicle tailer ({@link ChronicleTopicSource}) or a reader of an
 * in-memory topic ({@link MemoryTopic}). The storage decides how a message is held; decoding-independent handling
 * (watermarks, the pending message, dispatch and its bookkeeping) stays in {@link TopicReader}, the same for both.
 *
 * <p>Not thread-safe: a source belongs to its reader's thread.
 */
interface TopicSource extends AutoCloseable {
    /**
     * Makes the next message current without consuming it. {@link Progress} watermarks met on the way are consumed
     * and handed to {@link TopicReader#onProgress(long, boolean, boolean)}; undecodable messages are consumed and reported to
     * {@link TopicReader#malformed(long, String, Throwable)}.
     *
     * @param reader the reader to report watermarks and malformed messages to
     * @return the current message's entry in the topic's registry, or -1 if no message is there yet
     */
    int next(TopicReader<?> reader);

    /** @return the current message (owned by the source: valid until {@link #consume()}); after {@link #next} >= 0 */
    Object message();

    /** @return the current message's event time, UTC epoch ns; after {@link #next} >= 0 */
    long eventTimeNs();

    /** @return the current message's position: a Chronicle queue index, or an in-memory topic's sequence number */
    long position();

    /**
     * Consumes the current message, once its listener returned.
     *
     * @throws IllegalStateException if the storage no longer holds the current message where it was
     */
    void consume();

    /**
     * @return the position of the last entry (message, watermark or undecodable entry) this source consumed, or -1
     * before the first
     */
    long consumedPosition();

    /**
     * How far the reader is behind the topic's end, for heartbeats and status: not on the hot path (it may look up
     * the storage's end).
     *
     * @return entries (messages and watermarks) on the topic after the last one consumed, &gt;= 0; -1 if unknown
     */
    default long entriesBehind() {
        return -1;
    }

    /**
     * @return the event time of the newest entry on the topic (a message's, or a watermark's), UTC epoch ns;
     * {@link Long#MIN_VALUE} when the topic is empty or it is unknown. Not on the hot path.
     */
    default long newestEventTimeNs() {
        return Long.MIN_VALUE;
    }

    /** Releases the storage's reader (a Chronicle tailer, or an in-memory topic's cursor). */
    @Override
    void close();
}
