package io.aquatrade.decision;

import static io.aquatrade.decision.DecisionEngineTest.BAR_0005_NS;
import static io.aquatrade.decision.DecisionEngineTest.ID;
import static io.aquatrade.decision.DecisionEngineTest.TRADES;
import static io.aquatrade.decision.DecisionEngineTest.accept;
import static io.aquatrade.decision.DecisionEngineTest.price;
import static io.aquatrade.decision.DecisionEngineTest.signal;
import static io.aquatrade.decision.DecisionEngineTest.timeNs;
import static io.aquatrade.decision.DecisionEngineTest.trades;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.DenyReason;
import io.aquatrade.common.Direction;
import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.Heartbeat;
import io.aquatrade.common.KillSwitch;
import io.aquatrade.common.OrderCanceled;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.Side;
import io.aquatrade.common.SubmitOrder;
import org.junit.jupiter.api.Test;

/**
 * The risk engine wired into the decision engine, on the real XRP/ETH trades of 2019-10-11 (data/sample) after
 * {@link DecisionEngineTest}'s entry (a LONG at the 00:05 bar close, priced at trade #23): every entry passes the
 * kill switch and the rules (a refusal is an {@code OrderDenied} with the rule's code, limit and value), exits never
 * do, the kill switch cancels working entries and with flatten closes positions, a daily loss hit with
 * {@code flattenOnDailyLoss} closes them, and the sizing modes size entries. Numbers worked by hand (BigDecimal).
 */
class DecisionEngineRiskTest {
    final RecordingOrders out = new RecordingOrders();

    DecisionEngine engine(String strategy) {
        AquatradeConfig config = DecisionEngineTest.shared(strategy);
        return new DecisionEngine(DecisionConfig.from(config), config, out);
    }

    static KillSwitch killSwitch(boolean on, boolean flatten, long timeNs) {
        return new KillSwitch().on(on).flatten(flatten).reason("test").source("kill-switch@test").eventTimeNs(timeNs);
    }

    /** Trades #0..#23 then the LONG at 00:05: the entry order (354 XRP). */
    SubmitOrder enter(DecisionEngine engine, long signalId) {
        trades(engine, 0, 24);
        int before = out.orders.size();
        engine.signal(signal(signalId, Direction.LONG, BAR_0005_NS, price(23)));
        assertThat(out.orders).hasSize(before + 1);
        return out.last();
    }

    @Test
    void theKillSwitchDeniesEntriesCancelsAWorkingEntryAndOffLetsTradingResume() {
        DecisionEngine engine = engine(DecisionEngineTest.DEFAULT_STRATEGY);
        trades(engine, 0, 24);
        engine.killSwitch(killSwitch(true, false, timeNs(23)));
        assertThat(engine.killSwitchOn()).isTrue();
        engine.signal(signal(1, Direction.LONG, BAR_0005_NS, price(23)));
        assertThat(out.orders).isEmpty();
        assertThat(out.denials).singleElement().satisfies(d -> {
            assertThat(d.reasonCode()).isEqualTo(DenyReason.KILL_SWITCH);
            assertThat(d.signalId()).isEqualTo(1);
            assertThat(d.limit()).isZero();
            assertThat(d.value()).isZero();
        });
        assertThat(engine.summary()).contains("kill switch ON (control topic: on by kill-switch@test: test)");

        engine.killSwitch(killSwitch(false, false, timeNs(23)));
        engine.signal(signal(2, Direction.LONG, BAR_0005_NS, price(23)));
        SubmitOrder entry = out.last();
        assertThat(entry.side()).isEqualTo(Side.BUY);
        assertThat(entry.quantity()).isEqualTo(354);

        // accepted, not filled: turning the switch on cancels it
        accept(engine, entry);
        engine.killSwitch(killSwitch(true, false, timeNs(23)));
        assertThat(out.cancels).singleElement().satisfies(c -> {
            assertThat(c.clientOrderId()).isEqualTo(entry.clientOrderId());
            assertThat(c.reason()).isEqualTo(DecisionEngine.REASON_KILL_SWITCH);
        });
        assertThat(out.orders).hasSize(1);
    }

