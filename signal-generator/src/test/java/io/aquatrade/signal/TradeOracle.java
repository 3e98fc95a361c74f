package io.aquatrade.signal;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;

import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.TradeTick;
import io.aquatrade.common.testing.SampleData;

/**
 * Independent reference computations for the tests, in exact {@link BigDecimal} arithmetic, written without any of
 * the production classes: the XRP/ETH instrument, Binance's non-empty klines, and VWAPs straight from the trades.
 */
public final class TradeOracle {
    /** The sample config's XRP/ETH instrument: prices 8 decimals, sizes 0. */
    public static final Instrument XRPETH = new Instrument("XRPETH", "XRP", "ETH",
            SampleData.XRPETH_PRICE_DECIMALS, SampleData.XRPETH_SIZE_DECIMALS);
    public static final long DAY_MS = 86_400_000L;
    public static final MathContext MC = MathContext.DECIMAL128;

    private static List<TradeTick> trades;

    private TradeOracle() {
    }

    /** @return the 12,477 real trades, loaded once (do not mutate) */
    public static synchronized List<TradeTick> trades() {
        if (trades == null) {
            trades = List.copyOf(SampleData.xrpEthTrades());
        }
        return trades;
    }

    /** A Binance kline with its values as exact decimals. */
    public record Kline(long openMs, BigDecimal open, BigDecimal high, BigDecimal low, BigDecimal close,
                        BigDecimal volume) {
    }

    /** @return every kline of a sample file, flat volume-0 ones included, in time order */
    public static List<Kline> klines(String file) {
        List<Kline> out = new ArrayList<>();
        for (String[] r : SampleData.klines(file)) {
            out.add(new Kline(Long.parseLong(r[0]), new BigDecimal(r[1]), new BigDecimal(r[2]),
                    new BigDecimal(r[3]), new BigDecimal(r[4]), new BigDecimal(r[5])));
        }
        return out;
    }

    /** @return the klines of a sample file that had trades (volume &gt; 0), in time order */
    public static List<Kline> nonEmptyKlines(String file) {
        List<Kline> out = new ArrayList<>();
        for (String[] r : SampleData.klines(file)) {
            Kline k = new Kline(Long.parseLong(r[0]), new BigDecimal(r[1]), new BigDecimal(r[2]),
                    new BigDecimal(r[3]), new BigDecimal(r[4]), new BigDecimal(r[5]));
            if (k.volume().signum() > 0) {
                out.add(k);
            }
        }
        return out;
    }

    /**
     * @return every kline of a sample file whose minute lies between the first and the last trade's (flat volume-0
     * klines included: what a flat-filling aggregator must build), in time order
     */
    public static List<Kline> klinesBetweenTrades(String file) {
        long firstMs = timeMs(trades().get(0));
        long lastMs = timeMs(trades().get(trades().size() - 1));
        List<Kline> out = new ArrayList<>();
        for (String[] r : SampleData.klines(file)) {
            Kline k = new Kline(Long.parseLong(r[0]), new BigDecimal(r[1]), new BigDecimal(r[2]),
                    new BigDecimal(r[3]), new BigDecimal(r[4]), new BigDecimal(r[5]));
            long endMs = k.openMs() + (file.contains("-5m") ? 300_000L : 60_000L);
            if (endMs > firstMs && k.openMs() <= lastMs) {
                out.add(k);
            }
        }
        return out;
    }

    private static BigDecimal price(TradeTick t) {
        return BigDecimal.valueOf(t.price(), XRPETH.priceDecimals());
    }

    private static BigDecimal quantity(TradeTick t) {
        return BigDecimal.valueOf(t.quantity(), XRPETH.sizeDecimals());
    }

    private static long timeMs(TradeTick t) {
        return t.eventTimeNs() / 1_000_000L;
    }

    private static BigDecimal[] prefixPq;
    private static BigDecimal[] prefixQ;
    private static long[] timesMs;

    /** Exact prefix sums of p*q and q over the trades in time order: index i covers the first i trades. */
    private static synchronized void prefixSums() {
        if (prefixPq != null) {
            return;
        }
        List<TradeTick> all = trades();
        prefixPq = new BigDecimal[all.size() + 1];
        prefixQ = new BigDecimal[all.size() + 1];
        timesMs = new long[all.size()];
        prefixPq[0] = BigDecimal.ZERO;
        prefixQ[0] = BigDecimal.ZERO;
        for (int i = 0; i < all.size(); i++) {
            TradeTick t = all.get(i);
            timesMs[i] = timeMs(t);
            if (i > 0 && timesMs[i] < timesMs[i - 1]) {
                throw new IllegalStateException("sample trades are not in time order at " + i);
            }
            prefixPq[i + 1] = prefixPq[i].add(price(t).multiply(quantity(t)));
            prefixQ[i + 1] = prefixQ[i].add(quantity(t));
        }
    }

    /** @return how many trades are before {@code ms} */
    private static int countBefore(long ms) {
        int lo = 0;
        int hi = timesMs.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (timesMs[mid] < ms) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * @return VWAP of the trades in {@code [fromMs, toMs)}: sum(p*q)/sum(q), or null if there is none
     */
    public static BigDecimal vwap(long fromMs, long toMs) {
        prefixSums();
        int from = countBefore(fromMs);
        int to = countBefore(toMs);
        BigDecimal q = prefixQ[to].subtract(prefixQ[from]);
        if (q.signum() == 0) {
            return null;
        }
        return prefixPq[to].subtract(prefixPq[from]).divide(q, MC);
    }

    /**
     * @param closeMs a bar's close time
     * @return the session VWAP as of that close: trades from 00:00 UTC of the close's day (of its last instant) up
     * to the close; null if the session has none
     */
    public static BigDecimal sessionVwap(long closeMs) {
        long dayStart = Math.floorDiv(closeMs - 1, DAY_MS) * DAY_MS;
        return vwap(dayStart, closeMs);
    }

    /** @return the price as an instrument mantissa */
    public static long priceMantissa(BigDecimal price) {
        return FixedPoint.fromBigDecimal(price, XRPETH.priceDecimals());
    }

    /** @return the size as an instrument mantissa */
    public static long sizeMantissa(BigDecimal size) {
        return FixedPoint.fromBigDecimal(size, XRPETH.sizeDecimals());
    }

    /** @return a copy of a real trade with another time, for boundary scenarios */
    public static TradeTick at(TradeTick real, long eventTimeNs) {
        TradeTick t = real.deepCopy();
        t.eventTimeNs(eventTimeNs);
        return t;
    }
}
