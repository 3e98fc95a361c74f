package io.aquatrade.notifier;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;

/**
 * The generic webhook ({@code alerts.webhook.url}): each alert is POSTed as one JSON object, {@link Alert}'s fields
 * ({@code seq, kind, key, text, timeMs, time, eventTimeNs, source, sourceIndex, fields}). A receiver deduplicates by
 * {@code seq}: the one alert in flight when the notifier stopped may come again after its restart.
 */
final class WebhookChannel extends HttpChannel {
    /** The channel's name and outbox tailer. */
    static final String NAME = "webhook";
    private final URI uri;

    WebhookChannel(NotifierConfig.Webhook webhook, long timeoutMs) {
        super(timeoutMs);
        this.uri = URI.create(webhook.url());
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
        return Outbox.JSON.writeValueAsString(alert);
    }

    @Override
    Result answer(int status, String body, HttpResponse<String> response) {
        return byStatus(status, clip(body, 200), response);
    }
}
