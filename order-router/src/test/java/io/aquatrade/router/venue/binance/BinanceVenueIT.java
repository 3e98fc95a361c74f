package io.aquatrade.router.venue.binance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.BalanceUpdate;
import io.aquatrade.common.CancelOrder;
import io.aquatrade.common.ConfigException;
import io.aquatrade.common.EpochClock;
import io.aquatrade.common.ExecutionListener;
import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.LiquiditySide;
import io.aquatrade.common.OrderAccepted;
import io.aquatrade.common.OrderCanceled;
import io.aquatrade.common.OrderExpired;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.PositionUpdate;
import io.aquatrade.common.OrderRejected;
import io.aquatrade.common.OrderType;
import io.aquatrade.common.QueueRoot;
import io.aquatrade.common.RejectReason;
import io.aquatrade.common.Side;
import io.aquatrade.common.SubmitOrder;
import io.aquatrade.common.TimeInForce;
import io.aquatrade.common.Topic;
import io.aquatrade.fakebinance.FakeBinanceFixture;
import io.aquatrade.fakebinance.MarketEvent;
import io.aquatrade.router.OrderRouter;
import io.aquatrade.router.RecordingExecutions;
import io.aquatrade.router.RouterConfig;
import io.aquatrade.router.TestConfigs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The order router with the binance venue (the real XChange 5.2.4 client) against fake-binance, started in-process
 * on a free port over the shared BTCUSDT capture of 2024-08-08 and moved by hand. Expected fills are worked out
 * here from the recorded events (the book ticker at the order, the trades after it) and the commission rule, not
 * read back from the venue. The venue's clock is advanced by hand to make it poll.
 */
class BinanceVenueIT {
    private static final String KEY = "venue-it-key";
    private static final String SECRET = "venue-it-secret-5e3f9a1c0b7d";
    private static final BigDecimal RATE = new BigDecimal("0.001");
    private static final BigDecimal START_USDT = new BigDecimal("1000000");
    private static final BigDecimal START_BTC = new BigDecimal("2");
    private static final long POLL_MS = 1000;
    private static final String STRATEGY = "s";
    /**
     * Orders are stamped this far ahead of the venue's clock (as by a decision engine on a clock 10 s ahead), beyond
     * recvWindow: an order stamped less than recvWindow after the venue started is asked for before it is sent.
     */
    private static final long ORDER_AHEAD_NS = 10_000_000_000L;

    private FakeBinanceFixture fake;
    private final AtomicLong nowNs = new AtomicLong(1_700_000_000_000_000_000L);
    private final EpochClock clock = nowNs::get;
    private AquatradeConfig config;
    private RouterConfig routerConfig;
    private RecordingExecutions out;
    private OrderRouter router;
    private ListAppender<ILoggingEvent> logs;
    private Logger root;
    private Level rootLevel;

    @BeforeEach
    void start() throws Exception {
        root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        rootLevel = root.getLevel();
        root.setLevel(Level.DEBUG); // every line any library would log, rescu's requests included
        logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        fake = new FakeBinanceFixture(KEY, SECRET, Map.of("USDT", START_USDT, "BTC", START_BTC), RATE);
        config = TestConfigs.parse("""
                runtime: {queueDir: var/queues, sequencing: arrival}
                instruments:
                  - {symbol: BTCUSDT, base: BTC, quote: USDT, priceDecimals: 2, sizeDecimals: 5}
                assets: {BTC: 8, USDT: 8}
                order-router:
                  venue: binance
                  binance: {baseUrl: "%s", recvWindowMs: 5000, pollIntervalMs: %d, wsApiUrl: none}
                """.formatted(fake.restUri(), POLL_MS));
        routerConfig = RouterConfig.from(config);
        out = new RecordingExecutions();
        router = newRouter(out);
    }

    @AfterEach
    void stop() {
        fake.close();
        root.detachAppender(logs);
        root.setLevel(rootLevel);
    }

    private OrderRouter newRouter(RecordingExecutions executions) {
        return newRouter(executions, routerConfig.binance());
    }

    private OrderRouter newRouter(RecordingExecutions executions, BinanceVenueConfig venueConfig) {
        BinanceCredentials credentials = BinanceCredentials.load(venueConfig,
                Map.of(BinanceCredentials.ENV_KEY, KEY, BinanceCredentials.ENV_SECRET, SECRET));
        OrderRouter r = new OrderRouter(routerConfig, config, executions,
                BinanceVenue.factory(venueConfig, credentials, config, clock));
        r.start();
        return r;
    }

    private SubmitOrder order(String id, Side side, OrderType type, TimeInForce tif, String qty) {
        return new SubmitOrder().clientOrderId(id).strategyId(STRATEGY).instrument("BTCUSDT").side(side)
                .orderType(type).timeInForce(tif).quantity(size(new BigDecimal(qty))).reason("signal")
                .eventTimeNs(nowNs.incrementAndGet() + ORDER_AHEAD_NS);
    }

    private static long size(BigDecimal qty) {
        return FixedPoint.fromBigDecimal(qty, 5);
    }

    private static long price(BigDecimal p) {
        return FixedPoint.fromBigDecimal(p, 2);
    }

    private static long amount(BigDecimal a) {
        return FixedPoint.fromBigDecimal(a.setScale(8, RoundingMode.HALF_UP), 8);
    }

    /** Advances the venue's clock by one poll interval and lets it poll. */
    private void poll() {
        nowNs.addAndGet(POLL_MS * 1_000_000L);
        router.pollVenue();
    }

    /**
     * Binance's spot testnet serves only {@code /api} (no {@code /sapi}): the venue starts there (XChange's own remote
     * init would call {@code /sapi/v1/asset/assetDetail} and fail with a 404) and trades.
     */
    @Test
    void aRouterStartsAndTradesWhereNoSapiIsServedAsOnTheSpotTestnet() {
        fake.servesSapi(false);
        RecordingExecutions testnet = new RecordingExecutions();
        router = newRouter(testnet);
        assertThat(testnet.of(BalanceUpdate.class)).extracting(BalanceUpdate::asset)
                .containsExactlyInAnyOrder("BTC", "USDT");
        MarketEvent.Quote book = fake.book();
        router.submitOrder(order("s-1", Side.BUY, OrderType.MARKET, TimeInForce.IOC, "0.001"));
        assertThat(testnet.of(OrderFilled.class)).singleElement().satisfies(f -> {
            assertThat(f.fillPrice()).isEqualTo(price(book.ask()));
            assertThat(f.fillQuantity()).isEqualTo(size(new BigDecimal("0.001")));
        });
    }

    @Test
    void aFirstStartAnnouncesTheAccountsBalancesReadFromBinance() {
        List<BalanceUpdate> initial = out.of(BalanceUpdate.class);
        assertThat(initial).extracting(BalanceUpdate::asset).containsExactlyInAnyOrder("BTC", "USDT");
        assertThat(initial).allSatisfy(b -> assertThat(b.total()).isEqualTo(
                amount("BTC".equals(b.asset()) ? START_BTC : START_USDT)));
    }

