package io.aquatrade.router.venue.binance;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.CancelOrder;
import io.aquatrade.common.EpochClock;
import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.LiquiditySide;
import io.aquatrade.common.MessageCopies;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.RejectReason;
import io.aquatrade.common.RestBudget;
import io.aquatrade.common.Side;
import io.aquatrade.common.SubmitOrder;
import io.aquatrade.router.Venue;
import io.aquatrade.router.VenueReports;
import org.knowm.xchange.ExchangeSpecification;
import org.knowm.xchange.binance.BinanceExchange;
import org.knowm.xchange.binance.dto.BinanceException;
import org.knowm.xchange.binance.dto.account.BinanceBalance;
import org.knowm.xchange.binance.dto.trade.BinanceNewOrder;
import org.knowm.xchange.binance.dto.trade.BinanceOrder;
import org.knowm.xchange.binance.dto.trade.BinanceTrade;
import org.knowm.xchange.binance.dto.trade.OrderSide;
import org.knowm.xchange.binance.dto.trade.OrderStatus;
import org.knowm.xchange.binance.dto.trade.OrderType;
import org.knowm.xchange.binance.dto.trade.TimeInForce;
import org.knowm.xchange.binance.service.BinanceAccountService;
import org.knowm.xchange.binance.service.BinanceHmacDigest;
import org.knowm.xchange.binance.service.BinanceTradeService;
import org.knowm.xchange.client.ExchangeRestProxyBuilder;
import org.knowm.xchange.currency.CurrencyPair;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import si.mazi.rescu.HttpStatusException;

/**
 * The {@code binance} venue: Binance spot, orders over XChange 5.2.4's REST client, their reports from Binance's
 * WebSocket API user data stream ({@link BinanceUserStream}) with REST polling as the fallback.
 *
 * <p><b>Orders.</b> MARKET, LIMIT GTC/IOC/FOK, LIMIT_MAKER ({@code postOnly}) and STOP_LOSS_LIMIT ({@code
 * STOP_LIMIT}) go out with {@code newClientOrderId} = {@code <strategy>-<queueId>-<orders index>} ({@link
 * ClientOrderIds}: the same for the same {@code SubmitOrder} after a restart, unique across fresh queues), and every
 * report of the order carries our own client order id again; STOP_MARKET goes out as Binance's STOP_LOSS (a stop
 * that becomes a MARKET order; our model has no take-profit order type, so TAKE_PROFIT is not used). A stop that
 * replaces a working stop the balance cannot hold beside it is sent with that stop's cancel as one {@code
 * cancelReplace} ({@link StopReplacer}: the position is never without a stop at Binance). The answer
 * to the placement (FULL: its fills) gives {@code accepted} and the immediate fills; orders still working are
 * polled every {@code pollIntervalMs} of the injected clock: open orders per symbol, the status of each that left
 * them, and {@code myTrades} of an order whose executed quantity grew. Each Binance trade is one {@code OrderFilled}
 * (its trade id, price, quantity, commission and commission asset, maker or taker), booked once per trade of an
 * order whichever path meets it ({@link BookedTrades}); a trade whose numbers do not fit the configured decimals
 * is not booked but met again (ERROR); an order ends {@code canceled}, {@code expired}, or by its last fill.
 *
 * <p><b>Never twice.</b> A placement whose outcome is unknown (no answer, an HTTP 5xx, Binance -1007 or -1006)
 * leaves the order UNKNOWN: it is asked for by its client order id ({@link BinanceOrderQuery}) every {@code
 * pollIntervalMs}, whatever the user data stream's health, and adopted from the first stream report carrying that id
 * ({@code c}); once found it is adopted ({@code accepted}, then polled as any other); it is never sent again. Binance's
 * absence alone never proves an order was not placed: Binance checks {@code recvWindow} just before it forwards a
 * request to its matching engine, not when the engine takes it, and -1007 means the engine did not answer within the
 * API's 10 s, not that it failed (binance-spot-api-docs: rest-api.md "Timing security", errors.md -1007), so a
 * backed-up engine may place it later. It is asked for during {@link #unknownAskMs} (60 s, or {@code recvWindowMs}
 * + 11 s if longer: well past that 10 s) after it was sent; still absent then, it is given up: rejected ({@code
 * OUTCOME_UNKNOWN}, "outcome unknown") so that the decision engine is not held, and <b>watched</b> for {@value
 * #WATCH_MS} ms. A watched order that Binance shows after all (a stream report carrying its client order id, or the
 * reconciliation meeting it among the open orders or the trades) is adopted under the original order, with an ERROR:
 * {@code accepted} after its rejection, its fills and its end as for any order (the decision engine books fills of an
 * order it took for ended as late fills), and, still working, cancelled at Binance at once (its rejection was
 * published). Every such rejection carries the reason code {@code OUTCOME_UNKNOWN}: a restarted router rebuilds the
 * watch list from them on {@code executions} ({@link #watchAgain}, each given up less than {@value #WATCH_MS} ms before
 * by its event time, the order's own, and not accepted since), so an order given up by an earlier run that Binance
 * places after the restart is adopted by the stream or the reconciliation exactly as within one run.
 *
 * <p><b>Restarts.</b> An order an earlier run may have sent is asked for by its client order id before anything is
 * sent, and adopted if Binance has it: every order that was on the {@code orders} queue when the router started (by
 * queue index: {@link #ordersTopic}), and every order the earlier run consumed and never answered ({@link #requeue}:
 * its outcome was unknown, or the rate limit held it back). A requeued order Binance does not have is never sent
 * again (the earlier run may have sent it and had no answer; Binance's matching engine may still take it): it is
 * rejected ({@code OUTCOME_UNKNOWN}, "too late") at once and watched as a given-up order, except a protective stop (a
 * reduce-only stop: two of them cannot double a position on spot, none would leave it unprotected). Any other order
 * an earlier run may have sent and Binance does not have is sent once no request of that run can still pass Binance's
 * {@code recvWindow} check ({@code recvWindowMs} + 1 s after this venue started), and asked for again at each poll
 * until then; unless it is then older than {@code heldBackMaxMs} (from its own time) and no protective stop: the
 * decision engine gave up on it, so it is rejected ({@code OUTCOME_UNKNOWN}, "too late"), never sent late, and
 * watched. Ids derived from the queue never repeat across sessions, so whatever Binance has under one is ours.
 * Without an {@code orders} topic (a router driven by hand), an order stamped before this venue was built plus {@code
 * recvWindowMs} is asked for instead, and one Binance created more than {@code recvWindowMs} before the order's own
 * time is another session's, not adopted. A restored working order skips the fills it had on {@code executions} by
 * their trade ids; a cancel of it the earlier run consumed and {@code executions} never answered is sent again at the
 * first poll ({@link #restoreCancel}).
 *
 * <p><b>Threads.</b> Every REST call is made on the agent thread, inside {@link #submit}, {@link #cancel} and
 * {@link #poll}: a slow answer holds the router for up to the HTTP client's timeouts. Not thread-safe.
 *
 * <p><b>User data stream.</b> With {@code wsApiUrl} set (the default), a {@link BinanceUserStream} subscribes to the
 * account's events on Binance's WebSocket API; {@link #poll} first books the execution reports it queued: each
 * {@code TRADE} as one {@code OrderFilled} (trade id {@code t}, {@code L} x {@code l}, commission {@code n} in
 * {@code N}, maker {@code m}), deduped by trade id with the fills REST finds; an order ends on {@code X} CANCELED,
 * EXPIRED, EXPIRED_IN_MATCH, REJECTED or FILLED once its fills add up to {@code z}, whatever {@code x} says: an
 * {@code x=TRADE_PREVENTION} ends it only with {@code X=EXPIRED_IN_MATCH} (self-trade prevention's DECREMENT and
 * TRANSFER modes leave the order working, with less quantity). Reports are matched to orders by symbol and order id
 * (Binance numbers orders per symbol); one that cannot be booked (a number beyond the configured decimals) is skipped
 * with an ERROR, never thrown out of {@link #poll}. Cumulative and leaves are those of the fills booked, so they equal {@code z} and {@code q - z};
 * a report whose {@code z} is beyond them shows a fill the stream lost. {@link StreamHealth} says when to poll over
 * REST: every {@code safetyPollMs} while the stream is healthy, every {@code pollIntervalMs} while it is down,
 * silent (no frame, or no report of an order Binance took, for {@code streamSilenceMs}), or distrusted after REST
 * found a fill it did not bring (the stream is then resubscribed), and at once after each (re)subscription.
 *
 * <p><b>Rate limits, clock, filters</b> ({@link BinanceRestGuard}): every REST call asks the rate-limit budget
 * first. An order that the budget, a 429's back-off or a 418 ban holds back waits in this venue and goes out on a
 * later {@link #poll} (never a sleep); a cancel of it ends it here ({@code OrderCanceled}, no request); held back
 * longer than {@code heldBackMaxMs} it is rejected ({@code RATE_LIMIT}), never sent late. An order held back that an
 * earlier run may have sent is asked for at Binance first, by its client order id, and adopted (then cancelled there
 * if a cancel came) if Binance has it. No request at all leaves during a back-off or a ban, none follows a 429 or a
 * 418 (a cancel's status read included). A cancel whose outcome is unknown, or refused 429/418, is sent again every
 * {@code pollIntervalMs} while the order works. The cancel of a stop whose replacement is not at Binance yet (held
 * back, or of unknown outcome) waits for it. Signed requests carry Binance's time ({@link ServerClock}); a -1021 resynchronises it and sends the
 * order once more. Orders are rounded and checked against {@link ExchangeFilters} before they leave: a violation is
 * rejected naming the filter, with no round trip; decimals coarser than the filters refuse start-up.
 *
 * <p><b>Reconciliation.</b> At the first poll and every {@code reconcileIntervalS}, {@link Reconciler} compares
 * Binance's open orders, fills and balances with what the router published: see there.
 */
public final class BinanceVenue implements Venue {
    private static final Logger LOG = LoggerFactory.getLogger(BinanceVenue.class);
    /** The venue's name, and the prefix of its venue order ids ({@code binance-<orderId>}). */
    public static final String NAME = "binance";
    private static final String PREFIX = NAME + "-";

