package io.aquatrade.marketdata.replay;

import java.util.ArrayList;
import java.util.List;

import io.aquatrade.common.ConfigException;

/** The recorded-file formats a replay reads; each is named in config by {@link #configName()}. */
public enum ReplayFormat {
    /**
     * freqtrade's trade list: a JSON array of {@code [timestamp_ms, id, type, side, price, amount, cost]} rows
     * ({@code side} = taker side), or of ccxt trade objects with the same keys (freqtrade's older format); gzip or
     * plain. Carries no symbol.
     */
    FREQTRADE_TRADES("freqtrade-trades", false),
    /**
     * data.binance.vision aggTrades CSV: {@code agg_trade_id,price,quantity,first_trade_id,last_trade_id,
     * transact_time,is_buyer_maker,is_best_match}, with or without header, gzip or plain; {@code transact_time} in
     * ms, or in µs in newer dumps (detected by magnitude). Carries no symbol.
     */
    BINANCE_AGGTRADES_CSV("binance-aggtrades-csv", false),
    /**
     * A raw Binance websocket capture: gzip'd lines {@code <local_receive_time_ns> <combined-stream JSON>}
     * (hftbacktest's collector format). {@code @trade}, {@code @aggTrade} and {@code @bookTicker} messages are
     * replayed; depth diffs and REST snapshots are skipped. The symbol comes from each message.
     */
    BINANCE_CAPTURE("binance-capture", true);

    private final String configName;
    private final boolean carriesSymbol;

    ReplayFormat(String configName, boolean carriesSymbol) {
        this.configName = configName;
        this.carriesSymbol = carriesSymbol;
    }

    /** @return the name used in config and on the command line, e.g. "freqtrade-trades" */
    public String configName() {
        return configName;
    }

    /** @return true if the records name their instrument, so the config need not give a symbol */
    public boolean carriesSymbol() {
        return carriesSymbol;
    }

    /** @return every config name, for error messages */
    public static List<String> configNames() {
        List<String> names = new ArrayList<>();
        for (ReplayFormat f : values()) {
            names.add(f.configName);
        }
        return names;
    }

    /**
     * @param field config path or flag, for the error message
     * @param name  a {@link #configName()}
     * @return the format
     * @throws ConfigException naming the field if the name is unknown
     */
    public static ReplayFormat parse(String field, String name) {
        for (ReplayFormat f : values()) {
            if (f.configName.equals(name)) {
                return f;
            }
        }
        throw new ConfigException(field, "one of " + configNames() + ", was '" + name + "'");
    }

    /**
     * Guesses the format from a file name: {@code *.json[.gz]} is {@link #FREQTRADE_TRADES}, {@code *.csv[.gz]} is
     * {@link #BINANCE_AGGTRADES_CSV}; anything else (a capture is just {@code *.gz}) must be named.
     *
     * @return the format, or null if the name does not tell
     */
    public static ReplayFormat fromFileName(String fileName) {
        String name = fileName.endsWith(".gz") ? fileName.substring(0, fileName.length() - 3) : fileName;
        if (name.endsWith(".json")) {
            return FREQTRADE_TRADES;
        }
        if (name.endsWith(".csv")) {
            return BINANCE_AGGTRADES_CSV;
        }
        return null;
    }

    @Override
    public String toString() {
        return configName;
    }
}
