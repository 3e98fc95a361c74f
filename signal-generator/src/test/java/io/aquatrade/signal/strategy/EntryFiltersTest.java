package io.aquatrade.signal.strategy;

import static io.aquatrade.signal.TradeOracle.XRPETH;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.aquatrade.common.Bar;
import io.aquatrade.common.Direction;
import io.aquatrade.common.Signal;
import io.aquatrade.signal.OutputRecorder;
import io.aquatrade.signal.SignalConfig;
import io.aquatrade.signal.SignalEngine;
import io.aquatrade.signal.StrategyConfig;
import io.aquatrade.signal.Ta4jSeries;
import io.aquatrade.signal.TradeOracle;
import org.junit.jupiter.api.Test;
import org.ta4j.core.BarSeries;
import org.ta4j.core.Indicator;
import org.ta4j.core.indicators.ATRIndicator;
import org.ta4j.core.indicators.EMAIndicator;
import org.ta4j.core.indicators.helpers.ClosePriceIndicator;
import org.ta4j.core.num.Num;

/**
 * Each entry filter on a real run: the filtered strategy's signals are exactly the unfiltered strategy's signals
 * with the filter's condition, computed independently (ta4j's EMAs and ATR, exact cross counts), applied by the
 * documented rule: FLAT always passes; a blocked LONG or SHORT is written marked with the blocking filter's type
 * ({@code blockedBy}), as it is, or as FLAT when it reverses the strategy's previous signal.
 */
class EntryFiltersTest {
    private static final long MS = 1_000_000L;
    private static final long MINUTE_MS = 60_000L;

    /** The condition a filter checks, for the strategy's bar {@code i} and an entry direction. */
    private interface Condition {
        boolean allows(int i, Direction direction);
    }

    private record Run(OutputRecorder out, List<Signal> plain, List<Signal> filtered, List<Bar> bars) {
    }

    private static Run run(long timeframeMs, StrategyFactory strategy, EntryFilterFactory filter) {
        OutputRecorder out = new OutputRecorder();
        SignalConfig config = new SignalConfig(timeframeMs, List.of(
                new StrategyConfig("plain", List.of("XRPETH"), strategy),
                new StrategyConfig("filtered", List.of("XRPETH"), 0, List.of(filter), strategy)));
        SignalEngine engine = new SignalEngine(config, List.of(XRPETH), out, out);
        TradeOracle.trades().forEach(engine::tradeTick);
        List<Signal> plain = out.signals.stream().filter(s -> s.strategyId().equals("plain")).toList();
        List<Signal> filtered = out.signals.stream().filter(s -> s.strategyId().equals("filtered")).toList();
        List<Bar> bars = out.bars.stream().filter(b -> b.timeframeMs() == timeframeMs).toList();
        return new Run(out, plain, filtered, bars);
    }

    private static int index(List<Bar> bars, Signal s) {
        for (int i = 0; i < bars.size(); i++) {
            if (bars.get(i).openTimeNs() == s.barOpenTimeNs()) {
                return i;
            }
        }
        throw new AssertionError("no bar for " + s);
    }

    /** Applies the documented gating rule; returns counts {allowed entries, blocked as they are, turned into FLAT}. */
    private static int[] assertGated(Run run, Condition condition, String type) {
        List<String> expected = new ArrayList<>();
        int[] counts = new int[3];
        Direction last = null;
        for (Signal s : run.plain()) {
            Direction d = s.direction();
            String reason = s.reason();
            if (d != Direction.FLAT && !condition.allows(index(run.bars(), s), d)) {
                boolean reversal = d == Direction.LONG ? last == Direction.SHORT : last == Direction.LONG;
                if (!reversal) {
                    counts[1]++;
                    expected.add(s.barOpenTimeNs() + " " + d + " " + reason + " blockedBy " + type);
                    continue; // not the strategy's previous signal
                }
                reason = d + " entry blocked by " + type + ": exit the " + (d == Direction.LONG ? "short" : "long")
                        + " only";
                d = Direction.FLAT;
                counts[2]++;
                expected.add(s.barOpenTimeNs() + " " + d + " " + reason + " blockedBy " + type);
            } else {
                counts[0] += d != Direction.FLAT ? 1 : 0;
                expected.add(s.barOpenTimeNs() + " " + d + " " + reason + " blockedBy null");
            }
            last = d;
        }
        List<String> actual = run.filtered().stream()
                .map(s -> s.barOpenTimeNs() + " " + s.direction() + " " + s.reason() + " blockedBy " + s.blockedBy())
                .toList();
        assertThat(actual).isEqualTo(expected);
        return counts;
    }

