package io.aquatrade.fakebinance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aquatrade.common.EpochClock;
import io.aquatrade.common.testing.SampleData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.knowm.xchange.Exchange;
import org.knowm.xchange.ExchangeFactory;
import org.knowm.xchange.ExchangeSpecification;
import org.knowm.xchange.binance.BinanceExchange;
import org.knowm.xchange.binance.dto.BinanceException;
import org.knowm.xchange.binance.dto.trade.BinanceOrderFlags;
import org.knowm.xchange.binance.dto.trade.OrderSide;
import org.knowm.xchange.binance.dto.trade.OrderType;
import org.knowm.xchange.binance.dto.trade.TimeInForce;
import org.knowm.xchange.binance.service.BinanceAccountService;
import org.knowm.xchange.binance.service.BinanceTradeService;
import org.knowm.xchange.currency.Currency;
import org.knowm.xchange.currency.CurrencyPair;
import org.knowm.xchange.dto.Order;
import org.knowm.xchange.dto.account.Wallet;
import org.knowm.xchange.dto.trade.LimitOrder;
import org.knowm.xchange.dto.trade.MarketOrder;
import org.knowm.xchange.dto.trade.StopOrder;
import org.knowm.xchange.dto.trade.UserTrade;
import org.knowm.xchange.instrument.Instrument;
import org.knowm.xchange.service.trade.params.CancelOrderByIdParams;
import org.knowm.xchange.service.trade.params.CancelOrderByInstrument;
import org.knowm.xchange.service.trade.params.CancelOrderByUserReferenceParams;
import org.knowm.xchange.service.trade.params.DefaultTradeHistoryParamInstrument;
import org.knowm.xchange.service.trade.params.orders.DefaultOpenOrdersParamInstrument;
import org.knowm.xchange.service.trade.params.orders.DefaultQueryOrderParamInstrument;

/**
 * The real XChange 5.2.4 Binance client against the fake exchange, whose market is the shared BTCUSDT capture of
 * 2024-08-08 (about 6 minutes of real trades and book tickers). Expected fills are worked out here from the
 * recorded events themselves (the book ticker at the order, the trades after it) and the commission rule, not
 * read back from the engine.
 */
class FakeBinanceXChangeIT {
    private static final String KEY = "it-key";
    private static final String SECRET = "it-secret-0123456789";
    private static final CurrencyPair PAIR = CurrencyPair.BTC_USDT;
    private static final BigDecimal RATE = new BigDecimal("0.001");
    private static final BigDecimal START_USDT = new BigDecimal("1000000");
    private static final BigDecimal START_BTC = new BigDecimal("2");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static CaptureFile capture;

    private FakeExchange exchange;
    private FakeBinanceServer server;
    private Exchange client;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void readCapture() throws IOException {
        String prop = System.getProperty("aquatrade.sharedData");
        Path data = prop != null ? Path.of(prop) : SampleData.projectRoot().resolve("../shared/data").normalize();
        capture = CaptureFile.read(data.resolve("streams/binance-spot/btcusdt_20240808.gz"), "BTCUSDT");
    }

    @BeforeEach
    void start() throws InterruptedException {
        Market btc = new Market("BTCUSDT", "BTC", "USDT", new BigDecimal("5"), capture.events());
        exchange = new FakeExchange(List.of(btc), Map.of("USDT", START_USDT, "BTC", START_BTC), RATE,
                EpochClock.system());
        server = new FakeBinanceServer(exchange, 0, KEY, SECRET);
        client = client(SECRET, true);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Exchange client(String secret, boolean remoteInit) {
        ExchangeSpecification spec = new ExchangeSpecification(BinanceExchange.class);
        spec.setSslUri(server.restUri());
        spec.setApiKey(KEY);
        spec.setSecretKey(secret);
        spec.setShouldLoadRemoteMetaData(remoteInit);
        return ExchangeFactory.INSTANCE.createExchange(spec);
    }

    private BinanceTradeService trade() {
        return (BinanceTradeService) client.getTradeService();
    }

    private Market market() {
        return exchange.markets().get(0);
    }

    @Test
    void remoteInitReadsTheFiltersOfTheRecording() {
        // the recording's prices have 2 decimals and its quantities 5, as Binance's BTCUSDT filters
        var meta = client.getExchangeMetaData().getInstruments().get(PAIR);
        assertThat(meta.getPriceStepSize()).isEqualByComparingTo("0.01");
        assertThat(meta.getAmountStepSize()).isEqualByComparingTo("0.00001");
        assertThat(meta.getMinimumAmount()).isEqualByComparingTo("0.00001");
        assertThat(meta.getCounterMinimumAmount()).isEqualByComparingTo("5");
    }

    /**
     * {@code --testnet}: no {@code /sapi} endpoint, as Binance's spot testnet: XChange's own remote init (which reads
     * {@code /sapi/v1/asset/assetDetail} when it has keys) fails there, while the {@code /api} endpoints answer.
     */
    @Test
    void withoutSapiAsOnTheTestnetXChangesOwnRemoteInitFailsAndApiStillAnswers() throws Exception {
        server.servesSapi(false);
        assertThatThrownBy(() -> client(SECRET, true)).hasMessageContaining("404");
        var time = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.restUri()
                + "/api/v3/time")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(time.statusCode()).isEqualTo(200);
        server.servesSapi(true);
        assertThat(client(SECRET, true).getExchangeMetaData().getInstruments()).containsKey(PAIR);
    }

