package io.aquatrade.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.DenyReason;
import io.aquatrade.common.OrderDenied;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.Side;
import io.aquatrade.common.SubmitOrder;
import io.aquatrade.common.testing.SampleData;
import io.aquatrade.decision.DecisionEngine;
import io.aquatrade.decision.risk.RiskEngine;
import org.junit.jupiter.api.Test;

/**
 * The risk rules through the whole kernel (signal engine, decision engine, paper router) in a backtest over Binance's
 * real BTC/USDT 5m candles of 2021-05-10 to 2021-05-20 (the shared 2021 set, with the crash of 2021-05-19): the
 * same classes a live run uses, so a config's risk section changes the backtest as it changes the processes.
 */
class RiskRulesBacktestTest {
    private static final Path DIR = SampleData.projectRoot()
            .resolve("../shared/data/candles/binance_spot_1m_5m_2021-04-20_2021-05-20").normalize();
    private static final long FROM_NS = Instant.parse("2021-05-10T00:00:00Z").toEpochMilli() * 1_000_000L;
    private static final long TO_NS = Instant.parse("2021-05-20T00:00:00Z").toEpochMilli() * 1_000_000L;

    private static AquatradeConfig config(String risk) {
        return AquatradeConfig.parse(Path.of("risk-backtest.yaml"), """
                instruments:
                  - {symbol: BTCUSDT, base: BTC, quote: USDT, priceDecimals: 2, sizeDecimals: 6}
                assets: {BTC: 8, USDT: 8}
                signal-generator:
                  timeframe: 5m
                  strategies:
                    - {id: cross, type: ema-cross, instruments: [BTCUSDT], fast: 9, slow: 20}
                decision-engine:
                """ + risk + """
                  strategies:
                    - {id: cross, capital: 10000, orderFraction: 0.5, stopLossBps: 150}
                order-router:
                  venue: paper
                  paper: {takerFeeBps: 10, slippageBps: 5, balances: {USDT: 10000, BTC: 0}}
                """);
    }

    private static BacktestReport run(AquatradeConfig config) {
        MarketHistory history = MarketHistory.load(config,
                List.of(new MarketHistory.Input(DIR.resolve("BTC_USDT-5m.json.gz"), null, "BTCUSDT")));
        return Backtest.run(config, history, FROM_NS, TO_NS);
    }

    private static LocalDate day(long eventTimeNs) {
        return Instant.ofEpochSecond(0, eventTimeNs).atZone(ZoneOffset.UTC).toLocalDate();
    }

    /** Entries: the long-only strategy's buys caused by a signal (its exits are sells). */
    private static Map<LocalDate, Integer> entriesPerDay(BacktestReport report) {
        Map<LocalDate, Integer> out = new TreeMap<>();
        for (SubmitOrder o : report.orders()) {
            if (o.side() == Side.BUY && DecisionEngine.REASON_SIGNAL.equals(o.reason())) {
                out.merge(day(o.eventTimeNs()), 1, Integer::sum);
            }
        }
        return out;
    }

    @Test
    void maxTradesPerDayOneLetsTheFirstEntryOfEachUtcDayThroughAndDeniesTheNext() {
        BacktestReport free = run(config(""));
        BacktestReport limited = run(config("  risk: {maxTradesPerDay: 1}\n"));

        Map<LocalDate, Integer> freeEntries = entriesPerDay(free);
        assertThat(freeEntries.values()).as("without the rule the strategy enters several times a day")
                .anyMatch(n -> n > 1);
        Map<LocalDate, Integer> limitedEntries = entriesPerDay(limited);
        assertThat(limitedEntries.values()).as("at most one entry per strategy per UTC day").allMatch(n -> n == 1);
        assertThat(limitedEntries.keySet()).as("every day the free run traded, the limited run traded once")
                .isEqualTo(freeEntries.keySet());

        List<OrderDenied> byRule = limited.denied().stream()
                .filter(d -> d.reasonCode() == DenyReason.MAX_TRADES_PER_DAY).toList();
        assertThat(byRule).isNotEmpty();
        assertThat(limited.denials()).containsEntry(DenyReason.MAX_TRADES_PER_DAY, (long) byRule.size());
        for (OrderDenied d : byRule) {
            // tripped exactly at the limit: one entry already sent that day, none before it
            assertThat(d.limit()).isEqualTo(1);
            assertThat(d.value()).isEqualTo(1);
            assertThat(d.decimals()).isZero();
            long entriesBefore = limited.orders().stream().filter(o -> o.side() == Side.BUY
                    && DecisionEngine.REASON_SIGNAL.equals(o.reason()) && day(o.eventTimeNs()).equals(day(
                    d.eventTimeNs())) && o.eventTimeNs() <= d.eventTimeNs()).count();
            assertThat(entriesBefore).as("denial at %s", Instant.ofEpochSecond(0, d.eventTimeNs())).isEqualTo(1);
        }
    }

