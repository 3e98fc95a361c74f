package io.aquatrade.decision.risk;

import static io.aquatrade.decision.risk.RiskFixture.BTC_SIZE_DECIMALS;
import static io.aquatrade.decision.risk.RiskFixture.ns;
import static io.aquatrade.decision.risk.RiskFixture.price;
import static io.aquatrade.decision.risk.RiskFixture.usdt;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

import io.aquatrade.common.DenyReason;
import io.aquatrade.common.OrderDenied;
import io.aquatrade.common.Side;
import io.aquatrade.decision.risk.CrashCandles.Candle;
import org.junit.jupiter.api.Test;

/**
 * Each rule of {@link RiskEngine} trips exactly at its limit and not before. Where prices matter they are Binance's
 * BTC/USDT 1m closes around the crash of 2021-05-19 (shared data), fed as trades at each candle's close time, and
 * every expected number comes from an exact BigDecimal computation written here, independent of the engine.
 */
class RiskEngineTest {
    private static final long MINUTE_NS = 60_000_000_000L;
    private static final long CLOSE_NS = 59_999_000_000L;
    /** 0.2 BTC as a size mantissa (5 decimals). */
    private static final long QTY = 20_000;
    private static final BigDecimal QTY_BTC = new BigDecimal("0.2");

    @Test
    void dailyLossTripsAtTheFirstCloseWhoseLossReaches3PercentOfCapitalAndLiftsNextDay() {
        RiskFixture f = new RiskFixture("", """
                    maxDailyLoss: {fraction: 0.03}
                    flattenOnDailyLoss: true
                """, "");
        RiskEngine risk = f.engine;
        List<Candle> before = CrashCandles.read("BTC_USDT-1m.json.gz", "2021-05-18T23:00:00Z", "2021-05-19T00:00:00Z");
        for (Candle c : before) {
            risk.onTrade(f.btc, price(c.close()), c.openTimeNs() + CLOSE_NS);
        }
        Candle last = before.get(before.size() - 1);
        BigDecimal entry = last.close();
        f.fill(f.s, f.btc, Side.BUY, price(entry), QTY, BTC_SIZE_DECIMALS, last.openTimeNs() + CLOSE_NS);

        // Oracle: the day starts at the 23:59 close (the entry, so the day's P&L starts at 0); the limit is
        // 3 % of 10000 USDT; the loss at a close is 0.2 x (entry - close).
        BigDecimal limit = new BigDecimal("10000").multiply(new BigDecimal("0.03"));
        List<Candle> day = CrashCandles.read("BTC_USDT-1m.json.gz", "2021-05-19T00:00:00Z", "2021-05-20T00:00:00Z");
        int tripAt = -1;
        for (int k = 0; k < day.size(); k++) {
            Candle c = day.get(k);
            long t = c.openTimeNs() + CLOSE_NS;
            risk.onTrade(f.btc, price(c.close()), t);
            BigDecimal loss = QTY_BTC.multiply(entry.subtract(c.close()));
            RiskDecision d = risk.checkEntry(f.s, f.btc, 1, price(c.close()), t);
            if (tripAt < 0 && loss.compareTo(limit) >= 0) {
                tripAt = k;
                assertThat(d.reason()).as("at %s, loss %s", c.openTimeMs(), loss).isEqualTo(DenyReason.DAILY_LOSS);
                assertThat(d.limit()).isEqualTo(usdt(limit));
                assertThat(d.value()).isEqualTo(usdt(loss));
                assertThat(d.decimals()).isEqualTo(8);
                assertThat(risk.pollFlatten()).isEqualTo(f.s);
                assertThat(risk.pollFlatten()).isEqualTo(-1);
                OrderDenied denied = d.copyTo(new OrderDenied());
                assertThat(denied.reasonCode()).isEqualTo(DenyReason.DAILY_LOSS);
                assertThat(denied.limit()).isEqualTo(usdt(limit));
            } else if (tripAt < 0) {
                assertThat(d.ok()).as("at %s, loss %s below %s", c.openTimeMs(), loss, limit).isTrue();
            } else {
                // latched for the rest of the day, even when the price recovers
                assertThat(d.reason()).isEqualTo(DenyReason.DAILY_LOSS);
            }
        }
        assertThat(tripAt).as("the crash takes the loss past 300 USDT, not at the first close").isPositive();
        assertThat(risk.dailyLossStops()).isEqualTo(1);
        // the other strategy, flat, trades on
        assertThat(risk.checkEntry(risk.strategyIndex("t"), f.btc, 1, price(entry), day.get(tripAt).openTimeNs()
                + CLOSE_NS).ok()).isTrue();

        Candle next = CrashCandles.read("BTC_USDT-1m.json.gz", "2021-05-20T00:00:00Z", "2021-05-20T00:01:00Z")
                .get(0);
        risk.onTrade(f.btc, price(next.close()), next.openTimeNs() + CLOSE_NS);
        assertThat(risk.dailyLossHit(f.s)).isFalse();
        assertThat(risk.checkEntry(f.s, f.btc, 1, price(next.close()), next.openTimeNs() + CLOSE_NS).ok()).isTrue();
        // the new day's P&L starts at the last close of the old day
        BigDecimal lastClose = day.get(day.size() - 1).close();
        assertThat(risk.dayPnl(f.s, risk.quoteIndex(f.btc)))
                .isEqualTo(usdt(QTY_BTC.multiply(next.close().subtract(lastClose))));
    }

