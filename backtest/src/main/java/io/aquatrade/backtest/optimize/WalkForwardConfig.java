package io.aquatrade.backtest.optimize;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.ConfigException;

/**
 * The {@code optimize.walkForward} subsection: rolling windows of a fixed in-sample length, each followed by its
 * out-of-sample window; the windows move forward by the out-of-sample length, so the out-of-sample windows tile
 * the history without gaps or overlap (Pardo, <i>The Evaluation and Optimization of Trading Strategies</i>, 2nd ed.,
 * 2008, ch. 11: rolling walk-forward analysis).
 *
 * <pre>
 * walkForward: {inSample: 2d, outOfSample: 12h, step: 12h}   # step optional, must equal outOfSample
 * </pre>
 *
 * @param inSampleMs    length of each fitting window, ms, &gt; 0
 * @param outOfSampleMs length of each scoring window, ms, &gt; 0
 * @param stepMs        how far consecutive windows move, ms; equals {@code outOfSampleMs}
 */
public record WalkForwardConfig(long inSampleMs, long outOfSampleMs, long stepMs) {
    private static final String FIELD = OptimizeConfig.SECTION + ".walkForward";

    /** @throws ConfigException naming the field if a length is not positive or the step differs from outOfSample */
    public WalkForwardConfig {
        if (inSampleMs <= 0) {
            throw new ConfigException(FIELD + ".inSample", "a duration > 0, was " + inSampleMs + " ms");
        }
        if (outOfSampleMs <= 0) {
            throw new ConfigException(FIELD + ".outOfSample", "a duration > 0, was " + outOfSampleMs + " ms");
        }
        if (stepMs != outOfSampleMs) {
            throw new ConfigException(FIELD + ".step", "the outOfSample length ("
                    + AquatradeConfig.formatDurationMs(outOfSampleMs) + ") so that out-of-sample windows are "
                    + "contiguous and do not overlap, was " + AquatradeConfig.formatDurationMs(stepMs));
        }
    }

    /**
     * @param entry the subsection as written
     * @return the validated subsection
     * @throws ConfigException naming the field on a missing or bad duration
     */
    public static WalkForwardConfig of(Entry entry) {
        if (entry.inSample() == null) {
            throw new ConfigException(FIELD + ".inSample", "a duration such as 2d, was missing");
        }
        if (entry.outOfSample() == null) {
            throw new ConfigException(FIELD + ".outOfSample", "a duration such as 12h, was missing");
        }
        long in = AquatradeConfig.durationMs(FIELD + ".inSample", entry.inSample());
        long out = AquatradeConfig.durationMs(FIELD + ".outOfSample", entry.outOfSample());
        long step = entry.step() == null ? out : AquatradeConfig.durationMs(FIELD + ".step", entry.step());
        return new WalkForwardConfig(in, out, step);
    }

    @Override
    public String toString() {
        return "inSample " + AquatradeConfig.formatDurationMs(inSampleMs) + ", outOfSample "
                + AquatradeConfig.formatDurationMs(outOfSampleMs) + ", step " + AquatradeConfig.formatDurationMs(stepMs);
    }

    /**
     * The subsection as written in YAML.
     *
     * @param inSample    duration text, e.g. "2d"
     * @param outOfSample duration text, e.g. "12h"
     * @param step        duration text, or null for outOfSample
     */
    public record Entry(@JsonProperty("inSample") String inSample, @JsonProperty("outOfSample") String outOfSample,
                        @JsonProperty("step") String step) {
    }
}
