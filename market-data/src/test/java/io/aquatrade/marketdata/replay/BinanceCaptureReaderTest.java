package io.aquatrade.marketdata.replay;

import static io.aquatrade.marketdata.replay.CollectedTicks.BTCUSDT;
import static io.aquatrade.marketdata.replay.CollectedTicks.ETHUSDT;
import static io.aquatrade.marketdata.replay.CollectedTicks.XRPETH;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import io.aquatrade.common.Event;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.QuoteTick;
import io.aquatrade.common.Side;
import io.aquatrade.common.TradeTick;
import io.aquatrade.marketdata.TickValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The capture reader on the first 300 lines of two real Binance spot captures (see resources/replay/README.md). */
class BinanceCaptureReaderTest {
    static final List<Instrument> INSTRUMENTS = List.of(XRPETH, BTCUSDT, ETHUSDT);

    @TempDir
    Path dir;

    static Path resource(String name) {
        try {
            return Path.of(BinanceCaptureReaderTest.class.getResource("/replay/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path btc() {
        return resource("btcusdt_20240808-head300.gz");
    }

    static Path eth() {
        return resource("ethusdt_20240808-head300.gz");
    }

    static TickFileReader open(Path file, String symbol, List<Instrument> instruments) {
        return TickFileReader.open(new ReplayFile(file, ReplayFormat.BINANCE_CAPTURE, symbol), instruments);
    }

    static List<String> lines(Path gz) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            return new ArrayList<>(Arrays.asList(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")));
        }
    }

    @Test
    void btcSliceGivesItsTradesAndQuotesAndSkipsDepthAndTheSnapshot() {
        TickFileReader reader = open(btc(), null, INSTRUMENTS);

        CollectedTicks got = CollectedTicks.readAll(reader);

        assertThat(got.trades).hasSize(56);
        assertThat(got.quotes).hasSize(233);
        assertThat(reader.skippedCount()).isEqualTo(11); // 10 depth diffs + the REST snapshot on line 8
        assertThat(reader.malformedCount()).isZero();
        // line 4: {"e":"trade","E":1723161255343,"s":"BTCUSDT","t":3735683259,"p":"61837.63000000",
        //          "q":"0.02000000","T":1723161255342,"m":true,"M":true}, received 1723161254087896568
        TradeTick first = got.trades.get(0);
        assertThat(first.instrument()).isEqualTo("BTCUSDT");
        assertThat(first.price()).isEqualTo(6_183_763_000_000L);
        assertThat(first.quantity()).isEqualTo(2_000_000L);
        assertThat(first.aggressorSide()).isEqualTo(Side.SELL);
        assertThat(first.tradeId()).isEqualTo(3_735_683_259L);
        assertThat(first.eventTimeNs()).isEqualTo(1_723_161_255_342_000_000L);
        assertThat(first.receivedTimeNs()).isEqualTo(1_723_161_254_087_896_568L);
        // line 298: last trade, a buy (m = false)
        TradeTick last = got.trades.get(55);
        assertThat(last.tradeId()).isEqualTo(3_735_683_314L);
        assertThat(last.aggressorSide()).isEqualTo(Side.BUY);
        assertThat(last.price()).isEqualTo(6_182_602_000_000L);
        assertThat(last.quantity()).isEqualTo(345_000L);
        assertThat(got.trades.stream().filter(t -> t.aggressorSide() == Side.BUY).count()).isEqualTo(2);
        // line 3: bookTicker b 61837.63 B 3.78826 a 61837.64 A 1.54698, received 1723161254087891268; the last
        // message with E before it (line 2, E 1723161255308, received 1723161254036059768) gives the offset
        QuoteTick q = got.quotes.get(0);
        assertThat(q.instrument()).isEqualTo("BTCUSDT");
        assertThat(q.bidPrice()).isEqualTo(6_183_763_000_000L);
        assertThat(q.bidSize()).isEqualTo(378_826_000L);
        assertThat(q.askPrice()).isEqualTo(6_183_764_000_000L);
        assertThat(q.askSize()).isEqualTo(154_698_000L);
        assertThat(q.receivedTimeNs()).isEqualTo(1_723_161_254_087_891_268L);
        long offsetNs = 1_723_161_255_308_000_000L - 1_723_161_254_036_059_768L;
        assertThat(q.eventTimeNs()).isEqualTo(1_723_161_254_087_891_268L + offsetNs);
        // line 300: the last quote, offset from the trade on line 298 (E 1723161256131, received ...858373067)
        QuoteTick lastQuote = got.quotes.get(232);
        assertThat(lastQuote.eventTimeNs())
                .isEqualTo(1_723_161_254_858_682_867L + 1_723_161_256_131_000_000L - 1_723_161_254_858_373_067L);
        assertThat(lastQuote.bidSize()).isEqualTo(1_000L);
    }

    @Test
    void quotesBeforeAnyExchangeTimeUseTheReceiveTime() {
        TickFileReader reader = open(eth(), null, INSTRUMENTS);

        CollectedTicks got = CollectedTicks.readAll(reader);

        assertThat(got.trades).hasSize(41);
        assertThat(got.quotes).hasSize(249);
        assertThat(reader.skippedCount()).isEqualTo(10); // 9 depth diffs + the REST snapshot
        // line 1 is a bookTicker: no message with E seen yet, so the offset is 0
        assertThat(got.quotes.get(0).eventTimeNs()).isEqualTo(1_723_161_254_024_619_568L);
        assertThat(got.quotes.get(0).bidPrice()).isEqualTo(268_380_000_000L);
        assertThat(got.quotes.get(0).askSize()).isEqualTo(3_143_950_000L);
        assertThat(got.trades.get(0).tradeId()).isEqualTo(1_520_538_925L);
        assertThat(got.trades.get(40).tradeId()).isEqualTo(1_520_538_965L);
    }

    @Test
    void mergedSlicesArePublishedInEventTimeOrderWithEveryTickAtItsOwnTime() {
        List<Event> btcRaw = CollectedTicks.readAll(open(btc(), null, INSTRUMENTS)).all;
        List<Event> ethRaw = CollectedTicks.readAll(open(eth(), null, INSTRUMENTS)).all;
        // in file (receive) order, times go back: quotes are stamped on arrival moved by a clock offset
        assertThat(wentBack(btcRaw) + wentBack(ethRaw)).isPositive();
        CollectedTicks merged = new CollectedTicks();
        try (ReplaySource replay = new ReplaySource(INSTRUMENTS, List.of(
                new ReplayFile(btc(), ReplayFormat.BINANCE_CAPTURE, null),
                new ReplayFile(eth(), ReplayFormat.BINANCE_CAPTURE, null)), 0)) {
            while (!replay.isDone()) {
                replay.poll(0, merged, 100);
            }
            assertThat(merged.all).hasSize(56 + 233 + 41 + 249);
            assertThat(merged.trades).hasSize(56 + 41);
            assertThat(replay.malformedCount()).isZero();
            assertThat(replay.skippedCount()).isEqualTo(21);
            assertThat(replay.lateCount()).isZero();
        }
        // the published stream is the two files' ticks, unchanged (times included), sorted by event time, ties to
        // the file listed first and then in file order
        List<Event> expected = new ArrayList<>(btcRaw);
        expected.addAll(ethRaw);
        expected.sort(java.util.Comparator.comparingLong(Event::eventTimeNs)); // stable
        assertThat(merged.all).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(sameExceptTime(merged.all.get(i), expected.get(i))).as("tick %d", i).isTrue();
            assertThat(merged.all.get(i).eventTimeNs()).isEqualTo(expected.get(i).eventTimeNs());
        }
    }

    private static long wentBack(List<Event> ticks) {
        long n = 0;
        long max = Long.MIN_VALUE;
        for (Event e : ticks) {
            if (e.eventTimeNs() < max) {
                n++;
            }
            max = Math.max(max, e.eventTimeNs());
        }
        return n;
    }

    private static String instrument(Event e) {
        return e instanceof TradeTick t ? t.instrument() : ((QuoteTick) e).instrument();
    }

    private static boolean sameExceptTime(Event a, Event b) {
        if (a instanceof TradeTick x && b instanceof TradeTick y) {
            return x.instrument().equals(y.instrument()) && x.tradeId() == y.tradeId() && x.price() == y.price()
                    && x.quantity() == y.quantity() && x.aggressorSide() == y.aggressorSide()
                    && x.receivedTimeNs() == y.receivedTimeNs();
        }
        if (a instanceof QuoteTick x && b instanceof QuoteTick y) {
            return x.instrument().equals(y.instrument()) && x.bidPrice() == y.bidPrice()
                    && x.bidSize() == y.bidSize() && x.askPrice() == y.askPrice() && x.askSize() == y.askSize()
                    && x.receivedTimeNs() == y.receivedTimeNs();
        }
        return false;
    }

    @Test
    void messagesOfUnconfiguredOrUnselectedSymbolsAreSkipped() {
        TickFileReader unconfigured = open(eth(), null, List.of(XRPETH, BTCUSDT));
        assertThat(CollectedTicks.readAll(unconfigured).all).isEmpty();
        assertThat(unconfigured.skippedCount()).isEqualTo(300);
        assertThat(unconfigured.malformedCount()).isZero();

        TickFileReader selected = open(btc(), "ETHUSDT", INSTRUMENTS);
        assertThat(CollectedTicks.readAll(selected).all).isEmpty();
        assertThat(selected.skippedCount()).isEqualTo(300);
    }

    @Test
    void malformedLinesAreCountedAndSkipped() throws IOException {
        List<String> lines = lines(btc());
        String firstTrade = lines.get(3);
        assertThat(firstTrade).contains("btcusdt@trade");
        lines.set(3, firstTrade.replace("\"61837.63000000\"", "\"61837.630000001\"")); // 9 decimals
        lines.add(4, firstTrade.substring(0, firstTrade.length() - 10));               // cut JSON
        lines.add(5, firstTrade.replace(' ', '\t'));                                  // no space separator
        lines.add(6, "17231612540878965x8" + firstTrade.substring(firstTrade.indexOf(' '))); // bad receive time
        lines.add(7, firstTrade.replace("\"t\":3735683259,", ""));                    // no trade id
        lines.add(8, "");                                                              // blank: ignored
        Path file = dir.resolve("btcusdt_broken.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
        }
        TickFileReader reader = open(file, null, INSTRUMENTS);

        CollectedTicks got = CollectedTicks.readAll(reader);

        assertThat(reader.malformedCount()).isEqualTo(5);
        assertThat(reader.incomplete()).as("a bad line is a malformed record, not the end of the file").isFalse();
        assertThat(got.trades).hasSize(55);
        assertThat(got.trades.get(0).tradeId()).isEqualTo(3_735_683_260L);
        assertThat(got.quotes).hasSize(233);
        assertThat(reader.skippedCount()).isEqualTo(11);
    }

    @Test
    void aNegativeTradeIdIsRejectedWithItsOwnReason() throws IOException {
        List<String> lines = lines(btc());
        String firstTrade = lines.get(3);
        assertThat(firstTrade).contains("\"t\":3735683259,");
        lines.set(3, firstTrade.replace("\"t\":3735683259,", "\"t\":-3735683259,"));
        lines.add(4, firstTrade.replace("\"t\":3735683259,", "\"t\":" + Long.MIN_VALUE + ","));
        Path file = dir.resolve("btcusdt_negative_id.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
        }
        TickFileReader reader = open(file, null, INSTRUMENTS);

        CollectedTicks got = CollectedTicks.readAll(reader);

        assertThat(reader.rejectedCount(TickValidator.Reason.NEGATIVE_TRADE_ID)).isEqualTo(2);
        assertThat(reader.malformedCount()).isEqualTo(2);
        assertThat(got.trades).hasSize(55);
        assertThat(got.trades.get(0).tradeId()).isEqualTo(3_735_683_260L);
        assertThat(got.quotes).hasSize(233);
    }

    /** The slice rewritten with its receive times divided by {@code divisor} (1000: µs, 1000000: ms). */
    Path withReceiveTimesDividedBy(long divisor, String name) throws IOException {
        List<String> lines = lines(btc());
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            int space = line.indexOf(' ');
            out.add(Long.parseLong(line.substring(0, space)) / divisor + line.substring(space));
        }
        Path file = dir.resolve(name);
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(file))) {
            o.write(String.join("\n", out).getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }

    @Test
    void receiveTimesInMicrosecondsOrMillisecondsAreDetectedPerFile() throws IOException {
        List<TradeTick> ns = CollectedTicks.readAll(open(btc(), null, INSTRUMENTS)).trades;
        for (long divisor : new long[] {1_000L, 1_000_000L}) {
            Path file = withReceiveTimesDividedBy(divisor, "btcusdt-" + divisor + ".gz");
            BinanceCaptureReader reader = (BinanceCaptureReader) open(file, null, INSTRUMENTS);

            CollectedTicks got = CollectedTicks.readAll(reader);

            assertThat(reader.receiveTimeUnit()).isEqualTo(divisor == 1_000L ? ReceiveTimeUnit.US : ReceiveTimeUnit.MS);
            assertThat(reader.implausibleReceiveTimeCount()).isZero();
            assertThat(reader.malformedCount()).isZero();
            assertThat(got.trades).hasSameSizeAs(ns);
            assertThat(got.quotes).hasSize(233);
            for (int i = 0; i < ns.size(); i++) {
                TradeTick expected = ns.get(i);
                TradeTick t = got.trades.get(i);
                assertThat(t.tradeId()).isEqualTo(expected.tradeId());
                assertThat(t.eventTimeNs()).isEqualTo(expected.eventTimeNs());
                // the same instant, at the file's resolution: 2024-08-08, not 1970
                assertThat(t.receivedTimeNs()).isEqualTo(expected.receivedTimeNs() / divisor * divisor);
            }
        }
    }

    @Test
    void aReceiveTimeUnitSetForTheFileOverridesDetectionAndAWrongOneIsWarnedAsImplausible() throws IOException {
        Path micros = withReceiveTimesDividedBy(1_000L, "btcusdt-us.gz");
        BinanceCaptureReader right = (BinanceCaptureReader) TickFileReader.open(
                new ReplayFile(micros, ReplayFormat.BINANCE_CAPTURE, null, ReceiveTimeUnit.US), INSTRUMENTS);
        assertThat(CollectedTicks.readAll(right).trades).hasSize(56);
        assertThat(right.implausibleReceiveTimeCount()).isZero();

        BinanceCaptureReader wrong = (BinanceCaptureReader) TickFileReader.open(
                new ReplayFile(micros, ReplayFormat.BINANCE_CAPTURE, null, ReceiveTimeUnit.NS), INSTRUMENTS);
        CollectedTicks got = CollectedTicks.readAll(wrong);
        // read as ns, 1723161254087896 is 1970-01-21: every trade is implausible
        assertThat(wrong.implausibleReceiveTimeCount()).isEqualTo(56); // spot book tickers carry no exchange time
        // and the validator, which compares event and receive times, publishes none of them: each trade is further
        // than maxClockSkewMs from its receive time, each book ticker (stamped by its receive time) before 2009
        assertThat(got.all).isEmpty();
        assertThat(wrong.rejectedCount(TickValidator.Reason.CLOCK_SKEW)).isEqualTo(56);
        assertThat(wrong.rejectedCount(TickValidator.Reason.TIME_IMPLAUSIBLE)).isEqualTo(233);
    }

    @Test
    void aTruncatedGzipCaptureEndsIncompleteAfterTheLinesItCouldRead() throws IOException {
        byte[] whole = Files.readAllBytes(btc());
        Path file = dir.resolve("btcusdt-truncated.gz");
        Files.write(file, Arrays.copyOf(whole, whole.length / 2));
        TickFileReader reader = open(file, null, INSTRUMENTS);

        CollectedTicks got = CollectedTicks.readAll(reader);

        assertThat(reader.incomplete()).isTrue();
        assertThat(got.all).isNotEmpty().hasSizeLessThan(56 + 233);
        List<Event> complete = CollectedTicks.readAll(open(btc(), null, INSTRUMENTS)).all;
        assertThat(got.all).containsExactlyElementsOf(complete.subList(0, got.all.size()));
    }

    @Test
    void oneDepthDiffStampedAheadDoesNotShiftTheQuotesAfterIt() throws IOException {
        List<String> lines = lines(btc());
        // line 54, the depth diff received 23:54:14.337, E 23:54:15.608: E moved 3 s ahead (4.27 s ahead of its
        // receive time, within maxClockSkewMs 5000); the bookTickers of lines 55-57 follow, then the trade of line 58
        // received 1723161254347673567
        String depth = lines.get(53);
        assertThat(depth).contains("\"E\":1723161255608,");
        lines.set(53, depth.replace("\"E\":1723161255608,", "\"E\":1723161258608,"));
        Path file = dir.resolve("btcusdt_depth_ahead.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
        }

        CollectedTicks got = CollectedTicks.readAll(open(file, null, INSTRUMENTS));

        // the quotes of lines 55-57 keep the offset learnt before line 54 (E minus receive time of the last line
        // before it that carries E), every other tick is as read from the real file
        long offsetNs = 0;
        java.util.regex.Pattern receivedAndE = java.util.regex.Pattern.compile("^(\\d+) .*\"E\":(\\d+),");
        for (int i = 52; offsetNs == 0; i--) {
            java.util.regex.Matcher m = receivedAndE.matcher(lines.get(i));
            if (m.find()) {
                offsetNs = Long.parseLong(m.group(2)) * 1_000_000L - Long.parseLong(m.group(1));
            }
        }
        assertThat(offsetNs).isBetween(1_000_000_000L, 1_500_000_000L); // the local clock is ~1.27 s behind
        CollectedTicks original = CollectedTicks.readAll(open(btc(), null, INSTRUMENTS));
        List<QuoteTick> expected = new ArrayList<>();
        for (QuoteTick q : original.quotes) {
            long receivedNs = q.receivedTimeNs();
            boolean after54 = receivedNs > 1_723_161_254_337_009_767L && receivedNs < 1_723_161_254_347_673_567L;
            expected.add(!after54 ? q : new QuoteTick().instrument(q.instrument()).bidPrice(q.bidPrice())
                    .bidSize(q.bidSize()).askPrice(q.askPrice()).askSize(q.askSize())
                    .eventTimeNs(receivedNs + offsetNs).receivedTimeNs(receivedNs));
        }
        assertThat(expected).filteredOn(q -> !original.quotes.contains(q)).hasSize(3);
        assertThat(got.quotes).hasSize(233).containsExactlyElementsOf(expected);
        assertThat(got.trades).containsExactlyElementsOf(original.trades);
    }

    @Test
    void aLineLongerThanTheCapIsOneSyntaxRejectionAndTheNextLinesAreRead() throws IOException {
        List<String> lines = lines(btc());
        // line 8, the REST book snapshot, padded with spaces past TextLines.MAX_LINE_CHARS inside its JSON
        String snapshot = lines.get(7);
        assertThat(snapshot).contains("\"lastUpdateId\"");
        lines.set(7, snapshot.replaceFirst("\\{", "{" + " ".repeat(TextLines.MAX_LINE_CHARS)));
        Path file = dir.resolve("btcusdt_long_line.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
        }
        TickFileReader reader = open(file, null, INSTRUMENTS);

        CollectedTicks got = CollectedTicks.readAll(reader);

        CollectedTicks original = CollectedTicks.readAll(open(btc(), null, INSTRUMENTS));
        assertThat(got.all).containsExactlyElementsOf(original.all);
        assertThat(reader.rejectedCount(TickValidator.Reason.SYNTAX)).isEqualTo(1);
        assertThat(reader.skippedCount()).isEqualTo(10); // the 10 depth diffs; the snapshot is now malformed
        assertThat(reader.position()).isEqualTo("line 300");
    }
}
