package io.aquatrade.common;

import net.openhft.chronicle.core.io.InvalidMarshallableException;
import net.openhft.chronicle.core.io.Validatable;
import net.openhft.chronicle.wire.SelfDescribingMarshallable;

/**
 * An OHLCV bar (candle) of one instrument over {@code [openTimeNs, openTimeNs + timeframeMs)}, closed on a UTC
 * boundary by event time. Prices are mantissas with the instrument's {@code priceDecimals}, volumes with its
 * {@code sizeDecimals}; buy and sell volume split the volume by the aggressor side of each trade.
 *
 * <p>Mutable and reused by its writer; a reader must copy what it keeps after the listener call returns.
 */
public final class Bar extends SelfDescribingMarshallable implements Event, Validatable {
    private String instrument;
    private long timeframeMs;
    private long openTimeNs;
    private long open;
    private long high;
    private long low;
    private long close;
    private long volume;
    private long buyVolume;
    private long sellVolume;
    private long tradeCount;
    private double vwap;
    private boolean vwapEstimated;
    private boolean gap;
    private double ema9 = Double.NaN;
    private double ema20 = Double.NaN;
    private double ema200 = Double.NaN;
    private double sma9 = Double.NaN;
    private double atr14 = Double.NaN;
    private long eventTimeNs;

    /** @return venue symbol of the {@link Instrument} */
    public String instrument() {
        return instrument;
    }

    /** Sets venue symbol of the {@link Instrument}. @return this */
    public Bar instrument(String instrument) {
        this.instrument = instrument;
        return this;
    }

    /** @return bar length in milliseconds, e.g. 300000 for 5m */
    public long timeframeMs() {
        return timeframeMs;
    }

    /** Sets bar length in milliseconds, e.g. 300000 for 5m. @return this */
    public Bar timeframeMs(long timeframeMs) {
        this.timeframeMs = timeframeMs;
        return this;
    }

    /** @return start of the bar, UTC epoch nanoseconds, a multiple of the timeframe */
    public long openTimeNs() {
        return openTimeNs;
    }

    /** Sets start of the bar, UTC epoch nanoseconds, a multiple of the timeframe. @return this */
    public Bar openTimeNs(long openTimeNs) {
        this.openTimeNs = openTimeNs;
        return this;
    }

    /** @return first trade price */
    public long open() {
        return open;
    }

    /** Sets first trade price. @return this */
    public Bar open(long open) {
        this.open = open;
        return this;
    }

    /** @return highest trade price */
    public long high() {
        return high;
    }

    /** Sets highest trade price. @return this */
    public Bar high(long high) {
        this.high = high;
        return this;
    }

    /** @return lowest trade price */
    public long low() {
        return low;
    }

    /** Sets lowest trade price. @return this */
    public Bar low(long low) {
        this.low = low;
        return this;
    }

    /** @return last trade price */
    public long close() {
        return close;
    }

    /** Sets last trade price. @return this */
    public Bar close(long close) {
        this.close = close;
        return this;
    }

    /** @return sum of trade quantities, size mantissa */
    public long volume() {
        return volume;
    }

    /** Sets sum of trade quantities, size mantissa. @return this */
    public Bar volume(long volume) {
        this.volume = volume;
        return this;
    }

    /** @return volume of trades whose aggressor bought */
    public long buyVolume() {
        return buyVolume;
    }

    /** Sets volume of trades whose aggressor bought. @return this */
    public Bar buyVolume(long buyVolume) {
        this.buyVolume = buyVolume;
        return this;
    }

    /** @return volume of trades whose aggressor sold */
    public long sellVolume() {
        return sellVolume;
    }

    /** Sets volume of trades whose aggressor sold. @return this */
    public Bar sellVolume(long sellVolume) {
        this.sellVolume = sellVolume;
        return this;
    }

    /** @return number of trades in the bar; &gt;= 0 (0 only in a flat bar of an interval without trades) */
    public long tradeCount() {
        return tradeCount;
    }

    /** Sets number of trades in the bar; &gt;= 0 (0 only in a flat bar of an interval without trades). @return this */
    public Bar tradeCount(long tradeCount) {
        this.tradeCount = tradeCount;
        return this;
    }

    /** @return volume-weighted average price of the bar in quote units (not a mantissa): sum(p*q)/sum(q) */
    public double vwap() {
        return vwap;
    }

    /** Sets volume-weighted average price of the bar in quote units (not a mantissa): sum(p*q)/sum(q). @return this */
    public Bar vwap(double vwap) {
        this.vwap = vwap;
        return this;
    }

    /**
     * @return true when {@link #vwap()} is not a true volume-weighted price: a bar built from candles without a quote
     * volume column carries the typical price (high + low + close) / 3 instead
     */
    public boolean vwapEstimated() {
        return vwapEstimated;
    }

