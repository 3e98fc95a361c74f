package io.aquatrade.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

import io.aquatrade.common.testing.SampleData;
import org.junit.jupiter.api.Test;

class FixedPointTest {

    @Test
    void parsesBinanceDecimalStringsExactly() {
        assertThat(FixedPoint.parse("61837.63000000", 2)).isEqualTo(6_183_763L);
        assertThat(FixedPoint.parse("0.00141342", 8)).isEqualTo(141_342L);
        assertThat(FixedPoint.parse("23.00000000", 0)).isEqualTo(23L);
        assertThat(FixedPoint.parse("-1.5", 1)).isEqualTo(-15L);
        assertThat(FixedPoint.parse("7", 3)).isEqualTo(7_000L);
    }

    @Test
    void refusesToRoundOrOverflowSilently() {
        assertThatThrownBy(() -> FixedPoint.parse("0.001413425", 8)).isInstanceOf(NumberFormatException.class)
                .hasMessageContaining("more than 8 decimals");
        assertThatThrownBy(() -> FixedPoint.parse("1e-3", 8)).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> FixedPoint.parse("", 8)).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> FixedPoint.parse("1.2.3", 8)).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> FixedPoint.parse("100000000000", 8)).isInstanceOf(NumberFormatException.class)
                .hasMessageContaining("does not fit");
    }

    @Test
    void multiplyMatchesBigDecimalOnEveryRealTradeOfTheSample() {
        List<TradeTick> trades = SampleData.xrpEthTrades();
        assertThat(trades).hasSize(12_477);
        for (TradeTick t : trades) {
            BigDecimal exact = FixedPoint.toBigDecimal(t.price(), 8).multiply(FixedPoint.toBigDecimal(t.quantity(), 0));
            for (RoundingMode mode : new RoundingMode[] {RoundingMode.UP, RoundingMode.DOWN, RoundingMode.HALF_EVEN}) {
                long got = FixedPoint.multiply(t.price(), 8, t.quantity(), 0, 6, mode);
                assertThat(got).isEqualTo(exact.setScale(6, mode).unscaledValue().longValueExact());
            }
            // fee at 10 bps of the notional, in 8 decimals, rounded up
            long notional = FixedPoint.multiply(t.price(), 8, t.quantity(), 0, 8, RoundingMode.UNNECESSARY);
            long fee = FixedPoint.multiply(notional, 8, 10, 4, 8, RoundingMode.UP);
            assertThat(fee).isEqualTo(exact.multiply(new BigDecimal("0.0010")).setScale(8, RoundingMode.UP)
                    .unscaledValue().longValueExact());
        }
    }

    @Test
    void multiplyBeyond64BitsFallsBackExactly() {
        long bigQty = FixedPoint.parse("2000000000000", 6); // 2e12 memecoin units at 6 decimals
        long price = FixedPoint.parse("0.00001234", 8);
        long notional = FixedPoint.multiply(price, 8, bigQty, 6, 8, RoundingMode.DOWN);
        assertThat(FixedPoint.format(notional, 8)).isEqualTo("24680000.00000000");
        assertThatThrownBy(() -> FixedPoint.multiply(Long.MAX_VALUE, 0, 10, 0, 0, RoundingMode.DOWN))
                .isInstanceOf(ArithmeticException.class);
    }

    @Test
    void divideRoundsAsAsked() {
        assertThat(FixedPoint.divide(7, 2, RoundingMode.DOWN)).isEqualTo(3);
        assertThat(FixedPoint.divide(7, 2, RoundingMode.UP)).isEqualTo(4);
        assertThat(FixedPoint.divide(-7, 2, RoundingMode.UP)).isEqualTo(-4);
        assertThat(FixedPoint.divide(-7, 2, RoundingMode.FLOOR)).isEqualTo(-4);
        assertThat(FixedPoint.divide(5, 2, RoundingMode.HALF_EVEN)).isEqualTo(2);
        assertThat(FixedPoint.divide(7, 2, RoundingMode.HALF_EVEN)).isEqualTo(4);
        assertThatThrownBy(() -> FixedPoint.divide(7, 2, RoundingMode.UNNECESSARY))
                .isInstanceOf(ArithmeticException.class);
    }
}
