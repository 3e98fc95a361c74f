package io.aquatrade.signal;

import java.util.ArrayList;
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
import io.aquatrade.signal.strategy.SignalSink;
import io.aquatrade.signal.strategy.Strategy;

/**
 * The signal generator's business logic: trades in, closed bars and strategy signals out. It knows nothing about
 * queues; the live agent, replays, the backtest and the tests all feed this same class.
 *
 * <p>For every configured instrument it keeps a {@link BarAggregator} on the configured timeframe, an
 * {@link IndicatorSet} and the strategies configured for that instrument. Event time is one clock for all
 * instruments: on each {@link TradeTick} the engine first closes every bar (of every instrument) whose end is at or
 * before the tick's event time, then adds the tick. {@link #advanceTo(long)} closes bars without a tick (its agent
 * calls it with the input low watermark, so bars close in quiet markets too). When a bar closes the engine updates
 * the instrument's indicators, writes the {@link Bar}, then runs the instrument's strategies in config order, whose
 * signals are written at once. Outputs are stamped with the bar's close time; bars closing in one call are written
 * in order of close time (ties: instruments in config order), so each output topic is in event-time order.
 *
 * <p>At the end of a stream the last bar stays open and is never written: nobody can tell a finished bar from a
 * paused market. Quotes are ignored for now. Trades of instruments not in the config are counted and ignored; late
 * trades (older than a bar already closed) are counted and dropped.
 *
 * <p>Single-threaded; no allocation per tick or per bar (messages are reused; strategy reasons are constants).
 */
public final class SignalEngine implements MarketDataListener {
    private final long timeframeMs;
    private final InstrumentState[] states;
    private final Map<String, InstrumentState> bySymbol = new HashMap<>();
    private final BarListener barOut;
    private final SignalListener signalOut;
    private final Bar bar = new Bar();
    private final Signal signal = new Signal();
    private InstrumentState current;
    private long lastSignalId;
    private long clockNs = Long.MIN_VALUE;
    /** Earliest end of an open bar over all instruments; {@link Long#MAX_VALUE} when none is open. */
    private long nextCloseNs = Long.MAX_VALUE;
    private long unknownInstrumentTradeCount;
    private long quoteCount;
    private long barCount;
    private long signalCount;

