package io.aquatrade.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopicReaderTest {
    @TempDir
    Path dir;

    private static TradeTick tick(TradeTick t, long id, long timeNs) {
        t.reset();
        return t.instrument("XRPETH").price(141342).quantity(23).aggressorSide(Side.SELL).tradeId(id)
                .eventTimeNs(timeNs);
    }

    @Test
    void namedReaderResumesAfterLastDispatchedNotAfterLastPeeked() {
        try (QueueRoot root = new QueueRoot(dir)) {
            MarketDataListener out = root.writer(Topic.MARKET_DATA);
            TradeTick t = new TradeTick();
            for (int i = 1; i <= 3; i++) {
                out.tradeTick(tick(t, i, i * 1_000L));
            }
            List<Long> seen = new ArrayList<>();
            MarketDataListener collect = new MarketDataListener() {
                @Override
                public void tradeTick(TradeTick tick) {
                    seen.add(tick.tradeId());
                }

                @Override
                public void quoteTick(QuoteTick quote) {
                }
            };
            TopicReader<MarketDataListener> r1 = root.reader(Topic.MARKET_DATA, "test");
            assertThat(r1.poll(collect)).isEqualTo(1);
            assertThat(r1.peek()).isTrue();
            assertThat(((TradeTick) r1.pending()).tradeId()).isEqualTo(2);
            r1.close();

            TopicReader<MarketDataListener> r2 = root.reader(Topic.MARKET_DATA, "test");
            while (r2.poll(collect) > 0) {
                // drain
            }
            assertThat(seen).containsExactly(1L, 2L, 3L);
        }
    }

    @Test
    void watermarksAndEndOfStreamAreConsumedByTheReader() {
        try (QueueRoot root = new QueueRoot(dir)) {
            MarketDataListener out = root.writer(Topic.MARKET_DATA);
            out.tradeTick(tick(new TradeTick(), 1, 5_000L));
            out.progress(new Progress().source("test").eventTimeNs(7_000L));
            out.progress(new Progress().source("test").eventTimeNs(9_000L).endOfStream(true));
            TopicReader<MarketDataListener> r = root.reader(Topic.MARKET_DATA, null);
            assertThat(r.peek()).isTrue();
            assertThat(r.pendingTimeNs()).isEqualTo(5_000L);
            assertThat(r.watermarkNs()).isEqualTo(Long.MIN_VALUE);
            r.dispatch(new MarketDataListener() {
                @Override
                public void tradeTick(TradeTick tick) {
                }

                @Override
                public void quoteTick(QuoteTick quote) {
                }
            });
            assertThat(r.peek()).isFalse();
            assertThat(r.endOfStream()).isTrue();
            assertThat(r.watermarkNs()).isEqualTo(Long.MAX_VALUE);
        }
    }
}
