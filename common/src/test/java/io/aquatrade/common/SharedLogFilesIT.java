package io.aquatrade.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two JVMs writing the shared errors file at once through {@link LogFiles#apply} (Logback's prudent mode): every line
 * of both arrives whole, in each process's order, and nothing below WARN does. And a process whose errors file is
 * locked by another JVM keeps logging: its calls return while the lock is held, and what its queue held is written
 * once the lock is released, what did not fit counted.
 */
class SharedLogFilesIT {
    private static final int LINES = 2000;

    @TempDir
    Path dir;

    @Test
    void twoProcessesWarningAtOnceLeaveOnlyWholeLinesInTheErrorsFile() throws Exception {
        Path logs = dir.resolve("logs");
        List<Process> processes = new ArrayList<>();
        for (String name : List.of("market-data", "order-router")) {
            processes.add(start(name, logs));
        }
        for (String name : List.of("market-data", "order-router")) {
            Path ready = dir.resolve("ready-" + name);
            while (!Files.exists(ready)) {
                for (Process p : processes) {
                    assertThat(p.isAlive() || p.exitValue() == 0).as("a writer JVM failed: see %s", dir).isTrue();
                }
                Thread.sleep(10);
            }
        }
        Files.createFile(dir.resolve("go"));
        for (Process p : processes) {
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("writer exit code, see %s", dir).isZero();
        }

        List<String> lines = Files.readAllLines(logs.resolve("errors." + LocalDate.now(ZoneOffset.UTC) + ".log"));
        Pattern whole = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z WARN  "
                + "(market-data|order-router) \\[main\\] \\S+\\.SharedLogWriter - "
                + "warning (\\d+) of \\1 ([mo])\\3{299} end");
        Map<String, Integer> next = new HashMap<>(Map.of("market-data", 0, "order-router", 0));
        for (String line : lines) {
            Matcher m = whole.matcher(line);
            assertThat(m.matches()).as("a whole line: %s", line).isTrue();
            assertThat(m.group(3)).isEqualTo(m.group(1).substring(0, 1));
            assertThat(Integer.parseInt(m.group(2))).isEqualTo(next.get(m.group(1)));
            next.merge(m.group(1), 1, Integer::sum);
        }
        assertThat(next).containsEntry("market-data", LINES).containsEntry("order-router", LINES);
        // each process's own log has its INFO lines too
        assertThat(Files.readAllLines(logs.resolve("market-data.log"))).hasSize(2 * LINES);
        assertThat(Files.readAllLines(logs.resolve("order-router.log"))).hasSize(2 * LINES);
    }

    @Test
    void loggingReturnsWhileAnotherProcessHoldsTheErrorsFileLockAndCountsWhatDidNotFit() throws Exception {
        Path logs = dir.resolve("logs");
        Path errors = logs.resolve("errors." + LocalDate.now(ZoneOffset.UTC) + ".log");
        Path ready = dir.resolve("locked");
        Path release = dir.resolve("release");
        Process holder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx32m", "-cp", System.getProperty("java.class.path"), FileLockHolder.class.getName(),
                errors.toString(), ready.toString(), release.toString()))
                .redirectOutput(Redirect.appendTo(dir.resolve("holder.out").toFile()))
                .redirectError(Redirect.appendTo(dir.resolve("holder.err").toFile())).start();
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        try {
            while (!Files.exists(ready)) {
                assertThat(holder.isAlive()).as("the lock holder failed: see %s", dir).isTrue();
                Thread.sleep(10);
            }
            LogFiles.configure(context, logs, "decision-engine", LogsConfig.defaults(),
                    LogFiles.dedicatedTo("decision-engine"));
            org.slf4j.Logger log = context.getLogger("io.aquatrade.decision.X");
            org.slf4j.Logger signals = context.getLogger(LogFiles.SIGNALS_LOGGER);
            // more than a queue holds: the calls must neither wait for the lock nor for room
            int warnings = 3 * LogFiles.QUEUE_SIZE;
            for (int i = 0; i < warnings; i++) {
                log.warn("warning {}", i);
                signals.atInfo().setMessage("signal").addKeyValue("event", "signal").addKeyValue("n", i).log();
            }
            // every call above has returned, and the lock is still held: the holder releases it only when told
            assertThat(holder.isAlive()).as("the lock holder still holds the lock").isTrue();
            assertThat(Files.size(errors)).as("nothing written under the other process's lock").isZero();
            ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            long droppedErrors = LogFiles.discardedLines(root, LogFiles.ERRORS_APPENDER);
            long droppedProcess = LogFiles.discardedLines(root, LogFiles.PROCESS_APPENDER);
            long droppedSignals = LogFiles.discardedLines(context.getLogger(LogFiles.SIGNALS_LOGGER),
                    LogFiles.SIGNALS_APPENDER);
            assertThat(LogFiles.discardedLines(context)).isEqualTo(droppedErrors + droppedProcess + droppedSignals);
            // the errors queue is full and its writer holds at most what it took before it blocked on the lock
            assertThat(droppedErrors).as("warnings that found the errors queue full")
                    .isBetween((long) warnings - 2L * LogFiles.QUEUE_SIZE, (long) warnings - LogFiles.QUEUE_SIZE);

            Files.createFile(release);
            assertThat(holder.waitFor(60, TimeUnit.SECONDS)).isTrue();
            LogFiles.close(context);
            // each file has what its queue took, in order, whole: logged = written + dropped
            List<String> written = Files.readAllLines(errors);
            assertThat((long) written.size()).isEqualTo(warnings - droppedErrors);
            int previous = -1;
            for (String line : written) {
                assertThat(line).matches(".*Z WARN  decision-engine \\[.*\\] io\\.aquatrade\\.decision\\.X "
                        + "- warning \\d+");
                int n = Integer.parseInt(line.substring(line.lastIndexOf(' ') + 1));
                assertThat(n).as("in order, none twice").isGreaterThan(previous);
                previous = n;
            }
            assertThat((long) Files.readAllLines(logs.resolve("decision-engine.log")).size())
                    .isEqualTo(2L * warnings - droppedProcess);
            assertThat((long) Files.readAllLines(logs.resolve("signals.log")).size())
                    .isEqualTo(warnings - droppedSignals);
        } finally {
            if (!Files.exists(release)) {
                Files.createFile(release);
            }
            holder.waitFor(60, TimeUnit.SECONDS);
            context.stop();
        }
    }

    private Process start(String name, Path logs) throws IOException {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-XX:TieredStopAtLevel=1", "-Daquatrade.process=" + name, "-Daquatrade.log.dir=" + logs, "-cp",
                System.getProperty("java.class.path"), SharedLogWriter.class.getName(),
                dir.resolve("ready-" + name).toString(), dir.resolve("go").toString(), Integer.toString(LINES));
        return new ProcessBuilder(cmd).redirectOutput(Redirect.appendTo(dir.resolve(name + ".out").toFile()))
                .redirectError(Redirect.appendTo(dir.resolve(name + ".err").toFile())).start();
    }
}
