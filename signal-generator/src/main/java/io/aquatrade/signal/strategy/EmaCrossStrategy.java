package io.aquatrade.signal.strategy;

import java.util.Map;

import io.aquatrade.common.Bar;
import io.aquatrade.common.ConfigException;
import io.aquatrade.common.Direction;
import io.aquatrade.common.Instrument;
import io.aquatrade.signal.indicator.Cross;
import io.aquatrade.signal.indicator.Ema;
import io.aquatrade.signal.indicator.IndicatorSet;

/**
 * Plain EMA cross ({@code type: ema-cross}; the dual moving-average crossover of J. Murphy, <i>Technical Analysis of
 * the Financial Markets</i>, 1999, ch. 9): {@link Direction#LONG} when EMA(fast) of closes crosses above EMA(slow),
 * {@link Direction#FLAT} when it crosses below, decided at the bar's close. It is the rule the benchmark runs against
 * ta4j, and it is exactly ta4j 0.17's {@code BaseStrategy(new CrossedUpIndicatorRule(fast, slow),
 * new CrossedDownIndicatorRule(fast, slow))} over {@code EMAIndicator}s of {@code ClosePriceIndicator} with
 * {@code setUnstableBars(slow)}: crosses as {@link Cross} defines them (on the EMAs' recursion values from the first
 * bar), no signal on the first {@code slow} bars (indices 0..slow-1), one signal on every cross after that. A FLAT
 * while flat is harmless (the decision engine ignores it), so signals alternate as ta4j's entries and exits do.
 *
 * <p>Warm-up: {@code slow} bars. Parameters: {@code fast} (1..999, default 9) and {@code slow} (fast+1..1000,
 * default 20). Example: {@code {id: ema-cross, type: ema-cross, instruments: [XRPETH], fast: 9, slow: 20}}.
 */
public final class EmaCrossStrategy implements Strategy {
    /** Config type name. */
    public static final String TYPE = "ema-cross";

    /**
     * Validated parameters of an ema-cross entry.
     *
     * @param fast length of the fast EMA, 1..999; default 9
     * @param slow length of the slow EMA, fast+1..1000; default 20
     */
    public record Params(int fast, int slow) implements StrategyFactory {
        /** @throws ConfigException naming the parameter if a value is out of range */
        public Params {
            if (fast < 1 || fast > 999) {
                throw new ConfigException("signal-generator.strategies[].fast", "an integer 1..999, was " + fast);
            }
            if (slow <= fast || slow > 1000) {
                throw new ConfigException("signal-generator.strategies[].slow", "an integer " + (fast + 1)
                        + "..1000 (more than fast), was " + slow);
            }
        }

        /**
         * @param field  dotted path of the entry, for errors
         * @param params the entry's keys other than the common ones
         * @return the validated parameters
         * @throws ConfigException naming {@code field.<key>} for an unknown or invalid key
         */
        public static Params parse(String field, Map<String, Object> params) {
            int fast = 9;
            int slow = 20;
            for (Map.Entry<String, Object> e : params.entrySet()) {
                String key = e.getKey();
                if (key.equals("fast")) {
                    fast = ConfigValues.integer(field + ".fast", e.getValue(), 1, 999);
                } else if (key.equals("slow")) {
                    slow = ConfigValues.integer(field + ".slow", e.getValue(), 2, 1000);
                } else {
                    throw ConfigValues.unknownKey(field + "." + key, TYPE, "fast, slow");
                }
            }
            if (slow <= fast) {
                throw new ConfigException(field + ".slow", "more than fast (" + fast + "), was " + slow);
            }
            return new Params(fast, slow);
        }

        @Override
        public String type() {
            return TYPE;
        }

        @Override
        public Strategy create(String strategyId, Instrument instrument, long timeframeMs) {
            return new EmaCrossStrategy(this, instrument);
        }
    }

    private final Instrument instrument;
    private final Ema fast;
    private final Ema slow;
    private final Cross cross = new Cross();
    private final String upReason;
    private final String downReason;
    private long bars;

    /**
     * @param params     the validated parameters
     * @param instrument the instrument, for its price scale
     */
    public EmaCrossStrategy(Params params, Instrument instrument) {
        this.instrument = instrument;
        this.fast = new Ema(params.fast());
        this.slow = new Ema(params.slow());
        this.upReason = "EMA " + params.fast() + " crossed above EMA " + params.slow();
        this.downReason = "EMA " + params.fast() + " crossed below EMA " + params.slow();
    }

    @Override
    public void onBar(Bar bar, IndicatorSet indicators, SignalSink sink) {
        double close = instrument.priceToDouble(bar.close());
        fast.update(close);
        slow.update(close);
        int crossed = cross.update(fast.rawValue(), slow.rawValue());
        if (bars++ < slow.length()) {
            return;
        }
        if (crossed == Cross.ABOVE) {
            sink.emit(Direction.LONG, upReason);
        } else if (crossed == Cross.BELOW) {
            sink.emit(Direction.FLAT, downReason);
        }
    }
}
