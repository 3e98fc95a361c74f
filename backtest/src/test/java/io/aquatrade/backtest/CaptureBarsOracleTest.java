package io.aquatrade.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.Bar;
import io.aquatrade.common.BarListener;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.SignalListener;
import io.aquatrade.common.TradeTick;
import io.aquatrade.common.testing.SampleData;
import io.aquatrade.signal.SignalConfig;
import io.aquatrade.signal.SignalEngine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bars built by the signal engine from the shared Binance spot websocket captures (BTCUSDT and ETHUSDT, two
 * consecutive files each, about 11 minutes of trades) equal an exact aggregation of the same trades written here
 * from the raw JSON lines with BigDecimal, grouped by each trade's own time {@code T}: every complete 1m and 5m bar,
 * flat ones (an interval without trades: open = high = low = close = the previous close, volume 0) included.
 *
 * <p>The engine is fed what a market-data replay of all four files publishes: market-data's {@code binance-capture}
 * reader and its merge ({@code ReplaySource}, through {@link MarketHistory}), both instruments in one stream on one
 * clock.
 */
class CaptureBarsOracleTest {
    private static final Path STREAMS = SampleData.projectRoot().resolve("../shared/data/streams/binance-spot")
            .normalize();
    private static final long MS = 1_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Instrument BTCUSDT = new Instrument("BTCUSDT", "BTC", "USDT", 2, 8);
    private static final Instrument ETHUSDT = new Instrument("ETHUSDT", "ETH", "USDT", 2, 8);

    /** One trade of the oracle, straight from the JSON. */
    private record RawTrade(long timeMs, long id, BigDecimal price, BigDecimal quantity, boolean buyerMaker) {
    }

    /** An exactly aggregated bar. */
    private record ExactBar(long openMs, BigDecimal open, BigDecimal high, BigDecimal low, BigDecimal close,
                            BigDecimal volume, BigDecimal buyVolume, long count, BigDecimal vwap) {
    }

    private static List<Path> files(String symbol) {
        List<Path> out = List.of(STREAMS.resolve(symbol.toLowerCase() + "_20240808.gz"),
                STREAMS.resolve(symbol.toLowerCase() + "_20240809.gz"));
        out.forEach(p -> assertThat(Files.isRegularFile(p)).as("shared capture %s", p).isTrue());
        return out;
    }

    private static final Map<String, List<RawTrade>> RAW = new java.util.concurrent.ConcurrentHashMap<>();