    @Test
    void emaTrendAllowsLongsOnlyAboveAndShortsOnlyBelowTheStackedEmas() {
        int[] total = new int[3];
        for (StrategyFactory strategy : List.of(new MaCrossStrategy.Params(9, 5), new EmaCrossStrategy.Params(5, 13))) {
            Run run = run(MINUTE_MS, strategy, new EmaTrendFilter.Params());
            BarSeries series = Ta4jSeries.of("XRPETH", run.bars(), XRPETH);
            ClosePriceIndicator close = new ClosePriceIndicator(series);
            Indicator<Num> e9 = new EMAIndicator(close, 9);
            Indicator<Num> e20 = new EMAIndicator(close, 20);
            Indicator<Num> e200 = new EMAIndicator(close, 200);
            int[] counts = assertGated(run, (i, d) -> i >= 199 && (d == Direction.LONG
                    ? e9.getValue(i).isGreaterThan(e20.getValue(i)) && e20.getValue(i).isGreaterThan(e200.getValue(i))
                    : e9.getValue(i).isLessThan(e20.getValue(i)) && e20.getValue(i).isLessThan(e200.getValue(i))),
                    EmaTrendFilter.TYPE);
            for (int k = 0; k < 3; k++) {
                total[k] += counts[k];
            }
        }
        assertThat(total[0]).as("entries allowed").isPositive();
        assertThat(total[1]).as("entries dropped").isPositive();
        assertThat(total[2]).as("reversals turned into exits").isPositive();
    }

    @Test
    void confirmTimeframesNeedsEveryHigherTimeframesLastCloseOnTheSameSideOfItsEma() {
        List<Long> timeframes = List.of(300_000L, 900_000L);
        Run run = run(MINUTE_MS, new MaCrossStrategy.Params(9, 5),
                new ConfirmTimeframesFilter.Params(timeframes, 20));
        List<List<Bar>> confirming = new ArrayList<>();
        List<Indicator<Num>> emas = new ArrayList<>();
        for (long tf : timeframes) {
            List<Bar> bars = run.out().bars.stream().filter(b -> b.timeframeMs() == tf).toList();
            confirming.add(bars);
            emas.add(new EMAIndicator(new ClosePriceIndicator(Ta4jSeries.of("XRPETH", bars, XRPETH)), 20));
        }
        int[] counts = assertGated(run, (i, d) -> {
            long decidedAtNs = run.bars().get(i).eventTimeNs();
            for (int t = 0; t < timeframes.size(); t++) {
                List<Bar> bars = confirming.get(t);
                int j = -1;
                while (j + 1 < bars.size() && bars.get(j + 1).eventTimeNs() <= decidedAtNs) {
                    j++;
                }
                if (j < 19) {
                    return false;
                }
                double close = XRPETH.priceToDouble(bars.get(j).close());
                double ema = emas.get(t).getValue(j).doubleValue();
                if (d == Direction.LONG ? !(close > ema) : !(close < ema)) {
                    return false;
                }
            }
            return true;
        }, ConfirmTimeframesFilter.TYPE);
        assertThat(counts[0]).as("entries allowed").isPositive();
        assertThat(counts[1] + counts[2]).as("entries blocked").isPositive();
    }

