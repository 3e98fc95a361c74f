package io.aquatrade.signal.strategy;

import io.aquatrade.common.Bar;
import io.aquatrade.signal.indicator.IndicatorSet;

/**
 * A trading rule run on closed bars of one instrument on one timeframe (its config entry's). Created by a
 * {@link StrategyFactory} for one config entry and one instrument; keeps whatever state it needs between bars.
 *
 * <p>Contract: called on the engine's thread, once per closed bar of its timeframe, in event-time order, after the
 * entry's filters saw the bar; the bar and indicators are final for that bar (indicators already include it, and the
 * bars of other timeframes closing at the same instant are already closed). What it emits passes its entry filters
 * ({@link EntryFilter}). It must not allocate, block or log per bar in the steady state, and it must not keep
 * references to {@code bar}, which is reused.
 */
public interface Strategy {
    /**
     * Looks at a closed bar and emits zero or more signals.
     *
     * @param bar        the closed bar (reused after the call)
     * @param indicators the instrument's indicators as of that bar
     * @param sink       where signals go; stamps strategy id, instrument, bar and ids
     */
    void onBar(Bar bar, IndicatorSet indicators, SignalSink sink);
}