    @Test
    void aMarketBuyTakesTheAskAndIsOneFillWithItsTradeIdAndCommissionInBtc() {
        MarketEvent.Quote book = fake.book();
        BigDecimal qty = new BigDecimal("0.00100");
        router.submitOrder(order("s-1", Side.BUY, OrderType.MARKET, TimeInForce.IOC, "0.001"));

        OrderAccepted accepted = out.of(OrderAccepted.class).get(0);
        assertThat(accepted.venueOrderId()).startsWith("binance-");
        OrderFilled fill = out.of(OrderFilled.class).get(0);
        assertThat(out.of(OrderFilled.class)).hasSize(1);
        assertThat(fill.clientOrderId()).isEqualTo("s-1");
        assertThat(fill.venueOrderId()).isEqualTo(accepted.venueOrderId());
        assertThat(fill.tradeId()).isEqualTo("binance-" + fake.fills().get(0).id());
        assertThat(fill.fillPrice()).isEqualTo(price(book.ask()));
        assertThat(fill.fillQuantity()).isEqualTo(size(qty));
        assertThat(fill.cumulativeQuantity()).isEqualTo(size(qty));
        assertThat(fill.leavesQuantity()).isZero();
        assertThat(fill.last()).isTrue();
        assertThat(fill.feeAsset()).isEqualTo("BTC");
        assertThat(fill.fee()).isEqualTo(amount(new BigDecimal("0.000001"))); // 0.001 BTC x 0.1 %
        assertThat(fill.quoteQuantity()).isEqualTo(amount(book.ask().multiply(qty)));
        assertThat(fill.liquiditySide()).isEqualTo(LiquiditySide.TAKER);
        // booked as Binance booked it
        assertThat(router.balance("BTC")).isEqualTo(amount(START_BTC.add(qty).subtract(new BigDecimal("0.000001"))));
        assertThat(router.balance("USDT")).isEqualTo(amount(START_USDT.subtract(book.ask().multiply(qty))));
        assertThat(fake.balances().get("BTC")[0]).isEqualByComparingTo(START_BTC.add(qty)
                .subtract(new BigDecimal("0.000001")));
        assertThat(router.venue().workingOrders()).isZero();
    }

    @Test
    void aRestingLimitIsFilledByTheRecordedTradesThroughItAsFillsWithCumulativeAndLeaves() {
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
        BigDecimal qty = new BigDecimal("0.05");
        assertThat(limit).isLessThan(fake.book().bid());
        // oracle: each recorded trade strictly below the limit fills min(its quantity, what is left), at the limit
        List<BigDecimal> expected = new ArrayList<>();
        BigDecimal left = qty;
        for (int i = from; i < events.size() && left.signum() > 0; i++) {
            MarketEvent e = events.get(i);
            if (e.trade() != null && e.trade().price().compareTo(limit) < 0) {
                BigDecimal q = left.min(e.trade().quantity());
                expected.add(q);
                left = left.subtract(q);
            }
        }
        assertThat(expected).hasSizeGreaterThan(1);
        router.submitOrder(order("s-2", Side.BUY, OrderType.LIMIT, TimeInForce.GTC, "0.05").limitPrice(price(limit)));
        assertThat(out.of(OrderAccepted.class)).hasSize(1);
        assertThat(out.of(OrderFilled.class)).isEmpty();
        poll();
        assertThat(out.of(OrderFilled.class)).isEmpty();

        fake.advance(events.size());
        poll();
        List<OrderFilled> fills = out.of(OrderFilled.class);
        assertThat(fills).extracting(OrderFilled::fillQuantity)
                .containsExactlyElementsOf(expected.stream().map(BinanceVenueIT::size).toList());
        BigDecimal cumulative = BigDecimal.ZERO;
        for (OrderFilled f : fills) {
            BigDecimal q = FixedPoint.toBigDecimal(f.fillQuantity(), 5);
            cumulative = cumulative.add(q);
            assertThat(f.fillPrice()).isEqualTo(price(limit));
            assertThat(f.cumulativeQuantity()).isEqualTo(size(cumulative));
            assertThat(f.leavesQuantity()).isEqualTo(size(qty.subtract(cumulative)));
            assertThat(f.last()).isEqualTo(cumulative.compareTo(qty) == 0);
            assertThat(f.liquiditySide()).isEqualTo(LiquiditySide.MAKER);
            assertThat(f.fee()).isEqualTo(amount(q.multiply(RATE)));
            assertThat(f.feeAsset()).isEqualTo("BTC");
        }
        assertThat(fills).extracting(OrderFilled::tradeId).doesNotHaveDuplicates()
                .containsExactlyElementsOf(fake.fills().stream().map(f -> "binance-" + f.id()).toList());
        // polled again: nothing new, every trade booked once
        poll();
        assertThat(out.of(OrderFilled.class)).hasSameSizeAs(fills);
        assertThat(router.venue().workingOrders()).isEqualTo(left.signum() == 0 ? 0 : 1);
    }

    @Test
    void iocTakesWhatTheBookOffersAndExpiresTheRestAndFokExpiresWithNothing() {
        MarketEvent.Quote book = fake.book();
        BigDecimal more = book.askQuantity().add(new BigDecimal("0.00001"));
        router.submitOrder(order("s-3", Side.BUY, OrderType.LIMIT, TimeInForce.FOK, more.toPlainString())
                .limitPrice(price(book.ask())));
        OrderExpired fok = out.of(OrderExpired.class).get(0);
        assertThat(fok.clientOrderId()).isEqualTo("s-3");
        assertThat(fok.cumulativeQuantity()).isZero();
        assertThat(out.of(OrderFilled.class)).isEmpty();

        router.submitOrder(order("s-4", Side.BUY, OrderType.LIMIT, TimeInForce.IOC, more.toPlainString())
                .limitPrice(price(book.ask())));
        assertThat(out.of(OrderFilled.class)).singleElement().satisfies(f -> {
            assertThat(f.fillPrice()).isEqualTo(price(book.ask()));
            assertThat(f.fillQuantity()).isEqualTo(size(book.askQuantity()));
            assertThat(f.leavesQuantity()).isEqualTo(1);
            assertThat(f.last()).isFalse();
        });
        OrderExpired ioc = out.of(OrderExpired.class).get(1);
        assertThat(ioc.clientOrderId()).isEqualTo("s-4");
        assertThat(ioc.cumulativeQuantity()).isEqualTo(size(book.askQuantity()));
        assertThat(out.of(OrderAccepted.class)).extracting(OrderAccepted::clientOrderId).containsExactly("s-3", "s-4");
        assertThat(router.venue().workingOrders()).isZero();
    }

    @Test
    void aPostOnlyLimitRestsAsLimitMakerAndOneThatWouldTakeIsRejected() {
        MarketEvent.Quote book = fake.book();
        router.submitOrder(order("s-5", Side.SELL, OrderType.LIMIT, TimeInForce.GTC, "0.001").postOnly(true)
                .limitPrice(price(book.ask().add(new BigDecimal("50")))));
        assertThat(out.of(OrderAccepted.class)).extracting(OrderAccepted::clientOrderId).containsExactly("s-5");
        assertThat(fake.typeOf("s-5")).isEqualTo("LIMIT_MAKER");

        router.submitOrder(order("s-6", Side.SELL, OrderType.LIMIT, TimeInForce.GTC, "0.001").postOnly(true)
                .limitPrice(price(book.bid())));
        OrderRejected rejected = out.of(OrderRejected.class).get(0);
        assertThat(rejected.clientOrderId()).isEqualTo("s-6");
        assertThat(rejected.reasonCode()).isEqualTo(RejectReason.POST_ONLY_WOULD_CROSS);
        assertThat(rejected.reason()).contains("-2010");
    }

