package io.aquatrade.decision;

import static io.aquatrade.decision.DecisionEngineTest.BAR_0005_NS;
import static io.aquatrade.decision.DecisionEngineTest.BAR_0010_NS;
import static io.aquatrade.decision.DecisionEngineTest.ID;
import static io.aquatrade.decision.DecisionEngineTest.TRADES;
import static io.aquatrade.decision.DecisionEngineTest.accept;
import static io.aquatrade.decision.DecisionEngineTest.price;
import static io.aquatrade.decision.DecisionEngineTest.signal;
import static io.aquatrade.decision.DecisionEngineTest.trades;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.Direction;
import io.aquatrade.common.OrderType;
import io.aquatrade.common.Side;
import io.aquatrade.common.SubmitOrder;
import io.aquatrade.common.TimeInForce;
import org.junit.jupiter.api.Test;

/**
 * Limit exits ({@code exitOrder: {type: limit, repriceMs: 30000, deadlineMs: 600000}}) over the real XRP/ETH trades of
 * 2019-10-11 (data/sample), the venue never filling the limit: after {@link DecisionEngineTest}'s entry (354 XRP), a
 * FLAT at 00:10 rests a sell at the last trade (no quotes in the sample); every 30 s of event time, if the last trade
 * moved, it is cancelled and, once the cancel is confirmed, re-placed there; 10 min after the FLAT the rest goes as a
 * market order. The expected orders are worked out from the trades by those rules in the test.
 */
class LimitExitTest {
    private static final long REPRICE_NS = 30_000_000_000L;
    private static final long DEADLINE_NS = 600_000_000_000L;
    final RecordingOrders out = new RecordingOrders();

    @Test
    void theExitRestsAtTheBestPriceIsRepricedAndGoesToMarketAtTheDeadline() {
        AquatradeConfig config = DecisionEngineTest.shared("{id: vwap-momentum, capital: 1.0, orderFraction: 0.5, "
                + "stopLossBps: 10000, exitOrder: {type: limit, repriceMs: 30000, deadlineMs: 600000}}");
        DecisionEngine engine = new DecisionEngine(DecisionConfig.from(config), config, out);
        trades(engine, 0, 24);
        engine.signal(signal(1, Direction.LONG, BAR_0005_NS, price(23)));
        SubmitOrder entry = out.last();
        accept(engine, entry);
        engine.orderFilled(RouterLikeFills.fill(entry, price(23), 5, 10, "t1"));
        trades(engine, 24, 38);
        engine.signal(signal(2, Direction.FLAT, BAR_0010_NS, price(37)));

        // the rules, applied to the trades by hand: (event time, price) of each limit, then the market order's time
        List<long[]> expectedLimits = new ArrayList<>();
        expectedLimits.add(new long[] {BAR_0010_NS, price(37)});
        long pricedAt = BAR_0010_NS;
        long limit = price(37);
        long marketAt = 0;
        for (int i = 38; i < TRADES.size() && marketAt == 0; i++) {
            long t = TRADES.get(i).eventTimeNs();
            long p = TRADES.get(i).price();
            if (t - BAR_0010_NS >= DEADLINE_NS) {
                marketAt = t;
            } else if (t - pricedAt >= REPRICE_NS && p != limit) {
                expectedLimits.add(new long[] {t, p});
                pricedAt = t;
                limit = p;
            }
        }
        assertThat(expectedLimits.size()).as("the sample's price moves within ten minutes").isGreaterThan(1);

        // drive the engine; the venue confirms each cancel at once and never fills the limit
        for (int i = 38; i < TRADES.size() && TRADES.get(i).eventTimeNs() <= marketAt; i++) {
            int cancels = out.cancels.size();
            accept(engine, out.last());
            engine.tradeTick(TRADES.get(i));
            if (out.cancels.size() > cancels) {
                SubmitOrder resting = out.last();
                assertThat(out.cancels.get(cancels).clientOrderId()).isEqualTo(resting.clientOrderId());
                assertThat(out.cancels.get(cancels).reason()).isEqualTo(DecisionEngine.REASON_LIMIT_EXIT);
                engine.orderCanceled(DecisionEngineOrderLifecycleTest.canceled(resting, 0,
                        TRADES.get(i).eventTimeNs()));
            }
        }

        List<SubmitOrder> exits = out.orders.subList(1, out.orders.size());
        assertThat(exits).hasSize(expectedLimits.size() + 1);
        for (int k = 0; k < expectedLimits.size(); k++) {
            SubmitOrder o = exits.get(k);
            assertThat(o.orderType()).isEqualTo(OrderType.LIMIT);
            assertThat(o.timeInForce()).isEqualTo(TimeInForce.GTC);
            assertThat(o.reduceOnly()).isTrue();
            assertThat(o.side()).isEqualTo(Side.SELL);
            assertThat(o.quantity()).isEqualTo(354);
            assertThat(o.eventTimeNs()).isEqualTo(expectedLimits.get(k)[0]);
            assertThat(o.limitPrice()).isEqualTo(expectedLimits.get(k)[1]);
            assertThat(o.signalId()).isEqualTo(2);
        }
        SubmitOrder market = exits.get(exits.size() - 1);
        assertThat(market.orderType()).isEqualTo(OrderType.MARKET);
        assertThat(market.quantity()).isEqualTo(354);
        assertThat(market.eventTimeNs()).isEqualTo(marketAt);
        assertThat(out.cancels).hasSize(expectedLimits.size());
        assertThat(engine.position(ID, "XRPETH").pendingOrderId()).isEqualTo(market.clientOrderId());
    }
}
