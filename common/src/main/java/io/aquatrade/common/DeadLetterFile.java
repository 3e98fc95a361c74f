package io.aquatrade.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A process's dead-letter file, {@code <dir>/<process>.jsonl}: one JSON object ({@link Record}) per line for each
 * input message that a process gave up on. Appended to, never rewritten; a line is written and flushed before the
 * message is skipped (or the process halts), so a message is never dropped without its line.
 *
 * <p>A line holds the message as text, in full. Messages carry no secrets today (market data, bars, signals,
 * orders, executions: no keys, no credentials); a message type that ever does must not reach this file unredacted.
 *
 * <p>Used on the agent thread only (not thread-safe); opening the file per line is fine on this cold path.
 */
public final class DeadLetterFile {
    /** Extension of dead-letter files. */
    public static final String SUFFIX = ".jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    /**
     * One dead letter.
     *
     * @param process          the process that gave up, e.g. "signal-generator"
     * @param topic            the topic read, e.g. "market-data"
     * @param index            the message's Chronicle queue index (cycle and sequence)
     * @param indexHex         the same index in hex, as Chronicle's tools and our logs show it
     * @param messageType      the message (event) name, e.g. "tradeTick"
     * @param eventTimeNs      the message's event time, UTC epoch ns
     * @param message          the message as Chronicle prints it (YAML)
     * @param attempts         how many times its handler was called and threw
     * @param action           what the process did next: "skip" or "halt"
     * @param exceptionClass   the last attempt's throwable's class name
     * @param exceptionMessage its message, or null
     * @param stackTrace       its stack trace, causes included
     * @param timeNs           when the message was given up, the process clock, UTC epoch ns
     * @param time             the same time in ISO-8601 UTC
     */
    public record Record(String process, String topic, long index, String indexHex, String messageType,
                         long eventTimeNs, String message, int attempts, String action, String exceptionClass,
                         String exceptionMessage, String stackTrace, long timeNs, String time) {
    }

    /**
     * @param dir     directory of dead-letter files; created on the first line
     * @param process process name: the file is {@code <dir>/<process>.jsonl}
     */
    public DeadLetterFile(Path dir, String process) {
        this.file = dir.resolve(process + SUFFIX);
    }

    /** @return the file's path */
    public Path path() {
        return file;
    }

    /**
     * Appends one line and flushes it to the operating system.
     *
     * @throws UncheckedIOException if the directory cannot be created or the line not written
     */
    public void append(Record record) {
        String line;
        try {
            line = JSON.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a dead letter as JSON", e);
        }
        try {
            Files.createDirectories(file.getParent());
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE)) {
                out.write(line);
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to dead-letter file " + file, e);
        }
    }

    /**
     * Reads a dead-letter file.
     *
     * @return its records in order; empty if the file does not exist
     * @throws UncheckedIOException if it cannot be read or a line is not a dead letter
     */
    public static List<Record> read(Path file) {
        if (!Files.exists(file)) {
            return List.of();
        }
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.filter(l -> !l.isBlank()).map(l -> {
                try {
                    return JSON.readValue(l, Record.class);
                } catch (IOException e) {
                    throw new UncheckedIOException("not a dead letter in " + file + ": " + l, e);
                }
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dead-letter file " + file, e);
        }
    }

    /**
     * @return the number of dead letters (non-blank lines) in a file, 0 if it does not exist
     * @throws UncheckedIOException if it cannot be read
     */
    public static long count(Path file) {
        if (!Files.exists(file)) {
            return 0;
        }
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.filter(l -> !l.isBlank()).count();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dead-letter file " + file, e);
        }
    }
}
