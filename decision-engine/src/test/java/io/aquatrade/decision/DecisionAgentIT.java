package io.aquatrade.decision;

import static io.aquatrade.decision.DecisionEngineTest.BAR_0005_NS;
import static io.aquatrade.decision.DecisionEngineTest.BAR_0010_NS;
import static io.aquatrade.decision.DecisionEngineTest.DEFAULT_STRATEGY;
import static io.aquatrade.decision.DecisionEngineTest.ID;
import static io.aquatrade.decision.DecisionEngineTest.TRADES;
import static io.aquatrade.decision.DecisionEngineTest.price;
import static io.aquatrade.decision.DecisionEngineTest.signal;
import static io.aquatrade.decision.DecisionEngineTest.timeNs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.DenyReason;
import io.aquatrade.common.Direction;
import io.aquatrade.common.OrderDenied;
import io.aquatrade.common.OrderListener;
import io.aquatrade.common.Progress;
import io.aquatrade.common.QueueRoot;
import io.aquatrade.common.Side;
import io.aquatrade.common.SubmitOrder;
import io.aquatrade.common.Topic;
import io.aquatrade.common.TopicReader;
import net.openhft.chronicle.bytes.MethodReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The decision-engine agent on real queues in a temp dir: the first 60 real XRP/ETH trades of the sample
 * (00:00:11 to 00:20:49 UTC) on market-data, three signals at real 5m bar closes on signals, and a router stub
 * answering every order on executions. The orders are the ones worked out by hand in {@link DecisionEngineTest}.
 */
class DecisionAgentIT {
    /** 2019-10-11 00:15:00 UTC. */
    static final long BAR_0015_NS = BAR_0010_NS + 300_000_000_000L;
    static final int TRADE_COUNT = 60;

    @TempDir
    Path dir;

    static AquatradeConfig config() {
        return DecisionEngineTest.shared(DEFAULT_STRATEGY);
    }

    /**
     * The orders of the whole run:
     * <ol>
     *   <li>LONG at 00:05: 0.5 ETH / 0.00141192 (trade #23) = 354 XRP; filled at 0.00141263 (5 bps slippage)</li>
     *   <li>trade #27 at 0.00141192 is below the entry: stop-loss, sell 354; filled at 0.00141121; ETH now
     *       0.99849767</li>
     *   <li>LONG at 00:10: 0.49924883 ETH / 0.00141161 (trade #37) = 353 XRP; filled at 0.00141232</li>
     *   <li>trade #40 at 0.00141226 is below that: stop-loss, sell 353 (filled at #41's 0.00141222 less 5 bps,
     *       0.00141151: #41 has #40's timestamp)</li>
     * </ol>
     * The FLAT signal at 00:15 finds the strategy flat and sends nothing.
     */
    static void assertTheOrdersOfTheWholeRun(List<SubmitOrder> orders) {
        assertThat(orders).extracting(SubmitOrder::clientOrderId, SubmitOrder::side, SubmitOrder::quantity,
                        SubmitOrder::signalId, SubmitOrder::reason, SubmitOrder::eventTimeNs)
                .containsExactly(
                        tuple("vwap-momentum-1", Side.BUY, 354L, 1L, "signal", BAR_0005_NS),
                        tuple("vwap-momentum-2", Side.SELL, 354L, 0L, "stop-loss", timeNs(27)),
                        tuple("vwap-momentum-3", Side.BUY, 353L, 2L, "signal", BAR_0010_NS),
                        tuple("vwap-momentum-4", Side.SELL, 353L, 0L, "stop-loss", timeNs(40)));
        assertThat(orders).allSatisfy(o -> {
            assertThat(o.strategyId()).isEqualTo(ID);
            assertThat(o.instrument()).isEqualTo("XRPETH");
        });
    }

