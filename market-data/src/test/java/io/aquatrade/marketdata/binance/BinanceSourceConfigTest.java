package io.aquatrade.marketdata.binance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.aquatrade.common.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BinanceSourceConfigTest {
    /** Configured like AquatradeConfig's mapper: unknown keys and nulls for primitives are errors. */
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    @Test
    void anEmptySectionTakesBinanceSpotDefaults() throws Exception {
        BinanceSourceConfig config = YAML.readValue("{}", BinanceSourceConfig.class);
        assertThat(config).isEqualTo(BinanceSourceConfig.defaults());
        assertThat(config).isEqualTo(new BinanceSourceConfig("wss://stream.binance.com:9443/",
                "https://api.binance.com", 65536, 10_000, 1_000, 60_000, 30_000, 250));
        assertThat(new BinanceSourceConfig("wss://stream.binance.com:9443/", "https://api.binance.com", 65536))
                .isEqualTo(config);
    }

    @Test
    void readsEveryKeyAndNormalisesTheAddresses() throws Exception {
        BinanceSourceConfig config = YAML.readValue("""
                streamUri: ws://127.0.0.1:9000
                restUri: http://127.0.0.1:9000/
                queueCapacity: 1024
                connectTimeoutMs: 2000
                reconnectInitialDelayMs: 100
                reconnectMaxDelayMs: 5000
                staleAfterMs: 0
                reorderMs: 1000
                """, BinanceSourceConfig.class);
        assertThat(config).isEqualTo(new BinanceSourceConfig("ws://127.0.0.1:9000/", "http://127.0.0.1:9000", 1024,
                2000, 100, 5000, 0, 1000));
    }

    @Test
    void anUnknownKeyIsAnError() {
        assertThatThrownBy(() -> YAML.readValue("queueCapacty: 10", BinanceSourceConfig.class))
                .isInstanceOf(UnrecognizedPropertyException.class)
                .hasMessageContaining("queueCapacty");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            streamUri: https://stream.binance.com/       | market-data.binance.streamUri
            streamUri: 'wss://'                          | market-data.binance.streamUri
            streamUri: 'wss://host/?streams=x'           | market-data.binance.streamUri
            restUri: wss://api.binance.com               | market-data.binance.restUri
            restUri: ' '                                 | market-data.binance.restUri
            queueCapacity: 0                             | market-data.binance.queueCapacity
            queueCapacity: 16777217                      | market-data.binance.queueCapacity
            connectTimeoutMs: 99                         | market-data.binance.connectTimeoutMs
            reconnectMaxDelayMs: 0                       | market-data.binance.reconnectMaxDelayMs
            reconnectInitialDelayMs: 0                   | market-data.binance.reconnectInitialDelayMs
            '{reconnectInitialDelayMs: 5000, reconnectMaxDelayMs: 4000}' | market-data.binance.reconnectInitialDelayMs
            staleAfterMs: 499                            | market-data.binance.staleAfterMs
            staleAfterMs: -1                             | market-data.binance.staleAfterMs
            staleAfterMs: 3600001                        | market-data.binance.staleAfterMs
            reorderMs: -1                                | market-data.binance.reorderMs
            reorderMs: 10001                             | market-data.binance.reorderMs
            startAttempts: 0                             | market-data.binance.startAttempts
            startAttempts: 1001                          | market-data.binance.startAttempts
            """)
    void aBadValueNamesItsField(String yaml, String field) {
        assertThatThrownBy(() -> YAML.readValue(yaml, BinanceSourceConfig.class))
                .isInstanceOf(ValueInstantiationException.class)
                .cause()
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).field()).isEqualTo(field));
    }
}
