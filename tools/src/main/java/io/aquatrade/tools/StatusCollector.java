package io.aquatrade.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.BalanceUpdate;
import io.aquatrade.common.CancelOrder;
import io.aquatrade.common.CancelRejected;
import io.aquatrade.common.DeadLetterFile;
import io.aquatrade.common.ExecutionListener;
import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.Heartbeat;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.KillSwitch;
import io.aquatrade.common.MarketDataListener;
import io.aquatrade.common.OrderAccepted;
import io.aquatrade.common.OrderCanceled;
import io.aquatrade.common.OrderDenied;
import io.aquatrade.common.OrderExpired;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.OrderListener;
import io.aquatrade.common.OrderRejected;
import io.aquatrade.common.PositionUpdate;
import io.aquatrade.common.QueueRoot;
import io.aquatrade.common.QuoteTick;
import io.aquatrade.common.ReconciliationStatus;
import io.aquatrade.common.SubmitOrder;
import io.aquatrade.common.Topic;
import io.aquatrade.common.TopicReader;
import io.aquatrade.common.TradeTick;

/**
 * Builds a {@link StatusReport}: read-only ({@link QueueRoot#openReadOnly}), it never creates a directory or a queue
 * (a topic whose queue does not exist is taken as empty).
 *
 * <ul>
 *   <li><b>Processes</b>: the heartbeat file of each of {@link #PROCESSES} and of any other process in the run
 *       directory (the notifier), judged by {@link Heartbeat#liveness(long)}; no file is {@code down (no heartbeat)}.
 *       Each reader's lag is what its process measured at its last heartbeat.</li>
 *   <li><b>Topics</b>: {@code orders} and {@code executions} are read whole through {@link RunSummary} (orders by
 *       state, positions, reduce-only reasons: the decoding {@code summary} uses) and a listener of today's fills;
 *       {@code market-data} is read backwards from its end, only as far as the last tick and trade of each
 *       instrument, so a long live topic costs little.</li>
 *   <li><b>Risk and P&amp;L today</b> are what decision-engine's risk engine knows, from its heartbeat
 *       ({@link Heartbeat#risk()}): P&amp;L today per strategy and quote asset ({@code dayPnl}: realised + unrealised
 *       now minus the same at the last marks before the trading day began; the number of the metric
 *       {@code aquatrade_pnl_today} and of the daily loss limit), the daily loss limit hit, reduce-only instruments,
 *       the kill switch. Without that heartbeat they are unknown (null), never inferred from the topics.</li>
 *   <li><b>Today</b> is the risk engine's trading day, else the UTC day of the newest event time on
 *       {@code market-data}, else of the reading clock. Trades today = fills today.</li>
 *   <li><b>Feeds</b>: an instrument's feed is stale when market-data last published a tick of it (its heartbeat's
 *       {@code lastTickAtMs}, the process clock) more than the stale time ago, or published none although it started
 *       longer ago than that. A replay that finished (its end-of-stream mark is the newest entry on
 *       {@code market-data}) is never stale: no more ticks are due.</li>
 * </ul>
 */
public final class StatusCollector {
    /** The processes of the pipeline, reported even without a heartbeat file. */
    public static final List<String> PROCESSES = List.of("market-data", "signal-generator", "decision-engine",
            "order-router");
    /**
     * Default stale time, one minute: a live Binance stream carries trades and book tickers of a listed pair several
     * times a second and market-data reconnects after {@code binance.staleAfterMs} (30 s) of silence; a minute without
     * a tick means the reconnect did not help, a fifth of a 5m bar is already lost.
     */
    public static final long DEFAULT_STALE_AFTER_MS = 60_000;
    /** The process whose heartbeat carries the risk state ({@link Heartbeat#risk()}). */
    public static final String DECISION_ENGINE = "decision-engine";
    /** The scope of the account-wide exposure line. */
    public static final String ACCOUNT = "account";

    private final AquatradeConfig config;
    private final Path queueDir;
    private final Path runDir;
    private final Path deadLetterDir;
    private final Path killSwitchFile;
    private final long staleAfterMs;

