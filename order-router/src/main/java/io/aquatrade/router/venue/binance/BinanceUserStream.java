package io.aquatrade.router.venue.binance;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aquatrade.common.EpochClock;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user data stream of Binance's WebSocket API, on Netty: connects to {@code wsApiUrl} ({@code ws://} or
 * {@code wss://}, TLS by Netty's {@link SslContext}), subscribes with {@code userDataStream.subscribe.signature}
 * (params {@code apiKey}, {@code recvWindow}, {@code timestamp}; {@code signature} = hex HMAC-SHA256 with the API
 * secret of those params sorted by name as {@code k=v&k=v}, per Binance's
 * <a href="https://developers.binance.com/docs/binance-spot-api-docs/websocket-api/request-security">request
 * security</a>), and hands each {@code executionReport} (the event inside {@code {"subscriptionId":N,"event":{...}}})
 * to the router thread through a bounded queue ({@link #poll()}); the Netty thread never touches the venue's state.
 *
 * <p>It sends a websocket ping every {@code pingIntervalMs} (real time) and answers Binance's pings (Binance pings
 * every 20 s and drops a connection without a pong for a minute); every frame received stamps {@link #lastHeardNs()}
 * on the injected clock. Events other than {@code executionReport}, per Binance's user-data-stream.md and the
 * WebSocket API's connection events: {@code eventStreamTerminated} (the subscription ended; the socket may stay
 * open) is logged at WARN, counted ({@link #terminations()}) and subscribed again on a new socket;
 * {@code serverShutdown} connects again at once; {@code balanceUpdate} and {@code externalLockUpdate} (balance
 * changes the router does not book) are logged for the reconciliation to judge; {@code outboundAccountPosition} and
 * {@code listStatus} are skipped. A closed socket, a failed connect or a
 * refused subscription is retried after a backoff of 250 ms doubling to 30 s, reset by a successful subscription.
 * A refusal (e.g. -1022, a wrong secret) is logged at ERROR with Binance's code and message; the secret is never
 * logged. A full queue drops the report and counts it ({@link #overflows()}): the venue's REST polling then finds
 * what it missed. Thread-safe: the getters and {@link #resubscribe()} may be called from any thread.
 */
public final class BinanceUserStream implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BinanceUserStream.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long FIRST_BACKOFF_MS = 250;
    private static final long MAX_BACKOFF_MS = 30_000;

    /**
     * One {@code executionReport}, raw fields as Binance sends them (decimals exact; a cold edge).
     *
     * @param symbol            {@code s}
     * @param clientOrderId     {@code c} (the cancel request's id on a cancel)
     * @param origClientOrderId {@code C}: the order's client id on a cancel, else empty
     * @param side              {@code S}: BUY or SELL
     * @param executionType     {@code x}: NEW, CANCELED, REPLACED, REJECTED, TRADE, EXPIRED, TRADE_PREVENTION
     * @param status            {@code X}: NEW, PARTIALLY_FILLED, FILLED, CANCELED, REJECTED, EXPIRED,
     *                          EXPIRED_IN_MATCH
     * @param orderId           {@code i}: Binance's order id
     * @param origQty           {@code q}: the order's quantity, base units
     * @param lastQty           {@code l}: this fill's quantity, base units (0 if no fill)
     * @param cumulativeQty     {@code z}: filled so far, base units
     * @param lastPrice         {@code L}: this fill's price, quote per base
     * @param commission        {@code n}: this fill's commission, in {@code commissionAsset}
     * @param commissionAsset   {@code N}: the commission's asset, null without a fill
     * @param transactTimeMs    {@code T}: the transaction's time, UTC epoch ms
     * @param tradeId           {@code t}: the trade id, -1 without a fill
     * @param maker             {@code m}: true if this fill was on the maker side
     * @param eventTimeMs       {@code E}: the event's time, UTC epoch ms
     */
    public record ExecutionReport(String symbol, String clientOrderId, String origClientOrderId, String side,
                                  String executionType, String status, long orderId, BigDecimal origQty,
                                  BigDecimal lastQty, BigDecimal cumulativeQty, BigDecimal lastPrice,
                                  BigDecimal commission, String commissionAsset, long transactTimeMs, long tradeId,
                                  boolean maker, long eventTimeMs) {
    }

    private final URI uri;
    private final String apiKey;
    private final SecretKeySpec secret;
    private final LongSupplier timestampMs;
    private final long recvWindowMs;
    private final EpochClock clock;
    private final long pingIntervalMs;
    private final BlockingQueue<ExecutionReport> queue;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
            new DefaultThreadFactory("binance-user-stream", true), NioIoHandler.newFactory());
    private final SslContext ssl;
    private final AtomicLong requestIds = new AtomicLong();
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong overflows = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong refusals = new AtomicLong();
    private final AtomicLong subscriptions = new AtomicLong();
    private final AtomicLong terminations = new AtomicLong();
    private volatile Channel channel;
    private volatile boolean subscribed;
    private volatile long lastHeardNs = Long.MIN_VALUE;
    private volatile boolean closed;
    private long backoffMs = FIRST_BACKOFF_MS; // event loop only

    /**
     * Builds the client; {@link #start()} connects.
     *
     * @param uri            the WebSocket API's address, {@code ws://} or {@code wss://}
     * @param apiKey         the API key
     * @param apiSecret      its HMAC secret; kept only as a MAC key, never logged
     * @param timestampMs    request timestamps, UTC epoch ms on Binance's clock (the REST client's)
     * @param recvWindowMs   Binance's {@code recvWindow}, 1..60000 ms
     * @param clock          the process clock, for {@link #lastHeardNs()}
     * @param pingIntervalMs websocket pings every this many ms of real time, at least 1
     * @param queueCapacity  execution reports held for the router thread, at least 1
     * @throws IllegalArgumentException if the scheme is neither ws nor wss
     */
    public BinanceUserStream(URI uri, String apiKey, String apiSecret, LongSupplier timestampMs, long recvWindowMs,
                             EpochClock clock, long pingIntervalMs, int queueCapacity) {
        String scheme = uri.getScheme();
        if (!"ws".equals(scheme) && !"wss".equals(scheme)) {
            throw new IllegalArgumentException("a ws:// or wss:// address, was " + uri);
        }
        this.uri = uri;
        this.apiKey = apiKey;
        this.secret = new SecretKeySpec(apiSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.timestampMs = timestampMs;
        this.recvWindowMs = recvWindowMs;
        this.clock = clock;
        this.pingIntervalMs = pingIntervalMs;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        try {
            this.ssl = "wss".equals(scheme) ? SslContextBuilder.forClient().build() : null;
        } catch (SSLException e) {
            throw new IllegalStateException("binance user data stream: no TLS context: " + e.getMessage(), e);
        }
    }

    /** Connects and subscribes, in the background; reconnects until {@link #close()}. */
    public void start() {
        group.next().execute(this::connect);
        group.next().scheduleAtFixedRate(() -> {
            Channel ch = channel;
            if (ch != null && ch.isActive() && subscribed) {
                ch.writeAndFlush(new PingWebSocketFrame());
            }
        }, pingIntervalMs, pingIntervalMs, TimeUnit.MILLISECONDS);
    }

    /** @return the next execution report received, or null if none waits; router thread */
    public ExecutionReport poll() {
        return queue.poll();
    }

    /** @return true while subscribed on an open socket */
    public boolean subscribed() {
        return subscribed;
    }

    /**
     * @return when a frame (a message, ping or pong) was last received, injected clock, UTC epoch ns; Long.MIN_VALUE
     * before. It shows the socket alive, not the subscription: a subscription that stopped sending events still
     * answers pings ({@link StreamHealth} looks for the reports it expects)
     */
    public long lastHeardNs() {
        return lastHeardNs;
    }

    /** @return successful subscriptions since start (the first one included) */
    public long subscriptions() {
        return subscriptions.get();
    }

    /** @return execution reports received since start */
    public long events() {
        return events.get();
    }

    /** @return connections lost or refused and tried again, since start */
    public long reconnects() {
        return reconnects.get();
    }

    /** @return execution reports dropped because the router thread's queue was full */
    public long overflows() {
        return overflows.get();
    }

    /** @return messages that could not be read (logged and skipped) */
    public long malformed() {
        return malformed.get();
    }

    /** @return subscriptions Binance ended with {@code eventStreamTerminated} (each subscribed again) */
    public long terminations() {
        return terminations.get();
    }

    /** @return subscriptions Binance refused (bad key, signature or timestamp) */
    public long refusals() {
        return refusals.get();
    }

    /** Closes the socket, which subscribes again on a new one (after the backoff). */
    public void resubscribe() {
        Channel ch = channel;
        if (ch != null) {
            ch.close();
        }
    }

    @Override
    public void close() {
        closed = true;
        Channel ch = channel;
        if (ch != null) {
            ch.close().syncUninterruptibly();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private void connect() {
        if (closed) {
            return;
        }
        int port = uri.getPort() > 0 ? uri.getPort() : ssl != null ? 443 : 80;
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder().webSocketUri(uri)
                .version(WebSocketVersion.V13).dropPongFrames(false).maxFramePayloadLength(1 << 20).build();
        new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (ssl != null) {
                            ch.pipeline().addLast(ssl.newHandler(ch.alloc(), uri.getHost(), port));
                        }
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 16),
                                new WebSocketClientProtocolHandler(config), new WebSocketFrameAggregator(1 << 20),
                                new Handler());
                    }
                })
                .connect(uri.getHost(), port).addListener(f -> {
                    if (!f.isSuccess()) {
                        LOG.warn("binance user data stream: cannot connect to {} ({}): again in {} ms", uri,
                                f.cause().getClass().getSimpleName(), backoffMs);
                        retry();
                    }
                });
    }

    /** Event loop: connects again after the backoff, which doubles. */
    private void retry() {
        if (closed) {
            return;
        }
        reconnects.incrementAndGet();
        long delayMs = backoffMs;
        backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
        group.next().schedule(this::connect, delayMs, TimeUnit.MILLISECONDS);
    }

    private String subscribeRequest(String id) {
        long timestamp = timestampMs.getAsLong();
        // sorted by name: apiKey, recvWindow, timestamp
        String payload = "apiKey=" + apiKey + "&recvWindow=" + recvWindowMs + "&timestamp=" + timestamp;
        ObjectNode json = JSON.createObjectNode().put("id", id).put("method", "userDataStream.subscribe.signature");
        json.putObject("params").put("apiKey", apiKey).put("recvWindow", recvWindowMs).put("timestamp", timestamp)
                .put("signature", hmac(payload));
        return json.toString();
    }

    private String hmac(String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(secret);
            return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** One connection's handler, on the event loop. */
    private final class Handler extends SimpleChannelInboundHandler<WebSocketFrame> {
        private String subscribeId;

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                channel = ctx.channel();
                subscribeId = "subscribe-" + requestIds.incrementAndGet();
                ctx.writeAndFlush(new TextWebSocketFrame(subscribeRequest(subscribeId)));
            } else if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
                LOG.warn("binance user data stream: handshake with {} timed out", uri);
                ctx.close();
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            lastHeardNs = clock.nowNs();
            if (frame instanceof PongWebSocketFrame || !(frame instanceof TextWebSocketFrame text)) {
                return;
            }
            JsonNode json;
            try {
                json = JSON.readTree(text.text());
            } catch (Exception e) {
                malformed.incrementAndGet();
                LOG.warn("binance user data stream: unreadable message skipped ({})", e.getMessage());
                return;
            }
            JsonNode event = json.get("event");
            if (event != null) {
                onEvent(ctx, event);
            } else if (json.has("status")) {
                onAnswer(ctx, json);
            }
        }

        private void onAnswer(ChannelHandlerContext ctx, JsonNode json) {
            if (!json.path("id").asText("").equals(subscribeId)) {
                return;
            }
            if (json.path("status").asInt() == 200) {
                subscribed = true;
                subscriptions.incrementAndGet();
                backoffMs = FIRST_BACKOFF_MS;
                LOG.info("binance user data stream subscribed on {} (subscription {})", uri,
                        json.path("result").path("subscriptionId").asText());
            } else {
                refusals.incrementAndGet();
                JsonNode error = json.path("error");
                LOG.error("binance user data stream: subscription refused by {}: binance {} {} (key, secret, "
                        + "permissions or clock?); orders are followed by REST polling; tried again in {} ms", uri,
                        error.path("code").asText(), error.path("msg").asText(), backoffMs);
                ctx.close();
            }
        }

        private void onEvent(ChannelHandlerContext ctx, JsonNode e) {
            String type = e.path("e").asText();
            switch (type) {
                case "executionReport" -> {
                    // below
                }
                case "eventStreamTerminated" -> {
                    // Binance ended the subscription (user-data-stream.md): the socket may stay open, silent
                    terminations.incrementAndGet();
                    subscribed = false;
                    LOG.warn("binance user data stream: eventStreamTerminated at {} ms: subscribing again on a new "
                            + "socket; orders are polled over REST meanwhile", e.path("E").asLong());
                    ctx.close();
                    return;
                }
                case "serverShutdown" -> {
                    // the server is about to shut down (websocket-api connection events): a new connection now
                    LOG.info("binance user data stream: serverShutdown at {} ms: connecting again",
                            e.path("E").asLong());
                    ctx.close();
                    return;
                }
                case "balanceUpdate", "externalLockUpdate" -> {
                    LOG.info("binance user data stream: {} of {} {} (a deposit, withdrawal, transfer or lock the "
                            + "router does not book: the reconciliation judges the balance)", type,
                            e.path("d").asText(), e.path("a").asText());
                    return;
                }
                default -> {
                    return; // outboundAccountPosition, listStatus: the fills carry what the venue books
                }
            }
            ExecutionReport r;
            try {
                r = new ExecutionReport(e.path("s").asText(), e.path("c").asText(), e.path("C").asText(""),
                        e.path("S").asText(), e.path("x").asText(), e.path("X").asText(), e.path("i").asLong(),
                        decimal(e, "q"), decimal(e, "l"), decimal(e, "z"), decimal(e, "L"), decimal(e, "n"),
                        e.path("N").isTextual() ? e.path("N").asText() : null, e.path("T").asLong(),
                        e.path("t").asLong(-1), e.path("m").asBoolean(), e.path("E").asLong());
            } catch (NumberFormatException ex) {
                malformed.incrementAndGet();
                LOG.warn("binance user data stream: execution report with a bad number skipped: {}", e);
                return;
            }
            events.incrementAndGet();
            if (!queue.offer(r)) {
                overflows.incrementAndGet();
                LOG.warn("binance user data stream: queue full, report of order {} trade {} dropped (REST polling "
                        + "finds it)", r.orderId(), r.tradeId());
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            boolean was = subscribed;
            subscribed = false;
            if (channel == ctx.channel()) {
                channel = null;
            }
            if (!closed) {
                if (was) {
                    LOG.warn("binance user data stream: socket to {} closed: reconnecting in {} ms", uri, backoffMs);
                }
                retry();
            }
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.warn("binance user data stream: {} ({}): closing", cause.getClass().getSimpleName(),
                    cause.getMessage());
            ctx.close();
        }
    }

    private static BigDecimal decimal(JsonNode e, String field) {
        String v = e.path(field).asText("0");
        return new BigDecimal(v.isEmpty() ? "0" : v);
    }
}
