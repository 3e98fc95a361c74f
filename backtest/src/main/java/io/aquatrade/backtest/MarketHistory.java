package io.aquatrade.backtest;

import java.nio.file.Path;
import java.util.List;

import io.aquatrade.common.AquatradeConfig;

/**
 * Recorded market history loaded once into memory, immutable and safe to share between backtests running in
 * parallel: trade and quote ticks (from any format market-data replays) or bars (1m/5m candle files), in event-time
 * order. SKELETON: the signatures are the contract; the bodies are being written.
 */
public final class MarketHistory {
    private MarketHistory() {
    }

    /**
     * One input file.
     *
     * @param path   the file
     * @param format a market-data replay format name ({@code freqtrade-trades}, {@code binance-aggtrades-csv},
     *               {@code binance-capture}) or a bar format ({@code freqtrade-ohlcv}, {@code binance-klines-csv})
     * @param symbol instrument symbol, for formats that do not carry it
     */
    public record Input(Path path, String format, String symbol) {
    }

    /**
     * Loads and merges the inputs by event time.
     *
     * @throws io.aquatrade.common.ConfigException naming the input if a file, format or symbol is wrong
     */
    public static MarketHistory load(AquatradeConfig config, List<Input> inputs) {
        throw new UnsupportedOperationException("being written");
    }

    /** @return event time of the first record, UTC epoch ns */
    public long firstTimeNs() {
        throw new UnsupportedOperationException("being written");
    }

    /** @return event time of the last record, UTC epoch ns */
    public long lastTimeNs() {
        throw new UnsupportedOperationException("being written");
    }
}
