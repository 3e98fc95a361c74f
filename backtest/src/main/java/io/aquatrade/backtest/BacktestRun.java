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
import io.aquatrade.common.ExecutionListener;
import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.OrderAccepted;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.OrderListener;
import io.aquatrade.common.OrderRejected;
import io.aquatrade.common.PositionUpdate;
import io.aquatrade.common.QuoteTick;
import io.aquatrade.common.Side;
import io.aquatrade.common.Signal;
import io.aquatrade.common.SignalListener;
import io.aquatrade.common.SubmitOrder;
import io.aquatrade.common.TradeTick;
import io.aquatrade.decision.DecisionConfig;
import io.aquatrade.decision.DecisionEngine;
import io.aquatrade.router.OrderRouter;
import io.aquatrade.router.RouterConfig;
import io.aquatrade.signal.SignalConfig;
import io.aquatrade.signal.SignalEngine;
import io.aquatrade.signal.TradeContextRecorder;
import io.aquatrade.signal.StrategyConfig;

/**
 * One backtest: the three business classes wired through small buffering listeners, fed in the order the
 * processes' {@code Sequencer}s deliver in a 4-process replay, and the books kept beside them. See {@link Backtest}
 * for the ordering rules. Built, run and read on one thread; immutable once {@link #run} returned.
 */
final class BacktestRun implements BacktestReport {
    private static final String ALL = "ALL";

    private final AquatradeConfig config;
    private final MarketHistory history;
    private final SignalEngine signal;
    /** Writes the bars around every fill (signal-generator.tradeContext), or null when not capturing. */
    private final TradeContextRecorder tradeContext;
    private final DecisionEngine decision;
    private final OrderRouter router;
    /** Most equity samples per curve: longer runs sample at a multiple of the timeframe. */
    static final long MAX_SAMPLES = 500_000;

    private long intervalNs;
    private final DecisionConfig decisionConfig;
    private final long signalTimeframeMs;

    // buffers between the components
    private final SignalBuffer signals = new SignalBuffer();
    private final List<SubmitOrder> orderQueue = new ArrayList<>();
    private final List<Object> executionQueue = new ArrayList<>();

    // what the report holds
    private final List<SubmitOrder> orders = new ArrayList<>();
    private final List<OrderFilled> fills = new ArrayList<>();
    private final List<RoundTrip> trips = new ArrayList<>();
    private final Map<String, StrategyBook> books = new LinkedHashMap<>();
    private final Instrument[] instruments;
    private final Map<String, Integer> instrumentIndex = new HashMap<>();
    private final long[] marks;
    private final boolean[] traded;
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

    private final TradeTick tick = new TradeTick();
    private final QuoteTick quote = new QuoteTick();
    private final Bar bar = new Bar();

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
        this.marks = new long[instruments.length];
        this.traded = new boolean[instruments.length];
        this.chartBars = new ChartBars(instruments, signalTimeframeMs, barsOut);
        for (int i = 0; i < instruments.length; i++) {
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
        this.router = new OrderRouter(routerConfig, config, new ExecutionBuffer());
        this.decision = new DecisionEngine(decisionConfig, config, new OrderBuffer());
        this.tradeContext = captureTradeContext && signalConfig.tradeContext() != null
                ? new TradeContextRecorder(signalConfig.tradeContext(), signalConfig, config.instruments().values())
                : null;
        this.signal = new SignalEngine(signalConfig, config.instruments().values(), chartBars, signals,
                tradeContext);
    }

