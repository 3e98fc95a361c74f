package io.aquatrade.router.venue.binance;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.BalanceUpdate;
import io.aquatrade.common.CancelOrder;
import io.aquatrade.common.CancelRejected;
import io.aquatrade.common.EpochClock;
import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.LiquiditySide;
import io.aquatrade.common.OrderAccepted;
import io.aquatrade.common.OrderCanceled;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.OrderRejected;
import io.aquatrade.common.OrderType;
import io.aquatrade.common.PositionUpdate;
import io.aquatrade.common.RejectReason;
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
import org.junit.jupiter.api.Test;

/**
 * Stops, stop replacement and BNB fees of the binance venue: the order router with the real XChange 5.2.4 client
 * against fake-binance in-process over the shared BTCUSDT capture of 2024-08-08, moved by hand. The decision engine's
 * protective stop is played here as {@code ProtectiveStops} sends it: the new stop first, then the cancel of the old.
 * Expected prices and fees are worked out from the recorded events and the commission rule.
 */
class BinanceStopReplaceIT {
    private static final String KEY = "stop-it-key";
    private static final String SECRET = "stop-it-secret-7c1d2e9a";
    private static final BigDecimal RATE = new BigDecimal("0.001");
    private static final long POLL_MS = 1000;
    private static final String STRATEGY = "s";
    /** Orders stamped this far ahead of the venue's clock: beyond recvWindow, so they are sent without asking. */
    private static final long ORDER_AHEAD_NS = 10_000_000_000L;

    private FakeBinanceFixture fake;
    private final AtomicLong nowNs = new AtomicLong(1_700_000_000_000_000_000L);
    private final EpochClock clock = nowNs::get;
    private final RecordingExecutions out = new RecordingExecutions();
    private OrderRouter router;
    private int nextId = 1;

    private void start(Map<String, BigDecimal> balances, String assets) throws Exception {
        fake = new FakeBinanceFixture(KEY, SECRET, balances, RATE);
        AquatradeConfig config = TestConfigs.parse("""
                runtime: {queueDir: var/queues, sequencing: arrival}
                instruments:
                  - {symbol: BTCUSDT, base: BTC, quote: USDT, priceDecimals: 2, sizeDecimals: 5}
                assets: {%s}
                order-router:
                  venue: binance
                  binance: {baseUrl: "%s", recvWindowMs: 5000, pollIntervalMs: %d, wsApiUrl: none}
                """.formatted(assets, fake.restUri(), POLL_MS));
        RouterConfig routerConfig = RouterConfig.from(config);
        BinanceVenueConfig venueConfig = routerConfig.binance();
        BinanceCredentials credentials = BinanceCredentials.load(venueConfig,
                Map.of(BinanceCredentials.ENV_KEY, KEY, BinanceCredentials.ENV_SECRET, SECRET));
        router = new OrderRouter(routerConfig, config, out, BinanceVenue.factory(venueConfig, credentials, config,
                clock));
        router.start();
    }

    @AfterEach
    void stop() {
        if (fake != null) {
            fake.close();
        }
    }

    private SubmitOrder order(Side side, OrderType type, String qty) {
        return new SubmitOrder().clientOrderId(STRATEGY + "-" + nextId++).strategyId(STRATEGY).instrument("BTCUSDT")
                .side(side).orderType(type).timeInForce(type == OrderType.MARKET ? TimeInForce.IOC : TimeInForce.GTC)
                .quantity(size(new BigDecimal(qty))).reason("signal")
                .eventTimeNs(nowNs.incrementAndGet() + ORDER_AHEAD_NS);
    }

    /** A protective sell stop as the decision engine sends it: reduce-only GTC, a STOP_LIMIT 10 USDT below. */
    private SubmitOrder sellStop(OrderType type, String qty, BigDecimal trigger) {
        SubmitOrder o = order(Side.SELL, type, qty).triggerPrice(price(trigger)).reduceOnly(true)
                .reason("protective-stop");
        if (type == OrderType.STOP_LIMIT) {
            o.limitPrice(price(trigger.subtract(BigDecimal.TEN)));
        }
        return o;
    }

    private void cancel(String clientOrderId) {
        router.cancelOrder(new CancelOrder().clientOrderId(clientOrderId).strategyId(STRATEGY).instrument("BTCUSDT")
                .reason("replaced").eventTimeNs(nowNs.incrementAndGet() + ORDER_AHEAD_NS));
    }

    private static long size(BigDecimal qty) {
        return FixedPoint.fromBigDecimal(qty, 5);
    }

    private static long price(BigDecimal p) {
        return FixedPoint.fromBigDecimal(p, 2);
    }

    private static String plain(BigDecimal p) {
        return p.stripTrailingZeros().toPlainString();
    }

    private static long amount(BigDecimal a) {
        return FixedPoint.fromBigDecimal(a.setScale(8, RoundingMode.HALF_UP), 8);
    }

    private void poll() {
        nowNs.addAndGet(POLL_MS * 1_000_000L);
        router.pollVenue();
    }

    private BinanceVenue venue() {
        return (BinanceVenue) router.venue();
    }

    /** Buys 0.01 BTC at market: with the 0.1 % commission in BTC the account holds 0.00999 BTC, the whole position. */
    private void buyPosition() {
        router.submitOrder(order(Side.BUY, OrderType.MARKET, "0.01"));
        assertThat(router.balance("BTC")).isEqualTo(amount(new BigDecimal("0.00999")));
    }

