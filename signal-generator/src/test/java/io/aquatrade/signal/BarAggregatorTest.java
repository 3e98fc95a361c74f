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
        BarAggregator aggregator = new BarAggregator(XRPETH, timeframeMs);
        Bar bar = new Bar();
        List<Bar> bars = new ArrayList<>();
        for (TradeTick t : TradeOracle.trades()) {
            if (aggregator.advanceTo(t.eventTimeNs(), bar)) {
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
        BarAggregator aggregator = new BarAggregator(XRPETH, 60_000L);
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
    void addingPastTheOpenBarsEndWithoutAdvancingIsAnError() {
        List<TradeTick> real = TradeOracle.trades();
        BarAggregator aggregator = new BarAggregator(XRPETH, 60_000L);
        aggregator.add(real.get(0));
        assertThatThrownBy(() -> aggregator.add(TradeOracle.at(real.get(1), real.get(0).eventTimeNs()
                + 60_000L * MS))).isInstanceOf(IllegalStateException.class).hasMessageContaining("advanceTo");
    }
}
