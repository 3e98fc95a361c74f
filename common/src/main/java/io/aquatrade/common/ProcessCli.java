package io.aquatrade.common;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine;

/**
 * Start-up plumbing every process {@code *Main} shares: the common flags, logging to {@code logs/<process>.log},
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

    private ProcessCli() {
    }

    /** Flags every process takes. */
    public static final class CommonOptions {
        @CommandLine.Option(names = "--config", paramLabel = "FILE", defaultValue = "config/aquatrade.yaml",
                description = "YAML config shared by all processes (default: ${DEFAULT-VALUE}).")
        Path config;

        @CommandLine.Option(names = "--queue-dir", paramLabel = "DIR",
                description = "Root of the topic queues; overrides runtime.queueDir in the config.")
        Path queueDir;

        /** @return the config file path */
        public Path config() {
            return config;
        }

        /** Loads the config file and resolves the queue root. @throws ConfigException on a bad value */
        public Loaded load() {
            AquatradeConfig cfg = AquatradeConfig.load(config);
            Path dir = queueDir != null ? queueDir : Path.of(cfg.runtime().queueDir());
            return new Loaded(cfg, dir);
        }
    }

    /**
     * A loaded config and the queue root to use.
     *
     * @param config   the validated shared config
     * @param queueDir queue root directory
     */
    public record Loaded(AquatradeConfig config, Path queueDir) {
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
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof ConfigException || ex instanceof IllegalArgumentException) {
                cmd.getErr().println(process + ": " + ex.getMessage());
                return EXIT_USAGE;
            }
            throw ex;
        });
        cli.setExitCodeExceptionMapper(ex -> ex instanceof ConfigException
                || ex instanceof CommandLine.ParameterException ? EXIT_USAGE : 1);
        return cli.execute(args);
    }
}
