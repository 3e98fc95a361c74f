package io.aquatrade.tools;

import java.time.Instant;


import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.BalanceUpdate;
import io.aquatrade.common.Bar;
import io.aquatrade.common.BarListener;
import io.aquatrade.common.CancelOrder;
import io.aquatrade.common.CancelRejected;
import io.aquatrade.common.ControlListener;
import io.aquatrade.common.ExecutionListener;
import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.KillSwitch;
import io.aquatrade.common.MarketDataListener;
import io.aquatrade.common.OrderAccepted;
import io.aquatrade.common.OrderCanceled;
import io.aquatrade.common.OrderDenied;
import io.aquatrade.common.OrderExpired;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.OrderListener;
import io.aquatrade.common.OrderRejected;
import io.aquatrade.common.PositionUpdate;
import io.aquatrade.common.QuoteTick;
import io.aquatrade.common.Signal;
import io.aquatrade.common.SignalListener;
import io.aquatrade.common.SubmitOrder;
import io.aquatrade.common.TradeTick;

/**
 * Renders any topic message as one readable line: event name, UTC time, then {@code key=value} fields, with
 * prices, quantities and amounts shown as decimals when the config knows the instrument or asset, else as raw
 * mantissas. Cold path: allocates freely.
 */
final class MessageFormatter implements MarketDataListener, BarListener, SignalListener, OrderListener,
        ExecutionListener, ControlListener {
    private final AquatradeConfig config;
    private final StringBuilder line = new StringBuilder();

    /** @param config for decimals; null prints mantissas */
    MessageFormatter(AquatradeConfig config) {
        this.config = config;
    }

    /** @return the line built by the last listener call */
    String line() {
        return line.toString();
    }

    private MessageFormatter start(String event, long timeNs) {
        line.setLength(0);
        line.append(time(timeNs)).append(' ').append(event);
        return this;
    }

    static String time(long timeNs) {
        if (timeNs <= 0) {
            return String.valueOf(timeNs);
        }
        return Instant.ofEpochSecond(timeNs / 1_000_000_000L, timeNs % 1_000_000_000L).toString();
    }

    private MessageFormatter kv(String key, Object value) {
        line.append(' ').append(key).append('=').append(value);
        return this;
    }

    private static String quoted(String text) {
        return '"' + text + '"';
    }

    private Instrument instrument(String symbol) {
        return config == null ? null : config.instruments().get(symbol);
    }

    private String price(String symbol, long mantissa) {
        Instrument i = instrument(symbol);
        return i == null ? Long.toString(mantissa) : i.formatPrice(mantissa);
    }

    private String size(String symbol, long mantissa) {
        Instrument i = instrument(symbol);
        return i == null ? Long.toString(mantissa) : i.formatSize(mantissa);
    }

    private String amount(String asset, long mantissa) {
        return config == null ? Long.toString(mantissa) : FixedPoint.format(mantissa, config.assetDecimals(asset));
    }

    private String quoteAmount(String symbol, long mantissa) {
        Instrument i = instrument(symbol);
        return i == null ? Long.toString(mantissa) : amount(i.quote(), mantissa);
    }

    @Override
    public void tradeTick(TradeTick t) {
        start("tradeTick", t.eventTimeNs()).kv("instrument", t.instrument())
                .kv("price", price(t.instrument(), t.price())).kv("quantity", size(t.instrument(), t.quantity()))
                .kv("aggressor", t.aggressorSide()).kv("tradeId", t.tradeId())
                .kv("received", time(t.receivedTimeNs()));
    }

    @Override
    public void quoteTick(QuoteTick q) {
        start("quoteTick", q.eventTimeNs()).kv("instrument", q.instrument())
                .kv("bid", price(q.instrument(), q.bidPrice())).kv("bidSize", size(q.instrument(), q.bidSize()))
                .kv("ask", price(q.instrument(), q.askPrice())).kv("askSize", size(q.instrument(), q.askSize()));
    }

    @Override
    public void bar(Bar b) {
        String s = b.instrument();
        start("bar", b.eventTimeNs()).kv("instrument", s)
                .kv("timeframe", AquatradeConfig.formatDurationMs(b.timeframeMs())).kv("open", time(b.openTimeNs()))
                .kv("o", price(s, b.open())).kv("h", price(s, b.high())).kv("l", price(s, b.low()))
                .kv("c", price(s, b.close())).kv("volume", size(s, b.volume()))
                .kv("buyVolume", size(s, b.buyVolume())).kv("sellVolume", size(s, b.sellVolume()))
                .kv("trades", b.tradeCount()).kv("vwap", b.vwap());
    }

    @Override
    public void signal(Signal s) {
        start("signal", s.eventTimeNs()).kv("id", s.signalId()).kv("strategy", s.strategyId())
                .kv("instrument", s.instrument()).kv("direction", s.direction())
                .kv("bar", AquatradeConfig.formatDurationMs(s.timeframeMs()) + "@" + time(s.barOpenTimeNs()))
                .kv("price", price(s.instrument(), s.price())).kv("atr", price(s.instrument(), s.atr()))
                .kv("reason", quoted(s.reason()));
        if (s.blocked()) {
            kv("blockedBy", s.blockedBy());
        }
    }

    @Override
    public void submitOrder(SubmitOrder o) {
        String s = o.instrument();
        start("submitOrder", o.eventTimeNs()).kv("clientOrderId", o.clientOrderId()).kv("strategy", o.strategyId())
                .kv("instrument", s).kv("side", o.side()).kv("type", o.orderType())
                .kv("timeInForce", o.timeInForce()).kv("quantity", size(s, o.quantity()));
        if (o.limitPrice() != 0) {
            kv("limit", price(s, o.limitPrice()));
        }
        if (o.triggerPrice() != 0) {
            kv("trigger", price(s, o.triggerPrice()));
        }
        if (o.postOnly()) {
            kv("postOnly", true);
        }
        if (o.reduceOnly()) {
            kv("reduceOnly", true);
        }
        kv("signalId", o.signalId()).kv("reason", quoted(o.reason()));
    }

    @Override
    public void cancelOrder(CancelOrder c) {
        start("cancelOrder", c.eventTimeNs()).kv("clientOrderId", c.clientOrderId()).kv("strategy", c.strategyId())
                .kv("instrument", c.instrument()).kv("reason", quoted(c.reason()));
    }

    @Override
    public void orderDenied(OrderDenied d) {
        start("orderDenied", d.eventTimeNs()).kv("strategy", d.strategyId()).kv("instrument", d.instrument())
                .kv("signalId", d.signalId()).kv("reasonCode", d.reasonCode());
        if (d.reasonCode() != null && d.reasonCode().isRiskRule()) {
            kv("limit", FixedPoint.format(d.limit(), d.decimals())).kv("value", FixedPoint.format(d.value(),
                    d.decimals()));
        }
        kv("reason", quoted(d.reason()));
    }

    @Override
    public void killSwitch(KillSwitch k) {
        line.setLength(0);
        line.append(killSwitchLine(k));
    }

    /**
     * @return e.g. {@code 2021-05-19T13:00:00Z killSwitch on=true flatten=false source=kill-switch@ops reason="crash"}
     */
    static String killSwitchLine(KillSwitch k) {
        return time(k.eventTimeNs()) + " killSwitch on=" + k.on() + " flatten=" + k.flatten() + " source="
                + k.source() + " reason=" + quoted(k.reason());
    }

    @Override
    public void orderAccepted(OrderAccepted a) {
        start("orderAccepted", a.eventTimeNs()).kv("clientOrderId", a.clientOrderId())
                .kv("venueOrderId", a.venueOrderId()).kv("strategy", a.strategyId()).kv("instrument", a.instrument());
    }

    @Override
    public void orderRejected(OrderRejected r) {
        start("orderRejected", r.eventTimeNs()).kv("clientOrderId", r.clientOrderId())
                .kv("strategy", r.strategyId()).kv("instrument", r.instrument())
                .kv("reasonCode", r.reasonCode()).kv("reason", quoted(r.reason()));
    }

    @Override
    public void orderFilled(OrderFilled f) {
        String s = f.instrument();
        start("orderFilled", f.eventTimeNs()).kv("clientOrderId", f.clientOrderId()).kv("tradeId", f.tradeId())
                .kv("strategy", f.strategyId()).kv("instrument", s).kv("side", f.side())
                .kv("price", price(s, f.fillPrice())).kv("quantity", size(s, f.fillQuantity()))
                .kv("cumulativeQuantity", size(s, f.cumulativeQuantity()))
                .kv("leavesQuantity", size(s, f.leavesQuantity())).kv("notional", quoteAmount(s, f.quoteQuantity()))
                .kv("fee", amount(f.feeAsset(), f.fee()) + " " + f.feeAsset()).kv("liquidity", f.liquiditySide())
                .kv("last", f.last());
    }

    @Override
    public void orderCanceled(OrderCanceled c) {
        start("orderCanceled", c.eventTimeNs()).kv("clientOrderId", c.clientOrderId())
                .kv("venueOrderId", c.venueOrderId()).kv("strategy", c.strategyId()).kv("instrument", c.instrument())
                .kv("cumulativeQuantity", size(c.instrument(), c.cumulativeQuantity()));
    }

    @Override
    public void orderExpired(OrderExpired e) {
        start("orderExpired", e.eventTimeNs()).kv("clientOrderId", e.clientOrderId())
                .kv("venueOrderId", e.venueOrderId()).kv("strategy", e.strategyId()).kv("instrument", e.instrument())
                .kv("cumulativeQuantity", size(e.instrument(), e.cumulativeQuantity()))
                .kv("reason", quoted(e.reason()));
    }

    @Override
    public void cancelRejected(CancelRejected r) {
        start("cancelRejected", r.eventTimeNs()).kv("clientOrderId", r.clientOrderId())
                .kv("strategy", r.strategyId()).kv("instrument", r.instrument())
                .kv("reasonCode", r.reasonCode()).kv("reason", quoted(r.reason()));
    }

    @Override
    public void reconciliation(io.aquatrade.common.ReconciliationStatus r) {
        start("reconciliation", r.eventTimeNs()).kv("instrument", r.instrument()).kv("reduceOnly", r.reduceOnly())
                .kv("reason", quoted(r.reason()));
    }

    @Override
    public void rateLimit(io.aquatrade.common.RateLimitStatus r) {
        start("rateLimit", r.eventTimeNs()).kv("ban", r.ban())
                .kv("until", java.time.Instant.ofEpochMilli(r.untilNs() / 1_000_000L)).kv("reason", quoted(r.reason()));
    }

    @Override
    public void balanceUpdate(BalanceUpdate b) {
        start("balanceUpdate", b.eventTimeNs()).kv("asset", b.asset()).kv("total", amount(b.asset(), b.total()))
                .kv("change", amount(b.asset(), b.change())).kv("cause", b.cause());
    }

    @Override
    public void positionUpdate(PositionUpdate p) {
        String s = p.instrument();
        start("positionUpdate", p.eventTimeNs()).kv("strategy", p.strategyId()).kv("instrument", s)
                .kv("quantity", size(s, p.quantity())).kv("costBasis", quoteAmount(s, p.costBasis()))
                .kv("realizedPnl", quoteAmount(s, p.realizedPnl())).kv("cause", p.cause());
    }

}
