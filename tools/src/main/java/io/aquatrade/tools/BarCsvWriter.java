package io.aquatrade.tools;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.Bar;
import io.aquatrade.common.BarListener;
import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.Progress;

/**
 * Writes bars as CSV, one file per instrument and timeframe, {@code bars-<SYMBOL>-<timeframe>.csv} (timeframe as the
 * config writes it, {@link AquatradeConfig#formatDurationMs}: {@code bars-BTCUSDT-5m.csv}), in one directory. The
 * one writer behind {@code aquatrade export bars} (from a run's {@code bars} topic) and
 * {@code aquatrade backtest --export bars}, so both give identical files for identical bars.
 *
 * <p>Columns, in this order ({@link #HEADER}): {@code open_time_ms} (UTC epoch ms of the bar's open),
 * {@code open,high,low,close} (quote per base), {@code volume,buy_volume,sell_volume} (base), {@code trades},
 * {@code vwap,ema9,ema20,ema200,sma9,atr14} (quote per base), {@code gap} and {@code vwap_estimated}
 * ({@code true}/{@code false}, see {@link Bar#gap()} and {@link Bar#vwapEstimated()}). Prices and volumes are the
 * exact mantissas written with the instrument's decimals ({@link FixedPoint#format}); the {@code double} values as the
 * shortest decimal that reads back as the same double, plain (no exponent, {@link BigDecimal#valueOf(double)}
 * without trailing zeros); a value that is {@code NaN} (an indicator warming up, the VWAP of a bar without volume) is
 * an empty cell. Rows are in the order the bars arrive.
 *
 * <p>Delivery on a topic is at least once: a bar whose open time is not after the last one written to its file is a
 * repeat and is skipped (counted in {@link #repeatedBarCount()}). Single-threaded. Files are created on the first bar
 * of their series, truncating an older file of the same name; {@link #close()} flushes and closes them.
 */
public final class BarCsvWriter implements BarListener, AutoCloseable {
    /** The header row, without the line end. */
    public static final String HEADER = "open_time_ms,open,high,low,close,volume,buy_volume,sell_volume,trades,vwap,"
            + "ema9,ema20,ema200,sma9,atr14,gap,vwap_estimated";

    private final Path dir;
    private final Function<String, Instrument> instruments;
    /** symbol -> timeframeMs -> file, in order of first bar. */
    private final Map<String, Map<Long, Series>> files = new LinkedHashMap<>();
    /** The same series, for finding a bar's without boxing its timeframe: few (instruments x timeframes). */
    private final List<Series> seriesList = new ArrayList<>();
    /** The series of the last bar written: consecutive bars are mostly of one series. */
    private Series lastSeries;
    private final StringBuilder line = new StringBuilder(256);
    private long barCount;
    private long repeatedBarCount;

    /**
     * @param dir    output directory, created if missing on the first bar
     * @param config the instruments (price and size decimals) of the bars to come
     */
    public BarCsvWriter(Path dir, AquatradeConfig config) {
        this(dir, config::instrument);
    }

    /**
     * @param dir         output directory, created if missing on the first bar
     * @param instruments the instrument of a symbol; throws {@link IllegalArgumentException} for an unknown one
     */
    public BarCsvWriter(Path dir, Function<String, Instrument> instruments) {
        this.dir = dir;
        this.instruments = instruments;
    }

    /**
     * @param symbol      venue symbol, e.g. BTCUSDT
     * @param timeframeMs bar length, ms
     * @return the file name of that series, e.g. {@code bars-BTCUSDT-5m.csv}
     */
    public static String fileName(String symbol, long timeframeMs) {
        return "bars-" + symbol + "-" + AquatradeConfig.formatDurationMs(timeframeMs) + ".csv";
    }

