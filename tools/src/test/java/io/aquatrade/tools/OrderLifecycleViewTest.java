package io.aquatrade.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.aquatrade.common.CancelOrder;
import io.aquatrade.common.CancelRejectReason;
import io.aquatrade.common.CancelRejected;
import io.aquatrade.common.DenyReason;
import io.aquatrade.common.ExecutionListener;
import io.aquatrade.common.LiquiditySide;
import io.aquatrade.common.MarketDataListener;
import io.aquatrade.common.OrderAccepted;
import io.aquatrade.common.OrderCanceled;
import io.aquatrade.common.OrderDenied;
import io.aquatrade.common.OrderExpired;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.OrderListener;
import io.aquatrade.common.OrderRejected;
import io.aquatrade.common.OrderType;
import io.aquatrade.common.PositionUpdate;
import io.aquatrade.common.QueueRoot;
import io.aquatrade.common.RejectReason;
import io.aquatrade.common.Side;
import io.aquatrade.common.SubmitOrder;
import io.aquatrade.common.TimeInForce;
import io.aquatrade.common.Topic;
import io.aquatrade.common.TradeTick;
import io.aquatrade.common.testing.SampleData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tail} and {@code summary} over real queues holding every order-lifecycle message, at the sample's real
 * XRP/ETH prices: the first trade (0.00141342 ETH, 2019-10-11T00:00:11.620Z) fills a market buy, the last
 * (0.00152787 ETH, 2019-10-13T11:19:28.844Z) marks the positions. Expected lines and amounts are worked by hand.
 */
class OrderLifecycleViewTest {
    private static final long MS = 1_000_000L;

    @TempDir
    Path dir;

    private TradeTick first;
    private TradeTick last;

