package io.aquatrade.fakebinance;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import io.aquatrade.common.EpochClock;
import io.aquatrade.common.testing.SampleData;

/**
 * fake-binance in-process over the shared BTCUSDT capture of 2024-08-08, moved by hand, for the system tests of
 * stop replacement: after every request it handles (the states a client can see) it notes the open sell stops and
 * the account's whole BTC. It lives in the fake's package to reach what the fake keeps package-private.
 */
public final class StopWatchFixture implements AutoCloseable {
    /** One state between requests: the open sell stops (client order ids) and BTC free + locked. */
    public record Seen(List<String> sellStops, BigDecimal btc) {
    }

    private final FakeExchange exchange;
    private final FakeBinanceServer server;
    private final Market market;
    private final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());

    /**
     * @param apiKey    the one key the fake accepts
     * @param apiSecret its secret
     * @param balances  starting free balances
     * @param rate      commission rate, a fraction of what is received
     */
    public StopWatchFixture(String apiKey, String apiSecret, Map<String, BigDecimal> balances, BigDecimal rate)
            throws IOException, InterruptedException {
        String prop = System.getProperty("aquatrade.sharedData");
        Path data = prop != null ? Path.of(prop) : SampleData.projectRoot().resolve("../shared/data").normalize();
        CaptureFile capture = CaptureFile.read(data.resolve("streams/binance-spot/btcusdt_20240808.gz"), "BTCUSDT");
        market = new Market("BTCUSDT", "BTC", "USDT", new BigDecimal("5"), capture.events());
        exchange = new FakeExchange(List.of(market), balances, rate, EpochClock.system());
        server = new FakeBinanceServer(exchange, 0, apiKey, apiSecret);
        server.afterRequest(() -> {
            List<String> stops = exchange.openOrders(null).stream()
                    .filter(o -> o.type.startsWith("STOP_LOSS") && o.side.equals("SELL"))
                    .map(o -> o.clientOrderId).toList();
            BigDecimal[] btc = exchange.balances().getOrDefault("BTC", new BigDecimal[] {BigDecimal.ZERO,
                    BigDecimal.ZERO});
            seen.add(new Seen(stops, btc[0].add(btc[1])));
        });
    }

    /** @return the REST root, {@code http://127.0.0.1:PORT} */
    public String restUri() {
        return server.restUri();
    }

    /** @return the recorded events */
    public List<MarketEvent> events() {
        return market.events;
    }

    /** @return index of the next recorded event to replay */
    public int cursor() {
        synchronized (exchange) {
            return market.cursor;
        }
    }

    /** Replays the next {@code n} recorded events. */
    public void advance(int n) {
        exchange.advanceEvents(n);
    }

    /** @return the states seen after each request so far (a copy) */
    public List<Seen> seen() {
        synchronized (seen) {
            return new ArrayList<>(seen);
        }
    }

    /** @return the order type and status Binance shows for the client order id, e.g. "STOP_LOSS FILLED" */
    public String describe(String clientOrderId) {
        return exchange.allOrders().stream().filter(o -> clientOrderId.equals(o.clientOrderId))
                .reduce((a, b) -> b).map(o -> o.type + " " + o.status).orElse(null);
    }

    /** @return every fill, as myTrades shows them */
    public List<Fill> fills() {
        return exchange.fills();
    }

    @Override
    public void close() {
        server.close();
    }
}
