package io.aquatrade.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real processes: a clean stop (SIGTERM) and a kill -9, and what their heartbeat files say afterwards. */
class HeartbeatProcessTest {
    @TempDir
    Path dir;
    private Process child;

    @AfterEach
    void killChild() {
        if (child != null && child.isAlive()) {
            child.destroyForcibly();
        }
    }

    private Heartbeat startAndAwaitTwoBeats() throws Exception {
        child = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-Daquatrade.log.dir=" + dir.resolve("logs"), "-cp", System.getProperty("java.class.path"),
                HeartbeatProbe.class.getName(), dir.resolve("run").toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("probe.out").toFile()).start();
        Path file = Heartbeat.file(dir.resolve("run"), "probe");
        Heartbeat first = await(file, hb -> true);
        // a second, later beat: the process keeps writing
        return await(file, hb -> hb.heartbeatAtMs() > first.heartbeatAtMs());
    }

    @Test
    void aCleanStopLeavesStoppedWithTheExitCode() throws Exception {
        Heartbeat running = startAndAwaitTwoBeats();
        assertThat(running.state()).isEqualTo(Heartbeat.RUNNING);
        assertThat(running.pid()).isEqualTo(child.pid());
        assertThat(running.liveness(System.currentTimeMillis())).isEqualTo(Heartbeat.Liveness.ALIVE);

        child.destroy(); // SIGTERM
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

        Heartbeat stopped = Heartbeat.read(Heartbeat.file(dir.resolve("run"), "probe"));
        assertThat(child.exitValue()).isEqualTo(AgentRunner.EXIT_SIGTERM);
        assertThat(stopped.state()).isEqualTo(Heartbeat.STOPPED);
        assertThat(stopped.exitCode()).isEqualTo(AgentRunner.EXIT_SIGTERM);
        assertThat(stopped.liveness(System.currentTimeMillis())).isEqualTo(Heartbeat.Liveness.STOPPED);
    }

    @Test
    void killMinus9LeavesRunningWithADeadPidWhichReadsAsCrashed() throws Exception {
        startAndAwaitTwoBeats();

        child.destroyForcibly(); // SIGKILL: no shutdown hook runs
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

        Heartbeat left = Heartbeat.read(Heartbeat.file(dir.resolve("run"), "probe"));
        assertThat(left.state()).isEqualTo(Heartbeat.RUNNING);
        assertThat(left.exitCode()).isNull();
        assertThat(left.pidAlive()).isFalse();
        assertThat(left.liveness(System.currentTimeMillis())).isEqualTo(Heartbeat.Liveness.CRASHED);
        assertThat(left.liveness(System.currentTimeMillis()).text()).isEqualTo("down (crashed)");
        try (var files = Files.list(dir.resolve("run"))) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")))
                    .containsExactly("probe.json");
        }
    }

    private Heartbeat await(Path file, java.util.function.Predicate<Heartbeat> done) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) {
                throw new AssertionError("the probe exited with " + child.exitValue() + ": "
                        + Files.readString(dir.resolve("probe.out")));
            }
            try {
                var hb = Heartbeat.readIfPresent(file);
                if (hb.isPresent() && done.test(hb.get())) {
                    return hb.get();
                }
            } catch (IOException e) {
                // never half a file (atomic rename); a read racing the rename may miss it: try again
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no heartbeat in " + file);
    }
}
