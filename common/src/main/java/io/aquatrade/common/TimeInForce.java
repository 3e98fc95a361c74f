package io.aquatrade.common;

/** How long an order works at the venue (the field's standard terms, as Binance's {@code timeInForce}). */
public enum TimeInForce {
    /** Good till cancelled: rests until filled or cancelled. */
    GTC,
    /** Immediate or cancel: fills what it can at once; the rest expires. */
    IOC,
    /** Fill or kill: fills whole at once, or expires without filling anything. */
    FOK
}
