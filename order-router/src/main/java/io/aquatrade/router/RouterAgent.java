package io.aquatrade.router;

import java.util.HashSet;
import java.util.Set;

import io.aquatrade.common.Agent;
import io.aquatrade.common.EpochClock;
import io.aquatrade.common.ExecutionListener;
import io.aquatrade.common.MarketDataListener;
import io.aquatrade.common.OrderListener;
import io.aquatrade.common.ProgressPublisher;
import io.aquatrade.common.QueueRoot;
import io.aquatrade.common.QuoteTick;
import io.aquatrade.common.Sequencer;
import io.aquatrade.common.Topic;
import io.aquatrade.common.TopicReader;
import io.aquatrade.common.TradeTick;
import net.openhft.chronicle.queue.ExcerptTailer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The order router's duty cycle, and the only class of the process that touches queues. It reads
 * {@code market-data} and {@code orders} through named tailers {@value #TAILER}; each pass is one {@link RouterCycle}
 * pass (the inputs, their priority, watermarks and end of stream, shared with the backtest).
 *
 * <p>Restart safety, done in the constructor before the first pass:
 * <ol>
 *   <li>the router's own {@code executions} topic is read from its start (an anonymous reader) into
 *       {@link OrderRouter#recovery()}: balances, positions, the seen client order ids and the venue's order counter
 *       are rebuilt, so an order replayed on {@code orders} is not executed again;</li>
 *   <li>a restored stop that had filled nothing is triggered again if a trade the router had consumed since it
 *       reached the book reached its trigger (read backwards from the named tailer's position, back to the earliest
 *       such stop), so a STOP_LIMIT triggered without a fill rests as its limit as if the router had not stopped;</li>
 *   <li>the latest trade and quote of each instrument that the router had already consumed from {@code market-data}
 *       (before the named tailer's position) are found by reading backwards from that position and fed to the
 *       router, so an order that arrives before the next tick fills at the same price as without the restart;</li>
 *   <li>{@link OrderRouter#start()} announces the starting balances only if nothing was recovered;</li>
 *   <li>the named tailers then resume where they stopped.</li>
 * </ol>
 * The backward read stops when every instrument has both a trade and a quote; with trade-only data it reads the
 * consumed part of the queue once per restart.
 *
 * <p>Not thread-safe: construct it and run it on one thread (Chronicle tailers and appenders belong to their thread).
 */
public final class RouterAgent implements Agent {
    private static final Logger LOG = LoggerFactory.getLogger(RouterAgent.class);
    /** Process name: the named tailers' name and the progress source. */
    public static final String TAILER = "order-router";

    private final OrderRouter router;
    private final RouterCycle cycle;
    private final TopicReader<?>[] readers;
    /** The {@code orders} reader delivering now: the restore's, then the named one (the venue reads its position). */
    private TopicReader<?> ordersReader;

    /**
     * Recovers the router's state from the queues and opens its inputs.
     *
     * @param root       the queue root
     * @param router     the business class, not yet started
     * @param executions the method writer of {@code executions} the router was built with
     * @param mode       event-time (recorded data: deterministic) or arrival (live) merging
     */
    public RouterAgent(QueueRoot root, OrderRouter router, ExecutionListener executions, Sequencer.Mode mode) {
        this(root, router, executions, mode, EpochClock.system());
    }

    /**
     * Recovers the router's state from the queues and opens its inputs.
     *
     * @param root       the queue root
     * @param router     the business class, not yet started
     * @param executions the method writer of {@code executions} the router was built with
     * @param mode       event-time (recorded data: deterministic) or arrival (live) merging
     * @param clock      the process clock: read once if the {@code orders} queue has no id yet ({@link OrdersQueueId})
     */
    public RouterAgent(QueueRoot root, OrderRouter router, ExecutionListener executions, Sequencer.Mode mode,
                       EpochClock clock) {
        this.router = router;
        recoverExecutions(root, router);
        boolean metBefore = OrdersQueueId.existing(root) != 0; // else no router ever read it: nothing was sent
        router.venue().ordersTopic(() -> ordersReader.pendingPosition(), OrdersQueueId.of(root, clock),
                metBefore ? root.queue(Topic.ORDERS).lastIndex() : -1);
        restoreOrders(root, router);
        retriggerStops(root, router);
        primePrices(root, router);
        router.start();
        TopicReader<MarketDataListener> marketData = root.reader(Topic.MARKET_DATA, TAILER);
        TopicReader<OrderListener> orders = root.reader(Topic.ORDERS, TAILER);
        ordersReader = orders;
        this.readers = new TopicReader<?>[] {marketData, orders};
        this.cycle = new RouterCycle(mode, router, marketData, orders, new ProgressPublisher(TAILER, executions));
    }

    private static void recoverExecutions(QueueRoot root, OrderRouter router) {
        ExecutionListener recovery = router.recovery();
        try (TopicReader<ExecutionListener> reader = root.reader(Topic.EXECUTIONS, null)) {
            long n = 0;
            while (reader.poll(recovery) > 0) {
                n++;
            }
            if (reader.malformedCount() > 0) {
                LOG.warn("recovery skipped {} malformed messages on executions", reader.malformedCount());
            }
            LOG.info("recovery read {} messages from executions", n);
        }
    }

    /**
     * Reads the {@code orders} topic from its start (an anonymous reader) up to the named tailer's position (what
     * the router had consumed) into {@link OrderRouter#restoreOrders()}, which puts the orders still working when
     * the router stopped back at the venue.
     */
    private void restoreOrders(QueueRoot root, OrderRouter router) {
        long resumeIndex;
        ExcerptTailer named = root.queue(Topic.ORDERS).createTailer(TAILER);
        try {
            resumeIndex = named.index();
        } finally {
            named.close();
        }
        if (resumeIndex == 0) {
            return; // never read: nothing consumed, nothing working
        }
        OrderListener restore = router.restoreOrders();
        try (TopicReader<OrderListener> reader = root.reader(Topic.ORDERS, null)) {
            ordersReader = reader;
            while (reader.peek() && reader.pendingPosition() < resumeIndex) {
                reader.dispatch(restore);
            }
        }
        if (router.restoredCount() > 0) {
            LOG.info("restored {} working orders from orders", router.restoredCount());
        }
    }

    /**
     * Feeds the venue the trades the router had consumed since the earliest restored stop that filled nothing reached
     * the book ({@link Venue#untriggeredStopsSinceNs()}), read backwards from the named tailer's position, so that a
     * stop triggered before the restart without a fill (a STOP_LIMIT resting as its limit) is triggered again
     * ({@link Venue#retrigger}). Reads nothing if no such stop was restored.
     */
    private static void retriggerStops(QueueRoot root, OrderRouter router) {
        Venue venue = router.venue();
        long sinceNs = venue.untriggeredStopsSinceNs();
        if (sinceNs == Long.MAX_VALUE) {
            return;
        }
        boolean[] before = new boolean[1];
        MarketDataListener feed = new MarketDataListener() {
            @Override
            public void tradeTick(TradeTick trade) {
                if (trade.eventTimeNs() <= sinceNs) {
                    before[0] = true; // no restored stop was in the book yet
                } else if (trade.instrument() != null) {
                    venue.retrigger(trade);
                }
            }

            @Override
            public void quoteTick(QuoteTick quote) {
            }
        };
        long scanned = root.readConsumedBackwards(Topic.MARKET_DATA, TAILER, feed, () -> !before[0]);
        LOG.info("stop recovery read {} consumed market-data messages back; restored stops still untriggered: {}",
                scanned, venue.untriggeredStopsSinceNs() == Long.MAX_VALUE ? "none" : "some");
    }

    /**
     * Feeds the router the latest trade and quote per instrument among the market-data messages its named tailer
     * already consumed, read backwards from the tailer's position.
     */
    private static void primePrices(QueueRoot root, OrderRouter router) {
        int instruments = router.prices().instrumentCount();
        Set<String> traded = new HashSet<>();
        Set<String> quoted = new HashSet<>();
        MarketDataListener prime = new MarketDataListener() {
            @Override
            public void tradeTick(TradeTick trade) {
                if (trade.instrument() != null && !traded.contains(trade.instrument())
                        && router.prices().onTrade(trade)) {
                    traded.add(trade.instrument());
                }
            }

            @Override
            public void quoteTick(QuoteTick quote) {
                if (quote.instrument() != null && !quoted.contains(quote.instrument())
                        && router.prices().onQuote(quote)) {
                    quoted.add(quote.instrument());
                }
            }
        };
        long scanned = root.readConsumedBackwards(Topic.MARKET_DATA, TAILER, prime,
                () -> traded.size() < instruments || quoted.size() < instruments);
        LOG.info("price recovery read {} consumed market-data messages back: last trade of {}, quote of {}",
                scanned, traded, quoted);
    }

    @Override
    public int doWork() {
        boolean endedBefore = cycle.ended();
        int n = cycle.doWork();
        if (!endedBefore && cycle.ended()) {
            LOG.info("inputs ended: end of stream written on executions at {}; filled {}, rejected {}, "
                            + "duplicates {}, malformed input {}", router.lastOutputTimeNs(), router.filledCount(),
                    router.rejectedCount(), router.duplicateCount(),
                    router.malformedCount() + cycle.malformedCount());
        }
        return n;
    }

    /** @return true once the end-of-stream mark was written on executions */
    public boolean ended() {
        return cycle.ended();
    }

    @Override
    public void onClose() {
        for (TopicReader<?> r : readers) {
            r.close();
        }
    }

    @Override
    public String roleName() {
        return TAILER;
    }
}
