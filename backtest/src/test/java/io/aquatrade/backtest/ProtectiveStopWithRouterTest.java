package io.aquatrade.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.BalanceUpdate;
import io.aquatrade.common.CancelOrder;
import io.aquatrade.common.ExecutionListener;
import io.aquatrade.common.OrderAccepted;
import io.aquatrade.common.OrderCanceled;
import io.aquatrade.common.OrderExpired;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.OrderListener;
import io.aquatrade.common.OrderRejected;
import io.aquatrade.common.OrderType;
import io.aquatrade.common.PositionUpdate;
import io.aquatrade.common.Side;
import io.aquatrade.common.SignalListener;
import io.aquatrade.common.SubmitOrder;
import io.aquatrade.common.TimeInForce;
import io.aquatrade.common.TradeTick;
import io.aquatrade.common.testing.SampleData;
import io.aquatrade.decision.DecisionConfig;
import io.aquatrade.decision.DecisionEngine;
import io.aquatrade.router.OrderRouter;
import io.aquatrade.router.RouterConfig;
import io.aquatrade.signal.SignalConfig;
import io.aquatrade.signal.SignalEngine;
import org.junit.jupiter.api.Test;

/**
 * The protective stop resting at the venue ({@code stopOrder}): the real signal engine, decision engine and order
 * router (paper venue) over the sample's recorded XRPETH trades, wired directly on one thread (orders queued and
 * handed to the router after each call, so the router is never re-entered from its own callback): after every
 * instant of event time the open quantity is covered by working stops, and a flat position has none.
 *
 * <p>Wired by hand rather than through {@link BacktestRun} so that the check runs after every instant; the backtest and
 * the four processes with resting stops are compared in system-tests' {@code BacktestParityIT}.
 */
class ProtectiveStopWithRouterTest {
    private static final String SHIPPED_STRATEGY =
            "- {id: vwap-momentum, capital: 1.0, orderFraction: 0.5, stopLossBps: 0}";
    private static final String SHIPPED_SIGNALS = "- {id: vwap-momentum, type: vwap-momentum, instruments: [XRPETH],"
            + " bars: 3}";

    /**
     * The shipped config with one long-only ma-cross strategy on 1m bars (it exits on a cross against its entry,
     * so positions also close by signal) and a venue stop.
     */
    private static AquatradeConfig config(String stopOrder, int stopLossBps, String extra) throws Exception {
        String yaml = Files.readString(SampleData.projectRoot().resolve("config/aquatrade.yaml"));
        assertThat(yaml).contains(SHIPPED_STRATEGY, SHIPPED_SIGNALS);
        return AquatradeConfig.parse(Path.of("stop.yaml"), yaml.replace(SHIPPED_STRATEGY,
                "- {id: ma-cross, capital: 1.0, orderFraction: 0.5, stopLossBps: " + stopLossBps
                        + ", stopOrder: " + stopOrder + ", stopLimitOffsetBps: 20" + extra + "}")
                .replace(SHIPPED_SIGNALS, "- {id: ma-cross, type: ma-cross, instruments: [XRPETH], timeframe: 1m,"
                        + " period: 9, breakoutBars: 5}"));
    }

    /** One execution as the backtest delivered it (in event-time order with the market data). */
    private record Event(long timeNs, String kind, String clientOrderId, Side side, long quantity, long price,
                         boolean last) {
    }

    /** Copies every execution (the messages are reused after each call). */
    private static final class Recorder implements ExecutionListener {
        final List<Event> events = new ArrayList<>();

        @Override
        public void orderAccepted(OrderAccepted a) {
            events.add(new Event(a.eventTimeNs(), "accepted", a.clientOrderId(), null, 0, 0, false));
        }

        @Override
        public void orderRejected(OrderRejected r) {
            events.add(new Event(r.eventTimeNs(), "rejected", r.clientOrderId(), null, 0, 0, false));
        }

