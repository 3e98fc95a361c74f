package io.aquatrade.marketdata.replay;

import static io.aquatrade.marketdata.replay.CollectedTicks.BTCUSDT;
import static io.aquatrade.marketdata.replay.CollectedTicks.ETHUSDT;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aquatrade.common.Event;
import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.TradeTick;
import io.aquatrade.common.testing.SampleData;
import org.junit.jupiter.api.Test;

/**
 * The replay's event-time merge on the real Binance spot captures of the shared data ({@code
 * ../shared/data/streams/binance-spot}, about 11 minutes of BTCUSDT and ETHUSDT): every trade is published once, at
 * its own exchange time, in event-time order, and 1m and 5m bars built from the published stream equal an exact
 * aggregation of the files' trades by their own times. The oracle reads the files with Jackson's tree model and
 * BigDecimal, independently of the replay's readers.
 */
class ReplayOrderTest {
    static final List<Instrument> INSTRUMENTS = List.of(BTCUSDT, ETHUSDT);
    static final String[] FILES = {"btcusdt_20240808.gz", "btcusdt_20240809.gz", "ethusdt_20240808.gz",
            "ethusdt_20240809.gz"};
    static final long MINUTE_MS = 60_000;

    /** @return the shared spot captures: system property aquatrade.sharedData, else ../shared/data of the project */
    static Path spotCaptures() {
        String prop = System.getProperty("aquatrade.sharedData");
        Path data = prop != null ? Path.of(prop) : SampleData.projectRoot().resolve("../shared/data").normalize();
        Path dir = data.resolve("streams/binance-spot");
        assertThat(dir).as("the shared recorded data (see its README); set -Daquatrade.sharedData=DIR").isDirectory();
        return dir;
    }

    static List<ReplayFile> replayFiles() {
        List<ReplayFile> files = new ArrayList<>();
        for (String f : FILES) {
            files.add(new ReplayFile(spotCaptures().resolve(f), ReplayFormat.BINANCE_CAPTURE, null));
        }
        return files;
    }

    /** A trade as the oracle reads it from the capture's JSON text. */
    record OracleTrade(String symbol, long id, long timeMs, BigDecimal price, BigDecimal quantity) {
    }

    private static List<OracleTrade> oracle;

    /** @return the trades of all four files, in file order (read once per test class) */
    static synchronized List<OracleTrade> oracleTrades() throws IOException {
        if (oracle == null) {
            List<OracleTrade> out = new ArrayList<>();
            for (String f : FILES) {
                out.addAll(oracleTradesOf(spotCaptures().resolve(f)));
            }
            oracle = List.copyOf(out);
        }
        return oracle;
    }

    static CollectedTicks replay(ReplaySource replay) {
        CollectedTicks out = new CollectedTicks();
        while (!replay.isDone()) {
            replay.poll(0, out, 1000);
        }
        return out;
    }

    /** A bar: open, high, low, close, volume and trade count, exact. */
    record OracleBar(BigDecimal open, BigDecimal high, BigDecimal low, BigDecimal close, BigDecimal volume,
                     long trades) {
        OracleBar add(BigDecimal price, BigDecimal quantity) {
            return new OracleBar(open, high.max(price), low.min(price), price, volume.add(quantity), trades + 1);
        }

        static OracleBar of(BigDecimal price, BigDecimal quantity) {
            return new OracleBar(price, price, price, price, quantity, 1);
        }
    }

    /** Bars by "symbol open-time", from trades taken in their own (time, id) order. */
    static Map<String, OracleBar> oracleBars(List<OracleTrade> trades, long timeframeMs) {
        List<OracleTrade> sorted = new ArrayList<>(trades);
        sorted.sort(Comparator.comparingLong(OracleTrade::timeMs).thenComparingLong(OracleTrade::id));
        Map<String, OracleBar> bars = new TreeMap<>();
        for (OracleTrade t : sorted) {
            String key = t.symbol() + " " + Instant.ofEpochMilli(t.timeMs() / timeframeMs * timeframeMs);
            bars.merge(key, OracleBar.of(t.price(), t.quantity()), (a, b) -> a.add(b.close(), b.volume()));
        }
        return bars;
    }

    /** Bars by "symbol open-time", from the published stream in its order, by each tick's published time. */
    static Map<String, OracleBar> publishedBars(List<TradeTick> trades, long timeframeMs) {
        Map<String, OracleBar> bars = new TreeMap<>();
        long timeframeNs = timeframeMs * 1_000_000L;
        for (TradeTick t : trades) {
            String key = t.instrument() + " " + Instant.ofEpochSecond(0, t.eventTimeNs() / timeframeNs * timeframeNs);
            BigDecimal price = FixedPoint.toBigDecimal(t.price(), 8);
            BigDecimal quantity = FixedPoint.toBigDecimal(t.quantity(), 8);
            bars.merge(key, OracleBar.of(price, quantity), (a, b) -> a.add(b.close(), b.volume()));
        }
        return bars;
    }

