package io.aquatrade.signal.indicator;

/**
 * A per-bar reading of who drove the volume and how much of it there was: high or low buy or sell volume, compared
 * with the recent average volume. Updated once per closed bar from its volume split by aggressor side.
 *
 * <p>Definition (the traders' notes' table "high/low buy vs sell volume"; the volume-confirms-price principle of
 * J. Murphy, <i>Technical Analysis of the Financial Markets</i>, 1999, ch. 7 "Volume and open interest", with the
 * buy/sell split of the trade's aggressor side as in Lee and Ready, Journal of Finance 46(2), 1991): for a bar with
 * volume {@code V = B + S} (B bought by takers, S sold by takers) and {@code avg} the mean volume of the
 * <b>previous</b> {@code M} bars (the current bar excluded, so a spike does not raise its own yardstick):
 * <ul>
 *   <li>side: {@code BUY} when the buy share {@code B / V >= 0.5 + imbalance}, {@code SELL} when
 *       {@code B / V <= 0.5 - imbalance}, otherwise no side (defaults: M = 20, imbalance = 0.10, i.e. 60 % / 40 %);</li>
 *   <li>level: {@code HIGH} when {@code V > avg}, otherwise {@code LOW};</li>
 *   <li>{@link Reading}: {@code HIGH_BUY}, {@code LOW_BUY}, {@code HIGH_SELL}, {@code LOW_SELL}, or {@code NEUTRAL}
 *       when there is no side (whatever the level).</li>
 * </ul>
 * The buy-share thresholds are compared exactly on the integer volumes (128-bit products); the average in
 * {@code double}. {@link #value()} is the order-flow imbalance {@code (B - S) / V} in [-1, 1]; a bar without volume
 * (a flat bar of an interval without trades) has no side: it reads {@code NEUTRAL}, value 0.
 *
 * <p>Warm-up: M previous bars, i.e. ready from the (M + 1)-th bar; before that {@link #reading()} is {@code null} and
 * {@link #value()} {@code NaN}. Single-threaded; allocation-free after construction.
 */
public final class VolumeSentiment implements Indicator {
    /** Default number of previous bars averaged. */
    public static final int DEFAULT_AVERAGE_BARS = 20;
    /** Default buy-share imbalance, in basis points of volume: 1000 = 10 %, i.e. 60 % buy or 40 % buy. */
    public static final int DEFAULT_IMBALANCE_BPS = 1_000;

    /** What a bar's volume says. */
    public enum Reading {
        /** Takers bought at least 50 % + imbalance of a volume above the average. */
        HIGH_BUY,
        /** Takers sold at least 50 % + imbalance of a volume above the average. */
        HIGH_SELL,
        /** Takers bought at least 50 % + imbalance of a volume at or below the average. */
        LOW_BUY,
        /** Takers sold at least 50 % + imbalance of a volume at or below the average. */
        LOW_SELL,
        /** Neither side reached 50 % + imbalance. */
        NEUTRAL
    }

    private final long[] volumes;
    private final long buyBps;
    private final long sellBps;
    private int next;
    private long count;
    private double averageVolume = Double.NaN;
    private Reading reading;
    private double imbalance = Double.NaN;
    /** The last update's bar and window (slot and the volume it replaced), while its values are not computed. */
    private boolean stale;
    private long lastVolume;
    private long lastBuyVolume;
    private long lastSellVolume;
    private int lastSlot;
    private long replaced;

    /** Sentiment over the previous {@value #DEFAULT_AVERAGE_BARS} bars with a 10 % imbalance. */
    public VolumeSentiment() {
        this(DEFAULT_AVERAGE_BARS, DEFAULT_IMBALANCE_BPS);
    }

