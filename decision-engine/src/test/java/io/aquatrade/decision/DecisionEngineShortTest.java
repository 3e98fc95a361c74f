package io.aquatrade.decision;

import static io.aquatrade.decision.DecisionEngineTest.BAR_0005_NS;
import static io.aquatrade.decision.DecisionEngineTest.BAR_0010_NS;
import static io.aquatrade.decision.DecisionEngineTest.TRADES;
import static io.aquatrade.decision.DecisionEngineTest.price;
import static io.aquatrade.decision.DecisionEngineTest.quote;
import static io.aquatrade.decision.DecisionEngineTest.signal;
import static io.aquatrade.decision.DecisionEngineTest.timeNs;
import static io.aquatrade.decision.DecisionEngineTest.trades;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.util.List;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.Direction;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.OrderRejected;
import io.aquatrade.common.OrderType;
import io.aquatrade.common.QuoteTick;
import io.aquatrade.common.Side;
import io.aquatrade.common.SubmitOrder;
import io.aquatrade.common.TradeTick;
import org.junit.jupiter.api.Test;

/**
 * Scenario tests of shorts, flatten-and-reverse, short stop-losses and marketable limit orders, on the real XRP/ETH
 * trades of 2019-10-11 (data/sample) as {@link DecisionEngineTest}: every size and amount is worked out by hand in
 * the comments, in mantissas (price 8 decimals, XRP size 0, ETH 8). Fills are built as the paper venue builds them
 * ({@link RouterLikeFills}: last trade +- 5 bps, fee 10 bps in ETH, rounded against the account).
 *
 * <p>Prices used: #23 0.00141192 (last before 00:05), #37 0.00141161 (last before 00:10), #44 0.00141428 (last
 * before 00:15), #38 0.00141327, #39 0.00141328.
 */
class DecisionEngineShortTest {
    static final String MA = "ma-cross";
    /** Shorts allowed, stops far away (a long's never triggers, a short's at twice its entry). */
    static final String REVERSING = "{id: ma-cross, capital: 1.0, orderFraction: 0.5, stopLossBps: 10000, "
            + "allowShort: true}";
    /** 2019-10-11 00:15:00 UTC. */
    static final long BAR_0015_NS = BAR_0010_NS + 300_000_000_000L;

    final RecordingOrders out = new RecordingOrders();

    DecisionEngine engine(String... strategies) {
        AquatradeConfig config = DecisionEngineTest.shared(strategies);
        return new DecisionEngine(DecisionConfig.from(config), config, out);
    }

    static void assertOrder(SubmitOrder o, String id, Side side, long quantity, long signalId, String reason,
                            long timeNs) {
        assertOrder(o, id, side, quantity, 0, signalId, reason, timeNs);
    }

    /** @param limitPrice 0 for a market order */
    static void assertOrder(SubmitOrder o, String id, Side side, long quantity, long limitPrice, long signalId,
                            String reason, long timeNs) {
        assertThat(o.clientOrderId()).isEqualTo(id);
        assertThat(o.strategyId()).isEqualTo(MA);
        assertThat(o.instrument()).isEqualTo("XRPETH");
        assertThat(o.side()).isEqualTo(side);
        assertThat(o.orderType()).isEqualTo(limitPrice > 0 ? OrderType.LIMIT : OrderType.MARKET);
        assertThat(o.quantity()).isEqualTo(quantity);
        assertThat(o.limitPrice()).isEqualTo(limitPrice);
        assertThat(o.signalId()).isEqualTo(signalId);
        assertThat(o.reason()).isEqualTo(reason);
        assertThat(o.eventTimeNs()).isEqualTo(timeNs);
    }

    static void assertPosition(Position p, long quantity, long avgEntryPrice, long costBasis, long realizedPnl) {
        assertThat(new long[] {p.quantity(), p.avgEntryPrice(), p.costBasis(), p.realizedPnl()})
                .containsExactly(quantity, avgEntryPrice, costBasis, realizedPnl);
    }

