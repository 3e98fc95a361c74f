package io.aquatrade.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.aquatrade.common.testing.SampleData;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.threads.Pauser;
import net.openhft.chronicle.wire.DocumentContext;
import net.openhft.chronicle.wire.ValueIn;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The poison-message policy on a real Chronicle queue in a temp dir, over the first 200 sample trades: a listener
 * that throws on one trade id, always or a few times.
 */
class PoisonMessagePolicyTest {
    private static final String INSTRUMENTS = "instruments: [{symbol: XRPETH, base: XRP, quote: ETH, "
            + "priceDecimals: 8, sizeDecimals: 0}]\n";
    private static final int N = 200;

    @TempDir
    Path dir;

    private final AtomicLong clockNs = new AtomicLong(1_700_000_000_000_000_000L);
    private final EpochClock clock = clockNs::get;
    private final ErrorCounters errors = new ErrorCounters();
    private List<TradeTick> trades;
    private long poisonId;

    @BeforeEach
    void writeTrades() {
        trades = SampleData.xrpEthTrades().subList(0, N);
        poisonId = trades.get(N / 2).tradeId();
    }

    private void write(QueueRoot root) {
        MarketDataListener out = root.writer(Topic.MARKET_DATA);
        trades.forEach(out::tradeTick);
        out.progress(new Progress().source("market-data").eventTimeNs(trades.get(N - 1).eventTimeNs())
                .endOfStream(true));
    }

    private PoisonMessagePolicy policy(int retries, String action) {
        return new PoisonMessagePolicy("test-process", PoisonMessageConfig.of(retries, action,
                dir.resolve("dead").toString()), errors, clock);
    }

    /** Collects trade ids; throws on {@code poisonId} the first {@code failures} times it sees it. */
    private static final class Collector implements MarketDataListener {
        final List<Long> ids = new ArrayList<>();
        final long poisonId;
        int failures;

        Collector(long poisonId, int failures) {
            this.poisonId = poisonId;
            this.failures = failures;
        }

        @Override
        public void tradeTick(TradeTick tick) {
            if (tick.tradeId() == poisonId && failures > 0) {
                failures--;
                throw new ArithmeticException("long overflow (planted)");
            }
            ids.add(tick.tradeId());
        }

        @Override
        public void quoteTick(QuoteTick quote) {
        }
    }

    private List<Long> idsExcept(long id) {
        return trades.stream().map(TradeTick::tradeId).filter(t -> t != id).toList();
    }

    @Test
    void aMessageThatAlwaysThrowsIsDeadLetteredOnceAndSkippedAndEveryOtherIsDelivered() {
        try (QueueRoot root = new QueueRoot(dir.resolve("q")).poisonMessages(policy(3, "skip"))) {
            write(root);
            Collector c = new Collector(poisonId, Integer.MAX_VALUE);
            try (TopicReader<MarketDataListener> r = root.reader(Topic.MARKET_DATA, "test")) {
                while (r.poll(c) > 0) {
                    // drain
                }
                assertThat(r.endOfStream()).isTrue();
            }
            assertThat(c.ids).containsExactlyElementsOf(idsExcept(poisonId));
            assertThat(c.failures).as("attempts in all").isEqualTo(Integer.MAX_VALUE - 3);
            assertThat(errors.count(ErrorHandler.Kind.HANDLER, "market-data")).isEqualTo(3);
            assertThat(errors.count(ErrorHandler.Kind.DEAD_LETTER, "market-data")).isEqualTo(1);

            List<DeadLetterFile.Record> dead = DeadLetterFile.read(dir.resolve("dead/test-process.jsonl"));
            assertThat(dead).hasSize(1);
            DeadLetterFile.Record d = dead.get(0);
            assertThat(d.process()).isEqualTo("test-process");
            assertThat(d.topic()).isEqualTo("market-data");
            assertThat(d.messageType()).isEqualTo("tradeTick");
            assertThat(d.indexHex()).isEqualTo(Long.toHexString(d.index()));
            assertThat(d.index()).isEqualTo(indexOf(root, poisonId));
            assertThat(d.message()).contains("tradeId: " + poisonId);
            assertThat(d.eventTimeNs()).isEqualTo(trades.get(N / 2).eventTimeNs());
            assertThat(d.attempts()).isEqualTo(3);
            assertThat(d.action()).isEqualTo("skip");
            assertThat(d.exceptionClass()).isEqualTo("java.lang.ArithmeticException");
            assertThat(d.exceptionMessage()).isEqualTo("long overflow (planted)");
            assertThat(d.stackTrace()).contains("Collector.tradeTick");
            assertThat(d.timeNs()).isEqualTo(clockNs.get());
            assertThat(d.time()).isEqualTo("2023-11-14T22:13:20Z");

            // consumed: the named reader resumes after the end, nothing is redelivered
            Collector again = new Collector(poisonId, Integer.MAX_VALUE);
            try (TopicReader<MarketDataListener> r = root.reader(Topic.MARKET_DATA, "test")) {
                assertThat(r.poll(again)).isZero();
            }
        }
    }

