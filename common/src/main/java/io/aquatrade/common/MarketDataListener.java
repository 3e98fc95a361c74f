package io.aquatrade.common;

/** The {@code market-data} topic, written by market-data: trade ticks and best bid/ask of every instrument. */
public interface MarketDataListener extends ProgressListener {
    /** A trade printed; the argument is reused after the call returns. */
    void tradeTick(TradeTick tick);

    /** The best bid/ask changed; the argument is reused after the call returns. */
    void quoteTick(QuoteTick quote);
}
