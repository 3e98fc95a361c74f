package io.aquatrade.router.venue.paper;

import static io.aquatrade.router.Oracle.dec;
import static io.aquatrade.router.Oracle.mantissa;
import static io.aquatrade.router.TestOrders.STRATEGY;
import static io.aquatrade.router.TestOrders.XRPETH;
import static io.aquatrade.router.TestOrders.limit;
import static io.aquatrade.router.TestOrders.market;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.BalanceUpdate;
import io.aquatrade.common.LiquiditySide;
import io.aquatrade.common.OrderAccepted;
import io.aquatrade.common.OrderExpired;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.OrderRejected;
import io.aquatrade.common.PositionUpdate;
import io.aquatrade.common.QuoteTick;
import io.aquatrade.common.Side;
import io.aquatrade.common.SubmitOrder;
import io.aquatrade.common.TradeTick;
import io.aquatrade.common.testing.SampleData;
import io.aquatrade.router.Oracle;
import io.aquatrade.router.OrderRouter;
import io.aquatrade.router.RecordingExecutions;
import io.aquatrade.router.RouterConfig;
import io.aquatrade.router.TestConfigs;
import net.openhft.chronicle.wire.Marshallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The paper fill rules on real XRP/ETH trades (data/sample/XRP_ETH-trades.json.gz): every expected price, notional,
 * fee and balance is recomputed with BigDecimal by {@link Oracle}, not with the code under test.
 */
class PaperVenueTest {
    private static final long MS = 1_000_000L;
    /** Size of each side of {@link #quoteFromTrades}, XRP. */
    private static final long DEEP = 1_000_000L;
    private static List<TradeTick> trades;

    private RecordingExecutions out;
    private OrderRouter router;
    private Oracle oracle;

    @BeforeAll
    static void loadTrades() {
        trades = SampleData.xrpEthTrades();
    }

    private void start(AquatradeConfig cfg) {
        RouterConfig rc = RouterConfig.from(cfg);
        out = new RecordingExecutions();
        router = new OrderRouter(rc, cfg, out);
        router.start();
        oracle = new Oracle(rc.paper().takerFeeBps(), rc.paper().slippageBps());
    }

    /** Feeds trades [0, n) and returns the last one fed. */
    private TradeTick feed(int n) {
        for (int i = 0; i < n; i++) {
            router.tradeTick(trades.get(i));
        }
        return trades.get(n - 1);
    }

    /**
     * A best bid/ask made of real prices: the latest price a seller hit (bid) and the latest a buyer lifted (ask) in
     * trades [0, n), stamped with trade n-1's time, each side {@link #DEEP} XRP deep (more than any order here, so
     * an order fills whole at the touch; the depth rules have their own test).
     */
    private static QuoteTick quoteFromTrades(int n) {
        long bid = 0;
        long ask = 0;
        for (int i = 0; i < n; i++) {
            TradeTick t = trades.get(i);
            if (t.aggressorSide() == Side.SELL) {
                bid = t.price();
            } else {
                ask = t.price();
            }
        }
        assertThat(bid).isPositive().isLessThan(ask);
        return new QuoteTick().instrument(XRPETH).bidPrice(bid).bidSize(DEEP).askPrice(ask).askSize(DEEP)
                .eventTimeNs(trades.get(n - 1).eventTimeNs());
    }

    private List<Marshallable> submit(SubmitOrder order) {
        int from = out.size();
        router.submitOrder(order);
        return out.since(from);
    }

