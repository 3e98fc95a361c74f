package io.aquatrade.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.EpochClock;
import io.aquatrade.common.ExecutionListener;
import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.OrderAccepted;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.OrderType;
import io.aquatrade.common.QueueRoot;
import io.aquatrade.common.Sequencer;
import io.aquatrade.common.Side;
import io.aquatrade.common.SubmitOrder;
import io.aquatrade.common.TimeInForce;
import io.aquatrade.common.Topic;
import io.aquatrade.fakebinance.FakeBinanceFixture;
import io.aquatrade.router.venue.binance.BinanceCredentials;
import io.aquatrade.router.venue.binance.BinanceVenue;
import io.aquatrade.router.venue.binance.ClientOrderIds;
import net.openhft.chronicle.queue.ExcerptTailer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client order ids the binance venue sends ({@link ClientOrderIds}), through the real router agent on real
 * queues against fake-binance (the real XChange client): derived from the strategy, the {@code orders} queue's id and
 * the order's queue index (worked out here from the queue itself), the same when a router meets the same
 * {@code SubmitOrder} again, different on fresh queues whose indexes repeat, and within Binance's rule.
 */
class BinanceClientOrderIdIT {
    private static final String KEY = "ids-it-key";
    private static final String SECRET = "ids-it-secret-8c1d2e";

    @TempDir
    Path dir;
    private FakeBinanceFixture fake;
    private final AtomicLong nowNs = new AtomicLong(1_700_000_000_000_000_000L);
    private final EpochClock clock = nowNs::get;
    private AquatradeConfig config;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeBinanceFixture(KEY, SECRET, Map.of("USDT", new BigDecimal("100000"), "BTC",
                new BigDecimal("1")), new BigDecimal("0.001"));
        config = TestConfigs.parse("""
                runtime: {queueDir: var/queues, sequencing: arrival}
                instruments:
                  - {symbol: BTCUSDT, base: BTC, quote: USDT, priceDecimals: 2, sizeDecimals: 5}
                assets: {BTC: 8, USDT: 8}
                order-router:
                  venue: binance
                  binance: {baseUrl: "%s", recvWindowMs: 5000, pollIntervalMs: 1000, wsApiUrl: none}
                """.formatted(fake.restUri()));
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private SubmitOrder marketBuy() {
        return new SubmitOrder().clientOrderId("ma-cross-1").strategyId("ma-cross").instrument("BTCUSDT")
                .side(Side.BUY).orderType(OrderType.MARKET).timeInForce(TimeInForce.IOC)
                .quantity(FixedPoint.fromBigDecimal(new BigDecimal("0.001"), 5)).reason("signal")
                .eventTimeNs(nowNs.get());
    }

    /** Runs a router with the binance venue on the queues until idle. */
    private RecordingExecutions run(Path queues) {
        RouterConfig rc = RouterConfig.from(config);
        try (QueueRoot root = new QueueRoot(queues)) {
            ExecutionListener executions = root.writer(Topic.EXECUTIONS);
            OrderRouter router = new OrderRouter(rc, config, executions, BinanceVenue.factory(rc.binance(),
                    BinanceCredentials.load(rc.binance(), Map.of(BinanceCredentials.ENV_KEY, KEY,
                            BinanceCredentials.ENV_SECRET, SECRET)), config, clock));
            RouterAgent agent = new RouterAgent(root, router, executions, Sequencer.Mode.ARRIVAL, clock);
            QueueFixtures.drain(agent);
            agent.onClose();
            return QueueFixtures.readExecutions(root);
        }
    }

    private static long firstIndex(Path queues) {
        try (QueueRoot root = new QueueRoot(queues); ExcerptTailer t = root.queue(Topic.ORDERS).createTailer()) {
            try (var dc = t.readingDocument()) {
                return dc.index();
            }
        }
    }

    private static long queueId(Path queues) {
        try (QueueRoot root = new QueueRoot(queues)) {
            return OrdersQueueId.of(root, () -> {
                throw new AssertionError("the id was written by the router already");
            });
        }
    }

    @Test
    void theIdIsDerivedFromTheOrdersQueueIsTheSameWhenTheOrderIsMetAgainAndDiffersOnFreshQueues() throws Exception {
        Path a = dir.resolve("a");
        try (QueueRoot root = new QueueRoot(a)) {
            QueueFixtures.writeOrders(root.writer(Topic.ORDERS), List.of(marketBuy()));
        }
        RecordingExecutions first = run(a);
        long index = firstIndex(a);
        long queueIdA = queueId(a);
        assertThat(queueIdA).isEqualTo(nowNs.get() / 1_000_000L); // the router's clock at its first start, ms
        String idA = "ma-cross-" + Long.toString(queueIdA, 36) + "-" + Long.toUnsignedString(index, 36);
        assertThat(fake.clientOrderIds()).containsExactly(idA);
        assertThat(idA).hasSizeLessThanOrEqualTo(36).matches(ClientOrderIds.VALID);
        // every report carries our own client order id
        assertThat(first.of(OrderAccepted.class)).extracting(OrderAccepted::clientOrderId)
                .containsExactly("ma-cross-1");
        assertThat(first.of(OrderFilled.class)).extracting(OrderFilled::clientOrderId).containsExactly("ma-cross-1");

        // The same SubmitOrder met again by a router that lost its executions (the worst restart): the same id is
        // derived, found at Binance and adopted, not sent a second time.
        nowNs.addAndGet(1_000_000_000L);
        try (QueueRoot root = new QueueRoot(a); ExcerptTailer named = root.queue(Topic.ORDERS)
                .createTailer(RouterAgent.TAILER)) {
            named.toStart();
        }
        deleteTree(a.resolve(Topic.EXECUTIONS.name()));
        RecordingExecutions again = run(a);
        assertThat(queueId(a)).isEqualTo(queueIdA);
        assertThat(fake.ordersWithClientId(idA)).isEqualTo(1);
        assertThat(fake.clientOrderIds()).containsExactly(idA);
        assertThat(again.of(OrderAccepted.class)).extracting(OrderAccepted::clientOrderId)
                .containsExactly("ma-cross-1");
        assertThat(again.of(OrderFilled.class)).extracting(OrderFilled::tradeId)
                .isEqualTo(first.of(OrderFilled.class).stream().map(OrderFilled::tradeId).toList());

        // Fresh queues the same day: the order has the same index there, but the queue's id differs, so does the id,
        // and the order is sent.
        nowNs.addAndGet(1_000_000_000L);
        Path b = dir.resolve("b");
        try (QueueRoot root = new QueueRoot(b)) {
            QueueFixtures.writeOrders(root.writer(Topic.ORDERS), List.of(marketBuy()));
        }
        run(b);
        assertThat(firstIndex(b)).isEqualTo(index);
        long queueIdB = queueId(b);
        assertThat(queueIdB).isNotEqualTo(queueIdA);
        String idB = "ma-cross-" + Long.toString(queueIdB, 36) + "-" + Long.toUnsignedString(index, 36);
        assertThat(idB).isNotEqualTo(idA).hasSizeLessThanOrEqualTo(36).matches(ClientOrderIds.VALID);
        assertThat(fake.clientOrderIds()).containsExactly(idA, idB);
    }

