package io.aquatrade.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.DenyReason;
import io.aquatrade.common.ExecutionListener;
import io.aquatrade.common.Heartbeat;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.OrderDenied;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.OrderRejected;
import io.aquatrade.common.PositionUpdate;
import io.aquatrade.common.QueueRoot;
import io.aquatrade.common.RejectReason;
import io.aquatrade.common.Side;
import io.aquatrade.common.Topic;
import io.aquatrade.common.TopicReader;
import io.aquatrade.common.TradeTick;
import io.aquatrade.common.testing.SampleData;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The four processes as their own JVMs replay the recorded XRP/ETH sample with the shipped config, each serving
 * {@code /metrics} on 127.0.0.1 at a port chosen free at run time (two set in {@code runtime.metrics.ports}, two by
 * {@code --metrics-port}); once the replay
 * has drained, a scrape of each agrees with what the topics hold: ticks per instrument, the last tick's age, bars,
 * signals, orders, denials by reason, fills, rejects by reason, one round trip per order, realised and unrealised
 * P&amp;L and exposure (against an average-cost book of the fills computed here in BigDecimal, and the router's
 * position updates), the readers' lag back to zero, no poison message, and the JVM's own meters. The shipped Grafana
 * dashboard ({@code deploy/grafana/aquatrade.json}) asks only for series they serve.
 */