    /** Checks the five messages of a fill against the oracle's price and returns the fill. */
    private OrderFilled assertFill(List<Marshallable> written, SubmitOrder order, BigDecimal price, long ethBefore,
                                   long xrpBefore, String venueOrderId) {
        Side side = order.side();
        BigDecimal notional = Oracle.notional(price, order.quantity(), side);
        BigDecimal fee = oracle.fee(notional);
        assertThat(written).hasSize(5);
        OrderAccepted accepted = (OrderAccepted) written.get(0);
        assertThat(accepted.clientOrderId()).isEqualTo(order.clientOrderId());
        assertThat(accepted.venueOrderId()).isEqualTo(venueOrderId);
        assertThat(accepted.strategyId()).isEqualTo(STRATEGY);
        assertThat(accepted.instrument()).isEqualTo(XRPETH);
        OrderFilled fill = (OrderFilled) written.get(1);
        assertThat(fill.clientOrderId()).isEqualTo(order.clientOrderId());
        assertThat(fill.venueOrderId()).isEqualTo(venueOrderId);
        assertThat(fill.tradeId()).isEqualTo(venueOrderId + "-1");
        assertThat(fill.side()).isEqualTo(side);
        assertThat(dec(fill.fillPrice())).isEqualByComparingTo(price);
        assertThat(fill.fillQuantity()).isEqualTo(order.quantity());
        assertThat(dec(fill.quoteQuantity())).isEqualByComparingTo(notional);
        assertThat(dec(fill.fee())).isEqualByComparingTo(fee);
        assertThat(fill.feeAsset()).isEqualTo("ETH");
        assertThat(fill.liquiditySide()).isEqualTo(LiquiditySide.TAKER);
        assertThat(fill.last()).isTrue();

        BigDecimal xrpChange = BigDecimal.valueOf(order.quantity()).multiply(BigDecimal.valueOf(side.sign()));
        BigDecimal ethChange = side == Side.BUY ? notional.add(fee).negate() : notional.subtract(fee);
        BalanceUpdate xrp = (BalanceUpdate) written.get(2);
        BalanceUpdate eth = (BalanceUpdate) written.get(3);
        assertThat(xrp.asset()).isEqualTo("XRP");
        assertThat(dec(xrp.change())).isEqualByComparingTo(xrpChange);
        assertThat(dec(xrp.total())).isEqualByComparingTo(dec(xrpBefore).add(xrpChange));
        assertThat(eth.asset()).isEqualTo("ETH");
        assertThat(dec(eth.change())).isEqualByComparingTo(ethChange);
        assertThat(dec(eth.total())).isEqualByComparingTo(dec(ethBefore).add(ethChange));
        assertThat(router.balance("ETH")).isEqualTo(eth.total());
        assertThat(router.balance("XRP")).isEqualTo(xrp.total());

        PositionUpdate position = (PositionUpdate) written.get(4);
        assertThat(position.strategyId()).isEqualTo(STRATEGY);
        assertThat(position.instrument()).isEqualTo(XRPETH);
        for (Marshallable m : written) {
            assertThat(((io.aquatrade.common.Event) m).eventTimeNs()).isEqualTo(order.eventTimeNs());
        }
        assertThat(xrp.cause()).isEqualTo(order.clientOrderId());
        assertThat(eth.cause()).isEqualTo(order.clientOrderId());
        assertThat(position.cause()).isEqualTo(order.clientOrderId());
        return fill;
    }

    /** An immediate limit that found no price within its limit: accepted, then expired with nothing filled. */
    private OrderExpired assertExpired(List<Marshallable> written, SubmitOrder order, String reason) {
        assertThat(written).hasSize(2);
        OrderAccepted accepted = (OrderAccepted) written.get(0);
        assertThat(accepted.clientOrderId()).isEqualTo(order.clientOrderId());
        OrderExpired e = (OrderExpired) written.get(1);
        assertThat(e.clientOrderId()).isEqualTo(order.clientOrderId());
        assertThat(e.venueOrderId()).isEqualTo(accepted.venueOrderId());
        assertThat(e.strategyId()).isEqualTo(order.strategyId());
        assertThat(e.instrument()).isEqualTo(order.instrument());
        assertThat(e.cumulativeQuantity()).isZero();
        assertThat(e.reason()).isEqualTo(reason);
        assertThat(e.eventTimeNs()).isEqualTo(order.eventTimeNs());
        return e;
    }

    private OrderRejected assertRejected(List<Marshallable> written, SubmitOrder order, String reason) {
        assertThat(written).hasSize(1);
        OrderRejected r = (OrderRejected) written.get(0);
        assertThat(r.clientOrderId()).isEqualTo(order.clientOrderId());
        assertThat(r.strategyId()).isEqualTo(order.strategyId());
        assertThat(r.instrument()).isEqualTo(order.instrument());
        assertThat(r.reason()).isEqualTo(reason);
        assertThat(r.eventTimeNs()).isEqualTo(order.eventTimeNs());
        return r;
    }

