package io.aquatrade.common;

/**
 * Why the decision engine did not turn a signal, stop or exit into an order ({@link OrderDenied#reasonCode()}).
 * The risk rules' codes ({@link #isRiskRule()}) come with the limit and the value that tripped it
 * ({@link OrderDenied#limit()}, {@link OrderDenied#value()}, {@link OrderDenied#decimals()}).
 */
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
    UNKNOWN_STRATEGY,
    /** Risk: the day's realised plus unrealised loss reached {@code maxDailyLoss}; limit and value in the quote asset. */
    DAILY_LOSS(true),
    /** Risk: the day's entries reached {@code maxTradesPerDay}; limit and value are counts. */
    MAX_TRADES_PER_DAY(true),
    /** Risk: the entry would take open notional above {@code maxExposure}; limit and value in the quote asset. */
    MAX_EXPOSURE(true),
    /** Risk: the strategy already holds {@code maxOpenPositions} positions; limit and value are counts. */
    MAX_OPEN_POSITIONS(true),
    /** Risk: the instrument is cooling down after losing round trips or a stop-out; limit and value in ms. */
    COOLDOWN(true),
    /** Risk: the entry would deploy more than {@code capitalRule} allows; limit and value in the quote asset. */
    CAPITAL_RULE(true),
    /** Risk: the instrument's last tick is older than {@code staleAfterMs}; limit and value in ms. */
    STALE_MARKET_DATA(true),
    /** Risk: the spread is wider than {@code maxSpreadBps}; limit and value in basis points (2 decimals). */
    SPREAD_TOO_WIDE(true),
    /** Risk: the kill switch is on: no new entries; limit and value are 0. */
    KILL_SWITCH(true),
    /**
     * Risk: the order router's reconciliation found the instrument's balances or orders at the venue differing
     * from {@code executions} beyond tolerance ({@link ReconciliationStatus}): reduce-only, no entries until a later
     * reconciliation finds it resolved; limit and value are 0.
     */
    RECONCILIATION(true);

    private final boolean riskRule;

    DenyReason() {
        this(false);
    }

    DenyReason(boolean riskRule) {
        this.riskRule = riskRule;
    }

    /** @return true for a risk rule's code: its denial carries the limit and the value that tripped it */
    public boolean isRiskRule() {
        return riskRule;
    }
}