    @Test
    void dailyLossAsAnAmountCountsRealisedLossOfTheDayOnly() {
        RiskFixture f = new RiskFixture("", "    maxDailyLoss: {amount: 250}\n", "");
        RiskEngine risk = f.engine;
        List<Candle> day = CrashCandles.read("BTC_USDT-1m.json.gz", "2021-05-19T12:00:00Z", "2021-05-19T14:00:00Z");
        // round trips of 0.2 BTC bought at a close and sold at the close 10 minutes later, until the realised
        // losses reach 250 USDT; then the check refuses, without any position open
        BigDecimal realised = BigDecimal.ZERO;
        BigDecimal limit = new BigDecimal("250");
        boolean tripped = false;
        for (int k = 0; k + 10 < day.size() && !tripped; k += 10) {
            Candle in = day.get(k);
            Candle out = day.get(k + 10);
            risk.onTrade(f.btc, price(in.close()), in.openTimeNs() + CLOSE_NS);
            assertThat(risk.checkEntry(f.s, f.btc, QTY, price(in.close()), in.openTimeNs() + CLOSE_NS).ok()).isTrue();
            f.fill(f.s, f.btc, Side.BUY, price(in.close()), QTY, BTC_SIZE_DECIMALS, in.openTimeNs() + CLOSE_NS);
            risk.onTrade(f.btc, price(out.close()), out.openTimeNs() + CLOSE_NS);
            f.fill(f.s, f.btc, Side.SELL, price(out.close()), QTY, BTC_SIZE_DECIMALS, out.openTimeNs() + CLOSE_NS);
            realised = realised.add(QTY_BTC.multiply(out.close().subtract(in.close())));
            RiskDecision d = risk.checkEntry(f.s, f.btc, 1, price(out.close()), out.openTimeNs() + CLOSE_NS);
            if (realised.negate().compareTo(limit) >= 0) {
                assertThat(d.reason()).isEqualTo(DenyReason.DAILY_LOSS);
                assertThat(d.limit()).isEqualTo(usdt(limit));
                assertThat(d.value()).isEqualTo(usdt(realised.negate()));
                tripped = true;
            } else {
                assertThat(d.ok()).as("realised %s", realised).isTrue();
            }
        }
        assertThat(tripped).as("two hours of 2021-05-19 lose 250 USDT on 0.2 BTC round trips").isTrue();
        assertThat(risk.pollFlatten()).as("flattenOnDailyLoss not set").isEqualTo(-1);
    }

