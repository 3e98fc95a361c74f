package io.aquatrade.signal;

import io.aquatrade.common.Bar;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.Side;
import io.aquatrade.common.TradeTick;
import io.aquatrade.signal.indicator.VwapAccumulator;

/**
 * Builds the OHLCV {@link Bar}s of one instrument on one timeframe from its trades, or from closed bars of a lower
 * timeframe that divides it (1m or 5m candles merged into 15m, 1h ...), by event time.
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
 * <p><b>Merging bars</b> ({@link #merge}): an input bar of a timeframe dividing this one is folded in like a batch of
 * trades at its open time: open of the first input, close of the last, max of highs, min of lows, sums of volume,
 * buy and sell volume and trade count, and the VWAP weighted by volume, {@code sum(vwap_k * volume_k) / sum(volume_k)}
 * (Berkowitz, Logue and Noser 1988; exact for VWAPs of disjoint trade sets, up to double rounding). A bar made of a
 * single input bar is that bar, VWAP included, bit for bit (pass-through). Lateness is judged by the input bar's open
 * time, as for a trade at that time.
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
    /** Input bars merged into the open bar, their volume and sum(vwap * volume) (quote units x size mantissa). */
    private int mergedBars;
    private long mergedVolume;
    private double mergedNotional;
    private double mergedVwap;
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
     * @param eventTimeNs the time of a trade, or the open time of an input bar, UTC epoch ns
     * @return true if an input at that time would be late: in an interval already closed or skipped by the clock, or
     * before the open bar
     */
    public boolean isLate(long eventTimeNs) {
        return eventTimeNs < acceptFromNs || (open && eventTimeNs < openTimeNs);
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
        if (isLate(eventTimeNs)) {
            lateTradeCount++;
            return false;
        }
        openOrExtend(eventTimeNs, price, price, price);
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

    /**
     * Merges a closed bar of a lower or equal timeframe that divides this one. Call {@link #advanceTo} first with a
     * time inside the input bar (the engine uses its last instant), so that an ended bar is closed before the input
     * opens the next one.
     *
     * @param in the input bar: timeframe dividing this one, open time a multiple of its timeframe, volume &gt; 0;
     *           read only, not kept
     * @return true if merged, false if late (counted in {@link #lateTradeCount()} and dropped)
     * @throws IllegalArgumentException if its timeframe does not divide this one or its open time is not aligned
     * @throws IllegalStateException    if the open bar has ended by the input's open time (advanceTo was not called)
     * @throws ArithmeticException      if the bar's volume overflows a long
     */
    public boolean merge(Bar in) {
        long inTimeframeMs = in.timeframeMs();
        if (inTimeframeMs < 1 || timeframeMs % inTimeframeMs != 0
                || Math.floorMod(in.openTimeNs(), inTimeframeMs * 1_000_000L) != 0) {
            throw new IllegalArgumentException("cannot merge a " + inTimeframeMs + " ms bar opening at "
                    + in.openTimeNs() + " ns into " + timeframeMs + " ms bars");
        }
        long eventTimeNs = in.openTimeNs();
        if (isLate(eventTimeNs)) {
            lateTradeCount++;
            return false;
        }
        openOrExtend(eventTimeNs, in.open(), in.high(), in.low());
        close = in.close();
        volume = Math.addExact(volume, in.volume());
        buyVolume += in.buyVolume();
        sellVolume += in.sellVolume();
        tradeCount += in.tradeCount();
        mergedBars++;
        mergedVolume += in.volume();
        mergedNotional += in.vwap() * in.volume();
        mergedVwap = in.vwap();
        return true;
    }

    private void openOrExtend(long eventTimeNs, long firstPrice, long highPrice, long lowPrice) {
        if (!open) {
            open = true;
            openTimeNs = barOpenNs(eventTimeNs);
            acceptFromNs = openTimeNs;
            openPrice = firstPrice;
            high = highPrice;
            low = lowPrice;
            volume = 0;
            buyVolume = 0;
            sellVolume = 0;
            tradeCount = 0;
            vwap.reset();
            mergedBars = 0;
            mergedVolume = 0;
            mergedNotional = 0;
        } else if (eventTimeNs >= openTimeNs + timeframeNs) {
            throw new IllegalStateException("input at " + eventTimeNs + " ns is past the open bar's end "
                    + (openTimeNs + timeframeNs) + " ns of " + instrument.symbol() + ": call advanceTo first");
        } else {
            if (highPrice > high) {
                high = highPrice;
            }
            if (lowPrice < low) {
                low = lowPrice;
            }
        }
    }

    private double barVwap() {
        if (mergedBars == 0) {
            return vwap.vwap(instrument.priceDecimals());
        }
        if (mergedBars == 1 && vwap.quantity() == 0) {
            return mergedVwap;
        }
        double tradeNotional = vwap.quantity() == 0 ? 0.0 : vwap.vwap(instrument.priceDecimals()) * vwap.quantity();
        return (tradeNotional + mergedNotional) / (vwap.quantity() + mergedVolume);
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
                .vwap(barVwap())
                .eventTimeNs(openTimeNs + timeframeNs);
    }

    /** @return trades and input bars dropped because they were late */
    public long lateTradeCount() {
        return lateTradeCount;
    }

    /** @return bars closed so far */
    public long barCount() {
        return barCount;
    }
}
