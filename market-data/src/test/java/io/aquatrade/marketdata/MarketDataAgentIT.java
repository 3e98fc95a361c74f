package io.aquatrade.marketdata;

import static io.aquatrade.marketdata.replay.CollectedTicks.XRPETH;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import io.aquatrade.common.EpochClock;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.MarketDataListener;
import io.aquatrade.common.Progress;
import io.aquatrade.common.QueueRoot;
import io.aquatrade.common.QuoteTick;
import io.aquatrade.common.Topic;
import io.aquatrade.common.TradeTick;
import io.aquatrade.common.testing.SampleData;
import io.aquatrade.marketdata.replay.CollectedTicks;
import io.aquatrade.marketdata.replay.ReplayErrorPolicy;
import io.aquatrade.marketdata.replay.ReplayFile;
import io.aquatrade.marketdata.replay.ReplayFormat;
import io.aquatrade.marketdata.replay.ReplaySource;
import net.openhft.chronicle.bytes.MethodReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The market-data agent on a real Chronicle queue in a temp dir, replaying the XRP/ETH sample. */
class MarketDataAgentIT {
    static final long T0 = 1_700_000_000_000_000_000L;

    @TempDir
    Path dir;

    final long[] nowNs = {T0};
    final EpochClock clock = () -> nowNs[0];

    static ReplaySource xrpEthReplay() {
        return new ReplaySource(List.of(XRPETH), List.of(new ReplayFile(SampleData.file("XRP_ETH-trades.json.gz"),
                ReplayFormat.FREQTRADE_TRADES, "XRPETH")), 0);
    }

    /** Runs an agent until its replay has ended, or at most {@code passes} passes. */
    static void run(MarketDataAgent agent, int passes) {
        for (int i = 0; i < passes && !agent.finished(); i++) {
            agent.doWork();
        }
    }

    /** Everything on the market-data topic, read with a plain Chronicle method reader (not TopicReader). */
    static final class TopicContent implements MarketDataListener {
        final CollectedTicks ticks = new CollectedTicks();
        /** Ticks and Progress copies in queue order. */
        final List<Object> messages = new ArrayList<>();

        static TopicContent read(QueueRoot queues) {
            TopicContent content = new TopicContent();
            MethodReader reader = queues.queue(Topic.MARKET_DATA).createTailer().methodReader(content);
            while (reader.readOne()) {
                // reads the whole topic
            }
            reader.close();
            return content;
        }

        @Override
        public void tradeTick(TradeTick tick) {
            ticks.tradeTick(tick);
            messages.add(ticks.trades.get(ticks.trades.size() - 1));
        }

        @Override
        public void quoteTick(QuoteTick quote) {
            ticks.quoteTick(quote);
            messages.add(ticks.quotes.get(ticks.quotes.size() - 1));
        }

        @Override
        public void progress(Progress p) {
            messages.add(new Progress().source(p.source()).eventTimeNs(p.eventTimeNs()).endOfStream(p.endOfStream())
                    .incomplete(p.incomplete()));
        }

        List<Progress> progress() {
            return messages.stream().filter(Progress.class::isInstance).map(Progress.class::cast).toList();
        }

        /** Checks the watermark promise: no tick after a Progress has an earlier event time. */
        void assertWatermarksHold() {
            long watermark = Long.MIN_VALUE;
            for (Object m : messages) {
                if (m instanceof Progress p) {
                    assertThat(p.eventTimeNs()).isGreaterThanOrEqualTo(watermark);
                    assertThat(p.source()).isEqualTo("market-data");
                    watermark = p.eventTimeNs();
                } else {
                    assertThat(((TradeTick) m).eventTimeNs()).isGreaterThanOrEqualTo(watermark);
                }
            }
        }
    }

