package io.aquatrade.router.venue.binance;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.CancelOrder;
import io.aquatrade.common.EpochClock;
import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.OrderAccepted;
import io.aquatrade.common.OrderCanceled;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.OrderRejected;
import io.aquatrade.common.OrderType;
import io.aquatrade.common.RejectReason;
import io.aquatrade.common.RestBudget;
import io.aquatrade.common.Side;
import io.aquatrade.common.SubmitOrder;
import io.aquatrade.common.TimeInForce;
import io.aquatrade.fakebinance.FakeBinanceFixture;
import io.aquatrade.fakebinance.Fill;
import io.aquatrade.fakebinance.MarketEvent;
import io.aquatrade.router.OrderRouter;
import io.aquatrade.router.RecordingExecutions;
import io.aquatrade.router.RouterConfig;
import io.aquatrade.router.TestConfigs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The binance venue (the real XChange 5.2.4 client) against fake-binance's REST faults, in-process over the shared
 * BTCUSDT capture of 2024-08-08: rate limits (429, 418, a budget near its limit), the server clock (-1021),
 * unknown outcomes after the order was taken (a dropped answer, 503, -1007), rejects (-2010, -1013), partial fills,
 * and the exchange filters. After each: no client order id placed twice, and the {@code executions} fills equal the
 * fake's (trade ids, quantities). The venue's clock and the fake's server clock are advanced by hand together.
 */
class BinanceRestGuardIT {
    private static final String KEY = "guard-it-key";
    private static final String SECRET = "guard-it-secret-7a1c";
    private static final BigDecimal RATE = new BigDecimal("0.001");
    private static final long POLL_MS = 1000;

    private FakeBinanceFixture fake;
    private final AtomicLong nowNs = new AtomicLong(1_700_000_000_000_000_000L);
    private final EpochClock clock = nowNs::get;
    private AquatradeConfig config;
    private RouterConfig routerConfig;
    private RecordingExecutions out;
    private OrderRouter router;
    private final List<String> sent = new ArrayList<>();
    private ListAppender<ILoggingEvent> logs;
    private Logger root;

    @BeforeEach
    void start() throws Exception {
        root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        fake = new FakeBinanceFixture(KEY, SECRET, Map.of("USDT", new BigDecimal("1000000"), "BTC",
                new BigDecimal("2")), RATE);
        config = TestConfigs.parse("""
                runtime: {queueDir: var/queues, sequencing: arrival}
                instruments:
                  - {symbol: BTCUSDT, base: BTC, quote: USDT, priceDecimals: 2, sizeDecimals: 5}
                assets: {BTC: 8, USDT: 8}
                order-router:
                  venue: binance
                  binance: {baseUrl: "%s", recvWindowMs: 5000, pollIntervalMs: %d, exchangeInfoRefreshS: 600,
                            wsApiUrl: none, reconcileIntervalS: 86400}
                """.formatted(fake.restUri(), POLL_MS));
        routerConfig = RouterConfig.from(config);
        out = new RecordingExecutions();
        BinanceVenueConfig venueConfig = routerConfig.binance();
        BinanceCredentials credentials = BinanceCredentials.load(venueConfig,
                Map.of(BinanceCredentials.ENV_KEY, KEY, BinanceCredentials.ENV_SECRET, SECRET));
        router = new OrderRouter(routerConfig, config, out,
                BinanceVenue.factory(venueConfig, credentials, config, clock));
        router.start();
    }

    @AfterEach
    void stop() {
        venue().guard().close();
        fake.close();
        root.detachAppender(logs);
    }

    private BinanceVenue venue() {
        return (BinanceVenue) router.venue();
    }

    private void submit(String id, Side side, OrderType type, TimeInForce tif, String qty, BigDecimal limit) {
        SubmitOrder o = new SubmitOrder().clientOrderId(id).strategyId("s").instrument("BTCUSDT").side(side)
                .orderType(type).timeInForce(tif).quantity(size(new BigDecimal(qty))).reason("signal")
                .eventTimeNs(nowNs.incrementAndGet() + 10_000_000_000L);
        if (limit != null) {
            o.limitPrice(price(limit));
        }
        sent.add(id);
        router.submitOrder(o);
    }

