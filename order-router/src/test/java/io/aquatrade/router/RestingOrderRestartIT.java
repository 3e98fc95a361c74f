package io.aquatrade.router;

import static io.aquatrade.router.TestOrders.limit;
import static io.aquatrade.router.TestOrders.market;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.ExecutionListener;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.OrderType;
import io.aquatrade.common.QueueRoot;
import io.aquatrade.common.Sequencer;
import io.aquatrade.common.Side;
import io.aquatrade.common.SubmitOrder;
import io.aquatrade.common.TimeInForce;
import io.aquatrade.common.Topic;
import io.aquatrade.common.TradeTick;
import io.aquatrade.common.testing.SampleData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The router process stopped and started again on the same queues while a GTC limit rests part-filled and a stop
 * waits for its trigger (real XRP/ETH trades): the new process puts both back at the paper venue from its
 * {@code executions} and the orders it had consumed, and the topic then holds exactly what one uninterrupted router
 * writes for the same inputs.
 */
class RestingOrderRestartIT {
    private static List<TradeTick> trades;

    @TempDir
    Path dir;

    @BeforeAll
    static void loadTrades() {
        trades = SampleData.xrpEthTrades().subList(0, 1_200);
    }

    private static AquatradeConfig config() {
        return TestConfigs.withBalances("{ETH: 100, XRP: 10000}");
    }

    private static List<SubmitOrder> orders() {
        long t = trades.get(300).eventTimeNs();
        SubmitOrder buy = limit("gtc-buy", Side.BUY, 5_000, 140_800, t).timeInForce(TimeInForce.GTC);
        SubmitOrder stop = market("stop-sell", Side.SELL, 1_000, t).orderType(OrderType.STOP_MARKET)
                .timeInForce(TimeInForce.GTC).triggerPrice(140_000);
        return List.of(buy, stop);
    }

    /** One router fed the same trades and orders directly, in event-time order (a tick before an order at T). */
    private static RecordingExecutions uninterrupted(AquatradeConfig cfg, List<SubmitOrder> orders) {
        RecordingExecutions out = new RecordingExecutions();
        OrderRouter router = new OrderRouter(RouterConfig.from(cfg), cfg, out);
        router.start();
        int next = 0;
        for (TradeTick t : trades) {
            while (next < orders.size() && orders.get(next).eventTimeNs() < t.eventTimeNs()) {
                router.submitOrder(orders.get(next++));
            }
            router.tradeTick(t);
        }
        return out;
    }

    private static RouterAgent agent(QueueRoot root, AquatradeConfig cfg, OrderRouter[] routerOut) {
        ExecutionListener executions = root.writer(Topic.EXECUTIONS);
        OrderRouter router = new OrderRouter(RouterConfig.from(cfg), cfg, executions);
        routerOut[0] = router;
        return new RouterAgent(root, router, executions, Sequencer.Mode.EVENT_TIME);
    }

    @Test
    void restingOrdersSurviveARestartAndFillAsIfTheRouterHadNeverStopped() {
        AquatradeConfig cfg = config();
        List<SubmitOrder> orders = orders();
        int cut = 1_000;
        while (trades.get(cut).eventTimeNs() <= trades.get(cut - 1).eventTimeNs() + 1) {
            cut++;
        }
        long cutNs = trades.get(cut - 1).eventTimeNs();
        RecordingExecutions expected = uninterrupted(cfg, orders);
        List<OrderFilled> fills = expected.of(OrderFilled.class);
        // the data fills the limit on both sides of the stop, and triggers the stop after it
        assertThat(fills).filteredOn(f -> f.clientOrderId().equals("gtc-buy") && f.eventTimeNs() <= cutNs)
                .hasSizeGreaterThan(3);
        assertThat(fills).filteredOn(f -> f.clientOrderId().equals("gtc-buy") && f.eventTimeNs() > cutNs)
                .hasSizeGreaterThan(3);
        assertThat(fills).filteredOn(f -> f.clientOrderId().equals("stop-sell"))
                .isNotEmpty().allSatisfy(f -> assertThat(f.eventTimeNs()).isGreaterThan(cutNs));

        OrderRouter[] router = new OrderRouter[1];
        try (QueueRoot root = new QueueRoot(dir)) {
            QueueFixtures.writeTrades(root.writer(Topic.MARKET_DATA), trades, 0, cut);
            QueueFixtures.writeOrders(root.writer(Topic.ORDERS), orders);
            QueueFixtures.progress(root.writer(Topic.ORDERS), "decision-engine", cutNs, false);
            RouterAgent first = agent(root, cfg, router);
            QueueFixtures.drain(first);
            first.onClose();
            assertThat(router[0].venue().workingOrders()).isEqualTo(2);
        }
        try (QueueRoot root = new QueueRoot(dir)) {
            QueueFixtures.progress(root.writer(Topic.ORDERS), "decision-engine",
                    trades.get(trades.size() - 1).eventTimeNs(), true);
            QueueFixtures.writeTrades(root.writer(Topic.MARKET_DATA), trades, cut, trades.size());
            QueueFixtures.progress(root.writer(Topic.MARKET_DATA), "market-data",
                    trades.get(trades.size() - 1).eventTimeNs(), true);
            RouterAgent second = agent(root, cfg, router);
            assertThat(router[0].restoredCount()).isEqualTo(2);
            assertThat(router[0].venue().workingOrders()).isEqualTo(2);
            QueueFixtures.drain(second);
            second.onClose();
            assertThat(second.ended()).isTrue();

            RecordingExecutions onQueue = QueueFixtures.readExecutions(root);
            assertThat(onQueue.events).isEqualTo(expected.events);
            assertThat(onQueue.belowWatermark).isEmpty();
        }
    }

