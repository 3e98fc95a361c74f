package io.aquatrade.router;

import static io.aquatrade.router.Oracle.dec;
import static io.aquatrade.router.TestOrders.STRATEGY;
import static io.aquatrade.router.TestOrders.XRPETH;
import static io.aquatrade.router.TestOrders.limit;
import static io.aquatrade.router.TestOrders.market;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.BalanceUpdate;
import io.aquatrade.common.OrderAccepted;
import io.aquatrade.common.OrderExpired;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.OrderRejected;
import io.aquatrade.common.PositionUpdate;
import io.aquatrade.common.Side;
import io.aquatrade.common.SubmitOrder;
import io.aquatrade.common.TradeTick;
import io.aquatrade.common.testing.SampleData;
import io.aquatrade.router.venue.paper.PaperVenue;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The router's bookkeeping over sequences of orders on the real XRP/ETH trades. */
class OrderRouterTest {
    private static List<TradeTick> trades;

    @BeforeAll
    static void loadTrades() {
        trades = SampleData.xrpEthTrades();
    }

    private static OrderRouter started(AquatradeConfig cfg, RecordingExecutions out) {
        OrderRouter router = new OrderRouter(RouterConfig.from(cfg), cfg, out);
        router.start();
        return router;
    }

    /**
     * Orders a strategy might send over the whole sample: one every 97 trades, stamped with that trade's time, two
     * buys then a sell, quantities from the trade itself (1..400 XRP), every fifth a limit 0.3 % away from the last
     * price (marketable or not, by side).
     */
    private static Map<Integer, SubmitOrder> orderPlan() {
        Map<Integer, SubmitOrder> plan = new HashMap<>();
        int k = 0;
        for (int i = 50; i < trades.size(); i += 97, k++) {
            TradeTick t = trades.get(i);
            Side side = k % 3 == 2 ? Side.SELL : Side.BUY;
            long quantity = Math.max(1, Math.min(400, t.quantity()));
            String id = "o-" + k;
            if (k % 5 == 4) {
                long away = t.price() * 3 / 1000;
                long limitPrice = k % 2 == 0 ? t.price() + away : t.price() - away;
                plan.put(i, limit(id, side, quantity, limitPrice, t.eventTimeNs()));
            } else {
                plan.put(i, market(id, side, quantity, t.eventTimeNs()));
            }
        }
        return plan;
    }

    private static void run(OrderRouter router, Map<Integer, SubmitOrder> plan) {
        run(router, plan, 0, new RecordingExecutions());
    }

    /**
     * Feeds the trades from index {@code from} on, each planned order right after its trade.
     *
     * @param out the router's output
     * @return for the trade index of each order fed, the [first, end) indexes of the messages it wrote to out
     */
    private static Map<Integer, int[]> run(OrderRouter router, Map<Integer, SubmitOrder> plan, int from,
                                           RecordingExecutions out) {
        Map<Integer, int[]> groups = new HashMap<>();
        for (int i = from; i < trades.size(); i++) {
            router.tradeTick(trades.get(i));
            SubmitOrder o = plan.get(i);
            if (o != null) {
                int first = out.size();
                router.submitOrder(o);
                groups.put(i, new int[] {first, out.size()});
            }
        }
        return groups;
    }

    @Test
    void aFirstStartAnnouncesTheStartingBalances() {
        RecordingExecutions out = new RecordingExecutions();
        started(TestConfigs.project(), out);

        List<BalanceUpdate> initial = out.of(BalanceUpdate.class);
        assertThat(out.events).hasSize(2);
        assertThat(initial).extracting(BalanceUpdate::asset).containsExactly("ETH", "XRP");
        assertThat(initial).extracting(BalanceUpdate::total).containsExactly(100_000_000L, 0L);
        assertThat(initial).extracting(BalanceUpdate::change).containsExactly(100_000_000L, 0L);
        assertThat(initial).allSatisfy(b -> {
            assertThat(b.cause()).isEqualTo(OrderRouter.INITIAL);
            assertThat(b.eventTimeNs()).isZero();
        });
    }

