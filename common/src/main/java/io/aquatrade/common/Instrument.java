package io.aquatrade.common;

import java.math.BigDecimal;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A tradable pair on a venue and the scales of its prices and quantities.
 *
 * <p>A price of this instrument is a {@code long} mantissa with {@code priceDecimals} decimals, in quote asset per
 * one base unit; a quantity is a mantissa with {@code sizeDecimals} decimals of the base asset. Choose the venue's
 * tick and lot precision (Binance: 8 and 8 for most spot pairs) so that every recorded or streamed value is exact.
 *
 * @param symbol        venue symbol, upper case without separator, e.g. "XRPETH"
 * @param base          base asset, e.g. "XRP"
 * @param quote         quote asset, e.g. "ETH"
 * @param priceDecimals 0..18
 * @param sizeDecimals  0..18
 * @param maxQuantity   the largest trade quantity market data may carry, a mantissa with {@code sizeDecimals}
 *                      (config {@code instruments[].maxQuantity}, in base units, e.g. 9000 for Binance's BTCUSDT
 *                      LOT_SIZE maxQty); a larger trade is rejected as bad data. &gt; 0; default
 *                      {@link #DEFAULT_MAX_QUANTITY}
 * @param filters       the venue's order filters (config {@code instruments[].filters}); {@link InstrumentFilters#NONE}
 *                      by default
 */
public record Instrument(String symbol, String base, String quote, int priceDecimals, int sizeDecimals,
                         long maxQuantity, InstrumentFilters filters) {
    /**
     * The mantissa limit used when {@code maxQuantity} is not configured: {@code Long.MAX_VALUE / 1,000,000}, so
     * that a million trades of the largest quantity still sum into a {@code long} (it bounds representability, not
     * plausibility: configure the venue's maximum to reject absurd quantities).
     */
    public static final long DEFAULT_MAX_QUANTITY = Long.MAX_VALUE / 1_000_000L;

    /** An instrument with the default {@code maxQuantity} and no filters. */
    public Instrument(String symbol, String base, String quote, int priceDecimals, int sizeDecimals) {
        this(symbol, base, quote, priceDecimals, sizeDecimals, DEFAULT_MAX_QUANTITY);
    }

    /** An instrument without filters. */
    public Instrument(String symbol, String base, String quote, int priceDecimals, int sizeDecimals,
                      long maxQuantity) {
        this(symbol, base, quote, priceDecimals, sizeDecimals, maxQuantity, InstrumentFilters.NONE);
    }

    /** Jackson entry point; validates like the canonical constructor. */
    @JsonCreator
    public static Instrument of(@JsonProperty("symbol") String symbol, @JsonProperty("base") String base,
                                @JsonProperty("quote") String quote,
                                @JsonProperty("priceDecimals") Integer priceDecimals,
                                @JsonProperty("sizeDecimals") Integer sizeDecimals,
                                @JsonProperty("maxQuantity") BigDecimal maxQuantity,
                                @JsonProperty("filters") InstrumentFilters filters) {
        int size = sizeDecimals == null ? 8 : sizeDecimals;
        long max = DEFAULT_MAX_QUANTITY;
        if (maxQuantity != null) {
            try {
                max = FixedPoint.fromBigDecimal(maxQuantity, Math.max(0, Math.min(size, FixedPoint.MAX_DECIMALS)));
            } catch (ArithmeticException e) {
                throw new ConfigException("instruments[" + symbol + "].maxQuantity", "a quantity in base units with "
                        + "at most sizeDecimals (" + size + ") decimals that fits a long mantissa, was "
                        + maxQuantity.toPlainString());
            }
        }
        return new Instrument(symbol, base, quote, priceDecimals == null ? 8 : priceDecimals, size, max,
                filters == null ? InstrumentFilters.NONE : filters);
    }

    /**
     * @throws ConfigException naming the field if a value is missing or out of range
     */
    public Instrument {
        if (symbol == null || !symbol.matches("[A-Z0-9]{2,20}")) {
            throw new ConfigException("instruments[].symbol", "upper-case venue symbol like XRPETH, was " + symbol);
        }
        if (base == null || !base.matches("[A-Z0-9]{1,12}")) {
            throw new ConfigException("instruments[" + symbol + "].base", "an asset code like XRP, was " + base);
        }
        if (quote == null || !quote.matches("[A-Z0-9]{1,12}")) {
            throw new ConfigException("instruments[" + symbol + "].quote", "an asset code like ETH, was " + quote);
        }
        if (!symbol.equals(base + quote)) {
            throw new ConfigException("instruments[" + symbol + "]", "symbol must equal base + quote ("
                    + base + quote + ")");
        }
        if (priceDecimals < 0 || priceDecimals > FixedPoint.MAX_DECIMALS) {
            throw new ConfigException("instruments[" + symbol + "].priceDecimals", "0..18, was " + priceDecimals);
        }
        if (sizeDecimals < 0 || sizeDecimals > FixedPoint.MAX_DECIMALS) {
            throw new ConfigException("instruments[" + symbol + "].sizeDecimals", "0..18, was " + sizeDecimals);
        }
        if (maxQuantity <= 0) {
            throw new ConfigException("instruments[" + symbol + "].maxQuantity", "a quantity > 0, was mantissa "
                    + maxQuantity);
        }
        if (filters == null) {
            throw new ConfigException("instruments[" + symbol + "].filters",
                    "{tickSize, stepSize, minQty, minNotional}");
        }
        exactAt("instruments[" + symbol + "].filters.tickSize", filters.tickSize(), priceDecimals);
        exactAt("instruments[" + symbol + "].filters.stepSize", filters.stepSize(), sizeDecimals);
        exactAt("instruments[" + symbol + "].filters.minQty", filters.minQty(), sizeDecimals);
    }

    /** @return the value's mantissa at {@code decimals}, 0 for null */
    private static long exactAt(String field, BigDecimal value, int decimals) {
        if (value == null) {
            return 0;
        }
        try {
            return FixedPoint.fromBigDecimal(value, decimals);
        } catch (ArithmeticException e) {
            throw new ConfigException(field, "a value with at most " + decimals + " decimals that fits, was "
                    + value.toPlainString());
        }
    }

    /**
     * @param quoteDecimals decimals of the quote asset's amounts (config {@code assets})
     * @return the {@link #filters()} as mantissas at this instrument's price and size decimals and, for the minimum
     * notional, at {@code quoteDecimals}; {@link InstrumentFilters.Exact#NONE} without filters
     * @throws ConfigException naming {@code instruments[<symbol>].filters.minNotional} if the minimum notional is not
     *                         exact at {@code quoteDecimals} (the other filters are checked when the instrument is made)
     */
    public InstrumentFilters.Exact exactFilters(int quoteDecimals) {
        if (filters.isEmpty()) {
            return InstrumentFilters.Exact.NONE;
        }
        String field = "instruments[" + symbol + "].filters";
        return new InstrumentFilters.Exact(exactAt(field + ".tickSize", filters.tickSize(), priceDecimals),
                exactAt(field + ".stepSize", filters.stepSize(), sizeDecimals),
                exactAt(field + ".minQty", filters.minQty(), sizeDecimals),
                exactAt(field + ".minNotional", filters.minNotional(), quoteDecimals));
    }

    /** @return the price mantissa as plain text */
    public String formatPrice(long price) {
        return FixedPoint.format(price, priceDecimals);
    }

    /** @return the quantity mantissa as plain text */
    public String formatSize(long quantity) {
        return FixedPoint.format(quantity, sizeDecimals);
    }

    /** @return the price as a double, for indicator math only */
    public double priceToDouble(long price) {
        return FixedPoint.toDouble(price, priceDecimals);
    }
}
