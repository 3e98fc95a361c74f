package io.aquatrade.signal.strategy;

import io.aquatrade.signal.indicator.IndicatorSet;

/**
 * The indicators of one instrument on each timeframe the engine builds for it, for filters that look at other
 * timeframes than their strategy's (multi-timeframe confirmation). Each set is as of its own last closed bar; the
 * engine closes every bar ending at a time before it runs the strategies of that time, so a 5m strategy at 10:15
 * sees the 15m bar that closed at 10:15.
 */
@FunctionalInterface
public interface TimeframeIndicators {
    /**
     * @param timeframeMs a timeframe built for the instrument, milliseconds
     * @return its indicator set (live: it keeps updating as bars close)
     * @throws IllegalArgumentException if no bars of that timeframe are built for the instrument
     */
    IndicatorSet indicators(long timeframeMs);
}
