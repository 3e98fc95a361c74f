package io.aquatrade.signal.indicator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import io.aquatrade.common.BarListener;
import io.aquatrade.common.SignalListener;
import io.aquatrade.common.TradeTick;
import io.aquatrade.signal.SignalConfig;
import io.aquatrade.signal.SignalEngine;
import io.aquatrade.signal.TradeOracle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SessionVwapTest {
    private static final long MS = 1_000_000L;

    /** One sample of the indicators, taken when a bar was written. */
    private record Sample(long closeMs, boolean ready, double value) {
    }

    private static List<Sample> run(long timeframeMs) {
        List<Sample> samples = new ArrayList<>();
        SignalEngine[] engine = new SignalEngine[1];
        BarListener bars = bar -> {
            SessionVwap v = engine[0].indicators("XRPETH").sessionVwap();
            samples.add(new Sample(bar.eventTimeNs() / MS, v.isReady(), v.value()));
        };
        SignalListener signals = signal -> {
        };
        engine[0] = new SignalEngine(SignalConfig.defaults().withTimeframeMs(timeframeMs), List.of(TradeOracle.XRPETH),
                bars, signals);
        for (TradeTick t : TradeOracle.trades()) {
            engine[0].tradeTick(t);
        }
        return samples;
    }

    @ParameterizedTest(name = "timeframe {0} ms")
    @ValueSource(longs = {300_000L, 60_000L, 420_000L})
    void sessionVwapAtEachBarCloseEqualsTheExactVwapOfTheDaysTradesUpToTheClose(long timeframeMs) {
        List<Sample> samples = run(timeframeMs);
        assertThat(samples).isNotEmpty();
        int notReady = 0;
        for (Sample s : samples) {
            BigDecimal expected = TradeOracle.sessionVwap(s.closeMs());
            if (expected == null) {
                notReady++;
                assertThat(s.ready()).as("ready at %d", s.closeMs()).isFalse();
                assertThat(s.value()).isNaN();
            } else {
                assertThat(s.ready()).isTrue();
                assertThat(s.value()).as("session VWAP at %d", s.closeMs())
                        .isCloseTo(expected.doubleValue(), within(expected.doubleValue() * 1e-13));
            }
        }
        if (86_400_000L % timeframeMs == 0) {
            assertThat(notReady).isZero();
        }
    }

    @Test
    void theSessionResetsAtMidnightUtc() {
        List<Sample> samples = run(300_000L);
        // the 5m bar opening at 00:00 UTC on 2019-10-13 reports the VWAP of that bar alone
        long dayStartMs = 1_570_924_800_000L;
        Sample first = samples.stream().filter(s -> s.closeMs() == dayStartMs + 300_000L).findFirst().orElseThrow();
        double barOnly = TradeOracle.vwap(dayStartMs, dayStartMs + 300_000L).doubleValue();
        assertThat(first.value()).isCloseTo(barOnly, within(barOnly * 1e-13));
        // the bar closing at exactly 00:00 reports the whole previous day
        Sample last = samples.stream().filter(s -> s.closeMs() == dayStartMs).findFirst().orElseThrow();
        double wholeDay = TradeOracle.vwap(dayStartMs - 86_400_000L, dayStartMs).doubleValue();
        assertThat(last.value()).isCloseTo(wholeDay, within(wholeDay * 1e-13));
        assertThat(barOnly).isNotCloseTo(wholeDay, within(wholeDay * 1e-6));
    }
}
