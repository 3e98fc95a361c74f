package io.aquatrade.router;

import io.aquatrade.common.PositionBook;
import io.aquatrade.common.Side;

/**
 * One strategy's position in one instrument, as the router books it from its fills: the common book of account
 * ({@link PositionBook}: average cost, half-even releases, quote fees in the basis; see {@code docs/money.md}), the
 * same book the decision engine and the backtest keep, so all three agree on every fill.
 *
 * <p>Quantity is a size mantissa (signed: &gt; 0 long, &lt; 0 short); cost basis and P&amp;L are mantissas in the
 * quote asset's decimals. Mutable; not thread-safe.
 */
public final class Position {
    private final String strategyId;
    private final String instrument;
    private final PositionBook book = new PositionBook();

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
     * Books a fill whose fee is in the quote asset.
     *
     * @param side          side of the fill
     * @param fillPrice     price mantissa, &gt; 0
     * @param fillQuantity  base quantity, size mantissa, &gt; 0
     * @param quoteQuantity notional, quote asset mantissa, &gt;= 0
     * @param fee           fee in the quote asset, mantissa, &gt;= 0
     * @throws IllegalArgumentException if the quantity or price is not positive
     * @throws ArithmeticException      on overflow
     */
    public void apply(Side side, long fillPrice, long fillQuantity, long quoteQuantity, long fee) {
        book.fill(side, fillPrice, fillQuantity, PositionBook.cashOut(side, quoteQuantity, fee));
    }

    /**
     * Books a fill with its fee in its own asset ({@link PositionBook#fill(Side, long, long, long, long, long, long)}):
     * a quote fee in the cash, a base fee out of what the position holds, a long kept at the whole steps it holds.
     *
     * @param side          side of the fill
     * @param fillPrice     price mantissa, &gt; 0
     * @param fillQuantity  base quantity, size mantissa, &gt; 0
     * @param quoteQuantity notional, quote asset mantissa, &gt;= 0
     * @param quoteFee      the fee if charged in the quote asset, else 0; quote asset mantissa, &gt;= 0
     * @param baseChange    the base asset the fill moved net of a base fee, base asset mantissa (signed)
     * @param step          the instrument's {@code stepSize}, else 1; size mantissa &gt; 0
     * @param stepInBase    the same in base asset mantissa, &gt; 0
     * @throws IllegalArgumentException if the quantity, price or step is not positive
     * @throws ArithmeticException      on overflow
     */
    public void apply(Side side, long fillPrice, long fillQuantity, long quoteQuantity, long quoteFee,
                      long baseChange, long step, long stepInBase) {
        book.fill(side, fillPrice, fillQuantity, PositionBook.cashOut(side, quoteQuantity, quoteFee), baseChange,
                step, stepInBase);
    }

    /**
     * Sets the booked state (recovery from the executions topic); the average entry price is not carried there, nor
     * the dust below a step that base fees left (the base held is taken as the quantity).
     *
     * @param baseUnits base asset mantissa units per size unit of the instrument
     */
    public void restore(long quantity, long costBasis, long realizedPnl, long baseUnits) {
        book.restore(quantity, 0, costBasis, realizedPnl);
        book.restoreBaseHeld(Math.multiplyExact(quantity, baseUnits));
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
        return book.quantity();
    }

    /** @return quantity-weighted average fill price of the open quantity, price mantissa; 0 when flat or unknown */
    public long avgEntryPrice() {
        return book.avgEntryPrice();
    }

    /** @return base asset the position's fills brought in net of base fees, base asset mantissa (see PositionBook) */
    public long baseHeld() {
        return book.baseHeld();
    }

    /** @return signed quote amount paid for the open quantity, fees included, quote asset mantissa */
    public long costBasis() {
        return book.costBasis();
    }

    /** @return cumulative realised P&amp;L net of fees, quote asset mantissa */
    public long realizedPnl() {
        return book.realizedPnl();
    }

    @Override
    public String toString() {
        return "Position{" + strategyId + ' ' + instrument + " quantity=" + quantity() + " costBasis=" + costBasis()
                + " realizedPnl=" + realizedPnl() + '}';
    }
}
