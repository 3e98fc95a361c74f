package io.aquatrade.signal.strategy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.ConfigException;

/**
 * Parsers of the parameter values of strategy and filter config entries, as Jackson reads YAML scalars (Integer,
 * Long, BigInteger, Double, BigDecimal, String, List). Every error is a {@link ConfigException} naming the field.
 */
public final class ConfigValues {
    /** Longest timeframe: one day (bars align to multiples of the timeframe since the epoch). */
    public static final long MAX_TIMEFRAME_MS = 86_400_000L;

    private ConfigValues() {
    }

    /**
     * @param field dotted path, for errors
     * @param v     the YAML value
     * @param min   smallest accepted value
     * @param max   largest accepted value
     * @return the value as an int
     * @throws ConfigException naming the field if it is not an integer in [min, max]
     */
    public static int integer(String field, Object v, int min, int max) {
        long n;
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            n = ((Number) v).longValue();
        } else if (v instanceof BigInteger b && b.bitLength() < 63) {
            n = b.longValue();
        } else if (v instanceof BigDecimal d && d.stripTrailingZeros().scale() <= 0 && d.abs().compareTo(
                BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0) {
            n = d.longValueExact();
        } else {
            throw new ConfigException(field, "an integer " + min + ".." + max + ", was '" + v + "'");
        }
        if (n < min || n > max) {
            throw new ConfigException(field, "an integer " + min + ".." + max + ", was " + n);
        }
        return (int) n;
    }

    /**
     * @param field dotted path, for errors
     * @param v     the YAML value: an integer or decimal number
     * @param min   smallest accepted value
     * @param max   largest accepted value
     * @return the value
     * @throws ConfigException naming the field if it is not a finite number in [min, max]
     */
    public static double number(String field, Object v, double min, double max) {
        if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            throw new ConfigException(field, "a number " + min + ".." + max + ", was '" + v + "'");
        }
        double d = n.doubleValue();
        if (d < min || d > max) {
            throw new ConfigException(field, "a number " + min + ".." + max + ", was " + v);
        }
        return d;
    }

    /**
     * @param field dotted path, for errors
     * @param v     the YAML value: a duration such as "5m"
     * @return the timeframe, milliseconds, 1 .. {@value #MAX_TIMEFRAME_MS}
     * @throws ConfigException naming the field if it is not such a duration
     */
    public static long timeframe(String field, Object v) {
        if (!(v instanceof String text)) {
            throw new ConfigException(field, "a timeframe like 1m, 5m, 1h, was '" + v + "'");
        }
        long ms = AquatradeConfig.durationMs(field, text);
        if (ms > MAX_TIMEFRAME_MS) {
            throw new ConfigException(field, "a timeframe of at most 1d, was '" + text + "'");
        }
        return ms;
    }

    /**
     * @param field dotted path, for errors; elements are named {@code field[i]}
     * @param v     the YAML value: a non-empty list of durations, no duplicates
     * @return the timeframes, milliseconds, in the given order
     * @throws ConfigException naming the field or element if it is not such a list
     */
    public static List<Long> timeframes(String field, Object v) {
        if (!(v instanceof List<?> list) || list.isEmpty()) {
            throw new ConfigException(field, "a non-empty list of timeframes, e.g. [15m, 30m, 1h], was '" + v + "'");
        }
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            long ms = timeframe(field + "[" + i + "]", list.get(i));
            if (out.contains(ms)) {
                throw new ConfigException(field + "[" + i + "]", "each timeframe once, " + list.get(i)
                        + " appears twice");
            }
            out.add(ms);
        }
        return out;
    }

    /**
     * @param field the unknown key's path
     * @param type  the strategy or filter type
     * @param known the keys it does take
     * @return the exception to throw
     */
    public static ConfigException unknownKey(String field, String type, String known) {
        return new ConfigException(field, "no such parameter of " + type + " (known: " + known + ")");
    }
}
