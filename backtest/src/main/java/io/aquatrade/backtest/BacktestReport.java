package io.aquatrade.backtest;

import java.util.List;
import java.util.Map;

import io.aquatrade.common.DenyReason;
import io.aquatrade.common.OrderDenied;
import io.aquatrade.common.CancelOrder;
import io.aquatrade.common.OrderCanceled;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.SubmitOrder;
import io.aquatrade.decision.risk.RiskEngine;
import io.aquatrade.tools.OrderStates;

/**
 * What a backtest produced: the orders and fills (exactly what a 4-process replay of the same data writes to its
 * {@code orders} topic and the fills on its {@code executions} topic), round trips, equity curves and statistics.
 * Immutable once returned; safe to read from any thread.
 */
public interface BacktestReport {
    /** @return statistics per strategy and instrument, in config order (strategies, then instruments) */
    List<PerformanceStats> stats();

    /**
     * @return statistics over all strategies and instruments ({@code strategyId} and {@code instrument} "ALL") of
     * the first quote asset in config order; see {@link #totals()} when instruments have several quote assets
     */
    PerformanceStats total();

    /** @return every fill, in order (copies) */
    List<OrderFilled> fills();

    /** @return one "ALL" row per quote asset, in config order */
    List<PerformanceStats> totals();

    /** @return every order sent, in order (copies) */
    List<SubmitOrder> orders();

    /** @return every cancel the decision engine sent, in order (copies) */
    List<CancelOrder> cancels();

    /** @return every order the venue cancelled, in order (copies) */
    List<OrderCanceled> canceled();

    /**
     * @return the signals, stops and exits the decision engine denied ({@code OrderDenied} on the {@code orders}
     * topic), counted per reason code in {@link DenyReason} order; only codes seen; unmodifiable
     */
    Map<DenyReason, Long> denials();

    /**
     * @return the orders submitted and not finished (not completely filled, cancelled, expired or rejected) when the
     * backtest ended, in submission order: resting limits and stops, and orders the venue had not answered yet
     */
    List<OrderStates.OpenOrder> openOrders();

    /** @return closed round trips, in order of exit */
    List<RoundTrip> roundTrips();

    /** @return equity curves: one per strategy and instrument, then one "ALL" per quote asset */
    List<EquityCurve> equityCurves();

    /**
     * @return closes of the bars the signal generator closed on its default timeframe ({@code signal-generator.timeframe}),
     * per instrument in config order (instruments without bars have an empty series)
     */
    List<PriceSeries> prices();

    /** @return positions still open at the end, valued at the mark (their P&amp;L is the stats' unrealised part) */
    List<OpenPosition> openPositions();

    /** @return equity sampling interval, ms (the bar timeframe); Sharpe and Sortino annualise from it */
    long samplingIntervalMs();

    /** @return event time of the first market event in the window, UTC epoch ns; 0 if none */
    long startTimeNs();

    /** @return event time of the last market event in the window, UTC epoch ns; 0 if none */
    long endTimeNs();

    /** @return market events (ticks or bars) fed */
    long eventCount();

    /** @return bars the signal generator closed on its default timeframe, all instruments */
    long barCount();

    /** @return signals the strategies emitted */
    long signalCount();

    /**
     * @return every entry, signal, stop or exit the decision engine denied, in order, with its reason code and, for a
     * risk rule, its limit and value (copies)
     */
    List<OrderDenied> denied();

    /**
     * @return the trading days on which a strategy's daily loss limit ({@code maxDailyLoss}) stopped its entries, in
     * order
     */
    List<RiskEngine.DailyLossStop> dailyLossStops();
}
