package io.aquatrade.fakebinance;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import io.aquatrade.common.ConfigException;
import io.aquatrade.common.EpochClock;
import io.aquatrade.common.ProcessCli;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/aquatrade fake-binance --port N --data FILE[:SYMBOL]...}: serves a local Binance spot exchange on
 * 127.0.0.1 until stopped (SIGTERM). Exit code 2 for a bad flag (the flag named on stderr).
 */
@Command(name = "fake-binance", mixinStandardHelpOptions = true,
        description = "A local Binance spot exchange on 127.0.0.1 (REST, the WebSocket API's user data stream, the "
                + "public market streams), its market replayed from recorded Binance captures (trades and book "
                + "tickers), with faults on demand (--fault).")
public final class FakeBinanceMain implements Callable<Integer> {
    /** Quote assets recognised at the end of a symbol, longest first. */
    private static final List<String> QUOTES = List.of("FDUSD", "USDT", "USDC", "BUSD", "TUSD", "BTC", "ETH",
            "BNB", "EUR", "TRY", "BRL", "JPY");

    @Option(names = "--port", required = true, description = "TCP port on 127.0.0.1 (0: any free port, printed)")
    int port;

    @Option(names = "--data", required = true, paramLabel = "FILE[:SYMBOL]",
            description = "a Binance websocket capture (<receive_time> <json> lines, .gz or plain); SYMBOL "
                    + "(e.g. BTCUSDT) picks one symbol of it, default the file's first. Repeat for more symbols.")
    List<String> data;

    @Option(names = "--balance", paramLabel = "ASSET=AMOUNT",
            description = "starting free balance, repeatable (default USDT=10000 and 1 of each base asset)")
    Map<String, String> balance = new LinkedHashMap<>();

    @Option(names = "--commission-rate", defaultValue = "0.001",
            description = "commission as a fraction of the amount received, 0..0.1 (default ${DEFAULT-VALUE})")
    String commissionRate;

    @Option(names = "--bnb-fees",
            description = "pay fees with BNB (Binance's spotBNBBurn): each fill's commission is charged in BNB at a "
                    + "25%% discount while the account's free BNB covers it, else in the asset received")
    boolean bnbFees;

    @Option(names = "--bnb-price", paramLabel = "QUOTE=PRICE",
            description = "price of 1 BNB in a quote asset, for --bnb-fees on symbols of that quote asset, repeatable "
                    + "(e.g. USDT=600; a replayed BNB<QUOTE> market's last trade price is used instead when there "
                    + "is one)")
    Map<String, String> bnbPrice = new LinkedHashMap<>();

    @Option(names = "--min-notional", defaultValue = "5",
            description = "NOTIONAL filter's minNotional of every symbol, quote asset (default ${DEFAULT-VALUE})")
    String minNotional;

    @Option(names = "--speed", defaultValue = "1",
            description = "replay pace, multiple of real time; 0: the market moves only on POST /fake/advance "
                    + "(default ${DEFAULT-VALUE})")
    double speed;

    @Option(names = "--fault", paramLabel = "NAME[=VALUE]",
            description = "a fault to inject, repeatable (see README: http429=N, http418=S, timeoutAfterTake=N, "
                    + "http5xxAfterTake=N, clockSkewMs=M, reject2010=N, reject1013=N, partialFills=K, lateMatchMs=M; stream: "
                    + "dropSocket, "
                    + "duplicateReports=N, lateReportsMs=M, silentStream=S, terminateStream); also at run time by "
                    + "POST /fake/fault?name=NAME&value=VALUE")
    List<String> faults = new ArrayList<>();

    @Option(names = "--testnet",
            description = "serve no /sapi endpoint (404), as Binance's spot testnet, which has only /api")
    boolean testnet;

    @Option(names = "--api-key", defaultValue = "${env:AQUATRADE_BINANCE_API_KEY}",
            description = "the API key accepted (default: env AQUATRADE_BINANCE_API_KEY)")
    String apiKey;

