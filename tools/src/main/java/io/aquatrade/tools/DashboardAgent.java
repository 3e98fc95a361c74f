package io.aquatrade.tools;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aquatrade.common.Agent;
import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.BalanceUpdate;
import io.aquatrade.common.BarListener;
import io.aquatrade.common.CancelRejected;
import io.aquatrade.common.ControlListener;
import io.aquatrade.common.EpochClock;
import io.aquatrade.common.ExecutionListener;
import io.aquatrade.common.KillSwitch;
import io.aquatrade.common.MessageCopies;
import io.aquatrade.common.OrderAccepted;
import io.aquatrade.common.OrderCanceled;
import io.aquatrade.common.OrderExpired;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.OrderRejected;
import io.aquatrade.common.PositionUpdate;
import io.aquatrade.common.ProgressListener;
import io.aquatrade.common.QueueRoot;
import io.aquatrade.common.ReconciliationStatus;
import io.aquatrade.common.Topic;
import io.aquatrade.common.TopicReader;

/**
 * The dashboard's one reader of the topics: each pass reads what is new on every topic (anonymous tailers from the
 * start, so it never moves a process's named tailer, and Chronicle readers never hold up its writers), and at most
 * once per {@code publishEveryMs} of its clock turns what it has read into the JSON the HTTP threads serve
 * ({@link #views()}, swapped whole, so they never see a half-built one). Nothing here creates a directory: the queue
 * root and each topic are opened only once they exist (a run not started yet shows as not found).
 *
 * <p>Runs on its own thread under an {@link io.aquatrade.common.AgentRunner}; the HTTP threads only read
 * {@link #views()}.
 */
final class DashboardAgent implements Agent {
    /** Messages read per topic per pass, so that one long topic does not hold the views back. */
    static final int BATCH = 100_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Topic<?>> TOPICS = List.of(Topic.MARKET_DATA, Topic.BARS, Topic.SIGNALS,
            Topic.ORDERS, Topic.EXECUTIONS, Topic.CONTROL);

    private final AquatradeConfig config;
    private final Path queueDir;
    private final EpochClock clock;
    private final long publishEveryNs;
    private final Map<Topic<?>, TopicReader<?>> readers = new LinkedHashMap<>();
    private final Map<Topic<?>, ProgressListener> listeners = new LinkedHashMap<>();
    private final RunSummary summary;
    private final DashboardCharts charts;
    private KillSwitch lastKillSwitch;
    private QueueRoot root;
    private long readCount;
    private long publishedReadCount = -1;
    private long lastPublishNs;
    private boolean published;
    private volatile Views views;

    /**
     * The JSON documents served, built together from one state of the topics.
     *
     * @param status      {@code /api/status}
     * @param fills       {@code /api/fills}
     * @param equity      {@code /api/equity}
     * @param instruments {@code /api/instruments}
     * @param charts      {@code /api/bars?instrument=SYMBOL}, by symbol
     */
    record Views(byte[] status, byte[] fills, byte[] equity, byte[] instruments, Map<String, byte[]> charts) {
    }

    /**
     * @param config         the run's config (instrument and asset decimals, kill-switch file, dead-letter directory)
     * @param queueDir       the run's queue root; never created here
     * @param clock          paces the rebuilding of the views
     * @param publishEveryMs how often the views are rebuilt while something new was read, ms, &gt; 0
     */
    DashboardAgent(AquatradeConfig config, Path queueDir, EpochClock clock, long publishEveryMs) {
        if (publishEveryMs <= 0) {
            throw new IllegalArgumentException("publishEveryMs must be > 0, was " + publishEveryMs);
        }
        this.config = config;
        this.queueDir = queueDir;
        this.clock = clock;
        this.publishEveryNs = publishEveryMs * 1_000_000L;
        this.summary = new RunSummary(config);
        this.charts = new DashboardCharts(config);
        ExecutionListener executions = new Executions(summary, charts);
        BarListener bars = b -> {
            summary.bar(b);
            charts.bar(b);
        };
        ControlListener control = k -> {
            if (lastKillSwitch == null) {
                lastKillSwitch = new KillSwitch();
            }
            MessageCopies.copy(k, lastKillSwitch);
        };
        listeners.put(Topic.MARKET_DATA, summary);
        listeners.put(Topic.BARS, bars);
        listeners.put(Topic.SIGNALS, summary);
        listeners.put(Topic.ORDERS, summary);
        listeners.put(Topic.EXECUTIONS, executions);
        listeners.put(Topic.CONTROL, control);
        this.views = build(clock.nowNs());
    }

    /** @return the latest views; never null */
    Views views() {
        return views;
    }

