package io.aquatrade.router.venue.paper;

import static io.aquatrade.router.Oracle.dec;
import static io.aquatrade.router.TestOrders.STRATEGY;
import static io.aquatrade.router.TestOrders.market;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.BalanceUpdate;
import io.aquatrade.common.ConfigException;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.PositionUpdate;
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
 * {@code order-router.paper.feeAsset} on real XRP/ETH trades (data/sample): which asset each fill's fee is charged
 * in, its amount (recomputed with BigDecimal: {@code quantity x feeBps / 10^4} XRP rounded up at 8 decimals, or
 * {@code notional x feeBps / 10^4} ETH), the balances and the position it leaves. XRPETH: price 8 decimals, size 0
 * (whole XRP), XRP and ETH amounts 8 decimals; 10 bps taker fee; no quote, so market orders fill at the last trade
 * moved by the 5 bps slippage.
 */
class PaperVenueFeeAssetTest {
    private static final long MS = 1_000_000L;
    private static final BigDecimal FEE_RATE = new BigDecimal("0.0010");
    private static List<TradeTick> trades;

    private RecordingExecutions out;
    private OrderRouter router;
    private Oracle oracle;

    @BeforeAll
    static void loadTrades() {
        trades = SampleData.xrpEthTrades();
    }

    /** The project config with {@code feeAsset} set and other starting balances. */
    private static AquatradeConfig config(String feeAsset, String balances, String filters) {
        String yaml = TestConfigs.textWith("makerFeeBps: 10", "makerFeeBps: 10\n    feeAsset: " + feeAsset)
                .replace("balances: {ETH: 1.0, XRP: 0}", "balances: " + balances);
        if (filters != null) {
            yaml = yaml.replace("sizeDecimals: 0}", "sizeDecimals: 0, filters: " + filters + "}");
        }
        return TestConfigs.parse(yaml);
    }

    private void start(AquatradeConfig cfg) {
        RouterConfig rc = RouterConfig.from(cfg);
        out = new RecordingExecutions();
        router = new OrderRouter(rc, cfg, out);
        router.start();
        oracle = new Oracle(rc.paper().takerFeeBps(), rc.paper().slippageBps());
    }

    private TradeTick feed(int n) {
        for (int i = 0; i < n; i++) {
            router.tradeTick(trades.get(i));
        }
        return trades.get(n - 1);
    }

    private List<Marshallable> submit(SubmitOrder order) {
        int from = out.size();
        router.submitOrder(order);
        return out.since(from);
    }

    private static <T> T only(List<Marshallable> written, Class<T> type) {
        List<T> of = written.stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(of).hasSize(1);
        return of.get(0);
    }

    private static BalanceUpdate balance(List<Marshallable> written, String asset) {
        return written.stream().filter(BalanceUpdate.class::isInstance).map(BalanceUpdate.class::cast)
                .filter(b -> asset.equals(b.asset())).findFirst().orElseThrow();
    }

    /** A fee in XRP: {@code quantity x 10 bps}, rounded up at XRP's 8 decimals. */
    private static BigDecimal xrpFee(long quantity) {
        return BigDecimal.valueOf(quantity).multiply(FEE_RATE).setScale(8, RoundingMode.CEILING);
    }