    @Test
    void aTrailingStopMovedSeveralTimesWhileThePositionIsHeldIsAlwaysExactlyOneWorkingStop() throws Exception {
        start(Map.of("USDT", new BigDecimal("100000")), "BTC: 8, USDT: 8");
        buyPosition();
        BigDecimal trigger = fake.lastTradePrice().subtract(new BigDecimal("60.00"));
        SubmitOrder first = sellStop(OrderType.STOP_MARKET, "0.00999", trigger);
        router.submitOrder(first);
        assertThat(fake.typeOf(first.clientOrderId())).isEqualTo("STOP_LOSS");
        List<Integer> openStops = fake.watchOpenStops("SELL");

        String working = first.clientOrderId();
        for (int move = 1; move <= 6; move++) {
            fake.advance(20);
            poll();
            trigger = trigger.add(new BigDecimal("5.00"));
            assertThat(trigger).isLessThan(fake.lastTradePrice()); // the recording stays above the stop
            // ProtectiveStops: the new stop first (STOP_LIMIT and STOP_MARKET in turn), then the old one's cancel
            SubmitOrder next = sellStop(move % 2 == 0 ? OrderType.STOP_MARKET : OrderType.STOP_LIMIT, "0.00999",
                    trigger);
            router.submitOrder(next);
            cancel(working);
            assertThat(out.of(OrderAccepted.class)).extracting(OrderAccepted::clientOrderId)
                    .contains(next.clientOrderId());
            assertThat(out.of(OrderCanceled.class)).extracting(OrderCanceled::clientOrderId).contains(working);
            assertThat(fake.openStops()).containsExactly(next.clientOrderId() + " "
                    + (move % 2 == 0 ? "STOP_LOSS" : "STOP_LOSS_LIMIT") + " SELL 0.00999 @ " + plain(trigger));
            assertThat(fake.statusOf(working)).isEqualTo("CANCELED");
            working = next.clientOrderId();
        }
        poll();
        // at every state between requests the fake showed exactly one working sell stop: never none, never two
        assertThat(openStops).isNotEmpty().containsOnly(1);
        assertThat(venue().stopReplacements()).isEqualTo(6);
        assertThat(out.of(OrderRejected.class)).isEmpty();
        assertThat(out.of(CancelRejected.class)).isEmpty();
        assertThat(out.of(OrderCanceled.class)).hasSize(6).allSatisfy(c -> assertThat(c.cumulativeQuantity()).isZero());
        assertThat(router.venue().workingOrders()).isEqualTo(1);
        assertThat(router.position(STRATEGY, "BTCUSDT").quantity()).isEqualTo(size(new BigDecimal("0.00999")));
    }

    @Test
    void aReplacedStopWhoseCancelNeverComesIsReportedCanceledAfterTheRecvWindow() throws Exception {
        start(Map.of("USDT", new BigDecimal("100000")), "BTC: 8, USDT: 8");
        buyPosition();
        BigDecimal trigger = fake.lastTradePrice().subtract(new BigDecimal("60.00"));
        SubmitOrder first = sellStop(OrderType.STOP_MARKET, "0.00999", trigger);
        router.submitOrder(first);
        SubmitOrder next = sellStop(OrderType.STOP_MARKET, "0.00999", trigger.add(BigDecimal.ONE));
        router.submitOrder(next); // the engine's cancel of the first is lost (say, a restart between the two)
        assertThat(fake.statusOf(first.clientOrderId())).isEqualTo("CANCELED");
        for (int i = 0; i < 5; i++) { // 5 s: within recvWindow, it still waits for the cancel
            poll();
        }
        assertThat(out.of(OrderCanceled.class)).isEmpty();
        poll();
        OrderCanceled canceled = out.of(OrderCanceled.class).get(0);
        assertThat(canceled.clientOrderId()).isEqualTo(first.clientOrderId());
        assertThat(canceled.eventTimeNs()).isEqualTo(next.eventTimeNs());
        cancel(first.clientOrderId()); // a cancel coming after all is answered as for a finished order
        assertThat(out.of(CancelRejected.class)).extracting(CancelRejected::clientOrderId)
                .containsExactly(first.clientOrderId());
    }

    @Test
    void aNewStopRefusedAfterTheCancelLeavesTheOldStopReplacedAtOnce() throws Exception {
        start(Map.of("USDT", new BigDecimal("100000")), "BTC: 8, USDT: 8");
        buyPosition();
        BigDecimal trigger = fake.lastTradePrice().subtract(new BigDecimal("60.00"));
        SubmitOrder first = sellStop(OrderType.STOP_LIMIT, "0.00999", trigger);
        router.submitOrder(first);
        // a sell stop above the last trade would trigger at once: Binance cancels the old stop, then refuses it
        BigDecimal above = fake.lastTradePrice().add(new BigDecimal("10.00"));
        SubmitOrder refused = sellStop(OrderType.STOP_MARKET, "0.00999", above);
        router.submitOrder(refused);
        cancel(first.clientOrderId());

        String again = refused.clientOrderId() + "-p";
        OrderRejected rejected = out.of(OrderRejected.class).get(0);
        assertThat(rejected.clientOrderId()).isEqualTo(refused.clientOrderId());
        assertThat(rejected.reason()).contains("-2021", "Order would trigger immediately.",
                first.clientOrderId() + " was cancelled", "re-placed as " + again);
        assertThat(out.of(OrderAccepted.class)).extracting(OrderAccepted::clientOrderId)
                .containsSubsequence(first.clientOrderId(), again);
        assertThat(out.of(OrderCanceled.class)).extracting(OrderCanceled::clientOrderId)
                .containsExactly(first.clientOrderId());
        assertThat(out.of(CancelRejected.class)).isEmpty();
        // a protective stop still works: the old one's terms, for the whole position
        assertThat(fake.openStops()).containsExactly(again + " STOP_LOSS_LIMIT SELL 0.00999 @ " + plain(trigger));
        assertThat(fake.balances().get("BTC")[1]).isEqualByComparingTo("0.00999");
        assertThat(router.venue().workingOrders()).isEqualTo(1);

        // the engine's next stop replaces the re-placed one (which it does not know) in one request as well
        BigDecimal higher = trigger.add(new BigDecimal("5.00"));
        SubmitOrder next = sellStop(OrderType.STOP_MARKET, "0.00999", higher);
        router.submitOrder(next);
        assertThat(fake.openStops()).containsExactly(next.clientOrderId() + " STOP_LOSS SELL 0.00999 @ "
                + plain(higher));
        assertThat(out.of(OrderCanceled.class)).extracting(OrderCanceled::clientOrderId)
                .containsExactly(first.clientOrderId(), again);
        assertThat(router.venue().workingOrders()).isEqualTo(1);
    }