        @Override
        public void orderFilled(OrderFilled f) {
            events.add(new Event(f.eventTimeNs(), "filled", f.clientOrderId(), f.side(), f.fillQuantity(),
                    f.fillPrice(), f.last()));
        }

        @Override
        public void orderCanceled(OrderCanceled c) {
            events.add(new Event(c.eventTimeNs(), "canceled", c.clientOrderId(), null, 0, 0, false));
        }

        @Override
        public void orderExpired(OrderExpired e) {
            events.add(new Event(e.eventTimeNs(), "expired", e.clientOrderId(), null, 0, 0, false));
        }

        @Override
        public void balanceUpdate(BalanceUpdate balance) {
        }

        @Override
        public void positionUpdate(PositionUpdate position) {
        }
    }

    @Test
    void aTightStopMarketCoversTheOpenQuantityAfterEveryInstantAndTriggersAtTheVenue() throws Exception {
        int[] counts = checkCoverage("market", OrderType.STOP_MARKET, 30, "");
        assertThat(counts[1]).as("stops filled at the venue").isPositive();
    }

    @Test
    void aTrailingStopMovedAtTheVenueCoversTheOpenQuantityAfterEveryInstant() throws Exception {
        int[] counts = checkCoverage("market", OrderType.STOP_MARKET, 10_000, ", trailingStop: {bps: 40}");
        assertThat(counts[2]).as("stops moved while a position was open").isPositive();
        assertThat(counts[1]).as("trailing stops filled at the venue").isPositive();
    }

    @Test
    void anAtrTrailingStopMovedAtTheVenueCoversTheOpenQuantityAfterEveryInstant() throws Exception {
        // the ATR is the 1m bars' ATR(14) the real signal engine puts on each signal; the fixed 200 bps stop holds
        // until one is known
        int[] counts = checkCoverage("market", OrderType.STOP_MARKET, 200, ", trailingStop: {atr: 2}");
        assertThat(counts[2]).as("stops moved while a position was open").isPositive();
        assertThat(counts[1]).as("trailing stops filled at the venue").isPositive();
    }

    @Test
    void withATakeProfitLadderTheStopFollowsWhatRemainsAndNothingRestsOnceFlat() throws Exception {
        int[] counts = checkCoverage("market", OrderType.STOP_MARKET, 30,
                ", takeProfit: [{r: 1, fraction: 0.5}, {r: 2, fraction: 0.5}]");
        assertThat(counts[3]).as("take-profit fills").isPositive();
        assertThat(counts[2]).as("stops replaced after a take-profit fill").isPositive();
    }

    @Test
    void aWideStopLimitCoversTheOpenQuantityAfterEveryInstantAndIsCancelledWhenASignalCloses() throws Exception {
        int[] counts = checkCoverage("limit", OrderType.STOP_LIMIT, 200, "");
        assertThat(counts[0]).as("stops cancelled once flat").isPositive();
    }

