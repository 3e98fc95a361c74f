package io.aquatrade.decision;

import io.aquatrade.common.ExecutionListener;
import io.aquatrade.common.MarketDataListener;
import io.aquatrade.common.ProgressPublisher;
import io.aquatrade.common.Sequencer;
import io.aquatrade.common.SignalListener;
import io.aquatrade.common.TopicReader;

/**
 * The decision engine's inputs and one pass over them, defined once for the process ({@link DecisionAgent}, over
 * Chronicle queues) and for backtests (over {@link io.aquatrade.common.MemoryTopic}s), so both order events the same
 * way by construction.
 *
 * <p>Inputs, in priority order: {@code signals}, {@code executions} (declared quiet while no order is outstanding:
 * the router only writes executions about orders; with orders outstanding, bounded below by the earliest request
 * the router has not answered and by how far it has read market data, which it publishes with its watermark: this
 * breaks the decision-engine / order-router cycle even while orders rest at the venue) and {@code market-data}.
 *
 * <p>A pass ({@link #doWork()}) delivers up to {@value #BATCH} messages through a {@link Sequencer}, publishes the
 * inputs' low watermark on {@code orders}, and writes the end-of-stream mark once signals and market data have both
 * ended and been drained and no order is outstanding. (It does not wait for the executions topic to end: the router
 * ends only after this one has.)
 *
 * <p><b>Timeouts on the router's clock.</b> Live ({@link Sequencer.Mode#ARRIVAL}), before and after each pass, the
 * engine is told how far the router has read market data by its watermarks on {@code executions}
 * ({@link DecisionEngine#routerProgress}, from {@link io.aquatrade.common.Progress#marketDataNs()}): the only clock
 * that times orders and cancels out, so that an order the router has not answered because it is down (or is still
 * finding out) is never given up while market data moves on. In {@link Sequencer.Mode#EVENT_TIME} it is not passed
 * and nothing times out: there the executions input holds every other input at the time of the earliest unanswered
 * request until the router answers it (the executions floor below), so the engine never reads past an order
 * without its answer and has nothing to time out, while the router's market-data promise, a horizon, may run ahead
 * of the orders it has read; so replays and backtests stay deterministic.
 *
 * <p>Not thread-safe: one thread runs it.
 */
public final class DecisionCycle {
    /** Most messages delivered per pass. */
    public static final int BATCH = 256;

    private final DecisionEngine engine;
    private final TopicReader<SignalListener> signals;
    private final TopicReader<MarketDataListener> marketData;
    private final TopicReader<ExecutionListener> executions;
    private final Sequencer sequencer;
    private final ProgressPublisher progress;
    /** Live: the router's progress times orders out ({@link DecisionEngine#routerProgress}). */
    private final boolean live;

    /**
     * @param mode       how inputs are merged: event time (replays, backtests) or arrival (live)
     * @param engine     the engine, writing {@code orders}
     * @param signals    the {@code signals} reader
     * @param executions the {@code executions} reader
     * @param marketData the {@code market-data} reader
     * @param progress   the watermark writer over the {@code orders} writer
     */
    public DecisionCycle(Sequencer.Mode mode, DecisionEngine engine, TopicReader<SignalListener> signals,
                         TopicReader<ExecutionListener> executions, TopicReader<MarketDataListener> marketData,
                         ProgressPublisher progress) {
        this(mode, engine, signals, executions, marketData, progress, engine);
    }

    /**
     * As the other constructor, the signals read going to {@code signalsTo} instead of straight to the engine (the
     * process puts its signals log there, which passes each on to the engine).
     *
     * @param mode       how inputs are merged: event time (replays, backtests) or arrival (live)
     * @param engine     the engine, writing {@code orders}
     * @param signals    the {@code signals} reader
     * @param executions the {@code executions} reader
     * @param marketData the {@code market-data} reader
     * @param progress   the watermark writer over the {@code orders} writer
     * @param signalsTo  gets what {@code signals} delivers and passes it on to {@code engine}
     */
    public DecisionCycle(Sequencer.Mode mode, DecisionEngine engine, TopicReader<SignalListener> signals,
                         TopicReader<ExecutionListener> executions, TopicReader<MarketDataListener> marketData,
                         ProgressPublisher progress, SignalListener signalsTo) {
        this.engine = engine;
        this.signals = signals;
        this.marketData = marketData;
        this.executions = executions;
        this.progress = progress;
        this.live = mode == Sequencer.Mode.ARRIVAL;
        this.sequencer = new Sequencer(mode)
                .add(signals, signalsTo)
                .addWithFloor(executions, engine, () -> executionsFloorNs(engine, executions))
                .add(marketData, engine);
    }

    /**
     * The lowest event time the router's next execution can have, beyond its watermark: none while no order is
     * outstanding (the router writes only about orders); else no earlier than the earliest request it has not
     * answered and than how far it has read market data (a resting order fills on a later trade). Without this an
     * order resting at the venue would make each side wait for the other's watermark.
     */
    private static long executionsFloorNs(DecisionEngine engine, TopicReader<ExecutionListener> executions) {
        long unansweredNs = engine.earliestUnansweredNs();
        if (engine.outstandingOrders() == 0 && unansweredNs == Long.MAX_VALUE) {
            return Long.MAX_VALUE;
        }
        long marketDataNs = executions.marketDataWatermarkNs();
        if (marketDataNs == 0 || executions.deliveredSinceWatermark()) {
            // the router may still be writing its answer to a request (an acceptance delivered, its fill not yet
            // written): only its watermark counts until it writes the next one
            return Long.MIN_VALUE;
        }
        return Math.min(marketDataNs, unansweredNs);
    }

    /**
     * One pass; see the class comment.
     *
     * @return messages delivered, plus one if the end mark was written now; 0 when idle or blocked
     */
    public int doWork() {
        if (live) {
            engine.routerProgress(executions.marketDataWatermarkNs()); // before orders this pass sends: their baseline
        }
        int work = sequencer.doWork(BATCH);
        if (live) {
            engine.routerProgress(executions.marketDataWatermarkNs());
        }
        progress.publish(sequencer.lowWatermarkNs());
        if (!progress.ended() && inputsEnded()) {
            progress.endOfStream(engine.lastEventTimeNs());
            work++;
        }
        return work;
    }

    private boolean inputsEnded() {
        return signals.endOfStream() && !signals.peek()
                && marketData.endOfStream() && !marketData.peek()
                && (engine.outstandingOrders() == 0 || noMoreExecutions());
    }

    /**
     * @return true when orders still rest at the venue but can never fill: every request is answered, the router has
     * read all its market data (its promise is at the end) and every execution it wrote has been delivered
     */
    private boolean noMoreExecutions() {
        return engine.earliestUnansweredNs() == Long.MAX_VALUE
                && executions.marketDataWatermarkNs() == Long.MAX_VALUE && !executions.peek()
                && !executions.deliveredSinceWatermark();
    }

    /** @return true once the end-of-stream mark has been written on {@code orders} */
    public boolean ended() {
        return progress.ended();
    }

    /** @return input messages skipped as undecodable, over all inputs */
    public long malformedCount() {
        return sequencer.malformedCount();
    }
}
