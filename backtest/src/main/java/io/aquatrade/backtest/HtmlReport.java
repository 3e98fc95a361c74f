package io.aquatrade.backtest;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.DenyReason;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.Side;
import io.aquatrade.tools.OrderStates;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.OHLCChart;
import org.knowm.xchart.OHLCChartBuilder;
import org.knowm.xchart.OHLCSeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Writes {@code report.html}: one self-contained page (no script, no external file: it opens offline) with the
 * summary, the stats table (net P&amp;L split into realised and unrealised), the positions still open at the end, the
 * denied signals counted by reason, the orders still open at the end, and charts drawn with XChart, rendered to PNG
 * and embedded as base64 {@code data:} URIs: the equity curve and the drawdown of each quote asset (all strategies
 * together), one equity panel per strategy (a line per instrument), and each instrument's bars as candlesticks with
 * every strategy's entries (triangle up) and exits (triangle down) at their fill prices, one colour per strategy,
 * named in the legend. Lines are thinned to about {@value #MAX_POINTS} points; bars are merged into at most about
 * {@value #MAX_CANDLES} candles of a whole multiple of the timeframe (the chart's legend says which).
 */
public final class HtmlReport {
    /** Name of the page. */
    public static final String FILE = "report.html";
    /** Most points drawn per line. */
    static final int MAX_POINTS = 4000;
    /** Most candles drawn per chart. */
    static final int MAX_CANDLES = 300;
    private static final Color[] STRATEGY_COLORS = {new Color(0x1F, 0x77, 0xB4), new Color(0xFF, 0x7F, 0x0E),
        new Color(0x94, 0x67, 0xBD), new Color(0x8C, 0x56, 0x4B), new Color(0xE3, 0x77, 0xC2),
        new Color(0x17, 0xBE, 0xCF), new Color(0xBC, 0xBD, 0x22), new Color(0x7F, 0x7F, 0x7F)};
    private static final int WIDTH = 1100;
    private static final int HEIGHT = 420;
    private static final int MAX_CURVES_PER_CHART = 8;
    private static final int MAX_TRADE_ROWS = 1000;

    private HtmlReport() {
    }

    /**
     * Renders the page into {@code dir} (created if missing), as {@value #FILE}.
     *
     * @param report the backtest's results
     * @param config the config the backtest ran with: its instruments give the decimals of the open orders shown
     * @param title  a heading, e.g. the data files
     * @param dir    the report directory
     * @return the page's path
     * @throws IOException if it cannot be written
     */
    public static Path write(BacktestReport report, AquatradeConfig config, String title, Path dir)
            throws IOException {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        StringBuilder h = new StringBuilder(1 << 16);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Aquatrade backtest</title>\n")
                .append("<style>body{font-family:sans-serif;margin:24px;color:#222}table{border-collapse:collapse;")
                .append("font-size:13px}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}")
                .append("th{background:#f0f0f0}td.l,th.l{text-align:left}img{display:block;margin:12px 0;")
                .append("max-width:100%}</style></head><body>\n");
        h.append("<h1>Aquatrade backtest</h1>\n<p>").append(escape(title)).append("</p>\n");
        h.append("<p>From ").append(ReportFiles.time(report.startTimeNs())).append(" to ")
                .append(ReportFiles.time(report.endTimeNs())).append(": ").append(report.eventCount())
                .append(" market events, ").append(report.barCount()).append(" bars, ").append(report.signalCount())
                .append(" signals, ").append(report.orders().size()).append(" orders, ")
                .append(report.fills().size()).append(" fills, ").append(report.roundTrips().size())
                .append(" round trips. Equity sampled every ")
                .append(AquatradeConfig.formatDurationMs(report.samplingIntervalMs()))
                .append("; Sharpe (Sharpe 1994) and Sortino (Sortino &amp; Price 1994) annualised from it, ")
                .append("risk-free rate 0.</p>\n");
        statsTable(h, report);
        openPositionsTable(h, report);
        ordersTables(h, report, config);
        for (PerformanceStats total : report.totals()) {
            String q = total.quoteAsset();
            List<EquityCurve> curves = new ArrayList<>();
            EquityCurve all = null;
            for (EquityCurve c : report.equityCurves()) {
                if (c.quoteAsset().equals(q)) {
                    if (c.strategyId().equals("ALL")) {
                        all = c;
                    } else {
                        curves.add(c);
                    }
                }
            }
            if (all == null || all.size() == 0) {
                continue;
            }
            h.append("<h2>Equity (").append(escape(q)).append(")</h2>\n");
            XYChart equity = chart("Equity, " + q, q);
            line(equity, "all strategies", all.timesNs(), all.values(), Color.BLACK, 2f);
            image(h, equity, "equity curve " + q);
            h.append("<h2>Drawdown (").append(escape(q)).append(")</h2>\n");
            XYChart dd = chart("Drawdown from the running peak, all strategies, " + q, "%");
            double[] ddValues = all.drawdownPct();
            for (int i = 0; i < ddValues.length; i++) {
                ddValues[i] = -ddValues[i];
            }
            line(dd, "drawdown %", all.timesNs(), ddValues, new Color(0xB0, 0x20, 0x20), 1.5f);
            image(h, dd, "drawdown " + q);
            strategyPanels(h, report, q, curves);
        }
        for (PriceSeries p : report.prices()) {
            if (p.size() == 0) {
                continue;
            }
            Instrument i = p.instrument();
            h.append("<h2>").append(escape(i.symbol())).append(": bars, entries and exits</h2>\n");
            OHLCChart price = candles(p, i);
            for (String id : strategiesOf(report, i.symbol())) {
                markers(price, report.fills(), i, id, true, color(report, id));
                markers(price, report.fills(), i, id, false, color(report, id));
            }
            image(h, price, "candles " + i.symbol());
        }
        tradesTable(h, report);
        h.append("</body></html>\n");
        Files.createDirectories(dir);
        Path file = dir.resolve(FILE);
        Files.writeString(file, h, StandardCharsets.UTF_8);
        return file;
    }

    private static XYChart chart(String title, String yTitle) {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("time (UTC)")
                .yAxisTitle(yTitle).build();
        c.getStyler().setDatePattern("yyyy-MM-dd HH:mm");
        c.getStyler().setTimezone(java.util.TimeZone.getTimeZone("UTC"));
        c.getStyler().setLocale(Locale.ROOT);
        c.getStyler().setMarkerSize(7);
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setPlotGridLinesVisible(true);
        return c;
    }

    private static void line(XYChart chart, String name, long[] timesNs, double[] values, Color color, float width) {
        int n = values.length;
        int stride = Math.max(1, (n + MAX_POINTS - 1) / MAX_POINTS);
        List<Date> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (int k = 0; k < n; k += stride) {
            x.add(new Date(timesNs[k] / 1_000_000L));
            y.add(values[k]);
        }
        if ((n - 1) % stride != 0) {
            x.add(new Date(timesNs[n - 1] / 1_000_000L));
            y.add(values[n - 1]);
        }
        XYSeries s = chart.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineStyle(new BasicStroke(width));
        if (color != null) {
            s.setLineColor(color);
        }
    }

    /**
     * The bars as candlesticks, merged into candles of k x the timeframe (k the smallest whole number giving at most
     * about {@value #MAX_CANDLES} candles over the span), aligned to UTC multiples of that length: open of the first
     * bar, highest high, lowest low, close of the last.
     */
    private static OHLCChart candles(PriceSeries p, Instrument i) {
        long tfNs = p.timeframeMs() * 1_000_000L;
        long firstOpenNs = p.closeTimeNs(0) - tfNs;
        long spanBars = (p.closeTimeNs(p.size() - 1) - p.closeTimeNs(0)) / tfNs + 1;
        long k = Math.max(1, (spanBars + MAX_CANDLES - 1) / MAX_CANDLES);
        long candleNs = k * tfNs;
        List<Date> x = new ArrayList<>();
        List<Double> open = new ArrayList<>();
        List<Double> high = new ArrayList<>();
        List<Double> low = new ArrayList<>();
        List<Double> close = new ArrayList<>();
        long bucket = Long.MIN_VALUE;
        for (int n = 0; n < p.size(); n++) {
            long openNs = p.closeTimeNs(n) - tfNs;
            long b = Math.floorDiv(openNs, candleNs);
            if (b != bucket || x.isEmpty()) {
                bucket = b;
                x.add(new Date(Math.max(b * candleNs, firstOpenNs) / 1_000_000L));
                open.add(i.priceToDouble(p.open(n)));
                high.add(i.priceToDouble(p.high(n)));
                low.add(i.priceToDouble(p.low(n)));
                close.add(i.priceToDouble(p.close(n)));
            } else {
                int last = x.size() - 1;
                high.set(last, Math.max(high.get(last), i.priceToDouble(p.high(n))));
                low.set(last, Math.min(low.get(last), i.priceToDouble(p.low(n))));
                close.set(last, i.priceToDouble(p.close(n)));
            }
        }
        String per = AquatradeConfig.formatDurationMs(k * p.timeframeMs());
        OHLCChart c = new OHLCChartBuilder().width(WIDTH).height(HEIGHT)
                .title(i.symbol() + " (" + i.quote() + " per " + i.base() + "), one candle per " + per)
                .xAxisTitle("time (UTC)").yAxisTitle(i.quote()).build();
        c.getStyler().setDatePattern("yyyy-MM-dd HH:mm");
        c.getStyler().setTimezone(java.util.TimeZone.getTimeZone("UTC"));
        c.getStyler().setLocale(Locale.ROOT);
        c.getStyler().setMarkerSize(9);
        c.getStyler().setYAxisDecimalPattern("0.##########");
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setPlotGridLinesVisible(true);
        OHLCSeries s = c.addSeries("bars, " + per + " per candle", x, open, high, low, close);
        s.setOhlcSeriesRenderStyle(OHLCSeries.OHLCSeriesRenderStyle.Candle);
        s.setUpColor(new Color(0x10, 0x90, 0x30));
        s.setDownColor(new Color(0xC0, 0x20, 0x20));
        return c;
    }

    /** @return the strategy's colour on every chart: by its place in the stats rows (config order) */
    private static Color color(BacktestReport report, String strategyId) {
        List<String> ids = new ArrayList<>();
        for (PerformanceStats s : report.stats()) {
            if (!ids.contains(s.strategyId())) {
                ids.add(s.strategyId());
            }
        }
        int k = Math.max(0, ids.indexOf(strategyId));
        return STRATEGY_COLORS[k % STRATEGY_COLORS.length];
    }

    /** @return the strategies with fills in the instrument, in order of their first fill */
    private static List<String> strategiesOf(BacktestReport report, String symbol) {
        List<String> out = new ArrayList<>();
        for (OrderFilled f : report.fills()) {
            if (f.instrument().equals(symbol) && !out.contains(f.strategyId())) {
                out.add(f.strategyId());
            }
        }
        return out;
    }

    /**
     * One strategy's entries (fills that open or add to its position in the instrument) or exits (fills that reduce
     * or close it; a fill that flips the position is both) at their fill prices.
     */
    private static void markers(OHLCChart chart, List<OrderFilled> fills, Instrument instrument, String strategyId,
                                boolean entries, Color color) {
        List<Date> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        long position = 0;
        for (OrderFilled f : fills) {
            if (!f.instrument().equals(instrument.symbol()) || !f.strategyId().equals(strategyId)) {
                continue;
            }
            long signed = f.side() == Side.BUY ? f.fillQuantity() : -f.fillQuantity();
            long after = position + signed;
            boolean exit = position != 0 && (position > 0) != (signed > 0);
            boolean entry = !exit || (after != 0 && (after > 0) != (position > 0));
            if (entries ? entry : exit) {
                x.add(new Date(f.eventTimeNs() / 1_000_000L));
                y.add(instrument.priceToDouble(f.fillPrice()));
            }
            position = after;
        }
        if (x.isEmpty()) {
            return;
        }
        OHLCSeries s = chart.addSeries(strategyId + (entries ? " entry" : " exit"), x, y);
        s.setOhlcSeriesRenderStyle(OHLCSeries.OHLCSeriesRenderStyle.Line);
        s.setLineStyle(SeriesLines.NONE);
        s.setLineColor(new Color(0, 0, 0, 0)); // markers only
        s.setMarker(entries ? SeriesMarkers.TRIANGLE_UP : SeriesMarkers.TRIANGLE_DOWN);
        s.setMarkerColor(color);
    }

    /** One equity panel per strategy trading in quote asset {@code q}: a line per instrument. */
    private static void strategyPanels(StringBuilder h, BacktestReport report, String q, List<EquityCurve> curves)
            throws IOException {
        List<String> strategies = new ArrayList<>();
        for (EquityCurve c : curves) {
            if (!strategies.contains(c.strategyId())) {
                strategies.add(c.strategyId());
            }
        }
        for (String id : strategies) {
            h.append("<h3>Equity of ").append(escape(id)).append(" (").append(escape(q)).append(")</h3>\n");
            XYChart chart = chart("Equity of " + id + ", " + q + " (open positions at their mark)", q);
            int n = 0;
            for (EquityCurve c : curves) {
                if (c.strategyId().equals(id) && n < MAX_CURVES_PER_CHART) {
                    line(chart, id + " " + c.instrument(), c.timesNs(), c.values(),
                            n == 0 ? color(report, id) : null, 1.5f);
                    n++;
                }
            }
            image(h, chart, "equity " + id + " " + q);
        }
    }

    private static void image(StringBuilder h, org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, String alt)
            throws IOException {
        byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        h.append("<img alt=\"").append(escape(alt)).append("\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(png)).append("\">\n");
    }

    private static void statsTable(StringBuilder h, BacktestReport report) {
        h.append("<h2>Statistics</h2>\n<table><tr><th class=\"l\">strategy</th><th class=\"l\">instrument</th>")
                .append("<th class=\"l\">quote</th><th>net P&amp;L</th><th>realised</th><th>unrealised</th>")
                .append("<th>return %</th><th>Sharpe</th>")
                .append("<th>Sortino</th><th>max drawdown %</th><th>win rate %</th><th>profit factor</th>")
                .append("<th>round trips</th><th>fees</th><th>time in market %</th></tr>\n");
        List<PerformanceStats> rows = new ArrayList<>(report.stats());
        rows.addAll(report.totals());
        for (PerformanceStats s : rows) {
            boolean total = s.strategyId().equals("ALL");
            h.append(total ? "<tr style=\"font-weight:bold\">" : "<tr>")
                    .append("<td class=\"l\">").append(escape(s.strategyId())).append("</td><td class=\"l\">")
                    .append(escape(s.instrument())).append("</td><td class=\"l\">").append(escape(s.quoteAsset()))
                    .append("</td><td>").append(s.netPnl().toPlainString()).append("</td><td>")
                    .append(s.realizedPnl().toPlainString()).append("</td><td>")
                    .append(s.unrealizedPnl().toPlainString()).append("</td><td>")
                    .append(fmt(s.returnPct(), 3)).append("</td><td>").append(fmt(s.sharpe(), 3)).append("</td><td>")
                    .append(fmt(s.sortino(), 3)).append("</td><td>").append(fmt(s.maxDrawdownPct(), 3))
                    .append("</td><td>").append(fmt(s.winRate() * 100, 1)).append("</td><td>")
                    .append(fmt(s.profitFactor(), 2)).append("</td><td>").append(s.tradeCount()).append("</td><td>")
                    .append(s.feesPaid().toPlainString()).append("</td><td>").append(fmt(s.timeInMarketPct(), 2))
                    .append("</td></tr>\n");
        }
        h.append("</table>\n<p>Net P&amp;L = realised (closed quantity, net of fees) + unrealised (positions still ")
                .append("open at the end, valued at the last price, minus their cost with fees). Win rate, profit ")
                .append("factor and round trips count closed round trips only.</p>\n");
    }

    private static void openPositionsTable(StringBuilder h, BacktestReport report) {
        List<OpenPosition> open = report.openPositions();
        h.append("<h2>Positions open at the end</h2>\n");
        if (open.isEmpty()) {
            h.append("<p>None: every position was closed, so all P&amp;L is realised.</p>\n");
            return;
        }
        h.append("<table><tr><th class=\"l\">strategy</th><th class=\"l\">instrument</th><th class=\"l\">side</th>")
                .append("<th class=\"l\">since</th><th>entry price</th><th>quantity</th><th>mark</th>")
                .append("<th>unrealised P&amp;L</th></tr>\n");
        for (OpenPosition p : open) {
            h.append("<tr><td class=\"l\">").append(escape(p.strategyId())).append("</td><td class=\"l\">")
                    .append(escape(p.instrument())).append("</td><td class=\"l\">")
                    .append(p.side() == Side.BUY ? "long" : "short").append("</td><td class=\"l\">")
                    .append(ReportFiles.time(p.entryTimeNs())).append("</td><td>")
                    .append(p.entryPrice().toPlainString()).append("</td><td>").append(p.quantity().toPlainString())
                    .append("</td><td>").append(p.markPrice().toPlainString()).append("</td><td>")
                    .append(p.unrealizedPnl().toPlainString()).append(' ').append(escape(p.quoteAsset()))
                    .append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    /** The denials counted by reason, the days a daily loss limit stopped trading, the orders still open. */
    private static void ordersTables(StringBuilder h, BacktestReport report, AquatradeConfig config) {
        Map<DenyReason, Long> denials = report.denials();
        h.append("<h2>Denied signals</h2>\n");
        if (denials.isEmpty()) {
            h.append("<p>None: every signal, stop and exit became an order.</p>\n");
        } else {
            h.append("<table><tr><th class=\"l\">reason</th><th>count</th></tr>\n");
            denials.forEach((code, n) -> h.append("<tr><td class=\"l\">").append(code).append("</td><td>")
                    .append(n).append("</td></tr>\n"));
            h.append("</table>\n");
        }
        h.append("<h2>Days a daily loss limit stopped trading</h2>\n");
        if (report.dailyLossStops().isEmpty()) {
            h.append("<p>None.</p>\n");
        } else {
            h.append("<table><tr><th class=\"l\">trading day</th><th class=\"l\">strategy</th><th>loss</th>")
                    .append("<th>limit</th></tr>\n");
            for (io.aquatrade.decision.risk.RiskEngine.DailyLossStop s : report.dailyLossStops()) {
                h.append("<tr><td class=\"l\">").append(s.day()).append("</td><td class=\"l\">")
                        .append(escape(s.strategyId())).append("</td><td>")
                        .append(io.aquatrade.common.FixedPoint.format(s.loss(), s.decimals())).append("</td><td>")
                        .append(io.aquatrade.common.FixedPoint.format(s.limit(), s.decimals()))
                        .append("</td></tr>\n");
            }
            h.append("</table>\n");
        }
        List<OrderStates.OpenOrder> open = report.openOrders();
        h.append("<h2>Orders open at the end</h2>\n");
        if (open.isEmpty()) {
            h.append("<p>None: every order was filled, cancelled, expired or rejected.</p>\n");
            return;
        }
        h.append("<table><tr><th class=\"l\">client order id</th><th class=\"l\">strategy</th>")
                .append("<th class=\"l\">instrument</th><th class=\"l\">order</th></tr>\n");
        for (OrderStates.OpenOrder o : open) {
            h.append("<tr><td class=\"l\">").append(escape(o.clientOrderId())).append("</td><td class=\"l\">")
                    .append(escape(o.strategyId())).append("</td><td class=\"l\">").append(escape(o.instrument()))
                    .append("</td><td class=\"l\">")
                    .append(escape(o.describe(config.instruments().get(o.instrument())))).append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    private static void tradesTable(StringBuilder h, BacktestReport report) {
        List<RoundTrip> trips = report.roundTrips();
        h.append("<h2>Round trips</h2>\n");
        if (trips.size() > MAX_TRADE_ROWS) {
            h.append("<p>The first ").append(MAX_TRADE_ROWS).append(" of ").append(trips.size())
                    .append("; all are in ").append(ReportFiles.TRADES_CSV).append(".</p>\n");
        }
        h.append("<table><tr><th class=\"l\">strategy</th><th class=\"l\">instrument</th><th class=\"l\">side</th>")
                .append("<th class=\"l\">entry</th><th>entry price</th><th class=\"l\">exit</th><th>exit price</th>")
                .append("<th>quantity</th><th>P&amp;L</th><th>fees</th></tr>\n");
        for (int k = 0; k < Math.min(trips.size(), MAX_TRADE_ROWS); k++) {
            RoundTrip r = trips.get(k);
            h.append("<tr><td class=\"l\">").append(escape(r.strategyId())).append("</td><td class=\"l\">")
                    .append(escape(r.instrument())).append("</td><td class=\"l\">")
                    .append(r.side() == Side.BUY ? "long" : "short").append("</td><td class=\"l\">")
                    .append(ReportFiles.time(r.entryTimeNs())).append("</td><td>")
                    .append(r.entryPrice().toPlainString()).append("</td><td class=\"l\">")
                    .append(ReportFiles.time(r.exitTimeNs())).append("</td><td>").append(r.exitPrice().toPlainString())
                    .append("</td><td>").append(r.quantity().toPlainString()).append("</td><td>")
                    .append(r.pnl().toPlainString()).append(' ').append(escape(r.quoteAsset())).append("</td><td>")
                    .append(r.fees().toPlainString()).append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    private static String fmt(double v, int decimals) {
        if (Double.isNaN(v)) {
            return "&ndash;";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "&infin;" : "&minus;&infin;";
        }
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
