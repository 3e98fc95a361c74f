package io.aquatrade.common;

/** Order type, as on Binance spot (MARKET, LIMIT, and the stops as STOP_LOSS / STOP_LOSS_LIMIT). */
public enum OrderType {
    /** Fill at the best available price. */
    MARKET,
    /** Fill at the limit price or better; a marketable limit crosses the spread at once. */
    LIMIT,
    /** Rests untriggered until a trade reaches the trigger price, then acts as {@link #MARKET}. */
    STOP_MARKET,
    /** Rests untriggered until a trade reaches the trigger price, then acts as {@link #LIMIT} at its limit price. */
    STOP_LIMIT
}
