package io.aquatrade.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.BalanceUpdate;
import io.aquatrade.common.Bar;
import io.aquatrade.common.EpochClock;
import io.aquatrade.common.ExecutionListener;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.PositionUpdate;
import io.aquatrade.common.QueueRoot;
import io.aquatrade.common.Side;
import io.aquatrade.common.Topic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's chart data, worked by hand on three 5m XRPETH bars (closes 0.00141, 0.00142, 0.00140 ETH), a buy of
 * 100 XRP at 0.00141 after the first bar and its sale at 0.00142 after the second: the fills are an entry and an
 * exit, a sell from flat is an entry (a short), a bar met again is dropped, and the equity at the three bar closes is
 * 1.00000000 (the starting ETH), 0.85900000 + 100 x 0.00142 = 1.00100000, and 1.00100000 (flat again) ETH. And the
 * {@link DashboardAgent} on a queue root: it reads what is there into the views, beside the status it is given, and
 * creates no directory, neither a missing root nor a topic not written yet.
 */
class DashboardChartsTest {
    private static final long MIN_NS = 60_000_000_000L;
    private static final long T0 = 1_570_752_000_000_000_000L; // 2019-10-11T00:00Z
    private static final AquatradeConfig CONFIG = AquatradeConfig.parse(Path.of("t.yaml"),
            "instruments: [{symbol: XRPETH, base: XRP, quote: ETH, priceDecimals: 8, sizeDecimals: 0}]\n"
                    + "assets: {XRP: 8, ETH: 8}\n");

    @TempDir
    Path dir;

    private static Bar bar(long openNs, long close) {
        return new Bar().instrument("XRPETH").timeframeMs(300_000).openTimeNs(openNs).open(close).high(close)
                .low(close).close(close).volume(10).buyVolume(6).sellVolume(4).tradeCount(2)
                .vwap(close / 1e8).eventTimeNs(openNs + 5 * MIN_NS);
    }

    private static OrderFilled fill(String strategy, Side side, long price, long qty, long timeNs) {
        return new OrderFilled().clientOrderId(strategy + timeNs).tradeId("t" + timeNs).strategyId(strategy)
                .instrument("XRPETH").side(side).fillPrice(price).fillQuantity(qty).cumulativeQuantity(qty)
                .quoteQuantity(price * qty).feeAsset("ETH").liquiditySide(io.aquatrade.common.LiquiditySide.TAKER)
                .last(true).eventTimeNs(timeNs);
    }

    private static BalanceUpdate balance(String asset, long total, long timeNs) {
        return new BalanceUpdate().asset(asset).total(total).cause("fill").eventTimeNs(timeNs);
    }

    private static PositionUpdate position(String strategy, long qty, long timeNs) {
        return new PositionUpdate().strategyId(strategy).instrument("XRPETH").quantity(qty).cause("fill")
                .eventTimeNs(timeNs);
    }

    /** The hand-worked run, in the order the topics carry it. */
    private static void feed(io.aquatrade.common.BarListener bars, ExecutionListener executions) {
        executions.balanceUpdate(balance("ETH", 100_000_000L, T0).cause("initial"));
        executions.balanceUpdate(balance("XRP", 0, T0).cause("initial"));
        bars.bar(bar(T0, 141_000));
        executions.orderFilled(fill("s", Side.BUY, 141_000, 100, T0 + 6 * MIN_NS));
        executions.balanceUpdate(balance("ETH", 85_900_000L, T0 + 6 * MIN_NS));
        executions.balanceUpdate(balance("XRP", 10_000_000_000L, T0 + 6 * MIN_NS));
        executions.positionUpdate(position("s", 100, T0 + 6 * MIN_NS));
        bars.bar(bar(T0 + 5 * MIN_NS, 142_000));
        bars.bar(bar(T0 + 5 * MIN_NS, 142_000)); // met again
        executions.orderFilled(fill("s", Side.SELL, 142_000, 100, T0 + 11 * MIN_NS));
        executions.balanceUpdate(balance("ETH", 100_100_000L, T0 + 11 * MIN_NS));
        executions.balanceUpdate(balance("XRP", 0, T0 + 11 * MIN_NS));
        executions.positionUpdate(position("s", 0, T0 + 11 * MIN_NS));
        executions.orderFilled(fill("t", Side.SELL, 142_000, 10, T0 + 12 * MIN_NS));
        executions.positionUpdate(position("t", -10, T0 + 12 * MIN_NS));
        bars.bar(bar(T0 + 10 * MIN_NS, 140_000));
    }

