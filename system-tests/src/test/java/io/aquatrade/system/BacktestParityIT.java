package io.aquatrade.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.aquatrade.backtest.Backtest;
import io.aquatrade.backtest.BacktestReport;
import io.aquatrade.backtest.MarketHistory;
import io.aquatrade.backtest.PriceSeries;
import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.DenyReason;
import io.aquatrade.common.Direction;
import io.aquatrade.common.LiquiditySide;
import io.aquatrade.common.OrderType;
import io.aquatrade.common.Signal;
import io.aquatrade.common.SubmitOrder;
import io.aquatrade.common.TimeInForce;
import io.aquatrade.common.Bar;
import io.aquatrade.common.testing.SampleData;
import io.aquatrade.decision.DecisionEngine;
import io.aquatrade.marketdata.replay.ReplayFile;
import io.aquatrade.marketdata.replay.ReplayFormat;
import io.aquatrade.signal.SignalConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The single-process backtest against the real thing: the four agents on Chronicle queues in a temp dir, each on
 * its own thread with the sequencers, watermarks and restart machinery of the processes, replaying the same files.
 * The orders and fills must be identical, field by field and in order, and the bars the backtest saw must be the
 * bars the signal generator published.
 */
class BacktestParityIT {
    private static final long DRAIN_TIMEOUT_MS = 120_000;

    @TempDir
    Path dir;

    /** The repository's XRP/ETH trades with the shipped config. */
    @Test
    void sampleWithTheShippedConfig() throws Exception {
        AquatradeConfig config = AquatradeConfig.load(SampleData.projectRoot().resolve("config/aquatrade.yaml"));
        List<ReplayFile> files = List.of(new ReplayFile(SampleData.file("XRP_ETH-trades.json.gz"),
                ReplayFormat.FREQTRADE_TRADES, "XRPETH"));
        Collected pipeline = pipeline(config, files);
        BacktestReport backtest = backtest(config, files);

        assertThat(pipeline.fills).hasSizeGreaterThan(10);
        assertSame(config, pipeline, backtest);
    }

    /**
     * The same trades on 1-second bars with two strategies on one instrument, one a hair-trigger with a 20 bps
     * stop: over a hundred orders, many of them stop-losses decided on ticks between the bars.
     */
    @Test
    void sampleOnOneSecondBarsTwoStrategies() throws Exception {
        AquatradeConfig config = AquatradeConfig.parse(Path.of("sample-1s.yaml"), """
                instruments:
                  - {symbol: XRPETH, base: XRP, quote: ETH, priceDecimals: 8, sizeDecimals: 0}
                assets: {XRP: 8, ETH: 8}
                signal-generator:
                  timeframe: 1s
                  strategies:
                    - {id: fast, type: vwap-momentum, instruments: [XRPETH], bars: 1, vwap: bar}
                    - {id: steady, type: vwap-momentum, instruments: [XRPETH], bars: 2}
                decision-engine:
                  strategies:
                    - {id: fast, capital: 1.0, orderFraction: 0.5, stopLossBps: 20}
                    - {id: steady, capital: 1.0, orderFraction: 0.9, stopLossBps: 0}
                order-router:
                  venue: paper
                  paper: {takerFeeBps: 10, slippageBps: 5, balances: {ETH: 2.0, XRP: 0}}
                """);
        List<ReplayFile> files = List.of(new ReplayFile(SampleData.file("XRP_ETH-trades.json.gz"),
                ReplayFormat.FREQTRADE_TRADES, "XRPETH"));
        Collected pipeline = pipeline(config, files);
        BacktestReport backtest = backtest(config, files);

        assertThat(pipeline.fills).hasSizeGreaterThan(100);
        assertSame(config, pipeline, backtest);
    }

