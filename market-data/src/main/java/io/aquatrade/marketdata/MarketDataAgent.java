package io.aquatrade.marketdata;

import io.aquatrade.common.Agent;
import io.aquatrade.common.EpochClock;
import io.aquatrade.common.LastTickTimes;
import io.aquatrade.common.MarketDataListener;
import io.aquatrade.common.ProgressPublisher;
import io.aquatrade.common.QueueRoot;
import io.aquatrade.common.QuoteTick;
import io.aquatrade.common.Topic;
import io.aquatrade.common.TopicReader;
import io.aquatrade.common.TradeTick;
import io.aquatrade.marketdata.replay.ReplaySource;
import io.aquatrade.marketdata.replay.TickFileReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The market-data process's duty cycle: polls a {@link TickSource} and writes its ticks to the {@code market-data}
 * topic, the only class of the process that touches queues.
 *
 * <p>A {@link ReplaySource} is treated as recorded data:
 * <ul>
 *   <li>Restart safety: on its first pass the agent counts the ticks already on the topic (written by a previous
 *       run of the same replay) and skips that many ticks of the replay, so a restart never writes a tick twice;
 *       if the topic already holds an end-of-stream {@link io.aquatrade.common.Progress}, it writes nothing at
 *       all. This assumes the restarted replay has the same files in the same order and the same settings that
 *       decide which ticks the merge publishes: {@code market-data.replay.reorderMs} (which ticks are late), the
 *       validator's {@code maxClockSkewMs} and {@code maxJumpBps}, and the instruments (symbols, decimals, maximum
 *       quantities). None of them is recorded on the topic: a restart with another value skips a count of ticks of
 *       a different stream, so the topic may then miss or repeat ticks. The resume log line shows the window.</li>
 *   <li>After each pass that wrote ticks, and every {@code heartbeatMs} while a paced replay waits, it writes the
 *       replay's watermark ({@link ReplaySource#watermarkNs}) as a Progress if it advanced; when the replay drains
 *       it writes an end-of-stream Progress once, logs a summary and then idles (it does not stop: the supervisor
 *       stops the process). If a file stopped parsing before its end, the end of stream is marked
 *       {@link io.aquatrade.common.Progress#incomplete() incomplete}.</li>
 *   <li>With {@code market-data.replay.onError: fail}, a file that stops parsing stops the replay: the agent writes
 *       the incomplete end of stream, and is then {@link #isDone() done} with {@link #failedReplay()} true, so that
 *       the process exits with {@link #EXIT_REPLAY_INCOMPLETE}. A restart that finds such an end of stream on the
 *       topic stops the same way.</li>
 * </ul>
 * Any other source is live: every {@code heartbeatMs} of the agent clock it writes a Progress stamped with the
 * source's {@link TickSource#watermarkNs watermark} at that clock, so that downstream bars close on time in a quiet
 * market.
 *
 * <p>Single-threaded: construct it and run it on the same (agent) thread.
 */
public final class MarketDataAgent implements Agent {
    /** The process name: names the tailer, the Progress source and the log file. */
    public static final String PROCESS_NAME = "market-data";
    /** Exit code of the process when {@code onError: fail} stopped a replay at a file that stops parsing. */
    public static final int EXIT_REPLAY_INCOMPLETE = 4;
    /** Most ticks written per pass. */
    static final int BATCH = 256;
    private static final Logger LOG = LoggerFactory.getLogger(MarketDataAgent.class);

    private final QueueRoot queues;
    private final TickSource source;
    private final ReplaySource replay;
    private final EpochClock clock;
    private final long heartbeatNs;
    private final LastTickTimes lastTicks = new LastTickTimes();
    private final Output output = new Output(lastTicks);
    private ProgressPublisher progress;
    private boolean started;
    private boolean finished;
    private boolean failedReplay;
    private long lastHeartbeatNs;

    /**
     * @param queues      the queue root; the agent writes the {@code market-data} topic
     * @param source      where ticks come from; closed in {@link #onClose()}
     * @param clock       the agent clock, read once per pass: paces a replay, stamps live heartbeats
     * @param heartbeatMs period of a live source's heartbeat (and of a paced replay's watermark while it waits), ms,
     *                    &gt; 0
     * @throws IllegalArgumentException if heartbeatMs is not positive
     */
    public MarketDataAgent(QueueRoot queues, TickSource source, EpochClock clock, long heartbeatMs) {
        if (heartbeatMs <= 0) {
            throw new IllegalArgumentException("heartbeatMs must be > 0, was " + heartbeatMs);
        }
        this.queues = queues;
        this.source = source;
        this.replay = source instanceof ReplaySource r ? r : null;
        this.clock = clock;
        this.heartbeatNs = Math.multiplyExact(heartbeatMs, 1_000_000L);
    }

    @Override
    public int doWork() {
        if (!started) {
            start();
        }
        if (finished) {
            return 0;
        }
        final long nowNs = clock.nowNs();
        output.nowNs = nowNs;
        int work = source.poll(nowNs, output, BATCH);
        if (replay != null) {
            if (replay.isDone()) {
                finish();
                return work + 1;
            }
            if (work > 0 || nowNs - lastHeartbeatNs >= heartbeatNs) {
                lastHeartbeatNs = nowNs;
                if (progress.publish(replay.watermarkNs(nowNs))) {
                    work++;
                }
            }
        } else if (nowNs - lastHeartbeatNs >= heartbeatNs) {
            lastHeartbeatNs = nowNs;
            if (progress.publish(source.watermarkNs(nowNs))) {
                work++;
            }
        }
        return work;
    }

    private void start() {
        started = true;
        if (replay != null) {
            long already = 0;
            boolean ended;
            boolean incomplete;
            try (TopicReader<MarketDataListener> reader = queues.reader(Topic.MARKET_DATA, null)) {
                Counter counter = new Counter();
                while (reader.poll(counter) > 0) {
                    already++;
                }
                ended = reader.endOfStream();
                incomplete = reader.endOfStreamIncomplete();
            }
            if (ended && incomplete && replay.failOnError()) {
                finished = true;
                failedReplay = true;
                LOG.error("the market-data topic in {} holds a replay that ended incomplete (a file stopped parsing) "
                        + "and market-data.replay.onError is fail: stopping", queues.path());
                return;
            }
            if (ended) {
                finished = true;
                LOG.warn("the market-data topic in {} already holds a finished replay ({} ticks and its end of "
                        + "stream): writing nothing; use an empty queue directory to replay again", queues.path(),
                        already);
                return;
            }
            if (already > 0) {
                long skipped = replay.skip(already);
                LOG.info("resuming the replay after the {} ticks already on the market-data topic (by count: "
                        + "the files, their order, reorderMs ({} ms now), maxClockSkewMs, maxJumpBps and the "
                        + "instruments must be those of the run that wrote them)", already, replay.reorderMs());
                if (skipped < already) {
                    LOG.warn("the topic holds {} ticks but the replay has only {}: was it written by another "
                            + "replay?", already, skipped);
                }
            }
        }
        progress = new ProgressPublisher(PROCESS_NAME, output.writer = queues.writer(Topic.MARKET_DATA));
    }

    private void finish() {
        finished = true;
        failedReplay = replay.failed();
        long lastNs = Math.max(0, replay.lastEventTimeNs());
        progress.endOfStream(lastNs, replay.incomplete());
        String message = "replay {}: {} ticks written this run ({} trades, {} quotes), {} already on the topic "
                + "before; {} rejected ({}) and {} non-tick records skipped, {} late ticks dropped ({} ms window), {} "
                + "released early from a full window; end of stream at {} ns";
        Object[] args = {replay.failed() ? "STOPPED, INCOMPLETE (onError: fail)"
                : replay.incomplete() ? "done, INCOMPLETE (a file stopped parsing)" : "done",
                output.trades + output.quotes, output.trades, output.quotes, replay.resumedCount(),
                replay.malformedCount(), replay.rejectionSummary(), replay.skippedCount(), replay.lateCount(),
                replay.reorderMs(), replay.forcedCount(), lastNs};
        if (replay.incomplete()) {
            LOG.error(message, args);
        } else {
            LOG.info(message, args);
        }
        for (TickFileReader r : replay.readers()) {
            LOG.info("  {}: {} trades, {} quotes read; {} rejected ({}), {} non-tick records skipped{}", r.file(),
                    r.tradeCount(), r.quoteCount(), r.malformedCount(), r.validator().summary(), r.skippedCount(),
                    r.incomplete() ? "; INCOMPLETE: stopped parsing at " + r.where() : "");
        }
    }

    /**
     * @return true when the agent has finished for good because {@code onError: fail} stopped the replay (now or in
     * a previous run): the process then exits with {@link #EXIT_REPLAY_INCOMPLETE}
     */
    @Override
    public boolean isDone() {
        return failedReplay;
    }

    /** @return true if {@code onError: fail} stopped the replay at a file that stops parsing (see the class comment) */
    public boolean failedReplay() {
        return failedReplay;
    }

    /** @return true once a replay's end of stream is on the topic (written now or by a previous run) */
    public boolean finished() {
        return finished;
    }

    /** @return trades written by this agent */
    public long tradesWritten() {
        return output.trades;
    }

    /** @return quotes written by this agent */
    public long quotesWritten() {
        return output.quotes;
    }

    /** @return the event time of the last tick written per instrument, for the heartbeat (agent thread only) */
    public LastTickTimes lastTicks() {
        return lastTicks;
    }

    @Override
    public void onClose() {
        source.close();
    }

    @Override
    public String roleName() {
        return PROCESS_NAME;
    }

    /** Counts and forwards ticks to the topic writer. */
    private static final class Output implements MarketDataListener {
        private final LastTickTimes lastTicks;
        MarketDataListener writer;
        /** The clock of the current pass: when the ticks are published. */
        long nowNs;
        long trades;
        long quotes;

        Output(LastTickTimes lastTicks) {
            this.lastTicks = lastTicks;
        }

        @Override
        public void tradeTick(TradeTick tick) {
            trades++;
            writer.tradeTick(tick);
            lastTicks.record(tick.instrument(), tick.eventTimeNs(), nowNs);
        }

        @Override
        public void quoteTick(QuoteTick quote) {
            quotes++;
            writer.quoteTick(quote);
            lastTicks.record(quote.instrument(), quote.eventTimeNs(), nowNs);
        }
    }

    /** Receives the ticks already on the topic; the count is the number of polls. */
    private static final class Counter implements MarketDataListener {
        @Override
        public void tradeTick(TradeTick tick) {
        }

        @Override
        public void quoteTick(QuoteTick quote) {
        }
    }
}
