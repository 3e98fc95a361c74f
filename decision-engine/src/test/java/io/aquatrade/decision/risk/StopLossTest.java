package io.aquatrade.decision.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Entry 0.00141263: the sample's 0.00141192 plus 5 bps of paper slippage, rounded up. */
class StopLossTest {
    @Test
    void aTightStopTriggersStrictlyBelowTheEntryPrice() {
        StopLoss tight = new StopLoss(0);
        long trigger = tight.triggerPrice(141_263L);
        assertThat(trigger).isEqualTo(141_263L);
        assertThat(StopLoss.triggered(141_263L, trigger)).isFalse();
        assertThat(StopLoss.triggered(141_262L, trigger)).isTrue();
    }

    @Test
    void aWiderStopRoundsItsTriggerUpSoThatMarkBelowXMeansMarkBelowTheTrigger() {
        // 141263 x 0.995 = 140556.685: a mark of 140557 is above it, 140556 below
        long trigger = new StopLoss(50).triggerPrice(141_263L);
        assertThat(trigger).isEqualTo(140_557L);
        assertThat(StopLoss.triggered(140_557L, trigger)).isFalse();
        assertThat(StopLoss.triggered(140_556L, trigger)).isTrue();
        // exact: 141200 x 0.995 = 140494 -> the trigger is 140494 itself
        assertThat(new StopLoss(50).triggerPrice(141_200L)).isEqualTo(140_494L);
    }

    @Test
    void tenThousandBpsNeverTriggersAndAnUnknownMarkNeverTriggers() {
        long trigger = new StopLoss(10_000).triggerPrice(141_263L);
        assertThat(trigger).isZero();
        assertThat(StopLoss.triggered(1L, trigger)).isFalse();
        assertThat(StopLoss.triggered(0L, 141_263L)).isFalse();
    }

    @Test
    void bpsOutOfRangeAreRejected() {
        assertThatThrownBy(() -> new StopLoss(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StopLoss(10_001)).isInstanceOf(IllegalArgumentException.class);
    }
}
