package io.aquatrade.router.venue.binance;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.CancelOrder;
import io.aquatrade.common.EpochClock;
import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.MessageCopies;
import io.aquatrade.common.OrderType;
import io.aquatrade.common.RejectReason;
import io.aquatrade.common.Side;
import io.aquatrade.common.SubmitOrder;
import io.aquatrade.router.Account;
import io.aquatrade.router.VenueReports;
import io.aquatrade.router.venue.binance.BinanceVenue.Tracked;
import org.knowm.xchange.binance.dto.trade.BinanceCancelledOrder;
import org.knowm.xchange.binance.dto.trade.BinanceNewOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import si.mazi.rescu.ParamsDigest;
import si.mazi.rescu.SynchronizedValueFactory;

/**
 * Stop replacement on Binance spot that never leaves a position unprotected.
 *
 * <p><b>Why.</b> The decision engine moves a protective stop by sending the new stop first and cancelling the old one
 * after ("replace-then-cancel", {@code ProtectiveStops}), so that the position is never without a stop. On Binance
 * spot a working sell stop holds (locks) its base quantity: while the old stop of the whole position works, the new
 * one meets -2010 "Account has insufficient balance for requested action." The venue therefore sends such a stop
 * together with the old stop's cancel as one {@code POST /api/v3/order/cancelReplace}
 * ({@code cancelReplaceMode=STOP_ON_FAILURE}, {@code cancelOrderId} + {@code cancelOrigClientOrderId} of the old stop,
 * {@code newClientOrderId} of the new): Binance cancels the old stop and places the new one in one step of its
 * matching engine.
 *
 * <p><b>When.</b> A stop ({@code STOP_LIMIT} as STOP_LOSS_LIMIT, {@code STOP_MARKET} as STOP_LOSS) arrives for a
 * strategy, instrument and side on which one of that strategy's stops works at Binance (the newest, known and not
 * being cancelled: the one the decision engine cancels next), and the free balance cannot hold both: the router's
 * {@link Account} balance of the held asset (base for a sell, quote for a buy) less what every working order of this
 * venue holds (a sell its unfilled quantity; a buy its unfilled quantity x its limit price, a STOP_MARKET buy's at its
 * trigger) is below what the new stop holds. Without the account (not handed over), or when a balance held outside
 * the router made the estimate wrong, a plain placement answered -2010 insufficient balance is sent again as a
 * cancel-replace ({@link #retry}). A stop re-placed by this class ({@link #replaceAgain}) is unknown to the decision
 * engine, which will never cancel it: any stop or reduce-only order of that strategy, instrument and side replaces it
 * the same way, whatever the balance.
 *
 * <p><b>Exits.</b> The same holds for a sell that is not a stop and sells at least what the working stop has left
 * unfilled, i.e. the whole position the stop protects: the decision engine's exit (market, or limit), a kill-switch
 * or daily-loss flatten, a reversal's close, its stop-loss exit after a re-placed stop. It is sent as plain MARKET IOC
 * or LIMIT, not reduce-only, and assumes (as on paper) that the stop locks nothing; on Binance it would meet -2010
 * while the stop works, and the exit would be lost. When the free balance cannot hold it (or the stop is this
 * class's own) it goes out as one cancel-replace of that stop (its type and time in force kept), and the engine's
 * cancel of the stop that follows it is answered from memory as for a stop. A smaller sell (a take-profit rung) is
 * left alone: a strategy with both {@code takeProfit} and {@code stopOrder} is refused at start-up on this venue
 * ({@link ConfiguredOrders#takeProfitWithStop}).
 *
 * <p><b>Outcomes</b> (Binance's REST API, "Cancel an Existing Order and Send a New Order"; errors -2021 and -2022):
 * <ul>
 *   <li>200, both halves SUCCESS: the new stop is accepted; the old one is cancelled at Binance, and the decision
 *       engine's cancel of it that follows is answered {@code canceled} from what the venue knows, without a request
 *       ({@link #cancelReplaced}); if that cancel has not come {@code recvWindowMs} later, or the old stop was one of
 *       this class's own, it is reported {@code canceled} without it;</li>
 *   <li>400 -2022, cancel FAILURE and new order NOT_ATTEMPTED: the old stop was no longer working (filled, expired or
 *       cancelled already): its status is read and reported, and the new stop is placed on its own (it is refused if
 *       the old stop's fill took the position's base with it);</li>
 *   <li>409 -2021, cancel SUCCESS and new order FAILURE (e.g. "Order would trigger immediately." when the market
 *       moved through the new trigger, or a filter): the position has no stop at Binance. The new stop is rejected
 *       (its reason names the old stop's cancel and the re-placement) and <em>the old stop is re-placed at once</em>
 *       ({@link #replaceAgain}), same type, trigger, limit and side, for what it had left unfilled, under the client
 *       order id {@code <new stop's id>-p}, reported {@code accepted} with the reason {@value #REASON_REPLACED}. The
 *       old stop, not the new: the new one was just refused for its own terms (its trigger or limit against the
 *       market, or its quantity) and would be refused again, while the old terms were taken by Binance and worked
 *       until this instant; a trailing stop only tightens, so the old trigger is the further from the market and
 *       the likelier to be taken again. If the re-placement is refused as well (the market went through both
 *       triggers), the refusal is reported and logged at ERROR: the decision engine, which knows none of its stops
 *       works, exits by its own stop-loss check on the next tick beyond its stop;</li>
 *   <li>an unknown outcome (no answer, 5xx, -1007, -1006): the new stop is left UNKNOWN and asked for by its client
 *       order id as any placement of unknown outcome; the old stop stays tracked and polled, and the decision engine's
 *       cancel of it waits until the new stop is found (or known never placed), then goes out as usual;</li>
 *   <li>429 or 418 (a back-off or a ban): neither half happened; the new stop waits in the venue's queue and goes
 *       out as a cancel-replace again once the ban or back-off ended (the old stop works meanwhile); -1021 (the
 *       request's timestamp outside {@code recvWindow}): the clock offset is measured again and the request sent once
 *       more, as any placement;</li>
 *   <li>any other error (a filter, -1015 too many orders, a second -1021, a symbol without {@code
 *       cancelReplaceAllowed}): neither half happened; the new stop is rejected, and the decision engine's cancel of
 *       the old one that follows goes out as usual (the engine, knowing no stop of its own works, checks its stop
 *       itself).</li>
 * </ul>
 *
 * <p><b>Ids, budget, clock, filters.</b> Both halves name Binance's client order ids ({@link Tracked#binanceId},
 * {@link ClientOrderIds}): {@code cancelOrigClientOrderId} the old stop's, {@code newClientOrderId} the new one's, and
 * a re-placed stop goes out as the new stop's Binance id and {@code -p}. A cancel-replace is one placement for the
 * rate-limit budget (its weight and one order; the venue takes them before it decides to send, and this class before
 * each request of its own); it is signed with the {@link ServerClock}'s time as every request; the new stop was
 * rounded and checked against the {@link ExchangeFilters} as any order, and so is a re-placed stop.
 *
 * <p>Not thread-safe: the router's agent thread only, inside {@link BinanceVenue}'s calls.
 */
