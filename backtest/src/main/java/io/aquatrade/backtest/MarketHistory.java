package io.aquatrade.backtest;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.Bar;
import io.aquatrade.common.ConfigException;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.MarketDataListener;
import io.aquatrade.common.QuoteTick;
import io.aquatrade.common.Side;
import io.aquatrade.common.TradeTick;
import io.aquatrade.marketdata.MarketDataConfig;
import io.aquatrade.marketdata.replay.ReplayErrorPolicy;
import io.aquatrade.marketdata.replay.ReplayFile;
import io.aquatrade.marketdata.replay.ReplayFormat;
import io.aquatrade.marketdata.replay.ReplaySource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recorded market history loaded once into memory, immutable and safe to share between backtests running in
 * parallel: trade and quote ticks (from any format market-data replays) or bars (1m/5m candle files), in event-time
 * order.
 *
 * <p><b>Ticks.</b> Tick files are read with market-data's own replay readers and merged by market-data's own
 * {@link ReplaySource} (event-time order within its default reorder window, ties to the file listed first, a tick
 * later than the window dropped, never restamped), each file's ticks validated first by market-data's
 * {@code TickValidator} with the config's limits, so the sequence is exactly what a market-data replay of the same
 * files publishes.
 *
 * <p><b>Bars.</b> Candle files ({@value #FREQTRADE_OHLCV}, {@value #BINANCE_KLINES_CSV}) become {@link Bar}s stamped
 * with their close time {@code open + timeframe}. The timeframe is the file name's {@code -1m}/{@code -5m}..., else for
 * Binance CSV the most common kline length ({@code close_time - open_time + 1}; klines of another length are
 * malformed), else the smallest spacing of open times. Candles with volume 0 (a
 * venue's flat "no trade" candle) are kept as flat bars with 0 trades and the close as VWAP, and counted in
 * {@link #emptyBarCount()} (the signal engine's {@code emptyBars} decides whether they make bars); a time with no row
 * (an exchange outage) gets no bar, and the signal engine flags the bar after it {@code gap}. Duplicated open times
 * keep the first. Bars are merged by close time, ties to the file listed first. Exactness: prices and volumes are
 * parsed from their decimal text into the instrument's scales; a candle whose values do not fit exactly is logged
 * and skipped ({@link #malformedCount()}); a file that stops parsing (a truncated download) follows
 * {@code market-data.replay.onError} as a tick file does. What a candle file lacks is filled in: freqtrade's OHLCV has no taker
 * split, trade count or VWAP, so its bars get {@code buyVolume = volume - volume / 2}, {@code sellVolume = volume / 2}
 * (a neutral split), {@code tradeCount = 1} (a lower bound) and the typical price {@code (high + low + close) / 3}
 * as VWAP, flagged {@link Bar#vwapEstimated()}; Binance kline CSV has all three (taker buy base volume, count, quote
 * volume / volume: a true VWAP).
 *
 * <p>A history holds either ticks or bars, not both (a strategy would see its bars twice).
 *
 * <p><b>Storage.</b> Parallel primitive arrays, one row per record (about 90 bytes a row); the instrument is an index
 * into {@link #instruments()}. Reading a row fills a caller's reusable message: nothing is allocated per row.
 */
public final class MarketHistory {
    /** Format name of freqtrade's OHLCV JSON candle files. */
    public static final String FREQTRADE_OHLCV = "freqtrade-ohlcv";
    /** Format name of data.binance.vision kline CSV files. */
    public static final String BINANCE_KLINES_CSV = "binance-klines-csv";
    /** Every bar format name. */
    public static final List<String> BAR_FORMATS = List.of(FREQTRADE_OHLCV, BINANCE_KLINES_CSV);

    private static final Logger LOG = LoggerFactory.getLogger(MarketHistory.class);
    private static final Pattern TIMEFRAME_IN_NAME = Pattern.compile("-(\\d{1,4}(?:s|m|h|d))(?=[-_.]|$)");

    /** Kind of a row. */
    public enum Kind {
        /** A {@link TradeTick}. */
        TRADE,
        /** A {@link QuoteTick}. */
        QUOTE,
        /** A closed {@link Bar}. */
        BAR
    }

    private static final byte TRADE_BUY = 0;
    private static final byte TRADE_SELL = 1;
    private static final byte QUOTE = 2;
    private static final byte BAR = 3;

    private final Instrument[] instruments;
    private final int size;
    private final byte[] kind;
    private final short[] instrument;
    private final long[] timeNs;
    /** Trade: price, quantity, tradeId, receivedTimeNs. Quote: bid, bidSize, ask, askSize, receivedTimeNs. Bar:
     * open, high, low, close, volume, buyVolume, tradeCount, timeframeMs. */
    private final long[][] col;
    private final double[] vwap;
    /** Per bar row: true when its VWAP is estimated (see {@link Bar#vwapEstimated()}). */
    private final boolean[] vwapEstimated;
    private final long tradeCount;
    private final long quoteCount;
    private final long barCount;
    private final long malformedCount;
    private final long emptyBarCount;
    private final long lateCount;
    private final Map<String, Long> barTimeframeMs;

    /**
     * One input file.
     *
     * @param path   the file
     * @param format a market-data replay format name ({@code freqtrade-trades}, {@code binance-aggtrades-csv},
     *               {@code binance-capture}) or a bar format ({@code freqtrade-ohlcv}, {@code binance-klines-csv});
     *               null to infer from the file name (see {@link #inferFormat})
     * @param symbol instrument symbol, for formats that do not carry it; null to infer from the file name
     *               ({@code XRP_ETH-5m.json} gives XRPETH, {@code ADABTC-1m-2021-11-27.csv} gives ADABTC)
     */
    public record Input(Path path, String format, String symbol) {
        /**
         * Parses the command-line form {@code PATH[:FORMAT[:SYMBOL]]}; an empty part is inferred.
         *
         * @param text the flag's value
         * @return the input
         * @throws ConfigException naming {@code --data} if the path is empty
         */
        public static Input parse(String text) {
            String[] parts = text.split(":", -1);
            if (parts.length > 3 || parts[0].isBlank()) {
                throw new ConfigException("--data", "PATH[:FORMAT[:SYMBOL]], was '" + text + "'");
            }
            String format = parts.length > 1 && !parts[1].isBlank() ? parts[1] : null;
            String symbol = parts.length > 2 && !parts[2].isBlank() ? parts[2] : null;
            return new Input(Path.of(parts[0]), format, symbol);
        }

        /** @return {@code PATH[:FORMAT[:SYMBOL]]} */
        @Override
        public String toString() {
            return path + (format == null && symbol == null ? "" : ":" + (format == null ? "" : format))
                    + (symbol == null ? "" : ":" + symbol);
        }
    }

    private MarketHistory(Instrument[] instruments, Rows rows, long malformed, long empty, long late,
                          Map<String, Long> barTimeframeMs) {
        this.instruments = instruments;
        this.size = rows.size;
        this.kind = Arrays.copyOf(rows.kind, size);
        this.instrument = Arrays.copyOf(rows.instrument, size);
        this.timeNs = Arrays.copyOf(rows.timeNs, size);
        this.col = new long[Rows.COLUMNS][];
        for (int c = 0; c < Rows.COLUMNS; c++) {
            col[c] = Arrays.copyOf(rows.col[c], size);
        }
        this.vwap = Arrays.copyOf(rows.vwap, size);
        this.vwapEstimated = Arrays.copyOf(rows.vwapEstimated, size);
        long t = 0;
        long q = 0;
        long b = 0;
        for (int i = 0; i < size; i++) {
            if (kind[i] == BAR) {
                b++;
            } else if (kind[i] == QUOTE) {
                q++;
            } else {
                t++;
            }
        }
        this.tradeCount = t;
        this.quoteCount = q;
        this.barCount = b;
        this.malformedCount = malformed;
        this.emptyBarCount = empty;
        this.lateCount = late;
        this.barTimeframeMs = Map.copyOf(barTimeframeMs);
    }

    /**
     * Loads and merges the inputs by event time.
     *
     * @param config the shared config: instruments (symbols and decimals)
     * @param inputs the files; all tick formats or all bar formats
     * @return the history
     * @throws ConfigException naming the input ({@code --data[i]...}) if a file, format or symbol is wrong, the
     *                         list is empty, or ticks and bars are mixed
     */
    public static MarketHistory load(AquatradeConfig config, List<Input> inputs) {
        if (inputs == null || inputs.isEmpty()) {
            throw new ConfigException("--data", "at least one data file (or backtest.data in the config)");
        }
        Map<String, Instrument> configured = config.instruments();
        List<ReplayFile> tickFiles = new ArrayList<>();
        List<CandleFiles.Spec> barFiles = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Input in = inputs.get(i);
            String field = "--data[" + i + "]";
            String format = in.format() != null ? in.format() : inferFormat(field, in.path());
            if (BAR_FORMATS.contains(format)) {
                String symbol = in.symbol() != null ? in.symbol() : symbolFromFileName(in.path());
                if (symbol == null) {
                    throw new ConfigException(field + ".symbol", "the instrument's symbol: the file name "
                            + in.path().getFileName() + " does not tell");
                }
                Instrument instrument = configured.get(symbol);
                if (instrument == null) {
                    throw new ConfigException(field + ".symbol", "a symbol configured in instruments "
                            + configured.keySet() + ", was '" + symbol + "' (give it as PATH:FORMAT:SYMBOL)");
                }
                if (!java.nio.file.Files.isReadable(in.path())) {
                    throw new ConfigException(field + ".path", "a readable file, " + in.path().toAbsolutePath()
                            + " does not exist or cannot be read");
                }
                barFiles.add(new CandleFiles.Spec(in.path(), format, instrument));
            } else {
                if (!ReplayFormat.configNames().contains(format)) {
                    List<String> all = new ArrayList<>(ReplayFormat.configNames());
                    all.addAll(BAR_FORMATS);
                    throw new ConfigException(field + ".format", "one of " + all + ", was '" + format + "'");
                }
                ReplayFile file = ReplayFile.of(field, in.path().toString(), format, in.symbol());
                file.check(field, configured);
                tickFiles.add(file);
            }
        }
        if (!tickFiles.isEmpty() && !barFiles.isEmpty()) {
            throw new ConfigException("--data", "all tick files or all candle files: a backtest cannot mix ticks ("
                    + tickFiles + ") and bars (" + barFiles.get(0).path() + ")");
        }
        Instrument[] table = configured.values().toArray(new Instrument[0]);
        MarketDataConfig md = MarketDataConfig.from(config);
        return tickFiles.isEmpty() ? loadBars(table, barFiles, md.replay().onError())
                : loadTicks(table, tickFiles, md);
    }

    /**
     * Infers a format from a file name: {@code *.json[.gz]} with a timeframe ({@code XRP_ETH-5m.json}) is
     * {@value #FREQTRADE_OHLCV}; {@code *.csv[.gz]} with a timeframe ({@code ADABTC-1m-2021-11-27.csv}) is
     * {@value #BINANCE_KLINES_CSV}; otherwise market-data's guess ({@link ReplayFormat#fromFileName}).
     *
     * @param field the config path or flag, for the error
     * @param path  the file
     * @return a format name
     * @throws ConfigException naming {@code <field>.format} if the name does not tell
     */
    public static String inferFormat(String field, Path path) {
        String name = path.getFileName() == null ? path.toString() : path.getFileName().toString();
        String bare = name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
        boolean timeframe = TIMEFRAME_IN_NAME.matcher(bare).find();
        if (timeframe && bare.endsWith(".json")) {
            return FREQTRADE_OHLCV;
        }
        if (timeframe && bare.endsWith(".csv")) {
            return BINANCE_KLINES_CSV;
        }
        ReplayFormat f = ReplayFormat.fromFileName(name);
        if (f == null) {
            List<String> all = new ArrayList<>(ReplayFormat.configNames());
            all.addAll(BAR_FORMATS);
            throw new ConfigException(field + ".format", "one of " + all + " (cannot tell from the file name "
                    + name + ")");
        }
        return f.configName();
    }

    /**
     * @param path a candle file
     * @return the timeframe its name gives ({@code XRP_ETH-5m.json}: 300000), or 0 if none
     */
    static long timeframeFromFileName(Path path) {
        Matcher m = TIMEFRAME_IN_NAME.matcher(path.getFileName().toString());
        return m.find() ? AquatradeConfig.durationMs("file name", m.group(1)) : 0;
    }

    /** freqtrade {@code XRP_ETH-5m.json} and Binance {@code ADABTC-1m-2021-11-27.csv}: the part before '-'. */
    static String symbolFromFileName(Path path) {
        String fileName = path.getFileName().toString();
        int dash = fileName.indexOf('-');
        if (dash <= 0) {
            return null;
        }
        String s = fileName.substring(0, dash).replace("_", "").toUpperCase(Locale.ROOT);
        return s.matches("[A-Z0-9]{2,20}") ? s : null;
    }

    /**
     * Reads recorded ticks through the replay's readers, validated and merged as the market-data process does with
     * the same config ({@code market-data.maxClockSkewMs}, {@code maxJumpBps}, {@code replay.reorderMs},
     * {@code replay.onError}).
     *
     * @throws ConfigException naming {@code --data} if a file cannot be read, or stops parsing under
     *                         {@code market-data.replay.onError: fail}
     */
    private static MarketHistory loadTicks(Instrument[] table, List<ReplayFile> files, MarketDataConfig md) {
        Rows rows = new Rows(table);
        List<Instrument> list = List.of(table);
        ReplaySource source;
        try {
            source = new ReplaySource(list, files, 0, md.replay().reorderMs(), md.replay().onError(),
                    md.validation());
        } catch (UncheckedIOException e) {
            throw new ConfigException("--data", "readable files: " + e.getMessage());
        }
        try (source) {
            while (source.poll(0, rows, Integer.MAX_VALUE) > 0) {
                // all of it
            }
            if (source.failed()) {
                throw new ConfigException("--data", "files that parse to their end (market-data.replay.onError: "
                        + "fail): a file stopped parsing, see the log above");
            }
            long malformed = source.malformedCount();
            if (source.incomplete()) {
                LOG.error("a file stopped parsing: the backtest runs on the part read (market-data.replay.onError: "
                        + "warn); see the log above");
            }
            LOG.info("loaded {} trades and {} quotes from {} files ({} rejected: {}; {} skipped, {} late ones "
                    + "dropped)", source.tradeCount(), source.quoteCount(), files.size(), malformed,
                    source.rejectionSummary(), source.skippedCount(), source.lateCount());
            return new MarketHistory(table, rows, malformed, 0, source.lateCount(), Map.of());
        }
    }

    /**
     * Reads candle files and merges their bars by close time. A file that stops parsing (a truncated download) is
     * handled as a tick file is, by {@code market-data.replay.onError}: {@code warn} logs an ERROR and runs on the
     * candles before the break, {@code fail} stops.
     *
     * @throws ConfigException naming {@code --data} if a file cannot be read, has no timeframe, disagrees with
     *                         another's timeframe, or stops parsing under {@code onError: fail}
     */
    private static MarketHistory loadBars(Instrument[] table, List<CandleFiles.Spec> files,
                                          ReplayErrorPolicy onError) {
        List<CandleFiles.Candles> loaded = new ArrayList<>();
        long malformed = 0;
        long empty = 0;
        Map<String, Long> timeframes = new LinkedHashMap<>();
        for (CandleFiles.Spec spec : files) {
            CandleFiles.Candles c = CandleFiles.read(spec);
            if (c.stoppedAt != null) {
                if (onError == ReplayErrorPolicy.FAIL) {
                    throw new ConfigException("--data", "candle files that parse to their end (market-data.replay."
                            + "onError: fail): " + spec.path() + " stops at " + c.stoppedAt);
                }
                LOG.error("{} stops parsing: the backtest runs on the {} candles before the break "
                        + "(market-data.replay.onError: warn)", spec.path(), c.size);
            }
            loaded.add(c);
            malformed += c.malformed;
            empty += c.empty;
            Long before = timeframes.putIfAbsent(spec.instrument().symbol(), c.timeframeMs);
            if (before != null && before != c.timeframeMs) {
                throw new ConfigException("--data", "one timeframe per instrument: " + spec.instrument().symbol()
                        + " has " + AquatradeConfig.formatDurationMs(before) + " and "
                        + AquatradeConfig.formatDurationMs(c.timeframeMs) + " files");
            }
        }
        Rows rows = new Rows(table);
        int[] next = new int[loaded.size()];
        while (true) {
            int best = -1;
            long bestClose = Long.MAX_VALUE;
            for (int f = 0; f < loaded.size(); f++) {
                CandleFiles.Candles c = loaded.get(f);
                if (next[f] < c.size) {
                    long close = c.openNs[next[f]] + c.timeframeMs * 1_000_000L;
                    if (close < bestClose) {
                        bestClose = close;
                        best = f;
                    }
                }
            }
            if (best < 0) {
                break;
            }
            CandleFiles.Candles c = loaded.get(best);
            rows.addBar(c, next[best]++);
        }
        LOG.info("loaded {} bars from {} files ({} malformed, {} with volume 0)", rows.size, files.size(),
                malformed, empty);
        return new MarketHistory(table, rows, malformed, empty, 0, timeframes);
    }

    // ------------------------------------------------------------------------------------------------ reading

    /** @return number of rows (ticks or bars) */
    public int size() {
        return size;
    }

    /** @return the configured instruments; a row's instrument is an index into this list */
    public List<Instrument> instruments() {
        return List.of(instruments);
    }

    /** @return the kind of row {@code i} */
    public Kind kind(int i) {
        byte k = kind[i];
        return k == BAR ? Kind.BAR : k == QUOTE ? Kind.QUOTE : Kind.TRADE;
    }

    /** @return the instrument of row {@code i} */
    public Instrument instrument(int i) {
        return instruments[instrument[i]];
    }

    /** @return the instrument of row {@code i} as an index into {@link #instruments()} */
    public int instrumentIndex(int i) {
        return instrument[i];
    }

    /** @return event time of row {@code i} (a bar's close time), UTC epoch ns; non-decreasing in {@code i} */
    public long eventTimeNs(int i) {
        return timeNs[i];
    }

    /**
     * Fills {@code out} with row {@code i}, a trade.
     *
     * @return out
     * @throws IllegalArgumentException if the row is not a trade
     */
    public TradeTick trade(int i, TradeTick out) {
        if (kind[i] > TRADE_SELL) {
            throw new IllegalArgumentException("row " + i + " is a " + kind(i));
        }
        out.reset();
        return out.instrument(instruments[instrument[i]].symbol())
                .price(col[0][i])
                .quantity(col[1][i])
                .aggressorSide(kind[i] == TRADE_BUY ? Side.BUY : Side.SELL)
                .tradeId(col[2][i])
                .eventTimeNs(timeNs[i])
                .receivedTimeNs(col[3][i]);
    }

    /**
     * Fills {@code out} with row {@code i}, a quote.
     *
     * @return out
     * @throws IllegalArgumentException if the row is not a quote
     */
    public QuoteTick quote(int i, QuoteTick out) {
        if (kind[i] != QUOTE) {
            throw new IllegalArgumentException("row " + i + " is a " + kind(i));
        }
        out.reset();
        return out.instrument(instruments[instrument[i]].symbol())
                .bidPrice(col[0][i])
                .bidSize(col[1][i])
                .askPrice(col[2][i])
                .askSize(col[3][i])
                .eventTimeNs(timeNs[i])
                .receivedTimeNs(col[4][i]);
    }

    /**
     * Fills {@code out} with row {@code i}, a bar.
     *
     * @return out
     * @throws IllegalArgumentException if the row is not a bar
     */
    public Bar bar(int i, Bar out) {
        if (kind[i] != BAR) {
            throw new IllegalArgumentException("row " + i + " is a " + kind(i));
        }
        long tfMs = col[7][i];
        out.reset();
        return out.instrument(instruments[instrument[i]].symbol())
                .timeframeMs(tfMs)
                .openTimeNs(timeNs[i] - tfMs * 1_000_000L)
                .open(col[0][i])
                .high(col[1][i])
                .low(col[2][i])
                .close(col[3][i])
                .volume(col[4][i])
                .buyVolume(col[5][i])
                .sellVolume(col[4][i] - col[5][i])
                .tradeCount(col[6][i])
                .vwap(vwap[i])
                .vwapEstimated(vwapEstimated[i])
                .eventTimeNs(timeNs[i]);
    }

    /**
     * The price of row {@code i}: a trade's price, a bar's close, a quote's mid (rounded down; 0 if a side is empty).
     *
     * @return price mantissa in the instrument's decimals
     */
    public long price(int i) {
        switch (kind[i]) {
            case BAR:
                return col[3][i];
            case QUOTE:
                return col[0][i] > 0 && col[2][i] > 0 ? (col[0][i] + col[2][i]) / 2 : 0;
            default:
                return col[0][i];
        }
    }

    /**
     * @param timeNs a time, UTC epoch ns
     * @return the first row whose event time is at or after it; {@link #size()} if none
     */
    public int indexAtOrAfter(long timeNs) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (this.timeNs[mid] < timeNs) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** @return true if the rows are bars, false if ticks (or empty) */
    public boolean hasBars() {
        return barCount > 0;
    }

    /** @return event time of the first record, UTC epoch ns; {@link Long#MIN_VALUE} if empty */
    public long firstTimeNs() {
        return size == 0 ? Long.MIN_VALUE : timeNs[0];
    }

    /** @return event time of the last record, UTC epoch ns; {@link Long#MIN_VALUE} if empty */
    public long lastTimeNs() {
        return size == 0 ? Long.MIN_VALUE : timeNs[size - 1];
    }

    /** @return trade rows */
    public long tradeCount() {
        return tradeCount;
    }

    /** @return quote rows */
    public long quoteCount() {
        return quoteCount;
    }

    /** @return bar rows */
    public long barCount() {
        return barCount;
    }

    /** @return records skipped as malformed while loading (logged) */
    public long malformedCount() {
        return malformedCount;
    }

    /** @return volume-0 (flat, no trade) candles loaded */
    public long emptyBarCount() {
        return emptyBarCount;
    }

    /** @return ticks dropped by the merge as later than its reorder window (see {@link ReplaySource}) */
    public long lateCount() {
        return lateCount;
    }

    /**
     * @param symbol an instrument symbol
     * @return the timeframe of that instrument's bars, ms; 0 if the history has no bars of it
     */
    public long barTimeframeMs(String symbol) {
        return barTimeframeMs.getOrDefault(symbol, 0L);
    }

    /** @return the bar timeframe of each instrument with bars, ms, in input order */
    public Map<String, Long> barTimeframesMs() {
        return barTimeframeMs;
    }

    @Override
    public String toString() {
        return "MarketHistory{" + size + " rows: " + tradeCount + " trades, " + quoteCount + " quotes, " + barCount
                + " bars}";
    }

    // ------------------------------------------------------------------------------------------------ building

    /** Growing columns, filled by the tick merge (as its listener) or the bar merge. */
    private static final class Rows implements MarketDataListener {
        static final int COLUMNS = 8;
        final Map<String, Short> index = new LinkedHashMap<>();
        int size;
        byte[] kind = new byte[1024];
        short[] instrument = new short[1024];
        long[] timeNs = new long[1024];
        long[][] col = new long[COLUMNS][1024];
        double[] vwap = new double[1024];
        boolean[] vwapEstimated = new boolean[1024];

        Rows(Instrument[] table) {
            for (short i = 0; i < table.length; i++) {
                index.put(table[i].symbol(), i);
            }
        }

        private int append(byte k, String symbol, long t) {
            if (size == kind.length) {
                int n = size * 2;
                kind = Arrays.copyOf(kind, n);
                instrument = Arrays.copyOf(instrument, n);
                timeNs = Arrays.copyOf(timeNs, n);
                for (int c = 0; c < COLUMNS; c++) {
                    col[c] = Arrays.copyOf(col[c], n);
                }
                vwap = Arrays.copyOf(vwap, n);
                vwapEstimated = Arrays.copyOf(vwapEstimated, n);
            }
            Short s = index.get(symbol);
            if (s == null) {
                throw new IllegalStateException("instrument " + symbol + " is not configured");
            }
            kind[size] = k;
            instrument[size] = s;
            timeNs[size] = t;
            return size++;
        }

        @Override
        public void tradeTick(TradeTick t) {
            int i = append(t.aggressorSide() == Side.SELL ? TRADE_SELL : TRADE_BUY, t.instrument(), t.eventTimeNs());
            col[0][i] = t.price();
            col[1][i] = t.quantity();
            col[2][i] = t.tradeId();
            col[3][i] = t.receivedTimeNs();
        }

        @Override
        public void quoteTick(QuoteTick q) {
            int i = append(QUOTE, q.instrument(), q.eventTimeNs());
            col[0][i] = q.bidPrice();
            col[1][i] = q.bidSize();
            col[2][i] = q.askPrice();
            col[3][i] = q.askSize();
            col[4][i] = q.receivedTimeNs();
        }

        void addBar(CandleFiles.Candles c, int j) {
            int i = append(BAR, c.instrument.symbol(), c.openNs[j] + c.timeframeMs * 1_000_000L);
            col[0][i] = c.open[j];
            col[1][i] = c.high[j];
            col[2][i] = c.low[j];
            col[3][i] = c.close[j];
            col[4][i] = c.volume[j];
            col[5][i] = c.buyVolume[j];
            col[6][i] = c.tradeCount[j];
            col[7][i] = c.timeframeMs;
            vwap[i] = c.vwap[j];
            vwapEstimated[i] = c.vwapEstimated && c.volume[j] > 0;
        }

        @Override
        public void progress(io.aquatrade.common.Progress progress) {
            // a replay source publishes none
        }
    }
}