    @Test
    void theKillSwitchFileTurnsItOnWhileItExists() {
        DecisionEngine engine = engine(DecisionEngineTest.DEFAULT_STRATEGY);
        trades(engine, 0, 24);
        engine.killSwitchFile(true);
        engine.signal(signal(1, Direction.LONG, BAR_0005_NS, price(23)));
        assertThat(out.denials).singleElement().extracting(d -> d.reasonCode()).isEqualTo(DenyReason.KILL_SWITCH);
        engine.killSwitchFile(false);
        engine.signal(signal(2, Direction.LONG, BAR_0005_NS, price(23)));
        assertThat(out.orders).singleElement().extracting(SubmitOrder::quantity).isEqualTo(354L);
    }

    @Test
    void theKillSwitchWithFlattenClosesThePositionAtMarketAndItsStopIsCancelledOnceFlat() {
        DecisionEngine engine = engine("{id: vwap-momentum, capital: 1.0, orderFraction: 0.5, stopLossBps: 100, "
                + "stopOrder: market}");
        SubmitOrder entry = enter(engine, 1);
        accept(engine, entry);
        engine.orderFilled(RouterLikeFills.fill(entry, price(23), 5, 10, "t1"));
        SubmitOrder stop = out.last();
        assertThat(stop.reason()).isEqualTo(DecisionEngine.REASON_PROTECTIVE_STOP);
        accept(engine, stop);

        engine.killSwitch(killSwitch(true, true, timeNs(24)));
        SubmitOrder close = out.last();
        assertThat(close.reason()).isEqualTo(DecisionEngine.REASON_KILL_SWITCH);
        assertThat(close.side()).isEqualTo(Side.SELL);
        assertThat(close.quantity()).isEqualTo(354);
        assertThat(close.limitPrice()).isZero();
        assertThat(out.cancels).isEmpty(); // the stop stays until the position is flat
        accept(engine, close);
        engine.orderFilled(RouterLikeFills.fill(close, price(24), 5, 10, "t2"));
        assertThat(engine.position(ID, "XRPETH").isFlat()).isTrue();
        assertThat(out.cancels).singleElement().extracting(c -> c.clientOrderId()).isEqualTo(stop.clientOrderId());
        int orders = out.orders.size();
        trades(engine, 24, 40); // nothing more while the switch is on
        assertThat(out.orders).hasSize(orders);
    }

    @Test
    void theKillSwitchWithFlattenTakesARestingLimitExitToMarket() {
        DecisionEngine engine = engine("{id: vwap-momentum, capital: 1.0, orderFraction: 0.5, stopLossBps: 0, "
                + "exitOrder: {type: limit, repriceMs: 60000, deadlineMs: 600000}}");
        SubmitOrder entry = enter(engine, 1);
        accept(engine, entry);
        engine.orderFilled(RouterLikeFills.fill(entry, price(23), 5, 10, "t1"));
        trades(engine, 24, 25);
        engine.signal(signal(2, Direction.FLAT, timeNs(24), price(24)));
        SubmitOrder limitExit = out.last();
        assertThat(limitExit.limitPrice()).isPositive();
        accept(engine, limitExit);

        engine.killSwitch(killSwitch(true, true, timeNs(24)));
        assertThat(out.cancels).singleElement().satisfies(c -> {
            assertThat(c.clientOrderId()).isEqualTo(limitExit.clientOrderId());
            assertThat(c.reason()).isEqualTo(DecisionEngine.REASON_LIMIT_EXIT);
        });
        engine.orderCanceled(new OrderCanceled().clientOrderId(limitExit.clientOrderId())
                .venueOrderId("paper-" + limitExit.clientOrderId()).strategyId(ID).instrument("XRPETH")
                .cumulativeQuantity(0).eventTimeNs(timeNs(24)));
        SubmitOrder market = out.last();
        assertThat(market.clientOrderId()).isNotEqualTo(limitExit.clientOrderId());
        assertThat(market.side()).isEqualTo(Side.SELL);
        assertThat(market.quantity()).isEqualTo(354);
        assertThat(market.limitPrice()).isZero();
    }

