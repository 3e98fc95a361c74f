package io.aquatrade.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

import io.aquatrade.common.Side;
import io.aquatrade.common.TradeTick;
import io.aquatrade.common.testing.SampleData;
import org.junit.jupiter.api.Test;

/** Limit prices at real XRP/ETH prices of the sample, against a BigDecimal oracle. */
class MarketableLimitTest {
    private static final List<TradeTick> TRADES = SampleData.xrpEthTrades();

    private static long oracle(Side side, long reference, int offsetBps) {
        BigDecimal ref = BigDecimal.valueOf(reference, 8);
        BigDecimal offset = BigDecimal.valueOf(offsetBps, 4);
        BigDecimal limit = side == Side.BUY
                ? ref.multiply(BigDecimal.ONE.add(offset)).setScale(8, RoundingMode.CEILING)
                : ref.multiply(BigDecimal.ONE.subtract(offset)).setScale(8, RoundingMode.FLOOR);
        return limit.unscaledValue().longValueExact();
    }

    @Test
    void tenBpsThroughTheSamplesFirstBarClose() {
        // 0.00141192 x 1.001 = 0.00141333192 -> up to 0.00141334; x 0.999 = 0.00141050808 -> down to 0.00141050
        assertThat(MarketableLimit.price(Side.BUY, 141_192L, 10, 8)).isEqualTo(141_334L);
        assertThat(MarketableLimit.price(Side.SELL, 141_192L, 10, 8)).isEqualTo(141_050L);
        // an offset of 0 is the reference itself
        assertThat(MarketableLimit.price(Side.BUY, 141_192L, 0, 8)).isEqualTo(141_192L);
        assertThat(MarketableLimit.price(Side.SELL, 141_192L, 0, 8)).isEqualTo(141_192L);
    }

    @Test
    void everyRecordedPriceRoundsAwayFromTheReference() {
        int rounded = 0;
        for (TradeTick t : TRADES) {
            for (int bps : new int[] {1, 10, 25, 1000}) {
                long buy = MarketableLimit.price(Side.BUY, t.price(), bps, 8);
                long sell = MarketableLimit.price(Side.SELL, t.price(), bps, 8);
                assertThat(buy).isEqualTo(oracle(Side.BUY, t.price(), bps)).isGreaterThan(t.price());
                assertThat(sell).isEqualTo(oracle(Side.SELL, t.price(), bps)).isLessThan(t.price());
                if (BigDecimal.valueOf(t.price()).multiply(BigDecimal.valueOf(10_000 + bps)).remainder(
                        BigDecimal.valueOf(10_000)).signum() != 0) {
                    rounded++;
                }
            }
        }
        assertThat(rounded).isGreaterThan(TRADES.size());
    }

    @Test
    void aLimitAtLeastTheVenueSlippageIsMarketableWithoutAQuote() {
        // the paper venue fills a buy without a quote at ceil(last x 1.0005): a 10 bps limit is always at or above it
        for (TradeTick t : TRADES) {
            long paperBuy = BigDecimal.valueOf(t.price()).multiply(new BigDecimal("1.0005"))
                    .setScale(0, RoundingMode.CEILING).longValueExact();
            long paperSell = BigDecimal.valueOf(t.price()).multiply(new BigDecimal("0.9995"))
                    .setScale(0, RoundingMode.FLOOR).longValueExact();
            assertThat(MarketableLimit.price(Side.BUY, t.price(), 10, 8)).isGreaterThanOrEqualTo(paperBuy);
            assertThat(MarketableLimit.price(Side.SELL, t.price(), 10, 8)).isLessThanOrEqualTo(paperSell);
        }
    }

    @Test
    void aSellLimitIsAtLeastOneTickAndBadArgumentsAreRejected() {
        assertThat(MarketableLimit.price(Side.SELL, 1L, 1000, 8)).isEqualTo(1L);
        assertThatThrownBy(() -> MarketableLimit.price(Side.BUY, 0L, 10, 8))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MarketableLimit.price(Side.BUY, 141_192L, -1, 8))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
