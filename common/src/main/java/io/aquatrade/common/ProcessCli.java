package io.aquatrade.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Callable;

import io.aquatrade.common.metrics.MetricsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;
import picocli.CommandLine;

/**
 * Start-up plumbing every process {@code *Main} shares: the common flags, logging to {@code logs/<process>.log}
 * (rolled over as {@code runtime.logs} says, see {@link LogFiles}),
 * and the rule that a bad flag or config value stops the process with exit code 2 and a message naming it.
 */
public final class ProcessCli {
    /** Exit code for a bad flag or config value. */
    public static final int EXIT_USAGE = 2;
    /**
     * Exit code after a poison message under {@code runtime.poisonMessage.action: halt}: the message is in the
     * dead-letter file and still unconsumed. The systemd unit and the supervisord config do not restart on it.
     */
    public static final int EXIT_POISON_HALT = 3;
    /**
     * Marks a log event whose text the process has already printed on stderr itself (a start-up error): the log file
     * gets it, the stderr appender leaves it out so that it is not printed twice.
     */
    public static final Marker ON_STDERR = MarkerFactory.getMarker("ON_STDERR");
    private static final Logger LOG = LoggerFactory.getLogger(ProcessCli.class);
    private static final String VERSION_RESOURCE = "/io/aquatrade/common/version.properties";

    private ProcessCli() {
    }

    /**
     * The project's version, as Maven wrote it into {@code version.properties} when it built {@code common} (the
     * {@code project.version} of the pom, e.g. {@code 0.1.0-SNAPSHOT}).
     *
     * @return the version
     * @throws IllegalStateException if the resource is missing (a build that skipped resource filtering)
     */
    public static String version() {
        Properties p = new Properties();
        try (InputStream in = ProcessCli.class.getResourceAsStream(VERSION_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(VERSION_RESOURCE + " is missing: build with Maven");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + VERSION_RESOURCE, e);
        }
        return p.getProperty("version");
    }

    /** Flags every process takes. */
    public static final class CommonOptions {
        @CommandLine.Option(names = "--config", paramLabel = "FILE", defaultValue = "config/aquatrade.yaml",
                description = "YAML config shared by all processes (default: ${DEFAULT-VALUE}).")
        Path config;

        @CommandLine.Option(names = "--queue-dir", paramLabel = "DIR",
                description = "Root of the topic queues; overrides runtime.queueDir in the config.")
        Path queueDir;

        // Text, checked in load(): a bad value must exit with 2 naming the flag.
        @CommandLine.Option(names = "--metrics-port", paramLabel = "PORT",
                description = "Port of this process's /metrics on 127.0.0.1, 0 for any free port (logged); "
                        + "overrides runtime.metrics.ports.<process>.")
        String metricsPort;

        /** @return the config file path */
        public Path config() {
            return config;
        }

        /**
         * Loads the config file, resolves the queue root, and sets up the process's log files from
         * {@code runtime.logs} ({@link LogFiles#apply}).
         *
         * @throws ConfigException on a bad value
         */
        public Loaded load() {
            AquatradeConfig cfg = AquatradeConfig.load(config);
            LogFiles.apply(cfg.runtime().logs());
            Path dir = queueDir != null ? queueDir : Path.of(cfg.runtime().queueDir());
            Integer port = null;
            if (metricsPort != null) {
                try {
                    port = Integer.parseInt(metricsPort.trim());
                } catch (NumberFormatException e) {
                    port = -1;
                }
                if (port < 0 || port > 65_535) {
                    throw new ConfigException("--metrics-port", "a port number 1..65535 (0: any free port), was '"
                            + metricsPort + "'");
                }
            }
            return new Loaded(cfg, dir, port);
        }
    }

    /**
     * A loaded config and the queue root to use.
     *
     * @param config      the validated shared config
     * @param queueDir    queue root directory
     * @param metricsPort {@code --metrics-port}, or null to take the config's
     */
    public record Loaded(AquatradeConfig config, Path queueDir, Integer metricsPort) {
        /**
         * @param process the process name
         * @return {@code runtime.metrics} with the process's port from {@code --metrics-port} when given
         */
        public MetricsConfig metrics(String process) {
            MetricsConfig m = config.runtime().metrics();
            return metricsPort == null ? m : m.withPort(process, metricsPort);
        }

        /** @return where this process's heartbeat file goes ({@code runtime.heartbeat.dir}, else {@code run} beside
         * the queue root) */
        public Path heartbeatDir() {
            return config.runtime().heartbeat().dirFor(queueDir);
        }
    }

    /**
     * Runs a picocli command as a process's main: sets the log file name, parses flags, maps errors to exit codes.
     *
     * @param process process name; names the log file {@code <log dir>/<process>.log}
     * @param command the picocli command object
     * @param args    command-line arguments
     * @return the exit code: the command's, or 2 for a bad flag or config value
     */
    public static int execute(String process, Callable<Integer> command, String... args) {
        if (System.getProperty("aquatrade.process") == null) {
            System.setProperty("aquatrade.process", process);
        }
        CommandLine cli = new CommandLine(command);
        String name = System.getProperty("aquatrade.process");
        withVersion(cli, () -> new String[] {name + " " + version() + " (Java " + Runtime.version() + ")"});
        CommandLine.IParameterExceptionHandler badFlag = cli.getParameterExceptionHandler();
        cli.setParameterExceptionHandler((ex, arguments) -> {
            LOG.error(ON_STDERR, "{} did not start (exit {}): {}", process, EXIT_USAGE, ex.getMessage());
            return badFlag.handleParseException(ex, arguments);
        });
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof ConfigException || ex instanceof IllegalArgumentException) {
                cmd.getErr().println(process + ": " + ex.getMessage());
                LOG.error(ON_STDERR, "{} did not start (exit {}): {}", process, EXIT_USAGE, ex.getMessage());
                return EXIT_USAGE;
            }
            throw ex;
        });
        cli.setExitCodeExceptionMapper(ex -> ex instanceof ConfigException
                || ex instanceof CommandLine.ParameterException ? EXIT_USAGE : 1);
        try {
            return cli.execute(args);
        } finally {
            LogFiles.close(); // the file appenders' queues, before the JVM exits
        }
    }

    /** Gives {@code -V/--version} of a command and of all its subcommands that have none of their own the text. */
    private static void withVersion(CommandLine cli, CommandLine.IVersionProvider version) {
        CommandLine.Model.CommandSpec spec = cli.getCommandSpec();
        if (spec.version().length == 0 && spec.versionProvider() == null) {
            spec.versionProvider(version);
        }
        for (CommandLine sub : cli.getSubcommands().values()) {
            withVersion(sub, version);
        }
    }
}