    /**
     * @param averageBars  M, previous bars whose mean volume is the yardstick, &gt;= 1
     * @param imbalanceBps how far from an even split a side must be, basis points of volume, 0..5000
     * @throws IllegalArgumentException if a value is out of range
     */
    public VolumeSentiment(int averageBars, int imbalanceBps) {
        if (averageBars < 1) {
            throw new IllegalArgumentException("average bars must be >= 1, was " + averageBars);
        }
        if (imbalanceBps < 0 || imbalanceBps > 5_000) {
            throw new IllegalArgumentException("imbalance must be 0..5000 bps, was " + imbalanceBps);
        }
        this.volumes = new long[averageBars];
        this.buyBps = 5_000L + imbalanceBps;
        this.sellBps = 5_000L - imbalanceBps;
    }

    /**
     * Adds the next closed bar.
     *
     * @param volume     the bar's volume, size mantissa, &gt;= 0
     * @param buyVolume  volume of trades whose aggressor bought, &lt;= volume
     * @param sellVolume volume of trades whose aggressor sold, {@code buyVolume + sellVolume == volume}
     */
    public void update(long volume, long buyVolume, long sellVolume) {
        if (count >= volumes.length) {
            // computed when first read (settle): this bar against the M bars before it, i.e. the window as it is
            // then with this bar's slot holding the volume it replaced
            lastVolume = volume;
            lastBuyVolume = buyVolume;
            lastSellVolume = sellVolume;
            lastSlot = next;
            replaced = volumes[next];
            stale = true;
        }
        volumes[next] = volume;
        next = next + 1 == volumes.length ? 0 : next + 1;
        count++;
    }

    /**
     * Computes the values of the last {@link #update} that had M bars before it, if not done yet: the same sums in
     * the same order as at the update, so the values are those an update computing them at once would give.
     */
    private void settle() {
        if (!stale) {
            return;
        }
        stale = false;
        double sum = 0;
        for (int i = 0; i < volumes.length; i++) {
            sum += i == lastSlot ? replaced : volumes[i];
        }
        averageVolume = sum / volumes.length;
        reading = classify(lastVolume, lastBuyVolume, averageVolume);
        imbalance = lastVolume == 0 ? 0.0 : (double) (lastBuyVolume - lastSellVolume) / lastVolume;
    }

    private Reading classify(long volume, long buyVolume, double average) {
        boolean buy = volume > 0 && compareProducts(buyVolume, 10_000L, volume, buyBps) >= 0;
        boolean sell = volume > 0 && compareProducts(buyVolume, 10_000L, volume, sellBps) <= 0;
        boolean high = volume > average;
        if (buy && !sell) {
            return high ? Reading.HIGH_BUY : Reading.LOW_BUY;
        }
        if (sell && !buy) {
            return high ? Reading.HIGH_SELL : Reading.LOW_SELL;
        }
        return Reading.NEUTRAL;
    }

    /** Compares {@code a * b} with {@code c * d} exactly, all four non-negative. */
    static int compareProducts(long a, long b, long c, long d) {
        long high1 = Math.multiplyHigh(a, b);
        long high2 = Math.multiplyHigh(c, d);
        if (high1 != high2) {
            return Long.compare(high1, high2);
        }
        return Long.compareUnsigned(a * b, c * d);
    }

    /** @return M */
    public int averageBars() {
        return volumes.length;
    }

    /** @return bars given so far */
    public long count() {
        return count;
    }

    @Override
    public boolean isReady() {
        return count > volumes.length;
    }

    /** @return the last bar's order-flow imbalance {@code (B - S) / V} in [-1, 1], {@code NaN} while not ready */
    @Override
    public double value() {
        settle();
        return isReady() ? imbalance : Double.NaN;
    }

    /** @return the last bar's reading, or {@code null} while not ready */
    public Reading reading() {
        settle();
        return isReady() ? reading : null;
    }

    /** @return mean volume of the M bars before the last one, size mantissa units; {@code NaN} while not ready */
    public double averageVolume() {
        settle();
        return isReady() ? averageVolume : Double.NaN;
    }
}