    /** Sets whether {@link #vwap()} is an estimate (typical price) rather than sum(p*q)/sum(q). @return this */
    public Bar vwapEstimated(boolean vwapEstimated) {
        this.vwapEstimated = vwapEstimated;
        return this;
    }

    /**
     * @return true when the bar follows a time the feed itself was down (live: disconnected; candles: missing rows),
     * so the bars before it may be missing rather than quiet
     */
    public boolean gap() {
        return gap;
    }

    /** Sets whether the bar follows a feed outage. @return this */
    public Bar gap(boolean gap) {
        this.gap = gap;
        return this;
    }

    /**
     * @return EMA(9) of closes including this bar, quote units (not a mantissa); NaN while warming up or when the
     * writer does not compute it. Source: see the signal generator's {@code Ema}.
     */
    public double ema9() {
        return ema9;
    }

    /** Sets EMA(9) of closes, quote units; NaN while warming up. @return this */
    public Bar ema9(double ema9) {
        this.ema9 = ema9;
        return this;
    }

    /** @return EMA(20) of closes including this bar, quote units; NaN while warming up or not computed */
    public double ema20() {
        return ema20;
    }

    /** Sets EMA(20) of closes, quote units; NaN while warming up. @return this */
    public Bar ema20(double ema20) {
        this.ema20 = ema20;
        return this;
    }

    /** @return EMA(200) of closes including this bar, quote units; NaN while warming up or not computed */
    public double ema200() {
        return ema200;
    }

    /** Sets EMA(200) of closes, quote units; NaN while warming up. @return this */
    public Bar ema200(double ema200) {
        this.ema200 = ema200;
        return this;
    }

    /** @return SMA(9) of closes including this bar, quote units; NaN while warming up or not computed */
    public double sma9() {
        return sma9;
    }

    /** Sets SMA(9) of closes, quote units; NaN while warming up. @return this */
    public Bar sma9(double sma9) {
        this.sma9 = sma9;
        return this;
    }

    /** @return ATR(14, Wilder) including this bar, quote units; NaN while warming up or not computed */
    public double atr14() {
        return atr14;
    }

    /** Sets ATR(14, Wilder), quote units; NaN while warming up. @return this */
    public Bar atr14(double atr14) {
        this.atr14 = atr14;
        return this;
    }

    /** @return when the bar closed: openTimeNs + timeframe, UTC epoch nanoseconds */
    @Override
    public long eventTimeNs() {
        return eventTimeNs;
    }

    /** Sets when the bar closed: openTimeNs + timeframe, UTC epoch nanoseconds. @return this */
    public Bar eventTimeNs(long eventTimeNs) {
        this.eventTimeNs = eventTimeNs;
        return this;
    }

    /** Clears every field, ready for reuse. */
    @Override
    public void reset() {
        instrument = null;
        timeframeMs = 0;
        openTimeNs = 0;
        open = 0;
        high = 0;
        low = 0;
        close = 0;
        volume = 0;
        buyVolume = 0;
        sellVolume = 0;
        tradeCount = 0;
        vwap = 0;
        vwapEstimated = false;
        gap = false;
        ema9 = Double.NaN;
        ema20 = Double.NaN;
        ema200 = Double.NaN;
        sma9 = Double.NaN;
        atr14 = Double.NaN;
        eventTimeNs = 0;
    }

    /**
     * Checks the invariants documented on each field; called by Chronicle Wire on write.
     *
     * @throws InvalidMarshallableException naming the first broken invariant
     */
    @Override
    public void validate() throws InvalidMarshallableException {
        if (!(instrument != null)) {
            throw new InvalidMarshallableException("Bar: instrument != null, in " + this);
        }
        if (!(timeframeMs > 0)) {
            throw new InvalidMarshallableException("Bar: timeframeMs > 0, in " + this);
        }
        if (!(low <= open && open <= high)) {
            throw new InvalidMarshallableException("Bar: low <= open && open <= high, in " + this);
        }
        if (!(low <= close && close <= high)) {
            throw new InvalidMarshallableException("Bar: low <= close && close <= high, in " + this);
        }
        if (!(low > 0)) {
            throw new InvalidMarshallableException("Bar: low > 0, in " + this);
        }
        if (!(volume == buyVolume + sellVolume)) {
            throw new InvalidMarshallableException("Bar: volume == buyVolume + sellVolume, in " + this);
        }
        if (!(tradeCount >= 0)) {
            throw new InvalidMarshallableException("Bar: tradeCount >= 0, in " + this);
        }
        if (!(tradeCount > 0 || (volume == 0 && open == close && low == high && open == low))) {
            throw new InvalidMarshallableException("Bar: a bar without trades is flat with volume 0, in " + this);
        }
    }
}
