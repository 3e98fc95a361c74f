package io.aquatrade.signal.strategy;

import io.aquatrade.common.Bar;
import io.aquatrade.common.Direction;
import io.aquatrade.signal.indicator.IndicatorSet;

/**
 * A gate on a strategy's entries, configured in the strategy entry's {@code filters:} list and usable on any strategy
 * (EMA trend alignment, multi-timeframe confirmation, chop). Created by an {@link EntryFilterFactory} for one strategy
 * instance on one instrument.
 *
 * <p>Contract: the engine calls {@link #onBar} with every closed bar of the strategy's timeframe, right before the
 * strategy's own {@code onBar} for that bar, whether or not the strategy signals; then, for each LONG or SHORT signal
 * the strategy emits on that bar, asks {@link #allowsEntry}. FLAT signals (exits) are never gated. A blocked entry is
 * written marked with the filter's {@link #type()} ({@code Signal.blockedBy}), as it is, or, when it would reverse the
 * strategy's previous signal (SHORT after LONG, LONG after SHORT), turned into FLAT: filters stop positions from
 * opening, never from closing. Same threading and allocation rules as {@link Strategy}.
 */
public interface EntryFilter {
    /**
     * Looks at the next closed bar of the strategy's timeframe.
     *
     * @param bar        the closed bar (reused after the call)
     * @param indicators the instrument's indicators on that timeframe, including the bar
     */
    void onBar(Bar bar, IndicatorSet indicators);

    /**
     * @param direction {@link Direction#LONG} or {@link Direction#SHORT}
     * @return true if an entry in that direction may be taken as of the last bar given to {@link #onBar}; false while
     * the filter is warming up
     */
    boolean allowsEntry(Direction direction);

    /** @return the filter's config type, e.g. "chop" (a constant) */
    String type();
}
