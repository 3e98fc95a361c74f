package io.aquatrade.notifier;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.aquatrade.common.AgentRunner;
import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.EpochClock;
import io.aquatrade.common.ErrorCounters;
import io.aquatrade.common.HeartbeatWriter;
import io.aquatrade.common.IdleStrategies;
import io.aquatrade.common.PoisonMessagePolicy;
import io.aquatrade.common.ProcessCli;
import io.aquatrade.common.QueueRoot;
import io.aquatrade.common.Topic;
import io.aquatrade.common.metrics.ProcessMetrics;
import io.micrometer.core.instrument.Tags;
import net.openhft.chronicle.threads.Pauser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The notifier process: tails the topics and the processes' heartbeat, dead-letter and kill-switch files, and sends
 * alerts to Telegram and a webhook ({@code alerts} config section), each channel on its own thread, plus the daily
 * summary at 00:00 UTC. It never writes a trading topic, so a slow or failing endpoint cannot hold up trading.
 * Exit codes: 2 for a bad flag or config value (the message names the field; a Telegram token variable that is not
 * set is one), 1 if the agent failed (the supervisor restarts it; restart is safe: named tailers and the outbox keep
 * its place). On SIGTERM it stops after its current pass; alerts not yet sent stay in the outbox for the next start.
 */
@Command(name = NotifierAgent.NAME, mixinStandardHelpOptions = true,
        description = {"Sends alerts (process started/stopped/crashed, fills, risk limits, kill switch, "
                + "reconciliation, stale feed, rate limits, poison messages, daily summary) to Telegram and a "
                + "webhook (config section alerts; the Telegram bot token from the environment variable named by "
                + "alerts.telegram.botToken, default AQUATRADE_TELEGRAM_BOT_TOKEN)."})
public final class NotifierMain implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(NotifierMain.class);

    @CommandLine.Mixin
    ProcessCli.CommonOptions common;

    /**
     * Runs the process until it is stopped.
     *
     * @param args {@code --config FILE}, {@code --queue-dir DIR}, {@code --help}
     */
    public static void main(String[] args) {
        System.exit(ProcessCli.execute(NotifierAgent.NAME, new NotifierMain(), args));
    }

    /**
     * Loads and validates the config, starts a sender per channel and runs the agent.
     *
     * @return the exit code
     * @throws io.aquatrade.common.ConfigException on a bad config value or a missing token (exit code 2)
     */
    @Override
    public Integer call() throws InterruptedException {
        ProcessCli.Loaded loaded = common.load();
        AquatradeConfig config = loaded.config();
        NotifierConfig alerts = NotifierConfig.from(config);
        List<Channel> channels = channels(alerts, System.getenv());
        Pauser pauser = IdleStrategies.parse("runtime.idle", config.runtime().idle());
        EpochClock clock = EpochClock.system();
        ErrorCounters errors = new ErrorCounters();
        Path beats = loaded.heartbeatDir();
        Path outboxDir = outboxDir(loaded.queueDir());
        LOG.info("alerts to {}; heartbeats from {}; outbox {}", channels.isEmpty() ? "the log only"
                : describe(alerts), beats, outboxDir);
        try (ProcessMetrics metrics = ProcessMetrics.start(NotifierAgent.NAME, loaded.metrics(NotifierAgent.NAME),
                clock);
             Outbox outbox = new Outbox(outboxDir);
             QueueRoot queues = new QueueRoot(loaded.queueDir()).poisonMessages(new PoisonMessagePolicy(
                     NotifierAgent.NAME, config.runtime().poisonMessage(), errors, clock))) {
            List<ChannelSender> senders = new ArrayList<>();
            for (Channel c : channels) {
                senders.add(new ChannelSender(outbox, c, alerts, clock).start());
            }
            deliveryMetrics(metrics, senders);
            NotifierAgent agent = new NotifierAgent(queues, config, alerts, outbox, beats, clock);
            HeartbeatWriter heartbeat = new HeartbeatWriter(beats, NotifierAgent.NAME, config.runtime().heartbeat(),
                    clock, errors).inputs(queues);
            List<String> inputs = List.of(Topic.EXECUTIONS.name(), Topic.ORDERS.name(), Topic.CONTROL.name());
            metrics.readerLag(heartbeat, inputs);
            metrics.errors(errors, inputs);
            int code = new AgentRunner(metrics.sampling(agent), pauser, errors).heartbeat(heartbeat)
                    .runUntilShutdown();
            for (ChannelSender s : senders) {
                s.stop(alerts.timeoutMs() + 1_000);
            }
            return code;
        }
    }

    /**
     * Registers each channel's delivery counters on the notifier's {@code /metrics} (function counters over the
     * sender's own counts, sampled on the agent thread; nothing allocated per alert): {@code aquatrade.alerts.sent},
     * {@code .retried}, {@code .given.up} and {@code .skipped}, tagged {@code channel} (Prometheus:
     * {@code aquatrade_alerts_sent_total{channel="telegram"}}, ...).
     *
     * @param metrics the notifier's metrics
     * @param senders one sender per channel
     */
    static void deliveryMetrics(ProcessMetrics metrics, List<ChannelSender> senders) {
        for (ChannelSender s : senders) {
            Tags tags = Tags.of("channel", s.channel().name());
            metrics.counter("aquatrade.alerts.sent", "alerts the channel's endpoint took", tags, s::sent);
            metrics.counter("aquatrade.alerts.retried", "attempts of an alert tried again after a failure (timeout, "
                    + "I/O error, 408, 429, 5xx)", tags, s::retried);
            metrics.counter("aquatrade.alerts.given.up", "alerts given up after their last attempt or a failure no "
                    + "retry mends (each logged at ERROR with its text)", tags, s::givenUp);
            metrics.counter("aquatrade.alerts.skipped", "alerts skipped because the channel was more than "
                    + "alerts.outboxCapacity behind (each logged at WARN with its text)", tags, s::skipped);
        }
    }

    /**
     * The channels the config names.
     *
     * @param env the process environment (the Telegram token's variable)
     * @throws io.aquatrade.common.ConfigException if the token's variable is not set
     */
    static List<Channel> channels(NotifierConfig alerts, Map<String, String> env) {
        List<Channel> out = new ArrayList<>();
        if (alerts.telegram() != null) {
            out.add(new TelegramChannel(alerts.telegram(), alerts.telegram().token(env), alerts.timeoutMs()));
        }
        if (alerts.webhook() != null) {
            out.add(new WebhookChannel(alerts.webhook(), alerts.timeoutMs()));
        }
        return out;
    }

    /** @return the outbox's directory: {@code notifier-outbox} beside the queue directory */
    static Path outboxDir(Path queueDir) {
        Path parent = queueDir.toAbsolutePath().normalize().getParent();
        return parent == null ? queueDir.resolve("notifier-outbox") : parent.resolve("notifier-outbox");
    }

    /** @return where alerts go, without secrets: the chat id and the webhook's host only */
    private static String describe(NotifierConfig alerts) {
        List<String> parts = new ArrayList<>();
        if (alerts.telegram() != null) {
            parts.add("telegram (chat " + alerts.telegram().chatId() + " via "
                    + URI.create(alerts.telegram().apiUrl()).getHost() + ")");
        }
        if (alerts.webhook() != null) {
            parts.add("webhook (" + URI.create(alerts.webhook().url()).getHost() + ")");
        }
        return String.join(", ", parts);
    }
}
