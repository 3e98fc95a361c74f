package io.aquatrade.common;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What a process's heartbeat file {@code <run dir>/<process>.json} says (written by {@link HeartbeatWriter} every
 * {@code runtime.heartbeat.intervalMs}), and how to read and judge it: the one reader the status command, the
 * notifier and the dashboard share.
 *
 * <p>A clean stop leaves {@code state: stopped} with the exit code. A process killed with {@code kill -9} (or a JVM
 * that died) leaves {@code state: running} with an old {@link #heartbeatAtMs()} and a dead pid: {@link #liveness}
 * calls that {@link Liveness#CRASHED} ("down (crashed)").
 *
 * @param process             the process name, e.g. "decision-engine"
 * @param pid                 its operating-system process id
 * @param startedAtMs         when it started, UTC epoch ms (its clock)
 * @param heartbeatAtMs       when this file was written, UTC epoch ms (its clock)
 * @param intervalMs          how often it writes the file, ms
 * @param state               {@link #STARTING} (written before the first pass), {@link #RUNNING} (after it) or
 *                            {@link #STOPPED}
 * @param exitCode            the exit code when stopped (143 after SIGTERM), else null
 * @param inputs              each topic it reads, with how far behind it is
 * @param lastTickEventTimeNs market-data only: per instrument symbol, the event time of the last tick (trade or
 *                            quote) it published, UTC epoch ns; null for the other processes
 * @param lastTickAtMs        market-data only: per instrument symbol, when it published that tick, UTC epoch ms
 *                            (its clock): how long ago the feed delivered, also for a replay whose ticks are old;
 *                            null for the other processes
 * @param errors              errors so far (agent failures and failed handler attempts)
 * @param deadLetters         messages written to its dead-letter file so far (this run)
 * @param lastError           the last error in one short line without secrets, or null
 * @param risk                decision-engine only: what its risk engine knows at this heartbeat (P&amp;L today, daily
 *                            loss limit hit, reduce-only instruments, kill switch); null for the other processes
 * @param fileTimeMs          not in the file: when the file was last written by the operating system's clock, UTC
 *                            epoch ms, set by {@link #read(Path)}; null for a heartbeat not read from a file. Ages
 *                            are measured from it, so that a process whose clock is off (anchored before the system
 *                            clock was stepped, e.g. by NTP at boot) is not judged down
 */
public record Heartbeat(String process, long pid, long startedAtMs, long heartbeatAtMs, long intervalMs,
                        String state, Integer exitCode, List<Input> inputs, Map<String, Long> lastTickEventTimeNs,
                        Map<String, Long> lastTickAtMs, long errors, long deadLetters, String lastError,
                        Risk risk, @JsonIgnore Long fileTimeMs) {
    /**
     * {@link #state()} of a process that is starting: written before its agent's first pass (which may take long:
     * a replay's catch-up, the decision engine's rebuild), replaced by {@link #RUNNING} once that pass is done.
     */
    public static final String STARTING = "starting";
    /**
     * Start grace, ms: a {@link #STARTING} heartbeat is {@link Liveness#STARTING} (not down) while younger than this
     * (or than {@link #staleAfterMs()} if longer), then {@link Liveness#UNRESPONSIVE}. Two minutes: a replay's first
     * pass took 7 s alone and about 35 s with five JVMs on 2 cores; four times that is room for a slow VPS, and a
     * start that hangs longer is reported down.
     */
    public static final long START_GRACE_MS = 120_000;
    /** {@link #state()} of a process that runs (or ran until it died without a clean stop). */
    public static final String RUNNING = "running";
    /** {@link #state()} of a process that stopped cleanly. */
    public static final String STOPPED = "stopped";
    /** Extension of heartbeat files. */
    public static final String SUFFIX = ".json";
    /** A heartbeat older than this many intervals (and at least {@link #MIN_STALE_MS}) means the process is down. */
    public static final int STALE_INTERVALS = 5;
    /** Shortest age that counts as stale, ms: a busy pass or a garbage collection must not look like a crash. */
    public static final long MIN_STALE_MS = 5_000;

    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    /**
     * How far a reader of a topic is behind it.
     *
     * @param topic       the topic's name, e.g. "signals"
     * @param index       the Chronicle queue index of the last entry it consumed this run, -1 before the first
     * @param lagMessages entries (messages and watermarks) on the topic after it, -1 if unknown
     * @param lagMs       event time of the topic's newest entry minus that of the reader's last consumed one, ms
     *                    (0 when caught up), -1 if unknown
     */
    public record Input(String topic, long index, long lagMessages, long lagMs) {
    }

    /**
     * A heartbeat without {@link #risk()} (every process but decision-engine).
     *
     * @see Heartbeat the canonical constructor for the parameters
     */
    public Heartbeat(String process, long pid, long startedAtMs, long heartbeatAtMs, long intervalMs, String state,
                     Integer exitCode, List<Input> inputs, Map<String, Long> lastTickEventTimeNs,
                     Map<String, Long> lastTickAtMs, long errors, long deadLetters, String lastError,
                     Long fileTimeMs) {
        this(process, pid, startedAtMs, heartbeatAtMs, intervalMs, state, exitCode, inputs, lastTickEventTimeNs,
                lastTickAtMs, errors, deadLetters, lastError, null, fileTimeMs);
    }

    /**
     * What decision-engine's risk engine knows, sampled on its thread when the heartbeat is written: the one source
     * of "P&amp;L today", the daily loss limit, reduce-only instruments and the kill switch for status, the
     * dashboard and the notifier (the metrics read the same engine).
     *
     * @param tradingDay the UTC date on which the current trading day began ({@code risk.dayStartUtc}, by event
     *                   time), ISO {@code YYYY-MM-DD}; null before the engine saw any event
     * @param killSwitch true while the kill switch is on (no new entries)
     * @param reduceOnly instruments reconciliation keeps reduce-only, by symbol
     * @param strategies each strategy's day
     */
    public record Risk(String tradingDay, boolean killSwitch, List<String> reduceOnly, List<StrategyRisk> strategies) {
    }

    /**
     * One strategy's day, as its risk engine keeps it.
     *
     * @param strategy     strategy id
     * @param dailyLossHit true if its daily loss limit stopped its entries for the rest of the trading day
     * @param tradesToday  entries (and scale-in adds) sent this trading day, what {@code maxTradesPerDay} counts
     * @param pnl          per quote asset of its instruments
     */
    public record StrategyRisk(String strategy, boolean dailyLossHit, int tradesToday, List<AssetPnl> pnl) {
    }

    /**
     * A strategy's P&amp;L in one quote asset, exact decimals in the asset's units (written as JSON strings).
     *
     * @param asset      the quote asset, e.g. "ETH"
     * @param today      P&amp;L today: (realised + unrealised) now minus (realised + unrealised) at the last marks
     *                   before the trading day began; what the daily loss limit and {@code aquatrade_pnl_today} use
     * @param realised   realised P&amp;L net of quote fees since the strategy's first fill
     * @param unrealised unrealised P&amp;L of its open positions at the marks, before the closing fee
     */
    public record AssetPnl(String asset, @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal today,
                           @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal realised,
                           @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal unrealised) {
    }

    /** How a heartbeat reads to an operator. */
    public enum Liveness {
        /** Running, and the heartbeat is fresh. */
        ALIVE("alive"),
        /** Starting (first pass not done) for less than the start grace ({@link #START_GRACE_MS}): not down. */
        STARTING("starting"),
        /** Stopped cleanly (see {@link #exitCode()}). */
        STOPPED("stopped"),
        /** Said running, but its pid is dead: killed (kill -9) or died without a clean stop. */
        CRASHED("down (crashed)"),
        /** Its pid lives but the heartbeat is stale: the process hangs (or the pid was reused). */
        UNRESPONSIVE("down (not responding)");

        private final String text;

        Liveness(String text) {
            this.text = text;
        }

        /** @return how an operator reads it, e.g. "down (crashed)" */
        public String text() {
            return text;
        }
    }

    /**
     * @param dir     the heartbeat directory
     * @param process a process name
     * @return the process's heartbeat file in that directory
     */
    public static Path file(Path dir, String process) {
        return dir.resolve(process + SUFFIX);
    }

    /**
     * Reads a heartbeat file.
     *
     * @param file a {@code <process>.json} file
     * @return what it says
     * @throws IOException if it cannot be read or is not a heartbeat
     */
    public static Heartbeat read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        long modifiedMs = Files.getLastModifiedTime(file).toMillis();
        Heartbeat read = JSON.readValue(bytes, Heartbeat.class);
        return new Heartbeat(read.process, read.pid, read.startedAtMs, read.heartbeatAtMs, read.intervalMs, read.state,
                read.exitCode, read.inputs, read.lastTickEventTimeNs, read.lastTickAtMs, read.errors,
                read.deadLetters, read.lastError, read.risk, modifiedMs);
    }

    /**
     * Reads a heartbeat file if there is one.
     *
     * @param file a {@code <process>.json} file
     * @return what it says, or empty if it does not exist
     * @throws IOException if it exists but cannot be read or is not a heartbeat
     */
    public static Optional<Heartbeat> readIfPresent(Path file) throws IOException {
        try {
            return Optional.of(read(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** @return this heartbeat as JSON, one line */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a heartbeat as JSON", e);
        }
    }

    /**
     * @return how old a heartbeat may get before the process counts as down, ms: {@value #STALE_INTERVALS}
     * intervals, at least {@value #MIN_STALE_MS}
     */
    public long staleAfterMs() {
        return Math.max(MIN_STALE_MS, Math.multiplyExact(STALE_INTERVALS, Math.max(intervalMs, 1)));
    }

    /**
     * @return how old a {@link #STARTING} heartbeat may get before the process counts as down, ms: the longer of
     * {@value #START_GRACE_MS} and {@link #staleAfterMs()}
     */
    public long startGraceMs() {
        return Math.max(START_GRACE_MS, staleAfterMs());
    }

    /**
     * @param nowMs now, UTC epoch ms (the reader's clock)
     * @return how old this heartbeat is, ms: since {@link #fileTimeMs()} when read from a file (the system clock
     * stamped both), else since {@link #heartbeatAtMs()}; negative for a clock ahead of the reader's
     */
    public long ageMs(long nowMs) {
        return nowMs - (fileTimeMs != null ? fileTimeMs : heartbeatAtMs);
    }

    /**
     * How long ago, by the reader's clock, the process's clock read {@code processTimeMs}: the time from then to
     * this heartbeat on the process's own clock, plus this heartbeat's {@link #ageMs age}. Immune to an offset
     * between the two clocks.
     *
     * @param processTimeMs a time stamped by the process's clock, UTC epoch ms (e.g. {@link #lastTickAtMs()})
     * @param nowMs         now, UTC epoch ms (the reader's clock)
     * @return its age, ms
     */
    public long ageOfMs(long processTimeMs, long nowMs) {
        return heartbeatAtMs - processTimeMs + ageMs(nowMs);
    }

    /**
     * Whether market-data's feed of an instrument is stale, read from market-data's heartbeat: the one rule of
     * {@code bin/aquatrade status} and the notifier's stale-feed alert. Stale when market-data last published a tick of
     * it ({@link #lastTickAtMs()}) more than {@code staleAfterMs} ago, or published none and has stopped or started
     * more than {@code staleAfterMs} ago. A finished replay is the caller's to exempt (it is on the topic, not here).
     *
     * @param symbol       the instrument's symbol
     * @param staleAfterMs a feed silent longer than this is stale, ms, &gt;= 0
     * @param nowMs        now, UTC epoch ms (the reader's clock)
     * @return true if the feed is stale
     */
    public boolean feedStale(String symbol, long staleAfterMs, long nowMs) {
        Long publishedAtMs = lastTickAtMs == null ? null : lastTickAtMs.get(symbol);
        if (publishedAtMs != null) {
            return ageOfMs(publishedAtMs, nowMs) > staleAfterMs;
        }
        return STOPPED.equals(state) || ageOfMs(startedAtMs, nowMs) > staleAfterMs;
    }

    /** @return true if a process with this pid is alive on this machine */
    public boolean pidAlive() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /**
     * Judges the heartbeat: {@link Liveness#STOPPED} if it says so; else {@link Liveness#CRASHED} if its pid is dead;
     * else for a {@link #STARTING} heartbeat {@link Liveness#STARTING} while its age is at most
     * {@link #startGraceMs()}, then {@link Liveness#UNRESPONSIVE}; else {@link Liveness#UNRESPONSIVE} if older than
     * {@link #staleAfterMs()}; else {@link Liveness#ALIVE}. The pid is only meaningful on the machine that ran the
     * process.
     *
     * @param nowMs now, UTC epoch ms (the reader's clock)
     * @return the process's liveness
     */
    public Liveness liveness(long nowMs) {
        return liveness(nowMs, pidAlive());
    }

    /**
     * {@link #liveness(long)} with the pid's state given (for tests and remote readers).
     *
     * @param nowMs    now, UTC epoch ms
     * @param pidAlive whether {@link #pid()} is a live process
     * @return the process's liveness
     */
    public Liveness liveness(long nowMs, boolean pidAlive) {
        if (STOPPED.equals(state)) {
            return Liveness.STOPPED;
        }
        if (!pidAlive) {
            return Liveness.CRASHED;
        }
        if (STARTING.equals(state)) {
            return ageMs(nowMs) > startGraceMs() ? Liveness.UNRESPONSIVE : Liveness.STARTING;
        }
        return ageMs(nowMs) > staleAfterMs() ? Liveness.UNRESPONSIVE : Liveness.ALIVE;
    }
}
