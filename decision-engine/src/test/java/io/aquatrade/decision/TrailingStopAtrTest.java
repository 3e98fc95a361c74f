package io.aquatrade.decision;

import static io.aquatrade.decision.DecisionEngineTest.BAR_0005_NS;
import static io.aquatrade.decision.DecisionEngineTest.ID;
import static io.aquatrade.decision.DecisionEngineTest.TRADES;
import static io.aquatrade.decision.DecisionEngineTest.accept;
import static io.aquatrade.decision.DecisionEngineTest.price;
import static io.aquatrade.decision.DecisionEngineTest.signal;
import static io.aquatrade.decision.DecisionEngineTest.trades;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.DenyReason;
import io.aquatrade.common.Direction;
import io.aquatrade.common.OrderType;
import io.aquatrade.common.Side;
import io.aquatrade.common.SubmitOrder;
import io.aquatrade.common.TradeTick;
import org.junit.jupiter.api.Test;

/**
 * The trailing stop in ATR multiples ({@code trailingStop: {atr: 2.5}}, LeBeau's chandelier exit) over the real
 * XRP/ETH trades of 2019-10-11 (data/sample), with hand-fed signals at the real 5-minute bar closes carrying a known
 * ATR. Every stop price is worked out by hand in the comments (price mantissas, 8 decimals): a long's stop is the
 * tighter of {@code ceil(entry x (1 - stopLossBps/10000))} and the highest {@code best - floor(2.5 x ATR)} since entry,
 * and the engine exits on the first trade strictly below it; a short's mirrors it. Trades: #23 0.00141192 is the last
 * before 00:05, #25 0.00141469, #37 the last before 00:10, #44 before 00:15, #47 0.00141721, #48 0.00141728, #49
 * 0.00141792, #53 0.00141794, #57 the last before 00:20, #70 0.00141458 (the first below 0.00141467 after #53).
 */
class TrailingStopAtrTest {
    private static final long BAR_NS = 300_000_000_000L;
    final RecordingOrders out = new RecordingOrders();

    private static long bar(int k) {
        return BAR_0005_NS + k * BAR_NS;
    }

    private DecisionEngine engine(String strategy) {
        AquatradeConfig config = DecisionEngineTest.shared(strategy);
        return new DecisionEngine(DecisionConfig.from(config), config, out);
    }

    /**
     * Trades #0..#23, LONG at 00:05 with the ATR not yet known (0), filled at once: 354 XRP at 0.00141192 + 5 bps =
     * 141262.596, rounded up: 141263.
     */
    private DecisionEngine longAt0005(String stopOrder) {
        DecisionEngine engine = engine(longStrategy(stopOrder));
        trades(engine, 0, 24);
        engine.signal(signal(1, Direction.LONG, bar(0), price(23)).atr(0));
        SubmitOrder entry = out.last();
        accept(engine, entry);
        engine.orderFilled(RouterLikeFills.fill(entry, price(23), 5, 10, "t1"));
        assertThat(engine.position(ID, "XRPETH").avgEntryPrice()).isEqualTo(141_263L);
        return engine;
    }

    private static String longStrategy(String stopOrder) {
        return "{id: vwap-momentum, capital: 1.0, orderFraction: 0.5, stopLossBps: 100, stopOrder: " + stopOrder
                + ", trailingStop: {atr: 2.5}}";
    }

    /** Feeds trades [from, to), checking after each that the stop never moves against the position. */
    private void feed(DecisionEngine engine, int from, int to, boolean isLong) {
        for (int i = from; i < to; i++) {
            long before = engine.position(ID, "XRPETH").stopPrice();
            engine.tradeTick(TRADES.get(i));
            long after = engine.position(ID, "XRPETH").stopPrice();
            if (isLong) {
                assertThat(after).as("long stop after trade #%d", i).isGreaterThanOrEqualTo(before);
            } else {
                assertThat(after).as("short stop after trade #%d", i).isLessThanOrEqualTo(before);
            }
        }
    }

    private long stop(DecisionEngine engine) {
        return engine.position(ID, "XRPETH").stopPrice();
    }

