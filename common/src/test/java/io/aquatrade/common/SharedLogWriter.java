package io.aquatrade.common;

import java.nio.file.Files;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JVM of {@link SharedLogFilesIT}: sets up its log files as a process does ({@link LogFiles#apply}, the process and
 * directory from {@code -Daquatrade.process} and {@code -Daquatrade.log.dir}), says it is ready, waits for the go
 * file, then logs {@code count} WARN lines and as many INFO lines as fast as it can, and closes its log files.
 *
 * <p>Arguments: the ready file to create, the go file to wait for, the line count.
 */
public final class SharedLogWriter {
    private SharedLogWriter() {
    }

    /**
     * @param args ready file, go file, line count
     * @throws Exception on a file error or an interrupt
     */
    public static void main(String[] args) throws Exception {
        LogFiles.apply(LogsConfig.defaults());
        Logger log = LoggerFactory.getLogger(SharedLogWriter.class);
        String process = System.getProperty(LogFiles.PROCESS_PROPERTY);
        int count = Integer.parseInt(args[2]);
        String padding = process.substring(0, 1).repeat(300);
        Files.createFile(Path.of(args[0]));
        while (!Files.exists(Path.of(args[1]))) {
            Thread.sleep(2);
        }
        for (int i = 0; i < count; i++) {
            log.warn("warning {} of {} {} end", i, process, padding);
            log.info("info {} of {}", i, process);
        }
        LogFiles.close(); // the queues' writers are daemon threads: write out before main returns
    }
}
