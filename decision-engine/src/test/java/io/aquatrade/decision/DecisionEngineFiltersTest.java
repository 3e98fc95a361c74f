package io.aquatrade.decision;

import static io.aquatrade.decision.DecisionEngineDenialTest.assertDenial;
import static io.aquatrade.decision.DecisionEngineTest.BAR_0005_NS;
import static io.aquatrade.decision.DecisionEngineTest.BAR_0010_NS;
import static io.aquatrade.decision.DecisionEngineTest.ID;
import static io.aquatrade.decision.DecisionEngineTest.price;
import static io.aquatrade.decision.DecisionEngineTest.signal;
import static io.aquatrade.decision.DecisionEngineTest.trades;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.DenyReason;
import io.aquatrade.common.Direction;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.OrderType;
import io.aquatrade.common.Side;
import io.aquatrade.common.SubmitOrder;
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

    /** The entry's complete fill at the 00:05 close with a 10 bps fee taken from the XRP received (Binance spot). */
    private static OrderFilled withBaseFee(SubmitOrder entry) {
        // fee = quantity x 10 bps in XRP, at XRP's 8 decimals: 0.001 XRP per XRP = 100000 mantissa per XRP
        return RouterLikeFills.fillAt(entry, 141_192, entry.quantity(), 10, "1", true)
                .fee(entry.quantity() * 100_000L).feeAsset("XRP");
    }

    @Test
    void aBaseFeeLeavesThePositionInWholeStepsAndAnExitSellsThoseOnly() {
        // entry 30 XRP (see above); the fee of 0.03 XRP leaves 29.97 XRP: 20 in whole steps of 10, 9.97 dust
        DecisionEngine engine = longAt0005("{stepSize: 10, minQty: 10}",
                "{id: vwap-momentum, capital: 0.05, orderFraction: 1}");
        engine.orderFilled(withBaseFee(out.last()));
        assertThat(engine.ledger(ID).balance("XRP")).isEqualTo(2_997_000_000L);
        Position p = engine.position(ID, "XRPETH");
        assertThat(p.quantity()).isEqualTo(20);
        assertThat(p.costBasis()).as("the whole notional: the fee's cost stays in the basis")
                .isEqualTo(30 * 141_192L);

        engine.signal(signal(2, Direction.FLAT, BAR_0010_NS, price(37)));
        assertThat(out.last().side()).isEqualTo(Side.SELL);
        assertThat(out.last().quantity()).as("whole steps, which the venue's LOT_SIZE accepts").isEqualTo(20);
    }

    @Test
    void aPositionLeftAsDustBelowOneStepIsFlatSendsNoStopAndDoesNotBlockTheNextEntry() {
        // 0.02 ETH buys floor(2000000 / 141192) = 14 XRP, one step of 10; its 0.01 XRP fee leaves 9.99: dust only
        String strategy = "{id: vwap-momentum, capital: 0.1, orderFraction: 0.2, stopLossBps: 1}";
        DecisionEngine engine = longAt0005("{stepSize: 10, minQty: 10}", strategy);
        assertThat(out.last().quantity()).isEqualTo(10);
        engine.orderFilled(withBaseFee(out.last()));
        Position p = engine.position(ID, "XRPETH");
        assertThat(p.isFlat()).isTrue();
        assertThat(p.realizedPnl()).as("the dust's cost is realised").isEqualTo(-10 * 141_192L);
        assertThat(engine.ledger(ID).balance("XRP")).isEqualTo(999_000_000L);

        // the real trades after the entry go more than 1 bp below it: a position would be stopped out (the control
        // below), dust is not: no order, no denial, on any of them
        int orders = out.orders.size();
        trades(engine, 24, 400);
        assertThat(out.orders).hasSize(orders);
        assertThat(out.denials).isEmpty();

        // and a LONG signal enters again rather than being denied POSITION_OPEN: 0.2 of the 0.08588080 ETH left buys
        // floor(1717616 / 141656) = 12 XRP, one step
        engine.signal(signal(2, Direction.LONG, BAR_0010_NS, price(37)));
        assertThat(out.denials).isEmpty();
        assertThat(out.orders).hasSize(orders + 1);
        assertThat(out.last().side()).isEqualTo(Side.BUY);
        assertThat(out.last().quantity()).isEqualTo(10);

        // control: the same entry with its fee in ETH is a position of 10, which those trades stop out
        RecordingOrders control = new RecordingOrders();
        AquatradeConfig config = AquatradeConfig.parse(Path.of("filters.yaml"), """
                instruments:
                  - {symbol: XRPETH, base: XRP, quote: ETH, priceDecimals: 8, sizeDecimals: 0,
                     filters: {stepSize: 10, minQty: 10}}
                assets: {XRP: 8, ETH: 8}
                decision-engine:
                  strategies:
                    - %s
                """.formatted(strategy));
        DecisionEngine quoteFee = new DecisionEngine(DecisionConfig.from(config), config, control);
        trades(quoteFee, 0, 24);
        quoteFee.signal(signal(1, Direction.LONG, BAR_0005_NS, price(23)));
        quoteFee.orderFilled(RouterLikeFills.fillAt(control.last(), 141_192, 10, 10, "1", true));
        assertThat(quoteFee.position(ID, "XRPETH").quantity()).isEqualTo(10);
        trades(quoteFee, 24, 400);
        assertThat(control.orders.size()).isGreaterThan(1);
        assertThat(control.orders.get(1).reason()).isEqualTo(DecisionEngine.REASON_STOP_LOSS);
        assertThat(control.orders.get(1).quantity()).isEqualTo(10);
    }
}