    @Test
    void aWrongSignatureIsRejectedWith1022() {
        Exchange forger = client("not-the-secret", false);
        assertThatThrownBy(() -> ((BinanceAccountService) forger.getAccountService()).account())
                .isInstanceOfSatisfying(BinanceException.class, e -> assertThat(e.getCode()).isEqualTo(-1022));
        assertThat(exchange.allOrders()).isEmpty();
    }

    @Test
    void staleTimestampMissingKeyAndWrongKeyAreRejectedAsBinanceDoes() throws Exception {
        long now = System.currentTimeMillis();
        HttpResponse<String> stale = signedGet("/api/v3/account", "timestamp=" + (now - 6000), KEY);
        assertThat(stale.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(stale.body()).get("code").asInt()).isEqualTo(-1021);
        HttpResponse<String> wideWindow = signedGet("/api/v3/account",
                "recvWindow=10000&timestamp=" + (now - 6000), KEY);
        assertThat(wideWindow.statusCode()).isEqualTo(200);
        HttpResponse<String> ahead = signedGet("/api/v3/account", "timestamp=" + (now + 60_000), KEY);
        assertThat(JSON.readTree(ahead.body()).get("code").asInt()).isEqualTo(-1021);
        HttpResponse<String> noKey = signedGet("/api/v3/account", "timestamp=" + now, null);
        assertThat(noKey.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(noKey.body()).get("code").asInt()).isEqualTo(-2014);
        HttpResponse<String> otherKey = signedGet("/api/v3/account", "timestamp=" + now, "someone-else");
        assertThat(JSON.readTree(otherKey.body()).get("code").asInt()).isEqualTo(-2015);
        assertThat(stale.headers().firstValue("X-MBX-USED-WEIGHT-1M")).isPresent();
    }

    @Test
    void marketBuyTakesTheAskOfTheBookTickerWithCommissionInBase() throws IOException {
        MarketEvent.Quote book = market().book;
        BigDecimal qty = new BigDecimal("0.00100");
        assertThat(book.askQuantity()).isGreaterThanOrEqualTo(qty);
        String id = trade().placeMarketOrder(new MarketOrder.Builder(Order.OrderType.BID, PAIR)
                .originalAmount(qty).userReference("it-market-1").build());
        Order order = queried(id);
        assertThat(order.getStatus()).isEqualTo(Order.OrderStatus.FILLED);
        assertThat(order.getCumulativeAmount()).isEqualByComparingTo(qty);
        assertThat(order.getAveragePrice()).isEqualByComparingTo(book.ask());
        // the client's user reference went out as newClientOrderId
        assertThat(exchange.order("BTCUSDT", Long.parseLong(id), null).clientOrderId).isEqualTo("it-market-1");

        List<UserTrade> trades = userTrades();
        assertThat(trades).hasSize(1);
        UserTrade fill = trades.get(0);
        assertThat(fill.getPrice()).isEqualByComparingTo(book.ask());
        assertThat(fill.getOriginalAmount()).isEqualByComparingTo(qty);
        assertThat(fill.getFeeAmount()).isEqualByComparingTo("0.000001"); // 0.001 BTC x 0.1 %
        assertThat(fill.getFeeCurrency()).isEqualTo(Currency.BTC);
        assertThat(fill.getOrderId()).isEqualTo(id);

        Wallet wallet = client.getAccountService().getAccountInfo().getWallet();
        assertThat(wallet.getBalance(Currency.BTC).getAvailable())
                .isEqualByComparingTo(START_BTC.add(qty).subtract(new BigDecimal("0.000001")));
        assertThat(wallet.getBalance(Currency.USDT).getAvailable())
                .isEqualByComparingTo(START_USDT.subtract(book.ask().multiply(qty)));
    }