    @Test
    void marketBuyWithoutQuoteFillsAtLastTradePlusSlippageRoundedUp() {
        start(TestConfigs.project());
        TradeTick last = feed(200);
        SubmitOrder order = market("buy-1", Side.BUY, 100, last.eventTimeNs() + MS);
        BigDecimal price = oracle.priceFromLast(dec(last.price()), Side.BUY);
        assertThat(price).isGreaterThan(dec(last.price()));

        OrderFilled fill = assertFill(submit(order), order, price, mantissa(BigDecimal.ONE), 0, "paper-1");

        PositionUpdate position = out.of(PositionUpdate.class).get(0);
        assertThat(position.quantity()).isEqualTo(100);
        assertThat(position.costBasis()).isEqualTo(fill.quoteQuantity() + fill.fee());
        assertThat(position.realizedPnl()).isZero();
    }

    @Test
    void marketBuyWithQuoteFillsAtTheBestAsk() {
        start(TestConfigs.project());
        feed(300);
        QuoteTick quote = quoteFromTrades(300);
        router.quoteTick(quote);
        SubmitOrder order = market("buy-ask", Side.BUY, 250, quote.eventTimeNs() + MS);

        OrderFilled fill = assertFill(submit(order), order, dec(quote.askPrice()), mantissa(BigDecimal.ONE), 0,
                "paper-1");
        assertThat(fill.fillPrice()).isEqualTo(quote.askPrice());
    }

    @Test
    void marketSellWithoutQuoteFillsAtLastTradeMinusSlippageRoundedDown() {
        start(TestConfigs.withBalances("{ETH: 1.0, XRP: 1000}"));
        TradeTick last = feed(1000);
        SubmitOrder order = market("sell-1", Side.SELL, 333, last.eventTimeNs() + MS);
        BigDecimal price = oracle.priceFromLast(dec(last.price()), Side.SELL);
        assertThat(price).isLessThan(dec(last.price()));

        assertFill(submit(order), order, price, mantissa(BigDecimal.ONE), mantissa(BigDecimal.valueOf(1000)),
                "paper-1");
        PositionUpdate position = out.of(PositionUpdate.class).get(0);
        assertThat(position.quantity()).isEqualTo(-333);
    }

    @Test
    void marketSellWithQuoteFillsAtTheBestBid() {
        start(TestConfigs.withBalances("{ETH: 0, XRP: 500.5}"));
        feed(2000);
        QuoteTick quote = quoteFromTrades(2000);
        router.quoteTick(quote);
        SubmitOrder order = market("sell-bid", Side.SELL, 500, quote.eventTimeNs());

        OrderFilled fill = assertFill(submit(order), order, dec(quote.bidPrice()), 0,
                mantissa(new BigDecimal("500.5")), "paper-1");
        assertThat(fill.fillPrice()).isEqualTo(quote.bidPrice());
        assertThat(router.balance("XRP")).isEqualTo(mantissa(new BigDecimal("0.5")));
    }

    @Test
    void anEmptyQuoteSideFallsBackToTheLastTrade() {
        start(TestConfigs.project());
        TradeTick last = feed(50);
        QuoteTick quote = quoteFromTrades(50);
        router.quoteTick(quote.askPrice(0).askSize(0));
        SubmitOrder order = market("buy-no-ask", Side.BUY, 10, last.eventTimeNs());

        assertFill(submit(order), order, oracle.priceFromLast(dec(last.price()), Side.BUY), mantissa(BigDecimal.ONE),
                0, "paper-1");
    }

    @Test
    void marketPriceRoundsAgainstTheTraderOnEveryRecordedPrice() {
        start(TestConfigs.project());
        PaperVenue venue = (PaperVenue) router.venue();
        io.aquatrade.common.Instrument xrpEth = TestConfigs.project().instrument(XRPETH);
        for (TradeTick t : trades) {
            router.tradeTick(t);
            assertThat(dec(venue.marketPrice(xrpEth, Side.BUY)))
                    .isEqualByComparingTo(oracle.priceFromLast(dec(t.price()), Side.BUY));
            assertThat(dec(venue.marketPrice(xrpEth, Side.SELL)))
                    .isEqualByComparingTo(oracle.priceFromLast(dec(t.price()), Side.SELL));
        }
    }

