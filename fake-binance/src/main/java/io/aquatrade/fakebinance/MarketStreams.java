package io.aquatrade.fakebinance;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binance spot's public market streams, served by the fake on its REST port: the combined stream
 * {@code /stream?streams=btcusdt@trade/btcusdt@bookTicker/...} (the query arrives URL-encoded and is decoded) and the
 * raw stream {@code /ws/<stream>}, carrying the recording's {@code <symbol>@trade} and {@code <symbol>@bookTicker}
 * events as the fake's market replays them (by {@code --speed} or {@code POST /fake/advance}), in replay order.
 *
 * <p>Messages are shaped as Binance's
 * (<a href="https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams">WebSocket Streams</a>):
 * a combined stream wraps each payload as {@code {"stream":"btcusdt@trade","data":{...}}}, a raw stream sends the
 * payload alone. A trade is {@code {"e":"trade","E":..,"s":..,"t":..,"p":..,"q":..,"T":..,"m":..,"M":true}} with the
 * recorded trade id, price, quantity and maker flag, its event and trade times ({@code E}, {@code T}) those of the
 * fake's server clock when the event is replayed (a client checking clock skew against its own clock sees a live
 * market, whatever the recording's date). A book ticker is {@code {"u":..,"s":..,"b":..,"B":..,"a":..,"A":..}}, its
 * update id counting up per symbol from 1 (the first replayed after the exchange opened). Live {@code SUBSCRIBE}, {@code UNSUBSCRIBE} and
 * {@code LIST_SUBSCRIPTIONS} requests are answered as Binance answers them; pings get pongs.
 *
 * <p>Thread-safety: {@link #onEvent} runs under the exchange's lock; channel writes are handed to Netty, which
 * keeps their order per connection.
 */
final class MarketStreams implements MarketEventListener {
    private static final Logger LOG = LoggerFactory.getLogger(MarketStreams.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LongSupplier serverTimeMs;
    /** open stream connections and the streams each receives */
    private final Map<Channel, Subscriber> subscribers = new ConcurrentHashMap<>();
    /** book ticker update id per symbol, guarded by the exchange's lock */
    private final Map<String, Long> bookUpdateIds = new HashMap<>();

    /**
     * @param serverTimeMs the fake's server clock, UTC epoch ms: the event and trade times of the messages
     */
    MarketStreams(LongSupplier serverTimeMs) {
        this.serverTimeMs = serverTimeMs;
    }

    /** @return a new handler for one connection's pipeline, placed before the REST handler */
    ChannelHandler newHandler() {
        return new UpgradeHandler();
    }

    /** @return open stream connections */
    int connections() {
        return subscribers.size();
    }

    @Override
    public void onEvent(Market market, MarketEvent event) {
        if (subscribers.isEmpty()) {
            if (event.quote() != null) {
                bookUpdateIds.merge(market.symbol, 1L, Long::sum);
            }
            return;
        }
        String lower = market.symbol.toLowerCase(Locale.ROOT);
        String stream;
        ObjectNode data = JSON.createObjectNode();
        if (event.trade() != null) {
            long nowMs = serverTimeMs.getAsLong();
            MarketEvent.Trade t = event.trade();
            stream = lower + "@trade";
            data.put("e", "trade").put("E", nowMs).put("s", market.symbol).put("t", t.tradeId())
                    .put("p", t.price().toPlainString()).put("q", t.quantity().toPlainString()).put("T", nowMs)
                    .put("m", t.buyerMaker()).put("M", true);
        } else {
            MarketEvent.Quote q = event.quote();
            stream = lower + "@bookTicker";
            data.put("u", bookUpdateIds.merge(market.symbol, 1L, Long::sum)).put("s", market.symbol)
                    .put("b", q.bid().toPlainString()).put("B", q.bidQuantity().toPlainString())
                    .put("a", q.ask().toPlainString()).put("A", q.askQuantity().toPlainString());
        }
        String raw = null;
        String combined = null;
        for (Map.Entry<Channel, Subscriber> e : subscribers.entrySet()) {
            Subscriber s = e.getValue();
            if (!s.streams.contains(stream)) {
                continue;
            }
            String text;
            if (s.combined) {
                if (combined == null) {
                    ObjectNode wrapped = JSON.createObjectNode().put("stream", stream);
                    wrapped.set("data", data);
                    combined = wrapped.toString();
                }
                text = combined;
            } else {
                if (raw == null) {
                    raw = data.toString();
                }
                text = raw;
            }
            e.getKey().writeAndFlush(new TextWebSocketFrame(text));
        }
    }

    /** Streams of one connection; combined: payloads wrapped with their stream's name. */
    private static final class Subscriber {
        final boolean combined;
        final Set<String> streams = Collections.synchronizedSet(new LinkedHashSet<>());

        Subscriber(boolean combined, Set<String> streams) {
            this.combined = combined;
            this.streams.addAll(streams);
        }
    }

    /**
     * Upgrades a {@code GET /stream?streams=...} or {@code GET /ws/<stream>} to a websocket and then serves its
     * frames; passes every other request (REST, or another websocket path) and another upgrade's frames on.
     */
    private final class UpgradeHandler extends ChannelInboundHandlerAdapter {
        private WebSocketServerHandshaker handshaker;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (handshaker == null && msg instanceof FullHttpRequest request && isStreamUpgrade(request)) {
                try {
                    upgrade(ctx, request);
                } finally {
                    ReferenceCountUtil.release(request);
                }
            } else if (handshaker != null && msg instanceof WebSocketFrame frame) {
                try {
                    onFrame(ctx, frame);
                } finally {
                    ReferenceCountUtil.release(frame);
                }
            } else {
                ctx.fireChannelRead(msg);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            subscribers.remove(ctx.channel());
            ctx.fireChannelInactive();
        }

        private boolean isStreamUpgrade(FullHttpRequest request) {
            String path = path(request.uri());
            return request.method() == HttpMethod.GET
                    && request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)
                    && (path.equals("/stream") || path.startsWith("/ws/"));
        }

        private void upgrade(ChannelHandlerContext ctx, FullHttpRequest request) {
            String uri = request.uri();
            String path = path(uri);
            boolean combined = path.equals("/stream");
            Set<String> streams = new LinkedHashSet<>();
            String list;
            if (combined) {
                String query = uri.indexOf('?') < 0 ? "" : uri.substring(uri.indexOf('?') + 1);
                list = "";
                for (String part : query.split("&")) {
                    if (part.startsWith("streams=")) {
                        list = URLDecoder.decode(part.substring("streams=".length()), StandardCharsets.UTF_8);
                    }
                }
            } else {
                list = URLDecoder.decode(path.substring("/ws/".length()), StandardCharsets.UTF_8);
            }
            for (String s : list.split("/")) {
                if (!s.isEmpty()) {
                    streams.add(s);
                }
            }
            WebSocketServerHandshaker h = new WebSocketServerHandshakerFactory("ws://127.0.0.1" + path, null, true,
                    1 << 20).newHandshaker(request);
            if (h == null) {
                WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
                return;
            }
            handshaker = h;
            Channel channel = ctx.channel();
            h.handshake(channel, request).addListener(f -> {
                if (f.isSuccess()) {
                    subscribers.put(channel, new Subscriber(combined, streams));
                    LOG.info("market stream opened: {} {}", combined ? "combined" : "raw", streams);
                } else {
                    channel.close();
                }
            });
        }

        private void onFrame(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (frame instanceof CloseWebSocketFrame close) {
                subscribers.remove(ctx.channel());
                handshaker.close(ctx.channel(), close.retain());
            } else if (frame instanceof PingWebSocketFrame ping) {
                ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
            } else if (frame instanceof TextWebSocketFrame text) {
                ctx.writeAndFlush(new TextWebSocketFrame(answer(ctx.channel(), text.text())));
            }
        }

        /** A live request, {@code {"method":"SUBSCRIBE","params":[...],"id":1}}, answered as Binance does. */
        private String answer(Channel channel, String text) {
            JsonNode request;
            try {
                request = JSON.readTree(text);
            } catch (Exception e) {
                return JSON.createObjectNode().put("code", 3).put("msg", "Invalid JSON: " + e.getMessage()).toString();
            }
            Subscriber s = subscribers.get(channel);
            JsonNode id = request.get("id");
            String method = request.path("method").asText("");
            ObjectNode reply = JSON.createObjectNode();
            switch (method) {
                case "SUBSCRIBE" -> {
                    request.path("params").forEach(p -> s.streams.add(p.asText()));
                    reply.putNull("result");
                }
                case "UNSUBSCRIBE" -> {
                    request.path("params").forEach(p -> s.streams.remove(p.asText()));
                    reply.putNull("result");
                }
                case "LIST_SUBSCRIPTIONS" -> {
                    ArrayNode list = reply.putArray("result");
                    synchronized (s.streams) {
                        s.streams.forEach(list::add);
                    }
                }
                default -> {
                    return JSON.createObjectNode().put("code", 1).put("msg", "Invalid method: " + method)
                            .set("id", id).toString();
                }
            }
            reply.set("id", id);
            return reply.toString();
        }
    }

    private static String path(String uri) {
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }
}
