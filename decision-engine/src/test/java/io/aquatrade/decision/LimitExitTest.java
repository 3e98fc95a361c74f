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

    /**
     * A venue that refuses a re-pricing cancel while the limit still works (Binance answers a cancel it could not
     * confirm, e.g. of an order found again after a lost answer, with {@code CancelRejected}): the engine may cancel
     * that limit again at the next re-pricing, instead of leaving the exit resting unpriced until its deadline. Same
     * trades and exit as above; the expected second cancel is the first trade after the refusal that is at least 30 s
     * after the limit was priced and at a price other than the limit's.
     */
    @Test
    void aRefusedCancelOfAWorkingLimitExitLetsTheNextRepricingCancelItAgain() {
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
        SubmitOrder limit = out.last();
        accept(engine, limit);
        int i = 38;
        while (out.cancels.isEmpty() && i < TRADES.size()) {
            engine.tradeTick(TRADES.get(i++));
        }
        assertThat(out.cancels).as("a first re-pricing cancel within the sample").hasSize(1);
        long refusedAt = TRADES.get(i - 1).eventTimeNs();
        engine.cancelRejected(new io.aquatrade.common.CancelRejected().clientOrderId(limit.clientOrderId())
                .strategyId(ID).instrument("XRPETH").reasonCode(io.aquatrade.common.CancelRejectReason.UNKNOWN_ORDER)
                .reason("venue could not confirm the cancel").eventTimeNs(refusedAt));
        long expectedAt = 0;
        for (int k = i; k < TRADES.size() && expectedAt == 0; k++) {
            if (TRADES.get(k).eventTimeNs() - BAR_0010_NS >= DEADLINE_NS) {
                break;
            }
            if (TRADES.get(k).eventTimeNs() - limit.eventTimeNs() >= REPRICE_NS
                    && TRADES.get(k).price() != limit.limitPrice()) {
                expectedAt = TRADES.get(k).eventTimeNs();
            }
        }
        assertThat(expectedAt).as("a later price move before the deadline in the sample").isPositive();
        while (out.cancels.size() < 2 && i < TRADES.size() && TRADES.get(i).eventTimeNs() <= expectedAt) {
            engine.tradeTick(TRADES.get(i++));
        }
        assertThat(out.cancels).hasSize(2);
        assertThat(out.cancels.get(1).clientOrderId()).isEqualTo(limit.clientOrderId());
        assertThat(out.cancels.get(1).eventTimeNs()).isEqualTo(expectedAt);
    }

    /**
     * A restart after a limit exit's cancel was sent and confirmed but before its next order (the process stopped in
     * between): the rebuild sends the order the uninterrupted run sent, the re-priced limit after a re-pricing cancel
     * and the market order after the deadline's, with the same id, price, quantity and time, and the re-placed limit
     * is re-priced on the same trade; the exit's start, its last price and whether its cancel went at the deadline
     * come from the orders topic, the price from the last trade consumed before the restart.
     */
    @Test
    void aRestartBetweenACancelAndTheNextOrderSendsWhatTheUninterruptedRunSent() {
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
        // the venue accepts each limit and confirms each cancel at once; remember the trade that caused each cancel
        List<Integer> cancelTrades = new ArrayList<>();
        for (int i = 38; i < TRADES.size() && out.last().orderType() == OrderType.LIMIT; i++) {
            int cancels = out.cancels.size();
            accept(engine, out.last());
            engine.tradeTick(TRADES.get(i));
            if (out.cancels.size() > cancels) {
                cancelTrades.add(i);
                engine.orderCanceled(DecisionEngineOrderLifecycleTest.canceled(out.last(), 0,
                        TRADES.get(i).eventTimeNs()));
            }
        }
        assertThat(cancelTrades.size()).isGreaterThan(1);
        List<SubmitOrder> limits = out.orders.subList(1, out.orders.size() - 1);
        assertThat(limits).hasSize(cancelTrades.size()).allSatisfy(o -> assertThat(o.orderType())
                .isEqualTo(OrderType.LIMIT));

        for (int k : new int[] {0, cancelTrades.size() - 1}) { // the first re-pricing, and the deadline
            RecordingOrders out2 = new RecordingOrders();
            DecisionEngine second = new DecisionEngine(DecisionConfig.from(config), config, out2);
            second.replaying(true);
            second.restoreSentOrder(entry);
            for (int j = 0; j <= k; j++) {
                second.restoreSentOrder(limits.get(j));
                second.restoreSentCancel(out.cancels.get(j));
            }
            accept(second, entry);
            second.orderFilled(RouterLikeFills.fill(entry, price(23), 5, 10, "t1"));
            for (int j = 0; j <= k; j++) {
                accept(second, limits.get(j));
                second.orderCanceled(DecisionEngineOrderLifecycleTest.canceled(limits.get(j), 0,
                        TRADES.get(cancelTrades.get(j)).eventTimeNs()));
            }
            second.replaying(false);
            assertThat(second.primeMarket(TRADES.get(cancelTrades.get(k)))).isTrue(); // the last trade consumed
            second.rebuilt();
            SubmitOrder expected = out.orders.get(k + 2);
            assertThat(out2.orders).as("after cancel %d", k).singleElement().satisfies(o -> {
                assertThat(o.clientOrderId()).isEqualTo(expected.clientOrderId());
                assertThat(o.orderType()).isEqualTo(expected.orderType());
                assertThat(o.limitPrice()).isEqualTo(expected.limitPrice());
                assertThat(o.quantity()).isEqualTo(expected.quantity());
                assertThat(o.signalId()).isEqualTo(2);
                assertThat(o.eventTimeNs()).isEqualTo(expected.eventTimeNs());
            });
            assertThat(out2.cancels).isEmpty();
            if (k == 0) {
                // the re-placed limit keeps being re-priced as in the uninterrupted run: its cancel at the same trade
                accept(second, out2.last());
                int i = cancelTrades.get(0) + 1;
                while (out2.cancels.isEmpty()) {
                    second.tradeTick(TRADES.get(i++));
                }
                assertThat(i - 1).isEqualTo(cancelTrades.get(1));
                assertThat(out2.cancels.get(0).clientOrderId()).isEqualTo(out.cancels.get(1).clientOrderId());
            }
        }
        assertThat(out.last().orderType()).isEqualTo(OrderType.MARKET);
    }
}
