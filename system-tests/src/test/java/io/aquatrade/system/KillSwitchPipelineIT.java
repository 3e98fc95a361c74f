package io.aquatrade.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.ControlListener;
import io.aquatrade.common.DenyReason;
import io.aquatrade.common.Direction;
import io.aquatrade.common.ExecutionListener;
import io.aquatrade.common.KillSwitch;
import io.aquatrade.common.OrderDenied;
import io.aquatrade.common.OrderListener;
import io.aquatrade.common.PositionUpdate;
import io.aquatrade.common.QueueRoot;
import io.aquatrade.common.Side;
import io.aquatrade.common.Signal;
import io.aquatrade.common.SubmitOrder;
import io.aquatrade.common.Topic;
import io.aquatrade.common.TopicReader;
import io.aquatrade.common.testing.SampleData;
import io.aquatrade.decision.DecisionEngine;
import io.aquatrade.marketdata.replay.ReplayFile;
import io.aquatrade.marketdata.replay.ReplayFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kill switch through the four components on real queues, over the sample's real XRP/ETH trades with the shipped
 * config, the replay paced by a clock this test advances by hand (so the switch lands where the test puts it): the
 * replay runs until the strategy holds a position; {@code kill-switch on --flatten} (a {@link KillSwitch} on the
 * {@code control} topic, as the command writes it) closes it at market and no entry follows, every entry signal being
 * denied {@code KILL_SWITCH}; {@code kill-switch off} lets trading resume.
 */
class KillSwitchPipelineIT {
    private static final long TIMEOUT_MS = 120_000;
    private static final long MINUTE_NS = 60_000_000_000L;
    private static final String ID = "vwap-momentum";
    private static final List<ReplayFile> SAMPLE = List.of(new ReplayFile(SampleData.file("XRP_ETH-trades.json.gz"),
            ReplayFormat.FREQTRADE_TRADES, "XRPETH"));

    @TempDir
    Path dir;

