package io.aquatrade.backtest.optimize;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.aquatrade.common.AquatradeConfig;

/**
 * One point of a parameter space: the base config with each parameter set to one of its values, validated by every
 * process section.
 *
 * @param index  position in the search's variant order, from 0; breaks ties in the ranking
 * @param names  the parameters' paths, in {@code optimize.parameters} order
 * @param values the value of each parameter, aligned with {@code names}
 * @param config the full config of this variant
 */
public record Variant(int index, List<String> names, List<JsonNode> values, AquatradeConfig config) {
    /** @throws IllegalArgumentException if names and values differ in length */
    public Variant {
        names = List.copyOf(names);
        values = List.copyOf(values);
        if (names.size() != values.size()) {
            throw new IllegalArgumentException(names.size() + " names for " + values.size() + " values");
        }
    }

    /** @return each value as reports show it (see {@link ParameterSpec#text}) */
    public List<String> valueTexts() {
        return values.stream().map(ParameterSpec::text).toList();
    }

    /** @return e.g. "#3 bars=4 stopLossBps=25": the index and each parameter's last key with its value */
    public String label() {
        StringBuilder sb = new StringBuilder("#").append(index);
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            int dot = name.lastIndexOf('.');
            String shortName = dot >= 0 && name.lastIndexOf(']') < dot ? name.substring(dot + 1) : name;
            sb.append(' ').append(shortName).append('=').append(ParameterSpec.text(values.get(i)));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return label();
    }
}