    @Test
    void theEnginesOwnStopLossExitReplacesAReplacedStopItDoesNotKnow() throws Exception {
        start(Map.of("USDT", new BigDecimal("100000")), "BTC: 8, USDT: 8");
        buyPosition();
        SubmitOrder first = sellStop(OrderType.STOP_MARKET, "0.00999",
                fake.lastTradePrice().subtract(new BigDecimal("60.00")));
        router.submitOrder(first);
        SubmitOrder refused = sellStop(OrderType.STOP_MARKET, "0.00999",
                fake.lastTradePrice().add(new BigDecimal("10.00")));
        router.submitOrder(refused);
        cancel(first.clientOrderId());
        String again = refused.clientOrderId() + "-p";
        assertThat(fake.openStops()).hasSize(1);

        // knowing no stop of its own works, the engine exits by its own check: a sell at market, IOC, not reduce-only
        // (Exits.exit through OrderSender.submit)
        SubmitOrder exit = order(Side.SELL, OrderType.MARKET, "0.00999").reason("stop-loss");
        router.submitOrder(exit);
        for (int i = 0; i < 20 && fake.statusOf(exit.clientOrderId()) != null
                && !"FILLED".equals(fake.statusOf(exit.clientOrderId())); i++) {
            fake.advance(10); // a rest beyond the book ticker fills on the next recorded trades
            poll();
        }
        assertThat(fake.statusOf(exit.clientOrderId())).isEqualTo("FILLED");
        assertThat(fake.ordersWithClientId(exit.clientOrderId())).isEqualTo(1); // one request, not one per tick
        assertThat(out.of(OrderRejected.class)).extracting(OrderRejected::clientOrderId)
                .containsExactly(refused.clientOrderId());
        assertThat(fake.statusOf(again)).isEqualTo("CANCELED");
        assertThat(fake.openStops()).isEmpty();
        assertThat(out.of(OrderCanceled.class)).extracting(OrderCanceled::clientOrderId)
                .containsExactly(first.clientOrderId(), again);
        assertThat(out.of(OrderFilled.class).stream().filter(f -> f.clientOrderId().equals(exit.clientOrderId()))
                .mapToLong(OrderFilled::fillQuantity).sum()).isEqualTo(size(new BigDecimal("0.00999")));
        assertThat(router.position(STRATEGY, "BTCUSDT").quantity()).isZero();
        assertThat(router.venue().workingOrders()).isZero();
    }

    /** Polls until the order is FILLED at the fake (a rest beyond the book ticker fills on the next trades). */
    private void pollUntilFilled(String clientOrderId) {
        for (int i = 0; i < 20 && fake.statusOf(clientOrderId) != null
                && !"FILLED".equals(fake.statusOf(clientOrderId)); i++) {
            fake.advance(10);
            poll();
        }
    }

    @Test
    void theEnginesExitWhileItsStopWorksGoesOutAsOneCancelReplaceOfThatStop() throws Exception {
        start(Map.of("USDT", new BigDecimal("100000")), "BTC: 8, USDT: 8");
        buyPosition();
        SubmitOrder stop = sellStop(OrderType.STOP_MARKET, "0.00999",
                fake.lastTradePrice().subtract(new BigDecimal("60.00")));
        router.submitOrder(stop);
        assertThat(fake.balances().get("BTC")[1]).isEqualByComparingTo("0.00999"); // the stop locks the position

        // the exit signal as the engine sends it: the whole position at market, IOC, not reduce-only
        SubmitOrder exit = order(Side.SELL, OrderType.MARKET, "0.00999").reason("signal");
        router.submitOrder(exit);
        pollUntilFilled(exit.clientOrderId());

        assertThat(fake.statusOf(exit.clientOrderId())).isEqualTo("FILLED");
        assertThat(fake.ordersWithClientId(exit.clientOrderId())).isEqualTo(1);
        assertThat(fake.statusOf(stop.clientOrderId())).isEqualTo("CANCELED");
        assertThat(fake.openStops()).isEmpty();
        assertThat(venue().stopReplacements()).isEqualTo(1);
        assertThat(out.of(OrderRejected.class)).isEmpty();
        assertThat(out.of(OrderFilled.class).stream().filter(f -> f.clientOrderId().equals(exit.clientOrderId()))
                .mapToLong(OrderFilled::fillQuantity).sum()).isEqualTo(size(new BigDecimal("0.00999")));
        assertThat(router.position(STRATEGY, "BTCUSDT").quantity()).isZero();

        // the engine cancels its stop once the position is flat: answered from memory, no request
        cancel(stop.clientOrderId());
        assertThat(out.of(OrderCanceled.class)).extracting(OrderCanceled::clientOrderId)
                .containsExactly(stop.clientOrderId());
        assertThat(out.of(CancelRejected.class)).isEmpty();
        assertThat(router.venue().workingOrders()).isZero();
        assertThat(fake.balances().get("BTC")[0].add(fake.balances().get("BTC")[1])).isZero();
    }