    @Test
    void aFilterFailureIsRejectedNamingTheFilter() {
        router.submitOrder(order("s-7", Side.BUY, OrderType.LIMIT, TimeInForce.GTC, "0.00001")
                .limitPrice(price(fake.book().bid().subtract(new BigDecimal("1000")))));
        OrderRejected rejected = out.of(OrderRejected.class).get(0);
        assertThat(rejected.reasonCode()).isEqualTo(RejectReason.MIN_NOTIONAL); // 0.6 USDT < minNotional 5
        assertThat(fake.ordersWithClientId("s-7")).isZero();
    }

    /**
     * A MARKET order whose notional at the last trade price the router saw is below NOTIONAL's minNotional (5 USDT,
     * {@code applyMinToMarket: true}) is rejected naming the filter before it leaves: no round trip to Binance.
     */
    @Test
    void aMarketOrderBelowMinNotionalAtTheLastTradePriceIsRejectedWithoutARoundTrip() {
        BigDecimal last = fake.lastTradePrice();
        router.tradeTick(new io.aquatrade.common.TradeTick().instrument("BTCUSDT").price(price(last))
                .quantity(size(new BigDecimal("0.001"))).aggressorSide(Side.BUY).tradeId(1)
                .eventTimeNs(nowNs.get()).receivedTimeNs(nowNs.get()));
        // 0.00005 BTC x the last trade price (about 57000 USDT) is about 2.9 USDT < 5
        assertThat(last.multiply(new BigDecimal("0.00005"))).isLessThan(new BigDecimal("5"));
        router.submitOrder(order("s-26", Side.BUY, OrderType.MARKET, TimeInForce.IOC, "0.00005"));
        assertThat(out.of(OrderRejected.class)).singleElement().satisfies(r -> {
            assertThat(r.reasonCode()).isEqualTo(RejectReason.MIN_NOTIONAL);
            assertThat(r.reason()).startsWith("NOTIONAL: last trade price x quantity").contains("applyMinToMarket");
        });
        assertThat(fake.placements()).doesNotContainKey("s-26");
    }

    @Test
    void aStopLimitRestsAsStopLossLimitAndIsCanceled() {
        BigDecimal stop = fake.lastTradePrice().subtract(new BigDecimal("30.00"));
        router.submitOrder(order("s-8", Side.SELL, OrderType.STOP_LIMIT, TimeInForce.GTC, "0.001")
                .triggerPrice(price(stop)).limitPrice(price(stop.subtract(BigDecimal.TEN))));
        assertThat(out.of(OrderAccepted.class)).hasSize(1);
        assertThat(fake.typeOf("s-8")).isEqualTo("STOP_LOSS_LIMIT");
        assertThat(fake.balances().get("BTC")[1]).isEqualByComparingTo("0.001");

        long cancelNs = nowNs.incrementAndGet();
        router.cancelOrder(new CancelOrder().clientOrderId("s-8").strategyId(STRATEGY).instrument("BTCUSDT")
                .reason("test").eventTimeNs(cancelNs));
        OrderCanceled canceled = out.of(OrderCanceled.class).get(0);
        assertThat(canceled.clientOrderId()).isEqualTo("s-8");
        assertThat(canceled.cumulativeQuantity()).isZero();
        assertThat(canceled.eventTimeNs()).isEqualTo(cancelNs);
        assertThat(fake.statusOf("s-8")).isEqualTo("CANCELED");
        assertThat(fake.balances().get("BTC")[1]).isZero();
        assertThat(router.venue().workingOrders()).isZero();
    }

    @Test
    void aRestartedRouterMeetingAnOrderAnEarlierRunSentAsksBinanceAndNeverSendsItTwice() {
        SubmitOrder market = order("s-9", Side.BUY, OrderType.MARKET, TimeInForce.IOC, "0.002");
        router.submitOrder(market);
        assertThat(out.of(OrderFilled.class)).hasSize(1);
        OrderFilled first = out.of(OrderFilled.class).get(0);
        SubmitOrder resting = order("s-10", Side.BUY, OrderType.LIMIT, TimeInForce.GTC, "0.001")
                .limitPrice(price(fake.book().bid().subtract(new BigDecimal("100"))));
        router.submitOrder(resting);

        // the router died before its executions were written: a new one, started 8 s later, meets both orders
        // again; they are stamped 2 s after its start (the orders' clock runs 10 s ahead), within recvWindow: asked for
        nowNs.addAndGet(8_000_000_000L);
        RecordingExecutions again = new RecordingExecutions();
        router = newRouter(again);
        router.submitOrder(market);
        router.submitOrder(resting);

        assertThat(fake.ordersWithClientId("s-9")).isEqualTo(1);
        assertThat(fake.ordersWithClientId("s-10")).isEqualTo(1);
        assertThat(again.of(OrderAccepted.class)).extracting(OrderAccepted::venueOrderId)
                .containsExactlyElementsOf(out.of(OrderAccepted.class).stream().map(OrderAccepted::venueOrderId)
                        .toList());
        // the market order's fill is adopted from Binance's trades, the same trade
        assertThat(again.of(OrderFilled.class)).singleElement().satisfies(f -> {
            assertThat(f.tradeId()).isEqualTo(first.tradeId());
            assertThat(f.fillQuantity()).isEqualTo(first.fillQuantity());
            assertThat(f.fillPrice()).isEqualTo(first.fillPrice());
            assertThat(f.last()).isTrue();
        });
        assertThat(router.venue().workingOrders()).isEqualTo(1); // the resting limit, tracked again
        // an order stamped after the restart goes out at once
        router.submitOrder(order("s-11", Side.BUY, OrderType.MARKET, TimeInForce.IOC, "0.001"));
        assertThat(fake.ordersWithClientId("s-11")).isEqualTo(1);
        assertThat(((BinanceVenue) router.venue()).adoptedCount()).isEqualTo(2);
    }

    /** A router built after a restart: recovers {@code count} recorded messages, puts back the consumed orders. */
    private OrderRouter restarted(RecordingExecutions before, int count, RecordingExecutions after,
                                  SubmitOrder... consumed) {
        BinanceCredentials credentials = BinanceCredentials.load(routerConfig.binance(),
                Map.of(BinanceCredentials.ENV_KEY, KEY, BinanceCredentials.ENV_SECRET, SECRET));
        OrderRouter r = new OrderRouter(routerConfig, config, after,
                BinanceVenue.factory(routerConfig.binance(), credentials, config, clock));
        before.replayInto(r.recovery(), count);
        for (SubmitOrder o : consumed) {
            r.restoreOrders().submitOrder(o);
        }
        r.start();
        return r;
    }