    @Test
    void writesEveryTickThenOneEndOfStreamAndARestartWritesNothingMore() {
        List<TradeTick> oracle = SampleData.xrpEthTrades();
        int messagesAfterFirstRun;
        try (QueueRoot queues = new QueueRoot(dir)) {
            MarketDataAgent agent = new MarketDataAgent(queues, xrpEthReplay(), clock, 1000);
            run(agent, 1000);
            assertThat(agent.finished()).isTrue();
            assertThat(agent.doWork()).isZero(); // idles after the end, does not stop
            assertThat(agent.isDone()).isFalse();
            assertThat(agent.lastTicks().snapshot()).containsExactly(
                    java.util.Map.entry("XRPETH", oracle.get(oracle.size() - 1).eventTimeNs()));
            agent.onClose();

            TopicContent topic = TopicContent.read(queues);
            assertThat(topic.ticks.trades).hasSize(12_477).containsExactlyElementsOf(oracle);
            Object last = topic.messages.get(topic.messages.size() - 1);
            assertThat(last).isInstanceOf(Progress.class);
            assertThat(((Progress) last).endOfStream()).isTrue();
            assertThat(((Progress) last).eventTimeNs()).isEqualTo(oracle.get(12_476).eventTimeNs());
            assertThat(topic.progress()).filteredOn(Progress::endOfStream).hasSize(1);
            assertThat(topic.progress()).hasSizeGreaterThan(10); // a watermark after each batch
            topic.assertWatermarksHold();
            messagesAfterFirstRun = topic.messages.size();
        }

        try (QueueRoot queues = new QueueRoot(dir)) {
            MarketDataAgent restarted = new MarketDataAgent(queues, xrpEthReplay(), clock, 1000);
            run(restarted, 10);
            assertThat(restarted.finished()).isTrue();
            assertThat(restarted.tradesWritten()).isZero();
            restarted.onClose();
            assertThat(TopicContent.read(queues).messages).hasSize(messagesAfterFirstRun);
        }
    }

    @Test
    void aReplayRestartedHalfwayResumesWithoutDuplicates() {
        try (QueueRoot queues = new QueueRoot(dir)) {
            MarketDataAgent agent = new MarketDataAgent(queues, xrpEthReplay(), clock, 1000);
            run(agent, 3);
            assertThat(agent.finished()).isFalse();
            assertThat(agent.tradesWritten()).isEqualTo(3 * MarketDataAgent.BATCH);
            agent.onClose(); // the process is killed here
        }
        try (QueueRoot queues = new QueueRoot(dir)) {
            MarketDataAgent restarted = new MarketDataAgent(queues, xrpEthReplay(), clock, 1000);
            run(restarted, 1000);
            assertThat(restarted.finished()).isTrue();
            assertThat(restarted.tradesWritten()).isEqualTo(12_477 - 3 * MarketDataAgent.BATCH);
            restarted.onClose();

            TopicContent topic = TopicContent.read(queues);
            assertThat(topic.ticks.trades).containsExactlyElementsOf(SampleData.xrpEthTrades());
            assertThat(topic.progress()).filteredOn(Progress::endOfStream).hasSize(1);
            topic.assertWatermarksHold();
        }
    }

    /** The XRP/ETH sample's trades again, under another symbol, to tell the two files of a replay apart. */
    static final Instrument XRPUSDT = new Instrument("XRPUSDT", "XRP", "USDT", 8, 0);

