package io.aquatrade.common;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A JVM of {@link SharedLogFilesIT} standing for another process in the middle of a write to a shared log file: it
 * takes the file's exclusive lock ({@link FileChannel#lock()}, the lock Logback's prudent mode takes for each line),
 * says so, and keeps it until the release file exists.
 *
 * <p>Arguments: the file to lock (created if missing), the ready file to create, the release file to wait for.
 */
public final class FileLockHolder {
    private FileLockHolder() {
    }

    /**
     * @param args file to lock, ready file, release file
     * @throws Exception on a file error or an interrupt
     */
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        Files.createDirectories(file.getParent());
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
             FileLock lock = channel.lock()) {
            Files.createFile(Path.of(args[1]));
            while (!Files.exists(Path.of(args[2]))) {
                Thread.sleep(2);
            }
        }
    }
}
