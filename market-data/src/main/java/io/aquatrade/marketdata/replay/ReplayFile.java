package io.aquatrade.marketdata.replay;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import io.aquatrade.common.ConfigException;
import io.aquatrade.common.Instrument;

/**
 * One recorded file to replay: where it is, its format, and the instrument its records belong to.
 *
 * @param path   the file, relative to the working directory or absolute; gzip is detected from its content
 * @param format its format
 * @param symbol the instrument's venue symbol; required for formats whose records carry none (then every record
 *               is of this instrument); for {@link ReplayFormat#BINANCE_CAPTURE} optional, and if given only that
 *               symbol's messages are replayed
 */
public record ReplayFile(Path path, ReplayFormat format, String symbol) {

    /** @throws ConfigException if path or format is missing, or a symbol is needed and missing */
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
     * @return the entry
     * @throws ConfigException naming the sub-field that is missing or wrong
     */
    public static ReplayFile of(String field, String path, String format, String symbol) {
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
        return new ReplayFile(p, f, s);
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
        return path + ":" + format + (symbol == null ? "" : ":" + symbol);
    }
}