    @Test
    void aRestingLimitExitOfTheWholePositionReplacesTheStopAndAPartialSellDoesNot() throws Exception {
        start(Map.of("USDT", new BigDecimal("100000")), "BTC: 8, USDT: 8");
        buyPosition();
        SubmitOrder stop = sellStop(OrderType.STOP_LIMIT, "0.00999",
                fake.lastTradePrice().subtract(new BigDecimal("60.00")));
        router.submitOrder(stop);

        // a take-profit rung (part of the position) is not an exit: Binance refuses it while the stop locks all
        SubmitOrder rung = order(Side.SELL, OrderType.LIMIT, "0.005").limitPrice(price(fake.lastTradePrice()
                .add(new BigDecimal("100.00")))).reduceOnly(true).reason("take-profit");
        router.submitOrder(rung);
        assertThat(out.of(OrderRejected.class)).singleElement().satisfies(r -> {
            assertThat(r.clientOrderId()).isEqualTo(rung.clientOrderId());
            assertThat(r.reasonCode()).isEqualTo(RejectReason.INSUFFICIENT_BALANCE);
        });
        assertThat(fake.statusOf(stop.clientOrderId())).isEqualTo("NEW"); // the stop still protects it all

        // a limit exit of the whole position (exitOrder: limit, reduce-only GTC far above): one cancel-replace
        BigDecimal far = fake.lastTradePrice().add(new BigDecimal("500.00"));
        SubmitOrder exit = order(Side.SELL, OrderType.LIMIT, "0.00999").limitPrice(price(far)).reduceOnly(true)
                .reason("exit");
        router.submitOrder(exit);
        assertThat(fake.statusOf(exit.clientOrderId())).isEqualTo("NEW");
        assertThat(fake.statusOf(stop.clientOrderId())).isEqualTo("CANCELED");
        assertThat(fake.ordersWithClientId(exit.clientOrderId())).isEqualTo(1);
        assertThat(venue().stopReplacements()).isEqualTo(1);
        assertThat(out.of(OrderRejected.class)).hasSize(1);
        assertThat(out.of(OrderAccepted.class)).extracting(OrderAccepted::clientOrderId)
                .contains(exit.clientOrderId());
        cancel(stop.clientOrderId());
        assertThat(out.of(OrderCanceled.class)).extracting(OrderCanceled::clientOrderId)
                .containsExactly(stop.clientOrderId());
        assertThat(router.venue().workingOrders()).isEqualTo(1); // the limit exit rests
    }

    @Test
    void anExitRefusedForABalanceHeldOutsideTheRouterIsSentAgainAsACancelReplace() throws Exception {
        start(Map.of("USDT", new BigDecimal("100000"), "BTC", new BigDecimal("0.01")), "BTC: 8, USDT: 8");
        fake.placeByHand(Map.of("symbol", "BTCUSDT", "side", "SELL", "type", "LIMIT", "timeInForce", "GTC",
                "quantity", "0.01", "price", fake.lastTradePrice().add(new BigDecimal("5000")).setScale(2)
                        .toPlainString(), "newClientOrderId", "by-hand"));
        buyPosition2();
        SubmitOrder stop = sellStop(OrderType.STOP_MARKET, "0.00999",
                fake.lastTradePrice().subtract(new BigDecimal("60.00")));
        router.submitOrder(stop);
        // the router's estimate says the exit fits beside the stop; Binance says -2010: sent again, replacing it
        SubmitOrder exit = order(Side.SELL, OrderType.MARKET, "0.00999").reason("flatten");
        router.submitOrder(exit);
        pollUntilFilled(exit.clientOrderId());

        assertThat(fake.statusOf(exit.clientOrderId())).isEqualTo("FILLED");
        assertThat(fake.statusOf(stop.clientOrderId())).isEqualTo("CANCELED");
        assertThat(venue().stopReplacements()).isEqualTo(1);
        assertThat(out.of(OrderRejected.class)).isEmpty();
        assertThat(fake.openStops()).isEmpty();
        cancel(stop.clientOrderId());
        assertThat(out.of(OrderCanceled.class)).extracting(OrderCanceled::clientOrderId)
                .containsExactly(stop.clientOrderId());
        assertThat(out.of(CancelRejected.class)).isEmpty();
    }

    @Test
    void aStopRefusedForABalanceHeldOutsideTheRouterIsSentAgainAsACancelReplace() throws Exception {
        start(Map.of("USDT", new BigDecimal("100000"), "BTC", new BigDecimal("0.01")), "BTC: 8, USDT: 8");
        // a sell placed by hand far above the market holds 0.01 BTC the router counts as free
        fake.placeByHand(Map.of("symbol", "BTCUSDT", "side", "SELL", "type", "LIMIT", "timeInForce", "GTC",
                "quantity", "0.01", "price", fake.lastTradePrice().add(new BigDecimal("5000")).setScale(2)
                        .toPlainString(), "newClientOrderId", "by-hand"));
        buyPosition2();
        BigDecimal trigger = fake.lastTradePrice().subtract(new BigDecimal("60.00"));
        SubmitOrder first = sellStop(OrderType.STOP_MARKET, "0.00999", trigger);
        router.submitOrder(first);
        BigDecimal higher = trigger.add(new BigDecimal("5.00"));
        SubmitOrder next = sellStop(OrderType.STOP_MARKET, "0.00999", higher);
        router.submitOrder(next); // the router's estimate says it fits; Binance says -2010: sent again, replacing
        cancel(first.clientOrderId());

        assertThat(venue().stopReplacements()).isEqualTo(1);
        assertThat(fake.openStops()).containsExactly(next.clientOrderId() + " STOP_LOSS SELL 0.00999 @ "
                + plain(higher));
        assertThat(out.of(OrderRejected.class)).isEmpty();
        assertThat(out.of(OrderCanceled.class)).extracting(OrderCanceled::clientOrderId)
                .containsExactly(first.clientOrderId());
        assertThat(fake.ordersWithClientId(next.clientOrderId())).isEqualTo(1);
    }

