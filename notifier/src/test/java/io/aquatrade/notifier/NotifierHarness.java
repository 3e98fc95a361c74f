package io.aquatrade.notifier;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.aquatrade.common.AgentRunner;
import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.EpochClock;
import io.aquatrade.common.QueueRoot;
import net.openhft.chronicle.threads.Pauser;

/**
 * The notifier wired as {@link NotifierMain} wires it (outbox, one sender per channel, the agent on its own thread),
 * over a temp directory laid out like a run: {@code queues/}, {@code run/} (heartbeats), {@code dead-letter/},
 * {@code KILL_SWITCH}, {@code notifier-outbox/}. The agent's clock is the system clock plus an offset the test
 * moves forward ({@link #advanceMs}); the senders wait on the real clock (they talk to real local servers).
 */
final class NotifierHarness implements AutoCloseable {
    static final String TOKEN = "123456:TEST-token-never-logged";

    final Path root;
    final AquatradeConfig config;
    final NotifierConfig alerts;
    private final AtomicLong offsetNs = new AtomicLong();
    private static final AtomicLong sentinels = new AtomicLong();
    final EpochClock clock;
    private Outbox outbox;
    private QueueRoot queues;
    private final List<ChannelSender> senders = new ArrayList<>();
    private AgentRunner runner;
    private Thread thread;
    private NotifierAgent agent;

    /**
     * @param root   the run's directory
     * @param alerts the {@code alerts:} section's YAML, indented two spaces under it
     */
    NotifierHarness(Path root, String alerts) {
        this(root, alerts, EpochClock.system());
    }

    NotifierHarness(Path root, String alerts, EpochClock base) {
        this.root = root;
        this.clock = () -> base.nowNs() + offsetNs.get();
        String yaml = "runtime:\n"
                + "  queueDir: " + root.resolve("queues") + "\n"
                + "  killSwitchFile: " + root.resolve("KILL_SWITCH") + "\n"
                + "  poisonMessage: {retries: 1, action: skip, deadLetterDir: " + root.resolve("dead-letter") + "}\n"
                + "instruments:\n"
                + "  - {symbol: XRPETH, base: XRP, quote: ETH, priceDecimals: 8, sizeDecimals: 0}\n"
                + "assets: {XRP: 8, ETH: 8}\n"
                + "alerts:\n" + alerts;
        this.config = AquatradeConfig.parse(root.resolve("aquatrade.yaml"), yaml);
        this.alerts = NotifierConfig.from(config);
    }

    Path queueDir() {
        return root.resolve("queues");
    }

    Path heartbeatDir() {
        return root.resolve("run");
    }

    /**
     * Starts the outbox, the senders and the agent, and waits for the agent's first pass (on a first start, what is
     * on the topics before it raises no alert).
     *
     * @return this
     */
    NotifierHarness start() {
        outbox = new Outbox(NotifierMain.outboxDir(queueDir()));
        for (Channel c : NotifierMain.channels(alerts, Map.of("AQUATRADE_TELEGRAM_BOT_TOKEN", TOKEN))) {
            senders.add(new ChannelSender(outbox, c, alerts, EpochClock.system()).start());
        }
        queues = new QueueRoot(queueDir());
        agent = new NotifierAgent(queues, config, alerts, outbox, heartbeatDir(), clock);
        runner = new AgentRunner(agent, Pauser.balanced());
        thread = new Thread(runner::run, "notifier-agent");
        thread.setDaemon(true);
        thread.start();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!agent.started() && runner.failure() == null && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        if (!agent.started()) {
            throw new IllegalStateException("the notifier agent did not start", runner.failure());
        }
        return this;
    }

    /**
     * Waits, without sleeping, until whatever the agent does at its clock as it is now has reached the webhook: first
     * a sentinel process (a heartbeat file {@code sentinel-<n>.json}) whose alert comes from a check at this clock,
     * then a sentinel kill switch on {@code control}, read in a later pass, after that whole check (the clock's daily
     * summaries included). The outbox is ordered, so an alert the test does not want would have arrived before it.
     *
     * @return the sentinels' alert keys (to leave out of assertions)
     */
    List<String> settle(io.aquatrade.common.QueueRoot q, io.aquatrade.notifier.testing.LocalEndpoints.Webhook wh)
            throws Exception {
        long n = sentinels.incrementAndGet();
        String process = "sentinel-" + n;
        java.nio.file.Files.createDirectories(heartbeatDir());
        NotifierIT.writeHeartbeat(this, process, ProcessHandle.current().pid(), n, "running");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> wh.delivered().stream()
                .anyMatch(j -> j.path("text").asText().startsWith(process + " ")));
        String reason = "sentinel " + n;
        q.<io.aquatrade.common.ControlListener>writer(io.aquatrade.common.Topic.CONTROL).killSwitch(
                new io.aquatrade.common.KillSwitch().on(false).flatten(false).reason(reason).source("test")
                        .eventTimeNs(n));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> wh.delivered()
                .stream().anyMatch(j -> j.path("text").asText().endsWith(reason)));
        return List.of(process, reason);
    }

    /** @return whether a delivered alert is a sentinel of {@link #settle} */
    static boolean sentinel(com.fasterxml.jackson.databind.JsonNode alert) {
        String text = alert.path("text").asText();
        return text.startsWith("sentinel-") || text.contains(": sentinel ");
    }

    /** Moves the agent's clock forward. */
    void advanceMs(long ms) {
        offsetNs.addAndGet(ms * 1_000_000L);
    }

    ChannelSender sender(String channel) {
        return senders.stream().filter(s -> s.channel().name().equals(channel)).findFirst().orElseThrow();
    }

    /** @return the agent's failure, or null */
    Throwable failure() {
        return runner.failure();
    }

    /** @return true when the agent last saw market-data's end of stream as its topic's newest entry */
    boolean feedEnded() {
        return agent.feedEnded();
    }


    /** @return alerts appended to the outbox by this run (read after {@link #close()} or while idle) */
    long appended() {
        return agent.appended();
    }

    /** Stops the agent and the senders (an alert in flight stays in the outbox) and closes the queues. */
    @Override
    public void close() throws InterruptedException {
        if (runner != null) {
            runner.stopAndWait(10_000);
            thread.join(10_000);
        }
        for (ChannelSender s : senders) {
            s.stop(10_000);
        }
        senders.clear();
        if (queues != null) {
            queues.close();
        }
        if (outbox != null) {
            outbox.close();
        }
        runner = null;
    }
}
