package io.aquatrade.decision;

import static io.aquatrade.decision.DecisionEngineTest.BAR_0005_NS;
import static io.aquatrade.decision.DecisionEngineTest.BAR_0010_NS;
import static io.aquatrade.decision.DecisionEngineTest.ID;
import static io.aquatrade.decision.DecisionEngineTest.TRADES;
import static io.aquatrade.decision.DecisionEngineTest.accept;
import static io.aquatrade.decision.DecisionEngineTest.price;
import static io.aquatrade.decision.DecisionEngineTest.quote;
import static io.aquatrade.decision.DecisionEngineTest.signal;
import static io.aquatrade.decision.DecisionEngineTest.timeNs;
import static io.aquatrade.decision.DecisionEngineTest.trades;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.CancelOrder;
import io.aquatrade.common.ConfigException;
import io.aquatrade.common.DenyReason;
import io.aquatrade.common.Direction;
import io.aquatrade.common.KillSwitch;
import io.aquatrade.common.LiquiditySide;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.OrderType;
import io.aquatrade.common.Side;
import io.aquatrade.common.SubmitOrder;
import io.aquatrade.common.TimeInForce;
import io.aquatrade.decision.OrderTracker.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Resting entries ({@code entryOrder: {type: limit, offsetBps, timeoutMs, postOnly}}) over the real XRP/ETH trades of
 * 2019-10-11 (data/sample; no quotes, so without a quote tick the entry rests at the last trade moved by the offset),
 * the venue's answers written by hand as the paper venue gives them: a resting buy fills as maker when a later trade
 * prints strictly below its limit, up to that trade's quantity, at the limit price. Every price and size is worked
 * out by hand in the comments, in mantissas (price 8 decimals, XRP 0, ETH 8).
 *
 * <p>Trades used (see {@link DecisionEngineTest}): #23 0.00141192 is the last before 00:05:00; after it #24..#27 print
 * at or above 0.00141192; #28 at 00:07:48.897 is 8 XRP at 0.00141179, the first strictly below it; #29 at
 * 00:07:52.607 is 0.00141266; #30 at 00:09:00.418, the first trade 3 minutes or more after 00:05:00, is 0.00141162.
 */
class RestingEntryTest {
    /** 3 minutes. */
    private static final String JOIN = "{id: vwap-momentum, capital: 1.0, orderFraction: 0.5, stopLossBps: 0, "
            + "entryOrder: {type: limit, offsetBps: 0, timeoutMs: 180000}}";
    /** One hour: never reached in these tests; a stop-loss that never triggers (at price 0). */
    private static final String PATIENT = "{id: vwap-momentum, capital: 1.0, orderFraction: 0.5, stopLossBps: 10000, "
            + "entryOrder: {type: limit, timeoutMs: 3600000}}";

    final RecordingOrders out = new RecordingOrders();

    private DecisionEngine engine(String strategy) {
        AquatradeConfig config = DecisionEngineTest.shared(strategy);
        return new DecisionEngine(DecisionConfig.from(config), config, out);
    }

    /** Trades #0..#23, then LONG at 00:05: the resting buy of 354 XRP at 0.00141192 (offset 0, the last trade). */
    private DecisionEngine restingBuy(DecisionEngine engine) {
        trades(engine, 0, 24);
        engine.signal(signal(1, Direction.LONG, BAR_0005_NS, price(23)));
        return engine;
    }

    /** The maker fill of trade #28 (8 XRP printed at 0.00141179, through the limit 0.00141192): 8 at the limit. */
    private static OrderFilled makerFillOf28(SubmitOrder entry) {
        return RouterLikeFills.fillAt(entry, 141192, 8, 2, String.valueOf(TRADES.get(28).tradeId()), false)
                .liquiditySide(LiquiditySide.MAKER).eventTimeNs(timeNs(28));
    }

