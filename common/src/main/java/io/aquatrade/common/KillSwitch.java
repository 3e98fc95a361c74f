package io.aquatrade.common;

import net.openhft.chronicle.core.io.InvalidMarshallableException;
import net.openhft.chronicle.core.io.Validatable;
import net.openhft.chronicle.wire.SelfDescribingMarshallable;

/**
 * The kill switch turned on or off ({@code bin/aquatrade kill-switch on [--flatten] [--reason TEXT]} or
 * {@code kill-switch off}), on the {@code control} topic. The last message on the topic is the switch's state; with
 * {@link #flatten()} the decision engine also closes every position at market. The state survives restarts because
 * the topic does.
 *
 * <p>Mutable and reused by its writer; a reader must copy what it keeps after the listener call returns.
 */
public final class KillSwitch extends SelfDescribingMarshallable implements Event, Validatable {
    /** Longest {@link #reason()}: 500 characters. */
    public static final int MAX_REASON_LENGTH = 500;

    private boolean on;
    private boolean flatten;
    private String reason;
    private String source;
    private long eventTimeNs;

    /** @return true: no new entries (and with {@link #flatten()}, close everything); false: trading may resume */
    public boolean on() {
        return on;
    }

    /** Sets whether the switch is on. @return this */
    public KillSwitch on(boolean on) {
        this.on = on;
        return this;
    }

    /** @return true (only when {@link #on()}) if every open position is to be closed at market */
    public boolean flatten() {
        return flatten;
    }

    /** Sets whether every position is to be closed. @return this */
    public KillSwitch flatten(boolean flatten) {
        this.flatten = flatten;
        return this;
    }

    /** @return why, in the operator's words; may be empty, never null, at most {@value #MAX_REASON_LENGTH} chars */
    public String reason() {
        return reason;
    }

    /** Sets why, in the operator's words. @return this */
    public KillSwitch reason(String reason) {
        this.reason = reason;
        return this;
    }

    /** @return who changed it, e.g. {@code kill-switch@alice} (the command and the OS user) */
    public String source() {
        return source;
    }

    /** Sets who changed it. @return this */
    public KillSwitch source(String source) {
        this.source = source;
        return this;
    }

    /** @return when the switch was changed, UTC epoch nanoseconds (the writer's clock) */
    @Override
    public long eventTimeNs() {
        return eventTimeNs;
    }

    /** Sets when the switch was changed, UTC epoch nanoseconds. @return this */
    public KillSwitch eventTimeNs(long eventTimeNs) {
        this.eventTimeNs = eventTimeNs;
        return this;
    }

    /** Clears every field, ready for reuse. */
    @Override
    public void reset() {
        on = false;
        flatten = false;
        reason = null;
        source = null;
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
            throw new InvalidMarshallableException("KillSwitch: reason != null, at most " + MAX_REASON_LENGTH
                    + " characters, in " + this);
        }
        if (!(source != null && !source.isEmpty())) {
            throw new InvalidMarshallableException("KillSwitch: source not empty, in " + this);
        }
        if (!(on || !flatten)) {
            throw new InvalidMarshallableException("KillSwitch: flatten only when on, in " + this);
        }
        if (!(eventTimeNs > 0)) {
            throw new InvalidMarshallableException("KillSwitch: eventTimeNs > 0, in " + this);
        }
    }
}
