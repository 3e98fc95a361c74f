package io.aquatrade.router.venue.binance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aquatrade.common.ConfigException;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.OrderType;
import io.aquatrade.common.RejectReason;
import io.aquatrade.common.Side;
import io.aquatrade.common.SubmitOrder;
import io.aquatrade.common.TimeInForce;
import org.junit.jupiter.api.Test;
import org.knowm.xchange.binance.dto.meta.exchangeinfo.BinanceExchangeInfo;
import org.slf4j.LoggerFactory;

/**
 * Rounding and checks against filters as Binance lists them (BTCUSDT's of 2026: tickSize 0.01, LOT_SIZE step
 * 0.00001, MARKET_LOT_SIZE step 0.001 max 90, NOTIONAL 5), with hand-worked values; the config has one more price
 * decimal than the tick, so rounding shows.
 */
class ExchangeFiltersTest {
    private static final String INFO = """
            {"timezone":"UTC","serverTime":1,"rateLimits":[],"exchangeFilters":[],"symbols":[{"symbol":"BTCUSDT",
            "status":"TRADING","baseAsset":"BTC","quoteAsset":"USDT","filters":[
            {"filterType":"PRICE_FILTER","minPrice":"0.01000000","maxPrice":"1000000.00000000","tickSize":"0.01000000"},
            {"filterType":"LOT_SIZE","minQty":"0.00001000","maxQty":"9000.00000000","stepSize":"0.00001000"},
            {"filterType":"MARKET_LOT_SIZE","minQty":"0.00100000","maxQty":"90.00000000","stepSize":"0.00100000"},
            {"filterType":"NOTIONAL","minNotional":"5.00000000","applyMinToMarket":true,"maxNotional":"9000000"}]}]}
            """;
    /** priceDecimals 3 (one finer than the tick), sizeDecimals 5. */
    private static final Instrument BTC = new Instrument("BTCUSDT", "BTC", "USDT", 3, 5);

    private final ExchangeFilters filters = new ExchangeFilters();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    ExchangeFiltersTest() throws Exception {
        Logger log = (Logger) LoggerFactory.getLogger(ExchangeFilters.class);
        logs.start();
        log.addAppender(logs);
        filters.update(new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .readValue(INFO, BinanceExchangeInfo.class), List.of(BTC));
        log.detachAppender(logs);
    }