    /**
     * @param extra more keys of the strategy entry; with a trailing stop the trigger is not checked against the
     *              fixed stop's formula (TrailingStopTest checks it), only that it never moves against the position
     * @return {stops cancelled, stop fills, stops replaced while the position stayed open, take-profit fills}
     */
    private static int[] checkCoverage(String stopOrder, OrderType stopType, int stopLossBps, String extra)
            throws Exception {
        AquatradeConfig config = config(stopOrder, stopLossBps, extra);
        boolean trailing = extra.contains("trailingStop");
        Recorder recorder = new Recorder();
        List<SubmitOrder> sent = run(config, recorder);

        Map<String, SubmitOrder> orders = new HashMap<>();
        for (SubmitOrder o : sent) {
            orders.put(o.clientOrderId(), o);
        }
        List<SubmitOrder> stops = sent.stream()
                .filter(o -> DecisionEngine.REASON_PROTECTIVE_STOP.equals(o.reason())).toList();
        assertThat(stops).isNotEmpty().allSatisfy(o -> {
            assertThat(o.orderType()).isEqualTo(stopType);
            assertThat(o.timeInForce()).isEqualTo(TimeInForce.GTC);
            assertThat(o.reduceOnly()).isTrue();
            assertThat(o.side()).isEqualTo(Side.SELL); // the strategy is long-only
        });

        long position = 0;
        BigDecimal cost = BigDecimal.ZERO; // of the open long, in price x lots: the average entry follows from it
        Map<String, Long> working = new HashMap<>(); // stop id -> open quantity, once accepted until final
        Map<String, Long> filledOf = new HashMap<>();
        int checks = 0;
        int coveredChecks = 0;
        int replacements = 0;
        int stopFills = 0;
        int moves = 0;
        int takeProfitFills = 0;
        java.util.Set<String> workingTakeProfits = new java.util.HashSet<>();
        long lastTrigger = 0;
        for (int i = 0; i < recorder.events.size(); i++) {
            Event e = recorder.events.get(i);
            SubmitOrder o = orders.get(e.clientOrderId());
            assertThat(o).as("order %s on the orders topic", e.clientOrderId()).isNotNull();
            boolean isStop = DecisionEngine.REASON_PROTECTIVE_STOP.equals(o.reason());
            boolean isTakeProfit = DecisionEngine.REASON_TAKE_PROFIT.equals(o.reason());
            if (isTakeProfit) {
                switch (e.kind()) {
                    case "accepted" -> workingTakeProfits.add(o.clientOrderId());
                    case "filled" -> {
                        takeProfitFills++;
                        if (e.last()) {
                            workingTakeProfits.remove(o.clientOrderId());
                        }
                    }
                    default -> workingTakeProfits.remove(o.clientOrderId());
                }
            }
            switch (e.kind()) {
                case "accepted" -> {
                    if (isStop) {
                        if (position > 0 && !working.isEmpty()) {
                            moves++;
                            assertThat(o.triggerPrice()).as("a stop of the same position moves up only")
                                    .isGreaterThanOrEqualTo(lastTrigger);
                        }
                        lastTrigger = o.triggerPrice();
                        working.put(o.clientOrderId(), o.quantity());
                    }
                }
                case "filled" -> {
                    filledOf.merge(o.clientOrderId(), e.quantity(), Long::sum);
                    if (e.side() == Side.BUY) {
                        position += e.quantity();
                        cost = cost.add(BigDecimal.valueOf(e.price()).multiply(BigDecimal.valueOf(e.quantity())));
                    } else {
                        cost = position == 0 ? BigDecimal.ZERO : cost.multiply(
                                BigDecimal.valueOf(position - e.quantity())).divide(BigDecimal.valueOf(position),
                                20, RoundingMode.HALF_EVEN);
                        position -= e.quantity();
                    }
                    if (isStop) {
                        stopFills++;
                        working.computeIfPresent(o.clientOrderId(), (k, q) -> q - e.quantity());
                        if (e.last()) {
                            working.remove(o.clientOrderId());
                        }
                    }
                }
                case "canceled" -> {
                    if (isStop && working.remove(o.clientOrderId()) != null) {
                        replacements++;
                    }
                }
                case "rejected" -> {
                    assertThat(isStop).as("stop %s rejected by the venue", o.clientOrderId()).isFalse();
                    working.remove(o.clientOrderId());
                }
                default -> working.remove(o.clientOrderId());
            }
            boolean instantEnds = i + 1 == recorder.events.size()
                    || recorder.events.get(i + 1).timeNs() != e.timeNs();
            if (!instantEnds) {
                continue;
            }
            checks++;
            long covered = working.values().stream().mapToLong(Long::longValue).sum();
            assertThat(position).as("position after %s at %d", e, e.timeNs()).isNotNegative();
            if (position == 0) {
                assertThat(working).as("working stops while flat after %s", e).isEmpty();
                assertThat(workingTakeProfits).as("working take-profits while flat after %s", e).isEmpty();
            } else {
                coveredChecks++;
                assertThat(covered).as("stops covering the open %d after %s", position, e)
                        .isGreaterThanOrEqualTo(position);
                // the stop in force is the newest one; its trigger is one tick below
                // ceil(avg entry x (1 - bps/10000)), the price the engine's own check would stop at
                String newest = working.keySet().stream().max((a, b) -> Long.compare(
                        counter(a), counter(b))).orElseThrow();
                BigDecimal avg = cost.divide(BigDecimal.valueOf(position), 20, RoundingMode.HALF_EVEN);
                long expectedTrigger = avg.multiply(BigDecimal.valueOf(10_000 - stopLossBps))
                        .divide(BigDecimal.valueOf(10_000), 0, RoundingMode.CEILING).longValueExact() - 1;
                if (!trailing) {
                    assertThat(orders.get(newest).triggerPrice()).as("trigger of %s", newest)
                            .isEqualTo(expectedTrigger);
                }
            }
        }
        assertThat(coveredChecks).as("instants with an open position").isPositive();
        assertThat(checks).isPositive();
        return new int[] {replacements, stopFills, moves, takeProfitFills};
    }

