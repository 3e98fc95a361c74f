package io.aquatrade.fakebinance;

import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of the fake exchange, on Netty, bound to 127.0.0.1. Serves the Binance spot REST endpoints that
 * XChange 5.2.4's Binance client calls ({@code /api/v3/ping, time, exchangeInfo, avgPrice, account, order (POST, GET,
 * DELETE), order/test, openOrders (GET, DELETE), myTrades}, {@code POST /api/v3/order/cancelReplace}
 * ({@link CancelReplace}), {@code /sapi/v1/asset/assetDetail}, none of {@code /sapi} with {@link #servesSapi}
 * false, as Binance's spot testnet) and the fake's own {@code GET /fake/state}
 * and {@code POST /fake/advance}; faults are set by {@code POST /fake/fault?name=N&value=V} (REST faults in
 * {@link RestFaults}); on the same port, Binance's WebSocket API user data stream at {@code /ws-api/v3}
 * ({@link WsApiHandler}, faults in {@link StreamFaults}) and the public market streams ({@link MarketStreams}).
 *
 * <p>Signed endpoints are checked as Binance checks them
 * (<a href="https://developers.binance.com/docs/binance-spot-api-docs/rest-api/request-security">request
 * security</a>): header {@code X-MBX-APIKEY} (missing: 401 -2014; another key: 401 -2015); {@code signature} =
 * hex HMAC-SHA256 with the secret of the query string without the signature, followed directly by the request body
 * (wrong or missing: 400 -1022 / -1102); {@code timestamp} within {@code recvWindow} (default 5000, at most
 * 60000 ms, else -1131) before the server's time and less than 1000 ms after it (else 400 -1021).
 * Every {@code /api} and {@code /sapi} answer carries {@code X-MBX-USED-WEIGHT-1M} (request weight of the current
 * clock minute, with Binance's weights of 2026: account 20, myTrades 20, exchangeInfo 20, GET order 4,
 * openOrders 6 with a symbol or 80 without, others 1); order placements also carry {@code X-MBX-ORDER-COUNT-10S}
 * and {@code X-MBX-ORDER-COUNT-1D}. Beyond 6000 weight in a minute the answer is 429 -1003 with
 * {@code Retry-After}, as Binance's.
 *
 * <p>The market moves only when told: {@code POST /fake/advance?events=N} or {@code ?toMs=T} (receive time, epoch
 * ms), or by {@link #startPacing(double)}, which replays the recording at a multiple of the server clock's pace.
 */
public final class FakeBinanceServer implements AutoCloseable {
    /** A {@code signature} parameter's value in a query: what {@link #withoutSignature} masks. */
    private static final java.util.regex.Pattern SIGNATURE_VALUE =
            java.util.regex.Pattern.compile("([?&]signature=)[^&#]*");
    private static final Logger LOG = LoggerFactory.getLogger(FakeBinanceServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** REQUEST_WEIGHT per minute, as exchangeInfo lists it */
    static final int WEIGHT_LIMIT_1M = 6000;

    private final FakeExchange exchange;
    private final RestFaults faults;
    private final String apiKey;
    private final RequestSecurity security;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel server;
    private long weightMinute = -1;
    private int usedWeight;
    private long orderSecond10 = -1;
    private int orders10s;
    private long orderDay = -1;
    private int orders1d;
    private ScheduledFuture<?> pacer;
    private final StreamFaults streamFaults = new StreamFaults();
    private final WsApiHandler wsApi;
    /** Run after every request is handled, inside the exchange's lock (tests observe the state between requests). */
    private volatile Runnable afterRequest = () -> { };
    /** what {@code GET /api/v3/account} says of {@code canWithdraw}: a key with withdrawal permission when true */
    private volatile boolean canWithdraw;
    private final MarketStreams marketStreams;
    /** false: no {@code /sapi} endpoint is served (404), as on Binance's spot testnet, which has only {@code /api} */
    private volatile boolean servesSapi = true;

    /**
     * Starts serving.
     *
     * @param exchange  the exchange
     * @param port      TCP port on 127.0.0.1, 0 for any free one
     * @param apiKey    the one API key accepted
     * @param apiSecret its secret, the HMAC key
     * @throws InterruptedException if interrupted while binding
     */
    public FakeBinanceServer(FakeExchange exchange, int port, String apiKey, String apiSecret)
            throws InterruptedException {
        this.exchange = exchange;
        this.faults = new RestFaults(exchange);
        this.apiKey = apiKey;
        SecretKeySpec secret = new SecretKeySpec(apiSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.security = new RequestSecurity(secret);
        this.wsApi = new WsApiHandler(exchange, apiKey, secret, streamFaults);
        this.marketStreams = new MarketStreams(exchange::serverTimeMs);
        exchange.marketListener(marketStreams);
        this.server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20),
                                marketStreams.newHandler(),
                                new WebSocketServerProtocolHandler(WsApiHandler.PATH, null, true),
                                wsApi.newConnectionHandler(), new Handler());
                    }
                })
                .bind("127.0.0.1", port).sync().channel();
        group.next().scheduleAtFixedRate(this::placeLateMatches, 50, 50, TimeUnit.MILLISECONDS);
        LOG.info("fake-binance serving on http://127.0.0.1:{}", port());
    }

    /**
     * Makes the account's key one with withdrawal permission ({@code canWithdraw: true} in {@code GET
     * /api/v3/account}), as a key a user should not trade with; false by default.
     */
    public void canWithdraw(boolean allowed) {
        this.canWithdraw = allowed;
    }

    /**
     * Serves the {@code /sapi} endpoints or not: Binance's spot testnet serves only {@code /api} (its general-info
     * page), so a client that calls {@code /sapi} there fails; without them every {@code /sapi} request answers a bare
     * 404 ({@code --testnet}). Served by default.
     */
    public void servesSapi(boolean served) {
        this.servesSapi = served;
    }

    /** @param hook run after every request is handled, inside the exchange's lock: the state clients can see */
    void afterRequest(Runnable hook) {
        this.afterRequest = hook;
    }

    /**
     * Lets the matching engine take the placements held by {@code lateMatchMs} whose time came (called before every
     * {@code /api} and {@code /sapi} request and every 50 ms); a placement the engine refuses then (a duplicate client
     * order id, the balance) is logged and dropped, as Binance's engine would refuse it.
     *
     * @param all true: every held placement, due or not
     * @return placements taken
     */
    public int placeLateMatches(boolean all) {
        int placed = 0;
        synchronized (exchange) {
            for (Map<String, String> params : faults.dueLateMatches(all)) {
                try {
                    FakeOrder o = exchange.newOrder(params).order();
                    placed++;
                    LOG.info("late match: order {} ({}) taken by the matching engine after its -1007", o.orderId,
                            o.clientOrderId);
                } catch (BinanceError e) {
                    LOG.info("late match: order {} refused by the matching engine: {}",
                            params.get("newClientOrderId"), e.getMessage());
                }
            }
        }
        return placed;
    }

    private void placeLateMatches() {
        placeLateMatches(false);
    }

    /** @return the REST faults, to set or to read their counters */
    public RestFaults restFaults() {
        return faults;
    }

    /**
     * Sets a fault ({@code --fault NAME=VALUE}, {@code POST /fake/fault?name=NAME&value=VALUE}).
     *
     * @param name  the fault's name
     * @param value its value, may be null
     * @throws IllegalArgumentException naming the known faults if the name is unknown, or the fault if the value is
     *                                  bad
     */
    public void fault(String name, String value) {
        if (!faults.set(name, value) && !streamFaults.apply(name, value, exchange.serverTimeMs())) {
            throw new IllegalArgumentException("unknown fault '" + name + "'; known: " + RestFaults.NAMES + " "
                    + StreamFaults.NAMES);
        }
        LOG.info("fault {}={} set", name, value);
    }

    /** @return the port served */
    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** @return the WebSocket API's address for a client, {@code ws://127.0.0.1:PORT/ws-api/v3} */
    public String wsApiUri() {
        return "ws://127.0.0.1:" + port() + WsApiHandler.PATH;
    }

    /** @return connections subscribed to the user data stream now */
    public int wsApiSubscribers() {
        return wsApi.subscribers();
    }

    /** @return the stream faults, also set by {@code POST /fake/fault} */
    public StreamFaults streamFaults() {
        return streamFaults;
    }

    /** @return the public market streams' base for a client, {@code ws://127.0.0.1:PORT/} */
    public String streamUri() {
        return "ws://127.0.0.1:" + port() + "/";
    }

    /** @return open public market stream connections */
    int marketStreamConnections() {
        return marketStreams.connections();
    }

    /** @return the REST base for a client, {@code http://127.0.0.1:PORT} */
    public String restUri() {
        return "http://127.0.0.1:" + port();
    }

    /**
     * Replays the recording in step with the server clock: every 50 ms the market moves to the first event's
     * receive time plus {@code speed} x the server time elapsed since this call.
     *
     * @param speed multiple of real time, above 0
     */
    public void startPacing(double speed) {
        long startServerMs = exchange.serverTimeMs();
        long startMarketMs = exchange.nextEventTimeMs();
        pacer = group.next().scheduleAtFixedRate(() -> {
            long elapsedMs = exchange.serverTimeMs() - startServerMs;
            exchange.advanceToMs(startMarketMs + (long) (elapsedMs * speed));
        }, 0, 50, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        if (pacer != null) {
            pacer.cancel(false);
        }
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** One per connection; all on the server's single event loop thread. */
    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            Map<String, String> headers = new HashMap<>();
            int status = 200;
            String body;
            try {
                body = route(request, headers);
            } catch (RestFaults.Unanswered e) {
                if (e.httpStatus == 0) {
                    ctx.close(); // taken, and the answer never comes
                    return;
                }
                status = e.httpStatus;
                body = "";
            } catch (BinanceError e) {
                status = e.httpStatus();
                ObjectNode error = JSON.createObjectNode().put("code", e.code()).put("msg", e.getMessage());
                if (e.data() != null) {
                    error.set("data", e.data()); // a cancel-replace's halves
                }
                body = error.toString();
            } catch (RuntimeException e) {
                LOG.warn("{} {} failed", request.method(), withoutSignature(request.uri()), e);
                status = 500;
                body = JSON.createObjectNode().put("code", -1000)
                        .put("msg", "An unknown error occurred while processing the request.").toString();
            }
            synchronized (exchange) {
                afterRequest.run();
            }
            String path = new QueryStringDecoder(request.uri()).path();
            if (path.startsWith("/api/") || path.startsWith("/sapi/")) {
                headers.put("X-MBX-USED-WEIGHT-1M", Integer.toString(usedWeight));
            }
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.valueOf(status), Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
            headers.forEach((k, v) -> response.headers().set(k, v));
            HttpUtil.setContentLength(response, response.content().readableBytes());
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            HttpUtil.setKeepAlive(response, keepAlive);
            if (keepAlive) {
                ctx.writeAndFlush(response);
            } else {
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            }
        }
    }

    private String route(FullHttpRequest request, Map<String, String> headers) {
        String uri = request.uri();
        QueryStringDecoder decoder = new QueryStringDecoder(uri);
        String path = decoder.path();
        HttpMethod method = request.method();
        String rawQuery = uri.indexOf('?') < 0 ? "" : uri.substring(uri.indexOf('?') + 1);
        String body = request.content().toString(StandardCharsets.UTF_8);
        Map<String, String> params = new HashMap<>();
        if (!body.isEmpty()) {
            new QueryStringDecoder(body, false).parameters().forEach((k, v) -> params.put(k, v.get(0)));
        }
        decoder.parameters().forEach((k, v) -> params.put(k, v.get(0))); // the query wins, as at Binance
        String route = method.name() + " " + path;
        if (path.startsWith("/sapi/") && !servesSapi) {
            throw new RestFaults.Unanswered(404); // the spot testnet: no /sapi at all
        }
        if (path.startsWith("/api/") || path.startsWith("/sapi/")) {
            faults.onRequest(headers);
            placeLateMatches();
        }
        switch (route) {
            case "POST /fake/fault":
                try {
                    fault(params.getOrDefault("name", ""), params.get("value"));
                } catch (IllegalArgumentException e) {
                    throw BinanceError.badRequest(-1102, e.getMessage());
                }
                return JSON.createObjectNode().put("fault", params.get("name")).put("value", params.get("value"))
                        .toString();
            case "GET /fake/state":
                return state();
            case "POST /fake/advance":
                return advance(params);
            case "GET /api/v3/ping":
                weigh(1, headers);
                return "{}";
            case "GET /api/v3/time":
                weigh(1, headers);
                return JSON.createObjectNode().put("serverTime", faults.serverNowMs()).toString();
            case "GET /api/v3/exchangeInfo":
                weigh(20, headers);
                return exchangeInfo();
            case "GET /api/v3/avgPrice":
                weigh(2, headers);
                return AveragePrice.json(exchange, params.get("symbol"));
            default:
                break;
        }
        int weight = switch (route) {
            case "GET /sapi/v1/asset/assetDetail", "POST /api/v3/order", "POST /api/v3/order/test",
                    "DELETE /api/v3/order", "DELETE /api/v3/openOrders", "POST /api/v3/order/cancelReplace" -> 1;
            case "GET /api/v3/order" -> 4;
            case "GET /api/v3/openOrders" -> params.get("symbol") == null ? 80 : 6;
            case "GET /api/v3/account", "GET /api/v3/myTrades" -> 20;
            default -> throw new BinanceError(404, -1000, "Unknown endpoint " + route);
        };
        weigh(weight, headers);
        faults.onSigned(headers);
        authenticate(request, rawQuery, body, params);
        synchronized (exchange) {
            switch (route) {
                case "GET /sapi/v1/asset/assetDetail":
                    return assetDetail();
                case "GET /api/v3/account":
                    return account();
                case "POST /api/v3/order":
                    countOrder(headers);
                    faults.beforePlacement();
                    faults.holdForLateMatch(params, exchange::check); // lateMatchMs: -1007 now, taken later
                    String answer = newOrder(params);
                    faults.afterTake();
                    return answer;
                case "POST /api/v3/order/cancelReplace": {
                    countOrder(headers);
                    FakeExchange.CancelReplaced done = exchange.cancelReplace(params);
                    String replaced = CancelReplace.answer(done, params.get("newOrderRespType"));
                    if (done.placed() != null) {
                        faults.afterTake(); // the new order was taken: its answer may be lost as a placement's
                    }
                    return replaced;
                }
                case "POST /api/v3/order/test":
                    exchange.testOrder(params);
                    return "{}";
                case "DELETE /api/v3/openOrders": {
                    ArrayNode list = JSON.createArrayNode();
                    for (FakeOrder o : exchange.cancelAll(params.get("symbol"))) {
                        list.add(orderJson(o).put("origClientOrderId", o.clientOrderId)
                                .put("clientOrderId", "cancel" + o.orderId).put("transactTime", o.updateTimeMs));
                    }
                    return list.toString();
                }
                case "GET /api/v3/order":
                    return orderJson(exchange.order(params.get("symbol"), orderId(params),
                            params.get("origClientOrderId"))).toString();
                case "DELETE /api/v3/order": {
                    String origClientOrderId = params.get("origClientOrderId");
                    FakeOrder o = exchange.cancel(params.get("symbol"), orderId(params), origClientOrderId);
                    ObjectNode json = orderJson(o);
                    String newId = params.getOrDefault("newClientOrderId", "cancel" + o.orderId);
                    json.put("origClientOrderId", o.clientOrderId).put("clientOrderId", newId)
                            .put("transactTime", o.updateTimeMs);
                    return json.toString();
                }
                case "GET /api/v3/openOrders": {
                    ArrayNode list = JSON.createArrayNode();
                    exchange.openOrders(params.get("symbol")).forEach(o -> list.add(orderJson(o)));
                    return list.toString();
                }
                default: { // GET /api/v3/myTrades
                    int limit = params.containsKey("limit") ? Integer.parseInt(params.get("limit")) : 500;
                    if (limit < 1 || limit > 1000) {
                        throw BinanceError.badRequest(-1100,
                                "Illegal characters found in parameter 'limit'; legal range is '1-1000'.");
                    }
                    ArrayNode list = JSON.createArrayNode();
                    exchange.myTrades(params.get("symbol"), longParam(params, "orderId"),
                            longParam(params, "startTime"), longParam(params, "endTime"),
                            longParam(params, "fromId"), limit).forEach(f -> list.add(tradeJson(f)));
                    return list.toString();
                }
            }
        }
    }

    /** XChange sends {@code orderId} as a primitive long: 0 (no Binance order has it) is taken as absent. */
    private static Long orderId(Map<String, String> params) {
        Long id = longParam(params, "orderId");
        return id == null || id == 0 ? null : id;
    }

    private static Long longParam(Map<String, String> params, String name) {
        String v = params.get(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw BinanceError.badRequest(-1100, "Illegal characters found in parameter '" + name
                    + "'; legal range is '^[0-9]{1,20}$'.");
        }
    }

    private void weigh(int weight, Map<String, String> headers) {
        long minute = exchange.serverTimeMs() / 60_000L;
        if (minute != weightMinute) {
            weightMinute = minute;
            usedWeight = 0;
        }
        usedWeight += weight;
        if (usedWeight > WEIGHT_LIMIT_1M) {
            long retryAfterS = Math.max(1, ((minute + 1) * 60_000L - exchange.serverTimeMs() + 999) / 1000);
            headers.put("Retry-After", Long.toString(retryAfterS));
            headers.put("X-MBX-USED-WEIGHT-1M", Integer.toString(usedWeight));
            throw new BinanceError(429, -1003, "Too much request weight used; current limit is "
                    + WEIGHT_LIMIT_1M + " request weight per 1 MINUTE. Please use WebSocket Streams for live "
                    + "updates to avoid polling the API.");
        }
    }

    private void countOrder(Map<String, String> headers) {
        long now = exchange.serverTimeMs();
        if (now / 10_000L != orderSecond10) {
            orderSecond10 = now / 10_000L;
            orders10s = 0;
        }
        if (now / 86_400_000L != orderDay) {
            orderDay = now / 86_400_000L;
            orders1d = 0;
        }
        orders10s++;
        orders1d++;
        headers.put("X-MBX-ORDER-COUNT-10S", Integer.toString(orders10s));
        headers.put("X-MBX-ORDER-COUNT-1D", Integer.toString(orders1d));
    }

    private void authenticate(FullHttpRequest request, String rawQuery, String body, Map<String, String> params) {
        String key = request.headers().get("X-MBX-APIKEY");
        if (key == null || key.isEmpty()) {
            throw new BinanceError(401, -2014, "API-key format invalid.");
        }
        if (!key.equals(apiKey)) {
            throw new BinanceError(401, -2015, "Invalid API-key, IP, or permissions for action.");
        }
        String signature = params.get("signature");
        if (signature == null || signature.isEmpty()) {
            throw BinanceError.mandatory("signature");
        }
        StringBuilder unsigned = new StringBuilder();
        for (String part : rawQuery.split("&")) {
            if (!part.isEmpty() && !part.startsWith("signature=")) {
                unsigned.append(unsigned.length() == 0 ? "" : "&").append(part);
            }
        }
        unsigned.append(body);
        security.verify(unsigned.toString(), signature);
        Long timestamp = longParam(params, "timestamp");
        if (timestamp == null) {
            throw BinanceError.mandatory("timestamp");
        }
        Long recvWindow = longParam(params, "recvWindow");
        RequestSecurity.checkTime(timestamp, recvWindow == null ? RequestSecurity.DEFAULT_RECV_WINDOW_MS : recvWindow,
                faults.serverNowMs());
    }

    private String newOrder(Map<String, String> params) {
        return placedJson(exchange.newOrder(params), params.get("newOrderRespType")).toString();
    }

    /**
     * A placement's answer as Binance gives it.
     *
     * @param respType {@code newOrderRespType}: ACK, RESULT or FULL; null for Binance's default (FULL for MARKET and
     *                 LIMIT, ACK for the others)
     */
    static ObjectNode placedJson(FakeExchange.Placed placed, String respType) {
        FakeOrder o = placed.order();
        if (respType == null) {
            respType = o.type.equals("MARKET") || o.type.equals("LIMIT") ? "FULL" : "ACK";
        }
        ObjectNode json = JSON.createObjectNode()
                .put("symbol", o.symbol).put("orderId", o.orderId).put("orderListId", -1)
                .put("clientOrderId", o.clientOrderId).put("transactTime", o.timeMs);
        if (respType.equals("ACK")) {
            return json;
        }
        json.put("price", decimal(o.price)).put("origQty", decimal(o.origQty))
                .put("executedQty", decimal(o.executedQty))
                .put("origQuoteOrderQty", decimal(BigDecimal.ZERO))
                .put("cummulativeQuoteQty", decimal(o.cummulativeQuoteQty))
                .put("status", o.status).put("timeInForce", o.timeInForce).put("type", o.type).put("side", o.side);
        if (o.type.startsWith("STOP_LOSS")) {
            json.put("stopPrice", decimal(o.stopPrice));
        }
        if (o.workingTimeMs >= 0) {
            json.put("workingTime", o.workingTimeMs);
        }
        json.put("selfTradePreventionMode", "EXPIRE_MAKER");
        if (respType.equals("FULL")) {
            ArrayNode fills = json.putArray("fills");
            for (Fill f : placed.fills()) {
                fills.addObject().put("price", decimal(f.price())).put("qty", decimal(f.qty()))
                        .put("commission", decimal(f.commission())).put("commissionAsset", f.commissionAsset())
                        .put("tradeId", f.id());
            }
        }
        return json;
    }

    static ObjectNode orderJson(FakeOrder o) {
        return JSON.createObjectNode()
                .put("symbol", o.symbol).put("orderId", o.orderId).put("orderListId", -1)
                .put("clientOrderId", o.clientOrderId).put("price", decimal(o.price))
                .put("origQty", decimal(o.origQty)).put("executedQty", decimal(o.executedQty))
                .put("cummulativeQuoteQty", decimal(o.cummulativeQuoteQty)).put("status", o.status)
                .put("timeInForce", o.timeInForce).put("type", o.type).put("side", o.side)
                .put("stopPrice", decimal(o.stopPrice)).put("icebergQty", decimal(BigDecimal.ZERO))
                .put("time", o.timeMs).put("updateTime", o.updateTimeMs).put("isWorking", o.working)
                .put("workingTime", o.workingTimeMs >= 0 ? o.workingTimeMs : -1)
                .put("origQuoteOrderQty", decimal(BigDecimal.ZERO))
                .put("selfTradePreventionMode", "EXPIRE_MAKER");
    }

    private static ObjectNode tradeJson(Fill f) {
        return JSON.createObjectNode()
                .put("symbol", f.symbol()).put("id", f.id()).put("orderId", f.orderId()).put("orderListId", -1)
                .put("price", decimal(f.price())).put("qty", decimal(f.qty()))
                .put("quoteQty", decimal(f.quoteQty())).put("commission", decimal(f.commission()))
                .put("commissionAsset", f.commissionAsset()).put("time", f.timeMs())
                .put("isBuyer", f.buyer()).put("isMaker", f.maker()).put("isBestMatch", true);
    }

    private String account() {
        int takerBps = exchange.commissionRate().movePointRight(4).intValue();
        ObjectNode json = JSON.createObjectNode()
                .put("makerCommission", takerBps).put("takerCommission", takerBps)
                .put("buyerCommission", 0).put("sellerCommission", 0);
        json.putObject("commissionRates").put("maker", decimal(exchange.commissionRate()))
                .put("taker", decimal(exchange.commissionRate())).put("buyer", decimal(BigDecimal.ZERO))
                .put("seller", decimal(BigDecimal.ZERO));
        json.put("canTrade", true).put("canWithdraw", canWithdraw).put("canDeposit", false).put("brokered", false)
                .put("requireSelfTradePrevention", false).put("preventSor", false)
                .put("updateTime", exchange.serverTimeMs()).put("accountType", "SPOT");
        ArrayNode balances = json.putArray("balances");
        exchange.balances().forEach((asset, b) -> balances.addObject().put("asset", asset)
                .put("free", decimal(b[0])).put("locked", decimal(b[1])));
        json.putArray("permissions").add("SPOT");
        json.put("uid", 1);
        return json.toString();
    }

    private String assetDetail() {
        ObjectNode json = JSON.createObjectNode();
        for (String asset : exchange.balances().keySet()) {
            json.putObject(asset).put("minWithdrawAmount", "0.00000000").put("depositStatus", false)
                    .put("withdrawFee", 0).put("withdrawStatus", false).put("depositTip", "");
        }
        return json.toString();
    }

    private String exchangeInfo() {
        ObjectNode json = JSON.createObjectNode().put("timezone", "UTC").put("serverTime", exchange.serverTimeMs());
        ArrayNode limits = json.putArray("rateLimits");
        limits.addObject().put("rateLimitType", "REQUEST_WEIGHT").put("interval", "MINUTE").put("intervalNum", 1)
                .put("limit", WEIGHT_LIMIT_1M);
        limits.addObject().put("rateLimitType", "ORDERS").put("interval", "SECOND").put("intervalNum", 10)
                .put("limit", 100);
        limits.addObject().put("rateLimitType", "ORDERS").put("interval", "DAY").put("intervalNum", 1)
                .put("limit", 200000);
        limits.addObject().put("rateLimitType", "RAW_REQUESTS").put("interval", "MINUTE").put("intervalNum", 5)
                .put("limit", 61000);
        json.putArray("exchangeFilters");
        ArrayNode symbols = json.putArray("symbols");
        for (Market m : exchange.markets()) {
            ObjectNode s = symbols.addObject().put("symbol", m.symbol).put("status", "TRADING")
                    .put("baseAsset", m.baseAsset).put("baseAssetPrecision", 8).put("quoteAsset", m.quoteAsset)
                    .put("quotePrecision", 8).put("quoteAssetPrecision", 8).put("baseCommissionPrecision", 8)
                    .put("quoteCommissionPrecision", 8);
            s.putArray("orderTypes").add("LIMIT").add("LIMIT_MAKER").add("MARKET").add("STOP_LOSS")
                    .add("STOP_LOSS_LIMIT");
            s.put("icebergAllowed", false).put("ocoAllowed", false).put("otoAllowed", false)
                    .put("quoteOrderQtyMarketAllowed", false).put("allowTrailingStop", false)
                    .put("cancelReplaceAllowed", true).put("isSpotTradingAllowed", true)
                    .put("isMarginTradingAllowed", false);
            ArrayNode filters = s.putArray("filters");
            filters.addObject().put("filterType", "PRICE_FILTER").put("minPrice", decimal(m.tickSize))
                    .put("maxPrice", "10000000.00000000").put("tickSize", decimal(m.tickSize));
            filters.addObject().put("filterType", "LOT_SIZE").put("minQty", decimal(m.stepSize))
                    .put("maxQty", "9000000.00000000").put("stepSize", decimal(m.stepSize));
            filters.addObject().put("filterType", "NOTIONAL").put("minNotional", decimal(m.minNotional))
                    .put("applyMinToMarket", true).put("maxNotional", "9000000.00000000")
                    .put("applyMaxToMarket", false).put("avgPriceMins", 5);
            s.putArray("permissions");
            s.putArray("permissionSets").addArray().add("SPOT");
            s.put("defaultSelfTradePreventionMode", "EXPIRE_MAKER");
            s.putArray("allowedSelfTradePreventionModes").add("EXPIRE_TAKER").add("EXPIRE_MAKER")
                    .add("EXPIRE_BOTH");
        }
        return json.toString();
    }

    /**
     * A request URI fit for a log: the value of a {@code signature} parameter (hex HMAC-SHA256 of the request with
     * the client's secret) replaced by {@code ***}, everything else as it came.
     *
     * @param uri a request URI, with or without a query
     * @return the URI with every {@code signature=} value masked
     */
    static String withoutSignature(String uri) {
        return SIGNATURE_VALUE.matcher(uri).replaceAll("$1***");
    }

    private String state() {
        synchronized (exchange) {
            ObjectNode json = JSON.createObjectNode().put("serverTimeMs", exchange.serverTimeMs())
                    .put("restRequests", faults.requests())
                    .put("marketTimeMs", exchange.marketTimeMs()).put("eventsLeft", exchange.eventsLeft());
            ArrayNode balances = json.putArray("balances");
            exchange.balances().forEach((asset, b) -> balances.addObject().put("asset", asset)
                    .put("free", decimal(b[0])).put("locked", decimal(b[1])));
            ArrayNode open = json.putArray("openOrders");
            exchange.openOrders(null).forEach(o -> open.add(orderJson(o)));
            ArrayNode fills = json.putArray("fills");
            exchange.fills().forEach(f -> fills.add(tradeJson(f)));
            ObjectNode placements = json.putObject("placements");
            exchange.placements().forEach(placements::put);
            ArrayNode books = json.putArray("markets");
            for (Market m : exchange.markets()) {
                ObjectNode b = books.addObject().put("symbol", m.symbol)
                        .put("lastTradePrice", decimal(m.lastTradePrice));
                if (m.book != null) {
                    b.put("bid", decimal(m.book.bid())).put("bidQty", decimal(m.book.bidQuantity()))
                            .put("ask", decimal(m.book.ask())).put("askQty", decimal(m.book.askQuantity()));
                }
            }
            return json.toString();
        }
    }

    private String advance(Map<String, String> params) {
        Long events = longParam(params, "events");
        Long toMs = longParam(params, "toMs");
        if ((events == null) == (toMs == null)) {
            throw BinanceError.badRequest(-1102, "Send exactly one of 'events' and 'toMs'.");
        }
        int done = events != null ? exchange.advanceEvents((int) Math.min(Integer.MAX_VALUE, events))
                : exchange.advanceToMs(toMs);
        return JSON.createObjectNode().put("replayed", done).put("marketTimeMs", exchange.marketTimeMs())
                .put("eventsLeft", exchange.eventsLeft()).toString();
    }

    /** Binance's decimal format: at least 8 decimals, plain. */
    static String decimal(BigDecimal value) {
        BigDecimal v = value.stripTrailingZeros();
        return v.setScale(Math.max(8, v.scale())).toPlainString();
    }
}
