package io.aquatrade.router;

import io.aquatrade.common.CancelOrder;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.OrderAccepted;
import io.aquatrade.common.SubmitOrder;
import io.aquatrade.common.TradeTick;

/**
 * Where the {@link OrderRouter} executes orders: the seam between the router's bookkeeping and one venue
 * ({@code venue.paper}, {@code venue.binance} over XChange REST; one sub-package per venue).
 *
 * <p>The router has already checked the order (client order id new, instrument configured, side, type, quantity
 * &gt; 0, limit price &gt; 0 for limits). The venue answers through {@link VenueReports} on the agent thread:
 * either {@code rejected}, or {@code accepted} then any number of {@code filled} (the last with {@code last = true}),
 * possibly ended by {@code expired} or {@code canceled}. An order that works beyond its submission (GTC, stops)
 * rests at the venue and its later answers come from {@link #onTrade} or {@link #cancel}. A venue does not book
 * balances or positions: the router does that from the fills it reports.
 *
 * <p>A paper venue answers inside {@link #submit}. A live venue would send the order from {@code submit}, let its
 * I/O threads put the venue's answers on a bounded queue, and deliver them from {@link #poll} on the agent thread.
 */
public interface Venue {
    /**
     * Builds a venue over the router's own market prices and account (a paper venue fills against the first and
     * checks balances in the second; a live venue ignores both). The router's builder chooses the venue: its
     * {@code *Main} from {@code order-router.venue}, a backtest its paper venue.
     */
    @FunctionalInterface
    interface Factory {
        /**
         * @param prices  the latest trade and quote per instrument, as the router records them
         * @param account the router's balances, booked from fills
         * @return the venue
         */
        Venue create(LatestPrices prices, Account account);
    }

    /**
     * The balances the router starts from on a first start (nothing recovered on {@code executions}), asked once
     * while the router is built: a live venue reads its account; a paper venue has none (null, the default: the
     * router takes {@code order-router.paper.balances}).
     *
     * @return mantissa per asset in the asset's decimals, or null
     */
    default java.util.Map<String, Long> startingBalances() {
        return null;
    }

    /** @return the venue's name, e.g. "paper"; also the prefix of its venue order ids */
    String name();

    /**
     * Executes (or sends) an order. The order object is reused by the caller after this returns: copy what is kept.
     *
     * @param order      the checked order
     * @param instrument its configured instrument
     * @param reports    where the outcome goes
     */
    void submit(SubmitOrder order, Instrument instrument, VenueReports reports);

    /**
     * Market data of a configured instrument at {@code eventTimeNs} is about to be applied: a venue with latency lets
     * the orders and cancels that reached it before that time act now, against the market as it was (default: no
     * latency, nothing to do).
     *
     * @param eventTimeNs the event time of the tick or quote, UTC epoch ns
     * @param reports     where the answers go
     */
    default void beforeMarketData(long eventTimeNs, VenueReports reports) {
    }

    /**
     * Market data: a trade of a configured instrument, after the router recorded its price. A paper venue fills its
     * resting orders and triggers its stops on it; a live venue ignores it (the default).
     *
     * @param tick    the trade (reused by the caller after this returns)
     * @param reports where fills and expiries go
     */
    default void onTrade(TradeTick tick, VenueReports reports) {
    }

    /**
     * Cancels a working order by its client order id.
     *
     * @param cancel  the request (reused by the caller after this returns)
     * @param reports where the {@code canceled} answer goes
     * @return true if the venue has taken the cancel: the order was working here and is now cancelled (reported), or
     * the cancel travels to the venue and is answered later ({@code canceled} or {@code cancelRejected}); false if
     * this venue has no working order of that id (the router then answers with a {@code CancelRejected}); the
     * default
     */
    default boolean cancel(CancelOrder cancel, VenueReports reports) {
        return false;
    }

    /** @return orders working at the venue (resting or untriggered); 0 by default */
    default int workingOrders() {
        return 0;
    }

    /**
     * Delivers answers that arrived since the last call (live venues).
     *
     * @return how many were delivered; a paper venue always returns 0
     */
    default int poll(VenueReports reports) {
        return 0;
    }

    /** @return orders sent and not yet answered in full; a paper venue always returns 0 */
    default int outstandingOrders() {
        return 0;
    }

