package io.aquatrade.signal.indicator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.aquatrade.common.Bar;
import io.aquatrade.signal.OutputRecorder;
import io.aquatrade.signal.SignalConfig;
import io.aquatrade.signal.SignalEngine;
import io.aquatrade.signal.TradeOracle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The volume sentiment on the real bars of the sample (buy/sell split by the aggressor side of each trade). */
class VolumeSentimentTest {
    private static List<Bar> bars(long timeframeMs) {
        OutputRecorder out = new OutputRecorder();
        SignalEngine engine = new SignalEngine(SignalConfig.defaults().withTimeframeMs(timeframeMs),
                List.of(TradeOracle.XRPETH), out, out);
        TradeOracle.trades().forEach(engine::tradeTick);
        return out.bars;
    }

    /** The definition, written independently in exact decimals. */
    private static VolumeSentiment.Reading expected(List<Bar> bars, int i, int m, int imbalanceBps) {
        BigDecimal sum = BigDecimal.ZERO;
        for (int k = i - m; k < i; k++) {
            sum = sum.add(BigDecimal.valueOf(bars.get(k).volume()));
        }
        Bar b = bars.get(i);
        BigDecimal volume = BigDecimal.valueOf(b.volume());
        boolean high = volume.multiply(BigDecimal.valueOf(m)).compareTo(sum) > 0;
        BigDecimal share = BigDecimal.valueOf(b.buyVolume()).multiply(BigDecimal.valueOf(10_000));
        boolean buy = share.compareTo(volume.multiply(BigDecimal.valueOf(5_000L + imbalanceBps))) >= 0;
        boolean sell = share.compareTo(volume.multiply(BigDecimal.valueOf(5_000L - imbalanceBps))) <= 0;
        if (buy && !sell) {
            return high ? VolumeSentiment.Reading.HIGH_BUY : VolumeSentiment.Reading.LOW_BUY;
        }
        if (sell && !buy) {
            return high ? VolumeSentiment.Reading.HIGH_SELL : VolumeSentiment.Reading.LOW_SELL;
        }
        return VolumeSentiment.Reading.NEUTRAL;
    }

    @ParameterizedTest(name = "{0} ms bars, M = {1}, imbalance {2} bps")
    @CsvSource({"300000, 20, 1000", "60000, 20, 1000", "60000, 5, 0", "300000, 50, 2500"})
    void readsEveryBarAsDefinedFromItsBuyAndSellVolume(long timeframeMs, int m, int imbalanceBps) {
        List<Bar> bars = bars(timeframeMs);
        VolumeSentiment sentiment = new VolumeSentiment(m, imbalanceBps);
        Map<VolumeSentiment.Reading, Integer> seen = new EnumMap<>(VolumeSentiment.Reading.class);
        for (int i = 0; i < bars.size(); i++) {
            Bar b = bars.get(i);
            sentiment.update(b.volume(), b.buyVolume(), b.sellVolume());
            if (i < m) {
                assertThat(sentiment.isReady()).isFalse();
                assertThat(sentiment.reading()).isNull();
                assertThat(sentiment.value()).isNaN();
                continue;
            }
            VolumeSentiment.Reading r = sentiment.reading();
            assertThat(r).as("bar %d", i).isEqualTo(expected(bars, i, m, imbalanceBps));
            assertThat(sentiment.value()).isEqualTo(b.volume() == 0 ? 0.0
                    : (double) (b.buyVolume() - b.sellVolume()) / b.volume());
            seen.merge(r, 1, Integer::sum);
        }
        // the real sample shows every reading (with a non-zero imbalance threshold)
        if (imbalanceBps > 0) {
            assertThat(seen.keySet()).containsExactlyInAnyOrder(VolumeSentiment.Reading.values());
        }
    }

    @Test
    void theIndicatorSetReadsTwentyBarsAtSixtyForty() {
        List<Bar> bars = bars(300_000L);
        IndicatorSet set = new IndicatorSet(TradeOracle.XRPETH, 300_000L);
        for (int i = 0; i < bars.size(); i++) {
            set.onBar(bars.get(i));
            assertThat(set.sentiment().reading()).isEqualTo(i < 20 ? null : expected(bars, i, 20, 1000));
        }
    }

    @Test
    void productsAreComparedExactlyEvenBeyondALong() {
        assertThat(VolumeSentiment.compareProducts(Long.MAX_VALUE, 10_000, Long.MAX_VALUE, 9_999)).isPositive();
        assertThat(VolumeSentiment.compareProducts(3, 4, 2, 6)).isZero();
        assertThat(VolumeSentiment.compareProducts(1L << 62, 4, 1L << 62, 5)).isNegative();
        assertThatThrownBy(() -> new VolumeSentiment(0, 100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new VolumeSentiment(5, 5001)).isInstanceOf(IllegalArgumentException.class);
    }
}