    /**
     * A buy STOP_LIMIT that a trade before the stop triggers while its limit, below every trade from then to the stop,
     * takes nothing: it rests as a limit, and fills after the restart on the first trades through its limit (the
     * sample's price falls), as in one uninterrupted run. The restarted router finds it triggered by reading back the
     * trades it had consumed (the {@code executions} topic shows no trace of a trigger that filled nothing).
     */
    @Test
    void aStopLimitTriggeredAndUnfilledBeforeTheRestartRestsAsItsLimitAfterIt() {
        AquatradeConfig cfg = config();
        int cut = 1_000;
        while (trades.get(cut).eventTimeNs() <= trades.get(cut - 1).eventTimeNs() + 1) {
            cut++;
        }
        long cutNs = trades.get(cut - 1).eventTimeNs();
        long t = trades.get(300).eventTimeNs();
        // trigger: the highest trade between the order and the stop; limit: below every trade from that one on
        int high = 301;
        for (int i = 301; i < cut; i++) {
            if (trades.get(i).eventTimeNs() > t && trades.get(i).price() > trades.get(high).price()) {
                high = i;
            }
        }
        long trigger = trades.get(high).price();
        long lowest = trigger;
        for (int i = high; i < cut; i++) {
            lowest = Math.min(lowest, trades.get(i).price());
        }
        long limit = lowest;
        SubmitOrder stop = limit("stop-limit", Side.BUY, 1_000, limit, t).orderType(OrderType.STOP_LIMIT)
                .timeInForce(TimeInForce.GTC).triggerPrice(trigger);
        List<SubmitOrder> orders = List.of(stop);
        RecordingExecutions expected = uninterrupted(cfg, orders);
        // the data: triggered before the cut with nothing filled; filled after it, on trades below the limit, and no
        // trade after the cut reaches the trigger again before them
        assertThat(expected.of(OrderFilled.class)).isNotEmpty()
                .allSatisfy(f -> assertThat(f.eventTimeNs()).isGreaterThan(cutNs))
                .allSatisfy(f -> assertThat(f.fillPrice()).isEqualTo(limit));
        long firstFillNs = expected.of(OrderFilled.class).get(0).eventTimeNs();
        assertThat(trades.subList(cut, trades.size())).filteredOn(x -> x.eventTimeNs() < firstFillNs)
                .allSatisfy(x -> assertThat(x.price()).isLessThan(trigger));

        OrderRouter[] router = new OrderRouter[1];
        try (QueueRoot root = new QueueRoot(dir)) {
            QueueFixtures.writeTrades(root.writer(Topic.MARKET_DATA), trades, 0, cut);
            QueueFixtures.writeOrders(root.writer(Topic.ORDERS), orders);
            QueueFixtures.progress(root.writer(Topic.ORDERS), "decision-engine", cutNs, false);
            RouterAgent first = agent(root, cfg, router);
            QueueFixtures.drain(first);
            first.onClose();
            assertThat(router[0].venue().workingOrders()).isEqualTo(1);
        }
        try (QueueRoot root = new QueueRoot(dir)) {
            QueueFixtures.progress(root.writer(Topic.ORDERS), "decision-engine",
                    trades.get(trades.size() - 1).eventTimeNs(), true);
            QueueFixtures.writeTrades(root.writer(Topic.MARKET_DATA), trades, cut, trades.size());
            QueueFixtures.progress(root.writer(Topic.MARKET_DATA), "market-data",
                    trades.get(trades.size() - 1).eventTimeNs(), true);
            RouterAgent second = agent(root, cfg, router);
            assertThat(router[0].restoredCount()).isEqualTo(1);
            QueueFixtures.drain(second);
            second.onClose();

            RecordingExecutions onQueue = QueueFixtures.readExecutions(root);
            assertThat(onQueue.events).isEqualTo(expected.events);
        }
    }
}