    @Test
    void theLongsStopFollowsTheBestTradeMinusMAtrsTightensOnASmallerAtrNeverLoosensAndTheEngineExitsBelowIt() {
        DecisionEngine engine = longAt0005("none");
        // no ATR yet: only the fixed stop, ceil(141263 x 0.99) = ceil(139850.37) = 139851
        assertThat(stop(engine)).isEqualTo(139_851L);
        feed(engine, 24, 38, true);
        assertThat(stop(engine)).as("the best rose to 141469 (#25), but no ATR is known: still the fixed stop")
                .isEqualTo(139_851L);

        // 00:10: a repeated LONG, denied (position open), hands over ATR 170: 141469 - floor(2.5 x 170 = 425) = 141044
        engine.signal(signal(2, Direction.LONG, bar(1), price(37)).atr(170));
        assertThat(out.denials).extracting(d -> d.reasonCode()).containsExactly(DenyReason.POSITION_OPEN);
        assertThat(stop(engine)).isEqualTo(141_044L);
        feed(engine, 38, 45, true); // up to 00:15: nothing above 141469, nothing below 141044
        assertThat(stop(engine)).isEqualTo(141_044L);

        // 00:15: ATR 131: 141469 - floor(327.5) = 141142, tighter
        engine.signal(signal(3, Direction.LONG, bar(2), price(44)).atr(131));
        assertThat(stop(engine)).isEqualTo(141_142L);
        long[][] moves = {{47, 141_721L - 327}, {48, 141_728L - 327}, {49, 141_792L - 327}, {53, 141_794L - 327}};
        int from = 45;
        for (long[] move : moves) {
            feed(engine, from, (int) move[0] + 1, true);
            assertThat(stop(engine)).as("after trade #%d", move[0]).isEqualTo(move[1]);
            from = (int) move[0] + 1;
        }
        assertThat(stop(engine)).isEqualTo(141_467L);
        feed(engine, 54, 58, true); // 141536, 141527, 141527, 141478: none below 141467
        assertThat(out.orders).hasSize(1);

        // 00:20: ATR 400 would give 141794 - 1000 = 140794: looser, so the stop stays at 141467
        engine.signal(signal(4, Direction.LONG, bar(3), price(57)).atr(400));
        assertThat(stop(engine)).isEqualTo(141_467L);
        feed(engine, 58, 70, true);
        assertThat(out.orders).as("trades #58..#69 stay at or above 141467").hasSize(1);
        engine.tradeTick(TRADES.get(70));
        assertThat(TRADES.get(70).price()).isEqualTo(141_458L);
        assertThat(out.orders).hasSize(2);
        SubmitOrder exit = out.last();
        assertThat(exit.reason()).isEqualTo(DecisionEngine.REASON_STOP_LOSS);
        assertThat(exit.side()).isEqualTo(Side.SELL);
        assertThat(exit.orderType()).isEqualTo(OrderType.MARKET);
        assertThat(exit.quantity()).isEqualTo(354);
        assertThat(exit.eventTimeNs()).isEqualTo(TRADES.get(70).eventTimeNs());
    }

