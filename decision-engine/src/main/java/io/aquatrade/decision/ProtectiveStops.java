package io.aquatrade.decision;

import static io.aquatrade.decision.DecisionEngine.REASON_PROTECTIVE_STOP;
import static io.aquatrade.decision.DecisionEngine.REASON_STOP_LOSS;

import java.util.List;

import io.aquatrade.common.OrderType;
import io.aquatrade.common.Side;
import io.aquatrade.common.SubmitOrder;
import io.aquatrade.common.TimeInForce;
import io.aquatrade.decision.DecisionConfig.StopOrder;
import io.aquatrade.decision.OrderTracker.Order;
import io.aquatrade.decision.risk.AtrTrailingStop;
import io.aquatrade.decision.risk.StopLoss;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every position's stop: its stop price ({@code stopLossBps} from the average entry price, tightened by a trailing
 * stop that follows the best trade since entry, {@code trailingStop: {bps: N}} or {@code {atr: M}}), the engine's own
 * stop-loss check on each tick, and, with {@code stopOrder: market | limit}, the protective stop resting at the venue,
 * moved only by placing the new stop before cancelling the old. Owns, per strategy and instrument, the stop working at
 * the venue, the best price since entry and an ATR trailing stop's level. Not thread-safe: the engine's thread only.
 */
final class ProtectiveStops {
    /** The engine's logger, so that the log lines read as they always have. */
    private static final Logger LOG = LoggerFactory.getLogger(DecisionEngine.class);

    private final OrderSender sender;
    private final Exits exits;
    private final DecisionCounters counters;
    /**
     * Per {@link Strategy#index} and {@link Market#index}: the protective stop placed last at the venue and not known
     * to be final, or null (always null with {@code stopOrder: none}).
     */
    private final Order<OrderContext>[][] resting;
    /**
     * Per {@link Strategy#index} and {@link Market#index}: the best trade price since the position was opened
     * (highest for a long, lowest for a short), price mantissa; 0 while flat. Not restored after a restart: it
     * restarts from the fills replayed.
     */
    private final long[][] bestPrices;
    /**
     * Per {@link Strategy#index} and {@link Market#index}, with {@code trailingStop: {atr: M}}: the trailing stop's
     * level in force, price mantissa ({@link AtrTrailingStop}: {@code best - floor(M x ATR)} for a long,
     * {@code best + floor(M x ATR)} for a short, at the best price and ATR that made it tightest since entry); 0 while
     * flat or while no ATR has been known since entry. Only ever tightens: a larger ATR does not loosen it.
     */
    private final long[][] atrStops;

    /**
     * @param strategies  how many strategies are configured
     * @param instruments how many instruments are configured
     * @param sender      where stops and their cancels go
     * @param exits       how the engine's own check closes a position
     * @param counters    the engine's counters ({@code stopLosses})
     */
    ProtectiveStops(int strategies, int instruments, OrderSender sender, Exits exits, DecisionCounters counters) {
        this.sender = sender;
        this.exits = exits;
        this.counters = counters;
        @SuppressWarnings("unchecked")
        Order<OrderContext>[][] stops = (Order<OrderContext>[][]) new Order<?>[strategies][instruments];
        this.resting = stops;
        this.bestPrices = new long[strategies][instruments];
        this.atrStops = new long[strategies][instruments];
    }

    /**
     * After a fill was booked: the best price since entry starts at a new position's fill, follows fills in the
     * position's favour, and is 0 once flat; the position's stop price is set from it ({@link #stopFor}).
     *
     * @param before    the position's quantity before the fill, size mantissa (negative: short)
     * @param fillPrice the fill's price, price mantissa
     */
    void filled(Strategy st, Market m, long before, long fillPrice) {
        Position p = st.positions[m.index];
        long[] best = bestPrices[st.index];
        if (p.isFlat()) {
            best[m.index] = 0;
            atrStops[st.index][m.index] = 0;
        } else if (before == 0 || (before > 0) != p.isLong()) {
            best[m.index] = fillPrice; // a new position: the best price since entry starts at its fill
            atrStops[st.index][m.index] = 0;
        } else {
            best[m.index] = p.isLong() ? Math.max(best[m.index], fillPrice) : Math.min(best[m.index], fillPrice);
        }
        p.stopPrice(p.isFlat() ? 0 : stopFor(st, m, p, best[m.index]));
    }