    /**
     * Exits that rest at the venue, on the same 1-second bars: a protective stop at the venue (market and limit)
     * replaced new-before-cancel as positions change, a take-profit ladder of resting limits, and limit exits (an
     * EMA cross's FLAT) re-priced every 2 s until filled or sent at market after 10 s. The four processes
     * and the backtest give the same orders (stops and take-profits included), cancels and fills: the decision engine
     * bounds the router's next execution by the earliest request not yet answered and by how far the router has read
     * market data, so neither waits for the other while orders rest.
     */
    @Test
    void sampleOnOneSecondBarsWithRestingStopsAndATakeProfitLadder() throws Exception {
        AquatradeConfig config = AquatradeConfig.parse(Path.of("sample-exits.yaml"), """
                instruments:
                  - {symbol: XRPETH, base: XRP, quote: ETH, priceDecimals: 8, sizeDecimals: 0}
                assets: {XRP: 8, ETH: 8}
                signal-generator:
                  timeframe: 1s
                  strategies:
                    - {id: fast, type: vwap-momentum, instruments: [XRPETH], bars: 1, vwap: bar}
                    - {id: steady, type: vwap-momentum, instruments: [XRPETH], bars: 2}
                    - {id: exits, type: ema-cross, instruments: [XRPETH], fast: 3, slow: 8}
                decision-engine:
                  strategies:
                    - {id: fast, capital: 1.0, orderFraction: 0.5, stopLossBps: 20, stopOrder: market,
                       takeProfit: [{r: 1, fraction: 0.5}, {r: 2, fraction: 0.5}]}
                    - {id: exits, capital: 0.5, orderFraction: 0.5, stopLossBps: 0,
                       exitOrder: {type: limit, repriceMs: 2000, deadlineMs: 10000}}
                    - {id: steady, capital: 1.0, orderFraction: 0.9, stopLossBps: 30, stopOrder: limit}
                order-router:
                  venue: paper
                  paper: {takerFeeBps: 10, makerFeeBps: 2, slippageBps: 5, balances: {ETH: 2.0, XRP: 0}}
                """);
        List<ReplayFile> files = List.of(new ReplayFile(SampleData.file("XRP_ETH-trades.json.gz"),
                ReplayFormat.FREQTRADE_TRADES, "XRPETH"));
        Collected pipeline = pipeline(config, files);
        BacktestReport backtest = backtest(config, files);

        assertThat(pipeline.orders).extracting(o -> o.orderType()).contains(OrderType.STOP_MARKET,
                OrderType.STOP_LIMIT, OrderType.LIMIT);
        assertThat(pipeline.orders).extracting(o -> o.reason()).contains(DecisionEngine.REASON_PROTECTIVE_STOP,
                DecisionEngine.REASON_TAKE_PROFIT);
        // limit exits re-priced (cancelled, then placed again) and some sent at market at their deadline
        assertThat(pipeline.orders).filteredOn(o -> o.strategyId().equals("exits") && o.orderType() == OrderType.LIMIT)
                .isNotEmpty();
        assertThat(pipeline.cancels).extracting(c -> c.reason()).contains(DecisionEngine.REASON_LIMIT_EXIT,
                DecisionEngine.REASON_PROTECTIVE_STOP, DecisionEngine.REASON_TAKE_PROFIT);
        assertThat(pipeline.canceled).isNotEmpty();
        assertThat(pipeline.fills).hasSizeGreaterThan(20);
        assertSame(config, pipeline, backtest);
    }

    /**
     * Every exit that rests at the venue, on real Binance trades and best bid/ask of two instruments (1-second bars):
     * stops at the venue (market and limit), a take-profit ladder, and limit exits resting at the best bid. The four processes and the backtest give the same orders,
     * cancels, venue cancellations and fills.
     */
    @Test
    void binanceCaptureWithEveryRestingExit() throws Exception {
        AquatradeConfig config = AquatradeConfig.parse(Path.of("capture-exits.yaml"), """
                instruments:
                  - {symbol: BTCUSDT, base: BTC, quote: USDT, priceDecimals: 8, sizeDecimals: 8}
                  - {symbol: ETHUSDT, base: ETH, quote: USDT, priceDecimals: 8, sizeDecimals: 8}
                assets: {BTC: 8, ETH: 8, USDT: 8}
                signal-generator:
                  timeframe: 1s
                  strategies:
                    - {id: fast, type: ema-cross, instruments: [BTCUSDT, ETHUSDT], fast: 3, slow: 8}
                    - {id: slow, type: vwap-momentum, instruments: [BTCUSDT, ETHUSDT], bars: 1}
                decision-engine:
                  strategies:
                    - {id: fast, capital: 1000, orderFraction: 0.5, stopLossBps: 10, stopOrder: limit,
                       exitOrder: {type: limit, repriceMs: 2000, deadlineMs: 10000}}
                    - {id: slow, capital: 1000, orderFraction: 0.3, stopLossBps: 5, stopOrder: market,
                       takeProfit: [{r: 1, fraction: 0.5}, {r: 2, fraction: 0.5}]}
                order-router:
                  venue: paper
                  paper: {takerFeeBps: 10, makerFeeBps: 2, slippageBps: 5, balances: {USDT: 4000, BTC: 0, ETH: 0}}
                """);
        Path resources = SampleData.projectRoot().resolve("backtest/src/test/resources/replay");
        List<ReplayFile> files = List.of(
                new ReplayFile(resources.resolve("btcusdt_20240808-head4000.gz"), ReplayFormat.BINANCE_CAPTURE, null),
                new ReplayFile(resources.resolve("ethusdt_20240808-head4000.gz"), ReplayFormat.BINANCE_CAPTURE, null));
        Collected pipeline = pipeline(config, files);
        BacktestReport backtest = backtest(config, files);

        assertThat(pipeline.orders).extracting(o -> o.reason()).contains(DecisionEngine.REASON_PROTECTIVE_STOP,
                DecisionEngine.REASON_TAKE_PROFIT);
        assertThat(pipeline.orders).extracting(o -> o.orderType()).contains(OrderType.STOP_MARKET,
                OrderType.STOP_LIMIT, OrderType.LIMIT);
        // limit exits of the fast strategy resting at the best bid
        assertThat(pipeline.orders).filteredOn(o -> o.strategyId().equals("fast") && o.orderType() == OrderType.LIMIT
                && o.reason().equals(DecisionEngine.REASON_SIGNAL)).isNotEmpty();
        assertThat(pipeline.canceled).isNotEmpty();
        assertSame(config, pipeline, backtest);
    }

