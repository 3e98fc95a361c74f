package io.aquatrade.signal.strategy;

import java.util.List;

import io.aquatrade.common.Instrument;

/**
 * A filter type's validated parameters, able to create one {@link EntryFilter} per strategy instance. Produced from a
 * {@code filters:} entry by {@link EntryFilters#parse}; implementations are records, so they print and compare by
 * value.
 */
public interface EntryFilterFactory {
    /** @return the config {@code type} name, e.g. "chop" */
    String type();

    /**
     * @return timeframes (milliseconds) whose bars the filter reads besides the strategy's own, e.g. 15m, 30m and 1h
     * for multi-timeframe confirmation; the engine builds bars of each for the strategy's instruments
     */
    default List<Long> timeframesMs() {
        return List.of();
    }

    /**
     * @param instrument  the instrument the strategy runs on
     * @param timeframeMs the strategy's timeframe, milliseconds
     * @param indicators  the instrument's indicators on every timeframe built for it (at least the strategy's own and
     *                    {@link #timeframesMs()})
     * @return a new filter with fresh state
     */
    EntryFilter create(Instrument instrument, long timeframeMs, TimeframeIndicators indicators);
}
