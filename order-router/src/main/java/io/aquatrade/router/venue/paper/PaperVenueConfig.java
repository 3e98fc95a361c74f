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
import io.aquatrade.common.InstrumentFilters;
import io.aquatrade.common.Instrument;

/**
 * The {@code order-router.paper} config section:
 * <pre>
 * paper:
 *   takerFeeBps: 10            # 0..1000, integer basis points of the notional (10 = 0.10 %, Binance spot's default)
 *   makerFeeBps: 10            # 0..1000, the fee of a resting limit order's fills (liquidity side MAKER)
 *   feeAsset: quote            # the asset fees are charged in: quote (default), base, or received (the asset the
 *                              #   fill gives you: base on a BUY, quote on a SELL, as Binance spot without BNB)
 *   queueModel: through        # through (default): a resting limit fills on trades strictly through its price;
 *                              #   touch: also on trades at its price
 *   latencyMs: 0               # 0..3600000: an order (or cancel) reaches the book this long after its event time
 *   slippageBps: 5             # 0..1000, applied to the last trade price when no quote is known
 *   balances: {ETH: 1.0, XRP: 0}   # starting balances, decimal &gt;= 0, exact at the asset's decimals
 *   allowShort: true           # default false: a sell needs the base asset; true: margin shorts, bounded by
 *   maxShortNotional: 0.5      #   the short base balance x fill price, in the instrument's quote asset (ETH)
 * </pre>
 *
 * @param takerFeeBps      taker fee, basis points (1 bp = 0.01 %) of the notional, 0..1000; default 10
 * @param makerFeeBps      maker fee (fills of a resting limit order), basis points of the notional, 0..1000;
 *                         default 10 (Binance spot's default)
 * @param feeAsset         the asset each fill's fee is charged in: {@link FeeAsset#QUOTE} (the default)
 * @param queueModel       when a trade fills a resting limit order: {@link QueueModel#THROUGH} (the default)
 * @param latencyMs        how long after its event time an order or cancel reaches the book, ms, 0..3,600,000;
 *                         default 0 (at once)
 * @param slippageBps      slippage applied to the last trade price when no quote is known, basis points, 0..1000;
 *                         default 5
 * @param balances         starting balance per asset as exact decimals, &gt;= 0, in file order; default none. Each
 *                         asset must be named by an instrument and be exact at the asset's decimals, which
 *                         {@link #startingBalances(AquatradeConfig)} checks.
 * @param allowShort       false (the default): a sell needs the base balance, as on a spot account; true: a sell
 *                         may take the base balance below zero (a margin short), within {@code maxShortNotional}
 * @param maxShortNotional with {@code allowShort}: the largest short a sell may leave, as the negative base balance
 *                         after the fill valued at the fill price, in the quote asset of the order's instrument
 *                         (exact at that asset's decimals, which {@link #maxShortNotional(AquatradeConfig, String)}
 *                         checks); required and &gt; 0 when {@code allowShort} is true, ignored (may be null) when
 *                         it is false
 */
