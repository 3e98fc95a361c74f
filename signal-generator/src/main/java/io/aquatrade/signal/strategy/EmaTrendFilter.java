package io.aquatrade.signal.strategy;

import java.util.Map;

import io.aquatrade.common.Bar;
import io.aquatrade.common.Direction;
import io.aquatrade.common.Instrument;
import io.aquatrade.signal.indicator.IndicatorSet;

/**
 * EMA trend filter ({@code type: ema-trend}, no parameters): LONG entries only while the EMAs of closes are stacked
 * upwards, {@code EMA 9 > EMA 20 > EMA 200}, SHORT entries only while stacked downwards, {@code EMA 9 < EMA 20 <
 * EMA 200}, on the strategy's own timeframe as of the bar being decided on (the "moving-average ribbon" alignment of
 * J. Murphy, <i>Technical Analysis of the Financial Markets</i>, 1999, ch. 9). Comparisons are strict; equal EMAs
 * block both directions. Exits are never gated.
 *
 * <p>Warm-up: EMA 200's, 200 bars; entries are blocked until then.
 */
public final class EmaTrendFilter implements EntryFilter {
    /** Config type name. */
    public static final String TYPE = "ema-trend";

    /** Validated parameters (none) of an ema-trend entry. */
    public record Params() implements EntryFilterFactory {
        /**
         * @param field  dotted path of the filter entry, for errors
         * @param params its keys other than {@code type}: none accepted
         * @return the parameters
         * @throws io.aquatrade.common.ConfigException naming {@code field.<key>} for any key
         */
        public static Params parse(String field, Map<String, Object> params) {
            if (!params.isEmpty()) {
                throw ConfigValues.unknownKey(field + "." + params.keySet().iterator().next(), TYPE, "none");
            }
            return new Params();
        }

        @Override
        public String type() {
            return TYPE;
        }

        @Override
        public EntryFilter create(Instrument instrument, long timeframeMs, TimeframeIndicators indicators) {
            return new EmaTrendFilter();
        }
    }

    private boolean up;
    private boolean down;

    @Override
    public void onBar(Bar bar, IndicatorSet indicators) {
        boolean ready = indicators.ema200().isReady();
        double e9 = indicators.ema9().value();
        double e20 = indicators.ema20().value();
        double e200 = indicators.ema200().value();
        up = ready && e9 > e20 && e20 > e200;
        down = ready && e9 < e20 && e20 < e200;
    }

    @Override
    public boolean allowsEntry(Direction direction) {
        return direction == Direction.LONG ? up : direction == Direction.SHORT && down;
    }

    @Override
    public String type() {
        return TYPE;
    }
}