    private final EpochClock clock;
    private final AquatradeConfig aquatrade;
    private final BinanceTradeService trade;
    private final BinanceAccountService account;
    private final BinanceOrderQuery query;
    private final BinanceHmacDigest signer;
    /** Rate limits, the clock offset and exchange filters ({@link BinanceRestGuard}). */
    private final BinanceRestGuard guard;
    /** The budget's 418 and 429 counts already reported ({@link #reportRateLimits}). */
    private long seen418;
    private long seen429;
    /** Orders held back by the rate-limit budget, a 429's back-off or a 418 ban: sent by a later poll, in order. */
    private final ArrayDeque<Tracked> waiting = new ArrayDeque<>();
    private final String apiKey;
    private final long recvWindowMs;
    private final long pollIntervalNs;
    private final long recvWindowNs;
    /** How long an order may be held back by the rate limit before it is rejected instead of sent, ns. */
    private final long heldBackMaxNs;
    /** When this venue was built, UTC epoch ns. */
    private final long startNs;
    /**
     * Orders stamped before this time ({@link #startNs} + recvWindow) may have been sent by an earlier run: asked
     * for before they are sent.
     */
    private final long askBeforeSendingNs;
    /** Answers reported since start (acceptances, fills, ends), to tell {@link #poll} what it delivered. */
    private long reported;
    /** Orders not finished, by client order id, in submission order. */
    private final Map<String, Tracked> orders = new LinkedHashMap<>();
    private final OrderFilled fill = new OrderFilled();
    /** Reconciles with the account at start and every {@code reconcileIntervalS}. */
    private final Reconciler reconciler;
    /** The client order ids sent to Binance, derived from the {@code orders} topic. */
    private final ClientOrderIds ids = new ClientOrderIds();
    private long unknownCount;
    private long adoptedCount;
    /** The user data stream, or null (REST polling only). */
    private final BinanceUserStream stream;
    private final StreamHealth health;
    /** Stop replacement in one request when the balance cannot hold the old and the new stop. */
    private final StopReplacer stops;
    /** True while a stream report is being booked: which source a fill came from. */
    private boolean fromStream;
    private long streamFills;
    private long restFills;
    private long streamDuplicates;
    /** Every trade booked (placement answers, REST, stream, reconciliation), to book each once: see report. */
    private final BookedTrades booked = new BookedTrades();
    /** A clock resynchronisation the rate-limit budget put off: done by the next poll that may, before any order. */
    private boolean resyncDue;
    /** Fills whose numbers do not fit the configured decimals: not booked, asked for again (logged at ERROR). */
    private long unbookableFills;
    /**
     * The router's latest market prices, or null: a MARKET order's NOTIONAL is checked at the last trade price
     * ({@link ExchangeFilters#apply(SubmitOrder, Instrument, long)}).
     */
    private io.aquatrade.router.LatestPrices prices;
    /** Stream reports that could not be booked (numbers beyond the configured decimals): skipped, logged at ERROR. */
    private long unbookableReports;
    /**
     * How long a placement of unknown outcome is asked for by its client order id before it is given up, ns: {@link
     * #unknownAskMs}.
     */
    private final long unknownAskNs;
    /**
     * Given-up orders (rejected while Binance might still place them), by the client order id sent to Binance, oldest
     * first: adopted if Binance shows them after all, forgotten {@value #WATCH_MS} ms after they were given up.
     */
    private final Map<String, Tracked> watched = new LinkedHashMap<>();
    /** Given-up orders Binance showed after all, adopted under their original order, since start. */
    private long lateAdoptedCount;

    /** The shortest time a placement of unknown outcome is asked for before it is given up, ms. */
    static final long UNKNOWN_ASK_MIN_MS = 60_000L;
    /** Binance's API answers -1007 when its matching engine has not answered within this, ms (errors.md -1007). */
    static final long API_TIMEOUT_MS = 10_000L;
    /** How long a given-up order stays on the watch list, ms: a day. */
    static final long WATCH_MS = 24L * 60 * 60 * 1000;

    /**
     * Connects: reads {@code exchangeInfo} (XChange's remote init, which maps symbols to pairs).
     *
     * @param config      the {@code order-router.binance} section
     * @param credentials key and secret
     * @param aquatrade   the shared config: instruments and asset decimals
     * @param clock       the process clock: poll times and the restart rule
     */
    public BinanceVenue(BinanceVenueConfig config, BinanceCredentials credentials, AquatradeConfig aquatrade,
                        EpochClock clock) {
        this(config, credentials, aquatrade, clock, null);
    }

    /**
     * Connects: measures the offset to Binance's clock, reads {@code exchangeInfo} (rate limits, filters; XChange's
     * remote init, which maps symbols to pairs) and refuses assets with fewer decimals than Binance's precisions of
     * them ({@link AssetPrecision}).
     *
     * @param config      the {@code order-router.binance} section
     * @param credentials key and secret
     * @param aquatrade   the shared config: instruments and asset decimals
     * @param clock       the process clock: poll times, reconciliation times and the restart rule
     * @param booked      the router's account, booked from the fills reported: the reconciliation compares it with
     *                    Binance's balances; null: balances are not reconciled
     */
    public BinanceVenue(BinanceVenueConfig config, BinanceCredentials credentials, AquatradeConfig aquatrade,
                        EpochClock clock, io.aquatrade.router.Account booked) {
        this(config, credentials, aquatrade, clock, booked, EpochClock.system());
    }

    /**
     * As above, with the machine's clock given.
     *
     * @param wall the machine's real clock: request timestamps (Binance checks them against its own clock)
     */
    BinanceVenue(BinanceVenueConfig config, BinanceCredentials credentials, AquatradeConfig aquatrade,
                 EpochClock clock, io.aquatrade.router.Account booked, EpochClock wall) {
        this.clock = clock;
        this.aquatrade = aquatrade;
        this.recvWindowMs = config.recvWindowMs();
        this.pollIntervalNs = Math.multiplyExact(config.pollIntervalMs(), 1_000_000L);
        this.recvWindowNs = Math.multiplyExact(config.recvWindowMs(), 1_000_000L);
        this.heldBackMaxNs = Math.multiplyExact(config.heldBackMaxMs(), 1_000_000L);
        this.unknownAskNs = Math.multiplyExact(unknownAskMs(config.recvWindowMs()), 1_000_000L);
        ExchangeSpecification spec = new ExchangeSpecification(BinanceExchange.class);
        spec.setSslUri(config.baseUrl());
        spec.setApiKey(credentials.apiKey());
        spec.setSecretKey(credentials.apiSecret());
        spec.setExchangeSpecificParametersItem("recvWindow", config.recvWindowMs());
        this.guard = new BinanceRestGuard(config, new ArrayList<>(aquatrade.instruments().values()), clock, wall);
        GuardedBinanceExchange exchange = guard.connect(spec, clock.nowNs());
        try {
            AssetPrecision.refuseShortfalls(aquatrade, exchange.exchangeInfoJson());
        } catch (io.aquatrade.common.ConfigException e) {
            guard.close();
            throw e; // assets with fewer decimals than binance's amounts and commissions: exit code 2
        }
        this.trade = (BinanceTradeService) exchange.getTradeService();
        this.account = (BinanceAccountService) exchange.getAccountService();
        this.query = ExchangeRestProxyBuilder.forInterface(BinanceOrderQuery.class, spec).build();
        this.signer = BinanceHmacDigest.createInstance(credentials.apiSecret());
        this.apiKey = credentials.apiKey();
        this.stops = new StopReplacer(ExchangeRestProxyBuilder.forInterface(BinanceCancelReplace.class, spec).build(),
                signer, apiKey, recvWindowMs, guard.serverClock(), aquatrade, clock, orders, new StopHost());
        this.stops.account(booked); // the free balance a stop replacement is judged by
        this.startNs = clock.nowNs();
        this.askBeforeSendingNs = Math.addExact(startNs, recvWindowNs);
        if (config.wsApiUrl() != null) {
            this.stream = new BinanceUserStream(URI.create(config.wsApiUrl()), credentials.apiKey(),
                    credentials.apiSecret(), trade.getTimestampFactory()::createValue, config.recvWindowMs(), clock,
                    Math.max(1, config.streamSilenceMs() / 4), 10_000);
            stream.start();
        } else {
            this.stream = null;
        }
        this.health = new StreamHealth(stream, pollIntervalNs, Math.multiplyExact(config.safetyPollMs(), 1_000_000L),
                Math.multiplyExact(config.streamSilenceMs(), 1_000_000L), startNs);
        LOG.info("binance venue on {} (recvWindow {} ms, polls every {} ms; user data stream {}, safety polls "
                + "every {} ms)", config.baseUrl(), recvWindowMs, config.pollIntervalMs(),
                config.wsApiUrl() == null ? "none" : config.wsApiUrl(), config.safetyPollMs());
        this.reconciler = new Reconciler(this, config, aquatrade, booked, startNs);
    }

    /**
     * How long a placement of unknown outcome is asked for by its client order id before it is given up (rejected,
     * then watched): {@value #UNKNOWN_ASK_MIN_MS} ms, or {@code recvWindowMs} + {@value #API_TIMEOUT_MS} ms + {@value
     * #AHEAD_MS} ms if longer; well past the 10 s after which Binance's API answers -1007 while its matching engine may
     * still take the order.
     *
     * @param recvWindowMs the configured {@code recvWindowMs}, 1..60000
     * @return the time, ms
     */
    static long unknownAskMs(long recvWindowMs) {
        return Math.max(UNKNOWN_ASK_MIN_MS, recvWindowMs + API_TIMEOUT_MS + AHEAD_MS);
    }