final class StopReplacer {
    private static final Logger LOG = LoggerFactory.getLogger(StopReplacer.class);
    /** The reason of a stop this class re-placed after a cancel-replace whose new stop was refused. */
    static final String REASON_REPLACED = "protective-stop-replaced";
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** What {@link StopReplacer} needs of its venue: the placement paths it shares. */
    interface Host {
        /** Reports a placement Binance answered: accepted, its immediate fills, its end if it ended. */
        void placed(Tracked t, BinanceNewOrder answer, VenueReports reports);

        /** Leaves a placement of unknown outcome UNKNOWN (asked for by its client order id, never sent again). */
        void unknown(Tracked t, long sentNs);

        /** Places an order with {@code POST /api/v3/order}, reporting its outcome. */
        void send(Tracked t, VenueReports reports);

        /**
         * Reads an order's status now and reports what it shows beyond what was reported (fills, its end); if the
         * rate-limit budget has no room for the read, it is left to the next poll.
         */
        void refresh(Tracked t, VenueReports reports);

        /**
         * Takes the weight and one order of a placement ({@code POST /api/v3/order} or a cancel-replace) from the
         * rate-limit budget.
         *
         * @return false if the budget has no room, or a 429's back-off or a 418 ban holds requests back
         */
        boolean budgetAllows();

        /** Holds an order back until the budget allows it: first in the venue's waiting queue, sent by a poll. */
        void hold(Tracked t);

        /** @return true if the order of this client order id (ours) waits in the venue's waiting queue */
        boolean holds(String clientOrderId);

