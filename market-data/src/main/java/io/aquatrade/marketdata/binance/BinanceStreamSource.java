package io.aquatrade.marketdata.binance;

import java.util.Collection;

import io.aquatrade.common.EpochClock;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.MarketDataListener;
import io.aquatrade.marketdata.TickSource;

/**
 * Live trades and best bid/ask from Binance through XChange's streaming client. SKELETON: to be completed.
 */
public final class BinanceStreamSource implements TickSource {
    /**
     * @param instruments instruments to subscribe (trade and bookTicker streams)
     * @param config      addresses and queue bound
     * @param clock       stamps receive times
     */
    public BinanceStreamSource(Collection<Instrument> instruments, BinanceSourceConfig config, EpochClock clock) {
    }

    /** Connects and subscribes. @throws IllegalStateException if the connection cannot be made */
    public void start() {
        throw new UnsupportedOperationException("not built yet");
    }

    @Override
    public int poll(long nowNs, MarketDataListener out, int limit) {
        return 0;
    }

    @Override
    public boolean isDone() {
        return false;
    }

    @Override
    public long malformedCount() {
        return 0;
    }

    @Override
    public void close() {
    }
}
