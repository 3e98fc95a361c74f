package io.aquatrade.backtest.optimize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;

import io.aquatrade.backtest.PerformanceStats;
import io.aquatrade.common.ConfigException;
import io.aquatrade.common.TradeTick;
import org.junit.jupiter.api.Test;

class WalkForwardTest {
    private static final long HOUR_NS = 3_600_000_000_000L;

    @Test
    void outOfSampleWindowsAreContiguousNonOverlappingAndCoverTheRestOfTheHistory() {
        List<TradeTick> trades = OptimizeFixtures.trades();
        long first = trades.get(0).eventTimeNs();
        long end = trades.get(trades.size() - 1).eventTimeNs() + 1;
        WalkForwardConfig cfg = new WalkForwardConfig(86_400_000L, 21_600_000L, 21_600_000L);

        List<WalkForward.Window> windows = WalkForward.windows(first, end, 300_000L, cfg);

        // the sample spans 2019-10-11 00:00:11 .. 2019-10-13 11:19:28; the first 5m bar boundary after its start is
        // 00:05; after 1 day, 35 h 14 min are left -> 6 windows, the last 5 h 14 min long
        assertThat(windows).hasSize(6);
        assertThat(windows.get(0).inSampleFromNs()).isEqualTo(java.time.Instant.parse("2019-10-11T00:05:00Z")
                .toEpochMilli() * 1_000_000L);
        assertThat(windows.get(windows.size() - 1).outOfSampleToNs()).isEqualTo(end);
        for (int k = 0; k < windows.size(); k++) {
            WalkForward.Window w = windows.get(k);
            assertThat(w.index()).isEqualTo(k);
            assertThat(w.inSampleToNs() - w.inSampleFromNs()).isEqualTo(24 * HOUR_NS);
            assertThat(w.outOfSampleFromNs()).isEqualTo(w.inSampleToNs());
            assertThat(w.outOfSampleToNs()).isGreaterThan(w.outOfSampleFromNs());
            if (k > 0) {
                WalkForward.Window prev = windows.get(k - 1);
                assertThat(w.outOfSampleFromNs()).as("contiguous, no overlap").isEqualTo(prev.outOfSampleToNs());
                assertThat(w.inSampleFromNs() - prev.inSampleFromNs()).isEqualTo(6 * HOUR_NS);
                assertThat(prev.outOfSampleToNs() - prev.outOfSampleFromNs()).isEqualTo(6 * HOUR_NS);
            }
        }
    }

    @Test
    void alignedToOneMillisecondTheFirstWindowStartsAtTheFirstEvent() {
        long first = 1_570_752_011_620_000_000L;
        List<WalkForward.Window> windows = WalkForward.windows(first, first + 10 * HOUR_NS, 1,
                new WalkForwardConfig(3_600_000L, 3_600_000L, 3_600_000L));

        assertThat(windows).hasSize(9);
        assertThat(windows.get(0).inSampleFromNs()).isEqualTo(first);
        assertThat(windows.get(8).outOfSampleToNs()).isEqualTo(first + 10 * HOUR_NS);
    }

