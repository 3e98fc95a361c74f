package io.aquatrade.decision;

import java.util.Arrays;

import io.aquatrade.common.CancelOrder;
import io.aquatrade.common.Direction;
import io.aquatrade.common.OrderListener;
import io.aquatrade.common.OrderType;
import io.aquatrade.common.Side;
import io.aquatrade.common.SubmitOrder;
import io.aquatrade.common.TimeInForce;
import io.aquatrade.decision.OrderTracker.Order;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way out for the {@link DecisionEngine}'s orders and cancels, shared by the engine and its exits: it
 * numbers each order ({@code <strategyId>-<n>}, n counting the strategy's orders from 1), writes it on the
 * {@code orders} topic, tracks it in the engine's {@link OrderTracker} and counts it; it writes cancels with the
 * reason of the order's kind.
 * One reused {@link SubmitOrder} and {@link CancelOrder}: an order is begun with {@link #next} and sent with
 * {@link #send} before the next one is begun. Not thread-safe: the engine's thread only.
 */
final class OrderSender {
    /** The engine's logger, so that the log lines read as they always have. */
    private static final Logger LOG = LoggerFactory.getLogger(DecisionEngine.class);

    private final OrderListener out;
    private final OrderTracker<OrderContext> tracker;
    private final DecisionCounters counters;
    private final SubmitOrder order = new SubmitOrder();
    private final CancelOrder cancel = new CancelOrder();
    /**
     * Cancels sent and not yet answered by the venue (cancelled or refused): client order ids and the cancels' event
     * times, UTC epoch ns, the first {@link #cancelCount} slots in use (few at a time; scanned without allocating).
     * Kept apart from the tracker: the order may end by a fill before its cancel is answered.
     */
    private String[] cancelIds = new String[8];
    private long[] cancelTimesNs = new long[8];
    /**
     * Where each cancel's timeout runs from: the later of its event time and the router's progress known when it was
     * sent (as for orders, see {@link OrderTracker}), UTC epoch ns.
     */
    private long[] cancelFromNs = new long[8];
    private int cancelCount;
    /**
     * True from the engine's first {@code restoreSentOrder} until its {@code rebuilt}: fills replayed meanwhile do not
     * move protective stops or place take-profits (the venue already holds what the run before the restart left).
     */
    boolean rebuilding;

    /**
     * @param out      where orders and cancels go (the {@code orders} topic's writer, or a test's recorder)
     * @param tracker  the engine's order tracker, which every order sent joins
     * @param counters the engine's counters ({@code ordersSent})
     */
    OrderSender(OrderListener out, OrderTracker<OrderContext> tracker, DecisionCounters counters) {
        this.out = out;
        this.tracker = tracker;
        this.counters = counters;
    }

    /** @return the engine's order tracker */
    OrderTracker<OrderContext> tracker() {
        return tracker;
    }

    /**
     * Begins the strategy's next order: resets the reused message and sets its client order id
     * ({@code <strategyId>-<orderCounter + 1>}), strategy and instrument. The caller sets the rest, then calls
     * {@link #send}.
     */
    SubmitOrder next(Strategy st, Market m) {
        order.reset();
        return order.clientOrderId(st.id + "-" + (st.orderCounter + 1))
                .strategyId(st.id)
                .instrument(m.instrument.symbol());
    }

    /**
     * Writes the order begun by {@link #next}, advances the strategy's order counter, tracks the order (sent at its
     * event time) and counts it.
     *
     * @return the tracked order, with a fresh {@link OrderContext}
     */
    Order<OrderContext> send(Strategy st, Market m) {
        String clientOrderId = order.clientOrderId();
        Side side = order.side();
        long quantity = order.quantity();
        long signalId = order.signalId();
        long eventTimeNs = order.eventTimeNs();
        out.submitOrder(order);
        st.orderCounter++;
        Order<OrderContext> so = tracker.track(clientOrderId, side, quantity, signalId, eventTimeNs,
                new OrderContext(st, m));
        counters.ordersSent++;
        return so;
    }

    /**
     * Sends the order the position waits on (an entry, an exit, a limit exit): a MARKET order, or a LIMIT if
     * {@code limitPrice > 0}; IOC, or reduce-only GTC if {@code resting}. It becomes the position's pending order
     * and the strategy's latest on the instrument (see {@link #register}), and is logged.
     *
     * @param quantity    size mantissa, > 0
     * @param limitPrice  price mantissa, 0 for a market order
     * @param signalId    the causing signal's id, 0 if none
     * @param eventTimeNs the event time of the input that caused it, UTC epoch ns
     * @param then        for the close of a reversal, the direction to enter once it is completely filled; else null
     * @param resting     true for a reduce-only GTC limit (a limit exit), false for the usual IOC
     * @return the tracked order
     */
    Order<OrderContext> submit(Strategy st, Market m, Side side, long quantity, long limitPrice, long signalId,
                               String reason, long eventTimeNs, Direction then, boolean resting) {
        return submit(st, m, side, quantity, limitPrice, signalId, reason, eventTimeNs, then,
                resting ? TimeInForce.GTC : TimeInForce.IOC, resting, false);
    }

    /**
     * Sends a resting entry ({@code entryOrder: {type: limit}}): a GTC LIMIT that may open or grow the position (not
     * reduce-only), {@code postOnly} as configured; otherwise as {@link #submit}.
     *
     * @param limitPrice price mantissa, &gt; 0
     * @param postOnly   true to have the venue reject it rather than let it take liquidity
     * @return the tracked order
     */
    Order<OrderContext> submitResting(Strategy st, Market m, Side side, long quantity, long limitPrice, long signalId,
                                      String reason, long eventTimeNs, boolean postOnly) {
        return submit(st, m, side, quantity, limitPrice, signalId, reason, eventTimeNs, null, TimeInForce.GTC, false,
                postOnly);
    }

    private Order<OrderContext> submit(Strategy st, Market m, Side side, long quantity, long limitPrice,
                                       long signalId, String reason, long eventTimeNs, Direction then,
                                       TimeInForce timeInForce, boolean reduceOnly, boolean postOnly) {
        next(st, m).side(side)
                .orderType(limitPrice > 0 ? OrderType.LIMIT : OrderType.MARKET)
                .timeInForce(timeInForce)
                .reduceOnly(reduceOnly)
                .postOnly(postOnly)
                .quantity(quantity)
                .limitPrice(limitPrice)
                .signalId(signalId)
                .reason(reason)
                .eventTimeNs(eventTimeNs);
        Order<OrderContext> so = send(st, m);
        pending(st, m, so, signalId);
        so.attachment().then = then;
        so.attachment().stopLoss = DecisionEngine.REASON_STOP_LOSS.equals(reason);
        if (!LOG.isInfoEnabled()) {
            return so; // the arguments below format decimals: build them only when the line is logged
        }
        if (limitPrice > 0) {
            LOG.info("order {} {} {} {} limit {} ({}, signal {})", so.clientOrderId(), side,
                    m.instrument.formatSize(quantity), m.instrument.symbol(), m.instrument.formatPrice(limitPrice),
                    reason, signalId);
        } else {
            LOG.info("order {} {} {} {} ({}, signal {})", so.clientOrderId(), side, m.instrument.formatSize(quantity),
                    m.instrument.symbol(), reason, signalId);
        }
        return so;
    }

    /**
     * Tracks an order the position waits on without writing it (one restored from the {@code orders} topic); see
     * {@link #submit}.
     *
     * @param sentTimeNs the order's event time, UTC epoch ns
     * @return the tracked order
     */
    Order<OrderContext> register(Strategy st, Market m, String clientOrderId, Side side, long quantity,
                                 long signalId, long sentTimeNs) {
        Order<OrderContext> so = tracker.track(clientOrderId, side, quantity, signalId, sentTimeNs,
                new OrderContext(st, m));
        pending(st, m, so, signalId);
        return so;
    }

    /**
     * Makes {@code so} the position's pending order and the strategy's latest on the instrument (the one before it
     * learns it has a successor), and its signal acted on.
     */
    private static void pending(Strategy st, Market m, Order<OrderContext> so, long signalId) {
        Order<OrderContext> previous = st.lastOrders[m.index];
        if (previous != null) {
            previous.attachment().successorSent = true;
        }
        st.lastOrders[m.index] = so;
        st.positions[m.index].pendingOrderId(so.clientOrderId());
        if (signalId > 0) {
            st.lastActedSignalId = Math.max(st.lastActedSignalId, signalId);
        }
    }

    /**
     * An order became final: its position no longer waits on it (its reservation ends with its open state); the
     * reverse of {@link #submit}'s making it pending.
     */
    static void release(Order<OrderContext> so) {
        Position p = so.attachment().strategy.positions[so.attachment().market.index];
        if (so.clientOrderId().equals(p.pendingOrderId())) {
            p.pendingOrderId(null);
        }
    }

    /**
     * Cancels a resting order (a protective stop, a take-profit, a limit exit, a resting entry) and marks its cancel
     * sent; the cancel's reason is the order's kind: {@value DecisionEngine#REASON_TAKE_PROFIT},
     * {@value DecisionEngine#REASON_LIMIT_EXIT}, {@value DecisionEngine#REASON_RESTING_ENTRY} or
     * {@value DecisionEngine#REASON_PROTECTIVE_STOP}.
     *
     * @param why         for the log line
     * @param eventTimeNs the event time of the input that caused it, UTC epoch ns
     */
    void cancel(Order<OrderContext> resting, String why, long eventTimeNs) {
        OrderContext ctx = resting.attachment();
        cancel(resting, ctx.takeProfit ? DecisionEngine.REASON_TAKE_PROFIT
                : ctx.exitStartNs > 0 ? DecisionEngine.REASON_LIMIT_EXIT
                : ctx.entryStartNs > 0 ? DecisionEngine.REASON_RESTING_ENTRY : DecisionEngine.REASON_PROTECTIVE_STOP,
                why, eventTimeNs);
    }

    /**
     * Cancels an order with the given {@link CancelOrder#reason()} (e.g. {@value DecisionEngine#REASON_KILL_SWITCH}
     * for an entry the kill switch cancels) and marks its cancel sent.
     *
     * @param why         for the log line
     * @param eventTimeNs the event time of the input that caused it, UTC epoch ns
     */
    void cancel(Order<OrderContext> resting, String reason, String why, long eventTimeNs) {
        OrderContext ctx = resting.attachment();
        ctx.cancelSent = true;
        cancelSent(resting.clientOrderId(), eventTimeNs);
        cancel.reset();
        cancel.clientOrderId(resting.clientOrderId())
                .strategyId(ctx.strategy.id)
                .instrument(ctx.market.instrument.symbol())
                .reason(reason)
                .eventTimeNs(eventTimeNs);
        out.cancelOrder(cancel);
        LOG.info("cancel {} ({}: {})", resting.clientOrderId(), reason, why);
    }

    /** A cancel of this order was sent at {@code eventTimeNs} (UTC epoch ns): unanswered until the venue answers. */
    void cancelSent(String clientOrderId, long eventTimeNs) {
        long fromNs = Math.max(eventTimeNs, tracker.routerNs());
        for (int k = 0; k < cancelCount; k++) {
            if (cancelIds[k].equals(clientOrderId)) {
                cancelTimesNs[k] = eventTimeNs;
                cancelFromNs[k] = fromNs;
                return;
            }
        }
        if (cancelCount == cancelIds.length) {
            cancelIds = Arrays.copyOf(cancelIds, cancelCount * 2);
            cancelTimesNs = Arrays.copyOf(cancelTimesNs, cancelCount * 2);
            cancelFromNs = Arrays.copyOf(cancelFromNs, cancelCount * 2);
        }
        cancelIds[cancelCount] = clientOrderId;
        cancelFromNs[cancelCount] = fromNs;
        cancelTimesNs[cancelCount++] = eventTimeNs;
    }

    /** The venue answered the cancel of this order (cancelled it, or refused: the order had ended or was unknown). */
    void cancelAnswered(String clientOrderId) {
        for (int k = 0; k < cancelCount; k++) {
            if (cancelIds[k].equals(clientOrderId)) {
                removeCancel(k);
                return;
            }
        }
    }

    /**
     * The venue refused a cancel ({@code CancelRejected}): no longer awaited, and an order still working may be
     * cancelled again (a limit exit re-priced, a stop replaced), as when the cancel is given up.
     *
     * @param clientOrderId the order whose cancel was refused
     */
    void cancelRefused(String clientOrderId) {
        cancelAnswered(clientOrderId);
        mayCancelAgain(clientOrderId);
    }

    /** Clears an order's sent cancel if the order still works: without it the order would never be cancelled again. */
    private void mayCancelAgain(String clientOrderId) {
        Order<OrderContext> o = tracker.get(clientOrderId);
        if (o != null && o.attachment() != null && !o.state().isFinal()) {
            o.attachment().cancelSent = false;
        }
    }

    private void removeCancel(int k) {
        cancelCount--;
        cancelIds[k] = cancelIds[cancelCount];
        cancelTimesNs[k] = cancelTimesNs[cancelCount];
        cancelFromNs[k] = cancelFromNs[cancelCount];
        cancelIds[cancelCount] = null;
    }

    /**
     * Gives up on cancels the venue has not answered while the order router read more than {@code timeoutNs} of
     * market data past them ({@code decision-engine.orderTimeoutMs}, on the router's progress as for orders: see
     * {@link OrderTracker}), so that one lost answer cannot hold back the engine's reading of executions for good. A
     * router that is down, or that still works on the cancel, gives no such progress: nothing is given up then.
     * Allocation-free unless one is given up.
     *
     * @param routerNs  how far the router has read market data ({@code Progress.marketDataNs}), UTC epoch ns
     * @param timeoutNs how long a cancel may go unanswered, ns of the router's progress
     */
    void expireCancels(long routerNs, long timeoutNs) {
        for (int k = cancelCount - 1; k >= 0; k--) {
            if (cancelFromNs[k] < routerNs - timeoutNs) {
                LOG.warn("cancel of {} sent at {} ns: no answer from the venue while the router read {} ms of market "
                        + "data past it, no longer awaited", cancelIds[k], cancelTimesNs[k], timeoutNs / 1_000_000L);
                String id = cancelIds[k];
                removeCancel(k);
                mayCancelAgain(id);
            }
        }
    }

    /** @return event time of the earliest cancel not yet answered, UTC epoch ns; {@link Long#MAX_VALUE} if none */
    long earliestUnansweredCancelNs() {
        long earliest = Long.MAX_VALUE;
        for (int k = 0; k < cancelCount; k++) {
            earliest = Math.min(earliest, cancelTimesNs[k]);
        }
        return earliest;
    }
}