    @Test
    void withQueueDerivedIdsBothHalvesAndTheReplacedStopNameTheIdsSentToBinance() throws Exception {
        start(Map.of("USDT", new BigDecimal("100000")), "BTC: 8, USDT: 8");
        AtomicLong index = new AtomicLong(100);
        long queueId = 1_733_200_000_000L;
        venue().ordersTopic(index::get, queueId); // as the router does with an orders topic
        String tag = Long.toString(queueId, 36);
        buyPosition();
        index.incrementAndGet();
        BigDecimal trigger = fake.lastTradePrice().subtract(new BigDecimal("60.00"));
        SubmitOrder first = sellStop(OrderType.STOP_MARKET, "0.00999", trigger);
        router.submitOrder(first);
        String firstAtBinance = ClientOrderIds.derive(STRATEGY, tag, index.get());
        assertThat(fake.statusOf(firstAtBinance)).isEqualTo("NEW");
        List<Integer> openStops = fake.watchOpenStops("SELL");

        index.incrementAndGet();
        BigDecimal higher = trigger.add(new BigDecimal("5.00"));
        SubmitOrder next = sellStop(OrderType.STOP_LIMIT, "0.00999", higher);
        router.submitOrder(next); // one cancel-replace: cancelOrigClientOrderId and newClientOrderId are Binance's
        cancel(first.clientOrderId());
        String nextAtBinance = ClientOrderIds.derive(STRATEGY, tag, index.get());
        assertThat(venue().stopReplacements()).isEqualTo(1);
        assertThat(fake.statusOf(firstAtBinance)).isEqualTo("CANCELED");
        assertThat(fake.openStops()).containsExactly(nextAtBinance + " STOP_LOSS_LIMIT SELL 0.00999 @ "
                + plain(higher));
        assertThat(out.of(OrderCanceled.class)).extracting(OrderCanceled::clientOrderId)
                .containsExactly(first.clientOrderId());

        // a new stop refused after the cancel: the re-placed stop goes out as the refused stop's Binance id + "-p"
        index.incrementAndGet();
        SubmitOrder refused = sellStop(OrderType.STOP_MARKET, "0.00999",
                fake.lastTradePrice().add(new BigDecimal("10.00")));
        router.submitOrder(refused);
        cancel(next.clientOrderId());
        String refusedAtBinance = ClientOrderIds.derive(STRATEGY, tag, index.get());
        assertThat(out.of(OrderRejected.class)).extracting(OrderRejected::clientOrderId)
                .containsExactly(refused.clientOrderId());
        assertThat(out.of(OrderAccepted.class)).extracting(OrderAccepted::clientOrderId)
                .contains(refused.clientOrderId() + "-p");
        assertThat(fake.openStops()).containsExactly(refusedAtBinance + "-p STOP_LOSS_LIMIT SELL 0.00999 @ "
                + plain(higher));
        assertThat(fake.statusOf(nextAtBinance)).isEqualTo("CANCELED");
        // none of our ids reached Binance, and each Binance id was asked for once
        assertThat(fake.clientOrderIds()).noneMatch(id -> id.startsWith(STRATEGY + "-") && !id.contains(tag));
        assertThat(fake.placements()).containsEntry(firstAtBinance, 1).containsEntry(nextAtBinance, 1)
                .containsEntry(refusedAtBinance, 1).containsEntry(refusedAtBinance + "-p", 1);
        // after each request one working stop: the cancel-replace, the -2021 (none: Binance cancelled the old stop
        // and refused the new), and the re-placement the venue sent at once
        assertThat(openStops).containsExactly(1, 0, 1);
        assertThat(router.venue().workingOrders()).isEqualTo(1);
    }

    @Test
    void aStopHeldBackByABanGoesOutAsACancelReplaceAndTheEnginesCancelWaitsForIt() throws Exception {
        start(Map.of("USDT", new BigDecimal("100000")), "BTC: 8, USDT: 8");
        buyPosition();
        BigDecimal trigger = fake.lastTradePrice().subtract(new BigDecimal("60.00"));
        SubmitOrder first = sellStop(OrderType.STOP_MARKET, "0.00999", trigger);
        router.submitOrder(first);
        List<Integer> openStops = fake.watchOpenStops("SELL");
        fake.fault("http418", "2"); // an IP ban of 2 s from now
        BigDecimal higher = trigger.add(new BigDecimal("5.00"));
        SubmitOrder next = sellStop(OrderType.STOP_MARKET, "0.00999", higher);
        router.submitOrder(next); // refused 418: it waits; the stop it replaces works on
        cancel(first.clientOrderId()); // must not pass the stop that replaces it
        assertThat(venue().guard().budget().banned()).isTrue();
        long requests = fake.restFaults().requests();
        elapseAndPoll(1000);
        assertThat(fake.restFaults().requests()).as("no request during the ban").isEqualTo(requests);
        assertThat(fake.statusOf(first.clientOrderId())).isEqualTo("NEW");
        assertThat(out.of(OrderCanceled.class)).isEmpty();
        elapseAndPoll(1100); // the ban is over: one cancel-replace, and the engine's cancel answered from it
        assertThat(venue().stopReplacements()).isEqualTo(1);
        assertThat(fake.statusOf(first.clientOrderId())).isEqualTo("CANCELED");
        assertThat(fake.openStops()).containsExactly(next.clientOrderId() + " STOP_LOSS SELL 0.00999 @ "
                + plain(higher));
        assertThat(out.of(OrderCanceled.class)).singleElement().satisfies(c -> {
            assertThat(c.clientOrderId()).isEqualTo(first.clientOrderId());
            assertThat(c.cumulativeQuantity()).isZero();
        });
        assertThat(out.of(OrderRejected.class)).isEmpty();
        assertThat(out.of(CancelRejected.class)).isEmpty();
        assertThat(fake.ordersWithClientId(next.clientOrderId())).isEqualTo(1);
        assertThat(openStops).isNotEmpty().containsOnly(1);
        assertThat(router.venue().workingOrders()).isEqualTo(1);
    }

