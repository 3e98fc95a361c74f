package io.aquatrade.router.venue.paper;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.BalanceUpdate;
import io.aquatrade.common.CancelOrder;
import io.aquatrade.common.CancelRejectReason;
import io.aquatrade.common.CancelRejected;
import io.aquatrade.common.LiquiditySide;
import io.aquatrade.common.OrderAccepted;
import io.aquatrade.common.OrderCanceled;
import io.aquatrade.common.OrderExpired;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.OrderRejected;
import io.aquatrade.common.OrderType;
import io.aquatrade.common.QuoteTick;
import io.aquatrade.common.RejectReason;
import io.aquatrade.common.Side;
import io.aquatrade.common.SubmitOrder;
import io.aquatrade.common.TimeInForce;
import io.aquatrade.common.TradeTick;
import io.aquatrade.common.testing.SampleData;
import io.aquatrade.router.OrderRouter;
import io.aquatrade.router.RecordingExecutions;
import io.aquatrade.router.RouterConfig;
import net.openhft.chronicle.wire.Marshallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The paper venue's matching on real Binance USDT-M futures BTCUSDT data with both trades and best bid/ask
 * (../shared/data, Tardis CSVs of 2020-02-22, the 3.8 minutes where both files overlap). Every expected fill is
 * worked out here from the CSV rows with {@link BigDecimal}, by the rules of {@link PaperVenue}'s class comment,
 * without the venue's code: the best bid/ask up to its size, the rest at the slipped price; resting limits filled by
 * later trades through (or at) their price up to each trade's amount, as maker; stops triggered by a trade.
 */
class PaperVenueMatchingTest {
    private static final Path DATA = SampleData.projectRoot().resolve("../shared/data").normalize();
    private static final String SYMBOL = "BTCUSDT";
    private static final String STRATEGY = "s1";
    private static final BigDecimal TAKER_BPS = BigDecimal.valueOf(10);
    private static final BigDecimal MAKER_BPS = BigDecimal.valueOf(2);
    private static final BigDecimal SLIPPAGE_BPS = BigDecimal.valueOf(5);
    private static final BigDecimal START_USDT = BigDecimal.valueOf(100_000);
    private static final BigDecimal START_BTC = BigDecimal.TEN;

    /** Quotes and trades merged by exchange time; at the same time the quote first. */
    private static List<Row> rows;

    private RecordingExecutions out;
    private OrderRouter router;
    private int pos;
    /** The latest quote fed, as the test tracks it. */
    private Row lastQuote;

    /** One CSV row: a quote (bid, bidSize, ask, askSize) or a trade (price, amount, side). */
    private record Row(long timeNs, boolean quote, BigDecimal bid, BigDecimal bidSize, BigDecimal ask,
                       BigDecimal askSize, BigDecimal price, BigDecimal amount, Side side) {
    }

    @BeforeAll
    static void load() throws IOException {
        List<Row> quotes = new ArrayList<>();
        for (String[] c : csv(DATA.resolve("quotes/binance-futures_BTCUSDT_2020-02-22/quotes.csv.gz"))) {
            // exchange,symbol,timestamp,local_timestamp,ask_amount,ask_price,bid_price,bid_amount
            quotes.add(new Row(Long.parseLong(c[2]) * 1000, true, new BigDecimal(c[6]), new BigDecimal(c[7]),
                    new BigDecimal(c[5]), new BigDecimal(c[4]), null, null, null));
        }
        long lastQuoteNs = quotes.get(quotes.size() - 1).timeNs();
        List<Row> trades = new ArrayList<>();
        for (String[] c : csv(DATA.resolve("trades/binance-futures_BTCUSDT_2020-02-22/trades.csv.gz"))) {
            // exchange,symbol,timestamp,local_timestamp,id,side,price,amount
            long t = Long.parseLong(c[2]) * 1000;
            if (t <= lastQuoteNs) {
                trades.add(new Row(t, false, null, null, null, null, new BigDecimal(c[6]), new BigDecimal(c[7]),
                        "buy".equals(c[5]) ? Side.BUY : Side.SELL));
            }
        }
        rows = new ArrayList<>();
        int q = 0;
        int t = 0;
        while (q < quotes.size() || t < trades.size()) {
            if (t == trades.size() || q < quotes.size() && quotes.get(q).timeNs() <= trades.get(t).timeNs()) {
                rows.add(quotes.get(q++));
            } else {
                rows.add(trades.get(t++));
            }
        }
        assertThat(trades).as("trades inside the quotes' span").hasSize(502);
    }

