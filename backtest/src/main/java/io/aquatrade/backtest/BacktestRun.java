package io.aquatrade.backtest;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.BalanceUpdate;
import io.aquatrade.common.Bar;
import io.aquatrade.common.BarListener;
import io.aquatrade.common.CancelOrder;
import io.aquatrade.common.CancelRejected;
import io.aquatrade.common.DenyReason;
import io.aquatrade.common.ExecutionListener;
import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.MarketDataListener;
import io.aquatrade.common.MemoryTopic;
import io.aquatrade.common.MessageCopies;
import io.aquatrade.common.OrderAccepted;
import io.aquatrade.common.OrderCanceled;
import io.aquatrade.common.OrderDenied;
import io.aquatrade.common.OrderExpired;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.OrderListener;
import io.aquatrade.common.OrderRejected;
import io.aquatrade.common.PositionUpdate;
import io.aquatrade.common.ProgressPublisher;
import io.aquatrade.common.QuoteTick;
import io.aquatrade.common.Sequencer;
import io.aquatrade.common.SignalListener;
import io.aquatrade.common.SubmitOrder;
import io.aquatrade.common.Topic;
import io.aquatrade.common.TopicReader;
import io.aquatrade.common.TradeTick;
import io.aquatrade.decision.DecisionAgent;
import io.aquatrade.decision.DecisionConfig;
import io.aquatrade.decision.DecisionCycle;
import io.aquatrade.decision.DecisionEngine;
import io.aquatrade.decision.risk.RiskEngine;
import io.aquatrade.router.OrderRouter;
import io.aquatrade.router.RouterAgent;
import io.aquatrade.router.RouterConfig;
import io.aquatrade.router.RouterCycle;
import io.aquatrade.signal.SignalAgent;
import io.aquatrade.signal.SignalConfig;
import io.aquatrade.signal.SignalCycle;
import io.aquatrade.signal.SignalEngine;
import io.aquatrade.signal.StrategyConfig;
import io.aquatrade.signal.TradeContextRecorder;
import io.aquatrade.tools.OrderStates;

/**
 * One backtest: the signal engine, decision engine and order router, each behind the very {@link SignalCycle},
 * {@link DecisionCycle} and {@link RouterCycle} its process runs (same inputs, priorities, quiet rules, watermarks
 * and end of stream), over {@link MemoryTopic}s instead of Chronicle queues, stepped in turn on one thread until
 * every one has ended. The recorded history goes in through a {@link HistoryFeed} that writes the market-data topic
 * with watermarks as the replay does; the report is read off the topics ({@code bars}, {@code orders},
 * {@code executions}, and {@code market-data} for marks). See {@link Backtest}.
 *
 * <p>Every bar the signal engine writes goes to the charts' {@link ChartBars}, which passes it on to the caller's
 * bar listener ({@code --export bars}). Built, run and read on one thread; immutable once {@link #run} returned.
 */
final class BacktestRun implements BacktestReport {
    private static final String ALL = "ALL";
    /** Slots each in-memory topic starts with; it grows only if a reader falls this far behind. */
    private static final int TOPIC_CAPACITY = 256;
    /** Name of the report's readers. */
    private static final String REPORT = "report";
    /** Most equity samples per curve: longer runs sample at a multiple of the timeframe. */
    static final long MAX_SAMPLES = 500_000;

    private final AquatradeConfig config;
    private final MarketHistory history;
    private final SignalEngine signal;
    /** Writes the bars around every fill (signal-generator.tradeContext), or null when not capturing. */
    private final TradeContextRecorder tradeContext;
    private final DecisionEngine decision;
    private final List<OrderDenied> denied = new ArrayList<>();
    private final OrderRouter router;

    private long intervalNs;
    private final DecisionConfig decisionConfig;
    private final long signalTimeframeMs;

