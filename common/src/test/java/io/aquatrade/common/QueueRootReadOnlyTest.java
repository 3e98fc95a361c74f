package io.aquatrade.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A queue root opened to read creates and writes nothing, and reads what a running writer appends. */
class QueueRootReadOnlyTest {
    @TempDir
    Path dir;

    private static final class Ids implements MarketDataListener {
        final List<Long> seen = new ArrayList<>();

        @Override
        public void tradeTick(TradeTick tick) {
            seen.add(tick.tradeId());
        }

        @Override
        public void quoteTick(QuoteTick quote) {
        }
    }

    private static TradeTick tick(TradeTick t, long id) {
        t.reset();
        return t.instrument("XRPETH").price(141342).quantity(23).aggressorSide(Side.SELL).tradeId(id)
                .eventTimeNs(id * 1_000L);
    }

    /** @return every file and directory under {@code root} with its size and modification time */
    private static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                out.put(root.relativize(p).toString(), Files.size(p) + "@" + Files.getLastModifiedTime(p).toMillis());
            }
        }
        return out;
    }

    @Test
    void aMissingRootIsAnErrorNamingTheFlagAndIsNotCreated() {
        Path missing = dir.resolve("var/queues");

        assertThatThrownBy(() -> QueueRoot.openReadOnly(missing)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("--queue-dir").hasMessageContaining(missing.toString());
        assertThat(dir.resolve("var")).doesNotExist();
    }

    @Test
    void readsWhatAWriterAppendsAndChangesNothingOnDisk() throws IOException {
        Path root = dir.resolve("queues");
        try (QueueRoot process = new QueueRoot(root)) {
            MarketDataListener out = process.writer(Topic.MARKET_DATA);
            TradeTick t = new TradeTick();
            out.tradeTick(tick(t, 1));
            out.tradeTick(tick(t, 2));
            Map<String, String> before = tree(root);

            Ids ids = new Ids();
            try (QueueRoot tool = QueueRoot.openReadOnly(root)) {
                assertThat(tool.isReadOnly()).isTrue();
                TopicReader<MarketDataListener> reader = tool.reader(Topic.MARKET_DATA, null);
                while (reader.poll(ids) > 0) {
                    // all of it
                }
                assertThat(ids.seen).containsExactly(1L, 2L);

                out.tradeTick(tick(t, 3)); // the process goes on writing while the tool reads (tail -f)
                assertThat(reader.poll(ids)).isEqualTo(1);
                assertThat(ids.seen).containsExactly(1L, 2L, 3L);
                before = tree(root);

                TopicReader<BarListener> bars = tool.reader(Topic.BARS, null);
                assertThat(bars.peek()).isFalse();
                assertThat(bars.endOfStream()).isFalse();
                assertThat(tool.hasTopic(Topic.BARS)).isFalse();
                assertThatThrownBy(() -> tool.writer(Topic.CONTROL)).isInstanceOf(IllegalStateException.class);
                assertThatThrownBy(() -> tool.reader(Topic.MARKET_DATA, "decision-engine"))
                        .isInstanceOf(IllegalStateException.class);
            }
            assertThat(tree(root)).isEqualTo(before);
            assertThat(root.resolve(Topic.BARS.name())).doesNotExist();
        }
    }

    @Test
    void aTopicItsWriterHasOpenedButNotWrittenReadsEmptyThenItsMessages() {
        Path root = dir.resolve("queues");
        try (QueueRoot process = new QueueRoot(root); QueueRoot tool = QueueRoot.openReadOnly(root)) {
            assertThat(tool.hasTopic(Topic.EXECUTIONS)).isFalse();
            root.resolve(Topic.EXECUTIONS.name()).toFile().mkdirs(); // a directory alone is no queue yet
            assertThat(tool.hasTopic(Topic.EXECUTIONS)).isFalse();

            MarketDataListener out = process.writer(Topic.MARKET_DATA); // opened, nothing written yet
            assertThat(tool.hasTopic(Topic.MARKET_DATA)).isTrue();
            TopicReader<MarketDataListener> reader = tool.reader(Topic.MARKET_DATA, null);
            Ids ids = new Ids();
            assertThat(reader.poll(ids)).isZero();
            out.tradeTick(tick(new TradeTick(), 7));
            assertThat(reader.poll(ids)).isEqualTo(1);
            assertThat(ids.seen).containsExactly(7L);
        }
    }

    @Test
    void withoutAFlagTheDemoRunIsReadWhenTheConfiguredRootIsMissing() throws IOException {
        List<String> notices = new ArrayList<>();
        Path configured = dir.resolve("var/queues");
        Path demo = dir.resolve(QueueRoot.DEMO_QUEUE_DIR);

        assertThat(QueueRoot.locateForReading(dir, null, configured.toString(), notices::add)).isEqualTo(configured);
        assertThat(notices).isEmpty();

        Files.createDirectories(demo);
        assertThat(QueueRoot.locateForReading(dir, null, configured.toString(), notices::add)).isEqualTo(demo);
        assertThat(notices).singleElement().asString().contains(configured.toString()).contains("runtime.queueDir")
                .contains(demo.toString()).contains("--queue-dir");

        notices.clear();
        Path given = dir.resolve("elsewhere");
        assertThat(QueueRoot.locateForReading(dir, given, configured.toString(), notices::add)).isEqualTo(given);
        Files.createDirectories(configured);
        assertThat(QueueRoot.locateForReading(dir, null, configured.toString(), notices::add)).isEqualTo(configured);
        assertThat(notices).isEmpty();
    }
}
