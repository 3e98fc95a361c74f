package io.aquatrade.backtest.optimize;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.aquatrade.common.ConfigException;

/**
 * One entry of {@code optimize.parameters}: a config value to vary and the values it takes, either listed
 * ({@code values: [2, 3, 4]}) or as an inclusive arithmetic range ({@code range: {from: 0, to: 100, step: 25}}).
 *
 * @param field  config path of this entry, e.g. "optimize.parameters[0]", for errors
 * @param path   where the value goes in the config
 * @param values the values, in the order they are tried; non-empty, distinct, each a YAML scalar or tree (copied
 *               into each variant)
 */
public record ParameterSpec(String field, ConfigPath path, List<JsonNode> values) {
    /** Most values one parameter may take. */
    public static final int MAX_VALUES = 10_000;

    /** @throws ConfigException naming the field if the values are empty or repeat */
    public ParameterSpec {
        if (values == null || values.isEmpty()) {
            throw new ConfigException(field + ".values", "a non-empty list of values, or a range");
        }
        values = List.copyOf(values);
        Set<JsonNode> seen = new HashSet<>();
        for (int i = 0; i < values.size(); i++) {
            if (!seen.add(values.get(i))) {
                throw new ConfigException(field + ".values[" + i + "]", "distinct values, " + text(values.get(i))
                        + " appears twice");
            }
        }
    }

    /** @return the path's text, e.g. "signal-generator.strategies[vwap-momentum].bars" */
    public String name() {
        return path.text();
    }

    /**
     * Builds an entry from its YAML form.
     *
     * @param field config path of the entry, e.g. "optimize.parameters[0]"
     * @param entry the entry as written
     * @return the validated entry
     * @throws ConfigException naming the first bad field
     */
    public static ParameterSpec of(String field, Entry entry) {
        if (entry == null) {
            throw new ConfigException(field, "{path, values: [...]} or {path, range: {from, to, step}}");
        }
        ConfigPath path = ConfigPath.parse(field + ".path", entry.path());
        if ((entry.values() == null) == (entry.range() == null)) {
            throw new ConfigException(field + ".values", "either values: [...] or range: {from, to, step}, "
                    + (entry.values() == null ? "found neither" : "found both"));
        }
        List<JsonNode> values;
        if (entry.values() != null) {
            values = new ArrayList<>(entry.values());
            for (int i = 0; i < values.size(); i++) {
                if (values.get(i) == null || values.get(i).isNull() || values.get(i).isMissingNode()) {
                    throw new ConfigException(field + ".values[" + i + "]", "a value, was empty");
                }
            }
        } else {
            values = expand(field + ".range", entry.range());
        }
        if (values.size() > MAX_VALUES) {
            throw new ConfigException(field + ".values", "at most " + MAX_VALUES + " values, was " + values.size());
        }
        return new ParameterSpec(field, path, values);
    }

    /**
     * Expands an inclusive range: from, from + step, ... up to and including {@code to} if it is reached exactly.
     * Whole numbers become integer nodes (so that integer parameters accept them), others exact decimals.
     */
    static List<JsonNode> expand(String field, Range range) {
        if (range.from() == null || range.to() == null || range.step() == null) {
            throw new ConfigException(field, "{from, to, step}, all numbers, was missing "
                    + (range.from() == null ? "from" : range.to() == null ? "to" : "step"));
        }
        if (range.step().signum() <= 0) {
            throw new ConfigException(field + ".step", "a number > 0, was " + range.step().toPlainString());
        }
        if (range.to().compareTo(range.from()) < 0) {
            throw new ConfigException(field + ".to", "a number >= from (" + range.from().toPlainString() + "), was "
                    + range.to().toPlainString());
        }
        BigInteger count = range.to().subtract(range.from()).divideToIntegralValue(range.step()).toBigInteger()
                .add(BigInteger.ONE);
        if (count.compareTo(BigInteger.valueOf(MAX_VALUES)) > 0) {
            throw new ConfigException(field, "at most " + MAX_VALUES + " values, from/to/step give " + count);
        }
        List<JsonNode> out = new ArrayList<>(count.intValue());
        for (int k = 0; k < count.intValue(); k++) {
            out.add(number(range.from().add(range.step().multiply(BigDecimal.valueOf(k)))));
        }
        return out;
    }

    private static JsonNode number(BigDecimal value) {
        BigDecimal v = value.stripTrailingZeros();
        if (v.scale() <= 0) {
            BigInteger whole = v.toBigIntegerExact();
            return whole.bitLength() < 32 ? JsonNodeFactory.instance.numberNode(whole.intValue())
                    : whole.bitLength() < 64 ? JsonNodeFactory.instance.numberNode(whole.longValue())
                    : JsonNodeFactory.instance.numberNode(whole);
        }
        return JsonNodeFactory.instance.numberNode(v);
    }

    /**
     * @param value a parameter value
     * @return how it is shown in reports: numbers in plain decimal notation, text as is, trees as JSON
     */
    public static String text(JsonNode value) {
        if (value.isNumber()) {
            return value.isIntegralNumber() ? value.bigIntegerValue().toString()
                    : value.decimalValue().stripTrailingZeros().toPlainString();
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }

    /**
     * An entry as written in YAML, before validation.
     *
     * @param path   dotted config path
     * @param values listed values, or null
     * @param range  a range, or null
     */
    public record Entry(@JsonProperty("path") String path, @JsonProperty("values") List<JsonNode> values,
                        @JsonProperty("range") Range range) {
    }

    /**
     * An inclusive arithmetic range of values as written in YAML.
     *
     * @param from first value
     * @param to   last value, included if {@code from + k * step} reaches it exactly
     * @param step increment, &gt; 0
     */
    public record Range(@JsonProperty("from") BigDecimal from, @JsonProperty("to") BigDecimal to,
                        @JsonProperty("step") BigDecimal step) {
    }
}
