package io.aquatrade.router;

import static io.aquatrade.router.Oracle.dec;
import static io.aquatrade.router.TestOrders.STRATEGY;
import static io.aquatrade.router.TestOrders.XRPETH;
import static io.aquatrade.router.TestOrders.market;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.BalanceUpdate;
import io.aquatrade.common.ExecutionListener;
import io.aquatrade.common.OrderAccepted;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.QueueRoot;
import io.aquatrade.common.Sequencer;
import io.aquatrade.common.Side;
import io.aquatrade.common.SubmitOrder;
import io.aquatrade.common.Topic;
import io.aquatrade.common.TradeTick;
import io.aquatrade.common.testing.SampleData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A router stopped and started again on the same queues (real XRP/ETH ticks): state is rebuilt from its own
 * executions topic, a replayed order is not filled again, and an order that arrives before the next tick fills at
 * the last price consumed before the restart.
 */
class RouterRestartIT {
    private static List<TradeTick> trades;

    @TempDir
    Path dir;

    @BeforeAll
    static void loadTrades() {
        trades = SampleData.xrpEthTrades().subList(0, 1_200);
    }

    private static RouterAgent agent(QueueRoot root, AquatradeConfig cfg, OrderRouter[] routerOut) {
        ExecutionListener executions = root.writer(Topic.EXECUTIONS);
        OrderRouter router = new OrderRouter(RouterConfig.from(cfg), cfg, executions);
        routerOut[0] = router;
        return new RouterAgent(root, router, executions, Sequencer.Mode.EVENT_TIME);
    }

