package io.aquatrade.marketdata.binance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LogThrottleTest {
    @Test
    void letsABurstThroughPerWindowAndReportsWhatItHeldBack() {
        LogThrottle throttle = new LogThrottle(1_000, 2);
        assertThat(throttle.permit(5_000)).isZero();
        assertThat(throttle.permit(5_100)).isZero();
        assertThat(throttle.permit(5_200)).isEqualTo(-1);
        assertThat(throttle.permit(5_999)).isEqualTo(-1);
        assertThat(throttle.permit(6_000)).as("new window: two held back").isEqualTo(2);
        assertThat(throttle.permit(6_001)).isZero();
        assertThat(throttle.permit(6_002)).isEqualTo(-1);
    }

    @Test
    void worksAcrossTheSignOfTheClock() {
        LogThrottle throttle = new LogThrottle(10, 1);
        assertThat(throttle.permit(-5)).isZero();
        assertThat(throttle.permit(4)).isEqualTo(-1);
        assertThat(throttle.permit(5)).isEqualTo(1);
    }

    @Test
    void rejectsNonPositiveSettings() {
        assertThatThrownBy(() -> new LogThrottle(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LogThrottle(1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