    // the topics and the components behind their cycles
    private final MemoryTopic<MarketDataListener> marketData = new MemoryTopic<>(Topic.MARKET_DATA, TOPIC_CAPACITY);
    /** Candle input: the history's bars, read by the signal engine in place of market data; null with ticks. */
    private final MemoryTopic<BarListener> inputBars;
    private final MemoryTopic<BarListener> bars = new MemoryTopic<>(Topic.BARS, TOPIC_CAPACITY);
    private final MemoryTopic<SignalListener> signals = new MemoryTopic<>(Topic.SIGNALS, TOPIC_CAPACITY);
    private final MemoryTopic<OrderListener> orderTopic = new MemoryTopic<>(Topic.ORDERS, TOPIC_CAPACITY);
    private final MemoryTopic<ExecutionListener> executions = new MemoryTopic<>(Topic.EXECUTIONS, TOPIC_CAPACITY);
    private final SignalCycle signalCycle;
    private final DecisionCycle decisionCycle;
    private final RouterCycle routerCycle;

    // the report's readers and observers
    private final TopicReader<BarListener> barReader;
    private final TopicReader<OrderListener> orderReader;
    /** The executions again, for {@link #orderStates}: every order's end, in topic order. */
    private final TopicReader<ExecutionListener> orderEndReader;
    /** Every order and denial followed to its end: the denials by reason and the orders open at the end. */
    private final OrderStates orderStates = new OrderStates();
    private final OrderListener reportOrders = new ReportOrders();
    private final Sequencer bookSequencer = new Sequencer(Sequencer.Mode.EVENT_TIME);

    // what the report holds
    private final List<SubmitOrder> orders = new ArrayList<>();
    private final List<CancelOrder> cancels = new ArrayList<>();
    private final List<OrderCanceled> canceled = new ArrayList<>();
    private final List<OrderFilled> fills = new ArrayList<>();
    private final List<RoundTrip> trips = new ArrayList<>();
    private final Map<String, StrategyBook> books = new LinkedHashMap<>();
    private final Instrument[] instruments;
    private final String[] symbols;
    private final Map<String, Integer> instrumentIndex = new HashMap<>();
    private final long[] marks;
    private final boolean[] traded;
    /** Per instrument index, the book of its last fill. */
    private final StrategyBook[] lastBooks;
    /** OHLC of the default timeframe's bars for the charts; passes every bar on to the caller's listener. */
    private final ChartBars chartBars;
    private final List<String> quoteAssets = new ArrayList<>();
    private final Map<String, QuoteTotals> quoteTotals = new LinkedHashMap<>();

    private long[] sampleTimes = new long[256];
    private int samples;
    private long nextSampleNs;
    private long startTimeNs;
    private long endTimeNs;
    private long eventCount;
    private List<PerformanceStats> stats;
    private List<PerformanceStats> totals;
    private List<EquityCurve> curves;
    private List<PriceSeries> prices;
    private List<OpenPosition> openPositions;