    /**
     * @return the stop in force for an open position: {@code stopLossBps}'s from the average entry price, or, with a
     * trailing stop, the tighter of that and the trailing one from the best price since entry (a long:
     * {@code max(ceil(entry x (1 - stopLossBps/10000)), trailing)} with trailing
     * {@code ceil(best x (1 - trailingBps/10000))}, or, in ATR multiples, the highest {@code best - floor(M x ATR)}
     * since entry; a short: the min of {@code floor(entry x (1 + stopLossBps/10000))} and
     * {@code floor(best x (1 + trailingBps/10000))}, or the lowest {@code best + floor(M x ATR)} since entry); the
     * engine's check triggers strictly beyond it. Without a known ATR an ATR trailing stop has no level yet and the
     * fixed stop alone is in force.
     */
    private long stopFor(Strategy st, Market m, Position p, long best) {
        long fixed = p.isLong() ? st.stopLoss.triggerPrice(p.avgEntryPrice())
                : st.stopLoss.shortTriggerPrice(p.avgEntryPrice());
        long trailing = best <= 0 ? 0 : trailingLevel(st, m, p.isLong(), best);
        if (trailing <= 0) {
            return fixed;
        }
        return p.isLong() ? Math.max(fixed, trailing) : Math.min(fixed, trailing);
    }

    /**
     * @return the trailing stop's level at this best price since entry, price mantissa, 0 for none: with
     * {@code {bps: N}} from the best price alone; with {@code {atr: M}} the level of the best price and the strategy's
     * latest ATR on the instrument ({@link AtrTrailingStop}) if it is tighter than the level held
     * ({@link #atrStops}, updated), else the level held
     */
    private long trailingLevel(Strategy st, Market m, boolean isLong, long best) {
        if (st.trailing != null) {
            return isLong ? st.trailing.triggerPrice(best) : st.trailing.shortTriggerPrice(best);
        }
        if (st.trailingAtr == null) {
            return 0;
        }
        long atr = st.atr[m.index];
        long level = isLong ? st.trailingAtr.triggerPrice(best, atr) : st.trailingAtr.shortTriggerPrice(best, atr);
        long[] held = atrStops[st.index];
        if (level > 0 && (held[m.index] == 0 || (isLong ? level > held[m.index] : level < held[m.index]))) {
            held[m.index] = level;
        }
        return held[m.index];
    }

    /**
     * After a signal of the strategy on the instrument handed the engine its ATR ({@code st.atr}): with
     * {@code trailingStop: {atr: M}} and a position open, the trailing stop is measured again from the best price
     * since entry with that ATR; it moves if that tightens it (a smaller ATR, or the first one known since entry), a
     * venue stop by replace-then-cancel ({@link #sync}); a larger ATR leaves it where it is. Allocation-free unless a
     * venue stop moves.
     *
     * @param eventTimeNs the signal's event time, UTC epoch ns
     */
    void atrChanged(Strategy st, Market m, long eventTimeNs) {
        Position p = st.positions[m.index];
        long best = bestPrices[st.index][m.index];
        if (st.trailingAtr == null || p.isFlat() || best <= 0) {
            return;
        }
        long stop = stopFor(st, m, p, best);
        if (tightens(p, stop)) {
            p.stopPrice(stop);
            sync(st, m, eventTimeNs);
        }
    }

    /**
     * @return true if {@code stop} is tighter than the position's stop in force (closer to the market: higher for a
     * long, lower for a short), or none is set: a trailing stop only ever tightens, also after a restart that
     * brought back a stop tighter than the fills replayed would give
     */
    private static boolean tightens(Position p, long stop) {
        long now = p.stopPrice();
        return now == 0 || (p.isLong() ? stop > now : stop < now);
    }

    /**
     * A trade moves each trailing stop of its instrument in the position's favour: a price beyond the best since
     * entry becomes the best, and the stop follows if that tightens it (a venue stop by replace-then-cancel, see
     * {@link #sync}). Allocation-free unless a venue stop moves.
     */
    void trail(Market m, long price, long eventTimeNs) {
        Position[] positions = m.positions;
        for (int i = 0; i < positions.length; i++) {
            Strategy st = m.owners[i];
            Position p = positions[i];
            if ((st.trailing == null && st.trailingAtr == null) || p.isFlat()) {
                continue;
            }
            long best = bestPrices[st.index][m.index];
            if (p.isLong() ? price <= best : price >= best) {
                continue;
            }
            bestPrices[st.index][m.index] = price;
            long stop = stopFor(st, m, p, price);
            if (tightens(p, stop)) {
                p.stopPrice(stop);
                sync(st, m, eventTimeNs);
            }
        }
    }

