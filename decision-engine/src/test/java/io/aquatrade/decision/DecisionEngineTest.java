package io.aquatrade.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.Direction;
import io.aquatrade.common.OrderAccepted;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.OrderRejected;
import io.aquatrade.common.OrderType;
import io.aquatrade.common.QuoteTick;
import io.aquatrade.common.Side;
import io.aquatrade.common.Signal;
import io.aquatrade.common.SubmitOrder;
import io.aquatrade.common.TradeTick;
import io.aquatrade.common.testing.SampleData;
import org.junit.jupiter.api.Test;

/**
 * Scenario tests: real XRP/ETH trades of 2019-10-11 (data/sample) and signals at real 5-minute bar closes, fed
 * straight into the engine; every expected size and amount is worked out by hand in the comments, in mantissas
 * (price 8 decimals, XRP size 0 decimals, ETH 8 decimals).
 *
 * <p>Trades used: #23 at 00:04:50.867 is 0.00141192 (the last before 00:05:00); #24..#26 are 0.00141331,
 * 0.00141469, 0.00141331; #27 at 00:05:40.290 is 0.00141192; #28 at 00:07:48.897 is 0.00141179; #37 is 0.00141161
 * (the last before 00:10:00).
 */
class DecisionEngineTest {
    static final List<TradeTick> TRADES = SampleData.xrpEthTrades();
    static final String ID = "vwap-momentum";
    static final String DEFAULT_STRATEGY = "{id: vwap-momentum, capital: 1.0, orderFraction: 0.5, stopLossBps: 0}";
    /** 2019-10-11 00:05:00 UTC: close of the first 5m bar of the sample. */
    static final long BAR_0005_NS = 1_570_752_300_000_000_000L;
    /** 2019-10-11 00:10:00 UTC. */
    static final long BAR_0010_NS = 1_570_752_600_000_000_000L;

    final RecordingOrders out = new RecordingOrders();

    static AquatradeConfig shared(String... strategies) {
        StringBuilder yaml = new StringBuilder("""
                instruments:
                  - {symbol: XRPETH, base: XRP, quote: ETH, priceDecimals: 8, sizeDecimals: 0}
                assets: {XRP: 8, ETH: 8}
                decision-engine:
                  strategies:
                """);
        for (String s : strategies) {
            yaml.append("    - ").append(s).append('\n');
        }
        return AquatradeConfig.parse(Path.of("test.yaml"), yaml.toString());
    }

    DecisionEngine engine(String... strategies) {
        AquatradeConfig config = shared(strategies);
        return new DecisionEngine(DecisionConfig.from(config), config, out);
    }

    static long timeNs(int trade) {
        return TRADES.get(trade).eventTimeNs();
    }

    static long price(int trade) {
        return TRADES.get(trade).price();
    }

    /** Feeds trades [from, to). */
    static void trades(DecisionEngine engine, int from, int to) {
        for (int i = from; i < to; i++) {
            engine.tradeTick(TRADES.get(i));
        }
    }

    static Signal signal(long id, Direction direction, long timeNs, long price) {
        return signal(ID, id, direction, timeNs, price);
    }

    static Signal signal(String strategy, long id, Direction direction, long timeNs, long price) {
        return new Signal().signalId(id).strategyId(strategy).instrument("XRPETH").direction(direction)
                .timeframeMs(300_000).barOpenTimeNs(timeNs - 300_000_000_000L).price(price).reason("test")
                .eventTimeNs(timeNs);
    }

    static QuoteTick quote(long bid, long ask, long timeNs) {
        return new QuoteTick().instrument("XRPETH").bidPrice(bid).bidSize(100).askPrice(ask).askSize(100)
                .eventTimeNs(timeNs);
    }

