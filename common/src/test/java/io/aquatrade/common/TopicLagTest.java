package io.aquatrade.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A named reader's lag, measured from outside it with tailers of its own; values worked out by hand. */
class TopicLagTest {
    private static final MarketDataListener IGNORE = new MarketDataListener() {
        @Override
        public void tradeTick(TradeTick tick) {
        }

        @Override
        public void quoteTick(QuoteTick quote) {
        }
    };

    @TempDir
    Path dir;

    private static void trade(MarketDataListener out, TradeTick t, long id, long timeNs) {
        t.reset();
        out.tradeTick(t.instrument("XRPETH").price(141342).quantity(23).aggressorSide(Side.SELL).tradeId(id)
                .eventTimeNs(timeNs));
    }

    @Test
    void lagIsTheUnreadExcerptsAndTheEventTimeBetweenTheOldestUnreadAndTheNewestMessage() {
        try (QueueRoot root = new QueueRoot(dir); TopicLag lag = new TopicLag(dir, "reader")) {
            MarketDataListener out = root.writer(Topic.MARKET_DATA);
            assertThat(lag.measure(Topic.MARKET_DATA)).isEqualTo(TopicLag.Lag.NONE); // empty topic
            TradeTick t = new TradeTick();
            trade(out, t, 1, 1_000_000_000L);
            trade(out, t, 2, 2_000_000_000L);
            out.progress(new Progress().source("test").eventTimeNs(2_500_000_000L));
            trade(out, t, 3, 4_000_000_000L);
            trade(out, t, 4, 7_000_000_000L);

            // never read: from trade 1 to trade 4, five excerpts (the watermark among them), 6 s of event time
            assertThat(lag.measure(Topic.MARKET_DATA)).isEqualTo(new TopicLag.Lag(5, 6_000_000_000L));

            try (TopicReader<MarketDataListener> reader = root.reader(Topic.MARKET_DATA, "reader")) {
                reader.poll(IGNORE); // trade 1
                assertThat(lag.measure(Topic.MARKET_DATA)).isEqualTo(new TopicLag.Lag(4, 5_000_000_000L));
                reader.poll(IGNORE); // trade 2
                reader.poll(IGNORE); // the watermark, then trade 3
                assertThat(lag.measure(Topic.MARKET_DATA)).isEqualTo(new TopicLag.Lag(1, 0));
                reader.poll(IGNORE); // trade 4: all read
                assertThat(lag.measure(Topic.MARKET_DATA)).isEqualTo(TopicLag.Lag.NONE);
                out.progress(new Progress().source("test").eventTimeNs(8_000_000_000L));
                assertThat(lag.measure(Topic.MARKET_DATA)).as("an unread watermark is no lag")
                        .isEqualTo(TopicLag.Lag.NONE);
                trade(out, t, 5, 9_000_000_000L);
                assertThat(lag.measure(Topic.MARKET_DATA)).isEqualTo(new TopicLag.Lag(1, 0));
            }
            try (TopicLag other = new TopicLag(dir, "other")) { // another reader's position is its own
                assertThat(other.measure(Topic.MARKET_DATA)).isEqualTo(new TopicLag.Lag(7, 8_000_000_000L));
            }
        }
    }
}
