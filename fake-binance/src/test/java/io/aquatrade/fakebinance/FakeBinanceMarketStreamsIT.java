package io.aquatrade.fakebinance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aquatrade.common.testing.SampleData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The public market streams of the fake over the shared BTCUSDT and ETHUSDT captures of 2024-08-08, read by the
 * JDK's websocket client: a combined stream (its path URL-encoded, as XChange sends it) and a raw one. The expected
 * messages are built here from the capture's own events after the exchange opened, with the hand-set server clock
 * as event and trade time.
 */
class FakeBinanceMarketStreamsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long CLOCK_MS = 1_780_000_000_000L;
    private static CaptureFile btc;
    private static CaptureFile eth;

    private final AtomicLong nowMs = new AtomicLong(CLOCK_MS);
    private FakeExchange exchange;
    private FakeBinanceServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<WebSocket> sockets = new ArrayList<>();

    @BeforeAll
    static void readCaptures() throws IOException {
        String prop = System.getProperty("aquatrade.sharedData");
        Path data = prop != null ? Path.of(prop) : SampleData.projectRoot().resolve("../shared/data").normalize();
        btc = CaptureFile.read(data.resolve("streams/binance-spot/btcusdt_20240808.gz"), "BTCUSDT");
        eth = CaptureFile.read(data.resolve("streams/binance-spot/ethusdt_20240808.gz"), "ETHUSDT");
    }

    @BeforeEach
    void start() throws InterruptedException {
        exchange = new FakeExchange(List.of(
                new Market("BTCUSDT", "BTC", "USDT", new BigDecimal("5"), btc.events()),
                new Market("ETHUSDT", "ETH", "USDT", new BigDecimal("5"), eth.events())),
                Map.of("USDT", new BigDecimal("1000")), new BigDecimal("0.001"), () -> nowMs.get() * 1_000_000L);
        server = new FakeBinanceServer(exchange, 0, "k", "s");
    }

    @AfterEach
    void stop() {
        sockets.forEach(WebSocket::abort);
        server.close();
    }

    @Test
    void combinedAndRawStreamsCarryTheRecordedEventsAsTheMarketMovesStampedWithTheServerClock() throws Exception {
        Market btcMarket = exchange.markets().get(0);
        Market ethMarket = exchange.markets().get(1);
        int btcFrom = btcMarket.cursor;
        int ethFrom = ethMarket.cursor;
        List<String> combined = open(server.streamUri() + "stream?streams=" + URLEncoder.encode(
                "btcusdt@trade/btcusdt@bookTicker/ethusdt@trade", StandardCharsets.UTF_8));
        List<String> raw = open(server.streamUri() + "ws/ethusdt@bookTicker");
        await(() -> server.marketStreamConnections() == 2);

        nowMs.set(CLOCK_MS + 1234);
        assertThat(exchange.advanceEvents(600)).isEqualTo(600);
        nowMs.set(CLOCK_MS + 5678);
        assertThat(exchange.advanceEvents(400)).isEqualTo(400);

        // the oracle: the capture's events after the opening, merged by receive time as the replay merges them
        List<String> expectedCombined = new ArrayList<>();
        List<String> expectedRaw = new ArrayList<>();
        int b = btcFrom;
        int e = ethFrom;
        long btcBook = 0; // update ids count the book tickers replayed after the opening
        long ethBook = 0;
        for (int n = 0; n < 1000; n++) {
            // ties go to the first symbol given, as the replay's merge does
            boolean fromBtc = btc.events().get(b).marketTimeMs() <= eth.events().get(e).marketTimeMs();
            long stampMs = n < 600 ? CLOCK_MS + 1234 : CLOCK_MS + 5678;
            MarketEvent ev = fromBtc ? btc.events().get(b++) : eth.events().get(e++);
            String symbol = fromBtc ? "BTCUSDT" : "ETHUSDT";
            String lower = symbol.toLowerCase();
            if (ev.trade() != null) {
                MarketEvent.Trade t = ev.trade();
                String data = "{\"e\":\"trade\",\"E\":" + stampMs + ",\"s\":\"" + symbol + "\",\"t\":" + t.tradeId()
                        + ",\"p\":\"" + t.price().toPlainString() + "\",\"q\":\"" + t.quantity().toPlainString()
                        + "\",\"T\":" + stampMs + ",\"m\":" + t.buyerMaker() + ",\"M\":true}";
                expectedCombined.add("{\"stream\":\"" + lower + "@trade\",\"data\":" + data + "}");
            } else {
                long u = fromBtc ? ++btcBook : ++ethBook;
                MarketEvent.Quote q = ev.quote();
                String data = "{\"u\":" + u + ",\"s\":\"" + symbol + "\",\"b\":\"" + q.bid().toPlainString()
                        + "\",\"B\":\"" + q.bidQuantity().toPlainString() + "\",\"a\":\"" + q.ask().toPlainString()
                        + "\",\"A\":\"" + q.askQuantity().toPlainString() + "\"}";
                if (fromBtc) {
                    expectedCombined.add("{\"stream\":\"" + lower + "@bookTicker\",\"data\":" + data + "}");
                } else {
                    expectedRaw.add(data);
                }
            }
        }
        assertThat(expectedCombined).hasSizeGreaterThan(100);
        assertThat(expectedRaw).hasSizeGreaterThan(10);
        await(() -> combined.size() >= expectedCombined.size() && raw.size() >= expectedRaw.size());
        assertThat(combined).containsExactlyElementsOf(expectedCombined);
        assertThat(raw).containsExactlyElementsOf(expectedRaw);
        // the recorded prices are kept as Binance writes them, 8 decimals
        JsonNode first = JSON.readTree(combined.get(0));
        assertThat(first.get("data").get(first.get("data").has("p") ? "p" : "b").asText()).matches("\\d+\\.\\d{8}");
    }

    @Test
    void liveSubscribeAddsAStreamAndListSubscriptionsAnswersAsBinance() throws Exception {
        List<String> got = open(server.streamUri() + "stream?streams=btcusdt%40trade");
        await(() -> server.marketStreamConnections() == 1);
        sockets.get(0).sendText("{\"method\":\"SUBSCRIBE\",\"params\":[\"ethusdt@trade\"],\"id\":7}", true).get();
        await(() -> got.size() == 1);
        assertThat(got.get(0)).isEqualTo("{\"result\":null,\"id\":7}");
        sockets.get(0).sendText("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":8}", true).get();
        await(() -> got.size() == 2);
        assertThat(JSON.readTree(got.get(1)).get("result").toString())
                .isEqualTo("[\"btcusdt@trade\",\"ethusdt@trade\"]");
        exchange.advanceEvents(2000);
        await(() -> got.stream().anyMatch(m -> m.startsWith("{\"stream\":\"ethusdt@trade\"")));
        List<String> pushed = List.copyOf(got); // a snapshot: frames may still be arriving
        assertThat(pushed.subList(2, pushed.size())).allMatch(m -> m.startsWith("{\"stream\":\"btcusdt@trade\"")
                || m.startsWith("{\"stream\":\"ethusdt@trade\""));
    }

    private List<String> open(String uri) throws Exception {
        List<String> got = new CopyOnWriteArrayList<>();
        WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(uri), new WebSocket.Listener() {
            private final StringBuilder part = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                part.append(data);
                if (last) {
                    got.add(part.toString());
                    part.setLength(0);
                }
                webSocket.request(1);
                return null;
            }
        }).get(10, TimeUnit.SECONDS);
        sockets.add(ws);
        return got;
    }

    /** Waits for something the server's I/O thread does, up to 10 s. */
    private static void await(BooleanSupplier done) throws InterruptedException {
        for (int i = 0; i < 1000 && !done.getAsBoolean(); i++) {
            Thread.sleep(10);
        }
        assertThat(done.getAsBoolean()).as("done within 10 s").isTrue();
    }
}
