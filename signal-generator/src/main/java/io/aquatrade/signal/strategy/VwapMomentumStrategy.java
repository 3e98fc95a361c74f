package io.aquatrade.signal.strategy;

import java.util.Map;

import io.aquatrade.common.Bar;
import io.aquatrade.common.ConfigException;
import io.aquatrade.common.Direction;
import io.aquatrade.common.Instrument;
import io.aquatrade.signal.indicator.IndicatorSet;

/**
 * VWAP momentum (from the traders' notes): go long when both the close and the VWAP have risen for {@code N}
 * consecutive bars, i.e. are strictly increasing over the last {@code N + 1} closed bars.
 *
 * <p>It emits one {@link Direction#LONG} signal on the bar where that condition becomes true (the N-th consecutive
 * joint rise), not again while it keeps holding; after a bar breaks the run, a new run of N rises emits again. It
 * never emits exits: leaving the position is the decision engine's stop-loss.
 *
 * <p>The VWAP is the session VWAP anchored to the UTC day by default ({@code vwap: session}), or the bar's own VWAP
 * ({@code vwap: bar}). Closes are compared exactly (price mantissas), VWAPs as doubles. Bars are only those that had
 * trades; a gap without trades does not break a run. A bar whose session VWAP is not ready (possible only with a
 * timeframe straddling midnight, see {@link io.aquatrade.signal.indicator.SessionVwap}) breaks the run.
 *
 * <p>Warm-up: {@code N + 1} bars. Config: {@code {id: ..., type: vwap-momentum, instruments: [...], bars: 3,
 * vwap: session}}.
 */
public final class VwapMomentumStrategy implements Strategy {
    /** Config type name. */
    public static final String TYPE = "vwap-momentum";

    /** Which VWAP the strategy follows. */
    public enum VwapSource {
        /** Session VWAP anchored to the UTC day (config value {@code session}). */
        SESSION,
        /** The bar's own VWAP (config value {@code bar}). */
        BAR
    }

    /**
     * Validated parameters of a vwap-momentum entry.
     *
     * @param bars N, consecutive joint rises of close and VWAP that trigger the entry, 1..1000; default 3
     * @param vwap which VWAP; default {@link VwapSource#SESSION}
     */
    public record Params(int bars, VwapSource vwap) implements StrategyFactory {
        /** Largest accepted {@code bars}. */
        public static final int MAX_BARS = 1000;

        /** @throws ConfigException naming the parameter if a value is out of range */
        public Params {
            if (bars < 1 || bars > MAX_BARS) {
                throw new ConfigException("signal-generator.strategies[].bars", "an integer 1.." + MAX_BARS
                        + ", was " + bars);
            }
            if (vwap == null) {
                throw new ConfigException("signal-generator.strategies[].vwap", "session or bar");
            }
        }

        /**
         * Parses an entry's parameters: {@code bars} (integer 1..1000, default 3) and {@code vwap} ({@code session}
         * or {@code bar}, default {@code session}).
         *
         * @param field  dotted path of the entry, for errors
         * @param params the entry's keys other than id, type and instruments
         * @return the validated parameters
         * @throws ConfigException naming {@code field.bars}, {@code field.vwap} or an unknown {@code field.<key>}
         */
        public static Params parse(String field, Map<String, Object> params) {
            int bars = 3;
            VwapSource vwap = VwapSource.SESSION;
            for (Map.Entry<String, Object> e : params.entrySet()) {
                String key = e.getKey();
                Object v = e.getValue();
                if (key.equals("bars")) {
                    bars = ConfigValues.integer(field + ".bars", v, 1, MAX_BARS);
                } else if (key.equals("vwap")) {
                    if ("session".equals(v)) {
                        vwap = VwapSource.SESSION;
                    } else if ("bar".equals(v)) {
                        vwap = VwapSource.BAR;
                    } else {
                        throw new ConfigException(field + ".vwap", "session or bar, was '" + v + "'");
                    }
                } else {
                    throw ConfigValues.unknownKey(field + "." + key, TYPE, "bars, vwap");
                }
            }
            return new Params(bars, vwap);
        }

        @Override
        public String type() {
            return TYPE;
        }

        @Override
        public Strategy create(String strategyId, Instrument instrument, long timeframeMs) {
            return new VwapMomentumStrategy(bars, vwap);
        }
    }

    private final int bars;
    private final VwapSource source;
    private final String reason;
    private boolean havePrevious;
    private long previousClose;
    private double previousVwap;
    private int rises;

    /**
     * @param bars   N, 1..1000
     * @param source which VWAP to follow
     */
    public VwapMomentumStrategy(int bars, VwapSource source) {
        Params checked = new Params(bars, source);
        this.bars = checked.bars();
        this.source = checked.vwap();
        this.reason = "close and " + (source == VwapSource.SESSION ? "session" : "bar") + " VWAP rose " + bars
                + (bars == 1 ? " bar" : " bars");
    }

    /** @return the reason text its signals carry, e.g. "close and session VWAP rose 3 bars" */
    public String reason() {
        return reason;
    }

    @Override
    public void onBar(Bar bar, IndicatorSet indicators, SignalSink sink) {
        double vwap = source == VwapSource.SESSION ? indicators.sessionVwap().value() : bar.vwap();
        if (Double.isNaN(vwap)) {
            havePrevious = false;
            rises = 0;
            return;
        }
        long close = bar.close();
        if (havePrevious && close > previousClose && vwap > previousVwap) {
            if (rises <= bars) {
                rises++;
            }
        } else {
            rises = 0;
        }
        havePrevious = true;
        previousClose = close;
        previousVwap = vwap;
        if (rises == bars) {
            sink.emit(Direction.LONG, reason);
        }
    }
}
