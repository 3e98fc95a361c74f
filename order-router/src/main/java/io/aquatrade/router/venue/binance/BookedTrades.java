package io.aquatrade.router.venue.binance;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;

/**
 * The Binance trades the binance venue booked as {@code OrderFilled}, each as (symbol, Binance order id, trade id):
 * one place that every path (the placement's answer, REST polls, the user data stream, the reconciliation's adopted
 * orders) passes before a fill is published, so that a trade met twice by any of them, or by two of them, is booked
 * once. Binance numbers trades and orders per symbol; the order id is part of the key because a trade between two
 * orders of the same account (a self-trade) is one trade id with a fill on each side.
 *
 * <p>Bounded: the newest {@value #KEPT_PER_SYMBOL} per symbol are kept (a trade is met again while its order is
 * tracked, or by a reconciliation round reading the trades after the last one it scanned: both recent). Not
 * thread-safe (the router's agent thread).
 */
final class BookedTrades {
    /** Trades remembered per symbol, the newest. */
    static final int KEPT_PER_SYMBOL = 50_000;

    private record Key(long orderId, long tradeId) {
    }

    private final Map<String, LinkedHashSet<Key>> bySymbol = new HashMap<>();

    /**
     * @param symbol  Binance's symbol, e.g. {@code BTCUSDT}
     * @param orderId Binance's order id
     * @param tradeId Binance's trade id
     * @return true if that trade of that order was booked
     */
    boolean contains(String symbol, long orderId, long tradeId) {
        LinkedHashSet<Key> keys = bySymbol.get(symbol);
        return keys != null && keys.contains(new Key(orderId, tradeId));
    }

    /** Notes that trade as booked (after its {@code OrderFilled} was published); the oldest beyond the bound go. */
    void add(String symbol, long orderId, long tradeId) {
        LinkedHashSet<Key> keys = bySymbol.computeIfAbsent(symbol, s -> new LinkedHashSet<>());
        if (keys.add(new Key(orderId, tradeId)) && keys.size() > KEPT_PER_SYMBOL) {
            var oldest = keys.iterator();
            oldest.next();
            oldest.remove();
        }
    }
}
