package io.aquatrade.marketdata.replay;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.Side;
import io.aquatrade.marketdata.TickValidator;
import io.aquatrade.marketdata.TickValidator.Reason;

/**
 * Reads freqtrade's trade list ({@link ReplayFormat#FREQTRADE_TRADES}), streaming it with Jackson's token parser.
 *
 * <p>The file is one JSON array. Each element is either a row {@code [timestamp_ms, id, type, side, price, amount,
 * cost]} (freqtrade's current format) or a ccxt trade object with the keys {@code timestamp}, {@code id},
 * {@code side}, {@code price}, {@code amount} and others that are ignored ({@code info}, {@code datetime},
 * {@code cost}...; freqtrade's older format). {@code side} is the taker side, so it maps straight to
 * {@link io.aquatrade.common.TradeTick#aggressorSide()}. Numbers are read from their JSON text, never through
 * {@code double}: price and amount must fit the instrument's decimals exactly. The receive time is unknown (0).
 *
 * <p>Records are numbered from 1 in file order. A syntax error in the JSON, or anything after the array, ends the
 * file (logged, counted once). A record that gives one of the five fields twice is rejected
 * ({@link Reason#DUPLICATE_KEY}), one whose field has the wrong JSON type ({@link Reason#WRONG_TYPE}) or lacks one
 * ({@link Reason#MISSING_FIELD}) likewise. Numbers may use an exponent ({@code 1e-05}, as JSON writers do for small
 * floats) of at most two digits.
 */
public final class FreqtradeTradesReader extends TickFileReader {
    private static final JsonFactory JSON = new JsonFactory();

    private final Instrument instrument;
    private final JsonParser parser;
    private final StringBuilder timestamp = new StringBuilder(24);
    private final StringBuilder id = new StringBuilder(24);
    private final StringBuilder side = new StringBuilder(8);
    private final StringBuilder price = new StringBuilder(32);
    private final StringBuilder amount = new StringBuilder(32);
    private boolean started;
    private long record;
    /** Bits of the object keys seen in the current record; a second one is a duplicate key. */
    private int seen;
    private Reason reason;

    /**
     * @param file       the file, for messages
     * @param instrument the instrument every record belongs to
     * @param in         the (decompressed) content; closed by {@link #close()}
     * @throws IOException if the parser cannot be created
     */
    public FreqtradeTradesReader(ReplayFile file, Instrument instrument, InputStream in) throws IOException {
        this(file, instrument, in, TickValidator.Limits.DEFAULT);
    }

    /**
     * @param file       the file, for messages
     * @param instrument the instrument every record belongs to
     * @param in         the (decompressed) content; closed by {@link #close()}
     * @param limits     the validator's limits
     * @throws IOException if the parser cannot be created
     */
    public FreqtradeTradesReader(ReplayFile file, Instrument instrument, InputStream in, TickValidator.Limits limits)
            throws IOException {
        super(file, java.util.List.of(instrument), limits);
        this.instrument = instrument;
        this.parser = JSON.createParser(in);
    }

    @Override
    protected boolean readNext() throws IOException {
        if (!started) {
            started = true;
            JsonToken first = parser.nextToken();
            if (first == null) {
                return false;
            }
            if (first != JsonToken.START_ARRAY) {
                throw new IOException("not a JSON array of trades: starts with " + first);
            }
        }
        while (true) {
            JsonToken t = parser.nextToken();
            if (t == JsonToken.END_ARRAY) {
                if (parser.nextToken() != null) {
                    throw new IOException("content after the closing ']' of the trade list");
                }
                return false;
            }
            if (t == null) {
                throw new EOFException("the JSON array is not closed");
            }
            record++;
            clear();
            String problem;
            reason = Reason.SYNTAX;
            if (t == JsonToken.START_ARRAY) {
                problem = readRow();
            } else if (t == JsonToken.START_OBJECT) {
                problem = readObject();
            } else {
                parser.skipChildren();
                problem = "neither a row nor a trade object";
            }
            if (problem == null) {
                problem = buildTrade();
            }
            if (problem != null) {
                malformed(reason, problem);
            } else if (tradeReady(instrument)) {
                return true;
            }
        }
    }

    private void clear() {
        timestamp.setLength(0);
        id.setLength(0);
        side.setLength(0);
        price.setLength(0);
        amount.setLength(0);
        seen = 0;
        wrongType = null;
    }

    /** The first field of the current record that had the wrong JSON type, or null. */
    private String wrongType;