    @Test
    void aLimitWorkingAcrossARestartKeepsFillingWithoutBookingATradeTwice() {
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
        SubmitOrder order = order("s-30", Side.BUY, OrderType.LIMIT, TimeInForce.GTC, "0.05").limitPrice(price(limit));
        router.submitOrder(order);
        // replay up to the first recorded trade through its price (oracle: the recording), which fills it in part
        int firstThrough = -1;
        for (int i = from; i < events.size() && firstThrough < 0; i++) {
            MarketEvent e = events.get(i);
            if (e.trade() != null && e.trade().price().compareTo(limit) < 0) {
                firstThrough = i;
            }
        }
        assertThat(events.get(firstThrough).trade().quantity()).isLessThan(new BigDecimal("0.05"));
        fake.advance(firstThrough - from + 1);
        poll();
        assertThat(out.of(OrderFilled.class)).singleElement().satisfies(f -> assertThat(f.last()).isFalse());

        nowNs.addAndGet(60_000_000_000L);
        RecordingExecutions after = new RecordingExecutions();
        router = restarted(out, out.size(), after, order);
        assertThat(router.restoredCount()).isEqualTo(1);
        fake.advance(events.size());
        poll();
        List<OrderFilled> all = new ArrayList<>(out.of(OrderFilled.class));
        all.addAll(after.of(OrderFilled.class));
        // every Binance trade of the order booked exactly once, over both runs, cumulative carried on
        assertThat(all).extracting(OrderFilled::tradeId)
                .containsExactlyElementsOf(fake.fills().stream().map(f -> "binance-" + f.id()).toList());
        long cumulative = 0;
        for (OrderFilled f : all) {
            cumulative += f.fillQuantity();
            assertThat(f.cumulativeQuantity()).isEqualTo(cumulative);
        }
        assertThat(after.of(OrderAccepted.class)).isEmpty();
    }

    /**
     * A restored working order whose earlier run was killed inside a fill, after a gap: the stream brought trade 2
     * ahead of trade 1 (lost) and the run stopped right after trade 2's {@code OrderFilled}. After the restart the
     * venue reports trade 1 first: its messages are all written, and only trade 2's {@code OrderFilled} (the one
     * message written) is dropped when trade 2 comes again, not the next message by count.
     */
    @Test
    void aRestoredOrderKilledInsideAFillAfterAGapDropsThatTradesMessagesNotTheNextOnes() {
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
        SubmitOrder order = order("s-32", Side.BUY, OrderType.LIMIT, TimeInForce.GTC, "0.05").limitPrice(price(limit));
        router.submitOrder(order);
        List<Integer> through = new ArrayList<>();
        for (int i = from; i < events.size() && through.size() < 2; i++) {
            MarketEvent e = events.get(i);
            if (e.trade() != null && e.trade().price().compareTo(limit) < 0) {
                through.add(i);
            }
        }
        fake.advance(through.get(1) - from + 1);
        poll();
        List<OrderFilled> before = out.of(OrderFilled.class);
        assertThat(before).hasSize(2);
        OrderFilled first = before.get(0);
        OrderFilled second = before.get(1);
        int acceptedAt = out.events.indexOf(out.of(OrderAccepted.class).get(0));
        // earlier run: the stream brought trade 2 ahead of trade 1 (lost); killed right after trade 2's OrderFilled
        RecordingExecutions written = new RecordingExecutions();
        out.replayInto(written, acceptedAt + 1);
        OrderFilled alone = second.deepCopy();
        alone.cumulativeQuantity(second.fillQuantity());
        written.orderFilled(alone);

        nowNs.addAndGet(60_000_000_000L);
        RecordingExecutions after = new RecordingExecutions();
        router = restarted(written, written.size(), after, order);
        assertThat(router.restoredCount()).isEqualTo(1);
        poll();
        // oracle: the venue reports trade 1 (all its messages: fill, two balances, position), then trade 2 (its
        // fill already written: two balances, position)
        assertThat(after.events).extracting(e -> e instanceof OrderFilled f ? "OrderFilled " + f.tradeId()
                        : e.getClass().getSimpleName())
                .containsExactly("OrderFilled " + first.tradeId(), "BalanceUpdate", "BalanceUpdate",
                        "PositionUpdate", "BalanceUpdate", "BalanceUpdate", "PositionUpdate");
        List<String> booked = new ArrayList<>(List.of(alone.tradeId()));
        after.of(OrderFilled.class).forEach(f -> booked.add(f.tradeId()));
        assertThat(booked).containsExactlyInAnyOrderElementsOf(
                fake.fills().stream().map(f -> "binance-" + f.id()).toList());
        // the balances and position end where the run that was not killed left them (each trade booked once)
        for (String asset : List.of("BTC", "USDT")) {
            assertThat(last(after.of(BalanceUpdate.class), asset)).isEqualTo(last(out.of(BalanceUpdate.class), asset));
        }
        PositionUpdate end = after.of(PositionUpdate.class).get(1);
        PositionUpdate uninterrupted = out.of(PositionUpdate.class).get(out.of(PositionUpdate.class).size() - 1);
        assertThat(end.quantity()).isEqualTo(uninterrupted.quantity());
        assertThat(end.costBasis()).isEqualTo(uninterrupted.costBasis());
    }

    private static long last(List<BalanceUpdate> updates, String asset) {
        return updates.stream().filter(b -> asset.equals(b.asset())).reduce((a, b) -> b).orElseThrow().total();
    }

    /**
     * Fills booked before a restart are skipped by trade id, not by count: the earlier run booked the order's second
     * trade (as the stream may, ahead of a first trade it lost) and stopped before REST brought the first. The restored
     * order books the first trade and never the second again; over both runs every Binance trade of the order is
     * booked exactly once.
     */
    @Test
    void aRestoredOrderSkipsTheTradesBookedBeforeTheRestartByTradeIdEvenWithAGapBeforeThem() {
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
        SubmitOrder order = order("s-32", Side.BUY, OrderType.LIMIT, TimeInForce.GTC, "0.05").limitPrice(price(limit));
        router.submitOrder(order);
        // replay up to the second recorded trade through its price (oracle: the recording): two fills, not complete
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
        poll();
        List<OrderFilled> before = out.of(OrderFilled.class);
        assertThat(before).hasSize(2);
        OrderFilled first = before.get(0);
        OrderFilled second = before.get(1);

        // what the earlier run wrote: the second trade booked, the first not (lost), as a stream ahead of REST would
        RecordingExecutions written = new RecordingExecutions();
        ExecutionListener withoutFirst = (ExecutionListener) java.lang.reflect.Proxy.newProxyInstance(
                ExecutionListener.class.getClassLoader(), new Class<?>[] {ExecutionListener.class},
                (proxy, method, args) -> {
                    if (args != null && args.length == 1 && args[0] == first) {
                        return null;
                    }
                    if (args != null && args.length == 1 && args[0] == second) {
                        OrderFilled alone = second.deepCopy();
                        alone.cumulativeQuantity(second.fillQuantity());
                        return method.invoke(written, alone);
                    }
                    return method.invoke(written, args);
                });
        out.replayInto(withoutFirst);

        nowNs.addAndGet(60_000_000_000L);
        RecordingExecutions after = new RecordingExecutions();
        router = restarted(written, written.size(), after, order);
        assertThat(router.restoredCount()).isEqualTo(1);
        poll();
        assertThat(after.of(OrderFilled.class)).extracting(OrderFilled::tradeId).containsExactly(first.tradeId());
        fake.advance(events.size());
        poll();
        List<OrderFilled> all = new ArrayList<>(written.of(OrderFilled.class));
        all.addAll(after.of(OrderFilled.class));
        assertThat(all).extracting(OrderFilled::tradeId).containsExactlyInAnyOrderElementsOf(
                fake.fills().stream().map(f -> "binance-" + f.id()).toList());
    }

