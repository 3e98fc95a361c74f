package io.aquatrade.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import io.aquatrade.common.ExecutionListener;
import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.KillSwitch;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.PositionBook;
import io.aquatrade.common.QueueRoot;
import io.aquatrade.common.Topic;
import io.aquatrade.common.TopicReader;
import io.aquatrade.common.testing.SampleData;
import io.aquatrade.notifier.testing.LocalEndpoints;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notifier as its own JVM beside the four processes (real JVMs) replaying the repository's recorded XRP/ETH
 * sample, sending to a local server that speaks Telegram's {@code sendMessage} and to a local webhook receiver:
 * every fill on {@code executions} is alerted once, the kill switch's changes are, decision-engine killed with
 * SIGKILL is reported crashed and then restarted after a crash, the notifier itself killed with SIGKILL and
 * restarted sends nothing twice (at most the one alert in flight, which carries the same seq), and the daily summaries
 * agree with an independent aggregation of the fills (a {@link PositionBook} per strategy and instrument, BigDecimal
 * sums per UTC day).
 */
class NotifierSystemIT {
    private static final String TOKEN = "987654:SYSTEM-test-token";
    private static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    Path run;
    private final Map<String, Process> processes = new LinkedHashMap<>();

    @AfterEach
    void stopAll() throws InterruptedException {
        for (Process p : processes.values()) {
            p.destroy();
        }
        for (Process p : processes.values()) {
            p.waitFor();
        }
    }

