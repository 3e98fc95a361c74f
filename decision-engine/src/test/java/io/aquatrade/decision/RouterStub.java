package io.aquatrade.decision;

import java.util.ArrayList;
import java.util.List;

import io.aquatrade.common.ExecutionListener;
import io.aquatrade.common.OrderAccepted;
import io.aquatrade.common.OrderListener;
import io.aquatrade.common.OrderRejected;
import io.aquatrade.common.OrderType;
import io.aquatrade.common.QueueRoot;
import io.aquatrade.common.RejectReason;
import io.aquatrade.common.Side;
import io.aquatrade.common.SubmitOrder;
import io.aquatrade.common.Topic;
import io.aquatrade.common.TopicReader;
import io.aquatrade.common.TradeTick;

/**
 * Stands in for the order-router process in this module's integration tests (a process module may not depend on
 * another): it reads the {@code orders} topic and answers each order as the paper venue does, on the
 * {@code executions} topic: accepted, then one complete fill stamped with the order's time, at the price of the
 * latest trade at or before that time plus 5 bps of slippage, fee 10 bps in ETH ({@link RouterLikeFills}); a limit
 * order whose limit that price does not reach is rejected "limit not marketable (IOC)", as the paper venue does.
 * Only after it has seen an order does it write its execution, as the real router; it writes no watermarks, so the
 * engine waits for each answer while the order is outstanding. Runs on the test thread.
 */
final class RouterStub implements OrderListener, AutoCloseable {
    private final List<TradeTick> trades;
    private final TopicReader<OrderListener> orders;
    private final ExecutionListener executions;
    private final OrderAccepted accepted = new OrderAccepted();
    final List<SubmitOrder> seen = new ArrayList<>();
    private long tradeIds;

    /**
     * @param queues the test thread's own queue root
     * @param trades the trades written to market-data, in order
     */
    RouterStub(QueueRoot queues, List<TradeTick> trades) {
        this.trades = trades;
        this.orders = queues.reader(Topic.ORDERS, null);
        this.executions = queues.writer(Topic.EXECUTIONS);
    }

    /** Answers every order written so far. @return how many */
    int poll() {
        return pollUpTo(Integer.MAX_VALUE);
    }

    /**
     * Answers orders written so far until it has answered {@code total} in all (to stop a run at a chosen order).
     *
     * @return how many it answered in this call
     */
    int pollUpTo(int total) {
        int n = 0;
        while (seen.size() < total && orders.poll(this) > 0) {
            n++;
        }
        return n;
    }

    @Override
    public void submitOrder(SubmitOrder order) {
        seen.add(order.deepCopy());
        long price = RouterLikeFills.fillPrice(order.side(), lastPriceAt(order.eventTimeNs()), 5);
        if (order.orderType() == OrderType.LIMIT
                && (order.side() == Side.BUY ? price > order.limitPrice() : price < order.limitPrice())) {
            executions.orderRejected(new OrderRejected().clientOrderId(order.clientOrderId())
                    .strategyId(order.strategyId()).instrument(order.instrument())
                    .reasonCode(RejectReason.LIMIT_NOT_MARKETABLE).reason("limit not marketable (IOC)").eventTimeNs(order.eventTimeNs()));
            return;
        }
        accepted.reset();
        executions.orderAccepted(accepted.clientOrderId(order.clientOrderId())
                .venueOrderId("paper-" + order.clientOrderId()).strategyId(order.strategyId())
                .instrument(order.instrument()).eventTimeNs(order.eventTimeNs()));
        executions.orderFilled(RouterLikeFills.fillAt(order, price, order.quantity(), 10,
                Long.toString(++tradeIds), true));
    }

    private long lastPriceAt(long timeNs) {
        long price = 0;
        for (TradeTick t : trades) {
            if (t.eventTimeNs() > timeNs) {
                break;
            }
            price = t.price();
        }
        return price;
    }

    /** @return true once the decision engine has ended its orders stream */
    boolean ordersEnded() {
        return orders.endOfStream();
    }

    /** @return the highest watermark the decision engine published on orders, UTC epoch ns */
    long ordersWatermarkNs() {
        return orders.watermarkNs();
    }

    @Override
    public void close() {
        orders.close();
    }
}
