package io.aquatrade.router;

import java.math.BigInteger;

import io.aquatrade.common.Side;

/**
 * One strategy's position in one instrument, booked by the average-cost method (as a broker's position ledger, or
 * NautilusTrader's {@code Position}): the quote amount paid for the open quantity (fees included) is its cost basis;
 * reducing the position releases cost in proportion to the quantity closed, and the difference to what the closing
 * fill brought in (net of its fee) is realised P&amp;L.
 *
 * <p>With {@code cashOut = side.sign() * notional + fee} (what the fill took from the quote balance: a buy pays
 * notional plus fee, a sell receives notional minus fee):
 * <ul>
 *   <li>opening or adding (flat, or the fill on the position's side): {@code quantity += signed fill},
 *       {@code costBasis += cashOut};</li>
 *   <li>reducing by {@code closed = min(|fill|, |quantity|)}: {@code released = costBasis * closed / |quantity|}
 *       (truncated toward zero; the whole basis when the position closes), the fill's cash is split the same way, and
 *       {@code realizedPnl += -(cashOut of the closed part) - released}; a fill larger than the position opens the
 *       rest on the other side at that fill's price.</li>
 * </ul>
 * Over a position's life the books balance exactly: once flat, {@code costBasis == 0} and the realised P&amp;L
 * added equals the quote cash that came in minus the cash that went out.
 *
 * <p>Quantity is a size mantissa (signed: &gt; 0 long, &lt; 0 short); cost basis and P&amp;L are mantissas in the
 * quote asset's decimals. Mutable; not thread-safe.
 */
public final class Position {
    private final String strategyId;
    private final String instrument;
    private long quantity;
    private long costBasis;
    private long realizedPnl;

    /**
     * A flat position.
     *
     * @param strategyId the strategy
     * @param instrument venue symbol
     */
    public Position(String strategyId, String instrument) {
        this.strategyId = strategyId;
        this.instrument = instrument;
    }

    /**
     * Books a fill.
     *
     * @param side          side of the fill
     * @param fillQuantity  base quantity, size mantissa, &gt; 0
     * @param quoteQuantity notional, quote asset mantissa, &gt;= 0
     * @param fee           fee in the quote asset, mantissa, &gt;= 0
     * @throws IllegalArgumentException if the quantity is not positive
     * @throws ArithmeticException      on overflow
     */
    public void apply(Side side, long fillQuantity, long quoteQuantity, long fee) {
        if (fillQuantity <= 0) {
            throw new IllegalArgumentException("fill quantity must be > 0, was " + fillQuantity);
        }
        long signedFill = side == Side.BUY ? fillQuantity : -fillQuantity;
        long cashOut = Math.addExact(side == Side.BUY ? quoteQuantity : -quoteQuantity, fee);
        if (quantity == 0 || (quantity > 0) == (signedFill > 0)) {
            quantity = Math.addExact(quantity, signedFill);
            costBasis = Math.addExact(costBasis, cashOut);
            return;
        }
        long open = Math.abs(quantity);
        long closed = Math.min(fillQuantity, open);
        long released = closed == open ? costBasis : mulDiv(costBasis, closed, open);
        long cashClose = closed == fillQuantity ? cashOut : mulDiv(cashOut, closed, fillQuantity);
        realizedPnl = Math.subtractExact(realizedPnl, Math.addExact(cashClose, released));
        costBasis = Math.subtractExact(costBasis, released);
        quantity = Math.addExact(quantity, signedFill);
        if (fillQuantity > closed) {
            // The fill flipped the position: the rest opens on the fill's side at the fill's price.
            costBasis = Math.subtractExact(cashOut, cashClose);
        }
    }

    /** Sets the booked state (recovery from the executions topic). */
    public void restore(long quantity, long costBasis, long realizedPnl) {
        this.quantity = quantity;
        this.costBasis = costBasis;
        this.realizedPnl = realizedPnl;
    }

    /** {@code a * b / c} truncated toward zero, exact even when {@code a * b} overflows a long. */
    static long mulDiv(long a, long b, long c) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        if ((high == 0 && low >= 0) || (high == -1 && low < 0)) {
            return low / c;
        }
        return BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).divide(BigInteger.valueOf(c)).longValueExact();
    }

    /** @return the strategy */
    public String strategyId() {
        return strategyId;
    }

    /** @return venue symbol */
    public String instrument() {
        return instrument;
    }

    /** @return signed base quantity, size mantissa: &gt; 0 long, &lt; 0 short */
    public long quantity() {
        return quantity;
    }

    /** @return signed quote amount paid for the open quantity, fees included, quote asset mantissa */
    public long costBasis() {
        return costBasis;
    }

    /** @return cumulative realised P&amp;L net of fees, quote asset mantissa */
    public long realizedPnl() {
        return realizedPnl;
    }

    @Override
    public String toString() {
        return "Position{" + strategyId + ' ' + instrument + " quantity=" + quantity + " costBasis=" + costBasis
                + " realizedPnl=" + realizedPnl + '}';
    }
}
