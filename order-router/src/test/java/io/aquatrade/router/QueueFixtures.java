package io.aquatrade.router;

import java.util.List;

import io.aquatrade.common.MarketDataListener;
import io.aquatrade.common.OrderListener;
import io.aquatrade.common.Progress;
import io.aquatrade.common.QueueRoot;
import io.aquatrade.common.SubmitOrder;
import io.aquatrade.common.Topic;
import io.aquatrade.common.TradeTick;
import net.openhft.chronicle.bytes.MethodReader;

/** Writes topics as the upstream processes would, and reads the executions topic back, for the integration tests. */
final class QueueFixtures {
    private QueueFixtures() {
    }

    /** Writes trades [from, to) as market-data does: ticks, a watermark every 250 ticks and after the last. */
    static void writeTrades(MarketDataListener out, List<TradeTick> trades, int from, int to) {
        Progress progress = new Progress();
        for (int i = from; i < to; i++) {
            out.tradeTick(trades.get(i));
            if ((i - from) % 250 == 249 || i == to - 1) {
                progress.reset();
                out.progress(progress.source("market-data").eventTimeNs(trades.get(i).eventTimeNs()));
            }
        }
    }

    /** Writes orders as decision-engine does: each order followed by a watermark at its time. */
    static void writeOrders(OrderListener out, List<SubmitOrder> orders) {
        Progress progress = new Progress();
        for (SubmitOrder o : orders) {
            out.submitOrder(o);
            progress.reset();
            out.progress(progress.source("decision-engine").eventTimeNs(o.eventTimeNs()));
        }
    }

    /** Writes a watermark, or the end-of-stream mark, on a topic. */
    static void progress(io.aquatrade.common.ProgressListener out, String source, long timeNs, boolean end) {
        out.progress(new Progress().source(source).eventTimeNs(timeNs).endOfStream(end));
    }

    /**
     * Runs the agent until it has nothing left to do: until it wrote end-of-stream, or two passes in a row did no
     * work. Bounded by a pass count, not by time.
     *
     * @return passes run
     */
    static int drain(RouterAgent agent) {
        int idle = 0;
        for (int pass = 1; pass <= 100_000; pass++) {
            if (agent.doWork() == 0) {
                idle++;
            } else {
                idle = 0;
            }
            if (agent.ended() || idle >= 2) {
                return pass;
            }
        }
        throw new AssertionError("agent still busy after 100000 passes");
    }

    /** Reads the whole executions topic, watermarks included, in written order. */
    static RecordingExecutions readExecutions(QueueRoot root) {
        RecordingExecutions rec = new RecordingExecutions();
        try (net.openhft.chronicle.queue.ExcerptTailer tailer = root.queue(Topic.EXECUTIONS).createTailer()) {
            MethodReader reader = tailer.methodReader(rec);
            while (reader.readOne()) {
                // read all
            }
        }
        return rec;
    }
}
