package io.aquatrade.signal.indicator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;

import io.aquatrade.signal.TradeOracle;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** EMA and SMA on the real closes (Binance's 1m and 5m candles that had trades, equal to Aquatrade's bars). */
class MovingAverageTest {
    private static final MathContext MC = MathContext.DECIMAL128;

    private static List<BigDecimal> closes(String file) {
        return TradeOracle.nonEmptyKlines(file).stream().map(TradeOracle.Kline::close).toList();
    }

    /**
     * Textbook EMA written as the closed-form weighted sum, exactly in BigDecimal:
     * ema[i] = (1-a)^i x[0] + sum_{k=1..i} a (1-a)^(i-k) x[k], a = 2/(n+1).
     */
    private static BigDecimal[] emaClosedForm(List<BigDecimal> x, int n) {
        BigDecimal a = BigDecimal.valueOf(2).divide(BigDecimal.valueOf(n + 1L), MC);
        BigDecimal keep = BigDecimal.ONE.subtract(a);
        BigDecimal[] out = new BigDecimal[x.size()];
        // running form of the same sum: weightedSum[i] = keep * weightedSum[i-1] + a * x[i], plus keep^i * x[0]
        BigDecimal weighted = BigDecimal.ZERO;
        BigDecimal keepPow = BigDecimal.ONE;
        for (int i = 0; i < x.size(); i++) {
            if (i > 0) {
                weighted = weighted.multiply(keep, MC).add(a.multiply(x.get(i), MC), MC);
                keepPow = keepPow.multiply(keep, MC);
            }
            out[i] = keepPow.multiply(x.get(0), MC).add(weighted, MC);
        }
        return out;
    }

    @ParameterizedTest(name = "EMA {0} of {1} closes")
    @CsvSource({"9, XRP_ETH-5m.json", "20, XRP_ETH-5m.json", "200, XRP_ETH-5m.json", "9, XRP_ETH-1m.json",
            "200, XRP_ETH-1m.json", "1, XRP_ETH-5m.json"})
    void emaMatchesTheTextbookFormulaSeededWithTheFirstClose(int n, String file) {
        List<BigDecimal> x = closes(file);
        BigDecimal[] expected = emaClosedForm(x, n);
        Ema ema = new Ema(n);
        for (int i = 0; i < x.size(); i++) {
            ema.update(x.get(i).doubleValue());
            if (i < n - 1) {
                assertThat(ema.isReady()).as("ready at %d", i).isFalse();
                assertThat(ema.value()).isNaN();
            } else {
                assertThat(ema.isReady()).isTrue();
                double e = expected[i].doubleValue();
                assertThat(ema.value()).as("EMA %d at %d", n, i).isCloseTo(e, within(e * 1e-12));
            }
        }
        assertThat(ema.count()).isEqualTo(x.size());
    }

    @ParameterizedTest(name = "SMA {0} of {1} closes")
    @CsvSource({"9, XRP_ETH-5m.json", "9, XRP_ETH-1m.json", "200, XRP_ETH-5m.json", "1, XRP_ETH-1m.json"})
    void smaIsTheMeanOfTheLastNCloses(int n, String file) {
        List<BigDecimal> x = closes(file);
        Sma sma = new Sma(n);
        for (int i = 0; i < x.size(); i++) {
            sma.update(x.get(i).doubleValue());
            if (i < n - 1) {
                assertThat(sma.isReady()).isFalse();
                assertThat(sma.value()).isNaN();
                continue;
            }
            BigDecimal sum = BigDecimal.ZERO;
            for (int k = i - n + 1; k <= i; k++) {
                sum = sum.add(x.get(k));
            }
            double e = sum.divide(BigDecimal.valueOf(n), MC).doubleValue();
            assertThat(sma.isReady()).isTrue();
            assertThat(sma.value()).as("SMA %d at %d", n, i).isCloseTo(e, within(e * 1e-13));
        }
    }
}