    @Test
    void feeAssetDefaultsToQuoteAndABadValueNamesTheFieldAndTheAcceptedValues() {
        assertThat(RouterConfig.from(TestConfigs.project()).paper().feeAsset())
                .isEqualTo(PaperVenueConfig.FeeAsset.QUOTE);
        assertThat(RouterConfig.from(config("BASE", "{ETH: 1.0, XRP: 0}", null)).paper().feeAsset())
                .isEqualTo(PaperVenueConfig.FeeAsset.BASE);
        assertThat(RouterConfig.from(config("received", "{ETH: 1.0, XRP: 0}", null)).paper().feeAsset())
                .isEqualTo(PaperVenueConfig.FeeAsset.RECEIVED);
        assertThatThrownBy(() -> RouterConfig.from(config("bnb", "{ETH: 1.0, XRP: 0}", null)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("order-router.paper.feeAsset")
                .hasMessageContaining("quote, base or received")
                .hasMessageContaining("'bnb'");
    }

    @Test
    void receivedChargesABuyInTheBaseAssetItReceivesAndASellInTheQuoteAsset() {
        start(config("received", "{ETH: 1.0, XRP: 0}", null));
        TradeTick last = feed(200);
        SubmitOrder buy = market("buy-1", Side.BUY, 354, last.eventTimeNs() + MS);
        List<Marshallable> written = submit(buy);

        BigDecimal buyPrice = oracle.priceFromLast(dec(last.price()), Side.BUY);
        BigDecimal buyNotional = Oracle.notional(buyPrice, 354, Side.BUY);
        BigDecimal buyFee = xrpFee(354);
        assertThat(buyFee).isEqualByComparingTo("0.354");
        OrderFilled fill = only(written, OrderFilled.class);
        assertThat(fill.feeAsset()).isEqualTo("XRP");
        assertThat(dec(fill.fee())).isEqualByComparingTo(buyFee);
        assertThat(dec(fill.quoteQuantity())).isEqualByComparingTo(buyNotional);
        // the buy pays the notional alone in ETH and receives 354 - 0.354 XRP
        assertThat(dec(balance(written, "ETH").change())).isEqualByComparingTo(buyNotional.negate());
        assertThat(dec(balance(written, "XRP").change())).isEqualByComparingTo("353.646");
        assertThat(dec(router.balance("XRP"))).isEqualByComparingTo("353.646");
        // the position holds the whole XRP of that, 353, for the whole notional; 0.646 XRP is dust
        PositionUpdate position = only(written, PositionUpdate.class);
        assertThat(position.quantity()).isEqualTo(353);
        assertThat(dec(position.costBasis())).isEqualByComparingTo(buyNotional);
        assertThat(router.position(STRATEGY, "XRPETH").avgEntryPrice())
                .isEqualTo(Oracle.mantissa(buyPrice));

        TradeTick later = trades.get(400);
        feed(401);
        SubmitOrder sell = market("sell-1", Side.SELL, 353, later.eventTimeNs() + MS);
        written = submit(sell);
        BigDecimal sellPrice = oracle.priceFromLast(dec(later.price()), Side.SELL);
        BigDecimal sellNotional = Oracle.notional(sellPrice, 353, Side.SELL);
        BigDecimal sellFee = oracle.fee(sellNotional);
        fill = only(written, OrderFilled.class);
        assertThat(fill.feeAsset()).isEqualTo("ETH");
        assertThat(dec(fill.fee())).isEqualByComparingTo(sellFee);
        assertThat(dec(balance(written, "ETH").change())).isEqualByComparingTo(sellNotional.subtract(sellFee));
        assertThat(dec(balance(written, "XRP").change())).isEqualByComparingTo("-353");
        assertThat(dec(router.balance("XRP"))).isEqualByComparingTo("0.646");
        position = only(written, PositionUpdate.class);
        assertThat(position.quantity()).isZero();
        assertThat(position.costBasis()).isZero();
        // realised = what came in - what went out, in ETH: the dust's cost is part of the loss
        assertThat(dec(position.realizedPnl()))
                .isEqualByComparingTo(sellNotional.subtract(sellFee).subtract(buyNotional));
    }

    @Test
    void baseChargesASellInTheBaseAssetWhileTheBalanceLeftCoversItElseInTheQuoteAsset() {
        start(config("base", "{ETH: 10.0, XRP: 0}", null));
        TradeTick last = feed(200);
        submit(market("buy-1", Side.BUY, 1000, last.eventTimeNs() + MS));
        assertThat(dec(router.balance("XRP"))).isEqualByComparingTo("999");
        assertThat(router.position(STRATEGY, "XRPETH").quantity()).isEqualTo(999);

        // selling 500 leaves 499 XRP, which covers the 0.5 XRP fee: charged in XRP, the ETH comes in whole
        List<Marshallable> written = submit(market("sell-1", Side.SELL, 500, last.eventTimeNs() + 2 * MS));
        BigDecimal price = oracle.priceFromLast(dec(last.price()), Side.SELL);
        BigDecimal notional = Oracle.notional(price, 500, Side.SELL);
        OrderFilled fill = only(written, OrderFilled.class);
        assertThat(fill.feeAsset()).isEqualTo("XRP");
        assertThat(dec(fill.fee())).isEqualByComparingTo(xrpFee(500));
        assertThat(dec(balance(written, "XRP").change())).isEqualByComparingTo("-500.5");
        assertThat(dec(balance(written, "ETH").change())).isEqualByComparingTo(notional);
        // 498.5 XRP held: the position keeps 498 of its 499
        assertThat(only(written, PositionUpdate.class).quantity()).isEqualTo(498);

        // selling all 498 leaves 0.5 XRP, which still covers the 0.498 XRP fee
        written = submit(market("sell-2", Side.SELL, 498, last.eventTimeNs() + 3 * MS));
        fill = only(written, OrderFilled.class);
        assertThat(fill.feeAsset()).isEqualTo("XRP");
        assertThat(dec(router.balance("XRP"))).isEqualByComparingTo("0.002");
        assertThat(only(written, PositionUpdate.class).quantity()).isZero();

        // a new buy of 10 pays 0.01 XRP: 0.002 + 9.99 = 9.992 XRP held, of which the position takes 9
        submit(market("buy-2", Side.BUY, 10, last.eventTimeNs() + 4 * MS));
        assertThat(dec(router.balance("XRP"))).isEqualByComparingTo("9.992");
        assertThat(router.position(STRATEGY, "XRPETH").quantity()).isEqualTo(9);
    }

    @Test
    void baseFallsBackToTheQuoteAssetWhenTheBaseLeftAfterASellCannotPayTheFee() {
        start(config("base", "{ETH: 1.0, XRP: 100}", null));
        TradeTick last = feed(200);
        // 100 XRP held and 100 sold: nothing left for a 0.1 XRP fee, so the ETH received pays it
        List<Marshallable> written = submit(market("sell-1", Side.SELL, 100, last.eventTimeNs() + MS));
        BigDecimal price = oracle.priceFromLast(dec(last.price()), Side.SELL);
        BigDecimal notional = Oracle.notional(price, 100, Side.SELL);
        OrderFilled fill = only(written, OrderFilled.class);
        assertThat(fill.feeAsset()).isEqualTo("ETH");
        assertThat(dec(fill.fee())).isEqualByComparingTo(oracle.fee(notional));
        assertThat(router.balance("XRP")).isZero();
        assertThat(dec(balance(written, "ETH").change())).isEqualByComparingTo(notional.subtract(oracle.fee(notional)));
    }

    @Test
    void aBaseFeeLeavesThePositionInWholeStepsAndTheRestAsDust() {
        start(config("received", "{ETH: 10.0, XRP: 0}", "{stepSize: 10, minQty: 10}"));
        TradeTick last = feed(200);
        List<Marshallable> written = submit(market("buy-1", Side.BUY, 1000, last.eventTimeNs() + MS));
        BigDecimal notional = Oracle.notional(oracle.priceFromLast(dec(last.price()), Side.BUY), 1000, Side.BUY);
        assertThat(dec(router.balance("XRP"))).isEqualByComparingTo("999");
        PositionUpdate position = only(written, PositionUpdate.class);
        assertThat(position.quantity()).as("999 XRP held, in whole steps of 10").isEqualTo(990);
        assertThat(dec(position.costBasis())).isEqualByComparingTo(notional);

        // the whole position is sellable at the venue (LOT_SIZE): it fills and leaves 9 XRP of dust
        written = submit(market("sell-1", Side.SELL, 990, last.eventTimeNs() + 2 * MS));
        assertThat(only(written, OrderFilled.class).fillQuantity()).isEqualTo(990);
        assertThat(only(written, PositionUpdate.class).quantity()).isZero();
        assertThat(dec(router.balance("XRP"))).isEqualByComparingTo("9");
    }
}