    private void marketBuy(String id, String qty) {
        submit(id, Side.BUY, OrderType.MARKET, TimeInForce.IOC, qty, null);
    }

    private static long size(BigDecimal qty) {
        return FixedPoint.fromBigDecimal(qty, 5);
    }

    private static long price(BigDecimal p) {
        return FixedPoint.fromBigDecimal(p.setScale(2, RoundingMode.UNNECESSARY), 2);
    }

    /** Time passes for the venue and for the fake alike; then the venue polls. */
    private void elapseAndPoll(long ms) {
        nowNs.addAndGet(ms * 1_000_000L);
        fake.elapseMs(ms);
        router.pollVenue();
    }

    /** No client order id placed twice; the executions' fills are the fake's, trade by trade. */
    private void assertNoDuplicateAndFillsAsTheFakes() {
        for (String id : sent) {
            assertThat(fake.ordersWithClientId(id)).as(id).isLessThanOrEqualTo(1);
        }
        List<OrderFilled> fills = out.of(OrderFilled.class);
        Set<String> fakeIds = new HashSet<>();
        BigDecimal fakeQty = BigDecimal.ZERO;
        for (Fill f : fake.fills()) {
            fakeIds.add("binance-" + f.id());
            fakeQty = fakeQty.add(f.qty());
        }
        assertThat(fills).extracting(OrderFilled::tradeId).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(fakeIds);
        assertThat(fills.stream().mapToLong(OrderFilled::fillQuantity).sum()).isEqualTo(size(fakeQty));
    }

    @Test
    void a429HoldsTheOrderBackForRetryAfterThenSendsItOnce() {
        fake.fault("http429", "1");
        long before = fake.restFaults().requests();
        marketBuy("s-1", "0.001");
        assertThat(out.of(OrderAccepted.class)).isEmpty();
        assertThat(fake.ordersWithClientId("s-1")).isZero();
        assertThat(venue().guard().budget().http429()).isEqualTo(1);
        assertThat(venue().workingOrders()).isEqualTo(1);
        // half the Retry-After: nothing goes out; the back-off is on executions for operators
        elapseAndPoll(500);
        assertThat(out.of(io.aquatrade.common.RateLimitStatus.class)).singleElement().satisfies(r -> {
            assertThat(r.ban()).isFalse();
            assertThat(r.reason()).startsWith("HTTP 429");
            assertThat(r.untilNs()).isGreaterThan(r.eventTimeNs());
        });
        assertThat(fake.restFaults().requests()).isEqualTo(before + 1);
        assertThat(fake.ordersWithClientId("s-1")).isZero();
        // Retry-After (1 s) passed: sent, taken, filled, and no ban earned
        elapseAndPoll(500);
        assertThat(fake.ordersWithClientId("s-1")).isEqualTo(1);
        assertThat(out.of(OrderAccepted.class)).singleElement().extracting(OrderAccepted::clientOrderId)
                .isEqualTo("s-1");
        assertThat(out.of(OrderFilled.class)).hasSize(1);
        assertThat(fake.restFaults().refusedDuringBan()).isZero();
        assertThat(venue().guard().budget().http418()).isZero();
        assertNoDuplicateAndFillsAsTheFakes();
    }

