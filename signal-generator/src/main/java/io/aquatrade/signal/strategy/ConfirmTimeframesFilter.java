package io.aquatrade.signal.strategy;

import java.util.List;
import java.util.Map;

import io.aquatrade.common.Bar;
import io.aquatrade.common.ConfigException;
import io.aquatrade.common.Direction;
import io.aquatrade.common.Instrument;
import io.aquatrade.signal.indicator.Ema;
import io.aquatrade.signal.indicator.IndicatorSet;

/**
 * Multi-timeframe confirmation ({@code type: confirm-timeframes}): an entry decided on the strategy's timeframe is
 * taken only if every listed higher timeframe agrees (the "triple screen" idea of A. Elder, <i>Trading for a
 * Living</i>, 1993; J. Murphy, <i>Technical Analysis of the Financial Markets</i>, 1999, ch. 9 on confirming a signal
 * with a longer average).
 *
 * <p><b>Agree</b>, precisely: for each listed timeframe Y, take the last bar of Y that has closed at or before the
 * close of the bar being decided on (bars of all timeframes that close at the same instant are closed before any
 * strategy runs, so a 5m bar closing at 10:15 sees the 15m bar [10:00, 10:15)); Y agrees with a LONG entry when that
 * bar's close is strictly above the EMA of Y's closes as of that bar, with a SHORT entry when strictly below.
 * The entry is allowed only if all Y agree. Y has not agreed yet when it has no closed bar or its EMA is still warming
 * up. A timeframe whose last bar closed long ago (no trades since) still counts with that bar.
 *
 * <p>Parameters: {@code timeframes} (list, default {@code [15m, 30m, 1h]}) and {@code ema} (the EMA length of the
 * indicator set, 9, 20 or 200; default 20). Example: {@code {type: confirm-timeframes, timeframes: [15m, 1h]}}.
 */
public final class ConfirmTimeframesFilter implements EntryFilter {
    /** Config type name. */
    public static final String TYPE = "confirm-timeframes";
    /** Default timeframes: 15m, 30m and 1h. */
    public static final List<Long> DEFAULT_TIMEFRAMES_MS = List.of(900_000L, 1_800_000L, 3_600_000L);

    /**
     * Validated parameters of a confirm-timeframes entry.
     *
     * @param timeframesMs the confirming timeframes, milliseconds, non-empty, distinct
     * @param ema          EMA length compared with the close: 9, 20 or 200
     */
    public record Params(List<Long> timeframesMs, int ema) implements EntryFilterFactory {
        /** @throws ConfigException if a value is out of range */
        public Params {
            if (timeframesMs == null || timeframesMs.isEmpty()) {
                throw new ConfigException("signal-generator.strategies[].filters[].timeframes",
                        "a non-empty list of timeframes");
            }
            timeframesMs = List.copyOf(timeframesMs);
            if (ema != 9 && ema != 20 && ema != 200) {
                throw new ConfigException("signal-generator.strategies[].filters[].ema", "9, 20 or 200, was " + ema);
            }
        }

        /**
         * @param field  dotted path of the filter entry, for errors
         * @param params its keys other than {@code type}: {@code timeframes}, {@code ema}
         * @return the validated parameters
         * @throws ConfigException naming {@code field.<key>} for an unknown or invalid key
         */
        public static Params parse(String field, Map<String, Object> params) {
            List<Long> timeframes = DEFAULT_TIMEFRAMES_MS;
            int ema = 20;
            for (Map.Entry<String, Object> e : params.entrySet()) {
                String key = e.getKey();
                if (key.equals("timeframes")) {
                    timeframes = ConfigValues.timeframes(field + ".timeframes", e.getValue());
                } else if (key.equals("ema")) {
                    ema = ConfigValues.integer(field + ".ema", e.getValue(), 1, 1000);
                    if (ema != 9 && ema != 20 && ema != 200) {
                        throw new ConfigException(field + ".ema", "9, 20 or 200 (the indicator set's EMAs), was "
                                + ema);
                    }
                } else {
                    throw ConfigValues.unknownKey(field + "." + key, TYPE, "timeframes, ema");
                }
            }
            return new Params(timeframes, ema);
        }

        @Override
        public String type() {
            return TYPE;
        }

        @Override
        public List<Long> timeframesMs() {
            return timeframesMs;
        }

        @Override
        public EntryFilter create(Instrument instrument, long timeframeMs, TimeframeIndicators indicators) {
            IndicatorSet[] sets = new IndicatorSet[timeframesMs.size()];
            for (int i = 0; i < sets.length; i++) {
                sets[i] = indicators.indicators(timeframesMs.get(i));
            }
            return new ConfirmTimeframesFilter(sets, ema);
        }
    }

    private final IndicatorSet[] confirming;
    private final Ema[] emas;

    private ConfirmTimeframesFilter(IndicatorSet[] confirming, int ema) {
        this.confirming = confirming;
        this.emas = new Ema[confirming.length];
        for (int i = 0; i < confirming.length; i++) {
            emas[i] = confirming[i].ema(ema);
        }
    }

    @Override
    public void onBar(Bar bar, IndicatorSet indicators) {
        // stateless: the confirming timeframes' indicator sets are read when an entry is asked for
    }

    @Override
    public boolean allowsEntry(Direction direction) {
        for (int i = 0; i < confirming.length; i++) {
            if (confirming[i].barCount() == 0 || !emas[i].isReady()) {
                return false;
            }
            double close = confirming[i].lastCloseValue();
            double ema = emas[i].value();
            boolean agrees = direction == Direction.LONG ? close > ema : direction == Direction.SHORT && close < ema;
            if (!agrees) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String type() {
        return TYPE;
    }
}
