package io.aquatrade.backtest;

import java.util.List;

import io.aquatrade.common.OrderFilled;

/**
 * What a backtest produced. SKELETON: the signatures are the contract; more accessors may be added.
 */
public interface BacktestReport {
    /** @return statistics per strategy and instrument */
    List<PerformanceStats> stats();

    /** @return statistics over all strategies and instruments ({@code strategyId} and {@code instrument} "ALL") */
    PerformanceStats total();

    /** @return every fill, in order (copies) */
    List<OrderFilled> fills();
}
