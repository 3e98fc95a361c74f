package io.aquatrade.router;

import java.math.RoundingMode;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.BalanceUpdate;
import io.aquatrade.common.CancelOrder;
import io.aquatrade.common.CancelRejectReason;
import io.aquatrade.common.CancelRejected;
import io.aquatrade.common.ExecutionListener;
import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.MarketDataListener;
import io.aquatrade.common.OrderAccepted;
import io.aquatrade.common.OrderCanceled;
import io.aquatrade.common.OrderExpired;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.OrderListener;
import io.aquatrade.common.OrderRejected;
import io.aquatrade.common.OrderType;
import io.aquatrade.common.PositionUpdate;
import io.aquatrade.common.QuoteTick;
import io.aquatrade.common.RateLimitStatus;
import io.aquatrade.common.ReconciliationStatus;
import io.aquatrade.common.RejectReason;
import io.aquatrade.common.Side;
import io.aquatrade.common.SubmitOrder;
import io.aquatrade.common.TimeInForce;
import io.aquatrade.common.TradeTick;
import io.aquatrade.router.venue.paper.PaperVenue;
import io.aquatrade.router.venue.paper.PaperVenueConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The order router's business logic: takes {@code market-data} and {@code orders} as listener calls, executes each
 * new order on its {@link Venue}, books the fills into the {@link Account} and each strategy's {@link Position}, and
 * writes what happened to its {@link ExecutionListener} (the {@code executions} topic). It knows nothing about
 * queues: the agent, a replay, a backtest or a test feeds it the same way.
 *
 * <p>For each order it writes, stamped with the order's {@code eventTimeNs}: either {@code OrderRejected}, or
 * {@code OrderAccepted}, {@code OrderFilled}, a {@code BalanceUpdate} per asset that changed (base first, then
 * quote; total after, signed change, cause = client order id) and a {@code PositionUpdate} for the (strategy,
 * instrument) per fill, and {@code OrderExpired} if its time in force ends it unfilled or part-filled. An order
 * that rests at the venue (GTC limits, stops) gets its later fills and expiry stamped with the event time of the
 * trade that caused them. A {@code CancelOrder} gets {@code OrderCanceled} if the order was working at the venue,
 * else {@code CancelRejected}: {@code ORDER_FINISHED} for a client order id already seen, {@code UNKNOWN_ORDER}
 * otherwise. A client order id is executed at most once: a {@code SubmitOrder} whose id was already seen (filled
 * or rejected, in this run or, after {@link #recovery()}, in an earlier one) is logged, counted in
 * {@link #duplicateCount()} and writes nothing. An order without a client order id cannot be answered: it is logged
 * and counted in {@link #malformedCount()}.
 *
 * <p>Crash safety: the messages of one order are written one after another, and the order is consumed from its
 * topic only after they all are, so a router that stops part-way through them gets the same order again when it
 * restarts. {@link #recovery()} notes which of the last order's messages reached the topic (however many fills it
 * had); when that order comes back, the router undoes the balance and position changes of those messages, has the
 * venue {@link Venue#resume resume} the order (execute it again against the same prices and balances) and writes
 * only the messages after those already written (a venue that cannot resume: the rest of the recorded fill's). The
 * topic then reads as if the router had never stopped. A starting balance whose announcement never reached the topic
 * (a stop during the first start, or an asset added to the config later) is announced at the next start.
 *
 * <p>Life cycle: construct; optionally feed the {@code executions} topic from its start to {@link #recovery()};
 * call {@link #start()} once, which on a first start (nothing recovered) writes a {@code BalanceUpdate} per
 * configured starting balance with cause {@code "initial"} and {@code eventTimeNs} 0 (before any market event, so
 * below every watermark), and otherwise keeps the recovered balances; then deliver market data and orders.
 *
 * <p>Not thread-safe: one thread (the agent's) calls everything. Market data is handled without allocation; orders
 * allocate a little (ids, reasons, the seen-id set, which grows by one id per order for the life of the process).
 */
public final class OrderRouter implements OrderListener, MarketDataListener {
    private static final Logger LOG = LoggerFactory.getLogger(OrderRouter.class);
    /** Cause of the start-up balance announcements. */
    public static final String INITIAL = "initial";

    private final AquatradeConfig aquatrade;
    private final ExecutionListener out;
    private final Map<String, Long> startingBalances;
    private final LatestPrices prices;
    private final Account account;
    private final Venue venue;
    private final Map<String, Map<String, Position>> positions = new HashMap<>();
    /**
     * Per instrument symbol: {base asset units per size unit, sellable step (stepSize, else 1) as a size mantissa,
     * the same step in base asset units}, for booking base fees into positions.
     */
    private final Map<String, long[]> baseScales = new HashMap<>();
    private final Set<String> seenClientOrderIds = new HashSet<>();
    private final Reports reports = new Reports();
    private final Recovery recovery = new Recovery();
    private final Set<String> recoveredAssets = new HashSet<>();
    /** Orders accepted and not finished on the recovered {@code executions}, by client order id. */
    private final Map<String, RecoveredOrder> recoveredWorking = new LinkedHashMap<>();
    private final Restore restore = new Restore();
    /**
     * Orders given up with their outcome unknown ({@code OUTCOME_UNKNOWN}) on the recovered {@code executions} and not
     * accepted after it, by client order id, to the rejection's event time: watched again by the venue at restore.
     */
    private final Map<String, Long> recoveredGivenUp = new HashMap<>();
    private long watchedAgainCount;
    private long restoredCount;
    /** The last order's messages found by recovery while they are incomplete; null once complete or none. */
    private OpenGroup open;

    private final OrderAccepted accepted = new OrderAccepted();
    private final OrderRejected rejected = new OrderRejected();
    private final OrderExpired expired = new OrderExpired();
    private final OrderCanceled canceled = new OrderCanceled();
    private final CancelRejected cancelRejected = new CancelRejected();
    private final BalanceUpdate balance = new BalanceUpdate();
    private final PositionUpdate position = new PositionUpdate();
    private final ReconciliationStatus reconciliation = new ReconciliationStatus();
    private final RateLimitStatus rateLimit = new RateLimitStatus();
    /** Instruments reduce-only by the last reconciliation status on {@code executions}, with its reason. */
    private final Map<String, String> reconciliations = new HashMap<>();

    private boolean started;
    private long recoveredCount;
    private long lastOutputTimeNs = Long.MIN_VALUE;
    private long outputCount;
    private long filledCount;
    private long rejectedCount;
    private long expiredCount;
    private long canceledCount;
    private long cancelRejectedCount;
    private long duplicateCount;
    private long finishedCount;
    private long malformedCount;
    private long ignoredTickCount;
    /** Per {@link RejectReason#ordinal()}: orders rejected in this run. */
    private final long[] rejectedByReason = new long[RejectReason.values().length];
    private OrderRoundTrips roundTrips = OrderRoundTrips.NONE;

    /**
     * @param config    the {@code order-router} section
     * @param aquatrade the shared config: instruments and asset decimals
     * @param out       where execution reports, balances and positions go
     * @throws io.aquatrade.common.ConfigException naming the field if the starting balances or the short limit do
     *                                             not fit the shared config
     */
    public OrderRouter(RouterConfig config, AquatradeConfig aquatrade, ExecutionListener out) {
        this(config, aquatrade, out, paper(config, aquatrade));
    }

    /**
     * A router over the venue the factory builds (injected by the router's {@code *Main} or by a backtest).
     *
     * @param config    the {@code order-router} section
     * @param aquatrade the shared config: instruments and asset decimals
     * @param out       where execution reports, balances and positions go
     * @param venue     builds the venue over the router's prices and account
     * @throws io.aquatrade.common.ConfigException naming the field if the starting balances or the short limit do
     *                                             not fit the shared config
     */
    public OrderRouter(RouterConfig config, AquatradeConfig aquatrade, ExecutionListener out, Venue.Factory venue) {
        this.aquatrade = aquatrade;
        this.out = out;
        config.validate(aquatrade);
        this.prices = new LatestPrices(aquatrade);
        this.account = new Account(aquatrade);
        this.venue = venue.create(prices, account);
        Map<String, Long> fromVenue = this.venue.startingBalances();
        this.startingBalances = fromVenue != null ? fromVenue : config.paper().startingBalances(aquatrade);
        for (Instrument instrument : aquatrade.instruments().values()) {
            long baseUnits = FixedPoint.rescale(1, instrument.sizeDecimals(), account.decimals(instrument.base()),
                    RoundingMode.UNNECESSARY);
            long step = instrument.exactFilters(account.decimals(instrument.quote())).stepSize();
            step = step > 0 ? step : 1;
            baseScales.put(instrument.symbol(), new long[] {baseUnits, step, Math.multiplyExact(step, baseUnits)});
        }
    }

    /** @return base asset units per size unit of the instrument (1 if it is not configured) */
    private long baseUnits(String symbol) {
        long[] scales = symbol == null ? null : baseScales.get(symbol);
        return scales == null ? 1 : scales[0];
    }

    /**
     * @return the factory of the paper venue of the {@code order-router.paper} section
     * @throws io.aquatrade.common.ConfigException naming the field if a filter does not fit an instrument
     */
    public static Venue.Factory paper(RouterConfig config, AquatradeConfig aquatrade) {
        PaperVenueConfig paper = config.paper();
        var filters = PaperVenueConfig.exactFilters(aquatrade);
        return (prices, account) -> new PaperVenue(paper, filters, prices, account);
    }

    /**
     * A listener to feed the router's own {@code executions} topic from its start, before {@link #start()}: it
     * rebuilds the balances (last total per asset), positions (last update per strategy and instrument), the seen
     * client order ids (of every accepted, rejected or filled order) and the venue's order counter.
     *
     * @throws IllegalStateException if called after {@link #start()}
     */
    public ExecutionListener recovery() {
        if (started) {
            throw new IllegalStateException("recovery must come before start()");
        }
        return recovery;
    }

    /**
     * A listener to feed the orders the router had consumed from the {@code orders} topic (from its start up to the
     * router's read position), after {@link #recovery()} and before {@link #start()}: each order that
     * {@code executions} shows accepted and not finished (no last fill, expiry, cancel or rejection) is put back to
     * work at the venue with what it had filled, in topic order. Other messages are ignored. An order is consumed
     * only once all its messages are written, so a consumed order's messages are complete (a resting order's are
     * its acceptance and fills so far); an order the earlier run left part-way was not consumed: it comes back on
     * {@code orders} and is finished then, so it must not be fed here. A consumed order with no message at all was
     * on its way to a venue with latency: it is put back on its way ({@link Venue#requeue}, its consumed cancels
     * with it: {@link Venue#requeueCancel}); a consumed cancel of a working order put back that no
     * {@code CancelRejected} answered is given to the venue to send again ({@link Venue#restoreCancel}). An order
     * whose last word on {@code executions} is a rejection {@code OUTCOME_UNKNOWN} (given up, the venue may still place
     * it) is given back to the venue's watch list ({@link Venue#watchAgain}).
     *
     * @throws IllegalStateException if called after {@link #start()}
     */
    public OrderListener restoreOrders() {
        if (started) {
            throw new IllegalStateException("restoreOrders must come before start()");
        }
        return restore;
    }

    /**
     * @return orders an earlier run gave up with their outcome unknown that the venue watches again, put back by
     * {@link #restoreOrders()}
     */
    public long watchedAgainCount() {
        return watchedAgainCount;
    }

    /** @return working orders put back at the venue by {@link #restoreOrders()} */
    public long restoredCount() {
        return restoredCount;
    }

    /**
     * Starts the router: on a first start (nothing recovered) sets and announces the starting balances; otherwise
     * keeps the recovered state. Call once, before the first order.
     *
     * @throws IllegalStateException if called twice
     */
    public void start() {
        if (started) {
            throw new IllegalStateException("already started");
        }
        started = true;
        boolean firstStart = recoveredCount == 0;
        // a first start announces at time 0, below every watermark; later announcements at the topic's last time
        long announceTimeNs = firstStart ? 0L : Math.max(0L, lastOutputTimeNs);
        for (Map.Entry<String, Long> e : startingBalances.entrySet()) {
            if (!recoveredAssets.contains(e.getKey())) {
                if (!firstStart) {
                    LOG.warn("starting balance of {} was never announced on executions: announcing it now",
                            e.getKey());
                }
                account.set(e.getKey(), e.getValue());
                writeBalance(e.getKey(), e.getValue(), e.getValue(), INITIAL, announceTimeNs);
            }
        }
        if (firstStart) {
            LOG.info("first start on venue {}: starting balances {}", venue.name(), account.formatted());
        } else {
            LOG.info("recovered {} execution messages: {} client order ids seen, {} working orders restored, "
                    + "balances {}", recoveredCount, seenClientOrderIds.size(), restoredCount, account.formatted());
            recoveredWorking.keySet().removeIf(id -> open != null && open.clientOrderId.equals(id));
            if (!recoveredWorking.isEmpty()) {
                LOG.warn("{} orders accepted and not finished on executions were not found on orders: {}",
                        recoveredWorking.size(), recoveredWorking.keySet());
            }
            recoveredWorking.clear();
            if (watchedAgainCount > 0) {
                LOG.warn("{} orders given up by an earlier run with their outcome unknown are watched again by venue "
                        + "{}", watchedAgainCount, venue.name());
            }
            recoveredGivenUp.clear();
            if (open != null) {
                LOG.warn("order {} was stopped part-way through its execution messages ({}); the rest is written "
                        + "when the order is delivered again", open.clientOrderId, open.written());
            }
        }
    }

    @Override
    public void tradeTick(TradeTick tick) {
        if (started && tick.instrument() != null && aquatrade.instruments().containsKey(tick.instrument())) {
            venue.beforeMarketData(tick.eventTimeNs(), reports);
        }
        if (prices.onTrade(tick)) {
            venue.onTrade(tick, reports);
        } else {
            ignoredTickCount++;
        }
    }

    @Override
    public void quoteTick(QuoteTick quote) {
        if (started && quote.instrument() != null && aquatrade.instruments().containsKey(quote.instrument())) {
            venue.beforeMarketData(quote.eventTimeNs(), reports);
        }
        if (!prices.onQuote(quote)) {
            ignoredTickCount++;
        }
    }

    @Override
    public void submitOrder(SubmitOrder order) {
        if (!started) {
            throw new IllegalStateException("start() must be called before the first order");
        }
        String id = order.clientOrderId();
        if (id == null || id.isEmpty()) {
            malformedCount++;
            LOG.warn("order without client order id ignored ({} so far): {}", malformedCount, order);
            return;
        }
        if (!seenClientOrderIds.add(id)) {
            if (open != null && open.clientOrderId.equals(id)) {
                finish(order, open);
                return;
            }
            duplicateCount++;
            LOG.info("duplicate client order id {} ignored ({} duplicates so far)", id, duplicateCount);
            return;
        }
        Instrument instrument = order.instrument() == null ? null : aquatrade.instruments().get(order.instrument());
        if (instrument == null) {
            reject(order, RejectReason.UNKNOWN_INSTRUMENT, "unknown instrument: " + order.instrument());
        } else if (order.side() == null) {
            reject(order, RejectReason.INVALID, "missing side");
        } else if (order.orderType() == null) {
            reject(order, RejectReason.INVALID, "missing order type");
        } else if (order.strategyId() == null || order.strategyId().isEmpty()) {
            reject(order, RejectReason.INVALID, "missing strategy id");
        } else if (order.quantity() <= 0) {
            reject(order, RejectReason.INVALID, "quantity must be > 0, was " + order.quantity());
        } else if ((order.orderType() == OrderType.LIMIT || order.orderType() == OrderType.STOP_LIMIT)
                && order.limitPrice() <= 0) {
            reject(order, RejectReason.INVALID, "limit price must be > 0, was " + order.limitPrice());
        } else if ((order.orderType() == OrderType.STOP_MARKET || order.orderType() == OrderType.STOP_LIMIT)
                && order.triggerPrice() <= 0) {
            reject(order, RejectReason.INVALID, "trigger price must be > 0, was " + order.triggerPrice());
        } else if (order.postOnly() && (order.orderType() != OrderType.LIMIT
                || order.timeInForce() != TimeInForce.GTC)) {
            reject(order, RejectReason.INVALID, "postOnly needs a GTC LIMIT order, was " + order.orderType() + " "
                    + order.timeInForce());
        } else if (order.reduceOnly() && !reduces(order)) {
            Position p = position(order.strategyId(), order.instrument());
            reject(order, RejectReason.REDUCE_ONLY, "reduce-only order would open or grow the position ("
                    + instrument.formatSize(p == null ? 0 : p.quantity()) + ")");
        } else {
            roundTrips.sent(id);
            venue.submit(order, instrument, reports);
        }
    }

    /**
     * @return true if the order only reduces its strategy's position in the instrument as it stands when the order
     * is submitted: a sell of at most a long position, a buy of at most a short one (not re-checked at later fills)
     */
    private boolean reduces(SubmitOrder order) {
        Position p = position(order.strategyId(), order.instrument());
        long held = p == null ? 0 : p.quantity();
        return order.side() == Side.SELL ? held > 0 && order.quantity() <= held
                : held < 0 && order.quantity() <= -held;
    }

    /**
     * Cancels a working order: {@code OrderCanceled} if it was working at the venue, else {@code CancelRejected}
     * ({@code ORDER_FINISHED} if its client order id was seen, {@code UNKNOWN_ORDER} if not). A cancel without a
     * client order id is logged and counted in {@link #malformedCount()}.
     *
     * @throws IllegalStateException before {@link #start()}
     */
    @Override
    public void cancelOrder(CancelOrder cancel) {
        if (!started) {
            throw new IllegalStateException("start() must be called before the first cancel");
        }
        String id = cancel.clientOrderId();
        if (id == null || id.isEmpty()) {
            malformedCount++;
            LOG.warn("cancel without client order id ignored ({} malformed so far): {}", malformedCount, cancel);
            return;
        }
        if (!venue.cancel(cancel, reports)) {
            rejectCancel(cancel, cancel.eventTimeNs());
        }
    }

    private void rejectCancel(CancelOrder cancel, long timeNs) {
        String id = cancel.clientOrderId();
        boolean finished = seenClientOrderIds.contains(id);
        cancelRejectedCount++;
        String reason = finished ? "order " + id + " is finished" : "no order " + id;
        LOG.info("cancel of {} rejected: {}", id, reason);
        cancelRejected.reset();
        cancelRejected.clientOrderId(id)
                .strategyId(cancel.strategyId())
                .instrument(cancel.instrument())
                .reasonCode(finished ? CancelRejectReason.ORDER_FINISHED : CancelRejectReason.UNKNOWN_ORDER)
                .reason(reason)
                .eventTimeNs(timeNs);
        stamp(timeNs);
        if (!suppressed(id)) {
            out.cancelRejected(cancelRejected);
        }
    }

    /**
     * While re-executing an order whose messages an earlier run wrote in part: how many of the next messages were
     * already written (they are dropped).
     */
    private int suppress;
    /** The client order id whose messages {@link #suppress} counts. */
    private String suppressId;
    /**
     * The trade id of the fill whose messages an earlier run wrote in part ({@link #suppressFill}): the next
     * {@link #suppressOfFill} messages are dropped from that fill on, not from whatever message of the order comes
     * first (a venue may report another fill of the order before it). Kept until that trade is booked or the order's
     * end is written ({@link #endOfSuppressed}), however many polls later the venue reports it. Null: none.
     */
    private String suppressTradeId;
    private int suppressOfFill;

    /** Drops, when the fill of {@code tradeId} of the order is reported again, its first {@code messages}. */
    private void suppressFill(String clientOrderId, String tradeId, int messages) {
        suppressId = clientOrderId;
        suppressTradeId = tradeId;
        suppressOfFill = messages;
    }

    /**
     * Called before the end of an order (cancelled, expired, rejected) is written: a fill of it still awaited by
     * {@link #suppressFill} will not come any more, so nothing more of that order is dropped.
     */
    private void endOfSuppressed(String clientOrderId) {
        if (suppressTradeId != null && clientOrderId != null && clientOrderId.equals(suppressId)) {
            LOG.error("order {} ended without its trade {} reported again: the earlier run wrote that fill's "
                    + "messages only in part", clientOrderId, suppressTradeId);
            suppressTradeId = null;
        }
    }

    /**
     * @param clientOrderId the order the next message is about
     * @return true (and counts it) if that message was already written by an earlier run
     */
    private boolean suppressed(String clientOrderId) {
        if (suppress > 0 && clientOrderId != null && clientOrderId.equals(suppressId)) {
            suppress--;
            return true;
        }
        return false;
    }

    /**
     * Writes the messages of a recovered order that the earlier run did not write, and books what they carry: the
     * balance and position changes of the messages written are undone, the venue executes the order again as then
     * (same prices, same balances) and the router drops as many of its messages as were written. A venue that
     * cannot resume gets the older treatment: the rest of the recorded fill's messages, or nothing.
     */
    private void finish(SubmitOrder order, OpenGroup group) {
        open = null;
        Instrument instrument = order.instrument() == null ? null : aquatrade.instruments().get(order.instrument());
        if (instrument == null) {
            LOG.error("order {} was stopped part-way through ({}) and its instrument {} is no longer configured: "
                    + "left as it is", order.clientOrderId(), group.written(), order.instrument());
            return;
        }
        LOG.warn("order {} was stopped part-way through ({}): writing the rest", order.clientOrderId(),
                group.written());
        finishedCount++;
        Position p = group.strategyId == null ? null : position(group.strategyId, group.instrument);
        long[] after = p == null ? null : new long[] {p.quantity(), p.costBasis(), p.realizedPnl()};
        if (venue.resumesByTradeId()) {
            // the fills written with all their messages stay booked and are skipped by trade id; only the messages
            // of a fill written in part are undone, and dropped when the venue reports that fill again
            Set<String> written = new java.util.LinkedHashSet<>(group.tradeIds);
            long filled = group.filled;
            if (group.tailMessages > 0) {
                group.tailChanges.forEach((asset, change) -> account.add(asset, -change));
                if (p != null) {
                    p.restore(group.tailQuantityBefore, group.tailCostBasisBefore, group.tailRealizedPnlBefore,
                            baseUnits(p.instrument()));
                }
                written.remove(group.fill.tradeId()); // tailMessages > 0: the last fill written is the tail's
                filled -= group.fill.fillQuantity();
                if (group.fill.tradeId() != null) {
                    suppressFill(order.clientOrderId(), group.fill.tradeId(), group.tailMessages);
                } else {
                    suppress = group.tailMessages; // no trade id: the next messages of the order
                    suppressId = order.clientOrderId();
                }
            }
            boolean resumed = venue.resume(order, instrument, group.venueOrderId, filled, written, reports);
            if (suppress > 0) {
                LOG.error("order {} re-executed with {} messages fewer than the earlier run wrote",
                        order.clientOrderId(), suppress);
                suppress = 0;
            }
            if (suppressTradeId != null && resumed) {
                // the venue may leave the trade to a later poll (an IO error, a 5xx or 429, no rate-limit budget):
                // its messages written are dropped when it comes, whenever that is (or forgotten at the order's end)
                LOG.warn("order {}: trade {}, whose messages the earlier run wrote in part, is not reported yet: "
                        + "they are dropped when it is", order.clientOrderId(), suppressTradeId);
            } else {
                suppressTradeId = null;
            }
            if (!resumed) {
                group.tailChanges.forEach(account::add); // as it was: nothing re-executed
                if (p != null) {
                    p.restore(after[0], after[1], after[2], baseUnits(p.instrument()));
                }
                LOG.error("order {} stays accepted as {}: venue {} cannot resume it; reconcile it there",
                        order.clientOrderId(), group.venueOrderId, venue.name());
            }
            return;
        }
        group.changes.forEach((asset, change) -> account.add(asset, -change));
        if (p != null) {
            p.restore(group.quantityBefore, group.costBasisBefore, group.realizedPnlBefore, baseUnits(p.instrument()));
        }
        suppress = group.messages;
        suppressId = order.clientOrderId();
        boolean resumed = venue.resume(order, instrument, group.venueOrderId, reports);
        if (suppress > 0) {
            LOG.error("order {} re-executed with {} messages fewer than the earlier run wrote", order.clientOrderId(),
                    suppress);
            suppress = 0;
        }
        if (resumed) {
            return;
        }
        group.changes.forEach(account::add);
        if (p != null) {
            p.restore(after[0], after[1], after[2], baseUnits(p.instrument()));
        }
        if (group.fill != null) {
            book(order, group.fill, group);
        } else {
            LOG.error("order {} stays accepted as {} without a fill: venue {} cannot resume it; reconcile it there",
                    order.clientOrderId(), group.venueOrderId, venue.name());
        }
    }

    private void reject(SubmitOrder order, RejectReason code, String reason) {
        rejectedCount++;
        rejectedByReason[code.ordinal()]++;
        LOG.info("order {} {} {} {} x {} rejected: {}", order.clientOrderId(), order.strategyId(), order.side(),
                order.instrument(), order.quantity(), reason);
        rejected.reset();
        rejected.clientOrderId(order.clientOrderId())
                .strategyId(order.strategyId())
                .instrument(order.instrument())
                .reasonCode(code)
                .reason(reason)
                .eventTimeNs(order.eventTimeNs());
        stamp(order.eventTimeNs());
        endOfSuppressed(order.clientOrderId());
        if (!suppressed(order.clientOrderId())) {
            out.orderRejected(rejected);
        }
    }

    /**
     * Books a fill and writes its messages: the fill, the balance of each asset that changed (base, quote, and the fee
     * asset when it is neither, e.g. BNB), the position.
     *
     * @param done the messages already written for this order in an earlier run (skipped here; their changes are
     *             already in the recovered balances), or null for none; its position update was never written, as
     *             it is the last message of an order and closes the group
     */
    private void book(SubmitOrder order, OrderFilled fill, OpenGroup done) {
        if (suppressTradeId != null && suppressTradeId.equals(fill.tradeId())
                && order.clientOrderId().equals(suppressId)) {
            suppress = suppressOfFill; // the fill written in part: its messages written are dropped
            suppressTradeId = null;
        }
        Instrument instrument = aquatrade.instrument(order.instrument());
        long timeNs = fill.eventTimeNs() > 0 ? fill.eventTimeNs() : order.eventTimeNs();
        fill.clientOrderId(order.clientOrderId())
                .strategyId(order.strategyId())
                .instrument(instrument.symbol())
                .side(order.side())
                .eventTimeNs(timeNs);
        String base = instrument.base();
        String quote = instrument.quote();
        long baseChange = FixedPoint.rescale(fill.fillQuantity(), instrument.sizeDecimals(),
                account.decimals(base), RoundingMode.UNNECESSARY);
        long quoteFee = quote.equals(fill.feeAsset()) ? fill.fee() : 0;
        long baseFee = base.equals(fill.feeAsset()) ? fill.fee() : 0;
        long quoteChange;
        if (fill.side() == Side.BUY) {
            quoteChange = -Math.addExact(fill.quoteQuantity(), quoteFee);
        } else {
            baseChange = -baseChange;
            quoteChange = Math.subtractExact(fill.quoteQuantity(), quoteFee);
        }
        baseChange = Math.subtractExact(baseChange, baseFee);
        Position p = positions.computeIfAbsent(order.strategyId(), s -> new HashMap<>())
                .computeIfAbsent(instrument.symbol(), s -> new Position(order.strategyId(), s));
        long[] scales = baseScales.get(instrument.symbol());
        p.apply(fill.side(), fill.fillPrice(), fill.fillQuantity(), fill.quoteQuantity(), quoteFee, baseChange,
                scales[1], scales[2]);
        boolean writeBase = baseChange != 0 && (done == null || !done.balances.contains(base));
        boolean writeQuote = quoteChange != 0 && (done == null || !done.balances.contains(quote));
        long baseTotal = writeBase ? account.add(base, baseChange) : account.balance(base);
        long quoteTotal = writeQuote ? account.add(quote, quoteChange) : account.balance(quote);
        // a fee in a third asset (BNB): booked against that asset's balance only, never base, quote or position
        String feeAsset = fill.feeAsset();
        boolean thirdFee = fill.fee() != 0 && feeAsset != null && !feeAsset.equals(base) && !feeAsset.equals(quote);
        if (thirdFee && !account.has(feeAsset)) {
            LOG.warn("order {}: fee {} {} in an asset the account does not hold (add it to the config's assets to "
                    + "read its balance at start): not booked", order.clientOrderId(), fill.fee(), feeAsset);
            thirdFee = false;
        }
        boolean writeFee = thirdFee && (done == null || !done.balances.contains(feeAsset));
        long feeTotal = writeFee ? account.add(feeAsset, -fill.fee()) : 0;
        if (done == null || done.fill == null) {
            filledCount++;
            stamp(timeNs);
            if (!suppressed(order.clientOrderId())) {
                out.orderFilled(fill);
            }
        }
        if (writeBase) {
            writeBalance(base, baseTotal, baseChange, order.clientOrderId(), timeNs);
        }
        if (writeQuote) {
            writeBalance(quote, quoteTotal, quoteChange, order.clientOrderId(), timeNs);
        }
        if (writeFee) {
            writeBalance(feeAsset, feeTotal, -fill.fee(), order.clientOrderId(), timeNs);
        }
        position.reset();
        position.strategyId(p.strategyId())
                .instrument(p.instrument())
                .quantity(p.quantity())
                .costBasis(p.costBasis())
                .realizedPnl(p.realizedPnl())
                .cause(order.clientOrderId())
                .eventTimeNs(timeNs);
        if (!suppressed(order.clientOrderId())) {
            out.positionUpdate(position);
        }
        if (LOG.isInfoEnabled()) { // the arguments format decimals: build them only when the line is logged
            LOG.info("order {} {} {} {} x {} filled at {}: notional {} fee {} {}; balances {}", order.clientOrderId(),
                    order.strategyId(), fill.side(), instrument.symbol(), instrument.formatSize(fill.fillQuantity()),
                    instrument.formatPrice(fill.fillPrice()),
                    FixedPoint.format(fill.quoteQuantity(), account.decimals(quote)),
                    FixedPoint.format(fill.fee(), aquatrade.assetDecimals(fill.feeAsset())), fill.feeAsset(),
                    account.formatted());
        }
    }

    private void writeBalance(String asset, long total, long change, String cause, long timeNs) {
        balance.reset();
        balance.asset(asset).total(total).change(change).cause(cause).eventTimeNs(timeNs);
        stamp(timeNs);
        if (!suppressed(cause)) {
            out.balanceUpdate(balance);
        }
    }

    private void stamp(long timeNs) {
        lastOutputTimeNs = Math.max(lastOutputTimeNs, timeNs);
        outputCount++;
    }

    /** @return messages about orders, balances and positions produced since start (written or suppressed), a count */
    public long outputCount() {
        return outputCount;
    }

    /**
     * Lets the venue deliver answers that arrived since the last call (live venues; a paper venue answers at once).
     *
     * @return how many answers were delivered
     */
    public int pollVenue() {
        return venue.poll(reports);
    }

    /**
     * @return the latest prices: updated from market data, and primed by the agent at a restart with the last
     * prices consumed before it
     */
    public LatestPrices prices() {
        return prices;
    }

    /** @return the account (read-only use: the router books fills into it) */
    public Account account() {
        return account;
    }

    /** @return balance of an asset, mantissa in its decimals */
    public long balance(String asset) {
        return account.balance(asset);
    }

    /** @return the (strategy, instrument) position, or null if it never traded */
    public Position position(String strategyId, String instrument) {
        Map<String, Position> byInstrument = positions.get(strategyId);
        return byInstrument == null ? null : byInstrument.get(instrument);
    }

    /** @return every position by strategy then instrument (a copy, for logs and tests) */
    public Map<String, Map<String, Position>> positions() {
        Map<String, Map<String, Position>> copy = new LinkedHashMap<>();
        positions.forEach((s, m) -> copy.put(s, Collections.unmodifiableMap(new LinkedHashMap<>(m))));
        return Collections.unmodifiableMap(copy);
    }

    /** @return the venue orders go to */
    public Venue venue() {
        return venue;
    }

    /** @return true if this client order id was already executed or rejected */
    public boolean seen(String clientOrderId) {
        return seenClientOrderIds.contains(clientOrderId);
    }

    /**
     * @return event time of the latest message written (or recovered from the topic), UTC epoch ns;
     * {@link Long#MIN_VALUE} if none
     */
    public long lastOutputTimeNs() {
        return lastOutputTimeNs;
    }

    /** @return messages read by {@link #recovery()} */
    public long recoveredCount() {
        return recoveredCount;
    }

    /** @return orders filled in this run */
    public long filledCount() {
        return filledCount;
    }

    /** @return orders rejected in this run */
    public long rejectedCount() {
        return rejectedCount;
    }

    /**
     * @param reason a reject reason
     * @return orders rejected with that reason in this run
     */
    public long rejectedCount(RejectReason reason) {
        return rejectedByReason[reason.ordinal()];
    }

    /**
     * Times each new order's round trip to the venue from now on (see {@link OrderRoundTrips}); without this call
     * nothing is timed.
     *
     * @param roundTrips where the round trips go
     */
    public void measureRoundTrips(OrderRoundTrips roundTrips) {
        this.roundTrips = java.util.Objects.requireNonNull(roundTrips, "roundTrips");
    }

    /** @return orders that expired in this run (IOC remainders, FOK not fillable, non-marketable immediate limits) */
    public long expiredCount() {
        return expiredCount;
    }

    /** @return working orders cancelled in this run */
    public long canceledCount() {
        return canceledCount;
    }

    /** @return cancels refused in this run (unknown or finished order) */
    public long cancelRejectedCount() {
        return cancelRejectedCount;
    }

    /** @return orders ignored because their client order id was already seen */
    public long duplicateCount() {
        return duplicateCount;
    }

    /**
     * @return orders of an earlier run that came back after the router stopped part-way through their messages,
     * and whose remaining messages were written in this run
     */
    public long finishedCount() {
        return finishedCount;
    }

    /** @return orders ignored because they had no client order id */
    public long malformedCount() {
        return malformedCount;
    }

    /** @return ticks ignored because their instrument is not configured */
    public long ignoredTickCount() {
        return ignoredTickCount;
    }

    /** @return true if the last reconciliation status written (or recovered) for the instrument is reduce-only */
    public boolean reduceOnly(String instrument) {
        return reconciliations.containsKey(instrument);
    }

    /** The venue's answers: written to the executions topic, fills booked. */
    private final class Reports implements VenueReports {
        @Override
        public void reconciliation(String instrument, boolean reduceOnly, String reason, long eventTimeNs) {
            if (reconciliations.containsKey(instrument) == reduceOnly) {
                return; // no change
            }
            if (reduceOnly) {
                reconciliations.put(instrument, reason);
                LOG.warn("reconciliation: {} reduce-only (no entries) until resolved: {}", instrument, reason);
            } else {
                reconciliations.remove(instrument);
                LOG.warn("reconciliation: {} resolved: {}", instrument, reason);
            }
            long timeNs = Math.max(eventTimeNs, lastOutputTimeNs); // the topic's event times never decrease
            reconciliation.reset();
            reconciliation.instrument(instrument).reduceOnly(reduceOnly).reason(reason).eventTimeNs(timeNs);
            stamp(timeNs);
            out.reconciliation(reconciliation);
        }

        @Override
        public void rateLimited(boolean ban, long untilNs, String reason, long eventTimeNs) {
            long timeNs = Math.max(eventTimeNs, lastOutputTimeNs); // the topic's event times never decrease
            rateLimit.reset();
            rateLimit.ban(ban).untilNs(Math.max(untilNs, timeNs)).reason(reason).eventTimeNs(timeNs);
            stamp(timeNs);
            out.rateLimit(rateLimit);
        }

        @Override
        public void accepted(SubmitOrder order, String venueOrderId) {
            roundTrips.answered(order.clientOrderId());
            accepted.reset();
            accepted.clientOrderId(order.clientOrderId())
                    .venueOrderId(venueOrderId)
                    .strategyId(order.strategyId())
                    .instrument(order.instrument())
                    .eventTimeNs(order.eventTimeNs());
            stamp(order.eventTimeNs());
            if (!suppressed(order.clientOrderId())) {
                out.orderAccepted(accepted);
            }
        }

        @Override
        public void rejected(SubmitOrder order, RejectReason code, String reason) {
            roundTrips.answered(order.clientOrderId());
            reject(order, code, reason);
        }

        @Override
        public void filled(SubmitOrder order, OrderFilled fill) {
            roundTrips.answered(order.clientOrderId());
            book(order, fill, null);
        }

        @Override
        public void expired(SubmitOrder order, String venueOrderId, long cumulativeQuantity, String reason,
                            long eventTimeNs) {
            expiredCount++;
            LOG.info("order {} {} {} {} x {} expired after filling {}: {}", order.clientOrderId(),
                    order.strategyId(), order.side(), order.instrument(), order.quantity(), cumulativeQuantity,
                    reason);
            expired.reset();
            expired.clientOrderId(order.clientOrderId())
                    .venueOrderId(venueOrderId)
                    .strategyId(order.strategyId())
                    .instrument(order.instrument())
                    .cumulativeQuantity(cumulativeQuantity)
                    .reason(reason)
                    .eventTimeNs(eventTimeNs);
            stamp(eventTimeNs);
            endOfSuppressed(order.clientOrderId());
            if (!suppressed(order.clientOrderId())) {
                out.orderExpired(expired);
            }
        }

        @Override
        public void cancelRejected(CancelOrder cancel, long eventTimeNs) {
            rejectCancel(cancel, eventTimeNs);
        }

        @Override
        public void canceled(SubmitOrder order, String venueOrderId, long cumulativeQuantity, long eventTimeNs) {
            canceledCount++;
            LOG.info("order {} {} {} {} x {} cancelled after filling {}", order.clientOrderId(), order.strategyId(),
                    order.side(), order.instrument(), order.quantity(), cumulativeQuantity);
            canceled.reset();
            canceled.clientOrderId(order.clientOrderId())
                    .venueOrderId(venueOrderId)
                    .strategyId(order.strategyId())
                    .instrument(order.instrument())
                    .cumulativeQuantity(cumulativeQuantity)
                    .eventTimeNs(eventTimeNs);
            stamp(eventTimeNs);
            endOfSuppressed(order.clientOrderId());
            if (!suppressed(order.clientOrderId())) {
                out.orderCanceled(canceled);
            }
        }
    }

    /** Rebuilds the state from the router's own earlier output. */
    private final class Recovery implements ExecutionListener {
        private void seen(String clientOrderId, long timeNs) {
            recoveredCount++;
            stamp(timeNs);
            if (clientOrderId != null) {
                seenClientOrderIds.add(clientOrderId);
            }
        }

        private void finished(String clientOrderId) {
            if (clientOrderId != null) {
                recoveredWorking.remove(clientOrderId);
            }
        }

        @Override
        public void orderAccepted(OrderAccepted a) {
            seen(a.clientOrderId(), a.eventTimeNs());
            venue.recover(a);
            if (a.clientOrderId() != null) {
                recoveredGivenUp.remove(a.clientOrderId()); // the venue met it after all: no longer watched
                recoveredWorking.put(a.clientOrderId(), new RecoveredOrder(a.venueOrderId()));
            }
            open = a.clientOrderId() == null ? null
                    : openGroup(a.clientOrderId(), a.venueOrderId(), a.strategyId(), a.instrument());
        }

        @Override
        public void orderRejected(OrderRejected r) {
            seen(r.clientOrderId(), r.eventTimeNs());
            finished(r.clientOrderId());
            if (r.reasonCode() == RejectReason.OUTCOME_UNKNOWN && r.clientOrderId() != null) {
                recoveredGivenUp.put(r.clientOrderId(), r.eventTimeNs());
            }
            open = null; // a rejection is an order's only message (a given-up order's acceptance may follow)
        }

        @Override
        public void orderExpired(OrderExpired e) {
            seen(e.clientOrderId(), e.eventTimeNs());
            finished(e.clientOrderId());
            open = null; // an expiry is an order's last message
        }

        @Override
        public void orderCanceled(OrderCanceled c) {
            seen(c.clientOrderId(), c.eventTimeNs());
            finished(c.clientOrderId());
            open = null; // a cancel is an order's last message
        }

        @Override
        public void cancelRejected(CancelRejected r) {
            recoveredCount++;
            stamp(r.eventTimeNs());
            if (r.clientOrderId() != null) {
                cancelAnswers.merge(r.clientOrderId(), 1, Integer::sum);
            }
        }

        @Override
        public void reconciliation(ReconciliationStatus r) {
            recoveredCount++;
            if (r.instrument() != null) {
                if (r.reduceOnly()) {
                    reconciliations.put(r.instrument(), r.reason());
                } else {
                    reconciliations.remove(r.instrument());
                }
            }
        }

        @Override
        public void orderFilled(OrderFilled f) {
            seen(f.clientOrderId(), f.eventTimeNs());
            venue.recover(f);
            if (f.clientOrderId() == null) {
                open = null;
                return;
            }
            RecoveredOrder w = recoveredWorking.get(f.clientOrderId());
            if (w != null) {
                w.filled = f.cumulativeQuantity();
                w.fills++;
                if (f.tradeId() != null) {
                    w.tradeIds.add(f.tradeId());
                }
                w.lastTradeId = f.tradeId();
                w.lastFill = f.fillQuantity();
                w.lastFillFinal = f.last(); // finished once its position is written
            }
            if (open == null || !open.clientOrderId.equals(f.clientOrderId())) {
                open = openGroup(f.clientOrderId(), f.venueOrderId(), f.strategyId(), f.instrument());
            }
            open.fill = f.deepCopy();
            open.messages++;
            open.filled = Math.addExact(open.filled, f.fillQuantity());
            if (f.tradeId() != null) {
                open.tradeIds.add(f.tradeId());
            }
            open.lastFillFinal = f.last();
            // the fill's messages run to its position update: note what was booked before them
            Position p = f.strategyId() == null ? null : position(f.strategyId(), f.instrument());
            open.tailMessages = 1;
            open.tailChanges.clear();
            open.tailQuantityBefore = p == null ? 0 : p.quantity();
            open.tailCostBasisBefore = p == null ? 0 : p.costBasis();
            open.tailRealizedPnlBefore = p == null ? 0 : p.realizedPnl();
        }

        @Override
        public void balanceUpdate(BalanceUpdate b) {
            recoveredCount++;
            stamp(b.eventTimeNs());
            if (open != null && open.clientOrderId.equals(b.cause())) {
                open.balances.add(b.asset());
                open.changes.merge(b.asset(), b.change(), Math::addExact);
                open.messages++;
                if (open.tailMessages > 0) {
                    open.tailChanges.merge(b.asset(), b.change(), Math::addExact);
                    open.tailMessages++;
                }
            }
            if (account.has(b.asset())) {
                recoveredAssets.add(b.asset());
                account.set(b.asset(), b.total());
            } else {
                LOG.warn("recovered balance of {} ignored: the asset is in no configured instrument", b.asset());
            }
        }

        @Override
        public void positionUpdate(PositionUpdate u) {
            recoveredCount++;
            stamp(u.eventTimeNs());
            RecoveredOrder w = u.cause() == null ? null : recoveredWorking.get(u.cause());
            if (w != null && w.lastFillFinal) {
                finished(u.cause());
            }
            if (open != null && open.clientOrderId.equals(u.cause())) {
                open.messages++;
                open.tailMessages = 0; // the fill's messages are complete
                open.tailChanges.clear();
                if (open.lastFillFinal) {
                    open = null; // the position of the fill that completed the order: its group is complete
                }
            }
            if (u.strategyId() == null || u.instrument() == null) {
                return;
            }
            String strategyId = u.strategyId();
            positions.computeIfAbsent(strategyId, s -> new HashMap<>())
                    .computeIfAbsent(u.instrument(), s -> new Position(strategyId, s))
                    .restore(u.quantity(), u.costBasis(), u.realizedPnl(), baseUnits(u.instrument()));
        }
    }

    /** An order accepted and not finished on the recovered {@code executions}: what it filled. */
    private static final class RecoveredOrder {
        final String venueOrderId;
        long filled;
        int fills;
        /** Quantity of the last fill written, size mantissa. */
        long lastFill;
        /** True if the last fill written completed the order. */
        boolean lastFillFinal;
        /** The trade ids of its fills written, in the order written. */
        final Set<String> tradeIds = new java.util.LinkedHashSet<>();
        /** The trade id of the last fill written, or null. */
        String lastTradeId;

        RecoveredOrder(String venueOrderId) {
            this.venueOrderId = venueOrderId;
        }
    }

    /** Orders put back on their way to the venue by the restore ({@link #requeue}), by client order id. */
    private final Set<String> requeued = new HashSet<>();
    /** Working orders put back at the venue by the restore ({@link Venue#restore}), by client order id. */
    private final Set<String> restoredWorking = new HashSet<>();
    /**
     * Per client order id: the {@code CancelRejected} on the recovered {@code executions} not yet matched with a
     * consumed cancel by the restore (an order's cancels are answered in the order they came).
     */
    private final Map<String, Integer> cancelAnswers = new HashMap<>();

    /** Puts an order that was on its way to the venue back on its way, if the venue has latency. */
    private void requeue(SubmitOrder order) {
        Instrument instrument = order.instrument() == null ? null : aquatrade.instruments().get(order.instrument());
        if (instrument != null && venue.requeue(order, instrument)) {
            seenClientOrderIds.add(order.clientOrderId());
            requeued.add(order.clientOrderId());
            restoredCount++;
        } else {
            LOG.error("order {} was consumed and never answered on executions; venue {} cannot take it back",
                    order.clientOrderId(), venue.name());
        }
    }

    /** Gives the venue back an order an earlier run gave up with its outcome unknown ({@link Venue#watchAgain}). */
    private void watchAgain(SubmitOrder order, long givenUpAtNs) {
        Instrument instrument = order.instrument() == null ? null : aquatrade.instruments().get(order.instrument());
        if (instrument != null && venue.watchAgain(order, instrument, givenUpAtNs)) {
            watchedAgainCount++;
        }
    }

    /** Puts the recovered working orders back at the venue from the {@code orders} topic. */
    private final class Restore implements OrderListener {
        /**
         * A consumed cancel of an order put back on its way: it was never answered either; the venue keeps it. A
         * consumed cancel of a restored working order that no {@code CancelRejected} answered (an {@code
         * OrderCanceled} would have finished the order) was never answered: the venue sends it again.
         */
        @Override
        public void cancelOrder(CancelOrder cancel) {
            String id = cancel.clientOrderId();
            if (id == null) {
                return;
            }
            if (requeued.contains(id)) {
                venue.requeueCancel(cancel);
            } else if (restoredWorking.contains(id)) {
                Integer answers = cancelAnswers.get(id);
                if (answers != null && answers > 0) {
                    cancelAnswers.put(id, answers - 1); // answered on executions before the restart
                } else {
                    LOG.warn("cancel of working order {} was consumed and never answered before the restart: sent "
                            + "again", id);
                    venue.restoreCancel(cancel);
                }
            }
        }

        @Override
        public void submitOrder(SubmitOrder order) {
            String id = order.clientOrderId();
            if (id != null && !id.isEmpty() && !seenClientOrderIds.contains(id)) {
                requeue(order); // consumed and never answered: on its way to the venue (latency)
                return;
            }
            Long givenUpAtNs = id == null ? null : recoveredGivenUp.remove(id);
            if (givenUpAtNs != null) {
                watchAgain(order, givenUpAtNs);
                return;
            }
            RecoveredOrder r = id == null ? null : recoveredWorking.get(id);
            if (r == null) {
                return;
            }
            recoveredWorking.remove(id);
            if (open != null && open.clientOrderId.equals(id)) {
                // consumed, so its own messages are complete: it rests (acceptance and fills so far) ...
                OpenGroup g = open;
                open = null;
                if (g.tailMessages > 0) {
                    // ... but a trade filled it and the router stopped part-way through that fill's messages: the
                    // trade was not consumed and comes again. Undo what they booked; drop them when it does.
                    LOG.warn("order {} was stopped part-way through a fill ({} messages written): its trade comes "
                            + "again", id, g.tailMessages);
                    g.tailChanges.forEach((asset, change) -> account.add(asset, -change));
                    Position p = g.strategyId == null ? null : position(g.strategyId, g.instrument);
                    if (p != null) {
                        p.restore(g.tailQuantityBefore, g.tailCostBasisBefore, g.tailRealizedPnlBefore,
                                baseUnits(p.instrument()));
                    }
                    r.filled -= r.lastFill;
                    r.fills--;
                    if (r.lastTradeId != null) {
                        r.tradeIds.remove(r.lastTradeId); // its trade is booked again
                    }
                    if (venue.resumesByTradeId() && r.lastTradeId != null) {
                        // another trade of the order may be reported first (the stream's before REST's, one the
                        // earlier run missed): drop the messages of that trade's fill, not the next ones by count
                        suppressFill(id, r.lastTradeId, g.tailMessages);
                    } else {
                        suppress = g.tailMessages;
                        suppressId = id;
                    }
                }
            }
            Instrument instrument = order.instrument() == null ? null
                    : aquatrade.instruments().get(order.instrument());
            if (instrument == null) {
                LOG.error("working order {} of instrument {} not restored: the instrument is no longer configured",
                        id, order.instrument());
            } else if (venue.restore(order, instrument, r.venueOrderId, r.filled, r.fills, r.tradeIds)) {
                restoredCount++;
                restoredWorking.add(id);
            } else {
                LOG.error("working order {} ({}) not restored: venue {} cannot take it back; reconcile it there", id,
                        r.venueOrderId, venue.name());
            }
        }
    }

    /** Starts a group, noting the position of its strategy and instrument before it. */
    private OpenGroup openGroup(String clientOrderId, String venueOrderId, String strategyId, String instrument) {
        OpenGroup g = new OpenGroup(clientOrderId, venueOrderId);
        g.strategyId = strategyId;
        g.instrument = instrument;
        Position p = strategyId == null || instrument == null ? null : position(strategyId, instrument);
        if (p != null) {
            g.quantityBefore = p.quantity();
            g.costBasisBefore = p.costBasis();
            g.realizedPnlBefore = p.realizedPnl();
        }
        return g;
    }

    /** What recovery found of the last order's messages on the {@code executions} topic. */
    private static final class OpenGroup {
        final String clientOrderId;
        final String venueOrderId;
        /** The recorded fill (a copy), or null if none was written. */
        OrderFilled fill;
        /** Assets whose balance update for this order was written. */
        final Set<String> balances = new HashSet<>();
        /** The written balance changes, summed per asset. */
        final Map<String, Long> changes = new LinkedHashMap<>();
        /** Messages written after the acceptance: fills, balances, positions. */
        int messages;
        /** The trade ids of the fills written, in the order written. */
        final java.util.List<String> tradeIds = new java.util.ArrayList<>();
        /** What the fills written filled, size mantissa. */
        long filled;
        /** True if the last fill written completed the order. */
        boolean lastFillFinal;
        String strategyId;
        String instrument;
        long quantityBefore;
        long costBasisBefore;
        long realizedPnlBefore;
        /** Messages of the last fill while its position is not written (0: none or complete). */
        int tailMessages;
        /** The balance changes of those messages, per asset. */
        final Map<String, Long> tailChanges = new LinkedHashMap<>();
        long tailQuantityBefore;
        long tailCostBasisBefore;
        long tailRealizedPnlBefore;

        OpenGroup(String clientOrderId, String venueOrderId) {
            this.clientOrderId = clientOrderId;
            this.venueOrderId = venueOrderId;
        }

        /** @return the messages written, for logs, e.g. "accepted, filled, balance ETH" */
        String written() {
            StringBuilder b = new StringBuilder(venueOrderId == null ? "" : "accepted");
            if (fill != null) {
                b.append(b.length() == 0 ? "" : ", ").append("filled");
            }
            for (String asset : balances) {
                b.append(", balance ").append(asset);
            }
            return b.toString();
        }
    }
}
