package io.aquatrade.decision;

import static io.aquatrade.decision.DecisionEngine.REASON_TAKE_PROFIT;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

import io.aquatrade.common.OrderType;
import io.aquatrade.common.Side;
import io.aquatrade.common.SubmitOrder;
import io.aquatrade.common.TimeInForce;
import io.aquatrade.decision.OrderTracker.Order;
import io.aquatrade.decision.risk.StopLoss;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The take-profit ladders ({@code takeProfit: [{r, fraction}]}): resting reduce-only GTC limits placed when an entry
 * is complete, at multiples of the position's initial risk R, resized after each add to the position (scale-in), and
 * cancelled once the position is flat. Owns, per strategy and instrument, the rungs placed and not known to be final,
 * the rungs of a resized ladder still waiting for room, and when the latest ladder was due and sent (so that a
 * restart places a ladder the run before it never sent). Not thread-safe: the engine's thread only.
 *
 * <p>Invariant: the open quantity of the take-profits working (a cancelled one counts until the venue confirms its
 * end, since it may still fill) never exceeds the position they close (a long's capped at what its ledger can sell),
 * so no sequence of take-profit fills can take a position past flat.
 */
final class TakeProfitLadder {
    /** The engine's logger, so that the log lines read as they always have. */
    private static final Logger LOG = LoggerFactory.getLogger(DecisionEngine.class);

    private final OrderSender sender;
    /**
     * Per {@link Strategy#index} and {@link Market#index}: the take-profit limits placed and not known to be final,
     * oldest first, those whose cancel was sent included.
     */
    private final List<Order<OrderContext>>[][] ladders;
    /**
     * Per {@link Strategy#index} and {@link Market#index}: rungs of the current ladder not yet placed, in rung order,
     * each {@code {limit price mantissa, quantity mantissa, rung index}}: they go out as the rungs they replace end.
     */
    private final List<long[]>[][] waiting;
    /**
     * Per {@link Strategy#index} and {@link Market#index}: event time of the fill (or end) that completed the latest
     * entry or add of the open position, for which a ladder is due, UTC epoch ns; 0 while flat.
     */
    private final long[][] dueNs;
    /** Per {@link Strategy#index} and {@link Market#index}: event time of the newest take-profit sent or restored. */
    private final long[][] sentNs;

    /**
     * @param strategies  how many strategies are configured
     * @param instruments how many instruments are configured
     * @param sender      where the rungs and their cancels go
     */
    TakeProfitLadder(int strategies, int instruments, OrderSender sender) {
        this.sender = sender;
        @SuppressWarnings("unchecked")
        List<Order<OrderContext>>[][] lists = (List<Order<OrderContext>>[][]) new List<?>[strategies][instruments];
        @SuppressWarnings("unchecked")
        List<long[]>[][] rungs = (List<long[]>[][]) new List<?>[strategies][instruments];
        for (int s = 0; s < strategies; s++) {
            for (int i = 0; i < instruments; i++) {
                lists[s][i] = new ArrayList<>();
                rungs[s][i] = new ArrayList<>();
            }
        }
        this.ladders = lists;
        this.waiting = rungs;
        this.dueNs = new long[strategies][instruments];
        this.sentNs = new long[strategies][instruments];
    }

    /**
     * Places the take-profit ladder for the position as it stands once an entry or an add to it is complete (filled,
     * or ended part-filled): per rung {@code {r, fraction}} a reduce-only GTC LIMIT on the closing side for
     * {@code floor(open quantity x fraction)} (the last rung takes the rest when the fractions sum to 1) at
     * {@code entry + r x R} for a long, rounded up, {@code entry - r x R} for a short, rounded down, where entry is
     * the average entry price and {@code R = |entry - stopLossBps's stop|} (the fixed stop, {@link StopLoss}). Rungs
     * of quantity 0 or a price of 0 or less are skipped.
     *
     * <p>A ladder already working (the one placed before an add) is replaced: the new rungs that fit beside the old
     * ones without exceeding the position are sent first, then the old rungs are cancelled, and the new rungs left
     * go out as the venue confirms the old ones' end ({@link #sync}); so the take-profits working never exceed the
     * position, and a take-profit rests wherever the position leaves room for one. While rebuilding after a restart
     * nothing is sent: the ladder is only recorded as due ({@link #rebuilt}).
     *
     * @param eventTimeNs the event time of the fill or end that completed the entry, UTC epoch ns: the rungs' time
     */
    void place(Strategy st, Market m, long eventTimeNs) {
        List<DecisionConfig.TakeProfit> rungs = st.config.takeProfit();
        Position p = st.positions[m.index];
        if (rungs.isEmpty() || p.isFlat()) {
            return;
        }
        dueNs[st.index][m.index] = eventTimeNs;
        if (sender.rebuilding) {
            return;
        }
        boolean isLong = p.isLong();
        long quantity = closable(st, m);
        long entry = p.avgEntryPrice();
        long r = isLong ? entry - st.stopLoss.triggerPrice(entry) : st.stopLoss.shortTriggerPrice(entry) - entry;
        List<long[]> next = waiting[st.index][m.index];
        next.clear();
        if (quantity <= 0 || r <= 0) {
            return;
        }
        BigDecimal fractions = BigDecimal.ZERO;
        for (DecisionConfig.TakeProfit rung : rungs) {
            fractions = fractions.add(rung.fraction());
        }
        boolean whole = fractions.compareTo(BigDecimal.ONE) == 0;
        long planned = 0;
        for (int k = 0; k < rungs.size(); k++) {
            DecisionConfig.TakeProfit rung = rungs.get(k);
            BigDecimal move = BigDecimal.valueOf(r).multiply(rung.r());
            long price = (isLong ? BigDecimal.valueOf(entry).add(move).setScale(0, RoundingMode.CEILING)
                    : BigDecimal.valueOf(entry).subtract(move).setScale(0, RoundingMode.FLOOR))
                    .longValueExact();
            long qty = whole && k == rungs.size() - 1 ? quantity - planned
                    : BigDecimal.valueOf(quantity).multiply(rung.fraction())
                    .setScale(0, RoundingMode.FLOOR).longValueExact();
            if (qty <= 0 || price <= 0) {
                continue;
            }
            next.add(new long[] {price, qty, k});
            planned += qty;
        }
        List<Order<OrderContext>> tps = ladders[st.index][m.index];
        forgetFinal(tps);
        int old = tps.size();
        placeWaiting(st, m, old > 0, eventTimeNs); // new first, as far as the position leaves room beside the old
        for (int k = 0; k < old; k++) {
            Order<OrderContext> tp = tps.get(k);
            if (!tp.attachment().cancelSent) {
                sender.cancel(tp, "ladder resized to " + m.instrument.formatSize(quantity), eventTimeNs);
            }
        }
    }

    /**
     * After a fill or an order's end: forgets finished take-profits; once the position is flat, cancels those still
     * working and drops the rungs waiting; else sends the waiting rungs the position now has room for.
     */
    void sync(Strategy st, Market m, long eventTimeNs) {
        List<Order<OrderContext>> tps = ladders[st.index][m.index];
        List<long[]> next = waiting[st.index][m.index];
        if (tps.isEmpty() && next.isEmpty()) {
            if (st.positions[m.index].isFlat()) {
                dueNs[st.index][m.index] = 0;
            }
            return;
        }
        forgetFinal(tps);
        if (st.positions[m.index].isFlat()) {
            dueNs[st.index][m.index] = 0;
            next.clear();
            if (!sender.rebuilding) {
                for (Order<OrderContext> tp : tps) {
                    if (!tp.attachment().cancelSent) {
                        sender.cancel(tp, "position closed", eventTimeNs);
                    }
                }
            }
        } else if (!next.isEmpty() && !sender.rebuilding) {
            placeWaiting(st, m, false, eventTimeNs);
        }
    }

    /**
     * Ends a restart's rebuild for one strategy and instrument: if the open position's latest entry or add was
     * complete but no take-profit was sent since (the process stopped in between), its ladder is placed now
     * ({@link #place}), stamped with {@code eventTimeNs}.
     *
     * @param eventTimeNs the latest event time seen, UTC epoch ns
     */
    void rebuilt(Strategy st, Market m, long eventTimeNs) {
        long due = dueNs[st.index][m.index];
        if (due > 0 && sentNs[st.index][m.index] < due && !st.positions[m.index].isFlat()) {
            LOG.info("{} {}: the ladder due at {} ns was not sent before the restart: placing it", st.id,
                    m.instrument.symbol(), due);
            place(st, m, eventTimeNs);
        }
    }

    /**
     * @return what the take-profits may close in all: a long's quantity capped at what its ledger can sell, a short's
     * quantity; size mantissa, &gt;= 0
     */
    private static long closable(Strategy st, Market m) {
        Position p = st.positions[m.index];
        return p.isFlat() ? 0 : p.isLong() ? Math.min(p.quantity(), st.sellable(m)) : -p.quantity();
    }

    private static void forgetFinal(List<Order<OrderContext>> tps) {
        for (int k = tps.size() - 1; k >= 0; k--) {
            if (tps.get(k).state().isFinal()) {
                tps.remove(k);
            }
        }
    }

    /**
     * Sends the waiting rungs, in rung order, while each fits beside the take-profits still working (their open
     * quantity, cancelled ones included until final) within what the position may close. Once no cancelled rung is
     * left to end, a rung that does not fit whole is cut to the room left (the position shrank meanwhile) and those
     * after it are dropped.
     *
     * @param replacing true if the rungs working are about to be cancelled (they will end: wait for them)
     */
    private void placeWaiting(Strategy st, Market m, boolean replacing, long eventTimeNs) {
        List<Order<OrderContext>> tps = ladders[st.index][m.index];
        List<long[]> next = waiting[st.index][m.index];
        long working = 0;
        boolean ending = replacing;
        for (Order<OrderContext> tp : tps) {
            working = Math.addExact(working, tp.openQuantity());
            ending |= tp.attachment().cancelSent;
        }
        long room = closable(st, m) - working;
        Side side = st.positions[m.index].isLong() ? Side.SELL : Side.BUY;
        while (!next.isEmpty()) {
            long[] rung = next.get(0);
            long qty = rung[1];
            if (qty > room) {
                if (ending) {
                    return; // wait for the old rungs' end
                }
                qty = room;
                if (qty <= 0) {
                    next.clear();
                    return;
                }
            }
            next.remove(0);
            send(st, m, side, rung[0], qty, (int) rung[2], eventTimeNs);
            room -= qty;
        }
    }

    private void send(Strategy st, Market m, Side side, long price, long qty, int rungIndex, long eventTimeNs) {
        sender.next(st, m).side(side)
                .orderType(OrderType.LIMIT)
                .timeInForce(TimeInForce.GTC)
                .quantity(qty)
                .limitPrice(price)
                .reduceOnly(true)
                .signalId(0)
                .reason(REASON_TAKE_PROFIT)
                .eventTimeNs(eventTimeNs);
        Order<OrderContext> tp = sender.send(st, m);
        tp.attachment().takeProfit = true;
        ladders[st.index][m.index].add(tp);
        sentNs[st.index][m.index] = Math.max(sentNs[st.index][m.index], eventTimeNs);
        if (LOG.isInfoEnabled()) {
            LOG.info("order {} {} {} {} limit {} (take-profit at {}R)", tp.clientOrderId(), side,
                    m.instrument.formatSize(qty), m.instrument.symbol(), m.instrument.formatPrice(price),
                    st.config.takeProfit().get(rungIndex).r().toPlainString());
        }
    }

    /**
     * Re-registers a take-profit limit this engine sent before a restart (from the {@code orders} topic).
     *
     * @param sent a take-profit order from the orders topic (reused after the call)
     */
    void restore(Strategy st, Market m, SubmitOrder sent) {
        Order<OrderContext> tp = sender.tracker().track(sent.clientOrderId(), sent.side(), sent.quantity(), 0,
                sent.eventTimeNs(), new OrderContext(st, m));
        tp.attachment().takeProfit = true;
        ladders[st.index][m.index].add(tp);
        sentNs[st.index][m.index] = Math.max(sentNs[st.index][m.index], sent.eventTimeNs());
    }
}
