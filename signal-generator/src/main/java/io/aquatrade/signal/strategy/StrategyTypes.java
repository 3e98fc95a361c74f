package io.aquatrade.signal.strategy;

import java.util.List;
import java.util.Map;

import io.aquatrade.common.ConfigException;

/**
 * The strategy types that config may name in {@code signal-generator.strategies[].type}, and their parameter
 * parsers. To add a type: write the strategy with a {@code Params} record implementing {@link StrategyFactory} and a
 * {@code parse(field, params)} that rejects unknown and invalid keys, then add it to {@link #NAMES} and
 * {@link #parse}.
 */
public final class StrategyTypes {
    /** Every known type name. */
    public static final List<String> NAMES = List.of(VwapMomentumStrategy.TYPE, MaCrossStrategy.TYPE,
            EmaCrossStrategy.TYPE);

    private StrategyTypes() {
    }

    /**
     * Validates a config entry's parameters for its type.
     *
     * @param field  dotted path of the entry, e.g. "signal-generator.strategies[0]"; errors name
     *               {@code field.type} or {@code field.<param>}
     * @param type   the type name
     * @param params every key of the entry other than id, type, instruments, timeframe and filters (YAML scalars as Jackson reads them)
     * @return the validated parameters as a factory
     * @throws ConfigException naming the field if the type is unknown or a parameter is missing, unknown or invalid
     */
    public static StrategyFactory parse(String field, String type, Map<String, Object> params) {
        if (VwapMomentumStrategy.TYPE.equals(type)) {
            return VwapMomentumStrategy.Params.parse(field, params);
        }
        if (MaCrossStrategy.TYPE.equals(type)) {
            return MaCrossStrategy.Params.parse(field, params);
        }
        if (EmaCrossStrategy.TYPE.equals(type)) {
            return EmaCrossStrategy.Params.parse(field, params);
        }
        throw new ConfigException(field + ".type", "one of " + NAMES + ", was '" + type + "'");
    }
}
