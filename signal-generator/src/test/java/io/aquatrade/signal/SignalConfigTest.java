package io.aquatrade.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.ConfigException;
import io.aquatrade.common.testing.SampleData;
import io.aquatrade.signal.strategy.VwapMomentumStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SignalConfigTest {
    private static final String INSTRUMENTS = """
            instruments:
              - {symbol: XRPETH, base: XRP, quote: ETH, priceDecimals: 8, sizeDecimals: 0}
              - {symbol: ETHBTC, base: ETH, quote: BTC, priceDecimals: 6, sizeDecimals: 4}
            """;

    private static SignalConfig parse(String section, String timeframeFlag) {
        return SignalConfig.from(AquatradeConfig.parse(Path.of("test.yaml"), INSTRUMENTS + section), timeframeFlag);
    }

    @Test
    void theProjectConfigFileIsValid() {
        AquatradeConfig cfg = AquatradeConfig.load(SampleData.projectRoot().resolve("config/aquatrade.yaml"));
        SignalConfig config = SignalConfig.from(cfg, null);
        assertThat(config.timeframeMs()).isEqualTo(300_000L);
        assertThat(config.strategies()).hasSize(1);
        StrategyConfig s = config.strategies().get(0);
        assertThat(s.id()).isEqualTo("vwap-momentum");
        assertThat(s.type()).isEqualTo("vwap-momentum");
        assertThat(s.instruments()).containsExactly("XRPETH");
        assertThat(s.factory()).isEqualTo(new VwapMomentumStrategy.Params(3, VwapMomentumStrategy.VwapSource.SESSION));
    }

    @Test
    void parsesEveryFieldAndTheTimeframeFlagWins() {
        SignalConfig config = parse("""
                signal-generator:
                  timeframe: 15m
                  strategies:
                    - {id: fast, type: vwap-momentum, instruments: [XRPETH, ETHBTC], bars: 2, vwap: bar}
                    - {id: slow, type: vwap-momentum, instruments: [ETHBTC]}
                """, "1m");
        assertThat(config.timeframeMs()).isEqualTo(60_000L);
        assertThat(config.strategies()).extracting(StrategyConfig::id).containsExactly("fast", "slow");
        assertThat(config.strategies().get(0).instruments()).containsExactly("XRPETH", "ETHBTC");
        assertThat(config.strategies().get(0).factory())
                .isEqualTo(new VwapMomentumStrategy.Params(2, VwapMomentumStrategy.VwapSource.BAR));
        assertThat(config.strategies().get(1).factory())
                .isEqualTo(new VwapMomentumStrategy.Params(3, VwapMomentumStrategy.VwapSource.SESSION));
        assertThat(parse("signal-generator:\n  timeframe: 15m\n", null).timeframeMs()).isEqualTo(900_000L);
    }

    @Test
    void withoutASectionBarsAreFiveMinutesAndNoStrategyRuns() {
        SignalConfig config = parse("", null);
        assertThat(config).isEqualTo(SignalConfig.defaults());
        assertThat(config.timeframeMs()).isEqualTo(300_000L);
        assertThat(config.strategies()).isEmpty();
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "timeframe: 7x | signal-generator.timeframe",
            "timeframe: 2d | signal-generator.timeframe",
            "timeframe: 0m | signal-generator.timeframe",
            "strategies: [{id: a, type: breakout, instruments: [XRPETH]}] | signal-generator.strategies[0].type",
            "strategies: [{id: a, instruments: [XRPETH]}] | signal-generator.strategies[0].type",
            "strategies: [{id: a, type: vwap-momentum, instruments: [XRPETH], bars: 0}] | signal-generator.strategies[0].bars",
            "strategies: [{id: a, type: vwap-momentum, instruments: [XRPETH], bars: 2.5}] | signal-generator.strategies[0].bars",
            "strategies: [{id: a, type: vwap-momentum, instruments: [XRPETH], bars: three}] | signal-generator.strategies[0].bars",
            "strategies: [{id: a, type: vwap-momentum, instruments: [XRPETH], vwap: daily}] | signal-generator.strategies[0].vwap",
            "strategies: [{id: a, type: vwap-momentum, instruments: [XRPETH], lookback: 5}] | signal-generator.strategies[0].lookback",
            "strategies: [{id: a, type: vwap-momentum, instruments: [XRPETH, BTCUSDT]}] | signal-generator.strategies[0].instruments[1]",
            "strategies: [{id: a, type: vwap-momentum, instruments: []}] | signal-generator.strategies[0].instruments",
            "strategies: [{id: a, type: vwap-momentum, instruments: [XRPETH, XRPETH]}] | signal-generator.strategies[0].instruments[1]",
            "strategies: [{type: vwap-momentum, instruments: [XRPETH]}] | signal-generator.strategies[0].id",
            "strategies: [{id: 'a b', type: vwap-momentum, instruments: [XRPETH]}] | signal-generator.strategies[0].id",
            "strategies: [{id: a, type: vwap-momentum, instruments: [XRPETH]}, {id: a, type: vwap-momentum, instruments: [ETHBTC]}] | signal-generator.strategies[1].id",
            "timeframes: 5m | signal-generator.timeframes"})
    void aBadValueIsAConfigExceptionNamingItsField(String line, String field) {
        assertThatThrownBy(() -> parse("signal-generator:\n  " + line + "\n", null))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.field()).isEqualTo(field))
                .hasMessageContaining(field);
    }

    @Test
    void aBadTimeframeFlagNamesTheFlag() {
        assertThatThrownBy(() -> parse("", "7x"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.field()).isEqualTo("--timeframe"));
    }
}