public record PaperVenueConfig(int takerFeeBps, int makerFeeBps, FeeAsset feeAsset, QueueModel queueModel,
                               long latencyMs,
                               int slippageBps,
                               Map<String, BigDecimal> balances, boolean allowShort,
                               BigDecimal maxShortNotional) {
    /** Config path of this section, for error messages. */
    public static final String PATH = "order-router.paper";
    /** Largest fee or slippage accepted, basis points (10 %). */
    public static final int MAX_BPS = 1000;
    /** Largest latency accepted, ms (an hour). */
    public static final long MAX_LATENCY_MS = 3_600_000L;

    /**
     * Jackson entry point: fills defaults, then validates. Fee and slippage are read as decimals so that a
     * fraction is an error rather than silently truncated.
     *
     * @throws ConfigException naming the field on a bad value
     */
    @JsonCreator
    public static PaperVenueConfig of(@JsonProperty("takerFeeBps") BigDecimal takerFeeBps,
                                      @JsonProperty("makerFeeBps") BigDecimal makerFeeBps,
                                      @JsonProperty("feeAsset") String feeAsset,
                                      @JsonProperty("queueModel") String queueModel,
                                      @JsonProperty("latencyMs") BigDecimal latencyMs,
                                      @JsonProperty("slippageBps") BigDecimal slippageBps,
                                      @JsonProperty("balances") Map<String, BigDecimal> balances,
                                      @JsonProperty("allowShort") Boolean allowShort,
                                      @JsonProperty("maxShortNotional") BigDecimal maxShortNotional) {
        return new PaperVenueConfig(bps(PATH + ".takerFeeBps", takerFeeBps, 10),
                bps(PATH + ".makerFeeBps", makerFeeBps, 10), FeeAsset.parse(feeAsset), QueueModel.parse(queueModel),
                latency(latencyMs),
                bps(PATH + ".slippageBps", slippageBps, 5), balances == null ? Map.of() : balances,
                allowShort != null && allowShort, maxShortNotional);
    }

    /**
     * These settings with the defaults of maker fee (10 bps), fee asset (quote) and queue model (through).
     *
     * @throws ConfigException naming the field on a bad value
     */
    public static PaperVenueConfig of(BigDecimal takerFeeBps, BigDecimal slippageBps,
                                      Map<String, BigDecimal> balances, Boolean allowShort,
                                      BigDecimal maxShortNotional) {
        return of(takerFeeBps, null, null, null, null, slippageBps, balances, allowShort, maxShortNotional);
    }

    /**
     * A spot account (no shorts) with these settings; null takes the default.
     *
     * @throws ConfigException naming the field on a bad value
     */
    public static PaperVenueConfig of(BigDecimal takerFeeBps, BigDecimal slippageBps,
                                      Map<String, BigDecimal> balances) {
        return of(takerFeeBps, slippageBps, balances, null, null);
    }

    /** @return the defaults: 10 bps taker and maker fees in the quote asset, queue model through, 5 bps slippage, no balances, no shorts */
    public static PaperVenueConfig defaults() {
        return of(null, null, null);
    }

    private static long latency(BigDecimal value) {
        if (value == null) {
            return 0;
        }
        try {
            return value.longValueExact();
        } catch (ArithmeticException e) {
            throw new ConfigException(PATH + ".latencyMs", "a whole number of milliseconds 0.." + MAX_LATENCY_MS
                    + ", was " + value.toPlainString());
        }
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
        if (makerFeeBps < 0 || makerFeeBps > MAX_BPS) {
            throw new ConfigException(PATH + ".makerFeeBps", "basis points 0.." + MAX_BPS + ", was " + makerFeeBps);
        }
        if (feeAsset == null) {
            throw new ConfigException(PATH + ".feeAsset", FeeAsset.ACCEPTED);
        }
        if (latencyMs < 0 || latencyMs > MAX_LATENCY_MS) {
            throw new ConfigException(PATH + ".latencyMs", "milliseconds 0.." + MAX_LATENCY_MS + ", was " + latencyMs);
        }
        if (queueModel == null) {
            throw new ConfigException(PATH + ".queueModel", "through or touch");
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
        if (allowShort && (maxShortNotional == null || maxShortNotional.signum() <= 0)) {
            throw new ConfigException(PATH + ".maxShortNotional", "an amount > 0 of the quote asset when allowShort "
                    + "is true, was " + (maxShortNotional == null ? "missing" : maxShortNotional.toPlainString()));
        }
        if (maxShortNotional != null && maxShortNotional.signum() < 0) {
            throw new ConfigException(PATH + ".maxShortNotional", "an amount >= 0, was "
                    + maxShortNotional.toPlainString());
        }
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

    /**
     * The short limit as a mantissa of a quote asset.
     *
     * @param config     the shared config (asset decimals)
     * @param quoteAsset the quote asset of an instrument
     * @return {@code maxShortNotional} x 10^decimals exactly; 0 if shorts are not allowed
     * @throws ConfigException naming {@code order-router.paper.maxShortNotional} if the amount has more decimals
     *                         than the asset or does not fit a long
     */
    public long maxShortNotional(AquatradeConfig config, String quoteAsset) {
        if (!allowShort) {
            return 0;
        }
        int decimals = config.assetDecimals(quoteAsset);
        try {
            return FixedPoint.fromBigDecimal(maxShortNotional, decimals);
        } catch (ArithmeticException e) {
            throw new ConfigException(PATH + ".maxShortNotional", "an amount of " + quoteAsset + " exact at "
                    + decimals + " decimals that fits, was " + maxShortNotional.toPlainString());
        }
    }

    /**
     * The instruments' order filters ({@code instruments[].filters}) as mantissas.
     *
     * @return per instrument symbol with a filter, its {@link Instrument#exactFilters}
     * @throws ConfigException naming {@code instruments[<symbol>].filters.minNotional} if the minimum notional is not
     *                         exact at the quote asset's decimals (the others are checked with the instrument)
     */
    public static Map<String, InstrumentFilters.Exact> exactFilters(AquatradeConfig config) {
        Map<String, InstrumentFilters.Exact> out = new LinkedHashMap<>();
        for (Instrument instrument : config.instruments().values()) {
            if (!instrument.filters().isEmpty()) {
                out.put(instrument.symbol(), instrument.exactFilters(config.assetDecimals(instrument.quote())));
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * The asset a fill's fee is charged in ({@code order-router.paper.feeAsset}). The fee is {@code feeBps} of what
     * the fill moves in that asset: of the notional in the quote asset, of the filled quantity in the base asset,
     * rounded up at that asset's decimals ({@code assets}); see docs/money.md.
     */
    public enum FeeAsset {
        /** Every fee in the quote asset (the default): a buy pays notional + fee, a sell receives notional - fee. */
        QUOTE,
        /**
         * In the base asset: a buy receives quantity - fee. A sell pays quantity + fee in the base asset when the base
         * balance left after the sale covers the fee, else (as Binance does when BNB runs short) the fee is charged
         * in the asset the sale gives, the quote asset.
         */
        BASE,
        /**
         * In the asset the fill gives the account (Binance spot's default without BNB): the base asset on a buy
         * (quantity - fee received), the quote asset on a sell (notional - fee received).
         */
        RECEIVED;

        /** What {@link #parse} accepts, for error messages. */
        static final String ACCEPTED = "quote, base or received";

        /**
         * @param value "quote", "base" or "received" (any case); null takes {@link #QUOTE}
         * @throws ConfigException naming {@code order-router.paper.feeAsset} on any other value
         */
        static FeeAsset parse(String value) {
            if (value == null) {
                return QUOTE;
            }
            for (FeeAsset f : values()) {
                if (f.name().equalsIgnoreCase(value.trim())) {
                    return f;
                }
            }
            throw new ConfigException(PATH + ".feeAsset", ACCEPTED + ", was '" + value + "'");
        }
    }

    /** When a trade print fills a resting limit order ({@code order-router.paper.queueModel}). */
    public enum QueueModel {
        /**
         * Only a trade strictly through the limit (a buy's limit above the trade price, a sell's below): the order
         * is assumed to be last in the queue at its price, so a trade at the price may have filled the orders ahead.
         */
        THROUGH,
        /** A trade at the limit price fills it too (the order is assumed first in the queue at its price). */
        TOUCH;

        /**
         * @param value "through" or "touch" (any case); null takes {@link #THROUGH}
         * @throws ConfigException naming {@code order-router.paper.queueModel} on any other value
         */
        static QueueModel parse(String value) {
            if (value == null) {
                return THROUGH;
            }
            for (QueueModel m : values()) {
                if (m.name().equalsIgnoreCase(value.trim())) {
                    return m;
                }
            }
            throw new ConfigException(PATH + ".queueModel", "through or touch, was '" + value + "'");
        }
    }
}
