package io.aquatrade.notifier;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.aquatrade.common.Agent;
import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.ControlListener;
import io.aquatrade.common.DeadLetterFile;
import io.aquatrade.common.DenyReason;
import io.aquatrade.common.EpochClock;
import io.aquatrade.common.ExecutionListener;
import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.KillSwitch;
import io.aquatrade.common.MarketDataListener;
import io.aquatrade.common.OrderAccepted;
import io.aquatrade.common.OrderDenied;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.OrderListener;
import io.aquatrade.common.OrderRejected;
import io.aquatrade.common.BalanceUpdate;
import io.aquatrade.common.PositionUpdate;
import io.aquatrade.common.ProgressListener;
import io.aquatrade.common.QueueRoot;
import io.aquatrade.common.RateLimitStatus;
import io.aquatrade.common.ReconciliationStatus;
import io.aquatrade.common.RejectReason;
import io.aquatrade.common.SubmitOrder;
import io.aquatrade.common.Topic;
import io.aquatrade.common.TopicReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notifier's duty cycle: tails {@code executions}, {@code orders} and {@code control} with named tailers
 * ({@value #NAME}), and once a second (its clock) reads the heartbeat files (processes, {@link ProcessWatch}; stale
 * feeds from market-data's, {@link FeedWatch}), the dead-letter files and the kill-switch file; turns what it finds into {@link Alert}s, passes them through the {@link AlertGate} (dedup,
 * throttle) and appends them to the {@link Outbox}, from which each channel sends on its own thread. Nothing here
 * waits on HTTP.
 *
 * <p><b>Exactly once into the outbox.</b> A topic message is consumed only after its listener returned, and an alert
 * records the queue index of the message it came from. At start-up the outbox is read back: every topic message at
 * or before the last index an alert came from is not alerted again (it was, before a crash between the append and
 * the tailer's move), and the gate, the process states, the dead letters and the kill-switch file state reported
 * are restored. On the very first start (an empty outbox) the messages already on the topics are read without
 * alerts: the notifier reports what happens from then on.
 *
 * <p><b>Daily summary</b> ({@link DailySummary}): fills and position updates before the named tailer's place are read
 * again from the start of {@code executions} at start-up (no alerts) to rebuild the open days. A UTC day is
 * summarised when the {@code executions} watermark passes its end (so a replay of recorded days summarises each),
 * at the end of the stream, or, should the watermark stall (router down, no market data), when this notifier's
 * clock is {@value #SUMMARY_GRACE_MS} ms past its end: then the day just ended (a day without fills says so). Each
 * day once: the days summarised are restored from the outbox; a day that ended while the notifier was stopped is
 * summarised after the restart; the days the topic held before the very first start are not.
 *
 * <p>Not thread-safe; built and run on one thread (queues are the thread's).
 */
final class NotifierAgent implements Agent {
    private static final Logger LOG = LoggerFactory.getLogger(NotifierAgent.class);
    /** The process name, the named tailers' name and the heartbeat file's. */
    static final String NAME = "notifier";
    /** How often files (heartbeats, dead letters, the kill-switch file) and clocks are checked, ms. */
    static final long CHECK_INTERVAL_MS = 1_000;
    /** How long past a UTC day's end the clock waits for the executions watermark before summarising it, ms. */
    static final long SUMMARY_GRACE_MS = 300_000;
    private static final int BATCH = 512;

    private final QueueRoot queues;
    private final AquatradeConfig config;
    private final NotifierConfig alerts;
    private final Outbox outbox;
    private final EpochClock clock;
    private final AlertGate gate;
    private final ProcessWatch processes;
    private final FeedWatch feeds;
    private final DailySummary summary;
    private final Path deadLetterDir;
    private final Path killSwitchFile;

    private TopicReader<ExecutionListener> executions;
    private TopicReader<OrderListener> orders;
    private TopicReader<ControlListener> control;
    /** Per source topic: messages at or before this index raise no alert (already alerted, or before first start). */
    private final Map<String, Long> alertedUpTo = new HashMap<>();
    private final Set<String> summarised = new HashSet<>();
    private final Map<String, Long> deadLettersReported = new HashMap<>();
    private final Map<String, Long> deadLetterSizes = new HashMap<>();
    private boolean killFileOn;
    private volatile boolean started;
    private long passNowNs;
    private long nextCheckNs = Long.MIN_VALUE;
    private long lastClockDay;
    private long index;
    private String topic;
    private long appended;
    /** First start only: executions up to this index were there before it; the days they close are not sent. */
    private long summaryCatchUpIndex = Long.MIN_VALUE;
    /** Index of the last executions message dispatched by the live reader. */
    private long lastExecutionsIndex = Long.MIN_VALUE;
    /** True when market-data's end of stream was last seen as the newest entry of its topic (a replay that ended). */
    private volatile boolean feedEnded;

    /**
     * @param queues         the queue root (used on the agent thread only)
     * @param config         the loaded config (instruments, runtime's dead-letter dir and kill-switch file)
     * @param alerts         the {@code alerts} section
     * @param outbox         the outbox alerts are appended to
     * @param heartbeatDir   where processes write {@code <process>.json}
     * @param clock          the notifier clock
     */
    NotifierAgent(QueueRoot queues, AquatradeConfig config, NotifierConfig alerts, Outbox outbox, Path heartbeatDir,
                  EpochClock clock) {
        this.queues = queues;
        this.config = config;
        this.alerts = alerts;
        this.outbox = outbox;
        this.clock = clock;
        this.gate = new AlertGate(alerts);
        this.processes = new ProcessWatch(heartbeatDir, NAME, ProcessWatch::alive);
        this.feeds = new FeedWatch(heartbeatDir, List.copyOf(config.instruments().keySet()), alerts.staleFeedMs(),
                this::marketDataEnded);
        this.summary = new DailySummary(config);
        this.deadLetterDir = Path.of(config.runtime().poisonMessage().deadLetterDir());
        this.killSwitchFile = Path.of(config.runtime().killSwitchFile());
    }

    @Override
    public String roleName() {
        return NAME;
    }

    @Override
    public int doWork() {
        passNowNs = clock.nowNs();
        if (!started) {
            start();
        }
        int work = 0;
        work += poll(executions, executionListener);
        work += poll(orders, orderListener);
        work += poll(control, controlListener);
        closeDaysByWatermark();
        if (passNowNs >= nextCheckNs) {
            nextCheckNs = passNowNs + CHECK_INTERVAL_MS * 1_000_000L;
            check();
            work++;
        }
        return work;
    }

    private void start() {
        boolean[] empty = {true};
        outbox.readAll(a -> {
            empty[0] = false;
            gate.sent(a);
            if (a.sourceIndex() >= 0 && a.source() != null) {
                alertedUpTo.merge(a.source(), a.sourceIndex(), Math::max);
            }
            switch (a.kind()) {
                case Alert.PROCESS -> processes.restore(a);
                case Alert.STALE_FEED -> feeds.restore(a);
                case Alert.DAILY_SUMMARY -> summarised.add(a.field("day"));
                case Alert.KILL_SWITCH -> {
                    if ("kill-switch-file".equals(a.source())) {
                        killFileOn = Boolean.parseBoolean(a.field("on"));
                    }
                }
                case Alert.POISON -> deadLettersReported.merge(a.field("file"), a.sourceIndex(), Math::max);
                default -> { }
            }
        });
        if (empty[0]) {
            for (Topic<?> t : List.of(Topic.EXECUTIONS, Topic.ORDERS, Topic.CONTROL)) {
                alertedUpTo.put(t.name(), queues.queue(t).lastIndex());
            }
            summaryCatchUpIndex = alertedUpTo.get(Topic.EXECUTIONS.name());
            killFileOn = false;
            LOG.info("first start (empty outbox {}): messages already on the topics raise no alert", outbox.dir());
        } else {
            LOG.info("restored from the outbox: {} alerts, alerted up to {}, days summarised {}", outbox.lastSeq(),
                    alertedUpTo, summarised);
        }
        rebuildSummary();
        executions = queues.reader(Topic.EXECUTIONS, NAME);
        orders = queues.reader(Topic.ORDERS, NAME);
        control = queues.reader(Topic.CONTROL, NAME);
        lastClockDay = DailySummary.day(passNowNs - SUMMARY_GRACE_MS * 1_000_000L);
        started = true;
    }

    /**
     * Reads executions from the start to the named tailer's place into the daily summary (no alerts); the days it
     * holds are closed by the live reader's watermark, each summarised unless the outbox says it was.
     */
    private void rebuildSummary() {
        long resume;
        try (var named = queues.queue(Topic.EXECUTIONS).createTailer(NAME)) {
            resume = named.index();
        }
        if (resume == 0) {
            return;
        }
        long n = 0;
        try (TopicReader<ExecutionListener> all = queues.reader(Topic.EXECUTIONS, null)) {
            ExecutionListener books = new ExecutionListener() {
                @Override
                public void orderAccepted(OrderAccepted accepted) {
                }

                @Override
                public void orderRejected(OrderRejected rejected) {
                }

                @Override
                public void orderFilled(OrderFilled filled) {
                    summary.fill(filled);
                }

                @Override
                public void balanceUpdate(BalanceUpdate balance) {
                }

                @Override
                public void positionUpdate(PositionUpdate position) {
                    summary.position(position);
                }
            };
            while (all.peek() && all.pendingPosition() < resume) {
                all.dispatch(books);
                n++;
            }
        }
        LOG.info("daily summary rebuilt from {} executions messages read before", n);
    }

    private <L extends ProgressListener> int poll(TopicReader<L> reader, L listener) {
        int n = 0;
        while (n < BATCH && reader.peek()) {
            topic = reader.topic().name();
            index = reader.pendingPosition();
            if (reader == executions) {
                lastExecutionsIndex = index;
            }
            reader.dispatch(listener);
            n++;
        }
        return n;
    }

    private void closeDaysByWatermark() {
        long wm = executions.endOfStream() ? Long.MAX_VALUE : executions.lastFiniteWatermarkNs();
        if (wm == Long.MIN_VALUE) {
            return;
        }
        long wmDay = wm == Long.MAX_VALUE ? Long.MAX_VALUE : DailySummary.day(wm);
        Long open;
        while ((open = summary.firstOpenDay()) != null && open < wmDay) {
            sendSummary(open, "executions");
        }
    }

    private void sendSummary(long day, String trigger) {
        DailySummary.Summary s = summary.close(day);
        if (!summarised.add(s.date())) {
            return;
        }
        if ("executions".equals(trigger) && lastExecutionsIndex <= summaryCatchUpIndex) {
            // kept in the outbox as done (so no restart sends it), never sent: the day was over before the first start
            Map<String, Object> f = withTrigger(s.fields(), trigger);
            f.put(Alert.SILENT, true);
            outbox.append(Alert.of(Alert.DAILY_SUMMARY, "daily-summary:" + s.date(), s.text(), nowMs(), 0, "clock", -1,
                    f), null);
            LOG.info("not sent (on the topic before the notifier's first start): {}", s.text());
            return;
        }
        LOG.info("{}", s.text());
        emit(Alert.of(Alert.DAILY_SUMMARY, "daily-summary:" + s.date(), s.text(), nowMs(), 0, "clock", -1,
                withTrigger(s.fields(), trigger)));
    }

    private static Map<String, Object> withTrigger(Map<String, Object> fields, String trigger) {
        Map<String, Object> out = new LinkedHashMap<>(fields);
        out.put("closedBy", trigger);
        return out;
    }

    /** The once-a-second checks, in this order: stale feeds, processes, files, the clock's day. */
    private void check() {
        long nowMs = nowMs();
        for (Alert a : feeds.check(nowMs)) {
            emit(a);
        }
        for (Alert a : processes.check(nowMs)) {
            emit(a);
        }
        checkKillSwitchFile(nowMs);
        checkDeadLetters(nowMs);
        sendHeldBackFills(nowMs);
        long clockDay = DailySummary.day(passNowNs - SUMMARY_GRACE_MS * 1_000_000L);
        if (clockDay > lastClockDay) {
            lastClockDay = clockDay;
            long ended = clockDay - 1;
            Long open;
            while ((open = summary.firstOpenDay()) != null && open <= ended) {
                sendSummary(open, "clock");
            }
            sendSummary(ended, "clock"); // no-op if done; a day without fills says so
        }
    }

    /**
     * Fills beyond the throttle are never dropped silently: once a throttle window has passed since the first fill
     * was held back, one alert says how many fills were held back (each is in the notifier log and
     * {@code trades.log}). Not throttled itself.
     */
    private void sendHeldBackFills(long nowMs) {
        long held = gate.takeDueBatch(Alert.FILL, nowMs);
        if (held == 0) {
            return;
        }
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("heldBack", held);
        f.put("windowMs", alerts.throttle().windowMs());
        Alert batch = Alert.of(Alert.FILL, "fills-held-back:" + nowMs, held + " more fills held back by the throttle "
                + "(at most " + alerts.throttle().perKind() + " fill alerts per " + alerts.throttle().windowMs() / 1000
                + " s); each is in the notifier log and trades.log", nowMs, 0, "throttle", -1, f);
        gate.sent(batch);
        Alert a = outbox.append(batch, null);
        appended++;
        LOG.info("alert {} [{}] {}", a.seq(), a.kind(), a.text());
    }

    private void checkKillSwitchFile(long nowMs) {
        boolean on = Files.exists(killSwitchFile);
        if (on != killFileOn) {
            killFileOn = on;
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("on", on);
            f.put("file", killSwitchFile.toString());
            emit(Alert.of(Alert.KILL_SWITCH, "kill-switch-file:" + on + ":" + nowMs, "kill switch " + (on ? "ON" : "OFF")
                    + ": file " + killSwitchFile + (on ? " exists (no new entries)" : " removed"), nowMs, 0,
                    "kill-switch-file", -1, f));
        }
    }

    private void checkDeadLetters(long nowMs) {
        if (!Files.isDirectory(deadLetterDir)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(deadLetterDir, "*" + DeadLetterFile.SUFFIX)) {
            for (Path file : files) {
                long size = Files.size(file);
                if (Long.valueOf(size).equals(deadLetterSizes.get(file.toString()))) {
                    continue;
                }
                deadLetterSizes.put(file.toString(), size);
                List<DeadLetterFile.Record> records;
                try {
                    records = DeadLetterFile.read(file);
                } catch (RuntimeException e) {
                    deadLetterSizes.remove(file.toString()); // a line being written: next check
                    continue;
                }
                long done = deadLettersReported.getOrDefault(file.toString(), 0L);
                for (int line = (int) done + 1; line <= records.size(); line++) {
                    DeadLetterFile.Record r = records.get(line - 1);
                    Map<String, Object> f = new LinkedHashMap<>();
                    f.put("file", file.toString());
                    f.put("process", r.process());
                    f.put("topic", r.topic());
                    f.put("index", r.indexHex());
                    f.put("messageType", r.messageType());
                    f.put("action", r.action());
                    f.put("exception", r.exceptionClass());
                    emit(Alert.of(Alert.POISON, "poison:" + r.process() + ":" + r.topic() + ":" + r.index(),
                            "poison message: " + r.process() + " gave up " + r.messageType() + " on " + r.topic()
                                    + " at index " + r.indexHex() + " after " + r.attempts() + " attempts ("
                                    + r.exceptionClass() + ": " + r.exceptionMessage() + "); action " + r.action()
                                    + ", see " + file, nowMs, r.eventTimeNs(), "dead-letter", line, f));
                    deadLettersReported.put(file.toString(), (long) line);
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot read dead-letter directory {}: {}", deadLetterDir, e.toString());
        }
    }

    /**
     * @return whether market-data's end-of-stream mark is the newest entry of its topic (a replay that finished),
     * read backwards from the topic's end as status reads it; false when there is no such topic
     */
    private boolean marketDataEnded() {
        if (!queues.hasTopic(Topic.MARKET_DATA)) {
            feedEnded = false;
            return false;
        }
        try (TopicReader<MarketDataListener> reader = queues.readerFromEnd(Topic.MARKET_DATA)) {
            reader.peek();
            feedEnded = reader.endOfStream();
        }
        return feedEnded;
    }

    private final ExecutionListener executionListener = new ExecutionListener() {
        @Override
        public void orderAccepted(OrderAccepted accepted) {
        }

        @Override
        public void orderRejected(OrderRejected r) {
            boolean rateLimit = r.reasonCode() == RejectReason.RATE_LIMIT;
            if (!rateLimit && r.reasonCode() != RejectReason.OUTCOME_UNKNOWN) {
                return;
            }
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("clientOrderId", r.clientOrderId());
            f.put("strategy", r.strategyId());
            f.put("instrument", r.instrument());
            f.put("reason", r.reason());
            if (rateLimit) {
                emit(fromTopic(Alert.RATE_LIMIT, "rate-limit:" + r.clientOrderId(), "rate limit: order "
                        + r.clientOrderId() + " of " + r.strategyId() + " on " + r.instrument()
                        + " rejected, never sent: " + r.reason(), r.eventTimeNs(), f));
            } else {
                // the venue could not learn whether the exchange has it: watched, booked if it appears; check by hand
                emit(fromTopic(Alert.RECONCILIATION, "outcome-unknown:" + r.clientOrderId(), "order "
                        + r.clientOrderId() + " of " + r.strategyId() + " on " + r.instrument()
                        + " given up with its outcome unknown (watched for 24 h; check the exchange): " + r.reason(),
                        r.eventTimeNs(), f));
            }
        }

        @Override
        public void rateLimit(RateLimitStatus r) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("ban", r.ban());
            f.put("untilMs", r.untilNs() / 1_000_000L);
            f.put("reason", r.reason());
            emit(fromTopic(Alert.RATE_LIMIT, "rate-limit:" + (r.ban() ? "ban:" : "backoff:") + index, "rate limit "
                    + (r.ban() ? "BAN" : "back-off") + ": " + r.reason(), r.eventTimeNs(), f));
        }

        @Override
        public void orderFilled(OrderFilled fill) {
            summary.fill(fill);
            Instrument i = config.instruments().get(fill.instrument());
            String qty = i == null ? Long.toString(fill.fillQuantity()) : i.formatSize(fill.fillQuantity());
            String price = i == null ? Long.toString(fill.fillPrice()) : i.formatPrice(fill.fillPrice());
            String fee = FixedPoint.format(fill.fee(), config.assetDecimals(fill.feeAsset()));
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("strategy", fill.strategyId());
            f.put("instrument", fill.instrument());
            f.put("side", fill.side().name());
            f.put("quantity", qty);
            f.put("price", price);
            f.put("fee", fee);
            f.put("feeAsset", fill.feeAsset());
            f.put("clientOrderId", fill.clientOrderId());
            f.put("tradeId", fill.tradeId());
            f.put("leaves", i == null ? Long.toString(fill.leavesQuantity()) : i.formatSize(fill.leavesQuantity()));
            emit(fromTopic(Alert.FILL, "fill:" + fill.clientOrderId() + ":" + fill.tradeId(), "fill: "
                    + fill.strategyId() + " " + fill.side() + " " + qty + " " + fill.instrument() + " @ " + price
                    + " (fee " + fee + " " + fill.feeAsset() + ", " + fill.liquiditySide() + "; order "
                    + fill.clientOrderId() + (fill.last() ? " filled" : " leaves " + f.get("leaves")) + ")",
                    fill.eventTimeNs(), f));
        }

        @Override
        public void balanceUpdate(BalanceUpdate balance) {
        }

        @Override
        public void positionUpdate(PositionUpdate position) {
            summary.position(position);
        }

        @Override
        public void reconciliation(ReconciliationStatus s) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("instrument", s.instrument());
            f.put("reduceOnly", s.reduceOnly());
            f.put("reason", s.reason());
            emit(fromTopic(Alert.RECONCILIATION, "reconciliation:" + s.instrument() + ":" + s.reduceOnly() + ":"
                    + index, s.reduceOnly() ? "reconciliation mismatch: " + s.instrument()
                    + " is reduce-only (no entries): " + s.reason() : "reconciliation resolved: " + s.instrument()
                    + " trades again: " + s.reason(), s.eventTimeNs(), f));
        }
    };

    private final OrderListener orderListener = new OrderListener() {
        @Override
        public void submitOrder(SubmitOrder order) {
        }

        @Override
        public void orderDenied(OrderDenied d) {
            if (d.reasonCode() == null || !d.reasonCode().isRiskRule() || d.reasonCode() == DenyReason.KILL_SWITCH) {
                return; // the kill switch has its own alert (control topic, the file)
            }
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("strategy", d.strategyId());
            f.put("instrument", d.instrument());
            f.put("reason", d.reasonCode().name());
            f.put("limit", FixedPoint.format(d.limit(), d.decimals()));
            f.put("value", FixedPoint.format(d.value(), d.decimals()));
            f.put("text", d.reason());
            emit(fromTopic(Alert.RISK, "risk:" + d.strategyId() + ":" + d.instrument() + ":" + d.reasonCode(),
                    "risk limit hit: " + d.reasonCode() + " denied an entry of " + d.strategyId() + " on "
                            + d.instrument() + " (limit " + f.get("limit") + ", value " + f.get("value") + "): "
                            + d.reason(), d.eventTimeNs(), f));
        }
    };

    private final ControlListener controlListener = new ControlListener() {
        @Override
        public void killSwitch(KillSwitch k) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("on", k.on());
            f.put("flatten", k.flatten());
            f.put("reason", k.reason());
            f.put("source", k.source());
            emit(fromTopic(Alert.KILL_SWITCH, "kill-switch:" + index, "kill switch " + (k.on() ? "ON" : "OFF")
                    + (k.flatten() ? " with flatten (closing every position)" : "") + " by " + k.source()
                    + (k.reason().isEmpty() ? "" : ": " + k.reason()), k.eventTimeNs(), f));
        }
    };

    /** @return an alert from the message being dispatched (its topic and index) */
    private Alert fromTopic(String kind, String key, String text, long eventTimeNs, Map<String, Object> fields) {
        return Alert.of(kind, key, text, nowMs(), eventTimeNs, topic, index, fields);
    }

    /** Gates an alert and appends it to the outbox (and the log) if it passes. */
    private void emit(Alert alert) {
        if (alert.sourceIndex() >= 0 && alert.source() != null) {
            Long upTo = alertedUpTo.get(alert.source());
            if (upTo != null && alert.sourceIndex() <= upTo && !"dead-letter".equals(alert.source())) {
                return; // alerted before a restart, or already on the topic at the first start
            }
        }
        AlertGate.Decision d = gate.admit(alert);
        if (d != AlertGate.Decision.SEND) {
            LOG.info("alert {} ({}): {}", d == AlertGate.Decision.DUPLICATE ? "deduplicated" : "throttled", alert.key(),
                    alert.text());
            return;
        }
        long held = gate.takeHeldBack(alert.kind());
        Alert a = outbox.append(alert, held == 0 ? null : "(" + held + " more " + alert.kind()
                + " alerts held back by the throttle before this one; see the notifier log)");
        appended++;
        LOG.info("alert {} [{}] {}", a.seq(), a.kind(), a.text());
    }

    private long nowMs() {
        return passNowNs / 1_000_000L;
    }

    /** @return true once the agent has restored its state and opened its readers (its first pass); any thread */
    boolean started() {
        return started;
    }

    /** @return true when market-data's end of stream was last seen as its topic's newest entry; any thread */
    boolean feedEnded() {
        return feedEnded;
    }

    /** @return alerts appended to the outbox by this run */
    long appended() {
        return appended;
    }

    @Override
    public void onClose() {
        for (TopicReader<?> r : new TopicReader<?>[] {executions, orders, control}) {
            if (r != null) {
                r.close();
            }
        }
    }
}
