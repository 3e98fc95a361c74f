package io.aquatrade.notifier;

import java.net.URI;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.ConfigException;

/**
 * The {@code alerts} section of the config file, read by the notifier only. Where alerts go (Telegram, a webhook,
 * always the notifier's log), how HTTP calls are retried, and how alerts are throttled and deduplicated.
 *
 * <p>The Telegram bot token never appears in config text: {@code alerts.telegram.botToken} names the environment
 * variable that holds it ({@code env:AQUATRADE_TELEGRAM_BOT_TOKEN}, the default), and {@link #from} resolves it.
 *
 * @param telegram        Telegram's {@code sendMessage}, or null for none
 * @param webhook         the generic webhook, or null for none
 * @param timeoutMs       connect and request timeout of one HTTP call, ms, 100..300000 (default 10000)
 * @param retries         attempts in all of one alert on one channel before it is given up, 1..100 (default 5)
 * @param backoffMs       wait after the first failed attempt, ms, 1..3600000 (default 1000); doubled after each
 *                        further failure up to {@code maxBackoffMs}; a Telegram 429's {@code retry_after} wins
 * @param maxBackoffMs    longest wait between attempts, ms, &gt;= backoffMs, at most 3600000 (default 60000)
 * @param dedupWindowMs   an alert whose key equals one sent less than this long ago is dropped, ms,
 *                        0..604800000 (default 600000; 0 = off)
 * @param throttle        at most {@code perKind} alerts of one kind per {@code windowMs}
 * @param outboxCapacity  alerts a channel may be behind before its oldest are skipped, 1..1000000 (default 10000)
 * @param staleFeedMs     an instrument of which market-data published no tick for this long (its heartbeat's
 *                        {@code lastTickAtMs}, judged as status judges it, see {@link FeedWatch}) while market data
 *                        has not ended is a stale feed, ms, 0..86400000 (default 60000, status's
 *                        {@code --stale-after} default; 0 = off)
 */
