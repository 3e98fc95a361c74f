package io.aquatrade.signal;

import static io.aquatrade.signal.TradeOracle.XRPETH;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

import io.aquatrade.common.Bar;
import io.aquatrade.common.Signal;
import io.aquatrade.signal.strategy.MaCrossStrategy;
import io.aquatrade.signal.strategy.VwapMomentumStrategy;
import org.junit.jupiter.api.Test;
import org.ta4j.core.BarSeries;
import org.ta4j.core.indicators.ATRIndicator;
import org.ta4j.core.num.Num;

/**
 * {@code Signal.atr}: ATR(14) of the signal's instrument and timeframe at the signal's bar, as a price mantissa, 0
 * while not yet known; checked against ta4j 0.17's {@code ATRIndicator} (Wilder's smoothing, exact decimals) over the
 * same bars, built from the sample's real XRP/ETH trades, on two timeframes.
 */
class SignalAtrTest {
    @Test
    void everySignalCarriesTheAtrOfItsBarAsTa4jComputesIt() {
        SignalConfig config = new SignalConfig(300_000L, List.of(
                new StrategyConfig("momentum", List.of("XRPETH"),
                        new VwapMomentumStrategy.Params(2, VwapMomentumStrategy.VwapSource.BAR)),
                new StrategyConfig("ma", List.of("XRPETH"), 900_000L, List.of(), new MaCrossStrategy.Params(9, 5))));
        OutputRecorder out = BarInputTest.fromTrades(config);
        assertThat(out.signals).isNotEmpty();
        int known = 0;
        int warmingUp = 0;
        for (long timeframeMs : new long[] {300_000L, 900_000L}) {
            List<Bar> bars = out.bars.stream().filter(b -> b.timeframeMs() == timeframeMs).toList();
            BarSeries series = Ta4jSeries.of("xrp-" + timeframeMs, bars, XRPETH);
            ATRIndicator atr = new ATRIndicator(series, 14);
            for (Signal s : out.signals) {
                if (s.timeframeMs() != timeframeMs) {
                    continue;
                }
                int i = 0;
                while (bars.get(i).openTimeNs() != s.barOpenTimeNs()) {
                    i++;
                }
                if (i < 13) {
                    assertThat(s.atr()).as("signal %d before the 14th bar", s.signalId()).isZero();
                    warmingUp++;
                    continue;
                }
                Num value = atr.getValue(i);
                long expected = new BigDecimal(value.toString()).movePointRight(XRPETH.priceDecimals())
                        .setScale(0, RoundingMode.HALF_UP).longValueExact();
                // the engine smooths in double (its ATR matches ta4j to 1e-9 relative): at most one unit apart
                assertThat(s.atr()).as("signal %d on bar %d", s.signalId(), i).isPositive()
                        .isBetween(expected - 1, expected + 1);
                known++;
            }
        }
        assertThat(known).isPositive();
        assertThat(warmingUp + known).isEqualTo(out.signals.size());
    }
}
