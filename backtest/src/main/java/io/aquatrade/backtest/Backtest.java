package io.aquatrade.backtest;

import io.aquatrade.common.AquatradeConfig;

/**
 * Runs the signal-generator, decision-engine and order-router business classes of the four processes directly
 * wired in one thread over a {@link MarketHistory}, in the event-time order the processes keep. SKELETON: the
 * signatures are the contract; the bodies are being written.
 */
public final class Backtest {
    private Backtest() {
    }

    /**
     * Runs one backtest. Thread-confined: many may run at once on the same history.
     *
     * @param config  full config: instruments, assets, signal-generator, decision-engine and order-router sections
     * @param history the data
     * @param fromNs  first event time included, UTC epoch ns (Long.MIN_VALUE for all)
     * @param toNs    first event time excluded, UTC epoch ns (Long.MAX_VALUE for all)
     * @return fills, round trips, equity curve and statistics
     */
    public static BacktestReport run(AquatradeConfig config, MarketHistory history, long fromNs, long toNs) {
        throw new UnsupportedOperationException("being written");
    }
}
