package io.aquatrade.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.Random;

import io.aquatrade.common.testing.SampleData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The book of account on fills made of the sample's real XRP/ETH trades (price and quantity of each), with sides,
 * partial closes, flips and fees in the quote or the base asset drawn at random (seeded).
 */
class PositionBookTest {
    private static final int QUOTE_DECIMALS = 8;
    private static List<TradeTick> trades;

    @BeforeAll
    static void load() {
        trades = SampleData.xrpEthTrades();
    }

    /** A fill's notional in ETH mantissa (price 8 decimals x XRP 0 decimals = 8 decimals, exact). */
    private static long notional(long price, long qty) {
        return Math.multiplyExact(price, qty);
    }

    @Test
    void aRoundTripRealisesWhatCameInMinusWhatWentOutFeesIncluded() {
        // buy 353 XRP at 0.00141683 ETH, fee 10 bps in ETH rounded up; sell them at 0.00141900, same fee
        PositionBook p = new PositionBook();
        long buyNotional = notional(141_683, 353); // 50014099
        long buyFee = 50_015;
        long sellNotional = notional(141_900, 353); // 50090700
        long sellFee = 50_091;
        p.fill(Side.BUY, 141_683, 353, PositionBook.cashOut(Side.BUY, buyNotional, buyFee));
        assertThat(p.quantity()).isEqualTo(353);
        assertThat(p.avgEntryPrice()).isEqualTo(141_683);
        assertThat(p.costBasis()).isEqualTo(50_064_114);
        p.fill(Side.SELL, 141_900, 353, PositionBook.cashOut(Side.SELL, sellNotional, sellFee));
        assertThat(p.quantity()).isZero();
        assertThat(p.costBasis()).isZero();
        assertThat(p.avgEntryPrice()).isZero();
        // 50090700 - 50091 - 50064114 = -23505: the fees ate the move
        assertThat(p.realizedPnl()).isEqualTo(-23_505);
    }

    @Test
    void aPartialCloseReleasesItsShareOfTheBasisHalfEvenAndAFlipOpensTheRestAtTheFillPrice() {
        PositionBook p = new PositionBook();
        p.fill(Side.BUY, 141_683, 3, PositionBook.cashOut(Side.BUY, notional(141_683, 3), 0)); // basis 425049
        // sell 1 of 3: released 425049 / 3 = 141683 exactly
        p.fill(Side.SELL, 141_700, 1, PositionBook.cashOut(Side.SELL, notional(141_700, 1), 0));
        assertThat(p.realizedPnl()).isEqualTo(17);
        assertThat(p.costBasis()).isEqualTo(283_366);
        // add 1 at 141690: basis 425056, average (141683 x 2 + 141690) / 3 = 141685.33 -> 141685
        p.fill(Side.BUY, 141_690, 1, PositionBook.cashOut(Side.BUY, notional(141_690, 1), 0));
        assertThat(p.avgEntryPrice()).isEqualTo(141_685);
        assertThat(p.costBasis()).isEqualTo(425_056);
        // sell 5 at 141600: closes 3 (releases 425056, cash for 3 of 5: -708000 x 3/5 = -424800), opens 2 short
        long beyond = p.fill(Side.SELL, 141_600, 5, PositionBook.cashOut(Side.SELL, notional(141_600, 5), 0));
        assertThat(beyond).isEqualTo(2);
        assertThat(p.realizedPnl()).isEqualTo(17 + 424_800 - 425_056);
        assertThat(p.quantity()).isEqualTo(-2);
        assertThat(p.costBasis()).isEqualTo(-283_200);
        assertThat(p.avgEntryPrice()).isEqualTo(141_600);
    }

