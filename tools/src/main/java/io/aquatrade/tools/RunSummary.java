package io.aquatrade.tools;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.BalanceUpdate;
import io.aquatrade.common.Bar;
import io.aquatrade.common.BarListener;
import io.aquatrade.common.ExecutionListener;
import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.MarketDataListener;
import io.aquatrade.common.OrderAccepted;
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
 * What a run produced, read back from every topic: counts per message kind, balances before and after, fees, and
 * P&amp;L per quote asset. Equity in a quote asset is its balance plus every base asset traded against it, marked at
 * its instrument's last trade price; P&amp;L is final minus initial equity, both marked at that same last price, so
 * it measures trading (fills and fees), not the market's move on the starting balances.
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
    /** Whether market-data ended its stream, and whether that end was marked incomplete (a file stopped parsing). */
    boolean marketDataEnded;
    boolean marketDataIncomplete;

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
    }

    @Override
    public void orderAccepted(OrderAccepted a) {
        accepted++;
    }

    @Override
    public void orderRejected(OrderRejected r) {
        rejected++;
    }

    @Override
    public void orderFilled(OrderFilled f) {
        fills++;
        fees.merge(f.feeAsset(), f.fee(), Math::addExact);
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
        realizedPnl.put(p.strategyId() + " " + p.instrument(), p.realizedPnl());
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
        for (String asset : finalBalances.keySet()) {
            long before = initialBalances.getOrDefault(asset, 0L);
            long after = finalBalances.get(asset);
            out.println("balance " + asset + ": " + amount(asset, after) + " (start " + amount(asset, before)
                    + ", change " + amount(asset, after - before) + ")");
        }
        for (Map.Entry<String, Long> e : fees.entrySet()) {
            out.println("fees " + e.getKey() + ": " + amount(e.getKey(), e.getValue()));
        }
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
}
