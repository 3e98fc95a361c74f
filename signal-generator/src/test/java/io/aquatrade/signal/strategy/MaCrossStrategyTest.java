package io.aquatrade.signal.strategy;

import static io.aquatrade.signal.TradeOracle.XRPETH;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import io.aquatrade.common.Bar;
import io.aquatrade.common.Direction;
import io.aquatrade.common.Signal;
import io.aquatrade.signal.OutputRecorder;
import io.aquatrade.signal.SignalConfig;
import io.aquatrade.signal.SignalEngine;
import io.aquatrade.signal.StrategyConfig;
import io.aquatrade.signal.TradeOracle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The MA cross with breakout confirmation on the real bars, against the rule written out independently. */
class MaCrossStrategyTest {
    /** One expected or actual signal: bar index and direction. */
    record At(int index, Direction direction) {
    }

    static OutputRecorder run(long timeframeMs, int period, int breakoutBars) {
        OutputRecorder out = new OutputRecorder();
        SignalEngine engine = new SignalEngine(new SignalConfig(timeframeMs, List.of(new StrategyConfig("ma-cross",
                List.of("XRPETH"), new MaCrossStrategy.Params(period, breakoutBars)))), List.of(XRPETH), out, out);
        TradeOracle.trades().forEach(engine::tradeTick);
        return out;
    }

    /**
     * The rule on the bars, with plain loops and exact integer arithmetic: side of the close against the mean of the
     * last {@code period} closes (period * close vs their sum), a cross where the side flips from the last non-zero
     * side, the breakout against the N bars before, and FLAT on a cross without breakout against the last signal.
     */
    static List<At> expected(List<Bar> bars, int period, int n) {
        List<At> out = new ArrayList<>();
        int lastSide = 0;
        Direction last = null;
        for (int i = period - 1; i < bars.size(); i++) {
            long sum = 0;
            for (int k = i - period + 1; k <= i; k++) {
                sum += bars.get(k).close();
            }
            long close = bars.get(i).close();
            int side = Long.signum(close * period - sum);
            boolean up = side > 0 && lastSide < 0;
            boolean down = side < 0 && lastSide > 0;
            if (side != 0) {
                lastSide = side;
            }
            if (!up && !down) {
                continue;
            }
            boolean breakout = false;
            if (i >= n) {
                long high = Long.MIN_VALUE;
                long low = Long.MAX_VALUE;
                for (int k = i - n; k < i; k++) {
                    high = Math.max(high, bars.get(k).high());
                    low = Math.min(low, bars.get(k).low());
                }
                breakout = up ? close > high : close < low;
            }
            if (breakout) {
                last = up ? Direction.LONG : Direction.SHORT;
                out.add(new At(i, last));
            } else if (last == (up ? Direction.SHORT : Direction.LONG)) {
                last = Direction.FLAT;
                out.add(new At(i, Direction.FLAT));
            }
        }
        return out;
    }

    static List<At> actual(OutputRecorder out) {
        List<At> at = new ArrayList<>();
        for (Signal s : out.signals) {
            int i = 0;
            while (out.bars.get(i).openTimeNs() != s.barOpenTimeNs()) {
                i++;
            }
            at.add(new At(i, s.direction()));
        }
        return at;
    }

    @ParameterizedTest(name = "SMA {1}, breakout {2} bars, on {0} ms bars")
    @CsvSource({"300000, 9, 5", "60000, 9, 5", "60000, 20, 10", "60000, 3, 8", "300000, 9, 10"})
    void signalsExactlyAsTheRuleSays(long timeframeMs, int period, int breakoutBars) {
        OutputRecorder out = run(timeframeMs, period, breakoutBars);
        List<At> expected = expected(out.bars, period, breakoutBars);
        assertThat(actual(out)).isEqualTo(expected);
        assertThat(expected).extracting(At::direction).contains(Direction.LONG, Direction.SHORT);
    }

    @Test
    void signalsCarryTheirReasonsAndExitsFollowEntries() {
        OutputRecorder out = run(60_000L, 9, 5);
        Direction last = null;
        int exits = 0;
        for (Signal s : out.signals) {
            switch (s.direction()) {
                case LONG -> assertThat(s.reason()).isEqualTo(
                        "close crossed above SMA 9 and broke out above the 5-bar high");
                case SHORT -> assertThat(s.reason()).isEqualTo(
                        "close crossed below SMA 9 and broke out below the 5-bar low");
                default -> {
                    exits++;
                    assertThat(last).isIn(Direction.LONG, Direction.SHORT);
                    assertThat(s.reason()).endsWith("without a breakout: exit");
                }
            }
            assertThat(s.strategyId()).isEqualTo("ma-cross");
            last = s.direction();
        }
        assertThat(exits).isPositive();
    }
}