    @Test
    void chopStandsDownOnTooManyCrossesOrTooLittleRange() {
        for (ChopFilter.Params chop : List.of(new ChopFilter.Params(20, 4, 9, 14, 0),
                new ChopFilter.Params(10, 2, 9, 14, 4.0))) {
            Run run = run(MINUTE_MS, new MaCrossStrategy.Params(9, 5), chop);
            List<Bar> bars = run.bars();
            BarSeries series = Ta4jSeries.of("XRPETH", bars, XRPETH);
            Indicator<Num> atr = new ATRIndicator(series, chop.atr());
            // crosses of the close and its SMA, exactly: crossed[i] for every bar with the SMA ready
            boolean[] crossed = new boolean[bars.size()];
            int lastSide = 0;
            for (int i = chop.sma() - 1; i < bars.size(); i++) {
                long sum = 0;
                for (int k = i - chop.sma() + 1; k <= i; k++) {
                    sum += bars.get(k).close();
                }
                int side = Long.signum(bars.get(i).close() * chop.sma() - sum);
                crossed[i] = side != 0 && side == -lastSide;
                if (side != 0) {
                    lastSide = side;
                }
            }
            int[] counts = assertGated(run, (i, d) -> {
                if (i < chop.sma() - 1 + chop.bars() - 1) {
                    return false;
                }
                int n = 0;
                for (int k = i - chop.bars() + 1; k <= i; k++) {
                    n += crossed[k] ? 1 : 0;
                }
                if (n > chop.maxCrosses()) {
                    return false;
                }
                if (chop.minAtrBps() == 0) {
                    return true;
                }
                double bps = atr.getValue(i).doubleValue() / XRPETH.priceToDouble(bars.get(i).close()) * 10_000;
                return i >= chop.atr() - 1 && bps >= chop.minAtrBps();
            }, ChopFilter.TYPE);
            assertThat(counts[0]).as("entries allowed by %s", chop).isPositive();
            assertThat(counts[1] + counts[2]).as("entries blocked by %s", chop).isPositive();
        }
    }

    @Test
    void filtersAreAppliedInOrderAndEveryOneMustAllow() {
        OutputRecorder out = new OutputRecorder();
        StrategyFactory ma = new MaCrossStrategy.Params(9, 5);
        EntryFilterFactory trend = new EmaTrendFilter.Params();
        EntryFilterFactory chop = new ChopFilter.Params(20, 4, 9, 14, 0);
        SignalConfig config = new SignalConfig(MINUTE_MS, List.of(
                new StrategyConfig("trend", List.of("XRPETH"), 0, List.of(trend), ma),
                new StrategyConfig("chop", List.of("XRPETH"), 0, List.of(chop), ma),
                new StrategyConfig("both", List.of("XRPETH"), 0, List.of(chop, trend), ma)));
        SignalEngine engine = new SignalEngine(config, List.of(XRPETH), out, out);
        TradeOracle.trades().forEach(engine::tradeTick);
        List<Long> trendEntries = entries(out, "trend");
        List<Long> chopEntries = entries(out, "chop");
        List<Long> both = entries(out, "both");
        assertThat(both).isEqualTo(trendEntries.stream().filter(chopEntries::contains).toList());
        assertThat(engine.blockedEntryCount()).isPositive();
        // the same strategy signals on the same bars in all three; "both" names the first filter that blocked
        Map<Long, String> byChop = blockedBy(out, "chop");
        Map<Long, String> byTrend = blockedBy(out, "trend");
        Map<Long, String> expected = new TreeMap<>();
        out.signals.stream().filter(s -> s.strategyId().equals("both")).forEach(s -> {
            String first = byChop.get(s.barOpenTimeNs()) != null ? byChop.get(s.barOpenTimeNs())
                    : byTrend.get(s.barOpenTimeNs());
            if (first != null) {
                expected.put(s.barOpenTimeNs(), first);
            }
        });
        assertThat(blockedBy(out, "both")).isEqualTo(expected).containsValue(ChopFilter.TYPE)
                .containsValue(EmaTrendFilter.TYPE);
        assertThat(engine.blockedEntryCount()).isEqualTo(out.signals.stream().filter(Signal::blocked).count());
    }

    /** @return bar open time → the filter that blocked the strategy's signal on it, for its blocked signals */
    private static Map<Long, String> blockedBy(OutputRecorder out, String id) {
        Map<Long, String> blocked = new TreeMap<>();
        out.signals.stream().filter(s -> s.strategyId().equals(id) && s.blocked())
                .forEach(s -> blocked.put(s.barOpenTimeNs(), s.blockedBy()));
        return blocked;
    }

    private static List<Long> entries(OutputRecorder out, String id) {
        return out.signals.stream().filter(s -> s.strategyId().equals(id) && s.direction() != Direction.FLAT
                        && !s.blocked())
                .map(s -> s.barOpenTimeNs() / MS).toList();
    }
}