    /**
     * The ten-second order count used up, the request weight not: the new stop waits for an order count, and the
     * engine's cancel of the old stop (which needs none) must wait for it too, or the position has no stop.
     */
    @Test
    void theOrderCountFullTheOldStopsCancelWaitsForTheStopThatReplacesIt() throws Exception {
        start(Map.of("USDT", new BigDecimal("100000")), "BTC: 8, USDT: 8");
        buyPosition();
        BigDecimal trigger = fake.lastTradePrice().subtract(new BigDecimal("60.00"));
        SubmitOrder first = sellStop(OrderType.STOP_MARKET, "0.00999", trigger);
        router.submitOrder(first);
        assertThat(fake.openStops()).hasSize(1);
        List<Integer> openStops = fake.watchOpenStops("SELL");
        venue().guard().budget().observe(200, Map.of("X-MBX-ORDER-COUNT-10S", List.of("100")));
        BigDecimal higher = trigger.add(new BigDecimal("5.00"));
        SubmitOrder next = sellStop(OrderType.STOP_MARKET, "0.00999", higher);
        router.submitOrder(next); // no order count left: it waits
        cancel(first.clientOrderId()); // needs no order count, but must not pass the stop that replaces it
        poll();
        poll();
        assertThat(fake.statusOf(first.clientOrderId())).isEqualTo("NEW");
        assertThat(fake.openStops()).hasSize(1);
        assertThat(out.of(OrderCanceled.class)).isEmpty();
        elapseAndPoll(10_000); // a new ten-second window: one cancel-replace, the engine's cancel answered from it
        assertThat(fake.statusOf(first.clientOrderId())).isEqualTo("CANCELED");
        assertThat(fake.openStops()).containsExactly(next.clientOrderId() + " STOP_LOSS SELL 0.00999 @ "
                + plain(higher));
        assertThat(out.of(OrderCanceled.class)).singleElement()
                .satisfies(c -> assertThat(c.clientOrderId()).isEqualTo(first.clientOrderId()));
        assertThat(out.of(OrderRejected.class)).isEmpty();
        assertThat(out.of(CancelRejected.class)).isEmpty();
        assertThat(openStops).isNotEmpty().containsOnly(1);
        assertThat(router.venue().workingOrders()).isEqualTo(1);
    }

    /**
     * A new stop placed on its own (the balance holds both) whose answer is lost (5xx after Binance took it): the
     * engine's cancel of the old stop waits until the new stop is found at Binance, then goes.
     */
    @Test
    void theOldStopsCancelWaitsForANewStopOfUnknownOutcomeToBeFound() throws Exception {
        start(Map.of("USDT", new BigDecimal("100000")), "BTC: 8, USDT: 8");
        buyPosition();
        buyPosition2(); // 0.01998 BTC: room for both stops of 0.00999
        BigDecimal trigger = fake.lastTradePrice().subtract(new BigDecimal("60.00"));
        SubmitOrder first = sellStop(OrderType.STOP_MARKET, "0.00999", trigger);
        router.submitOrder(first);
        fake.fault("http5xxAfterTake", "1");
        BigDecimal higher = trigger.add(new BigDecimal("5.00"));
        SubmitOrder next = sellStop(OrderType.STOP_MARKET, "0.00999", higher);
        router.submitOrder(next); // taken by Binance, answered 503: unknown
        assertThat(venue().stopReplacements()).isZero();
        assertThat(router.venue().outstandingOrders()).isEqualTo(1);
        cancel(first.clientOrderId());
        assertThat(fake.statusOf(first.clientOrderId())).as("not cancelled while the new stop is unknown")
                .isEqualTo("NEW");
        poll(); // the new stop found and adopted
        assertThat(router.venue().outstandingOrders()).isZero();
        poll(); // the old stop's cancel goes
        assertThat(fake.statusOf(first.clientOrderId())).isEqualTo("CANCELED");
        assertThat(fake.openStops()).containsExactly(next.clientOrderId() + " STOP_LOSS SELL 0.00999 @ "
                + plain(higher));
        assertThat(out.of(OrderCanceled.class)).singleElement()
                .satisfies(c -> assertThat(c.clientOrderId()).isEqualTo(first.clientOrderId()));
        assertThat(fake.ordersWithClientId(next.clientOrderId())).isEqualTo(1);
        assertThat(router.venue().workingOrders()).isEqualTo(1);
    }