    /** Runs the three engines over the sample's trades; returns every order the decision engine sent, in order. */
    private static List<SubmitOrder> run(AquatradeConfig config, Recorder recorder) {
        List<SubmitOrder> sent = new ArrayList<>();
        ArrayDeque<Object> toRouter = new ArrayDeque<>();
        OrderListener orders = new OrderListener() {
            @Override
            public void submitOrder(SubmitOrder o) {
                SubmitOrder copy = o.deepCopy();
                sent.add(copy);
                toRouter.add(copy);
            }

            @Override
            public void cancelOrder(CancelOrder c) {
                toRouter.add(c.deepCopy());
            }
        };
        DecisionEngine[] engine = new DecisionEngine[1];
        ExecutionListener executions = new ExecutionListener() {
            @Override
            public void orderAccepted(OrderAccepted a) {
                recorder.orderAccepted(a);
                engine[0].orderAccepted(a);
            }

            @Override
            public void orderRejected(OrderRejected r) {
                recorder.orderRejected(r);
                engine[0].orderRejected(r);
            }

            @Override
            public void orderFilled(OrderFilled f) {
                recorder.orderFilled(f);
                engine[0].orderFilled(f);
            }

            @Override
            public void orderCanceled(OrderCanceled c) {
                recorder.orderCanceled(c);
                engine[0].orderCanceled(c);
            }

            @Override
            public void orderExpired(OrderExpired e) {
                recorder.orderExpired(e);
                engine[0].orderExpired(e);
            }

            @Override
            public void balanceUpdate(BalanceUpdate balance) {
                engine[0].balanceUpdate(balance);
            }

            @Override
            public void positionUpdate(PositionUpdate position) {
                engine[0].positionUpdate(position);
            }
        };
        engine[0] = new DecisionEngine(DecisionConfig.from(config), config, orders);
        OrderRouter router = new OrderRouter(RouterConfig.from(config), config, executions);
        router.start();
        SignalListener signals = s -> engine[0].signal(s);
        SignalEngine signal = new SignalEngine(SignalConfig.from(config, null), config.instruments().values(),
                b -> { }, signals);
        for (TradeTick t : SampleData.xrpEthTrades()) {
            router.tradeTick(t);          // the venue first: resting orders fill from this trade
            drain(toRouter, router);
            signal.tradeTick(t);          // bars and signals
            drain(toRouter, router);
            engine[0].tradeTick(t);       // marks and the engine's own stop check
            drain(toRouter, router);
        }
        return sent;
    }

    private static void drain(ArrayDeque<Object> toRouter, OrderRouter router) {
        for (Object o = toRouter.poll(); o != null; o = toRouter.poll()) {
            if (o instanceof SubmitOrder so) {
                router.submitOrder(so);
            } else {
                router.cancelOrder((CancelOrder) o);
            }
        }
    }

    private static long counter(String clientOrderId) {
        return Long.parseLong(clientOrderId.substring(clientOrderId.lastIndexOf('-') + 1));
    }
}
