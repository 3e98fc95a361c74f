package io.aquatrade.common;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.rolling.TimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;
import org.slf4j.LoggerFactory;

/**
 * A process's log files, set up with Logback's own appenders once {@code runtime.logs} ({@link LogsConfig}) is read;
 * before that (and in every JVM that never calls {@link #apply}: the tools, tests) the bootstrap
 * {@code logback.xml} writes {@code <log dir>/<process>.log}. The log directory is the system property
 * {@value #LOG_DIR_PROPERTY} ({@code bin/aquatrade} sets it from {@code AQUATRADE_LOG_DIR}), default {@code logs}.
 *
 * <table>
 * <caption>Files in the log directory</caption>
 * <tr><th>file</th><th>written by</th><th>holds</th><th>rolled over</th></tr>
 * <tr><td>{@code <process>.log}</td><td>that process alone</td><td>everything at INFO and above</td>
 *     <td>at {@code maxFileSize} and at 00:00 UTC, to {@code <process>.<yyyy-MM-dd>.<i>.log}</td></tr>
 * <tr><td>{@code trades.log}</td><td>order-router alone</td><td>one line per fill (logger {@value #TRADES_LOGGER})</td>
 *     <td>as above, to {@code trades.<yyyy-MM-dd>.<i>.log}</td></tr>
 * <tr><td>{@code signals.log}</td><td>decision-engine alone</td><td>one line per signal it reads and per denial
 *     (logger {@value #SIGNALS_LOGGER})</td><td>as above, to {@code signals.<yyyy-MM-dd>.<i>.log}</td></tr>
 * <tr><td>{@code errors.<yyyy-MM-dd>.log}</td><td>every process</td><td>WARN and above of every logger</td>
 *     <td>a new file at 00:00 UTC</td></tr>
 * </table>
 *
 * <p><b>Several JVMs, one file.</b> A file only one process writes rolls over by size and time
 * ({@link SizeAndTimeBasedRollingPolicy}): rolling over renames the file, which only its one writer may do. So the
 * signals log has one writer, decision-engine, which reads every signal and makes every denial (signal-generator's
 * own signal lines go to its process log only). The errors file is written by every process, so its appender runs
 * in Logback's <i>prudent mode</i>: every line is written under an exclusive file lock at the file's end (no half
 * line of one process inside another's, whatever their buffers). Logback supports prudent mode only with a
 * {@link TimeBasedRollingPolicy} and no fixed file name: each process writes straight into the file of the day and
 * nothing is ever renamed, so no process can rename a file another still writes into. Hence the date in its name,
 * and no size limit on a day's file (the retention limits still apply to the days before). The alternative, one
 * file per process, would have split the one place an operator looks for errors into five.
 *
 * <p><b>No caller waits for a file.</b> Every file appender sits behind a Logback {@link AsyncAppender}: the logging
 * call only puts the event into a bounded queue of {@value #QUEUE_SIZE} events and returns; one background thread
 * per file writes them, and only that thread ever waits for another process's lock on the errors file, or for the
 * disk. No level is discarded early (discarding threshold 0). When a queue is full the event is dropped for that file
 * (the call still returns at once: never-block) and counted ({@link #discardedLines}); lines already queued are
 * written. At shutdown ({@link #close()}) each queue is written out for at most {@value #MAX_FLUSH_MS} ms; a line
 * still queued when the JVM is killed (SIGKILL) is lost.
 *
 * <p>Every log keeps {@code maxHistoryDays} days of rolled-over files, at most {@code totalSizeCap} bytes of them;
 * Logback deletes older ones at start-up and at each rollover (in the background). With {@code json: true} every
 * file line is one JSON object ({@link JsonEncoder}: timestamp, level, thread, logger, formatted message, key-value
 * pairs, throwable, and the context properties, among them {@value #PROCESS_PROPERTY}); standard error stays plain
 * text.
 *
 * <p>Not thread-safe against itself: call once at start-up, on the main thread. Re-applying replaces the appenders
 * it added before (by name) and leaves any other appender alone.
 */
public final class LogFiles {
    /** System property naming the log directory; default {@code logs}. */
    public static final String LOG_DIR_PROPERTY = "aquatrade.log.dir";
    /** Logger of the one line per fill in {@code trades.log}. */
    public static final String TRADES_LOGGER = "aquatrade.trades";
    /** Logger of the one line per signal and per denial in {@code signals.log}. */
    public static final String SIGNALS_LOGGER = "aquatrade.signals";
    /** Logger context property holding the process name (in JSON lines under {@code context.properties}). */
    public static final String PROCESS_PROPERTY = "aquatrade.process";