        /** Measures the offset to Binance's clock again (after a -1021). */
        void resync();

        /**
         * Rounds an order to its exchange filters and checks it, as every order is before it leaves.
         *
         * @return null if it may leave, else why not
         */
        ExchangeFilters.Refusal filter(Tracked t);
    }

    private final BinanceCancelReplace api;
    private final ParamsDigest signer;
    private final String apiKey;
    private final long recvWindowMs;
    private final long recvWindowNs;
    private final SynchronizedValueFactory<Long> timestamps;
    private final AquatradeConfig aquatrade;
    private final EpochClock clock;
    private final Map<String, Tracked> orders;
    private final Host host;
    /** The router's balances, or null (then only a -2010 answer makes a cancel-replace). */
    private Account account;
    /** Stops cancelled by a cancel-replace whose decision-engine cancel has not come yet, by client order id. */
    private final Map<String, Replaced> replaced = new LinkedHashMap<>();
    /** Client order ids of the stops this class re-placed (unknown to the decision engine). */
    private final Set<String> ownStops = new HashSet<>();
    /**
     * Client order ids of stops that go out as a cancel-replace when they leave the waiting queue (held back by the
     * budget, a back-off or a ban after the cancel-replace was decided), whatever the balance says then.
     */
    private final Set<String> forced = new HashSet<>();
    /** True while this class places an order itself: no cancel-replace of it. */
    private boolean placing;
    private long replacements;
    private long replacedAgain;
    private long cancelFailures;

    /**
     * @param api          the signed cancel-replace endpoint
     * @param signer       HMAC-SHA256 of the request, Binance's {@code signature}
     * @param apiKey       the key, header {@code X-MBX-APIKEY}
     * @param recvWindowMs Binance's {@code recvWindow}, ms; also how long a replaced stop waits for its cancel
     * @param timestamps   request timestamps, UTC epoch ms
     * @param aquatrade    the instruments and each asset's decimals
     * @param clock        the process clock
     * @param orders       the venue's orders not finished, by client order id (shared, changed here)
     * @param host         the venue's placement paths
     */
    StopReplacer(BinanceCancelReplace api, ParamsDigest signer, String apiKey, long recvWindowMs,
                 SynchronizedValueFactory<Long> timestamps, AquatradeConfig aquatrade, EpochClock clock,
                 Map<String, Tracked> orders, Host host) {
        this.api = api;
        this.signer = signer;
        this.apiKey = apiKey;
        this.recvWindowMs = recvWindowMs;
        this.recvWindowNs = Math.multiplyExact(recvWindowMs, 1_000_000L);
        this.timestamps = timestamps;
        this.aquatrade = aquatrade;
        this.clock = clock;
        this.orders = orders;
        this.host = host;
    }

    /** @param account the router's balances, booked from fills (the account as Binance holds it in total) */
    void account(Account account) {
        this.account = account;
    }

    /**
     * Before a plain placement: sends the order as a cancel-replace of the stop it replaces when the balance cannot
     * hold both, or when the stop working is one of this class's own.
     *
     * @return true if the order was handled here (reported, or left unknown)
     */
    boolean replaces(Tracked t, VenueReports reports) {
        if (placing) {
            return false;
        }
        Tracked working = working(t);
        if (working == null) {
            return false;
        }
        boolean own = ownStops.contains(working.id());
        boolean force = forced.remove(t.id());
        boolean takes = isStop(t.order) || closes(t, working) || own && t.order.reduceOnly();
        if (!force && (!takes || !own && fits(t))) {
            return false;
        }
        cancelReplace(working, t, reports);
        return true;
    }

    /**
     * After Binance refused a plain placement with -2010 insufficient balance: a stop that replaces a working stop of
     * its strategy, instrument and side is sent again as a cancel-replace (the balance estimate missed something).
     *
     * @return true if it was sent again (handled here)
     */
    boolean retry(Tracked t, int code, String message, VenueReports reports) {
        if (placing || BinanceAdapters.rejectReason(code, message) != RejectReason.INSUFFICIENT_BALANCE) {
            return false;
        }
        Tracked working = working(t);
        if (working == null || !isStop(t.order) && !closes(t, working)) {
            return false;
        }
        if (!host.budgetAllows()) {
            LOG.info("stop {}: binance {} ({}) while stop {} holds the balance: waits for the rate-limit budget, then "
                    + "goes out as a cancel-replace of it", t.id(), code, message, working.id());
            forced.add(t.id());
            host.hold(t);
            return true;
        }
        LOG.info("stop {}: binance {} ({}) while stop {} holds the balance: sent again as a cancel-replace of it",
                t.id(), code, message, working.id());
        cancelReplace(working, t, reports);
        return true;
    }

