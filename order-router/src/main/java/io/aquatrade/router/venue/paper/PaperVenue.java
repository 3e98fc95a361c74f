package io.aquatrade.router.venue.paper;

import java.math.RoundingMode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

import io.aquatrade.common.CancelOrder;
import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.InstrumentFilters;
import io.aquatrade.common.LiquiditySide;
import io.aquatrade.common.OrderAccepted;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.OrderType;
import io.aquatrade.common.RejectReason;
import io.aquatrade.common.Side;
import io.aquatrade.common.MessageCopies;
import io.aquatrade.common.SubmitOrder;
import io.aquatrade.common.TimeInForce;
import io.aquatrade.common.TradeTick;
import io.aquatrade.router.Account;
import io.aquatrade.router.LatestPrices;
import io.aquatrade.router.Venue;
import io.aquatrade.router.VenueReports;

/**
 * A simulated venue that matches orders against recorded market data the way an exchange would: it takes
 * liquidity at the best bid/ask for market and marketable limit orders, keeps resting (GTC) limit orders and
 * untriggered stops per instrument, and fills them from the trades that print after them.
 *
 * <p>Taking liquidity (a market order, the marketable part of a limit order, a triggered stop), all amounts exact
 * mantissas:
 * <ol>
 *   <li><b>Price.</b> A buy takes the best ask of the latest quote, a sell the best bid, up to the quote's size on
 *       that side when the feed gives one (size 0 = unknown: no limit); the remainder fills at that price moved
 *       against the trader by {@code slippageBps} (the next level of the book, which the quote does not show):
 *       {@code p * (1 + slippageBps / 10^4)} rounded up for a buy, {@code p * (1 - slippageBps / 10^4)} rounded down
 *       for a sell, to the instrument's price decimals. With no quote (or that side empty) the whole order fills at
 *       the last trade price moved the same way. No price at all: rejected "no market price" ({@code NO_PRICE}).
 *       With a {@code stepSize} the quote's size is taken in whole steps (less than a step: all at the next level),
 *       so every fill is a whole number of steps, as an exchange's are (with the exchange's real step, recorded sizes
 *       already are).</li>
 *   <li><b>Limit.</b> A limit order takes each of those prices that is at or better than its limit (buy:
 *       price &lt;= limit, sell: price &gt;= limit). What it cannot take at once: an IOC order's remainder expires
 *       ({@code OrderExpired} "IOC remainder", or "limit not marketable (IOC)" when nothing filled); a GTC order
 *       rests at its limit. A FOK order that cannot fill whole at once expires with nothing filled.
 *       A {@code postOnly} limit whose price is at or through the opposite best price (quote, else last trade) is
 *       rejected {@code POST_ONLY_WOULD_CROSS}.</li>
 *   <li><b>Notional.</b> {@code quoteQuantity = price x quantity} in the quote asset's decimals, rounded up for a
 *       buy and down for a sell (against the account), per fill.</li>
 *   <li><b>Fee.</b> {@code takerFeeBps}, liquidity side {@link LiquiditySide#TAKER}, when taking;
 *       {@code makerFeeBps}, {@link LiquiditySide#MAKER}, for a resting order's fills; charged in the asset
 *       {@code feeAsset} says ({@link PaperVenueConfig.FeeAsset}): in the quote asset
 *       {@code fee = notional x feeBps / 10^4} at the quote asset's decimals, in the base asset
 *       {@code fee = quantity x feeBps / 10^4} at the base asset's decimals, both rounded up.</li>
 *   <li><b>Balance.</b> A buy needs quote balance &gt;= notional + fee (notional alone when its fee is taken from
 *       the base asset it receives), else rejected "insufficient balance:
 *       &lt;quote&gt;". A sell needs base balance &gt;= quantity (in the base asset's decimals), else rejected
 *       "insufficient balance: &lt;base&gt;" — unless {@code allowShort} is set: then the base balance may go
 *       negative (a margin short: the sale's proceeds are credited in the quote asset, the debt stays in the base
 *       asset) as long as the short it leaves, valued at the (first) fill price,
 *       {@code (-baseBalanceAfter) x price} in the quote asset's decimals rounded up, is at most
 *       {@code maxShortNotional}; else rejected "short limit exceeded: &lt;base&gt;". At submission the check covers
 *       what fills at once plus, for a GTC limit, the rest at its limit price with the maker fee; a stop is checked
 *       whole at its limit (or trigger) price with the taker fee. Balances are only read here: they change on
 *       fills, which the router books. A working order that can no longer pay when it fills expires with that
 *       reason.</li>
 * </ol>
 *
 * <p>Resting orders, on each trade of their instrument that the router receives after them, in time priority
 * (submission order): a limit buy fills when the trade prints strictly below its limit, a sell strictly above
 * ({@code queueModel: through}; {@code touch} also at the limit), at its limit price, up to the trade's quantity
 * (shared by the resting orders in time priority; whole steps of {@code stepSize}), as MAKER. A stop rests untriggered until a trade at or through
 * its trigger (sell stop: price &lt;= trigger; buy stop: price &gt;= trigger); it then takes liquidity as a market
 * (STOP_MARKET) or limit (STOP_LIMIT) order with its time in force, at the prices after that trade.
 *
 * <p>With {@code latencyMs} &gt; 0 an order or cancel reaches the book that long after its event time: it acts
 * just before the first market data of a configured instrument stamped after that time, against the market as it
 * was, and everything it causes carries that market data's event time (so nothing is written below a watermark).
 * Orders on their way when the router stops are put back on their way at the restart ({@link #requeue}); cancels
 * on their way are lost.
 *
 * <p>An accepted order gets venue order id {@code paper-<n>} (n counts accepted orders from 1, resumed by
 * {@link #recover}); its fills have trade ids {@code paper-<n>-1}, {@code paper-<n>-2}, ... and carry the cumulative
 * and leaves quantities; the fill that completes it has {@code last = true}. A fill when the order is submitted has
 * no event time of its own (the router stamps the order's); a later one has its trade's.
 *
 * <p>Not thread-safe: runs on the router's agent thread. Orders, fills and expiries allocate a few objects (orders
 * are rare); a trade allocates nothing: one map look-up of its instrument's book and, if the book is not empty, a
 * scan of its working orders.
 */
