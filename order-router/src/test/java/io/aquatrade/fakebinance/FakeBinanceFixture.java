package io.aquatrade.fakebinance;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.aquatrade.common.EpochClock;
import io.aquatrade.common.testing.SampleData;

/**
 * Test fixture of the order-router's binance venue tests: a {@link FakeBinanceServer} on a free port of 127.0.0.1
 * over the shared BTCUSDT capture of 2024-08-08, moved by hand ({@code --speed 0}), and the oracle's view of its
 * market (book ticker, recorded events). It lives in the fake's package to reach what the fake keeps package-private.
 */
public final class FakeBinanceFixture implements AutoCloseable {
    private static CaptureFile capture;

    private final FakeExchange exchange;
    private final FakeBinanceServer server;
    /** How far the fake's server clock was moved ahead of the machine's by {@link #elapseMs}, ns. */
    private final AtomicLong elapsedNs = new AtomicLong();

    /**
     * @param apiKey    the one key the fake accepts
     * @param apiSecret its secret
     * @param balances  starting free balances
     * @param rate      commission rate, a fraction of what is received
     */
    public FakeBinanceFixture(String apiKey, String apiSecret, Map<String, BigDecimal> balances, BigDecimal rate)
            throws IOException, InterruptedException {
        this(apiKey, apiSecret, balances, rate, false);
    }

    private FakeBinanceFixture(String apiKey, String apiSecret, Map<String, BigDecimal> balances, BigDecimal rate,
                               boolean withEthUsdt) throws IOException, InterruptedException {
        List<Market> markets = new java.util.ArrayList<>();
        markets.add(new Market("BTCUSDT", "BTC", "USDT", new BigDecimal("5"), capture().events()));
        if (withEthUsdt) {
            markets.add(new Market("ETHUSDT", "ETH", "USDT", new BigDecimal("5"), CaptureFile.read(
                    sharedData().resolve("streams/binance-spot/ethusdt_20240808.gz"), "ETHUSDT").events()));
        }
        EpochClock system = EpochClock.system();
        exchange = new FakeExchange(markets, balances, rate, () -> system.nowNs() + elapsedNs.get());
        server = new FakeBinanceServer(exchange, 0, apiKey, apiSecret);
    }

    /**
     * The fixture with a second market: ETHUSDT of the same day (the shared capture {@code ethusdt_20240808.gz})
     * beside BTCUSDT. Binance, and the fake, number orders per symbol: each symbol's first order is order 1.
     */
    public static FakeBinanceFixture withEthUsdt(String apiKey, String apiSecret, Map<String, BigDecimal> balances,
                                                 BigDecimal rate) throws IOException, InterruptedException {
        return new FakeBinanceFixture(apiKey, apiSecret, balances, rate, true);
    }

    private static Path sharedData() {
        String prop = System.getProperty("aquatrade.sharedData");
        return prop != null ? Path.of(prop) : SampleData.projectRoot().resolve("../shared/data").normalize();
    }

    /** @return the shared BTCUSDT capture of 2024-08-08 (read once), from {@code ../shared/data} */
    public static synchronized CaptureFile capture() throws IOException {
        if (capture == null) {
            capture = CaptureFile.read(sharedData().resolve("streams/binance-spot/btcusdt_20240808.gz"), "BTCUSDT");
        }
        return capture;
    }

    /**
     * Moves the fake's server clock ahead (its back-offs and bans end by it), as if that time had passed.
     *
     * @param ms how far, ms
     */
    public void elapseMs(long ms) {
        elapsedNs.addAndGet(ms * 1_000_000L);
    }

    /**
     * Sets a fault, as {@code POST /fake/fault?name=NAME&value=VALUE} does.
     *
     * @param name  the fault's name
     * @param value its value
     */
    public void fault(String name, String value) {
        server.fault(name, value);
    }

    /** @return the fake's REST faults (request counters, back-off state) */
    public RestFaults restFaults() {
        return server.restFaults();
    }

    /** @return the REST root, {@code http://127.0.0.1:PORT} */
    public String restUri() {
        return server.restUri();
    }

    /** @return the WebSocket API's address, {@code ws://127.0.0.1:PORT/ws-api/v3} */
    public String wsApiUri() {
        return server.wsApiUri();
    }

    /** @return user data subscriptions open at the fake now */
    public int streamSubscribers() {
        return server.wsApiSubscribers();
    }

    /** Serves the {@code /sapi} endpoints or not (not: as Binance's spot testnet, {@code --testnet}). */
    public void servesSapi(boolean served) {
        server.servesSapi(served);
    }

    /**
     * Lets the matching engine take now every placement the {@code lateMatchMs} fault holds, due or not.
     *
     * @return placements taken
     */
    public int matchLateNow() {
        return server.placeLateMatches(true);
    }

