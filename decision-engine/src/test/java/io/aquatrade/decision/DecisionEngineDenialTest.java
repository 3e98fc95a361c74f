package io.aquatrade.decision;

import static io.aquatrade.decision.DecisionEngineTest.BAR_0005_NS;
import static io.aquatrade.decision.DecisionEngineTest.BAR_0010_NS;
import static io.aquatrade.decision.DecisionEngineTest.DEFAULT_STRATEGY;
import static io.aquatrade.decision.DecisionEngineTest.ID;
import static io.aquatrade.decision.DecisionEngineTest.TRADES;
import static io.aquatrade.decision.DecisionEngineTest.accept;
import static io.aquatrade.decision.DecisionEngineTest.price;
import static io.aquatrade.decision.DecisionEngineTest.signal;
import static io.aquatrade.decision.DecisionEngineTest.trades;
import static org.assertj.core.api.Assertions.assertThat;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.DenyReason;
import io.aquatrade.common.Direction;
import io.aquatrade.common.OrderDenied;
import io.aquatrade.common.Side;
import org.junit.jupiter.api.Test;

/**
 * Every signal the engine does not turn into an order writes an {@link OrderDenied} with its reason and the numbers
 * that decided it, counted by reason. Real XRP/ETH trades of 2019-10-11 (data/sample) and signals at real 5-minute
 * bar closes, as in {@link DecisionEngineTest}: trade #23 (the last before 00:05) is 0.00141192 ETH, so one lot
 * (1 XRP) costs 141192 ETH mantissa (8 decimals); the amounts below are worked out by hand from that price.
 */
class DecisionEngineDenialTest {
    final RecordingOrders out = new RecordingOrders();

    DecisionEngine engine(String... strategies) {
        AquatradeConfig config = DecisionEngineTest.shared(strategies);
        return new DecisionEngine(DecisionConfig.from(config), config, out);
    }

    /** A LONG at the 00:05 close after trades #0..#23, for a strategy of the given capital and fraction. */
    DecisionEngine longAt0005(String capital, String fraction) {
        DecisionEngine engine = engine("{id: vwap-momentum, capital: " + capital + ", orderFraction: " + fraction
                + "}");
        trades(engine, 0, 24);
        engine.signal(signal(1, Direction.LONG, BAR_0005_NS, price(23)));
        return engine;
    }

    static void assertDenial(OrderDenied d, String strategy, String instrument, long signalId, DenyReason code,
                             String text, long timeNs) {
        assertThat(d.strategyId()).isEqualTo(strategy);
        assertThat(d.instrument()).isEqualTo(instrument);
        assertThat(d.signalId()).isEqualTo(signalId);
        assertThat(d.reasonCode()).isEqualTo(code);
        assertThat(d.reason()).isEqualTo(text);
        assertThat(d.eventTimeNs()).isEqualTo(timeNs);
    }

    @Test
    void aCapitalThatBuysNoLotIsInsufficientCapital() {
        // 0.0014 ETH = 140000 < 141192: the whole balance buys 0 lots
        DecisionEngine engine = longAt0005("0.0014", "1");
        assertThat(out.orders).isEmpty();
        assertThat(out.denials).hasSize(1);
        assertDenial(out.denials.get(0), ID, "XRPETH", 1, DenyReason.INSUFFICIENT_CAPITAL, "LONG entry: 0.00140000 ETH "
                + "free (ledger 0.00140000, reserved 0.00000000) buys less than one lot (1) of XRPETH at 0.00141192",
                BAR_0005_NS);
        assertThat(engine.counters().denied(DenyReason.INSUFFICIENT_CAPITAL)).isEqualTo(1);
        assertThat(engine.counters().skippedZeroQuantity()).isEqualTo(1);
    }

