package io.aquatrade.signal.indicator;

import io.aquatrade.common.FixedPoint;

/**
 * The high-low range of the last {@code N} closed bars: the highest high and the lowest low, exact on price mantissas,
 * updated once per closed bar.
 *
 * <p>Formula: Donchian's price channel (R. Donchian; J. Murphy, <i>Technical Analysis of the Financial Markets</i>,
 * 1999, ch. 9 "Weekly rule"/channel breakout; ta4j 0.17 {@code HighestValueIndicator} over {@code HighPriceIndicator}
 * and {@code LowestValueIndicator} over {@code LowPriceIndicator}): {@code highest[i] = max(H[i-N+1..i])},
 * {@code lowest[i] = min(L[i-N+1..i])}, i.e. the window ends with the current bar. For breakouts the window must
 * <b>exclude</b> the current bar (a close can never exceed a high that includes its own bar's high), so the range of
 * the N bars <i>before</i> the current one is kept too: {@link #previousHighest()} / {@link #previousLowest()}, i.e.
 * {@code max(H[i-N..i-1])} and {@code min(L[i-N..i-1])}.
 *
 * <p>Warm-up: {@link #highest()} and {@link #lowest()} are ready after N bars ({@link #isReady()}); the previous-N
 * range after N + 1 bars ({@link #isPreviousReady()}). Before that the double accessors return {@code NaN} and the
 * mantissa accessors {@link Long#MIN_VALUE}. Each update rescans the window (O(N), N is small), so nothing accumulates.
 * Single-threaded; allocation-free after construction.
 */
public final class HighLowRange implements Indicator {
    private final long[] highs;
    private final long[] lows;
    private final double scale;
    private int next;
    private long count;
    private long highest = Long.MIN_VALUE;
    private long lowest = Long.MIN_VALUE;
    private long previousHighest = Long.MIN_VALUE;
    private long previousLowest = Long.MIN_VALUE;

    /**
     * @param length        N, the number of bars, &gt;= 1
     * @param priceDecimals the instrument's price decimals, 0..18, for the double accessors
     * @throws IllegalArgumentException if length &lt; 1 or the decimals are out of range
     */
    public HighLowRange(int length, int priceDecimals) {
        if (length < 1) {
            throw new IllegalArgumentException("range length must be >= 1, was " + length);
        }
        this.highs = new long[length];
        this.lows = new long[length];
        this.scale = FixedPoint.pow10(priceDecimals);
    }

    /**
     * Adds the next closed bar.
     *
     * @param high the bar's high, price mantissa
     * @param low  the bar's low, price mantissa
     */
    public void update(long high, long low) {
        previousHighest = highest;
        previousLowest = lowest;
        highs[next] = high;
        lows[next] = low;
        next = next + 1 == highs.length ? 0 : next + 1;
        count++;
        if (count >= highs.length) {
            long h = highs[0];
            long l = lows[0];
            for (int i = 1; i < highs.length; i++) {
                h = Math.max(h, highs[i]);
                l = Math.min(l, lows[i]);
            }
            highest = h;
            lowest = l;
        }
    }

    /** @return N */
    public int length() {
        return highs.length;
    }

    /** @return bars given so far */
    public long count() {
        return count;
    }

    /** @return true once N bars were given: {@link #highest()} and {@link #lowest()} are meaningful */
    @Override
    public boolean isReady() {
        return count >= highs.length;
    }

    /** @return the highest high of the last N bars, quote units, or {@code NaN} while not ready */
    @Override
    public double value() {
        return highest();
    }

    /** @return true once N + 1 bars were given: the range of the N bars before the current one is meaningful */
    public boolean isPreviousReady() {
        return count > highs.length;
    }

    /** @return highest high of the last N bars including the current one, quote units; {@code NaN} while not ready */
    public double highest() {
        return isReady() ? highest / scale : Double.NaN;
    }

    /** @return lowest low of the last N bars including the current one, quote units; {@code NaN} while not ready */
    public double lowest() {
        return isReady() ? lowest / scale : Double.NaN;
    }

    /** @return highest high of the last N bars as a mantissa; {@link Long#MIN_VALUE} while not ready */
    public long highestMantissa() {
        return isReady() ? highest : Long.MIN_VALUE;
    }

    /** @return lowest low of the last N bars as a mantissa; {@link Long#MIN_VALUE} while not ready */
    public long lowestMantissa() {
        return isReady() ? lowest : Long.MIN_VALUE;
    }

    /** @return highest high of the N bars before the current one, quote units; {@code NaN} while not ready */
    public double previousHighest() {
        return isPreviousReady() ? previousHighest / scale : Double.NaN;
    }

    /** @return lowest low of the N bars before the current one, quote units; {@code NaN} while not ready */
    public double previousLowest() {
        return isPreviousReady() ? previousLowest / scale : Double.NaN;
    }

    /** @return highest high of the N bars before the current one, mantissa; {@link Long#MIN_VALUE} while not ready */
    public long previousHighestMantissa() {
        return isPreviousReady() ? previousHighest : Long.MIN_VALUE;
    }

    /** @return lowest low of the N bars before the current one, mantissa; {@link Long#MIN_VALUE} while not ready */
    public long previousLowestMantissa() {
        return isPreviousReady() ? previousLowest : Long.MIN_VALUE;
    }
}
