package io.aquatrade.backtest.optimize;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.ConfigException;
import io.aquatrade.decision.DecisionConfig;
import io.aquatrade.marketdata.MarketDataConfig;
import io.aquatrade.router.RouterConfig;
import io.aquatrade.signal.SignalConfig;

/**
 * The variants an {@code optimize} section declares over a base config: which combinations of parameter values a
 * grid or random search visits, and the validated config of each.
 *
 * <p>A combination is a list of value indices, one per parameter in {@code optimize.parameters} order. A variant's
 * config is the base YAML tree with each value written at its path, serialised and re-parsed by
 * {@link AquatradeConfig#parse} and then mapped by every process section (signal-generator, decision-engine,
 * order-router, market-data), so a variant is exactly a config the processes would accept.
 *
 * <p>{@link #of} checks that every path resolves; {@link #variants} builds and checks every chosen combination
 * (before any backtest runs, so a bad value still stops the command at start-up) and names the parameter whose
 * value is rejected. Immutable and thread-safe.
 */
public final class ParameterSpace {
    /** Most variants one search may run: bounds start-up time and the memory the variants' configs hold. */
    public static final int MAX_VARIANTS = 10_000;

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private final Path source;
    private final ObjectNode base;
    private final List<ParameterSpec> parameters;
    private final List<String> names;
    private final Consumer<AquatradeConfig> check;

    private ParameterSpace(Path source, ObjectNode base, List<ParameterSpec> parameters,
                           Consumer<AquatradeConfig> check) {
        this.source = source;
        this.base = base;
        this.parameters = List.copyOf(parameters);
        this.names = this.parameters.stream().map(ParameterSpec::name).toList();
        this.check = check;
    }

    /**
     * Builds the space over a config file's text, checking every process section of each variant.
     *
     * @param source     the config file, for messages
     * @param yaml       the base config's text
     * @param parameters the parameters
     * @return the space
     * @throws ConfigException as {@link #of(Path, String, List, Consumer)}
     */
    public static ParameterSpace of(Path source, String yaml, List<ParameterSpec> parameters) {
        return of(source, yaml, parameters, ParameterSpace::checkProcessSections);
    }

    /**
     * Builds the space and checks every parameter's path: each step resolves in the base config (a list entry by
     * its id or index), and a last key the config does not have yet is accepted by its section (checked by building
     * the config with the parameter's first value). Values are checked when the variants that use them are built
     * ({@link #variants}), so a random search over a large space validates only what it visits.
     *
     * @param source     the config file, for messages
     * @param yaml       the base config's text
     * @param parameters the parameters, e.g. {@link OptimizeConfig#parameters()}
     * @param check      validation every variant's config must pass (throws {@link ConfigException}), e.g.
     *                   {@link #checkProcessSections}
     * @return the space
     * @throws ConfigException if the base config is invalid, or naming {@code optimize.parameters[i].path} if a path
     *                         does not resolve or adds a key its section rejects
     */
    public static ParameterSpace of(Path source, String yaml, List<ParameterSpec> parameters,
                                    Consumer<AquatradeConfig> check) {
        ObjectNode tree = parseTree(source, yaml);
        check.accept(AquatradeConfig.parse(source, yaml));
        ParameterSpace space = new ParameterSpace(source, tree, parameters, check);
        for (ParameterSpec p : parameters) {
            if (p.path().get(p.field() + ".path", tree) == null) {
                try {
                    space.alone(p, p.values().get(0));
                } catch (ConfigException e) {
                    throw new ConfigException(p.field() + ".path", "a path to a value the config accepts; '"
                            + p.name() + "' is not in the config, and adding it fails: " + e.getMessage());
                }
            }
        }
        return space;
    }