    @Test
    void aSkippedMessageMetAgainByAReaderFromTheStartIsSkippedAgainWithoutASecondLine() {
        try (QueueRoot root = new QueueRoot(dir.resolve("q")).poisonMessages(policy(3, "skip"))) {
            write(root);
            try (TopicReader<MarketDataListener> r = root.reader(Topic.MARKET_DATA, "test")) {
                while (r.poll(new Collector(poisonId, Integer.MAX_VALUE)) > 0) {
                    // drain
                }
            }
        }
        // After a restart (a new policy reading the same file), a warm-up that replays the topic from its start
        // meets the poison again: skipped, counted, not written twice.
        ErrorCounters restarted = new ErrorCounters();
        try (QueueRoot root = new QueueRoot(dir.resolve("q")).poisonMessages(new PoisonMessagePolicy("test-process",
                PoisonMessageConfig.of(3, "skip", dir.resolve("dead").toString()), restarted, clock))) {
            Collector warmUp = new Collector(poisonId, Integer.MAX_VALUE);
            try (TopicReader<MarketDataListener> r = root.reader(Topic.MARKET_DATA, null)) {
                while (r.poll(warmUp) > 0) {
                    // replay
                }
            }
            assertThat(warmUp.ids).containsExactlyElementsOf(idsExcept(poisonId));
            assertThat(restarted.count(ErrorHandler.Kind.DEAD_LETTER, "market-data")).isEqualTo(1);
        }
        assertThat(DeadLetterFile.count(dir.resolve("dead/test-process.jsonl"))).isEqualTo(1);
    }

    @Test
    void aMessageThatSucceedsOnALaterAttemptIsDeliveredOnceAndNotDeadLettered() {
        try (QueueRoot root = new QueueRoot(dir.resolve("q")).poisonMessages(policy(3, "skip"))) {
            write(root);
            Collector c = new Collector(poisonId, 2);
            try (TopicReader<MarketDataListener> r = root.reader(Topic.MARKET_DATA, "test")) {
                while (r.poll(c) > 0) {
                    // drain
                }
            }
            assertThat(c.ids).containsExactlyElementsOf(trades.stream().map(TradeTick::tradeId).toList());
            assertThat(errors.count(ErrorHandler.Kind.HANDLER, "market-data")).isEqualTo(2);
            assertThat(errors.total(ErrorHandler.Kind.DEAD_LETTER)).isZero();
            assertThat(DeadLetterFile.count(dir.resolve("dead/test-process.jsonl"))).isZero();
        }
    }

    @Test
    void haltLeavesTheMessageUnconsumedAndTheRunnerEndsWithTheHaltExitCode() {
        try (QueueRoot root = new QueueRoot(dir.resolve("q")).poisonMessages(policy(1, "halt"))) {
            write(root);
            Collector c = new Collector(poisonId, Integer.MAX_VALUE);
            TopicReader<MarketDataListener> r = root.reader(Topic.MARKET_DATA, "test");
            Agent agent = new Agent() {
                @Override
                public int doWork() {
                    return r.poll(c);
                }

                @Override
                public boolean isDone() {
                    return r.endOfStream() && !r.peek();
                }

                @Override
                public void onClose() {
                    r.close();
                }

                @Override
                public String roleName() {
                    return "test-process";
                }
            };
            AgentRunner runner = new AgentRunner(agent, Pauser.balanced(), errors);
            assertThat(runner.run()).isFalse();
            assertThat(runner.exitCode()).isEqualTo(ProcessCli.EXIT_POISON_HALT).isEqualTo(3);
            assertThat(runner.failure()).isInstanceOf(PoisonMessageException.class);
            assertThat(c.ids).containsExactlyElementsOf(trades.subList(0, N / 2).stream().map(TradeTick::tradeId)
                    .toList());
            List<DeadLetterFile.Record> dead = DeadLetterFile.read(dir.resolve("dead/test-process.jsonl"));
            assertThat(dead).hasSize(1);
            assertThat(dead.get(0).action()).isEqualTo("halt");
            assertThat(dead.get(0).attempts()).isEqualTo(1);
            assertThat(errors.total(ErrorHandler.Kind.AGENT)).as("a halt is not an agent failure").isZero();

            // not consumed: the same named reader meets it again first
            try (TopicReader<MarketDataListener> again = root.reader(Topic.MARKET_DATA, "test")) {
                assertThat(again.peek()).isTrue();
                assertThat(((TradeTick) again.pending()).tradeId()).isEqualTo(poisonId);
            }
        }
    }

