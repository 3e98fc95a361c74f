package io.aquatrade.backtest.optimize;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.aquatrade.backtest.PerformanceStats;

/**
 * The optimiser's CSV reports (RFC 4180 quoting: comma-separated, fields with a comma, quote or line break quoted
 * with inner quotes doubled, header row first; UTF-8, lines end in LF). Numbers are plain decimals; doubles as Java prints them ({@code NaN}, {@code Infinity});
 * times as ISO-8601 UTC instants.
 */
public final class OptimizeCsv {
    private static final RecordComponent[] STATS = PerformanceStats.class.getRecordComponents();

    private OptimizeCsv() {
    }

    /**
     * Writes one row per variant, best first: {@code rank, variant, <each parameter path>, objective,
     * <every PerformanceStats field of the total>}.
     *
     * @param file    the file, replaced
     * @param names   the parameters' paths (column names), in config order
     * @param results ranked results
     * @throws UncheckedIOException if the file cannot be written
     */
    public static void writeResults(Path file, List<String> names, List<SearchResult> results) {
        List<String> header = new ArrayList<>(List.of("rank", "variant"));
        header.addAll(names);
        header.add("objective");
        for (RecordComponent c : STATS) {
            header.add(c.getName());
        }
        List<List<String>> rows = new ArrayList<>();
        for (SearchResult r : results) {
            List<String> row = new ArrayList<>(List.of(String.valueOf(r.rank()), String.valueOf(r.variant().index())));
            row.addAll(r.variant().valueTexts());
            row.add(number(r.objective()));
            row.addAll(stats(r.stats()));
            rows.add(row);
        }
        write(file, header, rows);
    }

    /**
     * Writes one row per walk-forward window: {@code window, inSampleFrom, inSampleTo, outOfSampleFrom,
     * outOfSampleTo, <each parameter path> (the chosen values), variant, inSampleObjective, inSampleNetPnl,
     * inSampleTrades, outOfSampleObjective, outOfSampleNetPnl, outOfSampleTrades, quoteAsset}.
     *
     * @param file   the file, replaced
     * @param names  the parameters' paths, in config order
     * @param report the analysis
     * @throws UncheckedIOException if the file cannot be written
     */
    public static void writeWalkForward(Path file, List<String> names, WalkForward.Report report) {
        List<String> header = new ArrayList<>(List.of("window", "inSampleFrom", "inSampleTo", "outOfSampleFrom",
                "outOfSampleTo"));
        header.addAll(names);
        header.addAll(List.of("variant", "inSampleObjective", "inSampleNetPnl", "inSampleTrades",
                "outOfSampleObjective", "outOfSampleNetPnl", "outOfSampleTrades", "quoteAsset"));
        List<List<String>> rows = new ArrayList<>();
        for (WalkForward.WindowResult r : report.windows()) {
            WalkForward.Window w = r.window();
            List<String> row = new ArrayList<>(List.of(String.valueOf(w.index()), time(w.inSampleFromNs()),
                    time(w.inSampleToNs()), time(w.outOfSampleFromNs()), time(w.outOfSampleToNs())));
            row.addAll(r.inSample().variant().valueTexts());
            row.addAll(List.of(String.valueOf(r.inSample().variant().index()), number(r.inSample().objective()),
                    decimal(r.inSample().stats().netPnl()), String.valueOf(r.inSample().stats().tradeCount()),
                    number(r.outOfSampleObjective()), decimal(r.outOfSample().netPnl()),
                    String.valueOf(r.outOfSample().tradeCount()), r.outOfSample().quoteAsset()));
            rows.add(row);
        }
        write(file, header, rows);
    }

    /**
     * Writes the walk-forward summary as a one-row CSV: {@code objective, windows, meanInSampleObjective,
     * meanOutOfSampleObjective, efficiency, totalOutOfSampleNetPnl, outOfSampleTrades, quoteAsset}.
     *
     * @param file    the file, replaced
     * @param summary the summary
     * @throws UncheckedIOException if the file cannot be written
     */
    public static void writeSummary(Path file, WalkForward.Summary summary) {
        write(file, List.of("objective", "windows", "meanInSampleObjective", "meanOutOfSampleObjective",
                        "efficiency", "totalOutOfSampleNetPnl", "outOfSampleTrades", "quoteAsset"),
                List.of(List.of(summary.objective().configName(), String.valueOf(summary.windows()),
                        number(summary.meanInSampleObjective()), number(summary.meanOutOfSampleObjective()),
                        number(summary.efficiency()), decimal(summary.totalOutOfSampleNetPnl()),
                        String.valueOf(summary.outOfSampleTrades()), summary.quoteAsset())));
    }

    /** @return every field of the statistics, in record order, as CSV text */
    static List<String> stats(PerformanceStats s) {
        List<String> out = new ArrayList<>(STATS.length);
        for (RecordComponent c : STATS) {
            Object v;
            try {
                v = c.getAccessor().invoke(s);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read PerformanceStats." + c.getName(), e);
            }
            out.add(v instanceof BigDecimal d ? decimal(d) : v instanceof Double d ? number(d) : String.valueOf(v));
        }
        return out;
    }

    /** @return a double as CSV text: Java's shortest round-trip form, NaN, Infinity or -Infinity */
    static String number(double v) {
        return Double.toString(v);
    }

    private static String decimal(BigDecimal d) {
        return d == null ? "" : d.toPlainString();
    }

    private static String time(long epochNs) {
        return Instant.ofEpochSecond(Math.floorDiv(epochNs, 1_000_000_000L), Math.floorMod(epochNs, 1_000_000_000L))
                .toString();
    }

    private static void write(Path file, List<String> header, List<List<String>> rows) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                line(w, header);
                for (List<String> row : rows) {
                    line(w, row);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void line(Writer w, List<String> fields) throws IOException {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                w.write(',');
            }
            w.write(field(fields.get(i)));
        }
        w.write('\n');
    }

    /** @return the field, quoted with doubled inner quotes if it holds a comma, quote or line break */
    static String field(String s) {
        if (s == null) {
            return "";
        }
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
