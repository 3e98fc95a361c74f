package io.aquatrade.marketdata;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.ConfigException;
import io.aquatrade.common.Instrument;
import io.aquatrade.marketdata.binance.BinanceSourceConfig;
import io.aquatrade.marketdata.replay.ReplayErrorPolicy;
import io.aquatrade.marketdata.replay.ReplayFile;
import io.aquatrade.marketdata.replay.ReplaySource;

/**
 * The {@code market-data} config section.
 *
 * <pre>
 * market-data:
 *   source: replay            # replay | binance
 *   heartbeatMs: 1000         # live sources: Progress heartbeat period, ms (1..3600000)
 *   maxClockSkewMs: 5000      # reject a tick whose time is this far from its receive time / the stream's watermark
 *   maxJumpBps: 1000          # hold a price this far from the last trade or mid until the next tick confirms it
 *   replay:
 *     speed: 0                # 0 = as fast as possible; N = N x real time (may be fractional)
 *     reorderMs: 1000         # reorder window of the event-time merge, ms (1..3600000)
 *     onError: warn           # a file that stops parsing: warn (replay the rest, end incomplete) | fail (exit 4)
 *     files:                  # merged by event time; on equal times earlier files come first
 *       - {path: data/sample/XRP_ETH-trades.json.gz, format: freqtrade-trades, symbol: XRPETH}
 *       - {path: capture.gz, format: binance-capture, receiveTimeUnit: us}   # auto (default) | ns | us | ms
 *   binance:                  # see BinanceSourceConfig
 *     streamUri: wss://stream.binance.com:9443/
 * </pre>
 *
 * <p>Paths are relative to the working directory. A file entry's {@code format} may be left out for
 * {@code *.json[.gz]} (freqtrade-trades) and {@code *.csv[.gz]} (binance-aggtrades-csv), and its {@code symbol}
 * when the file name starts with it (see {@link ReplayFile#of}).
 *
 * @param source      where ticks come from
 * @param heartbeatMs period of the wall-clock {@link io.aquatrade.common.Progress} heartbeat of a live source, ms
 * @param replay      the replay settings (used when {@code source} is replay)
 * @param binance     the live Binance settings (used when {@code source} is binance)
 * @param validation  {@code maxClockSkewMs} and {@code maxJumpBps}: the {@link TickValidator}'s limits, for replay
 *                    and live alike
 */
