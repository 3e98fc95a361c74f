package io.aquatrade.backtest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.aquatrade.common.Bar;
import io.aquatrade.common.BarListener;
import io.aquatrade.common.Instrument;

/**
 * Records, per instrument, the OHLC of every bar the signal engine closes on one timeframe (the default
 * {@code signal-generator.timeframe}) for the report's candlestick charts, and hands every bar of every timeframe on
 * to an optional further listener (e.g. the {@code --export bars} CSV writer). Bars of other timeframes or of
 * unknown instruments are passed on but not recorded. Amortised allocation-free: bars go into chunks of
 * {@value #CHUNK} (small arrays, so a long run neither copies its bars as an array grows nor makes the collector handle
 * huge growing arrays); {@link #series} builds each instrument's arrays once.
 * Single-threaded.
 */
final class ChartBars implements BarListener {
    private final Instrument[] instruments;
    private final long timeframeMs;
    private final BarListener next;
    /** Bars per chunk. */
    static final int CHUNK = 4096;
    /** Longs per bar in a chunk: close time, open, high, low, close. */
    private static final int FIELDS = 5;

    private final Map<String, Integer> index = new HashMap<>();
    /** Per instrument, its chunks: bar k's fields at {@code chunks[i][k / CHUNK][(k % CHUNK) * FIELDS + field]}. */
    private final long[][][] chunks;
    private final int[] sizes;
    private long barCount;

    /**
     * @param instruments the configured instruments, in config order
     * @param timeframeMs the timeframe recorded, ms
     * @param next        gets every bar after it is recorded, or null
     */
    ChartBars(Instrument[] instruments, long timeframeMs, BarListener next) {
        this.instruments = instruments.clone();
        this.timeframeMs = timeframeMs;
        this.next = next;
        int n = instruments.length;
        chunks = new long[n][16][];
        sizes = new int[n];
        for (int i = 0; i < n; i++) {
            index.put(instruments[i].symbol(), i);
        }
    }

    @Override
    public void bar(Bar b) {
        int i = b.timeframeMs() == timeframeMs ? instrumentIndex(b.instrument()) : -1;
        if (i >= 0) {
            int k = sizes[i];
            int c = k / CHUNK;
            if (c == chunks[i].length) {
                chunks[i] = Arrays.copyOf(chunks[i], c * 2);
            }
            long[] chunk = chunks[i][c];
            if (chunk == null) {
                chunk = new long[CHUNK * FIELDS];
                chunks[i][c] = chunk;
            }
            int at = (k % CHUNK) * FIELDS;
            chunk[at] = b.eventTimeNs();
            chunk[at + 1] = b.open();
            chunk[at + 2] = b.high();
            chunk[at + 3] = b.low();
            chunk[at + 4] = b.close();
            sizes[i] = k + 1;
            barCount++;
        }
        if (next != null) {
            next.bar(b);
        }
    }

    /** @return index of the instrument of that symbol in config order, or -1 if none */
    private int instrumentIndex(String symbol) {
        // the bars carry the configured symbol strings: compare references first, then look the name up
        for (int i = 0; i < instruments.length; i++) {
            if (instruments[i].symbol() == symbol) {
                return i;
            }
        }
        Integer i = symbol == null ? null : index.get(symbol);
        return i == null ? -1 : i;
    }

    /** @return bars recorded (the chart timeframe, all instruments) */
    long barCount() {
        return barCount;
    }

    /** @return one series per instrument, in config order (empty where no bar closed) */
    List<PriceSeries> series() {
        List<PriceSeries> out = new ArrayList<>();
        for (int i = 0; i < instruments.length; i++) {
            int n = sizes[i];
            long[][] columns = new long[FIELDS][n];
            for (int k = 0; k < n; k++) {
                long[] chunk = chunks[i][k / CHUNK];
                int at = (k % CHUNK) * FIELDS;
                for (int f = 0; f < FIELDS; f++) {
                    columns[f][k] = chunk[at + f];
                }
            }
            out.add(PriceSeries.adopt(instruments[i], timeframeMs, columns[0], columns[1], columns[2], columns[3],
                    columns[4]));
        }
        return Collections.unmodifiableList(out);
    }
}
