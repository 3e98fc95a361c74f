package io.aquatrade.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aquatrade.common.ConfigException;
import io.aquatrade.common.KillSwitch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's HTTP server on an ephemeral port of 127.0.0.1: the page, its script and ECharts from the classpath,
 * the views as given, and the kill-switch POST: refused (403, the action not called) without a token configured, with
 * none given, with a wrong one or with a request addressed to another host; done with the token, with the body's
 * flatten and reason.
 */
class DashboardServerTest {
    private static final String TOKEN = "server-test-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> turnedOn = new ArrayList<>();
    private DashboardServer server;

    private final DashboardAgent.Views views = new DashboardAgent.Views(bytes("{\"status\":1}"),
            bytes("{\"fills\":[]}"), bytes("{\"series\":{}}"), bytes("{\"instruments\":[\"XRPETH\"]}"),
            Map.of("XRPETH", bytes("{\"instrument\":\"XRPETH\"}")));

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private String start(String token) {
        server = new DashboardServer(new DashboardConfig(0, token), () -> views, (flatten, reason) -> {
            turnedOn.add(flatten + " " + reason);
            return new KillSwitch().on(true).flatten(flatten).reason(reason).source("dashboard@test")
                    .eventTimeNs(1_570_752_000_000_000_000L);
        });
        server.start();
        assertThat(server.port()).isPositive();
        return "http://127.0.0.1:" + server.port();
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String url, String authorization, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesThePageItsScriptEchartsAndTheViews() throws Exception {
        String base = start(TOKEN);
        HttpResponse<String> page = get(base + "/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("text/html"));
        assertThat(page.body()).contains("<script src=\"echarts.min.js\"></script>", "id=\"positions\"",
                "id=\"kill-switch-on\"");
        assertThat(get(base + "/dashboard.js").body()).contains("api/kill-switch");
        HttpResponse<String> echarts = get(base + "/echarts.min.js");
        assertThat(echarts.statusCode()).isEqualTo(200);
        assertThat(echarts.body()).hasSizeGreaterThan(500_000).contains("candlestick");
        assertThat(get(base + "/api/status").body()).isEqualTo("{\"status\":1}");
        assertThat(get(base + "/api/instruments").body()).isEqualTo("{\"instruments\":[\"XRPETH\"]}");
        assertThat(get(base + "/api/bars?instrument=XRPETH").body()).isEqualTo("{\"instrument\":\"XRPETH\"}");
        HttpResponse<String> unknown = get(base + "/api/bars?instrument=BTCUSDT");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("XRPETH");
        assertThat(get(base + "/../pom.xml").statusCode()).isIn(400, 404);
        assertThat(get(base + "/api/kill-switch").statusCode()).isEqualTo(405);
        assertThat(turnedOn).isEmpty();
    }

    @Test
    void theKillSwitchGoesOnWithTheTokenOnly() throws Exception {
        String url = start(TOKEN) + "/api/kill-switch";
        HttpResponse<String> none = post(url, null, "");
        assertThat(none.statusCode()).isEqualTo(403);
        assertThat(post(url, "Bearer " + TOKEN + "x", "").statusCode()).isEqualTo(403);
        assertThat(post(url, "Bearer " + TOKEN.substring(1), "").statusCode()).isEqualTo(403);
        assertThat(post(url, TOKEN, "").statusCode()).isEqualTo(403);
        assertThat(post(url, "Basic " + TOKEN, "").statusCode()).isEqualTo(403);
        assertThat(turnedOn).isEmpty();
        assertThat(none.body()).doesNotContain(TOKEN);

        HttpResponse<String> ok = post(url, "Bearer " + TOKEN, "");
        assertThat(ok.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(ok.body());
        assertThat(body.get("on").asBoolean()).isTrue();
        assertThat(body.get("line").asText()).contains("killSwitch on=true");
        assertThat(turnedOn).containsExactly("false dashboard");

        assertThat(post(url, "Bearer " + TOKEN, "{\"flatten\": true, \"reason\": \"venue down\"}").statusCode())
                .isEqualTo(200);
        assertThat(turnedOn).containsExactly("false dashboard", "true dashboard: venue down");
        assertThat(post(url, "Bearer " + TOKEN, "not json").statusCode()).isEqualTo(400);
        assertThat(turnedOn).hasSize(2);
    }

    @Test
    void withoutATokenConfiguredTheButtonRefusesEveryRequest() throws Exception {
        String url = start(null) + "/api/kill-switch";
        HttpResponse<String> r = post(url, "Bearer anything-at-all-1234567", "");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("dashboard.token", DashboardConfig.TOKEN_ENV);
        assertThat(turnedOn).isEmpty();
    }

    @Test
    void aRequestForAnotherHostIsRefused() throws Exception {
        start(TOKEN);
        // a page elsewhere reaching 127.0.0.1 through a rebound DNS name sends its own host name
        for (String request : List.of("GET /api/status HTTP/1.1\r\nHost: attacker.example:" + server.port()
                        + "\r\nConnection: close\r\n\r\n",
                "POST /api/kill-switch HTTP/1.1\r\nHost: attacker.example\r\nAuthorization: Bearer " + TOKEN
                        + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
                OutputStream out = s.getOutputStream();
                out.write(request.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = s.getInputStream();
                assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 403");
            }
        }
        assertThat(turnedOn).isEmpty();
        assertThat(get("http://localhost:" + server.port() + "/api/status").statusCode()).isEqualTo(200);
    }

    @Test
    void aPortInUseStopsStartUpNamingTheField() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            DashboardServer busy = new DashboardServer(new DashboardConfig(taken.getLocalPort(), TOKEN), () -> views,
                    (flatten, reason) -> {
                        throw new AssertionError("not called");
                    });
            assertThatThrownBy(busy::start).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("dashboard.port").hasMessageContaining(Integer.toString(
                            taken.getLocalPort()));
        }
    }

    @Test
    void theConfigTakesTheTokenFromTheFileElseTheEnvironmentAndNeverShowsIt() {
        io.aquatrade.common.AquatradeConfig withToken = io.aquatrade.common.AquatradeConfig.parse(Path.of("t.yaml"),
                "instruments: [{symbol: XRPETH, base: XRP, quote: ETH, priceDecimals: 8, sizeDecimals: 0}]\n"
                        + "dashboard: {port: 9410, token: " + TOKEN + "}\n");
        DashboardConfig fromFile = DashboardConfig.from(withToken, Map.of(DashboardConfig.TOKEN_ENV,
                "environment-token-0123456789"));
        assertThat(fromFile.port()).isEqualTo(9410);
        assertThat(fromFile.token()).isEqualTo(TOKEN);
        assertThat(fromFile.toString()).doesNotContain(TOKEN);

        io.aquatrade.common.AquatradeConfig without = io.aquatrade.common.AquatradeConfig.parse(Path.of("t.yaml"),
                "instruments: [{symbol: XRPETH, base: XRP, quote: ETH, priceDecimals: 8, sizeDecimals: 0}]\n");
        DashboardConfig fromEnv = DashboardConfig.from(without, Map.of(DashboardConfig.TOKEN_ENV,
                "environment-token-0123456789"));
        assertThat(fromEnv.port()).isEqualTo(DashboardConfig.DEFAULT_PORT);
        assertThat(fromEnv.token()).isEqualTo("environment-token-0123456789");
        assertThat(DashboardConfig.from(without, Map.of()).token()).isNull();

        assertThatThrownBy(() -> DashboardConfig.from(without, Map.of(DashboardConfig.TOKEN_ENV, "short-secret")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(DashboardConfig.TOKEN_ENV)
                .hasMessageContaining("at least 16").hasMessageNotContaining("short-secret");
        assertThatThrownBy(() -> io.aquatrade.common.AquatradeConfig.parse(Path.of("t.yaml"),
                "instruments: [{symbol: XRPETH, base: XRP, quote: ETH, priceDecimals: 8, sizeDecimals: 0}]\n"
                        + "dashboard: {port: 70000}\n").section("dashboard", DashboardConfig.class))
                .isInstanceOf(ConfigException.class).hasMessageContaining("dashboard.port")
                .hasMessageContaining("70000");
        assertThatThrownBy(() -> io.aquatrade.common.AquatradeConfig.parse(Path.of("t.yaml"),
                "instruments: [{symbol: XRPETH, base: XRP, quote: ETH, priceDecimals: 8, sizeDecimals: 0}]\n"
                        + "dashboard: {prot: 9400}\n").section("dashboard", DashboardConfig.class))
                .isInstanceOf(ConfigException.class).hasMessageContaining("dashboard");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
