package io.aquatrade.common;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import net.openhft.chronicle.wire.Marshallable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a reader does when a listener throws on a message (a poison message), so that one bad message cannot stop a
 * process in a restart loop: {@link TopicReader#dispatch} hands every delivery to {@link #deliver}.
 *
 * <p>A listener that throws is called again with the same message, in place, up to
 * {@code runtime.poisonMessage.retries} attempts in all (each failed attempt goes to the {@link ErrorHandler} as
 * {@link ErrorHandler.Kind#HANDLER}). An attempt that succeeds ends it, and the message is consumed as usual. If
 * every attempt threw, the message is written to the process's {@link DeadLetterFile} (topic, queue index, the
 * message as text, the last exception), counted ({@link ErrorHandler.Kind#DEAD_LETTER})
 * and logged at ERROR; then
 * <ul>
 *   <li>{@code skip}: {@link #deliver} returns normally, so the reader consumes the message and the process goes
 *       on with the next one;</li>
 *   <li>{@code halt}: {@link #deliver} throws {@link PoisonMessageException}; the message stays unconsumed and the
 *       {@link AgentRunner} ends with {@link ProcessCli#EXIT_POISON_HALT}, which supervisors do not restart. A
 *       manual restart meets the same message again and halts again (logged at ERROR each time, exit code 3), until
 *       the cause is fixed (the message is then handled) or the action is {@code skip} (it is then skipped).</li>
 * </ul>
 * A message already in the dead-letter file (same topic, index and text: met again after a restart, for example by a
 * warm-up that replays a topic) is not written twice; it is logged and counted, and the action applies as before.
 *
 * <p>Listeners must treat a message as read-only (they do: messages are reused decode buffers), so each attempt sees
 * the same message; a listener that changed its own state before throwing must tolerate the redelivery, as it
 * already must after a restart (every consumer deduplicates by id).
 *
 * <p>{@link VirtualMachineError}s other than {@link StackOverflowError} (out of memory, internal errors) are not the
 * message's fault and are rethrown at once, as is a {@link PoisonMessageException} of a nested reader.
 *
 * <p>Agent thread only ({@link #rethrow()} is stateless and shared). The success path costs one try block: no
 * allocation, no clock read.
 */
public final class PoisonMessagePolicy {
    private static final Logger LOG = LoggerFactory.getLogger(PoisonMessagePolicy.class);
    private static final PoisonMessagePolicy RETHROW = new PoisonMessagePolicy();

    private final String process;
    private final int attempts;
    private final PoisonMessageConfig.Action action;
    private final DeadLetterFile deadLetters;
    private final ErrorHandler errors;
    private final EpochClock clock;
    /** Messages given up since start (written to the dead-letter file, or found there already); for the log. */
    private long deadLetterCount;
    /** (topic, index) to message text of the lines in the dead-letter file; read at the first dead letter. */
    private Map<String, String> known;

    private PoisonMessagePolicy() {
        this.process = null;
        this.attempts = 1;
        this.action = null;
        this.deadLetters = null;
        this.errors = null;
        this.clock = null;
    }

    /**
     * @param process name of the process: names its dead-letter file and appears in each line
     * @param config  attempts, action and dead-letter directory ({@code runtime.poisonMessage})
     * @param errors  the process's error handler
     * @param clock   the process clock: stamps dead letters
     */
    public PoisonMessagePolicy(String process, PoisonMessageConfig config, ErrorHandler errors, EpochClock clock) {
        this.process = process;
        this.attempts = config.retries();
        this.action = config.action();
        this.deadLetters = new DeadLetterFile(Path.of(config.deadLetterDir()), process);
        this.errors = errors;
        this.clock = clock;
    }

    /**
     * @return the policy of readers that have none: the first throwable goes straight to the caller and the message
     * stays unconsumed (for tests and tools that read topics without a process around them)
     */
    public static PoisonMessagePolicy rethrow() {
        return RETHROW;
    }

    /**
     * Delivers a message to a listener under this policy.
     *
     * @param topic    the topic read
     * @param entry    the message's entry in the topic
     * @param listener the listener's binding: delivers the message to its method
     * @param message  the decoded message (reused)
     * @param index    the message's queue index
     * @throws PoisonMessageException with {@code halt}, after the dead letter was written
     * @throws UncheckedIOException   if the dead letter cannot be written: the message is then not skipped, and the
     *                                agent fails (exit 1) rather than lose it
     * @throws RuntimeException       the listener's own, when this is the {@link #rethrow()} policy
     */
    void deliver(Topic<?> topic, Topic.Binding listener, int entry, Object message, long index) {
        if (deadLetters == null) {
            listener.dispatch(entry, message);
            return;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                listener.dispatch(entry, message);
                if (attempt > 1) {
                    LOG.warn("{}: message at {} index {} succeeded at attempt {}", process, topic,
                            Long.toHexString(index), attempt);
                }
                return;
            } catch (RuntimeException | Error e) {
                if (e instanceof PoisonMessageException
                        || (e instanceof VirtualMachineError && !(e instanceof StackOverflowError))) {
                    throw e;
                }
                if (failed(topic, entry, message, index, attempt, e)) {
                    return;
                }
            }
        }
    }

    /** @return true when the message is given up and skipped; false to try again */
    private boolean failed(Topic<?> topic, int entry, Object message, long index, int attempt, Throwable e) {
        errors.onError(ErrorHandler.Kind.HANDLER, topic.name(), e);
        if (attempt < attempts) {
            LOG.warn("{}: handling {} index {} threw (attempt {} of {}); trying again: {}", process, topic,
                    Long.toHexString(index), attempt, attempts, e.toString());
            return false;
        }
        long nowNs = clock.nowNs();
        String type = topic.eventNames().get(entry);
        String text = message.toString();
        String actionName = action == PoisonMessageConfig.Action.HALT ? "halt" : "skip";
        boolean again = text.equals(known().get(key(topic.name(), index)));
        if (!again) {
            long eventTimeNs = message instanceof Event ev ? ev.eventTimeNs() : 0;
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            deadLetters.append(new DeadLetterFile.Record(process, topic.name(), index, Long.toHexString(index), type,
                    eventTimeNs, text, attempt, actionName, e.getClass().getName(), e.getMessage(), trace.toString(),
                    nowNs, Instant.ofEpochSecond(0, nowNs).toString()));
            known.put(key(topic.name(), index), text);
        }
        String where = again ? "already in " + deadLetters.path() + " (met again after a restart)"
                : "written to " + deadLetters.path();
        deadLetterCount++;
        errors.onError(ErrorHandler.Kind.DEAD_LETTER, topic.name(), e);
        if (action == PoisonMessageConfig.Action.HALT) {
            LOG.error("{}: {} at {} index {} threw on all {} attempts; {}; halting (exit code {}, not restarted by "
                            + "the supervisor; runtime.poisonMessage.action: halt)", process, type, topic,
                    Long.toHexString(index), attempt, where, ProcessCli.EXIT_POISON_HALT, e);
            throw new PoisonMessageException(topic.name(), index, e);
        }
        LOG.error("{}: {} at {} index {} threw on all {} attempts; {}; skipped ({} dead letters since start)",
                process, type, topic, Long.toHexString(index), attempt, where, deadLetterCount, e);
        return true;
    }

    private Map<String, String> known() {
        if (known == null) {
            known = new HashMap<>();
            try {
                for (DeadLetterFile.Record r : DeadLetterFile.read(deadLetters.path())) {
                    known.put(key(r.topic(), r.index()), r.message());
                }
            } catch (UncheckedIOException ex) {
                LOG.warn("{}: cannot read {} to recognise messages dead-lettered before: {}", process,
                        deadLetters.path(), ex.getMessage());
            }
        }
        return known;
    }

    private static String key(String topic, long index) {
        return topic + '@' + index;
    }
}
