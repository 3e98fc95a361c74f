package io.aquatrade.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The {@code runtime.poisonMessage} section: what a process does with an input message whose handler keeps throwing
 * (see {@link PoisonMessagePolicy}).
 *
 * @param retries       attempts in all before the message counts as poison, 1..{@value #MAX_RETRIES}; default 3
 * @param action        {@link Action#SKIP} (default) or {@link Action#HALT}
 * @param deadLetterDir directory of the dead-letter files {@code <process>.jsonl}, relative to the working directory;
 *                      default {@code var/dead-letter}
 */
public record PoisonMessageConfig(int retries, Action action, String deadLetterDir) {
    /** Largest accepted {@code retries}: the attempts run back to back on the agent thread. */
    public static final int MAX_RETRIES = 100;

    /** What happens after the last attempt failed and the message was written to the dead-letter file. */
    public enum Action {
        /** Count, log at ERROR, consume the message and go on with the next one. */
        SKIP,
        /**
         * Stop the process with exit code {@link ProcessCli#EXIT_POISON_HALT}, leaving the message unconsumed: a
         * restart meets it again (and halts again) until its cause is fixed or the action is {@code skip}.
         */
        HALT
    }

    /** Jackson entry point: fills defaults, then validates. @throws ConfigException naming the field */
    @JsonCreator
    public static PoisonMessageConfig of(@JsonProperty("retries") Integer retries,
                                         @JsonProperty("action") String action,
                                         @JsonProperty("deadLetterDir") String deadLetterDir) {
        Action a;
        if (action == null || action.equals("skip")) {
            a = Action.SKIP;
        } else if (action.equals("halt")) {
            a = Action.HALT;
        } else {
            throw new ConfigException("runtime.poisonMessage.action", "skip or halt, was '" + action + "'");
        }
        return new PoisonMessageConfig(retries == null ? 3 : retries, a,
                deadLetterDir == null ? "var/dead-letter" : deadLetterDir);
    }

    /** @throws ConfigException naming the field on a bad value */
    public PoisonMessageConfig {
        if (retries < 1 || retries > MAX_RETRIES) {
            throw new ConfigException("runtime.poisonMessage.retries", "attempts in all, 1.." + MAX_RETRIES
                    + ", was " + retries);
        }
        if (action == null) {
            throw new ConfigException("runtime.poisonMessage.action", "skip or halt");
        }
        if (deadLetterDir == null || deadLetterDir.isBlank()) {
            throw new ConfigException("runtime.poisonMessage.deadLetterDir", "a directory path");
        }
    }

    /** @return the defaults: 3 attempts, skip, var/dead-letter */
    public static PoisonMessageConfig defaults() {
        return of(null, null, null);
    }
}
