package io.aquatrade.common;

import net.openhft.chronicle.core.io.InvalidMarshallableException;
import net.openhft.chronicle.core.io.Validatable;
import net.openhft.chronicle.wire.SelfDescribingMarshallable;

/**
 * The venue (or the router's own checks) rejected an order; nothing was filled.
 *
 * <p>Mutable and reused by its writer; a reader must copy what it keeps after the listener call returns.
 */
public final class OrderRejected extends SelfDescribingMarshallable implements Event, Validatable {
    private String clientOrderId;
    private String strategyId;
    private String instrument;
    private RejectReason reasonCode;
    private String reason;
    private long eventTimeNs;

    /** @return the order's client order id */
    public String clientOrderId() {
        return clientOrderId;
    }

    /** Sets the order's client order id. @return this */
    public OrderRejected clientOrderId(String clientOrderId) {
        this.clientOrderId = clientOrderId;
        return this;
    }

    /** @return strategy the order belongs to */
    public String strategyId() {
        return strategyId;
    }

    /** Sets strategy the order belongs to. @return this */
    public OrderRejected strategyId(String strategyId) {
        this.strategyId = strategyId;
        return this;
    }

    /** @return venue symbol */
    public String instrument() {
        return instrument;
    }

    /** Sets venue symbol. @return this */
    public OrderRejected instrument(String instrument) {
        this.instrument = instrument;
        return this;
    }

    /** @return why, as a code: see {@link RejectReason} */
    public RejectReason reasonCode() {
        return reasonCode;
    }

    /** Sets why, as a code: see {@link RejectReason}. @return this */
    public OrderRejected reasonCode(RejectReason reasonCode) {
        this.reasonCode = reasonCode;
        return this;
    }

    /** @return why, in words, with the numbers, e.g. "insufficient balance: ETH 0.5 &lt; 0.7" */
    public String reason() {
        return reason;
    }

    /** Sets why, in words, with the numbers, e.g. "insufficient balance: ETH 0.5 &lt; 0.7". @return this */
    public OrderRejected reason(String reason) {
        this.reason = reason;
        return this;
    }

    /** @return UTC epoch nanoseconds */
    @Override
    public long eventTimeNs() {
        return eventTimeNs;
    }

    /** Sets UTC epoch nanoseconds. @return this */
    public OrderRejected eventTimeNs(long eventTimeNs) {
        this.eventTimeNs = eventTimeNs;
        return this;
    }

    /** Clears every field, ready for reuse. */
    @Override
    public void reset() {
        clientOrderId = null;
        strategyId = null;
        instrument = null;
        reasonCode = null;
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
            throw new InvalidMarshallableException("OrderRejected: clientOrderId != null, in " + this);
        }
        if (!(reason != null)) {
            throw new InvalidMarshallableException("OrderRejected: reason != null, in " + this);
        }
        if (!(reasonCode != null)) {
            throw new InvalidMarshallableException("OrderRejected: reasonCode != null, in " + this);
        }
    }
}
