package io.aquatrade.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import io.aquatrade.common.testing.SampleData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The in-memory topic through {@link TopicReader}, on the repository's real XRP/ETH trades. */
class MemoryTopicTest {
    private static List<TradeTick> trades;

    @BeforeAll
    static void load() {
        trades = SampleData.xrpEthTrades();
    }

    /** Collects a copy of every trade delivered. */
    private static final class Collect implements MarketDataListener {
        final List<TradeTick> seen = new ArrayList<>();

        @Override
        public void tradeTick(TradeTick tick) {
            seen.add(tick.deepCopy());
        }

        @Override
        public void quoteTick(QuoteTick quote) {
            throw new AssertionError("no quotes written");
        }
    }

    private static Progress mark(long timeNs, boolean end) {
        return new Progress().source("test").eventTimeNs(timeNs).endOfStream(end);
    }

    @Test
    void severalReadersEachSeeEveryTradeInOrderThoughTheWriterRunsFarAhead() {
        MemoryTopic<MarketDataListener> topic = new MemoryTopic<>(Topic.MARKET_DATA, 8);
        TopicReader<MarketDataListener> fast = topic.reader("fast");
        TopicReader<MarketDataListener> slow = topic.reader("slow");
        MarketDataListener out = topic.writer();
        Collect fastSeen = new Collect();
        Collect slowSeen = new Collect();
        // the writer reuses one object, as the business classes do
        TradeTick reused = new TradeTick();
        for (int i = 0; i < trades.size(); i++) {
            reused.reset();
            MessageCopies.copy(trades.get(i), reused);
            out.tradeTick(reused);
            fast.poll(fastSeen);
            if (i % 10 == 9) {
                slow.poll(slowSeen); // reads one in ten: the ring must grow, never overwrite
            }
        }
        out.progress(mark(trades.get(trades.size() - 1).eventTimeNs(), true));
        while (fast.poll(fastSeen) > 0 || slow.poll(slowSeen) > 0) {
            // drain
        }
        assertThat(fastSeen.seen).isEqualTo(trades);
        assertThat(slowSeen.seen).isEqualTo(trades);
        assertThat(fast.endOfStream()).isTrue();
        assertThat(slow.endOfStream()).isTrue();
        assertThat(fast.dispatchedCount()).isEqualTo(trades.size());
        assertThat(topic.backlog()).isZero();
    }

    @Test
    void consumedEntriesAreRecycledSoMemoryStaysBoundedWhenReadersKeepUp() {
        MemoryTopic<MarketDataListener> topic = new MemoryTopic<>(Topic.MARKET_DATA, 16);
        TopicReader<MarketDataListener> a = topic.reader("a");
        TopicReader<MarketDataListener> b = topic.reader("b");
        MarketDataListener out = topic.writer();
        Collect seenA = new Collect();
        Collect seenB = new Collect();
        for (int i = 0; i < trades.size(); i++) {
            out.tradeTick(trades.get(i));
            if (i % 4 == 3) {
                out.progress(mark(trades.get(i).eventTimeNs(), false));
            }
            if (topic.backlog() >= 12) { // a producer that waits for its readers, as a backtest's feed does
                while (a.poll(seenA) > 0 || b.poll(seenB) > 0) {
                    // drain
                }
            }
        }
        while (a.poll(seenA) > 0 || b.poll(seenB) > 0) {
            // drain
        }
        assertThat(topic.capacity()).isEqualTo(16);
        assertThat(topic.writtenCount()).isGreaterThan(trades.size());
        assertThat(seenA.seen).isEqualTo(trades);
        assertThat(seenB.seen).isEqualTo(trades);
    }

