package io.aquatrade.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.testing.SampleData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The research config's backtest writes one trade context file per fill, as the signal-generator process does. */
class TradeContextBacktestTest {
    @TempDir
    Path dir;

    @Test
    void everyFillGetsItsBarsBeforeAndAfter() throws Exception {
        String yaml = Files.readString(SampleData.projectRoot().resolve("config/research.yaml"))
                .replace("var/research/trade-context", dir.resolve("context").toString().replace('\\', '/'));
        AquatradeConfig cfg = AquatradeConfig.parse(Path.of("research.yaml"), yaml);
        MarketHistory history = MarketHistory.load(cfg, List.of(new MarketHistory.Input(
                SampleData.file("XRP_ETH-trades.json.gz"), "freqtrade-trades", "XRPETH")));

        BacktestReport report = Backtest.runWithTradeContext(cfg, history, Long.MIN_VALUE, Long.MAX_VALUE);

        assertThat(report.fills()).isNotEmpty();
        ObjectMapper json = new ObjectMapper();
        for (OrderFilled f : report.fills()) {
            Path file = dir.resolve("context").resolve(f.clientOrderId() + "-" + f.tradeId() + ".jsonl");
            assertThat(file).exists();
            List<String> lines = Files.readAllLines(file);
            JsonNode header = json.readTree(lines.get(0));
            assertThat(header.get("clientOrderId").asText()).isEqualTo(f.clientOrderId());
            assertThat(header.get("eventTimeNs").asLong()).isEqualTo(f.eventTimeNs());
            int before = header.get("barsBefore").asInt();
            int after = header.get("barsAfter").asInt();
            assertThat(lines).hasSize(1 + before + after);
            assertThat(before).isLessThanOrEqualTo(50);
            assertThat(after).isLessThanOrEqualTo(25);
            if (header.get("complete").asBoolean()) {
                assertThat(after).isEqualTo(25);
            }
            for (int i = 1; i < lines.size(); i++) {
                JsonNode bar = json.readTree(lines.get(i));
                boolean isBefore = i <= before;
                assertThat(bar.get("closeTimeNs").asLong() <= f.eventTimeNs()).isEqualTo(isBefore);
            }
        }
        try (Stream<Path> files = Files.list(dir.resolve("context"))) {
            assertThat(files.count()).isEqualTo(report.fills().size());
        }
        // parallel research runs (the optimiser) never write files
        Backtest.run(cfg, history, Long.MIN_VALUE, Long.MAX_VALUE);
        try (Stream<Path> files = Files.list(dir.resolve("context"))) {
            assertThat(files.count()).isEqualTo(report.fills().size());
        }
    }
}