    @Test
    void aFractionOfTheCapitalBelowOneLotIsBelowMinimumQuantity() {
        // 0.002 ETH = 200000 buys 1 lot (200000 / 141192 = 1.4), but 200000 x 0.5 = 100000 buys 0 (0.71)
        DecisionEngine engine = longAt0005("0.002", "0.5");
        assertThat(out.orders).isEmpty();
        assertDenial(out.denials.get(0), ID, "XRPETH", 1, DenyReason.BELOW_MIN_QUANTITY, "LONG entry: 0.00200000 ETH "
                + "free (ledger 0.00200000, reserved 0.00000000) x orderFraction 0.5 = 0.00100000 ETH is less than "
                + "one lot (1) of XRPETH at 0.00141192", BAR_0005_NS);
        assertThat(engine.counters().denied(DenyReason.BELOW_MIN_QUANTITY)).isEqualTo(1);
        assertThat(engine.counters().denied()).isEqualTo(1);
    }

    @Test
    void aCapitalOfExactlyOneLotBuysIt() {
        // the boundary: 0.00141192 ETH x 1 buys exactly 1 XRP, no denial
        DecisionEngine engine = longAt0005("0.00141192", "1");
        assertThat(out.denials).isEmpty();
        assertThat(out.orders).hasSize(1);
        assertThat(out.last().quantity()).isEqualTo(1);
        assertThat(engine.counters().denied()).isZero();
    }

    @Test
    void anEntryWithoutAnyPriceIsNoPrice() {
        DecisionEngine engine = engine(DEFAULT_STRATEGY);
        engine.signal(signal(1, Direction.LONG, BAR_0005_NS, 0)); // no trade, no quote, signal price 0
        assertDenial(out.denials.get(0), ID, "XRPETH", 1, DenyReason.NO_PRICE,
                "LONG entry: no price known for XRPETH (no quote, no trade, signal price 0)", BAR_0005_NS);
        assertThat(engine.counters().denied(DenyReason.NO_PRICE)).isEqualTo(1);
        assertThat(engine.counters().skippedNoPrice()).isEqualTo(1);
    }

    @Test
    void aSignalWhileAnOrderIsWorkingIsOrderOutstanding() {
        DecisionEngine engine = longAt0005("1.0", "0.5"); // order 1: buy 354 (50000000 / 141192 = 354.1)
        accept(engine, out.last());
        trades(engine, 24, 38);
        engine.signal(signal(2, Direction.FLAT, BAR_0010_NS, price(37)));
        assertThat(out.orders).hasSize(1);
        assertDenial(out.denials.get(0), ID, "XRPETH", 2, DenyReason.ORDER_OUTSTANDING,
                "FLAT while order vwap-momentum-1 is outstanding (ACCEPTED, 0 of 354 filled)", BAR_0010_NS);
        assertThat(engine.counters().denied(DenyReason.ORDER_OUTSTANDING)).isEqualTo(1);
        assertThat(engine.counters().skippedOutstanding()).isEqualTo(1);
    }

