package io.aquatrade.decision;

import static io.aquatrade.decision.DecisionAgentIT.TRADE_COUNT;
import static io.aquatrade.decision.DecisionEngineTest.BAR_0005_NS;
import static io.aquatrade.decision.DecisionEngineTest.BAR_0010_NS;
import static io.aquatrade.decision.DecisionEngineTest.ID;
import static io.aquatrade.decision.DecisionEngineTest.TRADES;
import static io.aquatrade.decision.DecisionEngineTest.price;
import static io.aquatrade.decision.DecisionEngineTest.signal;
import static io.aquatrade.decision.DecisionEngineTest.timeNs;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import io.aquatrade.common.DenyReason;
import io.aquatrade.common.Direction;
import io.aquatrade.common.OrderDenied;
import io.aquatrade.common.OrderListener;
import io.aquatrade.common.QueueRoot;
import io.aquatrade.common.SubmitOrder;
import io.aquatrade.common.Topic;
import io.aquatrade.common.TopicReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stops the agent half-way through the {@link DecisionAgentIT} run and starts a new one on the same queues: the
 * orders topic must end up exactly as in the uninterrupted run (no duplicate, counters continuing), also when the
 * signal generator sends an already-acted-on signal again after the restart.
 */
class DecisionAgentRestartIT {
    /** Trades #0..#30 (to 00:05:40.290) in the first half. */
    static final int FIRST_HALF = 31;

    @TempDir
    Path dir;

    private static void writeFirstHalf(AgentHarness.Inputs in) {
        in.trades(TRADES, 0, FIRST_HALF);
        in.marketDataProgress(timeNs(FIRST_HALF - 1), false);
        in.signal(signal(1, Direction.LONG, BAR_0005_NS, price(23)));
        in.signalProgress(timeNs(FIRST_HALF - 1), false);
    }

    private static void writeSecondHalf(AgentHarness.Inputs in) {
        in.trades(TRADES, FIRST_HALF, TRADE_COUNT);
        in.marketDataProgress(timeNs(TRADE_COUNT - 1), true);
        // a restarted signal generator sends its last signal again
        in.signal(signal(1, Direction.LONG, BAR_0005_NS, price(23)));
        DecisionAgentIT.writeSecondHalfSignals(in);
    }

    private static int ordersOnTopic(QueueRoot queues) {
        int[] n = {0};
        try (TopicReader<OrderListener> r = queues.reader(Topic.ORDERS, null)) {
            OrderListener count = o -> n[0]++;
            while (r.poll(count) > 0) {
                // counts the SubmitOrders only, not the denials
            }
        }
        return n[0];
    }

    @Test
    void aRestartHalfWayGivesTheOrdersOfAnUninterruptedRun() throws Exception {
        try (AgentHarness.Inputs in = new AgentHarness.Inputs(dir);
             RouterStub router = new RouterStub(in.queues(), TRADES.subList(0, TRADE_COUNT))) {
            writeFirstHalf(in);
            AgentHarness.Running first = new AgentHarness.Running(dir, DecisionAgentIT.config());
            long halfNs = timeNs(FIRST_HALF - 1);
            AgentHarness.pumpUntil(router, first, () -> router.ordersWatermarkNs() >= halfNs,
                    "the first agent to pass the first half");
            DecisionEngine before = first.stop();
            assertThat(router.seen).extracting(SubmitOrder::clientOrderId)
                    .containsExactly("vwap-momentum-1", "vwap-momentum-2");
            assertThat(before.orderCounter(ID)).isEqualTo(2);
            assertThat(before.ledger(ID).balance("ETH")).isEqualTo(99_849_767L);

            writeSecondHalf(in);
            AgentHarness.Running second = new AgentHarness.Running(dir, DecisionAgentIT.config());
            AgentHarness.pumpUntil(router, second, router::ordersEnded, "end of stream on orders");
            DecisionEngine after = second.stop();

            DecisionAgentIT.assertTheOrdersOfTheWholeRun(router.seen);
            assertThat(ordersOnTopic(in.queues())).isEqualTo(4);
            DecisionAgentIT.assertTheDenialsOfTheWholeRun(DecisionAgentIT.denialsOnTopic(in.queues()));
            DecisionAgentIT.assertTheFinalState(after);
            assertThat(after.counters().ordersRestored()).isEqualTo(2);
            assertThat(after.counters().ordersSent()).isEqualTo(2);
            assertThat(after.counters().duplicateSignals()).isEqualTo(1);
            // every fill booked exactly once, whether read by the rebuild, the named tailer or both
            assertThat(after.counters().fillsApplied()).isEqualTo(4);
        }
    }

