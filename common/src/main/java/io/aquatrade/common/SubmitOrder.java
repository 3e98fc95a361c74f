package io.aquatrade.common;

import net.openhft.chronicle.core.io.InvalidMarshallableException;
import net.openhft.chronicle.core.io.Validatable;
import net.openhft.chronicle.wire.SelfDescribingMarshallable;

/**
 * A command to a venue to submit an order. The client order id makes it idempotent: a venue never
 * fills the same client order id twice, so a replayed command is harmless.
 *
 * <p>Mutable and reused by its writer; a reader must copy what it keeps after the listener call returns.
 */
public final class SubmitOrder extends SelfDescribingMarshallable implements Event, Validatable {
    private String clientOrderId;
    private String strategyId;
    private String instrument;
    private Side side;
    private OrderType orderType;
    private long quantity;
    private long limitPrice;
    private long signalId;
    private String reason;
    private long eventTimeNs;

    /** @return unique id chosen by the decision engine, at most 36 characters of [A-Za-z0-9-_] */
    public String clientOrderId() {
        return clientOrderId;
    }

    /** Sets unique id chosen by the decision engine, at most 36 characters of [A-Za-z0-9-_]. @return this */
    public SubmitOrder clientOrderId(String clientOrderId) {
        this.clientOrderId = clientOrderId;
        return this;
    }

    /** @return strategy the order belongs to */
    public String strategyId() {
        return strategyId;
    }

    /** Sets strategy the order belongs to. @return this */
    public SubmitOrder strategyId(String strategyId) {
        this.strategyId = strategyId;
        return this;
    }

    /** @return venue symbol */
    public String instrument() {
        return instrument;
    }

    /** Sets venue symbol. @return this */
    public SubmitOrder instrument(String instrument) {
        this.instrument = instrument;
        return this;
    }

    /** @return buy or sell */
    public Side side() {
        return side;
    }

    /** Sets buy or sell. @return this */
    public SubmitOrder side(Side side) {
        this.side = side;
        return this;
    }

    /** @return market or limit */
    public OrderType orderType() {
        return orderType;
    }

    /** Sets market or limit. @return this */
    public SubmitOrder orderType(OrderType orderType) {
        this.orderType = orderType;
        return this;
    }

    /** @return base quantity, size mantissa; &gt; 0 */
    public long quantity() {
        return quantity;
    }

    /** Sets base quantity, size mantissa; &gt; 0. @return this */
    public SubmitOrder quantity(long quantity) {
        this.quantity = quantity;
        return this;
    }

    /** @return limit price mantissa for {@link OrderType#LIMIT}; 0 for market orders */
    public long limitPrice() {
        return limitPrice;
    }

    /** Sets limit price mantissa for {@link OrderType#LIMIT}; 0 for market orders. @return this */
    public SubmitOrder limitPrice(long limitPrice) {
        this.limitPrice = limitPrice;
        return this;
    }

    /** @return the {@link Signal} that caused it, 0 if none (for example a stop-loss exit) */
    public long signalId() {
        return signalId;
    }

    /** Sets the {@link Signal} that caused it, 0 if none (for example a stop-loss exit). @return this */
    public SubmitOrder signalId(long signalId) {
        this.signalId = signalId;
        return this;
    }

    /** @return why: "signal", "stop-loss", ... */
    public String reason() {
        return reason;
    }

    /** Sets why: "signal", "stop-loss", .... @return this */
    public SubmitOrder reason(String reason) {
        this.reason = reason;
        return this;
    }

    /** @return decision time, UTC epoch nanoseconds */
    @Override
    public long eventTimeNs() {
        return eventTimeNs;
    }

    /** Sets decision time, UTC epoch nanoseconds. @return this */
    public SubmitOrder eventTimeNs(long eventTimeNs) {
        this.eventTimeNs = eventTimeNs;
        return this;
    }

    /** Clears every field, ready for reuse. */
    @Override
    public void reset() {
        clientOrderId = null;
        strategyId = null;
        instrument = null;
        side = null;
        orderType = null;
        quantity = 0;
        limitPrice = 0;
        signalId = 0;
        reason = null;
        eventTimeNs = 0;
    }

    /**
     * Checks the invariants documented on each field; called by Chronicle Wire on write.
     *
     * @throws InvalidMarshallableException naming the first broken invariant
     */
    @Override
    public void validate() throws InvalidMarshallableException {
        if (!(clientOrderId != null && !clientOrderId.isEmpty() && clientOrderId.length() <= 36)) {
            throw new InvalidMarshallableException("SubmitOrder: clientOrderId != null && !clientOrderId.isEmpty() && clientOrderId.length() <= 36, in " + this);
        }
        if (!(strategyId != null)) {
            throw new InvalidMarshallableException("SubmitOrder: strategyId != null, in " + this);
        }
        if (!(instrument != null)) {
            throw new InvalidMarshallableException("SubmitOrder: instrument != null, in " + this);
        }
        if (!(side != null)) {
            throw new InvalidMarshallableException("SubmitOrder: side != null, in " + this);
        }
        if (!(orderType != null)) {
            throw new InvalidMarshallableException("SubmitOrder: orderType != null, in " + this);
        }
        if (!(quantity > 0)) {
            throw new InvalidMarshallableException("SubmitOrder: quantity > 0, in " + this);
        }
        if (!((orderType == OrderType.LIMIT) == (limitPrice > 0))) {
            throw new InvalidMarshallableException("SubmitOrder: (orderType == OrderType.LIMIT) == (limitPrice > 0), in " + this);
        }
        if (!(eventTimeNs > 0)) {
            throw new InvalidMarshallableException("SubmitOrder: eventTimeNs > 0, in " + this);
        }
    }
}
