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

import io.aquatrade.common.Heartbeat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Process started, stopped, down and restarted after a crash, from the heartbeat files every process writes
 * ({@code <run dir>/<process>.json}: {@code process, pid, startedAtMs, heartbeatAtMs, state (running | stopped),
 * exitCode}, read by {@link Heartbeat#read} and judged by {@link Heartbeat#liveness}). Each check reads every file and
 * compares what it says with what was last reported of that process:
 * <ul>
 *   <li>{@code running}, fresh heartbeat, a run (pid, startedAtMs) not reported yet: <b>started</b>, or
 *       <b>restarted after a crash</b> when the run reported before was down, or stopped with an exit code other
 *       than 0 (finished) and 143 (SIGTERM), e.g. 1 from an agent that threw, or never reported stopped;</li>
 *   <li>{@code stopped}: <b>stopped</b> with its exit code (0 finished, 143 SIGTERM, else a failure);</li>
 *   <li>{@code running} but its pid gone: <b>down (crashed)</b> (kill -9 leaves exactly this); its pid alive but the
 *       heartbeat older than {@link Heartbeat#staleAfterMs()}: <b>down (not responding)</b>.</li>
 * </ul>
 * What was reported is restored at a restart from the outbox's {@code process} alerts ({@link #restore}), so a
 * restarted notifier does not report a run twice. Files that cannot be read are retried at the next check.
 *
 * <p>Not thread-safe: the agent thread's.
 */
final class ProcessWatch {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessWatch.class);
    static final String RUNNING = Heartbeat.RUNNING;
    static final String STOPPED = Heartbeat.STOPPED;
    static final String DOWN = "down";

    private final Path dir;
    private final String self;
    private final LongPredicate pidAlive;
    /** Per process: the last run and state reported. */
    private final Map<String, Reported> reported = new HashMap<>();

    /**
     * @param dir       the heartbeat directory
     * @param self      this process's name (its own file is not watched)
     * @param pidAlive  whether a pid is a live process on this machine
     */
    ProcessWatch(Path dir, String self, LongPredicate pidAlive) {
        this.dir = dir;
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
                    a.field("state"), a.field("exitCode")));
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
                Heartbeat hb;
                try {
                    hb = Heartbeat.read(file);
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

    private Alert judge(Heartbeat hb, long nowMs) {
        String process = hb.process();
        if (process == null || process.equals(self)) {
            return null;
        }
        long pid = hb.pid();
        long startedAtMs = hb.startedAtMs();
        Reported last = reported.get(process);
        boolean sameRun = last != null && last.pid == pid && last.startedAtMs == startedAtMs;
        Heartbeat.Liveness liveness = hb.liveness(nowMs, pidAlive.test(pid));
        String state;
        String text;
        Map<String, Object> fields = new LinkedHashMap<>();
        switch (liveness) {
            case STOPPED -> {
                if (sameRun && STOPPED.equals(last.state)) {
                    return null;
                }
                String exit = hb.exitCode() == null ? "unknown" : hb.exitCode().toString();
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
            }
            case CRASHED, UNRESPONSIVE -> {
                if (sameRun && DOWN.equals(last.state)) {
                    return null;
                }
                state = DOWN;
                text = process + " is " + liveness.text() + ": pid " + pid + (liveness == Heartbeat.Liveness.CRASHED
                        ? " gone" : " alive") + ", last heartbeat " + hb.ageMs(nowMs) / 1000 + " s ago at "
                        + Instant.ofEpochMilli(hb.heartbeatAtMs());
                fields.put("crashed", liveness == Heartbeat.Liveness.CRASHED);
            }
            default -> {
                if (sameRun && RUNNING.equals(last.state)) {
                    return null;
                }
                state = RUNNING;
                boolean afterCrash = !sameRun && last != null && (!STOPPED.equals(last.state) || last.crashed());
                text = process + (afterCrash ? " restarted after a crash" : sameRun ? " running again" : " started")
                        + " (pid " + pid + ", since " + Instant.ofEpochMilli(startedAtMs) + ")";
                fields.put("afterCrash", afterCrash);
            }
        }
        fields.put("process", process);
        fields.put("pid", pid);
        fields.put("startedAtMs", startedAtMs);
        fields.put("state", state);
        Object exitCode = fields.get("exitCode");
        reported.put(process, new Reported(pid, startedAtMs, state, exitCode == null ? null : exitCode.toString()));
        return Alert.of(Alert.PROCESS, "process:" + process + ":" + pid + ":" + startedAtMs + ":" + state + ":" + nowMs,
                text, nowMs, 0, "heartbeat", -1, fields);
    }

    /**
     * What was last reported of a process.
     *
     * @param exitCode the exit code of a {@code stopped} report ("unknown" if the file had none), else null
     */
    private record Reported(long pid, long startedAtMs, String state, String exitCode) {
        /** @return whether this is a stop with an exit code other than 0 (finished) and 143 (SIGTERM) */
        boolean crashed() {
            return STOPPED.equals(state) && !"0".equals(exitCode) && !"143".equals(exitCode);
        }
    }
}
