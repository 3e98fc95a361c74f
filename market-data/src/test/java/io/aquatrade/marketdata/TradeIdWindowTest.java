package io.aquatrade.marketdata;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

class TradeIdWindowTest {

    /** Oracle: a FIFO of the last N distinct ids kept with java.util collections. */
    @Test
    void remembersExactlyTheLastIdsAddedAsAQueueAndASetDo() {
        int capacity = 64;
        TradeIdWindow window = new TradeIdWindow(capacity);
        ArrayDeque<Long> fifo = new ArrayDeque<>();
        Set<Long> set = new HashSet<>();
        Random random = new Random(42);
        for (int step = 0; step < 200_000; step++) {
            // Ids clustered in a small range so that probes collide, wrap around the table and get deleted; with
            // 0 and the largest ids, the ends of the range the validator lets through.
            long id = random.nextInt(4) == 0 ? Long.MAX_VALUE - random.nextInt(3) : random.nextInt(200) * 1024L;
            assertThat(window.contains(id)).as("step %d id %d", step, id).isEqualTo(set.contains(id));
            if (!set.contains(id)) {
                window.add(id);
                fifo.addLast(id);
                set.add(id);
                if (fifo.size() > capacity) {
                    set.remove(fifo.removeFirst());
                }
            }
        }
    }

    @Test
    void aWindowOfOneForgetsTheOlderId() {
        TradeIdWindow window = new TradeIdWindow(1);
        window.add(7);
        assertThat(window.contains(7)).isTrue();
        window.add(8);
        assertThat(window.contains(7)).isFalse();
        assertThat(window.contains(8)).isTrue();
    }
}
