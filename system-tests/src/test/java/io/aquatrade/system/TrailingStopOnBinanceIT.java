package io.aquatrade.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.BalanceUpdate;
import io.aquatrade.common.CancelOrder;
import io.aquatrade.common.CancelRejected;
import io.aquatrade.common.Direction;
import io.aquatrade.common.ExecutionListener;
import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.OrderAccepted;
import io.aquatrade.common.OrderCanceled;
import io.aquatrade.common.OrderDenied;
import io.aquatrade.common.OrderExpired;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.OrderListener;
import io.aquatrade.common.OrderRejected;
import io.aquatrade.common.PositionUpdate;
import io.aquatrade.common.QuoteTick;
import io.aquatrade.common.Signal;
import io.aquatrade.common.SubmitOrder;
import io.aquatrade.common.TradeTick;
import io.aquatrade.decision.DecisionConfig;
import io.aquatrade.decision.DecisionEngine;
import io.aquatrade.fakebinance.MarketEvent;
import io.aquatrade.fakebinance.StopWatchFixture;
import io.aquatrade.router.OrderRouter;
import io.aquatrade.router.RouterConfig;
import io.aquatrade.router.venue.binance.BinanceCredentials;
import io.aquatrade.router.venue.binance.BinanceVenue;
import io.aquatrade.router.venue.binance.BinanceVenueConfig;
import net.openhft.chronicle.wire.Marshallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The decision engine's trailing stop on Binance: the real {@link DecisionEngine} (a strategy with {@code stopOrder:
 * market} and {@code trailingStop: {bps: 10}}) and the real {@link OrderRouter} with the binance venue (XChange
 * 5.2.4's client) against fake-binance in-process, over the recorded BTCUSDT trades and book tickers of 2024-08-08,
 * wired in one thread (each one's output delivered to the other as the agents would). The engine enters long, and
 * its protective stop of the whole position follows the best trade since entry, each move sent as the new stop
 * then the old one's cancel; the account holds only the position's BTC, so each move is a cancel-replace.
 */
class TrailingStopOnBinanceIT {
    private static final String KEY = "trail-it-key";
    private static final String SECRET = "trail-it-secret-3b8e51f0";

    private StopWatchFixture fake;
    private final AtomicLong venueNowNs = new AtomicLong();
    private final Deque<Marshallable> toRouter = new ArrayDeque<>();
    private final Deque<Marshallable> toEngine = new ArrayDeque<>();
    private final List<Marshallable> executions = new ArrayList<>();
    private final List<OrderDenied> denied = new ArrayList<>();
    private DecisionEngine engine;
    private OrderRouter router;

    @AfterEach
    void stop() {
        if (fake != null) {
            fake.close();
        }
    }

    @Test
    void theStopFollowsTheMarketUpAndTheExchangeHoldsExactlyOneStopWhileThePositionIsHeld() throws Exception {
        fake = new StopWatchFixture(KEY, SECRET, Map.of("USDT", new BigDecimal("100000")), new BigDecimal("0.001"));
        AquatradeConfig config = AquatradeConfig.parse(Path.of("test.yaml"), """
                runtime: {queueDir: var/queues, sequencing: arrival}
                instruments:
                  - {symbol: BTCUSDT, base: BTC, quote: USDT, priceDecimals: 2, sizeDecimals: 5}
                assets: {BTC: 8, USDT: 8}
                decision-engine:
                  strategies:
                    - {id: trend, capital: 1000, orderFraction: 0.5, stopLossBps: 100, stopOrder: market,
                       trailingStop: {bps: 10}}
                order-router:
                  venue: binance
                  binance: {baseUrl: "%s", recvWindowMs: 5000, pollIntervalMs: 1000, wsApiUrl: none}
                """.formatted(fake.restUri()));
        List<MarketEvent> events = fake.events();
        // the venue's clock runs 30 s behind the recording's, so that no order looks sent by an earlier run
        venueNowNs.set(events.get(fake.cursor()).marketTimeMs() * 1_000_000L - 30_000_000_000L);
        RouterConfig routerConfig = RouterConfig.from(config);
        BinanceVenueConfig venueConfig = routerConfig.binance();
        BinanceCredentials credentials = BinanceCredentials.load(venueConfig,
                Map.of(BinanceCredentials.ENV_KEY, KEY, BinanceCredentials.ENV_SECRET, SECRET));
        router = new OrderRouter(routerConfig, config, new Queued(),
                BinanceVenue.factory(venueConfig, credentials, config, venueNowNs::get));
        router.start();
        engine = new DecisionEngine(DecisionConfig.from(config), config, new OrderListener() {
            @Override
            public void submitOrder(SubmitOrder order) {
                toRouter.add(order.deepCopy());
            }

            @Override
            public void cancelOrder(CancelOrder cancel) {
                toRouter.add(cancel.deepCopy());
            }

            @Override
            public void orderDenied(OrderDenied d) {
                denied.add(d.deepCopy());
            }
        });

        long lastPrice = 0;
        long lastTimeNs = 0;
        for (int i = 0; i < 50; i++) { // the market before the signal
            MarketEvent e = step(events);
            if (e.trade() != null) {
                lastPrice = FixedPoint.fromBigDecimal(e.trade().price().setScale(2), 2);
                lastTimeNs = e.trade().tradeTimeMs() * 1_000_000L;
            }
        }
        engine.signal(new Signal().signalId(1).strategyId("trend").instrument("BTCUSDT").direction(Direction.LONG)
                .timeframeMs(300_000).barOpenTimeNs(lastTimeNs - 300_000_000_000L).price(lastPrice).reason("test")
                .eventTimeNs(lastTimeNs));
        pump();
        long held = engine.position("trend", "BTCUSDT").quantity();
        assertThat(held).as("entered long").isPositive();
        BinanceVenue venue = (BinanceVenue) router.venue();

        for (int i = 0; i < 40_000 && !engine.position("trend", "BTCUSDT").isFlat(); i++) {
            step(events);
        }

        List<String> stopIds = new ArrayList<>();
        for (Marshallable m : executions) {
            if (m instanceof OrderAccepted a && !a.clientOrderId().equals("trend-1")) {
                stopIds.add(a.clientOrderId());
            }
        }
        assertThat(venue.stopReplacements()).as("the stop moved several times").isGreaterThanOrEqualTo(3);
        assertThat(stopIds).hasSize((int) venue.stopReplacements() + 1);
        assertThat(executionsOf(OrderRejected.class)).isEmpty();
        assertThat(executionsOf(CancelRejected.class)).isEmpty();
        assertThat(denied).isEmpty();
        // every stop but the last was cancelled, each by the cancel the engine sent after its successor
        assertThat(executionsOf(OrderCanceled.class)).extracting(OrderCanceled::clientOrderId)
                .containsExactlyElementsOf(stopIds.subList(0, stopIds.size() - 1));
        for (String id : stopIds.subList(0, stopIds.size() - 1)) {
            assertThat(fake.describe(id)).isEqualTo("STOP_LOSS CANCELED");
        }
        // at every state the exchange showed between requests while the position was held, after its first stop:
        // exactly one working sell stop, never none, never two
        BigDecimal position = FixedPoint.toBigDecimal(held, 5);
        List<StopWatchFixture.Seen> seen = fake.seen();
        int first = 0;
        while (first < seen.size() && seen.get(first).sellStops().isEmpty()) {
            first++;
        }
        List<StopWatchFixture.Seen> whileHeld = seen.subList(first, seen.size()).stream()
                .filter(s -> s.btc().compareTo(position) >= 0).toList();
        assertThat(whileHeld).hasSizeGreaterThan(stopIds.size());
        assertThat(whileHeld).allSatisfy(s -> assertThat(s.sellStops()).hasSize(1));
        // the last stop ended the position when the market fell through it, and both books agree it is flat
        String last = stopIds.get(stopIds.size() - 1);
        assertThat(fake.describe(last)).isEqualTo("STOP_LOSS FILLED");
        assertThat(engine.position("trend", "BTCUSDT").isFlat()).isTrue();
        assertThat(router.position("trend", "BTCUSDT").quantity()).isZero();
        assertThat(executionsOf(OrderFilled.class).stream().filter(f -> f.clientOrderId().equals(last))
                .mapToLong(OrderFilled::fillQuantity).sum()).isEqualTo(held);
    }

    /** Replays one recorded event into the exchange, the engine and the router, then lets them answer each other. */
    private MarketEvent step(List<MarketEvent> events) {
        int at = fake.cursor();
        fake.advance(1);
        MarketEvent e = events.get(at);
        long timeNs = e.marketTimeMs() * 1_000_000L;
        venueNowNs.set(Math.max(venueNowNs.get(), timeNs - 30_000_000_000L));
        if (e.trade() != null) {
            TradeTick tick = new TradeTick().instrument("BTCUSDT")
                    .price(FixedPoint.fromBigDecimal(e.trade().price().setScale(2), 2))
                    .quantity(FixedPoint.fromBigDecimal(e.trade().quantity().setScale(5), 5))
                    .tradeId(e.trade().tradeId()).eventTimeNs(e.trade().tradeTimeMs() * 1_000_000L);
            router.tradeTick(tick);
            engine.tradeTick(tick);
        } else {
            QuoteTick quote = new QuoteTick().instrument("BTCUSDT")
                    .bidPrice(FixedPoint.fromBigDecimal(e.quote().bid().setScale(2), 2))
                    .bidSize(FixedPoint.fromBigDecimal(e.quote().bidQuantity().setScale(5), 5))
                    .askPrice(FixedPoint.fromBigDecimal(e.quote().ask().setScale(2), 2))
                    .askSize(FixedPoint.fromBigDecimal(e.quote().askQuantity().setScale(5), 5)).eventTimeNs(timeNs);
            router.quoteTick(quote);
            engine.quoteTick(quote);
        }
        router.pollVenue();
        pump();
        return e;
    }

    /** Delivers the engine's orders to the router and the router's executions to the engine until both are done. */
    private void pump() {
        while (!toRouter.isEmpty() || !toEngine.isEmpty()) {
            while (!toRouter.isEmpty()) {
                Marshallable m = toRouter.poll();
                if (m instanceof SubmitOrder o) {
                    router.submitOrder(o);
                } else {
                    router.cancelOrder((CancelOrder) m);
                }
            }
            while (!toEngine.isEmpty()) {
                Marshallable m = toEngine.poll();
                if (m instanceof OrderAccepted a) {
                    engine.orderAccepted(a);
                } else if (m instanceof OrderRejected r) {
                    engine.orderRejected(r);
                } else if (m instanceof OrderFilled f) {
                    engine.orderFilled(f);
                } else if (m instanceof OrderCanceled c) {
                    engine.orderCanceled(c);
                } else if (m instanceof OrderExpired x) {
                    engine.orderExpired(x);
                } else if (m instanceof CancelRejected c) {
                    engine.cancelRejected(c);
                } else if (m instanceof BalanceUpdate b) {
                    engine.balanceUpdate(b);
                } else if (m instanceof PositionUpdate p) {
                    engine.positionUpdate(p);
                }
            }
        }
    }

    private <T> List<T> executionsOf(Class<T> type) {
        return executions.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The router's executions, kept and queued for the engine (copies: the router reuses its messages). */
    private final class Queued implements ExecutionListener {
        private void add(Marshallable m) {
            Marshallable copy = m.deepCopy();
            executions.add(copy);
            toEngine.add(copy);
        }

        @Override
        public void orderAccepted(OrderAccepted accepted) {
            add(accepted);
        }

        @Override
        public void orderRejected(OrderRejected rejected) {
            add(rejected);
        }

        @Override
        public void orderFilled(OrderFilled filled) {
            add(filled);
        }

        @Override
        public void balanceUpdate(BalanceUpdate balance) {
            add(balance);
        }

        @Override
        public void positionUpdate(PositionUpdate position) {
            add(position);
        }

        @Override
        public void orderCanceled(OrderCanceled canceled) {
            add(canceled);
        }

        @Override
        public void orderExpired(OrderExpired expired) {
            add(expired);
        }

        @Override
        public void cancelRejected(CancelRejected rejected) {
            add(rejected);
        }
    }
}
