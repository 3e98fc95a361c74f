package io.aquatrade.common;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import net.openhft.chronicle.threads.Pauser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an {@link Agent}'s duty cycle on the calling thread: {@code idle(agent.doWork())} until stopped, with a
 * pluggable idle strategy (a Chronicle {@link Pauser}, see {@link IdleStrategies}) and the process's
 * {@link ErrorHandler}. A listener that throws on a message never gets here: its reader's {@link PoisonMessagePolicy}
 * retries, dead-letters and skips it. Anything else the agent throws goes to the error handler, is logged and stops
 * the runner with a failure (exit code 1), so its supervisor restarts the process; restart is always safe because
 * readers resume from named tailers and writers are idempotent. A {@link PoisonMessageException} (the policy's
 * {@code halt}) stops it with {@link ProcessCli#EXIT_POISON_HALT}, which supervisors do not restart.
 */
public final class AgentRunner {
    /** The exit status of a JVM stopped by SIGTERM (128 + 15), which supervisors treat as a clean stop. */
    public static final int EXIT_SIGTERM = 143;
    private static final Logger LOG = LoggerFactory.getLogger(AgentRunner.class);

    private final Agent agent;
    private final Pauser pauser;
    private final ErrorHandler errors;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile Throwable failure;
    /** Set by the shutdown hook: the JVM exits with the signal's status. */
    private volatile boolean signalled;
    private HeartbeatWriter heartbeat;

    /**
     * A runner with its own {@link ErrorCounters}.
     *
     * @param agent  the agent to run
     * @param pauser what to do when a pass did no work
     */
    public AgentRunner(Agent agent, Pauser pauser) {
        this(agent, pauser, new ErrorCounters());
    }

    /**
     * @param agent  the agent to run
     * @param pauser what to do when a pass did no work
     * @param errors the process's error handler (the one its {@link PoisonMessagePolicy} reports to)
     */
    public AgentRunner(Agent agent, Pauser pauser, ErrorHandler errors) {
        this.agent = agent;
        this.pauser = pauser;
        this.errors = errors;
    }

    /**
     * Has the runner write the process's heartbeat file: once at the start, between passes when due (see
     * {@link HeartbeatWriter#afterPass}), and {@code stopped} with the exit code at the end ({@value #EXIT_SIGTERM}
     * when a SIGTERM stopped it through {@link #runUntilShutdown()}).
     *
     * @return this
     */
    public AgentRunner heartbeat(HeartbeatWriter heartbeat) {
        this.heartbeat = heartbeat;
        return this;
    }

    /**
     * Runs until {@link #stop()}, the agent is done, or the agent throws.
     *
     * @return true if it ended without an error
     */
    public boolean run() {
        LOG.info("{} started", agent.roleName());
        HeartbeatWriter hb = heartbeat;
        try {
            if (hb != null) {
                hb.started();
            }
            while (running && !agent.isDone()) {
                int work = agent.doWork();
                if (hb != null) {
                    hb.afterPass(work);
                }
                if (work > 0) {
                    pauser.reset();
                } else {
                    pauser.pause();
                }
            }
        } catch (PoisonMessageException t) {
            failure = t;
            LOG.error("{} halted on a poison message at {} index {} (exit code {})", agent.roleName(), t.topic(),
                    Long.toHexString(t.index()), ProcessCli.EXIT_POISON_HALT);
        } catch (Throwable t) {
            failure = t;
            errors.onError(t);
            LOG.error("{} failed; stopping so that the supervisor restarts it", agent.roleName(), t);
        } finally {
            if (hb != null) {
                hb.measure(); // where the inputs stopped, before the agent closes its readers
            }
            try {
                agent.onClose();
            } catch (Throwable t) {
                LOG.warn("{} close failed", agent.roleName(), t);
            }
            LOG.info("{} stopped; errors by kind and topic: {}", agent.roleName(), errors);
            if (hb != null) {
                hb.stopped(signalled ? EXIT_SIGTERM : exitCode());
            }
            stopped.countDown();
        }
        return failure == null;
    }

    /** Asks the loop to stop after its current pass; safe from any thread. */
    public void stop() {
        running = false;
        pauser.unpause();
    }

    /**
     * Stops and waits for the loop to finish.
     *
     * @param timeoutMs longest wait, milliseconds
     * @return true if it finished in time
     */
    public boolean stopAndWait(long timeoutMs) throws InterruptedException {
        stop();
        return stopped.await(timeoutMs, TimeUnit.MILLISECONDS);
    }

    /** @return the throwable that stopped the agent, or null */
    public Throwable failure() {
        return failure;
    }

    /**
     * @return the process exit code for how {@link #run()} ended: 0 without an error,
     * {@link ProcessCli#EXIT_POISON_HALT} after a poison message under {@code halt}, 1 after any other failure
     */
    public int exitCode() {
        Throwable f = failure;
        if (f == null) {
            return 0;
        }
        return f instanceof PoisonMessageException ? ProcessCli.EXIT_POISON_HALT : 1;
    }

    /**
     * Runs the agent until the JVM is asked to stop (SIGTERM/SIGINT from the supervisor) or the agent ends. On a
     * signal, a shutdown hook stops the loop, waits for {@link Agent#onClose()} and writes out the log files'
     * queues ({@link LogFiles#close()}); the JVM then exits with the
     * signal's status (143 for SIGTERM), as supervisors expect of a stopped program.
     *
     * @return the exit code when the loop ends by itself: 0 if the agent finished, 1 if it failed,
     * {@link ProcessCli#EXIT_POISON_HALT} if it halted on a poison message
     */
    public int runUntilShutdown() {
        Thread hook = new Thread(() -> {
            signalled = true;
            try {
                stopAndWait(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            LogFiles.close(); // the JVM halts once the hooks end: write out what the log queues hold
        }, agent.roleName() + "-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        run();
        return exitCode();
    }
}
