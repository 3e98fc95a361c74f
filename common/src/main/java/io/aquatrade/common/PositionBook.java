package io.aquatrade.common;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * The one book of account for a strategy's position in one instrument: average-cost quantity, cost basis, average
 * entry price and realised P&amp;L, built from fills only. The order router, the decision engine and the backtest
 * each keep their positions in it, so all three book a fill the same way (see {@code docs/money.md}, "Positions").
 *
 * <p>Method: average cost (as a broker's position ledger, or NautilusTrader's {@code Position}). With
 * {@code cashOut} the quote cash a fill took ({@link #cashOut}: notional plus a quote fee for a buy, a quote fee minus
 * the notional for a sell):
 * <ul>
 *   <li>opening or adding (from flat, or a fill on the position's side): {@code quantity += signed fill},
 *       {@code costBasis += cashOut}; the average entry price is the quantity-weighted average of the fill prices,
 *       half-even;</li>
 *   <li>reducing by {@code closed = min(fill, |quantity|)}: {@code released = costBasis x closed / |quantity|},
 *       half-even (the whole basis when the position closes); the fill's cash is split the same way, and
 *       {@code realizedPnl += -(cashOut of the closed part) - released};</li>
 *   <li>a fill larger than the position closes it and opens the rest on the other side at the fill's price, with
 *       the rest of the fill's cash as its basis.</li>
 * </ul>
 * Over a position's life the books balance exactly: once flat, {@code costBasis == 0} and the realised P&amp;L added
 * equals the quote cash that came in minus the cash that went out.
 *
 * <p>Fees are booked in their own asset: a fee in the quote asset is part of {@code cashOut}; a fee in the base
 * asset changes the quantity instead, by what the position holds in the base asset (a buy of 10 with a base fee of
 * 0.01 holds 9.99 for the whole notional, of which the position takes the whole steps; see
 * {@link #fill(Side, long, long, long, long, long, long)}); a fee in a third asset (BNB) is not in this book at all:
 * the ledger of that asset pays it.
 *
 * <p>Units: quantity is a size mantissa of the instrument (signed: &gt; 0 long, &lt; 0 short); prices are price
 * mantissas; cost basis, cash and P&amp;L are mantissas in the quote asset's decimals. Mutable; not thread-safe;
 * no allocation except when a product overflows 64 bits (then {@link BigInteger}).
 */
public final class PositionBook {
    private long quantity;
    private long avgEntryPrice;
    private long costBasis;
    private long realizedPnl;
    /** Base asset the fills brought in, net of base fees, base-asset mantissa (signed; dust beyond quantity). */
    private long baseHeld;

    /** A flat position. */
    public PositionBook() {
    }

    /**
     * The quote cash a fill takes from the account.
     *
     * @param side     the fill's side
     * @param notional the fill's notional, quote mantissa, &gt;= 0
     * @param quoteFee its fee if charged in the quote asset, else 0; quote mantissa, &gt;= 0
     * @return notional + fee for a buy, fee - notional for a sell
     * @throws ArithmeticException on overflow
     */
    public static long cashOut(Side side, long notional, long quoteFee) {
        return Math.addExact(side == Side.BUY ? notional : Math.negateExact(notional), quoteFee);
    }

    /**
     * Books a fill.
     *
     * @param side    the fill's side
     * @param price   fill price mantissa, &gt; 0 (sets the average entry price of what it opens)
     * @param qty     quantity the position takes, size mantissa, &gt; 0 (net of a base-asset fee)
     * @param cashOut quote cash the fill took: {@link #cashOut}
     * @return the quantity that went beyond closing the position and opened the other side (0 normally)
     * @throws IllegalArgumentException if qty or price is not positive
     * @throws ArithmeticException      on overflow
     */
    public long fill(Side side, long price, long qty, long cashOut) {
        if (qty <= 0) {
            throw new IllegalArgumentException("fill quantity must be > 0, was " + qty);
        }
        if (price <= 0) {
            throw new IllegalArgumentException("fill price must be > 0, was " + price);
        }
        long signed = side == Side.BUY ? qty : -qty;
        if (quantity == 0 || (quantity > 0) == (signed > 0)) {
            add(price, signed, cashOut);
            return 0;
        }
        long open = Math.abs(quantity);
        long closed = Math.min(qty, open);
        long released = closed == open ? costBasis : mulDivHalfEven(costBasis, closed, open);
        long cashClosed = closed == qty ? cashOut : mulDivHalfEven(cashOut, closed, qty);
        realizedPnl = Math.subtractExact(realizedPnl, Math.addExact(cashClosed, released));
        costBasis = Math.subtractExact(costBasis, released);
        quantity = side == Side.BUY ? quantity + closed : quantity - closed;
        if (quantity == 0) {
            avgEntryPrice = 0;
            costBasis = 0;
        }
        long beyond = qty - closed;
        if (beyond > 0) {
            add(price, side == Side.BUY ? beyond : -beyond, Math.subtractExact(cashOut, cashClosed));
        }
        return beyond;
    }

    /**
     * Books a fill with its fee in its own asset, the one rule of docs/money.md ("Positions"): the fill is booked
     * whole ({@link #fill(Side, long, long, long)}, a quote fee in {@code cashOut}); the base asset it moved, net of a
     * base fee, is added to what the position holds in the account ({@link #baseHeld()}); then a long is kept at the
     * whole steps of that ({@link #capLongAt}). So a buy of 10 paying 0.01 in the base asset holds 9.99, of which a
     * position with a step of 1 takes 9 and 0.99 is dust; the fee's cost stays in the cost basis. A third-asset fee
     * (BNB) is in neither: {@code cashOut} without it, {@code baseChange} without it.
     *
     * @param side       the fill's side
     * @param price      fill price mantissa, &gt; 0
     * @param qty        filled quantity, size mantissa, &gt; 0
     * @param cashOut    quote cash the fill took: {@link #cashOut} with the fee if it was charged in the quote asset
     * @param baseChange the base asset the fill moved, base-asset mantissa: {@code +quantity - fee} for a buy,
     *                   {@code -quantity - fee} for a sell, the fee only if it was charged in the base asset
     * @param step       the smallest sellable quantity (the instrument's {@code stepSize}, else one unit), size
     *                   mantissa, &gt; 0
     * @param stepInBase the same step in base-asset mantissa, &gt; 0
     * @return the quantity that went beyond closing the position and opened the other side (0 normally)
     * @throws IllegalArgumentException if qty, price or a step is not positive
     * @throws ArithmeticException      on overflow
     */
    public long fill(Side side, long price, long qty, long cashOut, long baseChange, long step, long stepInBase) {
        if (step <= 0 || stepInBase <= 0) {
            throw new IllegalArgumentException("step must be > 0, was " + step + " (" + stepInBase + " in base)");
        }
        long beyond = fill(side, price, qty, cashOut);
        baseHeld = Math.addExact(baseHeld, baseChange);
        if (quantity > 0) {
            capLongAt(baseHeld <= 0 ? 0 : Math.multiplyExact(baseHeld / stepInBase, step));
        }
        return beyond;
    }

    /**
     * @return the base asset this position's fills brought into the account net of base fees, base-asset mantissa:
     * a long's quantity plus the dust below a step its base fees left, negative while short (or a short's base fee
     * left a debt); kept by {@link #fill(Side, long, long, long, long, long, long)} only
     */
    public long baseHeld() {
        return baseHeld;
    }

    /**
     * Sets what the position holds in the base asset (recovery after a restart, where no fill says it).
     *
     * @param baseHeld base-asset mantissa
     */
    public void restoreBaseHeld(long baseHeld) {
        this.baseHeld = baseHeld;
    }

    private void add(long price, long signedQty, long cash) {
        if (quantity == 0) {
            avgEntryPrice = price;
        } else {
            long q0 = Math.abs(quantity);
            long q = Math.abs(signedQty);
            BigInteger value = BigInteger.valueOf(avgEntryPrice).multiply(BigInteger.valueOf(q0))
                    .add(BigInteger.valueOf(price).multiply(BigInteger.valueOf(q)));
            avgEntryPrice = new BigDecimal(value)
                    .divide(BigDecimal.valueOf(Math.addExact(q0, q)), 0, RoundingMode.HALF_EVEN)
                    .longValueExact();
        }
        quantity = Math.addExact(quantity, signedQty);
        costBasis = Math.addExact(costBasis, cash);
    }

    /**
     * Reduces a long to what the account can sell (base-asset fees or dust left it short of the booked quantity); a
     * long reduced to zero is closed and its remaining cost basis realised as a loss. A short or flat position, or a
     * long within the limit, is left alone.
     *
     * @param sellable the most the position may hold, size mantissa
     */
    public void capLongAt(long sellable) {
        if (quantity > 0 && quantity > sellable) {
            quantity = Math.max(sellable, 0);
            if (quantity == 0) {
                realizedPnl = Math.subtractExact(realizedPnl, costBasis);
                costBasis = 0;
                avgEntryPrice = 0;
            }
        }
    }

    /**
     * Sets the booked state, as read back from a {@link PositionUpdate} (recovery after a restart).
     *
     * @param quantity      signed size mantissa
     * @param avgEntryPrice price mantissa, 0 when flat or unknown
     * @param costBasis     quote mantissa
     * @param realizedPnl   quote mantissa
     */
    public void restore(long quantity, long avgEntryPrice, long costBasis, long realizedPnl) {
        this.quantity = quantity;
        this.avgEntryPrice = quantity == 0 ? 0 : avgEntryPrice;
        this.costBasis = costBasis;
        this.realizedPnl = realizedPnl;
    }

    /** @return signed base quantity, size mantissa: &gt; 0 long, &lt; 0 short, 0 flat */
    public long quantity() {
        return quantity;
    }

    /** @return quantity-weighted average fill price of the open quantity, price mantissa; 0 when flat */
    public long avgEntryPrice() {
        return avgEntryPrice;
    }

    /**
     * @return signed quote amount the open quantity cost, quote fees included, quote mantissa: &gt; 0 for a long
     * (paid), &lt; 0 for a short (received); 0 when flat
     */
    public long costBasis() {
        return costBasis;
    }

    /** @return cumulative realised P&amp;L net of quote fees, quote mantissa */
    public long realizedPnl() {
        return realizedPnl;
    }

    /**
     * Unrealised P&amp;L at a mark: what closing the open quantity at the mark would realise, before the fee of
     * that close.
     *
     * @param markValue the open quantity's value at the mark, quote mantissa, signed like the quantity (a long's
     *                  value is positive, a short's negative); 0 when flat
     * @return {@code markValue - costBasis}
     */
    public long unrealizedPnl(long markValue) {
        return Math.subtractExact(markValue, costBasis);
    }

    /** {@code a * b / c} rounded half-even, exact even when {@code a * b} overflows a long. */
    static long mulDivHalfEven(long a, long b, long c) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        if ((high == 0 && low >= 0) || (high == -1 && low < 0)) {
            return FixedPoint.divide(low, c, RoundingMode.HALF_EVEN);
        }
        return new BigDecimal(BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)))
                .divide(BigDecimal.valueOf(c), 0, RoundingMode.HALF_EVEN).longValueExact();
    }

    @Override
    public String toString() {
        return "PositionBook{quantity=" + quantity + " avgEntryPrice=" + avgEntryPrice + " costBasis=" + costBasis
                + " realizedPnl=" + realizedPnl + '}';
    }
}
