package io.aquatrade.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.aquatrade.common.ProcessCli;
import io.aquatrade.common.testing.SampleData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up failures: exit code 2 and a message naming the field, before any queue is opened. */
class DecisionEngineMainTest {
    @TempDir
    Path dir;

    private String projectConfig() throws Exception {
        return Files.readString(SampleData.projectRoot().resolve("config/aquatrade.yaml"));
    }

    private int run(ByteArrayOutputStream err, String... args) {
        PrintStream saved = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return ProcessCli.execute("decision-engine", new DecisionEngineMain(), args);
        } finally {
            System.setErr(saved);
        }
    }

    @Test
    void aBadOrderFractionStopsStartUpWithExitCode2NamingTheField() throws Exception {
        String yaml = projectConfig();
        assertThat(yaml).contains("orderFraction: 0.5");
        Path config = Files.writeString(dir.resolve("bad.yaml"), yaml.replace("orderFraction: 0.5",
                "orderFraction: 1.5"));
        Path queues = dir.resolve("queues");
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = run(err, "--config", config.toString(), "--queue-dir", queues.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("decision-engine.strategies[0].orderFraction")
                .contains("1.5");
        assertThat(queues).doesNotExist();
    }

    @Test
    void aMissingSectionAlsoExitsWith2() throws Exception {
        String yaml = projectConfig();
        String withoutSection = yaml.substring(0, yaml.indexOf("decision-engine:"))
                + yaml.substring(yaml.indexOf("order-router:"));
        Path config = Files.writeString(dir.resolve("none.yaml"), withoutSection);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(run(err, "--config", config.toString(), "--queue-dir", dir.resolve("q").toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("config decision-engine: expected a section");
    }
}
