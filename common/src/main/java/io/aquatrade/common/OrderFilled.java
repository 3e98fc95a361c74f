package io.aquatrade.common;

import net.openhft.chronicle.core.io.InvalidMarshallableException;
import net.openhft.chronicle.core.io.Validatable;
import net.openhft.chronicle.wire.SelfDescribingMarshallable;

/**
 * An execution report for a (partial) fill. {@code quoteQuantity} is the exact notional that moved
 * (price x quantity in the quote asset's decimals, rounded against the account); {@code fee} was charged in
 * {@code feeAsset}, in that asset's decimals.
 *
 * <p>Mutable and reused by its writer; a reader must copy what it keeps after the listener call returns.
 */
public final class OrderFilled extends SelfDescribingMarshallable implements Event, Validatable {
    private String clientOrderId;
    private String venueOrderId;
    private String tradeId;
    private String strategyId;
    private String instrument;
    private Side side;
    private long fillPrice;
    private long fillQuantity;
    private long quoteQuantity;
    private long cumulativeQuantity;
    private long leavesQuantity;
    private long fee;
    private String feeAsset;
    private LiquiditySide liquiditySide;
    private boolean last;
    private long eventTimeNs;

    /** @return the order's client order id */
    public String clientOrderId() {
        return clientOrderId;
    }

    /** Sets the order's client order id. @return this */
    public OrderFilled clientOrderId(String clientOrderId) {
        this.clientOrderId = clientOrderId;
        return this;
    }

    /** @return the venue's order id */
    public String venueOrderId() {
        return venueOrderId;
    }

    /** Sets the venue's order id. @return this */
    public OrderFilled venueOrderId(String venueOrderId) {
        this.venueOrderId = venueOrderId;
        return this;
    }

    /** @return the venue's id of this fill */
    public String tradeId() {
        return tradeId;
    }

    /** Sets the venue's id of this fill. @return this */
    public OrderFilled tradeId(String tradeId) {
        this.tradeId = tradeId;
        return this;
    }

    /** @return strategy the order belongs to */
    public String strategyId() {
        return strategyId;
    }

    /** Sets strategy the order belongs to. @return this */
    public OrderFilled strategyId(String strategyId) {
        this.strategyId = strategyId;
        return this;
    }

    /** @return venue symbol */
    public String instrument() {
        return instrument;
    }

    /** Sets venue symbol. @return this */
    public OrderFilled instrument(String instrument) {
        this.instrument = instrument;
        return this;
    }

    /** @return side of the order */
    public Side side() {
        return side;
    }

    /** Sets side of the order. @return this */
    public OrderFilled side(Side side) {
        this.side = side;
        return this;
    }

    /** @return price of this fill (the last price), mantissa; &gt; 0 */
    public long fillPrice() {
        return fillPrice;
    }

    /** Sets price of this fill (the last price), mantissa; &gt; 0. @return this */
    public OrderFilled fillPrice(long fillPrice) {
        this.fillPrice = fillPrice;
        return this;
    }

    /** @return base quantity of this fill (the last quantity), size mantissa; &gt; 0 */
    public long fillQuantity() {
        return fillQuantity;
    }

    /** Sets base quantity of this fill (the last quantity), size mantissa; &gt; 0. @return this */
    public OrderFilled fillQuantity(long fillQuantity) {
        this.fillQuantity = fillQuantity;
        return this;
    }

    /** @return notional in the quote asset, asset mantissa; &gt; 0 */
    public long quoteQuantity() {
        return quoteQuantity;
    }

    /** Sets notional in the quote asset, asset mantissa; &gt; 0. @return this */
    public OrderFilled quoteQuantity(long quoteQuantity) {
        this.quoteQuantity = quoteQuantity;
        return this;
    }

    /** @return base quantity filled on the order so far, this fill included, size mantissa; &gt;= fillQuantity */
    public long cumulativeQuantity() {
        return cumulativeQuantity;
    }

    /** Sets base quantity filled on the order so far, this fill included, size mantissa; &gt;= fillQuantity. @return this */
    public OrderFilled cumulativeQuantity(long cumulativeQuantity) {
        this.cumulativeQuantity = cumulativeQuantity;
        return this;
    }

    /** @return base quantity still open on the order after this fill, size mantissa; 0 when the order is done */
    public long leavesQuantity() {
        return leavesQuantity;
    }

