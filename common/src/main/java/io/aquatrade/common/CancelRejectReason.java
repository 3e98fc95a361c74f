package io.aquatrade.common;

/** Why the venue refused a {@link CancelOrder} ({@link CancelRejected#reasonCode()}). */
public enum CancelRejectReason {
    /** The venue knows no order of that client order id. */
    UNKNOWN_ORDER,
    /** The order is already filled, cancelled, expired or rejected. */
    ORDER_FINISHED
}