    /**
     * @param config         the shared config (instruments and asset decimals)
     * @param queueDir       the queue root
     * @param runDir         the heartbeat directory
     * @param deadLetterDir  {@code runtime.poisonMessage.deadLetterDir}
     * @param killSwitchFile {@code runtime.killSwitchFile}
     * @param staleAfterMs   a feed silent longer than this is stale, ms, &gt; 0
     */
    public StatusCollector(AquatradeConfig config, Path queueDir, Path runDir, Path deadLetterDir, Path killSwitchFile,
                           long staleAfterMs) {
        if (staleAfterMs <= 0) {
            throw new IllegalArgumentException("staleAfterMs must be > 0, was " + staleAfterMs);
        }
        this.config = config;
        this.queueDir = queueDir;
        this.runDir = runDir;
        this.deadLetterDir = deadLetterDir;
        this.killSwitchFile = killSwitchFile;
        this.staleAfterMs = staleAfterMs;
    }

    /**
     * @param nowMs the reading clock, UTC epoch ms
     * @return the report
     * @throws UncheckedIOException if a directory or dead-letter file cannot be read
     */
    public StatusReport collect(long nowMs) {
        Map<String, Heartbeat> heartbeats = new LinkedHashMap<>();
        List<StatusReport.ProcessStatus> processes = processes(nowMs, heartbeats);
        Heartbeat engineHeartbeat = heartbeats.get(DECISION_ENGINE);
        Heartbeat.Risk engineRisk = engineHeartbeat == null ? null : engineHeartbeat.risk();

        RunSummary summary = new RunSummary(config);
        MarketView market = new MarketView();
        KillSwitch killSwitch = null;
        DayActivity day;
        boolean queues = Files.isDirectory(queueDir);
        try (QueueRoot root = queues ? QueueRoot.openReadOnly(queueDir) : null) {
            if (root != null && root.hasTopic(Topic.MARKET_DATA)) {
                market.readLatest(root);
            }
            long newestNs = market.newestNs != Long.MIN_VALUE ? market.newestNs : nowMs * 1_000_000L;
            day = new DayActivity(summary, engineRisk != null && engineRisk.tradingDay() != null
                    ? LocalDate.parse(engineRisk.tradingDay())
                    : LocalDate.ofInstant(Instant.ofEpochSecond(Math.floorDiv(newestNs, 1_000_000_000L)),
                    ZoneOffset.UTC));
            if (root != null) {
                if (root.hasTopic(Topic.ORDERS)) {
                    AquatradeTool.Summary.drain(root, Topic.ORDERS, day);
                }
                if (root.hasTopic(Topic.EXECUTIONS)) {
                    AquatradeTool.Summary.drain(root, Topic.EXECUTIONS, day);
                }
                if (root.hasTopic(Topic.CONTROL)) {
                    killSwitch = KillSwitchCommand.last(root);
                }
            }
        }
        List<StatusReport.PositionStatus> positions = new ArrayList<>();
        Map<String, BigDecimal> exposure = new LinkedHashMap<>();
        for (RunSummary.Position p : summary.positions.values()) {
            Instrument i = config.instruments().get(p.instrument());
            if (i == null || p.quantity() == 0) {
                continue; // no decimals: summary prints such a position as mantissas; status leaves it out
            }
            String quote = i.quote();
            Long mark = market.lastTrade.get(i.symbol());
            positions.add(new StatusReport.PositionStatus(p.strategyId(), p.instrument(),
                    FixedPoint.toBigDecimal(p.quantity(), i.sizeDecimals()),
                    mark == null ? null : FixedPoint.toBigDecimal(mark, i.priceDecimals()),
                    amount(quote, p.costBasis()), mark == null ? null
                    : unrealized(i, p.quantity(), p.costBasis(), mark), quote));
            if (mark != null) {
                BigDecimal notional = FixedPoint.toBigDecimal(Math.abs(p.quantity()), i.sizeDecimals())
                        .multiply(FixedPoint.toBigDecimal(mark, i.priceDecimals()));
                exposure.merge(p.strategyId() + " " + quote, notional, BigDecimal::add);
                exposure.merge(ACCOUNT + " " + quote, notional, BigDecimal::add);
            }
        }
        // "strategy quote" -> P&L today, the risk engine's (null: unknown)
        Map<String, BigDecimal> pnlToday = new LinkedHashMap<>();
        Set<String> lossHit = new LinkedHashSet<>();
        if (engineRisk != null && engineRisk.strategies() != null) {
            for (Heartbeat.StrategyRisk sr : engineRisk.strategies()) {
                if (sr.dailyLossHit()) {
                    lossHit.add(sr.strategy());
                }
                for (Heartbeat.AssetPnl a : sr.pnl() == null ? List.<Heartbeat.AssetPnl>of() : sr.pnl()) {
                    pnlToday.put(sr.strategy() + " " + a.asset(), a.today());
                }
            }
        }
        day.tradesToday.keySet().forEach(k -> pnlToday.putIfAbsent(k, null));
        List<StatusReport.StrategyDay> strategies = new ArrayList<>();
        pnlToday.forEach((k, pnl) -> {
            int space = k.lastIndexOf(' ');
            String strategy = k.substring(0, space);
            strategies.add(new StatusReport.StrategyDay(strategy, k.substring(space + 1), pnl,
                    day.tradesToday.getOrDefault(k, 0L), engineRisk == null ? null : lossHit.contains(strategy)));
        });
        List<StatusReport.ExposureStatus> exposures = new ArrayList<>();
        exposure.forEach((k, v) -> {
            int space = k.lastIndexOf(' ');
            exposures.add(new StatusReport.ExposureStatus(k.substring(0, space), k.substring(space + 1), v));
        });
        exposures.sort((a, b) -> a.scope().equals(ACCOUNT) == b.scope().equals(ACCOUNT) ? 0
                : a.scope().equals(ACCOUNT) ? -1 : 1);

        List<StatusReport.FeedStatus> feeds = feeds(nowMs, market, heartbeats.get("market-data"));
        String[] killLines = KillSwitchCommand.statusLines(killSwitch, killSwitchFile);
        boolean killOn = engineRisk != null ? engineRisk.killSwitch() : killLines[0].startsWith("kill switch: on");
        String killText = (engineRisk != null ? (killOn ? "on" : "off") + " (decision-engine; "
                : killLines[0].substring("kill switch: ".length()) + " (") + killLines[1] + "; " + killLines[2] + ")";
        List<StatusReport.ReduceOnly> reduceOnly;
        if (engineRisk != null) {
            reduceOnly = (engineRisk.reduceOnly() == null ? List.<String>of() : engineRisk.reduceOnly()).stream()
                    .map(symbol -> new StatusReport.ReduceOnly(symbol, summary.reduceOnly.getOrDefault(symbol,
                            "reconciliation"))).toList();
        } else {
            reduceOnly = summary.reduceOnly.entrySet().stream()
                    .map(e -> new StatusReport.ReduceOnly(e.getKey(), e.getValue())).toList();
        }
        StatusReport.RiskState risk = new StatusReport.RiskState(killOn, killText,
                engineRisk == null ? null : List.copyOf(lossHit), reduceOnly,
                engineRisk == null ? (engineHeartbeat == null ? "unknown: no heartbeat of decision-engine"
                        : "unknown: decision-engine's heartbeat carries no risk state")
                        : "decision-engine's heartbeat, " + (engineHeartbeat.fileTimeMs() == null ? "" : StatusText.age(
                        Math.max(0, engineHeartbeat.ageMs(nowMs))) + " ago"));

        List<String> problems = new ArrayList<>();
        int exit = StatusReport.EXIT_OK;
        for (StatusReport.ProcessStatus p : processes) {
            if (!p.alive()) {
                problems.add(p.process() + ": " + p.liveness() + (p.exitCode() == null ? "" : ", exit code "
                        + p.exitCode()));
                exit = StatusReport.EXIT_PROCESS_DOWN;
            }
        }
        for (StatusReport.FeedStatus f : feeds) {
            if (f.stale()) {
                problems.add(f.instrument() + ": feed stale (" + (f.publishedAgoMs() == null
                        ? "no tick published by this run of market-data"
                        : "last tick published " + StatusText.ago(f.publishedAgoMs())) + ", stale after "
                        + StatusText.age(staleAfterMs) + ")");
                if (exit == StatusReport.EXIT_OK) {
                    exit = StatusReport.EXIT_FEED_STALE;
                }
            }
        }
        return new StatusReport(nowMs, queueDir.toString(), queues, runDir.toString(), day.day.toString(),
                staleAfterMs,
                processes, feeds, positions, openOrders(summary), strategies, exposures, risk, deadLetters(),
                problems, exit);
    }