    @Test
    void theDailyLossLimitStopsTradingOnTheCrashDayExactlyWhenTheDaysLossReachesIt() {
        AquatradeConfig config = config("  risk: {maxDailyLoss: {fraction: 0.01}, flattenOnDailyLoss: true}\n");
        BacktestReport report = run(config);

        List<RiskEngine.DailyLossStop> stops = report.dailyLossStops();
        assertThat(stops).isNotEmpty();
        assertThat(stops).extracting(RiskEngine.DailyLossStop::day).doesNotHaveDuplicates()
                .contains(LocalDate.parse("2021-05-19"));
        assertThat(ReportFiles.orders(report, config)).contains("daily-loss stops: " + stops.size())
                .contains("2021-05-19 cross");

        // Oracle, in BigDecimal from the fills and the candle closes: the day's P&L is realised + unrealised now
        // minus the same at the last mark before the day began. The marks are the risk engine's: in a candle
        // backtest the trade at each bar's close, and a fill's own price until the next trade. At a bar's close
        // time the decision engine takes the signal first (then its entry's or exit's fill, at that time), then the
        // close's trade, whose stop-loss or flatten order fills after it.
        Map<String, String> reasons = new java.util.HashMap<>();
        report.orders().forEach(x -> reasons.put(x.clientOrderId(), x.reason()));
        List<OrderFilled> fills = report.fills();
        PriceSeries closes = report.prices().get(0);
        Oracle o = new Oracle(new BigDecimal("100.00000000")); // 1 % of 10,000 USDT
        List<OrderFilled> afterTick = new ArrayList<>();
        int f = 0;
        for (int i = 0; i < closes.size(); i++) {
            long t = closes.closeTimeNs(i);
            afterTick.clear();
            while (f < fills.size() && fills.get(f).eventTimeNs() <= t) {
                OrderFilled x = fills.get(f++);
                String reason = reasons.get(x.clientOrderId());
                if (x.eventTimeNs() == t && !DecisionEngine.REASON_SIGNAL.equals(reason)
                        && !DecisionEngine.REASON_REVERSE.equals(reason)) {
                    afterTick.add(x);
                } else {
                    o.fill(x);
                }
            }
            o.mark(t, BigDecimal.valueOf(closes.close(i), 2));
            afterTick.forEach(o::fill);
        }
        assertThat(o.stops).isNotEmpty();
        assertThat(stops).extracting(RiskEngine.DailyLossStop::day).isEqualTo(o.stops);
        assertThat(stops).extracting(RiskEngine.DailyLossStop::loss).isEqualTo(o.losses);
        for (RiskEngine.DailyLossStop s : stops) {
            assertThat(s.limit()).isEqualTo(10_000_000_000L);
            assertThat(s.decimals()).isEqualTo(8);
        }
        // the position is closed at market on the days the limit stopped trading, and only then
        assertThat(report.orders().stream().filter(x -> DecisionEngine.REASON_DAILY_LOSS.equals(x.reason()))
                .map(x -> day(x.eventTimeNs())).toList()).allMatch(stopDays(stops)::contains);
        // every entry after the stop that day was denied, with the day's loss at or above the limit
        assertThat(report.denied()).filteredOn(d -> d.reasonCode() == DenyReason.DAILY_LOSS)
                .allSatisfy(d -> assertThat(stopDays(stops)).contains(day(d.eventTimeNs())))
                .allSatisfy(d -> assertThat(d.value()).isGreaterThanOrEqualTo(d.limit()));
        for (RiskEngine.DailyLossStop s : stops) {
            long stopNs = o.stopTimes.get(o.stops.indexOf(s.day()));
            assertThat(report.orders()).filteredOn(x -> x.side() == Side.BUY && day(x.eventTimeNs()).equals(s.day())
                    && x.eventTimeNs() > stopNs).as("entries after the stop on %s", s.day()).isEmpty();
        }
    }

