package io.aquatrade.common;

import net.openhft.chronicle.core.io.InvalidMarshallableException;
import net.openhft.chronicle.core.io.Validatable;
import net.openhft.chronicle.wire.SelfDescribingMarshallable;

/**
 * An order ended unfilled, or partly filled, by its time in force: the rest of an IOC order that found no more
 * liquidity, an FOK order that could not fill whole. What it filled stays filled.
 *
 * <p>Mutable and reused by its writer; a reader must copy what it keeps after the listener call returns.
 */
public final class OrderExpired extends SelfDescribingMarshallable implements Event, Validatable {
    private String clientOrderId;
    private String venueOrderId;
    private String strategyId;
    private String instrument;
    private long cumulativeQuantity;
    private String reason;
    private long eventTimeNs;

    /** @return the order's client order id */
    public String clientOrderId() {
        return clientOrderId;
    }

    /** Sets the order's client order id. @return this */
    public OrderExpired clientOrderId(String clientOrderId) {
        this.clientOrderId = clientOrderId;
        return this;
    }

    /** @return the venue's id for the order */
    public String venueOrderId() {
        return venueOrderId;
    }

    /** Sets the venue's id for the order. @return this */
    public OrderExpired venueOrderId(String venueOrderId) {
        this.venueOrderId = venueOrderId;
        return this;
    }

    /** @return strategy the order belongs to */
    public String strategyId() {
        return strategyId;
    }

    /** Sets strategy the order belongs to. @return this */
    public OrderExpired strategyId(String strategyId) {
        this.strategyId = strategyId;
        return this;
    }

    /** @return venue symbol */
    public String instrument() {
        return instrument;
    }

    /** Sets venue symbol. @return this */
    public OrderExpired instrument(String instrument) {
        this.instrument = instrument;
        return this;
    }

    /** @return base quantity filled before it expired, size mantissa; &gt;= 0 */
    public long cumulativeQuantity() {
        return cumulativeQuantity;
    }

    /** Sets base quantity filled before it expired, size mantissa; &gt;= 0. @return this */
    public OrderExpired cumulativeQuantity(long cumulativeQuantity) {
        this.cumulativeQuantity = cumulativeQuantity;
        return this;
    }

    /** @return why, e.g. "IOC: no more liquidity at the limit" */
    public String reason() {
        return reason;
    }

    /** Sets why, e.g. "IOC: no more liquidity at the limit". @return this */
    public OrderExpired reason(String reason) {
        this.reason = reason;
        return this;
    }

    /** @return venue time, UTC epoch nanoseconds */
    @Override
    public long eventTimeNs() {
        return eventTimeNs;
    }

    /** Sets venue time, UTC epoch nanoseconds. @return this */
    public OrderExpired eventTimeNs(long eventTimeNs) {
        this.eventTimeNs = eventTimeNs;
        return this;
    }

    /** Clears every field, ready for reuse. */
    @Override
    public void reset() {
        clientOrderId = null;
        venueOrderId = null;
        strategyId = null;
        instrument = null;
        cumulativeQuantity = 0;
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
        if (!(clientOrderId != null)) {
            throw new InvalidMarshallableException("OrderExpired: clientOrderId != null, in " + this);
        }
        if (!(instrument != null)) {
            throw new InvalidMarshallableException("OrderExpired: instrument != null, in " + this);
        }
        if (!(cumulativeQuantity >= 0)) {
            throw new InvalidMarshallableException("OrderExpired: cumulativeQuantity >= 0, in " + this);
        }
        if (!(reason != null)) {
            throw new InvalidMarshallableException("OrderExpired: reason != null, in " + this);
        }
    }
}