    private static List<RawTrade> rawTrades(String symbol) throws IOException {
        List<RawTrade> cached = RAW.get(symbol);
        if (cached != null) {
            return cached;
        }
        List<RawTrade> out = new ArrayList<>();
        for (Path file : files(symbol)) {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(
                    new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    int space = line.indexOf(' ');
                    if (space < 0 || !line.contains("@trade\"")) {
                        continue;
                    }
                    JsonNode d = JSON.readTree(line.substring(space + 1)).get("data");
                    out.add(new RawTrade(d.get("T").asLong(), d.get("t").asLong(), new BigDecimal(d.get("p").asText()),
                            new BigDecimal(d.get("q").asText()), d.get("m").asBoolean()));
                }
            }
        }
        out.sort(Comparator.comparingLong(RawTrade::timeMs).thenComparingLong(RawTrade::id));
        RAW.put(symbol, out);
        return out;
    }

    /**
     * Every complete interval from the first full one after the first trade to the last one that ends at or before
     * the last trade's interval: aggregated exactly, a flat bar at the previous close where no trade fell.
     */
    private static List<ExactBar> oracle(List<RawTrade> trades, long timeframeMs) {
        TreeMap<Long, List<RawTrade>> byInterval = new TreeMap<>();
        for (RawTrade t : trades) {
            byInterval.computeIfAbsent(Math.floorDiv(t.timeMs(), timeframeMs) * timeframeMs, k -> new ArrayList<>())
                    .add(t);
        }
        long firstMs = byInterval.firstKey();
        long lastMs = byInterval.lastKey();
        List<ExactBar> out = new ArrayList<>();
        BigDecimal previousClose = byInterval.firstEntry().getValue().get(byInterval.firstEntry().getValue().size() - 1)
                .price();
        for (long open = firstMs + timeframeMs; open < lastMs; open += timeframeMs) {
            List<RawTrade> in = byInterval.get(open);
            if (in == null) {
                out.add(new ExactBar(open, previousClose, previousClose, previousClose, previousClose,
                        BigDecimal.ZERO, BigDecimal.ZERO, 0, previousClose));
                continue;
            }
            BigDecimal high = in.get(0).price();
            BigDecimal low = high;
            BigDecimal volume = BigDecimal.ZERO;
            BigDecimal buy = BigDecimal.ZERO;
            BigDecimal notional = BigDecimal.ZERO;
            for (RawTrade t : in) {
                high = high.max(t.price());
                low = low.min(t.price());
                volume = volume.add(t.quantity());
                if (!t.buyerMaker()) {
                    buy = buy.add(t.quantity());
                }
                notional = notional.add(t.price().multiply(t.quantity()));
            }
            BigDecimal close = in.get(in.size() - 1).price();
            out.add(new ExactBar(open, in.get(0).price(), high, low, close, volume, buy, in.size(),
                    notional.divide(volume, MathContext.DECIMAL128)));
            previousClose = close;
        }
        return out;
    }

    @ParameterizedTest(name = "{0} {1} ms bars")
    @CsvSource({"BTCUSDT, 60000", "BTCUSDT, 300000", "ETHUSDT, 60000", "ETHUSDT, 300000"})
    void barsFromTheCaptureEqualAnExactAggregationOfItsTrades(String symbol, long timeframeMs) throws IOException {
        Instrument instrument = symbol.equals("BTCUSDT") ? BTCUSDT : ETHUSDT;
        List<ExactBar> expected = oracle(rawTrades(symbol), timeframeMs);
        assertThat(expected).as("complete bars").hasSizeGreaterThanOrEqualTo(timeframeMs == 60_000L ? 9 : 1);

        List<Bar> bars = new ArrayList<>();
        BarListener barOut = b -> bars.add(b.deepCopy());
        SignalListener ignore = s -> {
        };
        SignalEngine engine = new SignalEngine(SignalConfig.defaults().withTimeframeMs(timeframeMs),
                List.of(BTCUSDT, ETHUSDT), barOut, ignore);
        List<TradeTick> trades = historyTrades();
        trades.forEach(engine::tradeTick);
        assertThat(engine.lateTradeCount()).isZero();
        assertThat(engine.rejectedCount()).isZero();

        Map<Long, Bar> byOpenMs = new TreeMap<>();
        for (Bar b : bars) {
            if (b.instrument().equals(symbol) && b.timeframeMs() == timeframeMs) {
                assertThat(byOpenMs.put(b.openTimeNs() / MS, b)).as("one %s bar per interval, %d", symbol,
                        b.openTimeNs() / MS).isNull();
            }
        }
        int p = instrument.priceDecimals();
        int s = instrument.sizeDecimals();
        for (ExactBar e : expected) {
            Bar b = byOpenMs.get(e.openMs());
            assertThat(b).as("%s bar at %d", symbol, e.openMs()).isNotNull();
            String at = symbol + " " + timeframeMs + " ms bar at " + e.openMs();
            assertThat(b.open()).as("open, %s", at).isEqualTo(mantissa(e.open(), p));
            assertThat(b.high()).as("high, %s", at).isEqualTo(mantissa(e.high(), p));
            assertThat(b.low()).as("low, %s", at).isEqualTo(mantissa(e.low(), p));
            assertThat(b.close()).as("close, %s", at).isEqualTo(mantissa(e.close(), p));
            assertThat(b.volume()).as("volume, %s", at).isEqualTo(mantissa(e.volume(), s));
            assertThat(b.buyVolume()).as("buy volume, %s", at).isEqualTo(mantissa(e.buyVolume(), s));
            assertThat(b.tradeCount()).as("trades, %s", at).isEqualTo(e.count());
            assertThat(b.vwap()).as("VWAP, %s", at)
                    .isCloseTo(e.vwap().doubleValue(), within(e.vwap().doubleValue() * 1e-12));
            assertThat(b.eventTimeNs()).isEqualTo((e.openMs() + timeframeMs) * MS);
        }
    }

    /** Both instruments' capture files merged by the replay (market-data's ReplaySource, via MarketHistory). */
    private static List<TradeTick> historyTrades() {
        AquatradeConfig cfg = AquatradeConfig.parse(Path.of("captures.yaml"), """
                instruments:
                  - {symbol: BTCUSDT, base: BTC, quote: USDT, priceDecimals: 2, sizeDecimals: 8}
                  - {symbol: ETHUSDT, base: ETH, quote: USDT, priceDecimals: 2, sizeDecimals: 8}
                assets: {USDT: 8, BTC: 8, ETH: 8}
                """);
        List<MarketHistory.Input> in = new ArrayList<>();
        for (String symbol : List.of("BTCUSDT", "ETHUSDT")) {
            for (Path f : files(symbol)) {
                in.add(new MarketHistory.Input(f, "binance-capture", symbol));
            }
        }
        MarketHistory h = MarketHistory.load(cfg, in);
        List<TradeTick> out = new ArrayList<>();
        for (int i = 0; i < h.size(); i++) {
            if (h.kind(i) != MarketHistory.Kind.QUOTE) {
                out.add(h.trade(i, new TradeTick()));
            }
        }
        return out;
    }

    private static long mantissa(BigDecimal value, int decimals) {
        return value.movePointRight(decimals).longValueExact();
    }
}