    static void assertOrder(SubmitOrder o, String id, Side side, long quantity, long signalId, String reason,
                            long timeNs) {
        assertThat(o.clientOrderId()).isEqualTo(id);
        assertThat(o.strategyId()).isEqualTo(ID);
        assertThat(o.instrument()).isEqualTo("XRPETH");
        assertThat(o.side()).isEqualTo(side);
        assertThat(o.orderType()).isEqualTo(OrderType.MARKET);
        assertThat(o.quantity()).isEqualTo(quantity);
        assertThat(o.limitPrice()).isZero();
        assertThat(o.signalId()).isEqualTo(signalId);
        assertThat(o.reason()).isEqualTo(reason);
        assertThat(o.eventTimeNs()).isEqualTo(timeNs);
    }

    /**
     * The venue accepts an order (at the order's time): a working order, which never times out however long it
     * stays unfilled.
     */
    static void accept(DecisionEngine engine, SubmitOrder o) {
        engine.orderAccepted(new OrderAccepted().clientOrderId(o.clientOrderId())
                .venueOrderId("paper-" + o.clientOrderId()).strategyId(o.strategyId()).instrument(o.instrument())
                .eventTimeNs(o.eventTimeNs()));
    }

    /** Trades #0..#23, then LONG at the 00:05 bar close: order 1 is a buy of 354 XRP. */
    DecisionEngine longAt0005() {
        DecisionEngine engine = engine(DEFAULT_STRATEGY);
        trades(engine, 0, 24);
        engine.signal(signal(1, Direction.LONG, BAR_0005_NS, price(23)));
        return engine;
    }

    @Test
    void theSampleTradesAreTheOnesTheHandComputationsUse() {
        assertThat(TRADES).hasSize(12_477);
        assertThat(new long[]{price(23), price(24), price(25), price(26), price(27), price(28), price(37)})
                .containsExactly(141192, 141331, 141469, 141331, 141192, 141179, 141161);
        assertThat(timeNs(23)).isLessThan(BAR_0005_NS);
        assertThat(timeNs(24)).isGreaterThan(BAR_0005_NS);
        assertThat(timeNs(37)).isLessThan(BAR_0010_NS);
        assertThat(timeNs(38)).isGreaterThan(BAR_0010_NS);
    }

    @Test
    void longSignalBuysTheOrderFractionOfTheQuoteBalanceAtTheLastTradePrice() {
        DecisionEngine engine = longAt0005();

        // budget = 1.00000000 ETH x 0.5 = 50000000; 50000000 / 141192 = 354.13 -> 354 XRP
        // (354 x 141192 = 49981968 <= 50000000 < 355 x 141192 = 50123160)
        assertThat(out.orders).hasSize(1);
        assertOrder(out.last(), "vwap-momentum-1", Side.BUY, 354, 1, "signal", BAR_0005_NS);
        assertThat(engine.outstandingOrders()).isEqualTo(1);
        assertThat(engine.position(ID, "XRPETH").pendingOrderId()).isEqualTo("vwap-momentum-1");
        assertThat(engine.counters().signalsSeen()).isEqualTo(1);
        assertThat(engine.counters().ordersSent()).isEqualTo(1);
        assertThat(engine.orderCounter(ID)).isEqualTo(1);
        // nothing is booked before the fill
        assertThat(engine.ledger(ID).balance("ETH")).isEqualTo(100_000_000L);
        assertThat(engine.position(ID, "XRPETH").isFlat()).isTrue();
    }

    @Test
    void aFillIsBookedExactlyIntoTheLedgerAndThePosition() {
        DecisionEngine engine = longAt0005();
        // paper venue: 141192 x 1.0005 = 141262.596 -> 141263 (up for a buy); 354 x 141263 = 50007102;
        // fee 10 bps of 50007102 = 50007.102 -> 50008 ETH mantissa
        OrderFilled fill = RouterLikeFills.fill(out.last(), price(23), 5, 10, "1");
        assertThat(fill.fillPrice()).isEqualTo(141263);
        assertThat(fill.quoteQuantity()).isEqualTo(50_007_102L);
        assertThat(fill.fee()).isEqualTo(50_008L);

        engine.orderFilled(fill);

        // ETH 100000000 - 50007102 - 50008 = 49942890; XRP 354 at 8 decimals
        assertThat(engine.ledger(ID).balance("ETH")).isEqualTo(49_942_890L);
        assertThat(engine.ledger(ID).balance("XRP")).isEqualTo(35_400_000_000L);
        Position p = engine.position(ID, "XRPETH");
        assertThat(p.quantity()).isEqualTo(354);
        assertThat(p.avgEntryPrice()).isEqualTo(141263);
        assertThat(p.costBasis()).isEqualTo(50_057_110L);
        assertThat(p.stopPrice()).isEqualTo(141263);
        assertThat(p.pendingOrderId()).isNull();
        assertThat(engine.outstandingOrders()).isZero();
    }

