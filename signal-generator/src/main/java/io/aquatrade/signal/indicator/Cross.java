package io.aquatrade.signal.indicator;

/**
 * Detects when one series crosses another (a close crossing its moving average, a fast EMA crossing a slow one),
 * updated once per closed bar.
 *
 * <p>Definition (the moving-average crossover of J. Murphy, <i>Technical Analysis of the Financial Markets</i>, 1999,
 * ch. 9; identical to ta4j 0.17's {@code CrossIndicator} behind {@code CrossedUpIndicatorRule} and
 * {@code CrossedDownIndicatorRule}): {@code a} crosses <b>above</b> {@code b} at bar i when {@code a[i] > b[i]} and, at
 * the most recent earlier bar where the two differed, {@code a < b}; crosses <b>below</b> symmetrically. Bars where
 * they are equal neither cross nor reset: touching and going back is no cross; going through a run of equal values is
 * one cross, on the bar where {@code a} is strictly on the other side. Before the two have ever differed there is no
 * cross.
 *
 * <p>Feed it every bar, including warm-up bars of the averages (their recursion state), so that the "most recent
 * earlier bar where they differed" is the same bar as in ta4j, which looks back through unstable bars too; gating
 * signals on warm-up is the caller's job. A {@code NaN} input is ignored (no cross, state kept).
 * Single-threaded; allocation-free.
 */
public final class Cross {
    /** {@link #update} result: {@code a} crossed above {@code b}. */
    public static final int ABOVE = 1;
    /** {@link #update} result: {@code a} crossed below {@code b}. */
    public static final int BELOW = -1;
    /** {@link #update} result: no cross. */
    public static final int NONE = 0;

    private int lastSide;
    private int side;

    /**
     * Adds the values of both series at the next bar.
     *
     * @param a the first series, e.g. the close or the fast EMA
     * @param b the second series, e.g. the SMA or the slow EMA
     * @return {@link #ABOVE}, {@link #BELOW} or {@link #NONE}
     */
    public int update(double a, double b) {
        return updateSide(a > b ? 1 : a < b ? -1 : 0);
    }

    /**
     * Adds the next bar given as the sign of {@code a - b}, for callers that compare exactly (e.g. a close with an
     * SMA as {@code n * close} against the sum of n closes, in mantissas).
     *
     * @param sign +1 if {@code a > b}, -1 if {@code a < b}, 0 if equal
     * @return {@link #ABOVE}, {@link #BELOW} or {@link #NONE}
     */
    public int updateSide(int sign) {
        side = Integer.signum(sign);
        int crossed = NONE;
        if (side != 0) {
            if (lastSide == -side) {
                crossed = side;
            }
            lastSide = side;
        }
        return crossed;
    }

    /** @return +1 if {@code a > b} at the last bar, -1 if below, 0 if equal (or a NaN) */
    public int side() {
        return side;
    }

    /** @return the side at the most recent bar where the two differed: +1, -1, or 0 if they never have */
    public int lastDifferentSide() {
        return lastSide;
    }
}
