package io.aquatrade.signal;

import static io.aquatrade.signal.TradeOracle.XRPETH;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.aquatrade.common.Bar;
import io.aquatrade.common.ExecutionListener;
import io.aquatrade.common.LogFiles;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.MarketDataListener;
import io.aquatrade.common.Progress;
import io.aquatrade.common.QueueRoot;
import io.aquatrade.common.Sequencer;
import io.aquatrade.common.Signal;
import io.aquatrade.common.Topic;
import io.aquatrade.common.TopicReader;
import io.aquatrade.common.TradeTick;
import io.aquatrade.signal.strategy.VwapMomentumStrategy;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import net.openhft.chronicle.wire.ValueIn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The agent on real Chronicle queues in a temp dir, fed the 12,477 sample trades through the market-data topic. */
class SignalAgentIT {
    private static final long MS = 1_000_000L;
    private static final SignalConfig CONFIG = new SignalConfig(300_000L, List.of(new StrategyConfig("vwap-momentum",
            List.of("XRPETH"), new VwapMomentumStrategy.Params(3, VwapMomentumStrategy.VwapSource.SESSION))));

    @TempDir
    Path dir;

    private static SignalAgent agent(QueueRoot root) {
        return new SignalAgent(root, Sequencer.Mode.EVENT_TIME,
                (bars, signals) -> new SignalEngine(CONFIG, List.of(XRPETH), bars, signals), null,
                Map.of(XRPETH.symbol(), XRPETH));
    }

    /** Runs passes until three in a row do no work (the agent idles; it never exits by itself). */
    private static void runUntilIdle(SignalAgent agent) {
        int idle = 0;
        for (int pass = 0; pass < 1_000_000 && idle < 3; pass++) {
            idle = agent.doWork() == 0 ? idle + 1 : 0;
        }
        assertThat(idle).as("agent went idle").isEqualTo(3);
    }

    private static void write(QueueRoot root, List<TradeTick> trades) {
        MarketDataListener out = root.writer(Topic.MARKET_DATA);
        trades.forEach(out::tradeTick);
    }

    private static void progress(QueueRoot root, long eventTimeNs, boolean endOfStream) {
        root.writer(Topic.MARKET_DATA).progress(new Progress().source("market-data").eventTimeNs(eventTimeNs)
                .endOfStream(endOfStream));
    }

    /** What a reader downstream sees on both output topics; checks outputs never go below a watermark. */
    private record Outputs(OutputRecorder recorded, boolean barsEnded, boolean signalsEnded) {
    }

    private static Outputs read(QueueRoot root) {
        OutputRecorder rec = new OutputRecorder();
        boolean barsEnded;
        boolean signalsEnded;
        try (TopicReader<io.aquatrade.common.BarListener> bars = root.reader(Topic.BARS, null)) {
            long previousNs = Long.MIN_VALUE;
            while (bars.peek()) {
                // bars of several timeframes close at the same instant, and a dispatched bar raises the reader's
                // watermark to its own time: a bar may equal the watermark only if the bar before had that time
                long timeNs = bars.pendingTimeNs();
                if (!(timeNs == previousNs && bars.watermarkNs() == previousNs)) {
                    assertThat(timeNs).as("bar after watermark").isGreaterThan(bars.watermarkNs());
                }
                previousNs = timeNs;
                bars.dispatch(rec);
            }
            barsEnded = bars.endOfStream();
        }
        try (TopicReader<io.aquatrade.common.SignalListener> signals = root.reader(Topic.SIGNALS, null)) {
            long previousNs = Long.MIN_VALUE;
            while (signals.peek()) {
                long timeNs = signals.pendingTimeNs();
                if (!(timeNs == previousNs && signals.watermarkNs() == previousNs)) {
                    assertThat(timeNs).as("signal after watermark").isGreaterThan(signals.watermarkNs());
                }
                previousNs = timeNs;
                signals.dispatch(rec);
            }
            signalsEnded = signals.endOfStream();
        }
        return new Outputs(rec, barsEnded, signalsEnded);
    }

