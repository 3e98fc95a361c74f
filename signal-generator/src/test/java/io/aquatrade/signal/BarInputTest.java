package io.aquatrade.signal;

import static io.aquatrade.signal.TradeOracle.XRPETH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.aquatrade.common.Bar;
import io.aquatrade.common.testing.SampleData;
import io.aquatrade.signal.strategy.EmaCrossStrategy;
import io.aquatrade.signal.strategy.MaCrossStrategy;
import io.aquatrade.signal.strategy.VwapMomentumStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Bar input for backtests over candle files: lower-timeframe bars merged into every configured timeframe through
 * the same aggregator, on the real sample.
 */
class BarInputTest {
    private static final long MS = 1_000_000L;
    private static final long MINUTE_MS = 60_000L;

    /** Bars built from the real trades by a tick-fed engine on the given timeframes, the last bars closed at the end. */
    static OutputRecorder fromTrades(SignalConfig config) {
        OutputRecorder out = new OutputRecorder();
        SignalEngine engine = new SignalEngine(config, List.of(XRPETH), out, out);
        TradeOracle.trades().forEach(engine::tradeTick);
        engine.advanceTo(endNs());
        return out;
    }

    /** The end of the sample's last day-hour: every bar up to 1h is closed by then. */
    static long endNs() {
        long last = TradeOracle.trades().get(TradeOracle.trades().size() - 1).eventTimeNs();
        return (Math.floorDiv(last, 3_600_000L * MS) + 1) * 3_600_000L * MS;
    }

    /** A config that builds 5m (default), 15m, 30m and 1h bars and runs every strategy type on them. */
    private static SignalConfig multiTimeframe(long defaultMs) {
        return new SignalConfig(defaultMs, List.of(
                new StrategyConfig("momentum", List.of("XRPETH"),
                        new VwapMomentumStrategy.Params(2, VwapMomentumStrategy.VwapSource.BAR)),
                new StrategyConfig("ma", List.of("XRPETH"), 900_000L, List.of(), new MaCrossStrategy.Params(9, 5)),
                new StrategyConfig("ema", List.of("XRPETH"), 1_800_000L, List.of(), new EmaCrossStrategy.Params(4, 9)),
                new StrategyConfig("ema-1h", List.of("XRPETH"), 3_600_000L, List.of(),
                        new EmaCrossStrategy.Params(3, 5))));
    }

    private static List<Bar> ofTimeframe(List<Bar> bars, long timeframeMs) {
        return bars.stream().filter(b -> b.timeframeMs() == timeframeMs).toList();
    }