    @Test
    void balancesChangeByExactlyTheFillsAndFeesOverTheWholeSample() {
        AquatradeConfig cfg = TestConfigs.project();
        RouterConfig rc = RouterConfig.from(cfg);
        Oracle oracle = new Oracle(rc.paper().takerFeeBps(), rc.paper().slippageBps());
        RecordingExecutions out = new RecordingExecutions();
        OrderRouter router = started(cfg, out);
        Map<Integer, SubmitOrder> plan = orderPlan();
        run(router, plan);

        // 1. The oracle replays the same orders on BigDecimal balances and predicts each outcome.
        BigDecimal eth = BigDecimal.ONE;
        BigDecimal xrp = BigDecimal.ZERO;
        Map<String, String> expectedOutcome = new HashMap<>();
        for (int i = 0; i < trades.size(); i++) {
            SubmitOrder o = plan.get(i);
            if (o == null) {
                continue;
            }
            BigDecimal price = oracle.priceFromLast(dec(trades.get(i).price()), o.side());
            boolean buy = o.side() == Side.BUY;
            if (o.limitPrice() > 0 && (buy ? price.compareTo(dec(o.limitPrice())) > 0
                    : price.compareTo(dec(o.limitPrice())) < 0)) {
                expectedOutcome.put(o.clientOrderId(), PaperVenue.LIMIT_NOT_MARKETABLE);
                continue;
            }
            BigDecimal notional = Oracle.notional(price, o.quantity(), o.side());
            BigDecimal fee = oracle.fee(notional);
            BigDecimal qty = BigDecimal.valueOf(o.quantity());
            if (buy && eth.compareTo(notional.add(fee)) < 0) {
                expectedOutcome.put(o.clientOrderId(), "insufficient balance: ETH");
            } else if (!buy && xrp.compareTo(qty) < 0) {
                expectedOutcome.put(o.clientOrderId(), "insufficient balance: XRP");
            } else {
                expectedOutcome.put(o.clientOrderId(), "filled");
                eth = buy ? eth.subtract(notional).subtract(fee) : eth.add(notional).subtract(fee);
                xrp = buy ? xrp.add(qty) : xrp.subtract(qty);
            }
        }
        Map<String, String> outcome = new HashMap<>();
        out.of(OrderFilled.class).forEach(f -> outcome.put(f.clientOrderId(), "filled"));
        out.of(OrderRejected.class).forEach(r -> outcome.put(r.clientOrderId(), r.reason()));
        // an immediate limit that is not marketable expires (accepted, nothing filled), it is not rejected
        out.of(OrderExpired.class).forEach(e -> outcome.put(e.clientOrderId(), e.reason()));
        assertThat(out.of(OrderExpired.class)).allSatisfy(e -> assertThat(e.cumulativeQuantity()).isZero());
        assertThat(outcome).isEqualTo(expectedOutcome);
        assertThat(outcome.values()).contains("filled", PaperVenue.LIMIT_NOT_MARKETABLE, "insufficient balance: ETH");
        assertThat(dec(router.balance("ETH"))).isEqualByComparingTo(eth);
        assertThat(dec(router.balance("XRP"))).isEqualByComparingTo(xrp);

        // 2. Sum check: the balance changes are exactly the fills' notional and fees, and each total is running.
        long fillEth = 0;
        long fillXrp = 0;
        for (OrderFilled f : out.of(OrderFilled.class)) {
            fillEth += f.side() == Side.BUY ? -(f.quoteQuantity() + f.fee()) : f.quoteQuantity() - f.fee();
            fillXrp += f.side().sign() * f.fillQuantity() * 100_000_000L;
        }
        Map<String, Long> running = new HashMap<>();
        Map<String, Long> changes = new HashMap<>();
        for (BalanceUpdate b : out.of(BalanceUpdate.class)) {
            assertThat(b.total()).isEqualTo(running.getOrDefault(b.asset(), 0L) + b.change());
            running.put(b.asset(), b.total());
            if (!OrderRouter.INITIAL.equals(b.cause())) {
                changes.merge(b.asset(), b.change(), Long::sum);
            }
        }
        assertThat(changes.get("ETH")).isEqualTo(fillEth).isEqualTo(router.balance("ETH") - 100_000_000L);
        assertThat(changes.get("XRP")).isEqualTo(fillXrp).isEqualTo(router.balance("XRP"));

        // 3. The one strategy's position holds all the XRP bought, and its books hold all the ETH spent.
        Position p = router.position(STRATEGY, XRPETH);
        assertThat(p.quantity() * 100_000_000L).isEqualTo(router.balance("XRP"));
        assertThat(p.costBasis() - p.realizedPnl()).isEqualTo(100_000_000L - router.balance("ETH"));
        PositionUpdate lastUpdate = out.of(PositionUpdate.class).get(out.of(PositionUpdate.class).size() - 1);
        assertThat(lastUpdate.quantity()).isEqualTo(p.quantity());
        assertThat(lastUpdate.costBasis()).isEqualTo(p.costBasis());
        assertThat(lastUpdate.realizedPnl()).isEqualTo(p.realizedPnl());
        assertThat(out.of(OrderAccepted.class)).extracting(OrderAccepted::venueOrderId)
                .startsWith("paper-1", "paper-2").doesNotHaveDuplicates();
    }

