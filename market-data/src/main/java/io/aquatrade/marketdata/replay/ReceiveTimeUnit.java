package io.aquatrade.marketdata.replay;

import java.util.ArrayList;
import java.util.List;

import io.aquatrade.common.ConfigException;

/**
 * The unit of a capture file's local receive times ({@link ReplayFormat#BINANCE_CAPTURE}'s first field). Collectors
 * differ: hftbacktest writes nanoseconds, others microseconds or milliseconds. {@link #AUTO} detects the unit per
 * file from the magnitude of the first receive time (see {@link #detect(long)}); the others force it.
 */
public enum ReceiveTimeUnit {
    /** Detected from the first receive time's magnitude. */
    AUTO("auto", 0),
    /** Nanoseconds since the epoch (19 digits today). */
    NS("ns", 1L),
    /** Microseconds since the epoch (16 digits today). */
    US("us", 1_000L),
    /** Milliseconds since the epoch (13 digits today). */
    MS("ms", 1_000_000L);

    /** Epoch 1973-03-03 in ns: a ns time at or above this is plausible, a µs or ms time never reaches it. */
    static final long NS_FROM = 100_000_000_000_000_000L;
    /** Epoch 1973-03-03 in µs; at or above this and below {@link #NS_FROM}: microseconds (up to year 5138). */
    static final long US_FROM = 100_000_000_000_000L;
    /** Epoch 1973-03-03 in ms; at or above this and below {@link #US_FROM}: milliseconds (up to year 5138). */
    static final long MS_FROM = 100_000_000_000L;

    private final String configName;
    private final long nanosPerUnit;

    ReceiveTimeUnit(String configName, long nanosPerUnit) {
        this.configName = configName;
        this.nanosPerUnit = nanosPerUnit;
    }

    /** @return the name used in config and in {@code --file}: auto, ns, us or ms */
    public String configName() {
        return configName;
    }

    /**
     * @param value a receive time in this unit
     * @return it in ns
     * @throws ArithmeticException if it overflows a long
     * @throws IllegalStateException for {@link #AUTO}, which has no factor until detected
     */
    public long toNanos(long value) {
        if (this == AUTO) {
            throw new IllegalStateException("detect the unit first");
        }
        return Math.multiplyExact(value, nanosPerUnit);
    }

    /**
     * Tells the unit of an epoch time from its magnitude: every time from 1973-03-03 to 5138 is at or above
     * 10^17 in ns, in [10^14, 10^17) in µs and in [10^11, 10^14) in ms, so the ranges do not overlap.
     *
     * @param value a receive time since the epoch, unit unknown
     * @return NS, US or MS; null if the value is below 10^11 (before 1973 even in ms: not a receive time)
     */
    public static ReceiveTimeUnit detect(long value) {
        if (value >= NS_FROM) {
            return NS;
        }
        if (value >= US_FROM) {
            return US;
        }
        if (value >= MS_FROM) {
            return MS;
        }
        return null;
    }

    /**
     * @param field config path or flag, for the error
     * @param name  a {@link #configName()}
     * @return the unit
     * @throws ConfigException naming the field if the name is unknown
     */
    public static ReceiveTimeUnit parse(String field, String name) {
        for (ReceiveTimeUnit u : values()) {
            if (u.configName.equals(name)) {
                return u;
            }
        }
        List<String> names = new ArrayList<>();
        for (ReceiveTimeUnit u : values()) {
            names.add(u.configName);
        }
        throw new ConfigException(field, "one of " + names + ", was '" + name + "'");
    }

    @Override
    public String toString() {
        return configName;
    }
}