    /**
     * LONG at 00:05 (354 XRP bought at 0.00141263), then SHORT at 00:10: the long is sold, and once that sale is
     * filled, a short is sold. Returns with the short filled: -353 XRP at 0.00141090.
     */
    DecisionEngine longThenReversedToShort() {
        DecisionEngine engine = engine(REVERSING);
        trades(engine, 0, 24);
        engine.signal(signal(MA, 1, Direction.LONG, BAR_0005_NS, price(23)));
        // as DecisionEngineTest: 354 XRP; filled at 141263, notional 50007102, fee 50008
        engine.orderFilled(RouterLikeFills.fill(out.last(), price(23), 5, 10, "1"));
        trades(engine, 24, 38);

        engine.signal(signal(MA, 2, Direction.SHORT, BAR_0010_NS, price(37)));
        // first leg: sell the whole long, and nothing else yet
        assertThat(out.orders).hasSize(2);
        assertOrder(out.last(), "ma-cross-2", Side.SELL, 354, 2, "reverse", BAR_0010_NS);
        assertThat(engine.counters().reversals()).isEqualTo(1);
        assertThat(engine.outstandingOrders()).isEqualTo(1);

        // close filled at 141161 x 0.9995 = 141090.4195 -> 141090; 354 x 141090 = 49945860; fee 49945.86 -> 49946
        engine.orderFilled(RouterLikeFills.fill(out.last(), price(37), 5, 10, "2"));
        // ETH 49942890 + 49945860 - 49946 = 99838804; realised 49895914 - 50057110 = -161196
        // second leg, sized from the ledger after the close at the close's fill price:
        // 99838804 x 0.5 = 49919402; / 141090 = 353.8 -> 353; stamped with the close fill's time, signal 2
        assertThat(out.orders).hasSize(3);
        assertOrder(out.last(), "ma-cross-3", Side.SELL, 353, 2, "signal", BAR_0010_NS);
        assertThat(engine.ledger(MA).balance("ETH")).isEqualTo(99_838_804L);
        assertThat(engine.ledger(MA).balance("XRP")).isZero();
        assertPosition(engine.position(MA, "XRPETH"), 0, 0, 0, -161_196L);
        assertThat(engine.position(MA, "XRPETH").pendingOrderId()).isEqualTo("ma-cross-3");
        assertThat(engine.outstandingOrders()).isEqualTo(1);

        // the short fills at 141090 too: 353 x 141090 = 49804770, fee 49804.77 -> 49805
        engine.orderFilled(RouterLikeFills.fill(out.last(), price(37), 5, 10, "3"));
        return engine;
    }

    @Test
    void aShortSignalWhileLongSellsTheLongThenSellsShortSizedFromTheLedgerAfterTheClose() {
        DecisionEngine engine = longThenReversedToShort();

        // ETH 99838804 + 49804770 - 49805 = 149593769; XRP -353 (a margin short)
        assertThat(engine.ledger(MA).balance("ETH")).isEqualTo(149_593_769L);
        assertThat(engine.ledger(MA).balance("XRP")).isEqualTo(-35_300_000_000L);
        // cost basis: minus the proceeds net of the fee, -(49804770 - 49805)
        Position p = engine.position(MA, "XRPETH");
        assertPosition(p, -353, 141_090L, -49_754_965L, -161_196L);
        assertThat(p.isShort()).isTrue();
        assertThat(p.stopPrice()).isEqualTo(282_180L); // 10000 bps: twice the entry
        assertThat(p.pendingOrderId()).isNull();
        assertThat(engine.outstandingOrders()).isZero();
        assertThat(engine.counters().fillsApplied()).isEqualTo(3);

        engine.signal(signal(MA, 3, Direction.SHORT, BAR_0015_NS, price(44)));
        assertThat(engine.counters().alreadyShort()).isEqualTo(1);
        assertThat(out.orders).hasSize(3);
    }

