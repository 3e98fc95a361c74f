package io.aquatrade.decision;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.Side;

/**
 * The life of every order the decision engine sent: its {@link State}, what it filled, which fills were booked, and
 * when the venue is overdue with an answer. It books nothing itself: the engine asks it what an execution means
 * (a new fill, a duplicate, the order's end) and books accordingly.
 *
 * <h2>States</h2>
 * {@link State#PENDING_NEW} when sent (or restored from the {@code orders} topic), then {@link State#ACCEPTED} and
 * {@link State#PARTIALLY_FILLED} as the venue answers, and one final state: {@link State#FILLED} (a fill with
 * {@link OrderFilled#last()}), {@link State#CANCELED}, {@link State#EXPIRED}, {@link State#REJECTED}, or
 * {@link State#TIMED_OUT}: the venue gave no answer at all (no acceptance, fill, rejection, cancel or expiry) while
 * the order router read more than {@code orderTimeoutMs} of market data past the order ({@link #expire}). A
 * timed-out order is assumed never to have reached the venue; an execution of it that arrives later is still
 * reported ({@link #lateExecutions()}), and its fills are still booked, but it does not leave {@code TIMED_OUT}. Only
 * a fill can follow a final state (a fill racing a cancel): it is reported as {@link FillResult#LATE}.
 *
 * <h2>Timeouts on the router's clock</h2>
 * An order times out on the order router's progress, never on the engine's own inputs: {@link #expire} is given how
 * far the router has read market data (its {@code Progress.marketDataNs} on {@code executions}), and an order
 * {@link State#PENDING_NEW} times out once that passes {@code max(its event time, the router's progress known when
 * it was tracked) + orderTimeoutMs}. So a router that is down (no progress at all) never lets an order time out,
 * however far market data moves: the order stays open, its reservation held, and its answer after the router's
 * restart is booked as usual. The second term covers an engine behind the router (a backlog after its own restart):
 * an order stamped with an old event time is given the router's whole timeout from when it was sent. The router
 * withholds that progress itself while it works on an order whose outcome it does not know yet (a live venue's
 * unknown outcome or held-back order), so such an order does not time out either.
 *
 * <h2>Fills</h2>
 * Deduplicated per order by the fill's trade id (a fill without one by its time, price and quantity), so that a
 * fill met twice, as after a restart that replays the {@code executions} topic, is booked once.
 *
 * <h2>Memory</h2>
 * Orders not yet final are all kept (at most one per strategy and instrument in the engine's rules; while the
 * engine rebuilds its state at start-up, every order read back stays open until its executions are replayed, so
 * that rebuild holds the topic's orders for a moment). A final order
 * is kept for deduplication until more than {@code finishedOrdersKept} final orders are held or it has been final
 * for more than {@code finishedOrderRetentionMs} of event time, whichever comes first, then forgotten: an execution
 * of a forgotten order looks like one of an order never sent ({@link #get} returns null). So memory stays bounded
 * however long the process runs.
 *
 * <h2>Time and allocation</h2>
 * Time is what the caller passes (UTC epoch ns: event time to {@link #advance}, the router's progress to
 * {@link #expire}), never a wall clock. {@link #advance} and {@link #expire} cost a comparison or two when nothing is
 * due and allocate nothing; they belong on the tick path. Tracking and finishing orders allocate (a few per bar). Not
 * thread-safe: one thread calls it.
 *
 * @param <T> what the caller attaches to each order (its own context: strategy, market, follow-up)
 */
public final class OrderTracker<T> {
    /** An order's state, from sent to final. */
    public enum State {
        /** Sent; the venue has not answered yet. */
        PENDING_NEW,
        /** Accepted by the venue, nothing filled yet. */
        ACCEPTED,
        /** Part filled; the rest may still fill. */
        PARTIALLY_FILLED,
        /** Completely filled (final). */
        FILLED,
        /** Cancelled at the engine's request, what it filled stays filled (final). */
        CANCELED,
        /** Ended by its time in force, what it filled stays filled (final). */
        EXPIRED,
        /** Rejected by the venue or router, nothing filled (final). */
        REJECTED,
        /** No answer from the venue within {@code orderTimeoutMs}: assumed never to have reached it (final). */
        TIMED_OUT;

        /** @return true for the final states, after which the order no longer counts as open */
        public boolean isFinal() {
            return ordinal() >= FILLED.ordinal();
        }
    }

    /** What a fill means to its order ({@link #fill}). */
    public enum FillResult {
        /** A new fill of an open order that stays open: book it. */
        APPLIED,
        /** A new fill that completes the order (now {@link State#FILLED}): book it. */
        COMPLETED,
        /**
         * A new fill of an order that is not open: final already (cancelled, expired or timed out before the fill
         * came), or one met only through its executions ({@link #adopt}): book it.
         */
        LATE,
        /** A fill already met (same client order id and trade id): ignore it. */
        DUPLICATE
    }