    /**
     * @param barsOut gets every bar the signal engine closes, all timeframes (e.g. the {@code --export bars} writer),
     *                or null
     */
    BacktestRun(AquatradeConfig config, MarketHistory history, boolean captureTradeContext, BarListener barsOut) {
        this.config = config;
        this.history = history;
        SignalConfig signalConfig = SignalConfig.from(config, null);
        this.decisionConfig = DecisionConfig.from(config);
        RouterConfig routerConfig = RouterConfig.from(config);
        this.signalTimeframeMs = signalConfig.timeframeMs();
        this.intervalNs = signalTimeframeMs * 1_000_000L;
        this.instruments = config.instruments().values().toArray(new Instrument[0]);
        this.symbols = new String[instruments.length];
        this.marks = new long[instruments.length];
        this.traded = new boolean[instruments.length];
        this.lastBooks = new StrategyBook[instruments.length];
        this.chartBars = new ChartBars(instruments, signalTimeframeMs, barsOut);
        for (int i = 0; i < instruments.length; i++) {
            symbols[i] = instruments[i].symbol();
            instrumentIndex.put(instruments[i].symbol(), i);
            String q = instruments[i].quote();
            if (!quoteAssets.contains(q)) {
                quoteAssets.add(q);
                quoteTotals.put(q, new QuoteTotals(q, config.assetDecimals(q)));
            }
        }
        for (StrategyConfig sc : signalConfig.strategies()) {
            DecisionConfig.StrategyConfig dc = decisionConfig.strategy(sc.id());
            if (dc == null) {
                continue;
            }
            for (Instrument instrument : instruments) {
                if (sc.instruments().contains(instrument.symbol())) {
                    book(sc.id(), instrument.symbol());
                }
            }
        }
        this.inputBars = history.hasBars() ? new MemoryTopic<>(Topic.BARS, TOPIC_CAPACITY) : null;
        Sequencer.Mode mode = Sequencer.Mode.EVENT_TIME;

        // order-router
        ExecutionListener executionWriter = executions.writer();
        this.router = new OrderRouter(routerConfig, config, executionWriter, OrderRouter.paper(routerConfig, config));
        this.routerCycle = new RouterCycle(mode, router, marketData.reader(RouterAgent.TAILER),
                orderTopic.reader(RouterAgent.TAILER), new ProgressPublisher(RouterAgent.TAILER, executionWriter));

        // decision-engine
        OrderListener orderWriter = orderTopic.writer();
        this.decision = new DecisionEngine(decisionConfig, config, orderWriter);
        this.decisionCycle = new DecisionCycle(mode, decision, signals.reader(DecisionAgent.NAME),
                executions.reader(DecisionAgent.NAME), marketData.reader(DecisionAgent.NAME),
                new ProgressPublisher(DecisionAgent.NAME, orderWriter));

        // signal-generator
        this.tradeContext = captureTradeContext && signalConfig.tradeContext() != null
                ? new TradeContextRecorder(signalConfig.tradeContext(), signalConfig, config.instruments().values())
                : null;
        BarListener barWriter = bars.writer();
        SignalListener signalWriter = signals.writer();
        this.signal = new SignalEngine(signalConfig, config.instruments().values(), barWriter, signalWriter,
                tradeContext);
        TopicReader<ExecutionListener> fillsForContext = tradeContext == null ? null
                : executions.reader(SignalAgent.NAME);
        ProgressPublisher signalProgress = new ProgressPublisher(SignalAgent.NAME, barWriter, signalWriter);
        this.signalCycle = inputBars != null
                ? SignalCycle.overBars(mode, signal, inputBars.reader(SignalAgent.NAME), fillsForContext,
                        tradeContext, signalProgress)
                : SignalCycle.overMarketData(mode, signal, marketData.reader(SignalAgent.NAME), fillsForContext,
                        tradeContext, signalProgress);

        // the report
        this.barReader = bars.reader(REPORT);
        this.orderReader = orderTopic.reader(REPORT);
        this.orderEndReader = executions.reader(REPORT + "-orders");
        Books bookListener = new Books();
        bookSequencer.add(marketData.reader(REPORT), bookListener).add(executions.reader(REPORT), bookListener);
    }

    private StrategyBook book(String strategyId, String symbol) {
        String key = strategyId + '\u0000' + symbol;
        StrategyBook b = books.get(key);
        if (b == null) {
            Instrument instrument = config.instrument(symbol);
            int qd = config.assetDecimals(instrument.quote());
            DecisionConfig.StrategyConfig sc = decisionConfig.strategy(strategyId);
            long capital = sc == null ? 0 : FixedPoint.fromBigDecimal(sc.capital(), qd);
            b = new StrategyBook(strategyId, instrument, instrumentIndex.get(symbol), qd,
                    config.assetDecimals(instrument.base()), capital);
            for (int k = 0; k < samples; k++) {
                b.sample(k, 0);
            }
            books.put(key, b);
            QuoteTotals totals = quoteTotals.get(instrument.quote());
            if (totals.strategies.add(strategyId)) {
                totals.capital += capital;
            }
        }
        return b;
    }

