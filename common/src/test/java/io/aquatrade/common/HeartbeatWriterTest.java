package io.aquatrade.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.aquatrade.common.testing.SampleData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeartbeatWriterTest {
    private static final long T0_NS = 1_764_000_000_000_000_000L;
    private static final MarketDataListener IGNORE = new MarketDataListener() {
        @Override
        public void tradeTick(TradeTick tick) {
        }

        @Override
        public void quoteTick(QuoteTick quote) {
        }
    };

    @TempDir
    Path dir;
    private final AtomicLong nowNs = new AtomicLong(T0_NS);
    private final AtomicInteger clockReads = new AtomicInteger();
    private final EpochClock clock = () -> {
        clockReads.incrementAndGet();
        return nowNs.get();
    };

    private HeartbeatWriter writer(ErrorCounters errors) {
        return new HeartbeatWriter(dir.resolve("run"), "signal-generator", HeartbeatConfig.of(null, 1000L), clock,
                errors);
    }

    @Test
    void theInputsLagIsTheEntriesAndEventTimeBetweenWhatWasReadAndTheTopicsNewestEntry() throws Exception {
        List<TradeTick> trades = SampleData.xrpEthTrades().subList(0, 50);
        try (QueueRoot root = new QueueRoot(dir.resolve("queues"))) {
            MarketDataListener out = root.writer(Topic.MARKET_DATA);
            for (TradeTick t : trades) {
                out.tradeTick(t);
            }
            out.progress(new Progress().source("market-data").eventTimeNs(trades.get(49).eventTimeNs() + 5_000_000));
            TopicReader<MarketDataListener> reader = root.reader(Topic.MARKET_DATA, "signal-generator");
            for (int i = 0; i < 20; i++) {
                assertThat(reader.poll(IGNORE)).isEqualTo(1);
            }
            HeartbeatWriter hb = writer(new ErrorCounters()).inputs(root);

            hb.started();

            Heartbeat read = Heartbeat.read(hb.file());
            assertThat(read.inputs()).hasSize(1);
            Heartbeat.Input in = read.inputs().get(0);
            assertThat(in.topic()).isEqualTo("market-data");
            // 30 trades and the watermark after the 20th trade read; in time: from the 20th trade to the watermark
            assertThat(in.lagMessages()).isEqualTo(31);
            assertThat(in.lagMs()).isEqualTo((trades.get(49).eventTimeNs() + 5_000_000 - trades.get(19).eventTimeNs())
                    / 1_000_000);
            assertThat(in.index()).isPositive();

            while (reader.poll(IGNORE) > 0) {
                // to the end, the watermark included
            }
            nowNs.addAndGet(1_000_000_000L);
            hb.afterPass(0);
            Heartbeat caughtUp = Heartbeat.read(hb.file());
            assertThat(caughtUp.inputs().get(0).lagMessages()).isZero();
            assertThat(caughtUp.inputs().get(0).lagMs()).isZero();
            assertThat(caughtUp.inputs().get(0).index()).isGreaterThan(in.index());
        }
    }

    @Test
    void aNamedReaderThatReadNothingYetIsBehindByTheWholeTopic() throws Exception {
        List<TradeTick> trades = SampleData.xrpEthTrades().subList(0, 7);
        try (QueueRoot root = new QueueRoot(dir.resolve("queues"))) {
            MarketDataListener out = root.writer(Topic.MARKET_DATA);
            trades.forEach(out::tradeTick);
            root.reader(Topic.MARKET_DATA, "decision-engine");
            root.reader(Topic.MARKET_DATA, null).close(); // anonymous readers are no input
            HeartbeatWriter hb = writer(new ErrorCounters()).inputs(root);
            hb.started();
            Heartbeat.Input in = Heartbeat.read(hb.file()).inputs().get(0);
            assertThat(in.lagMessages()).isEqualTo(7);
            assertThat(in.index()).isEqualTo(-1);
            assertThat(in.lagMs()).isEqualTo(-1); // nothing read: no time to measure from
        }
    }

    @Test
    void itWritesAtTheIntervalOfTheInjectedClockAndABusyAgentReadsTheClockOnlyEvery64Passes() throws Exception {
        HeartbeatWriter hb = writer(new ErrorCounters());
        hb.started();
        Heartbeat first = Heartbeat.read(hb.file());
        assertThat(first.state()).isEqualTo(Heartbeat.STARTING);
        assertThat(first.exitCode()).isNull();
        assertThat(first.heartbeatAtMs()).isEqualTo(T0_NS / 1_000_000);
        assertThat(first.startedAtMs()).isEqualTo(T0_NS / 1_000_000);
        assertThat(first.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(first.intervalMs()).isEqualTo(1000);
        assertThat(first.lastTickEventTimeNs()).isNull();
        hb.afterPass(0); // the first pass is done: running, at once
        assertThat(Heartbeat.read(hb.file()).state()).isEqualTo(Heartbeat.RUNNING);

        nowNs.addAndGet(999_000_000L);
        hb.afterPass(0);
        assertThat(Heartbeat.read(hb.file()).heartbeatAtMs()).isEqualTo(T0_NS / 1_000_000); // not due yet

        nowNs.addAndGet(1_000_000L);
        int reads = clockReads.get();
        for (int i = 1; i < HeartbeatWriter.BUSY_PASSES_PER_CHECK; i++) {
            hb.afterPass(5);
        }
        assertThat(clockReads.get()).isEqualTo(reads);
        assertThat(Heartbeat.read(hb.file()).heartbeatAtMs()).isEqualTo(T0_NS / 1_000_000);
        hb.afterPass(5);
        assertThat(clockReads.get()).isEqualTo(reads + 1);
        assertThat(Heartbeat.read(hb.file()).heartbeatAtMs()).isEqualTo(T0_NS / 1_000_000 + 1000);
        try (var files = Files.list(hb.file().getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("signal-generator.json");
        }
    }

    @Test
    void aStopWritesTheExitCodeAndErrorsAreCountedWithTheLastOneWithoutSecrets() throws Exception {
        ErrorCounters errors = new ErrorCounters();
        HeartbeatWriter hb = writer(errors);
        hb.started();
        errors.onError(ErrorHandler.Kind.HANDLER, "signals", new IllegalStateException("boom"));
        errors.onError(ErrorHandler.Kind.DEAD_LETTER, "signals", new IllegalStateException("boom"));
        errors.onError(new RuntimeException("GET /api/v3/order?symbol=BTCUSDT&signature=4f1e2d9a secret: hunter2"));
        nowNs.addAndGet(2_500_000_000L);

        hb.stopped(3);

        Heartbeat read = Heartbeat.read(hb.file());
        assertThat(read.state()).isEqualTo(Heartbeat.STOPPED);
        assertThat(read.exitCode()).isEqualTo(3);
        assertThat(read.heartbeatAtMs()).isEqualTo(T0_NS / 1_000_000 + 2500);
        assertThat(read.errors()).isEqualTo(2);
        assertThat(read.deadLetters()).isEqualTo(1);
        assertThat(read.lastError()).isEqualTo("AGENT: RuntimeException: GET /api/v3/order?symbol=BTCUSDT&"
                + "signature=*** secret: ***");
        assertThat(read.liveness(read.heartbeatAtMs() + 60_000, false)).isEqualTo(Heartbeat.Liveness.STOPPED);
    }

    @Test
    void marketDataReportsTheLastTickPerInstrument() throws Exception {
        LastTickTimes ticks = new LastTickTimes();
        ticks.record("XRPETH", 5_000L, 1_000_000_000L);
        ticks.record(new String("BTCUSDT"), 7_000L, 2_000_000_000L);
        ticks.record(new String("XRPETH"), 9_000L, 3_000_000_000L);
        HeartbeatWriter hb = writer(new ErrorCounters()).lastTicks(ticks);
        hb.started();
        Heartbeat read = Heartbeat.read(hb.file());
        assertThat(read.lastTickEventTimeNs())
                .containsExactly(java.util.Map.entry("XRPETH", 9_000L), java.util.Map.entry("BTCUSDT", 7_000L));
        assertThat(read.lastTickAtMs())
                .containsExactly(java.util.Map.entry("XRPETH", 3_000L), java.util.Map.entry("BTCUSDT", 2_000L));
    }

    @Test
    void livenessOfARunningHeartbeatDependsOnItsPidAndAge() {
        Heartbeat hb = new Heartbeat("order-router", 1, 0, 100_000, 1000, Heartbeat.RUNNING, null, List.of(), null,
                null, 0, 0, null, null);
        assertThat(hb.staleAfterMs()).isEqualTo(5_000);
        assertThat(hb.liveness(105_000, true)).isEqualTo(Heartbeat.Liveness.ALIVE);
        assertThat(hb.liveness(105_001, true)).isEqualTo(Heartbeat.Liveness.UNRESPONSIVE);
        assertThat(hb.liveness(100_500, false)).isEqualTo(Heartbeat.Liveness.CRASHED);
        assertThat(Heartbeat.Liveness.CRASHED.text()).isEqualTo("down (crashed)");
    }

    @Test
    void aProcessIsStartingUntilItsFirstPassIsDoneAndDownOnlyAfterTheStartGrace() throws Exception {
        HeartbeatWriter hb = writer(new ErrorCounters());
        hb.started();
        Heartbeat first = Heartbeat.read(hb.file());
        assertThat(first.state()).isEqualTo(Heartbeat.STARTING);
        long t0Ms = T0_NS / 1_000_000;
        // a long first pass (a replay's catch-up): no heartbeat is written meanwhile; judged on the writer's stamp
        Heartbeat stamped = new Heartbeat(first.process(), first.pid(), first.startedAtMs(), first.heartbeatAtMs(),
                first.intervalMs(), first.state(), null, first.inputs(), null, null, 0, 0, null, null);
        assertThat(stamped.startGraceMs()).isEqualTo(Heartbeat.START_GRACE_MS).isEqualTo(120_000);
        assertThat(stamped.liveness(t0Ms + 35_000, true)).isEqualTo(Heartbeat.Liveness.STARTING);
        assertThat(stamped.liveness(t0Ms + 120_000, true)).isEqualTo(Heartbeat.Liveness.STARTING);
        assertThat(stamped.liveness(t0Ms + 120_001, true)).isEqualTo(Heartbeat.Liveness.UNRESPONSIVE);
        assertThat(stamped.liveness(t0Ms + 1_000, false)).isEqualTo(Heartbeat.Liveness.CRASHED);
        assertThat(Heartbeat.Liveness.STARTING.text()).isEqualTo("starting");

        // the first pass ends 40 s later (a busy one): running is written at once, and then judged as ever
        nowNs.addAndGet(40_000_000_000L);
        hb.afterPass(1);
        Heartbeat after = Heartbeat.read(hb.file());
        assertThat(after.state()).isEqualTo(Heartbeat.RUNNING);
        assertThat(after.heartbeatAtMs()).isEqualTo(t0Ms + 40_000);
        Heartbeat running = new Heartbeat(after.process(), after.pid(), after.startedAtMs(), after.heartbeatAtMs(),
                after.intervalMs(), after.state(), null, after.inputs(), null, null, 0, 0, null, null);
        assertThat(running.liveness(t0Ms + 45_000, true)).isEqualTo(Heartbeat.Liveness.ALIVE);
        assertThat(running.liveness(t0Ms + 45_001, true)).isEqualTo(Heartbeat.Liveness.UNRESPONSIVE);
        // the next busy passes write nothing until due, as before
        hb.afterPass(1);
        assertThat(Heartbeat.read(hb.file()).heartbeatAtMs()).isEqualTo(t0Ms + 40_000);
    }

    @Test
    void readFromAFileItsAgeIsMeasuredFromTheFilesTimeWhateverTheWritersClock() throws Exception {
        // the writer's clock is 21 s behind the system clock (anchored before the system clock was stepped)
        HeartbeatWriter hb = new HeartbeatWriter(dir.resolve("run"), "decision-engine", HeartbeatConfig.defaults(),
                () -> T0_NS - 21_000_000_000L, new ErrorCounters());
        hb.started();
        hb.afterPass(0);
        Files.setLastModifiedTime(hb.file(), java.nio.file.attribute.FileTime.fromMillis(T0_NS / 1_000_000));

        Heartbeat read = Heartbeat.read(hb.file());

        assertThat(read.heartbeatAtMs()).isEqualTo(T0_NS / 1_000_000 - 21_000);
        assertThat(read.fileTimeMs()).isEqualTo(T0_NS / 1_000_000);
        assertThat(read.ageMs(T0_NS / 1_000_000 + 1_000)).isEqualTo(1_000);
        assertThat(read.liveness(T0_NS / 1_000_000 + 1_000, true)).isEqualTo(Heartbeat.Liveness.ALIVE);
        // a time on the writer's clock 3 s before its heartbeat was 3 s + the heartbeat's age ago
        assertThat(read.ageOfMs(read.heartbeatAtMs() - 3_000, T0_NS / 1_000_000 + 1_000)).isEqualTo(4_000);
        assertThat(read.toJson()).doesNotContain("fileTimeMs");
    }

    @Test
    void theDefaultDirectoryIsRunBesideTheQueueDirectory() {
        HeartbeatConfig defaults = HeartbeatConfig.defaults();
        assertThat(defaults.dirFor(Path.of("var/queues"))).isEqualTo(Path.of("var/run"));
        assertThat(defaults.dirFor(Path.of("var/demo/queues"))).isEqualTo(Path.of("var/demo/run"));
        assertThat(defaults.dirFor(Path.of("/srv/aquatrade/var/queues/"))).isEqualTo(Path.of("/srv/aquatrade/var/run"));
        assertThat(HeartbeatConfig.of("elsewhere", null).dirFor(Path.of("var/queues"))).isEqualTo(Path.of("elsewhere"));
    }
}
