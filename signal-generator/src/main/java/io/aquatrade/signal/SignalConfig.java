package io.aquatrade.signal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.ConfigException;
import io.aquatrade.signal.strategy.ConfigValues;
import io.aquatrade.signal.strategy.EntryFilterFactory;

/**
 * The {@code signal-generator} config section: the default bar timeframe, the strategies to run and the trade
 * context capture.
 *
 * <pre>
 * signal-generator:
 *   timeframe: 5m              # default timeframe: ms, s, m, h, d units; 1 ms .. 1 d; default 5m
 *   strategies:                # default: none (bars of the default timeframe are still built for every instrument)
 *     - {id: vwap-momentum, type: vwap-momentum, instruments: [XRPETH], bars: 3, vwap: session}
 *     - {id: ma-cross, type: ma-cross, instruments: [XRPETH], timeframe: 5m, period: 9, breakoutBars: 5,
 *        filters: [{type: chop, bars: 20, maxCrosses: 4}, {type: ema-trend}]}
 *     - {id: ema-cross, type: ema-cross, instruments: [XRPETH], fast: 9, slow: 20}
 *   tradeContext: {dir: var/trade-context, before: 50, after: 25}   # absent = off
 *   emptyBars: flat            # flat (default) or skip: see {@link EmptyBars}
 * </pre>
 *
 * <p>Strategy parameters are per type: each entry has {@code id}, {@code type}, {@code instruments}, optionally
 * {@code timeframe} (default: the section's) and {@code filters}, and the type's own keys (see
 * {@link StrategyConfig}). Bars are built, for every instrument, on the default timeframe, and, for the instruments of
 * each strategy, on its timeframe and on the timeframes its filters read. Errors name the field, e.g.
 * {@code signal-generator.strategies[1].filters[0].maxCrosses}.
 *
 * @param timeframeMs  default bar length, milliseconds, 1 .. 86,400,000
 * @param strategies   the strategy entries, ids unique
 * @param tradeContext the trade context capture, or null when off
 * @param emptyBars    what an interval without trades becomes (null: {@link EmptyBars#FLAT})
 */