    @Test
    void theEntryRestsAtTheBestPriceOnItsSideMovedInTheTradersFavourInWholeTicks() {
        AquatradeConfig config = AquatradeConfig.parse(Path.of("test.yaml"), """
                instruments:
                  - {symbol: XRPETH, base: XRP, quote: ETH, priceDecimals: 8, sizeDecimals: 0,
                     filters: {tickSize: 0.0000001}}
                assets: {XRP: 8, ETH: 8}
                decision-engine:
                  strategies:
                    - {id: buyer, capital: 1.0, orderFraction: 0.5, entryOrder: {type: limit, offsetBps: 5,
                       timeoutMs: 60000, postOnly: true}}
                    - {id: seller, capital: 1.0, orderFraction: 0.5, allowShort: true,
                       entryOrder: {type: limit, offsetBps: 5, timeoutMs: 60000}}
                    - {id: quoted-buyer, capital: 1.0, orderFraction: 0.5, entryOrder: {type: limit, offsetBps: 5,
                       timeoutMs: 60000}}
                    - {id: quoted-seller, capital: 1.0, orderFraction: 0.5, allowShort: true,
                       entryOrder: {type: limit, offsetBps: 5, timeoutMs: 60000}}
                """);
        DecisionEngine engine = new DecisionEngine(DecisionConfig.from(config), config, out);
        trades(engine, 0, 24);
        // no quote: from the last trade #23, 141192; tick 0.0000001 = 10 mantissa units
        // buy:  floor(141192 x 0.9995) = floor(141121.404) = 141121 -> down to the tick: 141120;
        //       size floor(0.5 ETH / 0.00141120) = floor(354.31) = 354
        // sell: ceil(141192 x 1.0005) = ceil(141262.596) = 141263 -> up to the tick: 141270;
        //       size floor(50000000 / 141270) = floor(353.93) = 353
        engine.signal(signal("buyer", 1, Direction.LONG, BAR_0005_NS, price(23)));
        engine.signal(signal("seller", 1, Direction.SHORT, BAR_0005_NS, price(23)));
        // a quote (the prices of trades #30 and #29): bid 141162, ask 141266
        // buy:  floor(141162 x 0.9995) = floor(141091.419) = 141091 -> 141090; size floor(50000000 / 141090) = 354
        // sell: ceil(141266 x 1.0005) = ceil(141336.633) = 141337 -> 141340; size floor(50000000 / 141340) = 353
        engine.quoteTick(quote(141162, 141266, BAR_0005_NS));
        engine.signal(signal("quoted-buyer", 1, Direction.LONG, BAR_0005_NS, price(23)));
        engine.signal(signal("quoted-seller", 1, Direction.SHORT, BAR_0005_NS, price(23)));

        assertThat(out.denials).isEmpty();
        assertThat(out.orders).hasSize(4).allSatisfy(o -> {
            assertThat(o.orderType()).isEqualTo(OrderType.LIMIT);
            assertThat(o.timeInForce()).isEqualTo(TimeInForce.GTC);
            assertThat(o.reduceOnly()).isFalse();
            assertThat(o.reason()).isEqualTo(DecisionEngine.REASON_SIGNAL);
            assertThat(o.eventTimeNs()).isEqualTo(BAR_0005_NS);
        });
        assertThat(out.orders).extracting(SubmitOrder::side)
                .containsExactly(Side.BUY, Side.SELL, Side.BUY, Side.SELL);
        assertThat(out.orders).extracting(SubmitOrder::limitPrice).containsExactly(141120L, 141270L, 141090L, 141340L);
        assertThat(out.orders).extracting(SubmitOrder::quantity).containsExactly(354L, 353L, 354L, 353L);
        assertThat(out.orders).extracting(SubmitOrder::postOnly).containsExactly(true, false, false, false);
    }

    @Test
    void whileItRestsOtherSignalsAreDeniedAndAtItsTimeoutItIsCancelledKeepingWhatFilled() {
        DecisionEngine engine = restingBuy(engine(JOIN));
        SubmitOrder entry = out.last();
        assertThat(entry.limitPrice()).isEqualTo(141192); // offset 0: the last trade
        assertThat(entry.quantity()).isEqualTo(354); // floor(50000000 / 141192) = 354
        accept(engine, entry);
        trades(engine, 24, 28);
        engine.signal(signal(2, Direction.LONG, timeNs(27), price(27)));
        assertThat(out.denials).singleElement().satisfies(d -> {
            assertThat(d.reasonCode()).isEqualTo(DenyReason.ORDER_OUTSTANDING);
            assertThat(d.reason()).contains(entry.clientOrderId());
        });
        engine.tradeTick(TRADES.get(28));
        engine.orderFilled(makerFillOf28(entry));
        trades(engine, 29, 30); // 00:07:52.607: under 3 minutes since 00:05:00
        assertThat(out.cancels).isEmpty();

        engine.tradeTick(TRADES.get(30)); // 00:09:00.418: 240.4 s >= 180 s
        assertThat(out.cancels).singleElement().satisfies(c -> {
            assertThat(c.clientOrderId()).isEqualTo(entry.clientOrderId());
            assertThat(c.reason()).isEqualTo(DecisionEngine.REASON_RESTING_ENTRY);
            assertThat(c.eventTimeNs()).isEqualTo(timeNs(30));
        });
        trades(engine, 31, 33);
        assertThat(out.cancels).as("cancelled once").hasSize(1);
        engine.orderCanceled(DecisionEngineOrderLifecycleTest.canceled(entry, 8, timeNs(30)));

        assertThat(engine.orderState(entry.clientOrderId())).isEqualTo(State.CANCELED);
        Position p = engine.position(ID, "XRPETH");
        assertThat(p.quantity()).isEqualTo(8);
        assertThat(p.avgEntryPrice()).isEqualTo(141192);
        assertThat(p.pendingOrderId()).isNull();
        // 1 ETH - 8 x 0.00141192 (1129536) - maker fee ceil(1129536 x 0.0002) = 226
        assertThat(engine.ledger(ID).balance("ETH")).isEqualTo(100_000_000L - 1_129_536L - 226L);
        assertThat(out.orders).hasSize(1);
    }

