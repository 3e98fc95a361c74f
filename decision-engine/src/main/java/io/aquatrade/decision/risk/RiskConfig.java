package io.aquatrade.decision.risk;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.aquatrade.common.ConfigException;
import io.aquatrade.common.FixedPoint;

/**
 * The risk rules: {@code decision-engine.risk} (account-wide) and each strategy's {@code risk} block
 * ({@code decision-engine.strategies[i].risk}), which holds the same keys and overrides the account-wide ones key by
 * key (inside {@code maxExposure}, {@code maxTradesPerDay}, {@code cooldown} and {@code capitalRule}: sub-key by
 * sub-key). Every rule is checked per strategy against that strategy's capital and equity; only
 * {@code maxExposure.account} and {@code dayStartUtc} are account-wide and may not appear in a strategy.
 *
 * <pre>{@code
 * decision-engine:
 *   risk:
 *     dayStartUtc: "00:00"                      # HH:MM UTC at which the trading day starts
 *     maxDailyLoss: {fraction: 0.03}            # or {amount: 150} in the quote asset
 *     flattenOnDailyLoss: true
 *     maxTradesPerDay: {strategy: 10, instrument: 4}     # or a number: per strategy
 *     maxExposure: {instrument: {fraction: 0.3}, strategy: {fraction: 0.5}, account: {amount: 5000}}
 *     maxOpenPositions: 3
 *     cooldown: {losses: 3, afterStopOut: true, minutes: 30}
 *     capitalRule: {baseFraction: 0.5, profitFraction: 1.0}
 *     sizing: {mode: fixed-fraction}           # | {mode: fixed-notional, amount: 100}
 *                                              # | {mode: risk-per-trade, fraction: 0.01}
 *                                              # | {mode: volatility, fraction: 0.01, atrMultiple: 2}
 *     staleAfterMs: 5000
 *     maxSpreadBps: 20
 *   strategies:
 *     - {id: ma-cross, capital: 1000, orderFraction: 0.5, risk: {maxTradesPerDay: 1}}
 * }</pre>
 *
 * <p>Every error is a {@link ConfigException} naming the field by its full path; unknown keys are errors.
 *
 * @param account    the account-wide rules (every field null when the section has no {@code risk})
 * @param strategies each strategy's own rules by strategy id, as written (not yet merged with {@code account})
 * @param dayStartMs offset of the trading day's start from UTC midnight, ms, 0..86399999 ({@code dayStartUtc})
 * @param accountMaxExposure most open notional over all strategies, per quote asset; null for none
 */