    @Test
    void onWithFlattenClosesThePositionNothingNewFollowsAndOffLetsTradingResume() throws Exception {
        AquatradeConfig config = AquatradeConfig.load(SampleData.projectRoot().resolve("config/aquatrade.yaml"));
        long firstNs = SampleData.xrpEthTrades().get(0).eventTimeNs();
        long clockStartNs = 1_700_000_000_000_000_000L;
        AtomicLong now = new AtomicLong(clockStartNs);
        try (Pipeline p = new Pipeline(dir, config, SAMPLE).paced(now::get, 1).start(Pipeline.COMPONENTS);
             QueueRoot root = new QueueRoot(dir)) {
            ControlListener control = root.writer(Topic.CONTROL);

            // the replay's pacing starts at its first tick: wait for it before moving the clock
            await(p, () -> {
                Collected c = new Collected();
                try (TopicReader<io.aquatrade.common.MarketDataListener> r = root.reader(Topic.MARKET_DATA, null)) {
                    r.poll(c);
                }
                return !c.trades.isEmpty();
            }, "the replay's first tick");

            // 1. replay 10 minutes at a time until the strategy holds a position
            long pacedNs = 0;
            long heldBefore;
            do {
                pacedNs += 10 * MINUTE_NS;
                advance(p, root, now, clockStartNs + pacedNs, firstNs + pacedNs);
                heldBefore = lastPosition(root);
            } while (heldBefore == 0);
            assertThat(heldBefore).isPositive();

            // 2. on with flatten: the position is closed at market
            control.killSwitch(new KillSwitch().on(true).flatten(true).reason("test").source("kill-switch@test")
                    .eventTimeNs(System.currentTimeMillis() * 1_000_000L));
            await(p, () -> orders(root).stream().anyMatch(o -> DecisionEngine.REASON_KILL_SWITCH.equals(o.reason())),
                    "the flatten order");
            SubmitOrder flatten = orders(root).stream()
                    .filter(o -> DecisionEngine.REASON_KILL_SWITCH.equals(o.reason())).findFirst().orElseThrow();
            assertThat(flatten.side()).isEqualTo(Side.SELL);
            assertThat(flatten.quantity()).isEqualTo(heldBefore);
            await(p, () -> lastPosition(root) == 0, "the position to be flat");
            long killNs = flatten.eventTimeNs();

            // 3. two more hours while it is on: no order at all, every entry signal denied KILL_SWITCH
            long onUntilNs = firstNs + pacedNs + 120 * MINUTE_NS;
            pacedNs += 120 * MINUTE_NS;
            advance(p, root, now, clockStartNs + pacedNs, onUntilNs);
            assertThat(orders(root)).filteredOn(o -> o.eventTimeNs() > killNs).isEmpty();
            List<OrderDenied> killDenials = denials(root).stream()
                    .filter(d -> d.reasonCode() == DenyReason.KILL_SWITCH).toList();
            assertThat(killDenials).isNotEmpty().allSatisfy(d -> assertThat(d.eventTimeNs()).isGreaterThanOrEqualTo(
                    killNs));
            List<Signal> longs = signals(root).stream().filter(s -> s.direction() == Direction.LONG
                    && s.eventTimeNs() > killNs && s.eventTimeNs() <= onUntilNs - MINUTE_NS).toList();
            assertThat(longs).isNotEmpty();
            assertThat(killDenials).extracting(OrderDenied::signalId)
                    .containsAll(longs.stream().map(Signal::signalId).toList());

            // 4. off: trading resumes, to the end of the replay
            control.killSwitch(new KillSwitch().on(false).flatten(false).reason("test").source("kill-switch@test")
                    .eventTimeNs(System.currentTimeMillis() * 1_000_000L));
            now.set(Long.MAX_VALUE / 2); // to the end of the sample, whatever its span
            p.awaitDrained(TIMEOUT_MS);
            assertThat(orders(root)).filteredOn(o -> o.side() == Side.BUY && o.eventTimeNs() > onUntilNs)
                    .as("entries after the switch is off").isNotEmpty();
            assertThat(denials(root)).filteredOn(d -> d.reasonCode() == DenyReason.KILL_SWITCH)
                    .allSatisfy(d -> assertThat(d.eventTimeNs()).isLessThanOrEqualTo(onUntilNs));
            assertThat(p.failures()).isEmpty();
        }
    }

