package io.aquatrade.notifier;

/**
 * Where alerts go: Telegram ({@link TelegramChannel}) or a webhook ({@link WebhookChannel}). Called on the channel's
 * own {@link ChannelSender} thread, never the agent's. An implementation never puts a secret in a {@link Result}'s
 * text.
 */
interface Channel {
    /** @return the channel's name, also the outbox's named tailer: {@code telegram}, {@code webhook} */
    String name();

    /**
     * Sends one alert, once (the sender retries).
     *
     * @return how it went
     */
    Result send(Alert alert);

    /**
     * The outcome of one attempt.
     *
     * @param delivered    true if the endpoint took it
     * @param retryable    when not delivered: true if another attempt may succeed (a timeout, a 5xx, a 429)
     * @param retryAfterMs the wait the endpoint asked for (Telegram's {@code parameters.retry_after}, a
     *                     {@code Retry-After} header), ms; -1 if none
     * @param detail       what happened, for the log: the HTTP status and the endpoint's words, no secret
     */
    record Result(boolean delivered, boolean retryable, long retryAfterMs, String detail) {
        static Result ok(String detail) {
            return new Result(true, false, -1, detail);
        }

        static Result retry(long retryAfterMs, String detail) {
            return new Result(false, true, retryAfterMs, detail);
        }

        static Result fail(String detail) {
            return new Result(false, false, -1, detail);
        }
    }
}