public final class PaperVenue implements Venue {
    /** Venue name and venue order id prefix. */
    public static final String NAME = "paper";
    /** Reason when neither a quote nor a trade of the instrument has been seen. */
    public static final String NO_MARKET_PRICE = "no market price";
    /** Reason (of an expiry) when an immediate-or-cancel or fill-or-kill limit order found no price within its limit. */
    public static final String LIMIT_NOT_MARKETABLE = "limit not marketable (IOC)";
    /** Reason of the expiry of what an IOC order could not fill at once. */
    public static final String IOC_REMAINDER = "IOC remainder";
    /** Reason of the expiry of a FOK order that could not fill whole at once. */
    public static final String FOK_NOT_FILLABLE = "FOK not fillable whole";
    /** Reason when a post-only limit order would take liquidity. */
    public static final String POST_ONLY_WOULD_CROSS = "post-only order would cross";
    /** Prefix of the reason when the account cannot pay; the asset follows. */
    public static final String INSUFFICIENT_BALANCE = "insufficient balance: ";
    /** Prefix of the reason when a sell would leave a short beyond {@code maxShortNotional}; the base asset follows. */
    public static final String SHORT_LIMIT_EXCEEDED = "short limit exceeded: ";

    private static final int BPS_DECIMALS = 4;
    private static final long ONE_IN_BPS = 10_000L;
    /** At most two prices per take: the best bid/ask up to its size, then one slipped level. */
    private static final int MAX_SLICES = 2;

    private final PaperVenueConfig config;
    private final LatestPrices prices;
    private final Account account;
    private final OrderFilled fill = new OrderFilled();
    /** Working orders per instrument symbol, in time priority; lists are kept (emptied) to avoid re-allocation. */
    private final Map<String, ArrayList<Working>> books = new HashMap<>();
    /** Working orders by client order id. */
    private final Map<String, Working> working = new HashMap<>();
    /**
     * Stops put back by {@link #restore} that had filled nothing, until {@link #retrigger} finds them triggered (only
     * read during a restart's recovery).
     */
    private final ArrayList<Working> restoredStops = new ArrayList<>();
    /** Orders and cancels sent with latency, in the order sent (their arrival times never decrease). */
    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
    private final long latencyNs;
    private final Map<String, InstrumentFilters.Exact> filters;
    private final long[] slicePrice = new long[MAX_SLICES];
    private final long[] sliceQuantity = new long[MAX_SLICES];
    /** Scratch of {@link #cost}: (price, quantity, fee bps) of each part. */
    private final long[] costParts = new long[9];
    /** Result of {@link #cost}: a reason the account cannot pay, or null. */
    private String costProblem;
    private RejectReason costCode;
    private long orderCounter;

    /**
     * @param config  fees, slippage, queue model, short rules (starting balances are the router's business); its
     *                {@code maxShortNotional} must be exact at the decimals of every quote asset, as
     *                {@link io.aquatrade.router.RouterConfig#validate} checks
     * @param prices  the router's latest prices, read at each order and each trade
     * @param account the router's account, read to check balances (the router books fills into it)
     */
    public PaperVenue(PaperVenueConfig config, LatestPrices prices, Account account) {
        this(config, Map.of(), prices, account);
    }

