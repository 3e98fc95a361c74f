package io.aquatrade.marketdata.binance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.MarketDataListener;
import io.aquatrade.common.QuoteTick;
import io.aquatrade.common.Side;
import io.aquatrade.common.TradeTick;

/**
 * Test fixture: the recorded Binance spot messages in {@code src/test/resources/binance} (see its README), and an
 * oracle that reads them independently of the code under test ({@code new BigDecimal(text)}, then
 * {@link FixedPoint#fromBigDecimal}).
 */
final class RecordedBinance {
    /** Binance BTCUSDT spot: tick size 0.01, lot step 0.00001 (as in August 2024). */
    static final Instrument BTCUSDT = new Instrument("BTCUSDT", "BTC", "USDT", 2, 5);
    /** Binance ETHUSDT spot: tick size 0.01, lot step 0.0001 (as in August 2024). */
    static final Instrument ETHUSDT = new Instrument("ETHUSDT", "ETH", "USDT", 2, 4);

    static final String BTCUSDT_FILE = "/binance/btcusdt_20240808-trade-bookticker-1500.gz";
    static final String ETHUSDT_FILE = "/binance/ethusdt_20240808-trade-bookticker-1500.gz";

    private static final ObjectMapper ORACLE = new ObjectMapper();

    private RecordedBinance() {
    }

    /** One recorded line: the recorder's receive time and the combined-stream JSON Binance sent. */
    record Line(long localTimeNs, String json) {
    }

    /** @return the lines of one resource file, in file order */
    static List<Line> lines(String resource) {
        List<Line> out = new ArrayList<>();
        try (InputStream raw = RecordedBinance.class.getResourceAsStream(resource)) {
            if (raw == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw),
                    StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                int space = line.indexOf(' ');
                out.add(new Line(Long.parseLong(line.substring(0, space)), line.substring(space + 1)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** @return the lines of both files merged by recorded receive time, as one connection carried them */
    static List<Line> mergedLines() {
        List<Line> all = new ArrayList<>(lines(BTCUSDT_FILE));
        all.addAll(lines(ETHUSDT_FILE));
        all.sort(Comparator.comparingLong(Line::localTimeNs)); // stable: equal times keep BTC before ETH
        return all;
    }

    /** @return the JSON messages of {@link #mergedLines()} */
    static List<String> mergedMessages() {
        List<String> out = new ArrayList<>();
        for (Line line : mergedLines()) {
            out.add(line.json());
        }
        return out;
    }

    /** A trade as the listener saw it (the tick object itself is reused). */
    record TradeRow(String instrument, long price, long quantity, Side aggressorSide, long tradeId, long eventTimeNs,
                    long receivedTimeNs) {
        static TradeRow of(TradeTick t) {
            return new TradeRow(t.instrument(), t.price(), t.quantity(), t.aggressorSide(), t.tradeId(),
                    t.eventTimeNs(), t.receivedTimeNs());
        }
    }

    /** A quote as the listener saw it. */
    record QuoteRow(String instrument, long bidPrice, long bidSize, long askPrice, long askSize, long eventTimeNs,
                    long receivedTimeNs) {
        static QuoteRow of(QuoteTick q) {
            return new QuoteRow(q.instrument(), q.bidPrice(), q.bidSize(), q.askPrice(), q.askSize(),
                    q.eventTimeNs(), q.receivedTimeNs());
        }
    }

    /**
     * The oracle: what one recorded message must become.
     *
     * @return a {@link TradeRow} or a {@link QuoteRow}
     */
    static Object expected(String json, long receivedTimeNs) {
        try {
            JsonNode root = ORACLE.readTree(json);
            String stream = root.get("stream").asText();
            JsonNode d = root.get("data");
            Instrument instrument = stream.startsWith("btcusdt@") ? BTCUSDT : ETHUSDT;
            int pd = instrument.priceDecimals();
            int sd = instrument.sizeDecimals();
            if (stream.endsWith("@trade")) {
                return new TradeRow(instrument.symbol(),
                        FixedPoint.fromBigDecimal(decimal(d, "p"), pd),
                        FixedPoint.fromBigDecimal(decimal(d, "q"), sd),
                        d.get("m").asBoolean() ? Side.SELL : Side.BUY,
                        d.get("t").asLong(),
                        d.get("T").asLong() * 1_000_000L,
                        receivedTimeNs);
            }
            return new QuoteRow(instrument.symbol(),
                    FixedPoint.fromBigDecimal(decimal(d, "b"), pd),
                    FixedPoint.fromBigDecimal(decimal(d, "B"), sd),
                    FixedPoint.fromBigDecimal(decimal(d, "a"), pd),
                    FixedPoint.fromBigDecimal(decimal(d, "A"), sd),
                    receivedTimeNs, receivedTimeNs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BigDecimal decimal(JsonNode data, String field) {
        return new BigDecimal(data.get(field).textValue());
    }

    /** @return {@link #expected} of each message, all received at {@code receivedTimeNs} */
    static List<Object> expected(List<String> messages, long receivedTimeNs) {
        List<Object> out = new ArrayList<>(messages.size());
        for (String m : messages) {
            out.add(expected(m, receivedTimeNs));
        }
        return out;
    }

    /** A listener that copies every tick it is given, in order. Single-threaded (the agent thread). */
    static final class Collector implements MarketDataListener {
        final List<Object> rows = new ArrayList<>();
        /** Indexes in {@link #rows} of the trades flagged {@link TradeTick#afterGap()}. */
        final List<Integer> afterGap = new ArrayList<>();

        @Override
        public void tradeTick(TradeTick tick) {
            if (tick.afterGap()) {
                afterGap.add(rows.size());
            }
            rows.add(TradeRow.of(tick));
        }

        @Override
        public void quoteTick(QuoteTick quote) {
            rows.add(QuoteRow.of(quote));
        }
    }
}
