package io.aquatrade.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import io.aquatrade.backtest.Backtest;
import io.aquatrade.backtest.BacktestReport;
import io.aquatrade.backtest.MarketHistory;
import io.aquatrade.backtest.PerformanceStats;
import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.ConfigException;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.Side;
import org.ta4j.core.BarSeries;
import org.ta4j.core.TradingRecord;
import picocli.CommandLine;

/**
 * {@code benchmark ta4j}: times a full Aquatrade backtest of the EMA-cross strategy over every 5m bar of the five
 * USDT pairs against ta4j 0.17 running the same rule on the same bars, and compares their trade counts.
 *
 * <p>(a) Aquatrade: {@link Backtest#run} over a {@link MarketHistory} of the pairs' freqtrade OHLCV files, with the
 * config {@code benchmark-ema-cross.yaml} (bundled; {@code --config} replaces it): the signal generator's
 * {@code ema-cross} strategy (EMA 9/20 of closes: LONG on a cross up, FLAT on a cross down), the decision engine's
 * sizing and the paper venue's fills, fees and ledger, and the report's statistics. (b) ta4j:
 * {@link Ta4jEmaCross}, {@code CrossedUpIndicatorRule(ema9, ema20)} entry and {@code CrossedDownIndicatorRule} exit
 * run by {@code BarSeriesManager.run}, pair by pair, on the same bars: the file's rows minus volume-0 bars (the
 * backtest skips them) and minus any row the backtest's history dropped (reported as a warning). Loading is timed
 * apart; each side gets one warm-up run, then {@code --runs} timed runs, of which the best and the median are
 * printed. Trade counts are closed round trips per pair; entry and exit bars are compared one by one and the first
 * difference per pair is shown, as are orders that did not fill.
 */
@CommandLine.Command(name = "ta4j", mixinStandardHelpOptions = true, description = {
        "Backtest of EMA 9/20 cross over every 5m bar vs ta4j 0.17 on the same bars: both times and trade counts.",
        "Long on a cross up, flat on a cross down; five USDT pairs; one warm-up run, then --runs timed runs."})
public final class Ta4jComparison implements Callable<Integer> {
    /** Default {@code --data-dir}, relative to the working directory (the project root). */
    public static final String DEFAULT_DATA_DIR = "../shared/data/candles/binance_spot_5m_2020-12-01_2021-07-17";
    /** The bundled config resource. */
    public static final String BUNDLED_CONFIG = "benchmark-ema-cross.yaml";
    /** The strategy type timed. */
    public static final String STRATEGY_TYPE = "ema-cross";
    /** The strategy's default fast EMA length. */
    static final int DEFAULT_FAST = 9;
    /** The strategy's default slow EMA length. */
    static final int DEFAULT_SLOW = 20;

    @CommandLine.Option(names = "--data-dir", paramLabel = "DIR", defaultValue = DEFAULT_DATA_DIR,
            description = "Directory of freqtrade OHLCV files <BASE>_<QUOTE>-<timeframe>.json[.gz], one per "
                    + "instrument of the config (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @CommandLine.Option(names = "--config", paramLabel = "FILE",
            description = "Backtest config (instruments, assets, signal-generator, decision-engine, order-router);"
                    + " default: the bundled " + BUNDLED_CONFIG + ".")
    Path configFile;

    @CommandLine.Option(names = "--timeframe", paramLabel = "TF", defaultValue = "5m",
            description = "Timeframe in the data file names (default: ${DEFAULT-VALUE}).")
    String timeframe;

    @CommandLine.Option(names = "--runs", paramLabel = "N", defaultValue = "5",
            description = "Timed runs per side after one warm-up run; best and median are printed "
                    + "(default: ${DEFAULT-VALUE}).")
    int runs;

    @CommandLine.Option(names = "--ta4j-num", paramLabel = "double|decimal", defaultValue = "double",
            description = "ta4j number type: double (DoubleNum, like Aquatrade's indicators) or decimal (DecimalNum,"
                    + " ta4j's default, much slower) (default: ${DEFAULT-VALUE}).")
    String ta4jNum;