    /**
     * @param config  as above
     * @param filters order filters per instrument symbol, from {@link PaperVenueConfig#exactFilters}
     * @param prices  as above
     * @param account as above
     */
    public PaperVenue(PaperVenueConfig config, Map<String, InstrumentFilters.Exact> filters,
                      LatestPrices prices, Account account) {
        this.config = config;
        this.filters = Map.copyOf(filters);
        this.prices = prices;
        this.account = account;
        this.latencyNs = Math.multiplyExact(config.latencyMs(), 1_000_000L);
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * The price a market order of this side would fill at now (its first level).
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
        return last <= 0 ? 0 : slipped(last, instrument, side);
    }

    /** @return {@code price} moved against a trader of {@code side} by {@code slippageBps}, never below 0 */
    private long slipped(long price, Instrument instrument, Side side) {
        int d = instrument.priceDecimals();
        long factorBps = side == Side.BUY ? ONE_IN_BPS + config.slippageBps() : ONE_IN_BPS - config.slippageBps();
        long p = FixedPoint.multiply(price, d, factorBps, BPS_DECIMALS, d,
                side == Side.BUY ? RoundingMode.UP : RoundingMode.DOWN);
        return Math.max(p, 0);
    }

    /**
     * Executes the order now, or with {@code latencyMs} &gt; 0 keeps a copy that reaches the book
     * {@code latencyMs} after its event time: it then executes just before the first market data after that time,
     * against the market as it was, and all its messages carry that market data's event time.
     */
    @Override
    public void submit(SubmitOrder order, Instrument instrument, VenueReports reports) {
        if (latencyNs > 0) {
            InFlight f = new InFlight(instrument, arrival(order.eventTimeNs()));
            f.order = new SubmitOrder();
            MessageCopies.copy(order, f.order);
            inFlight.add(f);
            return;
        }
        execute(order, instrument, null, reports);
    }

    /** With latency, queues the order again to reach the book when it would have (its event time + latency). */
    @Override
    public boolean requeue(SubmitOrder order, Instrument instrument) {
        if (latencyNs <= 0) {
            return false;
        }
        submit(order, instrument, null);
        return true;
    }

    private long arrival(long eventTimeNs) {
        return eventTimeNs > Long.MAX_VALUE - latencyNs ? Long.MAX_VALUE : eventTimeNs + latencyNs;
    }

    /** Lets the orders and cancels that reached the book before {@code eventTimeNs} act, oldest first. */
    @Override
    public void beforeMarketData(long eventTimeNs, VenueReports reports) {
        while (!inFlight.isEmpty() && inFlight.peekFirst().arrivalNs < eventTimeNs) {
            InFlight f = inFlight.pollFirst();
            if (f.order != null) {
                f.order.eventTimeNs(eventTimeNs);
                execute(f.order, f.instrument, null, reports);
            } else {
                f.cancel.eventTimeNs(eventTimeNs);
                if (!cancelNow(f.cancel, reports)) {
                    reports.cancelRejected(f.cancel, eventTimeNs);
                }
            }
        }
    }

    /** @return orders and cancels sent with latency that have not reached the book yet */
    public int inFlightCount() {
        return inFlight.size();
    }

    /**
     * Executes an order accepted under {@code venueOrderId} before the router stopped, by the same rules and against
     * the same prices and balances as then (the router rebuilds both to the moment of the order), without a second
     * acceptance and without using a new order number: it fills, expires or rests as it would have.
     */
    @Override
    public boolean resume(SubmitOrder order, Instrument instrument, String venueOrderId, VenueReports reports) {
        execute(order, instrument, venueOrderId, reports);
        return true;
    }

