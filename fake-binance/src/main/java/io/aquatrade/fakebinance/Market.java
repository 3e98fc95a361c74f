package io.aquatrade.fakebinance;

import java.math.BigDecimal;
import java.util.List;

/**
 * One symbol of the exchange: its assets, its filters and the replay of its recorded market.
 * Not thread-safe: {@link FakeExchange} guards it.
 */
final class Market {
    final String symbol;
    final String baseAsset;
    final String quoteAsset;
    /** PRICE_FILTER tickSize: the finest price step of the recording */
    final BigDecimal tickSize;
    /** LOT_SIZE stepSize and minQty: the finest quantity step of the recording */
    final BigDecimal stepSize;
    /** NOTIONAL minNotional, quote asset */
    final BigDecimal minNotional;
    final List<MarketEvent> events;
    int cursor;
    /** the latest book ticker */
    MarketEvent.Quote book;
    /** base units taken from the current quote's bid / ask by takers since it was published */
    BigDecimal bidTaken = BigDecimal.ZERO;
    BigDecimal askTaken = BigDecimal.ZERO;
    BigDecimal lastTradePrice;

    Market(String symbol, String base, String quote, BigDecimal minNotional, List<MarketEvent> events) {
        this.symbol = symbol;
        this.baseAsset = base;
        this.quoteAsset = quote;
        this.minNotional = minNotional;
        this.events = events;
        int priceScale = 0;
        int quantityScale = 0;
        for (MarketEvent e : events) {
            if (e.trade() != null) {
                priceScale = Math.max(priceScale, scale(e.trade().price()));
                quantityScale = Math.max(quantityScale, scale(e.trade().quantity()));
            } else {
                priceScale = Math.max(priceScale, Math.max(scale(e.quote().bid()), scale(e.quote().ask())));
                quantityScale = Math.max(quantityScale,
                        Math.max(scale(e.quote().bidQuantity()), scale(e.quote().askQuantity())));
            }
        }
        this.tickSize = BigDecimal.ONE.movePointLeft(priceScale);
        this.stepSize = BigDecimal.ONE.movePointLeft(quantityScale);
    }

    private static int scale(BigDecimal value) {
        return Math.max(0, value.stripTrailingZeros().scale());
    }

    /** @return the market time of the next event, or Long.MAX_VALUE when the recording is played out */
    long nextEventTimeMs() {
        return cursor < events.size() ? events.get(cursor).marketTimeMs() : Long.MAX_VALUE;
    }
}
