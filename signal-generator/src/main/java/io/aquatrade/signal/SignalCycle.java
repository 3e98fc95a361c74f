package io.aquatrade.signal;

import io.aquatrade.common.BarListener;
import io.aquatrade.common.ExecutionListener;
import io.aquatrade.common.MarketDataListener;
import io.aquatrade.common.ProgressListener;
import io.aquatrade.common.ProgressPublisher;
import io.aquatrade.common.Sequencer;
import io.aquatrade.common.TopicReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signal generator's inputs and one pass over them, defined once for the process ({@link SignalAgent}, over
 * Chronicle queues) and for backtests (over {@link io.aquatrade.common.MemoryTopic}s), so both order events the same
 * way by construction.
 *
 * <p>Inputs, in priority order: the market data (or, in a candle backtest, the input bars), then, when a
 * {@link TradeContextRecorder} is on, the {@code executions} topic for it, declared quiet: it never holds back market
 * data (the router writes fills only after the signals that caused them, so waiting for it would deadlock the
 * pipeline).
 *
 * <p>A pass ({@link #doWork()}) delivers up to {@value #BATCH} messages through a {@link Sequencer}, moves the
 * engine's clock to the inputs' low watermark, or 1 ns below it for bar input (see {@link #overBars}), with
 * {@link SignalEngine#advanceTo}, so bars close in quiet markets;
 * publishes that watermark on {@code bars} and {@code signals}; once the input has ended and been drained it moves the
 * clock to the input's last finite watermark (never to infinity: the last bar stays open and is not written), writes
 * end-of-stream on both outputs, once, and tells the recorder.
 *
 * <p>Not thread-safe: one thread runs it.
 */
public final class SignalCycle {
    /** Input messages per pass. */
    public static final int BATCH = 256;

    private static final Logger LOG = LoggerFactory.getLogger(SignalCycle.class);

    private final SignalEngine engine;
    private final TopicReader<?> input;
    private final TradeContextRecorder recorder;
    private final Sequencer sequencer;
    private final ProgressPublisher progress;
    /** How far behind the inputs' low watermark the engine's clock stays: 1 ns for bar input, else 0. */
    private final long clockLagNs;
    private boolean endPublished;

    private <L extends ProgressListener> SignalCycle(Sequencer.Mode mode, SignalEngine engine, TopicReader<L> input,
                                                     L inputListener, TopicReader<ExecutionListener> executions,
                                                     TradeContextRecorder recorder, ProgressPublisher progress,
                                                     long clockLagNs) {
        if ((executions == null) != (recorder == null)) {
            throw new IllegalArgumentException("the executions input goes with a trade context recorder, and only so");
        }
        this.engine = engine;
        this.input = input;
        this.recorder = recorder;
        this.progress = progress;
        this.clockLagNs = clockLagNs;
        this.sequencer = new Sequencer(mode).add(input, inputListener);
        if (executions != null) {
            sequencer.add(executions, recorder, () -> true);
        }
    }

    /**
     * The process's wiring: trades and quotes from {@code market-data}.
     *
     * @param mode       input sequencing ({@code runtime.sequencing})
     * @param engine     the engine, writing {@code bars} and {@code signals}
     * @param marketData the {@code market-data} reader
     * @param executions the {@code executions} reader for the recorder, or null when trade context capture is off
     * @param recorder   the trade context recorder, or null when off
     * @param progress   the watermark writer over the {@code bars} and {@code signals} writers
     * @throws IllegalArgumentException if exactly one of executions and recorder is null
     */
    public static SignalCycle overMarketData(Sequencer.Mode mode, SignalEngine engine,
                                             TopicReader<MarketDataListener> marketData,
                                             TopicReader<ExecutionListener> executions, TradeContextRecorder recorder,
                                             ProgressPublisher progress) {
        return new SignalCycle(mode, engine, marketData, engine, executions, recorder, progress, 0);
    }

    /**
     * A candle backtest's wiring: closed input bars (a topic of the {@code bars} kind, stamped with their close time)
     * in place of market data, each merged by {@link SignalEngine#bar}. An input bar stamped C covers up to C - 1 ns,
     * so the engine's clock moves to 1 ns below the inputs' low watermark: a series ending at C closes only once no
     * input bar stamped C can still come. At the end of the input the clock moves to its last watermark, which closes
     * the last bar.
     *
     * @see #overMarketData
     */
    public static SignalCycle overBars(Sequencer.Mode mode, SignalEngine engine, TopicReader<BarListener> bars,
                                       TopicReader<ExecutionListener> executions, TradeContextRecorder recorder,
                                       ProgressPublisher progress) {
        return new SignalCycle(mode, engine, bars, engine, executions, recorder, progress, 1);
    }

    /**
     * Declares the end of stream already written (found on the output topics after a restart): it is not written
     * again.
     */
    public void endAlreadyPublished() {
        endPublished = true;
    }

    /**
     * One pass; see the class comment.
     *
     * @return work done: messages delivered, plus one per watermark or end mark written; 0 when idle or blocked
     */
    public int doWork() {
        int work = sequencer.doWork(BATCH);
        long lowNs = sequencer.lowWatermarkNs();
        if (lowNs != Long.MAX_VALUE) {
            engine.advanceTo(lowNs == Long.MIN_VALUE ? lowNs : lowNs - clockLagNs);
        }
        if (progress.publish(lowNs)) {
            work++;
        }
        if (!endPublished && input.endOfStream() && !input.peek()) {
            endPublished = true;
            // Close what the input's last finite watermark covers, whether or not a pass fell between that
            // watermark and the end-of-stream mark: the output must not depend on how passes fall.
            long finalNs = input.lastFiniteWatermarkNs();
            if (finalNs != Long.MIN_VALUE) {
                engine.advanceTo(finalNs);
            }
            progress.endOfStream(engine.clockNs());
            if (recorder != null) {
                recorder.endOfStream();
            }
            if (LOG.isDebugEnabled()) {
                LOG.debug("input ended: {} bars, {} signals, {} late trades, {} trades of unknown instruments",
                        engine.barCount(), engine.signalCount(), engine.lateTradeCount(),
                        engine.unknownInstrumentTradeCount());
            }
            work++;
        }
        return work;
    }

    /** @return true once end-of-stream was written (or declared written before) */
    public boolean ended() {
        return endPublished;
    }

    /** @return input messages skipped as undecodable, over all inputs */
    public long malformedCount() {
        return sequencer.malformedCount();
    }
}
