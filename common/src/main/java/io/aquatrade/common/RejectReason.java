package io.aquatrade.common;

/** Why the venue (or the router's own checks before it) rejected an order ({@link OrderRejected#reasonCode()}). */
public enum RejectReason {
    /** The order is malformed: a field is missing or out of range (the text names it). */
    INVALID,
    /** The instrument is not configured or not traded on the venue. */
    UNKNOWN_INSTRUMENT,
    /** The account's balance cannot pay for the order. */
    INSUFFICIENT_BALANCE,
    /** The price is not a multiple of the instrument's {@code tickSize} (Binance's PRICE_FILTER). */
    PRICE_FILTER,
    /** The quantity is below {@code minQty} or not a multiple of {@code stepSize} (Binance's LOT_SIZE). */
    LOT_SIZE,
    /** The notional is below {@code minNotional} (Binance's NOTIONAL / MIN_NOTIONAL). */
    MIN_NOTIONAL,
    /** A post-only order would have crossed the spread and taken liquidity. */
    POST_ONLY_WOULD_CROSS,
    /** A reduce-only order would open or grow a position. */
    REDUCE_ONLY,
    /** No price to fill a market order against yet. */
    NO_PRICE,
    /** An immediate limit order (IOC or FOK) found no price at or better than its limit. */
    LIMIT_NOT_MARKETABLE,
    /** The venue refused the order for another reason, given in the text. */
    VENUE,
    /**
     * The venue's rate limit (a budget near its limit, a 429's back-off or a 418 ban) held the order back longer
     * than it may wait; it was never sent (the text says how long and why).
     */
    RATE_LIMIT,
    /**
     * The venue gave up on an order whose outcome it could not learn (a placement with no answer, a 5xx, Binance's
     * -1007, or one an earlier run may have sent), or that it would not send because an earlier run may have: nothing
     * was booked, but the exchange may still place it. The venue <b>watches</b> it for a day from this message's
     * event time and books it under this order if the exchange shows it after all (an {@code OrderAccepted} after
     * this rejection); a restarted router rebuilds that watch list from these rejections on {@code executions}. The
     * text says what happened (the rate limit included, when it held the order back).
     */
    OUTCOME_UNKNOWN
}