    /**
     * A copy of the real XRP/ETH sample cut inside its record 6001 (trade 13525807), as a download that broke off
     * would leave it: a JSON array that stops parsing after 6000 complete trades.
     */
    static Path truncatedSample(Path dir) throws IOException {
        String text;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(SampleData.file("XRP_ETH-trades.json.gz")))) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path file = dir.resolve("XRP_ETH-truncated.json");
        Files.writeString(file, text.substring(0, text.indexOf("\"13525807\"") + 5));
        return file;
    }

    static ReplaySource truncatedAndWhole(Path dir, ReplayErrorPolicy onError) throws IOException {
        return new ReplaySource(List.of(XRPETH, XRPUSDT), List.of(
                new ReplayFile(truncatedSample(dir), ReplayFormat.FREQTRADE_TRADES, "XRPETH"),
                new ReplayFile(SampleData.file("XRP_ETH-trades.json.gz"), ReplayFormat.FREQTRADE_TRADES, "XRPUSDT")),
                0, ReplaySource.DEFAULT_REORDER_MS, onError);
    }

    @Test
    void withOnErrorWarnAFileThatStopsParsingEndsTheStreamIncompleteAfterEveryOtherTick() throws IOException {
        List<TradeTick> oracle = SampleData.xrpEthTrades();
        try (QueueRoot queues = new QueueRoot(dir)) {
            MarketDataAgent agent = new MarketDataAgent(queues, truncatedAndWhole(dir, ReplayErrorPolicy.WARN),
                    clock, 1000);
            run(agent, 1000);
            assertThat(agent.finished()).isTrue();
            assertThat(agent.isDone()).isFalse();
            assertThat(agent.failedReplay()).isFalse();
            agent.onClose();

            TopicContent topic = TopicContent.read(queues);
            assertThat(topic.ticks.trades).filteredOn(t -> t.instrument().equals("XRPETH"))
                    .containsExactlyElementsOf(oracle.subList(0, 6000));
            assertThat(topic.ticks.trades).filteredOn(t -> t.instrument().equals("XRPUSDT")).hasSize(12_477);
            assertThat(topic.progress()).filteredOn(Progress::endOfStream).singleElement()
                    .satisfies(p -> assertThat(p.incomplete()).isTrue());
            assertThat(topic.progress()).filteredOn(p -> !p.endOfStream()).allSatisfy(
                    p -> assertThat(p.incomplete()).isFalse());
            topic.assertWatermarksHold();
        }
    }

    @Test
    void withOnErrorFailAFileThatStopsParsingStopsTheReplayIncompleteAndARestartStopsToo() throws IOException {
        List<TradeTick> oracle = SampleData.xrpEthTrades();
        int messages;
        try (QueueRoot queues = new QueueRoot(dir)) {
            MarketDataAgent agent = new MarketDataAgent(queues, truncatedAndWhole(dir, ReplayErrorPolicy.FAIL),
                    clock, 1000);
            run(agent, 1000);
            assertThat(agent.finished()).isTrue();
            assertThat(agent.isDone()).isTrue();
            assertThat(agent.failedReplay()).isTrue();
            agent.onClose();

            TopicContent topic = TopicContent.read(queues);
            List<TradeTick> xrpEth = topic.ticks.trades.stream().filter(t -> t.instrument().equals("XRPETH"))
                    .toList();
            assertThat(xrpEth).isNotEmpty().hasSizeLessThanOrEqualTo(6000)
                    .containsExactlyElementsOf(oracle.subList(0, xrpEth.size()));
            // stopped at once: the other file is not replayed to its end
            assertThat(topic.ticks.trades).filteredOn(t -> t.instrument().equals("XRPUSDT")).hasSizeLessThan(12_477);
            assertThat(topic.progress()).filteredOn(Progress::endOfStream).singleElement()
                    .satisfies(p -> assertThat(p.incomplete()).isTrue());
            topic.assertWatermarksHold();
            messages = topic.messages.size();
        }
        try (QueueRoot queues = new QueueRoot(dir)) {
            MarketDataAgent restarted = new MarketDataAgent(queues, truncatedAndWhole(dir, ReplayErrorPolicy.FAIL),
                    clock, 1000);
            run(restarted, 10);
            assertThat(restarted.isDone()).isTrue();
            assertThat(restarted.failedReplay()).isTrue();
            assertThat(restarted.tradesWritten()).isZero();
            restarted.onClose();
            assertThat(TopicContent.read(queues).messages).hasSize(messages);
        }
    }

    @Test
    void aLiveSourceGetsAWallClockHeartbeatInAQuietMarket() {
        TickSource quietMarket = new TickSource() {
            @Override
            public int poll(long now, MarketDataListener out, int limit) {
                return 0;
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
        };
        try (QueueRoot queues = new QueueRoot(dir)) {
            MarketDataAgent agent = new MarketDataAgent(queues, quietMarket, clock, 1000);
            assertThat(agent.doWork()).isEqualTo(1);
            nowNs[0] = T0 + 999_999_999L;
            assertThat(agent.doWork()).isZero();
            nowNs[0] = T0 + 1_000_000_000L;
            assertThat(agent.doWork()).isEqualTo(1);
            nowNs[0] = T0 + 1_500_000_000L;
            assertThat(agent.doWork()).isZero();

            assertThat(TopicContent.read(queues).progress()).extracting(Progress::eventTimeNs, Progress::endOfStream)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(T0, false),
                            org.assertj.core.groups.Tuple.tuple(T0 + 1_000_000_000L, false));
        }
    }
}
