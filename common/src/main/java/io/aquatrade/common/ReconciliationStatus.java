package io.aquatrade.common;

import net.openhft.chronicle.core.io.InvalidMarshallableException;
import net.openhft.chronicle.core.io.Validatable;
import net.openhft.chronicle.wire.SelfDescribingMarshallable;

/**
 * The order router's reconciliation of one instrument with its venue, on the {@code executions} topic: written when
 * the instrument's state changes (a difference beyond tolerance found: {@link #reduceOnly()} true; found resolved by
 * a later reconciliation: false). While the last one of an instrument says reduce-only, the decision engine denies
 * every entry on it ({@link DenyReason#RECONCILIATION}) and lets exits go. Being on the topic, the state survives a
 * restart of either process: both read {@code executions} from its start.
 *
 * <p>Mutable and reused by its writer; a reader must copy what it keeps after the listener call returns.
 */
public final class ReconciliationStatus extends SelfDescribingMarshallable implements Event, Validatable {
    /** Longest {@link #reason()}: 1000 characters. */
    public static final int MAX_REASON_LENGTH = 1000;

    private String instrument;
    private boolean reduceOnly;
    private String reason;
    private long eventTimeNs;

    /** @return the instrument's symbol, e.g. {@code BTCUSDT} */
    public String instrument() {
        return instrument;
    }

    /** Sets the instrument's symbol. @return this */
    public ReconciliationStatus instrument(String instrument) {
        this.instrument = instrument;
        return this;
    }

    /** @return true: a difference beyond tolerance, no entries until resolved; false: resolved, entries may go */
    public boolean reduceOnly() {
        return reduceOnly;
    }

    /** Sets whether the instrument is reduce-only. @return this */
    public ReconciliationStatus reduceOnly(boolean reduceOnly) {
        this.reduceOnly = reduceOnly;
        return this;
    }

    /**
     * @return what was found, in words with the numbers (e.g. "BTC: venue 1.50000000, executions 1.00000000,
     * tolerance 0.00001000"); never null, at most {@value #MAX_REASON_LENGTH} characters
     */
    public String reason() {
        return reason;
    }

    /** Sets what was found. @return this */
    public ReconciliationStatus reason(String reason) {
        this.reason = reason;
        return this;
    }

    /** @return when the reconciliation found it, UTC epoch ns (the router's clock) */
    @Override
    public long eventTimeNs() {
        return eventTimeNs;
    }

    /** Sets when it was found, UTC epoch ns. @return this */
    public ReconciliationStatus eventTimeNs(long eventTimeNs) {
        this.eventTimeNs = eventTimeNs;
        return this;
    }

    /** Clears every field, ready for reuse. */
    @Override
    public void reset() {
        instrument = null;
        reduceOnly = false;
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
        if (!(instrument != null && !instrument.isEmpty())) {
            throw new InvalidMarshallableException("ReconciliationStatus: instrument not empty, in " + this);
        }
        if (!(reason != null && reason.length() <= MAX_REASON_LENGTH)) {
            throw new InvalidMarshallableException("ReconciliationStatus: reason != null, at most "
                    + MAX_REASON_LENGTH + " characters, in " + this);
        }
        if (!(eventTimeNs > 0)) {
            throw new InvalidMarshallableException("ReconciliationStatus: eventTimeNs > 0, in " + this);
        }
    }
}
