package io.aquatrade.marketdata.binance;

import static io.aquatrade.marketdata.binance.RecordedBinance.BTCUSDT;
import static io.aquatrade.marketdata.binance.RecordedBinance.ETHUSDT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.aquatrade.common.EpochClock;
import io.aquatrade.marketdata.binance.FakeBinanceServer.Listing;
import io.aquatrade.marketdata.binance.RecordedBinance.Collector;
import io.aquatrade.marketdata.binance.RecordedBinance.Line;
import io.aquatrade.marketdata.binance.RecordedBinance.QuoteRow;
import io.aquatrade.marketdata.binance.RecordedBinance.TradeRow;
import org.junit.jupiter.api.Test;

/**
 * The live source's event-time order: the recorded BTCUSDT and ETHUSDT messages are sent one by one through the real
 * XChange client, each arriving at the time the recorder received it (a hand-advanced clock is set to that time
 * before the frame is sent, and the test waits until the source has handled the frame), and the agent polls after
 * each arrival at that time. The recorder's clock was about 1.27 s behind Binance's, so trades stamped with
 * Binance's time and quotes stamped on arrival would interleave out of order. Only the network I/O takes real time:
 * every decision of the source is taken on the hand-advanced clock, so the result is the same on every run.
 */
class BinanceReorderTest {
    private static final List<Listing> LISTINGS = List.of(
            new Listing("BTCUSDT", "BTC", "USDT", "0.01000000", "0.00001000"),
            new Listing("ETHUSDT", "ETH", "USDT", "0.01000000", "0.00010000"));
    private static final long REORDER_MS = 250;
    /** Late for the reorder window, yet within market-data.maxClockSkewMs (5 s) of its arrival, so not rejected. */
    private static final long LATE_BY_NS = 2_000_000_000L;

    @Test
    void publishesEveryTickInEventTimeOrderOnBinancesClockAndWatermarksThatHold() throws Exception {
        List<Line> recorded = RecordedBinance.mergedLines();
        // A trade sent again a moment later, stamped 2 s earlier and with a new trade id: late.
        int copied = indexOfFirstTrade(recorded, recorded.size() * 3 / 4 - 60);
        Line original = recorded.get(copied);
        long tradeTimeMs = Long.parseLong(original.json().replaceFirst(".*\"T\":(\\d+).*", "$1"));
        String lateJson = original.json()
                .replaceFirst("\"T\":\\d+", "\"T\":" + (tradeTimeMs - LATE_BY_NS / 1_000_000))
                .replaceFirst("\"t\":\\d+", "\"t\":999999999999");
        List<Line> lines = new ArrayList<>(recorded);
        int lateAt = lines.size() * 3 / 4;
        lines.add(lateAt, new Line(lines.get(lateAt - 1).localTimeNs(), lateJson));

        long[] arrivals = lines.stream().mapToLong(Line::localTimeNs).toArray();
        AtomicLong now = new AtomicLong(arrivals[0]);
        EpochClock arrivalClock = now::get;

        Collector got = new Collector();
        List<long[]> watermarks = new ArrayList<>(); // {watermark, rows delivered before it}
        try (FakeBinanceServer server = new FakeBinanceServer(LISTINGS, true, true);
             BinanceStreamSource source = new BinanceStreamSource(List.of(BTCUSDT, ETHUSDT),
                     new BinanceSourceConfig(server.streamUri(), server.restUri(), 8192, 5000, 50, 1000, 0,
                             (int) REORDER_MS), arrivalClock)) {
            source.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> server.connections() == 1);
            for (int i = 0; i < lines.size(); i++) {
                now.set(arrivals[i]);
                server.send(List.of(lines.get(i).json()));
                awaitHandled(source, i + 1);
                source.poll(arrivals[i], got, Integer.MAX_VALUE);
                watermarks.add(new long[] {source.watermarkNs(arrivals[i]), got.rows.size()});
            }
            int beforeFlush = got.rows.size();
            now.set(arrivals[arrivals.length - 1] + 10_000_000_000L);
            source.poll(now.get(), got, Integer.MAX_VALUE);

            assertThat(got.rows).hasSize(lines.size());
            assertThat(beforeFlush).as("ticks are released as the clock passes them, not at the end")
                    .isGreaterThan(lines.size() * 9 / 10);
            assertThat(source.lateCount()).isEqualTo(1);
            assertThat(source.malformedCount()).isZero();
        }

