package io.aquatrade.decision;

import static io.aquatrade.decision.DecisionEngine.REASON_REVERSE;
import static io.aquatrade.decision.DecisionEngine.REASON_SCALE_IN;
import static io.aquatrade.decision.DecisionEngine.REASON_SIGNAL;

import io.aquatrade.common.DenyReason;
import io.aquatrade.common.Direction;
import io.aquatrade.common.Side;
import io.aquatrade.common.Signal;
import io.aquatrade.decision.OrderTracker.Order;
import io.aquatrade.decision.risk.RiskDecision;
import io.aquatrade.decision.risk.RiskEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link DecisionEngine}'s entries: from flat, adds to a winning position ({@code scaleIn}), and the two legs of
 * a flatten-and-reverse (the close, then the entry once the close is completely filled). Every entry, whatever its
 * cause, passes through {@link #enter(Strategy, Market, Direction, long, long, long, String)}: the one place where a
 * pre-trade check would deny it.
 *
 * <p>Why a reversal takes two orders and not one netted order of position + entry: its size would have to be guessed
 * before the close's proceeds are known, a venue that refuses shorts would reject the close with it, and the one
 * fill would have to be split between realised P/L and the new entry; two orders keep the ledger exactly the sum of
 * ordinary fills and keep the rule "at most one order outstanding" as it was. Not thread-safe: the engine's thread
 * only.
 */
final class Entries {
    /** The engine's logger, so that the log lines read as they always have. */
    private static final Logger LOG = LoggerFactory.getLogger(DecisionEngine.class);

    private final Sizer sizer;
    private final OrderSender sender;
    private final Denials denials;
    private final ScaleIn scaleIns;
    private final Exits exits;
    private final DecisionCounters counters;
    private final RiskEngine risk;

    /**
     * @param sizer    sizes an entry within the filters and free capital, or denies it
     * @param sender   where entries go
     * @param denials  where an entry signal in the position's direction, or a reversal's entry to a short not
     *                 allowed, is denied
     * @param scaleIns whether an add is allowed
     * @param exits    closes the position, the first leg of a reversal
     * @param counters the engine's counters ({@code alreadyLong}, {@code alreadyShort}, {@code reversals},
     *                 {@code reversalsAbandoned}, {@code shortNotAllowed})
     * @param risk     the pre-trade checks every entry passes, told of every entry sent
     */
    Entries(Sizer sizer, OrderSender sender, Denials denials, ScaleIn scaleIns, Exits exits,
            DecisionCounters counters, RiskEngine risk) {
        this.risk = risk;
        this.sizer = sizer;
        this.sender = sender;
        this.denials = denials;
        this.scaleIns = scaleIns;
        this.exits = exits;
        this.counters = counters;
    }

    /**
     * An entry signal (LONG, or SHORT where allowed) with nothing outstanding: from flat, an entry at the reference
     * price ({@link Sizer#reference}); against the position, a flatten-and-reverse ({@link #reverse}); in the
     * position's direction, an add if {@link #scaleIn} allows it, else a denial ({@link DenyReason#POSITION_OPEN}:
     * one position per strategy and instrument).
     *
     * @param direction the signal's direction, LONG or SHORT
     */
    void signal(Strategy st, Market m, Position p, Direction direction, Signal s) {
        boolean isLong = direction == Direction.LONG;
        if (p.isFlat()) {
            enter(st, m, direction, s.signalId(),
                    Sizer.reference(m, isLong ? Side.BUY : Side.SELL, s.price(), s.eventTimeNs()), s.eventTimeNs());
        } else if (p.isLong() != isLong) {
            reverse(st, m, p, direction, s);
        } else if (!scaleIn(st, m, p, direction, s)) {
            if (isLong) {
                counters.alreadyLong++;
            } else {
                counters.alreadyShort++;
            }
            denials.deny(st, m, s.signalId(), DenyReason.POSITION_OPEN, (isLong
                    ? "LONG while already long " + m.instrument.formatSize(p.quantity())
                    : "SHORT while already short " + m.instrument.formatSize(-p.quantity()))
                    + ": one position per strategy and instrument", s.eventTimeNs());
        }
    }

    /**
     * Adds to a winning position if {@link ScaleIn#allows} it: an entry sized as from flat (the fixed fraction of the
     * free balance), reason {@value DecisionEngine#REASON_SCALE_IN}.
     *
     * @return true if an add was sent (or denied for want of capital); false to deny the signal as before
     */
    boolean scaleIn(Strategy st, Market m, Position p, Direction direction, Signal s) {
        if (!scaleIns.allows(st, m, p, direction)) {
            return false;
        }
        long before = counters.ordersSent;
        Side side = direction == Direction.LONG ? Side.BUY : Side.SELL;
        enter(st, m, direction, s.signalId(), Sizer.reference(m, side, s.price(), s.eventTimeNs()), s.eventTimeNs(),
                REASON_SCALE_IN);
        if (counters.ordersSent > before) {
            st.lastOrders[m.index].attachment().scaleIn = true;
        }
        return true;
    }

    /** Opens a position in the direction from flat, sized at the reference price. */
    void enter(Strategy st, Market m, Direction direction, long signalId, long reference, long eventTimeNs) {
        enter(st, m, direction, signalId, reference, eventTimeNs, REASON_SIGNAL);
    }

    /**
     * The one place every entry passes through (from flat, an add, a reversal's second leg): refused at once while
     * the kill switch is on ({@link DenyReason#KILL_SWITCH}), or while the order router's reconciliation holds the
     * instrument reduce-only ({@link DenyReason#RECONCILIATION}); sized within the instrument's filters and the
     * strategy's free capital ({@link Sizer}, which denies it saying why if it cannot be); checked against every
     * risk rule ({@link RiskEngine#checkEntry}: a refusal is an {@code OrderDenied} with the rule's code, limit and
     * value); then sent with the given reason, its unfilled part reserved at the reference price until it is final,
     * and counted by the risk engine ({@link RiskEngine#onEntrySent}). With {@code entryOrder: {type: limit}} the
     * entry is priced, sized, checked and reserved at the price it rests at ({@link RestingEntries#price}) and sent as
     * a GTC LIMIT ({@link OrderSender#submitResting}); else as {@code orderType} says, IOC.
     *
     * @param direction   LONG (a buy) or SHORT (a sell)
     * @param signalId    the causing signal's id (a reversal's: its close's), 0 if none
     * @param reference   the price it would trade at ({@link Sizer#reference}), price mantissa; 0 if none is known
     * @param eventTimeNs the event time of the input that caused it, UTC epoch ns
     * @param reason      the order's {@link io.aquatrade.common.SubmitOrder#reason()}
     */
    void enter(Strategy st, Market m, Direction direction, long signalId, long reference, long eventTimeNs,
               String reason) {
        if (risk.killSwitchOn()) {
            denials.deny(st, m, signalId, DenyReason.KILL_SWITCH, direction + " entry of " + m.instrument.symbol()
                    + ": the kill switch is on", eventTimeNs);
            return;
        }
        if (m.reconciliation != null) {
            denials.deny(st, m, signalId, DenyReason.RECONCILIATION, direction + " entry of " + m.instrument.symbol()
                    + ": reduce-only until the venue reconciles (" + m.reconciliation + ")", eventTimeNs);
            return;
        }
        Side side = direction == Direction.LONG ? Side.BUY : Side.SELL;
        DecisionConfig.RestingEntry resting = st.config.entryOrder();
        if (resting != null) {
            reference = RestingEntries.price(m, side, resting.offsetBps(), reference); // sized where it rests
        }
        long quantity = sizer.entryQuantity(st, m, direction, signalId, reference, eventTimeNs);
        if (quantity <= 0) {
            return; // denied
        }
        RiskDecision check = risk.checkEntry(st.index, m.index, quantity, reference, eventTimeNs);
        if (!check.ok()) {
            denials.deny(st, m, signalId, check, direction + " entry of " + m.instrument.formatSize(quantity) + " "
                    + m.instrument.symbol() + " at " + m.instrument.formatPrice(reference), eventTimeNs);
            return;
        }
        Order<OrderContext> sent = resting != null
                ? sender.submitResting(st, m, side, quantity, reference, signalId, reason, eventTimeNs,
                        resting.postOnly())
                : sender.submit(st, m, side, quantity, Sizer.limitFor(st, m, side, reference), signalId, reason,
                        eventTimeNs, null, false);
        if (resting != null) {
            sent.attachment().entryStartNs = eventTimeNs;
        }
        risk.onEntrySent(st.index, m.index, eventTimeNs);
        if (!sent.state().isFinal() && sent.quantity() == quantity) {
            sent.attachment().reservePrice = reference;
        }
    }

    /** First leg of a flatten-and-reverse: closes the whole position; the entry follows its complete fill. */
    void reverse(Strategy st, Market m, Position p, Direction then, Signal s) {
        LOG.info("signal {} {} {} of {}: flatten the {} then reverse", s.signalId(), then, m.instrument.symbol(),
                st.id, p.isLong() ? "long" : "short");
        long before = counters.ordersSent;
        exits.exit(st, m, p, s.signalId(), REASON_REVERSE, s.eventTimeNs(), s.price(), false, then);
        if (counters.ordersSent > before) {
            counters.reversals++;
        }
    }

    /** Second leg of a flatten-and-reverse, once its close is completely filled. */
    void afterClose(Order<OrderContext> close, long eventTimeNs) {
        OrderContext ctx = close.attachment();
        Strategy st = ctx.strategy;
        Market m = ctx.market;
        Position p = st.positions[m.index];
        if (!p.isFlat()) {
            counters.reversalsAbandoned++;
            LOG.warn("reversal of {} {} to {} abandoned: {} left the position at {}", st.id, m.instrument.symbol(),
                    ctx.then, close.clientOrderId(), m.instrument.formatSize(p.quantity()));
            return;
        }
        if (ctx.then == Direction.SHORT && !st.config.allowShort()) {
            counters.shortNotAllowed++;
            denials.deny(st, m, close.signalId(), DenyReason.SHORT_NOT_ALLOWED, "reversal to SHORT after "
                    + close.clientOrderId() + ": shorts not allowed (allowShort: false), stays flat", eventTimeNs);
            return;
        }
        enter(st, m, ctx.then, close.signalId(), close.lastFillPrice(), eventTimeNs);
    }

    /** A reversal waiting on {@code close} (not yet followed by its entry) is given up, counted and logged. */
    void abandon(Order<OrderContext> close, String why) {
        OrderContext ctx = close.attachment();
        if (ctx.then != null && !ctx.successorSent) {
            counters.reversalsAbandoned++;
            LOG.warn("reversal of {} {} to {} abandoned: its close {} {}", ctx.strategy.id,
                    ctx.market.instrument.symbol(), ctx.then, close.clientOrderId(), why);
        }
    }
}
