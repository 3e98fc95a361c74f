package io.aquatrade.marketdata.binance;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
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
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.util.concurrent.GlobalEventExecutor;

/**
 * A local stand-in for Binance spot on 127.0.0.1, for tests of the real XChange client: REST
 * {@code GET /api/v3/exchangeInfo} (a minimal response shaped like Binance's, for the listed symbols) and the combined
 * websocket stream {@code /stream?streams=a/b/c} (URL-decoded; the streams asked for are recorded). The test decides
 * what the websocket carries with {@link #send}, and can cut every connection with {@link #dropConnections()}.
 */
final class FakeBinanceServer implements AutoCloseable {
    /**
     * One symbol of exchangeInfo.
     *
     * @param tickSize PRICE_FILTER tickSize, e.g. "0.01000000"
     * @param stepSize LOT_SIZE stepSize, e.g. "0.00001000"
     */
    record Listing(String symbol, String base, String quote, String tickSize, String stepSize) {
    }

    private final List<Listing> listings;
    private final boolean serveExchangeInfo;
    private volatile boolean completeHandshake;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final ChannelGroup clients = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final List<Set<String>> handshakes = new CopyOnWriteArrayList<>();
    private final AtomicInteger exchangeInfoRequests = new AtomicInteger();
    private final Channel server;

