package io.aquatrade.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import io.aquatrade.common.testing.SampleData;
import org.junit.jupiter.api.Test;

class AquatradeConfigTest {
    private static final String INSTRUMENTS = "instruments:\n"
            + "  - {symbol: XRPETH, base: XRP, quote: ETH, priceDecimals: 8, sizeDecimals: 0}\n";

    private static AquatradeConfig parse(String yaml) {
        return AquatradeConfig.parse(Path.of("test.yaml"), yaml);
    }

    @Test
    void theShippedConfigLoads() {
        AquatradeConfig cfg = AquatradeConfig.load(SampleData.projectRoot().resolve("config/aquatrade.yaml"));
        assertThat(cfg.instrument("XRPETH").priceDecimals()).isEqualTo(8);
        assertThat(cfg.runtime().sequencing()).isEqualTo(Sequencer.Mode.EVENT_TIME);
        assertThat(cfg.assets()).containsExactly("XRP", "ETH");
    }

    @Test
    void errorsNameTheField() {
        assertThatThrownBy(() -> parse("runtime: {idle: spinny}\n" + INSTRUMENTS))
                .isInstanceOf(ConfigException.class).hasMessageContaining("runtime.idle");
        assertThatThrownBy(() -> parse("runtime: {sequencing: random}\n" + INSTRUMENTS))
                .isInstanceOf(ConfigException.class).hasMessageContaining("runtime.sequencing");
        assertThatThrownBy(() -> parse("runtime: {queueDri: x}\n" + INSTRUMENTS))
                .isInstanceOf(ConfigException.class).hasMessageContaining("runtime.queueDri");
        assertThatThrownBy(() -> parse("instruments:\n  - {symbol: XRPETH, base: XRP, quote: ETH, priceDecimals: 30}\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("priceDecimals");
        assertThatThrownBy(() -> parse("instrumnets: []\n" + INSTRUMENTS))
                .isInstanceOf(ConfigException.class).hasMessageContaining("instrumnets");
        assertThatThrownBy(() -> parse("runtime: {}\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("instruments");
        assertThatThrownBy(() -> parse(INSTRUMENTS + "assets: {ETH: -1}\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("assets.ETH");
    }

    @Test
    void durations() {
        assertThat(AquatradeConfig.durationMs("f", "5m")).isEqualTo(300_000L);
        assertThat(AquatradeConfig.durationMs("f", "1h")).isEqualTo(3_600_000L);
        assertThat(AquatradeConfig.formatDurationMs(300_000L)).isEqualTo("5m");
        assertThatThrownBy(() -> AquatradeConfig.durationMs("signal-generator.timeframe", "7x"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("signal-generator.timeframe");
        assertThatThrownBy(() -> AquatradeConfig.durationMs("f", "0m")).isInstanceOf(ConfigException.class);
    }
}