    /**
     * Appends the bar to its series' file.
     *
     * @param bar a closed bar; read only, not kept
     * @throws IllegalArgumentException if its instrument is not configured
     * @throws UncheckedIOException     if the file cannot be written
     */
    @Override
    public void bar(Bar bar) {
        try {
            Series s = series(bar);
            if (s.lastOpenTimeNs != Long.MIN_VALUE && bar.openTimeNs() <= s.lastOpenTimeNs) {
                repeatedBarCount++;
                return;
            }
            s.lastOpenTimeNs = bar.openTimeNs();
            line.setLength(0);
            Instrument i = s.instrument;
            line.append(Math.floorDiv(bar.openTimeNs(), 1_000_000L)).append(',')
                    .append(i.formatPrice(bar.open())).append(',')
                    .append(i.formatPrice(bar.high())).append(',')
                    .append(i.formatPrice(bar.low())).append(',')
                    .append(i.formatPrice(bar.close())).append(',')
                    .append(i.formatSize(bar.volume())).append(',')
                    .append(i.formatSize(bar.buyVolume())).append(',')
                    .append(i.formatSize(bar.sellVolume())).append(',')
                    .append(bar.tradeCount()).append(',');
            number(bar.vwap());
            number(bar.ema9());
            number(bar.ema20());
            number(bar.ema200());
            number(bar.sma9());
            number(bar.atr14());
            line.append(bar.gap()).append(',').append(bar.vwapEstimated()).append('\n');
            s.out.append(line);
            barCount++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write bars to " + dir, e);
        }
    }

    /** Progress marks carry no bar: ignored. */
    @Override
    public void progress(Progress progress) {
        // nothing to write
    }

    private void number(double v) {
        if (Double.isFinite(v)) {
            line.append(plain(v));
        }
        line.append(',');
    }

    /**
     * @param v a finite double
     * @return its shortest round-tripping decimal, plain and without trailing zeros, e.g. "0.00141342", "61800"
     */
    public static String plain(double v) {
        if (v == 0) {
            return "0";
        }
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /** @return the bar's series, opening its file on its first bar; no allocation once it is open */
    private Series series(Bar bar) throws IOException {
        Series s = lastSeries;
        if (s != null && s.is(bar)) {
            return s;
        }
        for (int k = 0; k < seriesList.size(); k++) {
            s = seriesList.get(k);
            if (s.is(bar)) {
                lastSeries = s;
                return s;
            }
        }
        Instrument instrument = instruments.apply(bar.instrument());
        Files.createDirectories(dir);
        Path file = dir.resolve(fileName(bar.instrument(), bar.timeframeMs()));
        s = new Series(file, bar.instrument(), instrument, bar.timeframeMs(),
                Files.newBufferedWriter(file, StandardCharsets.UTF_8));
        s.out.write(HEADER);
        s.out.write('\n');
        files.computeIfAbsent(bar.instrument(), k -> new TreeMap<>()).put(bar.timeframeMs(), s);
        seriesList.add(s);
        lastSeries = s;
        return s;
    }

    /** @return the files written so far, in order of their first bar */
    public List<Path> files() {
        List<Path> out = new ArrayList<>();
        files.values().forEach(m -> m.values().forEach(s -> out.add(s.file)));
        return out;
    }

    /** @return bars written, all files */
    public long barCount() {
        return barCount;
    }

    /** @return bars skipped as repeats of one already written */
    public long repeatedBarCount() {
        return repeatedBarCount;
    }

    /**
     * Flushes and closes every file.
     *
     * @throws UncheckedIOException if one cannot be written
     */
    @Override
    public void close() {
        IOException first = null;
        for (Map<Long, Series> m : files.values()) {
            for (Series s : m.values()) {
                try {
                    s.out.close();
                } catch (IOException e) {
                    if (first == null) {
                        first = e;
                    }
                }
            }
        }
        if (first != null) {
            throw new UncheckedIOException("cannot write bars to " + dir, first);
        }
    }

    private static final class Series {
        final Path file;
        final String symbol;
        final Instrument instrument;
        final long timeframeMs;
        final Writer out;
        long lastOpenTimeNs = Long.MIN_VALUE;

        Series(Path file, String symbol, Instrument instrument, long timeframeMs, BufferedWriter out) {
            this.file = file;
            this.symbol = symbol;
            this.instrument = instrument;
            this.timeframeMs = timeframeMs;
            this.out = out;
        }

        /** @return true if the bar is of this series (its instrument and timeframe) */
        boolean is(Bar bar) {
            return bar.timeframeMs() == timeframeMs && symbol.equals(bar.instrument());
        }
    }
}
