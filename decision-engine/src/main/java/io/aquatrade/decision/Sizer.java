package io.aquatrade.decision;

import java.math.RoundingMode;

import io.aquatrade.common.DenyReason;
import io.aquatrade.common.Direction;
import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.InstrumentFilters;
import io.aquatrade.common.OrderType;
import io.aquatrade.common.Side;
import io.aquatrade.decision.OrderTracker.Order;
import io.aquatrade.decision.risk.FixedFractionSizing;
import io.aquatrade.decision.risk.RiskEngine;
import io.aquatrade.decision.risk.Sizing;

/**
 * Sizes and prices the {@link DecisionEngine}'s orders within the instrument's filters (Binance's PRICE_FILTER,
 * LOT_SIZE, NOTIONAL as {@link Market}'s mantissas) and the strategy's free capital: the reference price an order
 * would trade at, a marketable limit's price in whole ticks, and an entry's quantity (the fixed fraction of the free
 * quote balance, in whole steps, at least the minimum quantity and notional), denying an entry that cannot be sized
 * through {@link Denials}. Not thread-safe: the engine's thread only.
 */
final class Sizer {
    private final Denials denials;
    private final DecisionCounters counters;
    private final RiskEngine risk;

    /**
     * @param denials  where an entry that cannot be sized is denied
     * @param counters the engine's counters ({@code skippedNoPrice}, {@code skippedZeroQuantity})
     * @param risk     the strategies' sizing modes ({@link RiskEngine#sizing}) and equity
     */
    Sizer(Denials denials, DecisionCounters counters, RiskEngine risk) {
        this.denials = denials;
        this.counters = counters;
        this.risk = risk;
    }

    /**
     * The price an order of this side would trade at now: the best ask for a buy, the best bid for a sell; else the
     * last trade if it is at least as new as the signal ({@code lastTradeTimeNs >= signalTimeNs}); else
     * {@code signalPrice} (the close of the signal's bar, the last price before the bar's close time, which is newer
     * than any trade seen before that time); else the last trade; 0 if no price is known. So in a candle backtest,
     * where the bar-close trade the router fills at may reach the engine only after the signal, an order is priced
     * from that same close, not from the previous bar's.
     *
     * @param signalPrice  the signal's price (its bar's close), 0 if none
     * @param signalTimeNs the signal's event time (its bar's close time), UTC epoch ns
     */
    static long reference(Market m, Side side, long signalPrice, long signalTimeNs) {
        long quoted = side == Side.BUY ? m.ask : m.bid;
        if (quoted > 0) {
            return quoted;
        }
        if (m.lastPrice > 0 && (m.lastTradeTimeNs >= signalTimeNs || signalPrice <= 0)) {
            return m.lastPrice;
        }
        return signalPrice > 0 ? signalPrice : m.lastPrice;
    }

    /**
     * @param reference the reference price ({@link #reference}), price mantissa; 0 if none
     * @return the limit price of a signal order of this strategy ({@code orderType: limit}: {@link MarketableLimit},
     * then a whole number of ticks, rounded the marketable way), or 0 for a market order
     */
    static long limitFor(Strategy st, Market m, Side side, long reference) {
        if (st.config.orderType() != OrderType.LIMIT || reference <= 0) {
            return 0;
        }
        long price = MarketableLimit.price(side, reference, st.config.limitOffsetBps(), m.instrument.priceDecimals());
        if (m.tickSize > 0 && price % m.tickSize != 0) {
            // PRICE_FILTER: a whole number of ticks, rounded the marketable way (a buy up, a sell down)
            price = side == Side.BUY ? price - price % m.tickSize + m.tickSize : price - price % m.tickSize;
        }
        return price;
    }

