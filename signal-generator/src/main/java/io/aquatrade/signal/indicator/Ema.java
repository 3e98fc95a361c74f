package io.aquatrade.signal.indicator;

/**
 * Exponential moving average of a series (here: bar closes), updated once per closed bar.
 *
 * <p>Formula (the standard EMA, e.g. J. Murphy, <i>Technical Analysis of the Financial Markets</i>, 1999, ch. 9;
 * Investopedia "Exponential Moving Average"): {@code alpha = 2 / (n + 1)},
 * {@code ema[0] = x[0]}, {@code ema[i] = (x[i] - ema[i-1]) * alpha + ema[i-1]}. It is seeded with the first value,
 * as ta4j 0.17's {@code EMAIndicator} (its {@code AbstractEMAIndicator.calculate}) does, and evaluates the recursion
 * in the same order, so the two agree to the last bits in {@code double}. Other libraries seed with the SMA of the
 * first n values (TA-Lib); those differ during the first few multiples of n bars.
 *
 * <p>Warm-up: {@code n} values; ready from the n-th update on (ta4j reports {@code n} unstable bars, i.e. it counts
 * its first stable index one later). Before that {@link #value()} is {@code NaN}; {@link #rawValue()} shows the
 * recursion's state for diagnostics.
 */
public final class Ema implements Indicator {
    private final int length;
    private final double alpha;
    private double ema;
    private long count;

    /**
     * @param length n, the number of bars, &gt;= 1
     * @throws IllegalArgumentException if length &lt; 1
     */
    public Ema(int length) {
        if (length < 1) {
            throw new IllegalArgumentException("EMA length must be >= 1, was " + length);
        }
        this.length = length;
        this.alpha = 2.0 / (length + 1);
    }

    /**
     * Adds the next value of the series.
     *
     * @param x the value, e.g. a close in quote units; must be finite
     */
    public void update(double x) {
        if (count == 0) {
            ema = x;
        } else {
            ema = (x - ema) * alpha + ema;
        }
        count++;
    }

    /** @return n */
    public int length() {
        return length;
    }

    /** @return the smoothing factor 2 / (n + 1) */
    public double alpha() {
        return alpha;
    }

    /** @return values given so far */
    public long count() {
        return count;
    }

    @Override
    public boolean isReady() {
        return count >= length;
    }

    @Override
    public double value() {
        return count >= length ? ema : Double.NaN;
    }

    /** @return the recursion's current state even during warm-up ({@code NaN} before the first value) */
    public double rawValue() {
        return count == 0 ? Double.NaN : ema;
    }
}
