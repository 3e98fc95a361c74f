package io.aquatrade.fakebinance;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.aquatrade.common.EpochClock;

/**
 * The fake exchange's accounts, orders and matching engine. One account; every public method is synchronized
 * (the HTTP threads and the replay pacer share it). Amounts are exact {@link BigDecimal}s: this is a REST edge
 * where every value arrives and leaves as a decimal string.
 *
 * <p>The market is the recording, replayed by {@link #advanceEvents(int)} / {@link #advanceToMs(long)} (merged
 * over symbols by receive time). Matching, on the top of book only:
 * <ul>
 *   <li>a MARKET order, or a LIMIT (also a triggered STOP_LOSS_LIMIT) that is marketable against the latest book
 *       ticker, takes the book ticker's best price up to its size (less what earlier takers took from that same
 *       book ticker). FOK: all of it there or EXPIRED with nothing; IOC: what is there, the rest EXPIRED; GTC: the
 *       rest rests at its limit price. A MARKET order's rest fills at the prices of the next recorded trades,
 *       whatever they are (it is listed among open orders meanwhile);</li>
 *   <li>a resting LIMIT fills, as maker at its limit price, when a recorded trade prints strictly through it (a buy
 *       below its price, a sell above it), up to that trade's quantity, shared by the resting orders in price then
 *       time priority; a trade at the limit price fills nothing (the queue ahead of it is unknown);</li>
 *   <li>a STOP_LOSS_LIMIT triggers when a recorded trade prints at or through its stop price (a sell at or below,
 *       a buy at or above) and then acts as a LIMIT of its time in force placed at that moment. One that would
 *       trigger on the last trade price at once is refused (-2010), as Binance does;</li>
 *   <li>LIMIT_MAKER that would take is refused (-2010 "Order would immediately match and take.").</li>
 * </ul>
 * Balances: a buy holds limit price x quantity of the quote asset (a MARKET buy: the ask at acceptance x quantity),
 * a STOP_LOSS buy its stop price x quantity, a sell holds the quantity of the base asset; fills release the held
 * amount and move the balances, less a commission of {@code commissionRate} in the asset received (Binance's rule
 * without BNB fee payment), or, with {@link #payFeesWithBnb} and enough free BNB, 75 % of it in BNB.
 *
 * <p>A STOP_LOSS triggers as a STOP_LOSS_LIMIT does and then matches as a MARKET order.
 */
public final class FakeExchange {
    private static final BigDecimal MAX_QTY = new BigDecimal("9000000");
    private static final BigDecimal MAX_PRICE = new BigDecimal("10000000");

    private final Map<String, Market> markets = new LinkedHashMap<>();
    private final Map<String, BigDecimal[]> balances = new TreeMap<>();
    private final BigDecimal commissionRate;
    private final EpochClock clock;
    private final List<FakeOrder> orders = new ArrayList<>();
    private final List<Fill> fills = new ArrayList<>();
    /** The asset of Binance's "pay fees with BNB". */
    static final String BNB = "BNB";
    /** The share of the commission paid when it is paid in BNB (Binance's spot discount of 25 %). */
    static final String BNB_DISCOUNT_TEXT = "0.75";
    /** True once {@link #payFeesWithBnb} was called. */
    private boolean bnbFees;
    /** Price of 1 BNB per quote asset, for BNB fees where no BNB market is replayed. */
    private final Map<String, BigDecimal> bnbPrices = new TreeMap<>();
    /** order requests per newClientOrderId, refused ones (a duplicate, a filter) included */
    private final Map<String, Integer> placements = new TreeMap<>();
    /**
     * The last order id given per symbol: Binance numbers orders per symbol (its spot glossary: {@code orderId}
     * identifies an order on its symbol), so two symbols each have an order 1.
     */
    private final Map<String, Long> lastOrderId = new java.util.HashMap<>();
    /** Client order ids made up for placements without one, numbered across symbols (unique). */
    private long madeUpClientIds;
    private long nextTradeId = 1;
    private long marketTimeMs;
    private OrderEvents listener = (order, executionType, fill) -> { };
    /** told of every replayed event, under this exchange's lock (the public market streams) */
    private MarketEventListener marketListener = (market, event) -> { };
    /** Trades a taker fill against the book ticker is split into (fault {@code partialFills}); 1: one trade. */
    private int takerSplits = 1;
    /** While an order placement matches: its time, which its immediate trades carry (as Binance's); else MIN_VALUE. */
    private long placementTimeMs = Long.MIN_VALUE;

