package io.aquatrade.signal.indicator;

import static io.aquatrade.signal.TradeOracle.XRPETH;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.aquatrade.common.Bar;
import io.aquatrade.signal.Ta4jSeries;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ta4j.core.BarSeries;
import org.ta4j.core.Indicator;
import org.ta4j.core.indicators.ATRIndicator;
import org.ta4j.core.indicators.EMAIndicator;
import org.ta4j.core.indicators.SMAIndicator;
import org.ta4j.core.indicators.helpers.ClosePriceIndicator;
import org.ta4j.core.indicators.helpers.HighPriceIndicator;
import org.ta4j.core.indicators.helpers.HighestValueIndicator;
import org.ta4j.core.indicators.helpers.LowPriceIndicator;
import org.ta4j.core.indicators.helpers.LowestValueIndicator;
import org.ta4j.core.num.Num;

/**
 * ta4j 0.17 as an independent oracle: on Binance's real 1m and 5m candles of the sample (those that had trades, i.e.
 * exactly the bars Aquatrade builds), EMA 9/20/200, SMA 9 and other periods, ATR 14 (and another period) and the
 * highest high / lowest low of the last N bars equal ta4j's (exact {@code DecimalNum} arithmetic) to 1e-9 relative,
 * at every index after the warm-up; before it Aquatrade reports nothing ({@code NaN}, not ready).
 */
class Ta4jOracleTest {
    private static final double REL = 1e-9;

    private static void assertClose(double ours, Num theirs, String what, int index) {
        double expected = theirs.doubleValue();
        double tolerance = expected == 0 ? 1e-18 : Math.abs(expected) * REL;
        assertThat(Math.abs(ours - expected)).as("%s at %d: ours %s, ta4j %s", what, index, ours, theirs)
                .isLessThanOrEqualTo(tolerance);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"XRP_ETH-1m.json, 60000", "XRP_ETH-5m.json, 300000"})
    void theIndicatorSetEqualsTa4jOnTheRealCandles(String file, long timeframeMs) {
        List<Bar> bars = Ta4jSeries.klineBars(file, timeframeMs);
        BarSeries series = Ta4jSeries.of(file, bars, XRPETH);
        ClosePriceIndicator close = new ClosePriceIndicator(series);
        Indicator<Num> ema9 = new EMAIndicator(close, 9);
        Indicator<Num> ema20 = new EMAIndicator(close, 20);
        Indicator<Num> ema200 = new EMAIndicator(close, 200);
        Indicator<Num> sma9 = new SMAIndicator(close, 9);
        Indicator<Num> atr14 = new ATRIndicator(series, 14);
        Indicator<Num> highest = new HighestValueIndicator(new HighPriceIndicator(series), IndicatorSet.RANGE_BARS);
        Indicator<Num> lowest = new LowestValueIndicator(new LowPriceIndicator(series), IndicatorSet.RANGE_BARS);

        IndicatorSet ours = new IndicatorSet(XRPETH, timeframeMs);
        int compared = 0;
        for (int i = 0; i < bars.size(); i++) {
            ours.onBar(bars.get(i));
            assertThat(ours.ema9().isReady()).isEqualTo(i >= 8);
            assertThat(ours.ema200().isReady()).isEqualTo(i >= 199);
            assertThat(ours.atr14().isReady()).isEqualTo(i >= 13);
            assertThat(ours.range().isReady()).isEqualTo(i >= IndicatorSet.RANGE_BARS - 1);
            if (i >= 8) {
                assertClose(ours.ema9().value(), ema9.getValue(i), "EMA 9", i);
                assertClose(ours.sma9().value(), sma9.getValue(i), "SMA 9", i);
            } else {
                assertThat(ours.ema9().value()).isNaN();
                assertThat(ours.sma9().value()).isNaN();
            }
            if (i >= 19) {
                assertClose(ours.ema20().value(), ema20.getValue(i), "EMA 20", i);
            }
            if (i >= 199) {
                assertClose(ours.ema200().value(), ema200.getValue(i), "EMA 200", i);
                compared++;
            } else {
                assertThat(ours.ema200().value()).isNaN();
            }
            if (i >= 13) {
                assertClose(ours.atr14().value(), atr14.getValue(i), "ATR 14", i);
            } else {
                assertThat(ours.atr14().value()).isNaN();
            }
            if (i >= IndicatorSet.RANGE_BARS - 1) {
                assertClose(ours.range().highest(), highest.getValue(i), "highest high", i);
                assertClose(ours.range().lowest(), lowest.getValue(i), "lowest low", i);
            }
            if (i >= IndicatorSet.RANGE_BARS) {
                // the breakout range excludes the current bar: ta4j's window as of the bar before
                assertClose(ours.range().previousHighest(), highest.getValue(i - 1), "previous highest high", i);
                assertClose(ours.range().previousLowest(), lowest.getValue(i - 1), "previous lowest low", i);
            } else {
                assertThat(ours.range().previousHighest()).isNaN();
            }
        }
        assertThat(compared).isGreaterThan(500);
    }

    @ParameterizedTest(name = "SMA {0}, ATR {1}, range {2} on {3}")
    @CsvSource({"1, 1, 1, XRP_ETH-5m.json", "2, 7, 10, XRP_ETH-1m.json", "50, 28, 8, XRP_ETH-5m.json",
            "200, 100, 60, XRP_ETH-1m.json", "705, 3, 3, XRP_ETH-5m.json"})
    void anyPeriodEqualsTa4j(int smaPeriod, int atrPeriod, int rangeBars, String file) {
        long timeframeMs = file.contains("1m") ? 60_000L : 300_000L;
        List<Bar> bars = Ta4jSeries.klineBars(file, timeframeMs);
        BarSeries series = Ta4jSeries.of(file, bars, XRPETH);
        Indicator<Num> sma = new SMAIndicator(new ClosePriceIndicator(series), smaPeriod);
        Indicator<Num> atr = new ATRIndicator(series, atrPeriod);
        Indicator<Num> highest = new HighestValueIndicator(new HighPriceIndicator(series), rangeBars);
        Indicator<Num> lowest = new LowestValueIndicator(new LowPriceIndicator(series), rangeBars);
        Sma ourSma = new Sma(smaPeriod);
        Atr ourAtr = new Atr(atrPeriod, XRPETH.priceDecimals());
        HighLowRange ourRange = new HighLowRange(rangeBars, XRPETH.priceDecimals());
        for (int i = 0; i < bars.size(); i++) {
            Bar b = bars.get(i);
            ourSma.update(XRPETH.priceToDouble(b.close()));
            ourAtr.update(b.high(), b.low(), b.close());
            ourRange.update(b.high(), b.low());
            assertThat(ourSma.isReady()).isEqualTo(i >= smaPeriod - 1);
            if (ourSma.isReady()) {
                assertClose(ourSma.value(), sma.getValue(i), "SMA " + smaPeriod, i);
            }
            if (ourAtr.isReady()) {
                assertClose(ourAtr.value(), atr.getValue(i), "ATR " + atrPeriod, i);
            }
            if (ourRange.isReady()) {
                assertClose(ourRange.highest(), highest.getValue(i), "highest " + rangeBars, i);
                assertClose(ourRange.lowest(), lowest.getValue(i), "lowest " + rangeBars, i);
            }
        }
        assertThat(ourSma.isReady()).isTrue();
    }
}
