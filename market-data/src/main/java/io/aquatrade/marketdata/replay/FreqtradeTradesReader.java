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
 * <p>Records are numbered from 1 in file order. A syntax error in the JSON ends the file (logged, counted once).
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

    /**
     * @param file       the file, for messages
     * @param instrument the instrument every record belongs to
     * @param in         the (decompressed) content; closed by {@link #close()}
     * @throws IOException if the parser cannot be created
     */
    public FreqtradeTradesReader(ReplayFile file, Instrument instrument, InputStream in) throws IOException {
        super(file);
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
                return false;
            }
            if (t == null) {
                throw new EOFException("the JSON array is not closed");
            }
            record++;
            clear();
            String problem;
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
                malformed(position(), problem);
            } else if (tradeReady()) {
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
    }

    private String readRow() throws IOException {
        int index = 0;
        JsonToken t;
        while ((t = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) {
                throw new EOFException("record not closed");
            }
            switch (index) {
                case 0 -> copyScalar(t, timestamp);
                case 1 -> copyScalar(t, id);
                case 3 -> copyScalar(t, side);
                case 4 -> copyScalar(t, price);
                case 5 -> copyScalar(t, amount);
                default -> parser.skipChildren();
            }
            index++;
        }
        return index < 6 ? "a row needs [timestamp, id, type, side, price, amount, ...], had " + index + " values"
                : null;
    }

    private String readObject() throws IOException {
        JsonToken t;
        while ((t = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (name) {
                case "timestamp" -> copyScalar(value, timestamp);
                case "id" -> copyScalar(value, id);
                case "side" -> copyScalar(value, side);
                case "price" -> copyScalar(value, price);
                case "amount" -> copyScalar(value, amount);
                default -> parser.skipChildren();
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw new EOFException("record not closed");
        }
        return null;
    }

    /** Copies a string or number value's text (numbers exactly as written); leaves {@code to} empty otherwise. */
    private void copyScalar(JsonToken t, StringBuilder to) throws IOException {
        if (t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            to.append(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
        } else {
            parser.skipChildren();
        }
    }

    private String buildTrade() {
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