    @Test
    void aRestartedRouterRebuildsItsBooksAndNeverFillsAnOrderTwice() {
        AquatradeConfig cfg = TestConfigs.project();
        RouterConfig rc = RouterConfig.from(cfg);
        Oracle oracle = new Oracle(rc.paper().takerFeeBps(), rc.paper().slippageBps());
        SubmitOrder o1 = market("r-1", Side.BUY, 100, trades.get(300).eventTimeNs());
        SubmitOrder o2 = market("r-2", Side.SELL, 40, trades.get(600).eventTimeNs());
        // Stop after the first `cut` ticks, where the next tick comes at least 2 ns later (times are whole ms).
        int cut = 1_000;
        while (trades.get(cut).eventTimeNs() <= trades.get(cut - 1).eventTimeNs() + 1) {
            cut++;
        }
        TradeTick lastBefore = trades.get(cut - 1);
        long t3 = lastBefore.eventTimeNs() + 1;
        SubmitOrder o3 = market("r-3", Side.BUY, 50, t3);

        long ethBefore;
        long xrpBefore;
        Position positionBefore;
        OrderRouter[] router = new OrderRouter[1];
        try (QueueRoot root = new QueueRoot(dir)) {
            QueueFixtures.writeTrades(root.writer(Topic.MARKET_DATA), trades, 0, cut);
            QueueFixtures.writeOrders(root.writer(Topic.ORDERS), List.of(o1, o2));
            // The decision engine has decided up to the last tick: the router may consume every tick.
            QueueFixtures.progress(root.writer(Topic.ORDERS), "decision-engine", lastBefore.eventTimeNs(), false);
            RouterAgent first = agent(root, cfg, router);
            QueueFixtures.drain(first);
            first.onClose();
            assertThat(router[0].filledCount()).isEqualTo(2);
            ethBefore = router[0].balance("ETH");
            xrpBefore = router[0].balance("XRP");
            positionBefore = router[0].position(STRATEGY, XRPETH);
        }

        try (QueueRoot root = new QueueRoot(dir)) {
            // Meanwhile the decision engine replays r-2 and sends r-3; market data moves past r-3's time.
            QueueFixtures.writeOrders(root.writer(Topic.ORDERS), List.of(o2, o3));
            QueueFixtures.progress(root.writer(Topic.ORDERS), "decision-engine", t3, true);
            QueueFixtures.progress(root.writer(Topic.MARKET_DATA), "market-data", t3, false);
            QueueFixtures.writeTrades(root.writer(Topic.MARKET_DATA), trades, cut, trades.size());
            QueueFixtures.progress(root.writer(Topic.MARKET_DATA), "market-data",
                    trades.get(trades.size() - 1).eventTimeNs(), true);

            RouterAgent second = agent(root, cfg, router);
            OrderRouter restarted = router[0];
            assertThat(restarted.balance("ETH")).isEqualTo(ethBefore);
            assertThat(restarted.balance("XRP")).isEqualTo(xrpBefore);
            Position rebuilt = restarted.position(STRATEGY, XRPETH);
            assertThat(new long[] {rebuilt.quantity(), rebuilt.costBasis(), rebuilt.realizedPnl()})
                    .containsExactly(positionBefore.quantity(), positionBefore.costBasis(),
                            positionBefore.realizedPnl());
            assertThat(restarted.prices().lastTradePrice(XRPETH)).as("price consumed before the restart")
                    .isEqualTo(lastBefore.price());

            QueueFixtures.drain(second);
            second.onClose();
            assertThat(second.ended()).isTrue();
            assertThat(restarted.duplicateCount()).isEqualTo(1);
            assertThat(restarted.filledCount()).isEqualTo(1);

            RecordingExecutions all = QueueFixtures.readExecutions(root);
            assertThat(all.of(BalanceUpdate.class)).filteredOn(b -> OrderRouter.INITIAL.equals(b.cause()))
                    .hasSize(2);
            assertThat(all.of(OrderFilled.class)).extracting(OrderFilled::clientOrderId)
                    .containsExactly("r-1", "r-2", "r-3");
            assertThat(all.of(OrderAccepted.class)).extracting(OrderAccepted::venueOrderId)
                    .containsExactly("paper-1", "paper-2", "paper-3");
            assertThat(all.belowWatermark).isEmpty();

            // r-3 filled at the last price seen before the restart, and the books moved by exactly that fill.
            OrderFilled fill = all.of(OrderFilled.class).get(2);
            BigDecimal price = oracle.priceFromLast(dec(lastBefore.price()), Side.BUY);
            assertThat(dec(fill.fillPrice())).isEqualByComparingTo(price);
            BigDecimal notional = Oracle.notional(price, 50, Side.BUY);
            assertThat(dec(restarted.balance("ETH")))
                    .isEqualByComparingTo(dec(ethBefore).subtract(notional).subtract(oracle.fee(notional)));
            assertThat(restarted.balance("XRP")).isEqualTo(xrpBefore + 50 * 100_000_000L);
        }

        // A third start with nothing new writes nothing.
        try (QueueRoot root = new QueueRoot(dir)) {
            int before = QueueFixtures.readExecutions(root).size();
            RouterAgent third = agent(root, cfg, router);
            QueueFixtures.drain(third);
            third.onClose();
            assertThat(QueueFixtures.readExecutions(root).size()).isEqualTo(before);
            assertThat(router[0].recoveredCount()).isEqualTo(before);
        }
    }

