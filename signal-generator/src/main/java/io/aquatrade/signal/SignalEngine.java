package io.aquatrade.signal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.aquatrade.common.Bar;
import io.aquatrade.common.BarListener;
import io.aquatrade.common.ConfigException;
import io.aquatrade.common.Direction;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.MarketDataListener;
import io.aquatrade.common.QuoteTick;
import io.aquatrade.common.Signal;
import io.aquatrade.common.SignalListener;
import io.aquatrade.common.TradeTick;
import io.aquatrade.signal.indicator.IndicatorSet;
import io.aquatrade.signal.strategy.EntryFilter;
import io.aquatrade.signal.strategy.EntryFilterFactory;
import io.aquatrade.signal.strategy.SignalSink;
import io.aquatrade.signal.strategy.Strategy;
import io.aquatrade.signal.strategy.TimeframeIndicators;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signal generator's business logic: trades (or bars of a lower timeframe) in, closed bars and strategy signals
 * out. It knows nothing about queues; the live agent, replays, the backtest and the tests all feed this same class.
 *
 * <p><b>Series.</b> For every configured instrument it builds bars on several timeframes at once, all from the same
 * input through the same {@link BarAggregator} code: the section's default timeframe, and, for the instruments of each
 * strategy, the strategy's timeframe and the timeframes its filters read ({@link SignalConfig#timeframesOf}). Each
 * (instrument, timeframe) series has its aggregator, an {@link IndicatorSet}, and the strategies deciding on it, in
 * config order, each behind its entry filters. Every {@link Bar} written carries its timeframe.
 *
 * <p><b>Event time</b> is one clock for all instruments and timeframes: on each {@link TradeTick} the engine first
 * closes every bar whose end is at or before the tick's time, then adds the tick to each series of its instrument.
 * {@link #advanceTo(long)} closes bars without a tick (its agent calls it with the input low watermark, so bars close
 * in quiet markets too). Bars close in order of close time; at one close time, instrument by instrument in config
 * order, the engine first closes all of that instrument's series ending then (ascending timeframe: update indicators,
 * write the bar, show it to the {@link BarObserver}), then runs the strategies of each of those series. So a strategy
 * on 5m at 10:15 sees the 15m bar that closed at 10:15; outputs are stamped with the bar's close time and each output
 * topic is in event-time order.
 *
 * <p><b>Bar input</b> ({@link #bar(Bar)}, for backtests over candle files): a closed bar of a lower or equal timeframe
 * is merged into every series whose timeframe is a multiple of its own ({@link BarAggregator#merge}); a bar of a
 * configured timeframe passes through unchanged. The clock moves to the input bar's last instant
 * ({@code open + timeframe - 1 ns}) first, as a trade at that time would; so a merged bar closes when a later input or
 * {@link #advanceTo} reaches its end, exactly as with trades. Input bars with volume 0 (Binance's flat candles of
 * minutes without trades) are merged like any other with {@code emptyBars: flat} (the default) and skipped with
 * {@code skip}; no bar is invented where the input has none, and a bar following missing input rows carries
 * {@link Bar#gap()}. Bars of an unknown instrument, misaligned bars and bars that divide no configured timeframe are
 * counted and ignored.
 *
 * <p><b>Empty intervals</b> ({@link SignalConfig#emptyBars()}, see {@link EmptyBars}). From trades, with {@code flat}
 * every series has a bar for every interval from its instrument's first trade up to the clock: an interval without
 * trades closes as a flat bar (open = high = low = close = the previous close, volume 0, 0 trades, VWAP = that close),
 * and indicators and strategies see it like any other bar. Flat bars depend only on the previous close and the
 * clock, so a restarted process that replays its input rebuilds the very same bars. With {@code skip} an interval
 * without trades has no bar. A trade flagged {@link TradeTick#afterGap()} (the first of its instrument after the
 * live feed reconnected) sets {@link Bar#gap()} on the bar it falls in, on every series of its instrument.
 *
 * <p><b>Bad input.</b> A trade or input bar that would overflow a sum of a bar (volume, buy or sell volume, trade
 * count), or whose price or quantity is not &gt; 0, is rejected before it reaches any series: counted in
 * {@link #rejectedCount()}, the first one logged with its instrument, id and time; nothing is thrown.
 *
 * <p><b>Filters.</b> Every LONG or SHORT signal a strategy emits passes its entry filters ({@link EntryFilter}) in
 * order; FLAT is never gated. A blocked entry is still written, with {@link Signal#blockedBy()} naming the first
 * filter that blocked it, so that the decision engine can say why it traded nothing: as it is (LONG or SHORT, the
 * strategy's own reason), or, if it reverses the strategy's previous signal on that instrument (SHORT after LONG,
 * LONG after SHORT), as FLAT, the exit part of the reversal. A blocked entry that is no reversal does not count as
 * the strategy's previous signal.
 *
 * <p>At the end of a stream the last bars stay open and are never written: nobody can tell a finished bar from a
 * paused market. Quotes are ignored for now. Trades of instruments not in the config are counted and ignored; late
 * trades (older than a bar already closed on any of the instrument's timeframes) are counted and dropped.
 *
 * <p>Single-threaded; no allocation per tick or per bar (messages are reused; strategy reasons are constants).
 */
public final class SignalEngine implements MarketDataListener, BarListener {
    private static final Logger LOG = LoggerFactory.getLogger(SignalEngine.class);
    private static final BarObserver NO_OBSERVER = (bar, indicators) -> {
    };

    private final long timeframeMs;
    private final EmptyBars emptyBars;
    private final InstrumentState[] states;
    private final Map<String, InstrumentState> bySymbol = new HashMap<>();
    private final BarListener barOut;
    private final SignalListener signalOut;
    private final BarObserver observer;
    private final Signal signal = new Signal();
    private Series current;
    private long lastSignalId;
    private long clockNs = Long.MIN_VALUE;
    /** Earliest end of an open bar over all series; {@link Long#MAX_VALUE} when none is open. */
    private long nextCloseNs = Long.MAX_VALUE;
    private long unknownInstrumentTradeCount;
    private long lateTradeCount;
    private long quoteCount;
    private long inputBarCount;
    private long skippedInputBarCount;
    private long lateInputBarCount;
    private long rejectedCount;
    private long barCount;
    private long signalCount;
    private long blockedEntryCount;

    /**
     * An engine without a bar observer.
     *
     * @param config      the validated section (timeframe, strategies)
     * @param instruments every configured instrument: bars are built for each, strategies run where configured
     * @param bars        where closed bars go (the {@code bars} topic's writer)
     * @param signals     where signals go (the {@code signals} topic's writer)
     * @throws ConfigException if a strategy names an instrument that is not in {@code instruments}
     */
    public SignalEngine(SignalConfig config, Collection<Instrument> instruments, BarListener bars,
                        SignalListener signals) {
        this(config, instruments, bars, signals, null);
    }

    /**
     * @param config      the validated section (timeframe, strategies)
     * @param instruments every configured instrument: bars are built for each, strategies run where configured
     * @param bars        where closed bars go (the {@code bars} topic's writer)
     * @param signals     where signals go (the {@code signals} topic's writer)
     * @param observer    sees every closed bar with its indicators (e.g. a {@link TradeContextRecorder}), or null
     * @throws ConfigException if a strategy names an instrument that is not in {@code instruments}
     */
    public SignalEngine(SignalConfig config, Collection<Instrument> instruments, BarListener bars,
                        SignalListener signals, BarObserver observer) {
        this.timeframeMs = config.timeframeMs();
        this.emptyBars = config.emptyBars();
        this.barOut = bars;
        this.signalOut = signals;
        this.observer = observer == null ? NO_OBSERVER : observer;
        List<String> symbols = new ArrayList<>();
        instruments.forEach(i -> symbols.add(i.symbol()));
        config.requireInstruments(symbols);
        this.states = new InstrumentState[instruments.size()];
        int n = 0;
        for (Instrument instrument : instruments) {
            InstrumentState state = new InstrumentState(instrument, config.timeframesOf(instrument.symbol()),
                    emptyBars);
            for (StrategyConfig sc : config.strategies()) {
                if (!sc.instruments().contains(instrument.symbol())) {
                    continue;
                }
                long tf = config.timeframeOf(sc);
                EntryFilter[] filters = new EntryFilter[sc.filters().size()];
                for (int i = 0; i < filters.length; i++) {
                    EntryFilterFactory f = sc.filters().get(i);
                    filters[i] = f.create(instrument, tf, state);
                }
                Strategy strategy = sc.factory().create(sc.id(), instrument, tf);
                state.series(tf).add(new StrategySlot(sc.id(), strategy, filters));
            }
            states[n++] = state;
            bySymbol.put(instrument.symbol(), state);
        }
    }

    /**
     * Makes signal ids continue after an id already written (on a restart, the last id found on the signals topic),
     * so that they stay unique and increasing per writer.
     *
     * @param signalId the last id already used; the next signal gets {@code signalId + 1}
     */
    public void continueSignalIdsAfter(long signalId) {
        lastSignalId = Math.max(lastSignalId, signalId);
    }

    /**
     * Closes due bars, then adds the trade to every open bar of its instrument and to their session VWAPs. A late
     * trade is counted and dropped; one that a bar cannot hold (a sum would overflow, a price or quantity not &gt; 0)
     * is counted in {@link #rejectedCount()} and dropped, on every series alike.
     */
    @Override
    public void tradeTick(TradeTick tick) {
        InstrumentState state = bySymbol.get(tick.instrument());
        if (state == null) {
            unknownInstrumentTradeCount++;
            return;
        }
        long timeNs = tick.eventTimeNs();
        advanceTo(timeNs);
        Series[] series = state.series;
        if (state.isLate(timeNs, clockNs, 1)) {
            lateTradeCount++;
            return;
        }
        for (Series s : series) {
            if (!s.aggregator.accepts(tick.price(), tick.quantity(), tick.aggressorSide())) {
                reject("trade", tick.instrument(), tick.tradeId(), timeNs, tick.price(), tick.quantity());
                return;
            }
        }
        for (Series s : series) {
            if (tick.afterGap()) {
                s.aggregator.markGap(); // the bar this trade falls in follows a feed outage
            }
            s.aggregator.add(tick);
            s.indicators.onTrade(timeNs, tick.price(), tick.quantity());
            long endNs = s.aggregator.openBarEndNs();
            if (endNs < nextCloseNs) {
                nextCloseNs = endNs;
            }
        }
    }

    private void reject(String what, String symbol, long id, long timeNs, long price, long quantity) {
        rejectedCount++;
        if (rejectedCount == 1) {
            LOG.warn("rejected a {} of {} (id {}, event time {} ns, price mantissa {}, quantity mantissa {}): a bar "
                    + "sum would overflow or a value is not > 0; further rejections are only counted", what, symbol,
                    id, timeNs, price, quantity);
        }
    }

    /** Ignored for now (counted). */
    @Override
    public void quoteTick(QuoteTick quote) {
        quoteCount++;
    }

    /**
     * Merges a closed input bar of a lower or equal timeframe (1m or 5m candles of a backtest) into every series of
     * its instrument whose timeframe is a multiple of the bar's, after moving the clock to the bar's last instant. See
     * the class comment for what is skipped.
     *
     * <p>An input bar closing at T holds trades before T, so {@link #advanceTo advanceTo(T)} (which closes the bars
     * ending at T) promises that every input bar closing at or before T has been given: feed bars in order of close
     * time, all instruments' bars of one close time before advancing the clock to it. Not advancing at all is fine:
     * each input moves the clock to its own last instant, which closes everything that ended before it; at the end
     * of the data call {@code advanceTo} with the last close time to close the last bars.
     *
     * @param in the input bar: instrument, timeframeMs, openTimeNs (a multiple of its timeframe), OHLC, volume with
     *           its buy/sell split, trade count and VWAP; read only, not kept
     */
    @Override
    public void bar(Bar in) {
        InstrumentState state = in.instrument() == null ? null : bySymbol.get(in.instrument());
        long inTimeframeNs = in.timeframeMs() * 1_000_000L;
        if (state == null || in.volume() < 0 || in.timeframeMs() <= 0
                || Math.floorMod(in.openTimeNs(), inTimeframeNs) != 0) {
            skippedInputBarCount++;
            return;
        }
        advanceTo(in.openTimeNs() + inTimeframeNs - 1);
        Series[] series = state.series;
        boolean any = false;
        for (Series s : series) {
            if (s.aggregator.timeframeMs() % in.timeframeMs() == 0) {
                any = true;
            }
        }
        if (!any) {
            skippedInputBarCount++;
            return;
        }
        if (state.isLate(in.openTimeNs(), clockNs, in.timeframeMs())) {
            lateInputBarCount++;
            return;
        }
        if (in.volume() == 0 && emptyBars == EmptyBars.SKIP) {
            for (Series s : series) {
                s.aggregator.skipInput(in);
            }
            skippedInputBarCount++;
            return;
        }
        for (Series s : series) {
            if (s.aggregator.timeframeMs() % in.timeframeMs() == 0 && !s.aggregator.acceptsBar(in)) {
                reject("bar", in.instrument(), in.openTimeNs(), in.openTimeNs(), in.close(), in.volume());
                return;
            }
        }
        for (Series s : series) {
            if (s.aggregator.timeframeMs() % in.timeframeMs() == 0) {
                s.aggregator.merge(in);
                s.indicators.onInputBar(in);
                long endNs = s.aggregator.openBarEndNs();
                if (endNs < nextCloseNs) {
                    nextCloseNs = endNs;
                }
            }
        }
        inputBarCount++;
    }

    /**
     * Moves event time to {@code nowNs}: closes, in order of close time, every open bar ending at or before it, and
     * runs the strategies on each. Never call it with {@link Long#MAX_VALUE} at the end of a stream: the last bars
     * must stay open.
     *
     * @param nowNs event time, UTC epoch ns (an input watermark or a tick's time)
     */
    public void advanceTo(long nowNs) {
        if (nowNs > clockNs) {
            clockNs = nowNs;
        }
        if (nowNs < nextCloseNs) {
            return;
        }
        while (true) {
            long dueNs = Long.MAX_VALUE;
            for (InstrumentState state : states) {
                for (Series s : state.series) {
                    dueNs = Math.min(dueNs, s.aggregator.openBarEndNs());
                }
            }
            if (dueNs > nowNs) {
                nextCloseNs = dueNs;
                return;
            }
            for (InstrumentState state : states) {
                closeInstrumentBarsAt(state, dueNs, nowNs);
            }
        }
    }

    private void closeInstrumentBarsAt(InstrumentState state, long dueNs, long nowNs) {
        boolean any = false;
        for (Series s : state.series) {
            if (s.aggregator.openBarEndNs() == dueNs) {
                s.aggregator.advanceTo(nowNs, s.bar);
                s.closedNow = true;
                any = true;
                s.indicators.onBar(s.bar);
                s.indicators.writeTo(s.bar);
                barCount++;
                barOut.bar(s.bar);
                observer.barClosed(s.bar, s.indicators);
            }
        }
        if (!any) {
            return;
        }
        for (Series s : state.series) {
            if (s.closedNow) {
                s.closedNow = false;
                runStrategies(s);
            }
        }
    }

    private void runStrategies(Series series) {
        current = series;
        try {
            for (StrategySlot slot : series.slots) {
                for (EntryFilter f : slot.filters) {
                    f.onBar(series.bar, series.indicators);
                }
                slot.strategy.onBar(series.bar, series.indicators, slot);
            }
        } finally {
            current = null;
        }
    }

    private void emit(StrategySlot slot, Direction direction, String reason) {
        if (current == null) {
            throw new IllegalStateException("strategy " + slot.strategyId + " emitted outside onBar");
        }
        String blockedBy = null;
        if (direction != Direction.FLAT) {
            for (int i = 0; i < slot.filters.length; i++) {
                if (!slot.filters[i].allowsEntry(direction)) {
                    blockedEntryCount++;
                    blockedBy = slot.filters[i].type();
                    boolean reversal = direction == Direction.LONG ? slot.last == Direction.SHORT
                            : slot.last == Direction.LONG;
                    if (reversal) {
                        reason = direction == Direction.LONG ? slot.blockedLongReasons[i]
                                : slot.blockedShortReasons[i];
                        direction = Direction.FLAT;
                    }
                    break;
                }
            }
        }
        if (blockedBy == null || direction == Direction.FLAT) {
            slot.last = direction; // a blocked entry that is no reversal leaves the strategy where it was
        }
        Bar bar = current.bar;
        signal.reset();
        signal.signalId(++lastSignalId)
                .strategyId(slot.strategyId)
                .instrument(bar.instrument())
                .direction(direction)
                .timeframeMs(bar.timeframeMs())
                .barOpenTimeNs(bar.openTimeNs())
                .price(bar.close())
                .atr(current.indicators.atr14().mantissa())
                .reason(reason)
                .blockedBy(blockedBy)
                .eventTimeNs(bar.eventTimeNs());
        signalCount++;
        signalOut.signal(signal);
    }

    /** @return the default bar timeframe, milliseconds */
    public long timeframeMs() {
        return timeframeMs;
    }

    /**
     * @param symbol a configured instrument
     * @return the timeframes built for it, milliseconds, ascending
     * @throws IllegalArgumentException if the instrument is not configured
     */
    public long[] timeframesMs(String symbol) {
        Series[] series = state(symbol).series;
        long[] out = new long[series.length];
        for (int i = 0; i < series.length; i++) {
            out[i] = series[i].aggregator.timeframeMs();
        }
        return out;
    }

    /** @return the latest event time seen (ticks, input bars and {@link #advanceTo}), UTC epoch ns */
    public long clockNs() {
        return clockNs;
    }

    /**
     * @param symbol a configured instrument
     * @return its indicators on the default timeframe (for tests and diagnostics)
     * @throws IllegalArgumentException if the instrument is not configured
     */
    public IndicatorSet indicators(String symbol) {
        return indicators(symbol, timeframeMs);
    }

    /**
     * @param symbol      a configured instrument
     * @param timeframeMs one of its timeframes
     * @return its indicators on that timeframe
     * @throws IllegalArgumentException if the instrument or timeframe is not configured
     */
    public IndicatorSet indicators(String symbol, long timeframeMs) {
        return state(symbol).indicators(timeframeMs);
    }

    private InstrumentState state(String symbol) {
        InstrumentState s = bySymbol.get(symbol);
        if (s == null) {
            throw new IllegalArgumentException("instrument " + symbol + " is not configured");
        }
        return s;
    }

    /** @return trades dropped as late, over all instruments (each counted once) */
    public long lateTradeCount() {
        return lateTradeCount;
    }

    /** @return trades ignored because their instrument is not configured */
    public long unknownInstrumentTradeCount() {
        return unknownInstrumentTradeCount;
    }

    /** @return quotes received (and ignored) */
    public long quoteCount() {
        return quoteCount;
    }

    /** @return input bars merged */
    public long inputBarCount() {
        return inputBarCount;
    }

    /**
     * @return input bars skipped: volume 0 with {@code emptyBars: skip}, unknown instrument, misaligned, or dividing
     * none of the instrument's timeframes
     */
    public long skippedInputBarCount() {
        return skippedInputBarCount;
    }

    /** @return trades and input bars rejected because a bar could not hold them (overflow, value not &gt; 0) */
    public long rejectedCount() {
        return rejectedCount;
    }

    /** @return what an interval without trades becomes */
    public EmptyBars emptyBars() {
        return emptyBars;
    }

    /** @return input bars dropped as late */
    public long lateInputBarCount() {
        return lateInputBarCount;
    }

    /** @return bars written, all timeframes */
    public long barCount() {
        return barCount;
    }

    /** @return signals written */
    public long signalCount() {
        return signalCount;
    }

    /**
     * @return LONG or SHORT signals an entry filter blocked (written marked {@link Signal#blockedBy()}, as they are or
     * as FLAT); they are counted in {@link #signalCount()} too
     */
    public long blockedEntryCount() {
        return blockedEntryCount;
    }

    /** @return the last signal id used, 0 before the first */
    public long lastSignalId() {
        return lastSignalId;
    }

    /** The series of one instrument, ascending timeframe. */
    private static final class InstrumentState implements TimeframeIndicators {
        final Series[] series;

        InstrumentState(Instrument instrument, long[] timeframesMs, EmptyBars emptyBars) {
            this.series = new Series[timeframesMs.length];
            for (int i = 0; i < timeframesMs.length; i++) {
                series[i] = new Series(instrument, timeframesMs[i], emptyBars);
            }
        }

        Series series(long timeframeMs) {
            for (Series s : series) {
                if (s.aggregator.timeframeMs() == timeframeMs) {
                    return s;
                }
            }
            throw new IllegalArgumentException("no " + timeframeMs + " ms bars are built for "
                    + series[0].aggregator.instrument().symbol());
        }

        @Override
        public IndicatorSet indicators(long timeframeMs) {
            return series(timeframeMs).indicators;
        }

        /**
         * Moves every series' notion of "closed" to the clock, then tells whether an input at {@code timeNs} falls in
         * an interval already closed (or before the open bar) on any series it would go to (those whose timeframe is a
         * multiple of {@code divisorMs}): then it is late for all of them.
         */
        boolean isLate(long timeNs, long clockNs, long divisorMs) {
            boolean late = false;
            for (Series s : series) {
                s.aggregator.advanceTo(clockNs, s.bar); // closes nothing: every bar ending by the clock is closed
                if (s.aggregator.timeframeMs() % divisorMs == 0) {
                    late |= s.aggregator.isLate(timeNs);
                }
            }
            return late;
        }
    }

    /** One instrument on one timeframe: its bars, indicators and the strategies deciding on them. */
    private static final class Series {
        final BarAggregator aggregator;
        final IndicatorSet indicators;
        final Bar bar = new Bar();
        StrategySlot[] slots = new StrategySlot[0];
        boolean closedNow;

        Series(Instrument instrument, long timeframeMs, EmptyBars emptyBars) {
            this.aggregator = new BarAggregator(instrument, timeframeMs, emptyBars);
            this.indicators = new IndicatorSet(instrument, timeframeMs);
        }

        void add(StrategySlot slot) {
            StrategySlot[] more = Arrays.copyOf(slots, slots.length + 1);
            more[slots.length] = slot;
            slots = more;
        }
    }

    private final class StrategySlot implements SignalSink {
        final String strategyId;
        final Strategy strategy;
        final EntryFilter[] filters;
        final String[] blockedLongReasons;
        final String[] blockedShortReasons;
        /** The direction of this strategy's last signal on this instrument, null before the first. */
        Direction last;

        StrategySlot(String strategyId, Strategy strategy, EntryFilter[] filters) {
            this.strategyId = strategyId;
            this.strategy = strategy;
            this.filters = filters;
            this.blockedLongReasons = new String[filters.length];
            this.blockedShortReasons = new String[filters.length];
            for (int i = 0; i < filters.length; i++) {
                blockedLongReasons[i] = "LONG entry blocked by " + filters[i].type() + ": exit the short only";
                blockedShortReasons[i] = "SHORT entry blocked by " + filters[i].type() + ": exit the long only";
            }
        }

        @Override
        public void emit(Direction direction, String reason) {
            SignalEngine.this.emit(this, direction, reason);
        }
    }
}
