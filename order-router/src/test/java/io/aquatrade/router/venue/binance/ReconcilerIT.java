package io.aquatrade.router.venue.binance;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.EpochClock;
import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.OrderAccepted;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.OrderType;
import io.aquatrade.common.ReconciliationStatus;
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
import org.knowm.xchange.Exchange;
import org.knowm.xchange.ExchangeFactory;
import org.knowm.xchange.ExchangeSpecification;
import org.knowm.xchange.binance.BinanceExchange;
import org.knowm.xchange.binance.dto.trade.BinanceNewOrder;
import org.knowm.xchange.binance.dto.trade.OrderSide;
import org.knowm.xchange.binance.service.BinanceTradeService;
import org.knowm.xchange.currency.CurrencyPair;

/**
 * The binance venue's {@link Reconciler} through the router, with the real XChange client against fake-binance over
 * the shared BTCUSDT capture of 2024-08-08, moved by hand; the venue's clock is advanced by hand
 * ({@code reconcileIntervalS: 5}, so every check below is made at most 5 s of that clock after the change it
 * looks for). Orders "placed by hand" are placed by this test through a second XChange client, as a person on
 * Binance's site would. What the router booked is compared with the fake's own balances and fills.
 */
class ReconcilerIT {
    private static final String KEY = "reconcile-it-key";
    private static final String SECRET = "reconcile-it-secret-41c9d2";
    private static final BigDecimal START_USDT = new BigDecimal("100000");
    private static final BigDecimal START_BTC = new BigDecimal("2");
    private static final long INTERVAL_NS = 5_000_000_000L;

    private FakeBinanceFixture fake;
    private final AtomicLong nowNs = new AtomicLong(1_700_000_000_000_000_000L);
    private final EpochClock clock = nowNs::get;
    private AquatradeConfig config;
    private RouterConfig routerConfig;
    private RecordingExecutions out;
    private OrderRouter router;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeBinanceFixture(KEY, SECRET, Map.of("USDT", START_USDT, "BTC", START_BTC),
                new BigDecimal("0.001"));
        config = TestConfigs.parse("""
                runtime: {queueDir: var/queues, sequencing: arrival}
                instruments:
                  - {symbol: BTCUSDT, base: BTC, quote: USDT, priceDecimals: 2, sizeDecimals: 5}
                assets: {BTC: 8, USDT: 8}
                order-router:
                  venue: binance
                  binance: {baseUrl: "%s", recvWindowMs: 5000, pollIntervalMs: 1000, wsApiUrl: none, reconcileIntervalS: 5,
                            reconcileToleranceSteps: 1}
                """.formatted(fake.restUri()));
        routerConfig = RouterConfig.from(config);
        out = new RecordingExecutions();
        router = newRouter(out);
        reconcile(); // the first round, at start: nothing to find
        assertThat(out.of(ReconciliationStatus.class)).isEmpty();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private OrderRouter newRouter(RecordingExecutions executions) {
        OrderRouter r = new OrderRouter(routerConfig, config, executions, factory());
        r.start();
        return r;
    }

    private io.aquatrade.router.Venue.Factory factory() {
        BinanceCredentials credentials = BinanceCredentials.load(routerConfig.binance(),
                Map.of(BinanceCredentials.ENV_KEY, KEY, BinanceCredentials.ENV_SECRET, SECRET));
        return BinanceVenue.factory(routerConfig.binance(), credentials, config, clock);
    }

    /** Advances the venue's clock by one reconciliation interval and lets it poll (and reconcile). */
    private void reconcile() {
        nowNs.addAndGet(INTERVAL_NS);
        router.pollVenue();
    }

    /** A second client, as a person trading on Binance by hand. */
    private BinanceTradeService byHand() {
        ExchangeSpecification spec = new ExchangeSpecification(BinanceExchange.class);
        spec.setSslUri(fake.restUri());
        spec.setApiKey(KEY);
        spec.setSecretKey(SECRET);
        Exchange exchange = ExchangeFactory.INSTANCE.createExchange(spec);
        return (BinanceTradeService) exchange.getTradeService();
    }

    private static long amount(BigDecimal a) {
        return FixedPoint.fromBigDecimal(a.setScale(8, RoundingMode.UNNECESSARY), 8);
    }

