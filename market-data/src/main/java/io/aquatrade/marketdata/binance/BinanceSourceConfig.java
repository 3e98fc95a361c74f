package io.aquatrade.marketdata.binance;

import java.net.URI;
import java.net.URISyntaxException;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.aquatrade.common.ConfigException;

/**
 * The {@code market-data.binance} config section: where the live Binance source connects and how it copes with a
 * slow agent or a lost connection.
 *
 * <pre>
 * market-data:
 *   source: binance
 *   binance:
 *     streamUri: wss://stream.binance.com:9443/   # websocket base; the source appends stream?streams=...
 *     restUri: https://api.binance.com            # REST base; GET /api/v3/exchangeInfo at start-up
 *     queueCapacity: 65536                        # ticks buffered between the I/O thread and the agent
 *     connectTimeoutMs: 10000                     # first connection (and each reconnect) must open within this
 *     reconnectInitialDelayMs: 1000               # first wait after a lost connection; doubles per failed try
 *     reconnectMaxDelayMs: 60000                  # cap of that wait
 *     staleAfterMs: 30000                         # no message for this long: drop and reconnect (0: never)
 *     reorderMs: 250                              # hold ticks this long to publish them in event-time order
 *     startAttempts: 8                            # tries of the first connection at start-up, then exit 1
 * </pre>
 *
 * @param streamUri               websocket base address ({@code ws://} or {@code wss://}), always ending in '/';
 *                                default {@code wss://stream.binance.com:9443/}
 * @param restUri                 REST base address ({@code http://} or {@code https://}), no trailing '/';
 *                                default {@code https://api.binance.com}
 * @param queueCapacity           bound of the hand-off queue from the I/O threads to the agent thread, in ticks,
 *                                1..16,777,216; default 65,536. When it is full new ticks are dropped and counted.
 * @param connectTimeoutMs        how long a connection attempt (TCP, TLS and websocket handshake) may take, ms,
 *                                100..600,000; default 10,000
 * @param reconnectInitialDelayMs wait before the first reconnect attempt after a lost connection, ms,
 *                                1..{@code reconnectMaxDelayMs}; default 1,000. Each failed attempt doubles it.
 * @param reconnectMaxDelayMs     longest wait between reconnect attempts, ms, up to 3,600,000; default 60,000
 * @param staleAfterMs            a connection that carried no message for this long is taken as dead (a silent
 *                                half-open socket, a stalled server) and replaced like a lost one, ms, 0 (never) or
 *                                500..3,600,000; default 30,000. Set it above the longest quiet spell of the
 *                                subscribed streams taken together (bookTicker of a liquid pair updates many times
 *                                a second).
 * @param reorderMs               how long ticks are held to be published in event-time order on Binance's clock
 *                                (see {@link ReorderBuffer}): a tick delayed by up to this much more than the fastest
 *                                still takes its place; a later one is published late, at the current watermark.
 *                                Every tick is delayed by about this much. ms, 0..10,000; default 250. 0 publishes
 *                                in arrival order, trades at Binance's time and quotes at local arrival time, whose
 *                                event times then go back and forth (use {@code runtime.sequencing: arrival}).
 * @param startAttempts           how many times the source tries to open its first connection at start-up (a
 *                                machine that booted before its network came up), waiting between tries as between
 *                                reconnects ({@code reconnectInitialDelayMs}, doubling up to
 *                                {@code reconnectMaxDelayMs}); when all fail the process exits with code 1 and its
 *                                supervisor starts it again. 1..1000; default 8 (about two minutes of waits)
 */