    @Test
    void aDuplicateClientOrderIdIsNeverFilledTwice() {
        RecordingExecutions out = new RecordingExecutions();
        OrderRouter router = started(TestConfigs.withBalances("{ETH: 1.0, XRP: 50}"), out);
        for (int i = 0; i < 400; i++) {
            router.tradeTick(trades.get(i));
        }
        long t = trades.get(399).eventTimeNs();
        SubmitOrder buy = market("dup-1", Side.BUY, 100, t);
        router.submitOrder(buy);
        long ethAfterFirst = router.balance("ETH");
        int written = out.size();

        router.submitOrder(buy);
        router.submitOrder(market("dup-1", Side.SELL, 10, t + 1));
        assertThat(out.size()).isEqualTo(written);
        assertThat(router.balance("ETH")).isEqualTo(ethAfterFirst);
        assertThat(router.duplicateCount()).isEqualTo(2);
        assertThat(out.of(OrderFilled.class)).hasSize(1);

        // A rejected id stays used: resending it once it could fill does not execute it.
        SubmitOrder sell = market("rejected-then-resent", Side.SELL, 500, t);
        router.submitOrder(sell);
        assertThat(out.of(OrderRejected.class)).extracting(OrderRejected::reason)
                .containsExactly("insufficient balance: XRP");
        router.submitOrder(sell.quantity(10));
        assertThat(out.of(OrderFilled.class)).hasSize(1);
        assertThat(router.duplicateCount()).isEqualTo(3);
    }

    @Test
    void anOrderWithoutClientOrderIdIsCountedAndNotAnswered() {
        RecordingExecutions out = new RecordingExecutions();
        OrderRouter router = started(TestConfigs.project(), out);
        router.tradeTick(trades.get(0));
        int written = out.size();

        router.submitOrder(market(null, Side.BUY, 1, trades.get(0).eventTimeNs()));
        assertThat(out.size()).isEqualTo(written);
        assertThat(router.malformedCount()).isEqualTo(1);
    }

    @Test
    void ticksOfUnconfiguredInstrumentsAreIgnored() {
        OrderRouter router = started(TestConfigs.project(), new RecordingExecutions());
        TradeTick other = ((TradeTick) trades.get(0).deepCopy()).instrument("BTCETH");
        router.tradeTick(other);
        assertThat(router.ignoredTickCount()).isEqualTo(1);
        assertThat(router.prices().known(XRPETH)).isFalse();
    }

    @Test
    void recoveryFromTheExecutionsRebuildsTheStateAndResumesIds() {
        AquatradeConfig cfg = TestConfigs.project();
        Map<Integer, SubmitOrder> plan = orderPlan();
        RecordingExecutions before = new RecordingExecutions();
        OrderRouter first = started(cfg, before);
        run(first, plan);

        RecordingExecutions after = new RecordingExecutions();
        OrderRouter second = new OrderRouter(RouterConfig.from(cfg), cfg, after);
        before.replayInto(second.recovery());
        second.start();

        assertThat(after.events).as("no initial balances after a restart").isEmpty();
        assertThat(second.balance("ETH")).isEqualTo(first.balance("ETH"));
        assertThat(second.balance("XRP")).isEqualTo(first.balance("XRP"));
        Position p1 = first.position(STRATEGY, XRPETH);
        Position p2 = second.position(STRATEGY, XRPETH);
        assertThat(new long[] {p2.quantity(), p2.costBasis(), p2.realizedPnl()})
                .containsExactly(p1.quantity(), p1.costBasis(), p1.realizedPnl());
        for (SubmitOrder o : plan.values()) {
            assertThat(second.seen(o.clientOrderId())).isTrue();
        }

        // Replaying every old order executes none of them.
        TradeTick last = trades.get(trades.size() - 1);
        second.tradeTick(last);
        for (SubmitOrder o : plan.values()) {
            second.submitOrder(o);
        }
        assertThat(after.events).isEmpty();
        assertThat(second.duplicateCount()).isEqualTo(plan.size());

        // A new order continues the venue's numbering and books exactly as the first router would have.
        first.tradeTick(last);
        List<Object> expected = new ArrayList<>();
        int from = before.size();
        first.submitOrder(market("after-restart", Side.SELL, 1, last.eventTimeNs()));
        expected.addAll(before.since(from));
        second.submitOrder(market("after-restart", Side.SELL, 1, last.eventTimeNs()));
        assertThat(after.events).isEqualTo(expected);
        long accepted = before.of(OrderAccepted.class).size();
        assertThat(after.of(OrderAccepted.class).get(0).venueOrderId()).isEqualTo("paper-" + accepted);
    }