    /** Runs over {@code [fromNs, toNs)}. */
    BacktestRun run(long fromNs, long toNs) {
        int i = history.indexAtOrAfter(fromNs);
        int end = toNs == Long.MAX_VALUE ? history.size() : history.indexAtOrAfter(toNs);
        if (i < end) {
            startTimeNs = history.eventTimeNs(i);
            endTimeNs = history.eventTimeNs(end - 1);
            long periods = (endTimeNs - startTimeNs) / intervalNs + 1;
            if (periods > MAX_SAMPLES) {
                intervalNs *= (periods + MAX_SAMPLES - 1) / MAX_SAMPLES;
            }
            nextSampleNs = Math.floorDiv(startTimeNs + intervalNs - 1, intervalNs) * intervalNs;
            if (nextSampleNs <= endTimeNs) {
                // every sample time is known now: no array grows while sampling
                int expected = (int) ((endTimeNs - nextSampleNs) / intervalNs + 1);
                sampleTimes = Arrays.copyOf(sampleTimes, Math.max(sampleTimes.length, expected));
                for (StrategyBook b : books.values()) {
                    b.reserve(expected);
                }
            }
        } else {
            nextSampleNs = Long.MAX_VALUE;
        }
        eventCount = end - i;
        HistoryFeed feed = new HistoryFeed(history, i, end, marketData, inputBars);
        router.start();
        long written = -1;
        while (!(routerCycle.ended() && decisionCycle.ended() && signalCycle.ended() && bookSequencer.endOfStream())) {
            int work = feed.doWork();
            work += signalCycle.doWork();
            // the decision engine and the router answer each other (orders, executions): let them settle before
            // the next batch of history, which keeps the passes few and the history's columns streaming
            int settled;
            do {
                settled = decisionCycle.doWork() + routerCycle.doWork();
                work += settled;
            } while (settled > 0);
            work += readReport();
            long nowWritten = writtenCount();
            if (work == 0 && nowWritten == written) {
                throw new IllegalStateException("backtest stalled: feed ended " + feed.ended() + ", signal-generator "
                        + signalCycle.ended() + ", decision-engine " + decisionCycle.ended() + ", order-router "
                        + routerCycle.ended());
            }
            written = nowWritten;
        }
        readReport();
        sampleThrough(endTimeNs);
        finish();
        return this;
    }

    private long writtenCount() {
        return marketData.writtenCount() + bars.writtenCount() + signals.writtenCount() + orderTopic.writtenCount()
                + executions.writtenCount() + (inputBars == null ? 0 : inputBars.writtenCount());
    }

    /** Reads what the report observes: bars and orders as they come, marks and executions in event-time order. */
    private int readReport() {
        int n = 0;
        while (barReader.poll(chartBars) > 0) {
            n++;
        }
        while (orderReader.poll(reportOrders) > 0) {
            n++;
        }
        while (orderEndReader.poll(orderStates) > 0) {
            n++;
        }
        n += bookSequencer.doWork(Integer.MAX_VALUE);
        long lowNs = bookSequencer.lowWatermarkNs();
        // a sample at s holds every fill and mark up to s: taken once nothing at or before s can still come
        sampleBefore(lowNs);
        return n;
    }

    private void recordOrder(SubmitOrder o) {
        SubmitOrder copy = new SubmitOrder();
        MessageCopies.copy(o, copy);
        orders.add(copy);
    }

    /** Takes the samples due before an event at {@code timeNs} (none after the window's last event). */
    private void sampleBefore(long timeNs) {
        while (nextSampleNs < timeNs && nextSampleNs <= endTimeNs) {
            sample(nextSampleNs);
            nextSampleNs += intervalNs;
        }
    }

    /** Takes the samples due at or before {@code timeNs}, the window's last event: every one left. */
    private void sampleThrough(long timeNs) {
        if (timeNs != Long.MAX_VALUE) {
            sampleBefore(timeNs + 1);
        }
    }

    private int instrumentIndex(String symbol) {
        for (int i = 0; i < symbols.length; i++) {
            if (symbols[i] == symbol) {
                return i;
            }
        }
        Integer i = instrumentIndex.get(symbol);
        return i == null ? -1 : i;
    }

    private void sample(long timeNs) {
        if (samples == sampleTimes.length) {
            sampleTimes = Arrays.copyOf(sampleTimes, samples * 2);
        }
        sampleTimes[samples] = timeNs;
        for (StrategyBook b : books.values()) {
            b.sample(samples, marks[b.instrumentIndex]);
        }
        samples++;
    }

    private void onFill(OrderFilled f) {
        // per instrument the book of the last fill: with one strategy per instrument no key is built per fill
        int ins = instrumentIndex(f.instrument());
        StrategyBook b = ins >= 0 ? lastBooks[ins] : null;
        if (b == null || !b.strategyId.equals(f.strategyId())) {
            b = book(f.strategyId(), f.instrument());
            if (ins >= 0) {
                lastBooks[ins] = b;
            }
        }
        QuoteTotals totals = quoteTotals.get(b.quoteAsset);
        int change = b.onFill(f, trips);
        long t = f.eventTimeNs();
        if (change != 0) {
            if (totals.open > 0) {
                totals.inMarketNs += t - totals.lastChangeNs;
            }
            totals.lastChangeNs = t;
            totals.open += change;
        }
    }