    @Option(names = "--api-secret", defaultValue = "${env:AQUATRADE_BINANCE_API_SECRET}",
            description = "its secret (default: env AQUATRADE_BINANCE_API_SECRET); never printed")
    String apiSecret;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (port < 0 || port > 65535) {
            throw new ConfigException("--port", "0..65535, got " + port);
        }
        if (apiKey == null || apiKey.isBlank() || apiSecret == null || apiSecret.isBlank()) {
            throw new ConfigException("--api-key/--api-secret", "both set (or AQUATRADE_BINANCE_API_KEY and "
                    + "AQUATRADE_BINANCE_API_SECRET): signed requests are checked with them");
        }
        if (!(speed >= 0) || Double.isInfinite(speed)) {
            throw new ConfigException("--speed", "a number >= 0, got " + speed);
        }
        BigDecimal rate = decimal("--commission-rate", commissionRate);
        if (rate.compareTo(new BigDecimal("0.1")) > 0) {
            throw new ConfigException("--commission-rate", "0..0.1, got " + commissionRate);
        }
        BigDecimal notional = decimal("--min-notional", minNotional);
        Map<String, BigDecimal> bnbPrices = new LinkedHashMap<>();
        bnbPrice.forEach((quote, price) -> {
            BigDecimal p = decimal("--bnb-price " + quote, price);
            if (p.signum() == 0) {
                throw new ConfigException("--bnb-price " + quote, "a price above 0, got " + price);
            }
            bnbPrices.put(quote, p);
        });
        if (!bnbPrices.isEmpty() && !bnbFees) {
            throw new ConfigException("--bnb-price", "only with --bnb-fees");
        }
        List<Market> markets = new ArrayList<>();
        for (String spec : data) {
            int colon = spec.lastIndexOf(':');
            Path file = Path.of(colon > 0 && !Files.exists(Path.of(spec)) ? spec.substring(0, colon) : spec);
            String symbol = colon > 0 && !Files.exists(Path.of(spec)) ? spec.substring(colon + 1) : null;
            if (!Files.isReadable(file)) {
                throw new ConfigException("--data", "a readable capture file, cannot read " + file);
            }
            CaptureFile capture;
            try {
                capture = CaptureFile.read(file, symbol);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("--data", "a capture with trades and book tickers: " + e.getMessage());
            }
            String quote = QUOTES.stream().filter(q -> capture.symbol().endsWith(q)
                    && capture.symbol().length() > q.length()).findFirst()
                    .orElseThrow(() -> new ConfigException("--data", "a symbol ending in a known quote asset "
                            + QUOTES + ", got " + capture.symbol()));
            String base = capture.symbol().substring(0, capture.symbol().length() - quote.length());
            if (markets.stream().anyMatch(m -> m.symbol.equals(capture.symbol()))) {
                throw new ConfigException("--data", "each symbol once, got " + capture.symbol() + " twice");
            }
            markets.add(new Market(capture.symbol(), base, quote, notional, capture.events()));
        }
        Map<String, BigDecimal> balances = new LinkedHashMap<>();
        if (balance.isEmpty()) {
            balances.put("USDT", new BigDecimal("10000"));
            markets.forEach(m -> balances.put(m.baseAsset, BigDecimal.ONE));
        }
        balance.forEach((asset, amount) -> balances.put(asset, decimal("--balance " + asset, amount)));
        FakeExchange exchange = new FakeExchange(markets, balances, rate, EpochClock.system());
        if (bnbFees) {
            exchange.payFeesWithBnb(bnbPrices);
        }
        FakeBinanceServer server = new FakeBinanceServer(exchange, port, apiKey, apiSecret);
        server.servesSapi(!testnet);
        for (String fault : faults) {
            int eq = fault.indexOf('=');
            try {
                server.fault(eq < 0 ? fault : fault.substring(0, eq), eq < 0 ? null : fault.substring(eq + 1));
            } catch (IllegalArgumentException e) {
                server.close();
                throw new ConfigException("--fault", e.getMessage());
            }
        }
        if (speed > 0) {
            server.startPacing(speed);
        }
        System.out.println("fake-binance: serving " + markets.stream().map(m -> m.symbol).toList() + " on "
                + server.restUri() + (speed > 0 ? " at " + speed + "x" : ", market moved by POST /fake/advance"));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "fake-binance-stop"));
        stopped.await();
        return 0;
    }

    private static BigDecimal decimal(String field, String value) {
        try {
            BigDecimal d = new BigDecimal(value);
            if (d.signum() < 0) {
                throw new ConfigException(field, "a decimal >= 0, got " + value);
            }
            return d;
        } catch (NumberFormatException e) {
            throw new ConfigException(field, "a decimal >= 0, got " + value);
        }
    }

    /**
     * Process entry.
     *
     * @param args see {@code --help}
     */
    public static void main(String[] args) {
        System.exit(ProcessCli.execute("fake-binance", new FakeBinanceMain(), args));
    }
}
