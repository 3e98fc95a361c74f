package io.aquatrade.backtest.optimize;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.ConfigException;

/**
 * The {@code optimize} config section: what to maximise, how to choose variants, the parameters to vary, and
 * optionally a walk-forward analysis.
 *
 * <pre>
 * optimize:
 *   objective: sharpe            # sharpe | net-pnl | profit-factor | return | sortino   (default sharpe)
 *   method: grid                 # grid | random                                         (default grid)
 *   samples: 50                  # random only: distinct combinations to draw, 1..10000  (default 50)
 *   seed: 1                      # random only: java.util.Random seed                    (default 1)
 *   parameters:                  # dotted paths into this config: section, strategy [id], key
 *     - path: signal-generator.strategies[vwap-momentum].bars
 *       values: [2, 3, 4, 5]
 *     - {path: 'decision-engine.strategies[vwap-momentum].stopLossBps', range: {from: 0, to: 100, step: 25}}
 *   walkForward: {inSample: 2d, outOfSample: 12h, step: 12h}   # optional; step defaults to outOfSample
 * </pre>
 *
 * <p>The paths are checked against the config tree by {@link ParameterSpace}; every error names its field, e.g.
 * {@code optimize.parameters[0].path}. Inside a flow mapping <code>{...}</code> YAML does not allow '[' in a plain
 * scalar: quote a bracketed path there, or use block style as above (see {@link ConfigPath}).
 *
 * @param objective   what is maximised
 * @param method      grid or random
 * @param samples     combinations drawn by random search, 1..{@value ParameterSpace#MAX_VARIANTS}; unused by grid
 * @param seed        random search's seed
 * @param parameters  the parameters, non-empty, paths distinct
 * @param walkForward walk-forward windows, or null for none
 */
public record OptimizeConfig(Objective objective, SearchMethod method, int samples, long seed,
                             List<ParameterSpec> parameters, WalkForwardConfig walkForward) {
    /** Section name in the config file. */
    public static final String SECTION = "optimize";
    /** Default number of random samples. */
    public static final int DEFAULT_SAMPLES = 50;
    /** Default random seed. */
    public static final long DEFAULT_SEED = 1;

    /**
     * Jackson entry point: fills defaults, then validates every entry.
     *
     * @param objective   objective name, or null for sharpe
     * @param method      grid or random, or null for grid
     * @param samples     random samples, or null for {@value #DEFAULT_SAMPLES}
     * @param seed        random seed, or null for {@value #DEFAULT_SEED}
     * @param parameters  the parameter entries as written
     * @param walkForward the walk-forward subsection as written, or null
     * @return the validated section
     * @throws ConfigException naming the first bad field
     */
    @JsonCreator
    public static OptimizeConfig of(@JsonProperty("objective") String objective,
                                    @JsonProperty("method") String method,
                                    @JsonProperty("samples") Integer samples,
                                    @JsonProperty("seed") Long seed,
                                    @JsonProperty("parameters") List<ParameterSpec.Entry> parameters,
                                    @JsonProperty("walkForward") WalkForwardConfig.Entry walkForward) {
        Objective o = objective == null ? Objective.SHARPE : Objective.parse(SECTION + ".objective", objective);
        SearchMethod m = method == null ? SearchMethod.GRID : SearchMethod.parse(SECTION + ".method", method);
        if (parameters == null || parameters.isEmpty()) {
            throw new ConfigException(SECTION + ".parameters", "a non-empty list of {path, values} or {path, range}");
        }
        List<ParameterSpec> specs = new ArrayList<>(parameters.size());
        for (int i = 0; i < parameters.size(); i++) {
            specs.add(ParameterSpec.of(SECTION + ".parameters[" + i + "]", parameters.get(i)));
        }
        return new OptimizeConfig(o, m, samples == null ? DEFAULT_SAMPLES : samples, seed == null ? DEFAULT_SEED : seed,
                specs, walkForward == null ? null : WalkForwardConfig.of(walkForward));
    }

    /** @throws ConfigException naming the field on a bad value */
    public OptimizeConfig {
        if (objective == null) {
            throw new ConfigException(SECTION + ".objective", "one of " + Objective.configNames());
        }
        if (method == null) {
            throw new ConfigException(SECTION + ".method", "grid or random");
        }
        if (samples < 1 || samples > ParameterSpace.MAX_VARIANTS) {
            throw new ConfigException(SECTION + ".samples", "1.." + ParameterSpace.MAX_VARIANTS + ", was " + samples);
        }
        if (parameters == null || parameters.isEmpty()) {
            throw new ConfigException(SECTION + ".parameters", "a non-empty list of {path, values} or {path, range}");
        }
        parameters = List.copyOf(parameters);
        for (int i = 0; i < parameters.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (parameters.get(i).path().equals(parameters.get(j).path())) {
                    throw new ConfigException(SECTION + ".parameters[" + i + "].path", "a path not already varied by "
                            + "parameters[" + j + "], was '" + parameters.get(i).name() + "'");
                }
            }
        }
    }

    /**
     * Reads the section of a loaded config.
     *
     * @param config the loaded config
     * @return the section
     * @throws ConfigException if the section is missing or a value is bad
     */
    public static OptimizeConfig from(AquatradeConfig config) {
        OptimizeConfig section = config.section(SECTION, OptimizeConfig.class);
        if (section == null) {
            throw new ConfigException(SECTION, "a section with parameters: [{path, values: [...]}, ...] (see "
                    + "docs), was missing");
        }
        return section;
    }

    /**
     * @param wf walk-forward windows, or null for none
     * @return a copy with another walk-forward setting
     */
    public OptimizeConfig withWalkForward(WalkForwardConfig wf) {
        return new OptimizeConfig(objective, method, samples, seed, parameters, wf);
    }
}