    @Test
    void aLongWhileLongAndAShortNotAllowedAreFilteredAndAFlatWhileFlatHasNoPosition() {
        DecisionEngine engine = longAt0005("1.0", "0.5");
        // buy 354 at 141192 x 1.0005 = 141262.596 -> 141263
        engine.orderFilled(RouterLikeFills.fill(out.last(), price(23), 5, 10, "1"));
        // stopLossBps 0: trade #27 (141192 < the entry 141263) sends the stop-loss sell of the 354, order 2
        trades(engine, 24, 28);
        assertThat(out.orders).hasSize(2);
        engine.orderFilled(RouterLikeFills.fill(out.orders.get(1), price(27), 5, 10, "2"));
        assertThat(engine.position(ID, "XRPETH").isFlat()).isTrue();
        assertThat(engine.ledger(ID).balance("ETH")).isEqualTo(99_849_767L);
        trades(engine, 28, 38);

        engine.signal(signal(2, Direction.FLAT, BAR_0010_NS, price(37)));
        engine.signal(signal(3, Direction.SHORT, BAR_0010_NS, price(37)));
        assertThat(out.orders).hasSize(2);
        assertDenial(out.denials.get(0), ID, "XRPETH", 2, DenyReason.NO_POSITION,
                "FLAT while flat: no position to exit", BAR_0010_NS);
        assertDenial(out.denials.get(1), ID, "XRPETH", 3, DenyReason.SHORT_NOT_ALLOWED,
                "SHORT while flat: shorts not allowed (allowShort: false), stays flat", BAR_0010_NS);

        // the ledger after both fills is 99849767 ETH mantissa (DecisionEngineTest's stop-loss case); a LONG at
        // 00:10 buys floor(99849767 x 0.5 / 141161) = floor(49924883 / 141161) = 353
        // (353 x 141161 = 49829833 <= 49924883 < 354 x 141161 = 49970994)
        engine.signal(signal(4, Direction.LONG, BAR_0010_NS + 1, price(37)));
        assertThat(out.orders).hasSize(3);
        assertThat(out.last().quantity()).isEqualTo(353);
        engine.orderFilled(RouterLikeFills.fill(out.last(), price(37), 5, 10, "3"));
        engine.signal(signal(5, Direction.LONG, BAR_0010_NS + 2, price(37)));
        assertDenial(out.denials.get(2), ID, "XRPETH", 5, DenyReason.POSITION_OPEN,
                "LONG while already long 353: one position per strategy and instrument", BAR_0010_NS + 2);
        assertThat(engine.counters().denied(DenyReason.SHORT_NOT_ALLOWED)).isEqualTo(1);
        assertThat(engine.counters().denied(DenyReason.POSITION_OPEN)).isEqualTo(1);
        assertThat(engine.counters().denied(DenyReason.FILTER)).isZero();
        assertThat(engine.counters().denied(DenyReason.NO_POSITION)).isEqualTo(1);
        assertThat(engine.counters().deniedByReason()).isEqualTo("POSITION_OPEN 1, SHORT_NOT_ALLOWED 1, NO_POSITION 1");
    }

    @Test
    void aSignalOfAStrategyOrInstrumentNotTradedIsUnknownStrategy() {
        DecisionEngine engine = engine(DEFAULT_STRATEGY);
        trades(engine, 0, 24);
        engine.signal(signal("ma-cross", 1, Direction.LONG, BAR_0005_NS, price(23)));
        engine.signal(signal(2, Direction.LONG, BAR_0005_NS, price(23)).instrument("BTCUSDT"));
        assertThat(out.orders).isEmpty();
        assertDenial(out.denials.get(0), "ma-cross", "XRPETH", 1, DenyReason.UNKNOWN_STRATEGY,
                "LONG signal of strategy ma-cross, which decision-engine does not trade", BAR_0005_NS);
        assertDenial(out.denials.get(1), ID, "BTCUSDT", 2, DenyReason.UNKNOWN_STRATEGY,
                "LONG signal for instrument BTCUSDT, which is not configured", BAR_0005_NS);
        assertThat(engine.counters().denied(DenyReason.UNKNOWN_STRATEGY)).isEqualTo(2);
    }

    @Test
    void aDeniedSignalMetAgainAfterARestartIsNotDeniedTwice() {
        DecisionEngine first = longAt0005("0.0014", "1"); // signal 1 denied: insufficient capital
        OrderDenied written = out.denials.get(0);

        RecordingOrders again = new RecordingOrders();
        AquatradeConfig config = DecisionEngineTest.shared("{id: vwap-momentum, capital: 0.0014, orderFraction: 1}");
        DecisionEngine second = new DecisionEngine(DecisionConfig.from(config), config, again);
        second.restoreDenied(written); // the rebuild reads the orders topic
        trades(second, 0, 24);
        second.signal(signal(1, Direction.LONG, BAR_0005_NS, price(23))); // the generator resends it
        assertThat(again.denials).isEmpty();
        assertThat(second.counters().duplicateSignals()).isEqualTo(1);
        second.signal(signal(2, Direction.LONG, BAR_0010_NS, price(37))); // a new one is judged as usual
        assertThat(again.denials).extracting(OrderDenied::signalId).containsExactly(2L);
        assertThat(first.counters().denied()).isEqualTo(1);
    }

