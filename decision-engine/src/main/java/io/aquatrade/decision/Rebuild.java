package io.aquatrade.decision;

import static io.aquatrade.decision.DecisionEngine.REASON_DAILY_LOSS;
import static io.aquatrade.decision.DecisionEngine.REASON_PROTECTIVE_STOP;
import static io.aquatrade.decision.DecisionEngine.REASON_REVERSE;
import static io.aquatrade.decision.DecisionEngine.REASON_SCALE_IN;
import static io.aquatrade.decision.DecisionEngine.REASON_SIGNAL;
import static io.aquatrade.decision.DecisionEngine.REASON_STOP_LOSS;
import static io.aquatrade.decision.DecisionEngine.REASON_TAKE_PROFIT;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.aquatrade.common.CancelOrder;
import io.aquatrade.common.DenyReason;
import io.aquatrade.common.Direction;
import io.aquatrade.common.OrderDenied;
import io.aquatrade.common.OrderType;
import io.aquatrade.common.Side;
import io.aquatrade.common.SubmitOrder;
import io.aquatrade.common.TimeInForce;
import io.aquatrade.decision.OrderTracker.Order;
import io.aquatrade.decision.risk.RiskEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rebuild of the {@link DecisionEngine}'s state at start-up from what it wrote before a restart: the orders and
 * denials on the {@code orders} topic (the executions are replayed into the engine's listener meanwhile), then the
 * settling of resting exits once the replay is over. See {@link DecisionEngine#restoreSentOrder},
 * {@link DecisionEngine#restoreDenied} and {@link DecisionEngine#rebuilt}. Not thread-safe: the engine's thread only.
 */
final class Rebuild {
    /** The engine's logger, so that the log lines read as they always have. */
    private static final Logger LOG = LoggerFactory.getLogger(DecisionEngine.class);

    private final Map<String, Strategy> strategies;
    private final Map<String, Market> markets;
    private final OrderSender sender;
    private final ProtectiveStops stops;
    private final TakeProfitLadder takeProfits;
    private final Exits exits;
    private final RestingEntries restingEntries;
    private final DecisionCounters counters;
    /** Per strategy index: the latest daily-loss stop seen on {@code orders} (limit, value, decimals, time ns). */
    private final Map<Integer, long[]> dailyLossSeen = new HashMap<>();

    /**
     * @param strategies  the engine's strategies by id, in config order
     * @param markets     the engine's instruments by symbol, in config order
     * @param sender      the engine's order sender, whose tracker the restored orders join and whose
     *                    {@link OrderSender#rebuilding} flag this sets and clears
     * @param stops       restores protective stops and settles them at the end
     * @param takeProfits restores take-profits and settles them at the end
     * @param exits       sends the order that follows a limit exit cancelled before the restart
     * @param restingEntries closes what a resting entry an exit signal cancelled before the restart had filled
     * @param counters    the engine's counters ({@code ordersRestored})
     */
    Rebuild(Map<String, Strategy> strategies, Map<String, Market> markets, OrderSender sender, ProtectiveStops stops,
            TakeProfitLadder takeProfits, Exits exits, RestingEntries restingEntries, DecisionCounters counters) {
        this.restingEntries = restingEntries;
        this.strategies = strategies;
        this.markets = markets;
        this.sender = sender;
        this.stops = stops;
        this.takeProfits = takeProfits;
        this.exits = exits;
        this.counters = counters;
    }

    /** See {@link DecisionEngine#restoreDenied}. */
    void restoreDenied(OrderDenied d) {
        Strategy st = strategies.get(d.strategyId());
        if (st != null && d.signalId() > 0) {
            st.lastDeniedSignalId = Math.max(st.lastDeniedSignalId, d.signalId());
        }
        if (st != null && d.reasonCode() == DenyReason.DAILY_LOSS) {
            dailyLossSeen(st, d.limit(), d.value(), d.decimals(), d.eventTimeNs());
        }
    }

    /**
     * Remembers the latest sign, per strategy, that its daily-loss stop was acting before the restart (a
     * {@code DAILY_LOSS} denial, or a daily-loss flatten order), for {@link #dailyLossStops}.
     */
    private void dailyLossSeen(Strategy st, long limit, long value, int decimals, long eventTimeNs) {
        long[] seen = dailyLossSeen.get(st.index);
        if (seen == null || seen[3] <= eventTimeNs) {
            dailyLossSeen.put(st.index, new long[] {limit, value, decimals, eventTimeNs});
        }
    }

    /**
     * At the rebuild's end, once the fills are replayed: hands the risk engine each strategy's daily-loss stop seen
     * on {@code orders}, which holds if it was on the current trading day ({@link RiskEngine#restoreDailyLossStop}).
     */
    void dailyLossStops(RiskEngine risk) {
        for (Map.Entry<Integer, long[]> e : dailyLossSeen.entrySet()) {
            long[] v = e.getValue();
            risk.restoreDailyLossStop(e.getKey(), v[0], v[1], (int) v[2], v[3]);
        }
        dailyLossSeen.clear();
    }

    /** See {@link DecisionEngine#restoreSentOrder}. */
    void restoreSentOrder(SubmitOrder sent) {
        if (REASON_DAILY_LOSS.equals(sent.reason())) {
            Strategy flattened = strategies.get(sent.strategyId());
            if (flattened != null) {
                dailyLossSeen(flattened, 0, 0, 0, sent.eventTimeNs());
            }
        }
        sender.rebuilding = true;
        Strategy st = strategies.get(sent.strategyId());
        Market m = markets.get(sent.instrument());
        if (st == null || m == null) {
            LOG.warn("order {} of {} {} not restored: strategy or instrument no longer configured",
                    sent.clientOrderId(), sent.strategyId(), sent.instrument());
            return;
        }
        if (sender.tracker().get(sent.clientOrderId()) != null) {
            return;
        }
        String prefix = st.id + "-";
        String id = sent.clientOrderId();
        if (id.startsWith(prefix)) {
            try {
                st.orderCounter = Math.max(st.orderCounter, Long.parseLong(id.substring(prefix.length())));
            } catch (NumberFormatException e) {
                LOG.warn("order {}: id does not end in a counter", id);
            }
        }
        if (REASON_TAKE_PROFIT.equals(sent.reason())) {
            takeProfits.restore(st, m, sent);
            counters.ordersRestored++;
            return;
        }
        if (REASON_PROTECTIVE_STOP.equals(sent.reason())) {
            stops.restore(st, m, sent);
            counters.ordersRestored++;
            return;
        }
        Order<OrderContext> previous = st.lastOrders[m.index];
        Order<OrderContext> so = sender.register(st, m, id, sent.side(), sent.quantity(), sent.signalId(),
                sent.eventTimeNs());
        so.attachment().scaleIn = REASON_SCALE_IN.equals(sent.reason());
        if (REASON_SIGNAL.equals(sent.reason()) && sent.reduceOnly() && sent.orderType() == OrderType.LIMIT
                && sent.timeInForce() == TimeInForce.GTC) {
            // a limit exit: re-priced from its time and price; the exit began with the first limit of its signal
            OrderContext ctx = so.attachment();
            boolean successor = previous != null && previous.attachment().exitStartNs > 0
                    && previous.signalId() == sent.signalId();
            ctx.exitStartNs = successor ? previous.attachment().exitStartNs : sent.eventTimeNs();
            ctx.pricedAtNs = sent.eventTimeNs();
            ctx.exitLimit = sent.limitPrice();
        }
        if ((REASON_SIGNAL.equals(sent.reason()) || REASON_SCALE_IN.equals(sent.reason())) && !sent.reduceOnly()
                && sent.orderType() == OrderType.LIMIT && sent.timeInForce() == TimeInForce.GTC) {
            // a resting entry (entryOrder: {type: limit}): its timeout counts from when it was placed, and it stays an
            // entry (reserved at its price) for the kill switch
            so.attachment().entryStartNs = sent.eventTimeNs();
            so.attachment().reservePrice = sent.limitPrice();
        }
        so.attachment().stopLoss = REASON_STOP_LOSS.equals(sent.reason());
        // the risk engine counts it when its first execution is replayed, in event-time order with the fills
        so.attachment().restoredEntry = so.attachment().scaleIn ? OrderContext.ENTRY
                : REASON_SIGNAL.equals(sent.reason()) ? OrderContext.MAYBE_ENTRY : 0;
        if (REASON_REVERSE.equals(sent.reason())) {
            so.attachment().then = sent.side() == Side.SELL ? Direction.SHORT : Direction.LONG;
        }
        counters.ordersRestored++;
    }

    /**
     * A cancel of {@code o} read back from the {@code orders} topic ({@link DecisionEngine#restoreSentCancel}): for a
     * limit exit, whether it was sent at the deadline (the rest then goes at market) by the rule that sent it
     * ({@link Exits#reprice}).
     */
    void restoreSentCancel(Order<OrderContext> o, CancelOrder cancel) {
        OrderContext ctx = o.attachment();
        DecisionConfig.LimitExit rule = ctx.strategy.config.exitOrder();
        if (ctx.exitStartNs > 0 && rule != null) {
            ctx.toMarket = cancel.eventTimeNs() - ctx.exitStartNs >= rule.deadlineMs() * 1_000_000L;
        }
        if (ctx.entryStartNs > 0 && REASON_SIGNAL.equals(cancel.reason())) {
            ctx.exitSignalId = -1; // an exit signal cancelled the resting entry; its id is not on the cancel
        }
    }

    /**
     * See {@link DecisionEngine#rebuilt}.
     *
     * @param eventTimeNs the latest event time seen, UTC epoch ns: what the orders are stamped with
     */
    void rebuilt(long eventTimeNs) {
        if (!sender.rebuilding) {
            return;
        }
        sender.rebuilding = false;
        List<Order<OrderContext>> open = new ArrayList<>(sender.tracker().openOrders()); // stops.sync adds to it
        for (Strategy st : strategies.values()) {
            for (Market m : markets.values()) {
                takeProfits.sync(st, m, eventTimeNs);
            }
            for (Market m : markets.values()) {
                stops.rebuilt(st, m, open, eventTimeNs);
            }
            for (Market m : markets.values()) {
                takeProfits.rebuilt(st, m, eventTimeNs);
            }
            for (Market m : markets.values()) {
                Order<OrderContext> last = st.lastOrders[m.index];
                if (last != null && last.attachment().exitStartNs > 0 && last.attachment().cancelSent
                        && last.state().isFinal() && !last.attachment().successorSent) {
                    // a limit exit cancelled (to re-price, or at its deadline) whose next order was never sent
                    exits.ended(last, last.finalTimeNs());
                }
                if (last != null && last.attachment().entryStartNs > 0 && last.attachment().exitSignalId != 0
                        && last.state().isFinal()) {
                    // a resting entry an exit signal cancelled, whose exit of what it filled was never sent
                    restingEntries.ended(last, last.finalTimeNs());
                }
            }
        }
    }
}
