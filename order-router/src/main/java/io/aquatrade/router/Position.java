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

    /** Sets the booked state (recovery from the executions topic); the average entry price is not carried there. */
    public void restore(long quantity, long costBasis, long realizedPnl) {
        book.restore(quantity, 0, costBasis, realizedPnl);
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
