package io.aquatrade.decision;

import static io.aquatrade.decision.DecisionEngineTest.BAR_0005_NS;
import static io.aquatrade.decision.DecisionEngineTest.ID;
import static io.aquatrade.decision.DecisionEngineTest.TRADES;
import static io.aquatrade.decision.DecisionEngineTest.accept;
import static io.aquatrade.decision.DecisionEngineTest.price;
import static io.aquatrade.decision.DecisionEngineTest.signal;
import static io.aquatrade.decision.DecisionEngineTest.trades;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.Direction;
import io.aquatrade.common.OrderType;
import io.aquatrade.common.SubmitOrder;
import org.junit.jupiter.api.Test;

/**
 * The trailing stop ({@code trailingStop: {bps: N}}) over the real XRP/ETH trades of 2019-10-11 (data/sample) after
 * {@link DecisionEngineTest}'s entry (LONG at 00:05, 354 XRP filled at trade #23's price plus 5 bps slippage), against
 * a hand-written oracle: the best trade price since entry, the stop {@code ceil(best x (1 - N/10000))}, and the first
 * trade strictly below it.
 */
class TrailingStopTest {
    private static final int TRAIL_BPS = 30;
    final RecordingOrders out = new RecordingOrders();

    private DecisionEngine engine(String stopOrder) {
        // stopLossBps 10000: the fixed stop is 0, so the trailing one alone is in force
        AquatradeConfig config = DecisionEngineTest.shared("{id: vwap-momentum, capital: 1.0, orderFraction: 0.5, "
                + "stopLossBps: 10000, stopOrder: " + stopOrder + ", trailingStop: {bps: " + TRAIL_BPS + "}}");
        DecisionEngine engine = new DecisionEngine(DecisionConfig.from(config), config, out);
        trades(engine, 0, 24);
        engine.signal(signal(1, Direction.LONG, BAR_0005_NS, price(23)));
        SubmitOrder entry = out.last();
        accept(engine, entry);
        engine.orderFilled(RouterLikeFills.fill(entry, price(23), 5, 10, "t1"));
        return engine;
    }

    private static long stop(long best) {
        return BigDecimal.valueOf(best).multiply(BigDecimal.valueOf(10_000 - TRAIL_BPS))
                .divide(BigDecimal.valueOf(10_000), 0, RoundingMode.CEILING).longValueExact();
    }

    @Test
    void theStopFollowsTheBestTradeSinceEntryUpwardsOnlyAndTheEngineExitsBelowIt() {
        DecisionEngine engine = engine("none");
        long best = RouterLikeFills.fillPrice(io.aquatrade.common.Side.BUY, price(23), 5);
        assertThat(engine.position(ID, "XRPETH").stopPrice()).isEqualTo(stop(best));
        int exitAt = -1;
        long previousStop = 0;
        int moves = 0;
        for (int i = 24; i < TRADES.size() && exitAt < 0; i++) {
            long price = TRADES.get(i).price();
            best = Math.max(best, price);
            int ordersBefore = out.orders.size();
            engine.tradeTick(TRADES.get(i));
            long stop = engine.position(ID, "XRPETH").stopPrice();
            if (out.orders.size() > ordersBefore) {
                exitAt = i;
                break;
            }
            assertThat(stop).as("stop after trade #%d", i).isEqualTo(stop(best)).isGreaterThanOrEqualTo(previousStop);
            if (stop > previousStop && previousStop > 0) {
                moves++;
            }
            previousStop = stop;
        }
        // the oracle's exit: the first trade strictly below the stop of the best price before it
        int expected = -1;
        long b = RouterLikeFills.fillPrice(io.aquatrade.common.Side.BUY, price(23), 5);
        for (int i = 24; i < TRADES.size(); i++) {
            long price = TRADES.get(i).price();
            b = Math.max(b, price);
            if (price < stop(b)) {
                expected = i;
                break;
            }
        }
        assertThat(expected).as("the sample falls through a 30 bps trailing stop").isPositive();
        assertThat(exitAt).isEqualTo(expected);
        assertThat(moves).as("the stop moved up before it was hit").isPositive();
        SubmitOrder exit = out.last();
        assertThat(exit.reason()).isEqualTo(DecisionEngine.REASON_STOP_LOSS);
        assertThat(exit.orderType()).isEqualTo(OrderType.MARKET);
        assertThat(exit.quantity()).isEqualTo(354);
        assertThat(exit.eventTimeNs()).isEqualTo(TRADES.get(expected).eventTimeNs());
    }

    @Test
    void atTheVenueEachMoveSendsTheNewStopBeforeCancellingTheOldAndTriggersOnlyRise() {
        DecisionEngine engine = engine("market");
        for (int i = 24; i < 200; i++) {
            engine.tradeTick(TRADES.get(i));
            for (SubmitOrder o : out.orders) {
                if (engine.orderState(o.clientOrderId()) == OrderTracker.State.PENDING_NEW) {
                    accept(engine, o);
                }
            }
        }
        java.util.List<SubmitOrder> stops = out.orders.subList(1, out.orders.size());
        assertThat(stops.size()).as("stops placed: the first and its moves").isGreaterThan(1);
        for (int k = 0; k < stops.size(); k++) {
            SubmitOrder s = stops.get(k);
            assertThat(s.orderType()).isEqualTo(OrderType.STOP_MARKET);
            assertThat(s.quantity()).isEqualTo(354);
            if (k > 0) {
                assertThat(s.triggerPrice()).isGreaterThan(stops.get(k - 1).triggerPrice());
                // new first, then the old one's cancel
                int submitted = out.sequence.indexOf("submit " + s.clientOrderId());
                assertThat(out.sequence.get(submitted + 1)).isEqualTo("cancel " + stops.get(k - 1).clientOrderId());
            }
        }
        assertThat(out.cancels).hasSize(stops.size() - 1);
    }
}