    @Test
    void aLongSignalWhileShortBuysTheShortBackThenBuysLong() {
        DecisionEngine engine = longThenReversedToShort();
        trades(engine, 38, 45); // up to #44, 0.00141428: below the short's stop at twice the entry
        assertThat(out.orders).hasSize(3);

        engine.signal(signal(MA, 3, Direction.LONG, BAR_0015_NS, price(44)));
        assertOrder(out.last(), "ma-cross-4", Side.BUY, 353, 3, "reverse", BAR_0015_NS);
        // bought back at 141428 x 1.0005 = 141498.714 -> 141499; 353 x 141499 = 49949147; fee 49949.147 -> 49950
        engine.orderFilled(RouterLikeFills.fill(out.last(), price(44), 5, 10, "4"));
        // ETH 149593769 - 49949147 - 49950 = 99594672; realised on the short: -(49949147 + 49950) + 49754965
        // = -244132, in all -161196 - 244132 = -405328 = 99594672 - 100000000: the books balance
        assertThat(engine.ledger(MA).balance("ETH")).isEqualTo(99_594_672L);
        assertThat(engine.ledger(MA).balance("XRP")).isZero();
        assertThat(engine.position(MA, "XRPETH").realizedPnl()).isEqualTo(-405_328L)
                .isEqualTo(99_594_672L - 100_000_000L);
        // then the long: 99594672 x 0.5 = 49797336; / 141499 = 351.9 -> 351
        assertOrder(out.last(), "ma-cross-5", Side.BUY, 351, 3, "signal", BAR_0015_NS);

        engine.orderFilled(RouterLikeFills.fill(out.last(), price(44), 5, 10, "5"));
        // 351 x 141499 = 49666149; fee 49666.149 -> 49667; ETH 99594672 - 49715816 = 49878856
        assertThat(engine.ledger(MA).balance("ETH")).isEqualTo(49_878_856L);
        assertThat(engine.ledger(MA).balance("XRP")).isEqualTo(35_100_000_000L);
        assertPosition(engine.position(MA, "XRPETH"), 351, 141_499L, 49_715_816L, -405_328L);
        assertThat(engine.counters().reversals()).isEqualTo(2);
        assertThat(engine.counters().reversalsAbandoned()).isZero();
        assertThat(engine.outstandingOrders()).isZero();
    }

    @Test
    void flatBuysAShortBack() {
        DecisionEngine engine = longThenReversedToShort();
        trades(engine, 38, 45);
        engine.signal(signal(MA, 3, Direction.FLAT, BAR_0015_NS, price(44)));
        assertOrder(out.last(), "ma-cross-4", Side.BUY, 353, 3, "signal", BAR_0015_NS);
        engine.orderFilled(RouterLikeFills.fill(out.last(), price(44), 5, 10, "4"));
        assertThat(out.orders).hasSize(4); // nothing follows a plain exit
        assertPosition(engine.position(MA, "XRPETH"), 0, 0, 0, -405_328L);
        assertThat(engine.ledger(MA).balances()).containsExactly(
                org.assertj.core.api.Assertions.entry("ETH", 99_594_672L),
                org.assertj.core.api.Assertions.entry("XRP", 0L));
    }

    @Test
    void withShortsDisallowedAShortSignalOnlyFlattens() {
        DecisionEngine engine = engine("{id: ma-cross, capital: 1.0, orderFraction: 0.5, stopLossBps: 10000}");
        trades(engine, 0, 24);
        engine.signal(signal(MA, 1, Direction.SHORT, BAR_0005_NS, price(23)));
        assertThat(out.orders).isEmpty(); // flat stays flat
        engine.signal(signal(MA, 2, Direction.LONG, BAR_0005_NS, price(23)));
        engine.orderFilled(RouterLikeFills.fill(out.last(), price(23), 5, 10, "1"));
        trades(engine, 24, 38);

        engine.signal(signal(MA, 3, Direction.SHORT, BAR_0010_NS, price(37)));
        assertOrder(out.last(), "ma-cross-2", Side.SELL, 354, 3, "signal", BAR_0010_NS);
        engine.orderFilled(RouterLikeFills.fill(out.last(), price(37), 5, 10, "2"));
        assertThat(out.orders).hasSize(2); // no short after the sale
        assertThat(engine.position(MA, "XRPETH").isFlat()).isTrue();
        assertThat(engine.ledger(MA).balance("XRP")).isZero();
        assertThat(engine.ledger(MA).balance("ETH")).isEqualTo(99_838_804L);
        assertThat(engine.counters().shortNotAllowed()).isEqualTo(2);
        assertThat(engine.counters().reversals()).isZero();
    }