    @Test
    void maxTradesPerDayDeniesTheSecondEntryOfTheDayWithItsLimitAndValueButNeverTheExit() {
        DecisionEngine engine = engine("{id: vwap-momentum, capital: 1.0, orderFraction: 0.5, stopLossBps: 0, "
                + "risk: {maxTradesPerDay: 1}}");
        SubmitOrder entry = enter(engine, 1);
        accept(engine, entry);
        engine.orderFilled(RouterLikeFills.fill(entry, price(23), 5, 10, "t1"));
        trades(engine, 24, 25);
        engine.signal(signal(2, Direction.FLAT, timeNs(24), price(24)));
        SubmitOrder exit = out.last();
        assertThat(exit.side()).isEqualTo(Side.SELL);
        accept(engine, exit);
        engine.orderFilled(RouterLikeFills.fill(exit, price(24), 5, 10, "t2"));
        engine.signal(signal(3, Direction.LONG, timeNs(24), price(24)));
        assertThat(out.orders).hasSize(2);
        assertThat(out.denials).singleElement().satisfies(d -> {
            assertThat(d.reasonCode()).isEqualTo(DenyReason.MAX_TRADES_PER_DAY);
            assertThat(d.limit()).isEqualTo(1);
            assertThat(d.value()).isEqualTo(1);
            assertThat(d.reason()).contains("MAX_TRADES_PER_DAY limit 1, value 1");
        });
        assertThat(engine.counters().denied(DenyReason.MAX_TRADES_PER_DAY)).isEqualTo(1);
        assertThat(engine.risk().tradesToday(0)).isEqualTo(1);
    }

    /**
     * The heartbeat's risk state is the risk engine's: right after the entry's fill the day's P&amp;L is minus the
     * fee exactly (the fill's price is the mark), the daily loss limit of that fee is hit, and it reads back from JSON.
     */
    @Test
    void theHeartbeatCarriesTheRiskEnginesPnlTodayDailyLossAndKillSwitch() throws Exception {
        SubmitOrder probe = enter(engine(DecisionEngineTest.DEFAULT_STRATEGY), 1);
        long fee = RouterLikeFills.fill(probe, price(23), 5, 10, "t1").fee();
        out.orders.clear();
        String strategy = "{id: vwap-momentum, capital: 1.0, orderFraction: 0.5, stopLossBps: 0, "
                + "risk: {maxDailyLoss: {amount: " + FixedPoint.format(fee, 8) + "}}}";
        DecisionEngine engine = engine(strategy);
        SubmitOrder entry = enter(engine, 1);
        accept(engine, entry);
        engine.orderFilled(RouterLikeFills.fill(entry, price(23), 5, 10, "t1"));

        Heartbeat.Risk risk = DecisionEngineMain.riskState(engine, DecisionEngineTest.shared(strategy));

        assertThat(risk.tradingDay()).isEqualTo("2019-10-11");
        assertThat(risk.killSwitch()).isFalse();
        assertThat(risk.reduceOnly()).isEmpty();
        assertThat(risk.strategies()).singleElement().satisfies(s -> {
            assertThat(s.strategy()).isEqualTo(ID);
            assertThat(s.dailyLossHit()).isTrue();
            assertThat(s.tradesToday()).isEqualTo(1);
            assertThat(s.pnl()).singleElement().satisfies(p -> {
                assertThat(p.asset()).isEqualTo("ETH");
                assertThat(p.today()).isEqualByComparingTo(new BigDecimal(fee).movePointLeft(8).negate());
                assertThat(p.today()).isEqualByComparingTo(FixedPoint.toBigDecimal(engine.risk().dayPnl(0, 0), 8));
            });
        });
        engine.killSwitch(killSwitch(true, false, timeNs(23)));
        Heartbeat.Risk on = DecisionEngineMain.riskState(engine, DecisionEngineTest.shared(strategy));
        assertThat(on.killSwitch()).isTrue();

        Heartbeat hb = new Heartbeat("decision-engine", 1, 0, 0, 1000, Heartbeat.RUNNING, null, List.of(), null, null,
                0, 0, null, on, null);
        assertThat(hb.toJson()).contains("\"today\":\"-" + new BigDecimal(fee).movePointLeft(8).toPlainString()
                + "\"");
        Path file = Files.writeString(Files.createTempFile("decision-engine", ".json"), hb.toJson());
        try {
            assertThat(Heartbeat.read(file).risk()).isEqualTo(on);
        } finally {
            Files.delete(file);
        }
    }