    /** Sets base quantity still open on the order after this fill, size mantissa; 0 when the order is done. @return this */
    public OrderFilled leavesQuantity(long leavesQuantity) {
        this.leavesQuantity = leavesQuantity;
        return this;
    }

    /** @return fee charged, mantissa in the fee asset's decimals; &gt;= 0 */
    public long fee() {
        return fee;
    }

    /** Sets fee charged, mantissa in the fee asset's decimals; &gt;= 0. @return this */
    public OrderFilled fee(long fee) {
        this.fee = fee;
        return this;
    }

    /** @return asset the fee was charged in */
    public String feeAsset() {
        return feeAsset;
    }

    /** Sets asset the fee was charged in. @return this */
    public OrderFilled feeAsset(String feeAsset) {
        this.feeAsset = feeAsset;
        return this;
    }

    /** @return maker or taker */
    public LiquiditySide liquiditySide() {
        return liquiditySide;
    }

    /** Sets maker or taker. @return this */
    public OrderFilled liquiditySide(LiquiditySide liquiditySide) {
        this.liquiditySide = liquiditySide;
        return this;
    }

    /** @return true when the order is now completely filled (leavesQuantity is 0) */
    public boolean last() {
        return last;
    }

    /** Sets true when the order is now completely filled (leavesQuantity is 0). @return this */
    public OrderFilled last(boolean last) {
        this.last = last;
        return this;
    }

    /** @return venue time of the fill, UTC epoch nanoseconds */
    @Override
    public long eventTimeNs() {
        return eventTimeNs;
    }

    /** Sets venue time of the fill, UTC epoch nanoseconds. @return this */
    public OrderFilled eventTimeNs(long eventTimeNs) {
        this.eventTimeNs = eventTimeNs;
        return this;
    }

    /** Clears every field, ready for reuse. */
    @Override
    public void reset() {
        clientOrderId = null;
        venueOrderId = null;
        tradeId = null;
        strategyId = null;
        instrument = null;
        side = null;
        fillPrice = 0;
        fillQuantity = 0;
        quoteQuantity = 0;
        cumulativeQuantity = 0;
        leavesQuantity = 0;
        fee = 0;
        feeAsset = null;
        liquiditySide = null;
        last = false;
        eventTimeNs = 0;
    }

    /**
     * Checks the invariants documented on each field; called by Chronicle Wire on write.
     *
     * @throws InvalidMarshallableException naming the first broken invariant
     */
    @Override
    public void validate() throws InvalidMarshallableException {
        if (!(clientOrderId != null)) {
            throw new InvalidMarshallableException("OrderFilled: clientOrderId != null, in " + this);
        }
        if (!(instrument != null)) {
            throw new InvalidMarshallableException("OrderFilled: instrument != null, in " + this);
        }
        if (!(side != null)) {
            throw new InvalidMarshallableException("OrderFilled: side != null, in " + this);
        }
        if (!(fillPrice > 0)) {
            throw new InvalidMarshallableException("OrderFilled: fillPrice > 0, in " + this);
        }
        if (!(fillQuantity > 0)) {
            throw new InvalidMarshallableException("OrderFilled: fillQuantity > 0, in " + this);
        }
        if (!(quoteQuantity > 0)) {
            throw new InvalidMarshallableException("OrderFilled: quoteQuantity > 0, in " + this);
        }
        if (!(fee >= 0)) {
            throw new InvalidMarshallableException("OrderFilled: fee >= 0, in " + this);
        }
        if (!(feeAsset != null)) {
            throw new InvalidMarshallableException("OrderFilled: feeAsset != null, in " + this);
        }
        if (!(liquiditySide != null)) {
            throw new InvalidMarshallableException("OrderFilled: liquiditySide != null, in " + this);
        }
        if (!(cumulativeQuantity >= fillQuantity)) {
            throw new InvalidMarshallableException("OrderFilled: cumulativeQuantity >= fillQuantity, in " + this);
        }
        if (!(leavesQuantity >= 0)) {
            throw new InvalidMarshallableException("OrderFilled: leavesQuantity >= 0, in " + this);
        }
        if (!(last == (leavesQuantity == 0))) {
            throw new InvalidMarshallableException("OrderFilled: last == (leavesQuantity == 0), in " + this);
        }
    }
}
