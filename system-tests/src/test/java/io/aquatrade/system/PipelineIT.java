package io.aquatrade.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.BalanceUpdate;
import io.aquatrade.common.Bar;
import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.OrderRejected;
import io.aquatrade.common.PositionUpdate;
import io.aquatrade.common.Side;
import io.aquatrade.common.Signal;
import io.aquatrade.common.SubmitOrder;
import io.aquatrade.common.testing.SampleData;
import io.aquatrade.marketdata.replay.ReplayFile;
import io.aquatrade.marketdata.replay.ReplayFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The four components together on real queues in a temp dir, over the real XRP/ETH trades, with the shipped
 * config: what comes out must be consistent end to end, and the same whatever the order the components start in.
 */
class PipelineIT {
    private static final long DRAIN_TIMEOUT_MS = 120_000;
    private static final List<ReplayFile> SAMPLE = List.of(new ReplayFile(SampleData.file("XRP_ETH-trades.json.gz"),
            ReplayFormat.FREQTRADE_TRADES, "XRPETH"));

    private static AquatradeConfig config;
    private static Collected run;

    @TempDir
    static Path dir;

    @BeforeAll
    static void replayTheSampleThroughAllFour() throws Exception {
        config = AquatradeConfig.load(SampleData.projectRoot().resolve("config/aquatrade.yaml"));
        run = runPipeline(dir.resolve("first"), Pipeline.COMPONENTS);
    }

    private static Collected runPipeline(Path queues, List<String> startOrder) throws Exception {
        try (Pipeline p = new Pipeline(queues, config, SAMPLE).start(startOrder)) {
            p.awaitDrained(DRAIN_TIMEOUT_MS);
            return p.collect();
        }
    }

    @Test
    void everyTickIsPublishedAndEveryBarEqualsBinancesOwnCandle() {
        assertThat(run.trades).hasSize(12_477);
        Map<Long, String[]> candles = new HashMap<>();
        for (String[] k : SampleData.klines("XRP_ETH-5m.json")) {
            candles.put(Long.parseLong(k[0]) * 1_000_000L, k);
        }
        // 712 5m candles from the first trade's to the last's, 6 of them flat (volume 0: flat bars, emptyBars: flat);
        // the last (11:15) is still open when the recording ends at 11:19:28.
        assertThat(run.bars).hasSize(711);
        assertThat(run.bars.stream().filter(b -> b.volume() == 0)).hasSize(6);
        for (Bar b : run.bars) {
            String[] k = candles.get(b.openTimeNs());
            assertThat(k).as("a Binance candle opens at %d", b.openTimeNs()).isNotNull();
            assertThat(b.open()).isEqualTo(FixedPoint.parse(k[1], 8));
            assertThat(b.high()).isEqualTo(FixedPoint.parse(k[2], 8));
            assertThat(b.low()).isEqualTo(FixedPoint.parse(k[3], 8));
            assertThat(b.close()).isEqualTo(FixedPoint.parse(k[4], 8));
            assertThat(b.volume()).isEqualTo(FixedPoint.fromBigDecimal(new java.math.BigDecimal(k[5]), 0));
            assertThat(b.eventTimeNs()).isEqualTo(b.openTimeNs() + 300_000_000_000L);
        }
    }

    @Test
    void signalsAreDecidedOnPublishedBars() {
        assertThat(run.signals).isNotEmpty();
        Map<Long, Bar> barByOpen = run.bars.stream().collect(Collectors.toMap(Bar::openTimeNs, b -> b));
        for (Signal s : run.signals) {
            Bar bar = barByOpen.get(s.barOpenTimeNs());
            assertThat(bar).as("signal %d's bar", s.signalId()).isNotNull();
            assertThat(s.price()).isEqualTo(bar.close());
            assertThat(s.eventTimeNs()).isEqualTo(bar.eventTimeNs());
            assertThat(s.strategyId()).isEqualTo("vwap-momentum");
        }
    }