    /**
     * A resting entry ({@code entryOrder: {type: limit}}) working at the venue when the switch goes on, through the four
     * components: the shipped config's strategy with its entries resting 10 % below the last trade (post-only, a day's
     * timeout: on the sample they never fill), the replay paced 10 minutes at a time until the router has accepted
     * one; {@code kill-switch on} (without flatten) has the engine cancel it (reason {@code kill-switch}) and the
     * venue answers {@code OrderCanceled}; until the next entry signal nothing new is sent, that signal being denied
     * {@code KILL_SWITCH}; {@code kill-switch off} lets entries rest again.
     */
    @Test
    void onCancelsAWorkingRestingEntryAtTheVenueAndOffLetsEntriesRestAgain() throws Exception {
        String shipped = "- {id: vwap-momentum, capital: 1.0, orderFraction: 0.5, stopLossBps: 0}";
        String yaml = java.nio.file.Files.readString(SampleData.projectRoot().resolve("config/aquatrade.yaml"));
        assertThat(yaml).contains(shipped);
        AquatradeConfig config = AquatradeConfig.parse(Path.of("resting.yaml"), yaml.replace(shipped,
                "- {id: vwap-momentum, capital: 1.0, orderFraction: 0.5, stopLossBps: 0, "
                        + "entryOrder: {type: limit, offsetBps: 1000, timeoutMs: 86400000, postOnly: true}}"));
        long firstNs = SampleData.xrpEthTrades().get(0).eventTimeNs();
        long clockStartNs = 1_700_000_000_000_000_000L;
        AtomicLong now = new AtomicLong(clockStartNs);
        try (Pipeline p = new Pipeline(dir, config, SAMPLE).paced(now::get, 1).start(Pipeline.COMPONENTS);
             QueueRoot root = new QueueRoot(dir)) {
            ControlListener control = root.writer(Topic.CONTROL);
            await(p, () -> {
                Collected c = new Collected();
                try (TopicReader<io.aquatrade.common.MarketDataListener> r = root.reader(Topic.MARKET_DATA, null)) {
                    r.poll(c);
                }
                return !c.trades.isEmpty();
            }, "the replay's first tick");

            // 1. replay 10 minutes at a time until a resting entry works at the venue
            long pacedNs = 0;
            SubmitOrder resting;
            do {
                pacedNs += 10 * MINUTE_NS;
                advance(p, root, now, clockStartNs + pacedNs, firstNs + pacedNs);
                resting = working(root);
            } while (resting == null);
            assertThat(resting.orderType()).isEqualTo(io.aquatrade.common.OrderType.LIMIT);
            assertThat(resting.timeInForce()).isEqualTo(io.aquatrade.common.TimeInForce.GTC);
            assertThat(resting.postOnly()).isTrue();
            assertThat(resting.side()).isEqualTo(Side.BUY);
            int ordersBefore = orders(root).size();
            int cancelsBefore = cancels(root).size(); // of earlier entries, by exit signals

            // 2. on: the engine cancels it and the venue confirms
            control.killSwitch(new KillSwitch().on(true).flatten(false).reason("test").source("kill-switch@test")
                    .eventTimeNs(System.currentTimeMillis() * 1_000_000L));
            String id = resting.clientOrderId();
            await(p, () -> executions(root).canceled.stream().anyMatch(c -> c.clientOrderId().equals(id)),
                    "the venue's OrderCanceled of " + id);
            Collected c = executions(root);
            assertThat(c.fills).noneMatch(f -> f.clientOrderId().equals(id));
            assertThat(cancels(root).subList(cancelsBefore, cancels(root).size())).singleElement().satisfies(x -> {
                assertThat(x.clientOrderId()).isEqualTo(id);
                assertThat(x.reason()).isEqualTo(DecisionEngine.REASON_KILL_SWITCH);
            });

            // 3. on until an entry signal has come (10 minutes at a time): nothing new sent, entry signals denied
            long killNs = cancels(root).get(cancelsBefore).eventTimeNs();
            long onUntilNs;
            List<Signal> longs;
            do {
                pacedNs += 10 * MINUTE_NS;
                onUntilNs = firstNs + pacedNs;
                advance(p, root, now, clockStartNs + pacedNs, onUntilNs);
                longs = signals(root).stream().filter(s -> s.direction() == Direction.LONG
                        && s.eventTimeNs() > killNs).toList();
            } while (longs.isEmpty());
            assertThat(orders(root)).hasSize(ordersBefore);
            assertThat(cancels(root)).hasSize(cancelsBefore + 1);
            assertThat(denials(root)).filteredOn(d -> d.reasonCode() == DenyReason.KILL_SWITCH)
                    .extracting(OrderDenied::signalId).containsAll(longs.stream().map(Signal::signalId).toList());

            // 4. off: entries rest again
            long offNs = onUntilNs;
            control.killSwitch(new KillSwitch().on(false).flatten(false).reason("test").source("kill-switch@test")
                    .eventTimeNs(System.currentTimeMillis() * 1_000_000L));
            now.set(Long.MAX_VALUE / 2);
            p.awaitDrained(TIMEOUT_MS);
            assertThat(orders(root)).filteredOn(o -> o.side() == Side.BUY && o.eventTimeNs() > offNs)
                    .as("resting entries after the switch is off").isNotEmpty()
                    .allSatisfy(o -> assertThat(o.timeInForce()).isEqualTo(io.aquatrade.common.TimeInForce.GTC));
            assertThat(denials(root)).filteredOn(d -> d.reasonCode() == DenyReason.KILL_SWITCH)
                    .allSatisfy(d -> assertThat(d.eventTimeNs()).isLessThanOrEqualTo(offNs));
            assertThat(p.failures()).isEmpty();
        }
    }

