package io.aquatrade.marketdata.binance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import info.bitrich.xchangestream.binance.BinanceStreamingExchange;
import info.bitrich.xchangestream.binance.BinanceStreamingService;
import info.bitrich.xchangestream.core.ProductSubscription;
import info.bitrich.xchangestream.core.StreamingExchange;
import io.aquatrade.common.ConfigException;
import io.aquatrade.common.EpochClock;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.MarketDataListener;
import io.aquatrade.common.QuoteTick;
import io.aquatrade.common.RestBudget;
import io.aquatrade.common.RestHeaderTap;
import io.aquatrade.common.TradeTick;
import io.aquatrade.marketdata.TickSource;
import io.aquatrade.marketdata.TickValidator;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.plugins.RxJavaPlugins;
import org.knowm.xchange.ExchangeSpecification;
import org.knowm.xchange.binance.BinanceAdapters;
import org.knowm.xchange.currency.CurrencyPair;
import org.knowm.xchange.dto.meta.InstrumentMetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live trades and best bid/ask of Binance spot through XChange's streaming client (public streams, no API key):
 * one combined websocket carrying {@code <symbol>@trade} and {@code <symbol>@bookTicker} of every instrument.
 *
 * <h2>Threads</h2>
 * Netty's event-loop threads receive the frames; each frame is stamped with the clock, converted by
 * {@link BinanceStreamAdapters} into a small immutable {@link ReceivedTick} and offered to a bounded queue of
 * {@link BinanceSourceConfig#queueCapacity()} ticks. They never call the listener and never block: when the queue is
 * full the tick is dropped and counted ({@link #droppedCount()}, logged at most every 10 s). {@link #poll} runs on the
 * agent thread only and copies queued ticks into one reused {@link TradeTick} and {@link QuoteTick}.
 *
 * <h2>Times and order</h2>
 * {@code receivedTimeNs} is the clock at the frame's arrival. A trade's {@code eventTimeNs} is Binance's trade time
 * {@code T} (ms precision). Spot book tickers carry no time: with {@link BinanceSourceConfig#reorderMs()} &gt; 0 (the
 * default) a quote's event time is its arrival moved onto Binance's clock, and {@link #poll} publishes ticks in
 * event-time order after holding them that long, with {@link #watermarkNs} for the heartbeats (see
 * {@link ReorderBuffer}); late ticks are counted in {@link #lateCount()}. With 0 ticks go out in arrival order and a
 * quote's event time is its arrival time.
 *
 * <h2>Validation</h2>
 * Every frame goes through one {@link TickValidator}, the same class and rules as a replay's: a frame that cannot be
 * converted exactly is rejected on the I/O thread with its {@link TickValidator.Reason}; a converted tick is judged
 * on the agent thread in {@link #poll}, before the reorder buffer, so that no implausible time can move the
 * watermark: a trade's time must lie within {@code market-data.maxClockSkewMs} of its arrival. A tick the validator
 * holds (a price jump) waits until the next tick of its instrument confirms it; it then enters the reorder buffer,
 * late if that took longer than {@code reorderMs}. Every rejection is counted by reason
 * ({@link #rejectedCount(TickValidator.Reason)}, all of them in {@link #malformedCount()}), the first of each reason
 * logged with the message's ordinal since start and its receive time; never fatal.
 *
 * <h2>Failures</h2>
 * When the connection is lost the source reconnects {@link BinanceSourceConfig#reconnectInitialDelayMs()} later on
 * the clock (on its own thread), doubling the wait after each attempt up to
 * {@link BinanceSourceConfig#reconnectMaxDelayMs()} until a message arrives again; each reconnect opens the same
 * combined stream, so every subscription is back. Ticks sent while disconnected are lost (Binance does not replay):
 * the first trade of each instrument published after a reconnect carries {@link TradeTick#afterGap()}, so that the
 * signal generator flags the bar it falls in ({@code gap}).
 * A connection that stays open but carries no message for {@link BinanceSourceConfig#staleAfterMs()} (a half-open
 * socket after a network change, a stalled server: the case a plain disconnect listener never sees) is counted
 * ({@link #staleCount()}), dropped and replaced the same way.
 * {@link #start()} tries the first connection up to {@link BinanceSourceConfig#startAttempts()} times (a machine whose
 * network is not up yet), each try bounded by {@link BinanceSourceConfig#connectTimeoutMs()} and logged in one line
 * naming the host and the cause, with the reconnect back-off between tries; then it fails.
 *
 * <h2>Clock</h2>
 * Every time this class decides on is the injected {@link EpochClock}'s, the process's one clock: arrivals (which
 * also mark the connection as alive), the staleness of a silent connection, and when a reconnect is due. The
 * decisions about time are taken in {@link #poll} on the agent thread, at the {@code nowNs} the agent passes (read
 * once per pass from the same clock): a silent connection is dropped there, and a due reconnect is handed to the
 * reconnect thread there (connecting blocks, so it never runs on the agent thread). A source that is not polled
 * does not reconnect; an agent polls on every pass. On a hand-advanced clock the behaviour is therefore exact and
 * repeatable; only the network I/O itself takes real time.
 */
public final class BinanceStreamSource implements TickSource {
    private static final Logger LOG = LoggerFactory.getLogger(BinanceStreamSource.class);
    private static final long LOG_WINDOW_NS = 10_000_000_000L;
    private static final int LOGGED_TEXT_CHARS = 300;
    private static final long NOT_DUE = Long.MAX_VALUE;

    private final List<Instrument> instruments;
    private final BinanceSourceConfig config;
    private final EpochClock clock;
    private final Map<String, BinanceStreamAdapters.Route> routes;
    private final ArrayBlockingQueue<ReceivedTick> queue;
    /** Null when reorderMs is 0. Agent thread only. */
    private final ReorderBuffer reorder;
    private final TradeTick trade = new TradeTick();
    private final QuoteTick quote = new QuoteTick();
    private final TickValidator validator;
    /** The tick each instrument's validator slot holds, by instrument index. Agent thread only. */
    private final ReceivedTick[] held;
    private final ValidatedPosition position = new ValidatedPosition();

    private final AtomicLong received = new AtomicLong();
    private final AtomicLong handled = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    /**
     * Reconnects already reported per instrument: the first trade of an instrument emitted after the reconnect count
     * passed it carries {@link TradeTick#afterGap()}. Agent thread only.
     */
    private final Map<String, long[]> reconnectsReported = new HashMap<>();
    private final AtomicLong stale = new AtomicLong();
    private final AtomicInteger attemptsSinceData = new AtomicInteger();
    private final LogThrottle droppedLog = new LogThrottle(LOG_WINDOW_NS, 1);

    /** Guards start, reconnect and close, so that a connection is never opened after close. */
    private final Object lifecycle = new Object();
    /** The open connection being watched for loss; null while none is (before start, while reconnecting). */
    private final AtomicReference<BinanceStreamingService> live = new AtomicReference<>();
    private ConfiguredBinanceStreamingExchange exchange;
    private ExecutorService reconnector;
    private volatile boolean awaitingData;
    /** The clock at the last frame, or at the last connection opened if later, UTC epoch ns. */
    private volatile long lastMessageNs;
    /** When the next reconnect is due on the clock, UTC epoch ns; {@link #NOT_DUE} when none is. */
    private final AtomicLong reconnectDueNs = new AtomicLong(NOT_DUE);
    private volatile boolean started;
    private volatile boolean closed;
    /** Waits between start-up tries, ms: {@link Thread#sleep}, or a test's recorder. */
    private StartPause startPause = Thread::sleep;

    /** How {@link #start()} waits between tries of the first connection. */
    @FunctionalInterface
    interface StartPause {
        /** Waits {@code delayMs} ms. @throws InterruptedException if interrupted */
        void pauseMs(long delayMs) throws InterruptedException;
    }

    /**
     * @param instruments instruments to subscribe (trade and bookTicker streams); at least one, symbols unique
     * @param config      addresses, queue bound, timeouts
     * @param clock       the process clock: stamps receive times and times staleness and reconnects; called on
     *                    Netty and reconnect threads, so it must be thread-safe ({@link EpochClock#system()} is)
     * @throws IllegalArgumentException if no instrument is given or a symbol is given twice
     */
    public BinanceStreamSource(Collection<Instrument> instruments, BinanceSourceConfig config, EpochClock clock) {
        this(instruments, config, clock, TickValidator.Limits.DEFAULT);
    }

    /**
     * @param instruments instruments to subscribe (trade and bookTicker streams); at least one, symbols unique
     * @param config      addresses, queue bound, timeouts
     * @param clock       the process clock: stamps receive times and times staleness and reconnects; called on
     *                    Netty and reconnect threads, so it must be thread-safe ({@link EpochClock#system()} is)
     * @param limits      the validator's limits ({@code market-data.maxClockSkewMs}, {@code maxJumpBps})
     * @throws IllegalArgumentException if no instrument is given or a symbol is given twice
     */
    public BinanceStreamSource(Collection<Instrument> instruments, BinanceSourceConfig config, EpochClock clock,
                               TickValidator.Limits limits) {
        this.instruments = List.copyOf(instruments);
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (this.instruments.isEmpty()) {
            throw new IllegalArgumentException("at least one instrument is needed");
        }
        this.routes = BinanceStreamAdapters.routes(this.instruments);
        this.queue = new ArrayBlockingQueue<>(config.queueCapacity());
        this.reorder = config.reorderMs() == 0 ? null : new ReorderBuffer(config.reorderMs() * 1_000_000L);
        this.validator = new TickValidator(config.streamUri() + "stream", this.instruments, limits);
        this.held = new ReceivedTick[this.instruments.size()];
    }

    /**
     * Reads Binance's {@code exchangeInfo} (to check each instrument is listed and its scales can hold Binance's tick
     * and lot sizes; when it cannot be read, a warning is logged and the check skipped), then opens the websocket and
     * waits for it, trying up to {@code startAttempts} times: each failed try is logged at WARN in one line naming
     * the host and the cause (no stack trace), followed by a wait of the reconnect back-off. Call once.
     *
     * @throws StartFailedException  if no try opened the websocket within {@code connectTimeoutMs} (the last cause
     *                               logged at ERROR)
     * @throws IllegalStateException if interrupted while waiting, or on a second call
     * @throws ConfigException       if exchangeInfo does not list an instrument or its scale is too coarse
     */
    public void start() {
        synchronized (lifecycle) {
            if (started || closed) {
                throw new IllegalStateException(closed ? "source is closed" : "source is already started");
            }
            started = true;
            if (RxJavaPlugins.getErrorHandler() == null) {
                // An error RxJava cannot deliver (after a disposed subscription) is logged, not printed to stderr.
                RxJavaPlugins.setErrorHandler(e -> LOG.warn("undeliverable stream error", e));
            }
            List<String> streams = new ArrayList<>(routes.keySet());
            try {
                exchange = new ConfiguredBinanceStreamingExchange(config.streamUri(), streams, this::onText);
                exchange.applySpecification(specification(exchange.getDefaultExchangeSpecification()));
                for (Instrument instrument : instruments) {
                    // XChange's own (unused here) trade observables look symbols up in this map.
                    BinanceAdapters.putSymbolMapping(instrument.symbol(),
                            BinanceStreamAdapters.currencyPair(instrument));
                }
                checkExchangeInfo();
                reconnector = Executors.newSingleThreadExecutor(runnable -> {
                    Thread thread = new Thread(runnable, "binance-reconnect");
                    thread.setDaemon(true);
                    return thread;
                });
                connectAtStart();
            } catch (RuntimeException e) {
                closed = true;
                if (reconnector != null) {
                    reconnector.shutdownNow();
                }
                throw e;
            }
            LOG.info("streaming {} from {}stream ({} instruments)", streams, config.streamUri(), instruments.size());
        }
    }

    /**
     * Delivers ticks. Agent thread only. With reordering (reorderMs &gt; 0): those whose event time is due at
     * {@code nowNs}, in event-time order; else every queued tick, in arrival order. First it drops the connection if
     * it has been silent for {@code staleAfterMs} at {@code nowNs}, and starts a reconnect that is due.
     *
     * @param nowNs the agent clock, UTC epoch ns (the same clock that stamps arrivals)
     * @param out   receives them; the tick objects are reused after each call
     * @param limit most ticks to deliver
     * @return how many were delivered
     */
    @Override
    public int poll(long nowNs, MarketDataListener out, int limit) {
        if (config.staleAfterMs() > 0) {
            checkStale(nowNs);
        }
        startReconnectIfDue(nowNs);
        int delivered = 0;
        ReceivedTick tick;
        if (reorder == null) {
            while (delivered < limit && (tick = queue.poll()) != null) {
                delivered += validate(tick, out);
            }
            return delivered;
        }
        while ((tick = queue.poll()) != null) {
            validate(tick, null);
        }
        ReorderBuffer.Pending next;
        while (delivered < limit && (next = reorder.next(nowNs)) != null) {
            emit(next.tick(), next.eventTimeNs(), out);
            delivered++;
        }
        return delivered;
    }

    /**
     * @param nowNs the agent clock, UTC epoch ns
     * @return with reordering, the event time (on Binance's clock) below which no tick will be delivered any more;
     * else {@code nowNs}
     */
    @Override
    public long watermarkNs(long nowNs) {
        return reorder == null ? nowNs : reorder.watermarkNs(nowNs);
    }

    /** @return when the next reconnect is due on the clock, UTC epoch ns; {@link Long#MAX_VALUE} when none is */
    long reconnectDueNs() {
        return reconnectDueNs.get();
    }

    /** @return ticks delivered late (below the watermark, stamped at it), since start; 0 without reordering */
    public long lateCount() {
        return reorder == null ? 0 : reorder.lateCount();
    }

    /** @return websocket messages received since start, malformed ones included */
    public long receivedCount() {
        return received.get();
    }

    /**
     * @return websocket messages whose handling on the I/O thread is complete (queued for {@link #poll}, or counted
     * as malformed or dropped), since start; lets a test know that a frame it sent can be polled
     */
    long handledCount() {
        return handled.get();
    }

    /**
     * @return true for the first trade of the instrument emitted after the reconnect count passed the one last
     * reported for it (agent thread only; allocates only on an instrument's first trade)
     */
    private boolean firstAfterReconnect(String symbol) {
        long now = reconnects.get();
        long[] seen = reconnectsReported.get(symbol);
        if (seen == null) {
            reconnectsReported.put(symbol, new long[] {now});
            return false;
        }
        if (seen[0] == now) {
            return false;
        }
        seen[0] = now;
        return true;
    }

    /**
     * Judges one tick and passes on what the validator lets through (a held tick it confirmed first): to the reorder
     * buffer, or with {@code out} given straight to it.
     *
     * @return ticks passed on
     */
    private int validate(ReceivedTick tick, MarketDataListener out) {
        TickValidator.Outcome o;
        position.tick = tick;
        int index = validator.indexOf(tick.instrument());
        if (tick instanceof ReceivedTick.Trade t) {
            o = validator.trade(index, t.price(), t.quantity(), t.tradeId(), t.eventTimeNs(),
                    t.receivedTimeNs(), position);
        } else {
            ReceivedTick.Quote q = (ReceivedTick.Quote) tick;
            o = validator.quote(index, q.bidPrice(), q.bidSize(), q.askPrice(), q.askSize(),
                    q.receivedTimeNs(), q.receivedTimeNs(), position);
        }
        if (o == TickValidator.Outcome.REJECT) {
            return 0;
        }
        int passed = 0;
        if (o.releasesHeld()) {
            pass(held[index], out);
            passed++;
        }
        held[index] = o.holds() ? tick : null;
        if (o.accepts()) {
            pass(tick, out);
            passed++;
        }
        return passed;
    }

    private void pass(ReceivedTick tick, MarketDataListener out) {
        if (out == null) {
            reorder.add(tick);
        } else {
            emit(tick, tick instanceof ReceivedTick.Trade t ? t.eventTimeNs() : tick.receivedTimeNs(), out);
        }
    }

    /** The position of the tick being validated, for the validator's log lines. */
    private static final class ValidatedPosition implements TickValidator.Where {
        ReceivedTick tick;

        @Override
        public String position() {
            return "message received at " + java.time.Instant.ofEpochSecond(0, tick.receivedTimeNs()) + " ("
                    + tick.receivedTimeNs() + " ns)";
        }
    }

    private void emit(ReceivedTick tick, long eventTimeNs, MarketDataListener out) {
        if (tick instanceof ReceivedTick.Trade t) {
            trade.reset();
            trade.instrument(t.instrument().symbol())
                    .price(t.price())
                    .quantity(t.quantity())
                    .aggressorSide(t.aggressorSide())
                    .tradeId(t.tradeId())
                    .eventTimeNs(eventTimeNs)
                    .receivedTimeNs(t.receivedTimeNs())
                    .afterGap(firstAfterReconnect(t.instrument().symbol()));
            out.tradeTick(trade);
        } else if (tick instanceof ReceivedTick.Quote q) {
            quote.reset();
            quote.instrument(q.instrument().symbol())
                    .bidPrice(q.bidPrice())
                    .bidSize(q.bidSize())
                    .askPrice(q.askPrice())
                    .askSize(q.askSize())
                    .eventTimeNs(eventTimeNs)
                    .receivedTimeNs(q.receivedTimeNs());
            out.quoteTick(quote);
        }
    }

    /** @return false: a live stream never ends */
    @Override
    public boolean isDone() {
        return false;
    }

    /** @return websocket messages that could not be converted, or whose tick the validator rejected, since start */
    @Override
    public long malformedCount() {
        return validator.rejectedCount();
    }

    @Override
    public long rejectedCount(TickValidator.Reason reason) {
        return validator.rejectedCount(reason);
    }

    /** @return ticks dropped because the hand-off queue was full (the agent did not keep up), since start */
    public long droppedCount() {
        return dropped.get();
    }

    /** @return successful reconnects after a lost connection, since start */
    public long reconnectCount() {
        return reconnects.get();
    }

    /** @return connections dropped because they carried no message for {@code staleAfterMs}, since start */
    public long staleCount() {
        return stale.get();
    }

    /** @return true while the websocket is open and watched */
    public boolean isConnected() {
        BinanceStreamingService service = live.get();
        return service != null && service.isSocketOpen();
    }

    /**
     * @return {@code connected} or {@code disconnected} (with the clock time, UTC epoch ns, its reconnect is due at,
     * when one is), then the reconnects and the connections dropped as stale since start
     */
    @Override
    public String connectionState() {
        long due = reconnectDueNs.get();
        return (isConnected() ? "connected" : due == NOT_DUE ? "disconnected" : "disconnected, reconnect due at "
                + java.time.Instant.ofEpochSecond(0, due)) + " (" + reconnects.get() + " reconnects, " + stale.get()
                + " dropped as stale since start)";
    }

    /** Stops reconnecting and closes the websocket (waits at most {@code connectTimeoutMs}). Idempotent. */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed && exchange == null) {
                return;
            }
            closed = true;
            live.set(null);
            if (reconnector != null) {
                reconnector.shutdownNow();
            }
            if (exchange != null) {
                try {
                    if (!exchange.disconnect().blockingAwait(config.connectTimeoutMs(), TimeUnit.MILLISECONDS)) {
                        LOG.warn("websocket to {} did not close within {} ms", config.streamUri(),
                                config.connectTimeoutMs());
                    }
                } catch (RuntimeException e) {
                    LOG.warn("closing the websocket to {} failed: {}", config.streamUri(), e.toString());
                }
                exchange = null;
            }
            LOG.info("closed: {} messages received, {} rejected ({}), {} dropped, {} late, {} reconnects ({} after "
                    + "silence)", received.get(), validator.rejectedCount(), validator.summary(), dropped.get(),
                    lateCount(), reconnects.get(), stale.get());
        }
    }

    /** Netty thread: one websocket text frame. Never throws, never blocks. */
    private void onText(String text) {
        try {
            handleText(text);
        } finally {
            handled.incrementAndGet();
        }
    }

    private void handleText(String text) {
        final long receivedTimeNs = clock.nowNs();
        lastMessageNs = receivedTimeNs;
        final long ordinal = received.incrementAndGet();
        if (awaitingData) {
            awaitingData = false;
            attemptsSinceData.set(0);
        }
        final ReceivedTick tick;
        try {
            tick = BinanceStreamAdapters.fromCombinedStream(text, routes, receivedTimeNs);
        } catch (MalformedMessageException e) {
            onMalformed(ordinal, text, e.kind(), e.getMessage(), receivedTimeNs);
            return;
        } catch (RuntimeException e) {
            onMalformed(ordinal, text, TickValidator.Reason.SYNTAX, e.toString(), receivedTimeNs);
            return;
        }
        if (tick != null && !queue.offer(tick)) {
            long total = dropped.incrementAndGet();
            long skipped = droppedLog.permit(receivedTimeNs);
            if (skipped >= 0) {
                LOG.warn("hand-off queue full ({} ticks): the agent is not keeping up; {} ticks dropped so far",
                        config.queueCapacity(), total);
            }
        }
    }

    /** Netty thread: counts (and, for the first of each kind, logs) a frame that cannot be converted. */
    private void onMalformed(long ordinal, String text, TickValidator.Reason kind, String reason, long nowNs) {
        validator.reject(kind, () -> "message #" + ordinal + " received at "
                + java.time.Instant.ofEpochSecond(0, nowNs), reason + ": "
                + (text.length() > LOGGED_TEXT_CHARS ? text.substring(0, LOGGED_TEXT_CHARS) + "..." : text));
    }

    private ExchangeSpecification specification(ExchangeSpecification spec) {
        spec.setSslUri(config.restUri());
        spec.setApiKey(null);
        spec.setSecretKey(null);
        spec.setShouldLoadRemoteMetaData(false);
        spec.setHttpConnTimeout(config.connectTimeoutMs());
        spec.setHttpReadTimeout(config.connectTimeoutMs());
        spec.setExchangeSpecificParametersItem(BinanceStreamingExchange.USE_REALTIME_BOOK_TICKER, true);
        spec.setExchangeSpecificParametersItem(StreamingExchange.AUTO_RECONNECT, false);
        spec.setExchangeSpecificParametersItem(StreamingExchange.WS_CONNECTION_TIMEOUT,
                Duration.ofMillis(config.connectTimeoutMs()));
        spec.setExchangeSpecificParametersItem(StreamingExchange.WS_RETRY_DURATION,
                Duration.ofMillis(config.reconnectInitialDelayMs()));
        return spec;
    }

    private void checkExchangeInfo() {
        // Binance counts REST weight per IP: this call's answer shows what every process of the machine used, and a
        // 429 or 418 (logged by the budget, a 418 as an alert) means no further REST call: it is not retried
        RestBudget budget = new RestBudget("market-data binance", clock);
        RestHeaderTap tap = RestHeaderTap.install();
        tap.register(config.restUri(), budget);
        try {
            exchange.remoteInit();
        } catch (RuntimeException e) {
            LOG.warn("GET {}/api/v3/exchangeInfo failed ({}{}); instrument scales are not checked against Binance's"
                    + " tick and lot sizes", config.restUri(), e.getMessage(), budget.blockedUntilNs() > clock.nowNs()
                    ? "; Binance asked for a back-off (429/418): not retried" : "");
            return;
        } finally {
            tap.unregister(config.restUri(), budget);
        }
        Map<org.knowm.xchange.instrument.Instrument, InstrumentMetaData> listed =
                exchange.getExchangeMetaData().getInstruments();
        for (Instrument instrument : instruments) {
            CurrencyPair pair = BinanceStreamAdapters.currencyPair(instrument);
            InstrumentMetaData venue = listed == null ? null : listed.get(pair);
            if (venue == null) {
                throw new ConfigException("instruments[" + instrument.symbol() + "]", "a symbol Binance lists as "
                        + "TRADING in " + config.restUri() + "/api/v3/exchangeInfo; " + pair + " is not");
            }
            BinanceStreamAdapters.checkScales(instrument, venue);
        }
        LOG.info("exchangeInfo from {} lists {}; scales fit", config.restUri(), routes.keySet());
    }

    /**
     * {@link #start()} tried {@code startAttempts} times and could not connect; every try is already logged, the last
     * at ERROR, so the process can exit without printing it again.
     */
    public static final class StartFailedException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        StartFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Sets how {@link #start()} waits between tries (tests record the waits instead of sleeping). */
    void startPause(StartPause pause) {
        this.startPause = Objects.requireNonNull(pause, "pause");
    }

    /**
     * Opens the first connection, trying {@code startAttempts} times with the reconnect back-off between tries;
     * under {@link #lifecycle}.
     *
     * @throws IllegalStateException when every try failed, or when interrupted while waiting
     */
    private void connectAtStart() {
        String host = hostAndPort(config.streamUri());
        for (int attempt = 1; ; attempt++) {
            try {
                connect();
                if (attempt > 1) {
                    LOG.info("connected to {} at try {}/{}", host, attempt, config.startAttempts());
                }
                return;
            } catch (IllegalStateException e) {
                String cause = cause(e, config.connectTimeoutMs());
                if (attempt >= config.startAttempts()) {
                    LOG.error("cannot connect to {}: {} (try {}/{}, market-data.binance.startAttempts); giving up",
                            host, cause, attempt, config.startAttempts());
                    throw new StartFailedException("cannot connect to " + host + " after " + attempt + " tries: "
                            + cause, e);
                }
                long delayMs = reconnectDelayMs(config.reconnectInitialDelayMs(), config.reconnectMaxDelayMs(),
                        attempt - 1);
                LOG.warn("cannot connect to {}: {} (try {}/{}); trying again in {} ms", host, cause, attempt,
                        config.startAttempts(), delayMs);
                try {
                    startPause.pauseMs(delayMs);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting to connect to " + host, interrupted);
                }
            }
        }
    }

    /** @return "host:port" of a websocket address, the port its scheme's default when the address has none */
    static String hostAndPort(String uri) {
        java.net.URI u = java.net.URI.create(uri);
        int port = u.getPort() >= 0 ? u.getPort() : "wss".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
        return u.getHost() + ":" + port;
    }

    /**
     * Says in a few words why a connection failed, from the innermost cause: for an operator, not a stack trace.
     *
     * @param failure          what {@link #connect()} threw
     * @param connectTimeoutMs the time a try had
     * @return e.g. "host name not resolved (no network or DNS?): stream.binance.com"
     */
    static String cause(Throwable failure, int connectTimeoutMs) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root == failure) {
            return failure.getMessage(); // no cause: the websocket did not open within connectTimeoutMs
        }
        String message = root.getMessage() == null ? "" : ": " + root.getMessage();
        if (root instanceof java.net.UnknownHostException) {
            return "host name not resolved (no network or DNS?)" + message;
        }
        if (root instanceof java.net.ConnectException) {
            return "connection refused or unreachable" + message;
        }
        if (root instanceof java.net.SocketTimeoutException
                || root.getClass().getSimpleName().contains("Timeout")) {
            return "timed out (connectTimeoutMs " + connectTimeoutMs + ")" + message;
        }
        if (root instanceof javax.net.ssl.SSLException) {
            return "TLS failed" + message;
        }
        return root.getClass().getSimpleName() + message;
    }

    /**
     * Opens one connection and waits for it; under {@link #lifecycle}. On failure the half-open connection is
     * released before throwing.
     *
     * @throws IllegalStateException if it is not open within connectTimeoutMs
     */
    private void connect() {
        ProductSubscription.ProductSubscriptionBuilder subscription = ProductSubscription.create();
        for (Instrument instrument : instruments) {
            CurrencyPair pair = BinanceStreamAdapters.currencyPair(instrument);
            subscription.addTrades(pair).addTicker(pair);
        }
        String uri = config.streamUri() + "stream";
        BinanceStreamingService service;
        boolean open;
        try {
            Completable opening = exchange.connect(subscription.build());
            service = exchange.lastStreamingService();
            service.subscribeDisconnect().subscribe(event -> onConnectionLost(service),
                    error -> LOG.debug("disconnect events ended: {}", error.toString()));
            open = opening.blockingAwait(config.connectTimeoutMs(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            releaseConnection();
            // RxJava wraps a checked failure (ConnectException...) in a plain RuntimeException.
            Throwable reason = e.getClass() == RuntimeException.class && e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("cannot open the Binance websocket " + uri + ": " + reason, e);
        }
        if (!open) {
            releaseConnection();
            throw new IllegalStateException("the Binance websocket " + uri + " did not open within "
                    + config.connectTimeoutMs() + " ms (market-data.binance.connectTimeoutMs)");
        }
        awaitingData = true;
        lastMessageNs = clock.nowNs();
        live.set(service);
        if (!service.isSocketOpen()) {
            onConnectionLost(service);
        }
    }

    /** Netty thread (or the connecting thread): the watched connection closed without {@link #close()}. */
    private void onConnectionLost(BinanceStreamingService service) {
        if (closed || !live.compareAndSet(service, null)) {
            return;
        }
        long delayMs = scheduleReconnect(clock.nowNs());
        LOG.warn("lost the Binance websocket {}stream; reconnecting in {} ms", config.streamUri(), delayMs);
    }

    /**
     * Agent thread: drops the watched connection and schedules a reconnect if it carried no message for
     * {@code staleAfterMs} at {@code nowNs}.
     */
    private void checkStale(long nowNs) {
        BinanceStreamingService service = live.get();
        if (closed || service == null) {
            return;
        }
        long silentMs = (nowNs - lastMessageNs) / 1_000_000L;
        if (silentMs < config.staleAfterMs() || !live.compareAndSet(service, null)) {
            return;
        }
        long n = stale.incrementAndGet();
        long delayMs = scheduleReconnect(nowNs);
        LOG.warn("no message on the Binance websocket {}stream for {} ms (market-data.binance.staleAfterMs {}): "
                + "taking it as dead (#{}), reconnecting in {} ms", config.streamUri(), silentMs,
                config.staleAfterMs(), n, delayMs);
    }

    /**
     * Exponential back-off: {@code min(initialMs * 2^attempt, maxMs)}.
     *
     * @param attempt reconnect attempts made since data last arrived, &gt;= 0
     * @return the wait before the next attempt, ms
     */
    static long reconnectDelayMs(int initialMs, int maxMs, int attempt) {
        return Math.min((long) initialMs << Math.min(attempt, 32), maxMs);
    }

    /**
     * Makes a reconnect due {@code delayMs} after {@code nowNs} on the clock; {@link #poll} starts it.
     *
     * @param nowNs the clock now, UTC epoch ns
     * @return the delay chosen, ms
     */
    private long scheduleReconnect(long nowNs) {
        long delayMs = reconnectDelayMs(config.reconnectInitialDelayMs(), config.reconnectMaxDelayMs(),
                attemptsSinceData.getAndIncrement());
        reconnectDueNs.set(nowNs + delayMs * 1_000_000L);
        return delayMs;
    }

    /** Agent thread: hands a reconnect that is due at {@code nowNs} to the reconnect thread. */
    private void startReconnectIfDue(long nowNs) {
        long due = reconnectDueNs.get();
        if (nowNs < due || closed || !reconnectDueNs.compareAndSet(due, NOT_DUE)) {
            return;
        }
        try {
            reconnector.execute(this::reconnect);
        } catch (RejectedExecutionException e) {
            LOG.debug("not reconnecting: source is closing");
        }
    }

    /** Reconnect thread. */
    private void reconnect() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            releaseConnection();
            try {
                connect();
                long n = reconnects.incrementAndGet();
                LOG.info("reconnected to {}stream (reconnect #{})", config.streamUri(), n);
            } catch (RuntimeException e) {
                long delayMs = scheduleReconnect(clock.nowNs());
                LOG.warn("reconnect failed: {}; next attempt in {} ms", e.getMessage(), delayMs);
            }
        }
    }

    /** Lets the current connection go (stops its event loop in the background) so that a new one can be made. */
    private void releaseConnection() {
        try {
            exchange.disconnect().subscribe(() -> { }, e -> LOG.debug("releasing connection: {}", e.toString()));
        } catch (RuntimeException e) {
            LOG.debug("releasing connection: {}", e.toString());
        }
    }
}