    /**
     * Sizes an entry by the strategy's sizing mode ({@link Sizing}: by default fixed-fraction,
     * {@code floor(free quote balance x orderFraction / reference)} lots, {@link FixedFractionSizing}; or
     * fixed-notional, risk-per-trade with the stop distance of {@link #stopDistance}, volatility with the ATR of the
     * strategy's latest signal on the instrument), capped at what the free balance buys, the free balance being the
     * ledger's less what the strategy's entries still in flight reserve ({@link #reservedQuote}); rounded down to
     * whole steps; checked against the minimum quantity and notional. An
     * entry that cannot be sized is denied ({@link DenyReason#NO_PRICE}, {@link DenyReason#BELOW_MIN_QUANTITY},
     * {@link DenyReason#BELOW_MIN_NOTIONAL} or {@link DenyReason#INSUFFICIENT_CAPITAL}) and counted.
     *
     * @param signalId    the causing signal's id, 0 if none
     * @param reference   the price the entry would trade at, price mantissa; 0 if none is known
     * @param eventTimeNs the event time of the input that caused it, UTC epoch ns
     * @return the quantity, size mantissa, > 0; or 0 once the entry was denied
     */
    long entryQuantity(Strategy st, Market m, Direction direction, long signalId, long reference, long eventTimeNs) {
        Instrument instrument = m.instrument;
        if (reference <= 0) {
            counters.skippedNoPrice++;
            denials.deny(st, m, signalId, DenyReason.NO_PRICE, direction + " entry: no price known for "
                    + instrument.symbol() + " (no quote, no trade, signal price 0)", eventTimeNs);
            return 0;
        }
        // Entries of this strategy still in flight on other instruments have not moved the ledger yet: size from
        // what they leave free, so that simultaneous entries never overdraw the strategy's capital.
        long ledger = st.ledger.balance(instrument.quote());
        long reserved = reservedQuote(st, instrument.quote());
        long balance = Math.max(0, ledger - reserved);
        Sizing.Exact sizing = risk.sizing(st.index, m.index);
        boolean byEquity = sizing.mode() == Sizing.Mode.RISK_PER_TRADE || sizing.mode() == Sizing.Mode.VOLATILITY;
        long equity = byEquity ? risk.equity(st.index, risk.quoteIndex(m.index)) : 0;
        long distance = sizing.mode() == Sizing.Mode.RISK_PER_TRADE ? stopDistance(st, direction, reference) : 0;
        long atr = sizing.mode() == Sizing.Mode.VOLATILITY ? st.atr[m.index] : 0;
        // the filters are checked below, each with its own denial
        long quantity = sizing.quantity(balance, equity, reference, instrument.priceDecimals(),
                instrument.sizeDecimals(), distance, atr, InstrumentFilters.Exact.NONE);
        if (quantity > 0 && m.stepSize > 0) {
            quantity -= quantity % m.stepSize; // LOT_SIZE: whole steps, rounded down
            if (quantity == 0) {
                counters.skippedZeroQuantity++;
                denials.deny(st, m, signalId, DenyReason.BELOW_MIN_QUANTITY, direction + " entry: less than one step ("
                        + instrument.formatSize(m.stepSize) + ") of " + instrument.symbol(), eventTimeNs);
                return 0;
            }
        }
        if (quantity > 0 && quantity < m.minQty) {
            counters.skippedZeroQuantity++;
            denials.deny(st, m, signalId, DenyReason.BELOW_MIN_QUANTITY, direction + " entry: "
                    + instrument.formatSize(quantity) + " " + instrument.base() + " is below the minimum quantity "
                    + instrument.formatSize(m.minQty) + " of " + instrument.symbol(), eventTimeNs);
            return 0;
        }
        if (quantity > 0 && m.minNotional > 0) {
            long notional = FixedPoint.multiply(quantity, instrument.sizeDecimals(), reference,
                    instrument.priceDecimals(), m.quoteDecimals, RoundingMode.DOWN);
            if (notional < m.minNotional) {
                counters.skippedZeroQuantity++;
                denials.deny(st, m, signalId, DenyReason.BELOW_MIN_NOTIONAL, direction + " entry: "
                        + instrument.formatSize(quantity) + " x " + instrument.formatPrice(reference) + " = "
                        + FixedPoint.format(notional, m.quoteDecimals) + " " + instrument.quote()
                        + " is below the minimum notional " + FixedPoint.format(m.minNotional, m.quoteDecimals)
                        + " of " + instrument.symbol(), eventTimeNs);
                return 0;
            }
        }
        if (quantity <= 0) {
            counters.skippedZeroQuantity++;
            String free = FixedPoint.format(balance, m.quoteDecimals) + " " + instrument.quote() + " free (ledger "
                    + FixedPoint.format(ledger, m.quoteDecimals) + ", reserved "
                    + FixedPoint.format(reserved, m.quoteDecimals) + ")";
            if (FixedFractionSizing.quantityFor(balance, m.quoteDecimals, reference, instrument.priceDecimals(),
                    instrument.sizeDecimals()) <= 0) {
                denials.deny(st, m, signalId, DenyReason.INSUFFICIENT_CAPITAL, direction + " entry: " + free
                        + " buys less than one lot (" + instrument.formatSize(1) + ") of " + instrument.symbol()
                        + " at " + instrument.formatPrice(reference), eventTimeNs);
            } else if (sizing.mode() == Sizing.Mode.RISK_PER_TRADE && distance <= 0) {
                denials.deny(st, m, signalId, DenyReason.BELOW_MIN_QUANTITY, direction + " entry: risk-per-trade "
                        + "sizing needs a stop distance (stopLossBps > 0), was 0", eventTimeNs);
            } else if (sizing.mode() == Sizing.Mode.VOLATILITY && atr <= 0) {
                denials.deny(st, m, signalId, DenyReason.BELOW_MIN_QUANTITY, direction + " entry: volatility "
                        + "sizing needs the ATR, not known yet on the signal (ATR(14) warms up over 14 bars)",
                        eventTimeNs);
            } else if (sizing.mode() != Sizing.Mode.FIXED_FRACTION) {
                denials.deny(st, m, signalId, DenyReason.BELOW_MIN_QUANTITY, direction + " entry: " + free
                        + ", equity " + FixedPoint.format(equity, m.quoteDecimals) + ": " + sizing.mode()
                        .configName() + " sizing gives less than one lot (" + instrument.formatSize(1) + ") of "
                        + instrument.symbol() + " at " + instrument.formatPrice(reference), eventTimeNs);
            } else {
                denials.deny(st, m, signalId, DenyReason.BELOW_MIN_QUANTITY, direction + " entry: " + free
                        + " x orderFraction " + st.config.orderFraction().toPlainString() + " = "
                        + FixedPoint.format(st.sizing.budget(balance, m.quoteDecimals), m.quoteDecimals) + " "
                        + instrument.quote() + " is less than one lot (" + instrument.formatSize(1) + ") of "
                        + instrument.symbol() + " at " + instrument.formatPrice(reference), eventTimeNs);
            }
            return 0;
        }
        return quantity;
    }

