package io.aquatrade.router;

import java.util.HashMap;
import java.util.Map;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.QuoteTick;
import io.aquatrade.common.TradeTick;

/**
 * The latest best bid/ask and the last trade price of every configured instrument, as the router last saw them on
 * {@code market-data}: what a paper venue fills against. Ticks of instruments that are not configured are ignored.
 *
 * <p>Prices are mantissas in the instrument's {@code priceDecimals}; 0 means "not known" (no tick yet, or an empty
 * book side). "Latest" is in delivery order, which the router's sequencer makes event-time order on recorded data.
 *
 * <p>Not thread-safe (the agent thread owns it); allocation-free per tick.
 */
public final class LatestPrices {
    private final Map<String, Prices> bySymbol = new HashMap<>();

    /** @param config the instruments to track */
    public LatestPrices(AquatradeConfig config) {
        for (String symbol : config.instruments().keySet()) {
            bySymbol.put(symbol, new Prices());
        }
    }

    /**
     * Records a trade's price.
     *
     * @return false if the instrument is not configured (ignored)
     */
    public boolean onTrade(TradeTick tick) {
        Prices p = tick.instrument() == null ? null : bySymbol.get(tick.instrument());
        if (p == null) {
            return false;
        }
        p.lastTradePrice = tick.price();
        p.lastTradeTimeNs = tick.eventTimeNs();
        return true;
    }

    /**
     * Records a best bid/ask; an empty side (price 0) is stored as unknown.
     *
     * @return false if the instrument is not configured (ignored)
     */
    public boolean onQuote(QuoteTick quote) {
        Prices p = quote.instrument() == null ? null : bySymbol.get(quote.instrument());
        if (p == null) {
            return false;
        }
        p.bidPrice = Math.max(quote.bidPrice(), 0);
        p.askPrice = Math.max(quote.askPrice(), 0);
        p.bidSize = p.bidPrice > 0 ? Math.max(quote.bidSize(), 0) : 0;
        p.askSize = p.askPrice > 0 ? Math.max(quote.askSize(), 0) : 0;
        p.quoteTimeNs = quote.eventTimeNs();
        return true;
    }

    /** @return last trade price mantissa, 0 if none seen or the instrument is not configured */
    public long lastTradePrice(String symbol) {
        Prices p = bySymbol.get(symbol);
        return p == null ? 0 : p.lastTradePrice;
    }

    /** @return event time of the last trade, UTC epoch ns; 0 if none */
    public long lastTradeTimeNs(String symbol) {
        Prices p = bySymbol.get(symbol);
        return p == null ? 0 : p.lastTradeTimeNs;
    }

    /** @return best bid of the latest quote, price mantissa; 0 if none or the bid side was empty */
    public long bidPrice(String symbol) {
        Prices p = bySymbol.get(symbol);
        return p == null ? 0 : p.bidPrice;
    }

    /** @return best ask of the latest quote, price mantissa; 0 if none or the ask side was empty */
    public long askPrice(String symbol) {
        Prices p = bySymbol.get(symbol);
        return p == null ? 0 : p.askPrice;
    }

    /**
     * @return size at the best bid of the latest quote, mantissa in the instrument's size decimals; 0 if unknown
     * (no quote, an empty bid side, or a feed without sizes)
     */
    public long bidSize(String symbol) {
        Prices p = bySymbol.get(symbol);
        return p == null ? 0 : p.bidSize;
    }

    /**
     * @return size at the best ask of the latest quote, mantissa in the instrument's size decimals; 0 if unknown
     * (no quote, an empty ask side, or a feed without sizes)
     */
    public long askSize(String symbol) {
        Prices p = bySymbol.get(symbol);
        return p == null ? 0 : p.askSize;
    }

    /** @return event time of the latest quote, UTC epoch ns; 0 if none */
    public long quoteTimeNs(String symbol) {
        Prices p = bySymbol.get(symbol);
        return p == null ? 0 : p.quoteTimeNs;
    }

    /** @return how many instruments are tracked (the configured ones) */
    public int instrumentCount() {
        return bySymbol.size();
    }

    /** @return true if a trade or a quote of the instrument was seen */
    public boolean known(String symbol) {
        Prices p = bySymbol.get(symbol);
        return p != null && (p.lastTradePrice > 0 || p.bidPrice > 0 || p.askPrice > 0);
    }

    private static final class Prices {
        long lastTradePrice;
        long lastTradeTimeNs;
        long bidPrice;
        long askPrice;
        long bidSize;
        long askSize;
        long quoteTimeNs;
    }
}
