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
 * {@code sum(p * q) / sum(q)} over its trades. OHLCV and counts are exact {@code long} arithmetic and every sum is
 * checked before it is formed: an input that would overflow one is <b>rejected</b> (counted in
 * {@link #rejectedCount()}, the bar unchanged), never thrown. The VWAP's notional is a 128-bit sum
 * ({@link VwapAccumulator}); only the VWAP itself is a double.
 *
 * <p>A bar closes when event time reaches its end: a trade at exactly {@code open + timeframe} belongs to the next
 * bar. The caller drives time with {@link #advanceTo} before each {@link #add} (the {@link SignalEngine} does that
 * with a clock shared by all instruments, so an illiquid instrument's bar closes on time).
 *
 * <p><b>Empty intervals</b> ({@link EmptyBars}). With {@link EmptyBars#FLAT} (the default), once a bar built from
 * trades closes, the next interval opens at once as a <b>flat bar</b>: open = high = low = close = the previous close,
 * volume 0, 0 trades, VWAP = that close (there is no trade to weight; the close is what the price stayed at). A trade
 * in that interval turns it into an ordinary bar (its first trade sets open, high and low); if none comes, it closes
 * flat when the clock passes its end, and the next one opens. So from the first trade on there is a bar for every
 * interval the clock passes, which is what Binance's klines show for minutes without trades; a single jump of the
 * clock by more than {@link #MAX_FLAT_JUMP_NS} past the closed bar is taken as an outage instead (no flat bars across
 * it, {@code gap} on the next bar). With
 * {@link EmptyBars#SKIP} an interval with no trade produces no bar. Bars merged from input bars (candle files) are
 * never flat-filled: a missing input row (an exchange outage) is no bar, not an invented one.
 *
 * <p><b>Gaps.</b> {@link Bar#gap()} is set on a bar that follows a time when the feed itself was down: a merged bar
 * whose input rows are not contiguous with the previous input (missing candle rows), one merging an input flagged
 * {@code gap}, or one open when the caller reported a feed outage with {@link #markGap()} (the live feed
 * reconnected).
 *
 * <p>A trade older than what is already closed or open (its bar has been published, or a later bar is open) is
 * late: it is counted in {@link #lateTradeCount()} and dropped.
 *
 * <p><b>Merging bars</b> ({@link #merge}): an input bar of a timeframe dividing this one is folded in like a batch of
 * trades at its open time: open of the first input, close of the last, max of highs, min of lows, sums of volume,
 * buy and sell volume and trade count, and the VWAP weighted by volume, {@code sum(vwap_k * volume_k) / sum(volume_k)}
 * (Berkowitz, Logue and Noser 1988; exact for VWAPs of disjoint trade sets, up to double rounding). An input with
 * volume 0 (a flat candle: no trades) is like a quiet interval: it moves no price of a bar that has trades, and a bar
 * whose inputs so far are all flat is flat at their close until an input with trades opens it (its open, high and
 * low then replace the flat ones), which is how the exchange's own longer candles are formed; if every input is flat
 * the bar is flat and its VWAP is the close. The result is {@code vwapEstimated} if any input with volume is. A bar
 * made of a single input bar is that bar, VWAP and flags included, bit for bit (pass-through). Lateness is judged by
 * the input bar's open time, as for a trade at that time.
 *
 * <p>Single-threaded; allocation-free after construction.
 */
public final class BarAggregator {
    /**
     * Longest jump of the clock that flat bars fill: 7 days, UTC epoch ns. A clock that moves further in one step past
     * the last bar (a feed outage, or a bad time upstream such as a trade stamped in 2100) is taken as an outage:
     * no flat bars are made across it (which could be millions), and the next bar carries {@link Bar#gap()}.
     */
    public static final long MAX_FLAT_JUMP_NS = 7 * 86_400_000_000_000L;

    private final Instrument instrument;
    private final long timeframeMs;
    private final long timeframeNs;
    private final VwapAccumulator vwap = new VwapAccumulator();
    private final boolean fillFlat;

    /** True while a bar is open: one with inputs, or a flat one waiting for its first trade. */
    private boolean open;
    /** True once the open bar has a trade or an input bar; false for a flat bar. */
    private boolean hasInput;
    /** True while the latest input was a trade (flat filling follows trades only, never input bars). */
    private boolean byTrades;
    private boolean gap;
    private boolean gapPending;
    private boolean vwapEstimated;
    /** End of the last merged input bar, UTC epoch ns; {@link Long#MIN_VALUE} before the first. */
    private long lastInputEndNs = Long.MIN_VALUE;
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
    private long rejectedCount;
    private long barCount;
    private long flatBarCount;

    /**
     * An aggregator that fills empty intervals with flat bars ({@link EmptyBars#FLAT}, the default).
     *
     * @param instrument  the instrument whose trades are aggregated
     * @param timeframeMs bar length, milliseconds, 1 ms to 1 day
     * @throws IllegalArgumentException if the timeframe is out of range
     */
    public BarAggregator(Instrument instrument, long timeframeMs) {
        this(instrument, timeframeMs, EmptyBars.FLAT);
    }

    /**
     * @param instrument  the instrument whose trades are aggregated
     * @param timeframeMs bar length, milliseconds, 1 ms to 1 day
     * @param emptyBars   what an interval without trades becomes
     * @throws IllegalArgumentException if the timeframe is out of range
     */
    public BarAggregator(Instrument instrument, long timeframeMs, EmptyBars emptyBars) {
        this.fillFlat = emptyBars == EmptyBars.FLAT;
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

    /** @return true while a bar is open: it has trades, or it is a flat bar waiting for one */
    public boolean hasOpenBar() {
        return open;
    }

    /**
     * Moves event time to {@code nowNs}: if the open bar ends at or before it, the bar is written into {@code out}
     * and closed (at most one bar per call). With {@link EmptyBars#FLAT} and a bar built from trades, the next
     * interval then opens as a flat bar; call again while {@link #openBarEndNs()} is at or before {@code nowNs} to
     * close those too. From then on trades earlier than the start of the bar containing {@code nowNs} are late.
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
            if (!hasInput) {
                flatBarCount++;
            }
            closed = true;
            if (fillFlat && byTrades) {
                long endNs = openTimeNs + timeframeNs;
                if (nowNs - endNs <= MAX_FLAT_JUMP_NS) {
                    openFlat(endNs);
                } else {
                    gapPending = true; // too long to fill: an outage, not a quiet market
                }
            }
        }
        long from = barOpenNs(nowNs);
        if (from > acceptFromNs) {
            acceptFromNs = from;
        }
        return closed;
    }

    private void openFlat(long openNs) {
        open = true;
        hasInput = false;
        openTimeNs = openNs;
        openPrice = close;
        high = close;
        low = close;
        volume = 0;
        buyVolume = 0;
        sellVolume = 0;
        tradeCount = 0;
        vwap.reset();
        mergedBars = 0;
        mergedVolume = 0;
        mergedNotional = 0;
        vwapEstimated = false;
        gap = gapPending;
        gapPending = false;
    }

    /**
     * Reports that the feed was down (the live source reconnected): the open bar, or if none is open the next one,
     * gets {@link Bar#gap()} set.
     */
    public void markGap() {
        if (open) {
            gap = true;
        } else {
            gapPending = true;
        }
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
     * @return true if it was added, false if it was late or rejected (counted and dropped)
     * @throws IllegalStateException if the open bar has ended by the trade's time (advanceTo was not called)
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
     * @return true if added, false if late or rejected ({@link #accepts} said no)
     */
    public boolean add(long eventTimeNs, long price, long quantity, Side aggressorSide) {
        if (isLate(eventTimeNs)) {
            lateTradeCount++;
            return false;
        }
        if (!accepts(price, quantity, aggressorSide)) {
            rejectedCount++;
            return false;
        }
        openOrExtend(eventTimeNs, price, price, price);
        byTrades = true;
        close = price;
        volume += quantity;
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
     * Tells whether a trade can be added to the open bar without overflowing any of its sums (volume, buy or sell
     * volume, trade count; a new bar starts from 0). Does not judge lateness.
     *
     * @param price         price mantissa; must be &gt; 0
     * @param quantity      quantity mantissa; must be &gt; 0
     * @param aggressorSide taker side
     * @return true if {@link #add} would add it (when not late)
     */
    public boolean accepts(long price, long quantity, Side aggressorSide) {
        if (price <= 0 || quantity <= 0) {
            return false;
        }
        if (!hasInput) {
            return true;
        }
        long side = aggressorSide == Side.BUY ? buyVolume : sellVolume;
        return fitsSum(volume, quantity) && fitsSum(side, quantity) && tradeCount < Long.MAX_VALUE;
    }

    /** @return true if {@code a + b} of two values &gt;= 0 fits a long */
    private static boolean fitsSum(long a, long b) {
        return a <= Long.MAX_VALUE - b;
    }

    /**
     * Merges a closed bar of a lower or equal timeframe that divides this one. Call {@link #advanceTo} first with a
     * time inside the input bar (the engine uses its last instant), so that an ended bar is closed before the input
     * opens the next one.
     *
     * @param in the input bar: timeframe dividing this one, open time a multiple of its timeframe, volume &gt;= 0
     *           (0: a flat bar); read only, not kept
     * @return true if merged, false if late (counted in {@link #lateTradeCount()} and dropped) or rejected because
     * a sum would overflow (counted in {@link #rejectedCount()})
     * @throws IllegalArgumentException if its timeframe does not divide this one or its open time is not aligned
     * @throws IllegalStateException    if the open bar has ended by the input's open time (advanceTo was not called)
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
        if (!acceptsBar(in)) {
            rejectedCount++;
            return false;
        }
        boolean noteGap = in.gap() || (lastInputEndNs != Long.MIN_VALUE && eventTimeNs > lastInputEndNs);
        if (in.volume() == 0) {
            // a flat input (no trades): like a quiet interval, it moves no price of a bar that has trades; a bar
            // without any stays flat at its close until the first input with trades opens it
            ensureOpenFor(eventTimeNs);
            if (!hasInput) {
                openPrice = in.close();
                high = in.close();
                low = in.close();
                close = in.close();
            }
        } else {
            openOrExtend(eventTimeNs, in.open(), in.high(), in.low());
            vwapEstimated |= in.vwapEstimated();
            close = in.close();
        }
        byTrades = false;
        lastInputEndNs = eventTimeNs + inTimeframeMs * 1_000_000L;
        gap |= noteGap;
        volume += in.volume();
        buyVolume += in.buyVolume();
        sellVolume += in.sellVolume();
        tradeCount += in.tradeCount();
        mergedBars++;
        mergedVolume += in.volume();
        mergedNotional += in.vwap() * in.volume();
        mergedVwap = in.vwap();
        return true;
    }

    /**
     * Tells whether an input bar can be merged into the open bar without overflowing a sum. Does not judge lateness
     * or alignment.
     *
     * @param in the input bar; read only
     * @return true if its volume, buy and sell volume and trade count are &gt;= 0 and every sum fits a long
     */
    public boolean acceptsBar(Bar in) {
        if (in.volume() < 0 || in.buyVolume() < 0 || in.sellVolume() < 0 || in.tradeCount() < 0 || in.low() <= 0) {
            return false;
        }
        if (!hasInput) {
            return true;
        }
        return fitsSum(volume, in.volume()) && fitsSum(buyVolume, in.buyVolume())
                && fitsSum(sellVolume, in.sellVolume()) && fitsSum(tradeCount, in.tradeCount());
    }

    /**
     * Records that an input bar was seen but not merged (a volume-0 row dropped under {@link EmptyBars#SKIP}), so
     * that the next input does not count as following missing rows.
     *
     * @param in the skipped input bar; read only
     */
    public void skipInput(Bar in) {
        long endNs = in.openTimeNs() + in.timeframeMs() * 1_000_000L;
        if (endNs > lastInputEndNs) {
            lastInputEndNs = endNs;
        }
    }

    /**
     * Opens the bar holding {@code eventTimeNs} if none is open.
     *
     * @throws IllegalStateException if the open bar ends at or before {@code eventTimeNs} (the caller must advance
     *                               the clock first)
     */
    private void ensureOpenFor(long eventTimeNs) {
        if (!open) {
            openFlat(barOpenNs(eventTimeNs));
            acceptFromNs = openTimeNs;
        } else if (eventTimeNs >= openTimeNs + timeframeNs) {
            throw new IllegalStateException("input at " + eventTimeNs + " ns is past the open bar's end "
                    + (openTimeNs + timeframeNs) + " ns of " + instrument.symbol() + ": call advanceTo first");
        }
    }

    private void openOrExtend(long eventTimeNs, long firstPrice, long highPrice, long lowPrice) {
        ensureOpenFor(eventTimeNs);
        if (!hasInput) {
            hasInput = true;
            openPrice = firstPrice;
            high = highPrice;
            low = lowPrice;
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
        if (mergedBars == 1 && vwap.isEmpty()) {
            return mergedVwap; // pass-through (a flat input's VWAP is its close, as below)
        }
        if (volume == 0) {
            return instrument.priceToDouble(close); // a flat bar, or inputs that were all flat
        }
        if (mergedBars == 0) {
            return vwap.vwap(instrument.priceDecimals());
        }
        double tradeNotional = vwap.isEmpty() ? 0.0 : vwap.vwap(instrument.priceDecimals()) * vwap.quantity();
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
                .vwapEstimated(vwapEstimated)
                .gap(gap)
                .eventTimeNs(openTimeNs + timeframeNs);
    }

    /** @return trades and input bars dropped because they were late */
    public long lateTradeCount() {
        return lateTradeCount;
    }

    /** @return trades and input bars rejected because a sum of the bar would overflow, or a value was not &gt; 0 */
    public long rejectedCount() {
        return rejectedCount;
    }

    /** @return bars closed so far, flat ones included */
    public long barCount() {
        return barCount;
    }

    /** @return flat bars (no trade, no input) closed so far */
    public long flatBarCount() {
        return flatBarCount;
    }

    /** @return what an interval without trades becomes */
    public EmptyBars emptyBars() {
        return fillFlat ? EmptyBars.FLAT : EmptyBars.SKIP;
    }
}
