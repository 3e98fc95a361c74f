package io.aquatrade.common;

/**
 * A configuration or command-line value is missing or wrong. The message names the field (as a dotted path in the
 * YAML file, or the flag) and what is expected; processes print it and exit with status 2 before starting work.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String field;
    private final String expected;

    /**
     * @param field    dotted path of the offending field, e.g. "signal-generator.timeframe"
     * @param expected what a valid value looks like, and what was found
     */
    public ConfigException(String field, String expected) {
        super("config " + field + ": expected " + expected);
        this.field = field;
        this.expected = expected;
    }

    /** @return the dotted path of the offending field */
    public String field() {
        return field;
    }

    /**
     * @return what a valid value looks like, and what was found, as given to the constructor: lets a caller that
     * re-reports the error under another field reuse it without parsing the message
     */
    public String expected() {
        return expected;
    }
}