    @Test
    void stopLossSellsTheWholePositionAtTheFirstTradeBelowTheEntryPrice() {
        DecisionEngine engine = longAt0005();
        engine.orderFilled(RouterLikeFills.fill(out.last(), price(23), 5, 10, "1"));

        trades(engine, 24, 27); // 141331, 141469, 141331: all at or above the entry 141263
        assertThat(out.orders).hasSize(1);
        engine.tradeTick(TRADES.get(27)); // 141192 < 141263
        assertThat(out.orders).hasSize(2);
        assertOrder(out.last(), "vwap-momentum-2", Side.SELL, 354, 0, "stop-loss", timeNs(27));
        assertThat(engine.counters().stopLosses()).isEqualTo(1);

        accept(engine, out.last()); // working at the venue (2 minutes pass before the next trade)
        engine.tradeTick(TRADES.get(28)); // 141179, still below, but the stop order is outstanding
        assertThat(out.orders).hasSize(2);

        // sell at 141192 x 0.9995 = 141121.404 -> 141121; 354 x 141121 = 49956834; fee 49956.834 -> 49957
        engine.orderFilled(RouterLikeFills.fill(out.last(), price(27), 5, 10, "2"));
        // ETH 49942890 + 49956834 - 49957 = 99849767; realised 49906877 - 50057110 = -150233
        assertThat(engine.ledger(ID).balance("ETH")).isEqualTo(99_849_767L);
        assertThat(engine.ledger(ID).balance("XRP")).isZero();
        Position p = engine.position(ID, "XRPETH");
        assertThat(p.isFlat()).isTrue();
        assertThat(p.realizedPnl()).isEqualTo(-150_233L);
        assertThat(p.costBasis()).isZero();
        assertThat(engine.outstandingOrders()).isZero();

        trades(engine, 28, 38);
        assertThat(out.orders).hasSize(2);
        // the next entry sizes from the new balance: 99849767 x 0.5 = 49924883.5 -> 49924883;
        // / 141161 (trade #37) = 353.67 -> 353
        engine.signal(signal(2, Direction.LONG, BAR_0010_NS, price(37)));
        assertOrder(out.last(), "vwap-momentum-3", Side.BUY, 353, 2, "signal", BAR_0010_NS);
    }

    @Test
    void theStopTriggersOnlyStrictlyBelowTheEntryPrice() {
        DecisionEngine engine = longAt0005();
        // a fill without slippage, at 141192 exactly
        engine.orderFilled(RouterLikeFills.fillAt(out.last(), 141192, 354, 10, "1", true));
        assertThat(engine.position(ID, "XRPETH").stopPrice()).isEqualTo(141192);

        trades(engine, 24, 28); // #27 trades at 141192: equal to the entry, not below
        assertThat(out.orders).hasSize(1);
        engine.tradeTick(TRADES.get(28)); // 141179
        assertOrder(out.last(), "vwap-momentum-2", Side.SELL, 354, 0, "stop-loss", timeNs(28));
    }

