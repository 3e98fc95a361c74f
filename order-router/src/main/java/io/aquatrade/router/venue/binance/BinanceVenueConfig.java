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
 *   wsApiUrl: wss://ws-api.binance.com:443/ws-api/v3   # WebSocket API (user data stream); none: REST polling only
 *   safetyPollMs: 30000                # 1..3600000: REST polling of orders while the stream is healthy
 *   streamSilenceMs: 10000             # 1..3600000: no frame, or no report of an order taken, this long: REST
 *   exchangeInfoRefreshS: 3600         # 1..86400: how often exchangeInfo (filters, rate limits) is read again
 *   reconcileIntervalS: 60             # 1..86400: reconciliation with the account, at start and this often
 *   reconcileToleranceSteps: 1         # 0..1000000: base balance difference allowed, in the instrument's steps
 *                                      # (a quote or fee-only asset: in units of its last decimal)
 *   heldBackMaxMs: 20000               # 1..: an order the rate limit holds back longer is rejected, not sent late;
 *                                      # below decision-engine.orderTimeoutMs
 * </pre>
 *
 * @param baseUrl        REST root URL, http or https, without a trailing slash
 * @param testnet        true if {@code baseUrl} is Binance's spot testnet (set by {@code testnet: true})
 * @param recvWindowMs   Binance's {@code recvWindow}, ms, 1..60000 (Binance's maximum); default 5000
 * @param pollIntervalMs how often orders working at Binance are polled, ms, 1..3600000; default 1000
 * @param keyFile        path of the key file, or null to read the environment
 * @param wsApiUrl       the WebSocket API's address ({@code ws://} or {@code wss://}) for the user data stream, or
 *                       null for none (REST polling only, config value {@code none}); default Binance's
 *                       ({@link #WS_API_URL}, on the testnet {@link #TESTNET_WS_API_URL})
 * @param safetyPollMs   how often orders are polled over REST while the user data stream is up and healthy, ms,
 *                       1..3600000; default 30000
 * @param streamSilenceMs no frame at all from the stream for this long while orders work, or no report of an order
 *                       Binance took (its REST answer) within it ({@link StreamHealth}), makes REST polling (every
 *                       {@code pollIntervalMs}) take over and the stream resubscribe, ms, 1..3600000; default
 *                       10000; the stream pings every quarter of it
 * @param exchangeInfoRefreshS how often {@code exchangeInfo} is read again, s, 1..86400; default 3600
 * @param reconcileIntervalS      how often the venue reconciles with the account ({@link Reconciler}), s,
 *                                1..86400; default 60; also once at start
 * @param reconcileToleranceSteps the largest difference between an instrument's base asset balance at Binance and
 *                                the one booked on {@code executions} that is not a mismatch, in the instrument's
 *                                quantity steps ({@code filters.stepSize}, else one size unit), 0..1000000; default 1;
 *                                for a quote asset or an asset only fees are paid in, in units of its last decimal
 *                                ({@code assets.X})
 * @param heldBackMaxMs           the longest an order may wait in the venue, held back by the rate-limit budget, a
 *                                429's back-off or a 418 ban, before it is rejected ({@code RATE_LIMIT}) instead of
 *                                sent late, ms, counted from the earlier of its own event time and when it was held
 *                                back; 1..3600000 and below {@code decision-engine.orderTimeoutMs} (checked by
 *                                {@link io.aquatrade.router.RouterConfig#validate}: the engine gives up on an order
 *                                unanswered that long and may enter again); default {@value #DEFAULT_HELD_BACK_MAX_MS}
 */
public record BinanceVenueConfig(String baseUrl, boolean testnet, long recvWindowMs, long pollIntervalMs,
                                 String keyFile, String wsApiUrl, long safetyPollMs, long streamSilenceMs,
                                 long exchangeInfoRefreshS, long reconcileIntervalS, long reconcileToleranceSteps,
                                 long heldBackMaxMs) {
    /** Default {@code heldBackMaxMs}: 20 s, below the decision engine's default {@code orderTimeoutMs} of 30 s. */
    public static final long DEFAULT_HELD_BACK_MAX_MS = 20_000;
    /** Default {@code reconcileIntervalS}. */
    public static final long DEFAULT_RECONCILE_INTERVAL_S = 60;
    /** Default {@code reconcileToleranceSteps}. */
    public static final long DEFAULT_RECONCILE_TOLERANCE_STEPS = 1;

    /** Config path of this section, for error messages. */
    public static final String PATH = "order-router.binance";
    /** Binance's spot REST root. */
    public static final String BINANCE_URL = "https://api.binance.com";
    /** Binance's spot testnet REST root. */
    public static final String TESTNET_URL = "https://testnet.binance.vision";
    /** Binance's WebSocket API. */
    public static final String WS_API_URL = "wss://ws-api.binance.com:443/ws-api/v3";
    /** Binance's spot testnet WebSocket API. */
    public static final String TESTNET_WS_API_URL = "wss://ws-api.testnet.binance.vision/ws-api/v3";
    /** Binance's largest recvWindow, ms. */
    public static final long MAX_RECV_WINDOW_MS = 60_000;

    /**
     * @return the defaults: Binance's URL, recvWindow 5000 ms, polls every 1000 ms, keys from the environment,
     * reconciliation every 60 s with a tolerance of 1 step, held-back orders rejected after 20 s
     */
    public static BinanceVenueConfig defaults() {
        return new BinanceVenueConfig(BINANCE_URL, false, 5000, 1000, null);
    }

    /**
     * The REST settings with the stream's defaults: Binance's WebSocket API (its testnet's if {@code testnet}),
     * safety polls every 30000 ms, silence after 10000 ms; exchangeInfo read again every 3600 s; reconciliation
     * every 60 s with a tolerance of 1 step.
     *
     * @throws ConfigException naming the field on a bad value
     */
    public BinanceVenueConfig(String baseUrl, boolean testnet, long recvWindowMs, long pollIntervalMs,
                              String keyFile) {
        this(baseUrl, testnet, recvWindowMs, pollIntervalMs, keyFile, testnet ? TESTNET_WS_API_URL : WS_API_URL,
                30_000, 10_000, 3600, DEFAULT_RECONCILE_INTERVAL_S, DEFAULT_RECONCILE_TOLERANCE_STEPS);
    }

    /**
     * All settings but {@code heldBackMaxMs}, which takes its default.
     *
     * @throws ConfigException naming the field on a bad value
     */
    public BinanceVenueConfig(String baseUrl, boolean testnet, long recvWindowMs, long pollIntervalMs, String keyFile,
                              String wsApiUrl, long safetyPollMs, long streamSilenceMs, long exchangeInfoRefreshS,
                              long reconcileIntervalS, long reconcileToleranceSteps) {
        this(baseUrl, testnet, recvWindowMs, pollIntervalMs, keyFile, wsApiUrl, safetyPollMs, streamSilenceMs,
                exchangeInfoRefreshS, reconcileIntervalS, reconcileToleranceSteps, DEFAULT_HELD_BACK_MAX_MS);
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
                                        @JsonProperty("wsApiUrl") String wsApiUrl,
                                        @JsonProperty("safetyPollMs") BigDecimal safetyPollMs,
                                        @JsonProperty("streamSilenceMs") BigDecimal streamSilenceMs,
                                        @JsonProperty("exchangeInfoRefreshS") BigDecimal exchangeInfoRefreshS,
                                        @JsonProperty("reconcileIntervalS") BigDecimal reconcileIntervalS,
                                        @JsonProperty("reconcileToleranceSteps") BigDecimal reconcileToleranceSteps,
                                        @JsonProperty("heldBackMaxMs") BigDecimal heldBackMaxMs) {
        boolean test = testnet != null && testnet;
        if (test && baseUrl != null) {
            throw new ConfigException(PATH + ".baseUrl", "no baseUrl with testnet: true (the testnet has its own), was '"
                    + baseUrl + "'");
        }
        String url = test ? TESTNET_URL : baseUrl == null ? BINANCE_URL : baseUrl;
        String ws = wsApiUrl == null ? (test ? TESTNET_WS_API_URL : WS_API_URL)
                : wsApiUrl.equals("none") ? null : wsApiUrl;
        return new BinanceVenueConfig(url, test, whole(recvWindowMs, "recvWindowMs", 5000, MAX_RECV_WINDOW_MS),
                whole(pollIntervalMs, "pollIntervalMs", 1000, 3_600_000), keyFile, ws,
                whole(safetyPollMs, "safetyPollMs", 30_000, 3_600_000),
                whole(streamSilenceMs, "streamSilenceMs", 10_000, 3_600_000),
                whole(exchangeInfoRefreshS, "exchangeInfoRefreshS", 3600, 86_400, "s"),
                whole(reconcileIntervalS, "reconcileIntervalS", DEFAULT_RECONCILE_INTERVAL_S, 86_400, "s"),
                whole(reconcileToleranceSteps, "reconcileToleranceSteps", DEFAULT_RECONCILE_TOLERANCE_STEPS, 0,
                        1_000_000, "a whole number of steps"),
                whole(heldBackMaxMs, "heldBackMaxMs", DEFAULT_HELD_BACK_MAX_MS, 3_600_000));
    }

    private static long whole(BigDecimal value, String field, long dflt, long max) {
        return whole(value, field, dflt, max, "ms");
    }

    private static long whole(BigDecimal value, String field, long dflt, long max, String unit) {
        return whole(value, field, dflt, 1, max, "whole " + unit);
    }

    /**
     * @param what names the expected value in the error, before its range (e.g. "whole ms")
     * @return the value, or {@code dflt} if absent
     * @throws ConfigException naming {@code order-router.binance.<field>} unless a whole number in min..max
     */
    private static long whole(BigDecimal value, String field, long dflt, long min, long max, String what) {
        if (value == null) {
            return dflt;
        }
        try {
            long v = value.longValueExact();
            if (v >= min && v <= max) {
                return v;
            }
        } catch (ArithmeticException e) {
            // not whole: reported below
        }
        throw new ConfigException(PATH + "." + field, what + " " + min + ".." + max + ", was "
                + value.toPlainString());
    }

    /** @throws ConfigException naming the field on a bad value */
    public BinanceVenueConfig {
        if (baseUrl == null || !(baseUrl.startsWith("http://") || baseUrl.startsWith("https://"))
                || baseUrl.endsWith("/")) {
            throw new ConfigException(PATH + ".baseUrl", "an http(s) URL without a trailing slash, was '" + baseUrl
                    + "'");
        }
        if (wsApiUrl != null && !((wsApiUrl.startsWith("ws://") || wsApiUrl.startsWith("wss://"))
                && validUri(wsApiUrl))) {
            throw new ConfigException(PATH + ".wsApiUrl", "a ws:// or wss:// URL with a host, or none, was '"
                    + wsApiUrl + "'");
        }
        if (safetyPollMs < 1 || safetyPollMs > 3_600_000) {
            throw new ConfigException(PATH + ".safetyPollMs", "whole ms 1..3600000, was " + safetyPollMs);
        }
        if (streamSilenceMs < 1 || streamSilenceMs > 3_600_000) {
            throw new ConfigException(PATH + ".streamSilenceMs", "whole ms 1..3600000, was " + streamSilenceMs);
        }
        if (heldBackMaxMs < 1 || heldBackMaxMs > 3_600_000) {
            throw new ConfigException(PATH + ".heldBackMaxMs", "whole ms 1..3600000, was " + heldBackMaxMs);
        }
        if (keyFile != null && keyFile.isBlank()) {
            throw new ConfigException(PATH + ".keyFile", "a file path, was blank");
        }
    }

    private static boolean validUri(String url) {
        try {
            return java.net.URI.create(url).getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
