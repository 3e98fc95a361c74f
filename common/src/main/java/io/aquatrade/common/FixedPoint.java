package io.aquatrade.common;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Exact decimal arithmetic on {@code long} mantissas: a value {@code v} with {@code d} decimals is stored as
 * {@code v * 10^d}. Aquatrade keeps every price, quantity and asset amount this way (see docs/money.md); the scale
 * of a price or quantity is its instrument's, the scale of an amount its asset's.
 *
 * <p>All methods are static, allocation-free on the {@code long} paths, and throw {@link ArithmeticException} on
 * overflow instead of wrapping. Decimals range from 0 to {@value #MAX_DECIMALS}.
 */
public final class FixedPoint {
    /** Largest supported number of decimals. */
    public static final int MAX_DECIMALS = 18;

    private static final long[] POW10 = new long[MAX_DECIMALS + 1];

    static {
        long p = 1;
        for (int i = 0; i <= MAX_DECIMALS; i++) {
            POW10[i] = p;
            p *= 10;
        }
    }

    private FixedPoint() {
    }

    /**
     * @param decimals 0..18
     * @return 10^decimals
     * @throws IllegalArgumentException if decimals is out of range
     */
    public static long pow10(int decimals) {
        if (decimals < 0 || decimals > MAX_DECIMALS) {
            throw new IllegalArgumentException("decimals must be 0.." + MAX_DECIMALS + ", was " + decimals);
        }
        return POW10[decimals];
    }

    /**
     * Parses a plain decimal number ("0.00141342", "23.00000000", "-1.5", "1e-3" is not accepted) into a mantissa
     * with {@code decimals} decimals, exactly. Trailing zeros beyond the scale are accepted; a non-zero digit beyond
     * it is an error, because rounding market data would silently change it.
     *
     * @param text     the number; an optional leading '-' and at most one '.'
     * @param decimals the target scale, 0..18
     * @return the mantissa
     * @throws NumberFormatException if the text is not a plain decimal number, has non-zero digits beyond the scale,
     *                               or does not fit in a long at that scale
     */
    public static long parse(CharSequence text, int decimals) {
        return parse(text, 0, text.length(), decimals);
    }

    /**
     * Parses {@code text[start, end)}; see {@link #parse(CharSequence, int)}.
     *
     * @throws NumberFormatException as {@link #parse(CharSequence, int)}
     */
    public static long parse(CharSequence text, int start, int end, int decimals) {
        pow10(decimals);
        int i = start;
        boolean negative = false;
        if (i < end && text.charAt(i) == '-') {
            negative = true;
            i++;
        }
        if (i >= end) {
            throw new NumberFormatException("not a decimal number: '" + text.subSequence(start, end) + "'");
        }
        long value = 0;
        int fractionDigits = -1;
        boolean anyDigit = false;
        for (; i < end; i++) {
            char c = text.charAt(i);
            if (c == '.') {
                if (fractionDigits >= 0) {
                    throw new NumberFormatException("two decimal points in '" + text.subSequence(start, end) + "'");
                }
                fractionDigits = 0;
                continue;
            }
            if (c < '0' || c > '9') {
                throw new NumberFormatException("not a decimal number: '" + text.subSequence(start, end) + "'");
            }
            anyDigit = true;
            if (fractionDigits >= 0) {
                if (fractionDigits == decimals) {
                    if (c != '0') {
                        throw new NumberFormatException("'" + text.subSequence(start, end) + "' has more than "
                                + decimals + " decimals");
                    }
                    continue;
                }
                fractionDigits++;
            }
            try {
                value = Math.addExact(Math.multiplyExact(value, 10L), c - '0');
            } catch (ArithmeticException e) {
                throw new NumberFormatException("'" + text.subSequence(start, end) + "' does not fit at " + decimals
                        + " decimals");
            }
        }
        if (!anyDigit) {
            throw new NumberFormatException("not a decimal number: '" + text.subSequence(start, end) + "'");
        }
        int scaleUp = decimals - Math.max(fractionDigits, 0);
        try {
            value = Math.multiplyExact(value, POW10[scaleUp]);
        } catch (ArithmeticException e) {
            throw new NumberFormatException("'" + text.subSequence(start, end) + "' does not fit at " + decimals
                    + " decimals");
        }
        return negative ? -value : value;
    }

    /**
     * Converts an exact decimal (a cold-edge value such as a config entry) to a mantissa.
     *
     * @throws ArithmeticException if the value has non-zero digits beyond the scale or overflows a long
     */
    public static long fromBigDecimal(BigDecimal value, int decimals) {
        return value.setScale(decimals, RoundingMode.UNNECESSARY).unscaledValue().longValueExact();
    }

    /** @return the mantissa as an exact {@link BigDecimal} (cold paths only: it allocates) */
    public static BigDecimal toBigDecimal(long mantissa, int decimals) {
        return BigDecimal.valueOf(mantissa, decimals);
    }

    /** @return the mantissa as plain text with exactly {@code decimals} decimals, e.g. "0.00141342" */
    public static String format(long mantissa, int decimals) {
        return toBigDecimal(mantissa, decimals).toPlainString();
    }

    /** @return the nearest double; for indicator math and display only, never for a ledger */
    public static double toDouble(long mantissa, int decimals) {
        return mantissa / (double) pow10(decimals);
    }

    /**
     * Multiplies two mantissas and rescales the product to {@code resultDecimals}:
     * {@code a[aDecimals] * b[bDecimals] -> result[resultDecimals]}, rounding as asked. Used for notional
     * (price x quantity into the quote asset's scale) and fees.
     *
     * @param rounding {@link RoundingMode#UP}, {@link RoundingMode#DOWN}, {@link RoundingMode#HALF_EVEN} or
     *                 {@link RoundingMode#UNNECESSARY}
     * @throws ArithmeticException on overflow, or if rounding is UNNECESSARY and the result is inexact
     */
    public static long multiply(long a, int aDecimals, long b, int bDecimals, int resultDecimals,
                                RoundingMode rounding) {
        int shift = aDecimals + bDecimals - resultDecimals;
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        boolean fitsLong = (high == 0 && low >= 0) || (high == -1 && low < 0);
        if (fitsLong && shift <= 0) {
            return Math.multiplyExact(low, pow10(-shift));
        }
        if (fitsLong && shift <= MAX_DECIMALS) {
            return divide(low, pow10(shift), rounding);
        }
        // Rare: the intermediate product does not fit a long. Exact but allocating.
        BigDecimal product = BigDecimal.valueOf(a).multiply(BigDecimal.valueOf(b)).movePointLeft(shift);
        return product.setScale(0, rounding).longValueExact();
    }

    /**
     * Divides with an explicit rounding mode.
     *
     * @throws ArithmeticException if divisor is zero, or rounding is UNNECESSARY and the result is inexact
     */
    public static long divide(long dividend, long divisor, RoundingMode rounding) {
        long q = dividend / divisor;
        long r = dividend % divisor;
        if (r == 0) {
            return q;
        }
        long signum = ((dividend ^ divisor) >> 63) | 1;
        switch (rounding) {
            case DOWN:
                return q;
            case UP:
                return q + signum;
            case FLOOR:
                return signum < 0 ? q - 1 : q;
            case CEILING:
                return signum > 0 ? q + 1 : q;
            case HALF_EVEN:
            case HALF_UP:
            case HALF_DOWN: {
                long twice = Math.abs(r) * 2;
                long abs = Math.abs(divisor);
                if (twice > abs || (twice == abs && (rounding == RoundingMode.HALF_UP
                        || (rounding == RoundingMode.HALF_EVEN && (q & 1) != 0)))) {
                    return q + signum;
                }
                return q;
            }
            default:
                throw new ArithmeticException("inexact division " + dividend + " / " + divisor);
        }
    }

    /**
     * Rescales a mantissa from one scale to another.
     *
     * @throws ArithmeticException on overflow or if rounding is UNNECESSARY and digits would be lost
     */
    public static long rescale(long mantissa, int fromDecimals, int toDecimals, RoundingMode rounding) {
        if (toDecimals >= fromDecimals) {
            return Math.multiplyExact(mantissa, pow10(toDecimals - fromDecimals));
        }
        return divide(mantissa, pow10(fromDecimals - toDecimals), rounding);
    }
}
