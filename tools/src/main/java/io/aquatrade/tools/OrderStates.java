package io.aquatrade.tools;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.aquatrade.common.BalanceUpdate;
import io.aquatrade.common.CancelOrder;
import io.aquatrade.common.CancelRejectReason;
import io.aquatrade.common.CancelRejected;
import io.aquatrade.common.DenyReason;
import io.aquatrade.common.ExecutionListener;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.MessageCopies;
import io.aquatrade.common.OrderAccepted;
import io.aquatrade.common.OrderCanceled;
import io.aquatrade.common.OrderDenied;
import io.aquatrade.common.OrderExpired;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.OrderListener;
import io.aquatrade.common.OrderRejected;
import io.aquatrade.common.OrderType;
import io.aquatrade.common.PositionUpdate;
import io.aquatrade.common.RejectReason;
import io.aquatrade.common.Side;
import io.aquatrade.common.SubmitOrder;
import io.aquatrade.common.TimeInForce;

/**
 * Where the orders of a run ended, read back from the {@code orders} and {@code executions} topics: how many
 * finished filled, cancelled, expired or rejected (per {@link RejectReason reason code}), the signals denied per
 * {@link DenyReason}, the cancels refused per {@link CancelRejectReason}, and the orders still open (submitted and
 * not finished, with what they filled so far). Used by {@code aquatrade summary} and the backtest report.
 *
 * <p>An order is finished by its last fill ({@link OrderFilled#last()}), an {@link OrderCanceled}, an
 * {@link OrderExpired} or an {@link OrderRejected}. Either topic may be read first: a report about an order not
 * submitted yet is remembered until its {@link SubmitOrder} comes. A message repeated by a replay is not counted
 * twice (finished orders are remembered by client order id; a repeated {@link SubmitOrder} of a known order is
 * ignored); a denial has no id, so a repeated one counts again. Memory: one entry per order of the run. Cold path:
 * allocates freely; single-threaded.
 */
public final class OrderStates implements OrderListener, ExecutionListener {
    private final Map<String, Working> open = new LinkedHashMap<>();
    /** Client order ids of every finished order. */
    private final Set<String> finished = new HashSet<>();
    /** Finished before its {@link SubmitOrder} was read (the executions topic read first). */
    private final Set<String> finishedUnseen = new HashSet<>();
    private long submitted;
    private long filled;
    private long canceled;
    private long expired;
    private long rejected;
    private final Map<RejectReason, Long> rejectedByReason = new EnumMap<>(RejectReason.class);
    private long denied;
    private final Map<DenyReason, Long> deniedByReason = new EnumMap<>(DenyReason.class);
    private long cancelsRequested;
    private final Map<CancelRejectReason, Long> cancelsRejectedByReason = new EnumMap<>(CancelRejectReason.class);

    /**
     * An order submitted and not finished when the topics were read.
     *
     * @param clientOrderId  the decision engine's id
     * @param strategyId     its strategy
     * @param instrument     venue symbol
     * @param side           buy or sell
     * @param orderType      market, limit or a stop
     * @param timeInForce    GTC, IOC or FOK
     * @param quantity       ordered base quantity, size mantissa
     * @param limitPrice     limit price mantissa; 0 for MARKET and STOP_MARKET
     * @param triggerPrice   stop trigger price mantissa; 0 for MARKET and LIMIT
     * @param filledQuantity base quantity filled so far, size mantissa ({@link OrderFilled#cumulativeQuantity()})
     * @param accepted       the venue acknowledged it ({@link OrderAccepted})
     * @param submitTimeNs   the order's decision time, UTC epoch ns
     */
    public record OpenOrder(String clientOrderId, String strategyId, String instrument, Side side, OrderType orderType,
                            TimeInForce timeInForce, long quantity, long limitPrice, long triggerPrice,
                            long filledQuantity, boolean accepted, long submitTimeNs) {
        /**
         * @param instrument this order's instrument, for its decimals; null prints mantissas
         * @return e.g. {@code SELL STOP_LIMIT GTC 10 filled 0 limit 0.00139000 trigger 0.00139500, not accepted yet,
         * since 2019-10-11T00:00:11.631Z}
         */
        public String describe(Instrument instrument) {
            StringBuilder line = new StringBuilder().append(side).append(' ').append(orderType).append(' ')
                    .append(timeInForce).append(' ').append(size(instrument, quantity)).append(" filled ")
                    .append(size(instrument, filledQuantity));
            if (limitPrice != 0) {
                line.append(" limit ").append(price(instrument, limitPrice));
            }
            if (triggerPrice != 0) {
                line.append(" trigger ").append(price(instrument, triggerPrice));
            }
            return line.append(accepted ? ", accepted" : ", not accepted yet").append(", since ")
                    .append(MessageFormatter.time(submitTimeNs)).toString();
        }

        private static String size(Instrument instrument, long mantissa) {
            return instrument == null ? Long.toString(mantissa) : instrument.formatSize(mantissa);
        }

        private static String price(Instrument instrument, long mantissa) {
            return instrument == null ? Long.toString(mantissa) : instrument.formatPrice(mantissa);
        }
    }

