package io.aquatrade.marketdata.binance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import io.aquatrade.common.EpochClock;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.testing.HostileCapture;
import io.aquatrade.common.testing.HostileCapture.Hostile;
import io.aquatrade.marketdata.TickSource;
import io.aquatrade.marketdata.TickValidator;
import io.aquatrade.marketdata.TickValidator.Reason;
import io.aquatrade.marketdata.binance.FakeBinanceServer.Listing;
import io.aquatrade.marketdata.replay.CollectedTicks;
import io.aquatrade.marketdata.replay.ReplayFile;
import io.aquatrade.marketdata.replay.ReplayFormat;
import io.aquatrade.marketdata.replay.ReplaySource;
import org.junit.jupiter.api.Test;

/**
 * The hostile capture ({@link HostileCapture}: a real BTCUSDT slice with 51 bad lines of 51 kinds inserted) through
 * the replay and through the live path (the real XChange client against the local fake Binance): every bad line is
 * rejected and counted under its reason, and what is published equals what the clean slice publishes, tick for
 * tick. The two paths count the same.
 */
class HostileCaptureTest {
    private static final Instrument BTCUSDT = new Instrument("BTCUSDT", "BTC", "USDT", 2, 5,
            HostileCapture.BTCUSDT_MAX_QUANTITY);

    @Test
    void theHostileFileIsTheCleanSliceWithTheListedLinesInserted() {
        List<String> hostile = HostileCapture.lines(HostileCapture.hostile());
        List<String> clean = HostileCapture.lines(HostileCapture.clean());
        List<String> without = new ArrayList<>(hostile);
        Set<String> kinds = new HashSet<>();
        for (int i = HostileCapture.HOSTILE.size() - 1; i >= 0; i--) {
            Hostile h = HostileCapture.HOSTILE.get(i);
            assertThat(hostile.get(h.line() - 1)).as(h.what()).isNotIn(clean.get(Math.min(h.line() - 1,
                    clean.size() - 1)));
            without.remove(h.line() - 1);
            kinds.add(h.what());
            Reason.valueOf(h.reason());
        }
        assertThat(without).isEqualTo(clean);
        assertThat(kinds).hasSize(HostileCapture.HOSTILE.size()).hasSizeGreaterThanOrEqualTo(40);
        assertThat(clean).hasSize(4916);
    }

    @Test
    void theReplayRejectsEveryBadLineByKindAndPublishesWhatTheCleanSlicePublishes() {
        CollectedTicks clean = new CollectedTicks();
        CollectedTicks hostile = new CollectedTicks();
        try (ReplaySource cleanReplay = replay(HostileCapture.clean());
             ReplaySource hostileReplay = replay(HostileCapture.hostile())) {
            drain(cleanReplay, clean);
            drain(hostileReplay, hostile);
            assertThat(cleanReplay.malformedCount()).isZero();
            assertCounts(hostileReplay);
            assertThat(hostileReplay.skippedCount()).isEqualTo(cleanReplay.skippedCount());
        }
        assertThat(clean.trades).hasSize(3178);
        assertThat(clean.quotes).hasSize(1651);
        assertThat(hostile.all).isEqualTo(clean.all);
    }

    @Test
    void theLivePathRejectsTheSameAndPublishesWhatTheCleanStreamPublishes() throws Exception {
        LiveRun clean = live(HostileCapture.lines(HostileCapture.clean()));
        LiveRun hostile = live(HostileCapture.lines(HostileCapture.hostile()));
        assertThat(clean.rejected).isEmpty();
        assertThat(hostile.rejected).isEqualTo(expectedCounts());
        assertThat(hostile.rows).hasSize(3178 + 1651).isEqualTo(clean.rows);
    }

    private static ReplaySource replay(Path file) {
        return new ReplaySource(List.of(BTCUSDT), List.of(new ReplayFile(file, ReplayFormat.BINANCE_CAPTURE, null)),
                0, TickValidator.Limits.DEFAULT);
    }

    private static void drain(ReplaySource replay, CollectedTicks into) {
        while (!replay.isDone()) {
            replay.poll(0, into, 1000);
        }
    }

    private static Map<Reason, Long> expectedCounts() {
        Map<Reason, Long> expected = new java.util.EnumMap<>(Reason.class);
        HostileCapture.expectedCounts().forEach((name, n) -> expected.put(Reason.valueOf(name), n));
        return expected;
    }

    private static void assertCounts(TickSource source) {
        Map<Reason, Long> got = new java.util.EnumMap<>(Reason.class);
        for (Reason r : Reason.values()) {
            if (source.rejectedCount(r) > 0) {
                got.put(r, source.rejectedCount(r));
            }
        }
        assertThat(got).isEqualTo(expectedCounts());
        assertThat(source.malformedCount()).isEqualTo(HostileCapture.HOSTILE.size());
    }

    private record LiveRun(List<Object> rows, Map<Reason, Long> rejected) {
    }

    /**
     * Sends the capture's trade and bookTicker messages (and every line that is not one of a stream the live source
     * subscribes, such as garbage, whole) through the fake server, each arriving at its recorded receive time.
     */
    private static LiveRun live(List<String> lines) throws Exception {
        List<String> frames = new ArrayList<>();
        List<Long> arrivals = new ArrayList<>();
        long last = 0;
        for (String line : lines) {
            if (line.contains("\"stream\":\"btcusdt@depth") || line.contains("\"lastUpdateId\"")) {
                continue; // depth diffs and the REST snapshot: not on the streams the live source subscribes
            }
            int space = line.indexOf(' ');
            Long receivedNs = null;
            if (space > 0) {
                try {
                    receivedNs = Long.parseLong(line.substring(0, space));
                } catch (NumberFormatException e) {
                    receivedNs = null;
                }
            }
            frames.add(receivedNs == null ? line : line.substring(space + 1));
            last = receivedNs == null ? last : receivedNs;
            arrivals.add(last);
        }
        // The process clock also times the connection (staleness, reconnects), so it is read outside frames too:
        // it gives the arrival of the frame being handled, i.e. of the frame after those received so far.
        AtomicReference<BinanceStreamSource> sourceRef = new AtomicReference<>();
        EpochClock arrivalClock = () -> arrivals.get(sourceRef.get() == null ? 0
                : (int) Math.min(sourceRef.get().receivedCount(), arrivals.size() - 1));
        RecordedBinance.Collector got = new RecordedBinance.Collector();
        Map<Reason, Long> rejected = new java.util.EnumMap<>(Reason.class);
        try (FakeBinanceServer server = new FakeBinanceServer(
                List.of(new Listing("BTCUSDT", "BTC", "USDT", "0.01000000", "0.00001000")), true, true);
             BinanceStreamSource source = new BinanceStreamSource(List.of(BTCUSDT),
                     new BinanceSourceConfig(server.streamUri(), server.restUri(), 8192, 5000, 50, 1000, 0, 0),
                     arrivalClock, TickValidator.Limits.DEFAULT)) {
            sourceRef.set(source);
            source.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> server.connections() == 1);
            server.send(frames);
            await().atMost(Duration.ofSeconds(30)).until(() -> source.handledCount() == frames.size());
            while (source.poll(0, got, 1000) > 0) {
                // drain
            }
            for (Reason r : Reason.values()) {
                if (source.rejectedCount(r) > 0) {
                    rejected.put(r, source.rejectedCount(r));
                }
            }
            assertThat(source.malformedCount()).isEqualTo(rejected.values().stream().mapToLong(n -> n).sum());
        }
        return new LiveRun(got.rows, rejected);
    }
}
