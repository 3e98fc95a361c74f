package io.aquatrade.notifier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * The notifier's outbox: a Chronicle queue of its own ({@code <dir>/outbox}) holding every alert that passed the
 * {@link AlertGate}, one JSON document each, in order. The agent thread appends; each channel (Telegram, webhook)
 * reads it on its own thread with a named tailer of the channel's name that moves past an alert only once the
 * channel is done with it (sent, or given up after its attempts), so a restart, even after kill -9, resumes each
 * channel at the alert it was working on: at least once for that one alert, exactly once for the rest.
 *
 * <p>The outbox is also the notifier's memory: at start-up {@link #readAll} gives every alert ever appended, from which
 * the agent restores what it already reported (dedup and throttle state, the last source message turned into an
 * alert, each process's last state, the days summarised).
 *
 * <p>The queue object is thread-safe; an appender or a tailer belongs to the thread that made it.
 */
final class Outbox implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    private final ChronicleQueue queue;
    private final Path dir;
    /** Seq of the last alert appended; written by the agent thread, read by the channels. */
    private volatile long lastSeq;
    private ExcerptAppender appender;

    /** @param dir the outbox queue's directory; created if missing */
    Outbox(Path dir) {
        this.dir = dir;
        this.queue = SingleChronicleQueueBuilder.single(dir.toFile()).rollCycle(RollCycles.FAST_DAILY).build();
    }

    /** @return the queue's directory */
    Path dir() {
        return dir;
    }

    /**
     * Reads every alert appended so far, oldest first, and sets {@link #lastSeq()}; call once, on the appending
     * thread, before the first {@link #append}.
     *
     * @throws UncheckedIOException if a document is not an alert
     */
    void readAll(Consumer<Alert> each) {
        try (ExcerptTailer t = queue.createTailer()) {
            while (true) {
                String text = t.readText();
                if (text == null) {
                    break;
                }
                Alert a = parse(text);
                lastSeq = Math.max(lastSeq, a.seq());
                each.accept(a);
            }
        }
    }

    /**
     * Appends an alert, giving it the next seq.
     *
     * @param alert the alert (its seq is ignored)
     * @param note  a line added to its text (alerts held back before it), or null
     * @return the alert as appended
     */
    Alert append(Alert alert, String note) {
        if (appender == null) {
            appender = queue.createAppender();
        }
        Alert a = alert.appended(lastSeq + 1, note);
        try {
            appender.writeText(JSON.writeValueAsString(a));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write alert as JSON: " + a.key(), e);
        }
        lastSeq = a.seq();
        return a;
    }

    /** @return the seq of the last alert appended, 0 if none */
    long lastSeq() {
        return lastSeq;
    }

    /** @return a reader for one channel, resuming where the channel's named tailer stopped; one thread only */
    Reader reader(String channel) {
        return new Reader(queue.createTailer(channel));
    }

    static Alert parse(String text) {
        try {
            return JSON.readValue(text, Alert.class);
        } catch (IOException e) {
            throw new UncheckedIOException("not an alert in the outbox: " + text, e);
        }
    }

    @Override
    public void close() {
        if (appender != null) {
            appender.close();
        }
        queue.close();
    }

    /**
     * One channel's place in the outbox: {@link #next()} opens the next alert, {@link #done()} moves past it;
     * {@link #release()} leaves it to be read again (by this run or, after a restart, the next).
     */
    static final class Reader implements AutoCloseable {
        private final ExcerptTailer tailer;
        private DocumentContext open;

        private Reader(ExcerptTailer tailer) {
            this.tailer = tailer;
        }

        /** @return the next alert, held open until {@link #done()} or {@link #release()}; null if none yet */
        Alert next() {
            if (open != null) {
                throw new IllegalStateException("an alert is already open");
            }
            DocumentContext dc = tailer.readingDocument();
            if (!dc.isPresent()) {
                dc.close();
                return null;
            }
            String text = dc.wire().getValueIn().text();
            if (text == null) { // not ours (metadata): skip it
                dc.close();
                return null;
            }
            open = dc;
            return parse(text);
        }

        /** Moves past the open alert; the named tailer's place is kept on disk. */
        void done() {
            if (open != null) {
                open.close();
                open = null;
            }
        }

        /** Leaves the open alert unread. */
        void release() {
            if (open != null) {
                open.rollbackOnClose();
                open.close();
                open = null;
            }
        }

        @Override
        public void close() {
            release();
            tailer.close();
        }
    }
}
