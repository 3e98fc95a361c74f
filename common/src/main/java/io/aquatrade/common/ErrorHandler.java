package io.aquatrade.common;

/**
 * Where a process's unexpected throwables go, in the Agrona style: one handler per process, injected into its
 * {@link AgentRunner} (errors of an agent's pass) and into message dispatch ({@link PoisonMessagePolicy}: a listener
 * that threw). The handler records; it does not decide: the runner and the policy do, and they log with context.
 *
 * <p>Called on the agent thread; implementations must be cheap and must not throw.
 */
@FunctionalInterface
public interface ErrorHandler {
    /** What went wrong. */
    enum Kind {
        /** An agent's pass threw outside message handling; the runner stops with a failure. */
        AGENT,
        /** A listener threw on a message; the message is tried again (an attempt that failed). */
        HANDLER,
        /** A message failed every attempt and was written to the dead-letter file. */
        DEAD_LETTER
    }

    /**
     * Records an error.
     *
     * @param kind  what failed
     * @param topic the topic's name for {@link Kind#HANDLER} and {@link Kind#DEAD_LETTER}; null for
     *              {@link Kind#AGENT}
     * @param error the throwable
     */
    void onError(Kind kind, String topic, Throwable error);

    /** Agrona's signature: records an {@link Kind#AGENT} error. */
    default void onError(Throwable error) {
        onError(Kind.AGENT, null, error);
    }
}