    @Test
    void stopLossBpsMovesTheStopBelowTheEntry() {
        DecisionEngine engine = engine("{id: vwap-momentum, capital: 1.0, orderFraction: 0.5, stopLossBps: 50}");
        trades(engine, 0, 24);
        engine.signal(signal(1, Direction.LONG, BAR_0005_NS, price(23)));
        engine.orderFilled(RouterLikeFills.fill(out.last(), price(23), 5, 10, "1"));
        // ceil(141263 x 0.995) = ceil(140556.685) = 140557
        assertThat(engine.position(ID, "XRPETH").stopPrice()).isEqualTo(140_557);

        // independent oracle: the first later trade below 0.00141263 x 0.995, in BigDecimal
        BigDecimal limit = new BigDecimal("0.00141263").multiply(new BigDecimal("0.995"));
        int expected = -1;
        for (int i = 24; i < TRADES.size() && expected < 0; i++) {
            if (BigDecimal.valueOf(price(i), 8).compareTo(limit) < 0) {
                expected = i;
            }
        }
        assertThat(expected).isEqualTo(1060); // 0.00140541, 2019-10-11 04:44:42.781 UTC

        for (int i = 24; i < TRADES.size() && out.orders.size() == 1; i++) {
            engine.tradeTick(TRADES.get(i));
        }
        assertOrder(out.last(), "vwap-momentum-2", Side.SELL, 354, 0, "stop-loss", timeNs(1060));
    }

    @Test
    void theAskIsTheReferencePriceAndTheBidTheMarkWhenAQuoteIsKnown() {
        DecisionEngine engine = engine(DEFAULT_STRATEGY);
        trades(engine, 0, 24);
        // a quote from the prices around the bar close: best bid 141192 (the sells of #20..#23), best ask 141331
        // (the buys of #24 and #26)
        engine.quoteTick(quote(141192, 141331, BAR_0005_NS - 1_000_000));
        engine.signal(signal(1, Direction.LONG, BAR_0005_NS, price(23)));
        // 50000000 / 141331 = 353.78 -> 353 (not the 354 the last trade price would give)
        assertOrder(out.last(), "vwap-momentum-1", Side.BUY, 353, 1, "signal", BAR_0005_NS);

        engine.orderFilled(RouterLikeFills.fillAt(out.last(), 141331, 353, 10, "1", true)); // filled at the ask
        assertThat(engine.position(ID, "XRPETH").stopPrice()).isEqualTo(141331);
        engine.quoteTick(quote(141331, 141469, timeNs(24))); // the book moves up with the buys of #24 and #25
        trades(engine, 24, 29); // #27 = 141192 and #28 = 141179 are below the entry, but the mark is the bid, 141331
        assertThat(out.orders).hasSize(1);
        long dropNs = timeNs(28) + 1_000_000;
        engine.quoteTick(quote(141179, 141266, dropNs));
        assertOrder(out.last(), "vwap-momentum-2", Side.SELL, 353, 0, "stop-loss", dropNs);
    }

    @Test
    void theSignalPriceIsTheReferenceWhenNoMarketDataIsKnown() {
        DecisionEngine engine = engine(DEFAULT_STRATEGY);
        engine.signal(signal(1, Direction.LONG, BAR_0005_NS, price(23)));
        assertOrder(out.last(), "vwap-momentum-1", Side.BUY, 354, 1, "signal", BAR_0005_NS);
    }

    @Test
    void anEntryOfLessThanOneLotIsSkippedAndCounted() {
        // 0.0001 ETH x 0.5 = 5000; 5000 / 141192 = 0.035 -> 0 XRP
        DecisionEngine engine = engine("{id: vwap-momentum, capital: 0.0001, orderFraction: 0.5}");
        trades(engine, 0, 24);
        engine.signal(signal(1, Direction.LONG, BAR_0005_NS, price(23)));
        assertThat(out.orders).isEmpty();
        assertThat(engine.counters().skippedZeroQuantity()).isEqualTo(1);
        assertThat(engine.outstandingOrders()).isZero();
    }

