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

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two JVMs writing the shared errors file at once through {@link LogFiles#apply} (Logback's prudent mode): every line
 * of both arrives whole, in each process's order, and nothing below WARN does.
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

    private Process start(String name, Path logs) throws IOException {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-XX:TieredStopAtLevel=1", "-Daquatrade.process=" + name, "-Daquatrade.log.dir=" + logs, "-cp",
                System.getProperty("java.class.path"), SharedLogWriter.class.getName(),
                dir.resolve("ready-" + name).toString(), dir.resolve("go").toString(), Integer.toString(LINES));
        return new ProcessBuilder(cmd).redirectOutput(Redirect.appendTo(dir.resolve(name + ".out").toFile()))
                .redirectError(Redirect.appendTo(dir.resolve(name + ".err").toFile())).start();
    }
}