    @BeforeEach
    void writeARun() {
        List<TradeTick> trades = SampleData.xrpEthTrades();
        first = trades.get(0);
        last = trades.get(trades.size() - 1);
        assertThat(first.price()).isEqualTo(141_342);
        assertThat(last.price()).isEqualTo(152_787);
        long t = first.eventTimeNs();
        try (QueueRoot root = new QueueRoot(dir)) {
            MarketDataListener md = root.writer(Topic.MARKET_DATA);
            md.tradeTick(first);
            md.tradeTick(last);
            OrderListener orders = root.writer(Topic.ORDERS);
            ExecutionListener ex = root.writer(Topic.EXECUTIONS);

            // s-1: market buy of 353, filled in two parts at 0.00141342: 200 (notional 0.28268400, fee 10 bps
            // rounded up 0.00028269) and 153 (0.21625326, fee 0.00021626)
            orders.submitOrder(submit("s-1", "s", Side.BUY, OrderType.MARKET, TimeInForce.IOC, 353, t)
                    .signalId(1).reason("signal"));
            ex.orderAccepted(accepted("s-1", "s", t));
            ex.orderFilled(fill("s-1", "s", Side.BUY, 141_342, 200, 353, 28_268_400, 28_269, t));
            ex.orderFilled(fill("s-1", "s", Side.BUY, 141_342, 153, 353, 21_625_326, 21_626, t));
            // cost basis 0.28268400 + 0.21625326 + 0.00028269 + 0.00021626 = 0.49943621
            ex.positionUpdate(position("s", 353, 49_943_621, 0, "s-1", t));

            // s-2: post-only limit sell of 100 at 0.00141500, 40 filled as maker, then cancelled; a second cancel is
            // refused
            orders.submitOrder(submit("s-2", "s", Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 100, t + MS)
                    .limitPrice(141_500).postOnly(true).signalId(2).reason("take-profit"));
            ex.orderAccepted(accepted("s-2", "s", t + MS));
            ex.orderFilled(fill("s-2", "s", Side.SELL, 141_500, 40, 100, 5_660_000, 0, t + 2 * MS)
                    .liquiditySide(LiquiditySide.MAKER));
            // 40/353 of the cost basis leaves: 0.49943621 - 0.05659335 = 0.44284286; realised 0.05660000 -
            // 0.05659335 = 0.00000665
            ex.positionUpdate(position("s", 313, 44_284_286, 665, "s-2", t + 2 * MS));
            orders.cancelOrder(new CancelOrder().clientOrderId("s-2").strategyId("s").instrument("XRPETH")
                    .reason("re-price").eventTimeNs(t + 3 * MS));
            ex.orderCanceled(new OrderCanceled().clientOrderId("s-2").venueOrderId("p-s-2").strategyId("s")
                    .instrument("XRPETH").cumulativeQuantity(40).eventTimeNs(t + 3 * MS));
            orders.cancelOrder(new CancelOrder().clientOrderId("s-2").strategyId("s").instrument("XRPETH")
                    .reason("re-price").eventTimeNs(t + 4 * MS));
            ex.cancelRejected(new CancelRejected().clientOrderId("s-2").strategyId("s").instrument("XRPETH")
                    .reasonCode(CancelRejectReason.ORDER_FINISHED).reason("order s-2 is canceled")
                    .eventTimeNs(t + 4 * MS));

            // s-3: FOK buy that could not fill whole
            orders.submitOrder(submit("s-3", "s", Side.BUY, OrderType.LIMIT, TimeInForce.FOK, 5_000, t + 5 * MS)
                    .limitPrice(141_342).signalId(3).reason("signal"));
            ex.orderExpired(new OrderExpired().clientOrderId("s-3").venueOrderId("p-s-3").strategyId("s")
                    .instrument("XRPETH").cumulativeQuantity(0).reason("FOK: 5000 not available at the limit")
                    .eventTimeNs(t + 5 * MS));

            // s-4, s-5: rejected by the venue, two reasons
            orders.submitOrder(submit("s-4", "s", Side.BUY, OrderType.MARKET, TimeInForce.IOC, 1, t + 6 * MS)
                    .signalId(4).reason("signal"));
            ex.orderRejected(new OrderRejected().clientOrderId("s-4").strategyId("s").instrument("XRPETH")
                    .reasonCode(RejectReason.MIN_NOTIONAL).reason("notional 0.00141342 below minNotional 0.001")
                    .eventTimeNs(t + 6 * MS));
            orders.submitOrder(submit("s-5", "s", Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 10, t + 7 * MS)
                    .limitPrice(141_400).postOnly(true).signalId(5).reason("signal"));
            ex.orderRejected(new OrderRejected().clientOrderId("s-5").strategyId("s").instrument("XRPETH")
                    .reasonCode(RejectReason.POST_ONLY_WOULD_CROSS).reason("would take 0.00141342")
                    .eventTimeNs(t + 7 * MS));
            // the binance venue's reconciliation found XRPETH off and made it reduce-only
            ex.reconciliation(new io.aquatrade.common.ReconciliationStatus().instrument("XRPETH").reduceOnly(true)
                    .reason("XRP: binance 400, executions 353").eventTimeNs(t + 7 * MS));

            // still open at the end: a resting protective stop, a partly filled limit, a stop-limit not yet acked
            orders.submitOrder(submit("s-6", "s", Side.SELL, OrderType.STOP_MARKET, TimeInForce.GTC, 313, t + 8 * MS)
                    .triggerPrice(140_000).reduceOnly(true).reason("stop-loss"));
            ex.orderAccepted(accepted("s-6", "s", t + 8 * MS));
            orders.submitOrder(submit("u-1", "u", Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 50, t + 9 * MS)
                    .limitPrice(150_000).signalId(6).reason("signal"));
            ex.orderAccepted(accepted("u-1", "u", t + 9 * MS));
            ex.orderFilled(fill("u-1", "u", Side.BUY, 150_000, 20, 50, 3_000_000, 3_000, t + 10 * MS));
            orders.submitOrder(submit("u-2", "u", Side.SELL, OrderType.STOP_LIMIT, TimeInForce.GTC, 10, t + 11 * MS)
                    .limitPrice(139_000).triggerPrice(139_500).reason("stop-loss"));

            // denials: two while an order was working, one too small
            orders.orderDenied(denied(7, DenyReason.ORDER_OUTSTANDING, "order s-6 outstanding", t + 12 * MS));
            orders.orderDenied(denied(8, DenyReason.ORDER_OUTSTANDING, "order s-6 outstanding", t + 13 * MS));
            orders.orderDenied(denied(9, DenyReason.BELOW_MIN_NOTIONAL,
                    "notional 0.00050000 below minNotional 0.00100000", t + 14 * MS));

            // strategy u: a short of 50 that received 0.07 ETH; strategy v went flat with a loss
            ex.positionUpdate(position("u", -50, -7_000_000, 0, "u-0", t + 15 * MS));
            ex.positionUpdate(position("v", 0, 0, -12_345, "v-1", t + 16 * MS));
        }
    }

