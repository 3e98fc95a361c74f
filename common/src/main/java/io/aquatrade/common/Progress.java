package io.aquatrade.common;

import net.openhft.chronicle.core.io.InvalidMarshallableException;
import net.openhft.chronicle.core.io.Validatable;
import net.openhft.chronicle.wire.SelfDescribingMarshallable;

/**
 * A watermark: its writer promises that no later message on this topic has an {@code eventTimeNs}
 * below this one's. Readers that merge several topics in event time use it to know when an input is quiet;
 * {@code endOfStream} says the writer has finished (a replay drained).
 *
 * <p>Mutable and reused by its writer; a reader must copy what it keeps after the listener call returns.
 */
public final class Progress extends SelfDescribingMarshallable implements Event, Validatable {
    private String source;
    private long eventTimeNs;
    private boolean endOfStream;

    /** @return writing process, e.g. "market-data" */
    public String source() {
        return source;
    }

    /** Sets writing process, e.g. "market-data". @return this */
    public Progress source(String source) {
        this.source = source;
        return this;
    }

    /** @return the watermark, UTC epoch nanoseconds */
    @Override
    public long eventTimeNs() {
        return eventTimeNs;
    }

    /** Sets the watermark, UTC epoch nanoseconds. @return this */
    public Progress eventTimeNs(long eventTimeNs) {
        this.eventTimeNs = eventTimeNs;
        return this;
    }

    /** @return true once the writer will write nothing more (end of a replay) */
    public boolean endOfStream() {
        return endOfStream;
    }

    /** Sets true once the writer will write nothing more (end of a replay). @return this */
    public Progress endOfStream(boolean endOfStream) {
        this.endOfStream = endOfStream;
        return this;
    }

    /** Clears every field, ready for reuse. */
    @Override
    public void reset() {
        source = null;
        eventTimeNs = 0;
        endOfStream = false;
    }

    /**
     * Checks the invariants documented on each field; called by Chronicle Wire on write.
     *
     * @throws InvalidMarshallableException naming the first broken invariant
     */
    @Override
    public void validate() throws InvalidMarshallableException {
        if (!(source != null)) {
            throw new InvalidMarshallableException("Progress: source != null, in " + this);
        }
    }
}
