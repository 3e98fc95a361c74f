package io.aquatrade.decision;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.ConfigException;
import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.OrderType;
import io.aquatrade.decision.risk.AtrTrailingStop;
import io.aquatrade.decision.risk.RiskConfig;

/**
 * The {@code decision-engine} section of {@code config/aquatrade.yaml}: the strategies whose signals this process
 * turns into orders, each with its own capital, risk and order settings.
 *
 * <pre>{@code
 * decision-engine:
 *   strategies:
 *     - {id: vwap-momentum, capital: 1.0, orderFraction: 0.5, stopLossBps: 0}
 *     - {id: ma-cross, capital: 1.0, orderFraction: 0.5, stopLossBps: 150,
 *        allowShort: true, orderType: limit, limitOffsetBps: 10}
 * }</pre>
 *
 * <table>
 *   <caption>Keys of one strategy entry</caption>
 *   <tr><th>key</th><th>type, range</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>id</td><td>1..24 of [A-Za-z0-9_-]</td><td>required</td><td>the strategy id its signals carry</td></tr>
 *   <tr><td>capital</td><td>decimal &gt; 0</td><td>required</td><td>starting capital in each quote asset</td></tr>
 *   <tr><td>orderFraction</td><td>decimal in (0, 1]</td><td>required</td><td>share of the quote balance one
 *       entry commits</td></tr>
 *   <tr><td>stopLossBps</td><td>integer 0..10000</td><td>0</td><td>stop distance from the entry price</td></tr>
 *   <tr><td>allowShort</td><td>true | false</td><td>false</td><td>whether SHORT signals open short positions
 *       (the venue must allow them too: {@code order-router.paper.allowShort})</td></tr>
 *   <tr><td>orderType</td><td>market | limit</td><td>market</td><td>type of the orders signals cause;
 *       stop-loss exits are always market orders</td></tr>
 *   <tr><td>limitOffsetBps</td><td>integer 0..1000</td><td>10</td><td>how far through the reference price a
 *       marketable limit is placed (see {@link MarketableLimit}); ignored for market orders</td></tr>
 *   <tr><td>stopOrder</td><td>none | market | limit</td><td>none</td><td>where the stop-loss lives: none, the
 *       engine checks it on every tick; market or limit, a reduce-only STOP_MARKET or STOP_LIMIT order rests at
 *       the venue for the open quantity, replaced (new first, old cancelled after) when the position changes</td></tr>
 *   <tr><td>trailingStop</td><td>{bps: 1..10000} or {atr: M}, M in (0, 100] with at most 2 decimals</td>
 *       <td>none</td><td>a stop this far from the best trade price since entry (N basis points, or
 *       floor(M x ATR) with the ATR of the strategy's latest signal on the instrument: LeBeau's chandelier exit),
 *       moved only in the position's favour; the tighter of it and {@code stopLossBps}'s is in force; bps and atr
 *       are mutually exclusive</td></tr>
 *   <tr><td>takeProfit</td><td>list of {r &gt; 0, fraction in (0, 1]}, fractions summing to &lt;= 1</td>
 *       <td>none</td><td>resting reduce-only GTC limits placed when the entry is complete, each for its fraction
 *       of the position at entry +- r x R (R: entry - stopLossBps stop; needs stopLossBps &gt; 0)</td></tr>
 *   <tr><td>exitOrder</td><td>{type: market | limit, repriceMs: 1..86400000, deadlineMs: 1..86400000}</td>
 *       <td>market</td><td>limit: a signal's exit rests at the best price on its side (bid for a sell), re-priced
 *       every repriceMs until filled, the rest sent as a market order deadlineMs after the exit began</td></tr>
 *   <tr><td>entryOrder</td><td>{type: market | limit, offsetBps: 0..1000, timeoutMs: 1..86400000,
 *       postOnly: true | false}</td><td>market</td><td>limit: every entry rests as a GTC limit at the best bid (a
 *       buy) or ask (a sell), else the entry's reference price, moved offsetBps in the trader's favour in whole
 *       ticks, and is cancelled timeoutMs after it was placed if not completely filled (see {@link RestingEntry})
 *       </td></tr>
 *   <tr><td>scaleIn</td><td>{maxAdds: 1..100}</td><td>none</td><td>a repeated entry signal while the
 *       position is winning (mark beyond the average entry price) adds an order-fraction-sized entry, up to maxAdds
 *       times per position</td></tr>
 *   <tr><td>stopLimitOffsetBps</td><td>integer 0..1000</td><td>10</td><td>for {@code stopOrder: limit}, how far
 *       past the trigger the stop's limit price is (below for a sell, above for a buy)</td></tr>
 * </table>
 *
 * <table>
 *   <caption>Keys of the section besides {@code strategies} (order tracking, see {@link OrderTracker})</caption>
 *   <tr><th>key</th><th>type, range</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>orderTimeoutMs</td><td>integer 1..86400000</td><td>30000</td><td>how much market data the order
 *       router may read past an order (its progress on {@code executions}, not this engine's market data; live
 *       only) without any answer from the venue before the engine assumes the order never reached it: counted,
 *       logged, its reservation released and its strategy free to trade the instrument again. A router that is
 *       down, or still finding out about the order, times nothing out (see {@link OrderTracker})</td></tr>
 *   <tr><td>finishedOrdersKept</td><td>integer 1..10000000</td><td>10000</td><td>most finished orders remembered
 *       (to recognise their fills when met again)</td></tr>
 *   <tr><td>finishedOrderRetentionMs</td><td>integer 1..31536000000</td><td>86400000 (1 day)</td><td>longest a
 *       finished order is remembered, in event time</td></tr>
 *   <tr><td>risk</td><td>map, see {@link RiskConfig}</td><td>none</td><td>account-wide risk rules; a strategy
 *       entry's own {@code risk} map holds the same keys and overrides them key by key</td></tr>
 * </table>
 *
 * <p>Every error is a {@link ConfigException} naming the field by its full path, e.g.
 * {@code decision-engine.strategies[0].orderFraction}; unknown keys are errors.
 *
 * @param strategies               one entry per strategy id, in file order; not empty, ids unique
 * @param orderTimeoutMs           ms of market data the order router may read past an order left unanswered;
 *                                 1..{@value #MAX_ORDER_TIMEOUT_MS}
 * @param finishedOrdersKept       most finished orders remembered; 1..{@value #MAX_FINISHED_ORDERS_KEPT}
 * @param finishedOrderRetentionMs longest a finished order is remembered, ms of event time;
 *                                 1..{@value #MAX_FINISHED_ORDER_RETENTION_MS}
 * @param risk                     the risk rules: {@code risk} of the section and of each strategy
 *                                 ({@link RiskConfig}); {@link RiskConfig#NONE} without any
 */
