package io.aquatrade.signal;

import java.util.Locale;

import io.aquatrade.common.ConfigException;

/**
 * What an interval without trades becomes: {@code signal-generator.emptyBars}.
 */
public enum EmptyBars {
    /**
     * A flat bar: open = high = low = close = the previous bar's close, volume 0, 0 trades, VWAP = that close. From
     * trades, every interval after an instrument's first trade gets a bar, as Binance's klines show; from candle
     * files, every row is a bar, volume-0 rows included, and no bar is invented where a file has no row.
     */
    FLAT,
    /**
     * No bar: an interval without trades is skipped and volume-0 candle rows are dropped, so indicators see only bars
     * that had trades (the behaviour before {@code emptyBars} existed).
     */
    SKIP;

    /** The config key. */
    public static final String FIELD = SignalConfig.SECTION + ".emptyBars";

    /**
     * @param text {@code flat} or {@code skip} (case-insensitive), or null for the default {@link #FLAT}
     * @return the value
     * @throws ConfigException naming {@value #FIELD} for anything else
     */
    public static EmptyBars parse(String text) {
        if (text == null) {
            return FLAT;
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "flat" -> FLAT;
            case "skip" -> SKIP;
            default -> throw new ConfigException(FIELD, "flat or skip, was '" + text + "'");
        };
    }

    /** @return the config spelling, {@code flat} or {@code skip} */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