    /**
     * The validation a variant must pass before it is backtested: every process section maps and cross-checks
     * against the shared sections, as each process does at start-up.
     *
     * @param config a variant's config
     * @throws ConfigException naming the field on a bad value
     */
    public static void checkProcessSections(AquatradeConfig config) {
        MarketDataConfig.from(config);
        SignalConfig.from(config, null);
        DecisionConfig.from(config);
        RouterConfig.from(config);
    }

    /** @return the parameters, in config order */
    public List<ParameterSpec> parameters() {
        return parameters;
    }

    /** @return the parameters' paths, in config order */
    public List<String> names() {
        return names;
    }

    /** @return the number of combinations: the product of the value counts, or Long.MAX_VALUE if larger */
    public long size() {
        long n = 1;
        for (ParameterSpec p : parameters) {
            try {
                n = Math.multiplyExact(n, p.values().size());
            } catch (ArithmeticException overflow) {
                return Long.MAX_VALUE;
            }
        }
        return n;
    }

    /**
     * Every combination, in odometer order: the first parameter varies slowest, the last fastest (the order of
     * nested loops over the parameters as listed, like Python's {@code itertools.product}).
     *
     * @return value indices per combination; exactly {@link #size()} of them, all distinct
     * @throws ConfigException naming {@code optimize.parameters} if there are more than {@value #MAX_VARIANTS}
     */
    public List<List<Integer>> grid() {
        long size = size();
        if (size > MAX_VARIANTS) {
            throw new ConfigException(OptimizeConfig.SECTION + ".parameters", "at most " + MAX_VARIANTS
                    + " combinations for a grid search, these give " + (size == Long.MAX_VALUE ? "more than 2^63"
                    : size) + "; use fewer values or method: random");
        }
        return enumerate((int) size);
    }

    private List<List<Integer>> enumerate(int size) {
        List<List<Integer>> out = new ArrayList<>(size);
        int[] digits = new int[parameters.size()];
        for (int k = 0; k < size; k++) {
            List<Integer> choice = new ArrayList<>(digits.length);
            for (int d : digits) {
                choice.add(d);
            }
            out.add(List.copyOf(choice));
            for (int i = digits.length - 1; i >= 0; i--) {
                if (++digits[i] < parameters.get(i).values().size()) {
                    break;
                }
                digits[i] = 0;
            }
        }
        return out;
    }