    /**
     * The earliest request this venue took and has not answered yet, and may still answer: an order whose placement's
     * outcome is unknown, one held back by a rate limit, one an earlier run may have sent and that is being asked
     * for, a cancel held back or of unknown outcome. The router's market-data promise on {@code executions} is held
     * at this time while such a request waits ({@link RouterCycle}), so that the decision engine, whose timeouts run
     * on that promise, never gives up an order the venue may still place (see {@code OrderTracker} in
     * decision-engine).
     *
     * @return its event time, UTC epoch ns; {@link Long#MAX_VALUE} when none (the default: a venue that answers every
     * request when it takes it, as the paper venue does)
     */
    default long earliestUnansweredNs() {
        return Long.MAX_VALUE;
    }

    /**
     * Finishes an order this venue accepted under {@code venueOrderId} in an earlier run, whose fill the router had
     * not yet recorded when it stopped: the router found the acceptance on the {@code executions} topic and the
     * order came back undelivered. The venue reports the order's outcome without a second {@code accepted}: its
     * fills (a paper venue fills it now, as it would have then), or a rejection if it can no longer fill it.
     *
     * @param order        the redelivered order (the same client order id)
     * @param instrument   its configured instrument
     * @param venueOrderId the id the venue gave it in the earlier run
     * @param reports      where the outcome goes
     * @return false if this venue cannot finish such an order (the order stays accepted and unfilled; reconcile it
     * on the venue); the default
     */
    default boolean resume(SubmitOrder order, Instrument instrument, String venueOrderId, VenueReports reports) {
        return false;
    }


    /**
     * @return true if this venue finishes an order of an earlier run by trade id ({@link #resume(SubmitOrder,
     * Instrument, String, long, java.util.Set, VenueReports)}: the fills already written are skipped by their trade
     * ids, whatever order they were written in); false (the default): by {@link #resume(SubmitOrder, Instrument,
     * String, VenueReports)}, the router dropping as many messages as were written
     */
    default boolean resumesByTradeId() {
        return false;
    }

    /**
     * As {@link #resume(SubmitOrder, Instrument, String, VenueReports)}, for a venue that {@link #resumesByTradeId}:
     * the fills of {@code tradeIds} are on {@code executions} with all their messages and are not reported again;
     * every other fill of the order is, then its end.
     *
     * @param filledQuantity what the fills of {@code tradeIds} filled, size mantissa
     * @param tradeIds       the trade ids of those fills, as on {@code executions}
     * @return false if this venue cannot finish such an order; the default
     */
    default boolean resume(SubmitOrder order, Instrument instrument, String venueOrderId, long filledQuantity,
                           java.util.Set<String> tradeIds, VenueReports reports) {
        return false;
    }

    /**
     * Puts back, after a restart, an order that was working at this venue when the router stopped: accepted in an
     * earlier run and neither completely filled, expired, cancelled nor rejected on {@code executions}. It works on
     * as if there had been no restart; nothing is reported now.
     *
     * @param order          the order as submitted (from the {@code orders} topic)
     * @param instrument     its configured instrument
     * @param venueOrderId   the id the venue gave it
     * @param filledQuantity what it had filled, size mantissa
     * @param fills          how many fills it had
     * @return false if this venue cannot take it back (a live venue reconciles its open orders instead); the default
     */
    default boolean restore(SubmitOrder order, Instrument instrument, String venueOrderId, long filledQuantity,
                            int fills) {
        return false;
    }

    /**
     * As {@link #restore(SubmitOrder, Instrument, String, long, int)}, with the venue's trade ids of the fills it had
     * on {@code executions}: a live venue skips exactly those trades (by id, not by count: a fill booked from a stream
     * ahead of an earlier trade that was never booked leaves a gap a count would misplace). The default ignores them.
     *
     * @param tradeIds the {@code tradeId}s of its fills on {@code executions}, in the order they were written
     */
    default boolean restore(SubmitOrder order, Instrument instrument, String venueOrderId, long filledQuantity,
                            int fills, java.util.Set<String> tradeIds) {
        return restore(order, instrument, venueOrderId, filledQuantity, fills);
    }

    /**
     * After {@link #restore}: the earliest time from which a trade could have triggered a restored stop that had filled
     * nothing before the restart (so that whether it had triggered is unknown from {@code executions}).
     *
     * @return UTC epoch ns: trades strictly after it may matter to {@link #retrigger}; {@link Long#MAX_VALUE} if no
     * restored stop waits for its trigger (the default)
     */
    default long untriggeredStopsSinceNs() {
        return Long.MAX_VALUE;
    }