    @Test
    void aHistoryShorterThanOneInSampleWindowIsAConfigError() {
        assertThatThrownBy(() -> WalkForward.windows(0, 48 * HOUR_NS, 1,
                new WalkForwardConfig(172_800_000L, 43_200_000L, 43_200_000L)))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).field()).isEqualTo("optimize.walkForward.inSample"));
    }

    @Test
    void fitsInSampleThenScoresTheChosenVariantOutOfSample() {
        ParameterSpace space = OptimizeFixtures.space(OptimizeFixtures.GRID_SECTION.replace("net-pnl", "sharpe"));
        List<Variant> variants = space.variants(space.grid());
        List<TradeTick> trades = OptimizeFixtures.trades();
        List<WalkForward.Window> windows = WalkForward.windows(trades.get(0).eventTimeNs(),
                trades.get(trades.size() - 1).eventTimeNs() + 1, 60_000L, new WalkForwardConfig(43_200_000L, 21_600_000L,
                        21_600_000L));

        WalkForward.Report report;
        try (ParameterSearch search = new ParameterSearch(2, OptimizeFixtures::evaluate, Objective.SHARPE)) {
            report = WalkForward.run(search, variants, windows);
        }

        assertThat(report.windows()).hasSize(windows.size());
        for (WalkForward.WindowResult r : report.windows()) {
            WalkForward.Window w = r.window();
            // the chosen variant is the in-sample best of a sequential, by-hand evaluation
            Variant best = variants.get(0);
            double bestScore = Double.NEGATIVE_INFINITY;
            for (Variant v : variants) {
                double s = OptimizeFixtures.evaluate(v, w.inSampleFromNs(), w.inSampleToNs()).sharpe();
                if (s > bestScore) {
                    best = v;
                    bestScore = s;
                }
            }
            assertThat(r.inSample().variant()).isSameAs(best);
            assertThat(r.inSample().objective()).isEqualTo(bestScore);
            PerformanceStats oos = OptimizeFixtures.evaluate(best, w.outOfSampleFromNs(), w.outOfSampleToNs());
            assertThat(r.outOfSample()).isEqualTo(oos);
            assertThat(r.outOfSampleObjective()).isEqualTo(oos.sharpe());
        }

        WalkForward.Summary s = report.summary();
        assertThat(s.windows()).isEqualTo(windows.size());
        assertThat(s.meanInSampleObjective()).isCloseTo(report.windows().stream()
                .mapToDouble(r -> r.inSample().objective()).average().orElseThrow(), org.assertj.core.data.Offset
                .offset(1e-9));
        assertThat(s.meanOutOfSampleObjective()).isCloseTo(report.windows().stream()
                .mapToDouble(WalkForward.WindowResult::outOfSampleObjective).average().orElseThrow(),
                org.assertj.core.data.Offset.offset(1e-9));
        assertThat(s.efficiency()).isCloseTo(s.meanOutOfSampleObjective() / s.meanInSampleObjective(),
                org.assertj.core.data.Offset.offset(1e-12));
        assertThat(s.totalOutOfSampleNetPnl()).isEqualByComparingTo(report.windows().stream()
                .map(r -> r.outOfSample().netPnl()).reduce(BigDecimal.ZERO, BigDecimal::add));
        assertThat(s.quoteAsset()).isEqualTo("ETH");
    }

    @Test
    void summaryAveragesOnlyFiniteScores() {
        ParameterSpace space = OptimizeFixtures.space(OptimizeFixtures.GRID_SECTION);
        Variant v = space.variants(space.grid()).get(0);
        WalkForward.Window w = new WalkForward.Window(0, 0, 1, 2);
        List<WalkForward.WindowResult> results = List.of(
                new WalkForward.WindowResult(w, new SearchResult(1, v, OptimizeFixtures.stats(BigDecimal.ONE, 2, 1), 2),
                        OptimizeFixtures.stats(new BigDecimal("-0.5"), Double.NaN, 0), Double.NaN),
                new WalkForward.WindowResult(w, new SearchResult(1, v, OptimizeFixtures.stats(BigDecimal.ONE, 4, 1), 4),
                        OptimizeFixtures.stats(new BigDecimal("0.25"), 1, 2), 1));

        WalkForward.Summary s = WalkForward.summarize(Objective.SHARPE, results);

        assertThat(s.meanInSampleObjective()).isEqualTo(3.0);
        assertThat(s.meanOutOfSampleObjective()).isEqualTo(1.0);
        assertThat(s.efficiency()).isEqualTo(1.0 / 3.0);
        assertThat(s.totalOutOfSampleNetPnl()).isEqualByComparingTo("-0.25");
        assertThat(s.outOfSampleTrades()).isEqualTo(2);
    }
}
