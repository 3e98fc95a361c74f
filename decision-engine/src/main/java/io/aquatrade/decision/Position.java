package io.aquatrade.decision;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.Instrument;

/**
 * A strategy's long position in one instrument, as its own fills built it: the quantity it holds and may sell,
 * the volume-weighted average entry price, and the cost basis (the quote amount paid for the open quantity, quote
 * fees included). Spot only: the quantity is never negative.
 *
 * <p>The quantity is kept at or below the strategy's base-asset balance rounded down to the instrument's lot, so
 * that "sell the whole position" is always an order the venue can fill: when a venue takes the buy fee in the base
 * asset (as Binance spot does), the fraction of a lot that remains is dust in the {@link Ledger}, not position.
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

    /** @return base quantity held, size mantissa; &gt;= 0, 0 when flat */
    public long quantity() {
        return quantity;
    }

    /** @return true if nothing is held */
    public boolean isFlat() {
        return quantity == 0;
    }

    /** @return volume-weighted average fill price of the open quantity, price mantissa; 0 when flat */
    public long avgEntryPrice() {
        return avgEntryPrice;
    }

    /** @return quote amount paid for the open quantity, quote fees included, quote asset mantissa; 0 when flat */
    public long costBasis() {
        return costBasis;
    }

    /** @return cumulative realised P/L net of quote fees, quote asset mantissa */
    public long realizedPnl() {
        return realizedPnl;
    }

    /**
     * @return the price mantissa under which the mark triggers the stop-loss (see
     * {@link io.aquatrade.decision.risk.StopLoss#triggerPrice}); 0 when flat
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
     * Books a buy fill.
     *
     * @param price    fill price mantissa
     * @param qty      filled quantity, size mantissa
     * @param cost     quote paid: notional plus a fee charged in the quote asset, quote mantissa
     */
    void buy(long price, long qty, long cost) {
        if (quantity == 0) {
            avgEntryPrice = price;
        } else {
            // (avg x q0 + price x q) / (q0 + q), half-even: only partial fills get here
            BigInteger value = BigInteger.valueOf(avgEntryPrice).multiply(BigInteger.valueOf(quantity))
                    .add(BigInteger.valueOf(price).multiply(BigInteger.valueOf(qty)));
            avgEntryPrice = new BigDecimal(value)
                    .divide(BigDecimal.valueOf(Math.addExact(quantity, qty)), 0, RoundingMode.HALF_EVEN)
                    .longValueExact();
        }
        quantity = Math.addExact(quantity, qty);
        costBasis = Math.addExact(costBasis, cost);
    }

    /**
     * Books a sell fill: releases the sold share of the cost basis into realised P/L.
     *
     * @param qty      sold quantity, size mantissa
     * @param proceeds quote received: notional minus a fee charged in the quote asset, quote mantissa
     * @return the quantity sold beyond the position (0 normally), size mantissa
     */
    long sell(long qty, long proceeds) {
        long sold = Math.min(qty, quantity);
        long released = sold == quantity ? costBasis : mulDivHalfEven(costBasis, sold, quantity);
        realizedPnl = Math.addExact(realizedPnl, Math.subtractExact(proceeds, released));
        costBasis -= released;
        quantity -= sold;
        if (quantity == 0) {
            flat();
        }
        return qty - sold;
    }

    /**
     * Caps the quantity at what the strategy can sell; a position capped to zero is closed and its remaining cost
     * basis realised as a loss.
     *
     * @param sellable the strategy's base balance rounded down to the lot, size mantissa
     */
    void capAt(long sellable) {
        if (quantity > sellable) {
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
