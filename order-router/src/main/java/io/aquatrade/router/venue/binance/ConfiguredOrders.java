package io.aquatrade.router.venue.binance;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.ConfigException;
import io.aquatrade.common.Instrument;

/**
 * What the config will ask of the venue, as {@link VenueCheck} needs to know it: the order types and first entry
 * sizes of the strategies. The strategies belong to the decision engine and the signal generator, whose config
 * types order-router may not depend on (a process module depends on {@code common} only), so their sections are
 * read here as written, as JSON, with the decision engine's defaults ({@code orderType: market}, {@code stopOrder:
 * none}, {@code sizing: fixed-fraction}); each process validates its own section when it starts.
 */
final class ConfiguredOrders {
    private final AquatradeConfig config;

    /** @param config the shared config whose {@code decision-engine} and {@code signal-generator} sections are read */
    ConfiguredOrders(AquatradeConfig config) {
        this.config = config;
    }

    /**
     * The Binance order types the config will send on each instrument, from {@code decision-engine.strategies[]}
     * (read as written, defaults as the decision engine's: {@code orderType: market}, {@code stopOrder: none}) and
     * the instruments of the strategy of the same id in {@code signal-generator.strategies[]} (all instruments if it
     * names none). An entry starting with "!" is a setting the binance venue cannot carry out, with what to do.
     */
    Map<String, Set<String>> orderTypesNeeded() {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (Instrument in : config.instruments().values()) {
            out.computeIfAbsent(in.symbol(), k -> new LinkedHashSet<>()).add("MARKET");
        }
        List<JsonNode> strategies = decisionStrategies();
        for (int k = 0; k < strategies.size(); k++) {
            JsonNode st = strategies.get(k);
            Set<String> types = new LinkedHashSet<>();
            String id = st.path("id").asText();
            if ("limit".equals(st.path("orderType").asText("market"))) {
                types.add("LIMIT");
            }
            JsonNode entry = st.path("entryOrder");
            if ("limit".equals(entry.path("type").asText("market"))) {
                types.add(entry.path("postOnly").asBoolean(false) ? "LIMIT_MAKER" : "LIMIT");
            }
            if ("limit".equals(st.path("exitOrder").path("type").asText("market"))) {
                types.add("LIMIT");
            }
            if (st.path("takeProfit").size() > 0) {
                types.add("LIMIT");
            }
            if (takeProfitWithStop(st)) {
                types.add("!" + takeProfitWithStopText(id, k));
            }
            switch (st.path("stopOrder").asText("none")) {
                case "limit" -> types.add("STOP_LOSS_LIMIT");
                case "market" -> types.add("STOP_LOSS"); // a STOP_MARKET goes out as STOP_LOSS
                default -> {
                }
            }
            for (String symbol : instrumentsOf(id)) {
                Set<String> set = out.get(symbol);
                if (set != null) {
                    set.addAll(types);
                }
            }
        }
        return out;
    }

    /**
     * Refuses, at start-up of the binance venue, a strategy of {@code decision-engine.strategies[]} with both a
     * {@code takeProfit} ladder and a resting stop ({@code stopOrder: market} or {@code limit}). On Binance spot a
     * working sell stop locks the whole position's base quantity, so a take-profit rung (a partial reduce-only limit
     * sell) beside it is refused with -2010 insufficient balance; the venue cancels-and-replaces the stop only for a
     * sell of the whole position (an exit), as a rung would leave the rest without a stop.
     *
     * @throws ConfigException naming the first such strategy's {@code takeProfit} and {@code stopOrder} fields
     */
    void refuseTakeProfitWithStop() {
        List<JsonNode> strategies = decisionStrategies();
        for (int k = 0; k < strategies.size(); k++) {
            if (takeProfitWithStop(strategies.get(k))) {
                throw new ConfigException("decision-engine.strategies[" + k + "].takeProfit",
                        takeProfitWithStopText(strategies.get(k).path("id").asText(), k));
            }
        }
    }

