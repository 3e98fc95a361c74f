package io.aquatrade.decision;

import io.aquatrade.common.DenyReason;

/**
 * What the {@link DecisionEngine} did with its inputs since the process started (not restored after a restart,
 * except where said): for the log summary and tests. Read-only to everyone but the engine; not thread-safe.
 */
public final class DecisionCounters {
    long signalsSeen;
    long ordersSent;
    long stopLosses;
    long skippedZeroQuantity;
    long skippedNoPrice;
    long skippedOutstanding;
    long alreadyLong;
    long alreadyFlat;
    long alreadyShort;
    long shortNotAllowed;
    long reversals;
    long reversalsAbandoned;
    long unknownStrategySignals;
    long unknownInstrumentSignals;
    long duplicateSignals;
    long fillsApplied;
    long duplicateFills;
    long unknownOrderFills;
    long foreignExecutions;
    long rejections;
    long ordersRestored;
    long ordersCanceled;
    long ordersExpired;
    long ordersTimedOut;
    long lateFills;
    /** Per {@link DenyReason#ordinal()}: denials written. */
    final long[] denied = new long[DenyReason.values().length];

    DecisionCounters() {
    }

    /** @return signals received, whatever became of them */
    public long signalsSeen() {
        return signalsSeen;
    }

    /** @return orders written, stop-losses included (restored orders are not counted) */
    public long ordersSent() {
        return ordersSent;
    }

    /** @return stop-loss sell orders written */
    public long stopLosses() {
        return stopLosses;
    }

    /** @return entries or exits skipped because the sized quantity was 0 lots */
    public long skippedZeroQuantity() {
        return skippedZeroQuantity;
    }

    /** @return entries skipped because no price was known (no quote, no trade, signal price 0) */
    public long skippedNoPrice() {
        return skippedNoPrice;
    }

    /** @return signals ignored because an order of that strategy and instrument was outstanding */
    public long skippedOutstanding() {
        return skippedOutstanding;
    }

    /** @return every signal or stop check that sent nothing for lack of size, price or because one was pending */
    public long skipped() {
        return skippedZeroQuantity + skippedNoPrice + skippedOutstanding;
    }

    /** @return LONG signals ignored because the strategy was already long */
    public long alreadyLong() {
        return alreadyLong;
    }

    /** @return FLAT signals ignored because the strategy was already flat */
    public long alreadyFlat() {
        return alreadyFlat;
    }

    /** @return SHORT signals ignored because the strategy was already short */
    public long alreadyShort() {
        return alreadyShort;
    }

    /**
     * @return SHORT signals of strategies without {@code allowShort} (an open position was flattened instead), and
     * reversals to short not entered because the strategy no longer allows shorts
     */
    public long shortNotAllowed() {
        return shortNotAllowed;
    }

    /** @return flatten-and-reverse closes sent (their entries are counted in {@link #ordersSent()} when sent) */
    public long reversals() {
        return reversals;
    }

    /** @return reversals whose entry was not sent: the close was rejected or left part of the position */
    public long reversalsAbandoned() {
        return reversalsAbandoned;
    }

    /** @return signals of a strategy id not in the decision-engine section, ignored */
    public long unknownStrategySignals() {
        return unknownStrategySignals;
    }

    /** @return signals for an instrument not in the config, ignored */
    public long unknownInstrumentSignals() {
        return unknownInstrumentSignals;
    }

    /** @return signals seen again after one with the same or a later id had already caused an order, ignored */
    public long duplicateSignals() {
        return duplicateSignals;
    }

    /** @return fills booked into ledgers and positions (including those replayed at start-up) */
    public long fillsApplied() {
        return fillsApplied;
    }

    /** @return fills seen again (same client order id and trade id), ignored */
    public long duplicateFills() {
        return duplicateFills;
    }

    /** @return fills of a configured strategy for a client order id this engine never sent, booked anyway */
    public long unknownOrderFills() {
        return unknownOrderFills;
    }

    /** @return executions of strategies not configured here, ignored */
    public long foreignExecutions() {
        return foreignExecutions;
    }

    /** @return orders rejected by the venue or router */
    public long rejections() {
        return rejections;
    }

    /** @return orders read back from the orders topic at start-up */
    public long ordersRestored() {
        return ordersRestored;
    }

    /** @return orders the venue cancelled at the engine's request */
    public long ordersCanceled() {
        return ordersCanceled;
    }

    /** @return orders ended by their time in force (IOC remainder, FOK) */
    public long ordersExpired() {
        return ordersExpired;
    }

    /** @return orders the venue did not answer within {@code decision-engine.orderTimeoutMs} */
    public long ordersTimedOut() {
        return ordersTimedOut;
    }

    /** @return fills of an order met after it had ended (cancelled, expired or timed out), booked */
    public long lateFills() {
        return lateFills;
    }

    /**
     * @param reason a deny reason
     * @return {@link io.aquatrade.common.OrderDenied} messages written with that reason
     */
    public long denied(DenyReason reason) {
        return denied[reason.ordinal()];
    }

    /** @return {@link io.aquatrade.common.OrderDenied} messages written, all reasons */
    public long denied() {
        long sum = 0;
        for (long d : denied) {
            sum += d;
        }
        return sum;
    }

    /** @return the denials by reason, e.g. "ORDER_OUTSTANDING 2, FILTER 1"; "none" without any (allocates) */
    public String deniedByReason() {
        StringBuilder sb = new StringBuilder();
        for (DenyReason r : DenyReason.values()) {
            if (denied[r.ordinal()] > 0) {
                sb.append(sb.length() == 0 ? "" : ", ").append(r).append(' ').append(denied[r.ordinal()]);
            }
        }
        return sb.length() == 0 ? "none" : sb.toString();
    }

    @Override
    public String toString() {
        return "signals " + signalsSeen + ", orders " + ordersSent + " (stop-loss " + stopLosses + ", restored "
                + ordersRestored + "), skipped: zero quantity " + skippedZeroQuantity + ", no price " + skippedNoPrice
                + ", outstanding " + skippedOutstanding + "; ignored: already long " + alreadyLong
                + ", already flat " + alreadyFlat + ", already short " + alreadyShort + ", short not allowed "
                + shortNotAllowed + ", unknown strategy " + unknownStrategySignals + ", unknown instrument "
                + unknownInstrumentSignals + ", duplicate signals " + duplicateSignals + "; fills " + fillsApplied
                + " (duplicate " + duplicateFills + ", unknown order " + unknownOrderFills + "), rejections "
                + rejections + ", foreign executions " + foreignExecutions + "; reversals " + reversals
                + " (abandoned " + reversalsAbandoned + "); canceled " + ordersCanceled + ", expired "
                + ordersExpired + ", timed out " + ordersTimedOut + ", late fills " + lateFills + "; denied: "
                + deniedByReason();
    }
}
