package io.aquatrade.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aquatrade.common.BalanceUpdate;
import io.aquatrade.common.ExecutionListener;
import io.aquatrade.common.OrderAccepted;
import io.aquatrade.common.OrderCanceled;
import io.aquatrade.common.OrderExpired;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.OrderListener;
import io.aquatrade.common.OrderRejected;
import io.aquatrade.common.PositionUpdate;
import io.aquatrade.common.QueueRoot;
import io.aquatrade.common.SubmitOrder;
import io.aquatrade.common.Topic;
import io.aquatrade.common.TopicReader;
import io.aquatrade.common.testing.SampleData;
import io.aquatrade.notifier.testing.LocalEndpoints;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The four processes in live mode, each its own JVM as {@code bin/aquatrade} starts them, against fake-binance
 * started as its own JVM on a free port over the shared BTCUSDT capture of 2024-08-08 replayed at four times real time:
 * market-data on the fake's public streams ({@code source: binance}), signal-generator on 1-second bars with four
 * strategies that trade often (a 1-bar VWAP momentum with a 3 bps stop, fast EMA crosses), decision-engine, and order-router with {@code venue: binance} and {@code --live}, the
 * key and secret in the environment. order-router is killed with SIGKILL right after the decision engine has written
 * a new order several times and restarted each time: every other time at once (the router is reading or sending
 * it), the others once the exchange has taken the order, its answer held on the way by a relay that delays the
 * exchange's answers to the router by {@value #ANSWER_DELAY_MS} ms (so the outcome is unknown to the router when it
 * dies: at least one such kill is asserted).
 *
 * <p>Afterwards, against the fake's own account ({@code GET /fake/state}) as the oracle: every fill the exchange made
 * is on {@code executions} exactly once by trade id with the exchange's price, quantity and commission; the router's
 * last balance update of each asset equals the exchange's balance (free + locked); no client order id was sent more
 * than once (the fake counts every order request per client order id, refused duplicates included); and no output
 * of the run (logs, stdout and stderr, every file under the run's {@code var/}, queues and dead letters included)
 * holds the API secret or the key. A third session exercises every output of issues 9 and 10 at once (faults, tools,
 * failed start-ups, metrics, alerts, JSON logs) and scans them for the key, the secret and the signatures the exchange
 * was sent.
 */
class LiveSystemIT {
    private static final String KEY = "live-system-key-3c9f70a1e2";
    private static final String SECRET = "live-system-secret-8d41b6f03a97";
    /** A key the exchange does not know (a failed start-up); it must not leak either. */
    private static final String WRONG_KEY = "revoked-system-key-71be05c4d9";
    private static final String TOKEN = "424242:secret-scan-bot-token";
    /**
     * A signature as Binance carries it: hex HMAC-SHA256, {@code signature=...} in a REST query or form body,
     * {@code "signature":"..."} in a WebSocket API request's params.
     */
    private static final java.util.regex.Pattern SIGNATURE_PARAM =
            java.util.regex.Pattern.compile("signature(?:=|\"\\s*:\\s*\")([0-9a-fA-F]{64})");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int KILLS = 4;
    /** the router runs at least this long before it is killed: started, its venue connected, trading */
    private static final long RUN_BEFORE_KILL_MS = 6_000;
    /** the exchange's answers reach the router this much later (a slow network): orders stay in flight that long */
    private static final long ANSWER_DELAY_MS = 300;
    private static final long PRICE_SCALE = 2;
    private static final long SIZE_SCALE = 5;
    private static final int ASSET_DECIMALS = 8;
    /** How long order-router stays down in the outage test: 40 s of market data at four times real time. */
    private static final long OUTAGE_MS = 10_000;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path run;

    private final Map<String, Process> processes = new LinkedHashMap<>();
    private SlowAnswers slowAnswers;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private int port;

    @AfterEach
    void stopAll() throws InterruptedException {
        for (Process p : processes.values()) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        if (slowAnswers != null) {
            slowAnswers.close();
        }
    }

    @Test
    void orderRouterKilledInTheMiddleOfOrdersLeavesTheExchangeAndTheTopicsEqualAndNothingSentTwice()
            throws Exception {
        Path capture = sharedData().resolve("streams/binance-spot/btcusdt_20240808.gz");
        port = freePort();
        slowAnswers = new SlowAnswers(port, ANSWER_DELAY_MS);
        Path queues = run.resolve("var/queues");
        Path config = liveConfig(queues, "", "");

        long routerStartedMs = startSystem(capture, config);

        List<Kill> kills = new ArrayList<>();
        Files.createDirectories(queues);
        try (QueueRoot root = new QueueRoot(queues)) {
            OrderWatch orders = new OrderWatch(root);
            int seen = 0;
            while (kills.size() < KILLS) {
                long earliest = routerStartedMs + RUN_BEFORE_KILL_MS;
                int before = seen;
                await(() -> orders.poll() > before && System.currentTimeMillis() >= earliest, 150_000,
                        "a new order with the router up for " + RUN_BEFORE_KILL_MS + " ms");
                SubmitOrder inFlight = orders.last();
                String id = inFlight.clientOrderId();
                String sent = orders.lastSentIdSuffix(); // how the exchange knows it
                if (kills.size() % 2 == 1) {
                    // every other kill waits until the exchange has taken the order, its answer still on the way
                    long until = System.currentTimeMillis() + 2_000;
                    await(() -> placed(sent) > 0 || System.currentTimeMillis() > until, 5_000,
                            "the exchange taking " + id);
                }
                Process router = processes.get("order-router");
                router.destroyForcibly(); // SIGKILL
                assertThat(router.waitFor(10, TimeUnit.SECONDS)).isTrue();
                assertThat(router.exitValue()).isEqualTo(137);
                seen = orders.poll();
                Answers written = Answers.read(root); // what the router had written when it died
                kills.add(new Kill(id, placed(sent), written.count(id)));
                start("order-router", "io.aquatrade.router.OrderRouterMain", "--config", config.toString(),
                        "--live");
                routerStartedMs = System.currentTimeMillis();
            }
            // trade on after the last restart, then let the router finish every order it has
            long tradeUntilMs = System.currentTimeMillis() + 25_000;
            await(() -> System.currentTimeMillis() >= tradeUntilMs, 30_000, "trading after the last restart");
            stop("market-data");
            stop("signal-generator");
            stop("decision-engine");
            int total = orders.poll();
            await(() -> everyOrderFinished(root, total), 60_000, "every order finished on executions");
            stop("order-router");
        }
        JsonNode state = state();
        stop("fake-binance");

        Collected topics = new Collected();
        try (QueueRoot root = new QueueRoot(queues)) {
            topics.drain(root);
        }
        System.out.printf("live system: %d orders, %d fills, kills %s%n", topics.orders.size(), topics.fills.size(),
                kills);
        assertThat(kills).hasSizeGreaterThanOrEqualTo(KILLS);
        assertThat(kills).as("kills of an order the exchange had taken and the router had not answered yet")
                .filteredOn(k -> k.placedAtKill() == 1 && k.executionsAtKill() == 0).hasSizeGreaterThanOrEqualTo(1);

        assertExchangeEqualsTopics(state, topics);

        // neither the secret nor the key in any output of the run
        List<Path> scanned = new ArrayList<>();
        try (Stream<Path> files = Files.walk(run)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                scanned.add(f);
                assertThat(contains(f, SECRET)).as("the secret in " + run.relativize(f)).isFalse();
                assertThat(contains(f, KEY)).as("the key in " + run.relativize(f)).isFalse();
            }
        }
        assertThat(topics.orders).as("orders").hasSizeGreaterThan(KILLS + 5);
        assertThat(scanned).extracting(f -> run.relativize(f).toString())
                .anyMatch(n -> n.startsWith("logs/order-router"))
                .anyMatch(n -> n.startsWith("out/order-router"))
                .anyMatch(n -> n.startsWith("var/queues/executions"));
    }

    /**
     * Issue 9: order-router down longer than decision-engine's {@code orderTimeoutMs} must never double an entry.
     * {@code orderTimeoutMs: 2000} (2 s of market data: half a second of the wall clock at four times real time);
     * order-router is killed (SIGKILL) once the exchange has taken an order of the strategy {@code fast} (a 1-bar
     * VWAP momentum) and before its answer reached the router (the slow relay holds it), and stays down for {@value
     * #OUTAGE_MS} ms of the wall clock (40 s of market data, 20 x the timeout) and until a signal of {@code fast} has
     * come, while market data and signals go on. The decision engine must keep that order outstanding all along: no
     * order of the strategy on {@code orders} during the outage, its signals denied {@code ORDER_OUTSTANDING} naming
     * the order.
     * After the restart the router finds the order at the exchange and reports it; afterwards no strategy has two
     * entries (buys) filled without an exit between them, no order was cancelled for a late acceptance (none timed
     * out), and the exchange's account ({@code /fake/state}) equals the topics as in the test above.
     */
    @Test
    void orderRouterDownLongerThanTheOrderTimeoutNeverDoublesAnEntry() throws Exception {
        Path capture = sharedData().resolve("streams/binance-spot/btcusdt_20240808.gz");
        port = freePort();
        slowAnswers = new SlowAnswers(port, ANSWER_DELAY_MS);
        Path queues = run.resolve("var/queues");
        Path config = liveConfig(queues, "\n  orderTimeoutMs: 2000", ", heldBackMaxMs: 1000");
        long routerStartedMs = startSystem(capture, config);

        SubmitOrder inFlight = null;
        List<SubmitOrder> ordersDuringOutage = new ArrayList<>();
        List<io.aquatrade.common.OrderDenied> denialsDuringOutage = new ArrayList<>();
        Files.createDirectories(queues);
        try (QueueRoot root = new QueueRoot(queues)) {
            OrderWatch orders = new OrderWatch(root);
            int seen = 0;
            for (int attempt = 1; inFlight == null; attempt++) {
                assertThat(attempt).as("kills until one leaves an order of fast taken and unanswered")
                        .isLessThanOrEqualTo(5);
                long earliest = routerStartedMs + RUN_BEFORE_KILL_MS;
                int before = seen;
                await(() -> orders.poll() > before && orders.last().strategyId().equals("fast")
                        && System.currentTimeMillis() >= earliest, 150_000, "a new order of fast");
                SubmitOrder candidate = orders.last();
                String sent = orders.lastSentIdSuffix();
                long until = System.currentTimeMillis() + 2_000;
                await(() -> placed(sent) > 0 || System.currentTimeMillis() > until, 5_000,
                        "the exchange taking " + candidate.clientOrderId());
                Process router = processes.remove("order-router");
                router.destroyForcibly(); // SIGKILL
                assertThat(router.waitFor(10, TimeUnit.SECONDS)).isTrue();
                seen = orders.poll();
                if (placed(sent) == 1 && Answers.read(root).count(candidate.clientOrderId()) == 0) {
                    inFlight = candidate;
                    int ordersAtKill = orders.collected.orders.size();
                    int denialsAtKill = orders.collected.denials.size();
                    String strategy = candidate.strategyId();
                    long outageEndMs = System.currentTimeMillis() + OUTAGE_MS;
                    // down at least OUTAGE_MS and until a signal of the strategy has come (an order or a denial)
                    await(() -> orders.poll() >= 0 && System.currentTimeMillis() >= outageEndMs
                            && (orders.collected.orders.subList(ordersAtKill, orders.collected.orders.size()).stream()
                                    .anyMatch(o -> o.strategyId().equals(strategy))
                            || orders.collected.denials.subList(denialsAtKill, orders.collected.denials.size())
                                    .stream().anyMatch(d -> d.strategyId().equals(strategy))), 120_000,
                            "the outage and a signal of " + strategy);
                    orders.collected.orders.subList(ordersAtKill, orders.collected.orders.size()).stream()
                            .filter(o -> o.strategyId().equals(strategy)).forEach(ordersDuringOutage::add);
                    orders.collected.denials.subList(denialsAtKill, orders.collected.denials.size()).stream()
                            .filter(d -> d.strategyId().equals(strategy)).forEach(denialsDuringOutage::add);
                    seen = orders.poll();
                }
                start("order-router", "io.aquatrade.router.OrderRouterMain", "--config", config.toString(),
                        "--live");
                routerStartedMs = System.currentTimeMillis();
            }
            long tradeUntilMs = System.currentTimeMillis() + 10_000;
            await(() -> System.currentTimeMillis() >= tradeUntilMs, 15_000, "trading after the restart");
            stop("market-data");
            stop("signal-generator");
            stop("decision-engine");
            int total = orders.poll();
            await(() -> everyOrderFinished(root, total), 60_000, "every order finished on executions");
            stop("order-router");
        }
        JsonNode state = state();
        stop("fake-binance");
        Collected topics = new Collected();
        try (QueueRoot root = new QueueRoot(queues)) {
            topics.drain(root);
        }
        String id = inFlight.clientOrderId();
        System.out.printf("router outage: %s in flight, %d orders, %d fills, %d denials of %s during the outage%n",
                id, topics.orders.size(), topics.fills.size(), denialsDuringOutage.size(), inFlight.strategyId());

        // while the router was down the order stayed outstanding: no second order of its strategy, signals denied
        assertThat(ordersDuringOutage).as("orders of " + inFlight.strategyId() + " while the router was down")
                .isEmpty();
        assertThat(denialsDuringOutage).as("signals of " + inFlight.strategyId() + " while the router was down")
                .isNotEmpty()
                .allSatisfy(d -> {
                    assertThat(d.reasonCode()).isEqualTo(io.aquatrade.common.DenyReason.ORDER_OUTSTANDING);
                    assertThat(d.reason()).contains(id);
                });
        // the router found it at the exchange after its restart and answered it
        assertThat(topics.accepted).extracting(OrderAccepted::clientOrderId).contains(id);
        assertThat(topics.cancels).as("cancels of orders accepted after they timed out")
                .noneMatch(c -> "late-acceptance".equals(c.reason()));

        // no doubled entry: per strategy, the orders that filled never show two buys without a sell between
        Map<String, io.aquatrade.common.Side> sideOf = new HashMap<>();
        topics.orders.forEach(o -> sideOf.put(o.clientOrderId(), o.side()));
        Map<String, List<String>> filledOrders = new TreeMap<>();
        for (OrderFilled f : topics.fills) {
            List<String> ids = filledOrders.computeIfAbsent(f.strategyId(), k -> new ArrayList<>());
            if (ids.isEmpty() || !ids.get(ids.size() - 1).equals(f.clientOrderId())) {
                ids.add(f.clientOrderId());
            }
        }
        assertThat(filledOrders).containsKey(inFlight.strategyId());
        filledOrders.forEach((strategy, ids) -> {
            for (int i = 1; i < ids.size(); i++) {
                assertThat(sideOf.get(ids.get(i - 1)) == io.aquatrade.common.Side.BUY
                        && sideOf.get(ids.get(i)) == io.aquatrade.common.Side.BUY)
                        .as(strategy + ": entries " + ids.get(i - 1) + " and " + ids.get(i) + " both filled, no exit "
                                + "between").isFalse();
            }
        });
        assertExchangeEqualsTopics(state, topics);
    }

    /**
     * Issue 9 (secrets) over the outputs of issue 10: ONE live session that exercises every path where a key, the
     * secret or a signature could leak, then scans all it produced. Against fake-binance, through the recording relay
     * (which keeps every REST and WebSocket API request the router and venue-check sent, so the HMAC signatures the
     * exchange saw are known):
     * {@code venue-check} with a key the exchange does not know (-2015) and with the right keys; order-router
     * refused at start-up for a key file of mode 0644 and started with a wrong key; then the notifier (on a local
     * Telegram server and a local webhook receiver) and the four processes with {@code runtime.logs.json: true}
     * and every {@code /metrics} served, trading while the exchange injects {@code http5xxAfterTake},
     * {@code reject2010}, {@code reject1013}, {@code timeoutAfterTake}, {@code http429}, {@code clockSkewMs}
     * (-1021) and {@code dropSocket}; every {@code /metrics} scraped, {@code status --json} run, and afterwards every
     * topic printed by {@code tail}.
     *
     * <p>Scanned for the key, the wrong key, the secret, the Telegram token and every signature the relay carried:
     * every file under the run's directory (logs, stdout and stderr of every JVM, heartbeats, queues with the
     * notifier's outbox and dead letters as bytes, {@code tail}'s output), every body the Telegram and webhook
     * receivers took, and every scrape. Any {@code signature} parameter with a hex value in an output fails it too.
     */
    @Test
    void oneSessionWithFaultsToolsAndAlertsLeaksNoKeySecretOrSignature() throws Exception {
        Path capture = sharedData().resolve("streams/binance-spot/btcusdt_20240808.gz");
        port = freePort();
        slowAnswers = new SlowAnswers(port, 0);
        Path queues = run.resolve("var/queues");
        Path keyDir = Files.createTempDirectory("aquatrade-keys");
        Path keyFile = Files.writeString(keyDir.resolve("binance.key"),
                "apiKey=" + KEY + "\napiSecret=" + SECRET + "\n");
        Files.setPosixFilePermissions(keyFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Path wideKeyConfig = Files.move(liveConfig(queues, "", ", keyFile: \"" + keyFile + "\""),
                run.resolve("wide-key.yaml"));
        try (LocalEndpoints.Telegram tg = new LocalEndpoints.Telegram();
             LocalEndpoints.Webhook wh = new LocalEndpoints.Webhook()) {
            Path config = liveConfig(queues, "", "");
            // JSON logs; the WebSocket API through the relay too, so that its signatures are seen
            Files.writeString(config, Files.readString(config).replaceFirst("runtime:\n",
                    "runtime:\n  logs: {json: true}\n")
                    .replace("wsApiUrl: \"ws://127.0.0.1:" + port + "/", "wsApiUrl: \"ws://127.0.0.1:"
                            + slowAnswers.port() + "/")
                    + "alerts:\n  telegram: {chatId: \"-1001\", apiUrl: " + tg.baseUrl() + "}\n"
                    + "  webhook: {url: " + wh.baseUrl() + "/aquatrade}\n  backoffMs: 50\n  maxBackoffMs: 500\n"
                    + "  throttle: {perKind: 10000, windowMs: 60000}\n  staleFeedMs: 0\n");

            start("fake-binance", "io.aquatrade.fakebinance.FakeBinanceMain", "--port", Integer.toString(port),
                    "--data", capture + ":BTCUSDT", "--speed", "4", "--balance", "USDT=10000", "--balance", "BTC=0");
            await(() -> state() != null, 60_000, "fake-binance serving");

            // the tools and the failed start-ups, before the session
            Map<String, String> wrongKey = Map.of("AQUATRADE_BINANCE_API_KEY", WRONG_KEY,
                    "AQUATRADE_BINANCE_API_SECRET", SECRET);
            assertThat(runTool("venue-check-wrong-key", "io.aquatrade.router.venue.binance.VenueCheckMain",
                    wrongKey, "--config", config.toString())).as("venue-check with a wrong key").isNotZero();
            assertThat(runTool("venue-check", "io.aquatrade.router.venue.binance.VenueCheckMain", credentials(),
                    "--config", config.toString())).as("venue-check").isZero();
            assertThat(runTool("order-router-wide-key", "io.aquatrade.router.OrderRouterMain", Map.of(),
                    "--config", wideKeyConfig.toString(), "--live", "--metrics-port", "0"))
                    .as("order-router with a key file of mode 0644").isEqualTo(2);
            Process wrong = Jvms.start(run, "order-router-wrong-key", "io.aquatrade.router.OrderRouterMain",
                    wrongKey, "--config", config.toString(), "--live", "--metrics-port", "0");
            long wrongUntilMs = System.currentTimeMillis() + 30_000;
            while (wrong.isAlive() && System.currentTimeMillis() < wrongUntilMs
                    && !outputsContain("order-router-wrong-key", "-2015")) {
                Thread.sleep(100);
            }
            wrong.destroyForcibly();
            assertThat(wrong.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(outputsContain("order-router-wrong-key", "-2015")).as("the wrong key refused by the exchange")
                    .isTrue();

            // the session: the notifier and the four processes, each serving /metrics
            Map<String, Integer> metricsPorts = new LinkedHashMap<>();
            for (String p : List.of("notifier", "order-router", "decision-engine", "signal-generator",
                    "market-data")) {
                metricsPorts.put(p, freePort());
            }
            processes.put("notifier", Jvms.start(run, "notifier", "io.aquatrade.notifier.NotifierMain",
                    Map.of("AQUATRADE_TELEGRAM_BOT_TOKEN", TOKEN), "--config", config.toString(), "--metrics-port",
                    metricsPorts.get("notifier").toString()));
            start("order-router", "io.aquatrade.router.OrderRouterMain", "--config", config.toString(), "--live",
                    "--metrics-port", metricsPorts.get("order-router").toString());
            for (String p : List.of("decision-engine", "signal-generator", "market-data")) {
                start(p, Jvms.PROCESSES.get(p), "--config", config.toString(), "--metrics-port",
                        metricsPorts.get(p).toString());
            }
            Files.createDirectories(queues);
            List<String> scrapes = new ArrayList<>();
            try (QueueRoot root = new QueueRoot(queues)) {
                OrderWatch orders = new OrderWatch(root);
                await(() -> orders.poll() >= 2, 150_000, "the first orders");
                for (String[] fault : new String[][] {{"http5xxAfterTake", "2"}, {"reject2010", "1"},
                        {"timeoutAfterTake", "1"}, {"reject1013", "1"}, {"dropSocket", "1"}, {"http429", "1"},
                        {"clockSkewMs", "-20000"}, {"clockSkewMs", "0"}}) {
                    fault(fault[0], fault[1]);
                    int before = orders.poll();
                    long until = System.currentTimeMillis() + 15_000;
                    await(() -> orders.poll() >= before + 2 || System.currentTimeMillis() > until, 20_000,
                            "orders after the fault " + fault[0]);
                }
                for (Map.Entry<String, Integer> e : metricsPorts.entrySet()) {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                            + e.getValue() + "/metrics")).timeout(Duration.ofSeconds(10)).GET().build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(r.statusCode()).as("/metrics of " + e.getKey()).isEqualTo(200);
                    assertThat(r.body()).as("/metrics of " + e.getKey()).contains("jvm_");
                    scrapes.add(e.getKey() + " /metrics\n" + r.body());
                }
                runTool("status", "io.aquatrade.tools.AquatradeTool", Map.of(), "status", "--json", "--config",
                        config.toString());
                assertThat(Files.readString(run.resolve("out/status.out"))).contains("\"processes\"");
                await(() -> wh.kinds().contains("fill"), 60_000, "a fill alerted");
                stop("market-data");
                stop("signal-generator");
                stop("decision-engine");
                int total = orders.poll();
                long until = System.currentTimeMillis() + 30_000;
                await(() -> everyOrderFinished(root, total) || System.currentTimeMillis() > until, 40_000,
                        "the router's last orders");
                stop("order-router");
                stop("notifier");
            }
            JsonNode state = state();
            stop("fake-binance");
            assertThat(state.get("fills")).as("fills at the exchange").isNotEmpty();
            for (Topic<?> topic : List.of(Topic.MARKET_DATA, Topic.BARS, Topic.SIGNALS, Topic.ORDERS,
                    Topic.EXECUTIONS, Topic.CONTROL)) {
                assertThat(runTool("tail-" + topic.name(), "io.aquatrade.tools.AquatradeTool", Map.of(), "tail",
                        topic.name(), "--config", config.toString())).as("tail " + topic.name()).isZero();
            }

            // the signatures the exchange saw: every signed request (REST and WebSocket API) went through the relay
            Set<String> signatures = new HashSet<>();
            Set<String> webSocketSignatures = new HashSet<>();
            for (String sent : slowAnswers.requests()) {
                java.util.regex.Matcher m = SIGNATURE_PARAM.matcher(sent);
                while (m.find()) {
                    signatures.add(m.group(1));
                    if (m.group().startsWith("signature\"")) {
                        webSocketSignatures.add(m.group(1));
                    }
                }
            }
            assertThat(signatures).as("signatures sent").hasSizeGreaterThan(10);
            assertThat(webSocketSignatures).as("signatures of WebSocket API requests (a subscription per connection)")
                    .hasSizeGreaterThanOrEqualTo(2);
            Secrets secrets = new Secrets(List.of(KEY, WRONG_KEY, SECRET, TOKEN), signatures);
            String aSignature = signatures.iterator().next();
            assertThat(secrets.find("x" + aSignature + "\"")).as("the scan finds a signature")
                    .containsExactly("a signature the exchange was sent");
            assertThat(secrets.find("{\"signature\":\"" + "0123456789abcdef".repeat(4) + "\"}"))
                    .as("the scan finds a signature parameter").containsExactly("a signature parameter");

            List<String> leaks = new ArrayList<>();
            List<String> scanned = new ArrayList<>();
            try (Stream<Path> files = Files.walk(run)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    String name = run.relativize(f).toString();
                    scanned.add(name);
                    secrets.scan(f).forEach(what -> leaks.add(what + " in " + name));
                }
            }
            for (JsonNode body : wh.delivered()) {
                secrets.find(body.toString()).forEach(what -> leaks.add(what + " in a webhook body " + body));
            }
            for (JsonNode body : tg.delivered()) {
                secrets.find(body.toString()).forEach(what -> leaks.add(what + " in a Telegram body " + body));
            }
            for (String scrape : scrapes) {
                secrets.find(scrape).forEach(what -> leaks.add(what + " in " + scrape.lines().findFirst()
                        .orElseThrow()));
            }
            System.out.printf("secret scan: %d files, %d signatures, %d webhook and %d Telegram bodies, %d scrapes%n",
                    scanned.size(), signatures.size(), wh.delivered().size(), tg.delivered().size(), scrapes.size());
            assertThat(leaks).as("secrets in the outputs").isEmpty();
            // what the scan covered
            assertThat(scanned)
                    .anyMatch(n -> n.startsWith("logs/order-router"))
                    .anyMatch(n -> n.startsWith("logs/errors"))
                    .anyMatch(n -> n.startsWith("logs/trades"))
                    .anyMatch(n -> n.startsWith("logs/signals"))
                    .anyMatch(n -> n.startsWith("var/run/") && n.endsWith(".json"))
                    .anyMatch(n -> n.startsWith("var/queues/executions"))
                    .anyMatch(n -> n.contains("notifier-outbox"))
                    .contains("out/venue-check.out", "out/venue-check-wrong-key.out", "out/status.out",
                            "out/order-router-wide-key.err", "out/tail-executions.out");
            assertThat(Files.readString(run.resolve("logs/order-router.log"))).as("JSON logs").contains("{\"");
            assertThat(wh.delivered()).isNotEmpty();
            assertThat(tg.delivered()).isNotEmpty();
        } finally {
            Files.deleteIfExists(keyFile);
            Files.deleteIfExists(keyDir);
        }
    }

    /**
     * Writes the run's live config: the four processes on the fake's port, order-router through the slow relay.
     *
     * @param decisionExtra more keys of {@code decision-engine} ("" for none), e.g.
     *                      {@code "\n  orderTimeoutMs: 2000"}
     * @param binanceExtra  more keys of {@code order-router.binance} ("" for none), e.g. {@code ", heldBackMaxMs: 1"}
     */
    private Path liveConfig(Path queues, String decisionExtra, String binanceExtra) throws IOException {
        Path config = run.resolve("live.yaml");
        Files.writeString(config, """
                runtime:
                  queueDir: %s
                  sequencing: arrival
                  poisonMessage: {deadLetterDir: var/dead-letter}
                  killSwitchFile: var/KILL_SWITCH
                  metrics: {ports: {market-data: 0, signal-generator: 0, decision-engine: 0, order-router: 0}}
                instruments:
                  - {symbol: BTCUSDT, base: BTC, quote: USDT, priceDecimals: 2, sizeDecimals: 5,
                     filters: {tickSize: 0.01, stepSize: 0.00001, minQty: 0.00001, minNotional: 5}}
                assets: {BTC: 8, USDT: 8}
                market-data:
                  source: binance
                  binance: {streamUri: "ws://127.0.0.1:%d/", restUri: "http://127.0.0.1:%d", reorderMs: 100}
                signal-generator:
                  timeframe: 1s
                  strategies:
                    - {id: fast, type: vwap-momentum, instruments: [BTCUSDT], bars: 1, vwap: bar}
                    - {id: x23, type: ema-cross, instruments: [BTCUSDT], fast: 2, slow: 3}
                    - {id: x25, type: ema-cross, instruments: [BTCUSDT], fast: 2, slow: 5}
                    - {id: x35, type: ema-cross, instruments: [BTCUSDT], fast: 3, slow: 5}
                decision-engine:%s
                  strategies:
                    - {id: fast, capital: 2000, orderFraction: 0.5, stopLossBps: 3}
                    - {id: x23, capital: 2000, orderFraction: 0.5, stopLossBps: 50}
                    - {id: x25, capital: 2000, orderFraction: 0.5, stopLossBps: 50}
                    - {id: x35, capital: 2000, orderFraction: 0.5, stopLossBps: 5}
                order-router:
                  venue: binance
                  binance: {baseUrl: "http://127.0.0.1:%d", wsApiUrl: "ws://127.0.0.1:%d/ws-api/v3",
                            recvWindowMs: 5000, pollIntervalMs: 250%s}
                """.formatted(queues, port, port, decisionExtra, slowAnswers.port(), port, binanceExtra));
        return config;
    }

    /**
     * Starts fake-binance over the capture at four times real time, then order-router ({@code --live}),
     * decision-engine, signal-generator and market-data on the config.
     *
     * @return when order-router was started, ms of the wall clock
     */
    private long startSystem(Path capture, Path config) throws IOException, InterruptedException {
        start("fake-binance", "io.aquatrade.fakebinance.FakeBinanceMain", "--port", Integer.toString(port),
                "--data", capture + ":BTCUSDT", "--speed", "4", "--balance", "USDT=10000", "--balance", "BTC=0");
        await(() -> state() != null, 60_000, "fake-binance serving");
        start("order-router", "io.aquatrade.router.OrderRouterMain", "--config", config.toString(), "--live");
        long routerStartedMs = System.currentTimeMillis();
        start("decision-engine", "io.aquatrade.decision.DecisionEngineMain", "--config", config.toString());
        start("signal-generator", "io.aquatrade.signal.SignalGeneratorMain", "--config", config.toString());
        start("market-data", "io.aquatrade.marketdata.MarketDataMain", "--config", config.toString());
        return routerStartedMs;
    }

    /**
     * The exchange's own account ({@code GET /fake/state}) as the oracle of the topics: no client order id sent more
     * than once, every exchange fill on {@code executions} exactly once with the exchange's numbers, and the router's
     * last balance of each asset equal to the exchange's.
     */
    private static void assertExchangeEqualsTopics(JsonNode state, Collected topics) {
        // no client order id sent twice: every request the exchange saw carried a new id
        Map<String, Integer> placements = new TreeMap<>();
        state.get("placements").fields().forEachRemaining(e -> placements.put(e.getKey(), e.getValue().asInt()));
        assertThat(placements).isNotEmpty();
        assertThat(placements).allSatisfy((id, n) -> assertThat(n).as("requests with client order id " + id)
                .isEqualTo(1));

        // every exchange fill on executions, once, with the exchange's numbers
        Map<String, JsonNode> exchangeFills = new TreeMap<>();
        state.get("fills").forEach(f -> exchangeFills.put("binance-" + f.get("id").asText(), f));
        Map<String, List<OrderFilled>> topicFills = new HashMap<>();
        topics.fills.forEach(f -> topicFills.computeIfAbsent(f.tradeId(), k -> new ArrayList<>()).add(f));
        assertThat(exchangeFills).isNotEmpty();
        assertThat(topicFills.keySet()).containsExactlyInAnyOrderElementsOf(exchangeFills.keySet());
        exchangeFills.forEach((tradeId, f) -> {
            assertThat(topicFills.get(tradeId)).as("fills of trade " + tradeId).hasSize(1);
            OrderFilled got = topicFills.get(tradeId).get(0);
            assertThat(got.fillPrice()).isEqualTo(mantissa(f.get("price").asText(), PRICE_SCALE));
            assertThat(got.fillQuantity()).isEqualTo(mantissa(f.get("qty").asText(), SIZE_SCALE));
            assertThat(got.fee()).isEqualTo(mantissa(f.get("commission").asText(), ASSET_DECIMALS));
            assertThat(got.feeAsset()).isEqualTo(f.get("commissionAsset").asText());
        });

        // the router's last balance of each asset is the exchange's
        Map<String, Long> routerBalances = new TreeMap<>();
        for (BalanceUpdate b : topics.balances) {
            routerBalances.put(b.asset(), b.total());
        }
        Map<String, Long> exchangeBalances = new TreeMap<>();
        state.get("balances").forEach(b -> exchangeBalances.put(b.get("asset").asText(),
                mantissa(new BigDecimal(b.get("free").asText()).add(new BigDecimal(b.get("locked").asText()))
                        .toPlainString(), ASSET_DECIMALS)));
        assertThat(routerBalances).isEqualTo(exchangeBalances);
    }

    /** One kill: the newest order then, how often the exchange had been asked to place it, and what was written. */
    private record Kill(String clientOrderId, int placedAtKill, int executionsAtKill) {
    }

    /** Follows the orders topic from the start; the newest order is kept. */
    private static final class OrderWatch {
        private final TopicReader<OrderListener> reader;
        private final Collected collected = new Collected();

        OrderWatch(QueueRoot root) {
            this.reader = root.reader(Topic.ORDERS, null);
        }

        private long lastPosition = -1;

        /** @return orders written so far */
        int poll() {
            while (reader.peek()) {
                if (reader.pending() instanceof SubmitOrder) {
                    lastPosition = reader.pendingPosition();
                }
                reader.dispatch(collected);
            }
            return collected.orders.size();
        }

        SubmitOrder last() {
            return collected.orders.get(collected.orders.size() - 1);
        }

        /**
         * @return the end of the client order id the binance venue sends for the last order:
         * {@code -<orders index, base 36>} (order-router's {@code ClientOrderIds}: {@code <strategy>-<queue id>-<index>})
         */
        String lastSentIdSuffix() {
            return "-" + Long.toUnsignedString(lastPosition, 36);
        }
    }

    /** The router's answers on {@code executions}, per client order id. */
    private static final class Answers implements ExecutionListener {
        private final Map<String, Integer> messages = new HashMap<>();
        private final Set<String> finished = new HashSet<>();

        static Answers read(QueueRoot root) {
            Answers a = new Answers();
            try (TopicReader<ExecutionListener> r = root.reader(Topic.EXECUTIONS, null)) {
                while (r.poll(a) > 0) {
                    // to the end
                }
            }
            return a;
        }

        int count(String clientOrderId) {
            return messages.getOrDefault(clientOrderId, 0);
        }

        boolean finished(String clientOrderId) {
            return finished.contains(clientOrderId);
        }

        private void seen(String clientOrderId, boolean last) {
            messages.merge(clientOrderId, 1, Integer::sum);
            if (last) {
                finished.add(clientOrderId);
            }
        }

        @Override
        public void orderAccepted(OrderAccepted accepted) {
            seen(accepted.clientOrderId(), false);
        }

        @Override
        public void orderRejected(OrderRejected rejected) {
            seen(rejected.clientOrderId(), true);
        }

        @Override
        public void orderFilled(OrderFilled filled) {
            seen(filled.clientOrderId(), filled.leavesQuantity() == 0);
        }

        @Override
        public void orderCanceled(OrderCanceled canceled) {
            seen(canceled.clientOrderId(), true);
        }

        @Override
        public void orderExpired(OrderExpired expired) {
            seen(expired.clientOrderId(), true);
        }

        @Override
        public void balanceUpdate(BalanceUpdate balance) {
        }

        @Override
        public void positionUpdate(PositionUpdate position) {
        }
    }

    /** @return every order on {@code orders} has a final answer (filled, rejected, expired, canceled) */
    private static boolean everyOrderFinished(QueueRoot root, int orders) {
        Collected c = new Collected();
        try (TopicReader<OrderListener> r = root.reader(Topic.ORDERS, null)) {
            while (r.poll(c) > 0) {
                // to the end
            }
        }
        Answers answers = Answers.read(root);
        return c.orders.size() >= orders && c.orders.stream().allMatch(o -> answers.finished(o.clientOrderId()));
    }

    private void start(String name, String mainClass, String... args) throws IOException {
        processes.put(name, Jvms.start(run, name, mainClass, Map.of("AQUATRADE_BINANCE_API_KEY", KEY,
                "AQUATRADE_BINANCE_API_SECRET", SECRET), args));
    }

    /** @return order requests the exchange has had with the client order id */
    /** @return requests the exchange saw with a client order id ending in {@code sentIdSuffix} */
    private int placed(String sentIdSuffix) {
        JsonNode state = state();
        int n = 0;
        if (state != null) {
            for (var it = state.get("placements").fields(); it.hasNext(); ) {
                var e = it.next();
                if (e.getKey().endsWith(sentIdSuffix)) {
                    n += e.getValue().asInt();
                }
            }
        }
        return n;
    }

    /**
     * A TCP relay from the router to the exchange that holds every chunk of the exchange's answers for a while, as a
     * slow network would: an order the exchange has taken stays unanswered at the router for that long.
     */
    private static final class SlowAnswers implements AutoCloseable {
        private final ServerSocket server;
        private final int exchangePort;
        private final long delayMs;
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();
        /** Every byte sent towards the exchange (the requests), one buffer per connection. */
        private final List<java.io.ByteArrayOutputStream> requests = new CopyOnWriteArrayList<>();

        SlowAnswers(int exchangePort, long delayMs) throws IOException {
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            this.exchangePort = exchangePort;
            this.delayMs = delayMs;
            Thread t = new Thread(this::accept, "slow-answers");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket router = server.accept();
                    Socket exchange = new Socket(InetAddress.getLoopbackAddress(), exchangePort);
                    sockets.add(router);
                    sockets.add(exchange);
                    relay(router, exchange, 0, true);
                    relay(exchange, router, delayMs, false);
                } catch (IOException e) {
                    return; // closed
                }
            }
        }

        private void relay(Socket from, Socket to, long holdMs, boolean record) {
            java.io.ByteArrayOutputStream sent = new java.io.ByteArrayOutputStream();
            if (record) {
                requests.add(sent);
            }
            Thread t = new Thread(() -> {
                byte[] buf = new byte[1 << 16];
                try {
                    InputStream in = from.getInputStream();
                    OutputStream out = to.getOutputStream();
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        if (holdMs > 0) {
                            Thread.sleep(holdMs);
                        }
                        if (record) {
                            synchronized (sent) {
                                sent.write(buf, 0, n);
                            }
                        }
                        out.write(buf, 0, n);
                        out.flush();
                    }
                } catch (IOException | InterruptedException e) {
                    // a side closed: close both
                } finally {
                    closeQuietly(from);
                    closeQuietly(to);
                }
            }, "slow-answers-relay");
            t.setDaemon(true);
            t.start();
        }

        /**
         * @return what was sent through the relay towards the exchange so far, one text per connection (ISO-8859-1):
         * an HTTP connection's bytes as they are; a WebSocket connection's upgrade request followed by the payloads
         * of its text frames, unmasked (a client masks every frame, RFC 6455 section 5.3), one line per message
         */
        List<String> requests() {
            List<String> texts = new ArrayList<>();
            for (java.io.ByteArrayOutputStream sent : requests) {
                byte[] bytes;
                synchronized (sent) {
                    bytes = sent.toByteArray();
                }
                String text = new String(bytes, StandardCharsets.ISO_8859_1);
                int headerEnd = text.indexOf("\r\n\r\n");
                boolean webSocket = text.regionMatches(true, 0, "GET ", 0, 4) && headerEnd > 0
                        && text.substring(0, headerEnd).toLowerCase(java.util.Locale.ROOT).contains("upgrade: websocket");
                texts.add(webSocket ? text.substring(0, headerEnd + 4) + webSocketTexts(bytes, headerEnd + 4) : text);
            }
            return texts;
        }

        /**
         * Reads a client's WebSocket frames (RFC 6455 section 5.2): the payloads of text and continuation frames,
         * unmasked; a compressed frame (RSV1 set) is kept as it is, so its text cannot hide a signature from a
         * test that requires one to be seen.
         */
        private static String webSocketTexts(byte[] b, int from) {
            StringBuilder out = new StringBuilder();
            int i = from;
            while (i + 2 <= b.length) {
                int b0 = b[i] & 0xff;
                int b1 = b[i + 1] & 0xff;
                i += 2;
                long len = b1 & 0x7f;
                if (len == 126) {
                    if (i + 2 > b.length) {
                        break;
                    }
                    len = ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
                    i += 2;
                } else if (len == 127) {
                    if (i + 8 > b.length) {
                        break;
                    }
                    len = 0;
                    for (int k = 0; k < 8; k++) {
                        len = (len << 8) | (b[i + k] & 0xff);
                    }
                    i += 8;
                }
                byte[] mask = null;
                if ((b1 & 0x80) != 0) {
                    if (i + 4 > b.length) {
                        break;
                    }
                    mask = java.util.Arrays.copyOfRange(b, i, i + 4);
                    i += 4;
                }
                if (i + len > b.length) {
                    break; // cut at the end of the capture
                }
                int opcode = b0 & 0x0f;
                if (opcode <= 1 && (b0 & 0x40) == 0) {
                    for (int k = 0; k < len; k++) {
                        out.append((char) ((b[i + k] ^ (mask == null ? 0 : mask[k & 3])) & 0xff));
                    }
                    if ((b0 & 0x80) != 0) {
                        out.append('\n');
                    }
                }
                i += (int) len;
            }
            return out.toString();
        }

        private static void closeQuietly(Socket s) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }

        @Override
        public void close() {
            try {
                server.close();
            } catch (IOException e) {
                // closing anyway
            }
            sockets.forEach(SlowAnswers::closeQuietly);
        }
    }

    /** @return the environment with the run's key and secret, as the processes get them */
    private static Map<String, String> credentials() {
        return Map.of("AQUATRADE_BINANCE_API_KEY", KEY, "AQUATRADE_BINANCE_API_SECRET", SECRET);
    }

    /**
     * Runs a tool (or a process meant to stop by itself) as its own JVM in the run's directory, its stdout and
     * stderr in {@code out/<name>.out|.err}, to its end.
     *
     * @return its exit code
     */
    private int runTool(String name, String mainClass, Map<String, String> env, String... args) throws Exception {
        Process p = Jvms.start(run, name, mainClass, env, args);
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(name + " did not end within 90 s");
        }
        return p.exitValue();
    }

    /** @return whether the stdout, stderr or log of the JVM of that name holds the text */
    private boolean outputsContain(String name, String text) throws IOException {
        for (Path f : List.of(run.resolve("out/" + name + ".out"), run.resolve("out/" + name + ".err"),
                run.resolve("logs/" + name + ".log"))) {
            if (Files.exists(f) && contains(f, text)) {
                return true;
            }
        }
        return false;
    }

    /** Sets a fault of the exchange ({@code POST /fake/fault}). */
    private void fault(String name, String value) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/fake/fault?name=" + name + "&value=" + value)).timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("fault " + name + ": " + r.body()).isEqualTo(200);
    }

    /**
     * What must never be in an output: fixed texts (key, secret, token), the signatures the exchange was sent, and
     * any {@code signature} parameter with a hex value (one the relay could not see, a WebSocket API request's).
     */
    private static final class Secrets {
        private static final java.util.regex.Pattern HEX_64 =
                java.util.regex.Pattern.compile("(?<![0-9a-fA-F])[0-9a-fA-F]{64}(?![0-9a-fA-F])");
        private static final java.util.regex.Pattern ANY_SIGNATURE =
                java.util.regex.Pattern.compile("(?i)signature[\\\\\"':= ]{1,6}[0-9a-f]{16,}");
        /** Bytes of a chunk read again with the next one: a text cut at a chunk's end is whole in the next. */
        private static final int OVERLAP = 256;
        private final List<String> texts;
        private final Set<String> signatures;

        Secrets(List<String> texts, Set<String> signatures) {
            this.texts = texts;
            this.signatures = signatures;
        }

        /** @return what of the secrets the text holds, named (the text itself is never repeated) */
        Set<String> find(String text) {
            Set<String> found = new java.util.TreeSet<>();
            for (int i = 0; i < texts.size(); i++) {
                if (text.contains(texts.get(i))) {
                    found.add(List.of("the key", "the wrong key", "the secret", "the Telegram token").get(i));
                }
            }
            java.util.regex.Matcher m = HEX_64.matcher(text);
            while (m.find()) {
                if (signatures.contains(m.group())) {
                    found.add("a signature the exchange was sent");
                }
            }
            if (ANY_SIGNATURE.matcher(text).find()) {
                found.add("a signature parameter");
            }
            return found;
        }

        /** @return what of the secrets the file's bytes hold, read in chunks as ISO-8859-1 text */
        Set<String> scan(Path file) throws IOException {
            Set<String> found = new java.util.TreeSet<>();
            byte[] buf = new byte[1 << 20];
            int carry = 0;
            try (InputStream in = Files.newInputStream(file)) {
                int n;
                while ((n = in.readNBytes(buf, carry, buf.length - carry)) > 0) {
                    int len = carry + n;
                    found.addAll(find(new String(buf, 0, len, StandardCharsets.ISO_8859_1)));
                    carry = Math.min(OVERLAP, len);
                    System.arraycopy(buf, len - carry, buf, 0, carry);
                }
            }
            return found;
        }
    }

    /** SIGTERM, as a supervisor stops a process: exit 143. No longer watched by {@link #await} once stopped. */
    private void stop(String name) throws InterruptedException {
        Process p = processes.remove(name);
        p.destroy();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as(name + " stopped").isTrue();
        assertThat(p.exitValue()).as(name + " exit code").isIn(0, 143);
    }

    /** @return the fake's state, or null while it does not answer */
    private JsonNode state() {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/fake/state")).timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Waits for the processes (real time: they are separate JVMs), failing if one died. */
    private void await(BooleanSupplier done, long timeoutMs, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (!done.getAsBoolean()) {
            processes.forEach((name, p) -> assertThat(p.isAlive()).as(name + " alive (exit code " + (p.isAlive()
                    ? "" : p.exitValue()) + "), waiting for " + what).isTrue());
            assertThat(System.currentTimeMillis()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(1); // a new order is seen within about a millisecond, while the router handles it
        }
    }

    private static long mantissa(String decimal, long scale) {
        return new BigDecimal(decimal).movePointRight((int) scale).longValueExact();
    }

    /** @return whether the file's bytes hold the text (ASCII), read in chunks */
    private static boolean contains(Path file, String text) throws IOException {
        byte[] needle = text.getBytes(StandardCharsets.US_ASCII);
        byte[] buf = new byte[1 << 20];
        int carry = 0;
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf, carry, buf.length - carry)) > 0) {
                int len = carry + n;
                outer:
                for (int i = 0; i + needle.length <= len; i++) {
                    for (int j = 0; j < needle.length; j++) {
                        if (buf[i + j] != needle[j]) {
                            continue outer;
                        }
                    }
                    return true;
                }
                carry = Math.min(needle.length - 1, len);
                System.arraycopy(buf, len - carry, buf, 0, carry);
            }
        }
        return false;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static Path sharedData() {
        String prop = System.getProperty("aquatrade.sharedData");
        return prop != null ? Path.of(prop) : SampleData.projectRoot().resolve("../shared/data").normalize();
    }
}
