package io.aquatrade.router.venue.binance;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * The test order's price and quantity against exchangeInfo symbol entries shaped as Binance's (filters.md), with
 * values worked by hand.
 */
class VenueCheckTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final BigDecimal AVERAGE = new BigDecimal("61827.06165382");
    private static final String PRICE_FILTER = """
            {"filterType": "PRICE_FILTER", "minPrice": "0.01000000", "maxPrice": "1000000.00000000",
             "tickSize": "0.01000000"}""";
    private static final String LOT_SIZE = """
            {"filterType": "LOT_SIZE", "minQty": "0.00001000", "maxQty": "9000.00000000", "stepSize": "0.00001000"}""";
    private static final String NOTIONAL = """
            {"filterType": "NOTIONAL", "minNotional": "5.00000000", "applyMinToMarket": true,
             "maxNotional": "9000000.00000000", "applyMaxToMarket": false, "avgPriceMins": 5}""";

    private static JsonNode symbol(String... filters) throws Exception {
        return JSON.readTree("{\"symbol\": \"BTCUSDT\", \"status\": \"TRADING\", \"filters\": ["
                + String.join(",", filters) + "]}");
    }

    @Test
    void withBinancesBtcusdtFiltersTheTestBuyIsHalfTheAverageAndTheLeastStepsWorthFiveUsdt() throws Exception {
        // Binance's BTCUSDT: PERCENT_PRICE_BY_SIDE bidMultiplierDown 0.2 allows half the average
        JsonNode s = symbol(PRICE_FILTER, LOT_SIZE, NOTIONAL, """
                {"filterType": "PERCENT_PRICE_BY_SIDE", "bidMultiplierUp": "5", "bidMultiplierDown": "0.2",
                 "askMultiplierUp": "5", "askMultiplierDown": "0.2", "avgPriceMins": 5}""");
        BigDecimal price = SymbolFilters.testOrderPrice(s, AVERAGE);
        // 61827.06165382 x 0.5 = 30913.53082691, up to the tick 0.01
        assertThat(price).isEqualByComparingTo("30913.54");
        // 5 / 30913.54 = 0.000161742..., up to the step 0.00001; 0.00017 x 30913.54 = 5.2553018 >= 5
        assertThat(SymbolFilters.testOrderQuantity(s, price)).isEqualByComparingTo("0.00017");
    }

    @Test
    void aTighterPercentPriceFloorPutsTheTestBuyHalfwayBetweenItAndTheAverage() throws Exception {
        JsonNode s = symbol(PRICE_FILTER, LOT_SIZE, NOTIONAL, """
                {"filterType": "PERCENT_PRICE", "multiplierUp": "1.2", "multiplierDown": "0.8", "avgPriceMins": 5}""");
        BigDecimal price = SymbolFilters.testOrderPrice(s, AVERAGE);
        // factor (0.8 + 1) / 2 = 0.9: 55644.355488438, up to 55644.36 (above the floor 0.8 x average = 49461.65)
        assertThat(price).isEqualByComparingTo("55644.36");
        // 5 / 55644.36 = 0.0000898563..., up to 0.00009; 0.00009 x 55644.36 = 5.0079924
        assertThat(SymbolFilters.testOrderQuantity(s, price)).isEqualByComparingTo("0.00009");
    }

    @Test
    void theOlderMinNotionalFilterAndALargerMinQtyAreHonoured() throws Exception {
        JsonNode s = symbol(PRICE_FILTER, """
                {"filterType": "LOT_SIZE", "minQty": "0.00100000", "maxQty": "9000.00000000",
                 "stepSize": "0.00001000"}""", """
                {"filterType": "MIN_NOTIONAL", "minNotional": "10.00000000", "applyToMarket": true,
                 "avgPriceMins": 5}""");
        BigDecimal price = SymbolFilters.testOrderPrice(s, AVERAGE);
        assertThat(price).isEqualByComparingTo("30913.54");
        // 10 / 30913.54 = 0.000323... is below minQty 0.001: minQty
        assertThat(SymbolFilters.testOrderQuantity(s, price)).isEqualByComparingTo("0.001");
        // 30913.54 x 0.00033 = 10.2014682: the notional rules when it is above minQty
        BigDecimal higher = new BigDecimal("30913.54");
        JsonNode fine = symbol(PRICE_FILTER, LOT_SIZE, """
                {"filterType": "MIN_NOTIONAL", "minNotional": "10.00000000", "applyToMarket": true,
                 "avgPriceMins": 5}""");
        assertThat(SymbolFilters.testOrderQuantity(fine, higher)).isEqualByComparingTo("0.00033");
    }

    @Test
    void theKeyIsShownByItsLast4CharactersAtMost() {
        assertThat(VenueCheck.maskedKey("vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A"))
                .isEqualTo("...Eh8A");
        assertThat(VenueCheck.maskedKey("short123")).isEqualTo("...");
    }
}
