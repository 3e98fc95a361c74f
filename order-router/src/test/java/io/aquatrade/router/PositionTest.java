package io.aquatrade.router;

import static io.aquatrade.router.Oracle.dec;
import static io.aquatrade.router.Oracle.mantissa;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

import io.aquatrade.common.Side;
import io.aquatrade.common.TradeTick;
import io.aquatrade.common.testing.SampleData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The router's average-cost position booking (the common {@code PositionBook}), on fills at real XRP/ETH prices (notional and fee from the BigDecimal oracle). */
class PositionTest {
    private static List<TradeTick> trades;
    private final Oracle oracle = new Oracle(10, 5);

    @BeforeAll
    static void loadTrades() {
        trades = SampleData.xrpEthTrades();
    }

    private record Fill(Side side, BigDecimal price, long quantity, BigDecimal notional, BigDecimal fee) {
        void applyTo(Position p) {
            p.apply(side, mantissa(price), quantity, mantissa(notional), mantissa(fee));
        }

        BigDecimal cashOut() {
            return side == Side.BUY ? notional.add(fee) : notional.negate().add(fee);
        }
    }

    private Fill fillAt(int tradeIndex, Side side, long quantity) {
        BigDecimal price = oracle.priceFromLast(dec(trades.get(tradeIndex).price()), side);
        BigDecimal notional = Oracle.notional(price, quantity, side);
        return new Fill(side, price, quantity, notional, oracle.fee(notional));
    }

    @Test
    void buysThenSellsBackToFlatRealiseExactlyTheCashThatMoved() {
        Position p = new Position("vwap-momentum", "XRPETH");
        Fill buy1 = fillAt(100, Side.BUY, 100);
        Fill buy2 = fillAt(2_000, Side.BUY, 300);
        buy1.applyTo(p);
        buy2.applyTo(p);
        assertThat(p.quantity()).isEqualTo(400);
        BigDecimal basis = buy1.cashOut().add(buy2.cashOut());
        assertThat(dec(p.costBasis())).isEqualByComparingTo(basis);
        assertThat(p.realizedPnl()).isZero();

        Fill sell1 = fillAt(6_000, Side.SELL, 100);
        sell1.applyTo(p);
        BigDecimal released = basis.multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(400), 8, RoundingMode.HALF_EVEN);
        assertThat(p.quantity()).isEqualTo(300);
        assertThat(dec(p.costBasis())).isEqualByComparingTo(basis.subtract(released));
        assertThat(dec(p.realizedPnl())).isEqualByComparingTo(sell1.cashOut().negate().subtract(released));

        Fill sell2 = fillAt(12_000, Side.SELL, 300);
        sell2.applyTo(p);
        assertThat(p.quantity()).isZero();
        assertThat(p.costBasis()).isZero();
        BigDecimal cashIn = sell1.cashOut().add(sell2.cashOut()).negate();
        assertThat(dec(p.realizedPnl())).isEqualByComparingTo(cashIn.subtract(basis));
    }

    @Test
    void aSellLargerThanTheLongOpensAShortAtThatFillsPrice() {
        Position p = new Position("s", "XRPETH");
        Fill buy = fillAt(500, Side.BUY, 10);
        Fill sell = fillAt(9_000, Side.SELL, 15);
        buy.applyTo(p);
        sell.applyTo(p);

        BigDecimal closeCash = sell.cashOut().multiply(BigDecimal.valueOf(10))
                .divide(BigDecimal.valueOf(15), 8, RoundingMode.HALF_EVEN);
        assertThat(p.quantity()).isEqualTo(-5);
        assertThat(dec(p.costBasis())).isEqualByComparingTo(sell.cashOut().subtract(closeCash));
        assertThat(dec(p.realizedPnl())).isEqualByComparingTo(closeCash.negate().subtract(buy.cashOut()));
        // Invariant of the method: cost basis minus realised P&L is all the cash that went out.
        assertThat(dec(p.costBasis() - p.realizedPnl()))
                .isEqualByComparingTo(buy.cashOut().add(sell.cashOut()));
    }

    @Test
    void aShortCoveredByABuyRealisesProceedsMinusCost() {
        Position p = new Position("s", "XRPETH");
        Fill sell = fillAt(3_000, Side.SELL, 50);
        Fill cover = fillAt(11_000, Side.BUY, 50);
        sell.applyTo(p);
        assertThat(p.quantity()).isEqualTo(-50);
        assertThat(dec(p.costBasis())).isEqualByComparingTo(sell.cashOut()).isNegative();
        cover.applyTo(p);

        assertThat(p.quantity()).isZero();
        assertThat(p.costBasis()).isZero();
        assertThat(dec(p.realizedPnl())).isEqualByComparingTo(sell.cashOut().negate().subtract(cover.cashOut()));
    }

    @Test
    void aNonPositiveFillQuantityIsRefused() {
        Position p = new Position("s", "XRPETH");
        assertThatThrownBy(() -> p.apply(Side.BUY, 141_342, 0, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
