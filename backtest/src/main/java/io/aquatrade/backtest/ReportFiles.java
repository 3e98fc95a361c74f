package io.aquatrade.backtest;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.DenyReason;
import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.tools.OrderStates;

/**
 * Writes a {@link BacktestReport} as text: the stats table and the orders section (denials, open orders) for a
 * terminal, and {@code trades.csv}, {@code fills.csv}, {@code stats.csv} (RFC 4180 CSV with a header row; times as
 * ISO-8601 UTC; money as exact decimals; ratios with up to 6 decimals, {@code NaN} or {@code Infinity} where
 * undefined).
 */
public final class ReportFiles {
    /** Name of the round-trip list. */
    public static final String TRADES_CSV = "trades.csv";
    /** Name of the fill list. */
    public static final String FILLS_CSV = "fills.csv";
    /** Name of the statistics table. */
    public static final String STATS_CSV = "stats.csv";

    private ReportFiles() {
    }

    /** @return the stats as a fixed-width table: one row per strategy and instrument, then the totals */
    public static String table(BacktestReport report) {
        StringBuilder sb = new StringBuilder();
        String header = String.format(Locale.ROOT,
                "%-24s %-12s %-5s %16s %16s %16s %9s %8s %8s %8s %6s %7s %6s %14s %7s%n",
                "strategy", "instrument", "quote", "netPnl", "realised", "unrealised", "return%", "sharpe", "sortino",
                "maxDD%", "win%", "PF", "trades", "fees", "inMkt%");
        sb.append(header);
        List<PerformanceStats> rows = new ArrayList<>(report.stats());
        rows.addAll(report.totals());
        for (PerformanceStats s : rows) {
            if (s.strategyId().equals("ALL")) {
                sb.append("-".repeat(header.length() - 1)).append('\n');
            }
            sb.append(String.format(Locale.ROOT,
                    "%-24s %-12s %-5s %16s %16s %16s %9.3f %8s %8s %8.3f %6s %7s %6d %14s %7.2f%n",
                    s.strategyId(), s.instrument(), s.quoteAsset(), s.netPnl().toPlainString(),
                    s.realizedPnl().toPlainString(), s.unrealizedPnl().toPlainString(), s.returnPct(),
                    ratio(s.sharpe(), 3), ratio(s.sortino(), 3), s.maxDrawdownPct(),
                    Double.isNaN(s.winRate()) ? "-" : String.format(Locale.ROOT, "%.1f", s.winRate() * 100),
                    ratio(s.profitFactor(), 2), s.tradeCount(), s.feesPaid().toPlainString(),
                    s.timeInMarketPct()));
        }
        List<OpenPosition> open = report.openPositions();
        if (!open.isEmpty()) {
            sb.append(String.format(Locale.ROOT, "%nopen at the end (netPnl includes their unrealised P&L, marked at "
                    + "the last price; win%%, PF and trades count closed round trips only):%n"));
            for (OpenPosition p : open) {
                sb.append(String.format(Locale.ROOT, "  %-24s %-12s %-5s %s since %s, entry %s, mark %s: "
                                + "unrealised %s %s%n", p.strategyId(), p.instrument(),
                        p.side() == io.aquatrade.common.Side.BUY ? "LONG" : "SHORT", p.quantity().toPlainString(),
                        time(p.entryTimeNs()), p.entryPrice().toPlainString(), p.markPrice().toPlainString(),
                        p.unrealizedPnl().toPlainString(), p.quoteAsset()));
            }
        }
        return sb.toString();
    }

    /**
     * The signals the decision engine denied and the orders still open when the backtest ended, as text lines:
     * {@code denied: N (CODE n, ...)} (reason codes in {@link DenyReason} order), then {@code open orders at the end:
     * N} and one indented line per order ({@link OrderStates.OpenOrder#describe}), prices and quantities as decimals.
     *
     * @param config the config the backtest ran with (decimals)
     * @return the lines, each ending in a line separator
     */
    public static String orders(BacktestReport report, AquatradeConfig config) {
        return orders(report.denials(), report.openOrders(), config) + dailyLossStops(report.dailyLossStops());
    }

    /**
     * The days a daily loss limit stopped trading: {@code daily-loss stops: N}, then one indented line per stop, the
     * trading day, the strategy, the loss and the limit as decimals (nothing more when N is 0).
     *
     * @param stops the report's {@link BacktestReport#dailyLossStops()}
     * @return the lines, each ending in a line separator
     */
    static String dailyLossStops(List<io.aquatrade.decision.risk.RiskEngine.DailyLossStop> stops) {
        StringBuilder sb = new StringBuilder("daily-loss stops: ").append(stops.size()).append(System.lineSeparator());
        for (io.aquatrade.decision.risk.RiskEngine.DailyLossStop s : stops) {
            sb.append(String.format(Locale.ROOT, "  %s %-24s loss %s >= limit %s%n", s.day(), s.strategyId(),
                    io.aquatrade.common.FixedPoint.format(s.loss(), s.decimals()),
                    io.aquatrade.common.FixedPoint.format(s.limit(), s.decimals())));
        }
        return sb.toString();
    }

