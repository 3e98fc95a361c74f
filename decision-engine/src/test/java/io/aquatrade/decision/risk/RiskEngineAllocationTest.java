package io.aquatrade.decision.risk;

import static io.aquatrade.decision.risk.RiskFixture.price;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.List;

import io.aquatrade.common.Side;
import io.aquatrade.decision.risk.CrashCandles.Candle;
import org.junit.jupiter.api.Test;

/** With every rule configured, feeding marks and checking entries allocates nothing per tick. */
class RiskEngineAllocationTest {
    @Test
    void marksQuotesAndChecksDoNotAllocate() {
        RiskFixture f = new RiskFixture("  sequencing: arrival\n", """
                    maxDailyLoss: {fraction: 0.9}
                    maxTradesPerDay: {strategy: 1000, instrument: 1000}
                    maxExposure: {instrument: {fraction: 0.9}, strategy: {fraction: 0.9}, account: {fraction: 0.9}}
                    maxOpenPositions: 2
                    cooldown: {losses: 3, afterStopOut: true, minutes: 30}
                    capitalRule: {baseFraction: 0.5, profitFraction: 1.0}
                    staleAfterMs: 600000
                    maxSpreadBps: 5
                """, "");
        RiskEngine risk = f.engine;
        List<Candle> day = CrashCandles.read("BTC_USDT-1m.json.gz", "2021-05-19T00:00:00Z", "2021-05-20T00:00:00Z");
        long start = day.get(0).openTimeNs();
        risk.onTrade(f.btc, price(day.get(0).close()), start);
        f.fill(f.s, f.btc, Side.BUY, price(day.get(0).close()), 1_000, 5, start);
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long threadId = Thread.currentThread().getId();
        long[] prices = new long[day.size()];
        long[] times = new long[day.size()];
        for (int k = 0; k < day.size(); k++) {
            prices[k] = price(day.get(k).close());
            times[k] = day.get(k).openTimeNs() + 59_999_000_000L;
        }
        long allocated = Long.MAX_VALUE;
        int denied = 0;
        for (int pass = 0; pass < 3; pass++) {
            long before = bean.getThreadAllocatedBytes(threadId);
            for (int k = 0; k < prices.length; k++) {
                risk.onTrade(f.btc, prices[k], times[k]);
                risk.onQuote(f.btc, prices[k] - 1, prices[k] + (k % 40) * 1_000L, times[k]);
                if (!risk.checkEntry(f.s, f.btc, 100, prices[k], times[k]).ok()) {
                    denied++;
                }
            }
            allocated = Math.min(allocated, bean.getThreadAllocatedBytes(threadId) - before);
        }
        assertThat(denied).as("the spread rule refuses some entries: denials allocate nothing either").isPositive();
        // 1,440 minutes x 3 calls: one object per call would be at least 60 kB
        assertThat(allocated).isLessThan(4_096);
    }
}
