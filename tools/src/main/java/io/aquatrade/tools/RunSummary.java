package io.aquatrade.tools;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.BalanceUpdate;
import io.aquatrade.common.Bar;
import io.aquatrade.common.BarListener;
import io.aquatrade.common.CancelOrder;
import io.aquatrade.common.CancelRejected;
import io.aquatrade.common.ExecutionListener;
import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.Instrument;
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
 * What a run produced, read back from every topic: counts per message kind, orders by final state, denials by reason
 * and the orders still open ({@link OrderStates}), balances before and after, fees, open positions marked at the last
 * trade price with their unrealised P&amp;L, realised P&amp;L, and P&amp;L per quote asset. Equity in a quote asset
 * is its balance plus every base asset traded against it, marked at its instrument's last trade price; P&amp;L is
 * final minus initial equity, both marked at that same last price, so it measures trading (fills and fees), not the
 * market's move on the starting balances.
 */
final class RunSummary implements MarketDataListener, BarListener, SignalListener, OrderListener, ExecutionListener {
    private final AquatradeConfig config;
    long tradeTicks;
    long quoteTicks;
    long bars;
    long signals;
    long orders;
    long accepted;
    long rejected;
    long fills;
    final Map<String, Long> initialBalances = new LinkedHashMap<>();
    final Map<String, Long> finalBalances = new LinkedHashMap<>();
    final Map<String, Long> fees = new LinkedHashMap<>();
    final Map<String, Long> lastPrice = new LinkedHashMap<>();
    final Map<String, Long> realizedPnl = new LinkedHashMap<>();
    /** Last {@link PositionUpdate} per "strategy instrument". */
    final Map<String, Position> positions = new LinkedHashMap<>();
    final OrderStates orderStates = new OrderStates();
    /** Instruments the router's reconciliation left reduce-only, with its reason, in the order they became so. */
    final Map<String, String> reduceOnly = new LinkedHashMap<>();
    /** Whether market-data ended its stream, and whether that end was marked incomplete (a file stopped parsing). */
    boolean marketDataEnded;
    boolean marketDataIncomplete;

    /** A strategy's position on an instrument as its last {@link PositionUpdate} left it; mantissas. */
    record Position(String strategyId, String instrument, long quantity, long costBasis) {
    }

    RunSummary(AquatradeConfig config) {
        this.config = config;
    }

    @Override
    public void tradeTick(TradeTick t) {
        tradeTicks++;
        lastPrice.put(t.instrument(), t.price());
    }

    @Override
    public void quoteTick(QuoteTick q) {
        quoteTicks++;
    }

    @Override
    public void bar(Bar b) {
        bars++;
    }

    @Override
    public void signal(Signal s) {
        signals++;
    }

    @Override
    public void submitOrder(SubmitOrder o) {
        orders++;
        orderStates.submitOrder(o);
    }

    @Override
    public void cancelOrder(CancelOrder c) {
        orderStates.cancelOrder(c);
    }

    @Override
    public void orderDenied(OrderDenied d) {
        orderStates.orderDenied(d);
    }

    @Override
    public void orderAccepted(OrderAccepted a) {
        accepted++;
        orderStates.orderAccepted(a);
    }

    @Override
    public void orderRejected(OrderRejected r) {
        rejected++;
        orderStates.orderRejected(r);
    }

    @Override
    public void orderFilled(OrderFilled f) {
        fills++;
        fees.merge(f.feeAsset(), f.fee(), Math::addExact);
        orderStates.orderFilled(f);
    }

    @Override
    public void orderCanceled(OrderCanceled c) {
        orderStates.orderCanceled(c);
    }

    @Override
    public void orderExpired(OrderExpired e) {
        orderStates.orderExpired(e);
    }

    @Override
    public void cancelRejected(CancelRejected r) {
        orderStates.cancelRejected(r);
    }

    @Override
    public void reconciliation(io.aquatrade.common.ReconciliationStatus status) {
        if (status.reduceOnly()) {
            reduceOnly.put(status.instrument(), status.reason());
        } else {
            reduceOnly.remove(status.instrument());
        }
    }

