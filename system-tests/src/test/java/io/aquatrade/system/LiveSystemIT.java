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
 * holds the API secret or the key.
 */
class LiveSystemIT {
    private static final String KEY = "live-system-key-3c9f70a1e2";
    private static final String SECRET = "live-system-secret-8d41b6f03a97";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int KILLS = 4;
    /** the router runs at least this long before it is killed: started, its venue connected, trading */
    private static final long RUN_BEFORE_KILL_MS = 6_000;
    /** the exchange's answers reach the router this much later (a slow network): orders stay in flight that long */
    private static final long ANSWER_DELAY_MS = 300;
    private static final long PRICE_SCALE = 2;
    private static final long SIZE_SCALE = 5;
    private static final int ASSET_DECIMALS = 8;

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
        Path config = run.resolve("live.yaml");
        Files.writeString(config, """
                runtime:
                  queueDir: %s
                  sequencing: arrival
                  poisonMessage: {deadLetterDir: var/dead-letter}
                  killSwitchFile: var/KILL_SWITCH
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
                decision-engine:
                  strategies:
                    - {id: fast, capital: 2000, orderFraction: 0.5, stopLossBps: 3}
                    - {id: x23, capital: 2000, orderFraction: 0.5, stopLossBps: 50}
                    - {id: x25, capital: 2000, orderFraction: 0.5, stopLossBps: 50}
                    - {id: x35, capital: 2000, orderFraction: 0.5, stopLossBps: 5}
                order-router:
                  venue: binance
                  binance: {baseUrl: "http://127.0.0.1:%d", wsApiUrl: "ws://127.0.0.1:%d/ws-api/v3",
                            recvWindowMs: 5000, pollIntervalMs: 250}
                """.formatted(queues, port, port, slowAnswers.port(), port));

        start("fake-binance", "io.aquatrade.fakebinance.FakeBinanceMain", "--port", Integer.toString(port),
                "--data", capture + ":BTCUSDT", "--speed", "4", "--balance", "USDT=10000", "--balance", "BTC=0");
        await(() -> state() != null, 60_000, "fake-binance serving");
        start("order-router", "io.aquatrade.router.OrderRouterMain", "--config", config.toString(), "--live");
        long routerStartedMs = System.currentTimeMillis();
        start("decision-engine", "io.aquatrade.decision.DecisionEngineMain", "--config", config.toString());
        start("signal-generator", "io.aquatrade.signal.SignalGeneratorMain", "--config", config.toString());
        start("market-data", "io.aquatrade.marketdata.MarketDataMain", "--config", config.toString());

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
                    relay(router, exchange, 0);
                    relay(exchange, router, delayMs);
                } catch (IOException e) {
                    return; // closed
                }
            }
        }

        private void relay(Socket from, Socket to, long holdMs) {
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

    /** SIGTERM, as a supervisor stops a process: exit 143. */
    private void stop(String name) throws InterruptedException {
        Process p = processes.get(name);
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
