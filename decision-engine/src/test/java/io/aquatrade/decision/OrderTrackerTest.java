package io.aquatrade.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.OrderType;
import io.aquatrade.common.Side;
import io.aquatrade.common.SubmitOrder;
import io.aquatrade.common.TimeInForce;
import io.aquatrade.common.TradeTick;
import io.aquatrade.common.testing.SampleData;
import io.aquatrade.decision.OrderTracker.FillResult;
import io.aquatrade.decision.OrderTracker.Order;
import io.aquatrade.decision.OrderTracker.State;
import org.junit.jupiter.api.Test;

/**
 * The order tracker on orders placed at the times and filled at the prices of real XRP/ETH trades (data/sample):
 * states, fill deduplication, timeouts on the router's progress and the bounded memory of final orders. Time only
 * moves when the test says so.
 */
class OrderTrackerTest {
    static final List<TradeTick> TRADES = SampleData.xrpEthTrades();
    static final long MS = 1_000_000L;

    final OrderTracker<String> tracker = new OrderTracker<>(30_000, 3, 60_000);
    final List<Order<String>> timedOut = new ArrayList<>();

    static SubmitOrder buy(String id, long quantity, int trade) {
        return new SubmitOrder().clientOrderId(id).strategyId("s").instrument("XRPETH").side(Side.BUY)
                .orderType(OrderType.MARKET).timeInForce(TimeInForce.IOC).quantity(quantity).signalId(1)
                .reason("signal").eventTimeNs(TRADES.get(trade).eventTimeNs());
    }

    Order<String> track(SubmitOrder o) {
        return tracker.track(o.clientOrderId(), o.side(), o.quantity(), o.signalId(), o.eventTimeNs(), "ctx");
    }

    /** A fill of {@code quantity} at the price of trade {@code trade}, with that trade's id. */
    static OrderFilled fill(SubmitOrder o, long quantity, int trade, boolean last) {
        return RouterLikeFills.fillAt(o, TRADES.get(trade).price(), quantity, 10,
                Long.toString(TRADES.get(trade).tradeId()), last);
    }

    @Test
    void anOrderGoesFromPendingThroughAcceptedAndPartiallyFilledToFilled() {
        SubmitOrder o = buy("s-1", 354, 23);
        Order<String> t = track(o);
        assertThat(t.state()).isEqualTo(State.PENDING_NEW);
        assertThat(tracker.openCount()).isEqualTo(1);
        assertThat(t.attachment()).isEqualTo("ctx");

        assertThat(tracker.accepted("s-1")).isSameAs(t);
        assertThat(t.state()).isEqualTo(State.ACCEPTED);

        // 100 of 354 at trade #24's price, then the remaining 254 at #25's
        assertThat(tracker.fill(t, fill(o, 100, 24, false))).isEqualTo(FillResult.APPLIED);
        assertThat(t.state()).isEqualTo(State.PARTIALLY_FILLED);
        assertThat(t.filledQuantity()).isEqualTo(100);
        assertThat(t.openQuantity()).isEqualTo(254);
        assertThat(t.lastFillPrice()).isEqualTo(141331);

        assertThat(tracker.fill(t, fill(o, 254, 25, true))).isEqualTo(FillResult.COMPLETED);
        assertThat(t.state()).isEqualTo(State.FILLED);
        assertThat(t.filledQuantity()).isEqualTo(354);
        assertThat(t.openQuantity()).isZero();
        assertThat(t.lastFillPrice()).isEqualTo(141469);
        assertThat(t.finalTimeNs()).isEqualTo(o.eventTimeNs());
        assertThat(tracker.openCount()).isZero();
        assertThat(tracker.get("s-1")).isSameAs(t); // kept for deduplication
    }

    @Test
    void aFillMetTwiceIsReportedDuplicateAndCountedOnce() {
        SubmitOrder o = buy("s-1", 354, 23);
        Order<String> t = track(o);
        OrderFilled first = fill(o, 100, 24, false);
        assertThat(tracker.fill(t, first)).isEqualTo(FillResult.APPLIED);
        assertThat(tracker.fill(t, first)).isEqualTo(FillResult.DUPLICATE);
        assertThat(t.filledQuantity()).isEqualTo(100);
        // same trade id, last flag or not: still the same fill
        assertThat(tracker.fill(t, fill(o, 100, 24, true))).isEqualTo(FillResult.DUPLICATE);
        assertThat(t.state()).isEqualTo(State.PARTIALLY_FILLED);
        // a fill without a trade id is keyed by its time, price and quantity
        OrderFilled noId = fill(o, 254, 25, true).tradeId(null);
        assertThat(tracker.fill(t, noId)).isEqualTo(FillResult.COMPLETED);
        assertThat(tracker.fill(t, noId)).isEqualTo(FillResult.DUPLICATE);
        assertThat(t.filledQuantity()).isEqualTo(354);
    }

