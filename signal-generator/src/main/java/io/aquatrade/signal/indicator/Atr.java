package io.aquatrade.signal.indicator;

import io.aquatrade.common.FixedPoint;

/**
 * Average true range with Wilder's smoothing, updated once per closed bar.
 *
 * <p>Formula: J. Welles Wilder Jr., <i>New Concepts in Technical Trading Systems</i>, 1978, ch. "Volatility"
 * (also J. Murphy, <i>Technical Analysis of the Financial Markets</i>, 1999, glossary "Average True Range"):
 * the true range of a bar is {@code TR[i] = max(H[i] - L[i], |H[i] - C[i-1]|, |C[i-1] - L[i]|)}, and of the first bar
 * {@code TR[0] = H[0] - L[0]} (no previous close); {@code ATR} is Wilder's moving average of TR,
 * {@code ATR[i] = (TR[i] - ATR[i-1]) / n + ATR[i-1]}. It is seeded with the first true range, {@code ATR[0] = TR[0]},
 * exactly as ta4j 0.17's {@code ATRIndicator} (an {@code MMAIndicator} over a {@code TRIndicator}) computes it, and
 * evaluates the recursion in the same order. (Wilder's book seeds with the mean of the first n true ranges; the two
 * differ only during the first few multiples of n bars.)
 *
 * <p>The true range is computed exactly on price mantissas and converted to quote units once, so it carries no
 * cancellation error even when high and low are close; only the smoothing is in {@code double}.
 *
 * <p>Warm-up: {@code n} bars; ready from the n-th update on (the same convention as {@link Ema}); before that
 * {@link #value()} is {@code NaN}. Single-threaded; allocation-free.
 */
public final class Atr implements Indicator {
    private final int length;
    private final double alpha;
    private final double scale;
    private long previousClose;
    private double atr;
    private long count;

    /**
     * @param length        n, the number of bars, &gt;= 1 (14 is Wilder's)
     * @param priceDecimals the instrument's price decimals, 0..18: the value is in quote units
     * @throws IllegalArgumentException if length &lt; 1 or the decimals are out of range
     */
    public Atr(int length, int priceDecimals) {
        if (length < 1) {
            throw new IllegalArgumentException("ATR length must be >= 1, was " + length);
        }
        this.length = length;
        this.alpha = 1.0 / length;
        this.scale = FixedPoint.pow10(priceDecimals);
    }

    /**
     * Adds the next bar.
     *
     * @param high  the bar's high, price mantissa
     * @param low   the bar's low, price mantissa, &lt;= high
     * @param close the bar's close, price mantissa
     */
    public void update(long high, long low, long close) {
        long tr = high - low;
        if (count > 0) {
            tr = Math.max(tr, Math.max(Math.abs(high - previousClose), Math.abs(previousClose - low)));
        }
        double trueRange = tr / scale;
        if (count == 0) {
            atr = trueRange;
        } else {
            atr = (trueRange - atr) * alpha + atr;
        }
        previousClose = close;
        count++;
    }

    /** @return n */
    public int length() {
        return length;
    }

    /** @return bars given so far */
    public long count() {
        return count;
    }

    @Override
    public boolean isReady() {
        return count >= length;
    }

    /**
     * @return the ATR as a price mantissa, {@code round(value x 10^priceDecimals)} (half up), or 0 while not ready;
     * allocation-free
     */
    public long mantissa() {
        return count >= length ? Math.round(atr * scale) : 0;
    }

    /** @return the ATR in quote units, or {@code NaN} while not ready */
    @Override
    public double value() {
        return count >= length ? atr : Double.NaN;
    }
}
