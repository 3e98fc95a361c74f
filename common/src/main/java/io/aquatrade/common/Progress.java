package io.aquatrade.common;

import net.openhft.chronicle.core.io.InvalidMarshallableException;
import net.openhft.chronicle.core.io.Validatable;
import net.openhft.chronicle.wire.SelfDescribingMarshallable;

/**
 * A watermark: its writer promises that no later message on this topic has an {@code eventTimeNs}
 * below this one's. Readers that merge several topics in event time use it to know when an input is quiet;
 * {@code endOfStream} says the writer has finished (a replay drained), and {@code incomplete} on it that the writer's
 * input was not read to its end (a replayed file stopped parsing).
 *
 * <p>Mutable and reused by its writer; a reader must copy what it keeps after the listener call returns.
 */
public final class Progress extends SelfDescribingMarshallable implements Event, Validatable {
    private String source;
    private long eventTimeNs;
    private boolean endOfStream;
    private boolean incomplete;
    private long marketDataNs;

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

    /**
     * @return true only on an end of stream whose writer did not read all its input: market-data's replay, when a
     * file stopped parsing before its end (the rest of that file is missing from the topic); false on every other
     * Progress and on other writers' ends
     */
    public boolean incomplete() {
        return incomplete;
    }

    /** Sets whether this end of stream is incomplete (see {@link #incomplete()}). @return this */
    public Progress incomplete(boolean incomplete) {
        this.incomplete = incomplete;
        return this;
    }

    /**
     * @return a second, narrower promise, 0 when not given: no later message of this writer <i>caused by market
     * data</i> has an event time below this, UTC epoch ns. The order router gives it (how far it has read
     * {@code market-data}), so that the decision engine can bound the router's next execution while an order rests at
     * the venue: a resting order's fill is caused by a trade the router has not read yet, every other execution
     * answers an order the engine sent (see {@code DecisionCycle}). Live, it is also the clock the decision engine
     * times unanswered orders out on ({@code orderTimeoutMs}), so the router holds it at the earliest request its
     * venue may still answer (see {@code RouterCycle})
     */
    public long marketDataNs() {
        return marketDataNs;
    }

    /** Sets the market-data promise (see {@link #marketDataNs()}); 0 for none. @return this */
    public Progress marketDataNs(long marketDataNs) {
        this.marketDataNs = marketDataNs;
        return this;
    }

    /** Clears every field, ready for reuse. */
    @Override
    public void reset() {
        source = null;
        eventTimeNs = 0;
        endOfStream = false;
        incomplete = false;
        marketDataNs = 0;
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
        if (incomplete && !endOfStream) {
            throw new InvalidMarshallableException("Progress: incomplete only on an end of stream, in " + this);
        }
    }
}
