package io.aquatrade.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.BalanceUpdate;
import io.aquatrade.common.CancelOrder;
import io.aquatrade.common.CancelRejected;
import io.aquatrade.common.ExecutionListener;
import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.LiquiditySide;
import io.aquatrade.common.OrderAccepted;
import io.aquatrade.common.OrderCanceled;
import io.aquatrade.common.OrderExpired;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.OrderListener;
import io.aquatrade.common.OrderRejected;
import io.aquatrade.common.OrderType;
import io.aquatrade.common.PositionUpdate;
import io.aquatrade.common.QuoteTick;
import io.aquatrade.common.Side;
import io.aquatrade.common.SubmitOrder;
import io.aquatrade.common.TimeInForce;
import io.aquatrade.common.TradeTick;
import io.aquatrade.common.testing.SampleData;
import io.aquatrade.decision.DecisionConfig;
import io.aquatrade.decision.DecisionEngine;
import io.aquatrade.decision.Position;
import io.aquatrade.router.OrderRouter;
import io.aquatrade.router.RouterConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One book of account (issue 7): random sequences of orders over the sample's real XRP/ETH trades, and best bid/ask
 * quotes made of their prices, go through the real {@link OrderRouter} and its paper venue; every execution it writes
 * goes to the real {@link DecisionEngine}. After every fill the router's position and the engine's (quantity,
 * average entry price, cost basis, realised P&amp;L) are identical, and the engine's ledger has moved by exactly what
 * the router's balances moved. The cases cover market orders filled in one or two slices (a quote's size, then the
 * slipped level), GTC limits resting and filled in parts by later trades as maker, IOC and FOK limits, cancels, both
 * sides, shorts where the venue allows them, and fees in the quote asset, in the base asset ({@code feeAsset: base},
 * with its fallback to the quote asset) and in the received asset, with and without a {@code stepSize}.
 *
 * <p>Seeded {@link Random} (jqwik is not available here): each case's seed is in every assertion's description, and
 * {@code -Done-book.seed=N -Done-book.cases=1} replays one case.
 */
class OneBookPropertyTest {
    private static final String STRATEGY = "vwap-momentum";
    private static final String XRPETH = "XRPETH";
    private static final long MS = 1_000_000L;
    private static final String[] FEE_ASSETS = {"quote", "base", "received"};
    private static List<TradeTick> trades;

    @BeforeAll
    static void load() {
        trades = SampleData.xrpEthTrades();
    }

    /** What one case covered, summed over the cases to show the property was exercised, not met vacuously. */
    private static final class Coverage {
        final Map<String, Integer> counts = new TreeMap<>();

        void count(String what) {
            counts.merge(what, 1, Integer::sum);
        }

        int get(String what) {
            return counts.getOrDefault(what, 0);
        }
    }

    @Test
    void theRoutersAndTheDecisionEnginesPositionsAndPnlAreIdenticalAfterEveryFill() throws Exception {
        long firstSeed = Long.getLong("one-book.seed", 20261203L);
        int cases = Integer.getInteger("one-book.cases", 120);
        Coverage coverage = new Coverage();
        for (int i = 0; i < cases; i++) {
            runCase(firstSeed + i, coverage);
        }
        if (cases > 1) {
            System.out.println("one book, " + cases + " cases from seed " + firstSeed + ": " + coverage.counts);
            assertThat(coverage.get("fill")).isGreaterThan(3_000);
            for (String asset : new String[] {"XRP", "ETH"}) {
                assertThat(coverage.get("fee " + asset)).as("fills with the fee in %s", asset).isGreaterThan(300);
            }
            assertThat(coverage.get("base-fee sell")).as("sells paying their fee in XRP").isPositive();
            assertThat(coverage.get("partial")).as("fills leaving part of their order").isGreaterThan(300);
            assertThat(coverage.get("maker")).as("resting limits filled by later trades").isGreaterThan(100);
            assertThat(coverage.get("capped")).as("longs held below their fills by base fees").isGreaterThan(100);
            assertThat(coverage.get("short")).as("fills leaving a short").isGreaterThan(50);
            assertThat(coverage.get("reduce")).as("fills reducing a position").isGreaterThan(300);
            assertThat(coverage.get("flat")).as("fills closing a position").isGreaterThan(20);
        }
    }

    private static AquatradeConfig config(String feeAsset, boolean stepped, boolean shorts, long xrp)
            throws Exception {
        String yaml = Files.readString(SampleData.projectRoot().resolve("config/aquatrade.yaml"));
        String[][] edits = {
                {"makerFeeBps: 10", "makerFeeBps: 2\n    feeAsset: " + feeAsset},
                {"balances: {ETH: 1.0, XRP: 0}", "balances: {ETH: 100, XRP: " + xrp + "}"
                        + (shorts ? "\n    allowShort: true\n    maxShortNotional: 5" : "")},
                {"sizeDecimals: 0}", "sizeDecimals: 0" + (stepped ? ", filters: {stepSize: 10}" : "") + "}"},
        };
        for (String[] e : edits) {
            assertThat(yaml).contains(e[0]);
            yaml = yaml.replace(e[0], e[1]);
        }
        return AquatradeConfig.parse(Path.of("one-book.yaml"), yaml);
    }

