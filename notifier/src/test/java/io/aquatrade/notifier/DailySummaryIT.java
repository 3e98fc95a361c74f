package io.aquatrade.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.aquatrade.common.ExecutionListener;
import io.aquatrade.common.PositionBook;
import io.aquatrade.common.PositionUpdate;
import io.aquatrade.common.Progress;
import io.aquatrade.common.QueueRoot;
import io.aquatrade.common.Side;
import io.aquatrade.common.Topic;
import io.aquatrade.notifier.testing.LocalEndpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daily summary through the notifier on real queues: fills and the router's position updates over two UTC
 * days, summarised when the executions watermark passes midnight and at the end of the stream, with the notifier
 * restarted in between. Expected values are worked by hand (fills of 100 XRP at 0.001 ETH, fee 10 bps, ETH at 8
 * decimals) and the realised P&amp;L of the position updates is checked against {@link PositionBook}.
 */
class DailySummaryIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final long HOUR_NS = 3_600_000_000_000L;
    /** 2026-12-01T00:00:00Z, ns. */
    private static final long D = Instant.parse("2026-12-01T00:00:00Z").toEpochMilli() * 1_000_000L;

    @TempDir
    Path dir;

    /** One hand-worked fill: side, quantity, price mantissa, fee, and the position after it. */
    private record Step(Side side, long qty, long price, long fee, long hour, long quantityAfter, long basisAfter,
                        long realizedAfter) {
    }

    private static final List<Step> STEPS = List.of(
            // buy 100 @ 0.001: notional 10,000,000, fee 10,000, basis 10,010,000
            new Step(Side.BUY, 100, 100_000, 10_000, 10, 100, 10_010_000, 0),
            // sell 100 @ 0.00101: 10,100,000 - 10,100 fee - 10,010,000 basis = +79,900 (a win)
            new Step(Side.SELL, 100, 101_000, 10_100, 11, 0, 0, 79_900),
            // buy 100 @ 0.00102: basis 10,200,000 + 10,200
            new Step(Side.BUY, 100, 102_000, 10_200, 12, 100, 10_210_200, 79_900),
            // sell 100 @ 0.001: 10,000,000 - 10,000 - 10,210,200 = -220,200 (a loss): -140,300 in all
            new Step(Side.SELL, 100, 100_000, 10_000, 13, 0, 0, -140_300),
            // buy 50 @ 0.001: basis 5,000,000 + 5,000, held over midnight
            new Step(Side.BUY, 50, 100_000, 5_000, 14, 50, 5_005_000, -140_300),
            // next day 01:00: sell 50 @ 0.00103: 5,150,000 - 5,150 - 5,005,000 = +139,850: -450 in all
            new Step(Side.SELL, 50, 103_000, 5_150, 25, 0, 0, -450));

    @Test
    void eachUtcDayIsSummarisedOncePerStrategyWithExactPnlTradesWinRateFeesAndDrawdown() throws Exception {
        checkStepsAgainstPositionBook();
        try (LocalEndpoints.Telegram tg = new LocalEndpoints.Telegram();
             LocalEndpoints.Webhook wh = new LocalEndpoints.Webhook();
             QueueRoot q = new QueueRoot(dir.resolve("queues"))) {
            ExecutionListener exec = q.writer(Topic.EXECUTIONS);
            try (NotifierHarness n = new NotifierHarness(dir, NotifierIT.alerts(tg, wh)).start()) {
                for (int i = 0; i < 5; i++) {
                    write(exec, i);
                }
                exec.progress(new Progress().source("order-router").eventTimeNs(D + 24 * HOUR_NS + HOUR_NS / 2));
                await().atMost(WAIT).until(() -> summaries(wh).size() == 1);
            }
            write(exec, 5); // while the notifier is stopped
            try (NotifierHarness n = new NotifierHarness(dir, NotifierIT.alerts(tg, wh)).start()) {
                exec.progress(new Progress().source("order-router").eventTimeNs(D + 26 * HOUR_NS).endOfStream(true));
                await().atMost(WAIT).until(() -> summaries(wh).size() == 2);
                n.advanceMs(2_000);
                n.settle(q, wh); // a wrongly repeated summary would have come before the sentinels
            }
            List<JsonNode> sums = summaries(wh);
            assertThat(sums).hasSize(2);
            JsonNode day1 = sums.get(0).path("fields");
            assertThat(day1.path("day").asText()).isEqualTo("2026-12-01");
            JsonNode s1 = day1.path("strategies").path("s1");
            assertThat(s1.path("realised").path("ETH").asText()).isEqualTo("-0.00140300");
            assertThat(s1.path("fills").asLong()).isEqualTo(5);
            assertThat(s1.path("roundTrips").asLong()).isEqualTo(2);
            assertThat(s1.path("wins").asLong()).isEqualTo(1);
            assertThat(s1.path("winRatePct").asText()).isEqualTo("50.0");
            assertThat(s1.path("fees").path("ETH").asText()).isEqualTo("0.00045300"); // 10,000+10,100+10,200+10,000+5,000
            assertThat(s1.path("maxDrawdown").path("ETH").asText()).isEqualTo("0.00220200"); // peak 79,900 to -140,300
            assertThat(sums.get(0).path("text").asText()).isEqualTo("daily summary 2026-12-01 (UTC)\n"
                    + "s1: realised P&L -0.00140300 ETH, fills 5, round trips 2, win rate 50.0% (1/2), fees 0.00045300 ETH, "
                    + "max drawdown 0.00220200 ETH");
            JsonNode day2 = sums.get(1).path("fields");
            assertThat(day2.path("day").asText()).isEqualTo("2026-12-02");
            JsonNode s2 = day2.path("strategies").path("s1");
            assertThat(s2.path("realised").path("ETH").asText()).isEqualTo("0.00139850"); // from the rebuilt -140,300
            assertThat(s2.path("fills").asLong()).isEqualTo(1);
            assertThat(s2.path("winRatePct").asText()).isEqualTo("100.0");
            assertThat(s2.path("fees").path("ETH").asText()).isEqualTo("0.00005150");
            assertThat(s2.path("maxDrawdown").path("ETH").asText()).isEqualTo("0.00000000");
            assertThat(tg.texts()).filteredOn(t -> t.contains("daily summary")).hasSize(2);
        }
    }

    @Test
    void daysOverBeforeTheFirstStartAreNeverSummarisedNotAfterARestartEither() throws Exception {
        try (LocalEndpoints.Telegram tg = new LocalEndpoints.Telegram();
             LocalEndpoints.Webhook wh = new LocalEndpoints.Webhook();
             QueueRoot q = new QueueRoot(dir.resolve("queues"))) {
            ExecutionListener exec = q.writer(Topic.EXECUTIONS);
            for (int i = 0; i < 5; i++) {
                write(exec, i);
            }
            exec.progress(new Progress().source("order-router").eventTimeNs(D + 24 * HOUR_NS + HOUR_NS / 2));
            for (int run = 0; run < 2; run++) {
                try (NotifierHarness n = new NotifierHarness(dir, NotifierIT.alerts(tg, wh)).start()) {
                    n.advanceMs(1_500);
                    n.settle(q, wh); // a wrongly sent summary of 2026-12-01 would have come before the sentinels
                }
            }
            try (NotifierHarness n = new NotifierHarness(dir, NotifierIT.alerts(tg, wh)).start()) {
                write(exec, 5);
                exec.progress(new Progress().source("order-router").eventTimeNs(D + 26 * HOUR_NS).endOfStream(true));
                await().atMost(WAIT).until(() -> summaries(wh).size() == 1);
            }
            JsonNode day2 = summaries(wh).get(0).path("fields");
            assertThat(day2.path("day").asText()).isEqualTo("2026-12-02");
            assertThat(day2.path("strategies").path("s1").path("realised").path("ETH").asText()).isEqualTo("0.00139850");
            assertThat(wh.delivered().stream().filter(j -> !NotifierHarness.sentinel(j))
                    .map(j -> j.path("kind").asText()).toList())
                    .containsExactly("fill", "daily-summary"); // the fill of 2026-12-02 only
        }
    }

    @Test
    void whenTheWatermarkStallsTheClockSummarisesTheDayJustEndedFiveMinutesAfterMidnight() throws Exception {
        long beforeMidnightNs = D + 24 * HOUR_NS - 2 * 60_000_000_000L; // 2026-12-01T23:58Z
        try (LocalEndpoints.Telegram tg = new LocalEndpoints.Telegram();
             LocalEndpoints.Webhook wh = new LocalEndpoints.Webhook();
             QueueRoot q = new QueueRoot(dir.resolve("queues"));
             NotifierHarness n = new NotifierHarness(dir, NotifierIT.alerts(tg, wh), () -> beforeMidnightNs).start()) {
            ExecutionListener exec = q.writer(Topic.EXECUTIONS);
            write(exec, 0);
            write(exec, 1);
            await().atMost(WAIT).until(() -> wh.delivered().size() == 2); // the two fills
            n.advanceMs(6 * 60_000); // 00:04: not yet (5 minutes' grace for the watermark)
            n.settle(q, wh);
            assertThat(summaries(wh)).isEmpty();
            n.advanceMs(2 * 60_000); // 00:06
            await().atMost(WAIT).until(() -> summaries(wh).size() == 1);
            JsonNode f = summaries(wh).get(0).path("fields");
            assertThat(f.path("day").asText()).isEqualTo("2026-12-01");
            assertThat(f.path("closedBy").asText()).isEqualTo("clock");
            assertThat(f.path("strategies").path("s1").path("realised").path("ETH").asText()).isEqualTo("0.00079900");
            assertThat(f.path("strategies").path("s1").path("winRatePct").asText()).isEqualTo("100.0");
            n.advanceMs(24 * 60 * 60_000L); // a whole day without fills says so
            await().atMost(WAIT).until(() -> summaries(wh).size() == 2);
            assertThat(summaries(wh).get(1).path("text").asText()).isEqualTo("daily summary 2026-12-02 (UTC): no fills");
        }
    }

    private static List<JsonNode> summaries(LocalEndpoints.Webhook wh) {
        return wh.delivered().stream().filter(j -> j.path("kind").asText().equals("daily-summary")).toList();
    }

    private static void write(ExecutionListener exec, int i) {
        Step s = STEPS.get(i);
        long t = D + s.hour() * HOUR_NS;
        exec.orderFilled(NotifierIT.fill("c-" + i, "t-" + i, s.side(), s.qty(), s.price(), t).fee(s.fee()));
        exec.positionUpdate(new PositionUpdate().strategyId("s1").instrument("XRPETH").quantity(s.quantityAfter())
                .costBasis(s.basisAfter()).realizedPnl(s.realizedAfter()).cause("c-" + i).eventTimeNs(t));
    }

    /** The hand-worked positions are what the one book of account makes of the same fills. */
    private static void checkStepsAgainstPositionBook() {
        PositionBook book = new PositionBook();
        for (Step s : STEPS) {
            long notional = Math.multiplyExact(s.qty(), s.price());
            book.fill(s.side(), s.price(), s.qty(), PositionBook.cashOut(s.side(), notional, s.fee()));
            assertThat(new long[] {book.quantity(), book.costBasis(), book.realizedPnl()})
                    .containsExactly(s.quantityAfter(), s.basisAfter(), s.realizedAfter());
        }
    }
}
