package io.aquatrade.signal.strategy;

import io.aquatrade.common.Instrument;

/**
 * A strategy type's validated parameters, able to create one {@link Strategy} instance per instrument. Produced from
 * config by {@link StrategyTypes#parse}; implementations are records, so they print and compare by value.
 */
public interface StrategyFactory {
    /** @return the config {@code type} name, e.g. "vwap-momentum" */
    String type();

    /**
     * @param strategyId  the config entry's id, stamped on its signals
     * @param instrument  the instrument it runs on
     * @param timeframeMs the timeframe of the bars it will see, milliseconds
     * @return a new strategy instance with fresh state
     */
    Strategy create(String strategyId, Instrument instrument, long timeframeMs);
}
