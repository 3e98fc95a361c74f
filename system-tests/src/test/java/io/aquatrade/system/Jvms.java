package io.aquatrade.system;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.aquatrade.common.testing.SampleData;

/**
 * Starts an Aquatrade process as its own JVM, as {@code bin/aquatrade} does: the flags of {@code jvm.options} (and
 * {@code jvm25.options} on JDK 24+), the test's classpath, logs in {@code <workDir>/logs}, stdout and stderr
 * appended to {@code <workDir>/out/<name>.out|.err}, working directory {@code workDir} (relative config paths
 * resolve there).
 */
final class Jvms {
    private Jvms() {
    }

    /**
     * @param workDir   the process's working directory
     * @param name      the process name (its log file and output files)
     * @param mainClass its main class
     * @param env       environment variables to add
     * @param args      its flags
     * @return the started process
     */
    static Process start(Path workDir, String name, String mainClass, Map<String, String> env, String... args)
            throws IOException {
        Path out = Files.createDirectories(workDir.resolve("out"));
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Path root = SampleData.projectRoot();
        cmd.add("@" + root.resolve("jvm.options"));
        if (Runtime.version().feature() >= 24) {
            cmd.add("@" + root.resolve("jvm25.options"));
        }
        cmd.addAll(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-Daquatrade.process=" + name,
                "-Daquatrade.log.dir=" + workDir.resolve("logs"), "-cp", System.getProperty("java.class.path"),
                mainClass));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile())
                .redirectOutput(Redirect.appendTo(out.resolve(name + ".out").toFile()))
                .redirectError(Redirect.appendTo(out.resolve(name + ".err").toFile()));
        pb.environment().putAll(env);
        return pb.start();
    }
}