    @Test
    void atTheVenueEveryMoveByTradeOrByAtrSendsTheNewStopBeforeCancellingTheOld() {
        DecisionEngine engine = longAt0005("market");
        feedAccepting(engine, 24, 38);
        engine.signal(signal(2, Direction.LONG, bar(1), price(37)).atr(170));
        acceptPending(engine);
        feedAccepting(engine, 38, 45);
        engine.signal(signal(3, Direction.LONG, bar(2), price(44)).atr(131));
        acceptPending(engine);
        feedAccepting(engine, 45, 58);
        engine.signal(signal(4, Direction.LONG, bar(3), price(57)).atr(400));
        acceptPending(engine);
        feedAccepting(engine, 58, 80);

        List<SubmitOrder> stops = out.orders.subList(1, out.orders.size());
        // a venue sell stop triggers at or below its trigger: the engine's stop price minus 1
        List<Long> triggers = new ArrayList<>();
        for (SubmitOrder s : stops) {
            assertThat(s.orderType()).isEqualTo(OrderType.STOP_MARKET);
            assertThat(s.side()).isEqualTo(Side.SELL);
            assertThat(s.quantity()).isEqualTo(354);
            assertThat(s.reduceOnly()).isTrue();
            triggers.add(s.triggerPrice());
        }
        assertThat(triggers).containsExactly(
                139_850L,           // the fixed stop, no ATR known
                141_043L,           // ATR 170 at 00:10
                141_141L,           // ATR 131 at 00:15
                141_393L, 141_400L, 141_464L, 141_466L); // trades #47, #48, #49, #53; ATR 400 moves nothing
        for (int k = 1; k < stops.size(); k++) {
            int submitted = out.sequence.indexOf("submit " + stops.get(k).clientOrderId());
            assertThat(out.sequence.get(submitted + 1)).isEqualTo("cancel " + stops.get(k - 1).clientOrderId());
        }
        assertThat(out.cancels).hasSize(stops.size() - 1);
        assertThat(stops.get(1).eventTimeNs()).as("moved by the signal's ATR, at its time").isEqualTo(bar(1));
    }

    /**
     * SHORT at 00:45 (trades #0..#139) with ATR 100 known at entry: sold at 0.00141873 - 5 bps = 141802.06, rounded
     * down: 141802; the fixed stop (stopLossBps 10000) is floor(141802 x 2) = 283604, the trailing one
     * 141802 + floor(2.5 x 100) = 142052.
     */
    @Test
    void theShortsStopFollowsTheLowestTradePlusMAtrsDownwardsOnlyAndTheEngineBuysBackAboveIt() {
        DecisionEngine engine = engine("{id: vwap-momentum, capital: 1.0, orderFraction: 0.5, stopLossBps: 10000, "
                + "allowShort: true, trailingStop: {atr: 2.5}}");
        trades(engine, 0, 140);
        engine.signal(signal(1, Direction.SHORT, bar(8), price(139)).atr(100));
        SubmitOrder entry = out.last();
        assertThat(entry.side()).isEqualTo(Side.SELL);
        accept(engine, entry);
        engine.orderFilled(RouterLikeFills.fill(entry, price(139), 5, 10, "t1"));
        assertThat(engine.position(ID, "XRPETH").avgEntryPrice()).isEqualTo(141_802L);
        assertThat(stop(engine)).isEqualTo(142_052L);
        // lows: #140 141792, #143 141783, #144 141715, #155 141672, #157 141666, #158 141610 (+250 each)
        long[][] moves = {{140, 142_042L}, {143, 142_033L}, {144, 141_965L}, {155, 141_922L}, {157, 141_916L},
            {158, 141_860L}};
        int from = 140;
        for (long[] move : moves) {
            feed(engine, from, (int) move[0] + 1, false);
            assertThat(stop(engine)).as("after trade #%d", move[0]).isEqualTo(move[1]);
            from = (int) move[0] + 1;
        }
        // 00:50: ATR 60: 141610 + floor(150) = 141760, tighter
        engine.signal(signal(2, Direction.SHORT, bar(9), price(158)).atr(60));
        assertThat(stop(engine)).isEqualTo(141_760L);
        // lows #159 141609, #161 141511, #162 141484, #163 141458, #165 141402 (+150 each)
        feed(engine, 159, 169, false);
        assertThat(stop(engine)).isEqualTo(141_552L);
        // 00:55: ATR 300 would give 141402 + 750 = 142152: looser, the stop stays
        engine.signal(signal(3, Direction.SHORT, bar(10), price(168)).atr(300));
        assertThat(stop(engine)).isEqualTo(141_552L);
        assertThat(out.denials).extracting(d -> d.reasonCode())
                .containsExactly(DenyReason.POSITION_OPEN, DenyReason.POSITION_OPEN);
        // new lows with the ATR now 300: #172 141338 + 750 = 142088, #174 141333 + 750 = 142083, both looser than
        // 141552, which stays; #178 0.00141573 is the first trade above it
        feed(engine, 169, 178, false);
        assertThat(stop(engine)).isEqualTo(141_552L);
        assertThat(out.orders).hasSize(1);
        engine.tradeTick(TRADES.get(178));
        assertThat(TRADES.get(178).price()).isEqualTo(141_573L);
        SubmitOrder exit = out.last();
        assertThat(out.orders).hasSize(2);
        assertThat(exit.reason()).isEqualTo(DecisionEngine.REASON_STOP_LOSS);
        assertThat(exit.side()).isEqualTo(Side.BUY);
        assertThat(exit.quantity()).isEqualTo(entry.quantity());
        assertThat(exit.eventTimeNs()).isEqualTo(TRADES.get(178).eventTimeNs());
    }