    /**
     * The ledger after the four fills: 0.99849767 - 353 x 0.00141232 - fee 0.00049855 + 353 x 0.00141151 - fee
     * 0.00049827 = 0.99721492 ETH.
     */
    static void assertTheFinalState(DecisionEngine engine) {
        assertThat(engine.ledger(ID).balance("ETH")).isEqualTo(99_721_492L);
        assertThat(engine.ledger(ID).balance("XRP")).isZero();
        assertThat(engine.position(ID, "XRPETH").isFlat()).isTrue();
        assertThat(engine.position(ID, "XRPETH").realizedPnl()).isEqualTo(99_721_492L - 100_000_000L);
        assertThat(engine.outstandingOrders()).isZero();
        assertThat(engine.orderCounter(ID)).isEqualTo(4);
    }

    static void writeSecondHalfSignals(AgentHarness.Inputs in) {
        in.signal(signal(2, Direction.LONG, BAR_0010_NS, price(37)));
        in.signal(signal(3, Direction.FLAT, BAR_0015_NS, price(44)));
        in.signalProgress(BAR_0015_NS, true);
    }

    /** A reversing strategy trading with marketable limit orders; stops far away (never hit in these trades). */
    static final String REVERSING_LIMIT = "{id: ma-cross, capital: 1.0, orderFraction: 0.5, stopLossBps: 10000, "
            + "allowShort: true, orderType: limit, limitOffsetBps: 10}";

    static AquatradeConfig reversingConfig() {
        return DecisionEngineTest.shared(REVERSING_LIMIT);
    }

    /**
     * The orders of the reversing run (the amounts of {@link DecisionEngineShortTest}, here as limit orders 10 bps
     * through the reference; the stub fills each at the last trade +- 5 bps, inside the limit):
     * <ol>
     *   <li>LONG at 00:05: buy 354, limit ceil(0.00141192 x 1.001) = 0.00141334; filled at 0.00141263</li>
     *   <li>SHORT at 00:10: sell the 354, limit floor(0.00141161 x 0.999) = 0.00141019; filled at 0.00141090</li>
     *   <li>then sell short 353 (0.49919402 ETH / 0.00141090), limit floor(0.00141090 x 0.999) = 0.00140948</li>
     *   <li>LONG at 00:15: buy back 353, limit ceil(0.00141428 x 1.001) = 0.00141570; filled at 0.00141499</li>
     *   <li>then buy 351 (0.49797336 ETH / 0.00141499), limit ceil(0.00141499 x 1.001) = 0.00141641</li>
     * </ol>
     */
    static void assertTheOrdersOfTheReversingRun(List<SubmitOrder> orders) {
        assertThat(orders).extracting(SubmitOrder::clientOrderId, SubmitOrder::side, SubmitOrder::quantity,
                        SubmitOrder::limitPrice, SubmitOrder::signalId, SubmitOrder::reason, SubmitOrder::eventTimeNs)
                .containsExactly(
                        tuple("ma-cross-1", Side.BUY, 354L, 141_334L, 1L, "signal", BAR_0005_NS),
                        tuple("ma-cross-2", Side.SELL, 354L, 141_019L, 2L, "reverse", BAR_0010_NS),
                        tuple("ma-cross-3", Side.SELL, 353L, 140_948L, 2L, "signal", BAR_0010_NS),
                        tuple("ma-cross-4", Side.BUY, 353L, 141_570L, 3L, "reverse", BAR_0015_NS),
                        tuple("ma-cross-5", Side.BUY, 351L, 141_641L, 3L, "signal", BAR_0015_NS));
        assertThat(orders).allSatisfy(o -> {
            assertThat(o.orderType()).isEqualTo(io.aquatrade.common.OrderType.LIMIT);
            assertThat(o.strategyId()).isEqualTo("ma-cross");
        });
    }

