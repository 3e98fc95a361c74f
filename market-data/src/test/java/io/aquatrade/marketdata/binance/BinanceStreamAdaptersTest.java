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
import io.aquatrade.marketdata.TickValidator.Reason;
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
            cut short                 | {"stream":"btcusdt@trade","data":{"e":"trade"                            | SYNTAX            | not JSON
            an array                  | [1,2]                                                                    | SYNTAX            | not a JSON object
            Binance error             | {"code":2,"msg":"Invalid request"}                                       | SYNTAX            | error from Binance: code 2
            trailing garbage          | TRADE:"M":true}}=>"M":true}} garbage                                     | SYNTAX            | not JSON
            duplicate key             | TRADE:"p":"61837.63000000"=>"p":"1","p":"61837.63000000"                 | DUPLICATE_KEY     | Duplicate field 'p'
            no stream                 | {"data":{}}                                                              | MISSING_FIELD     | no "stream" field
            unsubscribed stream       | {"stream":"btcusdt@depth@100ms","data":{}}                               | MISMATCH          | "btcusdt@depth@100ms" is not a subscribed stream
            no data                   | {"stream":"btcusdt@trade"}                                               | MISSING_FIELD     | no "data"
            data not an object        | {"stream":"btcusdt@trade","data":[]}                                     | WRONG_TYPE        | "data" must be an object
            other event type          | TRADE:"e":"trade"=>"e":"bookTicker"                                      | MISMATCH          | trade stream carries "e":"bookTicker"
            other symbol              | TRADE:"s":"BTCUSDT"=>"s":"ETHUSDT"                                       | MISMATCH          | stream of BTCUSDT carries "s":"ETHUSDT"
            no symbol                 | TRADE:"s":"BTCUSDT",=>                                                   | MISSING_FIELD     | no symbol "s"
            price finer than tick     | TRADE:"p":"61837.63000000"=>"p":"61837.635"                              | TOO_MANY_DECIMALS | "p": '61837.635' has more than 2 decimals
            price as a JSON number    | TRADE:"p":"61837.63000000"=>"p":61837.63                                 | WRONG_TYPE        | "p" has the wrong JSON type
            price NaN                 | TRADE:"p":"61837.63000000"=>"p":"NaN"                                    | NOT_A_NUMBER      | "p": not a decimal number
            price Infinity            | TRADE:"p":"61837.63000000"=>"p":"Infinity"                               | NOT_A_NUMBER      | "p": not a decimal number
            price in exponent form    | TRADE:"p":"61837.63000000"=>"p":"6.18E4"                                 | NOT_A_NUMBER      | "p": not a decimal number
            quantity beyond a long    | TRADE:"q":"0.02000000"=>"q":"92233720368547.75808"                       | OUT_OF_RANGE      | "q": '92233720368547.75808' does not fit
            quantity not a number     | TRADE:"q":"0.02000000"=>"q":"0.02a"                                      | NOT_A_NUMBER      | "q": not a decimal number
            trade id missing          | TRADE:"t":3735683259,=>                                                  | MISSING_FIELD     | no "t"
            trade id as text          | TRADE:"t":3735683259=>"t":"3735683259"                                   | WRONG_TYPE        | "t" has the wrong JSON type
            trade id beyond a long    | TRADE:"t":3735683259=>"t":92233720368547758070                           | WRONG_TYPE        | "t" has the wrong JSON type
            trade time missing        | TRADE:"T":1723161255342,=>                                               | MISSING_FIELD     | no "T"
            trade time beyond ns      | TRADE:"T":1723161255342=>"T":9223372036854775                            | OUT_OF_RANGE      | "T" 9223372036854775 ms does not fit
            maker flag missing        | TRADE:,"m":true=>                                                        | MISSING_FIELD     | no "m"
            maker flag as text        | TRADE:"m":true=>"m":"true"                                               | WRONG_TYPE        | "m" has the wrong JSON type
            bid not a number          | QUOTE:"b":"61837.63000000"=>"b":"abc"                                    | NOT_A_NUMBER      | "b": not a decimal number
            ask size finer than lot   | QUOTE:"A":"1.54698000"=>"A":"1.546981"                                   | TOO_MANY_DECIMALS | "A": '1.546981' has more than 5 decimals
            ask missing               | QUOTE:"a":"61837.64000000",=>                                            | MISSING_FIELD     | no "a"
            update id as text         | QUOTE:"u":50093239212=>"u":"50093239212"                                 | WRONG_TYPE        | "u" has the wrong JSON type
            """)
    void rejectsMalformedMessagesNamingTheFieldAndTheKind(String what, String input, Reason kind, String reason) {
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
                .hasMessageContaining(reason)
                .extracting(e -> ((MalformedMessageException) e).kind()).isEqualTo(kind);
    }

    @Test
    void convertsButLeavesPlausibilityToTheValidator() {
        // Zero, negative and 1970 values are well-formed: the TickValidator, not the adapter, rejects them.
        ReceivedTick.Trade t = (ReceivedTick.Trade) BinanceStreamAdapters.fromCombinedStream(
                TRADE.replace("\"q\":\"0.02000000\"", "\"q\":\"-0.02000000\"").replace("\"T\":1723161255342", "\"T\":0"),
                ROUTES, RECEIVED);
        assertThat(t.quantity()).isEqualTo(-2000);
        assertThat(t.eventTimeNs()).isZero();
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
