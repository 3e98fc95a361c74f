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
 * is complete, at multiples of the position's initial risk R, and cancelled once the position is flat. Owns, per
 * strategy and instrument, the rungs placed and not known to be final. Not thread-safe: the engine's thread only.
 */
final class TakeProfitLadder {
    /** The engine's logger, so that the log lines read as they always have. */
    private static final Logger LOG = LoggerFactory.getLogger(DecisionEngine.class);

    private final OrderSender sender;
    /** Per {@link Strategy#index} and {@link Market#index}: the take-profit limits placed and not known to be final. */
    private final List<Order<OrderContext>>[][] ladders;

    /**
     * @param strategies  how many strategies are configured
     * @param instruments how many instruments are configured
     * @param sender      where the rungs and their cancels go
     */
    TakeProfitLadder(int strategies, int instruments, OrderSender sender) {
        this.sender = sender;
        @SuppressWarnings("unchecked")
        List<Order<OrderContext>>[][] lists = (List<Order<OrderContext>>[][]) new List<?>[strategies][instruments];
        for (List<Order<OrderContext>>[] row : lists) {
            for (int i = 0; i < row.length; i++) {
                row[i] = new ArrayList<>();
            }
        }
        this.ladders = lists;
    }

    /**
     * Places the take-profit ladder once an entry is complete (filled, or ended part-filled): per rung
     * {@code {r, fraction}} a reduce-only GTC LIMIT on the closing side for {@code floor(open quantity x fraction)}
     * (the last rung takes the rest when the fractions sum to 1) at {@code entry + r x R} for a long, rounded up,
     * {@code entry - r x R} for a short, rounded down, where entry is the average entry price and
     * {@code R = |entry - stopLossBps's stop|} (the fixed stop, {@link StopLoss}). Rungs of quantity 0 or a price
     * of 0 or less are skipped. Nothing while rebuilding after a restart.
     */
    void place(Strategy st, Market m, long eventTimeNs) {
        List<DecisionConfig.TakeProfit> rungs = st.config.takeProfit();
        Position p = st.positions[m.index];
        if (rungs.isEmpty() || sender.rebuilding || p.isFlat()) {
            return;
        }
        boolean isLong = p.isLong();
        long quantity = isLong ? Math.min(p.quantity(), st.sellable(m)) : -p.quantity();
        long entry = p.avgEntryPrice();
        long r = isLong ? entry - st.stopLoss.triggerPrice(entry) : st.stopLoss.shortTriggerPrice(entry) - entry;
        if (quantity <= 0 || r <= 0) {
            return;
        }
        Side side = isLong ? Side.SELL : Side.BUY;
        BigDecimal fractions = BigDecimal.ZERO;
        for (DecisionConfig.TakeProfit rung : rungs) {
            fractions = fractions.add(rung.fraction());
        }
        boolean whole = fractions.compareTo(BigDecimal.ONE) == 0;
        long placed = 0;
        for (int k = 0; k < rungs.size(); k++) {
            DecisionConfig.TakeProfit rung = rungs.get(k);
            BigDecimal move = BigDecimal.valueOf(r).multiply(rung.r());
            long price = (isLong ? BigDecimal.valueOf(entry).add(move).setScale(0, RoundingMode.CEILING)
                    : BigDecimal.valueOf(entry).subtract(move).setScale(0, RoundingMode.FLOOR))
                    .longValueExact();
            long qty = whole && k == rungs.size() - 1 ? quantity - placed
                    : BigDecimal.valueOf(quantity).multiply(rung.fraction())
                    .setScale(0, RoundingMode.FLOOR).longValueExact();
            if (qty <= 0 || price <= 0) {
                continue;
            }
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
            placed += qty;
            if (LOG.isInfoEnabled()) {
                LOG.info("order {} {} {} {} limit {} (take-profit at {}R)", tp.clientOrderId(), side,
                        m.instrument.formatSize(qty), m.instrument.symbol(), m.instrument.formatPrice(price),
                        rung.r().toPlainString());
            }
        }
    }

    /** Forgets finished take-profits; once the position is flat, cancels those still working. */
    void sync(Strategy st, Market m, long eventTimeNs) {
        List<Order<OrderContext>> tps = ladders[st.index][m.index];
        if (tps.isEmpty()) {
            return;
        }
        boolean flat = st.positions[m.index].isFlat();
        for (int k = tps.size() - 1; k >= 0; k--) {
            Order<OrderContext> tp = tps.get(k);
            if (tp.state().isFinal() || tp.attachment().cancelSent) {
                tps.remove(k);
            } else if (flat && !sender.rebuilding) {
                sender.cancel(tp, "position closed", eventTimeNs);
                tps.remove(k);
            }
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
    }
}