    /**
     * A market order filled in two Binance trades whose fills the earlier run wrote out of trade-id order (the later
     * trade first, with all its messages, as the stream may bring it ahead of the first) and was killed before the
     * earlier trade's: the order comes back and the router writes the rest by trade id, the earlier trade once (fill,
     * balances, position), the later one never again. Oracle: the first run's own messages for the two trades.
     */
    @Test
    void aResumedOrderSkipsTheFillsWrittenByTradeIdNotByCount() {
        resumeAfterFillsWrittenOutOfTradeIdOrder(false);
    }

    /**
     * As above, and the earlier run was killed right after writing the earlier trade's {@code OrderFilled}, before
     * its balances and position: that fill's other messages are written when its own trade comes again (the trades
     * differ in size, so the balance changes show which trade they are of), its {@code OrderFilled} not twice.
     */
    @Test
    void aResumedOrderKilledInsideAFillWritesTheRestOfThatFillsMessages() {
        resumeAfterFillsWrittenOutOfTradeIdOrder(true);
    }

    private void resumeAfterFillsWrittenOutOfTradeIdOrder(boolean firstFillWritten) {
        fake.fault("partialFills", "2");
        SubmitOrder market = order("s-33", Side.BUY, OrderType.MARKET, TimeInForce.IOC, "0.00301"); // 150 + 151
        router.submitOrder(market);
        List<OrderFilled> fills = out.of(OrderFilled.class);
        assertThat(fills).hasSize(2);
        assertThat(fake.fills()).hasSize(2);
        int acceptedAt = out.events.indexOf(out.of(OrderAccepted.class).get(0));
        int secondAt = out.events.indexOf(fills.get(1));
        // what the earlier run wrote: up to the acceptance, then the second trade's messages as if booked alone
        RecordingExecutions written = new RecordingExecutions();
        out.replayInto(written, acceptedAt + 1);
        OrderFilled first = fills.get(0);
        OrderFilled second = fills.get(1).deepCopy();
        second.cumulativeQuantity(second.fillQuantity()).leavesQuantity(first.fillQuantity()).last(false);
        written.orderFilled(second);
        Map<String, Long> firstChanges = new java.util.HashMap<>();
        io.aquatrade.common.PositionUpdate firstPosition = null;
        for (int i = acceptedAt + 2; i < secondAt; i++) {
            if (out.events.get(i) instanceof BalanceUpdate b) {
                firstChanges.merge(b.asset(), b.change(), Long::sum);
            } else if (out.events.get(i) instanceof io.aquatrade.common.PositionUpdate u) {
                firstPosition = u;
            }
        }
        assertThat(firstPosition).isNotNull();
        for (int i = secondAt + 1; i < out.events.size(); i++) {
            if (out.events.get(i) instanceof BalanceUpdate b) {
                BalanceUpdate alone = b.deepCopy();
                alone.total(b.total() - firstChanges.getOrDefault(b.asset(), 0L));
                written.balanceUpdate(alone);
            } else if (out.events.get(i) instanceof io.aquatrade.common.PositionUpdate u) {
                io.aquatrade.common.PositionUpdate alone = u.deepCopy(); // two buys from flat: they add up
                alone.quantity(u.quantity() - firstPosition.quantity())
                        .costBasis(u.costBasis() - firstPosition.costBasis());
                written.positionUpdate(alone);
            }
        }
        if (firstFillWritten) {
            OrderFilled again = first.deepCopy();
            again.cumulativeQuantity(market.quantity()).leavesQuantity(0).last(true);
            written.orderFilled(again); // the kill: none of its balances nor its position
        }

        nowNs.addAndGet(60_000_000_000L);
        RecordingExecutions after = new RecordingExecutions();
        router = restarted(written, written.size(), after);
        router.submitOrder(market); // not consumed: delivered again

        assertThat(fake.ordersWithClientId("s-33")).isEqualTo(1);
        assertThat(after.of(OrderAccepted.class)).isEmpty();
        assertThat(first.fillQuantity()).isNotEqualTo(fills.get(1).fillQuantity());
        if (firstFillWritten) {
            assertThat(after.of(OrderFilled.class)).isEmpty();
        } else {
            assertThat(after.of(OrderFilled.class)).singleElement().satisfies(f -> {
                assertThat(f.tradeId()).isEqualTo(first.tradeId());
                assertThat(f.fillQuantity()).isEqualTo(first.fillQuantity());
                assertThat(f.cumulativeQuantity()).isEqualTo(market.quantity());
                assertThat(f.last()).isTrue();
            });
        }
        Map<String, Long> afterChanges = new java.util.HashMap<>();
        after.of(BalanceUpdate.class).forEach(b -> afterChanges.merge(b.asset(), b.change(), Long::sum));
        assertThat(afterChanges).isEqualTo(firstChanges); // the earlier trade's, once
        // the balances and the position end where the first run's did, which booked both trades
        io.aquatrade.common.PositionUpdate last = out.of(io.aquatrade.common.PositionUpdate.class).get(1);
        assertThat(after.of(io.aquatrade.common.PositionUpdate.class)).singleElement().satisfies(u -> {
            assertThat(u.quantity()).isEqualTo(last.quantity());
            assertThat(u.costBasis()).isEqualTo(last.costBasis());
        });
        for (BalanceUpdate b : out.of(BalanceUpdate.class)) {
            assertThat(router.balance(b.asset())).as(b.asset()).isEqualTo(
                    out.of(BalanceUpdate.class).stream().filter(x -> x.asset().equals(b.asset()))
                            .reduce((x, y) -> y).orElseThrow().total());
        }
    }

