package io.aquatrade.common;

import java.math.BigDecimal;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An instrument's order filters, as Binance's exchange information names them (config {@code instruments[].filters});
 * each optional (null: not checked). The venue rejects an order that breaks one, naming it (PRICE_FILTER,
 * LOT_SIZE, MIN_NOTIONAL); the decision engine sizes within them. Decimal values at the config's edge; the router
 * turns them into mantissas once at start-up.
 *
 * @param tickSize    PRICE_FILTER: limit and trigger prices must be multiples of it, in quote units; &gt; 0, exact at
 *                    the instrument's {@code priceDecimals}
 * @param stepSize    LOT_SIZE: quantities must be multiples of it, in base units; &gt; 0, exact at
 *                    {@code sizeDecimals}
 * @param minQty      LOT_SIZE: the smallest quantity, in base units; &gt;= 0, exact at {@code sizeDecimals}
 * @param minNotional NOTIONAL (MIN_NOTIONAL): the smallest price x quantity, in the quote asset, at the limit price
 *                    (limit orders), the trigger price (stop market) or the market price (market orders); &gt;= 0
 */
public record InstrumentFilters(BigDecimal tickSize, BigDecimal stepSize, BigDecimal minQty,
                                BigDecimal minNotional) {
    /** No filter. */
    public static final InstrumentFilters NONE = new InstrumentFilters(null, null, null, null);

    /** Jackson entry point; validates like the canonical constructor. */
    @JsonCreator
    public static InstrumentFilters of(@JsonProperty("tickSize") BigDecimal tickSize,
                                       @JsonProperty("stepSize") BigDecimal stepSize,
                                       @JsonProperty("minQty") BigDecimal minQty,
                                       @JsonProperty("minNotional") BigDecimal minNotional) {
        return new InstrumentFilters(tickSize, stepSize, minQty, minNotional);
    }

    /** @throws ConfigException naming the field on a value out of range */
    public InstrumentFilters {
        if (tickSize != null && tickSize.signum() <= 0) {
            throw new ConfigException("instruments[].filters.tickSize", "a price > 0, was " + tickSize.toPlainString());
        }
        if (stepSize != null && stepSize.signum() <= 0) {
            throw new ConfigException("instruments[].filters.stepSize", "a quantity > 0, was "
                    + stepSize.toPlainString());
        }
        if (minQty != null && minQty.signum() < 0) {
            throw new ConfigException("instruments[].filters.minQty", "a quantity >= 0, was "
                    + minQty.toPlainString());
        }
        if (minNotional != null && minNotional.signum() < 0) {
            throw new ConfigException("instruments[].filters.minNotional", "an amount >= 0, was "
                    + minNotional.toPlainString());
        }
    }

    /**
     * The filters as mantissas, 0 where a filter is not set.
     *
     * @param tickSize    price mantissa
     * @param stepSize    size mantissa
     * @param minQty      size mantissa
     * @param minNotional mantissa in the quote asset's decimals
     */
    public record Exact(long tickSize, long stepSize, long minQty, long minNotional) {
        /** No filter. */
        public static final Exact NONE = new Exact(0, 0, 0, 0);
    }

    /** @return true when no filter is set */
    public boolean isEmpty() {
        return tickSize == null && stepSize == null && minQty == null && minNotional == null;
    }
}
