package io.aquatrade.signal.strategy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.aquatrade.common.ConfigException;

/**
 * The filter types a strategy entry's {@code filters:} list may name, and their parameter parsers. Each list element
 * is a flat mapping: {@code type} plus the type's own keys, e.g.
 * {@code filters: [{type: chop, bars: 20, maxCrosses: 4}, {type: ema-trend}]}.
 */
public final class EntryFilters {
    /** Every known filter type name. */
    public static final List<String> NAMES = List.of(EmaTrendFilter.TYPE, ConfirmTimeframesFilter.TYPE,
            ChopFilter.TYPE);

    private EntryFilters() {
    }

    /**
     * Validates one {@code filters:} element.
     *
     * @param field dotted path of the element, e.g. "signal-generator.strategies[1].filters[0]"; errors name
     *              {@code field.type} or {@code field.<param>}
     * @param raw   the element as Jackson read it (a mapping), or anything else (an error)
     * @return the validated parameters as a factory
     * @throws ConfigException naming the field if the element is not a mapping, its type is unknown or a parameter is
     *                         unknown or invalid
     */
    public static EntryFilterFactory parse(String field, Object raw) {
        if (!(raw instanceof Map<?, ?> map)) {
            throw new ConfigException(field, "a mapping {type: one of " + NAMES + ", <parameters of the type>}");
        }
        Map<String, Object> params = new LinkedHashMap<>();
        map.forEach((k, v) -> params.put(String.valueOf(k), v));
        Object type = params.remove("type");
        if (EmaTrendFilter.TYPE.equals(type)) {
            return EmaTrendFilter.Params.parse(field, params);
        }
        if (ConfirmTimeframesFilter.TYPE.equals(type)) {
            return ConfirmTimeframesFilter.Params.parse(field, params);
        }
        if (ChopFilter.TYPE.equals(type)) {
            return ChopFilter.Params.parse(field, params);
        }
        throw new ConfigException(field + ".type", "one of " + NAMES + ", was "
                + (type == null ? "missing" : "'" + type + "'"));
    }
}