    @Test
    void tradesPerDayTripAtTheLimitPerStrategyAndPerInstrumentAndRestartAtDayStartUtc() {
        RiskFixture f = new RiskFixture("", """
                    dayStartUtc: "08:00"
                    maxTradesPerDay: {strategy: 3, instrument: 2}
                """, "");
        RiskEngine risk = f.engine;
        long t = ns("2021-05-19T07:00:00Z");
        risk.onEntrySent(f.s, f.btc, t);
        assertThat(risk.checkEntry(f.s, f.btc, 1, 1, t).ok()).isTrue();
        risk.onEntrySent(f.s, f.btc, t);
        RiskDecision d = risk.checkEntry(f.s, f.btc, 1, 1, t);
        assertThat(d.reason()).isEqualTo(DenyReason.MAX_TRADES_PER_DAY);
        assertThat(d.limit()).isEqualTo(2);
        assertThat(d.value()).isEqualTo(2);
        assertThat(risk.checkEntry(f.s, f.eth, 1, 1, t).ok()).isTrue();
        risk.onEntrySent(f.s, f.eth, t);
        d = risk.checkEntry(f.s, f.eth, 1, 1, t);
        assertThat(d.reason()).isEqualTo(DenyReason.MAX_TRADES_PER_DAY);
        assertThat(d.limit()).isEqualTo(3);
        assertThat(d.value()).isEqualTo(3);
        // the other strategy has its own count
        assertThat(risk.checkEntry(risk.strategyIndex("t"), f.btc, 1, 1, t).ok()).isTrue();
        // 07:59:59.999999999 is still the same trading day; 08:00 UTC starts the next
        assertThat(risk.checkEntry(f.s, f.eth, 1, 1, ns("2021-05-19T07:59:59.999999999Z")).ok()).isFalse();
        assertThat(risk.checkEntry(f.s, f.eth, 1, 1, ns("2021-05-19T08:00:00Z")).ok()).isTrue();
        assertThat(risk.tradesToday(f.s)).isZero();
    }

    @Test
    void exposurePerInstrumentTripsOneLotAboveHalfTheEquityAtARealPrice() {
        RiskFixture f = new RiskFixture("", "    maxExposure: {instrument: {fraction: 0.5}}\n", "");
        RiskEngine risk = f.engine;
        Candle c = CrashCandles.read("BTC_USDT-1m.json.gz", "2021-05-19T13:00:00Z", "2021-05-19T13:01:00Z").get(0);
        long t = c.openTimeNs() + CLOSE_NS;
        risk.onTrade(f.btc, price(c.close()), t);
        // Oracle: the most that stays within 5000 USDT: floor(5000 / close) at 5 decimals
        BigDecimal limit = new BigDecimal("5000");
        long max = limit.divide(c.close(), BTC_SIZE_DECIMALS, RoundingMode.FLOOR).unscaledValue().longValueExact();
        assertThat(risk.checkEntry(f.s, f.btc, max, price(c.close()), t).ok()).isTrue();
        RiskDecision d = risk.checkEntry(f.s, f.btc, max + 1, price(c.close()), t);
        assertThat(d.reason()).isEqualTo(DenyReason.MAX_EXPOSURE);
        assertThat(d.limit()).isEqualTo(usdt(limit));
        assertThat(d.value()).isEqualTo(usdt(BigDecimal.valueOf(max + 1, BTC_SIZE_DECIMALS).multiply(c.close())));

        // holding 0.1 BTC bought at that close, 20 minutes later: equity and the open notional move with the mark
        f.fill(f.s, f.btc, Side.BUY, price(c.close()), 10_000, BTC_SIZE_DECIMALS, t);
        Candle later = CrashCandles.read("BTC_USDT-1m.json.gz", "2021-05-19T13:20:00Z", "2021-05-19T13:21:00Z")
                .get(0);
        long t2 = later.openTimeNs() + CLOSE_NS;
        risk.onTrade(f.btc, price(later.close()), t2);
        BigDecimal held = new BigDecimal("0.1");
        BigDecimal equity = new BigDecimal("10000").add(held.multiply(later.close().subtract(c.close())));
        BigDecimal limit2 = equity.multiply(new BigDecimal("0.5")).setScale(8, RoundingMode.FLOOR);
        BigDecimal room = limit2.subtract(held.multiply(later.close()));
        long max2 = room.divide(later.close(), BTC_SIZE_DECIMALS, RoundingMode.FLOOR).unscaledValue()
                .longValueExact();
        assertThat(risk.checkEntry(f.s, f.btc, max2, price(later.close()), t2).ok()).isTrue();
        d = risk.checkEntry(f.s, f.btc, max2 + 1, price(later.close()), t2);
        assertThat(d.reason()).isEqualTo(DenyReason.MAX_EXPOSURE);
        assertThat(d.limit()).isEqualTo(usdt(limit2));
        assertThat(d.value()).isEqualTo(usdt(held.add(BigDecimal.valueOf(max2 + 1, BTC_SIZE_DECIMALS))
                .multiply(later.close())));
    }

