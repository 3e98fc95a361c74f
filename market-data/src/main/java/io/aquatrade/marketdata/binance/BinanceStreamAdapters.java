package io.aquatrade.marketdata.binance;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import info.bitrich.xchangestream.binance.BinanceSubscriptionType;
import io.aquatrade.common.ConfigException;
import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.Side;
import io.aquatrade.marketdata.TickValidator.Reason;
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
 * <p>Strict, exactly as the replay of a capture ({@code BinanceCaptureReader}) is, by the same rules
 * ({@link BinanceJson}): a key given twice
 * ({@code "p":"1","p":"61800.00"}), anything after the JSON object, a stream whose payload names another symbol or
 * event type, a price that is not a decimal string, are rejected. Values are only converted here; whether they are
 * plausible (positive, in time, not a duplicate, not a jump) is the {@link io.aquatrade.marketdata.TickValidator}'s
 * call, on the agent thread.
 *
 * <p>All methods are thread-safe. Conversion failures throw {@link MalformedMessageException} naming the field and
 * the {@link Reason}.
 */
final class BinanceStreamAdapters {
    /** Builds the tree of a message {@link BinanceJson#readDocument} has checked. */
    private static final JsonMapper JSON = new JsonMapper(BinanceJson.FACTORY);
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
        try (JsonParser p = BinanceJson.FACTORY.createParser(text)) {
            BinanceJson.readDocument(p); // strict, as the capture reader: then the tree of a valid document
            root = JSON.readTree(text);
        } catch (BinanceJson.DuplicateKeyException e) {
            throw new MalformedMessageException(Reason.DUPLICATE_KEY, e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new MalformedMessageException(Reason.SYNTAX, "not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new MalformedMessageException(Reason.SYNTAX, "not JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new MalformedMessageException(Reason.SYNTAX, "not a JSON object");
        }
        JsonNode stream = root.get("stream");
        if (stream == null) {
            if (root.has("result") && root.has("id")) {
                return null;
            }
            if (root.has("code") && root.has("msg")) {
                throw new MalformedMessageException(Reason.SYNTAX, "error from Binance: code " + root.get("code") + ", msg "
                        + root.get("msg"));
            }
            throw new MalformedMessageException(Reason.MISSING_FIELD, "no \"stream\" field");
        }
        Route route = stream.isTextual() ? routes.get(stream.textValue()) : null;
        if (route == null) {
            throw new MalformedMessageException(Reason.MISMATCH, "\"stream\" " + stream
                    + " is not a subscribed stream");
        }
        JsonNode data = root.get("data");
        if (data == null) {
            throw new MalformedMessageException(Reason.MISSING_FIELD, "no \"data\" field");
        }
        if (!data.isObject()) {
            throw new MalformedMessageException(Reason.WRONG_TYPE, "\"data\" must be an object, was " + data);
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
        checkTypes(data);
        checkSymbol(data, instrument);
        checkEvent(data, "trade");
        long price = decimal(data, "p", instrument.priceDecimals());
        long quantity = decimal(data, "q", instrument.sizeDecimals());
        long tradeId = integer(data, "t");
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
        checkTypes(data);
        checkSymbol(data, instrument);
        checkEvent(data, "bookTicker");
        long bidPrice = decimal(data, "b", instrument.priceDecimals());
        long bidSize = decimal(data, "B", instrument.sizeDecimals());
        long askPrice = decimal(data, "a", instrument.priceDecimals());
        long askSize = decimal(data, "A", instrument.sizeDecimals());
        long updateId = data.has("u") ? integer(data, "u") : -1;
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

    /** Applies {@link BinanceJson#hasType}, the type rules the capture reader applies too, to every field. */
    private static void checkTypes(JsonNode data) {
        for (Map.Entry<String, JsonNode> field : data.properties()) {
            JsonNode v = field.getValue();
            if (!BinanceJson.hasType(field.getKey(), v.asToken(), v.canConvertToLong())) {
                throw new MalformedMessageException(Reason.WRONG_TYPE, "\"" + field.getKey()
                        + "\" has the wrong JSON type: " + v);
            }
        }
    }

    private static void checkSymbol(JsonNode data, Instrument instrument) {
        JsonNode symbol = data.get("s");
        if (symbol == null) {
            throw new MalformedMessageException(Reason.MISSING_FIELD, "no symbol \"s\"");
        }
        if (!instrument.symbol().equalsIgnoreCase(symbol.textValue())) {
            throw new MalformedMessageException(Reason.MISMATCH, "stream of " + instrument.symbol()
                    + " carries \"s\":" + symbol);
        }
    }

    private static void checkEvent(JsonNode data, String expected) {
        JsonNode eventType = data.get("e");
        if (eventType != null && !expected.equals(eventType.textValue())) {
            throw new MalformedMessageException(Reason.MISMATCH, expected + " stream carries \"e\":" + eventType);
        }
    }

    private static long decimal(JsonNode data, String field, int decimals) {
        JsonNode node = data.get(field);
        if (node == null) {
            throw new MalformedMessageException(Reason.MISSING_FIELD, "no \"" + field + "\"");
        }
        String text = node.textValue();
        try {
            return FixedPoint.parse(text, decimals);
        } catch (NumberFormatException e) {
            throw new MalformedMessageException(Reason.ofDecimal(text, 0, text.length(), decimals, false),
                    "\"" + field + "\": " + e.getMessage());
        }
    }

    private static long integer(JsonNode data, String field) {
        JsonNode node = data.get(field);
        if (node == null) {
            throw new MalformedMessageException(Reason.MISSING_FIELD, "no \"" + field + "\"");
        }
        return node.longValue();
    }

    private static boolean bool(JsonNode data, String field) {
        JsonNode node = data.get(field);
        if (node == null) {
            throw new MalformedMessageException(Reason.MISSING_FIELD, "no \"" + field + "\"");
        }
        return node.booleanValue();
    }

    /** @return epoch ms as ns; a value that does not fit is out of range, a non-positive one left to the validator */
    private static long epochMillisToNanos(JsonNode data, String field) {
        long millis = integer(data, field);
        if (millis > Long.MAX_VALUE / NANOS_PER_MILLI || millis < Long.MIN_VALUE / NANOS_PER_MILLI) {
            throw new MalformedMessageException(Reason.OUT_OF_RANGE, "\"" + field + "\" " + millis
                    + " ms does not fit epoch nanoseconds");
        }
        return millis * NANOS_PER_MILLI;
    }
}