    @Test
    void noOrderIsSentWhileOneIsOutstanding() {
        DecisionEngine engine = longAt0005();
        accept(engine, out.last()); // working at the venue while the next 5 minutes of trades pass
        trades(engine, 24, 38);
        engine.signal(signal(2, Direction.FLAT, BAR_0010_NS, price(37)));
        engine.signal(signal(3, Direction.LONG, BAR_0010_NS, price(37)));
        assertThat(out.orders).hasSize(1);
        assertThat(engine.counters().skippedOutstanding()).isEqualTo(2);

        engine.orderFilled(RouterLikeFills.fillAt(out.orders.get(0), 141161, 354, 10, "1", true));
        engine.signal(signal(4, Direction.FLAT, BAR_0010_NS + 300_000_000_000L, price(44)));
        assertOrder(out.last(), "vwap-momentum-2", Side.SELL, 354, 4, "signal", BAR_0010_NS + 300_000_000_000L);
    }

    @Test
    void aReplayedFillIsBookedOnce() {
        DecisionEngine engine = longAt0005();
        OrderFilled fill = RouterLikeFills.fill(out.last(), price(23), 5, 10, "1");
        engine.orderFilled(fill);
        engine.orderFilled(fill);
        assertThat(engine.ledger(ID).balance("ETH")).isEqualTo(49_942_890L);
        assertThat(engine.position(ID, "XRPETH").quantity()).isEqualTo(354);
        assertThat(engine.counters().fillsApplied()).isEqualTo(1);
        assertThat(engine.counters().duplicateFills()).isEqualTo(1);
    }

    @Test
    void aReplayedSignalDoesNotSendAgain() {
        DecisionEngine engine = longAt0005();
        engine.orderFilled(RouterLikeFills.fill(out.last(), price(23), 5, 10, "1"));
        trades(engine, 24, 28); // stop-loss at #27
        engine.orderFilled(RouterLikeFills.fill(out.last(), price(27), 5, 10, "2"));
        assertThat(engine.position(ID, "XRPETH").isFlat()).isTrue();

        Signal again = signal(1, Direction.LONG, BAR_0005_NS, price(23));
        engine.signal(again); // flat and idle: only the id tells it was acted on
        assertThat(out.orders).hasSize(2);
        assertThat(engine.counters().duplicateSignals()).isEqualTo(1);

        engine.signal(signal(2, Direction.LONG, BAR_0010_NS, price(37)));
        assertThat(out.orders).hasSize(3);
        assertThat(out.last().clientOrderId()).isEqualTo("vwap-momentum-3");
    }

    @Test
    void anEngineRestoredFromItsOrdersAndExecutionsContinuesWhereTheFirstStopped() {
        DecisionEngine first = longAt0005();
        OrderFilled buy = RouterLikeFills.fill(out.last(), price(23), 5, 10, "1");
        first.orderFilled(buy);
        trades(first, 24, 28);
        OrderFilled sell = RouterLikeFills.fill(out.last(), price(27), 5, 10, "2");
        first.orderFilled(sell);
        trades(first, 28, 38);
        first.signal(signal(2, Direction.LONG, BAR_0010_NS, price(37))); // order 3, not yet filled
        List<SubmitOrder> sent = List.copyOf(out.orders);
        assertThat(sent).extracting(SubmitOrder::clientOrderId)
                .containsExactly("vwap-momentum-1", "vwap-momentum-2", "vwap-momentum-3");

        RecordingOrders out2 = new RecordingOrders();
        AquatradeConfig config = shared(DEFAULT_STRATEGY);
        DecisionEngine second = new DecisionEngine(DecisionConfig.from(config), config, out2);
        sent.forEach(second::restoreSentOrder);
        second.orderFilled(buy);
        second.orderFilled(sell);

        assertThat(second.orderCounter(ID)).isEqualTo(3);
        assertThat(second.outstandingOrders()).isEqualTo(1);
        assertThat(second.outstandingOrderIds()).containsExactly("vwap-momentum-3");
        assertThat(second.ledger(ID).balances()).isEqualTo(first.ledger(ID).balances());
        assertThat(second.position(ID, "XRPETH").realizedPnl()).isEqualTo(-150_233L);

        second.signal(signal(2, Direction.LONG, BAR_0010_NS, price(37))); // the signal behind order 3, again
        assertThat(out2.orders).isEmpty();
        assertThat(second.counters().duplicateSignals()).isEqualTo(1);

        // order 3 fills: 353 at 141161 x 1.0005 = 141231.58 -> 141232
        second.orderFilled(RouterLikeFills.fill(sent.get(2), price(37), 5, 10, "3"));
        assertThat(second.position(ID, "XRPETH").quantity()).isEqualTo(353);
        second.tradeTick(TRADES.get(38)); // 141327, above
        second.tradeTick(TRADES.get(40)); // 141226 < 141232: stop-loss, numbered after the restored orders
        assertThat(out2.orders).hasSize(1);
        assertThat(out2.last().clientOrderId()).isEqualTo("vwap-momentum-4");
        assertThat(out2.last().reason()).isEqualTo("stop-loss");
    }

