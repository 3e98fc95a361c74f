package io.aquatrade.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The one YAML file every process reads ({@code config/aquatrade.yaml}): shared sections ({@code runtime},
 * {@code instruments}, {@code assets}) and one section per process (and {@code backtest}, {@code optimize} for the
 * research commands, {@code alerts} for the notifier, {@code dashboard} for {@code bin/aquatrade dashboard}), which
 * each maps onto its own config
 * record with {@link #section}. Unknown keys are errors, so a typo never silently falls back to a default.
 *
 * <p>Every failure is a {@link ConfigException} naming the field's dotted path and what is expected.
 */
public final class AquatradeConfig {
    /** Top-level sections a config file may have. */
    public static final Set<String> SECTIONS = Set.of("runtime", "instruments", "assets", "market-data",
            "signal-generator", "decision-engine", "order-router", "backtest", "optimize", "alerts", "dashboard");

    private static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final Path source;
    private final ObjectNode root;
    private final RuntimeConfig runtime;
    private final Map<String, Instrument> instruments;
    private final Map<String, Integer> assetDecimals;

    private AquatradeConfig(Path source, ObjectNode root) {
        this.source = source;
        this.root = root;
        Iterator<String> names = root.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!SECTIONS.contains(name)) {
                throw new ConfigException(name, "one of the sections " + new java.util.TreeSet<>(SECTIONS)
                        + ", found an unknown one");
            }
        }
        RuntimeConfig rt = section("runtime", RuntimeConfig.class);
        this.runtime = rt == null ? RuntimeConfig.defaults() : rt;
        JsonNode list = root.get("instruments");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new ConfigException("instruments", "a non-empty list of {symbol, base, quote, priceDecimals, "
                    + "sizeDecimals}");
        }
        Map<String, Instrument> bySymbol = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            Instrument instrument = convert("instruments[" + i + "]", list.get(i), Instrument.class);
            if (bySymbol.put(instrument.symbol(), instrument) != null) {
                throw new ConfigException("instruments[" + i + "].symbol", "a unique symbol, "
                        + instrument.symbol() + " appears twice");
            }
        }
        this.instruments = Collections.unmodifiableMap(bySymbol);
        Map<String, Integer> assets = new LinkedHashMap<>();
        JsonNode assetsNode = root.get("assets");
        if (assetsNode != null) {
            if (!assetsNode.isObject()) {
                throw new ConfigException("assets", "a map of asset code to decimals, e.g. {ETH: 8}");
            }
            assetsNode.properties().forEach(e -> {
                if (!e.getValue().canConvertToInt() || e.getValue().asInt() < 0
                        || e.getValue().asInt() > FixedPoint.MAX_DECIMALS) {
                    throw new ConfigException("assets." + e.getKey(), "decimals 0..18, was " + e.getValue());
                }
                assets.put(e.getKey(), e.getValue().asInt());
            });
        }
        this.assetDecimals = Collections.unmodifiableMap(assets);
    }

    /**
     * Loads and validates the shared sections of a config file.
     *
     * @throws ConfigException if the file is missing, not YAML, or a shared section is invalid
     */
    public static AquatradeConfig load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("--config", "a readable YAML file, " + file + " does not exist");
        }
        try {
            return parse(file, Files.readString(file));
        } catch (IOException e) {
            throw new ConfigException("--config", "a readable YAML file, cannot read " + file + ": " + e);
        }
    }

    /**
     * Parses config text; {@code source} is only for messages.
     *
     * @throws ConfigException as {@link #load(Path)}
     */
    public static AquatradeConfig parse(Path source, String yaml) {
        JsonNode node;
        try {
            node = MAPPER.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new ConfigException("--config", "valid YAML in " + source + ": " + e.getOriginalMessage()
                    + " at line " + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()));
        }
        if (node == null || !node.isObject()) {
            throw new ConfigException("--config", "a YAML mapping of sections in " + source);
        }
        return new AquatradeConfig(source, (ObjectNode) node);
    }

    /** @return the file this was read from */
    public Path source() {
        return source;
    }

    /** @return the runtime section (queue root, idle strategy, sequencing) */
    public RuntimeConfig runtime() {
        return runtime;
    }

    /** @return instruments by venue symbol, in file order */
    public Map<String, Instrument> instruments() {
        return instruments;
    }

    /**
     * @return the instrument of that symbol
     * @throws IllegalArgumentException if the symbol is not configured
     */
    public Instrument instrument(String symbol) {
        Instrument i = instruments.get(symbol);
        if (i == null) {
            throw new IllegalArgumentException("instrument " + symbol + " is not in the config");
        }
        return i;
    }

    /** @return decimals of an asset's amounts: from {@code assets}, else 8 */
    public int assetDecimals(String asset) {
        return assetDecimals.getOrDefault(asset, 8);
    }

    /** @return every asset named by an instrument, in first-seen order */
    public List<String> assets() {
        List<String> out = new ArrayList<>();
        for (Instrument i : instruments.values()) {
            if (!out.contains(i.base())) {
                out.add(i.base());
            }
            if (!out.contains(i.quote())) {
                out.add(i.quote());
            }
        }
        return out;
    }

    /**
     * The assets an account holds for trading: every asset named by an instrument ({@link #assets()}), then those
     * of the {@code assets} section that no instrument names, in the section's order: an asset fees are paid in
     * (BNB, with Binance's "pay fees with BNB"), whose balance the router reads at start and books fees against.
     *
     * @return asset codes, instruments' first
     */
    public List<String> accountAssets() {
        List<String> out = assets();
        for (String asset : assetDecimals.keySet()) {
            if (!out.contains(asset)) {
                out.add(asset);
            }
        }
        return out;
    }

    /**
     * Maps a top-level section onto a type (usually a record whose constructor validates).
     *
     * @return the section, or null if the file has none
     * @throws ConfigException naming the field that does not fit
     */
    public <T> T section(String name, Class<T> type) {
        JsonNode node = root.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        return convert(name, node, type);
    }

    private static <T> T convert(String path, JsonNode node, Class<T> type) {
        try {
            return MAPPER.treeToValue(node, type);
        } catch (JsonMappingException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ConfigException ce) {
                throw located(path, ce);
            }
            StringBuilder field = new StringBuilder(path);
            String parent = path;
            JsonNode found = node;
            for (JsonMappingException.Reference r : e.getPath()) {
                parent = field.toString();
                if (r.getFieldName() != null) {
                    field.append('.').append(r.getFieldName());
                    found = found == null ? null : found.get(r.getFieldName());
                } else if (r.getIndex() >= 0) {
                    field.append('[').append(r.getIndex()).append(']');
                    found = found == null ? null : found.get(r.getIndex());
                }
            }
            throw new ConfigException(field.toString(), expected(e, parent, found));
        } catch (JsonProcessingException e) {
            throw new ConfigException(path, e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            if (e.getCause() instanceof ConfigException ce) {
                throw located(path, ce);
            }
            throw new ConfigException(path, e.getMessage());
        }
    }

    /**
     * Says in the config's words what Jackson could not map: for an unknown key the keys its section takes, for a
     * value of the wrong type the type expected ("a number", "a list"...) and what was found; never a Java class name.
     *
     * @param e      Jackson's error
     * @param parent the config path of the mapping holding the offending key, e.g. "runtime"
     * @param found  the offending value in the file, or null if it cannot be found
     * @return the "expected" part of a {@link ConfigException}
     */
    static String expected(JsonMappingException e, String parent, JsonNode found) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            Set<String> keys = new TreeSet<>();
            if (unknown.getKnownPropertyIds() != null) {
                unknown.getKnownPropertyIds().forEach(k -> keys.add(String.valueOf(k)));
            }
            return "one of the keys of " + parent + ": " + String.join(", ", keys) + "; '"
                    + unknown.getPropertyName() + "' is not one of them";
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return typeName(mismatch.getTargetType()) + (found == null || found.isMissingNode() ? ""
                    : ", found " + describe(found));
        }
        return e.getOriginalMessage();
    }

    /** @return what a config value of the Java type looks like, in YAML's words */
    private static String typeName(Class<?> type) {
        if (type.isPrimitive() && type != boolean.class && type != char.class
                || Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (CharSequence.class.isAssignableFrom(type) || type == char.class || type == Character.class) {
            return "a string";
        }
        if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (type.isEnum()) {
            List<String> names = new ArrayList<>();
            for (Object c : type.getEnumConstants()) {
                names.add(c.toString());
            }
            return "one of " + String.join(", ", names);
        }
        return "a mapping of keys to values";
    }

    /** @return a value of the config file as an error shows it: text quoted, a list or mapping by its kind */
    private static String describe(JsonNode value) {
        if (value.isNull()) {
            return "nothing";
        }
        if (value.isArray()) {
            return "a list";
        }
        if (value.isObject()) {
            return "a mapping";
        }
        if (value.isTextual()) {
            return "'" + value.asText() + "'";
        }
        return value.asText();
    }

    /**
     * Names the field of an error thrown while building the value at {@code path} once, with its full path. A type
     * names its fields either relative to itself ({@code "fast"}: prefixed, {@code path.fast}) or in full, starting
     * with the section ({@code "instruments[XRPETH].maxQuantity"}: kept as is); a list element that cannot name
     * itself ({@code "instruments[].symbol"}, the symbol being the bad value) is named by its position in
     * {@code path} ({@code "instruments[0].symbol"}).
     *
     * @param path the config path of the value being built, e.g. "signal-generator" or "instruments[0]"
     * @param ce   the error its type threw
     * @return the error with the field's full path
     */
    static ConfigException located(String path, ConfigException ce) {
        String field = ce.field();
        int end = 0;
        while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
            end++;
        }
        String section = path.substring(0, end);
        String located;
        if (field.equals(section) || field.startsWith(section + ".") || field.startsWith(section + "[")) {
            located = field.startsWith(section + "[]") && path.startsWith(section + "[")
                    ? path + field.substring(section.length() + 2) : field;
        } else {
            located = path + "." + field;
        }
        return located.equals(field) ? ce : new ConfigException(located, ce.expected());
    }

    /**
     * Parses a timeframe or duration such as "500ms", "30s", "5m", "1h", "1d".
     *
     * @param field config path, for the error
     * @return milliseconds, &gt; 0
     * @throws ConfigException naming the field if the text is not such a duration
     */
    public static long durationMs(String field, String text) {
        if (text != null) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,9})(ms|s|m|h|d)").matcher(text.trim());
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                long unit = switch (m.group(2)) {
                    case "ms" -> 1L;
                    case "s" -> 1_000L;
                    case "m" -> 60_000L;
                    case "h" -> 3_600_000L;
                    default -> 86_400_000L;
                };
                if (n > 0) {
                    return n * unit;
                }
            }
        }
        throw new ConfigException(field, "a duration like 1m, 5m, 1h (units ms, s, m, h, d), was '" + text + "'");
    }

    /** @return a timeframe in milliseconds as text: 300000 becomes "5m" */
    public static String formatDurationMs(long ms) {
        if (ms % 86_400_000L == 0) {
            return ms / 86_400_000L + "d";
        }
        if (ms % 3_600_000L == 0) {
            return ms / 3_600_000L + "h";
        }
        if (ms % 60_000L == 0) {
            return ms / 60_000L + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