    /** Long 351 at 0.00141499, ETH 0.49878856, and realised -0.00405328 ETH over the short and the first long. */
    static void assertTheFinalStateOfTheReversingRun(DecisionEngine engine) {
        assertThat(engine.ledger("ma-cross").balance("ETH")).isEqualTo(49_878_856L);
        assertThat(engine.ledger("ma-cross").balance("XRP")).isEqualTo(35_100_000_000L);
        Position p = engine.position("ma-cross", "XRPETH");
        assertThat(new long[] {p.quantity(), p.avgEntryPrice(), p.costBasis(), p.realizedPnl()})
                .containsExactly(351L, 141_499L, 49_715_816L, -405_328L);
        assertThat(engine.outstandingOrders()).isZero();
        assertThat(engine.orderCounter("ma-cross")).isEqualTo(5);
    }

    /**
     * Trades #0..#37, signals LONG at 00:05 and SHORT at 00:10, and both writers' progress to 00:10:00.001 (no
     * trade or signal comes before then): enough for the engine to take executions stamped 00:10:00, which it
     * otherwise holds back in case a signal of that same time still comes (signals win ties).
     */
    static void writeReversingFirstPart(AgentHarness.Inputs in) {
        in.trades(TRADES, 0, 38);
        in.marketDataProgress(BAR_0010_NS + 1_000_000L, false);
        in.signal(signal("ma-cross", 1, Direction.LONG, BAR_0005_NS, price(23)));
        in.signal(signal("ma-cross", 2, Direction.SHORT, BAR_0010_NS, price(37)));
        in.signalProgress(BAR_0010_NS + 1_000_000L, false);
    }

    /** The remaining trades to #59 and LONG at 00:15; both streams end. */
    static void writeReversingSecondPart(AgentHarness.Inputs in) {
        in.trades(TRADES, 38, TRADE_COUNT);
        in.marketDataProgress(timeNs(TRADE_COUNT - 1), true);
        in.signal(signal("ma-cross", 3, Direction.LONG, BAR_0015_NS, price(44)));
        in.signalProgress(BAR_0015_NS, true);
    }

    @Test
    void aReversingStrategyFlattensAndReversesWithLimitOrdersOnRealQueues() throws Exception {
        try (AgentHarness.Inputs in = new AgentHarness.Inputs(dir);
             RouterStub router = new RouterStub(in.queues(), TRADES.subList(0, TRADE_COUNT))) {
            writeReversingFirstPart(in);
            writeReversingSecondPart(in);

            AgentHarness.Running agent = new AgentHarness.Running(dir, reversingConfig());
            AgentHarness.pumpUntil(router, agent, router::ordersEnded, "end of stream on orders");
            DecisionEngine engine = agent.stop();

            assertTheOrdersOfTheReversingRun(router.seen);
            assertTheFinalStateOfTheReversingRun(engine);
            assertThat(engine.counters().reversals()).isEqualTo(2);
            assertThat(engine.counters().fillsApplied()).isEqualTo(5);
            assertThat(engine.counters().rejections()).isZero();
            assertWatermarksNeverPassAnOrder(in.queues(), timeNs(TRADE_COUNT - 1));
        }
    }

    @Test
    void signalsAndTicksBecomeTheExpectedOrdersAndTheStreamEnds() throws Exception {
        try (AgentHarness.Inputs in = new AgentHarness.Inputs(dir);
             RouterStub router = new RouterStub(in.queues(), TRADES.subList(0, TRADE_COUNT))) {
            in.trades(TRADES, 0, TRADE_COUNT);
            in.marketDataProgress(timeNs(TRADE_COUNT - 1), true);
            in.signal(signal(1, Direction.LONG, BAR_0005_NS, price(23)));
            writeSecondHalfSignals(in);

            AgentHarness.Running agent = new AgentHarness.Running(dir, config());
            AgentHarness.pumpUntil(router, agent, router::ordersEnded, "end of stream on orders");
            DecisionEngine engine = agent.stop();

            assertTheOrdersOfTheWholeRun(router.seen);
            assertTheFinalState(engine);
            assertThat(engine.counters().signalsSeen()).isEqualTo(3);
            assertThat(engine.counters().stopLosses()).isEqualTo(2);
            assertThat(engine.counters().alreadyFlat()).isEqualTo(1);
            assertThat(engine.counters().fillsApplied()).isEqualTo(4);
            assertThat(engine.counters().ordersRestored()).isZero();
            assertTheDenialsOfTheWholeRun(denialsOnTopic(in.queues()));
            assertThat(engine.counters().denied(DenyReason.NO_POSITION)).isEqualTo(1);
            assertThat(engine.counters().denied()).isEqualTo(1);
            assertWatermarksNeverPassAnOrder(in.queues(), timeNs(TRADE_COUNT - 1));
        }
    }