    private static SubmitOrder submit(String id, String strategy, Side side, OrderType type, TimeInForce tif,
                                      long quantity, long timeNs) {
        return new SubmitOrder().clientOrderId(id).strategyId(strategy).instrument("XRPETH").side(side)
                .orderType(type).timeInForce(tif).quantity(quantity).eventTimeNs(timeNs);
    }

    private static OrderAccepted accepted(String id, String strategy, long timeNs) {
        return new OrderAccepted().clientOrderId(id).venueOrderId("p-" + id).strategyId(strategy)
                .instrument("XRPETH").eventTimeNs(timeNs);
    }

    /** Base quantity filled so far per client order id. */
    private final Map<String, Long> cumulativeFilled = new HashMap<>();

    /** @return a fill of {@code quantity} of an order of {@code ordered}, after the earlier fills of that order */
    private OrderFilled fill(String id, String strategy, Side side, long price, long quantity, long ordered,
                             long notional, long fee, long timeNs) {
        long cumulative = cumulativeFilled.merge(id, quantity, Long::sum);
        return new OrderFilled().clientOrderId(id).venueOrderId("p-" + id).tradeId("p-" + id + "-" + cumulative)
                .strategyId(strategy).instrument("XRPETH").side(side).fillPrice(price).fillQuantity(quantity)
                .quoteQuantity(notional).cumulativeQuantity(cumulative).leavesQuantity(ordered - cumulative)
                .fee(fee).feeAsset("ETH").liquiditySide(LiquiditySide.TAKER).last(cumulative == ordered)
                .eventTimeNs(timeNs);
    }

    private static PositionUpdate position(String strategy, long quantity, long costBasis, long realized,
                                           String cause, long timeNs) {
        return new PositionUpdate().strategyId(strategy).instrument("XRPETH").quantity(quantity).costBasis(costBasis)
                .realizedPnl(realized).cause(cause).eventTimeNs(timeNs);
    }

    private static OrderDenied denied(long signalId, DenyReason code, String text, long timeNs) {
        return new OrderDenied().strategyId("s").instrument("XRPETH").signalId(signalId).reasonCode(code)
                .reason(text).eventTimeNs(timeNs);
    }

    /** Runs {@code aquatrade <args>} with the project config on the queue root; @return its lines */
    private List<String> command(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            String[] all = new String[args.length + 4];
            System.arraycopy(args, 0, all, 0, args.length);
            all[args.length] = "--config";
            all[args.length + 1] = SampleData.projectRoot().resolve("config/aquatrade.yaml").toString();
            all[args.length + 2] = "--queue-dir";
            all[args.length + 3] = dir.toString();
            int code = new picocli.CommandLine(new AquatradeTool()).execute(all);
            assertThat(code).isZero();
        } finally {
            System.setOut(saved);
        }
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void tailPrintsEveryOrderMessageInDecimals() {
        assertThat(command("tail", "orders")).contains(
                "2019-10-11T00:00:11.620Z submitOrder clientOrderId=s-1 strategy=s instrument=XRPETH side=BUY"
                        + " type=MARKET timeInForce=IOC quantity=353 signalId=1 reason=\"signal\"",
                "2019-10-11T00:00:11.621Z submitOrder clientOrderId=s-2 strategy=s instrument=XRPETH side=SELL"
                        + " type=LIMIT timeInForce=GTC quantity=100 limit=0.00141500 postOnly=true signalId=2"
                        + " reason=\"take-profit\"",
                "2019-10-11T00:00:11.628Z submitOrder clientOrderId=s-6 strategy=s instrument=XRPETH side=SELL"
                        + " type=STOP_MARKET timeInForce=GTC quantity=313 trigger=0.00140000 reduceOnly=true"
                        + " signalId=0 reason=\"stop-loss\"",
                "2019-10-11T00:00:11.631Z submitOrder clientOrderId=u-2 strategy=u instrument=XRPETH side=SELL"
                        + " type=STOP_LIMIT timeInForce=GTC quantity=10 limit=0.00139000 trigger=0.00139500"
                        + " signalId=0 reason=\"stop-loss\"",
                "2019-10-11T00:00:11.623Z cancelOrder clientOrderId=s-2 strategy=s instrument=XRPETH"
                        + " reason=\"re-price\"",
                "2019-10-11T00:00:11.634Z orderDenied strategy=s instrument=XRPETH signalId=9"
                        + " reasonCode=BELOW_MIN_NOTIONAL reason=\"notional 0.00050000 below minNotional 0.00100000\"");
    }

