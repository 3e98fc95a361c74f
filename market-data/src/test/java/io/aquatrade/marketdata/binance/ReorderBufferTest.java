package io.aquatrade.marketdata.binance;

import static io.aquatrade.marketdata.binance.RecordedBinance.BTCUSDT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aquatrade.common.Side;
import org.junit.jupiter.api.Test;

class ReorderBufferTest {
    private static final long S = 1_000_000_000L;
    private static final long T0 = 1_723_161_255L * S;

    private static ReceivedTick.Trade trade(long tradeTimeNs, long receivedTimeNs) {
        return new ReceivedTick.Trade(BTCUSDT, 6_000_000, 1_000, Side.BUY, 1, tradeTimeNs, receivedTimeNs);
    }

    private static ReceivedTick.Quote quote(long receivedTimeNs) {
        return new ReceivedTick.Quote(BTCUSDT, 6_000_000, 1_000, 6_000_001, 1_000, 1, receivedTimeNs);
    }

    @Test
    void theClockOffsetFollowsAStepOfTheLocalClockWithinTwoBuckets() {
        ReorderBuffer buffer = new ReorderBuffer(S / 4);
        assertThat(buffer.clockDeltaNs()).isZero();
        // local clock 1 s behind Binance's, 20 ms network delay, a trade a second for 50 s
        for (long t = 0; t < 50; t++) {
            buffer.add(trade(T0 + t * S, T0 + t * S - S + 20_000_000));
        }
        assertThat(buffer.clockDeltaNs()).isEqualTo(-S + 20_000_000);
        // the local clock is stepped: now 0.5 s ahead; the old minimum ages out after at most two 30 s buckets
        for (long t = 50; t < 111; t++) {
            buffer.add(trade(T0 + t * S, T0 + t * S + S / 2 + 20_000_000));
        }
        assertThat(buffer.clockDeltaNs()).isEqualTo(S / 2 + 20_000_000);
    }

    @Test
    void releasesByEventTimeOnlyOnceTheReorderWindowHasPassedAndStampsLateTicksAtTheFloor() {
        ReorderBuffer buffer = new ReorderBuffer(S / 4);
        buffer.add(trade(T0 + S, T0 + S));          // delta 0
        buffer.add(quote(T0 + S / 2));              // stamped T0 + 0.5 s
        ReorderBuffer.Pending first = buffer.next(T0 + S); // arrived second, but earlier
        assertThat(first.tick()).isInstanceOf(ReceivedTick.Quote.class);
        assertThat(first.eventTimeNs()).isEqualTo(T0 + S / 2);
        assertThat(buffer.next(T0 + S)).isNull();   // the trade waits until 250 ms past its time
        assertThat(buffer.watermarkNs(T0 + S)).isEqualTo(T0 + S - S / 4);
        assertThat(buffer.next(T0 + S + S / 4).eventTimeNs()).isEqualTo(T0 + S);
        assertThat(buffer.next(T0 + 2 * S)).isNull();
        assertThat(buffer.watermarkNs(T0 + 2 * S)).isEqualTo(T0 + 2 * S - S / 4);

        buffer.add(trade(T0 + S / 2, T0 + 2 * S)); // 1.5 s late: below the floor
        assertThat(buffer.lateCount()).isEqualTo(1);
        assertThat(buffer.next(T0 + 2 * S).eventTimeNs()).isEqualTo(T0 + 2 * S - S / 4);
        assertThat(buffer.size()).isZero();
    }

    @Test
    void needsAPositiveWindow() {
        assertThatThrownBy(() -> new ReorderBuffer(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
