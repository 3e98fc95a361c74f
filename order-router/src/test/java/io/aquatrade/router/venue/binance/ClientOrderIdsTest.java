package io.aquatrade.router.venue.binance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** {@link ClientOrderIds}: the scheme worked by hand, and Binance's rule on the worst cases. */
class ClientOrderIdsTest {
    @Test
    void anIdIsTheStrategyTheQueueIdAndTheIndexInBase36() {
        AtomicLong index = new AtomicLong(0x5160_0000_0007L); // cycle 0x5160 (a FAST_DAILY day), 8th excerpt
        ClientOrderIds ids = new ClientOrderIds();
        assertThat(ids.of("ma-cross", "ma-cross-3")).as("no orders topic: ours").isEqualTo("ma-cross-3");
        ids.ordersTopic(index::get, 1_733_200_000_000L);
        // base 36 worked separately: 1733200000000 = "m47yj30g"; 0x516000000007 = 89472758710279 = "vpr7uf1mv"
        assertThat(ids.of("ma-cross", "ma-cross-3")).isEqualTo("ma-cross-m47yj30g-vpr7uf1mv");
        assertThat(ids.of("ma-cross", "ma-cross-3")).as("same order, same id").isEqualTo(ids.of("ma-cross", "x"));
        index.incrementAndGet();
        assertThat(ids.of("ma-cross", "ma-cross-4")).isEqualTo("ma-cross-m47yj30g-vpr7uf1mw");
        assertThat(ids.fromThisQueue("ma-cross-m47yj30g-vpr7uf1mw")).isTrue();
        assertThat(ids.fromThisQueue("a-b-m47yj30g-1")).isTrue();
        assertThat(ids.fromThisQueue("ma-cross-m47yj30h-vpr7uf1mw")).as("another queue's").isFalse();
        assertThat(ids.fromThisQueue("by-hand-1")).isFalse();
        assertThat(ids.fromThisQueue("web_8d1c9a")).isFalse();
    }

    @Test
    void everyIdFitsBinancesRuleWhateverTheStrategyAndIndex() {
        String[] strategies = {"s", "a-very-long-strategy-name-that-would-not-fit", "ëma cross+2", "x/y:z.w_v",
                ""};
        long[] indexes = {0, 1, Long.MAX_VALUE, -1 /* unsigned max */, 0x5160_0000_0007L};
        long[] queueIds = {1, 1_733_200_000_000L, Long.MAX_VALUE};
        for (String s : strategies) {
            for (long i : indexes) {
                for (long q : queueIds) {
                    String id = ClientOrderIds.derive(s, Long.toString(q, 36), i);
                    assertThat(id).hasSizeBetween(1, ClientOrderIds.MAX_LENGTH).matches(ClientOrderIds.VALID)
                            .endsWith("-" + Long.toString(q, 36) + "-" + Long.toUnsignedString(i, 36));
                }
            }
        }
        assertThat(ClientOrderIds.derive("a-very-long-strategy-name", Long.toString(Long.MAX_VALUE, 36), -1))
                .isEqualTo("a-very-l-1y2p0ij32e8e7-3w5e11264sgsf");
        assertThat(ClientOrderIds.derive("ëma cross+2", "1", 1)).isEqualTo("_ma_cross_2-1-1");
        assertThatThrownBy(() -> new ClientOrderIds().ordersTopic(() -> 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anOrderAtOrBeforeTheQueuesLastIndexAtStartWasOnTheQueueThenOneAfterItWasNot() {
        AtomicLong index = new AtomicLong(0x5160_0000_0007L);
        ClientOrderIds ids = new ClientOrderIds();
        assertThat(ids.inQueueAtStart()).as("no orders topic").isFalse();
        ids.ordersTopic(index::get, 1_733_200_000_000L, 0x5160_0000_0007L);
        assertThat(ids.inQueueAtStart()).isTrue();
        index.set(0x5160_0000_0001L);
        assertThat(ids.inQueueAtStart()).isTrue();
        index.set(0x5160_0000_0008L);
        assertThat(ids.inQueueAtStart()).as("written after the start").isFalse();
        index.set(0x5161_0000_0000L);
        assertThat(ids.inQueueAtStart()).as("a later cycle").isFalse();
        ids.ordersTopic(index::get, 1_733_200_000_000L, -1);
        assertThat(ids.inQueueAtStart()).as("an empty queue, or one no router met before").isFalse();
    }
}