    @Test
    void marketOrderBeyondTheBookTickerFillsTheRestOnTheNextRecordedTrades() throws Exception {
        Market m = market();
        int from = m.cursor;
        MarketEvent.Quote book = m.book;
        BigDecimal qty = book.askQuantity().add(new BigDecimal("0.05000"));
        // oracle: the ask up to its size, then each later trade's quantity at its price, in order
        List<BigDecimal[]> expected = new ArrayList<>();
        expected.add(new BigDecimal[] {book.ask(), book.askQuantity()});
        BigDecimal left = qty.subtract(book.askQuantity());
        int last = from;
        for (int i = from; i < capture.events().size() && left.signum() > 0; i++) {
            MarketEvent.Trade t = capture.events().get(i).trade();
            if (t != null) {
                BigDecimal q = left.min(t.quantity());
                expected.add(new BigDecimal[] {t.price(), q});
                left = left.subtract(q);
                last = i;
            }
        }
        String id = trade().placeMarketOrder(new MarketOrder.Builder(Order.OrderType.BID, PAIR)
                .originalAmount(qty).userReference("it-market-2").build());
        assertThat(queried(id).getStatus()).isEqualTo(Order.OrderStatus.PARTIALLY_FILLED);
        advance("events=" + (last - from + 1));
        assertThat(queried(id).getStatus()).isEqualTo(Order.OrderStatus.FILLED);
        List<UserTrade> fills = userTrades();
        assertThat(fills).hasSize(expected.size());
        for (int i = 0; i < fills.size(); i++) {
            assertThat(fills.get(i).getPrice()).isEqualByComparingTo(expected.get(i)[0]);
            assertThat(fills.get(i).getOriginalAmount()).isEqualByComparingTo(expected.get(i)[1]);
        }
        stateAgreesWithTheClient();
    }

    @Test
    void limitGtcRestsIsQueriedListedAndCanceled() throws IOException {
        BigDecimal price = market().book.bid().subtract(new BigDecimal("100.00"));
        BigDecimal qty = new BigDecimal("0.01");
        String id = trade().placeLimitOrder(new LimitOrder.Builder(Order.OrderType.BID, PAIR)
                .originalAmount(qty).limitPrice(price).userReference("it-gtc-1").build());
        Order order = queried(id);
        assertThat(order.getStatus()).isEqualTo(Order.OrderStatus.NEW);
        assertThat(((LimitOrder) order).getLimitPrice()).isEqualByComparingTo(price);
        assertThat(trade().getOpenOrders(new DefaultOpenOrdersParamInstrument(PAIR)).getOpenOrders())
                .extracting(Order::getId).containsExactly(id);
        Wallet held = client.getAccountService().getAccountInfo().getWallet();
        assertThat(held.getBalance(Currency.USDT).getFrozen()).isEqualByComparingTo(price.multiply(qty));

        assertThat(trade().cancelOrder(cancelById(id))).isTrue();
        assertThat(queried(id).getStatus()).isEqualTo(Order.OrderStatus.CANCELED);
        assertThat(trade().getOpenOrders(new DefaultOpenOrdersParamInstrument(PAIR)).getOpenOrders()).isEmpty();
        Wallet released = client.getAccountService().getAccountInfo().getWallet();
        assertThat(released.getBalance(Currency.USDT).getAvailable()).isEqualByComparingTo(START_USDT);
        assertThat(released.getBalance(Currency.USDT).getFrozen()).isZero();
        // a second cancel is Binance's -2011
        assertThatThrownBy(() -> trade().cancelOrderAllProducts(PAIR, Long.parseLong(id), null, null))
                .isInstanceOfSatisfying(BinanceException.class, e -> assertThat(e.getCode()).isEqualTo(-2011));
    }

