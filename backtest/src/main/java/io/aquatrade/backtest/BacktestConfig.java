package io.aquatrade.backtest;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.ConfigException;
import io.aquatrade.marketdata.MarketDataConfig;
import io.aquatrade.marketdata.replay.ReplayFile;

/**
 * The optional {@code backtest} config section: what to backtest over when no flag says it.
 * <pre>
 * backtest:
 *   data:                        # tick files (any market-data replay format) or candle files, not both
 *     - {path: data/sample/XRP_ETH-5m.json, format: freqtrade-ohlcv, symbol: XRPETH}
 *   from: 2019-10-11T06:00:00Z   # first event time included (ISO-8601, UTC); default: the data's start
 *   to: 2019-10-13               # first event time excluded; a date means its 00:00 UTC; default: the end
 *   out: var/backtest            # report directory
 * </pre>
 * Without {@code data} (and without {@code --data}) a backtest runs over the {@code market-data.replay.files}.
 *
 * @param data   the input files, possibly empty
 * @param fromNs first event time included, UTC epoch ns; {@link Long#MIN_VALUE} for the data's start
 * @param toNs   first event time excluded, UTC epoch ns; {@link Long#MAX_VALUE} for the data's end
 * @param out    report directory; default {@code var/backtest}
 */
public record BacktestConfig(List<MarketHistory.Input> data, long fromNs, long toNs, Path out) {
    /** Name of the config section. */
    public static final String SECTION = "backtest";
    /** Default report directory. */
    public static final String DEFAULT_OUT = "var/backtest";

    /**
     * One {@code data} entry as written.
     *
     * @param path   file path
     * @param format a format name, or null to infer from the file name
     * @param symbol instrument symbol, or null to infer from the file name
     */
    public record Entry(@JsonProperty("path") String path, @JsonProperty("format") String format,
                        @JsonProperty("symbol") String symbol) {
    }

    /**
     * Jackson entry point: fills defaults and validates.
     *
     * @throws ConfigException naming the field on a bad value
     */
    @JsonCreator
    public static BacktestConfig of(@JsonProperty("data") List<Entry> data, @JsonProperty("from") String from,
                                    @JsonProperty("to") String to, @JsonProperty("out") String out) {
        List<MarketHistory.Input> inputs = new ArrayList<>();
        if (data != null) {
            for (int i = 0; i < data.size(); i++) {
                Entry e = data.get(i);
                if (e == null || e.path() == null || e.path().isBlank()) {
                    throw new ConfigException(SECTION + ".data[" + i + "].path", "a file path");
                }
                inputs.add(new MarketHistory.Input(Path.of(e.path()), e.format(), e.symbol()));
            }
        }
        return new BacktestConfig(inputs, from == null ? Long.MIN_VALUE : parseTimeNs(SECTION + ".from", from),
                to == null ? Long.MAX_VALUE : parseTimeNs(SECTION + ".to", to),
                Path.of(out == null ? DEFAULT_OUT : out));
    }

    /** @throws ConfigException naming the field if the window is empty */
    public BacktestConfig {
        data = List.copyOf(data);
        if (fromNs >= toNs) {
            throw new ConfigException(SECTION + ".to", "a time after backtest.from");
        }
        if (out == null) {
            throw new ConfigException(SECTION + ".out", "a directory");
        }
    }

    /** @return no data, the whole history, {@value #DEFAULT_OUT} */
    public static BacktestConfig defaults() {
        return of(null, null, null, null);
    }

    /**
     * Reads the section.
     *
     * @return the section, or {@link #defaults()} if the file has none
     * @throws ConfigException naming the field on a bad value
     */
    public static BacktestConfig from(AquatradeConfig config) {
        BacktestConfig c = config.section(SECTION, BacktestConfig.class);
        return c == null ? defaults() : c;
    }

    /**
     * The inputs of a backtest: the {@code --data} flags if any, else {@code backtest.data}, else the
     * {@code market-data.replay.files}.
     *
     * @param config the loaded config
     * @param flags  {@code --data} values, {@code PATH[:FORMAT[:SYMBOL]]}
     * @return at least one input
     * @throws ConfigException naming {@code --data} if there is none, or the bad flag or field
     */
    public static List<MarketHistory.Input> inputs(AquatradeConfig config, List<String> flags) {
        List<MarketHistory.Input> inputs = new ArrayList<>();
        for (String f : flags) {
            inputs.add(MarketHistory.Input.parse(f));
        }
        if (inputs.isEmpty()) {
            inputs.addAll(from(config).data());
        }
        if (inputs.isEmpty() && config.section(MarketDataConfig.SECTION, Object.class) != null) {
            MarketDataConfig md = MarketDataConfig.from(config);
            if (md.replay() != null) {
                for (ReplayFile f : md.replay().files()) {
                    inputs.add(new MarketHistory.Input(f.path(), f.format().configName(), f.symbol()));
                }
            }
        }
        if (inputs.isEmpty()) {
            throw new ConfigException("--data", "at least one file (--data PATH[:FORMAT[:SYMBOL]]), or backtest.data "
                    + "or market-data.replay.files in the config");
        }
        return inputs;
    }

    /**
     * Parses a time: ISO-8601 with zone ({@code 2019-10-11T06:00:00Z}), a local date-time taken as UTC
     * ({@code 2019-10-11T06:00}), or a date meaning its 00:00 UTC ({@code 2019-10-11}).
     *
     * @param field the flag or config path, for the error
     * @param text  the time
     * @return UTC epoch ns
     * @throws ConfigException naming the field if the text is none of those
     */
    public static long parseTimeNs(String field, String text) {
        String t = text == null ? "" : text.trim();
        Instant instant;
        try {
            instant = Instant.parse(t);
        } catch (DateTimeParseException notInstant) {
            try {
                instant = LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notLocal) {
                try {
                    instant = LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException notDate) {
                    throw new ConfigException(field, "an ISO-8601 UTC time like 2019-10-11T06:00:00Z or a date "
                            + "like 2019-10-11, was '" + text + "'");
                }
            }
        }
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }
}
