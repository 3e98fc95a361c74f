package io.aquatrade.signal.strategy;

import java.util.Map;

import io.aquatrade.common.Bar;
import io.aquatrade.common.ConfigException;
import io.aquatrade.common.Direction;
import io.aquatrade.common.Instrument;
import io.aquatrade.signal.indicator.CloseVersusSma;
import io.aquatrade.signal.indicator.Cross;
import io.aquatrade.signal.indicator.HighLowRange;
import io.aquatrade.signal.indicator.IndicatorSet;

/**
 * MA cross with breakout confirmation ({@code type: ma-cross}, from the traders' notes; the moving-average crossover
 * of J. Murphy, <i>Technical Analysis of the Financial Markets</i>, 1999, ch. 9, confirmed by a channel breakout as in
 * R. Donchian's rules).
 *
 * <p>On each closed bar of its timeframe, with {@code SMA(period)} of closes and the high-low range of the
 * {@code breakoutBars} bars <b>before</b> this one ({@link HighLowRange#previousHighestMantissa()}):
 * <ul>
 *   <li>the close crosses above the SMA ({@link Cross}) and closes strictly above the previous N bars' highest high:
 *       {@link Direction#LONG} (the decision engine flattens a short and goes long);</li>
 *   <li>the close crosses below the SMA and closes strictly below the previous N bars' lowest low:
 *       {@link Direction#SHORT} (flatten and go short; where shorting is not allowed the decision engine goes flat);</li>
 *   <li>a cross without a breakout is no entry; if it goes against the strategy's last signal (a cross below after
 *       LONG, a cross above after SHORT) it emits {@link Direction#FLAT}: exit without reversing.</li>
 * </ul>
 * The breakout must happen on the crossing bar itself; a breakout on a later bar without a new cross is not an entry.
 * Everything is compared exactly on price mantissas: the close with the range, and with the SMA as
 * {@code period * close} against the sum of the last {@code period} closes ({@link CloseVersusSma}).
 *
 * <p>Warm-up: {@code max(period, breakoutBars) + 1} bars (a cross needs the SMA ready on two bars; a breakout needs N
 * earlier bars). Parameters: {@code period} (1..1000, default 9), {@code breakoutBars} N (5..10, default 5).
 * Example: {@code {id: ma-cross, type: ma-cross, instruments: [XRPETH], period: 9, breakoutBars: 5}}.
 */
public final class MaCrossStrategy implements Strategy {
    /** Config type name. */
    public static final String TYPE = "ma-cross";

    /**
     * Validated parameters of an ma-cross entry.
     *
     * @param period       SMA period, 1..1000; default 9
     * @param breakoutBars N, bars before the current one whose range the close must break, 5..10; default 5
     */
    public record Params(int period, int breakoutBars) implements StrategyFactory {
        /** @throws ConfigException naming the parameter if a value is out of range */
        public Params {
            if (period < 1 || period > 1000) {
                throw new ConfigException("signal-generator.strategies[].period", "an integer 1..1000, was " + period);
            }
            if (breakoutBars < 5 || breakoutBars > 10) {
                throw new ConfigException("signal-generator.strategies[].breakoutBars", "an integer 5..10, was "
                        + breakoutBars);
            }
        }

        /**
         * @param field  dotted path of the entry, for errors
         * @param params the entry's keys other than the common ones
         * @return the validated parameters
         * @throws ConfigException naming {@code field.<key>} for an unknown or invalid key
         */
        public static Params parse(String field, Map<String, Object> params) {
            int period = 9;
            int breakoutBars = 5;
            for (Map.Entry<String, Object> e : params.entrySet()) {
                String key = e.getKey();
                if (key.equals("period")) {
                    period = ConfigValues.integer(field + ".period", e.getValue(), 1, 1000);
                } else if (key.equals("breakoutBars")) {
                    breakoutBars = ConfigValues.integer(field + ".breakoutBars", e.getValue(), 5, 10);
                } else {
                    throw ConfigValues.unknownKey(field + "." + key, TYPE, "period, breakoutBars");
                }
            }
            return new Params(period, breakoutBars);
        }

        @Override
        public String type() {
            return TYPE;
        }

        @Override
        public Strategy create(String strategyId, Instrument instrument, long timeframeMs) {
            return new MaCrossStrategy(this, instrument);
        }
    }

    private final CloseVersusSma sma;
    private final HighLowRange range;
    private final Cross cross = new Cross();
    private final String longReason;
    private final String shortReason;
    private final String exitShortReason;
    private final String exitLongReason;
    private Direction last;

    /**
     * @param params     the validated parameters
     * @param instrument the instrument, for its price scale
     */
    public MaCrossStrategy(Params params, Instrument instrument) {
        this.sma = new CloseVersusSma(params.period());
        this.range = new HighLowRange(params.breakoutBars(), instrument.priceDecimals());
        String ma = "SMA " + params.period();
        String n = params.breakoutBars() + "-bar";
        this.longReason = "close crossed above " + ma + " and broke out above the " + n + " high";
        this.shortReason = "close crossed below " + ma + " and broke out below the " + n + " low";
        this.exitShortReason = "close crossed above " + ma + " without a breakout: exit";
        this.exitLongReason = "close crossed below " + ma + " without a breakout: exit";
    }

    @Override
    public void onBar(Bar bar, IndicatorSet indicators, SignalSink sink) {
        sma.update(bar.close());
        range.update(bar.high(), bar.low());
        if (!sma.isReady()) {
            return;
        }
        int crossed = cross.updateSide(sma.side());
        if (crossed == Cross.ABOVE) {
            if (range.isPreviousReady() && bar.close() > range.previousHighestMantissa()) {
                last = Direction.LONG;
                sink.emit(Direction.LONG, longReason);
            } else if (last == Direction.SHORT) {
                last = Direction.FLAT;
                sink.emit(Direction.FLAT, exitShortReason);
            }
        } else if (crossed == Cross.BELOW) {
            if (range.isPreviousReady() && bar.close() < range.previousLowestMantissa()) {
                last = Direction.SHORT;
                sink.emit(Direction.SHORT, shortReason);
            } else if (last == Direction.LONG) {
                last = Direction.FLAT;
                sink.emit(Direction.FLAT, exitLongReason);
            }
        }
    }
}
