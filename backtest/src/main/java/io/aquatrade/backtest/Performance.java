package io.aquatrade.backtest;

/**
 * The performance formulas, on an equity series sampled at a fixed interval. Returns are simple per-period returns
 * {@code r_k = E_k / E_(k-1) - 1}; the risk-free rate is 0 (crypto has no agreed one, and a backtest of a few days
 * would not feel it).
 *
 * <ul>
 *   <li><b>Sharpe ratio</b> (W. F. Sharpe, "The Sharpe Ratio", Journal of Portfolio Management 21(1), 1994, the
 *       ex-post form): {@code mean(r) / stdev(r)}, stdev with the {@code n - 1} denominator, annualised by
 *       {@code sqrt(periods per year)} (exact for independent returns; A. W. Lo, "The Statistics of Sharpe Ratios",
 *       Financial Analysts Journal 58(4), 2002).</li>
 *   <li><b>Sortino ratio</b> (F. A. Sortino and L. N. Price, "Performance Measurement in a Downside Risk Framework",
 *       Journal of Investing 3(3), 1994), minimum acceptable return 0: {@code mean(r) / DD} with the downside
 *       deviation {@code DD = sqrt(sum(min(r_k, 0)^2) / n)} over all n periods, annualised by
 *       {@code sqrt(periods per year)}.</li>
 *   <li><b>Maximum drawdown</b>: the largest {@code (peak - E_k) / peak} over the series, the peak being the running
 *       maximum starting at the capital, in percent.</li>
 * </ul>
 * Periods per year count every period of the year ({@code 365.25 days / interval}): crypto venues trade around the
 * clock. A ratio is NaN when it is undefined (fewer than two returns, or zero deviation).
 */
public final class Performance {
    private static final double YEAR_MS = 365.25 * 86_400_000.0;

    private Performance() {
    }

    /**
     * @param intervalMs sampling interval, ms, &gt; 0
     * @return how many such intervals a year has: 365.25 days / interval
     */
    public static double periodsPerYear(long intervalMs) {
        if (intervalMs <= 0) {
            throw new IllegalArgumentException("interval must be > 0 ms, was " + intervalMs);
        }
        return YEAR_MS / intervalMs;
    }

    /**
     * @param equity equity samples, &gt; 0
     * @return the n - 1 simple returns between consecutive samples
     */
    public static double[] returns(double[] equity) {
        if (equity.length < 2) {
            return new double[0];
        }
        double[] r = new double[equity.length - 1];
        for (int k = 1; k < equity.length; k++) {
            r[k - 1] = equity[k - 1] == 0 ? 0 : equity[k] / equity[k - 1] - 1.0;
        }
        return r;
    }

    /**
     * Annualised Sharpe ratio (Sharpe 1994), risk-free rate 0.
     *
     * @param returns        per-period simple returns
     * @param periodsPerYear from {@link #periodsPerYear}
     * @return the ratio; NaN with fewer than 2 returns or zero standard deviation
     */
    public static double sharpe(double[] returns, double periodsPerYear) {
        int n = returns.length;
        if (n < 2) {
            return Double.NaN;
        }
        double mean = mean(returns);
        double ss = 0;
        for (double r : returns) {
            ss += (r - mean) * (r - mean);
        }
        double sd = Math.sqrt(ss / (n - 1));
        return sd == 0 ? Double.NaN : mean / sd * Math.sqrt(periodsPerYear);
    }

    /**
     * Annualised Sortino ratio (Sortino and Price 1994), minimum acceptable return 0.
     *
     * @param returns        per-period simple returns
     * @param periodsPerYear from {@link #periodsPerYear}
     * @return the ratio; NaN with fewer than 2 returns or no negative return
     */
    public static double sortino(double[] returns, double periodsPerYear) {
        int n = returns.length;
        if (n < 2) {
            return Double.NaN;
        }
        double down = 0;
        for (double r : returns) {
            if (r < 0) {
                down += r * r;
            }
        }
        double dd = Math.sqrt(down / n);
        return dd == 0 ? Double.NaN : mean(returns) / dd * Math.sqrt(periodsPerYear);
    }

    /**
     * @param capital starting equity: the first peak
     * @param equity  equity samples
     * @return the largest fall from a running peak, percent of that peak, &gt;= 0
     */
    public static double maxDrawdownPct(double capital, double[] equity) {
        double peak = capital;
        double worst = 0;
        for (double e : equity) {
            peak = Math.max(peak, e);
            if (peak > 0) {
                worst = Math.max(worst, (peak - e) / peak * 100.0);
            }
        }
        return worst;
    }

    private static double mean(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s / values.length;
    }
}
