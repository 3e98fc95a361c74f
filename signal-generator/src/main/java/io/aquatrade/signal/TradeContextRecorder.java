package io.aquatrade.signal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.aquatrade.common.BalanceUpdate;
import io.aquatrade.common.Bar;
import io.aquatrade.common.ExecutionListener;
import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.OrderAccepted;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.OrderRejected;
import io.aquatrade.common.PositionUpdate;
import io.aquatrade.signal.indicator.IndicatorSet;
import io.aquatrade.signal.indicator.VolumeSentiment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trade context capture: for every fill, one JSON-lines file with the closed bars around it and their indicator
 * values, for studying (or training a model on) what the market looked like before and after each trade.
 *
 * <p>It sees every closed bar through the engine's {@link BarObserver} hook and keeps, per instrument a strategy runs
 * on and per timeframe a strategy decides on (and the default timeframe), a bounded ring of the last {@code history}
 * bars with their indicator values (preallocated primitive arrays, about 160 bytes a bar: no allocation per bar). For each {@link OrderFilled} it writes
 * {@code <dir>/<clientOrderId>-<tradeId>.jsonl} with the {@code before} bars that closed at or before the fill's event
 * time and the {@code after} bars that closed after it, of the fill's instrument on its strategy's timeframe (the
 * default timeframe for a strategy id not in the config). A fill is placed against bars by event time, whenever it
 * arrives: fills reach the signal generator late (the executions topic is read without holding back market data), so
 * bars that closed after the fill may already be in the ring; the file is written as soon as the {@code after}-th bar
 * after the fill has closed, or, at {@link #endOfStream()}, with what there is.
 *
 * <p>File format (UTF-8, one JSON object per line): first a header
 * {@code {"type":"fill", clientOrderId, tradeId, strategyId, instrument, side, price, quantity, eventTimeNs,
 * timeframeMs, before, after, rangeBars, barsBefore, barsAfter, complete}}, then one line per bar, oldest first:
 * {@code {"type":"bar", offset, openTimeNs, closeTimeNs, open, high, low, close, volume, buyVolume, sellVolume,
 * tradeCount, vwap, ema9, ema20, ema200, sma9, sessionVwap, atr14, rangeHigh, rangeLow, sentiment, imbalance}}.
 * {@code offset} is -before..-1 for bars before the fill (-1 = the last bar closed at or before it) and 1..after for
 * bars after it. Prices and volumes are exact decimals; indicators are doubles, {@code null} while warming up
 * (see {@link IndicatorSet}; the range is that of the last {@value IndicatorSet#RANGE_BARS} bars including the bar).
 * {@code complete} is true when the file has all {@code before} and all {@code after} bars; it is false at the start
 * of the data, at the end of a stream, or when a fill arrived so late that its bars had left the ring (then no bar is
 * written).
 *
 * <p>Files are written to a temporary name and renamed, so a reader never sees half a file. A file that already exists
 * complete is not rewritten (a restart replays fills); an incomplete one is replaced. I/O errors are logged and
 * counted, never fatal. Single-threaded: call it from the engine's thread.
 */
public final class TradeContextRecorder implements ExecutionListener, BarObserver {
    private static final Logger LOG = LoggerFactory.getLogger(TradeContextRecorder.class);

    private final TradeContextConfig config;
    private final SignalConfig signals;
    private final Map<String, History[]> histories = new HashMap<>();
    private final List<PendingFill> pending = new ArrayList<>();
    private final JsonFactory json = new JsonFactory().setRootValueSeparator("\n");
    private boolean ended;
    private long fillCount;
    private long fileCount;
    private long incompleteCount;
    private long skippedCount;
    private long errorCount;

    /**
     * @param config      the trade context section
     * @param signals     the signal-generator section: the strategies' timeframes and the default timeframe
     * @param instruments the configured instruments (fills of others are counted and ignored)
     * @throws UncheckedIOException if the directory cannot be created
     */
    public TradeContextRecorder(TradeContextConfig config, SignalConfig signals, Collection<Instrument> instruments) {
        this.config = config;
        this.signals = signals;
        for (Instrument instrument : instruments) {
            List<Long> timeframes = new ArrayList<>();
            for (StrategyConfig s : signals.strategies()) {
                long tf = signals.timeframeOf(s);
                if (s.instruments().contains(instrument.symbol()) && !timeframes.contains(tf)) {
                    timeframes.add(tf);
                }
            }
            if (timeframes.isEmpty()) {
                continue; // no strategy trades it: no fills expected
            }
            if (!timeframes.contains(signals.timeframeMs())) {
                timeframes.add(signals.timeframeMs()); // for fills of strategy ids no longer in the config
            }
            History[] hs = new History[timeframes.size()];
            for (int i = 0; i < hs.length; i++) {
                hs[i] = new History(instrument, timeframes.get(i), config.history());
            }
            histories.put(instrument.symbol(), hs);
        }
        try {
            Files.createDirectories(config.dir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the trade context directory " + config.dir(), e);
        }
    }

    /** Keeps the bar and its indicators if its instrument and timeframe are tracked; completes due fills. */
    @Override
    public void barClosed(Bar bar, IndicatorSet indicators) {
        History[] hs = histories.get(bar.instrument());
        if (hs == null) {
            return;
        }
        for (History h : hs) {
            if (h.timeframeMs == bar.timeframeMs()) {
                h.add(bar, indicators);
                for (int i = 0; i < pending.size(); i++) {
                    PendingFill p = pending.get(i);
                    if (p.history == h && bar.eventTimeNs() > p.fill.eventTimeNs() && ++p.barsAfter >= config.after()) {
                        write(p);
                        pending.remove(i--);
                    }
                }
                return;
            }
        }
    }

    /** Registers the fill; writes its file now if enough bars after it have already closed, or the stream ended. */
    @Override
    public void orderFilled(OrderFilled filled) {
        fillCount++;
        History[] hs = histories.get(filled.instrument());
        History history = null;
        long tf = signals.timeframeOf(filled.strategyId());
        if (hs != null) {
            for (History h : hs) {
                if (h.timeframeMs == tf) {
                    history = h;
                }
            }
        }
        if (history == null) {
            skippedCount++;
            LOG.warn("fill {} of {}: no strategy runs on that instrument, no trade context", filled.clientOrderId(),
                    filled.instrument());
            return;
        }
        PendingFill p = new PendingFill(filled.deepCopy(), history);
        p.barsAfter = history.countClosedAfter(filled.eventTimeNs());
        if (p.barsAfter >= config.after() || ended) {
            write(p);
        } else {
            pending.add(p);
        }
    }

    /**
     * The input ended: writes every pending fill with the bars there are (marked incomplete); fills arriving later are
     * written at once.
     */
    public void endOfStream() {
        ended = true;
        for (PendingFill p : pending) {
            write(p);
        }
        pending.clear();
    }

    /** Not used. */
    @Override
    public void orderAccepted(OrderAccepted accepted) {
    }

    /** Not used. */
    @Override
    public void orderRejected(OrderRejected rejected) {
    }

    /** Not used. */
    @Override
    public void balanceUpdate(BalanceUpdate balance) {
    }

    /** Not used. */
    @Override
    public void positionUpdate(PositionUpdate position) {
    }

    /**
     * @param fill a fill
     * @return the path of its file: {@code <dir>/<clientOrderId>-<tradeId>.jsonl}, characters other than letters,
     * digits, '.', '_' and '-' replaced by '_'
     */
    public Path fileOf(OrderFilled fill) {
        return config.dir().resolve(safe(fill.clientOrderId()) + "-" + safe(fill.tradeId()) + ".jsonl");
    }

    private static String safe(String s) {
        return s == null ? "null" : s.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private void write(PendingFill p) {
        OrderFilled f = p.fill;
        History h = p.history;
        Path file = fileOf(f);
        try {
            if (Files.exists(file) && isComplete(file)) {
                skippedCount++;
                return;
            }
            int newest = h.size - 1;
            int lastBefore = newest;
            while (lastBefore >= 0 && h.closeTimeNs(lastBefore) > f.eventTimeNs()) {
                lastBefore--;
            }
            boolean evicted = lastBefore < 0 && h.total > h.size;
            int firstBefore = Math.max(0, lastBefore - config.before() + 1);
            int lastAfter = Math.min(newest, lastBefore + config.after());
            int barsBefore = evicted ? 0 : lastBefore - firstBefore + 1;
            int barsAfter = evicted ? 0 : lastAfter - lastBefore;
            boolean complete = barsBefore == config.before() && barsAfter == config.after();
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8);
                 JsonGenerator g = json.createGenerator(w)) {
                Instrument instrument = h.instrument;
                g.writeStartObject();
                g.writeStringField("type", "fill");
                g.writeStringField("clientOrderId", f.clientOrderId());
                g.writeStringField("tradeId", f.tradeId());
                g.writeStringField("strategyId", f.strategyId());
                g.writeStringField("instrument", f.instrument());
                g.writeStringField("side", String.valueOf(f.side()));
                g.writeFieldName("price");
                g.writeNumber(FixedPoint.format(f.fillPrice(), instrument.priceDecimals()));
                g.writeFieldName("quantity");
                g.writeNumber(FixedPoint.format(f.fillQuantity(), instrument.sizeDecimals()));
                g.writeNumberField("eventTimeNs", f.eventTimeNs());
                g.writeNumberField("timeframeMs", h.timeframeMs);
                g.writeNumberField("before", config.before());
                g.writeNumberField("after", config.after());
                g.writeNumberField("rangeBars", IndicatorSet.RANGE_BARS);
                g.writeNumberField("barsBefore", barsBefore);
                g.writeNumberField("barsAfter", barsAfter);
                g.writeBooleanField("complete", complete);
                g.writeEndObject();
                if (!evicted) {
                    for (int k = firstBefore; k <= lastAfter; k++) {
                        writeBar(g, h, k, k <= lastBefore ? k - lastBefore - 1 : k - lastBefore);
                    }
                }
                g.writeRaw('\n');
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            fileCount++;
            if (!complete) {
                incompleteCount++;
            }
        } catch (IOException | RuntimeException e) {
            errorCount++;
            LOG.error("cannot write the trade context of fill {} ({} so far)", file, errorCount, e);
        }
    }

    private static boolean isComplete(Path file) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = r.readLine();
            return header != null && header.contains("\"complete\":true");
        }
    }

    private static void writeBar(JsonGenerator g, History h, int k, int offset) throws IOException {
        int i = h.slot(k);
        int pd = h.instrument.priceDecimals();
        int sd = h.instrument.sizeDecimals();
        g.writeStartObject();
        g.writeStringField("type", "bar");
        g.writeNumberField("offset", offset);
        g.writeNumberField("openTimeNs", h.openTimeNs[i]);
        g.writeNumberField("closeTimeNs", h.closeTimeNs[i]);
        decimal(g, "open", h.open[i], pd);
        decimal(g, "high", h.high[i], pd);
        decimal(g, "low", h.low[i], pd);
        decimal(g, "close", h.close[i], pd);
        decimal(g, "volume", h.volume[i], sd);
        decimal(g, "buyVolume", h.buyVolume[i], sd);
        decimal(g, "sellVolume", h.sellVolume[i], sd);
        g.writeNumberField("tradeCount", h.tradeCount[i]);
        number(g, "vwap", h.vwap[i]);
        number(g, "ema9", h.ema9[i]);
        number(g, "ema20", h.ema20[i]);
        number(g, "ema200", h.ema200[i]);
        number(g, "sma9", h.sma9[i]);
        number(g, "sessionVwap", h.sessionVwap[i]);
        number(g, "atr14", h.atr14[i]);
        number(g, "rangeHigh", h.rangeHigh[i]);
        number(g, "rangeLow", h.rangeLow[i]);
        byte s = h.sentiment[i];
        if (s < 0) {
            g.writeNullField("sentiment");
        } else {
            g.writeStringField("sentiment", SENTIMENTS[s].name());
        }
        number(g, "imbalance", h.imbalance[i]);
        g.writeEndObject();
    }

    private static final VolumeSentiment.Reading[] SENTIMENTS = VolumeSentiment.Reading.values();

    private static void decimal(JsonGenerator g, String name, long mantissa, int decimals) throws IOException {
        g.writeFieldName(name);
        g.writeNumber(FixedPoint.format(mantissa, decimals));
    }

    private static void number(JsonGenerator g, String name, double v) throws IOException {
        if (Double.isNaN(v)) {
            g.writeNullField(name);
        } else {
            g.writeNumberField(name, v);
        }
    }

    /** @return fills received */
    public long fillCount() {
        return fillCount;
    }

    /** @return files written (complete or not) */
    public long fileCount() {
        return fileCount;
    }

    /** @return files written without all their bars */
    public long incompleteCount() {
        return incompleteCount;
    }

    /** @return fills not written: unknown instrument, or a complete file already there */
    public long skippedCount() {
        return skippedCount;
    }

    /** @return files that could not be written */
    public long errorCount() {
        return errorCount;
    }

    /** @return fills waiting for bars after them */
    public int pendingCount() {
        return pending.size();
    }

    /** A fill waiting for its bars. */
    private static final class PendingFill {
        final OrderFilled fill;
        final History history;
        int barsAfter;

        PendingFill(OrderFilled fill, History history) {
            this.fill = fill;
            this.history = history;
        }
    }

    /** The ring of the last bars of one instrument on one timeframe, with their indicator values. */
    private static final class History {
        final Instrument instrument;
        final long timeframeMs;
        final long[] openTimeNs;
        final long[] closeTimeNs;
        final long[] open;
        final long[] high;
        final long[] low;
        final long[] close;
        final long[] volume;
        final long[] buyVolume;
        final long[] sellVolume;
        final long[] tradeCount;
        final double[] vwap;
        final double[] ema9;
        final double[] ema20;
        final double[] ema200;
        final double[] sma9;
        final double[] sessionVwap;
        final double[] atr14;
        final double[] rangeHigh;
        final double[] rangeLow;
        final byte[] sentiment;
        final double[] imbalance;
        /** Slot of the next bar. */
        int next;
        /** Bars held, up to the capacity. */
        int size;
        /** Bars ever added. */
        long total;

        History(Instrument instrument, long timeframeMs, int capacity) {
            this.instrument = instrument;
            this.timeframeMs = timeframeMs;
            openTimeNs = new long[capacity];
            closeTimeNs = new long[capacity];
            open = new long[capacity];
            high = new long[capacity];
            low = new long[capacity];
            close = new long[capacity];
            volume = new long[capacity];
            buyVolume = new long[capacity];
            sellVolume = new long[capacity];
            tradeCount = new long[capacity];
            vwap = new double[capacity];
            ema9 = new double[capacity];
            ema20 = new double[capacity];
            ema200 = new double[capacity];
            sma9 = new double[capacity];
            sessionVwap = new double[capacity];
            atr14 = new double[capacity];
            rangeHigh = new double[capacity];
            rangeLow = new double[capacity];
            sentiment = new byte[capacity];
            imbalance = new double[capacity];
        }

        void add(Bar bar, IndicatorSet ind) {
            int i = next;
            openTimeNs[i] = bar.openTimeNs();
            closeTimeNs[i] = bar.eventTimeNs();
            open[i] = bar.open();
            high[i] = bar.high();
            low[i] = bar.low();
            close[i] = bar.close();
            volume[i] = bar.volume();
            buyVolume[i] = bar.buyVolume();
            sellVolume[i] = bar.sellVolume();
            tradeCount[i] = bar.tradeCount();
            vwap[i] = bar.vwap();
            ema9[i] = ind.ema9().value();
            ema20[i] = ind.ema20().value();
            ema200[i] = ind.ema200().value();
            sma9[i] = ind.sma9().value();
            sessionVwap[i] = ind.sessionVwap().value();
            atr14[i] = ind.atr14().value();
            rangeHigh[i] = ind.range().highest();
            rangeLow[i] = ind.range().lowest();
            VolumeSentiment.Reading r = ind.sentiment().reading();
            sentiment[i] = r == null ? -1 : (byte) r.ordinal();
            imbalance[i] = ind.sentiment().value();
            next = next + 1 == openTimeNs.length ? 0 : next + 1;
            if (size < openTimeNs.length) {
                size++;
            }
            total++;
        }

        /** @return the array slot of the k-th held bar, 0 = oldest */
        int slot(int k) {
            int i = next - size + k;
            return i < 0 ? i + openTimeNs.length : i;
        }

        long closeTimeNs(int k) {
            return closeTimeNs[slot(k)];
        }

        /** @return held bars that closed after {@code timeNs} */
        int countClosedAfter(long timeNs) {
            int n = 0;
            for (int k = size - 1; k >= 0 && closeTimeNs(k) > timeNs; k--) {
                n++;
            }
            return n;
        }
    }
}
