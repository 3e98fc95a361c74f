package io.aquatrade.fakebinance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aquatrade.common.EpochClock;
import io.aquatrade.common.testing.SampleData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fake's WebSocket API seen by another client than ours: the JDK's {@link WebSocket}, with the signature worked
 * out here as Binance's docs say (HMAC-SHA256 of the params sorted by name). On the recorded BTCUSDT capture of
 * 2024-08-08, moved by hand.
 */
class WsApiHandlerIT {
    private final EpochClock clock = EpochClock.system();
    private static final String KEY = "ws-key";
    private static final String SECRET = "ws-secret-1f2e3d";
    private static final ObjectMapper JSON = new ObjectMapper();
    private FakeExchange exchange;
    private FakeBinanceServer server;
    private WebSocket socket;
    private final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<String> pongs = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() throws Exception {
        String prop = System.getProperty("aquatrade.sharedData");
        Path data = prop != null ? Path.of(prop) : SampleData.projectRoot().resolve("../shared/data").normalize();
        CaptureFile capture = CaptureFile.read(data.resolve("streams/binance-spot/btcusdt_20240808.gz"), "BTCUSDT");
        exchange = new FakeExchange(List.of(new Market("BTCUSDT", "BTC", "USDT", new BigDecimal("5"),
                capture.events())), Map.of("USDT", new BigDecimal("100000"), "BTC", BigDecimal.ONE),
                new BigDecimal("0.001"), clock);
        server = new FakeBinanceServer(exchange, 0, KEY, SECRET);
        socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(server.wsApiUri()), new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            received.add(text.toString());
                            text.setLength(0);
                        }
                        ws.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
                        pongs.add(StandardCharsets.UTF_8.decode(message).toString());
                        ws.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() {
        socket.abort();
        server.close();
    }

    private JsonNode call(String request) throws Exception {
        socket.sendText(request, true).get(10, TimeUnit.SECONDS);
        return next();
    }

    private JsonNode next() throws Exception {
        String text = received.poll(10, TimeUnit.SECONDS);
        assertThat(text).as("a message within 10 s").isNotNull();
        return JSON.readTree(text);
    }

