package io.aquatrade.marketdata.binance;

import static io.aquatrade.marketdata.binance.RecordedBinance.BTCUSDT;
import static io.aquatrade.marketdata.binance.RecordedBinance.ETHUSDT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import info.bitrich.xchangestream.binance.BinanceSubscriptionType;
import io.aquatrade.common.ConfigException;
import io.aquatrade.common.Side;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.knowm.xchange.dto.meta.InstrumentMetaData;

class BinanceStreamAdaptersTest {
    private static final Map<String, BinanceStreamAdapters.Route> ROUTES =
            BinanceStreamAdapters.routes(List.of(BTCUSDT, ETHUSDT));
    private static final long RECEIVED = 1_723_161_254_087_896_568L;
    /** The first trade and book ticker of the BTCUSDT recording, verbatim. */
    private static final String TRADE = "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":1723161255343,"
            + "\"s\":\"BTCUSDT\",\"t\":3735683259,\"p\":\"61837.63000000\",\"q\":\"0.02000000\",\"T\":1723161255342,"
            + "\"m\":true,\"M\":true}}";
    private static final String QUOTE = "{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"u\":50093239212,"
            + "\"s\":\"BTCUSDT\",\"b\":\"61837.63000000\",\"B\":\"3.78826000\",\"a\":\"61837.64000000\","
            + "\"A\":\"1.54698000\"}}";

    @Test
    void routesNameBinanceStreamsOfEveryInstrument() {
        assertThat(ROUTES.keySet()).containsExactly("btcusdt@trade", "btcusdt@bookTicker", "ethusdt@trade",
                "ethusdt@bookTicker");
        assertThat(ROUTES.get("ethusdt@bookTicker"))
                .isEqualTo(new BinanceStreamAdapters.Route(ETHUSDT, BinanceSubscriptionType.BOOK_TICKER));
        assertThat(BinanceStreamAdapters.currencyPair(BTCUSDT).toString()).isEqualTo("BTC/USDT");
    }

    @Test
    void convertsATradeExactly() {
        assertThat(RecordedBinance.lines(RecordedBinance.BTCUSDT_FILE).stream()
                .map(RecordedBinance.Line::json)).contains(TRADE, QUOTE);
        ReceivedTick tick = BinanceStreamAdapters.fromCombinedStream(TRADE, ROUTES, RECEIVED);
        assertThat(tick).isEqualTo(new ReceivedTick.Trade(BTCUSDT, 6_183_763L, 2_000L, Side.SELL, 3_735_683_259L,
                1_723_161_255_342_000_000L, RECEIVED));
        ReceivedTick buy = BinanceStreamAdapters.fromCombinedStream(TRADE.replace("\"m\":true", "\"m\":false"),
                ROUTES, RECEIVED);
        assertThat(((ReceivedTick.Trade) buy).aggressorSide()).isEqualTo(Side.BUY);
    }

    @Test
    void convertsABookTickerExactlyStampedWithItsArrival() {
        ReceivedTick tick = BinanceStreamAdapters.fromCombinedStream(QUOTE, ROUTES, RECEIVED);
        assertThat(tick).isEqualTo(new ReceivedTick.Quote(BTCUSDT, 6_183_763L, 378_826L, 6_183_764L, 154_698L,
                50_093_239_212L, RECEIVED));
    }

    @Test
    void convertsEveryRecordedMessageAsTheOracleDoes() {
        List<String> messages = RecordedBinance.mergedMessages();
        for (String message : messages) {
            ReceivedTick tick = BinanceStreamAdapters.fromCombinedStream(message, ROUTES, RECEIVED);
            Object row = tick instanceof ReceivedTick.Trade t
                    ? new RecordedBinance.TradeRow(t.instrument().symbol(), t.price(), t.quantity(),
                    t.aggressorSide(), t.tradeId(), t.eventTimeNs(), t.receivedTimeNs())
                    : toRow((ReceivedTick.Quote) tick);
            assertThat(row).as(message).isEqualTo(RecordedBinance.expected(message, RECEIVED));
        }
    }

