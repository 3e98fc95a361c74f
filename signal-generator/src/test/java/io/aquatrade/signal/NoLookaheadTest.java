package io.aquatrade.signal;

import static io.aquatrade.signal.TradeOracle.XRPETH;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToLongFunction;

import io.aquatrade.common.Bar;
import io.aquatrade.common.Side;
import io.aquatrade.common.Signal;
import io.aquatrade.common.TradeTick;
import io.aquatrade.signal.strategy.ChopFilter;
import io.aquatrade.signal.strategy.ConfirmTimeframesFilter;
import io.aquatrade.signal.strategy.EmaCrossStrategy;
import io.aquatrade.signal.strategy.EmaTrendFilter;
import io.aquatrade.signal.strategy.MaCrossStrategy;
import io.aquatrade.signal.strategy.VwapMomentumStrategy;
import org.junit.jupiter.api.Test;

/**
 * No lookahead: over the real sample, every trade (or input bar) from a time t on is scrambled (random prices,
 * quantities and sides; times kept), the engine is rerun, and every bar and signal stamped at or before t must be
 * identical, for every strategy type and every filter, on several timeframes at once. Something after t must differ,
 * or the scrambling proved nothing.
 */
class NoLookaheadTest {
    private static final long MS = 1_000_000L;
    private static final long HOUR_NS = 3_600_000L * MS;

    /** Every strategy type with and without every filter, deciding on 1m, 5m and 15m, confirming on up to 1h. */
    private static final SignalConfig CONFIG = new SignalConfig(300_000L, List.of(
            new StrategyConfig("vwap-momentum", List.of("XRPETH"),
                    new VwapMomentumStrategy.Params(2, VwapMomentumStrategy.VwapSource.SESSION)),
            new StrategyConfig("vwap-momentum-bar-chop", List.of("XRPETH"), 60_000L,
                    List.of(new ChopFilter.Params(10, 3, 9, 14, 2.0)),
                    new VwapMomentumStrategy.Params(2, VwapMomentumStrategy.VwapSource.BAR)),
            new StrategyConfig("ma-cross", List.of("XRPETH"), new MaCrossStrategy.Params(9, 5)),
            new StrategyConfig("ma-cross-1m-trend-chop", List.of("XRPETH"), 60_000L,
                    List.of(new EmaTrendFilter.Params(), new ChopFilter.Params(20, 6, 9, 14, 0)),
                    new MaCrossStrategy.Params(9, 5)),
            new StrategyConfig("ma-cross-1m-confirm", List.of("XRPETH"), 60_000L,
                    List.of(new ConfirmTimeframesFilter.Params(List.of(300_000L, 900_000L), 20)),
                    new MaCrossStrategy.Params(9, 6)),
            new StrategyConfig("ema-cross", List.of("XRPETH"), new EmaCrossStrategy.Params(9, 20)),
            new StrategyConfig("ema-cross-1m-confirm", List.of("XRPETH"), 60_000L,
                    List.of(new ConfirmTimeframesFilter.Params(List.of(900_000L, 1_800_000L, 3_600_000L), 9)),
                    new EmaCrossStrategy.Params(5, 13)),
            new StrategyConfig("ema-cross-15m", List.of("XRPETH"), 900_000L, List.of(),
                    new EmaCrossStrategy.Params(3, 8))));

    private static OutputRecorder runTicks(List<TradeTick> trades) {
        OutputRecorder out = new OutputRecorder();
        SignalEngine engine = new SignalEngine(CONFIG, List.of(XRPETH), out, out);
        trades.forEach(engine::tradeTick);
        return out;
    }

    private static OutputRecorder runBars(List<Bar> bars) {
        OutputRecorder out = new OutputRecorder();
        SignalEngine engine = new SignalEngine(CONFIG, List.of(XRPETH), out, out);
        bars.forEach(engine::bar);
        return out;
    }

