package io.aquatrade.fakebinance;

import java.math.BigDecimal;

/**
 * An order at the fake exchange, with Binance's field names. Mutable; guarded by {@link FakeExchange}.
 */
final class FakeOrder {
    final long orderId;
    final String clientOrderId;
    final String symbol;
    /** BUY or SELL */
    final String side;
    /** MARKET, LIMIT, LIMIT_MAKER, STOP_LOSS (a stop that becomes a MARKET order) or STOP_LOSS_LIMIT */
    final String type;
    /** GTC, IOC or FOK (GTC for MARKET and LIMIT_MAKER, as Binance reports them) */
    final String timeInForce;
    /** limit price, 0 for MARKET (Binance shows "0.00000000") */
    final BigDecimal price;
    /** STOP_LOSS or STOP_LOSS_LIMIT trigger price, 0 otherwise */
    final BigDecimal stopPrice;
    final BigDecimal origQty;
    final long timeMs;
    /** the asset held for the unfilled part (quote for a buy, base for a sell) */
    final String lockAsset;
    /**
     * quote per base unit held for a buy: the limit price, the ask at acceptance for a MARKET buy, the stop price for
     * a STOP_LOSS buy
     */
    final BigDecimal lockPrice;
    BigDecimal executedQty = BigDecimal.ZERO;
    BigDecimal cummulativeQuoteQty = BigDecimal.ZERO;
    /** amount of lockAsset still held for this order */
    BigDecimal locked;
    /** NEW, PARTIALLY_FILLED, FILLED, CANCELED, EXPIRED */
    String status = "NEW";
    /** false while a stop (STOP_LOSS, STOP_LOSS_LIMIT) waits for its trigger */
    boolean working;
    long updateTimeMs;
    long workingTimeMs = -1;

    FakeOrder(long orderId, String clientOrderId, String symbol, String side, String type, String timeInForce,
              BigDecimal price, BigDecimal stopPrice, BigDecimal origQty, long timeMs, String lockAsset,
              BigDecimal lockPrice, BigDecimal locked) {
        this.orderId = orderId;
        this.clientOrderId = clientOrderId;
        this.symbol = symbol;
        this.side = side;
        this.type = type;
        this.timeInForce = timeInForce;
        this.price = price;
        this.stopPrice = stopPrice;
        this.origQty = origQty;
        this.timeMs = timeMs;
        this.updateTimeMs = timeMs;
        this.lockAsset = lockAsset;
        this.lockPrice = lockPrice;
        this.locked = locked;
    }

    boolean isBuy() {
        return side.equals("BUY");
    }

    /** @return true if it matches as a MARKET order once working: MARKET, and STOP_LOSS once triggered */
    boolean isMarket() {
        return type.equals("MARKET") || type.equals("STOP_LOSS");
    }

    boolean isOpen() {
        return status.equals("NEW") || status.equals("PARTIALLY_FILLED");
    }

    BigDecimal remaining() {
        return origQty.subtract(executedQty);
    }
}
