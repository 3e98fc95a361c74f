package io.aquatrade.signal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import io.aquatrade.common.Agent;
import io.aquatrade.common.BarListener;
import io.aquatrade.common.ExecutionListener;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.MarketDataListener;
import io.aquatrade.common.BalanceUpdate;
import io.aquatrade.common.OrderAccepted;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.OrderRejected;
import io.aquatrade.common.PositionUpdate;
import io.aquatrade.common.ProgressPublisher;
import io.aquatrade.common.QueueRoot;
import io.aquatrade.common.QuoteTick;
import io.aquatrade.common.Sequencer;
import io.aquatrade.common.SignalListener;
import io.aquatrade.common.SignalLog;
import io.aquatrade.common.Topic;
import io.aquatrade.common.TopicReader;
import io.aquatrade.common.TradeTick;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signal generator's duty cycle, and the only class of the process that touches queues: reads the
 * {@code market-data} topic through the named tailer {@value #NAME}, feeds the {@link SignalEngine}, and writes the
 * {@code bars} and {@code signals} topics with their {@code Progress} watermarks.
 *
 * <p>Each pass is one {@link SignalCycle} pass (the inputs, their order and the watermark rules, shared with the
 * backtest): up to 256 input messages through a {@link Sequencer}, the engine's clock moved to the input's low
 * watermark, that watermark published on both outputs, and end-of-stream written once the input has ended.
 *
 * <p>Restart: the named tailer resumes after the last message it delivered, but the engine's state (the open bar,
 * indicators, strategy runs) lived in memory. So on start the agent first rebuilds that state by replaying the
 * market-data topic (a {@link TopicReader} from its start) up to the named tailer's position, a few thousand messages
 * per pass (the engine
 * is deterministic, so it reaches the same state), and a {@link DuplicateFilter} drops every output that the
 * previous run already wrote. A fresh start has nothing to replay. Replay time grows with the topic's length.
 *
 * <p><b>Trade context.</b> With a {@link TradeContextRecorder} the agent also reads the {@code executions} topic
 * (named tailer {@value #NAME}) as a second, quiet input (see {@link SignalCycle}). Fills therefore
 * arrive late and the recorder places them against bars by event time. The end of the stream is the end of the
 * market data alone; fills arriving after it are still recorded. On a restart the fills already consumed are read
 * again from the topic and replayed to the recorder during the warm-up, interleaved with the trades by event time,
 * so that a fill whose file was not complete yet is not lost (complete files are not rewritten).
 *
 * <p>Not thread-safe: construct and run it on the agent thread.
 */
public final class SignalAgent implements Agent {
    /** Process name: the named tailer, the progress source and the role name. */
    public static final String NAME = "signal-generator";
    /** Market-data messages replayed per pass while warming up after a restart. */
    public static final int WARM_UP_BATCH = 4096;

    private static final Logger LOG = LoggerFactory.getLogger(SignalAgent.class);

    private final SignalEngine engine;
    private final DuplicateFilter filter;
    private final TopicReader<MarketDataListener> input;
    private final TopicReader<ExecutionListener> executions;
    private final TradeContextRecorder recorder;
    private final List<OrderFilled> warmUpFills = new ArrayList<>();
    private int nextWarmUpFill;
    private final SignalCycle cycle;
    private TopicReader<MarketDataListener> warmUp;
    private final long warmUpEndIndex;
    private final MarketDataListener warmUpListener = new MarketDataListener() {
        @Override
        public void tradeTick(TradeTick tick) {
            warmUpCount++;
            replayFillsBefore(tick.eventTimeNs());
            engine.tradeTick(tick);
        }

        @Override
        public void quoteTick(QuoteTick quote) {
            // the engine ignores quotes
        }
    };
    private long warmUpCount;
    private long warmUpMalformed;
    private boolean endLogged;

    /**
     * Opens the topics, learns what a previous run already wrote, and builds the engine over the outputs.
     *
     * @param root   the queue root
     * @param mode   input sequencing ({@code runtime.sequencing})
     * @param engine builds the engine given its bar and signal outputs, e.g.
     *               {@code (bars, signals) -> new SignalEngine(config, instruments, bars, signals)}
     */
    public SignalAgent(QueueRoot root, Sequencer.Mode mode,
                       BiFunction<BarListener, SignalListener, SignalEngine> engine) {
        this(root, mode, engine, null);
    }

    /**
     * Opens the topics, learns what a previous run already wrote, and builds the engine over the outputs; with a
     * recorder, also reads the executions topic for it.
     *
     * @param root     the queue root
     * @param mode     input sequencing ({@code runtime.sequencing})
     * @param engine   builds the engine given its bar and signal outputs; with a recorder it must pass the recorder
     *                 as the engine's {@link BarObserver}, e.g.
     *                 {@code (bars, signals) -> new SignalEngine(config, instruments, bars, signals, recorder)}
     * @param recorder the trade context recorder, or null when trade context capture is off
     */
    public SignalAgent(QueueRoot root, Sequencer.Mode mode,
                       BiFunction<BarListener, SignalListener, SignalEngine> engine, TradeContextRecorder recorder) {
        this(root, mode, engine, recorder, null);
    }

    /**
     * As {@link #SignalAgent(QueueRoot, Sequencer.Mode, BiFunction, TradeContextRecorder)}, and with instruments
     * also logs one line per signal written ({@link SignalLog}: into its process log; {@code signals.log} is
     * decision-engine's).
     *
     * @param root        the queue root
     * @param mode        input sequencing ({@code runtime.sequencing})
     * @param engine      builds the engine given its bar and signal outputs, see the other constructor
     * @param recorder    the trade context recorder, or null when trade context capture is off
     * @param instruments instruments by symbol to log each signal written with its prices, or null to log none
     */
    public SignalAgent(QueueRoot root, Sequencer.Mode mode,
                       BiFunction<BarListener, SignalListener, SignalEngine> engine, TradeContextRecorder recorder,
                       Map<String, Instrument> instruments) {
        BarListener barWriter = root.writer(Topic.BARS);
        SignalListener signalWriter = root.writer(Topic.SIGNALS);
        // behind the duplicate filter: a signal a restart's warm-up regenerates is not logged again
        this.filter = new DuplicateFilter(barWriter, instruments == null ? signalWriter
                : new SignalLog(signalWriter, instruments));
        boolean endedBefore = learnWrittenOutputs(root);
        this.engine = engine.apply(filter, filter);
        this.warmUpEndIndex = root.queue(Topic.MARKET_DATA).indexForId(NAME).getValue();
        this.input = root.reader(Topic.MARKET_DATA, NAME);
        this.recorder = recorder;
        if (recorder != null) {
            long executionsEndIndex = root.queue(Topic.EXECUTIONS).indexForId(NAME).getValue();
            this.executions = root.reader(Topic.EXECUTIONS, NAME);
            if (executionsEndIndex != 0) {
                readConsumedFills(root, executionsEndIndex);
            }
        } else {
            this.executions = null;
        }
        this.cycle = SignalCycle.overMarketData(mode, this.engine, input, executions, recorder,
                new ProgressPublisher(NAME, barWriter, signalWriter));
        if (endedBefore) {
            // the named tailer consumed the input's end-of-stream mark before the restart: do not wait for it again
            cycle.endAlreadyPublished();
            endLogged = true;
        }
        if (warmUpEndIndex != 0) {
            warmUp = root.reader(Topic.MARKET_DATA, null);
            LOG.info("restart: replaying market-data up to index {} to rebuild state; last bar written closes at {} ns,"
                    + " last signal id {}", Long.toHexString(warmUpEndIndex), filter.lastBarTimeNs(),
                    filter.lastSignalId());
        } else {
            finishWarmUp();
        }
    }

    /** Reads the fills a previous run consumed (before the named tailer's position), to replay them in the warm-up. */
    private void readConsumedFills(QueueRoot root, long endIndex) {
        ExecutionListener collect = new ExecutionListener() {
            @Override
            public void orderFilled(OrderFilled filled) {
                warmUpFills.add(filled.deepCopy());
            }

            @Override
            public void orderAccepted(OrderAccepted accepted) {
            }

            @Override
            public void orderRejected(OrderRejected rejected) {
            }

            @Override
            public void balanceUpdate(BalanceUpdate balance) {
            }

            @Override
            public void positionUpdate(PositionUpdate position) {
            }
        };
        try (TopicReader<ExecutionListener> consumed = root.reader(Topic.EXECUTIONS, null)) {
            while (consumed.peek() && consumed.pendingPosition() < endIndex) {
                consumed.dispatch(collect);
            }
            warmUpMalformed += consumed.malformedCount();
        }
        LOG.info("restart: {} fills already consumed will be replayed to the trade context recorder",
                warmUpFills.size());
    }

    private boolean learnWrittenOutputs(QueueRoot root) {
        boolean ended;
        try (TopicReader<BarListener> bars = root.reader(Topic.BARS, null)) {
            while (bars.poll(filter::learnBar) > 0) {
                // scan to the end
            }
            ended = bars.endOfStream();
        }
        try (TopicReader<SignalListener> signals = root.reader(Topic.SIGNALS, null)) {
            while (signals.poll(filter::learnSignal) > 0) {
                // scan to the end
            }
            ended &= signals.endOfStream();
        }
        return ended;
    }

    @Override
    public int doWork() {
        if (warmUp != null) {
            return warmUpStep();
        }
        int work = cycle.doWork();
        if (!endLogged && cycle.ended()) {
            endLogged = true;
            LOG.info("input ended: {} bars, {} signals, {} late trades, {} trades of unknown instruments",
                    engine.barCount(), engine.signalCount(), engine.lateTradeCount(),
                    engine.unknownInstrumentTradeCount());
        }
        return work;
    }

    private int warmUpStep() {
        int n = 0;
        boolean done = false;
        while (n < WARM_UP_BATCH && !done) {
            if (!warmUp.peek() || warmUp.pendingPosition() >= warmUpEndIndex) {
                done = true;
            } else {
                warmUp.dispatch(warmUpListener);
                n++;
            }
        }
        if (done) {
            finishWarmUp();
        }
        return n + 1;
    }

    /** Replays consumed fills earlier than {@code timeNs} (a fill at a trade's time comes after it, as live). */
    private void replayFillsBefore(long timeNs) {
        while (nextWarmUpFill < warmUpFills.size() && warmUpFills.get(nextWarmUpFill).eventTimeNs() < timeNs) {
            recorder.orderFilled(warmUpFills.get(nextWarmUpFill++));
        }
    }

    private void finishWarmUp() {
        if (!warmUpFills.isEmpty()) {
            replayFillsBefore(Long.MAX_VALUE);
            warmUpFills.clear();
        }
        if (warmUp != null) {
            warmUpMalformed += warmUp.malformedCount();
            warmUp.close();
            warmUp = null;
            LOG.info("restart: replayed {} trades ({} undecodable skipped); dropped {} bars and {} signals already"
                    + " written", warmUpCount, warmUpMalformed, filter.droppedBars(), filter.droppedSignals());
        }
        engine.continueSignalIdsAfter(filter.lastSignalId());
        if (cycle.ended() && recorder != null) {
            recorder.endOfStream(); // the input ended before the restart: nothing more will complete pending fills
        }
    }

    /** @return true while rebuilding state after a restart */
    public boolean warmingUp() {
        return warmUp != null;
    }

    /** @return the engine, for metrics and tests */
    public SignalEngine engine() {
        return engine;
    }

    /** @return the trade context recorder, or null when off */
    public TradeContextRecorder recorder() {
        return recorder;
    }

    /** @return the duplicate filter on the outputs, for metrics and tests */
    public DuplicateFilter duplicateFilter() {
        return filter;
    }

    /** @return true once end-of-stream was written (or found written by a previous run) */
    public boolean endOfStreamPublished() {
        return cycle.ended();
    }

    /** @return input messages that could not be decoded, so far */
    public long malformedCount() {
        return cycle.malformedCount() + warmUpMalformed
                + (warmUp == null ? 0 : warmUp.malformedCount());
    }

    @Override
    public void onClose() {
        if (warmUp != null) {
            warmUp.close();
            warmUp = null;
        }
        input.close();
        if (executions != null) {
            executions.close();
        }
    }

    @Override
    public String roleName() {
        return NAME;
    }
}
