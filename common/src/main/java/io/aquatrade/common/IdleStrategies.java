package io.aquatrade.common;

import net.openhft.chronicle.threads.Pauser;

/**
 * Names of the idle strategies a process may use between passes that found no work ({@code runtime.idle} in
 * config). On a small machine four JVMs share the cores, so the default is {@code balanced}: spin briefly, then
 * yield, then sleep up to 20 ms. {@code busy} spinning needs a core per process (and Chronicle silently sleeps
 * instead on fewer than four CPUs); use it only with pinned cores.
 */
public final class IdleStrategies {
    /** Accepted names, for error messages. */
    public static final String NAMES = "balanced, sleepy, yielding, busy, millis:<n>";

    private IdleStrategies() {
    }

    /**
     * @param field config path, for the error message
     * @param name  one of {@link #NAMES}
     * @return a new pauser
     * @throws ConfigException naming the field if the name is unknown
     */
    public static Pauser parse(String field, String name) {
        if (name == null) {
            throw new ConfigException(field, "one of " + NAMES + ", was missing");
        }
        switch (name) {
            case "balanced":
                return Pauser.balanced();
            case "sleepy":
                return Pauser.sleepy();
            case "yielding":
                return Pauser.yielding();
            case "busy":
                return Pauser.busy();
            default:
                if (name.startsWith("millis:")) {
                    try {
                        int ms = Integer.parseInt(name.substring(7));
                        if (ms >= 1 && ms <= 1000) {
                            return Pauser.millis(ms);
                        }
                    } catch (NumberFormatException ignored) {
                        // falls through to the error
                    }
                }
                throw new ConfigException(field, "one of " + NAMES + " (millis 1..1000), was '" + name + "'");
        }
    }
}
