package io.aquatrade.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.testing.SampleData;
import org.junit.jupiter.api.Test;

/** A backtest over the sample's real 5m candles (freqtrade OHLCV JSON) with the shipped config. */
class CandleBacktestTest {
    private static final AquatradeConfig CONFIG = AquatradeConfig.load(
            SampleData.projectRoot().resolve("config/aquatrade.yaml"));

    @Test
    void theBarsTheSignalEngineClosedAreEveryCandleFlatOnesIncluded() {
        MarketHistory history = MarketHistory.load(CONFIG, List.of(
                new MarketHistory.Input(SampleData.file("XRP_ETH-5m.json"), null, null)));
        BacktestReport report = Backtest.run(CONFIG, history, Long.MIN_VALUE, Long.MAX_VALUE);

        // emptyBars: flat (the shipped default): one bar per row, the 6 volume-0 rows included
        List<String[]> traded = SampleData.klines("XRP_ETH-5m.json");
        assertThat(traded.stream().filter(k -> new BigDecimal(k[5]).signum() == 0)).hasSize(6);
        assertThat(report.eventCount()).isEqualTo(traded.size()).isEqualTo(712);
        assertThat(report.barCount()).isEqualTo(712);
        PriceSeries closes = report.prices().get(0);
        assertThat(closes.size()).isEqualTo(traded.size());
        for (int i = 0; i < traded.size(); i++) {
            assertThat(closes.closeTimeNs(i)).isEqualTo(Long.parseLong(traded.get(i)[0]) * 1_000_000L
                    + 300_000_000_000L);
            assertThat(closes.close(i)).isEqualTo(FixedPoint.parse(traded.get(i)[4], 8));
        }
        assertThat(report.startTimeNs()).isEqualTo(Long.parseLong(traded.get(0)[0]) * 1_000_000L
                + 300_000_000_000L);
        assertThat(report.stats()).singleElement().satisfies(s -> {
            assertThat(s.strategyId()).isEqualTo("vwap-momentum");
            assertThat(s.quoteAsset()).isEqualTo("ETH");
        });
    }

    @Test
    void ordersOfACandleBacktestFillAtTheSignalBarsCloseWithTheVenuesSlippage() {
        MarketHistory history = MarketHistory.load(CONFIG, List.of(
                new MarketHistory.Input(SampleData.file("XRP_ETH-5m.json"), null, null)));
        BacktestReport report = Backtest.run(CONFIG, history, Long.MIN_VALUE, Long.MAX_VALUE);
        PriceSeries closes = report.prices().get(0);
        // the shipped vwap-momentum strategy enters on 25 of these bars (the signal engine takes bars as input)
        assertThat(report.signalCount()).as("signals from bar input (SignalEngine's BarListener side, "
                + "signal-generator of issue 3)").isPositive();
        assertThat(report.fills()).isNotEmpty();
        for (OrderFilled f : report.fills()) {
            int bar = -1;
            for (int i = 0; i < closes.size(); i++) {
                if (closes.closeTimeNs(i) == f.eventTimeNs()) {
                    bar = i;
                }
            }
            assertThat(bar).as("fill %s at a bar close", f.clientOrderId()).isNotNegative();
            long close = closes.close(bar);
            // 5 bps slippage against the trader, rounded against the trader
            long expected = f.side() == io.aquatrade.common.Side.BUY
                    ? FixedPoint.multiply(close, 8, 10_005, 4, 8, java.math.RoundingMode.UP)
                    : FixedPoint.multiply(close, 8, 9_995, 4, 8, java.math.RoundingMode.DOWN);
            assertThat(f.fillPrice()).isEqualTo(expected);
        }
    }
}
