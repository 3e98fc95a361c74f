package io.aquatrade.fakebinance;

import java.math.BigDecimal;
import java.math.RoundingMode;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code GET /api/v3/avgPrice}: a symbol's volume-weighted average trade price over the last {@value #MINS}
 * minutes of the replay, the reference of Binance's PERCENT_PRICE(_BY_SIDE) and NOTIONAL filters (see Binance's
 * filters.md: "the volume weighted average price over the preceding avgPriceMins minutes"; the fake lists
 * {@code avgPriceMins} 5). The window is {@code (marketTime - 5 min, marketTime]} of recorded trades already
 * replayed; with none in it, the last trade's price. Answer as Binance's: {@code {"mins":5,"price":"...",
 * "closeTime":T}}, T the last trade's time.
 */
final class AveragePrice {
    /** Average price interval, minutes (as exchangeInfo's avgPriceMins). */
    static final int MINS = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    private AveragePrice() {
    }

    /**
     * @param exchange the exchange (locked while its market is read)
     * @param symbol   the symbol asked for
     * @return the answer's JSON
     * @throws BinanceError -1102 without a symbol, -1121 for a symbol not listed, -1000 before the first trade
     */
    static String json(FakeExchange exchange, String symbol) {
        if (symbol == null || symbol.isEmpty()) {
            throw BinanceError.mandatory("symbol");
        }
        synchronized (exchange) {
            Market market = null;
            for (Market m : exchange.markets()) {
                if (m.symbol.equals(symbol)) {
                    market = m;
                }
            }
            if (market == null) {
                throw BinanceError.badRequest(-1121, "Invalid symbol.");
            }
            long fromMs = exchange.marketTimeMs() - MINS * 60_000L;
            BigDecimal value = BigDecimal.ZERO;
            BigDecimal volume = BigDecimal.ZERO;
            MarketEvent.Trade last = null;
            for (int i = market.cursor - 1; i >= 0; i--) {
                MarketEvent e = market.events.get(i);
                if (e.trade() == null) {
                    continue;
                }
                if (last == null) {
                    last = e.trade();
                }
                if (e.marketTimeMs() <= fromMs) {
                    break;
                }
                value = value.add(e.trade().price().multiply(e.trade().quantity()));
                volume = volume.add(e.trade().quantity());
            }
            if (last == null) {
                throw new BinanceError(400, -1000, "No trade of " + symbol + " yet.");
            }
            BigDecimal price = volume.signum() == 0 ? last.price() : value.divide(volume, 8, RoundingMode.HALF_UP);
            return JSON.createObjectNode().put("mins", MINS).put("price", FakeBinanceServer.decimal(price))
                    .put("closeTime", last.tradeTimeMs()).toString();
        }
    }
}
