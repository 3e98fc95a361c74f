package io.aquatrade.common;

import net.openhft.chronicle.core.io.InvalidMarshallableException;
import net.openhft.chronicle.core.io.Validatable;
import net.openhft.chronicle.wire.SelfDescribingMarshallable;

/**
 * A strategy's decision on a closed bar: what position it wants in an instrument. Signals are advice;
 * the decision engine turns them into orders under its risk rules.
 *
 * <p>Mutable and reused by its writer; a reader must copy what it keeps after the listener call returns.
 */
public final class Signal extends SelfDescribingMarshallable implements Event, Validatable {
    private long signalId;
    private String strategyId;
    private String instrument;
    private Direction direction;
    private long timeframeMs;
    private long barOpenTimeNs;
    private long price;
    private long atr;
    private String reason;
    private String blockedBy;
    private long eventTimeNs;

    /** @return unique per writer and increasing */
    public long signalId() {
        return signalId;
    }

    /** Sets unique per writer and increasing. @return this */
    public Signal signalId(long signalId) {
        this.signalId = signalId;
        return this;
    }

    /** @return id of the strategy instance from config, e.g. "vwap-momentum" */
    public String strategyId() {
        return strategyId;
    }

    /** Sets id of the strategy instance from config, e.g. "vwap-momentum". @return this */
    public Signal strategyId(String strategyId) {
        this.strategyId = strategyId;
        return this;
    }

    /** @return venue symbol */
    public String instrument() {
        return instrument;
    }

    /** Sets venue symbol. @return this */
    public Signal instrument(String instrument) {
        this.instrument = instrument;
        return this;
    }

    /** @return the position the strategy wants */
    public Direction direction() {
        return direction;
    }

    /** Sets the position the strategy wants. @return this */
    public Signal direction(Direction direction) {
        this.direction = direction;
        return this;
    }

    /** @return timeframe of the bar it was decided on, milliseconds */
    public long timeframeMs() {
        return timeframeMs;
    }

    /** Sets timeframe of the bar it was decided on, milliseconds. @return this */
    public Signal timeframeMs(long timeframeMs) {
        this.timeframeMs = timeframeMs;
        return this;
    }

    /** @return open time of the bar it was decided on, UTC epoch ns */
    public long barOpenTimeNs() {
        return barOpenTimeNs;
    }

    /** Sets open time of the bar it was decided on, UTC epoch ns. @return this */
    public Signal barOpenTimeNs(long barOpenTimeNs) {
        this.barOpenTimeNs = barOpenTimeNs;
        return this;
    }

    /** @return close of that bar, price mantissa */
    public long price() {
        return price;
    }

    /** Sets close of that bar, price mantissa. @return this */
    public Signal price(long price) {
        this.price = price;
        return this;
    }

    /**
     * @return ATR(14) of the signal's instrument and timeframe at the signal's bar (Wilder's smoothing, as the
     * {@code bars} topic's {@code atr14}, seeded as ta4j), price mantissa rounded half up; 0 while not yet known (the
     * first 13 bars). What volatility-scaled sizing and ATR stops measure in.
     */
    public long atr() {
        return atr;
    }

    /** Sets ATR(14) at the signal's bar, price mantissa, 0 while unknown. @return this */
    public Signal atr(long atr) {
        this.atr = atr;
        return this;
    }

    /** @return human-readable why, e.g. "close and VWAP rose 3 bars" */
    public String reason() {
        return reason;
    }

    /** Sets human-readable why, e.g. "close and VWAP rose 3 bars". @return this */
    public Signal reason(String reason) {
        this.reason = reason;
        return this;
    }

    /**
     * @return the type of the strategy's entry filter that blocked this entry (e.g. {@code "ema-trend"}), or null for
     * a signal no filter blocked. A blocked LONG or SHORT is no entry: it is published only so that the decision
     * engine can say why nothing was traded ({@code OrderDenied} {@code FILTER}); a blocked reversal is published as
     * FLAT (its exit part, which filters never block) with the filter named here. Absent (null) in signals written
     * before the field existed.
     */
    public String blockedBy() {
        return blockedBy;
    }

    /**
     * Sets the type of the entry filter that blocked this entry, or null if none did (see {@link #blockedBy()}).
     *
     * @return this
     */
    public Signal blockedBy(String blockedBy) {
        this.blockedBy = blockedBy;
        return this;
    }

    /** @return true if an entry filter blocked this signal's entry ({@link #blockedBy()} is set) */
    public boolean blocked() {
        return blockedBy != null;
    }

    /** @return decision time: the bar's close time, UTC epoch nanoseconds */
    @Override
    public long eventTimeNs() {
        return eventTimeNs;
    }

    /** Sets decision time: the bar's close time, UTC epoch nanoseconds. @return this */
    public Signal eventTimeNs(long eventTimeNs) {
        this.eventTimeNs = eventTimeNs;
        return this;
    }

    /** Clears every field, ready for reuse. */
    @Override
    public void reset() {
        signalId = 0;
        strategyId = null;
        instrument = null;
        direction = null;
        timeframeMs = 0;
        barOpenTimeNs = 0;
        price = 0;
        atr = 0;
        reason = null;
        blockedBy = null;
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
            throw new InvalidMarshallableException("Signal: strategyId != null, in " + this);
        }
        if (!(instrument != null)) {
            throw new InvalidMarshallableException("Signal: instrument != null, in " + this);
        }
        if (!(direction != null)) {
            throw new InvalidMarshallableException("Signal: direction != null, in " + this);
        }
        if (!(atr >= 0)) {
            throw new InvalidMarshallableException("Signal: atr >= 0, in " + this);
        }
        if (!(eventTimeNs > 0)) {
            throw new InvalidMarshallableException("Signal: eventTimeNs > 0, in " + this);
        }
        if (blockedBy != null && blockedBy.isEmpty()) {
            throw new InvalidMarshallableException("Signal: blockedBy null or not empty, in " + this);
        }
    }
}
