package io.aquatrade.router.venue.paper;

import java.math.RoundingMode;

import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.LiquiditySide;
import io.aquatrade.common.OrderAccepted;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.OrderType;
import io.aquatrade.common.RejectReason;
import io.aquatrade.common.Side;
import io.aquatrade.common.SubmitOrder;
import io.aquatrade.router.Account;
import io.aquatrade.router.LatestPrices;
import io.aquatrade.router.Venue;
import io.aquatrade.router.VenueReports;

/**
 * A simulated venue that fills every order at once, in full or not at all (immediate-or-cancel), against the
 * latest prices the router saw, as a taker.
 *
 * <p>Fill rules (all amounts exact mantissas; see docs on {@link #marketPrice}):
 * <ol>
 *   <li><b>Price.</b> A market buy fills at the best ask of the latest quote, a sell at the best bid. With no quote
 *       (or that side empty) it fills at the last trade price moved against the trader by {@code slippageBps}:
 *       {@code last * (1 + slippageBps / 10^4)} rounded up for a buy, {@code last * (1 - slippageBps / 10^4)} rounded
 *       down for a sell, to the instrument's price decimals. No price at all: rejected "no market price".</li>
 *   <li><b>Limit.</b> A limit order fills at that same market price if it is at or better than the limit (buy:
 *       price &lt;= limit, sell: price &gt;= limit), else it is rejected "limit not marketable (IOC)".</li>
 *   <li><b>Notional.</b> {@code quoteQuantity = price x quantity} in the quote asset's decimals, rounded up for a
 *       buy and down for a sell (against the account).</li>
 *   <li><b>Fee.</b> {@code fee = notional x takerFeeBps / 10^4} in the quote asset, rounded up; liquidity side
 *       {@link LiquiditySide#TAKER}.</li>
 *   <li><b>Balance.</b> A buy needs quote balance &gt;= notional + fee, else rejected "insufficient balance:
 *       &lt;quote&gt;". A sell needs base balance &gt;= quantity (in the base asset's decimals), else rejected
 *       "insufficient balance: &lt;base&gt;" — unless {@code allowShort} is set: then the base balance may go
 *       negative (a margin short: the sale's proceeds are credited in the quote asset, the debt stays in the base
 *       asset) as long as the short it leaves, valued at the fill price,
 *       {@code (-baseBalanceAfter) x price} in the quote asset's decimals rounded up, is at most
 *       {@code maxShortNotional}; else rejected "short limit exceeded: &lt;base&gt;". The limit is on the account's
 *       whole short in that asset, whichever strategy sold it; buying back is an ordinary buy. No borrow fee or
 *       margin call is simulated.</li>
 * </ol>
 * A filled order is accepted with venue order id {@code paper-<n>} (n counts accepted orders from 1, resumed by
 * {@link #recover}) and filled once with trade id {@code paper-<n>-1}, {@code last = true}.
 *
 * <p>Not thread-safe: runs on the router's agent thread. Rejections and fills allocate a few strings (orders are
 * rare); market data never reaches this class.
 */
public final class PaperVenue implements Venue {
    /** Venue name and venue order id prefix. */
    public static final String NAME = "paper";
    /** Reason when neither a quote nor a trade of the instrument has been seen. */
    public static final String NO_MARKET_PRICE = "no market price";
    /** Reason when an immediate-or-cancel limit order would not fill at once. */
    public static final String LIMIT_NOT_MARKETABLE = "limit not marketable (IOC)";
    /** Prefix of the reason when the account cannot pay; the asset follows. */
    public static final String INSUFFICIENT_BALANCE = "insufficient balance: ";
    /** Prefix of the reason when a sell would leave a short beyond {@code maxShortNotional}; the base asset follows. */
    public static final String SHORT_LIMIT_EXCEEDED = "short limit exceeded: ";

    private static final int BPS_DECIMALS = 4;
    private static final long ONE_IN_BPS = 10_000L;

    private final PaperVenueConfig config;
    private final LatestPrices prices;
    private final Account account;
    private final OrderFilled fill = new OrderFilled();
    private long orderCounter;