    @CommandLine.Option(names = "--ta4j-fill", paramLabel = "close|next-open", defaultValue = "close",
            description = "ta4j execution model: close (TradeOnCurrentCloseModel) or next-open (TradeOnNextOpenModel,"
                    + " ta4j's default) (default: ${DEFAULT-VALUE}).")
    String ta4jFill;

    @CommandLine.Option(names = "--ta4j-unstable-bars", paramLabel = "N",
            description = "Bars at the start where ta4j's strategy does not act (default: the slow length, the bars"
                    + " Aquatrade's ema-cross waits before it signals).")
    Integer unstableBars;

    private int fast;
    private int slow;

    @CommandLine.Option(names = "--quiet",
            description = "Raise Aquatrade's loggers to WARN for the runs: no INFO lines per order and fill in the log"
                    + " (the backtest otherwise writes three per order), so the times are compute only.")
    boolean quiet;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * @return 0 when both sides ran (whether or not their counts agree)
     * @throws ConfigException naming the flag if the data directory, a data file or a flag value is wrong
     */
    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (runs < 1) {
            throw new ConfigException("--runs", "a number of timed runs >= 1, was " + runs);
        }
        Ta4jEmaCross.NumType num = switch (ta4jNum) {
            case "double" -> Ta4jEmaCross.NumType.DOUBLE;
            case "decimal" -> Ta4jEmaCross.NumType.DECIMAL;
            default -> throw new ConfigException("--ta4j-num", "double or decimal, was '" + ta4jNum + "'");
        };
        Ta4jEmaCross.Fill fill = switch (ta4jFill) {
            case "close" -> Ta4jEmaCross.Fill.CLOSE;
            case "next-open" -> Ta4jEmaCross.Fill.NEXT_OPEN;
            default -> throw new ConfigException("--ta4j-fill", "close or next-open, was '" + ta4jFill + "'");
        };
        if (unstableBars != null && unstableBars < 0) {
            throw new ConfigException("--ta4j-unstable-bars", "a number of bars >= 0, was " + unstableBars);
        }
        long timeframeMs = AquatradeConfig.durationMs("--timeframe", timeframe);
        Duration barLength = Duration.ofMillis(timeframeMs);
        if (!Files.isDirectory(dataDir)) {
            throw new ConfigException("--data-dir", "a directory of freqtrade OHLCV files (default "
                    + DEFAULT_DATA_DIR + ", relative to the working directory: run from the project root), "
                    + dataDir.toAbsolutePath().normalize() + " is not a directory");
        }
        AquatradeConfig config = configFile == null ? bundledConfig() : AquatradeConfig.load(configFile);
        JsonNode strategy = emaCrossEntry(config);
        fast = strategy.path("fast").asInt(DEFAULT_FAST);
        slow = strategy.path("slow").asInt(DEFAULT_SLOW);
        List<Instrument> instruments = new ArrayList<>(config.instruments().values());
        List<MarketHistory.Input> inputs = new ArrayList<>();
        for (Instrument instrument : instruments) {
            Path file = HistoricalBars.fileIn(dataDir, instrument, timeframe);
            if (!Files.isRegularFile(file)) {
                throw new ConfigException("--data-dir", "a directory holding " + file.getFileName() + " for "
                        + instrument.symbol() + ", it is not in " + dataDir.toAbsolutePath().normalize());
            }
            inputs.add(new MarketHistory.Input(file, "freqtrade-ohlcv", instrument.symbol()));
        }

        out.printf(Locale.ROOT, "EMA %d/%d cross, long only, %s bars of %d pairs from %s%n", fast, slow, timeframe,
                instruments.size(), dataDir.toAbsolutePath().normalize());
        out.printf(Locale.ROOT, "config: %s; %d timed runs per side after one warm-up run; Aquatrade's INFO log %s%n",
                configFile == null ? BUNDLED_CONFIG + " (bundled)" : configFile, runs, quiet ? "off (--quiet)"
                        : "on (three lines per order; --quiet turns it off)");
        out.flush();

