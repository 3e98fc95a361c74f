package io.aquatrade.notifier;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Telegram's Bot API {@code sendMessage} (https://core.telegram.org/bots/api#sendmessage): a POST of
 * {@code {"chat_id", "text", "disable_web_page_preview": true}} to {@code <apiUrl>/bot<token>/sendMessage}, answered
 * {@code {"ok": true, "result": {...}}} or {@code {"ok": false, "error_code", "description", "parameters":
 * {"retry_after": seconds}}} (https://core.telegram.org/bots/api#making-requests). A 429 waits {@code retry_after}
 * seconds. The text is cut to Telegram's 4096 characters. The token is in the URI only, which is never logged;
 * every text this channel returns has the token replaced by {@code <token>}.
 */
final class TelegramChannel extends HttpChannel {
    /** The channel's name and outbox tailer. */
    static final String NAME = "telegram";
    /** Telegram's longest message text, characters. */
    static final int MAX_TEXT = 4096;
    private final URI uri;
    private final String token;
    private final String chatId;

    /**
     * @param telegram  the config
     * @param token     the bot token (from the environment)
     * @param timeoutMs HTTP timeouts, ms
     */
    TelegramChannel(NotifierConfig.Telegram telegram, String token, long timeoutMs) {
        super(timeoutMs);
        String base = telegram.apiUrl().endsWith("/") ? telegram.apiUrl() : telegram.apiUrl() + "/";
        this.uri = URI.create(base + "bot" + token + "/sendMessage");
        this.token = token;
        this.chatId = telegram.chatId();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    URI uri() {
        return uri;
    }

    @Override
    String body(Alert alert) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("chat_id", chatId);
        String text = "[aquatrade] " + alert.text();
        body.put("text", text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT - 3) + "...");
        body.put("disable_web_page_preview", true);
        return Outbox.JSON.writeValueAsString(body);
    }

    @Override
    Result answer(int status, String body, HttpResponse<String> response) {
        JsonNode json = null;
        try {
            json = Outbox.JSON.readTree(body == null ? "" : body);
        } catch (IOException e) {
            // not JSON: judged by the status alone
        }
        String description = json != null && json.hasNonNull("description") ? json.get("description").asText()
                : clip(body, 200);
        description = redact(description);
        if (status == 429 || (json != null && json.path("error_code").asInt() == 429)) {
            long afterS = json == null ? -1 : json.path("parameters").path("retry_after").asLong(-1);
            return Result.retry(afterS > 0 ? afterS * 1000L : -1, "HTTP 429 " + description);
        }
        if (status >= 200 && status < 300) {
            if (json != null && json.path("ok").asBoolean(false)) {
                return Result.ok("HTTP " + status + " ok");
            }
            return Result.retry(-1, "HTTP " + status + " without ok:true: " + description);
        }
        return byStatus(status, description, response);
    }

    @Override
    String redact(String text) {
        return text == null ? null : text.replace(token, "<token>");
    }
}
