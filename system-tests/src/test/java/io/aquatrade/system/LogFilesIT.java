package io.aquatrade.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.ExecutionListener;
import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.OrderDenied;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.QueueRoot;
import io.aquatrade.common.Signal;
import io.aquatrade.common.Topic;
import io.aquatrade.common.TopicReader;
import io.aquatrade.common.testing.SampleData;
import io.aquatrade.decision.DecisionEngineMain;
import io.aquatrade.marketdata.MarketDataMain;
import io.aquatrade.router.OrderRouterMain;
import io.aquatrade.signal.SignalGeneratorMain;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log files of a four-process replay of the repository's sample, each process its own JVM ({@link Jvms}), with
 * {@code runtime.logs.maxFileSize: 2KB} so that the logs roll over while it runs. Checked against the topics as the
 * oracle: {@code trades.log} and its rolled-over files hold exactly one line per {@link OrderFilled} on
 * {@code executions}, in order, with its values; {@code signals.log} and its rolled-over files, written by
 * decision-engine alone, exactly one line per {@link Signal} on {@code signals} and per {@link OrderDenied} on
 * {@code orders}, each in its topic's order, a signal's denial after the signal; the errors file
 * a WARN of two processes (decision-engine seeing the kill-switch file, market-data stopped and restarted on a
 * finished replay) and nothing below WARN; no rolled-over file above the size limit by more than a line.
 */
class LogFilesIT {
    private static final long DRAIN_TIMEOUT_MS = 240_000;
    private static final long MAX_FILE_SIZE = 2048;
    private static final Pattern KEY_VALUE = Pattern.compile("(\\w+)=(\\S*)");

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path run;

    /** The four processes' main classes, in the order a run starts them (readers before writers). */
    private static final Map<String, String> PROCESSES = new LinkedHashMap<>();

    static {
        PROCESSES.put("order-router", OrderRouterMain.class.getName());
        PROCESSES.put("decision-engine", DecisionEngineMain.class.getName());
        PROCESSES.put("signal-generator", SignalGeneratorMain.class.getName());
        PROCESSES.put("market-data", MarketDataMain.class.getName());
    }