    private static void runCase(long seed, Coverage coverage) throws Exception {
        Random random = new Random(seed);
        String feeAsset = FEE_ASSETS[random.nextInt(FEE_ASSETS.length)];
        boolean stepped = random.nextInt(3) == 0;
        boolean shorts = random.nextBoolean();
        long startXrp = random.nextBoolean() ? 0 : 2_000;
        AquatradeConfig config = config(feeAsset, stepped, shorts, startXrp);
        long step = stepped ? 10 : 1;
        String where = "seed " + seed + " (feeAsset " + feeAsset + (stepped ? ", stepSize 10" : "")
                + (shorts ? ", shorts" : "") + ", XRP " + startXrp + ")";

        List<Object> engineOut = new ArrayList<>();
        OrderListener toNowhere = new OrderListener() {
            @Override
            public void submitOrder(SubmitOrder o) {
                engineOut.add(o.deepCopy());
            }

            @Override
            public void cancelOrder(CancelOrder c) {
                engineOut.add(c.deepCopy());
            }
        };
        DecisionEngine engine = new DecisionEngine(DecisionConfig.from(config), config, toNowhere);
        long capital = engine.ledger(STRATEGY).balance("ETH");
        OrderRouter[] router = new OrderRouter[1];
        long[] fillNo = {0};
        ExecutionListener executions = new ExecutionListener() {
            @Override
            public void orderAccepted(OrderAccepted a) {
                engine.orderAccepted(a);
            }

            @Override
            public void orderRejected(OrderRejected r) {
                engine.orderRejected(r);
            }

            @Override
            public void orderFilled(OrderFilled f) {
                long before = engine.position(STRATEGY, XRPETH).quantity();
                engine.orderFilled(f);
                fillNo[0]++;
                assertThat(f.fillQuantity() % step).as("fill %d in whole steps, %s", fillNo[0], where).isZero();
                count(coverage, f, before, engine.position(STRATEGY, XRPETH).quantity(), step);
                compare(router[0], engine, capital, where + " fill " + fillNo[0] + " " + f.tradeId());
            }

            @Override
            public void orderCanceled(OrderCanceled c) {
                engine.orderCanceled(c);
            }

            @Override
            public void orderExpired(OrderExpired e) {
                engine.orderExpired(e);
            }

            @Override
            public void cancelRejected(CancelRejected r) {
                engine.cancelRejected(r);
            }

            @Override
            public void balanceUpdate(BalanceUpdate balance) {
                engine.balanceUpdate(balance);
            }

            @Override
            public void positionUpdate(PositionUpdate position) {
                engine.positionUpdate(position);
                // the router's own report of the position says the same as the engine's book
                Position p = engine.position(STRATEGY, XRPETH);
                assertThat(new long[] {position.quantity(), position.costBasis(), position.realizedPnl()})
                        .as("PositionUpdate after fill %d, %s", fillNo[0], where)
                        .containsExactly(p.quantity(), p.costBasis(), p.realizedPnl());
            }
        };
        router[0] = new OrderRouter(RouterConfig.from(config), config, executions);
        router[0].start();

        int at = random.nextInt(trades.size() - 5_000);
        List<String> resting = new ArrayList<>();
        int orders = 30 + random.nextInt(30);
        for (int n = 1; n <= orders; n++) {
            // the market moves on by a few real trades; resting limits fill from them
            int moves = 1 + random.nextInt(25);
            for (int k = 0; k < moves; k++) {
                router[0].tradeTick(trades.get(at++));
            }
            TradeTick last = trades.get(at - 1);
            long timeNs = last.eventTimeNs() + MS;
            QuoteTick quote = random.nextInt(3) == 0 ? null : quoteFromTrades(at, random, timeNs - MS / 2);
            if (quote != null) {
                router[0].quoteTick(quote);
            }
            if (!resting.isEmpty() && random.nextInt(6) == 0) {
                String id = resting.remove(random.nextInt(resting.size()));
                router[0].cancelOrder(new CancelOrder().clientOrderId(id).strategyId(STRATEGY).instrument(XRPETH)
                        .reason("test").eventTimeNs(timeNs));
                continue;
            }
            Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
            long quantity = step * (1 + random.nextInt(step == 1 ? 600 : 60));
            long held = engine.position(STRATEGY, XRPETH).quantity();
            if (held != 0 && random.nextInt(4) == 0) { // close the whole position, as an exit would
                side = held > 0 ? Side.SELL : Side.BUY;
                quantity = Math.abs(held) - Math.abs(held) % step;
                if (quantity == 0) {
                    continue;
                }
            }
            String id = "t-" + n;
            SubmitOrder order = new SubmitOrder().clientOrderId(id).strategyId(STRATEGY).instrument(XRPETH)
                    .side(side).quantity(quantity).reason("property").eventTimeNs(timeNs);
            int kind = random.nextInt(10);
            long reference = last.price();
            if (kind < 5) {
                order.orderType(OrderType.MARKET).timeInForce(TimeInForce.IOC);
            } else {
                // a limit within +-0.3 % of the last trade: marketable or resting, some of it fills later
                long offset = reference * (random.nextInt(61) - 30) / 10_000;
                order.orderType(OrderType.LIMIT).limitPrice(reference + offset)
                        .timeInForce(kind < 8 ? TimeInForce.GTC : kind == 8 ? TimeInForce.IOC : TimeInForce.FOK);
                if (kind < 8) {
                    resting.add(id);
                }
            }
            router[0].submitOrder(order);
        }
        // the rest of the market for the orders still resting
        for (int k = 0; k < 2_000; k++) {
            router[0].tradeTick(trades.get(at++));
        }
        compare(router[0], engine, capital, where + " at the end");
        assertThat(engineOut).as("orders the engine sent itself, %s", where).isEmpty();
    }

