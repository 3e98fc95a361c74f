package io.aquatrade.signal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.ConfigException;

/**
 * The {@code signal-generator} config section: the bar timeframe and the strategies to run.
 *
 * <pre>
 * signal-generator:
 *   timeframe: 5m              # bar length: ms, s, m, h, d units; 1 ms .. 1 d; default 5m
 *   strategies:                # default: none (bars are still built for every instrument)
 *     - {id: vwap-momentum, type: vwap-momentum, instruments: [XRPETH], bars: 3, vwap: session}
 * </pre>
 *
 * <p>Strategy parameters are per type: each entry has {@code id}, {@code type}, {@code instruments}, and the type's
 * own keys (see {@link StrategyConfig}). Errors name the field, e.g. {@code signal-generator.strategies[0].bars}.
 *
 * @param timeframeMs bar length, milliseconds, 1 .. 86,400,000
 * @param strategies  the strategy entries, ids unique
 */
public record SignalConfig(long timeframeMs, List<StrategyConfig> strategies) {
    /** Section name in the config file. */
    public static final String SECTION = "signal-generator";
    /** Default bar length: 5 minutes. */
    public static final long DEFAULT_TIMEFRAME_MS = 300_000L;
    /**
     * Longest bar: one day. Bars align to multiples of the timeframe since the epoch, which is calendar-aligned only
     * up to a day.
     */
    public static final long MAX_TIMEFRAME_MS = 86_400_000L;

    /**
     * Jackson entry point: parses the timeframe and every strategy entry, then validates.
     *
     * @param timeframe  a duration such as "5m", or null for the default
     * @param strategies the entries as YAML mappings, or null for none
     * @return the validated section
     * @throws ConfigException naming the first bad field
     */
    @JsonCreator
    public static SignalConfig of(@JsonProperty("timeframe") String timeframe,
                                  @JsonProperty("strategies") List<Map<String, Object>> strategies) {
        long timeframeMs = timeframe == null ? DEFAULT_TIMEFRAME_MS
                : parseTimeframe(SECTION + ".timeframe", timeframe);
        List<StrategyConfig> parsed = new ArrayList<>();
        if (strategies != null) {
            for (int i = 0; i < strategies.size(); i++) {
                parsed.add(StrategyConfig.parse(SECTION + ".strategies[" + i + "]", strategies.get(i)));
            }
        }
        return new SignalConfig(timeframeMs, parsed);
    }

    /** @throws ConfigException naming the field if the timeframe is out of range or an id repeats */
    public SignalConfig {
        if (timeframeMs < 1 || timeframeMs > MAX_TIMEFRAME_MS) {
            throw new ConfigException(SECTION + ".timeframe", "1ms .. 1d, was " + timeframeMs + " ms");
        }
        strategies = strategies == null ? List.of() : List.copyOf(strategies);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < strategies.size(); i++) {
            if (!ids.add(strategies.get(i).id())) {
                throw new ConfigException(SECTION + ".strategies[" + i + "].id", "a unique id, '"
                        + strategies.get(i).id() + "' is used twice");
            }
        }
    }

    /** @return 5m bars and no strategies */
    public static SignalConfig defaults() {
        return new SignalConfig(DEFAULT_TIMEFRAME_MS, List.of());
    }

    /**
     * Reads and validates the section of a loaded config file, applies a command-line timeframe, and checks that
     * every strategy's instruments are in the {@code instruments} section.
     *
     * @param config            the loaded config
     * @param timeframeOverride the {@code --timeframe} flag's value, or null
     * @return the section, or the defaults if the file has none
     * @throws ConfigException naming the field (or {@code --timeframe}) on a bad value
     */
    public static SignalConfig from(AquatradeConfig config, String timeframeOverride) {
        SignalConfig section = config.section(SECTION, SignalConfig.class);
        SignalConfig result = section == null ? defaults() : section;
        if (timeframeOverride != null) {
            result = result.withTimeframeMs(parseTimeframe("--timeframe", timeframeOverride));
        }
        result.requireInstruments(config.instruments().keySet());
        return result;
    }

    /**
     * @param field the config path or flag, for errors
     * @param text  a duration such as "5m"
     * @return milliseconds, 1 .. {@link #MAX_TIMEFRAME_MS}
     * @throws ConfigException naming the field if it is not such a duration
     */
    public static long parseTimeframe(String field, String text) {
        long ms = AquatradeConfig.durationMs(field, text);
        if (ms > MAX_TIMEFRAME_MS) {
            throw new ConfigException(field, "a timeframe of at most 1d, was '" + text + "'");
        }
        return ms;
    }

    /**
     * @param timeframeMs bar length, milliseconds, 1 .. {@link #MAX_TIMEFRAME_MS}
     * @return a copy with another timeframe
     * @throws ConfigException if the timeframe is out of range
     */
    public SignalConfig withTimeframeMs(long timeframeMs) {
        return new SignalConfig(timeframeMs, strategies);
    }

    /**
     * Checks that every instrument a strategy names is configured.
     *
     * @param symbols the symbols of the {@code instruments} section
     * @throws ConfigException naming {@code signal-generator.strategies[i].instruments[j]} for the first unknown one
     */
    public void requireInstruments(Collection<String> symbols) {
        for (int i = 0; i < strategies.size(); i++) {
            List<String> names = strategies.get(i).instruments();
            for (int j = 0; j < names.size(); j++) {
                if (!symbols.contains(names.get(j))) {
                    throw new ConfigException(SECTION + ".strategies[" + i + "].instruments[" + j + "]",
                            "an instrument of the instruments section " + symbols + ", was '" + names.get(j) + "'");
                }
            }
        }
    }
}