    @Test
    void ignoresRepliesToLiveSubscriptionRequests() {
        assertThat(BinanceStreamAdapters.fromCombinedStream("{\"result\":null,\"id\":312}", ROUTES, RECEIVED))
                .isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            cut short                 | {"stream":"btcusdt@trade","data":{"e":"trade"                            | not JSON
            an array                  | [1,2]                                                                    | not a JSON object
            Binance error             | {"code":2,"msg":"Invalid request"}                                       | error from Binance: code 2
            no stream                 | {"data":{}}                                                              | no "stream" field
            unsubscribed stream       | {"stream":"btcusdt@depth@100ms","data":{}}                               | "btcusdt@depth@100ms" is not a subscribed stream
            no data                   | {"stream":"btcusdt@trade"}                                               | "data" must be an object
            other event type          | {"stream":"btcusdt@trade","data":{"e":"aggTrade"}}                       | "e" must be "trade"
            other symbol              | {"stream":"btcusdt@trade","data":{"e":"trade","s":"ETHUSDT"}}            | "s" must be "BTCUSDT"
            price finer than tick     | TRADE:"p":"61837.63000000"=>"p":"61837.635"                              | "p": '61837.635' has more than 2 decimals
            price as a JSON number    | TRADE:"p":"61837.63000000"=>"p":61837.63                                 | "p" must be a decimal string, was 61837.63
            price zero                | TRADE:"p":"61837.63000000"=>"p":"0.00000000"                             | "p" must be > 0
            quantity negative         | TRADE:"q":"0.02000000"=>"q":"-0.02000000"                                | "q" must be > 0
            quantity not a number     | TRADE:"q":"0.02000000"=>"q":"0.02a"                                      | "q": not a decimal number
            trade id missing          | TRADE:"t":3735683259,=>                                                  | "t" must be an integer, was null
            trade id as text          | TRADE:"t":3735683259=>"t":"3735683259"                                   | "t" must be an integer
            trade time missing        | TRADE:"T":1723161255342,=>                                               | "T" must be an integer, was null
            trade time zero           | TRADE:"T":1723161255342=>"T":0                                           | "T" must be epoch milliseconds
            maker flag missing        | TRADE:,"m":true=>                                                        | "m" must be true or false, was null
            maker flag as text        | TRADE:"m":true=>"m":"true"                                               | "m" must be true or false
            bid not a number          | QUOTE:"b":"61837.63000000"=>"b":"abc"                                    | "b": not a decimal number
            ask size finer than lot   | QUOTE:"A":"1.54698000"=>"A":"1.546981"                                   | "A": '1.546981' has more than 5 decimals
            ask negative              | QUOTE:"a":"61837.64000000"=>"a":"-1.00"                                  | "a" must be >= 0
            update id missing         | QUOTE:"u":50093239212,=>                                                 | "u" must be an integer, was null
            """)
    void rejectsMalformedMessagesNamingTheField(String what, String input, String reason) {
        String message = input;
        if (input.startsWith("TRADE:") || input.startsWith("QUOTE:")) {
            String[] edit = input.substring(6).split("=>", -1);
            String base = input.startsWith("TRADE:") ? TRADE : QUOTE;
            assertThat(base).as(what).contains(edit[0]);
            message = base.replace(edit[0], edit[1]);
        }
        String text = message;
        assertThatThrownBy(() -> BinanceStreamAdapters.fromCombinedStream(text, ROUTES, RECEIVED))
                .as(what)
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void checksScalesAgainstBinanceTickAndLotSizes() {
        InstrumentMetaData btc = InstrumentMetaData.builder()
                .priceStepSize(new BigDecimal("0.01000000").stripTrailingZeros())
                .amountStepSize(new BigDecimal("0.00001000").stripTrailingZeros())
                .build();
        BinanceStreamAdapters.checkScales(BTCUSDT, btc);
        assertThatThrownBy(() -> BinanceStreamAdapters.checkScales(ETHUSDT, btc))
                .isInstanceOf(ConfigException.class)
                .hasMessage("config instruments[ETHUSDT].sizeDecimals: expected at least 5 to hold Binance's lot "
                        + "step size 0.00001, was 4");
        InstrumentMetaData wholeLots = InstrumentMetaData.builder()
                .priceStepSize(new BigDecimal("0.00000001"))
                .amountStepSize(new BigDecimal("1.00000000").stripTrailingZeros())
                .build();
        BinanceStreamAdapters.checkScales(new io.aquatrade.common.Instrument("XRPETH", "XRP", "ETH", 8, 0),
                wholeLots);
    }

    private static RecordedBinance.QuoteRow toRow(ReceivedTick.Quote q) {
        return new RecordedBinance.QuoteRow(q.instrument().symbol(), q.bidPrice(), q.bidSize(), q.askPrice(),
                q.askSize(), q.receivedTimeNs(), q.receivedTimeNs());
    }
}
