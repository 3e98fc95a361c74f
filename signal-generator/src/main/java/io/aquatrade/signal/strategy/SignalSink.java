package io.aquatrade.signal.strategy;

import io.aquatrade.common.Direction;

/**
 * Where a {@link Strategy} sends its signals while handling a bar. The sink is bound to the strategy's id and
 * instrument and stamps every signal with them, the bar's timeframe, open time and close price, a unique increasing
 * signal id and the bar's close time as event time. It passes LONG and SHORT through the entry's filters first
 * ({@link EntryFilter}): a blocked entry is dropped, or emitted as FLAT when it reverses the strategy's last signal.
 */
public interface SignalSink {
    /**
     * Emits a signal for the bar being handled. Only valid inside {@link Strategy#onBar}.
     *
     * @param direction the position the strategy wants
     * @param reason    human-readable why, e.g. "close and VWAP rose 3 bars"; pass a constant (no building per bar)
     * @throws IllegalStateException if called outside {@code onBar}
     */
    void emit(Direction direction, String reason);
}
