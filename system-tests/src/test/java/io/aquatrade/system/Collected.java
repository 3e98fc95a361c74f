package io.aquatrade.system;

import java.util.ArrayList;
import java.util.List;

import io.aquatrade.common.BalanceUpdate;
import io.aquatrade.common.Bar;
import io.aquatrade.common.BarListener;
import io.aquatrade.common.CancelOrder;
import io.aquatrade.common.ExecutionListener;
import io.aquatrade.common.MarketDataListener;
import io.aquatrade.common.OrderAccepted;
import io.aquatrade.common.OrderCanceled;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.OrderDenied;
import io.aquatrade.common.OrderListener;
import io.aquatrade.common.OrderRejected;
import io.aquatrade.common.PositionUpdate;
import io.aquatrade.common.ProgressListener;
import io.aquatrade.common.QueueRoot;
import io.aquatrade.common.QuoteTick;
import io.aquatrade.common.Signal;
import io.aquatrade.common.SignalListener;
import io.aquatrade.common.SubmitOrder;
import io.aquatrade.common.Topic;
import io.aquatrade.common.TopicReader;
import io.aquatrade.common.TradeTick;

/** Copies of every message on every topic, in topic order; {@link #executions} keeps the topic's interleaving. */
final class Collected implements MarketDataListener, BarListener, SignalListener, OrderListener, ExecutionListener {
    final List<TradeTick> trades = new ArrayList<>();
    final List<QuoteTick> quotes = new ArrayList<>();
    final List<Bar> bars = new ArrayList<>();
    final List<Signal> signals = new ArrayList<>();
    final List<SubmitOrder> orders = new ArrayList<>();
    final List<CancelOrder> cancels = new ArrayList<>();
    final List<OrderDenied> denials = new ArrayList<>();
    final List<OrderCanceled> canceled = new ArrayList<>();
    final List<OrderAccepted> accepted = new ArrayList<>();
    final List<OrderRejected> rejected = new ArrayList<>();
    final List<OrderFilled> fills = new ArrayList<>();
    final List<BalanceUpdate> balances = new ArrayList<>();
    final List<PositionUpdate> positions = new ArrayList<>();
    final List<Object> executions = new ArrayList<>();

    void drain(QueueRoot root) {
        drain(root, Topic.MARKET_DATA, this);
        drain(root, Topic.BARS, this);
        drain(root, Topic.SIGNALS, this);
        drain(root, Topic.ORDERS, this);
        drain(root, Topic.EXECUTIONS, this);
    }

    private static <L extends ProgressListener> void drain(QueueRoot root, Topic<L> topic, L listener) {
        try (TopicReader<L> reader = root.reader(topic, null)) {
            while (reader.poll(listener) > 0) {
                // all of it
            }
        }
    }

    @Override
    public void tradeTick(TradeTick t) {
        trades.add(t.deepCopy());
    }

    @Override
    public void quoteTick(QuoteTick q) {
        quotes.add(q.deepCopy());
    }

    @Override
    public void bar(Bar b) {
        bars.add(b.deepCopy());
    }

    @Override
    public void signal(Signal s) {
        signals.add(s.deepCopy());
    }

    @Override
    public void cancelOrder(CancelOrder c) {
        cancels.add(c.deepCopy());
    }

    @Override
    public void orderCanceled(OrderCanceled c) {
        canceled.add(c.deepCopy());
    }

    @Override
    public void orderDenied(OrderDenied d) {
        denials.add(d.deepCopy());
    }

    @Override
    public void submitOrder(SubmitOrder o) {
        orders.add(o.deepCopy());
    }

    @Override
    public void orderAccepted(OrderAccepted a) {
        accepted.add(a.deepCopy());
        executions.add(a.deepCopy());
    }

    @Override
    public void orderRejected(OrderRejected r) {
        rejected.add(r.deepCopy());
        executions.add(r.deepCopy());
    }

    @Override
    public void orderFilled(OrderFilled f) {
        fills.add(f.deepCopy());
        executions.add(f.deepCopy());
    }

    @Override
    public void balanceUpdate(BalanceUpdate b) {
        balances.add(b.deepCopy());
        executions.add(b.deepCopy());
    }

    @Override
    public void positionUpdate(PositionUpdate p) {
        positions.add(p.deepCopy());
        executions.add(p.deepCopy());
    }
}
