package io.aquatrade.router;

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
     * notional ({@code quoteQuantity}), fee and fee asset, liquidity side and {@code last}; the router stamps the
     * order's ids, instrument and event time.
     *
     * @param order the order as submitted
     * @param fill  the fill (fee in the instrument's quote asset in this version)
     */
    void filled(SubmitOrder order, OrderFilled fill);
}