    /**
     * The decision engine's cancel of a stop that a cancel-replace already cancelled: answered {@code canceled} at the
     * cancel's time, from what the venue knows.
     *
     * @return false if the order is not such a stop
     */
    boolean cancelReplaced(CancelOrder cancel, VenueReports reports) {
        Replaced r = replaced.remove(cancel.clientOrderId());
        if (r == null) {
            return false;
        }
        reports.canceled(r.order.order, r.order.venueId(), r.order.cumulative, cancel.eventTimeNs());
        return true;
    }

    /**
     * Reports {@code canceled} for each replaced stop whose cancel has not come {@code recvWindowMs} after its
     * replacement (the decision engine sends it right after the new stop; a restart may have lost it).
     *
     * @param nowNs the clock's time, UTC epoch ns
     * @return how many were reported
     */
    int expire(long nowNs, VenueReports reports) {
        ownStops.removeIf(id -> !orders.containsKey(id) && !host.holds(id)); // re-placed stops that ended
        int n = 0;
        for (var it = replaced.values().iterator(); it.hasNext(); ) {
            Replaced r = it.next();
            if (nowNs - r.atNs > recvWindowNs) {
                it.remove();
                LOG.warn("stop {} was cancelled by a cancel-replace {} ms ago and no cancel of it came: reported "
                        + "canceled", r.order.id(), recvWindowMs);
                reports.canceled(r.order.order, r.order.venueId(), r.order.cumulative, r.eventTimeNs);
                n++;
            }
        }
        return n;
    }

    /** @return stops replaced by a cancel-replace (both halves succeeded), since start */
    long replacements() {
        return replacements;
    }

    /** @return stops re-placed after a cancel-replace cancelled them and its new stop was refused, since start */
    long replacedAgain() {
        return replacedAgain;
    }

    /** @return cancel-replaces whose cancel failed (the old stop had ended), since start */
    long cancelFailures() {
        return cancelFailures;
    }

    /**
     * Whether a stop waiting in the venue's queue (held back by the budget, a back-off or a ban) will replace
     * {@code old} when it goes out: then the decision engine's cancel of {@code old} must wait until it went out, or
     * the position would be without a stop meanwhile (the cancel needs no order from the budget and could pass it).
     *
     * @param waiting the venue's waiting queue
     */
    boolean replacedByWaiting(Tracked old, Iterable<Tracked> waiting) {
        if (!isStop(old.order)) {
            return false;
        }
        for (Tracked w : waiting) {
            if (isStop(w.order) && working(w) == old) {
                return true;
            }
        }
        return false;
    }

    /**
     * @return the newest working stop of t's strategy, instrument and side, or null; a stop whose cancel was asked
     * but not sent yet (held back, {@link Tracked#cancelWaiting}) still works
     */
    private Tracked working(Tracked t) {
        Tracked found = null;
        for (Tracked o : orders.values()) {
            if (o != t && o.unknownSinceNs == Long.MIN_VALUE && (o.cancel == null || o.cancelWaiting)
                    && isStop(o.order)
                    && o.order.side() == t.order.side()
                    && o.instrument.symbol().equals(t.instrument.symbol())
                    && o.order.strategyId() != null && o.order.strategyId().equals(t.order.strategyId())) {
                found = o;
            }
        }
        return found;
    }

    /**
     * @return true if t is a sell that is not a stop (a market or limit exit, a flatten, a reversal's close, the
     * decision engine's stop-loss exit) of at least what {@code working}, the strategy's stop on that instrument, has
     * left unfilled: it sells the whole position that stop protects, so cancelling the stop in the same step leaves
     * nothing unprotected
     */
    private static boolean closes(Tracked t, Tracked working) {
        return t.order.side() == Side.SELL && !isStop(t.order)
                && t.order.quantity() >= working.order.quantity() - working.cumulative;
    }

    private static boolean isStop(SubmitOrder o) {
        return o.orderType() == OrderType.STOP_LIMIT || o.orderType() == OrderType.STOP_MARKET;
    }