    /** @return an order the router accepted that has neither filled, been cancelled nor ended otherwise; or null */
    private static SubmitOrder working(QueueRoot root) {
        Collected c = executions(root);
        for (SubmitOrder o : orders(root)) {
            String id = o.clientOrderId();
            if (c.accepted.stream().anyMatch(a -> a.clientOrderId().equals(id))
                    && c.fills.stream().noneMatch(f -> f.clientOrderId().equals(id))
                    && c.canceled.stream().noneMatch(x -> x.clientOrderId().equals(id))
                    && c.rejected.stream().noneMatch(x -> x.clientOrderId().equals(id))) {
                return o;
            }
        }
        return null;
    }

    private static Collected executions(QueueRoot root) {
        Collected c = new Collected();
        try (TopicReader<ExecutionListener> r = root.reader(Topic.EXECUTIONS, null)) {
            while (r.poll(c) > 0) {
                // to the end
            }
        }
        return c;
    }

    private static List<io.aquatrade.common.CancelOrder> cancels(QueueRoot root) {
        Collected c = new Collected();
        try (TopicReader<OrderListener> r = root.reader(Topic.ORDERS, null)) {
            while (r.poll(c) > 0) {
                // to the end
            }
        }
        return c.cancels;
    }

    /** Moves the replay's clock and waits until the decision engine's watermark on {@code orders} has passed. */
    private static void advance(Pipeline p, QueueRoot root, AtomicLong now, long clockNs, long eventNs)
            throws InterruptedException {
        now.set(clockNs);
        // the replay's watermark moves to the paced position; once the decision engine's and the router's have
        // passed it, everything before it has been handled and nothing after it is published yet
        try (TopicReader<OrderListener> orders = root.reader(Topic.ORDERS, null);
             TopicReader<ExecutionListener> executions = root.reader(Topic.EXECUTIONS, null)) {
            OrderListener ignore = o -> {
            };
            Collected ignoreExecutions = new Collected();
            await(p, () -> {
                while (orders.poll(ignore) > 0) {
                    // to the end
                }
                while (executions.poll(ignoreExecutions) > 0) {
                    // to the end
                }
                return orders.watermarkNs() >= eventNs && executions.watermarkNs() >= eventNs;
            }, "the decision engine's and the router's watermarks to pass " + eventNs);
        }
    }

    private static void await(Pipeline p, BooleanSupplier done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        while (!done.getAsBoolean()) {
            assertThat(p.failures()).as("component failures").isEmpty();
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    /** @return the strategy's position in XRP as the router last published it, size mantissa */
    private static long lastPosition(QueueRoot root) {
        Collected c = new Collected();
        try (TopicReader<ExecutionListener> r = root.reader(Topic.EXECUTIONS, null)) {
            while (r.poll(c) > 0) {
                // to the end
            }
        }
        long qty = 0;
        for (PositionUpdate u : c.positions) {
            if (ID.equals(u.strategyId())) {
                qty = u.quantity();
            }
        }
        return qty;
    }

    private static List<SubmitOrder> orders(QueueRoot root) {
        Collected c = new Collected();
        try (TopicReader<OrderListener> r = root.reader(Topic.ORDERS, null)) {
            while (r.poll(c) > 0) {
                // to the end
            }
        }
        return c.orders;
    }

    private static List<Signal> signals(QueueRoot root) {
        Collected c = new Collected();
        try (TopicReader<io.aquatrade.common.SignalListener> r = root.reader(Topic.SIGNALS, null)) {
            while (r.poll(c) > 0) {
                // to the end
            }
        }
        return c.signals;
    }

    private static List<OrderDenied> denials(QueueRoot root) {
        List<OrderDenied> out = new ArrayList<>();
        try (TopicReader<OrderListener> r = root.reader(Topic.ORDERS, null)) {
            OrderListener l = new OrderListener() {
                @Override
                public void submitOrder(SubmitOrder o) {
                }

                @Override
                public void orderDenied(OrderDenied d) {
                    out.add(d.deepCopy());
                }
            };
            while (r.poll(l) > 0) {
                // to the end
            }
        }
        return out;
    }
}
