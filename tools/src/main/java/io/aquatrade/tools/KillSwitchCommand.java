package io.aquatrade.tools;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.ConfigException;
import io.aquatrade.common.ControlListener;
import io.aquatrade.common.EpochClock;
import io.aquatrade.common.KillSwitch;
import io.aquatrade.common.MessageCopies;
import io.aquatrade.common.ProcessCli;
import io.aquatrade.common.QueueRoot;
import io.aquatrade.common.Topic;
import io.aquatrade.common.TopicReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code aquatrade kill-switch on [--flatten] [--reason TEXT] | off | status}: turns the kill switch on or off by
 * writing a {@link KillSwitch} on the {@code control} topic (this command is the topic's one writer), and shows its
 * state: the last message on the topic, and whether {@code runtime.killSwitchFile} exists (either one being on means
 * on). Every change is logged at WARN. The dashboard's kill-switch button goes through {@link #turn} too.
 */
@Command(name = "kill-switch", mixinStandardHelpOptions = true,
        subcommands = {KillSwitchCommand.On.class, KillSwitchCommand.Off.class, KillSwitchCommand.Status.class},
        description = {"Stop all new entries at once (on), with --flatten also close every position at market; "
                + "resume trading (off); or show the switch (status). The switch is a message on the control "
                + "topic and survives restarts; a file at runtime.killSwitchFile also turns it on while it exists."})
final class KillSwitchCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(KillSwitchCommand.class);

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return ProcessCli.EXIT_USAGE;
    }

    /** Turns the switch on. */
    @Command(name = "on", mixinStandardHelpOptions = true,
            description = "Turn the kill switch on: no new entries, resting entry orders cancelled.")
    static final class On implements Callable<Integer> {
        @CommandLine.Mixin
        AquatradeTool.Common common = new AquatradeTool.Common();

        @Option(names = "--flatten", description = "Also close every open position at market.")
        boolean flatten;

        @Option(names = "--reason", paramLabel = "TEXT", defaultValue = "",
                description = "Why, for the log, tail and summary (at most 500 characters).")
        String reason;

        @CommandLine.Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return write(common, spec, true, flatten, reason, EpochClock.system());
        }
    }

    /** Turns the switch off. */
    @Command(name = "off", mixinStandardHelpOptions = true,
            description = "Turn the kill switch off: trading resumes (a runtime.killSwitchFile that exists still "
                    + "holds it on).")
    static final class Off implements Callable<Integer> {
        @CommandLine.Mixin
        AquatradeTool.Common common = new AquatradeTool.Common();

        @Option(names = "--reason", paramLabel = "TEXT", defaultValue = "",
                description = "Why, for the log, tail and summary (at most 500 characters).")
        String reason;

        @CommandLine.Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return write(common, spec, false, false, reason, EpochClock.system());
        }
    }

    /** Prints the switch's state. */
    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Print the kill switch: the last change on the control topic, the kill-switch file, and "
                    + "whether it is on.")
    static final class Status implements Callable<Integer> {
        @CommandLine.Mixin
        AquatradeTool.Common common = new AquatradeTool.Common();

        @CommandLine.Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            AquatradeConfig cfg = common.loadConfig(false);
            KillSwitch last = null;
            Path dir = common.queueDirForReading(cfg);
            if (Files.isDirectory(dir)) { // no queue root yet: never set (and none is made by looking)
                try (QueueRoot root = QueueRoot.openReadOnly(dir)) {
                    last = last(root);
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            for (String line : statusLines(last, killSwitchFile(cfg))) {
                out.println(line);
            }
            out.flush();
            return 0;
        }
    }

    private static int write(AquatradeTool.Common common, CommandSpec spec, boolean on, boolean flatten,
                             String reason, EpochClock clock) {
        AquatradeConfig cfg = common.loadConfig(false);
        KillSwitch message = turn(common.queueDir(cfg), on, flatten, reason,
                "kill-switch@" + System.getProperty("user.name", "unknown"), clock);
        PrintWriter out = spec.commandLine().getOut();
        out.println(MessageFormatter.killSwitchLine(message));
        Path file = killSwitchFile(cfg);
        if (!on && Files.exists(file)) {
            out.println("note: the kill-switch file " + file + " exists and still holds the switch on; delete it "
                    + "to resume trading");
        }
        out.flush();
        return 0;
    }

    /**
     * Turns the switch on or off: writes one {@link KillSwitch} on the {@code control} topic (the command's and the
     * dashboard's button's one way to change it) and logs the change at WARN.
     *
     * @param queueDir the queue root (the control topic is created if missing)
     * @param on       true: no new entries; false: trading resumes
     * @param flatten  with {@code on}: also close every open position at market
     * @param reason   why, at most {@link KillSwitch#MAX_REASON_LENGTH} characters
     * @param source   who, e.g. {@code kill-switch@<user>} or {@code dashboard@<user>}
     * @param clock    stamps the message's event time
     * @return the message written
     * @throws ConfigException naming {@code --reason} if the reason is too long
     */
    static KillSwitch turn(Path queueDir, boolean on, boolean flatten, String reason, String source,
                           EpochClock clock) {
        if (reason.length() > KillSwitch.MAX_REASON_LENGTH) {
            throw new ConfigException("--reason", "at most " + KillSwitch.MAX_REASON_LENGTH + " characters, was "
                    + reason.length());
        }
        KillSwitch message = new KillSwitch().on(on).flatten(flatten).reason(reason).source(source)
                .eventTimeNs(clock.nowNs());
        try (QueueRoot root = new QueueRoot(queueDir)) {
            ControlListener writer = root.writer(Topic.CONTROL);
            writer.killSwitch(message);
        }
        LOG.warn("kill switch {}{} by {}: \"{}\"", on ? "ON" : "OFF", flatten ? " with flatten" : "",
                message.source(), reason);
        return message;
    }

    /**
     * @param root the queue root
     * @return a copy of the last {@link KillSwitch} on the {@code control} topic, or null if there is none
     */
    static KillSwitch last(QueueRoot root) {
        KillSwitch[] last = {null};
        TopicReader<ControlListener> reader = root.reader(Topic.CONTROL, null);
        ControlListener keepLast = m -> {
            if (last[0] == null) {
                last[0] = new KillSwitch();
            }
            MessageCopies.copy(m, last[0]);
        };
        while (reader.poll(keepLast) > 0) {
            // all of it
        }
        return last[0];
    }

    /**
     * The lines {@code kill-switch status} prints: {@code kill switch: on|off}, then where that comes from.
     *
     * @param last the last message on the control topic, or null
     * @param file {@code runtime.killSwitchFile}
     * @return the lines, the first saying whether the switch is on
     */
    static String[] statusLines(KillSwitch last, Path file) {
        boolean fileOn = Files.exists(file);
        boolean topicOn = last != null && last.on();
        return new String[] {
                "kill switch: " + (topicOn || fileOn ? "on" : "off") + (topicOn && last.flatten() ? " (flatten)" : ""),
                "control topic: " + (last == null ? "never set" : MessageFormatter.killSwitchLine(last)),
                "kill-switch file: " + file + (fileOn ? " exists (on)" : " absent")};
    }

    static Path killSwitchFile(AquatradeConfig cfg) {
        return Path.of(cfg == null ? io.aquatrade.common.RuntimeConfig.DEFAULT_KILL_SWITCH_FILE
                : cfg.runtime().killSwitchFile());
    }
}
