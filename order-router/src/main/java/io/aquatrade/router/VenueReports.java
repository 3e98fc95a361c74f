package io.aquatrade.router;

import io.aquatrade.common.CancelOrder;
import io.aquatrade.common.RejectReason;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.SubmitOrder;

/**
 * A {@link Venue}'s answers to an order, implemented by the {@link OrderRouter}: it books fills and writes the
 * execution reports. Called on the agent thread only. Every argument may be reused after the call returns.
 */
public interface VenueReports {
    /**
     * The venue accepted the order.
     *
     * @param order        the order as submitted
     * @param venueOrderId the venue's id for it
     */
    void accepted(SubmitOrder order, String venueOrderId);

    /**
     * The venue rejected the order; nothing was filled.
     *
     * @param order  the order as submitted
     * @param code   why, as a code
     * @param reason why, in words, e.g. "insufficient balance: ETH"
     */
    void rejected(SubmitOrder order, RejectReason code, String reason);

    /**
     * The order was (partly) filled. The venue sets the fill's venue order id, trade id, side, price, quantity,
     * notional ({@code quoteQuantity}), cumulative and leaves quantities, fee and fee asset, liquidity side and
     * {@code last}, and its {@code eventTimeNs} when the fill happens after the order's own time (a resting order
     * filled by a later trade); the router stamps the order's ids and instrument, and the order's event time if the
     * fill has none (0).
     *
     * @param order the order as submitted
     * @param fill  the fill (fee in its {@code feeAsset}: the paper venue's quote or base asset, Binance's commission
     *              asset)
     */
    void filled(SubmitOrder order, OrderFilled fill);

    /**
     * The order ended by its time in force, or could no longer be filled: an IOC remainder, a FOK order not fillable
     * whole, an immediate limit not marketable. Nothing more of it fills.
     *
     * @param order              the order as submitted
     * @param venueOrderId       the venue's id for it
     * @param cumulativeQuantity what it filled before it expired, size mantissa; 0 for nothing
     * @param reason             why, in words, e.g. "IOC remainder"
     * @param eventTimeNs        when it expired, UTC epoch ns: the order's time, or the trade's that ended it
     */
    void expired(SubmitOrder order, String venueOrderId, long cumulativeQuantity, String reason, long eventTimeNs);

    /**
     * A resting order was removed at the decision engine's request ({@link io.aquatrade.common.CancelOrder}).
     *
     * @param order              the order as submitted
     * @param venueOrderId       the venue's id for it
     * @param cumulativeQuantity what it had filled, size mantissa; 0 for nothing
     * @param eventTimeNs        the cancel's event time, UTC epoch ns
     */
    void canceled(SubmitOrder order, String venueOrderId, long cumulativeQuantity, long eventTimeNs);

    /**
     * A cancel reached the venue and found no working order of its client order id (a venue that answers cancels
     * later than {@link Venue#cancel} returns, e.g. with latency). The router answers {@code CancelRejected},
     * finished or unknown by the client order ids it has seen.
     *
     * @param cancel      the request as sent
     * @param eventTimeNs when it reached the venue, UTC epoch ns
     */
    void cancelRejected(CancelOrder cancel, long eventTimeNs);

    /**
     * The venue's reconciliation of an instrument ({@code binance}'s {@code Reconciler}): reduce-only when what the
     * venue holds differs from what the router booked beyond tolerance, else fine. The router writes a
     * {@link io.aquatrade.common.ReconciliationStatus} on {@code executions} only when the state differs from the
     * last one written (recovered from the topic after a restart), so the venue may report every reconciliation.
     *
     * @param instrument  the instrument's symbol
     * @param reduceOnly  true: no entries until resolved; false: fine
     * @param reason      what was found, with the numbers
     * @param eventTimeNs when, UTC epoch ns (the venue's clock)
     */
    void reconciliation(String instrument, boolean reduceOnly, String reason, long eventTimeNs);

    /**
     * The venue's rate limit stopped requests ({@code binance}: an HTTP 429's back-off or a 418's ban, see
     * {@link io.aquatrade.common.RestBudget}). The router writes a {@link io.aquatrade.common.RateLimitStatus} on
     * {@code executions}, for operators (the notifier alerts on it); nothing else changes. Ignored by default.
     *
     * @param ban         true for a ban (418), false for a back-off (429)
     * @param untilNs     until when no request may go, UTC epoch ns
     * @param reason      what happened, for an operator
     * @param eventTimeNs when, UTC epoch ns (the venue's clock)
     */
    default void rateLimited(boolean ban, long untilNs, String reason, long eventTimeNs) {
    }
}