    @Test
    void aRestartWithAnOrderOutstandingWaitsForItsFillAndSendsNothingTwice() throws Exception {
        try (AgentHarness.Inputs in = new AgentHarness.Inputs(dir);
             RouterStub router = new RouterStub(in.queues(), TRADES.subList(0, TRADE_COUNT))) {
            writeFirstHalf(in);
            AgentHarness.Running first = new AgentHarness.Running(dir, DecisionAgentIT.config());
            // no router yet: the first order stays outstanding and the agent waits for its execution
            long deadline = System.nanoTime() + AgentHarness.TIMEOUT_MS * 1_000_000L;
            while (ordersOnTopic(in.queues()) < 1 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            DecisionEngine before = first.stop();
            assertThat(before.outstandingOrderIds()).containsExactly("vwap-momentum-1");
            assertThat(ordersOnTopic(in.queues())).isEqualTo(1);

            writeSecondHalf(in);
            AgentHarness.Running second = new AgentHarness.Running(dir, DecisionAgentIT.config());
            AgentHarness.pumpUntil(router, second, router::ordersEnded, "end of stream on orders");
            DecisionEngine after = second.stop();

            DecisionAgentIT.assertTheOrdersOfTheWholeRun(router.seen);
            assertThat(ordersOnTopic(in.queues())).isEqualTo(4);
            DecisionAgentIT.assertTheDenialsOfTheWholeRun(DecisionAgentIT.denialsOnTopic(in.queues()));
            DecisionAgentIT.assertTheFinalState(after);
            assertThat(after.counters().ordersRestored()).isEqualTo(1);
            assertThat(after.counters().ordersSent()).isEqualTo(3);
            assertThat(after.counters().duplicateSignals()).isEqualTo(1);
            assertThat(after.counters().fillsApplied()).isEqualTo(4);
        }
    }

    @Test
    void aDeniedSignalSentAgainAfterARestartIsNotDeniedTwice() throws Exception {
        try (AgentHarness.Inputs in = new AgentHarness.Inputs(dir);
             RouterStub router = new RouterStub(in.queues(), TRADES.subList(0, TRADE_COUNT))) {
            in.trades(TRADES, 0, FIRST_HALF);
            in.marketDataProgress(timeNs(FIRST_HALF - 1), false);
            in.signal(signal(1, Direction.FLAT, BAR_0005_NS, price(23))); // flat already: no position to exit
            in.signalProgress(timeNs(FIRST_HALF - 1), false);
            AgentHarness.Running first = new AgentHarness.Running(dir, DecisionAgentIT.config());
            long halfNs = timeNs(FIRST_HALF - 1);
            AgentHarness.pumpUntil(router, first, () -> router.ordersWatermarkNs() >= halfNs,
                    "the first agent to pass the first half");
            assertThat(first.stop().counters().denied(DenyReason.NO_POSITION)).isEqualTo(1);
            assertThat(DecisionAgentIT.denialsOnTopic(in.queues())).extracting(OrderDenied::signalId)
                    .containsExactly(1L);

            in.trades(TRADES, FIRST_HALF, TRADE_COUNT);
            in.marketDataProgress(timeNs(TRADE_COUNT - 1), true);
            in.signal(signal(1, Direction.FLAT, BAR_0005_NS, price(23))); // a restarted generator resends it
            in.signalProgress(BAR_0010_NS, true);
            AgentHarness.Running second = new AgentHarness.Running(dir, DecisionAgentIT.config());
            AgentHarness.pumpUntil(router, second, router::ordersEnded, "end of stream on orders");
            DecisionEngine after = second.stop();

            assertThat(DecisionAgentIT.denialsOnTopic(in.queues())).extracting(OrderDenied::signalId)
                    .containsExactly(1L);
            assertThat(after.counters().duplicateSignals()).isEqualTo(1);
            assertThat(after.counters().denied()).isZero();
            assertThat(ordersOnTopic(in.queues())).isZero();
        }
    }

    // ------------------------------------------------------------------------------ a reversal across a restart

    /**
     * Runs a first agent on the reversing config while the router stub answers only the first {@code answered}
     * orders, until {@code sent} orders are on the topic; then stops it.
     */
    private static DecisionEngine firstReversingAgentUntil(AgentHarness.Inputs in, RouterStub router, int answered,
                                                           int sent) throws Exception {
        AgentHarness.Running first = new AgentHarness.Running(in.queues().path(),
                DecisionAgentIT.reversingConfig());
        long deadline = System.nanoTime() + AgentHarness.TIMEOUT_MS * 1_000_000L;
        while (ordersOnTopic(in.queues()) < sent) {
            router.pollUpTo(answered);
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + sent + " orders");
            }
            Thread.sleep(2);
        }
        DecisionEngine before = first.stop();
        assertThat(ordersOnTopic(in.queues())).isEqualTo(sent);
        assertThat(before.orderCounter("ma-cross")).isEqualTo(sent);
        return before;
    }

    /** Writes the rest of the inputs (with signal 2 sent again), runs a second agent to the end, checks the run. */
    private static DecisionEngine secondReversingAgentToTheEnd(AgentHarness.Inputs in, RouterStub router)
            throws Exception {
        in.signal(signal("ma-cross", 2, Direction.SHORT, BAR_0010_NS, price(37))); // a restarted generator resends
        DecisionAgentIT.writeReversingSecondPart(in);
        AgentHarness.Running second = new AgentHarness.Running(in.queues().path(),
                DecisionAgentIT.reversingConfig());
        AgentHarness.pumpUntil(router, second, router::ordersEnded, "end of stream on orders");
        DecisionEngine after = second.stop();

        DecisionAgentIT.assertTheOrdersOfTheReversingRun(router.seen);
        assertThat(ordersOnTopic(in.queues())).isEqualTo(5);
        DecisionAgentIT.assertTheFinalStateOfTheReversingRun(after);
        assertThat(after.counters().duplicateSignals()).isEqualTo(1);
        assertThat(after.counters().fillsApplied()).isEqualTo(5);
        DecisionAgentIT.assertWatermarksNeverPassAnOrder(in.queues(), timeNs(TRADE_COUNT - 1));
        return after;
    }

    @Test
    void aRestartWithTheCloseOfAReversalOutstandingSendsTheEntryOnceItFills() throws Exception {
        try (AgentHarness.Inputs in = new AgentHarness.Inputs(dir);
             RouterStub router = new RouterStub(in.queues(), TRADES.subList(0, TRADE_COUNT))) {
            DecisionAgentIT.writeReversingFirstPart(in);
            // the router answers the long entry only: the close (order 2) is outstanding when the agent stops
            DecisionEngine before = firstReversingAgentUntil(in, router, 1, 2);
            assertThat(before.outstandingOrderIds()).containsExactly("ma-cross-2");
            assertThat(before.position("ma-cross", "XRPETH").quantity()).isEqualTo(354);

            DecisionEngine after = secondReversingAgentToTheEnd(in, router);
            assertThat(after.counters().ordersRestored()).isEqualTo(2);
            assertThat(after.counters().ordersSent()).isEqualTo(3);
        }
    }

    @Test
    void aRestartAfterTheCloseFilledButBeforeTheEngineReadTheFillSendsTheEntryDuringTheRebuild() throws Exception {
        try (AgentHarness.Inputs in = new AgentHarness.Inputs(dir);
             RouterStub router = new RouterStub(in.queues(), TRADES.subList(0, TRADE_COUNT))) {
            DecisionAgentIT.writeReversingFirstPart(in);
            firstReversingAgentUntil(in, router, 1, 2);
            // the close fills while the engine is down: its fill is on executions, the entry on no topic
            assertThat(router.pollUpTo(2)).isEqualTo(1);

            // the rebuild books the close and sends the entry, sized from the ledger at the close's fill price
            // (no market data is known during the rebuild), exactly as the uninterrupted run did
            DecisionEngine after = secondReversingAgentToTheEnd(in, router);
            assertThat(after.counters().ordersRestored()).isEqualTo(2);
            assertThat(after.counters().ordersSent()).isEqualTo(3);
            assertThat(after.counters().duplicateFills()).isPositive(); // the close's fill, read again by the tailer
        }
    }

    @Test
    void aRestartAfterTheEntryOfAReversalWasSentNeverSendsItAgain() throws Exception {
        try (AgentHarness.Inputs in = new AgentHarness.Inputs(dir);
             RouterStub router = new RouterStub(in.queues(), TRADES.subList(0, TRADE_COUNT))) {
            DecisionAgentIT.writeReversingFirstPart(in);
            // the router answers the entry and the close; the short entry (order 3) is outstanding at the stop
            DecisionEngine before = firstReversingAgentUntil(in, router, 2, 3);
            assertThat(before.outstandingOrderIds()).containsExactly("ma-cross-3");
            assertThat(before.position("ma-cross", "XRPETH").isFlat()).isTrue();

            DecisionEngine after = secondReversingAgentToTheEnd(in, router);
            assertThat(after.counters().ordersRestored()).isEqualTo(3);
            assertThat(after.counters().ordersSent()).isEqualTo(2);
        }
    }
}
