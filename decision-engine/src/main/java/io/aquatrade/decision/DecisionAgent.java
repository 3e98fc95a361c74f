package io.aquatrade.decision;

import io.aquatrade.common.Agent;
import io.aquatrade.common.ExecutionListener;
import io.aquatrade.common.MarketDataListener;
import io.aquatrade.common.OrderListener;
import io.aquatrade.common.ProgressPublisher;
import io.aquatrade.common.QueueRoot;
import io.aquatrade.common.Sequencer;
import io.aquatrade.common.SignalListener;
import io.aquatrade.common.Topic;
import io.aquatrade.common.TopicReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decision-engine process's duty cycle: the only class that touches its queues.
 *
 * <p>The first pass rebuilds the engine's state before any named tailer resumes: it reads the {@code orders} topic
 * from the start into {@link DecisionEngine#restoreSentOrder} (order counters, sent orders, signals acted on), then
 * the {@code executions} topic from the start into the engine (fills, ledgers, positions, which orders are still
 * outstanding). Executions that the named tailer has not consumed yet are delivered once more afterwards; the
 * engine ignores the fills among them by (client order id, trade id). The rebuild may write one order per
 * (strategy, instrument): the entry of a flatten-and-reverse whose close was filled while this process was down,
 * stamped with that fill's time, which no watermark of the earlier run passed (the close was outstanding, so the
 * executions input held the watermark below it).
 *
 * <p>Then each pass delivers up to 256 messages through a {@link Sequencer} over the named ({@value #NAME}) tailers
 * of, in priority order, {@code signals}, {@code executions} (declared quiet while no order is outstanding: the
 * router only writes executions in answer to orders) and {@code market-data}; publishes the inputs' low watermark on
 * {@code orders}; and writes the end-of-stream mark once signals and market data have both ended and been drained
 * and no order is outstanding. (It does not wait for the executions topic to end: the router ends only after
 * this process has.)
 *
 * <p>Must be constructed, run and closed on one thread (Chronicle tailers and appenders are single-threaded).
 */
public final class DecisionAgent implements Agent {
    /** Process name: the named tailers' name and the progress source. */
    public static final String NAME = "decision-engine";
    /** Most messages delivered per pass. */
    public static final int BATCH = 256;

    private static final Logger LOG = LoggerFactory.getLogger(DecisionAgent.class);

    private final QueueRoot queues;
    private final DecisionEngine engine;
    private final Sequencer.Mode mode;
    private final ProgressPublisher progress;
    private TopicReader<SignalListener> signals;
    private TopicReader<ExecutionListener> executions;
    private TopicReader<MarketDataListener> marketData;
    private Sequencer sequencer;

    /**
     * @param queues the queue root
     * @param engine the engine, whose output is {@code orders}
     * @param orders the writer of the {@code orders} topic (the engine's output), for watermarks
     * @param mode   how inputs are merged: event time (replays) or arrival (live)
     */
    public DecisionAgent(QueueRoot queues, DecisionEngine engine, OrderListener orders, Sequencer.Mode mode) {
        this.queues = queues;
        this.engine = engine;
        this.mode = mode;
        this.progress = new ProgressPublisher(NAME, orders);
    }

    @Override
    public int doWork() {
        if (sequencer == null) {
            start();
            return 1;
        }
        int work = sequencer.doWork(BATCH);
        progress.publish(sequencer.lowWatermarkNs());
        if (!progress.ended() && inputsEnded()) {
            progress.endOfStream(engine.lastEventTimeNs());
            LOG.info("inputs ended, end of stream written at {}: {}", engine.lastEventTimeNs(), engine.summary());
        }
        return work;
    }

    private void start() {
        long restoredOrders = 0;
        try (TopicReader<OrderListener> sent = queues.reader(Topic.ORDERS, null)) {
            OrderListener restore = engine::restoreSentOrder;
            while (sent.poll(restore) > 0) {
                restoredOrders++;
            }
        }
        long replayedExecutions = 0;
        try (TopicReader<ExecutionListener> done = queues.reader(Topic.EXECUTIONS, null)) {
            while (done.poll(engine) > 0) {
                replayedExecutions++;
            }
        }
        LOG.info("state rebuilt from {} orders and {} executions: {} outstanding; {}", restoredOrders,
                replayedExecutions, engine.outstandingOrders(), engine.summary());
        signals = queues.reader(Topic.SIGNALS, NAME);
        executions = queues.reader(Topic.EXECUTIONS, NAME);
        marketData = queues.reader(Topic.MARKET_DATA, NAME);
        sequencer = new Sequencer(mode)
                .add(signals, engine)
                .add(executions, engine, () -> engine.outstandingOrders() == 0)
                .add(marketData, engine);
    }

    private boolean inputsEnded() {
        return signals.endOfStream() && !signals.peek()
                && marketData.endOfStream() && !marketData.peek()
                && engine.outstandingOrders() == 0;
    }

    /** @return true once the end-of-stream mark has been written on {@code orders} */
    public boolean ended() {
        return progress.ended();
    }

    /** @return the engine this agent feeds */
    public DecisionEngine engine() {
        return engine;
    }

    @Override
    public void onClose() {
        if (sequencer != null) {
            LOG.info("closing: malformed input messages skipped {}; {}", sequencer.malformedCount(), engine.summary());
            signals.close();
            executions.close();
            marketData.close();
        }
    }

    @Override
    public String roleName() {
        return NAME;
    }
}