    /**
     * Resting entries ({@code entryOrder: {type: limit}}) on real Binance trades and best bid/ask of two instruments
     * (1-second bars): one strategy joins the best bid with a 30-second timeout, one rests 1 bp inside it, post-only,
     * with a 10-second timeout, a stop at the venue and a take-profit ladder. Entries fill as maker when trades print
     * through them; their timeouts and exit signals cancel them. The four
     * processes and the backtest give the same orders, cancels, venue cancellations and fills.
     */
    @Test
    void binanceCaptureWithRestingEntries() throws Exception {
        AquatradeConfig config = AquatradeConfig.parse(Path.of("capture-entries.yaml"), """
                instruments:
                  - {symbol: BTCUSDT, base: BTC, quote: USDT, priceDecimals: 8, sizeDecimals: 8}
                  - {symbol: ETHUSDT, base: ETH, quote: USDT, priceDecimals: 8, sizeDecimals: 8}
                assets: {BTC: 8, ETH: 8, USDT: 8}
                signal-generator:
                  timeframe: 1s
                  strategies:
                    - {id: join, type: ema-cross, instruments: [BTCUSDT, ETHUSDT], fast: 3, slow: 8}
                    - {id: inside, type: vwap-momentum, instruments: [BTCUSDT, ETHUSDT], bars: 1}
                decision-engine:
                  strategies:
                    - {id: join, capital: 1000, orderFraction: 0.5, stopLossBps: 10,
                       entryOrder: {type: limit, offsetBps: 0, timeoutMs: 30000}}
                    - {id: inside, capital: 1000, orderFraction: 0.3, stopLossBps: 5, stopOrder: market,
                       takeProfit: [{r: 1, fraction: 0.5}, {r: 2, fraction: 0.5}],
                       entryOrder: {type: limit, offsetBps: 1, timeoutMs: 10000, postOnly: true}}
                order-router:
                  venue: paper
                  paper: {takerFeeBps: 10, makerFeeBps: 2, slippageBps: 5, balances: {USDT: 4000, BTC: 0, ETH: 0}}
                """);
        Path resources = SampleData.projectRoot().resolve("backtest/src/test/resources/replay");
        List<ReplayFile> files = List.of(
                new ReplayFile(resources.resolve("btcusdt_20240808-head4000.gz"), ReplayFormat.BINANCE_CAPTURE, null),
                new ReplayFile(resources.resolve("ethusdt_20240808-head4000.gz"), ReplayFormat.BINANCE_CAPTURE, null));
        Collected pipeline = pipeline(config, files);
        BacktestReport backtest = backtest(config, files);

        List<SubmitOrder> entries = pipeline.orders.stream().filter(o -> o.orderType() == OrderType.LIMIT
                && o.timeInForce() == TimeInForce.GTC && !o.reduceOnly()).toList();
        assertThat(entries).extracting(SubmitOrder::strategyId).contains("join", "inside");
        java.util.Set<String> entryIds = new java.util.HashSet<>(entries.stream().map(SubmitOrder::clientOrderId)
                .toList());
        assertThat(pipeline.fills).filteredOn(f -> entryIds.contains(f.clientOrderId()))
                .as("maker fills of resting entries").isNotEmpty()
                .allSatisfy(f -> assertThat(f.liquiditySide()).isEqualTo(LiquiditySide.MAKER));
        assertThat(pipeline.cancels).extracting(c -> c.reason()).contains(DecisionEngine.REASON_RESTING_ENTRY,
                DecisionEngine.REASON_SIGNAL);
        assertThat(pipeline.canceled).filteredOn(c -> entryIds.contains(c.clientOrderId())).isNotEmpty();
        assertSame(config, pipeline, backtest);
    }

