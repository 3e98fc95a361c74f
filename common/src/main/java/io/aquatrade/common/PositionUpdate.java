package io.aquatrade.common;

import net.openhft.chronicle.core.io.InvalidMarshallableException;
import net.openhft.chronicle.core.io.Validatable;
import net.openhft.chronicle.wire.SelfDescribingMarshallable;

/**
 * A strategy's position in an instrument after a fill, as the venue router books it.
 *
 * <p>Mutable and reused by its writer; a reader must copy what it keeps after the listener call returns.
 */
public final class PositionUpdate extends SelfDescribingMarshallable implements Event, Validatable {
    private String strategyId;
    private String instrument;
    private long quantity;
    private long costBasis;
    private long realizedPnl;
    private String cause;
    private long eventTimeNs;

    /** @return strategy */
    public String strategyId() {
        return strategyId;
    }

    /** Sets strategy. @return this */
    public PositionUpdate strategyId(String strategyId) {
        this.strategyId = strategyId;
        return this;
    }

    /** @return venue symbol */
    public String instrument() {
        return instrument;
    }

    /** Sets venue symbol. @return this */
    public PositionUpdate instrument(String instrument) {
        this.instrument = instrument;
        return this;
    }

    /** @return signed base quantity, size mantissa: &gt; 0 long, &lt; 0 short */
    public long quantity() {
        return quantity;
    }

    /** Sets signed base quantity, size mantissa: &gt; 0 long, &lt; 0 short. @return this */
    public PositionUpdate quantity(long quantity) {
        this.quantity = quantity;
        return this;
    }

    /** @return signed quote amount paid for the open quantity, fees included, quote asset mantissa */
    public long costBasis() {
        return costBasis;
    }

    /** Sets signed quote amount paid for the open quantity, fees included, quote asset mantissa. @return this */
    public PositionUpdate costBasis(long costBasis) {
        this.costBasis = costBasis;
        return this;
    }

    /** @return cumulative realised P&amp;L net of fees, quote asset mantissa */
    public long realizedPnl() {
        return realizedPnl;
    }

    /** Sets cumulative realised P&amp;L net of fees, quote asset mantissa. @return this */
    public PositionUpdate realizedPnl(long realizedPnl) {
        this.realizedPnl = realizedPnl;
        return this;
    }

    /** @return client order id of the fill */
    public String cause() {
        return cause;
    }

    /** Sets client order id of the fill. @return this */
    public PositionUpdate cause(String cause) {
        this.cause = cause;
        return this;
    }

    /** @return UTC epoch nanoseconds */
    @Override
    public long eventTimeNs() {
        return eventTimeNs;
    }

    /** Sets UTC epoch nanoseconds. @return this */
    public PositionUpdate eventTimeNs(long eventTimeNs) {
        this.eventTimeNs = eventTimeNs;
        return this;
    }

    /** Clears every field, ready for reuse. */
    @Override
    public void reset() {
        strategyId = null;
        instrument = null;
        quantity = 0;
        costBasis = 0;
        realizedPnl = 0;
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
        if (!(strategyId != null)) {
            throw new InvalidMarshallableException("PositionUpdate: strategyId != null, in " + this);
        }
        if (!(instrument != null)) {
            throw new InvalidMarshallableException("PositionUpdate: instrument != null, in " + this);
        }
    }
}
