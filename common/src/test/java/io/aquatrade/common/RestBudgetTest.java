package io.aquatrade.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The rate-limit budget on a hand-advanced clock, with Binance's headers as it sends them. */
class RestBudgetTest {
    /** 2023-11-14T22:13:20Z: 20 s into a minute. */
    private final AtomicLong nowNs = new AtomicLong(1_700_000_000_000_000_000L);
    private final RestBudget budget = new RestBudget("test", nowNs::get);

    RestBudgetTest() {
        budget.limits(List.of(new RestBudget.Limit(RestBudget.Kind.REQUEST_WEIGHT, 1, "MINUTE", 6000),
                new RestBudget.Limit(RestBudget.Kind.ORDERS, 10, "SECOND", 100),
                new RestBudget.Limit(RestBudget.Kind.ORDERS, 1, "DAY", 200000)));
    }

    private static Map<String, List<String>> headers(String... kv) {
        Map<String, List<String>> h = new HashMap<>();
        h.put(null, List.of("HTTP/1.1 200 OK"));
        for (int i = 0; i < kv.length; i += 2) {
            h.put(kv[i], List.of(kv[i + 1]));
        }
        return h;
    }

    @Test
    void theUsageHeadersSetEachIntervalsUseAndANewIntervalStartsFromZero() {
        budget.observe(200, headers("x-mbx-used-weight-1m", "5390", "X-MBX-ORDER-COUNT-10S", "7",
                "X-MBX-ORDER-COUNT-1D", "1234"));
        assertThat(budget.used(RestBudget.Kind.REQUEST_WEIGHT, "1M")).isEqualTo(5390);
        assertThat(budget.used(RestBudget.Kind.ORDERS, "10S")).isEqualTo(7);
        assertThat(budget.used(RestBudget.Kind.ORDERS, "1D")).isEqualTo(1234);
        // 90 % of 6000 is 5400: 10 more fit, 11 do not
        assertThat(budget.tryAcquire(10, 0)).isTrue();
        assertThat(budget.tryAcquire(11, 0)).isFalse();
        assertThat(budget.deferred()).isEqualTo(1);
        // 40 s later the minute (and the 10 s window) turned: fresh, the day's count stays
        nowNs.addAndGet(40_000_000_000L);
        assertThat(budget.used(RestBudget.Kind.REQUEST_WEIGHT, "1M")).isZero();
        assertThat(budget.used(RestBudget.Kind.ORDERS, "10S")).isZero();
        assertThat(budget.used(RestBudget.Kind.ORDERS, "1D")).isEqualTo(1234);
        assertThat(budget.tryAcquire(11, 1)).isTrue();
    }

    @Test
    void theOrderCountBudgetHoldsOrdersBackButNotOtherRequests() {
        budget.observe(200, headers("X-MBX-ORDER-COUNT-10S", "90"));
        assertThat(budget.tryAcquire(1, 1)).isFalse(); // 91 > 90
        assertThat(budget.tryAcquire(4, 0)).isTrue();
    }

    @Test
    void a429StopsRequestsForRetryAfterAnd418BansForItsRetryAfter() {
        budget.observe(429, headers("Retry-After", "2", "X-MBX-USED-WEIGHT-1M", "6001"));
        assertThat(budget.http429()).isEqualTo(1);
        assertThat(budget.banned()).isFalse();
        assertThat(budget.tryAcquire(0, 0)).isFalse();
        nowNs.addAndGet(1_999_999_999L);
        assertThat(budget.tryAcquire(0, 0)).isFalse();
        nowNs.addAndGet(1);
        assertThat(budget.tryAcquire(0, 0)).isTrue();

        budget.observe(418, headers("Retry-After", "120"));
        assertThat(budget.banned()).isTrue();
        assertThat(budget.blockedUntilNs()).isEqualTo(nowNs.get() + 120_000_000_000L);
        nowNs.addAndGet(120_000_000_000L);
        assertThat(budget.banned()).isFalse();
        assertThat(budget.tryAcquire(1, 0)).isTrue();
    }

    @Test
    void aRetryAfterMissingIsTakenAsAMinute() {
        budget.observe(429, headers());
        assertThat(budget.blockedUntilNs()).isEqualTo(nowNs.get() + 60_000_000_000L);
    }

    @Test
    void theTapReadsTheStatusLine() {
        assertThat(RestHeaderTap.status(headers())).isEqualTo(200);
        Map<String, List<String>> h = headers();
        h.put(null, List.of("HTTP/1.1 418 I'm a teapot"));
        assertThat(RestHeaderTap.status(h)).isEqualTo(418);
    }
}