    /** The day's P&amp;L of one strategy from its fills and marks, in BigDecimal, independent of the engine. */
    private static final class Oracle {
        final BigDecimal limit;
        final List<LocalDate> stops = new ArrayList<>();
        final List<Long> losses = new ArrayList<>();
        final List<Long> stopTimes = new ArrayList<>();
        BigDecimal qty = BigDecimal.ZERO;
        BigDecimal cash = BigDecimal.ZERO; // quote paid out, fees included
        BigDecimal mark = BigDecimal.ZERO;
        BigDecimal dayStart = BigDecimal.ZERO;
        LocalDate today;
        boolean stopped;

        Oracle(BigDecimal limit) {
            this.limit = limit;
        }

        void mark(long t, BigDecimal price) {
            newDay(t);
            mark = price;
            check(t);
        }

        void fill(OrderFilled x) {
            newDay(x.eventTimeNs());
            BigDecimal q = BigDecimal.valueOf(x.fillQuantity(), 6);
            BigDecimal quote = BigDecimal.valueOf(x.quoteQuantity(), 8);
            BigDecimal fee = BigDecimal.valueOf(x.fee(), 8);
            qty = x.side() == Side.BUY ? qty.add(q) : qty.subtract(q);
            cash = x.side() == Side.BUY ? cash.add(quote).add(fee) : cash.subtract(quote).add(fee);
            mark = BigDecimal.valueOf(x.fillPrice(), 2);
            check(x.eventTimeNs());
        }

        private void newDay(long t) {
            if (!day(t).equals(today)) {
                dayStart = value();
                today = day(t);
                stopped = false;
            }
        }

        private void check(long t) {
            BigDecimal loss = dayStart.subtract(value());
            if (!stopped && loss.compareTo(limit) >= 0) {
                stopped = true;
                stops.add(today);
                losses.add(loss.movePointRight(8).longValueExact());
                stopTimes.add(t);
            }
        }

        /** Realised plus unrealised P&amp;L: quantity x mark (a long's value rounded down) - cash paid out. */
        private BigDecimal value() {
            return qty.multiply(mark).setScale(8, RoundingMode.DOWN).subtract(cash);
        }
    }

    /** @return the close of the bar closing at that time, price mantissa */
    private static long closeAt(BacktestReport report, long timeNs) {
        PriceSeries closes = report.prices().get(0);
        for (int i = 0; i < closes.size(); i++) {
            if (closes.closeTimeNs(i) == timeNs) {
                return closes.close(i);
            }
        }
        throw new AssertionError("no bar closes at " + timeNs);
    }

    /** Notional of an entry at the bar's close, rounded up to USDT's 8 decimals, as the exposure rules count it. */
    private static long notional(BacktestReport report, SubmitOrder o) {
        return BigDecimal.valueOf(o.quantity(), 6).multiply(BigDecimal.valueOf(closeAt(report, o.eventTimeNs()), 2))
                .setScale(8, RoundingMode.UP).movePointRight(8).longValueExact();
    }

