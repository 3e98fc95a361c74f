package io.aquatrade.signal.strategy;

import static io.aquatrade.signal.TradeOracle.XRPETH;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.aquatrade.common.Bar;
import io.aquatrade.common.Direction;
import io.aquatrade.common.Signal;
import io.aquatrade.signal.OutputRecorder;
import io.aquatrade.signal.SignalConfig;
import io.aquatrade.signal.SignalEngine;
import io.aquatrade.signal.StrategyConfig;
import io.aquatrade.signal.Ta4jSeries;
import io.aquatrade.signal.TradeOracle;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ta4j.core.BarSeries;
import org.ta4j.core.BaseStrategy;
import org.ta4j.core.Position;
import org.ta4j.core.Rule;
import org.ta4j.core.TradingRecord;
import org.ta4j.core.backtest.BarSeriesManager;
import org.ta4j.core.backtest.TradeOnCurrentCloseModel;
import org.ta4j.core.indicators.EMAIndicator;
import org.ta4j.core.indicators.helpers.ClosePriceIndicator;
import org.ta4j.core.rules.CrossedDownIndicatorRule;
import org.ta4j.core.rules.CrossedUpIndicatorRule;

/**
 * The EMA cross against ta4j 0.17 running the same rule on the same bars (Aquatrade's bars from the real trades):
 * a LONG exactly where ta4j's {@code CrossedUpIndicatorRule(EMA fast, EMA slow)} is satisfied, a FLAT exactly where
 * {@code CrossedDownIndicatorRule} is, from index {@code slow} on; hence the same entries and exits as ta4j's
 * {@code BarSeriesManager} trading that strategy.
 */
class EmaCrossStrategyTest {
    private static final long MS = 1_000_000L;

    @ParameterizedTest(name = "EMA {0}/{1} on {2} ms bars")
    @CsvSource({"9, 20, 300000", "9, 20, 60000", "5, 13, 60000", "12, 200, 60000", "2, 3, 300000"})
    void signalsExactlyWhereTa4jsCrossRulesAreSatisfied(int fast, int slow, long timeframeMs) {
        OutputRecorder out = new OutputRecorder();
        SignalEngine engine = new SignalEngine(new SignalConfig(timeframeMs, List.of(new StrategyConfig("ema-cross",
                List.of("XRPETH"), new EmaCrossStrategy.Params(fast, slow)))), List.of(XRPETH), out, out);
        TradeOracle.trades().forEach(engine::tradeTick);
        List<Bar> bars = out.bars;
        Map<Long, Integer> index = new HashMap<>();
        for (int i = 0; i < bars.size(); i++) {
            index.put(bars.get(i).openTimeNs(), i);
        }

        BarSeries series = Ta4jSeries.of("XRPETH", bars, XRPETH);
        ClosePriceIndicator close = new ClosePriceIndicator(series);
        EMAIndicator fastEma = new EMAIndicator(close, fast);
        EMAIndicator slowEma = new EMAIndicator(close, slow);
        Rule up = new CrossedUpIndicatorRule(fastEma, slowEma);
        Rule down = new CrossedDownIndicatorRule(fastEma, slowEma);

        List<Integer> expectedLongs = new ArrayList<>();
        List<Integer> expectedFlats = new ArrayList<>();
        for (int i = slow; i < bars.size(); i++) {
            if (up.isSatisfied(i)) {
                expectedLongs.add(i);
            }
            if (down.isSatisfied(i)) {
                expectedFlats.add(i);
            }
        }
        List<Integer> longs = new ArrayList<>();
        List<Integer> flats = new ArrayList<>();
        for (Signal s : out.signals) {
            int i = index.get(s.barOpenTimeNs());
            assertThat(i).isGreaterThanOrEqualTo(slow);
            assertThat(s.eventTimeNs()).isEqualTo(s.barOpenTimeNs() + timeframeMs * MS);
            (s.direction() == Direction.LONG ? longs : flats).add(i);
            assertThat(s.direction()).isIn(Direction.LONG, Direction.FLAT);
        }
        assertThat(expectedLongs).isNotEmpty();
        assertThat(longs).isEqualTo(expectedLongs);
        assertThat(flats).isEqualTo(expectedFlats);

        // ta4j's own backtest of the strategy trades at the same bars
        BaseStrategy strategy = new BaseStrategy("ema-cross", up, down, slow);
        TradingRecord record = new BarSeriesManager(series, new TradeOnCurrentCloseModel()).run(strategy);
        List<Integer> entries = new ArrayList<>();
        List<Integer> exits = new ArrayList<>();
        for (Position p : record.getPositions()) {
            entries.add(p.getEntry().getIndex());
            exits.add(p.getExit().getIndex());
        }
        List<Integer> ourExits = new ArrayList<>();
        boolean in = false;
        for (Signal s : out.signals) {
            if (s.direction() == Direction.LONG) {
                in = true;
            } else if (in) {
                ourExits.add(index.get(s.barOpenTimeNs()));
                in = false;
            }
        }
        assertThat(entries).isEqualTo(longs.subList(0, entries.size()));
        assertThat(exits).isEqualTo(ourExits);
        assertThat(longs.size() - entries.size()).isBetween(0, 1); // an entry still open at the end
    }
}