    @Test
    void aNewPositionStartsAFreshTrailingLevelFromItsOwnEntry() {
        // the long of the first test, with ATR 131 from 00:10, stopped out at #70 with its level at 141794 - 327 =
        // 141467 (no trade in #38..#44 is below 141469 - 327 = 141142); sold, then bought again at 00:30
        DecisionEngine engine = longAt0005("none");
        feed(engine, 24, 38, true);
        engine.signal(signal(2, Direction.LONG, bar(1), price(37)).atr(131));
        trades(engine, 38, 71);
        SubmitOrder exit = out.last();
        assertThat(exit.reason()).isEqualTo(DecisionEngine.REASON_STOP_LOSS);
        accept(engine, exit);
        engine.orderFilled(RouterLikeFills.fill(exit, price(70), 5, 10, "t2"));
        assertThat(engine.position(ID, "XRPETH").isFlat()).isTrue();
        trades(engine, 71, 81);
        // 00:30 (#80 0.00141612 the last before it): LONG with ATR 131 again
        engine.signal(signal(3, Direction.LONG, bar(5), price(80)).atr(131));
        SubmitOrder entry = out.last();
        accept(engine, entry);
        engine.orderFilled(RouterLikeFills.fill(entry, price(80), 5, 10, "t3"));
        // 0.00141612 + 5 bps = 141682.806 -> 141683; its own level 141683 - floor(327.5) = 141356, below the old
        // position's 141467; the fixed stop ceil(141683 x 0.99) = ceil(140266.17) = 140267 is looser
        assertThat(engine.position(ID, "XRPETH").avgEntryPrice()).isEqualTo(141_683L);
        assertThat(stop(engine)).isEqualTo(141_356L);
    }

    /**
     * A restart forgets the ATR (signals are not replayed) and the best price restarts from the fills replayed, but
     * the venue stop the ATR had tightened stays the stop in force: a restart never loosens a stop. The trailing stop
     * moves again once a later best price or ATR gives a tighter level.
     */
    @Test
    void aRestartKeepsTheVenueStopTheAtrHadTightenedAndTrailsOnFromIt() {
        DecisionEngine first = longAt0005("market");
        acceptPending(first);
        feedAccepting(first, 24, 38);
        first.signal(signal(2, Direction.LONG, bar(1), price(37)).atr(170));
        acceptPending(first);
        List<SubmitOrder> sent = List.copyOf(out.orders);
        SubmitOrder entry = sent.get(0);
        SubmitOrder fixedStop = sent.get(1);
        SubmitOrder atrStop = sent.get(2);
        assertThat(fixedStop.triggerPrice()).isEqualTo(139_850L);
        assertThat(atrStop.triggerPrice()).isEqualTo(141_043L);
        assertThat(out.cancels).singleElement().satisfies(c ->
                assertThat(c.clientOrderId()).isEqualTo(fixedStop.clientOrderId()));

        RecordingOrders out2 = new RecordingOrders();
        AquatradeConfig config = DecisionEngineTest.shared(longStrategy("market"));
        DecisionEngine second = new DecisionEngine(DecisionConfig.from(config), config, out2);
        sent.forEach(second::restoreSentOrder);
        second.restoreSentCancel(out.cancels.get(0));
        accept(second, entry);
        second.orderFilled(RouterLikeFills.fill(entry, price(23), 5, 10, "t1"));
        accept(second, fixedStop);
        accept(second, atrStop);
        second.orderCanceled(DecisionEngineOrderLifecycleTest.canceled(fixedStop, 0, bar(1)));
        second.rebuilt();
        // the fills alone give the fixed stop 139851; the working ATR stop (trigger 141043) is tighter and stays
        assertThat(second.position(ID, "XRPETH").stopPrice()).isEqualTo(141_044L);
        assertThat(out2.orders).isEmpty();
        assertThat(out2.cancels).isEmpty();
        trades(second, 38, 45);
        assertThat(second.position(ID, "XRPETH").stopPrice()).isEqualTo(141_044L);
        // 00:15 brings ATR 170 again; the best since the replayed fill is #44's 141428: 141428 - 425 = 141003, looser
        second.signal(signal(3, Direction.LONG, bar(2), price(44)).atr(170));
        assertThat(second.position(ID, "XRPETH").stopPrice()).isEqualTo(141_044L);
        assertThat(out2.orders).isEmpty();
        // ATR 100 then: 141428 - floor(2.5 x 100) = 141178, tighter: the venue stop moves, new first
        second.signal(signal(4, Direction.LONG, bar(3), price(44)).atr(100));
        assertThat(second.position(ID, "XRPETH").stopPrice()).isEqualTo(141_178L);
        assertThat(out2.orders).singleElement().satisfies(o -> assertThat(o.triggerPrice()).isEqualTo(141_177L));
        assertThat(out2.sequence).containsExactly("submit " + out2.orders.get(0).clientOrderId(),
                "cancel " + atrStop.clientOrderId());
    }