    private static List<TradeTick> scrambleFrom(List<TradeTick> trades, long tNs, long seed) {
        Random random = new Random(seed);
        List<TradeTick> out = new ArrayList<>();
        for (TradeTick t : trades) {
            if (t.eventTimeNs() < tNs) {
                out.add(t);
                continue;
            }
            TradeTick c = t.deepCopy();
            c.price(Math.max(1, t.price() + (long) (random.nextGaussian() * t.price() * 0.01)));
            c.quantity(1 + random.nextInt(5_000));
            c.aggressorSide(random.nextBoolean() ? Side.BUY : Side.SELL);
            out.add(c);
        }
        return out;
    }

    private static <T> List<T> upTo(List<T> items, long tNs, ToLongFunction<T> time) {
        return items.stream().filter(x -> time.applyAsLong(x) <= tNs).toList();
    }

    /** Times t: trade times inside bars, and exact bar boundaries of every timeframe up to an hour. */
    private static List<Long> times() {
        List<TradeTick> trades = TradeOracle.trades();
        long boundary = (trades.get(9_000).eventTimeNs() / HOUR_NS + 1) * HOUR_NS;
        return List.of(trades.get(3_000).eventTimeNs(), trades.get(7_000).eventTimeNs() + 1, boundary,
                trades.get(11_500).eventTimeNs());
    }

    @Test
    void scramblingEveryTradeFromTChangesNoBarOrSignalAtOrBeforeT() {
        List<TradeTick> trades = TradeOracle.trades();
        OutputRecorder original = runTicks(trades);
        Set<String> strategiesSeen = new TreeSet<>();
        long seed = 1;
        for (long t : times()) {
            OutputRecorder scrambled = runTicks(scrambleFrom(trades, t, seed++));
            List<Bar> bars = upTo(original.bars, t, Bar::eventTimeNs);
            List<Signal> signals = upTo(original.signals, t, Signal::eventTimeNs);
            assertThat(upTo(scrambled.bars, t, Bar::eventTimeNs)).as("bars up to %d", t).isEqualTo(bars);
            assertThat(upTo(scrambled.signals, t, Signal::eventTimeNs)).as("signals up to %d", t).isEqualTo(signals);
            assertThat(scrambled.bars).as("bars after %d changed", t).isNotEqualTo(original.bars);
            assertThat(scrambled.signals).as("signals after %d changed", t).isNotEqualTo(original.signals);
            signals.forEach(s -> strategiesSeen.add(s.strategyId()));
        }
        Set<String> all = new TreeSet<>();
        CONFIG.strategies().forEach(s -> all.add(s.id()));
        assertThat(strategiesSeen).as("every strategy signalled before some t").isEqualTo(all);
    }

    @Test
    void scramblingEveryInputBarFromTChangesNoBarOrSignalAtOrBeforeT() {
        OutputRecorder minutes = new OutputRecorder();
        SignalEngine oneMinute = new SignalEngine(SignalConfig.defaults().withTimeframeMs(60_000L), List.of(XRPETH),
                minutes, minutes);
        TradeOracle.trades().forEach(oneMinute::tradeTick);
        List<Bar> input = minutes.bars;
        OutputRecorder original = runBars(input);
        assertThat(original.signals).isNotEmpty();
        long seed = 100;
        for (long t : times()) {
            Random random = new Random(seed++);
            List<Bar> scrambled = new ArrayList<>();
            for (Bar b : input) {
                if (b.openTimeNs() + 60_000L * MS <= t || b.volume() == 0) {
                    // flat bars (no trades) stay as they are: one with another close would be invalid
                    scrambled.add(b);
                    continue;
                }
                // an input bar that is not closed by t is "after t": scramble it, keeping it a valid bar
                long close = Math.max(1, b.close() + (long) (random.nextGaussian() * b.close() * 0.01));
                Bar c = b.deepCopy();
                scrambled.add(c.close(close).high(Math.max(b.high(), close)).low(Math.min(b.low(), close))
                        .vwap(XRPETH.priceToDouble(close)));
            }
            OutputRecorder changed = runBars(scrambled);
            assertThat(upTo(changed.bars, t, Bar::eventTimeNs)).isEqualTo(upTo(original.bars, t, Bar::eventTimeNs));
            assertThat(upTo(changed.signals, t, Signal::eventTimeNs))
                    .isEqualTo(upTo(original.signals, t, Signal::eventTimeNs));
            assertThat(changed.bars).isNotEqualTo(original.bars);
        }
    }
}
