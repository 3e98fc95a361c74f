package io.aquatrade.signal;

import io.aquatrade.common.Bar;
import io.aquatrade.signal.indicator.IndicatorSet;

/**
 * A hook that sees every closed bar the {@link SignalEngine} writes, of every instrument and timeframe, together with
 * its indicator values as of that bar (for example {@link TradeContextRecorder}). Called on the engine's thread right
 * after the bar is written to the bars output and before the strategies of that instant run.
 *
 * <p>Contract: it must copy what it keeps (both arguments are reused) and must not allocate, block or log per bar.
 */
@FunctionalInterface
public interface BarObserver {
    /**
     * @param bar        the closed bar (reused after the call)
     * @param indicators the indicators of its instrument and timeframe, already updated with the bar
     */
    void barClosed(Bar bar, IndicatorSet indicators);
}
