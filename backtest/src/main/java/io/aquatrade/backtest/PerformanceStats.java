package io.aquatrade.backtest;

import java.math.BigDecimal;

/**
 * Performance of one strategy on one instrument (or "ALL" strategies and instruments of one quote asset) over a
 * backtest. Money in the quote asset, exact; ratios as doubles (see {@link Performance} for the formulas and their
 * sources).
 *
 * <p>Capital: a strategy's {@code decision-engine} capital (its ledger holds that much of every quote asset); for
 * an "ALL" row, the sum of the capitals of the strategies that trade in that quote asset.
 *
 * @param strategyId      strategy id, or "ALL"
 * @param instrument      instrument symbol, or "ALL"
 * @param quoteAsset      asset the money fields are in
 * @param netPnl          realised plus unrealised P&amp;L net of fees at the end (open positions marked at the last
 *                        trade price), quote asset: {@code realizedPnl + unrealizedPnl}
 * @param realizedPnl     P&amp;L of the quantity closed, net of its fees, quote asset
 * @param unrealizedPnl   P&amp;L of positions still open at the end: their value at the mark minus their cost basis
 *                        (opening fees included), quote asset; 0 when everything is flat
 * @param returnPct       net P&amp;L over starting capital, percent
 * @param sharpe          annualised Sharpe ratio of per-bar equity returns (risk-free rate 0); NaN if undefined
 * @param sortino         annualised Sortino ratio (downside deviation, target 0); NaN if undefined
 * @param maxDrawdownPct  largest peak-to-trough fall of equity, percent of the peak, &gt;= 0
 * @param winRate         winning round trips over all round trips, 0..1; NaN with no trades
 * @param profitFactor    gross profit over gross loss of round trips; +Infinity with no losses, NaN with no trades
 * @param tradeCount      closed round trips (flat to flat)
 * @param feesPaid        fees, quote asset
 * @param timeInMarketPct share of the backtest's span (first to last market event) with a position open, percent
 */
public record PerformanceStats(String strategyId, String instrument, String quoteAsset, BigDecimal netPnl,
                               BigDecimal realizedPnl, BigDecimal unrealizedPnl, double returnPct, double sharpe,
                               double sortino, double maxDrawdownPct, double winRate, double profitFactor,
                               int tradeCount, BigDecimal feesPaid, double timeInMarketPct) {
}
