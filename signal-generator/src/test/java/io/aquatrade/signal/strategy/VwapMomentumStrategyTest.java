package io.aquatrade.signal.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import io.aquatrade.common.Bar;
import io.aquatrade.common.Direction;
import io.aquatrade.common.Signal;
import io.aquatrade.common.TradeTick;
import io.aquatrade.signal.OutputRecorder;
import io.aquatrade.signal.SignalConfig;
import io.aquatrade.signal.SignalEngine;
import io.aquatrade.signal.StrategyConfig;
import io.aquatrade.signal.TradeOracle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VwapMomentumStrategyTest {
    private static final long MS = 1_000_000L;

    private static OutputRecorder run(long timeframeMs, int bars, VwapMomentumStrategy.VwapSource vwap) {
        StrategyConfig sc = new StrategyConfig("vwap-momentum", List.of("XRPETH"),
                new VwapMomentumStrategy.Params(bars, vwap));
        OutputRecorder out = new OutputRecorder();
        // the oracle below evaluates Binance's candles that had trades: bars of quiet intervals are skipped
        SignalEngine engine = new SignalEngine(new SignalConfig(timeframeMs, List.of(sc))
                .withEmptyBars(io.aquatrade.signal.EmptyBars.SKIP), List.of(TradeOracle.XRPETH), out, out);
        for (TradeTick t : TradeOracle.trades()) {
            engine.tradeTick(t);
        }
        return out;
    }

    /**
     * Independent evaluation on Binance's candles (closes) and VWAPs computed exactly from the trades: the bar open
     * times where close and VWAP are strictly increasing over the last N+1 bars and were not on the bar before.
     * The engine leaves the last bar open at the end of the stream, so the last candle is not evaluated.
     */
    private static List<Long> expectedEntries(String file, long timeframeMs, int n, boolean session) {
        List<TradeOracle.Kline> k = TradeOracle.nonEmptyKlines(file);
        k = k.subList(0, k.size() - 1);
        List<BigDecimal> vwaps = new ArrayList<>();
        for (TradeOracle.Kline c : k) {
            long closeMs = c.openMs() + timeframeMs;
            vwaps.add(session ? TradeOracle.sessionVwap(closeMs) : TradeOracle.vwap(c.openMs(), closeMs));
        }
        List<Long> entries = new ArrayList<>();
        boolean before = false;
        for (int i = 0; i < k.size(); i++) {
            boolean rising = i >= n;
            for (int j = i - n + 1; rising && j <= i; j++) {
                rising = k.get(j).close().compareTo(k.get(j - 1).close()) > 0
                        && vwaps.get(j).compareTo(vwaps.get(j - 1)) > 0;
            }
            if (rising && !before) {
                entries.add(k.get(i).openMs() * MS);
            }
            before = rising;
        }
        return entries;
    }

    @ParameterizedTest(name = "{0}, N = {2}, vwap {3}")
    @CsvSource({"XRP_ETH-5m.json, 300000, 3, SESSION", "XRP_ETH-5m.json, 300000, 2, BAR",
            "XRP_ETH-1m.json, 60000, 3, SESSION", "XRP_ETH-1m.json, 60000, 1, BAR",
            "XRP_ETH-1m.json, 60000, 4, BAR"})
    void emitsLongExactlyWhereCloseAndVwapStartToRiseNBars(String file, long timeframeMs, int n,
                                                           VwapMomentumStrategy.VwapSource vwap) {
        OutputRecorder out = run(timeframeMs, n, vwap);
        List<Long> expected = expectedEntries(file, timeframeMs, n, vwap == VwapMomentumStrategy.VwapSource.SESSION);

        assertThat(expected).isNotEmpty();
        assertThat(out.signals).extracting(Signal::barOpenTimeNs).containsExactlyElementsOf(expected);
    }

    @Test
    void everySignalCarriesItsBarAndAUniqueIncreasingId() {
        OutputRecorder out = run(300_000L, 3, VwapMomentumStrategy.VwapSource.SESSION);
        assertThat(out.signals).isNotEmpty();
        long previousId = 0;
        for (Signal s : out.signals) {
            Bar bar = out.bars.stream().filter(b -> b.openTimeNs() == s.barOpenTimeNs()).findFirst().orElseThrow();
            assertThat(s.signalId()).isGreaterThan(previousId);
            previousId = s.signalId();
            assertThat(s.strategyId()).isEqualTo("vwap-momentum");
            assertThat(s.instrument()).isEqualTo("XRPETH");
            assertThat(s.direction()).isEqualTo(Direction.LONG);
            assertThat(s.timeframeMs()).isEqualTo(300_000L);
            assertThat(s.price()).isEqualTo(bar.close());
            assertThat(s.eventTimeNs()).isEqualTo(bar.eventTimeNs()).isEqualTo(s.barOpenTimeNs() + 300_000L * MS);
            assertThat(s.reason()).isEqualTo("close and session VWAP rose 3 bars");
            s.validate();
        }
        assertThat(out.signals.get(0).signalId()).isEqualTo(1);
    }

    @Test
    void signalsFollowTheirBarOnTheOutputs() {
        OutputRecorder out = run(300_000L, 2, VwapMomentumStrategy.VwapSource.BAR);
        // bars and signals are in event-time order; a signal never comes before its bar
        for (int i = 1; i < out.bars.size(); i++) {
            assertThat(out.bars.get(i).eventTimeNs()).isGreaterThan(out.bars.get(i - 1).eventTimeNs());
        }
        for (int i = 1; i < out.signals.size(); i++) {
            assertThat(out.signals.get(i).eventTimeNs()).isGreaterThan(out.signals.get(i - 1).eventTimeNs());
        }
        assertThat(out.signals).isNotEmpty();
        for (int i = 0; i < out.all.size(); i++) {
            if (out.all.get(i) instanceof Signal s) {
                assertThat(out.all.get(i - 1)).isInstanceOfSatisfying(Bar.class,
                        b -> assertThat(b.openTimeNs()).isEqualTo(s.barOpenTimeNs()));
            }
        }
    }
}