    @Test
    void aCancelReplaceStampedOffBinancesClockResynchronisesAndGoesOnceMore() throws Exception {
        start(Map.of("USDT", new BigDecimal("100000")), "BTC: 8, USDT: 8");
        buyPosition();
        BigDecimal trigger = fake.lastTradePrice().subtract(new BigDecimal("60.00"));
        SubmitOrder first = sellStop(OrderType.STOP_MARKET, "0.00999", trigger);
        router.submitOrder(first);
        long syncs = venue().guard().serverClock().syncs();
        fake.fault("clockSkewMs", "20000"); // Binance's clock 20 s ahead: a stamp of the machine's time is refused
        BigDecimal higher = trigger.add(new BigDecimal("5.00"));
        SubmitOrder next = sellStop(OrderType.STOP_MARKET, "0.00999", higher);
        router.submitOrder(next); // -1021, resync, then the same request stamped with Binance's time
        cancel(first.clientOrderId());
        assertThat(venue().guard().serverClock().syncs()).isEqualTo(syncs + 1);
        assertThat(venue().guard().serverClock().offsetMs()).isBetween(19_000L, 21_000L);
        assertThat(venue().stopReplacements()).isEqualTo(1);
        assertThat(fake.openStops()).containsExactly(next.clientOrderId() + " STOP_LOSS SELL 0.00999 @ "
                + plain(higher));
        assertThat(fake.statusOf(first.clientOrderId())).isEqualTo("CANCELED");
        assertThat(fake.placements()).containsEntry(next.clientOrderId(), 1); // the refused stamp never reached it
        assertThat(out.of(OrderRejected.class)).isEmpty();
    }

    @Test
    void aStopMarketBelowTheNotionalFilterIsRejectedBeforeAnyRequest() throws Exception {
        start(Map.of("USDT", new BigDecimal("100000")), "BTC: 8, USDT: 8");
        buyPosition();
        BigDecimal trigger = fake.lastTradePrice().subtract(new BigDecimal("60.00"));
        router.submitOrder(sellStop(OrderType.STOP_MARKET, "0.00999", trigger));
        long requests = fake.restFaults().requests();
        // 0.00001 BTC x the trigger is far below the fake's minNotional of 5 USDT, taken at the trigger
        SubmitOrder tiny = sellStop(OrderType.STOP_MARKET, "0.00001", trigger.add(BigDecimal.ONE));
        router.submitOrder(tiny);
        assertThat(fake.restFaults().requests()).isEqualTo(requests);
        OrderRejected rejected = out.of(OrderRejected.class).get(0);
        assertThat(rejected.clientOrderId()).isEqualTo(tiny.clientOrderId());
        assertThat(rejected.reasonCode()).isEqualTo(RejectReason.MIN_NOTIONAL);
        assertThat(rejected.reason()).contains("NOTIONAL");
        assertThat(venue().stopReplacements()).isZero();
    }

    /** Time passes for the venue and for the fake alike; then the venue polls. */
    private void elapseAndPoll(long ms) {
        nowNs.addAndGet(ms * 1_000_000L);
        fake.elapseMs(ms);
        router.pollVenue();
    }

    /** Buys 0.01 BTC at market on top of a balance: the router's BTC grows by 0.00999. */
    private void buyPosition2() {
        long before = router.balance("BTC");
        router.submitOrder(order(Side.BUY, OrderType.MARKET, "0.01"));
        assertThat(router.balance("BTC") - before).isEqualTo(amount(new BigDecimal("0.00999")));
    }

    @Test
    void aStopThatFilledBeforeItsReplacementIsBookedAndTheNewStopPlacedAloneIsRefused() throws Exception {
        start(Map.of("USDT", new BigDecimal("100000")), "BTC: 8, USDT: 8");
        buyPosition();
        // the first trade that falls 5 USDT or more below the last one triggers the stop
        BigDecimal trigger = fake.lastTradePrice().subtract(new BigDecimal("5.00"));
        int at = -1;
        List<MarketEvent> events = fake.events();
        for (int i = fake.cursor(); i < events.size() && at < 0; i++) {
            MarketEvent.Trade t = events.get(i).trade();
            at = t != null && t.price().compareTo(trigger) <= 0 ? i : -1;
        }
        assertThat(at).as("the recording falls to the trigger").isPositive();
        SubmitOrder first = sellStop(OrderType.STOP_MARKET, "0.00999", trigger);
        router.submitOrder(first);
        fake.advance(at - fake.cursor() + 1); // it fills at Binance; the router has not polled yet
        assertThat(fake.statusOf(first.clientOrderId())).isEqualTo("FILLED");

        SubmitOrder next = sellStop(OrderType.STOP_MARKET, "0.00999",
                fake.lastTradePrice().subtract(new BigDecimal("50.00")));
        router.submitOrder(next); // its cancel-replace fails (-2022): the old stop had filled
        cancel(first.clientOrderId());

        List<OrderFilled> stopFills = out.of(OrderFilled.class).stream()
                .filter(f -> f.clientOrderId().equals(first.clientOrderId())).toList();
        assertThat(stopFills).isNotEmpty().extracting(OrderFilled::tradeId).doesNotHaveDuplicates();
        assertThat(stopFills.stream().mapToLong(OrderFilled::fillQuantity).sum())
                .isEqualTo(size(new BigDecimal("0.00999")));
        assertThat(stopFills).hasSize((int) fake.fills().stream().filter(f -> !f.buyer()).count());
        OrderRejected refused = out.of(OrderRejected.class).get(0);
        assertThat(refused.clientOrderId()).isEqualTo(next.clientOrderId());
        assertThat(refused.reason()).contains("-2010", "insufficient balance");
        assertThat(out.of(CancelRejected.class)).extracting(CancelRejected::clientOrderId)
                .containsExactly(first.clientOrderId());
        assertThat(out.of(OrderCanceled.class)).isEmpty();
        assertThat(fake.openStops()).isEmpty();
        assertThat(router.position(STRATEGY, "BTCUSDT").quantity()).isZero();
        assertThat(router.venue().workingOrders()).isZero();
    }