    /** @param resumedId the venue order id of an order accepted in an earlier run; null for a new order */
    private void execute(SubmitOrder order, Instrument instrument, String resumedId, VenueReports reports) {
        Side side = order.side();
        OrderType type = order.orderType();
        long timeNs = order.eventTimeNs();
        if (resumedId == null && !passesFilters(order, instrument, reports)) {
            return;
        }
        if (type == OrderType.STOP_MARKET || type == OrderType.STOP_LIMIT) {
            long price = type == OrderType.STOP_LIMIT ? order.limitPrice() : order.triggerPrice();
            if (!cost(side, instrument, price, order.quantity(), config.takerFeeBps(), 0, 0, 0, 0)) {
                reports.rejected(order, costCode, costProblem);
                return;
            }
            Working w = accept(order, instrument, resumedId, reports);
            rest(w);
            return;
        }
        if (order.postOnly()) {
            String symbol = instrument.symbol();
            long opposite = side == Side.BUY ? prices.askPrice(symbol) : prices.bidPrice(symbol);
            if (opposite <= 0) {
                opposite = prices.lastTradePrice(symbol);
            }
            if (opposite > 0 && within(side, opposite, order.limitPrice())) {
                reports.rejected(order, RejectReason.POST_ONLY_WOULD_CROSS, POST_ONLY_WOULD_CROSS);
                return;
            }
        }
        boolean gtcLimit = type == OrderType.LIMIT && timeInForce(order) == TimeInForce.GTC;
        int n = plan(side, instrument, type == OrderType.LIMIT ? order.limitPrice() : 0, order.quantity());
        if (n < 0 && !gtcLimit) {
            reports.rejected(order, RejectReason.NO_PRICE, NO_MARKET_PRICE);
            return;
        }
        n = Math.max(n, 0);
        long taken = (n > 0 ? sliceQuantity[0] : 0) + (n > 1 ? sliceQuantity[1] : 0);
        long rest = gtcLimit ? order.quantity() - taken : 0;
        if (timeInForce(order) == TimeInForce.FOK && taken < order.quantity()) {
            Working w = accept(order, instrument, resumedId, reports);
            reports.expired(order, w.venueOrderId, 0, FOK_NOT_FILLABLE, timeNs);
            return;
        }
        if (!cost(side, instrument, n > 0 ? slicePrice[0] : 0, n > 0 ? sliceQuantity[0] : 0, config.takerFeeBps(),
                n > 1 ? slicePrice[1] : 0, n > 1 ? sliceQuantity[1] : 0, rest > 0 ? order.limitPrice() : 0, rest)) {
            reports.rejected(order, costCode, costProblem);
            return;
        }
        Working w = accept(order, instrument, resumedId, reports);
        take(w, n, timeNs, reports);
    }

    /**
     * Checks the instrument's order filters (before the book): PRICE_FILTER (limit and trigger prices multiples of
     * {@code tickSize}), LOT_SIZE (quantity at least {@code minQty} and a multiple of {@code stepSize}), MIN_NOTIONAL
     * (price x quantity at least {@code minNotional}, at the limit price, else the trigger price, else the market
     * price; rounded down to the quote asset's decimals). Rejects the order naming the filter if one fails.
     *
     * @return true if it passes (or the instrument has no filters)
     */
    private boolean passesFilters(SubmitOrder order, Instrument instrument, VenueReports reports) {
        InstrumentFilters.Exact f = filters.get(instrument.symbol());
        if (f == null) {
            return true;
        }
        long tick = f.tickSize();
        if (tick > 0 && (order.limitPrice() % tick != 0 || order.triggerPrice() % tick != 0)) {
            long bad = order.limitPrice() % tick != 0 ? order.limitPrice() : order.triggerPrice();
            reports.rejected(order, RejectReason.PRICE_FILTER, "PRICE_FILTER: price " + instrument.formatPrice(bad)
                    + " is not a multiple of tickSize " + instrument.formatPrice(tick));
            return false;
        }
        if (order.quantity() < f.minQty()) {
            reports.rejected(order, RejectReason.LOT_SIZE, "LOT_SIZE: quantity " + instrument.formatSize(
                    order.quantity()) + " is below minQty " + instrument.formatSize(f.minQty()));
            return false;
        }
        if (f.stepSize() > 0 && order.quantity() % f.stepSize() != 0) {
            reports.rejected(order, RejectReason.LOT_SIZE, "LOT_SIZE: quantity " + instrument.formatSize(
                    order.quantity()) + " is not a multiple of stepSize " + instrument.formatSize(f.stepSize()));
            return false;
        }
        if (f.minNotional() > 0) {
            long price = order.limitPrice() > 0 ? order.limitPrice()
                    : order.triggerPrice() > 0 ? order.triggerPrice() : marketPrice(instrument, order.side());
            if (price > 0) {
                int quoteDecimals = account.decimals(instrument.quote());
                long notional;
                try {
                    notional = FixedPoint.multiply(price, instrument.priceDecimals(), order.quantity(),
                            instrument.sizeDecimals(), quoteDecimals, RoundingMode.DOWN);
                } catch (ArithmeticException e) {
                    notional = Long.MAX_VALUE;
                }
                if (notional < f.minNotional()) {
                    reports.rejected(order, RejectReason.MIN_NOTIONAL, "MIN_NOTIONAL: notional "
                            + FixedPoint.format(notional, quoteDecimals) + " " + instrument.quote()
                            + " is below minNotional " + FixedPoint.format(f.minNotional(), quoteDecimals));
                    return false;
                }
            }
        }
        return true;
    }

    /** @return the instrument's {@code stepSize} as a size mantissa, 1 if it has none */
    private long step(Instrument instrument) {
        InstrumentFilters.Exact f = filters.get(instrument.symbol());
        return f == null || f.stepSize() <= 0 ? 1 : f.stepSize();
    }

    /** @return the order's time in force; an order without one is immediate-or-cancel (the behaviour before GTC) */
    private static TimeInForce timeInForce(SubmitOrder order) {
        return order.timeInForce() == null ? TimeInForce.IOC : order.timeInForce();
    }

