package io.aquatrade.signal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.aquatrade.common.ProcessCli;
import io.aquatrade.common.testing.SampleData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up failures of the process: exit code 2 and a message naming the field, before any queue is opened. */
class SignalGeneratorMainTest {
    @TempDir
    Path dir;

    private record Result(int exitCode, String err) {
    }

    private Result run(String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = ProcessCli.execute(SignalAgent.NAME, new SignalGeneratorMain(), args);
            return new Result(code, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(saved);
        }
    }

    private Path projectConfig() {
        return SampleData.projectRoot().resolve("config").resolve("aquatrade.yaml");
    }

    @Test
    void aBadTimeframeFlagExitsWithTwoNamingTheFlag() {
        Result r = run("--config", projectConfig().toString(), "--queue-dir", dir.resolve("queues").toString(),
                "--timeframe", "7x");
        assertThat(r.exitCode()).isEqualTo(ProcessCli.EXIT_USAGE);
        assertThat(r.err()).contains("--timeframe").contains("7x");
        assertThat(dir.resolve("queues")).doesNotExist();
    }

    @Test
    void aBadStrategyParameterExitsWithTwoNamingTheField() throws IOException {
        String yaml = Files.readString(projectConfig())
                .replace("instruments: [XRPETH], bars: 3}", "instruments: [XRPETH], bars: 0}");
        assertThat(yaml).contains("bars: 0");
        Path config = Files.writeString(dir.resolve("aquatrade.yaml"), yaml);
        Result r = run("--config", config.toString(), "--queue-dir", dir.resolve("queues").toString());
        assertThat(r.exitCode()).isEqualTo(ProcessCli.EXIT_USAGE);
        assertThat(r.err()).contains("signal-generator.strategies[0].bars");
    }

    @Test
    void anUnknownStrategyTypeExitsWithTwoNamingTheField() throws IOException {
        String yaml = Files.readString(projectConfig())
                .replace("type: vwap-momentum", "type: vwap-momentum-v2");
        Path config = Files.writeString(dir.resolve("aquatrade.yaml"), yaml);
        Result r = run("--config", config.toString(), "--queue-dir", dir.resolve("queues").toString());
        assertThat(r.exitCode()).isEqualTo(ProcessCli.EXIT_USAGE);
        assertThat(r.err()).contains("signal-generator.strategies[0].type").contains("vwap-momentum-v2");
    }

    @Test
    void aBadTradeContextOrFilterValueExitsWithTwoNamingTheField() throws IOException {
        String yaml = Files.readString(projectConfig()).replace("instruments: [XRPETH], bars: 3}",
                "instruments: [XRPETH], bars: 3}\n    - {id: ma, type: ma-cross, instruments: [XRPETH],"
                        + " filters: [{type: chop, maxCrosses: -4}]}");
        Path config = Files.writeString(dir.resolve("aquatrade.yaml"), yaml);
        Result r = run("--config", config.toString(), "--queue-dir", dir.resolve("queues").toString());
        assertThat(r.exitCode()).isEqualTo(ProcessCli.EXIT_USAGE);
        assertThat(r.err()).contains("signal-generator.strategies[1].filters[0].maxCrosses");

        yaml = Files.readString(projectConfig()).replace("signal-generator:\n",
                "signal-generator:\n  tradeContext: {dir: " + dir.resolve("context") + ", before: 0}\n");
        config = Files.writeString(dir.resolve("aquatrade.yaml"), yaml);
        r = run("--config", config.toString(), "--queue-dir", dir.resolve("queues").toString());
        assertThat(r.exitCode()).isEqualTo(ProcessCli.EXIT_USAGE);
        assertThat(r.err()).contains("signal-generator.tradeContext.before");
        assertThat(dir.resolve("queues")).doesNotExist();
    }
}