    /**
     * One order. Read-only outside the tracker.
     *
     * @param <T> the caller's attachment
     */
    public static final class Order<T> {
        private final String clientOrderId;
        private final Side side;
        private final long quantity;
        private final long signalId;
        private final long sentTimeNs;
        /** Its timeout runs from here: the later of its event time and the router's progress when tracked, ns. */
        private final long timeoutFromNs;
        private final T attachment;
        private final Set<String> tradeIds = new HashSet<>(4);
        private State state = State.PENDING_NEW;
        private long filledQuantity;
        private long lastFillPrice;
        private long finalTimeNs;
        private boolean adopted;

        Order(String clientOrderId, Side side, long quantity, long signalId, long sentTimeNs, long timeoutFromNs,
              T attachment) {
            this.clientOrderId = clientOrderId;
            this.side = side;
            this.quantity = quantity;
            this.signalId = signalId;
            this.sentTimeNs = sentTimeNs;
            this.timeoutFromNs = timeoutFromNs;
            this.attachment = attachment;
        }

        /** @return the client order id */
        public String clientOrderId() {
            return clientOrderId;
        }

        /** @return the order's side */
        public Side side() {
            return side;
        }

        /** @return ordered base quantity, size mantissa; 0 for an order met only through its fills */
        public long quantity() {
            return quantity;
        }

        /** @return the signal that caused it, 0 if none (a stop) */
        public long signalId() {
            return signalId;
        }

        /** @return the order's event time, UTC epoch ns */
        public long sentTimeNs() {
            return sentTimeNs;
        }

        /**
         * @return where its timeout runs from, UTC epoch ns: the later of its event time and the router's progress
         * known when it was tracked (see the class comment)
         */
        public long timeoutFromNs() {
            return timeoutFromNs;
        }

        /** @return the caller's attachment */
        public T attachment() {
            return attachment;
        }

        /** @return the current state */
        public State state() {
            return state;
        }

        /** @return base quantity booked from its fills so far, size mantissa */
        public long filledQuantity() {
            return filledQuantity;
        }

        /** @return unfilled quantity while open, size mantissa (0 once final or overfilled) */
        public long openQuantity() {
            return state.isFinal() ? 0 : Math.max(0, quantity - filledQuantity);
        }

        /** @return price of the latest fill booked, mantissa; 0 before the first */
        public long lastFillPrice() {
            return lastFillPrice;
        }

        /** @return event time at which it became final, UTC epoch ns; 0 while open */
        public long finalTimeNs() {
            return finalTimeNs;
        }

        /** @return true for an order met only through its executions ({@link OrderTracker#adopt}) */
        public boolean adopted() {
            return adopted;
        }

        @Override
        public String toString() {
            return clientOrderId + " " + side + " " + state + " " + filledQuantity + "/" + quantity;
        }
    }

    private final long timeoutNs;
    private final int finishedKept;
    private final long retentionNs;
    private final Map<String, Order<T>> orders = new HashMap<>();
    /** Orders not final, in the order they were tracked. */
    private final List<Order<T>> open = new ArrayList<>();
    /** Read-only view of {@link #open}, made once: {@link #openOrders()} is asked on the tick path. */
    private final List<Order<T>> openView = Collections.unmodifiableList(open);
    /** Final orders, oldest first (the order they became final in). */
    private final ArrayDeque<Order<T>> finished = new ArrayDeque<>();
    /** No open order can time out before the router's progress passes this (a lower bound, recomputed when reached). */
    private long nextDeadlineNs = Long.MAX_VALUE;
    /** The router's progress: how far it has read market data, UTC epoch ns ({@link #expire}); 0 before the first. */
    private long routerNs;
    private long timedOut;
    private long forgotten;
    private long lateExecutions;

    /**
     * @param orderTimeoutMs           how long an order may stay {@link State#PENDING_NEW}, ms of market data the
     *                                 router read past it ({@link #expire}); &gt; 0
     * @param finishedOrdersKept       most final orders kept for deduplication; &gt; 0
     * @param finishedOrderRetentionMs how long a final order is kept at most, ms of event time; &gt; 0
     * @throws IllegalArgumentException if a bound is not positive
     */
    public OrderTracker(long orderTimeoutMs, int finishedOrdersKept, long finishedOrderRetentionMs) {
        if (orderTimeoutMs <= 0 || finishedOrdersKept <= 0 || finishedOrderRetentionMs <= 0) {
            throw new IllegalArgumentException("bounds must be > 0: orderTimeoutMs " + orderTimeoutMs
                    + ", finishedOrdersKept " + finishedOrdersKept + ", finishedOrderRetentionMs "
                    + finishedOrderRetentionMs);
        }
        this.timeoutNs = Math.multiplyExact(orderTimeoutMs, 1_000_000L);
        this.finishedKept = finishedOrdersKept;
        this.retentionNs = Math.multiplyExact(finishedOrderRetentionMs, 1_000_000L);
    }