    /**
     * @param config      the validated section (timeframe, strategies)
     * @param instruments every configured instrument: bars are built for each, strategies run where configured
     * @param bars        where closed bars go (the {@code bars} topic's writer)
     * @param signals     where signals go (the {@code signals} topic's writer)
     * @throws ConfigException if a strategy names an instrument that is not in {@code instruments}
     */
    public SignalEngine(SignalConfig config, Collection<Instrument> instruments, BarListener bars,
                        SignalListener signals) {
        this.timeframeMs = config.timeframeMs();
        this.barOut = bars;
        this.signalOut = signals;
        List<String> symbols = new ArrayList<>();
        instruments.forEach(i -> symbols.add(i.symbol()));
        config.requireInstruments(symbols);
        this.states = new InstrumentState[instruments.size()];
        int n = 0;
        for (Instrument instrument : instruments) {
            List<StrategySlot> slots = new ArrayList<>();
            for (StrategyConfig sc : config.strategies()) {
                if (sc.instruments().contains(instrument.symbol())) {
                    slots.add(new StrategySlot(sc.id(), sc.factory().create(sc.id(), instrument, timeframeMs)));
                }
            }
            InstrumentState state = new InstrumentState(instrument, timeframeMs, slots.toArray(new StrategySlot[0]));
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

    /** Closes due bars, then adds the trade to its instrument's open bar and to its session VWAP. */
    @Override
    public void tradeTick(TradeTick tick) {
        InstrumentState state = bySymbol.get(tick.instrument());
        if (state == null) {
            unknownInstrumentTradeCount++;
            return;
        }
        advanceTo(tick.eventTimeNs());
        BarAggregator aggregator = state.aggregator;
        // bars due by the shared clock are closed; this only tells the aggregator how far the clock has gone,
        // so that a trade in an interval the clock has passed is late
        if (aggregator.advanceTo(clockNs, bar)) {
            onBar(state); // not reached: advanceTo above closed every bar ending by the clock
        }
        if (aggregator.add(tick)) {
            state.indicators.onTrade(tick.eventTimeNs(), tick.price(), tick.quantity());
            long endNs = aggregator.openBarEndNs();
            if (endNs < nextCloseNs) {
                nextCloseNs = endNs;
            }
        }
    }

    /** Ignored for now (counted). */
    @Override
    public void quoteTick(QuoteTick quote) {
        quoteCount++;
    }

    /**
     * Moves event time to {@code nowNs}: closes, in order of close time, every open bar ending at or before it, and
     * runs the strategies on each. Never call it with {@link Long#MAX_VALUE} at the end of a stream: the last bar
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
            InstrumentState due = null;
            long dueEndNs = Long.MAX_VALUE;
            for (InstrumentState s : states) {
                long endNs = s.aggregator.openBarEndNs();
                if (endNs <= nowNs && endNs < dueEndNs) {
                    due = s;
                    dueEndNs = endNs;
                }
            }
            if (due == null) {
                break;
            }
            due.aggregator.advanceTo(nowNs, bar);
            onBar(due);
        }
        long next = Long.MAX_VALUE;
        for (InstrumentState s : states) {
            next = Math.min(next, s.aggregator.openBarEndNs());
        }
        nextCloseNs = next;
    }

    private void onBar(InstrumentState state) {
        state.indicators.onBar(bar);
        barCount++;
        barOut.bar(bar);
        current = state;
        try {
            for (StrategySlot slot : state.slots) {
                slot.strategy.onBar(bar, state.indicators, slot);
            }
        } finally {
            current = null;
        }
    }

    private void emit(StrategySlot slot, Direction direction, String reason) {
        if (current == null) {
            throw new IllegalStateException("strategy " + slot.strategyId + " emitted outside onBar");
        }
        signal.reset();
        signal.signalId(++lastSignalId)
                .strategyId(slot.strategyId)
                .instrument(bar.instrument())
                .direction(direction)
                .timeframeMs(bar.timeframeMs())
                .barOpenTimeNs(bar.openTimeNs())
                .price(bar.close())
                .reason(reason)
                .eventTimeNs(bar.eventTimeNs());
        signalCount++;
        signalOut.signal(signal);
    }

    /** @return the bar timeframe, milliseconds */
    public long timeframeMs() {
        return timeframeMs;
    }

    /** @return the latest event time seen (ticks and {@link #advanceTo}), UTC epoch ns; {@link Long#MIN_VALUE} before */
    public long clockNs() {
        return clockNs;
    }

    /**
     * @param symbol a configured instrument
     * @return its indicators (for tests and diagnostics)
     * @throws IllegalArgumentException if the instrument is not configured
     */
    public IndicatorSet indicators(String symbol) {
        InstrumentState s = bySymbol.get(symbol);
        if (s == null) {
            throw new IllegalArgumentException("instrument " + symbol + " is not configured");
        }
        return s.indicators;
    }

    /** @return trades dropped as late, over all instruments */
    public long lateTradeCount() {
        long n = 0;
        for (InstrumentState s : states) {
            n += s.aggregator.lateTradeCount();
        }
        return n;
    }

    /** @return trades ignored because their instrument is not configured */
    public long unknownInstrumentTradeCount() {
        return unknownInstrumentTradeCount;
    }

    /** @return quotes received (and ignored) */
    public long quoteCount() {
        return quoteCount;
    }

    /** @return bars written */
    public long barCount() {
        return barCount;
    }

    /** @return signals written */
    public long signalCount() {
        return signalCount;
    }

    /** @return the last signal id used, 0 before the first */
    public long lastSignalId() {
        return lastSignalId;
    }

    private static final class InstrumentState {
        final BarAggregator aggregator;
        final IndicatorSet indicators;
        final StrategySlot[] slots;

        InstrumentState(Instrument instrument, long timeframeMs, StrategySlot[] slots) {
            this.aggregator = new BarAggregator(instrument, timeframeMs);
            this.indicators = new IndicatorSet(instrument, timeframeMs);
            this.slots = slots;
        }
    }

    private final class StrategySlot implements SignalSink {
        final String strategyId;
        final Strategy strategy;

        StrategySlot(String strategyId, Strategy strategy) {
            this.strategyId = strategyId;
            this.strategy = strategy;
        }

        @Override
        public void emit(Direction direction, String reason) {
            SignalEngine.this.emit(this, direction, reason);
        }
    }
}