    @Test
    void tailPrintsEveryExecutionMessageInDecimals() {
        assertThat(command("tail", "executions")).contains(
                "2019-10-11T00:00:11.620Z orderFilled clientOrderId=s-1 tradeId=p-s-1-200 strategy=s"
                        + " instrument=XRPETH side=BUY price=0.00141342 quantity=200 cumulativeQuantity=200"
                        + " leavesQuantity=153 notional=0.28268400 fee=0.00028269 ETH liquidity=TAKER last=false",
                "2019-10-11T00:00:11.623Z orderCanceled clientOrderId=s-2 venueOrderId=p-s-2 strategy=s"
                        + " instrument=XRPETH cumulativeQuantity=40",
                "2019-10-11T00:00:11.624Z cancelRejected clientOrderId=s-2 strategy=s instrument=XRPETH"
                        + " reasonCode=ORDER_FINISHED reason=\"order s-2 is canceled\"",
                "2019-10-11T00:00:11.625Z orderExpired clientOrderId=s-3 venueOrderId=p-s-3 strategy=s"
                        + " instrument=XRPETH cumulativeQuantity=0 reason=\"FOK: 5000 not available at the limit\"",
                "2019-10-11T00:00:11.626Z orderRejected clientOrderId=s-4 strategy=s instrument=XRPETH"
                        + " reasonCode=MIN_NOTIONAL reason=\"notional 0.00141342 below minNotional 0.001\"",
                "2019-10-11T00:00:11.627Z reconciliation instrument=XRPETH reduceOnly=true"
                        + " reason=\"XRP: binance 400, executions 353\"");
    }

    @Test
    void summaryCountsFinalStatesDenialsOpenOrdersAndValuesOpenPositions() {
        List<String> lines = command("summary");
        assertThat(lines).containsSubsequence(
                "orders: 8",
                "orders filled: 1",
                "orders canceled: 1",
                "orders expired: 1",
                "orders rejected MIN_NOTIONAL: 1",
                "orders rejected POST_ONLY_WOULD_CROSS: 1",
                "cancels: 2",
                "cancels rejected ORDER_FINISHED: 1",
                "denials: 3",
                "denials ORDER_OUTSTANDING: 2",
                "denials BELOW_MIN_NOTIONAL: 1",
                "reduce-only instruments: 1",
                "reduce-only XRPETH: XRP: binance 400, executions 353",
                "open orders: 3",
                "open order s-6 s XRPETH: SELL STOP_MARKET GTC 313 filled 0 trigger 0.00140000, accepted,"
                        + " since 2019-10-11T00:00:11.628Z",
                "open order u-1 u XRPETH: BUY LIMIT GTC 50 filled 20 limit 0.00150000, accepted,"
                        + " since 2019-10-11T00:00:11.629Z",
                "open order u-2 u XRPETH: SELL STOP_LIMIT GTC 10 filled 0 limit 0.00139000 trigger 0.00139500,"
                        + " not accepted yet, since 2019-10-11T00:00:11.631Z",
                "open positions: 2",
                // 313 x 0.00152787 = 0.47822331; minus the cost basis 0.44284286
                "position s XRPETH: 313 mark 0.00152787 unrealized pnl 0.03538045 ETH (cost basis 0.44284286 ETH)",
                // -50 x 0.00152787 = -0.07639350; minus the cost basis -0.07
                "position u XRPETH: -50 mark 0.00152787 unrealized pnl -0.00639350 ETH (cost basis -0.07000000 ETH)",
                "realized pnl s XRPETH: 0.00000665 ETH",
                "realized pnl u XRPETH: 0.00000000 ETH",
                "realized pnl v XRPETH: -0.00012345 ETH");
        assertThat(lines).noneMatch(l -> l.startsWith("position v "));
    }
}