    /**
     * Right after the entry's fill the day's loss is exactly its fee (the fill's price is the mark, so the position
     * is worth what it cost before the fee): a limit of that fee is reached at the fill, one unit more is not.
     */
    @Test
    void aDailyLossLimitTripsExactlyAtItsLimitAndFlattensWithFlattenOnDailyLoss() {
        SubmitOrder probe = enter(engine(DecisionEngineTest.DEFAULT_STRATEGY), 1);
        OrderFilled probeFill = RouterLikeFills.fill(probe, price(23), 5, 10, "t1");
        long fee = probeFill.fee();
        assertThat(fee).isPositive();

        out.orders.clear();
        DecisionEngine notYet = engine("{id: vwap-momentum, capital: 1.0, orderFraction: 0.5, stopLossBps: 0, "
                + "risk: {maxDailyLoss: {amount: " + FixedPoint.format(fee + 1, 8) + "}, flattenOnDailyLoss: true}}");
        SubmitOrder entry = enter(notYet, 1);
        accept(notYet, entry);
        notYet.orderFilled(RouterLikeFills.fill(entry, price(23), 5, 10, "t1"));
        assertThat(notYet.risk().dailyLossHit(0)).isFalse();
        assertThat(out.orders).hasSize(1);

        out.orders.clear();
        DecisionEngine engine = engine("{id: vwap-momentum, capital: 1.0, orderFraction: 0.5, stopLossBps: 0, "
                + "risk: {maxDailyLoss: {amount: " + FixedPoint.format(fee, 8) + "}, flattenOnDailyLoss: true}}");
        entry = enter(engine, 1);
        accept(engine, entry);
        engine.orderFilled(RouterLikeFills.fill(entry, price(23), 5, 10, "t1"));
        assertThat(engine.risk().dailyLossHit(0)).isTrue();
        SubmitOrder close = out.last();
        assertThat(close.reason()).isEqualTo(DecisionEngine.REASON_DAILY_LOSS);
        assertThat(close.side()).isEqualTo(Side.SELL);
        assertThat(close.quantity()).isEqualTo(354);
        accept(engine, close);
        engine.orderFilled(RouterLikeFills.fill(close, price(23), 5, 10, "t2"));
        assertThat(engine.position(ID, "XRPETH").isFlat()).isTrue();

        engine.signal(signal(2, Direction.LONG, BAR_0005_NS, price(23)));
        assertThat(out.denials).singleElement().satisfies(d -> {
            assertThat(d.reasonCode()).isEqualTo(DenyReason.DAILY_LOSS);
            assertThat(d.limit()).isEqualTo(fee);
            assertThat(d.value()).isEqualTo(fee);
            assertThat(d.decimals()).isEqualTo(8);
        });
        assertThat(engine.risk().dailyLossStopDays()).singleElement()
                .satisfies(s -> assertThat(s.day()).hasToString("2019-10-11"));
    }