    /**
     * After {@link #restore}: a trade the router had consumed before the restart, fed in any order (the router reads
     * them backwards), so that a restored stop that trade had triggered is triggered again, without executing
     * anything or reporting: a STOP_LIMIT triggered before the restart and not filled then rests as its limit, as if
     * the router had never stopped. Nothing by default.
     *
     * @param consumed a trade consumed before the restart (reused after the call)
     */
    default void retrigger(TradeTick consumed) {
    }

    /**
     * Puts back, after a restart, an order that was on its way to this venue when the router stopped: consumed from
     * {@code orders} and not answered at all on {@code executions} (a paper venue with latency; a live venue whose
     * placement's outcome was unknown, or held back by a rate limit). It travels on as if there had been no restart;
     * nothing is reported now (a live venue asks for it by its client order id at its next {@link #poll} before it
     * would ever send it). Called during the restore, where {@link #ordersTopic}'s position is the order's.
     *
     * @return false if this venue has no orders on their way (no latency); the default
     */
    default boolean requeue(SubmitOrder order, Instrument instrument) {
        return false;
    }

    /**
     * After {@link #requeue}: a cancel of a requeued order that the router had consumed before the restart (so it was
     * never answered either). A live venue applies it once it knows the order: it cancels the order if Binance has it,
     * and answers it otherwise; nothing is reported now. Ignored by default (a paper venue's cancels on their way are
     * not put back).
     *
     * @param cancel the cancel (reused after the call)
     */
    default void requeueCancel(CancelOrder cancel) {
    }

    /**
     * After {@link #restore}: a cancel of a restored working order that the router had consumed before the restart
     * and that {@code executions} never answered (the order is still working there, and no {@code CancelRejected}
     * answers this cancel): the earlier run kept it to send (held by the rate limit, or of unknown outcome) or was
     * stopped before sending it. A live venue sends it again at its next poll (a repeated cancel is harmless: the
     * exchange refuses it once the order ended) and answers it as any cancel; nothing is reported now. Ignored by
     * default (a paper venue has no working order a cancel could still be on its way to).
     *
     * @param cancel the cancel (reused after the call)
     */
    default void restoreCancel(CancelOrder cancel) {
    }

    /**
     * Puts back on the venue's watch list an order an earlier run gave up ({@code OrderRejected} with {@link
     * io.aquatrade.common.RejectReason#OUTCOME_UNKNOWN} on {@code executions}, not accepted after it): the venue may
     * still place it, and books it under this order if it shows it. Called by the restore at start, with the order as
     * on {@code orders} (a live venue derives the id it sent from its place there). Ignored by default.
     *
     * @param order       the order (reused after the call)
     * @param instrument  its instrument
     * @param givenUpAtNs the rejection's event time, UTC epoch ns
     * @return true if the venue watches it now; false (the default) if it does not (none kept, or too old)
     */
    default boolean watchAgain(SubmitOrder order, Instrument instrument, long givenUpAtNs) {
        return false;
    }

    /**
     * Called during recovery for every acceptance on the {@code executions} topic, oldest first, so that the venue
     * can resume its order id counter (a paper venue) or reconcile open orders (a live venue).
     */
    default void recover(OrderAccepted accepted) {
    }

    /**
     * Called during recovery for every fill on the {@code executions} topic, oldest first, so that a live venue knows
     * the trades already booked (its reconciliation asks the venue for the fills after the last of them).
     */
    default void recover(io.aquatrade.common.OrderFilled filled) {
    }

    /**
     * Where the orders come from, given by the router's agent before it restores working orders: a live venue
     * derives the ids it sends from the order's position on the {@code orders} topic and the queue's id (the
     * binance venue's {@code ClientOrderIds}). Ignored by default (paper venue, backtests).
     *
     * @param position the {@code orders} topic's position (Chronicle queue index) of the order being delivered, read
     *                 inside {@link #submit}, {@link #resume} and {@link #restore}
     * @param queueId  the {@code orders} queue's id ({@link OrdersQueueId}), &gt; 0
     * @param lastIndexAtStart the {@code orders} queue's last index when the router started (Chronicle's {@code
     *                 lastIndex()}, negative if it was empty): an order at or before it may have been sent by an
     *                 earlier run, one after it was written after this start and cannot have been
     */
    default void ordersTopic(java.util.function.LongSupplier position, long queueId, long lastIndexAtStart) {
    }

    /**
     * As {@link #ordersTopic(java.util.function.LongSupplier, long, long)} with no order on the queue at the start
     * (nothing asked for before it is sent): a router on fresh queues, or driven by hand.
     */
    default void ordersTopic(java.util.function.LongSupplier position, long queueId) {
        ordersTopic(position, queueId, -1);
    }
}
