package io.aquatrade.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import ch.qos.logback.core.util.FileSize;

/**
 * The {@code runtime.logs} section: how each log file rolls over and how much of it is kept (see {@link LogFiles}).
 * Every log (each process's own {@code <process>.log}, {@code trades.log}, {@code signals} and {@code errors}) has
 * these limits on its own, so the disk the logs can take is at most about seven times {@code totalSizeCap} plus the
 * files being written.
 *
 * @param maxFileSize    bytes at which a log file is rolled over (also rolled over at 00:00 UTC), at least
 *                       {@value #MIN_FILE_SIZE_BYTES}; YAML text such as {@code 20MB}, {@code 512KB} or a byte count
 *                       (Logback's {@link FileSize} syntax); default {@value #DEFAULT_MAX_FILE_SIZE}
 * @param maxHistoryDays days of rolled-over files kept, 1..{@value #MAX_HISTORY_DAYS}; older ones are deleted;
 *                       default {@value #DEFAULT_MAX_HISTORY_DAYS}
 * @param totalSizeCap   bytes all rolled-over files of one log may take; the oldest are deleted beyond it; at least
 *                       {@code maxFileSize}; same syntax; default {@value #DEFAULT_TOTAL_SIZE_CAP}
 * @param json           true: one JSON object per line (Logback's {@code JsonEncoder}) in every log file, for log
 *                       shippers; false (default): plain text lines
 */
public record LogsConfig(long maxFileSize, int maxHistoryDays, long totalSizeCap, boolean json) {
    /** Default {@code runtime.logs.maxFileSize}. */
    public static final String DEFAULT_MAX_FILE_SIZE = "20MB";
    /** Default {@code runtime.logs.maxHistoryDays}. */
    public static final int DEFAULT_MAX_HISTORY_DAYS = 14;
    /** Default {@code runtime.logs.totalSizeCap}: per log; seven logs fit in about 1.4 GB. */
    public static final String DEFAULT_TOTAL_SIZE_CAP = "200MB";
    /** Smallest {@code maxFileSize}: a file must hold at least a few lines. */
    public static final long MIN_FILE_SIZE_BYTES = 1024;
    /** Largest {@code maxHistoryDays}: ten years. */
    public static final int MAX_HISTORY_DAYS = 3650;

    /**
     * Jackson entry point: fills defaults, parses the sizes, then validates.
     *
     * @throws ConfigException naming the field on a bad value
     */
    @JsonCreator
    public static LogsConfig of(@JsonProperty("maxFileSize") String maxFileSize,
                                @JsonProperty("maxHistoryDays") Integer maxHistoryDays,
                                @JsonProperty("totalSizeCap") String totalSizeCap,
                                @JsonProperty("json") Boolean json) {
        return new LogsConfig(size("runtime.logs.maxFileSize", maxFileSize == null ? DEFAULT_MAX_FILE_SIZE
                        : maxFileSize),
                maxHistoryDays == null ? DEFAULT_MAX_HISTORY_DAYS : maxHistoryDays,
                size("runtime.logs.totalSizeCap", totalSizeCap == null ? DEFAULT_TOTAL_SIZE_CAP : totalSizeCap),
                json != null && json);
    }

    /** @throws ConfigException naming the field on a bad value */
    public LogsConfig {
        if (maxFileSize < MIN_FILE_SIZE_BYTES) {
            throw new ConfigException("runtime.logs.maxFileSize", "a size of at least " + MIN_FILE_SIZE_BYTES
                    + " bytes (e.g. 20MB), was " + maxFileSize + " bytes");
        }
        if (maxHistoryDays < 1 || maxHistoryDays > MAX_HISTORY_DAYS) {
            throw new ConfigException("runtime.logs.maxHistoryDays", "days of rolled-over logs kept, 1.."
                    + MAX_HISTORY_DAYS + ", was " + maxHistoryDays);
        }
        if (totalSizeCap < maxFileSize) {
            throw new ConfigException("runtime.logs.totalSizeCap", "a size of at least runtime.logs.maxFileSize ("
                    + maxFileSize + " bytes), was " + totalSizeCap + " bytes");
        }
    }

    /** @return the defaults: 20MB files, 14 days, 200MB per log, plain text */
    public static LogsConfig defaults() {
        return of(null, null, null, null);
    }

    private static long size(String field, String text) {
        if (text.isBlank()) {
            throw new ConfigException(field, "a size such as 20MB, 512KB, 1GB or a number of bytes, was blank");
        }
        try {
            return FileSize.valueOf(text.trim()).getSize();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(field, "a size such as 20MB, 512KB, 1GB or a number of bytes, was '" + text
                    + "'");
        }
    }
}
