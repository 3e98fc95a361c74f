package io.aquatrade.router;

import java.util.ArrayList;
import java.util.List;

import io.aquatrade.common.BalanceUpdate;
import io.aquatrade.common.CancelRejected;
import io.aquatrade.common.ExecutionListener;
import io.aquatrade.common.OrderAccepted;
import io.aquatrade.common.OrderCanceled;
import io.aquatrade.common.OrderExpired;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.OrderRejected;
import io.aquatrade.common.PositionUpdate;
import io.aquatrade.common.Progress;
import net.openhft.chronicle.wire.Marshallable;

/** Test sink for the executions topic: keeps a copy of every message in order (messages are reused by writers). */
public final class RecordingExecutions implements ExecutionListener {
    public final List<Marshallable> events = new ArrayList<>();
    public final List<Progress> progress = new ArrayList<>();
    /** Messages stamped below a watermark written before them on the same topic (must stay empty). */
    public final List<String> belowWatermark = new ArrayList<>();
    private long watermarkNs = Long.MIN_VALUE;

    private void add(Marshallable m, long eventTimeNs) {
        if (eventTimeNs < watermarkNs) {
            belowWatermark.add(m + " below watermark " + watermarkNs);
        }
        events.add(m.deepCopy());
    }

    @Override
    public void orderAccepted(OrderAccepted accepted) {
        add(accepted, accepted.eventTimeNs());
    }

    @Override
    public void orderRejected(OrderRejected rejected) {
        add(rejected, rejected.eventTimeNs());
    }

    @Override
    public void orderFilled(OrderFilled filled) {
        add(filled, filled.eventTimeNs());
    }

    @Override
    public void balanceUpdate(BalanceUpdate balance) {
        add(balance, balance.eventTimeNs());
    }

    @Override
    public void positionUpdate(PositionUpdate position) {
        add(position, position.eventTimeNs());
    }

    @Override
    public void orderExpired(OrderExpired expired) {
        add(expired, expired.eventTimeNs());
    }

    @Override
    public void orderCanceled(OrderCanceled canceled) {
        add(canceled, canceled.eventTimeNs());
    }

    @Override
    public void cancelRejected(CancelRejected rejected) {
        add(rejected, rejected.eventTimeNs());
    }

    @Override
    public void reconciliation(io.aquatrade.common.ReconciliationStatus status) {
        add(status, status.eventTimeNs());
    }

    @Override
    public void rateLimit(io.aquatrade.common.RateLimitStatus status) {
        add(status, status.eventTimeNs());
    }

    @Override
    public void progress(Progress p) {
        progress.add(p.deepCopy());
        watermarkNs = Math.max(watermarkNs, p.eventTimeNs());
    }

    public <T> List<T> of(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Marshallable m : events) {
            if (type.isInstance(m)) {
                out.add(type.cast(m));
            }
        }
        return out;
    }

    /** @return the messages written from index {@code from} on */
    public List<Marshallable> since(int from) {
        return new ArrayList<>(events.subList(from, events.size()));
    }

    public int size() {
        return events.size();
    }

    /** Replays everything recorded into another listener, in order. */
    public void replayInto(ExecutionListener target) {
        replayInto(target, events.size());
    }

    /** Replays the first {@code count} messages recorded into another listener, in order. */
    public void replayInto(ExecutionListener target, int count) {
        for (Marshallable m : events.subList(0, count)) {
            if (m instanceof OrderAccepted a) {
                target.orderAccepted(a);
            } else if (m instanceof OrderRejected r) {
                target.orderRejected(r);
            } else if (m instanceof OrderFilled f) {
                target.orderFilled(f);
            } else if (m instanceof BalanceUpdate b) {
                target.balanceUpdate(b);
            } else if (m instanceof PositionUpdate p) {
                target.positionUpdate(p);
            } else if (m instanceof OrderExpired e) {
                target.orderExpired(e);
            } else if (m instanceof OrderCanceled c) {
                target.orderCanceled(c);
            } else if (m instanceof CancelRejected c) {
                target.cancelRejected(c);
            } else if (m instanceof io.aquatrade.common.ReconciliationStatus r) {
                target.reconciliation(r);
            } else if (m instanceof io.aquatrade.common.RateLimitStatus r) {
                target.rateLimit(r);
            }
        }
    }
}
