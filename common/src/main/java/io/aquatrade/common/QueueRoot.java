package io.aquatrade.common;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;

import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The directory holding one Chronicle queue per {@link Topic} ({@code <root>/<topic name>}), and the single place
 * that opens them. Not thread-safe: appenders and tailers belong to the thread that made them, which in an
 * Aquatrade process is the agent thread.
 */
public final class QueueRoot implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QueueRoot.class);
    private final Path root;
    private final Map<String, ChronicleQueue> queues = new HashMap<>();
    private final List<TopicReader<?>> namedReaders = new ArrayList<>();
    private PoisonMessagePolicy poisonMessages = PoisonMessagePolicy.rethrow();

    /**
     * @param root directory of the queues; created if missing
     * @throws ConfigException if the directory cannot be created
     */
    public QueueRoot(Path root) {
        this.root = root;
        try {
            Files.createDirectories(root);
        } catch (Exception e) {
            throw new ConfigException("--queue-dir", "a writable directory, could not create " + root + ": " + e);
        }
    }

    /**
     * Sets what readers made after this call do when a listener throws ({@code runtime.poisonMessage}); without it
     * the listener's exception goes to the caller ({@link PoisonMessagePolicy#rethrow()}).
     *
     * @return this
     */
    public QueueRoot poisonMessages(PoisonMessagePolicy policy) {
        this.poisonMessages = Objects.requireNonNull(policy, "policy");
        return this;
    }

    /** @return the queue root directory */
    public Path path() {
        return root;
    }

    /** @return the topic's queue, opened once */
    public ChronicleQueue queue(Topic<?> topic) {
        return queues.computeIfAbsent(topic.name(), n -> SingleChronicleQueueBuilder.single(root.resolve(n).toFile())
                .rollCycle(RollCycles.FAST_DAILY)
                .build());
    }

    /**
     * A method writer for the topic: each call of a listener method appends one message. Only the topic's one
     * writing process may call this.
     */
    public <L extends ProgressListener> L writer(Topic<L> topic) {
        ExcerptAppender appender = queue(topic).createAppender();
        return appender.methodWriter(topic.listenerType());
    }

    /**
     * A reader of the topic that resumes where the named reader stopped (a Chronicle named tailer), or from the
     * start when {@code tailerName} is null.
     *
     * @param tailerName the reading process's name, e.g. "decision-engine"; null for an anonymous reader from the start
     */
    public <L extends ProgressListener> TopicReader<L> reader(Topic<L> topic, String tailerName) {
        ChronicleQueue q = queue(topic);
        TopicReader<L> reader = new TopicReader<>(topic, tailerName == null ? q.createTailer()
                : q.createTailer(tailerName), poisonMessages);
        if (tailerName != null) {
            namedReaders.add(reader);
        }
        return reader;
    }

    /**
     * @return the named readers (a process's inputs) made by {@link #reader} and not closed yet, in the order they
     * were made: what a {@link HeartbeatWriter} reports the lag of
     */
    public List<TopicReader<?>> namedReaders() {
        namedReaders.removeIf(TopicReader::isClosed);
        return Collections.unmodifiableList(namedReaders);
    }

    /**
     * An anonymous reader of the topic that reads backwards, newest entry first, from its end: what a tool that wants
     * the latest state (the last price, whether the writer has ended its stream) reads without going through the
     * whole topic. Watermarks met on the way are consumed as by any reader ({@link TopicReader#endOfStream()} is
     * true once the writer's end-of-stream mark was passed, which is the newest entry of an ended topic).
     */
    public <L extends ProgressListener> TopicReader<L> readerFromEnd(Topic<L> topic) {
        ExcerptTailer back = queue(topic).createTailer().direction(TailerDirection.BACKWARD).toEnd();
        return new TopicReader<>(topic, back, poisonMessages);
    }

    /**
     * Reads backwards, newest first, the messages of a topic that the named tailer had already consumed (what a
     * restarted process read before it stopped: the latest prices, the trades since some time), delivering each to
     * the listener while {@code more} answers true; messages at or after the tailer's position (not consumed yet) are
     * skipped. The poison-message policy set with {@link #poisonMessages} applies as for every reader.
     *
     * @param topic      the topic to read
     * @param tailerName the named tailer whose consumed messages are read; it is not moved
     * @param listener   receives each consumed message, newest first
     * @param more       asked before each message: false stops the read
     * @return messages delivered; 0 when the named tailer has never read
     */
    public <L extends ProgressListener> long readConsumedBackwards(Topic<L> topic, String tailerName, L listener,
                                                                   BooleanSupplier more) {
        ChronicleQueue q = queue(topic);
        long resumeIndex;
        try (ExcerptTailer named = q.createTailer(tailerName)) {
            resumeIndex = named.index();
        }
        if (resumeIndex == 0) {
            return 0; // never read: nothing consumed
        }
        ExcerptTailer back = q.createTailer().direction(TailerDirection.BACKWARD);
        if (!back.moveToIndex(resumeIndex)) {
            back.toEnd();
        }
        long delivered = 0;
        try (TopicReader<L> reader = new TopicReader<>(topic, back, poisonMessages)) {
            while (more.getAsBoolean() && reader.peek()) {
                if (reader.pendingPosition() >= resumeIndex) {
                    reader.skip(); // not consumed by the named tailer yet
                } else {
                    reader.dispatch(listener);
                    delivered++;
                }
            }
            if (reader.malformedCount() > 0) {
                LOG.warn("{}: a backward read of what {} consumed skipped {} undecodable messages", topic,
                        tailerName, reader.malformedCount());
            }
        }
        return delivered;
    }

    @Override
    public void close() {
        queues.values().forEach(ChronicleQueue::close);
        queues.clear();
    }
}
