package io.aquatrade.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.QueueRoot;
import io.aquatrade.common.Side;
import io.aquatrade.common.TradeTick;
import io.aquatrade.common.testing.SampleData;
import io.aquatrade.decision.DecisionEngineMain;
import io.aquatrade.marketdata.MarketDataMain;
import io.aquatrade.router.OrderRouterMain;
import io.aquatrade.signal.SignalGeneratorMain;
import io.aquatrade.tools.AquatradeTool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code bin/aquatrade status} on the four processes as real JVMs replaying the repository's XRP/ETH trades with three
 * strategies: every process alive with its readers caught up, the feed's replay finished, and positions, exposure,
 * P&amp;L and trades today equal to an independent sum of the fills on {@code executions} (cash flows of today's fills
 * plus the holdings marked at the last trade, less the holdings at the day's start marked at the last trade before
 * it); then non-zero exit codes when a process is stopped (SIGTERM) and when one is killed (SIGKILL).
 */
class StatusIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long DAY_NS = 86_400_000_000_000L;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path run;

    private final Map<String, Process> processes = new LinkedHashMap<>();

    @AfterEach
    void stopAll() throws InterruptedException {
        for (Process p : processes.values()) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void statusOfARunningReplayMatchesTheFillsAndTurnsNonZeroWhenAProcessStopsOrIsKilled() throws Exception {
        Path queues = run.resolve("var/queues");
        Path config = run.resolve("status.yaml");
        Files.writeString(config, """
                runtime:
                  queueDir: %s
                  poisonMessage: {deadLetterDir: %s}
                  killSwitchFile: %s
                instruments:
                  - {symbol: XRPETH, base: XRP, quote: ETH, priceDecimals: 8, sizeDecimals: 0}
                assets: {XRP: 8, ETH: 8}
                market-data:
                  replay:
                    speed: 0
                    files:
                      - {path: %s, format: freqtrade-trades, symbol: XRPETH}
                signal-generator:
                  timeframe: 5m
                  strategies:
                    - {id: vwap-momentum, type: vwap-momentum, instruments: [XRPETH], bars: 3, vwap: session}
                    - {id: ma-cross, type: ma-cross, instruments: [XRPETH], period: 9, breakoutBars: 5}
                    - {id: ema-cross, type: ema-cross, instruments: [XRPETH], fast: 9, slow: 20}
                decision-engine:
                  strategies:
                    - {id: vwap-momentum, capital: 1.0, orderFraction: 0.5, stopLossBps: 25}
                    - {id: ma-cross, capital: 1.0, orderFraction: 0.5, stopLossBps: 50, orderType: limit,
                       limitOffsetBps: 10}
                    - {id: ema-cross, capital: 1.0, orderFraction: 0.5, stopLossBps: 100}
                order-router:
                  paper: {takerFeeBps: 10, slippageBps: 5, balances: {ETH: 3.0, XRP: 0}}
                """.formatted(queues, run.resolve("var/dead-letter"), run.resolve("var/KILL_SWITCH"),
                SampleData.file("XRP_ETH-trades.json.gz")));
        start("order-router", OrderRouterMain.class, config);
        start("decision-engine", DecisionEngineMain.class, config);
        start("signal-generator", SignalGeneratorMain.class, config);
        start("market-data", MarketDataMain.class, config);

        // the replay drained through all four and every reader reports itself caught up
        Status status = awaitStatus(config, s -> s.exitCode == 0 && s.caughtUp(), "all alive and caught up");

        assertThat(Files.exists(run.resolve("var/run/market-data.json"))).as("heartbeats beside the queues").isTrue();
        for (String p : List.of("market-data", "signal-generator", "decision-engine", "order-router")) {
            JsonNode ps = status.process(p);
            assertThat(ps.get("liveness").asText()).as(p).isEqualTo("alive");
            assertThat(ps.get("heartbeatAgeMs").asLong()).as(p).isLessThan(5_000);
            assertThat(ps.get("pid").asLong()).as(p).isEqualTo(processes.get(p).pid());
        }
        assertThat(topics(status.process("decision-engine"))).contains("signals", "executions", "market-data");
        assertThat(topics(status.process("order-router"))).contains("orders", "market-data");
        assertThat(topics(status.process("signal-generator"))).containsExactly("market-data");
        assertThat(status.json.get("feeds").get(0).get("state").asText()).isEqualTo("replay finished");
        assertThat(status.json.get("problems")).isEmpty();

        // the oracle: the fills and trades on the topics, summed here by hand
        Collected topics = new Collected();
        try (QueueRoot root = new QueueRoot(queues)) {
            topics.drain(root);
        }
        assertThat(topics.fills).isNotEmpty();
        TradeTick lastTrade = topics.trades.get(topics.trades.size() - 1);
        long dayStartNs = Math.floorDiv(lastTrade.eventTimeNs(), DAY_NS) * DAY_NS;
        assertThat(status.json.get("day").asText()).isEqualTo(LocalDate.ofInstant(
                Instant.ofEpochSecond(dayStartNs / 1_000_000_000L), ZoneOffset.UTC).toString());
        BigDecimal mark = price(lastTrade.price());
        BigDecimal markAtStart = null;
        for (TradeTick t : topics.trades) {
            if (t.eventTimeNs() < dayStartNs) {
                markAtStart = price(t.price());
            }
        }
        Map<String, BigDecimal> held = new TreeMap<>();
        Map<String, BigDecimal> heldAtStart = new HashMap<>();
        Map<String, BigDecimal> cashToday = new HashMap<>();
        Map<String, Long> tradesToday = new HashMap<>();
        for (OrderFilled f : topics.fills) {
            assertThat(f.feeAsset()).isEqualTo("ETH"); // the cash flows below assume fees in the quote asset
            BigDecimal qty = BigDecimal.valueOf(f.fillQuantity()); // XRP has 0 size decimals
            BigDecimal signed = f.side() == Side.BUY ? qty : qty.negate();
            held.merge(f.strategyId(), signed, BigDecimal::add);
            if (f.eventTimeNs() < dayStartNs) {
                heldAtStart.merge(f.strategyId(), signed, BigDecimal::add);
            } else {
                BigDecimal cash = signed.negate().multiply(price(f.fillPrice()))
                        .subtract(FixedPoint.toBigDecimal(f.fee(), 8));
                cashToday.merge(f.strategyId(), cash, BigDecimal::add);
                tradesToday.merge(f.strategyId(), 1L, Long::sum);
            }
        }
        BigDecimal account = BigDecimal.ZERO;
        int open = 0;
        for (Map.Entry<String, BigDecimal> e : held.entrySet()) {
            String strategy = e.getKey();
            BigDecimal q = e.getValue();
            BigDecimal qStart = heldAtStart.getOrDefault(strategy, BigDecimal.ZERO);
            BigDecimal pnl = cashToday.getOrDefault(strategy, BigDecimal.ZERO).add(q.multiply(mark))
                    .subtract(qStart.signum() == 0 ? BigDecimal.ZERO : qStart.multiply(markAtStart));
            JsonNode day = status.strategyDay(strategy);
            assertThat(day).as(strategy).isNotNull();
            assertThat(day.get("pnlToday").decimalValue()).as(strategy + " pnl today").isEqualByComparingTo(pnl);
            assertThat(day.get("tradesToday").asLong()).as(strategy + " trades today")
                    .isEqualTo(tradesToday.getOrDefault(strategy, 0L));
            assertThat(day.get("quoteAsset").asText()).isEqualTo("ETH");
            JsonNode position = status.position(strategy);
            if (q.signum() == 0) {
                assertThat(position).as(strategy + " flat").isNull();
                continue;
            }
            open++;
            assertThat(position.get("quantity").decimalValue()).as(strategy + " position").isEqualByComparingTo(q);
            assertThat(position.get("markPrice").decimalValue()).isEqualByComparingTo(mark);
            BigDecimal notional = q.abs().multiply(mark);
            account = account.add(notional);
            assertThat(status.exposure(strategy).get("notional").decimalValue()).isEqualByComparingTo(notional);
        }
        assertThat(status.json.get("positions")).hasSize(open);
        if (open > 0) {
            assertThat(status.exposure("account").get("notional").decimalValue()).isEqualByComparingTo(account);
        }

        // a process stopped cleanly: down, exit code 3, its exit code shown
        Process router = processes.get("order-router");
        router.destroy();
        assertThat(router.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Status stopped = status(config);
        assertThat(stopped.exitCode).isEqualTo(3);
        assertThat(stopped.process("order-router").get("liveness").asText()).isEqualTo("stopped");
        assertThat(stopped.process("order-router").get("exitCode").asInt()).isEqualTo(143);
        assertThat(stopped.json.get("problems").toString()).contains("order-router: stopped");
        assertThat(stopped.text).contains("PROBLEMS (exit code 3)").contains("order-router: stopped, exit code 143");

        // one killed with SIGKILL: its heartbeat still says running, its pid is dead: down (crashed)
        Process signals = processes.get("signal-generator");
        signals.destroyForcibly();
        assertThat(signals.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Status crashed = status(config);
        assertThat(crashed.exitCode).isEqualTo(3);
        assertThat(crashed.process("signal-generator").get("liveness").asText()).isEqualTo("down (crashed)");
        assertThat(crashed.process("decision-engine").get("liveness").asText()).isEqualTo("alive");
    }

    private static BigDecimal price(long mantissa) {
        return FixedPoint.toBigDecimal(mantissa, 8);
    }

    private static List<String> topics(JsonNode process) {
        return process.get("inputs").findValuesAsText("topic");
    }

    private void start(String name, Class<?> main, Path config) throws Exception {
        processes.put(name, Jvms.start(run, name, main.getName(), Map.of(), "--config", config.toString()));
    }

    /** One run of {@code status --json} and one of the text, in this JVM. */
    private Status status(Path config) throws Exception {
        StringWriter json = new StringWriter();
        int code = new CommandLine(new AquatradeTool()).setOut(new PrintWriter(json))
                .execute("status", "--json", "--config", config.toString());
        StringWriter text = new StringWriter();
        new CommandLine(new AquatradeTool()).setOut(new PrintWriter(text))
                .execute("status", "--config", config.toString());
        return new Status(code, JSON.readTree(json.toString()), text.toString());
    }

    private Status awaitStatus(Path config, Predicate<Status> done, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        Status last = null;
        while (System.nanoTime() < deadline) {
            for (Map.Entry<String, Process> p : processes.entrySet()) {
                assertThat(p.getValue().isAlive()).as(p.getKey() + " exited early; see " + run.resolve("out"))
                        .isTrue();
            }
            last = status(config);
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("status never said " + what + ": " + (last == null ? null : last.text));
    }

    private record Status(int exitCode, JsonNode json, String text) {
        JsonNode process(String name) {
            return find("processes", "process", name);
        }

        JsonNode position(String strategy) {
            return find("positions", "strategy", strategy);
        }

        JsonNode strategyDay(String strategy) {
            return find("strategies", "strategy", strategy);
        }

        JsonNode exposure(String scope) {
            return find("exposure", "scope", scope);
        }

        private JsonNode find(String list, String key, String value) {
            for (JsonNode n : json.get(list)) {
                if (n.get(key).asText().equals(value)) {
                    return n;
                }
            }
            return null;
        }

        /** Every reader 0 entries behind, and the feed's replay finished. */
        boolean caughtUp() {
            for (JsonNode p : json.get("processes")) {
                for (JsonNode in : p.get("inputs")) {
                    if (in.get("lagMessages").asLong() != 0) {
                        return false;
                    }
                }
            }
            return json.get("feeds").get(0).get("state").asText().equals("replay finished");
        }
    }
}