    /** @return true if a trader of {@code side} would deal at {@code price} under {@code limit} */
    private static boolean within(Side side, long price, long limit) {
        return side == Side.BUY ? price <= limit : price >= limit;
    }

    /**
     * Plans taking liquidity now into {@link #slicePrice}/{@link #sliceQuantity} (see the class comment).
     *
     * @param limit    the limit price, 0 for none (a market order)
     * @param quantity the quantity wanted, size mantissa &gt; 0
     * @return slices planned, 0..2 (0: no price within the limit); -1 if no price is known at all
     */
    private int plan(Side side, Instrument instrument, long limit, long quantity) {
        String symbol = instrument.symbol();
        long quoted = side == Side.BUY ? prices.askPrice(symbol) : prices.bidPrice(symbol);
        if (quoted > 0) {
            if (limit > 0 && !within(side, quoted, limit)) {
                return 0;
            }
            long size = side == Side.BUY ? prices.askSize(symbol) : prices.bidSize(symbol);
            slicePrice[0] = quoted;
            if (size <= 0 || size >= quantity) {
                sliceQuantity[0] = quantity;
                return 1;
            }
            size -= size % step(instrument); // fills in whole steps (LOT_SIZE), as an exchange's
            long next = slipped(quoted, instrument, side);
            boolean nextWithin = next > 0 && (limit <= 0 || within(side, next, limit));
            if (size == 0) { // the best level holds less than a step: all of it at the next level, if within
                if (!nextWithin) {
                    return 0;
                }
                slicePrice[0] = next;
                sliceQuantity[0] = quantity;
                return 1;
            }
            sliceQuantity[0] = size;
            if (!nextWithin) {
                return 1;
            }
            slicePrice[1] = next;
            sliceQuantity[1] = quantity - size;
            return 2;
        }
        long last = prices.lastTradePrice(symbol);
        if (last <= 0) {
            return -1;
        }
        long price = slipped(last, instrument, side);
        if (price <= 0 || (limit > 0 && !within(side, price, limit))) {
            return 0;
        }
        slicePrice[0] = price;
        sliceQuantity[0] = quantity;
        return 1;
    }

    /**
     * Checks that the account can pay for up to three parts of an order (price 0 or quantity 0: no such part):
     * two taken at {@code feeBps}, one resting at the maker fee. Sets {@link #costProblem} and {@link #costCode}.
     *
     * @return true if it can
     */
    private boolean cost(Side side, Instrument instrument, long price1, long quantity1, int feeBps, long price2,
                         long quantity2, long restPrice, long restQuantity) {
        costProblem = null;
        String base = instrument.base();
        String quote = instrument.quote();
        int quoteDecimals = account.decimals(quote);
        long notional = 0;
        long fee = 0;
        long quantity = 0;
        long valuePrice = price1 > 0 ? price1 : price2 > 0 ? price2 : restPrice;
        try {
            long[] parts = costParts;
            parts[0] = price1;
            parts[1] = quantity1;
            parts[2] = feeBps;
            parts[3] = price2;
            parts[4] = quantity2;
            parts[5] = feeBps;
            parts[6] = restPrice;
            parts[7] = restQuantity;
            parts[8] = config.makerFeeBps();
            for (int i = 0; i < parts.length; i += 3) {
                if (parts[i] <= 0 || parts[i + 1] <= 0) {
                    continue;
                }
                long n = FixedPoint.multiply(parts[i], instrument.priceDecimals(), parts[i + 1],
                        instrument.sizeDecimals(), quoteDecimals, side == Side.BUY ? RoundingMode.UP : RoundingMode.DOWN);
                if (n <= 0) {
                    return problem(RejectReason.MIN_NOTIONAL, "notional rounds to zero " + quote);
                }
                notional = Math.addExact(notional, n);
                if (config.feeAsset() == PaperVenueConfig.FeeAsset.QUOTE) { // a buy's base fee comes out of the fill
                    fee = Math.addExact(fee, FixedPoint.multiply(n, quoteDecimals, parts[i + 2], BPS_DECIMALS,
                            quoteDecimals, RoundingMode.UP));
                }
                quantity = Math.addExact(quantity, parts[i + 1]);
            }
            if (quantity == 0) {
                return true;
            }
            long baseAmount = FixedPoint.rescale(quantity, instrument.sizeDecimals(), account.decimals(base),
                    RoundingMode.UNNECESSARY);
            if (side == Side.BUY) {
                if (account.balance(quote) < notional || account.balance(quote) - notional < fee) {
                    return problem(RejectReason.INSUFFICIENT_BALANCE, INSUFFICIENT_BALANCE + quote);
                }
                return true;
            }
            long baseAfter = Math.subtractExact(account.balance(base), baseAmount);
            if (baseAfter >= 0) {
                return true;
            }
            if (!config.allowShort()) {
                return problem(RejectReason.INSUFFICIENT_BALANCE, INSUFFICIENT_BALANCE + base);
            }
            long shortNotional = FixedPoint.multiply(Math.negateExact(baseAfter), account.decimals(base), valuePrice,
                    instrument.priceDecimals(), quoteDecimals, RoundingMode.UP);
            if (shortNotional > FixedPoint.fromBigDecimal(config.maxShortNotional(), quoteDecimals)) {
                return problem(RejectReason.INSUFFICIENT_BALANCE, SHORT_LIMIT_EXCEEDED + base);
            }
            return true;
        } catch (ArithmeticException e) {
            return problem(RejectReason.LOT_SIZE, "order size out of range: " + e.getMessage());
        }
    }

