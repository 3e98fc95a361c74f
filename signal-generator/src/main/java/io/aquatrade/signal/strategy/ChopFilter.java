package io.aquatrade.signal.strategy;

import java.util.Map;

import io.aquatrade.common.Bar;
import io.aquatrade.common.ConfigException;
import io.aquatrade.common.Direction;
import io.aquatrade.common.Instrument;
import io.aquatrade.signal.indicator.Atr;
import io.aquatrade.signal.indicator.CloseVersusSma;
import io.aquatrade.signal.indicator.Cross;
import io.aquatrade.signal.indicator.IndicatorSet;

/**
 * Volatility / chop filter ({@code type: chop}): stands down (blocks every entry) while the market is ranging, which
 * shows as the close whipsawing around its moving average, or while it barely moves, which shows as a small average
 * true range (Wilder's ATR, 1978; the whipsaw problem of moving-average systems in trendless markets, J. Murphy,
 * <i>Technical Analysis of the Financial Markets</i>, 1999, ch. 9).
 *
 * <p>Precisely, on the strategy's timeframe, as of the bar being decided on: let a <i>cross</i> be a bar where the
 * close crosses its SMA({@code sma}) ({@link Cross}: strictly to the other side of the last side it differed on; close
 * and SMA compared exactly, {@link CloseVersusSma});
 * entries are blocked when more than {@code maxCrosses} crosses happened in the last {@code bars} bars (the current
 * one included), or when {@code minAtrBps > 0} and {@code ATR(atr) / close * 10,000 < minAtrBps}. Exits are never
 * gated.
 *
 * <p>Parameters: {@code bars} M (2..1000, default 20), {@code maxCrosses} K (0..1000, default 4), {@code sma} period
 * (1..1000, default 9), {@code atr} period (1..1000, default 14), {@code minAtrBps} (0..10000, may be a decimal;
 * default 0 = no ATR test). Example: {@code {type: chop, bars: 20, maxCrosses: 4, minAtrBps: 5}}.
 *
 * <p>Warm-up: entries are blocked until the SMA has been ready for M bars (so that M bars of crosses are counted) and,
 * with an ATR threshold, the ATR is ready.
 */
public final class ChopFilter implements EntryFilter {
    /** Config type name. */
    public static final String TYPE = "chop";

    /**
     * Validated parameters of a chop entry.
     *
     * @param bars       M, bars in which crosses are counted, 2..1000
     * @param maxCrosses K, most crosses in M bars that still allow entries, 0..1000
     * @param sma        period of the SMA of closes the crosses are counted against, 1..1000
     * @param atr        period of the ATR, 1..1000
     * @param minAtrBps  smallest ATR / close that allows entries, basis points, 0..10000; 0 = no ATR test
     */
    public record Params(int bars, int maxCrosses, int sma, int atr, double minAtrBps) implements EntryFilterFactory {
        /** @throws ConfigException naming the parameter if a value is out of range */
        public Params {
            String f = "signal-generator.strategies[].filters[].";
            check(f + "bars", bars, 2, 1000);
            check(f + "maxCrosses", maxCrosses, 0, 1000);
            check(f + "sma", sma, 1, 1000);
            check(f + "atr", atr, 1, 1000);
            if (!(minAtrBps >= 0 && minAtrBps <= 10_000)) {
                throw new ConfigException(f + "minAtrBps", "a number 0..10000, was " + minAtrBps);
            }
        }

        private static void check(String field, int v, int min, int max) {
            if (v < min || v > max) {
                throw new ConfigException(field, "an integer " + min + ".." + max + ", was " + v);
            }
        }

        /**
         * @param field  dotted path of the filter entry, for errors
         * @param params its keys other than {@code type}
         * @return the validated parameters
         * @throws ConfigException naming {@code field.<key>} for an unknown or invalid key
         */
        public static Params parse(String field, Map<String, Object> params) {
            int bars = 20;
            int maxCrosses = 4;
            int sma = 9;
            int atr = 14;
            double minAtrBps = 0;
            for (Map.Entry<String, Object> e : params.entrySet()) {
                String key = e.getKey();
                Object v = e.getValue();
                switch (key) {
                    case "bars" -> bars = ConfigValues.integer(field + ".bars", v, 2, 1000);
                    case "maxCrosses" -> maxCrosses = ConfigValues.integer(field + ".maxCrosses", v, 0, 1000);
                    case "sma" -> sma = ConfigValues.integer(field + ".sma", v, 1, 1000);
                    case "atr" -> atr = ConfigValues.integer(field + ".atr", v, 1, 1000);
                    case "minAtrBps" -> minAtrBps = ConfigValues.number(field + ".minAtrBps", v, 0, 10_000);
                    default -> throw ConfigValues.unknownKey(field + "." + key, TYPE,
                            "bars, maxCrosses, sma, atr, minAtrBps");
                }
            }
            return new Params(bars, maxCrosses, sma, atr, minAtrBps);
        }

        @Override
        public String type() {
            return TYPE;
        }

        @Override
        public EntryFilter create(Instrument instrument, long timeframeMs, TimeframeIndicators indicators) {
            return new ChopFilter(this, instrument);
        }
    }

    private final Params params;
    private final Instrument instrument;
    private final CloseVersusSma sma;
    private final Atr atr;
    private final Cross cross = new Cross();
    private final boolean[] crossed;
    private int next;
    private int crosses;
    private long barsWithSma;
    private boolean allows;

    /**
     * @param params     the validated parameters
     * @param instrument the instrument, for its price scale
     */
    public ChopFilter(Params params, Instrument instrument) {
        this.params = params;
        this.instrument = instrument;
        this.sma = new CloseVersusSma(params.sma());
        this.atr = new Atr(params.atr(), instrument.priceDecimals());
        this.crossed = new boolean[params.bars()];
    }

    @Override
    public void onBar(Bar bar, IndicatorSet indicators) {
        sma.update(bar.close());
        atr.update(bar.high(), bar.low(), bar.close());
        if (!sma.isReady()) {
            allows = false;
            return;
        }
        boolean c = cross.updateSide(sma.side()) != Cross.NONE;
        double close = instrument.priceToDouble(bar.close());
        if (crossed[next]) {
            crosses--;
        }
        crossed[next] = c;
        if (c) {
            crosses++;
        }
        next = next + 1 == crossed.length ? 0 : next + 1;
        barsWithSma++;
        boolean ready = barsWithSma >= crossed.length && (params.minAtrBps() == 0 || atr.isReady());
        allows = ready && crosses <= params.maxCrosses()
                && (params.minAtrBps() == 0 || atr.value() / close * 10_000.0 >= params.minAtrBps());
    }

    /** @return crosses of the close and its SMA in the last M bars (those seen with the SMA ready) */
    public int crosses() {
        return crosses;
    }

    @Override
    public boolean allowsEntry(Direction direction) {
        return allows;
    }

    @Override
    public String type() {
        return TYPE;
    }
}
