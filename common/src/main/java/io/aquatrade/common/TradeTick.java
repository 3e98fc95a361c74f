package io.aquatrade.common;

import net.openhft.chronicle.core.io.InvalidMarshallableException;
import net.openhft.chronicle.core.io.Validatable;
import net.openhft.chronicle.wire.SelfDescribingMarshallable;

/**
 * A trade printed on a venue (one aggregate trade on Binance): the {@code market-data} topic's main message.
 *
 * <p>Mutable and reused by its writer; a reader must copy what it keeps after the listener call returns.
 */
public final class TradeTick extends SelfDescribingMarshallable implements Event, Validatable {
    private String instrument;
    private long price;
    private long quantity;
    private Side aggressorSide;
    private long tradeId;
    private long eventTimeNs;
    private long receivedTimeNs;
    private boolean afterGap;

    /** @return venue symbol of the {@link Instrument}, e.g. "XRPETH" */
    public String instrument() {
        return instrument;
    }

    /** Sets venue symbol of the {@link Instrument}, e.g. "XRPETH". @return this */
    public TradeTick instrument(String instrument) {
        this.instrument = instrument;
        return this;
    }

    /** @return trade price, a mantissa with the instrument's {@code priceDecimals}; &gt; 0 */
    public long price() {
        return price;
    }

    /** Sets trade price, a mantissa with the instrument's {@code priceDecimals}; &gt; 0. @return this */
    public TradeTick price(long price) {
        this.price = price;
        return this;
    }

    /** @return traded quantity of the base asset, a mantissa with the instrument's {@code sizeDecimals}; &gt; 0 */
    public long quantity() {
        return quantity;
    }

    /** Sets traded quantity of the base asset, a mantissa with the instrument's {@code sizeDecimals}; &gt; 0. @return this */
    public TradeTick quantity(long quantity) {
        this.quantity = quantity;
        return this;
    }

    /** @return side of the taker: {@link Side#SELL} when the buyer was the maker */
    public Side aggressorSide() {
        return aggressorSide;
    }

    /** Sets side of the taker: {@link Side#SELL} when the buyer was the maker. @return this */
    public TradeTick aggressorSide(Side aggressorSide) {
        this.aggressorSide = aggressorSide;
        return this;
    }

    /** @return venue trade id (Binance aggregate or trade id), unique per instrument and increasing */
    public long tradeId() {
        return tradeId;
    }

    /** Sets venue trade id (Binance aggregate or trade id), unique per instrument and increasing. @return this */
    public TradeTick tradeId(long tradeId) {
        this.tradeId = tradeId;
        return this;
    }

    /** @return venue trade time, UTC epoch nanoseconds */
    @Override
    public long eventTimeNs() {
        return eventTimeNs;
    }

    /** Sets venue trade time, UTC epoch nanoseconds. @return this */
    public TradeTick eventTimeNs(long eventTimeNs) {
        this.eventTimeNs = eventTimeNs;
        return this;
    }

    /** @return when Aquatrade (or the recorder) received it, UTC epoch nanoseconds; 0 if unknown */
    public long receivedTimeNs() {
        return receivedTimeNs;
    }

    /** Sets when Aquatrade (or the recorder) received it, UTC epoch nanoseconds; 0 if unknown. @return this */
    public TradeTick receivedTimeNs(long receivedTimeNs) {
        this.receivedTimeNs = receivedTimeNs;
        return this;
    }

    /**
     * @return true on the first trade of its instrument after the live feed was down (the venue connection was lost
     * and reopened): trades may be missing before it. False from replays and while the feed was up.
     */
    public boolean afterGap() {
        return afterGap;
    }

    /** Sets whether this is the first trade of its instrument after the live feed was down. @return this */
    public TradeTick afterGap(boolean afterGap) {
        this.afterGap = afterGap;
        return this;
    }

    /** Clears every field, ready for reuse. */
    @Override
    public void reset() {
        instrument = null;
        price = 0;
        quantity = 0;
        aggressorSide = null;
        tradeId = 0;
        eventTimeNs = 0;
        receivedTimeNs = 0;
        afterGap = false;
    }

    /**
     * Checks the invariants documented on each field; called by Chronicle Wire on write.
     *
     * @throws InvalidMarshallableException naming the first broken invariant
     */
    @Override
    public void validate() throws InvalidMarshallableException {
        if (!(instrument != null)) {
            throw new InvalidMarshallableException("TradeTick: instrument != null, in " + this);
        }
        if (!(price > 0)) {
            throw new InvalidMarshallableException("TradeTick: price > 0, in " + this);
        }
        if (!(quantity > 0)) {
            throw new InvalidMarshallableException("TradeTick: quantity > 0, in " + this);
        }
        if (!(aggressorSide != null)) {
            throw new InvalidMarshallableException("TradeTick: aggressorSide != null, in " + this);
        }
        if (!(eventTimeNs > 0)) {
            throw new InvalidMarshallableException("TradeTick: eventTimeNs > 0, in " + this);
        }
    }
}
