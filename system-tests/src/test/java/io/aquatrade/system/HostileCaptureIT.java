package io.aquatrade.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.testing.HostileCapture;
import io.aquatrade.marketdata.TickValidator.Reason;
import io.aquatrade.marketdata.replay.ReplayFile;
import io.aquatrade.marketdata.replay.ReplayFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile capture ({@link HostileCapture}: a real BTCUSDT slice with 51 bad lines inserted) and the clean slice,
 * each replayed through the four components on real queues: no component stops, every bad line is counted under its
 * kind, and every topic, the complete bars of the {@code bars} topic first, is the same in both runs.
 */
class HostileCaptureIT {
    private static final long DRAIN_TIMEOUT_MS = 120_000;
    /** 10 s bars over the slice's 2 min 50 s, an EMA cross that trades on them, BTCUSDT at Binance's scales. */
    private static final String CONFIG = """
            runtime: {idle: balanced, sequencing: event-time}
            instruments:
              - {symbol: BTCUSDT, base: BTC, quote: USDT, priceDecimals: 2, sizeDecimals: 5, maxQuantity: 9000}
            assets: {BTC: 8, USDT: 8}
            market-data:
              maxClockSkewMs: 5000
              maxJumpBps: 1000
            signal-generator:
              timeframe: 10s
              strategies:
                - {id: ema-cross, type: ema-cross, instruments: [BTCUSDT], fast: 2, slow: 3}
            decision-engine:
              strategies:
                - {id: ema-cross, capital: 10000, orderFraction: 0.5, stopLossBps: 0}
            order-router:
              venue: paper
              paper: {takerFeeBps: 10, slippageBps: 5, balances: {USDT: 10000, BTC: 0}}
            """;

    @TempDir
    Path dir;

    @Test
    void noComponentStopsAndTheBarsEqualThoseOfTheCleanCapture() throws Exception {
        AquatradeConfig config = AquatradeConfig.parse(dir.resolve("aquatrade.yaml"), CONFIG);
        Map<Reason, Long> cleanRejected = new EnumMap<>(Reason.class);
        Map<Reason, Long> hostileRejected = new EnumMap<>(Reason.class);
        Collected clean = run(config, dir.resolve("clean"), HostileCapture.clean(), cleanRejected);
        Collected hostile = run(config, dir.resolve("hostile"), HostileCapture.hostile(), hostileRejected);

        assertThat(cleanRejected).isEmpty();
        assertThat(hostileRejected).isEqualTo(expectedRejections());
        assertThat(hostileRejected.values().stream().mapToLong(n -> n).sum()).isEqualTo(51);

        assertThat(clean.bars).hasSizeGreaterThanOrEqualTo(15);
        assertThat(hostile.bars).isEqualTo(clean.bars);
        assertThat(clean.trades).hasSize(3178);
        assertThat(hostile.trades).isEqualTo(clean.trades);
        assertThat(hostile.quotes).isEqualTo(clean.quotes);
        assertThat(clean.signals).isNotEmpty();
        assertThat(hostile.signals).isEqualTo(clean.signals);
        assertThat(hostile.orders).isEqualTo(clean.orders);
        assertThat(hostile.fills).isEqualTo(clean.fills);
    }

    /**
     * The rejections the hostile file must give, by kind: its inserted lines found by reading it beside the clean
     * slice (the lines the clean slice does not have, in order), each with the kind hand-worked for it in
     * {@link HostileCapture#HOSTILE} (documented in {@code data/hostile/README.md}).
     */
    private static Map<Reason, Long> expectedRejections() {
        List<String> hostile = HostileCapture.lines(HostileCapture.hostile());
        List<String> clean = HostileCapture.lines(HostileCapture.clean());
        List<Integer> inserted = new ArrayList<>();
        int c = 0;
        for (int h = 0; h < hostile.size(); h++) {
            if (c < clean.size() && hostile.get(h).equals(clean.get(c))) {
                c++;
            } else {
                inserted.add(h + 1);
            }
        }
        assertThat(c).as("every clean line is in the hostile file, in order").isEqualTo(clean.size());
        assertThat(inserted).as("the inserted lines are those listed")
                .isEqualTo(HostileCapture.HOSTILE.stream().map(HostileCapture.Hostile::line).toList());
        Map<Reason, Long> expected = new EnumMap<>(Reason.class);
        for (HostileCapture.Hostile line : HostileCapture.HOSTILE) {
            expected.merge(Reason.valueOf(line.reason()), 1L, Long::sum);
        }
        return expected;
    }

    /** Runs the four components on the capture; puts the market-data replay's non-zero rejections by kind. */
    private static Collected run(AquatradeConfig config, Path queues, Path capture, Map<Reason, Long> rejected)
            throws Exception {
        List<ReplayFile> files = List.of(new ReplayFile(capture, ReplayFormat.BINANCE_CAPTURE, "BTCUSDT"));
        try (Pipeline p = new Pipeline(queues, config, files).start(Pipeline.COMPONENTS)) {
            p.awaitDrained(DRAIN_TIMEOUT_MS);
            assertThat(p.failures()).as("components that stopped").isEmpty();
            assertThat(p.allRunning()).isTrue();
            for (Reason r : Reason.values()) {
                long n = p.replay().rejectedCount(r);
                if (n > 0) {
                    rejected.put(r, n);
                }
            }
            assertThat(p.replay().malformedCount()).isEqualTo(rejected.values().stream().mapToLong(n -> n).sum());
            return p.collect();
        }
    }
}