    @Test
    void randomFillsOfRealTradesKeepTheBooksBalancedAndWithinOneUnitPerRoundingOfExactAverageCost() {
        Random random = new Random(20261203L);
        int sequences = 0;
        int partialCloses = 0;
        int flips = 0;
        for (int start = 0; start + 60 < trades.size(); start += 60) {
            PositionBook book = new PositionBook();
            Exact exact = new Exact();
            long cashIn = 0;
            long quantity = 0;
            int partials = 0;
            int flipsHere = 0;
            for (int i = start; i < start + 60; i++) {
                TradeTick t = trades.get(i);
                Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
                long qty = Math.max(1, t.quantity() / (1 + random.nextInt(3)));
                long notional = notional(t.price(), qty);
                long fee = FixedPoint.divide(Math.multiplyExact(notional, 10), 10_000, RoundingMode.UP);
                boolean baseFee = side == Side.BUY && random.nextInt(4) == 0 && qty > 1;
                // a base-asset fee on a buy: the position takes one unit less for the same notional
                long taken = baseFee ? qty - 1 : qty;
                long cashOut = PositionBook.cashOut(side, notional, baseFee ? 0 : fee);
                long before = book.quantity();
                if (before != 0 && (before > 0) != (side == Side.BUY) && taken < Math.abs(before)) {
                    partials++;
                }
                if (before != 0 && (before > 0) != (side == Side.BUY) && taken > Math.abs(before)) {
                    flipsHere++;
                }
                book.fill(side, t.price(), taken, cashOut);
                exact.fill(side, taken, cashOut);
                cashIn -= cashOut;
                quantity += side == Side.BUY ? taken : -taken;

                assertThat(book.quantity()).isEqualTo(quantity);
                // what is realised plus what is still in the position is the cash that came in, exactly
                assertThat(book.realizedPnl() - book.costBasis()).isEqualTo(cashIn);
                if (book.quantity() == 0) {
                    assertThat(book.costBasis()).isZero();
                    assertThat(book.avgEntryPrice()).isZero();
                } else {
                    assertThat(book.costBasis() > 0).isEqualTo(book.quantity() > 0);
                }
                BigDecimal error = exact.realized.subtract(BigDecimal.valueOf(book.realizedPnl())).abs();
                assertThat(error).as("sequence %d fill %d", sequences, i - start)
                        .isLessThanOrEqualTo(BigDecimal.valueOf(partials + flipsHere));
            }
            partialCloses += partials;
            flips += flipsHere;
            sequences++;
        }
        assertThat(sequences).isGreaterThan(200);
        assertThat(partialCloses).isGreaterThan(300);
        assertThat(flips).isGreaterThan(300);
    }

    @Test
    void aLongCappedToNothingRealisesItsBasisAsALoss() {
        PositionBook p = new PositionBook();
        p.fill(Side.BUY, 141_683, 10, 1_416_830);
        p.capLongAt(12);
        assertThat(p.quantity()).isEqualTo(10);
        p.capLongAt(9);
        assertThat(p.quantity()).isEqualTo(9);
        assertThat(p.costBasis()).isEqualTo(1_416_830);
        p.capLongAt(0);
        assertThat(p.quantity()).isZero();
        assertThat(p.costBasis()).isZero();
        assertThat(p.realizedPnl()).isEqualTo(-1_416_830);
    }

    @Test
    void mulDivIsExactAndHalfEvenWhenTheProductOverflowsALong() {
        long a = 9_000_000_000_000_000_000L;
        long b = 7_000_000L;
        long c = 9_000_000L;
        long expected = new BigDecimal(java.math.BigInteger.valueOf(a).multiply(java.math.BigInteger.valueOf(b)))
                .divide(BigDecimal.valueOf(c), 0, RoundingMode.HALF_EVEN).longValueExact();
        assertThat(PositionBook.mulDivHalfEven(a, b, c)).isEqualTo(expected);
        assertThat(PositionBook.mulDivHalfEven(-a, b, c)).isEqualTo(-expected);
        assertThat(PositionBook.mulDivHalfEven(-7, 2, 3)).isEqualTo(-5); // -4.67
        assertThat(PositionBook.mulDivHalfEven(5, 1, 2)).isEqualTo(2); // 2.5: to even
        assertThat(PositionBook.mulDivHalfEven(7, 1, 2)).isEqualTo(4); // 3.5: to even
    }