    /**
     * Issue 9: an order the rate limit holds back is a request the venue may still answer: reported unanswered at its
     * event time ({@link BinanceVenue#earliestUnansweredNs()}; the router holds its market-data promise there, so the
     * decision engine does not give the order up) until it goes out and Binance answers it.
     */
    @Test
    void anOrderHeldBackIsUnansweredUntilItGoesOut() {
        fake.fault("http429", "1");
        long timeNs = nowNs.get() + 1 + 10_000_000_000L; // the order's event time, as submit stamps it
        marketBuy("s-1", "0.001");
        assertThat(fake.ordersWithClientId("s-1")).isZero();
        assertThat(venue().earliestUnansweredNs()).isEqualTo(timeNs);
        elapseAndPoll(500); // within the Retry-After: still held
        assertThat(venue().earliestUnansweredNs()).isEqualTo(timeNs);
        elapseAndPoll(500);
        assertThat(out.of(OrderAccepted.class)).extracting(OrderAccepted::clientOrderId).containsExactly("s-1");
        assertThat(venue().earliestUnansweredNs()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void a418BanStopsEveryRequestUntilItEndsAndRaisesAnAlert() {
        fake.fault("http418", "3");
        marketBuy("s-1", "0.001");
        assertThat(venue().guard().budget().banned()).isTrue();
        assertThat(logs.list).anySatisfy(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.ERROR);
            assertThat(e.getMarkerList()).contains(RestBudget.ALERT);
            assertThat(e.getFormattedMessage()).contains("418");
        });
        long requests = fake.restFaults().requests();
        marketBuy("s-2", "0.001");
        for (int i = 0; i < 5; i++) {
            elapseAndPoll(500);
        }
        assertThat(fake.restFaults().requests()).as("no request during the ban").isEqualTo(requests);
        assertThat(out.of(OrderAccepted.class)).isEmpty();
        // the ban is an event on executions (the notifier's alert), once, until the ban's end (3 s Retry-After)
        assertThat(out.of(io.aquatrade.common.RateLimitStatus.class)).singleElement().satisfies(r -> {
            assertThat(r.ban()).isTrue();
            assertThat(r.reason()).startsWith("HTTP 418: Binance banned this IP until");
            assertThat(r.untilNs() - r.eventTimeNs()).isBetween(1L, 3_000_000_000L);
        });
        elapseAndPoll(600); // 3.1 s: the ban is over
        assertThat(out.of(OrderAccepted.class)).extracting(OrderAccepted::clientOrderId)
                .containsExactly("s-1", "s-2");
        assertThat(fake.restFaults().refusedDuringBan()).isEqualTo(1);
        assertNoDuplicateAndFillsAsTheFakes();
    }

    @Test
    void exchangeInfoIsReadAgainEveryExchangeInfoRefreshS() {
        elapseAndPoll(1); // the first poll's reconciliation round
        long requests = fake.restFaults().requests();
        elapseAndPoll(599_000);
        assertThat(fake.restFaults().requests()).isEqualTo(requests);
        elapseAndPoll(1_000); // 600 s after start: exchangeInfo, and nothing else (no order works)
        assertThat(fake.restFaults().requests()).isEqualTo(requests + 1);
        assertThat(venue().guard().budget().limits()).extracting(RestBudget.Limit::limit)
                .containsExactly(6000L, 100L, 200000L);
        assertThat(venue().guard().filters().knows("BTCUSDT")).isTrue();
        elapseAndPoll(1_000);
        assertThat(fake.restFaults().requests()).isEqualTo(requests + 1);
    }

    @Test
    void aCancelOfAnOrderHeldBackByABanEndsItHereAndItIsNeverSent() {
        fake.fault("http418", "2");
        BigDecimal below = fake.book().bid().subtract(new BigDecimal("100"));
        submit("s-1", Side.BUY, OrderType.LIMIT, TimeInForce.GTC, "0.001", below);
        assertThat(venue().guard().budget().banned()).isTrue();
        long requests = fake.restFaults().requests();
        long cancelAtNs = nowNs.incrementAndGet();
        router.cancelOrder(new CancelOrder().clientOrderId("s-1").strategyId("s")
                .instrument("BTCUSDT").reason("test").eventTimeNs(cancelAtNs));
        // ended at once, here: nothing filled, no venue order id, no request
        assertThat(out.of(OrderCanceled.class)).singleElement().satisfies(c -> {
            assertThat(c.clientOrderId()).isEqualTo("s-1");
            assertThat(c.cumulativeQuantity()).isZero();
            assertThat(c.venueOrderId()).isNull();
            assertThat(c.eventTimeNs()).isEqualTo(cancelAtNs);
        });
        assertThat(venue().workingOrders()).isZero();
        assertThat(fake.restFaults().requests()).isEqualTo(requests);
        elapseAndPoll(1000);
        elapseAndPoll(1100); // the ban is over: the order does not go out after all
        assertThat(fake.ordersWithClientId("s-1")).isZero();
        assertThat(out.of(OrderAccepted.class)).isEmpty();
        assertThat(out.of(OrderCanceled.class)).hasSize(1);
    }