    // ------------------------------------------------------------------------------------------------ results

    private void finish() {
        boolean addFinal = (samples == 0 || sampleTimes[samples - 1] < endTimeNs) && endTimeNs != 0;
        long[] curveTimes = Arrays.copyOf(sampleTimes, addFinal ? samples + 1 : samples);
        if (addFinal) {
            curveTimes[samples] = endTimeNs;
        }
        double periodsPerYear = Performance.periodsPerYear(intervalNs / 1_000_000L);
        long spanNs = endTimeNs - startTimeNs;
        List<PerformanceStats> rows = new ArrayList<>();
        List<EquityCurve> equity = new ArrayList<>();
        Map<String, double[]> totalCurves = new LinkedHashMap<>();
        Map<String, Long> totalPnl = new HashMap<>();
        Map<String, Long> totalUnrealized = new HashMap<>();
        List<OpenPosition> open = new ArrayList<>();
        for (String q : quoteAssets) {
            totalCurves.put(q, new double[samples]);
            totalPnl.put(q, 0L);
            totalUnrealized.put(q, 0L);
        }
        for (StrategyBook b : books.values()) {
            long mark = marks[b.instrumentIndex];
            long pnl = b.pnl(mark);
            long unrealized = b.unrealizedPnl(mark);
            totalUnrealized.merge(b.quoteAsset, unrealized, Long::sum);
            OpenPosition position = b.openPosition(mark);
            if (position != null) {
                open.add(position);
            }
            double capital = FixedPoint.toDouble(b.capital, b.quoteDecimals);
            double[] curve = b.curve.length == samples ? b.curve : Arrays.copyOf(b.curve, samples);
            double[] total = totalCurves.get(b.quoteAsset);
            for (int k = 0; k < samples; k++) {
                total[k] += curve[k] - capital;
            }
            totalPnl.merge(b.quoteAsset, pnl, Long::sum);
            List<RoundTrip> own = new ArrayList<>();
            for (RoundTrip r : trips) {
                if (r.strategyId().equals(b.strategyId) && r.instrument().equals(b.instrument.symbol())) {
                    own.add(r);
                }
            }
            double finalEquity = FixedPoint.toDouble(b.capital + pnl, b.quoteDecimals);
            rows.add(stats(b.strategyId, b.instrument.symbol(), b.quoteAsset, b.capital, b.quoteDecimals, pnl,
                    unrealized, curve, finalEquity, own, b.fees, b.inMarketNs(endTimeNs), spanNs, periodsPerYear));
            equity.add(curve(b.strategyId, b.instrument.symbol(), b.quoteAsset, capital, curveTimes, curve,
                    finalEquity));
        }
        List<PerformanceStats> totalRows = new ArrayList<>();
        List<EquityCurve> totalEquity = new ArrayList<>();
        for (String q : quoteAssets) {
            QuoteTotals qt = quoteTotals.get(q);
            double capital = FixedPoint.toDouble(qt.capital, qt.decimals);
            double[] curve = totalCurves.get(q);
            for (int k = 0; k < samples; k++) {
                curve[k] += capital;
            }
            long pnl = totalPnl.get(q);
            long fees = 0;
            for (StrategyBook b : books.values()) {
                if (b.quoteAsset.equals(q)) {
                    fees += b.fees;
                }
            }
            List<RoundTrip> own = new ArrayList<>();
            for (RoundTrip r : trips) {
                if (r.quoteAsset().equals(q)) {
                    own.add(r);
                }
            }
            long inMarket = qt.open > 0 ? qt.inMarketNs + Math.max(0, endTimeNs - qt.lastChangeNs) : qt.inMarketNs;
            double finalEquity = FixedPoint.toDouble(qt.capital + pnl, qt.decimals);
            totalRows.add(stats(ALL, ALL, q, qt.capital, qt.decimals, pnl, totalUnrealized.get(q), curve, finalEquity,
                    own, fees, inMarket, spanNs, periodsPerYear));
            totalEquity.add(curve(ALL, ALL, q, capital, curveTimes, curve, finalEquity));
        }
        equity.addAll(totalEquity);
        this.stats = Collections.unmodifiableList(rows);
        this.totals = Collections.unmodifiableList(totalRows);
        this.curves = Collections.unmodifiableList(equity);
        this.prices = chartBars.series();
        this.openPositions = Collections.unmodifiableList(open);
    }

