package io.aquatrade.signal;

import static io.aquatrade.signal.TradeOracle.XRPETH;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import io.aquatrade.common.Agent;
import io.aquatrade.common.AgentRunner;
import io.aquatrade.common.Bar;
import io.aquatrade.common.BarListener;
import io.aquatrade.common.DeadLetterFile;
import io.aquatrade.common.EpochClock;
import io.aquatrade.common.ErrorCounters;
import io.aquatrade.common.ErrorHandler;
import io.aquatrade.common.MarketDataListener;
import io.aquatrade.common.PoisonMessageConfig;
import io.aquatrade.common.PoisonMessagePolicy;
import io.aquatrade.common.ProcessCli;
import io.aquatrade.common.Progress;
import io.aquatrade.common.QueueRoot;
import io.aquatrade.common.Sequencer;
import io.aquatrade.common.SignalListener;
import io.aquatrade.common.Topic;
import io.aquatrade.common.TopicReader;
import io.aquatrade.common.TradeTick;
import io.aquatrade.signal.strategy.VwapMomentumStrategy;
import net.openhft.chronicle.threads.Pauser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A poison message on real Chronicle queues: the 12,477 sample trades on the market-data topic with one trade planted
 * among them whose handling throws every time (a stand-in for a handler bug: the planted trade id makes the listener
 * throw before the real {@link SignalEngine} sees it, so every retry meets the same failure). Under
 * {@code runtime.poisonMessage} the reader must write it to the process's dead-letter file and go on (skip), or stop
 * with exit code 3 and meet it again on restart (halt); never a restart loop, never a lost trade. The agent is the
 * signal generator's shape (a named reader through the process's {@link QueueRoot}, a {@link Sequencer}, the real
 * engine writing the real bars and signals topics, watermarks and end of stream), run by the real {@link AgentRunner}.
 */
class PoisonMessageIT {
    private static final long MS = 1_000_000L;
    private static final long POISON_ID = 999_999_999_999L;
    /** The poison follows this trade: same time and price, so the bars are those of the trades without it. */
    private static final int AFTER = 6_000;
    private static final SignalConfig CONFIG = new SignalConfig(300_000L, List.of(new StrategyConfig("vwap-momentum",
            List.of("XRPETH"), new VwapMomentumStrategy.Params(3, VwapMomentumStrategy.VwapSource.SESSION))));

    @TempDir
    Path dir;

    private final AtomicLong clockNs = new AtomicLong(1_764_000_000_000_000_000L);
    private final EpochClock clock = clockNs::get;

    private Path queues() {
        return dir.resolve("queues");
    }

    private Path deadLetters() {
        return dir.resolve("dead-letter").resolve("signal-generator.jsonl");
    }

    /** Writes the sample trades with the poison planted after trade {@link #AFTER}, then end of stream. */
    private static long writeWithPoison(QueueRoot root) {
        List<TradeTick> trades = TradeOracle.trades();
        MarketDataListener out = root.writer(Topic.MARKET_DATA);
        for (int i = 0; i <= AFTER; i++) {
            out.tradeTick(trades.get(i));
        }
        TradeTick poison = trades.get(AFTER).deepCopy();
        poison.tradeId(POISON_ID).quantity(Long.MAX_VALUE);
        out.tradeTick(poison);
        long poisonIndex = root.queue(Topic.MARKET_DATA).lastIndex();
        for (int i = AFTER + 1; i < trades.size(); i++) {
            out.tradeTick(trades.get(i));
        }
        out.progress(new Progress().source("market-data").eventTimeNs(lastBarEndNs()));
        out.progress(new Progress().source("market-data").eventTimeNs(trades.get(trades.size() - 1).eventTimeNs())
                .endOfStream(true));
        return poisonIndex;
    }

    private static long lastBarEndNs() {
        List<TradeOracle.Kline> k = TradeOracle.nonEmptyKlines("XRP_ETH-5m.json");
        return (k.get(k.size() - 1).openMs() + 300_000L) * MS;
    }

    private PoisonMessagePolicy policy(String action, ErrorHandler errors) {
        return new PoisonMessagePolicy(SignalAgent.NAME, PoisonMessageConfig.of(3, action,
                dir.resolve("dead-letter").toString()), errors, clock);
    }

