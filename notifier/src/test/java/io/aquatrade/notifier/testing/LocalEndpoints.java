package io.aquatrade.notifier.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Real local HTTP servers for the notifier's channels, on ephemeral ports: one speaking Telegram's Bot API
 * {@code sendMessage} ({@code POST /bot<token>/sendMessage}, answered {@code {"ok":true,"result":{...}}}, or as
 * scripted: a 5xx, or 429 {@code {"ok":false,"error_code":429,"parameters":{"retry_after":N}}}), and a webhook
 * receiver. Each keeps every request body it took (delivered) and counts every request (attempts).
 */
public final class LocalEndpoints {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LocalEndpoints() {
    }

    /** A scripted answer: the status, and for Telegram's 429 the retry_after seconds. */
    public record Answer(int status, int retryAfterS) {
    }

    /** A server that records what it took. */
    public abstract static class Server implements AutoCloseable {
        final HttpServer http;
        final List<JsonNode> delivered = new ArrayList<>();
        final List<String> paths = new ArrayList<>();
        /** Every request, delivered or answered with a scripted failure. */
        public final AtomicLong requests = new AtomicLong();
        private final Deque<Answer> script = new ArrayDeque<>();

        Server(String context) throws IOException {
            http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            http.createContext(context, this::handle);
            http.start();
        }

        /** The next requests get these answers, in order, before going back to success. */
        public synchronized Server then(Answer... answers) {
            script.addAll(List.of(answers));
            return this;
        }

        /** @return {@code http://127.0.0.1:<port>} */
        public String baseUrl() {
            return "http://127.0.0.1:" + http.getAddress().getPort();
        }

        /** @return the request bodies taken (answered with success), in order */
        public synchronized List<JsonNode> delivered() {
            return List.copyOf(delivered);
        }

        /** @return the request paths taken, in order */
        public synchronized List<String> paths() {
            return List.copyOf(paths);
        }

        private void handle(HttpExchange ex) throws IOException {
            requests.incrementAndGet();
            String body;
            try (InputStream in = ex.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Answer a;
            synchronized (this) {
                a = script.pollFirst();
                if (a == null) {
                    delivered.add(JSON.readTree(body));
                    paths.add(ex.getRequestURI().getPath());
                }
            }
            String answer = a == null ? ok(JSON.readTree(body)) : failure(a);
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(a == null ? 200 : a.status(), bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }

        abstract String ok(JsonNode request);

        abstract String failure(Answer a);

        @Override
        public void close() {
            http.stop(0);
        }
    }

    /** Telegram's Bot API, {@code sendMessage} only. */
    public static final class Telegram extends Server {
        private long messageId;

        /** Starts it on an ephemeral port. */
        public Telegram() throws IOException {
            super("/");
        }

        @Override
        String ok(JsonNode request) {
            messageId++;
            return "{\"ok\":true,\"result\":{\"message_id\":" + messageId + ",\"chat\":{\"id\":"
                    + JSON.valueToTree(request.path("chat_id").asText()) + "},\"date\":1764790000,\"text\":"
                    + JSON.valueToTree(request.path("text").asText()) + "}}";
        }

        @Override
        String failure(Answer a) {
            if (a.status() == 429) {
                return "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after "
                        + a.retryAfterS() + "\",\"parameters\":{\"retry_after\":" + a.retryAfterS() + "}}";
            }
            return "{\"ok\":false,\"error_code\":" + a.status() + ",\"description\":\"scripted failure\"}";
        }

        /** @return the texts Telegram took */
        public List<String> texts() {
            return delivered().stream().map(j -> j.path("text").asText()).toList();
        }
    }

    /** A webhook receiver: any path, any JSON body. */
    public static final class Webhook extends Server {
        /** Starts it on an ephemeral port. */
        public Webhook() throws IOException {
            super("/");
        }

        @Override
        String ok(JsonNode request) {
            return "{}";
        }

        @Override
        String failure(Answer a) {
            return "{\"error\":\"scripted " + a.status() + "\"}";
        }

        /** @return the alerts' kinds, in order */
        public List<String> kinds() {
            return delivered().stream().map(j -> j.path("kind").asText()).toList();
        }
    }
}