    private String readRow() throws IOException {
        int index = 0;
        JsonToken t;
        while ((t = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) {
                throw new EOFException("record not closed");
            }
            switch (index) {
                case 0 -> copyScalar(t, "timestamp", timestamp);
                case 1 -> copyScalar(t, "id", id);
                case 3 -> copyScalar(t, "side", side);
                case 4 -> copyScalar(t, "price", price);
                case 5 -> copyScalar(t, "amount", amount);
                default -> parser.skipChildren();
            }
            index++;
        }
        if (index < 6) {
            reason = Reason.MISSING_FIELD;
            return "a row needs [timestamp, id, type, side, price, amount, ...], had " + index + " values";
        }
        return null;
    }

    private String readObject() throws IOException {
        String duplicate = null;
        JsonToken t;
        while ((t = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            int bit = switch (name) {
                case "timestamp" -> 1;
                case "id" -> 2;
                case "side" -> 4;
                case "price" -> 8;
                case "amount" -> 16;
                default -> 0;
            };
            if ((seen & bit) != 0) {
                parser.skipChildren();
                duplicate = duplicate == null ? name : duplicate;
                continue;
            }
            seen |= bit;
            switch (name) {
                case "timestamp" -> copyScalar(value, "timestamp", timestamp);
                case "id" -> copyScalar(value, "id", id);
                case "side" -> copyScalar(value, "side", side);
                case "price" -> copyScalar(value, "price", price);
                case "amount" -> copyScalar(value, "amount", amount);
                default -> parser.skipChildren();
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw new EOFException("record not closed");
        }
        if (duplicate != null) {
            reason = Reason.DUPLICATE_KEY;
            return "key '" + duplicate + "' given twice";
        }
        return null;
    }

    /**
     * Copies a string or number value's text (numbers exactly as written); leaves {@code to} empty otherwise, and
     * notes {@code field} as the record's first of the wrong type unless the value is null. The field is passed
     * in: inside a row array the parser has no current name.
     */
    private void copyScalar(JsonToken t, String field, StringBuilder to) throws IOException {
        if (t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            to.append(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
        } else {
            if (t != JsonToken.VALUE_NULL && wrongType == null) {
                wrongType = field;
            }
            parser.skipChildren();
        }
    }

    private String buildTrade() {
        if (wrongType != null) {
            reason = Reason.WRONG_TYPE;
            return "'" + wrongType + "' has the wrong JSON type";
        }
        String empty = timestamp.length() == 0 ? "timestamp" : id.length() == 0 ? "id" : side.length() == 0 ? "side"
                : price.length() == 0 ? "price" : amount.length() == 0 ? "amount" : null;
        if (empty != null) {
            reason = Reason.MISSING_FIELD;
            return "no " + empty;
        }
        String field = "timestamp";
        try {
            long timestampMs = parseDecimal(timestamp, 0);
            field = "id";
            long tradeId = Long.parseLong(id, 0, id.length(), 10);
            field = "side";
            Side aggressor;
            if (equalsIgnoreCase(side, 0, side.length(), "buy")) {
                aggressor = Side.BUY;
            } else if (equalsIgnoreCase(side, 0, side.length(), "sell")) {
                aggressor = Side.SELL;
            } else {
                reason = Reason.WRONG_TYPE;
                return "side must be buy or sell, was '" + side + "'";
            }
            field = "price";
            long p = parseDecimal(price, instrument.priceDecimals());
            field = "amount";
            long q = parseDecimal(amount, instrument.sizeDecimals());
            field = "timestamp";
            long eventTimeNs = Math.multiplyExact(timestampMs, 1_000_000L);
            trade.reset();
            trade.instrument(instrument.symbol())
                    .price(p)
                    .quantity(q)
                    .aggressorSide(aggressor)
                    .tradeId(tradeId)
                    .eventTimeNs(eventTimeNs)
                    .receivedTimeNs(0);
            return null;
        } catch (NumberFormatException | ArithmeticException e) {
            // Which parse failed is known by the field; why, from its text (an id is a plain long: not a number).
            reason = e instanceof ArithmeticException ? Reason.OUT_OF_RANGE : switch (field) {
                case "timestamp" -> Reason.ofDecimal(timestamp, 0, timestamp.length(), 0, true);
                case "price" -> Reason.ofDecimal(price, 0, price.length(), instrument.priceDecimals(), true);
                case "amount" -> Reason.ofDecimal(amount, 0, amount.length(), instrument.sizeDecimals(), true);
                default -> Reason.NOT_A_NUMBER;
            };
            return field + ": " + (e.getMessage() == null ? e.toString() : e.getMessage())
                    + (field.equals("price") || field.equals("amount") ? " (instrument " + instrument.symbol()
                    + " has " + instrument.priceDecimals() + " price and " + instrument.sizeDecimals()
                    + " size decimals)" : "");
        }
    }

    @Override
    protected String position() {
        JsonLocation at = parser.currentLocation();
        return "record " + record + " (ending at line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }

    @Override
    public void close() {
        try {
            parser.close();
        } catch (IOException e) {
            // closing a read-only file: nothing to recover
        }
    }
}