    /**
     * The signal generator's read loop over real queues: market-data through a named reader of {@code root} (so the
     * root's poison-message policy applies), the real engine behind a listener that throws on the planted trade,
     * bars and signals on their topics, watermarks and end of stream passed on. Done once end of stream is written.
     * On a restart it rebuilds the engine's state as {@link SignalAgent} does: the market data the named tailer
     * already consumed is replayed into the engine, and a {@link DuplicateFilter} that learnt the bars and signals
     * topics drops what the previous run already wrote.
     */
    private static final class PlantedFaultAgent implements Agent {
        final TopicReader<MarketDataListener> input;
        final Sequencer sequencer;
        final SignalEngine engine;
        final io.aquatrade.common.ProgressPublisher progress;
        long delivered;

        PlantedFaultAgent(QueueRoot root) {
            BarListener bars = root.writer(Topic.BARS);
            SignalListener signals = root.writer(Topic.SIGNALS);
            DuplicateFilter filter = new DuplicateFilter(bars, signals);
            learnWrittenOutputs(root, filter);
            engine = new SignalEngine(CONFIG, List.of(XRPETH), filter, filter);
            progress = new io.aquatrade.common.ProgressPublisher(SignalAgent.NAME, bars, signals);
            long consumedEndIndex = root.queue(Topic.MARKET_DATA).indexForId(SignalAgent.NAME).getValue();
            input = root.reader(Topic.MARKET_DATA, SignalAgent.NAME);
            if (consumedEndIndex != 0) {
                warmUp(root, consumedEndIndex);
            }
            engine.continueSignalIdsAfter(filter.lastSignalId());
            MarketDataListener faulty = new MarketDataListener() {
                @Override
                public void tradeTick(TradeTick tick) {
                    if (tick.tradeId() == POISON_ID) {
                        throw new IllegalStateException("planted handler fault on trade " + POISON_ID);
                    }
                    delivered++;
                    engine.tradeTick(tick);
                }

                @Override
                public void quoteTick(io.aquatrade.common.QuoteTick quote) {
                    engine.quoteTick(quote);
                }

                @Override
                public void progress(Progress p) {
                    // watermarks are consumed by the reader
                }
            };
            sequencer = new Sequencer(Sequencer.Mode.EVENT_TIME).add(input, faulty);
        }

        private static void learnWrittenOutputs(QueueRoot root, DuplicateFilter filter) {
            try (TopicReader<BarListener> written = root.reader(Topic.BARS, null)) {
                while (written.poll(filter::learnBar) > 0) {
                    // scan to the end
                }
            }
            try (TopicReader<SignalListener> written = root.reader(Topic.SIGNALS, null)) {
                while (written.poll(filter::learnSignal) > 0) {
                    // scan to the end
                }
            }
        }

        /** Replays the market data before {@code endIndex} (consumed by the previous run) into the engine. */
        private void warmUp(QueueRoot root, long endIndex) {
            MarketDataListener toEngine = new MarketDataListener() {
                @Override
                public void tradeTick(TradeTick tick) {
                    engine.tradeTick(tick);
                }

                @Override
                public void quoteTick(io.aquatrade.common.QuoteTick quote) {
                    // the engine ignores quotes
                }
            };
            try (TopicReader<MarketDataListener> consumed = root.reader(Topic.MARKET_DATA, null)) {
                while (consumed.peek() && consumed.pendingPosition() < endIndex) {
                    consumed.dispatch(toEngine);
                }
            }
        }

        @Override
        public int doWork() {
            int work = sequencer.doWork(256);
            long low = sequencer.lowWatermarkNs();
            if (low != Long.MAX_VALUE) {
                engine.advanceTo(low);
                progress.publish(low);
            }
            if (sequencer.endOfStream() && !progress.ended()) {
                engine.advanceTo(input.lastFiniteWatermarkNs());
                progress.endOfStream(input.lastFiniteWatermarkNs());
                work++;
            }
            return work;
        }

        @Override
        public boolean isDone() {
            return progress.ended();
        }

