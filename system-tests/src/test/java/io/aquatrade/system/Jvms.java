package io.aquatrade.system;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.aquatrade.common.testing.SampleData;

/**
 * Aquatrade processes and tools started as their own JVMs, as {@code bin/aquatrade} starts them (the flags of
 * {@code jvm.options}, {@code -Daquatrade.process}, logs in {@code <dir>/logs}), on this test's classpath, each with
 * its working directory {@code dir} and its stdout and stderr in {@code <dir>/out/<name>.out|.err}. Closing stops
 * them all (SIGTERM, then SIGKILL after 10 s).
 */
final class Jvms implements AutoCloseable {
    /** The four processes' main classes, in the order a run starts them (readers before writers). */
    static final Map<String, String> PROCESSES = Map.of(
            "order-router", "io.aquatrade.router.OrderRouterMain",
            "decision-engine", "io.aquatrade.decision.DecisionEngineMain",
            "signal-generator", "io.aquatrade.signal.SignalGeneratorMain",
            "market-data", "io.aquatrade.marketdata.MarketDataMain");
    /** {@link #PROCESSES}' names in start order. */
    static final List<String> START_ORDER = List.of("order-router", "decision-engine", "signal-generator",
            "market-data");

    private final Path dir;
    private final Map<String, Process> processes = new LinkedHashMap<>();

    /** @param dir working directory of every JVM started, holding {@code logs/} and {@code out/} */
    Jvms(Path dir) {
        this.dir = dir;
    }

    /**
     * Starts the four processes on one config, in {@link #START_ORDER}.
     *
     * @param config the config file, passed as {@code --config}
     * @return this
     */
    Jvms startFourProcesses(Path config) throws IOException {
        for (String name : START_ORDER) {
            start(name, PROCESSES.get(name), Map.of(), "--config", config.toString());
        }
        return this;
    }

    /**
     * Starts one JVM.
     *
     * @param name      its process name ({@code -Daquatrade.process}, the log and output file names)
     * @param mainClass its main class
     * @param env       environment variables added to this JVM's
     * @param args      its arguments
     * @return the process
     */
    Process start(String name, String mainClass, Map<String, String> env, String... args) throws IOException {
        Path out = Files.createDirectories(dir.resolve("out"));
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Path root = SampleData.projectRoot();
        cmd.add("@" + root.resolve("jvm.options"));
        if (Runtime.version().feature() >= 24) {
            cmd.add("@" + root.resolve("jvm25.options"));
        }
        cmd.addAll(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-Daquatrade.process=" + name,
                "-Daquatrade.log.dir=" + dir.resolve("logs"), "-cp", System.getProperty("java.class.path"),
                mainClass));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(Redirect.appendTo(out.resolve(name + ".out").toFile()))
                .redirectError(Redirect.appendTo(out.resolve(name + ".err").toFile()));
        pb.environment().putAll(env);
        Process p = pb.start();
        processes.put(name, p);
        return p;
    }

    /** @return the stdout file of the JVM of that name */
    Path stdout(String name) {
        return dir.resolve("out").resolve(name + ".out");
    }

    /**
     * @return null while every JVM started runs, else which ended and with what exit code and stderr's tail
     */
    String ended() throws IOException {
        for (Map.Entry<String, Process> e : processes.entrySet()) {
            if (!e.getValue().isAlive()) {
                Path err = dir.resolve("out").resolve(e.getKey() + ".err");
                String text = Files.exists(err) ? Files.readString(err) : "";
                return e.getKey() + " exited with " + e.getValue().exitValue() + ": "
                        + text.substring(Math.max(0, text.length() - 2000));
            }
        }
        return null;
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : processes.values()) {
            p.destroy();
        }
        for (Process p : processes.values()) {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
