package io.aquatrade.notifier;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.aquatrade.common.EpochClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the outbox's alerts to one {@link Channel}, on its own thread, in order: so a slow or failing endpoint holds
 * up only its own channel, never the agent reading the topics nor the other channel.
 *
 * <p>Each alert is tried up to {@code alerts.retries} times. A retryable failure (timeout, I/O error, 408, 429, 5xx)
 * waits before the next attempt: what the endpoint asked for (Telegram's {@code retry_after}, {@code Retry-After}),
 * else exponential back-off {@code backoffMs x 2^(attempt-1)} capped at {@code maxBackoffMs}. An alert given up
 * (attempts spent, or a failure no retry mends such as a 400 or 403) is logged at ERROR with its text and the
 * channel moves on. The channel's place moves past an alert only once it is delivered or given up ({@link
 * Outbox.Reader}), so a stop or a kill -9 mid-send sends that one alert again after the restart.
 *
 * <p><b>Bounded:</b> a channel more than {@code alerts.outboxCapacity} alerts behind the newest skips its oldest
 * pending alerts until it is within the bound again; each skipped alert is logged at WARN with its text (so nothing
 * is lost from the record) and counted ({@link #skipped()}). Reading the topics never stops for a channel.
 */
final class ChannelSender implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelSender.class);
    /** How long the thread parks when the outbox has nothing new, ms. */
    static final long POLL_MS = 20;

    private final Outbox outbox;
    private final Channel channel;
    private final int attempts;
    private final long backoffMs;
    private final long maxBackoffMs;
    private final int capacity;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong givenUp = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private volatile boolean running = true;
    private volatile Thread thread;

    private final EpochClock clock;

    /**
     * @param outbox  the outbox read
     * @param channel where alerts go
     * @param config  attempts, back-off, capacity
     * @param clock   the clock back-off waits are measured by (the system clock: the endpoint is real)
     */
    ChannelSender(Outbox outbox, Channel channel, NotifierConfig config, EpochClock clock) {
        this.clock = clock;
        this.outbox = outbox;
        this.channel = channel;
        this.attempts = config.retries();
        this.backoffMs = config.backoffMs();
        this.maxBackoffMs = config.maxBackoffMs();
        this.capacity = config.outboxCapacity();
    }

    /** Starts the sender on a daemon thread named {@code notifier-<channel>}. @return this */
    ChannelSender start() {
        Thread t = new Thread(this, "notifier-" + channel.name());
        t.setDaemon(true);
        thread = t;
        t.start();
        return this;
    }

    @Override
    public void run() {
        try (Outbox.Reader reader = outbox.reader(channel.name())) {
            while (running) {
                Alert alert = reader.next();
                if (alert == null) {
                    pause(POLL_MS);
                    continue;
                }
                if (alert.silent()) {
                    reader.done();
                    continue;
                }
                if (outbox.lastSeq() - alert.seq() >= capacity) {
                    skipped.incrementAndGet();
                    LOG.warn("{}: {} alerts behind (outboxCapacity {}): skipped alert {} [{}] {}", channel.name(),
                            outbox.lastSeq() - alert.seq(), capacity, alert.seq(), alert.kind(), alert.text());
                    reader.done();
                    continue;
                }
                if (!deliver(alert)) {
                    reader.release(); // stopped mid-way: sent again after the restart
                    break;
                }
                reader.done();
            }
        } catch (RuntimeException e) {
            LOG.error("{}: sender failed; alerts stay in the outbox for the next start", channel.name(), e);
        }
    }

    /** @return false if stopped before the alert was delivered or given up */
    private boolean deliver(Alert alert) {
        for (int attempt = 1; ; attempt++) {
            Channel.Result r = channel.send(alert);
            if (r.delivered()) {
                sent.incrementAndGet();
                LOG.info("{}: sent alert {} [{}] ({})", channel.name(), alert.seq(), alert.kind(), r.detail());
                return true;
            }
            if (!running) {
                return false;
            }
            if (!r.retryable() || attempt >= attempts) {
                givenUp.incrementAndGet();
                LOG.error("{}: gave up alert {} [{}] after {} attempt(s), last: {}; its text: {}", channel.name(),
                        alert.seq(), alert.kind(), attempt, r.detail(), alert.text());
                return true;
            }
            long waitMs = r.retryAfterMs() > 0 ? r.retryAfterMs() : backoffMs(attempt);
            retried.incrementAndGet();
            LOG.warn("{}: alert {} attempt {} of {} failed ({}); next in {} ms", channel.name(), alert.seq(), attempt,
                    attempts, r.detail(), waitMs);
            if (!pause(waitMs)) {
                return false;
            }
        }
    }

    /**
     * @param attempt the attempt that failed, 1-based
     * @return {@code backoffMs x 2^(attempt-1)}, at most {@code maxBackoffMs}
     */
    long backoffMs(int attempt) {
        long ms = backoffMs;
        for (int i = 1; i < attempt && ms < maxBackoffMs; i++) {
            ms = Math.min(maxBackoffMs, ms * 2);
        }
        return Math.min(ms, maxBackoffMs);
    }

    /**
     * Waits between attempts (real time: this thread talks to a real endpoint), in slices so that a stop is seen.
     *
     * @return false if stopped meanwhile
     */
    private boolean pause(long ms) {
        long untilNs = clock.nowNs() + ms * 1_000_000L;
        while (running) {
            long leftNs = untilNs - clock.nowNs();
            if (leftNs <= 0) {
                return true;
            }
            LockSupport.parkNanos(Math.min(leftNs, 50_000_000L));
        }
        return false;
    }

    /**
     * Stops the thread and waits up to {@code timeoutMs} for it: an alert whose HTTP call is in flight is sent once
     * the call ends, or stays in the outbox (sent again at the next start) if the wait ends first.
     */
    void stop(long timeoutMs) throws InterruptedException {
        running = false;
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
            t.join(timeoutMs);
        }
    }

    /** @return alerts delivered */
    long sent() {
        return sent.get();
    }

    /** @return alerts given up after their attempts */
    long givenUp() {
        return givenUp.get();
    }

    /** @return alerts skipped because the channel was more than outboxCapacity behind */
    long skipped() {
        return skipped.get();
    }

    /** @return attempts that failed and were tried again */
    long retried() {
        return retried.get();
    }

    /** @return the channel */
    Channel channel() {
        return channel;
    }
}
