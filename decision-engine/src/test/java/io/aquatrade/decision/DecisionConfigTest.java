package io.aquatrade.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Path;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.ConfigException;
import io.aquatrade.common.OrderType;
import io.aquatrade.common.testing.SampleData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class DecisionConfigTest {
    private static AquatradeConfig parse(String section) {
        return AquatradeConfig.parse(Path.of("test.yaml"), """
                instruments:
                  - {symbol: XRPETH, base: XRP, quote: ETH, priceDecimals: 8, sizeDecimals: 0}
                assets: {XRP: 8, ETH: 8}
                decision-engine:
                """ + section);
    }

    @Test
    void theProjectConfigFileMapsToTheDocumentedStrategy() {
        AquatradeConfig config = AquatradeConfig.load(SampleData.projectRoot().resolve("config/aquatrade.yaml"));
        DecisionConfig decision = DecisionConfig.from(config);
        assertThat(decision.strategies()).hasSize(1);
        DecisionConfig.StrategyConfig s = decision.strategy("vwap-momentum");
        assertThat(s).isNotNull();
        assertThat(s.capital()).isEqualByComparingTo("1.0");
        assertThat(s.orderFraction()).isEqualByComparingTo("0.5");
        assertThat(s.stopLossBps()).isZero();
        assertThat(s.allowShort()).isFalse();
        assertThat(s.orderType()).isEqualTo(OrderType.MARKET);
        assertThat(s.limitOffsetBps()).isEqualTo(10);
        assertThat(decision.orderTimeoutMs()).isEqualTo(30_000);
        assertThat(decision.finishedOrdersKept()).isEqualTo(10_000);
        assertThat(decision.finishedOrderRetentionMs()).isEqualTo(86_400_000L);
    }

    @Test
    void theOrderTrackingKeysMapAndDefault() {
        DecisionConfig set = DecisionConfig.from(parse("""
                  strategies:
                    - {id: a, capital: 1, orderFraction: 0.5}
                  orderTimeoutMs: 5000
                  finishedOrdersKept: 50
                  finishedOrderRetentionMs: 3600000
                """));
        assertThat(set.orderTimeoutMs()).isEqualTo(5_000);
        assertThat(set.finishedOrdersKept()).isEqualTo(50);
        assertThat(set.finishedOrderRetentionMs()).isEqualTo(3_600_000);
        DecisionConfig defaults = DecisionConfig.from(
                parse("  strategies:\n    - {id: a, capital: 1, orderFraction: 1}\n"));
        assertThat(defaults.orderTimeoutMs()).isEqualTo(DecisionConfig.DEFAULT_ORDER_TIMEOUT_MS);
        assertThat(defaults.finishedOrdersKept()).isEqualTo(DecisionConfig.DEFAULT_FINISHED_ORDERS_KEPT);
        assertThat(defaults.finishedOrderRetentionMs()).isEqualTo(DecisionConfig.DEFAULT_FINISHED_ORDER_RETENTION_MS);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "orderTimeoutMs: 0             | decision-engine.orderTimeoutMs",
        "orderTimeoutMs: 1.5           | decision-engine.orderTimeoutMs",
        "orderTimeoutMs: 86400001      | decision-engine.orderTimeoutMs",
        "finishedOrdersKept: -1        | decision-engine.finishedOrdersKept",
        "finishedOrdersKept: 10000001  | decision-engine.finishedOrdersKept",
        "finishedOrderRetentionMs: 0   | decision-engine.finishedOrderRetentionMs",
        "orderTimeout: 100             | orderTimeout",
    })
    void aBadOrderTrackingValueNamesItsField(String line, String field) {
        AquatradeConfig config = parse("  strategies:\n    - {id: a, capital: 1, orderFraction: 1}\n  "
                + line.trim() + "\n");
        assertThatThrownBy(() -> DecisionConfig.from(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(field);
    }

    @Test
    void theOrderAndShortKeysMapWithTheirDefaults() {
        DecisionConfig d = DecisionConfig.from(parse("""
                  strategies:
                    - {id: ma-cross, capital: 1, orderFraction: 0.5, allowShort: true, orderType: limit,
                       limitOffsetBps: 25}
                    - {id: ema-cross, capital: 1, orderFraction: 0.5, orderType: limit}
                    - {id: plain, capital: 1, orderFraction: 0.5, orderType: market, allowShort: false}
                """));
        DecisionConfig.StrategyConfig ma = d.strategy("ma-cross");
        assertThat(ma.allowShort()).isTrue();
        assertThat(ma.orderType()).isEqualTo(OrderType.LIMIT);
        assertThat(ma.limitOffsetBps()).isEqualTo(25);
        DecisionConfig.StrategyConfig ema = d.strategy("ema-cross");
        assertThat(ema.allowShort()).isFalse();
        assertThat(ema.orderType()).isEqualTo(OrderType.LIMIT);
        assertThat(ema.limitOffsetBps()).isEqualTo(DecisionConfig.DEFAULT_LIMIT_OFFSET_BPS);
        assertThat(d.strategy("plain").orderType()).isEqualTo(OrderType.MARKET);
        // the four-argument constructor keeps the defaults of the newer keys
        assertThat(new DecisionConfig.StrategyConfig("a", BigDecimal.ONE, BigDecimal.ONE, 0))
                .isEqualTo(new DecisionConfig.StrategyConfig("a", BigDecimal.ONE, BigDecimal.ONE, 0, false,
                        OrderType.MARKET, 10));
    }

    @Test
    void theStopOrderKeysMapWithTheirDefaults() {
        DecisionConfig d = DecisionConfig.from(parse("""
                  strategies:
                    - {id: m, capital: 1, orderFraction: 0.5, stopOrder: market}
                    - {id: l, capital: 1, orderFraction: 0.5, stopOrder: limit, stopLimitOffsetBps: 30}
                    - {id: n, capital: 1, orderFraction: 0.5, stopOrder: none}
                    - {id: d, capital: 1, orderFraction: 0.5}
                """));
        assertThat(d.strategy("m").stopOrder()).isEqualTo(DecisionConfig.StopOrder.MARKET);
        assertThat(d.strategy("m").stopLimitOffsetBps()).isEqualTo(DecisionConfig.DEFAULT_LIMIT_OFFSET_BPS);
        assertThat(d.strategy("l").stopOrder()).isEqualTo(DecisionConfig.StopOrder.LIMIT);
        assertThat(d.strategy("l").stopLimitOffsetBps()).isEqualTo(30);
        assertThat(d.strategy("n").stopOrder()).isEqualTo(DecisionConfig.StopOrder.NONE);
        assertThat(d.strategy("d").stopOrder()).isEqualTo(DecisionConfig.StopOrder.NONE);
        assertThat(d.strategy("d").trailingStopBps()).isZero();
        assertThat(d.strategy("d").exitOrder()).isNull();
        assertThat(d.strategy("d").scaleInMaxAdds()).isZero();
        assertThat(DecisionConfig.from(parse("""
                  strategies:
                    - {id: s, capital: 1, orderFraction: 0.5, scaleIn: {maxAdds: 3}}
                """)).strategy("s").scaleInMaxAdds()).isEqualTo(3);
        assertThat(DecisionConfig.from(parse("""
                  strategies:
                    - {id: x, capital: 1, orderFraction: 0.5, exitOrder: {type: limit, repriceMs: 5000, deadlineMs: 60000}}
                """)).strategy("x").exitOrder()).isEqualTo(new DecisionConfig.LimitExit(5000, 60000));
        assertThat(DecisionConfig.from(parse("""
                  strategies:
                    - {id: t, capital: 1, orderFraction: 0.5, trailingStop: {bps: 75}}
                """)).strategy("t").trailingStopBps()).isEqualTo(75);
        DecisionConfig atr = DecisionConfig.from(parse("""
                  strategies:
                    - {id: a, capital: 1, orderFraction: 0.5, trailingStop: {atr: 2.5}}
                    - {id: w, capital: 1, orderFraction: 0.5, trailingStop: {atr: 3}}
                    - {id: b, capital: 1, orderFraction: 0.5, trailingStop: {bps: 75}}
                    - {id: n, capital: 1, orderFraction: 0.5}
                """));
        assertThat(atr.strategy("a").trailingStop().atr()).isEqualByComparingTo("2.5");
        assertThat(atr.strategy("a").trailingStopBps()).isZero();
        assertThat(atr.strategy("w").trailingStop().atr()).isEqualByComparingTo("3");
        assertThat(atr.strategy("b").trailingStop()).isEqualTo(new DecisionConfig.TrailingStop(75, null));
        assertThat(atr.strategy("n").trailingStop()).isEqualTo(DecisionConfig.TrailingStop.NONE);
    }

    @Test
    void aTrailingStopInAtrMultiplesSaysWhatItExpects() {
        assertThatThrownBy(() -> DecisionConfig.from(parse("""
                  strategies:
                    - {id: a, capital: 1, orderFraction: 0.5, trailingStop: {atr: 2.125}}
                """)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("decision-engine.strategies[0].trailingStop.atr")
                .hasMessageContaining("at most 2 decimals")
                .hasMessageContaining("2.125");
        assertThatThrownBy(() -> DecisionConfig.from(parse("""
                  strategies:
                    - {id: a, capital: 1, orderFraction: 0.5, trailingStop: {bps: 50, atr: 2}}
                """)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("decision-engine.strategies[0].trailingStop")
                .hasMessageContaining("bps")
                .hasMessageContaining("atr")
                .hasMessageContaining("mutually exclusive");
    }

    @Test
    void stopLossBpsDefaultsToZero() {
        DecisionConfig d = DecisionConfig.from(parse("""
                  strategies:
                    - {id: a, capital: 2, orderFraction: 1}
                """));
        assertThat(d.strategies().get(0).stopLossBps()).isZero();
        assertThat(d.strategies().get(0).capital()).isEqualByComparingTo(BigDecimal.valueOf(2));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "{id: a, capital: 1.0, orderFraction: 0}                       | decision-engine.strategies[0].orderFraction",
        "{id: a, capital: 1.0, orderFraction: 1.5}                     | decision-engine.strategies[0].orderFraction",
        "{id: a, capital: 0, orderFraction: 0.5}                       | decision-engine.strategies[0].capital",
        "{id: a, capital: -1, orderFraction: 0.5}                      | decision-engine.strategies[0].capital",
        "{id: a, orderFraction: 0.5}                                   | decision-engine.strategies[0].capital",
        "{id: a, capital: 0.000000001, orderFraction: 0.5}             | decision-engine.strategies[0].capital",
        "{id: a, capital: 1, orderFraction: 0.5, stopLossBps: -1}      | decision-engine.strategies[0].stopLossBps",
        "{id: a, capital: 1, orderFraction: 0.5, stopLossBps: 2.5}     | decision-engine.strategies[0].stopLossBps",
        "{id: a, capital: 1, orderFraction: 0.5, stopLossBps: 10001}   | decision-engine.strategies[0].stopLossBps",
        "{id: 'a b', capital: 1, orderFraction: 0.5}                   | decision-engine.strategies[0].id",
        "{capital: 1, orderFraction: 0.5}                              | decision-engine.strategies[0].id",
        "{id: a, capital: 1, orderFraction: 0.5, stopLoss: 5}          | decision-engine.strategies[0].stopLoss",
        "{id: a, capital: 1, orderFraction: 0.5, orderType: stop}      | decision-engine.strategies[0].orderType",
        "{id: a, capital: 1, orderFraction: 0.5, orderType: LIMIT}     | decision-engine.strategies[0].orderType",
        "{id: a, capital: 1, orderFraction: 0.5, limitOffsetBps: -1}   | decision-engine.strategies[0].limitOffsetBps",
        "{id: a, capital: 1, orderFraction: 0.5, limitOffsetBps: 1001} | decision-engine.strategies[0].limitOffsetBps",
        "{id: a, capital: 1, orderFraction: 0.5, limitOffsetBps: 2.5}  | decision-engine.strategies[0].limitOffsetBps",
        "{id: a, capital: 1, orderFraction: 0.5, allowShort: maybe}    | decision-engine.strategies[0].allowShort",
        "{id: a, capital: 1, orderFraction: 0.5, allowShorts: true}    | decision-engine.strategies[0].allowShorts",
        "{id: a, capital: 1, orderFraction: 0.5, stopOrder: stop}      | decision-engine.strategies[0].stopOrder",
        "{id: a, capital: 1, orderFraction: 0.5, trailingStop: {bps: 0}}     | decision-engine.strategies[0].trailingStop.bps",
        "{id: a, capital: 1, orderFraction: 0.5, trailingStop: {bps: 10001}} | decision-engine.strategies[0].trailingStop.bps",
        "{id: a, capital: 1, orderFraction: 0.5, trailingStop: {bps: 2.5}}   | decision-engine.strategies[0].trailingStop.bps",
        "{id: a, capital: 1, orderFraction: 0.5, trailingStop: {bps: x}}     | decision-engine.strategies[0].trailingStop.bps",
        "{id: a, capital: 1, orderFraction: 0.5, trailingStop: {atr: 0}}     | decision-engine.strategies[0].trailingStop.atr",
        "{id: a, capital: 1, orderFraction: 0.5, trailingStop: {atr: -1.5}}  | decision-engine.strategies[0].trailingStop.atr",
        "{id: a, capital: 1, orderFraction: 0.5, trailingStop: {atr: 2.125}} | decision-engine.strategies[0].trailingStop.atr",
        "{id: a, capital: 1, orderFraction: 0.5, trailingStop: {atr: 100.01}} | decision-engine.strategies[0].trailingStop.atr",
        "{id: a, capital: 1, orderFraction: 0.5, trailingStop: {atr: x}}     | decision-engine.strategies[0].trailingStop.atr",
        "{id: a, capital: 1, orderFraction: 0.5, trailingStop: {atr: 2, bps: 50}} | decision-engine.strategies[0].trailingStop",
        "{id: a, capital: 1, orderFraction: 0.5, trailingStop: {atr: 2, x: 1}} | decision-engine.strategies[0].trailingStop.x",
        "{id: a, capital: 1, orderFraction: 0.5, trailingStop: {pct: 2}}     | decision-engine.strategies[0].trailingStop.pct",
        "{id: a, capital: 1, orderFraction: 0.5, trailingStop: {}}           | decision-engine.strategies[0].trailingStop",
        "{id: a, capital: 1, orderFraction: 0.5, exitOrder: {type: stop}}    | decision-engine.strategies[0].exitOrder.type",
        "{id: a, capital: 1, orderFraction: 0.5, scaleIn: {maxAdds: 0}}     | decision-engine.strategies[0].scaleIn.maxAdds",
        "{id: a, capital: 1, orderFraction: 0.5, scaleIn: {maxAdds: 101}}   | decision-engine.strategies[0].scaleIn.maxAdds",
        "{id: a, capital: 1, orderFraction: 0.5, scaleIn: {maxAdds: 1.5}}   | decision-engine.strategies[0].scaleIn.maxAdds",
        "{id: a, capital: 1, orderFraction: 0.5, scaleIn: {}}               | decision-engine.strategies[0].scaleIn.maxAdds",
        "{id: a, capital: 1, orderFraction: 0.5, scaleIn: {maxAdds: 2, x: 1}} | decision-engine.strategies[0].scaleIn.x",
        "{id: a, capital: 1, orderFraction: 0.5, exitOrder: {type: limit, deadlineMs: 5}} | decision-engine.strategies[0].exitOrder.repriceMs",
        "{id: a, capital: 1, orderFraction: 0.5, exitOrder: {type: limit, repriceMs: 5}}  | decision-engine.strategies[0].exitOrder.deadlineMs",
        "{id: a, capital: 1, orderFraction: 0.5, exitOrder: {type: limit, repriceMs: 0, deadlineMs: 5}} | decision-engine.strategies[0].exitOrder.repriceMs",
        "{id: a, capital: 1, orderFraction: 0.5, exitOrder: {type: market, repriceMs: 5}} | decision-engine.strategies[0].exitOrder.type",
        "{id: a, capital: 1, orderFraction: 0.5, exitOrder: {type: limit, repriceMs: 5, deadlineMs: 9, x: 1}} | decision-engine.strategies[0].exitOrder.x",
        "{id: a, capital: 1, orderFraction: 0.5, stopLossBps: 50, takeProfit: [{r: 0, fraction: 0.5}]} | decision-engine.strategies[0].takeProfit[0].r",
        "{id: a, capital: 1, orderFraction: 0.5, stopLossBps: 50, takeProfit: [{r: 1}]}                | decision-engine.strategies[0].takeProfit[0].fraction",
        "{id: a, capital: 1, orderFraction: 0.5, stopLossBps: 50, takeProfit: [{r: 1, fraction: 1.5}]} | decision-engine.strategies[0].takeProfit[0].fraction",
        "{id: a, capital: 1, orderFraction: 0.5, stopLossBps: 50, takeProfit: [{r: 1, fraction: 0.6}, {r: 2, fraction: 0.6}]} | decision-engine.strategies[0].takeProfit",
        "{id: a, capital: 1, orderFraction: 0.5, takeProfit: [{r: 1, fraction: 0.5}]}                  | decision-engine.strategies[0].takeProfit",
        "{id: a, capital: 1, orderFraction: 0.5, stopLossBps: 50, takeProfit: [{r: 1, fraction: 0.5, x: 1}]} | decision-engine.strategies[0].takeProfit[0].x",
        "{id: a, capital: 1, orderFraction: 0.5, stopOrder: MARKET}    | decision-engine.strategies[0].stopOrder",
        "{id: a, capital: 1, orderFraction: 0.5, stopLimitOffsetBps: 1001} | decision-engine.strategies[0].stopLimitOffsetBps",
        "{id: a, capital: 1, orderFraction: 0.5, stopLimitOffsetBps: 0.5}  | decision-engine.strategies[0].stopLimitOffsetBps",
    })
    void aBadValueNamesItsField(String entry, String field) {
        AquatradeConfig config = parse("  strategies:\n    - " + entry.trim() + "\n");
        assertThatThrownBy(() -> DecisionConfig.from(config))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).field()).isEqualTo(field))
                .hasMessageContaining(field);
    }

    @Test
    void theIndexOfTheBadEntryIsNamed() {
        AquatradeConfig config = parse("""
                  strategies:
                    - {id: a, capital: 1, orderFraction: 0.5}
                    - {id: b, capital: 1, orderFraction: 2}
                """);
        assertThatThrownBy(() -> DecisionConfig.from(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("decision-engine.strategies[1].orderFraction");
    }

    @Test
    void duplicateIdsAreRejected() {
        AquatradeConfig config = parse("""
                  strategies:
                    - {id: a, capital: 1, orderFraction: 0.5}
                    - {id: a, capital: 1, orderFraction: 0.5}
                """);
        assertThatThrownBy(() -> DecisionConfig.from(config))
                .hasMessageContaining("decision-engine.strategies[1].id");
    }

    @Test
    void aMissingSectionOrEmptyListIsAnError() {
        AquatradeConfig none = AquatradeConfig.parse(Path.of("test.yaml"), """
                instruments:
                  - {symbol: XRPETH, base: XRP, quote: ETH, priceDecimals: 8, sizeDecimals: 0}
                """);
        assertThatThrownBy(() -> DecisionConfig.from(none)).hasMessageContaining("config decision-engine:");
        assertThatThrownBy(() -> DecisionConfig.from(parse("  strategies: []\n")))
                .hasMessageContaining("decision-engine.strategies");
    }

    @Test
    void sizeDecimalsBeyondTheBaseAssetDecimalsAreRejected() {
        AquatradeConfig config = AquatradeConfig.parse(Path.of("test.yaml"), """
                instruments:
                  - {symbol: XRPETH, base: XRP, quote: ETH, priceDecimals: 8, sizeDecimals: 8}
                assets: {XRP: 6, ETH: 8}
                decision-engine:
                  strategies:
                    - {id: a, capital: 1, orderFraction: 0.5}
                """);
        assertThatThrownBy(() -> DecisionConfig.from(config)).hasMessageContaining("assets.XRP");
    }
}
