package io.aquatrade.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SequencerTest {
    @TempDir
    Path dir;

    private final List<String> delivered = new ArrayList<>();

    private final SignalListener signals = s -> delivered.add("signal@" + s.eventTimeNs());
    private final MarketDataListener ticks = new MarketDataListener() {
        @Override
        public void tradeTick(TradeTick t) {
            delivered.add("tick@" + t.eventTimeNs());
        }

        @Override
        public void quoteTick(QuoteTick q) {
            delivered.add("quote@" + q.eventTimeNs());
        }
    };

    private static TradeTick tick(long t) {
        return new TradeTick().instrument("XRPETH").price(141342).quantity(1).aggressorSide(Side.BUY).tradeId(t)
                .eventTimeNs(t);
    }

    private static Signal signal(long t) {
        return new Signal().signalId(t).strategyId("s").instrument("XRPETH").direction(Direction.LONG)
                .eventTimeNs(t).reason("test");
    }

    private static Progress progress(long t) {
        return new Progress().source("test").eventTimeNs(t);
    }

    @Test
    void eventTimeModeWaitsForWatermarksAndBreaksTiesByInputOrder() {
        try (QueueRoot root = new QueueRoot(dir)) {
            MarketDataListener md = root.writer(Topic.MARKET_DATA);
            SignalListener sig = root.writer(Topic.SIGNALS);
            Sequencer seq = new Sequencer(Sequencer.Mode.EVENT_TIME)
                    .add(root.reader(Topic.SIGNALS, "t"), signals)
                    .add(root.reader(Topic.MARKET_DATA, "t"), ticks);
            md.tradeTick(tick(10));
            md.tradeTick(tick(20));
            md.tradeTick(tick(30));
            assertThat(seq.doWork(100)).as("signals writer has said nothing yet").isZero();

            sig.progress(progress(15));
            assertThat(seq.doWork(100)).isEqualTo(1);
            assertThat(delivered).containsExactly("tick@10");

            sig.signal(signal(20));
            seq.doWork(100);
            assertThat(delivered).as("a signal wins a tie with a tick; another signal at 20 may still come")
                    .containsExactly("tick@10", "signal@20");

            sig.progress(progress(30));
            seq.doWork(100);
            assertThat(delivered).as("a tick at the watermark of a higher-priority input still waits")
                    .containsExactly("tick@10", "signal@20", "tick@20");
            assertThat(seq.lowWatermarkNs()).isEqualTo(30);
            assertThat(seq.endOfStream()).isFalse();

            sig.progress(progress(40).endOfStream(true));
            md.progress(progress(40).endOfStream(true));
            seq.doWork(100);
            assertThat(delivered).containsExactly("tick@10", "signal@20", "tick@20", "tick@30");
            assertThat(seq.endOfStream()).isTrue();
            assertThat(seq.lowWatermarkNs()).isEqualTo(Long.MAX_VALUE);
        }
    }

    @Test
    void anInputThatStopsBeingQuietDuringARunIsWaitedForAtOnce() {
        // As between the decision engine and the router: delivering a tick makes an order outstanding, so the
        // executions input stops being quiet, and its answer (stamped with that tick's time) must come before the
        // next tick, although the ticks could have been delivered as one run.
        MemoryTopic<SignalListener> answers = new MemoryTopic<>(Topic.SIGNALS, 4);
        MemoryTopic<MarketDataListener> market = new MemoryTopic<>(Topic.MARKET_DATA, 4);
        SignalListener answerWriter = answers.writer();
        MarketDataListener marketWriter = market.writer();
        AtomicBoolean outstanding = new AtomicBoolean();
        MarketDataListener ticksThatOrder = new MarketDataListener() {
            @Override
            public void tradeTick(TradeTick t) {
                delivered.add("tick@" + t.eventTimeNs());
                if (t.eventTimeNs() == 30) {
                    outstanding.set(true);
                }
            }

            @Override
            public void quoteTick(QuoteTick q) {
                throw new AssertionError("no quotes");
            }
        };
        Sequencer seq = new Sequencer(Sequencer.Mode.EVENT_TIME)
                .add(answers.reader("t"), signals, () -> !outstanding.get())
                .add(market.reader("t"), ticksThatOrder);
        for (long t = 10; t <= 60; t += 10) {
            marketWriter.tradeTick(tick(t));
        }
        marketWriter.progress(progress(60));
        assertThat(seq.doWork(100)).as("up to the tick that makes an order outstanding").isEqualTo(3);
        assertThat(delivered).containsExactly("tick@10", "tick@20", "tick@30");
        answerWriter.signal(signal(30));
        outstanding.set(false);
        answerWriter.progress(progress(30));
        assertThat(seq.doWork(100)).isEqualTo(4);
        assertThat(delivered).containsExactly("tick@10", "tick@20", "tick@30", "signal@30", "tick@40", "tick@50",
                "tick@60");
    }

    @Test
    void aQuietInputDoesNotHoldTheOthersBack() {
        try (QueueRoot root = new QueueRoot(dir)) {
            MarketDataListener md = root.writer(Topic.MARKET_DATA);
            AtomicBoolean quiet = new AtomicBoolean(true);
            Sequencer seq = new Sequencer(Sequencer.Mode.EVENT_TIME)
                    .add(root.reader(Topic.SIGNALS, "t"), signals, quiet::get)
                    .add(root.reader(Topic.MARKET_DATA, "t"), ticks);
            md.tradeTick(tick(10));
            md.tradeTick(tick(20));
            assertThat(seq.doWork(1)).isEqualTo(1);
            quiet.set(false);
            assertThat(seq.doWork(100)).as("no longer quiet and no watermark: wait").isZero();
            assertThat(delivered).containsExactly("tick@10");
        }
    }

    @Test
    void arrivalModeDeliversAsMessagesCome() {
        try (QueueRoot root = new QueueRoot(dir)) {
            MarketDataListener md = root.writer(Topic.MARKET_DATA);
            SignalListener sig = root.writer(Topic.SIGNALS);
            Sequencer seq = new Sequencer(Sequencer.Mode.ARRIVAL)
                    .add(root.reader(Topic.SIGNALS, "t"), signals)
                    .add(root.reader(Topic.MARKET_DATA, "t"), ticks);
            md.tradeTick(tick(30));
            sig.signal(signal(5));
            assertThat(seq.doWork(100)).isEqualTo(2);
            assertThat(delivered).containsExactlyInAnyOrder("tick@30", "signal@5");
        }
    }
}