    @Test
    void aFillMustHaveAQuantityAndAPrice() {
        PositionBook p = new PositionBook();
        assertThatThrownBy(() -> p.fill(Side.BUY, 141_683, 0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("quantity");
        assertThatThrownBy(() -> p.fill(Side.BUY, 0, 1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("price");
    }

    @Test
    void aBaseFeeLeavesThePositionTheWholeStepsOfWhatItHoldsAndTheFeesCostInTheBasis() {
        // hand-worked, sizes at 2 decimals, base asset at 8: buy 10.00 at 2.00000000 for 20 quote, fee 0.01 base
        PositionBook p = new PositionBook();
        long stepInBase = 1_000_000L; // one size unit (0.01) in base mantissa
        long cash = PositionBook.cashOut(Side.BUY, 2_000_000_000L, 0);
        p.fill(Side.BUY, 200_000_000L, 1_000, cash, 1_000_000_000L - 1_000_000L, 1, stepInBase);
        assertThat(p.quantity()).isEqualTo(999); // 9.99
        assertThat(p.baseHeld()).isEqualTo(999_000_000L);
        assertThat(p.costBasis()).isEqualTo(2_000_000_000L);
        assertThat(p.avgEntryPrice()).isEqualTo(200_000_000L);

        // with a step of 0.10 the same fill keeps 9.90; 0.09 is dust, which a second buy of 10.00 (fee 0.01) makes
        // 0.09 + 9.99 = 10.08 more: 19.98 held, 19.90 in whole steps
        PositionBook stepped = new PositionBook();
        stepped.fill(Side.BUY, 200_000_000L, 1_000, cash, 999_000_000L, 10, 10 * stepInBase);
        assertThat(stepped.quantity()).isEqualTo(990);
        stepped.fill(Side.BUY, 200_000_000L, 1_000, cash, 999_000_000L, 10, 10 * stepInBase);
        assertThat(stepped.quantity()).isEqualTo(1_990);
        assertThat(stepped.costBasis()).isEqualTo(4_000_000_000L);

        // selling the 19.90 for 41.79 quote (2.10 each) closes it: the dust's cost is realised with it
        long sellCash = PositionBook.cashOut(Side.SELL, 4_179_000_000L, 0);
        stepped.fill(Side.SELL, 210_000_000L, 1_990, sellCash, -1_990_000_000L, 10, 10 * stepInBase);
        assertThat(stepped.quantity()).isZero();
        assertThat(stepped.baseHeld()).isEqualTo(8_000_000L); // 0.08 left as dust
        assertThat(stepped.realizedPnl()).isEqualTo(4_179_000_000L - 4_000_000_000L);

        // a buy left below one step by its fee is no position: its cost is realised at once
        PositionBook dust = new PositionBook();
        dust.fill(Side.BUY, 200_000_000L, 10, 20_000_000L, 9_990_000L, 10, 10 * stepInBase);
        assertThat(dust.quantity()).isZero();
        assertThat(dust.costBasis()).isZero();
        assertThat(dust.realizedPnl()).isEqualTo(-20_000_000L);
    }

    /** Average cost in exact rationals (BigDecimal to 40 digits), written here apart from the code under test. */
    private static final class Exact {
        private static final MathContext MC = new MathContext(40);
        long quantity;
        BigDecimal basis = BigDecimal.ZERO;
        BigDecimal realized = BigDecimal.ZERO;

        void fill(Side side, long qty, long cashOut) {
            long signed = side == Side.BUY ? qty : -qty;
            BigDecimal cash = BigDecimal.valueOf(cashOut);
            if (quantity == 0 || (quantity > 0) == (signed > 0)) {
                quantity += signed;
                basis = basis.add(cash);
                return;
            }
            long open = Math.abs(quantity);
            long closed = Math.min(qty, open);
            BigDecimal share = BigDecimal.valueOf(closed).divide(BigDecimal.valueOf(open), MC);
            BigDecimal released = basis.multiply(share, MC);
            BigDecimal cashClosed = cash.multiply(BigDecimal.valueOf(closed).divide(BigDecimal.valueOf(qty), MC), MC);
            realized = realized.subtract(cashClosed.add(released));
            basis = closed == open ? BigDecimal.ZERO : basis.subtract(released);
            quantity += side == Side.BUY ? closed : -closed;
            if (qty > closed) {
                quantity += side == Side.BUY ? qty - closed : -(qty - closed);
                basis = cash.subtract(cashClosed);
            }
        }
    }
}
