package io.aquatrade.common;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Opens recorded data files (ticks, candles) whether or not they are gzip'd: gzip is told from the content (the magic
 * bytes {@code 1f 8b}, RFC 1952 section 2.3.1), not the name. The file is closed again if opening fails, e.g. on a
 * gzip file cut inside its header.
 */
public final class InputFiles {
    private static final int BUFFER_BYTES = 1 << 16;

    private InputFiles() {
    }

    /**
     * Opens a file for reading, decompressed if it is gzip.
     *
     * @param path the file
     * @return a buffered stream of its (decompressed) bytes; the caller closes it
     * @throws IOException if the file cannot be opened, or starts as gzip but its header cannot be read (then
     *                     nothing stays open)
     */
    public static InputStream open(Path path) throws IOException {
        return decompressing(Files.newInputStream(path));
    }

    /**
     * Wraps a raw stream, decompressing it if it starts with the gzip magic bytes.
     *
     * @param raw the stream, positioned at its start; taken over: closed by the result, or here if this fails
     * @return a buffered stream of its (decompressed) bytes
     * @throws IOException if the first bytes cannot be read, or the gzip header is cut or invalid (raw is closed)
     */
    public static InputStream decompressing(InputStream raw) throws IOException {
        try {
            BufferedInputStream in = new BufferedInputStream(raw, BUFFER_BYTES);
            in.mark(2);
            int b1 = in.read();
            int b2 = in.read();
            in.reset();
            return b1 == 0x1f && b2 == 0x8b ? new GZIPInputStream(in, BUFFER_BYTES) : in;
        } catch (IOException | RuntimeException e) {
            try {
                raw.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }
}