    @Test
    void aRejectedCloseAbandonsTheReversalAndARejectedShortEntryLeavesTheStrategyFlat() {
        DecisionEngine engine = engine(REVERSING);
        trades(engine, 0, 24);
        engine.signal(signal(MA, 1, Direction.LONG, BAR_0005_NS, price(23)));
        engine.orderFilled(RouterLikeFills.fill(out.last(), price(23), 5, 10, "1"));
        trades(engine, 24, 38);
        engine.signal(signal(MA, 2, Direction.SHORT, BAR_0010_NS, price(37)));
        engine.orderRejected(new OrderRejected().clientOrderId("ma-cross-2").strategyId(MA).instrument("XRPETH")
                .reason("no market price").eventTimeNs(BAR_0010_NS));
        assertThat(out.orders).hasSize(2);
        assertThat(engine.counters().reversalsAbandoned()).isEqualTo(1);
        assertThat(engine.position(MA, "XRPETH").quantity()).isEqualTo(354);
        assertThat(engine.outstandingOrders()).isZero();

        // again; this time the close fills but the venue refuses the short (a spot venue: no XRP to sell)
        engine.signal(signal(MA, 3, Direction.SHORT, BAR_0010_NS, price(37)));
        assertOrder(out.last(), "ma-cross-3", Side.SELL, 354, 3, "reverse", BAR_0010_NS);
        engine.orderFilled(RouterLikeFills.fill(out.last(), price(37), 5, 10, "3"));
        assertOrder(out.last(), "ma-cross-4", Side.SELL, 353, 3, "signal", BAR_0010_NS);
        engine.orderRejected(new OrderRejected().clientOrderId("ma-cross-4").strategyId(MA).instrument("XRPETH")
                .reason("insufficient balance: XRP").eventTimeNs(BAR_0010_NS));
        assertThat(engine.position(MA, "XRPETH").isFlat()).isTrue();
        assertThat(engine.ledger(MA).balance("ETH")).isEqualTo(99_838_804L);
        assertThat(engine.outstandingOrders()).isZero();
        assertThat(engine.counters().rejections()).isEqualTo(2);
        assertThat(engine.counters().reversalsAbandoned()).isEqualTo(1);
    }

    @Test
    void aShortEntryFromFlatIsSizedAtTheBidAndStoppedWhenTheAskRisesAboveTheStop() {
        DecisionEngine engine = engine("{id: ma-cross, capital: 1.0, orderFraction: 0.5, stopLossBps: 10, "
                + "allowShort: true}");
        trades(engine, 0, 38);
        // a book from the prices just before 00:10: best bid 141159 (the sell of #33), best ask 141161 (#34..#37)
        engine.quoteTick(quote(141_159L, 141_161L, timeNs(37)));
        engine.signal(signal(MA, 1, Direction.SHORT, BAR_0010_NS, price(37)));
        // 50000000 / 141159 (the bid) = 354.2 -> 354
        assertOrder(out.last(), "ma-cross-1", Side.SELL, 354, 1, "signal", BAR_0010_NS);
        engine.orderFilled(RouterLikeFills.fillAt(out.last(), 141_159L, 354, 10, "1", true)); // at the bid
        // floor(141159 x 1.001) = floor(141300.159) = 141300
        assertThat(engine.position(MA, "XRPETH").stopPrice()).isEqualTo(141_300L);

        trades(engine, 38, 40); // 141327 and 141328 are above the stop, but with a quote the mark is the ask
        engine.quoteTick(quote(141_159L, 141_300L, timeNs(39))); // ask at the stop: not above it
        assertThat(out.orders).hasSize(1);
        long liftNs = timeNs(39) + 1_000_000;
        engine.quoteTick(quote(141_300L, 141_328L, liftNs)); // the buys of #38 and #39 lifted the ask
        assertOrder(out.last(), "ma-cross-2", Side.BUY, 354, 0, "stop-loss", liftNs);
        assertThat(engine.counters().stopLosses()).isEqualTo(1);
    }

