package io.aquatrade.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.aquatrade.common.testing.JvmRun;
import io.aquatrade.common.testing.SampleData;
import io.aquatrade.decision.DecisionEngineMain;
import io.aquatrade.marketdata.MarketDataMain;
import io.aquatrade.router.OrderRouterMain;
import io.aquatrade.signal.SignalGeneratorMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator meets first, run as {@code bin/aquatrade} and {@code bin/demo} run it: each process's
 * {@code -V/--version}, a bad config's message on stderr and in the process's log, and the launchers' help.
 */
class OperatorCliIT {
    /** The four processes' main classes by process name, as {@code bin/aquatrade} launches them. */
    private static final Map<String, String> PROCESSES = Map.of(
            "market-data", MarketDataMain.class.getName(),
            "signal-generator", SignalGeneratorMain.class.getName(),
            "decision-engine", DecisionEngineMain.class.getName(),
            "order-router", OrderRouterMain.class.getName());

    @TempDir
    Path project;

    /** @return the project version as the root pom declares it (read here, apart from Maven's filtering) */
    private static String pomVersion() throws IOException {
        String pom = Files.readString(SampleData.projectRoot().resolve("pom.xml"));
        Matcher m = Pattern.compile("<artifactId>aquatrade-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(pom);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    @Test
    void everyProcessPrintsTheProjectVersion() throws Exception {
        String version = pomVersion();
        for (Map.Entry<String, String> p : PROCESSES.entrySet()) {
            for (String flag : List.of("-V", "--version")) {
                JvmRun r = JvmRun.run(project, p.getKey(), p.getValue(), 120, flag);
                assertThat(r.exitCode()).as(p.getKey() + " " + flag + ": " + r.stderr()).isZero();
                assertThat(r.stdout()).as(p.getKey() + " " + flag)
                        .startsWith(p.getKey() + " " + version + " (Java ");
            }
        }
    }

    @Test
    void aBadConfigIsOnStderrOnceAndInTheProcessLog() throws Exception {
        Path config = project.resolve("bad.yaml");
        Files.writeString(config, """
                runtime:
                  queueDir: var/queues
                  poisonMessage: {retries: many}
                instruments:
                  - {symbol: XRPETH, base: XRP, quote: ETH, priceDecimals: 8, sizeDecimals: 0}
                """);
        String message = "config runtime.poisonMessage.retries: expected a number, found 'many'";
        for (Map.Entry<String, String> p : PROCESSES.entrySet()) {
            JvmRun r = JvmRun.run(project, p.getKey(), p.getValue(), 120, "--config", config.toString());
            assertThat(r.exitCode()).as(p.getKey() + ": " + r.stderr()).isEqualTo(2);
            assertThat(r.stderr().lines().filter(l -> l.contains(message))).as(p.getKey() + ": " + r.stderr())
                    .containsExactly(p.getKey() + ": " + message);
            Path log = project.resolve("logs").resolve(p.getKey() + ".log");
            assertThat(Files.readString(log)).as(log.toString())
                    .contains("ERROR").contains(p.getKey() + " did not start (exit 2): " + message);
        }
        assertThat(project.resolve("var")).doesNotExist();
    }

    @Test
    void theLaunchersHelpExitsZeroAndPrintsOnlyTheirUsage() throws Exception {
        Script aquatradeHelp = script("bin/aquatrade", "--help");
        assertThat(aquatradeHelp.exitCode()).isZero();
        assertThat(aquatradeHelp.stdout()).contains("bin/aquatrade market-data|signal-generator")
                .contains("bin/aquatrade -V|--version");
        assertThat(script("bin/aquatrade", "-h").exitCode()).isZero();
        assertThat(script("bin/aquatrade").exitCode()).as("no command").isEqualTo(2);
        Script unknown = script("bin/aquatrade", "frobnicate");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.stdout()).isEmpty();
        assertThat(unknown.stderr()).startsWith("aquatrade: unknown command 'frobnicate'\n");

        Script demoHelp = script("bin/demo", "--help");
        assertThat(demoHelp.exitCode()).isZero();
        List<String> lines = demoHelp.stdout().lines().toList();
        assertThat(lines.get(0)).startsWith("The main job, offline:");
        assertThat(lines).contains("  bin/demo [--config FILE] [--queue-dir DIR] [--timeout-s N]")
                .noneMatch(l -> l.startsWith("set ") || l.startsWith("home="));
        assertThat(lines.get(lines.size() - 1)).isNotBlank().doesNotContain("set -");
    }

    private record Script(int exitCode, String stdout, String stderr) {
    }

    /** Runs a launcher script of the project (only its usage paths: nothing is built or started). */
    private Script script(String path, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("bash", SampleData.projectRoot().resolve(path).toString()));
        cmd.addAll(List.of(args));
        Path out = project.resolve("script.out");
        Path err = project.resolve("script.err");
        Process p = new ProcessBuilder(cmd).directory(project.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        p.getOutputStream().close();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(path + " ended").isTrue();
        return new Script(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