    @Test
    void watermarksAndEndOfStreamArriveWhereTheyWereWrittenAsOnAQueue() {
        MemoryTopic<MarketDataListener> topic = new MemoryTopic<>(Topic.MARKET_DATA, 4);
        TopicReader<MarketDataListener> r = topic.reader("r");
        MarketDataListener out = topic.writer();
        TradeTick first = trades.get(0);
        TradeTick second = trades.get(1);
        Collect seen = new Collect();

        assertThat(r.peek()).isFalse();
        assertThat(r.watermarkNs()).isEqualTo(Long.MIN_VALUE);
        out.progress(mark(first.eventTimeNs() - 5, false));
        out.tradeTick(first);
        out.progress(mark(second.eventTimeNs(), false));
        out.tradeTick(second);
        out.progress(mark(second.eventTimeNs() + 7, true));

        // the watermark before the first trade is consumed on peek; the ones after it only once it was delivered
        assertThat(r.peek()).isTrue();
        assertThat(r.pendingTimeNs()).isEqualTo(first.eventTimeNs());
        assertThat(r.pendingPosition()).isEqualTo(1);
        assertThat(r.watermarkNs()).isEqualTo(first.eventTimeNs() - 5);
        r.dispatch(seen);
        assertThat(r.watermarkNs()).isEqualTo(first.eventTimeNs());
        assertThat(r.peek()).isTrue();
        assertThat(r.watermarkNs()).isEqualTo(second.eventTimeNs());
        assertThat(r.endOfStream()).isFalse();
        r.dispatch(seen);
        assertThat(r.peek()).isFalse();
        assertThat(r.endOfStream()).isTrue();
        assertThat(r.watermarkNs()).isEqualTo(Long.MAX_VALUE);
        assertThat(r.lastFiniteWatermarkNs()).isEqualTo(second.eventTimeNs() + 7);
        assertThat(seen.seen).containsExactly(first, second);
    }

    @Test
    void aSequencerMergesMemoryTopicsAsItMergesQueues() {
        // two instruments' trades split over two topics, merged back by event time
        MemoryTopic<MarketDataListener> even = new MemoryTopic<>(Topic.MARKET_DATA, 4);
        MemoryTopic<MarketDataListener> odd = new MemoryTopic<>(Topic.MARKET_DATA, 4);
        Collect seen = new Collect();
        Sequencer sequencer = new Sequencer(Sequencer.Mode.EVENT_TIME)
                .add(even.reader("s"), seen)
                .add(odd.reader("s"), seen);
        MarketDataListener evenOut = even.writer();
        MarketDataListener oddOut = odd.writer();
        for (int i = 0; i < trades.size(); i++) {
            TradeTick t = trades.get(i);
            (i % 2 == 0 ? evenOut : oddOut).tradeTick(t);
            // each writer promises nothing earlier than its last trade
            (i % 2 == 0 ? evenOut : oddOut).progress(mark(t.eventTimeNs(), false));
            sequencer.doWork(3);
        }
        evenOut.progress(mark(trades.get(trades.size() - 1).eventTimeNs(), true));
        oddOut.progress(mark(trades.get(trades.size() - 1).eventTimeNs(), true));
        while (sequencer.doWork(100) > 0) {
            // drain
        }
        assertThat(sequencer.endOfStream()).isTrue();
        List<Long> times = new ArrayList<>();
        seen.seen.forEach(t -> times.add(t.eventTimeNs()));
        assertThat(times).isSorted().hasSize(trades.size());
        assertThat(seen.seen).containsExactlyInAnyOrderElementsOf(trades);
    }

    @Test
    void readerNamesAreUniquePerTopicAndAnInvalidMessageIsRefusedLikeOnAQueue() {
        MemoryTopic<MarketDataListener> topic = new MemoryTopic<>(Topic.MARKET_DATA, 4);
        topic.reader("signal-generator");
        assertThatThrownBy(() -> topic.reader("signal-generator")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("signal-generator");
        assertThatThrownBy(() -> topic.writer().tradeTick(new TradeTick())).isInstanceOf(RuntimeException.class);
        assertThat(topic.writtenCount()).isZero();
    }

    @Test
    void aMessageBuiltInPlaceIsSeenOnlyOncePublishedAndIsValidatedLikeACopy() {
        MemoryTopic<MarketDataListener> topic = new MemoryTopic<>(Topic.MARKET_DATA, 4);
        TopicReader<MarketDataListener> r = topic.reader("r");
        Collect seen = new Collect();
        for (TradeTick t : trades.subList(0, 10)) {
            MessageCopies.copy(t, topic.claim(TradeTick.class));
            assertThat(r.peek()).isFalse();
            topic.publish();
            assertThat(r.poll(seen)).isEqualTo(1);
        }
        assertThat(seen.seen).isEqualTo(trades.subList(0, 10));
        topic.claim(TradeTick.class); // left empty: fails validation
        assertThatThrownBy(topic::publish).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> topic.claim(Bar.class)).isInstanceOf(IllegalArgumentException.class);
    }
}
