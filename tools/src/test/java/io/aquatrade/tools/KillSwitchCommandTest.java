package io.aquatrade.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import io.aquatrade.common.KillSwitch;
import io.aquatrade.common.QueueRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code kill-switch on|off|status} through picocli, on a real Chronicle queue root: the command writes
 * {@link KillSwitch} messages on the {@code control} topic, {@code status} reads the last one back, and the
 * {@code runtime.killSwitchFile} turns the switch on while it exists.
 */
class KillSwitchCommandTest {
    @TempDir
    Path dir;

    private String run(String... args) {
        Path config = dir.resolve("aquatrade.yaml");
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new AquatradeTool());
        cli.setOut(new PrintWriter(out, true));
        String[] full = new String[args.length + 4];
        System.arraycopy(args, 0, full, 0, args.length);
        full[args.length] = "--config";
        full[args.length + 1] = config.toString();
        full[args.length + 2] = "--queue-dir";
        full[args.length + 3] = dir.resolve("queues").toString();
        assertThat(cli.execute(full)).as(String.join(" ", args)).isZero();
        return out.toString();
    }

    private void writeConfig(Path killSwitchFile) throws Exception {
        Files.writeString(dir.resolve("aquatrade.yaml"), String.join("\n",
                "runtime:",
                "  killSwitchFile: " + killSwitchFile,
                "instruments:",
                "  - {symbol: XRPETH, base: XRP, quote: ETH, priceDecimals: 8, sizeDecimals: 0}",
                ""));
    }

    private KillSwitch last() {
        try (QueueRoot root = new QueueRoot(dir.resolve("queues"))) {
            return KillSwitchCommand.last(root);
        }
    }

    @Test
    void onWithFlattenThenOffAreWrittenOnTheControlTopicAndStatusReadsTheLast() throws Exception {
        Path file = dir.resolve("KILL_SWITCH");
        writeConfig(file);
        assertThat(run("kill-switch", "status")).startsWith("kill switch: off" + System.lineSeparator())
                .contains("control topic: never set");

        assertThat(run("kill-switch", "on", "--flatten", "--reason", "May 19 crash"))
                .contains("killSwitch on=true flatten=true").contains("reason=\"May 19 crash\"");
        KillSwitch on = last();
        assertThat(on.on()).isTrue();
        assertThat(on.flatten()).isTrue();
        assertThat(on.reason()).isEqualTo("May 19 crash");
        assertThat(on.source()).startsWith("kill-switch@");
        assertThat(on.eventTimeNs()).isPositive();
        assertThat(run("kill-switch", "status").lines().findFirst()).contains("kill switch: on (flatten)");

        run("kill-switch", "off");
        KillSwitch off = last();
        assertThat(off.on()).isFalse();
        assertThat(off.flatten()).isFalse();
        assertThat(off.eventTimeNs()).isGreaterThanOrEqualTo(on.eventTimeNs());
        assertThat(run("kill-switch", "status").lines().findFirst()).contains("kill switch: off");
        // every change stays on the topic, as tail control shows it
        MessageFormatter formatter = new MessageFormatter(null);
        java.util.List<String> lines = new java.util.ArrayList<>();
        try (QueueRoot root = new QueueRoot(dir.resolve("queues"))) {
            io.aquatrade.common.TopicReader<io.aquatrade.common.ControlListener> reader =
                    root.reader(io.aquatrade.common.Topic.CONTROL, null);
            while (reader.poll(formatter) > 0) {
                lines.add(formatter.line());
            }
        }
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains(" killSwitch on=true flatten=true source=kill-switch@");
        assertThat(lines.get(1)).contains(" killSwitch on=false flatten=false");
    }

    @Test
    void theKillSwitchFileHoldsTheSwitchOnWhileItExists() throws Exception {
        Path file = dir.resolve("KILL_SWITCH");
        writeConfig(file);
        Files.writeString(file, "");
        String status = run("kill-switch", "status");
        assertThat(status.lines()).containsExactly("kill switch: on", "control topic: never set",
                "kill-switch file: " + file + " exists (on)");
        assertThat(run("kill-switch", "off")).contains("still holds the switch on");
        assertThat(run("kill-switch", "status").lines().findFirst()).contains("kill switch: on");
        Files.delete(file);
        assertThat(run("kill-switch", "status").lines().findFirst()).contains("kill switch: off");
    }

    @Test
    void aReasonLongerThanTheMessageAllowsIsRefusedWithExitCode2() throws Exception {
        writeConfig(dir.resolve("KILL_SWITCH"));
        int code = io.aquatrade.common.ProcessCli.execute("test", new AquatradeTool(), new String[] {"kill-switch",
                "on", "--reason", "x".repeat(501), "--config", dir.resolve("aquatrade.yaml").toString(),
                "--queue-dir", dir.resolve("queues").toString()});
        assertThat(code).isEqualTo(2);
        assertThat(last()).isNull();
    }
}
