package io.aquatrade.router;

import io.aquatrade.common.MarketDataListener;
import io.aquatrade.common.OrderListener;
import io.aquatrade.common.ProgressPublisher;
import io.aquatrade.common.Sequencer;
import io.aquatrade.common.TopicReader;

/**
 * The order router's inputs and one pass over them, defined once for the process ({@link RouterAgent}, over
 * Chronicle queues) and for backtests (over {@link io.aquatrade.common.MemoryTopic}s), so both order events the same
 * way by construction.
 *
 * <p>Inputs, in priority order: {@code market-data}, then {@code orders} (a tick at time T is applied before an order
 * stamped T, so a stop triggered by a tick fills at that tick's price).
 *
 * <p>A pass ({@link #doWork()}) delivers up to {@value #BATCH} messages through a {@link Sequencer}, polls the
 * venue, publishes the inputs' low watermark on {@code executions}, and writes the end-of-stream mark once both
 * inputs have ended and the venue has no order outstanding.
 *
 * <p>Beside the watermark it publishes how far it has read market data ({@link
 * io.aquatrade.common.Progress#marketDataNs()}), held at the event time of the earliest request the venue took and
 * may still answer ({@link Venue#earliestUnansweredNs()}: a live venue's unknown outcome or held-back order) while one
 * waits: a weaker promise, and the clock the decision engine times its orders out on, so that it never gives up an
 * order this router is still finding out about. A paper venue answers at once: nothing is held.
 *
 * <p>Not thread-safe: one thread runs it.
 */
public final class RouterCycle {
    /** Most messages one pass delivers. */
    public static final int BATCH = 256;

    private final OrderRouter router;
    private final TopicReader<MarketDataListener> marketData;
    private final Sequencer sequencer;
    private final ProgressPublisher progress;
    /** {@link OrderRouter#outputCount()} at the last watermark. */
    private long publishedOutputs;

    /**
     * @param mode       event-time (recorded data: deterministic) or arrival (live) merging
     * @param router     the router, started, writing {@code executions}
     * @param marketData the {@code market-data} reader
     * @param orders     the {@code orders} reader
     * @param progress   the watermark writer over the {@code executions} writer
     */
    public RouterCycle(Sequencer.Mode mode, OrderRouter router, TopicReader<MarketDataListener> marketData,
                       TopicReader<OrderListener> orders, ProgressPublisher progress) {
        this.router = router;
        this.marketData = marketData;
        this.progress = progress;
        this.sequencer = new Sequencer(mode).add(marketData, router).add(orders, router);
    }

    /**
     * One pass; see the class comment.
     *
     * @return messages delivered and venue events handled, plus one if the end mark was written now; 0 when idle
     */
    public int doWork() {
        int n = sequencer.doWork(BATCH);
        n += router.pollVenue();
        // beside the watermark, how far market data has been read: no later fill of a resting order is earlier (held at
        // a request the venue may still answer: the decision engine times orders out on it); and a watermark after
        // every group of executions, so that the decision engine knows its requests were answered
        long outputs = router.outputCount();
        long marketDataNs = Math.min(marketData.horizonNs(), router.venue().earliestUnansweredNs());
        progress.publish(sequencer.lowWatermarkNs(), marketDataNs, outputs != publishedOutputs);
        publishedOutputs = outputs;
        if (!progress.ended() && router.venue().outstandingOrders() == 0 && sequencer.endOfStream()) {
            progress.endOfStream(router.lastOutputTimeNs());
            n++;
        }
        return n;
    }

    /** @return true once the end-of-stream mark was written on {@code executions} */
    public boolean ended() {
        return progress.ended();
    }

    /** @return input messages skipped as undecodable, over both inputs */
    public long malformedCount() {
        return sequencer.malformedCount();
    }
}