    /**
     * Opens the exchange: each market is replayed up to its first book ticker and first trade.
     *
     * @param markets        the symbols and their recordings
     * @param balances       starting free balance per asset; assets of the markets not listed start at 0
     * @param commissionRate commission as a fraction of the amount received, e.g. 0.001 for 0.1 %, 0 to 0.1
     * @param clock          server clock (order and fill times, {@code /api/v3/time})
     */
    FakeExchange(List<Market> markets, Map<String, BigDecimal> balances, BigDecimal commissionRate,
                 EpochClock clock) {
        this.commissionRate = commissionRate;
        this.clock = clock;
        for (Market m : markets) {
            this.markets.put(m.symbol, m);
            this.balances.putIfAbsent(m.baseAsset, new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
            this.balances.putIfAbsent(m.quoteAsset, new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
        }
        balances.forEach((asset, free) -> this.balances.put(asset, new BigDecimal[] {free, BigDecimal.ZERO}));
        for (Market m : markets) {
            while ((m.book == null || m.lastTradePrice == null) && m.cursor < m.events.size()) {
                apply(m, m.events.get(m.cursor++));
            }
        }
    }

    /**
     * Told of every change of an order, inside this exchange's lock, right after the change (the WebSocket API's
     * user data stream). One at a time; the last one set wins.
     */
    @FunctionalInterface
    public interface OrderEvents {
        /**
         * @param order         the order, in its state after the change (read it now: it changes later)
         * @param executionType Binance's {@code x}: NEW, TRADE, CANCELED or EXPIRED
         * @param fill          the fill of a TRADE, else null
         */
        void changed(FakeOrder order, String executionType, Fill fill);
    }

    /** @param events told of every order change from now on */
    public synchronized void onOrderEvents(OrderEvents events) {
        this.listener = events;
    }

    /**
     * Splits each later taker fill against the book ticker into {@code splits} trades of whole LOT_SIZE steps (the
     * last one the rest), as a deep book would fill it level by level (fault {@code partialFills}).
     *
     * @param splits trades per taker fill, at least 1
     */
    synchronized void takerSplits(int splits) {
        this.takerSplits = Math.max(1, splits);
    }

    /** @return the server clock's time, UTC epoch ms */
    public long serverTimeMs() {
        return clock.nowNs() / 1_000_000L;
    }

    /** @return the commission rate, a fraction of the amount received */
    public BigDecimal commissionRate() {
        return commissionRate;
    }

    /** @return the symbols in the order given */
    public synchronized List<Market> markets() {
        return List.copyOf(markets.values());
    }

    /** @return receive time of the latest replayed event, UTC epoch ms (0 before the first) */
    public synchronized long marketTimeMs() {
        return marketTimeMs;
    }

    /** @return events not yet replayed, over all symbols */
    public synchronized long eventsLeft() {
        long left = 0;
        for (Market m : markets.values()) {
            left += m.events.size() - m.cursor;
        }
        return left;
    }

    /**
     * Replays the next {@code count} recorded events (merged over symbols by receive time).
     *
     * @param count events, at least 0
     * @return events replayed (fewer when the recordings end)
     */
    public synchronized int advanceEvents(int count) {
        int done = 0;
        while (done < count) {
            Market next = nextMarket();
            if (next == null) {
                break;
            }
            apply(next, next.events.get(next.cursor++));
            done++;
        }
        return done;
    }

    /**
     * Replays every recorded event received at or before {@code timeMs}.
     *
     * @param timeMs market (receive) time, UTC epoch ms
     * @return events replayed
     */
    public synchronized int advanceToMs(long timeMs) {
        int done = 0;
        Market next;
        while ((next = nextMarket()) != null && next.nextEventTimeMs() <= timeMs) {
            apply(next, next.events.get(next.cursor++));
            done++;
        }
        return done;
    }

    /** @return the receive time of the next event, UTC epoch ms, or Long.MAX_VALUE at the end */
    public synchronized long nextEventTimeMs() {
        Market next = nextMarket();
        return next == null ? Long.MAX_VALUE : next.nextEventTimeMs();
    }

    private Market nextMarket() {
        Market best = null;
        for (Market m : markets.values()) {
            if (m.cursor < m.events.size() && (best == null || m.nextEventTimeMs() < best.nextEventTimeMs())) {
                best = m;
            }
        }
        return best;
    }

    /**
     * Sets who is told of each recorded event as the market replays it (after the exchange opened).
     *
     * @param listener called under this exchange's lock, in replay order; must not block
     */
    synchronized void marketListener(MarketEventListener listener) {
        this.marketListener = listener;
    }

    private void apply(Market m, MarketEvent e) {
        marketTimeMs = Math.max(marketTimeMs, e.marketTimeMs());
        marketListener.onEvent(m, e);
        if (e.quote() != null) {
            m.book = e.quote();
            m.bidTaken = BigDecimal.ZERO;
            m.askTaken = BigDecimal.ZERO;
            return;
        }
        MarketEvent.Trade t = e.trade();
        m.lastTradePrice = t.price();
        // stops first: a trade that triggers a stop can also fill it
        for (FakeOrder o : List.copyOf(orders)) {
            if (o.isOpen() && !o.working && o.symbol.equals(m.symbol)
                    && (o.isBuy() ? t.price().compareTo(o.stopPrice) >= 0 : t.price().compareTo(o.stopPrice) <= 0)) {
                o.working = true;
                o.workingTimeMs = serverTimeMs();
                takeFromBook(m, o, new ArrayList<>());
            }
        }
        BigDecimal available = t.quantity();
        List<FakeOrder> resting = new ArrayList<>();
        for (FakeOrder o : orders) {
            if (o.isOpen() && o.working && o.symbol.equals(m.symbol)) {
                resting.add(o);
            }
        }
        // MARKET remainders first (they are takers), then limits by price (best first), then time
        resting.sort(Comparator.comparing((FakeOrder o) -> !o.isMarket())
                .thenComparing(o -> o.isBuy() ? o.price.negate() : o.price)
                .thenComparingLong(o -> o.orderId));
        for (FakeOrder o : resting) {
            if (available.signum() <= 0) {
                break;
            }
            boolean market = o.isMarket();
            boolean through = o.isBuy() ? t.price().compareTo(o.price) < 0 : t.price().compareTo(o.price) > 0;
            if (!market && !through) {
                continue;
            }
            BigDecimal qty = o.remaining().min(available);
            if (market && o.isBuy() && !affordable(m, o, t.price(), qty)) {
                close(o, "EXPIRED"); // a MARKET buy's rest never spends more quote than the account has
                continue;
            }
            available = available.subtract(qty);
            fill(m, o, market ? t.price() : o.price, qty, !market, new ArrayList<>());
        }
    }

    /**
     * Places an order, with the parameters of {@code POST /api/v3/order}.
     *
     * @param p request parameters (symbol, side, type, timeInForce, quantity, price, stopPrice, newClientOrderId)
     * @return the order and the fills it made at once
     * @throws BinanceError as Binance refuses: -1102 missing parameter, -1121 unknown symbol, -1013 filter failure
     *                      (PRICE_FILTER, LOT_SIZE, NOTIONAL), -2010 duplicate client order id, insufficient balance,
     *                      a LIMIT_MAKER that would take, a stop that would trigger at once; -1106 / -1116 / -1115
     *                      for parameters not allowed with the type
     */
    public synchronized Placed newOrder(Map<String, String> p) {
        String clientOrderId = p.get("newClientOrderId");
        if (clientOrderId != null) {
            placements.merge(clientOrderId, 1, Integer::sum);
        }
        return newOrder(p, false);
    }

    /**
     * @return how many order requests ({@code POST /api/v3/order}, and the new order of {@code POST
     * /api/v3/order/cancelReplace}) carried each {@code newClientOrderId}, refused ones included (a duplicate of an
     * open order, a filter failure, insufficient balance, a cancel-replace whose cancel failed), by id; a copy
     */
    public synchronized Map<String, Integer> placements() {
        return new TreeMap<>(placements);
    }

    /**
     * Checks an order as {@code POST /api/v3/order/test} does: every check of {@link #newOrder(Map)} but the
     * balance, and nothing is placed or held.
     *
     * @param p request parameters, as for {@link #newOrder(Map)}
     * @throws BinanceError as {@link #newOrder(Map)}, insufficient balance excepted
     */
    public synchronized void testOrder(Map<String, String> p) {
        newOrder(p, true);
    }

    /**
     * Cancels every open order of a symbol ({@code DELETE /api/v3/openOrders}).
     *
     * @param symbol the symbol
     * @return the orders canceled, oldest first
     * @throws BinanceError -1121 unknown symbol
     */
    public synchronized List<FakeOrder> cancelAll(String symbol) {
        List<FakeOrder> open = openOrders(symbol);
        open.forEach(o -> close(o, "CANCELED"));
        return open;
    }

    private Placed newOrder(Map<String, String> p, boolean test) {
        return place(check(p), test);
    }

    /**
     * An order request that passed the checks made before the matching engine sees it (parameters and filters).
     *
     * @param clientOrderId the request's {@code newClientOrderId}, or null for one made up at placement
     */
    record Request(Market market, String side, String type, String timeInForce, BigDecimal quantity, BigDecimal price,
                   BigDecimal stopPrice, String clientOrderId) {
        boolean buy() {
            return side.equals("BUY");
        }

        boolean stop() {
            return type.equals("STOP_LOSS") || type.equals("STOP_LOSS_LIMIT");
        }
    }

    /**
     * The checks Binance makes of an order request before its matching engine sees it: parameters by type, then
     * the filters. A {@code STOP_LOSS} (a stop that becomes a MARKET order) takes {@code stopPrice} and no
     * {@code price} or {@code timeInForce}; its NOTIONAL is checked at its stop price.
     *
     * @throws BinanceError -1102, -1121, -1117, -1116, -1106, -1115, -1100, -1013 as {@link #newOrder(Map)}
     */
    Request check(Map<String, String> p) {
        Market m = market(p.get("symbol"));
        String side = required(p, "side");
        if (!side.equals("BUY") && !side.equals("SELL")) {
            throw BinanceError.badRequest(-1117, "Invalid side.");
        }
        String type = required(p, "type");
        if (!List.of("MARKET", "LIMIT", "LIMIT_MAKER", "STOP_LOSS", "STOP_LOSS_LIMIT").contains(type)) {
            throw BinanceError.badRequest(-1116, "Invalid orderType.");
        }
        if (p.get("quoteOrderQty") != null) {
            throw BinanceError.badRequest(-1106, "Parameter 'quoteOrderQty' sent when not required.");
        }
        boolean marketLike = type.equals("MARKET") || type.equals("STOP_LOSS");
        boolean stop = type.equals("STOP_LOSS") || type.equals("STOP_LOSS_LIMIT");
        BigDecimal qty = decimal(p, "quantity", true);
        String tif;
        if (type.equals("LIMIT") || type.equals("STOP_LOSS_LIMIT")) {
            tif = required(p, "timeInForce");
            if (!List.of("GTC", "IOC", "FOK").contains(tif)) {
                throw BinanceError.badRequest(-1115, "Invalid timeInForce.");
            }
        } else {
            if (p.get("timeInForce") != null) {
                throw BinanceError.badRequest(-1106, "Parameter 'timeInForce' sent when not required.");
            }
            tif = "GTC";
        }
        BigDecimal price = marketLike ? BigDecimal.ZERO : decimal(p, "price", true);
        if (marketLike && p.get("price") != null) {
            throw BinanceError.badRequest(-1106, "Parameter 'price' sent when not required.");
        }
        BigDecimal stopPrice = stop ? decimal(p, "stopPrice", true) : BigDecimal.ZERO;
        if (!stop && p.get("stopPrice") != null) {
            throw BinanceError.badRequest(-1106, "Parameter 'stopPrice' sent when not required.");
        }
        // filters, in Binance's order
        if (!marketLike) {
            checkPrice(m, price);
        }
        if (stop) {
            checkPrice(m, stopPrice);
        }
        if (qty.compareTo(m.stepSize) < 0 || qty.compareTo(MAX_QTY) > 0
                || qty.remainder(m.stepSize).signum() != 0) {
            throw BinanceError.badRequest(-1013, "Filter failure: LOT_SIZE");
        }
        BigDecimal notionalPrice = type.equals("MARKET") ? m.lastTradePrice
                : type.equals("STOP_LOSS") ? stopPrice : price;
        if (qty.multiply(notionalPrice).compareTo(m.minNotional) < 0) {
            throw BinanceError.badRequest(-1013, "Filter failure: NOTIONAL");
        }
        String clientOrderId = p.get("newClientOrderId");
        if (clientOrderId != null && (clientOrderId.isEmpty() || clientOrderId.length() > 36
                || !clientOrderId.matches("^[.A-Z:/a-z0-9_-]{1,36}$"))) {
            throw BinanceError.badRequest(-1100,
                    "Illegal characters found in parameter 'newClientOrderId'; legal range is '^[\\.A-Z\\:/a-z0-9_-]{1,36}$'.");
        }
        return new Request(m, side, type, tif, qty, price, stopPrice, clientOrderId);
    }

    /**
     * What Binance's matching engine does with a checked request: refuses a duplicate open client order id, a
     * LIMIT_MAKER that would take, a stop that would trigger at once, an order the free balance cannot hold (each
     * -2010); else holds the balance and places it (a stop rests untriggered; anything else matches at once).
     *
     * @param test true to make the checks but the balance's and place nothing ({@code /order/test})
     * @return the order and its immediate fills; null when testing
     */
    Placed place(Request r, boolean test) {
        Market m = r.market();
        String clientOrderId = r.clientOrderId();
        if (clientOrderId != null) {
            for (FakeOrder o : orders) {
                if (o.isOpen() && o.clientOrderId.equals(clientOrderId)) {
                    throw BinanceError.badRequest(-2010, "Duplicate order sent.");
                }
            }
        } else {
            clientOrderId = "fake" + String.format("%018d", ++madeUpClientIds);
        }
        boolean buy = r.buy();
        String type = r.type();
        BigDecimal price = r.price();
        BigDecimal stopPrice = r.stopPrice();
        if (type.equals("LIMIT_MAKER") && (buy ? price.compareTo(m.book.ask()) >= 0 : price.compareTo(m.book.bid()) <= 0)) {
            throw BinanceError.badRequest(-2010, "Order would immediately match and take.");
        }
        if (r.stop() && (buy ? m.lastTradePrice.compareTo(stopPrice) >= 0
                : m.lastTradePrice.compareTo(stopPrice) <= 0)) {
            throw BinanceError.badRequest(-2010, "Order would trigger immediately.");
        }
        if (test) {
            return null;
        }
        String lockAsset = buy ? m.quoteAsset : m.baseAsset;
        // a buy holds at its limit price; a MARKET buy at the ask, a STOP_LOSS buy at its stop price
        BigDecimal lockPrice = !buy ? BigDecimal.ONE : type.equals("MARKET") ? m.book.ask()
                : type.equals("STOP_LOSS") ? stopPrice : price;
        BigDecimal lock = r.quantity().multiply(lockPrice);
        BigDecimal[] balance = balance(lockAsset);
        if (balance[0].compareTo(lock) < 0) {
            throw BinanceError.badRequest(-2010, "Account has insufficient balance for requested action.");
        }
        balance[0] = balance[0].subtract(lock);
        balance[1] = balance[1].add(lock);
        long now = serverTimeMs();
        long orderId = lastOrderId.merge(m.symbol, 1L, Long::sum);
        FakeOrder o = new FakeOrder(orderId, clientOrderId, m.symbol, r.side(), type, r.timeInForce(), price,
                stopPrice, r.quantity(), now, lockAsset, lockPrice, lock);
        orders.add(o);
        listener.changed(o, "NEW", null);
        List<Fill> made = new ArrayList<>();
        if (!r.stop()) {
            o.working = true;
            o.workingTimeMs = now;
            placementTimeMs = now;
            try {
                takeFromBook(m, o, made);
            } finally {
                placementTimeMs = Long.MIN_VALUE;
            }
        }
        return new Placed(o, made);
    }

    /**
     * Cancels an order and places a new one on the same symbol in one request ({@code POST
     * /api/v3/order/cancelReplace}, Binance's semantics): the new order's parameters and filters are checked first
     * (a failure refuses the whole request, nothing cancelled); then the cancel ({@code cancelOrderId} searched first,
     * then {@code cancelOrigClientOrderId} checked against it, as Binance does); with {@code STOP_ON_FAILURE} a failed
     * cancel leaves the new order NOT_ATTEMPTED, with {@code ALLOW_FAILURE} it is attempted all the same; then the new
     * order, as {@link #newOrder(Map)} places it.
     *
     * @param p request parameters: those of {@link #newOrder(Map)}, {@code cancelReplaceMode}, {@code cancelOrderId}
     *          and/or {@code cancelOrigClientOrderId}
     * @return what happened to each half
     * @throws BinanceError before anything happened: a missing or bad parameter (-1102, -1100), a filter (-1013)
     */
    public synchronized CancelReplaced cancelReplace(Map<String, String> p) {
        String newClientOrderId = p.get("newClientOrderId");
        if (newClientOrderId != null) {
            placements.merge(newClientOrderId, 1, Integer::sum);
        }
        String mode = required(p, "cancelReplaceMode");
        if (!mode.equals("STOP_ON_FAILURE") && !mode.equals("ALLOW_FAILURE")) {
            throw BinanceError.badRequest(-1100, "Illegal characters found in parameter 'cancelReplaceMode'; legal "
                    + "range is 'STOP_ON_FAILURE, ALLOW_FAILURE'.");
        }
        Long cancelOrderId = null;
        String cancelOrderIdText = p.get("cancelOrderId");
        if (cancelOrderIdText != null && !cancelOrderIdText.isEmpty()) {
            try {
                cancelOrderId = Long.parseLong(cancelOrderIdText);
            } catch (NumberFormatException e) {
                throw BinanceError.badRequest(-1100, "Illegal characters found in parameter 'cancelOrderId'; legal "
                        + "range is '^[0-9]{1,20}$'.");
            }
        }
        String cancelClientId = p.get("cancelOrigClientOrderId");
        if (cancelOrderId == null && (cancelClientId == null || cancelClientId.isEmpty())) {
            throw BinanceError.badRequest(-1102, "Param 'cancelOrigClientOrderId' or 'cancelOrderId' must be sent, "
                    + "but both were empty/null!");
        }
        Request request = check(p);
        FakeOrder canceled = null;
        BinanceError cancelError = null;
        try {
            canceled = cancel(request.market().symbol, cancelOrderId, cancelClientId);
        } catch (BinanceError e) {
            cancelError = e;
        }
        if (cancelError != null && mode.equals("STOP_ON_FAILURE")) {
            return new CancelReplaced(null, cancelError, null, null);
        }
        try {
            return new CancelReplaced(canceled, cancelError, place(request, false), null);
        } catch (BinanceError e) {
            return new CancelReplaced(canceled, cancelError, null, e);
        }
    }

    /**
     * What a cancel-replace did: exactly one of {@code canceled} and {@code cancelError} is set; at most one of
     * {@code placed} and {@code newOrderError} (neither: the new order was not attempted).
     *
     * @param canceled      the order cancelled, now CANCELED, or null
     * @param cancelError   why the cancel failed, or null
     * @param placed        the new order and its immediate fills, or null
     * @param newOrderError why the new order failed, or null
     */
    public record CancelReplaced(FakeOrder canceled, BinanceError cancelError, Placed placed,
                                 BinanceError newOrderError) {
    }

    /** @return whether the quote held for {@code qty} of a buy plus the free quote pays {@code qty x price} */
    private boolean affordable(Market m, FakeOrder o, BigDecimal price, BigDecimal qty) {
        BigDecimal release = qty.multiply(o.lockPrice).min(o.locked);
        return balance(m.quoteAsset)[0].add(release).compareTo(qty.multiply(price)) >= 0;
    }

    /** Matches a just-working order against the latest book ticker, then applies its time in force. */
    private void takeFromBook(Market m, FakeOrder o, List<Fill> made) {
        MarketEvent.Quote book = m.book;
        boolean buy = o.isBuy();
        BigDecimal best = buy ? book.ask() : book.bid();
        BigDecimal size = buy ? book.askQuantity().subtract(m.askTaken) : book.bidQuantity().subtract(m.bidTaken);
        boolean marketable = o.isMarket()
                || (buy ? o.price.compareTo(best) >= 0 : o.price.compareTo(best) <= 0);
        BigDecimal qty = marketable ? o.remaining().min(size.max(BigDecimal.ZERO)) : BigDecimal.ZERO;
        if (o.timeInForce.equals("FOK") && qty.compareTo(o.remaining()) < 0) {
            close(o, "EXPIRED");
            return;
        }
        if (qty.signum() > 0) {
            if (buy) {
                m.askTaken = m.askTaken.add(qty);
            } else {
                m.bidTaken = m.bidTaken.add(qty);
            }
            BigDecimal piece = qty.divideToIntegralValue(m.stepSize.multiply(BigDecimal.valueOf(takerSplits)))
                    .multiply(m.stepSize);
            for (int i = 1; i < takerSplits && piece.signum() > 0; i++) {
                fill(m, o, best, piece, false, made);
                qty = qty.subtract(piece);
            }
            fill(m, o, best, qty, false, made);
        }
        if (o.isOpen() && o.timeInForce.equals("IOC")) {
            close(o, "EXPIRED");
        }
    }

    private void fill(Market m, FakeOrder o, BigDecimal price, BigDecimal qty, boolean maker, List<Fill> made) {
        BigDecimal quoteQty = price.multiply(qty);
        BigDecimal[] base = balance(m.baseAsset);
        BigDecimal[] quote = balance(m.quoteAsset);
        BigDecimal commission;
        String commissionAsset;
        BigDecimal bnbFee = bnbFee(m, quoteQty);
        if (o.isBuy()) {
            BigDecimal release = qty.multiply(o.lockPrice).min(o.locked);
            o.locked = o.locked.subtract(release);
            quote[1] = quote[1].subtract(release);
            quote[0] = quote[0].add(release).subtract(quoteQty);
            commission = bnbFee != null ? bnbFee : qty.multiply(commissionRate).setScale(8, RoundingMode.HALF_UP);
            commissionAsset = bnbFee != null ? BNB : m.baseAsset;
            base[0] = base[0].add(qty).subtract(bnbFee != null ? BigDecimal.ZERO : commission);
        } else {
            o.locked = o.locked.subtract(qty);
            base[1] = base[1].subtract(qty);
            commission = bnbFee != null ? bnbFee
                    : quoteQty.multiply(commissionRate).setScale(8, RoundingMode.HALF_UP);
            commissionAsset = bnbFee != null ? BNB : m.quoteAsset;
            quote[0] = quote[0].add(quoteQty).subtract(bnbFee != null ? BigDecimal.ZERO : commission);
        }
        if (bnbFee != null) {
            BigDecimal[] bnb = balance(BNB);
            bnb[0] = bnb[0].subtract(bnbFee);
        }
        long now = placementTimeMs != Long.MIN_VALUE ? placementTimeMs : serverTimeMs();
        Fill f = new Fill(m.symbol, nextTradeId++, o.orderId, price, qty, quoteQty, commission, commissionAsset, now,
                o.isBuy(), maker);
        fills.add(f);
        made.add(f);
        o.executedQty = o.executedQty.add(qty);
        o.cummulativeQuoteQty = o.cummulativeQuoteQty.add(quoteQty);
        o.updateTimeMs = now;
        if (o.remaining().signum() == 0) {
            close(o, "FILLED");
        } else {
            o.status = "PARTIALLY_FILLED";
        }
        listener.changed(o, "TRADE", f);
    }

    /**
     * The commission of a fill in BNB, when the account pays fees with BNB ({@link #payFeesWithBnb}): the fill's value
     * in its quote asset x the commission rate x {@value #BNB_DISCOUNT_TEXT} (Binance's 25 % discount for spot fees
     * paid in BNB), at the price of BNB in that quote asset (the last trade of a replayed {@code BNB<QUOTE>} market,
     * else the price given), rounded half-up to 8 decimals.
     *
     * @return the fee in BNB, or null to charge it in the asset received as usual: BNB fees off, no BNB price in the
     * quote asset, a fee of 0, or less free BNB than the fee (as at Binance, which then falls back)
     */
    private BigDecimal bnbFee(Market m, BigDecimal quoteQty) {
        if (!bnbFees) {
            return null;
        }
        Market bnbMarket = markets.get(BNB + m.quoteAsset);
        BigDecimal price = bnbMarket != null && bnbMarket.lastTradePrice != null ? bnbMarket.lastTradePrice
                : bnbPrices.get(m.quoteAsset);
        if (price == null || price.signum() <= 0) {
            return null;
        }
        BigDecimal fee = quoteQty.multiply(commissionRate).multiply(new BigDecimal(BNB_DISCOUNT_TEXT))
                .divide(price, 8, RoundingMode.HALF_UP);
        if (fee.signum() <= 0 || balance(BNB)[0].compareTo(fee) < 0) {
            return null;
        }
        return fee;
    }

    /**
     * Binance's "pay fees with BNB" ({@code spotBNBBurn}): from now on each fill's commission is charged in BNB, at a
     * 25 % discount, while the account's free BNB covers it ({@link #bnbFee}).
     *
     * @param bnbPriceByQuote the price of 1 BNB per quote asset (e.g. {@code USDT=600}), used where no
     *                        {@code BNB<QUOTE>} market is replayed; may be empty
     */
    public synchronized void payFeesWithBnb(Map<String, BigDecimal> bnbPriceByQuote) {
        bnbFees = true;
        bnbPrices.putAll(bnbPriceByQuote);
    }

    /** Ends an order and gives back what it still held. */
    private void close(FakeOrder o, String status) {
        close(o, status, status);
    }

    /** Ends an open order in {@code status}, releasing its hold, reported as {@code executionType}. */
    private void close(FakeOrder o, String status, String executionType) {
        o.status = status;
        o.updateTimeMs = serverTimeMs();
        BigDecimal[] held = balance(o.lockAsset);
        held[1] = held[1].subtract(o.locked);
        held[0] = held[0].add(o.locked);
        o.locked = BigDecimal.ZERO;
        if (!status.equals("FILLED")) {
            listener.changed(o, executionType, null); // a FILLED order's event is its last TRADE
        }
    }

    /**
     * Self-trade prevention acting on an open order, as Binance's user data stream reports it ({@code
     * x=TRADE_PREVENTION}). This fake's one account trades against the recording, never against itself, so it is done
     * on demand only (tests): with {@code expire}, as the EXPIRE_MAKER/TAKER/BOTH modes, the order ends {@code
     * EXPIRED_IN_MATCH} and its hold is released; without, as DECREMENT, the order keeps working and its status stays
     * (the quantity Binance would take off both orders is not modelled: the report alone).
     *
     * @param symbol        the order's symbol
     * @param clientOrderId its client order id
     * @param expire        true: it ends EXPIRED_IN_MATCH; false: it keeps working
     * @return the order
     * @throws BinanceError -2013 if no such order, -2011 if it is not open
     */
    synchronized FakeOrder preventSelfTrade(String symbol, String clientOrderId, boolean expire) {
        FakeOrder o = find(market(symbol), null, clientOrderId, -2013, "Order does not exist.");
        if (!o.isOpen()) {
            throw BinanceError.badRequest(-2011, "Unknown order sent.");
        }
        if (expire) {
            close(o, "EXPIRED_IN_MATCH", "TRADE_PREVENTION");
        } else {
            o.updateTimeMs = serverTimeMs();
            listener.changed(o, "TRADE_PREVENTION", null);
        }
        return o;
    }

    /**
     * Finds an order as {@code GET /api/v3/order} does: by orderId if given, else the latest with the client id.
     *
     * @param symbol            the symbol
     * @param orderId           the exchange's id, or null
     * @param origClientOrderId the client's id, or null
     * @return the order
     * @throws BinanceError -1102 when neither id is given, -1121 unknown symbol, -2013 no such order
     */
    public synchronized FakeOrder order(String symbol, Long orderId, String origClientOrderId) {
        return find(market(symbol), orderId, origClientOrderId, -2013, "Order does not exist.");
    }

    /**
     * Cancels an open order ({@code DELETE /api/v3/order}).
     *
     * @return the order, now CANCELED
     * @throws BinanceError -2011 "Unknown order sent." when there is no such order or it is no longer open
     */
    public synchronized FakeOrder cancel(String symbol, Long orderId, String origClientOrderId) {
        FakeOrder o = find(market(symbol), orderId, origClientOrderId, -2011, "Unknown order sent.");
        if (!o.isOpen()) {
            throw BinanceError.badRequest(-2011, "Unknown order sent.");
        }
        close(o, "CANCELED");
        return o;
    }

    private FakeOrder find(Market m, Long orderId, String origClientOrderId, int code, String msg) {
        if (orderId == null && origClientOrderId == null) {
            throw BinanceError.badRequest(-1102,
                    "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!");
        }
        for (int i = orders.size() - 1; i >= 0; i--) {
            FakeOrder o = orders.get(i);
            if (o.symbol.equals(m.symbol) && (orderId != null ? o.orderId == orderId
                    : o.clientOrderId.equals(origClientOrderId))) {
                if (orderId != null && origClientOrderId != null && !o.clientOrderId.equals(origClientOrderId)) {
                    break;
                }
                return o;
            }
        }
        throw BinanceError.badRequest(code, msg);
    }

    /**
     * @param symbol a symbol, or null for all
     * @return open orders (a STOP_LOSS_LIMIT waiting for its trigger included), oldest first
     */
    public synchronized List<FakeOrder> openOrders(String symbol) {
        if (symbol != null) {
            market(symbol);
        }
        List<FakeOrder> open = new ArrayList<>();
        for (FakeOrder o : orders) {
            if (o.isOpen() && (symbol == null || o.symbol.equals(symbol))) {
                open.add(o);
            }
        }
        return open;
    }

    /** @return a copy of every order, oldest first */
    public synchronized List<FakeOrder> allOrders() {
        return List.copyOf(orders);
    }

    /**
     * The account's fills of a symbol, as {@code GET /api/v3/myTrades} filters them.
     *
     * @param symbol  the symbol
     * @param orderId only this order's, or null
     * @param startMs from this time, or null
     * @param endMs   to this time, or null
     * @param fromId  from this trade id (then times are ignored), or null
     * @param limit   at most this many, 1..1000 (default 500)
     * @return the fills, oldest first
     */
    public synchronized List<Fill> myTrades(String symbol, Long orderId, Long startMs, Long endMs, Long fromId,
                                            int limit) {
        Market m = market(symbol);
        List<Fill> out = new ArrayList<>();
        for (Fill f : fills) {
            if (!f.symbol().equals(m.symbol) || (orderId != null && f.orderId() != orderId)) {
                continue;
            }
            if (fromId != null ? f.id() < fromId
                    : (startMs != null && f.timeMs() < startMs) || (endMs != null && f.timeMs() > endMs)) {
                continue;
            }
            if (out.size() < limit) {
                out.add(f);
            }
        }
        return out;
    }

    /** @return every fill, oldest first */
    public synchronized List<Fill> fills() {
        return List.copyOf(fills);
    }

    /**
     * Moves an asset's free balance outside trading, as a deposit (positive) or a withdrawal (negative) would: for
     * tests of a client's reconciliation.
     *
     * @param asset the asset
     * @param delta the change of its free balance
     * @throws IllegalArgumentException if the free balance would go below 0
     */
    public synchronized void adjustBalance(String asset, BigDecimal delta) {
        BigDecimal[] b = balance(asset);
        BigDecimal after = b[0].add(delta);
        if (after.signum() < 0) {
            throw new IllegalArgumentException("free " + asset + " would be " + after.toPlainString());
        }
        b[0] = after;
    }

    /** @return free and locked amount per asset, a copy */
    public synchronized Map<String, BigDecimal[]> balances() {
        Map<String, BigDecimal[]> copy = new TreeMap<>();
        balances.forEach((asset, b) -> copy.put(asset, new BigDecimal[] {b[0], b[1]}));
        return copy;
    }

    private BigDecimal[] balance(String asset) {
        return balances.computeIfAbsent(asset, a -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
    }

    private Market market(String symbol) {
        if (symbol == null || symbol.isEmpty()) {
            throw BinanceError.mandatory("symbol");
        }
        Market m = markets.get(symbol);
        if (m == null) {
            throw BinanceError.badRequest(-1121, "Invalid symbol.");
        }
        return m;
    }

    private static void checkPrice(Market m, BigDecimal price) {
        if (price.compareTo(m.tickSize) < 0 || price.compareTo(MAX_PRICE) > 0
                || price.remainder(m.tickSize).signum() != 0) {
            throw BinanceError.badRequest(-1013, "Filter failure: PRICE_FILTER");
        }
    }

    private static String required(Map<String, String> p, String name) {
        String v = p.get(name);
        if (v == null || v.isEmpty()) {
            throw BinanceError.mandatory(name);
        }
        return v;
    }

    private static BigDecimal decimal(Map<String, String> p, String name, boolean positive) {
        String v = required(p, name);
        try {
            BigDecimal d = new BigDecimal(v);
            if (positive && d.signum() <= 0) {
                throw BinanceError.badRequest(-1013, "Invalid " + name + ".");
            }
            return d;
        } catch (NumberFormatException e) {
            throw BinanceError.badRequest(-1100, "Illegal characters found in parameter '" + name
                    + "'; legal range is '^([0-9]{1,20})(\\.[0-9]{1,20})?$'.");
        }
    }

    /**
     * An accepted order and the fills it made at once.
     *
     * @param order the order (its state right after the request)
     * @param fills fills made by the request itself
     */
    public record Placed(FakeOrder order, List<Fill> fills) {
    }
}
