package io.aquatrade.decision.risk;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.ConfigException;
import io.aquatrade.common.DenyReason;
import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.PositionBook;
import io.aquatrade.common.Sequencer;
import io.aquatrade.common.Side;
import io.aquatrade.decision.DecisionConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pre-trade risk checks every entry passes ({@link RiskConfig}), and the state they need: per trading day, per
 * strategy and per instrument. It is fed by events in event time, and answers {@link #checkEntry} with OK or the
 * rule that refuses the entry, its limit and the value that tripped it. Exits are never checked here: the engine
 * sends them whatever this says.
 *
 * <h2>Feeding it (the decision engine's hook points)</h2>
 * <ul>
 *   <li>{@link #onTrade} / {@link #onQuote} on every market-data message (marks, last tick time, spread);</li>
 *   <li>{@link #onFill} wherever the engine books a fill in its own {@link PositionBook}, with the same arguments,
 *       also for fills replayed at start-up (P&amp;L, positions, round trips, cooldowns);</li>
 *   <li>{@link #onEntrySent} when an entry (or scale-in add) {@code SubmitOrder} is sent, and for each one found on
 *       {@code orders} at start-up (trade counts);</li>
 *   <li>{@link #onStopOut} when a stop-loss exit fills (cooldown after a stop-out);</li>
 *   <li>{@link #onKillSwitch} on a {@code KillSwitch} message; {@link #killSwitchFile} with whether
 *       {@code runtime.killSwitchFile} exists;</li>
 *   <li>{@link #checkEntry} before any entry is sent; {@link #pollFlatten} after market data and fills: a strategy
 *       whose daily loss was just hit with {@code flattenOnDailyLoss}.</li>
 * </ul>
 * Every method takes the event's time; a later UTC day (from {@code dayStartUtc}) starts a new trading day before
 * the event is applied: trade counts restart and daily-loss stops are lifted, and the day's P&amp;L is measured
 * from the strategies' realised plus unrealised P&amp;L at the last marks before the boundary.
 *
 * <p>Money is exact: quote mantissas of each quote asset. A strategy's capital, P&amp;L, equity and exposure are
 * kept per quote asset (a strategy trading XRPETH and BTCUSDT has an ETH side and a USDT side, each with its
 * capital). Single-threaded; {@link #checkEntry} and the {@code on*} methods do not allocate.
 */
public final class RiskEngine {
    private static final Logger LOG = LoggerFactory.getLogger(RiskEngine.class);
    private static final long DAY_NS = 86_400_000_000_000L;
    private static final long NS_PER_MS = 1_000_000L;
    /** Decimals of a spread in basis points in a {@link DenyReason#SPREAD_TOO_WIDE} denial. */
    public static final int SPREAD_DECIMALS = 2;

    private final String[] strategyIds;
    private final Map<String, Integer> strategyIndex = new HashMap<>();
    private final Instrument[] instruments;
    private final Map<String, Integer> instrumentIndex = new HashMap<>();
    /** Quote asset index of each instrument. */
    private final int[] quoteOf;
    private final String[] quoteAssets;
    private final int[] quoteDecimals;
    private final boolean checkStaleness;
    private final long dayStartOffsetNs;

    private final RiskConfig.Rules[] rules;
    private final long[][] capital;
    private final RiskLimit.Exact[][] maxDailyLoss;
    private final RiskLimit.Exact[][] maxExposureInstrument;
    private final RiskLimit.Exact[][] maxExposureStrategy;
    private final RiskLimit.Exact[] maxExposureAccount;
    private final Sizing.Exact[][] sizing;
    private final long[] capitalBase;
    private final int[] capitalBaseDecimals;
    private final long[] capitalProfit;
    private final int[] capitalProfitDecimals;

    private final PositionBook[][] books;
    private final long[][] roundTripStartRealised;
    private final int[][] consecutiveLosses;
    private final long[][] cooldownStartNs;
    private final int[] tradesToday;
    private final int[][] tradesTodayOnInstrument;
    private final long[][] dayStartValue;
    private final boolean[] dailyLossHit;
    private final long[] dailyLossLimitHit;
    private final long[] dailyLossValueHit;
    private final int[] dailyLossDecimalsHit;
    private final boolean[] flattenPending;
    private long dailyLossStops;
    private final List<DailyLossStop> dailyLossStopList = new ArrayList<>();

    private final long[] lastTrade;
    private final long[] bid;
    private final long[] ask;
    private final long[] lastTickNs;

    private long day = Long.MIN_VALUE;
    private boolean killSwitchTopic;
    private boolean killSwitchFile;
    private final RiskDecision decision = new RiskDecision();
    private PendingEntries pending = (strategy, instrument) -> 0;

    /**
     * What the engine's entry orders in flight (sent, not yet completely filled or ended) still commit, per strategy
     * and instrument: counted with the positions by {@code maxOpenPositions}, {@code maxExposure} and the capital
     * rule, so that entries sent back to back cannot together pass a limit each passes alone.
     */
    @FunctionalInterface
    public interface PendingEntries {
        /**
         * @return the unfilled part of the strategy's working entry order on the instrument at the price it was
         * sized at, mantissa of the instrument's quote asset, rounded up; 0 when none is working. Must not allocate.
         */
        long notional(int strategy, int instrument);
    }

    /**
     * Sets where the engine's working entries are read from (see {@link PendingEntries}); none by default.
     *
     * @param pending the engine's view of its entries in flight
     */
    public void pendingEntries(PendingEntries pending) {
        this.pending = pending;
    }

    /**
     * @param decision       the decision-engine section: strategies (capital, order fraction) and
     *                       {@link DecisionConfig#risk()}
     * @param instruments    the instruments traded
     * @param assetDecimals  decimals of an asset's amounts (config {@code assets})
     * @param checkStaleness whether {@code staleAfterMs} applies: true live ({@code runtime.sequencing: arrival},
     *                       where the check's time is the clock), false in replays and backtests, whose event time
     *                       stands still between an illiquid instrument's trades
     * @throws ConfigException naming the field if an amount is not exact in its quote asset's decimals
     */
    public RiskEngine(DecisionConfig decision, List<Instrument> instruments, ToIntFunction<String> assetDecimals,
                      boolean checkStaleness) {
        RiskConfig config = decision.risk();
        List<DecisionConfig.StrategyConfig> strategies = decision.strategies();
        int s = strategies.size();
        int n = instruments.size();
        this.checkStaleness = checkStaleness;
        this.dayStartOffsetNs = config.dayStartMs() * NS_PER_MS;
        this.strategyIds = new String[s];
        this.instruments = instruments.toArray(new Instrument[0]);
        this.quoteOf = new int[n];
        List<String> quotes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            instrumentIndex.put(this.instruments[i].symbol(), i);
            String quote = this.instruments[i].quote();
            if (!quotes.contains(quote)) {
                quotes.add(quote);
            }
            quoteOf[i] = quotes.indexOf(quote);
        }
        int q = quotes.size();
        this.quoteAssets = quotes.toArray(new String[0]);
        this.quoteDecimals = new int[q];
        for (int k = 0; k < q; k++) {
            quoteDecimals[k] = assetDecimals.applyAsInt(quoteAssets[k]);
        }
        rules = new RiskConfig.Rules[s];
        capital = new long[s][q];
        maxDailyLoss = new RiskLimit.Exact[s][q];
        maxExposureInstrument = new RiskLimit.Exact[s][q];
        maxExposureStrategy = new RiskLimit.Exact[s][q];
        maxExposureAccount = new RiskLimit.Exact[q];
        sizing = new Sizing.Exact[s][q];
        capitalBase = new long[s];
        capitalBaseDecimals = new int[s];
        capitalProfit = new long[s];
        capitalProfitDecimals = new int[s];
        for (int k = 0; k < s; k++) {
            DecisionConfig.StrategyConfig sc = strategies.get(k);
            strategyIds[k] = sc.id();
            strategyIndex.put(sc.id(), k);
            RiskConfig.Rules r = config.rulesFor(sc.id());
            rules[k] = r;
            String at = config.strategies().containsKey(sc.id()) ? "decision-engine.strategies[" + k + "].risk"
                    : "decision-engine.risk";
            for (int a = 0; a < q; a++) {
                int d = quoteDecimals[a];
                capital[k][a] = exact(sc.capital(), d, "decision-engine.strategies[" + k + "].capital", quoteAssets[a]);
                maxDailyLoss[k][a] = exact(r.maxDailyLoss(), d, at + ".maxDailyLoss.amount", quoteAssets[a]);
                maxExposureInstrument[k][a] = exact(r.maxExposureInstrument(), d, at + ".maxExposure.instrument.amount",
                        quoteAssets[a]);
                maxExposureStrategy[k][a] = exact(r.maxExposureStrategy(), d, at + ".maxExposure.strategy.amount",
                        quoteAssets[a]);
                Sizing sz = r.sizing() == null ? Sizing.FIXED_FRACTION : r.sizing();
                try {
                    sizing[k][a] = sz.exact(d, sc.orderFraction());
                } catch (ArithmeticException e) {
                    throw new ConfigException(at + ".sizing.amount", "an amount of " + quoteAssets[a] + " with at most "
                            + d + " decimals, was " + sz.amount());
                }
            }
            if (r.capitalRule() != null) {
                BigDecimal b = r.capitalRule().baseFraction().stripTrailingZeros();
                BigDecimal p = r.capitalRule().profitFraction().stripTrailingZeros();
                capitalBaseDecimals[k] = Math.max(b.scale(), 0);
                capitalBase[k] = FixedPoint.fromBigDecimal(b, capitalBaseDecimals[k]);
                capitalProfitDecimals[k] = Math.max(p.scale(), 0);
                capitalProfit[k] = FixedPoint.fromBigDecimal(p, capitalProfitDecimals[k]);
            }
        }
        for (int a = 0; a < q; a++) {
            maxExposureAccount[a] = exact(config.accountMaxExposure(), quoteDecimals[a],
                    "decision-engine.risk.maxExposure.account.amount", quoteAssets[a]);
        }
        books = new PositionBook[s][n];
        for (int k = 0; k < s; k++) {
            for (int i = 0; i < n; i++) {
                books[k][i] = new PositionBook();
            }
        }
        roundTripStartRealised = new long[s][n];
        consecutiveLosses = new int[s][n];
        cooldownStartNs = new long[s][n];
        for (long[] row : cooldownStartNs) {
            java.util.Arrays.fill(row, Long.MIN_VALUE);
        }
        tradesToday = new int[s];
        tradesTodayOnInstrument = new int[s][n];
        dayStartValue = new long[s][q];
        dailyLossHit = new boolean[s];
        dailyLossLimitHit = new long[s];
        dailyLossValueHit = new long[s];
        dailyLossDecimalsHit = new int[s];
        flattenPending = new boolean[s];
        lastTrade = new long[n];
        bid = new long[n];
        ask = new long[n];
        lastTickNs = new long[n];
    }

    /**
     * The risk engine of a decision-engine process or backtest.
     *
     * @param config   the shared config (instruments, asset decimals, {@code runtime.sequencing})
     * @param decision the decision-engine section
     * @return the engine, checking {@code staleAfterMs} only with {@code runtime.sequencing: arrival}
     * @throws ConfigException naming the field on an amount not exact in its quote asset
     */
    public static RiskEngine from(AquatradeConfig config, DecisionConfig decision) {
        return new RiskEngine(decision, new ArrayList<>(config.instruments().values()), config::assetDecimals,
                config.runtime().sequencing() == Sequencer.Mode.ARRIVAL);
    }

    private static long exact(BigDecimal amount, int decimals, String field, String asset) {
        try {
            return FixedPoint.fromBigDecimal(amount, decimals);
        } catch (ArithmeticException e) {
            throw new ConfigException(field, "an amount of " + asset + " with at most " + decimals
                    + " decimals that fits, was " + amount.toPlainString());
        }
    }

    private static RiskLimit.Exact exact(RiskLimit limit, int decimals, String field, String asset) {
        if (limit == null) {
            return null;
        }
        try {
            return limit.exact(decimals);
        } catch (ArithmeticException e) {
            throw new ConfigException(field, "an amount of " + asset + " with at most " + decimals
                    + " decimals that fits, was " + limit.amount().toPlainString());
        }
    }

    /** @return the index of a strategy id for the other methods, or -1 if it is not configured */
    public int strategyIndex(String strategyId) {
        Integer k = strategyIndex.get(strategyId);
        return k == null ? -1 : k;
    }

    /** @return the index of an instrument symbol for the other methods, or -1 if it is not traded */
    public int instrumentIndex(String symbol) {
        Integer i = instrumentIndex.get(symbol);
        return i == null ? -1 : i;
    }

    // ---------------------------------------------------------------------------------------------------- events

    /**
     * Event time moved (a watermark or heartbeat without a message of interest): starts a new trading day if it is
     * one. Optional: every other method does the same with its own time.
     *
     * @param eventTimeNs UTC epoch ns
     */
    public void onTime(long eventTimeNs) {
        advance(eventTimeNs);
    }

    /**
     * A trade on the instrument: its price is the mark (of a long without a bid, a short without an ask) and its
     * time the instrument's last tick.
     *
     * @param instrument  from {@link #instrumentIndex}
     * @param price       trade price, price mantissa, &gt; 0
     * @param eventTimeNs the trade's time, UTC epoch ns
     */
    public void onTrade(int instrument, long price, long eventTimeNs) {
        advance(eventTimeNs);
        lastTrade[instrument] = price;
        lastTickNs[instrument] = Math.max(lastTickNs[instrument], eventTimeNs);
        checkDailyLossOfHolders(instrument);
    }

    /**
     * A best bid and ask: the marks (a long's bid, a short's ask), the spread, and the instrument's last tick.
     *
     * @param instrument  from {@link #instrumentIndex}
     * @param bidPrice    best bid, price mantissa, &gt; 0
     * @param askPrice    best ask, price mantissa, &gt;= bid
     * @param eventTimeNs the quote's time, UTC epoch ns
     */
    public void onQuote(int instrument, long bidPrice, long askPrice, long eventTimeNs) {
        advance(eventTimeNs);
        bid[instrument] = bidPrice;
        ask[instrument] = askPrice;
        lastTickNs[instrument] = Math.max(lastTickNs[instrument], eventTimeNs);
        checkDailyLossOfHolders(instrument);
    }

    /**
     * A fill of the strategy on the instrument, booked as the engine books it ({@link PositionBook#fill}, same
     * arguments). A fill that leaves the position flat ends a round trip: losing (its realised P&amp;L &lt; 0)
     * counts towards {@code cooldown.losses}, winning resets the count. A fill no older than the instrument's last
     * tick sets its last price (so fills replayed at start-up, before any tick, mark the positions at their prices).
     *
     * @param strategy    from {@link #strategyIndex}
     * @param instrument  from {@link #instrumentIndex}
     * @param side        the fill's side
     * @param price       fill price, price mantissa, &gt; 0
     * @param qty         quantity the position takes, size mantissa, &gt; 0
     * @param cashOut     quote cash the fill took ({@link PositionBook#cashOut})
     * @param eventTimeNs the fill's time, UTC epoch ns
     */
    public void onFill(int strategy, int instrument, Side side, long price, long qty, long cashOut,
                       long eventTimeNs) {
        onFill(strategy, instrument, side, price, qty, cashOut, Long.MAX_VALUE, eventTimeNs);
    }

    /**
     * A fill booked as the engine books it: {@link PositionBook#fill} with the same arguments, then a long capped at
     * what the strategy can sell ({@link PositionBook#capLongAt}: base-asset fees and dust below a step), so that this
     * book holds exactly the engine's position; otherwise as {@link #onFill(int, int, Side, long, long, long, long)}.
     *
     * @param sellable what the strategy can sell of the instrument after the fill, size mantissa (the engine's cap)
     */
    public void onFill(int strategy, int instrument, Side side, long price, long qty, long cashOut, long sellable,
                       long eventTimeNs) {
        advance(eventTimeNs);
        PositionBook book = books[strategy][instrument];
        long before = book.quantity();
        long realisedBefore = book.realizedPnl();
        if (before == 0) {
            roundTripStartRealised[strategy][instrument] = realisedBefore;
        }
        book.fill(side, price, qty, cashOut);
        book.capLongAt(sellable);
        long after = book.quantity();
        if (eventTimeNs >= lastTickNs[instrument]) {
            lastTrade[instrument] = price; // a trade too; and the only price known while fills are replayed
        }
        if (before != 0 && (after == 0 || Long.signum(after) != Long.signum(before))) {
            long roundTrip = book.realizedPnl() - roundTripStartRealised[strategy][instrument];
            RiskConfig.Cooldown c = rules[strategy].cooldown();
            if (roundTrip < 0) {
                consecutiveLosses[strategy][instrument]++;
                if (c != null && c.losses() > 0 && consecutiveLosses[strategy][instrument] >= c.losses()) {
                    startCooldown(strategy, instrument, eventTimeNs, "losing round trips "
                            + consecutiveLosses[strategy][instrument]);
                    consecutiveLosses[strategy][instrument] = 0;
                }
            } else {
                consecutiveLosses[strategy][instrument] = 0;
            }
            roundTripStartRealised[strategy][instrument] = book.realizedPnl();
        }
        checkDailyLoss(strategy, quoteOf[instrument]);
    }

    /**
     * The strategy's stop-loss closed its position on the instrument: with {@code cooldown.afterStopOut}, a cooldown
     * starts.
     *
     * @param strategy    from {@link #strategyIndex}
     * @param instrument  from {@link #instrumentIndex}
     * @param eventTimeNs the stop's fill time, UTC epoch ns
     */
    public void onStopOut(int strategy, int instrument, long eventTimeNs) {
        advance(eventTimeNs);
        RiskConfig.Cooldown c = rules[strategy].cooldown();
        if (c != null && c.afterStopOut()) {
            startCooldown(strategy, instrument, eventTimeNs, "stop-out");
        }
    }

    /**
     * An entry order (or a scale-in add) of the strategy was sent: it counts towards {@code maxTradesPerDay} of the
     * day of its time (not at all if that day is over).
     *
     * @param strategy    from {@link #strategyIndex}
     * @param instrument  from {@link #instrumentIndex}
     * @param eventTimeNs the order's time, UTC epoch ns
     */
    public void onEntrySent(int strategy, int instrument, long eventTimeNs) {
        advance(eventTimeNs);
        if (tradingDay(eventTimeNs) < day) {
            return; // an entry of an earlier day, met late (a restart's replay): not today's
        }
        tradesToday[strategy]++;
        tradesTodayOnInstrument[strategy][instrument]++;
    }

    /**
     * The kill switch's state on the {@code control} topic changed.
     *
     * @param on          whether it is on
     * @param eventTimeNs the message's time, UTC epoch ns
     */
    public void onKillSwitch(boolean on, long eventTimeNs) {
        if (on != killSwitchTopic) {
            LOG.warn("kill switch {} (control topic) at {}", on ? "ON" : "OFF", eventTimeNs);
        }
        killSwitchTopic = on;
    }

    /**
     * Whether {@code runtime.killSwitchFile} exists (checked by the agent, not here: no I/O in the engine).
     *
     * @param exists true if the file exists
     */
    public void killSwitchFile(boolean exists) {
        if (exists != killSwitchFile) {
            LOG.warn("kill switch {} (file)", exists ? "ON" : "OFF");
        }
        killSwitchFile = exists;
    }

    /** @return true if the kill switch is on, by the control topic or the file */
    public boolean killSwitchOn() {
        return killSwitchTopic || killSwitchFile;
    }

    /**
     * @return the index of a strategy whose daily loss was hit with {@code flattenOnDailyLoss: true} and whose
     * positions the engine is now to close (each such hit is returned once), or -1
     */
    public int pollFlatten() {
        for (int k = 0; k < flattenPending.length; k++) {
            if (flattenPending[k]) {
                flattenPending[k] = false;
                return k;
            }
        }
        return -1;
    }

    // ------------------------------------------------------------------------------------------------ the check

    /**
     * Checks an entry against every rule in force for the strategy, in this order: kill switch, daily loss,
     * cooldown, trades per day (strategy, then instrument), stale market data, spread, open positions, exposure
     * (instrument, strategy, account), capital rule. Never call it for an exit.
     *
     * @param strategy   from {@link #strategyIndex}
     * @param instrument from {@link #instrumentIndex}
     * @param quantity   the entry's quantity, size mantissa, &gt; 0
     * @param price      its reference price (limit, else the price it would fill at), price mantissa, &gt; 0
     * @param nowNs      the decision's time, UTC epoch ns: the event time, or the clock live
     * @return OK, or the first rule refusing it with its limit and value; the same instance every call
     */
    public RiskDecision checkEntry(int strategy, int instrument, long quantity, long price, long nowNs) {
        advance(nowNs);
        RiskConfig.Rules r = rules[strategy];
        int q = quoteOf[instrument];
        int qd = quoteDecimals[q];
        if (killSwitchOn()) {
            return decision.deny(DenyReason.KILL_SWITCH, 0, 0, 0);
        }
        checkDailyLoss(strategy, q);
        if (dailyLossHit[strategy]) {
            return decision.deny(DenyReason.DAILY_LOSS, dailyLossLimitHit[strategy], dailyLossValueHit[strategy],
                    dailyLossDecimalsHit[strategy]);
        }
        RiskConfig.Cooldown c = r.cooldown();
        long coolStart = cooldownStartNs[strategy][instrument];
        if (c != null && coolStart != Long.MIN_VALUE) {
            long elapsedMs = (nowNs - coolStart) / NS_PER_MS;
            if (nowNs - coolStart < c.durationMs() * NS_PER_MS) {
                return decision.deny(DenyReason.COOLDOWN, c.durationMs(), elapsedMs, 0);
            }
        }
        if (r.maxTradesPerDay() != null && tradesToday[strategy] >= r.maxTradesPerDay()) {
            return decision.deny(DenyReason.MAX_TRADES_PER_DAY, r.maxTradesPerDay(), tradesToday[strategy], 0);
        }
        if (r.maxTradesPerDayPerInstrument() != null
                && tradesTodayOnInstrument[strategy][instrument] >= r.maxTradesPerDayPerInstrument()) {
            return decision.deny(DenyReason.MAX_TRADES_PER_DAY, r.maxTradesPerDayPerInstrument(),
                    tradesTodayOnInstrument[strategy][instrument], 0);
        }
        if (checkStaleness && r.staleAfterMs() != null) {
            // whole ms rounded up, so that a denial's value is above its limit (5000 ms + 1 ns old reads 5001)
            long ageMs = lastTickNs[instrument] == 0 ? Long.MAX_VALUE
                    : Math.floorDiv(nowNs - lastTickNs[instrument] + NS_PER_MS - 1, NS_PER_MS);
            if (lastTickNs[instrument] == 0 || nowNs - lastTickNs[instrument] > r.staleAfterMs() * NS_PER_MS) {
                return decision.deny(DenyReason.STALE_MARKET_DATA, r.staleAfterMs(), ageMs, 0);
            }
        }
        if (r.maxSpreadBps() != null && bid[instrument] > 0 && ask[instrument] > 0) {
            long spread = spreadBpsCentis(bid[instrument], ask[instrument]);
            long limit = r.maxSpreadBps() * 100L;
            if (spread > limit) {
                return decision.deny(DenyReason.SPREAD_TOO_WIDE, limit, spread, SPREAD_DECIMALS);
            }
        }
        if (r.maxOpenPositions() != null && books[strategy][instrument].quantity() == 0
                && pending.notional(strategy, instrument) == 0) {
            int open = openPositions(strategy);
            if (open >= r.maxOpenPositions()) {
                return decision.deny(DenyReason.MAX_OPEN_POSITIONS, r.maxOpenPositions(), open, 0);
            }
        }
        long notional = FixedPoint.multiply(quantity, instruments[instrument].sizeDecimals(), price,
                instruments[instrument].priceDecimals(), qd, RoundingMode.UP);
        if (maxExposureInstrument[strategy][q] != null) {
            long value = Math.addExact(exposure(strategy, instrument), notional);
            long limit = maxExposureInstrument[strategy][q].of(equity(strategy, q), RoundingMode.FLOOR);
            if (value > limit) {
                return decision.deny(DenyReason.MAX_EXPOSURE, limit, value, qd);
            }
        }
        long strategyExposure = -1;
        if (maxExposureStrategy[strategy][q] != null || r.capitalRule() != null) {
            strategyExposure = Math.addExact(strategyExposure(strategy, q), notional);
        }
        if (maxExposureStrategy[strategy][q] != null) {
            long limit = maxExposureStrategy[strategy][q].of(equity(strategy, q), RoundingMode.FLOOR);
            if (strategyExposure > limit) {
                return decision.deny(DenyReason.MAX_EXPOSURE, limit, strategyExposure, qd);
            }
        }
        if (maxExposureAccount[q] != null) {
            long value = notional;
            long accountEquity = 0;
            for (int k = 0; k < strategyIds.length; k++) {
                value = Math.addExact(value, strategyExposure(k, q));
                accountEquity = Math.addExact(accountEquity, equity(k, q));
            }
            long limit = maxExposureAccount[q].of(accountEquity, RoundingMode.FLOOR);
            if (value > limit) {
                return decision.deny(DenyReason.MAX_EXPOSURE, limit, value, qd);
            }
        }
        if (r.capitalRule() != null) {
            long limit = capitalAllowed(strategy, q);
            if (strategyExposure > limit) {
                return decision.deny(DenyReason.CAPITAL_RULE, limit, strategyExposure, qd);
            }
        }
        return decision.allow();
    }

    // ------------------------------------------------------------------------------------------------- queries

    /**
     * The capital rule's allowance: with C the strategy's capital and P its realised P&amp;L (all time, in the
     * instrument's quote asset), {@code floor(b x C) + floor(p x P)} when P &gt;= 0, else {@code floor(b x (C + P))}
     * (a loss reduces the base first; 0 once it has eaten the capital).
     *
     * @param strategy from {@link #strategyIndex}
     * @param quote    quote asset index ({@link #quoteIndex})
     * @return the most the strategy may have deployed (open notional at the marks), quote mantissa
     */
    public long capitalAllowed(int strategy, int quote) {
        int d = quoteDecimals[quote];
        long realised = realised(strategy, quote);
        long c = capital[strategy][quote];
        if (realised >= 0) {
            return Math.addExact(
                    FixedPoint.multiply(c, d, capitalBase[strategy], capitalBaseDecimals[strategy], d,
                            RoundingMode.FLOOR),
                    FixedPoint.multiply(realised, d, capitalProfit[strategy], capitalProfitDecimals[strategy], d,
                            RoundingMode.FLOOR));
        }
        long base = c + realised;
        return base <= 0 ? 0 : FixedPoint.multiply(base, d, capitalBase[strategy], capitalBaseDecimals[strategy], d,
                RoundingMode.FLOOR);
    }

    /** @return the quote asset index of an instrument */
    public int quoteIndex(int instrument) {
        return quoteOf[instrument];
    }

    /** @return how many quote assets the instruments have: quote indexes are 0..quoteCount() - 1 */
    public int quoteCount() {
        return quoteAssets.length;
    }

    /** @return the asset code of a quote index, e.g. "ETH" */
    public String quoteAsset(int quote) {
        return quoteAssets[quote];
    }

    /** @return the decimals of a quote asset's amounts (the scale of its mantissas) */
    public int quoteDecimals(int quote) {
        return quoteDecimals[quote];
    }

    /**
     * @return the strategy's realised P&amp;L, net of quote fees, over its instruments quoted in the asset, since its
     * first fill (rebuilt from the executions topic at a restart), quote mantissa; does not allocate
     */
    public long realisedPnl(int strategy, int quote) {
        return realised(strategy, quote);
    }

    /**
     * @return the strategy's unrealised P&amp;L over its open positions quoted in the asset, at the marks (a long at
     * the bid, a short at the ask, else the last trade), before the closing fee, quote mantissa; does not allocate
     */
    public long unrealisedPnl(int strategy, int quote) {
        return unrealised(strategy, quote);
    }

    /**
     * @return the strategy's exposure in the quote asset: the open notional of its positions at the marks (the last
     * trade, else the bid for a long and the ask for a short), rounded up, plus the notional of its working entries;
     * what {@code maxExposure.strategy} limits; quote mantissa, &gt;= 0; does not allocate
     */
    public long quoteExposure(int strategy, int quote) {
        return strategyExposure(strategy, quote);
    }

    /**
     * @return the strategy's equity in the quote asset: capital + realised + unrealised P&amp;L (at the marks, before
     * the closing fee), quote mantissa; what {@code fraction} limits and the risk-based sizings are taken of
     */
    public long equity(int strategy, int quote) {
        return Math.addExact(capital[strategy][quote], Math.addExact(realised(strategy, quote),
                unrealised(strategy, quote)));
    }

    /** @return the strategy's P&amp;L in the quote asset since the trading day began, quote mantissa */
    public long dayPnl(int strategy, int quote) {
        return Math.subtractExact(Math.addExact(realised(strategy, quote), unrealised(strategy, quote)),
                dayStartValue[strategy][quote]);
    }

    /** @return entries of the strategy counted today */
    public int tradesToday(int strategy) {
        return tradesToday[strategy];
    }

    /** @return true if the strategy's daily loss limit stopped it for the rest of the trading day */
    public boolean dailyLossHit(int strategy) {
        return dailyLossHit[strategy];
    }

    /** @return how many times, since start, a strategy's daily loss limit stopped it for the rest of a day */
    public long dailyLossStops() {
        return dailyLossStops;
    }

    /**
     * @return every time a daily loss limit stopped a strategy for the rest of a trading day, oldest first (read
     * only)
     */
    public List<DailyLossStop> dailyLossStopDays() {
        return java.util.Collections.unmodifiableList(dailyLossStopList);
    }

    /**
     * A daily loss limit that stopped a strategy's entries for the rest of a trading day.
     *
     * @param day        the trading day: the UTC date on which it began ({@code dayStartUtc})
     * @param strategyId the strategy
     * @param limit      the limit, quote mantissa with {@code decimals}
     * @param loss       the day's loss that reached it, quote mantissa with {@code decimals}
     * @param decimals   the quote asset's decimals
     */
    public record DailyLossStop(java.time.LocalDate day, String strategyId, long limit, long loss, int decimals) {
    }

    /**
     * @return the strategy's sizing on the instrument's quote asset, to compute an entry's quantity with
     * ({@link Sizing.Exact#quantity}, taking {@link #equity})
     */
    public Sizing.Exact sizing(int strategy, int instrument) {
        return sizing[strategy][quoteOf[instrument]];
    }

    /** @return the strategy's booked position on the instrument (read only: fed by {@link #onFill}) */
    public PositionBook position(int strategy, int instrument) {
        return books[strategy][instrument];
    }

    /**
     * @return the current trading day (the last event's), days since the epoch counted from {@code dayStartUtc};
     * {@link Long#MIN_VALUE} before any event
     */
    public long currentTradingDay() {
        return day;
    }

    /** @return the trading day of a time: days since the epoch, counted from {@code dayStartUtc} */
    public long tradingDay(long eventTimeNs) {
        return Math.floorDiv(eventTimeNs - dayStartOffsetNs, DAY_NS);
    }

    // ----------------------------------------------------------------------------------------------- internals

    private void advance(long eventTimeNs) {
        long d = tradingDay(eventTimeNs);
        if (d <= day) {
            return;
        }
        boolean first = day == Long.MIN_VALUE;
        day = d;
        for (int k = 0; k < strategyIds.length; k++) {
            for (int a = 0; a < quoteAssets.length; a++) {
                dayStartValue[k][a] = Math.addExact(realised(k, a), unrealised(k, a));
            }
            if (!first && (tradesToday[k] > 0 || dailyLossHit[k])) {
                LOG.info("trading day {} begins for {}: {} entries yesterday{}", d, strategyIds[k], tradesToday[k],
                        dailyLossHit[k] ? ", its daily-loss stop lifted" : "");
            }
            tradesToday[k] = 0;
            java.util.Arrays.fill(tradesTodayOnInstrument[k], 0);
            dailyLossHit[k] = false;
            flattenPending[k] = false;
        }
    }

    private void checkDailyLossOfHolders(int instrument) {
        for (int k = 0; k < strategyIds.length; k++) {
            if (books[k][instrument].quantity() != 0) {
                checkDailyLoss(k, quoteOf[instrument]);
            }
        }
    }

    private void checkDailyLoss(int strategy, int quote) {
        RiskLimit.Exact limitOf = maxDailyLoss[strategy][quote];
        if (limitOf == null || dailyLossHit[strategy]) {
            return;
        }
        long loss = -dayPnl(strategy, quote);
        long limit = limitOf.of(capital[strategy][quote], RoundingMode.CEILING);
        if (loss >= limit) {
            dailyLossHit[strategy] = true;
            dailyLossLimitHit[strategy] = limit;
            dailyLossValueHit[strategy] = loss;
            dailyLossDecimalsHit[strategy] = quoteDecimals[quote];
            dailyLossStops++;
            dailyLossStopList.add(new DailyLossStop(java.time.LocalDate.ofEpochDay(day), strategyIds[strategy],
                    limit, loss, quoteDecimals[quote]));
            boolean flatten = Boolean.TRUE.equals(rules[strategy].flattenOnDailyLoss());
            flattenPending[strategy] = flatten;
            LOG.warn("daily loss limit hit for {}: loss {} {} >= limit {}; no new entries until the next trading "
                            + "day{}", strategyIds[strategy], FixedPoint.format(loss, quoteDecimals[quote]),
                    quoteAssets[quote], FixedPoint.format(limit, quoteDecimals[quote]),
                    flatten ? ", positions to be closed" : "");
        }
    }

    /**
     * After a restart's replay: the strategy's daily-loss limit was hit on the trading day of {@code eventTimeNs}
     * (the engine found its own {@code DAILY_LOSS} denial or daily-loss flatten order of that time on {@code orders}).
     * If that day is the current one, the stop holds for the rest of it whatever the replayed fills give (a position
     * held over the day's start is valued at replayed fill prices, not at the ticks the run before saw), and no
     * flatten is started again. Restarting never lifts a daily-loss stop.
     *
     * @param strategy    from {@link #strategyIndex}
     * @param limit       the limit in the denial, quote mantissa (0 when unknown, from a flatten order)
     * @param value       the loss in the denial, quote mantissa (0 when unknown)
     * @param decimals    decimals of {@code limit} and {@code value}
     * @param eventTimeNs when the stop was seen acting, UTC epoch ns
     */
    public void restoreDailyLossStop(int strategy, long limit, long value, int decimals, long eventTimeNs) {
        if (day == Long.MIN_VALUE || tradingDay(eventTimeNs) != day || dailyLossHit[strategy]) {
            return;
        }
        dailyLossHit[strategy] = true;
        dailyLossLimitHit[strategy] = limit;
        dailyLossValueHit[strategy] = value;
        dailyLossDecimalsHit[strategy] = decimals;
        flattenPending[strategy] = false;
        LOG.warn("daily loss limit of {} was hit before the restart (day {}): no new entries until the next trading "
                + "day", strategyIds[strategy], day);
    }

    private void startCooldown(int strategy, int instrument, long eventTimeNs, String cause) {
        cooldownStartNs[strategy][instrument] = eventTimeNs;
        LOG.info("cooldown of {} on {} for {} min after {}", strategyIds[strategy],
                instruments[instrument].symbol(), rules[strategy].cooldown().minutes(), cause);
    }

    private long realised(int strategy, int quote) {
        long sum = 0;
        for (int i = 0; i < instruments.length; i++) {
            if (quoteOf[i] == quote) {
                sum = Math.addExact(sum, books[strategy][i].realizedPnl());
            }
        }
        return sum;
    }

    private long unrealised(int strategy, int quote) {
        long sum = 0;
        for (int i = 0; i < instruments.length; i++) {
            PositionBook b = books[strategy][i];
            if (quoteOf[i] == quote && b.quantity() != 0) {
                sum = Math.addExact(sum, b.unrealizedPnl(markValue(b.quantity(), i)));
            }
        }
        return sum;
    }

    /** Signed value of a quantity at the instrument's mark, rounded against the account. */
    private long markValue(long quantity, int instrument) {
        long mark = quantity > 0 ? (bid[instrument] > 0 ? bid[instrument] : lastTrade[instrument])
                : (ask[instrument] > 0 ? ask[instrument] : lastTrade[instrument]);
        return FixedPoint.multiply(quantity, instruments[instrument].sizeDecimals(), mark,
                instruments[instrument].priceDecimals(), quoteDecimals[quoteOf[instrument]],
                quantity > 0 ? RoundingMode.DOWN : RoundingMode.UP);
    }

    /** Open notional of the strategy on the instrument at the mark, rounded up, quote mantissa, &gt;= 0. */
    private long exposure(int strategy, int instrument) {
        long qty = books[strategy][instrument].quantity();
        long working = pending.notional(strategy, instrument);
        if (qty == 0) {
            return working;
        }
        long mark = lastTrade[instrument] > 0 ? lastTrade[instrument]
                : qty > 0 ? bid[instrument] : ask[instrument];
        return Math.addExact(working, FixedPoint.multiply(Math.abs(qty), instruments[instrument].sizeDecimals(), mark,
                instruments[instrument].priceDecimals(), quoteDecimals[quoteOf[instrument]], RoundingMode.UP));
    }

    private long strategyExposure(int strategy, int quote) {
        long sum = 0;
        for (int i = 0; i < instruments.length; i++) {
            if (quoteOf[i] == quote) {
                sum = Math.addExact(sum, exposure(strategy, i));
            }
        }
        return sum;
    }

    private int openPositions(int strategy) {
        int open = 0;
        for (int i = 0; i < instruments.length; i++) {
            if (books[strategy][i].quantity() != 0 || pending.notional(strategy, i) > 0) {
                open++;
            }
        }
        return open;
    }

    /**
     * The spread in hundredths of a basis point of the mid, rounded up: {@code ceil((ask - bid) x 2000000 /
     * (ask + bid))}. Rounding up keeps {@code spread > limit} exact for a whole number of basis points.
     */
    static long spreadBpsCentis(long bidPrice, long askPrice) {
        long diff = askPrice - bidPrice;
        if (diff > Long.MAX_VALUE / 2_000_000L || askPrice > Long.MAX_VALUE / 2) {
            // Rare: prices beyond 4.6e12 as mantissas. Exact but allocating.
            return new BigDecimal(diff).multiply(BigDecimal.valueOf(2_000_000L))
                    .divide(new BigDecimal(askPrice).add(new BigDecimal(bidPrice)), 0, RoundingMode.CEILING)
                    .longValueExact();
        }
        return FixedPoint.divide(diff * 2_000_000L, askPrice + bidPrice, RoundingMode.CEILING);
    }
}
