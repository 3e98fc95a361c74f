package io.aquatrade.marketdata.replay;

import static io.aquatrade.marketdata.replay.CollectedTicks.XRPETH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import io.aquatrade.common.Instrument;
import io.aquatrade.common.TradeTick;
import io.aquatrade.common.testing.SampleData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplaySourceTest {
    @TempDir
    Path dir;

    /** The same recorded trades under a second symbol, to tell two files apart in a merge. */
    static final Instrument XRPUSDT = new Instrument("XRPUSDT", "XRP", "USDT", 8, 0);
    static final long MS = 1_000_000L;
    /** An arbitrary agent clock origin: pacing only uses differences. */
    static final long T0 = 5_000_000_000L;

    static ReplaySource xrpEth(double speed) {
        return new ReplaySource(List.of(XRPETH),
                List.of(new ReplayFile(SampleData.file("XRP_ETH-trades.json.gz"), ReplayFormat.FREQTRADE_TRADES,
                        "XRPETH")), speed);
    }

    @Test
    void speedZeroPublishesAsFastAsPolledInBatches() {
        CollectedTicks out = new CollectedTicks();
        try (ReplaySource replay = xrpEth(0)) {
            assertThat(replay.poll(T0, out, 256)).isEqualTo(256);
            int passes = 1;
            while (!replay.isDone()) {
                replay.poll(T0, out, 256);
                passes++;
            }
            assertThat(passes).isEqualTo((12_477 + 255) / 256);
            assertThat(replay.poll(T0, out, 256)).isZero();
            assertThat(replay.publishedCount()).isEqualTo(12_477);
            assertThat(replay.lateCount()).isZero();
        }
        assertThat(out.trades).containsExactlyElementsOf(SampleData.xrpEthTrades());
    }

    @Test
    void pacedReplayPublishesATickWhenItsEventTimeIsDueAtTheSpeed() {
        // first trades: 00:00:11.620 (two), 00:00:17.964, 00:00:28.907, 00:00:28.990
        CollectedTicks out = new CollectedTicks();
        try (ReplaySource replay = xrpEth(10)) {
            assertThat(replay.poll(T0, out, 100)).isEqualTo(2);           // the first at once, and its twin
            assertThat(replay.poll(T0 + 634_399_999L, out, 100)).isZero(); // 6.344 s of trading / 10
            assertThat(replay.poll(T0 + 634_400_000L, out, 100)).isEqualTo(1);
            assertThat(replay.poll(T0 + 1_728_699_999L, out, 100)).isZero();
            assertThat(replay.poll(T0 + 1_728_700_000L, out, 100)).isEqualTo(1);
            assertThat(replay.poll(T0 + 1_737_000_000L, out, 100)).isEqualTo(1);
            // a late poll publishes everything due, up to the limit
            assertThat(replay.poll(T0 + 60_000 * MS, out, 3)).isEqualTo(3);
        }
        assertThat(out.trades).extracting(TradeTick::tradeId)
                .containsExactly(13_519_807L, 13_519_808L, 13_519_809L, 13_519_810L, 13_519_811L, 13_519_812L,
                        13_519_813L, 13_519_814L);
    }

    @Test
    void fractionalSpeedSlowsTheReplayDown() {
        CollectedTicks out = new CollectedTicks();
        try (ReplaySource replay = xrpEth(0.5)) {
            assertThat(replay.poll(T0, out, 100)).isEqualTo(2);
            assertThat(replay.poll(T0 + 12_687 * MS, out, 100)).isZero(); // 6.344 s of trading take 12.688 s
            assertThat(replay.poll(T0 + 12_688 * MS, out, 100)).isEqualTo(1);
        }
    }

    @Test
    void watermarkIsTheNextTickTimeOrThePacedPositionIfEarlier() {
        CollectedTicks out = new CollectedTicks();
        long first = 1_570_752_011_620L * MS;
        long third = 1_570_752_017_964L * MS;
        try (ReplaySource fast = xrpEth(0)) {
            assertThat(fast.watermarkNs(T0)).isEqualTo(first);
            fast.poll(T0, out, 2);
            assertThat(fast.watermarkNs(T0)).isEqualTo(third);
        }
        try (ReplaySource paced = xrpEth(10)) {
            assertThat(paced.watermarkNs(T0)).isEqualTo(Long.MIN_VALUE);
            paced.poll(T0, out, 100);
            assertThat(paced.watermarkNs(T0)).isEqualTo(first);
            assertThat(paced.watermarkNs(T0 + 100 * MS)).isEqualTo(first + 1_000 * MS);
            assertThat(paced.watermarkNs(T0 + 10_000 * MS)).isEqualTo(third);
        }
    }

    @Test
    void filesMergeByEventTimeWithTiesToTheFileListedFirst() {
        List<ReplayFile> files = List.of(
                new ReplayFile(SampleData.file("XRP_ETH-trades.json.gz"), ReplayFormat.FREQTRADE_TRADES, "XRPETH"),
                new ReplayFile(SampleData.file("XRP_OLD-trades.json.gz"), ReplayFormat.FREQTRADE_TRADES, "XRPUSDT"));
        CollectedTicks out = new CollectedTicks();
        try (ReplaySource replay = new ReplaySource(List.of(XRPETH, XRPUSDT), files, 0)) {
            while (!replay.isDone()) {
                replay.poll(T0, out, 1000);
            }
            assertThat(replay.lateCount()).isZero();
        }
        List<TradeTick> expected = new ArrayList<>();
        for (TradeTick t : SampleData.xrpEthTrades()) {
            expected.add(t);
        }
        for (TradeTick t : SampleData.xrpEthTrades()) {
            expected.add(CollectedTicks.copy(t).instrument("XRPUSDT"));
        }
        expected.sort(Comparator.comparingLong(TradeTick::eventTimeNs)); // stable: file 0 first on ties
        assertThat(out.trades).hasSize(2 * 12_477).containsExactlyElementsOf(expected);
        // the first millisecond has two trades: both of file 0, then both of file 1
        assertThat(out.trades.subList(0, 4)).extracting(TradeTick::instrument)
                .containsExactly("XRPETH", "XRPETH", "XRPUSDT", "XRPUSDT");
    }

    @Test
    void skipDropsTheFirstTicksAndPacingStartsAfterThem() {
        CollectedTicks out = new CollectedTicks();
        try (ReplaySource replay = xrpEth(10)) {
            assertThat(replay.skip(3)).isEqualTo(3);
            assertThat(replay.poll(T0, out, 100)).isEqualTo(1);            // 13519810 at 00:00:28.907, at once
            assertThat(replay.poll(T0 + 8_299_999L, out, 100)).isZero();   // 13519811 is 83 ms later
            assertThat(replay.poll(T0 + 8_300_000L, out, 100)).isEqualTo(1);
            assertThat(replay.resumedCount()).isEqualTo(3);
            assertThat(replay.skip(20_000)).isEqualTo(12_477 - 5);
            assertThat(replay.isDone()).isTrue();
            assertThat(replay.lastEventTimeNs()).isEqualTo(1_570_965_568_844L * MS);
        }
        assertThat(out.trades).extracting(TradeTick::tradeId).containsExactly(13_519_810L, 13_519_811L);
    }

    /**
     * The real BTCUSDT capture slice with its first trade (line 4, trade 3735683259 at 23:54:15.342) moved to the end
     * of the file, after lines received 0.77 s later, as a collector that delivered it late would have written it.
     */
    Path sliceWithTheFirstTradeDeliveredLast() throws IOException {
        List<String> lines = BinanceCaptureReaderTest.lines(BinanceCaptureReaderTest.btc());
        String trade = lines.remove(3);
        assertThat(trade).contains("\"t\":3735683259");
        lines.add(trade);
        Path file = dir.resolve("btcusdt_late.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }

    static CollectedTicks drain(ReplaySource replay) {
        CollectedTicks out = new CollectedTicks();
        while (!replay.isDone()) {
            replay.poll(T0, out, 1000);
        }
        return out;
    }

    @Test
    void aTickWithinTheWindowTakesItsPlaceAndOneLaterThanTheWindowIsDroppedNeverRestamped() throws IOException {
        Path file = sliceWithTheFirstTradeDeliveredLast();
        List<ReplayFile> files = List.of(new ReplayFile(file, ReplayFormat.BINANCE_CAPTURE, null));
        List<Instrument> instruments = List.of(CollectedTicks.BTCUSDT);
        List<TradeTick> original = CollectedTicks.readAll(TickFileReader.open(
                new ReplayFile(BinanceCaptureReaderTest.btc(), ReplayFormat.BINANCE_CAPTURE, null), instruments)).trades;

        // 1000 ms: received 0.77 s late, it is still in time: published at its own time, in its place
        CollectedTicks wide;
        try (ReplaySource replay = new ReplaySource(instruments, files, 0, 1000, ReplayErrorPolicy.WARN)) {
            wide = drain(replay);
            assertThat(replay.lateCount()).isZero();
        }
        assertThat(wide.trades).containsExactlyElementsOf(original);

        // 100 ms: it is late; dropped and counted, every other tick published at its own time
        CollectedTicks narrow;
        try (ReplaySource replay = new ReplaySource(instruments, files, 0, 100, ReplayErrorPolicy.WARN)) {
            narrow = drain(replay);
            assertThat(replay.lateCount()).isEqualTo(1);
            assertThat(replay.tradeCount()).isEqualTo(56);
        }
        assertThat(narrow.trades).containsExactlyElementsOf(original.subList(1, original.size()));
        assertThat(narrow.quotes).containsExactlyElementsOf(wide.quotes);
    }

    @Test
    void aResumedReplaySkipsExactlyThePublishedTicksEvenWithLateOnes() throws IOException {
        List<ReplayFile> files = List.of(new ReplayFile(sliceWithTheFirstTradeDeliveredLast(),
                ReplayFormat.BINANCE_CAPTURE, null));
        List<Instrument> instruments = List.of(CollectedTicks.BTCUSDT);
        CollectedTicks whole;
        try (ReplaySource replay = new ReplaySource(instruments, files, 0, 100, ReplayErrorPolicy.WARN)) {
            whole = drain(replay);
        }
        CollectedTicks rest;
        try (ReplaySource replay = new ReplaySource(instruments, files, 0, 100, ReplayErrorPolicy.WARN)) {
            assertThat(replay.skip(100)).isEqualTo(100);
            rest = drain(replay);
        }
        assertThat(rest.all).hasSize(whole.all.size() - 100);
        assertThat(rest.trades).containsExactlyElementsOf(
                whole.trades.subList(whole.trades.size() - rest.trades.size(), whole.trades.size()));
    }

    /** The real BTCUSDT trade on line 4 of the capture slice, as a template: received, E, t and T are filled in. */
    static final String TRADE_LINE = "%d {\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":%d,"
            + "\"s\":\"BTCUSDT\",\"t\":%d,\"p\":\"61837.63000000\",\"q\":\"0.02000000\",\"T\":%d,"
            + "\"m\":true,\"M\":true}}";
    /** Trade time of the template line (2024-08-08 23:54:15.342 UTC), ms. */
    static final long TRADE_MS = 1_723_161_255_342L;

    /**
     * 1200 copies of the real trade line: one trade every 100 ms, received 50 ms after its time, except trade
     * {@code outlier}, stamped (T and E) 3 s after its own receive time: within maxClockSkewMs (5000).
     */
    Path tradesEvery100MsWithOneStampedAhead(int outlier) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            long tMs = TRADE_MS + 100L * i;
            long receivedNs = (tMs + 50) * MS;
            long stampedMs = i == outlier ? tMs + 50 + 3000 : tMs;
            lines.add(String.format(TRADE_LINE, receivedNs, stampedMs, 3_735_683_259L + i, stampedMs));
        }
        Path file = dir.resolve("btcusdt_outlier.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }

    @Test
    void oneTickStampedAheadOfItsReceiveTimeDoesNotMakeTheFollowingTicksLate() throws IOException {
        ReplayFile file = new ReplayFile(tradesEvery100MsWithOneStampedAhead(100), ReplayFormat.BINANCE_CAPTURE,
                null);
        List<Instrument> instruments = List.of(CollectedTicks.BTCUSDT);
        List<TradeTick> expected = new ArrayList<>(
                CollectedTicks.readAll(TickFileReader.open(file, instruments)).trades);
        assertThat(expected).hasSize(1200);
        expected.sort(Comparator.comparingLong(TradeTick::eventTimeNs)); // stable: file order on ties
        CollectedTicks out;
        try (ReplaySource replay = new ReplaySource(instruments, List.of(file), 0, 1000, ReplayErrorPolicy.WARN)) {
            out = drain(replay);
            assertThat(replay.tradeCount()).isEqualTo(1200);
            assertThat(replay.lateCount()).isZero();
            assertThat(replay.publishedCount()).isEqualTo(1200);
        }
        // the outlier is published at its own time, 3.05 s after its neighbours: between trades 130 and 131
        assertThat(out.trades).containsExactlyElementsOf(expected);
        assertThat(out.trades.get(130).tradeId()).isEqualTo(3_735_683_259L + 100);
    }

    @Test
    void ticksReleasedBeyondTheWindowAreCountedOnceEach() throws IOException {
        // 70,000 copies of the real trade line, all received at the same time and stamped the same ms: the file's
        // watermark never passes them, so once MAX_PENDING (65,536) wait, each read releases the earliest (forced)
        int n = 70_000;
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            lines.add(String.format(TRADE_LINE, (TRADE_MS + 50) * MS, TRADE_MS, 3_735_683_259L + i, TRADE_MS));
        }
        Path file = dir.resolve("btcusdt_stuck.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
        }
        try (ReplaySource replay = new ReplaySource(List.of(CollectedTicks.BTCUSDT),
                List.of(new ReplayFile(file, ReplayFormat.BINANCE_CAPTURE, null)), 0, 1000, ReplayErrorPolicy.WARN)) {
            CollectedTicks out = drain(replay);
            assertThat(out.trades).hasSize(n);
            assertThat(replay.lateCount()).isZero();
            // released while the file was not drained: the first at 65,536 waiting, then one per further tick read
            assertThat(replay.forcedCount()).isEqualTo(n - ReplaySource.MAX_PENDING + 1);
        }
    }

    @Test
    void onEqualTimesTheFileListedFirstGoesFirstEvenWhenItsTickIsReadLast() throws IOException {
        // real rows of the XRP/ETH sample, re-timed: file A has two trades at t + 1000 ms then one at t (within the
        // 1000 ms window), file B two at t; A is listed first, so its trade at t comes before both of B's
        long t = 1_570_752_011_620L;
        Path a = dir.resolve("a.json");
        Files.writeString(a, "[[" + (t + 1000) + ",\"13519807\",null,\"sell\",0.00141342,23.0,0.03250866],"
                + "[" + (t + 1000) + ",\"13519808\",null,\"sell\",0.00141266,54.0,0.07628364],"
                + "[" + t + ",\"13519809\",null,\"sell\",0.00141266,8.0,0.01130128]]");
        Path b = dir.resolve("b.json");
        Files.writeString(b, "[[" + t + ",\"13519810\",null,\"buy\",0.00141379,581.0,0.82141199],"
                + "[" + t + ",\"13519811\",null,\"buy\",0.00141379,590.0,0.8341361]]");
        List<ReplayFile> files = List.of(new ReplayFile(a, ReplayFormat.FREQTRADE_TRADES, "XRPETH"),
                new ReplayFile(b, ReplayFormat.FREQTRADE_TRADES, "XRPUSDT"));
        try (ReplaySource replay = new ReplaySource(List.of(XRPETH, XRPUSDT), files, 0, 1000,
                ReplayErrorPolicy.WARN)) {
            CollectedTicks out = drain(replay);
            assertThat(replay.lateCount()).isZero();
            assertThat(out.trades).extracting(TradeTick::tradeId)
                    .containsExactly(13_519_809L, 13_519_810L, 13_519_811L, 13_519_807L, 13_519_808L);
        }
    }

    @Test
    void aNegativeSpeedIsRejected() {
        assertThatThrownBy(() -> xrpEth(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("speed");
    }
}