    private StrategyBook book(String strategyId, String symbol) {
        String key = strategyId + '\u0000' + symbol;
        StrategyBook b = books.get(key);
        if (b == null) {
            Instrument instrument = config.instrument(symbol);
            int qd = config.assetDecimals(instrument.quote());
            DecisionConfig.StrategyConfig sc = decisionConfig.strategy(strategyId);
            long capital = sc == null ? 0 : FixedPoint.fromBigDecimal(sc.capital(), qd);
            b = new StrategyBook(strategyId, instrument, instrumentIndex.get(symbol), qd, capital);
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
        router.start();
        drain();
        int i = history.indexAtOrAfter(fromNs);
        int end = toNs == Long.MAX_VALUE ? history.size() : history.indexAtOrAfter(toNs);
        boolean bars = history.hasBars();
        if (i < end) {
            startTimeNs = history.eventTimeNs(i);
            endTimeNs = history.eventTimeNs(end - 1);
            long periods = (endTimeNs - startTimeNs) / intervalNs + 1;
            if (periods > MAX_SAMPLES) {
                intervalNs *= (periods + MAX_SAMPLES - 1) / MAX_SAMPLES;
            }
            nextSampleNs = Math.floorDiv(startTimeNs + intervalNs - 1, intervalNs) * intervalNs;
        }
        while (i < end) {
            long t = history.eventTimeNs(i);
            int j = i + 1;
            while (j < end && history.eventTimeNs(j) == t) {
                j++;
            }
            while (nextSampleNs < t) {
                sample(nextSampleNs);
                nextSampleNs += intervalNs;
            }
            if (bars) {
                barGroup(i, j, t);
            } else {
                tickGroup(i, j, t);
            }
            for (int k = i; k < j; k++) {
                // mark: the last trade (or bar close); a quote's mid only until the instrument's first trade
                int ins = history.instrumentIndex(k);
                long price = history.price(k);
                boolean quote = history.kind(k) == MarketHistory.Kind.QUOTE;
                if (price > 0 && (!quote || !traded[ins])) {
                    marks[ins] = price;
                    traded[ins] |= !quote;
                }
            }
            if (nextSampleNs == t) {
                sample(t);
                nextSampleNs += intervalNs;
            }
            eventCount += j - i;
            i = j;
        }
        if (tradeContext != null) {
            tradeContext.endOfStream();
        }
        finish();
        return this;
    }

    /**
     * Ticks of one event time t, as the processes see them: bars ending before t close (their signals, orders and
     * executions flow at their own close times); the router applies every tick at t; bars ending at t close and
     * their signals are decided on; then the decision engine sees each tick at t (stop-losses), each order it sends
     * executed at once (the router has already applied every tick at t) and its executions returned before the
     * next tick.
     */
    private void tickGroup(int from, int to, long t) {
        signal.advanceTo(t - 1);
        decideSignals();
        for (int k = from; k < to; k++) {
            if (history.kind(k) == MarketHistory.Kind.QUOTE) {
                router.quoteTick(history.quote(k, quote));
            } else {
                router.tradeTick(history.trade(k, tick));
            }
        }
        signal.advanceTo(t);
        for (int k = from; k < to; k++) {
            if (history.kind(k) == MarketHistory.Kind.QUOTE) {
                signal.quoteTick(history.quote(k, quote));
            } else {
                signal.tradeTick(history.trade(k, tick));
            }
        }
        decideSignals();
        for (int k = from; k < to; k++) {
            if (history.kind(k) == MarketHistory.Kind.QUOTE) {
                decision.quoteTick(history.quote(k, quote));
            } else {
                decision.tradeTick(history.trade(k, tick));
            }
            drain();
        }
    }

    /**
     * Bars closing at t: the router sees a trade at each bar's close price stamped t, then the bars go to the signal
     * engine, its signals to the decision engine, then the decision engine sees the same trades.
     */
    private void barGroup(int from, int to, long t) {
        for (int k = from; k < to; k++) {
            router.tradeTick(syntheticTick(k));
        }
        for (int k = from; k < to; k++) {
            history.bar(k, bar);
            signal.bar(bar);
        }
        // the engine merges each input bar into its series and closes them when the clock reaches their end
        signal.advanceTo(t);
        decideSignals();
        for (int k = from; k < to; k++) {
            decision.tradeTick(syntheticTick(k));
            drain();
        }
    }

    private TradeTick syntheticTick(int k) {
        history.bar(k, bar);
        tick.reset();
        return tick.instrument(bar.instrument())
                .price(bar.close())
                .quantity(bar.volume())
                .aggressorSide(bar.close() >= bar.open() ? Side.BUY : Side.SELL)
                .eventTimeNs(bar.eventTimeNs());
    }

    /** Signals buffered so far, grouped by event time: each group decided on, then its orders executed. */
    private void decideSignals() {
        int n = signals.size;
        int g = 0;
        while (g < n) {
            long c = signals.pool.get(g).eventTimeNs();
            int h = g;
            while (h < n && signals.pool.get(h).eventTimeNs() == c) {
                decision.signal(signals.pool.get(h));
                h++;
            }
            drain();
            g = h;
        }
        signals.size = 0;
    }

    /**
     * Executes queued orders in order, then returns their executions to the decision engine in order, until
     * nothing is queued (as the router's and decision engine's sequencers order them at one event time).
     */
    private void drain() {
        while (!orderQueue.isEmpty() || !executionQueue.isEmpty()) {
            if (!orderQueue.isEmpty()) {
                List<SubmitOrder> batch = new ArrayList<>(orderQueue);
                orderQueue.clear();
                for (SubmitOrder o : batch) {
                    router.submitOrder(o);
                }
            }
            List<Object> batch = new ArrayList<>(executionQueue);
            executionQueue.clear();
            for (Object e : batch) {
                if (e instanceof OrderFilled f) {
                    decision.orderFilled(f);
                } else if (e instanceof OrderAccepted a) {
                    decision.orderAccepted(a);
                } else if (e instanceof OrderRejected r) {
                    decision.orderRejected(r);
                } else if (e instanceof BalanceUpdate b) {
                    decision.balanceUpdate(b);
                } else if (e instanceof PositionUpdate p) {
                    decision.positionUpdate(p);
                }
            }
        }
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
        StrategyBook b = book(f.strategyId(), f.instrument());
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
            double[] curve = Arrays.copyOf(b.curve, samples);
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
            equity.add(curve(b.strategyId, b.instrument.symbol(), b.quoteAsset, capital, curve, finalEquity));
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
            totalEquity.add(curve(ALL, ALL, q, capital, curve, finalEquity));
        }
        equity.addAll(totalEquity);
        this.stats = Collections.unmodifiableList(rows);
        this.totals = Collections.unmodifiableList(totalRows);
        this.curves = Collections.unmodifiableList(equity);
        this.prices = chartBars.series();
        this.openPositions = Collections.unmodifiableList(open);
    }