    @Test
    void notionalAndFeeRoundAgainstTheAccountWhenEthHasFewerDecimals() {
        // ETH booked at 6 decimals: price (8) x quantity (0) no longer fits, so rounding decides.
        start(TestConfigs.parse(TestConfigs.textWith("  ETH: 8", "  ETH: 6")
                .replace("balances: {ETH: 1.0, XRP: 0}", "balances: {ETH: 1000, XRP: 100000}")));
        int roundedNotional = 0;
        for (int i = 0; i < 500; i++) {
            TradeTick t = trades.get(i);
            router.tradeTick(t);
            for (Side side : Side.values()) {
                int from = out.size();
                router.submitOrder(market("r6-" + i + side, side, 33, t.eventTimeNs()));
                OrderFilled fill = (OrderFilled) out.since(from).get(1);
                BigDecimal price = oracle.priceFromLast(dec(t.price()), side);
                BigDecimal exact = price.multiply(BigDecimal.valueOf(33));
                BigDecimal notional = Oracle.notional(price, 33, side, 6);
                assertThat(BigDecimal.valueOf(fill.quoteQuantity(), 6)).isEqualByComparingTo(notional);
                assertThat(BigDecimal.valueOf(fill.fee(), 6)).isEqualByComparingTo(oracle.fee(notional, 6));
                if (notional.compareTo(exact) != 0) {
                    roundedNotional++;
                    assertThat(notional.compareTo(exact)).isEqualTo(side == Side.BUY ? 1 : -1);
                }
            }
        }
        assertThat(roundedNotional).isGreaterThan(100);
    }

    @Test
    void anOrderBeforeAnyPriceIsRejected() {
        start(TestConfigs.project());
        SubmitOrder order = market("early", Side.BUY, 10, trades.get(0).eventTimeNs());

        assertRejected(submit(order), order, PaperVenue.NO_MARKET_PRICE);
        assertThat(router.balance("ETH")).isEqualTo(mantissa(BigDecimal.ONE));
    }

    @Test
    void aBuyNeedsNotionalPlusFeeInEth() {
        start(TestConfigs.project());
        TradeTick last = feed(5000);
        BigDecimal price = oracle.priceFromLast(dec(last.price()), Side.BUY);
        // The largest quantity 1 ETH pays for, fee included, found by the oracle.
        long affordable = BigDecimal.ONE.divide(price, 0, java.math.RoundingMode.FLOOR).longValueExact();
        while (cost(price, affordable).compareTo(BigDecimal.ONE) > 0) {
            affordable--;
        }
        assertThat(cost(price, affordable + 1)).isGreaterThan(BigDecimal.ONE);

        SubmitOrder tooBig = market("too-big", Side.BUY, affordable + 1, last.eventTimeNs());
        assertRejected(submit(tooBig), tooBig, "insufficient balance: ETH");
        assertThat(router.balance("ETH")).isEqualTo(mantissa(BigDecimal.ONE));

        SubmitOrder justFits = market("just-fits", Side.BUY, affordable, last.eventTimeNs());
        assertFill(submit(justFits), justFits, price, mantissa(BigDecimal.ONE), 0, "paper-1");
        assertThat(dec(router.balance("ETH"))).isEqualByComparingTo(BigDecimal.ONE.subtract(cost(price, affordable)))
                .isGreaterThanOrEqualTo(BigDecimal.ZERO);
    }

    private BigDecimal cost(BigDecimal price, long quantity) {
        BigDecimal notional = Oracle.notional(price, quantity, Side.BUY);
        return notional.add(oracle.fee(notional));
    }

    @Test
    void aSellNeedsTheBaseAsset() {
        start(TestConfigs.withBalances("{ETH: 1.0, XRP: 99}"));
        TradeTick last = feed(100);
        SubmitOrder order = market("sell-100", Side.SELL, 100, last.eventTimeNs());

        assertRejected(submit(order), order, "insufficient balance: XRP");
        assertThat(router.balance("XRP")).isEqualTo(mantissa(BigDecimal.valueOf(99)));
    }

