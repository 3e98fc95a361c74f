package io.aquatrade.decision;

import io.aquatrade.common.Direction;

/** What the engine attaches to each tracked order: whose it is and what follows it. */
final class OrderContext {
    final Strategy strategy;
    final Market market;
    /** For the close of a reversal: the direction to enter once it is completely filled; else null. */
    Direction then;
    /** True once a later order of the same strategy and instrument was sent or restored. */
    boolean successorSent;
    /** For an entry: the reference price it was sized at, whose unfilled part stays reserved; else 0. */
    long reservePrice;
    /** For a protective stop: its trigger price (price mantissa); else 0. */
    long stopTriggerPrice;
    /** For a protective stop or a take-profit: true once its cancel was sent. */
    boolean cancelSent;
    /** True for a take-profit limit. */
    boolean takeProfit;
    /** True for an add to a winning position ({@code scaleIn}). */
    boolean scaleIn;
    /** For a resting limit exit: when the exit began (its deadline counts from it), UTC epoch ns; else 0. */
    long exitStartNs;
    /** For a resting limit exit: when it was priced, UTC epoch ns. */
    long pricedAtNs;
    /** For a resting limit exit: its limit price, price mantissa. */
    long exitLimit;
    /** For a resting limit exit: true once cancelled at its deadline, so that the rest goes at market. */
    boolean toMarket;

    /**
     * For a resting entry ({@code entryOrder: {type: limit}}): when it was placed (its timeout counts from it), UTC
     * epoch ns; else 0.
     */
    long entryStartNs;
    /**
     * For a resting entry an exit signal cancelled: that signal's id (or -1 if not known, after a restart), so that
     * what the entry filled is closed once the cancel is answered; else 0.
     */
    long exitSignalId;

    /** True for a stop-loss exit of the engine's own check (reason {@code stop-loss}): its fill is a stop-out. */
    boolean stopLoss;
    /**
     * For an order restored from the {@code orders} topic at start-up, not yet counted by the risk engine:
     * {@link #ENTRY} (a scale-in add), {@link #MAYBE_ENTRY} (a {@code signal} order: an entry if the position is flat,
     * or on its side, when its first execution is replayed); else 0.
     */
    byte restoredEntry;
    /** {@link #restoredEntry}: an entry. */
    static final byte ENTRY = 1;
    /** {@link #restoredEntry}: an entry or an exit, decided by the position when its first execution is met. */
    static final byte MAYBE_ENTRY = 2;

    OrderContext(Strategy strategy, Market market) {
        this.strategy = strategy;
        this.market = market;
    }
}
