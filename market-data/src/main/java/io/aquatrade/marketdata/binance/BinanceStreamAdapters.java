package io.aquatrade.marketdata.binance;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import info.bitrich.xchangestream.binance.BinanceSubscriptionType;
import io.aquatrade.common.ConfigException;
import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.Side;
import org.knowm.xchange.currency.CurrencyPair;
import org.knowm.xchange.dto.meta.InstrumentMetaData;

/**
 * Static conversions between Binance spot's websocket market data and Aquatrade's values (venue to domain).
 *
 * <p>Messages are read from the raw JSON fields of Binance's combined stream
 * ({@code {"stream":"btcusdt@trade","data":{...}}}, see Binance's "WebSocket Streams for Binance" documentation),
 * not through XChange's generic {@code Trade}/{@code Ticker}: decimal strings go straight to {@link FixedPoint}
 * mantissas (exact, a digit beyond the instrument's scale is an error, never rounded), the trade id, the maker flag
 * (which gives the aggressor side) and the trade time are kept. Every field is checked for presence and type: a
 * missing {@code "m"} must not silently read as "buyer was the taker", as a primitive DTO field would.
 *
 * <p>All methods are thread-safe. Conversion failures throw {@link MalformedMessageException} naming the field.
 */
final class BinanceStreamAdapters {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long NANOS_PER_MILLI = 1_000_000L;

    private BinanceStreamAdapters() {
    }

    /**
     * Where a combined-stream name leads: the instrument and which Binance stream of it.
     *
     * @param instrument the configured instrument
     * @param type       {@link BinanceSubscriptionType#TRADE} or {@link BinanceSubscriptionType#BOOK_TICKER}
     */
    record Route(Instrument instrument, BinanceSubscriptionType type) {
    }

    /** @return Binance's stream name, e.g. {@code btcusdt@trade} or {@code btcusdt@bookTicker} */
    static String streamName(Instrument instrument, BinanceSubscriptionType type) {
        return instrument.symbol().toLowerCase(Locale.ROOT) + "@" + type.getType();
    }

    /**
     * @return the trade and bookTicker stream of every instrument, by stream name, in instrument order
     * @throws IllegalArgumentException if two instruments share a symbol
     */
    static Map<String, Route> routes(Collection<Instrument> instruments) {
        Map<String, Route> routes = new LinkedHashMap<>();
        for (Instrument instrument : instruments) {
            for (BinanceSubscriptionType type : new BinanceSubscriptionType[] {
                    BinanceSubscriptionType.TRADE, BinanceSubscriptionType.BOOK_TICKER}) {
                if (routes.put(streamName(instrument, type), new Route(instrument, type)) != null) {
                    throw new IllegalArgumentException("instrument " + instrument.symbol() + " is given twice");
                }
            }
        }
        return Collections.unmodifiableMap(routes);
    }

    /** @return XChange's pair for an instrument (base/quote) */
    static CurrencyPair currencyPair(Instrument instrument) {
        return new CurrencyPair(instrument.base(), instrument.quote());
    }