    @Test
    void limitOrdersFillAtTheMarketPriceOnlyWhenMarketable() {
        start(TestConfigs.withBalances("{ETH: 1.0, XRP: 1000}"));
        feed(3000);
        QuoteTick quote = quoteFromTrades(3000);
        router.quoteTick(quote);
        long t = quote.eventTimeNs() + MS;
        long ask = quote.askPrice();
        long bid = quote.bidPrice();

        SubmitOrder buyBelowAsk = limit("buy-below", Side.BUY, 10, ask - 1, t);
        assertExpired(submit(buyBelowAsk), buyBelowAsk, PaperVenue.LIMIT_NOT_MARKETABLE);
        SubmitOrder sellAboveBid = limit("sell-above", Side.SELL, 10, bid + 1, t);
        assertExpired(submit(sellAboveBid), sellAboveBid, PaperVenue.LIMIT_NOT_MARKETABLE);

        long eth = router.balance("ETH");
        long xrp = router.balance("XRP");
        SubmitOrder buyAtAsk = limit("buy-at", Side.BUY, 10, ask, t);
        assertFill(submit(buyAtAsk), buyAtAsk, dec(ask), eth, xrp, "paper-3");

        eth = router.balance("ETH");
        xrp = router.balance("XRP");
        SubmitOrder buyAbove = limit("buy-above", Side.BUY, 10, ask + 10_000, t);
        OrderFilled improved = assertFill(submit(buyAbove), buyAbove, dec(ask), eth, xrp, "paper-4");
        assertThat(improved.fillPrice()).isEqualTo(ask).isLessThan(buyAbove.limitPrice());

        eth = router.balance("ETH");
        xrp = router.balance("XRP");
        SubmitOrder sellAtBid = limit("sell-at", Side.SELL, 20, bid, t);
        assertFill(submit(sellAtBid), sellAtBid, dec(bid), eth, xrp, "paper-5");
    }

    @Test
    void aLimitWithoutQuoteComparesWithTheSlippedLastTrade() {
        start(TestConfigs.project());
        TradeTick last = feed(700);
        long buyPrice = mantissa(oracle.priceFromLast(dec(last.price()), Side.BUY));

        SubmitOrder atLast = limit("at-last", Side.BUY, 10, last.price(), last.eventTimeNs());
        assertExpired(submit(atLast), atLast, PaperVenue.LIMIT_NOT_MARKETABLE);
        SubmitOrder withSlippage = limit("with-slippage", Side.BUY, 10, buyPrice, last.eventTimeNs());
        assertFill(submit(withSlippage), withSlippage, dec(buyPrice), mantissa(BigDecimal.ONE), 0, "paper-2");
    }

    /** The short a sell leaves, valued as the venue values it: quantity x price, rounded up to ETH's decimals. */
    private static BigDecimal shortValue(BigDecimal price, long shortXrp, int ethDecimals) {
        return price.multiply(BigDecimal.valueOf(shortXrp)).setScale(ethDecimals, java.math.RoundingMode.CEILING);
    }

    @Test
    void withShortsAllowedASellGoesBelowZeroUpToMaxShortNotionalAtTheFillPrice() {
        start(TestConfigs.withShorts("{ETH: 1.0, XRP: 0}", "0.5"));
        TradeTick last = feed(4000);
        long t = last.eventTimeNs();
        BigDecimal price = oracle.priceFromLast(dec(last.price()), Side.SELL);
        // the largest short worth at most 0.5 ETH at the fill price, found by the oracle
        long fits = new BigDecimal("0.5").divide(price, 0, java.math.RoundingMode.FLOOR).longValueExact();
        while (shortValue(price, fits, 8).compareTo(new BigDecimal("0.5")) > 0) {
            fits--;
        }
        assertThat(shortValue(price, fits + 1, 8)).isGreaterThan(new BigDecimal("0.5"));

        SubmitOrder tooBig = market("short-too-big", Side.SELL, fits + 1, t);
        assertRejected(submit(tooBig), tooBig, "short limit exceeded: XRP");
        SubmitOrder shortSale = market("short", Side.SELL, fits, t);
        OrderFilled sold = assertFill(submit(shortSale), shortSale, price, mantissa(BigDecimal.ONE), 0, "paper-1");
        assertThat(router.balance("XRP")).isEqualTo(-fits * 100_000_000L);
        PositionUpdate position = out.of(PositionUpdate.class).get(0);
        assertThat(position.quantity()).isEqualTo(-fits);
        assertThat(position.costBasis()).isEqualTo(sold.fee() - sold.quoteQuantity());
        // the limit is on the account's whole short: one more XRP does not fit any more
        SubmitOrder more = market("short-more", Side.SELL, 1, t);
        assertRejected(submit(more), more, "short limit exceeded: XRP");

        // buying back is an ordinary buy; once flat, the realised P&L is exactly the ETH that moved
        for (int i = 4000; i < 6000; i++) {
            router.tradeTick(trades.get(i));
        }
        long ethBefore = router.balance("ETH");
        SubmitOrder cover = market("cover", Side.BUY, fits, trades.get(5999).eventTimeNs());
        assertFill(submit(cover), cover, oracle.priceFromLast(dec(trades.get(5999).price()), Side.BUY), ethBefore,
                -fits * 100_000_000L, "paper-2");
        assertThat(router.balance("XRP")).isZero();
        io.aquatrade.router.Position p = router.position(STRATEGY, XRPETH);
        assertThat(p.quantity()).isZero();
        assertThat(p.costBasis()).isZero();
        assertThat(p.realizedPnl()).isEqualTo(router.balance("ETH") - mantissa(BigDecimal.ONE));
    }

