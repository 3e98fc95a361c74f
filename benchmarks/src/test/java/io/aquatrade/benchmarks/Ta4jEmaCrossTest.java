package io.aquatrade.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.aquatrade.signal.indicator.Ema;
import org.junit.jupiter.api.Test;
import org.ta4j.core.BarSeries;

/**
 * ta4j's EMA-cross run, as the benchmark command wires it, enters and exits exactly where Aquatrade's own
 * {@link Ema} indicators cross on the same real bars: the two sides of the comparison see the same bars and the same
 * crosses.
 */
class Ta4jEmaCrossTest {
    private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

    @Test
    void seriesLeavesOutVolumeZeroBarsAndKeepsTimes() {
        HistoricalBars btc = HistoricalBars.load(HistoricalBarsTest.slice("BTC_USDT-5m.json"), HistoricalBarsTest.BTC);
        BarSeries all = Ta4jEmaCross.series(btc, i -> true, Ta4jEmaCross.NumType.DOUBLE, FIVE_MINUTES);
        BarSeries traded = Ta4jEmaCross.series(btc, i -> btc.volume(i) != 0, Ta4jEmaCross.NumType.DOUBLE, FIVE_MINUTES);
        assertThat(all.getBarCount()).isEqualTo(500);
        assertThat(traded.getBarCount()).isEqualTo(490);
        assertThat(all.getBar(0).getBeginTime().toInstant().toEpochMilli()).isEqualTo(btc.openTimeMs(0));
        assertThat(all.getBar(0).getEndTime().toInstant().toEpochMilli()).isEqualTo(btc.openTimeMs(0) + 300_000L);
        // bar 270 is the first volume-0 one: the traded series goes from 13:15 straight to 18:00
        assertThat(traded.getBar(270).getBeginTime().toInstant().toEpochMilli()).isEqualTo(btc.openTimeMs(280));
        assertThat(traded.getBar(489).getClosePrice().doubleValue()).isEqualTo(btc.closeAsDouble(499));
    }

    @Test
    void ta4jTradesWhereAquatradesEmasCross() {
        for (Pair pair : List.of(new Pair("BTC_USDT-5m.json", HistoricalBarsTest.BTC),
                new Pair("ADA_USDT-5m.json", HistoricalBarsTest.ADA))) {
            HistoricalBars bars = HistoricalBars.load(HistoricalBarsTest.slice(pair.file()), pair.instrument());
            BarSeries series = Ta4jEmaCross.series(bars, i -> bars.volume(i) != 0, Ta4jEmaCross.NumType.DOUBLE,
                    FIVE_MINUTES);
            Ta4jEmaCross.Result ta4j = Ta4jEmaCross.summarise(series,
                    Ta4jEmaCross.run(series, 9, 20, 20, Ta4jEmaCross.Fill.CLOSE), Ta4jEmaCross.Fill.CLOSE);

            List<Long> entries = new ArrayList<>();
            List<Long> exits = new ArrayList<>();
            Ema fast = new Ema(9);
            Ema slow = new Ema(20);
            int lastSign = 0;
            boolean inPosition = false;
            int index = 0;
            for (int i = 0; i < bars.size(); i++) {
                if (bars.volume(i) == 0) {
                    continue;
                }
                fast.update(bars.closeAsDouble(i));
                slow.update(bars.closeAsDouble(i));
                int sign = (int) Math.signum(fast.rawValue() - slow.rawValue());
                if (index >= 20 && !inPosition && sign > 0 && lastSign < 0) {
                    entries.add(bars.openTimeMs(i));
                    inPosition = true;
                } else if (index >= 20 && inPosition && sign < 0 && lastSign > 0) {
                    exits.add(bars.openTimeMs(i));
                    inPosition = false;
                }
                if (sign != 0) {
                    lastSign = sign;
                }
                index++;
            }
            assertThat(entries).as(pair.file()).hasSizeGreaterThan(5);
            assertThat(ta4j.entryTimes()).as(pair.file()).isEqualTo(entries);
            assertThat(ta4j.exitTimes()).as(pair.file()).isEqualTo(exits);
            assertThat(ta4j.positions()).isEqualTo(exits.size());
        }
    }

    /** A next-open fill executes one bar later; the summary reports the bar that decided, as with a close fill. */
    @Test
    void nextOpenFillsAreDecidedOnTheSameBars() {
        HistoricalBars btc = HistoricalBars.load(HistoricalBarsTest.slice("BTC_USDT-5m.json"), HistoricalBarsTest.BTC);
        BarSeries series = Ta4jEmaCross.series(btc, i -> btc.volume(i) != 0, Ta4jEmaCross.NumType.DOUBLE, FIVE_MINUTES);
        Ta4jEmaCross.Result close = Ta4jEmaCross.summarise(series,
                Ta4jEmaCross.run(series, 9, 20, 20, Ta4jEmaCross.Fill.CLOSE), Ta4jEmaCross.Fill.CLOSE);
        Ta4jEmaCross.Result nextOpen = Ta4jEmaCross.summarise(series,
                Ta4jEmaCross.run(series, 9, 20, 20, Ta4jEmaCross.Fill.NEXT_OPEN), Ta4jEmaCross.Fill.NEXT_OPEN);
        assertThat(nextOpen.entryTimes()).isEqualTo(close.entryTimes());
        assertThat(nextOpen.exitTimes()).isEqualTo(close.exitTimes());
    }

    @Test
    void decimalNumFindsTheSameCrossesOnThisSlice() {
        HistoricalBars btc = HistoricalBars.load(HistoricalBarsTest.slice("BTC_USDT-5m.json"), HistoricalBarsTest.BTC);
        BarSeries doubles = Ta4jEmaCross.series(btc, i -> btc.volume(i) != 0, Ta4jEmaCross.NumType.DOUBLE,
                FIVE_MINUTES);
        BarSeries decimals = Ta4jEmaCross.series(btc, i -> btc.volume(i) != 0, Ta4jEmaCross.NumType.DECIMAL,
                FIVE_MINUTES);
        Ta4jEmaCross.Result d = Ta4jEmaCross.summarise(doubles,
                Ta4jEmaCross.run(doubles, 9, 20, 20, Ta4jEmaCross.Fill.CLOSE), Ta4jEmaCross.Fill.CLOSE);
        Ta4jEmaCross.Result b = Ta4jEmaCross.summarise(decimals,
                Ta4jEmaCross.run(decimals, 9, 20, 20, Ta4jEmaCross.Fill.CLOSE), Ta4jEmaCross.Fill.CLOSE);
        assertThat(b.entryTimes()).isEqualTo(d.entryTimes());
        assertThat(b.exitTimes()).isEqualTo(d.exitTimes());
    }

    private record Pair(String file, io.aquatrade.common.Instrument instrument) {
    }
}