    @Test
    void aRejectionClearsTheOutstandingOrder() {
        DecisionEngine engine = longAt0005();
        engine.orderRejected(new OrderRejected().clientOrderId("vwap-momentum-1").strategyId(ID).instrument("XRPETH")
                .reason("insufficient balance: ETH").eventTimeNs(BAR_0005_NS));
        assertThat(engine.outstandingOrders()).isZero();
        assertThat(engine.position(ID, "XRPETH").pendingOrderId()).isNull();
        assertThat(engine.counters().rejections()).isEqualTo(1);
        assertThat(engine.ledger(ID).balance("ETH")).isEqualTo(100_000_000L);

        trades(engine, 24, 38);
        engine.signal(signal(2, Direction.LONG, BAR_0010_NS, price(37)));
        // 50000000 / 141161 = 354.2 -> 354
        assertOrder(out.last(), "vwap-momentum-2", Side.BUY, 354, 2, "signal", BAR_0010_NS);
    }

    @Test
    void flatSellsTheWholePositionAndShortNeverOpensAShort() {
        DecisionEngine engine = engine("{id: vwap-momentum, capital: 1.0, orderFraction: 0.5, stopLossBps: 10000}");
        trades(engine, 0, 24);
        engine.signal(signal(1, Direction.SHORT, BAR_0005_NS, price(23)));
        assertThat(out.orders).isEmpty();
        assertThat(engine.counters().shortNotAllowed()).isEqualTo(1);
        engine.signal(signal(2, Direction.FLAT, BAR_0005_NS, price(23)));
        assertThat(out.orders).isEmpty();
        assertThat(engine.counters().alreadyFlat()).isEqualTo(1);

        engine.signal(signal(3, Direction.LONG, BAR_0005_NS, price(23)));
        engine.orderFilled(RouterLikeFills.fill(out.last(), price(23), 5, 10, "1"));
        trades(engine, 24, 38); // stopLossBps 10000: never stops
        engine.signal(signal(4, Direction.LONG, BAR_0010_NS, price(37)));
        assertThat(engine.counters().alreadyLong()).isEqualTo(1);
        engine.signal(signal(5, Direction.SHORT, BAR_0010_NS, price(37)));
        assertOrder(out.last(), "vwap-momentum-2", Side.SELL, 354, 5, "signal", BAR_0010_NS);
        assertThat(engine.counters().shortNotAllowed()).isEqualTo(2);
        engine.orderFilled(RouterLikeFills.fill(out.last(), price(37), 5, 10, "2"));
        assertThat(engine.position(ID, "XRPETH").isFlat()).isTrue();
        assertThat(out.orders).hasSize(2);

        engine.signal(signal(6, Direction.LONG, BAR_0010_NS + 300_000_000_000L, price(44)));
        engine.orderFilled(RouterLikeFills.fill(out.last(), price(44), 5, 10, "3"));
        engine.signal(signal(7, Direction.FLAT, BAR_0010_NS + 600_000_000_000L, price(53)));
        assertThat(out.last().side()).isEqualTo(Side.SELL);
        assertThat(out.last().quantity()).isEqualTo(engine.position(ID, "XRPETH").quantity());
        assertThat(out.last().signalId()).isEqualTo(7);
    }