    /**
     * Self-trade prevention on an open BTCUSDT order, reported with {@code x=TRADE_PREVENTION}: with {@code expire}
     * it ends {@code EXPIRED_IN_MATCH}; without (DECREMENT), it keeps working.
     */
    public void preventSelfTrade(String clientOrderId, boolean expire) {
        exchange.preventSelfTrade("BTCUSDT", clientOrderId, expire);
    }

    /** Gives the account's key withdrawal permission ({@code canWithdraw: true}), or takes it away. */
    public void canWithdraw(boolean allowed) {
        server.canWithdraw(allowed);
    }

    /** @return the Binance order id of the latest order with this client order id, or -1 */
    public long orderIdOf(String clientOrderId) {
        return exchange.allOrders().stream().filter(o -> clientOrderId.equals(o.clientOrderId))
                .reduce((a, b) -> b).map(o -> o.orderId).orElse(-1L);
    }

    /** @return the book ticker in force */
    public MarketEvent.Quote book() {
        synchronized (exchange) {
            return market().book;
        }
    }

    /** @return the last recorded trade's price */
    public BigDecimal lastTradePrice() {
        synchronized (exchange) {
            return market().lastTradePrice;
        }
    }

    /** @return index of the next recorded event to replay */
    public int cursor() {
        synchronized (exchange) {
            return market().cursor;
        }
    }

    /** @return the recorded events */
    public List<MarketEvent> events() {
        return market().events;
    }

    /** Replays the next {@code n} recorded events. */
    public void advance(int n) {
        exchange.advanceEvents(n);
    }

    /** @return how many orders the exchange ever took with this client order id */
    public long ordersWithClientId(String clientOrderId) {
        return exchange.allOrders().stream().filter(o -> clientOrderId.equals(o.clientOrderId)).count();
    }

    /**
     * @return how many order requests (placements and cancel-replaces) carried each {@code newClientOrderId},
     * refused ones included
     */
    public Map<String, Integer> placements() {
        return exchange.placements();
    }

    /** @return the client order id of every order the exchange ever took, in the order it took them */
    public List<String> clientOrderIds() {
        return exchange.allOrders().stream().map(o -> o.clientOrderId).toList();
    }

    /** @return the order type Binance recorded for the client order id (the latest such order) */
    public String typeOf(String clientOrderId) {
        return exchange.allOrders().stream().filter(o -> clientOrderId.equals(o.clientOrderId))
                .reduce((a, b) -> b).map(o -> o.type).orElse(null);
    }

    /** @return the status Binance shows for the client order id (the latest such order) */
    public String statusOf(String clientOrderId) {
        return exchange.allOrders().stream().filter(o -> clientOrderId.equals(o.clientOrderId))
                .reduce((a, b) -> b).map(o -> o.status).orElse(null);
    }

    /** @return free and locked balance per asset */
    public Map<String, BigDecimal[]> balances() {
        return exchange.balances();
    }

    /** A deposit (positive) or withdrawal (negative) of an asset, outside trading. */
    public void adjustBalance(String asset, BigDecimal delta) {
        exchange.adjustBalance(asset, delta);
    }

    /** @return every fill, as myTrades shows them */
    public List<Fill> fills() {
        return exchange.fills();
    }

    /**
     * Counts, after every request the fake handles (the states a client can see), the open stop orders
     * (STOP_LOSS, STOP_LOSS_LIMIT) of the given side, and keeps each count.
     *
     * @return the counts, appended as requests are handled (a synchronized list)
     */
    public List<Integer> watchOpenStops(String side) {
        List<Integer> counts = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        server.afterRequest(() -> counts.add((int) exchange.openOrders(null).stream()
                .filter(o -> o.type.startsWith("STOP_LOSS") && o.side.equals(side)).count()));
        return counts;
    }

    /** @return the open stop orders (STOP_LOSS, STOP_LOSS_LIMIT): client order id, type, side, quantity, stop price */
    public List<String> openStops() {
        return exchange.openOrders(null).stream().filter(o -> o.type.startsWith("STOP_LOSS"))
                .map(o -> o.clientOrderId + " " + o.type + " " + o.side + " " + o.origQty.stripTrailingZeros()
                        .toPlainString() + " @ " + o.stopPrice.stripTrailingZeros().toPlainString())
                .toList();
    }

    /**
     * Places an order at the exchange as a user would by hand, outside the router.
     *
     * @param params the parameters of {@code POST /api/v3/order}
     */
    public void placeByHand(Map<String, String> params) {
        exchange.newOrder(params);
    }

    /** Binance's "pay fees with BNB" from now on, at these BNB prices per quote asset. */
    public void payFeesWithBnb(Map<String, BigDecimal> bnbPriceByQuote) {
        exchange.payFeesWithBnb(bnbPriceByQuote);
    }

    private Market market() {
        return exchange.markets().get(0);
    }

    @Override
    public void close() {
        server.close();
    }
}