public record MarketDataConfig(Source source, long heartbeatMs, Replay replay, BinanceSourceConfig binance,
                               TickValidator.Limits validation) {
    /** Config section name. */
    public static final String SECTION = "market-data";
    /** Default heartbeat period, ms. */
    public static final long DEFAULT_HEARTBEAT_MS = 1000;
    private static final long MAX_HEARTBEAT_MS = 3_600_000;

    /** Where ticks come from. */
    public enum Source {
        /** Recorded files, see {@link io.aquatrade.marketdata.replay.ReplaySource}. */
        REPLAY("replay"),
        /** Binance's live websocket streams. */
        BINANCE("binance");

        private final String configName;

        Source(String configName) {
            this.configName = configName;
        }

        /** @return the name used in config and on the command line */
        public String configName() {
            return configName;
        }

        /**
         * @param field config path or flag, for the error
         * @param name  "replay" or "binance"
         * @return the source
         * @throws ConfigException naming the field if the name is unknown
         */
        public static Source parse(String field, String name) {
            for (Source s : values()) {
                if (s.configName.equals(name)) {
                    return s;
                }
            }
            throw new ConfigException(field, "replay or binance, was '" + name + "'");
        }

        @Override
        public String toString() {
            return configName;
        }
    }

    /** A section with the default validation limits. */
    public MarketDataConfig(Source source, long heartbeatMs, Replay replay, BinanceSourceConfig binance) {
        this(source, heartbeatMs, replay, binance, TickValidator.Limits.DEFAULT);
    }

    /** Jackson entry point: fills defaults (replay, 1000 ms, no files, Binance defaults), then validates. */
    public static MarketDataConfig of(String source, Long heartbeatMs, Replay replay, BinanceSourceConfig binance) {
        return of(source, heartbeatMs, replay, binance, null, null);
    }

    /**
     * Jackson entry point: fills defaults (replay, 1000 ms, no files, Binance defaults, 5000 ms skew, 1000 bps),
     * then validates.
     *
     * @throws ConfigException naming the field on a bad value
     */
    @JsonCreator
    public static MarketDataConfig of(@JsonProperty("source") String source,
                                      @JsonProperty("heartbeatMs") Long heartbeatMs,
                                      @JsonProperty("replay") Replay replay,
                                      @JsonProperty("binance") BinanceSourceConfig binance,
                                      @JsonProperty("maxClockSkewMs") Long maxClockSkewMs,
                                      @JsonProperty("maxJumpBps") Integer maxJumpBps) {
        long skew = maxClockSkewMs == null ? TickValidator.Limits.DEFAULT_MAX_CLOCK_SKEW_MS : maxClockSkewMs;
        if (skew < 1 || skew > TickValidator.Limits.MAX_CLOCK_SKEW_MS) {
            throw new ConfigException(SECTION + ".maxClockSkewMs", "milliseconds 1.."
                    + TickValidator.Limits.MAX_CLOCK_SKEW_MS + ", was " + skew);
        }
        int jump = maxJumpBps == null ? TickValidator.Limits.DEFAULT_MAX_JUMP_BPS : maxJumpBps;
        if (jump < 0 || jump > TickValidator.Limits.MAX_JUMP_BPS) {
            throw new ConfigException(SECTION + ".maxJumpBps", "basis points 0.." + TickValidator.Limits.MAX_JUMP_BPS
                    + " (0 turns the check off), was " + jump);
        }
        return new MarketDataConfig(source == null ? Source.REPLAY : Source.parse(SECTION + ".source", source),
                heartbeatMs == null ? DEFAULT_HEARTBEAT_MS : heartbeatMs,
                replay == null ? Replay.of(null, null) : replay,
                binance == null ? defaultBinance() : binance,
                new TickValidator.Limits(skew, jump));
    }

    /** @throws ConfigException naming the field on a bad value */
    public MarketDataConfig {
        if (source == null) {
            throw new ConfigException(SECTION + ".source", "replay or binance");
        }
        if (heartbeatMs < 1 || heartbeatMs > MAX_HEARTBEAT_MS) {
            throw new ConfigException(SECTION + ".heartbeatMs", "milliseconds 1.." + MAX_HEARTBEAT_MS + ", was "
                    + heartbeatMs);
        }
        if (replay == null) {
            throw new ConfigException(SECTION + ".replay", "the replay settings");
        }
        if (validation == null) {
            throw new ConfigException(SECTION + ".maxClockSkewMs", "the validation limits");
        }
    }

    /**
     * Reads the section (defaults if the file has none). Cross-checks against the rest of the config are done by
     * {@link #check(Map)}, after command-line overrides.
     *
     * @throws ConfigException naming the field on a bad value
     */
    public static MarketDataConfig from(AquatradeConfig config) {
        MarketDataConfig md = config.section(SECTION, MarketDataConfig.class);
        return md == null ? of(null, null, null, null, null, null) : md;
    }

    /**
     * Checks what the section refers to, for the source in use: for a replay, that there are files, each exists
     * and each symbol is configured.
     *
     * @param instruments configured instruments by symbol
     * @return this
     * @throws ConfigException naming the field, e.g. {@code market-data.replay.files[0].path}
     */
    public MarketDataConfig check(Map<String, Instrument> instruments) {
        if (source == Source.REPLAY) {
            if (replay.files().isEmpty()) {
                throw new ConfigException(SECTION + ".replay.files", "at least one file to replay (or --file)");
            }
            for (int i = 0; i < replay.files().size(); i++) {
                replay.files().get(i).check(SECTION + ".replay.files[" + i + "]", instruments);
            }
        }
        return this;
    }

    /** @return a copy with another source */
    public MarketDataConfig withSource(Source newSource) {
        return new MarketDataConfig(newSource, heartbeatMs, replay, binance, validation);
    }

    /** @return a copy with another replay speed @throws ConfigException if the speed is not &gt;= 0 */
    public MarketDataConfig withSpeed(double speed) {
        return new MarketDataConfig(source, heartbeatMs,
                new Replay(speed, replay.files(), replay.reorderMs(), replay.onError()), binance, validation);
    }

    /** @return a copy replaying other files */
    public MarketDataConfig withFiles(List<ReplayFile> files) {
        return new MarketDataConfig(source, heartbeatMs,
                new Replay(replay.speed(), files, replay.reorderMs(), replay.onError()), binance, validation);
    }

    private static BinanceSourceConfig defaultBinance() {
        // Maps an empty section, so that whatever defaults BinanceSourceConfig's own Jackson mapping fills apply.
        ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        return mapper.convertValue(mapper.createObjectNode(), BinanceSourceConfig.class);
    }

    /**
     * The {@code market-data.replay} subsection.
     *
     * @param speed     0 for as fast as possible, else the multiple of real time; finite, &gt;= 0
     * @param files     the files, in priority order
     * @param reorderMs the event-time merge's reorder window, ms, 1..3,600,000 (see
     *                  {@link io.aquatrade.marketdata.replay.ReplaySource})
     * @param onError   what a file that stops parsing does to the replay
     */
    public record Replay(double speed, List<ReplayFile> files, long reorderMs, ReplayErrorPolicy onError) {
        /** Largest reorder window, ms (an hour). */
        public static final long MAX_REORDER_MS = 3_600_000;

        /**
         * Jackson entry point: speed 0, no files, a 1000 ms window and {@code warn} by default; validates each file
         * entry, naming its index.
         */
        @JsonCreator
        public static Replay of(@JsonProperty("speed") Double speed, @JsonProperty("files") List<FileEntry> files,
                                @JsonProperty("reorderMs") Long reorderMs, @JsonProperty("onError") String onError) {
            List<ReplayFile> parsed = new ArrayList<>();
            if (files != null) {
                for (int i = 0; i < files.size(); i++) {
                    FileEntry e = files.get(i);
                    String field = SECTION + ".replay.files[" + i + "]";
                    if (e == null) {
                        throw new ConfigException(field, "{path, format, symbol, receiveTimeUnit}");
                    }
                    parsed.add(ReplayFile.of(field, e.path(), e.format(), e.symbol(), e.receiveTimeUnit()));
                }
            }
            return new Replay(speed == null ? 0 : speed, parsed,
                    reorderMs == null ? ReplaySource.DEFAULT_REORDER_MS : reorderMs,
                    onError == null ? ReplayErrorPolicy.WARN
                            : ReplayErrorPolicy.parse(SECTION + ".replay.onError", onError));
        }

        /** Defaults (speed 0, no files, 1000 ms window, warn). */
        static Replay of(Double speed, List<FileEntry> files) {
            return of(speed, files, null, null);
        }

        /** @throws ConfigException naming the field on a bad value */
        public Replay {
            if (!(speed >= 0) || Double.isInfinite(speed)) {
                throw new ConfigException(SECTION + ".replay.speed", "a number >= 0 (0 = as fast as possible, "
                        + "N = N x real time), was " + speed);
            }
            if (reorderMs < 1 || reorderMs > MAX_REORDER_MS) {
                throw new ConfigException(SECTION + ".replay.reorderMs", "milliseconds 1.." + MAX_REORDER_MS
                        + " (how late a tick may come in a file and still take its place in event-time order), was "
                        + reorderMs);
            }
            if (onError == null) {
                throw new ConfigException(SECTION + ".replay.onError", "warn or fail");
            }
            files = files == null ? List.of() : List.copyOf(files);
        }
    }

    /**
     * A {@code files} entry as written in YAML, before validation.
     *
     * @param path            file path
     * @param format          format name, or null to infer it from the file name
     * @param symbol          instrument symbol, or null
     * @param receiveTimeUnit unit of a capture's receive times: auto (or null), ns, us or ms
     */
    public record FileEntry(@JsonProperty("path") String path, @JsonProperty("format") String format,
                            @JsonProperty("symbol") String symbol,
                            @JsonProperty("receiveTimeUnit") String receiveTimeUnit) {
    }
}
