package io.aquatrade.common;

/** The {@code orders} topic, written by decision-engine: order commands for the venue router. */
public interface OrderListener extends ProgressListener {
    /** Submit an order; the argument is reused after the call returns. */
    void submitOrder(SubmitOrder order);

    /**
     * Cancel a working order; the argument is reused after the call returns. Ignored by default: a reader that
     * does not act on cancels (a report, a display) need not implement it.
     */
    default void cancelOrder(CancelOrder cancel) {
    }

    /**
     * A signal, stop or exit was not turned into an order, and why; the argument is reused after the call returns.
     * Ignored by default: the router has nothing to do with it.
     */
    default void orderDenied(OrderDenied denied) {
    }
}
