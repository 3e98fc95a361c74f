package io.aquatrade.decision;


import io.aquatrade.common.Instrument;
import io.aquatrade.common.PositionBook;
import io.aquatrade.common.Side;

/**
 * A strategy's position in one instrument, as its own fills built it: the signed quantity it holds (&gt; 0 long,
 * &lt; 0 short), the volume-weighted average entry price of the open quantity, and the cost basis, booked by the
 * average-cost method in the common book of account ({@link PositionBook}, as the router's position and the
 * backtest's books are).
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
 * <p>A long's quantity is kept at or below the strategy's base-asset balance rounded down to whole steps (the
 * instrument's {@code stepSize}, else one lot), so that "sell the whole position" is always an order the venue can
 * fill: when a venue takes the buy fee in the base asset (as Binance spot does), what remains below a step is dust
 * in the {@link Ledger}, not position (docs/money.md, "Positions"). A short's quantity is what was sold short; the engine buys exactly that back to close it.
 *
 * <p>Read-only to everyone but the {@link DecisionEngine}; not thread-safe.
 */
public final class Position {
    private final String strategyId;
    private final Instrument instrument;
    /** Quantity, average entry price, cost basis and realised P/L: the common book of account. */
    private final PositionBook book = new PositionBook();
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
        return book.quantity();
    }

    /** @return true if nothing is held */
    public boolean isFlat() {
        return book.quantity() == 0;
    }

    /** @return true if the quantity is &gt; 0 */
    public boolean isLong() {
        return book.quantity() > 0;
    }

    /** @return true if the quantity is &lt; 0 */
    public boolean isShort() {
        return book.quantity() < 0;
    }

    /** @return volume-weighted average fill price of the open quantity, price mantissa, &gt; 0; 0 when flat */
    public long avgEntryPrice() {
        return book.avgEntryPrice();
    }

    /**
     * @return signed quote amount the open quantity cost, quote fees included, quote asset mantissa: &gt; 0 for a
     * long (paid), &lt; 0 for a short (received); 0 when flat
     */
    public long costBasis() {
        return book.costBasis();
    }

    /** @return cumulative realised P/L net of quote fees, quote asset mantissa */
    public long realizedPnl() {
        return book.realizedPnl();
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
        long beyond = book.fill(side, price, qty, cashOut);
        if (book.quantity() == 0 || beyond > 0) {
            stopPrice = 0; // flat, or flipped: the old side's stop no longer applies
        }
        return beyond;
    }

    /**
     * Caps a long's quantity at what the strategy can sell; a long capped to zero is closed and its remaining cost
     * basis realised as a loss. A short or flat position is left alone.
     *
     * @param sellable the strategy's base balance rounded down to the lot, size mantissa
     */
    void capAt(long sellable) {
        book.capLongAt(sellable);
        if (book.quantity() == 0) {
            stopPrice = 0;
        }
    }

    @Override
    public String toString() {
        return strategyId + " " + instrument.symbol() + " qty " + instrument.formatSize(quantity()) + " @ "
                + instrument.formatPrice(avgEntryPrice()) + " stop " + instrument.formatPrice(stopPrice)
                + (pendingOrderId == null ? "" : " pending " + pendingOrderId);
    }
}
