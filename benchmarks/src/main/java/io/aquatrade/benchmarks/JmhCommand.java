package io.aquatrade.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import picocli.CommandLine;

/**
 * {@code benchmark jmh [JMH options]}: runs this module's JMH benchmarks (today {@link SignalEngineBenchmark}) with
 * JMH's own command line, exactly as {@code java -jar benchmarks/target/benchmarks.jar [JMH options]} does. Every
 * argument goes to JMH: {@code -h} lists its options, {@code -prof gc} adds allocation per operation, {@code -f},
 * {@code -wi}, {@code -i}, {@code -r} override the short defaults the benchmark classes declare.
 *
 * <p>JMH forks a JVM with this JVM's class path and arguments (so the launcher's {@code jvm.options} apply there
 * too). Exit code: 0 done, 2 bad JMH option, 1 a benchmark failed.
 */
@CommandLine.Command(name = "jmh", description = {
        "JMH benchmark of tick -> bar -> indicators -> strategy: ticks/s; with -prof gc bytes/tick.",
        "Every argument goes to JMH (jmh -h lists its options)."})
public final class JmhCommand implements Callable<Integer> {
    @CommandLine.Unmatched
    List<String> jmhArguments = new ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** @return 0 when JMH finished, 2 on a bad JMH option, 1 if a benchmark failed */
    @Override
    public Integer call() {
        CommandLineOptions options;
        try {
            options = new CommandLineOptions(jmhArguments.toArray(new String[0]));
        } catch (CommandLineOptionException e) {
            spec.commandLine().getErr().println("benchmark jmh: " + e.getMessage() + " (jmh -h lists JMH's options)");
            return 2;
        }
        try {
            Runner runner = new Runner(options);
            if (options.shouldHelp()) {
                options.showHelp();
            } else if (options.shouldList()) {
                runner.list();
            } else if (options.shouldListProfilers()) {
                options.listProfilers();
            } else {
                runner.run();
            }
            return 0;
        } catch (RunnerException | java.io.IOException e) {
            spec.commandLine().getErr().println("benchmark jmh: " + e.getMessage());
            return 1;
        }
    }
}
