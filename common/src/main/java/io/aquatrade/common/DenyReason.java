package io.aquatrade.common;

/** Why the decision engine did not turn a signal, stop or exit into an order ({@link OrderDenied#reasonCode()}). */
public enum DenyReason {
    /** The strategy already has an order working on the instrument. */
    ORDER_OUTSTANDING,
    /** No price known for the instrument yet (no trade or quote seen). */
    NO_PRICE,
    /** The order's quantity is below the instrument's minimum quantity ({@code minQty}) or rounds to 0 lots. */
    BELOW_MIN_QUANTITY,
    /** The order's notional is below the instrument's minimum notional ({@code minNotional}). */
    BELOW_MIN_NOTIONAL,
    /** The strategy's ledger cannot pay for the order (and its fee). */
    INSUFFICIENT_CAPITAL,
    /** An entry filter of the strategy blocked the entry. */
    FILTER,
    /** The strategy already holds a position on that side: one position per strategy and instrument. */
    POSITION_OPEN,
    /** A SHORT entry for a strategy that may not go short ({@code allowShort: false}). */
    SHORT_NOT_ALLOWED,
    /** Nothing to exit: the strategy holds no position on the instrument. */
    NO_POSITION,
    /** The signal names a strategy or instrument the decision engine does not trade. */
    UNKNOWN_STRATEGY
}
