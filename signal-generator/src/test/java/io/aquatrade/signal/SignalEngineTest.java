package io.aquatrade.signal;

import static io.aquatrade.signal.TradeOracle.XRPETH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;

import io.aquatrade.common.Bar;
import io.aquatrade.common.BarListener;
import io.aquatrade.common.ConfigException;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.QuoteTick;
import io.aquatrade.common.Signal;
import io.aquatrade.common.SignalListener;
import io.aquatrade.common.TradeTick;
import io.aquatrade.signal.strategy.ChopFilter;
import io.aquatrade.signal.strategy.ConfirmTimeframesFilter;
import io.aquatrade.signal.strategy.EmaCrossStrategy;
import io.aquatrade.signal.strategy.EmaTrendFilter;
import io.aquatrade.signal.strategy.MaCrossStrategy;
import io.aquatrade.signal.strategy.VwapMomentumStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignalEngineTest {
    private static final long MS = 1_000_000L;
    private static final long MINUTE_NS = 60_000L * MS;
    /** A second instrument for clock scenarios; its ticks reuse real XRP/ETH trade values. */
    private static final Instrument XRPBNB = new Instrument("XRPBNB", "XRP", "BNB", 8, 0);

    private static SignalConfig momentum(long timeframeMs, String... instruments) {
        return new SignalConfig(timeframeMs, List.of(new StrategyConfig("vwap-momentum", List.of(instruments),
                new VwapMomentumStrategy.Params(3, VwapMomentumStrategy.VwapSource.SESSION))));
    }

    /** Every strategy type, every filter, on four timeframes of one instrument. */
    static SignalConfig everything(long defaultMs) {
        return new SignalConfig(defaultMs, List.of(
                new StrategyConfig("vwap-momentum", List.of("XRPETH"),
                        new VwapMomentumStrategy.Params(3, VwapMomentumStrategy.VwapSource.SESSION)),
                new StrategyConfig("ma-cross", List.of("XRPETH"), 60_000L,
                        List.of(new ChopFilter.Params(20, 4, 9, 14, 1.0), new EmaTrendFilter.Params()),
                        new MaCrossStrategy.Params(9, 5)),
                new StrategyConfig("ema-cross", List.of("XRPETH"), 0,
                        List.of(new ConfirmTimeframesFilter.Params(List.of(900_000L, 3_600_000L), 20)),
                        new EmaCrossStrategy.Params(9, 20)),
                new StrategyConfig("ema-cross-1m", List.of("XRPETH"), 60_000L, List.of(),
                        new EmaCrossStrategy.Params(9, 20))));
    }

    @TempDir
    Path dir;

    private static TradeTick tick(int realIndex, String instrument, long eventTimeNs) {
        TradeTick t = TradeOracle.at(TradeOracle.trades().get(realIndex), eventTimeNs);
        return t.instrument(instrument);
    }

    @Test
    void aTradeThatWouldOverflowABarIsRejectedOnEveryTimeframeAndChangesNothing() {
        OutputRecorder clean = new OutputRecorder();
        SignalEngine reference = new SignalEngine(everything(300_000L), List.of(XRPETH), clean, clean);
        OutputRecorder out = new OutputRecorder();
        SignalEngine engine = new SignalEngine(everything(300_000L), List.of(XRPETH), out, out);
        List<TradeTick> trades = TradeOracle.trades();
        for (int i = 0; i < trades.size(); i++) {
            reference.tradeTick(trades.get(i));
            engine.tradeTick(trades.get(i));
            if (i % 3_000 == 1_000) {
                // 92233720368547.75807 at 5 size decimals (here: Long.MAX_VALUE units) on top of an open bar
                engine.tradeTick(TradeOracle.at(trades.get(i), trades.get(i).eventTimeNs()).quantity(Long.MAX_VALUE));
            }
        }
        assertThat(engine.rejectedCount()).isEqualTo(4);
        assertThat(engine.lateTradeCount()).isZero();
        assertThat(out.bars).isEqualTo(clean.bars);
        assertThat(out.signals).isEqualTo(clean.signals).isNotEmpty();
    }

    @Test
    void theFirstTradeAfterAFeedOutageFlagsItsBarsAsGapsAndQuietIntervalsBecomeFlatBars() {
        OutputRecorder out = new OutputRecorder();
        SignalEngine engine = new SignalEngine(SignalConfig.defaults().withTimeframeMs(60_000L),
                List.of(XRPETH, XRPBNB), out, out);
        long t0 = Math.floorDiv(TradeOracle.trades().get(0).eventTimeNs(), MINUTE_NS) * MINUTE_NS;
        engine.tradeTick(tick(0, "XRPETH", t0 + 1_000 * MS));
        engine.tradeTick(tick(1, "XRPBNB", t0 + 2_000 * MS));
        // the feed is down for three minutes; the XRPETH trade after the reconnect says so
        engine.tradeTick(tick(2, "XRPETH", t0 + 3 * MINUTE_NS + 5).afterGap(true));
        engine.tradeTick(tick(3, "XRPBNB", t0 + 3 * MINUTE_NS + 6));
        engine.advanceTo(t0 + 5 * MINUTE_NS);

        List<Bar> eth = out.bars.stream().filter(b -> b.instrument().equals("XRPETH")).toList();
        List<Bar> bnb = out.bars.stream().filter(b -> b.instrument().equals("XRPBNB")).toList();
        // one bar per minute from each instrument's first trade: 2 flat minutes between, 1 flat after
        assertThat(eth).extracting(Bar::tradeCount).containsExactly(1L, 0L, 0L, 1L, 0L);
        assertThat(bnb).extracting(Bar::tradeCount).containsExactly(1L, 0L, 0L, 1L, 0L);
        assertThat(eth.get(1).close()).isEqualTo(eth.get(0).close());
        assertThat(eth).extracting(Bar::gap).containsExactly(false, false, false, true, false);
        assertThat(bnb).extracting(Bar::gap).as("the flag is per instrument").containsOnly(false);
        out.bars.forEach(Bar::validate);
    }

    @Test
    void theEventTimeClockIsSharedSoAnIlliquidInstrumentsBarClosesOnTime() {
        OutputRecorder out = new OutputRecorder();
        SignalEngine engine = new SignalEngine(SignalConfig.defaults().withTimeframeMs(60_000L)
                .withEmptyBars(EmptyBars.SKIP), List.of(XRPETH, XRPBNB), out, out);
        long t0 = Math.floorDiv(TradeOracle.trades().get(0).eventTimeNs(), MINUTE_NS) * MINUTE_NS;

        engine.tradeTick(tick(0, "XRPBNB", t0 + 20_000 * MS));
        engine.tradeTick(tick(1, "XRPETH", t0 + 30_000 * MS));
        assertThat(out.bars).isEmpty();
        // XRPBNB trades no more; an XRPETH trade two minutes later closes both bars, in config order
        engine.tradeTick(tick(2, "XRPETH", t0 + 2 * MINUTE_NS + 1));
        assertThat(out.bars).extracting(Bar::instrument).containsExactly("XRPETH", "XRPBNB");
        assertThat(out.bars).extracting(Bar::eventTimeNs).containsOnly(t0 + MINUTE_NS);

        // a quiet market: the input watermark closes the open XRPETH bar without a tick
        engine.advanceTo(t0 + 3 * MINUTE_NS - 1);
        assertThat(out.bars).hasSize(2);
        engine.advanceTo(t0 + 3 * MINUTE_NS);
        assertThat(out.bars).hasSize(3);
        assertThat(out.bars.get(2).openTimeNs()).isEqualTo(t0 + 2 * MINUTE_NS);
        assertThat(out.bars.get(2).close()).isEqualTo(TradeOracle.trades().get(2).price());

        // unknown instruments and quotes are counted and ignored; they do not move the clock
        engine.tradeTick(tick(3, "BTCUSDT", t0 + 9 * MINUTE_NS));
        engine.quoteTick(new QuoteTick());
        engine.tradeTick(tick(4, "XRPBNB", t0 + 3 * MINUTE_NS + 5));
        assertThat(engine.unknownInstrumentTradeCount()).isEqualTo(1);
        assertThat(engine.quoteCount()).isEqualTo(1);
        assertThat(engine.lateTradeCount()).isZero();
        // a trade inside an interval the clock has passed is late
        engine.tradeTick(tick(5, "XRPETH", t0 + 2 * MINUTE_NS + 7));
        assertThat(engine.lateTradeCount()).isEqualTo(1);
        assertThat(engine.barCount()).isEqualTo(3);
        assertThat(engine.clockNs()).isEqualTo(t0 + 3 * MINUTE_NS + 5);
    }

    @Test
    void atTheEndOfTheStreamTheLastBarStaysOpen() {
        OutputRecorder out = new OutputRecorder();
        SignalEngine engine = new SignalEngine(momentum(300_000L, "XRPETH"), List.of(XRPETH), out, out);
        for (TradeTick t : TradeOracle.trades()) {
            engine.tradeTick(t);
        }
        // a bar for every 5m interval from the first trade's (flat ones included), the last one still open
        List<TradeOracle.Kline> klines = TradeOracle.klinesBetweenTrades("XRP_ETH-5m.json");
        int n = klines.size() - 1;
        assertThat(out.bars).hasSize(n);
        assertThat(out.bars.get(n - 1).openTimeNs()).isEqualTo(klines.get(n - 1).openMs() * MS);
        assertThat(engine.barCount()).isEqualTo(n);
        assertThat(engine.signalCount()).isEqualTo(out.signals.size()).isPositive();
        assertThat(engine.indicators("XRPETH").barCount()).isEqualTo(n);
        assertThat(engine.indicators("XRPETH").ema200().isReady()).isTrue();
        // only an event time at or past the bar's end closes it
        engine.advanceTo(klines.get(n).openMs() * MS + 300_000L * MS - 1);
        assertThat(out.bars).hasSize(n);
        engine.advanceTo(klines.get(n).openMs() * MS + 300_000L * MS);
        assertThat(out.bars).hasSize(n + 1);
    }

    @Test
    void signalIdsContinueAfterAGivenId() {
        OutputRecorder out = new OutputRecorder();
        SignalEngine engine = new SignalEngine(momentum(300_000L, "XRPETH"), List.of(XRPETH), out, out);
        engine.continueSignalIdsAfter(41);
        for (TradeTick t : TradeOracle.trades()) {
            engine.tradeTick(t);
        }
        assertThat(out.signals).isNotEmpty();
        assertThat(out.signals.get(0).signalId()).isEqualTo(42);
        assertThat(engine.lastSignalId()).isEqualTo(41 + out.signals.size());
    }

    @Test
    void aStrategyOnAnUnconfiguredInstrumentIsRejected() {
        OutputRecorder out = new OutputRecorder();
        assertThatThrownBy(() -> new SignalEngine(momentum(300_000L, "XRPBNB"), List.of(XRPETH), out, out))
                .isInstanceOfSatisfying(ConfigException.class,
                        e -> assertThat(e.field()).isEqualTo("signal-generator.strategies[0].instruments[0]"));
    }

    @Test
    void barsOfEveryTimeframeAreBuiltFromTheSameTicksInOrderOfCloseTime() {
        OutputRecorder out = new OutputRecorder();
        SignalEngine engine = new SignalEngine(everything(300_000L), List.of(XRPETH), out, out);
        assertThat(engine.timeframesMs("XRPETH")).containsExactly(60_000L, 300_000L, 900_000L, 3_600_000L);
        TradeOracle.trades().forEach(engine::tradeTick);
        int total = 0;
        for (long tf : engine.timeframesMs("XRPETH")) {
            OutputRecorder single = new OutputRecorder();
            SignalEngine alone = new SignalEngine(SignalConfig.defaults().withTimeframeMs(tf), List.of(XRPETH), single,
                    single);
            TradeOracle.trades().forEach(alone::tradeTick);
            assertThat(out.bars.stream().filter(b -> b.timeframeMs() == tf).toList()).as("%d ms bars", tf)
                    .isNotEmpty().isEqualTo(single.bars);
            total += single.bars.size();
        }
        assertThat(out.bars).hasSize(total);
        // by close time; at one close time ascending timeframe; a signal after all bars closing with its bar
        Object previous = null;
        for (Object o : out.all) {
            if (previous instanceof Bar p && o instanceof Bar b) {
                assertThat(b.eventTimeNs()).isGreaterThanOrEqualTo(p.eventTimeNs());
                if (b.eventTimeNs() == p.eventTimeNs()) {
                    assertThat(b.timeframeMs()).isGreaterThan(p.timeframeMs());
                }
            }
            if (previous instanceof Signal p && o instanceof Bar b) {
                assertThat(b.eventTimeNs()).isGreaterThan(p.eventTimeNs());
            }
            previous = o;
        }
        assertThat(out.signals).extracting(Signal::strategyId)
                .contains("vwap-momentum", "ma-cross", "ema-cross", "ema-cross-1m");
        for (Signal s : out.signals) {
            long tf = s.strategyId().endsWith("1m") || s.strategyId().equals("ma-cross") ? 60_000L : 300_000L;
            assertThat(s.timeframeMs()).as("timeframe of %s", s.strategyId()).isEqualTo(tf);
            assertThat(s.eventTimeNs()).isEqualTo(s.barOpenTimeNs() + tf * MS);
        }
    }

    @Test
    void theHotPathDoesNotAllocatePerTick() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] counts = new long[2];
        BarListener bars = bar -> counts[0]++;
        SignalListener signals = signal -> counts[1]++;
        List<TradeTick> trades = TradeOracle.trades();
        SignalConfig config = everything(300_000L).withTradeContext(new TradeContextConfig(dir, 50, 25, 200));
        // a first engine warms up the code (class loading, JIT); the second one is measured
        for (int round = 0; round < 2; round++) {
            TradeContextRecorder recorder = new TradeContextRecorder(config.tradeContext(), config, List.of(XRPETH));
            SignalEngine engine = new SignalEngine(config, List.of(XRPETH), bars, signals, recorder);
            long thread = Thread.currentThread().getId();
            long before = threads.getThreadAllocatedBytes(thread);
            for (int i = 0; i < trades.size(); i++) {
                engine.tradeTick(trades.get(i));
            }
            long allocated = threads.getThreadAllocatedBytes(thread) - before;
            if (round == 1) {
                assertThat(counts[1]).isPositive();
                // 12,477 ticks, 3,469 bars on four timeframes with their indicators, four strategies, three filters,
                // the trade context ring, and the signals: less than one byte per tick in all
                assertThat(allocated).as("bytes allocated for %d ticks", trades.size()).isLessThan(trades.size());
            }
        }
    }

    @Test
    void signalsAreStampedWithTheirBar() {
        OutputRecorder out = new OutputRecorder();
        SignalEngine engine = new SignalEngine(momentum(60_000L, "XRPETH"), List.of(XRPETH), out, out);
        TradeOracle.trades().forEach(engine::tradeTick);
        for (Signal s : out.signals) {
            assertThat(s.eventTimeNs() - s.barOpenTimeNs()).isEqualTo(MINUTE_NS);
            assertThat(s.timeframeMs()).isEqualTo(60_000L);
        }
    }

    /**
     * Every published bar carries EMA 9/20/200, SMA 9 and ATR 14 including itself, equal to ta4j 0.17 (exact
     * DecimalNum) run over the very bars published before it, to 1e-9 relative; NaN during each warm-up.
     */
    @Test
    void publishedBarsCarryTheirIndicatorValuesEqualToTa4j() {
        for (long tf : new long[] {60_000L, 300_000L}) {
            OutputRecorder out = new OutputRecorder();
            SignalEngine engine = new SignalEngine(SignalConfig.defaults().withTimeframeMs(tf), List.of(XRPETH), out,
                    out);
            TradeOracle.trades().forEach(engine::tradeTick);
            List<Bar> bars = out.bars;
            assertThat(bars).hasSizeGreaterThan(200);
            org.ta4j.core.BarSeries series = Ta4jSeries.of("XRPETH", bars, XRPETH);
            var close = new org.ta4j.core.indicators.helpers.ClosePriceIndicator(series);
            var ema9 = new org.ta4j.core.indicators.EMAIndicator(close, 9);
            var ema20 = new org.ta4j.core.indicators.EMAIndicator(close, 20);
            var ema200 = new org.ta4j.core.indicators.EMAIndicator(close, 200);
            var sma9 = new org.ta4j.core.indicators.SMAIndicator(close, 9);
            var atr14 = new org.ta4j.core.indicators.ATRIndicator(series, 14);
            for (int i = 0; i < bars.size(); i++) {
                Bar b = bars.get(i);
                assertIndicator(b.ema9(), i < 8, ema9.getValue(i), "EMA 9", i);
                assertIndicator(b.ema20(), i < 19, ema20.getValue(i), "EMA 20", i);
                assertIndicator(b.ema200(), i < 199, ema200.getValue(i), "EMA 200", i);
                assertIndicator(b.sma9(), i < 8, sma9.getValue(i), "SMA 9", i);
                assertIndicator(b.atr14(), i < 13, atr14.getValue(i), "ATR 14", i);
            }
        }
    }

    private static void assertIndicator(double ours, boolean warmingUp, org.ta4j.core.num.Num ta4j, String what,
                                        int index) {
        if (warmingUp) {
            assertThat(ours).as("%s at %d warming up", what, index).isNaN();
            return;
        }
        double expected = ta4j.doubleValue();
        assertThat(ours).as("%s at %d", what, index)
                .isCloseTo(expected, org.assertj.core.data.Offset.offset(Math.abs(expected) * 1e-9 + 1e-18));
    }
}