public record BinanceSourceConfig(String streamUri, String restUri, int queueCapacity, int connectTimeoutMs,
                                  int reconnectInitialDelayMs, int reconnectMaxDelayMs, int staleAfterMs,
                                  int reorderMs, int startAttempts) {
    /** Binance spot's public market-data websocket. */
    public static final String DEFAULT_STREAM_URI = "wss://stream.binance.com:9443/";
    /** Binance spot's REST API. */
    public static final String DEFAULT_REST_URI = "https://api.binance.com";
    /** Default {@link #queueCapacity()}. */
    public static final int DEFAULT_QUEUE_CAPACITY = 65_536;
    /** Default {@link #connectTimeoutMs()}. */
    public static final int DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
    /** Default {@link #reconnectInitialDelayMs()}. */
    public static final int DEFAULT_RECONNECT_INITIAL_DELAY_MS = 1_000;
    /** Default {@link #reconnectMaxDelayMs()}. */
    public static final int DEFAULT_RECONNECT_MAX_DELAY_MS = 60_000;
    /** Default {@link #staleAfterMs()}. */
    public static final int DEFAULT_STALE_AFTER_MS = 30_000;
    /** Default {@link #reorderMs()}. */
    public static final int DEFAULT_REORDER_MS = 250;
    /** Default {@link #startAttempts()}. */
    public static final int DEFAULT_START_ATTEMPTS = 8;

    private static final String SECTION = "market-data.binance.";

    /**
     * Validates every field and normalises {@code streamUri} to end in '/' and {@code restUri} not to.
     *
     * @throws ConfigException naming {@code market-data.binance.<field>} on a missing or out-of-range value
     */
    public BinanceSourceConfig {
        streamUri = checkUri("streamUri", streamUri, "ws", "wss", DEFAULT_STREAM_URI);
        if (!streamUri.endsWith("/")) {
            streamUri = streamUri + "/";
        }
        restUri = checkUri("restUri", restUri, "http", "https", DEFAULT_REST_URI);
        while (restUri.endsWith("/")) {
            restUri = restUri.substring(0, restUri.length() - 1);
        }
        if (queueCapacity < 1 || queueCapacity > 16_777_216) {
            throw new ConfigException(SECTION + "queueCapacity", "1..16777216 ticks, was " + queueCapacity);
        }
        if (connectTimeoutMs < 100 || connectTimeoutMs > 600_000) {
            throw new ConfigException(SECTION + "connectTimeoutMs", "100..600000 ms, was " + connectTimeoutMs);
        }
        if (reconnectMaxDelayMs < 1 || reconnectMaxDelayMs > 3_600_000) {
            throw new ConfigException(SECTION + "reconnectMaxDelayMs", "1..3600000 ms, was " + reconnectMaxDelayMs);
        }
        if (reconnectInitialDelayMs < 1 || reconnectInitialDelayMs > reconnectMaxDelayMs) {
            throw new ConfigException(SECTION + "reconnectInitialDelayMs", "1..reconnectMaxDelayMs ("
                    + reconnectMaxDelayMs + ") ms, was " + reconnectInitialDelayMs);
        }
        if (staleAfterMs != 0 && (staleAfterMs < 500 || staleAfterMs > 3_600_000)) {
            throw new ConfigException(SECTION + "staleAfterMs", "0 (never) or 500..3600000 ms, was " + staleAfterMs);
        }
        if (reorderMs < 0 || reorderMs > 10_000) {
            throw new ConfigException(SECTION + "reorderMs", "0..10000 ms, was " + reorderMs);
        }
        if (startAttempts < 1 || startAttempts > 1000) {
            throw new ConfigException(SECTION + "startAttempts", "1..1000 tries, was " + startAttempts);
        }
    }

    /**
     * Every field but {@link #startAttempts()}, which takes its default.
     *
     * @throws ConfigException as the canonical constructor
     */
    public BinanceSourceConfig(String streamUri, String restUri, int queueCapacity, int connectTimeoutMs,
                               int reconnectInitialDelayMs, int reconnectMaxDelayMs, int staleAfterMs, int reorderMs) {
        this(streamUri, restUri, queueCapacity, connectTimeoutMs, reconnectInitialDelayMs, reconnectMaxDelayMs,
                staleAfterMs, reorderMs, DEFAULT_START_ATTEMPTS);
    }

    /**
     * The three-value form the process wires: addresses and queue bound, with default connection timing.
     *
     * @throws ConfigException as the canonical constructor
     */
    public BinanceSourceConfig(String streamUri, String restUri, int queueCapacity) {
        this(streamUri, restUri, queueCapacity, DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_RECONNECT_INITIAL_DELAY_MS,
                DEFAULT_RECONNECT_MAX_DELAY_MS, DEFAULT_STALE_AFTER_MS, DEFAULT_REORDER_MS);
    }

    /**
     * Jackson entry point: a missing key takes its default, then the canonical constructor validates.
     *
     * @throws ConfigException as the canonical constructor
     */
    @JsonCreator
    public static BinanceSourceConfig of(@JsonProperty("streamUri") String streamUri,
                                         @JsonProperty("restUri") String restUri,
                                         @JsonProperty("queueCapacity") Integer queueCapacity,
                                         @JsonProperty("connectTimeoutMs") Integer connectTimeoutMs,
                                         @JsonProperty("reconnectInitialDelayMs") Integer reconnectInitialDelayMs,
                                         @JsonProperty("reconnectMaxDelayMs") Integer reconnectMaxDelayMs,
                                         @JsonProperty("staleAfterMs") Integer staleAfterMs,
                                         @JsonProperty("reorderMs") Integer reorderMs,
                                         @JsonProperty("startAttempts") Integer startAttempts) {
        return new BinanceSourceConfig(
                streamUri == null ? DEFAULT_STREAM_URI : streamUri,
                restUri == null ? DEFAULT_REST_URI : restUri,
                queueCapacity == null ? DEFAULT_QUEUE_CAPACITY : queueCapacity,
                connectTimeoutMs == null ? DEFAULT_CONNECT_TIMEOUT_MS : connectTimeoutMs,
                reconnectInitialDelayMs == null ? DEFAULT_RECONNECT_INITIAL_DELAY_MS : reconnectInitialDelayMs,
                reconnectMaxDelayMs == null ? DEFAULT_RECONNECT_MAX_DELAY_MS : reconnectMaxDelayMs,
                staleAfterMs == null ? DEFAULT_STALE_AFTER_MS : staleAfterMs,
                reorderMs == null ? DEFAULT_REORDER_MS : reorderMs,
                startAttempts == null ? DEFAULT_START_ATTEMPTS : startAttempts);
    }

    /**
     * @return every default: Binance spot's public addresses, 65,536 ticks, 10 s connect, 1 s..60 s back-off,
     * stale after 30 s, reordered over 250 ms, 8 tries at start-up
     */
    public static BinanceSourceConfig defaults() {
        return of(null, null, null, null, null, null, null, null, null);
    }

    private static String checkUri(String field, String value, String plainScheme, String tlsScheme,
                                   String example) {
        String expected = "a " + plainScheme + "://host[:port]/ or " + tlsScheme + "://host[:port]/ address like "
                + example + ", was '" + value + "'";
        if (value == null || value.isBlank()) {
            throw new ConfigException(SECTION + field, expected);
        }
        try {
            URI uri = new URI(value);
            if (uri.getHost() == null || uri.getQuery() != null || uri.getFragment() != null
                    || !(plainScheme.equalsIgnoreCase(uri.getScheme()) || tlsScheme.equalsIgnoreCase(uri.getScheme()))) {
                throw new ConfigException(SECTION + field, expected);
            }
        } catch (URISyntaxException e) {
            throw new ConfigException(SECTION + field, expected);
        }
        return value;
    }
}
