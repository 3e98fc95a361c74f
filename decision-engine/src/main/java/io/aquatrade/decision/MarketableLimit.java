package io.aquatrade.decision;

import java.math.RoundingMode;

import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.Side;

/**
 * The price of a <i>marketable limit order</i>: a limit placed through the opposite side of the book by a small
 * offset, so that it executes at once like a market order but never at a price worse than the limit (the usual
 * guard against sweeping a thin book; see L. Harris, "Trading and Exchanges", 2003, ch. 4 "Orders and order
 * properties", on marketable limit orders). For a reference price {@code p} and an offset of {@code b} basis
 * points:
 *
 * <pre>
 *   buy  limit = ceil (p x (1 + b/10000))    to the instrument's price decimals
 *   sell limit = floor(p x (1 - b/10000))    (at least one tick)
 * </pre>
 *
 * Both round away from the reference, so the limit is never less marketable than {@code p} itself. The reference is
 * the best ask for a buy and the best bid for a sell when a quote is known, else the newer of the last trade price and
 * the signal bar's close (see
 * {@link DecisionEngine}). A venue that fills at "last trade +- slippage" when it has no quote (the paper venue)
 * finds the order marketable only if {@code b} is at least its slippage.
 *
 * <p>Pure functions on price mantissas; no allocation unless an intermediate product overflows a {@code long}.
 */
public final class MarketableLimit {
    private static final long ONE_IN_BPS = 10_000L;
    private static final int BPS_DECIMALS = 4;

    private MarketableLimit() {
    }

    /**
     * @param side          the order's side
     * @param reference     reference price mantissa (ask for a buy, bid for a sell, else last trade); &gt; 0
     * @param offsetBps     basis points through the reference, 0..10000
     * @param priceDecimals the instrument's price decimals (the scale of {@code reference} and of the result)
     * @return the limit price mantissa, &gt;= 1
     * @throws IllegalArgumentException if the reference is not positive or the offset is out of range
     * @throws ArithmeticException      if the limit does not fit a long
     */
    public static long price(Side side, long reference, int offsetBps, int priceDecimals) {
        if (reference <= 0) {
            throw new IllegalArgumentException("reference price must be > 0, was " + reference);
        }
        if (offsetBps < 0 || offsetBps > ONE_IN_BPS) {
            throw new IllegalArgumentException("offsetBps must be 0..10000, was " + offsetBps);
        }
        if (side == Side.BUY) {
            return FixedPoint.multiply(reference, priceDecimals, ONE_IN_BPS + offsetBps, BPS_DECIMALS, priceDecimals,
                    RoundingMode.UP);
        }
        long limit = FixedPoint.multiply(reference, priceDecimals, ONE_IN_BPS - offsetBps, BPS_DECIMALS,
                priceDecimals, RoundingMode.DOWN);
        return Math.max(limit, 1L);
    }
}