    /** Appender names, as in the bootstrap logback.xml where they exist there. */
    static final String PROCESS_APPENDER = "FILE";
    static final String ERRORS_APPENDER = "ERRORS";
    static final String TRADES_APPENDER = "TRADES";
    static final String SIGNALS_APPENDER = "SIGNALS";

    /** Events each file's queue holds before new ones are dropped (and counted). */
    static final int QUEUE_SIZE = 8192;
    /** How long stopping a file's appender waits for its queue to be written, ms. */
    static final int MAX_FLUSH_MS = 2000;

    private static final String TIME = "%d{yyyy-MM-dd'T'HH:mm:ss.SSS'Z',UTC}";
    private static final String DAY = "%d{yyyy-MM-dd,UTC}";

    /** The logs a process writes beside its own and {@code errors}. */
    public enum Dedicated {
        /** {@code trades.log}: order-router. */
        TRADES,
        /** {@code signals.log}: decision-engine (the signals it reads, its denials). */
        SIGNALS
    }

    private LogFiles() {
    }

    /**
     * @param process a process name
     * @return the dedicated logs that process writes: order-router trades, decision-engine signals, any other none
     */
    public static Set<Dedicated> dedicatedTo(String process) {
        switch (process) {
            case "order-router":
                return EnumSet.of(Dedicated.TRADES);
            case "decision-engine":
                return EnumSet.of(Dedicated.SIGNALS);
            default:
                return EnumSet.noneOf(Dedicated.class);
        }
    }