    @Test
    void anExitSignalCancelsItFirstThenClosesWhatItFilled() {
        DecisionEngine engine = restingBuy(engine(PATIENT));
        SubmitOrder entry = out.last();
        accept(engine, entry);
        trades(engine, 24, 29);
        engine.orderFilled(makerFillOf28(entry));
        trades(engine, 29, 38);
        assertThat(out.cancels).isEmpty();

        engine.signal(signal(2, Direction.FLAT, BAR_0010_NS, price(37)));
        assertThat(out.cancels).singleElement().satisfies(c -> {
            assertThat(c.clientOrderId()).isEqualTo(entry.clientOrderId());
            assertThat(c.reason()).isEqualTo(DecisionEngine.REASON_SIGNAL);
            assertThat(c.eventTimeNs()).isEqualTo(BAR_0010_NS);
        });
        assertThat(out.orders).as("nothing sent before the venue answers the cancel").hasSize(1);
        assertThat(out.denials).isEmpty();
        engine.orderCanceled(DecisionEngineOrderLifecycleTest.canceled(entry, 8, BAR_0010_NS));

        SubmitOrder exit = out.last();
        assertThat(exit.side()).isEqualTo(Side.SELL);
        assertThat(exit.orderType()).isEqualTo(OrderType.MARKET);
        assertThat(exit.quantity()).isEqualTo(8);
        assertThat(exit.signalId()).isEqualTo(2);
        assertThat(exit.eventTimeNs()).isEqualTo(BAR_0010_NS);
        assertThat(engine.position(ID, "XRPETH").pendingOrderId()).isEqualTo(exit.clientOrderId());
    }

    @Test
    void anExitSignalCancelsAnUnfilledEntryAndNothingFollows() {
        DecisionEngine engine = restingBuy(engine(PATIENT));
        SubmitOrder entry = out.last();
        accept(engine, entry);
        trades(engine, 24, 28);
        engine.signal(signal(2, Direction.FLAT, timeNs(27), price(27)));
        assertThat(out.cancels).singleElement().extracting(CancelOrder::reason).isEqualTo(DecisionEngine.REASON_SIGNAL);
        engine.orderCanceled(DecisionEngineOrderLifecycleTest.canceled(entry, 0, timeNs(27)));
        assertThat(out.orders).hasSize(1);
        assertThat(out.denials).isEmpty();
        assertThat(engine.position(ID, "XRPETH").isFlat()).isTrue();
        assertThat(engine.outstandingOrders()).isZero();
    }

    @Test
    void anEntryCompletelyFilledBeforeTheExitSignalsCancelIsAnsweredIsClosedAtOnce() {
        DecisionEngine engine = restingBuy(engine(PATIENT));
        SubmitOrder entry = out.last();
        accept(engine, entry);
        engine.signal(signal(2, Direction.FLAT, timeNs(27), price(27)));
        assertThat(out.cancels).hasSize(1);
        engine.orderFilled(RouterLikeFills.fillAt(entry, 141192, 354, 2, "t-all", true)
                .liquiditySide(LiquiditySide.MAKER).eventTimeNs(timeNs(27)));
        assertThat(out.orders).hasSize(2);
        assertThat(out.last().side()).isEqualTo(Side.SELL);
        assertThat(out.last().quantity()).isEqualTo(354);
        assertThat(out.last().signalId()).isEqualTo(2);
    }

