package io.aquatrade.common;

/** The {@code orders} topic, written by decision-engine: order commands for the venue router. */
public interface OrderListener extends ProgressListener {
    /** Submit an order; the argument is reused after the call returns. */
    void submitOrder(SubmitOrder order);
}
