/**
 * The notifier process: alerts to Telegram and a generic webhook, and the daily summary. {@link
 * io.aquatrade.notifier.NotifierMain} is the process entry; {@code NotifierAgent} tails the topics with named tailers
 * and watches the heartbeat ({@code ProcessWatch}), dead-letter and kill-switch files, turning what it sees into
 * {@code Alert}s; {@code AlertGate} deduplicates and throttles them; {@code Outbox} (a Chronicle queue of its own)
 * holds them durably and is the notifier's memory across restarts; {@code ChannelSender} sends them to each
 * {@code Channel} ({@code TelegramChannel}, {@code WebhookChannel}) on its own thread with retries and back-off;
 * {@code DailySummary} keeps each strategy's UTC day from the fills; {@link io.aquatrade.notifier.NotifierConfig}
 * maps the {@code alerts} config section. Depends on {@code common} and libraries only.
 */
package io.aquatrade.notifier;
