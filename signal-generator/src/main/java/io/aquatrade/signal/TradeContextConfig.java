package io.aquatrade.signal;

import java.nio.file.Path;
import java.util.Map;

import io.aquatrade.common.ConfigException;
import io.aquatrade.signal.strategy.ConfigValues;

/**
 * The {@code signal-generator.tradeContext} config section: where and how much trade context
 * ({@link TradeContextRecorder}) to write. Absent = trade context capture is off.
 *
 * <pre>
 * signal-generator:
 *   tradeContext: {dir: var/trade-context, before: 50, after: 25}
 * </pre>
 *
 * @param dir     directory of the per-fill JSON-lines files, created if missing; relative to the working directory
 * @param before  closed bars written before each fill, 1..10,000; default 50
 * @param after   closed bars written after each fill, 1..10,000; default 25
 * @param history bars kept per instrument and timeframe, at least {@code before + after}, at most 1,000,000;
 *                default {@value #DEFAULT_HISTORY} (or {@code before + after} if larger). Fills reach the signal
 *                generator late (the executions topic is read without holding back market data), so the history must
 *                cover how far the generator may run ahead of the router; a fill older than that is written with
 *                the bars left and marked incomplete. Memory: about 160 bytes a bar, per instrument a strategy runs on
 *                and timeframe a strategy decides on (1.6 MB per pair at the default).
 */
public record TradeContextConfig(Path dir, int before, int after, int history) {
    /** Default {@code history}: 10,000 bars (about 35 days of 5m bars). */
    public static final int DEFAULT_HISTORY = 10_000;
    private static final String FIELD = SignalConfig.SECTION + ".tradeContext";

    /** @throws ConfigException naming the field if a value is missing or out of range */
    public TradeContextConfig {
        if (dir == null) {
            throw new ConfigException(FIELD + ".dir", "a directory, e.g. var/trade-context");
        }
        if (before < 1 || before > 10_000) {
            throw new ConfigException(FIELD + ".before", "an integer 1..10000, was " + before);
        }
        if (after < 1 || after > 10_000) {
            throw new ConfigException(FIELD + ".after", "an integer 1..10000, was " + after);
        }
        if (history < before + after || history > 1_000_000) {
            throw new ConfigException(FIELD + ".history", "an integer " + (before + after) + "..1000000 (at least"
                    + " before + after), was " + history);
        }
    }

    /**
     * @param dir    see the record
     * @param before see the record
     * @param after  see the record
     * @return a config with the default history
     */
    public static TradeContextConfig of(Path dir, int before, int after) {
        return new TradeContextConfig(dir, before, after, Math.max(DEFAULT_HISTORY, before + after));
    }

    /**
     * Parses the YAML mapping.
     *
     * @param raw the section's keys as Jackson read them: {@code dir} (required), {@code before}, {@code after},
     *            {@code history}
     * @return the validated section
     * @throws ConfigException naming {@code signal-generator.tradeContext.<key>} for a missing, unknown or bad value
     */
    public static TradeContextConfig parse(Object raw) {
        if (!(raw instanceof Map<?, ?> map)) {
            throw new ConfigException(FIELD, "a mapping {dir, before, after}, was '" + raw + "'");
        }
        String dir = null;
        int before = 50;
        int after = 25;
        Integer history = null;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = String.valueOf(e.getKey());
            Object v = e.getValue();
            switch (key) {
                case "dir" -> {
                    if (!(v instanceof String s) || s.isBlank()) {
                        throw new ConfigException(FIELD + ".dir", "a directory, e.g. var/trade-context, was '" + v
                                + "'");
                    }
                    dir = s;
                }
                case "before" -> before = ConfigValues.integer(FIELD + ".before", v, 1, 10_000);
                case "after" -> after = ConfigValues.integer(FIELD + ".after", v, 1, 10_000);
                case "history" -> history = ConfigValues.integer(FIELD + ".history", v, 2, 1_000_000);
                default -> throw new ConfigException(FIELD + "." + key, "no such key (known: dir, before, after,"
                        + " history)");
            }
        }
        if (dir == null) {
            throw new ConfigException(FIELD + ".dir", "a directory, e.g. var/trade-context, was missing");
        }
        return history == null ? of(Path.of(dir), before, after)
                : new TradeContextConfig(Path.of(dir), before, after, history);
    }
}
