package io.aquatrade.common;

import net.openhft.chronicle.core.io.InvalidMarshallableException;
import net.openhft.chronicle.core.io.Validatable;
import net.openhft.chronicle.wire.SelfDescribingMarshallable;

/**
 * A command to a venue to cancel a working order, by its client order id. The venue answers with
 * {@link OrderCanceled}, or {@link CancelRejected} when it does not know the order or the order is already done.
 * Idempotent: cancelling a cancelled order is a {@link CancelRejected}, nothing more.
 *
 * <p>Mutable and reused by its writer; a reader must copy what it keeps after the listener call returns.
 */
public final class CancelOrder extends SelfDescribingMarshallable implements Event, Validatable {
    private String clientOrderId;
    private String strategyId;
    private String instrument;
    private String reason;
    private long eventTimeNs;

    /** @return client order id of the order to cancel */
    public String clientOrderId() {
        return clientOrderId;
    }

    /** Sets client order id of the order to cancel. @return this */
    public CancelOrder clientOrderId(String clientOrderId) {
        this.clientOrderId = clientOrderId;
        return this;
    }

    /** @return strategy the order belongs to */
    public String strategyId() {
        return strategyId;
    }

    /** Sets strategy the order belongs to. @return this */
    public CancelOrder strategyId(String strategyId) {
        this.strategyId = strategyId;
        return this;
    }

    /** @return venue symbol */
    public String instrument() {
        return instrument;
    }

    /** Sets venue symbol. @return this */
    public CancelOrder instrument(String instrument) {
        this.instrument = instrument;
        return this;
    }

    /** @return why, e.g. "stop replaced", "re-price" */
    public String reason() {
        return reason;
    }

    /** Sets why, e.g. "stop replaced", "re-price". @return this */
    public CancelOrder reason(String reason) {
        this.reason = reason;
        return this;
    }

    /** @return decision time, UTC epoch nanoseconds */
    @Override
    public long eventTimeNs() {
        return eventTimeNs;
    }

    /** Sets decision time, UTC epoch nanoseconds. @return this */
    public CancelOrder eventTimeNs(long eventTimeNs) {
        this.eventTimeNs = eventTimeNs;
        return this;
    }

    /** Clears every field, ready for reuse. */
    @Override
    public void reset() {
        clientOrderId = null;
        strategyId = null;
        instrument = null;
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
        if (!(clientOrderId != null && !clientOrderId.isEmpty())) {
            throw new InvalidMarshallableException("CancelOrder: clientOrderId != null && !clientOrderId.isEmpty(), in " + this);
        }
        if (!(strategyId != null)) {
            throw new InvalidMarshallableException("CancelOrder: strategyId != null, in " + this);
        }
        if (!(instrument != null)) {
            throw new InvalidMarshallableException("CancelOrder: instrument != null, in " + this);
        }
        if (!(reason != null)) {
            throw new InvalidMarshallableException("CancelOrder: reason != null, in " + this);
        }
        if (!(eventTimeNs > 0)) {
            throw new InvalidMarshallableException("CancelOrder: eventTimeNs > 0, in " + this);
        }
    }
}
