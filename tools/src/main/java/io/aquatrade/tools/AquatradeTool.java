package io.aquatrade.tools;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.BarListener;
import io.aquatrade.common.ConfigException;
import io.aquatrade.common.DeadLetterFile;
import io.aquatrade.common.EpochClock;
import io.aquatrade.common.MarketDataListener;
import io.aquatrade.common.ProcessCli;
import io.aquatrade.common.ProgressListener;
import io.aquatrade.common.QueueRoot;
import io.aquatrade.common.RuntimeConfig;
import io.aquatrade.common.Topic;
import io.aquatrade.common.TopicReader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code aquatrade tail|summary|wait|export}: read-only views of the topics for operators and the demo;
 * {@code kill-switch}, the {@code control} topic's writer; and {@code dashboard}, the operator's page.
 */
@Command(name = "aquatrade", mixinStandardHelpOptions = true,
        subcommands = {AquatradeTool.Tail.class, AquatradeTool.Summary.class, AquatradeTool.Wait.class,
                AquatradeTool.Export.class, KillSwitchCommand.class, StatusCommand.class, DashboardCommand.class},
        description = "Read Aquatrade topics: tail one, summarise a run, wait for a replay to drain, or export "
                + "what the engine computed.")
public final class AquatradeTool implements Callable<Integer> {

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return ProcessCli.EXIT_USAGE;
    }

    /** Process entry point. */
    public static void main(String[] args) {
        System.exit(ProcessCli.execute("aquatrade-tool", new AquatradeTool(), args));
    }

    /** Options every subcommand shares. */
    static class Common {
        @Option(names = "--config", paramLabel = "FILE", defaultValue = "config/aquatrade.yaml",
                description = "Config for instrument and asset decimals (default: ${DEFAULT-VALUE}).")
        Path config;

        @Option(names = "--queue-dir", paramLabel = "DIR", description = "Queue root; default runtime.queueDir.")
        Path queueDir;

        AquatradeConfig loadConfig(boolean required) {
            if (!required && !Files.exists(config)) {
                return null;
            }
            return AquatradeConfig.load(config);
        }

        /** @return the queue root to write: {@code --queue-dir}, else {@code runtime.queueDir} */
        Path queueDir(AquatradeConfig cfg) {
            if (queueDir != null) {
                return queueDir;
            }
            return Path.of(configuredQueueDir(cfg));
        }

        /**
         * The queue root to read ({@link QueueRoot#locateForReading}: without {@code --queue-dir}, the demo's run
         * when {@code runtime.queueDir} does not exist, said on stderr), opened read-only: reading creates nothing.
         *
         * @throws ConfigException naming {@code --queue-dir} if that directory does not exist
         */
        QueueRoot openForReading(AquatradeConfig cfg) {
            return QueueRoot.openReadOnly(queueDirForReading(cfg));
        }

        /** @return the queue root to read ({@link QueueRoot#locateForReading}), which may not exist */
        Path queueDirForReading(AquatradeConfig cfg) {
            return QueueRoot.locateForReading(queueDir, configuredQueueDir(cfg),
                    notice -> System.err.println("aquatrade: " + notice));
        }

        private static String configuredQueueDir(AquatradeConfig cfg) {
            return cfg == null ? RuntimeConfig.DEFAULT_QUEUE_DIR : cfg.runtime().queueDir();
        }
    }

    /** Prints a topic, one line per message. */
    @Command(name = "tail", mixinStandardHelpOptions = true,
            description = "Print a topic one readable line per message: market-data, bars, signals, orders, executions, "
                    + "control.")
    static final class Tail implements Callable<Integer> {
        @CommandLine.Mixin
        Common common = new Common();

        @Parameters(index = "0", paramLabel = "TOPIC", description = "Topic name.")
        String topicName;

        @Option(names = {"-f", "--follow"}, description = "Keep waiting for new messages.")
        boolean follow;

        @Option(names = {"-n", "--limit"}, paramLabel = "N", description = "Stop after N messages (default: all).")
        long limit = Long.MAX_VALUE;

        @Override
        public Integer call() throws Exception {
            Topic<?> topic = Topic.byName(topicName);
            AquatradeConfig cfg = common.loadConfig(false);
            MessageFormatter formatter = new MessageFormatter(cfg);
            try (QueueRoot root = common.openForReading(cfg)) {
                if (!root.hasTopic(topic)) {
                    throw new ConfigException("--queue-dir", "a queue root holding " + topic.name() + "/, "
                            + root.path().resolve(topic.name()) + " does not exist");
                }
                return tail(root, topic, formatter);
            }
        }

        @SuppressWarnings("unchecked")
        private <L extends ProgressListener> int tail(QueueRoot root, Topic<L> topic, MessageFormatter formatter)
                throws InterruptedException {
            TopicReader<L> reader = root.reader(topic, null);
            long printed = 0;
            while (printed < limit) {
                if (reader.poll((L) formatter) > 0) {
                    System.out.println(formatter.line());
                    printed++;
                } else if (follow) {
                    Thread.sleep(50);
                } else {
                    break;
                }
            }
            if (reader.malformedCount() > 0) {
                System.err.println("skipped " + reader.malformedCount() + " malformed messages");
            }
            return 0;
        }
    }

    /** Counts and P&L of a run. */
    @Command(name = "summary", mixinStandardHelpOptions = true,
            description = "Say whether market data ended (and complete); count ticks, bars, signals, orders and "
                    + "fills; count orders by final state (filled, canceled, expired, rejected per reason code), "
                    + "cancels and denials per reason code; list the open orders and the open positions with their "
                    + "mark price and unrealised P&L; print balances, realised P&L and P&L, the kill switch (on or off), "
                    + "and the messages each process dead-lettered (runtime.poisonMessage.deadLetterDir).")
    static final class Summary implements Callable<Integer> {
        @CommandLine.Mixin
        Common common = new Common();

        @Override
        public Integer call() {
            AquatradeConfig cfg = common.loadConfig(true);
            RunSummary summary = new RunSummary(cfg);
            io.aquatrade.common.KillSwitch killSwitch;
            try (QueueRoot root = common.openForReading(cfg)) {
                TopicReader<MarketDataListener> marketData = drain(root, Topic.MARKET_DATA, summary);
                summary.marketDataEnd(marketData.endOfStream(), marketData.endOfStreamIncomplete());
                drain(root, Topic.BARS, summary);
                drain(root, Topic.SIGNALS, summary);
                drain(root, Topic.ORDERS, summary);
                drain(root, Topic.EXECUTIONS, summary);
                killSwitch = KillSwitchCommand.last(root);
            }
            summary.print(System.out);
            System.out.println(KillSwitchCommand.statusLines(killSwitch, KillSwitchCommand.killSwitchFile(cfg))[0]);
            printDeadLetters(Path.of(cfg.runtime().poisonMessage().deadLetterDir()), System.out);
            return 0;
        }

        /**
         * Prints how many messages each process gave up on: one line {@code dead letters <process>: N (file)} per
         * dead-letter file in {@code dir}, or {@code dead letters: 0} when there is none.
         *
         * @param dir the dead-letter directory ({@code runtime.poisonMessage.deadLetterDir})
         * @throws java.io.UncheckedIOException if the directory or a file cannot be read
         */
        static void printDeadLetters(Path dir, PrintStream out) {
            List<Path> files = new ArrayList<>();
            if (Files.isDirectory(dir)) {
                try (Stream<Path> list = Files.list(dir)) {
                    list.filter(f -> f.getFileName().toString().endsWith(DeadLetterFile.SUFFIX)).sorted()
                            .forEach(files::add);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list dead-letter directory " + dir, e);
                }
            }
            if (files.isEmpty()) {
                out.println("dead letters: 0");
            }
            for (Path f : files) {
                String name = f.getFileName().toString();
                out.println("dead letters " + name.substring(0, name.length() - DeadLetterFile.SUFFIX.length())
                        + ": " + DeadLetterFile.count(f) + " (" + f + ")");
            }
        }

        /** Reads a whole topic from its start into the listener; @return the reader, at the topic's end */
        static <L extends ProgressListener> TopicReader<L> drain(QueueRoot root, Topic<L> topic, L listener) {
            TopicReader<L> reader = root.reader(topic, null);
            while (reader.poll(listener) > 0) {
                // all of it
            }
            return reader;
        }
    }

    /** Waits until the given topics have all announced end of stream. */
    @Command(name = "wait", mixinStandardHelpOptions = true,
            description = "Wait until every topic has ended its stream (a replay drained through all processes).")
    static final class Wait implements Callable<Integer> {
        @CommandLine.Mixin
        Common common = new Common();

        @Option(names = "--timeout-s", paramLabel = "SECONDS", defaultValue = "600",
                description = "Give up after this many seconds (exit 1). Default ${DEFAULT-VALUE}.")
        long timeoutS;

        @Override
        public Integer call() throws InterruptedException {
            AquatradeConfig cfg = common.loadConfig(false);
            EpochClock clock = EpochClock.system();
            long deadlineNs = clock.nowNs() + timeoutS * 1_000_000_000L;
            try (QueueRoot root = common.openForReading(cfg)) {
                for (Topic<?> topic : Topic.PIPELINE) {
                    // a process not started yet has not made its topic: wait for it rather than make it
                    TopicReader<?> reader = null;
                    while (reader == null || !drainedToEnd(reader)) {
                        if (reader == null && root.hasTopic(topic)) {
                            reader = root.reader(topic, null);
                            continue;
                        }
                        if (clock.nowNs() > deadlineNs) {
                            System.err.println("timed out after " + timeoutS + " s waiting for the end of " + topic);
                            return 1;
                        }
                        Thread.sleep(100);
                    }
                }
            }
            return 0;
        }

        private static final MessageFormatter IGNORE = new MessageFormatter(null);

        @SuppressWarnings("unchecked")
        private static <L extends ProgressListener> boolean drainedToEnd(TopicReader<L> reader) {
            while (reader.peek()) {
                reader.dispatch((L) IGNORE);
            }
            return reader.endOfStream();
        }
    }

    /** {@code export bars}: files of what a run computed. */
    @Command(name = "export", mixinStandardHelpOptions = true, subcommands = ExportBars.class,
            description = "Export what a four-process run computed to files.")
    static final class Export implements Callable<Integer> {
        @Override
        public Integer call() {
            CommandLine.usage(this, System.out);
            return ProcessCli.EXIT_USAGE;
        }
    }

    /** Writes the {@code bars} topic as CSV files, one per instrument and timeframe ({@link BarCsvWriter}). */
    @Command(name = "bars", mixinStandardHelpOptions = true,
            description = {"Write every bar on the bars topic, with its indicator values, as CSV: one file "
                    + "bars-<SYMBOL>-<timeframe>.csv per instrument and timeframe, the same files as "
                    + "'backtest --export bars'.",
                    "Example: bin/aquatrade export bars --queue-dir var/demo/queues --out var/export"})
    static final class ExportBars implements Callable<Integer> {
        @CommandLine.Mixin
        Common common = new Common();

        @Option(names = "--out", paramLabel = "DIR", required = true,
                description = "Directory for the CSV files (created if missing; files of the same name are replaced).")
        Path out;

        @CommandLine.Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            AquatradeConfig cfg = common.loadConfig(true);
            boolean ended;
            long malformed;
            BarCsvWriter writer = new BarCsvWriter(out, symbol -> {
                try {
                    return cfg.instrument(symbol);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException("--config", "a config naming every instrument on the bars topic: "
                            + symbol + " is missing (its price and size decimals are needed)");
                }
            });
            try (QueueRoot root = common.openForReading(cfg); writer) {
                if (!root.hasTopic(Topic.BARS)) {
                    throw new ConfigException("--queue-dir", "a queue root holding " + Topic.BARS.name() + "/, "
                            + root.path().resolve(Topic.BARS.name()) + " does not exist");
                }
                TopicReader<BarListener> reader = root.reader(Topic.BARS, null);
                while (reader.poll(writer) > 0) {
                    // all of it
                }
                ended = reader.endOfStream();
                malformed = reader.malformedCount();
            }
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.printf(Locale.ROOT, "exported %d bars to %d files in %s%s%s%n", writer.barCount(),
                    writer.files().size(), out,
                    writer.repeatedBarCount() > 0 ? "; skipped " + writer.repeatedBarCount() + " repeated bars" : "",
                    malformed > 0 ? "; skipped " + malformed + " malformed messages" : "");
            if (!ended) {
                stdout.println("note: the bars topic has not ended: the run is still going or was stopped, so "
                        + "later bars may follow");
            }
            for (Path f : writer.files()) {
                stdout.println(f);
            }
            stdout.flush();
            return 0;
        }
    }
}
