package io.aquatrade.fakebinance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.aquatrade.common.testing.SampleData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The engine alone, on the recorded ETHUSDT capture of 2024-08-08, with a hand-advanced server clock: filters,
 * balance checks and what a partial maker fill and a cancel do to the balances, worked out from the recorded
 * trades.
 */
class FakeExchangeTest {
    private static final BigDecimal RATE = new BigDecimal("0.00075");
    private static CaptureFile capture;
    private final long[] nowMs = {1_800_000_000_000L};
    private FakeExchange exchange;
    private Market eth;

    @BeforeAll
    static void readCapture() throws IOException {
        String prop = System.getProperty("aquatrade.sharedData");
        Path data = prop != null ? Path.of(prop) : SampleData.projectRoot().resolve("../shared/data").normalize();
        capture = CaptureFile.read(data.resolve("streams/binance-spot/ethusdt_20240808.gz"), null);
    }

    @BeforeEach
    void open() {
        eth = new Market("ETHUSDT", "ETH", "USDT", new BigDecimal("5"), capture.events());
        exchange = new FakeExchange(List.of(eth), Map.of("USDT", new BigDecimal("100"), "ETH", new BigDecimal("3")),
                RATE, () -> nowMs[0] * 1_000_000L);
    }

    private static Map<String, String> order(String... kv) {
        Map<String, String> p = new HashMap<>();
        p.put("symbol", "ETHUSDT");
        for (int i = 0; i < kv.length; i += 2) {
            p.put(kv[i], kv[i + 1]);
        }
        return p;
    }

