package io.aquatrade.common.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.aquatrade.common.Agent;
import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.ConfigException;
import io.aquatrade.common.ErrorCounters;
import io.aquatrade.common.ErrorHandler;
import io.micrometer.core.instrument.Tags;
import org.junit.jupiter.api.Test;

class ProcessMetricsTest {
    private static final String INSTRUMENTS = "instruments:\n"
            + "  - {symbol: XRPETH, base: XRP, quote: ETH, priceDecimals: 8, sizeDecimals: 0}\n";

    private static MetricsConfig config(String runtimeMetrics) {
        return AquatradeConfig.parse(Path.of("test.yaml"), "runtime:\n  metrics: " + runtimeMetrics + "\n"
                + INSTRUMENTS).runtime().metrics();
    }

    @Test
    void aPortInUseStopsStartUpNamingTheProcesssPortKey() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            MetricsConfig cfg = config("{ports: {decision-engine: " + port + "}}");
            assertThatThrownBy(() -> ProcessMetrics.start("decision-engine", cfg, () -> 0L))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("config runtime.metrics.ports.decision-engine: expected a free port on 127.0.0.1 for "
                            + "decision-engine's /metrics, " + port + " is in use (another process, or a second copy "
                            + "of this one?): choose another port, or set runtime.metrics.enabled: false");
        }
    }

    @Test
    void servesPrometheusTextOnLoopbackWithSampledCountersGaugesAndTheJvmsOwn() throws Exception {
        long[] orders = {0};
        long[] pnlMantissa = {0};
        long[] nowNs = {10_000_000_000L};
        ErrorCounters errors = new ErrorCounters();
        try (ProcessMetrics m = ProcessMetrics.start("order-router", config("{ports: {order-router: 0}}"),
                () -> nowNs[0])) {
            m.counter("aquatrade.orders", "orders sent", Tags.of("strategy", "s1"), () -> orders[0]);
            m.gauge("aquatrade.pnl.realized", "realised P&L, quote units", Tags.of("strategy", "s1"), 8,
                    () -> pnlMantissa[0]);
            m.ageGauge("aquatrade.tick.age", "age of the last tick", Tags.of("instrument", "XRPETH"),
                    () -> 7_500_000_000L);
            m.errors(errors, List.of("orders"));
            Agent agent = m.sampling(new Agent() {
                @Override
                public int doWork() {
                    return 0;
                }

                @Override
                public String roleName() {
                    return "test";
                }
            });
            assertThat(m.port()).isPositive();

            orders[0] = 3;
            pnlMantissa[0] = -123_456_789L;
            agent.doWork(); // the first pass samples
            orders[0] = 4; // not sampled yet: less than a second of the clock since
            nowNs[0] += 999_000_000L;
            agent.doWork();
            errors.onError(ErrorHandler.Kind.DEAD_LETTER, "orders", new IllegalStateException("x"));

            String text = get("http://127.0.0.1:" + m.port() + "/metrics");
            assertThat(text).contains("aquatrade_orders_total{process=\"order-router\",strategy=\"s1\"} 3.0")
                    .contains("aquatrade_pnl_realized{process=\"order-router\",strategy=\"s1\"} -1.23456789")
                    // scraped at 10.999 s, the tick at 7.5 s
                    .contains("aquatrade_tick_age_seconds{instrument=\"XRPETH\",process=\"order-router\"} 3.499")
                    .contains("aquatrade_poison_messages_total{process=\"order-router\",topic=\"orders\"} 1.0")
                    .contains("jvm_memory_used_bytes").contains("jvm_gc_").contains("jvm_threads_live_threads")
                    .contains("system_cpu_count");

            nowNs[0] += 1_000_000L; // a second after the first sample
            agent.doWork();
            assertThat(m.scrape()).contains("aquatrade_orders_total{process=\"order-router\",strategy=\"s1\"} 4.0");
        }
    }

    @Test
    void disabledOpensNoPortButKeepsTheRegistry() {
        try (ProcessMetrics m = ProcessMetrics.start("market-data", config("{enabled: false}"), () -> 0L)) {
            assertThat(m.port()).isEqualTo(-1);
            m.counter("aquatrade.ticks", "ticks", Tags.empty(), () -> 5);
            m.sample();
            assertThat(m.scrape()).contains("aquatrade_ticks_total{process=\"market-data\"} 5.0")
                    .doesNotContain("jvm_memory");
        }
    }

    @Test
    void portsDefaultPerProcessAndBadValuesNameTheirKey() {
        MetricsConfig defaults = config("{}");
        assertThat(defaults.enabled()).isTrue();
        assertThat(defaults.ports()).isEqualTo(Map.of("market-data", 9401, "signal-generator", 9402,
                "decision-engine", 9403, "order-router", 9404, "notifier", 9405));
        assertThat(config("{ports: {order-router: 19404}}").port("order-router")).isEqualTo(19404);
        assertThat(config("{ports: {order-router: 19404}}").port("market-data")).isEqualTo(9401);

        assertThatThrownBy(() -> config("{ports: {order-ruoter: 1}}")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("runtime.metrics.ports.order-ruoter").hasMessageContaining("order-router");
        assertThatThrownBy(() -> config("{ports: {market-data: 70000}}")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("runtime.metrics.ports.market-data: expected a port number 1..65535");
        assertThatThrownBy(() -> config("{ports: {market-data: abc}}")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("runtime.metrics.ports.market-data").hasMessageContaining("'abc'");
        assertThatThrownBy(() -> config("{ports: {market-data: 9402}}")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("runtime.metrics.ports.signal-generator: expected a port no other process "
                        + "uses, 9402 is also runtime.metrics.ports.market-data");
        assertThatThrownBy(() -> config("{enabeld: false}")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("runtime.metrics.enabeld");
    }

    private static String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }
}