    @Test
    void aCancelRefused429IsFollowedByNoRequestUntilTheBackOffEndsThenSentAgain() {
        BigDecimal below = fake.book().bid().subtract(new BigDecimal("100"));
        submit("s-1", Side.BUY, OrderType.LIMIT, TimeInForce.GTC, "0.001", below);
        assertThat(fake.statusOf("s-1")).isEqualTo("NEW");
        fake.fault("http429", "1");
        long requests = fake.restFaults().requests();
        router.cancelOrder(new CancelOrder().clientOrderId("s-1").strategyId("s")
                .instrument("BTCUSDT").reason("test").eventTimeNs(nowNs.incrementAndGet()));
        assertThat(venue().guard().budget().http429()).isEqualTo(1);
        assertThat(fake.restFaults().requests()).as("the cancel, and no status read after its 429")
                .isEqualTo(requests + 1);
        elapseAndPoll(500);
        assertThat(fake.restFaults().requests()).as("nothing during the back-off").isEqualTo(requests + 1);
        assertThat(fake.statusOf("s-1")).isEqualTo("NEW");
        assertThat(out.of(OrderCanceled.class)).isEmpty();
        elapseAndPoll(500); // Retry-After (1 s) passed: the cancel goes again, and no ban earned
        assertThat(fake.statusOf("s-1")).isEqualTo("CANCELED");
        assertThat(out.of(OrderCanceled.class)).singleElement().extracting(OrderCanceled::clientOrderId)
                .isEqualTo("s-1");
        assertThat(venue().guard().budget().http418()).isZero();
        assertThat(fake.restFaults().refusedDuringBan()).isZero();
    }

    @Test
    void aCancelRefused418IsFollowedByNoRequestUntilTheBanEndsThenSentAgain() {
        BigDecimal below = fake.book().bid().subtract(new BigDecimal("100"));
        submit("s-1", Side.BUY, OrderType.LIMIT, TimeInForce.GTC, "0.001", below);
        fake.fault("http418", "2");
        long requests = fake.restFaults().requests();
        router.cancelOrder(new CancelOrder().clientOrderId("s-1").strategyId("s")
                .instrument("BTCUSDT").reason("test").eventTimeNs(nowNs.incrementAndGet()));
        assertThat(venue().guard().budget().banned()).isTrue();
        for (int i = 0; i < 3; i++) {
            elapseAndPoll(500);
        }
        assertThat(fake.restFaults().requests()).as("the cancel only: nothing after it during the ban")
                .isEqualTo(requests + 1);
        assertThat(fake.restFaults().refusedDuringBan()).as("the cancel itself").isEqualTo(1);
        assertThat(fake.statusOf("s-1")).isEqualTo("NEW");
        elapseAndPoll(600); // 2.1 s: the ban is over
        assertThat(fake.statusOf("s-1")).isEqualTo("CANCELED");
        assertThat(out.of(OrderCanceled.class)).singleElement().extracting(OrderCanceled::clientOrderId)
                .isEqualTo("s-1");
        assertThat(fake.restFaults().refusedDuringBan()).isEqualTo(1);
    }