    @Test
    void everyTradeIsPublishedOnceAtItsOwnTimeInEventTimeOrder() throws IOException {
        List<OracleTrade> oracle = oracleTrades();
        // In receive order the files do go back in time: a merge that never goes back would have to restamp these.
        long behindAnEarlierTick = 0;
        for (ReplayFile f : replayFiles()) {
            long maxNs = Long.MIN_VALUE;
            try (TickFileReader r = TickFileReader.open(f, INSTRUMENTS)) {
                while (r.next()) {
                    if (!r.isQuote() && r.eventTimeNs() < maxNs) {
                        behindAnEarlierTick++;
                    }
                    maxNs = Math.max(maxNs, r.eventTimeNs());
                }
            }
        }
        assertThat(behindAnEarlierTick).isGreaterThan(1000);

        CollectedTicks out;
        try (ReplaySource replay = new ReplaySource(INSTRUMENTS, replayFiles(), 0)) {
            out = replay(replay);
            assertThat(replay.lateCount()).isZero();
            assertThat(replay.forcedCount()).isZero();
            assertThat(replay.incomplete()).isFalse();
            assertThat(replay.malformedCount()).isZero();
        }
        long previous = Long.MIN_VALUE;
        for (Event e : out.all) {
            assertThat(e.eventTimeNs()).as("published in event-time order: %s", e).isGreaterThanOrEqualTo(previous);
            previous = e.eventTimeNs();
        }
        // each symbol's trades: exactly the file's, in trade-id order, each at its own time T with its own values
        for (Instrument i : INSTRUMENTS) {
            List<OracleTrade> expected = oracle.stream().filter(t -> t.symbol().equals(i.symbol()))
                    .sorted(Comparator.comparingLong(OracleTrade::id)).toList();
            List<TradeTick> got = out.trades.stream().filter(t -> t.instrument().equals(i.symbol())).toList();
            assertThat(got).hasSameSizeAs(expected);
            for (int k = 0; k < got.size(); k++) {
                OracleTrade o = expected.get(k);
                TradeTick t = got.get(k);
                assertThat(t.tradeId()).isEqualTo(o.id());
                assertThat(t.eventTimeNs()).as("trade %d not restamped", o.id()).isEqualTo(o.timeMs() * 1_000_000L);
                assertThat(FixedPoint.toBigDecimal(t.price(), 8)).isEqualByComparingTo(o.price());
                assertThat(FixedPoint.toBigDecimal(t.quantity(), 8)).isEqualByComparingTo(o.quantity());
            }
        }
        assertThat(out.trades).hasSize(oracle.size());
    }

    @Test
    void oneAndFiveMinuteBarsFromTheReplayEqualAnExactAggregationByTradeTime() throws IOException {
        List<OracleTrade> oracle = oracleTrades();
        CollectedTicks out;
        try (ReplaySource replay = new ReplaySource(INSTRUMENTS, replayFiles(), 0)) {
            out = replay(replay);
        }
        for (long timeframeMs : new long[] {MINUTE_MS, 5 * MINUTE_MS}) {
            Map<String, OracleBar> expected = oracleBars(oracle, timeframeMs);
            Map<String, OracleBar> got = publishedBars(out.trades, timeframeMs);
            assertThat(got.keySet()).containsExactlyElementsOf(expected.keySet());
            for (String key : expected.keySet()) {
                OracleBar e = expected.get(key);
                OracleBar g = got.get(key);
                assertThat(g.trades()).as(key).isEqualTo(e.trades());
                assertThat(g.open()).as(key).isEqualByComparingTo(e.open());
                assertThat(g.high()).as(key).isEqualByComparingTo(e.high());
                assertThat(g.low()).as(key).isEqualByComparingTo(e.low());
                assertThat(g.close()).as(key).isEqualByComparingTo(e.close());
                assertThat(g.volume()).as(key).isEqualByComparingTo(e.volume());
            }
        }
        // The last trade before 00:04:00 (BTCUSDT 3735701448 at 00:03:59.988, right after a quote in its file)
        // closes the 00:03 bar, not the 00:04 one.
        OracleTrade lastOf0003 = oracle.stream().filter(t -> t.symbol().equals("BTCUSDT"))
                .filter(t -> t.timeMs() < Instant.parse("2024-08-09T00:04:00Z").toEpochMilli())
                .max(Comparator.comparingLong(OracleTrade::timeMs).thenComparingLong(OracleTrade::id)).orElseThrow();
        assertThat(lastOf0003.id()).isEqualTo(3_735_701_448L);
        assertThat(publishedBars(out.trades, MINUTE_MS).get("BTCUSDT 2024-08-09T00:03:00Z").close())
                .isEqualByComparingTo(lastOf0003.price());
        TradeTick published = out.trades.stream().filter(t -> t.tradeId() == 3_735_701_448L).findFirst()
                .orElseThrow();
        assertThat(Instant.ofEpochSecond(0, published.eventTimeNs())).isEqualTo("2024-08-09T00:03:59.988Z");
    }