    /**
     * The engine's own stop-loss check, on every trade and quote of the instrument, for each position with nothing
     * outstanding and no venue stop working ({@link StopLoss}): a long is sold when its mark (best bid if a quote is
     * known, else the last trade) is strictly below its stop price, a short bought back when its mark (best ask, else
     * the last trade) is strictly above it; reason {@value DecisionEngine#REASON_STOP_LOSS}, always at market.
     * Allocation-free unless a stop triggers.
     *
     * @param eventTimeNs the tick's event time, UTC epoch ns
     */
    void check(Market m, long eventTimeNs) {
        long longMark = m.bid > 0 ? m.bid : m.lastPrice;
        long shortMark = m.ask > 0 ? m.ask : m.lastPrice;
        Position[] positions = m.positions;
        for (int i = 0; i < positions.length; i++) {
            Position p = positions[i];
            if (p.pendingOrderId() != null || p.isFlat()) {
                continue;
            }
            Order<OrderContext> venueStop = resting[m.owners[i].index][m.index];
            if (venueStop != null && !venueStop.state().isFinal()) {
                continue; // the venue holds the stop; the engine's own check stands in only when none is working
            }
            if (p.isLong() ? StopLoss.triggered(longMark, p.stopPrice())
                    : StopLoss.triggeredShort(shortMark, p.stopPrice())) {
                Strategy st = m.owners[i];
                LOG.info("stop-loss {} {}: mark {} {} {} (entry {})", st.id, m.instrument.symbol(),
                        m.instrument.formatPrice(p.isLong() ? longMark : shortMark), p.isLong() ? "below" : "above",
                        m.instrument.formatPrice(p.stopPrice()), m.instrument.formatPrice(p.avgEntryPrice()));
                long before = counters.ordersSent;
                exits.exit(st, m, p, 0, REASON_STOP_LOSS, eventTimeNs, 0, true, null);
                if (counters.ordersSent > before) {
                    counters.stopLosses++;
                }
            }
        }
    }

    /**
     * With {@code stopOrder: market | limit}, makes the venue hold exactly one protective stop for the position as it
     * now stands: none when flat (the working one is cancelled); else a reduce-only GTC STOP_MARKET or STOP_LIMIT
     * of the position's quantity (a long's capped at what the ledger can sell) at the stop price. A working stop of
     * that side, open quantity and trigger is kept; any other is replaced: the new stop is sent first and the old
     * one cancelled after, so the open quantity is never without a stop. Called after every fill booked.
     *
     * <p>Trigger: the engine's own check stops a long when its mark is strictly below
     * {@code t = ceil(entry x (1 - stopLossBps/10000))}, and the venue triggers a sell stop when a trade is at or
     * below its trigger, so a long's trigger is {@code t - 1} (prices are integers: {@code < t} is {@code <= t - 1});
     * a short's is {@code floor(entry x (1 + stopLossBps/10000)) + 1}. A STOP_LIMIT's limit is
     * {@code stopLimitOffsetBps} past the trigger ({@link MarketableLimit#price}). A long whose trigger would be 0 or
     * below (stopLossBps 10000) has no stop.
     */
    void sync(Strategy st, Market m, long eventTimeNs) {
        if (st.config.stopOrder() == StopOrder.NONE || sender.rebuilding) {
            return;
        }
        Order<OrderContext> working = resting[st.index][m.index];
        if (working != null && (working.state().isFinal() || working.attachment().cancelSent)) {
            working = null;
            resting[st.index][m.index] = null;
        }
        Position p = st.positions[m.index];
        Side side = p.isLong() ? Side.SELL : Side.BUY;
        long quantity = p.isFlat() ? 0 : p.isLong() ? Math.min(p.quantity(), st.sellable(m)) : -p.quantity();
        long trigger = p.isFlat() ? 0 : p.isLong() ? p.stopPrice() - 1 : Math.addExact(p.stopPrice(), 1);
        if (quantity <= 0 || trigger <= 0) {
            if (working != null) {
                sender.cancel(working, "position " + m.instrument.formatSize(p.quantity()) + " needs no stop",
                        eventTimeNs);
                resting[st.index][m.index] = null;
            }
            return;
        }
        if (working != null && working.side() == side && working.openQuantity() == quantity
                && working.attachment().stopTriggerPrice == trigger) {
            return;
        }
        long limitPrice = st.config.stopOrder() == StopOrder.LIMIT
                ? MarketableLimit.price(side, trigger, st.config.stopLimitOffsetBps(), m.instrument.priceDecimals())
                : 0;
        sender.next(st, m).side(side)
                .orderType(limitPrice > 0 ? OrderType.STOP_LIMIT : OrderType.STOP_MARKET)
                .timeInForce(TimeInForce.GTC)
                .quantity(quantity)
                .triggerPrice(trigger)
                .limitPrice(limitPrice)
                .reduceOnly(true)
                .signalId(0)
                .reason(REASON_PROTECTIVE_STOP)
                .eventTimeNs(eventTimeNs);
        Order<OrderContext> stop = sender.send(st, m);
        stop.attachment().stopTriggerPrice = trigger;
        resting[st.index][m.index] = stop;
        if (LOG.isInfoEnabled()) {
            LOG.info("order {} {} {} {} stop {}{} (protective stop{})", stop.clientOrderId(), side,
                    m.instrument.formatSize(quantity), m.instrument.symbol(), m.instrument.formatPrice(trigger),
                    limitPrice > 0 ? " limit " + m.instrument.formatPrice(limitPrice) : "",
                    working == null ? "" : ", replaces " + working.clientOrderId());
        }
        if (working != null) {
            sender.cancel(working, "replaced by " + stop.clientOrderId(), eventTimeNs);
        }
    }

