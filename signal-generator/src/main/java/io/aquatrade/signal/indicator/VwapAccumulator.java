package io.aquatrade.signal.indicator;

import io.aquatrade.common.FixedPoint;

/**
 * The two running sums behind a volume-weighted average price: {@code sum(p * q)} and {@code sum(q)} over trades,
 * with {@code p} a price mantissa and {@code q} a quantity mantissa. Both sums are exact: the notional is kept as an
 * unsigned 128-bit integer (two longs), so even a memecoin day (10^12 units at 8 decimals times an 8-decimal price)
 * cannot overflow it; the quantity sum is kept the same way, so a session (a UTC day) of a high-volume instrument at
 * fine size decimals does not overflow either. {@link #quantity()} gives it as a long where it fits (a bar's volume).
 *
 * <p>VWAP = {@code sum(p * q) / sum(q)} (e.g. Berkowitz, Logue and Noser, "The Total Cost of Transactions on the
 * NYSE", Journal of Finance 43(1), 1988; Investopedia "Volume-Weighted Average Price"); only that final division is
 * done in {@code double}. Mutable, reused, allocation-free; not thread-safe.
 */
public final class VwapAccumulator {
    private static final double TWO_POW_64 = 0x1.0p64;

    private long notionalHigh;
    private long notionalLow;
    private long quantityHigh;
    private long quantityLow;

    /**
     * Adds a trade.
     *
     * @param price    price mantissa, &gt; 0
     * @param quantity quantity mantissa, &gt; 0
     * @throws ArithmeticException only past 2^127 (never in practice)
     */
    public void add(long price, long quantity) {
        long high = Math.multiplyHigh(price, quantity);
        long low = price * quantity;
        long sumLow = notionalLow + low;
        if (Long.compareUnsigned(sumLow, notionalLow) < 0) {
            high++;
        }
        notionalLow = sumLow;
        notionalHigh = Math.addExact(notionalHigh, high);
        long q = quantityLow + quantity;
        if (Long.compareUnsigned(q, quantityLow) < 0) {
            quantityHigh = Math.addExact(quantityHigh, 1);
        }
        quantityLow = q;
    }

    /** Clears both sums. */
    public void reset() {
        notionalHigh = 0;
        notionalLow = 0;
        quantityHigh = 0;
        quantityLow = 0;
    }

    /**
     * @return sum of quantities, size mantissa
     * @throws ArithmeticException if the sum does not fit a long (see {@link #quantityAsDouble()})
     */
    public long quantity() {
        if (quantityHigh != 0 || quantityLow < 0) {
            throw new ArithmeticException("quantity sum does not fit a long");
        }
        return quantityLow;
    }

    /** @return true while nothing was added since the last reset */
    public boolean isEmpty() {
        return quantityHigh == 0 && quantityLow == 0;
    }

    /** @return sum of quantities as the nearest double, size mantissa units */
    public double quantityAsDouble() {
        return unsigned128(quantityHigh, quantityLow);
    }

    /** @return sum(p * q) as the nearest double, in units of price mantissa x size mantissa */
    public double notional() {
        return unsigned128(notionalHigh, notionalLow);
    }

    private static double unsigned128(long high, long low) {
        double lowValue = low >= 0 ? (double) low : (double) (low >>> 1) * 2.0 + (low & 1L);
        return high * TWO_POW_64 + lowValue;
    }

    /** @return true when sum(p * q) fits a signed long; then {@link #notionalLong()} is exact */
    public boolean notionalFitsLong() {
        return notionalHigh == 0 && notionalLow >= 0;
    }

    /**
     * @return sum(p * q) exactly
     * @throws ArithmeticException if it does not fit a long
     */
    public long notionalLong() {
        if (!notionalFitsLong()) {
            throw new ArithmeticException("notional does not fit a long");
        }
        return notionalLow;
    }

    /**
     * @param priceDecimals the instrument's price decimals, 0..18
     * @return sum(p * q) / sum(q) in quote units (not a mantissa), or {@code NaN} when no quantity was added
     */
    public double vwap(int priceDecimals) {
        if (isEmpty()) {
            return Double.NaN;
        }
        return notional() / quantityAsDouble() / FixedPoint.pow10(priceDecimals);
    }
}
