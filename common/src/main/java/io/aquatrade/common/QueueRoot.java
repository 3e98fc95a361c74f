package io.aquatrade.common;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;

/**
 * The directory holding one Chronicle queue per {@link Topic} ({@code <root>/<topic name>}), and the single place
 * that opens them. Not thread-safe: appenders and tailers belong to the thread that made them, which in an
 * Aquatrade process is the agent thread.
 */
public final class QueueRoot implements AutoCloseable {
    private final Path root;
    private final Map<String, ChronicleQueue> queues = new HashMap<>();
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
        return new TopicReader<>(topic, tailerName == null ? q.createTailer() : q.createTailer(tailerName),
                poisonMessages);
    }

    /**
     * A reader of the topic over a tailer the caller positioned (for example a backward tailer from a given index,
     * to read what a named tailer already consumed). The reader closes the tailer, and applies the poison-message policy
     * set with {@link #poisonMessages} as every other reader does.
     *
     * @param tailer a tailer of this topic's queue ({@link #queue(Topic)})
     */
    public <L extends ProgressListener> TopicReader<L> readerOver(Topic<L> topic, ExcerptTailer tailer) {
        return new TopicReader<>(topic, tailer, poisonMessages);
    }

    @Override
    public void close() {
        queues.values().forEach(ChronicleQueue::close);
        queues.clear();
    }
}