    /**
     * Starts listening on an ephemeral port of 127.0.0.1.
     *
     * @param listings          symbols exchangeInfo lists
     * @param serveExchangeInfo false: exchangeInfo answers 404 as an unavailable REST API would
     * @param completeHandshake false: websocket upgrades are read and never answered
     */
    FakeBinanceServer(List<Listing> listings, boolean serveExchangeInfo, boolean completeHandshake)
            throws InterruptedException {
        this.listings = List.copyOf(listings);
        this.serveExchangeInfo = serveExchangeInfo;
        this.completeHandshake = completeHandshake;
        this.server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 16),
                                new Handler());
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
    }

    /** @return the websocket base for the client, {@code ws://127.0.0.1:PORT/} */
    String streamUri() {
        return "ws://127.0.0.1:" + port() + "/";
    }

    /** @return the REST base for the client, {@code http://127.0.0.1:PORT} */
    String restUri() {
        return "http://127.0.0.1:" + port();
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** @return the stream names of every completed websocket handshake, in order */
    List<Set<String>> handshakes() {
        return new ArrayList<>(handshakes);
    }

    /** Answers the websocket upgrades that arrive from now on (true) or leaves them unanswered (false). */
    void completeHandshakes(boolean complete) {
        this.completeHandshake = complete;
    }

    /** @return how many exchangeInfo requests arrived */
    int exchangeInfoRequests() {
        return exchangeInfoRequests.get();
    }

    /** @return open websocket connections */
    int connections() {
        return clients.size();
    }

    /** Sends each text as one websocket text frame to every open connection, in order, and waits until written. */
    void send(List<String> texts) throws InterruptedException {
        for (Channel ch : clients) {
            ChannelFuture last = null;
            for (String text : texts) {
                last = ch.write(new TextWebSocketFrame(text));
            }
            ch.flush();
            if (last != null) {
                last.sync();
            }
        }
    }

    /** Closes every websocket's TCP connection without a close frame, as a network failure would. */
    void dropConnections() throws InterruptedException {
        clients.close().sync();
    }

    @Override
    public void close() {
        clients.close().syncUninterruptibly();
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private String exchangeInfo() {
        StringBuilder json = new StringBuilder("{\"timezone\":\"UTC\",\"serverTime\":1723161255000,"
                + "\"rateLimits\":[{\"rateLimitType\":\"REQUEST_WEIGHT\",\"interval\":\"MINUTE\",\"intervalNum\":1,"
                + "\"limit\":6000}],\"exchangeFilters\":[],\"symbols\":[");
        for (int i = 0; i < listings.size(); i++) {
            Listing l = listings.get(i);
            json.append(i == 0 ? "" : ",")
                    .append("{\"symbol\":\"").append(l.symbol()).append("\",\"status\":\"TRADING\",")
                    .append("\"baseAsset\":\"").append(l.base()).append("\",\"baseAssetPrecision\":8,")
                    .append("\"quoteAsset\":\"").append(l.quote()).append("\",\"quotePrecision\":8,")
                    .append("\"quoteAssetPrecision\":8,\"baseCommissionPrecision\":8,\"quoteCommissionPrecision\":8,")
                    .append("\"orderTypes\":[\"LIMIT\",\"LIMIT_MAKER\",\"MARKET\",\"STOP_LOSS_LIMIT\",")
                    .append("\"TAKE_PROFIT_LIMIT\"],\"icebergAllowed\":true,\"ocoAllowed\":true,")
                    .append("\"otoAllowed\":true,\"quoteOrderQtyMarketAllowed\":true,\"allowTrailingStop\":true,")
                    .append("\"cancelReplaceAllowed\":true,\"isSpotTradingAllowed\":true,")
                    .append("\"isMarginTradingAllowed\":true,\"filters\":[")
                    .append("{\"filterType\":\"PRICE_FILTER\",\"minPrice\":\"").append(l.tickSize())
                    .append("\",\"maxPrice\":\"1000000.00000000\",\"tickSize\":\"").append(l.tickSize()).append("\"},")
                    .append("{\"filterType\":\"LOT_SIZE\",\"minQty\":\"").append(l.stepSize())
                    .append("\",\"maxQty\":\"9000.00000000\",\"stepSize\":\"").append(l.stepSize()).append("\"},")
                    .append("{\"filterType\":\"NOTIONAL\",\"minNotional\":\"5.00000000\",\"applyMinToMarket\":true,")
                    .append("\"maxNotional\":\"9000000.00000000\",\"applyMaxToMarket\":false,\"avgPriceMins\":5}],")
                    .append("\"permissions\":[],\"permissionSets\":[[\"SPOT\",\"MARGIN\"]],")
                    .append("\"defaultSelfTradePreventionMode\":\"EXPIRE_MAKER\",")
                    .append("\"allowedSelfTradePreventionModes\":[\"EXPIRE_TAKER\",\"EXPIRE_MAKER\",")
                    .append("\"EXPIRE_BOTH\"]}");
        }
        return json.append("]}").toString();
    }

    /** One per connection: HTTP until a websocket upgrade, then frames. */
    private final class Handler extends SimpleChannelInboundHandler<Object> {
        private WebSocketServerHandshaker handshaker;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof FullHttpRequest request) {
                onRequest(ctx, request);
            } else if (msg instanceof CloseWebSocketFrame close) {
                handshaker.close(ctx.channel(), close.retain());
            } else if (msg instanceof PingWebSocketFrame ping) {
                ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
            } else if (msg instanceof WebSocketFrame) {
                // Live SUBSCRIBE requests are not used by the client under test; ignore any text.
                return;
            }
        }

        private void onRequest(ChannelHandlerContext ctx, FullHttpRequest request) {
            QueryStringDecoder query = new QueryStringDecoder(request.uri());
            boolean upgrade = request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET,
                    true);
            if (request.method() == HttpMethod.GET && query.path().equals("/api/v3/exchangeInfo")) {
                exchangeInfoRequests.incrementAndGet();
                if (serveExchangeInfo) {
                    respond(ctx, request, HttpResponseStatus.OK, exchangeInfo());
                } else {
                    respond(ctx, request, HttpResponseStatus.NOT_FOUND, "{\"code\":-1,\"msg\":\"unavailable\"}");
                }
            } else if (upgrade && query.path().equals("/stream") && query.parameters().containsKey("streams")) {
                if (!completeHandshake) {
                    return;
                }
                Set<String> streams = new LinkedHashSet<>(
                        Arrays.asList(query.parameters().get("streams").get(0).split("/")));
                handshaker = new WebSocketServerHandshakerFactory("ws://127.0.0.1:" + port() + "/stream", null, true,
                        1 << 20).newHandshaker(request);
                if (handshaker == null) {
                    WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
                    return;
                }
                handshaker.handshake(ctx.channel(), request).addListener((ChannelFutureListener) future -> {
                    if (future.isSuccess()) {
                        handshakes.add(streams);
                        clients.add(future.channel());
                    }
                });
            } else {
                respond(ctx, request, HttpResponseStatus.NOT_FOUND, "{\"code\":-1,\"msg\":\"not found\"}");
            }
        }

        private void respond(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status,
                             String json) {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                    Unpooled.copiedBuffer(json, StandardCharsets.UTF_8));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
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
}
