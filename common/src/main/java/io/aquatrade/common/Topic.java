package io.aquatrade.common;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import net.openhft.chronicle.wire.Marshallable;

/**
 * A topic: one Chronicle queue named for its content, written by exactly one process, and the listener interface
 * whose method names are its message names. The instance also knows how to decode each message into a reused
 * object and dispatch it, which lets {@link TopicReader} look at a message's event time before delivering it.
 *
 * @param <L> the topic's listener interface
 */
public final class Topic<L extends ProgressListener> {
    /** Trade and quote ticks; written by market-data. */
    public static final Topic<MarketDataListener> MARKET_DATA = new Topic<>("market-data", MarketDataListener.class)
            .on("tradeTick", TradeTick::new, MarketDataListener::tradeTick)
            .on("quoteTick", QuoteTick::new, MarketDataListener::quoteTick);
    /** Closed bars; written by signal-generator. */
    public static final Topic<BarListener> BARS = new Topic<>("bars", BarListener.class)
            .on("bar", Bar::new, BarListener::bar);
    /** Strategy signals; written by signal-generator. */
    public static final Topic<SignalListener> SIGNALS = new Topic<>("signals", SignalListener.class)
            .on("signal", Signal::new, SignalListener::signal);
    /** Order commands; written by decision-engine. */
    public static final Topic<OrderListener> ORDERS = new Topic<>("orders", OrderListener.class)
            .on("submitOrder", SubmitOrder::new, OrderListener::submitOrder);
    /** Execution reports, balances and positions; written by order-router. */
    public static final Topic<ExecutionListener> EXECUTIONS = new Topic<>("executions", ExecutionListener.class)
            .on("orderAccepted", OrderAccepted::new, ExecutionListener::orderAccepted)
            .on("orderRejected", OrderRejected::new, ExecutionListener::orderRejected)
            .on("orderFilled", OrderFilled::new, ExecutionListener::orderFilled)
            .on("balanceUpdate", BalanceUpdate::new, ExecutionListener::balanceUpdate)
            .on("positionUpdate", PositionUpdate::new, ExecutionListener::positionUpdate);

    /** Every topic, in pipeline order. */
    public static final List<Topic<?>> ALL = List.of(MARKET_DATA, BARS, SIGNALS, ORDERS, EXECUTIONS);

    /** Name of the watermark message on every topic. */
    public static final String PROGRESS = "progress";

    private final String name;
    private final Class<L> listenerType;
    private final List<Entry<L, ?>> entries = new ArrayList<>();

    private Topic(String name, Class<L> listenerType) {
        this.name = name;
        this.listenerType = listenerType;
    }

    private <M extends Marshallable & Event> Topic<L> on(String event, Supplier<M> factory,
                                                        BiConsumer<L, M> dispatch) {
        entries.add(new Entry<>(event, factory, dispatch));
        return this;
    }

    /** @return the queue's directory name under the queue root, e.g. "market-data" */
    public String name() {
        return name;
    }

    /** @return the listener interface: a method writer of it writes this topic */
    public Class<L> listenerType() {
        return listenerType;
    }

    /** @return the message (event) names of this topic, without "progress" */
    public List<String> eventNames() {
        List<String> names = new ArrayList<>();
        for (Entry<L, ?> e : entries) {
            names.add(e.event);
        }
        return names;
    }

    /**
     * @param name a topic name as on the command line
     * @return the topic
     * @throws IllegalArgumentException naming the valid topics if there is none of that name
     */
    public static Topic<?> byName(String name) {
        for (Topic<?> t : ALL) {
            if (t.name.equals(name)) {
                return t;
            }
        }
        List<String> names = new ArrayList<>();
        ALL.forEach(t -> names.add(t.name));
        throw new IllegalArgumentException("unknown topic '" + name + "', expected one of " + names);
    }

    int entryCount() {
        return entries.size();
    }

    /** @return index of the entry for this event name, or -1 */
    int entryIndex(CharSequence event) {
        for (int i = 0; i < entries.size(); i++) {
            if (contentEquals(entries.get(i).event, event)) {
                return i;
            }
        }
        return -1;
    }

    Marshallable newMessage(int entry) {
        return (Marshallable) entries.get(entry).factory.get();
    }

    @SuppressWarnings("unchecked")
    void dispatch(int entry, L listener, Object message) {
        ((BiConsumer<L, Object>) entries.get(entry).dispatch).accept(listener, message);
    }

    private static boolean contentEquals(String a, CharSequence b) {
        if (a.length() != b.length()) {
            return false;
        }
        for (int i = 0; i < a.length(); i++) {
            if (a.charAt(i) != b.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return name;
    }

    private record Entry<L, M>(String event, Supplier<M> factory, BiConsumer<L, M> dispatch) {
    }
}
