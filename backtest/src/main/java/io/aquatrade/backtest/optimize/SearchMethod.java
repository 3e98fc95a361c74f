package io.aquatrade.backtest.optimize;

import io.aquatrade.common.ConfigException;

/** How the variants of a parameter space are chosen: every combination, or a seeded random sample of them. */
public enum SearchMethod {
    /** The cartesian product of every parameter's values, last parameter varying fastest. */
    GRID("grid"),
    /** {@code samples} distinct combinations drawn with {@link java.util.Random} from {@code seed}. */
    RANDOM("random");

    private final String configName;

    SearchMethod(String configName) {
        this.configName = configName;
    }

    /** @return the name used in config */
    public String configName() {
        return configName;
    }

    /**
     * @param field config path, for the error
     * @param name  "grid" or "random"
     * @return the method
     * @throws ConfigException naming the field if the name is unknown
     */
    public static SearchMethod parse(String field, String name) {
        for (SearchMethod m : values()) {
            if (m.configName.equals(name)) {
                return m;
            }
        }
        throw new ConfigException(field, "grid or random, was '" + name + "'");
    }

    @Override
    public String toString() {
        return configName;
    }
}
