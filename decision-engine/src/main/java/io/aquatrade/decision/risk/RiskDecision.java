package io.aquatrade.decision.risk;

import io.aquatrade.common.DenyReason;
import io.aquatrade.common.OrderDenied;

/**
 * The answer of {@link RiskEngine#checkEntry}: OK, or the rule that refused the entry with its limit and the value
 * that reached or crossed it, as exact mantissas with {@link #decimals()}. One instance per engine, overwritten by
 * every check (no allocation per check): read it before the next check.
 */
public final class RiskDecision {
    private DenyReason reason;
    private long limit;
    private long value;
    private int decimals;

    /** @return true if the entry may go */
    public boolean ok() {
        return reason == null;
    }

    /** @return the rule that refused the entry, null when {@link #ok()} */
    public DenyReason reason() {
        return reason;
    }

    /** @return the rule's limit, mantissa with {@link #decimals()}; 0 when ok */
    public long limit() {
        return limit;
    }

    /** @return the value that tripped the rule, mantissa with {@link #decimals()}; 0 when ok */
    public long value() {
        return value;
    }

    /**
     * @return decimals of {@link #limit()} and {@link #value()}: the quote asset's for money (daily loss, exposure,
     * capital rule), 0 for counts and milliseconds, 2 for basis points of the spread
     */
    public int decimals() {
        return decimals;
    }

    /**
     * Copies the refusal onto a denial (reason code, limit, value, decimals); the caller sets the rest.
     *
     * @param denied the message to fill
     * @return the message
     */
    public OrderDenied copyTo(OrderDenied denied) {
        return denied.reasonCode(reason).limit(limit).value(value).decimals(decimals);
    }

    RiskDecision allow() {
        reason = null;
        limit = 0;
        value = 0;
        decimals = 0;
        return this;
    }

    RiskDecision deny(DenyReason reason, long limit, long value, int decimals) {
        this.reason = reason;
        this.limit = limit;
        this.value = value;
        this.decimals = decimals;
        return this;
    }

    @Override
    public String toString() {
        return ok() ? "OK" : reason + " limit " + limit + " value " + value + " (" + decimals + " decimals)";
    }
}