    @Test
    void aStopOutStartsTheCooldownOnTheInstrument() {
        DecisionEngine engine = engine("{id: vwap-momentum, capital: 1.0, orderFraction: 0.5, stopLossBps: 10, "
                + "risk: {cooldown: {afterStopOut: true, minutes: 30}}}");
        SubmitOrder entry = enter(engine, 1);
        accept(engine, entry);
        engine.orderFilled(RouterLikeFills.fill(entry, price(23), 5, 10, "t1"));
        int j = 24;
        while (out.orders.size() == 1) {
            engine.tradeTick(TRADES.get(j++));
        }
        SubmitOrder stop = out.last();
        assertThat(stop.reason()).isEqualTo(DecisionEngine.REASON_STOP_LOSS);
        accept(engine, stop);
        engine.orderFilled(RouterLikeFills.fill(stop, price(j - 1), 5, 10, "t2"));
        long stopNs = stop.eventTimeNs();

        long inside = stopNs + 30 * 60_000_000_000L - 1_000_000L; // 1 ms before the end
        engine.signal(signal(2, Direction.LONG, inside, price(j - 1)));
        assertThat(out.denials).singleElement().satisfies(d -> {
            assertThat(d.reasonCode()).isEqualTo(DenyReason.COOLDOWN);
            assertThat(d.limit()).isEqualTo(30 * 60_000L);
            assertThat(d.value()).isEqualTo(30 * 60_000L - 1);
        });
        engine.signal(signal(3, Direction.LONG, stopNs + 30 * 60_000_000_000L, price(j - 1)));
        assertThat(out.last().signalId()).isEqualTo(3);
        assertThat(out.last().side()).isEqualTo(Side.BUY);
    }

    /**
     * A fee in the base asset leaves the engine's position at the whole steps of what it holds: the risk engine's book
     * follows the same cap, so a losing round trip ends flat in both, and the cooldown after it stops the next entry.
     */
    @Test
    void withABaseAssetFeeTheRiskBookHoldsTheEnginesPositionAndSeesTheLosingRoundTrip() {
        AquatradeConfig config = AquatradeConfig.parse(java.nio.file.Path.of("base-fee.yaml"), """
                instruments:
                  - {symbol: XRPETH, base: XRP, quote: ETH, priceDecimals: 8, sizeDecimals: 0,
                     filters: {stepSize: 10, minQty: 10}}
                assets: {XRP: 8, ETH: 8}
                decision-engine:
                  risk: {cooldown: {losses: 1, minutes: 60}}
                  strategies:
                    - {id: vwap-momentum, capital: 0.05, orderFraction: 1}
                """);
        DecisionEngine engine = new DecisionEngine(DecisionConfig.from(config), config, out);
        trades(engine, 0, 24);
        engine.signal(signal(1, Direction.LONG, BAR_0005_NS, price(23)));
        SubmitOrder entry = out.last();
        accept(engine, entry);
        // 0.1 % of the quantity paid in XRP (1 unit = 10^8 XRP mantissa): what is held is below the quantity
        engine.orderFilled(RouterLikeFills.fillAt(entry, price(23), entry.quantity(), 10, "t1", true)
                .fee(entry.quantity() * 100_000L).feeAsset("XRP"));
        long held = engine.position(ID, "XRPETH").quantity();
        assertThat(held).isLessThan(entry.quantity()).isEqualTo((entry.quantity() - 1) / 10 * 10);
        assertThat(engine.risk().position(0, 0).quantity()).isEqualTo(held);

        engine.signal(signal(2, Direction.FLAT, BAR_0005_NS + 60_000_000_000L, price(23)));
        SubmitOrder exit = out.last();
        assertThat(exit.quantity()).isEqualTo(held);
        accept(engine, exit);
        engine.orderFilled(RouterLikeFills.fillAt(exit, price(23) - 1_000, exit.quantity(), 10, "t2", true));
        assertThat(engine.position(ID, "XRPETH").quantity()).isZero();
        assertThat(engine.risk().position(0, 0).quantity()).isZero();
        assertThat(engine.risk().position(0, 0).realizedPnl())
                .isEqualTo(engine.position(ID, "XRPETH").realizedPnl()).isNegative();

        int sent = out.orders.size();
        engine.signal(signal(3, Direction.LONG, BAR_0005_NS + 120_000_000_000L, price(23)));
        assertThat(out.orders).hasSize(sent);
        assertThat(out.denials).last().satisfies(d -> assertThat(d.reasonCode()).isEqualTo(DenyReason.COOLDOWN));
    }

