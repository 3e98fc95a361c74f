package io.aquatrade.signal.indicator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigInteger;

import io.aquatrade.common.TradeTick;
import io.aquatrade.signal.TradeOracle;
import org.junit.jupiter.api.Test;

class VwapAccumulatorTest {
    @Test
    void sumsOfTheRealTradesAreExact() {
        VwapAccumulator acc = new VwapAccumulator();
        BigInteger pq = BigInteger.ZERO;
        long q = 0;
        for (TradeTick t : TradeOracle.trades()) {
            acc.add(t.price(), t.quantity());
            pq = pq.add(BigInteger.valueOf(t.price()).multiply(BigInteger.valueOf(t.quantity())));
            q += t.quantity();
        }
        assertThat(acc.notionalFitsLong()).isTrue();
        assertThat(acc.notionalLong()).isEqualTo(pq.longValueExact());
        assertThat(acc.quantity()).isEqualTo(q);
        double vwap = TradeOracle.vwap(Long.MIN_VALUE, Long.MAX_VALUE).doubleValue();
        assertThat(acc.vwap(8)).isCloseTo(vwap, within(vwap * 1e-13));
    }

    @Test
    void notionalBeyondALongStaysExact() {
        // a memecoin-sized day: 10^12 units at 8 decimals (10^20 > Long.MAX_VALUE is not allowed for one quantity,
        // so 10^18 per trade) at a BTC-sized price with 8 decimals: p * q is about 6 * 10^30
        long price = 6_543_210_987_654L;
        long quantity = 1_000_000_000_000_000_000L;
        VwapAccumulator acc = new VwapAccumulator();
        BigInteger exact = BigInteger.ZERO;
        for (int i = 0; i < 9; i++) {
            acc.add(price + i, quantity / 10);
            exact = exact.add(BigInteger.valueOf(price + i).multiply(BigInteger.valueOf(quantity / 10)));
        }
        assertThat(acc.notionalFitsLong()).isFalse();
        assertThat(acc.notional()).isCloseTo(exact.doubleValue(), within(exact.doubleValue() * 1e-15));
        assertThat(acc.vwap(8)).isCloseTo((price + 4) / 1e8, within(1e-6));
        assertThatThrownBy(acc::notionalLong).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void aSessionWhoseVolumeExceedsALongStillHasAVwap() {
        // a UTC day of XRP at 10 size decimals: 8.6e9 XRP is 8.6e19 units, beyond Long.MAX_VALUE (9.2e18)
        long price = 60_000_000L; // 0.6 USDT at 8 decimals
        long quantity = 4_300_000_000_000_000_000L;
        VwapAccumulator acc = new VwapAccumulator();
        for (int i = 0; i < 20; i++) {
            acc.add(price + i, quantity);
        }
        BigInteger q = BigInteger.valueOf(quantity).multiply(BigInteger.valueOf(20));
        assertThat(acc.quantityAsDouble()).isCloseTo(q.doubleValue(), within(q.doubleValue() * 1e-15));
        assertThatThrownBy(acc::quantity).isInstanceOf(ArithmeticException.class);
        assertThat(acc.vwap(8)).isCloseTo((price + 9.5) / 1e8, within(1e-12));
    }

    @Test
    void emptyHasNoVwap() {
        VwapAccumulator acc = new VwapAccumulator();
        assertThat(acc.vwap(8)).isNaN();
        acc.add(141_342L, 23L);
        acc.reset();
        assertThat(acc.quantity()).isZero();
        assertThat(acc.vwap(8)).isNaN();
    }
}
