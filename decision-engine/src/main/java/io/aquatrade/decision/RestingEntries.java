package io.aquatrade.decision;

import static io.aquatrade.decision.DecisionEngine.REASON_SIGNAL;

import java.math.RoundingMode;

import io.aquatrade.common.Direction;
import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.Side;
import io.aquatrade.common.Signal;
import io.aquatrade.decision.OrderTracker.Order;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resting entries of strategies with {@code entryOrder: {type: limit, offsetBps, timeoutMs, postOnly}}
 * ({@link DecisionConfig.RestingEntry}): the price an entry rests at ({@link #price}), its cancel once
 * {@code timeoutMs} of event time have passed since it was placed ({@link #expire}), its cancel by an exit signal
 * ({@link #exitSignal}) and the exit of what it filled once that cancel is answered ({@link #ended}). While one
 * rests it is its position's pending order, so the strategy's one-order-in-flight rule holds (other signals are
 * denied {@code ORDER_OUTSTANDING}) and the kill switch cancels it as any working entry. Its state lives on its
 * order's {@link OrderContext} ({@code entryStartNs}, {@code exitSignalId}). Not thread-safe: the engine's thread
 * only.
 */
final class RestingEntries {
    /** The engine's logger, so that the log lines read as they always have. */
    private static final Logger LOG = LoggerFactory.getLogger(DecisionEngine.class);
    private static final long ONE_IN_BPS = 10_000L;
    private static final int BPS_DECIMALS = 4;
    private static final long NS_PER_MS = 1_000_000L;

    private final OrderSender sender;
    private final Exits exits;

    /**
     * @param sender where the cancels go
     * @param exits  closes what a resting entry an exit signal cancelled had filled
     */
    RestingEntries(OrderSender sender, Exits exits) {
        this.sender = sender;
        this.exits = exits;
    }

    /**
     * The price a resting entry is placed at: the best price on its own side of the book (the bid for a buy, the
     * ask for a sell; with no quote known, {@code reference}: the last trade, or the signal bar's close if newer, see
     * {@link Sizer#reference}), moved {@code offsetBps} in the trader's favour, then to a whole number of ticks the
     * same way:
     *
     * <pre>
     *   buy  = floor(floor(bid x (1 - offsetBps/10000)) / tickSize) x tickSize     (at least one tick)
     *   sell = ceil (ceil (ask x (1 + offsetBps/10000)) / tickSize) x tickSize
     * </pre>
     *
     * (the inner rounding to the instrument's price decimals; tickSize 1 mantissa unit without a PRICE_FILTER).
     * Rounding in the trader's favour keeps the order at least {@code offsetBps} away from the best price, never
     * closer to crossing.
     *
     * @param side      the entry's side
     * @param offsetBps basis points in the trader's favour, 0..1000
     * @param reference the entry's reference price, price mantissa; used only without a quote on the order's side
     * @return the limit price mantissa, &gt;= 1 tick; 0 if no price is known at all (no quote, reference 0)
     * @throws ArithmeticException if the price does not fit a long
     */
    static long price(Market m, Side side, int offsetBps, long reference) {
        long best = side == Side.BUY ? m.bid : m.ask;
        if (best <= 0) {
            best = reference;
        }
        if (best <= 0) {
            return 0;
        }
        int decimals = m.instrument.priceDecimals();
        long tick = m.tickSize > 0 ? m.tickSize : 1;
        if (side == Side.BUY) {
            long price = FixedPoint.multiply(best, decimals, ONE_IN_BPS - offsetBps, BPS_DECIMALS, decimals,
                    RoundingMode.DOWN);
            price -= price % tick;
            return Math.max(price, tick);
        }
        long price = FixedPoint.multiply(best, decimals, ONE_IN_BPS + offsetBps, BPS_DECIMALS, decimals,
                RoundingMode.UP);
        return price % tick == 0 ? price : Math.addExact(price - price % tick, tick);
    }

    /**
     * On each tick of the instrument: a resting entry placed {@code timeoutMs} or more ago (event time) and not
     * cancelled yet is cancelled (reason {@value DecisionEngine#REASON_RESTING_ENTRY}); what it filled stays, and the
     * engine treats its end as that of any partly filled entry. Nothing while the engine rebuilds. Allocation-free
     * unless a cancel is sent.
     *
     * @param eventTimeNs the tick's event time, UTC epoch ns
     */
    void expire(Market m, long eventTimeNs) {
        if (sender.rebuilding) {
            return;
        }
        Position[] positions = m.positions;
        for (int i = 0; i < positions.length; i++) {
            Strategy st = m.owners[i];
            Position p = positions[i];
            if (st.config.entryOrder() == null || p.pendingOrderId() == null) {
                continue;
            }
            Order<OrderContext> so = sender.tracker().get(p.pendingOrderId());
            if (so == null || so.state().isFinal() || so.attachment().entryStartNs == 0
                    || so.attachment().cancelSent) {
                continue;
            }
            long timeoutMs = st.config.entryOrder().timeoutMs();
            if (eventTimeNs - so.attachment().entryStartNs >= timeoutMs * NS_PER_MS) {
                sender.cancel(so, "timeout: not completely filled " + timeoutMs + " ms after it was placed ("
                        + m.instrument.formatSize(so.filledQuantity()) + " of "
                        + m.instrument.formatSize(so.quantity()) + " filled)", eventTimeNs);
            }
        }
    }

    /**
     * An exit signal (FLAT, or SHORT where shorts are not allowed, which only flattens) while the position waits on
     * a resting entry: the entry is cancelled first (reason {@value DecisionEngine#REASON_SIGNAL}; not again if its
     * cancel is already on its way) and what it filled is closed once the venue answers ({@link #ended}). The signal
     * counts as acted on.
     *
     * @param pending the position's pending order
     * @return true if the signal was taken so; false if it is no exit signal or {@code pending} no working resting
     * entry (the caller denies it {@code ORDER_OUTSTANDING} as before)
     */
    boolean exitSignal(Strategy st, Market m, Order<OrderContext> pending, Signal s) {
        boolean exit = s.direction() == Direction.FLAT
                || s.direction() == Direction.SHORT && !st.config.allowShort();
        OrderContext ctx = pending.attachment();
        if (!exit || pending.state().isFinal() || ctx.entryStartNs == 0 || ctx.exitSignalId != 0) {
            return false;
        }
        ctx.exitSignalId = s.signalId() > 0 ? s.signalId() : -1;
        if (s.signalId() > 0) {
            st.lastActedSignalId = Math.max(st.lastActedSignalId, s.signalId());
        }
        if (ctx.cancelSent) {
            LOG.info("signal {} {} {} of {}: resting entry {} is already being cancelled; what it filled is closed "
                    + "after", s.signalId(), s.direction(), m.instrument.symbol(), st.id, pending.clientOrderId());
            return true;
        }
        sender.cancel(pending, REASON_SIGNAL, "exit signal " + s.signalId() + " " + s.direction()
                + ": cancel the resting entry, then close what it filled", s.eventTimeNs());
        return true;
    }

    /**
     * After a resting entry ended (cancelled, expired, rejected, or completely filled while its cancel was on its
     * way): if an exit signal cancelled it and it left a position, the position is closed as that signal's exit
     * ({@link Exits#exit}: a limit exit with {@code exitOrder}, else as {@code orderType} says). Nothing while the
     * engine rebuilds (see {@link Rebuild#rebuilt}).
     *
     * @param so          the order that just ended
     * @param eventTimeNs the event time of its end, UTC epoch ns
     * @return true if an exit was sent (or denied)
     */
    boolean ended(Order<OrderContext> so, long eventTimeNs) {
        OrderContext ctx = so.attachment();
        Position p = ctx.strategy.positions[ctx.market.index];
        if (ctx.entryStartNs == 0 || ctx.exitSignalId == 0 || ctx.successorSent || p.isFlat() || sender.rebuilding
                || p.pendingOrderId() != null) {
            return false;
        }
        exits.exit(ctx.strategy, ctx.market, p, Math.max(ctx.exitSignalId, 0), REASON_SIGNAL, eventTimeNs, 0, false,
                null);
        return true;
    }
}
