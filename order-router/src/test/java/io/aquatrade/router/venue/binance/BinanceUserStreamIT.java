package io.aquatrade.router.venue.binance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.EpochClock;
import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.LiquiditySide;
import io.aquatrade.common.OrderAccepted;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.OrderType;
import io.aquatrade.common.Side;
import io.aquatrade.common.SubmitOrder;
import io.aquatrade.common.TimeInForce;
import io.aquatrade.fakebinance.FakeBinanceFixture;
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
 * The binance venue's user data stream ({@link BinanceUserStream}, the real Netty client) against fake-binance's
 * WebSocket API, in-process on a free port over the shared BTCUSDT capture of 2024-08-08, moved by hand; REST through
 * the real XChange client. Faults are set through the fake's {@code POST /fake/fault}. Expected fills are worked out
 * here from the recorded trades (a resting buy fills, at its limit, on each trade strictly below it), and after each
 * scenario the {@code executions} seen must equal {@code GET /fake/state}'s fills within 5 s. The venue's clock is
 * advanced by hand: by {@link #POLL_MS} for a REST poll, by {@link #SAFETY_MS} for a safety poll, not at all to only
 * drain the stream.
 */
class BinanceUserStreamIT {
    private static final String KEY = "stream-it-key";
    private static final String SECRET = "stream-it-secret-8d1c44e0b2a9";
    private static final BigDecimal RATE = new BigDecimal("0.001");
    private static final long POLL_MS = 1000;
    private static final long SAFETY_MS = 20_000;
    /** Far beyond the clock jumps of these tests: silence is caught by the safety poll here, not by the clock. */
    private static final long SILENCE_MS = 3_600_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private FakeBinanceFixture fake;
    private final AtomicLong nowNs = new AtomicLong(1_700_000_000_000_000_000L);
    private final EpochClock clock = nowNs::get;
    private AquatradeConfig config;
    private RouterConfig routerConfig;
    private RecordingExecutions out;
    private OrderRouter router;
    private BinanceVenue venue;
    private ListAppender<ILoggingEvent> logs;
    private Logger root;
    private Level rootLevel;

    @BeforeEach
    void start() throws Exception {
        root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        rootLevel = root.getLevel();
        logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        fake = new FakeBinanceFixture(KEY, SECRET, Map.of("USDT", new BigDecimal("1000000"), "BTC",
                new BigDecimal("2")), RATE);
    }

    private void startRouter(String wsApiUri) {
        startRouter(wsApiUri, SAFETY_MS, SILENCE_MS);
    }

    private void startRouter(String wsApiUri, long safetyMs, long silenceMs) {
        startRouter(wsApiUri, safetyMs, silenceMs, """
                instruments:
                  - {symbol: BTCUSDT, base: BTC, quote: USDT, priceDecimals: 2, sizeDecimals: 5}
                assets: {BTC: 8, USDT: 8}
                """);
    }

    /** @param instruments the config's {@code instruments} and {@code assets} sections */
    private void startRouter(String wsApiUri, long safetyMs, long silenceMs, String instruments) {
        config = TestConfigs.parse("""
                runtime: {queueDir: var/queues, sequencing: arrival}
                %s
                order-router:
                  venue: binance
                  binance: {baseUrl: "%s", recvWindowMs: 5000, pollIntervalMs: %d, wsApiUrl: "%s",
                            safetyPollMs: %d, streamSilenceMs: %d}
                """.formatted(instruments.strip(), fake.restUri(), POLL_MS, wsApiUri, safetyMs, silenceMs));
        routerConfig = RouterConfig.from(config);
        out = new RecordingExecutions();
        BinanceCredentials credentials = BinanceCredentials.load(routerConfig.binance(),
                Map.of(BinanceCredentials.ENV_KEY, KEY, BinanceCredentials.ENV_SECRET, SECRET));
        router = new OrderRouter(routerConfig, config, out,
                BinanceVenue.factory(routerConfig.binance(), credentials, config, clock));
        router.start();
        venue = (BinanceVenue) router.venue();
    }

    private void startSubscribed() {
        startRouter(fake.wsApiUri());
        await().atMost(Duration.ofSeconds(10)).until(venue::streamSubscribed);
    }

    @AfterEach
    void stop() {
        if (venue != null) {
            venue.close();
        }
        fake.close();
        root.detachAppender(logs);
        root.setLevel(rootLevel);
    }

    /** A resting buy below the market and, worked out from the recording, the fills it will get. */
    private final class RestingBuy {
        final BigDecimal qty = new BigDecimal("0.05");
        final BigDecimal limit;
        /** Expected fill quantities, in order, and the index of the recorded trade of each. */
        final List<BigDecimal> fills = new ArrayList<>();
        final List<Integer> at = new ArrayList<>();

        RestingBuy() {
            List<MarketEvent> events = fake.events();
            BigDecimal lowest = null;
            for (int i = fake.cursor(); i < events.size(); i++) {
                MarketEvent e = events.get(i);
                if (e.trade() != null && (lowest == null || e.trade().price().compareTo(lowest) < 0)) {
                    lowest = e.trade().price();
                }
            }
            limit = lowest.add(new BigDecimal("5.00"));
            BigDecimal left = qty;
            for (int i = fake.cursor(); i < events.size() && left.signum() > 0; i++) {
                MarketEvent e = events.get(i);
                if (e.trade() != null && e.trade().price().compareTo(limit) < 0) {
                    BigDecimal q = left.min(e.trade().quantity());
                    fills.add(q);
                    at.add(i);
                    left = left.subtract(q);
                }
            }
            assertThat(fills).hasSizeGreaterThan(2);
            assertThat(limit).isLessThan(fake.book().bid());
        }

        SubmitOrder order(String id) {
            return new SubmitOrder().clientOrderId(id).strategyId("s").instrument("BTCUSDT").side(Side.BUY)
                    .orderType(OrderType.LIMIT).timeInForce(TimeInForce.GTC).quantity(size(qty))
                    .limitPrice(FixedPoint.fromBigDecimal(limit, 2)).reason("signal")
                    .eventTimeNs(nowNs.incrementAndGet() + 10_000_000_000L);
        }

        /** Checks the booked fills against the oracle: quantities in order, at the limit, maker, fee in BTC. */
        void assertBooked() {
            List<OrderFilled> booked = out.of(OrderFilled.class);
            assertThat(booked).extracting(OrderFilled::fillQuantity)
                    .containsExactlyElementsOf(fills.stream().map(BinanceUserStreamIT::size).toList());
            BigDecimal cumulative = BigDecimal.ZERO;
            for (OrderFilled f : booked) {
                BigDecimal q = FixedPoint.toBigDecimal(f.fillQuantity(), 5);
                cumulative = cumulative.add(q);
                assertThat(f.fillPrice()).isEqualTo(FixedPoint.fromBigDecimal(limit, 2));
                assertThat(f.cumulativeQuantity()).isEqualTo(size(cumulative));
                assertThat(f.leavesQuantity()).isEqualTo(size(qty.subtract(cumulative)));
                assertThat(f.liquiditySide()).isEqualTo(LiquiditySide.MAKER);
                assertThat(f.fee()).isEqualTo(FixedPoint.fromBigDecimal(q.multiply(RATE)
                        .setScale(8, RoundingMode.HALF_UP), 8));
                assertThat(f.feeAsset()).isEqualTo("BTC");
            }
        }
    }

    private static long size(BigDecimal qty) {
        return FixedPoint.fromBigDecimal(qty, 5);
    }

    /** Lets the venue drain its stream without a REST poll falling due (the clock does not move). */
    private void drain() {
        router.pollVenue();
    }

    /** Advances the venue's clock by {@code ms} and lets it poll. */
    private void pollAfter(long ms) {
        nowNs.addAndGet(ms * 1_000_000L);
        router.pollVenue();
    }

    private void fault(String name, String value) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(fake.restUri() + "/fake/fault?name="
                + name + (value == null ? "" : "&value=" + value))).POST(HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    }

    private static List<String> tradeIds(List<OrderFilled> fills) {
        return fills.stream().map(OrderFilled::tradeId).toList();
    }

    /** The executions' fills equal {@code GET /fake/state}'s, each once, within 5 s (REST polls meanwhile). */
    private void assertReconciledWithin5s() {
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
            pollAfter(POLL_MS);
            JsonNode state = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(fake.restUri()
                    + "/fake/state")).build(), HttpResponse.BodyHandlers.ofString()).body());
            List<String> exchange = new ArrayList<>();
            state.get("fills").forEach(f -> exchange.add("binance-" + f.get("id").asLong()));
            assertThat(tradeIds(out.of(OrderFilled.class))).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(exchange);
        });
    }

    @Test
    void fillsOfARestingLimitArriveThroughTheStreamWithoutRestPolling() {
        startSubscribed();
        RestingBuy buy = new RestingBuy();
        router.submitOrder(buy.order("s-1"));
        assertThat(out.of(OrderAccepted.class)).hasSize(1);
        pollAfter(POLL_MS); // the catch-up poll after the subscription: nothing yet

        fake.advance(fake.events().size());
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            drain();
            return out.of(OrderFilled.class).size() >= buy.fills.size();
        });
        buy.assertBooked();
        assertThat(venue.streamFills()).isEqualTo(buy.fills.size());
        assertThat(venue.restFills()).isZero();
        assertThat(venue.streamEvents()).isGreaterThanOrEqualTo(buy.fills.size() + 1); // NEW + each TRADE
        assertThat(venue.streamFallbacks()).isZero();
        assertThat(venue.workingOrders()).isZero();
        assertReconciledWithin5s();
    }

    @Test
    void aDroppedSocketMidOrderReconnectsAndNoFillIsLostOrDoubled() throws Exception {
        startSubscribed();
        RestingBuy buy = new RestingBuy();
        router.submitOrder(buy.order("s-2"));
        pollAfter(POLL_MS);
        // up to the first fill's trade: one fill through the stream
        fake.advance(buy.at.get(0) - fake.cursor() + 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            drain();
            return out.of(OrderFilled.class).size() == 1;
        });
        assertThat(venue.streamFills()).isEqualTo(1);

        fault("dropSocket", null);
        fake.advance(fake.events().size()); // the other fills while no subscription is up: lost by the stream
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            pollAfter(POLL_MS);
            return venue.streamSubscribed() && venue.streamReconnects() >= 1
                    && out.of(OrderFilled.class).size() >= buy.fills.size();
        });
        buy.assertBooked();
        assertThat(venue.restFills()).isEqualTo(buy.fills.size() - 1);
        assertReconciledWithin5s();
    }

    @Test
    void aSilentStreamIsCaughtByTheSafetyPollRestTakesOverAndTheStreamComesBack() throws Exception {
        startSubscribed();
        RestingBuy buy = new RestingBuy();
        router.submitOrder(buy.order("s-3"));
        pollAfter(POLL_MS);
        fault("silentStream", "3600");
        fake.advance(fake.events().size());
        drain();
        assertThat(out.of(OrderFilled.class)).isEmpty(); // the stream is trusted, and says nothing
        assertThat(venue.streamSubscribed()).isTrue();

        pollAfter(SAFETY_MS); // the safety poll finds what the stream did not bring
        buy.assertBooked();
        assertThat(venue.restFills()).isEqualTo(buy.fills.size());
        assertThat(venue.streamFills()).isZero();
        assertThat(venue.streamFallbacks()).isEqualTo(1);
        assertReconciledWithin5s();

        // the silence ends; the resubscribed stream brings events again
        fault("silentStream", "0");
        await().atMost(Duration.ofSeconds(10)).until(() -> venue.streamSubscribed()
                && venue.streamSubscriptions() >= 2 && fake.streamSubscribers() == 1);
        long events = venue.streamEvents();
        router.submitOrder(new SubmitOrder().clientOrderId("s-4").strategyId("s").instrument("BTCUSDT")
                .side(Side.BUY).orderType(OrderType.MARKET).timeInForce(TimeInForce.IOC)
                .quantity(size(new BigDecimal("0.001"))).reason("signal")
                .eventTimeNs(nowNs.incrementAndGet() + 10_000_000_000L));
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            drain();
            return venue.streamDuplicates() >= 1; // its fill, booked from the answer, came through the stream too
        });
        assertThat(venue.streamEvents()).isGreaterThan(events);
        assertReconciledWithin5s();
    }

    @Test
    void aSilentSubscriptionThatStillAnswersPingsIsFoundByTheReportOfAnOrderThatNeverComes() throws Exception {
        startRouter(fake.wsApiUri(), 600_000, 5_000); // the safety poll far off: only the silence can tell
        await().atMost(Duration.ofSeconds(10)).until(venue::streamSubscribed);
        ListAppender<ILoggingEvent> health = new ListAppender<>(); // logged on this (the router's) thread only
        health.start();
        ((Logger) LoggerFactory.getLogger(StreamHealth.class)).addAppender(health);
        fault("silentStream", "3600"); // requests and pings still answered, no event sent
        RestingBuy buy = new RestingBuy();
        router.submitOrder(buy.order("s-5"));
        assertThat(out.of(OrderAccepted.class)).hasSize(1); // Binance took it: its NEW report is due on the stream
        pollAfter(4_999);
        assertThat(venue.streamFallbacks()).isZero();
        assertThat(venue.streamSubscribed()).isTrue();

        // 5001 ms without the report; the socket itself is alive: a pong came at this very time
        nowNs.addAndGet(2_000_000L);
        await().atMost(Duration.ofSeconds(10)).until(() -> venue.streamLastHeardNs() == nowNs.get());
        drain();
        assertThat(venue.streamFallbacks()).isEqualTo(1);
        ((Logger) LoggerFactory.getLogger(StreamHealth.class)).detachAppender(health);
        assertThat(health.list).singleElement().satisfies(e -> assertThat(e.getFormattedMessage())
                .contains("no report of order").contains("the subscription is silent"));
        fake.advance(fake.events().size());
        pollAfter(POLL_MS); // REST every pollIntervalMs from now on, long before a safety poll
        buy.assertBooked();
        assertThat(venue.restFills()).isEqualTo(buy.fills.size());
        assertThat(venue.streamFills()).isZero();
        assertReconciledWithin5s();
    }

    @Test
    void aSubscriptionBinanceEndsWithEventStreamTerminatedIsTakenUpAgainAndItsReportsFlow() throws Exception {
        startSubscribed();
        fault("terminateStream", null); // the socket stays open, the subscription is gone
        await().atMost(Duration.ofSeconds(10)).until(() -> venue.streamTerminations() == 1
                && venue.streamSubscribed() && venue.streamSubscriptions() == 2 && fake.streamSubscribers() == 1);
        long events = venue.streamEvents();
        router.submitOrder(new SubmitOrder().clientOrderId("s-6").strategyId("s").instrument("BTCUSDT")
                .side(Side.BUY).orderType(OrderType.MARKET).timeInForce(TimeInForce.IOC)
                .quantity(size(new BigDecimal("0.001"))).reason("signal")
                .eventTimeNs(nowNs.incrementAndGet() + 10_000_000_000L));
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            drain();
            return venue.streamDuplicates() >= 1; // its fill, booked from the answer, came through the stream too
        });
        assertThat(venue.streamEvents()).isGreaterThan(events);
        assertReconciledWithin5s();
    }

    @Test
    void duplicateReportsAreBookedOnce() throws Exception {
        startSubscribed();
        fault("duplicateReports", "1000");
        RestingBuy buy = new RestingBuy();
        router.submitOrder(buy.order("s-5"));
        pollAfter(POLL_MS);
        fake.advance(fake.events().size());
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            drain();
            return venue.streamDuplicates() >= buy.fills.size() && venue.workingOrders() == 0;
        });
        buy.assertBooked();
        assertThat(venue.streamFills()).isEqualTo(buy.fills.size());
        assertReconciledWithin5s();
    }

    @Test
    void lateReportsAreBookedOnceWhateverCameFirst() throws Exception {
        startSubscribed();
        fault("lateReportsMs", "1500");
        // a market buy: its fill is booked from the placement's answer, its late report is a duplicate
        router.submitOrder(new SubmitOrder().clientOrderId("s-6").strategyId("s").instrument("BTCUSDT")
                .side(Side.BUY).orderType(OrderType.MARKET).timeInForce(TimeInForce.IOC)
                .quantity(size(new BigDecimal("0.001"))).reason("signal")
                .eventTimeNs(nowNs.incrementAndGet() + 10_000_000_000L));
        assertThat(out.of(OrderFilled.class)).hasSize(1);
        RestingBuy buy = new RestingBuy();
        router.submitOrder(buy.order("s-7"));
        pollAfter(POLL_MS);
        fake.advance(fake.events().size());
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            drain();
            return out.of(OrderFilled.class).size() >= buy.fills.size() + 1 && venue.streamDuplicates() >= 1;
        });
        assertThat(venue.streamFills()).isEqualTo(buy.fills.size());
        assertThat(tradeIds(out.of(OrderFilled.class))).doesNotHaveDuplicates();
        assertReconciledWithin5s();
    }

    @Test
    void aStreamRefusedForItsSignatureLeavesTheVenueTradingOnRestWithAnErrorWithoutTheSecret() throws Exception {
        root.setLevel(Level.DEBUG); // every line any library would log is scanned for the secret
        // a second exchange that knows the key with another secret: our signature is wrong there
        try (FakeBinanceFixture other = new FakeBinanceFixture(KEY, "another-secret-0000",
                Map.of("USDT", BigDecimal.ONE), RATE)) {
            startRouter(other.wsApiUri());
            await().atMost(Duration.ofSeconds(10)).until(() -> logs.list.stream()
                    .anyMatch(e -> e.getLevel() == Level.ERROR && e.getFormattedMessage().contains("-1022")));
            assertThat(venue.streamSubscribed()).isFalse();
            assertThat(other.streamSubscribers()).isZero();

            RestingBuy buy = new RestingBuy();
            router.submitOrder(buy.order("s-8"));
            pollAfter(POLL_MS);
            fake.advance(fake.events().size());
            pollAfter(POLL_MS);
            buy.assertBooked();
            assertThat(venue.restFills()).isEqualTo(buy.fills.size());
            assertThat(venue.streamFills()).isZero();
            assertReconciledWithin5s();
        }
        assertThat(logs.list).filteredOn(e -> e.getLevel() == Level.ERROR)
                .anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("subscription refused")
                        .contains("-1022"));
        assertThat(logs.list).allSatisfy(e -> assertThat(e.getFormattedMessage()).doesNotContain(SECRET));
    }

    /**
     * An order taken by Binance and answered 503 is asked for by its client order id one {@code pollIntervalMs}
     * later even while the stream is up and trusted (not at the safety poll, 20 s here, which the decision engine's
     * timeout would beat): the stream is silent and brings nothing, the lookup finds the order and books its fill.
     */
    @Test
    void anOrderOfUnknownOutcomeIsAskedForAfterOnePollIntervalWhileTheStreamIsHealthy() throws Exception {
        startSubscribed();
        pollAfter(POLL_MS); // the first poll and reconciliation after the start
        fault("silentStream", "3600"); // subscribed and trusted (streamSilenceMs is an hour), and brings nothing
        fault("http5xxAfterTake", "1");
        router.submitOrder(new SubmitOrder().clientOrderId("s-20").strategyId("s").instrument("BTCUSDT")
                .side(Side.BUY).orderType(OrderType.MARKET).timeInForce(TimeInForce.IOC)
                .quantity(size(new BigDecimal("0.001"))).reason("signal")
                .eventTimeNs(nowNs.incrementAndGet() + 10_000_000_000L));
        assertThat(out.of(OrderAccepted.class)).isEmpty();
        assertThat(venue.outstandingOrders()).isEqualTo(1);

        pollAfter(POLL_MS);
        assertThat(out.of(OrderAccepted.class)).singleElement()
                .satisfies(a -> assertThat(a.clientOrderId()).isEqualTo("s-20"));
        assertThat(out.of(OrderFilled.class)).extracting(OrderFilled::tradeId)
                .containsExactlyElementsOf(fake.fills().stream().map(f -> "binance-" + f.id()).toList());
        assertThat(venue.adoptedCount()).isEqualTo(1);
        assertThat(venue.streamFallbacks()).isZero();
        assertThat(fake.ordersWithClientId("s-20")).isEqualTo(1);
        assertReconciledWithin5s();
    }

    /**
     * An order taken by Binance and answered 503 is adopted from the stream's report carrying its client order id
     * ({@code c}) before any REST lookup (the clock stands still), and its fills come through the stream.
     */
    @Test
    void anOrderOfUnknownOutcomeIsAdoptedFromTheStreamReportCarryingItsClientOrderId() throws Exception {
        startSubscribed();
        pollAfter(POLL_MS);
        fault("http5xxAfterTake", "1");
        RestingBuy buy = new RestingBuy();
        router.submitOrder(buy.order("s-21"));
        assertThat(venue.outstandingOrders()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            drain();
            return !out.of(OrderAccepted.class).isEmpty();
        });
        assertThat(venue.adoptedCount()).isEqualTo(1);
        assertThat(venue.outstandingOrders()).isZero();
        fake.advance(fake.events().size());
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            drain();
            return out.of(OrderFilled.class).size() >= buy.fills.size();
        });
        buy.assertBooked();
        assertThat(venue.restFills()).isZero();
        assertThat(fake.ordersWithClientId("s-21")).isEqualTo(1);
        assertReconciledWithin5s();
    }

    private SubmitOrder marketBuy(String id, String instrument, String qty, int sizeDecimals) {
        return new SubmitOrder().clientOrderId(id).strategyId("s").instrument(instrument).side(Side.BUY)
                .orderType(OrderType.MARKET).timeInForce(TimeInForce.IOC)
                .quantity(FixedPoint.fromBigDecimal(new BigDecimal(qty), sizeDecimals)).reason("signal")
                .eventTimeNs(nowNs.incrementAndGet() + 10_000_000_000L);
    }

    /**
     * An order answered -1007 that Binance does not show for 60 s is given up (rejected, watched); the matching engine
     * takes it later (fault {@code lateMatchMs}): its stream reports, carrying its client order id, are booked under
     * the order (accepted after its rejection, then its fill), with no REST poll (the clock stands still).
     */
    @Test
    void aGivenUpOrderTheMatchingEngineTakesLaterIsBookedFromTheStreamUnderItsOwnOrder() throws Exception {
        startSubscribed();
        pollAfter(POLL_MS);
        fault("lateMatchMs", "3600000");
        router.submitOrder(marketBuy("s-22", "BTCUSDT", "0.001", 5));
        for (int i = 0; i < 61; i++) {
            pollAfter(POLL_MS);
        }
        assertThat(out.of(io.aquatrade.common.OrderRejected.class)).singleElement()
                .satisfies(r -> assertThat(r.clientOrderId()).isEqualTo("s-22"));
        assertThat(out.of(OrderAccepted.class)).isEmpty();

        assertThat(fake.matchLateNow()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            drain();
            return !out.of(OrderFilled.class).isEmpty();
        });
        assertThat(out.of(OrderAccepted.class)).singleElement()
                .satisfies(a -> assertThat(a.clientOrderId()).isEqualTo("s-22"));
        assertThat(out.of(OrderFilled.class)).singleElement().satisfies(f -> {
            assertThat(f.clientOrderId()).isEqualTo("s-22");
            assertThat(f.tradeId()).isEqualTo("binance-" + fake.fills().get(0).id());
        });
        assertThat(venue.streamFills()).isEqualTo(1);
        assertThat(venue.lateAdoptedCount()).isEqualTo(1);
        assertThat(fake.placements()).containsEntry("s-22", 1);
        assertReconciledWithin5s();
    }

    /**
     * Issue 9: as above, but the router restarts between the give-up and the late placement. The restarted router
     * rebuilds its watch list from the {@code OUTCOME_UNKNOWN} rejection on {@code executions} (the order delivered
     * again by the restore of consumed orders), so the stream reports of the placement are booked under the original
     * order (accepted after its rejection, then its fill), from the stream alone (the clock stands still), once.
     */
    @Test
    void aGivenUpOrderTheMatchingEngineTakesAfterARestartIsBookedFromTheStreamUnderItsOwnOrder() throws Exception {
        startSubscribed();
        pollAfter(POLL_MS);
        fault("lateMatchMs", "3600000");
        SubmitOrder buy = marketBuy("s-23", "BTCUSDT", "0.001", 5);
        router.submitOrder(buy);
        for (int i = 0; i < 61; i++) {
            pollAfter(POLL_MS);
        }
        assertThat(out.of(io.aquatrade.common.OrderRejected.class)).singleElement().satisfies(r -> {
            assertThat(r.clientOrderId()).isEqualTo("s-23");
            assertThat(r.reasonCode()).isEqualTo(io.aquatrade.common.RejectReason.OUTCOME_UNKNOWN);
        });
        venue.close(); // the restart

        nowNs.addAndGet(2_000_000_000L);
        RecordingExecutions after = new RecordingExecutions();
        BinanceCredentials credentials = BinanceCredentials.load(routerConfig.binance(),
                Map.of(BinanceCredentials.ENV_KEY, KEY, BinanceCredentials.ENV_SECRET, SECRET));
        router = new OrderRouter(routerConfig, config, after,
                BinanceVenue.factory(routerConfig.binance(), credentials, config, clock));
        out.replayInto(router.recovery());
        router.restoreOrders().submitOrder(buy); // consumed before the restart
        router.start();
        venue = (BinanceVenue) router.venue();
        assertThat(router.watchedAgainCount()).isEqualTo(1);
        assertThat(venue.watchedOrders()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(venue::streamSubscribed);
        pollAfter(POLL_MS); // the start's reconciliation and the catch-up poll: nothing at Binance yet

        assertThat(fake.matchLateNow()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            drain();
            return !after.of(OrderFilled.class).isEmpty();
        });
        assertThat(after.of(OrderAccepted.class)).singleElement()
                .satisfies(a -> assertThat(a.clientOrderId()).isEqualTo("s-23"));
        assertThat(after.of(OrderFilled.class)).singleElement().satisfies(f -> {
            assertThat(f.clientOrderId()).isEqualTo("s-23");
            assertThat(f.tradeId()).isEqualTo("binance-" + fake.fills().get(0).id());
        });
        assertThat(venue.streamFills()).isEqualTo(1);
        assertThat(venue.lateAdoptedCount()).isEqualTo(1);
        assertThat(venue.watchedOrders()).isZero();
        assertThat(fake.placements()).containsEntry("s-23", 1);
        out = after; // every fill is the restarted router's
        assertReconciledWithin5s();
    }

    /**
     * Binance numbers orders per symbol: a BTCUSDT limit rests as order 1 of BTCUSDT, an ETHUSDT market buy is order
     * 1 of ETHUSDT. The ETHUSDT order's stream reports are booked on it alone, not on the BTCUSDT order.
     */
    @Test
    void aStreamReportIsBookedOnTheOrderOfItsOwnSymbolWhenTwoSymbolsHaveTheSameOrderId() throws Exception {
        fake.close();
        fake = FakeBinanceFixture.withEthUsdt(KEY, SECRET, Map.of("USDT", new BigDecimal("1000000"), "BTC",
                new BigDecimal("2"), "ETH", new BigDecimal("10")), RATE);
        startRouter(fake.wsApiUri(), SAFETY_MS, SILENCE_MS, """
                instruments:
                  - {symbol: BTCUSDT, base: BTC, quote: USDT, priceDecimals: 2, sizeDecimals: 5}
                  - {symbol: ETHUSDT, base: ETH, quote: USDT, priceDecimals: 2, sizeDecimals: 4}
                assets: {BTC: 8, ETH: 8, USDT: 8}
                """);
        await().atMost(Duration.ofSeconds(10)).until(venue::streamSubscribed);
        pollAfter(POLL_MS);
        BigDecimal below = fake.book().bid().subtract(new BigDecimal("500.00"));
        router.submitOrder(new SubmitOrder().clientOrderId("btc-1").strategyId("a").instrument("BTCUSDT")
                .side(Side.BUY).orderType(OrderType.LIMIT).timeInForce(TimeInForce.GTC)
                .quantity(size(new BigDecimal("0.001"))).limitPrice(FixedPoint.fromBigDecimal(below, 2))
                .reason("signal").eventTimeNs(nowNs.incrementAndGet() + 10_000_000_000L));
        router.submitOrder(marketBuy("eth-1", "ETHUSDT", "0.01", 4));
        assertThat(fake.orderIdOf("btc-1")).isEqualTo(1);
        assertThat(fake.orderIdOf("eth-1")).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            drain();
            return venue.streamEvents() >= 3; // NEW of each, TRADE of eth-1
        });
        drain();
        assertThat(out.of(OrderFilled.class)).extracting(OrderFilled::clientOrderId).containsExactly("eth-1");
        assertThat(out.of(OrderFilled.class)).singleElement().satisfies(f ->
                assertThat(f.tradeId()).isEqualTo("binance-" + fake.fills().get(0).id()));
        assertThat(venue.workingOrders()).isEqualTo(1); // btc-1 rests
        assertThat(venue.unbookableReports()).isZero();
        assertReconciledWithin5s();
    }

    /**
     * An order placed by hand on a symbol the router does not trade (BTCUSDT, order 1 there, a quantity with more
     * decimals than the configured ETHUSDT's) while the router's ETHUSDT order 1 rests: its stream reports are not
     * booked on the ETHUSDT order and nothing is thrown out of the poll.
     */
    @Test
    void aReportOfAnOrderOnAnUnconfiguredSymbolIsLeftAloneAndNeverThrownOutOfThePoll() throws Exception {
        fake.close();
        fake = FakeBinanceFixture.withEthUsdt(KEY, SECRET, Map.of("USDT", new BigDecimal("1000000"), "BTC",
                new BigDecimal("2"), "ETH", new BigDecimal("10")), RATE);
        startRouter(fake.wsApiUri(), SAFETY_MS, SILENCE_MS, """
                instruments:
                  - {symbol: ETHUSDT, base: ETH, quote: USDT, priceDecimals: 2, sizeDecimals: 4}
                assets: {ETH: 8, USDT: 8}
                """);
        await().atMost(Duration.ofSeconds(10)).until(venue::streamSubscribed);
        pollAfter(POLL_MS);
        router.submitOrder(new SubmitOrder().clientOrderId("eth-1").strategyId("a").instrument("ETHUSDT")
                .side(Side.BUY).orderType(OrderType.LIMIT).timeInForce(TimeInForce.GTC)
                .quantity(FixedPoint.fromBigDecimal(new BigDecimal("0.01"), 4))
                .limitPrice(FixedPoint.fromBigDecimal(new BigDecimal("1000.00"), 2)).reason("signal")
                .eventTimeNs(nowNs.incrementAndGet() + 10_000_000_000L));
        fake.placeByHand(Map.of("symbol", "BTCUSDT", "side", "BUY", "type", "MARKET", "quantity", "0.00123",
                "newClientOrderId", "by-hand-1"));
        assertThat(fake.orderIdOf("by-hand-1")).isEqualTo(fake.orderIdOf("eth-1")).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            drain();
            return venue.streamEvents() >= 3; // NEW of eth-1, NEW and TRADE of the hand order
        });
        drain();
        assertThat(out.of(OrderFilled.class)).isEmpty();
        assertThat(venue.workingOrders()).isEqualTo(1);
        assertThat(venue.unbookableReports()).isZero();
    }

    /**
     * Self-trade prevention's DECREMENT mode reports {@code x=TRADE_PREVENTION} with the order still working ({@code
     * X=NEW}): it keeps working here too; an EXPIRE mode's report ({@code X=EXPIRED_IN_MATCH}) ends it as expired.
     */
    @Test
    void aTradePreventionReportEndsAnOrderOnlyWhenItsStatusIsExpiredInMatch() throws Exception {
        startSubscribed();
        pollAfter(POLL_MS);
        BigDecimal below = fake.book().bid().subtract(new BigDecimal("500.00"));
        router.submitOrder(new SubmitOrder().clientOrderId("s-30").strategyId("s").instrument("BTCUSDT")
                .side(Side.BUY).orderType(OrderType.LIMIT).timeInForce(TimeInForce.GTC)
                .quantity(size(new BigDecimal("0.001"))).limitPrice(FixedPoint.fromBigDecimal(below, 2))
                .reason("signal").eventTimeNs(nowNs.incrementAndGet() + 10_000_000_000L));
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            drain();
            return venue.streamEvents() >= 1;
        });
        fake.preventSelfTrade("s-30", false);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            drain();
            return venue.streamEvents() >= 2;
        });
        assertThat(out.of(io.aquatrade.common.OrderExpired.class)).isEmpty();
        assertThat(venue.workingOrders()).isEqualTo(1);

        fake.preventSelfTrade("s-30", true);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            drain();
            return venue.streamEvents() >= 3;
        });
        assertThat(out.of(io.aquatrade.common.OrderExpired.class)).singleElement().satisfies(e -> {
            assertThat(e.clientOrderId()).isEqualTo("s-30");
            assertThat(e.reason()).contains("EXPIRED_IN_MATCH");
        });
        assertThat(venue.workingOrders()).isZero();
        assertThat(fake.statusOf("s-30")).isEqualTo("EXPIRED_IN_MATCH");
    }
}
