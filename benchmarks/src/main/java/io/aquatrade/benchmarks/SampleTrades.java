package io.aquatrade.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.Side;
import io.aquatrade.common.TradeTick;
import io.aquatrade.marketdata.replay.ReplayFile;
import io.aquatrade.marketdata.replay.ReplayFormat;
import io.aquatrade.marketdata.replay.TickFileReader;

/**
 * The repository's sample trades ({@code data/sample/XRP_ETH-trades.json.gz}: 12,477 real Binance XRP/ETH aggregate
 * trades, see {@code data/sample/README.md}) held column by column, read once with market-data's own replay reader
 * and the instrument of {@code config/aquatrade.yaml}. The JMH benchmark replays them from these columns into one
 * reused {@link TradeTick}, as a market-data reader does.
 *
 * <p>Immutable after loading.
 */
public final class SampleTrades {
    /** Trades in the sample file. */
    public static final int COUNT = 12_477;
    /** The sample's instrument. */
    public static final String SYMBOL = "XRPETH";

    private final Instrument instrument;
    private final long[] eventTimeNs;
    private final long[] price;
    private final long[] quantity;
    private final Side[] aggressorSide;
    private final long[] tradeId;

    private SampleTrades(Instrument instrument, long[] eventTimeNs, long[] price, long[] quantity,
                         Side[] aggressorSide, long[] tradeId) {
        this.instrument = instrument;
        this.eventTimeNs = eventTimeNs;
        this.price = price;
        this.quantity = quantity;
        this.aggressorSide = aggressorSide;
        this.tradeId = tradeId;
    }

    /**
     * The project root: the system property {@code aquatrade.root} if it names a directory holding
     * {@code data/sample}, else the nearest directory at or above the working directory that holds it.
     *
     * @return the root directory
     * @throws IllegalStateException if none is found
     */
    public static Path projectRoot() {
        String property = System.getProperty("aquatrade.root");
        if (property != null && Files.isDirectory(Path.of(property, "data", "sample"))) {
            return Path.of(property);
        }
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            if (Files.isDirectory(p.resolve("data").resolve("sample"))) {
                return p;
            }
            p = p.getParent();
        }
        throw new IllegalStateException("cannot find data/sample at or above " + Path.of("").toAbsolutePath()
                + ": run from the project root or pass -Daquatrade.root=DIR");
    }

    /**
     * Reads the sample under a project root.
     *
     * @param root the project root (see {@link #projectRoot()})
     * @return all {@value #COUNT} trades, in file (= event time) order
     * @throws IllegalStateException if the file does not hold exactly {@value #COUNT} valid trades
     */
    public static SampleTrades load(Path root) {
        AquatradeConfig config = AquatradeConfig.load(root.resolve("config").resolve("aquatrade.yaml"));
        Instrument instrument = config.instrument(SYMBOL);
        Path path = root.resolve("data").resolve("sample").resolve("XRP_ETH-trades.json.gz");
        long[] t = new long[COUNT];
        long[] p = new long[COUNT];
        long[] q = new long[COUNT];
        Side[] s = new Side[COUNT];
        long[] id = new long[COUNT];
        int n = 0;
        try (TickFileReader reader = TickFileReader.open(new ReplayFile(path, ReplayFormat.FREQTRADE_TRADES, SYMBOL),
                List.of(instrument))) {
            while (reader.next()) {
                if (reader.isQuote()) {
                    continue;
                }
                if (n == COUNT) {
                    throw new IllegalStateException(path + " holds more than " + COUNT + " trades");
                }
                TradeTick trade = reader.trade();
                t[n] = trade.eventTimeNs();
                p[n] = trade.price();
                q[n] = trade.quantity();
                s[n] = trade.aggressorSide();
                id[n] = trade.tradeId();
                n++;
            }
            if (n != COUNT || reader.malformedCount() != 0) {
                throw new IllegalStateException(path + ": expected " + COUNT + " valid trades, read " + n + " and "
                        + reader.malformedCount() + " malformed");
            }
        }
        return new SampleTrades(instrument, t, p, q, s, id);
    }

    /** @return the instrument (decimals from the project config) */
    public Instrument instrument() {
        return instrument;
    }

    /** @return number of trades, {@value #COUNT} */
    public int size() {
        return eventTimeNs.length;
    }

    /** @return trade times, UTC epoch ns (a copy) */
    public long[] eventTimeNs() {
        return Arrays.copyOf(eventTimeNs, eventTimeNs.length);
    }

    /** @return price mantissas (a copy) */
    public long[] price() {
        return Arrays.copyOf(price, price.length);
    }

    /** @return quantity mantissas (a copy) */
    public long[] quantity() {
        return Arrays.copyOf(quantity, quantity.length);
    }

    /** @return taker sides (a copy) */
    public Side[] aggressorSide() {
        return Arrays.copyOf(aggressorSide, aggressorSide.length);
    }

    /** @return venue trade ids (a copy) */
    public long[] tradeId() {
        return Arrays.copyOf(tradeId, tradeId.length);
    }
}