public record RiskConfig(Rules account, Map<String, Rules> strategies, long dayStartMs,
                         RiskLimit accountMaxExposure) {
    /** No risk rule at all (a section without {@code risk}). */
    public static final RiskConfig NONE = new RiskConfig(Rules.EMPTY, Map.of(), 0, null);
    /** Largest {@code maxTradesPerDay} and {@code maxOpenPositions}. */
    public static final int MAX_COUNT = 1_000_000;
    /** Largest {@code staleAfterMs}: one day. */
    public static final long MAX_STALE_AFTER_MS = 86_400_000L;
    /** Largest {@code maxSpreadBps}: 10000 (100 %). */
    public static final int MAX_SPREAD_BPS = 10_000;
    /** Largest {@code cooldown.minutes}: one week. */
    public static final int MAX_COOLDOWN_MINUTES = 10_080;

    private static final Set<String> RULE_KEYS = Set.of("maxDailyLoss", "flattenOnDailyLoss", "maxTradesPerDay",
            "maxExposure", "maxOpenPositions", "cooldown", "capitalRule", "sizing", "staleAfterMs", "maxSpreadBps");

    /** Makes the maps immutable. */
    public RiskConfig {
        strategies = Map.copyOf(strategies);
        if (dayStartMs < 0 || dayStartMs >= 86_400_000L) {
            throw new ConfigException("decision-engine.risk.dayStartUtc", "a time of day HH:MM, was " + dayStartMs
                    + " ms");
        }
    }

    /**
     * @param strategyId a strategy id
     * @return the rules in force for it: its own where it sets a key, else the account-wide ones
     */
    public Rules rulesFor(String strategyId) {
        Rules own = strategies.get(strategyId);
        return own == null ? account : account.overriddenBy(own);
    }

    /**
     * Parses {@code decision-engine.risk} and the strategies' {@code risk} blocks as Jackson read them (maps of
     * strings, numbers, booleans).
     *
     * @param section    the section's {@code risk} value, or null
     * @param strategies each strategy's id and its {@code risk} value (null for none), in file order
     * @return the validated rules
     * @throws ConfigException naming the first bad or unknown field, e.g.
     *                         {@code decision-engine.strategies[1].risk.maxDailyLoss.fraction}
     */
    public static RiskConfig parse(Object section, List<Map.Entry<String, Object>> strategies) {
        String path = "decision-engine.risk";
        Map<String, Object> raw = map(path, section);
        long dayStartMs = 0;
        RiskLimit accountMaxExposure = null;
        Rules account = Rules.EMPTY;
        if (raw != null) {
            for (String key : raw.keySet()) {
                if (!RULE_KEYS.contains(key) && !key.equals("dayStartUtc")) {
                    throw new ConfigException(path + "." + key, "one of " + sorted(RULE_KEYS) + " or dayStartUtc "
                            + "(unknown key)");
                }
            }
            if (raw.get("dayStartUtc") != null) {
                dayStartMs = timeOfDayMs(path + ".dayStartUtc", raw.get("dayStartUtc"));
            }
            Map<String, Object> exposure = map(path + ".maxExposure", raw.get("maxExposure"));
            if (exposure != null && exposure.get("account") != null) {
                accountMaxExposure = limit(path + ".maxExposure.account", exposure.get("account"));
            }
            account = rules(path, raw, true);
        }
        Map<String, Rules> own = new LinkedHashMap<>();
        for (int i = 0; i < strategies.size(); i++) {
            String at = "decision-engine.strategies[" + i + "].risk";
            Map<String, Object> s = map(at, strategies.get(i).getValue());
            if (s == null) {
                continue;
            }
            for (String key : s.keySet()) {
                if (!RULE_KEYS.contains(key)) {
                    throw new ConfigException(at + "." + key, key.equals("dayStartUtc")
                            ? "no dayStartUtc in a strategy: the trading day is account-wide (decision-engine.risk)"
                            : "one of " + sorted(RULE_KEYS) + " (unknown key)");
                }
            }
            own.put(strategies.get(i).getKey(), rules(at, s, false));
        }
        return new RiskConfig(account, own, dayStartMs, accountMaxExposure);
    }

    private static Rules rules(String path, Map<String, Object> raw, boolean accountWide) {
        RiskLimit maxDailyLoss = raw.get("maxDailyLoss") == null ? null
                : limit(path + ".maxDailyLoss", raw.get("maxDailyLoss"));
        Boolean flatten = raw.get("flattenOnDailyLoss") == null ? null
                : bool(path + ".flattenOnDailyLoss", raw.get("flattenOnDailyLoss"));
        Integer tradesStrategy = null;
        Integer tradesInstrument = null;
        Object trades = raw.get("maxTradesPerDay");
        if (trades instanceof Map) {
            Map<String, Object> t = map(path + ".maxTradesPerDay", trades);
            onlyKeys(path + ".maxTradesPerDay", t, Set.of("strategy", "instrument"));
            tradesStrategy = t.get("strategy") == null ? null
                    : (int) whole(path + ".maxTradesPerDay.strategy", t.get("strategy"), 1, MAX_COUNT, "entries");
            tradesInstrument = t.get("instrument") == null ? null
                    : (int) whole(path + ".maxTradesPerDay.instrument", t.get("instrument"), 1, MAX_COUNT, "entries");
        } else if (trades != null) {
            tradesStrategy = (int) whole(path + ".maxTradesPerDay", trades, 1, MAX_COUNT, "entries");
        }
        RiskLimit exposureInstrument = null;
        RiskLimit exposureStrategy = null;
        Map<String, Object> exposure = map(path + ".maxExposure", raw.get("maxExposure"));
        if (exposure != null) {
            onlyKeys(path + ".maxExposure", exposure, accountWide ? Set.of("instrument", "strategy", "account")
                    : Set.of("instrument", "strategy"));
            exposureInstrument = exposure.get("instrument") == null ? null
                    : limit(path + ".maxExposure.instrument", exposure.get("instrument"));
            exposureStrategy = exposure.get("strategy") == null ? null
                    : limit(path + ".maxExposure.strategy", exposure.get("strategy"));
        }
        Integer maxOpenPositions = raw.get("maxOpenPositions") == null ? null
                : (int) whole(path + ".maxOpenPositions", raw.get("maxOpenPositions"), 1, MAX_COUNT, "positions");
        Cooldown cooldown = raw.get("cooldown") == null ? null : cooldown(path + ".cooldown", raw.get("cooldown"));
        CapitalRule capitalRule = raw.get("capitalRule") == null ? null
                : capitalRule(path + ".capitalRule", raw.get("capitalRule"));
        Sizing sizing = raw.get("sizing") == null ? null : Sizing.parse(path + ".sizing", map(path + ".sizing",
                raw.get("sizing")));
        Long staleAfterMs = raw.get("staleAfterMs") == null ? null
                : whole(path + ".staleAfterMs", raw.get("staleAfterMs"), 1, MAX_STALE_AFTER_MS, "milliseconds");
        Integer maxSpreadBps = raw.get("maxSpreadBps") == null ? null
                : (int) whole(path + ".maxSpreadBps", raw.get("maxSpreadBps"), 1, MAX_SPREAD_BPS, "basis points");
        return new Rules(maxDailyLoss, flatten, tradesStrategy, tradesInstrument, exposureInstrument,
                exposureStrategy, maxOpenPositions, cooldown, capitalRule, sizing, staleAfterMs, maxSpreadBps);
    }

    private static Cooldown cooldown(String path, Object value) {
        Map<String, Object> c = map(path, value);
        onlyKeys(path, c, Set.of("losses", "afterStopOut", "minutes"));
        if (c.get("minutes") == null) {
            throw new ConfigException(path + ".minutes", "a whole number of minutes 1.." + MAX_COOLDOWN_MINUTES
                    + ", was missing");
        }
        int losses = c.get("losses") == null ? 0 : (int) whole(path + ".losses", c.get("losses"), 1, 1000,
                "losing round trips");
        boolean afterStopOut = c.get("afterStopOut") != null && bool(path + ".afterStopOut", c.get("afterStopOut"));
        if (losses == 0 && !afterStopOut) {
            throw new ConfigException(path, "losses: N and/or afterStopOut: true (what starts a cooldown), was "
                    + value);
        }
        return new Cooldown(losses, afterStopOut,
                (int) whole(path + ".minutes", c.get("minutes"), 1, MAX_COOLDOWN_MINUTES, "minutes"));
    }

    private static CapitalRule capitalRule(String path, Object value) {
        Map<String, Object> c = map(path, value);
        onlyKeys(path, c, Set.of("baseFraction", "profitFraction"));
        return new CapitalRule(fraction(path + ".baseFraction", c.get("baseFraction"), false),
                fraction(path + ".profitFraction", c.get("profitFraction"), true));
    }

    static RiskLimit limit(String path, Object value) {
        if (!(value instanceof Map)) {
            throw new ConfigException(path, "{fraction: F} (F in (0, 1]) or {amount: A} (A > 0, quote asset), was "
                    + value);
        }
        Map<String, Object> m = map(path, value);
        onlyKeys(path, m, Set.of("fraction", "amount"));
        if (m.size() != 1) {
            throw new ConfigException(path, "exactly one of {fraction: F} or {amount: A}, was " + value);
        }
        if (m.containsKey("fraction")) {
            return new RiskLimit(fraction(path + ".fraction", m.get("fraction"), false), null);
        }
        return new RiskLimit(null, positive(path + ".amount", m.get("amount"), "an amount > 0 of the quote asset"));
    }

    static BigDecimal fraction(String path, Object value, boolean zeroAllowed) {
        BigDecimal f = number(path, value, zeroAllowed ? "a fraction in [0, 1]" : "a fraction in (0, 1]");
        if (f.signum() < 0 || (!zeroAllowed && f.signum() == 0) || f.compareTo(BigDecimal.ONE) > 0
                || f.stripTrailingZeros().scale() > FixedPoint.MAX_DECIMALS) {
            throw new ConfigException(path, (zeroAllowed ? "a fraction in [0, 1]" : "a fraction in (0, 1]")
                    + " with at most " + FixedPoint.MAX_DECIMALS + " decimals, was " + f.toPlainString());
        }
        return f;
    }

    static BigDecimal positive(String path, Object value, String expected) {
        BigDecimal v = number(path, value, expected);
        if (v.signum() <= 0) {
            throw new ConfigException(path, expected + ", was " + v.toPlainString());
        }
        return v;
    }

    static BigDecimal number(String path, Object value, String expected) {
        if (value == null) {
            throw new ConfigException(path, expected + ", was missing");
        }
        if (!(value instanceof Number)) {
            throw new ConfigException(path, expected + ", was '" + value + "'");
        }
        return new BigDecimal(value.toString());
    }

    static long whole(String path, Object value, long min, long max, String unit) {
        BigDecimal v = number(path, value, "a whole number of " + unit + " " + min + ".." + max);
        try {
            long n = v.stripTrailingZeros().longValueExact();
            if (n >= min && n <= max) {
                return n;
            }
        } catch (ArithmeticException notWhole) {
            // falls through
        }
        throw new ConfigException(path, "a whole number of " + unit + " " + min + ".." + max + ", was "
                + v.toPlainString());
    }

    private static boolean bool(String path, Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        throw new ConfigException(path, "true or false, was '" + value + "'");
    }

    private static long timeOfDayMs(String path, Object value) {
        String text = value.toString();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([01]\\d|2[0-3]):([0-5]\\d)").matcher(text);
        if (!(value instanceof String) || !m.matches()) {
            throw new ConfigException(path, "a UTC time of day \"HH:MM\" (quoted), 00:00..23:59, was '" + text + "'");
        }
        return (Long.parseLong(m.group(1)) * 60 + Long.parseLong(m.group(2))) * 60_000L;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(String path, Object value) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof Map)) {
            throw new ConfigException(path, "a map of keys, was '" + value + "'");
        }
        return (Map<String, Object>) value;
    }

    static void onlyKeys(String path, Map<String, Object> m, Set<String> allowed) {
        for (String key : m.keySet()) {
            if (!allowed.contains(key)) {
                throw new ConfigException(path + "." + key, "one of " + sorted(allowed) + " (unknown key)");
            }
        }
    }

    private static List<String> sorted(Set<String> keys) {
        return keys.stream().sorted().toList();
    }

    /**
     * One strategy's rules, or the account-wide defaults; a null field is not set (no such limit, or the
     * account-wide one when merged).
     *
     * @param maxDailyLoss                 realised plus unrealised loss since the day's start that stops entries
     *                                     for the rest of the day; a fraction of the strategy's capital or an amount
     * @param flattenOnDailyLoss           whether hitting {@code maxDailyLoss} also closes the strategy's positions
     * @param maxTradesPerDay              most entries per trading day per strategy, 1..{@value #MAX_COUNT}
     * @param maxTradesPerDayPerInstrument most entries per trading day per strategy and instrument
     * @param maxExposureInstrument        most open notional of the strategy on one instrument (fraction of the
     *                                     strategy's equity, or an amount)
     * @param maxExposureStrategy          most open notional of the strategy over its instruments
     * @param maxOpenPositions             most instruments the strategy holds a position in
     * @param cooldown                     no entry on an instrument for a while after losses or a stop-out
     * @param capitalRule                  most the strategy may deploy, from its capital and realised profit
     * @param sizing                       how an entry's quantity is computed
     * @param staleAfterMs                 no entry when the instrument's last tick is older, ms
     * @param maxSpreadBps                 no entry when the spread is wider, basis points of the mid
     */
    public record Rules(RiskLimit maxDailyLoss, Boolean flattenOnDailyLoss, Integer maxTradesPerDay,
                        Integer maxTradesPerDayPerInstrument, RiskLimit maxExposureInstrument,
                        RiskLimit maxExposureStrategy, Integer maxOpenPositions, Cooldown cooldown,
                        CapitalRule capitalRule, Sizing sizing, Long staleAfterMs, Integer maxSpreadBps) {
        /** No rule set. */
        public static final Rules EMPTY = new Rules(null, null, null, null, null, null, null, null, null, null, null,
                null);

        /**
         * @param own a strategy's own rules
         * @return these rules with every field {@code own} sets replaced by its value
         */
        public Rules overriddenBy(Rules own) {
            return new Rules(pick(own.maxDailyLoss, maxDailyLoss), pick(own.flattenOnDailyLoss, flattenOnDailyLoss),
                    pick(own.maxTradesPerDay, maxTradesPerDay),
                    pick(own.maxTradesPerDayPerInstrument, maxTradesPerDayPerInstrument),
                    pick(own.maxExposureInstrument, maxExposureInstrument),
                    pick(own.maxExposureStrategy, maxExposureStrategy), pick(own.maxOpenPositions, maxOpenPositions),
                    pick(own.cooldown, cooldown), pick(own.capitalRule, capitalRule), pick(own.sizing, sizing),
                    pick(own.staleAfterMs, staleAfterMs), pick(own.maxSpreadBps, maxSpreadBps));
        }

        private static <T> T pick(T own, T account) {
            return own != null ? own : account;
        }
    }

    /**
     * {@code cooldown: {losses: N, afterStopOut: true, minutes: M}}: after N consecutive losing round trips of the
     * strategy on an instrument (N 0 = not on losses), or after a stop-out there, no entry of the strategy on that
     * instrument for M minutes of event time.
     *
     * @param losses       consecutive losing round trips that start a cooldown, 1..1000; 0 for none
     * @param afterStopOut whether a stop-out starts a cooldown
     * @param minutes      how long, 1..{@value #MAX_COOLDOWN_MINUTES}
     */
    public record Cooldown(int losses, boolean afterStopOut, int minutes) {
        /** @return the cooldown's length, ms */
        public long durationMs() {
            return minutes * 60_000L;
        }
    }

    /**
     * {@code capitalRule: {baseFraction: b, profitFraction: p}}: a strategy deploys at most b x its base capital
     * plus p x its realised profit; a realised loss reduces the base first (b x (capital + realised)).
     *
     * @param baseFraction   b, in (0, 1]
     * @param profitFraction p, in [0, 1]
     */
    public record CapitalRule(BigDecimal baseFraction, BigDecimal profitFraction) {
    }
}