    @Test
    void accountExposureSumsEveryStrategy() {
        RiskFixture f = new RiskFixture("", "    maxExposure: {account: {amount: 3000}}\n", "");
        RiskEngine risk = f.engine;
        Candle c = CrashCandles.read("ETH_USDT-1m.json.gz", "2021-05-19T13:00:00Z", "2021-05-19T13:01:00Z").get(0);
        long t = c.openTimeNs() + CLOSE_NS;
        long px = price(c.close());
        risk.onTrade(f.eth, px, t);
        // strategy t holds 0.5 ETH; s may add up to 3000 - 0.5 x close
        f.fill(risk.strategyIndex("t"), f.eth, Side.BUY, px, 5_000, 4, t);
        BigDecimal room = new BigDecimal("3000").subtract(new BigDecimal("0.5").multiply(c.close()));
        long max = room.divide(c.close(), 4, RoundingMode.FLOOR).unscaledValue().longValueExact();
        assertThat(risk.checkEntry(f.s, f.eth, max, px, t).ok()).isTrue();
        RiskDecision d = risk.checkEntry(f.s, f.eth, max + 1, px, t);
        assertThat(d.reason()).isEqualTo(DenyReason.MAX_EXPOSURE);
        assertThat(d.limit()).isEqualTo(usdt("3000"));
        assertThat(d.value()).isEqualTo(usdt(new BigDecimal("0.5").add(BigDecimal.valueOf(max + 1, 4))
                .multiply(c.close())));
    }

    @Test
    void openPositionsTripAtTheLimitForANewInstrumentOnly() {
        RiskFixture f = new RiskFixture("", "", ", risk: {maxOpenPositions: 1}");
        RiskEngine risk = f.engine;
        long t = ns("2021-05-19T13:00:00Z");
        assertThat(risk.checkEntry(f.s, f.eth, 1, 100, t).ok()).isTrue();
        f.fill(f.s, f.btc, Side.BUY, 4_000_000, 100, BTC_SIZE_DECIMALS, t);
        RiskDecision d = risk.checkEntry(f.s, f.eth, 1, 100, t);
        assertThat(d.reason()).isEqualTo(DenyReason.MAX_OPEN_POSITIONS);
        assertThat(d.limit()).isEqualTo(1);
        assertThat(d.value()).isEqualTo(1);
        assertThat(risk.checkEntry(f.s, f.btc, 1, 4_000_000, t).ok()).as("adding to the open one").isTrue();
        assertThat(risk.checkEntry(risk.strategyIndex("t"), f.eth, 1, 100, t).ok())
                .as("the strategy's own block applies to it alone").isTrue();
        f.fill(f.s, f.btc, Side.SELL, 4_000_000, 100, BTC_SIZE_DECIMALS, t);
        assertThat(risk.checkEntry(f.s, f.eth, 1, 100, t).ok()).isTrue();
    }