    /**
     * @param config  fee, slippage, short rules (starting balances are the router's business); its
     *                {@code maxShortNotional} must be exact at the decimals of every quote asset, as
     *                {@link io.aquatrade.router.RouterConfig#validate} checks
     * @param prices  the router's latest prices, read at each order
     * @param account the router's account, read to check balances (the router books fills into it)
     */
    public PaperVenue(PaperVenueConfig config, LatestPrices prices, Account account) {
        this.config = config;
        this.prices = prices;
        this.account = account;
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * The price a market order of this side would fill at now.
     *
     * @param instrument the instrument
     * @param side       the order's side
     * @return price mantissa in the instrument's price decimals; 0 if no price is known
     */
    public long marketPrice(Instrument instrument, Side side) {
        String symbol = instrument.symbol();
        long quoted = side == Side.BUY ? prices.askPrice(symbol) : prices.bidPrice(symbol);
        if (quoted > 0) {
            return quoted;
        }
        long last = prices.lastTradePrice(symbol);
        if (last <= 0) {
            return 0;
        }
        int d = instrument.priceDecimals();
        long factorBps = side == Side.BUY ? ONE_IN_BPS + config.slippageBps() : ONE_IN_BPS - config.slippageBps();
        long price = FixedPoint.multiply(last, d, factorBps, BPS_DECIMALS, d,
                side == Side.BUY ? RoundingMode.UP : RoundingMode.DOWN);
        return Math.max(price, 0);
    }

    @Override
    public void submit(SubmitOrder order, Instrument instrument, VenueReports reports) {
        execute(order, instrument, null, reports);
    }

    /**
     * Fills an order accepted under {@code venueOrderId} before the router stopped, by the same rules and against
     * the same prices and balances as then (the router rebuilds both to the moment of the order), without a second
     * acceptance and without using a new order number.
     */
    @Override
    public boolean resume(SubmitOrder order, Instrument instrument, String venueOrderId, VenueReports reports) {
        execute(order, instrument, venueOrderId, reports);
        return true;
    }

    /** @param resumedId the venue order id of an order accepted in an earlier run; null for a new order */
    private void execute(SubmitOrder order, Instrument instrument, String resumedId, VenueReports reports) {
        Side side = order.side();
        long price = marketPrice(instrument, side);
        if (price <= 0) {
            reports.rejected(order, RejectReason.NO_PRICE, NO_MARKET_PRICE);
            return;
        }
        if (order.orderType() == OrderType.LIMIT
                && (side == Side.BUY ? price > order.limitPrice() : price < order.limitPrice())) {
            reports.rejected(order, RejectReason.LIMIT_NOT_MARKETABLE, LIMIT_NOT_MARKETABLE);
            return;
        }
        String base = instrument.base();
        String quote = instrument.quote();
        long quantity = order.quantity();
        long notional;
        long fee;
        long baseAmount;
        long shortNotional = 0;
        int quoteDecimals = account.decimals(quote);
        try {
            notional = FixedPoint.multiply(price, instrument.priceDecimals(), quantity, instrument.sizeDecimals(),
                    quoteDecimals, side == Side.BUY ? RoundingMode.UP : RoundingMode.DOWN);
            fee = FixedPoint.multiply(notional, quoteDecimals, config.takerFeeBps(), BPS_DECIMALS, quoteDecimals,
                    RoundingMode.UP);
            baseAmount = FixedPoint.rescale(quantity, instrument.sizeDecimals(), account.decimals(base),
                    RoundingMode.UNNECESSARY);
            if (side == Side.SELL) {
                long baseAfter = Math.subtractExact(account.balance(base), baseAmount);
                if (baseAfter < 0) {
                    shortNotional = FixedPoint.multiply(Math.negateExact(baseAfter), account.decimals(base), price,
                            instrument.priceDecimals(), quoteDecimals, RoundingMode.UP);
                }
            }
        } catch (ArithmeticException e) {
            reports.rejected(order, RejectReason.LOT_SIZE, "order size out of range: " + e.getMessage());
            return;
        }
        if (notional <= 0) {
            reports.rejected(order, RejectReason.MIN_NOTIONAL, "notional rounds to zero " + quote);
            return;
        }
        if (side == Side.BUY) {
            if (account.balance(quote) < notional || account.balance(quote) - notional < fee) {
                reports.rejected(order, RejectReason.INSUFFICIENT_BALANCE, INSUFFICIENT_BALANCE + quote);
                return;
            }
        } else if (account.balance(base) < baseAmount) {
            if (!config.allowShort()) {
                reports.rejected(order, RejectReason.INSUFFICIENT_BALANCE, INSUFFICIENT_BALANCE + base);
                return;
            }
            if (shortNotional > FixedPoint.fromBigDecimal(config.maxShortNotional(), quoteDecimals)) {
                reports.rejected(order, RejectReason.INSUFFICIENT_BALANCE, SHORT_LIMIT_EXCEEDED + base);
                return;
            }
        }
        String venueOrderId = resumedId;
        if (venueOrderId == null) {
            venueOrderId = NAME + "-" + ++orderCounter;
            reports.accepted(order, venueOrderId);
        }
        fill.reset();
        fill.venueOrderId(venueOrderId)
                .tradeId(venueOrderId + "-1")
                .side(side)
                .fillPrice(price)
                .fillQuantity(quantity)
                .quoteQuantity(notional)
                .cumulativeQuantity(quantity)
                .leavesQuantity(0)
                .fee(fee)
                .feeAsset(quote)
                .liquiditySide(LiquiditySide.TAKER)
                .last(true);
        reports.filled(order, fill);
    }

    /** Resumes the order counter past every {@code paper-<n>} id already used. */
    @Override
    public void recover(OrderAccepted accepted) {
        String id = accepted.venueOrderId();
        String prefix = NAME + "-";
        if (id == null || !id.startsWith(prefix)) {
            return;
        }
        try {
            orderCounter = Math.max(orderCounter, Long.parseLong(id.substring(prefix.length())));
        } catch (NumberFormatException ignored) {
            // not one of ours: nothing to resume
        }
    }

    /** @return orders accepted so far, including those recovered: the n of the last {@code paper-<n>} */
    public long orderCounter() {
        return orderCounter;
    }
}
