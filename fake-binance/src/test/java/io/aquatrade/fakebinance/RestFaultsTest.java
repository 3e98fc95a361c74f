package io.aquatrade.fakebinance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.aquatrade.common.testing.SampleData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST faults on a hand-advanced server clock, over the recorded ETHUSDT capture of 2024-08-08. */
class RestFaultsTest {
    private static CaptureFile capture;
    private final long[] nowMs = {1_800_000_000_000L};
    private FakeExchange exchange;
    private Market eth;
    private RestFaults faults;

    @BeforeAll
    static void readCapture() throws IOException {
        String prop = System.getProperty("aquatrade.sharedData");
        Path data = prop != null ? Path.of(prop) : SampleData.projectRoot().resolve("../shared/data").normalize();
        capture = CaptureFile.read(data.resolve("streams/binance-spot/ethusdt_20240808.gz"), null);
    }

    @BeforeEach
    void open() {
        eth = new Market("ETHUSDT", "ETH", "USDT", new BigDecimal("5"), capture.events());
        exchange = new FakeExchange(List.of(eth), Map.of("USDT", new BigDecimal("100000"), "ETH",
                new BigDecimal("3")), new BigDecimal("0.001"), () -> nowMs[0] * 1_000_000L);
        faults = new RestFaults(exchange);
    }

    private static void refused(Runnable call, int status, int code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(BinanceError.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(status);
            assertThat(e.code()).isEqualTo(code);
        });
    }

    @Test
    void unknownNamesAndBadValuesAreRefused() {
        assertThat(faults.set("droppedSocket", "1")).isFalse(); // not a REST fault: the server names the known ones
        assertThatThrownBy(() -> faults.set("http429", "x")).hasMessageContaining("http429")
                .hasMessageContaining("whole number");
        assertThatThrownBy(() -> faults.set("reject2010", "-1")).hasMessageContaining("reject2010");
    }

    @Test
    void a429ThenARequestDuringItsBackOffEarnsA418Ban() {
        Map<String, String> headers = new HashMap<>();
        faults.set("http429", "1");
        faults.onRequest(headers);
        refused(() -> faults.onSigned(headers), 429, -1003);
        assertThat(headers).containsEntry("Retry-After", "1");
        nowMs[0] += 999; // still backing off: banned for 2 s
        refused(() -> faults.onRequest(headers), 418, -1003);
        assertThat(headers).containsEntry("Retry-After", "2");
        nowMs[0] += 1999;
        refused(() -> faults.onRequest(headers), 418, -1003);
        nowMs[0] += 1;
        faults.onRequest(headers);
        faults.onSigned(headers);
        assertThat(faults.requests()).isEqualTo(4);
        assertThat(faults.refusedDuringBan()).isEqualTo(2);
    }

    @Test
    void aBanOfSSecondsRefusesEveryRequestUntilItEnds() {
        Map<String, String> headers = new HashMap<>();
        faults.set("http418", "5");
        refused(() -> faults.onRequest(headers), 418, -1003);
        assertThat(headers).containsEntry("Retry-After", "5");
        nowMs[0] += 4_999;
        refused(() -> faults.onRequest(headers), 418, -1003);
        nowMs[0] += 1;
        faults.onRequest(headers);
    }

    @Test
    void rejectsAndAfterTakeFaultsCountDown() {
        faults.set("reject2010", "1");
        faults.set("reject1013", "1");
        refused(faults::beforePlacement, 400, -2010);
        refused(faults::beforePlacement, 400, -1013);
        faults.beforePlacement();
        faults.set("timeoutAfterTake", "1");
        faults.set("http5xxAfterTake", "2");
        assertThatThrownBy(faults::afterTake).isInstanceOfSatisfying(RestFaults.Unanswered.class,
                u -> assertThat(u.httpStatus).isZero());
        assertThatThrownBy(faults::afterTake).isInstanceOfSatisfying(RestFaults.Unanswered.class,
                u -> assertThat(u.httpStatus).isEqualTo(503));
        refused(faults::afterTake, 500, -1007);
        faults.afterTake();
    }

    @Test
    void clockSkewMovesTheServersClock() {
        faults.set("clockSkewMs", "-2500");
        assertThat(faults.serverNowMs()).isEqualTo(nowMs[0] - 2500);
    }

    @Test
    void partialFillsSplitATakerFillIntoKTradesOfWholeSteps() {
        BigDecimal ask = eth.book.ask();
        BigDecimal qty = new BigDecimal("0.0101"); // step 0.0001: 0.0033, 0.0033, 0.0035
        assertThat(eth.book.askQuantity()).isGreaterThanOrEqualTo(qty);
        faults.set("partialFills", "3");
        Map<String, String> p = new HashMap<>(Map.of("symbol", "ETHUSDT", "side", "BUY", "type", "MARKET",
                "quantity", qty.toPlainString()));
        FakeExchange.Placed placed = exchange.newOrder(p);
        assertThat(eth.stepSize).isEqualByComparingTo("0.0001");
        assertThat(placed.fills()).extracting(Fill::qty).usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("0.0033"), new BigDecimal("0.0033"), new BigDecimal("0.0035"));
        assertThat(placed.fills()).allSatisfy(f -> assertThat(f.price()).isEqualByComparingTo(ask));
        assertThat(placed.order().status).isEqualTo("FILLED");
    }

    /**
     * {@code lateMatchMs}: the placement passes the checks before the matching engine, is answered 408 -1007 and held;
     * the matching engine takes it when its time comes on the server clock (not before), whatever its recvWindow.
     */
    @Test
    void aLateMatchIsAnswered1007ThenTakenByTheMatchingEngineWhenItsTimeComes() {
        faults.set("lateMatchMs", "30000");
        Map<String, String> p = new HashMap<>(Map.of("symbol", "ETHUSDT", "side", "BUY", "type", "MARKET",
                "quantity", "0.0100", "newClientOrderId", "late-1", "recvWindow", "5000"));
        refused(() -> faults.holdForLateMatch(p, exchange::check), 408, -1007);
        faults.holdForLateMatch(p, exchange::check); // one placement per setting: the next goes on
        assertThat(exchange.allOrders()).isEmpty();
        nowMs[0] += 29_999;
        assertThat(faults.dueLateMatches(false)).isEmpty();
        nowMs[0] += 1;
        assertThat(faults.dueLateMatches(false)).singleElement()
                .satisfies(held -> assertThat(held).containsEntry("newClientOrderId", "late-1"));
        assertThat(faults.dueLateMatches(true)).isEmpty();
    }

    @Test
    void aLateMatchOfAnOrderFailingItsFiltersIsRefusedAtOnceAndNotHeld() {
        faults.set("lateMatchMs", "30000");
        Map<String, String> p = new HashMap<>(Map.of("symbol", "ETHUSDT", "side", "BUY", "type", "MARKET",
                "quantity", "0.00001"));
        refused(() -> faults.holdForLateMatch(p, exchange::check), 400, -1013);
        assertThat(faults.dueLateMatches(true)).isEmpty();
        assertThatThrownBy(() -> faults.set("lateMatchMs", "-1")).hasMessageContaining("lateMatchMs");
    }
}
