package io.aquatrade.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.aquatrade.common.testing.SampleData;
import org.junit.jupiter.api.Test;

/**
 * The supervisor configs shipped in deploy/ do not restart a process that stopped on a bad config (exit 2), halted on
 * a poison message (exit 3) or on a replayed file that stopped parsing (exit 4), however soon after its start.
 */
class DeployConfigTest {
    private static final String HALT = Integer.toString(ProcessCli.EXIT_POISON_HALT);
    private static final String USAGE = Integer.toString(ProcessCli.EXIT_USAGE);
    /** market-data's exit code for a replayed file that stopped parsing with {@code onError: fail}. */
    private static final String REPLAY_INCOMPLETE = "4";

    @Test
    void systemdDoesNotRestartOnABadConfigOrAPoisonHalt() throws IOException {
        String unit = Files.readString(SampleData.projectRoot().resolve("deploy/systemd/aquatrade@.service"));
        Matcher m = Pattern.compile("(?m)^RestartPreventExitStatus=(.*)$").matcher(unit);
        assertThat(m.find()).isTrue();
        assertThat(Arrays.asList(m.group(1).trim().split("\\s+"))).contains(USAGE, HALT, REPLAY_INCOMPLETE);
        assertThat(unit).containsPattern("(?m)^Restart=on-failure$");
    }

    @Test
    void supervisordRestartsOnlyUnexpectedExitsAndAPoisonHaltIsExpected() throws IOException {
        Path conf = SampleData.projectRoot().resolve("deploy/supervisord.conf");
        String text = Files.readString(conf);
        String[] programs = text.split("(?m)^\\[program:");
        assertThat(programs).hasSize(6); // the header, four processes and the notifier
        for (int i = 1; i < programs.length; i++) {
            String program = programs[i];
            assertThat(program).as(program.lines().findFirst().orElse(""))
                    .containsPattern("(?m)^autorestart=unexpected$");
            Matcher m = Pattern.compile("(?m)^exitcodes=(.*)$").matcher(program);
            assertThat(m.find()).as(program.lines().findFirst().orElse("")).isTrue();
            List<String> codes = Arrays.asList(m.group(1).trim().split("\\s*,\\s*"));
            assertThat(codes).contains(HALT, USAGE, REPLAY_INCOMPLETE).doesNotContain("1");
            // an exit within startsecs of a start is a failed start whatever its code, retried startretries times:
            // only startsecs=0 leaves every exit to exitcodes
            assertThat(program).as(program.lines().findFirst().orElse(""))
                    .containsPattern("(?m)^startsecs=0$");
        }
    }
}