class MetricsIT {
    private static final long DRAIN_TIMEOUT_MS = 300_000;
    /** Longest wait for the sampled values (every second of each process's clock) to show the drained state. */
    private static final long SETTLE_TIMEOUT_MS = 60_000;
    private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path run;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void eachProcessServesMetricsThatAgreeWithTheTopics() throws Exception {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (String process : Jvms.START_ORDER) {
            ports.put(process, freePort());
        }
        // the shipped config with two ports set in it (the other two on the command line) and the sample's path
        StringBuilder metrics = new StringBuilder("  metrics:\n    ports:\n");
        for (String p : List.of("market-data", "signal-generator")) {
            metrics.append("      ").append(p).append(": ").append(ports.get(p)).append('\n');
        }
        String shipped = Files.readString(SampleData.projectRoot().resolve("config/aquatrade.yaml"));
        Pattern metricsSection = Pattern.compile("(?m)^  metrics:.*\n");
        assertThat(metricsSection.matcher(shipped).results().count()).isEqualTo(1);
        assertThat(shipped).contains("data/sample/");
        Path config = Files.writeString(run.resolve("aquatrade.yaml"), metricsSection.matcher(shipped)
                .replaceFirst(Matcher.quoteReplacement(metrics.toString()))
                .replace("data/sample/", SampleData.projectRoot().resolve("data/sample") + "/"));
        AquatradeConfig cfg = AquatradeConfig.load(config);
        Path queues = run.resolve(cfg.runtime().queueDir());
        Instrument xrpEth = cfg.instrument("XRPETH");

        try (Jvms jvms = new Jvms(run)) {
            for (String name : Jvms.START_ORDER) {
                if (name.equals("market-data") || name.equals("signal-generator")) {
                    jvms.start(name, Jvms.PROCESSES.get(name), Map.of(), "--config", config.toString());
                } else {
                    jvms.start(name, Jvms.PROCESSES.get(name), Map.of(), "--config", config.toString(),
                            "--metrics-port", Integer.toString(ports.get(name)));
                }
            }
            awaitDrained(jvms, queues);
            Collected topics = new Collected();
            try (QueueRoot root = new QueueRoot(queues)) {
                topics.drain(root);
            }
            assertThat(topics.trades).hasSize(12_477);
            assertThat(topics.fills).isNotEmpty();

            // market-data: ticks per instrument, and the age of the last one: since market-data published it (its
            // heartbeat's lastTickAtMs, what status reports), not since its event time (the recording's)
            TradeTick lastTrade = topics.trades.get(topics.trades.size() - 1);
            long beforeMs = System.currentTimeMillis();
            Map<String, Double> md = scrapeWhen(ports.get("market-data"),
                    m -> value(m, "aquatrade_ticks_total", "instrument", "XRPETH", "type", "trade") == 12_477);
            long afterMs = System.currentTimeMillis();
            assertThat(value(md, "aquatrade_ticks_total", "instrument", "XRPETH", "type", "quote")).isZero();
            // the replay has drained: a heartbeat written after the scrape has the last tick's publishing time
            Path mdHeartbeat = Heartbeat.file(cfg.runtime().heartbeat().dirFor(queues), "market-data");
            Heartbeat hb = Heartbeat.read(mdHeartbeat);
            for (int i = 0; i < 200 && hb.heartbeatAtMs() <= afterMs; i++) {
                Thread.sleep(50); // heartbeats come every runtime.heartbeat.intervalMs (1 s)
                hb = Heartbeat.read(mdHeartbeat);
            }
            assertThat(hb.heartbeatAtMs()).as("a market-data heartbeat after the scrape").isGreaterThan(afterMs);
            long publishedAtMs = hb.lastTickAtMs().get("XRPETH");
            // the process's clock follows the wall clock: allow it 50 ms from this JVM's
            assertThat(value(md, "aquatrade_tick_age_seconds", "instrument", "XRPETH", "process", "market-data"))
                    .isBetween((beforeMs - publishedAtMs) / 1e3 - 0.05, (afterMs - publishedAtMs) / 1e3 + 0.05)
                    .isLessThan(3_600);
            assertJvmAndNoPoison(md);

            // signal-generator: bars and signals written, its reader caught up with market-data
            Map<String, Double> sg = scrapeWhen(ports.get("signal-generator"),
                    m -> value(m, "aquatrade_bars_total") == topics.bars.size()
                            && value(m, "aquatrade_reader_lag_messages", "topic", "market-data") == 0);
            assertThat(topics.bars).hasSize(711);
            assertThat(value(sg, "aquatrade_signals_total")).isEqualTo(topics.signals.size());
            assertThat(value(sg, "aquatrade_reader_lag_seconds", "topic", "market-data")).isZero();
            assertJvmAndNoPoison(sg);

            // decision-engine: orders, denials by reason, P&L and exposure against the fills
            Map<String, Double> de = scrapeWhen(ports.get("decision-engine"),
                    m -> value(m, "aquatrade_orders_total") == topics.orders.size()
                            && lagsAreZero(m, "signals", "executions", "market-data"));
            assertThat(value(de, "aquatrade_signals_received_total")).isEqualTo(topics.signals.size());
            Map<DenyReason, Integer> denials = new HashMap<>();
            for (OrderDenied d : topics.denials) {
                denials.merge(d.reasonCode(), 1, Integer::sum);
            }
            for (DenyReason reason : DenyReason.values()) {
                assertThat(value(de, "aquatrade_denials_total", "reason", reason.name())).as("denials %s", reason)
                        .isEqualTo(denials.getOrDefault(reason, 0).doubleValue());
            }
            Book book = Book.of(topics.fills, xrpEth);
            PositionUpdate lastPosition = topics.positions.get(topics.positions.size() - 1);
            assertThat(lastPosition.quantity()).isEqualTo(book.quantity);
            int quoteDecimals = cfg.assetDecimals("ETH");
            double realized = value(de, "aquatrade_pnl_realized", "strategy", "vwap-momentum", "asset", "ETH");
            assertThat(realized).as("the router's realised P&L on executions")
                    .isEqualTo(BigDecimal.valueOf(lastPosition.realizedPnl(), quoteDecimals).doubleValue());
            assertThat(realized).as("realised P&L of an average-cost book of the fills (rounding: a unit per close)")
                    .isCloseTo(book.realized.doubleValue(), Offset.offset(
                            book.closes * Math.pow(10, -quoteDecimals)));
            // marks: the last trade (the sample has no quotes); the position is long or flat
            BigDecimal lastPrice = BigDecimal.valueOf(lastTrade.price(), xrpEth.priceDecimals());
            BigDecimal openValue = lastPrice.multiply(BigDecimal.valueOf(book.quantity, xrpEth.sizeDecimals()));
            assertThat(book.quantity).isGreaterThanOrEqualTo(0);
            assertThat(value(de, "aquatrade_exposure", "strategy", "vwap-momentum", "asset", "ETH"))
                    .as("open notional at the last trade, no working entry left")
                    .isEqualTo(openValue.setScale(quoteDecimals, RoundingMode.UP).doubleValue());
            assertThat(value(de, "aquatrade_pnl_unrealized", "strategy", "vwap-momentum", "asset", "ETH"))
                    .isEqualTo(openValue.setScale(quoteDecimals, RoundingMode.DOWN)
                            .subtract(BigDecimal.valueOf(lastPosition.costBasis(), quoteDecimals)).doubleValue());
            assertThat(value(de, "aquatrade_kill_switch")).isZero();
            assertJvmAndNoPoison(de);

            // order-router: fills, rejects by reason, one round trip per order sent to the venue
            Map<String, Double> or = scrapeWhen(ports.get("order-router"),
                    m -> value(m, "aquatrade_fills_total") == topics.fills.size()
                            && lagsAreZero(m, "orders", "market-data"));
            Map<RejectReason, Integer> rejects = new HashMap<>();
            for (OrderRejected r : topics.rejected) {
                rejects.merge(r.reasonCode(), 1, Integer::sum);
            }
            for (RejectReason reason : RejectReason.values()) {
                assertThat(value(or, "aquatrade_rejects_total", "reason", reason.name())).as("rejects %s", reason)
                        .isEqualTo(rejects.getOrDefault(reason, 0).doubleValue());
            }
            assertThat(topics.accepted.size() + topics.rejected.size()).isEqualTo(topics.orders.size());
            assertThat(value(or, "aquatrade_order_rtt_seconds_count")).isEqualTo(topics.orders.size());
            assertThat(value(or, "aquatrade_order_rtt_seconds_bucket", "le", "+Inf"))
                    .isEqualTo(topics.orders.size());
            assertThat(value(or, "aquatrade_order_rtt_seconds_sum")).isPositive();
            assertJvmAndNoPoison(or);
            assertThat(jvms.ended()).as("every process still runs").isNull();

            // the shipped Grafana dashboard asks only for series that the processes serve
            Set<String> served = new HashSet<>();
            for (Map<String, Double> scraped : List.of(md, sg, de, or)) {
                scraped.keySet().forEach(k -> served.add(k.substring(0, k.indexOf('{'))));
            }
            JsonNode dashboard = new ObjectMapper()
                    .readTree(SampleData.projectRoot().resolve("deploy/grafana/aquatrade.json").toFile());
            List<String> asked = new ArrayList<>();
            for (JsonNode target : dashboard.findValues("expr")) {
                Matcher name = Pattern.compile("\\b(aquatrade|jvm|process)_[a-z_]+").matcher(target.asText());
                while (name.find()) {
                    asked.add(name.group());
                }
            }
            assertThat(asked).contains("aquatrade_ticks_total", "aquatrade_order_rtt_seconds_bucket",
                    "aquatrade_denials_total", "aquatrade_pnl_realized", "aquatrade_exposure");
            // the notifier's delivery series (aquatrade_alerts_*): checked against its scrape in NotifierIT
            asked.removeIf(series -> series.startsWith("aquatrade_alerts_"));
            assertThat(served).containsAll(asked);
        }
    }

