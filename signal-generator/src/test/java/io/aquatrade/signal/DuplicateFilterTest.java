package io.aquatrade.signal;

import static io.aquatrade.signal.TradeOracle.XRPETH;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import io.aquatrade.common.Bar;
import io.aquatrade.common.Signal;
import io.aquatrade.signal.strategy.MaCrossStrategy;
import io.aquatrade.signal.strategy.VwapMomentumStrategy;
import org.junit.jupiter.api.Test;

/**
 * A restart over the real sample on two timeframes: the previous run wrote the outputs up to one of the two bars (5m
 * and 15m) that close at the same time, the engine rebuilt from the start writes through a {@link DuplicateFilter}
 * that learnt them, and the topic then holds exactly what one uninterrupted run writes: the other timeframe's bar of
 * that close time is not taken for a duplicate.
 */
class DuplicateFilterTest {
    /** 5m bars (default) and 15m bars, a strategy deciding on each. */
    private static final SignalConfig CONFIG = new SignalConfig(300_000L, List.of(
            new StrategyConfig("momentum", List.of("XRPETH"),
                    new VwapMomentumStrategy.Params(2, VwapMomentumStrategy.VwapSource.BAR)),
            new StrategyConfig("ma-15m", List.of("XRPETH"), 900_000L, List.of(), new MaCrossStrategy.Params(9, 5))));

    @Test
    void aBarOfAnotherTimeframeClosingAtTheLastWrittenTimeIsWrittenAfterARestart() {
        OutputRecorder uninterrupted = BarInputTest.fromTrades(CONFIG);
        List<Object> all = uninterrupted.all;
        int firstOfPair = -1;
        for (int i = all.size() / 2; i + 1 < all.size() && firstOfPair < 0; i++) {
            if (all.get(i) instanceof Bar a && all.get(i + 1) instanceof Bar b && a.eventTimeNs() == b.eventTimeNs()
                    && a.timeframeMs() != b.timeframeMs()) {
                firstOfPair = i;
            }
        }
        assertThat(firstOfPair).as("a 5m and a 15m bar closing together").isPositive();
        Bar first = (Bar) all.get(firstOfPair);
        Bar second = (Bar) all.get(firstOfPair + 1);

        // the previous run stopped after writing the first bar of the pair
        List<Object> written = all.subList(0, firstOfPair + 1);
        OutputRecorder topic = new OutputRecorder();
        DuplicateFilter filter = new DuplicateFilter(topic, topic);
        for (Object o : written) {
            if (o instanceof Bar b) {
                filter.learnBar(b);
                topic.bar(b);
            } else {
                filter.learnSignal((Signal) o);
                topic.signal((Signal) o);
            }
        }
        long writtenBars = topic.bars.size();
        long writtenSignals = topic.signals.size();
        assertThat(filter.lastBarTimeNs()).isEqualTo(first.eventTimeNs());

        SignalEngine rebuilt = new SignalEngine(CONFIG, List.of(XRPETH), filter, filter);
        TradeOracle.trades().forEach(rebuilt::tradeTick);
        rebuilt.advanceTo(BarInputTest.endNs());

        assertThat(topic.all.get(firstOfPair + 1)).as("the %d ms bar closing with the %d ms one",
                second.timeframeMs(), first.timeframeMs()).isEqualTo(second);
        assertThat(new ArrayList<>(topic.all)).as("the topic after the restart, field by field").isEqualTo(all);
        assertThat(filter.droppedBars()).isEqualTo(writtenBars);
        assertThat(filter.droppedSignals()).isEqualTo(writtenSignals);
    }
}
