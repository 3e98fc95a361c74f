package io.aquatrade.common;

import net.openhft.chronicle.core.io.InvalidMarshallableException;
import net.openhft.chronicle.core.io.Validatable;
import net.openhft.chronicle.wire.SelfDescribingMarshallable;

/**
 * The venue account's balance of one asset changed (or is announced at start-up).
 *
 * <p>Mutable and reused by its writer; a reader must copy what it keeps after the listener call returns.
 */
public final class BalanceUpdate extends SelfDescribingMarshallable implements Event, Validatable {
    private String asset;
    private long total;
    private long change;
    private String cause;
    private long eventTimeNs;

    /** @return asset code, e.g. "ETH" */
    public String asset() {
        return asset;
    }

    /** Sets asset code, e.g. "ETH". @return this */
    public BalanceUpdate asset(String asset) {
        this.asset = asset;
        return this;
    }

    /** @return new total, mantissa in the asset's decimals */
    public long total() {
        return total;
    }

    /** Sets new total, mantissa in the asset's decimals. @return this */
    public BalanceUpdate total(long total) {
        this.total = total;
        return this;
    }

    /** @return signed change that led to it, same scale */
    public long change() {
        return change;
    }

    /** Sets signed change that led to it, same scale. @return this */
    public BalanceUpdate change(long change) {
        this.change = change;
        return this;
    }

    /** @return client order id of the fill that caused it, or "initial" */
    public String cause() {
        return cause;
    }

    /** Sets client order id of the fill that caused it, or "initial". @return this */
    public BalanceUpdate cause(String cause) {
        this.cause = cause;
        return this;
    }

    /** @return UTC epoch nanoseconds */
    @Override
    public long eventTimeNs() {
        return eventTimeNs;
    }

    /** Sets UTC epoch nanoseconds. @return this */
    public BalanceUpdate eventTimeNs(long eventTimeNs) {
        this.eventTimeNs = eventTimeNs;
        return this;
    }

    /** Clears every field, ready for reuse. */
    @Override
    public void reset() {
        asset = null;
        total = 0;
        change = 0;
        cause = null;
        eventTimeNs = 0;
    }

    /**
     * Checks the invariants documented on each field; called by Chronicle Wire on write.
     *
     * @throws InvalidMarshallableException naming the first broken invariant
     */
    @Override
    public void validate() throws InvalidMarshallableException {
        if (!(asset != null)) {
            throw new InvalidMarshallableException("BalanceUpdate: asset != null, in " + this);
        }
        if (!(cause != null)) {
            throw new InvalidMarshallableException("BalanceUpdate: cause != null, in " + this);
        }
    }
}