    private boolean problem(RejectReason code, String reason) {
        costCode = code;
        costProblem = reason;
        return false;
    }

    /** Accepts an order (unless resumed) and returns its working copy, not yet in a book. */
    private Working accept(SubmitOrder order, Instrument instrument, String resumedId, VenueReports reports) {
        String venueOrderId = resumedId;
        if (venueOrderId == null) {
            venueOrderId = NAME + "-" + ++orderCounter;
            reports.accepted(order, venueOrderId);
        }
        Working w = new Working(instrument, venueOrderId);
        MessageCopies.copy(order, w.order);
        return w;
    }

    /**
     * Fills the planned slices as taker, then expires the remainder (IOC, FOK, market) or rests it (GTC limit).
     *
     * @param timeNs event time of these fills: the order's, or the trade's that triggered a stop
     */
    private void take(Working w, int slices, long timeNs, VenueReports reports) {
        for (int i = 0; i < slices; i++) {
            emit(w, slicePrice[i], sliceQuantity[i], LiquiditySide.TAKER, config.takerFeeBps(), timeNs, reports);
        }
        if (w.leaves() == 0) {
            w.done = true;
            return;
        }
        OrderType type = w.order.orderType();
        boolean limit = type == OrderType.LIMIT || type == OrderType.STOP_LIMIT;
        if (limit && timeInForce(w.order) == TimeInForce.GTC) {
            rest(w);
            return;
        }
        w.done = true;
        reports.expired(w.order, w.venueOrderId, w.filled,
                w.filled > 0 ? IOC_REMAINDER : limit ? LIMIT_NOT_MARKETABLE : NO_MARKET_PRICE, timeNs);
    }

    private void rest(Working w) {
        if (w.resting) {
            return;
        }
        w.resting = true;
        books.computeIfAbsent(w.instrument.symbol(), s -> new ArrayList<>()).add(w);
        working.put(w.order.clientOrderId(), w);
    }

    /** Writes one fill of {@code w}; the amounts were checked by {@link #cost}. */
    private void emit(Working w, long price, long quantity, LiquiditySide liquidity, int feeBps, long timeNs,
                      VenueReports reports) {
        Instrument instrument = w.instrument;
        String quote = instrument.quote();
        int quoteDecimals = account.decimals(quote);
        Side side = w.order.side();
        long notional = FixedPoint.multiply(price, instrument.priceDecimals(), quantity, instrument.sizeDecimals(),
                quoteDecimals, side == Side.BUY ? RoundingMode.UP : RoundingMode.DOWN);
        String feeAsset = quote;
        long fee;
        long baseFee = baseFee(instrument, quantity, feeBps);
        if (feeInBase(side, instrument, quantity, baseFee)) {
            feeAsset = instrument.base();
            fee = baseFee;
        } else {
            fee = FixedPoint.multiply(notional, quoteDecimals, feeBps, BPS_DECIMALS, quoteDecimals, RoundingMode.UP);
        }
        w.filled += quantity;
        w.fills++;
        fill.reset();
        fill.venueOrderId(w.venueOrderId)
                .tradeId(w.venueOrderId + "-" + w.fills)
                .side(side)
                .fillPrice(price)
                .fillQuantity(quantity)
                .quoteQuantity(notional)
                .cumulativeQuantity(w.filled)
                .leavesQuantity(w.leaves())
                .fee(fee)
                .feeAsset(feeAsset)
                .liquiditySide(liquidity)
                .last(w.leaves() == 0)
                .eventTimeNs(timeNs);
        reports.filled(w.order, fill);
    }

    /**
     * The fee of a fill if charged in the base asset: {@code quantity x feeBps / 10^4} at the base asset's decimals,
     * rounded up (against the account, as every fee; docs/money.md).
     *
     * @param quantity the fill's quantity, size mantissa
     * @return base-asset mantissa
     * @throws ArithmeticException on overflow
     */
    private long baseFee(Instrument instrument, long quantity, int feeBps) {
        return FixedPoint.multiply(quantity, instrument.sizeDecimals(), feeBps, BPS_DECIMALS,
                account.decimals(instrument.base()), RoundingMode.UP);
    }

