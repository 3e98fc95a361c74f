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

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.Side;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Writes {@code report.html}: one self-contained page (no script, no external file: it opens offline) with the
 * summary, the stats table, and charts drawn with XChart, rendered to PNG and embedded as base64 {@code data:} URIs:
 * the equity curve and the drawdown of each quote asset (all strategies together, and each strategy and instrument
 * when there are a few), and each instrument's bar closes with every buy (green triangle up) and sell (red
 * triangle down) at its fill price. Long series are thinned to about {@value #MAX_POINTS} points for drawing.
 */
public final class HtmlReport {
    /** Name of the page. */
    public static final String FILE = "report.html";
    /** Most points drawn per line. */
    static final int MAX_POINTS = 4000;
    private static final int WIDTH = 1100;
    private static final int HEIGHT = 420;
    private static final int MAX_CURVES_PER_CHART = 8;
    private static final int MAX_TRADE_ROWS = 1000;

    private HtmlReport() {
    }

    /**
     * Renders the page into {@code dir} (created if missing).
     *
     * @param title  a heading, e.g. the data files
     * @param config the config the backtest ran with (decimals)
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
            if (curves.size() > 1 && curves.size() <= MAX_CURVES_PER_CHART) {
                for (EquityCurve c : curves) {
                    line(equity, c.strategyId() + " " + c.instrument(), c.timesNs(), c.values(), null, 1f);
                }
            }
            image(h, equity, "equity curve " + q);
            h.append("<h2>Drawdown (").append(escape(q)).append(")</h2>\n");
            XYChart dd = chart("Drawdown from the running peak, all strategies, " + q, "%");
            double[] ddValues = all.drawdownPct();
            for (int i = 0; i < ddValues.length; i++) {
                ddValues[i] = -ddValues[i];
            }
            line(dd, "drawdown %", all.timesNs(), ddValues, new Color(0xB0, 0x20, 0x20), 1.5f);
            image(h, dd, "drawdown " + q);
        }
        for (PriceSeries p : report.prices()) {
            if (p.size() == 0) {
                continue;
            }
            Instrument i = p.instrument();
            h.append("<h2>").append(escape(i.symbol())).append(": bar closes, entries and exits</h2>\n");
            XYChart price = chart(i.symbol() + " close (" + i.quote() + " per " + i.base() + ")", i.quote());
            long[] times = new long[p.size()];
            double[] closes = new double[p.size()];
            for (int k = 0; k < p.size(); k++) {
                times[k] = p.closeTimeNs(k);
                closes[k] = i.priceToDouble(p.close(k));
            }
            line(price, "close", times, closes, new Color(0x40, 0x60, 0xA0), 1f);
            markers(price, report.fills(), i, Side.BUY, "buy fills", new Color(0x10, 0x90, 0x30));
            markers(price, report.fills(), i, Side.SELL, "sell fills", new Color(0xC0, 0x20, 0x20));
            image(h, price, "price " + i.symbol());
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

    private static void markers(XYChart chart, List<OrderFilled> fills, Instrument instrument, Side side,
                                String name, Color color) {
        List<Date> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (OrderFilled f : fills) {
            if (f.instrument().equals(instrument.symbol()) && f.side() == side) {
                x.add(new Date(f.eventTimeNs() / 1_000_000L));
                y.add(instrument.priceToDouble(f.fillPrice()));
            }
        }
        if (x.isEmpty()) {
            return;
        }
        XYSeries s = chart.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(side == Side.BUY ? SeriesMarkers.TRIANGLE_UP : SeriesMarkers.TRIANGLE_DOWN);
        s.setMarkerColor(color);
    }

    private static void image(StringBuilder h, XYChart chart, String alt) throws IOException {
        byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        h.append("<img alt=\"").append(escape(alt)).append("\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(png)).append("\">\n");
    }

    private static void statsTable(StringBuilder h, BacktestReport report) {
        h.append("<h2>Statistics</h2>\n<table><tr><th class=\"l\">strategy</th><th class=\"l\">instrument</th>")
                .append("<th class=\"l\">quote</th><th>net P&amp;L</th><th>return %</th><th>Sharpe</th>")
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
                    .append(fmt(s.returnPct(), 3)).append("</td><td>").append(fmt(s.sharpe(), 3)).append("</td><td>")
                    .append(fmt(s.sortino(), 3)).append("</td><td>").append(fmt(s.maxDrawdownPct(), 3))
                    .append("</td><td>").append(fmt(s.winRate() * 100, 1)).append("</td><td>")
                    .append(fmt(s.profitFactor(), 2)).append("</td><td>").append(s.tradeCount()).append("</td><td>")
                    .append(s.feesPaid().toPlainString()).append("</td><td>").append(fmt(s.timeInMarketPct(), 2))
                    .append("</td></tr>\n");
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