    @Test
    void configDecimalsThatDisagreeWithTheTickAreWarnedOfOnce() {
        assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage).singleElement().satisfies(m ->
                assertThat(m).contains("instruments[BTCUSDT].priceDecimals is 3").contains("tickSize is 0.01"));
    }

    @Test
    void configDecimalsCoarserThanTheTickOrStepRefuseToStartNamingTheInstrumentAndField() throws Exception {
        BinanceExchangeInfo info = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                false).readValue(INFO, BinanceExchangeInfo.class);
        ExchangeFilters fresh = new ExchangeFilters();
        // tickSize 0.01 needs 2 price decimals, stepSize 0.00001 needs 5 size decimals
        assertThatThrownBy(() -> fresh.update(info, List.of(new Instrument("BTCUSDT", "BTC", "USDT", 1, 5))))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.field()).isEqualTo("instruments[BTCUSDT].priceDecimals");
                    assertThat(e).hasMessageContaining("at least 2 decimals").hasMessageContaining("tickSize is 0.01")
                            .hasMessageContaining("was 1");
                });
        assertThatThrownBy(() -> fresh.update(info, List.of(new Instrument("BTCUSDT", "BTC", "USDT", 2, 4))))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.field()).isEqualTo("instruments[BTCUSDT].sizeDecimals");
                    assertThat(e).hasMessageContaining("at least 5 decimals")
                            .hasMessageContaining("stepSize is 0.00001");
                });
        assertThat(fresh.knows("BTCUSDT")).as("refused filters are not used").isFalse();
        fresh.update(info, List.of(new Instrument("BTCUSDT", "BTC", "USDT", 2, 5))); // exact: taken
        assertThat(fresh.knows("BTCUSDT")).isTrue();
    }

    private static SubmitOrder limit(Side side, long price, long qty) {
        return new SubmitOrder().clientOrderId("s-1").instrument("BTCUSDT").side(side).orderType(OrderType.LIMIT)
                .timeInForce(TimeInForce.GTC).limitPrice(price).quantity(qty);
    }

    @Test
    void pricesRoundToTheTickOnThePassiveSideAndQuantitiesDownToTheStep() {
        SubmitOrder buy = limit(Side.BUY, 60_000_005L, 123L); // 60000.005 -> 60000.00; 0.00123
        assertThat(filters.apply(buy, BTC)).isNull();
        assertThat(buy.limitPrice()).isEqualTo(60_000_000L);
        assertThat(buy.quantity()).isEqualTo(123L);
        SubmitOrder sell = limit(Side.SELL, 60_000_005L, 123L); // -> 60000.01
        assertThat(filters.apply(sell, BTC)).isNull();
        assertThat(sell.limitPrice()).isEqualTo(60_000_010L);
        SubmitOrder market = new SubmitOrder().instrument("BTCUSDT").side(Side.BUY).orderType(OrderType.MARKET)
                .quantity(1_234L); // 0.01234 -> MARKET_LOT_SIZE step 0.001: 0.012
        assertThat(filters.apply(market, BTC)).isNull();
        assertThat(market.quantity()).isEqualTo(1_200L);
    }

    @Test
    void eachBrokenFilterIsNamed() {
        // 0.00008 x 60000 = 4.8 < 5
        ExchangeFilters.Refusal notional = filters.apply(limit(Side.BUY, 60_000_000L, 8L), BTC);
        assertThat(notional.reason()).isEqualTo(RejectReason.MIN_NOTIONAL);
        assertThat(notional.text()).startsWith("NOTIONAL").contains("4.8").contains("5");
        // 0.00009 x 60000 = 5.4: fine
        assertThat(filters.apply(limit(Side.BUY, 60_000_000L, 9L), BTC)).isNull();
        ExchangeFilters.Refusal price = filters.apply(limit(Side.SELL, 2_000_000_000L, 100L), BTC);
        assertThat(price.reason()).isEqualTo(RejectReason.PRICE_FILTER);
        assertThat(price.text()).startsWith("PRICE_FILTER");
        ExchangeFilters.Refusal lot = filters.apply(limit(Side.SELL, 60_000_000L, 900_000_001L), BTC);
        assertThat(lot.reason()).isEqualTo(RejectReason.LOT_SIZE);
        assertThat(lot.text()).startsWith("LOT_SIZE");
        // a market order below MARKET_LOT_SIZE's minQty 0.001 after rounding: 0.0009 -> 0
        ExchangeFilters.Refusal market = filters.apply(new SubmitOrder().instrument("BTCUSDT").side(Side.SELL)
                .orderType(OrderType.MARKET).quantity(90L), BTC);
        assertThat(market.reason()).isEqualTo(RejectReason.LOT_SIZE);
        assertThat(market.text()).startsWith("MARKET_LOT_SIZE");
    }

    @Test
    void anInstrumentNotListedIsNotChecked() {
        Instrument eth = new Instrument("ETHUSDT", "ETH", "USDT", 2, 4);
        assertThat(filters.apply(limit(Side.BUY, 1L, 1L).instrument("ETHUSDT"), eth)).isNull();
        assertThat(filters.knows("ETHUSDT")).isFalse();
    }

    private static SubmitOrder market(long qty) {
        return new SubmitOrder().clientOrderId("s-2").instrument("BTCUSDT").side(Side.BUY)
                .orderType(OrderType.MARKET).quantity(qty);
    }

    /**
     * NOTIONAL with {@code applyMinToMarket: true} (read from exchangeInfo's JSON): a MARKET order's notional is
     * checked at the reference price given (the last trade); without one, or without the JSON's flag, it is left to
     * Binance. {@code maxNotional} 9000000 is checked at the limit price.
     */
    @Test
    void aMarketOrdersNotionalIsCheckedAtTheLastTradePriceAndMaxNotionalAtTheLimit() throws Exception {
        ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        var tree = json.readTree(INFO);
        ExchangeFilters withFlags = new ExchangeFilters();
        withFlags.update(json.treeToValue(tree, BinanceExchangeInfo.class), tree, List.of(BTC));
        // 0.001 (MARKET_LOT_SIZE's step and minimum) x 4000 = 4 < 5
        ExchangeFilters.Refusal below = withFlags.apply(market(100L), BTC, 4_000_000L);
        assertThat(below.reason()).isEqualTo(RejectReason.MIN_NOTIONAL);
        assertThat(below.text()).startsWith("NOTIONAL: last trade price x quantity 4 below binance's minNotional 5")
                .contains("applyMinToMarket");
        assertThat(withFlags.apply(market(100L), BTC, 6_000_000L)).isNull(); // 6: fine
        assertThat(withFlags.apply(market(100L), BTC, 0L)).isNull(); // no price seen: Binance checks it
        assertThat(filters.apply(market(100L), BTC, 4_000_000L)).as("flag unknown without the JSON").isNull();
        // 9000 x 1000000 = 9000000000 > maxNotional 9000000; applyMaxToMarket absent: not for market orders
        ExchangeFilters.Refusal above = withFlags.apply(limit(Side.BUY, 1_000_000_000L, 900_000_000L), BTC);
        assertThat(above.reason()).isEqualTo(RejectReason.MIN_NOTIONAL);
        assertThat(above.text()).contains("9000000000 above binance's maxNotional 9000000");
        assertThat(withFlags.apply(market(9_000_000L), BTC, 1_000_000_000L)).isNull(); // 90 x 1000000: not checked
    }
}
