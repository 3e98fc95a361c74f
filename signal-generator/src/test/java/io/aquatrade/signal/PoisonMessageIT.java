package io.aquatrade.signal;

import static io.aquatrade.signal.TradeOracle.XRPETH;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

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
 * among them whose quantity (92233720368547.75807 BTC-like, {@code Long.MAX_VALUE} as a mantissa) overflows the
 * bar's volume, so the real {@link SignalEngine} throws on it (the case of issue 6, section 3). Under
 * {@code runtime.poisonMessage} the signal generator must write it to its dead-letter file and go on (skip), or stop
 * with exit code 3 and meet it again on restart (halt); never a restart loop, never a lost trade.
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

    private static SignalAgent agent(QueueRoot root) {
        return new SignalAgent(root, Sequencer.Mode.EVENT_TIME,
                (bars, signals) -> new SignalEngine(CONFIG, List.of(XRPETH), bars, signals));
    }

    /** The agent, done once it has written end of stream, so that the real runner returns by itself. */
    private static Agent untilEndOfStream(SignalAgent agent) {
        return new Agent() {
            @Override
            public int doWork() {
                return agent.doWork();
            }

            @Override
            public boolean isDone() {
                return agent.endOfStreamPublished();
            }

            @Override
            public void onClose() {
                agent.onClose();
            }

            @Override
            public String roleName() {
                return agent.roleName();
            }
        };
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
            SignalAgent agent = agent(root);
            AgentRunner runner = new AgentRunner(untilEndOfStream(agent), Pauser.balanced(), errors);

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
            assertThat(d.exceptionClass()).isEqualTo(ArithmeticException.class.getName());
            assertThat(d.stackTrace()).contains("BarAggregator.add");
            assertThat(d.attempts()).isEqualTo(3);
            assertThat(d.action()).isEqualTo("skip");
            assertThat(d.timeNs()).isEqualTo(clockNs.get());
        }
    }

    @Test
    void haltStopsTheProcessWithExitCode3AndARestartHaltsAgainUntilTheActionIsSkip() throws Exception {
        long poisonIndex;
        try (QueueRoot root = new QueueRoot(queues())) {
            poisonIndex = writeWithPoison(root);
        }
        Path config = dir.resolve("halt.yaml");
        Files.writeString(config, """
                runtime:
                  poisonMessage: {retries: 2, action: halt, deadLetterDir: '%s'}
                instruments:
                  - {symbol: XRPETH, base: XRP, quote: ETH, priceDecimals: 8, sizeDecimals: 0}
                signal-generator:
                  timeframe: 5m
                  strategies:
                    - {id: vwap-momentum, type: vwap-momentum, instruments: [XRPETH], bars: 3}
                """.formatted(dir.resolve("dead-letter")));
        String[] args = {"--config", config.toString(), "--queue-dir", queues().toString()};

        // The process itself, as a supervisor runs it: it halts with the distinct exit code.
        assertThat(ProcessCli.execute(SignalAgent.NAME, new SignalGeneratorMain(), args))
                .isEqualTo(ProcessCli.EXIT_POISON_HALT);
        List<DeadLetterFile.Record> dead = DeadLetterFile.read(deadLetters());
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).index()).isEqualTo(poisonIndex);
        assertThat(dead.get(0).action()).isEqualTo("halt");
        assertThat(dead.get(0).attempts()).isEqualTo(2);
        long poisonTimeNs = TradeOracle.trades().get(AFTER).eventTimeNs();
        List<Bar> expectedBefore = clean().bars.stream().filter(b -> b.eventTimeNs() <= poisonTimeNs).toList();
        int barsBefore;
        try (QueueRoot root = new QueueRoot(queues())) {
            List<Bar> bars = outputs(root).bars;
            assertThat(bars).isNotEmpty().isEqualTo(expectedBefore);
            barsBefore = bars.size();
        }

        // A manual restart meets the unconsumed message again and halts again: no loop that goes on silently,
        // no second dead letter, no output written twice.
        assertThat(ProcessCli.execute(SignalAgent.NAME, new SignalGeneratorMain(), args))
                .isEqualTo(ProcessCli.EXIT_POISON_HALT);
        assertThat(DeadLetterFile.read(deadLetters())).hasSize(1);
        try (QueueRoot root = new QueueRoot(queues())) {
            assertThat(outputs(root).bars).hasSize(barsBefore);
        }

        // With action skip, the restart skips it and finishes the stream exactly as without the poison.
        ErrorCounters errors = new ErrorCounters();
        try (QueueRoot root = new QueueRoot(queues()).poisonMessages(policy("skip", errors))) {
            SignalAgent agent = agent(root);
            AgentRunner runner = new AgentRunner(untilEndOfStream(agent), Pauser.balanced(), errors);
            assertThat(runner.run()).isTrue();
            assertThat(errors.count(ErrorHandler.Kind.DEAD_LETTER, "market-data")).isEqualTo(1);
            OutputRecorder out = outputs(root);
            OutputRecorder expected = clean();
            assertThat(out.bars).isEqualTo(expected.bars);
            assertThat(out.signals).isNotEmpty().isEqualTo(expected.signals);
            assertBarsMatchBinance(out.bars);
        }
        assertThat(DeadLetterFile.read(deadLetters())).as("the same message is not written twice").hasSize(1);
    }
}