    /**
     * @param times  the sample times, plus the end time if it is after the last sample; shared by every curve
     * @param curve  the samples; kept by the curve if no final value is added
     */
    private EquityCurve curve(String strategyId, String instrument, String quote, double capital, long[] times,
                              double[] curve, double finalEquity) {
        double[] values = curve;
        if (times.length > samples) {
            values = Arrays.copyOf(curve, samples + 1);
            values[samples] = finalEquity;
        }
        return EquityCurve.adopt(strategyId, instrument, quote, capital, times, values);
    }

    private static PerformanceStats stats(String strategyId, String instrument, String quote, long capital,
                                          int decimals, long pnl, long unrealized, double[] curve, double finalEquity,
                                          List<RoundTrip> trips, long fees, long inMarketNs, long spanNs,
                                          double periodsPerYear) {
        double[] returns = Performance.returns(curve);
        double[] withFinal = Arrays.copyOf(curve, curve.length + 1);
        withFinal[curve.length] = finalEquity;
        int wins = 0;
        BigDecimal gain = BigDecimal.ZERO;
        BigDecimal loss = BigDecimal.ZERO;
        for (RoundTrip r : trips) {
            if (r.pnl().signum() > 0) {
                wins++;
                gain = gain.add(r.pnl());
            } else if (r.pnl().signum() < 0) {
                loss = loss.add(r.pnl().negate());
            }
        }
        double winRate = trips.isEmpty() ? Double.NaN : wins / (double) trips.size();
        double profitFactor;
        if (trips.isEmpty() || (gain.signum() == 0 && loss.signum() == 0)) {
            profitFactor = Double.NaN;
        } else if (loss.signum() == 0) {
            profitFactor = Double.POSITIVE_INFINITY;
        } else {
            profitFactor = gain.doubleValue() / loss.doubleValue();
        }
        double returnPct = capital == 0 ? Double.NaN : pnl * 100.0 / capital;
        return new PerformanceStats(strategyId, instrument, quote, FixedPoint.toBigDecimal(pnl, decimals),
                FixedPoint.toBigDecimal(pnl - unrealized, decimals), FixedPoint.toBigDecimal(unrealized, decimals),
                returnPct,
                Performance.sharpe(returns, periodsPerYear), Performance.sortino(returns, periodsPerYear),
                Performance.maxDrawdownPct(FixedPoint.toDouble(capital, decimals), withFinal), winRate, profitFactor,
                trips.size(), FixedPoint.toBigDecimal(fees, decimals),
                spanNs <= 0 ? Double.NaN : inMarketNs * 100.0 / spanNs);
    }

    @Override
    public List<PerformanceStats> stats() {
        return stats;
    }

    @Override
    public PerformanceStats total() {
        return totals.get(0);
    }

    @Override
    public List<PerformanceStats> totals() {
        return totals;
    }

    @Override
    public List<OrderFilled> fills() {
        return Collections.unmodifiableList(fills);
    }

    @Override
    public List<SubmitOrder> orders() {
        return Collections.unmodifiableList(orders);
    }

    @Override
    public List<CancelOrder> cancels() {
        return Collections.unmodifiableList(cancels);
    }

    @Override
    public List<OrderCanceled> canceled() {
        return Collections.unmodifiableList(canceled);
    }

    @Override
    public Map<DenyReason, Long> denials() {
        return orderStates.deniedByReason();
    }

    @Override
    public List<OrderDenied> denied() {
        return Collections.unmodifiableList(denied);
    }

    @Override
    public List<RiskEngine.DailyLossStop> dailyLossStops() {
        return decision.risk().dailyLossStopDays();
    }

    @Override
    public List<OrderStates.OpenOrder> openOrders() {
        return orderStates.openOrders();
    }

