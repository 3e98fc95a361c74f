package io.aquatrade.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.CancelOrder;
import io.aquatrade.common.LiquiditySide;
import io.aquatrade.common.OrderCanceled;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.OrderType;
import io.aquatrade.common.Side;
import io.aquatrade.common.SubmitOrder;
import io.aquatrade.common.TimeInForce;
import io.aquatrade.common.TradeTick;
import io.aquatrade.common.testing.SampleData;
import io.aquatrade.decision.DecisionEngine;
import org.junit.jupiter.api.Test;

/**
 * Resting entries ({@code entryOrder: {type: limit, offsetBps: 2, timeoutMs: 600000}}) through the real signal engine,
 * decision engine and paper venue (the backtest) over the sample's recorded XRP/ETH trades with the shipped config
 * and a long-only ma-cross strategy on 1m bars (a 30 bps stop-loss),
 * checked against the recorded trades themselves: each entry rests at the last trade before it (no quotes in the
 * sample) moved 2 bps down, computed here with BigDecimal; each of its fills is a maker fill at its limit on a
 * recorded trade strictly below it, at most that trade's quantity; each timeout cancel comes on the first trade 10
 * minutes or more after the entry was placed, some after a partial fill, which stays; exit signals cancel some.
 */
class RestingEntryBacktestTest {
    private static final String SHIPPED = "- {id: vwap-momentum, capital: 1.0, orderFraction: 0.5, stopLossBps: 0}";
    private static final String SHIPPED_SIGNALS = "- {id: vwap-momentum, type: vwap-momentum, instruments: [XRPETH],"
            + " bars: 3}";
    private static final long TIMEOUT_NS = 600_000_000_000L;

    @Test
    void entriesRestBelowTheLastTradeFillAsMakerOnTradesThroughThemAndAreCancelledAtTheirTimeout() throws Exception {
        String yaml = Files.readString(SampleData.projectRoot().resolve("config/aquatrade.yaml"));
        assertThat(yaml).contains(SHIPPED, SHIPPED_SIGNALS, "queueModel: through", "latencyMs: 0");
        AquatradeConfig config = AquatradeConfig.parse(Path.of("resting.yaml"), yaml.replace(SHIPPED,
                "- {id: ma-cross, capital: 1.0, orderFraction: 0.5, stopLossBps: 30, "
                        + "entryOrder: {type: limit, offsetBps: 2, timeoutMs: 600000}}")
                .replace(SHIPPED_SIGNALS, "- {id: ma-cross, type: ma-cross, instruments: [XRPETH], timeframe: 1m,"
                        + " period: 9, breakoutBars: 5}"));
        BacktestReport report = Backtest.run(config, MarketHistory.load(config, List.of(new MarketHistory.Input(
                SampleData.file("XRP_ETH-trades.json.gz"), "freqtrade-trades", "XRPETH"))), Long.MIN_VALUE,
                Long.MAX_VALUE);
        List<TradeTick> trades = SampleData.xrpEthTrades();

        List<SubmitOrder> entries = report.orders().stream().filter(o -> o.side() == Side.BUY).toList();
        assertThat(entries).hasSizeGreaterThan(1).allSatisfy(o -> {
            assertThat(o.orderType()).isEqualTo(OrderType.LIMIT);
            assertThat(o.timeInForce()).isEqualTo(TimeInForce.GTC);
            assertThat(o.reduceOnly()).isFalse();
        });
        int makerFills = 0;
        int timeouts = 0;
        int partlyFilledTimeouts = 0;
        for (SubmitOrder o : entries) {
            TradeTick last = null;
            for (TradeTick t : trades) {
                if (t.eventTimeNs() >= o.eventTimeNs()) {
                    break;
                }
                last = t;
            }
            assertThat(last).isNotNull();
            long expected = new BigDecimal(last.price()).multiply(new BigDecimal("0.9998"))
                    .setScale(0, RoundingMode.FLOOR).longValueExact();
            assertThat(o.limitPrice()).as("limit of %s", o.clientOrderId()).isEqualTo(expected);

            long filled = 0;
            for (OrderFilled f : report.fills()) {
                if (!f.clientOrderId().equals(o.clientOrderId())) {
                    continue;
                }
                makerFills++;
                assertThat(f.liquiditySide()).isEqualTo(LiquiditySide.MAKER);
                assertThat(f.fillPrice()).isEqualTo(o.limitPrice());
                TradeTick through = trades.stream().filter(t -> t.eventTimeNs() == f.eventTimeNs()
                        && t.price() < o.limitPrice() && t.quantity() >= f.fillQuantity()).findFirst().orElse(null);
                assertThat(through).as("a recorded trade through %s at the time of fill %s", o.limitPrice(), f)
                        .isNotNull();
                filled += f.fillQuantity();
            }
            assertThat(filled).isLessThanOrEqualTo(o.quantity());

            for (CancelOrder c : report.cancels()) {
                if (c.clientOrderId().equals(o.clientOrderId())
                        && DecisionEngine.REASON_RESTING_ENTRY.equals(c.reason())) {
                    timeouts++;
                    long firstAfter = trades.stream().mapToLong(TradeTick::eventTimeNs)
                            .filter(t -> t - o.eventTimeNs() >= TIMEOUT_NS).min().orElseThrow();
                    assertThat(c.eventTimeNs()).isEqualTo(firstAfter);
                    OrderCanceled done = report.canceled().stream()
                            .filter(x -> x.clientOrderId().equals(o.clientOrderId())).findFirst().orElseThrow();
                    assertThat(done.cumulativeQuantity()).as("what filled stays").isEqualTo(filled);
                    if (filled > 0) {
                        partlyFilledTimeouts++;
                    }
                }
            }
        }
        assertThat(makerFills).as("maker fills").isPositive();
        assertThat(timeouts).as("entries cancelled at their timeout").isPositive();
        assertThat(partlyFilledTimeouts).as("entries partly filled, then cancelled at their timeout").isPositive();
        assertThat(report.cancels()).as("entries an exit signal cancelled")
                .anyMatch(c -> DecisionEngine.REASON_SIGNAL.equals(c.reason()));
    }
}
