package io.aquatrade.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.DenyReason;
import io.aquatrade.common.ExecutionListener;
import io.aquatrade.common.Heartbeat;
import io.aquatrade.common.LiquiditySide;
import io.aquatrade.common.MarketDataListener;
import io.aquatrade.common.OrderAccepted;
import io.aquatrade.common.OrderDenied;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.OrderListener;
import io.aquatrade.common.OrderType;
import io.aquatrade.common.PositionUpdate;
import io.aquatrade.common.Progress;
import io.aquatrade.common.QueueRoot;
import io.aquatrade.common.Side;
import io.aquatrade.common.SubmitOrder;
import io.aquatrade.common.TimeInForce;
import io.aquatrade.common.Topic;
import io.aquatrade.common.TradeTick;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class StatusCollectorTest {
    /** 2019-10-13T00:00:00Z. */
    private static final long DAY_NS = 1_570_924_800_000_000_000L;
    private static final long HOUR_NS = 3_600_000_000_000L;
    private static final long NOW_MS = 1_796_000_000_000L;

    @TempDir
    Path dir;

    private AquatradeConfig config() throws Exception {
        Path file = dir.resolve("aquatrade.yaml");
        Files.writeString(file, """
                runtime:
                  queueDir: %s
                  poisonMessage: {deadLetterDir: %s}
                  killSwitchFile: %s
                instruments:
                  - {symbol: XRPETH, base: XRP, quote: ETH, priceDecimals: 8, sizeDecimals: 0}
                """.formatted(dir.resolve("var/queues"), dir.resolve("var/dead-letter"), dir.resolve("var/KILL")));
        return AquatradeConfig.load(file);
    }

    /**
     * The text's small words: a heartbeat stamped 9 ms ahead of the reader's clock is "just now" (never a negative
     * age), one entry is "1 entry behind", and a queue root that is not there is named as missing.
     */
    @Test
    void aClockAheadIsJustNowOneEntryIsSingularAndAMissingQueueRootIsNamed() throws Exception {
        Files.createDirectories(dir.resolve("var/run"));
        long pid = ProcessHandle.current().pid();
        for (String p : StatusCollector.PROCESSES) {
            write(new Heartbeat(p, pid, NOW_MS - 600_000, NOW_MS + 9, 1000, Heartbeat.RUNNING, null,
                    List.of(new Heartbeat.Input("signals", 41, 1, 250)), null, null, 0, 0, null, null));
        }

        StatusReport r = collector(config()).collect(NOW_MS);

        assertThat(r.queueDirExists()).isFalse();
        assertThat(r.processes()).allSatisfy(p -> assertThat(p.heartbeatAgeMs()).isZero());
        String text = StatusText.render(r);
        assertThat(text).contains("queues: " + dir.resolve("var/queues") + " (missing: no queue root there); "
                        + "heartbeats: ", "  order-router: alive, heartbeat just now, pid " + pid + "\n",
                        "    reads signals: 1 entry behind (250 ms of event time)\n")
                .doesNotContain("-9", "1 entries");
        assertThat(StatusText.ago(-9)).isEqualTo("just now");
        assertThat(StatusText.ago(1_500)).isEqualTo("1.5 s ago");
        assertThat(StatusText.age(-9)).isEqualTo("0 ms");
        assertThat(StatusText.entriesBehind(7)).isEqualTo("7 entries behind");
        assertThat(dir.resolve("var/queues")).doesNotExist();
    }

    private StatusCollector collector(AquatradeConfig cfg) {
        return new StatusCollector(cfg, dir.resolve("var/queues"), dir.resolve("var/run"),
                dir.resolve("var/dead-letter"), dir.resolve("var/KILL"), 60_000);
    }

    /** Heartbeats of the four processes, alive (this JVM's pid) and written at NOW_MS, market-data's tick at tickAgoMs. */
    private void heartbeats(long tickAgoMs) throws Exception {
        Files.createDirectories(dir.resolve("var/run"));
        long pid = ProcessHandle.current().pid();
        for (String p : StatusCollector.PROCESSES) {
            boolean md = p.equals("market-data");
            Heartbeat hb = new Heartbeat(p, pid, NOW_MS - 600_000, NOW_MS - 200, 1000, Heartbeat.RUNNING, null,
                    List.of(), md ? Map.of("XRPETH", DAY_NS) : null, md ? Map.of("XRPETH", NOW_MS - tickAgoMs) : null,
                    0, 0, null, null);
            write(hb);
        }
    }

    /** Writes a heartbeat file as its process would have at its heartbeatAtMs (the file's time, by which ages go). */
    private void write(Heartbeat hb) throws Exception {
        Path file = Heartbeat.file(dir.resolve("var/run"), hb.process());
        Files.writeString(file, hb.toJson());
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(hb.heartbeatAtMs()));
    }

    @Test
    void readingNeverCreatesAQueueDirectoryAndNoHeartbeatMeansDown() throws Exception {
        StatusReport r = collector(config()).collect(NOW_MS);

        assertThat(dir.resolve("var")).doesNotExist();
        assertThat(r.exitCode()).isEqualTo(StatusReport.EXIT_PROCESS_DOWN);
        assertThat(r.processes()).extracting(StatusReport.ProcessStatus::liveness).containsOnly("down (no heartbeat)");
        assertThat(r.problems()).contains("market-data: down (no heartbeat)");
        assertThat(r.positions()).isEmpty();

        Files.createDirectories(dir.resolve("var/queues"));
        collector(config()).collect(NOW_MS);
        try (var topics = Files.list(dir.resolve("var/queues"))) {
            assertThat(topics).as("no topic directory made by reading").isEmpty();
        }
    }

    @Test
    void aFeedIsStaleWhenMarketDataPublishedNothingForLongerThanTheStaleTime() throws Exception {
        heartbeats(59_000);
        assertThat(collector(config()).collect(NOW_MS).exitCode()).isEqualTo(StatusReport.EXIT_OK);

        heartbeats(61_000);
        StatusReport stale = collector(config()).collect(NOW_MS);
        assertThat(stale.exitCode()).isEqualTo(StatusReport.EXIT_FEED_STALE);
        assertThat(stale.feeds().get(0).state()).isEqualTo("stale");
        assertThat(stale.feeds().get(0).publishedAgoMs()).isEqualTo(61_000);
        assertThat(stale.problems()).containsExactly("XRPETH: feed stale (last tick published 1 min 1 s ago, "
                + "stale after 1 min 0 s)");

        // a replay that ended is never stale
        try (QueueRoot root = new QueueRoot(dir.resolve("var/queues"))) {
            MarketDataListener md = root.writer(Topic.MARKET_DATA);
            md.tradeTick(trade(DAY_NS + HOUR_NS, 125_000));
            md.progress(new Progress().source("market-data").eventTimeNs(DAY_NS + HOUR_NS).endOfStream(true));
        }
        StatusReport finished = collector(config()).collect(NOW_MS);
        assertThat(finished.exitCode()).isEqualTo(StatusReport.EXIT_OK);
        assertThat(finished.feeds().get(0).state()).isEqualTo("replay finished");
        assertThat(finished.feeds().get(0).lastTickEventTimeNs()).isEqualTo(DAY_NS + HOUR_NS);
    }

    @Test
    void aDeadPidIsCrashedAndAStoppedProcessKeepsItsExitCode() throws Exception {
        heartbeats(1_000);
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Heartbeat crashed = new Heartbeat("order-router", gone.pid(), NOW_MS - 600_000, NOW_MS - 30_000, 1000,
                Heartbeat.RUNNING, null, List.of(), null, null, 2, 1, "HANDLER orders: IllegalStateException: x",
                null);
        write(crashed);
        Heartbeat stopped = new Heartbeat("notifier", gone.pid(), NOW_MS - 600_000, NOW_MS - 30_000, 1000,
                Heartbeat.STOPPED, 143, List.of(), null, null, 0, 0, null, null);
        write(stopped);

        StatusReport r = collector(config()).collect(NOW_MS);

        assertThat(r.exitCode()).isEqualTo(StatusReport.EXIT_PROCESS_DOWN);
        assertThat(r.processes()).extracting(StatusReport.ProcessStatus::process).containsExactly("market-data",
                "signal-generator", "decision-engine", "order-router", "notifier");
        assertThat(r.problems()).containsExactly("order-router: down (crashed)", "notifier: stopped, exit code 143");
        StatusReport.ProcessStatus router = r.processes().get(3);
        assertThat(router.heartbeatAgeMs()).isEqualTo(30_000);
        assertThat(router.errors()).isEqualTo(2);
        assertThat(router.lastError()).isEqualTo("HANDLER orders: IllegalStateException: x");
    }

    /**
     * A position bought the day before, partly sold today (XRP 0 decimals, prices and ETH 8): 60 left costing
     * 0.06006000, the last trade 0.00125000: unrealised 60 x 0.00125 - 0.06006 = 0.01494000. P&amp;L today and the
     * daily loss limit are decision-engine's (its heartbeat), not inferred from the topics: a DAILY_LOSS denial on
     * {@code orders} does not make status say the limit is hit when the risk engine says it is not.
     */
    @Test
    void pnlTodayAndTheRiskStateAreDecisionEnginesFromItsHeartbeat() throws Exception {
        heartbeats(1_000);
        Heartbeat.Risk engineRisk = new Heartbeat.Risk("2019-10-13", false, List.of("XRPETH"), List.of(
                new Heartbeat.StrategyRisk("s", false, 1, List.of(new Heartbeat.AssetPnl("ETH",
                        new BigDecimal("0.01295200"), new BigDecimal("0.00791200"), new BigDecimal("0.01494000"))))));
        write(new Heartbeat("decision-engine", ProcessHandle.current().pid(), NOW_MS - 600_000, NOW_MS - 200, 1000,
                Heartbeat.RUNNING, null, List.of(), null, null, 0, 0, null, engineRisk, null));
        try (QueueRoot root = new QueueRoot(dir.resolve("var/queues"))) {
            MarketDataListener md = root.writer(Topic.MARKET_DATA);
            OrderListener orders = root.writer(Topic.ORDERS);
            ExecutionListener executions = root.writer(Topic.EXECUTIONS);
            md.tradeTick(trade(DAY_NS - 2 * HOUR_NS, 100_000));
            orders.submitOrder(order("s-1", Side.BUY, OrderType.MARKET, 100, 0, DAY_NS - 2 * HOUR_NS));
            executions.orderAccepted(accepted("s-1", DAY_NS - 2 * HOUR_NS));
            executions.orderFilled(fill("s-1", Side.BUY, 100_000, 100, 10_000, DAY_NS - 2 * HOUR_NS));
            executions.positionUpdate(position(100, 10_010_000, 0, DAY_NS - 2 * HOUR_NS));
            md.tradeTick(trade(DAY_NS - 1, 110_000));
            md.tradeTick(trade(DAY_NS + HOUR_NS, 120_000));
            orders.submitOrder(order("s-2", Side.SELL, OrderType.MARKET, 40, 0, DAY_NS + HOUR_NS));
            executions.orderAccepted(accepted("s-2", DAY_NS + HOUR_NS));
            executions.orderFilled(fill("s-2", Side.SELL, 120_000, 40, 4_800, DAY_NS + HOUR_NS));
            executions.positionUpdate(position(60, 6_006_000, 791_200, DAY_NS + HOUR_NS));
            orders.submitOrder(order("s-3", Side.SELL, OrderType.LIMIT, 60, 130_000, DAY_NS + 2 * HOUR_NS));
            executions.orderAccepted(accepted("s-3", DAY_NS + 2 * HOUR_NS));
            orders.orderDenied(new OrderDenied().strategyId("s").instrument("XRPETH").signalId(7)
                    .reasonCode(DenyReason.DAILY_LOSS).reason("daily loss 0.03 ETH reached 0.03")
                    .eventTimeNs(DAY_NS + 3 * HOUR_NS));
            md.tradeTick(trade(DAY_NS + 3 * HOUR_NS, 125_000));
        }

        StatusReport r = collector(config()).collect(NOW_MS);

        assertThat(r.day()).isEqualTo("2019-10-13");
        assertThat(r.strategies()).containsExactly(new StatusReport.StrategyDay("s", "ETH", new BigDecimal("0.01295200"),
                1, false));
        assertThat(r.positions()).containsExactly(new StatusReport.PositionStatus("s", "XRPETH", new BigDecimal("60"),
                new BigDecimal("0.00125000"), new BigDecimal("0.06006000"), new BigDecimal("0.01494000"), "ETH"));
        assertThat(r.exposure()).containsExactly(
                new StatusReport.ExposureStatus("account", "ETH", new BigDecimal("0.07500000")),
                new StatusReport.ExposureStatus("s", "ETH", new BigDecimal("0.07500000")));
        assertThat(r.openOrders()).hasSize(1);
        StatusReport.OpenOrderStatus open = r.openOrders().get(0);
        assertThat(open.clientOrderId()).isEqualTo("s-3");
        assertThat(open.limitPrice()).isEqualTo(new BigDecimal("0.00130000"));
        assertThat(open.accepted()).isTrue();
        assertThat(r.risk().dailyLossHit()).isEmpty();
        assertThat(r.risk().reduceOnly()).containsExactly(new StatusReport.ReduceOnly("XRPETH", "reconciliation"));
        assertThat(r.risk().killSwitchOn()).isFalse();

        // the JSON writes exact decimals plainly; the text says the same
        StringWriter json = new StringWriter();
        new CommandLine(new AquatradeTool()).setOut(new PrintWriter(json)).execute("status", "--json", "--config",
                dir.resolve("aquatrade.yaml").toString());
        assertThat(json.toString()).contains("\"pnlToday\" : 0.01295200").contains("\"unrealizedPnl\" : 0.01494000")
                .doesNotContain("E-");
        String text = StatusText.render(r);
        assertThat(text).contains("  s: P&L today 0.01295200 ETH, trades 1\n")
                .contains("  s XRPETH: 60 mark 0.00125000 unrealized pnl 0.01494000 ETH (cost basis 0.06006000 ETH)")
                .contains("risk (decision-engine's heartbeat, 200 ms ago):\n",
                        "  kill switch: off (decision-engine; control topic: never set;", "  daily loss limit hit: none\n",
                        "    XRPETH: reconciliation\n");

        // the risk engine's word, also for the kill switch (the file is read by decision-engine, not by status)
        write(new Heartbeat("decision-engine", ProcessHandle.current().pid(), NOW_MS - 600_000, NOW_MS - 200, 1000,
                Heartbeat.RUNNING, null, List.of(), null, null, 0, 0, null, new Heartbeat.Risk("2019-10-13", true,
                List.of(), List.of(new Heartbeat.StrategyRisk("s", true, 1, List.of()))), null));
        StatusReport hit = collector(config()).collect(NOW_MS);
        assertThat(hit.risk().killSwitchOn()).isTrue();
        assertThat(hit.risk().dailyLossHit()).containsExactly("s");
        assertThat(StatusText.render(hit)).contains("  daily loss limit hit: s\n");

        // without decision-engine's risk state they are unknown, not guessed from the topics
        heartbeats(1_000);
        StatusReport unknown = collector(config()).collect(NOW_MS);
        assertThat(unknown.risk().dailyLossHit()).isNull();
        assertThat(unknown.strategies()).containsExactly(new StatusReport.StrategyDay("s", "ETH", null, 1, null));
        assertThat(StatusText.render(unknown)).contains("  s: P&L today unknown ETH, trades 1\n",
                "  daily loss limit hit: unknown\n");
        Files.createFile(dir.resolve("var/KILL"));
        assertThat(collector(config()).collect(NOW_MS).risk().killSwitchOn()).isTrue();
    }

    private static TradeTick trade(long timeNs, long price) {
        return new TradeTick().instrument("XRPETH").price(price).quantity(10).aggressorSide(Side.BUY)
                .tradeId(timeNs / 1_000_000).eventTimeNs(timeNs).receivedTimeNs(timeNs);
    }

    private static SubmitOrder order(String id, Side side, OrderType type, long qty, long limit, long timeNs) {
        return new SubmitOrder().clientOrderId(id).strategyId("s").instrument("XRPETH").side(side).orderType(type)
                .quantity(qty).limitPrice(limit).timeInForce(TimeInForce.GTC).signalId(1).reason("signal")
                .eventTimeNs(timeNs);
    }

    private static OrderAccepted accepted(String id, long timeNs) {
        return new OrderAccepted().clientOrderId(id).venueOrderId("v-" + id).strategyId("s").instrument("XRPETH")
                .eventTimeNs(timeNs);
    }

    private static OrderFilled fill(String id, Side side, long price, long qty, long fee, long timeNs) {
        return new OrderFilled().clientOrderId(id).venueOrderId("v-" + id).tradeId("t-" + id).strategyId("s")
                .instrument("XRPETH").side(side).fillPrice(price).fillQuantity(qty).quoteQuantity(price * qty)
                .cumulativeQuantity(qty).leavesQuantity(0).fee(fee).feeAsset("ETH")
                .liquiditySide(LiquiditySide.TAKER).last(true).eventTimeNs(timeNs);
    }

    private static PositionUpdate position(long qty, long cost, long realized, long timeNs) {
        return new PositionUpdate().strategyId("s").instrument("XRPETH").quantity(qty).costBasis(cost)
                .realizedPnl(realized).cause("fill").eventTimeNs(timeNs);
    }
}
