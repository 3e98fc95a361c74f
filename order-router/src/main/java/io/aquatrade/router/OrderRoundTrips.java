package io.aquatrade.router;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.aquatrade.common.EpochClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The order round-trip time to the venue: from the moment the {@link OrderRouter} hands a new order to its
 * {@link Venue} to the venue's first answer about it (accepted, rejected or filled, whichever comes first), by the
 * router's clock, recorded into the Micrometer timer {@code aquatrade.order.rtt} (Prometheus:
 * {@code aquatrade_order_rtt_seconds}, with histogram buckets from 100 µs to 30 s for p50/p99). An order the router
 * rejects itself before the venue sees it is not timed. The paper venue answers within the call (microseconds); the
 * binance venue's answers take the REST or user-stream round trip.
 *
 * <p>Orders are not the hot path: each sent order costs one map entry until its first answer. Not thread-safe: the
 * router's thread only (the timer itself is thread-safe and read by the scrape).
 */
public final class OrderRoundTrips {
    /** Measures nothing. */
    public static final OrderRoundTrips NONE = new OrderRoundTrips(null, null);
    /**
     * Most orders remembered without an answer; reaching it forgets them all at once (a venue that never answers):
     * their round trips go unmeasured, which only the metric sees.
     */
    static final int MAX_UNANSWERED = 100_000;

    private final EpochClock clock;
    private final Timer timer;
    private final Map<String, Long> sentAtNs = new HashMap<>();

    private OrderRoundTrips(EpochClock clock, Timer timer) {
        this.clock = clock;
        this.timer = timer;
    }

    /**
     * @param registry where the timer is registered
     * @param clock    the router's clock (the wall clock in a process)
     * @return round trips recorded into {@code aquatrade.order.rtt} of the registry
     */
    public static OrderRoundTrips into(MeterRegistry registry, EpochClock clock) {
        Timer timer = Timer.builder("aquatrade.order.rtt")
                .description("order round trip to the venue: from sending a new order to the venue's first answer")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
        return new OrderRoundTrips(clock, timer);
    }

    /** The order is being handed to the venue now. */
    void sent(String clientOrderId) {
        if (timer == null) {
            return;
        }
        if (sentAtNs.size() >= MAX_UNANSWERED) {
            sentAtNs.clear();
        }
        sentAtNs.put(clientOrderId, clock.nowNs());
    }

    /** The venue answered about the order: the first answer after {@link #sent} is timed, later ones are not. */
    void answered(String clientOrderId) {
        if (timer == null) {
            return;
        }
        Long at = sentAtNs.remove(clientOrderId);
        if (at != null) {
            timer.record(Math.max(0, clock.nowNs() - at), TimeUnit.NANOSECONDS);
        }
    }

    /** @return orders sent and not answered yet */
    int unanswered() {
        return sentAtNs.size();
    }
}