    /** Throws {@code error} on every delivery of {@code poisonId}, counting the attempts; collects the other ids. */
    private static final class Thrower implements MarketDataListener {
        final List<Long> ids = new ArrayList<>();
        final long poisonId;
        final Throwable error;
        int attempts;

        Thrower(long poisonId, Throwable error) {
            this.poisonId = poisonId;
            this.error = error;
        }

        @Override
        public void tradeTick(TradeTick tick) {
            if (tick.tradeId() == poisonId) {
                attempts++;
                if (error instanceof Error e) {
                    throw e;
                }
                throw (RuntimeException) error;
            }
            ids.add(tick.tradeId());
        }

        @Override
        public void quoteTick(QuoteTick quote) {
        }
    }

    @Test
    void aVirtualMachineErrorOrANestedHaltIsRethrownAtOnceAndLeavesTheMessageUnconsumed() {
        List<Throwable> errorsNotTheMessagesFault = List.of(new OutOfMemoryError("planted"),
                new PoisonMessageException("orders", 42, new IllegalStateException("planted, nested reader")));
        for (int i = 0; i < errorsNotTheMessagesFault.size(); i++) {
            Throwable error = errorsNotTheMessagesFault.get(i);
            try (QueueRoot root = new QueueRoot(dir.resolve("q" + i)).poisonMessages(policy(3, "skip"))) {
                write(root);
                Thrower t = new Thrower(poisonId, error);
                try (TopicReader<MarketDataListener> r = root.reader(Topic.MARKET_DATA, "test")) {
                    assertThatThrownBy(() -> {
                        while (r.poll(t) > 0) {
                            // drain up to the throw
                        }
                    }).isSameAs(error);
                }
                assertThat(t.attempts).as("%s: not tried again", error).isEqualTo(1);
                assertThat(t.ids).containsExactlyElementsOf(idsExcept(poisonId).subList(0, N / 2));
                try (TopicReader<MarketDataListener> r = root.reader(Topic.MARKET_DATA, "test")) {
                    assertThat(r.peek()).isTrue();
                    assertThat(((TradeTick) r.pending()).tradeId()).as("%s: left unconsumed", error)
                            .isEqualTo(poisonId);
                }
            }
        }
        assertThat(errors.total(ErrorHandler.Kind.HANDLER)).isZero();
        assertThat(errors.total(ErrorHandler.Kind.DEAD_LETTER)).isZero();
        assertThat(dir.resolve("dead/test-process.jsonl")).doesNotExist();
    }

    @Test
    void aStackOverflowIsTheMessagesFaultAndIsDeadLetteredAndSkippedLikeAnException() {
        try (QueueRoot root = new QueueRoot(dir.resolve("q")).poisonMessages(policy(3, "skip"))) {
            write(root);
            Thrower t = new Thrower(poisonId, new StackOverflowError("planted"));
            try (TopicReader<MarketDataListener> r = root.reader(Topic.MARKET_DATA, "test")) {
                while (r.poll(t) > 0) {
                    // drain
                }
                assertThat(r.endOfStream()).isTrue();
            }
            assertThat(t.attempts).isEqualTo(3);
            assertThat(t.ids).containsExactlyElementsOf(idsExcept(poisonId));
            assertThat(errors.count(ErrorHandler.Kind.HANDLER, "market-data")).isEqualTo(3);
            assertThat(errors.count(ErrorHandler.Kind.DEAD_LETTER, "market-data")).isEqualTo(1);
            List<DeadLetterFile.Record> dead = DeadLetterFile.read(dir.resolve("dead/test-process.jsonl"));
            assertThat(dead).hasSize(1);
            assertThat(dead.get(0).exceptionClass()).isEqualTo(StackOverflowError.class.getName());
            assertThat(dead.get(0).index()).isEqualTo(indexOf(root, poisonId));
        }
    }