    /**
     * A best bid/ask of real prices: the latest price a seller hit and the latest a buyer lifted among the 200 trades
     * before {@code at}, each side a random size (so a market order may take two slices); null if they cross.
     */
    private static QuoteTick quoteFromTrades(int at, Random random, long timeNs) {
        long bid = 0;
        long ask = 0;
        for (int i = Math.max(0, at - 200); i < at; i++) {
            TradeTick t = trades.get(i);
            if (t.aggressorSide() == Side.SELL) {
                bid = t.price();
            } else {
                ask = t.price();
            }
        }
        if (bid <= 0 || ask <= bid) {
            return null;
        }
        return new QuoteTick().instrument(XRPETH).bidPrice(bid).bidSize(1 + random.nextInt(400)).askPrice(ask)
                .askSize(1 + random.nextInt(400)).eventTimeNs(timeNs);
    }

    private static void count(Coverage coverage, OrderFilled f, long before, long after, long step) {
        coverage.count("fill");
        coverage.count("fee " + f.feeAsset());
        if (f.side() == Side.SELL && "XRP".equals(f.feeAsset())) {
            coverage.count("base-fee sell");
        }
        if (f.leavesQuantity() > 0) {
            coverage.count("partial");
        }
        if (f.liquiditySide() == LiquiditySide.MAKER) {
            coverage.count("maker");
        }
        if (after < 0) {
            coverage.count("short");
        }
        if (before != 0 && (f.side() == Side.BUY) != (before > 0)) {
            coverage.count("reduce");
            if (after == 0) {
                coverage.count("flat");
            }
        }
        long signed = f.side() == Side.BUY ? f.fillQuantity() : -f.fillQuantity();
        if (after > 0 && after < before + signed) {
            coverage.count("capped");
        }
    }

    /**
     * The router's position equals the engine's, field by field, and the engine's ledger moved from its capital
     * exactly as the router's account moved from its starting balances (one strategy trades here).
     */
    private static void compare(OrderRouter router, DecisionEngine engine, long capital, String where) {
        io.aquatrade.router.Position r = router.position(STRATEGY, XRPETH);
        Position d = engine.position(STRATEGY, XRPETH);
        long[] routerBook = r == null ? new long[4]
                : new long[] {r.quantity(), r.avgEntryPrice(), r.costBasis(), r.realizedPnl()};
        assertThat(routerBook).as("router (quantity, avg entry price, cost basis, realised) vs engine, %s", where)
                .containsExactly(d.quantity(), d.avgEntryPrice(), d.costBasis(), d.realizedPnl());
        assertThat(engine.ledger(STRATEGY).balance("ETH") - capital).as("ETH moved, %s", where)
                .isEqualTo(router.balance("ETH") - FixedPoint.fromBigDecimal(new BigDecimal(100), 8));
        long startXrp = where.contains("XRP 2000") ? FixedPoint.fromBigDecimal(new BigDecimal(2_000), 8) : 0;
        assertThat(engine.ledger(STRATEGY).balance("XRP")).as("XRP moved, %s", where)
                .isEqualTo(router.balance("XRP") - startXrp);
        // the book's identity: what is realised plus what is still in the position is the cash that came in
        assertThat(d.realizedPnl() - d.costBasis()).as("realised - cost basis = ETH in - ETH out, %s", where)
                .isEqualTo(engine.ledger(STRATEGY).balance("ETH") - capital);
    }
}
