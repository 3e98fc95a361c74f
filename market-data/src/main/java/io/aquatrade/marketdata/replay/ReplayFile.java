package io.aquatrade.marketdata.replay;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import io.aquatrade.common.ConfigException;
import io.aquatrade.common.Instrument;

/**
 * One recorded file to replay: where it is, its format, the instrument its records belong to, and the unit of its
 * receive times.
 *
 * @param path            the file, relative to the working directory or absolute; gzip is detected from its content
 * @param format          its format
 * @param symbol          the instrument's venue symbol; required for formats whose records carry none (then every
 *                        record is of this instrument); for {@link ReplayFormat#BINANCE_CAPTURE} optional, and if
 *                        given only that symbol's messages are replayed
 * @param receiveTimeUnit unit of the file's local receive times; {@link ReceiveTimeUnit#AUTO} (detect from the
 *                        magnitude) unless the format has receive times ({@link ReplayFormat#BINANCE_CAPTURE})
 */
public record ReplayFile(Path path, ReplayFormat format, String symbol, ReceiveTimeUnit receiveTimeUnit) {

    /**
     * @throws ConfigException if path or format is missing, a symbol is needed and missing, or a receive time unit
     *                         is forced on a format without receive times
     */
    public ReplayFile {
        if (path == null) {
            throw new ConfigException("path", "a file path");
        }
        if (format == null) {
            throw new ConfigException("format", "one of " + ReplayFormat.configNames());
        }
        if (symbol == null && !format.carriesSymbol()) {
            throw new ConfigException("symbol", "the instrument's symbol: " + format + " records carry none");
        }
        if (receiveTimeUnit == null) {
            receiveTimeUnit = ReceiveTimeUnit.AUTO;
        }
        if (receiveTimeUnit != ReceiveTimeUnit.AUTO && format != ReplayFormat.BINANCE_CAPTURE) {
            throw new ConfigException("receiveTimeUnit", "auto: " + format + " records carry no receive time, was '"
                    + receiveTimeUnit + "'");
        }
    }

    /** A file whose receive times (if any) are in a unit detected from their magnitude. */
    public ReplayFile(Path path, ReplayFormat format, String symbol) {
        this(path, format, symbol, ReceiveTimeUnit.AUTO);
    }

    /**
     * Builds a file entry from config text. A missing format is inferred from the file name
     * ({@link ReplayFormat#fromFileName}); a missing symbol, for formats that need one, from the file name's
     * first part: freqtrade's {@code XRP_ETH-trades.json.gz} gives {@code XRPETH}, Binance's
     * {@code XRPETH-aggTrades-2019-10-11.csv} gives {@code XRPETH}.
     *
     * @param field  config path of the entry, e.g. "market-data.replay.files[0]"; errors name its sub-fields
     * @param path   the file path text
     * @param format a {@link ReplayFormat#configName()}, or null to infer
     * @param symbol the symbol, or null
     * @return the entry, its receive time unit detected from the data
     * @throws ConfigException naming the sub-field that is missing or wrong
     */
    public static ReplayFile of(String field, String path, String format, String symbol) {
        return of(field, path, format, symbol, null);
    }

    /**
     * Builds a file entry from config text, as {@link #of(String, String, String, String)}, with a receive time unit.
     *
     * @param unit a {@link ReceiveTimeUnit#configName()} (auto, ns, us, ms), or null for auto
     * @throws ConfigException naming the sub-field that is missing or wrong, e.g. {@code <field>.receiveTimeUnit}
     */
    public static ReplayFile of(String field, String path, String format, String symbol, String unit) {
        if (path == null || path.isBlank()) {
            throw new ConfigException(field + ".path", "a file path");
        }
        Path p = Path.of(path);
        String fileName = p.getFileName() == null ? path : p.getFileName().toString();
        ReplayFormat f;
        if (format == null) {
            f = ReplayFormat.fromFileName(fileName);
            if (f == null) {
                throw new ConfigException(field + ".format", "one of " + ReplayFormat.configNames()
                        + " (cannot tell from the file name " + fileName + ")");
            }
        } else {
            f = ReplayFormat.parse(field + ".format", format);
        }
        String s = symbol;
        if (s == null && !f.carriesSymbol()) {
            s = symbolFromFileName(fileName);
            if (s == null) {
                throw new ConfigException(field + ".symbol", "the instrument's symbol: " + f
                        + " records carry none and the file name " + fileName + " does not tell");
            }
        }
        ReceiveTimeUnit u = unit == null ? ReceiveTimeUnit.AUTO
                : ReceiveTimeUnit.parse(field + ".receiveTimeUnit", unit);
        if (u != ReceiveTimeUnit.AUTO && f != ReplayFormat.BINANCE_CAPTURE) {
            throw new ConfigException(field + ".receiveTimeUnit", "auto or left out: " + f
                    + " records carry no receive time, was '" + unit + "'");
        }
        return new ReplayFile(p, f, s, u);
    }

    /**
     * Checks that the file is readable and its symbol (if any) configured.
     *
     * @param field       config path of the entry, for errors
     * @param instruments configured instruments by symbol
     * @throws ConfigException naming {@code <field>.path} or {@code <field>.symbol}
     */
    public void check(String field, Map<String, Instrument> instruments) {
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new ConfigException(field + ".path", "a readable file, " + path.toAbsolutePath()
                    + " does not exist or cannot be read");
        }
        if (symbol != null && !instruments.containsKey(symbol)) {
            throw new ConfigException(field + ".symbol", "a symbol configured in instruments "
                    + instruments.keySet() + ", was '" + symbol + "'"
                    + (format.carriesSymbol() ? "" : " (taken from the file name when not given)"));
        }
    }

    private static String symbolFromFileName(String fileName) {
        int dash = fileName.indexOf('-');
        if (dash <= 0) {
            return null;
        }
        String s = fileName.substring(0, dash).replace("_", "").toUpperCase(Locale.ROOT);
        return s.matches("[A-Z0-9]{2,20}") ? s : null;
    }

    @Override
    public String toString() {
        return path + ":" + format + (symbol == null ? "" : ":" + symbol)
                + (receiveTimeUnit == ReceiveTimeUnit.AUTO ? "" : (symbol == null ? "::" : ":") + receiveTimeUnit);
    }
}
