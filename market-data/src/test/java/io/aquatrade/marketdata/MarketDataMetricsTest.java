package io.aquatrade.marketdata;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;

import io.aquatrade.common.Agent;
import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.MarketDataListener;
import io.aquatrade.common.QueueRoot;
import io.aquatrade.common.Side;
import io.aquatrade.common.TradeTick;
import io.aquatrade.common.metrics.MetricsConfig;
import io.aquatrade.common.metrics.ProcessMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * market-data's meters count what the agent writes, per instrument, and cost the tick path no allocation: the agent,
 * wrapped for sampling as its process runs it, writes ticks to a real queue while the test measures the bytes its
 * thread allocates ({@code ThreadMXBean.getCurrentThreadAllocatedBytes}, a count, not a timing).
 */
class MarketDataMetricsTest {
    private static final int PASSES = 500;

    @TempDir
    Path dir;

    /** A live-style source: every poll gives {@code limit} trades of one instrument, one ms apart, one object reused. */
    private static final class Trades implements TickSource {
        private final TradeTick tick = new TradeTick();
        long count;

        @Override
        public int poll(long nowNs, MarketDataListener out, int limit) {
            for (int i = 0; i < limit; i++) {
                count++;
                tick.reset();
                out.tradeTick(tick.instrument("XRPETH").price(141_342 + count % 7).quantity(23)
                        .aggressorSide(Side.BUY).tradeId(count).eventTimeNs(1_546_300_800_000_000_000L
                                + count * 1_000_000L));
            }
            return limit;
        }

        @Override
        public boolean isDone() {
            return false;
        }

        @Override
        public long malformedCount() {
            return 0;
        }

        @Override
        public long rejectedCount(TickValidator.Reason reason) {
            return 0;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void ticksArePerInstrumentAndCountingThemAllocatesNothing() throws Exception {
        AquatradeConfig cfg = AquatradeConfig.parse(Path.of("test.yaml"), """
                instruments:
                  - {symbol: XRPETH, base: XRP, quote: ETH, priceDecimals: 8, sizeDecimals: 0}
                  - {symbol: BTCUSDT, base: BTC, quote: USDT, priceDecimals: 2, sizeDecimals: 5}
                """);
        long[] nowNs = {1_700_000_000_000_000_000L};
        Trades source = new Trades();
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (QueueRoot root = new QueueRoot(dir);
             ProcessMetrics metrics = ProcessMetrics.start("market-data", MetricsConfig.of(false, null),
                     () -> nowNs[0])) {
            MarketDataAgent agent = new MarketDataAgent(root, source, () -> nowNs[0], 1000);
            MarketDataMain.registerMetrics(metrics, agent, cfg);
            Agent sampled = metrics.sampling(agent);
            for (int i = 0; i < PASSES; i++) { // warm-up: first writes, JIT
                nowNs[0] += 1_000_000L;
                sampled.doWork();
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < PASSES; i++) {
                nowNs[0] += 1_000_000L; // a sample every 1000 passes, a watermark every 1000
                sampled.doWork();
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            long ticks = 2L * PASSES * MarketDataAgent.BATCH;
            // one object per tick would be at least 16 bytes a tick; what remains is the JIT settling and the queue's
            // occasional bookkeeping, well under a byte per 16 ticks
            assertThat(allocated).as("bytes allocated writing and counting %d ticks", ticks / 2)
                    .isLessThan(ticks / 2 / 16);

            nowNs[0] += 2_500_000_000L; // 2.5 s without a tick since the last pass published its batch
            sampled.onClose(); // samples once more
            assertThat(source.count).isEqualTo(ticks);
            String text = metrics.scrape();
            assertThat(text).contains("aquatrade_ticks_total{instrument=\"XRPETH\",process=\"market-data\","
                    + "type=\"trade\"} " + (double) ticks)
                    .contains("aquatrade_ticks_total{instrument=\"BTCUSDT\",process=\"market-data\",type=\"trade\"} "
                            + "0.0");
            // the age since the last tick was published (as status says), not since its event time (2019 here)
            assertThat(text).contains("aquatrade_tick_age_seconds{instrument=\"XRPETH\",process=\"market-data\"} "
                    + "2.5").contains("aquatrade_tick_age_seconds{instrument=\"BTCUSDT\",process=\"market-data\"} NaN");
        }
    }
}
