package io.aquatrade.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

import io.aquatrade.common.testing.SampleData;
import org.junit.jupiter.api.Test;

/** Opening recorded files, gzip'd or not, on the sample's real files. */
class InputFilesTest {
    /** A raw stream that remembers whether it was closed. */
    private static final class Tracked extends FilterInputStream {
        boolean closed;

        Tracked(byte[] bytes) {
            super(new ByteArrayInputStream(bytes));
        }

        @Override
        public void close() throws IOException {
            closed = true;
            super.close();
        }
    }

    @Test
    void aGzipFileIsDecompressedAndAPlainOneReadAsIs() throws IOException {
        Path gz = SampleData.file("XRP_ETH-trades.json.gz");
        byte[] expected;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            expected = in.readAllBytes();
        }
        try (InputStream in = InputFiles.open(gz)) {
            assertThat(in.readAllBytes()).isEqualTo(expected);
        }
        Path plain = SampleData.file("XRP_ETH-5m.json");
        try (InputStream in = InputFiles.open(plain)) {
            assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(plain));
        }
    }

    @Test
    void aGzipCutInsideItsHeaderFailsAndClosesTheFile() throws IOException {
        byte[] gz = Files.readAllBytes(SampleData.file("XRP_ETH-trades.json.gz"));
        for (int length : new int[] {2, 5}) {
            Tracked raw = new Tracked(Arrays.copyOf(gz, length));
            assertThatThrownBy(() -> InputFiles.decompressing(raw)).isInstanceOf(EOFException.class);
            assertThat(raw.closed).as("%d bytes", length).isTrue();
        }
        Tracked whole = new Tracked(gz);
        try (InputStream in = InputFiles.decompressing(whole)) {
            assertThat(in.read()).isEqualTo('[');
            assertThat(whole.closed).isFalse();
        }
        assertThat(whole.closed).isTrue();
    }

    @Test
    void anEmptyFileIsAnEmptyStream() throws IOException {
        Tracked raw = new Tracked(new byte[0]);
        try (InputStream in = InputFiles.decompressing(raw)) {
            assertThat(in.read()).isEqualTo(-1);
        }
    }
}
