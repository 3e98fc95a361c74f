package io.aquatrade.decision.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

/**
 * Hand-worked chandelier levels in XRP/ETH price mantissas (8 decimals): best 0.00141469 (the sample's trade #25),
 * ATR 0.00000517 (517).
 */
class AtrTrailingStopTest {
    @Test
    void theDistanceIsTheFloorOfTheMultipleTimesTheAtr() {
        // 2.5 x 517 = 1292.5 -> 1292; 3 x 517 = 1551; 0.01 x 517 = 5.17 -> 5; 0.01 x 99 = 0.99 -> 0
        assertThat(new AtrTrailingStop(new BigDecimal("2.5")).distance(517)).isEqualTo(1292);
        assertThat(new AtrTrailingStop(new BigDecimal("3")).distance(517)).isEqualTo(1551);
        assertThat(new AtrTrailingStop(new BigDecimal("0.01")).distance(517)).isEqualTo(5);
        assertThat(new AtrTrailingStop(new BigDecimal("0.01")).distance(99)).isZero();
        assertThat(new AtrTrailingStop(new BigDecimal("2.50")).distance(517)).isEqualTo(1292);
    }

    @Test
    void aLongIsStoppedStrictlyBelowBestMinusTheDistance() {
        // best - 2.5 x ATR = 141469 - 1292.5 = 140176.5; mark < 140176.5 <=> mark < 140177 = 141469 - 1292
        AtrTrailingStop stop = new AtrTrailingStop(new BigDecimal("2.5"));
        long trigger = stop.triggerPrice(141_469L, 517);
        assertThat(trigger).isEqualTo(140_177L);
        assertThat(StopLoss.triggered(140_177L, trigger)).isFalse();
        assertThat(StopLoss.triggered(140_176L, trigger)).isTrue();
    }

    @Test
    void aShortIsStoppedStrictlyAboveBestPlusTheDistance() {
        // best + 2.5 x ATR = 141469 + 1292.5 = 142761.5; mark > 142761.5 <=> mark > 142761 = 141469 + 1292
        AtrTrailingStop stop = new AtrTrailingStop(new BigDecimal("2.5"));
        long trigger = stop.shortTriggerPrice(141_469L, 517);
        assertThat(trigger).isEqualTo(142_761L);
        assertThat(StopLoss.triggeredShort(142_761L, trigger)).isFalse();
        assertThat(StopLoss.triggeredShort(142_762L, trigger)).isTrue();
    }

    @Test
    void anUnknownAtrOrADistanceBeyondTheBestPriceGivesNoLevel() {
        AtrTrailingStop stop = new AtrTrailingStop(new BigDecimal("2.5"));
        assertThat(stop.triggerPrice(141_469L, 0)).isZero();
        assertThat(stop.shortTriggerPrice(141_469L, 0)).isZero();
        // 2.5 x 60000 = 150000 > 141469
        assertThat(stop.triggerPrice(141_469L, 60_000)).isZero();
    }

    @Test
    void aMultipleOutOfRangeOrWithMoreThanTwoDecimalsIsRefused() {
        for (String bad : new String[] {"0", "-1", "2.125", "100.01"}) {
            assertThatThrownBy(() -> new AtrTrailingStop(new BigDecimal(bad)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("at most 2 decimals");
        }
        assertThat(new AtrTrailingStop(new BigDecimal("100")).distance(3)).isEqualTo(300);
    }

    @Test
    void anOverflowingDistanceThrows() {
        assertThatThrownBy(() -> new AtrTrailingStop(new BigDecimal("100")).distance(Long.MAX_VALUE / 100))
                .isInstanceOf(ArithmeticException.class);
    }
}
