package io.aquatrade.decision.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;

import org.junit.jupiter.api.Test;

/** Sizes at real XRP/ETH prices of the sample (0.00141192 ETH, trade #23 of 2019-10-11). */
class FixedFractionSizingTest {
    private static final FixedFractionSizing HALF = new FixedFractionSizing(new BigDecimal("0.5"));

    /** Oracle: floor(amount / price) at sizeDecimals, in BigDecimal. */
    private static long oracle(long amount, int amountDecimals, long price, int priceDecimals, int sizeDecimals) {
        return BigDecimal.valueOf(amount, amountDecimals)
                .divide(BigDecimal.valueOf(price, priceDecimals), sizeDecimals, RoundingMode.FLOOR)
                .unscaledValue().longValueExact();
    }

    @Test
    void halfOfOneEthBuys354XrpAt0_00141192() {
        // 0.5 ETH / 0.00141192 = 354.13 -> 354
        assertThat(HALF.quantity(100_000_000L, 8, 141_192L, 8, 0)).isEqualTo(354);
        assertThat(new FixedFractionSizing(BigDecimal.ONE).quantity(100_000_000L, 8, 141_192L, 8, 0))
                .isEqualTo(708);
    }

    @Test
    void theBudgetRoundsDownToTheQuoteAssetDecimals() {
        // 0.99849767 x 0.5 = 0.499248835 -> 0.49924883
        assertThat(HALF.budget(99_849_767L, 8)).isEqualTo(49_924_883L);
        assertThat(new FixedFractionSizing(new BigDecimal("0.333")).budget(100_000_000L, 8)).isEqualTo(33_300_000L);
        assertThat(HALF.budget(0, 8)).isZero();
        assertThat(HALF.budget(-5, 8)).isZero();
    }

    @Test
    void quantitiesAreExactAtEveryScale() {
        long[][] cases = {
            // amount, amountDecimals, price, priceDecimals, sizeDecimals
            {50_000_000L, 8, 141_192L, 8, 0},
            {50_000_000L, 8, 141_192L, 8, 8},          // a pair with 8 size decimals
            {49_924_883L, 8, 141_161L, 8, 2},
            {1_000_000_000_000_000_000L, 18, 141_192L, 8, 0}, // an 18-decimal quote asset: exponent -10
            {9_000_000_000_000_000_000L, 8, 300_000_000L, 8, 2}, // 9e18 x 100 overflows a long: the exact slow path
            {123_456_789L, 2, 5L, 2, 6},
        };
        for (long[] c : cases) {
            assertThat(FixedFractionSizing.quantityFor(c[0], (int) c[1], c[2], (int) c[3], (int) c[4]))
                    .as("case %s", java.util.Arrays.toString(c))
                    .isEqualTo(oracle(c[0], (int) c[1], c[2], (int) c[3], (int) c[4]));
        }
    }

    @Test
    void lessThanOneLotOrNoPriceGivesZero() {
        assertThat(HALF.quantity(5_000L, 8, 141_192L, 8, 0)).isZero();
        assertThat(FixedFractionSizing.quantityFor(50_000_000L, 8, 0, 8, 0)).isZero();
        assertThat(FixedFractionSizing.quantityFor(1L, 18, Long.MAX_VALUE, 0, 0)).isZero();
    }

    @Test
    void theFractionMustBeInZeroToOne() {
        assertThatThrownBy(() -> new FixedFractionSizing(BigDecimal.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FixedFractionSizing(new BigDecimal("1.01")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