    private static final class Working {
        final SubmitOrder order = new SubmitOrder();
        long filledQuantity;
        boolean accepted;
    }

    @Override
    public void submitOrder(SubmitOrder o) {
        String id = o.clientOrderId();
        if (open.containsKey(id) || finished.contains(id) && !finishedUnseen.contains(id)) {
            return; // a replay repeating a known order
        }
        submitted++;
        if (finishedUnseen.remove(id)) {
            return;
        }
        Working w = new Working();
        MessageCopies.copy(o, w.order);
        open.put(id, w);
    }

    @Override
    public void orderDenied(OrderDenied d) {
        denied++;
        if (d.reasonCode() != null) {
            deniedByReason.merge(d.reasonCode(), 1L, Long::sum);
        }
    }

    @Override
    public void cancelOrder(CancelOrder c) {
        cancelsRequested++;
    }

    @Override
    public void cancelRejected(CancelRejected r) {
        if (r.reasonCode() != null) {
            cancelsRejectedByReason.merge(r.reasonCode(), 1L, Long::sum);
        }
    }

    @Override
    public void orderAccepted(OrderAccepted a) {
        Working w = open.get(a.clientOrderId());
        if (w != null) {
            w.accepted = true;
        }
    }

    @Override
    public void orderFilled(OrderFilled f) {
        Working w = open.get(f.clientOrderId());
        if (w != null) {
            w.filledQuantity = Math.max(w.filledQuantity, f.cumulativeQuantity());
        }
        if (f.last() && finish(f.clientOrderId())) {
            filled++;
        }
    }

    @Override
    public void orderCanceled(OrderCanceled c) {
        if (finish(c.clientOrderId())) {
            canceled++;
        }
    }

    @Override
    public void orderExpired(OrderExpired e) {
        if (finish(e.clientOrderId())) {
            expired++;
        }
    }

    @Override
    public void orderRejected(OrderRejected r) {
        if (finish(r.clientOrderId())) {
            rejected++;
            if (r.reasonCode() != null) {
                rejectedByReason.merge(r.reasonCode(), 1L, Long::sum);
            }
        }
    }

    @Override
    public void balanceUpdate(BalanceUpdate balance) {
        // not about orders
    }

    @Override
    public void positionUpdate(PositionUpdate position) {
        // not about orders
    }

    /** @return true the first time {@code clientOrderId} finishes, false for a repeated report */
    private boolean finish(String clientOrderId) {
        if (!finished.add(clientOrderId)) {
            return false;
        }
        if (open.remove(clientOrderId) == null) {
            finishedUnseen.add(clientOrderId);
        }
        return true;
    }

    /** @return distinct orders submitted */
    public long submitted() {
        return submitted;
    }

    /** @return orders finished completely filled */
    public long filled() {
        return filled;
    }

    /** @return orders finished cancelled (what they filled before stays filled) */
    public long canceled() {
        return canceled;
    }

    /** @return orders finished expired by their time in force (IOC rest, FOK not fillable whole) */
    public long expired() {
        return expired;
    }

    /** @return orders rejected, all reasons (a rejection without a reason code counts here only) */
    public long rejected() {
        return rejected;
    }

    /** @return rejected orders per reason code, in {@link RejectReason} order, only codes seen; unmodifiable */
    public Map<RejectReason, Long> rejectedByReason() {
        return Collections.unmodifiableMap(rejectedByReason);
    }

    /** @return signals, stops and exits denied, all reasons */
    public long denied() {
        return denied;
    }

    /** @return denials per reason code, in {@link DenyReason} order, only codes seen; unmodifiable */
    public Map<DenyReason, Long> deniedByReason() {
        return Collections.unmodifiableMap(deniedByReason);
    }

    /** @return {@link CancelOrder}s sent */
    public long cancelsRequested() {
        return cancelsRequested;
    }

    /** @return refused cancels per reason code, in {@link CancelRejectReason} order, only codes seen; unmodifiable */
    public Map<CancelRejectReason, Long> cancelsRejectedByReason() {
        return Collections.unmodifiableMap(cancelsRejectedByReason);
    }

    /** @return the orders submitted and not finished, in submission order (a new list) */
    public List<OpenOrder> openOrders() {
        List<OpenOrder> list = new ArrayList<>(open.size());
        for (Working w : open.values()) {
            SubmitOrder o = w.order;
            list.add(new OpenOrder(o.clientOrderId(), o.strategyId(), o.instrument(), o.side(), o.orderType(),
                    o.timeInForce(), o.quantity(), o.limitPrice(), o.triggerPrice(), w.filledQuantity, w.accepted,
                    o.eventTimeNs()));
        }
        return list;
    }
}