    /** The fills booked by average cost in BigDecimal, independently of the processes' books. */
    private static final class Book {
        long quantity;
        BigDecimal cost = BigDecimal.ZERO;
        BigDecimal realized = BigDecimal.ZERO;
        int closes;

        static Book of(List<OrderFilled> fills, Instrument instrument) {
            Book b = new Book();
            for (OrderFilled f : fills) {
                assertThat(f.feeAsset()).isEqualTo(instrument.quote());
                BigDecimal quote = BigDecimal.valueOf(f.quoteQuantity(), 8);
                BigDecimal fee = BigDecimal.valueOf(f.fee(), 8);
                if (f.side() == Side.BUY) {
                    assertThat(b.quantity).as("a long-only strategy").isGreaterThanOrEqualTo(0);
                    b.quantity += f.fillQuantity();
                    b.cost = b.cost.add(quote).add(fee);
                } else {
                    assertThat(f.fillQuantity()).isLessThanOrEqualTo(b.quantity);
                    BigDecimal released = b.cost.multiply(BigDecimal.valueOf(f.fillQuantity()))
                            .divide(BigDecimal.valueOf(b.quantity), 30, RoundingMode.HALF_EVEN);
                    b.realized = b.realized.add(quote).subtract(fee).subtract(released);
                    b.cost = b.cost.subtract(released);
                    b.quantity -= f.fillQuantity();
                    b.closes++;
                }
            }
            return b;
        }
    }

