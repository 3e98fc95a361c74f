package io.aquatrade.router.venue.binance;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the binance venue polls its orders over REST, given its user data stream: every {@code pollIntervalMs}
 * while the stream is down or not trusted, every {@code safetyPollMs} while it is up and healthy, and once at once
 * after each (re)subscription (events sent while no subscription was up are lost: the catch-up poll finds them).
 *
 * <p>The stream is healthy when subscribed, heard from (any frame: a message, ping or pong) within {@code
 * streamSilenceMs} while orders work, not silent, and not distrusted. A socket that answers pings does not show a
 * subscription that sends events: Binance sends an execution report of every order it takes, so an order Binance
 * took (its REST answer) whose first report has not come within {@code streamSilenceMs} shows the subscription
 * silent. It is distrusted, until its next subscription, when a safety poll finds a fill the
 * stream did not bring, or the stream shows a cumulative quantity beyond the fills it brought (a gap); either, and
 * silence, counts a fallback, makes REST polling take over and resubscribes the stream. Router thread only; times
 * are the injected clock's.
 */
final class StreamHealth {
    private static final Logger LOG = LoggerFactory.getLogger(StreamHealth.class);

    private final BinanceUserStream stream;
    private final long pollIntervalNs;
    private final long safetyPollNs;
    private final long silenceNs;
    private long lastRestNs;
    private long seenSubscriptions;
    /** Distrusted until the stream's subscription count passes this. */
    private long distrustedUpTo = -1;
    private boolean wasHealthy;
    private boolean safetyPoll;
    private boolean dueNow;
    private long fallbacks;
    /**
     * Binance orders (symbol and order id: Binance numbers orders per symbol) taken while subscribed whose first report
     * has not come yet, to {when they were taken (ns), the subscription they were taken under}.
     */
    private final java.util.Map<OrderKey, long[]> awaited = new java.util.HashMap<>();

    /**
     * @param stream         the stream, or null for none (REST polling only)
     * @param pollIntervalNs REST polling interval without a healthy stream, ns
     * @param safetyPollNs   REST polling interval with one, ns
     * @param silenceNs      silence that makes the stream unhealthy while orders work, ns
     * @param startNs        start time, UTC epoch ns
     */
    StreamHealth(BinanceUserStream stream, long pollIntervalNs, long safetyPollNs, long silenceNs, long startNs) {
        this.stream = stream;
        this.pollIntervalNs = pollIntervalNs;
        this.safetyPollNs = safetyPollNs;
        this.silenceNs = silenceNs;
        this.lastRestNs = startNs - pollIntervalNs; // the first poll is due at once
    }

    /**
     * @param nowNs          the clock, UTC epoch ns
     * @param ordersWorking  true if orders are working at Binance
     * @return true if the orders are to be polled over REST now; then call {@link #restPolled} after
     */
    boolean restDue(long nowNs, boolean ordersWorking) {
        boolean healthy = healthy(nowNs, ordersWorking);
        if (wasHealthy && !healthy) {
            OrderKey silentOrder = overdue(nowNs);
            fallback(!stream.subscribed() ? "socket down" : silentOrder != null ? "no report of " + silentOrder
                    + " " + (nowNs - awaited.get(silentOrder)[0]) / 1_000_000L + " ms after binance took it: the "
                    + "subscription is silent" : "no frame at all for " + (nowNs - stream.lastHeardNs()) / 1_000_000L
                    + " ms while orders work");
        }
        wasHealthy = healthy;
        safetyPoll = false;
        if (stream != null && stream.subscriptions() != seenSubscriptions) {
            seenSubscriptions = stream.subscriptions();
            long now = seenSubscriptions;
            awaited.values().removeIf(a -> a[1] < now); // sent before it: lost; this catch-up poll finds it
            return true; // catch up on what was sent while no subscription was up
        }
        if (dueNow) {
            return true;
        }
        if (healthy) {
            safetyPoll = nowNs - lastRestNs >= safetyPollNs;
            return safetyPoll;
        }
        return nowNs - lastRestNs >= pollIntervalNs;
    }

    /**
     * @param nowNs         when the poll was made, UTC epoch ns
     * @param newFillsFound fills the poll booked that the stream had not brought
     */
    void restPolled(long nowNs, long newFillsFound) {
        lastRestNs = nowNs;
        dueNow = false;
        if (safetyPoll && newFillsFound > 0) {
            distrust(newFillsFound + " fill(s) found by REST that the stream did not bring");
        }
        safetyPoll = false;
    }

    /**
     * Binance took an order (its REST answer): its first report is awaited on the stream while it is subscribed.
     *
     * @param orderId Binance's symbol and order id
     * @param nowNs   when the answer came, UTC epoch ns
     */
    void expect(OrderKey orderId, long nowNs) {
        if (stream != null && stream.subscribed() && stream.subscriptions() > distrustedUpTo) {
            awaited.putIfAbsent(orderId, new long[] {nowNs, stream.subscriptions()});
        }
    }

    /** The stream brought a report of this Binance order (symbol and order id). */
    void heard(OrderKey orderId) {
        awaited.remove(orderId);
    }

    /** @return a Binance order whose report is awaited longer than the silence allows, or null */
    private OrderKey overdue(long nowNs) {
        for (java.util.Map.Entry<OrderKey, long[]> e : awaited.entrySet()) {
            if (nowNs - e.getValue()[0] > silenceNs) {
                return e.getKey();
            }
        }
        return null;
    }

    /** A REST poll was cut short (the rate-limit budget): the rest of it is due at the next poll. */
    void dueAgain() {
        dueNow = true;
    }

    /** The stream showed more filled than the fills it brought: REST fetches them now. */
    void gap(OrderKey orderId) {
        distrust(orderId + " shows fills the stream did not bring");
        dueNow = true;
    }

    /** @return true while REST polling stands in for the stream */
    boolean fallenBack() {
        return !wasHealthy;
    }

    /** @return times REST polling took over from a stream that was healthy */
    long fallbacks() {
        return fallbacks;
    }

    private boolean healthy(long nowNs, boolean ordersWorking) {
        if (stream == null || !stream.subscribed() || stream.subscriptions() <= distrustedUpTo) {
            return false;
        }
        if (!awaited.isEmpty() && overdue(nowNs) != null) {
            return false;
        }
        return !ordersWorking || stream.lastHeardNs() == Long.MIN_VALUE || nowNs - stream.lastHeardNs() <= silenceNs;
    }

    private void distrust(String why) {
        if (wasHealthy) {
            fallback(why);
        }
        wasHealthy = false;
        distrustedUpTo = stream.subscriptions();
        stream.resubscribe();
    }

    private void fallback(String why) {
        fallbacks++;
        LOG.warn("binance user data stream not healthy ({}): orders polled over REST every {} ms, stream "
                + "resubscribed", why, pollIntervalNs / 1_000_000L);
        if (stream.subscribed()) {
            distrustedUpTo = stream.subscriptions();
            stream.resubscribe();
        }
    }
}
