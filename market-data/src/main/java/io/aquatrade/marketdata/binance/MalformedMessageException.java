package io.aquatrade.marketdata.binance;

import io.aquatrade.marketdata.TickValidator;

/**
 * A venue message that cannot be converted exactly into a tick. Thrown by {@link BinanceAdapters}, caught, counted
 * and logged by {@link BinanceStreamSource}; never fatal. It carries no stack trace: the reason says it all and a
 * flood of bad messages must stay cheap.
 */
final class MalformedMessageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The kind of fault, for the validator's counters. */
    private final transient TickValidator.Reason kind;

    /**
     * @param kind   the kind of fault
     * @param reason what is wrong, naming the Binance field
     */
    MalformedMessageException(TickValidator.Reason kind, String reason) {
        super(reason, null, false, false);
        this.kind = kind;
    }

    /** @return the kind of fault */
    TickValidator.Reason kind() {
        return kind;
    }
}