    @Test
    void maxExposureLetsAnEntryWorthExactlyTheLimitThroughAndDeniesOneUnitMore() {
        BacktestReport free = run(config(""));
        SubmitOrder first = free.orders().get(0);
        long n = notional(free, first);
        String limit = new BigDecimal(n).movePointLeft(8).toPlainString();
        String below = new BigDecimal(n - 1).movePointLeft(8).toPlainString();

        BacktestReport atLimit = run(config("  risk: {maxExposure: {instrument: {amount: " + limit + "}}}\n"));
        assertThat(atLimit.orders().get(0).clientOrderId()).isEqualTo(first.clientOrderId());
        assertThat(atLimit.orders().get(0).eventTimeNs()).isEqualTo(first.eventTimeNs());
        assertThat(atLimit.orders().get(0).quantity()).isEqualTo(first.quantity());

        BacktestReport beyond = run(config("  risk: {maxExposure: {instrument: {amount: " + below + "}}}\n"));
        OrderDenied d = beyond.denied().stream().filter(x -> x.reasonCode() == DenyReason.MAX_EXPOSURE)
                .findFirst().orElseThrow();
        assertThat(d.eventTimeNs()).isEqualTo(first.eventTimeNs());
        assertThat(d.limit()).isEqualTo(n - 1);
        assertThat(d.value()).isEqualTo(n);
        assertThat(d.decimals()).isEqualTo(8);
        assertThat(beyond.orders()).filteredOn(o -> o.eventTimeNs() == first.eventTimeNs()).isEmpty();
    }

    @Test
    void theCapitalRuleCapsWhatIsDeployedAtBaseFractionOfCapitalFirst() {
        // 0.4 x 10,000 = 4,000 USDT may be deployed; the first entry is half the balance, about 5,000
        BacktestReport report = run(config("  risk: {capitalRule: {baseFraction: 0.4, profitFraction: 1.0}}\n"));
        BacktestReport free = run(config(""));
        SubmitOrder first = free.orders().get(0);
        OrderDenied d = report.denied().stream().filter(x -> x.reasonCode() == DenyReason.CAPITAL_RULE).findFirst()
                .orElseThrow();
        assertThat(d.eventTimeNs()).isEqualTo(first.eventTimeNs());
        assertThat(d.limit()).isEqualTo(400_000_000_000L);
        assertThat(d.value()).isEqualTo(notional(free, first));
        // with no profit yet and no loss, nothing is ever bought: every entry is the same half of the balance
        assertThat(report.orders()).isEmpty();

        // 0.5 x 10,000 = 5,000 covers half the balance at any price (rounded down to whole lots): trades as free
        BacktestReport half = run(config("  risk: {capitalRule: {baseFraction: 0.5, profitFraction: 1.0}}\n"));
        assertThat(half.orders().get(0).quantity()).isEqualTo(first.quantity());
    }

    @Test
    void aCooldownAfterALosingRoundTripBlocksEntriesForItsMinutesAndNoLonger() {
        BacktestReport report = run(config("  risk: {cooldown: {losses: 1, minutes: 60}}\n"));
        long cooldownNs = 60 * 60_000_000_000L;
        List<RoundTrip> losing = report.roundTrips().stream().filter(r -> r.pnl().signum() < 0).toList();
        assertThat(losing).isNotEmpty();
        List<OrderDenied> cooling = report.denied().stream().filter(d -> d.reasonCode() == DenyReason.COOLDOWN)
                .toList();
        assertThat(cooling).isNotEmpty();
        for (OrderDenied d : cooling) {
            // the latest losing exit before it began the cooldown; the value is the time since, in ms
            long exitNs = losing.stream().mapToLong(RoundTrip::exitTimeNs).filter(t -> t <= d.eventTimeNs()).max()
                    .orElseThrow();
            assertThat(d.limit()).isEqualTo(3_600_000L);
            assertThat(d.value()).isEqualTo((d.eventTimeNs() - exitNs) / 1_000_000L).isLessThan(3_600_000L);
        }
        for (RoundTrip r : losing) {
            assertThat(report.orders()).filteredOn(o -> o.side() == Side.BUY && o.eventTimeNs() >= r.exitTimeNs()
                    && o.eventTimeNs() < r.exitTimeNs() + cooldownNs).as("entries within 60 min of %s", r).isEmpty();
        }
    }

    private static List<LocalDate> stopDays(List<RiskEngine.DailyLossStop> stops) {
        return stops.stream().map(RiskEngine.DailyLossStop::day).toList();
    }

    /** Realised plus unrealised P&amp;L of the position at the mark: quantity x mark - cash paid, 8 decimals. */
    private static BigDecimal value(BigDecimal qty, BigDecimal cash, BigDecimal mark) {
        return qty.multiply(mark).setScale(8, qty.signum() >= 0 ? RoundingMode.DOWN : RoundingMode.UP)
                .subtract(cash);
    }
}
