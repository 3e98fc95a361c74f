package io.aquatrade.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.aquatrade.common.ProcessCli;
import io.aquatrade.common.testing.SampleData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command as a user runs it: flags, the printed table, the files it writes, and exit code 2 on bad input. */
class BacktestMainTest {
    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = ProcessCli.execute("backtest", new BacktestMain(), args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
    }

    private static String config() {
        return SampleData.projectRoot().resolve("config/aquatrade.yaml").toString();
    }

    @Test
    void backtestsTheSampleTradesAndWritesTheReport() throws Exception {
        Path out = dir.resolve("report");
        Run r = run("--config", config(), "--data", SampleData.file("XRP_ETH-trades.json.gz") + ":freqtrade-trades:XRPETH",
                "--from", "2019-10-11", "--to", "2019-10-13T12:00:00Z", "--out", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("strategy", "netPnl", "sharpe", "vwap-momentum", "XRPETH", "ALL");

        List<String> trades = Files.readAllLines(out.resolve("trades.csv"));
        assertThat(trades.get(0)).isEqualTo("strategy,instrument,side,entry_time,entry_price,exit_time,exit_price,"
                + "quantity,pnl,fees,quote_asset");
        assertThat(trades).hasSizeGreaterThan(10);
        assertThat(trades.get(1)).startsWith("vwap-momentum,XRPETH,LONG,2019-10-11T00:30:00Z,0.00141683,");
        List<String> fills = Files.readAllLines(out.resolve("fills.csv"));
        assertThat(fills.get(1)).isEqualTo("2019-10-11T00:30:00Z,vwap-momentum-1,paper-1,paper-1-1,vwap-momentum,"
                + "XRPETH,BUY,0.00141683,353,0.50014099,0.00050015,ETH,TAKER,true");
        assertThat(fills.size() - 1).isEqualTo(2 * (trades.size() - 1));
        List<String> stats = Files.readAllLines(out.resolve("stats.csv"));
        assertThat(stats).hasSize(3);
        assertThat(stats.get(2)).startsWith("ALL,ALL,ETH,");

        String html = Files.readString(out.resolve("report.html"));
        assertThat(html).startsWith("<!DOCTYPE html>").contains("Statistics", "Round trips", "vwap-momentum")
                .doesNotContain("<script", "http://", "https://");
        Matcher m = Pattern.compile("<img alt=\"([^\"]+)\" src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\">")
                .matcher(html);
        List<String> images = new ArrayList<>();
        while (m.find()) {
            images.add(m.group(1));
            byte[] png = Base64.getDecoder().decode(m.group(2));
            assertThat(png).hasSizeGreaterThan(5_000);
            assertThat(new String(png, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
        }
        assertThat(images).containsExactly("equity curve ETH", "drawdown ETH", "equity vwap-momentum ETH",
                "candles XRPETH");
        assertThat(html).contains("Positions open at the end", "<th>realised</th><th>unrealised</th>");
        assertThat(stats.get(0)).startsWith("strategy,instrument,quote_asset,net_pnl,realized_pnl,unrealized_pnl,");
    }

    @Test
    void candleFilesRunThroughTheSameCommand() throws Exception {
        Path out = dir.resolve("candles");
        Run r = run("--config", config(), "--data", SampleData.file("XRP_ETH-5m.json").toString(), "--out",
                out.toString(), "--no-html");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("712 bars");
        assertThat(out.resolve("stats.csv")).exists();
        assertThat(out.resolve("report.html")).doesNotExist();
        assertThat(out.resolve("bars-XRPETH-5m.csv")).as("only with --export bars").doesNotExist();
    }

    @Test
    void exportBarsWritesOneCsvPerInstrumentAndTimeframe() throws Exception {
        Path out = dir.resolve("export");
        Run r = run("--config", config(), "--data", SampleData.file("XRP_ETH-5m.json").toString(), "--out",
                out.toString(), "--no-html", "--export", "bars");
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> bars = Files.readAllLines(out.resolve("bars-XRPETH-5m.csv"));
        assertThat(bars.get(0)).startsWith("open_time_ms,open,high,low,close,volume,buy_volume,sell_volume,trades,"
                + "vwap,ema9,ema20,ema200,sma9,atr14,");
        // the first candle of the sample file, as Binance wrote it: 2019-10-11 00:00, no indicator value yet
        String[] first = SampleData.klines("XRP_ETH-5m.json").get(0);
        assertThat(bars.get(1)).startsWith(first[0] + "," + first[1] + "," + first[2] + "," + first[3] + ","
                + first[4] + ",").contains(",,,,,,");
        assertThat(r.out()).contains("exported", "bars-XRPETH-5m.csv");

        Run bad = run("--config", config(), "--data", SampleData.file("XRP_ETH-5m.json").toString(), "--out",
                out.toString(), "--export", "signals");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--export", "bars");
    }

    @Test
    void badFlagsAndConfigEndWithExitCode2NamingThem() throws Exception {
        String trades = SampleData.file("XRP_ETH-trades.json.gz").toString();
        Run badTime = run("--config", config(), "--data", trades, "--from", "yesterday", "--out", dir.toString());
        assertThat(badTime.exitCode()).isEqualTo(2);
        assertThat(badTime.err()).contains("--from");

        Run badFormat = run("--config", config(), "--data", trades + ":candles", "--out", dir.toString());
        assertThat(badFormat.exitCode()).isEqualTo(2);
        assertThat(badFormat.err()).contains("--data[0].format");

        Run missing = run("--config", config(), "--data", "no/such/file.json.gz", "--out", dir.toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("--data[0]");

        Run emptyWindow = run("--config", config(), "--data", trades, "--from", "2030-01-01", "--out",
                dir.toString());
        assertThat(emptyWindow.exitCode()).isEqualTo(2);

        Path badConfig = dir.resolve("bad.yaml");
        Files.writeString(badConfig, Files.readString(Path.of(config())) + "\nbacktest:\n  outDir: x\n");
        Run unknownKey = run("--config", badConfig.toString(), "--data", trades, "--out", dir.toString());
        assertThat(unknownKey.exitCode()).isEqualTo(2);
        assertThat(unknownKey.err()).contains("backtest");

        Run unknownFlag = run("--config", config(), "--speed", "3");
        assertThat(unknownFlag.exitCode()).isEqualTo(2);
    }

    @Test
    void theConfigsBacktestSectionNamesTheDataWindowAndOutput() throws Exception {
        Path out = dir.resolve("from-config");
        Path cfg = dir.resolve("with-backtest.yaml");
        Files.writeString(cfg, Files.readString(Path.of(config())) + "\nbacktest:\n  data:\n    - {path: '"
                + SampleData.file("XRP_ETH-5m.json").toString().replace("'", "''") + "'}\n  from: 2019-10-12\n"
                + "  out: '" + out.toString().replace("'", "''") + "'\n");
        Run r = run("--config", cfg.toString(), "--no-html");
        assertThat(r.exitCode()).as(r.err()).isZero();
        // the flat (volume-0) 23:55 candle is a bar now: it closes at 00:00
        assertThat(r.out()).contains("712 bars}", "from 2019-10-12T00:00:00Z");
        assertThat(out.resolve("trades.csv")).exists();
    }
}