    private static boolean takeProfitWithStop(JsonNode st) {
        String stop = st.path("stopOrder").asText("none");
        return st.path("takeProfit").size() > 0 && ("market".equals(stop) || "limit".equals(stop));
    }

    private static String takeProfitWithStopText(String id, int k) {
        return "strategy " + id + " (decision-engine.strategies[" + k + "]) has both takeProfit and stopOrder, which "
                + "order-router.venue: binance cannot carry out: on Binance spot the resting stop locks the whole "
                + "position, so each take-profit rung would be refused (-2010 insufficient balance); remove takeProfit, "
                + "or set stopOrder: none (the decision engine then checks the stop on every tick)";
    }

    /** Entry sizes per strategy trading the instrument. */
    List<StrategySize> strategySizes(String symbol) {
        List<StrategySize> out = new ArrayList<>();
        JsonNode section = section("decision-engine");
        List<JsonNode> strategies = decisionStrategies();
        for (int k = 0; k < strategies.size(); k++) {
            JsonNode st = strategies.get(k);
            String id = st.path("id").asText();
            if (!instrumentsOf(id).contains(symbol)) {
                continue;
            }
            JsonNode sizing = st.path("risk").path("sizing");
            if (sizing.isMissingNode()) {
                sizing = section.path("risk").path("sizing");
            }
            String mode = sizing.path("mode").asText("fixed-fraction");
            BigDecimal capital = SymbolFilters.decimalOrNull(st.path("capital"));
            BigDecimal fraction = SymbolFilters.decimalOrNull(st.path("orderFraction"));
            if ("fixed-notional".equals(mode) && SymbolFilters.decimalOrNull(sizing.path("amount")) != null) {
                out.add(new StrategySize(id, k, mode, SymbolFilters.decimalOrNull(sizing.path("amount")),
                        "fixed-notional amount"));
            } else if ("fixed-fraction".equals(mode) && capital != null && fraction != null) {
                out.add(new StrategySize(id, k, mode, capital.multiply(fraction).stripTrailingZeros(),
                        "capital " + capital.stripTrailingZeros().toPlainString() + " x orderFraction "
                                + fraction.stripTrailingZeros().toPlainString()));
            } else {
                out.add(new StrategySize(id, k, mode, null, null));
            }
        }
        return out;
    }

    /** The largest capital of any strategy per quote asset: what the account should hold at least. */
    Map<String, BigDecimal> capitalByQuote() {
        Map<String, BigDecimal> out = new HashMap<>();
        for (JsonNode st : decisionStrategies()) {
            BigDecimal capital = SymbolFilters.decimalOrNull(st.path("capital"));
            if (capital == null) {
                continue;
            }
            for (String symbol : instrumentsOf(st.path("id").asText())) {
                Instrument in = config.instruments().get(symbol);
                if (in != null) {
                    out.merge(in.quote(), capital, BigDecimal::max);
                }
            }
        }
        return out;
    }

    private List<JsonNode> decisionStrategies() {
        List<JsonNode> out = new ArrayList<>();
        section("decision-engine").path("strategies").forEach(out::add);
        return out;
    }

    private Set<String> instrumentsOf(String strategyId) {
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode st : section("signal-generator").path("strategies")) {
            if (strategyId.equals(st.path("id").asText())) {
                st.path("instruments").forEach(i -> out.add(i.asText()));
            }
        }
        if (out.isEmpty()) {
            out.addAll(config.instruments().keySet());
        }
        return out;
    }

    private JsonNode section(String name) {
        JsonNode node = config.section(name, JsonNode.class);
        return node == null ? MissingNode.getInstance() : node;
    }

    /**
     * An entry size a strategy's config fixes.
     *
     * @param strategy the strategy id
     * @param index    its position in {@code decision-engine.strategies[]}, for config paths
     * @param mode     its sizing mode ({@code fixed-fraction} by default)
     * @param notional the first entry's value in the instrument's quote asset, or null where it depends on the
     *                 market (stop distance, ATR)
     * @param how      how it was worked out, in words; null with a null notional
     */
    record StrategySize(String strategy, int index, String mode, BigDecimal notional, String how) {
    }
}
