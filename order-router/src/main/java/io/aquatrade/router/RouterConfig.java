package io.aquatrade.router;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.ConfigException;
import io.aquatrade.router.venue.binance.BinanceVenueConfig;
import io.aquatrade.router.venue.paper.PaperVenueConfig;

/**
 * The {@code order-router} config section:
 * <pre>
 * order-router:
 *   venue: paper              # paper | binance (live: needs the --live flag)
 *   paper:
 *     takerFeeBps: 10
 *     makerFeeBps: 10         # resting limit orders' fills
 *     feeAsset: quote         # quote (default) | base | received
 *     queueModel: through     # through | touch: which trades fill a resting limit
 *     slippageBps: 5
 *     balances: {ETH: 1.0, XRP: 0}
 *     allowShort: false       # true: sells may go short (margin), within maxShortNotional
 *     maxShortNotional: 0.5   # required with allowShort: true; quote asset of the instrument
 *   binance:                  # venue: binance only; see BinanceVenueConfig
 *     baseUrl: https://api.binance.com
 *     testnet: false
 *     recvWindowMs: 5000
 *     pollIntervalMs: 1000
 *     keyFile: /etc/aquatrade/binance.key
 * </pre>
 * Any venue but {@code paper} or {@code binance} is a {@link ConfigException} naming {@code order-router.venue}, so
 * the process refuses to start (exit code 2).
 *
 * @param venue   the venue to execute on: {@value #PAPER} or {@value #BINANCE}
 * @param paper   the paper venue's settings; defaults (see {@link PaperVenueConfig#defaults()}) if the section has
 *                none
 * @param binance the binance venue's settings; defaults (see {@link BinanceVenueConfig#defaults()}) if the section
 *                has none
 */
public record RouterConfig(String venue, PaperVenueConfig paper, BinanceVenueConfig binance) {
    /** Name of the config section, which is also the process name. */
    public static final String SECTION = "order-router";
    /** The paper venue's name. */
    public static final String PAPER = "paper";
    /** The live Binance spot venue's name. */
    public static final String BINANCE = "binance";

    /** Jackson entry point: fills defaults, then validates. */
    @JsonCreator
    public static RouterConfig of(@JsonProperty("venue") String venue, @JsonProperty("paper") PaperVenueConfig paper,
                                  @JsonProperty("binance") BinanceVenueConfig binance) {
        return new RouterConfig(venue == null ? PAPER : venue, paper == null ? PaperVenueConfig.defaults() : paper,
                binance == null ? BinanceVenueConfig.defaults() : binance);
    }


    /** @throws ConfigException naming the field on a bad value */
    public RouterConfig {
        if (!PAPER.equals(venue) && !BINANCE.equals(venue)) {
            throw new ConfigException(SECTION + ".venue", "paper or binance, was '" + venue + "'");
        }
        if (binance == null) {
            throw new ConfigException(SECTION + ".binance", "the binance venue's settings");
        }
        if (paper == null) {
            throw new ConfigException(SECTION + ".paper", "the paper venue's settings");
        }
    }

    /**
     * Reads and fully validates the section, including what needs the shared sections (starting balances against
     * the instruments' assets and the assets' decimals).
     *
     * @return the section
     * @throws ConfigException naming the field if the section is missing or a value is bad
     */
    public static RouterConfig from(AquatradeConfig config) {
        RouterConfig rc = config.section(SECTION, RouterConfig.class);
        if (rc == null) {
            throw new ConfigException(SECTION, "a section {venue: paper, paper: {takerFeeBps, slippageBps, balances, "
                    + "allowShort, maxShortNotional}}");
        }
        rc.validate(config);
        return rc;
    }

    /**
     * Checks what needs the shared sections: starting balances, the short limit in every instrument's quote
     * asset, and with {@code venue: binance} that {@code binance.heldBackMaxMs} is below {@code
     * decision-engine.orderTimeoutMs} (an order held back longer than the engine waits must be refused, not sent
     * after the engine gave up on it).
     *
     * @throws ConfigException naming the field on a bad value
     */
    public void validate(AquatradeConfig config) {
        paper.startingBalances(config);
        PaperVenueConfig.exactFilters(config);
        for (io.aquatrade.common.Instrument instrument : config.instruments().values()) {
            paper.maxShortNotional(config, instrument.quote());
        }
        if (BINANCE.equals(venue)) {
            long orderTimeoutMs = orderTimeoutMs(config);
            if (binance.heldBackMaxMs() >= orderTimeoutMs) {
                throw new ConfigException(SECTION + ".binance.heldBackMaxMs", "less than decision-engine."
                        + "orderTimeoutMs (" + orderTimeoutMs + " ms: the engine gives up on an order unanswered "
                        + "that long), was " + binance.heldBackMaxMs());
            }
        }
    }

    /** The decision engine's default {@code orderTimeoutMs} (decision-engine's {@code DecisionConfig}). */
    static final long DEFAULT_ORDER_TIMEOUT_MS = 30_000;

    /**
     * @return {@code decision-engine.orderTimeoutMs} as written (a whole number), else its default; its own range is
     * the decision engine's to check
     */
    private static long orderTimeoutMs(AquatradeConfig config) {
        com.fasterxml.jackson.databind.JsonNode section = config.section("decision-engine",
                com.fasterxml.jackson.databind.JsonNode.class);
        com.fasterxml.jackson.databind.JsonNode value = section == null ? null : section.get("orderTimeoutMs");
        return value != null && value.canConvertToLong() && value.isIntegralNumber() ? value.asLong()
                : DEFAULT_ORDER_TIMEOUT_MS;
    }
}