    /**
     * Starts tracking an order just sent (or restored), in {@link State#PENDING_NEW}.
     *
     * @param clientOrderId its client order id, not tracked yet
     * @param side          its side
     * @param quantity      its base quantity, size mantissa; 0 if unknown
     * @param signalId      the signal that caused it, 0 if none
     * @param sentTimeNs    its event time, UTC epoch ns: the timeout runs from here, or from the router's progress
     *                      known now if that is later
     * @param attachment    the caller's context
     * @return the new order
     * @throws IllegalStateException if the id is tracked already
     */
    public Order<T> track(String clientOrderId, Side side, long quantity, long signalId, long sentTimeNs,
                          T attachment) {
        Order<T> o = new Order<>(clientOrderId, side, quantity, signalId, sentTimeNs,
                Math.max(sentTimeNs, routerNs), attachment);
        if (orders.putIfAbsent(clientOrderId, o) != null) {
            throw new IllegalStateException("order " + clientOrderId + " is tracked already");
        }
        open.add(o);
        long deadline = deadline(o);
        if (deadline < nextDeadlineNs) {
            nextDeadlineNs = deadline;
        }
        return o;
    }

    /**
     * Registers an order met only through an execution (never sent by this engine, or forgotten): it is not open
     * (never counted, never timed out) and is remembered like a final order, so that its fills are still
     * deduplicated; its state follows its fills ({@link State#ACCEPTED} until the first).
     *
     * @param clientOrderId its client order id, not tracked
     * @param side          the execution's side
     * @param eventTimeNs   the execution's event time, UTC epoch ns
     * @param attachment    the caller's context
     * @return the new order
     * @throws IllegalStateException if the id is tracked already
     */
    public Order<T> adopt(String clientOrderId, Side side, long eventTimeNs, T attachment) {
        Order<T> o = new Order<>(clientOrderId, side, 0, 0, eventTimeNs, eventTimeNs, attachment);
        if (orders.putIfAbsent(clientOrderId, o) != null) {
            throw new IllegalStateException("order " + clientOrderId + " is tracked already");
        }
        o.adopted = true;
        o.state = State.ACCEPTED;
        o.finalTimeNs = eventTimeNs;
        remember(o);
        return o;
    }

    /**
     * @param clientOrderId a client order id
     * @return the order, or null if it was never tracked or has been forgotten
     */
    public Order<T> get(String clientOrderId) {
        return orders.get(clientOrderId);
    }

    /**
     * The venue accepted the order: {@link State#PENDING_NEW} becomes {@link State#ACCEPTED}; any other state stays.
     *
     * @param clientOrderId the order
     * @return the order, or null if unknown
     */
    public Order<T> accepted(String clientOrderId) {
        Order<T> o = orders.get(clientOrderId);
        if (o == null) {
            return null;
        }
        if (o.state == State.PENDING_NEW) {
            o.state = State.ACCEPTED;
        } else if (o.state == State.TIMED_OUT) {
            lateExecutions++;
        }
        return o;
    }

    /**
     * A fill of a tracked order: deduplicates it, adds it to the order's filled quantity, and moves the state
     * ({@link State#FILLED} on the order's last fill, else {@link State#PARTIALLY_FILLED}); a final order keeps its
     * state.
     *
     * @param o      the order the fill names ({@link #get})
     * @param filled the fill (read during the call only)
     * @return what the fill means; only {@link FillResult#DUPLICATE} is not to be booked
     */
    public FillResult fill(Order<T> o, OrderFilled filled) {
        String key = filled.tradeId() != null ? filled.tradeId()
                : "@" + filled.eventTimeNs() + "/" + filled.fillPrice() + "x" + filled.fillQuantity();
        if (!o.tradeIds.add(key)) {
            return FillResult.DUPLICATE;
        }
        o.filledQuantity = Math.addExact(o.filledQuantity, filled.fillQuantity());
        o.lastFillPrice = filled.fillPrice();
        if (o.adopted) {
            if (!o.state.isFinal()) {
                o.state = filled.last() ? State.FILLED : State.PARTIALLY_FILLED;
            }
            return FillResult.LATE;
        }
        if (o.state.isFinal()) {
            if (o.state == State.TIMED_OUT) {
                lateExecutions++;
            }
            return FillResult.LATE;
        }
        if (filled.last()) {
            finish(o, State.FILLED, filled.eventTimeNs());
            return FillResult.COMPLETED;
        }
        o.state = State.PARTIALLY_FILLED;
        return FillResult.APPLIED;
    }