    /**
     * The real BTCUSDT capture of 2024-08-09 with its last trade before 00:04:00 (3735701448 at 00:03:59.988) moved
     * after the lines received 0.5 s later, which carry ticks of 00:04:00.4xx: a trade delivered late across a bar
     * boundary, the case a merge that never goes back in time restamps into the 00:04 bar.
     */
    static Path withTheLastTradeOf0003DeliveredLate(Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                Files.newInputStream(spotCaptures().resolve("btcusdt_20240809.gz"))), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
            }
        }
        int at = -1;
        for (int i = 0; i < lines.size() && at < 0; i++) {
            if (lines.get(i).contains("\"t\":3735701448,")) {
                at = i;
            }
        }
        String trade = lines.remove(at);
        long receivedNs = Long.parseLong(trade.substring(0, trade.indexOf(' ')));
        int to = at;
        while (Long.parseLong(lines.get(to).substring(0, lines.get(to).indexOf(' '))) < receivedNs + 500_000_000L) {
            to++;
        }
        lines.add(to, trade);
        Path file = dir.resolve("btcusdt_20240809-late.gz");
        try (java.io.OutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }

    @Test
    void aTradeAtTheEndOfABarDeliveredLateStaysInItsBarOrIsDroppedButNeverMovesToTheNextBar(
            @org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path file = withTheLastTradeOf0003DeliveredLate(dir);
        List<ReplayFile> files = List.of(new ReplayFile(file, ReplayFormat.BINANCE_CAPTURE, null));
        List<OracleTrade> oracle = oracleTrades().stream()
                .filter(t -> t.symbol().equals("BTCUSDT") && t.timeMs() >= Instant.parse("2024-08-09T00:00:01Z")
                        .toEpochMilli()).toList();
        OracleTrade late = oracle.stream().filter(t -> t.id() == 3_735_701_448L).findFirst().orElseThrow();
        String bar0003 = "BTCUSDT 2024-08-09T00:03:00Z";
        String bar0004 = "BTCUSDT 2024-08-09T00:04:00Z";

        // within the 1000 ms window: published at 00:03:59.988, in place; it closes the 00:03 bar
        try (ReplaySource replay = new ReplaySource(INSTRUMENTS, files, 0, 1000, ReplayErrorPolicy.WARN)) {
            CollectedTicks out = replay(replay);
            assertThat(replay.lateCount()).isZero();
            TradeTick t = out.trades.stream().filter(x -> x.tradeId() == late.id()).findFirst().orElseThrow();
            assertThat(Instant.ofEpochSecond(0, t.eventTimeNs())).isEqualTo("2024-08-09T00:03:59.988Z");
            List<OracleTrade> fromThisFile = oracleTradesOf(file);
            assertThat(publishedBars(out.trades, MINUTE_MS)).isEqualTo(oracleBars(fromThisFile, MINUTE_MS));
            assertThat(publishedBars(out.trades, MINUTE_MS).get(bar0003).close()).isEqualByComparingTo(late.price());
        }

        // beyond a 200 ms window: dropped and counted; the 00:04 bar is exactly its own trades
        try (ReplaySource replay = new ReplaySource(INSTRUMENTS, files, 0, 200, ReplayErrorPolicy.WARN)) {
            CollectedTicks out = replay(replay);
            assertThat(replay.lateCount()).isEqualTo(1);
            assertThat(out.trades).noneMatch(x -> x.tradeId() == late.id());
            List<OracleTrade> withoutIt = oracleTradesOf(file).stream().filter(x -> x.id() != late.id()).toList();
            Map<String, OracleBar> bars = publishedBars(out.trades, MINUTE_MS);
            assertThat(bars).isEqualTo(oracleBars(withoutIt, MINUTE_MS));
            assertThat(bars.get(bar0004).trades()).isEqualTo(
                    oracle.stream().filter(x -> x.timeMs() / MINUTE_MS * MINUTE_MS
                            == Instant.parse("2024-08-09T00:04:00Z").toEpochMilli()).count());
        }
    }

    static List<OracleTrade> oracleTradesOf(Path file) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        List<OracleTrade> out = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                JsonNode msg = mapper.readTree(line.substring(line.indexOf(' ') + 1));
                if (msg.path("stream").asText().endsWith("@trade")) {
                    JsonNode d = msg.get("data");
                    out.add(new OracleTrade(d.get("s").asText(), d.get("t").asLong(), d.get("T").asLong(),
                            new BigDecimal(d.get("p").asText()), new BigDecimal(d.get("q").asText())));
                }
            }
        }
        return out;
    }
}
