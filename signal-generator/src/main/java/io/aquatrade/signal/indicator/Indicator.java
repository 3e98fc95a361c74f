package io.aquatrade.signal.indicator;

/**
 * An indicator's current value as of the last closed bar it was given.
 *
 * <p>Contract: {@link #value()} is {@code NaN} until {@link #isReady()} turns true (the warm-up documented on each
 * implementation), so a strategy can never act on a half-formed value by accident. Not thread-safe.
 */
public interface Indicator {
    /** @return true once the warm-up is over and {@link #value()} is meaningful */
    boolean isReady();

    /** @return the current value in quote units (for price-like indicators), or {@code NaN} while not ready */
    double value();
}
