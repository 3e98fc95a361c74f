package io.aquatrade.common;

import net.openhft.chronicle.core.io.InvalidMarshallableException;
import net.openhft.chronicle.core.io.Validatable;
import net.openhft.chronicle.wire.SelfDescribingMarshallable;

/**
 * The venue's rate limit stopped requests, on the {@code executions} topic: a back-off after an HTTP 429
 * ({@link #ban()} false) or a ban after an HTTP 418 (true), each for the {@code Retry-After} the venue gave
 * ({@link RestBudget}). Written by the order router once per 429 or 418 its venue met, so that an operator hears of
 * it (the notifier alerts on it) even when no order was held back long enough to be rejected
 * ({@link RejectReason#RATE_LIMIT}). Informational: no process changes its state on it.
 *
 * <p>Mutable and reused by its writer; a reader must copy what it keeps after the listener call returns.
 */
public final class RateLimitStatus extends SelfDescribingMarshallable implements Event, Validatable {
    /** Longest {@link #reason()}: 1000 characters. */
    public static final int MAX_REASON_LENGTH = 1000;

    private boolean ban;
    private long untilNs;
    private String reason;
    private long eventTimeNs;

    /** @return true: a ban (HTTP 418, no request at all); false: a back-off (HTTP 429) */
    public boolean ban() {
        return ban;
    }

    /** Sets whether it is a ban (HTTP 418) rather than a back-off (429). @return this */
    public RateLimitStatus ban(boolean ban) {
        this.ban = ban;
        return this;
    }

    /** @return until when no request may go, UTC epoch ns (the router's clock); &gt;= eventTimeNs */
    public long untilNs() {
        return untilNs;
    }

    /** Sets until when no request may go, UTC epoch ns. @return this */
    public RateLimitStatus untilNs(long untilNs) {
        this.untilNs = untilNs;
        return this;
    }

    /** @return what happened, for an operator; never null, at most {@value #MAX_REASON_LENGTH} characters */
    public String reason() {
        return reason;
    }

    /** Sets what happened, for an operator. @return this */
    public RateLimitStatus reason(String reason) {
        this.reason = reason;
        return this;
    }

    /** @return when the venue answered 429 or 418, UTC epoch nanoseconds (the router's clock) */
    @Override
    public long eventTimeNs() {
        return eventTimeNs;
    }

    /** Sets when the venue answered, UTC epoch nanoseconds. @return this */
    public RateLimitStatus eventTimeNs(long eventTimeNs) {
        this.eventTimeNs = eventTimeNs;
        return this;
    }

    /** Clears every field, ready for reuse. */
    @Override
    public void reset() {
        ban = false;
        untilNs = 0;
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
        if (!(reason != null && reason.length() <= MAX_REASON_LENGTH)) {
            throw new InvalidMarshallableException("RateLimitStatus: reason != null, at most " + MAX_REASON_LENGTH
                    + " characters, in " + this);
        }
        if (!(eventTimeNs > 0 && untilNs >= eventTimeNs)) {
            throw new InvalidMarshallableException("RateLimitStatus: eventTimeNs > 0 and untilNs >= eventTimeNs, in "
                    + this);
        }
    }
}
