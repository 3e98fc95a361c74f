package io.aquatrade.marketdata.binance;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Strict JSON for Binance's combined-stream messages ({@code {"stream":"btcusdt@trade","data":{...}}}): the one
 * implementation of the rules that the live source ({@code BinanceStreamAdapters}) and the replay of a capture
 * ({@link io.aquatrade.marketdata.replay.BinanceCaptureReader}) both apply, so that the two paths accept and reject
 * the same messages for the same reasons.
 * <ul>
 *   <li>the JSON type of every payload field ({@link #hasType});</li>
 *   <li>no key twice in an object, at any depth ({@link FieldNames}, {@link #skipValue}): a key given twice is
 *       reported as a {@link DuplicateKeyException}, so callers tell it from other syntax errors by its type, not
 *       by the wording of a message;</li>
 *   <li>nothing after the message's JSON value ({@link #readDocument});</li>
 *   <li>plain JSON: no NaN or Infinity literals, comments or single quotes ({@link #FACTORY}, Jackson's defaults).</li>
 * </ul>
 */
public final class BinanceJson {
    /**
     * Makes the parsers: Jackson's strict defaults. Duplicate keys are found by {@link FieldNames}, not by Jackson's
     * {@code STRICT_DUPLICATE_DETECTION}, which reports them as a plain {@link JsonParseException}. Thread-safe.
     */
    public static final JsonFactory FACTORY = JsonFactory.builder().build();

    private BinanceJson() {
    }

    /** A JSON object that gives a key twice, such as {@code "p":"1","p":"61800.00"}. */
    public static final class DuplicateKeyException extends JsonParseException {
        private static final long serialVersionUID = 1L;

        DuplicateKeyException(JsonParser p, String name) {
            super(p, "Duplicate field '" + name + "'");
        }
    }

    /**
     * The type each field of a {@code trade}, {@code aggTrade} or {@code bookTicker} payload must have, after
     * Binance's "WebSocket Streams for Binance" documentation: {@code e}, {@code s} and the decimals
     * {@code p q b B A} strings (decimals are strings so that they stay exact); {@code E T t u} integers that fit a
     * {@code long}; {@code m} a boolean; {@code a} an integer (aggTrade id) or a string (bookTicker ask). Other
     * fields may have any type.
     *
     * @param field    the field's name
     * @param value    the token of its value
     * @param fitsLong for an integer token: whether it fits a {@code long}
     * @return true if the value has the field's type
     */
    public static boolean hasType(String field, JsonToken value, boolean fitsLong) {
        boolean integer = value == JsonToken.VALUE_NUMBER_INT && fitsLong;
        return switch (field) {
            case "e", "s", "p", "q", "b", "B", "A" -> value == JsonToken.VALUE_STRING;
            case "E", "T", "t", "u" -> integer;
            case "m" -> value == JsonToken.VALUE_TRUE || value == JsonToken.VALUE_FALSE;
            case "a" -> value == JsonToken.VALUE_STRING || integer;
            default -> true;
        };
    }

    /**
     * @return for the integer token the parser is at, whether it fits a {@code long}
     * @throws IOException if the parser cannot tell
     */
    public static boolean fitsLong(JsonParser p) throws IOException {
        return p.getNumberType() != JsonParser.NumberType.BIG_INTEGER;
    }

    /**
     * The names of one JSON object's fields read so far, to find a key given twice. Reused from object to object
     * ({@link #clear}); allocates only when an object has more fields than any before. Names are compared by
     * content. Not thread-safe.
     */
    public static final class FieldNames {
        private String[] names = new String[16];
        private int size;

        /** Starts a new object. */
        public void clear() {
            size = 0;
        }

        /**
         * Notes the field name the parser is at.
         *
         * @throws DuplicateKeyException if the object gave that name before
         */
        public void add(JsonParser p) throws IOException {
            String name = p.currentName();
            for (int i = 0; i < size; i++) {
                if (names[i].equals(name)) {
                    throw new DuplicateKeyException(p, name);
                }
            }
            if (size == names.length) {
                names = java.util.Arrays.copyOf(names, size * 2);
            }
            names[size++] = name;
        }
    }

    /**
     * Skips the value the parser is at (a scalar, or an object or array with everything in it), checking every
     * object in it for duplicate keys. Allocates one {@link FieldNames} per nested object (Binance's tick payloads
     * have none).
     *
     * @throws DuplicateKeyException if an object in it gives a key twice
     * @throws IOException           if it is not JSON (truncated, garbage)
     */
    public static void skipValue(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            FieldNames names = new FieldNames();
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                names.add(p);
                p.nextToken();
                skipValue(p);
            }
            if (t != JsonToken.END_OBJECT) {
                throw new JsonParseException(p, "object not closed");
            }
        } else if (t == JsonToken.START_ARRAY) {
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == null) {
                    throw new JsonParseException(p, "array not closed");
                }
                skipValue(p);
            }
        }
    }

    /**
     * Reads a whole message: one JSON value and nothing after it, checking every object for duplicate keys.
     *
     * @param p a parser positioned before the message
     * @throws DuplicateKeyException if an object gives a key twice
     * @throws IOException           if it is not one JSON value (empty, truncated, garbage, anything after it)
     */
    public static void readDocument(JsonParser p) throws IOException {
        if (p.nextToken() == null) {
            throw new JsonParseException(p, "no JSON value");
        }
        skipValue(p);
        if (p.nextToken() != null) {
            throw new JsonParseException(p, "trailing content after the JSON value");
        }
    }
}