    @Test
    void theSampleTradesAreTheOnesTheHandComputationsUse() {
        assertThat(TRADES.get(23).price()).isEqualTo(141192);
        assertThat(TRADES.get(27).price()).isEqualTo(141192);
        assertThat(TRADES.get(37).price()).isEqualTo(141161);
    }

    /**
     * Entries an entry filter of the signal generator blocked ({@code Signal.blockedBy}): a blocked LONG is denied
     * {@link DenyReason#FILTER} naming the filter, and no order is sent even though it would have been sized; a
     * blocked reversal (FLAT, the exit part) closes the long and its entry part is denied FILTER; the same while flat
     * is one FILTER denial (not {@link DenyReason#NO_POSITION}). Duplicates are ignored as any signal's.
     */
    @Test
    void anEntryAFilterBlockedIsDeniedFilterNamingItAndAReversalStillExits() {
        DecisionEngine engine = engine("{id: vwap-momentum, capital: 1.0, orderFraction: 0.5, stopLossBps: 1000}");
        trades(engine, 0, 24);
        engine.signal(signal(1, Direction.LONG, BAR_0005_NS, price(23)).blockedBy("ema-trend"));
        assertThat(out.orders).isEmpty();
        assertThat(out.denials).singleElement().satisfies(d -> assertDenial(d, ID, "XRPETH", 1, DenyReason.FILTER,
                "entry blocked by filter ema-trend: LONG signal (test)", BAR_0005_NS));
        engine.signal(signal(1, Direction.LONG, BAR_0005_NS, price(23)).blockedBy("ema-trend"));
        assertThat(out.denials).hasSize(1);
        assertThat(engine.counters().duplicateSignals()).isEqualTo(1);

        // unblocked, the next LONG enters: 354 XRP
        engine.signal(signal(2, Direction.LONG, BAR_0005_NS, price(23)));
        assertThat(out.orders).singleElement().satisfies(o -> assertThat(o.quantity()).isEqualTo(354));
        engine.orderFilled(RouterLikeFills.fill(out.last(), price(23), 5, 10, "t1"));

        // a SHORT that chop blocked, published as FLAT: the long is sold, the entry part denied
        trades(engine, 24, 38);
        engine.signal(signal(3, Direction.FLAT, BAR_0010_NS, price(37)).blockedBy("chop")
                .reason("SHORT entry blocked by chop: exit the long only"));
        assertThat(out.orders).hasSize(2);
        assertThat(out.last().side()).isEqualTo(Side.SELL);
        assertThat(out.last().quantity()).isEqualTo(354);
        assertThat(out.last().signalId()).isEqualTo(3);
        assertThat(out.denials).hasSize(2);
        assertDenial(out.denials.get(1), ID, "XRPETH", 3, DenyReason.FILTER,
                "entry blocked by filter chop: FLAT signal (SHORT entry blocked by chop: exit the long only)",
                BAR_0010_NS);
        engine.orderFilled(RouterLikeFills.fill(out.last(), price(37), 5, 10, "t2"));

        // flat: the same is one FILTER denial and no order
        engine.signal(signal(4, Direction.FLAT, BAR_0010_NS, price(37)).blockedBy("chop")
                .reason("SHORT entry blocked by chop: exit the long only"));
        assertThat(out.orders).hasSize(2);
        assertThat(out.denials).hasSize(3);
        assertThat(out.denials.get(2).reasonCode()).isEqualTo(DenyReason.FILTER);
        assertThat(engine.counters().denied(DenyReason.FILTER)).isEqualTo(3);
        assertThat(engine.counters().denied(DenyReason.NO_POSITION)).isZero();
    }
}