    @Test
    void onlyThePartOfASellBeyondTheBaseBalanceIsShortAndItIsValuedAtTheBid() {
        start(TestConfigs.withShorts("{ETH: 0, XRP: 100}", "0.3"));
        feed(3000);
        QuoteTick quote = quoteFromTrades(3000);
        router.quoteTick(quote);
        BigDecimal bid = dec(quote.bidPrice());
        // 100 XRP held: a sale of 100 + n leaves a short of n, which must be worth at most 0.3 ETH at the bid
        long n = new BigDecimal("0.3").divide(bid, 0, java.math.RoundingMode.FLOOR).longValueExact();
        assertThat(shortValue(bid, n, 8)).isLessThanOrEqualTo(new BigDecimal("0.3"));
        assertThat(shortValue(bid, n + 1, 8)).isGreaterThan(new BigDecimal("0.3"));

        SubmitOrder tooBig = market("too-big", Side.SELL, 100 + n + 1, quote.eventTimeNs());
        assertRejected(submit(tooBig), tooBig, "short limit exceeded: XRP");
        SubmitOrder fits = market("fits", Side.SELL, 100 + n, quote.eventTimeNs());
        assertFill(submit(fits), fits, bid, 0, mantissa(BigDecimal.valueOf(100)), "paper-1");
        assertThat(router.balance("XRP")).isEqualTo(-n * 100_000_000L);
    }

    @Test
    void theShortLimitIsExactToTheLastUnitOfTheQuoteAssetRoundedUp() {
        // ETH booked at 6 decimals: 333 XRP x price is not exact there, so the valuation rounds (up)
        String sixDecimals = TestConfigs.textWith("  ETH: 8", "  ETH: 6");
        Oracle paper = new Oracle(10, 5); // the project config's fee and slippage
        int found = 0;
        for (int i = 100; i < trades.size() && found < 20; i += 211) {
            BigDecimal price = paper.priceFromLast(dec(trades.get(i).price()), Side.SELL);
            BigDecimal exact = price.multiply(BigDecimal.valueOf(333));
            BigDecimal value = shortValue(price, 333, 6);
            if (value.compareTo(exact) == 0) {
                continue; // no rounding at this price
            }
            found++;
            BigDecimal oneUnitLess = value.subtract(new BigDecimal("0.000001"));
            for (BigDecimal limit : new BigDecimal[] {value, oneUnitLess}) {
                start(TestConfigs.parse(sixDecimals.replace("balances: {ETH: 1.0, XRP: 0}",
                        "balances: {ETH: 1.0, XRP: 0}\n    allowShort: true\n    maxShortNotional: "
                                + limit.toPlainString())));
                for (int k = Math.max(0, i - 5); k <= i; k++) {
                    router.tradeTick(trades.get(k));
                }
                SubmitOrder order = market("s-" + i, Side.SELL, 333, trades.get(i).eventTimeNs());
                List<Marshallable> written = submit(order);
                if (limit != oneUnitLess) {
                    assertThat(written.get(1)).isInstanceOf(OrderFilled.class);
                    assertThat(router.balance("XRP")).isEqualTo(-333 * 100_000_000L);
                } else {
                    // floor(exact) < exact: a venue rounding the short down would wrongly accept this
                    assertThat(limit).isLessThan(exact);
                    assertRejected(written, order, "short limit exceeded: XRP");
                }
            }
        }
        assertThat(found).isEqualTo(20);
    }

    @Test
    void withoutShortsASellBeyondTheBaseBalanceIsRejectedWhateverTheLimit() {
        start(TestConfigs.parse(TestConfigs.textWith("balances: {ETH: 1.0, XRP: 0}",
                "balances: {ETH: 1.0, XRP: 10}\n    maxShortNotional: 5")));
        TradeTick last = feed(100);
        SubmitOrder order = market("no-short", Side.SELL, 11, last.eventTimeNs());
        assertRejected(submit(order), order, "insufficient balance: XRP");
        assertThat(router.balance("XRP")).isEqualTo(mantissa(BigDecimal.TEN));
    }

