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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aquatrade.common.testing.SampleData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The engine alone on the recorded ETHUSDT capture of 2024-08-08: STOP_LOSS (a stop that becomes a MARKET order),
 * cancel-replace with Binance's outcomes (both halves, -2022 cancel failed, -2021 new order failed, a filter before
 * either) and commission paid in BNB, each worked out from the recorded events and the commission rule.
 */
class FakeExchangeStopsTest {
    private static final BigDecimal RATE = new BigDecimal("0.001");
    private static final ObjectMapper JSON = new ObjectMapper();
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
        exchange = new FakeExchange(List.of(eth), Map.of("USDT", new BigDecimal("10000"), "ETH", new BigDecimal("1"),
                "BNB", new BigDecimal("2")), RATE, () -> nowMs[0] * 1_000_000L);
    }

    private static Map<String, String> order(String... kv) {
        Map<String, String> p = new HashMap<>();
        p.put("symbol", "ETHUSDT");
        for (int i = 0; i < kv.length; i += 2) {
            p.put(kv[i], kv[i + 1]);
        }
        return p;
    }

    private static Map<String, String> stop(String id, String qty, BigDecimal trigger) {
        return order("side", "SELL", "type", "STOP_LOSS", "quantity", qty, "stopPrice", trigger.toPlainString(),
                "newClientOrderId", id);
    }

    private Map<String, String> replace(String cancelId, String id, String qty, BigDecimal trigger) {
        Map<String, String> p = stop(id, qty, trigger);
        p.put("cancelReplaceMode", "STOP_ON_FAILURE");
        p.put("cancelOrigClientOrderId", cancelId);
        return p;
    }

    private static JsonNode data(BinanceError e) {
        return e.data();
    }

    @Test
    void aStopLossSellHoldsItsBaseTriggersOnATradeAtItsStopAndSellsAtTheBidAsATaker() {
        int from = eth.cursor;
        BigDecimal trigger = eth.lastTradePrice.subtract(new BigDecimal("1.00"));
        // the oracle: the first recorded trade at or below the trigger, and the book ticker in force before it
        MarketEvent.Quote book = eth.book;
        int at = -1;
        for (int i = from; i < capture.events().size(); i++) {
            MarketEvent e = capture.events().get(i);
            if (e.quote() != null) {
                book = e.quote();
            } else if (e.trade().price().compareTo(trigger) <= 0) {
                at = i;
                break;
            }
        }
        assertThat(at).as("the recording falls to the trigger").isPositive();
        assertThat(book.bidQuantity()).isGreaterThanOrEqualTo(new BigDecimal("0.5"));
        FakeExchange.Placed placed = exchange.newOrder(stop("s-1", "0.5", trigger));
        assertThat(placed.order().type).isEqualTo("STOP_LOSS");
        assertThat(placed.fills()).isEmpty();
        assertThat(exchange.balances().get("ETH")).containsExactly(new BigDecimal("0.5"), new BigDecimal("0.5"));

        exchange.advanceEvents(at - from); // up to the trade before: nothing triggers
        assertThat(exchange.fills()).isEmpty();
        exchange.advanceEvents(1);
        BigDecimal bid = book.bid();
        BigDecimal fee = bid.multiply(new BigDecimal("0.5")).multiply(RATE).setScale(8, RoundingMode.HALF_UP);
        assertThat(exchange.fills()).singleElement().satisfies(f -> {
            assertThat(f.price()).isEqualByComparingTo(bid);
            assertThat(f.qty()).isEqualByComparingTo("0.5");
            assertThat(f.maker()).isFalse();
            assertThat(f.commission()).isEqualByComparingTo(fee);
            assertThat(f.commissionAsset()).isEqualTo("USDT");
        });
        assertThat(exchange.order("ETHUSDT", null, "s-1").status).isEqualTo("FILLED");
        assertThat(exchange.balances().get("ETH")[0]).isEqualByComparingTo("0.5");
        assertThat(exchange.balances().get("ETH")[1]).isZero();
        assertThat(exchange.balances().get("USDT")[0]).isEqualByComparingTo(new BigDecimal("10000")
                .add(bid.multiply(new BigDecimal("0.5"))).subtract(fee));
    }

    @Test
    void aStopLossIsRefusedAsBinanceRefusesIt() {
        assertThatThrownBy(() -> exchange.newOrder(stop("s-1", "0.5", eth.lastTradePrice)))
                .isInstanceOfSatisfying(BinanceError.class, e -> {
                    assertThat(e.code()).isEqualTo(-2010);
                    assertThat(e.getMessage()).isEqualTo("Order would trigger immediately.");
                });
        Map<String, String> withPrice = stop("s-2", "0.5", eth.lastTradePrice.subtract(BigDecimal.TEN));
        withPrice.put("price", "100");
        assertThatThrownBy(() -> exchange.newOrder(withPrice)).isInstanceOfSatisfying(BinanceError.class,
                e -> assertThat(e.code()).isEqualTo(-1106));
        Map<String, String> withTif = stop("s-3", "0.5", eth.lastTradePrice.subtract(BigDecimal.TEN));
        withTif.put("timeInForce", "GTC");
        assertThatThrownBy(() -> exchange.newOrder(withTif)).isInstanceOfSatisfying(BinanceError.class,
                e -> assertThat(e.code()).isEqualTo(-1106));
        assertThat(exchange.allOrders()).isEmpty();
    }

    @Test
    void aCancelReplaceMovesAStopOfTheWholeBalanceThatAPlainNewOrderCannotPlace() {
        BigDecimal low = eth.lastTradePrice.subtract(new BigDecimal("20.00"));
        BigDecimal higher = eth.lastTradePrice.subtract(new BigDecimal("10.00"));
        exchange.newOrder(stop("s-1", "1", low));
        assertThatThrownBy(() -> exchange.newOrder(stop("s-2", "1", higher)))
                .isInstanceOfSatisfying(BinanceError.class, e -> assertThat(e.getMessage())
                        .isEqualTo("Account has insufficient balance for requested action."));

        String body = CancelReplace.answer(exchange.cancelReplace(replace("s-1", "s-2", "1", higher)), "FULL");
        JsonNode answer = read(body);
        assertThat(answer.get("cancelResult").asText()).isEqualTo("SUCCESS");
        assertThat(answer.get("newOrderResult").asText()).isEqualTo("SUCCESS");
        assertThat(answer.get("cancelResponse").get("origClientOrderId").asText()).isEqualTo("s-1");
        assertThat(answer.get("cancelResponse").get("status").asText()).isEqualTo("CANCELED");
        assertThat(answer.get("newOrderResponse").get("clientOrderId").asText()).isEqualTo("s-2");
        assertThat(answer.get("newOrderResponse").get("type").asText()).isEqualTo("STOP_LOSS");
        assertThat(exchange.openOrders("ETHUSDT")).extracting(o -> o.clientOrderId).containsExactly("s-2");
        assertThat(exchange.balances().get("ETH")).containsExactly(BigDecimal.ZERO, BigDecimal.ONE);
    }

    @Test
    void aCancelThatFailsLeavesTheNewOrderNotAttempted2022() {
        BigDecimal trigger = eth.lastTradePrice.subtract(new BigDecimal("10.00"));
        BinanceError e = refusal(() -> CancelReplace.answer(
                exchange.cancelReplace(replace("nobody", "s-2", "0.5", trigger)), null));
        assertThat(e.httpStatus()).isEqualTo(400);
        assertThat(e.code()).isEqualTo(-2022);
        assertThat(e.getMessage()).isEqualTo("Order cancel-replace failed.");
        assertThat(data(e).get("cancelResult").asText()).isEqualTo("FAILURE");
        assertThat(data(e).get("newOrderResult").asText()).isEqualTo("NOT_ATTEMPTED");
        assertThat(data(e).get("cancelResponse").get("code").asInt()).isEqualTo(-2011);
        assertThat(data(e).get("newOrderResponse").isNull()).isTrue();
        assertThat(exchange.allOrders()).isEmpty();
    }

    @Test
    void aNewOrderRefusedAfterTheCancelIsAPartialSuccess2021() {
        BigDecimal low = eth.lastTradePrice.subtract(new BigDecimal("20.00"));
        exchange.newOrder(stop("s-1", "1", low));
        // a sell stop at the last trade price would trigger at once: refused after the cancel
        BinanceError e = refusal(() -> CancelReplace.answer(
                exchange.cancelReplace(replace("s-1", "s-2", "1", eth.lastTradePrice)), null));
        assertThat(e.httpStatus()).isEqualTo(409);
        assertThat(e.code()).isEqualTo(-2021);
        assertThat(e.getMessage()).isEqualTo("Order cancel-replace partially failed.");
        assertThat(data(e).get("cancelResult").asText()).isEqualTo("SUCCESS");
        assertThat(data(e).get("newOrderResult").asText()).isEqualTo("FAILURE");
        assertThat(data(e).get("cancelResponse").get("status").asText()).isEqualTo("CANCELED");
        assertThat(data(e).get("cancelResponse").get("executedQty").asText()).isEqualTo("0.00000000");
        assertThat(data(e).get("newOrderResponse").get("code").asInt()).isEqualTo(-2010);
        assertThat(data(e).get("newOrderResponse").get("msg").asText())
                .isEqualTo("Order would trigger immediately.");
        assertThat(exchange.openOrders("ETHUSDT")).isEmpty();
        assertThat(exchange.balances().get("ETH")).containsExactly(BigDecimal.ONE, BigDecimal.ZERO);
    }

    @Test
    void aFilterFailureRefusesTheWholeRequestBeforeTheCancel() {
        BigDecimal low = eth.lastTradePrice.subtract(new BigDecimal("20.00"));
        exchange.newOrder(stop("s-1", "1", low));
        BinanceError e = refusal(() -> exchange.cancelReplace(replace("s-1", "s-2", "0.00001", low)));
        assertThat(e.code()).isEqualTo(-1013);
        assertThat(e.data()).isNull();
        assertThat(exchange.openOrders("ETHUSDT")).extracting(o -> o.clientOrderId).containsExactly("s-1");
    }

    @Test
    void withBnbFeesAMarketBuyPaysThreeQuartersOfItsCommissionInBnbAndReceivesItsBaseWhole() {
        exchange.payFeesWithBnb(Map.of("USDT", new BigDecimal("500")));
        BigDecimal ask = eth.book.ask();
        exchange.newOrder(order("side", "BUY", "type", "MARKET", "quantity", "0.1"));
        // 0.1 x ask USDT x 0.1 % x 0.75 / 500 USDT per BNB, half-up to 8 decimals
        BigDecimal fee = new BigDecimal("0.1").multiply(ask).multiply(new BigDecimal("0.001"))
                .multiply(new BigDecimal("0.75")).divide(new BigDecimal("500"), 8, RoundingMode.HALF_UP);
        assertThat(exchange.fills()).singleElement().satisfies(f -> {
            assertThat(f.commissionAsset()).isEqualTo("BNB");
            assertThat(f.commission()).isEqualByComparingTo(fee);
        });
        assertThat(exchange.balances().get("ETH")[0]).isEqualByComparingTo("1.1");
        assertThat(exchange.balances().get("USDT")[0])
                .isEqualByComparingTo(new BigDecimal("10000").subtract(ask.multiply(new BigDecimal("0.1"))));
        assertThat(exchange.balances().get("BNB")[0]).isEqualByComparingTo(new BigDecimal("2").subtract(fee));
    }

    @Test
    void withoutEnoughBnbTheCommissionFallsBackToTheAssetReceived() {
        exchange = new FakeExchange(List.of(eth), Map.of("USDT", new BigDecimal("10000"),
                "BNB", new BigDecimal("0.00000001")), RATE, () -> nowMs[0] * 1_000_000L);
        exchange.payFeesWithBnb(Map.of("USDT", new BigDecimal("500")));
        exchange.newOrder(order("side", "BUY", "type", "MARKET", "quantity", "0.1"));
        assertThat(exchange.fills()).singleElement().satisfies(f -> {
            assertThat(f.commissionAsset()).isEqualTo("ETH");
            assertThat(f.commission()).isEqualByComparingTo("0.0001");
        });
        assertThat(exchange.balances().get("BNB")[0]).isEqualByComparingTo("0.00000001");
    }

    private static BinanceError refusal(Runnable call) {
        try {
            call.run();
        } catch (BinanceError e) {
            return e;
        }
        throw new AssertionError("not refused");
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
