package io.aquatrade.backtest.optimize;

import io.aquatrade.backtest.PerformanceStats;

/**
 * One variant's outcome in a ranked search.
 *
 * @param rank      1 for the best; variants that tie keep their variant order
 * @param variant   the variant
 * @param stats     its backtest's total statistics
 * @param objective the objective's score of {@code stats} (may be NaN or infinite)
 */
public record SearchResult(int rank, Variant variant, PerformanceStats stats, double objective) {
}
