package io.aquatrade.router.venue.binance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.aquatrade.common.EpochClock;
import io.aquatrade.common.ProcessCli;
import io.aquatrade.fakebinance.FakeBinanceFixture;
import io.aquatrade.fakebinance.MarketEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * {@code bin/aquatrade venue-check} ({@link VenueCheckMain}, the real XChange 5.2.4 client) against fake-binance
 * started in-process over the shared BTCUSDT capture of 2024-08-08. The test order's price and quantity are worked
 * out here from the recorded trades and the fake's filters (tick 0.01, step 0.00001, minNotional 5), not read back.
 * Every line printed and every log line (at DEBUG) is scanned for the secret and the full key.
 */
class VenueCheckIT {
    private static final String KEY = "check-it-key-7d41";
    private static final String SECRET = "check-it-secret-0a9b8c7d6e5f";
    private static final BigDecimal START_USDT = new BigDecimal("10000");
    private static final BigDecimal START_BTC = new BigDecimal("1");
    private static final String GOOD_FILTERS = "{tickSize: 0.01, stepSize: 0.00001, minQty: 0.00001, minNotional: 5}";

    @TempDir
    Path dir;
    private FakeBinanceFixture fake;
    private ListAppender<ILoggingEvent> logs;
    private Logger root;
    private Level rootLevel;
    private String output;

    @BeforeEach
    void start() throws Exception {
        root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        rootLevel = root.getLevel();
        root.setLevel(Level.DEBUG);
        logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        fake = new FakeBinanceFixture(KEY, SECRET, Map.of("USDT", START_USDT, "BTC", START_BTC),
                new BigDecimal("0.001"));
    }

    @AfterEach
    void stop() {
        fake.close();
        root.detachAppender(logs);
        root.setLevel(rootLevel);
    }

    private Path config(String instruments) throws Exception {
        return config(instruments, "{BTC: 8, USDT: 8}");
    }

    /** @param assets the {@code assets} section, e.g. {@code {BTC: 8, USDT: 8}} */
    private Path config(String instruments, String assets) throws Exception {
        Path file = dir.resolve("aquatrade.yaml");
        Files.writeString(file, """
                runtime: {queueDir: var/queues, sequencing: arrival}
                instruments:
                %s
                assets: %s
                signal-generator:
                  strategies:
                    - {id: ma, type: ma-cross, instruments: [BTCUSDT]}
                decision-engine:
                  strategies:
                    - {id: ma, capital: 1000, orderFraction: 0.5, stopLossBps: 150, stopOrder: limit,
                       entryOrder: {type: limit, offsetBps: 2, timeoutMs: 600000, postOnly: true}}
                order-router:
                  venue: binance
                  binance: {baseUrl: "%s", recvWindowMs: 5000}
                """.formatted(instruments, assets, fake.restUri()));
        return file;
    }

    private Path goodConfig() throws Exception {
        return config("  - {symbol: BTCUSDT, base: BTC, quote: USDT, priceDecimals: 2, sizeDecimals: 5, filters: "
                + GOOD_FILTERS + "}");
    }

