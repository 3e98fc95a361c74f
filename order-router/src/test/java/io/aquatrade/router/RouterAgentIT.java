package io.aquatrade.router;

import static io.aquatrade.router.Oracle.dec;
import static io.aquatrade.router.TestOrders.limit;
import static io.aquatrade.router.TestOrders.market;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.ExecutionListener;
import io.aquatrade.common.OrderExpired;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.OrderRejected;
import io.aquatrade.common.Progress;
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
 * The router process's agent on real Chronicle queues in a temp dir: the first 3,000 real XRP/ETH trades on
 * market-data, orders on orders, executions read back from the queue.
 */
class RouterAgentIT {
    private static final int TICKS = 3_000;
    private static List<TradeTick> trades;

    @TempDir
    Path dir;

    @BeforeAll
    static void loadTrades() {
        trades = SampleData.xrpEthTrades().subList(0, TICKS);
    }

    /**
     * One order every 150 trades: at exactly that trade's time (the tick must be applied first), alternately buy and
     * sell, with a non-marketable limit and an unaffordable buy mixed in.
     */
    private static List<SubmitOrder> orders() {
        List<SubmitOrder> out = new ArrayList<>();
        for (int i = 100, k = 0; i < TICKS; i += 150, k++) {
            TradeTick t = trades.get(i);
            String id = "it-" + k;
            if (k == 5) {
                out.add(limit(id, Side.BUY, 10, t.price() / 2, t.eventTimeNs()));
            } else if (k == 7) {
                out.add(market(id, Side.BUY, 1_000_000, t.eventTimeNs()));
            } else {
                out.add(k % 2 == 0 ? market(id, Side.BUY, 30 + k, t.eventTimeNs())
                        : market(id, Side.SELL, 20 + k, t.eventTimeNs()));
            }
        }
        return out;
    }

    /** The same inputs fed straight to an OrderRouter in event-time order, ticks before orders of equal time. */
    private static RecordingExecutions direct(AquatradeConfig cfg, List<SubmitOrder> orders) {
        RecordingExecutions rec = new RecordingExecutions();
        OrderRouter router = new OrderRouter(RouterConfig.from(cfg), cfg, rec);
        router.start();
        int o = 0;
        for (TradeTick t : trades) {
            while (o < orders.size() && orders.get(o).eventTimeNs() < t.eventTimeNs()) {
                router.submitOrder(orders.get(o++));
            }
            router.tradeTick(t);
        }
        while (o < orders.size()) {
            router.submitOrder(orders.get(o++));
        }
        return rec;
    }

    @Test
    void executesOrdersInEventTimeOrderWhateverOrderTheTopicsWereWritten() {
        AquatradeConfig cfg = TestConfigs.project();
        List<SubmitOrder> orders = orders();
        RecordingExecutions onQueue;
        try (QueueRoot root = new QueueRoot(dir)) {
            // The orders are all on their topic before any tick: the agent must still wait for market data.
            QueueFixtures.writeOrders(root.writer(Topic.ORDERS), orders);
            QueueFixtures.progress(root.writer(Topic.ORDERS), "decision-engine", trades.get(TICKS - 1).eventTimeNs(),
                    true);
            ExecutionListener executions = root.writer(Topic.EXECUTIONS);
            OrderRouter router = new OrderRouter(RouterConfig.from(cfg), cfg, executions);
            RouterAgent agent = new RouterAgent(root, router, executions, Sequencer.Mode.EVENT_TIME);
            QueueFixtures.drain(agent);
            assertThat(router.filledCount() + router.rejectedCount()).as("nothing executed without prices").isZero();
            assertThat(agent.ended()).isFalse();

            QueueFixtures.writeTrades(root.writer(Topic.MARKET_DATA), trades, 0, TICKS);
            QueueFixtures.progress(root.writer(Topic.MARKET_DATA), "market-data", trades.get(TICKS - 1).eventTimeNs(),
                    true);
            QueueFixtures.drain(agent);
            assertThat(agent.ended()).isTrue();
            assertThat(router.filledCount() + router.rejectedCount() + router.expiredCount())
                    .isEqualTo(orders.size());
            agent.onClose();
            onQueue = QueueFixtures.readExecutions(root);
        }

        // Same messages as the router fed directly: the queues and the sequencer add nothing and lose nothing.
        assertThat(onQueue.events).isEqualTo(direct(cfg, orders).events);
        // Each fill priced from the last tick at or before the order's time (a tick at time T comes first).
        Oracle oracle = new Oracle(RouterConfig.from(cfg).paper().takerFeeBps(),
                RouterConfig.from(cfg).paper().slippageBps());
        List<OrderFilled> fills = onQueue.of(OrderFilled.class);
        assertThat(fills).hasSize(orders.size() - 2);
        for (OrderFilled f : fills) {
            SubmitOrder o = orders.stream().filter(x -> x.clientOrderId().equals(f.clientOrderId())).findFirst()
                    .orElseThrow();
            TradeTick last = null;
            for (TradeTick t : trades) {
                if (t.eventTimeNs() <= o.eventTimeNs()) {
                    last = t;
                }
            }
            assertThat(dec(f.fillPrice())).isEqualByComparingTo(oracle.priceFromLast(dec(last.price()), f.side()));
            assertThat(f.eventTimeNs()).isEqualTo(o.eventTimeNs());
        }
        assertThat(onQueue.of(OrderRejected.class)).extracting(OrderRejected::reason)
                .containsExactly("insufficient balance: ETH");
        assertThat(onQueue.of(OrderExpired.class)).extracting(OrderExpired::reason)
                .containsExactly("limit not marketable (IOC)");
        // Watermarks never run ahead of an output, and the stream ends once.
        assertThat(onQueue.belowWatermark).isEmpty();
        assertThat(onQueue.progress).isNotEmpty();
        assertThat(onQueue.progress).filteredOn(Progress::endOfStream).hasSize(1);
        assertThat(onQueue.progress.get(onQueue.progress.size() - 1).endOfStream()).isTrue();
        assertThat(onQueue.progress).allSatisfy(p -> assertThat(p.source()).isEqualTo("order-router"));
    }
}
