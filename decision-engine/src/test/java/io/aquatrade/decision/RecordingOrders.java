package io.aquatrade.decision;

import java.util.ArrayList;
import java.util.List;

import io.aquatrade.common.CancelOrder;
import io.aquatrade.common.OrderDenied;
import io.aquatrade.common.OrderListener;
import io.aquatrade.common.Progress;
import io.aquatrade.common.SubmitOrder;

/** Test output: keeps a copy of every order, denial and watermark the engine writes. */
final class RecordingOrders implements OrderListener {
    final List<SubmitOrder> orders = new ArrayList<>();
    final List<Progress> progress = new ArrayList<>();
    final List<OrderDenied> denials = new ArrayList<>();
    final List<CancelOrder> cancels = new ArrayList<>();
    /** "submit &lt;id&gt;" and "cancel &lt;id&gt;" in the order written. */
    final List<String> sequence = new ArrayList<>();

    @Override
    public void submitOrder(SubmitOrder order) {
        order.validate();
        orders.add(order.deepCopy());
        sequence.add("submit " + order.clientOrderId());
    }

    @Override
    public void cancelOrder(CancelOrder cancel) {
        cancel.validate();
        cancels.add(cancel.deepCopy());
        sequence.add("cancel " + cancel.clientOrderId());
    }

    @Override
    public void orderDenied(OrderDenied denied) {
        denied.validate();
        denials.add(denied.deepCopy());
    }

    @Override
    public void progress(Progress p) {
        progress.add(p.deepCopy());
    }

    SubmitOrder last() {
        return orders.get(orders.size() - 1);
    }
}
