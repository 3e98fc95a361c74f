package io.aquatrade.common.metrics;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.BindException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;

import io.aquatrade.common.Agent;
import io.aquatrade.common.ConfigException;
import io.aquatrade.common.EpochClock;
import io.aquatrade.common.ErrorCounters;
import io.aquatrade.common.ErrorHandler;
import io.aquatrade.common.Heartbeat;
import io.aquatrade.common.HeartbeatWriter;
import io.aquatrade.common.LogFiles;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One process's metrics: a Micrometer {@link PrometheusMeterRegistry} tagged {@code process=<name>}, the JVM's own
 * meters (memory, GC, threads, processor, uptime), and the Prometheus client's HTTP server (the JDK's
 * {@code com.sun.net.httpserver}) serving them as Prometheus text at {@code http://127.0.0.1:<port>/metrics}, bound
 * to the loopback interface only, on one daemon thread (scrapes are served one at a time).
 *
 * <p>Nothing on the hot path touches a meter. The business classes keep plain counters of their own, read only on
 * their agent thread; {@link #counter} and {@link #gauge} register a reading of one of them that {@link #sample()}
 * copies into a volatile slot, on the agent thread, at most once per {@link #SAMPLE_PERIOD_MS} ms of the agent clock
 * (the agent wrapped by {@link #sampling}); a scrape reads the slots. A value scraped is therefore up to a second
 * old, and was read between two passes of the agent, never half-way through a message (one scrape may mix values
 * of two consecutive samples). Meters that are thread-safe on their own (the
 * {@link ErrorCounters}, a Micrometer timer) are read or recorded directly.
 *
 * <p>With {@code runtime.metrics.enabled: false} the registry still exists (so the code that registers meters is the
 * same) but no port is opened and no JVM meter is bound. Meter names follow Micrometer's convention (dotted, base
 * unit given separately); the Prometheus registry renders {@code aquatrade.ticks} as {@code aquatrade_ticks_total}
 * and a gauge with base unit seconds as {@code ..._seconds}. README "Metrics" lists them all.
 */
public final class ProcessMetrics implements AutoCloseable {
    /** How often the agent thread copies the sampled values: at most once per this many ms of its clock. */
    public static final long SAMPLE_PERIOD_MS = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(ProcessMetrics.class);

    private final String process;
    private final PrometheusMeterRegistry registry;
    private final HTTPServer server;
    private final ExecutorService scrapes;
    private final JvmGcMetrics gc;
    private final EpochClock clock;
    private volatile Slot[] slots = new Slot[0];

    private ProcessMetrics(String process, PrometheusMeterRegistry registry, HTTPServer server,
                           ExecutorService scrapes, JvmGcMetrics gc, EpochClock clock) {
        this.process = process;
        this.registry = registry;
        this.server = server;
        this.scrapes = scrapes;
        this.gc = gc;
        this.clock = clock;
    }

    /**
     * Creates the process's registry and, if metrics are enabled, binds the JVM's meters and starts serving
     * {@code /metrics} on 127.0.0.1 at the process's port.
     *
     * @param process the process name: the {@code process} tag and the key in {@code runtime.metrics.ports}
     * @param config  the {@code runtime.metrics} section
     * @param clock   the process's clock: paces {@link #sampling sampling} and gives ages ({@link #ageGauge})
     * @return the process's metrics; close it when the process stops
     * @throws ConfigException naming {@code runtime.metrics.ports.<process>} if the port is in use or cannot be bound
     */
    public static ProcessMetrics start(String process, MetricsConfig config, EpochClock clock) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("process", process);
        if (!config.enabled()) {
            LOG.info("metrics: not served (runtime.metrics.enabled: false)");
            return new ProcessMetrics(process, registry, null, null, null, clock);
        }
        int port = config.port(process);
        ExecutorService scrapes = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, process + "-metrics");
            t.setDaemon(true);
            return t;
        });
        HTTPServer server;
        try {
            server = HTTPServer.builder().hostname("127.0.0.1").port(port)
                    .registry(registry.getPrometheusRegistry()).executorService(scrapes).buildAndStart();
        } catch (IOException e) {
            scrapes.shutdownNow();
            registry.close();
            String field = "runtime.metrics.ports." + process;
            if (e instanceof BindException) {
                throw new ConfigException(field, "a free port on 127.0.0.1 for " + process + "'s /metrics, " + port
                        + " is in use (another process, or a second copy of this one?): choose another port, or "
                        + "set runtime.metrics.enabled: false");
            }
            throw new ConfigException(field, "a port " + process + " can serve /metrics on at 127.0.0.1, " + port
                    + " cannot be opened: " + e);
        }
        new JvmMemoryMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        // thread-safe: atomic counts over Logback's copy-on-write appender lists
        FunctionCounter.builder("aquatrade.log.discarded", LogFiles.class, c -> LogFiles.discardedLines())
                .description("log events dropped because a log file's queue was full (the file, e.g. errors, "
                        + "locked or slow); counted per file").register(registry);
        LOG.info("metrics: serving http://127.0.0.1:{}/metrics", server.getPort());
        return new ProcessMetrics(process, registry, server, scrapes, gc, clock);
    }

    /** @return the registry, for meters that are thread-safe on their own (timers) */
    public MeterRegistry registry() {
        return registry;
    }

    /** @return the port {@code /metrics} is served on (the one bound, when configured 0); -1 when not served */
    public int port() {
        return server == null ? -1 : server.getPort();
    }

    /** @return the registry's content as Prometheus text, as a scrape would get it (allocates; tests, logs) */
    public String scrape() {
        return registry.scrape();
    }

    /**
     * Registers a counter whose count the agent thread samples from the business class's own counter.
     *
     * @param name        Micrometer name, e.g. {@code aquatrade.orders} (Prometheus: {@code aquatrade_orders_total})
     * @param description what it counts, for the HELP line
     * @param tags        its tags (e.g. {@code instrument}, {@code reason})
     * @param count       reads the count; called on the agent thread only, must not allocate; never decreasing
     */
    public void counter(String name, String description, Tags tags, LongSupplier count) {
        Slot slot = add(count);
        FunctionCounter.builder(name, slot, Slot::asDouble).description(description).tags(tags).register(registry);
    }

    /**
     * Registers a gauge of an exact value (a mantissa) the agent thread samples; the scrape shows it as a decimal.
     * NaN until first sampled, and while the value read is {@link Long#MIN_VALUE} (unknown).
     *
     * @param name        Micrometer name, e.g. {@code aquatrade.pnl.realized}
     * @param description what it measures, with its unit
     * @param tags        its tags
     * @param decimals    the mantissa's decimals (0 for a plain number), 0..18
     * @param value       reads the value; called on the agent thread only, must not allocate
     */
    public void gauge(String name, String description, Tags tags, int decimals, LongSupplier value) {
        gauge(name, description, null, tags, decimals, value);
    }

    private void gauge(String name, String description, String baseUnit, Tags tags, int decimals,
                       LongSupplier value) {
        Slot slot = add(value);
        Gauge.builder(name, slot, s -> s.asDecimal(decimals)).description(description).tags(tags).baseUnit(baseUnit)
                .register(registry);
    }

    /**
     * Registers a gauge of an age in seconds: the process clock at the scrape minus a time the agent thread samples
     * (e.g. the event time of the last tick). NaN until that time is known (a sampled value &lt;= 0 or
     * {@link Long#MIN_VALUE}).
     *
     * @param name        Micrometer name; its base unit is seconds (Prometheus: {@code <name>_seconds})
     * @param description what it measures
     * @param tags        its tags
     * @param timeNs      reads the time, UTC epoch ns; called on the agent thread only, must not allocate
     */
    public void ageGauge(String name, String description, Tags tags, LongSupplier timeNs) {
        Slot slot = add(timeNs);
        Gauge.builder(name, slot, s -> {
            long t = s.value;
            return !s.sampled || t <= 0 ? Double.NaN : (clock.nowNs() - t) / 1e9;
        }).description(description).tags(tags).baseUnit("seconds").register(registry);
    }

    /**
     * Registers the process's poison messages and failed handler attempts per input topic, read from its
     * thread-safe {@link ErrorCounters}: {@code aquatrade.poison.messages} (messages that failed every attempt and
     * went to the dead-letter file) and {@code aquatrade.handler.errors} (attempts that threw), tag {@code topic}.
     *
     * @param errors the process's error counters
     * @param topics names of the topics the process reads
     */
    public void errors(ErrorCounters errors, List<String> topics) {
        for (String topic : topics) {
            FunctionCounter.builder("aquatrade.poison.messages", errors,
                            e -> e.count(ErrorHandler.Kind.DEAD_LETTER, topic))
                    .description("input messages that failed every attempt and went to the dead-letter file")
                    .tags("topic", topic).register(registry);
            FunctionCounter.builder("aquatrade.handler.errors", errors, e -> e.count(ErrorHandler.Kind.HANDLER, topic))
                    .description("attempts to handle an input message that threw").tags("topic", topic)
                    .register(registry);
        }
        FunctionCounter.builder("aquatrade.agent.errors", errors, e -> e.count(ErrorHandler.Kind.AGENT, null))
                .description("failures of the agent outside message handling (the process then stops)")
                .register(registry);
    }

    /**
     * Registers the lag of the process's named readers on each topic it reads, as its heartbeat measured them last
     * (on the agent thread, every {@code runtime.heartbeat.intervalMs}; see {@link HeartbeatWriter#measure()}):
     * {@code aquatrade.reader.lag.messages} (entries, messages and watermarks, written after the last one read) and
     * {@code aquatrade.reader.lag} (seconds of event time from the last entry read to the newest on the topic), tag
     * {@code topic}; NaN while unknown.
     *
     * @param heartbeat the process's heartbeat writer
     * @param topics    names of the topics the process reads through named readers
     */
    public void readerLag(HeartbeatWriter heartbeat, List<String> topics) {
        for (String topic : topics) {
            Tags tags = Tags.of("topic", topic);
            gauge("aquatrade.reader.lag.messages", "entries of the topic written after the last one this process "
                    + "read (watermarks included)", null, tags, 0, () -> lag(heartbeat, topic, false));
            gauge("aquatrade.reader.lag", "event time from the last entry this process read to the newest on the "
                    + "topic", "seconds", tags, 3, () -> lag(heartbeat, topic, true));
        }
    }

    /** @return the heartbeat's last measured lag of the topic (entries, or ms), {@link Long#MIN_VALUE} if unknown */
    private static long lag(HeartbeatWriter heartbeat, String topic, boolean timeMs) {
        Heartbeat last = heartbeat.last();
        if (last == null || last.inputs() == null) {
            return Long.MIN_VALUE;
        }
        List<Heartbeat.Input> inputs = last.inputs();
        for (int i = 0; i < inputs.size(); i++) {
            Heartbeat.Input in = inputs.get(i);
            if (in.topic().equals(topic)) {
                long v = timeMs ? in.lagMs() : in.lagMessages();
                return v < 0 ? Long.MIN_VALUE : v;
            }
        }
        return Long.MIN_VALUE;
    }

    /**
     * Wraps the process's agent so that its thread {@link #sample() samples} the registered values at most once per
     * {@link #SAMPLE_PERIOD_MS} ms of the clock, and once more when it closes. The clock is read after every idle
     * pass and every {@value HeartbeatWriter#BUSY_PASSES_PER_CHECK}th busy one (as the heartbeat does), so a busy
     * agent pays a counter and a branch per pass.
     *
     * @param agent the process's agent
     * @return the agent to run
     */
    public Agent sampling(Agent agent) {
        return new Agent() {
            private final long periodNs = SAMPLE_PERIOD_MS * 1_000_000L;
            private long lastNs = Long.MIN_VALUE;
            private int busyPasses;

            @Override
            public int doWork() throws Exception {
                int work = agent.doWork();
                if (work > 0 && ++busyPasses < HeartbeatWriter.BUSY_PASSES_PER_CHECK) {
                    return work; // a busy agent reads the clock for sampling once in so many passes
                }
                busyPasses = 0;
                long nowNs = clock.nowNs();
                if (lastNs == Long.MIN_VALUE || nowNs - lastNs >= periodNs) {
                    lastNs = nowNs;
                    sample();
                }
                return work;
            }

            @Override
            public boolean isDone() {
                return agent.isDone();
            }

            @Override
            public void onClose() {
                try {
                    agent.onClose();
                } finally {
                    sample();
                }
            }

            @Override
            public String roleName() {
                return agent.roleName();
            }
        };
    }

    /**
     * Copies every registered value into its slot. Call on the agent thread (the one that owns the values read);
     * does not allocate. A reading that throws leaves its slot as it was (logged once per slot).
     */
    public void sample() {
        for (Slot s : slots) {
            try {
                s.value = s.source.getAsLong();
                s.sampled = true;
            } catch (RuntimeException e) {
                if (!s.failed) {
                    s.failed = true;
                    LOG.warn("metrics: a sampled value of {} could not be read; it keeps its last value", process, e);
                }
            }
        }
    }

    private synchronized Slot add(LongSupplier source) {
        Slot slot = new Slot(source);
        Slot[] grown = Arrays.copyOf(slots, slots.length + 1);
        grown[grown.length - 1] = slot;
        slots = grown;
        return slot;
    }

    /** Stops serving, unbinds the JVM's meters and closes the registry. */
    @Override
    public void close() {
        if (server != null) {
            server.close();
            scrapes.shutdownNow();
        }
        if (gc != null) {
            gc.close();
        }
        registry.close();
    }

    /** A value read on the agent thread, published to the scrape thread. */
    private static final class Slot {
        final LongSupplier source;
        volatile long value;
        volatile boolean sampled;
        boolean failed;

        Slot(LongSupplier source) {
            this.source = source;
        }

        double asDouble() {
            return value;
        }

        double asDecimal(int decimals) {
            long v = value;
            return sampled && v != Long.MIN_VALUE ? BigDecimal.valueOf(v, decimals).doubleValue() : Double.NaN;
        }
    }
}
