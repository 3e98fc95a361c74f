package io.aquatrade.signal;

import io.aquatrade.common.Bar;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.Side;
import io.aquatrade.common.TradeTick;
import io.aquatrade.signal.indicator.VwapAccumulator;

/**
 * Builds the OHLCV {@link Bar}s of one instrument on one timeframe from its trades, by event time.
 *
 * <p>A bar covers {@code [open, open + timeframe)} with {@code open} a multiple of the timeframe since the UTC epoch
 * (so 5m bars open at :00, :05 ...; a timeframe that does not divide a day, e.g. 7m, still aligns to the epoch, not
 * to midnight). Open is the first trade's price, close the last one's, high/low the extremes; volume is the sum of
 * quantities, split into buy and sell volume by the trade's aggressor side; the bar VWAP is
 * {@code sum(p * q) / sum(q)} over its trades. OHLCV and counts are exact {@code long} arithmetic (overflow throws
 * {@link ArithmeticException}); only the VWAP is a double.
 *
 * <p>A bar closes when event time reaches its end: a trade at exactly {@code open + timeframe} belongs to the next
 * bar. The caller drives time with {@link #advanceTo} before each {@link #add} (the {@link SignalEngine} does that
 * with a clock shared by all instruments, so an illiquid instrument's bar closes on time). <b>An interval with no
 * trade produces no bar</b>: indicators and strategies see only bars that had trades. (Binance's own klines have a
 * flat, volume-0 candle there; Aquatrade does not invent one.)
 *
 * <p>A trade older than what is already closed or open (its bar has been published, or a later bar is open) is
 * late: it is counted in {@link #lateTradeCount()} and dropped.
 *
 * <p>Single-threaded; allocation-free after construction.
 */
public final class BarAggregator {
    private final Instrument instrument;
    private final long timeframeMs;
    private final long timeframeNs;
    private final VwapAccumulator vwap = new VwapAccumulator();

    private boolean open;
    private long openTimeNs;
    private long openPrice;
    private long high;
    private long low;
    private long close;
    private long volume;
    private long buyVolume;
    private long sellVolume;
    private long tradeCount;
    /** Trades earlier than this are late: the start of the first bar that is neither closed nor skipped. */
    private long acceptFromNs = Long.MIN_VALUE;
    private long lateTradeCount;
    private long barCount;

    /**
     * @param instrument  the instrument whose trades are aggregated
     * @param timeframeMs bar length, milliseconds, 1 ms to 1 day
     * @throws IllegalArgumentException if the timeframe is out of range
     */
    public BarAggregator(Instrument instrument, long timeframeMs) {
        if (timeframeMs < 1 || timeframeMs > SignalConfig.MAX_TIMEFRAME_MS) {
            throw new IllegalArgumentException("timeframe must be 1 ms .. 1 day, was " + timeframeMs + " ms");
        }
        this.instrument = instrument;
        this.timeframeMs = timeframeMs;
        this.timeframeNs = timeframeMs * 1_000_000L;
    }

    /** @return the instrument */
    public Instrument instrument() {
        return instrument;
    }

    /** @return the timeframe, milliseconds */
    public long timeframeMs() {
        return timeframeMs;
    }

    /**
     * @param eventTimeNs a time, UTC epoch ns
     * @return the open time of the bar containing it, UTC epoch ns
     */
    public long barOpenNs(long eventTimeNs) {
        return Math.floorDiv(eventTimeNs, timeframeNs) * timeframeNs;
    }

    /** @return end (close time) of the open bar, UTC epoch ns, or {@link Long#MAX_VALUE} when no bar is open */
    public long openBarEndNs() {
        return open ? openTimeNs + timeframeNs : Long.MAX_VALUE;
    }

    /** @return true while a bar has trades and has not closed */
    public boolean hasOpenBar() {
        return open;
    }

    /**
     * Moves event time to {@code nowNs}: if the open bar ends at or before it, the bar is written into {@code out}
     * and closed. From then on trades earlier than the start of the bar containing {@code nowNs} are late.
     *
     * @param nowNs event time, UTC epoch ns; may go backwards (then nothing happens)
     * @param out   receives the closed bar (reset first); untouched when nothing closed
     * @return true if a bar closed into {@code out}
     */
    public boolean advanceTo(long nowNs, Bar out) {
        boolean closed = false;
        if (open && openTimeNs + timeframeNs <= nowNs) {
            writeTo(out);
            open = false;
            barCount++;
            closed = true;
        }
        long from = barOpenNs(nowNs);
        if (from > acceptFromNs) {
            acceptFromNs = from;
        }
        return closed;
    }

    /**
     * Adds a trade of this instrument. Call {@link #advanceTo} with the trade's time first, so that an ended bar is
     * closed before the trade opens the next one.
     *
     * @param tick the trade; read only, not kept
     * @return true if it was added, false if it was late (counted and dropped)
     * @throws IllegalStateException if the open bar has ended by the trade's time (advanceTo was not called)
     * @throws ArithmeticException   if the bar's volume overflows a long
     */
    public boolean add(TradeTick tick) {
        return add(tick.eventTimeNs(), tick.price(), tick.quantity(), tick.aggressorSide());
    }

    /**
     * Adds a trade; see {@link #add(TradeTick)}.
     *
     * @param eventTimeNs   trade time, UTC epoch ns
     * @param price         price mantissa, &gt; 0
     * @param quantity      quantity mantissa, &gt; 0
     * @param aggressorSide taker side: its quantity counts as buy or sell volume
     * @return true if added, false if late
     */
    public boolean add(long eventTimeNs, long price, long quantity, Side aggressorSide) {
        if (eventTimeNs < acceptFromNs || (open && eventTimeNs < openTimeNs)) {
            lateTradeCount++;
            return false;
        }
        if (!open) {
            open = true;
            openTimeNs = barOpenNs(eventTimeNs);
            acceptFromNs = openTimeNs;
            openPrice = price;
            high = price;
            low = price;
            volume = 0;
            buyVolume = 0;
            sellVolume = 0;
            tradeCount = 0;
            vwap.reset();
        } else if (eventTimeNs >= openTimeNs + timeframeNs) {
            throw new IllegalStateException("trade at " + eventTimeNs + " ns is past the open bar's end "
                    + (openTimeNs + timeframeNs) + " ns of " + instrument.symbol() + ": call advanceTo first");
        } else {
            if (price > high) {
                high = price;
            }
            if (price < low) {
                low = price;
            }
        }
        close = price;
        volume = Math.addExact(volume, quantity);
        if (aggressorSide == Side.BUY) {
            buyVolume += quantity;
        } else {
            sellVolume += quantity;
        }
        tradeCount++;
        vwap.add(price, quantity);
        return true;
    }

    private void writeTo(Bar out) {
        out.reset();
        out.instrument(instrument.symbol())
                .timeframeMs(timeframeMs)
                .openTimeNs(openTimeNs)
                .open(openPrice)
                .high(high)
                .low(low)
                .close(close)
                .volume(volume)
                .buyVolume(buyVolume)
                .sellVolume(sellVolume)
                .tradeCount(tradeCount)
                .vwap(vwap.vwap(instrument.priceDecimals()))
                .eventTimeNs(openTimeNs + timeframeNs);
    }

    /** @return trades dropped because they were late */
    public long lateTradeCount() {
        return lateTradeCount;
    }

    /** @return bars closed so far */
    public long barCount() {
        return barCount;
    }
}
