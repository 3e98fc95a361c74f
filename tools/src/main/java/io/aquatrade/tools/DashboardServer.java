package io.aquatrade.tools;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aquatrade.common.ConfigException;
import io.aquatrade.common.KillSwitch;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's HTTP server (Jetty 12), bound to 127.0.0.1 only. It serves the page and its script from the
 * classpath, ECharts from its webjar (so the page works offline), the JSON views the {@link DashboardAgent} builds,
 * and one action: {@code POST /api/kill-switch} turns the kill switch on, exactly as {@code bin/aquatrade kill-switch
 * on} does ({@link KillSwitchCommand#turn}), when the request carries the configured token as
 * {@code Authorization: Bearer <token>}; anything else is refused with 403 and changes nothing.
 *
 * <p>Routes: {@code GET /} (the page), {@code /dashboard.js}, {@code /dashboard.css}, {@code /echarts.min.js},
 * {@code /api/status}, {@code /api/instruments}, {@code /api/bars?instrument=SYMBOL}, {@code /api/fills},
 * {@code /api/equity}; {@code POST /api/kill-switch} with an optional JSON body {@code {"flatten": false,
 * "reason": "..."}}. A request whose {@code Host} is not 127.0.0.1 or localhost is refused (403), so that a web page
 * elsewhere cannot reach the dashboard through a DNS name rebound to 127.0.0.1. The token is never logged.
 */
final class DashboardServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Largest request body read, bytes. */
    private static final int MAX_BODY_BYTES = 4096;
    private static final String ECHARTS_POM = "META-INF/maven/org.webjars.npm/echarts/pom.properties";

    /** Turns the kill switch on; the dashboard's one write. */
    @FunctionalInterface
    interface KillSwitchAction {
        /**
         * @param flatten also close every position at market
         * @param reason  why, for the log and {@code kill-switch status}
         * @return the message written on the control topic
         */
        KillSwitch turnOn(boolean flatten, String reason);
    }

    private final Server server;
    private final ServerConnector connector;

    /**
     * @param config   port and token
     * @param views    the latest views ({@link DashboardAgent#views()})
     * @param action   what the kill-switch button does
     * @throws IllegalStateException if a page resource or the ECharts webjar is missing from the classpath
     */
    DashboardServer(DashboardConfig config, Supplier<DashboardAgent.Views> views, KillSwitchAction action) {
        QueuedThreadPool threads = new QueuedThreadPool(16, 2);
        threads.setName("dashboard-http");
        threads.setDaemon(true);
        this.server = new Server(threads);
        this.connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(config.port());
        server.addConnector(connector);
        server.setHandler(new Routes(config.token(), views, action, staticFiles()));
        server.setStopTimeout(2_000);
    }

    /**
     * Starts serving.
     *
     * @throws ConfigException naming {@code dashboard.port} when the port cannot be bound (in use)
     */
    void start() {
        try {
            server.start();
        } catch (IOException e) {
            close();
            throw new ConfigException("dashboard.port", "a free port on 127.0.0.1 (or --port N), "
                    + connector.getPort() + " cannot be bound: " + e.getMessage());
        } catch (Exception e) {
            close();
            throw new IllegalStateException("the dashboard's HTTP server did not start", e);
        }
    }

    /** @return the port served, once started (the one chosen when configured 0) */
    int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("dashboard: stopping the HTTP server failed: {}", e.toString());
        }
    }

    /** The page's files, read once from the classpath: path -> (content type, bytes). */
    private static Map<String, Static> staticFiles() {
        Properties echarts = new Properties();
        try (InputStream in = resource(ECHARTS_POM)) {
            echarts.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Static> files = new LinkedHashMap<>();
        String page = "io/aquatrade/tools/dashboard/";
        files.put("/", new Static("text/html; charset=utf-8", bytes(page + "index.html")));
        files.put("/dashboard.js", new Static("text/javascript; charset=utf-8", bytes(page + "dashboard.js")));
        files.put("/dashboard.css", new Static("text/css; charset=utf-8", bytes(page + "dashboard.css")));
        files.put("/echarts.min.js", new Static("text/javascript; charset=utf-8", bytes(
                "META-INF/resources/webjars/echarts/" + echarts.getProperty("version") + "/dist/echarts.min.js")));
        return files;
    }

    private static InputStream resource(String name) {
        InputStream in = DashboardServer.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("the dashboard's resource " + name + " is not on the classpath (is the "
                    + "tools module built with its dependencies, org.webjars.npm:echarts among them?)");
        }
        return in;
    }

    private static byte[] bytes(String name) {
        try (InputStream in = resource(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }

    private record Static(String contentType, byte[] body) {
    }

    /** Every route; one handler, as there are few. */
    private static final class Routes extends Handler.Abstract {
        private final byte[] token;
        private final Supplier<DashboardAgent.Views> views;
        private final KillSwitchAction action;
        private final Map<String, Static> files;

        Routes(String token, Supplier<DashboardAgent.Views> views, KillSwitchAction action, Map<String, Static> files) {
            this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
            this.views = views;
            this.action = action;
            this.files = files;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            response.getHeaders().put("X-Content-Type-Options", "nosniff");
            response.getHeaders().put("Content-Security-Policy", "default-src 'self'; style-src 'self' "
                    + "'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'");
            if (!localHost(request.getHeaders().get(HttpHeader.HOST))) {
                return json(response, callback, HttpStatus.FORBIDDEN_403, error("the dashboard answers requests "
                        + "to 127.0.0.1 or localhost only"));
            }
            String path = Request.getPathInContext(request);
            String method = request.getMethod();
            if (path.equals("/api/kill-switch")) {
                if (!method.equals("POST")) {
                    return json(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, error("POST only"));
                }
                return killSwitch(request, response, callback);
            }
            if (!method.equals("GET") && !method.equals("HEAD")) {
                return json(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, error("GET only"));
            }
            DashboardAgent.Views v = views.get();
            switch (path) {
                case "/api/status":
                    return send(response, callback, 200, "application/json", v.status());
                case "/api/instruments":
                    return send(response, callback, 200, "application/json", v.instruments());
                case "/api/fills":
                    return send(response, callback, 200, "application/json", v.fills());
                case "/api/equity":
                    return send(response, callback, 200, "application/json", v.equity());
                case "/api/bars": {
                    Fields query = Request.extractQueryParameters(request);
                    String symbol = query.getValue("instrument");
                    byte[] chart = symbol == null ? null : v.charts().get(symbol);
                    if (chart == null) {
                        return json(response, callback, HttpStatus.NOT_FOUND_404, error("instrument=SYMBOL, one of "
                                + v.charts().keySet()));
                    }
                    return send(response, callback, 200, "application/json", chart);
                }
                default:
                    Static file = files.get(path.equals("/index.html") ? "/" : path);
                    if (file == null) {
                        return json(response, callback, HttpStatus.NOT_FOUND_404, error("no such page: " + path));
                    }
                    return send(response, callback, 200, file.contentType(), file.body());
            }
        }

        private boolean killSwitch(Request request, Response response, Callback callback) throws Exception {
            String remote = Request.getRemoteAddr(request);
            if (token == null) {
                LOG.warn("dashboard: refused a kill-switch request from {}: no token is configured", remote);
                return json(response, callback, HttpStatus.FORBIDDEN_403, error("the kill-switch button is off: set "
                        + "dashboard.token or " + DashboardConfig.TOKEN_ENV + "; nothing was changed"));
            }
            String auth = request.getHeaders().get(HttpHeader.AUTHORIZATION);
            byte[] given = auth != null && auth.startsWith("Bearer ")
                    ? auth.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
            if (!MessageDigest.isEqual(token, given)) {
                LOG.warn("dashboard: refused a kill-switch request from {}: {} token", remote,
                        auth == null ? "no" : "a wrong");
                return json(response, callback, HttpStatus.FORBIDDEN_403, error("wrong or missing token: the kill "
                        + "switch was not changed"));
            }
            boolean flatten = false;
            String reason = "dashboard";
            if (request.getLength() > MAX_BODY_BYTES) {
                return json(response, callback, HttpStatus.PAYLOAD_TOO_LARGE_413, error("at most " + MAX_BODY_BYTES
                        + " bytes"));
            }
            String body = Content.Source.asString(request, StandardCharsets.UTF_8);
            if (body != null && !body.isBlank()) {
                JsonNode node;
                try {
                    node = JSON.readTree(body);
                } catch (IOException e) {
                    return json(response, callback, HttpStatus.BAD_REQUEST_400, error("a JSON object {\"flatten\": "
                            + "false, \"reason\": \"...\"}"));
                }
                flatten = node.path("flatten").asBoolean(false);
                String text = node.path("reason").asText("").strip();
                if (!text.isEmpty()) {
                    reason = "dashboard: " + text;
                }
            }
            KillSwitch written;
            try {
                synchronized (action) { // one write at a time from this process's HTTP threads
                    written = action.turnOn(flatten, reason);
                }
            } catch (ConfigException e) {
                return json(response, callback, HttpStatus.BAD_REQUEST_400, error(e.getMessage()));
            }
            Map<String, Object> ok = new LinkedHashMap<>();
            ok.put("on", written.on());
            ok.put("flatten", written.flatten());
            ok.put("line", MessageFormatter.killSwitchLine(written));
            return json(response, callback, 200, ok);
        }

        private static boolean localHost(String host) {
            if (host == null) {
                return false;
            }
            String name = host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1)
                    : host.contains(":") ? host.substring(0, host.indexOf(':')) : host;
            return name.equals("127.0.0.1") || name.equalsIgnoreCase("localhost") || name.equals("[::1]");
        }

        private static Map<String, Object> error(String text) {
            return Map.of("error", text);
        }

        private static boolean json(Response response, Callback callback, int status, Object body) throws IOException {
            return send(response, callback, status, "application/json", JSON.writeValueAsBytes(body));
        }

        private static boolean send(Response response, Callback callback, int status, String contentType,
                                    byte[] body) {
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
            response.write(true, ByteBuffer.wrap(body), callback);
            return true;
        }
    }
}
