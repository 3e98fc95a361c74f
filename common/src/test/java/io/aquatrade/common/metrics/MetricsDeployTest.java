package io.aquatrade.common.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.aquatrade.common.testing.SampleData;
import org.junit.jupiter.api.Test;

/**
 * deploy/prometheus/prometheus.yml scrapes the four processes and the notifier at their default ports on the loopback
 * interface, and
 * deploy/grafana/aquatrade.json is a dashboard whose every panel queries something (which series they ask for is
 * checked against real scrapes in the system test MetricsIT).
 */
class MetricsDeployTest {
    @Test
    void prometheusScrapesEachProcessAtItsDefaultPortOnLoopback() throws IOException {
        JsonNode config = new ObjectMapper(new YAMLFactory())
                .readTree(SampleData.projectRoot().resolve("deploy/prometheus/prometheus.yml").toFile());
        JsonNode job = config.get("scrape_configs").get(0);
        assertThat(job.get("metrics_path").asText()).isEqualTo("/metrics");
        List<String> targets = new ArrayList<>();
        for (JsonNode t : job.get("static_configs").get(0).get("targets")) {
            targets.add(t.asText());
        }
        List<String> expected = new ArrayList<>();
        for (String process : List.of("market-data", "signal-generator", "decision-engine", "order-router",
                "notifier")) {
            expected.add("127.0.0.1:" + MetricsConfig.DEFAULT_PORTS.get(process));
        }
        assertThat(targets).containsExactlyElementsOf(expected);
    }

    @Test
    void theGrafanaDashboardHasAQueryInEveryPanel() throws IOException {
        Path file = SampleData.projectRoot().resolve("deploy/grafana/aquatrade.json");
        JsonNode dashboard = new ObjectMapper().readTree(file.toFile());
        assertThat(dashboard.get("uid").asText()).isEqualTo("aquatrade");
        int panels = 0;
        for (JsonNode panel : dashboard.get("panels")) {
            if (panel.get("type").asText().equals("row")) {
                continue;
            }
            panels++;
            assertThat(panel.get("targets")).as(panel.get("title").asText()).isNotEmpty();
            for (JsonNode target : panel.get("targets")) {
                assertThat(target.get("expr").asText()).as(panel.get("title").asText()).isNotBlank();
                assertThat(target.get("datasource").get("uid").asText()).isEqualTo("${datasource}");
            }
        }
        assertThat(panels).isGreaterThanOrEqualTo(12);
    }
}
