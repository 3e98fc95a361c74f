package io.aquatrade.common;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
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
 * <tr><td>{@code signals.<yyyy-MM-dd>.log}</td><td>signal-generator and decision-engine</td><td>one line per signal
 *     and per denial (logger {@value #SIGNALS_LOGGER})</td><td>a new file at 00:00 UTC</td></tr>
 * <tr><td>{@code errors.<yyyy-MM-dd>.log}</td><td>every process</td><td>WARN and above of every logger</td>
 *     <td>a new file at 00:00 UTC</td></tr>
 * </table>
 *
 * <p><b>Several JVMs, one file.</b> A file only one process writes rolls over by size and time
 * ({@link SizeAndTimeBasedRollingPolicy}): rolling over renames the file, which only its one writer may do. The
 * signals and errors files are written by several processes, so their appenders run in Logback's <i>prudent
 * mode</i>: every line is written under an exclusive file lock at the file's end (no half line of one process inside
 * another's, whatever their buffers). Logback supports prudent mode only with a {@link TimeBasedRollingPolicy} and
 * no fixed file name: each process writes straight into the file of the day and nothing is ever renamed, so no
 * process can rename a file another still writes into. Hence the date in those two names, and no size limit on a
 * day's file (the retention limits still apply to the days before). The alternative, one file per process, would
 * have split the one place an operator looks for errors into five.
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
    /** Logger of the one line per signal and per denial in {@code signals.<yyyy-MM-dd>.log}. */
    public static final String SIGNALS_LOGGER = "aquatrade.signals";
    /** Logger context property holding the process name (in JSON lines under {@code context.properties}). */
    public static final String PROCESS_PROPERTY = "aquatrade.process";

    /** Appender names, as in the bootstrap logback.xml where they exist there. */
    static final String PROCESS_APPENDER = "FILE";
    static final String ERRORS_APPENDER = "ERRORS";
    static final String TRADES_APPENDER = "TRADES";
    static final String SIGNALS_APPENDER = "SIGNALS";

    private static final String TIME = "%d{yyyy-MM-dd'T'HH:mm:ss.SSS'Z',UTC}";
    private static final String DAY = "%d{yyyy-MM-dd,UTC}";

    /** The logs a process writes beside its own and {@code errors}. */
    public enum Dedicated {
        /** {@code trades.log}: order-router. */
        TRADES,
        /** {@code signals.<day>.log}: signal-generator (signals) and decision-engine (denials). */
        SIGNALS
    }

    private LogFiles() {
    }

    /**
     * @param process a process name
     * @return the dedicated logs that process writes: order-router trades, signal-generator and decision-engine
     * signals, any other none
     */
    public static Set<Dedicated> dedicatedTo(String process) {
        switch (process) {
            case "order-router":
                return EnumSet.of(Dedicated.TRADES);
            case "signal-generator":
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
     * rolling one, adds the shared errors appender, and the dedicated loggers' appenders.
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
        root.addAppender(sizeAndTime(context, PROCESS_APPENDER, dir, process, logs,
                TIME + " %-5level [%thread] %logger{30} - %msg%n"));
        RollingFileAppender<ILoggingEvent> errors = prudentDaily(context, ERRORS_APPENDER, dir, "errors", logs,
                TIME + " %-5level " + process + " [%thread] %logger{30} - %msg%n");
        ThresholdFilter warn = new ThresholdFilter();
        warn.setLevel(Level.WARN.levelStr);
        warn.start();
        errors.addFilter(warn);
        root.addAppender(errors);
        if (dedicated.contains(Dedicated.TRADES)) {
            trades.addAppender(sizeAndTime(context, TRADES_APPENDER, dir, "trades", logs,
                    TIME + " %kvp{NONE}%n"));
        }
        if (dedicated.contains(Dedicated.SIGNALS)) {
            signals.addAppender(prudentDaily(context, SIGNALS_APPENDER, dir, "signals", logs,
                    TIME + " " + process + " %kvp{NONE} - %msg%n"));
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