    /**
     * Ends an open order in a final state without a fill: {@link State#REJECTED}, {@link State#CANCELED} or
     * {@link State#EXPIRED}.
     *
     * @param clientOrderId the order
     * @param end           the final state
     * @param eventTimeNs   the execution's event time, UTC epoch ns
     * @return the order if this call ended it; null if it is unknown, was already final or is adopted (nothing to
     * do; an adopted order takes the state all the same)
     * @throws IllegalArgumentException if {@code end} is not one of the three
     */
    public Order<T> end(String clientOrderId, State end, long eventTimeNs) {
        if (end != State.REJECTED && end != State.CANCELED && end != State.EXPIRED) {
            throw new IllegalArgumentException("not an end by execution: " + end);
        }
        Order<T> o = orders.get(clientOrderId);
        if (o == null) {
            return null;
        }
        if (o.state.isFinal() || o.adopted) {
            if (o.state == State.TIMED_OUT) {
                lateExecutions++;
            }
            if (o.adopted && !o.state.isFinal()) {
                o.state = end;
            }
            return null;
        }
        finish(o, end, eventTimeNs);
        return o;
    }

    /**
     * Moves event time on: forgets final orders beyond the retention time. Times out nothing (see {@link #expire}).
     * Allocates nothing unless an order is forgotten.
     *
     * @param nowNs the latest event time seen, UTC epoch ns
     */
    public void advance(long nowNs) {
        Order<T> oldest = finished.peekFirst();
        while (oldest != null && nowNs - oldest.finalTimeNs > retentionNs) {
            forget();
            oldest = finished.peekFirst();
        }
    }

    /**
     * Moves the order router's progress on and times out every order {@link State#PENDING_NEW} whose deadline it
     * passed: {@link Order#timeoutFromNs()} + {@code orderTimeoutMs} (handing each to {@code onTimeout} after it is
     * final, stamped final at the latest event time given to {@link #advance} or to this). A progress not above the
     * last one changes nothing. Allocates nothing unless an order times out.
     *
     * @param routerNs  how far the router has read market data: its {@code Progress.marketDataNs} on
     *                  {@code executions}, UTC epoch ns
     * @param nowNs     the latest event time the caller has seen, UTC epoch ns: the timed-out orders' final time
     * @param onTimeout called once per order timed out now
     */
    public void expire(long routerNs, long nowNs, Consumer<Order<T>> onTimeout) {
        if (routerNs <= this.routerNs) {
            return;
        }
        this.routerNs = routerNs;
        if (routerNs > nextDeadlineNs) {
            long next = Long.MAX_VALUE;
            for (int i = 0; i < open.size(); ) {
                Order<T> o = open.get(i);
                long deadline = deadline(o);
                if (o.state == State.PENDING_NEW && routerNs > deadline) {
                    finish(o, State.TIMED_OUT, nowNs); // removes it from open: i stays
                    timedOut++;
                    onTimeout.accept(o);
                } else {
                    if (o.state == State.PENDING_NEW && deadline < next) {
                        next = deadline;
                    }
                    i++;
                }
            }
            nextDeadlineNs = next;
        }
    }

    /** @return the router's progress last given to {@link #expire}, UTC epoch ns; 0 before the first */
    public long routerNs() {
        return routerNs;
    }

    private long deadline(Order<T> o) {
        return o.timeoutFromNs > Long.MAX_VALUE - timeoutNs ? Long.MAX_VALUE : o.timeoutFromNs + timeoutNs;
    }

    private void finish(Order<T> o, State end, long eventTimeNs) {
        o.state = end;
        o.finalTimeNs = eventTimeNs;
        open.remove(o);
        remember(o);
    }

    private void remember(Order<T> o) {
        finished.addLast(o);
        while (finished.size() > finishedKept) {
            forget();
        }
    }

    private void forget() {
        Order<T> o = finished.pollFirst();
        orders.remove(o.clientOrderId, o);
        forgotten++;
    }

    /** @return how long an order may stay {@link State#PENDING_NEW}, ms of market data the router read past it */
    public long timeoutMs() {
        return timeoutNs / 1_000_000L;
    }

    /** @return orders not final: 0 .. the number tracked */
    public int openCount() {
        return open.size();
    }

    /** @return the orders not final, oldest first (read-only view, live) */
    public List<Order<T>> openOrders() {
        return openView;
    }

    /** @return orders held, open and final: at most {@link #openCount()} + {@code finishedOrdersKept} */
    public int size() {
        return orders.size();
    }

    /** @return orders timed out since construction */
    public long timedOut() {
        return timedOut;
    }

    /** @return final orders forgotten since construction */
    public long forgotten() {
        return forgotten;
    }

    /** @return acceptances, fills, rejections, cancels and expiries met for an order after it had timed out */
    public long lateExecutions() {
        return lateExecutions;
    }
}
