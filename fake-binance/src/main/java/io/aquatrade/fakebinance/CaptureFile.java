package io.aquatrade.fakebinance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a Binance websocket capture (lines {@code <receive_time> <json>}, gzip'd or plain, as in
 * {@code shared/data/streams/binance-spot}) into the trades and book tickers of one symbol, in file (receive)
 * order. Depth diffs and REST snapshots are skipped; a line that does not parse is counted and skipped.
 * Receive times may be ns, µs or ms: the unit is told by the magnitude (epoch ns are above 1e17, µs above 1e14).
 *
 * <p>{@code common} has no capture reader (market-data's is its own, with validation this tool does not need), so
 * this small one lives here; it is read once at start-up, with BigDecimal values.
 */
public final class CaptureFile {
    private static final Logger LOG = LoggerFactory.getLogger(CaptureFile.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String symbol;
    private final List<MarketEvent> events;
    private final int skippedLines;

    private CaptureFile(String symbol, List<MarketEvent> events, int skippedLines) {
        this.symbol = symbol;
        this.events = List.copyOf(events);
        this.skippedLines = skippedLines;
    }

    /**
     * Reads a capture file.
     *
     * @param file   the capture, gzip'd when its name ends in {@code .gz}
     * @param symbol the Binance symbol to keep (e.g. {@code BTCUSDT}), or null for the symbol of the file's first
     *               trade or book ticker
     * @return its trades and book tickers in file order
     * @throws IOException              if the file cannot be read
     * @throws IllegalArgumentException if it holds no trade or no book ticker of the symbol
     */
    public static CaptureFile read(Path file, String symbol) throws IOException {
        List<MarketEvent> events = new ArrayList<>();
        int skipped = 0;
        int trades = 0;
        int quotes = 0;
        String wanted = symbol;
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                int space = line.indexOf(' ');
                if (space <= 0) {
                    skipped++;
                    continue;
                }
                try {
                    long receiveMs = toMs(Long.parseLong(line.substring(0, space)));
                    JsonNode root = JSON.readTree(line.substring(space + 1));
                    JsonNode stream = root.get("stream");
                    JsonNode data = root.get("data");
                    if (stream == null || data == null) {
                        continue; // a REST snapshot or another message: not market events
                    }
                    String name = stream.asText();
                    boolean trade = name.endsWith("@trade");
                    boolean quote = name.endsWith("@bookTicker");
                    if (!trade && !quote) {
                        continue;
                    }
                    String s = data.get("s").asText();
                    if (wanted == null) {
                        wanted = s;
                    }
                    if (!s.equals(wanted)) {
                        continue;
                    }
                    if (trade) {
                        events.add(new MarketEvent(receiveMs, new MarketEvent.Trade(data.get("T").asLong(),
                                data.get("t").asLong(), new BigDecimal(data.get("p").asText()),
                                new BigDecimal(data.get("q").asText()), data.get("m").asBoolean()), null));
                        trades++;
                    } else {
                        events.add(new MarketEvent(receiveMs, null, new MarketEvent.Quote(
                                new BigDecimal(data.get("b").asText()), new BigDecimal(data.get("B").asText()),
                                new BigDecimal(data.get("a").asText()), new BigDecimal(data.get("A").asText()))));
                        quotes++;
                    }
                } catch (RuntimeException | IOException e) {
                    skipped++;
                }
            }
        }
        if (trades == 0 || quotes == 0) {
            throw new IllegalArgumentException(file + ": no trades and book tickers"
                    + (wanted == null ? "" : " of " + wanted) + " (" + trades + " trades, " + quotes + " quotes)");
        }
        LOG.info("{}: {} trades and {} book tickers of {}, {} lines skipped", file, trades, quotes, wanted, skipped);
        return new CaptureFile(wanted, events, skipped);
    }

    private static long toMs(long receiveTime) {
        if (receiveTime > 100_000_000_000_000_000L) {
            return receiveTime / 1_000_000L;
        }
        if (receiveTime > 100_000_000_000_000L) {
            return receiveTime / 1_000L;
        }
        return receiveTime;
    }

    /** @return the Binance symbol of the events */
    public String symbol() {
        return symbol;
    }

    /** @return trades and book tickers in file order, immutable */
    public List<MarketEvent> events() {
        return events;
    }

    /** @return lines that did not parse */
    public int skippedLines() {
        return skippedLines;
    }
}
