package io.aquatrade.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link FeedWatch} over market-data heartbeat files written as market-data writes them, with a hand-set clock (the
 * file's modification time is set to the heartbeat time): the thresholds are hand-worked from the file's fields.
 */
class FeedWatchTest {
    /** 2026-12-01T10:00:00Z, ms. */
    private static final long T0 = Instant.parse("2026-12-01T10:00:00Z").toEpochMilli();

    @TempDir
    Path dir;

    private final AtomicBoolean ended = new AtomicBoolean();

    @Test
    void aFeedWhoseLastPublishedTickIsOlderThanTheThresholdIsStaleAndTicksAgainBringItBack() throws Exception {
        FeedWatch watch = new FeedWatch(dir, List.of("XRPETH", "BTCUSDT"), 60_000, ended::get);
        // heartbeat at T0+10 s: XRPETH last published at T0+5 s, BTCUSDT at T0+9 s
        beat(T0, T0 + 10_000, "running", "{\"XRPETH\":" + (T0 + 5_000) + ",\"BTCUSDT\":" + (T0 + 9_000) + "}");
        assertThat(watch.check(T0 + 65_000)).isEmpty(); // XRPETH 60 s old: not more than the threshold
        List<Alert> stale = watch.check(T0 + 65_001);
        assertThat(stale).extracting(Alert::text).containsExactly("stale feed: no tick of XRPETH for 60 s (last "
                + "published at 2026-12-01T10:00:05Z); stale after 60 s");
        assertThat(stale.get(0).field("ageMs")).isEqualTo("60001");
        assertThat(watch.check(T0 + 66_000)).isEmpty(); // said once
        assertThat(watch.check(T0 + 69_001)).extracting(Alert::text).singleElement().asString()
                .startsWith("stale feed: no tick of BTCUSDT for 60 s");

        beat(T0, T0 + 70_000, "running", "{\"XRPETH\":" + (T0 + 69_500) + ",\"BTCUSDT\":" + (T0 + 9_000) + "}");
        assertThat(watch.check(T0 + 70_000)).extracting(Alert::text).containsExactly("feed back: XRPETH ticks again");
    }

    @Test
    void noTickSinceAStartLongerAgoThanTheThresholdIsStale() throws Exception {
        FeedWatch watch = new FeedWatch(dir, List.of("XRPETH"), 60_000, ended::get);
        beat(T0, T0 + 30_000, "running", null);
        assertThat(watch.check(T0 + 60_000)).isEmpty(); // waiting: started 60 s ago
        assertThat(watch.check(T0 + 60_001)).extracting(Alert::text).containsExactly("stale feed: no tick of XRPETH "
                + "since market-data started 60 s ago; stale after 60 s");
    }

    @Test
    void aReplayThatEndedIsNeverStaleAndWithoutAHeartbeatNothingIsJudged() throws Exception {
        FeedWatch watch = new FeedWatch(dir, List.of("XRPETH"), 60_000, ended::get);
        assertThat(watch.check(T0 + 600_000)).isEmpty(); // no market-data.json
        beat(T0, T0 + 10_000, "running", "{\"XRPETH\":" + (T0 + 10_000) + "}");
        ended.set(true);
        assertThat(watch.check(T0 + 600_000)).isEmpty();
        ended.set(false); // a new run on the same queues
        assertThat(watch.check(T0 + 600_000)).hasSize(1);
    }

    @Test
    void aStaleFeedRestoredFromTheOutboxIsNotReportedAgainButItsReturnIs() throws Exception {
        FeedWatch before = new FeedWatch(dir, List.of("XRPETH"), 60_000, ended::get);
        beat(T0, T0 + 10_000, "running", "{\"XRPETH\":" + (T0 + 10_000) + "}");
        List<Alert> stale = before.check(T0 + 80_000);
        assertThat(stale).hasSize(1);

        FeedWatch after = new FeedWatch(dir, List.of("XRPETH"), 60_000, ended::get); // a restarted notifier
        stale.forEach(after::restore);
        assertThat(after.check(T0 + 90_000)).isEmpty();
        beat(T0, T0 + 95_000, "running", "{\"XRPETH\":" + (T0 + 95_000) + "}");
        assertThat(after.check(T0 + 95_000)).extracting(Alert::text).containsExactly("feed back: XRPETH ticks again");
    }

    @Test
    void zeroTurnsTheWatchOff() throws Exception {
        FeedWatch watch = new FeedWatch(dir, List.of("XRPETH"), 0, ended::get);
        beat(T0, T0 + 10_000, "running", "{\"XRPETH\":" + T0 + "}");
        assertThat(watch.check(T0 + 86_400_000)).isEmpty();
    }

    /** Writes market-data's heartbeat as of {@code atMs} (also the file's modification time). */
    private void beat(long startedAtMs, long atMs, String state, String lastTickAtMs) throws Exception {
        Path file = dir.resolve("market-data.json");
        Files.writeString(file, "{\"process\":\"market-data\",\"pid\":1,\"startedAtMs\":" + startedAtMs
                + ",\"heartbeatAtMs\":" + atMs + ",\"intervalMs\":1000,\"state\":\"" + state + "\",\"exitCode\":null"
                + ",\"lastTickAtMs\":" + lastTickAtMs + "}");
        Files.setLastModifiedTime(file, FileTime.fromMillis(atMs));
    }
}
