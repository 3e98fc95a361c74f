package io.aquatrade.fakebinance;

import java.math.BigDecimal;

/**
 * One recorded market event of a symbol: a trade or a best bid/ask (book ticker). Exactly one of {@code trade}
 * and {@code quote} is set.
 *
 * @param marketTimeMs when the capture received it, UTC epoch ms (the replay's clock: book tickers carry no
 *                     exchange time, so receive time orders both kinds the way they arrived)
 * @param trade        the trade, or null
 * @param quote        the best bid/ask, or null
 */
public record MarketEvent(long marketTimeMs, Trade trade, Quote quote) {

    /**
     * A recorded trade.
     *
     * @param tradeTimeMs Binance's trade time {@code T}, UTC epoch ms
     * @param tradeId     Binance's trade id {@code t}
     * @param price       quote asset per base unit, exact
     * @param quantity    base units, exact, above 0
     * @param buyerMaker  Binance's {@code m}: the buyer was the maker (the seller took liquidity)
     */
    public record Trade(long tradeTimeMs, long tradeId, BigDecimal price, BigDecimal quantity, boolean buyerMaker) {
    }

    /**
     * A recorded best bid and ask with their sizes (base units), exact.
     */
    public record Quote(BigDecimal bid, BigDecimal bidQuantity, BigDecimal ask, BigDecimal askQuantity) {
    }
}
