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
    void aShortStopTriggersStrictlyAboveTheEntryPriceMovedUpByTheBps() {
        // a short sold at 0.00141090 (the sample's 0.00141161 less 5 bps of paper slippage, rounded down)
        long tight = new StopLoss(0).shortTriggerPrice(141_090L);
        assertThat(tight).isEqualTo(141_090L);
        assertThat(StopLoss.triggeredShort(141_090L, tight)).isFalse();
        assertThat(StopLoss.triggeredShort(141_091L, tight)).isTrue();
        // 141090 x 1.005 = 141795.45: floor 141795; a mark of 141795 is below x, 141796 above
        long wider = new StopLoss(50).shortTriggerPrice(141_090L);
        assertThat(wider).isEqualTo(141_795L);
        assertThat(StopLoss.triggeredShort(141_795L, wider)).isFalse();
        assertThat(StopLoss.triggeredShort(141_796L, wider)).isTrue();
        // exact: 141200 x 1.005 = 141906
        assertThat(new StopLoss(50).shortTriggerPrice(141_200L)).isEqualTo(141_906L);
        // 10000 bps: twice the entry; an unknown mark never triggers
        assertThat(new StopLoss(10_000).shortTriggerPrice(141_090L)).isEqualTo(282_180L);
        assertThat(StopLoss.triggeredShort(0L, 0L)).isFalse();
    }

    @Test
    void theShortTriggerAgreesWithTheDefinitionOnEveryRecordedPrice() {
        StopLoss stop = new StopLoss(37);
        java.math.BigDecimal factor = new java.math.BigDecimal("1.0037");
        for (io.aquatrade.common.TradeTick t : io.aquatrade.common.testing.SampleData.xrpEthTrades()) {
            long trigger = stop.shortTriggerPrice(t.price());
            java.math.BigDecimal x = java.math.BigDecimal.valueOf(t.price()).multiply(factor);
            // mark > x exactly when mark > trigger, for the marks around it
            for (long mark = trigger - 1; mark <= trigger + 1; mark++) {
                assertThat(StopLoss.triggeredShort(mark, trigger))
                        .isEqualTo(java.math.BigDecimal.valueOf(mark).compareTo(x) > 0);
            }
        }
    }

    @Test
    void bpsOutOfRangeAreRejected() {
        assertThatThrownBy(() -> new StopLoss(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StopLoss(10_001)).isInstanceOf(IllegalArgumentException.class);
    }
}
