package io.aquatrade.common;

import net.openhft.chronicle.core.io.InvalidMarshallableException;
import net.openhft.chronicle.core.io.Validatable;
import net.openhft.chronicle.wire.SelfDescribingMarshallable;

/**
 * The venue refused a {@link CancelOrder}: it knows no such order, or the order is already filled, cancelled,
 * expired or rejected. Nothing changed.
 *
 * <p>Mutable and reused by its writer; a reader must copy what it keeps after the listener call returns.
 */
public final class CancelRejected extends SelfDescribingMarshallable implements Event, Validatable {
    private String clientOrderId;
    private String strategyId;
    private String instrument;
    private CancelRejectReason reasonCode;
    private String reason;
    private long eventTimeNs;

    /** @return client order id the cancel named */
    public String clientOrderId() {
        return clientOrderId;
    }

    /** Sets client order id the cancel named. @return this */
    public CancelRejected clientOrderId(String clientOrderId) {
        this.clientOrderId = clientOrderId;
        return this;
    }

    /** @return strategy the cancel came from */
    public String strategyId() {
        return strategyId;
    }

    /** Sets strategy the cancel came from. @return this */
    public CancelRejected strategyId(String strategyId) {
        this.strategyId = strategyId;
        return this;
    }

    /** @return venue symbol */
    public String instrument() {
        return instrument;
    }

    /** Sets venue symbol. @return this */
    public CancelRejected instrument(String instrument) {
        this.instrument = instrument;
        return this;
    }

    /** @return why, as a code: see {@link CancelRejectReason} */
    public CancelRejectReason reasonCode() {
        return reasonCode;
    }

    /** Sets why, as a code: see {@link CancelRejectReason}. @return this */
    public CancelRejected reasonCode(CancelRejectReason reasonCode) {
        this.reasonCode = reasonCode;
        return this;
    }

    /** @return why, in words */
    public String reason() {
        return reason;
    }

    /** Sets why, in words. @return this */
    public CancelRejected reason(String reason) {
        this.reason = reason;
        return this;
    }

    /** @return venue time, UTC epoch nanoseconds */
    @Override
    public long eventTimeNs() {
        return eventTimeNs;
    }

    /** Sets venue time, UTC epoch nanoseconds. @return this */
    public CancelRejected eventTimeNs(long eventTimeNs) {
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
            throw new InvalidMarshallableException("CancelRejected: clientOrderId != null, in " + this);
        }
        if (!(reasonCode != null)) {
            throw new InvalidMarshallableException("CancelRejected: reasonCode != null, in " + this);
        }
        if (!(reason != null)) {
            throw new InvalidMarshallableException("CancelRejected: reason != null, in " + this);
        }
    }
}