    static String orders(Map<DenyReason, Long> denials, List<OrderStates.OpenOrder> open, AquatradeConfig config) {
        StringBuilder sb = new StringBuilder();
        long denied = denials.values().stream().mapToLong(Long::longValue).sum();
        sb.append("denied: ").append(denied);
        if (denied > 0) {
            StringJoiner codes = new StringJoiner(", ", " (", ")");
            denials.forEach((code, n) -> codes.add(code + " " + n));
            sb.append(codes);
        }
        sb.append(System.lineSeparator()).append("open orders at the end: ").append(open.size())
                .append(System.lineSeparator());
        for (OrderStates.OpenOrder o : open) {
            sb.append(String.format(Locale.ROOT, "  %-24s %-24s %-12s %s%n", o.clientOrderId(), o.strategyId(),
                    o.instrument(), o.describe(config.instruments().get(o.instrument()))));
        }
        return sb.toString();
    }

    private static String ratio(double v, int decimals) {
        if (Double.isNaN(v)) {
            return "-";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /**
     * Writes the three CSV files into {@code dir} (created if missing).
     *
     * @param config the config the backtest ran with (decimals)
     * @throws IOException if a file cannot be written
     */
    public static void writeCsv(BacktestReport report, AquatradeConfig config, Path dir) throws IOException {
        Files.createDirectories(dir);
        try (Writer w = Files.newBufferedWriter(dir.resolve(TRADES_CSV), StandardCharsets.UTF_8)) {
            w.write("strategy,instrument,side,entry_time,entry_price,exit_time,exit_price,quantity,pnl,fees,"
                    + "quote_asset\n");
            for (RoundTrip r : report.roundTrips()) {
                row(w, r.strategyId(), r.instrument(), r.side() == io.aquatrade.common.Side.BUY ? "LONG" : "SHORT",
                        time(r.entryTimeNs()), r.entryPrice().toPlainString(), time(r.exitTimeNs()),
                        r.exitPrice().toPlainString(), r.quantity().toPlainString(), r.pnl().toPlainString(),
                        r.fees().toPlainString(), r.quoteAsset());
            }
        }
        try (Writer w = Files.newBufferedWriter(dir.resolve(FILLS_CSV), StandardCharsets.UTF_8)) {
            w.write("time,client_order_id,venue_order_id,trade_id,strategy,instrument,side,price,quantity,"
                    + "quote_quantity,fee,fee_asset,liquidity,last\n");
            for (OrderFilled f : report.fills()) {
                Instrument i = config.instrument(f.instrument());
                row(w, time(f.eventTimeNs()), f.clientOrderId(), f.venueOrderId(), f.tradeId(), f.strategyId(),
                        f.instrument(), String.valueOf(f.side()), i.formatPrice(f.fillPrice()),
                        i.formatSize(f.fillQuantity()),
                        FixedPoint.format(f.quoteQuantity(), config.assetDecimals(i.quote())),
                        FixedPoint.format(f.fee(), config.assetDecimals(f.feeAsset())), f.feeAsset(),
                        String.valueOf(f.liquiditySide()), String.valueOf(f.last()));
            }
        }
        try (Writer w = Files.newBufferedWriter(dir.resolve(STATS_CSV), StandardCharsets.UTF_8)) {
            w.write("strategy,instrument,quote_asset,net_pnl,realized_pnl,unrealized_pnl,return_pct,sharpe,sortino,"
                    + "max_drawdown_pct,win_rate,profit_factor,trade_count,fees_paid,time_in_market_pct\n");
            List<PerformanceStats> rows = new ArrayList<>(report.stats());
            rows.addAll(report.totals());
            for (PerformanceStats s : rows) {
                row(w, s.strategyId(), s.instrument(), s.quoteAsset(), s.netPnl().toPlainString(),
                        s.realizedPnl().toPlainString(), s.unrealizedPnl().toPlainString(), number(s.returnPct()),
                        number(s.sharpe()), number(s.sortino()), number(s.maxDrawdownPct()),
                        number(s.winRate()), number(s.profitFactor()), String.valueOf(s.tradeCount()),
                        s.feesPaid().toPlainString(), number(s.timeInMarketPct()));
            }
        }
    }

    /** @return a ratio with up to 6 decimals, or NaN / Infinity / -Infinity */
    static String number(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return String.valueOf(v);
        }
        return new BigDecimal(v).setScale(6, java.math.RoundingMode.HALF_EVEN).stripTrailingZeros()
                .toPlainString();
    }

    /** @return UTC epoch ns as ISO-8601, e.g. 2019-10-11T00:30:00.123Z */
    static String time(long epochNs) {
        return Instant.ofEpochSecond(Math.floorDiv(epochNs, 1_000_000_000L), Math.floorMod(epochNs, 1_000_000_000L))
                .toString();
    }

    private static void row(Writer w, String... cells) throws IOException {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                w.write(',');
            }
            String c = cells[i] == null ? "" : cells[i];
            if (c.indexOf(',') >= 0 || c.indexOf('"') >= 0 || c.indexOf('\n') >= 0) {
                w.write('"' + c.replace("\"", "\"\"") + '"');
            } else {
                w.write(c);
            }
        }
        w.write('\n');
    }
}