public record NotifierConfig(Telegram telegram, Webhook webhook, long timeoutMs, int retries, long backoffMs,
                             long maxBackoffMs, long dedupWindowMs, Throttle throttle, int outboxCapacity,
                             long staleFeedMs) {
    /** Default {@code alerts.telegram.apiUrl}. */
    public static final String TELEGRAM_API_URL = "https://api.telegram.org";
    /** Default {@code alerts.telegram.botToken}: the environment variable holding the token. */
    public static final String DEFAULT_TOKEN_REF = "env:AQUATRADE_TELEGRAM_BOT_TOKEN";

    /** Jackson entry point: fills defaults, then validates. */
    @JsonCreator
    public static NotifierConfig of(@JsonProperty("telegram") Telegram telegram,
                                    @JsonProperty("webhook") Webhook webhook,
                                    @JsonProperty("timeoutMs") Long timeoutMs,
                                    @JsonProperty("retries") Integer retries,
                                    @JsonProperty("backoffMs") Long backoffMs,
                                    @JsonProperty("maxBackoffMs") Long maxBackoffMs,
                                    @JsonProperty("dedupWindowMs") Long dedupWindowMs,
                                    @JsonProperty("throttle") Throttle throttle,
                                    @JsonProperty("outboxCapacity") Integer outboxCapacity,
                                    @JsonProperty("staleFeedMs") Long staleFeedMs) {
        return new NotifierConfig(telegram, webhook, or(timeoutMs, 10_000L), retries == null ? 5 : retries,
                or(backoffMs, 1_000L), or(maxBackoffMs, 60_000L), or(dedupWindowMs, 600_000L),
                throttle == null ? Throttle.of(null, null) : throttle, outboxCapacity == null ? 10_000 : outboxCapacity,
                or(staleFeedMs, 60_000L));
    }

    /** @throws ConfigException naming the field on a value out of range */
    public NotifierConfig {
        range("alerts.timeoutMs", timeoutMs, 100, 300_000);
        range("alerts.retries", retries, 1, 100);
        range("alerts.backoffMs", backoffMs, 1, 3_600_000);
        range("alerts.maxBackoffMs", maxBackoffMs, backoffMs, 3_600_000);
        range("alerts.dedupWindowMs", dedupWindowMs, 0, 604_800_000L);
        range("alerts.outboxCapacity", outboxCapacity, 1, 1_000_000);
        range("alerts.staleFeedMs", staleFeedMs, 0, 86_400_000L);
    }

    /** @return the defaults: no channel (alerts go to the log only) */
    public static NotifierConfig defaults() {
        return of(null, null, null, null, null, null, null, null, null, null);
    }

    /**
     * Reads the {@code alerts} section.
     *
     * @param config the loaded config
     * @return the section, or the defaults if the file has none
     * @throws ConfigException naming the field on a bad value
     */
    public static NotifierConfig from(AquatradeConfig config) {
        NotifierConfig c = config.section("alerts", NotifierConfig.class);
        return c == null ? defaults() : c;
    }

    /**
     * Telegram's Bot API {@code sendMessage} (https://core.telegram.org/bots/api#sendmessage).
     *
     * @param botToken where the token is: {@code env:NAME}, the environment variable NAME (default
     *                 {@value #DEFAULT_TOKEN_REF}); a literal token is refused, so that none is ever in config text
     * @param chatId   the chat to post to (a number, or {@code @channelname}); required
     * @param apiUrl   the Bot API's base URL, http or https (default {@value #TELEGRAM_API_URL}; a local server in tests)
     */
    public record Telegram(String botToken, String chatId, String apiUrl) {
        /** Jackson entry point: fills defaults, then validates. */
        @JsonCreator
        public static Telegram of(@JsonProperty("botToken") String botToken, @JsonProperty("chatId") String chatId,
                                  @JsonProperty("apiUrl") String apiUrl) {
            return new Telegram(botToken == null ? DEFAULT_TOKEN_REF : botToken, chatId,
                    apiUrl == null ? TELEGRAM_API_URL : apiUrl);
        }

        /** @throws ConfigException naming the field, never echoing a value that might be a token */
        public Telegram {
            if (botToken == null || !botToken.matches("env:[A-Za-z_][A-Za-z0-9_]*")) {
                throw new ConfigException("alerts.telegram.botToken", "env:VARIABLE, the environment variable "
                        + "holding the bot's token (default " + DEFAULT_TOKEN_REF + "); the token itself must "
                        + "not be in the config file");
            }
            if (chatId == null || chatId.isBlank()) {
                throw new ConfigException("alerts.telegram.chatId", "the chat id to post to (a number or "
                        + "@channelname), was missing");
            }
            httpUrl("alerts.telegram.apiUrl", apiUrl);
        }

        /** @return the name of the environment variable holding the token */
        public String tokenVariable() {
            return botToken.substring("env:".length());
        }

        /**
         * @param env the process environment
         * @return the bot token
         * @throws ConfigException naming the variable (never its value) if it is unset or blank
         */
        public String token(Map<String, String> env) {
            String token = env.get(tokenVariable());
            if (token == null || token.isBlank()) {
                throw new ConfigException("alerts.telegram.botToken", "the environment variable "
                        + tokenVariable() + " set to the bot's token; it is not set");
            }
            return token.trim();
        }
    }

    /**
     * A generic webhook: each alert is POSTed as one JSON object ({@link Alert}'s fields).
     *
     * @param url the endpoint, http or https; required
     */
    public record Webhook(String url) {
        /** @throws ConfigException naming the field */
        @JsonCreator
        public Webhook(@JsonProperty("url") String url) {
            httpUrl("alerts.webhook.url", url);
            this.url = url;
        }
    }

    /**
     * Throttling per alert kind.
     *
     * @param perKind  at most this many alerts of one kind, 1..100000 (default 20)
     * @param windowMs per this window, ms, 1000..86400000 (default 60000); the alerts held back are counted and the
     *                 next alert of the kind that goes out says how many
     */
    public record Throttle(int perKind, long windowMs) {
        /** Jackson entry point: fills defaults, then validates. */
        @JsonCreator
        public static Throttle of(@JsonProperty("perKind") Integer perKind, @JsonProperty("windowMs") Long windowMs) {
            return new Throttle(perKind == null ? 20 : perKind, or(windowMs, 60_000L));
        }

        /** @throws ConfigException naming the field */
        public Throttle {
            range("alerts.throttle.perKind", perKind, 1, 100_000);
            range("alerts.throttle.windowMs", windowMs, 1_000, 86_400_000L);
        }
    }

    private static long or(Long v, long dflt) {
        return v == null ? dflt : v;
    }

    private static void range(String field, long v, long min, long max) {
        if (v < min || v > max) {
            throw new ConfigException(field, "a whole number " + min + ".." + max + ", was " + v);
        }
    }

    private static void httpUrl(String field, String url) {
        try {
            URI u = url == null ? null : URI.create(url);
            if (u != null && ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null) {
                return;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        // the value is not repeated: a webhook URL often carries a secret in its path
        throw new ConfigException(field, "an http:// or https:// URL with a host, was " + (url == null ? "missing"
                : "something else"));
    }
}