    @Test
    void cooldownStartsAtTheSecondConsecutiveLosingRoundTripAndEndsAfterItsMinutes() {
        RiskFixture f = new RiskFixture("", "    cooldown: {losses: 2, minutes: 30}\n", "");
        RiskEngine risk = f.engine;
        List<Candle> day = CrashCandles.read("BTC_USDT-1m.json.gz", "2021-05-19T11:00:00Z", "2021-05-19T16:00:00Z");
        // Round trips of 0.2 BTC, each bought at a close and sold 5 minutes later; the oracle counts consecutive
        // losses by sign of (exit - entry) and expects the cooldown at the second in a row.
        int losses = 0;
        long cooldownStart = -1;
        for (int k = 0; k + 5 < day.size() && cooldownStart < 0; k += 5) {
            Candle in = day.get(k);
            Candle out = day.get(k + 5);
            long tin = in.openTimeNs() + CLOSE_NS;
            long tout = out.openTimeNs() + CLOSE_NS;
            assertThat(risk.checkEntry(f.s, f.btc, QTY, price(in.close()), tin).ok()).isTrue();
            f.fill(f.s, f.btc, Side.BUY, price(in.close()), QTY, BTC_SIZE_DECIMALS, tin);
            f.fill(f.s, f.btc, Side.SELL, price(out.close()), QTY, BTC_SIZE_DECIMALS, tout);
            losses = out.close().compareTo(in.close()) < 0 ? losses + 1 : 0;
            RiskDecision d = risk.checkEntry(f.s, f.btc, QTY, price(out.close()), tout);
            if (losses == 2) {
                cooldownStart = tout;
                assertThat(d.reason()).isEqualTo(DenyReason.COOLDOWN);
                assertThat(d.limit()).isEqualTo(30 * 60_000L);
                assertThat(d.value()).isZero();
            } else {
                assertThat(d.ok()).as("after %d losses", losses).isTrue();
            }
        }
        assertThat(cooldownStart).as("two losing round trips in a row on the crash day").isPositive();
        assertThat(risk.checkEntry(f.s, f.eth, 1, 100, cooldownStart).ok()).as("other instrument").isTrue();
        long end = cooldownStart + 30 * MINUTE_NS;
        RiskDecision d = risk.checkEntry(f.s, f.btc, 1, 100, end - 1);
        assertThat(d.reason()).isEqualTo(DenyReason.COOLDOWN);
        assertThat(d.value()).isEqualTo(30 * 60_000L - 1);
        assertThat(risk.checkEntry(f.s, f.btc, 1, 100, end).ok()).isTrue();
    }

    @Test
    void aStopOutStartsACooldownWhenConfigured() {
        RiskFixture f = new RiskFixture("", "    cooldown: {afterStopOut: true, minutes: 15}\n", "");
        RiskEngine risk = f.engine;
        long t = ns("2021-05-19T13:00:00Z");
        risk.onStopOut(f.s, f.btc, t);
        assertThat(risk.checkEntry(f.s, f.btc, 1, 100, t + 15 * MINUTE_NS - 1).reason())
                .isEqualTo(DenyReason.COOLDOWN);
        assertThat(risk.checkEntry(f.s, f.btc, 1, 100, t + 15 * MINUTE_NS).ok()).isTrue();
    }

    @Test
    void staleMarketDataTripsOneNanosecondAfterStaleAfterMsLiveOnly() {
        RiskFixture live = new RiskFixture("  sequencing: arrival\n", "    staleAfterMs: 5000\n", "");
        long t = ns("2021-05-19T13:00:00Z");
        live.engine.onTrade(live.btc, 4_000_000, t);
        assertThat(live.engine.checkEntry(live.s, live.btc, 1, 4_000_000, t + 5_000_000_000L).ok()).isTrue();
        RiskDecision d = live.engine.checkEntry(live.s, live.btc, 1, 4_000_000, t + 5_000_000_001L);
        assertThat(d.reason()).isEqualTo(DenyReason.STALE_MARKET_DATA);
        assertThat(d.limit()).isEqualTo(5000);
        assertThat(d.value()).as("age in whole ms, rounded up").isEqualTo(5001);
        assertThat(live.engine.checkEntry(live.s, live.eth, 1, 100, t).reason())
                .as("no tick at all").isEqualTo(DenyReason.STALE_MARKET_DATA);

        RiskFixture replay = new RiskFixture("", "    staleAfterMs: 5000\n", "");
        replay.engine.onTrade(replay.btc, 4_000_000, t);
        assertThat(replay.engine.checkEntry(replay.s, replay.btc, 1, 4_000_000, t + 60_000_000_000L).ok())
                .as("event-time runs do not check staleness").isTrue();
    }