    @Test
    void limitMakerRestsAndOneThatWouldTakeIsRejected() throws IOException {
        MarketEvent.Quote book = market().book;
        String id = trade().placeLimitOrder(new LimitOrder.Builder(Order.OrderType.ASK, PAIR)
                .originalAmount(new BigDecimal("0.001")).limitPrice(book.ask().add(new BigDecimal("50")))
                .flag(BinanceOrderFlags.LIMIT_MAKER).userReference("it-maker-1").build());
        assertThat(queried(id).getStatus()).isEqualTo(Order.OrderStatus.NEW);
        assertThat(exchange.order("BTCUSDT", Long.parseLong(id), null).type).isEqualTo("LIMIT_MAKER");
        assertThatThrownBy(() -> trade().newOrder(PAIR, OrderSide.SELL, OrderType.LIMIT_MAKER, null,
                new BigDecimal("0.001"), null, book.bid(), "it-maker-2", null, null, null, null))
                .isInstanceOfSatisfying(BinanceException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(-2010);
                    assertThat(e.getMessage()).contains("Order would immediately match and take.");
                });
        assertThat(trade().cancelOrder(cancelById(id))).isTrue();
        assertThat(queried(id).getStatus()).isEqualTo(Order.OrderStatus.CANCELED);
    }

    @Test
    void iocTakesWhatTheBookTickerOffersAndFokAllOrNothing() throws IOException {
        MarketEvent.Quote book = market().book;
        BigDecimal more = book.askQuantity().add(new BigDecimal("0.00001"));
        var fok = trade().newOrder(PAIR, OrderSide.BUY, OrderType.LIMIT, TimeInForce.FOK, more, null, book.ask(),
                "it-fok-1", null, null, null, null);
        assertThat(fok.status.name()).isEqualTo("EXPIRED");
        assertThat(fok.executedQty).isZero();
        assertThat(fok.fills).isEmpty();

        var ioc = trade().newOrder(PAIR, OrderSide.BUY, OrderType.LIMIT, TimeInForce.IOC, more, null, book.ask(),
                "it-ioc-1", null, null, null, null);
        assertThat(ioc.status.name()).isEqualTo("EXPIRED");
        assertThat(ioc.executedQty).isEqualByComparingTo(book.askQuantity());
        assertThat(ioc.fills).singleElement().satisfies(f -> {
            assertThat(f.price).isEqualByComparingTo(book.ask());
            assertThat(f.qty).isEqualByComparingTo(book.askQuantity());
        });
        // the ask of this book ticker is used up: a FOK for any quantity now expires until the next one
        var fok2 = trade().newOrder(PAIR, OrderSide.BUY, OrderType.LIMIT, TimeInForce.FOK, new BigDecimal("0.001"),
                null, book.ask(), "it-fok-2", null, null, null, null);
        assertThat(fok2.status.name()).isEqualTo("EXPIRED");
        assertThat(queried(Long.toString(ioc.orderId)).getStatus()).isEqualTo(Order.OrderStatus.EXPIRED);
        Wallet wallet = client.getAccountService().getAccountInfo().getWallet();
        assertThat(wallet.getBalance(Currency.USDT).getFrozen()).isZero();
        assertThat(wallet.getBalance(Currency.USDT).getAvailable())
                .isEqualByComparingTo(START_USDT.subtract(book.ask().multiply(book.askQuantity())));
    }

    @Test
    void stopLossLimitWaitsForItsTriggerAndIsCanceled() throws IOException {
        BigDecimal last = market().lastTradePrice;
        BigDecimal stop = last.subtract(new BigDecimal("30.00"));
        String id = trade().placeStopOrder(new StopOrder.Builder(Order.OrderType.ASK, PAIR)
                .originalAmount(new BigDecimal("0.001")).stopPrice(stop).limitPrice(stop.subtract(BigDecimal.TEN))
                .intention(StopOrder.Intention.STOP_LOSS).userReference("it-stop-1").build());
        FakeOrder placed = exchange.order("BTCUSDT", Long.parseLong(id), null);
        assertThat(placed.type).isEqualTo("STOP_LOSS_LIMIT");
        assertThat(placed.working).isFalse();
        assertThat(queried(id).getStatus()).isEqualTo(Order.OrderStatus.NEW);
        assertThat(client.getAccountService().getAccountInfo().getWallet().getBalance(Currency.BTC).getFrozen())
                .isEqualByComparingTo("0.001");
        assertThat(trade().cancelOrder(cancelById(id))).isTrue();
        assertThat(queried(id).getStatus()).isEqualTo(Order.OrderStatus.CANCELED);
        // one that would trigger at once is refused
        assertThatThrownBy(() -> trade().newOrder(PAIR, OrderSide.SELL, OrderType.STOP_LOSS_LIMIT, TimeInForce.GTC,
                new BigDecimal("0.001"), null, last, "it-stop-2", last.add(BigDecimal.ONE), null, null, null))
                .isInstanceOfSatisfying(BinanceException.class, e -> assertThat(e.getCode()).isEqualTo(-2010));
    }

    @Test
    void stopLossLimitTriggeredByARecordedTradeSellsAtTheBid() throws Exception {
        Market m = market();
        int from = m.cursor;
        // a stop 20 USDT under the last price, limit 50 under it: marketable when triggered
        BigDecimal stop = m.lastTradePrice.subtract(new BigDecimal("20.00"));
        BigDecimal limit = stop.subtract(new BigDecimal("50.00"));
        BigDecimal qty = new BigDecimal("0.001");
        // oracle: the first recorded trade at or below the stop, and the book ticker in force at it
        MarketEvent.Quote bookAtTrigger = m.book;
        int trigger = -1;
        for (int i = from; i < capture.events().size(); i++) {
            MarketEvent e = capture.events().get(i);
            if (e.quote() != null) {
                bookAtTrigger = e.quote();
            } else if (e.trade().price().compareTo(stop) <= 0) {
                trigger = i;
                break;
            }
        }
        assertThat(trigger).as("the recording falls through the stop").isPositive();
        assertThat(bookAtTrigger.bid()).isGreaterThanOrEqualTo(limit);
        assertThat(bookAtTrigger.bidQuantity()).isGreaterThanOrEqualTo(qty);

        String id = trade().placeStopOrder(new StopOrder.Builder(Order.OrderType.ASK, PAIR).originalAmount(qty)
                .stopPrice(stop).limitPrice(limit).intention(StopOrder.Intention.STOP_LOSS)
                .userReference("it-stop-3").build());
        advance("events=" + (trigger - from));
        assertThat(queried(id).getStatus()).isEqualTo(Order.OrderStatus.NEW);
        advance("events=1");
        Order order = queried(id);
        assertThat(order.getStatus()).isEqualTo(Order.OrderStatus.FILLED);
        assertThat(order.getAveragePrice()).isEqualByComparingTo(bookAtTrigger.bid());
        UserTrade fill = userTrades().get(0);
        assertThat(fill.getFeeCurrency()).isEqualTo(Currency.USDT);
        assertThat(fill.getFeeAmount()).isEqualByComparingTo(
                bookAtTrigger.bid().multiply(qty).multiply(RATE).setScale(8, RoundingMode.HALF_UP));
    }

    @Test
    void restingLimitIsFilledByTheRecordedTradesThatPrintThroughIt() throws Exception {
        Market m = market();
        int from = m.cursor;
        BigDecimal lowest = null;
        for (int i = from; i < capture.events().size(); i++) {
            MarketEvent e = capture.events().get(i);
            if (e.trade() != null && (lowest == null || e.trade().price().compareTo(lowest) < 0)) {
                lowest = e.trade().price();
            }
        }
        // a buy 5 USDT above the recording's low: rests now, and the dip prints through it
        BigDecimal price = lowest.add(new BigDecimal("5.00"));
        BigDecimal qty = new BigDecimal("0.05");
        assertThat(price).isLessThan(m.book.bid());
        // oracle: each trade strictly below the price fills min(its quantity, what is left), at the limit price
        List<BigDecimal> expected = new ArrayList<>();
        BigDecimal left = qty;
        for (int i = from; i < capture.events().size() && left.signum() > 0; i++) {
            MarketEvent e = capture.events().get(i);
            if (e.trade() != null && e.trade().price().compareTo(price) < 0) {
                BigDecimal q = left.min(e.trade().quantity());
                expected.add(q);
                left = left.subtract(q);
            }
        }
        String id = trade().placeLimitOrder(new LimitOrder.Builder(Order.OrderType.BID, PAIR)
                .originalAmount(qty).limitPrice(price).userReference("it-rest-1").build());
        advance("events=" + capture.events().size());

        List<UserTrade> fills = userTrades();
        assertThat(fills).extracting(UserTrade::getOriginalAmount)
                .usingElementComparator(BigDecimal::compareTo).containsExactlyElementsOf(expected);
        assertThat(fills).allSatisfy(f -> {
            assertThat(f.getPrice()).isEqualByComparingTo(price);
            assertThat(f.getOrderId()).isEqualTo(id);
            assertThat(f.getFeeAmount()).isEqualByComparingTo(
                    f.getOriginalAmount().multiply(RATE).setScale(8, RoundingMode.HALF_UP));
        });
        BigDecimal filled = expected.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        Order order = queried(id);
        assertThat(order.getCumulativeAmount()).isEqualByComparingTo(filled);
        assertThat(order.getStatus()).isEqualTo(left.signum() == 0
                ? Order.OrderStatus.FILLED : Order.OrderStatus.PARTIALLY_FILLED);
        assertThat(filled).isPositive();
        stateAgreesWithTheClient();
    }

    @Test
    void aDuplicateClientOrderIdOfAnOpenOrderIsRejectedWith2010() throws IOException {
        BigDecimal price = market().book.bid().subtract(new BigDecimal("200.00"));
        LimitOrder order = new LimitOrder.Builder(Order.OrderType.BID, PAIR).originalAmount(new BigDecimal("0.001"))
                .limitPrice(price).userReference("it-dup-1").build();
        String id = trade().placeLimitOrder(order);
        assertThatThrownBy(() -> trade().newOrder(PAIR, OrderSide.BUY, OrderType.LIMIT, TimeInForce.GTC,
                new BigDecimal("0.001"), null, price, "it-dup-1", null, null, null, null))
                .isInstanceOfSatisfying(BinanceException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(-2010);
                    assertThat(e.getMessage()).contains("Duplicate order sent.");
                });
        assertThat(exchange.allOrders()).hasSize(1);
        // once the first is closed, the id may be used again (Binance checks open orders only)
        trade().cancelOrder(cancelById(id));
        assertThat(trade().placeLimitOrder(order)).isNotEqualTo(id);
        // /fake/state counts every request that carried the id, the refused duplicate included
        try {
            JsonNode state = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(server.restUri()
                    + "/fake/state")).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
            assertThat(state.get("placements").toString()).isEqualTo("{\"it-dup-1\":3}");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    @Test
    void testOrdersAreCheckedButNotPlacedAndCancelAllClosesEveryOpenOrder() throws IOException {
        BigDecimal price = market().book.bid().subtract(new BigDecimal("100.00"));
        trade().testNewOrder(PAIR, OrderSide.BUY, OrderType.LIMIT, TimeInForce.GTC, new BigDecimal("0.001"), null,
                price, "it-test-1", null, null, null);
        assertThatThrownBy(() -> trade().testNewOrder(PAIR, OrderSide.BUY, OrderType.LIMIT, TimeInForce.GTC,
                new BigDecimal("0.0000001"), null, price, "it-test-2", null, null, null))
                .isInstanceOfSatisfying(BinanceException.class, e -> assertThat(e.getCode()).isEqualTo(-1013));
        assertThat(exchange.allOrders()).isEmpty();

        for (int i = 0; i < 3; i++) {
            trade().placeLimitOrder(new LimitOrder.Builder(Order.OrderType.BID, PAIR)
                    .originalAmount(new BigDecimal("0.001")).limitPrice(price).userReference("it-all-" + i).build());
        }
        assertThat(trade().cancelAllOpenOrdersAllProducts(PAIR)).extracting(c -> c.origClientOrderId)
                .containsExactly("it-all-0", "it-all-1", "it-all-2");
        assertThat(exchange.openOrders(null)).isEmpty();
        assertThat(client.getAccountService().getAccountInfo().getWallet().getBalance(Currency.USDT).getAvailable())
                .isEqualByComparingTo(START_USDT);
    }

    @Test
    void theOrderAnswersCarryWeightAndOrderCountHeaders() throws Exception {
        long now = System.currentTimeMillis();
        String body = "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.001&price="
                + market().book.bid().subtract(new BigDecimal("100")) + "&newClientOrderId=it-raw-1&timestamp=" + now;
        HttpResponse<String> placed = http.send(HttpRequest.newBuilder(URI.create(server.restUri()
                        + "/api/v3/order?signature=" + sign(body)))
                .header("X-MBX-APIKEY", KEY).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(placed.statusCode()).isEqualTo(200);
        assertThat(placed.headers().firstValue("X-MBX-ORDER-COUNT-10S")).hasValue("1");
        assertThat(placed.headers().firstValue("X-MBX-ORDER-COUNT-1D")).hasValue("1");
        assertThat(placed.headers().firstValue("X-MBX-USED-WEIGHT-1M")).isPresent();
        // GET by origClientOrderId alone
        HttpResponse<String> byClientId = signedGet("/api/v3/order",
                "symbol=BTCUSDT&origClientOrderId=it-raw-1&timestamp=" + System.currentTimeMillis(), KEY);
        assertThat(JSON.readTree(byClientId.body()).get("orderId").asLong())
                .isEqualTo(JSON.readTree(placed.body()).get("orderId").asLong());
    }

    /** /fake/state's balances and fills equal what the client reads from the account and trade endpoints. */
    private void stateAgreesWithTheClient() throws Exception {
        JsonNode state = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(server.restUri() + "/fake/state"))
                .GET().build(), HttpResponse.BodyHandlers.ofString()).body());
        Wallet wallet = client.getAccountService().getAccountInfo().getWallet();
        for (JsonNode b : state.get("balances")) {
            Currency c = Currency.getInstance(b.get("asset").asText());
            assertThat(wallet.getBalance(c).getAvailable()).isEqualByComparingTo(b.get("free").asText());
            assertThat(wallet.getBalance(c).getFrozen()).isEqualByComparingTo(b.get("locked").asText());
        }
        List<UserTrade> trades = userTrades();
        assertThat(trades).hasSize(state.get("fills").size());
        for (int i = 0; i < trades.size(); i++) {
            JsonNode f = state.get("fills").get(i);
            assertThat(trades.get(i).getId()).isEqualTo(f.get("id").asText());
            assertThat(trades.get(i).getPrice()).isEqualByComparingTo(f.get("price").asText());
            assertThat(trades.get(i).getOriginalAmount()).isEqualByComparingTo(f.get("qty").asText());
            assertThat(trades.get(i).getFeeAmount()).isEqualByComparingTo(f.get("commission").asText());
        }
        assertThat(trade().getOpenOrders(new DefaultOpenOrdersParamInstrument(PAIR)).getOpenOrders())
                .hasSize(state.get("openOrders").size());
    }

    @Test
    void fakeStateAgreesWithTheClientsAccountAndTradesAfterFills() throws Exception {
        trade().placeMarketOrder(new MarketOrder.Builder(Order.OrderType.ASK, PAIR)
                .originalAmount(new BigDecimal("0.0005")).userReference("it-state-1").build());
        trade().placeLimitOrder(new LimitOrder.Builder(Order.OrderType.BID, PAIR).originalAmount(new BigDecimal("0.002"))
                .limitPrice(market().book.bid().subtract(BigDecimal.ONE)).userReference("it-state-2").build());
        advance("events=5000");
        stateAgreesWithTheClient();
    }

    /**
     * XChange 5.2.4's {@code BinanceTradeService.cancelOrder} casts its parameters to all three of these
     * interfaces, and no class of xchange-core implements them together.
     */
    private record CancelParams(Instrument instrument, String orderId, String userReference)
            implements CancelOrderByInstrument, CancelOrderByIdParams, CancelOrderByUserReferenceParams {
        @Override
        public Instrument getInstrument() {
            return instrument;
        }

        @Override
        public String getOrderId() {
            return orderId;
        }

        @Override
        public String getUserReference() {
            return userReference;
        }
    }

    private static CancelParams cancelById(String id) {
        return new CancelParams(PAIR, id, null);
    }

    private Order queried(String id) throws IOException {
        return trade().getOrder(new DefaultQueryOrderParamInstrument(PAIR, id)).iterator().next();
    }

    private List<UserTrade> userTrades() throws IOException {
        return trade().getTradeHistory(new DefaultTradeHistoryParamInstrument(PAIR)).getUserTrades();
    }

    private void advance(String query) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.restUri() + "/fake/advance?"
                + query)).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private HttpResponse<String> signedGet(String path, String query, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.restUri() + path + "?" + query
                + "&signature=" + sign(query))).GET();
        if (key != null) {
            request.header("X-MBX-APIKEY", key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String sign(String payload) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
    }
}