    private BigDecimal amount(String asset, long mantissa) {
        return FixedPoint.toBigDecimal(mantissa, config.assetDecimals(asset));
    }

    /** @return quantity x mark - cost basis, exact, in the quote asset */
    private BigDecimal unrealized(Instrument i, long quantity, long costBasis, long mark) {
        return FixedPoint.toBigDecimal(quantity, i.sizeDecimals()).multiply(FixedPoint.toBigDecimal(mark,
                i.priceDecimals())).subtract(amount(i.quote(), costBasis));
    }

    private List<StatusReport.ProcessStatus> processes(long nowMs, Map<String, Heartbeat> heartbeats) {
        Set<String> names = new LinkedHashSet<>(PROCESSES);
        if (Files.isDirectory(runDir)) {
            try (Stream<Path> list = Files.list(runDir)) {
                list.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(Heartbeat.SUFFIX)).sorted()
                        .forEach(n -> names.add(n.substring(0, n.length() - Heartbeat.SUFFIX.length())));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list the heartbeat directory " + runDir, e);
            }
        }
        List<StatusReport.ProcessStatus> out = new ArrayList<>();
        for (String name : names) {
            Optional<Heartbeat> hb;
            try {
                hb = Heartbeat.readIfPresent(Heartbeat.file(runDir, name));
            } catch (IOException e) {
                out.add(new StatusReport.ProcessStatus(name, "down (unreadable heartbeat: " + e.getMessage() + ")",
                        false, null, null, null, null, List.of(), 0, 0, null));
                continue;
            }
            if (hb.isEmpty()) {
                out.add(new StatusReport.ProcessStatus(name, "down (no heartbeat)", false, null, null, null, null,
                        List.of(), 0, 0, null));
                continue;
            }
            Heartbeat h = hb.get();
            heartbeats.put(name, h);
            Heartbeat.Liveness liveness = h.liveness(nowMs);
            out.add(new StatusReport.ProcessStatus(name, liveness.text(), liveness == Heartbeat.Liveness.ALIVE
                    || liveness == Heartbeat.Liveness.STARTING,
                    Math.max(0, h.ageMs(nowMs)), h.pid(), h.startedAtMs(), h.exitCode(),
                    h.inputs() == null ? List.of() : h.inputs(), h.errors(), h.deadLetters(), h.lastError()));
        }
        return out;
    }

    private List<StatusReport.FeedStatus> feeds(long nowMs, MarketView market, Heartbeat marketData) {
        List<StatusReport.FeedStatus> out = new ArrayList<>();
        for (Instrument i : config.instruments().values()) {
            Long tickNs = market.lastTick.get(i.symbol());
            Long publishedAtMs = marketData == null || marketData.lastTickAtMs() == null ? null
                    : marketData.lastTickAtMs().get(i.symbol());
            Long publishedAgo = publishedAtMs == null ? null : Math.max(0, marketData.ageOfMs(publishedAtMs, nowMs));
            String state;
            if (market.ended) {
                state = "replay finished";
            } else if (marketData != null && !marketData.feedStale(i.symbol(), staleAfterMs, nowMs)) {
                state = publishedAgo != null ? "fresh" : "waiting";
            } else {
                state = "stale";
            }
            out.add(new StatusReport.FeedStatus(i.symbol(), tickNs,
                    tickNs == null ? null : Math.max(0, nowMs - Math.floorDiv(tickNs, 1_000_000L)), publishedAgo, state,
                    state.equals("stale")));
        }
        return out;
    }

    private List<StatusReport.OpenOrderStatus> openOrders(RunSummary summary) {
        List<StatusReport.OpenOrderStatus> out = new ArrayList<>();
        for (OrderStates.OpenOrder o : summary.orderStates.openOrders()) {
            Instrument i = config.instruments().get(o.instrument());
            int size = i == null ? 0 : i.sizeDecimals();
            int price = i == null ? 0 : i.priceDecimals();
            out.add(new StatusReport.OpenOrderStatus(o.clientOrderId(), o.strategyId(), o.instrument(),
                    String.valueOf(o.side()), String.valueOf(o.orderType()), String.valueOf(o.timeInForce()),
                    FixedPoint.toBigDecimal(o.quantity(), size), FixedPoint.toBigDecimal(o.filledQuantity(), size),
                    o.limitPrice() == 0 ? null : FixedPoint.toBigDecimal(o.limitPrice(), price),
                    o.triggerPrice() == 0 ? null : FixedPoint.toBigDecimal(o.triggerPrice(), price), o.accepted(),
                    o.submitTimeNs()));
        }
        return out;
    }

    private List<StatusReport.DeadLetterStatus> deadLetters() {
        List<StatusReport.DeadLetterStatus> out = new ArrayList<>();
        if (!Files.isDirectory(deadLetterDir)) {
            return out;
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(deadLetterDir)) {
            files = list.filter(f -> f.getFileName().toString().endsWith(DeadLetterFile.SUFFIX)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list dead-letter directory " + deadLetterDir, e);
        }
        for (Path f : files) {
            String name = f.getFileName().toString();
            List<DeadLetterFile.Record> records = DeadLetterFile.read(f);
            DeadLetterFile.Record last = records.isEmpty() ? null : records.get(records.size() - 1);
            out.add(new StatusReport.DeadLetterStatus(name.substring(0, name.length() - DeadLetterFile.SUFFIX.length()),
                    f.toString(), records.size(), last == null ? null : last.topic(),
                    last == null ? null : last.messageType(),
                    last == null ? null : last.exceptionClass() + (last.exceptionMessage() == null ? ""
                            : ": " + last.exceptionMessage()), last == null ? null : last.time()));
        }
        return out;
    }

    /** What {@code market-data} says now, read backwards from its end. */
    private final class MarketView implements MarketDataListener {
        final Map<String, Long> lastTick = new HashMap<>();
        final Map<String, Long> lastTrade = new HashMap<>();
        long newestNs = Long.MIN_VALUE;
        boolean ended;

        void readLatest(QueueRoot root) {
            try (TopicReader<MarketDataListener> reader = root.readerFromEnd(Topic.MARKET_DATA)) {
                if (reader.peek()) {
                    newestNs = Math.max(reader.pendingTimeNs(), reader.lastFiniteWatermarkNs());
                } else {
                    newestNs = reader.lastFiniteWatermarkNs();
                }
                ended = reader.endOfStream();
                int instruments = config.instruments().size();
                while ((lastTick.size() < instruments || lastTrade.size() < instruments) && reader.poll(this) > 0) {
                    // newest first, until every instrument has its last tick and trade
                }
            }
        }

        @Override
        public void tradeTick(TradeTick t) {
            if (!config.instruments().containsKey(t.instrument())) {
                return; // not configured: not reported, and must not end the search for a configured one
            }
            lastTick.putIfAbsent(t.instrument(), t.eventTimeNs());
            lastTrade.putIfAbsent(t.instrument(), t.price());
        }

        @Override
        public void quoteTick(QuoteTick q) {
            if (config.instruments().containsKey(q.instrument())) {
                lastTick.putIfAbsent(q.instrument(), q.eventTimeNs());
            }
        }
    }

    /**
     * {@code orders} and {@code executions} for the {@link RunSummary} (every message goes to it) and for today: the
     * fills of the day.
     */
    private final class DayActivity implements OrderListener, ExecutionListener {
        final RunSummary summary;
        final LocalDate day;
        final long startNs;
        final long endNs;
        /** "strategy quote" -> fills today. */
        final Map<String, Long> tradesToday = new LinkedHashMap<>();

        DayActivity(RunSummary summary, LocalDate day) {
            this.summary = summary;
            this.day = day;
            this.startNs = day.atStartOfDay(ZoneOffset.UTC).toEpochSecond() * 1_000_000_000L;
            this.endNs = startNs + 86_400_000_000_000L;
        }

        private boolean today(long eventTimeNs) {
            return eventTimeNs >= startNs && eventTimeNs < endNs;
        }

        @Override
        public void submitOrder(SubmitOrder o) {
            summary.submitOrder(o);
        }

        @Override
        public void cancelOrder(CancelOrder c) {
            summary.cancelOrder(c);
        }

        @Override
        public void orderDenied(OrderDenied d) {
            summary.orderDenied(d);
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
            Instrument i = config.instruments().get(f.instrument());
            if (i != null && today(f.eventTimeNs())) {
                tradesToday.merge(f.strategyId() + " " + i.quote(), 1L, Long::sum);
            }
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

        @Override
        public void balanceUpdate(BalanceUpdate b) {
            summary.balanceUpdate(b);
        }

        @Override
        public void positionUpdate(PositionUpdate p) {
            summary.positionUpdate(p);
        }
    }
}
