package io.aquatrade.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import io.aquatrade.common.Heartbeat;
import io.aquatrade.common.MarketDataListener;
import io.aquatrade.common.ProgressPublisher;
import io.aquatrade.common.QueueRoot;
import io.aquatrade.common.Topic;
import io.aquatrade.common.TradeTick;
import io.aquatrade.common.testing.JvmRun;
import io.aquatrade.common.testing.SampleData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reading tools run as {@code bin/aquatrade} runs them, in a project directory after {@code bin/demo}: without
 * {@code --queue-dir} they find the demo's run when {@code runtime.queueDir} does not exist (and say so), and reading
 * never creates a queue directory.
 */
class ReadingToolsIT {
    private static final String TOOL = AquatradeTool.class.getName();

    @TempDir
    Path project;

    private JvmRun tool(String... args) throws Exception {
        return JvmRun.run(project, "aquatrade-tool", TOOL, 120, args);
    }

    /** Writes config/aquatrade.yaml with the default runtime.queueDir (var/queues). */
    private void writeConfig() throws IOException {
        Files.createDirectories(project.resolve("config"));
        Files.writeString(project.resolve("config/aquatrade.yaml"), """
                instruments:
                  - {symbol: XRPETH, base: XRP, quote: ETH, priceDecimals: 8, sizeDecimals: 0}
                """);
    }

    private static Map<String, Long> tree(Path root) throws IOException {
        Map<String, Long> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                out.put(root.relativize(p).toString(), Files.isDirectory(p) ? -1 : Files.size(p));
            }
        }
        return out;
    }

    @Test
    void afterTheDemoTailAndSummaryReadItsRunAndSaySo() throws Exception {
        writeConfig();
        Path demo = project.resolve(QueueRoot.DEMO_QUEUE_DIR);
        List<TradeTick> trades = SampleData.xrpEthTrades();
        try (QueueRoot root = new QueueRoot(demo)) {
            MarketDataListener md = root.writer(Topic.MARKET_DATA);
            md.tradeTick(trades.get(0));
            md.tradeTick(trades.get(1));
            new ProgressPublisher("market-data", md).endOfStream(trades.get(1).eventTimeNs());
        }
        Map<String, Long> before = tree(project.resolve("var"));

        JvmRun tail = tool("tail", "market-data");
        assertThat(tail.exitCode()).as(tail.stderr()).isZero();
        assertThat(tail.stdout().lines()).hasSize(2).allSatisfy(l -> assertThat(l).contains("tradeTick"));
        assertThat(tail.stderr()).contains("no queue root at var/queues (runtime.queueDir); reading the demo's run "
                + "in var/demo/queues");

        JvmRun summary = tool("summary");
        assertThat(summary.exitCode()).as(summary.stderr()).isZero();
        assertThat(summary.stdout()).contains("market-data: ended\n", "ticks: 2\n", "bars: 0\n");
        assertThat(summary.stderr()).contains("reading the demo's run in var/demo/queues");

        // the topics the demo did not write (bars, signals, orders, executions, control) were not made by reading
        assertThat(tree(project.resolve("var"))).isEqualTo(before);
        assertThat(project.resolve("var/queues")).doesNotExist();
    }

    @Test
    void afterTheDemoStatusReadsItsRunAndItsHeartbeats() throws Exception {
        writeConfig();
        Path demo = project.resolve(QueueRoot.DEMO_QUEUE_DIR);
        List<TradeTick> trades = SampleData.xrpEthTrades();
        try (QueueRoot root = new QueueRoot(demo)) {
            MarketDataListener md = root.writer(Topic.MARKET_DATA);
            md.tradeTick(trades.get(0));
            new ProgressPublisher("market-data", md).endOfStream(trades.get(0).eventTimeNs());
        }
        // the demo's processes stopped cleanly and left their heartbeats in var/demo/run (beside its queues)
        Path run = project.resolve("var/demo/run");
        Files.createDirectories(run);
        for (String p : StatusCollector.PROCESSES) {
            Files.writeString(Heartbeat.file(run, p), new Heartbeat(p, 1, 1_000, 2_000, 1000, Heartbeat.STOPPED, 0,
                    List.of(), null, null, 0, 0, null, null).toJson());
        }
        Map<String, Long> before = tree(project.resolve("var"));

        JvmRun status = tool("status");
        assertThat(status.stderr()).contains("no queue root at var/queues (runtime.queueDir); reading the demo's "
                + "run in var/demo/queues");
        assertThat(status.stdout()).contains("queues: var/demo/queues; heartbeats: var/demo/run\n",
                "  market-data: stopped, exit code 0", "  order-router: stopped, exit code 0",
                "  XRPETH: replay finished, last tick " + MessageFormatter.time(trades.get(0).eventTimeNs()))
                .doesNotContain("down (no heartbeat)");
        // every process stopped: not alive, so exit code 3 as for any stopped process
        assertThat(status.exitCode()).as(status.stderr()).isEqualTo(StatusReport.EXIT_PROCESS_DOWN);
        assertThat(tree(project.resolve("var"))).isEqualTo(before);
        assertThat(project.resolve("var/queues")).doesNotExist();

        JvmRun missing = tool("status", "--queue-dir", "var/nothing-here");
        assertThat(missing.exitCode()).as(missing.stderr()).isEqualTo(2);
        assertThat(missing.stderr()).contains("--queue-dir: expected an existing queue root, var/nothing-here does "
                + "not exist");
        assertThat(project.resolve("var/nothing-here")).doesNotExist();
    }

    @Test
    void withNoRunToReadEveryReadingCommandSaysSoAndCreatesNothing() throws Exception {
        writeConfig();
        for (String[] args : new String[][] {{"summary"}, {"tail", "orders"}, {"wait", "--timeout-s", "1"},
                {"export", "bars", "--out", "var/export"}}) {
            JvmRun r = tool(args);
            assertThat(r.exitCode()).as(String.join(" ", args) + ": " + r.stderr()).isEqualTo(2);
            assertThat(r.stderr()).as(String.join(" ", args))
                    .contains("config --queue-dir: expected an existing queue root, var/queues does not exist");
        }
        JvmRun status = tool("kill-switch", "status");
        assertThat(status.exitCode()).as(status.stderr()).isZero();
        assertThat(status.stdout()).contains("kill switch: off", "control topic: never set");
        assertThat(project.resolve("var")).doesNotExist();
    }
}