    @Test
    void rejectedCanceledAndExpiredAreFinalAndOnlyTheFirstEndCounts() {
        track(buy("s-1", 354, 23));
        SubmitOrder o2 = buy("s-2", 10, 24);
        Order<String> t2 = track(o2);
        track(buy("s-3", 10, 25));

        assertThat(tracker.end("s-1", State.REJECTED, 1).state()).isEqualTo(State.REJECTED);
        assertThat(tracker.end("s-1", State.CANCELED, 2)).isNull(); // already final
        assertThat(tracker.fill(t2, fill(o2, 4, 24, false))).isEqualTo(FillResult.APPLIED);
        assertThat(tracker.end("s-2", State.CANCELED, 3)).isSameAs(t2);
        assertThat(t2.state()).isEqualTo(State.CANCELED);
        assertThat(t2.filledQuantity()).isEqualTo(4); // what it filled stays filled
        // a fill racing the cancel is still reported to be booked
        assertThat(tracker.fill(t2, fill(o2, 6, 25, true))).isEqualTo(FillResult.LATE);
        assertThat(t2.state()).isEqualTo(State.CANCELED);
        assertThat(tracker.end("s-3", State.EXPIRED, 4).state()).isEqualTo(State.EXPIRED);
        assertThat(tracker.end("nobody-1", State.EXPIRED, 4)).isNull();
        assertThat(tracker.openCount()).isZero();
        assertThatThrownBy(() -> tracker.end("s-3", State.FILLED, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> track(buy("s-3", 1, 26))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anOrderNeverAnsweredTimesOutOnceTheRouterReadTheTimeoutPastIt() {
        SubmitOrder o1 = buy("s-1", 354, 23); // 00:04:50.867
        Order<String> t1 = track(o1);
        long sent = o1.eventTimeNs();
        SubmitOrder o2 = buy("s-2", 10, 24);
        Order<String> t2 = track(o2);
        tracker.accepted("s-2"); // answered: never times out, however long it rests

        tracker.expire(sent + 30_000 * MS, sent + 30_000 * MS, timedOut::add); // exactly 30 s: not yet
        assertThat(timedOut).isEmpty();
        assertThat(t1.state()).isEqualTo(State.PENDING_NEW);

        tracker.expire(sent + 30_000 * MS + 1, sent + 30_000 * MS + 1, timedOut::add);
        assertThat(timedOut).containsExactly(t1);
        assertThat(t1.state()).isEqualTo(State.TIMED_OUT);
        assertThat(t1.finalTimeNs()).isEqualTo(sent + 30_000 * MS + 1);
        assertThat(t1.openQuantity()).isZero();
        assertThat(tracker.timedOut()).isEqualTo(1);
        assertThat(tracker.openCount()).isEqualTo(1);

        tracker.expire(o2.eventTimeNs() + 50_000 * MS, o2.eventTimeNs() + 50_000 * MS, timedOut::add);
        tracker.advance(o2.eventTimeNs() + 50_000 * MS); // s-1 final for < 60 s: still kept
        assertThat(timedOut).containsExactly(t1);
        assertThat(t2.state()).isEqualTo(State.ACCEPTED);

        // the venue answers after all: the fill is still to be booked, the state stays
        assertThat(tracker.accepted("s-1")).isSameAs(t1);
        assertThat(tracker.fill(t1, fill(o1, 354, 24, true))).isEqualTo(FillResult.LATE);
        assertThat(t1.state()).isEqualTo(State.TIMED_OUT);
        assertThat(tracker.lateExecutions()).isEqualTo(2);
    }

    /** Event time alone (market data, signals, fills of other orders) never times an order out. */
    @Test
    void eventTimeAloneNeverTimesAnOrderOut() {
        SubmitOrder o1 = buy("s-1", 354, 23);
        Order<String> t1 = track(o1);
        tracker.advance(o1.eventTimeNs() + 3_600_000 * MS); // an hour of market data, the router silent
        assertThat(t1.state()).isEqualTo(State.PENDING_NEW);
        assertThat(tracker.openCount()).isEqualTo(1);
        assertThat(tracker.timedOut()).isZero();
    }

    /**
     * An order tracked while the router's progress is already past its event time (an engine working through a
     * backlog) gets the whole timeout from that progress, not from its older event time.
     */
    @Test
    void anOrderSentBehindTheRouterGetsTheWholeTimeoutFromTheRoutersProgress() {
        long routerNs = TRADES.get(30).eventTimeNs();
        tracker.expire(routerNs, routerNs, timedOut::add);
        SubmitOrder old = buy("s-1", 354, 23); // stamped well before the router's progress
        Order<String> t1 = track(old);
        assertThat(routerNs - old.eventTimeNs()).isGreaterThan(30_000 * MS);
        assertThat(t1.timeoutFromNs()).isEqualTo(routerNs);

        tracker.expire(routerNs + 30_000 * MS, routerNs + 30_000 * MS, timedOut::add);
        assertThat(timedOut).isEmpty();
        tracker.expire(routerNs + 30_000 * MS + 1, routerNs + 30_000 * MS + 1, timedOut::add);
        assertThat(timedOut).containsExactly(t1);
    }

    /** The router's progress never goes back: an older one (a restarted router's first) changes nothing. */
    @Test
    void anOlderRouterProgressChangesNothing() {
        SubmitOrder o1 = buy("s-1", 354, 23);
        track(o1);
        tracker.expire(o1.eventTimeNs() + 10_000 * MS, o1.eventTimeNs(), timedOut::add);
        tracker.expire(o1.eventTimeNs() - 10_000 * MS, o1.eventTimeNs(), timedOut::add);
        assertThat(tracker.routerNs()).isEqualTo(o1.eventTimeNs() + 10_000 * MS);
        assertThat(timedOut).isEmpty();
    }

    @Test
    void finalOrdersAreForgottenBeyondTheBoundOnNumberOrTime() {
        for (int i = 1; i <= 5; i++) {
            SubmitOrder o = buy("s-" + i, 1, 20 + i);
            tracker.fill(track(o), fill(o, 1, 20 + i, true));
        }
        // kept: 3 -> s-1 and s-2 forgotten
        assertThat(tracker.size()).isEqualTo(3);
        assertThat(tracker.forgotten()).isEqualTo(2);
        assertThat(tracker.get("s-1")).isNull();
        assertThat(tracker.get("s-3")).isNotNull();

        // an open order is never forgotten; final ones go 60 s (event time) after they ended
        SubmitOrder open = buy("s-6", 1, 30);
        track(open);
        tracker.accepted("s-6");
        long lastEnd = TRADES.get(25).eventTimeNs();
        tracker.advance(lastEnd + 60_000 * MS);
        assertThat(tracker.get("s-5")).isNotNull();
        tracker.advance(lastEnd + 60_000 * MS + 1);
        assertThat(tracker.get("s-5")).isNull();
        assertThat(tracker.size()).isEqualTo(1);
        assertThat(tracker.get("s-6").state()).isEqualTo(State.ACCEPTED);
        assertThat(tracker.forgotten()).isEqualTo(5);
    }

    @Test
    void memoryStaysFlatOverManyOrders() {
        OrderTracker<String> t = new OrderTracker<>(30_000, 100, 86_400_000);
        long timeNs = TRADES.get(0).eventTimeNs();
        for (int i = 1; i <= 100_000; i++) {
            SubmitOrder o = buy("s-" + i, 1, 0).eventTimeNs(timeNs);
            OrderTracker.Order<String> order = t.track(o.clientOrderId(), o.side(), 1, i, timeNs, "x");
            t.fill(order, RouterLikeFills.fillAt(o, TRADES.get(0).price(), 1, 10, "t" + i, true));
            timeNs += 60_000 * MS; // one order a minute: 100,000 minutes is ~69 days
            t.advance(timeNs);
            t.expire(timeNs, timeNs, timedOut::add);
        }
        assertThat(t.size()).isLessThanOrEqualTo(100);
        assertThat(t.forgotten()).isGreaterThanOrEqualTo(99_900);
        assertThat(timedOut).isEmpty();
    }

    @Test
    void anOrderMetOnlyThroughItsFillsIsRememberedButNeverOpen() {
        SubmitOrder o = buy("other-7", 354, 23);
        Order<String> t = tracker.adopt("other-7", Side.BUY, o.eventTimeNs(), "ctx");
        assertThat(t.adopted()).isTrue();
        assertThat(tracker.openCount()).isZero();
        assertThat(tracker.fill(t, fill(o, 100, 24, false))).isEqualTo(FillResult.LATE);
        assertThat(tracker.fill(t, fill(o, 100, 24, false))).isEqualTo(FillResult.DUPLICATE);
        assertThat(t.state()).isEqualTo(State.PARTIALLY_FILLED);
        assertThat(tracker.fill(t, fill(o, 254, 25, true))).isEqualTo(FillResult.LATE);
        assertThat(t.state()).isEqualTo(State.FILLED);
        assertThat(t.filledQuantity()).isEqualTo(354);
        // never timed out, forgotten like a final order
        tracker.advance(o.eventTimeNs() + 60_000 * MS + 1);
        tracker.expire(o.eventTimeNs() + 60_000 * MS + 1, o.eventTimeNs() + 60_000 * MS + 1, timedOut::add);
        assertThat(timedOut).isEmpty();
        assertThat(tracker.get("other-7")).isNull();
    }

    @Test
    void boundsMustBePositive() {
        assertThatThrownBy(() -> new OrderTracker<String>(0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OrderTracker<String>(1, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OrderTracker<String>(1, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