    @Test
    void withoutAQuoteTheShortStopFollowsTheLastTrade() {
        DecisionEngine engine = engine("{id: ma-cross, capital: 1.0, orderFraction: 0.5, stopLossBps: 50, "
                + "allowShort: true}");
        trades(engine, 0, 38);
        engine.signal(signal(MA, 1, Direction.SHORT, BAR_0010_NS, price(37)));
        // 50000000 / 141161 (last trade) = 354.2 -> 354; sold at 141090 (5 bps below, rounded down)
        assertOrder(out.last(), "ma-cross-1", Side.SELL, 354, 1, "signal", BAR_0010_NS);
        engine.orderFilled(RouterLikeFills.fill(out.last(), price(37), 5, 10, "1"));
        // floor(141090 x 1.005) = floor(141795.45) = 141795
        assertThat(engine.position(MA, "XRPETH").stopPrice()).isEqualTo(141_795L);

        // independent oracle: the first later trade above 0.00141090 x 1.005, in BigDecimal
        BigDecimal limit = new BigDecimal("0.00141090").multiply(new BigDecimal("1.005"));
        int expected = -1;
        for (int i = 38; i < TRADES.size() && expected < 0; i++) {
            if (BigDecimal.valueOf(price(i), 8).compareTo(limit) > 0) {
                expected = i;
            }
        }
        assertThat(expected).isGreaterThan(53); // #49 0.00141792 and #53 0.00141794 come close, not above
        for (int i = 38; i < TRADES.size() && out.orders.size() == 1; i++) {
            engine.tradeTick(TRADES.get(i));
        }
        assertOrder(out.last(), "ma-cross-2", Side.BUY, 354, 0, "stop-loss", timeNs(expected));

        // bought back at that trade + 5 bps; the books balance to the ETH mantissa
        OrderFilled cover = RouterLikeFills.fill(out.last(), price(expected), 5, 10, "2");
        engine.orderFilled(cover);
        // sold 354 x 141090 = 49945860 less fee 49946
        long expectedEth = 100_000_000L + 49_945_860L - 49_946L - cover.quoteQuantity() - cover.fee();
        assertThat(engine.ledger(MA).balance("ETH")).isEqualTo(expectedEth);
        assertThat(engine.ledger(MA).balance("XRP")).isZero();
        assertPosition(engine.position(MA, "XRPETH"), 0, 0, 0, expectedEth - 100_000_000L);
    }

    @Test
    void aLimitStrategyPricesEveryOrderThroughTheReferenceAndStopsGoAtMarket() {
        DecisionEngine engine = engine("{id: ma-cross, capital: 1.0, orderFraction: 0.5, stopLossBps: 0, "
                + "allowShort: true, orderType: limit, limitOffsetBps: 10}");
        trades(engine, 0, 24);
        engine.signal(signal(MA, 1, Direction.LONG, BAR_0005_NS, price(23)));
        // no quote: reference = last trade 141192; size as for a market order, 354;
        // limit ceil(141192 x 1.001) = ceil(141333.192) = 141334
        assertOrder(out.last(), "ma-cross-1", Side.BUY, 354, 141_334L, 1, "signal", BAR_0005_NS);
        // the paper venue fills a marketable limit at the market price: 141263, not the limit
        engine.orderFilled(RouterLikeFills.fill(out.last(), price(23), 5, 10, "1"));
        assertThat(engine.position(MA, "XRPETH").avgEntryPrice()).isEqualTo(141_263L);

        engine.tradeTick(TRADES.get(24)); // 141331: above the entry
        engine.tradeTick(TRADES.get(27)); // 141192 < 141263: the stop goes as a market order
        assertOrder(out.last(), "ma-cross-2", Side.SELL, 354, 0, 0, "stop-loss", timeNs(27));
        engine.orderFilled(RouterLikeFills.fill(out.last(), price(27), 5, 10, "2"));

        trades(engine, 28, 38);
        engine.quoteTick(quote(141_159L, 141_161L, timeNs(37)));
        engine.signal(signal(MA, 2, Direction.SHORT, BAR_0010_NS, price(37)));
        // ETH 99849767 (DecisionEngineTest's stop-loss round trip) x 0.5 = 49924883; / 141159 (bid) = 353.7 -> 353;
        // limit floor(141159 x 0.999) = floor(141017.841) = 141017
        assertOrder(out.last(), "ma-cross-3", Side.SELL, 353, 141_017L, 2, "signal", BAR_0010_NS);
        engine.orderFilled(RouterLikeFills.fillAt(out.last(), 141_159L, 353, 10, "3", true));

        engine.quoteTick(quote(141_150L, 141_155L, timeNs(37) + 1)); // ask below the entry: no stop
        engine.signal(signal(MA, 3, Direction.LONG, BAR_0010_NS + 1, price(37)));
        // the cover, limit ceil(141155 x 1.001) = ceil(141296.155) = 141297
        assertOrder(out.last(), "ma-cross-4", Side.BUY, 353, 141_297L, 3, "reverse", BAR_0010_NS + 1);
        engine.orderFilled(RouterLikeFills.fillAt(out.last(), 141_155L, 353, 10, "4", true));
        // the long's limit is through the cover's fill price: ceil(141155 x 1.001) = 141297 again
        assertThat(out.last().clientOrderId()).isEqualTo("ma-cross-5");
        assertThat(out.last().orderType()).isEqualTo(OrderType.LIMIT);
        assertThat(out.last().limitPrice()).isEqualTo(141_297L);
        assertThat(out.last().reason()).isEqualTo("signal");
    }