    /**
     * Two entries sent back to back on two instruments, neither filled yet: the first one's unfilled part counts as
     * an open position and as exposure, so the second is refused by whichever limit it would break.
     */
    @Test
    void anEntryInFlightCountsAsAPositionAndAsExposureForTheNextEntry() {
        for (String rules : new String[] {"{maxOpenPositions: 1}", "{maxExposure: {account: {fraction: 0.5}}}"}) {
            RecordingOrders orders = new RecordingOrders();
            AquatradeConfig config = AquatradeConfig.parse(java.nio.file.Path.of("two.yaml"), """
                    instruments:
                      - {symbol: XRPETH, base: XRP, quote: ETH, priceDecimals: 8, sizeDecimals: 0}
                      - {symbol: ADAETH, base: ADA, quote: ETH, priceDecimals: 8, sizeDecimals: 0}
                    assets: {XRP: 8, ETH: 8, ADA: 8}
                    decision-engine:
                      risk: %s
                      strategies:
                        - {id: vwap-momentum, capital: 1.0, orderFraction: 0.4}
                    """.formatted(rules));
            DecisionEngine engine = new DecisionEngine(DecisionConfig.from(config), config, orders);
            trades(engine, 0, 24);
            // an ADA/ETH price (not in the sample): 0.00020000 ETH
            engine.tradeTick(new io.aquatrade.common.TradeTick().instrument("ADAETH").price(20_000).quantity(1_000)
                    .tradeId(1).aggressorSide(Side.BUY).eventTimeNs(BAR_0005_NS - 1));
            engine.signal(signal(1, Direction.LONG, BAR_0005_NS, price(23)));
            assertThat(orders.orders).as(rules).hasSize(1);
            SubmitOrder first = orders.last();
            engine.signal(new io.aquatrade.common.Signal().signalId(2).strategyId(ID).instrument("ADAETH")
                    .direction(Direction.LONG).timeframeMs(300_000).barOpenTimeNs(BAR_0005_NS - 300_000_000_000L)
                    .price(20_000).reason("test").eventTimeNs(BAR_0005_NS));
            assertThat(orders.orders).as(rules).containsExactly(first);
            assertThat(orders.denials).as(rules).singleElement().satisfies(d -> assertThat(d.reasonCode())
                    .isEqualTo(rules.contains("maxOpen") ? DenyReason.MAX_OPEN_POSITIONS : DenyReason.MAX_EXPOSURE));
        }
    }

