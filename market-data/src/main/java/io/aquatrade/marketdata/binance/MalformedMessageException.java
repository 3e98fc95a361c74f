package io.aquatrade.marketdata.binance;

/**
 * A venue message that cannot be converted exactly into a tick. Thrown by {@link BinanceAdapters}, caught, counted
 * and logged by {@link BinanceStreamSource}; never fatal. It carries no stack trace: the reason says it all and a
 * flood of bad messages must stay cheap.
 */
final class MalformedMessageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param reason what is wrong, naming the Binance field */
    MalformedMessageException(String reason) {
        super(reason, null, false, false);
    }
}