    @Test
    void spreadTripsAboveMaxSpreadBpsNotAtIt() {
        RiskFixture f = new RiskFixture("", "    maxSpreadBps: 20\n", "");
        RiskEngine risk = f.engine;
        long t = ns("2021-05-19T13:00:00Z");
        // bid 99.90, ask 100.10: 0.20 / mid 100.00 = 20 bps exactly
        risk.onQuote(f.btc, 9_990, 10_010, t);
        assertThat(risk.checkEntry(f.s, f.btc, 1, 10_010, t).ok()).isTrue();
        // ask 100.11: 0.21 / 100.005 = 20.99895... bps, shown rounded up to 21.00
        risk.onQuote(f.btc, 9_990, 10_011, t);
        RiskDecision d = risk.checkEntry(f.s, f.btc, 1, 10_011, t);
        assertThat(d.reason()).isEqualTo(DenyReason.SPREAD_TOO_WIDE);
        assertThat(d.limit()).isEqualTo(2_000);
        BigDecimal exact = new BigDecimal("0.21").multiply(new BigDecimal("10000"))
                .divide(new BigDecimal("100.005"), 2, RoundingMode.CEILING);
        assertThat(d.value()).isEqualTo(exact.unscaledValue().longValueExact());
        assertThat(d.decimals()).isEqualTo(2);
    }

    @Test
    void killSwitchByTopicOrFileRefusesEveryEntry() {
        RiskFixture f = new RiskFixture("", "", "");
        RiskEngine risk = f.engine;
        long t = ns("2021-05-19T13:00:00Z");
        assertThat(risk.checkEntry(f.s, f.btc, 1, 100, t).ok()).isTrue();
        risk.onKillSwitch(true, t);
        assertThat(risk.checkEntry(f.s, f.btc, 1, 100, t).reason()).isEqualTo(DenyReason.KILL_SWITCH);
        risk.onKillSwitch(false, t);
        assertThat(risk.checkEntry(f.s, f.btc, 1, 100, t).ok()).isTrue();
        risk.killSwitchFile(true);
        assertThat(risk.checkEntry(f.s, f.btc, 1, 100, t).reason()).isEqualTo(DenyReason.KILL_SWITCH);
        risk.killSwitchFile(false);
        assertThat(risk.checkEntry(f.s, f.btc, 1, 100, t).ok()).isTrue();
    }

    @Test
    void replayingTheDaysFillsAndEntriesAfterARestartKeepsTheDaysLossAndTradeCount() {
        String rules = """
                    maxDailyLoss: {amount: 400}
                    maxTradesPerDay: 20
                """;
        RiskFixture live = new RiskFixture("", rules, "");
        RiskFixture restarted = new RiskFixture("", rules, "");
        List<Candle> day = CrashCandles.read("BTC_USDT-1m.json.gz", "2021-05-19T12:00:00Z", "2021-05-19T13:00:00Z");
        for (RiskFixture f : List.of(live, restarted)) {
            for (int k = 0; k + 10 < day.size(); k += 10) {
                Candle in = day.get(k);
                Candle out = day.get(k + 10);
                f.engine.onEntrySent(f.s, f.btc, in.openTimeNs() + CLOSE_NS);
                f.fill(f.s, f.btc, Side.BUY, price(in.close()), QTY, BTC_SIZE_DECIMALS, in.openTimeNs() + CLOSE_NS);
                if (f == live) {
                    f.engine.onTrade(f.btc, price(out.close()), out.openTimeNs() + CLOSE_NS);
                }
                f.fill(f.s, f.btc, Side.SELL, price(out.close()), QTY, BTC_SIZE_DECIMALS,
                        out.openTimeNs() + CLOSE_NS);
            }
        }
        long now = day.get(day.size() - 1).openTimeNs() + CLOSE_NS;
        int q = live.engine.quoteIndex(live.btc);
        assertThat(restarted.engine.tradesToday(restarted.s)).isEqualTo(live.engine.tradesToday(live.s))
                .isEqualTo((day.size() - 11) / 10 + 1);
        assertThat(restarted.engine.dayPnl(restarted.s, q)).isEqualTo(live.engine.dayPnl(live.s, q)).isNegative();
        assertThat(restarted.engine.checkEntry(restarted.s, restarted.btc, 1, 100, now).toString())
                .isEqualTo(live.engine.checkEntry(live.s, live.btc, 1, 100, now).toString());
    }
}