    /**
     * @return true if the free balance (the account's, less what this venue's working orders hold) holds the new
     * order too, or if it cannot be told (no account, an asset the account does not know)
     */
    private boolean fits(Tracked t) {
        Instrument in = t.instrument;
        String asset = t.order.side() == Side.SELL ? in.base() : in.quote();
        if (account == null || !account.has(asset)) {
            return true;
        }
        int decimals = account.decimals(asset);
        BigDecimal held = BigDecimal.ZERO;
        for (Tracked o : orders.values()) {
            if (o != t && o.order.side() == t.order.side()
                    && (o.order.side() == Side.SELL ? o.instrument.base() : o.instrument.quote()).equals(asset)) {
                held = held.add(holds(o.order, o.instrument, o.order.quantity() - o.cumulative));
            }
        }
        BigDecimal free = FixedPoint.toBigDecimal(account.balance(asset), decimals).subtract(held);
        return free.compareTo(holds(t.order, in, t.order.quantity())) >= 0;
    }

    /**
     * @param quantity unfilled quantity, size mantissa
     * @return what Binance holds for it: the quantity of base for a sell; for a buy quantity x its limit price (a
     * STOP_MARKET's trigger, a MARKET's nothing: it does not rest) in quote
     */
    private static BigDecimal holds(SubmitOrder o, Instrument in, long quantity) {
        BigDecimal qty = FixedPoint.toBigDecimal(Math.max(0, quantity), in.sizeDecimals());
        if (o.side() == Side.SELL) {
            return qty;
        }
        long price = switch (o.orderType()) {
            case LIMIT, STOP_LIMIT -> o.limitPrice();
            case STOP_MARKET -> o.triggerPrice();
            default -> 0;
        };
        return qty.multiply(FixedPoint.toBigDecimal(price, in.priceDecimals()));
    }

    /** Sends {@code t} as a cancel-replace of {@code old}, and reports both halves' outcome. */
    private void cancelReplace(Tracked old, Tracked t, VenueReports reports) {
        SubmitOrder o = t.order;
        Instrument in = t.instrument;
        String type;
        String tif = null;
        BigDecimal price = null;
        BigDecimal stop = null;
        switch (o.orderType()) {
            case MARKET -> type = "MARKET";
            case LIMIT -> {
                price = FixedPoint.toBigDecimal(o.limitPrice(), in.priceDecimals());
                type = o.postOnly() ? "LIMIT_MAKER" : "LIMIT";
                tif = o.postOnly() ? null : o.timeInForce() == null ? "GTC" : o.timeInForce().name();
            }
            case STOP_LIMIT -> {
                type = "STOP_LOSS_LIMIT";
                tif = "GTC";
                price = FixedPoint.toBigDecimal(o.limitPrice(), in.priceDecimals());
                stop = FixedPoint.toBigDecimal(o.triggerPrice(), in.priceDecimals());
            }
            case STOP_MARKET -> {
                type = "STOP_LOSS";
                stop = FixedPoint.toBigDecimal(o.triggerPrice(), in.priceDecimals());
            }
            default -> throw new IllegalStateException("unexpected order type " + o.orderType());
        }
        long sentNs = clock.nowNs();
        JsonNode answer;
        try {
            answer = api.cancelReplace(BinanceAdapters.symbol(in), o.side().name(), type, "STOP_ON_FAILURE", tif,
                    FixedPoint.toBigDecimal(o.quantity(), in.sizeDecimals()), price, old.venueOrderId, old.binanceId,
                    t.binanceId, stop, "FULL", recvWindowMs, timestamps, apiKey, signer);
        } catch (CancelReplaceException e) {
            JsonNode data = e.data();
            if (e.getCode() == -2021 && data != null && "SUCCESS".equals(data.path("cancelResult").asText())) {
                newOrderFailed(old, t, data, reports);
            } else if (e.getCode() == -2022 && data != null) {
                cancelFailed(old, t, data, reports);
            } else if (e.getCode() == -1007 || e.getCode() == -1006 || e.getHttpStatusCode() >= 500) {
                lost(old, t, sentNs, "binance " + e.getCode() + ": " + e.getMessage());
            } else if (e.getHttpStatusCode() == 429 || e.getHttpStatusCode() == 418) {
                LOG.warn("stop {}: cancel-replace of {} not taken (binance {}: {}): waits for the back-off to end, "
                        + "then goes out as a cancel-replace again", t.id(), old.id(), e.getCode(), e.getMessage());
                forced.add(t.id());
                host.hold(t); // the budget saw the Retry-After: sent by a poll after it
            } else if (e.getCode() == -1021 && !t.resynced) {
                t.resynced = true; // neither half happened: the same client order ids are safe to send once more
                LOG.warn("stop {}: cancel-replace of {}: binance -1021: clock resynchronised, sent again once",
                        t.id(), old.id());
                host.resync();
                cancelReplace(old, t, reports);
            } else {
                reports.rejected(o, BinanceAdapters.rejectReason(e.getCode(), e.getMessage()), "binance "
                        + e.getCode() + ": " + e.getMessage() + " (cancel-replace of " + old.id()
                        + ": nothing cancelled)");
            }
            return;
        } catch (IOException | RuntimeException e) {
            lost(old, t, sentNs, e.getClass().getSimpleName());
            return;
        }
        BinanceCancelledOrder canceled;
        BinanceNewOrder placed;
        try {
            canceled = JSON.treeToValue(answer.path("cancelResponse"), BinanceCancelledOrder.class);
            placed = JSON.treeToValue(answer.path("newOrderResponse"), BinanceNewOrder.class);
        } catch (IOException | IllegalArgumentException e) {
            lost(old, t, sentNs, "unreadable answer " + e.getClass().getSimpleName());
            return;
        }
        replacements++;
        LOG.info("{} {} replaced stop {} in one cancel-replace (the balance could not hold both)",
                isStop(o) ? "stop" : "sell", t.id(), old.id());
        tookOver(old, canceled.executedQty == null ? null : new BigDecimal(canceled.executedQty), o.eventTimeNs(),
                reports);
        host.placed(t, placed, reports);
    }

