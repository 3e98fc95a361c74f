package io.aquatrade.decision.risk;

import java.math.BigDecimal;

/**
 * A trailing stop whose distance from the best trade price since entry is a multiple M of the ATR: Chuck LeBeau's
 * chandelier exit, which "hangs from the ceiling" of the trade, the highest high since entry minus M x ATR (as
 * described in Alexander Elder, <i>Come Into My Trading Room</i>, 2002), with J. Welles Wilder's Average True Range
 * (<i>New Concepts in Technical Trading Systems</i>, 1978) as the signal generator computes it ({@code Signal.atr()}:
 * ATR(14) of the signal's instrument and timeframe). The ceiling here is the best trade price since entry, not the best
 * bar high:
 *
 * <pre>
 *   long:  mark &lt; best - M x ATR     (best = highest trade since entry; mark = best bid, else last trade)
 *   short: mark &gt; best + M x ATR     (best = lowest trade since entry;  mark = best ask, else last trade)
 * </pre>
 *
 * This class computes the level for one best price and ATR; the chandelier level itself can move against the position
 * when the ATR grows, so its caller keeps the conservative variant Elder describes and never loosens the stop in force.
 *
 * <p>The same "strictly beyond" semantics as {@link StopLoss}. Prices are integers (mantissas), so with
 * {@code distance = floor(M x ATR)}: {@code mark < best - M x ATR} is {@code mark < ceil(best - M x ATR)} =
 * {@code best - floor(M x ATR)}, and {@code mark > best + M x ATR} is {@code mark > floor(best + M x ATR)} =
 * {@code best + floor(M x ATR)}. M has at most 2 decimals and is held as {@code M x 100}, so
 * {@code floor(M x ATR) = (M x 100 x ATR) / 100} in exact integer arithmetic. Immutable.
 */
public final class AtrTrailingStop {
    /** Largest multiple accepted. */
    public static final BigDecimal MAX_MULTIPLE = BigDecimal.valueOf(100);
    /** Most decimals of the multiple. */
    public static final int MAX_DECIMALS = 2;

    private final long multipleHundredths;

    /**
     * @param multiple M, the distance in ATRs: in (0, 100], at most 2 decimals
     * @throws IllegalArgumentException if out of range or with more decimals
     */
    public AtrTrailingStop(BigDecimal multiple) {
        if (multiple == null || multiple.signum() <= 0 || multiple.compareTo(MAX_MULTIPLE) > 0
                || multiple.stripTrailingZeros().scale() > MAX_DECIMALS) {
            throw new IllegalArgumentException("the ATR multiple must be in (0, " + MAX_MULTIPLE + "] with at most "
                    + MAX_DECIMALS + " decimals, was " + (multiple == null ? "missing" : multiple.toPlainString()));
        }
        this.multipleHundredths = multiple.movePointRight(MAX_DECIMALS).longValueExact();
    }

    /**
     * @param atr the ATR, price mantissa, &gt;= 0 (0: unknown)
     * @return floor(M x atr), price mantissa, &gt;= 0
     * @throws ArithmeticException if {@code M x 100 x atr} does not fit a long
     */
    public long distance(long atr) {
        return Math.multiplyExact(multipleHundredths, atr) / 100;
    }

    /**
     * @param best the highest trade price since the long was opened, price mantissa, &gt; 0
     * @param atr  the ATR, price mantissa; &lt;= 0 means unknown
     * @return {@code best - floor(M x atr)}, price mantissa: the long is stopped when its mark is strictly below it;
     * 0 if the ATR is unknown or the distance reaches the best price (no trailing stop then)
     */
    public long triggerPrice(long best, long atr) {
        if (atr <= 0) {
            return 0;
        }
        return Math.max(0, best - distance(atr));
    }

    /**
     * @param best the lowest trade price since the short was opened, price mantissa, &gt; 0
     * @param atr  the ATR, price mantissa; &lt;= 0 means unknown
     * @return {@code best + floor(M x atr)}, price mantissa: the short is bought back when its mark is strictly above
     * it; 0 if the ATR is unknown (no trailing stop then)
     * @throws ArithmeticException if the trigger does not fit a long
     */
    public long shortTriggerPrice(long best, long atr) {
        if (atr <= 0) {
            return 0;
        }
        return Math.addExact(best, distance(atr));
    }
}