    @Test
    void theTickPathAllocatesNothingWhileTheAtrStopTrails() {
        // ATR 1100 from the entry signal on: the level trails 2750 below the best trade; the deepest fall below the
        // running best in trades #24..#5023 is 2516, so nothing triggers and every new best moves the stop
        DecisionEngine[] engines = new DecisionEngine[4];
        for (int k = 0; k < engines.length; k++) {
            engines[k] = engine("{id: vwap-momentum, capital: 1.0, orderFraction: 0.5, stopLossBps: 10000, "
                    + "trailingStop: {atr: 2.5}}");
            trades(engines[k], 0, 24);
            engines[k].signal(signal(1, Direction.LONG, bar(0), price(23)).atr(1_100));
            SubmitOrder entry = out.last();
            accept(engines[k], entry);
            engines[k].orderFilled(RouterLikeFills.fill(entry, price(23), 5, 10, "t1"));
            assertThat(stop(engines[k])).isEqualTo(141_263L - 2_750);
        }
        List<TradeTick> some = TRADES.subList(24, 5_024);
        for (int warm = 0; warm < 2; warm++) {
            for (TradeTick t : some) {
                engines[warm].tradeTick(t);
            }
        }
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long threadId = Thread.currentThread().getId();
        // each measured engine meets the trades for the first time, so its stop moves as in live trading; the
        // least of two passes, since a JIT event can allocate a few KB once
        long allocated = Long.MAX_VALUE;
        for (int pass = 2; pass < 4; pass++) {
            long before = bean.getThreadAllocatedBytes(threadId);
            for (TradeTick t : some) {
                engines[pass].tradeTick(t);
            }
            allocated = Math.min(allocated, bean.getThreadAllocatedBytes(threadId) - before);
        }
        assertThat(out.orders).as("four entries, no exit").hasSize(4);
        assertThat(stop(engines[3])).as("trailed up to the best, 149267, less 2750").isEqualTo(149_267L - 2_750);
        assertThat(allocated).isLessThan(4_096);
    }

    private void feedAccepting(DecisionEngine engine, int from, int to) {
        for (int i = from; i < to; i++) {
            engine.tradeTick(TRADES.get(i));
            acceptPending(engine);
        }
    }

    private void acceptPending(DecisionEngine engine) {
        for (SubmitOrder o : out.orders) {
            if (engine.orderState(o.clientOrderId()) == OrderTracker.State.PENDING_NEW) {
                accept(engine, o);
            }
        }
    }
}