        int unstable = unstableBars == null ? slow : unstableBars;
        long t0 = System.nanoTime();
        MarketHistory history = MarketHistory.load(config, inputs);
        long aquatradeLoadNs = System.nanoTime() - t0;

        t0 = System.nanoTime();
        List<HistoricalBars> bars = new ArrayList<>();
        for (int i = 0; i < instruments.size(); i++) {
            bars.add(HistoricalBars.load(inputs.get(i).path(), instruments.get(i)));
        }
        long ta4jParseNs = System.nanoTime() - t0;

        // ta4j gets exactly the bars the backtest got: the rows MarketHistory kept (volume-0 rows included: with
        // signal-generator.emptyBars: flat, the default, they are flat bars on both sides, as on the exchange's chart)
        Map<String, long[]> kept = barOpenTimesMs(history);
        List<BarSeries> series = new ArrayList<>();
        long totalBars = 0;
        long notKept = 0;
        out.println();
        out.println("bars per pair (rows in the file; volume-0 rows are flat bars on both sides, as Binance's chart"
                + " shows them):");
        t0 = System.nanoTime();
        for (HistoricalBars b : bars) {
            long[] openTimesMs = kept.getOrDefault(b.instrument().symbol(), new long[0]);
            int[] missing = new int[1];
            BarSeries s = Ta4jEmaCross.series(b, i -> {
                if (Arrays.binarySearch(openTimesMs, b.openTimeMs(i)) >= 0) {
                    return true;
                }
                missing[0]++;
                return false;
            }, num, barLength);
            series.add(s);
            totalBars += s.getBarCount();
            notKept += missing[0];
            out.printf(Locale.ROOT, "  %-10s %,8d rows, %3d volume-0, %,8d bars  %s .. %s%s%n",
                    b.instrument().symbol(), b.size(), b.emptyCount(), s.getBarCount(),
                    Instant.ofEpochMilli(b.openTimeMs(0)), Instant.ofEpochMilli(b.openTimeMs(b.size() - 1)),
                    missing[0] == 0 ? "" : String.format(Locale.ROOT, "  (%,d rows dropped by MarketHistory)",
                            missing[0]));
        }
        long ta4jLoadNs = ta4jParseNs + System.nanoTime() - t0;
        out.printf(Locale.ROOT, "  %-10s %,8d bars%n", "total", totalBars);
        if (notKept > 0) {
            out.printf(Locale.ROOT, "WARNING: Aquatrade's MarketHistory dropped %,d rows with trades (see its log:"
                    + " usually volumes with more decimals than the instrument's sizeDecimals); both sides run"
                    + " without them.%n", notKept);
        }
        out.flush();

        if (quiet) {
            org.slf4j.Logger aquatrade = org.slf4j.LoggerFactory.getLogger("io.aquatrade");
            if (aquatrade instanceof ch.qos.logback.classic.Logger logback) {
                logback.setLevel(ch.qos.logback.classic.Level.WARN);
            }
        }

        // (a) Aquatrade: the whole backtest, signal generator + decision engine + paper venue + statistics; then
        // the signal engine alone (bars, every indicator, the strategy and its signals: what ta4j's run covers,
        // without topics, orders or report)
        long[] aquatradeNs = new long[runs];
        BacktestReport report = null;
        long aquatradeWarmupNs = 0;
        for (int r = -1; r < runs; r++) { // r = -1: the warm-up run
            t0 = System.nanoTime();
            report = Backtest.run(config, history, Long.MIN_VALUE, Long.MAX_VALUE);
            long ns = System.nanoTime() - t0;
            if (r < 0) {
                aquatradeWarmupNs = ns;
            } else {
                aquatradeNs[r] = ns;
            }
        }
        long[] engineNs = new long[runs];
        long engineSignals = 0;
        for (int r = -1; r < runs; r++) {
            t0 = System.nanoTime();
            engineSignals = SignalEngineRun.run(config, history);
            long ns = System.nanoTime() - t0;
            if (r >= 0) {
                engineNs[r] = ns;
            }
        }

