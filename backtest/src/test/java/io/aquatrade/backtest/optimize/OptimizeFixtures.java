package io.aquatrade.backtest.optimize;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.aquatrade.backtest.PerformanceStats;
import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.TradeTick;
import io.aquatrade.common.testing.SampleData;

/** Shared test inputs: the repository's config with an optimize section, and a small evaluator of our own. */
final class OptimizeFixtures {
    /** Two parameters, 4 x 5 = 20 combinations; a bracketed path in block style, and one quoted in a flow map. */
    static final String GRID_SECTION = """
            optimize:
              objective: net-pnl
              parameters:
                - path: signal-generator.strategies[vwap-momentum].bars
                  values: [2, 3, 4, 5]
                - {path: 'decision-engine.strategies[vwap-momentum].stopLossBps', range: {from: 0, to: 100, step: 25}}
            """;

    private static List<TradeTick> trades;

    private OptimizeFixtures() {
    }

    /** @return the repository's config/aquatrade.yaml followed by the given optimize section */
    static String configYaml(String optimizeSection) {
        try {
            return Files.readString(configFile()) + "\n" + optimizeSection;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path configFile() {
        return SampleData.projectRoot().resolve("config").resolve("aquatrade.yaml");
    }

    static AquatradeConfig config(String optimizeSection) {
        return AquatradeConfig.parse(configFile(), configYaml(optimizeSection));
    }

    static ParameterSpace space(String optimizeSection) {
        OptimizeConfig opt = OptimizeConfig.from(config(optimizeSection));
        return ParameterSpace.of(configFile(), configYaml(optimizeSection), opt.parameters());
    }

    static synchronized List<TradeTick> trades() {
        if (trades == null) {
            trades = SampleData.xrpEthTrades();
        }
        return trades;
    }

    /**
     * A deterministic stand-in for a backtest: reads the variant's bars and stopLossBps back from its validated
     * config, and scores the real sample trades in [fromNs, toNs): net P&amp;L = (number of trades whose id is a
     * multiple of bars) - stopLossBps / 25, in ETH. So the best variant differs between time windows.
     */
    static PerformanceStats evaluate(Variant v, long fromNs, long toNs) {
        int bars = v.values().get(0).intValue();
        int stop = v.values().get(1).intValue();
        long hits = 0;
        for (TradeTick t : trades()) {
            if (t.eventTimeNs() >= fromNs && t.eventTimeNs() < toNs && t.tradeId() % bars == 0) {
                hits++;
            }
        }
        BigDecimal pnl = BigDecimal.valueOf(hits).subtract(BigDecimal.valueOf(stop, 0).divide(BigDecimal.valueOf(25)));
        return stats(pnl, (double) hits / bars, (int) hits);
    }

    static PerformanceStats stats(BigDecimal netPnl, double sharpe, int trades) {
        return new PerformanceStats("ALL", "ALL", "ETH", netPnl, netPnl, BigDecimal.ZERO, netPnl.doubleValue(), sharpe,
                sharpe, 1.5,
                0.5, 2.0, trades, BigDecimal.ZERO, 10.0);
    }
}