    @ParameterizedTest(name = "emptyBars: {0}")
    @EnumSource(EmptyBars.class)
    void oneMinuteCandlesMergedToFiveMinutesEqualBinancesFiveMinuteCandles(EmptyBars emptyBars) {
        List<String[]> rows = SampleData.klines("XRP_ETH-1m.json");
        Set<Long> present = new HashSet<>();
        OutputRecorder out = new OutputRecorder();
        SignalEngine engine = new SignalEngine(SignalConfig.defaults().withEmptyBars(emptyBars), List.of(XRPETH), out,
                out);
        for (String[] r : rows) {
            long openMs = Long.parseLong(r[0]);
            present.add(openMs);
            long volume = TradeOracle.sizeMantissa(new BigDecimal(r[5]));
            // the files carry no buy/sell split, trade count or VWAP: one trade, all bought, VWAP = close
            engine.bar(new Bar().instrument("XRPETH").timeframeMs(MINUTE_MS).openTimeNs(openMs * MS)
                    .open(TradeOracle.priceMantissa(new BigDecimal(r[1])))
                    .high(TradeOracle.priceMantissa(new BigDecimal(r[2])))
                    .low(TradeOracle.priceMantissa(new BigDecimal(r[3])))
                    .close(TradeOracle.priceMantissa(new BigDecimal(r[4])))
                    .volume(volume).buyVolume(volume).sellVolume(0).tradeCount(volume > 0 ? 1 : 0)
                    .vwap(new BigDecimal(r[4]).doubleValue()).eventTimeNs((openMs + MINUTE_MS) * MS));
        }
        engine.advanceTo(endNs());
        List<TradeOracle.Kline> fiveMinuteKlines;
        if (emptyBars == EmptyBars.SKIP) {
            // flat volume-0 candles mean "no trades": skipped, like minutes without trades
            assertThat(engine.skippedInputBarCount()).isEqualTo(rows.size() - 2_469);
            assertThat(engine.inputBarCount()).isEqualTo(2_469);
            fiveMinuteKlines = TradeOracle.nonEmptyKlines("XRP_ETH-5m.json");
        } else {
            // one bar per row, flat rows included: the 5m bars are every 5m candle, flat ones too
            assertThat(engine.skippedInputBarCount()).isZero();
            assertThat(engine.inputBarCount()).isEqualTo(rows.size());
            fiveMinuteKlines = TradeOracle.klines("XRP_ETH-5m.json");
        }

        List<TradeOracle.Kline> expected = new ArrayList<>();
        for (TradeOracle.Kline k : fiveMinuteKlines) {
            boolean allPresent = true;
            for (int m = 0; m < 5; m++) {
                allPresent &= present.contains(k.openMs() + m * MINUTE_MS);
            }
            if (allPresent) {
                expected.add(k);
            }
        }
        assertThat(expected).hasSize(emptyBars == EmptyBars.SKIP ? 706 : 712);
        assertThat(out.bars).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            TradeOracle.Kline k = expected.get(i);
            Bar b = out.bars.get(i);
            assertThat(b.timeframeMs()).isEqualTo(300_000L);
            assertThat(b.openTimeNs()).isEqualTo(k.openMs() * MS);
            assertThat(b.eventTimeNs()).isEqualTo((k.openMs() + 300_000L) * MS);
            assertThat(b.open()).as("open of %d", k.openMs()).isEqualTo(TradeOracle.priceMantissa(k.open()));
            assertThat(b.high()).as("high of %d", k.openMs()).isEqualTo(TradeOracle.priceMantissa(k.high()));
            assertThat(b.low()).as("low of %d", k.openMs()).isEqualTo(TradeOracle.priceMantissa(k.low()));
            assertThat(b.close()).as("close of %d", k.openMs()).isEqualTo(TradeOracle.priceMantissa(k.close()));
            assertThat(b.volume()).as("volume of %d", k.openMs()).isEqualTo(TradeOracle.sizeMantissa(k.volume()));
            assertThat(b.gap()).isFalse();
            b.validate();
        }
    }

    @Test
    void oneMinuteBarsOfTheTradesMergeIntoEveryTimeframeAsTheTradesWouldAndSignalsAreTheSame() {
        SignalConfig config = multiTimeframe(300_000L);
        OutputRecorder ticks = fromTrades(config);
        List<Bar> minutes = ofTimeframe(fromTrades(SignalConfig.defaults().withTimeframeMs(MINUTE_MS)).bars, MINUTE_MS);
        // flat bars fill every quiet minute from the first trade's to the end
        long firstOpenNs = Math.floorDiv(TradeOracle.trades().get(0).eventTimeNs(), MINUTE_MS * MS) * MINUTE_MS * MS;
        assertThat(minutes).hasSize((int) ((endNs() - firstOpenNs) / (MINUTE_MS * MS)));
        assertThat(minutes.stream().filter(b -> b.volume() == 0).count()).isGreaterThan(1_000);

        OutputRecorder merged = new OutputRecorder();
        List<Double> sessionVwaps = new ArrayList<>();
        SignalEngine engine = new SignalEngine(config, List.of(XRPETH), merged, merged, (bar, indicators) -> {
            if (bar.timeframeMs() == 300_000L) {
                sessionVwaps.add(indicators.sessionVwap().value());
            }
        });
        assertThat(engine.timeframesMs("XRPETH")).containsExactly(300_000L, 900_000L, 1_800_000L, 3_600_000L);
        minutes.forEach(engine::bar);
        engine.advanceTo(endNs());

        for (long tf : new long[] {300_000L, 900_000L, 1_800_000L, 3_600_000L}) {
            List<Bar> expected = ofTimeframe(ticks.bars, tf);
            List<Bar> actual = ofTimeframe(merged.bars, tf);
            assertThat(actual).as("%d ms bars", tf).hasSize(expected.size());
            for (int i = 0; i < expected.size(); i++) {
                Bar e = expected.get(i);
                Bar a = actual.get(i).deepCopy();
                assertThat(a.vwap()).as("VWAP of %d ms bar %d", tf, i).isCloseTo(e.vwap(), within(e.vwap() * 1e-12));
                a.vwap(e.vwap());
                assertThat(a).as("%d ms bar %d", tf, i).isEqualTo(e);
            }
        }
        // the session VWAP from bars (each 1m bar's VWAP x volume) is the session VWAP of the trades
        List<Double> fromTrades = new ArrayList<>();
        SignalEngine tickEngine = new SignalEngine(config, List.of(XRPETH), new OutputRecorder(), new OutputRecorder(),
                (bar, indicators) -> {
                    if (bar.timeframeMs() == 300_000L) {
                        fromTrades.add(indicators.sessionVwap().value());
                    }
                });
        TradeOracle.trades().forEach(tickEngine::tradeTick);
        tickEngine.advanceTo(endNs());
        assertThat(sessionVwaps).hasSameSizeAs(fromTrades);
        for (int i = 0; i < fromTrades.size(); i++) {
            assertThat(sessionVwaps.get(i)).as("session VWAP at 5m bar %d", i)
                    .isCloseTo(fromTrades.get(i), within(fromTrades.get(i) * 1e-12));
        }
        // the strategies see the same bars, so they signal the same (the VWAP momentum compares bar VWAPs, which
        // may differ in the last bits: it is left out of the comparison)
        assertThat(merged.signals.stream().filter(s -> !s.strategyId().equals("momentum")).toList())
                .isEqualTo(ticks.signals.stream().filter(s -> !s.strategyId().equals("momentum")).toList());
        assertThat(merged.signals).extracting(s -> s.strategyId()).contains("ma", "ema", "ema-1h");
    }

    @Test
    void aBarOfAConfiguredTimeframePassesThroughUnchanged() {
        List<Bar> fiveMinutes = fromTrades(SignalConfig.defaults()).bars;
        OutputRecorder out = new OutputRecorder();
        SignalEngine engine = new SignalEngine(SignalConfig.defaults(), List.of(XRPETH), out, out);
        fiveMinutes.forEach(engine::bar);
        engine.advanceTo(endNs());
        assertThat(out.bars).isEqualTo(fiveMinutes);

        // a bar of a timeframe that divides none of the configured ones is skipped
        SignalEngine oneMinute = new SignalEngine(SignalConfig.defaults().withTimeframeMs(MINUTE_MS), List.of(XRPETH),
                out, out);
        oneMinute.bar(fiveMinutes.get(0));
        assertThat(oneMinute.skippedInputBarCount()).isEqualTo(1);
        assertThat(oneMinute.inputBarCount()).isZero();
    }

    @Test
    void aBarOlderThanWhatIsClosedIsLate() {
        List<Bar> minutes = fromTrades(SignalConfig.defaults().withTimeframeMs(MINUTE_MS)).bars;
        OutputRecorder out = new OutputRecorder();
        SignalEngine engine = new SignalEngine(SignalConfig.defaults(), List.of(XRPETH), out, out);
        engine.bar(minutes.get(10));
        engine.bar(minutes.get(5));
        assertThat(engine.lateInputBarCount()).isEqualTo(1);
        assertThat(engine.inputBarCount()).isEqualTo(1);
    }
}
