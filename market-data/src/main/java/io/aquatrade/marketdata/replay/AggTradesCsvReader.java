package io.aquatrade.marketdata.replay;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.Side;
import io.aquatrade.marketdata.TickValidator;
import io.aquatrade.marketdata.TickValidator.Reason;

/**
 * Reads Binance's public aggTrades dumps (data.binance.vision, {@link ReplayFormat#BINANCE_AGGTRADES_CSV}):
 * {@code agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker,is_best_match}.
 *
 * <p>A first line that does not start with a digit is a header and is skipped. {@code transact_time} is in
 * milliseconds in older dumps and in microseconds in newer ones (spot, from 2025): a value of 10^14 or more cannot
 * be a millisecond time (that is the year 5138) and is read as microseconds; the unit found is logged once per file.
 * {@code is_buyer_maker} true means the taker sold, so the aggressor is {@link Side#SELL}. The trade id is the
 * aggregate trade id; the receive time is unknown (0). Lines are numbered from 1, header included. A line with more
 * than 8 columns is rejected ({@link Reason#SYNTAX}), as is a number that is not a plain decimal.
 *
 * <p>Allocation-free per line.
 */
public final class AggTradesCsvReader extends TickFileReader {
    /** Times at or above this are microseconds, below it milliseconds. */
    static final long MICROS_THRESHOLD = 100_000_000_000_000L;
    private static final int COLUMNS = 8;

    private final Instrument instrument;
    private final TextLines lines;
    private final int[] starts = new int[COLUMNS];
    private final int[] ends = new int[COLUMNS];
    private boolean sawMillis;
    private boolean sawMicros;
    private Reason reason;

    /**
     * @param file       the file, for messages
     * @param instrument the instrument every line belongs to
     * @param in         the (decompressed) content; closed by {@link #close()}
     */
    public AggTradesCsvReader(ReplayFile file, Instrument instrument, InputStream in) {
        this(file, instrument, in, TickValidator.Limits.DEFAULT);
    }

    /**
     * @param file       the file, for messages
     * @param instrument the instrument every line belongs to
     * @param in         the (decompressed) content; closed by {@link #close()}
     * @param limits     the validator's limits
     */
    public AggTradesCsvReader(ReplayFile file, Instrument instrument, InputStream in, TickValidator.Limits limits) {
        super(file, java.util.List.of(instrument), limits);
        this.instrument = instrument;
        this.lines = new TextLines(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    @Override
    protected boolean readNext() throws IOException {
        while (lines.next()) {
            if (lines.tooLong()) {
                malformed(Reason.SYNTAX, "line longer than " + TextLines.MAX_LINE_CHARS + " characters: skipped");
                continue;
            }
            if (lines.isBlank()) {
                continue;
            }
            if (lines.lineNumber() == 1 && !Character.isDigit(lines.charAt(0))) {
                continue;
            }
            String problem = parseLine();
            if (problem != null) {
                malformed(reason, problem + ": '" + lines + "'");
            } else if (tradeReady(instrument)) {
                return true;
            }
        }
        return false;
    }

    private String parseLine() {
        int n = split();
        reason = Reason.SYNTAX;
        if (n > COLUMNS) {
            return "more than " + COLUMNS + " columns";
        }
        if (n < 7) {
            reason = Reason.MISSING_FIELD;
            return "expected 8 columns (agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,"
                    + "is_buyer_maker,is_best_match), found " + n;
        }
        String column = "agg_trade_id";
        try {
            long aggTradeId = Long.parseLong(lines, starts[0], ends[0], 10);
            column = "price";
            long price = FixedPoint.parse(lines, starts[1], ends[1], instrument.priceDecimals());
            column = "quantity";
            long quantity = FixedPoint.parse(lines, starts[2], ends[2], instrument.sizeDecimals());
            column = "transact_time";
            long time = Long.parseLong(lines, starts[5], ends[5], 10);
            long eventTimeNs;
            if (time >= MICROS_THRESHOLD) {
                if (!sawMicros) {
                    sawMicros = true;
                    note("transact_time is in microseconds (" + time + " at " + position()
                            + " is too large for milliseconds)");
                }
                eventTimeNs = Math.multiplyExact(time, 1_000L);
            } else {
                if (!sawMillis) {
                    sawMillis = true;
                    note("transact_time is in milliseconds (" + time + " at " + position() + ")");
                }
                eventTimeNs = Math.multiplyExact(time, 1_000_000L);
            }
            column = "is_buyer_maker";
            Side aggressor;
            if (equalsIgnoreCase(lines, starts[6], ends[6], "true")) {
                aggressor = Side.SELL;
            } else if (equalsIgnoreCase(lines, starts[6], ends[6], "false")) {
                aggressor = Side.BUY;
            } else {
                reason = Reason.WRONG_TYPE;
                return "is_buyer_maker must be true or false";
            }
            trade.reset();
            trade.instrument(instrument.symbol())
                    .price(price)
                    .quantity(quantity)
                    .aggressorSide(aggressor)
                    .tradeId(aggTradeId)
                    .eventTimeNs(eventTimeNs)
                    .receivedTimeNs(0);
            return null;
        } catch (NumberFormatException | ArithmeticException e) {
            // Which parse failed is known by the column; why, from its text (ids and times are plain longs).
            reason = e instanceof ArithmeticException ? Reason.OUT_OF_RANGE : switch (column) {
                case "price" -> Reason.ofDecimal(lines, starts[1], ends[1], instrument.priceDecimals(), false);
                case "quantity" -> Reason.ofDecimal(lines, starts[2], ends[2], instrument.sizeDecimals(), false);
                default -> Reason.NOT_A_NUMBER;
            };
            return column + ": " + e.getMessage();
        }
    }

    /** Splits the current line at commas into {@link #starts}/{@link #ends}; @return the number of columns */
    private int split() {
        int n = 0;
        int start = 0;
        int length = lines.length();
        while (n < COLUMNS) {
            int comma = lines.indexOf(',', start);
            int end = comma < 0 ? length : comma;
            starts[n] = start;
            ends[n] = end;
            n++;
            if (comma < 0) {
                return n;
            }
            start = comma + 1;
        }
        return n + 1; // a comma after the last column: more columns than expected
    }

    @Override
    protected String position() {
        return "line " + lines.lineNumber();
    }

    @Override
    public void close() {
        try {
            lines.close();
        } catch (IOException e) {
            // closing a read-only file: nothing to recover
        }
    }
}
