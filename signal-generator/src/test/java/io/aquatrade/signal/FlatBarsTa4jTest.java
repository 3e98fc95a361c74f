package io.aquatrade.signal;

import static io.aquatrade.signal.TradeOracle.XRPETH;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import io.aquatrade.common.Bar;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ta4j.core.BarSeries;
import org.ta4j.core.Indicator;
import org.ta4j.core.indicators.EMAIndicator;
import org.ta4j.core.indicators.helpers.ClosePriceIndicator;
import org.ta4j.core.num.Num;

/**
 * With {@code emptyBars: flat}, the EMAs the engine computes from the real XRP/ETH trades (whose quiet minutes
 * become flat bars) equal ta4j's EMAs over Binance's own klines of the same span, flat volume-0 candles included
 * (exact {@code DecimalNum} arithmetic), to 1e-9 relative at every bar after the warm-up: the chart and the engine
 * see the same series. With {@code skip} they drift apart after quiet spells.
 */
class FlatBarsTa4jTest {
    private static final long MS = 1_000_000L;
    private static final double REL = 1e-9;

    /** EMA 9, 20 and 200 after each closed bar. */
    private record Point(long openTimeNs, double ema9, double ema20, double ema200) {
    }

    private static List<Point> engineEmas(long timeframeMs, EmptyBars emptyBars) {
        List<Point> out = new ArrayList<>();
        OutputRecorder ignore = new OutputRecorder();
        SignalEngine engine = new SignalEngine(SignalConfig.defaults().withTimeframeMs(timeframeMs)
                .withEmptyBars(emptyBars), List.of(XRPETH), ignore, ignore, (bar, indicators) -> out.add(
                        new Point(bar.openTimeNs(), indicators.ema9().value(), indicators.ema20().value(),
                                indicators.ema200().value())));
        TradeOracle.trades().forEach(engine::tradeTick);
        return out;
    }

    private static BarSeries klineSeries(String file, long timeframeMs) {
        List<Bar> bars = new ArrayList<>();
        for (TradeOracle.Kline k : TradeOracle.klinesBetweenTrades(file)) {
            long volume = TradeOracle.sizeMantissa(k.volume());
            bars.add(new Bar().instrument("XRPETH").timeframeMs(timeframeMs).openTimeNs(k.openMs() * MS)
                    .open(TradeOracle.priceMantissa(k.open())).high(TradeOracle.priceMantissa(k.high()))
                    .low(TradeOracle.priceMantissa(k.low())).close(TradeOracle.priceMantissa(k.close()))
                    .volume(volume).buyVolume(volume).eventTimeNs((k.openMs() + timeframeMs) * MS));
        }
        return Ta4jSeries.of(file, bars, XRPETH);
    }

    private static boolean close(double ours, Num theirs) {
        double expected = theirs.doubleValue();
        return Math.abs(ours - expected) <= Math.abs(expected) * REL;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"XRP_ETH-1m.json, 60000", "XRP_ETH-5m.json, 300000"})
    void emasOverFlatFilledBarsEqualTa4jOverBinancesKlines(String file, long timeframeMs) {
        BarSeries series = klineSeries(file, timeframeMs);
        ClosePriceIndicator closes = new ClosePriceIndicator(series);
        Indicator<Num> ema9 = new EMAIndicator(closes, 9);
        Indicator<Num> ema20 = new EMAIndicator(closes, 20);
        Indicator<Num> ema200 = new EMAIndicator(closes, 200);

        List<Point> ours = engineEmas(timeframeMs, EmptyBars.FLAT);
        // the engine's bars are the klines' bars one for one (the last one is still open at the end of the trades)
        assertThat(ours).hasSize(series.getBarCount() - 1);
        for (int i = 0; i < ours.size(); i++) {
            Point p = ours.get(i);
            assertThat(p.openTimeNs() / MS + timeframeMs)
                    .isEqualTo(series.getBar(i).getEndTime().toInstant().toEpochMilli());
            if (i >= 8) {
                assertThat(close(p.ema9(), ema9.getValue(i))).as("EMA 9 at %d: %s vs %s", i, p.ema9(),
                        ema9.getValue(i)).isTrue();
            }
            if (i >= 19) {
                assertThat(close(p.ema20(), ema20.getValue(i))).as("EMA 20 at %d", i).isTrue();
            }
            if (i >= 199) {
                assertThat(close(p.ema200(), ema200.getValue(i))).as("EMA 200 at %d", i).isTrue();
            }
        }

        // skipping quiet intervals, the same EMAs are off ta4j's at the same close times
        int off = 0;
        List<Point> skipped = engineEmas(timeframeMs, EmptyBars.SKIP);
        int j = 0;
        for (Point p : skipped) {
            while (j < ours.size() && ours.get(j).openTimeNs() < p.openTimeNs()) {
                j++;
            }
            if (j >= 199 && !close(p.ema200(), ema200.getValue(j))) {
                off++;
            }
        }
        assertThat(off).as("EMA 200 values off ta4j's with emptyBars: skip").isPositive();
    }
}