    /**
     * Marketable limits as the decision engine prices them, over the whole sample: a buy at
     * ceil(reference x 1.001), a sell at floor(reference x 0.999), the reference being the best ask (buy) or bid
     * (sell) of a quote made of the latest real prices when that quote is not crossed, else the last trade. Every
     * one fills, at the market price and not at its limit; with a 3 bps offset (less than the 5 bps slippage) and no
     * quote, none does.
     */
    @Test
    void marketableLimitOrdersFillAtTheMarketPriceOverTheWholeSample() {
        start(TestConfigs.withBalances("{ETH: 1000, XRP: 1000000}"));
        long bid = 0;
        long ask = 0;
        int filled = 0;
        int expired = 0;
        int quoted = 0;
        for (int i = 0; i < trades.size(); i++) {
            TradeTick t = trades.get(i);
            router.tradeTick(t);
            if (t.aggressorSide() == Side.SELL) {
                bid = t.price();
            } else {
                ask = t.price();
            }
            if (i % 97 != 50) {
                continue;
            }
            boolean withQuote = i % 2 == 0 && bid > 0 && bid < ask;
            if (withQuote) {
                router.quoteTick(new QuoteTick().instrument(XRPETH).bidPrice(bid).bidSize(DEEP).askPrice(ask)
                        .askSize(DEEP).eventTimeNs(t.eventTimeNs()));
                quoted++;
            } else {
                router.quoteTick(new QuoteTick().instrument(XRPETH).eventTimeNs(t.eventTimeNs())); // no book
            }
            for (Side side : Side.values()) {
                long reference = withQuote ? (side == Side.BUY ? ask : bid) : t.price();
                BigDecimal market = withQuote ? dec(reference) : oracle.priceFromLast(dec(t.price()), side);
                long limitPrice = mantissa(limitThrough(dec(reference), side, 10));
                SubmitOrder order = limit("l-" + i + side, side, 7, limitPrice, t.eventTimeNs());
                long eth = router.balance("ETH");
                long xrp = router.balance("XRP");
                OrderFilled fill = assertFill(submit(order), order, market, eth, xrp,
                        "paper-" + (filled + expired + 1));
                assertThat(fill.fillPrice()).isNotEqualTo(limitPrice);
                filled++;
                if (!withQuote) {
                    long tight = mantissa(limitThrough(dec(reference), side, 3));
                    SubmitOrder notMarketable = limit("t-" + i + side, side, 7, tight, t.eventTimeNs());
                    assertExpired(submit(notMarketable), notMarketable, PaperVenue.LIMIT_NOT_MARKETABLE);
                    expired++;
                }
            }
        }
        assertThat(filled).isEqualTo(2 * (trades.size() - 50 + 96) / 97);
        assertThat(quoted).isGreaterThan(20);
    }

    private static BigDecimal limitThrough(BigDecimal reference, Side side, int offsetBps) {
        BigDecimal offset = BigDecimal.valueOf(offsetBps, 4);
        return side == Side.BUY
                ? reference.multiply(BigDecimal.ONE.add(offset)).setScale(8, java.math.RoundingMode.CEILING)
                : reference.multiply(BigDecimal.ONE.subtract(offset)).setScale(8, java.math.RoundingMode.FLOOR);
    }

    @Test
    void unknownInstrumentAndNonPositiveQuantityAreRejected() {
        start(TestConfigs.project());
        TradeTick last = feed(10);

        SubmitOrder unknown = market("btc", Side.BUY, 1, last.eventTimeNs()).instrument("BTCETH");
        assertRejected(submit(unknown), unknown, "unknown instrument: BTCETH");
        SubmitOrder zero = market("zero", Side.BUY, 0, last.eventTimeNs());
        assertRejected(submit(zero), zero, "quantity must be > 0, was 0");
        SubmitOrder negative = market("negative", Side.SELL, -5, last.eventTimeNs());
        assertRejected(submit(negative), negative, "quantity must be > 0, was -5");
        assertThat(router.rejectedCount()).isEqualTo(3);
        assertThat(router.balance("ETH")).isEqualTo(mantissa(BigDecimal.ONE));
    }
}
