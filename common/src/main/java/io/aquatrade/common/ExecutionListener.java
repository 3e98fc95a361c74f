package io.aquatrade.common;

/**
 * The {@code executions} topic, written by order-router: execution reports, and the balance and position changes
 * they cause. Every argument is reused after the call returns.
 */
public interface ExecutionListener extends ProgressListener {
    /** The venue accepted an order. */
    void orderAccepted(OrderAccepted accepted);

    /** The venue or the router rejected an order; nothing was filled. */
    void orderRejected(OrderRejected rejected);

    /** An order was (partly) filled. */
    void orderFilled(OrderFilled filled);

    /** An account balance changed, or is announced at start-up. */
    void balanceUpdate(BalanceUpdate balance);

    /** A strategy's position changed after a fill. */
    void positionUpdate(PositionUpdate position);

    /** A working order was cancelled at the decision engine's request. Ignored by default. */
    default void orderCanceled(OrderCanceled canceled) {
    }

    /** An order ended by its time in force (IOC rest, FOK not fillable whole). Ignored by default. */
    default void orderExpired(OrderExpired expired) {
    }

    /** A cancel was refused: unknown or finished order. Ignored by default. */
    default void cancelRejected(CancelRejected rejected) {
    }

    /**
     * The router's reconciliation with its venue changed an instrument's state: reduce-only (a difference beyond
     * tolerance) or resolved. Ignored by default.
     */
    default void reconciliation(ReconciliationStatus status) {
    }

    /**
     * The venue's rate limit stopped requests: a back-off after an HTTP 429 or a ban after an HTTP 418. Informational
     * (the notifier alerts on it). Ignored by default.
     */
    default void rateLimit(RateLimitStatus status) {
    }
}