    @Test
    void partialFillsKeepTheOrderOutstandingAndAverageTheEntryPrice() {
        DecisionEngine engine = longAt0005();
        SubmitOrder order = out.last();
        engine.orderFilled(RouterLikeFills.fillAt(order, 141263, 200, 10, "1a", false));
        assertThat(engine.outstandingOrders()).isEqualTo(1);
        trades(engine, 27, 29); // below the entry, but the order is still working: no stop
        assertThat(out.orders).hasSize(1);
        engine.orderFilled(RouterLikeFills.fillAt(order, 141265, 154, 10, "1b", true));
        assertThat(engine.outstandingOrders()).isZero();
        // (141263 x 200 + 141265 x 154) / 354 = 50007410 / 354 = 141263.87 -> 141264
        Position p = engine.position(ID, "XRPETH");
        assertThat(p.quantity()).isEqualTo(354);
        assertThat(p.avgEntryPrice()).isEqualTo(141264);
        // notional 28252600 + 21754810 = 50007410; fees ceil(28252.6) + ceil(21754.81) = 28253 + 21755
        assertThat(p.costBasis()).isEqualTo(50_007_410L + 28_253L + 21_755L);
        assertThat(engine.ledger(ID).balance("ETH")).isEqualTo(100_000_000L - 50_007_410L - 28_253L - 21_755L);
    }

    @Test
    void aBuyFeeTakenInTheBaseAssetLeavesDustOutOfThePosition() {
        DecisionEngine engine = longAt0005();
        // as Binance spot does: the fee of a buy is taken from the XRP received, 10 bps of 354 XRP = 0.354 XRP
        OrderFilled fill = RouterLikeFills.fillAt(out.last(), 141192, 354, 10, "1", true)
                .fee(35_400_000L).feeAsset("XRP");
        engine.orderFilled(fill);
        assertThat(engine.ledger(ID).balance("XRP")).isEqualTo(35_364_600_000L); // 353.646 XRP
        assertThat(engine.ledger(ID).balance("ETH")).isEqualTo(100_000_000L - 49_981_968L);
        assertThat(engine.position(ID, "XRPETH").quantity()).isEqualTo(353);

        engine.signal(signal(2, Direction.FLAT, BAR_0010_NS, price(37)));
        assertOrder(out.last(), "vwap-momentum-2", Side.SELL, 353, 2, "signal", BAR_0010_NS);
    }

    @Test
    void aFeePaidInBnbLeavesThePositionWholeAndIsChargedToTheBnbLedgerOnly() {
        DecisionEngine engine = longAt0005();
        // Binance with "pay fees with BNB": 354 XRP received whole, the fee (here 0.00012345 BNB) in a third asset
        OrderFilled fill = RouterLikeFills.fillAt(out.last(), 141192, 354, 10, "1", true)
                .fee(12_345L).feeAsset("BNB");
        engine.orderFilled(fill);
        Position p = engine.position(ID, "XRPETH");
        assertThat(p.quantity()).isEqualTo(354);
        assertThat(p.costBasis()).isEqualTo(49_981_968L); // 354 x 0.00141192 ETH, no fee in it
        assertThat(engine.ledger(ID).balance("XRP")).isEqualTo(35_400_000_000L);
        assertThat(engine.ledger(ID).balance("ETH")).isEqualTo(100_000_000L - 49_981_968L);
        assertThat(engine.ledger(ID).balance("BNB")).isEqualTo(-12_345L); // the strategy never held BNB

        engine.signal(signal(2, Direction.FLAT, BAR_0010_NS, price(37)));
        assertOrder(out.last(), "vwap-momentum-2", Side.SELL, 354, 2, "signal", BAR_0010_NS);
    }

