package io.aquatrade.common;

import net.openhft.chronicle.core.io.InvalidMarshallableException;
import net.openhft.chronicle.core.io.Validatable;
import net.openhft.chronicle.wire.SelfDescribingMarshallable;

/**
 * The venue accepted an order.
 *
 * <p>Mutable and reused by its writer; a reader must copy what it keeps after the listener call returns.
 */
public final class OrderAccepted extends SelfDescribingMarshallable implements Event, Validatable {
    private String clientOrderId;
    private String venueOrderId;
    private String strategyId;
    private String instrument;
    private long eventTimeNs;

    /** @return the order's client order id */
    public String clientOrderId() {
        return clientOrderId;
    }

    /** Sets the order's client order id. @return this */
    public OrderAccepted clientOrderId(String clientOrderId) {
        this.clientOrderId = clientOrderId;
        return this;
    }

    /** @return the venue's id for the order */
    public String venueOrderId() {
        return venueOrderId;
    }

    /** Sets the venue's id for the order. @return this */
    public OrderAccepted venueOrderId(String venueOrderId) {
        this.venueOrderId = venueOrderId;
        return this;
    }

    /** @return strategy the order belongs to */
    public String strategyId() {
        return strategyId;
    }

    /** Sets strategy the order belongs to. @return this */
    public OrderAccepted strategyId(String strategyId) {
        this.strategyId = strategyId;
        return this;
    }

    /** @return venue symbol */
    public String instrument() {
        return instrument;
    }

    /** Sets venue symbol. @return this */
    public OrderAccepted instrument(String instrument) {
        this.instrument = instrument;
        return this;
    }

    /** @return venue time of acceptance, UTC epoch nanoseconds */
    @Override
    public long eventTimeNs() {
        return eventTimeNs;
    }

    /** Sets venue time of acceptance, UTC epoch nanoseconds. @return this */
    public OrderAccepted eventTimeNs(long eventTimeNs) {
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
            throw new InvalidMarshallableException("OrderAccepted: clientOrderId != null, in " + this);
        }
        if (!(instrument != null)) {
            throw new InvalidMarshallableException("OrderAccepted: instrument != null, in " + this);
        }
    }
}
