package io.aquatrade.signal.indicator;

/**
 * Simple moving average of the last {@code n} values of a series (here: bar closes), kept in a ring buffer and
 * updated once per closed bar.
 *
 * <p>Formula (the standard SMA, e.g. J. Murphy, <i>Technical Analysis of the Financial Markets</i>, 1999, ch. 9;
 * Investopedia "Simple Moving Average"): {@code sma[i] = (x[i-n+1] + ... + x[i]) / n}. The sum is recomputed from
 * the buffer on every update (O(n), n is small) rather than kept as a running total, so rounding errors never
 * accumulate over a long run.
 *
 * <p>Warm-up: {@code n} values; before that {@link #value()} is {@code NaN}.
 */
public final class Sma implements Indicator {
    private final double[] window;
    private int next;
    private long count;
    private double sma = Double.NaN;

    /**
     * @param length n, the number of bars, &gt;= 1
     * @throws IllegalArgumentException if length &lt; 1
     */
    public Sma(int length) {
        if (length < 1) {
            throw new IllegalArgumentException("SMA length must be >= 1, was " + length);
        }
        this.window = new double[length];
    }

    /**
     * Adds the next value of the series.
     *
     * @param x the value, e.g. a close in quote units; must be finite
     */
    public void update(double x) {
        window[next] = x;
        next = next + 1 == window.length ? 0 : next + 1;
        count++;
        if (count >= window.length) {
            double sum = 0;
            for (double v : window) {
                sum += v;
            }
            sma = sum / window.length;
        }
    }

    /** @return n */
    public int length() {
        return window.length;
    }

    /** @return values given so far */
    public long count() {
        return count;
    }

    @Override
    public boolean isReady() {
        return count >= window.length;
    }

    @Override
    public double value() {
        return sma;
    }
}