    /** -2022: the old stop could not be cancelled (it had ended); the new one is placed on its own. */
    private void cancelFailed(Tracked old, Tracked t, JsonNode data, VenueReports reports) {
        cancelFailures++;
        JsonNode why = data.path("cancelResponse");
        LOG.info("stop {}: the cancel of {} failed in its cancel-replace (binance {}: {}): that stop had ended; "
                + "{} placed on its own", t.id(), old.id(), why.path("code").asInt(), why.path("msg").asText(),
                t.id());
        host.refresh(old, reports);
        if (!host.budgetAllows()) {
            host.hold(t); // placed on its own by a later poll (the old stop has ended: nothing to replace then)
            return;
        }
        placing = true;
        try {
            host.send(t, reports);
        } finally {
            placing = false;
        }
    }

    /**
     * -2021: the old stop was cancelled and the new one refused: the new stop is rejected and the old one re-placed
     * at once ({@link #replaceAgain}).
     */
    private void newOrderFailed(Tracked old, Tracked t, JsonNode data, VenueReports reports) {
        JsonNode cancel = data.path("cancelResponse");
        JsonNode why = data.path("newOrderResponse");
        int code = why.path("code").asInt();
        String msg = why.path("msg").asText();
        BigDecimal executed = cancel.hasNonNull("executedQty") ? new BigDecimal(cancel.get("executedQty").asText())
                : null;
        long left = old.order.quantity() - (executed == null ? old.cumulative
                : FixedPoint.fromBigDecimal(executed.setScale(old.instrument.sizeDecimals(), RoundingMode.DOWN),
                old.instrument.sizeDecimals()));
        String again = againId(t.id());
        LOG.warn("stop {} refused in its cancel-replace after {} was cancelled (binance -2021; new order {}: {}): "
                + "the position has no stop at binance; {} re-placed as {}", t.id(), old.id(), code, msg, old.id(),
                again);
        tookOver(old, executed, t.order.eventTimeNs(), reports);
        reports.rejected(t.order, BinanceAdapters.rejectReason(code, msg), "binance -2021 cancel-replace partially "
                + "failed: new order " + code + ": " + msg + "; stop " + old.id() + " was cancelled and is re-placed "
                + "as " + again);
        if (left > 0) {
            replaceAgain(old, left, again, againId(t.binanceId), t.order.eventTimeNs(), reports);
        }
    }