    @Override
    public void balanceUpdate(BalanceUpdate b) {
        if ("initial".equals(b.cause())) {
            initialBalances.put(b.asset(), b.total());
        }
        finalBalances.put(b.asset(), b.total());
    }

    @Override
    public void positionUpdate(PositionUpdate p) {
        String key = p.strategyId() + " " + p.instrument();
        realizedPnl.put(key, p.realizedPnl());
        positions.put(key, new Position(p.strategyId(), p.instrument(), p.quantity(), p.costBasis()));
    }

    private String amount(String asset, long mantissa) {
        return FixedPoint.format(mantissa, config.assetDecimals(asset));
    }

    /** Equity of the balances in {@code quote}, marking base assets at last trade prices; null if a price is missing. */
    private BigDecimal equity(Map<String, Long> balances, String quote) {
        BigDecimal total = FixedPoint.toBigDecimal(balances.getOrDefault(quote, 0L), config.assetDecimals(quote));
        Map<String, Boolean> counted = new LinkedHashMap<>();
        for (Instrument i : config.instruments().values()) {
            if (!i.quote().equals(quote) || counted.containsKey(i.base())) {
                continue;
            }
            counted.put(i.base(), true);
            long held = balances.getOrDefault(i.base(), 0L);
            if (held == 0) {
                continue;
            }
            Long price = lastPrice.get(i.symbol());
            if (price == null) {
                return null;
            }
            total = total.add(FixedPoint.toBigDecimal(held, config.assetDecimals(i.base()))
                    .multiply(FixedPoint.toBigDecimal(price, i.priceDecimals())));
        }
        return total;
    }

    /**
     * Records how the market-data topic ended, as its reader saw it.
     *
     * @param ended      the writer announced the end of its stream
     * @param incomplete that end is marked {@link io.aquatrade.common.Progress#incomplete()}
     */
    void marketDataEnd(boolean ended, boolean incomplete) {
        marketDataEnded = ended;
        marketDataIncomplete = incomplete;
    }

    /** Prints one labelled value per line. */
    void print(PrintStream out) {
        out.println("market-data: " + (!marketDataEnded ? "not ended"
                : marketDataIncomplete ? "ended INCOMPLETE (a replayed file stopped parsing: see logs/market-data.log)"
                : "ended"));
        out.println("ticks: " + tradeTicks);
        out.println("quotes: " + quoteTicks);
        out.println("bars: " + bars);
        out.println("signals: " + signals);
        out.println("orders: " + orders);
        out.println("accepted: " + accepted);
        out.println("rejected: " + rejected);
        out.println("fills: " + fills);
        printOrders(out);
        for (String asset : finalBalances.keySet()) {
            long before = initialBalances.getOrDefault(asset, 0L);
            long after = finalBalances.get(asset);
            out.println("balance " + asset + ": " + amount(asset, after) + " (start " + amount(asset, before)
                    + ", change " + amount(asset, after - before) + ")");
        }
        for (Map.Entry<String, Long> e : fees.entrySet()) {
            out.println("fees " + e.getKey() + ": " + amount(e.getKey(), e.getValue()));
        }
        printPositions(out);
        for (Map.Entry<String, Long> e : realizedPnl.entrySet()) {
            String symbol = e.getKey().substring(e.getKey().indexOf(' ') + 1);
            Instrument i = config.instruments().get(symbol);
            String quote = i == null ? "?" : i.quote();
            out.println("realized pnl " + e.getKey() + ": " + (i == null ? e.getValue() : amount(quote, e.getValue()))
                    + " " + quote);
        }
        Map<String, Boolean> quotes = new LinkedHashMap<>();
        config.instruments().values().forEach(i -> quotes.put(i.quote(), true));
        for (String quote : quotes.keySet()) {
            BigDecimal start = equity(initialBalances, quote);
            BigDecimal end = equity(finalBalances, quote);
            if (start == null || end == null) {
                out.println("pnl " + quote + ": unknown (no last price to mark a holding)");
                continue;
            }
            BigDecimal pnl = end.subtract(start);
            String pct = start.signum() == 0 ? "n/a" : pnl.multiply(BigDecimal.valueOf(100))
                    .divide(start, 4, java.math.RoundingMode.HALF_EVEN).toPlainString() + "%";
            out.println("pnl " + quote + ": " + pnl.setScale(config.assetDecimals(quote),
                    java.math.RoundingMode.HALF_EVEN).toPlainString() + " (" + pct + " of starting equity "
                    + start.setScale(config.assetDecimals(quote), java.math.RoundingMode.HALF_EVEN).toPlainString()
                    + ")");
        }
    }

