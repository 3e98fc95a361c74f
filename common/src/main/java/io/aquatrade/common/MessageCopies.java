package io.aquatrade.common;

/**
 * Field-by-field copies of every topic message, used by {@link MemoryTopic} to copy a writer's (reused) message into
 * a pooled slot without allocating, and by anyone who keeps a message beyond its listener call (much cheaper than
 * Chronicle's reflective {@code deepCopy()}). Every field of these classes is a primitive, an enum or a
 * {@link String}, so a field copy is a full copy. {@code TopicRegistryTest} fails when a message gains a field that
 * is not copied here.
 */
public final class MessageCopies {
    private MessageCopies() {
    }

    /** Copies every field of {@code from} into {@code to}; {@code to}'s previous values are all overwritten. */
    public static void copy(TradeTick from, TradeTick to) {
        to.instrument(from.instrument());
        to.price(from.price());
        to.quantity(from.quantity());
        to.aggressorSide(from.aggressorSide());
        to.tradeId(from.tradeId());
        to.eventTimeNs(from.eventTimeNs());
        to.receivedTimeNs(from.receivedTimeNs());
        to.afterGap(from.afterGap());
    }

    /** Copies every field of {@code from} into {@code to}; {@code to}'s previous values are all overwritten. */
    public static void copy(QuoteTick from, QuoteTick to) {
        to.instrument(from.instrument());
        to.bidPrice(from.bidPrice());
        to.bidSize(from.bidSize());
        to.askPrice(from.askPrice());
        to.askSize(from.askSize());
        to.eventTimeNs(from.eventTimeNs());
        to.receivedTimeNs(from.receivedTimeNs());
    }

    /** Copies every field of {@code from} into {@code to}; {@code to}'s previous values are all overwritten. */
    public static void copy(Bar from, Bar to) {
        to.instrument(from.instrument());
        to.timeframeMs(from.timeframeMs());
        to.openTimeNs(from.openTimeNs());
        to.open(from.open());
        to.high(from.high());
        to.low(from.low());
        to.close(from.close());
        to.volume(from.volume());
        to.buyVolume(from.buyVolume());
        to.sellVolume(from.sellVolume());
        to.tradeCount(from.tradeCount());
        to.vwap(from.vwap());
        to.vwapEstimated(from.vwapEstimated());
        to.gap(from.gap());
        to.ema9(from.ema9());
        to.ema20(from.ema20());
        to.ema200(from.ema200());
        to.sma9(from.sma9());
        to.atr14(from.atr14());
        to.eventTimeNs(from.eventTimeNs());
    }

    /** Copies every field of {@code from} into {@code to}; {@code to}'s previous values are all overwritten. */
    public static void copy(Signal from, Signal to) {
        to.signalId(from.signalId());
        to.strategyId(from.strategyId());
        to.instrument(from.instrument());
        to.direction(from.direction());
        to.timeframeMs(from.timeframeMs());
        to.barOpenTimeNs(from.barOpenTimeNs());
        to.price(from.price());
        to.atr(from.atr());
        to.reason(from.reason());
        to.blockedBy(from.blockedBy());
        to.eventTimeNs(from.eventTimeNs());
    }

    /** Copies every field of {@code from} into {@code to}; {@code to}'s previous values are all overwritten. */
    public static void copy(SubmitOrder from, SubmitOrder to) {
        to.clientOrderId(from.clientOrderId());
        to.strategyId(from.strategyId());
        to.instrument(from.instrument());
        to.side(from.side());
        to.orderType(from.orderType());
        to.quantity(from.quantity());
        to.limitPrice(from.limitPrice());
        to.triggerPrice(from.triggerPrice());
        to.timeInForce(from.timeInForce());
        to.postOnly(from.postOnly());
        to.reduceOnly(from.reduceOnly());
        to.signalId(from.signalId());
        to.reason(from.reason());
        to.eventTimeNs(from.eventTimeNs());
    }

    /** Copies every field of {@code from} into {@code to}; {@code to}'s previous values are all overwritten. */
    public static void copy(OrderAccepted from, OrderAccepted to) {
        to.clientOrderId(from.clientOrderId());
        to.venueOrderId(from.venueOrderId());
        to.strategyId(from.strategyId());
        to.instrument(from.instrument());
        to.eventTimeNs(from.eventTimeNs());
    }

    /** Copies every field of {@code from} into {@code to}; {@code to}'s previous values are all overwritten. */
    public static void copy(OrderRejected from, OrderRejected to) {
        to.clientOrderId(from.clientOrderId());
        to.strategyId(from.strategyId());
        to.instrument(from.instrument());
        to.reasonCode(from.reasonCode());
        to.reason(from.reason());
        to.eventTimeNs(from.eventTimeNs());
    }