    @Test
    void signalsAndExecutionsOfOtherStrategiesAreIgnored() {
        DecisionEngine engine = engine(DEFAULT_STRATEGY);
        trades(engine, 0, 24);
        engine.signal(signal("ema-cross", 1, Direction.LONG, BAR_0005_NS, price(23)));
        assertThat(out.orders).isEmpty();
        assertThat(engine.counters().unknownStrategySignals()).isEqualTo(1);

        SubmitOrder foreign = new SubmitOrder().clientOrderId("ema-cross-1").strategyId("ema-cross")
                .instrument("XRPETH").side(Side.BUY).orderType(OrderType.MARKET).quantity(100)
                .eventTimeNs(BAR_0005_NS);
        engine.orderFilled(RouterLikeFills.fill(foreign, price(23), 5, 10, "9"));
        assertThat(engine.counters().foreignExecutions()).isEqualTo(1);
        assertThat(engine.ledger(ID).balances()).containsOnly(
                org.assertj.core.api.Assertions.entry("ETH", 100_000_000L));
        assertThat(engine.position(ID, "XRPETH").isFlat()).isTrue();
    }

    @Test
    void twoStrategiesKeepSeparateLedgersAndCounters() {
        DecisionEngine engine = engine(DEFAULT_STRATEGY,
                "{id: cautious, capital: 0.2, orderFraction: 0.25, stopLossBps: 100}");
        trades(engine, 0, 24);
        engine.signal(signal(1, Direction.LONG, BAR_0005_NS, price(23)));
        engine.signal(signal("cautious", 2, Direction.LONG, BAR_0005_NS, price(23)));
        // cautious: 0.2 ETH x 0.25 = 5000000; / 141192 = 35.4 -> 35
        assertThat(out.orders).extracting(SubmitOrder::clientOrderId, SubmitOrder::quantity)
                .containsExactly(org.assertj.core.api.Assertions.tuple("vwap-momentum-1", 354L),
                        org.assertj.core.api.Assertions.tuple("cautious-1", 35L));
        assertThat(engine.outstandingOrders()).isEqualTo(2);
        engine.orderFilled(RouterLikeFills.fill(out.orders.get(1), price(23), 5, 10, "1"));
        // 35 x 141263 = 4944205, fee 4944.205 -> 4945
        assertThat(engine.ledger("cautious").balance("ETH")).isEqualTo(20_000_000L - 4_944_205L - 4_945L);
        assertThat(engine.ledger(ID).balance("ETH")).isEqualTo(100_000_000L);
        // ceil(141263 x 0.99) = ceil(139850.37) = 139851
        assertThat(engine.position("cautious", "XRPETH").stopPrice()).isEqualTo(139_851);
    }

    @Test
    void theTickPathAllocatesNothing() {
        DecisionEngine engine = longAt0005();
        engine.orderFilled(RouterLikeFills.fill(out.last(), price(23), 5, 10, "1"));
        // entry 141263; with a quote known the mark is its bid, 141300: no tick below triggers a stop
        List<TradeTick> above = TRADES.stream().filter(t -> t.price() >= 141263).limit(5_000).toList();
        QuoteTick quote = quote(141300, 141400, BAR_0005_NS);
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int warm = 0; warm < 3; warm++) {
            for (TradeTick t : above) {
                engine.tradeTick(t);
                engine.quoteTick(quote);
            }
        }
        long threadId = Thread.currentThread().getId();
        // the least of three passes: a JIT event can allocate a few KB once
        long allocated = Long.MAX_VALUE;
        for (int pass = 0; pass < 3; pass++) {
            long before = bean.getThreadAllocatedBytes(threadId);
            for (TradeTick t : above) {
                engine.tradeTick(t);
                engine.quoteTick(quote);
            }
            allocated = Math.min(allocated, bean.getThreadAllocatedBytes(threadId) - before);
        }
        assertThat(out.orders).hasSize(1);
        // 10,000 ticks: one object per tick would be at least 160 kB
        assertThat(allocated).isLessThan(4_096);
    }
}