    /**
     * A router stopped after any prefix of an order's messages, restarted on that prefix, and given the same order
     * again (it was never consumed) writes exactly the rest of the messages the uninterrupted router wrote, and then
     * goes on exactly as it did: for every cut inside the groups of a buy, a sell, a limit order and the starting
     * balances.
     */
    @Test
    void aRouterStoppedPartWayThroughAnOrderWritesExactlyTheRestWhenTheOrderComesBack() {
        AquatradeConfig cfg = TestConfigs.project();
        Map<Integer, SubmitOrder> plan = orderPlan();
        RecordingExecutions whole = new RecordingExecutions();
        OrderRouter reference = started(cfg, whole);
        Map<Integer, int[]> groups = run(reference, plan, 0, whole);
        List<Integer> filled = groups.keySet().stream().filter(i -> groups.get(i)[1] - groups.get(i)[0] > 1)
                .sorted().toList();
        SubmitOrder firstSell = plan.get(filled.stream().filter(i -> plan.get(i).side() == Side.SELL).findFirst()
                .orElseThrow());
        SubmitOrder firstLimit = plan.get(filled.stream().filter(i -> plan.get(i).limitPrice() > 0).findFirst()
                .orElseThrow());
        List<Integer> cases = List.of(filled.get(0), filled.get(filled.size() / 2),
                plan.entrySet().stream().filter(e -> e.getValue() == firstSell).findFirst().orElseThrow().getKey(),
                plan.entrySet().stream().filter(e -> e.getValue() == firstLimit).findFirst().orElseThrow().getKey());
        int cuts = 0;
        for (int at : cases) {
            int from = groups.get(at)[0];
            int end = groups.get(at)[1];
            assertThat(whole.events.subList(from, end)).hasOnlyElementsOfTypes(OrderAccepted.class,
                    OrderFilled.class, BalanceUpdate.class, PositionUpdate.class).hasSize(5);
            for (int cut = from + 1; cut < end; cut++, cuts++) {
                RecordingExecutions after = new RecordingExecutions();
                OrderRouter restarted = new OrderRouter(RouterConfig.from(cfg), cfg, after);
                whole.replayInto(restarted.recovery(), cut);
                restarted.start();
                assertThat(after.events).as("cut %d: nothing at start", cut).isEmpty();
                restarted.tradeTick(trades.get(at)); // the prices the agent primes: the last trade consumed
                restarted.submitOrder(plan.get(at));
                assertThat(after.events).as("cut %d of order %s", cut, plan.get(at).clientOrderId())
                        .isEqualTo(whole.events.subList(cut, end));
                assertThat(restarted.finishedCount()).isEqualTo(1);
                assertThat(restarted.duplicateCount()).isZero();

                run(restarted, plan, at + 1, after);
                assertThat(after.events).as("cut %d: the rest of the run", cut)
                        .isEqualTo(whole.events.subList(cut, whole.size()));
                assertThat(restarted.balance("ETH")).isEqualTo(reference.balance("ETH"));
                assertThat(restarted.balance("XRP")).isEqualTo(reference.balance("XRP"));
                assertThat(after.belowWatermark).isEmpty();
            }
        }
        assertThat(cuts).isEqualTo(16);

        // Stopped after the first starting balance: the next start announces the other one.
        RecordingExecutions after = new RecordingExecutions();
        OrderRouter restarted = new OrderRouter(RouterConfig.from(cfg), cfg, after);
        whole.replayInto(restarted.recovery(), 1);
        restarted.start();
        assertThat(after.events).isEqualTo(whole.events.subList(1, 2));
        assertThat(restarted.balance("ETH")).isEqualTo(100_000_000L);
    }
}