    /**
     * A resumed order killed inside a fill whose trade the resume cannot report at once (its status read refused
     * 429): the fill's messages written (its {@code OrderFilled}) stay pending until a later poll reports the trade,
     * and are dropped then; the rest of that fill's messages are written once.
     */
    @Test
    void aResumeKilledInsideAFillWhoseTradeComesAtALaterPollWritesThatFillOnce() {
        SubmitOrder market = order("s-31", Side.BUY, OrderType.MARKET, TimeInForce.IOC, "0.001");
        router.submitOrder(market);
        List<OrderFilled> fills = out.of(OrderFilled.class);
        assertThat(fills).hasSize(1);
        int acceptedAt = out.events.indexOf(out.of(OrderAccepted.class).get(0));
        int written = acceptedAt + 2; // acceptance and the OrderFilled; killed before balances and position

        nowNs.addAndGet(60_000_000_000L);
        RecordingExecutions after = new RecordingExecutions();
        router = restarted(out, written, after);
        fake.fault("http429", "1"); // the resume's status read is refused once
        router.submitOrder(market); // not consumed: delivered again
        assertThat(after.events).isEmpty();
        fake.elapseMs(1_500); // the fake's Retry-After (1 s, on its own clock) is over
        for (int i = 0; i < 5; i++) {
            nowNs.addAndGet(30_000_000_000L);
            router.pollVenue();
        }
        // oracle: the uninterrupted run's messages after the OrderFilled, written once, and no second OrderFilled
        int positionAt = written;
        while (!(out.events.get(positionAt) instanceof PositionUpdate)) {
            positionAt++;
        }
        List<?> rest = out.events.subList(written, positionAt + 1);
        // the refused status read is reported for operators (RateLimitStatus, a 429 back-off), then the fill's rest
        assertThat(after.of(io.aquatrade.common.RateLimitStatus.class)).singleElement()
                .satisfies(r -> assertThat(r.ban()).isFalse());
        assertThat(after.events).filteredOn(e -> !(e instanceof io.aquatrade.common.RateLimitStatus))
                .extracting(e -> e.getClass().getSimpleName())
                .containsExactlyElementsOf(rest.stream().map(e -> e.getClass().getSimpleName()).toList());
        assertThat(after.of(OrderFilled.class)).isEmpty();
        assertThat(fake.fills()).hasSize(1);
        for (String asset : List.of("BTC", "USDT")) {
            assertThat(last(after.of(BalanceUpdate.class), asset)).isEqualTo(last(out.of(BalanceUpdate.class), asset));
        }
    }

    @Test
    void aRestartAfterOnlyTheAcceptanceWasWrittenWritesTheRestFromBinancesTrades() {
        SubmitOrder market = order("s-31", Side.BUY, OrderType.MARKET, TimeInForce.IOC, "0.001");
        router.submitOrder(market);
        List<io.aquatrade.common.OrderFilled> fills = out.of(OrderFilled.class);
        assertThat(fills).hasSize(1);
        int acceptedAt = out.events.indexOf(out.of(OrderAccepted.class).get(0));
        int written = acceptedAt + 1; // the router stopped right after writing the acceptance

        nowNs.addAndGet(60_000_000_000L);
        RecordingExecutions after = new RecordingExecutions();
        router = restarted(out, written, after);
        router.submitOrder(market); // not consumed: delivered again

        assertThat(fake.ordersWithClientId("s-31")).isEqualTo(1);
        assertThat(after.of(OrderAccepted.class)).isEmpty(); // already written
        // exactly the messages the first run wrote after the acceptance
        assertThat(after.events).extracting(Object::toString)
                .containsExactlyElementsOf(out.since(written).stream().map(Object::toString).toList());
    }

    @Test
    void anOlderOrderOfAnotherSessionWithTheSameClientOrderIdIsNotAdopted() {
        router.submitOrder(order("s-50", Side.BUY, OrderType.MARKET, TimeInForce.IOC, "0.001"));
        assertThat(fake.ordersWithClientId("s-50")).isEqualTo(1);

        // a new session an hour later (Binance's clock: the fake's, the machine's) on new queues numbers its orders
        // from 1 again: its s-50, stamped just before its router started, is asked for, found created an hour
        // before it, and sent as a new order
        long laterNs = (System.currentTimeMillis() + 3_600_000L) * 1_000_000L;
        nowNs.set(laterNs);
        RecordingExecutions session = new RecordingExecutions();
        router = newRouter(session);
        router.submitOrder(new SubmitOrder().clientOrderId("s-50").strategyId(STRATEGY).instrument("BTCUSDT")
                .side(Side.BUY).orderType(OrderType.MARKET).timeInForce(TimeInForce.IOC)
                .quantity(size(new BigDecimal("0.002"))).reason("signal").eventTimeNs(laterNs - 1_000_000_000L));

        assertThat(fake.ordersWithClientId("s-50")).isEqualTo(2);
        assertThat(session.of(OrderFilled.class)).singleElement()
                .satisfies(f -> assertThat(f.fillQuantity()).isEqualTo(size(new BigDecimal("0.002"))));
        assertThat(((BinanceVenue) router.venue()).adoptedCount()).isZero();
    }

    private BinanceVenueConfig through(FaultProxy proxy) {
        BinanceVenueConfig c = routerConfig.binance();
        return new BinanceVenueConfig(proxy.uri(), false, c.recvWindowMs(), c.pollIntervalMs(), null, c.wsApiUrl(),
                c.safetyPollMs(), c.streamSilenceMs(), c.exchangeInfoRefreshS(), c.reconcileIntervalS(),
                c.reconcileToleranceSteps());
    }

    @Test
    void anOrderTakenButAnswered503IsUnknownUntilFoundByItsClientOrderIdAndNeverSentAgain() throws Exception {
        try (FaultProxy proxy = new FaultProxy(fake.restUri(), FaultProxy.Fault.TAKEN_THEN_503)) {
            RecordingExecutions faulty = new RecordingExecutions();
            router = newRouter(faulty, through(proxy));
            MarketEvent.Quote book = fake.book();
            router.submitOrder(order("s-20", Side.BUY, OrderType.MARKET, TimeInForce.IOC, "0.001"));

            assertThat(fake.ordersWithClientId("s-20")).isEqualTo(1);
            assertThat(faulty.of(OrderAccepted.class)).isEmpty();
            assertThat(faulty.of(OrderRejected.class)).isEmpty();
            assertThat(router.venue().outstandingOrders()).isEqualTo(1);

            poll();
            assertThat(faulty.of(OrderAccepted.class)).singleElement()
                    .satisfies(a -> assertThat(a.clientOrderId()).isEqualTo("s-20"));
            assertThat(faulty.of(OrderFilled.class)).singleElement().satisfies(f -> {
                assertThat(f.fillPrice()).isEqualTo(price(book.ask()));
                assertThat(f.fillQuantity()).isEqualTo(size(new BigDecimal("0.001")));
                assertThat(f.last()).isTrue();
            });
            assertThat(router.venue().outstandingOrders()).isZero();
            assertThat(proxy.placements()).isEqualTo(1);
            assertThat(fake.ordersWithClientId("s-20")).isEqualTo(1);
        }
    }