    /**
     * Re-registers a protective stop this engine sent before a restart (from the {@code orders} topic) as the
     * position's working stop, with its trigger.
     *
     * @param sent a protective stop from the orders topic (reused after the call)
     */
    void restore(Strategy st, Market m, SubmitOrder sent) {
        Order<OrderContext> stop = sender.tracker().track(sent.clientOrderId(), sent.side(), sent.quantity(), 0,
                sent.eventTimeNs(), new OrderContext(st, m));
        stop.attachment().stopTriggerPrice = sent.triggerPrice();
        resting[st.index][m.index] = stop;
    }

    /**
     * After a restart: a working stop on the position's closing side whose trigger is tighter than the position's stop
     * price from the replayed fills becomes the stop in force (a long's stop price is its trigger + 1, a short's its
     * trigger - 1, see {@link #sync}).
     */
    private static void keepTighter(Position p, Order<OrderContext> working) {
        if (working == null || p.isFlat() || working.attachment().cancelSent
                || working.side() != (p.isLong() ? Side.SELL : Side.BUY)) {
            return;
        }
        long trigger = working.attachment().stopTriggerPrice;
        long stop = p.isLong() ? trigger + 1 : trigger - 1;
        if (stop > 0 && tightens(p, stop)) {
            p.stopPrice(stop);
        }
    }

    /**
     * Ends a restart's rebuild for one strategy and instrument (with {@code stopOrder} on): the newest protective
     * stop still working is taken as the position's stop and brought in line with the position exactly as after a
     * fill ({@link #sync}), then every older stop still working is cancelled. A working stop tighter than the stop the
     * replayed fills give (a trailing stop had moved it: the best price and the ATR are not on the topics) stays the
     * stop in force: a restart never loosens a stop.
     *
     * @param open        the orders open when the rebuild ended (a copy: {@link #sync} adds to the tracker's)
     * @param eventTimeNs the latest event time seen, UTC epoch ns: what the orders are stamped with
     */
    void rebuilt(Strategy st, Market m, List<Order<OrderContext>> open, long eventTimeNs) {
        if (st.config.stopOrder() == StopOrder.NONE) {
            return;
        }
        Order<OrderContext> newest = null;
        for (Order<OrderContext> o : open) {
            OrderContext ctx = o.attachment();
            if (ctx.strategy == st && ctx.market == m && ctx.stopTriggerPrice > 0
                    && (newest == null || o.sentTimeNs() >= newest.sentTimeNs())) {
                newest = o;
            }
        }
        resting[st.index][m.index] = newest;
        keepTighter(st.positions[m.index], newest);
        sync(st, m, eventTimeNs);
        for (Order<OrderContext> o : open) {
            OrderContext ctx = o.attachment();
            if (ctx.strategy == st && ctx.market == m && ctx.stopTriggerPrice > 0 && o != newest
                    && !o.state().isFinal() && !ctx.cancelSent) {
                sender.cancel(o, "left working before the restart", eventTimeNs);
            }
        }
    }
}
