package io.aquatrade.common;

import java.nio.file.Path;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The {@code runtime.heartbeat} section: where and how often each process writes its heartbeat file
 * ({@link Heartbeat}, written by {@link HeartbeatWriter}).
 *
 * @param dir        directory of the heartbeat files {@code <process>.json}, relative to the working directory; null
 *                   (the default) means {@code run} beside the queue directory ({@link #dirFor(Path)}), so a demo's
 *                   run ({@code var/demo/queues} gives {@code var/demo/run}) and a live run ({@code var/queues} gives
 *                   {@code var/run}) never mix
 * @param intervalMs how often the file is rewritten, milliseconds, {@value #MIN_INTERVAL_MS}..{@value #MAX_INTERVAL_MS};
 *                   default {@value #DEFAULT_INTERVAL_MS}
 */
public record HeartbeatConfig(String dir, long intervalMs) {
    /** Default {@code runtime.heartbeat.intervalMs}. */
    public static final long DEFAULT_INTERVAL_MS = 1000;
    /** Smallest {@code intervalMs}: a file write per pass would slow the agent down. */
    public static final long MIN_INTERVAL_MS = 10;
    /** Largest {@code intervalMs}, one hour. */
    public static final long MAX_INTERVAL_MS = 3_600_000;
    /** Name of the default heartbeat directory, beside the queue directory. */
    public static final String DEFAULT_DIR_NAME = "run";

    /** Jackson entry point: fills defaults, then validates. @throws ConfigException naming the field */
    @JsonCreator
    public static HeartbeatConfig of(@JsonProperty("dir") String dir, @JsonProperty("intervalMs") Long intervalMs) {
        return new HeartbeatConfig(dir, intervalMs == null ? DEFAULT_INTERVAL_MS : intervalMs);
    }

    /** @throws ConfigException naming the field on a bad value */
    public HeartbeatConfig {
        if (dir != null && dir.isBlank()) {
            throw new ConfigException("runtime.heartbeat.dir", "a directory path (or no key: run beside the queue "
                    + "directory), was blank");
        }
        if (intervalMs < MIN_INTERVAL_MS || intervalMs > MAX_INTERVAL_MS) {
            throw new ConfigException("runtime.heartbeat.intervalMs", "milliseconds, " + MIN_INTERVAL_MS + ".."
                    + MAX_INTERVAL_MS + ", was " + intervalMs);
        }
    }

    /** @return the defaults: {@code run} beside the queue directory, every second */
    public static HeartbeatConfig defaults() {
        return of(null, null);
    }

    /**
     * @param queueDir the queue root the process uses (after {@code --queue-dir})
     * @return the heartbeat directory: {@link #dir()} if set, else {@code run} beside {@code queueDir}
     */
    public Path dirFor(Path queueDir) {
        if (dir != null) {
            return Path.of(dir);
        }
        Path parent = queueDir.normalize().getParent();
        if (parent == null) {
            parent = queueDir.toAbsolutePath().normalize().getParent();
        }
        return parent == null ? queueDir.resolve(DEFAULT_DIR_NAME) : parent.resolve(DEFAULT_DIR_NAME);
    }
}