    /** @return every {@link OrderDenied} on the orders topic, oldest first */
    static List<OrderDenied> denialsOnTopic(QueueRoot queues) {
        List<OrderDenied> denials = new ArrayList<>();
        try (TopicReader<OrderListener> r = queues.reader(Topic.ORDERS, null)) {
            OrderListener collect = new OrderListener() {
                @Override
                public void submitOrder(SubmitOrder order) {
                }

                @Override
                public void orderDenied(OrderDenied denied) {
                    denials.add(denied.deepCopy());
                }
            };
            while (r.poll(collect) > 0) {
                // reads all
            }
        }
        return denials;
    }

    /**
     * The one denial of the run: signal 3 (FLAT at 00:15) meets a strategy the stop-loss already flattened, so there
     * is no position to exit.
     */
    static void assertTheDenialsOfTheWholeRun(List<OrderDenied> denials) {
        assertThat(denials).hasSize(1);
        OrderDenied d = denials.get(0);
        assertThat(d.strategyId()).isEqualTo(ID);
        assertThat(d.instrument()).isEqualTo("XRPETH");
        assertThat(d.signalId()).isEqualTo(3);
        assertThat(d.reasonCode()).isEqualTo(DenyReason.NO_POSITION);
        assertThat(d.reason()).isEqualTo("FLAT while flat: no position to exit");
        assertThat(d.eventTimeNs()).isEqualTo(BAR_0015_NS);
    }

    /**
     * Reads the orders topic raw, watermarks included: every order and denial is stamped at or after the last
     * watermark before it, and the stream ends once, at the last input's time.
     */
    static void assertWatermarksNeverPassAnOrder(QueueRoot queues, long lastInputNs) {
        List<String> problems = new ArrayList<>();
        long[] watermark = {Long.MIN_VALUE};
        int[] ends = {0};
        long[] endNs = {0};
        OrderListener check = new OrderListener() {
            @Override
            public void submitOrder(SubmitOrder order) {
                if (order.eventTimeNs() < watermark[0]) {
                    problems.add(order.clientOrderId() + " at " + order.eventTimeNs() + " below " + watermark[0]);
                }
            }

            @Override
            public void orderDenied(OrderDenied denied) {
                if (denied.eventTimeNs() < watermark[0]) {
                    problems.add("denial of signal " + denied.signalId() + " at " + denied.eventTimeNs()
                            + " below " + watermark[0]);
                }
            }

            @Override
            public void progress(Progress p) {
                if (p.eventTimeNs() < watermark[0]) {
                    problems.add("watermark went back to " + p.eventTimeNs());
                }
                watermark[0] = p.eventTimeNs();
                if (p.endOfStream()) {
                    ends[0]++;
                    endNs[0] = p.eventTimeNs();
                }
            }
        };
        MethodReader reader = queues.queue(Topic.ORDERS).createTailer().methodReader(check);
        while (reader.readOne()) {
            // reads all
        }
        assertThat(problems).isEmpty();
        assertThat(ends[0]).isEqualTo(1);
        assertThat(endNs[0]).isEqualTo(lastInputNs);
    }
}