    /**
     * Converts one combined-stream websocket message.
     *
     * @param text           the frame's text
     * @param routes         stream name to instrument, see {@link #routes}
     * @param receivedTimeNs arrival time, UTC epoch ns
     * @return the tick, or null for a reply to a live SUBSCRIBE/UNSUBSCRIBE request ({@code {"result":null,"id":1}})
     * @throws MalformedMessageException if the text is not JSON, names no configured stream, or a field is missing,
     *                                   of the wrong type, out of range or finer than the instrument's scale
     */
    static ReceivedTick fromCombinedStream(String text, Map<String, Route> routes, long receivedTimeNs) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new MalformedMessageException("not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new MalformedMessageException("not a JSON object");
        }
        JsonNode stream = root.get("stream");
        if (stream == null) {
            if (root.has("result") && root.has("id")) {
                return null;
            }
            if (root.has("code") && root.has("msg")) {
                throw new MalformedMessageException("error from Binance: code " + root.get("code") + ", msg "
                        + root.get("msg"));
            }
            throw new MalformedMessageException("no \"stream\" field");
        }
        Route route = stream.isTextual() ? routes.get(stream.textValue()) : null;
        if (route == null) {
            throw new MalformedMessageException("\"stream\" " + stream + " is not a subscribed stream");
        }
        JsonNode data = root.get("data");
        if (data == null || !data.isObject()) {
            throw new MalformedMessageException("\"data\" must be an object, was " + data);
        }
        if (route.type() == BinanceSubscriptionType.TRADE) {
            return toTrade(data, route.instrument(), receivedTimeNs);
        }
        return toQuote(data, route.instrument(), receivedTimeNs);
    }

    /**
     * Converts the {@code data} of a {@code <symbol>@trade} message:
     * {@code {"e":"trade","E":..,"s":"BTCUSDT","t":3735683259,"p":"61837.63000000","q":"0.02000000",
     * "T":1723161255342,"m":true,"M":true}}.
     *
     * @return price and quantity as mantissas, aggressor {@link Side#SELL} when {@code m} (buyer is maker),
     * event time = trade time {@code T} (ms) in ns
     * @throws MalformedMessageException as {@link #fromCombinedStream}
     */
    static ReceivedTick.Trade toTrade(JsonNode data, Instrument instrument, long receivedTimeNs) {
        JsonNode eventType = data.get("e");
        if (eventType != null && !"trade".equals(eventType.textValue())) {
            throw new MalformedMessageException("\"e\" must be \"trade\", was " + eventType);
        }
        checkSymbol(data, instrument);
        long tradeId = integer(data, "t");
        if (tradeId < 0) {
            throw new MalformedMessageException("\"t\" must be >= 0, was " + tradeId);
        }
        long price = decimal(data, "p", instrument.priceDecimals());
        if (price <= 0) {
            throw new MalformedMessageException("\"p\" must be > 0, was " + data.get("p"));
        }
        long quantity = decimal(data, "q", instrument.sizeDecimals());
        if (quantity <= 0) {
            throw new MalformedMessageException("\"q\" must be > 0, was " + data.get("q"));
        }
        long eventTimeNs = epochMillisToNanos(data, "T");
        Side aggressor = bool(data, "m") ? Side.SELL : Side.BUY;
        return new ReceivedTick.Trade(instrument, price, quantity, aggressor, tradeId, eventTimeNs, receivedTimeNs);
    }

    /**
     * Converts the {@code data} of a spot {@code <symbol>@bookTicker} message:
     * {@code {"u":50093239212,"s":"BTCUSDT","b":"61837.63000000","B":"3.78826000","a":"61837.64000000",
     * "A":"1.54698000"}}. Spot book tickers carry no time; the quote's event time is its arrival time.
     *
     * @throws MalformedMessageException as {@link #fromCombinedStream}
     */
    static ReceivedTick.Quote toQuote(JsonNode data, Instrument instrument, long receivedTimeNs) {
        checkSymbol(data, instrument);
        long updateId = integer(data, "u");
        long bidPrice = nonNegative(data, "b", instrument.priceDecimals());
        long bidSize = nonNegative(data, "B", instrument.sizeDecimals());
        long askPrice = nonNegative(data, "a", instrument.priceDecimals());
        long askSize = nonNegative(data, "A", instrument.sizeDecimals());
        return new ReceivedTick.Quote(instrument, bidPrice, bidSize, askPrice, askSize, updateId, receivedTimeNs);
    }

    /**
     * Checks that an instrument's scales can hold every price and quantity Binance may send for it: its
     * {@code priceDecimals} must be at least the decimals of the {@code PRICE_FILTER tickSize}, its
     * {@code sizeDecimals} at least those of the {@code LOT_SIZE stepSize} (from {@code GET /api/v3/exchangeInfo}).
     *
     * @param venue XChange's metadata of the pair; a missing step size is not checked
     * @throws ConfigException naming {@code instruments[SYMBOL].priceDecimals} or {@code .sizeDecimals}
     */
    static void checkScales(Instrument instrument, InstrumentMetaData venue) {
        checkScale(instrument, "priceDecimals", instrument.priceDecimals(), "tick size", venue.getPriceStepSize());
        checkScale(instrument, "sizeDecimals", instrument.sizeDecimals(), "lot step size", venue.getAmountStepSize());
    }

    private static void checkScale(Instrument instrument, String field, int decimals, String what, BigDecimal step) {
        if (step == null) {
            return;
        }
        int needed = step.stripTrailingZeros().scale();
        if (needed > decimals) {
            throw new ConfigException("instruments[" + instrument.symbol() + "]." + field, "at least " + needed
                    + " to hold Binance's " + what + " " + step.stripTrailingZeros().toPlainString() + ", was "
                    + decimals);
        }
    }

    private static void checkSymbol(JsonNode data, Instrument instrument) {
        JsonNode symbol = data.get("s");
        if (symbol == null || !instrument.symbol().equals(symbol.textValue())) {
            throw new MalformedMessageException("\"s\" must be \"" + instrument.symbol() + "\", was " + symbol);
        }
    }

    private static long nonNegative(JsonNode data, String field, int decimals) {
        long value = decimal(data, field, decimals);
        if (value < 0) {
            throw new MalformedMessageException("\"" + field + "\" must be >= 0, was " + data.get(field));
        }
        return value;
    }

    private static long decimal(JsonNode data, String field, int decimals) {
        JsonNode node = data.get(field);
        if (node == null || !node.isTextual()) {
            throw new MalformedMessageException("\"" + field + "\" must be a decimal string, was " + node);
        }
        try {
            return FixedPoint.parse(node.textValue(), decimals);
        } catch (NumberFormatException e) {
            throw new MalformedMessageException("\"" + field + "\": " + e.getMessage());
        }
    }

    private static long integer(JsonNode data, String field) {
        JsonNode node = data.get(field);
        if (node == null || !node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new MalformedMessageException("\"" + field + "\" must be an integer, was " + node);
        }
        return node.longValue();
    }

    private static boolean bool(JsonNode data, String field) {
        JsonNode node = data.get(field);
        if (node == null || !node.isBoolean()) {
            throw new MalformedMessageException("\"" + field + "\" must be true or false, was " + node);
        }
        return node.booleanValue();
    }

    private static long epochMillisToNanos(JsonNode data, String field) {
        long millis = integer(data, field);
        if (millis <= 0 || millis > Long.MAX_VALUE / NANOS_PER_MILLI) {
            throw new MalformedMessageException("\"" + field + "\" must be epoch milliseconds, was " + millis);
        }
        return millis * NANOS_PER_MILLI;
    }
}