    @Test
    void aShortAndItsLimitSurviveARestart() {
        AquatradeConfig cfg = TestConfigs.withShorts("{ETH: 1.0, XRP: 0}", "0.3");
        Oracle oracle = new Oracle(10, 5);
        int cut = 1_000;
        while (trades.get(cut).eventTimeNs() <= trades.get(cut - 1).eventTimeNs() + 1) {
            cut++;
        }
        TradeTick atShort = trades.get(300);
        TradeTick lastBefore = trades.get(cut - 1);
        long t2 = lastBefore.eventTimeNs() + 1;
        SubmitOrder shortSale = market("s-1", Side.SELL, 200, atShort.eventTimeNs());
        SubmitOrder more = market("s-2", Side.SELL, 20, t2);
        SubmitOrder cover = market("s-3", Side.BUY, 200, t2);
        BigDecimal sellAtRestart = oracle.priceFromLast(dec(lastBefore.price()), Side.SELL);
        // preconditions from the oracle: 200 short fits in 0.3 ETH, 220 at the price after the restart does not
        assertThat(oracle.priceFromLast(dec(atShort.price()), Side.SELL).multiply(BigDecimal.valueOf(200)))
                .isLessThanOrEqualTo(new BigDecimal("0.3"));
        assertThat(sellAtRestart.multiply(BigDecimal.valueOf(220))).isGreaterThan(new BigDecimal("0.3"));

        OrderRouter[] router = new OrderRouter[1];
        long ethAfterShort;
        try (QueueRoot root = new QueueRoot(dir)) {
            QueueFixtures.writeTrades(root.writer(Topic.MARKET_DATA), trades, 0, cut);
            QueueFixtures.writeOrders(root.writer(Topic.ORDERS), List.of(shortSale));
            QueueFixtures.progress(root.writer(Topic.ORDERS), "decision-engine", lastBefore.eventTimeNs(), false);
            RouterAgent first = agent(root, cfg, router);
            QueueFixtures.drain(first);
            first.onClose();
            assertThat(router[0].filledCount()).isEqualTo(1);
            assertThat(router[0].balance("XRP")).isEqualTo(-200 * 100_000_000L);
            ethAfterShort = router[0].balance("ETH");
        }

        try (QueueRoot root = new QueueRoot(dir)) {
            QueueFixtures.writeOrders(root.writer(Topic.ORDERS), List.of(shortSale, more, cover));
            QueueFixtures.progress(root.writer(Topic.ORDERS), "decision-engine", t2, true);
            QueueFixtures.progress(root.writer(Topic.MARKET_DATA), "market-data", t2, false);
            QueueFixtures.writeTrades(root.writer(Topic.MARKET_DATA), trades, cut, trades.size());
            QueueFixtures.progress(root.writer(Topic.MARKET_DATA), "market-data",
                    trades.get(trades.size() - 1).eventTimeNs(), true);

            RouterAgent second = agent(root, cfg, router);
            OrderRouter restarted = router[0];
            // the negative balance and the short position are rebuilt from the executions topic
            assertThat(restarted.balance("XRP")).isEqualTo(-200 * 100_000_000L);
            assertThat(restarted.balance("ETH")).isEqualTo(ethAfterShort);
            assertThat(restarted.position(STRATEGY, XRPETH).quantity()).isEqualTo(-200);

            QueueFixtures.drain(second);
            second.onClose();
            assertThat(restarted.duplicateCount()).isEqualTo(1); // s-1 again: not sold twice
            RecordingExecutions all = QueueFixtures.readExecutions(root);
            // the recovered short counts against the limit: 20 more would make 220
            assertThat(all.of(io.aquatrade.common.OrderRejected.class))
                    .extracting(io.aquatrade.common.OrderRejected::clientOrderId,
                            io.aquatrade.common.OrderRejected::reason)
                    .containsExactly(org.assertj.core.api.Assertions.tuple("s-2", "short limit exceeded: XRP"));
            assertThat(all.of(OrderFilled.class)).extracting(OrderFilled::clientOrderId)
                    .containsExactly("s-1", "s-3");
            assertThat(all.belowWatermark).isEmpty();

            // bought back at the last price before the restart: flat, and the books balance exactly
            BigDecimal buy = oracle.priceFromLast(dec(lastBefore.price()), Side.BUY);
            BigDecimal notional = Oracle.notional(buy, 200, Side.BUY);
            assertThat(dec(restarted.balance("ETH")))
                    .isEqualByComparingTo(dec(ethAfterShort).subtract(notional).subtract(oracle.fee(notional)));
            assertThat(restarted.balance("XRP")).isZero();
            Position p = restarted.position(STRATEGY, XRPETH);
            assertThat(p.quantity()).isZero();
            assertThat(p.realizedPnl()).isEqualTo(restarted.balance("ETH") - 100_000_000L);
        }
    }
}
