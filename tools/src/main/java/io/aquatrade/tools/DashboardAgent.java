package io.aquatrade.tools;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongFunction;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aquatrade.common.Agent;
import io.aquatrade.common.BarListener;
import io.aquatrade.common.EpochClock;
import io.aquatrade.common.ExecutionListener;
import io.aquatrade.common.ProgressListener;
import io.aquatrade.common.QueueRoot;
import io.aquatrade.common.Topic;
import io.aquatrade.common.TopicReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's one reader thread. Each pass reads what is new on {@code bars} and {@code executions} into the
 * {@link DashboardCharts} (anonymous tailers from the start, so it never moves a process's named tailer, and Chronicle
 * readers never hold up their writers); every {@code publishEveryMs} of its clock it asks for the run's status
 * (the {@link StatusReport} of {@code bin/aquatrade status --json}, made by the function it is given) and turns both
 * into the JSON the HTTP threads serve ({@link #views()}, swapped whole, so they never see a half-built one). Nothing
 * here creates a directory: the queue root and each topic are opened only once they exist.
 *
 * <p>Runs on its own thread under an {@link io.aquatrade.common.AgentRunner}; the HTTP threads only read
 * {@link #views()}.
 */
final class DashboardAgent implements Agent {
    private static final Logger LOG = LoggerFactory.getLogger(DashboardAgent.class);
    /** Messages read per topic per pass, so that one long topic does not hold the views back. */
    static final int BATCH = 100_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path queueDir;
    private final EpochClock clock;
    private final long publishEveryNs;
    private final LongFunction<byte[]> status;
    private final DashboardCharts charts;
    private final Map<Topic<?>, ProgressListener> listeners = new LinkedHashMap<>();
    private final Map<Topic<?>, TopicReader<?>> readers = new LinkedHashMap<>();
    private QueueRoot root;
    private long lastPublishNs;
    private boolean published;
    private long chartsVersion = -1;
    private Map<String, byte[]> chartViews = Map.of();
    private byte[] fillsView;
    private byte[] equityView;
    private byte[] instrumentsView;
    private String lastStatusError;
    private volatile Views views;

    /**
     * The JSON documents served, built together.
     *
     * @param status      {@code /api/status}: the {@link StatusReport}, or {@code {"error": "..."}} when it could
     *                    not be made
     * @param fills       {@code /api/fills}
     * @param equity      {@code /api/equity}
     * @param instruments {@code /api/instruments}
     * @param charts      {@code /api/bars?instrument=SYMBOL}, by symbol
     */
    record Views(byte[] status, byte[] fills, byte[] equity, byte[] instruments, Map<String, byte[]> charts) {
    }

    /**
     * @param charts         where bars and executions go (its config names the instruments charted)
     * @param queueDir       the run's queue root; never created here
     * @param clock          paces the views
     * @param publishEveryMs how often the views are made again, ms, &gt; 0
     * @param status         the status JSON at a time (UTC epoch ms), called on this agent's thread; it may throw, the
     *                       page then shows the error
     */
    DashboardAgent(DashboardCharts charts, Path queueDir, EpochClock clock, long publishEveryMs,
                   LongFunction<byte[]> status) {
        if (publishEveryMs <= 0) {
            throw new IllegalArgumentException("publishEveryMs must be > 0, was " + publishEveryMs);
        }
        this.charts = charts;
        this.queueDir = queueDir;
        this.clock = clock;
        this.publishEveryNs = publishEveryMs * 1_000_000L;
        this.status = status;
        BarListener bars = charts;
        ExecutionListener executions = charts;
        listeners.put(Topic.BARS, bars);
        listeners.put(Topic.EXECUTIONS, executions);
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
            for (Topic<?> topic : listeners.keySet()) {
                work += read(topic);
            }
        }
        if (!published || nowNs - lastPublishNs >= publishEveryNs) {
            views = build(nowNs); // every time: the heartbeats' ages move even when the topics do not
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
        return n;
    }

    private Views build(long nowNs) {
        if (charts.version() != chartsVersion) {
            Map<String, byte[]> byInstrument = new LinkedHashMap<>();
            for (String symbol : charts.instruments()) {
                byInstrument.put(symbol, json(charts.chart(symbol)));
            }
            chartViews = Map.copyOf(byInstrument);
            fillsView = json(Map.of("fills", charts.fills()));
            equityView = json(Map.of("series", charts.equity()));
            instrumentsView = json(Map.of("instruments", charts.instruments()));
            chartsVersion = charts.version();
        }
        return new Views(status(nowNs / 1_000_000L), fillsView, equityView, instrumentsView, chartViews);
    }

    private byte[] status(long nowMs) {
        try {
            byte[] json = status.apply(nowMs);
            lastStatusError = null;
            return json;
        } catch (RuntimeException e) {
            String text = "the status cannot be read: " + e;
            if (!text.equals(lastStatusError)) {
                LOG.warn("dashboard: {}", text); // once per distinct error, not every second
                lastStatusError = text;
            }
            return json(Map.of("error", text));
        }
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
}
