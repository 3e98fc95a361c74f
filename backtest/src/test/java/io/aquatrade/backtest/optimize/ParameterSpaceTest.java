package io.aquatrade.backtest.optimize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import io.aquatrade.common.ConfigException;
import io.aquatrade.decision.DecisionConfig;
import io.aquatrade.signal.SignalConfig;
import io.aquatrade.signal.StrategyConfig;
import io.aquatrade.signal.strategy.VwapMomentumStrategy;
import org.junit.jupiter.api.Test;

class ParameterSpaceTest {
    private static final String THREE = """
            optimize:
              parameters:
                - {path: 'signal-generator.strategies[vwap-momentum].bars', values: [2, 3, 4]}
                - {path: 'decision-engine.strategies[vwap-momentum].stopLossBps', values: [0, 50]}
                - {path: signal-generator.timeframe, values: [1m, 5m, 15m, 1h]}
            """;

    @Test
    void gridIsExactlyTheCartesianProductInNestedLoopOrder() {
        ParameterSpace space = OptimizeFixtures.space(THREE);

        List<List<Integer>> expected = new ArrayList<>();
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 2; b++) {
                for (int c = 0; c < 4; c++) {
                    expected.add(List.of(a, b, c));
                }
            }
        }
        assertThat(space.size()).isEqualTo(24);
        assertThat(space.grid()).containsExactlyElementsOf(expected);
        assertThat(space.grid()).isEqualTo(space.grid());
    }

    @Test
    void eachVariantsConfigCarriesItsValuesAndOnlyThose() {
        ParameterSpace space = OptimizeFixtures.space(THREE);
        List<Variant> variants = space.variants(space.grid());

        assertThat(variants).hasSize(24);
        for (int k = 0; k < variants.size(); k++) {
            Variant v = variants.get(k);
            List<Integer> choice = space.grid().get(k);
            assertThat(v.index()).isEqualTo(k);
            SignalConfig signal = SignalConfig.from(v.config(), null);
            StrategyConfig strategy = signal.strategies().get(0);
            DecisionConfig decision = DecisionConfig.from(v.config());
            assertThat(((VwapMomentumStrategy.Params) strategy.factory()).bars()).isEqualTo(List.of(2, 3, 4).get(choice.get(0)));
            assertThat(decision.strategies().get(0).stopLossBps()).isEqualTo(List.of(0, 50).get(choice.get(1)));
            assertThat(signal.timeframeMs()).isEqualTo(List.of(60_000L, 300_000L, 900_000L, 3_600_000L)
                    .get(choice.get(2)));
            // untouched values stay as in the base config
            assertThat(decision.strategies().get(0).capital()).isEqualByComparingTo(BigDecimal.ONE);
            assertThat(v.config().instruments()).containsOnlyKeys("XRPETH");
        }
        assertThat(variants.get(5).label()).isEqualTo("#5 bars=2 stopLossBps=50 timeframe=5m");
        assertThat(variants.get(5).valueTexts()).containsExactly("2", "50", "5m");
    }

    @Test
    void randomSampleIsReproducibleBySeedDistinctAndInsideTheGrid() {
        ParameterSpace space = OptimizeFixtures.space("""
                optimize:
                  parameters:
                    - {path: 'signal-generator.strategies[vwap-momentum].bars', range: {from: 1, to: 40, step: 1}}
                    - {path: 'decision-engine.strategies[vwap-momentum].stopLossBps', range: {from: 0, to: 500, step: 5}}
                """);

        List<List<Integer>> a = space.random(30, 7);
        List<List<Integer>> b = space.random(30, 7);
        List<List<Integer>> c = space.random(30, 8);

        assertThat(space.size()).isEqualTo(40 * 101);
        assertThat(a).hasSize(30).isEqualTo(b).isNotEqualTo(c);
        assertThat(new HashSet<>(a)).hasSize(30);
        assertThat(space.grid()).containsAll(a);
        // Pins the draw: java.util.Random's algorithm is specified, so this is the same on every JVM.
        java.util.Random r = new java.util.Random(7);
        assertThat(a.get(0)).containsExactly(r.nextInt(40), r.nextInt(101));
    }

    @Test
    void randomOverASmallSpaceIsASeededShuffleWithoutRepeats() {
        ParameterSpace space = OptimizeFixtures.space(THREE);

        List<List<Integer>> all = space.random(100, 3);
        List<List<Integer>> some = space.random(20, 3);

        assertThat(all).hasSize(24).containsExactlyInAnyOrderElementsOf(space.grid()).isNotEqualTo(space.grid());
        assertThat(some).hasSize(20).isEqualTo(all.subList(0, 20));
        assertThat(space.random(100, 3)).isEqualTo(all);
    }

    @Test
    void choosesByTheConfiguredMethod() {
        String section = THREE.replace("optimize:\n", "optimize:\n  method: random\n  samples: 5\n  seed: 9\n");
        OptimizeConfig opt = OptimizeConfig.from(OptimizeFixtures.config(section));
        ParameterSpace space = OptimizeFixtures.space(section);

        assertThat(space.choose(opt)).isEqualTo(space.random(5, 9));
        assertThat(space.choose(opt.withWalkForward(null))).hasSize(5);
        assertThat(OptimizeFixtures.space(THREE).choose(OptimizeConfig.from(OptimizeFixtures.config(THREE))))
                .isEqualTo(space.grid());
    }

    @Test
    void unresolvedPathsAreStartUpErrorsNamingThePath() {
        assertThatThrownBy(() -> OptimizeFixtures.space("""
                optimize:
                  parameters:
                    - {path: 'signal-generator.strategies[vwap-momentum].bars', values: [2]}
                    - {path: 'decision-engine.strategies[ma-cross].stopLossBps', values: [0, 50]}
                """))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).field()).isEqualTo("optimize.parameters[1].path"))
                .hasMessageContaining("no entry with id 'ma-cross'");
    }

    @Test
    void aKeyTheSectionDoesNotKnowIsAPathError() {
        assertThatThrownBy(() -> OptimizeFixtures.space("""
                optimize:
                  parameters:
                    - {path: 'decision-engine.strategies[vwap-momentum].stopLosBps', values: [0, 50]}
                """))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).field()).isEqualTo("optimize.parameters[0].path"))
                .hasMessageContaining("stopLosBps");
    }

    @Test
    void aValueTheProcessSectionRejectsNamesTheParameterAndTheSectionsField() {
        ParameterSpace space = OptimizeFixtures.space("""
                optimize:
                  parameters:
                    - {path: 'signal-generator.strategies[vwap-momentum].bars', values: [2]}
                    - {path: 'decision-engine.strategies[vwap-momentum].orderFraction', values: [0.5, 1.5]}
                """);

        assertThat(space.variant(0, List.of(0, 0)).config()).isNotNull();
        assertThatThrownBy(() -> space.variants(space.grid()))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).field()).isEqualTo("optimize.parameters[1]"))
                .hasMessageContaining("1.5 is not")
                .hasMessageContaining("decision-engine.strategies[0].orderFraction");
    }

    @Test
    void aGridLargerThanTheLimitIsRefusedButRandomSamplesIt() {
        ParameterSpace space = OptimizeFixtures.space("""
                optimize:
                  parameters:
                    - {path: 'signal-generator.strategies[vwap-momentum].bars', range: {from: 1, to: 200, step: 1}}
                    - {path: 'decision-engine.strategies[vwap-momentum].stopLossBps', range: {from: 0, to: 10000, step: 10}}
                """);

        assertThatThrownBy(space::grid)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("method: random")
                .satisfies(e -> assertThat(((ConfigException) e).field()).isEqualTo("optimize.parameters"));
        assertThat(space.random(10, 1)).hasSize(10);
    }

    @Test
    void bestConfigYamlReloadsToTheSameVariant() {
        ParameterSpace space = OptimizeFixtures.space(THREE);
        Variant v = space.variants(space.grid()).get(17);

        io.aquatrade.common.AquatradeConfig reloaded = io.aquatrade.common.AquatradeConfig.parse(
                OptimizeFixtures.configFile(), space.yaml(v));

        assertThat(SignalConfig.from(reloaded, null)).isEqualTo(SignalConfig.from(v.config(), null));
        assertThat(DecisionConfig.from(reloaded)).isEqualTo(DecisionConfig.from(v.config()));
    }
}
