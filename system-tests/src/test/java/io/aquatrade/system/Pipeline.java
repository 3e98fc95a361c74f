package io.aquatrade.system;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.aquatrade.common.Agent;
import io.aquatrade.common.AgentRunner;
import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.EpochClock;
import io.aquatrade.common.ExecutionListener;
import io.aquatrade.common.OrderListener;
import io.aquatrade.common.QueueRoot;
import io.aquatrade.common.Topic;
import io.aquatrade.common.TopicReader;
import io.aquatrade.decision.DecisionAgent;
import io.aquatrade.decision.DecisionConfig;
import io.aquatrade.decision.DecisionEngine;
import io.aquatrade.marketdata.MarketDataAgent;
import io.aquatrade.marketdata.MarketDataConfig;
import io.aquatrade.marketdata.replay.ReplayFile;
import io.aquatrade.marketdata.replay.ReplaySource;
import io.aquatrade.router.OrderRouter;
import io.aquatrade.router.RouterAgent;
import io.aquatrade.router.RouterConfig;
import io.aquatrade.signal.SignalAgent;
import io.aquatrade.signal.SignalConfig;
import io.aquatrade.signal.SignalEngine;
import net.openhft.chronicle.threads.Pauser;

/**
 * The four components wired exactly as their {@code *Main}s wire them, each on its own thread with its own
 * {@link QueueRoot} over one directory (as four JVMs would be), replaying recorded files.
 */
final class Pipeline implements AutoCloseable {
    /** The four components, in pipeline order. */
    static final List<String> COMPONENTS = List.of("market-data", "signal-generator", "decision-engine",
            "order-router");

    private final Path queueDir;
    private final AquatradeConfig config;
    private final List<Thread> threads = new ArrayList<>();
    private final List<AgentRunner> runners = new ArrayList<>();

    private final List<ReplayFile> files;
    /** The market-data component's replay, once its thread has built it. */
    private volatile ReplaySource replay;
    /** The market-data agent's clock and the replay's speed (0: as fast as possible). */
    private EpochClock marketDataClock = EpochClock.system();
    private double speed;

    Pipeline(Path queueDir, AquatradeConfig config, List<ReplayFile> files) {
        this.queueDir = queueDir;
        this.config = config;
        this.files = List.copyOf(files);
    }

    /**
     * Paces the replay by a clock (e.g. one the test advances by hand) at a multiple of real time; call before
     * {@link #start}.
     *
     * @param clock the market-data agent's clock
     * @param speed the multiple of real time, &gt; 0
     * @return this
     */
    Pipeline paced(EpochClock clock, double speed) {
        this.marketDataClock = clock;
        this.speed = speed;
        return this;
    }

    /** Starts the components in the given order, each on its own thread. */
    Pipeline start(List<String> order) {
        for (String name : order) {
            AgentRunner runner = new AgentRunner(new OnThread(name, queueDir, build(name)), Pauser.balanced());
            Thread t = new Thread(runner::run, name);
            t.setDaemon(true);
            runners.add(runner);
            threads.add(t);
            t.start();
        }
        return this;
    }

    private Function<QueueRoot, Agent> build(String name) {
        AquatradeConfig cfg = config;
        EpochClock clock = marketDataClock;
        double pace = speed;
        switch (name) {
            case "market-data":
                return root -> new MarketDataAgent(root, replay = new ReplaySource(cfg.instruments().values(), files,
                        pace, MarketDataConfig.from(cfg).validation()), clock, 1000);
            case "signal-generator": {
                SignalConfig sc = SignalConfig.from(cfg, null);
                return root -> new SignalAgent(root, cfg.runtime().sequencing(),
                        (bars, signals) -> new SignalEngine(sc, cfg.instruments().values(), bars, signals));
            }
            case "decision-engine": {
                DecisionConfig dc = DecisionConfig.from(cfg);
                return root -> {
                    OrderListener orders = root.writer(Topic.ORDERS);
                    return new DecisionAgent(root, new DecisionEngine(dc, cfg, orders), orders,
                            cfg.runtime().sequencing());
                };
            }
            case "order-router": {
                RouterConfig rc = RouterConfig.from(cfg);
                return root -> {
                    ExecutionListener executions = root.writer(Topic.EXECUTIONS);
                    return new RouterAgent(root, new OrderRouter(rc, cfg, executions), executions,
                            cfg.runtime().sequencing());
                };
            }
            default:
                throw new IllegalArgumentException(name);
        }
    }

    /**
     * Waits until the end of stream has reached the executions topic, i.e. passed through all four components.
     *
     * @throws IllegalStateException on timeout or if a component failed
     */
    void awaitDrained(long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        try (QueueRoot root = new QueueRoot(queueDir)) {
            TopicReader<ExecutionListener> reader = root.reader(Topic.EXECUTIONS, null);
            Collected ignore = new Collected();
            while (true) {
                while (reader.poll(ignore) > 0) {
                    // skip to the end
                }
                if (reader.endOfStream()) {
                    return;
                }
                for (AgentRunner r : runners) {
                    if (r.failure() != null) {
                        throw new IllegalStateException("a component failed", r.failure());
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("pipeline did not drain in " + timeoutMs + " ms");
                }
                Thread.sleep(20);
            }
        }
    }

    /** @return what made a component stop, one entry per component that did (empty while all run) */
    List<Throwable> failures() {
        List<Throwable> out = new ArrayList<>();
        for (AgentRunner r : runners) {
            if (r.failure() != null) {
                out.add(r.failure());
            }
        }
        return out;
    }

    /**
     * @return the market-data component's replay (its counts of rejections are thread-safe to read), or null before
     * its thread has built it
     */
    ReplaySource replay() {
        return replay;
    }

    /** @return true while every component's thread runs */
    boolean allRunning() {
        return threads.stream().allMatch(Thread::isAlive);
    }

    /** @return everything on every topic, copied */
    Collected collect() {
        Collected all = new Collected();
        try (QueueRoot root = new QueueRoot(queueDir)) {
            all.drain(root);
        }
        return all;
    }

    @Override
    public void close() throws InterruptedException {
        for (AgentRunner r : runners) {
            r.stop();
        }
        for (Thread t : threads) {
            t.join(10_000);
        }
    }

    /** Builds the real agent on the runner's own thread (Chronicle appenders and tailers are single-threaded). */
    private static final class OnThread implements Agent {
        private final String name;
        private final Path dir;
        private final Function<QueueRoot, Agent> factory;
        private QueueRoot root;
        private Agent agent;

        OnThread(String name, Path dir, Function<QueueRoot, Agent> factory) {
            this.name = name;
            this.dir = dir;
            this.factory = factory;
        }

        @Override
        public int doWork() throws Exception {
            if (agent == null) {
                root = new QueueRoot(dir);
                agent = factory.apply(root);
                return 1;
            }
            return agent.doWork();
        }

        @Override
        public void onClose() {
            if (agent != null) {
                agent.onClose();
            }
            if (root != null) {
                root.close();
            }
        }

        @Override
        public String roleName() {
            return name;
        }
    }
}
