package io.aquatrade.benchmarks;

import java.util.Set;
import java.util.concurrent.Callable;

import io.aquatrade.common.ProcessCli;
import picocli.CommandLine;

/**
 * {@code bin/aquatrade benchmark}: research command that times Aquatrade's code. Subcommands: {@code ta4j} (the
 * default when none is named) times a backtest of an EMA-cross strategy over recorded 5m bars against ta4j 0.17
 * running the same rule on the same bars ({@link Ta4jComparison}); {@code jmh} runs the JMH hot-path benchmark
 * ({@link JmhCommand}). Exit code 2 for a bad flag or missing data, naming the flag.
 */
@CommandLine.Command(name = "benchmark", mixinStandardHelpOptions = true,
        subcommands = {Ta4jComparison.class, JmhCommand.class},
        description = "Times Aquatrade's code. Without a subcommand runs 'ta4j' with the given flags.")
public final class BenchmarkMain implements Callable<Integer> {
    private static final Set<String> OWN_OPTIONS = Set.of("-h", "--help", "-V", "--version");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Reached only when {@link #main} did not add the default subcommand: prints the usage. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ProcessCli.EXIT_USAGE;
    }

    /**
     * Entry point.
     *
     * @param args {@code [ta4j|jmh] [flags]}; flags without a subcommand are {@code ta4j}'s
     */
    public static void main(String[] args) {
        System.exit(ProcessCli.execute("benchmark", new BenchmarkMain(), withDefaultSubcommand(args)));
    }

    /**
     * @param args the command line
     * @return it with {@code ta4j} in front when it is empty or starts with a flag that is not this command's own
     *         help/version
     */
    static String[] withDefaultSubcommand(String[] args) {
        if (args.length > 0 && (!args[0].startsWith("-") || OWN_OPTIONS.contains(args[0]))) {
            return args;
        }
        String[] out = new String[args.length + 1];
        out[0] = "ta4j";
        System.arraycopy(args, 0, out, 1, args.length);
        return out;
    }
}
