package io.aquatrade.router.venue.paper;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.ConfigException;
import io.aquatrade.common.FixedPoint;

/**
 * The {@code order-router.paper} config section:
 * <pre>
 * paper:
 *   takerFeeBps: 10            # 0..1000, integer basis points of the notional (10 = 0.10 %, Binance spot's default)
 *   slippageBps: 5             # 0..1000, applied to the last trade price when no quote is known
 *   balances: {ETH: 1.0, XRP: 0}   # starting balances, decimal &gt;= 0, exact at the asset's decimals
 * </pre>
 *
 * @param takerFeeBps taker fee, basis points (1 bp = 0.01 %) of the notional, 0..1000; default 10
 * @param slippageBps slippage applied to the last trade price when no quote is known, basis points, 0..1000;
 *                    default 5
 * @param balances    starting balance per asset as exact decimals, &gt;= 0, in file order; default none. Each
 *                    asset must be named by an instrument and be exact at the asset's decimals, which
 *                    {@link #startingBalances(AquatradeConfig)} checks.
 */
public record PaperVenueConfig(int takerFeeBps, int slippageBps, Map<String, BigDecimal> balances) {
    /** Config path of this section, for error messages. */
    public static final String PATH = "order-router.paper";
    /** Largest fee or slippage accepted, basis points (10 %). */
    public static final int MAX_BPS = 1000;

    /**
     * Jackson entry point: fills defaults, then validates. Fee and slippage are read as decimals so that a
     * fraction is an error rather than silently truncated.
     *
     * @throws ConfigException naming the field on a bad value
     */
    @JsonCreator
    public static PaperVenueConfig of(@JsonProperty("takerFeeBps") BigDecimal takerFeeBps,
                                      @JsonProperty("slippageBps") BigDecimal slippageBps,
                                      @JsonProperty("balances") Map<String, BigDecimal> balances) {
        return new PaperVenueConfig(bps(PATH + ".takerFeeBps", takerFeeBps, 10),
                bps(PATH + ".slippageBps", slippageBps, 5), balances == null ? Map.of() : balances);
    }

    /** @return the defaults: 10 bps taker fee, 5 bps slippage, no balances */
    public static PaperVenueConfig defaults() {
        return of(null, null, null);
    }

    private static int bps(String field, BigDecimal value, int fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            return value.intValueExact();
        } catch (ArithmeticException e) {
            throw new ConfigException(field, "a whole number of basis points 0.." + MAX_BPS + ", was " + value);
        }
    }

    /** @throws ConfigException naming the field on a bad value */
    public PaperVenueConfig {
        if (takerFeeBps < 0 || takerFeeBps > MAX_BPS) {
            throw new ConfigException(PATH + ".takerFeeBps", "basis points 0.." + MAX_BPS + ", was " + takerFeeBps);
        }
        if (slippageBps < 0 || slippageBps > MAX_BPS) {
            throw new ConfigException(PATH + ".slippageBps", "basis points 0.." + MAX_BPS + ", was " + slippageBps);
        }
        if (balances == null) {
            throw new ConfigException(PATH + ".balances", "a map of asset to amount, e.g. {ETH: 1.0}");
        }
        Map<String, BigDecimal> copy = new LinkedHashMap<>();
        for (Map.Entry<String, BigDecimal> e : balances.entrySet()) {
            String field = PATH + ".balances." + e.getKey();
            if (e.getValue() == null || e.getValue().signum() < 0) {
                throw new ConfigException(field, "an amount >= 0, was " + e.getValue());
            }
            copy.put(e.getKey(), e.getValue());
        }
        balances = Collections.unmodifiableMap(copy);
    }

    /**
     * Converts the starting balances to mantissas and checks them against the shared config.
     *
     * @return mantissa per asset in the asset's decimals, in file order
     * @throws ConfigException naming {@code order-router.paper.balances.<asset>} if the asset is in no configured
     *                         instrument or the amount is not exact at the asset's decimals
     */
    public Map<String, Long> startingBalances(AquatradeConfig config) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Map.Entry<String, BigDecimal> e : balances.entrySet()) {
            String asset = e.getKey();
            String field = PATH + ".balances." + asset;
            if (!config.assets().contains(asset)) {
                throw new ConfigException(field, "an asset of a configured instrument " + config.assets()
                        + ", " + asset + " is in none");
            }
            int decimals = config.assetDecimals(asset);
            try {
                out.put(asset, FixedPoint.fromBigDecimal(e.getValue(), decimals));
            } catch (ArithmeticException ex) {
                throw new ConfigException(field, "an amount exact at " + decimals + " decimals that fits, was "
                        + e.getValue().toPlainString());
            }
        }
        return Collections.unmodifiableMap(out);
    }
}
