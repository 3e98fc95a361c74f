package io.aquatrade.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ProcessWatch} over heartbeat files written as the processes write them, with a hand-set clock (the files'
 * modification times are set to it) and every pid alive.
 */
class ProcessWatchTest {
    /** 2026-12-01T10:00:00Z, ms. */
    private static final long T0 = Instant.parse("2026-12-01T10:00:00Z").toEpochMilli();

    @TempDir
    Path dir;

    @Test
    void aProcessThatStoppedWithExitCode1AndStartedAgainIsRestartedAfterACrash() throws Exception {
        ProcessWatch watch = new ProcessWatch(dir, "notifier", pid -> true);
        write("decision-engine", 100, T0, T0 + 1_000, "running", null);
        assertThat(texts(watch.check(T0 + 1_000))).containsExactly("decision-engine started (pid 100, since "
                + Instant.ofEpochMilli(T0) + ")");
        write("decision-engine", 100, T0, T0 + 2_000, "stopped", 1); // an agent threw: AgentRunner exits 1
        assertThat(texts(watch.check(T0 + 2_000))).containsExactly("decision-engine stopped (exit code 1: failed)");
        write("decision-engine", 200, T0 + 5_000, T0 + 6_000, "running", null); // the supervisor's restart
        List<Alert> restarted = watch.check(T0 + 6_000);
        assertThat(texts(restarted)).containsExactly("decision-engine restarted after a crash (pid 200, since "
                + Instant.ofEpochMilli(T0 + 5_000) + ")");
        assertThat(restarted.get(0).field("afterCrash")).isEqualTo("true");
    }

    @Test
    void aStopWithExitCode0Or143ThenAStartIsAPlainStart() throws Exception {
        ProcessWatch watch = new ProcessWatch(dir, "notifier", pid -> true);
        int pid = 100;
        long t = T0;
        for (int exitCode : new int[] {0, 143}) {
            write("order-router", pid, t, t + 1_000, "running", null);
            assertThat(texts(watch.check(t + 1_000))).singleElement().asString().startsWith("order-router started");
            write("order-router", pid, t, t + 2_000, "stopped", exitCode);
            assertThat(texts(watch.check(t + 2_000))).singleElement().asString()
                    .startsWith("order-router stopped (exit code " + exitCode);
            pid++;
            t += 10_000;
        }
        write("order-router", pid, t, t + 1_000, "running", null);
        assertThat(texts(watch.check(t + 1_000))).singleElement().asString().startsWith("order-router started (pid "
                + pid);
    }

    @Test
    void aStopWithExitCode1RestoredFromTheOutboxStillMakesTheNextStartARestartAfterACrash() throws Exception {
        ProcessWatch before = new ProcessWatch(dir, "notifier", pid -> true);
        write("signal-generator", 100, T0, T0 + 1_000, "running", null);
        before.check(T0 + 1_000);
        write("signal-generator", 100, T0, T0 + 2_000, "stopped", 1);
        List<Alert> stopped = before.check(T0 + 2_000);

        ProcessWatch after = new ProcessWatch(dir, "notifier", pid -> true); // a restarted notifier
        stopped.forEach(after::restore);
        write("signal-generator", 200, T0 + 5_000, T0 + 6_000, "running", null);
        assertThat(texts(after.check(T0 + 6_000))).singleElement().asString()
                .startsWith("signal-generator restarted after a crash (pid 200");
    }

    private void write(String process, long pid, long startedAtMs, long atMs, String state, Integer exitCode)
            throws Exception {
        Path file = dir.resolve(process + ".json");
        Files.writeString(file, "{\"process\":\"" + process + "\",\"pid\":" + pid + ",\"startedAtMs\":" + startedAtMs
                + ",\"heartbeatAtMs\":" + atMs + ",\"intervalMs\":1000,\"state\":\"" + state + "\",\"exitCode\":"
                + exitCode + "}");
        Files.setLastModifiedTime(file, FileTime.fromMillis(atMs));
    }

    private static List<String> texts(List<Alert> alerts) {
        return alerts.stream().map(Alert::text).toList();
    }
}
