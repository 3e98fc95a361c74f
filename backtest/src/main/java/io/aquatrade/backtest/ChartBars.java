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
 * unknown instruments are passed on but not recorded. Amortised allocation-free (arrays grow by doubling).
 * Single-threaded.
 */
final class ChartBars implements BarListener {
    private final Instrument[] instruments;
    private final long timeframeMs;
    private final BarListener next;
    private final Map<String, Integer> index = new HashMap<>();
    private final long[][] times;
    private final long[][] opens;
    private final long[][] highs;
    private final long[][] lows;
    private final long[][] closes;
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
        times = new long[n][64];
        opens = new long[n][64];
        highs = new long[n][64];
        lows = new long[n][64];
        closes = new long[n][64];
        sizes = new int[n];
        for (int i = 0; i < n; i++) {
            index.put(instruments[i].symbol(), i);
        }
    }

    @Override
    public void bar(Bar b) {
        Integer i = b.timeframeMs() == timeframeMs ? index.get(b.instrument()) : null;
        if (i != null) {
            int k = sizes[i];
            if (k == times[i].length) {
                times[i] = Arrays.copyOf(times[i], k * 2);
                opens[i] = Arrays.copyOf(opens[i], k * 2);
                highs[i] = Arrays.copyOf(highs[i], k * 2);
                lows[i] = Arrays.copyOf(lows[i], k * 2);
                closes[i] = Arrays.copyOf(closes[i], k * 2);
            }
            times[i][k] = b.eventTimeNs();
            opens[i][k] = b.open();
            highs[i][k] = b.high();
            lows[i][k] = b.low();
            closes[i][k] = b.close();
            sizes[i] = k + 1;
            barCount++;
        }
        if (next != null) {
            next.bar(b);
        }
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
            out.add(new PriceSeries(instruments[i], timeframeMs, Arrays.copyOf(times[i], n),
                    Arrays.copyOf(opens[i], n), Arrays.copyOf(highs[i], n), Arrays.copyOf(lows[i], n),
                    Arrays.copyOf(closes[i], n)));
        }
        return Collections.unmodifiableList(out);
    }
}