    @Test
    void theKillSwitchCancelsItAndWhatFilledStays() {
        DecisionEngine engine = restingBuy(engine(PATIENT));
        SubmitOrder entry = out.last();
        accept(engine, entry);
        trades(engine, 24, 29);
        engine.orderFilled(makerFillOf28(entry));
        engine.killSwitch(new KillSwitch().on(true).source("kill-switch@test").reason("test")
                .eventTimeNs(timeNs(28)));
        assertThat(out.cancels).singleElement().satisfies(c -> {
            assertThat(c.clientOrderId()).isEqualTo(entry.clientOrderId());
            assertThat(c.reason()).isEqualTo(DecisionEngine.REASON_KILL_SWITCH);
        });
        engine.orderCanceled(DecisionEngineOrderLifecycleTest.canceled(entry, 8, timeNs(28)));
        trades(engine, 29, 40);
        assertThat(out.orders).hasSize(1);
        assertThat(engine.position(ID, "XRPETH").quantity()).isEqualTo(8);
    }

    /**
     * A daily loss hit with {@code flattenOnDailyLoss} while the entry rests part filled: the entry is cancelled
     * (reason {@code daily-loss}) and, once the venue confirms, what it filled is closed at market. The loss: 8 XRP
     * bought at 0.00141192 marked at trade #28's 0.00141179 is 8 x 13 = 104 units of unrealised loss, beyond the
     * limit of 0.00000100 ETH (100 units) whatever the fee adds.
     */
    @Test
    void aDailyLossFlattenCancelsItThenClosesWhatItFilled() {
        DecisionEngine engine = restingBuy(engine("{id: vwap-momentum, capital: 1.0, orderFraction: 0.5, "
                + "stopLossBps: 10000, entryOrder: {type: limit, timeoutMs: 3600000}, "
                + "risk: {maxDailyLoss: {amount: 0.000001}, flattenOnDailyLoss: true}}"));
        SubmitOrder entry = out.last();
        accept(engine, entry);
        trades(engine, 24, 29);
        assertThat(out.cancels).isEmpty();
        engine.orderFilled(makerFillOf28(entry));
        assertThat(out.cancels).singleElement().satisfies(c -> {
            assertThat(c.clientOrderId()).isEqualTo(entry.clientOrderId());
            assertThat(c.reason()).isEqualTo(DecisionEngine.REASON_DAILY_LOSS);
        });
        assertThat(out.orders).hasSize(1);
        engine.orderCanceled(DecisionEngineOrderLifecycleTest.canceled(entry, 8, timeNs(28)));
        assertThat(out.orders).hasSize(2);
        assertThat(out.last().side()).isEqualTo(Side.SELL);
        assertThat(out.last().orderType()).isEqualTo(OrderType.MARKET);
        assertThat(out.last().quantity()).isEqualTo(8);
        assertThat(out.last().reason()).isEqualTo(DecisionEngine.REASON_DAILY_LOSS);
    }

    /**
     * A restart while the entry rests, part filled: rebuilt from the orders and executions topics, it keeps its
     * timeout (counted from when it was placed, read from the order) and is cancelled on the same trade as without the
     * restart; the kill switch still knows it for an entry.
     */
    @Test
    void aRestartKeepsTheRestingEntryItsTimeoutAndItsKindOfOrder() {
        DecisionEngine engine = restingBuy(engine(JOIN));
        SubmitOrder entry = out.last();
        accept(engine, entry);
        trades(engine, 24, 29);
        engine.orderFilled(makerFillOf28(entry));
        trades(engine, 29, 31);
        CancelOrder uninterrupted = out.cancels.get(0);
        assertThat(uninterrupted.eventTimeNs()).isEqualTo(timeNs(30));

        for (boolean kill : new boolean[] {false, true}) {
            RecordingOrders out2 = new RecordingOrders();
            AquatradeConfig config = DecisionEngineTest.shared(JOIN);
            DecisionEngine second = new DecisionEngine(DecisionConfig.from(config), config, out2);
            second.replaying(true);
            second.restoreSentOrder(entry);
            accept(second, entry);
            second.orderFilled(makerFillOf28(entry));
            second.replaying(false);
            second.rebuilt();
            assertThat(out2.orders).isEmpty();
            assertThat(second.position(ID, "XRPETH").quantity()).isEqualTo(8);
            assertThat(second.position(ID, "XRPETH").pendingOrderId()).isEqualTo(entry.clientOrderId());
            if (kill) {
                second.killSwitch(new KillSwitch().on(true).source("kill-switch@test").reason("test")
                        .eventTimeNs(timeNs(29)));
                assertThat(out2.cancels).singleElement().extracting(CancelOrder::reason)
                        .isEqualTo(DecisionEngine.REASON_KILL_SWITCH);
                continue;
            }
            trades(second, 29, 30);
            assertThat(out2.cancels).isEmpty();
            trades(second, 30, 31);
            assertThat(out2.cancels).singleElement().satisfies(c -> {
                assertThat(c.clientOrderId()).isEqualTo(uninterrupted.clientOrderId());
                assertThat(c.reason()).isEqualTo(uninterrupted.reason());
                assertThat(c.eventTimeNs()).isEqualTo(uninterrupted.eventTimeNs());
            });
        }
    }

