package io.aquatrade.decision;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.Side;

/**
 * A strategy's position in one instrument, as its own fills built it: the signed quantity it holds (&gt; 0 long,
 * &lt; 0 short), the volume-weighted average entry price of the open quantity, and the cost basis, booked by the
 * average-cost method as the router's position is.
 *
 * <p>The cost basis is the signed quote amount the open quantity cost, quote fees included: what a long paid
 * (positive), or minus what a short sale brought in net of its fee (negative) — the convention of
 * {@link io.aquatrade.common.PositionUpdate#costBasis()}. A fill on the position's side (or from flat) adds its
 * quantity and its cash ({@code cashOut}: notional + fee for a buy, fee - notional for a sell). A fill against it
 * closes {@code closed = min(fill, |quantity|)}: the closed share of the basis ({@code basis x closed / |quantity|},
 * half-even; all of it when the position closes) and the fill's cash for that share are released, and
 * {@code realizedPnl += -cashOut(closed part) - released basis}. A fill larger than the position (only a fill this
 * engine did not size can be) opens the rest on the other side at that fill's price. Over a position's life the
 * books balance: once flat, the realised P/L added equals the quote cash that came in minus the cash that went out.
 *
 * <p>A long's quantity is kept at or below the strategy's base-asset balance rounded down to the instrument's
 * lot, so that "sell the whole position" is always an order the venue can fill: when a venue takes the buy fee in
 * the base asset (as Binance spot does), the fraction of a lot that remains is dust in the {@link Ledger}, not
 * position. A short's quantity is what was sold short; the engine buys exactly that back to close it.
 *
 * <p>Read-only to everyone but the {@link DecisionEngine}; not thread-safe.
 */
public final class Position {
    private final String strategyId;
    private final Instrument instrument;
    private long quantity;
    private long avgEntryPrice;
    private long costBasis;
    private long realizedPnl;
    private long stopPrice;
    private String pendingOrderId;

    Position(String strategyId, Instrument instrument) {
        this.strategyId = strategyId;
        this.instrument = instrument;
    }

    /** @return the strategy that holds it */
    public String strategyId() {
        return strategyId;
    }

    /** @return the instrument */
    public Instrument instrument() {
        return instrument;
    }

    /** @return signed base quantity, size mantissa: &gt; 0 long, &lt; 0 short, 0 flat */
    public long quantity() {
        return quantity;
    }

    /** @return true if nothing is held */
    public boolean isFlat() {
        return quantity == 0;
    }

    /** @return true if the quantity is &gt; 0 */
    public boolean isLong() {
        return quantity > 0;
    }

    /** @return true if the quantity is &lt; 0 */
    public boolean isShort() {
        return quantity < 0;
    }

    /** @return volume-weighted average fill price of the open quantity, price mantissa, &gt; 0; 0 when flat */
    public long avgEntryPrice() {
        return avgEntryPrice;
    }

    /**
     * @return signed quote amount the open quantity cost, quote fees included, quote asset mantissa: &gt; 0 for a
     * long (paid), &lt; 0 for a short (received); 0 when flat
     */
    public long costBasis() {
        return costBasis;
    }

    /** @return cumulative realised P/L net of quote fees, quote asset mantissa */
    public long realizedPnl() {
        return realizedPnl;
    }

    /**
     * @return the stop-loss trigger, price mantissa: for a long the mark under which it is sold
     * ({@link io.aquatrade.decision.risk.StopLoss#triggerPrice}), for a short the mark over which it is bought
     * back ({@link io.aquatrade.decision.risk.StopLoss#shortTriggerPrice}); 0 when flat
     */
    public long stopPrice() {
        return stopPrice;
    }

    /** @return client order id of the order outstanding on this position, or null if none */
    public String pendingOrderId() {
        return pendingOrderId;
    }

    void pendingOrderId(String clientOrderId) {
        this.pendingOrderId = clientOrderId;
    }

    void stopPrice(long stopPrice) {
        this.stopPrice = stopPrice;
    }

    /**
     * Books a fill.
     *
     * @param side    the fill's side
     * @param price   fill price mantissa, &gt; 0
     * @param qty     filled quantity, size mantissa, &gt; 0
     * @param cashOut quote cash the fill took, quote mantissa: notional + quote fee for a buy, quote fee - notional
     *                for a sell
     * @return the quantity that went beyond closing the position and opened the other side (0 normally)
     * @throws ArithmeticException on overflow
     */
    long fill(Side side, long price, long qty, long cashOut) {
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
            flat();
        }
        long beyond = qty - closed;
        if (beyond > 0) {
            add(price, side == Side.BUY ? beyond : -beyond, Math.subtractExact(cashOut, cashClosed));
        }
        return beyond;
    }

    private void add(long price, long signedQty, long cash) {
        if (quantity == 0) {
            avgEntryPrice = price;
        } else {
            // (avg x |q0| + price x |q|) / (|q0| + |q|), half-even: only partial fills get here
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
     * Caps a long's quantity at what the strategy can sell; a long capped to zero is closed and its remaining cost
     * basis realised as a loss. A short or flat position is left alone.
     *
     * @param sellable the strategy's base balance rounded down to the lot, size mantissa
     */
    void capAt(long sellable) {
        if (quantity > 0 && quantity > sellable) {
            quantity = Math.max(sellable, 0);
            if (quantity == 0) {
                realizedPnl = Math.subtractExact(realizedPnl, costBasis);
                flat();
            }
        }
    }

    private void flat() {
        quantity = 0;
        avgEntryPrice = 0;
        costBasis = 0;
        stopPrice = 0;
    }

    private static long mulDivHalfEven(long a, long b, long c) {
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
        return strategyId + " " + instrument.symbol() + " qty " + instrument.formatSize(quantity) + " @ "
                + instrument.formatPrice(avgEntryPrice) + " stop " + instrument.formatPrice(stopPrice)
                + (pendingOrderId == null ? "" : " pending " + pendingOrderId);
    }
}
