package io.aquatrade.notifier;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Process started, stopped, down and restarted after a crash, from the heartbeat files every process writes
 * ({@code <run dir>/<process>.json}: {@code process, pid, startedAtMs, heartbeatAtMs, state (running | stopped),
 * exitCode}). Each check reads every file and compares what it says with what was last reported of that process:
 * <ul>
 *   <li>{@code running}, fresh heartbeat, a run (pid, startedAtMs) not reported yet: <b>started</b>, or
 *       <b>restarted after a crash</b> when the run reported before was down or never reported stopped;</li>
 *   <li>{@code stopped}: <b>stopped</b> with its exit code (0 finished, 143 SIGTERM, else a failure);</li>
 *   <li>{@code running} but the heartbeat older than {@code alerts.processTimeoutMs}: <b>down</b>, "crashed" when its
 *       pid is no longer alive (kill -9 leaves exactly this), else "not responding".</li>
 * </ul>
 * What was reported is restored at a restart from the outbox's {@code process} alerts ({@link #restore}), so a
 * restarted notifier does not report a run twice. Files that cannot be read are retried at the next check.
 *
 * <p>Not thread-safe: the agent thread's.
 */
final class ProcessWatch {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessWatch.class);
    static final String RUNNING = "running";
    static final String STOPPED = "stopped";
    static final String DOWN = "down";

    private final Path dir;
    private final long timeoutMs;
    private final String self;
    private final LongPredicate pidAlive;
    /** Per process: the last run and state reported. */
    private final Map<String, Reported> reported = new HashMap<>();

    /**
     * @param dir       the heartbeat directory
     * @param timeoutMs a running process with an older heartbeat is down, ms
     * @param self      this process's name (its own file is not watched)
     * @param pidAlive  whether a pid is a live process on this machine
     */
    ProcessWatch(Path dir, long timeoutMs, String self, LongPredicate pidAlive) {
        this.dir = dir;
        this.timeoutMs = timeoutMs;
        this.self = self;
        this.pidAlive = pidAlive;
    }

    /** @return whether a pid is alive on this machine, by {@link ProcessHandle} */
    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Takes a {@code process} alert of the outbox as reported (at a restart, in outbox order). */
    void restore(Alert a) {
        String process = a.field("process");
        if (process != null) {
            reported.put(process, new Reported(a.longField("pid", -1), a.longField("startedAtMs", -1),
                    a.field("state")));
        }
    }

    /**
     * Reads every heartbeat file and raises an alert for each change.
     *
     * @param nowMs the notifier clock, UTC epoch ms
     * @return the alerts, not yet gated
     */
    List<Alert> check(long nowMs) {
        List<Alert> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path file : files) {
                JsonNode hb;
                try {
                    hb = Outbox.JSON.readTree(Files.readString(file));
                } catch (NoSuchFileException e) {
                    continue;
                } catch (IOException e) {
                    LOG.debug("heartbeat {} unreadable now ({}); next check", file, e.toString());
                    continue;
                }
                Alert a = judge(hb, nowMs);
                if (a != null) {
                    out.add(a);
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot list heartbeat directory {}: {}", dir, e.toString());
        }
        return out;
    }

    private Alert judge(JsonNode hb, long nowMs) {
        String process = hb.path("process").asText(null);
        if (process == null || process.equals(self) || !hb.path("pid").canConvertToLong()) {
            return null;
        }
        long pid = hb.path("pid").asLong();
        long startedAtMs = hb.path("startedAtMs").asLong(-1);
        long heartbeatAtMs = hb.path("heartbeatAtMs").asLong(-1);
        String fileState = hb.path("state").asText("");
        Reported last = reported.get(process);
        boolean sameRun = last != null && last.pid == pid && last.startedAtMs == startedAtMs;
        String state;
        String text;
        Map<String, Object> fields = new LinkedHashMap<>();
        if (STOPPED.equals(fileState)) {
            if (sameRun && STOPPED.equals(last.state)) {
                return null;
            }
            JsonNode code = hb.path("exitCode");
            String exit = code.isNumber() ? String.valueOf(code.asInt()) : "unknown";
            state = STOPPED;
            String how = switch (exit) {
                case "0" -> "finished";
                case "143" -> "stopped by SIGTERM";
                case "2" -> "refused its config or flags";
                case "3" -> "halted on a poison message";
                case "4" -> "stopped: a replayed file stopped parsing";
                default -> "failed";
            };
            text = process + " stopped (exit code " + exit + ": " + how + ")";
            fields.put("exitCode", exit);
        } else if (RUNNING.equals(fileState)) {
            long ageMs = nowMs - heartbeatAtMs;
            if (heartbeatAtMs < 0 || ageMs > timeoutMs) {
                if (sameRun && DOWN.equals(last.state)) {
                    return null;
                }
                boolean crashed = !pidAlive.test(pid);
                state = DOWN;
                text = process + " is down: " + (crashed ? "crashed (pid " + pid + " gone)" : "not responding (pid "
                        + pid + " alive)") + ", last heartbeat " + (heartbeatAtMs < 0 ? "never" : ageMs / 1000
                        + " s ago at " + Instant.ofEpochMilli(heartbeatAtMs));
                fields.put("crashed", crashed);
            } else {
                if (sameRun && RUNNING.equals(last.state)) {
                    return null;
                }
                state = RUNNING;
                boolean afterCrash = !sameRun && last != null && !STOPPED.equals(last.state);
                text = process + (afterCrash ? " restarted after a crash" : sameRun ? " running again" : " started")
                        + " (pid " + pid + ", since " + Instant.ofEpochMilli(startedAtMs) + ")";
                fields.put("afterCrash", afterCrash);
            }
        } else {
            return null;
        }
        fields.put("process", process);
        fields.put("pid", pid);
        fields.put("startedAtMs", startedAtMs);
        fields.put("state", state);
        reported.put(process, new Reported(pid, startedAtMs, state));
        return Alert.of(Alert.PROCESS, "process:" + process + ":" + pid + ":" + startedAtMs + ":" + state + ":" + nowMs, text, nowMs,
                0, "heartbeat", -1, fields);
    }

    /** What was last reported of a process. */
    private record Reported(long pid, long startedAtMs, String state) {
    }
}
