package io.aquatrade.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.testing.HostileCapture;
import io.aquatrade.marketdata.replay.ReplayFile;
import io.aquatrade.marketdata.replay.ReplayFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile capture ({@link HostileCapture}: a real BTCUSDT slice with 51 bad lines inserted) and the clean slice,
 * each replayed through the four components on real queues: no component stops, and every topic, the complete bars
 * of the {@code bars} topic first, is the same in both runs.
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
        Collected clean = run(config, dir.resolve("clean"), HostileCapture.clean());
        Collected hostile = run(config, dir.resolve("hostile"), HostileCapture.hostile());

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

    private static Collected run(AquatradeConfig config, Path queues, Path capture) throws Exception {
        List<ReplayFile> files = List.of(new ReplayFile(capture, ReplayFormat.BINANCE_CAPTURE, "BTCUSDT"));
        try (Pipeline p = new Pipeline(queues, config, files).start(Pipeline.COMPONENTS)) {
            p.awaitDrained(DRAIN_TIMEOUT_MS);
            assertThat(p.failures()).as("components that stopped").isEmpty();
            assertThat(p.allRunning()).isTrue();
            return p.collect();
        }
    }
}