    @Test
    void barsFillsAsEntriesAndExitsAndTheEquityCurveWorkedByHand() {
        DashboardCharts charts = new DashboardCharts(CONFIG);
        feed(charts, charts);

        Map<String, Object> chart = charts.chart("XRPETH");
        assertThat(chart.get("timeframeMs")).isEqualTo(300_000L);
        assertThat(chart.get("bars")).isEqualTo(List.of(
                List.of(T0 / 1_000_000L, "0.00141000", "0.00141000", "0.00141000", "0.00141000", "10"),
                List.of(T0 / 1_000_000L + 300_000, "0.00142000", "0.00142000", "0.00142000", "0.00142000", "10"),
                List.of(T0 / 1_000_000L + 600_000, "0.00140000", "0.00140000", "0.00140000", "0.00140000", "10")));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> fills = (List<Map<String, Object>>) chart.get("fills");
        assertThat(fills).extracting(f -> f.get("strategy") + " " + f.get("side") + " " + f.get("quantity") + " @ "
                + f.get("price") + " " + f.get("kind")).containsExactly(
                "s BUY 100 @ 0.00141000 entry",
                "s SELL 100 @ 0.00142000 exit",
                "t SELL 10 @ 0.00142000 entry");
        assertThat(charts.chart("BTCUSDT")).isNull();

        assertThat(charts.equity()).isEqualTo(Map.of("ETH", List.of(
                List.of(T0 / 1_000_000L + 300_000, "1.00000000"),
                List.of(T0 / 1_000_000L + 600_000, "1.00100000"),
                List.of(T0 / 1_000_000L + 900_000, "1.00100000"))));
    }

    @Test
    void theAgentReadsAQueueRootAndCreatesNoDirectory() throws Exception {
        Path queues = dir.resolve("queues");
        long[] nowNs = {T0};
        EpochClock clock = () -> nowNs[0];
        DashboardAgent agent = new DashboardAgent(new DashboardCharts(CONFIG), queues, clock, 1_000,
                nowMs -> ("{\"atMs\":" + nowMs + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        agent.doWork();
        assertThat(queues).doesNotExist();
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(agent.views().status()).get("atMs").asLong()).isEqualTo(T0 / 1_000_000L);
        assertThat(json.readTree(agent.views().charts().get("XRPETH")).get("bars")).isEmpty();

        // a run that has written executions and bars only
        try (QueueRoot root = new QueueRoot(queues)) {
            feed(root.writer(Topic.BARS), root.writer(Topic.EXECUTIONS));
        }
        nowNs[0] += 1_000_000_000L;
        agent.doWork();
        try (var entries = Files.list(queues)) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("bars", "executions");
        }
        assertThat(json.readTree(agent.views().status()).get("atMs").asLong()).isEqualTo(T0 / 1_000_000L + 1_000);
        JsonNode chart = json.readTree(agent.views().charts().get("XRPETH"));
        assertThat(chart.get("bars")).hasSize(3);
        assertThat(chart.get("fills")).hasSize(3);
        assertThat(json.readTree(agent.views().fills()).get("fills")).hasSize(3);
        assertThat(json.readTree(agent.views().equity()).get("series").get("ETH")).hasSize(3);

        // a status that cannot be made is shown as an error, and the charts still are
        DashboardAgent failing = new DashboardAgent(new DashboardCharts(CONFIG), queues, clock, 1_000, nowMs -> {
            throw new java.io.UncheckedIOException(new java.io.IOException("disk gone"));
        });
        failing.doWork();
        assertThat(json.readTree(failing.views().status()).get("error").asText()).contains("disk gone");
        assertThat(json.readTree(failing.views().charts().get("XRPETH")).get("bars")).hasSize(3);
        failing.onClose();
        agent.onClose();
    }
}
