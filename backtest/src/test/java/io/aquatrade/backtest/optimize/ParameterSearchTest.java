package io.aquatrade.backtest.optimize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.aquatrade.backtest.PerformanceStats;
import org.junit.jupiter.api.Test;

class ParameterSearchTest {
    private static List<Variant> gridVariants() {
        ParameterSpace space = OptimizeFixtures.space(OptimizeFixtures.GRID_SECTION);
        return space.variants(space.grid());
    }

    @Test
    void parallelResultsEqualSequentialResults() {
        List<Variant> variants = gridVariants();
        Set<String> threadNames = ConcurrentHashMap.newKeySet();
        Evaluator recording = (v, from, to) -> {
            threadNames.add(Thread.currentThread().getName());
            return OptimizeFixtures.evaluate(v, from, to);
        };

        List<SearchResult> sequential;
        List<SearchResult> parallel;
        try (ParameterSearch one = new ParameterSearch(1, OptimizeFixtures::evaluate, Objective.NET_PNL)) {
            sequential = one.run(variants, Long.MIN_VALUE, Long.MAX_VALUE);
        }
        try (ParameterSearch four = new ParameterSearch(4, recording, Objective.NET_PNL)) {
            parallel = four.run(variants, Long.MIN_VALUE, Long.MAX_VALUE);
        }

        assertThat(parallel).isEqualTo(sequential);
        assertThat(threadNames).allMatch(n -> n.startsWith("optimize-")).hasSizeGreaterThan(1);
    }

    @Test
    void ranksByTheObjectiveBestFirstAndEachVariantOnce() {
        List<Variant> variants = gridVariants();
        List<SearchResult> ranked;
        try (ParameterSearch search = new ParameterSearch(2, OptimizeFixtures::evaluate, Objective.NET_PNL)) {
            ranked = search.run(variants, Long.MIN_VALUE, Long.MAX_VALUE);
        }

        assertThat(ranked).extracting(SearchResult::rank).containsExactlyElementsOf(
                java.util.stream.IntStream.rangeClosed(1, 20).boxed().toList());
        assertThat(ranked).extracting(r -> r.variant().index()).containsExactlyInAnyOrderElementsOf(
                java.util.stream.IntStream.range(0, 20).boxed().toList());
        assertThat(ranked).extracting(r -> r.stats().netPnl())
                .isSortedAccordingTo(Comparator.<BigDecimal>reverseOrder());
        // bars 2 hits every even trade id of 12,477 consecutive ids: 6,238 or 6,239; stop 0 costs nothing
        assertThat(ranked.get(0).variant().label()).isEqualTo("#0 bars=2 stopLossBps=0");
        assertThat(ranked.get(0).objective()).isEqualTo(ranked.get(0).stats().netPnl().doubleValue());
    }

    @Test
    void nanRanksLastAndTiesKeepVariantOrder() {
        List<Variant> variants = gridVariants().subList(0, 6);
        List<PerformanceStats> stats = new ArrayList<>();
        double[] sharpe = {Double.NaN, 1.0, 2.0, 1.0, Double.NaN, Double.POSITIVE_INFINITY};
        for (double s : sharpe) {
            stats.add(OptimizeFixtures.stats(BigDecimal.ONE, s, 3));
        }

        List<SearchResult> ranked = ParameterSearch.rank(Objective.SHARPE, variants, stats);

        assertThat(ranked).extracting(r -> r.variant().index()).containsExactly(5, 2, 1, 3, 0, 4);
        assertThat(ranked).extracting(SearchResult::rank).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(ranked.get(4).objective()).isNaN();
    }

    @Test
    void netPnlRanksByExactDecimals() {
        List<Variant> variants = gridVariants().subList(0, 2);
        // equal as doubles, different as decimals
        List<PerformanceStats> stats = List.of(
                OptimizeFixtures.stats(new BigDecimal("0.10000000000000000001"), 0, 1),
                OptimizeFixtures.stats(new BigDecimal("0.10000000000000000002"), 0, 1));

        assertThat(ParameterSearch.rank(Objective.NET_PNL, variants, stats))
                .extracting(r -> r.variant().index()).containsExactly(1, 0);
    }

    @Test
    void aFailingVariantFailsTheSearchNamingIt() {
        List<Variant> variants = gridVariants();
        Evaluator failing = (v, from, to) -> {
            if (v.index() == 13) {
                throw new IllegalStateException("boom");
            }
            return OptimizeFixtures.evaluate(v, from, to);
        };
        try (ParameterSearch search = new ParameterSearch(2, failing, Objective.SHARPE)) {
            assertThatThrownBy(() -> search.run(variants, 0, Long.MAX_VALUE))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("#13 bars=4 stopLossBps=75")
                    .hasMessageContaining("boom");
        }
    }

    @Test
    void objectivesReadTheirField() {
        PerformanceStats s = new PerformanceStats("ALL", "ALL", "ETH", new BigDecimal("0.25"),
                new BigDecimal("0.25"), BigDecimal.ZERO, 1.5, 2.5, 3.5, 4.5,
                0.6, 7.5, 8, BigDecimal.ZERO, 9.5);

        assertThat(Objective.SHARPE.score(s)).isEqualTo(2.5);
        assertThat(Objective.NET_PNL.score(s)).isEqualTo(0.25);
        assertThat(Objective.PROFIT_FACTOR.score(s)).isEqualTo(7.5);
        assertThat(Objective.RETURN.score(s)).isEqualTo(1.5);
        assertThat(Objective.SORTINO.score(s)).isEqualTo(3.5);
        assertThat(Objective.configNames()).containsExactly("sharpe", "net-pnl", "profit-factor", "return",
                "sortino");
    }
}