    /**
     * A daily-loss stop hit on an unrealised loss (an XRP/ETH trade below the entry) holds after a restart the same
     * day: the replay sees only the fills (no ticks), which alone would not reach the limit, but the engine's own
     * {@code DAILY_LOSS} denial (of an ADA/ETH entry) on {@code orders} brings the stop back. Restarting never lifts it.
     */
    @Test
    void aDailyLossStopHitOnAnUnrealisedLossHoldsAfterARestartTheSameDay() {
        String yaml = """
                instruments:
                  - {symbol: XRPETH, base: XRP, quote: ETH, priceDecimals: 8, sizeDecimals: 0}
                  - {symbol: ADAETH, base: ADA, quote: ETH, priceDecimals: 8, sizeDecimals: 0}
                assets: {XRP: 8, ETH: 8, ADA: 8}
                decision-engine:
                  strategies:
                    - {id: vwap-momentum, capital: 1.0, orderFraction: 0.5, stopLossBps: 10000,
                       risk: {maxDailyLoss: {amount: 0.002}}}
                """;
        AquatradeConfig config = AquatradeConfig.parse(java.nio.file.Path.of("two.yaml"), yaml);
        DecisionEngine first = new DecisionEngine(DecisionConfig.from(config), config, out);
        io.aquatrade.common.TradeTick ada = new io.aquatrade.common.TradeTick().instrument("ADAETH").price(20_000)
                .quantity(1_000).tradeId(1).aggressorSide(Side.BUY).eventTimeNs(BAR_0005_NS - 1);
        first.tradeTick(ada);
        SubmitOrder entry = enter(first, 1);
        accept(first, entry);
        OrderFilled fill = RouterLikeFills.fill(entry, price(23), 5, 10, "t1");
        first.orderFilled(fill);
        assertThat(first.risk().dailyLossHit(0)).as("the fee alone is below the limit").isFalse();
        // 354 XRP marked 1000 units (0.00001 ETH) below the fill: 0.00354 ETH unrealised, with the fee over 0.002
        long dropNs = BAR_0005_NS + 1_000_000_000L;
        first.tradeTick(new io.aquatrade.common.TradeTick().instrument("XRPETH").price(fill.fillPrice() - 1_000)
                .quantity(1).tradeId(TRADES.get(23).tradeId() + 1_000_000).aggressorSide(Side.SELL)
                .eventTimeNs(dropNs));
        assertThat(first.risk().dailyLossHit(0)).isTrue();
        first.signal(adaLong(2, dropNs + 1));
        assertThat(out.denials).singleElement().satisfies(d ->
                assertThat(d.reasonCode()).isEqualTo(DenyReason.DAILY_LOSS));

        RecordingOrders after = new RecordingOrders();
        DecisionEngine second = new DecisionEngine(DecisionConfig.from(config), config, after);
        second.replaying(true);
        second.restoreSentOrder(entry);
        second.restoreDenied(out.denials.get(0));
        accept(second, entry);
        second.orderFilled(fill);
        second.replaying(false);
        second.rebuilt();
        assertThat(second.risk().dailyLossHit(0)).as("restored from the denial on orders").isTrue();
        second.tradeTick(ada.eventTimeNs(dropNs + 2));
        second.signal(adaLong(3, dropNs + 3));
        assertThat(after.orders).isEmpty();
        assertThat(after.denials).singleElement().satisfies(d ->
                assertThat(d.reasonCode()).isEqualTo(DenyReason.DAILY_LOSS));
    }

    private static io.aquatrade.common.Signal adaLong(long id, long timeNs) {
        return new io.aquatrade.common.Signal().signalId(id).strategyId(ID).instrument("ADAETH")
                .direction(Direction.LONG).timeframeMs(300_000).barOpenTimeNs(timeNs - 300_000_000_000L)
                .price(20_000).reason("test").eventTimeNs(timeNs);
    }

    @Test
    void fixedNotionalSizingBuysTheAmountAtTheReferencePrice() {
        DecisionEngine engine = engine("{id: vwap-momentum, capital: 1.0, orderFraction: 0.5, stopLossBps: 0, "
                + "risk: {sizing: {mode: fixed-notional, amount: 0.1}}}");
        SubmitOrder entry = enter(engine, 1);
        // floor(0.1 ETH / price(23)), whole XRP
        assertThat(entry.quantity()).isEqualTo(new BigDecimal("0.1").divide(BigDecimal.valueOf(price(23), 8), 0,
                RoundingMode.FLOOR).longValueExact());
    }