    @Test
    void withoutAPolicyTheListenersExceptionGoesToTheCallerAndNothingIsConsumed() {
        try (QueueRoot root = new QueueRoot(dir.resolve("q"))) {
            write(root);
            Collector c = new Collector(trades.get(0).tradeId(), Integer.MAX_VALUE);
            try (TopicReader<MarketDataListener> r = root.reader(Topic.MARKET_DATA, "test")) {
                assertThatThrownBy(() -> r.poll(c)).isInstanceOf(ArithmeticException.class);
            }
            try (TopicReader<MarketDataListener> r = root.reader(Topic.MARKET_DATA, "test")) {
                assertThat(r.peek()).isTrue();
                assertThat(((TradeTick) r.pending()).tradeId()).isEqualTo(trades.get(0).tradeId());
            }
        }
    }

    @Test
    void anAgentErrorOutsideMessageHandlingStopsTheRunnerWithExitCode1AndIsCounted() {
        Agent failing = new Agent() {
            @Override
            public int doWork() {
                throw new IllegalStateException("queue file gone");
            }

            @Override
            public String roleName() {
                return "test-process";
            }
        };
        AgentRunner runner = new AgentRunner(failing, Pauser.balanced(), errors);
        assertThat(runner.run()).isFalse();
        assertThat(runner.exitCode()).isEqualTo(1);
        assertThat(errors.count(ErrorHandler.Kind.AGENT, null)).isEqualTo(1);
    }

    @Test
    void configDefaultsAndErrorsNameTheField() {
        AquatradeConfig cfg = AquatradeConfig.parse(Path.of("t.yaml"), INSTRUMENTS);
        assertThat(cfg.runtime().poisonMessage()).isEqualTo(new PoisonMessageConfig(3,
                PoisonMessageConfig.Action.SKIP, "var/dead-letter"));
        AquatradeConfig set = AquatradeConfig.parse(Path.of("t.yaml"), "runtime: {poisonMessage: {retries: 1, "
                + "action: halt, deadLetterDir: state/dl}}\n" + INSTRUMENTS);
        assertThat(set.runtime().poisonMessage()).isEqualTo(new PoisonMessageConfig(1,
                PoisonMessageConfig.Action.HALT, "state/dl"));
        assertThatThrownBy(() -> AquatradeConfig.parse(Path.of("t.yaml"),
                "runtime: {poisonMessage: {retries: 0}}\n" + INSTRUMENTS))
                .isInstanceOf(ConfigException.class).hasMessageContaining("runtime.poisonMessage.retries")
                .hasMessageContaining("1..100");
        assertThatThrownBy(() -> AquatradeConfig.parse(Path.of("t.yaml"),
                "runtime: {poisonMessage: {action: retry}}\n" + INSTRUMENTS))
                .isInstanceOf(ConfigException.class).hasMessageContaining("runtime.poisonMessage.action")
                .hasMessageContaining("skip or halt");
        assertThatThrownBy(() -> AquatradeConfig.parse(Path.of("t.yaml"),
                "runtime: {poisonMessage: {retry: 2}}\n" + INSTRUMENTS))
                .isInstanceOf(ConfigException.class).hasMessageContaining("runtime.poisonMessage.retry");
        assertThatThrownBy(() -> AquatradeConfig.parse(Path.of("t.yaml"),
                "runtime: {poisonMessage: {retries: three}}\n" + INSTRUMENTS))
                .isInstanceOf(ConfigException.class).hasMessageContaining("runtime.poisonMessage.retries");
        assertThatThrownBy(() -> AquatradeConfig.parse(Path.of("t.yaml"),
                "runtime: {poisonMessage: {deadLetterDir: ''}}\n" + INSTRUMENTS))
                .isInstanceOf(ConfigException.class).hasMessageContaining("runtime.poisonMessage.deadLetterDir");
    }

    /** The queue index of the trade with that id, read with a plain tailer (independent of TopicReader). */
    private static long indexOf(QueueRoot root, long tradeId) {
        StringBuilder name = new StringBuilder();
        TradeTick t = new TradeTick();
        try (ExcerptTailer tailer = root.queue(Topic.MARKET_DATA).createTailer()) {
            while (true) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent()) {
                        throw new AssertionError("trade " + tradeId + " not on the queue");
                    }
                    ValueIn in = dc.wire().readEventName(name);
                    if ("tradeTick".contentEquals(name)) {
                        t.reset();
                        in.marshallable(t);
                        if (t.tradeId() == tradeId) {
                            return dc.index();
                        }
                    }
                }
            }
        }
    }
}
