package io.aquatrade.tools;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.BalanceUpdate;
import io.aquatrade.common.Bar;
import io.aquatrade.common.BarListener;
import io.aquatrade.common.ExecutionListener;
import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.OrderAccepted;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.OrderRejected;
import io.aquatrade.common.PositionUpdate;
import io.aquatrade.common.Side;

/**
 * What the dashboard's charts draw, kept from the {@code bars} and {@code executions} topics as they are read: per
 * instrument its latest bars of its shortest timeframe (a candlestick chart), the fills of every strategy on it marked
 * as entries or exits, and the account's equity curve per quote asset. Bounded: at most {@value #MAX_BARS} bars per
 * instrument and timeframe and {@value #MAX_FILLS} fills are kept, the oldest dropped first, so memory stays flat over
 * a long live run. Prices and amounts leave as exact decimal text ({@link FixedPoint#format}); the browser only draws
 * them.
 *
 * <p>An entry is a fill that opens or adds to its strategy's position on the instrument (a buy while flat or long, a
 * sell while flat or short), an exit one that reduces it: judged against the strategy's position as its last
 * {@link PositionUpdate} before the fill left it (the router writes a fill before the position it makes).
 *
 * <p>Equity in a quote asset, at each close of a bar of an instrument quoted in it: the account's balance of that
 * asset plus every base asset traded against it marked at its instrument's latest bar close, the balances being those
 * of the last {@link BalanceUpdate} before the bar's close time (as {@code summary} values its P&amp;L, at bar
 * closes instead of the last trade). A point whose held base asset has no bar close yet is left out.
 *
 * <p>Not thread-safe: fed and read by the dashboard's reading thread.
 */
final class DashboardCharts implements BarListener, ExecutionListener {
    /** Bars kept per instrument and timeframe (about a week of 5m bars). */
    static final int MAX_BARS = 2_000;
    /** Fills kept, all instruments together. */
    static final int MAX_FILLS = 5_000;
    /** Balance changes kept for the equity curve; older ones are folded into the starting balances. */
    static final int MAX_BALANCE_CHANGES = 20_000;

    private final AquatradeConfig config;
    /** instrument -> timeframe ms -> bars in open-time order. */
    private final Map<String, TreeMap<Long, Deque<BarPoint>>> bars = new LinkedHashMap<>();
    private final Deque<FillPoint> fills = new ArrayDeque<>();
    /** Last position quantity per "strategy instrument", size mantissa. */
    private final Map<String, Long> positions = new LinkedHashMap<>();
    /** Balances before the oldest kept change, asset -> mantissa. */
    private final Map<String, Long> startBalances = new LinkedHashMap<>();
    private final Deque<BalanceChange> balanceChanges = new ArrayDeque<>();
    private long version;

    /** One bar; prices and volume are mantissas of its instrument. */
    record BarPoint(long openTimeNs, long closeTimeNs, long open, long high, long low, long close, long volume) {
    }

    /** One fill; price and quantity are mantissas of its instrument. */
    record FillPoint(long eventTimeNs, String strategyId, String instrument, Side side, long price, long quantity,
                     boolean entry) {
    }

    private record BalanceChange(long eventTimeNs, String asset, long total) {
    }

    DashboardCharts(AquatradeConfig config) {
        this.config = config;
    }

    /** @return a number that changes whenever something was added: the views need building again */
    long version() {
        return version;
    }

    @Override
    public void bar(Bar b) {
        Deque<BarPoint> series = bars.computeIfAbsent(b.instrument(), k -> new TreeMap<>())
                .computeIfAbsent(b.timeframeMs(), k -> new ArrayDeque<>());
        BarPoint last = series.peekLast();
        if (last != null && b.openTimeNs() <= last.openTimeNs()) {
            return; // a bar met again (a restarted signal generator publishes from where its input resumed)
        }
        series.addLast(new BarPoint(b.openTimeNs(), Math.addExact(b.openTimeNs(),
                Math.multiplyExact(b.timeframeMs(), 1_000_000L)), b.open(), b.high(), b.low(), b.close(), b.volume()));
        if (series.size() > MAX_BARS) {
            series.removeFirst();
        }
        version++;
    }

    @Override
    public void orderFilled(OrderFilled f) {
        long before = positions.getOrDefault(f.strategyId() + " " + f.instrument(), 0L);
        boolean entry = f.side() == Side.BUY ? before >= 0 : before <= 0;
        fills.addLast(new FillPoint(f.eventTimeNs(), f.strategyId(), f.instrument(), f.side(), f.fillPrice(),
                f.fillQuantity(), entry));
        if (fills.size() > MAX_FILLS) {
            fills.removeFirst();
        }
        version++;
    }

    @Override
    public void positionUpdate(PositionUpdate p) {
        positions.put(p.strategyId() + " " + p.instrument(), p.quantity());
    }

    @Override
    public void balanceUpdate(BalanceUpdate b) {
        balanceChanges.addLast(new BalanceChange(b.eventTimeNs(), b.asset(), b.total()));
        if (balanceChanges.size() > MAX_BALANCE_CHANGES) {
            BalanceChange old = balanceChanges.removeFirst();
            startBalances.put(old.asset(), old.total());
        }
        version++;
    }

    @Override
    public void orderAccepted(OrderAccepted accepted) {
        // not charted
    }

    @Override
    public void orderRejected(OrderRejected rejected) {
        // not charted
    }

    /** @return the instruments of the config, in file order */
    List<String> instruments() {
        return List.copyOf(config.instruments().keySet());
    }

