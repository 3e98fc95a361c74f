package io.aquatrade.backtest.optimize;

import java.util.Arrays;
import java.util.List;

import io.aquatrade.backtest.PerformanceStats;
import io.aquatrade.common.ConfigException;

/**
 * What an optimisation maximises, read from a backtest's total {@link PerformanceStats}. Higher is better for every
 * objective. A NaN score (e.g. Sharpe of a flat equity curve, profit factor without trades) ranks after every number;
 * {@code +Infinity} (profit factor with no losing round trip) ranks before every finite number, which favours
 * variants with very few trades: read the trade count next to it.
 */
public enum Objective {
    /** Annualised Sharpe ratio of per-bar equity returns, risk-free rate 0 ({@link PerformanceStats#sharpe()}). */
    SHARPE("sharpe"),
    /** Net P&amp;L after fees in the quote asset ({@link PerformanceStats#netPnl()}), compared exactly. */
    NET_PNL("net-pnl"),
    /** Gross profit over gross loss of round trips ({@link PerformanceStats#profitFactor()}). */
    PROFIT_FACTOR("profit-factor"),
    /** Net P&amp;L over starting capital, percent ({@link PerformanceStats#returnPct()}). */
    RETURN("return"),
    /** Annualised Sortino ratio ({@link PerformanceStats#sortino()}). */
    SORTINO("sortino");

    private final String configName;

    Objective(String configName) {
        this.configName = configName;
    }

    /** @return the name used in config, e.g. "net-pnl" */
    public String configName() {
        return configName;
    }

    /** @return every config name, in declaration order */
    public static List<String> configNames() {
        return Arrays.stream(values()).map(Objective::configName).toList();
    }

    /**
     * @param field config path or flag, for the error
     * @param name  a config name, e.g. "sharpe"
     * @return the objective
     * @throws ConfigException naming the field if the name is unknown
     */
    public static Objective parse(String field, String name) {
        for (Objective o : values()) {
            if (o.configName.equals(name)) {
                return o;
            }
        }
        throw new ConfigException(field, "one of " + configNames() + ", was '" + name + "'");
    }

    /**
     * @param stats a backtest's statistics
     * @return the score, higher is better; may be NaN or infinite
     */
    public double score(PerformanceStats stats) {
        return switch (this) {
            case SHARPE -> stats.sharpe();
            case NET_PNL -> stats.netPnl() == null ? Double.NaN : stats.netPnl().doubleValue();
            case PROFIT_FACTOR -> stats.profitFactor();
            case RETURN -> stats.returnPct();
            case SORTINO -> stats.sortino();
        };
    }

    /**
     * Orders two results best first: higher score first, NaN last. Net P&amp;L compares the exact decimals, not their
     * double approximations.
     *
     * @param a one backtest's statistics
     * @param b another's
     * @return negative if {@code a} ranks before {@code b}, 0 if they tie, positive otherwise
     */
    public int compareBestFirst(PerformanceStats a, PerformanceStats b) {
        if (this == NET_PNL && a.netPnl() != null && b.netPnl() != null) {
            return b.netPnl().compareTo(a.netPnl());
        }
        double x = score(a);
        double y = score(b);
        boolean xNaN = Double.isNaN(x);
        boolean yNaN = Double.isNaN(y);
        if (xNaN || yNaN) {
            return xNaN == yNaN ? 0 : xNaN ? 1 : -1;
        }
        return Double.compare(y, x);
    }

    @Override
    public String toString() {
        return configName;
    }
}
