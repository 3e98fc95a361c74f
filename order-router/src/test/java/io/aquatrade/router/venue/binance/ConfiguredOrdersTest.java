package io.aquatrade.router.venue.binance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;

import io.aquatrade.common.ConfigException;
import io.aquatrade.router.TestConfigs;
import org.junit.jupiter.api.Test;

/** The order types and first entry sizes venue-check reads from the strategies' config, as written. */
class ConfiguredOrdersTest {
    private static final ConfiguredOrders ORDERS = new ConfiguredOrders(TestConfigs.parse("""
            instruments:
              - {symbol: BTCUSDT, base: BTC, quote: USDT, priceDecimals: 2, sizeDecimals: 5}
              - {symbol: ETHBTC, base: ETH, quote: BTC, priceDecimals: 6, sizeDecimals: 4}
            signal-generator:
              strategies:
                - {id: a, type: ma-cross, instruments: [BTCUSDT]}
                - {id: b, type: ema-cross, instruments: [ETHBTC]}
            decision-engine:
              risk: {sizing: {mode: fixed-notional, amount: 25}}
              strategies:
                - {id: a, capital: 1000, orderFraction: 0.25, stopLossBps: 100, stopOrder: market,
                   entryOrder: {type: limit, postOnly: true}, risk: {sizing: {mode: fixed-fraction}}}
                - {id: b, capital: 0.5, orderFraction: 0.5, stopLossBps: 100, stopOrder: limit,
                   takeProfit: [{r: 1, fraction: 1}]}
                - {id: c, capital: 2, orderFraction: 1, risk: {sizing: {mode: risk-per-trade, fraction: 0.01}}}
            """));

    @Test
    void orderTypesFollowEachStrategysSettingsOnItsOwnInstruments() {
        // a: market exits, a post-only resting entry, a STOP_MARKET stop (Binance's STOP_LOSS); c (no
        // signal-generator entry: every instrument) adds nothing beyond MARKET
        assertThat(ORDERS.orderTypesNeeded().get("BTCUSDT")).containsExactly("MARKET", "LIMIT_MAKER", "STOP_LOSS");
        // b: take-profit limits and a STOP_LOSS_LIMIT stop
        assertThat(ORDERS.orderTypesNeeded().get("ETHBTC")).hasSize(4).startsWith("MARKET", "LIMIT")
                .contains("STOP_LOSS_LIMIT");
        // ... which the binance venue cannot carry out together: a "!" entry, a FAIL line of venue-check
        assertThat(ORDERS.orderTypesNeeded().get("ETHBTC")).filteredOn(t -> t.startsWith("!")).singleElement()
                .asString().contains("strategy b").contains("decision-engine.strategies[1]").contains("takeProfit")
                .contains("stopOrder");
    }

    @Test
    void takeProfitWithARestingStopIsRefusedAtStartNamingTheStrategyAndFields() {
        assertThatThrownBy(ORDERS::refuseTakeProfitWithStop).isInstanceOf(ConfigException.class)
                .hasMessageContaining("decision-engine.strategies[1].takeProfit").hasMessageContaining("strategy b")
                .hasMessageContaining("stopOrder: none");
    }

    @Test
    void firstEntrySizesAreKnownForFixedFractionAndFixedNotionalOnly() {
        List<ConfiguredOrders.StrategySize> btc = ORDERS.strategySizes("BTCUSDT");
        assertThat(btc).extracting(ConfiguredOrders.StrategySize::strategy).containsExactly("a", "c");
        assertThat(btc.get(0).notional()).isEqualByComparingTo("250"); // 1000 x 0.25, its own fixed-fraction
        assertThat(btc.get(1).notional()).isNull(); // risk-per-trade: depends on the stop distance
        List<ConfiguredOrders.StrategySize> eth = ORDERS.strategySizes("ETHBTC");
        assertThat(eth.get(0).notional()).isEqualByComparingTo("25"); // the section's fixed-notional amount
        assertThat(eth.get(0).index()).isEqualTo(1);
        // the most capital of a strategy per quote asset: a 1000 and c 2 in USDT, b 0.5 and c 2 in BTC
        assertThat(ORDERS.capitalByQuote().get("USDT")).isEqualByComparingTo(new BigDecimal("1000"));
        assertThat(ORDERS.capitalByQuote().get("BTC")).isEqualByComparingTo(new BigDecimal("2"));
    }
}