    private static void rejected(Runnable call, int code, String msg) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(BinanceError.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).isEqualTo(msg);
        });
    }

    @Test
    void theCaptureSetsTheFiltersAndOpensAtItsFirstQuoteAndTrade() {
        assertThat(capture.symbol()).isEqualTo("ETHUSDT");
        assertThat(eth.tickSize).isEqualByComparingTo("0.01");
        assertThat(eth.stepSize).isEqualByComparingTo("0.0001");
        assertThat(eth.book).isNotNull();
        assertThat(eth.lastTradePrice).isNotNull();
    }

    @Test
    void filtersAndBalanceAreCheckedBeforeAnythingIsHeld() {
        String bid = eth.book.bid().toPlainString();
        rejected(() -> exchange.newOrder(order("side", "BUY", "type", "LIMIT", "timeInForce", "GTC",
                "quantity", "0.01", "price", eth.book.bid().add(new BigDecimal("0.005")).toPlainString())),
                -1013, "Filter failure: PRICE_FILTER");
        rejected(() -> exchange.newOrder(order("side", "BUY", "type", "LIMIT", "timeInForce", "GTC",
                "quantity", "0.01005", "price", bid)), -1013, "Filter failure: LOT_SIZE");
        rejected(() -> exchange.newOrder(order("side", "BUY", "type", "LIMIT", "timeInForce", "GTC",
                "quantity", "0.0001", "price", bid)), -1013, "Filter failure: NOTIONAL");
        // 0.1 ETH at about 2,680 USDT needs about 268 USDT: the account has 100
        rejected(() -> exchange.newOrder(order("side", "BUY", "type", "LIMIT", "timeInForce", "GTC",
                "quantity", "0.1", "price", bid)), -2010, "Account has insufficient balance for requested action.");
        rejected(() -> exchange.newOrder(order("side", "BUY", "type", "LIMIT", "quantity", "0.01", "price", bid)),
                -1102, "Mandatory parameter 'timeInForce' was not sent, was empty/null, or malformed.");
        rejected(() -> exchange.newOrder(order("side", "BUY", "type", "STOP_LOSS", "quantity", "0.01")),
                -1102, "Mandatory parameter 'stopPrice' was not sent, was empty/null, or malformed.");
        rejected(() -> exchange.newOrder(order("side", "BUY", "type", "TAKE_PROFIT", "quantity", "0.01",
                "stopPrice", bid)), -1116, "Invalid orderType.");
        assertThat(exchange.allOrders()).isEmpty();
        assertThat(exchange.balances().get("USDT")).containsExactly(new BigDecimal("100"), BigDecimal.ZERO);
    }

    @Test
    void aPartlyFilledMakerSellMovesTheBalancesAndItsCancelReleasesTheRest() {
        int from = eth.cursor;
        // a sell 1 USDT above the ask; the oracle is the first recorded trade strictly above it
        BigDecimal price = eth.book.ask().add(new BigDecimal("1.00"));
        MarketEvent.Trade through = null;
        int at = -1;
        for (int i = from; i < capture.events().size(); i++) {
            MarketEvent.Trade t = capture.events().get(i).trade();
            if (t != null && t.price().compareTo(price) > 0) {
                through = t;
                at = i;
                break;
            }
        }
        assertThat(through).as("the recording rises through the price").isNotNull();
        BigDecimal qty = through.quantity().add(new BigDecimal("2.0000")); // more than that trade: a partial fill
        FakeExchange.Placed placed = exchange.newOrder(order("side", "SELL", "type", "LIMIT", "timeInForce", "GTC",
                "quantity", qty.toPlainString(), "price", price.toPlainString(), "newClientOrderId", "s-1"));
        assertThat(placed.fills()).isEmpty();
        assertThat(exchange.balances().get("ETH")).containsExactly(new BigDecimal("3").subtract(qty), qty);

        nowMs[0] += 250;
        exchange.advanceEvents(at - from + 1);
        BigDecimal q = through.quantity();
        BigDecimal proceeds = q.multiply(price);
        BigDecimal fee = proceeds.multiply(RATE).setScale(8, RoundingMode.HALF_UP);
        assertThat(exchange.fills()).singleElement().satisfies(f -> {
            assertThat(f.price()).isEqualByComparingTo(price);
            assertThat(f.qty()).isEqualByComparingTo(q);
            assertThat(f.commission()).isEqualByComparingTo(fee);
            assertThat(f.commissionAsset()).isEqualTo("USDT");
            assertThat(f.maker()).isTrue();
            assertThat(f.timeMs()).isEqualTo(nowMs[0]);
        });
        FakeOrder o = exchange.order("ETHUSDT", null, "s-1");
        assertThat(o.status).isEqualTo("PARTIALLY_FILLED");
        assertThat(exchange.balances().get("USDT")[0]).isEqualByComparingTo(
                new BigDecimal("100").add(proceeds).subtract(fee));
        assertThat(exchange.balances().get("ETH")[1]).isEqualByComparingTo(qty.subtract(q));

        exchange.cancel("ETHUSDT", o.orderId, null);
        assertThat(o.status).isEqualTo("CANCELED");
        assertThat(exchange.balances().get("ETH")[0]).isEqualByComparingTo(new BigDecimal("3").subtract(q));
        assertThat(exchange.balances().get("ETH")[1]).isZero();
        rejected(() -> exchange.cancel("ETHUSDT", o.orderId, null), -2011, "Unknown order sent.");
        rejected(() -> exchange.order("ETHUSDT", 999L, null), -2013, "Order does not exist.");
    }

    /** Binance numbers orders per symbol (its spot glossary): BTCUSDT and ETHUSDT each have an order 1. */
    @Test
    void ordersAreNumberedPerSymbolAsAtBinance() throws IOException {
        String prop = System.getProperty("aquatrade.sharedData");
        Path data = prop != null ? Path.of(prop) : SampleData.projectRoot().resolve("../shared/data").normalize();
        Market btc = new Market("BTCUSDT", "BTC", "USDT", new BigDecimal("5"), CaptureFile.read(
                data.resolve("streams/binance-spot/btcusdt_20240808.gz"), null).events());
        FakeExchange two = new FakeExchange(List.of(eth, btc), Map.of("USDT", new BigDecimal("1000")), RATE,
                () -> nowMs[0] * 1_000_000L);
        Map<String, String> ethBuy = order("side", "BUY", "type", "LIMIT", "timeInForce", "GTC", "quantity", "0.01",
                "price", "1000.00", "newClientOrderId", "e1");
        Map<String, String> btcBuy = new HashMap<>(Map.of("symbol", "BTCUSDT", "side", "BUY", "type", "LIMIT",
                "timeInForce", "GTC", "quantity", "0.001", "price", "10000.00", "newClientOrderId", "b1"));
        assertThat(two.newOrder(ethBuy).order().orderId).isEqualTo(1);
        assertThat(two.newOrder(btcBuy).order().orderId).isEqualTo(1);
        ethBuy.put("newClientOrderId", "e2");
        assertThat(two.newOrder(ethBuy).order().orderId).isEqualTo(2);
        assertThat(two.order("BTCUSDT", 1L, null).clientOrderId).isEqualTo("b1");
        assertThat(two.order("ETHUSDT", 1L, null).clientOrderId).isEqualTo("e1");
    }
}
