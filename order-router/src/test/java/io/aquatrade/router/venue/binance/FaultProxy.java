package io.aquatrade.router.venue.binance;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A proxy in front of fake-binance that answers the first {@code POST /api/v3/order} with a fault, after passing it
 * on or not: the exchange's order placement whose outcome the client cannot know. Every other request is passed on
 * as it is. (Fault injection in fake-binance itself is a later step.)
 */
final class FaultProxy implements AutoCloseable {
    /** What the first order placement gets. */
    enum Fault {
        /** passed on (the order is taken), then answered HTTP 503 without a Binance body */
        TAKEN_THEN_503,
        /** not passed on, answered Binance's -1007 ("execution status unknown") */
        LOST_WITH_1007,
        /** the first cancel ({@code DELETE /api/v3/order}) not passed on, answered -1007; placements pass */
        CANCEL_LOST_WITH_1007
    }

    private final HttpServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String target;
    private final Fault fault;
    private final AtomicInteger placements = new AtomicInteger();
    private final AtomicInteger cancels = new AtomicInteger();

    FaultProxy(String target, Fault fault) throws IOException {
        this.target = target;
        this.fault = fault;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String uri() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** @return cancels ({@code DELETE /api/v3/order}) that reached the proxy */
    int cancels() {
        return cancels.get();
    }

    /** @return order placements that reached the proxy */
    int placements() {
        return placements.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            boolean placement = "POST".equals(ex.getRequestMethod())
                    && "/api/v3/order".equals(ex.getRequestURI().getPath());
            boolean cancel = "DELETE".equals(ex.getRequestMethod())
                    && "/api/v3/order".equals(ex.getRequestURI().getPath());
            if (cancel && cancels.incrementAndGet() == 1 && fault == Fault.CANCEL_LOST_WITH_1007) {
                reply(ex, 408, "{\"code\":-1007,\"msg\":\"Timeout waiting for response from backend server. Send "
                        + "status unknown; execution status unknown.\"}");
                return;
            }
            boolean first = placement && placements.incrementAndGet() == 1 && fault != Fault.CANCEL_LOST_WITH_1007;
            if (first && fault == Fault.LOST_WITH_1007) {
                reply(ex, 408, "{\"code\":-1007,\"msg\":\"Timeout waiting for response from backend server. Send "
                        + "status unknown; execution status unknown.\"}");
                return;
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target + ex.getRequestURI()))
                    .method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            for (String h : List.of("X-MBX-APIKEY", "Content-Type")) {
                String v = ex.getRequestHeaders().getFirst(h);
                if (v != null) {
                    request.header(h, v);
                }
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (first) {
                reply(ex, 503, "Service Unavailable");
                return;
            }
            reply(ex, response.statusCode(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void reply(HttpExchange ex, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", text.startsWith("{") || text.startsWith("[")
                ? "application/json" : "text/plain");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
