package io.aquatrade.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.aquatrade.common.testing.SampleData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The systemd units pass {@code systemd-analyze verify} once the README's install steps are done: in a scratch root
 * laid out as those steps leave a machine (the distribution's units, ours in {@code /etc/systemd/system}, the project
 * where the unit's {@code WorkingDirectory} says, the target enabled); and those steps create the unit's user first,
 * install where the unit runs and build as that user ({@code verify} does not look up users itself). Needs
 * systemd's tools (Debian's {@code systemd} package), as a machine that runs the unit has them.
 */
class SystemdUnitIT {
    private static final List<String> PROCESSES = List.of("order-router", "decision-engine", "signal-generator",
            "market-data");

    @TempDir
    Path root;

    private record Run(int exitCode, String output) {
    }

    private static Run run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", cmd)).isTrue();
        return new Run(p.exitValue(), out);
    }

    private static String unitValue(String unit, String key) {
        Matcher m = Pattern.compile("(?m)^" + key + "=(.*)$").matcher(unit);
        assertThat(m.find()).as(key).isTrue();
        return m.group(1).trim();
    }

    /** @return the shell lines of the README's "Install under systemd" code block */
    private static List<String> readmeInstallSteps() throws IOException {
        String readme = Files.readString(SampleData.projectRoot().resolve("README.md"));
        Matcher m = Pattern.compile("(?s)### Install under systemd\n.*?```\n(.*?)```").matcher(readme);
        assertThat(m.find()).as("README's install steps").isTrue();
        return m.group(1).lines().toList();
    }

    private Run verify() throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("systemd-analyze", "verify", "--man=no", "--root=" + root));
        PROCESSES.forEach(p -> cmd.add("aquatrade@" + p + ".service"));
        cmd.add("aquatrade.target");
        return run(cmd);
    }

    @Test
    void theUnitsVerifyOnceTheReadmeInstallStepsAreDone() throws Exception {
        assertThat(run(List.of("sh", "-c", "command -v systemd-analyze systemctl")).exitCode())
                .as("systemd-analyze and systemctl on PATH (Debian: apt-get install systemd)").isZero();
        Path project = SampleData.projectRoot();
        String unit = Files.readString(project.resolve("deploy/systemd/aquatrade@.service"));
        String user = unitValue(unit, "User");
        String workDir = unitValue(unit, "WorkingDirectory");
        String launcher = unitValue(unit, "ExecStart").split(" ")[0];
        assertThat(launcher).isEqualTo(workDir + "/bin/aquatrade");

        List<String> steps = readmeInstallSteps();
        assertThat(steps.get(0)).as("the service user is created first").startsWith("useradd --system ")
                .endsWith(" " + user);
        assertThat(steps).anySatisfy(s -> assertThat(s).startsWith("cp -r . " + workDir + " && chown -R " + user
                + ":" + user + " " + workDir));
        assertThat(steps).contains("runuser -u " + user + " -- bin/aquatrade build",
                "cp deploy/systemd/aquatrade@.service deploy/systemd/aquatrade.target /etc/systemd/system/",
                "systemctl daemon-reload && systemctl enable --now aquatrade.target");

        // the machine as the steps leave it: the distribution's units, ours installed, the project in place
        Path distUnits = Stream.of("/usr/lib/systemd/system", "/lib/systemd/system").map(Path::of)
                .filter(Files::isDirectory).findFirst().orElseThrow();
        copyTree(distUnits, root.resolve("usr/lib/systemd/system"));
        Path etc = Files.createDirectories(root.resolve("etc/systemd/system"));
        for (String name : List.of("aquatrade@.service", "aquatrade.target")) {
            Files.copy(project.resolve("deploy/systemd").resolve(name), etc.resolve(name));
        }

        Run withoutProject = verify();
        assertThat(withoutProject.exitCode()).as("verify checks ExecStart: " + withoutProject.output()).isNotZero();
        assertThat(withoutProject.output()).contains(launcher).contains("not executable");

        Path installed = root.resolve(workDir.substring(1));
        Files.createDirectories(installed.resolve("bin"));
        Files.copy(project.resolve("bin/aquatrade"), installed.resolve("bin/aquatrade"),
                StandardCopyOption.COPY_ATTRIBUTES);
        Run enable = run(List.of("systemctl", "--root=" + root, "enable", "aquatrade.target"));
        assertThat(enable.exitCode()).as(enable.output()).isZero();
        assertThat(etc.resolve("multi-user.target.wants/aquatrade.target")).isSymbolicLink();

        Run verified = verify();
        assertThat(verified.exitCode()).as(verified.output()).isZero();
        assertThat(verified.output()).as("no warning either").isEmpty();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isSymbolicLink(p)) {
                    Files.createDirectories(target.getParent());
                    Files.createSymbolicLink(target, Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
