package io.aquatrade.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.Bar;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.OrderType;
import io.aquatrade.common.Side;
import io.aquatrade.common.SubmitOrder;
import io.aquatrade.common.testing.SampleData;
import org.junit.jupiter.api.Test;

/**
 * Marketable limit orders in a candle backtest on real 5m candles: the decision engine prices them from the close
 * the paper venue fills at (the signal bar's close), so they are marketable and fill. Before, they were priced from
 * the previous bar's close and nearly all were rejected as "limit not marketable (IOC)".
 */
class CandleLimitOrderTest {
    private static final Path CANDLES = SampleData.projectRoot()
            .resolve("../shared/data/candles/binance_spot_5m_2020-12-01_2021-07-17").normalize();
    private static final int OFFSET_BPS = 10;
    private static final int SLIPPAGE_BPS = 5;

    private static AquatradeConfig config() {
        return AquatradeConfig.parse(Path.of("limit.yaml"), """
                instruments:
                  - {symbol: BTCUSDT, base: BTC, quote: USDT, priceDecimals: 2, sizeDecimals: 8}
                assets: {USDT: 8, BTC: 8}
                signal-generator:
                  timeframe: 5m
                  strategies:
                    - {id: ma-cross, type: ma-cross, instruments: [BTCUSDT], period: 9, breakoutBars: 5}
                decision-engine:
                  strategies:
                    - {id: ma-cross, capital: 10000, orderFraction: 0.5, stopLossBps: 10000, allowShort: false,
                       orderType: limit, limitOffsetBps: %d}
                order-router:
                  venue: paper
                  paper: {takerFeeBps: 10, slippageBps: %d, balances: {USDT: 10000, BTC: 0}}
                """.formatted(OFFSET_BPS, SLIPPAGE_BPS));
    }

    @Test
    void limitOrdersArePricedFromTheCloseTheRouterFillsAtAndAllFill() {
        Path file = CANDLES.resolve("BTC_USDT-5m.json.gz");
        assertThat(Files.isRegularFile(file)).as("shared data %s", file).isTrue();
        AquatradeConfig config = config();
        MarketHistory history = MarketHistory.load(config, List.of(new MarketHistory.Input(file, null, "BTCUSDT")));
        // the bar closes by close time, straight from the file
        Map<Long, Long> closeAt = new HashMap<>();
        Bar bar = new Bar();
        for (int i = 0; i < history.size(); i++) {
            history.bar(i, bar);
            closeAt.put(bar.eventTimeNs(), bar.close());
        }

        BacktestReport report = Backtest.run(config, history, Long.MIN_VALUE, Long.MAX_VALUE);

        List<SubmitOrder> orders = report.orders();
        assertThat(orders).as("seven months of ma-cross entries and exits").hasSizeGreaterThan(300);
        Map<String, OrderFilled> fillOf = new HashMap<>();
        for (OrderFilled f : report.fills()) {
            fillOf.put(f.clientOrderId(), f);
        }
        for (SubmitOrder o : orders) {
            assertThat(o.orderType()).isEqualTo(OrderType.LIMIT);
            Long close = closeAt.get(o.eventTimeNs());
            assertThat(close).as("order %s sent at a bar close", o.clientOrderId()).isNotNull();
            // the limit is the marketable limit around the signal bar's close, written out independently
            BigDecimal c = BigDecimal.valueOf(close);
            long expectedLimit = o.side() == Side.BUY
                    ? c.multiply(BigDecimal.valueOf(10_000 + OFFSET_BPS)).divide(BigDecimal.valueOf(10_000), 0,
                            RoundingMode.CEILING).longValueExact()
                    : c.multiply(BigDecimal.valueOf(10_000 - OFFSET_BPS)).divide(BigDecimal.valueOf(10_000), 0,
                            RoundingMode.FLOOR).longValueExact();
            assertThat(o.limitPrice()).as("limit of %s %s at close %d", o.clientOrderId(), o.side(), close)
                    .isEqualTo(expectedLimit);
            // ... and the venue fills it at that same close (with its slippage, within the limit): not rejected
            OrderFilled f = fillOf.get(o.clientOrderId());
            assertThat(f).as("order %s filled, not rejected as non-marketable", o.clientOrderId()).isNotNull();
            long slipped = o.side() == Side.BUY
                    ? c.multiply(BigDecimal.valueOf(10_000 + SLIPPAGE_BPS)).divide(BigDecimal.valueOf(10_000), 0,
                            RoundingMode.CEILING).longValueExact()
                    : c.multiply(BigDecimal.valueOf(10_000 - SLIPPAGE_BPS)).divide(BigDecimal.valueOf(10_000), 0,
                            RoundingMode.FLOOR).longValueExact();
            assertThat(f.fillPrice()).isEqualTo(slipped);
            if (o.side() == Side.BUY) {
                assertThat(f.fillPrice()).isLessThanOrEqualTo(o.limitPrice());
            } else {
                assertThat(f.fillPrice()).isGreaterThanOrEqualTo(o.limitPrice());
            }
        }
        assertThat(report.fills()).hasSameSizeAs(orders);
    }
}