    /**
     * Two strategies on two instruments of one quote asset at once, with a stop-loss, on real Binance trades and
     * best bid/ask (so fills are at the quoted side and sizing uses the ask): signals of both strategies close on
     * the same bar (1-second bars), so this also checks that every signal at one time is decided on before the executions of that
     * time come back, as the decision engine's sequencer orders them.
     */
    @Test
    void binanceCaptureWithQuotesTwoStrategiesTwoInstruments() throws Exception {
        AquatradeConfig config = AquatradeConfig.parse(Path.of("capture.yaml"), """
                instruments:
                  - {symbol: BTCUSDT, base: BTC, quote: USDT, priceDecimals: 8, sizeDecimals: 8}
                  - {symbol: ETHUSDT, base: ETH, quote: USDT, priceDecimals: 8, sizeDecimals: 8}
                assets: {BTC: 8, ETH: 8, USDT: 8}
                signal-generator:
                  timeframe: 1s
                  strategies:
                    - {id: fast, type: vwap-momentum, instruments: [BTCUSDT, ETHUSDT], bars: 1, vwap: bar}
                    - {id: slow, type: vwap-momentum, instruments: [BTCUSDT, ETHUSDT], bars: 1}
                decision-engine:
                  strategies:
                    - {id: fast, capital: 1000, orderFraction: 0.5, stopLossBps: 1}
                    - {id: slow, capital: 1000, orderFraction: 0.3, stopLossBps: 0}
                order-router:
                  venue: paper
                  paper: {takerFeeBps: 10, slippageBps: 5, balances: {USDT: 4000, BTC: 0, ETH: 0}}
                """);
        Path resources = SampleData.projectRoot().resolve("backtest/src/test/resources/replay");
        List<ReplayFile> files = List.of(
                new ReplayFile(resources.resolve("btcusdt_20240808-head4000.gz"), ReplayFormat.BINANCE_CAPTURE, null),
                new ReplayFile(resources.resolve("ethusdt_20240808-head4000.gz"), ReplayFormat.BINANCE_CAPTURE, null));
        Collected pipeline = pipeline(config, files);
        BacktestReport backtest = backtest(config, files);

        assertThat(pipeline.quotes).hasSizeGreaterThan(5000);
        assertThat(pipeline.fills).hasSizeGreaterThan(10);
        assertThat(pipeline.orders).extracting(o -> o.strategyId()).contains("fast", "slow");
        assertThat(pipeline.orders).extracting(o -> o.instrument()).contains("BTCUSDT", "ETHUSDT");
        assertSame(config, pipeline, backtest);
    }