    private static List<String[]> csv(Path file) throws IOException {
        assertThat(Files.isRegularFile(file)).as("shared data %s", file).isTrue();
        List<String[]> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
            r.readLine(); // header
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                out.add(line.split(","));
            }
        }
        return out;
    }

    private void start(String queueModel) {
        start(queueModel, 0);
    }

    private void start(String queueModel, long latencyMs) {
        start(queueModel, latencyMs, "{}");
    }

    private void start(String queueModel, long latencyMs, String filters) {
        out = new RecordingExecutions();
        router = newRouter(queueModel, latencyMs, filters, out);
        router.start();
        pos = 0;
        lastQuote = null;
    }

    private static OrderRouter newRouter(String queueModel, RecordingExecutions sink) {
        return newRouter(queueModel, 0, sink);
    }

    private static OrderRouter newRouter(String queueModel, long latencyMs, RecordingExecutions sink) {
        return newRouter(queueModel, latencyMs, "{}", sink); // no filters
    }

    private static OrderRouter newRouter(String queueModel, long latencyMs, String filters,
                                         RecordingExecutions sink) {
        AquatradeConfig cfg = AquatradeConfig.parse(Path.of("matching.yaml"), """
                instruments:
                  - {symbol: BTCUSDT, base: BTC, quote: USDT, priceDecimals: 2, sizeDecimals: 3, filters: %s}
                assets: {USDT: 8, BTC: 8}
                order-router:
                  venue: paper
                  paper: {takerFeeBps: %s, makerFeeBps: %s, queueModel: %s, slippageBps: %s, latencyMs: %d,
                          balances: {USDT: %s, BTC: %s}}
                """.formatted(filters, TAKER_BPS, MAKER_BPS, queueModel, SLIPPAGE_BPS, latencyMs, START_USDT,
                START_BTC));
        return new OrderRouter(RouterConfig.from(cfg), cfg, sink);
    }

    /** @return the index of the row just after the n-th trade (n from 0) */
    private static int afterTrade(int n) {
        int seen = 0;
        for (int i = 0; i < rows.size(); i++) {
            if (!rows.get(i).quote() && seen++ == n) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("no trade " + n);
    }

    /** Feeds rows [pos, end) to the router. */
    private void feedTo(int end) {
        for (; pos < end; pos++) {
            Row r = rows.get(pos);
            if (r.quote()) {
                lastQuote = r;
                router.quoteTick(new QuoteTick().instrument(SYMBOL).bidPrice(price(r.bid())).bidSize(size(r.bidSize()))
                        .askPrice(price(r.ask())).askSize(size(r.askSize())).eventTimeNs(r.timeNs())
                        .receivedTimeNs(r.timeNs()));
            } else {
                router.tradeTick(new TradeTick().instrument(SYMBOL).price(price(r.price())).quantity(size(r.amount()))
                        .aggressorSide(r.side()).tradeId(pos).eventTimeNs(r.timeNs()).receivedTimeNs(r.timeNs()));
            }
        }
    }

    private long now() {
        return rows.get(pos - 1).timeNs();
    }

    private static long price(BigDecimal p) {
        return p.movePointRight(2).longValueExact();
    }

    private static long size(BigDecimal s) {
        return s.movePointRight(3).longValueExact();
    }

    private static BigDecimal amount(long mantissa) {
        return BigDecimal.valueOf(mantissa, 8);
    }

    private SubmitOrder order(String id, Side side, OrderType type, TimeInForce tif, String quantity) {
        return new SubmitOrder().clientOrderId(id).strategyId(STRATEGY).instrument(SYMBOL).side(side).orderType(type)
                .timeInForce(tif).quantity(size(new BigDecimal(quantity))).reason("test").eventTimeNs(now());
    }

    private List<Marshallable> submit(SubmitOrder order) {
        int from = out.size();
        router.submitOrder(order);
        return out.since(from);
    }

    private void cancel(String id) {
        router.cancelOrder(new CancelOrder().clientOrderId(id).strategyId(STRATEGY).instrument(SYMBOL)
                .reason("test").eventTimeNs(now()));
    }

    // ------------------------------------------------------------------------------------------- the oracle

    /** An expected fill. */
    private record Fill(BigDecimal price, BigDecimal quantity, LiquiditySide liquidity, long timeNs, int row) {
        BigDecimal notional(Side side) {
            return price.multiply(quantity).setScale(8, side == Side.BUY ? RoundingMode.CEILING : RoundingMode.FLOOR);
        }

        BigDecimal fee(Side side) {
            BigDecimal bps = liquidity == LiquiditySide.MAKER ? MAKER_BPS : TAKER_BPS;
            return notional(side).multiply(bps).divide(BigDecimal.valueOf(10_000)).setScale(8, RoundingMode.CEILING);
        }
    }

    /** The touch moved against the trader by the slippage, to the cent (buy up, sell down). */
    private static BigDecimal slipped(BigDecimal price, Side side) {
        BigDecimal s = SLIPPAGE_BPS.divide(BigDecimal.valueOf(10_000));
        return side == Side.BUY ? price.multiply(BigDecimal.ONE.add(s)).setScale(2, RoundingMode.CEILING)
                : price.multiply(BigDecimal.ONE.subtract(s)).setScale(2, RoundingMode.FLOOR);
    }

    /**
     * What an order takes at once against quote {@code q}: the touch up to its size, then the slipped price,
     * each only within {@code limit} (null: market).
     */
    private static List<Fill> take(Row q, Side side, BigDecimal quantity, BigDecimal limit, long timeNs) {
        List<Fill> fills = new ArrayList<>();
        BigDecimal touch = side == Side.BUY ? q.ask() : q.bid();
        BigDecimal depth = side == Side.BUY ? q.askSize() : q.bidSize();
        if (limit != null && (side == Side.BUY ? touch.compareTo(limit) > 0 : touch.compareTo(limit) < 0)) {
            return fills;
        }
        fills.add(new Fill(touch, quantity.min(depth), LiquiditySide.TAKER, timeNs, -1));
        if (depth.compareTo(quantity) < 0) {
            BigDecimal next = slipped(touch, side);
            if (limit == null || (side == Side.BUY ? next.compareTo(limit) <= 0 : next.compareTo(limit) >= 0)) {
                fills.add(new Fill(next, quantity.subtract(depth), LiquiditySide.TAKER, timeNs, -1));
            }
        }
        return fills;
    }

    private static BigDecimal sum(List<Fill> fills) {
        return fills.stream().map(Fill::quantity).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /**
     * A resting limit order from row {@code from} on: each trade strictly through the limit (or at it, with
     * {@code touch}) fills up to its amount, at the limit, as maker, until {@code leaves} is filled.
     */
    private static List<Fill> rest(int from, Side side, BigDecimal limit, BigDecimal leaves, boolean touch) {
        List<Fill> fills = new ArrayList<>();
        for (int i = from; i < rows.size() && leaves.signum() > 0; i++) {
            Row r = rows.get(i);
            if (r.quote()) {
                continue;
            }
            int c = r.price().compareTo(limit);
            if (side == Side.BUY ? c < 0 || touch && c == 0 : c > 0 || touch && c == 0) {
                BigDecimal q = leaves.min(r.amount());
                fills.add(new Fill(limit, q, LiquiditySide.MAKER, r.timeNs(), i));
                leaves = leaves.subtract(q);
            }
        }
        return fills;
    }

    private List<OrderFilled> fillsOf(String clientOrderId) {
        return out.of(OrderFilled.class).stream().filter(f -> f.clientOrderId().equals(clientOrderId)).toList();
    }

    /** Checks every field of the venue's fills of an order against the expected ones. */
    private void assertFills(SubmitOrder order, List<Fill> expected) {
        List<OrderFilled> actual = fillsOf(order.clientOrderId());
        assertThat(actual).as("fills of %s", order.clientOrderId()).hasSize(expected.size());
        String venueOrderId = out.of(OrderAccepted.class).stream()
                .filter(a -> a.clientOrderId().equals(order.clientOrderId())).findFirst().orElseThrow().venueOrderId();
        BigDecimal quantity = BigDecimal.valueOf(order.quantity(), 3);
        BigDecimal cumulative = BigDecimal.ZERO;
        for (int i = 0; i < expected.size(); i++) {
            Fill e = expected.get(i);
            OrderFilled f = actual.get(i);
            cumulative = cumulative.add(e.quantity());
            assertThat(f.venueOrderId()).isEqualTo(venueOrderId);
            assertThat(f.tradeId()).isEqualTo(venueOrderId + "-" + (i + 1));
            assertThat(f.side()).isEqualTo(order.side());
            assertThat(BigDecimal.valueOf(f.fillPrice(), 2)).isEqualByComparingTo(e.price());
            assertThat(BigDecimal.valueOf(f.fillQuantity(), 3)).isEqualByComparingTo(e.quantity());
            assertThat(amount(f.quoteQuantity())).isEqualByComparingTo(e.notional(order.side()));
            assertThat(amount(f.fee())).isEqualByComparingTo(e.fee(order.side()));
            assertThat(f.feeAsset()).isEqualTo("USDT");
            assertThat(f.liquiditySide()).isEqualTo(e.liquidity());
            assertThat(BigDecimal.valueOf(f.cumulativeQuantity(), 3)).isEqualByComparingTo(cumulative);
            assertThat(BigDecimal.valueOf(f.leavesQuantity(), 3)).isEqualByComparingTo(quantity.subtract(cumulative));
            assertThat(f.last()).isEqualTo(cumulative.compareTo(quantity) == 0);
            assertThat(f.eventTimeNs()).isEqualTo(e.timeNs());
        }
    }

    /** USDT and BTC balances after fills, computed from the expected fills alone. */
    private void assertBalances(List<Fill> buys, List<Fill> sells) {
        BigDecimal usdt = START_USDT;
        BigDecimal btc = START_BTC;
        for (Fill f : buys) {
            usdt = usdt.subtract(f.notional(Side.BUY)).subtract(f.fee(Side.BUY));
            btc = btc.add(f.quantity());
        }
        for (Fill f : sells) {
            usdt = usdt.add(f.notional(Side.SELL)).subtract(f.fee(Side.SELL));
            btc = btc.subtract(f.quantity());
        }
        assertThat(amount(router.balance("USDT"))).isEqualByComparingTo(usdt);
        assertThat(amount(router.balance("BTC"))).isEqualByComparingTo(btc);
    }

    private static OrderExpired expiry(List<Marshallable> written) {
        return written.stream().filter(OrderExpired.class::isInstance).map(OrderExpired.class::cast).findFirst()
                .orElseThrow();
    }

    // ------------------------------------------------------------------------------------------- the tests

    @Test
    void takingLiquidityFillsTheQuoteSizeThenTheSlippedPriceAndIocAndFokExpireWhatTheyCannotFill() {
        start("through");
        feedTo(afterTrade(100));
        Row q = lastQuote;
        long t = now();
        BigDecimal oneBtc = BigDecimal.ONE;

        // a market buy: the ask's size at the ask, the rest one slipped level up
        BigDecimal buyQty = q.askSize().add(new BigDecimal("0.5"));
        SubmitOrder buy = order("mkt-buy", Side.BUY, OrderType.MARKET, TimeInForce.IOC, buyQty.toPlainString());
        assertThat(submit(buy)).noneMatch(OrderExpired.class::isInstance);
        List<Fill> buyFills = take(q, Side.BUY, buyQty, null, t);
        assertThat(buyFills).hasSize(2);
        assertFills(buy, buyFills);

        // an IOC sell limited at the bid: the bid's size fills, the rest expires
        BigDecimal sellQty = q.bidSize().add(oneBtc);
        SubmitOrder ioc = order("ioc-sell", Side.SELL, OrderType.LIMIT, TimeInForce.IOC, sellQty.toPlainString())
                .limitPrice(price(q.bid()));
        OrderExpired iocExpiry = expiry(submit(ioc));
        List<Fill> iocFills = take(q, Side.SELL, sellQty, q.bid(), t);
        assertThat(iocFills).hasSize(1);
        assertFills(ioc, iocFills);
        assertThat(iocExpiry.reason()).isEqualTo(PaperVenue.IOC_REMAINDER);
        assertThat(BigDecimal.valueOf(iocExpiry.cumulativeQuantity(), 3)).isEqualByComparingTo(q.bidSize());

        // the same as FOK: not fillable whole within the limit, so nothing fills
        SubmitOrder fok = order("fok-sell", Side.SELL, OrderType.LIMIT, TimeInForce.FOK, sellQty.toPlainString())
                .limitPrice(price(q.bid()));
        List<Marshallable> fokWritten = submit(fok);
        assertThat(fokWritten).hasSize(2);
        assertThat(fokWritten.get(0)).isInstanceOf(OrderAccepted.class);
        assertThat(expiry(fokWritten).reason()).isEqualTo(PaperVenue.FOK_NOT_FILLABLE);
        assertThat(expiry(fokWritten).cumulativeQuantity()).isZero();
        assertThat(fillsOf("fok-sell")).isEmpty();

        // a FOK market sell can walk: it fills whole over two prices
        SubmitOrder fokMarket = order("fok-mkt", Side.SELL, OrderType.MARKET, TimeInForce.FOK,
                sellQty.toPlainString());
        assertThat(submit(fokMarket)).noneMatch(OrderExpired.class::isInstance);
        List<Fill> fokFills = take(q, Side.SELL, sellQty, null, t);
        assertThat(sum(fokFills)).isEqualByComparingTo(sellQty);
        assertFills(fokMarket, fokFills);

        // an IOC buy limited at the bid is not marketable: it expires, it is not rejected
        SubmitOrder low = order("ioc-low", Side.BUY, OrderType.LIMIT, TimeInForce.IOC, "0.100")
                .limitPrice(price(q.bid()));
        List<Marshallable> lowWritten = submit(low);
        assertThat(lowWritten).hasSize(2);
        assertThat(expiry(lowWritten).reason()).isEqualTo(PaperVenue.LIMIT_NOT_MARKETABLE);

        List<Fill> sells = new ArrayList<>(iocFills);
        sells.addAll(fokFills);
        assertBalances(buyFills, sells);
        assertThat(router.venue().workingOrders()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"through", "touch"})
    void aRestingLimitIsFilledByLaterTradesThroughItsPriceAsMakerOverSeveralTrades(String queueModel) {
        start(queueModel);
        feedTo(afterTrade(100));
        BigDecimal limit = new BigDecimal("9678.00");
        assertThat(lastQuote.ask()).as("not marketable when placed").isGreaterThan(limit);
        SubmitOrder gtc = order("gtc-buy", Side.BUY, OrderType.LIMIT, TimeInForce.GTC, "1.000")
                .limitPrice(price(limit));
        List<Marshallable> written = submit(gtc);
        assertThat(written).hasSize(1).first().isInstanceOf(OrderAccepted.class);
        // an order changes no balance: only its fills do
        assertBalances(List.of(), List.of());
        assertThat(router.venue().workingOrders()).isEqualTo(1);

        boolean touch = "touch".equals(queueModel);
        List<Fill> expected = rest(pos, Side.BUY, limit, BigDecimal.ONE, touch);
        // the data tells the two queue models apart, and fills the order over several trades
        assertThat(expected).isNotEqualTo(rest(pos, Side.BUY, limit, BigDecimal.ONE, !touch));
        assertThat(expected).hasSizeGreaterThanOrEqualTo(5);
        assertThat(sum(expected)).isEqualByComparingTo(BigDecimal.ONE);

        feedTo(rows.size());
        assertFills(gtc, expected);
        assertBalances(expected, List.of());
        assertThat(router.venue().workingOrders()).isZero();
        assertThat(router.position(STRATEGY, SYMBOL).quantity()).isEqualTo(1000);
    }

    @Test
    void withAStepSizeTheQuotesSizeAndEachTradesShareFillInWholeSteps() {
        BigDecimal step = new BigDecimal("0.01");
        start("through", 0, "{stepSize: 0.01}");
        // the first quote after trade 100 whose ask size is not a whole number of steps
        int n = 100;
        feedTo(afterTrade(n));
        while (lastQuote.askSize().remainder(step).signum() == 0) {
            feedTo(afterTrade(++n));
        }
        Row q = lastQuote;
        BigDecimal depthInSteps = q.askSize().divide(step, 0, RoundingMode.FLOOR).multiply(step);
        BigDecimal buyQty = depthInSteps.add(new BigDecimal("0.50"));
        SubmitOrder buy = order("mkt-buy", Side.BUY, OrderType.MARKET, TimeInForce.IOC, buyQty.toPlainString());
        submit(buy);
        // the touch for the whole steps of its size, the rest one slipped level up
        List<Fill> buyFills = depthInSteps.signum() == 0
                ? List.of(new Fill(slipped(q.ask(), Side.BUY), buyQty, LiquiditySide.TAKER, now(), -1))
                : List.of(new Fill(q.ask(), depthInSteps, LiquiditySide.TAKER, now(), -1),
                        new Fill(slipped(q.ask(), Side.BUY), buyQty.subtract(depthInSteps), LiquiditySide.TAKER,
                                now(), -1));
        assertFills(buy, buyFills);

        // a resting buy takes the whole steps of each trade through its price; a trade of less than a step, none
        BigDecimal limit = new BigDecimal("9678.00");
        assertThat(lastQuote.ask()).as("not marketable when placed").isGreaterThan(limit);
        SubmitOrder gtc = order("gtc-buy", Side.BUY, OrderType.LIMIT, TimeInForce.GTC, "1.000")
                .limitPrice(price(limit));
        submit(gtc);
        List<Fill> expected = new ArrayList<>();
        BigDecimal leaves = BigDecimal.ONE;
        boolean oddTrade = false;
        for (int i = pos; i < rows.size() && leaves.signum() > 0; i++) {
            Row r = rows.get(i);
            if (!r.quote() && r.price().compareTo(limit) < 0) {
                oddTrade |= r.amount().remainder(step).signum() != 0;
                BigDecimal share = leaves.min(r.amount()).divide(step, 0, RoundingMode.FLOOR).multiply(step);
                if (share.signum() > 0) {
                    expected.add(new Fill(limit, share, LiquiditySide.MAKER, r.timeNs(), i));
                    leaves = leaves.subtract(share);
                }
            }
        }
        assertThat(oddTrade).as("trades of odd sizes among those through the limit").isTrue();
        feedTo(rows.size());
        assertFills(gtc, expected);
        assertThat(fillsOf("gtc-buy")).allSatisfy(f -> assertThat(f.fillQuantity() % 10).isZero());
        assertBalances(concat(buyFills, expected), List.of());
    }

    private static List<Fill> concat(List<Fill> a, List<Fill> b) {
        List<Fill> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Test
    void cancelRemovesARestingOrderWithWhatItFilledAndIsRefusedForFinishedOrUnknownOrders() {
        start("through");
        feedTo(afterTrade(100));
        BigDecimal limit = new BigDecimal("9678.00");
        SubmitOrder gtc = order("gtc-buy", Side.BUY, OrderType.LIMIT, TimeInForce.GTC, "1.000")
                .limitPrice(price(limit));
        submit(gtc);
        List<Fill> all = rest(pos, Side.BUY, limit, BigDecimal.ONE, false);
        List<Fill> beforeCancel = all.subList(0, 3);
        // feed up to the third fill's trade, then cancel
        feedTo(beforeCancel.get(2).row() + 1);
        int from = out.size();
        cancel("gtc-buy");
        List<Marshallable> written = out.since(from);
        assertThat(written).hasSize(1);
        OrderCanceled canceled = (OrderCanceled) written.get(0);
        assertThat(canceled.clientOrderId()).isEqualTo("gtc-buy");
        assertThat(canceled.venueOrderId()).isEqualTo("paper-1");
        assertThat(BigDecimal.valueOf(canceled.cumulativeQuantity(), 3)).isEqualByComparingTo(sum(beforeCancel));
        assertThat(canceled.eventTimeNs()).isEqualTo(now());

        feedTo(rows.size()); // the trades that would have filled the rest
        assertFills(gtc, beforeCancel);
        assertBalances(beforeCancel, List.of());

        from = out.size();
        cancel("gtc-buy");
        cancel("never-sent");
        SubmitOrder market = order("mkt", Side.SELL, OrderType.MARKET, TimeInForce.IOC, "0.001");
        submit(market);
        cancel("mkt");
        List<CancelRejected> refused = out.since(from).stream().filter(CancelRejected.class::isInstance)
                .map(CancelRejected.class::cast).toList();
        assertThat(refused).extracting(CancelRejected::clientOrderId).containsExactly("gtc-buy", "never-sent", "mkt");
        assertThat(refused).extracting(CancelRejected::reasonCode).containsExactly(CancelRejectReason.ORDER_FINISHED,
                CancelRejectReason.UNKNOWN_ORDER, CancelRejectReason.ORDER_FINISHED);
    }

    @Test
    void aPostOnlyOrderThatWouldCrossIsRejectedAndOneThatDoesNotRests() {
        start("through");
        feedTo(afterTrade(100));
        SubmitOrder crossing = order("po-cross", Side.BUY, OrderType.LIMIT, TimeInForce.GTC, "0.100")
                .limitPrice(price(lastQuote.ask())).postOnly(true);
        List<Marshallable> written = submit(crossing);
        assertThat(written).hasSize(1);
        assertThat(((OrderRejected) written.get(0)).reasonCode()).isEqualTo(RejectReason.POST_ONLY_WOULD_CROSS);

        SubmitOrder atBid = order("po-bid", Side.BUY, OrderType.LIMIT, TimeInForce.GTC, "0.100")
                .limitPrice(price(lastQuote.bid())).postOnly(true);
        assertThat(submit(atBid)).hasSize(1).first().isInstanceOf(OrderAccepted.class);
        assertThat(router.venue().workingOrders()).isEqualTo(1);
    }

    @Test
    void aSellStopMarketTriggersOnTheFirstTradeAtOrBelowItsTriggerAndTakesTheBid() {
        start("through");
        feedTo(afterTrade(100));
        BigDecimal trigger = new BigDecimal("9678.00");
        SubmitOrder stop = order("stop-sell", Side.SELL, OrderType.STOP_MARKET, TimeInForce.GTC, "1.000")
                .triggerPrice(price(trigger));
        assertThat(submit(stop)).hasSize(1).first().isInstanceOf(OrderAccepted.class);

        // the oracle: the first later trade at or below the trigger, and the quote in force then
        Row quote = lastQuote;
        int at = -1;
        for (int i = pos; i < rows.size() && at < 0; i++) {
            Row r = rows.get(i);
            if (r.quote()) {
                quote = r;
            } else if (r.price().compareTo(trigger) <= 0) {
                at = i;
            }
        }
        assertThat(at).isPositive();
        List<Fill> expected = take(quote, Side.SELL, BigDecimal.ONE, null, rows.get(at).timeNs());

        feedTo(at);
        assertThat(fillsOf("stop-sell")).as("untriggered before the trade").isEmpty();
        feedTo(rows.size());
        assertFills(stop, expected);
        assertBalances(List.of(), expected);
    }

    @Test
    void aBuyStopLimitTriggersOnATradeAtOrAboveItsTriggerThenTakesWithinItsLimitAndRestsTheRest() {
        start("through");
        feedTo(afterTrade(200));
        BigDecimal trigger = new BigDecimal("9669.00");
        BigDecimal limit = new BigDecimal("9669.00");
        BigDecimal quantity = new BigDecimal("2.000");
        assertThat(rows.get(pos - 1).price()).as("placed below its trigger").isLessThan(trigger);
        SubmitOrder stop = order("stop-buy", Side.BUY, OrderType.STOP_LIMIT, TimeInForce.GTC,
                quantity.toPlainString()).triggerPrice(price(trigger)).limitPrice(price(limit));
        assertThat(submit(stop)).hasSize(1).first().isInstanceOf(OrderAccepted.class);

        Row quote = lastQuote;
        int at = -1;
        for (int i = pos; i < rows.size() && at < 0; i++) {
            Row r = rows.get(i);
            if (r.quote()) {
                quote = r;
            } else if (r.price().compareTo(trigger) >= 0) {
                at = i;
            }
        }
        assertThat(at).isPositive();
        List<Fill> expected = new ArrayList<>(take(quote, Side.BUY, quantity, limit, rows.get(at).timeNs()));
        expected.addAll(rest(at + 1, Side.BUY, limit, quantity.subtract(sum(expected)), false));
        // the data exercises both: taken at once at the ask, the rest filled later as maker
        assertThat(expected).extracting(Fill::liquidity).contains(LiquiditySide.TAKER, LiquiditySide.MAKER);
        assertThat(sum(expected)).isEqualByComparingTo(quantity);

        feedTo(rows.size());
        assertFills(stop, expected);
        assertBalances(expected, List.of());
    }

    @Test
    void aRestartedRouterPutsItsWorkingOrdersBackAndTheyFillAsIfItHadNeverStopped() {
        // the uninterrupted run: a resting buy limit and an untriggered sell stop, fed every row
        start("through");
        feedTo(afterTrade(100));
        SubmitOrder limit = order("gtc-buy", Side.BUY, OrderType.LIMIT, TimeInForce.GTC, "1.000")
                .limitPrice(price(new BigDecimal("9678.00")));
        SubmitOrder stop = order("stop-sell", Side.SELL, OrderType.STOP_MARKET, TimeInForce.GTC, "0.500")
                .triggerPrice(price(new BigDecimal("9672.00")));
        List<SubmitOrder> orders = List.of(limit, stop);
        orders.forEach(this::submit);
        int placed = pos;
        // stop after the limit's third fill, before the stop triggers
        int cut = rest(placed, Side.BUY, new BigDecimal("9678.00"), BigDecimal.ONE, false).get(2).row() + 1;
        feedTo(rows.size());
        RecordingExecutions uninterrupted = out;
        assertThat(fillsOf("stop-sell")).as("the stop triggers after the cut").isNotEmpty()
                .allSatisfy(f -> assertThat(f.eventTimeNs()).isGreaterThan(rows.get(cut - 1).timeNs()));
        assertThat(fillsOf("gtc-buy")).hasSizeGreaterThan(3);

        // the same up to the cut, then a new router rebuilt from those executions and the orders it had consumed
        start("through");
        feedTo(placed);
        orders.forEach(this::submit);
        feedTo(cut);
        RecordingExecutions beforeStop = out;
        RecordingExecutions afterRestart = new RecordingExecutions();
        OrderRouter restarted = newRouter("through", afterRestart);
        beforeStop.replayInto(restarted.recovery());
        orders.forEach(restarted.restoreOrders()::submitOrder);
        Row lastTrade = null;
        for (int i = 0; i < cut; i++) {
            if (!rows.get(i).quote()) {
                lastTrade = rows.get(i);
            }
        }
        // what RouterAgent primes from the market data consumed before the stop
        restarted.prices().onQuote(new QuoteTick().instrument(SYMBOL).bidPrice(price(lastQuote.bid()))
                .bidSize(size(lastQuote.bidSize())).askPrice(price(lastQuote.ask()))
                .askSize(size(lastQuote.askSize())).eventTimeNs(lastQuote.timeNs()));
        restarted.prices().onTrade(new TradeTick().instrument(SYMBOL).price(price(lastTrade.price()))
                .quantity(size(lastTrade.amount())).eventTimeNs(lastTrade.timeNs()));
        restarted.start();
        assertThat(restarted.restoredCount()).isEqualTo(2);
        assertThat(restarted.venue().workingOrders()).isEqualTo(2);
        router = restarted;
        out = afterRestart;
        feedTo(rows.size());

        List<Marshallable> joined = new ArrayList<>(beforeStop.events);
        joined.addAll(afterRestart.events);
        assertThat(joined).isEqualTo(uninterrupted.events);
        BalanceUpdate lastUsdt = uninterrupted.of(BalanceUpdate.class).stream()
                .filter(u -> u.asset().equals("USDT")).reduce((x, y) -> y).orElseThrow();
        assertThat(restarted.balance("USDT")).isEqualTo(lastUsdt.total());
    }

    @Test
    void withLatencyAnOrderAndACancelReachTheBookThatLongAfterTheirTimeAndActOnTheMarketThen() {
        long latencyMs = 250;
        start("through", latencyMs);
        feedTo(afterTrade(100));
        long sentNs = now();
        Row quoteWhenSent = lastQuote;
        int announced = out.size(); // the starting balances
        SubmitOrder buy = order("mkt-buy", Side.BUY, OrderType.MARKET, TimeInForce.IOC, "0.300");
        SubmitOrder gtc = order("gtc-buy", Side.BUY, OrderType.LIMIT, TimeInForce.GTC, "0.100")
                .limitPrice(price(new BigDecimal("9600.00")));
        assertThat(submit(buy)).as("nothing before it reaches the book").isEmpty();
        assertThat(submit(gtc)).isEmpty();
        cancel("gtc-buy");
        cancel("never-sent");
        assertThat(out.size()).isEqualTo(announced);

        // the first market data after sent + latency: everything acts just before it, against the market until then
        long arrivalNs = sentNs + latencyMs * 1_000_000L;
        int first = pos;
        Row quote = lastQuote;
        while (rows.get(first).timeNs() <= arrivalNs) {
            if (rows.get(first).quote()) {
                quote = rows.get(first);
            }
            first++;
        }
        long actNs = rows.get(first).timeNs();
        List<Fill> expected = take(quote, Side.BUY, new BigDecimal("0.300"), null, actNs);
        assertThat(expected).as("the market moved while the order travelled")
                .isNotEqualTo(take(quoteWhenSent, Side.BUY, new BigDecimal("0.300"), null, actNs));

        feedTo(first);
        assertThat(out.size()).isEqualTo(announced);
        feedTo(first + 1);
        assertFills(buy, expected);
        assertThat(out.of(OrderAccepted.class)).extracting(OrderAccepted::eventTimeNs).containsExactly(actNs, actNs);
        assertThat(out.of(OrderCanceled.class)).singleElement().satisfies(c -> {
            assertThat(c.clientOrderId()).isEqualTo("gtc-buy");
            assertThat(c.eventTimeNs()).isEqualTo(actNs);
        });
        assertThat(out.of(CancelRejected.class)).singleElement().satisfies(c -> {
            assertThat(c.clientOrderId()).isEqualTo("never-sent");
            assertThat(c.reasonCode()).isEqualTo(CancelRejectReason.UNKNOWN_ORDER);
            assertThat(c.eventTimeNs()).isEqualTo(actNs);
        });
        assertThat(router.venue().workingOrders()).isZero();
    }

    @Test
    void theInstrumentFiltersRejectAnOrderBeforeTheBookNamingTheFilter() {
        start("through", 0, "{tickSize: 0.10, stepSize: 0.002, minQty: 0.004, minNotional: 30}");
        feedTo(afterTrade(100));
        BigDecimal ask = lastQuote.ask();
        // the notional a market buy is checked at: the ask, to the cent (USDT has 8 decimals: exact)
        assertThat(ask.multiply(new BigDecimal("0.002"))).isLessThan(BigDecimal.valueOf(30));
        assertThat(ask.multiply(new BigDecimal("0.004"))).isGreaterThan(BigDecimal.valueOf(30));

        record Case(SubmitOrder order, RejectReason expected, String text) {
        }
        List<Case> cases = List.of(
                new Case(order("tick", Side.BUY, OrderType.LIMIT, TimeInForce.GTC, "0.004")
                        .limitPrice(price(new BigDecimal("9600.05"))), RejectReason.PRICE_FILTER, "PRICE_FILTER"),
                new Case(order("trigger", Side.SELL, OrderType.STOP_MARKET, TimeInForce.GTC, "0.004")
                        .triggerPrice(price(new BigDecimal("9600.01"))), RejectReason.PRICE_FILTER, "PRICE_FILTER"),
                new Case(order("min-qty", Side.BUY, OrderType.MARKET, TimeInForce.IOC, "0.002"),
                        RejectReason.LOT_SIZE, "LOT_SIZE: quantity 0.002 is below minQty 0.004"),
                new Case(order("step", Side.BUY, OrderType.MARKET, TimeInForce.IOC, "0.005"),
                        RejectReason.LOT_SIZE, "LOT_SIZE: quantity 0.005 is not a multiple of stepSize 0.002"),
                new Case(order("notional", Side.BUY, OrderType.LIMIT, TimeInForce.GTC, "0.004")
                        .limitPrice(price(new BigDecimal("5000.00"))), RejectReason.MIN_NOTIONAL, "MIN_NOTIONAL"));
        for (Case c : cases) {
            List<Marshallable> written = submit(c.order());
            assertThat(written).as(c.order().clientOrderId()).hasSize(1);
            OrderRejected r = (OrderRejected) written.get(0);
            assertThat(r.reasonCode()).as(c.order().clientOrderId()).isEqualTo(c.expected());
            assertThat(r.reason()).startsWith(c.text());
        }
        // within every filter: accepted, and the market buy fills
        SubmitOrder ok = order("ok", Side.BUY, OrderType.MARKET, TimeInForce.IOC, "0.004");
        submit(ok);
        assertFills(ok, take(lastQuote, Side.BUY, new BigDecimal("0.004"), null, now()));
        SubmitOrder resting = order("ok-limit", Side.BUY, OrderType.LIMIT, TimeInForce.GTC, "0.004")
                .limitPrice(price(new BigDecimal("9600.10")));
        assertThat(submit(resting)).singleElement().isInstanceOf(OrderAccepted.class);
    }

    @Test
    void marketDataAllocatesNothingWhileOrdersRestWithoutFilling() {
        start("through");
        feedTo(afterTrade(100));
        submit(order("far-buy", Side.BUY, OrderType.LIMIT, TimeInForce.GTC, "1.000")
                .limitPrice(price(new BigDecimal("9000.00"))));
        submit(order("far-stop", Side.SELL, OrderType.STOP_MARKET, TimeInForce.GTC, "1.000")
                .triggerPrice(price(new BigDecimal("9000.00"))));
        submit(order("far-buy-stop", Side.BUY, OrderType.STOP_LIMIT, TimeInForce.GTC, "1.000")
                .triggerPrice(price(new BigDecimal("10000.00"))).limitPrice(price(new BigDecimal("10000.00"))));
        assertThat(router.venue().workingOrders()).isEqualTo(3);
        // the recorded ticks, made once; replayed with ever later times so that nothing triggers or fills
        List<TradeTick> trades = new ArrayList<>();
        List<QuoteTick> quotes = new ArrayList<>();
        for (Row r : rows) {
            if (r.quote()) {
                quotes.add(new QuoteTick().instrument(SYMBOL).bidPrice(price(r.bid())).bidSize(size(r.bidSize()))
                        .askPrice(price(r.ask())).askSize(size(r.askSize())));
            } else {
                trades.add(new TradeTick().instrument(SYMBOL).price(price(r.price())).quantity(size(r.amount()))
                        .aggressorSide(r.side()));
            }
        }
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long timeNs = rows.get(rows.size() - 1).timeNs();
        int written = out.size();
        // the first round warms up; the least of three measured rounds counts (a JIT compilation on a loaded machine
        // can allocate a few KB inside one round)
        long least = Long.MAX_VALUE;
        for (int round = 0; round < 4; round++) {
            long before = threads.getThreadAllocatedBytes(thread);
            for (int i = 0; i < 100_000; i++) {
                TradeTick t = trades.get(i % trades.size());
                t.eventTimeNs(++timeNs);
                router.tradeTick(t);
                QuoteTick q = quotes.get(i % quotes.size());
                q.eventTimeNs(++timeNs);
                router.quoteTick(q);
            }
            long allocated = threads.getThreadAllocatedBytes(thread) - before;
            if (round > 0) {
                least = Math.min(least, allocated);
            }
        }
        assertThat(least).as("bytes allocated by 200,000 ticks with 3 orders resting (least of three)")
                .isLessThan(1024);
        assertThat(out.size()).as("nothing filled or triggered").isEqualTo(written);
    }

    @Test
    void aReduceOnlyOrderMayOnlyShrinkItsStrategysPosition() {
        start("through");
        feedTo(afterTrade(100));
        SubmitOrder sellFromFlat = order("ro-flat", Side.SELL, OrderType.MARKET, TimeInForce.IOC, "0.004")
                .reduceOnly(true);
        assertThat(submit(sellFromFlat)).singleElement().isInstanceOfSatisfying(OrderRejected.class,
                r -> assertThat(r.reasonCode()).isEqualTo(RejectReason.REDUCE_ONLY));
        submit(order("entry", Side.BUY, OrderType.MARKET, TimeInForce.IOC, "0.004"));
        SubmitOrder tooBig = order("ro-big", Side.SELL, OrderType.MARKET, TimeInForce.IOC, "0.005").reduceOnly(true);
        assertThat(submit(tooBig)).singleElement().isInstanceOf(OrderRejected.class);
        SubmitOrder buyMore = order("ro-buy", Side.BUY, OrderType.MARKET, TimeInForce.IOC, "0.001").reduceOnly(true);
        assertThat(submit(buyMore)).singleElement().isInstanceOf(OrderRejected.class);
        SubmitOrder exit = order("ro-exit", Side.SELL, OrderType.MARKET, TimeInForce.IOC, "0.004").reduceOnly(true);
        submit(exit);
        assertFills(exit, take(lastQuote, Side.SELL, new BigDecimal("0.004"), null, now()));
        assertThat(router.position(STRATEGY, SYMBOL).quantity()).isZero();
    }

    /** Primes a restarted router with the last quote and trade of rows [0, end), as RouterAgent does. */
    private static void prime(OrderRouter r, int end) {
        Row quote = null;
        Row trade = null;
        for (int i = 0; i < end; i++) {
            if (rows.get(i).quote()) {
                quote = rows.get(i);
            } else {
                trade = rows.get(i);
            }
        }
        r.prices().onQuote(new QuoteTick().instrument(SYMBOL).bidPrice(price(quote.bid()))
                .bidSize(size(quote.bidSize())).askPrice(price(quote.ask())).askSize(size(quote.askSize()))
                .eventTimeNs(quote.timeNs()));
        r.prices().onTrade(new TradeTick().instrument(SYMBOL).price(price(trade.price()))
                .quantity(size(trade.amount())).eventTimeNs(trade.timeNs()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"two-prices", "ioc-remainder"})
    void aRouterStoppedPartWayThroughAnOrdersFillsWritesExactlyTheRestWhenTheOrderComesBack(String kind) {
        start("through");
        int at = afterTrade(100);
        feedTo(at);
        Row q = lastQuote;
        SubmitOrder order = "two-prices".equals(kind)
                ? order("o", Side.BUY, OrderType.MARKET, TimeInForce.IOC, q.askSize().add(BigDecimal.ONE)
                        .toPlainString())
                : order("o", Side.SELL, OrderType.LIMIT, TimeInForce.IOC, q.bidSize().add(BigDecimal.ONE)
                        .toPlainString()).limitPrice(price(q.bid()));
        int announced = out.size();
        List<Marshallable> all = submit(order);
        // accepted, then per fill: the fill, two balances, the position; an IOC remainder ends with its expiry
        assertThat(all).hasSize("two-prices".equals(kind) ? 9 : 6);
        RecordingExecutions uninterrupted = out;

        for (int k = 1; k < all.size(); k++) { // the earlier run stopped after k of the order's messages
            start("through");
            feedTo(at);
            submit(order);
            RecordingExecutions written = new RecordingExecutions();
            out.replayInto(written, announced + k);
            RecordingExecutions rest = new RecordingExecutions();
            OrderRouter restarted = newRouter("through", rest);
            written.replayInto(restarted.recovery());
            prime(restarted, at);
            restarted.start();
            restarted.submitOrder(order); // not consumed, so it comes back
            List<Marshallable> joined = new ArrayList<>(written.events);
            joined.addAll(rest.events);
            assertThat(joined).as("stopped after %d messages", k).isEqualTo(uninterrupted.events);
            assertThat(restarted.balance("USDT")).isEqualTo(router.balance("USDT"));
            assertThat(restarted.balance("BTC")).isEqualTo(router.balance("BTC"));
            assertThat(restarted.position(STRATEGY, SYMBOL).quantity())
                    .isEqualTo(router.position(STRATEGY, SYMBOL).quantity());
            assertThat(restarted.position(STRATEGY, SYMBOL).costBasis())
                    .isEqualTo(router.position(STRATEGY, SYMBOL).costBasis());
        }
    }

    @Test
    void anOrderOnItsWayToTheBookWhenTheRouterStopsStillArrivesAfterTheRestart() {
        long latencyMs = 250;
        start("through", latencyMs);
        int at = afterTrade(100);
        feedTo(at);
        SubmitOrder buy = order("mkt-buy", Side.BUY, OrderType.MARKET, TimeInForce.IOC, "0.300");
        submit(buy);
        feedTo(rows.size());
        RecordingExecutions uninterrupted = out;
        assertThat(fillsOf("mkt-buy")).isNotEmpty();

        // stopped right after consuming the order: nothing of it on executions yet
        start("through", latencyMs);
        feedTo(at);
        submit(buy);
        RecordingExecutions written = out;
        RecordingExecutions rest = new RecordingExecutions();
        OrderRouter restarted = newRouter("through", latencyMs, rest);
        written.replayInto(restarted.recovery());
        restarted.restoreOrders().submitOrder(buy);
        prime(restarted, at);
        restarted.start();
        assertThat(restarted.restoredCount()).isEqualTo(1);
        assertThat(restarted.seen("mkt-buy")).isTrue();
        router = restarted;
        out = rest;
        feedTo(rows.size());

        List<Marshallable> joined = new ArrayList<>(written.events);
        joined.addAll(rest.events);
        assertThat(joined).isEqualTo(uninterrupted.events);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void aRouterStoppedPartWayThroughAFillOfARestingOrderFinishesItWhenTheTradeComesAgain(int written) {
        BigDecimal limitPrice = new BigDecimal("9678.00");
        start("through");
        feedTo(afterTrade(100));
        int placed = pos;
        SubmitOrder gtc = order("gtc-buy", Side.BUY, OrderType.LIMIT, TimeInForce.GTC, "1.000")
                .limitPrice(price(limitPrice));
        submit(gtc);
        int trade = rest(placed, Side.BUY, limitPrice, BigDecimal.ONE, false).get(2).row();
        feedTo(rows.size());
        RecordingExecutions uninterrupted = out;

        // the earlier run: stopped after `written` of the four messages of the third fill (fill, 2 balances, position)
        start("through");
        feedTo(placed);
        submit(gtc);
        feedTo(trade);
        int before = out.size();
        feedTo(trade + 1);
        assertThat(out.size() - before).isEqualTo(4);
        RecordingExecutions topic = new RecordingExecutions();
        out.replayInto(topic, before + written);

        RecordingExecutions rest = new RecordingExecutions();
        OrderRouter restarted = newRouter("through", rest);
        topic.replayInto(restarted.recovery());
        restarted.restoreOrders().submitOrder(gtc);
        prime(restarted, trade);
        restarted.start();
        router = restarted;
        out = rest;
        pos = trade; // the trade was not consumed: it comes again
        feedTo(rows.size());

        List<Marshallable> joined = new ArrayList<>(topic.events);
        joined.addAll(rest.events);
        assertThat(joined).isEqualTo(uninterrupted.events);
    }
}
