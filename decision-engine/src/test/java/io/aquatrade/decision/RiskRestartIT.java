package io.aquatrade.decision;

import static io.aquatrade.decision.DecisionAgentIT.TRADE_COUNT;
import static io.aquatrade.decision.DecisionEngineTest.BAR_0005_NS;
import static io.aquatrade.decision.DecisionEngineTest.BAR_0010_NS;
import static io.aquatrade.decision.DecisionEngineTest.TRADES;
import static io.aquatrade.decision.DecisionEngineTest.price;
import static io.aquatrade.decision.DecisionEngineTest.signal;
import static io.aquatrade.decision.DecisionEngineTest.timeNs;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.DenyReason;
import io.aquatrade.common.Direction;
import io.aquatrade.common.OrderDenied;
import io.aquatrade.common.SubmitOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restart mid-day never resets a risk limit: the agent is stopped after {@link DecisionAgentIT}'s first half (the
 * LONG at 00:05 entered, stopped out at trade #27 with a realised loss of 0.00150233 ETH), a new agent rebuilds from
 * the topics, and the LONG at 00:10 meets the day's trade count and loss of before the restart, exactly as the
 * uninterrupted run would (which would deny it by the same rule, with the same limit and value).
 */
class RiskRestartIT {
    /** Trades #0..#30 in the first half (as {@link DecisionAgentRestartIT}). */
    static final int FIRST_HALF = DecisionAgentRestartIT.FIRST_HALF;
    /** The first round trip's loss: 1 ETH - 0.99849767 ETH, ETH mantissa. */
    static final long FIRST_LOSS = 150_233L;

    @TempDir
    Path dir;

    private static AquatradeConfig config(String risk) {
        return DecisionEngineTest.shared("{id: vwap-momentum, capital: 1.0, orderFraction: 0.5, stopLossBps: 0, "
                + "risk: " + risk + "}");
    }

    /** Runs the first half, restarts, runs the second half; @return the denials of the second agent's run. */
    private List<OrderDenied> runWithARestart(AquatradeConfig config, DecisionEngine[] engines) throws Exception {
        try (AgentHarness.Inputs in = new AgentHarness.Inputs(dir);
             RouterStub router = new RouterStub(in.queues(), TRADES.subList(0, TRADE_COUNT))) {
            in.trades(TRADES, 0, FIRST_HALF);
            in.marketDataProgress(timeNs(FIRST_HALF - 1), false);
            in.signal(signal(1, Direction.LONG, BAR_0005_NS, price(23)));
            in.signalProgress(timeNs(FIRST_HALF - 1), false);
            AgentHarness.Running first = new AgentHarness.Running(dir, config);
            long halfNs = timeNs(FIRST_HALF - 1);
            AgentHarness.pumpUntil(router, first, () -> router.ordersWatermarkNs() >= halfNs,
                    "the first agent to pass the first half");
            engines[0] = first.stop();
            assertThat(router.seen).extracting(SubmitOrder::reason).containsExactly(DecisionEngine.REASON_SIGNAL,
                    DecisionEngine.REASON_STOP_LOSS);

            in.trades(TRADES, FIRST_HALF, TRADE_COUNT);
            in.marketDataProgress(timeNs(TRADE_COUNT - 1), true);
            in.signal(signal(2, Direction.LONG, BAR_0010_NS, price(37)));
            in.signalProgress(BAR_0010_NS, true);
            AgentHarness.Running second = new AgentHarness.Running(dir, config);
            AgentHarness.pumpUntil(router, second, router::ordersEnded, "end of stream on orders");
            engines[1] = second.stop();
            assertThat(router.seen).as("nothing after the restart").hasSize(2);
            return DecisionAgentIT.denialsOnTopic(in.queues());
        }
    }

    @Test
    void theDaysTradeCountSurvivesARestart() throws Exception {
        DecisionEngine[] engines = new DecisionEngine[2];
        List<OrderDenied> denials = runWithARestart(config("{maxTradesPerDay: 1}"), engines);
        assertThat(engines[0].risk().tradesToday(0)).isEqualTo(1);
        assertThat(engines[1].risk().tradesToday(0)).isEqualTo(1);
        assertThat(denials).singleElement().satisfies(d -> {
            assertThat(d.signalId()).isEqualTo(2);
            assertThat(d.reasonCode()).isEqualTo(DenyReason.MAX_TRADES_PER_DAY);
            assertThat(d.limit()).isEqualTo(1);
            assertThat(d.value()).isEqualTo(1);
        });
    }

    @Test
    void theDaysLossSurvivesARestart() throws Exception {
        DecisionEngine[] engines = new DecisionEngine[2];
        List<OrderDenied> denials = runWithARestart(config("{maxDailyLoss: {amount: 0.00150233}}"), engines);
        assertThat(engines[0].risk().dayPnl(0, 0)).isEqualTo(-FIRST_LOSS);
        assertThat(engines[0].risk().dailyLossHit(0)).isTrue();
        assertThat(engines[1].risk().dayPnl(0, 0)).isEqualTo(-FIRST_LOSS);
        assertThat(engines[1].risk().dailyLossHit(0)).isTrue();
        assertThat(denials).singleElement().satisfies(d -> {
            assertThat(d.signalId()).isEqualTo(2);
            assertThat(d.reasonCode()).isEqualTo(DenyReason.DAILY_LOSS);
            assertThat(d.limit()).isEqualTo(FIRST_LOSS);
            assertThat(d.value()).isEqualTo(FIRST_LOSS);
            assertThat(d.decimals()).isEqualTo(8);
        });
    }

    @Test
    void aCooldownAfterAStopOutSurvivesARestart() throws Exception {
        DecisionEngine[] engines = new DecisionEngine[2];
        List<OrderDenied> denials = runWithARestart(config("{cooldown: {afterStopOut: true, minutes: 60}}"),
                engines);
        assertThat(denials).singleElement().satisfies(d -> {
            assertThat(d.signalId()).isEqualTo(2);
            assertThat(d.reasonCode()).isEqualTo(DenyReason.COOLDOWN);
            assertThat(d.limit()).isEqualTo(3_600_000L);
            assertThat(d.value()).isBetween(1L, 3_600_000L - 1);
        });
    }
}