    @Test
    void aStopMarketGoesOutAsStopLossAndSellsAtTheBidWhenATradeReachesIt() throws Exception {
        start(Map.of("USDT", new BigDecimal("100000"), "BTC", new BigDecimal("1")), "BTC: 8, USDT: 8");
        // the oracle: the first recorded trade at or below the trigger, and the book ticker in force before it; the
        // trigger is the first of 5, 10, 15 ... USDT below the last trade whose book then bids 0.001 BTC or more
        List<MarketEvent> events = fake.events();
        BigDecimal trigger = null;
        MarketEvent.Quote book = null;
        int at = -1;
        for (int below = 5; below <= 200 && at < 0; below += 5) {
            trigger = fake.lastTradePrice().subtract(BigDecimal.valueOf(below));
            book = fake.book();
            for (int i = fake.cursor(); i < events.size(); i++) {
                MarketEvent e = events.get(i);
                if (e.quote() != null) {
                    book = e.quote();
                } else if (e.trade().price().compareTo(trigger) <= 0) {
                    at = book.bidQuantity().compareTo(new BigDecimal("0.001")) >= 0 ? i : -1;
                    break;
                }
            }
        }
        assertThat(at).as("the recording falls to a trigger with 0.001 BTC bid").isPositive();
        SubmitOrder stop = sellStop(OrderType.STOP_MARKET, "0.001", trigger).reduceOnly(false); // no position here
        router.submitOrder(stop);
        assertThat(out.of(OrderAccepted.class)).hasSize(1);
        assertThat(fake.typeOf(stop.clientOrderId())).isEqualTo("STOP_LOSS");

        fake.advance(at - fake.cursor() + 1);
        poll();
        OrderFilled fill = out.of(OrderFilled.class).get(0);
        assertThat(fill.clientOrderId()).isEqualTo(stop.clientOrderId());
        assertThat(fill.fillPrice()).isEqualTo(price(book.bid()));
        assertThat(fill.fillQuantity()).isEqualTo(size(new BigDecimal("0.001")));
        assertThat(fill.liquiditySide()).isEqualTo(LiquiditySide.TAKER);
        assertThat(fill.feeAsset()).isEqualTo("USDT");
        assertThat(fill.fee()).isEqualTo(amount(book.bid().multiply(new BigDecimal("0.001")).multiply(RATE)));
        assertThat(fill.last()).isTrue();
        assertThat(fake.statusOf(stop.clientOrderId())).isEqualTo("FILLED");
        assertThat(router.venue().workingOrders()).isZero();
    }

    @Test
    void aCommissionPaidInBnbIsBookedAgainstBnbAndTheBtcAndPositionStayWhole() throws Exception {
        BigDecimal bnbPrice = new BigDecimal("500");
        start(Map.of("USDT", new BigDecimal("100000"), "BNB", BigDecimal.ONE), "BTC: 8, USDT: 8, BNB: 8");
        fake.payFeesWithBnb(Map.of("USDT", bnbPrice));
        assertThat(out.of(BalanceUpdate.class)).extracting(BalanceUpdate::asset)
                .containsExactlyInAnyOrder("BTC", "USDT", "BNB");

        BigDecimal ask = fake.book().ask();
        BigDecimal qty = new BigDecimal("0.01");
        router.submitOrder(order(Side.BUY, OrderType.MARKET, "0.01"));
        BigDecimal notional = ask.multiply(qty);
        // 0.01 BTC x ask x 0.1 % x 0.75 (Binance's BNB discount) / 500 USDT per BNB, half-up to 8 decimals
        BigDecimal fee = notional.multiply(RATE).multiply(new BigDecimal("0.75"))
                .divide(bnbPrice, 8, RoundingMode.HALF_UP);
        OrderFilled buy = out.of(OrderFilled.class).get(0);
        assertThat(buy.feeAsset()).isEqualTo("BNB");
        assertThat(buy.fee()).isEqualTo(amount(fee));
        assertThat(router.balance("BTC")).isEqualTo(amount(qty));
        assertThat(router.balance("USDT")).isEqualTo(amount(new BigDecimal("100000").subtract(notional)));
        assertThat(router.balance("BNB")).isEqualTo(amount(BigDecimal.ONE.subtract(fee)));
        BalanceUpdate bnb = out.of(BalanceUpdate.class).stream().filter(b -> "BNB".equals(b.asset())).toList().get(1);
        assertThat(bnb.change()).isEqualTo(-amount(fee));
        assertThat(bnb.total()).isEqualTo(amount(BigDecimal.ONE.subtract(fee)));
        PositionUpdate position = out.of(PositionUpdate.class).get(0);
        assertThat(position.quantity()).isEqualTo(size(qty)); // whole: no base fee taken from it
        assertThat(position.costBasis()).isEqualTo(amount(notional)); // no quote fee in it either
        // and as Binance booked it
        assertThat(fake.balances().get("BTC")[0]).isEqualByComparingTo(qty);
        assertThat(fake.balances().get("BNB")[0]).isEqualByComparingTo(BigDecimal.ONE.subtract(fee));

        // the whole position can be sold: nothing of it went to fees
        BigDecimal bid = fake.book().bid();
        router.submitOrder(order(Side.SELL, OrderType.MARKET, "0.01"));
        BigDecimal proceeds = bid.multiply(qty);
        BigDecimal sellFee = proceeds.multiply(RATE).multiply(new BigDecimal("0.75"))
                .divide(bnbPrice, 8, RoundingMode.HALF_UP);
        assertThat(out.of(OrderFilled.class).get(1).feeAsset()).isEqualTo("BNB");
        assertThat(router.balance("BTC")).isZero();
        assertThat(router.balance("BNB")).isEqualTo(amount(BigDecimal.ONE.subtract(fee).subtract(sellFee)));
        PositionUpdate flat = out.of(PositionUpdate.class).get(1);
        assertThat(flat.quantity()).isZero();
        // realised P&L is in the quote asset and leaves the BNB fees out: they are kept per asset
        assertThat(flat.realizedPnl()).isEqualTo(amount(proceeds.subtract(notional)));
    }
}
