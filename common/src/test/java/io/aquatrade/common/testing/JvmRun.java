package io.aquatrade.common.testing;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test fixture: runs an Aquatrade main class as its own JVM, as {@code bin/aquatrade} does (the flags of
 * {@code jvm.options}, the test's class path), in a working directory of the test's choosing, so that relative paths
 * and what a command leaves on disk are those of a real run.
 *
 * @param exitCode the process's exit code
 * @param stdout   what it printed on stdout
 * @param stderr   what it printed on stderr
 */
public record JvmRun(int exitCode, String stdout, String stderr) {
    /**
     * Runs {@code mainClass args} in {@code workDir} and waits for it to end.
     *
     * @param workDir   the working directory; its {@code logs/} receives the log file
     * @param process   the process name ({@code -Daquatrade.process}, names the log file)
     * @param mainClass the main class, e.g. {@code "io.aquatrade.tools.AquatradeTool"}
     * @param timeoutS  how long it may run, s; then it is killed and this throws
     * @param args      its command-line arguments
     * @return exit code and output
     * @throws IllegalStateException if it did not end within {@code timeoutS}
     */
    public static JvmRun run(Path workDir, String process, String mainClass, long timeoutS, String... args)
            throws IOException, InterruptedException {
        Path root = SampleData.projectRoot();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("@" + root.resolve("jvm.options"));
        if (Runtime.version().feature() >= 24) {
            cmd.add("@" + root.resolve("jvm25.options"));
        }
        cmd.addAll(List.of("-Xmx128m", "-XX:TieredStopAtLevel=1", "-Daquatrade.process=" + process,
                "-Daquatrade.log.dir=logs", "-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("jvm-run", ".out");
        Path err = Files.createTempFile("jvm-run", ".err");
        try {
            Process p = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectOutput(Redirect.to(out.toFile()))
                    .redirectError(Redirect.to(err.toFile())).start();
            p.getOutputStream().close(); // no input
            if (!p.waitFor(timeoutS, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new IllegalStateException(mainClass + " did not end within " + timeoutS + " s; stderr: "
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new JvmRun(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
