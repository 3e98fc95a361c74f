package io.aquatrade.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The {@code runtime} section: where the queues live, how agents idle, and how a process that reads several topics
 * orders them.
 *
 * @param queueDir   queue root directory, relative to the working directory; default {@code var/queues}
 * @param idle       idle strategy name, see {@link IdleStrategies}; default {@code balanced}
 * @param sequencing {@link Sequencer.Mode#EVENT_TIME} (default; deterministic, for recorded data) or
 *                   {@link Sequencer.Mode#ARRIVAL} (live)
 */
public record RuntimeConfig(String queueDir, String idle, Sequencer.Mode sequencing) {

    /** Jackson entry point: fills defaults, then validates. */
    @JsonCreator
    public static RuntimeConfig of(@JsonProperty("queueDir") String queueDir, @JsonProperty("idle") String idle,
                                   @JsonProperty("sequencing") String sequencing) {
        Sequencer.Mode mode;
        if (sequencing == null || sequencing.equals("event-time")) {
            mode = Sequencer.Mode.EVENT_TIME;
        } else if (sequencing.equals("arrival")) {
            mode = Sequencer.Mode.ARRIVAL;
        } else {
            throw new ConfigException("runtime.sequencing", "event-time or arrival, was '" + sequencing + "'");
        }
        return new RuntimeConfig(queueDir == null ? "var/queues" : queueDir, idle == null ? "balanced" : idle, mode);
    }

    /** @throws ConfigException naming the field on a bad value */
    public RuntimeConfig {
        if (queueDir == null || queueDir.isBlank()) {
            throw new ConfigException("runtime.queueDir", "a directory path");
        }
        IdleStrategies.parse("runtime.idle", idle);
    }

    /** @return the defaults: var/queues, balanced, event-time */
    public static RuntimeConfig defaults() {
        return of(null, null, null);
    }
}