    /**
     * A restart after an exit signal's cancel of the entry was confirmed but before the exit of what it filled was
     * sent: the rebuild sends that exit (its signal id is not on the cancel, so 0).
     */
    @Test
    void aRestartBetweenTheExitSignalsCancelAndTheExitSendsTheExit() {
        DecisionEngine engine = restingBuy(engine(PATIENT));
        SubmitOrder entry = out.last();
        accept(engine, entry);
        trades(engine, 24, 29);
        engine.orderFilled(makerFillOf28(entry));
        engine.signal(signal(2, Direction.FLAT, BAR_0010_NS, price(37)));
        CancelOrder cancel = out.cancels.get(0);

        RecordingOrders out2 = new RecordingOrders();
        AquatradeConfig config = DecisionEngineTest.shared(PATIENT);
        DecisionEngine second = new DecisionEngine(DecisionConfig.from(config), config, out2);
        second.replaying(true);
        second.restoreSentOrder(entry);
        second.restoreSentCancel(cancel);
        accept(second, entry);
        second.orderFilled(makerFillOf28(entry));
        second.orderCanceled(DecisionEngineOrderLifecycleTest.canceled(entry, 8, BAR_0010_NS));
        assertThat(out2.orders).as("nothing while the rebuild replays").isEmpty();
        second.replaying(false);
        second.rebuilt();
        assertThat(out2.orders).singleElement().satisfies(o -> {
            assertThat(o.clientOrderId()).isEqualTo(ID + "-2");
            assertThat(o.side()).isEqualTo(Side.SELL);
            assertThat(o.quantity()).isEqualTo(8);
            assertThat(o.orderType()).isEqualTo(OrderType.MARKET);
        });
    }

    @Test
    void theEntryOrderKeysMapWithTheirDefaults() {
        DecisionConfig d = DecisionConfig.from(DecisionEngineTest.shared(
                "{id: a, capital: 1, orderFraction: 0.5, entryOrder: {type: limit, timeoutMs: 5000}}",
                "{id: b, capital: 1, orderFraction: 0.5, entryOrder: {type: limit, offsetBps: 7, timeoutMs: 1, "
                        + "postOnly: true}}",
                "{id: c, capital: 1, orderFraction: 0.5, entryOrder: {type: market}}",
                "{id: e, capital: 1, orderFraction: 0.5}"));
        assertThat(d.strategy("a").entryOrder()).isEqualTo(new DecisionConfig.RestingEntry(0, 5000, false));
        assertThat(d.strategy("b").entryOrder()).isEqualTo(new DecisionConfig.RestingEntry(7, 1, true));
        assertThat(d.strategy("c").entryOrder()).isNull();
        assertThat(d.strategy("e").entryOrder()).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{type: limit}                                  | decision-engine.strategies[0].entryOrder.timeoutMs",
        "{type: limit, timeoutMs: 0}                    | decision-engine.strategies[0].entryOrder.timeoutMs",
        "{type: limit, timeoutMs: 86400001}             | decision-engine.strategies[0].entryOrder.timeoutMs",
        "{type: limit, timeoutMs: 1.5}                  | decision-engine.strategies[0].entryOrder.timeoutMs",
        "{type: limit, timeoutMs: 5, offsetBps: 1001}   | decision-engine.strategies[0].entryOrder.offsetBps",
        "{type: limit, timeoutMs: 5, offsetBps: -1}     | decision-engine.strategies[0].entryOrder.offsetBps",
        "{type: limit, timeoutMs: 5, offsetBps: 0.5}    | decision-engine.strategies[0].entryOrder.offsetBps",
        "{type: stop, timeoutMs: 5}                     | decision-engine.strategies[0].entryOrder.type",
        "{timeoutMs: 5}                                 | decision-engine.strategies[0].entryOrder.type",
        "{type: market, timeoutMs: 5}                   | decision-engine.strategies[0].entryOrder.type",
        "{type: limit, timeoutMs: 5, x: 1}              | decision-engine.strategies[0].entryOrder.x",
    })
    void aBadEntryOrderNamesItsField(String entryOrder, String field) {
        AquatradeConfig config = DecisionEngineTest.shared("{id: a, capital: 1, orderFraction: 0.5, entryOrder: "
                + entryOrder.trim() + "}");
        assertThatThrownBy(() -> DecisionConfig.from(config))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).field()).isEqualTo(field));
    }
}
