package io.aquatrade.backtest;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.ConfigException;
import io.aquatrade.common.EpochClock;
import io.aquatrade.common.ProcessCli;
import io.aquatrade.tools.BarCsvWriter;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The {@code backtest} command: runs the strategies of a config over recorded trades or candles in one process
 * ({@link Backtest}), prints the statistics table, and writes {@code trades.csv}, {@code fills.csv},
 * {@code stats.csv} and {@code report.html} into the output directory; with {@code --export bars} also every bar
 * with its indicator values, as {@link BarCsvWriter} files.
 *
 * <p>Inputs: {@code --data} flags, else the config's {@code backtest.data}, else its
 * {@code market-data.replay.files} (see {@link BacktestConfig}). A bad flag or config value ends it with exit code
 * 2 and a message naming the flag or field.
 */
@CommandLine.Command(name = "backtest", mixinStandardHelpOptions = true,
        description = {"Backtests the configured strategies over recorded trades or candles in one process, "
                + "with the processes' own code and fill rules.",
                "Example: bin/aquatrade backtest --data data/sample/XRP_ETH-trades.json.gz:freqtrade-trades:XRPETH"})
public final class BacktestMain implements Callable<Integer> {
    /** The one value of {@code --export} so far. */
    static final String EXPORT_BARS = "bars";

    @CommandLine.Mixin
    ProcessCli.CommonOptions common;

    @CommandLine.Option(names = "--data", paramLabel = "PATH[:FORMAT[:SYMBOL]]",
            description = {"A history file, repeatable: trades (freqtrade-trades, binance-aggtrades-csv, "
                    + "binance-capture) or candles (freqtrade-ohlcv, binance-klines-csv), not both. FORMAT and "
                    + "SYMBOL are inferred from names like XRP_ETH-trades.json.gz or XRP_ETH-5m.json when left out.",
                    "Default: the config's backtest.data, else market-data.replay.files."})
    List<String> data = new ArrayList<>();

    @CommandLine.Option(names = "--from", paramLabel = "TIME",
            description = "First event time included, ISO-8601 UTC (2019-10-11T06:00:00Z or 2019-10-11).")
    String from;

    @CommandLine.Option(names = "--to", paramLabel = "TIME", description = "First event time excluded, ISO-8601 UTC.")
    String to;

    @CommandLine.Option(names = "--out", paramLabel = "DIR",
            description = "Directory for trades.csv, fills.csv, stats.csv and report.html (default: backtest.out, "
                    + "else " + BacktestConfig.DEFAULT_OUT + ").")
    Path out;

    @CommandLine.Option(names = "--no-html", description = "Skip report.html (the CSV files are still written).")
    boolean noHtml;

    @CommandLine.Option(names = "--export", paramLabel = "WHAT",
            description = {"Also write what the engine computed, into the output directory. 'bars': every bar "
                    + "closed, with its indicator values, one CSV per instrument and timeframe, "
                    + "bars-<SYMBOL>-<timeframe>.csv (the same files as 'aquatrade export bars' writes from a "
                    + "four-process run)."})
    List<String> export = new ArrayList<>();

    @CommandLine.Spec
    CommandSpec spec;

    /**
     * Command entry point.
     *
     * @param args command-line flags, see {@code --help}
     */
    public static void main(String[] args) {
        System.exit(ProcessCli.execute("backtest", new BacktestMain(), args));
    }

    /**
     * Validates flags and config, loads the history, runs the backtest, prints and writes the report.
     *
     * @return 0 when done
     * @throws ConfigException on a bad flag or config value (exit code 2)
     * @throws IOException     if a report file cannot be written
     */
    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        AquatradeConfig cfg = common.load().config();
        BacktestConfig section = BacktestConfig.from(cfg);
        long fromNs = from != null ? BacktestConfig.parseTimeNs("--from", from) : section.fromNs();
        long toNs = to != null ? BacktestConfig.parseTimeNs("--to", to) : section.toNs();
        if (fromNs >= toNs) {
            throw new ConfigException(to != null ? "--to" : "backtest.to", "a time after the start of the window");
        }
        Path dir = out != null ? out : section.out();
        for (String what : export) {
            if (!what.equals(EXPORT_BARS)) {
                throw new ConfigException("--export", "'" + EXPORT_BARS + "', was '" + what + "'");
            }
        }
        List<MarketHistory.Input> inputs = BacktestConfig.inputs(cfg, data);

        EpochClock wall = EpochClock.system(); // times the run for the user; the backtest runs on event time
        long startNs = wall.nowNs();
        MarketHistory history = MarketHistory.load(cfg, inputs);
        long loadedNs = wall.nowNs();
        BacktestReport report;
        BarCsvWriter barFiles = export.contains(EXPORT_BARS) ? new BarCsvWriter(dir, cfg) : null;
        try {
            report = Backtest.runWithTradeContext(cfg, history, fromNs, toNs, barFiles);
        } finally {
            if (barFiles != null) {
                barFiles.close();
            }
        }
        long ranNs = wall.nowNs();
        if (report.eventCount() == 0) {
            throw new ConfigException(from != null || to != null ? "--from" : "--data", "a window with market data: "
                    + history + " has none between " + ReportFiles.time(Math.max(fromNs, 0)) + " and "
                    + (toNs == Long.MAX_VALUE ? "the end" : ReportFiles.time(toNs)));
        }
        stdout.printf(Locale.ROOT, "backtest: %s%n  %s from %s to %s; loaded in %.2f s, ran in %.2f s: %d bars, "
                        + "%d signals, %d orders, %d fills%n%n", inputs, history,
                ReportFiles.time(report.startTimeNs()), ReportFiles.time(report.endTimeNs()),
                (loadedNs - startNs) / 1e9, (ranNs - loadedNs) / 1e9, report.barCount(), report.signalCount(),
                report.orders().size(), report.fills().size());
        stdout.print(ReportFiles.table(report));
        stdout.println();
        stdout.print(ReportFiles.orders(report, cfg));
        ReportFiles.writeCsv(report, cfg, dir);
        stdout.printf(Locale.ROOT, "%nwrote %s, %s, %s", dir.resolve(ReportFiles.TRADES_CSV),
                dir.resolve(ReportFiles.FILLS_CSV), dir.resolve(ReportFiles.STATS_CSV));
        if (!noHtml) {
            Path html = HtmlReport.write(report, cfg, "Data: " + inputs, dir);
            stdout.printf(Locale.ROOT, ", %s", html);
        }
        stdout.println();
        if (barFiles != null) {
            stdout.printf(Locale.ROOT, "exported %d bars to %d files: %s%n", barFiles.barCount(),
                    barFiles.files().size(), barFiles.files());
        }
        stdout.flush();
        return 0;
    }
}
