package io.aquatrade.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.DenyReason;
import io.aquatrade.common.LiquiditySide;
import io.aquatrade.common.OrderAccepted;
import io.aquatrade.common.OrderDenied;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.OrderType;
import io.aquatrade.common.Side;
import io.aquatrade.common.SubmitOrder;
import io.aquatrade.common.TimeInForce;
import io.aquatrade.common.testing.SampleData;
import io.aquatrade.tools.OrderStates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backtest report's orders section: denials counted by reason and the orders open at the end. */
class ReportOrdersTest {
    /** 2019-10-11T00:00:11.620Z, the sample's first trade. */
    private static final long T = 1_570_752_011_620_000_000L;

    @TempDir
    Path dir;

    private static AquatradeConfig config() {
        return AquatradeConfig.load(SampleData.projectRoot().resolve("config/aquatrade.yaml"));
    }

    private static OrderDenied denied(DenyReason code) {
        return new OrderDenied().strategyId("vwap-momentum").instrument("XRPETH").signalId(3).reasonCode(code)
                .reason(code.name()).eventTimeNs(T);
    }

    @Test
    void printsDenialsByReasonAndEachOpenOrderInDecimals() {
        OrderStates states = new OrderStates();
        states.orderDenied(denied(DenyReason.INSUFFICIENT_CAPITAL));
        states.orderDenied(denied(DenyReason.ORDER_OUTSTANDING));
        states.orderDenied(denied(DenyReason.ORDER_OUTSTANDING));
        states.submitOrder(new SubmitOrder().clientOrderId("vwap-momentum-7").strategyId("vwap-momentum")
                .instrument("XRPETH").side(Side.SELL).orderType(OrderType.LIMIT).timeInForce(TimeInForce.GTC)
                .quantity(353).limitPrice(141_683).signalId(7).reason("take-profit").eventTimeNs(T));
        states.orderAccepted(new OrderAccepted().clientOrderId("vwap-momentum-7").venueOrderId("paper-7")
                .strategyId("vwap-momentum").instrument("XRPETH").eventTimeNs(T));
        states.orderFilled(new OrderFilled().clientOrderId("vwap-momentum-7").venueOrderId("paper-7")
                .tradeId("paper-7-1").strategyId("vwap-momentum").instrument("XRPETH").side(Side.SELL)
                .fillPrice(141_683).fillQuantity(100).quoteQuantity(14_168_300).cumulativeQuantity(100)
                .leavesQuantity(253).fee(0).feeAsset("ETH").liquiditySide(LiquiditySide.MAKER).last(false)
                .eventTimeNs(T + 1_000_000_000L));

        String text = ReportFiles.orders(states.deniedByReason(), states.openOrders(), config());

        assertThat(text.lines()).containsExactly(
                "denied: 3 (ORDER_OUTSTANDING 2, INSUFFICIENT_CAPITAL 1)",
                "open orders at the end: 1",
                "  vwap-momentum-7          vwap-momentum            XRPETH       SELL LIMIT GTC 353 filled 100"
                        + " limit 0.00141683, accepted, since 2019-10-11T00:00:11.620Z");
        assertThat(ReportFiles.orders(new OrderStates().deniedByReason(), List.of(), config()).lines())
                .containsExactly("denied: 0", "open orders at the end: 0");
    }

    @Test
    void aBacktestOfTheSampleReportsItsDenialsAndOpenOrders() throws Exception {
        AquatradeConfig config = config();
        MarketHistory history = MarketHistory.load(config, List.of(
                new MarketHistory.Input(SampleData.file("XRP_ETH-trades.json.gz"), null, null)));
        BacktestReport report = Backtest.run(config, history, Long.MIN_VALUE, Long.MAX_VALUE);

        // an immediate order (IOC, FOK) is finished by the venue's first answer: it can never be open at the end
        assertThat(report.openOrders()).allSatisfy(o -> assertThat(o.timeInForce()).isEqualTo(TimeInForce.GTC));
        // an order with its last fill is finished
        List<String> filledWhole = report.fills().stream().filter(OrderFilled::last)
                .map(OrderFilled::clientOrderId).toList();
        assertThat(report.openOrders()).noneMatch(o -> filledWhole.contains(o.clientOrderId()));
        assertThat(report.openOrders().size()).isLessThanOrEqualTo(report.orders().size() - filledWhole.size());

        long denied = report.denials().values().stream().mapToLong(Long::longValue).sum();
        String text = ReportFiles.orders(report, config);
        assertThat(text).startsWith("denied: " + denied)
                .contains("open orders at the end: " + report.openOrders().size());
        Path html = HtmlReport.write(report, config, "sample", dir);
        assertThat(Files.readString(html)).contains("<h2>Denied signals</h2>", "<h2>Orders open at the end</h2>",
                "<h2>Days a daily loss limit stopped trading</h2>");
    }
}