        // (b) ta4j: the same rule on the same bars, pair by pair
        long[] ta4jNs = new long[runs];
        List<Ta4jEmaCross.Result> ta4jResults = null;
        long ta4jWarmupNs = 0;
        for (int r = -1; r < runs; r++) { // r = -1: the warm-up run
            t0 = System.nanoTime();
            ta4jResults = runTa4j(series, unstable, fill);
            long ns = System.nanoTime() - t0;
            if (r < 0) {
                ta4jWarmupNs = ns;
            } else {
                ta4jNs[r] = ns;
            }
        }

        printTimes(out, totalBars, aquatradeLoadNs, aquatradeWarmupNs, aquatradeNs, ta4jLoadNs, ta4jWarmupNs, ta4jNs,
                num, fill);
        long tBest = min(ta4jNs);
        out.printf(Locale.ROOT, "  Aquatrade's signal engine alone, best of %d: %s = %.2f x ta4j's time (bars, every"
                        + " indicator, the strategy: %,d signals; no topics, orders, fills or report)%n", runs,
                seconds(min(engineNs)), (double) min(engineNs) / tBest, engineSignals);
        if (engineSignals != report.signalCount()) {
            out.printf(Locale.ROOT, "WARNING: the signal engine alone wrote %,d signals, the backtest %,d%n",
                    engineSignals, report.signalCount());
        }
        printTrades(out, instruments, report, ta4jResults, timeframeMs, fill, totalBars);
        out.flush();
        return 0;
    }

    /**
     * @param history the backtest's history
     * @return per instrument symbol, the sorted open times (UTC epoch ms) of the bars it holds
     */
    private static Map<String, long[]> barOpenTimesMs(MarketHistory history) {
        Map<String, List<Long>> times = new LinkedHashMap<>();
        io.aquatrade.common.Bar bar = new io.aquatrade.common.Bar();
        for (int i = 0; i < history.size(); i++) {
            if (history.kind(i) == MarketHistory.Kind.BAR) {
                history.bar(i, bar);
                times.computeIfAbsent(bar.instrument(), k -> new ArrayList<>()).add(bar.openTimeNs() / 1_000_000L);
            }
        }
        Map<String, long[]> out = new LinkedHashMap<>();
        times.forEach((symbol, list) -> {
            long[] a = list.stream().mapToLong(Long::longValue).toArray();
            Arrays.sort(a);
            out.put(symbol, a);
        });
        return out;
    }

    private List<Ta4jEmaCross.Result> runTa4j(List<BarSeries> series, int unstable, Ta4jEmaCross.Fill fill) {
        List<Ta4jEmaCross.Result> results = new ArrayList<>();
        for (BarSeries s : series) {
            TradingRecord record = Ta4jEmaCross.run(s, fast, slow, unstable, fill);
            results.add(Ta4jEmaCross.summarise(s, record, fill));
        }
        return results;
    }

    private void printTimes(PrintWriter out, long totalBars, long aLoadNs, long aWarmNs, long[] aNs, long tLoadNs,
                            long tWarmNs, long[] tNs, Ta4jEmaCross.NumType num, Ta4jEmaCross.Fill fill) {
        long aBest = min(aNs);
        long tBest = min(tNs);
        out.println();
        out.printf(Locale.ROOT, "wall time                %-26s %s%n", "Aquatrade backtest",
                "ta4j 0.17 (" + (num == Ta4jEmaCross.NumType.DOUBLE ? "DoubleNum" : "DecimalNum") + ", fill at "
                        + (fill == Ta4jEmaCross.Fill.CLOSE ? "close" : "next open") + ")");
        out.printf(Locale.ROOT, "  load                   %-26s %s%n", seconds(aLoadNs) + " (MarketHistory)",
                seconds(tLoadNs) + " (parse + BarSeries)");
        out.printf(Locale.ROOT, "  warm-up run            %-26s %s%n", seconds(aWarmNs), seconds(tWarmNs));
        out.printf(Locale.ROOT, "  best of %-3d            %-26s %s%n", aNs.length, seconds(aBest), seconds(tBest));
        out.printf(Locale.ROOT, "  median of %-3d          %-26s %s%n", aNs.length, seconds(median(aNs)),
                seconds(median(tNs)));
        out.printf(Locale.ROOT, "  bars/s (best)          %-26s %s%n", rate(totalBars, aBest), rate(totalBars, tBest));
        out.printf(Locale.ROOT, "  Aquatrade / ta4j (best): %.2f x the time%n", (double) aBest / tBest);
        out.println("  (Aquatrade's run covers signals, orders, paper fills with fees, ledgers, equity curve and"
                + " statistics; ta4j's covers indicators, rules and its trading record.)");
    }

    private void printTrades(PrintWriter out, List<Instrument> instruments, BacktestReport report,
                             List<Ta4jEmaCross.Result> ta4j, long timeframeMs, Ta4jEmaCross.Fill fill,
                             long totalBars) {
        Map<String, List<Long>> entries = new LinkedHashMap<>();
        Map<String, List<Long>> exits = new LinkedHashMap<>();
        for (Instrument i : instruments) {
            entries.put(i.symbol(), new ArrayList<>());
            exits.put(i.symbol(), new ArrayList<>());
        }
        for (OrderFilled f : report.fills()) {
            List<Long> list = (f.side() == Side.BUY ? entries : exits).get(f.instrument());
            if (list != null) {
                // orders are stamped with the close time of the bar whose signal caused them
                list.add(f.eventTimeNs() / 1_000_000L - timeframeMs);
            }
        }
        out.println();
        out.printf(Locale.ROOT, "Aquatrade run: %,d bars fed, %,d signals, %,d orders, %,d fills%n", report.barCount(),
                report.signalCount(), report.orders().size(), report.fills().size());
        if (report.orders().size() != report.fills().size()) {
            out.printf(Locale.ROOT, "WARNING: %,d orders were not filled (rejected or denied: see the log); the trade"
                    + " counts below differ by them%n", report.orders().size() - report.fills().size());
        }
        if (report.barCount() != totalBars) {
            out.printf(Locale.ROOT, "WARNING: the backtest was fed %,d bars, ta4j %,d: not the same bars%n",
                    report.barCount(), totalBars);
        }
        out.printf(Locale.ROOT, "closed round trips     %10s %10s%n", "Aquatrade", "ta4j");
        int aTotal = 0;
        int tTotal = 0;
        List<String> differences = new ArrayList<>();
        for (int k = 0; k < instruments.size(); k++) {
            String symbol = instruments.get(k).symbol();
            int a = 0;
            for (PerformanceStats s : report.stats()) {
                if (symbol.equals(s.instrument())) {
                    a += s.tradeCount();
                }
            }
            Ta4jEmaCross.Result t = ta4j.get(k);
            aTotal += a;
            tTotal += t.positions();
            out.printf(Locale.ROOT, "  %-20s %10d %10d  %s%n", symbol, a, t.positions(),
                    a == t.positions() ? "same" : "DIFFERENT");
            String firstDifference = firstDifference("entry", entries.get(symbol), t.entryTimes());
            if (firstDifference == null) {
                firstDifference = firstDifference("exit", exits.get(symbol), t.exitTimes());
            }
            if (a != t.positions() || firstDifference != null) {
                differences.add(symbol + ": " + (firstDifference == null ? "same entries and exits, different"
                        + " round-trip count" : firstDifference));
            }
        }
        out.printf(Locale.ROOT, "  %-20s %10d %10d  %s%n", "total", aTotal, tTotal,
                aTotal == tTotal ? "same" : "DIFFERENT");
        out.println();
        if (differences.isEmpty()) {
            out.println("Trade counts, entry bars and exit bars agree on every pair: the same crosses on the same"
                    + " bars.");
        } else {
            out.println("The two differ. First differing entry or exit per pair (open time of the bar that decided it,"
                    + " UTC):");
            differences.forEach(d -> out.println("  " + d));
        }
        out.println("What differs by design (trade counts do not depend on it):");
        out.println("  - fills: Aquatrade fills the order of a bar's signal on the paper venue at that bar's close"
                + " moved against it by the venue's slippage, plus its taker fee (order-router.paper); ta4j fills at "
                + (fill == Ta4jEmaCross.Fill.CLOSE ? "the close" : "the next bar's open") + " with no costs.");
        out.println("  - sizing: Aquatrade buys the decision engine's orderFraction of the strategy's remaining quote"
                + " balance per entry (one ledger for all pairs); ta4j trades one unit per position.");
        out.println("  - warm-up: Aquatrade's ema-cross signals nothing on its first " + slow + " bars; ta4j's strategy"
                + " ignores its first " + (unstableBars == null ? slow : unstableBars) + " (setUnstableBars).");
    }

    private static String firstDifference(String what, List<Long> ours, List<Long> theirs) {
        int n = Math.min(ours.size(), theirs.size());
        for (int i = 0; i < n; i++) {
            if (!ours.get(i).equals(theirs.get(i))) {
                return String.format(Locale.ROOT, "%s #%d: Aquatrade at %s, ta4j at %s", what, i + 1,
                        Instant.ofEpochMilli(ours.get(i)), Instant.ofEpochMilli(theirs.get(i)));
            }
        }
        if (ours.size() != theirs.size()) {
            List<Long> longer = ours.size() > theirs.size() ? ours : theirs;
            return String.format(Locale.ROOT, "%s #%d at %s only in %s (%d vs %d)", what, n + 1,
                    Instant.ofEpochMilli(longer.get(n)), longer == ours ? "Aquatrade" : "ta4j", ours.size(),
                    theirs.size());
        }
        return null;
    }

    /**
     * Finds the {@value #STRATEGY_TYPE} entry (the rule ta4j mirrors): ta4j runs its {@code fast} and {@code slow}
     * (defaults 9 and 20, as the strategy's).
     *
     * @return the first entry of that type, as written in the config
     * @throws ConfigException naming {@code signal-generator.strategies} if no entry has that type
     */
    private static JsonNode emaCrossEntry(AquatradeConfig config) {
        JsonNode section = config.section("signal-generator", JsonNode.class);
        JsonNode strategies = section == null ? null : section.get("strategies");
        if (strategies != null) {
            for (JsonNode s : strategies) {
                if (STRATEGY_TYPE.equals(s.path("type").asText())) {
                    return s;
                }
            }
        }
        throw new ConfigException("signal-generator.strategies", "an entry of type " + STRATEGY_TYPE
                + " (the rule ta4j runs), found none in " + config.source());
    }

    /** @return the bundled {@value #BUNDLED_CONFIG}, validated */
    static AquatradeConfig bundledConfig() {
        try (InputStream in = Ta4jComparison.class.getResourceAsStream("/" + BUNDLED_CONFIG)) {
            if (in == null) {
                throw new IllegalStateException(BUNDLED_CONFIG + " is not on the class path");
            }
            return AquatradeConfig.parse(Path.of(BUNDLED_CONFIG), new String(in.readAllBytes(),
                    StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long min(long[] values) {
        return Arrays.stream(values).min().orElseThrow();
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String seconds(long ns) {
        return String.format(Locale.ROOT, "%.3f s", ns / 1e9);
    }

    private static String rate(long bars, long ns) {
        return String.format(Locale.ROOT, "%,.0f", bars / (ns / 1e9));
    }
}
