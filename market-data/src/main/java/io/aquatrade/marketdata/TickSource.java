package io.aquatrade.marketdata;

import io.aquatrade.common.MarketDataListener;

/**
 * Where market data comes from: a replay of recorded files or a live venue stream. The market-data agent polls it on
 * its own thread and hands what it gets to the {@code market-data} topic's writer. A live source's I/O threads
 * (Netty, RxJava) put messages into a bounded queue; only {@link #poll} touches the listener.
 */
public interface TickSource extends AutoCloseable {
    /**
     * Delivers up to {@code limit} ticks, in the order they are to be published.
     *
     * @param nowNs the agent's clock for this pass, UTC epoch ns (replays at a set speed pace themselves by it)
     * @param out   where ticks go; the tick objects may be reused after each call
     * @return how many ticks were delivered
     */
    int poll(long nowNs, MarketDataListener out, int limit);

    /**
     * The watermark a live source's heartbeat publishes: no tick delivered after this call has an earlier event
     * time. Non-decreasing.
     *
     * @param nowNs the agent's clock for this pass, UTC epoch ns
     * @return UTC epoch ns; by default {@code nowNs} (a source that publishes ticks stamped no later than their
     * arrival)
     */
    default long watermarkNs(long nowNs) {
        return nowNs;
    }

    /**
     * The state of the source's connection, for the market-data process's minute line; called on the agent thread.
     *
     * @return a short text, e.g. {@code "connected"}; by default {@code "replay"} or, once it is done,
     * {@code "replay done"}
     */
    default String connectionState() {
        return isDone() ? "replay done" : "replay";
    }

    /** @return true when the source will deliver nothing more (a replay that drained); live sources never are */
    boolean isDone();

    /** @return records that could not be parsed, or ticks the {@link TickValidator} rejected, so far */
    long malformedCount();

    /**
     * @param reason a reason
     * @return messages and ticks rejected for that reason so far (see {@link TickValidator})
     */
    long rejectedCount(TickValidator.Reason reason);

    /** @return the non-zero rejection counts by reason, e.g. {@code "crossed-quote=2 price-jump=1"}, or "none" */
    default String rejectionSummary() {
        return TickValidator.summary(this::rejectedCount);
    }

    /** Releases files and connections. */
    @Override
    void close();
}
