package io.aquatrade.common;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a process's heartbeat file {@code <dir>/<process>.json} ({@link Heartbeat}) every
 * {@code runtime.heartbeat.intervalMs} of the injected clock, atomically (a temporary file renamed over the old one,
 * so a reader never sees half a file), on the agent thread between passes: the {@link AgentRunner} calls
 * {@link #afterPass(int)} after each pass, which costs a counter and a branch on a busy pass and reads the clock on
 * an idle one or every {@value #BUSY_PASSES_PER_CHECK}th busy one; nothing is allocated until a write is due. Writing
 * on the agent thread keeps it honest: a process whose loop hangs stops beating even though its JVM lives.
 *
 * <p>A write reports each input the process reads (the {@link QueueRoot#namedReaders() named readers} of its queue
 * root) with its lag, the last tick per instrument (market-data, {@link #lastTicks}), and the error and dead-letter
 * counts and last error of the process's {@link ErrorCounters}. {@link #stopped(int)} writes {@code state: stopped}
 * with the exit code. A write that fails (disk full, directory not writable) is logged at WARN once and retried at
 * the next interval; it never stops the process.
 *
 * <p>Not thread-safe: the agent thread calls every method (the readers it looks at belong to that thread).
 */
public final class HeartbeatWriter {
    /** A busy agent reads the clock for its heartbeat once per this many passes that did work. */
    public static final int BUSY_PASSES_PER_CHECK = 64;
    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatWriter.class);

    private final String process;
    private final Path file;
    private final Path temp;
    private final EpochClock clock;
    private final long intervalMs;
    private final long intervalNs;
    private final ErrorCounters errors;
    private final long pid = ProcessHandle.current().pid();
    private final long startedAtMs;
    private QueueRoot queues;
    private LastTickTimes lastTicks;
    private Supplier<Heartbeat.Risk> risk;
    private List<Heartbeat.Input> inputs = List.of();
    private long nextWriteNs = Long.MIN_VALUE;
    private int busyPasses;
    private boolean failing;
    private boolean starting;
    private Heartbeat last;

    /**
     * @param dir     the heartbeat directory ({@link ProcessCli.Loaded#heartbeatDir()}); created on the first write
     * @param process the process name: the file is {@code <dir>/<process>.json}
     * @param config  {@code runtime.heartbeat} (its interval)
     * @param clock   the process's clock: times the writes and stamps them
     * @param errors  the process's error counters
     */
    public HeartbeatWriter(Path dir, String process, HeartbeatConfig config, EpochClock clock, ErrorCounters errors) {
        this.process = process;
        this.file = Heartbeat.file(dir, process);
        this.temp = dir.resolve(process + Heartbeat.SUFFIX + ".tmp");
        this.clock = clock;
        this.intervalMs = config.intervalMs();
        this.intervalNs = Math.multiplyExact(intervalMs, 1_000_000L);
        this.errors = errors;
        this.startedAtMs = clock.nowNs() / 1_000_000L;
    }

    /**
     * Reports the lag of the named readers of this queue root (the process's inputs).
     *
     * @return this
     */
    public HeartbeatWriter inputs(QueueRoot queues) {
        this.queues = queues;
        return this;
    }

    /**
     * Reports the last tick per instrument (market-data).
     *
     * @return this
     */
    public HeartbeatWriter lastTicks(LastTickTimes lastTicks) {
        this.lastTicks = lastTicks;
        return this;
    }

    /**
     * Reports the risk state (decision-engine): sampled on the agent thread at each write, so the supplier may read
     * the engine's state unsynchronised; it allocates only then.
     *
     * @return this
     */
    public HeartbeatWriter risk(Supplier<Heartbeat.Risk> risk) {
        this.risk = risk;
        return this;
    }

    /** @return the heartbeat file */
    public Path file() {
        return file;
    }

    /** @return the last heartbeat written (or tried), or null before the first */
    public Heartbeat last() {
        return last;
    }

    /**
     * Writes a first {@link Heartbeat#STARTING starting} heartbeat at once; the runner calls it before the first
     * pass. The first {@link #afterPass} then writes {@code running} at once, whatever the pass did.
     */
    public void started() {
        long nowNs = clock.nowNs();
        measure();
        starting = true;
        write(nowNs, Heartbeat.STARTING, null);
    }

    /**
     * Called by the runner after every pass; writes a heartbeat when one is due, and at once after the first pass
     * (the process is {@code running} from then on).
     *
     * @param work what the pass did: 0 (idle) checks the clock at once, a busy pass every
     *             {@value #BUSY_PASSES_PER_CHECK}th time
     */
    public void afterPass(int work) {
        if (starting) {
            starting = false;
            busyPasses = 0;
            measure();
            write(clock.nowNs(), Heartbeat.RUNNING, null);
            return;
        }
        if (work > 0 && ++busyPasses < BUSY_PASSES_PER_CHECK) {
            return;
        }
        busyPasses = 0;
        long nowNs = clock.nowNs();
        if (nowNs >= nextWriteNs) {
            measure();
            write(nowNs, Heartbeat.RUNNING, null);
        }
    }

    /**
     * Measures each input's lag now, for the next write; the runner calls it before the agent closes its readers,
     * so that the stopped heartbeat says where they stopped.
     */
    public void measure() {
        if (queues == null) {
            return;
        }
        try {
            List<Heartbeat.Input> out = new ArrayList<>();
            for (TopicReader<?> reader : queues.namedReaders()) {
                long behind = reader.entriesBehind();
                long lagMs;
                if (behind == 0) {
                    lagMs = 0;
                } else {
                    long newestNs = reader.newestEventTimeNs();
                    long readNs = reader.lastFiniteWatermarkNs();
                    lagMs = behind < 0 || newestNs == Long.MIN_VALUE || readNs == Long.MIN_VALUE ? -1
                            : Math.max(0, newestNs - readNs) / 1_000_000L;
                }
                out.add(new Heartbeat.Input(reader.topic().name(), reader.consumedPosition(), behind, lagMs));
            }
            inputs = out;
        } catch (RuntimeException e) {
            LOG.warn("{}: could not measure the inputs' lag for the heartbeat", process, e);
        }
    }

    /**
     * Writes the {@code stopped} heartbeat; may be called again with another code (a process whose exit code is
     * decided after its runner ended).
     *
     * @param exitCode the process's exit code
     */
    public void stopped(int exitCode) {
        write(clock.nowNs(), Heartbeat.STOPPED, exitCode);
    }

    private Heartbeat.Risk sampleRisk() {
        if (risk == null) {
            return null;
        }
        try {
            return risk.get();
        } catch (RuntimeException e) {
            LOG.warn("{}: could not sample the risk state for the heartbeat", process, e);
            return null;
        }
    }

    private void write(long nowNs, String state, Integer exitCode) {
        nextWriteNs = nowNs + intervalNs;
        Heartbeat hb = new Heartbeat(process, pid, startedAtMs, nowNs / 1_000_000L, intervalMs, state, exitCode,
                inputs, lastTicks == null ? null : lastTicks.snapshot(),
                lastTicks == null ? null : lastTicks.publishedAtMs(),
                errors.total(ErrorHandler.Kind.AGENT) + errors.total(ErrorHandler.Kind.HANDLER),
                errors.total(ErrorHandler.Kind.DEAD_LETTER), errors.lastError(), sampleRisk(), null);
        last = hb;
        try {
            Files.createDirectories(file.getParent());
            Files.write(temp, hb.toJson().getBytes(StandardCharsets.UTF_8));
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            if (failing) {
                failing = false;
                LOG.info("{}: heartbeat file {} written again", process, file);
            }
        } catch (IOException | RuntimeException e) {
            if (!failing) {
                failing = true;
                LOG.warn("{}: cannot write the heartbeat file {} (status and alerts will call the process down); "
                        + "retrying every {} ms: {}", process, file, intervalMs, e.toString());
            }
        }
    }
}
