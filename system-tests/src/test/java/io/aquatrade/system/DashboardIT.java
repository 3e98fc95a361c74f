package io.aquatrade.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.aquatrade.common.Bar;
import io.aquatrade.common.BarListener;
import io.aquatrade.common.ControlListener;
import io.aquatrade.common.ExecutionListener;
import io.aquatrade.common.KillSwitch;
import io.aquatrade.common.MessageCopies;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.QueueRoot;
import io.aquatrade.common.Side;
import io.aquatrade.common.Topic;
import io.aquatrade.common.TopicReader;
import io.aquatrade.common.testing.SampleData;
import io.aquatrade.tools.AquatradeTool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import picocli.CommandLine;

/**
 * {@code bin/aquatrade dashboard} in headless Chromium (Debian's {@code chromium} driven through its
 * {@code chromium-driver} by Selenium; nothing downloaded) on a four-process replay of the repository's sample, each
 * process its own JVM, the dashboard too. The shipped config runs with a second strategy, {@code hold}: the same
 * VWAP momentum signal with a 100 % stop, so it never exits and holds a position when the replay has drained. Checked,
 * against the topics as the oracle: the page's positions table is exactly the positions the fills on
 * {@code executions} add up to (buys minus sells per strategy and instrument); its health table shows the four
 * processes alive (their heartbeats, through the status report); the instrument's chart is a canvas
 * holding one candle per 5m bar on {@code bars}, drawn (pixels of the rising and the falling candles' colours); the
 * kill-switch button with a wrong token is refused (403 in the page and over plain HTTP) and changes nothing (no
 * message on {@code control}, {@code kill-switch status} says off); with the token it turns the switch on exactly as
 * the command does ({@code kill-switch status} says on, the message on {@code control} comes from the dashboard),
 * and the page's badge shows it; the token appears in no log or output file.
 *
 * <p>A machine without Chromium or its driver fails this test with what to install; it is never skipped.
 */
class DashboardIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String TOKEN = "dashboard-it-token-5b8e2c19f4a7";
    private static final long DRAIN_TIMEOUT_MS = 240_000;
    private static final Duration PAGE_TIMEOUT = Duration.ofSeconds(60);
    private static final Map<String, String> PROCESSES = Map.of(
            "order-router", "io.aquatrade.router.OrderRouterMain",
            "decision-engine", "io.aquatrade.decision.DecisionEngineMain",
            "signal-generator", "io.aquatrade.signal.SignalGeneratorMain",
            "market-data", "io.aquatrade.marketdata.MarketDataMain");
    private static final String SHIPPED_SIGNAL = "- {id: vwap-momentum, type: vwap-momentum, instruments: [XRPETH], "
            + "bars: 3}";
    private static final String SHIPPED_DECISION = "- {id: vwap-momentum, capital: 1.0, orderFraction: 0.5, "
            + "stopLossBps: 0}";
    private static final String SHIPPED_BALANCES = "balances: {ETH: 1.0, XRP: 0}";

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path run;

    /** The JVMs started, by name: the four processes and the dashboard. */
    private final Map<String, Process> jvms = new LinkedHashMap<>();
    private WebDriver browser;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void stop() throws InterruptedException {
        if (browser != null) {
            browser.quit();
            browser = null;
        }
        for (Process p : jvms.values()) {
            p.destroy();
        }
        for (Process p : jvms.values()) {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        jvms.clear();
    }

    @Test
    void showsTheRunsPositionsAndCandlesAndItsButtonTurnsTheKillSwitchOnWithTheTokenOnly() throws Exception {
        assertThat(Files.isExecutable(CHROMIUM)).as("the dashboard test needs Debian's chromium at " + CHROMIUM
                + ": apt-get install -y chromium chromium-driver (.ci/run installs both)").isTrue();
        assertThat(Files.isExecutable(CHROMEDRIVER)).as("the dashboard test needs Debian's chromium-driver at "
                + CHROMEDRIVER + ": apt-get install -y chromium chromium-driver (.ci/run installs both)").isTrue();

        Path queues = run.resolve("var/queues");
        Path killSwitchFile = run.resolve("var/KILL_SWITCH");
        Path config = writeConfig(queues, killSwitchFile);
        for (String name : List.of("order-router", "decision-engine", "signal-generator", "market-data")) {
            jvms.put(name, Jvms.start(run, name, PROCESSES.get(name), Map.of(), "--config", config.toString(),
                    "--metrics-port", "0"));
        }
        awaitDrained(queues);

        // the oracle: positions as the fills add up, bars as the topic holds them
        Map<String, BigDecimal> expectedPositions = positionsFromFills(queues);
        assertThat(expectedPositions).as("the hold strategy is in a position at the end")
                .containsKey("hold XRPETH");
        int bars5m = fiveMinuteBars(queues, "XRPETH");
        assertThat(bars5m).isGreaterThan(700);

        int port = freePort();
        jvms.put("aquatrade-dashboard", Jvms.start(run, "aquatrade-dashboard", AquatradeTool.class.getName(),
                Map.of("AQUATRADE_DASHBOARD_TOKEN", TOKEN), "dashboard", "--config", config.toString(), "--port",
                Integer.toString(port)));
        String url = "http://127.0.0.1:" + port + "/";
        awaitServing(url);

        browser = chromium();
        browser.get(url);
        WebDriverWait wait = new WebDriverWait(browser, PAGE_TIMEOUT);
        wait.ignoring(StaleElementReferenceException.class); // the page replaces its tables' rows every 3 s
        JavascriptExecutor js = (JavascriptExecutor) browser;

        // positions: the page's rows equal the topics' positions
        wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-loaded"))
                && pagePositions(d).size() == expectedPositions.size());
        Map<String, BigDecimal> shown = pagePositions(browser);
        assertThat(shown.keySet()).isEqualTo(expectedPositions.keySet());
        expectedPositions.forEach((key, qty) -> assertThat(shown.get(key)).as(key).isEqualByComparingTo(qty));

        // health: the four processes alive, as their heartbeats say (the status report served as it is)
        wait.until(d -> rows(d, "health", "alive").equals(List.of("true", "true", "true", "true")));
        assertThat(rows(browser, "health", "process", "liveness")).containsExactly("market-data alive",
                "signal-generator alive", "decision-engine alive", "order-router alive");
        assertThat(rows(browser, "pnl-today", "strategy")).contains("hold");

        // the chart: a canvas with one candle per bar, drawn
        WebElement canvas = wait.until(d -> d.findElements(By.cssSelector("#chart-XRPETH canvas")).stream()
                .findFirst().orElse(null));
        assertThat(canvas.getSize().getWidth()).isGreaterThan(300);
        assertThat(canvas.getSize().getHeight()).isGreaterThan(200);
        Object candles = js.executeScript("return echarts.getInstanceByDom(document.getElementById('chart-XRPETH'))"
                + ".getOption().series[0].data.length;");
        assertThat(((Number) candles).intValue()).isEqualTo(bars5m);
        @SuppressWarnings("unchecked")
        Map<String, Object> pixels = (Map<String, Object>) js.executeScript(
                "const c = document.querySelector('#chart-XRPETH canvas');"
                        + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                        + "let up = 0, down = 0;"
                        + "for (let i = 0; i < d.length; i += 4) {"
                        + "  if (d[i] === 0x26 && d[i + 1] === 0xa6 && d[i + 2] === 0x9a) up++;"
                        + "  if (d[i] === 0xef && d[i + 1] === 0x53 && d[i + 2] === 0x50) down++;"
                        + "}"
                        + "return {up: up, down: down};");
        assertThat(((Number) pixels.get("up")).intValue()).as("pixels of rising candles").isGreaterThan(100);
        assertThat(((Number) pixels.get("down")).intValue()).as("pixels of falling candles").isGreaterThan(100);

        // a wrong token: refused, nothing changed
        browser.findElement(By.id("token")).sendKeys("not-the-token-0000000000");
        browser.findElement(By.id("kill-switch-on")).click();
        WebElement result = browser.findElement(By.id("kill-switch-result"));
        wait.until(d -> result.getAttribute("data-status") != null);
        assertThat(result.getAttribute("data-status")).isEqualTo("403");
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(url + "api/kill-switch"))
                .header("Authorization", "Bearer wrong-" + TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(403);
        HttpResponse<String> noToken = http.send(HttpRequest.newBuilder(URI.create(url + "api/kill-switch"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(killSwitches(queues)).isEmpty();
        assertThat(killSwitchStatus(config)).startsWith("kill switch: off");
        assertThat(killSwitchFile).doesNotExist();

        // the token: the switch goes on, as kill-switch on would turn it
        WebElement tokenField = browser.findElement(By.id("token"));
        tokenField.clear();
        tokenField.sendKeys(TOKEN);
        browser.findElement(By.id("kill-switch-on")).click();
        wait.until(d -> "200".equals(result.getAttribute("data-status")));
        assertThat(killSwitchStatus(config)).startsWith("kill switch: on");
        assertThat(killSwitches(queues)).singleElement().satisfies(k -> {
            assertThat(k.on()).isTrue();
            assertThat(k.flatten()).isFalse();
            assertThat(k.source()).startsWith("dashboard@");
        });
        wait.until(d -> d.findElement(By.id("kill-switch-state")).getText().equals("kill switch: ON"));

        stop(); // nothing writes while the files are read
        assertThat(filesHolding(run, TOKEN)).as("files holding the token").isEmpty();
    }

    /** @return null while every JVM started runs, else which ended, its exit code and the tail of its stderr */
    private String ended() throws IOException {
        for (Map.Entry<String, Process> e : jvms.entrySet()) {
            if (!e.getValue().isAlive()) {
                Path err = run.resolve("out").resolve(e.getKey() + ".err");
                String text = Files.exists(err) ? Files.readString(err) : "";
                return e.getKey() + " exited with " + e.getValue().exitValue() + ": "
                        + text.substring(Math.max(0, text.length() - 2000));
            }
        }
        return null;
    }

    private Path writeConfig(Path queues, Path killSwitchFile) throws IOException {
        String yaml = Files.readString(SampleData.projectRoot().resolve("config/aquatrade.yaml"));
        assertThat(yaml).contains(SHIPPED_SIGNAL, SHIPPED_DECISION, SHIPPED_BALANCES, "queueDir: var/queues",
                "killSwitchFile: var/KILL_SWITCH", "path: data/sample/");
        yaml = yaml.replace(SHIPPED_SIGNAL, SHIPPED_SIGNAL + "\n    - {id: hold, type: vwap-momentum, "
                        + "instruments: [XRPETH], bars: 3}")
                .replace(SHIPPED_DECISION, SHIPPED_DECISION + "\n    - {id: hold, capital: 1.0, orderFraction: 0.5, "
                        + "stopLossBps: 10000}")
                .replace(SHIPPED_BALANCES, "balances: {ETH: 2.0, XRP: 0}")
                .replace("queueDir: var/queues", "queueDir: " + queues)
                .replace("killSwitchFile: var/KILL_SWITCH", "killSwitchFile: " + killSwitchFile)
                .replace("deadLetterDir: var/dead-letter", "deadLetterDir: " + run.resolve("var/dead-letter"))
                .replace("path: data/sample/", "path: " + SampleData.projectRoot().resolve("data/sample") + "/");
        Path config = run.resolve("dashboard-it.yaml");
        Files.writeString(config, yaml);
        return config;
    }

    private void awaitDrained(Path queues) throws Exception {
        long deadlineMs = System.currentTimeMillis() + DRAIN_TIMEOUT_MS;
        while (!Files.isDirectory(queues.resolve(Topic.EXECUTIONS.name()))) {
            assertThat(ended()).isNull();
            assertThat(System.currentTimeMillis()).as("executions topic created").isLessThan(deadlineMs);
            Thread.sleep(100);
        }
        try (QueueRoot root = new QueueRoot(queues);
             TopicReader<ExecutionListener> reader = root.reader(Topic.EXECUTIONS, null)) {
            Collected ignore = new Collected();
            while (true) {
                while (reader.poll(ignore) > 0) {
                    // to the end
                }
                if (reader.endOfStream()) {
                    return;
                }
                assertThat(ended()).isNull();
                assertThat(System.currentTimeMillis()).as("the replay drained").isLessThan(deadlineMs);
                Thread.sleep(100);
            }
        }
    }

    /** @return "strategy instrument" -> buys minus sells of its fills, base units, where not zero */
    private static Map<String, BigDecimal> positionsFromFills(Path queues) {
        Map<String, BigDecimal> sums = new TreeMap<>();
        try (QueueRoot root = new QueueRoot(queues)) {
            Collected c = new Collected();
            try (TopicReader<ExecutionListener> r = root.reader(Topic.EXECUTIONS, null)) {
                while (r.poll(c) > 0) {
                    // all of it
                }
            }
            for (OrderFilled f : c.fills) {
                BigDecimal qty = BigDecimal.valueOf(f.fillQuantity(), SampleData.XRPETH_SIZE_DECIMALS);
                sums.merge(f.strategyId() + " " + f.instrument(), f.side() == Side.BUY ? qty : qty.negate(),
                        BigDecimal::add);
            }
        }
        sums.values().removeIf(q -> q.signum() == 0);
        return sums;
    }

    private static int fiveMinuteBars(Path queues, String symbol) {
        int[] n = {0};
        BarListener count = (Bar b) -> {
            if (b.instrument().equals(symbol) && b.timeframeMs() == 300_000L) {
                n[0]++;
            }
        };
        try (QueueRoot root = new QueueRoot(queues);
             TopicReader<BarListener> r = root.reader(Topic.BARS, null)) {
            while (r.poll(count) > 0) {
                // all of it
            }
        }
        return n[0];
    }

    private static List<KillSwitch> killSwitches(Path queues) {
        List<KillSwitch> out = new ArrayList<>();
        if (!Files.isDirectory(queues.resolve(Topic.CONTROL.name()))) {
            return out;
        }
        ControlListener keep = k -> {
            KillSwitch copy = new KillSwitch();
            MessageCopies.copy(k, copy);
            out.add(copy);
        };
        try (QueueRoot root = new QueueRoot(queues);
             TopicReader<ControlListener> r = root.reader(Topic.CONTROL, null)) {
            while (r.poll(keep) > 0) {
                // all of it
            }
        }
        return out;
    }

    /** @return what {@code bin/aquatrade kill-switch status} prints */
    private static String killSwitchStatus(Path config) {
        StringWriter out = new StringWriter();
        int code = new CommandLine(new AquatradeTool()).setOut(new PrintWriter(out))
                .execute("kill-switch", "status", "--config", config.toString());
        assertThat(code).isZero();
        return out.toString();
    }

    private static Map<String, BigDecimal> pagePositions(WebDriver d) {
        Map<String, BigDecimal> out = new HashMap<>();
        for (String row : rows(d, "positions", "strategy", "instrument", "quantity")) {
            String[] f = row.split(" ");
            out.put(f[0] + " " + f[1], new BigDecimal(f[2]));
        }
        return out;
    }

    /**
     * Reads a table's rows in one script, so that a refresh of the page cannot replace them half-way.
     *
     * @return per row of {@code #<table> tbody}, its data attributes joined by a space
     */
    @SuppressWarnings("unchecked")
    private static List<String> rows(WebDriver d, String table, String... attributes) {
        return (List<String>) ((JavascriptExecutor) d).executeScript("return Array.from(document.querySelectorAll("
                + "'#' + arguments[0] + ' tbody tr')).map(tr => arguments[1].map(a => tr.dataset[a]).join(' '));",
                table, List.of(attributes));
    }

    private void awaitServing(String url) throws Exception {
        long deadlineMs = System.currentTimeMillis() + PAGE_TIMEOUT.toMillis();
        while (true) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "api/status")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            assertThat(ended()).isNull();
            assertThat(System.currentTimeMillis()).as("the dashboard serves " + url).isLessThan(deadlineMs);
            Thread.sleep(200);
        }
    }

    private WebDriver chromium() throws IOException {
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
                .withLogFile(run.resolve("out/chromedriver.log").toFile()).build();
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1300,1000", "--user-data-dir=" + Files.createDirectories(run.resolve("chromium")));
        return new ChromeDriver(service, options);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static List<Path> filesHolding(Path dir, String secret) throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            // the browser's profile and its driver's log are the test's, not the project's (the log holds the keys
            // the test typed)
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.startsWith(dir.resolve("chromium"))
                    && !f.equals(dir.resolve("out/chromedriver.log"))).toList()) {
                if (new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1).contains(secret)) {
                    out.add(f);
                }
            }
        }
        return out;
    }
}