    private static boolean lagsAreZero(Map<String, Double> m, String... topics) {
        for (String topic : topics) {
            if (value(m, "aquatrade_reader_lag_messages", "topic", topic) != 0
                    || value(m, "aquatrade_reader_lag_seconds", "topic", topic) != 0) {
                return false;
            }
        }
        return true;
    }

    private static void assertJvmAndNoPoison(Map<String, Double> m) {
        assertThat(m.keySet()).anyMatch(k -> k.startsWith("jvm_memory_used_bytes{"))
                .anyMatch(k -> k.startsWith("jvm_threads_live_threads{"))
                .anyMatch(k -> k.startsWith("jvm_gc_"))
                .anyMatch(k -> k.startsWith("process_cpu_usage{"));
        m.forEach((k, v) -> {
            if (k.startsWith("aquatrade_poison_messages_total{") || k.startsWith("aquatrade_handler_errors_total{")
                    || k.startsWith("aquatrade_agent_errors_total{")) {
                assertThat(v).as(k).isZero();
            }
        });
    }

    /** Waits for the market-data end of stream to reach the executions topic, failing if a process ended. */
    private static void awaitDrained(Jvms jvms, Path queues) throws Exception {
        long deadline = System.currentTimeMillis() + DRAIN_TIMEOUT_MS;
        while (!Files.isDirectory(queues.resolve(Topic.EXECUTIONS.name()))) {
            assertThat(jvms.ended()).as("a process ended").isNull();
            assertThat(System.currentTimeMillis()).as("executions topic created").isLessThan(deadline);
            Thread.sleep(100);
        }
        try (QueueRoot root = new QueueRoot(queues);
             TopicReader<ExecutionListener> reader = root.reader(Topic.EXECUTIONS, null)) {
            Collected ignore = new Collected();
            while (true) {
                while (reader.poll(ignore) > 0) {
                    // to the end
                }
                if (reader.endOfStream()) {
                    return;
                }
                assertThat(jvms.ended()).as("a process ended").isNull();
                assertThat(System.currentTimeMillis()).as("replay drained").isLessThan(deadline);
                Thread.sleep(100);
            }
        }
    }

    /**
     * Scrapes until the values show what is expected (each process samples them once a second of its clock), or
     * the timeout; returns the last scrape either way, for the assertions to tell what differs.
     */
    private Map<String, Double> scrapeWhen(int port, Predicate<Map<String, Double>> settled) throws Exception {
        long deadline = System.currentTimeMillis() + SETTLE_TIMEOUT_MS;
        while (true) {
            Map<String, Double> m = scrape(port);
            if (settled.test(m) || System.currentTimeMillis() > deadline) {
                return m;
            }
            Thread.sleep(200);
        }
    }

    /** @return every sample of the Prometheus text at {@code /metrics}, by {@code name{labels}} as written */
    private Map<String, Double> scrape(int port) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/metrics")).timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        Map<String, Double> out = new LinkedHashMap<>();
        for (String line : r.body().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            assertThat(m.matches()).as("a sample line: %s", line).isTrue();
            out.put(m.group(1) + "{" + (m.group(3) == null ? "" : m.group(3)) + "}", Double.parseDouble(m.group(4)));
        }
        return out;
    }

    /**
     * @param labels name, value pairs the sample must carry (it may carry others)
     * @return the one sample of that name carrying those labels; NaN if there is none
     * @throws AssertionError if more than one sample matches
     */
    private static double value(Map<String, Double> samples, String name, String... labels) {
        List<Double> found = new ArrayList<>();
        samples.forEach((key, v) -> {
            if (!key.startsWith(name + "{")) {
                return;
            }
            Map<String, String> have = new HashMap<>();
            Matcher l = LABEL.matcher(key.substring(name.length()));
            while (l.find()) {
                have.put(l.group(1), l.group(2));
            }
            for (int i = 0; i < labels.length; i += 2) {
                if (!labels[i + 1].equals(have.get(labels[i]))) {
                    return;
                }
            }
            found.add(v);
        });
        assertThat(found).as("samples of %s %s", name, List.of(labels)).hasSizeLessThanOrEqualTo(1);
        return found.isEmpty() ? Double.NaN : found.get(0);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
