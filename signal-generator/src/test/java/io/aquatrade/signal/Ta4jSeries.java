package io.aquatrade.signal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

import io.aquatrade.common.Bar;
import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.Instrument;
import org.ta4j.core.BarSeries;
import org.ta4j.core.BaseBarSeriesBuilder;
import org.ta4j.core.num.DecimalNum;
import org.ta4j.core.num.Num;

/**
 * Test oracle plumbing: Aquatrade bars (or Binance's candles) as a ta4j 0.17 {@link BarSeries} of exact
 * {@link DecimalNum}s (ta4j's default number type, 32 significant digits), so that ta4j's indicators and rules can
 * be run on exactly the bars Aquatrade's indicators see.
 */
public final class Ta4jSeries {
    private static final long MS = 1_000_000L;

    private Ta4jSeries() {
    }

    /** @return the bars as a ta4j series, prices and volumes exact */
    public static BarSeries of(String name, List<Bar> bars, Instrument instrument) {
        BarSeries series = new BaseBarSeriesBuilder().withName(name).build();
        for (Bar b : bars) {
            ZonedDateTime end = ZonedDateTime.ofInstant(Instant.ofEpochMilli(b.eventTimeNs() / MS), ZoneOffset.UTC);
            series.addBar(Duration.ofMillis(b.timeframeMs()), end, price(b.open(), instrument),
                    price(b.high(), instrument), price(b.low(), instrument), price(b.close(), instrument),
                    DecimalNum.valueOf(FixedPoint.format(b.volume(), instrument.sizeDecimals())));
        }
        return series;
    }

    private static Num price(long mantissa, Instrument instrument) {
        return DecimalNum.valueOf(FixedPoint.format(mantissa, instrument.priceDecimals()));
    }

    /**
     * Binance's candles of a sample file that had trades, as Aquatrade bars (buy volume = volume, one trade, VWAP =
     * close: the candle files carry neither), for indicator checks on OHLCV.
     */
    public static List<Bar> klineBars(String file, long timeframeMs) {
        List<Bar> out = new ArrayList<>();
        for (TradeOracle.Kline k : TradeOracle.nonEmptyKlines(file)) {
            long volume = TradeOracle.sizeMantissa(k.volume());
            out.add(new Bar().instrument("XRPETH").timeframeMs(timeframeMs).openTimeNs(k.openMs() * MS)
                    .open(TradeOracle.priceMantissa(k.open())).high(TradeOracle.priceMantissa(k.high()))
                    .low(TradeOracle.priceMantissa(k.low())).close(TradeOracle.priceMantissa(k.close()))
                    .volume(volume).buyVolume(volume).sellVolume(0).tradeCount(1)
                    .vwap(k.close().doubleValue()).eventTimeNs((k.openMs() + timeframeMs) * MS));
        }
        return out;
    }

    /** @return the value as a double, {@code NaN} for ta4j's NaN */
    public static double value(Num n) {
        return n.isNaN() ? Double.NaN : n.doubleValue();
    }
}
