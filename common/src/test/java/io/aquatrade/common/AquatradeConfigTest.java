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
    void anInstrumentErrorNamesTheFieldOnceWithTheWholeMessage() {
        String second = INSTRUMENTS + "  - {symbol: %s, base: ADA, quote: BTC, priceDecimals: 8, sizeDecimals: 0%s}\n";
        assertThatThrownBy(() -> parse(second.formatted("ADABTC", ", maxQuantity: 0")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("config instruments[ADABTC].maxQuantity: expected a quantity > 0, was mantissa 0")
                .satisfies(e -> assertThat(((ConfigException) e).field()).isEqualTo("instruments[ADABTC].maxQuantity"));
        assertThatThrownBy(() -> parse(second.formatted("ADABTC", ", maxQuantity: 0.5")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("config instruments[ADABTC].maxQuantity: expected a quantity in base units with at most "
                        + "sizeDecimals (0) decimals that fits a long mantissa, was 0.5");
        assertThatThrownBy(() -> parse(second.formatted("adabtc", "")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("config instruments[1].symbol: expected upper-case venue symbol like XRPETH, was adabtc");
        assertThatThrownBy(() -> parse(second.formatted("ADABTC", ", maxQty: 1")))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).field()).isEqualTo("instruments[1].maxQty"));
    }

    @Test
    void aNestedErrorIsLocatedOnceWhetherItNamesItsFieldRelativelyOrInFull() {
        ConfigException relative = AquatradeConfig.located("signal-generator", new ConfigException("fast",
                "a length >= 1, was 0"));
        assertThat(relative).hasMessage("config signal-generator.fast: expected a length >= 1, was 0");
        ConfigException full = new ConfigException("signal-generator.strategies[0].fast", "a length >= 1, was 0");
        assertThat(AquatradeConfig.located("signal-generator", full)).isSameAs(full);
        assertThat(AquatradeConfig.located("instruments[2]", new ConfigException("instruments[BTCUSDT].base", "x"))
                .field()).isEqualTo("instruments[BTCUSDT].base");
        assertThat(AquatradeConfig.located("instruments[2]", new ConfigException("instruments[].symbol", "x"))
                .field()).isEqualTo("instruments[2].symbol");
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

    @Test
    void heartbeatSettingsDefaultAndAreChecked() {
        assertThat(parse(INSTRUMENTS).runtime().heartbeat()).isEqualTo(new HeartbeatConfig(null, 1000));
        assertThat(parse("runtime: {heartbeat: {intervalMs: 250, dir: var/hb}}\n" + INSTRUMENTS).runtime().heartbeat())
                .isEqualTo(new HeartbeatConfig("var/hb", 250));
        assertThatThrownBy(() -> parse("runtime: {heartbeat: {intervalMs: 5}}\n" + INSTRUMENTS))
                .isInstanceOf(ConfigException.class).hasMessageContaining("runtime.heartbeat.intervalMs")
                .hasMessageContaining("10..3600000");
        assertThatThrownBy(() -> parse("runtime: {heartbeat: {intervalMS: 500}}\n" + INSTRUMENTS))
                .isInstanceOf(ConfigException.class).hasMessageContaining("runtime.heartbeat");
    }
}
