package io.aquatrade.marketdata.replay;

import java.io.IOException;
import java.io.Reader;

/**
 * The lines of a text file, read one at a time into one reused buffer (no String per line). The current line,
 * without its terminator ({@code \n} or {@code \r\n}), is this {@link CharSequence}. A line longer than
 * {@link #MAX_LINE_CHARS} is read to its end without being kept: it is {@link #tooLong()} and empty, so a file
 * without newlines cannot exhaust the heap. Not thread-safe.
 */
final class TextLines implements CharSequence, AutoCloseable {
    /**
     * Longest line kept, characters (4 Mi, 8 MiB of buffer): far above any capture line (a REST book snapshot of
     * 5000 levels a side is about 0.3 Mi) or CSV row.
     */
    static final int MAX_LINE_CHARS = 1 << 22;
    private final Reader in;
    private final char[] buf = new char[1 << 16];
    private int pos;
    private int limit;
    private boolean eof;
    private char[] line = new char[512];
    private int length;
    private long lineNumber;
    private boolean tooLong;

    TextLines(Reader in) {
        this.in = in;
    }

    /**
     * Reads the next line.
     *
     * @return false at the end of the input
     * @throws IOException if the input cannot be read
     */
    boolean next() throws IOException {
        length = 0;
        tooLong = false;
        boolean any = false;
        while (true) {
            if (pos >= limit) {
                if (eof) {
                    break;
                }
                int n = in.read(buf, 0, buf.length);
                if (n < 0) {
                    eof = true;
                    break;
                }
                pos = 0;
                limit = n;
                continue;
            }
            any = true;
            int start = pos;
            while (pos < limit && buf[pos] != '\n') {
                pos++;
            }
            append(start, pos);
            if (pos < limit) {
                pos++;
                lineNumber++;
                trimCarriageReturn();
                return true;
            }
        }
        if (any) {
            lineNumber++;
            trimCarriageReturn();
            return true;
        }
        return false;
    }

    private void append(int from, int to) {
        int n = to - from;
        if (tooLong) {
            return;
        }
        if (n > MAX_LINE_CHARS - length) {
            tooLong = true;
            length = 0;
            return;
        }
        if (length + n > line.length) {
            char[] bigger = new char[Math.min(Math.max(line.length * 2, length + n), MAX_LINE_CHARS)];
            System.arraycopy(line, 0, bigger, 0, length);
            line = bigger;
        }
        System.arraycopy(buf, from, line, length, n);
        length += n;
    }

    private void trimCarriageReturn() {
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
    }

    /**
     * @return true if the current line was longer than {@link #MAX_LINE_CHARS} (ending {@code \r} included): its
     * characters were skipped, and the line reads as empty
     */
    boolean tooLong() {
        return tooLong;
    }

    /** @return 1-based number of the current line */
    long lineNumber() {
        return lineNumber;
    }

    /** @return the buffer holding the current line from index 0; valid until the next {@link #next()} */
    char[] buffer() {
        return line;
    }

    /** @return true if the current line is empty or only blanks */
    boolean isBlank() {
        for (int i = 0; i < length; i++) {
            if (!Character.isWhitespace(line[i])) {
                return false;
            }
        }
        return true;
    }

    /** @return index of the first {@code c} at or after {@code from}, or -1 */
    int indexOf(char c, int from) {
        for (int i = from; i < length; i++) {
            if (line[i] == c) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public char charAt(int index) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException(index);
        }
        return line[index];
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new String(line, start, end - start);
    }

    @Override
    public String toString() {
        return new String(line, 0, length);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