    /**
     * @return a factory of this venue (the router's prices and account are not needed: Binance matches and books)
     * @throws io.aquatrade.common.ConfigException if a strategy has both {@code takeProfit} and {@code stopOrder}
     *     ({@link ConfiguredOrders#refuseTakeProfitWithStop}): this venue cannot carry its rungs out
     */
    public static Venue.Factory factory(BinanceVenueConfig config, BinanceCredentials credentials,
                                        AquatradeConfig aquatrade, EpochClock clock) {
        new ConfiguredOrders(aquatrade).refuseTakeProfitWithStop();
        return (prices, acct) -> {
            BinanceVenue venue = new BinanceVenue(config, credentials, aquatrade, clock, acct);
            venue.prices = prices;
            return venue;
        };
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Sends {@link ClientOrderIds}' ids, derived from the order's position on {@code orders}, from now on; an order at
     * or before {@code lastIndexAtStart} may have been sent by an earlier run and is asked for before it is sent.
     */
    @Override
    public void ordersTopic(java.util.function.LongSupplier position, long queueId, long lastIndexAtStart) {
        ids.ordersTopic(position, queueId, lastIndexAtStart);
        LOG.info("client order ids sent to binance: <strategy>-{}-<orders index>, base 36",
                Long.toString(queueId, 36));
    }

    /**
     * The account's balances (free + locked) of every configured asset (instruments' and the {@code assets}
     * section's: BNB for fees paid in BNB), read from {@code GET /api/v3/account}, at
     * the asset's decimals (rounded down, with a WARN, if Binance shows more).
     */
    @Override
    public Map<String, Long> startingBalances() {
        Map<String, BigDecimal> held = new HashMap<>();
        if (!guard.budget().tryAcquire(BinanceRestGuard.WEIGHT_ACCOUNT, 0)) {
            throw new IllegalStateException("binance: the rate limit allows no account read now (a back-off or ban "
                    + "until " + guard.budget().blockedUntilNs() + " ns, or the budget near its limit): the "
                    + "balances cannot be read; start again later");
        }
        try {
            for (BinanceBalance b : account.account().balances) {
                held.put(b.getCurrency().getCurrencyCode(), b.getTotal());
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("binance: cannot read the account's balances: " + describe(e), e);
        }
        Map<String, Long> out = new LinkedHashMap<>();
        for (String asset : aquatrade.accountAssets()) {
            BigDecimal total = held.getOrDefault(asset, BigDecimal.ZERO);
            int decimals = aquatrade.assetDecimals(asset);
            BigDecimal exact = total.setScale(decimals, RoundingMode.DOWN);
            if (exact.compareTo(total) != 0) {
                LOG.warn("binance balance of {} {} has more than its {} decimals: booked as {}", asset,
                        total.toPlainString(), decimals, exact.toPlainString());
            }
            out.put(asset, FixedPoint.fromBigDecimal(exact, decimals));
        }
        return out;
    }

    @Override
    public void submit(SubmitOrder order, Instrument instrument, VenueReports reports) {
        Tracked t = new Tracked(order, instrument, ids.of(order.strategyId(), order.clientOrderId()));
        ExchangeFilters.Refusal refused = guard.filters().apply(t.order, instrument,
                prices == null ? 0 : prices.lastTradePrice(instrument.symbol()));
        if (refused != null) {
            reports.rejected(t.order, refused.reason(), refused.text());
            return;
        }
        t.askFirst = ids.derived() ? ids.inQueueAtStart() : order.eventTimeNs() < askBeforeSendingNs;
        if (!waiting.isEmpty() || !guard.budget().tryAcquire(BinanceRestGuard.WEIGHT_PLACE, 1)) {
            LOG.info("order {} waits: the rate-limit budget, a 429 back-off or a ban holds requests back", t.id());
            holdBack(t, false);
            return;
        }
        place(t, reports);
    }

    /** Asks for an order an earlier run may have sent ({@link Tracked#askFirst}), then sends it; the budget allowed it. */
    private void place(Tracked t, VenueReports reports) {
        SubmitOrder order = t.order;
        if (t.askFirst) {
            // an earlier run may have sent it before it stopped: ask first, never send twice
            BinanceOrder known;
            try {
                known = byClientId(t);
            } catch (IOException | RuntimeException e) {
                LOG.warn("order {} may have been sent by an earlier run and binance could not be asked ({}): "
                        + "left unknown, asked again at the next poll, never sent meanwhile (sent once binance "
                        + "answers that it has no such order)", t.id(), describe(e));
                unknown(t, clock.nowNs());
                return;
            }
            if (known != null && !ours(known, order.eventTimeNs())) {
                LOG.warn("order {}: binance's order {} with this client order id was created at {} ms, before "
                        + "this order's time: another session's, not adopted; sending", t.id(), known.orderId,
                        known.time);
            } else if (known != null) {
                LOG.warn("order {} is already at binance as {} ({}): adopted, not sent again", t.id(),
                        known.orderId, known.status);
                try {
                    adopt(t, known, reports);
                } catch (IOException | RuntimeException e) {
                    LOG.warn("order {}: adopted, its fills not read yet ({}): polled", t.id(), describe(e));
                }
                return;
            } else if (!earlierRunsRequestsExpired(clock.nowNs())) {
                LOG.info("order {} may have been sent by an earlier run and binance has no such order yet: asked "
                        + "again until the earlier run's request can no longer be placed, then sent", t.id());
                t.unknownSinceNs = startNs;
                t.nextAskNs = clock.nowNs() + pollIntervalNs;
                orders.put(t.id(), t);
                return;
            } else if (tooLate(t, clock.nowNs(), reports)) {
                return; // rejected: the decision engine gave up on it
            } else if (!guard.budget().tryAcquire(BinanceRestGuard.WEIGHT_PLACE - BinanceRestGuard.WEIGHT_ORDER_STATUS,
                    1)) {
                LOG.info("order {}: binance has no such order; the lookup's answer leaves the budget no room: "
                        + "waits, asked for again before it is sent", t.id());
                holdBack(t, true);
                return;
            }
        }
        send(t, reports);
    }

    /**
     * An order an earlier run may have sent ({@link Tracked#askFirst}), that Binance does not have, and that is older
     * than {@code heldBackMaxMs} (its age counted from its own {@code eventTimeNs}) is not sent: the decision engine
     * gave up on it after {@code orderTimeoutMs} and may have entered again, so sent now it would double a position.
     * It is rejected ({@code OUTCOME_UNKNOWN}: watched, an earlier run may have sent it) instead. A protective stop (a
     * reduce-only stop order) is sent however old: it can only reduce a position.
     *
     * @param nowNs the clock, UTC epoch ns
     * @return true if the order was rejected as too late (the caller sends nothing)
     */
    private boolean tooLate(Tracked t, long nowNs, VenueReports reports) {
        long ageNs = nowNs - t.order.eventTimeNs();
        if (ageNs <= heldBackMaxNs || protectiveStop(t.order)) {
            return false;
        }
        String text = "too late: the decision engine gave up on it; not placed: binance has no order " + t.id()
                + " and it is " + ageNs / 1_000_000L + " ms old after the restart, older than "
                + "order-router.binance.heldBackMaxMs " + heldBackMaxNs / 1_000_000L + " ms";
        LOG.warn("order {} {}; watched: adopted if binance places it after all", t.id(), text);
        orders.remove(t.id());
        reports.rejected(t.order, RejectReason.OUTCOME_UNKNOWN, text);
        watch(t, nowNs);
        return true;
    }

    /**
     * Puts a given-up order (rejected while Binance might still place it) on the watch list: adopted under its own
     * order if Binance shows it after all ({@link #adoptWatched}), forgotten {@value #WATCH_MS} ms later.
     */
    private void watch(Tracked t, long nowNs) {
        t.watchedSinceNs = nowNs;
        t.cancel = null; // answered with the rejection
        t.cancelWaiting = false;
        watched.remove(t.binanceId);
        watched.put(t.binanceId, t);
    }

    /**
     * Forgets the given-up orders watched longer than {@value #WATCH_MS} ms (all are looked at: those rebuilt at a
     * restart are not in time order).
     */
    private void forgetWatched(long nowNs) {
        if (watched.isEmpty()) {
            return;
        }
        for (var it = watched.values().iterator(); it.hasNext(); ) {
            Tracked t = it.next();
            if (nowNs - t.watchedSinceNs <= WATCH_MS * 1_000_000L) {
                continue;
            }
            it.remove();
            LOG.info("order {} ({}): watched {} ms since it was given up and never shown by binance: forgotten",
                    t.id(), t.binanceId, WATCH_MS);
        }
    }

    /**
     * @param binanceClientOrderId the client order id of an order Binance shows
     * @param symbol               its symbol
     * @param createdMs            when Binance created it, its clock, UTC epoch ms (Long.MIN_VALUE: unknown)
     * @return the watched order it is, or null
     */
    private Tracked watchedAs(String binanceClientOrderId, String symbol, long createdMs) {
        Tracked t = binanceClientOrderId == null ? null : watched.get(binanceClientOrderId);
        if (t == null || !BinanceAdapters.symbol(t.instrument).equals(symbol)) {
            return null;
        }
        if (!ids.derived() && createdMs != Long.MIN_VALUE
                && Math.multiplyExact(createdMs, 1_000_000L) < (t.askFirst ? t.order.eventTimeNs()
                : t.unknownSinceNs) - recvWindowNs) {
            return null; // created before ours was sent: another session's order with the same id
        }
        return t;
    }

    /**
     * Adopts a given-up order that Binance shows after all: ERROR, {@code accepted} again after its rejection (the
     * event the decision engine sees), tracked as any order from now on; its fills and end follow from the caller.
     */
    private void adoptWatched(Tracked t, long venueOrderId, String how, VenueReports reports) {
        watched.remove(t.binanceId);
        lateAdoptedCount++;
        LOG.error("order {} was given up and rejected (its outcome unknown) but binance has it after all as {} ({}): "
                + "adopted under order {}, accepted after its rejection, its fills booked; cancelled at binance if "
                + "still working", t.id(), venueOrderId, how, t.id());
        t.unknownSinceNs = Long.MIN_VALUE;
        t.askFirst = false;
        t.cancel = null;
        t.cancelWaiting = false;
        t.late = true;
        t.venueOrderId = venueOrderId;
        orders.put(t.id(), t);
        reported++;
        reconciler.published(t.symbol(), venueOrderId, t.id());
        reports.accepted(t.order, t.venueId());
    }

    /**
     * A late-adopted order ({@link #adoptWatched}) still working after its first reports: cancelled at Binance at once
     * (its rejection was published; the decision engine tracks it no more).
     */
    private void cancelIfLate(Tracked t) {
        if (t.late && orders.get(t.id()) == t && !t.cancelWaiting) {
            t.late = false; // once
            t.cancelWaiting = true;
            t.cancelRetryNs = Long.MIN_VALUE;
            health.dueAgain();
            LOG.warn("order {} adopted late is still working at binance as {}: cancelled there", t.id(),
                    t.venueOrderId);
        }
    }

    /**
     * The reconciliation met an order Binance has that the venue does not track: if it is a watched given-up order,
     * it is adopted under its own order ({@link #adoptWatched}), its fills and end read, and cancelled if it works.
     *
     * @return true if it was a watched order (adopted now)
     */
    boolean adoptIfWatched(Instrument instrument, BinanceOrder known, VenueReports reports) throws IOException {
        Tracked t = watchedAs(known.clientOrderId, BinanceAdapters.symbol(instrument), known.time);
        if (t == null) {
            return false;
        }
        adoptWatched(t, known.orderId, "found by the reconciliation, " + known.status, reports);
        refresh(t, known, reports);
        cancelIfLate(t);
        return true;
    }

    /**
     * Puts back on the watch list an order an earlier run gave up ({@code OrderRejected} {@code OUTCOME_UNKNOWN} on
     * {@code executions}, no acceptance after it), delivered again from the {@code orders} topic by the restore at
     * start, so the client order id sent to Binance is derived from its own place on the queue as when it was sent. It
     * is watched until {@value #WATCH_MS} ms after the rejection's event time, which is the order's own
     * (before its give-up: the rebuilt watch ends that much earlier than the first run's). Already older than that, it
     * is not watched again.
     *
     * @param order       the order, as on {@code orders}
     * @param instrument  its instrument
     * @param givenUpAtNs the rejection's event time, UTC epoch ns
     * @return true if it is watched now
     */
    @Override
    public boolean watchAgain(SubmitOrder order, Instrument instrument, long givenUpAtNs) {
        if (clock.nowNs() - givenUpAtNs > WATCH_MS * 1_000_000L) {
            return false;
        }
        Tracked t = new Tracked(order, instrument, ids.of(order.strategyId(), order.clientOrderId()));
        t.unknownSinceNs = givenUpAtNs;
        t.askFirst = true;
        watch(t, givenUpAtNs);
        reconciler.recoverGivenUp(givenUpAtNs);
        LOG.warn("order {} ({}) was given up by an earlier run (outcome unknown): watched again until {} ms: booked "
                + "under this order if binance places it after all", t.id(), t.binanceId,
                givenUpAtNs / 1_000_000L + WATCH_MS);
        return true;
    }

    private void send(Tracked t, VenueReports reports) {
        SubmitOrder o = t.order;
        Instrument in = t.instrument;
        OrderType type;
        TimeInForce tif = null;
        BigDecimal price = null;
        BigDecimal stop = null;
        switch (o.orderType()) {
            case MARKET -> type = OrderType.MARKET;
            case LIMIT -> {
                price = FixedPoint.toBigDecimal(o.limitPrice(), in.priceDecimals());
                if (o.postOnly()) {
                    type = OrderType.LIMIT_MAKER;
                } else {
                    type = OrderType.LIMIT;
                    tif = TimeInForce.valueOf(o.timeInForce() == null ? "GTC" : o.timeInForce().name());
                }
            }
            case STOP_LIMIT -> {
                type = OrderType.STOP_LOSS_LIMIT;
                tif = TimeInForce.GTC;
                price = FixedPoint.toBigDecimal(o.limitPrice(), in.priceDecimals());
                stop = FixedPoint.toBigDecimal(o.triggerPrice(), in.priceDecimals());
            }
            case STOP_MARKET -> {
                type = OrderType.STOP_LOSS;
                stop = FixedPoint.toBigDecimal(o.triggerPrice(), in.priceDecimals());
            }
            default -> throw new IllegalStateException("unexpected order type " + o.orderType());
        }
        t.askFirst = false; // sent by this run: from now on, Binance not having it may mean it is on its way
        if (stops.replaces(t, reports)) {
            return; // sent with the cancel of the stop it replaces
        }
        long sentNs = clock.nowNs();
        BinanceNewOrder answer;
        try {
            answer = trade.newOrder(t.pair, o.side() == Side.BUY ? OrderSide.BUY : OrderSide.SELL, type, tif,
                    FixedPoint.toBigDecimal(o.quantity(), in.sizeDecimals()), null, price, t.binanceId, stop, null,
                    null, BinanceNewOrder.NewOrderResponseType.FULL);
        } catch (BinanceException e) {
            if (outcomeUnknown(e)) {
                LOG.warn("order {}: outcome unknown ({}): left unknown, asked for by its client order id until "
                        + "known, never sent again meanwhile", t.id(), describe(e));
                unknown(t, sentNs);
            } else if (e.getHttpStatusCode() == 429 || e.getHttpStatusCode() == 418) {
                LOG.warn("order {}: not taken ({}): waits for the back-off to end", t.id(), describe(e));
                holdBack(t, true); // the budget saw the Retry-After: sent by a poll after it
            } else if (e.getCode() == -1021 && !t.resynced) {
                t.resynced = true; // not taken: the same client order id is safe to send once more
                LOG.warn("order {}: {}: clock resynchronised, sent again once", t.id(), describe(e));
                resync();
                if (resyncDue || !guard.budget().tryAcquire(BinanceRestGuard.WEIGHT_PLACE, 1)) {
                    holdBack(t, true); // sent again by a poll, after the resync, when the budget allows
                } else {
                    send(t, reports);
                }
            } else if (!stops.retry(t, e.getCode(), e.getMessage(), reports)) {
                RejectReason code = BinanceAdapters.rejectReason(e.getCode(), e.getMessage());
                reports.rejected(o, code, "binance " + e.getCode() + ": " + e.getMessage());
            }
            return;
        } catch (IOException | RuntimeException e) {
            LOG.warn("order {}: outcome unknown ({}): left unknown, asked for by its client order id until known, "
                    + "never sent again meanwhile", t.id(), describe(e));
            unknown(t, sentNs);
            return;
        }
        placed(t, answer, reports);
    }

    /** Reports a placement Binance answered: accepted, its immediate fills (FULL), its end if it ended. */
    private void placed(Tracked t, BinanceNewOrder answer, VenueReports reports) {
        t.venueOrderId = answer.orderId;
        orders.put(t.id(), t);
        reconciler.published(t.symbol(), t.venueOrderId, t.id());
        health.expect(t.key(), clock.nowNs()); // its reports show the subscription alive
        reports.accepted(t.order, t.venueId());
        List<BinanceTrade> fills = answer.fills == null ? List.of() : answer.fills;
        for (BinanceTrade f : fills) {
            report(t, tradeId(f), f.price, f.qty, f.commission, f.commissionAsset, false, answer.transactTime,
                    reports);
        }
        ended(t, answer.status, answer.executedQty, answer.transactTime * 1_000_000L, reports);
    }

    private void unknown(Tracked t, long sinceNs) {
        t.unknownSinceNs = sinceNs;
        t.nextAskNs = sinceNs + pollIntervalNs;
        unknownCount++;
        orders.put(t.id(), t);
    }

    /** Takes on an order Binance already has under our client order id: accepted, then polled. */
    private void adopt(Tracked t, BinanceOrder known, VenueReports reports) throws IOException {
        adoptedCount++;
        t.unknownSinceNs = Long.MIN_VALUE;
        t.venueOrderId = known.orderId;
        orders.put(t.id(), t);
        reported++;
        reconciler.published(t.symbol(), t.venueOrderId, t.id());
        reports.accepted(t.order, t.venueId());
        refresh(t, known, reports);
    }

    /**
     * Cancels a working order by its Binance order id; an order whose placement is still unknown is cancelled once
     * it is found.
     */
    @Override
    public boolean cancel(CancelOrder cancel, VenueReports reports) {
        Tracked t = orders.get(cancel.clientOrderId());
        if (t == null) {
            if (cancelHeldBack(cancel, reports)) {
                return true;
            }
            return stops.cancelReplaced(cancel, reports); // a stop a cancel-replace cancelled: answered from memory
        }
        t.cancel = new CancelOrder();
        MessageCopies.copy(cancel, t.cancel);
        if (t.unknownSinceNs != Long.MIN_VALUE) {
            return true; // sent once the order is known
        }
        if (replacementNotAtBinance(t)) {
            t.cancelWaiting = true; // after the stop that replaces it went out (its cancel-replace may cancel it)
            t.cancelRetryNs = Long.MIN_VALUE;
            return true;
        }
        if (!guard.budget().tryAcquire(BinanceRestGuard.WEIGHT_CANCEL, 0)) {
            t.cancelWaiting = true; // sent by a later poll
            t.cancelRetryNs = Long.MIN_VALUE;
            return true;
        }
        sendCancel(t, reports);
        return true;
    }

    /**
     * Holds an order back (the rate-limit budget, a 429's back-off, a 418 ban): it goes out on a later poll, unless
     * it is cancelled or held back too long meanwhile.
     *
     * @param first true: at the head of the queue (it was just refused, it is the oldest)
     */
    private void holdBack(Tracked t, boolean first) {
        if (t.heldSinceNs == Long.MIN_VALUE) {
            t.heldSinceNs = Math.min(clock.nowNs(), t.order.eventTimeNs());
        }
        if (first) {
            waiting.addFirst(t);
        } else {
            waiting.add(t);
        }
    }

    /**
     * A cancel of an order still held back by the rate limit ends it here: {@code OrderCanceled} with nothing filled
     * and no venue order id, and no request to Binance (which never had it). If an earlier run may have sent it
     * ({@link Tracked#askFirst}), Binance is asked for it first ({@link #askBeforeEnding}).
     *
     * @return false if no order of that client order id is held back either
     */
    private boolean cancelHeldBack(CancelOrder cancel, VenueReports reports) {
        for (java.util.Iterator<Tracked> it = waiting.iterator(); it.hasNext(); ) {
            Tracked w = it.next();
            if (w.id().equals(cancel.clientOrderId())) {
                it.remove();
                if (w.askFirst) {
                    w.cancel = new CancelOrder();
                    MessageCopies.copy(cancel, w.cancel);
                    LOG.warn("order {} cancelled while the rate limit held it back, and an earlier run may have sent "
                            + "it: asked for at binance first (adopted and cancelled there if it has it)", w.id());
                    askBeforeEnding(w);
                    return true;
                }
                LOG.info("order {} cancelled while the rate limit held it back: never sent", w.id());
                reports.canceled(w.order, null, 0, cancel.eventTimeNs());
                return true;
            }
        }
        return false;
    }

    /**
     * Rejects ({@code RATE_LIMIT}) every order held back longer than {@code heldBackMaxMs}, counted from the earlier
     * of its event time and when it was held back: the decision engine gives up on an order unanswered for {@code
     * orderTimeoutMs} and may enter again, so an order sent after that would double a position. One an earlier run may
     * have sent ({@link Tracked#askFirst}) is asked for at Binance first ({@link #askBeforeEnding}), and, absent there,
     * rejected {@code OUTCOME_UNKNOWN} and watched instead (the text names the rate limit). Protective stops
     * (reduce-only stop orders) are kept waiting: sent late they can only reduce a position, and the stop they may
     * replace keeps working until they go out.
     */
    private void expireHeldBack(long nowNs, VenueReports reports) {
        for (java.util.Iterator<Tracked> it = waiting.iterator(); it.hasNext(); ) {
            Tracked w = it.next();
            long heldNs = nowNs - w.heldSinceNs;
            if (heldNs <= heldBackMaxNs || protectiveStop(w.order)) {
                continue; // a protective stop goes out late rather than never: it can only reduce a position
            }
            it.remove();
            long blockedUntilNs = guard.budget().blockedUntilNs();
            String why = guard.budget().banned() ? "a 418 ban by binance (ends in "
                    + (blockedUntilNs - nowNs) / 1_000_000L + " ms)"
                    : blockedUntilNs > nowNs ? "a 429 back-off asked by binance (ends in "
                    + (blockedUntilNs - nowNs) / 1_000_000L + " ms)"
                    : "the request budget of binance's rate limits, near its limit";
            String text = "not sent: held back " + heldNs / 1_000_000L + " ms by " + why + ", longer than "
                    + "order-router.binance.heldBackMaxMs " + heldBackMaxNs / 1_000_000L + " ms; sent now it would "
                    + "come too late";
            if (w.askFirst) {
                w.expiredText = text;
                LOG.warn("order {} {}; an earlier run may have sent it: asked for at binance first (adopted if it "
                        + "has it, rejected if not)", w.id(), text);
                askBeforeEnding(w);
                continue;
            }
            LOG.warn("order {} {}", w.id(), text);
            reported++;
            reports.rejected(w.order, RejectReason.RATE_LIMIT, text);
        }
    }

    /**
     * An order held back that an earlier run may have sent ({@link Tracked#askFirst}) and that is to end here (its
     * cancel came, or it was held back too long): Binance is asked for it by its client order id, as an order of
     * unknown outcome, when the budget allows (not during a back-off or a ban). If Binance has it, it is adopted (and
     * its cancel sent); if not, once no request of the earlier run can be placed any more, it ends without being sent
     * ({@link #sendIfNeverPlaced}).
     */
    private void askBeforeEnding(Tracked t) {
        t.unknownSinceNs = startNs; // whatever the earlier run sent, it sent before this start
        t.nextAskNs = clock.nowNs();
        orders.put(t.id(), t);
        health.dueAgain();
    }

    /** @return true for a reduce-only stop (a protective stop, maybe replacing a working one): never expired */
    private static boolean protectiveStop(SubmitOrder order) {
        return order.reduceOnly()
                && (order.orderType() == io.aquatrade.common.OrderType.STOP_MARKET
                || order.orderType() == io.aquatrade.common.OrderType.STOP_LIMIT);
    }

    /**
     * @return true if t is a stop that a newer stop of its strategy, instrument and side replaces, and that newer stop
     * is not known to be at Binance yet (held back by the rate limit, or of unknown outcome): t's cancel waits for it,
     * whichever path would send it, so that the position is never left without a stop
     */
    private boolean replacementNotAtBinance(Tracked t) {
        boolean cancelWaiting = t.cancelWaiting;
        t.cancelWaiting = true; // its cancel is not sent yet: t still works, the stop a newer one would replace
        try {
            if (stops.replacedByWaiting(t, waiting)) {
                return true;
            }
            List<Tracked> unknown = new ArrayList<>();
            for (Tracked o : orders.values()) {
                if (o != t && o.unknownSinceNs != Long.MIN_VALUE) {
                    unknown.add(o);
                }
            }
            return !unknown.isEmpty() && stops.replacedByWaiting(t, unknown);
        } finally {
            t.cancelWaiting = cancelWaiting;
        }
    }

    /**
     * Sends t's cancel, then reads its status if the budget allows (else the next poll reads it). The cancel waits
     * (sent by a later poll) while the stop that replaces t is not at Binance ({@link #replacementNotAtBinance}). A
     * cancel refused 429 or 418, or of unknown outcome, is followed by no other request: it is sent again later
     * ({@link #cancelAgain}), and during a back-off or a ban no request leaves at all.
     */
    private void sendCancel(Tracked t, VenueReports reports) {
        if (replacementNotAtBinance(t)) {
            LOG.info("cancel of {} waits: the stop that replaces it is not at binance yet", t.id());
            t.cancelWaiting = true;
            t.cancelRetryNs = Long.MIN_VALUE;
            return;
        }
        try {
            trade.cancelOrderAllProducts(t.pair, t.venueOrderId, null, null);
        } catch (BinanceException e) {
            LOG.info("cancel of {}: binance {} ({})", t.id(), e.getCode(), e.getMessage());
            if (outcomeUnknown(e) || e.getHttpStatusCode() == 429 || e.getHttpStatusCode() == 418) {
                cancelAgain(t, describe(e));
                return; // a back-off or a ban may be in force: its status is read by a later poll
            }
            // -2011: not working any more (filled, expired, or cancelled): its end says which
            t.cancelRefused = true;
        } catch (IOException | RuntimeException e) {
            cancelAgain(t, describe(e));
            return;
        }
        if (!guard.budget().tryAcquire(BinanceRestGuard.WEIGHT_ORDER_STATUS, 0)) {
            LOG.info("order {}: status after cancel read by a later poll (rate-limit budget)", t.id());
            health.dueAgain();
            return;
        }
        try {
            refresh(t, trade.orderStatusAllProducts(t.pair, t.venueOrderId, null), reports);
        } catch (IOException | RuntimeException e) {
            LOG.warn("order {}: status after cancel unknown ({}): polled", t.id(), describe(e));
        }
    }

    /**
     * A cancel whose outcome is unknown (no answer, a 5xx, -1007) or that was not taken (429, 418): sent again
     * {@code pollIntervalMs} later (a repeated cancel is harmless: Binance answers -2011 once the order ended, and the
     * order's status says how).
     */
    private void cancelAgain(Tracked t, String why) {
        t.cancelWaiting = true;
        t.cancelRetryNs = Math.addExact(clock.nowNs(), pollIntervalNs);
        LOG.warn("cancel of {}: outcome unknown ({}): sent again in {} ms while the order works", t.id(), why,
                pollIntervalNs / 1_000_000L);
    }

    /**
     * Sends the cancels that wait (held back by the budget, or of unknown outcome) whose time came, except a stop's
     * whose replacement is not at Binance yet ({@link #replacementNotAtBinance}).
     */
    private void retryCancels(long nowNs, VenueReports reports) {
        for (Tracked t : new ArrayList<>(orders.values())) {
            if (t.cancelWaiting && t.unknownSinceNs == Long.MIN_VALUE && nowNs >= t.cancelRetryNs
                    && orders.get(t.id()) == t && !replacementNotAtBinance(t)
                    && guard.budget().tryAcquire(BinanceRestGuard.WEIGHT_CANCEL, 0)) {
                t.cancelWaiting = false;
                sendCancel(t, reports);
            }
        }
    }

    /**
     * Books the user data stream's execution reports queued since the last call, then, when {@link StreamHealth}
     * says a REST poll is due (every {@code pollIntervalMs} of the clock without a healthy stream, every {@code
     * safetyPollMs} with one, at once after a (re)subscription): unknown orders are asked for by client order id,
     * the others by the symbol's open orders and, once they left them, by their status; new fills come from
     * {@code myTrades}.
     *
     * @return answers delivered (acceptances, fills, ends), 0 if nothing new
     */
    @Override
    public int poll(VenueReports reports) {
        long nowNs = clock.nowNs();
        long before = reported;
        if (stream != null) {
            for (BinanceUserStream.ExecutionReport r; (r = stream.poll()) != null; ) {
                try {
                    streamed(r, reports);
                } catch (RuntimeException e) {
                    unbookableReports++;
                    LOG.error("execution report of binance {} ({} {}, client order id {}) could not be booked ({}): "
                            + "skipped; the order's REST poll and the reconciliation stand in",
                            new OrderKey(r.symbol(), r.orderId()), r.executionType(), r.status(), r.clientOrderId(),
                            e.toString());
                    health.dueAgain();
                }
            }
        }
        reported += stops.expire(nowNs, reports);
        expireHeldBack(nowNs, reports);
        forgetWatched(nowNs);
        reportRateLimits(nowNs, reports);
        if (guard.budget().blockedUntilNs() > nowNs) {
            return (int) Math.min(Integer.MAX_VALUE, reported - before); // a 429's back-off or a 418 ban: no request
        }
        if (resyncDue) {
            resync();
        }
        guard.refreshIfDue(nowNs);
        if (!resyncDue) {
            sendWaiting(reports);
        }
        retryCancels(nowNs, reports);
        reconciler.maybeRun(nowNs, reports);
        if (orders.isEmpty() || !health.restDue(nowNs, true)) {
            pollUnknownIfDue(nowNs, reports);
            return (int) Math.min(Integer.MAX_VALUE, reported - before);
        }
        long restFillsBefore = restFills;
        boolean complete = pollOrders(nowNs, reports);
        health.restPolled(nowNs, restFills - restFillsBefore);
        if (!complete) {
            health.dueAgain(); // the rest at the next poll the budget allows
        }
        return (int) Math.min(Integer.MAX_VALUE, reported - before);
    }

    /**
     * Reports a 429's back-off or a 418's ban met since the last poll ({@link VenueReports#rateLimited}), once per
     * poll that found new ones (a ban if any of them was a 418), so that an operator hears of it.
     */
    private void reportRateLimits(long nowNs, VenueReports reports) {
        RestBudget budget = guard.budget();
        long n418 = budget.http418();
        long n429 = budget.http429();
        if (n418 == seen418 && n429 == seen429) {
            return;
        }
        boolean ban = n418 > seen418;
        long untilNs = Math.max(nowNs, budget.blockedUntilNs());
        String until = java.time.Instant.ofEpochMilli(untilNs / 1_000_000L).toString();
        reports.rateLimited(ban, untilNs, ban ? "HTTP 418: Binance banned this IP until " + until + " (Retry-After) "
                + "after rate limits were broken; no request at all until then" : "HTTP 429 (request rate limit): "
                + (n429 - seen429) + " since the last poll; no request until " + until + " (Retry-After)", nowNs);
        seen418 = n418;
        seen429 = n429;
    }

    /**
     * Asks Binance for the orders of unknown outcome by their client order id, every {@code pollIntervalMs} of the
     * clock, whatever the stream's health: such an order's reports may not be matched to it before it is found (see
     * {@link #adoptFromStream}), and the decision engine gives up on an unanswered order after its own timeout, so
     * the safety poll's interval would be too late.
     */
    private void pollUnknownIfDue(long nowNs, VenueReports reports) {
        for (Tracked t : new ArrayList<>(orders.values())) {
            if (t.unknownSinceNs == Long.MIN_VALUE || nowNs < t.nextAskNs || !orders.containsKey(t.id())) {
                continue;
            }
            if (!guard.budget().tryAcquire(BinanceRestGuard.WEIGHT_POLL_ORDER, 0)) {
                break;
            }
            try {
                resolveUnknown(t, nowNs, reports);
            } catch (IOException | RuntimeException e) {
                LOG.warn("lookup of order {} failed ({}): tried again in {} ms", t.id(), describe(e),
                        pollIntervalNs / 1_000_000L);
                if (e instanceof BinanceException b && b.getCode() == -1021) {
                    resync();
                }
            }
        }
    }

    /**
     * Asks Binance about every tracked order now (the poll's work; also the reconciliation's first step), while the
     * rate-limit budget allows.
     *
     * @return false if the budget cut it short (the orders not asked about are asked at a later poll)
     */
    boolean pollOrders(long nowNs, VenueReports reports) {
        Map<CurrencyPair, Map<Long, BinanceOrder>> open = new HashMap<>();
        for (Tracked t : new ArrayList<>(orders.values())) {
            if (!orders.containsKey(t.id())) {
                continue; // ended during this poll
            }
            if (!guard.budget().tryAcquire(BinanceRestGuard.WEIGHT_POLL_ORDER, 0)) {
                return false;
            }
            try {
                if (t.cancelWaiting && t.unknownSinceNs == Long.MIN_VALUE && nowNs >= t.cancelRetryNs
                        && !replacementNotAtBinance(t)) {
                    t.cancelWaiting = false;
                    sendCancel(t, reports);
                    continue;
                }
                if (t.unknownSinceNs != Long.MIN_VALUE) {
                    resolveUnknown(t, nowNs, reports);
                    continue;
                }
                Map<Long, BinanceOrder> working = open.get(t.pair);
                if (working == null) {
                    working = new HashMap<>();
                    for (BinanceOrder o : trade.openOrdersAllProducts(t.pair)) {
                        working.put(o.orderId, o);
                    }
                    open.put(t.pair, working);
                }
                BinanceOrder o = working.get(t.venueOrderId);
                refresh(t, o != null ? o : trade.orderStatusAllProducts(t.pair, t.venueOrderId, null), reports);
            } catch (IOException | RuntimeException e) {
                LOG.warn("poll of order {} failed ({}): tried again at the next poll", t.id(), describe(e));
                if (e instanceof BinanceException b && b.getCode() == -1021) {
                    resync();
                }
            }
        }
        return true;
    }

    /**
     * @param weight request weight the caller is about to spend (the reconciliation's round)
     * @return true if no back-off or ban holds requests and the rate-limit budget has room for it
     */
    boolean budgetAllows(int weight) {
        return guard.budget().tryAcquire(weight, 0);
    }

    /** @return answers reported since start (acceptances, fills, ends): tells the reconciliation what a step booked */
    long reportedCount() {
        return reported;
    }

    /** @return true if an order the venue tracks went out under this client order id (its outcome maybe unknown) */
    boolean sentAs(String binanceClientOrderId) {
        for (Tracked t : orders.values()) {
            if (t.binanceId.equals(binanceClientOrderId)) {
                return true;
            }
        }
        return false;
    }

    /** @return true if this venue booked that Binance trade of that Binance order ({@link BookedTrades}) */
    boolean bookedTrade(String symbol, long venueOrderId, long tradeId) {
        return booked.contains(symbol, venueOrderId, tradeId);
    }

    /** @return true if the client order id was derived from this router's {@code orders} queue */
    boolean fromThisQueue(String binanceClientOrderId) {
        return ids.fromThisQueue(binanceClientOrderId);
    }

    /**
     * @param symbol      Binance's symbol (Binance numbers orders per symbol)
     * @param venueOrderId Binance's order id on it
     * @return true if the venue tracks the Binance order (known to be working)
     */
    boolean tracks(String symbol, long venueOrderId) {
        for (Tracked t : orders.values()) {
            if (t.venueOrderId == venueOrderId && t.unknownSinceNs == Long.MIN_VALUE && t.symbol().equals(symbol)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Takes on an order Binance has and the router never published (placed by hand, or by another program): it is
     * published under {@code order} (accepted, then its fills and end as for any order), and polled from now on.
     *
     * @param order    the order as the reconciliation made it up from Binance's (strategy {@code external})
     * @param known    Binance's order
     * @param accepted false if its acceptance is already on {@code executions} (an external order of an earlier run)
     * @param filled   what its fills on {@code executions} filled, size mantissa
     * @param tradeIds the Binance trade ids of its fills on {@code executions} (skipped, whatever their order)
     */
    void adoptExternal(SubmitOrder order, Instrument instrument, BinanceOrder known, boolean accepted, long filled,
                       Set<Long> tradeIds, VenueReports reports) throws IOException {
        Tracked t = new Tracked(order, instrument, known.clientOrderId);
        t.venueOrderId = known.orderId;
        t.cumulative = filled;
        t.tradeIds.addAll(tradeIds); // booked before a restart
        orders.put(t.id(), t);
        if (accepted) {
            reported++;
            reports.accepted(t.order, t.venueId());
        }
        refresh(t, known, reports);
    }

    /** The trade service, for the reconciliation's REST calls (on the agent thread). */
    BinanceTradeService tradeService() {
        return trade;
    }

    /** The account service, for the reconciliation's balance reads (on the agent thread). */
    BinanceAccountService accountService() {
        return account;
    }

    /** Books one execution report of the user data stream (router thread). */
    private void streamed(BinanceUserStream.ExecutionReport r, VenueReports reports) {
        health.heard(new OrderKey(r.symbol(), r.orderId()));
        Tracked t = null;
        for (Tracked candidate : orders.values()) {
            if (candidate.unknownSinceNs == Long.MIN_VALUE && candidate.venueOrderId == r.orderId()
                    && candidate.symbol().equals(r.symbol())) {
                t = candidate;
                break;
            }
        }
        if (t == null) {
            t = adoptFromStream(r, reports);
        }
        if (t == null) {
            Tracked w = watchedAs(r.clientOrderId(), r.symbol(), r.transactTimeMs());
            if (w == null) {
                w = watchedAs(r.origClientOrderId(), r.symbol(), r.transactTimeMs());
            }
            if (w != null) {
                adoptWatched(w, r.orderId(), "reported by the user data stream, " + r.executionType() + " "
                        + r.status(), reports);
                t = w;
            }
        }
        if (t == null) {
            if ("TRADE".equals(r.executionType()) && booked.contains(r.symbol(), r.orderId(), r.tradeId())) {
                streamDuplicates++; // a finished order's trade, booked already
            }
            return; // not ours, finished, or its placement not known yet (resolved over REST)
        }
        if ("TRADE".equals(r.executionType()) && r.tradeId() >= 0) {
            if (t.tradeIds.contains(r.tradeId())) {
                streamDuplicates++;
            } else {
                fromStream = true;
                try {
                    report(t, r.tradeId(), r.lastPrice(), r.lastQty(), r.commission(), r.commissionAsset(),
                            r.maker(), r.transactTimeMs(), reports);
                } finally {
                    fromStream = false;
                }
            }
        }
        long cumulative = FixedPoint.fromBigDecimal(r.cumulativeQty(), t.instrument.sizeDecimals());
        if (cumulative > t.cumulative) {
            health.gap(t.key()); // a fill the stream lost: REST brings it, and the order's end
            cancelIfLate(t);
            return;
        }
        OrderStatus status;
        try {
            status = OrderStatus.valueOf(r.status());
        } catch (IllegalArgumentException e) {
            LOG.warn("order {}: unknown status {} in the user data stream: left to REST polling", t.id(),
                    r.status());
            return;
        }
        ended(t, status, r.cumulativeQty(), Math.multiplyExact(r.transactTimeMs(), 1_000_000L), reports);
        cancelIfLate(t);
    }

    /**
     * Adopts an order of unknown outcome from a stream report carrying its client order id ({@code c}, or {@code C}
     * for a cancel's report): the report proves Binance placed it. With ids derived from the {@code orders} queue
     * the id is ours whatever the report; without, only a {@code NEW} report (the order was created just now) is
     * taken as proof, the others are left to the lookup by client order id.
     *
     * @return the order, now known (accepted reported), or null if the report is of no unknown order of ours
     */
    private Tracked adoptFromStream(BinanceUserStream.ExecutionReport r, VenueReports reports) {
        if (!ids.derived() && !"NEW".equals(r.executionType())) {
            return null;
        }
        for (Tracked t : orders.values()) {
            if (t.unknownSinceNs != Long.MIN_VALUE && t.symbol().equals(r.symbol())
                    && (t.binanceId.equals(r.clientOrderId()) || t.binanceId.equals(r.origClientOrderId()))) {
                LOG.warn("order {} of unknown outcome reported by the user data stream as {} ({} {}): adopted", t.id(),
                        r.orderId(), r.executionType(), r.status());
                adoptedCount++;
                t.unknownSinceNs = Long.MIN_VALUE;
                t.askFirst = false;
                t.venueOrderId = r.orderId();
                reported++;
                reconciler.published(t.symbol(), t.venueOrderId, t.id());
                reports.accepted(t.order, t.venueId());
                if (t.cancel != null) {
                    t.cancelWaiting = true; // the cancel asked for meanwhile goes out with the next REST poll
                    t.cancelRefused = true; // unless it cancels the order: refused if the order ends otherwise
                    health.dueAgain();
                }
                return t;
            }
        }
        return null;
    }

    /**
     * Measures the offset to Binance's clock again (after a -1021); a failure keeps the old offset. When the
     * rate-limit budget has no room it is done by a later poll ({@link #resyncDue}).
     */
    void resync() {
        if (!guard.budget().tryAcquire(BinanceRestGuard.WEIGHT_TIME, 0)) {
            resyncDue = true;
            return;
        }
        resyncDue = false;
        try {
            guard.resync();
        } catch (IOException | RuntimeException r) {
            LOG.warn("binance server time unreadable ({}): the old offset stays", describe(r));
        }
    }

    /** Sends the orders held back, oldest first, while the budget allows; a cancel asked meanwhile follows. */
    private void sendWaiting(VenueReports reports) {
        while (!waiting.isEmpty() && guard.budget().tryAcquire(BinanceRestGuard.WEIGHT_PLACE, 1)) {
            Tracked t = waiting.poll();
            long before = reported;
            reported++; // its acceptance or rejection, delivered by this poll
            place(t, reports);
            if (waiting.peekFirst() == t) {
                reported = before; // held back again (429 or 418)
                break;
            }
            if (t.cancel != null && orders.get(t.id()) == t && t.unknownSinceNs == Long.MIN_VALUE) {
                sendCancel(t, reports);
            }
        }
    }

    private void resolveUnknown(Tracked t, long nowNs, VenueReports reports) throws IOException {
        t.nextAskNs = nowNs + pollIntervalNs;
        BinanceOrder known = byClientId(t);
        if (known != null && !ours(known, t.askFirst ? t.order.eventTimeNs() : t.unknownSinceNs)) {
            known = null; // an older order of another session with the same client order id
        }
        if (known == null && t.askFirst) {
            sendIfNeverPlaced(t, nowNs, reports);
            return;
        }
        if (known != null) {
            LOG.warn("order {} of unknown outcome found at binance as {} ({}): adopted", t.id(), known.orderId,
                    known.status);
            if (t.cancel != null) {
                t.cancelRefused = true; // it may end in this adoption, before its cancel is sent: refused then
            }
            adopt(t, known, reports);
            if (t.cancel != null && orders.containsKey(t.id())) {
                sendCancel(t, reports);
            }
        } else if (nowNs - t.unknownSinceNs > unknownAskNs) {
            String text = "outcome unknown: binance has not shown order " + t.id() + " (" + t.binanceId + ") "
                    + (nowNs - t.unknownSinceNs) / 1_000_000L + " ms after it was sent, asked for every "
                    + pollIntervalNs / 1_000_000L + " ms: given up, never sent again; watched for " + WATCH_MS
                    / 1_000 / 3600 + " h: booked under this order if binance places it after all";
            LOG.warn("order {} {}", t.id(), text);
            giveUp(t, nowNs, text, reports);
        }
    }

    /**
     * Ends an order Binance does not show and that is not to be sent (again): rejected ({@code OUTCOME_UNKNOWN}, the
     * marker a restart rebuilds the watch list from: {@link #watchAgain}; its cancel, if one came, refused: nothing to
     * cancel that the venue knows of), and watched ({@link #watch}): Binance may still place it.
     */
    private void giveUp(Tracked t, long nowNs, String text, VenueReports reports) {
        orders.remove(t.id());
        reported++;
        reports.rejected(t.order, RejectReason.OUTCOME_UNKNOWN, text);
        if (t.cancel != null) {
            reports.cancelRejected(t.cancel, t.cancel.eventTimeNs());
        }
        watch(t, nowNs);
    }

    /**
     * An order an earlier run may have sent ({@link Tracked#askFirst}) that Binance does not have. One the earlier run
     * consumed and never answered ({@link #requeue}) is never sent again, a protective stop excepted: the earlier run
     * may have sent it and had no answer, and Binance's matching engine may take it later; it is rejected as too late
     * and watched. Any other is sent once no request of the earlier run can pass Binance's {@code recvWindow} check
     * any more ({@link #earlierRunsRequestsExpired}) (its cancel, if one came meanwhile, answers it instead: rejected,
     * nothing was placed); until then it is asked for again at the next poll.
     */
    private void sendIfNeverPlaced(Tracked t, long nowNs, VenueReports reports) {
        if (t.requeued && !protectiveStop(t.order)) {
            String text = "too late: consumed before the restart and never answered; binance has no order " + t.id()
                    + " (" + t.binanceId + ") but the earlier run may have sent it and had no answer, and binance may "
                    + "still place it: never sent again; watched: booked under this order if binance places it";
            LOG.warn("order {} {}", t.id(), text);
            giveUp(t, nowNs, text, reports);
            return;
        }
        if (!earlierRunsRequestsExpired(nowNs)) {
            return;
        }
        if (t.cancel != null) {
            giveUp(t, nowNs, "not placed: binance has no order " + t.id()
                    + " and its cancel came before it was sent", reports);
            return;
        }
        if (t.expiredText != null) {
            LOG.warn("order {}: binance has no order {}: {}", t.id(), t.binanceId, t.expiredText);
            giveUp(t, nowNs, t.expiredText, reports);
            return;
        }
        if (tooLate(t, nowNs, reports)) {
            reported++;
            return;
        }
        if (!guard.budget().tryAcquire(BinanceRestGuard.WEIGHT_PLACE, 1)) {
            return; // asked again, and sent, at a later poll
        }
        LOG.warn("order {}: binance has no order {} and no request of an earlier run can be placed any more: sent now",
                t.id(), t.binanceId);
        orders.remove(t.id());
        t.unknownSinceNs = Long.MIN_VALUE;
        reported++; // its acceptance or rejection, delivered by this poll
        send(t, reports);
    }

    /**
     * Binance refuses a request whose {@code timestamp} is more than {@code recvWindowMs} behind its clock when the
     * request reaches it (the check comes just before it is forwarded to the matching engine), and takes one stamped at
     * most {@value #AHEAD_MS} ms ahead of it (binance-spot-api-docs, rest-api.md, "Timing security"). A request of an
     * earlier run was stamped before this venue started, so it can no longer pass that check once {@code recvWindowMs}
     * + {@value #AHEAD_MS} ms have passed since; one that passed it and had no answer is a requeued order, never sent
     * again ({@link #sendIfNeverPlaced}).
     *
     * @param nowNs the clock, UTC epoch ns
     * @return true if no request an earlier run sent can be placed any more
     */
    private boolean earlierRunsRequestsExpired(long nowNs) {
        return nowNs - startNs > recvWindowNs + AHEAD_MS * 1_000_000L;
    }

    /** How far ahead of Binance's clock a request's timestamp may be and still be taken, ms (Binance's rule). */
    private static final long AHEAD_MS = 1000;

    /**
     * Ids derived from the {@code orders} queue ({@link ClientOrderIds}) never repeat across sessions: an order Binance
     * has under one is ours, whenever it was created. Without an {@code orders} topic, client order ids ({@code
     * <strategy>-<n>}) start again in a session on new queues, so Binance may hold an older order under ours. Ours
     * was created at or after {@code sinceNs} less {@code recvWindowMs} (the most a request's time may lag Binance's
     * clock and still be taken).
     *
     * @param known   the order Binance has under our client order id
     * @param sinceNs the order's event time, or when it was sent, UTC epoch ns
     * @return false if the id was not derived from the queue and Binance created the order before that: another
     * session's order
     */
    private boolean ours(BinanceOrder known, long sinceNs) {
        return ids.derived() || Math.multiplyExact(known.time, 1_000_000L) >= sinceNs - recvWindowNs;
    }

    /** @return the order Binance has under our client order id, or null if it has none (-2013) */
    private BinanceOrder byClientId(Tracked t) throws IOException {
        try {
            return query.orderByClientId(BinanceAdapters.symbol(t.instrument), t.binanceId, recvWindowMs,
                    trade.getTimestampFactory(), apiKey, signer);
        } catch (BinanceException e) {
            if (e.getCode() == -2013) {
                return null;
            }
            throw e;
        }
    }

    /** Reports what an order's status shows beyond what was reported: new fills (from myTrades), then its end. */
    private void refresh(Tracked t, BinanceOrder o, VenueReports reports) throws IOException {
        long executed = FixedPoint.fromBigDecimal(o.executedQty, t.instrument.sizeDecimals());
        if (executed > t.cumulative && !guard.budget().tryAcquire(BinanceRestGuard.WEIGHT_MY_TRADES, 0)) {
            LOG.info("order {}: its new fills are read by a later poll (rate-limit budget)", t.id());
            health.dueAgain(); // its end waits for them too (ended() below)
        } else if (executed > t.cumulative) {
            List<BinanceTrade> trades = new ArrayList<>(
                    trade.myTradesAllProducts(t.pair, t.venueOrderId, null, null, null, 1000));
            trades.sort(Comparator.comparingLong(BinanceAdapters::tradeId));
            for (BinanceTrade tr : trades) {
                report(t, tradeId(tr), tr.price, tr.qty, tr.commission, tr.commissionAsset, tr.isMaker, tr.time,
                        reports);
            }
        }
        ended(t, o.status, o.executedQty, clock.nowNs(), reports);
    }

    /** Reports the end of an order in a final status once all its fills are reported. */
    private void ended(Tracked t, OrderStatus status, BigDecimal executedQty, long timeNs, VenueReports reports) {
        long executed = FixedPoint.fromBigDecimal(executedQty, t.instrument.sizeDecimals());
        if (t.cumulative < executed) {
            return; // fills still to come from myTrades: the next poll
        }
        switch (status) {
            case FILLED -> orders.remove(t.id()); // its last fill said so (and was counted)
            case CANCELED -> {
                orders.remove(t.id());
                reported++;
                reports.canceled(t.order, t.venueId(), t.cumulative, t.cancel != null ? t.cancel.eventTimeNs()
                        : timeNs);
            }
            case EXPIRED, EXPIRED_IN_MATCH, REJECTED -> {
                orders.remove(t.id());
                reported++;
                reports.expired(t.order, t.venueId(), t.cumulative, "binance " + status
                        + (t.order.timeInForce() == null ? "" : " (" + t.order.timeInForce() + ")"), timeNs);
            }
            default -> {
                return; // NEW, PARTIALLY_FILLED, PENDING_CANCEL: still working
            }
        }
        if (t.cancel != null && t.cancelRefused && status != OrderStatus.CANCELED) {
            reports.cancelRejected(t.cancel, t.cancel.eventTimeNs());
        }
    }

    /**
     * One Binance trade of the order as one {@code OrderFilled}, once per (symbol, order id, trade id) whichever path
     * meets it ({@link BookedTrades}: the placement's answer, REST polls, the user data stream, the reconciliation).
     * A trade booked already for this Binance order under an earlier {@link Tracked} (an external order tracked
     * again) only counts towards this one's cumulative quantity. The numbers are converted first and the trade is
     * recorded as booked only once its fill is published: a number finer than the configured decimals (which the
     * start-up check against the filters rules out for price and quantity) books nothing, is logged at ERROR and
     * counted ({@link #unbookableFills()}), and the order's next poll meets the trade again.
     *
     * @return true if the trade was booked now or before
     */
    private boolean report(Tracked t, long tradeId, BigDecimal price, BigDecimal qty, BigDecimal commission,
                           String commissionAsset, boolean maker, long timeMs, VenueReports reports) {
        if (t.tradeIds.contains(tradeId)) {
            return true;
        }
        Instrument in = t.instrument;
        String symbol = BinanceAdapters.symbol(in);
        int quoteDecimals = aquatrade.assetDecimals(in.quote());
        long quantity;
        long fillPrice;
        long quote;
        long fee;
        try {
            quantity = FixedPoint.fromBigDecimal(qty, in.sizeDecimals());
            fillPrice = FixedPoint.fromBigDecimal(price, in.priceDecimals());
            quote = FixedPoint.fromBigDecimal(price.multiply(qty).setScale(quoteDecimals, RoundingMode.HALF_EVEN),
                    quoteDecimals);
            fee = FixedPoint.fromBigDecimal(commission, aquatrade.assetDecimals(commissionAsset));
        } catch (ArithmeticException e) {
            unbookableFills++;
            LOG.error("order {}: binance trade {} ({} at {}, commission {} {}) does not fit the configured decimals "
                    + "(instruments[{}].sizeDecimals {}, priceDecimals {}, assets.{}): not booked, met again at the "
                    + "next poll; fix the config", t.id(), tradeId, qty.stripTrailingZeros().toPlainString(),
                    price.stripTrailingZeros().toPlainString(), commission.stripTrailingZeros().toPlainString(),
                    commissionAsset, in.symbol(), in.sizeDecimals(), in.priceDecimals(),
                    commissionAsset);
            return false;
        }
        t.tradeIds.add(tradeId);
        if (booked.contains(symbol, t.venueOrderId, tradeId)) {
            t.cumulative = Math.addExact(t.cumulative, quantity); // published under this order before
            return true;
        }
        if (fromStream) {
            streamFills++;
        } else {
            restFills++;
        }
        t.cumulative = Math.addExact(t.cumulative, quantity);
        long leaves = Math.max(0, t.order.quantity() - t.cumulative);
        fill.reset();
        fill.venueOrderId(t.venueId())
                .tradeId(PREFIX + tradeId)
                .side(t.order.side())
                .fillPrice(fillPrice)
                .fillQuantity(quantity)
                .quoteQuantity(quote)
                .cumulativeQuantity(t.cumulative)
                .leavesQuantity(leaves)
                .fee(fee)
                .feeAsset(commissionAsset)
                .liquiditySide(maker ? LiquiditySide.MAKER : LiquiditySide.TAKER)
                .last(leaves == 0)
                .eventTimeNs(Math.multiplyExact(timeMs, 1_000_000L));
        reported++;
        reports.filled(t.order, fill);
        booked.add(symbol, t.venueOrderId, tradeId); // not the reconciliation's scan cursor: see Reconciler
        return true;
    }

    private static long tradeId(BinanceTrade f) {
        return BinanceAdapters.tradeId(f);
    }

    /** A 5xx, or Binance's -1007 (timeout, status unknown) and -1006 (unexpected answer, status unknown). */
    private static boolean outcomeUnknown(BinanceException e) {
        return e.getCode() == -1007 || e.getCode() == -1006 || e.getHttpStatusCode() >= 500;
    }

    static String describe(Exception e) {
        if (e instanceof BinanceException b) {
            return "binance " + b.getCode() + ": " + b.getMessage();
        }
        String status = e instanceof HttpStatusException h ? " HTTP " + h.getHttpStatusCode() : "";
        return e.getClass().getSimpleName() + status;
    }

    @Override
    public int workingOrders() {
        return orders.size() + waiting.size();
    }

    /** @return orders whose placement's outcome is not known yet */
    @Override
    public int outstandingOrders() {
        int n = waiting.size();
        for (Tracked t : orders.values()) {
            if (t.unknownSinceNs != Long.MIN_VALUE) {
                n++;
            }
        }
        return n;
    }

    /**
     * The earliest order or cancel this venue took and has not answered: held back ({@code waiting}), of unknown
     * outcome or being asked for ({@code unknownSinceNs} set), or a cancel still to be sent or of unknown outcome
     * ({@code cancelWaiting}). Allocation-free when nothing works here.
     *
     * @return its event time, UTC epoch ns; {@link Long#MAX_VALUE} when none
     */
    @Override
    public long earliestUnansweredNs() {
        if (orders.isEmpty() && waiting.isEmpty()) {
            return Long.MAX_VALUE;
        }
        long earliest = Long.MAX_VALUE;
        for (Tracked t : waiting) {
            earliest = Math.min(earliest, t.order.eventTimeNs());
        }
        for (Tracked t : orders.values()) {
            if (t.unknownSinceNs != Long.MIN_VALUE) {
                earliest = Math.min(earliest, t.order.eventTimeNs());
            }
            if (t.cancel != null && t.cancelWaiting) {
                earliest = Math.min(earliest, t.cancel.eventTimeNs());
            }
        }
        return earliest;
    }

    /** @return fills booked from the user data stream, since start */
    public long streamFills() {
        return streamFills;
    }

    /** @return fills booked from REST (placement answers and polls), since start */
    public long restFills() {
        return restFills;
    }

    /** @return execution reports the user data stream delivered, since start (0 without a stream) */
    public long streamEvents() {
        return stream == null ? 0 : stream.events();
    }

    /** @return stream trade reports of a trade already booked (sent twice, or found by REST first), since start */
    public long streamDuplicates() {
        return streamDuplicates;
    }

    /** @return times the user data stream's socket was lost or refused and opened again, since start */
    public long streamReconnects() {
        return stream == null ? 0 : stream.reconnects();
    }

    /** @return times REST polling took over from a healthy stream (down, silent, or missing a fill), since start */
    public long streamFallbacks() {
        return health.fallbacks();
    }

    /** @return successful subscriptions of the user data stream since start (0 without a stream) */
    public long streamSubscriptions() {
        return stream == null ? 0 : stream.subscriptions();
    }

    /** @return when the user data stream last received a frame, injected clock, ns; Long.MIN_VALUE if never or none */
    long streamLastHeardNs() {
        return stream == null ? Long.MIN_VALUE : stream.lastHeardNs();
    }

    /** @return subscriptions Binance ended with {@code eventStreamTerminated} since start (0 without a stream) */
    public long streamTerminations() {
        return stream == null ? 0 : stream.terminations();
    }

    /** @return true while the user data stream is subscribed */
    public boolean streamSubscribed() {
        return stream != null && stream.subscribed();
    }

    /** Closes the user data stream (its Netty thread is a daemon: also safe to leave to the JVM's end). */
    public void close() {
        if (stream != null) {
            stream.close();
        }
    }

    /** @return stops sent with the cancel of the stop they replace as one cancel-replace, since start */
    public long stopReplacements() {
        return stops.replacements();
    }

    /** @return user data stream reports that could not be booked and were skipped (ERROR), since start */
    public long unbookableReports() {
        return unbookableReports;
    }

    /** @return Binance trades not booked because a number did not fit the configured decimals, since start */
    public long unbookableFills() {
        return unbookableFills;
    }

    /** @return placements whose outcome was unknown when sent, since start */
    public long unknownCount() {
        return unknownCount;
    }

    /** @return the rate limits, clock offset and filters this venue minds */
    public BinanceRestGuard guard() {
        return guard;
    }

    /** @return given-up orders (rejected, outcome unknown) that Binance showed after all, adopted late, since start */
    public long lateAdoptedCount() {
        return lateAdoptedCount;
    }

    /** @return given-up orders watched now (adopted if Binance shows them) */
    public int watchedOrders() {
        return watched.size();
    }

    /** @return orders found at Binance under our client order id and adopted rather than sent, since start */
    public long adoptedCount() {
        return adoptedCount;
    }

    /**
     * Finishes an order accepted in an earlier run whose messages were not all written: reports, from Binance, its
     * fills in trade-id order and its end, without a second acceptance, none of its fills skipped (see the
     * overload by trade id, which the router uses: {@link #resumesByTradeId}).
     */
    @Override
    public boolean resume(SubmitOrder order, Instrument instrument, String venueOrderId, VenueReports reports) {
        return resume(order, instrument, venueOrderId, 0, Set.of(), reports);
    }

    /** Finishes orders of an earlier run by trade id: the fills written are skipped whatever order they came in. */
    @Override
    public boolean resumesByTradeId() {
        return true;
    }

    /**
     * Finishes an order accepted in an earlier run whose messages were not all written: reports, from Binance, its
     * fills in trade-id order except those of {@code tradeIds} ({@code binance-<id>}, written with all their
     * messages), then its end, without a second acceptance. What the status read cannot report now (no rate-limit
     * budget for it or for myTrades, an IO error, a 5xx or 429) a later poll reports: the order is tracked.
     */
    @Override
    public boolean resume(SubmitOrder order, Instrument instrument, String venueOrderId, long filledQuantity,
                          Set<String> tradeIds, VenueReports reports) {
        Tracked t = new Tracked(order, instrument, ids.of(order.strategyId(), order.clientOrderId()));
        t.venueOrderId = Long.parseLong(venueOrderId.substring(PREFIX.length()));
        t.cumulative = filledQuantity;
        for (String id : tradeIds) {
            if (id != null && id.startsWith(PREFIX)) {
                t.tradeIds.add(Long.parseLong(id.substring(PREFIX.length())));
            }
        }
        orders.put(t.id(), t);
        if (!guard.budget().tryAcquire(BinanceRestGuard.WEIGHT_ORDER_STATUS, 0)) {
            LOG.info("order {}: status after the restart read by a later poll (rate-limit budget)", t.id());
            health.dueAgain();
            return true;
        }
        try {
            refresh(t, trade.orderStatusAllProducts(t.pair, t.venueOrderId, null), reports);
        } catch (IOException | RuntimeException e) {
            LOG.warn("order {}: status unknown after the restart ({}): polled", t.id(), describe(e));
        }
        return true;
    }

    /**
     * Tracks again an order working at Binance when the router stopped; the trades of {@code tradeIds} ({@code
     * binance-<id>}, its fills on {@code executions}) are booked, any other trade of it is booked when a poll or the
     * stream finds it (a trade the earlier run missed too, whatever its place among them).
     */
    @Override
    public boolean restore(SubmitOrder order, Instrument instrument, String venueOrderId, long filledQuantity,
                           int fills, Set<String> tradeIds) {
        if (venueOrderId == null || !venueOrderId.startsWith(PREFIX)) {
            return false;
        }
        Tracked t = new Tracked(order, instrument, ids.of(order.strategyId(), order.clientOrderId()));
        t.venueOrderId = Long.parseLong(venueOrderId.substring(PREFIX.length()));
        t.cumulative = filledQuantity;
        for (String id : tradeIds) {
            if (id.startsWith(PREFIX)) {
                t.tradeIds.add(Long.parseLong(id.substring(PREFIX.length())));
            }
        }
        if (t.tradeIds.size() != fills) {
            LOG.warn("order {}: {} fills on executions, {} with a binance trade id", t.id(), fills, t.tradeIds.size());
        }
        orders.put(t.id(), t);
        return true;
    }

    /**
     * Takes back an order consumed from {@code orders} and never answered on {@code executions}: the earlier run sent
     * it and its outcome was unknown, or held it back (rate limit), or stopped before sending it. It is tracked as
     * unknown and asked for by its client order id (derived from its place on {@code orders}) at the next poll,
     * before anything is sent: found, it is adopted (accepted, then its fills and end); absent, it is rejected as too
     * late and watched, never sent (the earlier run may have sent it and Binance may place it late), a protective stop
     * excepted: sent once no request of the earlier run can pass Binance's recvWindow check.
     */
    @Override
    public boolean requeue(SubmitOrder order, Instrument instrument) {
        Tracked t = new Tracked(order, instrument, ids.of(order.strategyId(), order.clientOrderId()));
        t.askFirst = true;
        t.requeued = true;
        LOG.warn("order {} was consumed and never answered before the restart: asked for at binance as {} before "
                + "anything is sent", t.id(), t.binanceId);
        t.unknownSinceNs = startNs; // whatever the earlier run sent, it sent before this start
        t.nextAskNs = startNs; // at the first poll
        orders.put(t.id(), t);
        return true;
    }

    /**
     * Keeps the cancel of a requeued order: sent once Binance is found to have the order (after its adoption), or,
     * if Binance never placed it, answered with the order's rejection and a {@code CancelRejected} instead of sending
     * the order.
     */
    @Override
    public void requeueCancel(CancelOrder cancel) {
        Tracked t = orders.get(cancel.clientOrderId());
        if (t != null && t.unknownSinceNs != Long.MIN_VALUE && t.cancel == null) {
            t.cancel = new CancelOrder();
            MessageCopies.copy(cancel, t.cancel);
            LOG.warn("cancel of {} was consumed and never answered before the restart: applied once binance is asked "
                    + "for the order", t.id());
        }
    }

    /**
     * Keeps the cancel of a restored working order that {@code executions} never answered: the earlier run held it
     * (rate limit), sent it without an answer, or stopped before sending it. It is sent again by the next poll (when
     * the budget allows), whatever the earlier run did: Binance refuses it (-2011) if the order ended meanwhile, and
     * the order's end answers it ({@code OrderCanceled}, or {@code CancelRejected} if it ended otherwise).
     */
    @Override
    public void restoreCancel(CancelOrder cancel) {
        Tracked t = orders.get(cancel.clientOrderId());
        if (t != null && t.unknownSinceNs == Long.MIN_VALUE && t.cancel == null) {
            t.cancel = new CancelOrder();
            MessageCopies.copy(cancel, t.cancel);
            t.cancelWaiting = true;
            t.cancelRetryNs = Long.MIN_VALUE;
            LOG.warn("cancel of {} was consumed and never answered before the restart: sent again at the next poll",
                    t.id());
        }
    }

    /** Notes an acceptance on {@code executions} for the reconciliation (which Binance orders are known). */
    @Override
    public void recover(io.aquatrade.common.OrderAccepted accepted) {
        reconciler.recover(accepted);
    }

    /** Notes a fill on {@code executions} for the reconciliation (the last trade id booked per symbol). */
    @Override
    public void recover(OrderFilled filled) {
        reconciler.recover(filled);
    }

    /** The placement paths {@link StopReplacer} shares. */
    private final class StopHost implements StopReplacer.Host {
        @Override
        public void placed(Tracked t, BinanceNewOrder answer, VenueReports reports) {
            BinanceVenue.this.placed(t, answer, reports);
        }

        @Override
        public void unknown(Tracked t, long sentNs) {
            BinanceVenue.this.unknown(t, sentNs);
        }

        @Override
        public void send(Tracked t, VenueReports reports) {
            BinanceVenue.this.send(t, reports);
        }

        @Override
        public void refresh(Tracked t, VenueReports reports) {
            if (!guard.budget().tryAcquire(BinanceRestGuard.WEIGHT_POLL_ORDER, 0)) {
                return; // its poll reads it
            }
            try {
                BinanceVenue.this.refresh(t, trade.orderStatusAllProducts(t.pair, t.venueOrderId, null), reports);
            } catch (IOException | RuntimeException e) {
                LOG.warn("order {}: status unknown ({}): polled", t.id(), describe(e));
            }
        }

        @Override
        public boolean budgetAllows() {
            return guard.budget().tryAcquire(BinanceRestGuard.WEIGHT_PLACE, 1);
        }

        @Override
        public void hold(Tracked t) {
            waiting.addFirst(t);
        }

        @Override
        public boolean holds(String clientOrderId) {
            for (Tracked w : waiting) {
                if (w.id().equals(clientOrderId)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public void resync() {
            BinanceVenue.this.resync();
        }

        @Override
        public ExchangeFilters.Refusal filter(Tracked t) {
            return guard.filters().apply(t.order, t.instrument);
        }
    }

    /** An order at Binance, or on its way there (read and built by {@link StopReplacer} too). */
    static final class Tracked {
        final SubmitOrder order = new SubmitOrder();
        final Instrument instrument;
        final CurrencyPair pair;
        final Set<Long> tradeIds = new HashSet<>();
        long venueOrderId;
        /** Filled so far and reported, size mantissa. */
        long cumulative;
        /** When the unknown placement was sent, UTC epoch ns; Long.MIN_VALUE once known. */
        long unknownSinceNs = Long.MIN_VALUE;
        /** While unknown: when it is next asked for by its client order id, UTC epoch ns. */
        long nextAskNs;
        /** The cancel asked for, or null. */
        CancelOrder cancel;
        boolean cancelRefused;
        /** A cancel held back by the rate-limit budget, or of unknown outcome: sent by a later poll. */
        boolean cancelWaiting;
        /** Not before this time, UTC epoch ns (Long.MIN_VALUE: as soon as the budget allows). */
        long cancelRetryNs = Long.MIN_VALUE;
        /** Held back by the rate limit since, UTC epoch ns (the earlier of its event time and when held back). */
        long heldSinceNs = Long.MIN_VALUE;
        /** Sent again once after a -1021 and a clock resynchronisation. */
        boolean resynced;
        /**
         * An earlier run may have sent it (it was on {@code orders} when this router started, or consumed and never
         * answered): asked for by its client order id before it is sent; while unknown, Binance's answer that it has
         * no such order means it was never placed, and it is sent then rather than rejected.
         */
        boolean askFirst;
        /**
         * Held back longer than {@code heldBackMaxMs} while {@link #askFirst}: the rejection's text if Binance has no
         * such order (it is then never sent); null otherwise.
         */
        String expiredText;

        /** Consumed by an earlier run and never answered ({@link #requeue}): never sent again unless a protective stop. */
        boolean requeued;
        /** Given up and put on the watch list at, UTC epoch ns. */
        long watchedSinceNs;
        /** Adopted from the watch list after its rejection: cancelled at Binance if still working. */
        boolean late;

        /** The client order id sent to Binance ({@link ClientOrderIds}); ours is {@link #id()}. */
        final String binanceId;

        Tracked(SubmitOrder order, Instrument instrument, String binanceId) {
            MessageCopies.copy(order, this.order);
            this.binanceId = binanceId;
            this.instrument = instrument;
            this.pair = new CurrencyPair(instrument.base(), instrument.quote());
        }

        String id() {
            return order.clientOrderId();
        }

        String venueId() {
            return PREFIX + venueOrderId;
        }

        /** @return Binance's symbol of the order */
        String symbol() {
            return BinanceAdapters.symbol(instrument);
        }

        /** @return the order's identity at Binance (orders are numbered per symbol) */
        OrderKey key() {
            return new OrderKey(symbol(), venueOrderId);
        }
    }
}