public record DecisionConfig(List<StrategyConfig> strategies, long orderTimeoutMs, int finishedOrdersKept,
                             long finishedOrderRetentionMs, RiskConfig risk) {
    /** Name of the section in the config file. */
    public static final String SECTION = "decision-engine";

    /**
     * Largest {@code stopLossBps}: 10000 bps puts a long's stop at price 0, which never triggers (and a short's at
     * twice its entry price).
     */
    public static final int MAX_STOP_LOSS_BPS = 10_000;
    /** Largest {@code limitOffsetBps}: 1000 bps, 10 % through the reference price. */
    public static final int MAX_LIMIT_OFFSET_BPS = 1_000;
    /** Default {@code limitOffsetBps}: 10 bps, 0.10 %. */
    public static final int DEFAULT_LIMIT_OFFSET_BPS = 10;
    /** Largest {@code scaleIn.maxAdds}. */
    public static final int MAX_ADDS = 100;
    /** Default {@code orderTimeoutMs}: 30 s. */
    public static final long DEFAULT_ORDER_TIMEOUT_MS = 30_000;
    /** Largest {@code orderTimeoutMs}: one day. */
    public static final long MAX_ORDER_TIMEOUT_MS = 86_400_000;
    /** Default {@code finishedOrdersKept}. */
    public static final int DEFAULT_FINISHED_ORDERS_KEPT = 10_000;
    /** Largest {@code finishedOrdersKept}. */
    public static final int MAX_FINISHED_ORDERS_KEPT = 10_000_000;
    /** Default {@code finishedOrderRetentionMs}: one day. */
    public static final long DEFAULT_FINISHED_ORDER_RETENTION_MS = 86_400_000;
    /** Largest {@code finishedOrderRetentionMs}: 365 days. */
    public static final long MAX_FINISHED_ORDER_RETENTION_MS = 31_536_000_000L;

    /**
     * Jackson entry point: maps the raw entries (so that errors can name the entry's index), fills defaults, then
     * validates through the canonical constructor.
     *
     * @param strategies               the entries as written in the file
     * @param orderTimeoutMs           as written, null for the default
     * @param finishedOrdersKept       as written, null for the default
     * @param finishedOrderRetentionMs as written, null for the default
     * @param risk                     the account-wide {@code risk} map as written, or null
     * @return the validated section
     * @throws ConfigException naming the field on a missing or bad value
     */
    @JsonCreator
    public static DecisionConfig of(@JsonProperty("strategies") List<Entry> strategies,
                                    @JsonProperty("orderTimeoutMs") BigDecimal orderTimeoutMs,
                                    @JsonProperty("finishedOrdersKept") BigDecimal finishedOrdersKept,
                                    @JsonProperty("finishedOrderRetentionMs") BigDecimal finishedOrderRetentionMs,
                                    @JsonProperty("risk") Object risk) {
        if (strategies == null) {
            throw new ConfigException(SECTION + ".strategies", "a non-empty list of {id, capital, orderFraction, "
                    + "stopLossBps}, was missing");
        }
        List<StrategyConfig> out = new ArrayList<>(strategies.size());
        for (int i = 0; i < strategies.size(); i++) {
            Entry e = strategies.get(i);
            if (e == null) {
                throw new ConfigException(path(i), "{id, capital, orderFraction, stopLossBps}, was empty");
            }
            out.add(new StrategyConfig(e.id(), e.capital(), e.orderFraction(),
                    wholeBps(path(i) + ".stopLossBps", e.stopLossBps(), 0, MAX_STOP_LOSS_BPS),
                    e.allowShort() != null && e.allowShort(), orderType(path(i) + ".orderType", e.orderType()),
                    wholeBps(path(i) + ".limitOffsetBps", e.limitOffsetBps(), DEFAULT_LIMIT_OFFSET_BPS,
                            MAX_LIMIT_OFFSET_BPS),
                    stopOrder(path(i) + ".stopOrder", e.stopOrder()),
                    wholeBps(path(i) + ".stopLimitOffsetBps", e.stopLimitOffsetBps(), DEFAULT_LIMIT_OFFSET_BPS,
                            MAX_LIMIT_OFFSET_BPS),
                    trailingStop(path(i) + ".trailingStop", e.trailingStop()),
                    e.takeProfit() == null ? List.of() : e.takeProfit(),
                    exitOrder(path(i) + ".exitOrder", e.exitOrder()),
                    e.scaleIn() == null ? 0 : (int) whole(path(i) + ".scaleIn.maxAdds", requireAdds(path(i), e.scaleIn()),
                            0, MAX_ADDS, "adds"),
                    entryOrder(path(i) + ".entryOrder", e.entryOrder())));
        }
        return new DecisionConfig(out,
                whole(SECTION + ".orderTimeoutMs", orderTimeoutMs, DEFAULT_ORDER_TIMEOUT_MS, MAX_ORDER_TIMEOUT_MS,
                        "milliseconds"),
                (int) whole(SECTION + ".finishedOrdersKept", finishedOrdersKept, DEFAULT_FINISHED_ORDERS_KEPT,
                        MAX_FINISHED_ORDERS_KEPT, "orders"),
                whole(SECTION + ".finishedOrderRetentionMs", finishedOrderRetentionMs,
                        DEFAULT_FINISHED_ORDER_RETENTION_MS, MAX_FINISHED_ORDER_RETENTION_MS, "milliseconds"),
                risk(risk, strategies));
    }

    private static RiskConfig risk(Object section, List<Entry> strategies) {
        List<Map.Entry<String, Object>> own = new ArrayList<>();
        for (Entry e : strategies) {
            own.add(new java.util.AbstractMap.SimpleEntry<>(e.id(), e.risk()));
        }
        return RiskConfig.parse(section, own);
    }

    /**
     * The section without risk rules.
     *
     * @param strategies               one entry per strategy
     * @param orderTimeoutMs           ms of market data the order router may read past an order left unanswered
     * @param finishedOrdersKept       most finished orders remembered
     * @param finishedOrderRetentionMs longest a finished order is remembered, ms
     * @throws ConfigException naming the first bad field
     */
    public DecisionConfig(List<StrategyConfig> strategies, long orderTimeoutMs, int finishedOrdersKept,
                          long finishedOrderRetentionMs) {
        this(strategies, orderTimeoutMs, finishedOrdersKept, finishedOrderRetentionMs, RiskConfig.NONE);
    }

    /**
     * The section with the default order-tracking bounds.
     *
     * @param strategies one entry per strategy
     * @throws ConfigException naming the first bad field
     */
    public DecisionConfig(List<StrategyConfig> strategies) {
        this(strategies, DEFAULT_ORDER_TIMEOUT_MS, DEFAULT_FINISHED_ORDERS_KEPT, DEFAULT_FINISHED_ORDER_RETENTION_MS);
    }

    /**
     * Validates every entry.
     *
     * @param strategies one entry per strategy
     * @throws ConfigException naming the first bad field, e.g. {@code decision-engine.strategies[0].capital}
     */
    public DecisionConfig {
        if (strategies == null || strategies.isEmpty()) {
            throw new ConfigException(SECTION + ".strategies", "a non-empty list of {id, capital, orderFraction, "
                    + "stopLossBps}");
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < strategies.size(); i++) {
            StrategyConfig s = strategies.get(i);
            if (s == null) {
                throw new ConfigException(path(i), "{id, capital, orderFraction, stopLossBps}, was empty");
            }
            s.validate(path(i));
            if (!ids.add(s.id())) {
                throw new ConfigException(path(i) + ".id", "a unique strategy id, '" + s.id() + "' appears twice");
            }
        }
        strategies = List.copyOf(strategies);
        inRange(SECTION + ".orderTimeoutMs", orderTimeoutMs, MAX_ORDER_TIMEOUT_MS, "milliseconds");
        inRange(SECTION + ".finishedOrdersKept", finishedOrdersKept, MAX_FINISHED_ORDERS_KEPT, "orders");
        inRange(SECTION + ".finishedOrderRetentionMs", finishedOrderRetentionMs, MAX_FINISHED_ORDER_RETENTION_MS,
                "milliseconds");
        if (risk == null) {
            throw new ConfigException(SECTION + ".risk", "the risk rules (RiskConfig.NONE for none), was null");
        }
        for (String id : risk.strategies().keySet()) {
            if (!ids.contains(id)) {
                throw new ConfigException(SECTION + ".strategies", "a strategy '" + id + "' for its risk rules");
            }
        }
    }

    /**
     * Reads and validates the section from the shared config, including the checks that need the shared sections
     * (see {@link #checkAgainst}).
     *
     * @param config the loaded shared config
     * @return the validated section
     * @throws ConfigException if the section is missing or a value is bad
     */
    public static DecisionConfig from(AquatradeConfig config) {
        DecisionConfig section = config.section(SECTION, DecisionConfig.class);
        if (section == null) {
            throw new ConfigException(SECTION, "a section with strategies: [{id, capital, orderFraction, "
                    + "stopLossBps}], was missing");
        }
        section.checkAgainst(config);
        return section;
    }

    /**
     * Checks what depends on the shared sections: each strategy's capital must be exact in the decimals of every
     * instrument's quote asset, and each instrument's {@code sizeDecimals} must not exceed its base asset's decimals
     * (a filled quantity is booked in the base asset's ledger exactly).
     *
     * @param config the loaded shared config
     * @throws ConfigException naming the field
     */
    public void checkAgainst(AquatradeConfig config) {
        for (Instrument instrument : config.instruments().values()) {
            int baseDecimals = config.assetDecimals(instrument.base());
            if (instrument.sizeDecimals() > baseDecimals) {
                throw new ConfigException("assets." + instrument.base(), "at least the sizeDecimals of "
                        + instrument.symbol() + " (" + instrument.sizeDecimals() + "), was " + baseDecimals);
            }
        }
        for (int i = 0; i < strategies.size(); i++) {
            StrategyConfig s = strategies.get(i);
            for (Instrument instrument : config.instruments().values()) {
                s.capitalIn(instrument.quote(), config.assetDecimals(instrument.quote()), path(i) + ".capital");
            }
        }
    }

    /**
     * @param id a strategy id
     * @return the strategy of that id, or null if it is not configured
     */
    public StrategyConfig strategy(String id) {
        for (StrategyConfig s : strategies) {
            if (s.id().equals(id)) {
                return s;
            }
        }
        return null;
    }

    private static String path(int index) {
        return SECTION + ".strategies[" + index + "]";
    }

    private static int wholeBps(String field, BigDecimal value, int fallback, int max) {
        if (value == null) {
            return fallback;
        }
        try {
            int bps = value.stripTrailingZeros().intValueExact();
            if (bps >= 0 && bps <= max) {
                return bps;
            }
        } catch (ArithmeticException notAnInteger) {
            // falls through to the error
        }
        throw new ConfigException(field, "a whole number of basis points 0.." + max + ", was "
                + value.toPlainString());
    }

    private static long whole(String field, BigDecimal value, long fallback, long max, String unit) {
        if (value == null) {
            return fallback;
        }
        try {
            long v = value.stripTrailingZeros().longValueExact();
            inRange(field, v, max, unit);
            return v;
        } catch (ArithmeticException notAnInteger) {
            throw new ConfigException(field, "a whole number of " + unit + " 1.." + max + ", was "
                    + value.toPlainString());
        }
    }

    private static void inRange(String field, long value, long max, String unit) {
        if (value < 1 || value > max) {
            throw new ConfigException(field, "a whole number of " + unit + " 1.." + max + ", was " + value);
        }
    }

    private static TrailingStop trailingStop(String field, Map<String, Object> value) {
        if (value == null) {
            return TrailingStop.NONE;
        }
        String expected = "{bps: N} with N a whole number of basis points 1.." + MAX_STOP_LOSS_BPS
                + ", or {atr: M} with M a multiple of the ATR in (0, " + AtrTrailingStop.MAX_MULTIPLE
                + "] with at most " + AtrTrailingStop.MAX_DECIMALS + " decimals (e.g. 2.5)";
        if (value.containsKey("bps") && value.containsKey("atr")) {
            throw new ConfigException(field, "either bps or atr: {bps: N} and {atr: M} are mutually exclusive, was "
                    + value);
        }
        if (value.size() != 1 || !(value.containsKey("bps") || value.containsKey("atr"))) {
            String key = value.keySet().stream().filter(k -> !k.equals("bps") && !k.equals("atr")).findFirst()
                    .orElse(null);
            throw new ConfigException(key == null ? field : field + "." + key, expected + ", was " + value);
        }
        if (value.containsKey("atr")) {
            Object atr = value.get("atr");
            BigDecimal m = decimal(atr);
            if (m == null || m.signum() <= 0 || m.compareTo(AtrTrailingStop.MAX_MULTIPLE) > 0
                    || m.stripTrailingZeros().scale() > AtrTrailingStop.MAX_DECIMALS) {
                throw new ConfigException(field + ".atr", "a multiple of the ATR in (0, "
                        + AtrTrailingStop.MAX_MULTIPLE + "] with at most " + AtrTrailingStop.MAX_DECIMALS
                        + " decimals (e.g. 2.5), was " + atr);
            }
            return new TrailingStop(0, m);
        }
        Object bps = value.get("bps");
        BigDecimal n = decimal(bps);
        if (n == null || n.signum() <= 0) {
            throw new ConfigException(field + ".bps", "a whole number of basis points 1.." + MAX_STOP_LOSS_BPS
                    + ", was " + bps);
        }
        return new TrailingStop(wholeBps(field + ".bps", n, 0, MAX_STOP_LOSS_BPS), null);
    }

    /** @return the number a config value holds, or null if it holds none */
    private static BigDecimal decimal(Object value) {
        try {
            return value == null ? null : new BigDecimal(value.toString());
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }

    private static BigDecimal requireAdds(String path, ScaleInEntry value) {
        if (value.maxAdds() == null) {
            throw new ConfigException(path + ".scaleIn.maxAdds", "a whole number of adds 1.." + MAX_ADDS
                    + ", was missing");
        }
        return value.maxAdds();
    }

    /**
     * {@code scaleIn} as written.
     *
     * @param maxAdds most adds to one position
     */
    public record ScaleInEntry(@JsonProperty("maxAdds") BigDecimal maxAdds) {
    }

    private static LimitExit exitOrder(String field, ExitOrderEntry value) {
        if (value == null || value.type() == null && value.repriceMs() == null && value.deadlineMs() == null) {
            return null;
        }
        if ("market".equals(value.type())) {
            if (value.repriceMs() != null || value.deadlineMs() != null) {
                throw new ConfigException(field + ".type", "limit when repriceMs or deadlineMs is given, was market");
            }
            return null;
        }
        if (!"limit".equals(value.type())) {
            throw new ConfigException(field + ".type", "market or limit, was "
                    + (value.type() == null ? "missing" : "'" + value.type() + "'"));
        }
        if (value.repriceMs() == null) {
            throw new ConfigException(field + ".repriceMs", "a whole number of milliseconds 1.."
                    + MAX_ORDER_TIMEOUT_MS + ", was missing");
        }
        if (value.deadlineMs() == null) {
            throw new ConfigException(field + ".deadlineMs", "a whole number of milliseconds 1.."
                    + MAX_ORDER_TIMEOUT_MS + ", was missing");
        }
        long reprice = whole(field + ".repriceMs", value.repriceMs(), 0, MAX_ORDER_TIMEOUT_MS, "milliseconds");
        long deadline = whole(field + ".deadlineMs", value.deadlineMs(), 0, MAX_ORDER_TIMEOUT_MS, "milliseconds");
        return new LimitExit(reprice, deadline);
    }

    /**
     * {@code exitOrder: {type: limit, repriceMs: N, deadlineMs: M}}: a signal's exit rests as a limit at the best
     * price on its side, re-priced every N ms of event time until filled, and turned into a market order M ms after
     * the exit began.
     *
     * @param repriceMs  ms of event time between re-pricings; 1..{@value #MAX_ORDER_TIMEOUT_MS}
     * @param deadlineMs ms of event time after which what is left goes as a market order;
     *                   1..{@value #MAX_ORDER_TIMEOUT_MS}
     */
    public record LimitExit(long repriceMs, long deadlineMs) {
    }

    /**
     * {@code exitOrder} as written.
     *
     * @param type       "market" or "limit"
     * @param repriceMs  as written
     * @param deadlineMs as written
     */
    public record ExitOrderEntry(@JsonProperty("type") String type, @JsonProperty("repriceMs") BigDecimal repriceMs,
                                 @JsonProperty("deadlineMs") BigDecimal deadlineMs) {
    }

    private static RestingEntry entryOrder(String field, EntryOrderEntry value) {
        if (value == null || value.type() == null && value.offsetBps() == null && value.timeoutMs() == null
                && value.postOnly() == null) {
            return null;
        }
        if ("market".equals(value.type())) {
            if (value.offsetBps() != null || value.timeoutMs() != null || value.postOnly() != null) {
                throw new ConfigException(field + ".type", "limit when offsetBps, timeoutMs or postOnly is given, "
                        + "was market");
            }
            return null;
        }
        if (!"limit".equals(value.type())) {
            throw new ConfigException(field + ".type", "market or limit, was "
                    + (value.type() == null ? "missing" : "'" + value.type() + "'"));
        }
        if (value.timeoutMs() == null) {
            throw new ConfigException(field + ".timeoutMs", "a whole number of milliseconds 1.."
                    + MAX_ORDER_TIMEOUT_MS + ", was missing");
        }
        return new RestingEntry(wholeBps(field + ".offsetBps", value.offsetBps(), 0, MAX_LIMIT_OFFSET_BPS),
                whole(field + ".timeoutMs", value.timeoutMs(), 0, MAX_ORDER_TIMEOUT_MS, "milliseconds"),
                value.postOnly() != null && value.postOnly());
    }

    /**
     * {@code entryOrder: {type: limit, offsetBps: N, timeoutMs: T, postOnly: P}}: every entry of the strategy (from
     * flat, a scale-in add, a reversal's second leg) rests at the venue as a GTC LIMIT instead of going at once: a
     * buy at the best bid, a sell at the best ask (with no quote known, at the price the entry would otherwise be
     * priced at: the last trade, or the signal bar's close if newer), moved N basis points in the trader's favour
     * (a buy lower, a sell higher) and then to a whole number of ticks the same way (see
     * {@link RestingEntries#price}). It is sized at that price, and cancelled T ms of event time after it was placed
     * if not completely filled by then; what filled stays.
     *
     * @param offsetBps basis points in the trader's favour from the best price on the order's side, 0..{@value
     *                  #MAX_LIMIT_OFFSET_BPS}; 0 (the default) joins the best bid or ask
     * @param timeoutMs ms of event time after placing it that what is left of it is cancelled;
     *                  1..{@value #MAX_ORDER_TIMEOUT_MS}
     * @param postOnly  true to send it {@code postOnly}: the venue rejects it rather than let it take liquidity
     */
    public record RestingEntry(int offsetBps, long timeoutMs, boolean postOnly) {
    }

    /**
     * {@code entryOrder} as written.
     *
     * @param type      "market" (the default) or "limit"
     * @param offsetBps as written, null for 0
     * @param timeoutMs as written
     * @param postOnly  as written, null for false
     */
    public record EntryOrderEntry(@JsonProperty("type") String type, @JsonProperty("offsetBps") BigDecimal offsetBps,
                                  @JsonProperty("timeoutMs") BigDecimal timeoutMs,
                                  @JsonProperty("postOnly") Boolean postOnly) {
    }

    private static StopOrder stopOrder(String field, String value) {
        if (value == null || value.equals("none")) {
            return StopOrder.NONE;
        }
        if (value.equals("market")) {
            return StopOrder.MARKET;
        }
        if (value.equals("limit")) {
            return StopOrder.LIMIT;
        }
        throw new ConfigException(field, "none, market or limit, was '" + value + "'");
    }

    /** How a strategy's protective stop is held: {@code stopOrder} in the config. */
    public enum StopOrder {
        /** The engine watches every tick and sends a market exit when the stop is crossed (the default). */
        NONE,
        /** A reduce-only STOP_MARKET order rests at the venue for the open quantity. */
        MARKET,
        /** A reduce-only STOP_LIMIT order rests at the venue, its limit {@code stopLimitOffsetBps} past the trigger. */
        LIMIT
    }

    private static OrderType orderType(String field, String value) {
        if (value == null || value.equals("market")) {
            return OrderType.MARKET;
        }
        if (value.equals("limit")) {
            return OrderType.LIMIT;
        }
        throw new ConfigException(field, "market or limit, was '" + value + "'");
    }

    /**
     * One strategy's risk settings. Built by {@link DecisionConfig}, whose constructor validates it (so that errors
     * can name the entry's index).
     *
     * @param id            the strategy id its signals carry, e.g. "vwap-momentum": 1..24 characters of
     *                      [A-Za-z0-9_-], so that client order ids {@code <id>-<n>} fit the venue's 36 characters
     * @param capital       starting capital, a decimal amount of each traded instrument's quote asset; &gt; 0
     * @param orderFraction fraction of the strategy's quote balance committed by one entry order; in (0, 1]
     * @param stopLossBps    how far the mark may move against the position's average entry price before the whole
     *                       position is closed, basis points 0..10000: a long is sold when the mark falls below
     *                       {@code entry x (1 - bps/10000)}, a short bought back when it rises above
     *                       {@code entry x (1 + bps/10000)}; 0 (the default) closes as soon as the mark is on the
     *                       losing side of the entry price
     * @param allowShort     true if SHORT signals may open short positions (default false: SHORT only flattens)
     * @param orderType      {@link OrderType#MARKET} (the default) or {@link OrderType#LIMIT}: the type of every
     *                       order a signal causes (entries, exits, both legs of a reversal); stop-loss exits are
     *                       always market orders
     * @param limitOffsetBps for limit orders, how far through the reference price the limit is set, basis points
     *                       0..1000, default 10 (see {@link MarketableLimit})
     * @param stopOrder      {@link StopOrder#NONE} (the default: the engine checks the stop on every tick), or a
     *                       reduce-only STOP_MARKET ({@link StopOrder#MARKET}) or STOP_LIMIT ({@link StopOrder#LIMIT})
     *                       order resting at the venue at the stop price for the open quantity
     * @param stopLimitOffsetBps for {@link StopOrder#LIMIT}, how far past the trigger the stop's limit is set (below
     *                       it for a sell, above for a buy), basis points 0..1000, default 10; ignored otherwise
     * @param trailingStop   a trailing stop's distance from the best trade price since entry (the highest for a
     *                       long, the lowest for a short), in basis points or in ATR multiples;
     *                       {@link TrailingStop#NONE} (the default) for none. The stop in force is the tighter of it
     *                       and {@code stopLossBps}'s, and only ever moves in the position's favour
     * @param takeProfit     the take-profit ladder: resting reduce-only GTC limits placed once the entry is complete,
     *                       each at {@code entry +- r x R} (R = entry - the stopLossBps stop) for {@code fraction}
     *                       of the position; empty for none. Needs stopLossBps &gt; 0; fractions sum to at most 1
     * @param exitOrder      how a signal's exit goes: null (the default) as {@code orderType} says; else as a resting
     *                       limit re-priced until filled or its deadline ({@link LimitExit})
     * @param scaleInMaxAdds  most times a winning position is added to on a repeated entry signal, 0..100; 0 (the
     *                       default) denies it as before ({@code POSITION_OPEN})
     * @param entryOrder     how entries go: null (the default) as {@code orderType} says, at once; else as a resting
     *                       GTC limit cancelled after its timeout ({@link RestingEntry})
     */
    public record StrategyConfig(String id, BigDecimal capital, BigDecimal orderFraction, int stopLossBps,
                                 boolean allowShort, OrderType orderType, int limitOffsetBps, StopOrder stopOrder,
                                 int stopLimitOffsetBps, TrailingStop trailingStop, List<TakeProfit> takeProfit,
                                 LimitExit exitOrder, int scaleInMaxAdds, RestingEntry entryOrder) {
        /** Longest strategy id: 24 characters, leaving 12 for "-" and the order counter. */
        public static final int MAX_ID_LENGTH = 24;

        /**
         * A long-only strategy trading with market orders (the defaults of the newer keys).
         *
         * @param id            strategy id
         * @param capital       starting capital
         * @param orderFraction fraction of the balance per entry
         * @param stopLossBps   stop distance in basis points
         */
        public StrategyConfig(String id, BigDecimal capital, BigDecimal orderFraction, int stopLossBps) {
            this(id, capital, orderFraction, stopLossBps, false, OrderType.MARKET, DEFAULT_LIMIT_OFFSET_BPS);
        }

        /**
         * A strategy whose stop the engine checks on ticks ({@code stopOrder: none}).
         *
         * @param id             strategy id
         * @param capital        starting capital
         * @param orderFraction  fraction of the balance per entry
         * @param stopLossBps    stop distance in basis points
         * @param allowShort     whether SHORT opens shorts
         * @param orderType      market or limit
         * @param limitOffsetBps limit offset in basis points
         */
        public StrategyConfig(String id, BigDecimal capital, BigDecimal orderFraction, int stopLossBps,
                              boolean allowShort, OrderType orderType, int limitOffsetBps) {
            this(id, capital, orderFraction, stopLossBps, allowShort, orderType, limitOffsetBps, StopOrder.NONE,
                    DEFAULT_LIMIT_OFFSET_BPS, TrailingStop.NONE, List.of(), null, 0, null);
        }

        void validate(String path) {
            if (id == null || !id.matches("[A-Za-z0-9_-]{1," + MAX_ID_LENGTH + "}")) {
                throw new ConfigException(path + ".id", "1.." + MAX_ID_LENGTH + " characters of [A-Za-z0-9_-], "
                        + "was " + (id == null ? "missing" : "'" + id + "'"));
            }
            if (capital == null || capital.signum() <= 0) {
                throw new ConfigException(path + ".capital", "a decimal amount > 0 of the quote asset, was "
                        + (capital == null ? "missing" : capital.toPlainString()));
            }
            if (orderFraction == null || orderFraction.signum() <= 0 || orderFraction.compareTo(BigDecimal.ONE) > 0) {
                throw new ConfigException(path + ".orderFraction", "a fraction in (0, 1], was "
                        + (orderFraction == null ? "missing" : orderFraction.toPlainString()));
            }
            if (orderFraction.stripTrailingZeros().scale() > FixedPoint.MAX_DECIMALS) {
                throw new ConfigException(path + ".orderFraction", "at most " + FixedPoint.MAX_DECIMALS
                        + " decimals, was " + orderFraction.toPlainString());
            }
            if (stopLossBps < 0 || stopLossBps > MAX_STOP_LOSS_BPS) {
                throw new ConfigException(path + ".stopLossBps", "a whole number of basis points 0.."
                        + MAX_STOP_LOSS_BPS + ", was " + stopLossBps);
            }
            if (orderType == null) {
                throw new ConfigException(path + ".orderType", "market or limit, was missing");
            }
            if (limitOffsetBps < 0 || limitOffsetBps > MAX_LIMIT_OFFSET_BPS) {
                throw new ConfigException(path + ".limitOffsetBps", "a whole number of basis points 0.."
                        + MAX_LIMIT_OFFSET_BPS + ", was " + limitOffsetBps);
            }
            if (stopOrder == null) {
                throw new ConfigException(path + ".stopOrder", "none, market or limit, was missing");
            }
            if (stopLimitOffsetBps < 0 || stopLimitOffsetBps > MAX_LIMIT_OFFSET_BPS) {
                throw new ConfigException(path + ".stopLimitOffsetBps", "a whole number of basis points 0.."
                        + MAX_LIMIT_OFFSET_BPS + ", was " + stopLimitOffsetBps);
            }
            if (takeProfit == null) {
                throw new ConfigException(path + ".takeProfit", "a list of {r, fraction}, was missing");
            }
            BigDecimal sum = BigDecimal.ZERO;
            for (int k = 0; k < takeProfit.size(); k++) {
                TakeProfit t = takeProfit.get(k);
                String at = path + ".takeProfit[" + k + "]";
                if (t == null || t.r() == null || t.r().signum() <= 0 || t.r().compareTo(BigDecimal.valueOf(100)) > 0
                        || t.r().stripTrailingZeros().scale() > 4) {
                    throw new ConfigException(at + ".r", "a multiple of R in (0, 100] with at most 4 decimals, was "
                            + (t == null || t.r() == null ? "missing" : t.r().toPlainString()));
                }
                if (t.fraction() == null || t.fraction().signum() <= 0 || t.fraction().compareTo(BigDecimal.ONE) > 0
                        || t.fraction().stripTrailingZeros().scale() > 4) {
                    throw new ConfigException(at + ".fraction", "a fraction of the position in (0, 1] with at most "
                            + "4 decimals, was " + (t.fraction() == null ? "missing" : t.fraction().toPlainString()));
                }
                sum = sum.add(t.fraction());
            }
            if (sum.compareTo(BigDecimal.ONE) > 0) {
                throw new ConfigException(path + ".takeProfit", "fractions summing to at most 1, was "
                        + sum.toPlainString());
            }
            if (!takeProfit.isEmpty() && (stopLossBps == 0)) {
                throw new ConfigException(path + ".takeProfit", "a stopLossBps > 0 to measure R (entry - stop) by, "
                        + "was stopLossBps 0");
            }
            if (scaleInMaxAdds < 0 || scaleInMaxAdds > MAX_ADDS) {
                throw new ConfigException(path + ".scaleIn.maxAdds", "a whole number of adds 1.." + MAX_ADDS + ", was "
                        + scaleInMaxAdds);
            }
            if (trailingStop == null) {
                throw new ConfigException(path + ".trailingStop", "{bps: N}, {atr: M} or none, was missing");
            }
            if (trailingStop.bps() < 0 || trailingStop.bps() > MAX_STOP_LOSS_BPS) {
                throw new ConfigException(path + ".trailingStop.bps", "a whole number of basis points 1.."
                        + MAX_STOP_LOSS_BPS + ", was " + trailingStop.bps());
            }
            if (trailingStop.atr() != null && (trailingStop.bps() != 0 || trailingStop.atr().signum() <= 0
                    || trailingStop.atr().compareTo(AtrTrailingStop.MAX_MULTIPLE) > 0
                    || trailingStop.atr().stripTrailingZeros().scale() > AtrTrailingStop.MAX_DECIMALS)) {
                throw new ConfigException(path + ".trailingStop.atr", "a multiple of the ATR in (0, "
                        + AtrTrailingStop.MAX_MULTIPLE + "] with at most " + AtrTrailingStop.MAX_DECIMALS
                        + " decimals and no bps beside it, was " + trailingStop);
            }
        }

        /** @return the trailing stop's distance in basis points, 1..10000; 0 if it has none or is in ATR multiples */
        public int trailingStopBps() {
            return trailingStop.bps();
        }

        /**
         * The capital as a mantissa of an asset.
         *
         * @param asset    the quote asset, for the message
         * @param decimals that asset's decimals
         * @param field    config path, for the message
         * @return capital x 10^decimals, exactly
         * @throws ConfigException if the capital has more decimals than the asset or does not fit a long
         */
        long capitalIn(String asset, int decimals, String field) {
            try {
                return FixedPoint.fromBigDecimal(capital, decimals);
            } catch (ArithmeticException e) {
                throw new ConfigException(field, "an amount of " + asset + " with at most " + decimals
                        + " decimals, was " + capital.toPlainString());
            }
        }
    }

    /**
     * A strategy entry as written in the file, before defaults and validation.
     *
     * @param id            strategy id
     * @param capital       starting capital
     * @param orderFraction fraction of the balance per entry
     * @param stopLossBps    stop distance in basis points; default 0
     * @param allowShort     whether SHORT opens shorts; default false
     * @param orderType      "market" or "limit"; default "market"
     * @param limitOffsetBps limit offset in basis points; default 10
     * @param stopOrder      "none", "market" or "limit"; default "none"
     * @param stopLimitOffsetBps a stop limit's offset past its trigger in basis points; default 10
     * @param trailingStop   {@code {bps: N}}, {@code {atr: M}} or absent
     * @param takeProfit     the ladder's rungs, or absent
     * @param exitOrder      {@code {type, repriceMs, deadlineMs}}, or absent
     * @param scaleIn        {@code {maxAdds: N}}, or absent
     * @param entryOrder     {@code {type, offsetBps, timeoutMs, postOnly}}, or absent
     * @param risk           the strategy's own risk rules as written ({@link RiskConfig}), or absent
     */
    public record Entry(@JsonProperty("id") String id, @JsonProperty("capital") BigDecimal capital,
                        @JsonProperty("orderFraction") BigDecimal orderFraction,
                        @JsonProperty("stopLossBps") BigDecimal stopLossBps,
                        @JsonProperty("allowShort") Boolean allowShort,
                        @JsonProperty("orderType") String orderType,
                        @JsonProperty("limitOffsetBps") BigDecimal limitOffsetBps,
                        @JsonProperty("stopOrder") String stopOrder,
                        @JsonProperty("stopLimitOffsetBps") BigDecimal stopLimitOffsetBps,
                        @JsonProperty("trailingStop") Map<String, Object> trailingStop,
                        @JsonProperty("takeProfit") List<TakeProfit> takeProfit,
                        @JsonProperty("exitOrder") ExitOrderEntry exitOrder,
                        @JsonProperty("scaleIn") ScaleInEntry scaleIn,
                        @JsonProperty("entryOrder") EntryOrderEntry entryOrder,
                        @JsonProperty("risk") Object risk) {
    }

    /**
     * A trailing stop's distance from the best trade price since entry ({@code trailingStop}): at most one of the two.
     *
     * @param bps basis points 1..10000 ({@code {bps: N}}), 0 if none or in ATR multiples
     * @param atr the multiple M of the ATR ({@code {atr: M}}: the distance is floor(M x ATR), see
     *            {@link AtrTrailingStop}), in (0, 100] with at most 2 decimals; null if none or in basis points
     */
    public record TrailingStop(int bps, BigDecimal atr) {
        /** No trailing stop. */
        public static final TrailingStop NONE = new TrailingStop(0, null);
    }

    /**
     * One rung of a take-profit ladder ({@code {r: 1, fraction: 0.5}}).
     *
     * @param r        the target as a multiple of R (entry - stop distance); in (0, 100], at most 4 decimals
     * @param fraction the share of the position's quantity it sells (buys back for a short); in (0, 1], at most 4
     *                 decimals
     */
    public record TakeProfit(@JsonProperty("r") BigDecimal r, @JsonProperty("fraction") BigDecimal fraction) {
    }
}
