package io.aquatrade.router.venue.binance;

import java.math.BigDecimal;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.aquatrade.common.ConfigException;

/**
 * The {@code order-router.binance} config section:
 * <pre>
 * binance:
 *   baseUrl: https://api.binance.com   # REST root (default Binance's); e.g. http://127.0.0.1:8090 for fake-binance
 *   testnet: false                     # true: Binance's spot testnet (https://testnet.binance.vision)
 *   recvWindowMs: 5000                 # 1..60000: how long after its timestamp Binance still takes a request
 *   pollIntervalMs: 1000               # 1..3600000: how often working orders are polled
 *   keyFile: /etc/aquatrade/binance.key   # optional; mode 0600; else env AQUATRADE_BINANCE_API_KEY / _SECRET
 *   reconcileIntervalS: 60             # 1..86400: reconciliation with the account, at start and this often
 *   reconcileToleranceSteps: 1         # 0..1000000: base balance difference allowed, in the instrument's steps
 * </pre>
 *
 * @param baseUrl        REST root URL, http or https, without a trailing slash
 * @param testnet        true if {@code baseUrl} is Binance's spot testnet (set by {@code testnet: true})
 * @param recvWindowMs   Binance's {@code recvWindow}, ms, 1..60000 (Binance's maximum); default 5000
 * @param pollIntervalMs how often orders working at Binance are polled, ms, 1..3600000; default 1000
 * @param keyFile        path of the key file, or null to read the environment
 * @param reconcileIntervalS      how often the venue reconciles with the account ({@link Reconciler}), s,
 *                                1..86400; default 60; also once at start
 * @param reconcileToleranceSteps the largest difference between an instrument's base asset balance at Binance and
 *                                the one booked on {@code executions} that is not a mismatch, in the instrument's
 *                                quantity steps ({@code filters.stepSize}, else one size unit), 0..1000000; default 1
 */
public record BinanceVenueConfig(String baseUrl, boolean testnet, long recvWindowMs, long pollIntervalMs,
                                 String keyFile, long reconcileIntervalS, long reconcileToleranceSteps) {
    /** Default {@code reconcileIntervalS}. */
    public static final long DEFAULT_RECONCILE_INTERVAL_S = 60;
    /** Default {@code reconcileToleranceSteps}. */
    public static final long DEFAULT_RECONCILE_TOLERANCE_STEPS = 1;

    /** The section with the reconciliation defaults. */
    public BinanceVenueConfig(String baseUrl, boolean testnet, long recvWindowMs, long pollIntervalMs,
                              String keyFile) {
        this(baseUrl, testnet, recvWindowMs, pollIntervalMs, keyFile, DEFAULT_RECONCILE_INTERVAL_S,
                DEFAULT_RECONCILE_TOLERANCE_STEPS);
    }

    /** Config path of this section, for error messages. */
    public static final String PATH = "order-router.binance";
    /** Binance's spot REST root. */
    public static final String BINANCE_URL = "https://api.binance.com";
    /** Binance's spot testnet REST root. */
    public static final String TESTNET_URL = "https://testnet.binance.vision";
    /** Binance's largest recvWindow, ms. */
    public static final long MAX_RECV_WINDOW_MS = 60_000;

    /**
     * @return the defaults: Binance's URL, recvWindow 5000 ms, polls every 1000 ms, keys from the environment,
     * reconciliation every 60 s with a tolerance of 1 step
     */
    public static BinanceVenueConfig defaults() {
        return new BinanceVenueConfig(BINANCE_URL, false, 5000, 1000, null, DEFAULT_RECONCILE_INTERVAL_S,
                DEFAULT_RECONCILE_TOLERANCE_STEPS);
    }

    /**
     * Jackson entry point: fills defaults, then validates.
     *
     * @throws ConfigException naming the field on a bad value
     */
    @JsonCreator
    public static BinanceVenueConfig of(@JsonProperty("baseUrl") String baseUrl,
                                        @JsonProperty("testnet") Boolean testnet,
                                        @JsonProperty("recvWindowMs") BigDecimal recvWindowMs,
                                        @JsonProperty("pollIntervalMs") BigDecimal pollIntervalMs,
                                        @JsonProperty("keyFile") String keyFile,
                                        @JsonProperty("reconcileIntervalS") BigDecimal reconcileIntervalS,
                                        @JsonProperty("reconcileToleranceSteps") BigDecimal reconcileToleranceSteps) {
        boolean test = testnet != null && testnet;
        if (test && baseUrl != null) {
            throw new ConfigException(PATH + ".baseUrl", "no baseUrl with testnet: true (the testnet has its own), was '"
                    + baseUrl + "'");
        }
        String url = test ? TESTNET_URL : baseUrl == null ? BINANCE_URL : baseUrl;
        return new BinanceVenueConfig(url, test, whole(recvWindowMs, "recvWindowMs", 5000, MAX_RECV_WINDOW_MS),
                whole(pollIntervalMs, "pollIntervalMs", 1000, 3_600_000), keyFile,
                whole(reconcileIntervalS, "reconcileIntervalS", DEFAULT_RECONCILE_INTERVAL_S, 86_400, "s"),
                wholeFrom0(reconcileToleranceSteps, "reconcileToleranceSteps", DEFAULT_RECONCILE_TOLERANCE_STEPS,
                        1_000_000));
    }

    private static long wholeFrom0(BigDecimal value, String field, long dflt, long max) {
        if (value == null) {
            return dflt;
        }
        try {
            long v = value.longValueExact();
            if (v >= 0 && v <= max) {
                return v;
            }
        } catch (ArithmeticException e) {
            // not whole: reported below
        }
        throw new ConfigException(PATH + "." + field, "a whole number of steps 0.." + max + ", was "
                + value.toPlainString());
    }

    private static long whole(BigDecimal value, String field, long dflt, long max) {
        return whole(value, field, dflt, max, "ms");
    }

    private static long whole(BigDecimal value, String field, long dflt, long max, String unit) {
        if (value == null) {
            return dflt;
        }
        try {
            long v = value.longValueExact();
            if (v >= 1 && v <= max) {
                return v;
            }
        } catch (ArithmeticException e) {
            // not whole: reported below
        }
        throw new ConfigException(PATH + "." + field, "whole " + unit + " 1.." + max + ", was "
                + value.toPlainString());
    }

    /** @throws ConfigException naming the field on a bad value */
    public BinanceVenueConfig {
        if (baseUrl == null || !(baseUrl.startsWith("http://") || baseUrl.startsWith("https://"))
                || baseUrl.endsWith("/")) {
            throw new ConfigException(PATH + ".baseUrl", "an http(s) URL without a trailing slash, was '" + baseUrl
                    + "'");
        }
        if (keyFile != null && keyFile.isBlank()) {
            throw new ConfigException(PATH + ".keyFile", "a file path, was blank");
        }
    }
}
