package io.aquatrade.common;

/** A topic message stamped with the UTC epoch nanosecond at which it happened, in event time. */
public interface Event {
    /** @return when this happened, UTC epoch nanoseconds (venue time for market data, decision time otherwise) */
    long eventTimeNs();
}
