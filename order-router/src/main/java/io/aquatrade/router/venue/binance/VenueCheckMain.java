package io.aquatrade.router.venue.binance;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.ConfigException;
import io.aquatrade.common.EpochClock;
import io.aquatrade.common.ProcessCli;
import io.aquatrade.router.RouterConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code bin/aquatrade venue-check [--config FILE] [--key-file FILE]}: runs {@link VenueCheck} against the Binance
 * spot account of {@code order-router.binance} (its {@code baseUrl} or {@code testnet}, {@code recvWindowMs}) with
 * the keys the router would use ({@code --key-file}, else {@code order-router.binance.keyFile}, else the
 * environment variables {@value BinanceCredentials#ENV_KEY} and {@value BinanceCredentials#ENV_SECRET}; a key file
 * must be mode 0600). Read-only: it needs no {@code --live}. Prints one line per check and a summary.
 *
 * <p>Exit codes: 0 when every check is OK or WARN, 1 when any FAILs, 2 for a bad flag or config value (the field
 * named), before any request is sent.
 */
@Command(name = "venue-check", mixinStandardHelpOptions = true,
        description = "Checks, read-only, that the Binance keys, permissions, clock and filters are right for the "
                + "config before trading real money. Exit 0: all OK (warnings allowed); 1: a check failed; 2: bad "
                + "flag or config.")
public final class VenueCheckMain implements Callable<Integer> {
    /** Process name: names the log file. */
    public static final String PROCESS = "venue-check";

    @CommandLine.Option(names = "--config", paramLabel = "FILE", defaultValue = "config/aquatrade.yaml",
            description = "YAML config shared by all processes (default: ${DEFAULT-VALUE}).")
    Path config;

    @CommandLine.Option(names = "--key-file", paramLabel = "FILE",
            description = "Key file (apiKey=..., apiSecret=..., mode 0600); overrides order-router.binance.keyFile "
                    + "and the environment.")
    Path keyFile;

    private final Map<String, String> env;
    private final EpochClock clock;
    private final PrintStream out;

    /** The command as a process runs it: the process environment, the wall clock, stdout. */
    public VenueCheckMain() {
        this(System.getenv(), EpochClock.system(), System.out);
    }

    /**
     * @param env   where the key and secret are read without a key file
     * @param clock the local clock
     * @param out   where the lines go
     */
    public VenueCheckMain(Map<String, String> env, EpochClock clock, PrintStream out) {
        this.env = env;
        this.clock = clock;
        this.out = out;
    }

    /** Process entry: exits with {@link #call()}'s code, or 2 on a bad flag or config value. */
    public static void main(String[] args) {
        System.exit(ProcessCli.execute(PROCESS, new VenueCheckMain(), args));
    }

    /**
     * Loads the config and the keys, runs the checks and prints them.
     *
     * @return 0 if nothing failed, 1 if a check failed
     * @throws ConfigException on a bad flag, config value or key file (ProcessCli maps it to exit code 2)
     */
    @Override
    public Integer call() {
        AquatradeConfig cfg = AquatradeConfig.load(config);
        RouterConfig router = RouterConfig.from(cfg);
        BinanceVenueConfig venue = router.binance();
        BinanceCredentials credentials;
        if (keyFile != null) {
            try {
                credentials = BinanceCredentials.load(new BinanceVenueConfig(venue.baseUrl(), venue.testnet(),
                        venue.recvWindowMs(), venue.pollIntervalMs(), keyFile.toString()), env);
            } catch (ConfigException e) {
                throw new ConfigException("--key-file", e.expected());
            }
        } else {
            credentials = BinanceCredentials.load(venue, env);
        }
        out.println("venue-check: Binance spot at " + venue.baseUrl() + (venue.testnet() ? " (testnet)" : "")
                + ", config " + config + "; read-only, no order is placed");
        if (!RouterConfig.BINANCE.equals(router.venue())) {
            out.println("note: order-router.venue is " + router.venue() + "; set it to binance (and start "
                    + "order-router with --live) to trade on this account");
        }
        List<VenueCheck.Line> lines = new VenueCheck(cfg, router, credentials, clock).run();
        lines.forEach(out::println);
        long fails = lines.stream().filter(l -> l.level() == VenueCheck.Level.FAIL).count();
        long warns = lines.stream().filter(l -> l.level() == VenueCheck.Level.WARN).count();
        out.println(fails > 0 ? "venue-check: " + fails + " FAIL, " + warns + " WARN: do not trade until every FAIL "
                + "is fixed" : "venue-check: all checks passed" + (warns > 0 ? " with " + warns + " WARN: read "
                + "them before trading" : ""));
        out.flush();
        return VenueCheck.exitCode(lines);
    }
}