    /**
     * The cancel's own answer shows the minute's weight too near its limit for the status read (4) that follows it:
     * that read waits for a later poll, which reports the end.
     */
    @Test
    void theStatusReadAfterACancelAsksTheBudgetAndWaitsForALaterPollWithoutRoom() throws Exception {
        BigDecimal below = fake.book().bid().subtract(new BigDecimal("100"));
        submit("s-1", Side.BUY, OrderType.LIMIT, TimeInForce.GTC, "0.001", below);
        long intoMinuteMs = (System.currentTimeMillis() + venue().guard().serverClock().offsetMs()) % 60_000L;
        if (intoMinuteMs > 45_000) { // start the fake's minute afresh, so that it does not end while this test runs
            fake.elapseMs(60_000 - intoMinuteMs + 100);
            venue().guard().resync();
        }
        // another process of this IP used the minute's weight up to 5396 (the fake counts per server)
        HttpClient http = HttpClient.newHttpClient();
        long used = 0;
        while (used < 5396) {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(fake.restUri()
                    + (used < 5370 ? "/api/v3/exchangeInfo" : "/api/v3/ping"))).build(),
                    HttpResponse.BodyHandlers.discarding());
            used = Long.parseLong(r.headers().firstValue("X-MBX-USED-WEIGHT-1M").orElseThrow());
        }
        assertThat(used).isLessThanOrEqualTo(5399);
        long requests = fake.restFaults().requests();
        router.cancelOrder(new CancelOrder().clientOrderId("s-1").strategyId("s")
                .instrument("BTCUSDT").reason("test").eventTimeNs(nowNs.incrementAndGet()));
        // the cancel (weight 1) left 5397 + 4 > 90 % of 6000: no status read
        assertThat(fake.statusOf("s-1")).isEqualTo("CANCELED");
        assertThat(fake.restFaults().requests()).isEqualTo(requests + 1);
        assertThat(out.of(OrderCanceled.class)).isEmpty();
        elapseAndPoll(60_000); // the next minute: the poll reads it
        assertThat(out.of(OrderCanceled.class)).singleElement().extracting(OrderCanceled::clientOrderId)
                .isEqualTo("s-1");
        assertThat(venue().guard().budget().http429()).isZero();
        assertThat(venue().workingOrders()).isZero();
    }

    @Test
    void anOrderHeldBackLongerThanHeldBackMaxMsIsRejectedForTheRateLimitAndNeverSent() {
        assertThat(routerConfig.binance().heldBackMaxMs()).isEqualTo(20_000);
        fake.fault("http418", "60"); // a ban of 60 s, longer than the decision engine waits for an answer
        marketBuy("s-1", "0.001");
        assertThat(venue().guard().budget().banned()).isTrue();
        elapseAndPoll(5_000);
        marketBuy("s-2", "0.001"); // held back 5 s after s-1
        elapseAndPoll(14_999); // s-1 held back just under 20 s: not longer than the bound yet
        assertThat(out.of(OrderRejected.class)).isEmpty();
        elapseAndPoll(2);
        assertThat(out.of(OrderRejected.class)).singleElement().satisfies(r -> {
            assertThat(r.clientOrderId()).isEqualTo("s-1");
            assertThat(r.reasonCode()).isEqualTo(RejectReason.RATE_LIMIT);
            assertThat(r.reason()).contains("held back 20001 ms by a 418 ban")
                    .contains("order-router.binance.heldBackMaxMs 20000 ms");
        });
        elapseAndPoll(5_000);
        assertThat(out.of(OrderRejected.class)).extracting(OrderRejected::clientOrderId)
                .containsExactly("s-1", "s-2");
        assertThat(venue().workingOrders()).isZero();
        elapseAndPoll(40_000); // the ban is over: neither goes out late
        assertThat(fake.ordersWithClientId("s-1")).isZero();
        assertThat(fake.ordersWithClientId("s-2")).isZero();
        assertThat(out.of(OrderAccepted.class)).isEmpty();
    }

    @Test
    void aBudgetNearItsLimitDefersRequestsAndNoneIsRefusedWith429() throws Exception {
        long intoMinuteMs = (System.currentTimeMillis() + venue().guard().serverClock().offsetMs()) % 60_000L;
        if (intoMinuteMs > 45_000) { // start the fake's minute afresh, so that it does not end while this test runs
            fake.elapseMs(60_000 - intoMinuteMs + 100);
            venue().guard().resync();
        }
        // another process of this IP used most of the minute's weight (the fake counts per server)
        HttpClient http = HttpClient.newHttpClient();
        long used = 0;
        while (used < 5395) {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(fake.restUri()
                    + (used < 5370 ? "/api/v3/exchangeInfo" : "/api/v3/ping"))).build(),
                    HttpResponse.BodyHandlers.discarding());
            used = Long.parseLong(r.headers().firstValue("X-MBX-USED-WEIGHT-1M").orElseThrow());
        }
        marketBuy("s-1", "0.001"); // its answer tells the venue the minute's use: within 5 of 90 % of 6000
        assertThat(fake.ordersWithClientId("s-1")).isEqualTo(1);
        long seen = venue().guard().budget().used(RestBudget.Kind.REQUEST_WEIGHT, "1M");
        assertThat(seen).isGreaterThan(5395);
        marketBuy("s-2", "0.001");
        assertThat(fake.ordersWithClientId("s-2")).as("deferred").isZero();
        assertThat(venue().guard().budget().deferred()).isPositive();
        // the next minute, the venue's and the fake's: the budget is fresh, but s-2 waited longer than
        // heldBackMaxMs: rejected, never sent late; a new order goes
        elapseAndPoll(60_000);
        assertThat(fake.ordersWithClientId("s-2")).isZero();
        assertThat(out.of(OrderRejected.class)).singleElement().satisfies(r -> {
            assertThat(r.clientOrderId()).isEqualTo("s-2");
            assertThat(r.reasonCode()).isEqualTo(RejectReason.RATE_LIMIT);
            assertThat(r.reason()).contains("the request budget of binance's rate limits, near its limit");
        });
        sent.remove("s-2");
        marketBuy("s-3", "0.001");
        assertThat(fake.ordersWithClientId("s-3")).isEqualTo(1);
        assertThat(venue().guard().budget().http429()).isZero();
        assertNoDuplicateAndFillsAsTheFakes();
    }

    @Test
    void aClockSkewGivesOneMinus1021ThenAResyncAndTheOrderGoesOnce() {
        long syncs = venue().guard().serverClock().syncs();
        fake.fault("clockSkewMs", "20000"); // Binance's clock 20 s ahead of the machine's: stamps look stale
        marketBuy("s-1", "0.001");
        assertThat(venue().guard().serverClock().syncs()).isEqualTo(syncs + 1);
        assertThat(venue().guard().serverClock().offsetMs()).isBetween(19_000L, 21_000L);
        assertThat(logs.list).filteredOn(e -> e.getLoggerName().equals(BinanceVenue.class.getName())
                && e.getFormattedMessage().contains("-1021")).hasSize(1);
        assertThat(out.of(OrderAccepted.class)).hasSize(1);
        assertThat(fake.ordersWithClientId("s-1")).isEqualTo(1);
        assertNoDuplicateAndFillsAsTheFakes();
    }

    @Test
    void anAnswerLostAfterTheTakeLeavesTheOrderUnknownUntilFoundAndItIsNeverSentAgain() {
        fake.fault("timeoutAfterTake", "1");
        fake.fault("http5xxAfterTake", "2");
        marketBuy("s-1", "0.001"); // connection closed with no answer
        marketBuy("s-2", "0.001"); // 503, no body
        marketBuy("s-3", "0.001"); // 500 -1007
        assertThat(out.of(OrderAccepted.class)).isEmpty();
        assertThat(venue().outstandingOrders()).isEqualTo(3);
        assertThat(venue().unknownCount()).isEqualTo(3);
        elapseAndPoll(POLL_MS);
        assertThat(out.of(OrderAccepted.class)).extracting(OrderAccepted::clientOrderId)
                .containsExactly("s-1", "s-2", "s-3");
        assertThat(venue().adoptedCount()).isEqualTo(3);
        for (String id : List.of("s-1", "s-2", "s-3")) {
            assertThat(fake.ordersWithClientId(id)).isEqualTo(1);
        }
        assertThat(out.of(OrderFilled.class)).hasSize(3);
        assertNoDuplicateAndFillsAsTheFakes();
    }

    @Test
    void rejects2010And1013AreOrderRejectedWithTheirReasons() {
        fake.fault("reject2010", "1");
        fake.fault("reject1013", "1");
        marketBuy("s-1", "0.001");
        marketBuy("s-2", "0.001");
        assertThat(out.of(OrderRejected.class)).extracting(OrderRejected::reasonCode)
                .containsExactly(RejectReason.INSUFFICIENT_BALANCE, RejectReason.MIN_NOTIONAL);
        assertThat(fake.ordersWithClientId("s-1")).isZero();
        marketBuy("s-3", "0.001");
        assertThat(out.of(OrderAccepted.class)).hasSize(1);
        assertNoDuplicateAndFillsAsTheFakes();
    }

    @Test
    void aTakerFilledInThreeTradesIsThreeFillsWithCumulativeAndLeaves() {
        MarketEvent.Quote book = fake.book();
        assertThat(book.askQuantity()).isGreaterThanOrEqualTo(new BigDecimal("0.003"));
        fake.fault("partialFills", "3");
        marketBuy("s-1", "0.003");
        List<OrderFilled> fills = out.of(OrderFilled.class);
        assertThat(fills).extracting(OrderFilled::fillQuantity).containsExactly(100L, 100L, 100L);
        assertThat(fills).extracting(OrderFilled::cumulativeQuantity).containsExactly(100L, 200L, 300L);
        assertThat(fills).extracting(OrderFilled::leavesQuantity).containsExactly(200L, 100L, 0L);
        assertThat(fills).extracting(OrderFilled::last).containsExactly(false, false, true);
        assertThat(fills).allSatisfy(f -> assertThat(f.fillPrice()).isEqualTo(price(book.ask())));
        assertThat(venue().workingOrders()).isZero();
        assertNoDuplicateAndFillsAsTheFakes();
    }

    @Test
    void ordersBreakingAFilterAreRejectedNamingItAndNothingReachesTheFake() {
        BigDecimal bid = fake.book().bid();
        long requests = fake.restFaults().requests();
        // LOT_SIZE: above maxQty 9000000
        submit("s-1", Side.SELL, OrderType.LIMIT, TimeInForce.GTC, "9000001", bid);
        // NOTIONAL: 0.00001 BTC at the bid is far below 5 USDT
        submit("s-2", Side.BUY, OrderType.LIMIT, TimeInForce.GTC, "0.00001", bid);
        // PRICE_FILTER: above maxPrice 10000000
        submit("s-3", Side.SELL, OrderType.LIMIT, TimeInForce.GTC, "0.001", new BigDecimal("20000000.00"));
        List<OrderRejected> rejected = out.of(OrderRejected.class);
        assertThat(rejected).extracting(OrderRejected::reasonCode)
                .containsExactly(RejectReason.LOT_SIZE, RejectReason.MIN_NOTIONAL, RejectReason.PRICE_FILTER);
        assertThat(rejected.get(0).reason()).startsWith("LOT_SIZE");
        assertThat(rejected.get(1).reason()).startsWith("NOTIONAL");
        assertThat(rejected.get(2).reason()).startsWith("PRICE_FILTER");
        assertThat(fake.restFaults().requests()).as("no round trip").isEqualTo(requests);
        for (String id : sent) {
            assertThat(fake.ordersWithClientId(id)).isZero();
        }
    }
}