    private static void deleteTree(Path p) throws IOException {
        try (Stream<Path> files = Files.walk(p)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    /**
     * A router with the binance venue on the queues, without a user data stream: its lookups and polls follow the
     * hand-moved clock only, so what it learns before a kill is deterministic.
     */
    private RouterAgent agent(QueueRoot root, OrderRouter[] router) {
        AquatradeConfig cfg = TestConfigs.parse("""
                runtime: {queueDir: var/queues, sequencing: arrival}
                instruments:
                  - {symbol: BTCUSDT, base: BTC, quote: USDT, priceDecimals: 2, sizeDecimals: 5}
                assets: {BTC: 8, USDT: 8}
                order-router:
                  venue: binance
                  binance: {baseUrl: "%s", wsApiUrl: none, recvWindowMs: 5000, pollIntervalMs: 1000}
                """.formatted(fake.restUri()));
        RouterConfig rc = RouterConfig.from(cfg);
        ExecutionListener executions = root.writer(Topic.EXECUTIONS);
        router[0] = new OrderRouter(rc, cfg, executions, BinanceVenue.factory(rc.binance(),
                BinanceCredentials.load(rc.binance(), Map.of(BinanceCredentials.ENV_KEY, KEY,
                        BinanceCredentials.ENV_SECRET, SECRET)), cfg, clock));
        return new RouterAgent(root, router[0], executions, Sequencer.Mode.ARRIVAL, clock);
    }

    /**
     * The window of a kill -9 after the router consumed an order and before it answered it: the placement was taken
     * by Binance and answered 503 (outcome unknown), the router had marked the order consumed, and it is killed
     * before its next lookup. The restarted router on the same queues takes the consumed order back, asks Binance for
     * its client order id before anything is sent, adopts it and books its fill once: the fills on {@code executions}
     * are the exchange's (by trade id), no client order id was placed twice, the booked BTC equals the exchange's and
     * the instrument is not reduce-only. The order resting from before the kill is tracked again, not re-accepted.
     */
    @Test
    void anOrderConsumedWithItsOutcomeUnknownWhenTheRouterIsKilledIsFoundAfterTheRestartAndBookedOnce()
            throws Exception {
        Path a = dir.resolve("k");
        OrderRouter[] router = new OrderRouter[1];
        try (QueueRoot root = new QueueRoot(a)) {
            RouterAgent agent = agent(root, router);
            BinanceVenue v = (BinanceVenue) router[0].venue();
            SubmitOrder resting = new SubmitOrder().clientOrderId("ma-cross-0").strategyId("ma-cross")
                    .instrument("BTCUSDT").side(Side.BUY).orderType(OrderType.LIMIT).timeInForce(TimeInForce.GTC)
                    .limitPrice(FixedPoint.fromBigDecimal(fake.book().bid().subtract(new BigDecimal("5000")), 2))
                    .quantity(FixedPoint.fromBigDecimal(new BigDecimal("0.001"), 5)).reason("signal")
                    .eventTimeNs(nowNs.get());
            QueueFixtures.writeOrders(root.writer(Topic.ORDERS), List.of(resting));
            QueueFixtures.drain(agent);
            fake.fault("http5xxAfterTake", "1");
            QueueFixtures.writeOrders(root.writer(Topic.ORDERS), List.of(marketBuy()));
            QueueFixtures.drain(agent); // the clock stands still: no lookup before the kill
            assertThat(v.outstandingOrders()).isEqualTo(1);
            assertThat(v.unknownCount()).isEqualTo(1);
            assertThat(fake.fills()).hasSize(1); // Binance took and filled it
            assertThat(QueueFixtures.readExecutions(root).of(OrderFilled.class)).isEmpty();
            agent.onClose(); // the kill: nothing more is written
        }
        nowNs.addAndGet(2_000_000_000L);
        RecordingExecutions all;
        try (QueueRoot root = new QueueRoot(a)) {
            RouterAgent agent = agent(root, router);
            for (int i = 0; i < 5; i++) {
                nowNs.addAndGet(61_000_000_000L);
                QueueFixtures.drain(agent);
            }
            all = QueueFixtures.readExecutions(root);
            agent.onClose();
        }
        assertThat(all.of(OrderFilled.class)).extracting(OrderFilled::tradeId)
                .containsExactlyElementsOf(fake.fills().stream().map(f -> "binance-" + f.id()).toList());
        assertThat(all.of(OrderFilled.class)).singleElement()
                .satisfies(f -> assertThat(f.clientOrderId()).isEqualTo("ma-cross-1"));
        assertThat(all.of(OrderAccepted.class)).extracting(OrderAccepted::clientOrderId)
                .containsExactly("ma-cross-0", "ma-cross-1");
        assertThat(fake.clientOrderIds()).doesNotHaveDuplicates().hasSize(2);
        BigDecimal[] btc = fake.balances().get("BTC");
        assertThat(router[0].balance("BTC")).isEqualTo(FixedPoint.fromBigDecimal(btc[0].add(btc[1]), 8));
        assertThat(router[0].reduceOnly("BTCUSDT")).isFalse();
    }


    /**
     * The window of a kill -9 while an order consumed from {@code orders} waits in the venue, held back by a 429. The
     * restarted router cannot tell that from an order the earlier run sent and had no answer for (-1007, a timeout),
     * which Binance's matching engine may still take: it takes it back, asks Binance for its client order id
     * (absent), and rejects it as too late, never sending it, neither at once nor once the earlier run's requests
     * can no longer pass Binance's recvWindow check.
     */
    @Test
    void anOrderConsumedAndNeverAnsweredWhenTheRouterIsKilledIsRejectedAsTooLateAfterTheRestartNeverSent()
            throws Exception {
        Path a = dir.resolve("h");
        OrderRouter[] router = new OrderRouter[1];
        try (QueueRoot root = new QueueRoot(a)) {
            RouterAgent agent = agent(root, router);
            fake.fault("http429", "1");
            QueueFixtures.writeOrders(root.writer(Topic.ORDERS), List.of(marketBuy()));
            QueueFixtures.drain(agent); // the clock stands still: the 429's Retry-After never ends
            assertThat(router[0].venue().outstandingOrders()).isEqualTo(1);
            assertThat(fake.clientOrderIds()).isEmpty();
            agent.onClose(); // the kill
        }
        fake.elapseMs(1_500); // the fake's Retry-After (1 s, on its own clock) is over when the router starts again
        RecordingExecutions all;
        try (QueueRoot root = new QueueRoot(a)) {
            RouterAgent agent = agent(root, router);
            QueueFixtures.drain(agent);
            nowNs.addAndGet(6_100_000_000L); // past recvWindowMs (5000) + 1000 ms since the start
            QueueFixtures.drain(agent);
            all = QueueFixtures.readExecutions(root);
            agent.onClose();
        }
        assertThat(fake.clientOrderIds()).isEmpty();
        assertThat(all.of(OrderAccepted.class)).isEmpty();
        assertThat(all.of(io.aquatrade.common.OrderRejected.class)).singleElement().satisfies(r -> {
            assertThat(r.clientOrderId()).isEqualTo("ma-cross-1");
            assertThat(r.reasonCode()).isEqualTo(io.aquatrade.common.RejectReason.OUTCOME_UNKNOWN);
            assertThat(r.reason()).startsWith("too late: consumed before the restart and never answered");
        });
        assertThat(((BinanceVenue) router[0].venue()).watchedOrders()).isEqualTo(1);
    }

    /**
     * An entry held back by a 429 when the router is killed, and the router down for 2 minutes: the decision engine
     * gave up on it long ago (orderTimeoutMs) and may have entered again. The restarted router asks Binance for it
     * (absent) and, once no request of the earlier run can be placed, rejects it as too late instead of sending it:
     * nothing is placed, the rejection says why.
     */
    @Test
    void aRequeuedEntryOlderThanHeldBackMaxIsRejectedAsTooLateNotSent() throws Exception {
        Path a = dir.resolve("stale");
        OrderRouter[] router = new OrderRouter[1];
        try (QueueRoot root = new QueueRoot(a)) {
            RouterAgent agent = agent(root, router);
            fake.fault("http429", "1");
            QueueFixtures.writeOrders(root.writer(Topic.ORDERS), List.of(marketBuy()));
            QueueFixtures.drain(agent);
            assertThat(fake.clientOrderIds()).isEmpty();
            agent.onClose(); // the kill
        }
        fake.elapseMs(1_500);
        nowNs.addAndGet(120_000_000_000L); // down 2 min: past heldBackMaxMs (20000) and orderTimeoutMs
        RecordingExecutions all;
        try (QueueRoot root = new QueueRoot(a)) {
            RouterAgent agent = agent(root, router);
            QueueFixtures.drain(agent);
            nowNs.addAndGet(6_100_000_000L); // past recvWindowMs (5000) + 1000 ms since the start
            QueueFixtures.drain(agent);
            all = QueueFixtures.readExecutions(root);
            agent.onClose();
        }
        assertThat(fake.clientOrderIds()).isEmpty();
        assertThat(fake.fills()).isEmpty();
        assertThat(all.of(OrderAccepted.class)).isEmpty();
        assertThat(all.of(io.aquatrade.common.OrderRejected.class)).singleElement().satisfies(r -> {
            assertThat(r.clientOrderId()).isEqualTo("ma-cross-1");
            assertThat(r.reasonCode()).isEqualTo(io.aquatrade.common.RejectReason.OUTCOME_UNKNOWN);
            assertThat(r.reason()).startsWith("too late:");
        });
        assertThat(router[0].venue().outstandingOrders()).isZero();
    }

    /**
     * An entry written to {@code orders} while the router was down, met 2 minutes after its time: asked for at
     * Binance (absent) and rejected as too late rather than sent. A protective stop (reduce-only) as old is sent.
     */
    @Test
    void anEntryOnTheQueueAtStartOlderThanHeldBackMaxIsRejectedAsTooLateAProtectiveStopIsSent() throws Exception {
        Path a = dir.resolve("late");
        long price = FixedPoint.fromBigDecimal(fake.book().bid().subtract(new BigDecimal("5000")), 2);
        // a protective stop of the position the earlier run bought (its BTC fee leaves 0.00099)
        SubmitOrder stop = new SubmitOrder().clientOrderId("ma-cross-2").strategyId("ma-cross").instrument("BTCUSDT")
                .side(Side.SELL).orderType(OrderType.STOP_MARKET).timeInForce(TimeInForce.GTC).triggerPrice(price)
                .reduceOnly(true).quantity(FixedPoint.fromBigDecimal(new BigDecimal("0.00099"), 5)).reason("stop")
                .eventTimeNs(nowNs.get());
        OrderRouter[] router = new OrderRouter[1];
        try (QueueRoot root = new QueueRoot(a)) {
            RouterAgent agent = agent(root, router); // an earlier run: a position, then stopped before the orders came
            QueueFixtures.writeOrders(root.writer(Topic.ORDERS), List.of(marketBuy().clientOrderId("ma-cross-0")));
            QueueFixtures.drain(agent);
            agent.onClose();
            QueueFixtures.writeOrders(root.writer(Topic.ORDERS), List.of(marketBuy(), stop));
        }
        nowNs.addAndGet(120_000_000_000L);
        RecordingExecutions all;
        try (QueueRoot root = new QueueRoot(a)) {
            RouterAgent agent = agent(root, router);
            QueueFixtures.drain(agent);
            assertThat(fake.clientOrderIds()).hasSize(1); // asked for, absent: the earlier run's window not over
            nowNs.addAndGet(6_100_000_000L);
            QueueFixtures.drain(agent);
            all = QueueFixtures.readExecutions(root);
            agent.onClose();
        }
        assertThat(fake.clientOrderIds()).hasSize(2).doesNotHaveDuplicates(); // the earlier buy and the stop
        assertThat(fake.fills()).hasSize(1); // the earlier buy's: the late entry was never placed
        assertThat(fake.openStops()).hasSize(1);
        assertThat(all.of(OrderAccepted.class)).extracting(OrderAccepted::clientOrderId)
                .containsExactly("ma-cross-0", "ma-cross-2");
        assertThat(all.of(io.aquatrade.common.OrderRejected.class)).singleElement().satisfies(r -> {
            assertThat(r.clientOrderId()).isEqualTo("ma-cross-1");
            assertThat(r.reason()).startsWith("too late: the decision engine gave up on it");
        });
    }

    /**
     * A cancel of an accepted limit order that the rate-limit budget held back (kept in memory to send later) when
     * the router is killed: {@code executions} shows the order working and the cancel unanswered. The restarted router
     * sends the cancel again: the order ends CANCELED at Binance and {@code OrderCanceled} answers the cancel, once.
     */
    @Test
    void aHeldBackCancelOfAWorkingOrderIsSentAgainAfterTheRestart() throws Exception {
        Path a = dir.resolve("cx");
        OrderRouter[] router = new OrderRouter[1];
        long limit = FixedPoint.fromBigDecimal(fake.book().bid().subtract(new BigDecimal("5000")), 2);
        SubmitOrder first = new SubmitOrder().clientOrderId("ma-cross-0").strategyId("ma-cross")
                .instrument("BTCUSDT").side(Side.BUY).orderType(OrderType.LIMIT).timeInForce(TimeInForce.GTC)
                .limitPrice(limit).quantity(FixedPoint.fromBigDecimal(new BigDecimal("0.001"), 5)).reason("signal")
                .eventTimeNs(nowNs.get());
        try (QueueRoot root = new QueueRoot(a)) {
            RouterAgent agent = agent(root, router);
            io.aquatrade.common.OrderListener orders = root.writer(Topic.ORDERS);
            QueueFixtures.writeOrders(orders, List.of(first));
            QueueFixtures.drain(agent);
            ((BinanceVenue) router[0].venue()).guard().budget().observe(200,
                    Map.of("X-MBX-USED-WEIGHT-1M", List.of("6000"))); // the weight budget used up: cancels wait
            orders.cancelOrder(new io.aquatrade.common.CancelOrder().clientOrderId("ma-cross-0")
                    .strategyId("ma-cross").instrument("BTCUSDT").reason("reprice").eventTimeNs(nowNs.get() + 1));
            QueueFixtures.drain(agent);
            assertThat(fake.statusOf(fake.clientOrderIds().get(0))).isEqualTo("NEW");
            agent.onClose(); // the kill
        }
        fake.elapseMs(1_500);
        RecordingExecutions all;
        try (QueueRoot root = new QueueRoot(a)) {
            RouterAgent agent = agent(root, router);
            for (int i = 0; i < 3; i++) {
                nowNs.addAndGet(61_000_000_000L);
                QueueFixtures.drain(agent);
            }
            all = QueueFixtures.readExecutions(root);
            agent.onClose();
        }
        assertThat(fake.clientOrderIds()).hasSize(1);
        assertThat(fake.statusOf(fake.clientOrderIds().get(0))).isEqualTo("CANCELED");
        assertThat(all.of(io.aquatrade.common.OrderCanceled.class)).singleElement()
                .satisfies(c -> assertThat(c.clientOrderId()).isEqualTo("ma-cross-0"));
        assertThat(all.of(io.aquatrade.common.CancelRejected.class)).isEmpty();
        assertThat(router[0].venue().workingOrders()).isZero();
    }

    /**
     * Whether an order may have been sent by an earlier run is decided by the {@code orders} queue, not by clocks:
     * an order stamped an hour after the router's start (its writer's clock far ahead of the router's) that was on
     * the queue when the router started is asked for before it is sent, found and adopted, not placed twice.
     */
    @Test
    void anOrderOnTheQueueAtTheRestartIsAskedForWhateverItsTime() throws Exception {
        Path a = dir.resolve("t");
        SubmitOrder ahead = marketBuy().eventTimeNs(nowNs.get() + 3_600_000_000_000L);
        try (QueueRoot root = new QueueRoot(a)) {
            QueueFixtures.writeOrders(root.writer(Topic.ORDERS), List.of(ahead));
        }
        RecordingExecutions first = run(a);
        assertThat(fake.clientOrderIds()).hasSize(1);
        // the router died after Binance filled the order and before it wrote anything: the order comes again
        nowNs.addAndGet(1_000_000_000L);
        try (QueueRoot root = new QueueRoot(a); ExcerptTailer named = root.queue(Topic.ORDERS)
                .createTailer(RouterAgent.TAILER)) {
            named.toStart();
        }
        deleteTree(a.resolve(Topic.EXECUTIONS.name()));
        RecordingExecutions again = run(a);
        assertThat(fake.clientOrderIds()).hasSize(1);
        assertThat(again.of(OrderFilled.class)).extracting(OrderFilled::tradeId)
                .isEqualTo(first.of(OrderFilled.class).stream().map(OrderFilled::tradeId).toList());
    }

    /**
     * A lookup that fails at the restart (a 429) leaves the order unknown, never rejected for it: asked again, it is
     * found and adopted although Binance created it long before the restart (the restart took a minute, more than
     * recvWindowMs, on a router clock a minute ahead of Binance's): an id derived from this queue is ours whenever
     * Binance created it.
     */
    @Test
    void aFailedLookupAtTheRestartLeavesTheOrderUnknownUntilFoundWhateverTheRestartTook() throws Exception {
        Path a = dir.resolve("f");
        OrderRouter[] router = new OrderRouter[1];
        SubmitOrder resting = new SubmitOrder().clientOrderId("ma-cross-0").strategyId("ma-cross")
                .instrument("BTCUSDT").side(Side.BUY).orderType(OrderType.LIMIT).timeInForce(TimeInForce.GTC)
                .limitPrice(FixedPoint.fromBigDecimal(fake.book().bid().subtract(new BigDecimal("5000")), 2))
                .quantity(FixedPoint.fromBigDecimal(new BigDecimal("0.001"), 5)).reason("signal")
                .eventTimeNs(nowNs.get());
        try (QueueRoot root = new QueueRoot(a)) {
            RouterAgent agent = agent(root, router);
            QueueFixtures.writeOrders(root.writer(Topic.ORDERS), List.of(resting));
            QueueFixtures.drain(agent);
            agent.onClose();
        }
        assertThat(fake.clientOrderIds()).hasSize(1);
        // the router died before its executions reached the disk: the order comes again, a minute later
        try (QueueRoot root = new QueueRoot(a); ExcerptTailer named = root.queue(Topic.ORDERS)
                .createTailer(RouterAgent.TAILER)) {
            named.toStart();
        }
        deleteTree(a.resolve(Topic.EXECUTIONS.name()));
        nowNs.set((System.currentTimeMillis() + 60_000L) * 1_000_000L);
        RecordingExecutions again;
        try (QueueRoot root = new QueueRoot(a)) {
            RouterAgent agent = agent(root, router);
            fake.fault("http429", "1"); // the lookup of the order delivered again
            agent.doWork();
            assertThat(router[0].venue().outstandingOrders()).isEqualTo(1);
            fake.elapseMs(1_500); // the fake's Retry-After is over
            for (int i = 0; i < 3; i++) {
                nowNs.addAndGet(61_000_000_000L);
                QueueFixtures.drain(agent);
            }
            again = QueueFixtures.readExecutions(root);
            agent.onClose();
        }
        assertThat(again.of(io.aquatrade.common.OrderRejected.class)).isEmpty();
        assertThat(again.of(OrderAccepted.class)).extracting(OrderAccepted::clientOrderId).containsExactly("ma-cross-0");
        assertThat(((BinanceVenue) router[0].venue()).adoptedCount()).isEqualTo(1);
        assertThat(router[0].venue().workingOrders()).isEqualTo(1);
        assertThat(fake.clientOrderIds()).hasSize(1);
    }

    /**
     * A kill -9 after the router consumed a resting order answered 503 after the take and then its cancel (kept until
     * the order is known): neither was answered. The restarted router takes both back: the order is found, adopted and
     * cancelled at Binance, so the cancel is answered with {@code OrderCanceled}; nothing was placed twice.
     */
    @Test
    void aCancelConsumedForAnOrderOfUnknownOutcomeBeforeAKillIsAppliedAfterTheRestart() throws Exception {
        Path a = dir.resolve("c");
        OrderRouter[] router = new OrderRouter[1];
        long limit = FixedPoint.fromBigDecimal(fake.book().bid().subtract(new BigDecimal("5000")), 2);
        SubmitOrder first = new SubmitOrder().clientOrderId("ma-cross-0").strategyId("ma-cross")
                .instrument("BTCUSDT").side(Side.BUY).orderType(OrderType.LIMIT).timeInForce(TimeInForce.GTC)
                .limitPrice(limit).quantity(FixedPoint.fromBigDecimal(new BigDecimal("0.001"), 5)).reason("signal")
                .eventTimeNs(nowNs.get());
        SubmitOrder second = new SubmitOrder().clientOrderId("ma-cross-1").strategyId("ma-cross")
                .instrument("BTCUSDT").side(Side.BUY).orderType(OrderType.LIMIT).timeInForce(TimeInForce.GTC)
                .limitPrice(limit).quantity(FixedPoint.fromBigDecimal(new BigDecimal("0.001"), 5)).reason("signal")
                .eventTimeNs(nowNs.get());
        try (QueueRoot root = new QueueRoot(a)) {
            RouterAgent agent = agent(root, router);
            io.aquatrade.common.OrderListener orders = root.writer(Topic.ORDERS);
            QueueFixtures.writeOrders(orders, List.of(first));
            QueueFixtures.drain(agent); // working, polled once
            fake.fault("http5xxAfterTake", "1");
            QueueFixtures.writeOrders(orders, List.of(second));
            QueueFixtures.drain(agent);
            orders.cancelOrder(new io.aquatrade.common.CancelOrder().clientOrderId("ma-cross-1")
                    .strategyId("ma-cross").instrument("BTCUSDT").reason("timeout").eventTimeNs(nowNs.get() + 1));
            QueueFixtures.drain(agent); // the clock stands still: no lookup, the cancel waits for the order
            assertThat(QueueFixtures.readExecutions(root).of(OrderAccepted.class)).extracting(
                    OrderAccepted::clientOrderId).containsExactly("ma-cross-0");
            agent.onClose(); // the kill
        }
        assertThat(fake.clientOrderIds()).hasSize(2);
        String id = fake.clientOrderIds().get(1);
        assertThat(fake.statusOf(id)).isEqualTo("NEW");
        RecordingExecutions all;
        try (QueueRoot root = new QueueRoot(a)) {
            RouterAgent agent = agent(root, router);
            for (int i = 0; i < 3; i++) {
                nowNs.addAndGet(61_000_000_000L);
                QueueFixtures.drain(agent);
            }
            all = QueueFixtures.readExecutions(root);
            agent.onClose();
        }
        assertThat(fake.statusOf(id)).isEqualTo("CANCELED");
        assertThat(fake.clientOrderIds()).doesNotHaveDuplicates().hasSize(2);
        assertThat(all.of(OrderAccepted.class)).extracting(OrderAccepted::clientOrderId)
                .containsExactly("ma-cross-0", "ma-cross-1");
        assertThat(all.of(io.aquatrade.common.OrderCanceled.class)).singleElement()
                .satisfies(c -> assertThat(c.clientOrderId()).isEqualTo("ma-cross-1"));
        assertThat(router[0].venue().workingOrders()).isEqualTo(1); // the first, resting on
    }

    /**
     * Runs a first router that places a resting limit order, then makes the worst restart (executions lost, the
     * orders queue read again from its start), and starts a second router under a 418 ban of 120 s from Binance: the
     * order, on the queue when it started, is held back, and an earlier run may have sent it.
     *
     * @return the second router's agent, its router in {@code router[0]}
     */
    private RouterAgent restartUnderABanWithARestingOrderMetAgain(Path a, QueueRoot[] root, OrderRouter[] router)
            throws Exception {
        SubmitOrder resting = new SubmitOrder().clientOrderId("ma-cross-0").strategyId("ma-cross")
                .instrument("BTCUSDT").side(Side.BUY).orderType(OrderType.LIMIT).timeInForce(TimeInForce.GTC)
                .limitPrice(FixedPoint.fromBigDecimal(fake.book().bid().subtract(new BigDecimal("5000")), 2))
                .quantity(FixedPoint.fromBigDecimal(new BigDecimal("0.001"), 5)).reason("signal")
                .eventTimeNs(nowNs.get());
        try (QueueRoot r = new QueueRoot(a)) {
            QueueFixtures.writeOrders(r.writer(Topic.ORDERS), List.of(resting));
        }
        RecordingExecutions first = run(a);
        assertThat(first.of(OrderAccepted.class)).hasSize(1);
        assertThat(fake.clientOrderIds()).hasSize(1);
        nowNs.addAndGet(1_000_000_000L);
        try (QueueRoot r = new QueueRoot(a); ExcerptTailer named = r.queue(Topic.ORDERS)
                .createTailer(RouterAgent.TAILER)) {
            named.toStart();
        }
        deleteTree(a.resolve(Topic.EXECUTIONS.name()));
        root[0] = new QueueRoot(a);
        RouterAgent agent = agent(root[0], router);
        ((BinanceVenue) router[0].venue()).guard().budget().observe(418, Map.of("Retry-After", List.of("120")));
        QueueFixtures.drain(agent);
        assertThat(router[0].venue().outstandingOrders()).isEqualTo(1); // held back
        return agent;
    }

    /**
     * A cancel of an order held back at the restart that the earlier run had placed: Binance is asked for it once
     * the ban ends, it is adopted and cancelled there, not ended here while it keeps working at Binance.
     */
    @Test
    void aCancelOfAHeldBackOrderAnEarlierRunPlacedCancelsItAtBinance() throws Exception {
        Path a = dir.resolve("hc");
        OrderRouter[] router = new OrderRouter[1];
        QueueRoot[] root = new QueueRoot[1];
        RouterAgent agent = restartUnderABanWithARestingOrderMetAgain(a, root, router);
        String id = fake.clientOrderIds().get(0);
        RecordingExecutions all;
        try (QueueRoot r = root[0]) {
            long requests = fake.restFaults().requests();
            r.writer(Topic.ORDERS).cancelOrder(new io.aquatrade.common.CancelOrder().clientOrderId("ma-cross-0")
                    .strategyId("ma-cross").instrument("BTCUSDT").reason("test").eventTimeNs(nowNs.get()));
            QueueFixtures.drain(agent);
            assertThat(fake.restFaults().requests()).as("nothing during the ban").isEqualTo(requests);
            assertThat(QueueFixtures.readExecutions(r).of(io.aquatrade.common.OrderCanceled.class))
                    .as("not ended here: binance may have it").isEmpty();
            for (int i = 0; i < 3; i++) {
                nowNs.addAndGet(61_000_000_000L); // the ban ends
                QueueFixtures.drain(agent);
            }
            all = QueueFixtures.readExecutions(r);
            agent.onClose();
        }
        assertThat(fake.statusOf(id)).isEqualTo("CANCELED");
        assertThat(fake.ordersWithClientId(id)).isEqualTo(1);
        assertThat(all.of(OrderAccepted.class)).extracting(OrderAccepted::clientOrderId).containsExactly("ma-cross-0");
        assertThat(all.of(io.aquatrade.common.OrderCanceled.class)).singleElement()
                .satisfies(c -> assertThat(c.venueOrderId()).isNotNull());
        assertThat(all.of(io.aquatrade.common.OrderRejected.class)).isEmpty();
        assertThat(router[0].venue().workingOrders()).isZero();
    }

    /**
     * An order held back at the restart longer than heldBackMaxMs that the earlier run had placed: Binance is asked
     * for it once the ban ends and it is adopted (it works at Binance), not rejected as never sent.
     */
    @Test
    void aHeldBackOrderAnEarlierRunPlacedIsAdoptedNotExpired() throws Exception {
        Path a = dir.resolve("he");
        OrderRouter[] router = new OrderRouter[1];
        QueueRoot[] root = new QueueRoot[1];
        RouterAgent agent = restartUnderABanWithARestingOrderMetAgain(a, root, router);
        String id = fake.clientOrderIds().get(0);
        RecordingExecutions all;
        try (QueueRoot r = root[0]) {
            long requests = fake.restFaults().requests();
            nowNs.addAndGet(21_000_000_000L); // longer than heldBackMaxMs (20 s), the ban still on
            QueueFixtures.drain(agent);
            assertThat(fake.restFaults().requests()).as("nothing during the ban").isEqualTo(requests);
            assertThat(QueueFixtures.readExecutions(r).of(io.aquatrade.common.OrderRejected.class))
                    .as("not rejected here: binance may have it").isEmpty();
            for (int i = 0; i < 3; i++) {
                nowNs.addAndGet(61_000_000_000L); // the ban ends
                QueueFixtures.drain(agent);
            }
            all = QueueFixtures.readExecutions(r);
            agent.onClose();
        }
        assertThat(fake.statusOf(id)).isEqualTo("NEW");
        assertThat(fake.ordersWithClientId(id)).isEqualTo(1);
        assertThat(all.of(OrderAccepted.class)).extracting(OrderAccepted::clientOrderId).containsExactly("ma-cross-0");
        assertThat(all.of(io.aquatrade.common.OrderRejected.class)).isEmpty();
        assertThat(router[0].venue().outstandingOrders()).isZero();
        assertThat(router[0].venue().workingOrders()).isEqualTo(1); // tracked, polled
    }

    /**
     * An order on the queue at the restart that no earlier run sent, held back by a ban longer than heldBackMaxMs:
     * asked for once the ban ends, absent, so rejected for the rate limit and never sent (too late).
     */
    @Test
    void aHeldBackOrderNoEarlierRunSentIsAskedForThenRejectedNotSent() throws Exception {
        Path a = dir.resolve("hn");
        OrderRouter[] router = new OrderRouter[1];
        try (QueueRoot root = new QueueRoot(a)) {
            RouterAgent agent = agent(root, router); // a first run: the queue has an id, nothing was on it
            QueueFixtures.drain(agent);
            agent.onClose();
        }
        try (QueueRoot root = new QueueRoot(a)) {
            QueueFixtures.writeOrders(root.writer(Topic.ORDERS), List.of(marketBuy()));
        }
        nowNs.addAndGet(1_000_000_000L);
        RecordingExecutions all;
        try (QueueRoot root = new QueueRoot(a)) {
            RouterAgent agent = agent(root, router);
            ((BinanceVenue) router[0].venue()).guard().budget().observe(418, Map.of("Retry-After", List.of("120")));
            QueueFixtures.drain(agent);
            assertThat(router[0].venue().outstandingOrders()).isEqualTo(1); // held back, asked for first
            nowNs.addAndGet(21_000_000_000L); // longer than heldBackMaxMs (20 s), the ban still on
            QueueFixtures.drain(agent);
            assertThat(QueueFixtures.readExecutions(root).of(io.aquatrade.common.OrderRejected.class)).isEmpty();
            for (int i = 0; i < 3; i++) {
                nowNs.addAndGet(61_000_000_000L); // the ban ends
                QueueFixtures.drain(agent);
            }
            all = QueueFixtures.readExecutions(root);
            agent.onClose();
        }
        assertThat(fake.clientOrderIds()).isEmpty();
        assertThat(all.of(OrderAccepted.class)).isEmpty();
        assertThat(all.of(io.aquatrade.common.OrderRejected.class)).singleElement().satisfies(r -> {
            assertThat(r.clientOrderId()).isEqualTo("ma-cross-1");
            assertThat(r.reasonCode()).isEqualTo(io.aquatrade.common.RejectReason.OUTCOME_UNKNOWN);
            assertThat(r.reason()).contains("heldBackMaxMs");
        });
        assertThat(router[0].venue().workingOrders()).isZero();
    }

    /**
     * Issue 9: an order the router gave up (its placement answered -1007 and Binance not showing it for 60 s: rejected
     * {@code OUTCOME_UNKNOWN}, watched) before a restart, which Binance's matching engine places after the restart
     * (fault {@code lateMatchMs}). The restarted router rebuilds its watch list from that rejection on {@code
     * executions} and the reconciliation books the late placement under the original order (accepted after its
     * rejection, its fill), instead of leaving it alone as an order of this queue: the fills on {@code executions}
     * are the exchange's, each once, the strategy's position is the fill's quantity, every balance equals {@code GET
     * /fake/state}'s free + locked, the client order id was placed once, and nothing is watched any more.
     */
    @Test
    void anOrderGivenUpBeforeARestartThatBinancePlacesAfterItIsBookedUnderItsOwnOrder() throws Exception {
        Path a = dir.resolve("w");
        OrderRouter[] router = new OrderRouter[1];
        String sentAs;
        try (QueueRoot root = new QueueRoot(a)) {
            RouterAgent agent = agent(root, router);
            BinanceVenue v = (BinanceVenue) router[0].venue();
            fake.fault("lateMatchMs", "3600000"); // -1007 now, taken when this test says (matchLateNow)
            QueueFixtures.writeOrders(root.writer(Topic.ORDERS), List.of(marketBuy()));
            QueueFixtures.drain(agent);
            assertThat(v.unknownCount()).isEqualTo(1);
            sentAs = "ma-cross-" + Long.toString(queueId(a), 36) + "-" + Long.toUnsignedString(firstIndex(a), 36);
            nowNs.addAndGet(61_000_000_000L); // past BinanceVenue.unknownAskMs (60 s): given up
            QueueFixtures.drain(agent);
            assertThat(QueueFixtures.readExecutions(root).of(io.aquatrade.common.OrderRejected.class))
                    .singleElement().satisfies(r -> {
                        assertThat(r.clientOrderId()).isEqualTo("ma-cross-1");
                        assertThat(r.reasonCode()).isEqualTo(io.aquatrade.common.RejectReason.OUTCOME_UNKNOWN);
                    });
            assertThat(v.watchedOrders()).isEqualTo(1);
            agent.onClose(); // the restart
        }
        assertThat(fake.fills()).isEmpty();
        nowNs.addAndGet(2_000_000_000L);
        RecordingExecutions all;
        try (QueueRoot root = new QueueRoot(a)) {
            RouterAgent agent = agent(root, router);
            BinanceVenue v = (BinanceVenue) router[0].venue();
            assertThat(router[0].watchedAgainCount()).isEqualTo(1);
            assertThat(v.watchedOrders()).isEqualTo(1);
            QueueFixtures.drain(agent); // the start's reconciliation: nothing at Binance yet
            assertThat(fake.matchLateNow()).isEqualTo(1); // the matching engine takes the first run's request now
            assertThat(fake.fills()).isNotEmpty();
            nowNs.addAndGet(61_000_000_000L); // the next reconciliation round (reconcileIntervalS 60)
            QueueFixtures.drain(agent);
            all = QueueFixtures.readExecutions(root);
            assertThat(v.lateAdoptedCount()).isEqualTo(1);
            assertThat(v.watchedOrders()).isZero();
            agent.onClose();
        }
        assertThat(all.of(OrderAccepted.class)).extracting(OrderAccepted::clientOrderId)
                .containsExactly("ma-cross-1");
        assertThat(all.of(OrderFilled.class)).extracting(OrderFilled::tradeId)
                .containsExactlyElementsOf(fake.fills().stream().map(f -> "binance-" + f.id()).toList());
        assertThat(all.of(OrderFilled.class)).allSatisfy(f -> assertThat(f.clientOrderId()).isEqualTo("ma-cross-1"));
        BigDecimal bought = fake.fills().stream().map(io.aquatrade.fakebinance.Fill::qty)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(bought).isEqualByComparingTo("0.001");
        BigDecimal btcFees = fake.fills().stream().filter(f -> f.commissionAsset().equals("BTC"))
                .map(io.aquatrade.fakebinance.Fill::commission).reduce(BigDecimal.ZERO, BigDecimal::add);
        // a long holds the whole steps (here 0.00001 BTC) its fills brought in net of base fees (README, "Dust")
        assertThat(router[0].position("ma-cross", "BTCUSDT").quantity()).isEqualTo(FixedPoint.fromBigDecimal(
                bought.subtract(btcFees).setScale(5, java.math.RoundingMode.DOWN), 5));
        java.net.http.HttpResponse<String> state = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(fake.restUri() + "/fake/state")).GET()
                        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(state.statusCode()).isEqualTo(200);
        com.fasterxml.jackson.databind.JsonNode balances = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(state.body()).get("balances");
        assertThat(balances).isNotEmpty();
        for (com.fasterxml.jackson.databind.JsonNode b : balances) {
            BigDecimal total = new BigDecimal(b.get("free").asText()).add(new BigDecimal(b.get("locked").asText()));
            assertThat(router[0].balance(b.get("asset").asText())).as(b.get("asset").asText())
                    .isEqualTo(FixedPoint.fromBigDecimal(total.setScale(8), 8));
        }
        assertThat(fake.clientOrderIds()).containsExactly(sentAs);
        assertThat(fake.ordersWithClientId(sentAs)).isEqualTo(1);
        assertThat(router[0].reduceOnly("BTCUSDT")).isFalse();
    }

    /**
     * Issue 9: the decision engine times orders out on this router's market-data promise on {@code executions}
     * ({@code Progress.marketDataNs}). While an order's outcome is unknown (Binance took it, the answer was a 5xx) the
     * router keeps asking for it and must not let that promise pass the order's time, however far market data moves:
     * else the engine would give the order up and enter again while it is filled at Binance. Market data: the
     * capture's recorded trades, re-stamped one second apart from the order's time on.
     */
    @Test
    void whileAnOrdersOutcomeIsUnknownTheMarketDataPromiseStaysAtTheOrdersTime() throws Exception {
        Path a = dir.resolve("u");
        OrderRouter[] router = new OrderRouter[1];
        try (QueueRoot root = new QueueRoot(a)) {
            RouterAgent agent = agent(root, router);
            BinanceVenue v = (BinanceVenue) router[0].venue();
            // a resting order first: the start's reconciliation and the first REST poll are done at this clock time
            SubmitOrder resting = new SubmitOrder().clientOrderId("ma-cross-0").strategyId("ma-cross")
                    .instrument("BTCUSDT").side(Side.BUY).orderType(OrderType.LIMIT).timeInForce(TimeInForce.GTC)
                    .limitPrice(FixedPoint.fromBigDecimal(fake.book().bid().subtract(new BigDecimal("5000")), 2))
                    .quantity(FixedPoint.fromBigDecimal(new BigDecimal("0.001"), 5)).reason("signal")
                    .eventTimeNs(nowNs.get());
            QueueFixtures.writeOrders(root.writer(Topic.ORDERS), List.of(resting));
            QueueFixtures.drain(agent);
            assertThat(v.earliestUnansweredNs()).as("an accepted resting order is answered").isEqualTo(Long.MAX_VALUE);
            fake.fault("http5xxAfterTake", "1");
            SubmitOrder buy = marketBuy();
            QueueFixtures.writeOrders(root.writer(Topic.ORDERS), List.of(buy));
            QueueFixtures.drain(agent); // the clock stands still: not asked for yet
            assertThat(v.unknownCount()).isEqualTo(1);
            assertThat(v.earliestUnansweredNs()).isEqualTo(buy.eventTimeNs());
            assertThat(fake.fills()).hasSize(1); // Binance took and filled it

            // two minutes of market data (four times decision-engine's default orderTimeoutMs)
            List<io.aquatrade.fakebinance.MarketEvent.Trade> recorded = fake.events().stream()
                    .filter(e -> e.trade() != null).map(io.aquatrade.fakebinance.MarketEvent::trade).limit(120)
                    .toList();
            assertThat(recorded).hasSize(120);
            List<io.aquatrade.common.TradeTick> ticks = new java.util.ArrayList<>();
            for (int i = 0; i < recorded.size(); i++) {
                io.aquatrade.fakebinance.MarketEvent.Trade t = recorded.get(i);
                ticks.add(new io.aquatrade.common.TradeTick().instrument("BTCUSDT").tradeId(t.tradeId())
                        .price(FixedPoint.fromBigDecimal(t.price(), 2))
                        .quantity(FixedPoint.fromBigDecimal(t.quantity(), 5))
                        .aggressorSide(t.buyerMaker() ? Side.SELL : Side.BUY)
                        .eventTimeNs(buy.eventTimeNs() + (i + 1) * 1_000_000_000L));
            }
            QueueFixtures.writeTrades(root.writer(Topic.MARKET_DATA), ticks, 0, ticks.size());
            QueueFixtures.drain(agent);
            RecordingExecutions meanwhile = QueueFixtures.readExecutions(root);
            assertThat(meanwhile.of(OrderAccepted.class)).extracting(OrderAccepted::clientOrderId)
                    .containsExactly("ma-cross-0");
            assertThat(meanwhile.progress).isNotEmpty();
            assertThat(meanwhile.progress).allSatisfy(p -> assertThat(p.marketDataNs())
                    .as("market-data promise while the order is unknown").isLessThanOrEqualTo(buy.eventTimeNs()));

            // the next poll asks Binance by client order id: found, adopted, booked; the promise moves on
            nowNs.addAndGet(1_000_000_000L);
            QueueFixtures.drain(agent);
            assertThat(v.earliestUnansweredNs()).isEqualTo(Long.MAX_VALUE);
            RecordingExecutions after = QueueFixtures.readExecutions(root);
            assertThat(after.of(OrderFilled.class)).extracting(OrderFilled::tradeId)
                    .containsExactlyElementsOf(fake.fills().stream().map(f -> "binance-" + f.id()).toList());
            assertThat(after.progress.get(after.progress.size() - 1).marketDataNs())
                    .isEqualTo(ticks.get(ticks.size() - 1).eventTimeNs());
            assertThat(fake.placements()).hasSize(2).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
            agent.onClose();
        }
    }
}