public record SignalConfig(long timeframeMs, List<StrategyConfig> strategies, TradeContextConfig tradeContext,
                           EmptyBars emptyBars) {
    /** Section name in the config file. */
    public static final String SECTION = "signal-generator";
    /** Default bar length: 5 minutes. */
    public static final long DEFAULT_TIMEFRAME_MS = 300_000L;
    /**
     * Longest bar: one day. Bars align to multiples of the timeframe since the epoch, which is calendar-aligned only
     * up to a day.
     */
    public static final long MAX_TIMEFRAME_MS = ConfigValues.MAX_TIMEFRAME_MS;

    /**
     * Jackson entry point: parses the timeframe, every strategy entry and the trade context, then validates.
     *
     * @param timeframe    a duration such as "5m", or null for the default
     * @param strategies   the entries as YAML mappings, or null for none
     * @param tradeContext the trade context mapping, or null for off
     * @param emptyBars    {@code flat} or {@code skip}, or null for the default {@code flat}
     * @return the validated section
     * @throws ConfigException naming the first bad field
     */
    @JsonCreator
    public static SignalConfig of(@JsonProperty("timeframe") String timeframe,
                                  @JsonProperty("strategies") List<Map<String, Object>> strategies,
                                  @JsonProperty("tradeContext") Object tradeContext,
                                  @JsonProperty("emptyBars") String emptyBars) {
        long timeframeMs = timeframe == null ? DEFAULT_TIMEFRAME_MS
                : parseTimeframe(SECTION + ".timeframe", timeframe);
        List<StrategyConfig> parsed = new ArrayList<>();
        if (strategies != null) {
            for (int i = 0; i < strategies.size(); i++) {
                parsed.add(StrategyConfig.parse(SECTION + ".strategies[" + i + "]", strategies.get(i)));
            }
        }
        TradeContextConfig context = tradeContext == null ? null : TradeContextConfig.parse(tradeContext);
        return new SignalConfig(timeframeMs, parsed, context, EmptyBars.parse(emptyBars));
    }

    /** @throws ConfigException naming the field if the timeframe is out of range or an id repeats */
    public SignalConfig {
        if (timeframeMs < 1 || timeframeMs > MAX_TIMEFRAME_MS) {
            throw new ConfigException(SECTION + ".timeframe", "1ms .. 1d, was " + timeframeMs + " ms");
        }
        strategies = strategies == null ? List.of() : List.copyOf(strategies);
        emptyBars = emptyBars == null ? EmptyBars.FLAT : emptyBars;
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < strategies.size(); i++) {
            if (!ids.add(strategies.get(i).id())) {
                throw new ConfigException(SECTION + ".strategies[" + i + "].id", "a unique id, '"
                        + strategies.get(i).id() + "' is used twice");
            }
        }
    }

    /**
     * A section with flat bars for empty intervals.
     *
     * @param timeframeMs  default bar length, milliseconds
     * @param strategies   the strategy entries
     * @param tradeContext the trade context capture, or null when off
     */
    public SignalConfig(long timeframeMs, List<StrategyConfig> strategies, TradeContextConfig tradeContext) {
        this(timeframeMs, strategies, tradeContext, EmptyBars.FLAT);
    }

    /**
     * A section without trade context capture, with flat bars for empty intervals.
     *
     * @param timeframeMs default bar length, milliseconds
     * @param strategies  the strategy entries
     */
    public SignalConfig(long timeframeMs, List<StrategyConfig> strategies) {
        this(timeframeMs, strategies, null);
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
     * @param timeframeOverride the {@code --timeframe} flag's value (the default timeframe; strategies that state
     *                          their own keep it), or null
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
        return ConfigValues.timeframe(field, text);
    }

    /**
     * @param timeframeMs default bar length, milliseconds, 1 .. {@link #MAX_TIMEFRAME_MS}
     * @return a copy with another default timeframe
     * @throws ConfigException if the timeframe is out of range
     */
    public SignalConfig withTimeframeMs(long timeframeMs) {
        return new SignalConfig(timeframeMs, strategies, tradeContext, emptyBars);
    }

    /**
     * @param emptyBars what an interval without trades becomes
     * @return a copy with that setting
     */
    public SignalConfig withEmptyBars(EmptyBars emptyBars) {
        return new SignalConfig(timeframeMs, strategies, tradeContext, emptyBars);
    }

    /**
     * @param tradeContext the trade context capture, or null for off
     * @return a copy with another trade context setting
     */
    public SignalConfig withTradeContext(TradeContextConfig tradeContext) {
        return new SignalConfig(timeframeMs, strategies, tradeContext, emptyBars);
    }

    /**
     * @param strategy one of the entries
     * @return the timeframe its signals are decided on: its own, or the default, milliseconds
     */
    public long timeframeOf(StrategyConfig strategy) {
        return strategy.timeframeMs() == 0 ? timeframeMs : strategy.timeframeMs();
    }

    /**
     * @param strategyId an entry's id
     * @return its timeframe ({@link #timeframeOf}), or the default timeframe if no entry has that id
     */
    public long timeframeOf(String strategyId) {
        for (StrategyConfig s : strategies) {
            if (s.id().equals(strategyId)) {
                return timeframeOf(s);
            }
        }
        return timeframeMs;
    }

    /**
     * @param symbol an instrument symbol
     * @return the timeframes bars are built on for it, milliseconds, ascending: the default timeframe, and the
     * timeframe of each strategy on it and of each filter of those strategies
     */
    public long[] timeframesOf(String symbol) {
        TreeSet<Long> out = new TreeSet<>();
        out.add(timeframeMs);
        for (StrategyConfig s : strategies) {
            if (s.instruments().contains(symbol)) {
                out.add(timeframeOf(s));
                for (EntryFilterFactory f : s.filters()) {
                    out.addAll(f.timeframesMs());
                }
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
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