    /** Copies every field of {@code from} into {@code to}; {@code to}'s previous values are all overwritten. */
    public static void copy(OrderFilled from, OrderFilled to) {
        to.clientOrderId(from.clientOrderId());
        to.venueOrderId(from.venueOrderId());
        to.tradeId(from.tradeId());
        to.strategyId(from.strategyId());
        to.instrument(from.instrument());
        to.side(from.side());
        to.fillPrice(from.fillPrice());
        to.fillQuantity(from.fillQuantity());
        to.quoteQuantity(from.quoteQuantity());
        to.cumulativeQuantity(from.cumulativeQuantity());
        to.leavesQuantity(from.leavesQuantity());
        to.fee(from.fee());
        to.feeAsset(from.feeAsset());
        to.liquiditySide(from.liquiditySide());
        to.last(from.last());
        to.eventTimeNs(from.eventTimeNs());
    }

    /** Copies every field of {@code from} into {@code to}; {@code to}'s previous values are all overwritten. */
    public static void copy(BalanceUpdate from, BalanceUpdate to) {
        to.asset(from.asset());
        to.total(from.total());
        to.change(from.change());
        to.cause(from.cause());
        to.eventTimeNs(from.eventTimeNs());
    }

    /** Copies every field of {@code from} into {@code to}; {@code to}'s previous values are all overwritten. */
    public static void copy(PositionUpdate from, PositionUpdate to) {
        to.strategyId(from.strategyId());
        to.instrument(from.instrument());
        to.quantity(from.quantity());
        to.costBasis(from.costBasis());
        to.realizedPnl(from.realizedPnl());
        to.cause(from.cause());
        to.eventTimeNs(from.eventTimeNs());
    }
    /** Copies every field of {@code from} into {@code to}; {@code to}'s previous values are all overwritten. */
    public static void copy(CancelOrder from, CancelOrder to) {
        to.clientOrderId(from.clientOrderId());
        to.strategyId(from.strategyId());
        to.instrument(from.instrument());
        to.reason(from.reason());
        to.eventTimeNs(from.eventTimeNs());
    }

    /** Copies every field of {@code from} into {@code to}; {@code to}'s previous values are all overwritten. */
    public static void copy(OrderDenied from, OrderDenied to) {
        to.strategyId(from.strategyId());
        to.instrument(from.instrument());
        to.signalId(from.signalId());
        to.reasonCode(from.reasonCode());
        to.reason(from.reason());
        to.limit(from.limit());
        to.value(from.value());
        to.decimals(from.decimals());
        to.eventTimeNs(from.eventTimeNs());
    }

    /** Copies every field of {@code from} into {@code to}; {@code to}'s previous values are all overwritten. */
    public static void copy(ReconciliationStatus from, ReconciliationStatus to) {
        to.instrument(from.instrument());
        to.reduceOnly(from.reduceOnly());
        to.reason(from.reason());
        to.eventTimeNs(from.eventTimeNs());
    }

    /** Copies every field of {@code from} into {@code to}; {@code to}'s previous values are all overwritten. */
    public static void copy(RateLimitStatus from, RateLimitStatus to) {
        to.ban(from.ban());
        to.untilNs(from.untilNs());
        to.reason(from.reason());
        to.eventTimeNs(from.eventTimeNs());
    }

    /** Copies every field of {@code from} into {@code to}; {@code to}'s previous values are all overwritten. */
    public static void copy(KillSwitch from, KillSwitch to) {
        to.on(from.on());
        to.flatten(from.flatten());
        to.reason(from.reason());
        to.source(from.source());
        to.eventTimeNs(from.eventTimeNs());
    }

    /** Copies every field of {@code from} into {@code to}; {@code to}'s previous values are all overwritten. */
    public static void copy(OrderCanceled from, OrderCanceled to) {
        to.clientOrderId(from.clientOrderId());
        to.venueOrderId(from.venueOrderId());
        to.strategyId(from.strategyId());
        to.instrument(from.instrument());
        to.cumulativeQuantity(from.cumulativeQuantity());
        to.eventTimeNs(from.eventTimeNs());
    }

    /** Copies every field of {@code from} into {@code to}; {@code to}'s previous values are all overwritten. */
    public static void copy(OrderExpired from, OrderExpired to) {
        to.clientOrderId(from.clientOrderId());
        to.venueOrderId(from.venueOrderId());
        to.strategyId(from.strategyId());
        to.instrument(from.instrument());
        to.cumulativeQuantity(from.cumulativeQuantity());
        to.reason(from.reason());
        to.eventTimeNs(from.eventTimeNs());
    }

    /** Copies every field of {@code from} into {@code to}; {@code to}'s previous values are all overwritten. */
    public static void copy(CancelRejected from, CancelRejected to) {
        to.clientOrderId(from.clientOrderId());
        to.strategyId(from.strategyId());
        to.instrument(from.instrument());
        to.reasonCode(from.reasonCode());
        to.reason(from.reason());
        to.eventTimeNs(from.eventTimeNs());
    }
}