    /**
     * A reproducible random sample of distinct combinations. With {@link Random} seeded by {@code seed} (whose
     * algorithm Java specifies, so the sample is the same on every JVM): if the space holds fewer than twice
     * {@code samples} combinations, the grid is shuffled ({@link Collections#shuffle(List, Random)}) and the first
     * {@code min(samples, size)} taken; otherwise each parameter's value index is drawn uniformly
     * ({@link Random#nextInt(int)}, parameters in order) and repeats are drawn again.
     *
     * @param samples how many combinations, 1..{@value #MAX_VARIANTS}
     * @param seed    the seed
     * @return value indices per combination, in the order drawn; {@code min(samples, size())} of them, distinct
     * @throws IllegalArgumentException if samples is out of range
     */
    public List<List<Integer>> random(int samples, long seed) {
        if (samples < 1 || samples > MAX_VARIANTS) {
            throw new IllegalArgumentException("samples 1.." + MAX_VARIANTS + ", was " + samples);
        }
        Random random = new Random(seed);
        long size = size();
        if (size < 2L * samples) {
            List<List<Integer>> all = enumerate((int) size);
            Collections.shuffle(all, random);
            return List.copyOf(all.subList(0, (int) Math.min(samples, size)));
        }
        Set<List<Integer>> seen = new HashSet<>();
        List<List<Integer>> out = new ArrayList<>(samples);
        while (out.size() < samples) {
            List<Integer> choice = new ArrayList<>(parameters.size());
            for (ParameterSpec p : parameters) {
                choice.add(random.nextInt(p.values().size()));
            }
            List<Integer> c = List.copyOf(choice);
            if (seen.add(c)) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * @param config the optimize section
     * @return the combinations its method chooses: {@link #grid()} or {@link #random(int, long)}
     */
    public List<List<Integer>> choose(OptimizeConfig config) {
        return config.method() == SearchMethod.GRID ? grid() : random(config.samples(), config.seed());
    }

    /**
     * Builds and validates the variants of the given combinations, numbered in list order.
     *
     * @param choices value indices per combination, e.g. from {@link #grid()}
     * @return one variant per combination, {@code index} = position in the list
     * @throws ConfigException naming {@code optimize.parameters[i]} if a value of that parameter is rejected, or
     *                         {@code optimize.parameters} and the combination if only the combination is
     * @throws IndexOutOfBoundsException if an index is outside its parameter's values
     */
    public List<Variant> variants(List<List<Integer>> choices) {
        List<Variant> out = new ArrayList<>(choices.size());
        for (int k = 0; k < choices.size(); k++) {
            out.add(variant(k, choices.get(k)));
        }
        return out;
    }

    /**
     * Builds one variant.
     *
     * @param index  its position in the search order
     * @param choice one value index per parameter
     * @return the variant
     * @throws ConfigException as {@link #variants}
     */
    public Variant variant(int index, List<Integer> choice) {
        if (choice.size() != parameters.size()) {
            throw new IllegalArgumentException(choice.size() + " value indices for " + parameters.size()
                    + " parameters");
        }
        ObjectNode tree = base.deepCopy();
        List<JsonNode> values = new ArrayList<>(choice.size());
        for (int i = 0; i < choice.size(); i++) {
            ParameterSpec p = parameters.get(i);
            JsonNode value = p.values().get(choice.get(i));
            p.path().set(p.field() + ".path", tree, value);
            values.add(value);
        }
        try {
            return new Variant(index, names, values, build(tree));
        } catch (ConfigException e) {
            // Name the parameter whose value alone is rejected, if there is one; else the combination is at fault.
            for (int i = 0; i < choice.size(); i++) {
                ParameterSpec p = parameters.get(i);
                try {
                    alone(p, values.get(i));
                } catch (ConfigException alone) {
                    throw new ConfigException(p.field(), "values that " + p.name() + " accepts; "
                            + ParameterSpec.text(values.get(i)) + " is not: " + alone.getMessage());
                }
            }
            throw new ConfigException(OptimizeConfig.SECTION + ".parameters", "combinations the config accepts; "
                    + new Variant(index, names, values, null).label() + " is not: " + e.getMessage());
        }
    }

    /** Builds the base config with one parameter set to one value. */
    private void alone(ParameterSpec p, JsonNode value) {
        ObjectNode copy = base.deepCopy();
        p.path().set(p.field() + ".path", copy, value);
        build(copy);
    }

    /**
     * @param variant a variant of this space
     * @return its full config as YAML text (comments and key order of the base file are not kept), ready to run
     *         with the processes or the backtest command
     */
    public String yaml(Variant variant) {
        ObjectNode tree = base.deepCopy();
        for (int i = 0; i < parameters.size(); i++) {
            ParameterSpec p = parameters.get(i);
            p.path().set(p.field() + ".path", tree, variant.values().get(i));
        }
        return write(tree);
    }

    private static String write(ObjectNode tree) {
        try {
            return YAML.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a config tree as YAML", e);
        }
    }

    private AquatradeConfig build(ObjectNode tree) {
        String yaml = write(tree);
        AquatradeConfig config = AquatradeConfig.parse(source, yaml);
        check.accept(config);
        return config;
    }

    private static ObjectNode parseTree(Path source, String yaml) {
        try {
            JsonNode node = YAML.readTree(yaml);
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (JsonProcessingException e) {
            throw new ConfigException("--config", "valid YAML in " + source + ": " + e.getOriginalMessage());
        }
        throw new ConfigException("--config", "a YAML mapping of sections in " + source);
    }
}
