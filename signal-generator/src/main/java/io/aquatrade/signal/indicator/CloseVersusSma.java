package io.aquatrade.signal.indicator;

/**
 * Which side of its simple moving average the close is on, decided exactly: the SMA of the last {@code n} closes
 * (J. Murphy, <i>Technical Analysis of the Financial Markets</i>, 1999, ch. 9) is compared with the close as
 * {@code n * close} against the sum of the n closes, all in price mantissas (long arithmetic, overflow throws), so a
 * close equal to its average is recognised as equal, never off by a rounding of the division. Strategies that count
 * or trade crosses of the close and its SMA use it with a {@link Cross} ({@link Cross#updateSide}).
 *
 * <p>Warm-up: n closes; before that {@link #isReady()} is false and {@link #side()} 0. Single-threaded;
 * allocation-free after construction.
 */
public final class CloseVersusSma {
    private final long[] closes;
    private int next;
    private long count;
    private long sum;
    private int side;

    /**
     * @param length n, the SMA period, &gt;= 1
     * @throws IllegalArgumentException if length &lt; 1
     */
    public CloseVersusSma(int length) {
        if (length < 1) {
            throw new IllegalArgumentException("SMA length must be >= 1, was " + length);
        }
        this.closes = new long[length];
    }

    /**
     * Adds the next close.
     *
     * @param close price mantissa
     * @return {@link #side()} after it
     * @throws ArithmeticException if n times a close or the sum of n closes overflows a long
     */
    public int update(long close) {
        if (count >= closes.length) {
            sum -= closes[next];
        }
        closes[next] = close;
        sum = Math.addExact(sum, close);
        next = next + 1 == closes.length ? 0 : next + 1;
        count++;
        side = count >= closes.length ? Long.signum(Long.compare(Math.multiplyExact(close, (long) closes.length), sum))
                : 0;
        return side;
    }

    /** @return true once n closes were given */
    public boolean isReady() {
        return count >= closes.length;
    }

    /** @return +1 if the last close is above its SMA, -1 below, 0 equal or not ready */
    public int side() {
        return side;
    }

    /** @return the SMA in price mantissa units (sum / n as a double); {@code NaN} while not ready */
    public double smaMantissa() {
        return isReady() ? (double) sum / closes.length : Double.NaN;
    }
}
