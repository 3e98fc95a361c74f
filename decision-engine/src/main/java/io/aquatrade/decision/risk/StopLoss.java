package io.aquatrade.decision.risk;

import java.math.RoundingMode;

import io.aquatrade.common.FixedPoint;

/**
 * A stop-loss on a position: close everything once the mark moves more than {@code stopLossBps} against the
 * position's average entry price, i.e.
 *
 * <pre>
 *   long:  mark &lt; avgEntryPrice x (1 - stopLossBps / 10000)     (mark = best bid, else last trade)
 *   short: mark &gt; avgEntryPrice x (1 + stopLossBps / 10000)     (mark = best ask, else last trade)
 * </pre>
 *
 * The mark is the price the closing order would trade at: a long is sold into the bid, a short bought back from
 * the ask. With {@code stopLossBps = 0} (the traders' "tight stop") the stop fires as soon as the unrealised P/L
 * against the entry price is negative. The entry price is the volume-weighted fill price, so slippage counts
 * against the position; fees are deliberately not in it: a fresh position is always down by its entry fee, and
 * counting the fee would stop out every position at the first tick.
 *
 * <p>Since prices are integers (mantissas), {@code mark < x} is the same as {@code mark < ceil(x)} and
 * {@code mark > x} the same as {@code mark > floor(x)}: the engine computes {@link #triggerPrice} or
 * {@link #shortTriggerPrice} once per fill and compares {@code long}s on every tick. Immutable.
 */
public final class StopLoss {
    private static final long BPS = 10_000L;
    private final int stopLossBps;

    /**
     * @param stopLossBps distance from the entry price, basis points 0..10000 (10000: a long's stop never triggers,
     *                    a short's triggers above twice the entry price)
     * @throws IllegalArgumentException if out of range
     */
    public StopLoss(int stopLossBps) {
        if (stopLossBps < 0 || stopLossBps > BPS) {
            throw new IllegalArgumentException("stopLossBps must be 0..10000, was " + stopLossBps);
        }
        this.stopLossBps = stopLossBps;
    }

    /** @return the distance from the entry price, basis points */
    public int stopLossBps() {
        return stopLossBps;
    }

    /**
     * @param avgEntryPrice the position's average entry price, price mantissa; &gt; 0
     * @return ceil(avgEntryPrice x (10000 - stopLossBps) / 10000), price mantissa: the stop triggers when the mark
     * is strictly below it
     */
    public long triggerPrice(long avgEntryPrice) {
        return FixedPoint.multiply(avgEntryPrice, 0, BPS - stopLossBps, 4, 0, RoundingMode.CEILING);
    }

    /**
     * @param avgEntryPrice a short position's average entry price, price mantissa; &gt; 0
     * @return floor(avgEntryPrice x (10000 + stopLossBps) / 10000), price mantissa: the stop triggers when the mark
     * is strictly above it
     * @throws ArithmeticException if the trigger does not fit a long
     */
    public long shortTriggerPrice(long avgEntryPrice) {
        return FixedPoint.multiply(avgEntryPrice, 0, BPS + stopLossBps, 4, 0, RoundingMode.FLOOR);
    }

    /**
     * @param mark         the long's mark price (best bid, else last trade), price mantissa; &lt;= 0 means unknown
     * @param triggerPrice from {@link #triggerPrice}
     * @return true if the long position must be sold
     */
    public static boolean triggered(long mark, long triggerPrice) {
        return mark > 0 && mark < triggerPrice;
    }

    /**
     * @param mark         the short's mark price (best ask, else last trade), price mantissa; &lt;= 0 means unknown
     * @param triggerPrice from {@link #shortTriggerPrice}
     * @return true if the short position must be bought back
     */
    public static boolean triggeredShort(long mark, long triggerPrice) {
        return mark > 0 && mark > triggerPrice;
    }
}
