package io.aquatrade.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.Direction;
import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.LiquiditySide;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.Signal;
import io.aquatrade.common.SubmitOrder;
import io.aquatrade.common.TradeTick;
import org.junit.jupiter.api.Test;

/**
 * One strategy entering two instruments at the same bar close: the second entry is sized from what the first,
 * still unfilled, leaves of the strategy's capital, so the two never overdraw it. The sample's real XRP/ETH trade
 * prices stand in for both instruments (both quoted in ETH).
 */
class SimultaneousEntriesTest {
    private final RecordingOrders out = new RecordingOrders();

    private DecisionEngine engine() {
        AquatradeConfig config = AquatradeConfig.parse(Path.of("test.yaml"), """
                instruments:
                  - {symbol: XRPETH, base: XRP, quote: ETH, priceDecimals: 8, sizeDecimals: 0}
                  - {symbol: XLMETH, base: XLM, quote: ETH, priceDecimals: 8, sizeDecimals: 0}
                assets: {XRP: 8, XLM: 8, ETH: 8}
                decision-engine:
                  strategies:
                    - {id: s, capital: 1.0, orderFraction: 0.8, stopLossBps: 0}
                """);
        return new DecisionEngine(DecisionConfig.from(config), config, out);
    }

    private static Signal signal(long id, String symbol, long timeNs, long price) {
        return new Signal().signalId(id).strategyId("s").instrument(symbol).direction(Direction.LONG)
                .timeframeMs(300_000).barOpenTimeNs(timeNs - 300_000_000_000L).price(price).reason("test")
                .eventTimeNs(timeNs);
    }

    private static long lots(String eth, long price) {
        return new BigDecimal(eth).divide(FixedPoint.toBigDecimal(price, 8), 0, RoundingMode.FLOOR).longValueExact();
    }

    @Test
    void theSecondEntrySizesFromWhatTheFirstLeavesFree() {
        DecisionEngine engine = engine();
        TradeTick last = DecisionEngineTest.TRADES.get(23);
        long price = last.price();
        engine.tradeTick(last);
        TradeTick other = last.deepCopy();
        engine.tradeTick(other.instrument("XLMETH"));
        long barNs = DecisionEngineTest.BAR_0005_NS;

        engine.signal(signal(1, "XRPETH", barNs, price));
        engine.signal(signal(2, "XLMETH", barNs, price));

        assertThat(out.orders).hasSize(2);
        SubmitOrder first = out.orders.get(0);
        SubmitOrder second = out.orders.get(1);
        assertThat(first.quantity()).isEqualTo(lots("0.8", price));
        // 1.0 ETH less the first entry's reservation (quantity x price, rounded up), times 0.8
        BigDecimal reserved = FixedPoint.toBigDecimal(price, 8).multiply(BigDecimal.valueOf(first.quantity()))
                .setScale(8, RoundingMode.UP);
        BigDecimal budget = BigDecimal.ONE.subtract(reserved).multiply(new BigDecimal("0.8"));
        assertThat(second.quantity()).isEqualTo(lots(budget.toPlainString(), price));
        BigDecimal spent = FixedPoint.toBigDecimal(price, 8)
                .multiply(BigDecimal.valueOf(first.quantity() + second.quantity()));
        assertThat(spent).isLessThanOrEqualTo(BigDecimal.ONE);

        // once the first is filled, its reservation is released and the ledger carries the cost instead
        long notional = FixedPoint.multiply(price, 8, first.quantity(), 0, 8, RoundingMode.UP);
        engine.orderFilled(new OrderFilled().clientOrderId(first.clientOrderId()).venueOrderId("v1").tradeId("t1")
                .strategyId("s").instrument("XRPETH").side(first.side()).fillPrice(price)
                .fillQuantity(first.quantity()).quoteQuantity(notional).fee(0).feeAsset("ETH")
                .cumulativeQuantity(first.quantity()).leavesQuantity(0)
                .liquiditySide(LiquiditySide.TAKER).last(true).eventTimeNs(barNs));
        assertThat(engine.ledger("s").balance("ETH")).isEqualTo(100_000_000L - notional);
    }
}