    @Override
    public int doWork() {
        final long nowNs = clock.nowNs();
        int work = 0;
        if (root == null && Files.isDirectory(queueDir)) {
            root = new QueueRoot(queueDir);
        }
        if (root != null) {
            for (Topic<?> topic : TOPICS) {
                work += read(topic);
            }
        }
        readCount += work;
        long sincePublishNs = nowNs - lastPublishNs;
        if (!published || sincePublishNs >= publishEveryNs
                && (readCount != publishedReadCount || sincePublishNs >= 10 * publishEveryNs)) {
            // rebuilt when something new was read, and now and then anyway (the kill-switch file, dead letters)
            views = build(nowNs);
            publishedReadCount = readCount;
            lastPublishNs = nowNs;
            published = true;
            work++;
        }
        return work;
    }

    @SuppressWarnings("unchecked")
    private <L extends ProgressListener> int read(Topic<L> topic) {
        TopicReader<L> reader = (TopicReader<L>) readers.get(topic);
        if (reader == null) {
            if (!Files.isDirectory(queueDir.resolve(topic.name()))) {
                return 0; // not written yet: opening it would create it
            }
            reader = root.reader(topic, null);
            readers.put(topic, reader);
        }
        L listener = (L) listeners.get(topic);
        int n = 0;
        while (n < BATCH && reader.poll(listener) > 0) {
            n++;
        }
        if (topic == Topic.MARKET_DATA) {
            summary.marketDataEnd(reader.endOfStream(), reader.endOfStreamIncomplete());
        }
        return n;
    }

    private Views build(long nowNs) {
        Map<String, byte[]> byInstrument = new LinkedHashMap<>();
        for (String symbol : charts.instruments()) {
            byInstrument.put(symbol, json(charts.chart(symbol)));
        }
        Map<String, Object> equity = new LinkedHashMap<>();
        equity.put("series", charts.equity());
        return new Views(json(status(nowNs)), json(Map.of("fills", charts.fills())), json(equity),
                json(Map.of("instruments", charts.instruments())), Map.copyOf(byInstrument));
    }

    /** The run's state as the page shows it: what {@code summary} shows, from the same {@link RunSummary}. */
    private Map<String, Object> status(long nowNs) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("updatedAtMs", nowNs / 1_000_000L);
        s.put("queueDir", queueDir.toString());
        s.put("found", root != null);
        s.put("marketData", !summary.marketDataEnded ? "not ended"
                : summary.marketDataIncomplete ? "ended incomplete" : "ended");
        s.put("counts", Map.of("ticks", summary.tradeTicks, "bars", summary.bars, "signals", summary.signals,
                "orders", summary.orders, "fills", summary.fills));
        s.put("positions", summary.openPositions());
        s.put("openOrders", summary.openOrders());
        s.put("pnl", summary.pnlByQuote());
        Map<String, Object> killSwitch = new LinkedHashMap<>();
        String[] lines = KillSwitchCommand.statusLines(lastKillSwitch, KillSwitchCommand.killSwitchFile(config));
        killSwitch.put("on", lines[0].startsWith("kill switch: on"));
        killSwitch.put("lines", List.of(lines));
        s.put("killSwitch", killSwitch);
        return s;
    }

    private static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the dashboard's JSON", e);
        }
    }

    @Override
    public void onClose() {
        for (TopicReader<?> r : readers.values()) {
            r.close();
        }
        readers.clear();
        if (root != null) {
            root.close();
        }
    }

    @Override
    public String roleName() {
        return "dashboard-reader";
    }

    /** Hands every execution to the summary and the charts. */
    private static final class Executions implements ExecutionListener {
        private final RunSummary summary;
        private final DashboardCharts charts;

        Executions(RunSummary summary, DashboardCharts charts) {
            this.summary = summary;
            this.charts = charts;
        }

        @Override
        public void orderAccepted(OrderAccepted a) {
            summary.orderAccepted(a);
        }

        @Override
        public void orderRejected(OrderRejected r) {
            summary.orderRejected(r);
        }

        @Override
        public void orderFilled(OrderFilled f) {
            summary.orderFilled(f);
            charts.orderFilled(f);
        }

        @Override
        public void balanceUpdate(BalanceUpdate b) {
            summary.balanceUpdate(b);
            charts.balanceUpdate(b);
        }

        @Override
        public void positionUpdate(PositionUpdate p) {
            summary.positionUpdate(p);
            charts.positionUpdate(p);
        }

        @Override
        public void orderCanceled(OrderCanceled c) {
            summary.orderCanceled(c);
        }

        @Override
        public void orderExpired(OrderExpired e) {
            summary.orderExpired(e);
        }

        @Override
        public void cancelRejected(CancelRejected r) {
            summary.cancelRejected(r);
        }

        @Override
        public void reconciliation(ReconciliationStatus status) {
            summary.reconciliation(status);
        }
    }
}
