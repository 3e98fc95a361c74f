package io.aquatrade.signal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.aquatrade.common.ConfigException;
import io.aquatrade.signal.strategy.ConfigValues;
import io.aquatrade.signal.strategy.EntryFilterFactory;
import io.aquatrade.signal.strategy.EntryFilters;
import io.aquatrade.signal.strategy.StrategyFactory;
import io.aquatrade.signal.strategy.StrategyTypes;

/**
 * One entry of {@code signal-generator.strategies}: a strategy instance of some type, run on each listed instrument.
 *
 * <p>In YAML an entry is a flat mapping: {@code id}, {@code type}, {@code instruments}, and optionally
 * {@code timeframe} and {@code filters}, are common to every type; every other key is a parameter of the type,
 * validated by the type's parser ({@link StrategyTypes#parse}), which rejects unknown keys. Examples:
 * <pre>
 * {id: vwap-momentum, type: vwap-momentum, instruments: [XRPETH], bars: 3, vwap: session}
 * {id: ma-cross, type: ma-cross, instruments: [XRPETH], timeframe: 5m, period: 9, breakoutBars: 5,
 *  filters: [{type: chop, bars: 20, maxCrosses: 4}, {type: ema-trend}]}
 * </pre>
 *
 * @param id          unique name of the entry, stamped on its signals and referred to by the decision engine;
 *                    letters, digits, '.', '_' and '-', up to 64 characters
 * @param instruments venue symbols it runs on; non-empty, no duplicates (checked against the instruments section by
 *                    {@link SignalConfig#requireInstruments})
 * @param timeframeMs the timeframe of the bars it decides on, milliseconds, 1 .. 1 day; 0 = the section's default
 *                    {@code timeframe} (resolved by {@link SignalConfig#timeframeOf})
 * @param filters     entry filters applied to its LONG and SHORT signals, in order ({@link EntryFilters}); may be empty
 * @param factory     the type's validated parameters, which create one strategy per instrument
 */
public record StrategyConfig(String id, List<String> instruments, long timeframeMs, List<EntryFilterFactory> filters,
                             StrategyFactory factory) {
    private static final String ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

    /** @throws ConfigException naming the field if a value is missing or invalid */
    public StrategyConfig {
        String field = "signal-generator.strategies[" + id + "]";
        if (id == null || !id.matches(ID_PATTERN)) {
            throw new ConfigException("signal-generator.strategies[].id", "a name of letters, digits, '.', '_', '-',"
                    + " up to 64 characters, was '" + id + "'");
        }
        if (instruments == null || instruments.isEmpty()) {
            throw new ConfigException(field + ".instruments", "a non-empty list of instrument symbols");
        }
        instruments = List.copyOf(instruments);
        if (timeframeMs < 0 || timeframeMs > ConfigValues.MAX_TIMEFRAME_MS) {
            throw new ConfigException(field + ".timeframe", "1ms .. 1d, or 0 for the default, was " + timeframeMs
                    + " ms");
        }
        filters = filters == null ? List.of() : List.copyOf(filters);
        if (factory == null) {
            throw new ConfigException(field + ".type", "one of " + StrategyTypes.NAMES);
        }
    }

    /**
     * An entry on the section's default timeframe, without filters.
     *
     * @param id          see the record
     * @param instruments see the record
     * @param factory     see the record
     */
    public StrategyConfig(String id, List<String> instruments, StrategyFactory factory) {
        this(id, instruments, 0, List.of(), factory);
    }

    /** @return the strategy type name, e.g. "vwap-momentum" */
    public String type() {
        return factory.type();
    }

    /**
     * Parses one YAML entry.
     *
     * @param field dotted path of the entry, e.g. "signal-generator.strategies[0]"
     * @param raw   the entry's keys as Jackson read them
     * @return the validated entry
     * @throws ConfigException naming {@code field.<key>} for the first missing, unknown or invalid value, e.g.
     *                         {@code signal-generator.strategies[1].filters[0].maxCrosses}
     */
    public static StrategyConfig parse(String field, Map<String, Object> raw) {
        if (raw == null) {
            throw new ConfigException(field, "a mapping {id, type, instruments, <parameters of the type>}");
        }
        Map<String, Object> params = new LinkedHashMap<>(raw);
        Object id = params.remove("id");
        Object type = params.remove("type");
        Object instruments = params.remove("instruments");
        boolean hasTimeframe = params.containsKey("timeframe");
        Object timeframe = params.remove("timeframe");
        boolean hasFilters = params.containsKey("filters");
        Object filters = params.remove("filters");
        if (!(id instanceof String idText) || !idText.matches(ID_PATTERN)) {
            throw new ConfigException(field + ".id", "a name of letters, digits, '.', '_', '-', up to 64 characters,"
                    + " was " + (id == null ? "missing" : "'" + id + "'"));
        }
        if (!(type instanceof String typeText)) {
            throw new ConfigException(field + ".type", "one of " + StrategyTypes.NAMES + ", was "
                    + (type == null ? "missing" : "'" + type + "'"));
        }
        List<String> symbols = new ArrayList<>();
        if (!(instruments instanceof List<?> list) || list.isEmpty()) {
            throw new ConfigException(field + ".instruments", "a non-empty list of instrument symbols, e.g. [XRPETH]");
        }
        for (int i = 0; i < list.size(); i++) {
            Object s = list.get(i);
            if (!(s instanceof String symbol) || symbol.isBlank()) {
                throw new ConfigException(field + ".instruments[" + i + "]", "an instrument symbol, was '" + s + "'");
            }
            if (symbols.contains(symbol)) {
                throw new ConfigException(field + ".instruments[" + i + "]", "each instrument once, " + symbol
                        + " appears twice");
            }
            symbols.add(symbol);
        }
        long timeframeMs = hasTimeframe ? ConfigValues.timeframe(field + ".timeframe", timeframe) : 0;
        List<EntryFilterFactory> parsedFilters = new ArrayList<>();
        if (hasFilters) {
            if (!(filters instanceof List<?> filterList)) {
                throw new ConfigException(field + ".filters", "a list of filters, e.g. [{type: ema-trend}], was '"
                        + filters + "'");
            }
            for (int i = 0; i < filterList.size(); i++) {
                parsedFilters.add(EntryFilters.parse(field + ".filters[" + i + "]", filterList.get(i)));
            }
        }
        StrategyFactory factory = StrategyTypes.parse(field, typeText, params);
        return new StrategyConfig(idText, symbols, timeframeMs, parsedFilters, factory);
    }
}