    @Test
    void aCancelLostWith1007IsSentAgainAPollIntervalLaterUntilBinanceCancelsTheOrder() throws Exception {
        try (FaultProxy proxy = new FaultProxy(fake.restUri(), FaultProxy.Fault.CANCEL_LOST_WITH_1007)) {
            RecordingExecutions faulty = new RecordingExecutions();
            router = newRouter(faulty, through(proxy));
            BigDecimal below = fake.book().bid().subtract(new BigDecimal("500.00"));
            router.submitOrder(order("s-23", Side.BUY, OrderType.LIMIT, TimeInForce.GTC, "0.001")
                    .limitPrice(price(below)));
            assertThat(faulty.of(OrderAccepted.class)).hasSize(1);

            long cancelNs = nowNs.incrementAndGet();
            router.cancelOrder(new CancelOrder().clientOrderId("s-23").strategyId(STRATEGY).instrument("BTCUSDT")
                    .reason("test").eventTimeNs(cancelNs));
            assertThat(proxy.cancels()).isEqualTo(1);
            assertThat(fake.statusOf("s-23")).isEqualTo("NEW"); // the cancel never reached the exchange
            assertThat(faulty.of(OrderCanceled.class)).isEmpty();
            assertThat(router.venue().workingOrders()).isEqualTo(1);

            poll(); // a poll interval later: the cancel goes again
            assertThat(proxy.cancels()).isEqualTo(2);
            assertThat(fake.statusOf("s-23")).isEqualTo("CANCELED");
            assertThat(faulty.of(OrderCanceled.class)).singleElement().satisfies(c -> {
                assertThat(c.clientOrderId()).isEqualTo("s-23");
                assertThat(c.cumulativeQuantity()).isZero();
                assertThat(c.eventTimeNs()).isEqualTo(cancelNs);
            });
            assertThat(router.venue().workingOrders()).isZero();
            poll();
            assertThat(proxy.cancels()).as("not sent once it is cancelled").isEqualTo(2);
            assertThat(fake.ordersWithClientId("s-23")).isEqualTo(1);
        }
    }