    private int check(Map<String, String> env, EpochClock clock, String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream stdout = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        PrintStream stderr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = ProcessCli.execute(VenueCheckMain.PROCESS, new VenueCheckMain(env, clock, stdout), args);
        } finally {
            System.setErr(stderr);
        }
        output = bytes.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        return code;
    }

    private int check(Path config) {
        return check(Map.of(BinanceCredentials.ENV_KEY, KEY, BinanceCredentials.ENV_SECRET, SECRET),
                EpochClock.system(), "--config", config.toString());
    }

    /** The check lines: those starting with OK, WARN or FAIL. */
    private List<String> lines() {
        return Arrays.stream(output.split("\n")).filter(l -> l.matches("(OK|WARN|FAIL) .*")).toList();
    }

    private String line(String prefix) {
        return lines().stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow(() ->
                new AssertionError("no line starting '" + prefix + "' in:\n" + output));
    }

    private void assertNoSecretAnywhere(String... secrets) {
        for (String s : secrets) {
            assertThat(output).doesNotContain(s);
        }
        assertThat(logs.list).allSatisfy(e -> {
            String line = e.getFormattedMessage() + (e.getThrowableProxy() == null ? ""
                    : ThrowableProxyUtil.asString(e.getThrowableProxy()));
            for (String s : secrets) {
                assertThat(line).doesNotContain(s);
            }
        });
    }

    /**
     * The average price the fake serves, worked out here from the recorded trades: volume-weighted over the trades
     * received in the 5 minutes up to the replay's time (Binance's avgPrice, avgPriceMins 5).
     */
    private BigDecimal averagePrice() {
        List<MarketEvent> events = fake.events().subList(0, fake.cursor());
        long nowMs = events.stream().mapToLong(MarketEvent::marketTimeMs).max().orElseThrow();
        BigDecimal value = BigDecimal.ZERO;
        BigDecimal volume = BigDecimal.ZERO;
        for (MarketEvent e : events) {
            if (e.trade() != null && e.marketTimeMs() > nowMs - 300_000) {
                value = value.add(e.trade().price().multiply(e.trade().quantity()));
                volume = volume.add(e.trade().quantity());
            }
        }
        return value.divide(volume, 8, RoundingMode.HALF_UP);
    }

    @Test
    void everyCheckIsOkAgainstTheLocalExchangeAndNothingIsPlaced() throws Exception {
        fake.advance(2000); // five minutes' worth of trades and more behind the average price
        int code = check(goodConfig());

        assertThat(code).as(output).isZero();
        assertThat(lines()).as(output).isNotEmpty().allSatisfy(l -> assertThat(l).startsWith("OK "));
        assertThat(line("OK    connection")).contains(fake.restUri()).contains("key ...7d41");
        assertThat(line("OK    BTCUSDT order types")).contains("MARKET").contains("LIMIT_MAKER")
                .contains("STOP_LOSS_LIMIT");
        assertThat(line("OK    BTCUSDT ma size")).contains("500").contains("above Binance's minimum 5 USDT");
        assertThat(line("OK    withdrawal permission")).contains("canWithdraw false");
        assertThat(line("OK    USDT balance")).contains("free 10000, locked 0");
        assertThat(line("OK    commission")).contains("maker 10 bps, taker 10 bps");
        // far below the market: half the average price rounded up to the tick; the least quantity (whole steps)
        // worth Binance's minimum notional of 5 USDT at that price
        BigDecimal tick = new BigDecimal("0.01");
        BigDecimal step = new BigDecimal("0.00001");
        BigDecimal price = averagePrice().divide(BigDecimal.valueOf(2)).divide(tick, 0, RoundingMode.CEILING)
                .multiply(tick);
        BigDecimal quantity = new BigDecimal("5").divide(price, 20, RoundingMode.CEILING).divide(step, 0,
                RoundingMode.CEILING).multiply(step);
        assertThat(price.multiply(quantity)).isGreaterThanOrEqualTo(new BigDecimal("5"));
        assertThat(price.multiply(quantity.subtract(step))).isLessThan(new BigDecimal("5"));
        assertThat(line("OK    BTCUSDT test order")).contains("BUY " + quantity.stripTrailingZeros().toPlainString()
                + " BTC LIMIT at " + price.stripTrailingZeros().toPlainString() + " USDT").contains("not placed");
        assertThat(output).contains("venue-check: all checks passed");
        // read-only: the exchange took no order
        assertThat(fake.fills()).isEmpty();
        assertThat(fake.balances().get("USDT")[0]).isEqualByComparingTo(START_USDT);
        assertThat(fake.balances().get("USDT")[1]).isZero();
        assertNoSecretAnywhere(SECRET, KEY);
    }

    @Test
    void aWrongSecretFailsNamingTheSignatureAndIsNeverPrinted() throws Exception {
        String wrong = "not-the-secret-31f9e2d8c7b6";
        int code = check(Map.of(BinanceCredentials.ENV_KEY, KEY, BinanceCredentials.ENV_SECRET, wrong),
                EpochClock.system(), "--config", goodConfig().toString());

        assertThat(code).as(output).isEqualTo(1);
        assertThat(line("FAIL  account")).contains("signature").contains("-1022")
                .contains(BinanceCredentials.ENV_SECRET);
        assertThat(line("FAIL  BTCUSDT test order")).contains("not sent");
        assertThat(line("OK    BTCUSDT filters")).isNotEmpty(); // the public checks still ran
        assertThat(output).contains("do not trade until every FAIL is fixed");
        assertNoSecretAnywhere(wrong, SECRET, KEY);
    }

    @Test
    void aStrategyWithTakeProfitAndAStopOrderFailsNamingItsFields() throws Exception {
        fake.advance(2000);
        Path config = goodConfig();
        Files.writeString(config, Files.readString(config).replace("stopOrder: limit,",
                "stopOrder: limit, takeProfit: [{r: 1, fraction: 0.5}],"));
        int code = check(config);

        assertThat(code).as(output).isEqualTo(1);
        assertThat(line("FAIL  BTCUSDT order types")).contains("strategy ma").contains("takeProfit")
                .contains("stopOrder").contains("decision-engine.strategies[0]");
        assertThat(lines()).noneMatch(l -> l.startsWith("OK    BTCUSDT order types"));
    }

    @Test
    void anInstrumentTheExchangeDoesNotListFailsNamingIt() throws Exception {
        Path config = config("""
                  - {symbol: BTCUSDT, base: BTC, quote: USDT, priceDecimals: 2, sizeDecimals: 5, filters: %s}
                  - {symbol: DOGEUSDT, base: DOGE, quote: USDT, priceDecimals: 5, sizeDecimals: 0}
                """.formatted(GOOD_FILTERS).stripTrailing());
        int code = check(config);

        assertThat(code).as(output).isEqualTo(1);
        assertThat(line("FAIL  DOGEUSDT")).contains("Binance does not list DOGEUSDT");
        assertThat(line("OK    BTCUSDT test order")).contains("accepted");
        assertThat(lines()).noneMatch(l -> l.startsWith("OK    DOGEUSDT"));
        assertNoSecretAnywhere(SECRET, KEY);
    }

    /**
     * An asset with fewer decimals than Binance gives it (USDT: 2 against quoteAssetPrecision and
     * quoteCommissionPrecision 8): a FAIL naming {@code assets.USDT} and the decimals needed, as the router refuses to
     * start with it.
     */
    @Test
    void anAssetWithFewerDecimalsThanBinancesPrecisionFailsNamingIt() throws Exception {
        Path file = config("  - {symbol: BTCUSDT, base: BTC, quote: USDT, priceDecimals: 2, sizeDecimals: 5, "
                + "filters: " + GOOD_FILTERS + "}", "{BTC: 8, USDT: 2}");
        assertThat(check(file)).isEqualTo(1);
        assertThat(line("FAIL  BTCUSDT assets.USDT")).contains("at least 8 decimals", "quoteAssetPrecision 8",
                "quoteCommissionPrecision 8", "was 2", "set assets.USDT: 8");
        assertThat(lines()).noneMatch(l -> l.startsWith("FAIL  BTCUSDT assets.BTC"));
    }

    @Test
    void aKeyWithWithdrawalPermissionIsALoudWarningButNotAFailure() throws Exception {
        fake.canWithdraw(true);
        int code = check(goodConfig());

        assertThat(code).as(output).isZero();
        assertThat(line("WARN  WITHDRAWAL PERMISSION")).contains("can WITHDRAW").contains("WITHOUT withdrawal");
        assertThat(lines()).filteredOn(l -> l.startsWith("WARN")).hasSize(1);
        assertThat(output).contains("all checks passed with 1 WARN");
        assertNoSecretAnywhere(SECRET, KEY);
    }

    @Test
    void filtersMissingFromTheConfigAreAWarningWithBinancesValuesAndWrongDecimalsFail() throws Exception {
        assertThat(check(config("  - {symbol: BTCUSDT, base: BTC, quote: USDT, priceDecimals: 2, sizeDecimals: 5}")))
                .as(output).isZero();
        assertThat(line("WARN  BTCUSDT filters")).contains("instruments[BTCUSDT].filters: " + GOOD_FILTERS);

        assertThat(check(config("  - {symbol: BTCUSDT, base: BTC, quote: USDT, priceDecimals: 1, sizeDecimals: 5, "
                + "filters: {tickSize: 0.1, stepSize: 0.00001, minQty: 0.00001, minNotional: 1}}"))).isEqualTo(1);
        assertThat(line("FAIL  BTCUSDT filters")).contains("priceDecimals: 2 or more")
                .contains("minNotional 1 is below Binance's NOTIONAL minNotional 5");
    }

    @Test
    void aClockBehindBinanceWarnsAndOneAheadBeyondItsLimitFails() throws Exception {
        EpochClock system = EpochClock.system();
        Map<String, String> env = Map.of(BinanceCredentials.ENV_KEY, KEY, BinanceCredentials.ENV_SECRET, SECRET);
        Path config = goodConfig();

        assertThat(check(env, () -> system.nowNs() - 1_500_000_000L, "--config", config.toString())).isZero();
        assertThat(line("WARN  clock")).contains("behind Binance's");

        assertThat(check(env, () -> system.nowNs() + 3_000_000_000L, "--config", config.toString())).isEqualTo(1);
        assertThat(line("FAIL  clock")).contains("ahead of Binance's");
        assertThat(line("FAIL  account")).contains("-1021");
    }

    @Test
    void aKeyFileWiderThan0600IsAConfigErrorExit2() throws Exception {
        Path keys = dir.resolve("binance.key");
        Files.writeString(keys, "apiKey=" + KEY + "\napiSecret=" + SECRET + "\n");
        Files.setPosixFilePermissions(keys, PosixFilePermissions.fromString("rw-r--r--"));
        int code = check(Map.of(), EpochClock.system(), "--config", goodConfig().toString(), "--key-file",
                keys.toString());
        assertThat(code).isEqualTo(2);
        assertThat(output).contains("--key-file").contains("chmod 600");

        Files.setPosixFilePermissions(keys, PosixFilePermissions.fromString("rw-------"));
        assertThat(check(Map.of(), EpochClock.system(), "--config", goodConfig().toString(), "--key-file",
                keys.toString())).as(output).isZero();
        assertNoSecretAnywhere(SECRET, KEY);
    }

    @Test
    void noKeysAtAllIsAConfigErrorExit2() throws Exception {
        assertThat(check(Map.of(), EpochClock.system(), "--config", goodConfig().toString())).isEqualTo(2);
        assertThat(output).contains(BinanceCredentials.ENV_KEY);
    }
}