    @Test
    void aFillBeyondThePositionOpensTheRestOnTheOtherSide() {
        DecisionEngine engine = engine(REVERSING);
        trades(engine, 0, 24);
        engine.signal(signal(MA, 1, Direction.LONG, BAR_0005_NS, price(23)));
        engine.orderFilled(RouterLikeFills.fillAt(out.last(), 141_192L, 354, 10, "1", true));
        // 354 x 141192 = 49981968; fee 49981.968 -> 49982; basis 50031950
        // a sale of 500 this engine never sent (another client on the same account and strategy id)
        SubmitOrder foreign = new SubmitOrder().clientOrderId("manual-1").strategyId(MA).instrument("XRPETH")
                .side(Side.SELL).orderType(OrderType.MARKET).quantity(500).eventTimeNs(BAR_0005_NS);
        engine.orderFilled(RouterLikeFills.fillAt(foreign, 141_200L, 500, 10, "m1", true));
        // 500 x 141200 = 70600000; fee 70600; cashOut = 70600 - 70600000 = -70529400
        // closed part 354/500 of it, half-even: -49934815.2 -> -49934815; realised 49934815 - 50031950 = -97135
        // rest: 146 short at 141200, basis -70529400 + 49934815 = -20594585
        assertPosition(engine.position(MA, "XRPETH"), -146, 141_200L, -20_594_585L, -97_135L);
        assertThat(engine.ledger(MA).balance("XRP")).isEqualTo(-14_600_000_000L);
        assertThat(engine.counters().unknownOrderFills()).isEqualTo(1);
        // the books still balance: basis + ETH change = realised
        assertThat(engine.ledger(MA).balance("ETH") - 100_000_000L)
                .isEqualTo(-97_135L - (-20_594_585L));
    }

    @Test
    void theTickPathAllocatesNothingWithAShortOpen() {
        DecisionEngine engine = longThenReversedToShort();
        // the short's stop is at twice its entry: no recorded tick triggers it
        List<TradeTick> some = TRADES.subList(38, 5_038);
        QuoteTick quote = quote(141_300L, 141_400L, BAR_0010_NS);
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int warm = 0; warm < 3; warm++) {
            for (TradeTick t : some) {
                engine.tradeTick(t);
                engine.quoteTick(quote);
            }
        }
        long threadId = Thread.currentThread().getId();
        // the least of three passes: a JIT event can allocate a few KB once; an allocation per tick would show in
        // every pass (10,000 calls x at least 16 bytes)
        long allocated = Long.MAX_VALUE;
        for (int pass = 0; pass < 3; pass++) {
            long before = bean.getThreadAllocatedBytes(threadId);
            for (TradeTick t : some) {
                engine.tradeTick(t);
                engine.quoteTick(quote);
            }
            allocated = Math.min(allocated, bean.getThreadAllocatedBytes(threadId) - before);
        }
        assertThat(out.orders).hasSize(3);
        assertThat(allocated).isLessThan(4_096);
    }
}
