package io.aquatrade.router.venue.binance;

/**
 * A Binance order's identity: Binance numbers orders per symbol (spot API glossary: {@code orderId} identifies an
 * order on its symbol), so BTCUSDT and ETHUSDT each have an order 1; every lookup by order id carries the symbol.
 *
 * @param symbol  Binance's symbol, e.g. {@code BTCUSDT}
 * @param orderId Binance's order id on that symbol
 */
record OrderKey(String symbol, long orderId) {
    @Override
    public String toString() {
        return "order " + orderId + " of " + symbol;
    }
}
