package io.aquatrade.backtest.optimize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aquatrade.common.ConfigException;
import org.junit.jupiter.api.Test;

class OptimizeConfigTest {
    private static OptimizeConfig parse(String section) {
        return OptimizeConfig.from(OptimizeFixtures.config(section));
    }

    private static void rejects(String section, String field, String messagePart) {
        assertThatThrownBy(() -> parse(section))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(messagePart)
                .satisfies(e -> assertThat(((ConfigException) e).field()).isEqualTo(field));
    }

    @Test
    void readsTheDocumentedExampleWithRangesExpandedExactly() {
        OptimizeConfig c = parse("""
                optimize:
                  objective: sharpe
                  method: random
                  samples: 7
                  seed: 42
                  parameters:
                    - {path: 'signal-generator.strategies[vwap-momentum].bars', values: [2, 3, 4, 5]}
                    - {path: 'decision-engine.strategies[vwap-momentum].stopLossBps', range: {from: 0, to: 100, step: 25}}
                    - {path: 'decision-engine.strategies[vwap-momentum].orderFraction', range: {from: 0.25, to: 1.0, step: 0.25}}
                  walkForward: {inSample: 2d, outOfSample: 12h, step: 12h}
                """);

        assertThat(c.objective()).isEqualTo(Objective.SHARPE);
        assertThat(c.method()).isEqualTo(SearchMethod.RANDOM);
        assertThat(c.samples()).isEqualTo(7);
        assertThat(c.seed()).isEqualTo(42);
        assertThat(c.parameters()).extracting(ParameterSpec::name).containsExactly(
                "signal-generator.strategies[vwap-momentum].bars",
                "decision-engine.strategies[vwap-momentum].stopLossBps",
                "decision-engine.strategies[vwap-momentum].orderFraction");
        assertThat(c.parameters().get(1).values()).extracting(ParameterSpec::text)
                .containsExactly("0", "25", "50", "75", "100");
        assertThat(c.parameters().get(1).values()).allMatch(v -> v.isInt());
        assertThat(c.parameters().get(2).values()).extracting(ParameterSpec::text)
                .containsExactly("0.25", "0.5", "0.75", "1");
        assertThat(c.walkForward()).isEqualTo(new WalkForwardConfig(172_800_000L, 43_200_000L, 43_200_000L));
    }

    @Test
    void fillsDefaults() {
        OptimizeConfig c = parse("""
                optimize:
                  parameters: [{path: signal-generator.timeframe, values: [1m, 5m]}]
                """);

        assertThat(c.objective()).isEqualTo(Objective.SHARPE);
        assertThat(c.method()).isEqualTo(SearchMethod.GRID);
        assertThat(c.samples()).isEqualTo(OptimizeConfig.DEFAULT_SAMPLES);
        assertThat(c.seed()).isEqualTo(OptimizeConfig.DEFAULT_SEED);
        assertThat(c.walkForward()).isNull();
        assertThat(c.parameters().get(0).values()).extracting(ParameterSpec::text).containsExactly("1m", "5m");
    }

    @Test
    void errorsNameTheField() {
        String p = "  parameters: [{path: signal-generator.timeframe, values: [1m, 5m]}]\n";
        rejects("optimize:\n  objective: calmar\n" + p, "optimize.objective", "sharpe");
        rejects("optimize:\n  method: annealing\n" + p, "optimize.method", "grid or random");
        rejects("optimize:\n  samples: 0\n" + p, "optimize.samples", "1..10000");
        rejects("optimize:\n  objective: sharpe\n", "optimize.parameters", "non-empty");
        rejects("optimize:\n  parameters: [{path: 'a..b', values: [1]}]\n", "optimize.parameters[0].path",
                "dotted path");
        rejects("optimize:\n  parameters: [{path: signal-generator.timeframe}]\n", "optimize.parameters[0].values",
                "found neither");
        rejects("optimize:\n  parameters: [{path: a.b, values: [1], range: {from: 1, to: 2, step: 1}}]\n",
                "optimize.parameters[0].values", "found both");
        rejects("optimize:\n  parameters: [{path: a.b, values: [1, 2, 1]}]\n", "optimize.parameters[0].values[2]",
                "distinct");
        rejects("optimize:\n  parameters: [{path: a.b, range: {from: 1, to: 2, step: 0}}]\n",
                "optimize.parameters[0].range.step", "> 0");
        rejects("optimize:\n  parameters: [{path: a.b, range: {from: 3, to: 2, step: 1}}]\n",
                "optimize.parameters[0].range.to", ">= from");
        rejects("optimize:\n  parameters: [{path: a.b, range: {from: 0, to: 1000000, step: 1}}]\n",
                "optimize.parameters[0].range", "at most 10000");
        rejects("optimize:\n  parameters: [{path: a.b, values: [1]}, {path: a.b, values: [2]}]\n",
                "optimize.parameters[1].path", "not already varied by parameters[0]");
        rejects("optimize:\n" + p + "  walkForward: {inSample: 2d, outOfSample: 12h, step: 6h}\n",
                "optimize.walkForward.step", "contiguous");
        rejects("optimize:\n" + p + "  walkForward: {inSample: two days, outOfSample: 12h}\n",
                "optimize.walkForward.inSample", "duration");
        rejects("optimize:\n" + p + "  walkForward: {inSample: 2d}\n", "optimize.walkForward.outOfSample",
                "missing");
    }

    @Test
    void unknownKeysAreErrors() {
        assertThatThrownBy(() -> parse("optimize:\n  objectve: sharpe\n"
                + "  parameters: [{path: signal-generator.timeframe, values: [1m]}]\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("optimize")
                .hasMessageContaining("objectve");
    }

    @Test
    void aMissingSectionIsAnError() {
        assertThatThrownBy(() -> OptimizeConfig.from(OptimizeFixtures.config("")))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).field()).isEqualTo("optimize"));
    }
}