    @Test
    void fillsKillSwitchAndACrashReachTelegramAndTheWebhookOnceAcrossANotifierKill() throws Exception {
        try (LocalEndpoints.Telegram tg = new LocalEndpoints.Telegram();
             LocalEndpoints.Webhook wh = new LocalEndpoints.Webhook()) {
            Path config = writeConfig(tg, wh);
            start("notifier", "io.aquatrade.notifier.NotifierMain", config);
            await().atMost(WAIT).until(() -> Files.exists(run.resolve("var/run/notifier.json")));
            start("order-router", "io.aquatrade.router.OrderRouterMain", config);
            start("decision-engine", "io.aquatrade.decision.DecisionEngineMain", config);
            start("signal-generator", "io.aquatrade.signal.SignalGeneratorMain", config);
            start("market-data", "io.aquatrade.marketdata.MarketDataMain", config);

            for (String p : List.of("order-router", "decision-engine", "signal-generator", "market-data")) {
                await().atMost(WAIT).until(() -> texts(wh).stream().anyMatch(t -> t.startsWith(p + " started")));
            }
            await().atMost(WAIT).until(this::drained);

            try (QueueRoot q = new QueueRoot(queues())) {
                q.writer(Topic.CONTROL).killSwitch(new KillSwitch().on(true).flatten(false).reason("system test")
                        .source("kill-switch@test").eventTimeNs(System.currentTimeMillis() * 1_000_000L));
            }
            await().atMost(WAIT).until(() -> texts(wh).contains("kill switch ON by kill-switch@test: system test"));

            processes.get("decision-engine").destroyForcibly().waitFor(); // kill -9
            await().atMost(WAIT).until(() -> texts(wh).stream()
                    .anyMatch(t -> t.startsWith("decision-engine is down (crashed)")));
            start("decision-engine", "io.aquatrade.decision.DecisionEngineMain", config);
            await().atMost(WAIT).until(() -> texts(wh).stream()
                    .anyMatch(t -> t.startsWith("decision-engine restarted after a crash")));

            processes.get("notifier").destroyForcibly().waitFor(); // kill -9 of the notifier
            try (QueueRoot q = new QueueRoot(queues())) {
                q.writer(Topic.CONTROL).killSwitch(new KillSwitch().on(false).flatten(false).reason("resume")
                        .source("kill-switch@test").eventTimeNs(System.currentTimeMillis() * 1_000_000L));
            }
            start("notifier", "io.aquatrade.notifier.NotifierMain", config);
            await().atMost(WAIT).until(() -> texts(wh).contains("kill switch OFF by kill-switch@test: resume")
                    && tg.texts().contains("[aquatrade] kill switch OFF by kill-switch@test: resume"));
            // the sentinel: written after, read after everything before it (a wrongly repeated alert of the topics or of
            // the restarted notifier's first check would come first: the outbox is ordered)
            try (QueueRoot q = new QueueRoot(queues())) {
                q.writer(Topic.CONTROL).killSwitch(new KillSwitch().on(false).flatten(false).reason("sentinel")
                        .source("test").eventTimeNs(System.currentTimeMillis() * 1_000_000L));
            }
            await().atMost(WAIT).until(() -> texts(wh).contains("kill switch OFF by test: sentinel")
                    && tg.texts().contains("[aquatrade] kill switch OFF by test: sentinel"));

            Collected topics = new Collected();
            try (QueueRoot q = new QueueRoot(queues())) {
                topics.drain(q);
            }
            assertThat(topics.fills).isNotEmpty();
            // every fill alerted, each once (by its key), at both channels
            List<String> fillKeys = topics.fills.stream().map(f -> "fill:" + f.clientOrderId() + ":" + f.tradeId())
                    .toList();
            assertThat(distinctBySeq(wh).stream().filter(j -> j.path("kind").asText().equals("fill"))
                    .map(j -> j.path("key").asText()).toList()).containsExactlyElementsOf(fillKeys);
            assertThat(tg.texts().stream().filter(t -> t.startsWith("[aquatrade] fill: ")).distinct().count())
                    .isEqualTo(fillKeys.size());
            // nothing twice: seqs 1..N each once, but for at most one alert in flight at the kill
            List<Long> seqs = seqs(wh);
            long last = seqs.stream().mapToLong(Long::longValue).max().orElseThrow();
            assertThat(seqs.stream().distinct().sorted().toList())
                    .isEqualTo(java.util.stream.LongStream.rangeClosed(1, last).boxed().toList());
            assertThat(seqs.size() - last).isBetween(0L, 1L);
            assertThat(tg.texts().size() - tg.texts().stream().distinct().count()).isBetween(0L, 1L);

            // the daily summaries against an independent aggregation of the fills
            Map<String, Map<String, Object>> oracle = oracle(topics.fills);
            List<JsonNode> summaries = distinctBySeq(wh).stream()
                    .filter(j -> j.path("kind").asText().equals("daily-summary")).toList();
            assertThat(summaries.stream().map(j -> j.path("fields").path("day").asText()).toList())
                    .containsAll(oracle.keySet());
            for (JsonNode s : summaries) {
                String day = s.path("fields").path("day").asText();
                Map<String, Object> want = oracle.get(day);
                if (want == null) {
                    continue; // a day without fills (the replay's first hours): no strategy to check
                }
                JsonNode got = s.path("fields").path("strategies").path("vwap-momentum");
                assertThat(got.path("fills").asLong()).as(day).isEqualTo(want.get("fills"));
                assertThat(new BigDecimal(got.path("realised").path("ETH").asText())).as(day)
                        .isEqualByComparingTo((BigDecimal) want.get("pnl"));
                assertThat(new BigDecimal(got.path("fees").path("ETH").asText("0"))).as(day)
                        .isEqualByComparingTo((BigDecimal) want.get("fees"));
            }
            // the token never left the HTTP request line
            for (Path f : Files.walk(run).filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).as(f.toString())
                        .doesNotContain(TOKEN);
            }
        }
    }

    /**
     * Per UTC day of the fills: their count, fees and realised P&amp;L, from the fills alone: one {@link PositionBook}
     * per strategy and instrument fed each fill (fees in the quote asset, as the default paper venue charges),
     * realised P&amp;L deltas summed per day as BigDecimal (ETH, 8 decimals).
     */
    private static Map<String, Map<String, Object>> oracle(List<OrderFilled> fills) {
        Map<String, PositionBook> books = new HashMap<>();
        Map<String, Map<String, Object>> days = new TreeMap<>();
        for (OrderFilled f : fills) {
            assertThat(f.feeAsset()).isEqualTo("ETH");
            String day = Instant.ofEpochMilli(f.eventTimeNs() / 1_000_000L).atZone(ZoneOffset.UTC).toLocalDate()
                    .toString();
            PositionBook book = books.computeIfAbsent(f.strategyId() + " " + f.instrument(), k -> new PositionBook());
            long before = book.realizedPnl();
            book.fill(f.side(), f.fillPrice(), f.fillQuantity(),
                    PositionBook.cashOut(f.side(), f.quoteQuantity(), f.fee()));
            Map<String, Object> d = days.computeIfAbsent(day, k -> new HashMap<>(Map.of("fills", 0L,
                    "pnl", BigDecimal.ZERO, "fees", BigDecimal.ZERO)));
            d.put("fills", (Long) d.get("fills") + 1);
            d.put("pnl", ((BigDecimal) d.get("pnl")).add(FixedPoint.toBigDecimal(book.realizedPnl() - before, 8)));
            d.put("fees", ((BigDecimal) d.get("fees")).add(FixedPoint.toBigDecimal(f.fee(), 8)));
        }
        return days;
    }

    private static List<String> texts(LocalEndpoints.Webhook wh) {
        return wh.delivered().stream().map(j -> j.path("text").asText()).toList();
    }

    private static List<Long> seqs(LocalEndpoints.Webhook wh) {
        return wh.delivered().stream().map(j -> j.path("seq").asLong()).toList();
    }

    /** @return the alerts delivered, the one that may have come twice (in flight at the kill) once */
    private static List<JsonNode> distinctBySeq(LocalEndpoints.Webhook wh) {
        Map<Long, JsonNode> bySeq = new TreeMap<>();
        wh.delivered().forEach(j -> bySeq.putIfAbsent(j.path("seq").asLong(), j));
        return new ArrayList<>(bySeq.values());
    }

    private Path queues() {
        return run.resolve("var/queues");
    }

    /** @return true once the end of the replay has passed through all four processes onto executions */
    private boolean drained() {
        try (QueueRoot q = new QueueRoot(queues());
             TopicReader<ExecutionListener> r = q.reader(Topic.EXECUTIONS, null)) {
            Collected ignore = new Collected();
            while (r.poll(ignore) > 0) {
                // to the end
            }
            return r.endOfStream();
        }
    }

    /** The repository's config on the sample, with absolute paths in this run's directory and an alerts section. */
    private Path writeConfig(LocalEndpoints.Telegram tg, LocalEndpoints.Webhook wh) throws IOException {
        Path root = SampleData.projectRoot();
        String yaml = Files.readString(root.resolve("config/aquatrade.yaml"))
                .replace("path: data/sample/", "path: " + root.resolve("data/sample") + "/")
                .replace("intervalMs: 1000", "intervalMs: 200");
        assertThat(yaml).contains("path: " + root.resolve("data/sample"));
        yaml += "\nalerts:\n"
                + "  telegram: {chatId: \"-1001\", apiUrl: " + tg.baseUrl() + "}\n"
                + "  webhook: {url: " + wh.baseUrl() + "/aquatrade}\n"
                + "  backoffMs: 50\n  maxBackoffMs: 500\n  throttle: {perKind: 10000, windowMs: 60000}\n"
                + "  staleFeedMs: 0\n";
        Path file = run.resolve("aquatrade.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    /** Starts a process as its own JVM in the run's directory (its relative paths: var/queues, var/run, logs). */
    private void start(String name, String mainClass, Path config) throws IOException {
        processes.put(name, Jvms.start(run, name, mainClass, Map.of("AQUATRADE_TELEGRAM_BOT_TOKEN", TOKEN),
                "--config", config.toString(), "--queue-dir", queues().toString(), "--metrics-port", "0"));
    }
}