    /**
     * The chart of one instrument: its bars of the shortest timeframe seen and its fills within them (all its fills
     * while it has no bar yet).
     *
     * @return {@code {instrument, timeframeMs, bars: [[openTimeMs, open, high, low, close, volume]...],
     * fills: [{timeMs, strategy, side, price, quantity, kind: entry|exit}...]}}, or null for an instrument the config
     * does not name
     */
    Map<String, Object> chart(String symbol) {
        Instrument instrument = config.instruments().get(symbol);
        if (instrument == null) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("instrument", symbol);
        TreeMap<Long, Deque<BarPoint>> byTimeframe = bars.get(symbol);
        List<List<Object>> rows = new ArrayList<>();
        long fromNs = Long.MIN_VALUE;
        if (byTimeframe != null && !byTimeframe.isEmpty()) {
            out.put("timeframeMs", byTimeframe.firstKey());
            Deque<BarPoint> series = byTimeframe.firstEntry().getValue();
            fromNs = series.peekFirst().openTimeNs();
            for (BarPoint b : series) {
                rows.add(List.of(b.openTimeNs() / 1_000_000L, instrument.formatPrice(b.open()),
                        instrument.formatPrice(b.high()), instrument.formatPrice(b.low()),
                        instrument.formatPrice(b.close()), instrument.formatSize(b.volume())));
            }
        } else {
            out.put("timeframeMs", null);
        }
        out.put("bars", rows);
        List<Map<String, Object>> marks = new ArrayList<>();
        for (FillPoint f : fills) {
            if (f.instrument().equals(symbol) && f.eventTimeNs() >= fromNs) {
                marks.add(fill(f, instrument));
            }
        }
        out.put("fills", marks);
        return out;
    }

    /** @return every fill kept, oldest first, as in {@link #chart}, each with its instrument */
    List<Map<String, Object>> fills() {
        List<Map<String, Object>> out = new ArrayList<>(fills.size());
        for (FillPoint f : fills) {
            Instrument instrument = config.instruments().get(f.instrument());
            Map<String, Object> m = fill(f, instrument);
            m.put("instrument", f.instrument());
            out.add(m);
        }
        return out;
    }

    private static Map<String, Object> fill(FillPoint f, Instrument instrument) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("timeMs", f.eventTimeNs() / 1_000_000L);
        m.put("strategy", f.strategyId());
        m.put("side", f.side().name());
        m.put("price", instrument == null ? Long.toString(f.price()) : instrument.formatPrice(f.price()));
        m.put("quantity", instrument == null ? Long.toString(f.quantity()) : instrument.formatSize(f.quantity()));
        m.put("kind", f.entry() ? "entry" : "exit");
        return m;
    }

    /**
     * The equity curve per quote asset (see the class comment).
     *
     * @return quote asset -> points {@code [closeTimeMs, equity]} in time order, the equity as exact decimal text at
     * the quote asset's decimals (rounded half-even)
     */
    Map<String, List<List<Object>>> equity() {
        // every bar close of every instrument's shortest timeframe, in time order
        List<Object[]> closes = new ArrayList<>(); // {closeTimeNs, instrument, close}
        for (Map.Entry<String, TreeMap<Long, Deque<BarPoint>>> e : bars.entrySet()) {
            if (!config.instruments().containsKey(e.getKey()) || e.getValue().isEmpty()) {
                continue;
            }
            for (BarPoint b : e.getValue().firstEntry().getValue()) {
                closes.add(new Object[] {b.closeTimeNs(), e.getKey(), b.close()});
            }
        }
        closes.sort((a, b) -> Long.compare((Long) a[0], (Long) b[0]));
        List<BalanceChange> changes = new ArrayList<>(balanceChanges);
        changes.sort((a, b) -> Long.compare(a.eventTimeNs(), b.eventTimeNs()));
        Map<String, Long> balances = new LinkedHashMap<>(startBalances);
        Map<String, Long> marks = new LinkedHashMap<>();
        Map<String, List<List<Object>>> out = new LinkedHashMap<>();
        int next = 0;
        for (Object[] close : closes) {
            long timeNs = (Long) close[0];
            while (next < changes.size() && changes.get(next).eventTimeNs() < timeNs) {
                BalanceChange c = changes.get(next++);
                balances.put(c.asset(), c.total());
            }
            if (balances.isEmpty()) {
                continue; // the router has not written its balances yet
            }
            Instrument closed = config.instruments().get((String) close[1]);
            marks.put(closed.symbol(), (Long) close[2]);
            String quote = closed.quote();
            BigDecimal value = equity(balances, marks, quote);
            if (value != null) {
                out.computeIfAbsent(quote, k -> new ArrayList<>()).add(List.of(timeNs / 1_000_000L,
                        value.setScale(config.assetDecimals(quote), RoundingMode.HALF_EVEN)
                                .toPlainString()));
            }
        }
        return out;
    }

    private BigDecimal equity(Map<String, Long> balances, Map<String, Long> marks, String quote) {
        BigDecimal total = FixedPoint.toBigDecimal(balances.getOrDefault(quote, 0L),
                config.assetDecimals(quote));
        Map<String, Boolean> counted = new LinkedHashMap<>();
        for (Instrument i : config.instruments().values()) {
            if (!i.quote().equals(quote) || counted.put(i.base(), true) != null) {
                continue;
            }
            long held = balances.getOrDefault(i.base(), 0L);
            if (held == 0) {
                continue;
            }
            Long mark = marks.get(i.symbol());
            if (mark == null) {
                return null;
            }
            total = total.add(FixedPoint.toBigDecimal(held, config.assetDecimals(i.base()))
                    .multiply(FixedPoint.toBigDecimal(mark, i.priceDecimals())));
        }
        return total;
    }
}
