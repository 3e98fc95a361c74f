package io.aquatrade.backtest.optimize;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aquatrade.common.ConfigException;

/**
 * A dotted path to one value of the config's YAML tree, such as
 * {@code signal-generator.strategies[vwap-momentum].bars}: mapping keys separated by '.', and list entries selected
 * by {@code [id]} (the entry whose {@code id} key equals it, as strategies are named) or {@code [n]} (the n-th entry,
 * from 0). A key may contain any character but '.', '[' and ']'; a selector any but ']'. A plain dotted step that
 * meets a list selects the same way, so {@code signal-generator.strategies.vwap-momentum.bars} is the same path.
 *
 * <p>YAML note: inside a flow mapping ({@code {path: ..., values: [...]}}) a plain scalar cannot contain '[', so
 * write a bracketed path in quotes ({@code {path: 'a.b[x].c', ...}}), in block style ({@code - path: a.b[x].c}), or
 * in the dotted form.
 *
 * <p>Resolving is strict: every step but the last must exist in the config; the last may be a key that the mapping
 * does not have yet (a parameter left at its default, such as an omitted {@code stopLossBps}), or an existing list
 * index. Paths into the {@code optimize} section itself are refused. Immutable.
 */
public final class ConfigPath {
    private final String text;
    private final List<Step> steps;

    private ConfigPath(String text, List<Step> steps) {
        this.text = text;
        this.steps = List.copyOf(steps);
    }

    /** One step of a path: a mapping key, or a list selector. */
    private record Step(String name, boolean selector) {
        boolean isIndex() {
            return selector && name.matches("\\d{1,9}");
        }
    }

    /**
     * Parses a path's text.
     *
     * @param field config path of the text, for errors (e.g. "optimize.parameters[0].path")
     * @param text  the path
     * @return the parsed path
     * @throws ConfigException naming the field if the text is not such a path
     */
    public static ConfigPath parse(String field, String text) {
        String example = "a dotted path like signal-generator.strategies[vwap-momentum].bars, was ";
        if (text == null || text.isBlank()) {
            throw new ConfigException(field, example + (text == null ? "missing" : "blank"));
        }
        List<Step> steps = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            int start = i;
            while (i < n && text.charAt(i) != '.' && text.charAt(i) != '[' && text.charAt(i) != ']') {
                i++;
            }
            if (i == start) {
                throw new ConfigException(field, example + "'" + text + "' (empty key at character " + i + ")");
            }
            steps.add(new Step(text.substring(start, i).trim(), false));
            while (i < n && text.charAt(i) == '[') {
                int close = text.indexOf(']', i);
                if (close < 0 || close == i + 1) {
                    throw new ConfigException(field, example + "'" + text + "' (bad [selector] at character " + i + ")");
                }
                steps.add(new Step(text.substring(i + 1, close).trim(), true));
                i = close + 1;
            }
            if (i < n) {
                if (text.charAt(i) != '.' || i == n - 1) {
                    throw new ConfigException(field, example + "'" + text + "' (unexpected '" + text.charAt(i)
                            + "' at character " + i + ")");
                }
                i++;
            }
        }
        Step last = steps.get(steps.size() - 1);
        if (last.selector() && !last.isIndex()) {
            throw new ConfigException(field, "a path ending in a key or a list index [n], not a whole entry [id], "
                    + "was '" + text + "'");
        }
        if ("optimize".equals(steps.get(0).name())) {
            throw new ConfigException(field, "a path outside the optimize section, was '" + text + "'");
        }
        return new ConfigPath(text, steps);
    }

    /** @return the text this was parsed from */
    public String text() {
        return text;
    }

    /**
     * Reads the value at this path.
     *
     * @param field config path of this path's text, for errors
     * @param root  the config tree
     * @return the value, or null if the last key is absent
     * @throws ConfigException naming the field if a step before the last does not resolve
     */
    public JsonNode get(String field, ObjectNode root) {
        JsonNode parent = parent(field, root);
        Step last = steps.get(steps.size() - 1);
        return last.selector() ? parent.get(Integer.parseInt(last.name())) : parent.get(last.name());
    }

    /**
     * Replaces (or adds, for an absent last key) the value at this path, in place.
     *
     * @param field config path of this path's text, for errors
     * @param root  the config tree to change
     * @param value the new value; copied
     * @throws ConfigException naming the field if the path does not resolve
     */
    public void set(String field, ObjectNode root, JsonNode value) {
        JsonNode parent = parent(field, root);
        Step last = steps.get(steps.size() - 1);
        if (last.selector()) {
            ((ArrayNode) parent).set(Integer.parseInt(last.name()), value.deepCopy());
        } else {
            ((ObjectNode) parent).set(last.name(), value.deepCopy());
        }
    }

    /** Walks every step but the last, and checks that the last can be applied to what it reached. */
    private JsonNode parent(String field, ObjectNode root) {
        JsonNode node = root;
        StringBuilder at = new StringBuilder();
        for (int s = 0; s < steps.size(); s++) {
            Step step = steps.get(s);
            boolean last = s == steps.size() - 1;
            if (!step.selector() && node.isArray()) {
                step = new Step(step.name(), true);
                if (last && !step.isIndex()) {
                    throw unresolved(field, at + " is a list: the path must end in a key of an entry or an index [n], "
                            + "not a whole entry");
                }
            }
            if (!step.selector()) {
                if (!node.isObject()) {
                    throw unresolved(field, at + " is not a mapping, cannot take key '" + step.name() + "'");
                }
                if (last) {
                    return node;
                }
                if (at.length() > 0) {
                    at.append('.');
                }
                at.append(step.name());
                node = node.get(step.name());
                if (node == null || node.isNull()) {
                    throw unresolved(field, at + " is not in the config");
                }
            } else {
                if (!node.isArray()) {
                    throw unresolved(field, at + " is not a list, cannot select [" + step.name() + "]");
                }
                JsonNode next = select(field, at.toString(), (ArrayNode) node, step);
                if (last) {
                    return node;
                }
                at.append('[').append(step.name()).append(']');
                node = next;
            }
        }
        throw new IllegalStateException("unreachable: a path has at least one step");
    }

    private JsonNode select(String field, String at, ArrayNode list, Step step) {
        if (step.isIndex()) {
            int index = Integer.parseInt(step.name());
            if (index >= list.size()) {
                throw unresolved(field, at + " has " + list.size() + " entries, no [" + index + "]");
            }
            return list.get(index);
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode entry : list) {
            JsonNode id = entry.get("id");
            if (id != null && id.isValueNode()) {
                ids.add(id.asText());
                if (id.asText().equals(step.name())) {
                    return entry;
                }
            }
        }
        throw unresolved(field, at + " has no entry with id '" + step.name() + "' (ids: " + ids + ")");
    }

    private ConfigException unresolved(String field, String why) {
        return new ConfigException(field, "a path that resolves in the config, was '" + text + "': " + why);
    }

    /** Equal if the steps name the same keys and entries, whether a list entry is selected by [id] or .id. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ConfigPath p && p.names().equals(names());
    }

    @Override
    public int hashCode() {
        return names().hashCode();
    }

    private List<String> names() {
        return steps.stream().map(Step::name).toList();
    }

    @Override
    public String toString() {
        return text;
    }
}
