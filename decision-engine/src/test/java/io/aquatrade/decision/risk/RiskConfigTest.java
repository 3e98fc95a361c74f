package io.aquatrade.decision.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.ConfigException;
import io.aquatrade.common.testing.SampleData;
import io.aquatrade.decision.DecisionConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** {@code decision-engine.risk} and the strategies' {@code risk} blocks, parsed from YAML as a process does. */
class RiskConfigTest {
    private static DecisionConfig parse(String risk, String strategyRisk) {
        return DecisionConfig.from(AquatradeConfig.parse(Path.of("test.yaml"), """
                instruments:
                  - {symbol: XRPETH, base: XRP, quote: ETH, priceDecimals: 8, sizeDecimals: 0}
                assets: {XRP: 8, ETH: 8}
                decision-engine:
                """ + (risk == null ? "" : "  risk: " + risk + "\n")
                + "  strategies:\n"
                + "    - {id: a, capital: 1, orderFraction: 0.5" + (strategyRisk == null ? "" : ", risk: "
                + strategyRisk) + "}\n"
                + "    - {id: b, capital: 1, orderFraction: 0.5}\n"));
    }

    @Test
    void withoutRiskKeysThereIsNoRule() {
        DecisionConfig d = parse(null, null);
        assertThat(d.risk().rulesFor("a")).isEqualTo(RiskConfig.Rules.EMPTY);
        assertThat(d.risk().dayStartMs()).isZero();
    }