    private EquityCurve curve(String strategyId, String instrument, String quote, double capital, double[] curve,
                              double finalEquity) {
        long[] times = Arrays.copyOf(sampleTimes, samples);
        double[] values = curve;
        boolean addFinal = samples == 0 || sampleTimes[samples - 1] < endTimeNs;
        if (addFinal && endTimeNs != 0) {
            times = Arrays.copyOf(times, samples + 1);
            times[samples] = endTimeNs;
            values = Arrays.copyOf(curve, samples + 1);
            values[samples] = finalEquity;
        }
        return new EquityCurve(strategyId, instrument, quote, capital, times, values);
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

    /** The signal engine's signals, copied into reused objects until they are decided on. */
    private static final class SignalBuffer implements SignalListener {
        final List<Signal> pool = new ArrayList<>();
        int size;

        @Override
        public void signal(Signal s) {
            if (size == pool.size()) {
                pool.add(new Signal());
            }
            Signal copy = pool.get(size++);
            copy.reset();
            copy.signalId(s.signalId())
                    .strategyId(s.strategyId())
                    .instrument(s.instrument())
                    .direction(s.direction())
                    .timeframeMs(s.timeframeMs())
                    .barOpenTimeNs(s.barOpenTimeNs())
                    .price(s.price())
                    .reason(s.reason())
                    .eventTimeNs(s.eventTimeNs());
        }
    }

    /** The decision engine's orders: kept for the report and queued for the router. */
    private final class OrderBuffer implements OrderListener {
        @Override
        public void submitOrder(SubmitOrder o) {
            SubmitOrder copy = o.deepCopy();
            orders.add(copy);
            orderQueue.add(copy);
        }
    }

    /** The router's executions: fills booked and kept, everything queued for the decision engine. */
    private final class ExecutionBuffer implements ExecutionListener {
        @Override
        public void orderAccepted(OrderAccepted a) {
            executionQueue.add(a.deepCopy());
        }

        @Override
        public void orderRejected(OrderRejected r) {
            executionQueue.add(r.deepCopy());
        }

        @Override
        public void orderFilled(OrderFilled f) {
            OrderFilled copy = f.deepCopy();
            fills.add(copy);
            onFill(copy);
            if (tradeContext != null) {
                tradeContext.orderFilled(copy);
            }
            executionQueue.add(copy);
        }

        @Override
        public void balanceUpdate(BalanceUpdate b) {
            executionQueue.add(b.deepCopy());
        }

        @Override
        public void positionUpdate(PositionUpdate p) {
            executionQueue.add(p.deepCopy());
        }
    }
}
