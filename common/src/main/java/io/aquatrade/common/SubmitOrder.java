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
    private long triggerPrice;
    private TimeInForce timeInForce;
    private boolean postOnly;
    private boolean reduceOnly;
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

    /** @return market, limit, stop-market or stop-limit */
    public OrderType orderType() {
        return orderType;
    }

    /** Sets market, limit, stop-market or stop-limit. @return this */
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

    /** @return limit price mantissa for {@link OrderType#LIMIT} and {@link OrderType#STOP_LIMIT}; 0 for the others */
    public long limitPrice() {
        return limitPrice;
    }

    /** Sets limit price mantissa for {@link OrderType#LIMIT} and {@link OrderType#STOP_LIMIT}; 0 for the others. @return this */
    public SubmitOrder limitPrice(long limitPrice) {
        this.limitPrice = limitPrice;
        return this;
    }

    /** @return stop trigger price mantissa for {@link OrderType#STOP_MARKET} and {@link OrderType#STOP_LIMIT}: the order becomes a market or limit order when a trade reaches it; 0 for the others */
    public long triggerPrice() {
        return triggerPrice;
    }

    /** Sets stop trigger price mantissa for {@link OrderType#STOP_MARKET} and {@link OrderType#STOP_LIMIT}: the order becomes a market or limit order when a trade reaches it; 0 for the others. @return this */
    public SubmitOrder triggerPrice(long triggerPrice) {
        this.triggerPrice = triggerPrice;
        return this;
    }

    /** @return how long the order works: {@link TimeInForce#GTC}, {@link TimeInForce#IOC} or {@link TimeInForce#FOK} */
    public TimeInForce timeInForce() {
        return timeInForce;
    }

    /** Sets how long the order works: {@link TimeInForce#GTC}, {@link TimeInForce#IOC} or {@link TimeInForce#FOK}. @return this */
    public SubmitOrder timeInForce(TimeInForce timeInForce) {
        this.timeInForce = timeInForce;
        return this;
    }

    /** @return true: a limit order that must rest (maker only); the venue rejects it rather than let it cross */
    public boolean postOnly() {
        return postOnly;
    }

    /** Sets true: a limit order that must rest (maker only); the venue rejects it rather than let it cross. @return this */
    public SubmitOrder postOnly(boolean postOnly) {
        this.postOnly = postOnly;
        return this;
    }

    /** @return true: the order may only reduce the strategy's position on the instrument, never open or grow one */
    public boolean reduceOnly() {
        return reduceOnly;
    }

    /** Sets true: the order may only reduce the strategy's position on the instrument, never open or grow one. @return this */
    public SubmitOrder reduceOnly(boolean reduceOnly) {
        this.reduceOnly = reduceOnly;
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

    /** Sets why: "signal", "stop-loss", ... @return this */
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
        triggerPrice = 0;
        timeInForce = null;
        postOnly = false;
        reduceOnly = false;
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
        if (!(timeInForce != null)) {
            throw new InvalidMarshallableException("SubmitOrder: timeInForce != null, in " + this);
        }
        if (!(quantity > 0)) {
            throw new InvalidMarshallableException("SubmitOrder: quantity > 0, in " + this);
        }
        if (!((orderType == OrderType.LIMIT || orderType == OrderType.STOP_LIMIT) == (limitPrice > 0))) {
            throw new InvalidMarshallableException("SubmitOrder: (orderType == OrderType.LIMIT || orderType == OrderType.STOP_LIMIT) == (limitPrice > 0), in " + this);
        }
        if (!((orderType == OrderType.STOP_MARKET || orderType == OrderType.STOP_LIMIT) == (triggerPrice > 0))) {
            throw new InvalidMarshallableException("SubmitOrder: (orderType == OrderType.STOP_MARKET || orderType == OrderType.STOP_LIMIT) == (triggerPrice > 0), in " + this);
        }
        if (!(!postOnly || (orderType == OrderType.LIMIT && timeInForce == TimeInForce.GTC))) {
            throw new InvalidMarshallableException("SubmitOrder: !postOnly || (orderType == OrderType.LIMIT && timeInForce == TimeInForce.GTC), in " + this);
        }
        if (!(eventTimeNs > 0)) {
            throw new InvalidMarshallableException("SubmitOrder: eventTimeNs > 0, in " + this);
        }
    }
}