    private static String sign(String secret, String payload) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
    }

    private String subscribe(String key, String secret, long timestamp) throws Exception {
        String signature = sign(secret, "apiKey=" + key + "&timestamp=" + timestamp);
        return "{\"id\":\"s1\",\"method\":\"userDataStream.subscribe.signature\",\"params\":{\"apiKey\":\"" + key
                + "\",\"timestamp\":" + timestamp + ",\"signature\":\"" + signature + "\"}}";
    }

    @Test
    void pingTimeAndPongFrames() throws Exception {
        JsonNode ping = call("{\"id\":7,\"method\":\"ping\"}");
        assertThat(ping.get("id").asInt()).isEqualTo(7);
        assertThat(ping.get("status").asInt()).isEqualTo(200);
        assertThat(ping.get("result").size()).isZero();
        long before = clock.nowNs() / 1_000_000L; // the fake's own clock: EpochClock.system() may differ from
        // System.currentTimeMillis() by a millisecond or two (nanoTime anchored once)
        JsonNode time = call("{\"id\":\"t\",\"method\":\"time\"}");
        assertThat(time.at("/result/serverTime").asLong()).isBetween(before, clock.nowNs() / 1_000_000L);
        socket.sendPing(ByteBuffer.wrap("hi".getBytes(StandardCharsets.UTF_8))).get(10, TimeUnit.SECONDS);
        assertThat(pongs.poll(10, TimeUnit.SECONDS)).isEqualTo("hi");
    }

    @Test
    void aSubscriptionIsRefusedForAWrongSignatureKeyOrTimestamp() throws Exception {
        long now = System.currentTimeMillis();
        JsonNode wrongSecret = call(subscribe(KEY, "not-the-secret", now));
        assertThat(wrongSecret.get("status").asInt()).isEqualTo(400);
        assertThat(wrongSecret.at("/error/code").asInt()).isEqualTo(-1022);
        JsonNode wrongKey = call(subscribe("other-key", SECRET, now));
        assertThat(wrongKey.get("status").asInt()).isEqualTo(401);
        assertThat(wrongKey.at("/error/code").asInt()).isEqualTo(-2015);
        JsonNode stale = call(subscribe(KEY, SECRET, now - 60_000));
        assertThat(stale.at("/error/code").asInt()).isEqualTo(-1021);
        assertThat(server.wsApiSubscribers()).isZero();
    }

    @Test
    void aMarketOrderIsReportedWithBinancesFieldsAndThenTheAccountPosition() throws Exception {
        JsonNode ok = call(subscribe(KEY, SECRET, System.currentTimeMillis()));
        assertThat(ok.get("status").asInt()).isEqualTo(200);
        assertThat(ok.at("/result/subscriptionId").asInt()).isZero();
        MarketEvent.Quote book = exchange.markets().get(0).book;
        Map<String, String> p = new HashMap<>(Map.of("symbol", "BTCUSDT", "side", "BUY", "type", "MARKET",
                "quantity", "0.001", "newClientOrderId", "x-1"));
        FakeExchange.Placed placed = exchange.newOrder(p);

        JsonNode neu = next();
        assertThat(neu.get("subscriptionId").asInt()).isZero();
        assertThat(neu.at("/event/e").asText()).isEqualTo("executionReport");
        assertThat(neu.at("/event/x").asText()).isEqualTo("NEW");
        assertThat(neu.at("/event/c").asText()).isEqualTo("x-1");
        assertThat(neu.at("/event/t").asLong()).isEqualTo(-1);
        assertThat(next().at("/event/e").asText()).isEqualTo("outboundAccountPosition");
        JsonNode trade = next().get("event");
        assertThat(trade.get("x").asText()).isEqualTo("TRADE");
        assertThat(trade.get("X").asText()).isEqualTo("FILLED");
        assertThat(trade.get("i").asLong()).isEqualTo(placed.order().orderId);
        assertThat(trade.get("t").asLong()).isEqualTo(placed.fills().get(0).id());
        assertThat(new BigDecimal(trade.get("L").asText())).isEqualByComparingTo(book.ask());
        assertThat(new BigDecimal(trade.get("l").asText())).isEqualByComparingTo("0.001");
        assertThat(new BigDecimal(trade.get("z").asText())).isEqualByComparingTo("0.001");
        assertThat(new BigDecimal(trade.get("q").asText())).isEqualByComparingTo("0.001");
        assertThat(new BigDecimal(trade.get("n").asText())).isEqualByComparingTo("0.000001"); // 0.1 % of 0.001 BTC
        assertThat(trade.get("N").asText()).isEqualTo("BTC");
        assertThat(trade.get("m").asBoolean()).isFalse();
        assertThat(new BigDecimal(trade.get("Z").asText())).isEqualByComparingTo(book.ask()
                .multiply(new BigDecimal("0.001")));
        JsonNode position = next().get("event");
        assertThat(position.get("e").asText()).isEqualTo("outboundAccountPosition");
        assertThat(position.get("B")).extracting(b -> b.get("a").asText()).containsExactly("BTC", "USDT");
        assertThat(new BigDecimal(position.get("B").get(0).get("f").asText()))
                .isEqualByComparingTo("1.000999"); // 1 + 0.001 - 0.000001
    }

    @Test
    void faultsAreSetOverHttpAndAnUnknownOneNamesTheKnown() throws Exception {
        JsonNode ok = call(subscribe(KEY, SECRET, System.currentTimeMillis()));
        assertThat(ok.get("status").asInt()).isEqualTo(200);
        HttpResponse<String> unknown = fault("noSuchFault", "1");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("dropSocket").contains("silentStream");
        assertThat(fault("silentStream", "x").statusCode()).isEqualTo(400);

        assertThat(fault("duplicateReports", "1").statusCode()).isEqualTo(200);
        exchange.newOrder(new HashMap<>(Map.of("symbol", "BTCUSDT", "side", "BUY", "type", "LIMIT",
                "timeInForce", "GTC", "quantity", "0.001", "price", "10000.00", "newClientOrderId", "x-2")));
        JsonNode first = next();
        JsonNode second = next();
        assertThat(second).isEqualTo(first);
        assertThat(next().at("/event/e").asText()).isEqualTo("outboundAccountPosition");

        assertThat(fault("silentStream", "3600").statusCode()).isEqualTo(200);
        exchange.cancelAll("BTCUSDT"); // lost in the silence
        assertThat(fault("silentStream", "0").statusCode()).isEqualTo(200);
        JsonNode pong = call("{\"id\":\"after\",\"method\":\"ping\"}");
        assertThat(pong.get("id").asText()).isEqualTo("after"); // the cancel's report never came

        assertThat(fault("terminateStream", null).statusCode()).isEqualTo(200);
        JsonNode terminated = next();
        assertThat(terminated.at("/event/e").asText()).isEqualTo("eventStreamTerminated");
        assertThat(terminated.get("subscriptionId").asInt()).isEqualTo(ok.at("/result/subscriptionId").asInt());
        assertThat(server.wsApiSubscribers()).isZero(); // the socket stays open, unsubscribed
        exchange.newOrder(new HashMap<>(Map.of("symbol", "BTCUSDT", "side", "BUY", "type", "LIMIT",
                "timeInForce", "GTC", "quantity", "0.001", "price", "10000.00", "newClientOrderId", "x-3")));
        assertThat(call("{\"id\":\"open\",\"method\":\"ping\"}").get("id").asText())
                .isEqualTo("open"); // answered, and no report of x-3 came before it
        assertThat(call(subscribe(KEY, SECRET, System.currentTimeMillis())).get("status").asInt()).isEqualTo(200);
        assertThat(server.wsApiSubscribers()).isEqualTo(1);

        assertThat(fault("dropSocket", null).statusCode()).isEqualTo(200);
        assertThat(server.wsApiSubscribers()).isZero();
    }

    private HttpResponse<String> fault(String name, String value) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.restUri()
                + "/fake/fault?name=" + name + (value == null ? "" : "&value=" + value)))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