    /**
     * Sets up this JVM's log files for a process: the process name from the system property
     * {@value #PROCESS_PROPERTY} (as {@link ProcessCli#execute} sets it), the directory from
     * {@value #LOG_DIR_PROPERTY}.
     * Does nothing when SLF4J is not bound to Logback.
     *
     * @param logs the {@code runtime.logs} section
     */
    public static void apply(LogsConfig logs) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        String process = System.getProperty(PROCESS_PROPERTY, "aquatrade");
        configure(context, Path.of(System.getProperty(LOG_DIR_PROPERTY, "logs")), process, logs,
                dedicatedTo(process));
    }

    /**
     * Sets up the log files of a process in a logger context: replaces the root logger's {@code FILE} appender by a
     * rolling one, adds the shared errors appender, and the dedicated loggers' appenders; each file behind its own
     * {@link AsyncAppender} (see the class comment).
     *
     * @param context   the Logback context (the JVM's, or a test's own)
     * @param dir       the log directory (created by Logback when missing)
     * @param process   the process name: names its own file, and goes into every line of the shared files
     * @param logs      rollover, retention and layout
     * @param dedicated the dedicated logs this process writes
     */
    public static void configure(LoggerContext context, Path dir, String process, LogsConfig logs,
                                 Set<Dedicated> dedicated) {
        context.putProperty(PROCESS_PROPERTY, process);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        Logger trades = context.getLogger(TRADES_LOGGER);
        Logger signals = context.getLogger(SIGNALS_LOGGER);
        // stopped first: a started file appender holds its file (and pattern) against any other appender's
        remove(root, PROCESS_APPENDER);
        remove(root, ERRORS_APPENDER);
        remove(trades, TRADES_APPENDER);
        remove(signals, SIGNALS_APPENDER);
        root.addAppender(async(context, PROCESS_APPENDER, sizeAndTime(context, PROCESS_APPENDER, dir, process, logs,
                TIME + " %-5level [%thread] %logger{30} - %msg%n"), null));
        ThresholdFilter warn = new ThresholdFilter();
        warn.setLevel(Level.WARN.levelStr);
        warn.start();
        // filtered before the queue: only WARN and above take a place in it
        root.addAppender(async(context, ERRORS_APPENDER, prudentDaily(context, ERRORS_APPENDER, dir, "errors", logs,
                TIME + " %-5level " + process + " [%thread] %logger{30} - %msg%n"), warn));
        if (dedicated.contains(Dedicated.TRADES)) {
            trades.addAppender(async(context, TRADES_APPENDER, sizeAndTime(context, TRADES_APPENDER, dir, "trades",
                    logs, TIME + " %kvp{NONE}%n"), null));
        }
        if (dedicated.contains(Dedicated.SIGNALS)) {
            signals.addAppender(async(context, SIGNALS_APPENDER, sizeAndTime(context, SIGNALS_APPENDER, dir,
                    "signals", logs, TIME + " " + process + " %kvp{NONE} - %msg%n"), null));
        }
    }

    /**
     * Writes out and closes this JVM's log files {@link #apply} set up (each queue for at most {@value #MAX_FLUSH_MS}
     * ms): a process calls it as it exits ({@link ProcessCli#execute}, and {@link AgentRunner}'s shutdown hook on a
     * signal), since the queues' writer threads are daemons and a line still queued when the JVM halts is lost (as
     * on SIGKILL). Later lines go to the bootstrap's standard error only. Idempotent; does nothing when SLF4J is not
     * bound to Logback.
     */
    public static void close() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            close(context);
        }
    }

    /**
     * As {@link #close()} on a given context.
     *
     * @param context the Logback context {@link #configure} set up
     */
    public static void close(LoggerContext context) {
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        for (String name : List.of(PROCESS_APPENDER, ERRORS_APPENDER)) {
            if (root.getAppender(name) instanceof NeverBlocking) {
                remove(root, name);
            }
        }
        if (context.getLogger(TRADES_LOGGER).getAppender(TRADES_APPENDER) instanceof NeverBlocking) {
            remove(context.getLogger(TRADES_LOGGER), TRADES_APPENDER);
        }
        if (context.getLogger(SIGNALS_LOGGER).getAppender(SIGNALS_APPENDER) instanceof NeverBlocking) {
            remove(context.getLogger(SIGNALS_LOGGER), SIGNALS_APPENDER);
        }
    }

    /**
     * @param context a logger context {@link #configure} set up
     * @return events dropped so far because a file's queue was full, over this context's log files (each file counts
     * its own: a WARN dropped by both the process log and the errors file counts twice)
     */
    public static long discardedLines(LoggerContext context) {
        long sum = 0;
        for (Logger logger : List.of(context.getLogger(Logger.ROOT_LOGGER_NAME), context.getLogger(TRADES_LOGGER),
                context.getLogger(SIGNALS_LOGGER))) {
            for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext(); ) {
                if (it.next() instanceof NeverBlocking queue) {
                    sum += queue.discarded();
                }
            }
        }
        return sum;
    }

    /**
     * @param logger   a logger {@link #configure} gave a file
     * @param appender that file's appender name ({@link #PROCESS_APPENDER} ...)
     * @return events that file's queue dropped so far, 0 when it has no such appender
     */
    static long discardedLines(Logger logger, String appender) {
        return logger.getAppender(appender) instanceof NeverBlocking queue ? queue.discarded() : 0;
    }

    /**
     * Waits (at most {@value #MAX_FLUSH_MS} ms per file) until each file's writer has passed on every event its queue
     * took. For tests.
     *
     * @param context a logger context {@link #configure} set up
     */
    static void awaitWritten(LoggerContext context) {
        for (Logger logger : List.of(context.getLogger(Logger.ROOT_LOGGER_NAME), context.getLogger(TRADES_LOGGER),
                context.getLogger(SIGNALS_LOGGER))) {
            for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext(); ) {
                if (it.next() instanceof NeverBlocking queue) {
                    queue.awaitDelivered();
                }
            }
        }
    }

    /** @return the JVM's dropped log events ({@link #discardedLines(LoggerContext)}), 0 when not on Logback */
    public static long discardedLines() {
        return LoggerFactory.getILoggerFactory() instanceof LoggerContext context ? discardedLines(context) : 0;
    }

    private static Appender<ILoggingEvent> async(LoggerContext context, String name,
                                                 Appender<ILoggingEvent> file, ThresholdFilter filter) {
        NeverBlocking queue = new NeverBlocking();
        queue.setContext(context);
        queue.setName(name);
        queue.setQueueSize(QUEUE_SIZE);
        queue.setDiscardingThreshold(0);
        queue.setNeverBlock(true);
        queue.setMaxFlushTime(MAX_FLUSH_MS);
        if (filter != null) {
            queue.addFilter(filter);
        }
        queue.file(file);
        queue.start();
        return queue;
    }

    /**
     * Logback's {@link AsyncAppender} in never-block mode, counting what it drops: Logback's own drops a refused
     * event silently. Producers put one at a time (the lock is held only around a check and an in-memory offer,
     * never around I/O), and only the worker takes, so a queue with room under the lock takes the event.
     *
     * <p>Stopping first waits (up to {@value #MAX_FLUSH_MS} ms) until its writer has passed on every event taken:
     * Logback's own stop interrupts the writer, and an interrupted write into the errors file (a
     * {@link java.nio.channels.FileChannel} under its lock) closes the file and loses the rest of the queue.
     */
    private static final class NeverBlocking extends AsyncAppender {
        private final AtomicLong discarded = new AtomicLong();
        private final AtomicLong accepted = new AtomicLong();
        private final AtomicLong delivered = new AtomicLong();

        /** Attaches the file: Logback's async appender takes one appender, here the file behind a counter. */
        void file(Appender<ILoggingEvent> file) {
            UnsynchronizedAppenderBase<ILoggingEvent> counting = new UnsynchronizedAppenderBase<>() {
                @Override
                protected void append(ILoggingEvent event) {
                    file.doAppend(event);
                    delivered.incrementAndGet();
                }

                @Override
                public void stop() {
                    super.stop();
                    file.stop();
                }
            };
            counting.setContext(getContext());
            counting.setName(getName() + "-file");
            counting.start();
            addAppender(counting);
        }

        @Override
        protected synchronized void put(ILoggingEvent event) {
            if (getRemainingCapacity() == 0) {
                discarded.incrementAndGet();
                return;
            }
            super.put(event);
            accepted.incrementAndGet();
        }

        @Override
        public void stop() {
            if (!isStarted()) {
                return;
            }
            awaitDelivered();
            super.stop();
        }

        /** Waits, at most {@value #MAX_FLUSH_MS} ms, until the writer has passed on every event taken. */
        void awaitDelivered() {
            try {
                for (int waitedMs = 0; delivered.get() < accepted.get() && waitedMs < MAX_FLUSH_MS; waitedMs++) {
                    Thread.sleep(1);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        long discarded() {
            return discarded.get();
        }
    }

    private static RollingFileAppender<ILoggingEvent> sizeAndTime(LoggerContext context, String name, Path dir,
                                                                  String base, LogsConfig logs, String pattern) {
        RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setContext(context);
        appender.setName(name);
        appender.setFile(dir.resolve(base + ".log").toString());
        SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>();
        policy.setContext(context);
        policy.setParent(appender);
        policy.setFileNamePattern(dir.resolve(base + "." + DAY + ".%i.log").toString());
        policy.setMaxFileSize(new FileSize(logs.maxFileSize()));
        policy.setMaxHistory(logs.maxHistoryDays());
        policy.setTotalSizeCap(new FileSize(logs.totalSizeCap()));
        policy.setCleanHistoryOnStart(true);
        policy.start();
        appender.setRollingPolicy(policy);
        appender.setEncoder(encoder(context, logs, pattern));
        appender.start();
        return appender;
    }

    private static RollingFileAppender<ILoggingEvent> prudentDaily(LoggerContext context, String name, Path dir,
                                                                   String base, LogsConfig logs, String pattern) {
        RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setContext(context);
        appender.setName(name);
        appender.setPrudent(true);
        TimeBasedRollingPolicy<ILoggingEvent> policy = new TimeBasedRollingPolicy<>();
        policy.setContext(context);
        policy.setParent(appender);
        policy.setFileNamePattern(dir.resolve(base + "." + DAY + ".log").toString());
        policy.setMaxHistory(logs.maxHistoryDays());
        policy.setTotalSizeCap(new FileSize(logs.totalSizeCap()));
        policy.setCleanHistoryOnStart(true);
        policy.start();
        appender.setRollingPolicy(policy);
        appender.setEncoder(encoder(context, logs, pattern));
        appender.start();
        return appender;
    }

    private static Encoder<ILoggingEvent> encoder(LoggerContext context, LogsConfig logs, String pattern) {
        if (logs.json()) {
            JsonEncoder json = new JsonEncoder();
            json.setContext(context);
            json.setWithFormattedMessage(true);
            json.setWithMessage(false);
            json.setWithArguments(false);
            json.start();
            return json;
        }
        PatternLayoutEncoder text = new PatternLayoutEncoder();
        text.setContext(context);
        text.setPattern(pattern);
        text.start();
        return text;
    }

    /** Detaches and stops the logger's appender of that name, if any. */
    private static void remove(Logger logger, String name) {
        Appender<ILoggingEvent> old = logger.getAppender(name);
        if (old != null) {
            logger.detachAppender(old);
            old.stop();
        }
    }
}