    @Override
    public List<RoundTrip> roundTrips() {
        return Collections.unmodifiableList(trips);
    }

    @Override
    public List<EquityCurve> equityCurves() {
        return curves;
    }

    @Override
    public List<PriceSeries> prices() {
        return prices;
    }

    @Override
    public List<OpenPosition> openPositions() {
        return openPositions;
    }

    @Override
    public long samplingIntervalMs() {
        return intervalNs / 1_000_000L;
    }

    @Override
    public long startTimeNs() {
        return startTimeNs;
    }

    @Override
    public long endTimeNs() {
        return endTimeNs;
    }

    @Override
    public long eventCount() {
        return eventCount;
    }

    @Override
    public long barCount() {
        return chartBars.barCount();
    }

    @Override
    public long signalCount() {
        return signal.signalCount();
    }

    // ------------------------------------------------------------------------------------------------ wiring

    /** Per quote asset: capital of the strategies trading in it, and time with any position open. */
    private static final class QuoteTotals {
        final String asset;
        final int decimals;
        final Set<String> strategies = new LinkedHashSet<>();
        long capital;
        int open;
        long inMarketNs;
        long lastChangeNs;

        QuoteTotals(String asset, int decimals) {
            this.asset = asset;
            this.decimals = decimals;
        }
    }

    /**
     * Marks (the last trade; a quote's mid only until the instrument's first trade) and fills, in event-time order:
     * the equity samples due before each event are taken first.
     */
    private final class Books implements MarketDataListener, ExecutionListener {
        @Override
        public void tradeTick(TradeTick t) {
            sampleBefore(t.eventTimeNs());
            int ins = instrumentIndex(t.instrument());
            if (ins >= 0 && t.price() > 0) {
                marks[ins] = t.price();
                traded[ins] = true;
            }
        }

        @Override
        public void quoteTick(QuoteTick q) {
            sampleBefore(q.eventTimeNs());
            int ins = instrumentIndex(q.instrument());
            long mid = q.bidPrice() > 0 && q.askPrice() > 0 ? (q.bidPrice() + q.askPrice()) / 2 : 0;
            if (ins >= 0 && mid > 0 && !traded[ins]) {
                marks[ins] = mid;
            }
        }

        @Override
        public void orderFilled(OrderFilled f) {
            sampleBefore(f.eventTimeNs());
            OrderFilled copy = new OrderFilled();
            MessageCopies.copy(f, copy);
            fills.add(copy);
            onFill(copy);
        }

        @Override
        public void orderAccepted(OrderAccepted a) {
            sampleBefore(a.eventTimeNs());
        }

        @Override
        public void orderRejected(OrderRejected r) {
            sampleBefore(r.eventTimeNs());
        }

        @Override
        public void balanceUpdate(BalanceUpdate b) {
            sampleBefore(b.eventTimeNs());
        }

        @Override
        public void positionUpdate(PositionUpdate p) {
            sampleBefore(p.eventTimeNs());
        }

        @Override
        public void orderCanceled(OrderCanceled c) {
            sampleBefore(c.eventTimeNs());
            OrderCanceled copy = new OrderCanceled();
            MessageCopies.copy(c, copy);
            canceled.add(copy);
        }

        @Override
        public void orderExpired(OrderExpired e) {
            sampleBefore(e.eventTimeNs());
        }

        @Override
        public void cancelRejected(CancelRejected r) {
            sampleBefore(r.eventTimeNs());
        }
    }

    /** The report's reader of the orders topic: keeps every order sent, and hands orders and denials on. */
    private final class ReportOrders implements OrderListener {
        @Override
        public void submitOrder(SubmitOrder o) {
            recordOrder(o);
            orderStates.submitOrder(o);
        }

        @Override
        public void cancelOrder(CancelOrder c) {
            CancelOrder copy = new CancelOrder();
            MessageCopies.copy(c, copy);
            cancels.add(copy);
            orderStates.cancelOrder(c);
        }

        @Override
        public void orderDenied(OrderDenied d) {
            OrderDenied copy = new OrderDenied();
            MessageCopies.copy(d, copy);
            denied.add(copy);
            orderStates.orderDenied(d);
        }
    }
}