    /**
     * Whether a fill's fee is charged in the base asset ({@code feeAsset}): never with {@code quote}; on a buy with
     * {@code base} or {@code received}; on a sell with {@code base} only if the base balance left after the sale
     * covers the fee (else the quote asset pays it, as Binance falls back to the received asset when BNB runs
     * short), never with {@code received}.
     */
    private boolean feeInBase(Side side, Instrument instrument, long quantity, long baseFee) {
        PaperVenueConfig.FeeAsset mode = config.feeAsset();
        if (mode == PaperVenueConfig.FeeAsset.QUOTE) {
            return false;
        }
        if (side == Side.BUY) {
            return true;
        }
        if (mode == PaperVenueConfig.FeeAsset.RECEIVED) {
            return false;
        }
        String base = instrument.base();
        long left = Math.subtractExact(account.balance(base), FixedPoint.rescale(quantity, instrument.sizeDecimals(),
                account.decimals(base), RoundingMode.UNNECESSARY));
        return left >= baseFee;
    }

    /**
     * Fills resting limit orders and triggers stops of the trade's instrument, in time priority (see the class
     * comment). Allocation-free unless something fills or expires.
     */
    @Override
    public void onTrade(TradeTick tick, VenueReports reports) {
        ArrayList<Working> book = books.get(tick.instrument());
        if (book == null || book.isEmpty()) {
            return;
        }
        long price = tick.price();
        long tradeLeft = tick.quantity();
        long timeNs = tick.eventTimeNs();
        boolean touch = config.queueModel() == PaperVenueConfig.QueueModel.TOUCH;
        for (int i = 0; i < book.size(); ) {
            Working w = book.get(i);
            SubmitOrder o = w.order;
            Side side = o.side();
            OrderType type = o.orderType();
            if ((type == OrderType.STOP_MARKET || type == OrderType.STOP_LIMIT) && !w.triggered) {
                if (side == Side.SELL ? price <= o.triggerPrice() : price >= o.triggerPrice()) {
                    w.triggered = true;
                    trigger(w, timeNs, reports);
                }
            } else if (tradeLeft > 0 && (side == Side.BUY
                    ? price < o.limitPrice() || touch && price == o.limitPrice()
                    : price > o.limitPrice() || touch && price == o.limitPrice())) {
                long quantity = Math.min(w.leaves(), tradeLeft);
                quantity -= quantity % step(w.instrument); // whole steps: a trade's odd rest fills no order
                if (quantity == 0) {
                    i++;
                    continue;
                }
                if (cost(side, w.instrument, o.limitPrice(), quantity, config.makerFeeBps(), 0, 0, 0, 0)) {
                    tradeLeft -= quantity;
                    emit(w, o.limitPrice(), quantity, LiquiditySide.MAKER, config.makerFeeBps(), timeNs, reports);
                    w.done = w.leaves() == 0;
                } else if (costCode != RejectReason.MIN_NOTIONAL) {
                    w.done = true;
                    reports.expired(o, w.venueOrderId, w.filled, costProblem, timeNs);
                }
            }
            if (w.done) {
                book.remove(i);
                working.remove(o.clientOrderId());
            } else {
                i++;
            }
        }
    }

    /** A stop's trigger printed: it takes liquidity now as a market or limit order with its time in force. */
    private void trigger(Working w, long timeNs, VenueReports reports) {
        SubmitOrder o = w.order;
        Side side = o.side();
        long limit = o.orderType() == OrderType.STOP_LIMIT ? o.limitPrice() : 0;
        int n = Math.max(plan(side, w.instrument, limit, w.leaves()), 0);
        long taken = (n > 0 ? sliceQuantity[0] : 0) + (n > 1 ? sliceQuantity[1] : 0);
        if (timeInForce(o) == TimeInForce.FOK && taken < w.leaves()) {
            w.done = true;
            reports.expired(o, w.venueOrderId, w.filled, FOK_NOT_FILLABLE, timeNs);
            return;
        }
        if (!cost(side, w.instrument, n > 0 ? slicePrice[0] : 0, n > 0 ? sliceQuantity[0] : 0,
                config.takerFeeBps(), n > 1 ? slicePrice[1] : 0, n > 1 ? sliceQuantity[1] : 0, 0, 0)) {
            w.done = true;
            reports.expired(o, w.venueOrderId, w.filled, costProblem, timeNs);
            return;
        }
        take(w, n, timeNs, reports);
    }

