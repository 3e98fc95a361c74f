package io.aquatrade.decision;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.aquatrade.common.AgentRunner;
import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.IdleStrategies;
import io.aquatrade.common.MarketDataListener;
import io.aquatrade.common.OrderListener;
import io.aquatrade.common.Progress;
import io.aquatrade.common.QueueRoot;
import io.aquatrade.common.Signal;
import io.aquatrade.common.SignalListener;
import io.aquatrade.common.Topic;
import io.aquatrade.common.TradeTick;

/**
 * Runs a decision-engine agent as its process does (queue root, orders writer, engine, agent and runner all built
 * on the agent's own thread) and writes the inputs that market-data and signal-generator would write.
 */
final class AgentHarness {
    static final long TIMEOUT_MS = 30_000;

    private AgentHarness() {
    }

    /** A running agent; {@link #stop()} stops it and returns its engine for inspection. */
    static final class Running {
        private final Thread thread;
        private final CountDownLatch built = new CountDownLatch(1);
        private volatile AgentRunner runner;
        private volatile DecisionEngine engine;
        private volatile DecisionAgent agent;
        private volatile Throwable failure;

        Running(Path queueDir, AquatradeConfig config) {
            thread = new Thread(() -> {
                try (QueueRoot queues = new QueueRoot(queueDir)) {
                    OrderListener orders = queues.writer(Topic.ORDERS);
                    engine = new DecisionEngine(DecisionConfig.from(config), config, orders);
                    agent = new DecisionAgent(queues, engine, orders, config.runtime().sequencing());
                    runner = new AgentRunner(agent, IdleStrategies.parse("test", "millis:1"));
                    built.countDown();
                    if (!runner.run()) {
                        failure = runner.failure();
                    }
                } catch (Throwable t) {
                    failure = t;
                    built.countDown();
                }
            }, "decision-engine-test");
            thread.start();
        }

        /** Stops the agent, waits for its thread, and returns the engine (safe to read after the join). */
        DecisionEngine stop() throws InterruptedException {
            if (!built.await(TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                throw new AssertionError("agent not built in time");
            }
            if (runner != null) {
                runner.stopAndWait(TIMEOUT_MS);
            }
            thread.join(TIMEOUT_MS);
            if (failure != null) {
                throw new AssertionError("agent failed", failure);
            }
            return engine;
        }

        /** @return true if the agent thread is still alive (for waits) */
        boolean alive() {
            return thread.isAlive();
        }
    }

    /** Writes market data and signals as their processes would. */
    static final class Inputs implements AutoCloseable {
        private final QueueRoot queues;
        private final MarketDataListener marketData;
        private final SignalListener signals;

        Inputs(Path queueDir) {
            queues = new QueueRoot(queueDir);
            marketData = queues.writer(Topic.MARKET_DATA);
            signals = queues.writer(Topic.SIGNALS);
        }

        QueueRoot queues() {
            return queues;
        }

        void trades(List<TradeTick> trades, int from, int to) {
            for (int i = from; i < to; i++) {
                marketData.tradeTick(trades.get(i));
            }
        }

        void marketDataProgress(long timeNs, boolean end) {
            marketData.progress(new Progress().source("market-data").eventTimeNs(timeNs).endOfStream(end));
        }

        void signal(Signal signal) {
            signals.signal(signal);
        }

        void signalProgress(long timeNs, boolean end) {
            signals.progress(new Progress().source("signal-generator").eventTimeNs(timeNs).endOfStream(end));
        }

        @Override
        public void close() {
            queues.close();
        }
    }

    /** Lets the router stub answer orders until the condition holds. */
    static void pumpUntil(RouterStub router, Running agent, BooleanSupplier done, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT_MS * 1_000_000L;
        while (true) {
            router.poll();
            if (done.getAsBoolean()) {
                return;
            }
            if (!agent.alive()) {
                agent.stop(); // rethrows the agent's failure
                throw new AssertionError("agent ended before " + what);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(2);
        }
    }
}