    /**
     * Places the old stop's terms again (same strategy, instrument, side, type, trigger and limit, reduce-only), for
     * what it had left unfilled, under a new client order id: a plain {@code POST /api/v3/order}, rounded and checked
     * against the exchange filters as any order, reported as any placement ({@code accepted}, or {@code rejected}),
     * with the reason {@value #REASON_REPLACED}. If the rate-limit budget has no room (or a 429's back-off or a 418
     * ban holds requests back), it waits first in the venue's queue and goes out with the next poll that may send.
     *
     * @param left        the unfilled quantity, size mantissa, above 0
     * @param id          our client order id of the re-placement
     * @param binanceId   the client order id sent to Binance for it
     * @param eventTimeNs the refused stop's event time: the re-placement's
     */
    private void replaceAgain(Tracked old, long left, String id, String binanceId, long eventTimeNs,
                              VenueReports reports) {
        SubmitOrder again = new SubmitOrder();
        MessageCopies.copy(old.order, again);
        again.clientOrderId(id).quantity(left).reason(REASON_REPLACED).reduceOnly(true).eventTimeNs(eventTimeNs);
        Tracked t = new Tracked(again, old.instrument, binanceId);
        ownStops.add(id);
        replacedAgain++;
        ExchangeFilters.Refusal refused = host.filter(t);
        if (refused != null) {
            ownStops.remove(id);
            reports.rejected(t.order, refused.reason(), refused.text());
            LOG.error("stop {} re-placed as {} is refused by binance's filters ({}): the position of {} on {} has no "
                    + "stop at binance; the decision engine's own stop-loss check stands in", old.id(), id,
                    refused.text(), old.order.strategyId(), old.instrument.symbol());
            return;
        }
        if (!host.budgetAllows()) {
            LOG.warn("stop {} re-placed as {} waits for the rate-limit budget: sent by the next poll that may",
                    old.id(), id);
            host.hold(t);
            return;
        }
        placing = true;
        try {
            host.send(t, reports);
        } finally {
            placing = false;
        }
        if (!orders.containsKey(id) && !host.holds(id)) {
            ownStops.remove(id);
            LOG.error("stop {} re-placed as {} was not taken by binance: the position of {} on {} has no stop at "
                    + "binance; the decision engine's own stop-loss check stands in", old.id(), id,
                    old.order.strategyId(), old.instrument.symbol());
        }
    }

    /**
     * The old stop is cancelled at Binance. If nothing was filled beyond what was reported, it leaves the orders
     * polled and waits for the decision engine's cancel (a stop of this class's own, which no cancel will come for,
     * is reported {@code canceled} at once); otherwise it stays polled, and its fills and end come from REST.
     *
     * @param executed the executed quantity the cancel answer shows, or null if unknown
     */
    private void tookOver(Tracked old, BigDecimal executed, long eventTimeNs, VenueReports reports) {
        old.cancelWaiting = false; // cancelled by the cancel-replace: no request of its own
        if (executed == null || FixedPoint.fromBigDecimal(executed.setScale(old.instrument.sizeDecimals(),
                RoundingMode.DOWN), old.instrument.sizeDecimals()) != old.cumulative) {
            return;
        }
        orders.remove(old.id());
        if (ownStops.remove(old.id())) {
            reports.canceled(old.order, old.venueId(), old.cumulative, eventTimeNs);
        } else if (old.cancel != null) { // the engine's cancel came while this stop waited: answered now
            reports.canceled(old.order, old.venueId(), old.cumulative, old.cancel.eventTimeNs());
        } else {
            replaced.put(old.id(), new Replaced(old, clock.nowNs(), eventTimeNs));
        }
    }

    /** No answer: the new stop's placement is unknown (resolved by its client order id); the old stop stays polled. */
    private void lost(Tracked old, Tracked t, long sentNs, String why) {
        LOG.warn("stop {}: cancel-replace of {} has an unknown outcome ({}): the new stop is asked for by its client "
                + "order id until known, never sent again meanwhile; {} stays polled", t.id(), old.id(), why, old.id());
        host.unknown(t, sentNs);
    }

    /**
     * @param refused a client order id of the refused stop (ours, or the one sent to Binance)
     * @return the id of the re-placed stop: the refused stop's and {@code -p}, at most 36 chars (Binance's limit; the
     * front is cut, the unique tail kept)
     */
    private static String againId(String refused) {
        String id = refused + "-p";
        return id.length() <= 36 ? id : id.substring(id.length() - 36);
    }

    /** A stop cancelled by a cancel-replace, waiting for the decision engine's cancel. */
    private record Replaced(Tracked order, long atNs, long eventTimeNs) {
    }

    /** @return the client order ids of the stops this class re-placed and that still work (a copy, for tests) */
    List<String> ownStops() {
        return new ArrayList<>(ownStops);
    }
}