    /**
     * Entry filters on the same 1-second bars (chop, then the EMA trend): the signal generator publishes every entry
     * a filter blocked, marked with the filter's type, and the decision engine answers each with exactly one
     * {@code OrderDenied} {@code FILTER} naming it and sends no order for a blocked entry (a blocked reversal, FLAT,
     * still exits). The four processes and the backtest agree, signal counts included.
     */
    @Test
    void sampleOnOneSecondBarsWithEntryFilters() throws Exception {
        AquatradeConfig config = AquatradeConfig.parse(Path.of("sample-filters.yaml"), """
                instruments:
                  - {symbol: XRPETH, base: XRP, quote: ETH, priceDecimals: 8, sizeDecimals: 0}
                assets: {XRP: 8, ETH: 8}
                signal-generator:
                  timeframe: 1s
                  strategies:
                    - {id: gated, type: ma-cross, instruments: [XRPETH], period: 9, breakoutBars: 5,
                       filters: [{type: chop, bars: 20, maxCrosses: 4}, {type: ema-trend}]}
                decision-engine:
                  strategies:
                    - {id: gated, capital: 1.0, orderFraction: 0.5, stopLossBps: 50, allowShort: true}
                order-router:
                  venue: paper
                  paper: {takerFeeBps: 10, slippageBps: 5, allowShort: true, maxShortNotional: 1.0,
                          balances: {ETH: 1.0, XRP: 0}}
                """);
        List<ReplayFile> files = List.of(new ReplayFile(SampleData.file("XRP_ETH-trades.json.gz"),
                ReplayFormat.FREQTRADE_TRADES, "XRPETH"));
        Collected pipeline = pipeline(config, files);
        BacktestReport backtest = backtest(config, files);
        assertSame(config, pipeline, backtest);

        List<Signal> blocked = pipeline.signals.stream().filter(Signal::blocked).toList();
        assertThat(blocked).extracting(Signal::blockedBy).contains("chop", "ema-trend");
        assertThat(blocked).extracting(Signal::direction).contains(Direction.LONG, Direction.SHORT);
        assertThat(pipeline.signals.stream().filter(s -> !s.blocked() && s.direction() != Direction.FLAT))
                .as("entries no filter blocked").isNotEmpty();
        for (Signal s : blocked) {
            assertThat(pipeline.denials).filteredOn(d -> d.signalId() == s.signalId())
                    .as("denials of blocked signal %s", s).singleElement().satisfies(d -> {
                        assertThat(d.reasonCode()).isEqualTo(DenyReason.FILTER);
                        assertThat(d.strategyId()).isEqualTo("gated");
                        assertThat(d.instrument()).isEqualTo("XRPETH");
                        assertThat(d.eventTimeNs()).isEqualTo(s.eventTimeNs());
                        assertThat(d.reason()).contains("filter " + s.blockedBy());
                    });
            if (s.direction() != Direction.FLAT) {
                assertThat(pipeline.orders).as("orders of blocked entry %s", s)
                        .noneMatch(o -> o.signalId() == s.signalId());
            }
        }
        assertThat(pipeline.denials).filteredOn(d -> d.reasonCode() == DenyReason.FILTER).hasSameSizeAs(blocked);
        assertThat(backtest.denials().get(DenyReason.FILTER)).isEqualTo(blocked.size());
    }

    private static void assertSame(AquatradeConfig config, Collected pipeline, BacktestReport backtest) {
        long timeframeMs = SignalConfig.from(config, null).timeframeMs();
        assertThat(backtest.orders()).as("orders").isEqualTo(pipeline.orders);
        assertThat(backtest.fills()).as("fills").isEqualTo(pipeline.fills);
        assertThat(backtest.cancels()).as("cancels").isEqualTo(pipeline.cancels);
        assertThat(backtest.canceled()).as("cancelled by the venue").isEqualTo(pipeline.canceled);
        assertThat(backtest.signalCount()).as("signals").isEqualTo(pipeline.signals.size());
        List<String> barsSeen = new ArrayList<>();
        for (PriceSeries s : backtest.prices()) {
            for (int i = 0; i < s.size(); i++) {
                barsSeen.add(s.instrument().symbol() + "@" + s.closeTimeNs(i) + "=" + s.close(i));
            }
        }
        List<String> published = new ArrayList<>();
        for (PriceSeries s : backtest.prices()) {
            for (Bar b : pipeline.bars) {
                if (b.instrument().equals(s.instrument().symbol()) && b.timeframeMs() == timeframeMs) {
                    published.add(b.instrument() + "@" + b.eventTimeNs() + "=" + b.close());
                }
            }
        }
        assertThat(barsSeen).as("bars").isEqualTo(published);
    }

    private Collected pipeline(AquatradeConfig config, List<ReplayFile> files) throws Exception {
        try (Pipeline p = new Pipeline(dir.resolve("queues"), config, files).start(Pipeline.COMPONENTS)) {
            p.awaitDrained(DRAIN_TIMEOUT_MS);
            return p.collect();
        }
    }

    private static BacktestReport backtest(AquatradeConfig config, List<ReplayFile> files) {
        List<MarketHistory.Input> inputs = new ArrayList<>();
        for (ReplayFile f : files) {
            inputs.add(new MarketHistory.Input(f.path(), f.format().configName(), f.symbol()));
        }
        return Backtest.run(config, MarketHistory.load(config, inputs), Long.MIN_VALUE, Long.MAX_VALUE);
    }
}