    /** The JVMs running, by process name. */
    private final Map<String, Process> running = new LinkedHashMap<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : running.values()) {
            p.destroy();
        }
        for (Process p : running.values()) {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private void start(String name, Path config) throws IOException {
        running.put(name, Jvms.start(run, name, PROCESSES.get(name), Map.of(), "--config", config.toString(),
                "--metrics-port", "0"));
    }

    /** Fails naming the process if one of the JVMs ended. */
    private void assertAllRunning() throws IOException {
        for (Map.Entry<String, Process> e : running.entrySet()) {
            if (!e.getValue().isAlive()) {
                Path err = run.resolve("out").resolve(e.getKey() + ".err");
                assertThat(e.getValue().isAlive()).as("%s exited with %d: %s", e.getKey(), e.getValue().exitValue(),
                        Files.exists(err) ? Files.readString(err) : "").isTrue();
            }
        }
    }

    @Test
    void tradesSignalsAndErrorsLogsHoldWhatTheTopicsHold() throws Exception {
        Path queues = run.resolve("var/queues");
        Path killSwitch = run.resolve("var/KILL_SWITCH");
        Path config = writeConfig(queues, killSwitch);
        AquatradeConfig cfg = AquatradeConfig.load(config);
        Instrument xrpEth = cfg.instrument("XRPETH");
        for (String name : PROCESSES.keySet()) {
            start(name, config);
        }
        awaitDrained(queues);

        Collected topics = new Collected();
        try (QueueRoot root = new QueueRoot(queues)) {
            topics.drain(root);
        }
        assertThat(topics.fills).as("the sample run fills orders").isNotEmpty();
        assertThat(topics.signals).isNotEmpty();

        // two processes warn: decision-engine sees the kill-switch file; market-data, restarted, finds the replay done
        Files.createDirectories(killSwitch.getParent());
        Files.writeString(killSwitch, "log test\n");
        Path logs = run.resolve("logs");
        awaitLine(logs, "errors", " WARN  decision-engine ", "kill switch");
        Process first = running.remove("market-data");
        first.destroy(); // SIGTERM, as a supervisor stops it
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        start("market-data", config);
        awaitLine(logs, "errors", " WARN  market-data ", "already holds a finished replay");
        // stopped as a supervisor stops them: each writes out its log queues before it exits
        stop();
        running.clear();

        // trades: one line per fill, in the topic's order, over trades.log and what it rolled over into
        List<String> tradeFiles = rolled(logs, "trades");
        assertThat(tradeFiles).as("trades.log rolled over at 2KB").hasSizeGreaterThan(1);
        List<Map<String, String>> trades = lines(logs, tradeFiles).stream().map(LogFilesIT::keyValues).toList();
        assertThat(trades).hasSameSizeAs(topics.fills);
        for (int i = 0; i < trades.size(); i++) {
            OrderFilled f = topics.fills.get(i);
            Map<String, String> expected = new LinkedHashMap<>();
            expected.put("event", "fill");
            expected.put("instrument", f.instrument());
            expected.put("side", f.side().name());
            expected.put("quantity", FixedPoint.toBigDecimal(f.fillQuantity(), xrpEth.sizeDecimals()).toPlainString());
            expected.put("price", FixedPoint.toBigDecimal(f.fillPrice(), xrpEth.priceDecimals()).toPlainString());
            expected.put("fee", FixedPoint.toBigDecimal(f.fee(), cfg.assetDecimals(f.feeAsset())).toPlainString());
            expected.put("feeAsset", f.feeAsset());
            expected.put("clientOrderId", f.clientOrderId());
            expected.put("strategy", f.strategyId());
            expected.put("liquidity", f.liquiditySide().name());
            expected.put("tradeId", f.tradeId());
            expected.put("time", Instant.ofEpochSecond(0, f.eventTimeNs()).toString());
            expected.put("last", Boolean.toString(f.last()));
            assertThat(trades.get(i)).as("trades line %d", i).containsExactlyEntriesOf(expected);
        }

        // signals: decision-engine's lines of the signals it read and of its denials, over signals.log and what it
        // rolled over into; each in its topic's order, and a signal's denial after the signal
        List<String> signalFiles = rolled(logs, "signals");
        assertThat(signalFiles).as("signals.log rolled over at 2KB").hasSizeGreaterThan(1);
        assertThat(logs.resolve("signals.log")).exists();
        List<String> signalLines = lines(logs, signalFiles);
        assertThat(signalLines).allSatisfy(l -> assertThat(l).contains("Z decision-engine event="));
        List<Map<String, String>> all = signalLines.stream().map(LogFilesIT::keyValues).toList();
        List<Map<String, String>> signals = all.stream().filter(kv -> "signal".equals(kv.get("event"))).toList();
        List<Map<String, String>> denials = all.stream().filter(kv -> "denied".equals(kv.get("event"))).toList();
        assertThat(signals.size() + denials.size()).isEqualTo(signalLines.size());
        assertThat(signals).hasSameSizeAs(topics.signals);
        for (int i = 0; i < signals.size(); i++) {
            Signal s = topics.signals.get(i);
            assertThat(signals.get(i)).as("signal line %d", i).containsEntry("event", "signal")
                    .containsEntry("strategy", s.strategyId()).containsEntry("instrument", s.instrument())
                    .containsEntry("direction", s.direction().name())
                    .containsEntry("price", FixedPoint.format(s.price(), xrpEth.priceDecimals()))
                    .containsEntry("signalId", Long.toString(s.signalId()));
        }
        assertThat(denials).hasSameSizeAs(topics.denials);
        for (int i = 0; i < denials.size(); i++) {
            OrderDenied d = topics.denials.get(i);
            assertThat(denials.get(i)).as("denial line %d", i).containsEntry("event", "denied")
                    .containsEntry("strategy", d.strategyId()).containsEntry("signalId", Long.toString(d.signalId()))
                    .containsEntry("reason", d.reasonCode().name());
            if (d.signalId() != 0) {
                int denial = all.indexOf(denials.get(i));
                int signal = -1;
                for (int j = 0; j < all.size(); j++) {
                    if ("signal".equals(all.get(j).get("event")) && d.strategyId().equals(all.get(j).get("strategy"))
                            && Long.toString(d.signalId()).equals(all.get(j).get("signalId"))) {
                        signal = j;
                    }
                }
                assertThat(signal).as("the signal of denial %d, before it", i).isBetween(0, denial - 1);
            }
        }

        // errors: WARN and above only, whole lines of the processes that wrote them
        Pattern errorLine = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z (WARN |ERROR) "
                + "(market-data|signal-generator|decision-engine|order-router) \\[.*");
        for (String line : daily(logs, "errors")) {
            if (!line.startsWith("\t") && !line.startsWith("Caused by") && !line.matches("\\s+\\.\\.\\. \\d+ more")) {
                assertThat(line).as("an errors line").matches(errorLine);
            }
        }

        // the process logs rolled over within the limit (the router and the engine log every order)
        assertThat(rolled(logs, "order-router")).hasSizeGreaterThan(1);
        assertThat(rolled(logs, "decision-engine")).hasSizeGreaterThan(1);
        for (String process : PROCESSES.keySet()) {
            List<String> files = rolled(logs, process);
            for (String f : files.subList(0, files.size() - 1)) {
                assertThat(Files.size(logs.resolve(f))).as(f).isBetween(MAX_FILE_SIZE, MAX_FILE_SIZE + 2048);
            }
        }
    }

    /** @return the file names of one size-and-time rolled log: archives by day and index, then the active file */
    private static List<String> rolled(Path logs, String base) throws IOException {
        Pattern archive = Pattern.compile(Pattern.quote(base) + "\\.(\\d{4}-\\d\\d-\\d\\d)\\.(\\d+)\\.log");
        try (Stream<Path> files = Files.list(logs)) {
            List<String> out = files.map(p -> p.getFileName().toString()).filter(n -> archive.matcher(n).matches())
                    .sorted(Comparator.comparing((String n) -> {
                        Matcher m = archive.matcher(n);
                        m.matches();
                        return m.group(1);
                    }).thenComparingInt(n -> {
                        Matcher m = archive.matcher(n);
                        m.matches();
                        return Integer.parseInt(m.group(2));
                    })).collect(Collectors.toCollection(ArrayList::new));
            out.add(base + ".log");
            return out;
        }
    }

    /** @return the lines of the daily files {@code <base>.<yyyy-MM-dd>.log}, oldest day first */
    private static List<String> daily(Path logs, String base) throws IOException {
        List<String> days;
        try (Stream<Path> files = Files.list(logs)) {
            days = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches(Pattern.quote(base) + "\\.\\d{4}-\\d\\d-\\d\\d\\.log")).sorted().toList();
        }
        assertThat(days).as("%s files", base).isNotEmpty();
        return lines(logs, days);
    }

    private static List<String> lines(Path dir, List<String> files) throws IOException {
        List<String> out = new ArrayList<>();
        for (String f : files) {
            out.addAll(Files.readAllLines(dir.resolve(f)));
        }
        return out;
    }

    /** @return the key=value pairs of a trades or signals line, in order, up to the " - " before a message */
    private static Map<String, String> keyValues(String line) {
        int message = line.indexOf(" - ");
        Matcher m = KEY_VALUE.matcher(message < 0 ? line : line.substring(0, message));
        Map<String, String> out = new LinkedHashMap<>();
        while (m.find()) {
            out.put(m.group(1), m.group(2));
        }
        return out;
    }

    private Path writeConfig(Path queues, Path killSwitch) throws IOException {
        String yaml = Files.readString(SampleData.projectRoot().resolve("config/aquatrade.yaml"));
        assertThat(yaml).contains("maxFileSize: 20MB", "totalSizeCap: 200MB", "queueDir: var/queues",
                "killSwitchFile: var/KILL_SWITCH", "path: data/sample/");
        yaml = yaml.replace("maxFileSize: 20MB", "maxFileSize: 2KB")
                .replace("totalSizeCap: 200MB", "totalSizeCap: 10MB")
                .replace("queueDir: var/queues", "queueDir: " + queues)
                .replace("killSwitchFile: var/KILL_SWITCH", "killSwitchFile: " + killSwitch)
                .replace("deadLetterDir: var/dead-letter", "deadLetterDir: " + run.resolve("var/dead-letter"))
                .replace("path: data/sample/", "path: " + SampleData.projectRoot().resolve("data/sample") + "/");
        Path config = run.resolve("log-files-it.yaml");
        Files.writeString(config, yaml);
        return config;
    }

    private void awaitDrained(Path queues) throws Exception {
        long deadlineMs = System.currentTimeMillis() + DRAIN_TIMEOUT_MS;
        while (!Files.isDirectory(queues.resolve(Topic.EXECUTIONS.name()))) {
            assertAllRunning();
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
                assertAllRunning();
                assertThat(System.currentTimeMillis()).as("the replay drained").isLessThan(deadlineMs);
                Thread.sleep(100);
            }
        }
    }

    /** Waits until a daily file {@code <base>.<yyyy-MM-dd>.log} has a line holding both texts. */
    private static void awaitLine(Path logs, String base, String text, String andText) throws Exception {
        long deadlineMs = System.currentTimeMillis() + 60_000;
        while (true) {
            try (Stream<Path> files = Files.list(logs)) {
                for (Path file : files.filter(p -> p.getFileName().toString().startsWith(base + ".")).toList()) {
                    for (String line : Files.readAllLines(file)) {
                        if (line.contains(text) && line.contains(andText)) {
                            return;
                        }
                    }
                }
            }
            assertThat(System.currentTimeMillis()).as("a line with '%s' and '%s' in %s", text, andText, base)
                    .isLessThan(deadlineMs);
            Thread.sleep(100);
        }
    }
}