    /** The same trades fed straight into the business class, the last bar closed at its end. */
    private static OutputRecorder direct(long lastBarEndNs) {
        OutputRecorder rec = new OutputRecorder();
        SignalEngine engine = new SignalEngine(CONFIG, List.of(XRPETH), rec, rec);
        TradeOracle.trades().forEach(engine::tradeTick);
        engine.advanceTo(lastBarEndNs);
        return rec;
    }

    private static long lastBarEndNs() {
        List<TradeOracle.Kline> k = TradeOracle.nonEmptyKlines("XRP_ETH-5m.json");
        return (k.get(k.size() - 1).openMs() + 300_000L) * MS;
    }

    /** Counts the end-of-stream marks on a topic, reading its raw documents (a TopicReader folds them into a flag). */
    private static int endOfStreamMarks(QueueRoot root, Topic<?> topic) {
        int marks = 0;
        StringBuilder name = new StringBuilder();
        Progress p = new Progress();
        try (ExcerptTailer tailer = root.queue(topic).createTailer()) {
            while (true) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent()) {
                        return marks;
                    }
                    ValueIn in = dc.wire().readEventName(name);
                    if (Topic.PROGRESS.contentEquals(name)) {
                        p.reset();
                        in.marshallable(p);
                        marks += p.endOfStream() ? 1 : 0;
                    }
                }
            }
        }
    }

    @Test
    void writesTheBarsAndSignalsOfTheSampleTradesThenEndOfStream() {
        List<TradeTick> trades = TradeOracle.trades();
        try (QueueRoot root = new QueueRoot(dir)) {
            SignalAgent agent = agent(root);
            write(root, trades);
            runUntilIdle(agent);
            // a bar for every 5m interval from the first trade's (flat ones included)
            int all = TradeOracle.klinesBetweenTrades("XRP_ETH-5m.json").size();
            // the input has not said it is past 11:20: the last bar stays open
            assertThat(read(root).recorded().bars).hasSize(all - 1);

            // the recorder's watermark at the end of the last bar's interval closes it
            progress(root, lastBarEndNs(), false);
            runUntilIdle(agent);
            Outputs before = read(root);
            assertThat(before.recorded().bars).hasSize(all);
            assertThat(before.barsEnded()).isFalse();

            progress(root, trades.get(trades.size() - 1).eventTimeNs(), true);
            runUntilIdle(agent);
            Outputs out = read(root);
            assertThat(agent.endOfStreamPublished()).isTrue();
            assertThat(out.barsEnded()).isTrue();
            assertThat(out.signalsEnded()).isTrue();
            assertThat(endOfStreamMarks(root, Topic.BARS)).isEqualTo(1);
            assertThat(endOfStreamMarks(root, Topic.SIGNALS)).isEqualTo(1);
            assertThat(out.recorded().bars).hasSize(all);
            assertThat(out.recorded().signals).isNotEmpty();

            OutputRecorder expected = direct(lastBarEndNs());
            assertThat(out.recorded().bars).isEqualTo(expected.bars);
            assertThat(out.recorded().signals).isEqualTo(expected.signals);
            assertThat(agent.engine().lateTradeCount()).isZero();
            assertThat(agent.malformedCount()).isZero();
            agent.onClose();
        }
    }

    @Test
    void aRestartRebuildsItsStateAndWritesNothingTwice() {
        Logger signalLog = (Logger) LoggerFactory.getLogger(LogFiles.SIGNALS_LOGGER);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        signalLog.addAppender(lines);
        try {
            restartRebuildsAndWritesNothingTwice(lines);
        } finally {
            signalLog.detachAppender(lines);
        }
    }

    private void restartRebuildsAndWritesNothingTwice(ListAppender<ILoggingEvent> lines) {
        List<TradeTick> trades = TradeOracle.trades();
        int half = 6_001;
        long firstRunBars;
        try (QueueRoot root = new QueueRoot(dir)) {
            SignalAgent first = agent(root);
            assertThat(first.warmingUp()).isFalse();
            write(root, trades.subList(0, half));
            runUntilIdle(first);
            firstRunBars = first.engine().barCount();
            first.onClose();
        }
        assertThat(firstRunBars).isPositive();

        try (QueueRoot root = new QueueRoot(dir)) {
            SignalAgent second = agent(root);
            assertThat(second.warmingUp()).isTrue();
            write(root, trades.subList(half, trades.size()));
            progress(root, lastBarEndNs(), false);
            progress(root, trades.get(trades.size() - 1).eventTimeNs(), true);
            runUntilIdle(second);
            assertThat(second.warmingUp()).isFalse();
            assertThat(second.duplicateFilter().droppedBars()).isEqualTo(firstRunBars);

            Outputs out = read(root);
            OutputRecorder expected = direct(lastBarEndNs());
            assertThat(out.recorded().bars).hasSize(TradeOracle.klinesBetweenTrades("XRP_ETH-5m.json").size())
                    .isEqualTo(expected.bars);
            assertThat(out.recorded().signals).isNotEmpty().isEqualTo(expected.signals);
            assertThat(out.barsEnded()).isTrue();
            assertThat(out.signalsEnded()).isTrue();
            // one signals-log line per signal on the topic: none again for the warm-up's regenerated ones
            assertThat(second.duplicateFilter().droppedSignals()).isPositive();
            assertThat(lines.list.stream().map(e -> e.getKeyValuePairs().stream()
                    .filter(p -> p.key.equals("signalId")).findFirst().orElseThrow().value).toList())
                    .isEqualTo(out.recorded().signals.stream().map(Signal::signalId).toList());
            second.onClose();
        }
    }

    @Test
    void aRestartAfterTheEndWritesNoSecondEndOfStream() {
        List<TradeTick> trades = TradeOracle.trades().subList(0, 2_000);
        try (QueueRoot root = new QueueRoot(dir)) {
            SignalAgent first = agent(root);
            write(root, trades);
            progress(root, trades.get(trades.size() - 1).eventTimeNs(), true);
            runUntilIdle(first);
            first.onClose();
        }
        try (QueueRoot root = new QueueRoot(dir)) {
            SignalAgent second = agent(root);
            runUntilIdle(second);
            assertThat(second.endOfStreamPublished()).isTrue();
            try (TopicReader<io.aquatrade.common.BarListener> bars = root.reader(Topic.BARS, null)) {
                OutputRecorder rec = new OutputRecorder();
                while (bars.poll(rec) > 0) {
                    // drain
                }
                assertThat(bars.endOfStream()).isTrue();
                assertThat(rec.bars).isNotEmpty().extracting(Bar::instrument).containsOnly("XRPETH");
            }
            assertThat(second.duplicateFilter().droppedBars()).isPositive();
            assertThat(second.engine().signalCount()).isEqualTo(second.duplicateFilter().droppedSignals());
            assertThat(endOfStreamMarks(root, Topic.BARS)).isEqualTo(1);
            assertThat(endOfStreamMarks(root, Topic.SIGNALS)).isEqualTo(1);
            second.onClose();
        }
    }

    private static SignalAgent agentWithContext(QueueRoot root, SignalConfig config) {
        TradeContextRecorder recorder = new TradeContextRecorder(config.tradeContext(), config, List.of(XRPETH));
        return new SignalAgent(root, Sequencer.Mode.EVENT_TIME,
                (bars, signals) -> new SignalEngine(config, List.of(XRPETH), bars, signals, recorder), recorder);
    }

    /** The indicator values a direct run of the engine had at each bar (the engine is deterministic). */
    private static Map<String, TradeContextRecorderTest.Values> indicatorValues(SignalConfig config) {
        Map<String, TradeContextRecorderTest.Values> values = new HashMap<>();
        OutputRecorder ignore = new OutputRecorder();
        SignalEngine engine = new SignalEngine(config, List.of(XRPETH), ignore, ignore,
                (bar, ind) -> values.put(bar.timeframeMs() + "/" + bar.eventTimeNs(),
                        TradeContextRecorderTest.Values.of(ind)));
        TradeOracle.trades().forEach(engine::tradeTick);
        engine.advanceTo(lastBarEndNs());
        return values;
    }

    @Test
    void fillsOnTheExecutionsTopicGetTradeContextFilesWhoseBarsAreTheBarsTopics() throws Exception {
        List<TradeTick> trades = TradeOracle.trades();
        SignalConfig config = TradeContextRecorderTest.config(dir.resolve("context"));
        List<OrderFilled> fills = List.of(TradeContextRecorderTest.fill("o1", "ema", trades.get(5_000)),
                TradeContextRecorderTest.fill("o2", "ma-1m", trades.get(7_000)),
                TradeContextRecorderTest.fill("o3", "ema", trades.get(trades.size() - 10)));
        try (QueueRoot root = new QueueRoot(dir.resolve("queues"))) {
            SignalAgent agent = agentWithContext(root, config);
            ExecutionListener executions = root.writer(Topic.EXECUTIONS);
            fills.forEach(executions::orderFilled);
            write(root, trades);
            progress(root, lastBarEndNs(), false);
            progress(root, trades.get(trades.size() - 1).eventTimeNs(), true);
            runUntilIdle(agent);
            assertThat(agent.endOfStreamPublished()).isTrue();
            assertThat(agent.recorder().fillCount()).isEqualTo(3);
            assertThat(agent.recorder().pendingCount()).isZero();

            List<Bar> bars = read(root).recorded().bars;
            Map<String, TradeContextRecorderTest.Values> values = indicatorValues(config);
            TradeContextRecorder files = agent.recorder();
            TradeContextRecorderTest.assertFile(files.fileOf(fills.get(0)), fills.get(0), 300_000L, bars, values, 50,
                    25, true);
            TradeContextRecorderTest.assertFile(files.fileOf(fills.get(1)), fills.get(1), 60_000L, bars, values, 50,
                    25, true);
            // the last fill: the stream ended before 25 bars closed after it
            long after = bars.stream().filter(b -> b.timeframeMs() == 300_000L
                    && b.eventTimeNs() > fills.get(2).eventTimeNs()).count();
            TradeContextRecorderTest.assertFile(files.fileOf(fills.get(2)), fills.get(2), 300_000L, bars, values, 50,
                    (int) after, false);
            agent.onClose();
        }
    }

    @Test
    void aFillPendingAtARestartIsStillRecordedAndCompleteFilesAreKept() throws Exception {
        List<TradeTick> trades = TradeOracle.trades();
        SignalConfig config = TradeContextRecorderTest.config(dir.resolve("context"));
        OrderFilled done = TradeContextRecorderTest.fill("o1", "ema", trades.get(2_000));
        OrderFilled pending = TradeContextRecorderTest.fill("o2", "ema", trades.get(5_900));
        int half = 6_001;
        try (QueueRoot root = new QueueRoot(dir.resolve("queues"))) {
            SignalAgent first = agentWithContext(root, config);
            ExecutionListener executions = root.writer(Topic.EXECUTIONS);
            executions.orderFilled(done);
            executions.orderFilled(pending);
            write(root, trades.subList(0, half));
            runUntilIdle(first);
            assertThat(first.recorder().fillCount()).isEqualTo(2);
            assertThat(first.recorder().pendingCount()).isEqualTo(1);
            assertThat(Files.exists(first.recorder().fileOf(done))).isTrue();
            assertThat(Files.exists(first.recorder().fileOf(pending))).isFalse();
            first.onClose();
        }
        long doneWritten = Files.getLastModifiedTime(dir.resolve("context").resolve("o1-t" + trades.get(2_000)
                .tradeId() + ".jsonl")).toMillis();
        try (QueueRoot root = new QueueRoot(dir.resolve("queues"))) {
            SignalAgent second = agentWithContext(root, config);
            write(root, trades.subList(half, trades.size()));
            progress(root, lastBarEndNs(), false);
            progress(root, trades.get(trades.size() - 1).eventTimeNs(), true);
            runUntilIdle(second);
            TradeContextRecorder recorder = second.recorder();
            assertThat(recorder.skippedCount()).as("the complete file is kept").isEqualTo(1);
            assertThat(Files.getLastModifiedTime(recorder.fileOf(done)).toMillis()).isEqualTo(doneWritten);
            List<Bar> bars = read(root).recorded().bars;
            TradeContextRecorderTest.assertFile(recorder.fileOf(pending), pending, 300_000L, bars,
                    indicatorValues(config), 50, 25, true);
            second.onClose();
        }
    }
}
