package io.aquatrade.common;

import net.openhft.chronicle.core.io.InvalidMarshallableException;
import net.openhft.chronicle.core.io.Validatable;
import net.openhft.chronicle.wire.SelfDescribingMarshallable;

/**
 * A signal, stop or exit the decision engine did not turn into an order, and why: every refusal is on the
 * {@code orders} topic, visible in {@code tail} and counted by reason in {@code summary}.
 *
 * <p>Mutable and reused by its writer; a reader must copy what it keeps after the listener call returns.
 */
public final class OrderDenied extends SelfDescribingMarshallable implements Event, Validatable {
    private String strategyId;
    private String instrument;
    private long signalId;
    private DenyReason reasonCode;
    private String reason;
    private long limit;
    private long value;
    private int decimals;
    private long eventTimeNs;

    /** @return strategy whose signal or exit was denied */
    public String strategyId() {
        return strategyId;
    }

    /** Sets strategy whose signal or exit was denied. @return this */
    public OrderDenied strategyId(String strategyId) {
        this.strategyId = strategyId;
        return this;
    }

    /** @return venue symbol */
    public String instrument() {
        return instrument;
    }

    /** Sets venue symbol. @return this */
    public OrderDenied instrument(String instrument) {
        this.instrument = instrument;
        return this;
    }

    /** @return the {@link Signal} denied; 0 when the refused action was not a signal (a stop or an exit) */
    public long signalId() {
        return signalId;
    }

    /** Sets the {@link Signal} denied; 0 when the refused action was not a signal (a stop or an exit). @return this */
    public OrderDenied signalId(long signalId) {
        this.signalId = signalId;
        return this;
    }

    /** @return why, as a code: see {@link DenyReason} */
    public DenyReason reasonCode() {
        return reasonCode;
    }

    /** Sets why, as a code: see {@link DenyReason}. @return this */
    public OrderDenied reasonCode(DenyReason reasonCode) {
        this.reasonCode = reasonCode;
        return this;
    }

    /** @return why, in words, with the numbers that decided it */
    public String reason() {
        return reason;
    }

    /** Sets why, in words, with the numbers that decided it. @return this */
    public OrderDenied reason(String reason) {
        this.reason = reason;
        return this;
    }

    /**
     * @return for a risk rule ({@link DenyReason#isRiskRule()}), the rule's limit as a mantissa with
     * {@link #decimals()} (e.g. the loss limit in the quote asset, a trade count); 0 otherwise
     */
    public long limit() {
        return limit;
    }

    /** Sets the rule's limit, mantissa with {@link #decimals()}. @return this */
    public OrderDenied limit(long limit) {
        this.limit = limit;
        return this;
    }

    /**
     * @return for a risk rule, the value that reached or crossed the limit, mantissa with {@link #decimals()}, in the
     * limit's unit; 0 otherwise
     */
    public long value() {
        return value;
    }

    /** Sets the value that tripped the rule, mantissa with {@link #decimals()}. @return this */
    public OrderDenied value(long value) {
        this.value = value;
        return this;
    }

    /** @return decimals of {@link #limit()} and {@link #value()}, 0..18 */
    public int decimals() {
        return decimals;
    }

    /** Sets decimals of the limit and value, 0..18. @return this */
    public OrderDenied decimals(int decimals) {
        this.decimals = decimals;
        return this;
    }

    /** @return decision time, UTC epoch nanoseconds */
    @Override
    public long eventTimeNs() {
        return eventTimeNs;
    }

    /** Sets decision time, UTC epoch nanoseconds. @return this */
    public OrderDenied eventTimeNs(long eventTimeNs) {
        this.eventTimeNs = eventTimeNs;
        return this;
    }

    /** Clears every field, ready for reuse. */
    @Override
    public void reset() {
        strategyId = null;
        instrument = null;
        signalId = 0;
        reasonCode = null;
        reason = null;
        limit = 0;
        value = 0;
        decimals = 0;
        eventTimeNs = 0;
    }

    /**
     * Checks the invariants documented on each field; called by Chronicle Wire on write.
     *
     * @throws InvalidMarshallableException naming the first broken invariant
     */
    @Override
    public void validate() throws InvalidMarshallableException {
        if (!(strategyId != null)) {
            throw new InvalidMarshallableException("OrderDenied: strategyId != null, in " + this);
        }
        if (!(instrument != null)) {
            throw new InvalidMarshallableException("OrderDenied: instrument != null, in " + this);
        }
        if (!(signalId >= 0)) {
            throw new InvalidMarshallableException("OrderDenied: signalId >= 0, in " + this);
        }
        if (!(reasonCode != null)) {
            throw new InvalidMarshallableException("OrderDenied: reasonCode != null, in " + this);
        }
        if (!(reason != null)) {
            throw new InvalidMarshallableException("OrderDenied: reason != null, in " + this);
        }
        if (!(decimals >= 0 && decimals <= FixedPoint.MAX_DECIMALS)) {
            throw new InvalidMarshallableException("OrderDenied: 0 <= decimals <= 18, in " + this);
        }
        if (!(eventTimeNs > 0)) {
            throw new InvalidMarshallableException("OrderDenied: eventTimeNs > 0, in " + this);
        }
    }
}
