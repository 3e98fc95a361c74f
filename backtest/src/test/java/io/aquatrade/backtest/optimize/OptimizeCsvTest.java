package io.aquatrade.backtest.optimize;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OptimizeCsvTest {
    @TempDir
    Path dir;

    @Test
    void resultsHaveOneRowPerVariantWithEveryStatsFieldAndTheRank() throws IOException {
        ParameterSpace space = OptimizeFixtures.space(OptimizeFixtures.GRID_SECTION);
        List<SearchResult> ranked;
        try (ParameterSearch search = new ParameterSearch(2, OptimizeFixtures::evaluate, Objective.NET_PNL)) {
            ranked = search.run(space.variants(space.grid()), Long.MIN_VALUE, Long.MAX_VALUE);
        }
        Path file = dir.resolve("out/results.csv");

        OptimizeCsv.writeResults(file, space.names(), ranked);

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(21);
        assertThat(lines.get(0)).isEqualTo("rank,variant,signal-generator.strategies[vwap-momentum].bars,"
                + "decision-engine.strategies[vwap-momentum].stopLossBps,objective,strategyId,instrument,quoteAsset,"
                + "netPnl,realizedPnl,unrealizedPnl,returnPct,sharpe,sortino,maxDrawdownPct,winRate,profitFactor,"
                + "tradeCount,feesPaid,timeInMarketPct");
        // bars 2, stop 0: 6,238 even trade ids in the sample
        assertThat(lines.get(1)).isEqualTo("1,0,2,0,6238.0,ALL,ALL,ETH,6238,6238,0,6238.0,3119.0,3119.0,1.5,0.5,2.0,"
                + "6238,0,10.0");
        assertThat(lines.subList(1, 21)).extracting(l -> l.split(",")[0])
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 20).mapToObj(String::valueOf)
                        .toList());
    }

    @Test
    void fieldsWithSeparatorsAreQuoted() {
        assertThat(OptimizeCsv.field("plain")).isEqualTo("plain");
        assertThat(OptimizeCsv.field("a,b")).isEqualTo("\"a,b\"");
        assertThat(OptimizeCsv.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(OptimizeCsv.number(Double.NaN)).isEqualTo("NaN");
        assertThat(OptimizeCsv.number(Double.POSITIVE_INFINITY)).isEqualTo("Infinity");
    }

    @Test
    void walkForwardReportHasOneRowPerWindowAndASummary() throws IOException {
        ParameterSpace space = OptimizeFixtures.space(OptimizeFixtures.GRID_SECTION);
        List<WalkForward.Window> windows = List.of(
                new WalkForward.Window(0, 1_570_752_011_000_000_000L, 1_570_838_411_000_000_000L,
                        1_570_860_011_000_000_000L),
                new WalkForward.Window(1, 1_570_773_611_000_000_000L, 1_570_860_011_000_000_000L,
                        1_570_881_611_000_000_000L));
        WalkForward.Report report;
        try (ParameterSearch search = new ParameterSearch(2, OptimizeFixtures::evaluate, Objective.NET_PNL)) {
            report = WalkForward.run(search, space.variants(space.grid()), windows);
        }

        OptimizeCsv.writeWalkForward(dir.resolve("wf.csv"), space.names(), report);
        OptimizeCsv.writeSummary(dir.resolve("summary.csv"), report.summary());

        List<String> lines = Files.readAllLines(dir.resolve("wf.csv"));
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("window,inSampleFrom,inSampleTo,outOfSampleFrom,outOfSampleTo,"
                + "signal-generator.strategies[vwap-momentum].bars,");
        assertThat(lines.get(1)).startsWith("0,2019-10-11T00:00:11Z,2019-10-12T00:00:11Z,2019-10-12T00:00:11Z,"
                + "2019-10-12T06:00:11Z,2,0,0,");
        assertThat(lines.get(2)).startsWith("1,2019-10-11T06:00:11Z,");
        List<String> summary = Files.readAllLines(dir.resolve("summary.csv"));
        assertThat(summary.get(0)).isEqualTo("objective,windows,meanInSampleObjective,meanOutOfSampleObjective,"
                + "efficiency,totalOutOfSampleNetPnl,outOfSampleTrades,quoteAsset");
        assertThat(summary.get(1)).startsWith("net-pnl,2,");
    }
}
