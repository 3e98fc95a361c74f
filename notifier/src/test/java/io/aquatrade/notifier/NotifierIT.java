package io.aquatrade.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.aquatrade.common.ControlListener;
import io.aquatrade.common.DeadLetterFile;
import io.aquatrade.common.DenyReason;
import io.aquatrade.common.ExecutionListener;
import io.aquatrade.common.KillSwitch;
import io.aquatrade.common.LiquiditySide;
import io.aquatrade.common.OrderDenied;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.OrderListener;
import io.aquatrade.common.OrderRejected;
import io.aquatrade.common.Progress;
import io.aquatrade.common.QueueRoot;
import io.aquatrade.common.RateLimitStatus;
import io.aquatrade.common.ReconciliationStatus;
import io.aquatrade.common.RejectReason;
import io.aquatrade.common.Side;
import io.aquatrade.common.Topic;
import io.aquatrade.common.metrics.MetricsConfig;
import io.aquatrade.common.metrics.ProcessMetrics;
import io.aquatrade.notifier.testing.LocalEndpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notifier on real queues in a temp dir, sending to a local server that speaks Telegram's {@code sendMessage}
 * and to a local webhook receiver: what each event becomes, retries, dedup, and restarts that send nothing twice.
 */
class NotifierIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** 2026-12-01T10:00:00Z in ns. */
    private static final long T0 = Instant.parse("2026-12-01T10:00:00Z").toEpochMilli() * 1_000_000L;

    @TempDir
    Path dir;

    static String alerts(LocalEndpoints.Telegram tg, LocalEndpoints.Webhook wh) {
        return "  telegram: {chatId: \"4242\", apiUrl: " + tg.baseUrl() + "}\n"
                + "  webhook: {url: " + wh.baseUrl() + "/hook}\n"
                + "  retries: 4\n  backoffMs: 20\n  maxBackoffMs: 200\n  timeoutMs: 5000\n"
                + "  throttle: {perKind: 1000, windowMs: 60000}\n  staleFeedMs: 0\n";
    }

    static OrderFilled fill(String id, String tradeId, Side side, long qty, long price, long eventTimeNs) {
        long quote = Math.multiplyExact(qty, price); // sizeDecimals 0, priceDecimals 8 = ETH's 8
        return new OrderFilled().clientOrderId(id).venueOrderId("v-" + id).tradeId(tradeId).strategyId("s1")
                .instrument("XRPETH").side(side).fillPrice(price).fillQuantity(qty).quoteQuantity(quote)
                .cumulativeQuantity(qty).leavesQuantity(0).fee(10).feeAsset("ETH")
                .liquiditySide(LiquiditySide.TAKER).last(true).eventTimeNs(eventTimeNs);
    }

    @Test
    void fillKillSwitchRiskReconciliationRateLimitAndPoisonReachTelegramAndTheWebhook() throws Exception {
        try (LocalEndpoints.Telegram tg = new LocalEndpoints.Telegram();
             LocalEndpoints.Webhook wh = new LocalEndpoints.Webhook();
             NotifierHarness n = new NotifierHarness(dir, alerts(tg, wh)).start();
             QueueRoot q = new QueueRoot(n.queueDir())) {
            ExecutionListener exec = q.writer(Topic.EXECUTIONS);
            exec.orderFilled(fill("c-1", "t-1", Side.BUY, 100, 123456, T0));
            ControlListener control = q.writer(Topic.CONTROL);
            control.killSwitch(new KillSwitch().on(true).flatten(false).reason("exchange down")
                    .source("kill-switch@ops").eventTimeNs(T0 + 1));
            OrderListener orders = q.writer(Topic.ORDERS);
            orders.orderDenied(new OrderDenied().strategyId("s1").instrument("XRPETH").signalId(6) // no risk alert
                    .reasonCode(DenyReason.KILL_SWITCH).reason("kill switch on").eventTimeNs(T0 + 2));
            orders.orderDenied(new OrderDenied().strategyId("s1").instrument("XRPETH").signalId(7)
                    .reasonCode(DenyReason.DAILY_LOSS).reason("daily loss 0.031 >= 0.030").limit(3_000_000)
                    .value(3_100_000).decimals(8).eventTimeNs(T0 + 2));
            orders.orderDenied(new OrderDenied().strategyId("s1").instrument("XRPETH").signalId(8)
                    .reasonCode(DenyReason.POSITION_OPEN).reason("not a risk rule").eventTimeNs(T0 + 3));
            exec.reconciliation(new ReconciliationStatus().instrument("XRPETH").reduceOnly(true)
                    .reason("XRP at the venue 90, booked 100").eventTimeNs(T0 + 4));
            exec.orderRejected(new OrderRejected().clientOrderId("c-2").strategyId("s1").instrument("XRPETH")
                    .reasonCode(RejectReason.RATE_LIMIT).reason("held back 20000 ms by a 418 ban")
                    .eventTimeNs(T0 + 5));
            exec.orderRejected(new OrderRejected().clientOrderId("c-3").strategyId("s1").instrument("XRPETH")
                    .reasonCode(RejectReason.OUTCOME_UNKNOWN).reason("outcome unknown after 60000 ms of asking")
                    .eventTimeNs(T0 + 5));
            exec.rateLimit(new RateLimitStatus().ban(true).untilNs(T0 + 60_000_000_000L).eventTimeNs(T0 + 6)
                    .reason("HTTP 418: Binance banned this IP until 2026-12-01T10:01:00Z"));
            new DeadLetterFile(dir.resolve("dead-letter"), "signal-generator").append(new DeadLetterFile.Record(
                    "signal-generator", "market-data", 77L, "4d", "tradeTick", T0, "!tradeTick {}", 3, "skip",
                    "java.lang.ArithmeticException", "long overflow", "at x", T0, "2026-12-01T10:00:00Z"));
            Files.writeString(dir.resolve("KILL_SWITCH"), "");
            n.advanceMs(2_000);

            await().atMost(WAIT).until(() -> wh.kinds().size() >= 9);
            assertThat(wh.kinds()).containsExactlyInAnyOrder("fill", "kill-switch", "risk", "reconciliation",
                    "reconciliation", "rate-limit", "rate-limit", "poison", "kill-switch");
            JsonNode fill = wh.delivered().stream().filter(j -> j.path("kind").asText().equals("fill")).findFirst()
                    .orElseThrow();
            assertThat(fill.path("fields").path("price").asText()).isEqualTo("0.00123456");
            assertThat(fill.path("fields").path("quantity").asText()).isEqualTo("100");
            assertThat(fill.path("fields").path("fee").asText()).isEqualTo("0.00000010");
            assertThat(fill.path("text").asText()).isEqualTo("fill: s1 BUY 100 XRPETH @ 0.00123456 (fee 0.00000010 "
                    + "ETH, TAKER; order c-1 filled)");
            assertThat(fill.path("source").asText()).isEqualTo("executions");

            await().atMost(WAIT).until(() -> tg.texts().size() >= 9);
            assertThat(tg.paths()).allMatch(p -> p.equals("/bot" + NotifierHarness.TOKEN + "/sendMessage"));
            assertThat(tg.delivered()).allMatch(j -> j.path("chat_id").asText().equals("4242"));
            assertThat(tg.texts()).anyMatch(t -> t.startsWith("[aquatrade] kill switch ON by kill-switch@ops: "
                    + "exchange down"));
            assertThat(tg.texts()).anyMatch(t -> t.contains("kill switch ON: file"));
            assertThat(tg.texts()).anyMatch(t -> t.contains("risk limit hit: DAILY_LOSS denied an entry of s1 on "
                    + "XRPETH (limit 0.03000000, value 0.03100000)"));
            assertThat(tg.texts()).anyMatch(t -> t.contains("reconciliation mismatch: XRPETH is reduce-only"));
            assertThat(tg.texts()).anyMatch(t -> t.contains("rate limit: order c-2"));
            assertThat(tg.texts()).anyMatch(t -> t.contains("order c-3 of s1 on XRPETH given up with its outcome "
                    + "unknown (watched for 24 h; check the exchange): outcome unknown after 60000 ms of asking"));
            assertThat(tg.texts()).anyMatch(t -> t.equals("[aquatrade] rate limit BAN: HTTP 418: Binance banned this "
                    + "IP until 2026-12-01T10:01:00Z"));
            assertThat(tg.texts()).anyMatch(t -> t.contains("poison message: signal-generator gave up tradeTick on "
                    + "market-data at index 4d"));
            assertThat(n.failure()).isNull();
        }
        assertNoTokenIn(dir);
    }

    @Test
    void aFailingEndpointIsRetriedWithBackOffAndTelegramsRetryAfterIsHonoured() throws Exception {
        try (LocalEndpoints.Telegram tg = new LocalEndpoints.Telegram();
             LocalEndpoints.Webhook wh = new LocalEndpoints.Webhook();
             NotifierHarness n = new NotifierHarness(dir, alerts(tg, wh)).start();
             QueueRoot q = new QueueRoot(n.queueDir())) {
            wh.then(new LocalEndpoints.Answer(503, 0), new LocalEndpoints.Answer(500, 0));
            tg.then(new LocalEndpoints.Answer(429, 1));
            q.writer(Topic.EXECUTIONS).orderFilled(fill("c-1", "t-1", Side.BUY, 100, 123456, T0));

            await().atMost(WAIT).until(() -> wh.delivered().size() == 1 && tg.delivered().size() == 1);
            assertThat(wh.requests.get()).isEqualTo(3); // 503, 500, then taken
            assertThat(tg.requests.get()).isEqualTo(2); // 429 retry_after 1, then taken
            assertThat(n.sender("webhook").retried()).isEqualTo(2);
            assertThat(n.sender("telegram").retried()).isEqualTo(1);
            assertThat(n.sender("webhook").givenUp()).isZero();
        }
    }

    @Test
    void eachChannelsDeliveryCountsAreOnTheNotifiersMetrics() throws Exception {
        try (LocalEndpoints.Telegram tg = new LocalEndpoints.Telegram();
             LocalEndpoints.Webhook wh = new LocalEndpoints.Webhook();
             NotifierHarness n = new NotifierHarness(dir, alerts(tg, wh)).start();
             QueueRoot q = new QueueRoot(n.queueDir());
             ProcessMetrics metrics = ProcessMetrics.start("notifier", new MetricsConfig(false, Map.of()),
                     n.clock)) {
            NotifierMain.deliveryMetrics(metrics, List.of(n.sender("telegram"), n.sender("webhook")));
            wh.then(new LocalEndpoints.Answer(503, 0));
            tg.then(new LocalEndpoints.Answer(400, 0));
            ExecutionListener exec = q.writer(Topic.EXECUTIONS);
            exec.orderFilled(fill("c-1", "t-1", Side.BUY, 100, 123456, T0));
            exec.orderFilled(fill("c-2", "t-2", Side.SELL, 100, 123460, T0 + 1));
            await().atMost(WAIT).until(() -> n.sender("webhook").sent() == 2 && n.sender("telegram").sent()
                    + n.sender("telegram").givenUp() == 2);
            metrics.sample();
            String scrape = metrics.scrape();
            // webhook: 503 then taken, then the second: 2 sent, 1 retried; telegram: 400 gives the first up
            assertThat(scrape).contains("aquatrade_alerts_sent_total{channel=\"webhook\",process=\"notifier\"} 2.0",
                    "aquatrade_alerts_retried_total{channel=\"webhook\",process=\"notifier\"} 1.0",
                    "aquatrade_alerts_given_up_total{channel=\"webhook\",process=\"notifier\"} 0.0",
                    "aquatrade_alerts_skipped_total{channel=\"webhook\",process=\"notifier\"} 0.0",
                    "aquatrade_alerts_sent_total{channel=\"telegram\",process=\"notifier\"} 1.0",
                    "aquatrade_alerts_given_up_total{channel=\"telegram\",process=\"notifier\"} 1.0");
            // the Grafana dashboard's alert-delivery panel asks for these series
            JsonNode dashboard = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                    io.aquatrade.common.testing.SampleData.projectRoot().resolve("deploy/grafana/aquatrade.json")
                            .toFile());
            List<String> asked = new java.util.ArrayList<>();
            for (JsonNode expr : dashboard.findValues("expr")) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\baquatrade_alerts_[a-z_]+")
                        .matcher(expr.asText());
                while (m.find()) {
                    asked.add(m.group());
                }
            }
            assertThat(asked).contains("aquatrade_alerts_sent_total", "aquatrade_alerts_given_up_total");
            assertThat(asked).allMatch(series -> scrape.contains(series + "{channel=\"webhook\""));
        }
    }

    @Test
    void anAlertNoRetryMendsIsGivenUpAndTheNextOneStillGoes() throws Exception {
        try (LocalEndpoints.Telegram tg = new LocalEndpoints.Telegram();
             LocalEndpoints.Webhook wh = new LocalEndpoints.Webhook();
             NotifierHarness n = new NotifierHarness(dir, alerts(tg, wh)).start();
             QueueRoot q = new QueueRoot(n.queueDir())) {
            tg.then(new LocalEndpoints.Answer(400, 0));
            ExecutionListener exec = q.writer(Topic.EXECUTIONS);
            exec.orderFilled(fill("c-1", "t-1", Side.BUY, 100, 123456, T0));
            exec.orderFilled(fill("c-2", "t-2", Side.SELL, 100, 123460, T0 + 1));

            await().atMost(WAIT).until(() -> tg.delivered().size() == 1 && wh.delivered().size() == 2);
            assertThat(tg.requests.get()).isEqualTo(2);
            assertThat(tg.texts().get(0)).contains("order c-2");
            assertThat(n.sender("telegram").givenUp()).isEqualTo(1);
        }
        assertNoTokenIn(dir);
    }

    @Test
    void theSameEventTwiceWithinTheWindowIsSentOnce() throws Exception {
        try (LocalEndpoints.Telegram tg = new LocalEndpoints.Telegram();
             LocalEndpoints.Webhook wh = new LocalEndpoints.Webhook();
             NotifierHarness n = new NotifierHarness(dir, alerts(tg, wh)).start();
             QueueRoot q = new QueueRoot(n.queueDir())) {
            ExecutionListener exec = q.writer(Topic.EXECUTIONS);
            OrderListener orders = q.writer(Topic.ORDERS);
            exec.orderFilled(fill("c-1", "t-1", Side.BUY, 100, 123456, T0));
            exec.orderFilled(fill("c-1", "t-1", Side.BUY, 100, 123456, T0)); // the same fill met again
            for (int i = 0; i < 5; i++) { // the same risk limit denying five signals
                orders.orderDenied(new OrderDenied().strategyId("s1").instrument("XRPETH").signalId(i)
                        .reasonCode(DenyReason.MAX_TRADES_PER_DAY).reason("10 trades today").limit(10).value(10)
                        .decimals(0).eventTimeNs(T0 + i));
            }
            exec.orderFilled(fill("c-2", "t-2", Side.SELL, 100, 123460, T0 + 9));

            // the sentinel: control is read after executions and orders, the outbox keeps the order
            q.writer(Topic.CONTROL).killSwitch(new KillSwitch().on(true).flatten(false).reason("sentinel")
                    .source("ops").eventTimeNs(T0 + 10));
            await().atMost(WAIT).until(() -> wh.kinds().contains("kill-switch"));
            assertThat(wh.kinds()).containsExactlyInAnyOrder("fill", "risk", "fill", "kill-switch");
            assertThat(wh.delivered()).extracting(j -> j.path("key").asText())
                    .containsExactlyInAnyOrder("fill:c-1:t-1", "fill:c-2:t-2", "risk:s1:XRPETH:MAX_TRADES_PER_DAY",
                            "kill-switch:" + wh.delivered().get(3).path("sourceIndex").asLong());
        }
    }

    @Test
    void aRestartedNotifierSendsNothingTwiceAndPicksUpWhatCameMeanwhile() throws Exception {
        try (LocalEndpoints.Telegram tg = new LocalEndpoints.Telegram();
             LocalEndpoints.Webhook wh = new LocalEndpoints.Webhook();
             QueueRoot q = new QueueRoot(dir.resolve("queues"))) {
            ExecutionListener exec = q.writer(Topic.EXECUTIONS);
            exec.orderFilled(fill("c-0", "t-0", Side.BUY, 100, 123456, T0)); // before the first start: no alert
            try (NotifierHarness n = new NotifierHarness(dir, alerts(tg, wh)).start()) {
                exec.orderFilled(fill("c-1", "t-1", Side.BUY, 100, 123456, T0 + 1));
                writeHeartbeat(n, "order-router", ProcessHandle.current().pid(), 1_000, "running");
                n.advanceMs(1_500);
                await().atMost(WAIT).until(() -> wh.delivered().size() == 2 && tg.delivered().size() == 2);
            }
            exec.orderFilled(fill("c-2", "t-2", Side.SELL, 100, 123460, T0 + 2)); // while it is stopped
            try (NotifierHarness n = new NotifierHarness(dir, alerts(tg, wh)).start()) {
                n.advanceMs(1_500);
                writeHeartbeat(n, "order-router", ProcessHandle.current().pid(), 1_000, "running");
                await().atMost(WAIT).until(() -> wh.delivered().size() >= 3 && tg.delivered().size() >= 3);
                exec.orderFilled(fill("c-3", "t-3", Side.SELL, 100, 123460, T0 + 3)); // the sentinel
                await().atMost(WAIT).until(() -> texts(wh).stream().anyMatch(t -> t.contains("order c-3"))
                        && tg.texts().stream().anyMatch(t -> t.contains("order c-3")));
            }
            assertThat(wh.delivered()).extracting(j -> j.path("key").asText()).first().asString()
                    .startsWith("fill:c-1");
            assertThat(wh.delivered().stream().map(j -> j.path("text").asText()).toList())
                    .hasSize(4)
                    .anyMatch(t -> t.contains("order c-1"))
                    .anyMatch(t -> t.startsWith("order-router started"))
                    .anyMatch(t -> t.contains("order c-2"))
                    .noneMatch(t -> t.contains("order c-0"));
            assertThat(wh.delivered().stream().map(j -> j.path("seq").asLong()).toList())
                    .containsExactly(1L, 2L, 3L, 4L);
            assertThat(texts(wh).get(3)).contains("order c-3");
            assertThat(tg.texts()).hasSize(4);
        }
    }

    @Test
    void aProcessStartedThenKilledThenRestartedIsReportedAsSuch() throws Exception {
        try (LocalEndpoints.Telegram tg = new LocalEndpoints.Telegram();
             LocalEndpoints.Webhook wh = new LocalEndpoints.Webhook();
             NotifierHarness n = new NotifierHarness(dir, alerts(tg, wh)).start()) {
            Process child = new ProcessBuilder("sleep", "600").start(); // stands in for the process's JVM
            long childPid = child.pid();
            writeHeartbeat(n, "decision-engine", childPid, 1_000, "running");
            n.advanceMs(1_500);
            await().atMost(WAIT).until(() -> wh.delivered().size() == 1);
            child.destroyForcibly().waitFor(); // kill -9: the file still says running, its pid is gone
            n.advanceMs(1_500);
            await().atMost(WAIT).until(() -> wh.delivered().size() == 2);
            writeHeartbeat(n, "decision-engine", ProcessHandle.current().pid(), 9_000, "running");
            n.advanceMs(1_500);
            await().atMost(WAIT).until(() -> wh.delivered().size() == 3);
            writeStopped(n, "decision-engine", ProcessHandle.current().pid(), 9_000, 143);
            n.advanceMs(1_500);
            await().atMost(WAIT).until(() -> wh.delivered().size() == 4);
            List<String> texts = wh.delivered().stream().map(j -> j.path("text").asText()).toList();
            assertThat(texts.get(0)).startsWith("decision-engine started (pid " + childPid);
            assertThat(texts.get(1)).startsWith("decision-engine is down (crashed): pid " + childPid + " gone");
            assertThat(texts.get(2)).startsWith("decision-engine restarted after a crash (pid "
                    + ProcessHandle.current().pid());
            assertThat(texts.get(3)).isEqualTo("decision-engine stopped (exit code 143: stopped by SIGTERM)");
        }
    }

    @Test
    void fillsBeyondTheThrottleAreSentAsOneBatchAlertOnceTheWindowPassed() throws Exception {
        try (LocalEndpoints.Telegram tg = new LocalEndpoints.Telegram();
             LocalEndpoints.Webhook wh = new LocalEndpoints.Webhook();
             NotifierHarness n = new NotifierHarness(dir, alerts(tg, wh).replace("perKind: 1000", "perKind: 2"))
                     .start();
             QueueRoot q = new QueueRoot(n.queueDir())) {
            ExecutionListener exec = q.writer(Topic.EXECUTIONS);
            for (int i = 0; i < 5; i++) {
                exec.orderFilled(fill("c-" + i, "t-" + i, Side.BUY, 100, 123456, T0 + i));
            }
            // the sentinel: the control topic is read after executions in the same pass
            q.writer(Topic.CONTROL).killSwitch(new KillSwitch().on(true).flatten(false).reason("test")
                    .source("ops").eventTimeNs(T0 + 9));
            await().atMost(WAIT).until(() -> wh.kinds().contains("kill-switch"));
            assertThat(wh.kinds()).containsExactly("fill", "fill", "kill-switch"); // 3 fills held back
            n.advanceMs(60_000); // the throttle window since the first fill held back
            await().atMost(WAIT).until(() -> wh.delivered().size() == 4);
            assertThat(texts(wh).get(3)).isEqualTo("3 more fills held back by the throttle (at most 2 fill alerts "
                    + "per 60 s); each is in the notifier log and trades.log");
            assertThat(wh.delivered().get(3).path("fields").path("heldBack").asLong()).isEqualTo(3);
        }
    }

    @Test
    void aFeedWhoseHeartbeatSaysNoTickForStaleFeedMsIsAStaleFeedAndANewTickEndsIt() throws Exception {
        try (LocalEndpoints.Telegram tg = new LocalEndpoints.Telegram();
             LocalEndpoints.Webhook wh = new LocalEndpoints.Webhook();
             NotifierHarness n = new NotifierHarness(dir, alerts(tg, wh).replace("staleFeedMs: 0",
                     "staleFeedMs: 60000")).start();
             QueueRoot q = new QueueRoot(n.queueDir())) {
            writeMarketDataHeartbeat(n, n.clock.nowNs() / 1_000_000L); // an XRPETH tick published just now
            // 50 s, not 59: the harness's clock is the system clock plus an offset, and the file times the check
            // compares are set by hand, so a real second between the two may pass on a loaded machine
            n.advanceMs(50_000);
            // the sentinel: a process alert, raised by a check at 50 s or later, after that check's feeds
            writeHeartbeat(n, "order-router", ProcessHandle.current().pid(), 1_000, "running");
            await().atMost(WAIT).until(() -> texts(wh).stream().anyMatch(t -> t.startsWith("order-router")));
            assertThat(wh.kinds()).doesNotContain("stale-feed"); // 50 s: not stale yet
            n.advanceMs(11_000);
            await().atMost(WAIT).until(() -> wh.kinds().contains("stale-feed"));
            assertThat(texts(wh)).filteredOn(t -> t.startsWith("stale feed")).singleElement().asString()
                    .startsWith("stale feed: no tick of XRPETH for 6");
            writeMarketDataHeartbeat(n, n.clock.nowNs() / 1_000_000L);
            n.advanceMs(1_000);
            await().atMost(WAIT).until(() -> texts(wh).contains("feed back: XRPETH ticks again"));

            q.writer(Topic.MARKET_DATA).progress(new Progress().source("market-data").eventTimeNs(T0 + 2)
                    .endOfStream(true));
            n.advanceMs(120_000); // a replay that ended is not a stale feed
            await().atMost(WAIT).until(n::feedEnded); // asked when the feed would have turned stale
            q.writer(Topic.EXECUTIONS).orderFilled(fill("c-2", "t-2", Side.SELL, 100, 123460, T0 + 3)); // sentinel
            await().atMost(WAIT).until(() -> wh.kinds().contains("fill"));
            assertThat(wh.kinds()).filteredOn("stale-feed"::equals).hasSize(2);
        }
    }

    private static List<String> texts(LocalEndpoints.Webhook wh) {
        return wh.delivered().stream().map(j -> j.path("text").asText()).toList();
    }

    /** Writes market-data's heartbeat as i10-status does: running, XRPETH's last tick published at {@code atMs}, ms. */
    static void writeMarketDataHeartbeat(NotifierHarness n, long atMs) throws Exception {
        Files.createDirectories(n.heartbeatDir());
        long nowMs = n.clock.nowNs() / 1_000_000L;
        Path file = n.heartbeatDir().resolve("market-data.json");
        Files.writeString(file, "{\"process\":\"market-data\",\"pid\":" + ProcessHandle.current().pid()
                + ",\"startedAtMs\":" + atMs + ",\"heartbeatAtMs\":" + nowMs + ",\"intervalMs\":3600000,"
                + "\"state\":\"running\",\"exitCode\":null,\"lastTickAtMs\":{\"XRPETH\":" + atMs + "}}");
        // stamped as if by the harness clock (ages are measured from the file's time)
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(nowMs));
    }

    @Test
    void aChannelFarBehindSkipsItsOldestAlertsWhileTheOtherChannelGetsThemAll() throws Exception {
        try (LocalEndpoints.Telegram tg = new LocalEndpoints.Telegram();
             LocalEndpoints.Webhook wh = new LocalEndpoints.Webhook();
             QueueRoot q = new QueueRoot(dir.resolve("queues"));
             NotifierHarness n = new NotifierHarness(dir, alerts(tg, wh) + "  outboxCapacity: 3\n").start()) {
            tg.then(new LocalEndpoints.Answer(429, 3)); // Telegram holds the first alert back for 3 s
            ExecutionListener exec = q.writer(Topic.EXECUTIONS);
            for (int i = 0; i < 8; i++) {
                exec.orderFilled(fill("c-" + i, "t-" + i, Side.BUY, 100, 123456, T0 + i));
                int sent = i + 1;
                await().atMost(WAIT).until(() -> wh.delivered().size() == sent); // the webhook keeps up
            }
            await().atMost(WAIT).until(() -> n.sender("telegram").sent() + n.sender("telegram").skipped() == 8);
            // alert 1 sent after its retry_after; then 7 behind: alerts 2..5 (more than 3 behind the newest) are
            // skipped, each logged with its text; 6, 7 and 8 go
            assertThat(n.sender("telegram").skipped()).isEqualTo(4);
            assertThat(tg.texts()).hasSize(4);
            assertThat(tg.texts().get(0)).contains("order c-0");
            assertThat(tg.texts().subList(1, 4)).allMatch(t -> t.contains("order c-5") || t.contains("order c-6")
                    || t.contains("order c-7"));
            assertThat(n.sender("webhook").skipped()).isZero();
        }
    }

    /** Writes a heartbeat file as the processes do (fields of i10-status), stamped with the harness clock. */
    static void writeHeartbeat(NotifierHarness n, String process, long pid, long startedAtMs, String state)
            throws Exception {
        Files.createDirectories(n.heartbeatDir());
        long nowMs = n.clock.nowNs() / 1_000_000L;
        Files.writeString(n.heartbeatDir().resolve(process + ".json"), "{\"process\":\"" + process + "\",\"pid\":"
                + pid + ",\"startedAtMs\":" + startedAtMs + ",\"heartbeatAtMs\":" + nowMs + ",\"intervalMs\":10000,"
                + "\"state\":\"" + state + "\",\"exitCode\":null}");
    }

    static void writeStopped(NotifierHarness n, String process, long pid, long startedAtMs, int exitCode)
            throws Exception {
        long nowMs = n.clock.nowNs() / 1_000_000L;
        Files.writeString(n.heartbeatDir().resolve(process + ".json"), "{\"process\":\"" + process + "\",\"pid\":"
                + pid + ",\"startedAtMs\":" + startedAtMs + ",\"heartbeatAtMs\":" + nowMs
                + ",\"state\":\"stopped\",\"exitCode\":" + exitCode + "}");
    }

    /** No file under the run's directory (queues, outbox, logs written there) holds the token. */
    static void assertNoTokenIn(Path root) throws Exception {
        try (var files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1))
                        .as(f.toString()).doesNotContain(NotifierHarness.TOKEN);
            }
        }
        Path logs = Path.of(System.getProperty("aquatrade.log.dir", "target/test-logs"));
        if (Files.isDirectory(logs)) {
            try (var files = Files.walk(logs)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    assertThat(Files.readString(f)).as(f.toString()).doesNotContain(NotifierHarness.TOKEN);
                }
            }
        }
    }
}