    @Test
    void everyOrderHasOneOutcomeAndEveryFillMatchesItsOrder() {
        assertThat(run.orders).isNotEmpty();
        assertThat(run.fills).isNotEmpty();
        Map<Long, Signal> signals = run.signals.stream().collect(Collectors.toMap(Signal::signalId, s -> s));
        Map<String, SubmitOrder> orders = new HashMap<>();
        for (SubmitOrder o : run.orders) {
            assertThat(orders.put(o.clientOrderId(), o)).as("client order id %s is unique", o.clientOrderId())
                    .isNull();
            if (o.signalId() != 0) {
                Signal cause = signals.get(o.signalId());
                assertThat(cause).as("order %s's signal", o.clientOrderId()).isNotNull();
                assertThat(o.eventTimeNs()).isEqualTo(cause.eventTimeNs());
                assertThat(o.side()).isEqualTo(Side.BUY);
            } else {
                assertThat(o.reason()).isEqualTo("stop-loss");
                assertThat(o.side()).isEqualTo(Side.SELL);
            }
        }
        Map<String, Long> filledQty = new HashMap<>();
        Set<String> completed = new HashSet<>();
        for (OrderFilled f : run.fills) {
            SubmitOrder o = orders.get(f.clientOrderId());
            assertThat(o).as("fill %s has an order", f.tradeId()).isNotNull();
            assertThat(f.strategyId()).isEqualTo(o.strategyId());
            assertThat(f.instrument()).isEqualTo(o.instrument());
            assertThat(f.side()).isEqualTo(o.side());
            assertThat(f.eventTimeNs()).isEqualTo(o.eventTimeNs());
            filledQty.merge(f.clientOrderId(), f.fillQuantity(), Long::sum);
            if (f.last()) {
                assertThat(completed.add(f.clientOrderId())).as("%s completes once", f.clientOrderId()).isTrue();
                assertThat(filledQty.get(f.clientOrderId())).isEqualTo(o.quantity());
            }
        }
        Set<String> rejected = run.rejected.stream().map(OrderRejected::clientOrderId).collect(Collectors.toSet());
        for (String id : orders.keySet()) {
            assertThat(completed.contains(id) ^ rejected.contains(id)).as("order %s has exactly one outcome", id)
                    .isTrue();
        }
        assertThat(run.accepted).hasSize(completed.size());
    }

    @Test
    void balancesChangeByExactlyFillsAndFees() {
        Instrument xrpEth = config.instrument("XRPETH");
        Map<String, Long> expected = new HashMap<>();
        List<BalanceUpdate> nonInitial = new ArrayList<>();
        for (BalanceUpdate b : run.balances) {
            if ("initial".equals(b.cause())) {
                expected.put(b.asset(), b.total());
            } else {
                nonInitial.add(b);
            }
        }
        assertThat(expected).containsOnlyKeys("ETH", "XRP");
        assertThat(FixedPoint.format(expected.get("ETH"), 8)).isEqualTo("1.00000000");
        Map<String, Long> bookedByFills = new HashMap<>();
        for (OrderFilled f : run.fills) {
            long base = FixedPoint.rescale(f.fillQuantity(), xrpEth.sizeDecimals(), config.assetDecimals("XRP"),
                    java.math.RoundingMode.UNNECESSARY);
            long quote = f.side() == Side.BUY ? -f.quoteQuantity() : f.quoteQuantity();
            bookedByFills.merge("XRP", f.side() == Side.BUY ? base : -base, Long::sum);
            bookedByFills.merge("ETH", quote, Long::sum);
            assertThat(f.feeAsset()).isEqualTo("ETH");
            bookedByFills.merge(f.feeAsset(), -f.fee(), Long::sum);
        }
        Map<String, Long> running = new HashMap<>(expected);
        Map<String, Long> changes = new HashMap<>();
        for (BalanceUpdate b : nonInitial) {
            long now = running.merge(b.asset(), b.change(), Long::sum);
            assertThat(b.total()).as("balance %s after %s", b.asset(), b.cause()).isEqualTo(now);
            assertThat(b.total()).as("never negative").isGreaterThanOrEqualTo(0);
            changes.merge(b.asset(), b.change(), Long::sum);
        }
        assertThat(changes).isEqualTo(bookedByFills);
        long fees = run.fills.stream().mapToLong(OrderFilled::fee).sum();
        assertThat(fees).isPositive();

        PositionUpdate last = run.positions.get(run.positions.size() - 1);
        long netQty = run.fills.stream().mapToLong(f -> f.side() == Side.BUY ? f.fillQuantity() : -f.fillQuantity())
                .sum();
        assertThat(last.quantity()).isEqualTo(netQty);
        assertThat(FixedPoint.rescale(running.get("XRP"), config.assetDecimals("XRP"), xrpEth.sizeDecimals(),
                java.math.RoundingMode.UNNECESSARY)).isEqualTo(netQty);
    }

    @Test
    void theSameReplayGivesTheSameOrdersAndFillsWhateverTheStartOrder() throws Exception {
        List<String> reversed = new ArrayList<>(Pipeline.COMPONENTS);
        java.util.Collections.reverse(reversed);
        Collected again = runPipeline(dir.resolve("again"), List.of("market-data", "order-router",
                "signal-generator", "decision-engine"));
        Collected third = runPipeline(dir.resolve("third"), reversed);
        for (Collected other : List.of(again, third)) {
            assertThat(strings(other.bars)).isEqualTo(strings(run.bars));
            assertThat(strings(other.signals)).isEqualTo(strings(run.signals));
            assertThat(strings(other.orders)).isEqualTo(strings(run.orders));
            assertThat(strings(other.executions)).isEqualTo(strings(run.executions));
        }
    }

    private static List<String> strings(List<?> messages) {
        return messages.stream().map(Object::toString).collect(Collectors.toList());
    }
}