    /**
     * Assets with fewer decimals than Binance gives their amounts and commissions (exchangeInfo's {@code
     * quoteAssetPrecision} and {@code quoteCommissionPrecision}, 8 for USDT) could not book a sell's USDT commission:
     * refused at start-up, naming the asset and the decimals needed.
     */
    @Test
    void assetsWithFewerDecimalsThanBinancesPrecisionRefuseToStartNamingTheAsset() {
        AquatradeConfig narrow = TestConfigs.parse("""
                runtime: {queueDir: var/queues, sequencing: arrival}
                instruments:
                  - {symbol: BTCUSDT, base: BTC, quote: USDT, priceDecimals: 2, sizeDecimals: 5}
                assets: {BTC: 8, USDT: 2}
                order-router:
                  venue: binance
                  binance: {baseUrl: "%s", recvWindowMs: 5000, pollIntervalMs: %d, wsApiUrl: none}
                """.formatted(fake.restUri(), POLL_MS));
        RouterConfig rc = RouterConfig.from(narrow);
        BinanceCredentials credentials = BinanceCredentials.load(rc.binance(),
                Map.of(BinanceCredentials.ENV_KEY, KEY, BinanceCredentials.ENV_SECRET, SECRET));
        assertThatThrownBy(() -> new OrderRouter(rc, narrow, new RecordingExecutions(),
                BinanceVenue.factory(rc.binance(), credentials, narrow, clock)))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.field()).isEqualTo("assets.USDT");
                    assertThat(e).hasMessageContaining("at least 8 decimals")
                            .hasMessageContaining("quoteAssetPrecision 8")
                            .hasMessageContaining("quoteCommissionPrecision 8");
                });
    }

    @Test
    void instrumentDecimalsCoarserThanBinancesStepRefuseToStartNamingTheField() {
        AquatradeConfig coarse = TestConfigs.parse("""
                runtime: {queueDir: var/queues, sequencing: arrival}
                instruments:
                  - {symbol: BTCUSDT, base: BTC, quote: USDT, priceDecimals: 2, sizeDecimals: 4}
                assets: {BTC: 8, USDT: 8}
                order-router:
                  venue: binance
                  binance: {baseUrl: "%s", recvWindowMs: 5000, pollIntervalMs: %d, wsApiUrl: none}
                """.formatted(fake.restUri(), POLL_MS));
        RouterConfig rc = RouterConfig.from(coarse);
        BinanceCredentials credentials = BinanceCredentials.load(rc.binance(),
                Map.of(BinanceCredentials.ENV_KEY, KEY, BinanceCredentials.ENV_SECRET, SECRET));
        assertThatThrownBy(() -> new OrderRouter(rc, coarse, new RecordingExecutions(),
                BinanceVenue.factory(rc.binance(), credentials, coarse, clock)))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.field()).isEqualTo("instruments[BTCUSDT].sizeDecimals");
                    assertThat(e).hasMessageContaining("LOT_SIZE stepSize is 0.00001");
                });
    }

    /**
     * Binance's absence alone never proves an order was not placed (it checks recvWindow before forwarding to its
     * matching engine, and -1007 means the engine did not answer within 10 s): an order lost with -1007 is asked for
     * during {@link BinanceVenue#unknownAskMs} (60 s with recvWindowMs 5000), long past recvWindow, then given up:
     * rejected, never sent again, and watched.
     */
    @Test
    void anOrderLostWith1007IsAskedForWellPastBinancesTenSecondTimeoutThenGivenUpAndWatched() throws Exception {
        try (FaultProxy proxy = new FaultProxy(fake.restUri(), FaultProxy.Fault.LOST_WITH_1007)) {
            RecordingExecutions faulty = new RecordingExecutions();
            router = newRouter(faulty, through(proxy));
            BinanceVenue venue = (BinanceVenue) router.venue();
            router.submitOrder(order("s-21", Side.BUY, OrderType.MARKET, TimeInForce.IOC, "0.001"));
            assertThat(router.venue().outstandingOrders()).isEqualTo(1);
            assertThat(BinanceVenue.unknownAskMs(5000)).isEqualTo(60_000);

            for (int i = 0; i < 60; i++) { // 60 s, 12 recvWindows: still asked for
                poll();
            }
            assertThat(faulty.of(OrderRejected.class)).isEmpty();
            assertThat(router.venue().outstandingOrders()).isEqualTo(1);
            poll(); // 61 s after it was sent
            assertThat(faulty.of(OrderRejected.class)).singleElement().satisfies(r -> {
                assertThat(r.clientOrderId()).isEqualTo("s-21");
                assertThat(r.reasonCode()).isEqualTo(RejectReason.OUTCOME_UNKNOWN);
                assertThat(r.reason()).startsWith("outcome unknown").contains("watched");
            });
            assertThat(faulty.of(OrderAccepted.class)).isEmpty();
            assertThat(router.venue().outstandingOrders()).isZero();
            assertThat(venue.watchedOrders()).isEqualTo(1);
            assertThat(proxy.placements()).isEqualTo(1);
            assertThat(fake.ordersWithClientId("s-21")).isZero();
        }
    }

    /**
     * Binance's matching engine takes an order after answering -1007 (fault {@code lateMatchMs}), here 7 s after it
     * was sent, past recvWindow (5 s): the venue still asks for it, finds it, and books it under the order, never
     * rejected, never sent again.
     */
    @Test
    void anOrderTheMatchingEngineTakesAfterA1007AndPastRecvWindowIsAdoptedNotRejected() {
        fake.fault("lateMatchMs", "3600000"); // taken when this test says (matchLateNow)
        MarketEvent.Quote book = fake.book();
        router.submitOrder(order("s-24", Side.BUY, OrderType.MARKET, TimeInForce.IOC, "0.001"));
        assertThat(router.venue().outstandingOrders()).isEqualTo(1);
        for (int i = 0; i < 7; i++) {
            poll();
        }
        assertThat(out.of(OrderRejected.class)).isEmpty();
        assertThat(fake.matchLateNow()).isEqualTo(1);
        poll();
        assertThat(out.of(OrderAccepted.class)).singleElement()
                .satisfies(a -> assertThat(a.clientOrderId()).isEqualTo("s-24"));
        assertThat(out.of(OrderFilled.class)).singleElement().satisfies(f -> {
            assertThat(f.clientOrderId()).isEqualTo("s-24");
            assertThat(f.tradeId()).isEqualTo("binance-" + fake.fills().get(0).id());
            assertThat(f.fillPrice()).isEqualTo(price(book.ask()));
            assertThat(f.fillQuantity()).isEqualTo(size(new BigDecimal("0.001")));
        });
        assertThat(out.of(OrderRejected.class)).isEmpty();
        assertThat(fake.placements()).containsEntry("s-24", 1);
        assertThat(router.venue().outstandingOrders()).isZero();
    }

    /**
     * The earlier run sent an order and had -1007 for an answer, then was killed; the restarted router takes the
     * consumed, never answered order back: Binance does not have it yet, so it is rejected as too late and never sent
     * again, not even once the earlier run's request could no longer pass recvWindow; when the matching engine takes
     * the earlier request after all, the reconciliation books it under the order (accepted after its rejection, its
     * fill), and Binance has that client order id once.
     */
    @Test
    void aRequeuedOrderOfUnknownOutcomeIsRejectedAsTooLateNeverSentAgainAndBookedIfBinancePlacesItLate() {
        fake.fault("lateMatchMs", "3600000");
        SubmitOrder market = order("s-25", Side.BUY, OrderType.MARKET, TimeInForce.IOC, "0.001");
        router.submitOrder(market);
        assertThat(router.venue().outstandingOrders()).isEqualTo(1); // -1007; then the kill
        RecordingExecutions after = new RecordingExecutions();
        router = restarted(out, out.size(), after, market);
        BinanceVenue venue = (BinanceVenue) router.venue();
        poll();
        assertThat(after.of(OrderRejected.class)).singleElement().satisfies(r -> {
            assertThat(r.clientOrderId()).isEqualTo("s-25");
            assertThat(r.reasonCode()).isEqualTo(RejectReason.OUTCOME_UNKNOWN);
            assertThat(r.reason()).startsWith("too late: consumed before the restart and never answered");
        });
        for (int i = 0; i < 10; i++) { // past recvWindowMs + 1 s since the restart: still never sent
            poll();
        }
        assertThat(fake.placements()).doesNotContainKey("s-25");
        assertThat(venue.watchedOrders()).isEqualTo(1);

        assertThat(fake.matchLateNow()).isEqualTo(1); // the earlier run's request, taken at last
        for (int i = 0; i < 60; i++) { // the next reconciliation round (reconcileIntervalS 60)
            poll();
        }
        assertThat(after.of(OrderAccepted.class)).singleElement()
                .satisfies(a -> assertThat(a.clientOrderId()).isEqualTo("s-25"));
        assertThat(after.of(OrderFilled.class)).singleElement().satisfies(f -> {
            assertThat(f.clientOrderId()).isEqualTo("s-25");
            assertThat(f.tradeId()).isEqualTo("binance-" + fake.fills().get(0).id());
        });
        assertThat(fake.placements()).containsEntry("s-25", 1);
        assertThat(venue.lateAdoptedCount()).isEqualTo(1);
        assertThat(venue.watchedOrders()).isZero();
        assertThat(logs.list).anySatisfy(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.ERROR);
            assertThat(e.getFormattedMessage()).contains("s-25").contains("binance has it after all");
        });
    }

    @Test
    void theSecretIsNowhereInTheExecutionsQueueFiles(@TempDir Path dir) throws Exception {
        try (QueueRoot queues = new QueueRoot(dir)) {
            ExecutionListener executions = queues.writer(Topic.EXECUTIONS);
            BinanceCredentials credentials = BinanceCredentials.load(routerConfig.binance(),
                    Map.of(BinanceCredentials.ENV_KEY, KEY, BinanceCredentials.ENV_SECRET, SECRET));
            router = new OrderRouter(routerConfig, config, executions,
                    BinanceVenue.factory(routerConfig.binance(), credentials, config, clock));
            router.start();
            router.submitOrder(order("s-40", Side.BUY, OrderType.MARKET, TimeInForce.IOC, "0.001"));
            router.submitOrder(order("s-41", Side.BUY, OrderType.LIMIT, TimeInForce.GTC, "0.00001")
                    .limitPrice(price(fake.book().bid().subtract(new BigDecimal("1000")))));
            assertThat(router.filledCount()).isEqualTo(1);
            assertThat(router.rejectedCount()).isEqualTo(1);
        }
        byte[] secret = SECRET.getBytes(StandardCharsets.UTF_8);
        byte[] key = KEY.getBytes(StandardCharsets.UTF_8);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files).isNotEmpty();
        boolean venueIdsReadable = false; // the check can see strings: the venue order ids are there as text
        for (Path f : files) {
            venueIdsReadable |= new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains("binance-");
            String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
            assertThat(bytes).as(f.toString()).doesNotContain(new String(secret, StandardCharsets.ISO_8859_1))
                    .doesNotContain(new String(key, StandardCharsets.ISO_8859_1));
        }
        assertThat(venueIdsReadable).isTrue();
    }

    @Test
    void theSecretIsInNoLogLineAndNoExecutionMessage() {
        aMarketBuyTakesTheAskAndIsOneFillWithItsTradeIdAndCommissionInBtc();
        router.submitOrder(order("s-12", Side.BUY, OrderType.LIMIT, TimeInForce.GTC, "0.00001")
                .limitPrice(price(fake.book().bid().subtract(new BigDecimal("1000")))));
        router.submitOrder(order("s-13", Side.BUY, OrderType.LIMIT, TimeInForce.GTC, "0.001")
                .limitPrice(price(fake.book().bid().subtract(new BigDecimal("100")))));
        router.cancelOrder(new CancelOrder().clientOrderId("s-13").strategyId(STRATEGY).instrument("BTCUSDT")
                .reason("test").eventTimeNs(nowNs.incrementAndGet()));
        poll();
        assertThat(out.of(OrderRejected.class)).hasSize(1);
        assertThat(out.of(OrderCanceled.class)).hasSize(1);
        assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(m -> assertThat(m).contains("binance venue on"))
                .anySatisfy(m -> assertThat(m).contains("NOTIONAL: price x quantity")); // refused before it left
        for (ILoggingEvent e : logs.list) {
            String line = e.getFormattedMessage() + (e.getThrowableProxy() == null ? ""
                    : ThrowableProxyUtil.asString(e.getThrowableProxy()));
            assertThat(line).doesNotContain(SECRET).doesNotContain(KEY);
        }
        assertThat(out.events).allSatisfy(m -> assertThat(m.toString()).doesNotContain(SECRET).doesNotContain(KEY));
    }
}