    /**
     * Puts a working order back in its book after a restart, behind those already restored (the {@code orders}
     * topic's order is their time priority). A stop that had filled part was triggered; one that had not waits for
     * its trigger, unless a trade the router had consumed triggers it again ({@link #retrigger}).
     */
    @Override
    public boolean restore(SubmitOrder order, Instrument instrument, String venueOrderId, long filledQuantity,
                           int fills) {
        if (working.containsKey(order.clientOrderId()) || filledQuantity >= order.quantity()) {
            return false;
        }
        Working w = new Working(instrument, venueOrderId);
        MessageCopies.copy(order, w.order);
        w.filled = filledQuantity;
        w.fills = fills;
        w.triggered = filledQuantity > 0;
        rest(w);
        if (!w.triggered && (order.orderType() == OrderType.STOP_MARKET || order.orderType() == OrderType.STOP_LIMIT)) {
            restoredStops.add(w);
        }
        return true;
    }

    /**
     * @return the earliest time at which a restored stop still untriggered reached the book (its event time plus
     * {@code latencyMs}): it met only the trades strictly after that time, since market data at a time is applied
     * before an order of that time, and an order with latency acts just before the first market data after its
     * arrival; {@link Long#MAX_VALUE} if none
     */
    @Override
    public long untriggeredStopsSinceNs() {
        long since = Long.MAX_VALUE;
        for (Working w : restoredStops) {
            if (!w.triggered && !w.done) {
                since = Math.min(since, arrival(w.order.eventTimeNs()));
            }
        }
        return since;
    }

    /**
     * Marks as triggered each restored, untriggered stop of the trade's instrument that the trade reached (a sell stop:
     * price &lt;= trigger; a buy stop: price &gt;= trigger) after the stop reached the book; nothing is executed or
     * reported (what the trigger took was reported before the restart: nothing, or the stop would count as
     * triggered already). A triggered STOP_LIMIT rests as its limit; a STOP_MARKET that filled nothing had ended.
     */
    @Override
    public void retrigger(TradeTick consumed) {
        for (int i = restoredStops.size() - 1; i >= 0; i--) {
            Working w = restoredStops.get(i);
            SubmitOrder o = w.order;
            if (w.triggered || w.done) {
                restoredStops.remove(i);
            } else if (o.instrument().equals(consumed.instrument())
                    && consumed.eventTimeNs() > arrival(o.eventTimeNs())
                    && (o.side() == Side.SELL ? consumed.price() <= o.triggerPrice()
                    : consumed.price() >= o.triggerPrice())) {
                w.triggered = true;
                restoredStops.remove(i);
            }
        }
    }

    /**
     * Cancels a working order of this venue: removes it from its book and reports it cancelled with what it had
     * filled, at the cancel's event time.
     *
     * @return false if no order of that client order id is working here
     */
    @Override
    public boolean cancel(CancelOrder cancel, VenueReports reports) {
        if (latencyNs > 0) {
            InFlight f = new InFlight(null, arrival(cancel.eventTimeNs()));
            f.cancel = new CancelOrder();
            f.cancel.clientOrderId(cancel.clientOrderId()).strategyId(cancel.strategyId())
                    .instrument(cancel.instrument()).reason(cancel.reason()).eventTimeNs(cancel.eventTimeNs());
            inFlight.add(f);
            return true;
        }
        return cancelNow(cancel, reports);
    }

    private boolean cancelNow(CancelOrder cancel, VenueReports reports) {
        Working w = cancel.clientOrderId() == null ? null : working.remove(cancel.clientOrderId());
        if (w == null) {
            return false;
        }
        books.get(w.instrument.symbol()).remove(w);
        w.done = true;
        reports.canceled(w.order, w.venueOrderId, w.filled, cancel.eventTimeNs());
        return true;
    }

    @Override
    public int workingOrders() {
        return working.size();
    }

    /** @return true if the order of this client order id rests (or waits for its trigger) here */
    public boolean isWorking(String clientOrderId) {
        return working.containsKey(clientOrderId);
    }

    /** An order or a cancel on its way to the book ({@code latencyMs}). */
    private static final class InFlight {
        final Instrument instrument;
        final long arrivalNs;
        SubmitOrder order;
        CancelOrder cancel;

        InFlight(Instrument instrument, long arrivalNs) {
            this.instrument = instrument;
            this.arrivalNs = arrivalNs;
        }
    }

    /** An accepted order that is being executed or rests in a book. */
    private static final class Working {
        final SubmitOrder order = new SubmitOrder();
        final Instrument instrument;
        final String venueOrderId;
        /** Filled so far, size mantissa. */
        long filled;
        /** Fills so far: the last trade id's number. */
        int fills;
        boolean triggered;
        boolean resting;
        boolean done;

        Working(Instrument instrument, String venueOrderId) {
            this.instrument = instrument;
            this.venueOrderId = venueOrderId;
        }

        long leaves() {
            return order.quantity() - filled;
        }
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
