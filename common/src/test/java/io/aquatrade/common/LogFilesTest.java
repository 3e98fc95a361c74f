package io.aquatrade.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LogFiles} on a real Logback context of its own (not the JVM's), writing real files in a temp dir: rollover
 * by size, retention by total size and by days, the errors file's threshold, the dedicated logs, the JSON layout;
 * and {@code runtime.logs}' validation.
 */
class LogFilesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final LoggerContext context = new LoggerContext();

    @BeforeEach
    void mdc() {
        context.setMDCAdapter(new LogbackMDCAdapter()); // as SLF4J's binding gives the JVM's context
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    private static String today() {
        return LocalDate.now(ZoneOffset.UTC).toString();
    }

    private List<Path> files(String glob) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> dir.getFileSystem().getPathMatcher("glob:" + glob).matches(p.getFileName()))
                    .sorted().collect(Collectors.toList());
        }
    }

    private static long size(List<Path> files) {
        return files.stream().mapToLong(p -> p.toFile().length()).sum();
    }

    private static List<String> lines(List<Path> files) throws IOException {
        List<String> out = new ArrayList<>();
        for (Path p : files) {
            out.addAll(Files.readAllLines(p));
        }
        return out;
    }

    @Test
    void aProcessLogRollsOverAtMaxFileSizeAndKeepsNoMoreThanTotalSizeCap() throws IOException {
        // 1 KB files, 4 KB of rolled-over files at most; 400 lines of ~100 bytes = ~40 KB written
        LogsConfig logs = LogsConfig.of("1KB", 14, "4KB", false);
        LogFiles.configure(context, dir, "market-data", logs, Set.of());
        Logger log = context.getLogger("io.aquatrade.test");
        String padding = "x".repeat(40);
        for (int i = 0; i < 400; i++) {
            log.info("line {} {}", i, padding);
            // one line at a time, as a process logs: 40 rollovers of 1 KB at once would run Logback's clean-ups of
            // the rolled-over files concurrently, and they race (each deletes by its own listing)
            LogFiles.awaitWritten(context);
        }
        context.stop(); // waits for the background clean-up of the last rollover

        Path active = dir.resolve("market-data.log");
        List<Path> rolled = files("market-data." + today() + ".*.log");
        assertThat(active).exists();
        assertThat(rolled).as("rolled-over files").hasSizeGreaterThanOrEqualTo(2);
        // Logback checks the size before each write: a file is rolled over once it has reached 1 KB, so no file holds
        // more than 1 KB plus one line
        for (Path p : rolled) {
            assertThat(p.toFile().length()).isBetween(1024L, 1024L + 200);
        }
        assertThat(size(rolled)).as("rolled-over bytes kept").isLessThanOrEqualTo(4096);
        // what is left is the newest lines, in order, ending with the last one, none lost between the files kept
        List<String> kept = new ArrayList<>();
        rolled.sort((a, b) -> Integer.compare(index(a), index(b)));
        for (Path p : rolled) {
            kept.addAll(Files.readAllLines(p));
        }
        kept.addAll(Files.readAllLines(active));
        int first = lineNumber(kept.get(0));
        assertThat(first).as("older lines deleted").isGreaterThan(0);
        for (int i = 0; i < kept.size(); i++) {
            assertThat(lineNumber(kept.get(i))).isEqualTo(first + i);
        }
        assertThat(lineNumber(kept.get(kept.size() - 1))).isEqualTo(399);
    }

    @Test
    void signalsLogRollsOverAtMaxFileSizeUnderItsExactName() throws IOException {
        LogFiles.configure(context, dir, "decision-engine", LogsConfig.of("1KB", 14, "64KB", false),
                LogFiles.dedicatedTo("decision-engine"));
        org.slf4j.Logger signals = context.getLogger(LogFiles.SIGNALS_LOGGER);
        for (int i = 0; i < 100; i++) {
            signals.atInfo().setMessage("line " + i + " " + "y".repeat(40)).addKeyValue("event", "signal").log();
        }
        context.stop();

        List<Path> rolled = files("signals." + today() + ".*.log");
        assertThat(dir.resolve("signals.log")).exists();
        assertThat(rolled).as("rolled-over signals files").hasSizeGreaterThanOrEqualTo(2);
        for (Path p : rolled) {
            assertThat(p.toFile().length()).isBetween(1024L, 1024L + 200);
        }
        rolled.sort((a, b) -> Integer.compare(index(a), index(b)));
        List<String> all = lines(rolled);
        all.addAll(Files.readAllLines(dir.resolve("signals.log")));
        assertThat(all).hasSize(100); // 64 KB kept: none deleted
        for (int i = 0; i < all.size(); i++) {
            assertThat(lineNumber(all.get(i))).isEqualTo(i);
        }
    }

    private static int index(Path rolled) {
        String name = rolled.getFileName().toString();
        String[] parts = name.split("\\.");
        return Integer.parseInt(parts[parts.length - 2]);
    }

    private static int lineNumber(String line) {
        String[] words = line.split(" - line ")[1].split(" ");
        return Integer.parseInt(words[0]);
    }

    @Test
    void rolledOverFilesOlderThanMaxHistoryDaysAreDeletedAtStartUp() throws IOException {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Path tenDaysOld = Files.writeString(dir.resolve("order-router." + today.minusDays(10) + ".0.log"), "old\n");
        Path twoDaysOld = Files.writeString(dir.resolve("order-router." + today.minusDays(2) + ".0.log"), "kept\n");
        Path oldTrades = Files.writeString(dir.resolve("trades." + today.minusDays(10) + ".0.log"), "old\n");
        Path oldErrors = Files.writeString(dir.resolve("errors." + today.minusDays(10) + ".log"), "old\n");
        Path oldSignals = Files.writeString(dir.resolve("signals." + today.minusDays(10) + ".0.log"), "old\n");
        Path recentErrors = Files.writeString(dir.resolve("errors." + today.minusDays(1) + ".log"), "kept\n");

        LogFiles.configure(context, dir, "order-router", LogsConfig.of("1MB", 5, "10MB", false),
                LogFiles.dedicatedTo("order-router"));
        LoggerContext engine = new LoggerContext();
        engine.setMDCAdapter(new LogbackMDCAdapter());
        LogFiles.configure(engine, dir, "decision-engine", LogsConfig.of("1MB", 5, "10MB", false),
                LogFiles.dedicatedTo("decision-engine"));
        context.stop(); // waits for the clean-up started at start-up
        engine.stop();

        assertThat(tenDaysOld).doesNotExist();
        assertThat(oldTrades).doesNotExist();
        assertThat(oldErrors).doesNotExist();
        assertThat(oldSignals).doesNotExist();
        assertThat(twoDaysOld).exists();
        assertThat(recentErrors).exists();
    }

    @Test
    void errorsGetWarnAndAboveOnlyWithTheProcessNameAndTheProcessLogGetsEverything() throws IOException {
        LogFiles.configure(context, dir, "decision-engine", LogsConfig.defaults(), Set.of());
        Logger log = context.getLogger("io.aquatrade.decision.Something");
        log.info("an info line");
        log.warn("a warning");
        log.error("an error", new IllegalStateException("boom"));
        context.stop();

        List<String> errors = Files.readAllLines(dir.resolve("errors." + today() + ".log"));
        assertThat(errors.get(0)).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z WARN  decision-engine "
                + "\\[.*\\] i\\.aquatrade\\.decision\\.Something - a warning");
        assertThat(errors.get(1)).contains("ERROR decision-engine").endsWith("- an error");
        assertThat(errors.get(2)).contains("IllegalStateException: boom");
        assertThat(String.join("\n", errors)).doesNotContain("an info line");
        assertThat(Files.readString(dir.resolve("decision-engine.log"))).contains("an info line", "a warning",
                "an error", "boom");
    }

    @Test
    void dedicatedLogsBelongToTheirWritersAndHoldKeyValueLines() throws IOException {
        assertThat(LogFiles.dedicatedTo("order-router")).containsExactly(LogFiles.Dedicated.TRADES);
        assertThat(LogFiles.dedicatedTo("decision-engine")).containsExactly(LogFiles.Dedicated.SIGNALS);
        assertThat(LogFiles.dedicatedTo("signal-generator")).as("its signal lines: its own log only").isEmpty();
        assertThat(LogFiles.dedicatedTo("market-data")).isEmpty();

        LogFiles.configure(context, dir, "decision-engine", LogsConfig.defaults(),
                EnumSet.of(LogFiles.Dedicated.SIGNALS));
        context.getLogger(LogFiles.SIGNALS_LOGGER).atInfo().setMessage("close rose 3 bars")
                .addKeyValue("event", "signal").addKeyValue("instrument", "XRPETH").addKeyValue("price", "0.00012")
                .log();
        context.getLogger(LogFiles.TRADES_LOGGER).atInfo().setMessage("fill").addKeyValue("event", "fill").log();
        context.stop();

        assertThat(Files.readAllLines(dir.resolve("signals.log"))).singleElement().asString()
                .matches(".*Z decision-engine event=signal instrument=XRPETH price=0.00012 - close rose 3 bars");
        assertThat(dir.resolve("trades.log")).as("only order-router writes trades.log").doesNotExist();
        // the dedicated lines also reach the process's own log
        assertThat(Files.readString(dir.resolve("decision-engine.log"))).contains("close rose 3 bars", "fill");
    }

    @Test
    void applyingAgainReplacesItsOwnAppendersAndLeavesOthersAlone() throws IOException {
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> mine =
                new ch.qos.logback.core.read.ListAppender<>();
        mine.setName("TEST");
        mine.setContext(context);
        mine.start();
        root.addAppender(mine);
        LogFiles.configure(context, dir, "order-router", LogsConfig.defaults(), LogFiles.dedicatedTo("order-router"));
        LogFiles.configure(context, dir, "order-router", LogsConfig.of("2MB", 3, "20MB", false),
                LogFiles.dedicatedTo("order-router"));
        context.getLogger(LogFiles.TRADES_LOGGER).atInfo().setMessage("fill").addKeyValue("event", "fill").log();
        context.getLogger("x").warn("once");
        context.stop();

        assertThat(mine.list).hasSize(2);
        assertThat(Files.readAllLines(dir.resolve("trades.log"))).singleElement().asString().endsWith("Z event=fill");
        assertThat(Files.readAllLines(dir.resolve("errors." + today() + ".log"))).hasSize(1);
        assertThat(Files.readAllLines(dir.resolve("order-router.log"))).hasSize(2);
    }

    @Test
    void jsonLayoutWritesOneJsonObjectPerLineWithTheKeyValuesAndTheProcess() throws IOException {
        LogFiles.configure(context, dir, "order-router", LogsConfig.of(null, null, null, true),
                LogFiles.dedicatedTo("order-router"));
        context.getLogger(LogFiles.TRADES_LOGGER).atInfo().setMessage("fill").addKeyValue("event", "fill")
                .addKeyValue("instrument", "XRPETH").addKeyValue("price", "0.00012345").log();
        context.getLogger("io.aquatrade.router.X").warn("a \"quoted\" warning\nover two lines");
        context.stop();

        List<String> trades = Files.readAllLines(dir.resolve("trades.log"));
        assertThat(trades).hasSize(1);
        JsonNode fill = JSON.readTree(trades.get(0));
        assertThat(fill.get("level").asText()).isEqualTo("INFO");
        assertThat(fill.get("loggerName").asText()).isEqualTo(LogFiles.TRADES_LOGGER);
        assertThat(fill.get("formattedMessage").asText()).isEqualTo("fill");
        assertThat(fill.get("kvpList").toString()).contains("\"instrument\":\"XRPETH\"", "\"price\":\"0.00012345\"");
        assertThat(fill.get("context").get("properties").get(LogFiles.PROCESS_PROPERTY).asText())
                .isEqualTo("order-router");

        List<String> errors = Files.readAllLines(dir.resolve("errors." + today() + ".log"));
        assertThat(errors).hasSize(1);
        assertThat(JSON.readTree(errors.get(0)).get("formattedMessage").asText())
                .isEqualTo("a \"quoted\" warning\nover two lines");
        for (String line : Files.readAllLines(dir.resolve("order-router.log"))) {
            assertThat(JSON.readTree(line).isObject()).isTrue();
        }
    }

    @Test
    void runtimeLogsIsValidatedNamingTheField() {
        LogsConfig defaults = AquatradeConfig.parse(Path.of("t"), "instruments: [{symbol: XRPETH, base: XRP, quote: "
                + "ETH, priceDecimals: 8, sizeDecimals: 0}]").runtime().logs();
        assertThat(defaults).isEqualTo(new LogsConfig(20L * 1024 * 1024, 14, 200L * 1024 * 1024, false));
        LogsConfig set = config("{maxFileSize: 512KB, maxHistoryDays: 3, totalSizeCap: 1GB, json: true}");
        assertThat(set).isEqualTo(new LogsConfig(512L * 1024, 3, 1024L * 1024 * 1024, true));
        assertThat(config("{maxFileSize: 4096}").maxFileSize()).isEqualTo(4096);

        assertThatThrownBy(() -> config("{maxFileSize: 20 parsecs}")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("runtime.logs.maxFileSize").hasMessageContaining("20 parsecs");
        assertThatThrownBy(() -> config("{maxFileSize: 100}")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("runtime.logs.maxFileSize").hasMessageContaining("at least 1024");
        assertThatThrownBy(() -> config("{maxHistoryDays: 0}")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("runtime.logs.maxHistoryDays");
        assertThatThrownBy(() -> config("{totalSizeCap: 1MB, maxFileSize: 2MB}")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("runtime.logs.totalSizeCap");
        assertThatThrownBy(() -> config("{maxFileSze: 2MB}")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("maxFileSze");
    }

    private static LogsConfig config(String logs) {
        return AquatradeConfig.parse(Path.of("t"), "runtime:\n  logs: " + logs + "\ninstruments: [{symbol: XRPETH, "
                + "base: XRP, quote: ETH, priceDecimals: 8, sizeDecimals: 0}]").runtime().logs();
    }
}