        // Event times never go back, and no tick comes after a watermark that is above its event time.
        List<Long> times = got.rows.stream().map(BinanceReorderTest::eventTimeNs).toList();
        assertThat(times).isSorted();
        long previous = Long.MIN_VALUE;
        for (long[] w : watermarks) {
            assertThat(w[0]).isGreaterThanOrEqualTo(previous);
            previous = w[0];
            if (w[1] < times.size()) {
                assertThat(times.get((int) w[1])).isGreaterThanOrEqualTo(w[0]);
            }
        }

        // Nothing lost or changed: trades exactly as the oracle reads them (the late one stamped later than its T,
        // at the watermark), quotes exactly but for their event time.
        long minDelta = Long.MAX_VALUE;
        long maxDelta = Long.MIN_VALUE;
        List<Object> expectedTrades = new ArrayList<>();
        List<QuoteRow> expectedQuotes = new ArrayList<>();
        for (Line line : lines) {
            Object row = RecordedBinance.expected(line.json(), line.localTimeNs());
            if (row instanceof TradeRow t) {
                expectedTrades.add(t);
                if (t.tradeId() != 999_999_999_999L) {
                    minDelta = Math.min(minDelta, t.receivedTimeNs() - t.eventTimeNs());
                    maxDelta = Math.max(maxDelta, t.receivedTimeNs() - t.eventTimeNs());
                }
            } else {
                expectedQuotes.add((QuoteRow) row);
            }
        }
        List<TradeRow> trades = got.rows.stream().filter(TradeRow.class::isInstance).map(TradeRow.class::cast)
                .toList();
        TradeRow late = trades.stream().filter(t -> t.tradeId() == 999_999_999_999L).findFirst().orElseThrow();
        assertThat(late.eventTimeNs()).isGreaterThan(tradeTimeMs * 1_000_000L - LATE_BY_NS);
        List<Object> tradesAsExpected = new ArrayList<>();
        for (TradeRow t : trades) {
            tradesAsExpected.add(t == late ? new TradeRow(t.instrument(), t.price(), t.quantity(),
                    t.aggressorSide(), t.tradeId(), tradeTimeMs * 1_000_000L - LATE_BY_NS, t.receivedTimeNs()) : t);
        }
        assertThat(tradesAsExpected).containsExactlyInAnyOrderElementsOf(expectedTrades);
        assertThat(trades.size() + expectedQuotes.size()).isEqualTo(lines.size());

        List<QuoteRow> quotes = got.rows.stream().filter(QuoteRow.class::isInstance).map(QuoteRow.class::cast)
                .toList();
        assertThat(quotes).extracting(q -> withEventTime(q, 0))
                .containsExactlyInAnyOrderElementsOf(expectedQuotes.stream().map(q -> withEventTime(q, 0)).toList());
        // A quote that came after the first trade sits on Binance's clock: its arrival less the estimated offset,
        // which lies within the offsets the trades showed.
        long firstTradeArrival = trades.stream().mapToLong(TradeRow::receivedTimeNs).min().orElseThrow();
        long shifted = 0;
        for (QuoteRow q : quotes) {
            if (q.receivedTimeNs() > firstTradeArrival) {
                assertThat(q.receivedTimeNs() - q.eventTimeNs()).isBetween(minDelta, maxDelta);
                shifted++;
            }
        }
        assertThat(shifted).isGreaterThan(quotes.size() / 2);
        assertThat(minDelta).as("the recorder's clock was behind Binance's").isLessThan(-1_000_000_000L);
    }

    private static int indexOfFirstTrade(List<Line> lines, int from) {
        for (int i = from; i < lines.size(); i++) {
            if (lines.get(i).json().contains("@trade\"")) {
                return i;
            }
        }
        throw new AssertionError("no trade after line " + from);
    }

    /** Waits (real time: network I/O) until the source has queued the frame, so that a poll sees it. */
    private static void awaitHandled(BinanceStreamSource source, long count) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (source.handledCount() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("frame " + count + " did not arrive");
            }
            LockSupport.parkNanos(20_000);
        }
    }

    private static long eventTimeNs(Object row) {
        return row instanceof TradeRow t ? t.eventTimeNs() : ((QuoteRow) row).eventTimeNs();
    }

    private static QuoteRow withEventTime(QuoteRow q, long eventTimeNs) {
        return new QuoteRow(q.instrument(), q.bidPrice(), q.bidSize(), q.askPrice(), q.askSize(), eventTimeNs,
                q.receivedTimeNs());
    }
}
