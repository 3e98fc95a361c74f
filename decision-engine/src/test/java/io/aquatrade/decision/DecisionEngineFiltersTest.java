package io.aquatrade.decision;

import static io.aquatrade.decision.DecisionEngineDenialTest.assertDenial;
import static io.aquatrade.decision.DecisionEngineTest.BAR_0005_NS;
import static io.aquatrade.decision.DecisionEngineTest.ID;
import static io.aquatrade.decision.DecisionEngineTest.price;
import static io.aquatrade.decision.DecisionEngineTest.signal;
import static io.aquatrade.decision.DecisionEngineTest.trades;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.DenyReason;
import io.aquatrade.common.Direction;
import io.aquatrade.common.OrderType;
import org.junit.jupiter.api.Test;

/**
 * The engine sizes entries within the instrument's filters ({@code instruments[].filters}): whole steps of
 * {@code stepSize}, at least {@code minQty} and {@code minNotional}, limit prices on the {@code tickSize} grid. The
 * real 00:05 close of the sample (trade #23, 0.00141192 ETH: one XRP costs 141192 ETH mantissa); amounts by hand.
 */
class DecisionEngineFiltersTest {
    final RecordingOrders out = new RecordingOrders();

    DecisionEngine longAt0005(String filters, String strategy) {
        AquatradeConfig config = AquatradeConfig.parse(Path.of("filters.yaml"), """
                instruments:
                  - {symbol: XRPETH, base: XRP, quote: ETH, priceDecimals: 8, sizeDecimals: 0, filters: %s}
                assets: {XRP: 8, ETH: 8}
                decision-engine:
                  strategies:
                    - %s
                """.formatted(filters, strategy));
        DecisionEngine engine = new DecisionEngine(DecisionConfig.from(config), config, out);
        trades(engine, 0, 24);
        engine.signal(signal(1, Direction.LONG, BAR_0005_NS, price(23)));
        return engine;
    }

    @Test
    void anEntryIsRoundedDownToWholeSteps() {
        // 0.05 ETH = 5000000 buys floor(5000000 / 141192) = 35 XRP (35 x 141192 = 4941720); steps of 10: 30
        longAt0005("{stepSize: 10, minQty: 20, minNotional: 0.01}",
                "{id: vwap-momentum, capital: 0.05, orderFraction: 1}");
        assertThat(out.denials).isEmpty();
        assertThat(out.orders).singleElement().satisfies(o -> assertThat(o.quantity()).isEqualTo(30));
    }

    @Test
    void anEntryBelowTheMinimumQuantityIsDenied() {
        // 0.03 ETH buys floor(3000000 / 141192) = 21 XRP; steps of 10: 20 < minQty 25
        DecisionEngine engine = longAt0005("{stepSize: 10, minQty: 25}",
                "{id: vwap-momentum, capital: 0.03, orderFraction: 1}");
        assertThat(out.orders).isEmpty();
        assertDenial(out.denials.get(0), ID, "XRPETH", 1, DenyReason.BELOW_MIN_QUANTITY,
                "LONG entry: 20 XRP is below the minimum quantity 25 of XRPETH", BAR_0005_NS);
        assertThat(engine.counters().denied(DenyReason.BELOW_MIN_QUANTITY)).isEqualTo(1);
    }

    @Test
    void anEntryBelowTheMinimumNotionalIsDenied() {
        // 21 XRP x 0.00141192 = 0.02965032 ETH < 0.05
        DecisionEngine engine = longAt0005("{minNotional: 0.05}",
                "{id: vwap-momentum, capital: 0.03, orderFraction: 1}");
        assertThat(out.orders).isEmpty();
        assertDenial(out.denials.get(0), ID, "XRPETH", 1, DenyReason.BELOW_MIN_NOTIONAL,
                "LONG entry: 21 x 0.00141192 = 0.02965032 ETH is below the minimum notional 0.05000000 of XRPETH",
                BAR_0005_NS);
        assertThat(engine.counters().denied(DenyReason.BELOW_MIN_NOTIONAL)).isEqualTo(1);
    }

    @Test
    void aLimitPriceIsOnTheTickGridRoundedTheMarketableWay() {
        // buy limit = ceil(141192 x 1.001) = ceil(141333.192) = 141334; ticks of 0.000001 (100): 141400
        longAt0005("{tickSize: 0.000001}",
                "{id: vwap-momentum, capital: 1, orderFraction: 0.5, orderType: limit, limitOffsetBps: 10}");
        assertThat(out.orders).singleElement().satisfies(o -> {
            assertThat(o.orderType()).isEqualTo(OrderType.LIMIT);
            assertThat(o.limitPrice()).isEqualTo(141_400);
        });
    }
}