        @Override
        public void onClose() {
            input.close();
        }

        @Override
        public String roleName() {
            return SignalAgent.NAME;
        }
    }

    private static OutputRecorder outputs(QueueRoot root) {
        OutputRecorder rec = new OutputRecorder();
        try (TopicReader<BarListener> bars = root.reader(Topic.BARS, null)) {
            while (bars.poll(rec) > 0) {
                // drain
            }
        }
        try (TopicReader<SignalListener> signals = root.reader(Topic.SIGNALS, null)) {
            while (signals.poll(rec) > 0) {
                // drain
            }
        }
        return rec;
    }

    /** The clean trades (no poison) fed straight into the business class, the last bar closed at its end. */
    private static OutputRecorder clean() {
        OutputRecorder rec = new OutputRecorder();
        SignalEngine engine = new SignalEngine(CONFIG, List.of(XRPETH), rec, rec);
        TradeOracle.trades().forEach(engine::tradeTick);
        engine.advanceTo(lastBarEndNs());
        return rec;
    }

    /** Every bar with trades equals Binance's kline of that interval, and together they hold every real trade. */
    private static void assertBarsMatchBinance(List<Bar> bars) {
        List<TradeOracle.Kline> klines = TradeOracle.nonEmptyKlines("XRP_ETH-5m.json");
        List<Bar> traded = bars.stream().filter(b -> b.tradeCount() > 0).toList();
        assertThat(traded).hasSize(klines.size());
        long trades = 0;
        for (int i = 0; i < klines.size(); i++) {
            TradeOracle.Kline k = klines.get(i);
            Bar b = traded.get(i);
            assertThat(b.openTimeNs()).isEqualTo(k.openMs() * MS);
            assertThat(b.open()).isEqualTo(TradeOracle.priceMantissa(k.open()));
            assertThat(b.high()).isEqualTo(TradeOracle.priceMantissa(k.high()));
            assertThat(b.low()).isEqualTo(TradeOracle.priceMantissa(k.low()));
            assertThat(b.close()).isEqualTo(TradeOracle.priceMantissa(k.close()));
            assertThat(b.volume()).as("volume of %d", k.openMs()).isEqualTo(TradeOracle.sizeMantissa(k.volume()));
            trades += b.tradeCount();
        }
        assertThat(trades).isEqualTo(TradeOracle.trades().size());
    }

    @Test
    void skipWritesOneDeadLetterAndTheAgentGoesOnWithEveryFollowingTrade() {
        ErrorCounters errors = new ErrorCounters();
        try (QueueRoot root = new QueueRoot(queues()).poisonMessages(policy("skip", errors))) {
            long poisonIndex = writeWithPoison(root);
            PlantedFaultAgent agent = new PlantedFaultAgent(root);
            AgentRunner runner = new AgentRunner(agent, Pauser.balanced(), errors);

            assertThat(runner.run()).as("the runner is not stopped with a failure").isTrue();
            assertThat(runner.exitCode()).isZero();
            assertThat(errors.total(ErrorHandler.Kind.AGENT)).isZero();
            assertThat(errors.count(ErrorHandler.Kind.HANDLER, "market-data")).isEqualTo(3);
            assertThat(errors.count(ErrorHandler.Kind.DEAD_LETTER, "market-data")).isEqualTo(1);

            OutputRecorder out = outputs(root);
            OutputRecorder expected = clean();
            assertThat(out.bars).isEqualTo(expected.bars);
            assertThat(out.signals).isNotEmpty().isEqualTo(expected.signals);
            assertBarsMatchBinance(out.bars);

            List<DeadLetterFile.Record> dead = DeadLetterFile.read(deadLetters());
            assertThat(dead).hasSize(1);
            DeadLetterFile.Record d = dead.get(0);
            assertThat(d.process()).isEqualTo("signal-generator");
            assertThat(d.topic()).isEqualTo("market-data");
            assertThat(d.messageType()).isEqualTo("tradeTick");
            assertThat(d.index()).isEqualTo(poisonIndex);
            assertThat(d.indexHex()).isEqualTo(Long.toHexString(poisonIndex));
            assertThat(d.message()).contains("tradeId: " + POISON_ID).contains("quantity: " + Long.MAX_VALUE);
            assertThat(d.exceptionClass()).isEqualTo(IllegalStateException.class.getName());
            assertThat(d.stackTrace()).contains("planted handler fault");
            assertThat(agent.delivered).as("every other trade handled").isEqualTo(TradeOracle.trades().size());
            assertThat(d.attempts()).isEqualTo(3);
            assertThat(d.action()).isEqualTo("skip");
            assertThat(d.timeNs()).isEqualTo(clockNs.get());
        }
    }

