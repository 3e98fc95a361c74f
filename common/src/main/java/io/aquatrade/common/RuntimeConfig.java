package io.aquatrade.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The {@code runtime} section: where the queues live, how agents idle, how a process that reads several topics
 * orders them, and what it does with a message it cannot handle.
 *
 * @param queueDir   queue root directory, relative to the working directory; default {@code var/queues}
 * @param idle       idle strategy name, see {@link IdleStrategies}; default {@code balanced}
 * @param sequencing {@link Sequencer.Mode#EVENT_TIME} (default; deterministic, for recorded data) or
 *                   {@link Sequencer.Mode#ARRIVAL} (live)
 * @param poisonMessage what to do with an input message whose handler keeps throwing ({@code runtime.poisonMessage})
 * @param killSwitchFile a file whose existence means the kill switch is on (no new entries), relative to the
 *                   working directory; default {@value #DEFAULT_KILL_SWITCH_FILE}
 * @param heartbeat  where and how often each process writes its heartbeat file ({@code runtime.heartbeat})
 */
public record RuntimeConfig(String queueDir, String idle, Sequencer.Mode sequencing,
                            PoisonMessageConfig poisonMessage, String killSwitchFile, HeartbeatConfig heartbeat) {
    /** Default {@code runtime.killSwitchFile}. */
    public static final String DEFAULT_KILL_SWITCH_FILE = "var/KILL_SWITCH";

    /** Jackson entry point: fills defaults, then validates. */
    @JsonCreator
    public static RuntimeConfig of(@JsonProperty("queueDir") String queueDir, @JsonProperty("idle") String idle,
                                   @JsonProperty("sequencing") String sequencing,
                                   @JsonProperty("poisonMessage") PoisonMessageConfig poisonMessage,
                                   @JsonProperty("killSwitchFile") String killSwitchFile,
                                   @JsonProperty("heartbeat") HeartbeatConfig heartbeat) {
        Sequencer.Mode mode;
        if (sequencing == null || sequencing.equals("event-time")) {
            mode = Sequencer.Mode.EVENT_TIME;
        } else if (sequencing.equals("arrival")) {
            mode = Sequencer.Mode.ARRIVAL;
        } else {
            throw new ConfigException("runtime.sequencing", "event-time or arrival, was '" + sequencing + "'");
        }
        return new RuntimeConfig(queueDir == null ? "var/queues" : queueDir, idle == null ? "balanced" : idle, mode,
                poisonMessage == null ? PoisonMessageConfig.defaults() : poisonMessage,
                killSwitchFile == null ? DEFAULT_KILL_SWITCH_FILE : killSwitchFile,
                heartbeat == null ? HeartbeatConfig.defaults() : heartbeat);
    }

    /** @throws ConfigException naming the field on a bad value */
    public RuntimeConfig {
        if (queueDir == null || queueDir.isBlank()) {
            throw new ConfigException("runtime.queueDir", "a directory path");
        }
        IdleStrategies.parse("runtime.idle", idle);
        if (poisonMessage == null) {
            throw new ConfigException("runtime.poisonMessage", "a section {retries, action, deadLetterDir}");
        }
        if (killSwitchFile == null || killSwitchFile.isBlank()) {
            throw new ConfigException("runtime.killSwitchFile", "a file path (its existence turns the kill switch "
                    + "on), was " + (killSwitchFile == null ? "missing" : "blank"));
        }
        if (heartbeat == null) {
            throw new ConfigException("runtime.heartbeat", "a section {dir, intervalMs}");
        }
    }

    /** @return the defaults: var/queues, balanced, event-time, poison messages skipped after 3 attempts */
    public static RuntimeConfig defaults() {
        return of(null, null, null, null, null, null);
    }
}