    /**
     * What the router published equals {@code GET /fake/state}: its booked balances the fake's free + locked, asset
     * by asset, and its fills, over every run, the fake's fills, each exactly once.
     */
    private void assertExecutionsEqualFakeState(RecordingExecutions... runs) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(fake.restUri() + "/fake/state")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode state = new ObjectMapper().readTree(answer.body());
        int assets = 0;
        for (JsonNode b : state.get("balances")) {
            String asset = b.get("asset").asText();
            BigDecimal total = new BigDecimal(b.get("free").asText()).add(new BigDecimal(b.get("locked").asText()));
            assertThat(router.balance(asset)).as(asset).isEqualTo(amount(total));
            assets++;
        }
        assertThat(assets).isEqualTo(config.accountAssets().size()); // every asset at the fake is configured
        List<String> atFake = new ArrayList<>();
        state.get("fills").forEach(f -> atFake.add("binance-" + f.get("id").asLong()));
        List<String> published = new ArrayList<>();
        for (RecordingExecutions run : runs) {
            run.of(OrderFilled.class).forEach(f -> published.add(f.tradeId()));
        }
        assertThat(published).containsExactlyInAnyOrderElementsOf(atFake);
    }

    private SubmitOrder order(String id, Side side, OrderType type, TimeInForce tif, String qty) {
        return new SubmitOrder().clientOrderId(id).strategyId("s").instrument("BTCUSDT").side(side)
                .orderType(type).timeInForce(tif).quantity(FixedPoint.fromBigDecimal(new BigDecimal(qty), 5))
                .reason("signal").eventTimeNs(nowNs.incrementAndGet() + 10_000_000_000L);
    }

    /**
     * A market order placed by hand fills at once (a lower trade id), then one of ours fills before the next round:
     * the fill the venue books does not move the round's scan cursor past the hand-placed trade, so the round adopts
     * that order ({@code ext-}) and books its fill; the balances agree and the instrument is not reduce-only.
     */
    @Test
    void aHandFillBeforeOneOfOursBetweenRoundsIsAdopted() throws Exception {
        BinanceTradeService hand = byHand();
        BinanceNewOrder market = hand.newOrder(CurrencyPair.BTC_USDT, OrderSide.SELL,
                org.knowm.xchange.binance.dto.trade.OrderType.MARKET, null, new BigDecimal("0.002"), null, null,
                "by-hand-7", null, null, null, BinanceNewOrder.NewOrderResponseType.FULL);
        router.submitOrder(order("s-1", Side.BUY, OrderType.MARKET, TimeInForce.IOC, "0.001"));
        assertThat(fake.fills()).hasSize(2);
        reconcile();
        assertThat(out.of(OrderAccepted.class)).extracting(OrderAccepted::clientOrderId)
                .containsExactly("s-1", Reconciler.EXTERNAL_PREFIX + market.orderId);
        assertExecutionsEqualFakeState(out);
        assertThat(router.reduceOnly("BTCUSDT")).isFalse();
        assertThat(out.of(ReconciliationStatus.class)).isEmpty();
    }

    /**
     * A market order placed by hand fills (a lower trade id), then one of ours, and the router is killed before the
     * next round: the fill recovered from {@code executions} does not seed the scan cursor, so the first round after
     * the restart, which reads the trades by time from before the earlier run's last output, still meets the hand
     * trade and adopts its order; ours is passed over by its trade id (not booked again); the balances agree.
     */
    @Test
    void aHandFillBeforeOursThenARestartBeforeTheRoundIsAdoptedAfterTheRestart() throws Exception {
        BinanceTradeService hand = byHand();
        BinanceNewOrder market = hand.newOrder(CurrencyPair.BTC_USDT, OrderSide.SELL,
                org.knowm.xchange.binance.dto.trade.OrderType.MARKET, null, new BigDecimal("0.002"), null, null,
                "by-hand-7", null, null, null, BinanceNewOrder.NewOrderResponseType.FULL);
        router.submitOrder(order("s-1", Side.BUY, OrderType.MARKET, TimeInForce.IOC, "0.001"));
        assertThat(fake.fills()).hasSize(2);
        assertThat(out.of(OrderFilled.class)).hasSize(1);
        // killed before the next round: restart
        nowNs.addAndGet(60_000_000_000L);
        RecordingExecutions after = new RecordingExecutions();
        router = new OrderRouter(routerConfig, config, after, factory());
        out.replayInto(router.recovery());
        router.start();
        reconcile();
        reconcile();
        assertThat(after.of(OrderAccepted.class)).extracting(OrderAccepted::clientOrderId)
                .containsExactly(Reconciler.EXTERNAL_PREFIX + market.orderId);
        assertThat(after.of(OrderFilled.class)).extracting(OrderFilled::tradeId)
                .containsExactly("binance-" + fake.fills().get(0).id());
        assertExecutionsEqualFakeState(out, after);
        assertThat(router.reduceOnly("BTCUSDT")).isFalse();
        assertThat(after.of(ReconciliationStatus.class)).isEmpty();
    }

    /**
     * A limit buy answered -1007 whose placement Binance does not show for {@link BinanceVenue#unknownAskMs} (60 s) is
     * given up (rejected, watched); the matching engine takes it later (fault {@code lateMatchMs}). The next round
     * meets it among the open orders: it is adopted under its own order, not as an external one (accepted after its
     * rejection, with an ERROR), and, still working while the decision engine was told it was rejected, cancelled at
     * Binance; the balances agree.
     */
    @Test
    void aGivenUpLimitTheMatchingEngineTakesLaterIsAdoptedUnderItsOwnOrderAndCancelledAtBinance() throws Exception {
        fake.fault("lateMatchMs", "3600000");
        BigDecimal below = fake.book().bid().subtract(new BigDecimal("500.00"));
        router.submitOrder(order("s-7", Side.BUY, OrderType.LIMIT, TimeInForce.GTC, "0.001")
                .limitPrice(FixedPoint.fromBigDecimal(below, 2)));
        for (int i = 0; i < 12; i++) { // 60 s: still asked for
            reconcile();
        }
        assertThat(out.of(io.aquatrade.common.OrderRejected.class)).isEmpty();
        reconcile(); // 65 s: given up
        assertThat(out.of(io.aquatrade.common.OrderRejected.class)).singleElement()
                .satisfies(r -> assertThat(r.clientOrderId()).isEqualTo("s-7"));
        BinanceVenue venue = (BinanceVenue) router.venue();
        assertThat(venue.watchedOrders()).isEqualTo(1);

        assertThat(fake.matchLateNow()).isEqualTo(1);
        assertThat(fake.statusOf("s-7")).isEqualTo("NEW");
        reconcile(); // the round meets it among the open orders
        reconcile(); // its cancel goes out
        assertThat(out.of(OrderAccepted.class)).extracting(OrderAccepted::clientOrderId).containsExactly("s-7");
        assertThat(out.of(io.aquatrade.common.OrderCanceled.class)).singleElement()
                .satisfies(c -> assertThat(c.clientOrderId()).isEqualTo("s-7"));
        assertThat(fake.statusOf("s-7")).isEqualTo("CANCELED");
        assertThat(venue.lateAdoptedCount()).isEqualTo(1);
        assertThat(venue.watchedOrders()).isZero();
        assertThat(venue.workingOrders()).isZero();
        assertExecutionsEqualFakeState(out);
        assertThat(router.reduceOnly("BTCUSDT")).isFalse();
    }

    @Test
    void ordersPlacedByHandAreAdoptedAsExternalOrdersAndTheBalancesFollowTheirFills() throws Exception {
        MarketEvent.Quote book = fake.book();
        BinanceTradeService hand = byHand();
        BigDecimal farBelow = book.bid().subtract(new BigDecimal("5000.00"));
        BinanceNewOrder resting = hand.newOrder(CurrencyPair.BTC_USDT, OrderSide.BUY,
                org.knowm.xchange.binance.dto.trade.OrderType.LIMIT,
                org.knowm.xchange.binance.dto.trade.TimeInForce.GTC,
                new BigDecimal("0.01"), null, farBelow, "by-hand-1", null, null, null,
                BinanceNewOrder.NewOrderResponseType.FULL);
        BinanceNewOrder market = hand.newOrder(CurrencyPair.BTC_USDT, OrderSide.SELL,
                org.knowm.xchange.binance.dto.trade.OrderType.MARKET, null, new BigDecimal("0.002"), null, null,
                "by-hand-2", null, null, null, BinanceNewOrder.NewOrderResponseType.FULL);

        reconcile();
        assertThat(out.of(OrderAccepted.class)).extracting(OrderAccepted::clientOrderId, OrderAccepted::strategyId,
                OrderAccepted::venueOrderId).containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("ext-" + resting.orderId, "external",
                                "binance-" + resting.orderId),
                        org.assertj.core.groups.Tuple.tuple("ext-" + market.orderId, "external",
                                "binance-" + market.orderId));
        Fill sold = fake.fills().stream().filter(f -> f.orderId() == market.orderId).findFirst().orElseThrow();
        assertThat(out.of(OrderFilled.class)).singleElement().satisfies(f -> {
            assertThat(f.clientOrderId()).isEqualTo("ext-" + market.orderId);
            assertThat(f.strategyId()).isEqualTo("external");
            assertThat(f.side()).isEqualTo(Side.SELL);
            assertThat(f.tradeId()).isEqualTo("binance-" + sold.id());
            assertThat(f.fillQuantity()).isEqualTo(200); // 0.002 BTC at 5 size decimals
            assertThat(f.fillPrice()).isEqualTo(FixedPoint.fromBigDecimal(book.bid(), 2)); // a sell takes the bid
        });
        assertThat(router.position("external", "BTCUSDT").quantity()).isEqualTo(-200);
        assertExecutionsEqualFakeState(out);
        assertThat(router.venue().workingOrders()).isEqualTo(1); // the resting hand order, polled from now on
        assertThat(out.of(ReconciliationStatus.class)).isEmpty(); // what was adopted is no mismatch

        int messages = out.size();
        reconcile();
        reconcile();
        assertThat(out.size()).as("adopted once").isEqualTo(messages);
    }

    @Test
    void fillsMadeWhileTheRouterWasStoppedAreBookedOnceAfterTheRestart() throws Exception {
        // our resting limit, through the lowest recorded trade to come (oracle: the recording), filled while down
        int from = fake.cursor();
        List<MarketEvent> events = fake.events();
        BigDecimal lowest = null;
        for (int i = from; i < events.size(); i++) {
            MarketEvent e = events.get(i);
            if (e.trade() != null && (lowest == null || e.trade().price().compareTo(lowest) < 0)) {
                lowest = e.trade().price();
            }
        }
        SubmitOrder limit = order("s-1", Side.BUY, OrderType.LIMIT, TimeInForce.GTC, "0.05")
                .limitPrice(FixedPoint.fromBigDecimal(lowest.add(new BigDecimal("5.00")), 2));
        router.submitOrder(limit);
        assertThat(out.of(OrderFilled.class)).isEmpty();

        // the router stops; meanwhile the market moves through the limit and a person sells by hand
        fake.advance(events.size());
        BinanceNewOrder market = byHand().newOrder(CurrencyPair.BTC_USDT, OrderSide.SELL,
                org.knowm.xchange.binance.dto.trade.OrderType.MARKET, null, new BigDecimal("0.003"), null, null,
                "by-hand-3", null, null, null, BinanceNewOrder.NewOrderResponseType.FULL);
        assertThat(fake.statusOf(fake.clientOrderIds().get(0))).isIn("FILLED", "PARTIALLY_FILLED");

        nowNs.addAndGet(60_000_000_000L);
        RecordingExecutions after = new RecordingExecutions();
        router = new OrderRouter(routerConfig, config, after, factory());
        out.replayInto(router.recovery());
        router.restoreOrders().submitOrder(limit);
        router.start();
        reconcile();
        reconcile();

        List<Fill> fills = fake.fills();
        // every fill at Binance booked exactly once after the restart: ours under s-1, the hand sale as external
        assertThat(after.of(OrderFilled.class)).extracting(OrderFilled::tradeId)
                .containsExactlyInAnyOrderElementsOf(fills.stream().map(f -> "binance-" + f.id()).toList());
        assertThat(after.of(OrderFilled.class)).filteredOn(f -> f.clientOrderId().equals("s-1"))
                .hasSize((int) fills.stream().filter(f -> f.orderId() != market.orderId).count());
        assertThat(after.of(OrderFilled.class)).filteredOn(f -> f.clientOrderId().equals("ext-" + market.orderId))
                .hasSize((int) fills.stream().filter(f -> f.orderId() == market.orderId).count());
        assertThat(after.of(OrderAccepted.class)).extracting(OrderAccepted::clientOrderId)
                .containsExactly("ext-" + market.orderId); // s-1 was accepted before the restart
        assertExecutionsEqualFakeState(out, after);
        assertThat(after.of(ReconciliationStatus.class)).isEmpty();
    }

    @Test
    void aBalanceChangedBehindTheRoutersBackBeyondToleranceMakesTheInstrumentReduceOnlyUntilResolved()
            throws Exception {
        // one step (0.00001 BTC) is within the tolerance of one step
        fake.adjustBalance("BTC", new BigDecimal("0.00001"));
        reconcile();
        assertThat(out.of(ReconciliationStatus.class)).isEmpty();
        assertThat(router.reduceOnly("BTCUSDT")).isFalse();

        // one more step: two steps off, beyond it
        fake.adjustBalance("BTC", new BigDecimal("0.00001"));
        reconcile();
        assertThat(out.of(ReconciliationStatus.class)).singleElement().satisfies(r -> {
            assertThat(r.instrument()).isEqualTo("BTCUSDT");
            assertThat(r.reduceOnly()).isTrue();
            assertThat(r.reason()).isEqualTo("BTC: binance 2.00002, executions 2, difference 0.00002, "
                    + "tolerance 0.00001 (1 steps of 0.00001)");
        });
        assertThat(router.reduceOnly("BTCUSDT")).isTrue();
        reconcile();
        assertThat(out.of(ReconciliationStatus.class)).as("written on a change only").hasSize(1);

        // the state survives a restart: recovered from executions, not written again while unchanged
        nowNs.addAndGet(60_000_000_000L);
        RecordingExecutions after = new RecordingExecutions();
        router = new OrderRouter(routerConfig, config, after, factory());
        out.replayInto(router.recovery());
        router.start();
        assertThat(router.reduceOnly("BTCUSDT")).isTrue();
        reconcile();
        assertThat(after.of(ReconciliationStatus.class)).isEmpty();

        // an exit still goes through the router (the decision engine holds entries back: ReconciliationDenialTest)
        router.submitOrder(order("s-9", Side.SELL, OrderType.MARKET, TimeInForce.IOC, "0.001"));
        assertThat(after.of(OrderFilled.class)).singleElement()
                .satisfies(f -> assertThat(f.clientOrderId()).isEqualTo("s-9"));

        // the person sends it back: resolved at the next round
        fake.adjustBalance("BTC", new BigDecimal("-0.00002"));
        reconcile();
        assertThat(after.of(ReconciliationStatus.class)).singleElement().satisfies(r -> {
            assertThat(r.reduceOnly()).isFalse();
            assertThat(r.instrument()).isEqualTo("BTCUSDT");
        });
        assertThat(router.reduceOnly("BTCUSDT")).isFalse();
        assertExecutionsEqualFakeState(out, after);
    }

    /**
     * Issue 9: the quote asset and a fee-only asset (BNB) are judged too, in units of their last decimal ({@code
     * assets.X}: 0.00000001 here) x {@code reconcileToleranceSteps} (1): one unit off is within it; a withdrawal of
     * USDT made by hand makes every instrument quoted in USDT (BTCUSDT and ETHUSDT) reduce-only, the status naming
     * USDT with the numbers, until the person sends it back; a BNB deposit (any fill may pay its fee in BNB) makes
     * every instrument reduce-only in the same way. The balances the router booked stay the fills' (the differences
     * are not booked), so after each resolution they equal {@code GET /fake/state}.
     */
    @Test
    void aQuoteOrFeeAssetChangedByHandMakesEveryInstrumentItConcernsReduceOnlyUntilResolved() throws Exception {
        fake.close();
        fake = FakeBinanceFixture.withEthUsdt(KEY, SECRET, Map.of("USDT", START_USDT, "BTC", START_BTC, "ETH",
                new BigDecimal("10"), "BNB", new BigDecimal("5")), new BigDecimal("0.001"));
        config = TestConfigs.parse("""
                runtime: {queueDir: var/queues, sequencing: arrival}
                instruments:
                  - {symbol: BTCUSDT, base: BTC, quote: USDT, priceDecimals: 2, sizeDecimals: 5}
                  - {symbol: ETHUSDT, base: ETH, quote: USDT, priceDecimals: 2, sizeDecimals: 4}
                assets: {BTC: 8, ETH: 8, USDT: 8, BNB: 8}
                order-router:
                  venue: binance
                  binance: {baseUrl: "%s", recvWindowMs: 5000, pollIntervalMs: 1000, wsApiUrl: none, reconcileIntervalS: 5,
                            reconcileToleranceSteps: 1}
                """.formatted(fake.restUri()));
        routerConfig = RouterConfig.from(config);
        out = new RecordingExecutions();
        router = newRouter(out);
        reconcile();
        assertThat(router.balance("BNB")).isEqualTo(amount(new BigDecimal("5")));
        router.submitOrder(order("s-1", Side.BUY, OrderType.MARKET, TimeInForce.IOC, "0.001")); // USDT moves
        reconcile();
        assertThat(out.of(OrderFilled.class)).isNotEmpty();
        assertThat(out.of(ReconciliationStatus.class)).isEmpty();

        // one unit of USDT's last decimal: within the tolerance
        fake.adjustBalance("USDT", new BigDecimal("0.00000001"));
        reconcile();
        assertThat(out.of(ReconciliationStatus.class)).isEmpty();

        // a withdrawal of 250 USDT: both instruments quoted in USDT reduce-only, the reason naming USDT
        BigDecimal booked = FixedPoint.toBigDecimal(router.balance("USDT"), 8);
        fake.adjustBalance("USDT", new BigDecimal("-250"));
        reconcile();
        BigDecimal atFake = fake.balances().get("USDT")[0].add(fake.balances().get("USDT")[1]);
        assertThat(atFake.subtract(booked)).isEqualByComparingTo("-249.99999999");
        String usdt = "USDT: binance " + atFake.stripTrailingZeros().toPlainString() + ", executions "
                + booked.stripTrailingZeros().toPlainString() + ", difference -249.99999999, tolerance 0.00000001 "
                + "(1 units of 0.00000001)";
        assertThat(out.of(ReconciliationStatus.class)).extracting(ReconciliationStatus::instrument,
                ReconciliationStatus::reduceOnly, ReconciliationStatus::reason).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("BTCUSDT", true, usdt),
                        org.assertj.core.groups.Tuple.tuple("ETHUSDT", true, usdt));
        assertThat(router.reduceOnly("BTCUSDT")).isTrue();
        assertThat(router.reduceOnly("ETHUSDT")).isTrue();

        // sent back: both resolved at the next round
        fake.adjustBalance("USDT", new BigDecimal("249.99999999"));
        reconcile();
        assertThat(out.of(ReconciliationStatus.class)).hasSize(4).last()
                .satisfies(r -> assertThat(r.reduceOnly()).isFalse());
        assertThat(router.reduceOnly("BTCUSDT")).isFalse();
        assertThat(router.reduceOnly("ETHUSDT")).isFalse();
        assertExecutionsEqualFakeState(out);

        // a BNB deposit, which fees may be paid in: every instrument reduce-only, the reason naming BNB
        fake.adjustBalance("BNB", new BigDecimal("0.5"));
        reconcile();
        String bnb = "BNB: binance 5.5, executions 5, difference 0.5, tolerance 0.00000001 (1 units of 0.00000001)";
        assertThat(out.of(ReconciliationStatus.class).subList(4, 6)).extracting(ReconciliationStatus::instrument,
                ReconciliationStatus::reduceOnly, ReconciliationStatus::reason).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("BTCUSDT", true, bnb),
                        org.assertj.core.groups.Tuple.tuple("ETHUSDT", true, bnb));
        fake.adjustBalance("BNB", new BigDecimal("-0.5"));
        reconcile();
        assertThat(router.reduceOnly("BTCUSDT")).isFalse();
        assertThat(router.reduceOnly("ETHUSDT")).isFalse();
        assertThat(out.of(ReconciliationStatus.class)).hasSize(8);
        assertExecutionsEqualFakeState(out);
    }

    /**
     * An external order tracked again after a restart skips its fills on {@code executions} by trade id, not by count:
     * the earlier run published the hand limit's second trade and not its first (as a stream ahead of REST may). After
     * the restart the round books the first trade and never the second again.
     */
    @Test
    void anExternalOrderTrackedAgainSkipsItsPublishedFillsByTradeId() throws Exception {
        int from = fake.cursor();
        List<MarketEvent> events = fake.events();
        BigDecimal lowest = null;
        for (int i = from; i < events.size(); i++) {
            MarketEvent e = events.get(i);
            if (e.trade() != null && (lowest == null || e.trade().price().compareTo(lowest) < 0)) {
                lowest = e.trade().price();
            }
        }
        BigDecimal limit = lowest.add(new BigDecimal("5.00"));
        BinanceNewOrder resting = byHand().newOrder(CurrencyPair.BTC_USDT, OrderSide.BUY,
                org.knowm.xchange.binance.dto.trade.OrderType.LIMIT,
                org.knowm.xchange.binance.dto.trade.TimeInForce.GTC, new BigDecimal("0.05"), null, limit,
                "by-hand-5", null, null, null, BinanceNewOrder.NewOrderResponseType.FULL);
        // up to the second recorded trade through its price (oracle: the recording): two fills, still working
        List<Integer> through = new ArrayList<>();
        for (int i = from; i < events.size() && through.size() < 2; i++) {
            MarketEvent e = events.get(i);
            if (e.trade() != null && e.trade().price().compareTo(limit) < 0) {
                through.add(i);
            }
        }
        assertThat(events.get(through.get(0)).trade().quantity().add(events.get(through.get(1)).trade().quantity()))
                .isLessThan(new BigDecimal("0.05"));
        fake.advance(through.get(1) - from + 1);
        reconcile();
        List<OrderFilled> before = out.of(OrderFilled.class);
        assertThat(before).extracting(OrderFilled::clientOrderId).containsOnly("ext-" + resting.orderId).hasSize(2);
        OrderFilled first = before.get(0);
        OrderFilled second = before.get(1);

        // what the earlier run wrote: the second trade, not the first
        RecordingExecutions written = new RecordingExecutions();
        for (net.openhft.chronicle.wire.Marshallable m : out.events) {
            if (m instanceof OrderFilled f && f.tradeId().equals(first.tradeId())) {
                continue;
            }
            if (m instanceof OrderFilled f && f.tradeId().equals(second.tradeId())) {
                OrderFilled alone = f.deepCopy();
                alone.cumulativeQuantity(f.fillQuantity());
                written.orderFilled(alone);
                continue;
            }
            written.events.add(m.deepCopy());
        }

        nowNs.addAndGet(60_000_000_000L);
        RecordingExecutions after = new RecordingExecutions();
        router = new OrderRouter(routerConfig, config, after, factory());
        written.replayInto(router.recovery());
        router.start();
        reconcile();

        assertThat(after.of(OrderAccepted.class)).isEmpty(); // accepted before the restart
        assertThat(after.of(OrderFilled.class)).singleElement().satisfies(f -> {
            assertThat(f.tradeId()).isEqualTo(first.tradeId());
            assertThat(f.clientOrderId()).isEqualTo("ext-" + resting.orderId);
            assertThat(f.cumulativeQuantity()).isEqualTo(first.fillQuantity() + second.fillQuantity());
        });
    }

    @Test
    void anExternalOrderFilledInTwoTradesIsAdoptedOnceAndEachTradeBookedOnce() throws Exception {
        BinanceTradeService hand = byHand();
        fake.fault("partialFills", "2");
        BinanceNewOrder market = hand.newOrder(CurrencyPair.BTC_USDT, OrderSide.SELL,
                org.knowm.xchange.binance.dto.trade.OrderType.MARKET, null, new BigDecimal("0.002"), null, null,
                "by-hand-9", null, null, null, BinanceNewOrder.NewOrderResponseType.FULL);
        List<Fill> trades = fake.fills().stream().filter(f -> f.orderId() == market.orderId).toList();
        assertThat(trades).hasSize(2); // the fault split it: the round meets the order through both trades

        reconcile();
        assertThat(out.of(OrderAccepted.class)).extracting(OrderAccepted::clientOrderId)
                .containsExactly("ext-" + market.orderId);
        assertThat(out.of(OrderFilled.class)).extracting(OrderFilled::tradeId)
                .containsExactlyInAnyOrderElementsOf(trades.stream().map(f -> "binance-" + f.id()).toList());
        assertThat(router.position("external", "BTCUSDT").quantity()).isEqualTo(-200); // 0.002 BTC sold, once
        assertExecutionsEqualFakeState(out);
        int messages = out.size();
        reconcile();
        assertThat(out.size()).as("nothing booked again").isEqualTo(messages);
    }
}
