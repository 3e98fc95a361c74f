package io.aquatrade.common;

/**
 * A unit of work run by an {@link AgentRunner} on one thread: the only kind of class in a process that touches
 * queues. Each {@link #doWork()} pass reads the clock at most once, does a bounded amount of work and says how much.
 */
public interface Agent {
    /**
     * Does one pass of work.
     *
     * @return the amount of work done; 0 lets the runner idle
     * @throws Exception anything unexpected: the runner's error handler decides whether the process goes on
     */
    int doWork() throws Exception;

    /** @return true when the agent has finished for good (for example a replay that drained); the runner stops */
    default boolean isDone() {
        return false;
    }

    /** Called once on the agent thread when the runner stops; release queues here. */
    default void onClose() {
    }

    /** @return a short name for logs and thread names */
    String roleName();
}
