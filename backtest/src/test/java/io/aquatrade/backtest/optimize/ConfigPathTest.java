package io.aquatrade.backtest.optimize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.aquatrade.common.ConfigException;
import org.junit.jupiter.api.Test;

class ConfigPathTest {
    private static final String FIELD = "optimize.parameters[0].path";

    private static ObjectNode tree() throws Exception {
        return (ObjectNode) new ObjectMapper(new YAMLFactory()).readTree(OptimizeFixtures.configYaml(""));
    }

    @Test
    void selectsAListEntryByIdAndReadsAndWritesItsKey() throws Exception {
        ObjectNode root = tree();
        ConfigPath path = ConfigPath.parse(FIELD, "signal-generator.strategies[vwap-momentum].bars");

        assertThat(path.get(FIELD, root).intValue()).isEqualTo(3);
        path.set(FIELD, root, IntNode.valueOf(7));
        assertThat(root.at("/signal-generator/strategies/0/bars").intValue()).isEqualTo(7);
    }

    @Test
    void selectsByIndexAndMayAddAnAbsentLastKey() throws Exception {
        ObjectNode root = tree();
        ConfigPath byIndex = ConfigPath.parse(FIELD, "market-data.replay.files[0].symbol");
        ConfigPath absent = ConfigPath.parse(FIELD, "signal-generator.timeframe2");

        assertThat(byIndex.get(FIELD, root).asText()).isEqualTo("XRPETH");
        assertThat(absent.get(FIELD, root)).isNull();
        absent.set(FIELD, root, IntNode.valueOf(1));
        assertThat(root.at("/signal-generator/timeframe2").intValue()).isEqualTo(1);
    }

    @Test
    void aDottedStepIntoAListSelectsLikeBrackets() throws Exception {
        ObjectNode root = tree();
        ConfigPath dotted = ConfigPath.parse(FIELD, "signal-generator.strategies.vwap-momentum.bars");
        ConfigPath bracketed = ConfigPath.parse(FIELD, "signal-generator.strategies[vwap-momentum].bars");

        assertThat(dotted.get(FIELD, root).intValue()).isEqualTo(3);
        assertThat(ConfigPath.parse(FIELD, "market-data.replay.files.0.format").get(FIELD, root).asText())
                .isEqualTo("freqtrade-trades");
        assertThat(dotted).isEqualTo(bracketed).hasSameHashCodeAs(bracketed);
        assertThatThrownBy(() -> ConfigPath.parse(FIELD, "signal-generator.strategies.vwap-momentum").get(FIELD, root))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("not a whole entry");
    }

    @Test
    void pathsThatDoNotResolveNameTheFieldAndWhy() throws Exception {
        ObjectNode root = tree();

        assertThatThrownBy(() -> ConfigPath.parse(FIELD, "signal-generator.strategies[nope].bars").get(FIELD, root))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(FIELD)
                .hasMessageContaining("no entry with id 'nope'")
                .hasMessageContaining("[vwap-momentum]");
        assertThatThrownBy(() -> ConfigPath.parse(FIELD, "backtest.fees").get(FIELD, root))
                .hasMessageContaining("backtest is not in the config");
        assertThatThrownBy(() -> ConfigPath.parse(FIELD, "market-data.replay.files[3].path").get(FIELD, root))
                .hasMessageContaining("has 1 entries, no [3]");
        assertThatThrownBy(() -> ConfigPath.parse(FIELD, "signal-generator.timeframe.x").get(FIELD, root))
                .hasMessageContaining("signal-generator.timeframe is not a mapping");
    }

    @Test
    void malformedPathsAreRejectedWhenParsed() {
        for (String bad : new String[] {"", "a..b", "a.", ".a", "a[", "a[]", "a]b", "a[x]b",
                "signal-generator.strategies[vwap-momentum]", "optimize.seed"}) {
            assertThatThrownBy(() -> ConfigPath.parse(FIELD, bad)).as(bad)
                    .isInstanceOf(ConfigException.class)
                    .satisfies(e -> assertThat(((ConfigException) e).field()).isEqualTo(FIELD));
        }
    }
}
