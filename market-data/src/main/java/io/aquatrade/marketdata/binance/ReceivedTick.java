package io.aquatrade.marketdata.binance;

import io.aquatrade.common.Instrument;
import io.aquatrade.common.Side;

/**
 * What an I/O thread hands to the agent thread through the bounded queue: a small immutable copy of one venue
 * message, already converted to mantissas and epoch nanoseconds, so that the agent thread only copies fields into
 * its reused {@link io.aquatrade.common.TradeTick} / {@link io.aquatrade.common.QuoteTick}.
 */
sealed interface ReceivedTick permits ReceivedTick.Trade, ReceivedTick.Quote {

    /** @return the instrument the message is about */
    Instrument instrument();

    /** @return when the message arrived, from the source's clock, UTC epoch ns */
    long receivedTimeNs();

    /**
     * One Binance {@code <symbol>@trade} message.
     *
     * @param price          mantissa with the instrument's {@code priceDecimals}, as sent (the validator checks it)
     * @param quantity       mantissa with the instrument's {@code sizeDecimals}, as sent
     * @param aggressorSide  {@link Side#SELL} when the buyer was the maker ({@code "m": true})
     * @param tradeId        Binance trade id ({@code "t"})
     * @param eventTimeNs    trade time ({@code "T"}), UTC epoch ns
     * @param receivedTimeNs arrival time, UTC epoch ns
     */
    record Trade(Instrument instrument, long price, long quantity, Side aggressorSide, long tradeId,
                 long eventTimeNs, long receivedTimeNs) implements ReceivedTick {
    }

    /**
     * One Binance {@code <symbol>@bookTicker} message: best bid and ask. Spot book tickers carry no time, so the
     * event time of the resulting quote is the arrival time.
     *
     * @param bidPrice       mantissa with {@code priceDecimals}, as sent (the validator checks it)
     * @param bidSize        mantissa with {@code sizeDecimals}, as sent
     * @param askPrice       mantissa with {@code priceDecimals}, as sent
     * @param askSize        mantissa with {@code sizeDecimals}, as sent
     * @param updateId       Binance order book update id ({@code "u"}), -1 if the message has none
     * @param receivedTimeNs arrival time, UTC epoch ns
     */
    record Quote(Instrument instrument, long bidPrice, long bidSize, long askPrice, long askSize, long updateId,
                 long receivedTimeNs) implements ReceivedTick {
    }
}