    @Test
    void haltStopsWithExitCode3AndARestartHaltsAgainUntilTheActionIsSkip() throws IOException {
        long poisonIndex;
        try (QueueRoot root = new QueueRoot(queues())) {
            poisonIndex = writeWithPoison(root);
        }
        long poisonTimeNs = TradeOracle.trades().get(AFTER).eventTimeNs();
        List<Bar> expectedBefore = clean().bars.stream().filter(b -> b.eventTimeNs() <= poisonTimeNs).toList();
        int barsBefore;
        for (int run = 1; run <= 2; run++) {
            ErrorCounters errors = new ErrorCounters();
            try (QueueRoot root = new QueueRoot(queues()).poisonMessages(policy("halt", errors))) {
                PlantedFaultAgent agent = new PlantedFaultAgent(root);
                AgentRunner runner = new AgentRunner(agent, Pauser.balanced(), errors);
                assertThat(runner.run()).as("run %d halts", run).isFalse();
                assertThat(runner.exitCode()).isEqualTo(ProcessCli.EXIT_POISON_HALT);
                assertThat(agent.delivered).as("run %d: the trades before it", run)
                        .isEqualTo(run == 1 ? AFTER + 1 : 0);
            }
            List<DeadLetterFile.Record> dead = DeadLetterFile.read(deadLetters());
            assertThat(dead).as("written once, not again on the restart").hasSize(1);
            assertThat(dead.get(0).index()).isEqualTo(poisonIndex);
            assertThat(dead.get(0).action()).isEqualTo("halt");
            assertThat(dead.get(0).attempts()).isEqualTo(3);
        }
        try (QueueRoot root = new QueueRoot(queues())) {
            List<Bar> bars = outputs(root).bars;
            assertThat(bars).as("nothing after the poison was consumed").isNotEmpty()
                    .isEqualTo(expectedBefore.subList(0, bars.size()));
            barsBefore = bars.size();
        }

        // With action skip, a restart steps over it (dead letter not written twice) and handles every later trade.
        ErrorCounters errors = new ErrorCounters();
        try (QueueRoot root = new QueueRoot(queues()).poisonMessages(policy("skip", errors))) {
            PlantedFaultAgent agent = new PlantedFaultAgent(root);
            AgentRunner runner = new AgentRunner(agent, Pauser.balanced(), errors);
            assertThat(runner.run()).isTrue();
            assertThat(runner.exitCode()).isZero();
            assertThat(agent.delivered).isEqualTo(TradeOracle.trades().size() - AFTER - 1);
            assertThat(errors.count(ErrorHandler.Kind.DEAD_LETTER, "market-data")).isEqualTo(1);
            OutputRecorder out = outputs(root);
            OutputRecorder expected = clean();
            assertThat(out.bars.size()).isGreaterThan(barsBefore);
            assertThat(out.bars).as("the bars of the halted runs and the restart, field by field")
                    .isEqualTo(expected.bars);
            assertThat(out.signals).isNotEmpty().isEqualTo(expected.signals);
            assertBarsMatchBinance(out.bars);
        }
        try (Stream<Path> files = Files.list(deadLetters().getParent())) {
            assertThat(files.toList()).as("one dead-letter file").containsExactly(deadLetters());
        }
        List<DeadLetterFile.Record> dead = DeadLetterFile.read(deadLetters());
        assertThat(dead).as("the same message is not written twice").hasSize(1);
        assertThat(dead.get(0).index()).isEqualTo(poisonIndex);
        assertThat(dead.get(0).action()).as("as first written, by the halt").isEqualTo("halt");
    }
}
