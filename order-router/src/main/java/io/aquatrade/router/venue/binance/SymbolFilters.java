package io.aquatrade.router.venue.binance;

import java.math.BigDecimal;
import java.math.RoundingMode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * Binance's filters of one symbol entry of {@code GET /api/v3/exchangeInfo}, read as JSON (field names as in
 * Binance's filters.md), and the order {@link VenueCheck} sends to {@code POST /api/v3/order/test}: a BUY LIMIT far
 * below the market, the least quantity worth the minimum notional, on the tick and step grids. BigDecimal: a cold
 * edge, exact.
 */
final class SymbolFilters {
    /**
     * The test order's limit price as a fraction of the average price when no PERCENT_PRICE filter bounds it:
     * half the market, far from any fill.
     */
    static final BigDecimal FAR_BELOW = new BigDecimal("0.5");

    private SymbolFilters() {
    }

    /**
     * The test order's limit price: {@link #FAR_BELOW} of the average price, or, where PERCENT_PRICE_BY_SIDE
     * ({@code bidMultiplierDown}) or PERCENT_PRICE ({@code multiplierDown}) forbid going that low, halfway between
     * their lowest allowed price and the average; at least PRICE_FILTER's {@code minPrice}; rounded up to
     * {@code tickSize} (up keeps it within the filters' floor).
     *
     * @param symbol  Binance's symbol entry of exchangeInfo
     * @param average the symbol's average price ({@code avgPrice}), quote asset
     * @return the price, on the tick grid
     */
    static BigDecimal testOrderPrice(JsonNode symbol, BigDecimal average) {
        BigDecimal down = decimal(filter(symbol, "PERCENT_PRICE_BY_SIDE"), "bidMultiplierDown");
        if (down == null) {
            down = decimal(filter(symbol, "PERCENT_PRICE"), "multiplierDown");
        }
        BigDecimal factor = FAR_BELOW;
        if (down != null && down.compareTo(FAR_BELOW) > 0) {
            factor = down.add(BigDecimal.ONE).divide(BigDecimal.valueOf(2));
        }
        BigDecimal price = average.multiply(factor);
        JsonNode priceFilter = filter(symbol, "PRICE_FILTER");
        BigDecimal minPrice = decimal(priceFilter, "minPrice");
        if (minPrice != null && price.compareTo(minPrice) < 0) {
            price = minPrice;
        }
        return up(price, decimal(priceFilter, "tickSize"));
    }

    /**
     * The test order's quantity: the least that reaches NOTIONAL's (or MIN_NOTIONAL's) {@code minNotional} at that
     * price, {@code ceil(minNotional / price)} on LOT_SIZE's {@code stepSize} grid (rounded up), and at least its
     * {@code minQty}.
     *
     * @param symbol Binance's symbol entry of exchangeInfo
     * @param price  the test order's price
     * @return the quantity, base asset
     */
    static BigDecimal testOrderQuantity(JsonNode symbol, BigDecimal price) {
        JsonNode lot = filter(symbol, "LOT_SIZE");
        BigDecimal step = decimal(lot, "stepSize");
        BigDecimal minQty = decimal(lot, "minQty");
        BigDecimal minNotional = minNotional(symbol);
        BigDecimal quantity = minQty != null && minQty.signum() > 0 ? minQty : step != null ? step : BigDecimal.ONE;
        if (minNotional != null && minNotional.signum() > 0) {
            int scale = step != null && step.signum() > 0 ? scale(step) + 1 : 18;
            BigDecimal atMin = minNotional.divide(price, Math.max(scale, 8), RoundingMode.UP);
            quantity = quantity.max(atMin);
        }
        return up(quantity, step);
    }

    /** @return the value rounded up to a whole multiple of {@code grid} (unchanged without a grid) */
    private static BigDecimal up(BigDecimal value, BigDecimal grid) {
        if (grid == null || grid.signum() == 0) {
            return value.stripTrailingZeros();
        }
        return value.divide(grid, 0, RoundingMode.UP).multiply(grid).stripTrailingZeros();
    }

    /** @return the symbol's filter of that {@code filterType}, or a missing node */
    static JsonNode filter(JsonNode symbol, String type) {
        for (JsonNode f : symbol.path("filters")) {
            if (type.equals(f.path("filterType").asText())) {
                return f;
            }
        }
        return MissingNode.getInstance();
    }

    /** @return NOTIONAL's minNotional, else MIN_NOTIONAL's, else null */
    static BigDecimal minNotional(JsonNode symbol) {
        BigDecimal v = decimal(filter(symbol, "NOTIONAL"), "minNotional");
        return v != null ? v : decimal(filter(symbol, "MIN_NOTIONAL"), "minNotional");
    }

    /** @return the field of a filter as a decimal (trailing zeros stripped), or null if absent or not a number */
    static BigDecimal decimal(JsonNode node, String field) {
        return decimalOrNull(node.path(field));
    }

    /** @return the node as a decimal (trailing zeros stripped), or null if absent or not a number */
    static BigDecimal decimalOrNull(JsonNode v) {
        if (v.isMissingNode() || v.isNull()) {
            return null;
        }
        try {
            return new BigDecimal(v.asText()).stripTrailingZeros();
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** @return decimals of the value without trailing zeros, at least 0 */
    static int scale(BigDecimal v) {
        return Math.max(0, v.stripTrailingZeros().scale());
    }
}
