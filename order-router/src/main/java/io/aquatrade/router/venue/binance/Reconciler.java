package io.aquatrade.router.venue.binance;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.OrderAccepted;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.OrderType;
import io.aquatrade.common.Side;
import io.aquatrade.common.SubmitOrder;
import io.aquatrade.common.TimeInForce;
import io.aquatrade.router.Account;
import io.aquatrade.router.VenueReports;
import org.knowm.xchange.binance.dto.account.BinanceBalance;
import org.knowm.xchange.binance.dto.trade.BinanceOrder;
import org.knowm.xchange.binance.dto.trade.BinanceTrade;
import org.knowm.xchange.binance.dto.trade.OrderSide;
import org.knowm.xchange.currency.CurrencyPair;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The binance venue's reconciliation of what Binance holds with what the router published on {@code executions}, at
 * the first poll after start and then every {@code order-router.binance.reconcileIntervalS} of the injected clock,
 * on the agent thread. First every tracked order is polled (a placement of unknown outcome found by its client
 * order id is ours, never an external order); then, for each configured instrument, in this order:
 * <ol>
 *   <li><b>Open orders</b> ({@code GET /api/v3/openOrders}): one the venue does not track, the router never
 *       published, and whose client order id was not derived from this {@code orders} queue ({@link
 *       ClientOrderIds#fromThisQueue}: such an order is ours, sent before a stop, and is found by its client order
 *       id when its {@code SubmitOrder} is delivered again, or, if the earlier run had consumed it without answering,
 *       when the restart took it back ({@link BinanceVenue#requeue}): tracked, asked for before this round's scan)
 *       is adopted with a WARN as an <b>external order</b>: the
 *       router
 *       publishes it as an order of strategy {@value #EXTERNAL} with client order id {@code ext-<Binance order id>}
 *       ({@code OrderAccepted} stamped with Binance's order time, venue order id {@code binance-<id>}), then its fills
 *       as {@code OrderFilled} and its end, as for any order, so that balances and the {@value #EXTERNAL} strategy's
 *       position follow it; the decision engine trades no strategy of that name and leaves it alone. One adopted in
 *       an earlier run (its acceptance recovered from {@code executions}) is tracked again without a second
 *       acceptance, its fills on {@code executions} skipped by their trade ids.</li>
 *   <li><b>Fills</b> after the round's own scan cursor for the symbol ({@code GET /api/v3/myTrades?fromId=}: the
 *       last trade id an earlier round of this run scanned). Before a round of this run met a trade of the symbol,
 *       they are read by time ({@code startTime}/{@code endTime}, a window of at most 24 hours, Binance's limit): from
 *       this venue's start, or, after a restart, from the last acceptance or fill recovered from {@code executions}
 *       less {@code reconcileIntervalS} and a minute (the earlier run's last round came at most an interval before
 *       its end), on Binance's clock. The fills recovered from {@code executions} do not set the cursor (an external
 *       trade with a lower id than one of ours the earlier run booked after its last round is still met); they are
 *       passed over by their trade ids. The fills the venue books between rounds do not move the cursor either, so
 *       an external trade with a lower id than one of ours booked meanwhile is still met; a trade the venue booked already
 *       ({@link BookedTrades}) is passed over. A trade of an order the venue tracks is booked by that order's
 *       poll (the normal {@code OrderFilled}, once per trade id: a fill made while the router was down, of an order
 *       restored as working, is booked once after the restart); a trade of an order neither tracked nor ever
 *       published is an external order's: it is adopted as above (all its trades then booked through it, so its
 *       other trades in the same round are passed over; the venue books each trade once anyway); a trade of
 *       an order the router had published as finished is logged at WARN and not booked.</li>
 *   <li><b>Balances</b> ({@code GET /api/v3/account}, free + locked): after a poll of every tracked order, the
 *       instrument's base asset at Binance is compared with the router's booked balance, and so is each quote asset
 *       and each asset only fees are paid in (one of the {@code assets} section that is no instrument's base or
 *       quote, e.g. BNB), once per round. A difference of more than {@code reconcileToleranceSteps} x the
 *       instrument's quantity step ({@code filters.stepSize}, else one size unit) in the base asset, or of more than
 *       {@code reconcileToleranceSteps} units of the asset's last decimal ({@code assets.X}) in a quote asset (every
 *       instrument quoted in it) or a fee-only asset (every instrument: any fill may pay its fee in it), makes the
 *       instrument <b>reduce-only</b> (a deposit, a withdrawal, a transfer or a fee the router never saw; the
 *       difference is not booked; a WARN names the asset and the instruments), with a reason naming each asset
 *       beyond tolerance and the numbers: the router publishes a
 *       {@link io.aquatrade.common.ReconciliationStatus} and the decision engine denies entries on it
 *       ({@code OrderDenied} {@code RECONCILIATION}) while exits go; a later reconciliation that finds the balances
 *       within tolerance publishes it resolved. If a fill was booked between the balance read and a second poll
 *       right after it, the balances are not judged in that round (the read may straddle a fill). Why the quote's
 *       tolerance is in its own units: {@link #assetTolerance}.</li>
 * </ol>
 * An order whose quantity is finer than the instrument's {@code sizeDecimals} cannot be booked: it is logged at ERROR
 * once and not adopted, and the round goes on (the balances then show the difference). A REST failure ends the round
 * (logged at WARN); the next round comes at the next interval. Each REST call of a round waits for room in the
 * rate-limit budget: a round cut short goes on from there at the next round. Not thread-safe.
 */
final class Reconciler {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
    /** Strategy id of external orders. */
    static final String EXTERNAL = "external";
    /** Prefix of an external order's client order id. */
    static final String EXTERNAL_PREFIX = "ext-";
    private static final String VENUE_PREFIX = BinanceVenue.NAME + "-";

    private final BinanceVenue venue;
    private final AquatradeConfig aquatrade;
    private final Account booked;
    private final long intervalNs;
    private final long toleranceSteps;
    private final long startMs;
    /** This venue's start on Binance's clock ({@link ServerClock#nowMs}), UTC epoch ms. */
    private final long startBinanceMs;
    private long nextRunNs;
    /**
     * Binance orders (symbol and order id: Binance numbers orders per symbol) published on {@code executions}
     * (recovered, and accepted since), to their client order id.
     */
    private final Map<OrderKey, String> published = new HashMap<>();
    /** Per client order id published: {fills, cumulative quantity} on {@code executions} (recovered). */
    private final Map<String, long[]> publishedFills = new HashMap<>();
    /** Per client order id published: the Binance trade ids of its fills on {@code executions} (recovered). */
    private final Map<String, Set<Long>> publishedTradeIds = new HashMap<>();
    /**
     * Per symbol: the scan cursor, the highest Binance trade id a round scanned (a trade left to its order's poll, or
     * not booked on purpose, is not asked for again); never the fills recovered from {@code executions}. Fills the
     * venue books between rounds do not move it: a trade of another order with a lower id (placed by hand) may not
     * have been scanned yet.
     */
    private final Map<String, Long> lastTradeId = new HashMap<>();
    /**
     * Per symbol without a scan cursor yet: from when its trades are read by time ({@link #firstScanMs}, then moved
     * on a 24-hour window at a time while the windows are empty), UTC epoch ms.
     */
    private final Map<String, Long> scanFromMs = new HashMap<>();
    /** The latest time of a fill recovered from {@code executions} (Binance's clock), UTC epoch ms, or MIN_VALUE. */
    private long lastRecoveredFillMs = Long.MIN_VALUE;
    /** The latest time of an acceptance recovered from {@code executions} (our clock), UTC epoch ms, or MIN_VALUE. */
    private long lastRecoveredAcceptedMs = Long.MIN_VALUE;
    private long runs;
    private long adopted;
    /** Binance orders whose quantity does not fit the size decimals: logged once, never adopted. */
    private final Set<OrderKey> unbookable = new HashSet<>();

    Reconciler(BinanceVenue venue, BinanceVenueConfig config, AquatradeConfig aquatrade, Account booked,
               long startNs) {
        this.venue = venue;
        this.aquatrade = aquatrade;
        this.booked = booked;
        this.intervalNs = Math.multiplyExact(config.reconcileIntervalS(), 1_000_000_000L);
        this.toleranceSteps = config.reconcileToleranceSteps();
        this.startMs = startNs / 1_000_000L;
        this.startBinanceMs = venue.guard().serverClock().nowMs();
        this.nextRunNs = startNs;
    }

    /** An acceptance recovered from {@code executions}. */
    void recover(OrderAccepted a) {
        if (a.eventTimeNs() > 0) { // an acceptance's time is its SubmitOrder's, on our clock
            lastRecoveredAcceptedMs = Math.max(lastRecoveredAcceptedMs, a.eventTimeNs() / 1_000_000L);
        }
        long id = venueOrderId(a.venueOrderId());
        String symbol = symbol(a.instrument());
        if (id >= 0 && a.clientOrderId() != null && symbol != null) {
            published.put(new OrderKey(symbol, id), a.clientOrderId());
        }
    }

    /**
     * An order an earlier run gave up with its outcome unknown, watched again ({@link BinanceVenue#watchAgain}): the
     * first scan of trades after the restart starts no later than its time, as after an acceptance recovered, so a
     * placement Binance made after the give-up, while the router was down or since, is met and booked under it.
     *
     * @param givenUpAtNs the rejection's event time (the order's, on our clock), UTC epoch ns
     */
    void recoverGivenUp(long givenUpAtNs) {
        if (givenUpAtNs > 0) {
            lastRecoveredAcceptedMs = Math.max(lastRecoveredAcceptedMs, givenUpAtNs / 1_000_000L);
        }
    }

    /** @return Binance's symbol of a configured instrument, or null if it is not configured */
    private String symbol(String instrument) {
        Instrument in = instrument == null ? null : aquatrade.instruments().get(instrument);
        return in == null ? null : BinanceAdapters.symbol(in);
    }

    /**
     * A fill recovered from {@code executions}: noted as published; it does not move the scan cursor (a trade the
     * venue booked is not one a round scanned: an external trade with a lower id may not have been).
     */
    void recover(OrderFilled f) {
        long trade = tradeId(f.tradeId());
        if (f.eventTimeNs() > 0) { // a fill's time is its Binance trade's
            lastRecoveredFillMs = Math.max(lastRecoveredFillMs, f.eventTimeNs() / 1_000_000L);
        }
        if (f.clientOrderId() != null) {
            long[] n = publishedFills.computeIfAbsent(f.clientOrderId(), k -> new long[2]);
            n[0]++;
            n[1] = f.cumulativeQuantity();
            if (trade >= 0) {
                publishedTradeIds.computeIfAbsent(f.clientOrderId(), k -> new HashSet<>()).add(trade);
            }
        }
        long id = venueOrderId(f.venueOrderId());
        String symbol = symbol(f.instrument());
        if (id >= 0 && f.clientOrderId() != null && symbol != null) {
            published.putIfAbsent(new OrderKey(symbol, id), f.clientOrderId());
        }
    }

    /**
     * Where the first scan of a symbol starts, on Binance's clock (as {@link ServerClock} estimates it; an
     * acceptance's time is moved by the difference of the two clocks at start), UTC epoch ms: at this venue's start, or, after a restart, at the last acceptance or fill
     * recovered from {@code executions} less {@code reconcileIntervalS} and {@link #RESTART_MARGIN_MS} (the earlier
     * run's last round came at most an interval before it stopped, and it stopped after its last output).
     */
    private long firstScanMs() {
        long lastMs = Math.max(lastRecoveredFillMs, lastRecoveredAcceptedMs == Long.MIN_VALUE ? Long.MIN_VALUE
                : lastRecoveredAcceptedMs + startBinanceMs - startMs);
        if (lastMs == Long.MIN_VALUE) {
            return startBinanceMs;
        }
        return lastMs - intervalNs / 1_000_000L - RESTART_MARGIN_MS;
    }

    /** The router published an acceptance of this Binance order (symbol, order id) under this client order id. */
    void published(String symbol, long venueOrderId, String clientOrderId) {
        published.put(new OrderKey(symbol, venueOrderId), clientOrderId);
    }

    /** A Binance trade of the symbol was scanned by a round, or recovered from {@code executions}. */
    private void booked(String symbol, long tradeId) {
        lastTradeId.merge(symbol, tradeId, Math::max);
    }

    /**
     * How much earlier than the earlier run's last output less the interval the first scan after a restart starts,
     * ms: room for a round that took long, and for Binance's trade times against the router's clock.
     */
    static final long RESTART_MARGIN_MS = 60_000L;
    /**
     * The widest window of one {@code myTrades} read by time, ms: Binance refuses a startTime-endTime span of more than
     * 24 hours (spot API, Account Trade List).
     */
    static final long MY_TRADES_WINDOW_MS = 24L * 60 * 60 * 1000;

    /** A failed round is tried again after this (or after the interval, if shorter), ns. */
    static final long RETRY_NS = 5_000_000_000L;

    /** Request weight of a round per instrument: {@code openOrders} with a symbol (6) and {@code myTrades} (20). */
    static final int ROUND_WEIGHT_PER_INSTRUMENT = 26;
    /** Request weight of a round's {@code account} read. */
    static final int ROUND_WEIGHT_ACCOUNT = 20;

    /** @return reconciliation rounds run */
    long runs() {
        return runs;
    }

    /** @return external orders adopted since start */
    long adoptedCount() {
        return adopted;
    }

    /** Runs a round if one is due at {@code nowNs} (UTC epoch ns). */
    void maybeRun(long nowNs, VenueReports reports) {
        if (nowNs < nextRunNs) {
            return;
        }
        int weight = ROUND_WEIGHT_PER_INSTRUMENT * aquatrade.instruments().size() + ROUND_WEIGHT_ACCOUNT;
        if (!venue.budgetAllows(weight)) {
            return; // the rate-limit budget is near its limit: the round waits for a later poll
        }
        nextRunNs = nowNs + intervalNs;
        runs++;
        try {
            run(nowNs, reports);
        } catch (IOException | RuntimeException e) {
            if (e instanceof org.knowm.xchange.binance.dto.BinanceException b && b.getCode() == -1021) {
                venue.resync(); // Binance's clock moved away from ours: measure it again
            }
            nextRunNs = nowNs + Math.min(intervalNs, RETRY_NS);
            LOG.warn("reconciliation with binance failed ({}): again in {} s", BinanceVenue.describe(e),
                    (nextRunNs - nowNs) / 1_000_000_000L);
        }
    }

    private void run(long nowNs, VenueReports reports) throws IOException {
        venue.pollOrders(nowNs, reports); // placements of unknown outcome found first
        for (Instrument in : aquatrade.instruments().values()) {
            CurrencyPair pair = new CurrencyPair(in.base(), in.quote());
            String symbol = BinanceAdapters.symbol(in);
            Set<Long> met = new HashSet<>(); // Binance orders this round took up: each once (all its trades)
            for (BinanceOrder o : venue.tradeService().openOrdersAllProducts(pair)) {
                if (!venue.tracks(symbol, o.orderId)) {
                    if (!venue.budgetAllows(BinanceRestGuard.WEIGHT_MY_TRADES)) {
                        LOG.info("reconciliation: the rate-limit budget is near its limit: binance order {} is "
                                + "taken up by a later round", o.orderId);
                        continue;
                    }
                    met.add(o.orderId);
                    external(in, o, reports);
                }
            }
            Long last = lastTradeId.get(in.symbol());
            List<BinanceTrade> trades;
            if (last != null) {
                trades = new ArrayList<>(venue.tradeService().myTradesAllProducts(pair, null, null, null, last + 1,
                        1000));
            } else {
                // no trade scanned yet: by time, one window of at most 24 hours at a time (Binance's limit)
                long nowMs = venue.guard().serverClock().nowMs(); // Binance's
                long fromMs = scanFromMs.computeIfAbsent(in.symbol(), k -> firstScanMs());
                while (true) {
                    long toMs = fromMs + MY_TRADES_WINDOW_MS - 1;
                    trades = new ArrayList<>(venue.tradeService().myTradesAllProducts(pair, null, fromMs, toMs,
                            null, 1000));
                    if (!trades.isEmpty() || toMs >= nowMs) {
                        break;
                    }
                    fromMs = toMs + 1; // an empty window wholly in the past: the next one
                    scanFromMs.put(in.symbol(), fromMs);
                    if (!venue.budgetAllows(BinanceRestGuard.WEIGHT_MY_TRADES)) {
                        break; // the next round goes on from here
                    }
                }
            }
            trades.sort(Comparator.comparingLong(BinanceAdapters::tradeId));
            for (BinanceTrade t : trades) {
                long id = BinanceAdapters.tradeId(t);
                if (last != null && id <= last) {
                    continue; // booked
                }
                if (venue.tracks(symbol, t.orderId) || met.contains(t.orderId)
                        || venue.bookedTrade(symbol, t.orderId, id)) {
                    booked(in.symbol(), id); // scanned: the next round asks from after it
                    continue; // booked by its order's poll, or with its order taken up this round, or before
                }
                String ours = published.get(new OrderKey(symbol, t.orderId));
                if (ours != null && publishedTradeIds.getOrDefault(ours, Set.of()).contains(id)) {
                    booked(in.symbol(), id);
                    continue; // published on executions before the restart (ours, or an external order's)
                }
                if (ours != null && !ours.startsWith(EXTERNAL_PREFIX)) {
                    booked(in.symbol(), id);
                    LOG.warn("reconciliation: binance trade {} of order {} ({}), which executions shows finished: "
                            + "not booked", id, t.orderId, ours);
                    continue;
                }
                if (!venue.budgetAllows(BinanceRestGuard.WEIGHT_ORDER_STATUS + BinanceRestGuard.WEIGHT_MY_TRADES)) {
                    LOG.info("reconciliation: the rate-limit budget is near its limit: binance trades of {} from {} "
                            + "on are read by a later round", in.symbol(), id);
                    break; // not marked scanned: the next round asks from here
                }
                booked(in.symbol(), id);
                met.add(t.orderId);
                external(in, venue.tradeService().orderStatusAllProducts(pair, t.orderId, null), reports);
            }
        }
        venue.pollOrders(nowNs, reports);
        if (booked != null) {
            balances(nowNs, reports);
        }
    }

    /** Adopts (or tracks again) an order of Binance's that the venue does not track. */
    private void external(Instrument in, BinanceOrder o, VenueReports reports) throws IOException {
        if (venue.adoptIfWatched(in, o, reports)) {
            return; // ours, given up (outcome unknown) and placed after all: booked under its own order
        }
        OrderKey key = new OrderKey(BinanceAdapters.symbol(in), o.orderId);
        String known = published.get(key);
        if (known != null && !known.startsWith(EXTERNAL_PREFIX) || venue.sentAs(o.clientOrderId)) {
            return; // ours: finished on executions, or of unknown outcome (found by its poll): nothing to adopt
        }
        if (known == null && venue.fromThisQueue(o.clientOrderId)) {
            LOG.info("reconciliation: binance order {} ({}) carries a client order id of this orders queue: ours, "
                    + "adopted when its SubmitOrder is delivered again, not as an external order", o.orderId,
                    o.clientOrderId);
            return;
        }
        if (!fits(o.origQty, in) || !fits(o.executedQty, in)) {
            if (unbookable.add(key)) {
                LOG.error("reconciliation: binance order {} ({} {} of {}, executed {}) has a quantity finer than "
                        + "instruments[{}].sizeDecimals {}: it cannot be booked and is not adopted; the balances "
                        + "will show it", o.orderId, o.side, o.origQty.toPlainString(), in.symbol(),
                        o.executedQty.toPlainString(), in.symbol(), in.sizeDecimals());
            }
            return;
        }
        String id = known != null ? known : EXTERNAL_PREFIX + o.orderId;
        long[] fills = publishedFills.getOrDefault(id, new long[2]);
        if (known == null) {
            adopted++;
            LOG.warn("reconciliation: binance order {} ({} {} {} {} of {}, client order id {}, status {}) was not "
                            + "placed by this router: adopted as {} of strategy '{}'", o.orderId, o.side, o.type,
                    o.origQty.toPlainString(), in.symbol(), o.executedQty.toPlainString(), o.clientOrderId,
                    o.status, id, EXTERNAL);
            published.put(key, id);
        } else {
            LOG.info("reconciliation: external order {} ({}) tracked again", id, o.orderId);
        }
        venue.adoptExternal(externalOrder(id, in, o), in, o, known == null, fills[1],
                publishedTradeIds.getOrDefault(id, Set.of()), reports);
    }

    /** @return true if the quantity is a whole number of the instrument's size units */
    private static boolean fits(BigDecimal quantity, Instrument in) {
        return quantity == null || quantity.stripTrailingZeros().scale() <= in.sizeDecimals();
    }

    /** The order the router publishes for an external Binance order. */
    private static SubmitOrder externalOrder(String id, Instrument in, BinanceOrder o) {
        SubmitOrder so = new SubmitOrder().clientOrderId(id).strategyId(EXTERNAL).instrument(in.symbol())
                .side(o.side == OrderSide.BUY ? Side.BUY : Side.SELL)
                .quantity(FixedPoint.fromBigDecimal(o.origQty, in.sizeDecimals()))
                .reason("reconciliation")
                .eventTimeNs(Math.multiplyExact(o.time, 1_000_000L));
        boolean priced = o.price != null && o.price.signum() > 0;
        switch (o.type) {
            case MARKET -> so.orderType(OrderType.MARKET).timeInForce(TimeInForce.IOC);
            case LIMIT_MAKER -> so.orderType(OrderType.LIMIT).timeInForce(TimeInForce.GTC).postOnly(true)
                    .limitPrice(price(o.price, in));
            case STOP_LOSS_LIMIT, TAKE_PROFIT_LIMIT -> so.orderType(OrderType.STOP_LIMIT)
                    .timeInForce(TimeInForce.GTC).limitPrice(price(o.price, in))
                    .triggerPrice(price(o.stopPrice, in));
            default -> so.orderType(priced ? OrderType.LIMIT : OrderType.MARKET)
                    .timeInForce(timeInForce(o))
                    .limitPrice(priced ? price(o.price, in) : 0);
        }
        return so;
    }

    private static TimeInForce timeInForce(BinanceOrder o) {
        if (o.timeInForce != null) {
            for (TimeInForce t : TimeInForce.values()) {
                if (t.name().equals(o.timeInForce.name())) {
                    return t;
                }
            }
        }
        return TimeInForce.GTC;
    }

    private static long price(BigDecimal p, Instrument in) {
        return p == null ? 0 : FixedPoint.fromBigDecimal(p.setScale(in.priceDecimals(),
                java.math.RoundingMode.HALF_EVEN), in.priceDecimals());
    }

    /**
     * Compares each instrument's base asset, each quote asset and each fee-only asset at Binance with the booked
     * balance; publishes each instrument reduce-only (its base, its quote or a fee-only asset beyond tolerance) or
     * fine. Tolerances: {@link #baseTolerance} and {@link #assetTolerance}.
     */
    private void balances(long nowNs, VenueReports reports) throws IOException {
        long before = venue.reportedCount();
        Map<String, BigDecimal> held = new HashMap<>();
        for (BinanceBalance b : venue.accountService().account().balances) {
            held.put(b.getCurrency().getCurrencyCode(), b.getTotal());
        }
        venue.pollOrders(nowNs, reports);
        if (venue.reportedCount() != before) {
            LOG.info("reconciliation: a fill was booked while the balances were read: not judged in this round");
            return;
        }
        // quote assets, then assets only fees are paid in (the assets section's, e.g. BNB): judged once each
        List<String> instrumentAssets = aquatrade.assets();
        Map<String, String> assetMismatches = new LinkedHashMap<>();
        Set<String> judged = new HashSet<>();
        for (Instrument in : aquatrade.instruments().values()) {
            judgeAsset(in.quote(), held, judged, assetMismatches);
        }
        List<String> feeOnly = new ArrayList<>();
        for (String asset : aquatrade.accountAssets()) {
            if (!instrumentAssets.contains(asset)) {
                feeOnly.add(asset);
                judgeAsset(asset, held, judged, assetMismatches);
            }
        }
        for (Map.Entry<String, String> m : assetMismatches.entrySet()) {
            String asset = m.getKey();
            List<String> affected = new ArrayList<>();
            for (Instrument in : aquatrade.instruments().values()) {
                if (feeOnly.contains(asset) || in.quote().equals(asset)) {
                    affected.add(in.symbol());
                }
            }
            LOG.warn("reconciliation: {} differs beyond tolerance ({}): reduce-only: {}", asset, m.getValue(),
                    affected);
        }
        Map<String, String> verdicts = new LinkedHashMap<>();
        for (Instrument in : aquatrade.instruments().values()) {
            String asset = in.base();
            int decimals = aquatrade.assetDecimals(asset);
            BigDecimal atBinance = held.getOrDefault(asset, BigDecimal.ZERO);
            BigDecimal ours = FixedPoint.toBigDecimal(booked.balance(asset), decimals);
            long step = in.exactFilters(aquatrade.assetDecimals(in.quote())).stepSize();
            BigDecimal stepSize = FixedPoint.toBigDecimal(step > 0 ? step : 1, in.sizeDecimals());
            BigDecimal tolerance = baseTolerance(stepSize);
            BigDecimal diff = atBinance.subtract(ours);
            boolean baseMismatch = diff.abs().compareTo(tolerance) > 0;
            String baseReason = difference(asset, atBinance, ours, diff, tolerance) + " (" + toleranceSteps
                    + " steps of " + stepSize.stripTrailingZeros().toPlainString() + ")";
            StringBuilder reason = new StringBuilder();
            if (baseMismatch) {
                reason.append(baseReason);
            }
            for (Map.Entry<String, String> m : assetMismatches.entrySet()) {
                if (!m.getKey().equals(asset) && (m.getKey().equals(in.quote()) || feeOnly.contains(m.getKey()))) {
                    reason.append(reason.length() == 0 ? "" : "; ").append(m.getValue());
                }
            }
            boolean mismatch = reason.length() > 0;
            String text = mismatch ? reason.toString() : baseReason;
            if (text.length() > io.aquatrade.common.ReconciliationStatus.MAX_REASON_LENGTH) {
                text = text.substring(0, io.aquatrade.common.ReconciliationStatus.MAX_REASON_LENGTH);
            }
            verdicts.put(in.symbol(), text);
            if (mismatch) {
                LOG.warn("reconciliation: {} {}", in.symbol(), text);
            }
            reports.reconciliation(in.symbol(), mismatch, text, nowNs);
        }
        LOG.debug("reconciliation: {}", verdicts);
    }

    /**
     * Judges a quote or fee-only asset once per round: its balance at Binance against the booked one, within {@link
     * #assetTolerance}; a difference beyond it is noted with its text.
     */
    private void judgeAsset(String asset, Map<String, BigDecimal> held, Set<String> judged,
                            Map<String, String> mismatches) {
        if (!judged.add(asset)) {
            return;
        }
        int decimals = aquatrade.assetDecimals(asset);
        BigDecimal atBinance = held.getOrDefault(asset, BigDecimal.ZERO);
        BigDecimal ours = FixedPoint.toBigDecimal(booked.balance(asset), decimals);
        BigDecimal unit = BigDecimal.ONE.movePointLeft(decimals);
        BigDecimal tolerance = assetTolerance(decimals);
        BigDecimal diff = atBinance.subtract(ours);
        if (diff.abs().compareTo(tolerance) > 0) {
            mismatches.put(asset, difference(asset, atBinance, ours, diff, tolerance) + " (" + toleranceSteps
                    + " units of " + unit.toPlainString() + ")");
        }
    }

    /** @return e.g. "BTC: binance 2.00002, executions 2, difference 0.00002, tolerance 0.00001" */
    private static String difference(String asset, BigDecimal atBinance, BigDecimal ours, BigDecimal diff,
                                     BigDecimal tolerance) {
        return asset + ": binance " + atBinance.stripTrailingZeros().toPlainString() + ", executions "
                + ours.stripTrailingZeros().toPlainString() + ", difference "
                + diff.stripTrailingZeros().toPlainString() + ", tolerance "
                + tolerance.stripTrailingZeros().toPlainString();
    }

    /**
     * The base asset's tolerance: {@code reconcileToleranceSteps} x the instrument's quantity step (every fill and
     * every base fee the router books moves the base by Binance's own amounts, so only what it never saw differs).
     *
     * @param stepSize the instrument's {@code stepSize}, else one size unit
     * @return the largest difference that is no mismatch, in the asset
     */
    private BigDecimal baseTolerance(BigDecimal stepSize) {
        return stepSize.multiply(BigDecimal.valueOf(toleranceSteps));
    }

    /**
     * A quote or fee-only asset's tolerance: {@code reconcileToleranceSteps} units of its last configured decimal
     * ({@code assets.X}, default 8), e.g. 0.00000001 USDT. A quote asset has no quantity step, and its booking is
     * exact: start-up refuses assets with fewer decimals than Binance's asset and commission precisions ({@link
     * AssetPrecision}), each commission is booked as Binance states it, and a fill's quote amount price x quantity has
     * at most the decimals of {@code tickSize} plus those of {@code stepSize}, within Binance's quote precision; the
     * one rounding left is a starting balance with more decimals than configured, cut down by less than one unit. So
     * nothing the router saw makes the quote differ by a unit, while a deposit, a withdrawal, a transfer or a fee it
     * never saw does, and a tolerance in the quote's own units, unlike one in base steps, does not move with the price.
     *
     * @param decimals the asset's configured decimals
     * @return the largest difference that is no mismatch, in the asset
     */
    private BigDecimal assetTolerance(int decimals) {
        return BigDecimal.ONE.movePointLeft(decimals).multiply(BigDecimal.valueOf(toleranceSteps));
    }

    /** @return the Binance order id of {@code binance-<id>}, or -1 */
    private static long venueOrderId(String venueOrderId) {
        return parseAfter(venueOrderId);
    }

    /** @return the Binance trade id of {@code binance-<id>}, or -1 */
    private static long tradeId(String tradeId) {
        return parseAfter(tradeId);
    }

    private static long parseAfter(String s) {
        if (s == null || !s.startsWith(VENUE_PREFIX)) {
            return -1;
        }
        try {
            return Long.parseLong(s.substring(VENUE_PREFIX.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