    /**
     * The distance from an entry at {@code reference} to the stop it would have at once, for risk-per-trade sizing:
     * the {@code stopLossBps} stop, tightened by a trailing stop measured from the entry itself (the best price
     * since entry starts at the entry), as {@code ProtectiveStops} sets it after the fill.
     *
     * @return |reference - stop|, price mantissa, &gt;= 0 (0 without a stop: {@code stopLossBps: 0})
     */
    static long stopDistance(Strategy st, Direction direction, long reference) {
        if (direction == Direction.LONG) {
            long stop = st.stopLoss.triggerPrice(reference);
            if (st.trailing != null) {
                stop = Math.max(stop, st.trailing.triggerPrice(reference));
            }
            return Math.max(0, reference - stop);
        }
        long stop = st.stopLoss.shortTriggerPrice(reference);
        if (st.trailing != null) {
            stop = Math.min(stop, st.trailing.shortTriggerPrice(reference));
        }
        return Math.max(0, stop - reference);
    }

    /**
     * @return quote amount (asset mantissa) set aside for the unfilled part of the strategy's entry orders in
     * flight whose instrument is quoted in {@code quote}: remaining quantity x the reference price they were sized at
     */
    private static long reservedQuote(Strategy st, String quote) {
        long reserved = 0;
        for (Order<OrderContext> o : st.lastOrders) {
            if (o != null && o.attachment().market.instrument.quote().equals(quote)) {
                reserved = Math.addExact(reserved, reserved(o));
            }
        }
        return reserved;
    }

    /**
     * @return quote amount (mantissa of the instrument's quote asset) the strategy's entry order in flight on the
     * instrument still reserves, 0 when none is working: its unfilled quantity x the price it was sized at, rounded up
     */
    static long reservedOn(Strategy st, Market m) {
        return reserved(st.lastOrders[m.index]);
    }

    private static long reserved(Order<OrderContext> o) {
        if (o == null || o.state().isFinal() || o.attachment().reservePrice <= 0) {
            return 0;
        }
        long remaining = o.openQuantity();
        if (remaining <= 0) {
            return 0;
        }
        OrderContext so = o.attachment();
        Instrument i = so.market.instrument;
        return FixedPoint.multiply(remaining, i.sizeDecimals(), so.reservePrice, i.priceDecimals(),
                so.market.quoteDecimals, RoundingMode.UP);
    }
}
