package io.aquatrade.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import io.aquatrade.common.DeadLetterFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code summary} counts each process's dead letters. */
class DeadLetterSummaryTest {
    @TempDir
    Path dir;

    private static DeadLetterFile.Record record(String process, long index) {
        return new DeadLetterFile.Record(process, "market-data", index, Long.toHexString(index), "tradeTick", 1L,
                "!TradeTick { }", 3, "skip", "java.lang.ArithmeticException", "long overflow", "trace", 2L,
                "1970-01-01T00:00:00.000000002Z");
    }

    private static String print(Path dir) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AquatradeTool.Summary.printDeadLetters(dir, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void countsTheLinesOfEachProcesssFile() {
        assertThat(print(dir.resolve("none"))).isEqualTo("dead letters: 0" + System.lineSeparator());
        DeadLetterFile signal = new DeadLetterFile(dir, "signal-generator");
        signal.append(record("signal-generator", 10));
        signal.append(record("signal-generator", 11));
        new DeadLetterFile(dir, "order-router").append(record("order-router", 5));
        assertThat(print(dir).lines()).containsExactly(
                "dead letters order-router: 1 (" + dir.resolve("order-router.jsonl") + ")",
                "dead letters signal-generator: 2 (" + dir.resolve("signal-generator.jsonl") + ")");
    }
}
