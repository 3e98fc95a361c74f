package io.aquatrade.decision;

import static io.aquatrade.decision.DecisionEngine.REASON_SIGNAL;

import io.aquatrade.common.DenyReason;
import io.aquatrade.common.Direction;
import io.aquatrade.common.Side;
import io.aquatrade.decision.OrderTracker.Order;

/**
 * How the {@link DecisionEngine} closes a position: a whole-position exit (a signal's, a stop-loss's, a reversal's
 * close) and the limit exits of strategies with {@code exitOrder: {type: limit, repriceMs, deadlineMs}}: an exit
 * signal rests a reduce-only GTC limit at the best price on its side; it is re-priced every {@code repriceMs} while
 * that price moves, and what is left goes at market once {@code deadlineMs} have passed since the exit began. The
 * limit exit's state lives on its order's {@link OrderContext}. Not thread-safe: the engine's thread only.
 */
final class Exits {
    private final OrderSender sender;
    private final Denials denials;
    private final DecisionCounters counters;

    /**
     * @param sender   where orders and cancels go
     * @param denials  where an exit with nothing to sell is denied
     * @param counters the engine's counters ({@code skippedZeroQuantity})
     */
    Exits(OrderSender sender, Denials denials, DecisionCounters counters) {
        this.sender = sender;
        this.denials = denials;
        this.counters = counters;
    }

    /**
     * Closes the whole position: sells a long (capped at what the ledger can sell), buys a short back; a signal's
     * exit with {@code exitOrder} set rests as a limit exit, any other goes as a market order or, with
     * {@code orderType: limit}, a marketable limit. Denied ({@link DenyReason#NO_POSITION}) if nothing is sellable.
     *
     * @param signalId    the causing signal's id, 0 for a stop
     * @param reason      the order's {@link io.aquatrade.common.SubmitOrder#reason()}
     * @param eventTimeNs the event time of the input that caused it, UTC epoch ns
     * @param fallback    price for a limit's reference when no market price is known (the signal's), 0 if none
     * @param market      true for a market order whatever the strategy's order type (stop-loss)
     * @param then        the direction to enter once this order is completely filled, or null
     */
    void exit(Strategy st, Market m, Position p, long signalId, String reason, long eventTimeNs, long fallback,
              boolean market, Direction then) {
        Side side;
        long quantity;
        if (p.isLong()) {
            side = Side.SELL;
            quantity = Math.min(p.quantity(), st.sellable(m));
        } else {
            side = Side.BUY;
            quantity = -p.quantity();
        }
        if (quantity <= 0) {
            counters.skippedZeroQuantity++;
            denials.deny(st, m, signalId, DenyReason.NO_POSITION, reason + " exit of " + p
                    + ": nothing sellable (ledger " + st.ledger + ")", eventTimeNs);
            return;
        }
        if (!market && then == null && st.config.exitOrder() != null && REASON_SIGNAL.equals(reason)
                && limitExit(st, m, side, quantity, signalId, eventTimeNs, eventTimeNs)) {
            return;
        }
        long limitPrice = market ? 0 : Sizer.limitFor(st, m, side, Sizer.reference(m, side, fallback, eventTimeNs));
        sender.submit(st, m, side, quantity, limitPrice, signalId, reason, eventTimeNs, then, false);
    }

    /** @return the best price on the side an exit rests: the bid for a sell, the ask for a buy, else the last trade */
    private static long restingPrice(Market m, Side side) {
        long quoted = side == Side.SELL ? m.bid : m.ask;
        return quoted > 0 ? quoted : m.lastPrice;
    }

    /**
     * Sends an exit as a reduce-only GTC limit at the best price on its side ({@code exitOrder: {type: limit}}).
     *
     * @param startNs when the exit began (its deadline counts from it), UTC epoch ns
     * @return false (nothing sent) if no price is known: the caller sends its ordinary order
     */
    private boolean limitExit(Strategy st, Market m, Side side, long quantity, long signalId, long eventTimeNs,
                              long startNs) {
        long price = restingPrice(m, side);
        if (price <= 0) {
            return false;
        }
        Order<OrderContext> so = sender.submit(st, m, side, quantity, price, signalId, REASON_SIGNAL, eventTimeNs, null,
                true);
        so.attachment().exitStartNs = startNs;
        so.attachment().pricedAtNs = eventTimeNs;
        so.attachment().exitLimit = price;
        return true;
    }

    /**
     * On each tick: a resting limit exit whose deadline ({@code deadlineMs} after the exit began) has passed is
     * cancelled to go to market; one priced {@code repriceMs} ago or more whose side's best price has moved is
     * cancelled to be re-priced. The next order follows the venue's {@code OrderCanceled} (see {@link #ended}), so
     * the two never rest together. Allocation-free unless a cancel is sent.
     */
    void reprice(Market m, long eventTimeNs) {
        Position[] positions = m.positions;
        for (int i = 0; i < positions.length; i++) {
            Strategy st = m.owners[i];
            Position p = positions[i];
            if (st.config.exitOrder() == null || p.pendingOrderId() == null) {
                continue;
            }
            Order<OrderContext> so = sender.tracker().get(p.pendingOrderId());
            if (so == null || so.state().isFinal() || so.attachment().exitStartNs == 0
                    || so.attachment().cancelSent) {
                continue;
            }
            OrderContext ctx = so.attachment();
            DecisionConfig.LimitExit rule = st.config.exitOrder();
            if (eventTimeNs - ctx.exitStartNs >= rule.deadlineMs() * 1_000_000L) {
                ctx.toMarket = true;
                sender.cancel(so, "deadline " + rule.deadlineMs() + " ms passed: the rest goes at market", eventTimeNs);
            } else if (eventTimeNs - ctx.pricedAtNs >= rule.repriceMs() * 1_000_000L) {
                long price = restingPrice(m, so.side());
                if (price > 0 && price != ctx.exitLimit) {
                    sender.cancel(so, "re-price from " + m.instrument.formatPrice(ctx.exitLimit) + " to "
                            + m.instrument.formatPrice(price), eventTimeNs);
                }
            }
        }
    }

    /**
     * After an order ended (cancelled or expired): a limit exit whose cancel this class sent, to re-price it or to go
     * to market at its deadline, is followed by the rest of the position: at market after the deadline; else a new
     * limit exit at the side's best price (at market if no price is known). Nothing while the engine rebuilds, or
     * once the position is flat.
     *
     * @param so          the order that just ended
     * @param eventTimeNs the event time of its end, UTC epoch ns
     */
    void ended(Order<OrderContext> so, long eventTimeNs) {
        OrderContext ctx = so.attachment();
        Position p = ctx.strategy.positions[ctx.market.index];
        if (ctx.exitStartNs > 0 && ctx.cancelSent && !p.isFlat() && !sender.rebuilding) {
            // a limit exit cancelled to re-price or to go to market: the rest of the position follows
            Strategy st = ctx.strategy;
            if (ctx.toMarket) {
                exit(st, ctx.market, p, so.signalId(), REASON_SIGNAL, eventTimeNs, 0, true, null);
            } else {
                Side side = p.isLong() ? Side.SELL : Side.BUY;
                long quantity = p.isLong() ? Math.min(p.quantity(), st.sellable(ctx.market)) : -p.quantity();
                if (quantity > 0 && !limitExit(st, ctx.market, side, quantity, so.signalId(), eventTimeNs,
                        ctx.exitStartNs)) {
                    exit(st, ctx.market, p, so.signalId(), REASON_SIGNAL, eventTimeNs, 0, true, null);
                }
            }
        }
    }
}
