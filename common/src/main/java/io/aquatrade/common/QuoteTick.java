package io.aquatrade.common;

import net.openhft.chronicle.core.io.InvalidMarshallableException;
import net.openhft.chronicle.core.io.Validatable;
import net.openhft.chronicle.wire.SelfDescribingMarshallable;

/**
 * Best bid and ask (top of book) of an instrument.
 *
 * <p>Mutable and reused by its writer; a reader must copy what it keeps after the listener call returns.
 */
public final class QuoteTick extends SelfDescribingMarshallable implements Event, Validatable {
    private String instrument;
    private long bidPrice;
    private long bidSize;
    private long askPrice;
    private long askSize;
    private long eventTimeNs;
    private long receivedTimeNs;

    /** @return venue symbol of the {@link Instrument} */
    public String instrument() {
        return instrument;
    }

    /** Sets venue symbol of the {@link Instrument}. @return this */
    public QuoteTick instrument(String instrument) {
        this.instrument = instrument;
        return this;
    }

    /** @return best bid, price mantissa; 0 if the book side is empty */
    public long bidPrice() {
        return bidPrice;
    }

    /** Sets best bid, price mantissa; 0 if the book side is empty. @return this */
    public QuoteTick bidPrice(long bidPrice) {
        this.bidPrice = bidPrice;
        return this;
    }

    /** @return quantity at the best bid, size mantissa */
    public long bidSize() {
        return bidSize;
    }

    /** Sets quantity at the best bid, size mantissa. @return this */
    public QuoteTick bidSize(long bidSize) {
        this.bidSize = bidSize;
        return this;
    }

    /** @return best ask, price mantissa; 0 if the book side is empty */
    public long askPrice() {
        return askPrice;
    }

    /** Sets best ask, price mantissa; 0 if the book side is empty. @return this */
    public QuoteTick askPrice(long askPrice) {
        this.askPrice = askPrice;
        return this;
    }

    /** @return quantity at the best ask, size mantissa */
    public long askSize() {
        return askSize;
    }

    /** Sets quantity at the best ask, size mantissa. @return this */
    public QuoteTick askSize(long askSize) {
        this.askSize = askSize;
        return this;
    }

    /** @return venue time, or the receive time where the venue sends none (Binance spot bookTicker), UTC epoch ns */
    @Override
    public long eventTimeNs() {
        return eventTimeNs;
    }

    /** Sets venue time, or the receive time where the venue sends none (Binance spot bookTicker), UTC epoch ns. @return this */
    public QuoteTick eventTimeNs(long eventTimeNs) {
        this.eventTimeNs = eventTimeNs;
        return this;
    }

    /** @return when it was received, UTC epoch nanoseconds; 0 if unknown */
    public long receivedTimeNs() {
        return receivedTimeNs;
    }

    /** Sets when it was received, UTC epoch nanoseconds; 0 if unknown. @return this */
    public QuoteTick receivedTimeNs(long receivedTimeNs) {
        this.receivedTimeNs = receivedTimeNs;
        return this;
    }

    /** Clears every field, ready for reuse. */
    @Override
    public void reset() {
        instrument = null;
        bidPrice = 0;
        bidSize = 0;
        askPrice = 0;
        askSize = 0;
        eventTimeNs = 0;
        receivedTimeNs = 0;
    }

    /**
     * Checks the invariants documented on each field; called by Chronicle Wire on write.
     *
     * @throws InvalidMarshallableException naming the first broken invariant
     */
    @Override
    public void validate() throws InvalidMarshallableException {
        if (!(instrument != null)) {
            throw new InvalidMarshallableException("QuoteTick: instrument != null, in " + this);
        }
        if (!(bidPrice >= 0)) {
            throw new InvalidMarshallableException("QuoteTick: bidPrice >= 0, in " + this);
        }
        if (!(askPrice >= 0)) {
            throw new InvalidMarshallableException("QuoteTick: askPrice >= 0, in " + this);
        }
        if (!(bidSize >= 0)) {
            throw new InvalidMarshallableException("QuoteTick: bidSize >= 0, in " + this);
        }
        if (!(askSize >= 0)) {
            throw new InvalidMarshallableException("QuoteTick: askSize >= 0, in " + this);
        }
        if (!(eventTimeNs > 0)) {
            throw new InvalidMarshallableException("QuoteTick: eventTimeNs > 0, in " + this);
        }
    }
}
