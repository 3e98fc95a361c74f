package io.aquatrade.signal;

import static io.aquatrade.signal.TradeOracle.XRPETH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import io.aquatrade.common.Bar;
import io.aquatrade.common.Side;
import io.aquatrade.common.TradeTick;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class BarAggregatorTest {
    private static final long MS = 1_000_000L;

    /** Feeds every real trade the way the engine does; closes the last bar at its end (the record is complete). */
    private static List<Bar> build(long timeframeMs) {
        return build(timeframeMs, EmptyBars.SKIP);
    }

    private static List<Bar> build(long timeframeMs, EmptyBars emptyBars) {
        BarAggregator aggregator = new BarAggregator(XRPETH, timeframeMs, emptyBars);
        Bar bar = new Bar();
        List<Bar> bars = new ArrayList<>();
        for (TradeTick t : TradeOracle.trades()) {
            while (aggregator.advanceTo(t.eventTimeNs(), bar)) {
                bars.add(bar.deepCopy());
            }
            assertThat(aggregator.add(t)).isTrue();
        }
        assertThat(aggregator.advanceTo(aggregator.openBarEndNs(), bar)).isTrue();
        bars.add(bar.deepCopy());
        assertThat(aggregator.lateTradeCount()).isZero();
        return bars;
    }

    @ParameterizedTest(name = "{0} bars equal Binance's {1} candles with trades")
    @CsvSource({"XRP_ETH-1m.json, 60000, 2469", "XRP_ETH-5m.json, 300000, 706"})
    void barsFromRealTradesEqualBinanceKlinesOfEveryNonEmptyCandle(String file, long timeframeMs, int expected) {
        List<TradeOracle.Kline> klines = TradeOracle.nonEmptyKlines(file);
        List<Bar> bars = build(timeframeMs);

        assertThat(klines).hasSize(expected);
        assertThat(bars).hasSize(expected);
        long trades = 0;
        for (int i = 0; i < expected; i++) {
            TradeOracle.Kline k = klines.get(i);
            Bar b = bars.get(i);
            assertThat(b.openTimeNs()).as("open time of bar %d", i).isEqualTo(k.openMs() * MS);
            assertThat(b.eventTimeNs()).isEqualTo((k.openMs() + timeframeMs) * MS);
            assertThat(b.instrument()).isEqualTo("XRPETH");
            assertThat(b.timeframeMs()).isEqualTo(timeframeMs);
            assertThat(b.open()).as("open of %d", k.openMs()).isEqualTo(TradeOracle.priceMantissa(k.open()));
            assertThat(b.high()).as("high of %d", k.openMs()).isEqualTo(TradeOracle.priceMantissa(k.high()));
            assertThat(b.low()).as("low of %d", k.openMs()).isEqualTo(TradeOracle.priceMantissa(k.low()));
            assertThat(b.close()).as("close of %d", k.openMs()).isEqualTo(TradeOracle.priceMantissa(k.close()));
            assertThat(b.volume()).as("volume of %d", k.openMs()).isEqualTo(TradeOracle.sizeMantissa(k.volume()));
            assertThat(b.buyVolume() + b.sellVolume()).isEqualTo(b.volume());
            b.validate();
            trades += b.tradeCount();
        }
        assertThat(trades).isEqualTo(TradeOracle.trades().size());
    }

    @ParameterizedTest(name = "flat-filled {0} bars equal every Binance {1} candle between the first and last trade")
    @CsvSource({"XRP_ETH-1m.json, 60000", "XRP_ETH-5m.json, 300000"})
    void flatFilledBarsFromRealTradesEqualEveryBinanceKlineFlatOnesIncluded(String file, long timeframeMs) {
        List<TradeOracle.Kline> klines = TradeOracle.klinesBetweenTrades(file);
        List<Bar> bars = build(timeframeMs, EmptyBars.FLAT);

        long flat = klines.stream().filter(k -> k.volume().signum() == 0).count();
        if (timeframeMs == 60_000L) {
            assertThat(flat).as("the sample has quiet minutes").isGreaterThan(1000);
        }
        assertThat(bars).hasSize(klines.size());
        for (int i = 0; i < klines.size(); i++) {
            TradeOracle.Kline k = klines.get(i);
            Bar b = bars.get(i);
            assertThat(b.openTimeNs()).as("open time of bar %d", i).isEqualTo(k.openMs() * MS);
            assertThat(b.open()).as("open of %d", k.openMs()).isEqualTo(TradeOracle.priceMantissa(k.open()));
            assertThat(b.high()).as("high of %d", k.openMs()).isEqualTo(TradeOracle.priceMantissa(k.high()));
            assertThat(b.low()).as("low of %d", k.openMs()).isEqualTo(TradeOracle.priceMantissa(k.low()));
            assertThat(b.close()).as("close of %d", k.openMs()).isEqualTo(TradeOracle.priceMantissa(k.close()));
            assertThat(b.volume()).as("volume of %d", k.openMs()).isEqualTo(TradeOracle.sizeMantissa(k.volume()));
            if (k.volume().signum() == 0) {
                assertThat(b.tradeCount()).isZero();
                assertThat(b.vwap()).as("a flat bar's VWAP is its close").isEqualTo(k.close().doubleValue());
            }
            assertThat(b.gap()).isFalse();
            b.validate();
        }
    }

    @Test
    void aTradeWhoseQuantityWouldOverflowTheBarIsRejectedNotThrown() {
        List<TradeTick> real = TradeOracle.trades();
        BarAggregator aggregator = new BarAggregator(XRPETH, 60_000L);
        long t0 = aggregator.barOpenNs(real.get(0).eventTimeNs());
        Bar bar = new Bar();
        TradeTick first = TradeOracle.at(real.get(0), t0 + 1_000 * MS);
        assertThat(aggregator.add(first)).isTrue();
        // 92233720368547.75807 at 5 size decimals is Long.MAX_VALUE: the bar's volume sum cannot hold it
        TradeTick huge = TradeOracle.at(real.get(1), t0 + 2_000 * MS).quantity(Long.MAX_VALUE)
                .aggressorSide(first.aggressorSide());
        assertThat(aggregator.add(huge)).isFalse();
        assertThat(aggregator.rejectedCount()).isEqualTo(1);
        assertThat(aggregator.add(TradeOracle.at(real.get(2), t0 + 3_000 * MS).quantity(0))).isFalse();
        assertThat(aggregator.rejectedCount()).isEqualTo(2);

        assertThat(aggregator.advanceTo(t0 + 60_000L * MS, bar)).isTrue();
        assertThat(bar.tradeCount()).isEqualTo(1);
        assertThat(bar.volume()).isEqualTo(first.quantity());
        // alone in a new bar it fits: a single quantity up to Long.MAX_VALUE is representable
        assertThat(aggregator.add(TradeOracle.at(huge, t0 + 61_000 * MS))).isTrue();
        assertThat(aggregator.add(TradeOracle.at(real.get(3), t0 + 62_000 * MS))).isFalse();
        assertThat(aggregator.rejectedCount()).isEqualTo(3);
    }

    @Test
    void buyAndSellVolumeFollowTheAggressorSideOfEachTrade() {
        List<Bar> bars = build(300_000L);
        long buy = 0;
        long sell = 0;
        for (TradeTick t : TradeOracle.trades()) {
            if (t.aggressorSide() == Side.BUY) {
                buy += t.quantity();
            } else {
                sell += t.quantity();
            }
        }
        assertThat(bars.stream().mapToLong(Bar::buyVolume).sum()).isEqualTo(buy);
        assertThat(bars.stream().mapToLong(Bar::sellVolume).sum()).isEqualTo(sell);
        assertThat(buy).isPositive();
        assertThat(sell).isPositive();
    }

    @Test
    void barVwapEqualsTheExactVwapOfItsTrades() {
        for (Bar b : build(60_000L)) {
            long openMs = b.openTimeNs() / MS;
            BigDecimal expected = TradeOracle.vwap(openMs, openMs + 60_000L);
            assertThat(b.vwap()).as("VWAP of bar %d", openMs)
                    .isCloseTo(expected.doubleValue(), within(expected.doubleValue() * 1e-13));
            assertThat(b.vwap()).isBetween(b.low() / 1e8, b.high() / 1e8);
        }
    }

    @Test
    void aTradeAtExactlyTheBoundaryBelongsToTheNextBar() {
        List<TradeTick> real = TradeOracle.trades();
        long firstNs = real.get(0).eventTimeNs();
        BarAggregator aggregator = new BarAggregator(XRPETH, 60_000L);
        long boundaryNs = aggregator.barOpenNs(firstNs) + 60_000L * MS;
        Bar bar = new Bar();

        assertThat(aggregator.advanceTo(firstNs, bar)).isFalse();
        assertThat(aggregator.add(real.get(0))).isTrue();
        assertThat(aggregator.advanceTo(boundaryNs - 1, bar)).isFalse();
        assertThat(aggregator.add(TradeOracle.at(real.get(1), boundaryNs - 1))).isTrue();
        assertThat(aggregator.advanceTo(boundaryNs, bar)).isTrue();
        assertThat(bar.eventTimeNs()).isEqualTo(boundaryNs);
        assertThat(bar.tradeCount()).isEqualTo(2);
        assertThat(bar.close()).isEqualTo(real.get(1).price());

        assertThat(aggregator.add(TradeOracle.at(real.get(2), boundaryNs))).isTrue();
        assertThat(aggregator.advanceTo(boundaryNs + 60_000L * MS, bar)).isTrue();
        assertThat(bar.openTimeNs()).isEqualTo(boundaryNs);
        assertThat(bar.tradeCount()).isEqualTo(1);
        assertThat(bar.open()).isEqualTo(real.get(2).price());
    }

    @Test
    void lateTradesAreCountedAndDroppedAndEmptyIntervalsMakeNoBar() {
        List<TradeTick> real = TradeOracle.trades();
        BarAggregator aggregator = new BarAggregator(XRPETH, 60_000L, EmptyBars.SKIP);
        long t0 = aggregator.barOpenNs(real.get(0).eventTimeNs());
        Bar bar = new Bar();
        aggregator.add(TradeOracle.at(real.get(0), t0 + 1_000 * MS));
        // three quiet minutes: the clock passes them, one bar closes, no empty bar is made
        assertThat(aggregator.advanceTo(t0 + 4 * 60_000L * MS, bar)).isTrue();
        assertThat(bar.openTimeNs()).isEqualTo(t0);
        assertThat(aggregator.advanceTo(t0 + 5 * 60_000L * MS, bar)).isFalse();

        // a trade inside a closed or skipped interval is late
        assertThat(aggregator.add(TradeOracle.at(real.get(1), t0 + 59_999 * MS))).isFalse();
        assertThat(aggregator.add(TradeOracle.at(real.get(1), t0 + 2 * 60_000L * MS))).isFalse();
        // a trade older than the open bar is late too
        assertThat(aggregator.add(TradeOracle.at(real.get(2), t0 + 5 * 60_000L * MS + 10))).isTrue();
        assertThat(aggregator.add(TradeOracle.at(real.get(3), t0 + 5 * 60_000L * MS + 9))).isTrue();
        assertThat(aggregator.add(TradeOracle.at(real.get(3), t0 + 5 * 60_000L * MS - 1))).isFalse();
        assertThat(aggregator.lateTradeCount()).isEqualTo(3);

        assertThat(aggregator.advanceTo(t0 + 6 * 60_000L * MS, bar)).isTrue();
        assertThat(bar.tradeCount()).isEqualTo(2);
        assertThat(aggregator.barCount()).isEqualTo(2);
    }

    @Test
    void quietIntervalsBecomeFlatBarsAtThePreviousCloseWithFlatEmptyBars() {
        List<TradeTick> real = TradeOracle.trades();
        BarAggregator aggregator = new BarAggregator(XRPETH, 60_000L, EmptyBars.FLAT);
        long t0 = aggregator.barOpenNs(real.get(0).eventTimeNs());
        long minute = 60_000L * MS;
        Bar bar = new Bar();
        assertThat(aggregator.advanceTo(t0 + 4 * minute, bar)).as("nothing before the first trade").isFalse();
        t0 += 4 * minute;
        TradeTick first = TradeOracle.at(real.get(0), t0 + 1_000 * MS);
        aggregator.add(first);
        List<Bar> closed = new ArrayList<>();
        while (aggregator.advanceTo(t0 + 4 * minute, bar)) {
            closed.add(bar.deepCopy());
        }
        assertThat(closed).hasSize(4);
        assertThat(closed.get(0).tradeCount()).isEqualTo(1);
        for (int i = 1; i < 4; i++) {
            Bar flat = closed.get(i);
            assertThat(flat.openTimeNs()).isEqualTo(t0 + i * minute);
            assertThat(flat.eventTimeNs()).isEqualTo(t0 + (i + 1) * minute);
            assertThat(new long[] {flat.open(), flat.high(), flat.low(), flat.close()}).containsOnly(first.price());
            assertThat(flat.volume()).isZero();
            assertThat(flat.tradeCount()).isZero();
            assertThat(flat.vwap()).isEqualTo(XRPETH.priceToDouble(first.price()));
            flat.validate();
        }
        assertThat(aggregator.flatBarCount()).isEqualTo(3);
        // a trade in the open flat interval makes it an ordinary bar: its first trade opens it
        TradeTick next = TradeOracle.at(real.get(1), t0 + 4 * minute + 5);
        assertThat(aggregator.add(next)).isTrue();
        assertThat(aggregator.advanceTo(t0 + 5 * minute, bar)).isTrue();
        assertThat(bar.open()).isEqualTo(next.price());
        assertThat(bar.tradeCount()).isEqualTo(1);
        // a trade before the open flat bar is late
        assertThat(aggregator.add(TradeOracle.at(real.get(2), t0 + 5 * minute - 1))).isFalse();
        assertThat(aggregator.lateTradeCount()).isEqualTo(1);
    }

    @Test
    void aClockJumpBeyondSevenDaysIsAnOutageNotMillionsOfFlatBars() {
        List<TradeTick> real = TradeOracle.trades();
        BarAggregator aggregator = new BarAggregator(XRPETH, 60_000L, EmptyBars.FLAT);
        long t0 = aggregator.barOpenNs(real.get(0).eventTimeNs());
        long minute = 60_000L * MS;
        Bar bar = new Bar();
        aggregator.add(TradeOracle.at(real.get(0), t0 + 1));
        // a quiet week is filled: 7 days of flat minutes
        long weekNs = BarAggregator.MAX_FLAT_JUMP_NS;
        int closed = 0;
        while (aggregator.advanceTo(t0 + minute + weekNs, bar)) {
            closed++;
        }
        assertThat(closed).isEqualTo(1 + 7 * 1440);
        assertThat(bar.volume()).isZero();
        // a jump of more than that (a bad time, or the feed down for longer) makes no flat bar
        long farNs = t0 + 3 * minute + 2 * weekNs;
        aggregator.add(TradeOracle.at(real.get(1), t0 + minute + weekNs + 5));
        assertThat(aggregator.advanceTo(farNs, bar)).isTrue();
        assertThat(bar.tradeCount()).isEqualTo(1);
        assertThat(aggregator.advanceTo(farNs, bar)).isFalse();
        assertThat(aggregator.hasOpenBar()).isFalse();
        aggregator.add(TradeOracle.at(real.get(2), farNs + 5));
        assertThat(aggregator.advanceTo(farNs + minute, bar)).isTrue();
        assertThat(bar.gap()).as("the bar after the outage").isTrue();
        assertThat(bar.openTimeNs()).isEqualTo(aggregator.barOpenNs(farNs));
    }

    @Test
    void aFeedOutageMarksTheOpenOrNextBarAsAGap() {
        List<TradeTick> real = TradeOracle.trades();
        BarAggregator aggregator = new BarAggregator(XRPETH, 60_000L, EmptyBars.SKIP);
        long t0 = aggregator.barOpenNs(real.get(0).eventTimeNs());
        long minute = 60_000L * MS;
        Bar bar = new Bar();
        aggregator.add(TradeOracle.at(real.get(0), t0 + 1));
        assertThat(aggregator.advanceTo(t0 + minute, bar)).isTrue();
        assertThat(bar.gap()).isFalse();
        aggregator.markGap();
        aggregator.advanceTo(t0 + 3 * minute, bar);
        aggregator.add(TradeOracle.at(real.get(1), t0 + 3 * minute + 1));
        assertThat(aggregator.advanceTo(t0 + 4 * minute, bar)).isTrue();
        assertThat(bar.gap()).isTrue();
        aggregator.add(TradeOracle.at(real.get(2), t0 + 4 * minute + 1));
        assertThat(aggregator.advanceTo(t0 + 5 * minute, bar)).isTrue();
        assertThat(bar.gap()).as("only the bar after the outage").isFalse();
    }

    @Test
    void addingPastTheOpenBarsEndWithoutAdvancingIsAnError() {
        List<TradeTick> real = TradeOracle.trades();
        BarAggregator aggregator = new BarAggregator(XRPETH, 60_000L);
        aggregator.add(real.get(0));
        assertThatThrownBy(() -> aggregator.add(TradeOracle.at(real.get(1), real.get(0).eventTimeNs()
                + 60_000L * MS))).isInstanceOf(IllegalStateException.class).hasMessageContaining("advanceTo");
    }
}
