package io.aquatrade.router.venue.binance;

import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * The client order ids the binance venue sends as {@code newClientOrderId}: globally unique, and the same every time
 * the router meets the same {@code SubmitOrder}, in this run or after a restart.
 *
 * <p><b>Scheme.</b> {@code <strategy>-<queueId>-<index>}, where
 * <ul>
 *   <li>{@code <index>} is the {@code orders} topic's position of the {@code SubmitOrder} (its Chronicle queue index,
 *       unique within one queue, and read again unchanged when a restarted router replays the order, whether by its
 *       named tailer or by the restore of working orders), unsigned, base 36 (at most 13 characters);</li>
 *   <li>{@code <queueId>} identifies the queue itself: Chronicle indexes start again when the queues are wiped (two
 *       sessions on fresh queues the same day have the same indexes), so an id written once per queue, in the
 *       {@code orders} queue's own metadata file, tells them apart ({@link
 *       io.aquatrade.router.OrdersQueueId}: the UTC epoch ms at which the first router met that queue); base 36,
 *       at most 13 characters (8 for any time of this century);</li>
 *   <li>{@code <strategy>} is the strategy id for the reader's sake (uniqueness rests on the other two), each
 *       character Binance does not allow replaced by {@code _}, cut to what fits in 36 characters in all (at least
 *       8 characters are left to it).</li>
 * </ul>
 * Binance's rule for {@code newClientOrderId} is {@code ^[\.A-Z\:/a-z0-9_-]{1,36}$}
 * (binance-spot-api-docs, rest-api.md, "New order"): every id made here matches it ({@link #VALID}).
 *
 * <p>Our own client order id ({@code <strategy>-<n>}, the decision engine's) stays the id of every message on
 * {@code executions}: the venue keeps the mapping for each order it tracks, and reports under ours.
 *
 * <p>Without an {@code orders} topic (a router driven by hand, in tests), {@link #of} returns our client order id
 * unchanged. Not thread-safe: the agent thread only.
 */
public final class ClientOrderIds {
    /** Binance's rule for a client order id. */
    public static final Pattern VALID = Pattern.compile("^[\\.A-Z\\:/a-z0-9_-]{1,36}$");
    /** Binance's longest client order id. */
    public static final int MAX_LENGTH = 36;

    private LongSupplier position;
    private String queueTag;
    private long lastIndexAtStart = -1;

    /**
     * Derives ids from the {@code orders} topic from now on.
     *
     * @param position the {@code orders} topic's position of the order being delivered (read during delivery)
     * @param queueId  the {@code orders} queue's id ({@link io.aquatrade.router.OrdersQueueId}), &gt; 0
     * @throws IllegalArgumentException if {@code queueId} is not positive
     */
    public void ordersTopic(LongSupplier position, long queueId) {
        ordersTopic(position, queueId, -1);
    }

    /**
     * Derives ids from the {@code orders} topic from now on, and tells the orders an earlier run may have sent.
     *
     * @param position         the {@code orders} topic's position of the order being delivered (read during
     *                         delivery)
     * @param queueId          the {@code orders} queue's id ({@link io.aquatrade.router.OrdersQueueId}), &gt; 0
     * @param lastIndexAtStart the queue's last index when the router started; negative if it was empty, or if no
     *                         router had met the queue before (nothing on it can have been sent)
     * @throws IllegalArgumentException if {@code queueId} is not positive
     */
    public void ordersTopic(LongSupplier position, long queueId, long lastIndexAtStart) {
        if (queueId <= 0) {
            throw new IllegalArgumentException("queue id must be > 0, was " + queueId);
        }
        this.position = position;
        this.queueTag = Long.toString(queueId, 36);
        this.lastIndexAtStart = lastIndexAtStart;
    }

    /**
     * @return true if the order being delivered was on the {@code orders} queue when the router started (an earlier
     * run may have sent it, and the venue asks Binance for it first); false for one written since, or without an
     * {@code orders} topic
     */
    public boolean inQueueAtStart() {
        return position != null && lastIndexAtStart >= 0 && position.getAsLong() <= lastIndexAtStart;
    }

    /** @return true once {@link #ordersTopic} was called */
    public boolean derived() {
        return position != null;
    }

    /**
     * @param binanceClientOrderId a client order id Binance shows
     * @return true if it was derived from this {@code orders} queue ({@code ...-<queueId>-<index>}): an order of
     * ours, even if {@code executions} does not show it yet (the router stopped before writing its acceptance; its
     * {@code SubmitOrder} is delivered again and finds it by this id)
     */
    public boolean fromThisQueue(String binanceClientOrderId) {
        if (queueTag == null || binanceClientOrderId == null) {
            return false;
        }
        int tail = binanceClientOrderId.lastIndexOf('-');
        return tail > 0 && binanceClientOrderId.substring(0, tail).endsWith("-" + queueTag);
    }

    /**
     * @param strategyId    the order's strategy
     * @param clientOrderId our client order id, returned as is when no {@code orders} topic is set
     * @return the id to send to Binance for the order being delivered now
     */
    public String of(String strategyId, String clientOrderId) {
        if (position == null) {
            return clientOrderId;
        }
        return derive(strategyId, queueTag, position.getAsLong());
    }

    /**
     * The scheme itself (see the class comment).
     *
     * @param strategyId the strategy id (any characters)
     * @param queueTag   the queue id in base 36
     * @param index      the order's position on the {@code orders} topic
     * @return {@code <strategy>-<queueTag>-<index base 36>}, at most 36 characters, matching {@link #VALID}
     */
    static String derive(String strategyId, String queueTag, long index) {
        String tail = "-" + queueTag + "-" + Long.toUnsignedString(index, 36);
        int room = MAX_LENGTH - tail.length();
        StringBuilder sb = new StringBuilder(MAX_LENGTH);
        String s = strategyId == null || strategyId.isEmpty() ? "x" : strategyId;
        for (int i = 0; i < s.length() && sb.length() < room; i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
                    || c == ':' || c == '/' || c == '_' || c == '-';
            sb.append(ok ? c : '_');
        }
        return sb.append(tail).toString();
    }
}
