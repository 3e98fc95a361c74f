package io.aquatrade.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The formulas on a series small enough to check by hand. */
class PerformanceTest {
    /** Daily equity 100, 110, 99, 108.9: returns +10 %, -10 %, +10 %. */
    private static final double[] EQUITY = {100, 110, 99, 108.9};

    @Test
    void returnsAreSimplePeriodReturns() {
        assertThat(Performance.returns(EQUITY)).containsExactly(new double[] {0.1, -0.1, 0.1}, within(1e-12));
    }

    @Test
    void sharpeIsMeanOverSampleDeviationTimesRootOfPeriodsPerYear() {
        // mean 1/30; deviations 1/15, -2/15, 1/15; sum of squares 6/225; / (n-1 = 2) = 1/75; sd = 0.1154700538
        // ratio 0.2886751346; daily periods: sqrt(365.25) = 19.1115672
        double ppy = Performance.periodsPerYear(86_400_000L);
        assertThat(ppy).isEqualTo(365.25);
        assertThat(Performance.sharpe(Performance.returns(EQUITY), ppy))
                .isCloseTo(0.2886751346 * Math.sqrt(365.25), within(1e-9));
    }

    @Test
    void sortinoDividesByTheDownsideDeviationOverAllPeriods() {
        // downside: only -0.1; sqrt(0.01 / 3) = 0.0577350269; mean / DD = 0.5773502692
        assertThat(Performance.sortino(Performance.returns(EQUITY), 365.25))
                .isCloseTo(0.5773502692 * Math.sqrt(365.25), within(1e-9));
    }

    @Test
    void maxDrawdownIsTheDeepestFallFromARunningPeak() {
        // peak 110, trough 99: 10 %
        assertThat(Performance.maxDrawdownPct(100, EQUITY)).isCloseTo(10.0, within(1e-12));
        assertThat(Performance.maxDrawdownPct(100, new double[] {100, 101, 102})).isZero();
    }

    @Test
    void undefinedRatiosAreNaN() {
        assertThat(Performance.sharpe(new double[] {0.01}, 365.25)).isNaN();
        assertThat(Performance.sharpe(new double[] {0.01, 0.01}, 365.25)).isNaN();
        assertThat(Performance.sortino(new double[] {0.01, 0.02}, 365.25)).isNaN();
    }

    @Test
    void fiveMinuteBarsGiveAbout105thousandPeriodsAYear() {
        assertThat(Performance.periodsPerYear(300_000L)).isEqualTo(105_192.0);
    }
}