    @Test
    void riskPerTradeSizingRisksTheFractionOfEquityBetweenEntryAndStop() {
        DecisionEngine engine = engine("{id: vwap-momentum, capital: 1.0, orderFraction: 0.5, stopLossBps: 100, "
                + "risk: {sizing: {mode: risk-per-trade, fraction: 0.001}}}");
        SubmitOrder entry = enter(engine, 1);
        long reference = price(23);
        long stop = BigDecimal.valueOf(reference).multiply(new BigDecimal("0.99")).setScale(0, RoundingMode.CEILING)
                .longValueExact();
        // 0.001 x 1 ETH / (reference - stop), whole XRP
        long expected = new BigDecimal("0.001").divide(BigDecimal.valueOf(reference - stop, 8), 0,
                RoundingMode.FLOOR).longValueExact();
        assertThat(expected).isBetween(1L, 706L);
        assertThat(entry.quantity()).isEqualTo(expected);
    }

    @Test
    void volatilitySizingDividesByTheSignalsAtrAndWaitsForIt() {
        DecisionEngine engine = engine("{id: vwap-momentum, capital: 1.0, orderFraction: 0.5, stopLossBps: 0, "
                + "risk: {sizing: {mode: volatility, fraction: 0.01, atrMultiple: 2}}}");
        trades(engine, 0, 24);
        engine.signal(signal(1, Direction.LONG, BAR_0005_NS, price(23))); // ATR not known yet: 0
        assertThat(out.orders).isEmpty();
        assertThat(out.denials).singleElement().satisfies(d -> {
            assertThat(d.reasonCode()).isEqualTo(DenyReason.BELOW_MIN_QUANTITY);
            assertThat(d.reason()).contains("ATR");
        });
        // ATR 0.00002 ETH: 0.01 x 1 ETH / (2 x 0.00002) = 250 XRP
        engine.signal(signal(2, Direction.LONG, BAR_0005_NS, price(23)).atr(2_000));
        assertThat(out.last().quantity()).isEqualTo(250);
    }

    @Test
    void theTickPathAllocatesNothingWithRulesInForceAndTheKillSwitchOn() {
        DecisionEngine engine = engine("{id: vwap-momentum, capital: 1.0, orderFraction: 0.5, stopLossBps: 0, "
                + "risk: {maxDailyLoss: {fraction: 0.5}, flattenOnDailyLoss: true, maxTradesPerDay: 5, "
                + "maxExposure: {instrument: {fraction: 0.9}}, cooldown: {losses: 2, minutes: 5}, maxSpreadBps: 500}}");
        SubmitOrder entry = enter(engine, 1);
        accept(engine, entry);
        engine.orderFilled(RouterLikeFills.fill(entry, price(23), 5, 10, "t1"));
        engine.killSwitch(killSwitch(true, false, timeNs(23)));
        // entry 141263; the mark is the quote's bid, 141300: no stop triggers, the daily loss stays far off
        io.aquatrade.common.TradeTick[] above = TRADES.stream().filter(t -> t.price() >= 141263).limit(5_000)
                .toArray(io.aquatrade.common.TradeTick[]::new);
        io.aquatrade.common.QuoteTick quote = DecisionEngineTest.quote(141300, 141400, BAR_0005_NS);
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean)
                java.lang.management.ManagementFactory.getThreadMXBean();
        for (int warm = 0; warm < 20; warm++) { // until the tick path is compiled for good (C2 removes temporaries)
            ticks(engine, above, quote);
        }
        long threadId = Thread.currentThread().getId();
        long allocated = Long.MAX_VALUE; // the least of three passes: a JIT event can allocate a few KB once
        for (int pass = 0; pass < 3; pass++) {
            long before = bean.getThreadAllocatedBytes(threadId);
            ticks(engine, above, quote);
            allocated = Math.min(allocated, bean.getThreadAllocatedBytes(threadId) - before);
        }
        assertThat(out.orders).hasSize(1);
        assertThat(allocated).isZero();
    }

    private static void ticks(DecisionEngine engine, io.aquatrade.common.TradeTick[] trades,
                              io.aquatrade.common.QuoteTick quote) {
        for (int i = 0; i < trades.length; i++) {
            engine.tradeTick(trades[i]);
            engine.quoteTick(quote);
        }
    }
}