    @Test
    void aStrategysKeysOverrideTheAccountWideOnesKeyByKey() {
        DecisionConfig d = parse("{dayStartUtc: \"08:30\", maxDailyLoss: {fraction: 0.03}, maxTradesPerDay: 10, "
                        + "maxExposure: {instrument: {fraction: 0.3}, strategy: {fraction: 0.5}, account: {amount: 2}}, "
                        + "cooldown: {losses: 3, minutes: 30}, staleAfterMs: 5000, maxSpreadBps: 20, "
                        + "sizing: {mode: fixed-notional, amount: 0.1}}",
                "{maxDailyLoss: {amount: 0.05}, maxTradesPerDay: {strategy: 1, instrument: 1}, "
                        + "maxExposure: {strategy: {amount: 0.7}}, flattenOnDailyLoss: true, "
                        + "capitalRule: {baseFraction: 0.5, profitFraction: 1.0}, "
                        + "sizing: {mode: volatility, fraction: 0.01, atrMultiple: 2}}");
        RiskConfig risk = d.risk();
        assertThat(risk.dayStartMs()).isEqualTo((8 * 60 + 30) * 60_000L);
        assertThat(risk.accountMaxExposure().amount()).isEqualByComparingTo("2");
        RiskConfig.Rules a = risk.rulesFor("a");
        assertThat(a.maxDailyLoss().amount()).isEqualByComparingTo("0.05");
        assertThat(a.flattenOnDailyLoss()).isTrue();
        assertThat(a.maxTradesPerDay()).isEqualTo(1);
        assertThat(a.maxTradesPerDayPerInstrument()).isEqualTo(1);
        assertThat(a.maxExposureInstrument().fraction()).isEqualByComparingTo("0.3");
        assertThat(a.maxExposureStrategy().amount()).isEqualByComparingTo("0.7");
        assertThat(a.cooldown()).isEqualTo(new RiskConfig.Cooldown(3, false, 30));
        assertThat(a.capitalRule().baseFraction()).isEqualByComparingTo("0.5");
        assertThat(a.capitalRule().profitFraction()).isEqualByComparingTo("1");
        assertThat(a.sizing().mode()).isEqualTo(Sizing.Mode.VOLATILITY);
        assertThat(a.staleAfterMs()).isEqualTo(5000);
        RiskConfig.Rules b = risk.rulesFor("b");
        assertThat(b.maxDailyLoss().fraction()).isEqualByComparingTo("0.03");
        assertThat(b.flattenOnDailyLoss()).isNull();
        assertThat(b.maxTradesPerDay()).isEqualTo(10);
        assertThat(b.maxTradesPerDayPerInstrument()).isNull();
        assertThat(b.maxExposureStrategy().fraction()).isEqualByComparingTo("0.5");
        assertThat(b.capitalRule()).isNull();
        assertThat(b.sizing().mode()).isEqualTo(Sizing.Mode.FIXED_NOTIONAL);
        assertThat(b.maxSpreadBps()).isEqualTo(20);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{maxDailyLoss: 0.03}|-|decision-engine.risk.maxDailyLoss",
            "{maxDailyLoss: {fraction: 0.03, amount: 100}}|-|decision-engine.risk.maxDailyLoss",
            "{maxDailyLoss: {fraction: 1.5}}|-|decision-engine.risk.maxDailyLoss.fraction",
            "{maxDailyLoss: {percent: 3}}|-|decision-engine.risk.maxDailyLoss.percent",
            "{maxDailyLoss: {amount: 0}}|-|decision-engine.risk.maxDailyLoss.amount",
            "{maxDayLoss: {amount: 1}}|-|decision-engine.risk.maxDayLoss",
            "{maxTradesPerDay: 0}|-|decision-engine.risk.maxTradesPerDay",
            "{maxTradesPerDay: 1.5}|-|decision-engine.risk.maxTradesPerDay",
            "{maxTradesPerDay: {day: 1}}|-|decision-engine.risk.maxTradesPerDay.day",
            "{flattenOnDailyLoss: yes please}|-|decision-engine.risk.flattenOnDailyLoss",
            "{dayStartUtc: \"24:00\"}|-|decision-engine.risk.dayStartUtc",
            "{cooldown: {losses: 2}}|-|decision-engine.risk.cooldown.minutes",
            "{cooldown: {minutes: 5}}|-|decision-engine.risk.cooldown",
            "{capitalRule: {baseFraction: 0}}|-|decision-engine.risk.capitalRule.baseFraction",
            "{capitalRule: {baseFraction: 0.5}}|-|decision-engine.risk.capitalRule.profitFraction",
            "{sizing: {mode: kelly}}|-|decision-engine.risk.sizing.mode",
            "{sizing: {mode: volatility, fraction: 0.01}}|-|decision-engine.risk.sizing.atrMultiple",
            "{sizing: {mode: fixed-notional, amount: 1, fraction: 0.5}}|-|decision-engine.risk.sizing.fraction",
            "{staleAfterMs: 0}|-|decision-engine.risk.staleAfterMs",
            "{maxSpreadBps: 10001}|-|decision-engine.risk.maxSpreadBps",
            "-|{dayStartUtc: \"08:00\"}|decision-engine.strategies[0].risk.dayStartUtc",
            "-|{maxExposure: {account: {amount: 1}}}|decision-engine.strategies[0].risk.maxExposure.account",
            "-|{maxOpenPositions: -1}|decision-engine.strategies[0].risk.maxOpenPositions",
            "-|{bogus: 1}|decision-engine.strategies[0].risk.bogus",
            "-|[1, 2]|decision-engine.strategies[0].risk",
    })
    void aBadValueNamesItsField(String risk, String strategyRisk, String field) {
        assertThatThrownBy(() -> parse(risk.equals("-") ? null : risk, strategyRisk.equals("-") ? null : strategyRisk))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).field()).isEqualTo(field));
    }

    @Test
    void anAmountFinerThanTheQuoteAssetStopsStartUp() {
        AquatradeConfig cfg = AquatradeConfig.parse(Path.of("test.yaml"), """
                instruments:
                  - {symbol: XRPETH, base: XRP, quote: ETH, priceDecimals: 8, sizeDecimals: 0}
                assets: {XRP: 8, ETH: 8}
                decision-engine:
                  risk: {maxDailyLoss: {amount: 0.000000001}}
                  strategies:
                    - {id: a, capital: 1, orderFraction: 0.5}
                """);
        DecisionConfig d = DecisionConfig.from(cfg);
        assertThatThrownBy(() -> RiskEngine.from(cfg, d)).isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).field())
                        .isEqualTo("decision-engine.risk.maxDailyLoss.amount"));
    }

    @Test
    void theProjectConfigFileParses() {
        AquatradeConfig cfg = AquatradeConfig.load(SampleData.projectRoot().resolve("config/aquatrade.yaml"));
        RiskEngine.from(cfg, DecisionConfig.from(cfg));
    }
}