    /**
     * Orders by final state, cancels, denials by reason and the orders still open: {@code orders filled: N},
     * {@code orders canceled: N}, {@code orders expired: N}, one {@code orders rejected <CODE>: N} per reason code,
     * {@code cancels: N}, one {@code cancels rejected <CODE>: N} per code, {@code denials: N}, one
     * {@code denials <CODE>: N} per code, {@code reduce-only instruments: N} (instruments the router's reconciliation
     * with its venue left reduce-only at the end) and one {@code reduce-only <INSTRUMENT>: <reason>} line each,
     * {@code open orders: N}, then one {@code open order ...} line each.
     */
    private void printOrders(PrintStream out) {
        OrderStates o = orderStates;
        out.println("orders filled: " + o.filled());
        out.println("orders canceled: " + o.canceled());
        out.println("orders expired: " + o.expired());
        o.rejectedByReason().forEach((code, n) -> out.println("orders rejected " + code + ": " + n));
        out.println("cancels: " + o.cancelsRequested());
        o.cancelsRejectedByReason().forEach((code, n) -> out.println("cancels rejected " + code + ": " + n));
        out.println("denials: " + o.denied());
        o.deniedByReason().forEach((code, n) -> out.println("denials " + code + ": " + n));
        out.println("reduce-only instruments: " + reduceOnly.size());
        reduceOnly.forEach((instrument, reason) -> out.println("reduce-only " + instrument + ": " + reason));
        java.util.List<OrderStates.OpenOrder> open = o.openOrders();
        out.println("open orders: " + open.size());
        for (OrderStates.OpenOrder w : open) {
            out.println("open order " + w.clientOrderId() + " " + w.strategyId() + " " + w.instrument() + ": "
                    + w.describe(config.instruments().get(w.instrument())));
        }
    }

    /**
     * Positions still open (the last {@link PositionUpdate} per strategy and instrument with a quantity): {@code open
     * positions: N}, then per position {@code position <strategy> <instrument>: <quantity> mark <price> unrealized pnl
     * <amount> <QUOTE> (cost basis <amount>)}. The mark is the instrument's last trade price on {@code market-data};
     * unrealised P&amp;L = quantity x mark - cost basis (fees included), rounded half-even to the quote asset's
     * decimals, as the backtest values its open positions.
     */
    private void printPositions(PrintStream out) {
        long count = positions.values().stream().filter(p -> p.quantity() != 0).count();
        out.println("open positions: " + count);
        for (Position p : positions.values()) {
            if (p.quantity() == 0) {
                continue;
            }
            String key = p.strategyId() + " " + p.instrument();
            Instrument i = config.instruments().get(p.instrument());
            if (i == null) {
                out.println("position " + key + ": " + p.quantity() + " (instrument not in the config: no decimals)");
                continue;
            }
            String quote = i.quote();
            Long mark = lastPrice.get(p.instrument());
            String valued;
            if (mark == null) {
                valued = " mark unknown (no trade on market-data)";
            } else {
                long value = FixedPoint.multiply(p.quantity(), i.sizeDecimals(), mark, i.priceDecimals(),
                        config.assetDecimals(quote), java.math.RoundingMode.HALF_EVEN);
                valued = " mark " + i.formatPrice(mark) + " unrealized pnl "
                        + amount(quote, Math.subtractExact(value, p.costBasis())) + " " + quote;
            }
            out.println("position " + key + ": " + i.formatSize(p.quantity()) + valued + " (cost basis "
                    + amount(quote, p.costBasis()) + " " + quote + ")");
        }
    }
}
