package io.aquatrade.fakebinance;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fake's Binance WebSocket API ({@value #PATH} on the REST port), the part a trading client needs for its user
 * data stream, after Binance's
 * <a href="https://developers.binance.com/docs/binance-spot-api-docs/websocket-api/general-api-information">WebSocket
 * API</a> and <a href="https://developers.binance.com/docs/binance-spot-api-docs/user-data-stream">user data
 * stream</a> docs.
 *
 * <p>Requests {@code {"id","method","params"}}; answers {@code {"id","status":200,"result":...}} or
 * {@code {"id","status":4xx,"error":{"code","msg"}}}. Methods: {@code ping} ({@code {}}), {@code time}
 * ({@code {"serverTime"}}), {@code userDataStream.subscribe.signature} (params {@code apiKey}, {@code timestamp},
 * optional {@code recvWindow}, {@code signature} = hex HMAC-SHA256 with the secret of the other params sorted by
 * name as {@code k=v&k=v}; refused as the REST side refuses: unknown key 401 -2015, missing parameter 400 -1102,
 * wrong signature 400 -1022, stale or early timestamp 400 -1021, recvWindow over 60000 400 -1131; answer
 * {@code {"subscriptionId":N}}, N from 0 per connection; a second subscription on a connection replaces the first)
 * and {@code userDataStream.unsubscribe} (optional {@code subscriptionId}; without it every subscription of the
 * connection ends). Websocket ping frames are answered with pong frames (by Netty's protocol handler).
 *
 * <p>Once subscribed, every change of an order is an {@code executionReport} and every change of its balances an
 * {@code outboundAccountPosition} (the order's base and quote assets, and BNB when a fill paid its fee in BNB), each
 * wrapped as {@code
 * {"subscriptionId":N,"event":{...}}}; {@link StreamFaults} can drop, duplicate, delay or silence them.
 */
public final class WsApiHandler {
    /** The WebSocket API's path. */
    public static final String PATH = "/ws-api/v3";
    private static final Logger LOG = LoggerFactory.getLogger(WsApiHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FakeExchange exchange;
    private final String apiKey;
    private final RequestSecurity security;
    private final StreamFaults faults;
    /** Subscribed connections and their subscription id. */
    private final Map<Channel, Integer> subscribers = new ConcurrentHashMap<>();

    /**
     * @param exchange the exchange whose order changes are streamed (this handler becomes its listener)
     * @param apiKey   the one API key accepted
     * @param secret   its secret, the HMAC key
     * @param faults   the stream faults in force
     */
    public WsApiHandler(FakeExchange exchange, String apiKey, SecretKeySpec secret, StreamFaults faults) {
        this.exchange = exchange;
        this.apiKey = apiKey;
        this.security = new RequestSecurity(secret);
        this.faults = faults;
        faults.onDrop(this::dropAll);
        faults.onTerminate(this::terminateAll);
        exchange.onOrderEvents(this::changed);
    }

    /** @return a handler for one connection, placed after Netty's websocket protocol handler */
    public ChannelHandler newConnectionHandler() {
        return new Connection();
    }

    /** @return connections with a user data subscription now */
    public int subscribers() {
        return subscribers.size();
    }

    private void dropAll() {
        LOG.info("fault dropSocket: closing {} user data socket(s)", subscribers.size());
        for (Iterator<Channel> it = subscribers.keySet().iterator(); it.hasNext(); ) {
            Channel ch = it.next();
            it.remove();
            ch.close();
        }
    }

    /** Ends every subscription with an {@code eventStreamTerminated} event; the sockets stay open. */
    private void terminateAll() {
        LOG.info("fault terminateStream: ending {} user data subscription(s)", subscribers.size());
        long nowMs = exchange.serverTimeMs();
        for (Iterator<Map.Entry<Channel, Integer>> it = subscribers.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Channel, Integer> e = it.next();
            it.remove();
            e.getKey().writeAndFlush(new TextWebSocketFrame(wrap(e.getValue(), JSON.createObjectNode()
                    .put("e", "eventStreamTerminated").put("E", nowMs))));
        }
    }

    /** Called inside the exchange's lock: builds the events now, sends them from the connections' threads. */
    private void changed(FakeOrder o, String executionType, Fill fill) {
        if (subscribers.isEmpty()) {
            return;
        }
        long nowMs = exchange.serverTimeMs();
        if (faults.silent(nowMs)) {
            return; // lost, as a silent stream loses them
        }
        ObjectNode report = executionReport(o, executionType, fill, nowMs);
        ObjectNode position = JSON.createObjectNode().put("e", "outboundAccountPosition").put("E", nowMs)
                .put("u", nowMs);
        ArrayNode balances = position.putArray("B");
        Map<String, BigDecimal[]> all = exchange.balances();
        for (Market m : exchange.markets()) {
            if (m.symbol.equals(o.symbol)) {
                String feeAsset = fill == null || fill.commissionAsset().equals(m.baseAsset)
                        || fill.commissionAsset().equals(m.quoteAsset) ? null : fill.commissionAsset();
                for (String asset : feeAsset == null ? new String[] {m.baseAsset, m.quoteAsset}
                        : new String[] {m.baseAsset, m.quoteAsset, feeAsset}) { // a BNB fee moves BNB too
                    BigDecimal[] b = all.getOrDefault(asset, new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
                    balances.addObject().put("a", asset).put("f", FakeBinanceServer.decimal(b[0]))
                            .put("l", FakeBinanceServer.decimal(b[1]));
                }
            }
        }
        boolean twice = faults.takeDuplicate();
        long lateMs = faults.lateMs();
        subscribers.forEach((ch, id) -> {
            String reportText = wrap(id, report);
            String positionText = wrap(id, position);
            Runnable send = () -> {
                ch.write(new TextWebSocketFrame(reportText));
                if (twice) {
                    ch.write(new TextWebSocketFrame(reportText));
                }
                ch.write(new TextWebSocketFrame(positionText));
                ch.flush();
            };
            if (lateMs > 0) {
                ch.eventLoop().schedule(send, lateMs, TimeUnit.MILLISECONDS);
            } else {
                ch.eventLoop().execute(send);
            }
        });
    }

    private static String wrap(int subscriptionId, ObjectNode event) {
        ObjectNode json = JSON.createObjectNode().put("subscriptionId", subscriptionId);
        json.set("event", event);
        return json.toString();
    }

    /** Binance's executionReport fields, in its order of the user-data-stream docs. */
    private static ObjectNode executionReport(FakeOrder o, String x, Fill fill, long nowMs) {
        boolean cancel = x.equals("CANCELED");
        ObjectNode e = JSON.createObjectNode().put("e", "executionReport").put("E", nowMs).put("s", o.symbol)
                .put("c", cancel ? "cancel" + o.orderId : o.clientOrderId).put("S", o.side).put("o", o.type)
                .put("f", o.timeInForce).put("q", FakeBinanceServer.decimal(o.origQty))
                .put("p", FakeBinanceServer.decimal(o.price)).put("P", FakeBinanceServer.decimal(o.stopPrice))
                .put("F", "0.00000000").put("g", -1).put("C", cancel ? o.clientOrderId : "").put("x", x)
                .put("X", o.status).put("r", "NONE").put("i", o.orderId)
                .put("l", FakeBinanceServer.decimal(fill == null ? BigDecimal.ZERO : fill.qty()))
                .put("z", FakeBinanceServer.decimal(o.executedQty))
                .put("L", FakeBinanceServer.decimal(fill == null ? BigDecimal.ZERO : fill.price()))
                .put("n", fill == null ? "0" : FakeBinanceServer.decimal(fill.commission()));
        if (fill == null) {
            e.putNull("N");
        } else {
            e.put("N", fill.commissionAsset());
        }
        e.put("T", fill == null ? o.updateTimeMs : fill.timeMs()).put("t", fill == null ? -1 : fill.id())
                .put("I", o.orderId * 10 + (fill == null ? 0 : 1)).put("w", o.isOpen() && o.working)
                .put("m", fill != null && fill.maker()).put("M", fill != null)
                .put("O", o.timeMs).put("Z", FakeBinanceServer.decimal(o.cummulativeQuoteQty))
                .put("Y", FakeBinanceServer.decimal(fill == null ? BigDecimal.ZERO : fill.quoteQty()))
                .put("Q", "0.00000000");
        if (o.workingTimeMs >= 0) {
            e.put("W", o.workingTimeMs);
        }
        e.put("V", "EXPIRE_MAKER");
        return e;
    }

    /** One websocket connection: its requests, answered in order. */
    private final class Connection extends SimpleChannelInboundHandler<TextWebSocketFrame> {
        private int nextSubscriptionId;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
            JsonNode request;
            try {
                request = JSON.readTree(frame.text());
            } catch (Exception e) {
                ctx.writeAndFlush(new TextWebSocketFrame(error(null, 400, -1000, "Malformed request.")));
                return;
            }
            JsonNode id = request.get("id");
            String method = request.path("method").asText("");
            JsonNode params = request.path("params");
            String answer;
            try {
                ObjectNode result = switch (method) {
                    case "ping" -> JSON.createObjectNode();
                    case "time" -> JSON.createObjectNode().put("serverTime", exchange.serverTimeMs());
                    case "userDataStream.subscribe.signature" -> subscribe(ctx.channel(), params);
                    case "userDataStream.unsubscribe" -> {
                        JsonNode sub = params.get("subscriptionId");
                        subscribers.computeIfPresent(ctx.channel(),
                                (ch, current) -> sub == null || sub.asInt() == current ? null : current);
                        yield JSON.createObjectNode();
                    }
                    default -> throw BinanceError.badRequest(-1000, "Unknown method '" + method + "'.");
                };
                ObjectNode json = JSON.createObjectNode();
                json.set("id", id);
                json.put("status", 200);
                json.set("result", result);
                answer = json.toString();
            } catch (BinanceError e) {
                answer = error(id, e.httpStatus(), e.code(), e.getMessage());
            }
            ctx.writeAndFlush(new TextWebSocketFrame(answer));
        }

        private ObjectNode subscribe(Channel ch, JsonNode params) {
            Map<String, String> p = new TreeMap<>();
            params.properties().forEach(f -> p.put(f.getKey(), f.getValue().asText()));
            String key = p.get("apiKey");
            if (key == null || key.isEmpty()) {
                throw BinanceError.mandatory("apiKey");
            }
            if (!key.equals(apiKey)) {
                throw new BinanceError(401, -2015, "Invalid API-key, IP, or permissions for action.");
            }
            String signature = p.remove("signature");
            if (signature == null || signature.isEmpty()) {
                throw BinanceError.mandatory("signature");
            }
            StringBuilder payload = new StringBuilder();
            p.forEach((k, v) -> payload.append(payload.length() == 0 ? "" : "&").append(k).append('=').append(v));
            security.verify(payload.toString(), signature);
            long timestamp;
            long windowMs;
            try {
                timestamp = Long.parseLong(p.getOrDefault("timestamp", ""));
            } catch (NumberFormatException e) {
                throw BinanceError.mandatory("timestamp");
            }
            try {
                windowMs = p.containsKey("recvWindow") ? Long.parseLong(p.get("recvWindow"))
                        : RequestSecurity.DEFAULT_RECV_WINDOW_MS;
            } catch (NumberFormatException e) {
                throw BinanceError.badRequest(-1100, "Illegal characters found in parameter 'recvWindow'.");
            }
            RequestSecurity.checkTime(timestamp, windowMs, exchange.serverTimeMs());
            int subscriptionId = nextSubscriptionId++;
            subscribers.put(ch, subscriptionId);
            return JSON.createObjectNode().put("subscriptionId", subscriptionId);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            subscribers.remove(ctx.channel());
            super.channelInactive(ctx);
        }
    }

    private static String error(JsonNode id, int status, int code, String msg) {
        ObjectNode json = JSON.createObjectNode();
        json.set("id", id);
        json.put("status", status);
        json.putObject("error").put("code", code).put("msg", msg);
        return json.toString();
    }
}
