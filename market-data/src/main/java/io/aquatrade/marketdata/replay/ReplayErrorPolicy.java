package io.aquatrade.marketdata.replay;

import io.aquatrade.common.ConfigException;

/**
 * What a replay does when a file stops parsing before its end ({@code market-data.replay.onError}): a truncated
 * gzip stream, or a JSON syntax error that leaves a JSON array file unreadable from there on. A bad record in a
 * line-oriented file is not such an error: it is counted as malformed and the next line is read.
 */
public enum ReplayErrorPolicy {
    /** Log at ERROR, replay the other files to their end, and mark the end of stream incomplete. */
    WARN("warn"),
    /** Log at ERROR, stop the replay at once, mark the end of stream incomplete, and exit non-zero. */
    FAIL("fail");

    private final String configName;

    ReplayErrorPolicy(String configName) {
        this.configName = configName;
    }

    /** @return the name used in config: warn or fail */
    public String configName() {
        return configName;
    }

    /**
     * @param field config path, for the error
     * @param name  warn or fail
     * @return the policy
     * @throws ConfigException naming the field if the name is unknown
     */
    public static ReplayErrorPolicy parse(String field, String name) {
        for (ReplayErrorPolicy p : values()) {
            if (p.configName.equals(name)) {
                return p;
            }
        }
        throw new ConfigException(field, "warn or fail, was '" + name + "'");
    }

    @Override
    public String toString() {
        return configName;
    }
}
