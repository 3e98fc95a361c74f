package io.aquatrade.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.BalanceUpdate;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.LiquiditySide;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.OrderType;
import io.aquatrade.common.PositionUpdate;
import io.aquatrade.common.Side;
import io.aquatrade.common.SubmitOrder;
import io.aquatrade.common.TimeInForce;
import org.junit.jupiter.api.Test;

/**
 * A fill whose fee is in a third asset (BNB, as Binance charges with "pay fees with BNB") on XRPETH: booked against
 * that asset's balance when the config's {@code assets} lists it (and recovered after a restart), never against
 * XRP or ETH, and the position stays whole. A venue stub fills each order at once, by hand-chosen numbers: 100 XRP
 * at 0.00141192 ETH (notional 0.141192 ETH), fee 0.00012345 BNB.
 */
class ThirdAssetFeeTest {
    private static final long NOTIONAL = 14_119_200L; // 100 x 0.00141192 ETH, 8 decimals
    private static final long FEE = 12_345L; // 0.00012345 BNB
    private static final long ONE = 100_000_000L;

    private static AquatradeConfig config(boolean bnbListed) {
        return TestConfigs.parse(bnbListed ? TestConfigs.textWith("  ETH: 8\n", "  ETH: 8\n  BNB: 8\n")
                : TestConfigs.text());
    }

    private static OrderRouter router(AquatradeConfig config, RecordingExecutions out, boolean bnbListed) {
        Map<String, Long> start = new LinkedHashMap<>();
        start.put("XRP", 0L);
        start.put("ETH", ONE);
        if (bnbListed) {
            start.put("BNB", ONE);
        }
        Venue.Factory stub = (prices, account) -> new Venue() {
            private int n;

            @Override
            public Map<String, Long> startingBalances() {
                return start;
            }

            @Override
            public String name() {
                return "stub";
            }

            @Override
            public void submit(SubmitOrder order, Instrument instrument, VenueReports reports) {
                String id = "stub-" + ++n;
                reports.accepted(order, id);
                reports.filled(order, new OrderFilled().venueOrderId(id).tradeId(id).side(order.side())
                        .fillPrice(141_192L).fillQuantity(order.quantity()).quoteQuantity(NOTIONAL)
                        .cumulativeQuantity(order.quantity()).leavesQuantity(0).fee(FEE).feeAsset("BNB")
                        .liquiditySide(LiquiditySide.TAKER).last(true));
            }
        };
        OrderRouter router = new OrderRouter(RouterConfig.from(config), config, out, stub);
        return router;
    }

    private static SubmitOrder order(String id, Side side) {
        return new SubmitOrder().clientOrderId(id).strategyId("s").instrument("XRPETH").side(side)
                .orderType(OrderType.MARKET).timeInForce(TimeInForce.IOC).quantity(100).reason("signal")
                .eventTimeNs(1_000L);
    }

    @Test
    void aBnbFeeIsBookedAgainstBnbOnlyAndRecoveredAfterARestart() {
        AquatradeConfig config = config(true);
        RecordingExecutions out = new RecordingExecutions();
        OrderRouter router = router(config, out, true);
        router.start();
        router.submitOrder(order("s-1", Side.BUY));

        OrderFilled fill = out.of(OrderFilled.class).get(0);
        assertThat(fill.feeAsset()).isEqualTo("BNB");
        assertThat(fill.fee()).isEqualTo(FEE);
        assertThat(router.balance("XRP")).isEqualTo(100 * ONE); // whole: no fee taken from it
        assertThat(router.balance("ETH")).isEqualTo(ONE - NOTIONAL); // nor from the quote
        assertThat(router.balance("BNB")).isEqualTo(ONE - FEE);
        List<BalanceUpdate> changes = out.of(BalanceUpdate.class).stream()
                .filter(b -> "s-1".equals(b.cause())).toList();
        assertThat(changes).extracting(BalanceUpdate::asset, BalanceUpdate::change).containsExactly(
                org.assertj.core.api.Assertions.tuple("XRP", 100 * ONE),
                org.assertj.core.api.Assertions.tuple("ETH", -NOTIONAL),
                org.assertj.core.api.Assertions.tuple("BNB", -FEE));
        PositionUpdate position = out.of(PositionUpdate.class).get(0);
        assertThat(position.quantity()).isEqualTo(100);
        assertThat(position.costBasis()).isEqualTo(NOTIONAL);

        router.submitOrder(order("s-2", Side.SELL));
        PositionUpdate flat = out.of(PositionUpdate.class).get(1);
        assertThat(flat.quantity()).isZero();
        assertThat(flat.realizedPnl()).isZero(); // same price both ways: the BNB fees are not in it
        assertThat(router.balance("BNB")).isEqualTo(ONE - 2 * FEE);

        RecordingExecutions after = new RecordingExecutions();
        OrderRouter restarted = router(config, after, true);
        out.replayInto(restarted.recovery());
        restarted.start();
        assertThat(restarted.balance("BNB")).isEqualTo(ONE - 2 * FEE);
        assertThat(restarted.balance("ETH")).isEqualTo(ONE);
        assertThat(after.of(BalanceUpdate.class)).isEmpty(); // nothing announced again
    }

    @Test
    void aBnbFeeInAnAssetTheConfigDoesNotListIsNotBookedAgainstBaseOrQuote() {
        AquatradeConfig config = config(false);
        RecordingExecutions out = new RecordingExecutions();
        OrderRouter router = router(config, out, false);
        router.start();
        router.submitOrder(order("s-1", Side.BUY));
        assertThat(out.of(OrderFilled.class).get(0).feeAsset()).isEqualTo("BNB");
        assertThat(router.balance("XRP")).isEqualTo(100 * ONE);
        assertThat(router.balance("ETH")).isEqualTo(ONE - NOTIONAL);
        assertThat(out.of(BalanceUpdate.class)).extracting(BalanceUpdate::asset).doesNotContain("BNB");
        assertThat(router.account().has("BNB")).isFalse();
    }
}
