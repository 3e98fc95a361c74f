package io.aquatrade.common;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

import net.openhft.chronicle.wire.Marshallable;

/**
 * A topic: one Chronicle queue named for its content, written by exactly one process, and the listener interface
 * whose method names are its message names. The instance also knows how to decode each message into a reused
 * object and dispatch it, which lets {@link TopicReader} look at a message's event time before delivering it; and,
 * for {@link MemoryTopic}, how to copy each message into a pooled slot and how to make a writer of the listener.
 *
 * @param <L> the topic's listener interface
 */
public final class Topic<L extends ProgressListener> {
    /** Trade and quote ticks; written by market-data. */
    public static final Topic<MarketDataListener> MARKET_DATA = new Topic<>("market-data", MarketDataListener.class)
            .on("tradeTick", TradeTick::new, MessageCopies::copy,
                    TradeTick::eventTimeNs, TradeTick::reset, TradeTick::validate)
            .on("quoteTick", QuoteTick::new, MessageCopies::copy,
                    QuoteTick::eventTimeNs, QuoteTick::reset, QuoteTick::validate)
            .binder(l -> (entry, m) -> {
                switch (entry) {
                    case 0 -> l.tradeTick((TradeTick) m);
                    case 1 -> l.quoteTick((QuoteTick) m);
                    default -> throw new IllegalArgumentException("no market-data entry " + entry);
                }
            })
            .memoryWriter(t -> new MarketDataListener() {
                @Override
                public void tradeTick(TradeTick tick) {
                    t.write(0, tick);
                }

                @Override
                public void quoteTick(QuoteTick quote) {
                    t.write(1, quote);
                }

                @Override
                public void progress(Progress progress) {
                    t.progress(progress);
                }
            });
    /** Closed bars; written by signal-generator. */
    public static final Topic<BarListener> BARS = new Topic<>("bars", BarListener.class)
            .on("bar", Bar::new, MessageCopies::copy,
                    Bar::eventTimeNs, Bar::reset, Bar::validate)
            .binder(l -> (entry, m) -> {
                switch (entry) {
                    case 0 -> l.bar((Bar) m);
                    default -> throw new IllegalArgumentException("no bars entry " + entry);
                }
            })
            .memoryWriter(t -> new BarListener() {
                @Override
                public void bar(Bar bar) {
                    t.write(0, bar);
                }

                @Override
                public void progress(Progress progress) {
                    t.progress(progress);
                }
            });
    /** Strategy signals; written by signal-generator. */
    public static final Topic<SignalListener> SIGNALS = new Topic<>("signals", SignalListener.class)
            .on("signal", Signal::new, MessageCopies::copy,
                    Signal::eventTimeNs, Signal::reset, Signal::validate)
            .binder(l -> (entry, m) -> {
                switch (entry) {
                    case 0 -> l.signal((Signal) m);
                    default -> throw new IllegalArgumentException("no signals entry " + entry);
                }
            })
            .memoryWriter(t -> new SignalListener() {
                @Override
                public void signal(Signal signal) {
                    t.write(0, signal);
                }

                @Override
                public void progress(Progress progress) {
                    t.progress(progress);
                }
            });
    /** Order commands; written by decision-engine. */
    public static final Topic<OrderListener> ORDERS = new Topic<>("orders", OrderListener.class)
            .on("submitOrder", SubmitOrder::new, MessageCopies::copy,
                    SubmitOrder::eventTimeNs, SubmitOrder::reset, SubmitOrder::validate)
            .on("cancelOrder", CancelOrder::new, MessageCopies::copy,
                    CancelOrder::eventTimeNs, CancelOrder::reset, CancelOrder::validate)
            .on("orderDenied", OrderDenied::new, MessageCopies::copy,
                    OrderDenied::eventTimeNs, OrderDenied::reset, OrderDenied::validate)
            .binder(l -> (entry, m) -> {
                switch (entry) {
                    case 0 -> l.submitOrder((SubmitOrder) m);
                    case 1 -> l.cancelOrder((CancelOrder) m);
                    case 2 -> l.orderDenied((OrderDenied) m);
                    default -> throw new IllegalArgumentException("no orders entry " + entry);
                }
            })
            .memoryWriter(t -> new OrderListener() {
                @Override
                public void submitOrder(SubmitOrder order) {
                    t.write(0, order);
                }

                @Override
                public void cancelOrder(CancelOrder cancel) {
                    t.write(1, cancel);
                }

                @Override
                public void orderDenied(OrderDenied denied) {
                    t.write(2, denied);
                }

                @Override
                public void progress(Progress progress) {
                    t.progress(progress);
                }
            });
    /** Execution reports, balances and positions; written by order-router. */
    public static final Topic<ExecutionListener> EXECUTIONS = new Topic<>("executions", ExecutionListener.class)
            .on("orderAccepted", OrderAccepted::new, MessageCopies::copy,
                    OrderAccepted::eventTimeNs, OrderAccepted::reset, OrderAccepted::validate)
            .on("orderRejected", OrderRejected::new, MessageCopies::copy,
                    OrderRejected::eventTimeNs, OrderRejected::reset, OrderRejected::validate)
            .on("orderFilled", OrderFilled::new, MessageCopies::copy,
                    OrderFilled::eventTimeNs, OrderFilled::reset, OrderFilled::validate)
            .on("balanceUpdate", BalanceUpdate::new, MessageCopies::copy,
                    BalanceUpdate::eventTimeNs, BalanceUpdate::reset, BalanceUpdate::validate)
            .on("positionUpdate", PositionUpdate::new, MessageCopies::copy,
                    PositionUpdate::eventTimeNs, PositionUpdate::reset, PositionUpdate::validate)
            .on("orderCanceled", OrderCanceled::new, MessageCopies::copy,
                    OrderCanceled::eventTimeNs, OrderCanceled::reset, OrderCanceled::validate)
            .on("orderExpired", OrderExpired::new, MessageCopies::copy,
                    OrderExpired::eventTimeNs, OrderExpired::reset, OrderExpired::validate)
            .on("cancelRejected", CancelRejected::new, MessageCopies::copy,
                    CancelRejected::eventTimeNs, CancelRejected::reset, CancelRejected::validate)
            .on("reconciliation", ReconciliationStatus::new, MessageCopies::copy,
                    ReconciliationStatus::eventTimeNs, ReconciliationStatus::reset, ReconciliationStatus::validate)
            .on("rateLimit", RateLimitStatus::new, MessageCopies::copy,
                    RateLimitStatus::eventTimeNs, RateLimitStatus::reset, RateLimitStatus::validate)
            .binder(l -> (entry, m) -> {
                switch (entry) {
                    case 0 -> l.orderAccepted((OrderAccepted) m);
                    case 1 -> l.orderRejected((OrderRejected) m);
                    case 2 -> l.orderFilled((OrderFilled) m);
                    case 3 -> l.balanceUpdate((BalanceUpdate) m);
                    case 4 -> l.positionUpdate((PositionUpdate) m);
                    case 5 -> l.orderCanceled((OrderCanceled) m);
                    case 6 -> l.orderExpired((OrderExpired) m);
                    case 7 -> l.cancelRejected((CancelRejected) m);
                    case 8 -> l.reconciliation((ReconciliationStatus) m);
                    case 9 -> l.rateLimit((RateLimitStatus) m);
                    default -> throw new IllegalArgumentException("no executions entry " + entry);
                }
            })
            .memoryWriter(t -> new ExecutionListener() {
                @Override
                public void orderAccepted(OrderAccepted m) {
                    t.write(0, m);
                }

                @Override
                public void orderRejected(OrderRejected m) {
                    t.write(1, m);
                }

                @Override
                public void orderFilled(OrderFilled m) {
                    t.write(2, m);
                }

                @Override
                public void balanceUpdate(BalanceUpdate m) {
                    t.write(3, m);
                }

                @Override
                public void positionUpdate(PositionUpdate m) {
                    t.write(4, m);
                }

                @Override
                public void orderCanceled(OrderCanceled m) {
                    t.write(5, m);
                }

                @Override
                public void orderExpired(OrderExpired m) {
                    t.write(6, m);
                }

                @Override
                public void cancelRejected(CancelRejected m) {
                    t.write(7, m);
                }

                @Override
                public void reconciliation(ReconciliationStatus m) {
                    t.write(8, m);
                }

                @Override
                public void rateLimit(RateLimitStatus m) {
                    t.write(9, m);
                }

                @Override
                public void progress(Progress progress) {
                    t.progress(progress);
                }
            });

    /**
     * Operator switches ({@link KillSwitch}); written by {@code bin/aquatrade kill-switch}, the topic's one writer.
     * It never ends its stream: it is not part of the pipeline ({@link #PIPELINE}).
     */
    public static final Topic<ControlListener> CONTROL = new Topic<>("control", ControlListener.class)
            .on("killSwitch", KillSwitch::new, MessageCopies::copy,
                    KillSwitch::eventTimeNs, KillSwitch::reset, KillSwitch::validate)
            .binder(l -> (entry, m) -> {
                switch (entry) {
                    case 0 -> l.killSwitch((KillSwitch) m);
                    default -> throw new IllegalArgumentException("no control entry " + entry);
                }
            })
            .memoryWriter(t -> new ControlListener() {
                @Override
                public void killSwitch(KillSwitch m) {
                    t.write(0, m);
                }

                @Override
                public void progress(Progress progress) {
                    t.progress(progress);
                }
            });

    /** The topics a replay flows through, in pipeline order: each ends its stream when the replay has drained. */
    public static final List<Topic<?>> PIPELINE = List.of(MARKET_DATA, BARS, SIGNALS, ORDERS, EXECUTIONS);

    /** Every topic: the pipeline's, then {@code control}. */
    public static final List<Topic<?>> ALL = List.of(MARKET_DATA, BARS, SIGNALS, ORDERS, EXECUTIONS, CONTROL);

    /** Name of the watermark message on every topic. */
    public static final String PROGRESS = "progress";

    private final String name;
    private final Class<L> listenerType;
    /** The registered messages, in registration order: index = entry. */
    private Entry[] entries = new Entry[0];
    private Function<MemoryTopic<L>, L> memoryWriter;
    /** Binds a listener: its calls hold the listener with its own interface type, so no cast per message. */
    private Function<L, Binding> binder;

    private Topic(String name, Class<L> listenerType) {
        this.name = name;
        this.listenerType = listenerType;
    }

    /**
     * Registers a message. The functions name the message's concrete class (e.g. {@code TradeTick::eventTimeNs}), so
     * the hot path never casts a message to an interface: on JDK 17 a cast of one class to several interfaces in turn
     * misses HotSpot's one-entry secondary-supers cache every time and scans the class's interfaces (JDK-8180450).
     */
    private <M extends Marshallable & Event> Topic<L> on(String event, Supplier<M> factory, BiConsumer<M, M> copy,
                                                        ToLongFunction<M> eventTime, Consumer<M> reset,
                                                        Consumer<M> validate) {
        entries = Arrays.copyOf(entries, entries.length + 1);
        entries[entries.length - 1] = new Entry(event, factory.get().getClass(), factory, copy, eventTime, reset,
                validate);
        return this;
    }

    /**
     * Sets how an in-memory topic's writer is made: an implementation of the listener whose every method writes its
     * argument as the entry of the same name (index in registration order), and whose {@code progress} writes the
     * watermark.
     */
    private Topic<L> memoryWriter(Function<MemoryTopic<L>, L> factory) {
        this.memoryWriter = factory;
        return this;
    }

    L newMemoryWriter(MemoryTopic<L> topic) {
        return memoryWriter.apply(topic);
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
        for (Entry e : entries) {
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
        return entries.length;
    }

    /** @return index of the entry for this event name, or -1 */
    int entryIndex(CharSequence event) {
        for (int i = 0; i < entries.length; i++) {
            if (contentEquals(entries[i].event, event)) {
                return i;
            }
        }
        return -1;
    }

    /** @return the message class of the entry */
    Class<?> messageType(int entry) {
        return entries[entry].type;
    }

    Marshallable newMessage(int entry) {
        return (Marshallable) entries[entry].factory.get();
    }

    /** @return the event time of a message of the entry's class, UTC epoch ns */
    @SuppressWarnings("unchecked")
    long eventTimeNs(int entry, Object message) {
        return ((ToLongFunction<Object>) entries[entry].eventTime).applyAsLong(message);
    }

    /** Clears every field of a message of the entry's class. */
    @SuppressWarnings("unchecked")
    void reset(int entry, Object message) {
        ((Consumer<Object>) entries[entry].reset).accept(message);
    }

    /**
     * Checks a message of the entry's class as Chronicle does on write.
     *
     * @throws net.openhft.chronicle.core.io.InvalidMarshallableException naming the broken invariant
     */
    @SuppressWarnings("unchecked")
    void validate(int entry, Object message) {
        ((Consumer<Object>) entries[entry].validate).accept(message);
    }

    /** Copies every field of message {@code from} into {@code to}, both of the entry's class. */
    @SuppressWarnings("unchecked")
    void copy(int entry, Object from, Object to) {
        ((BiConsumer<Object, Object>) entries[entry].copy).accept(from, to);
    }

    /**
     * Delivers a message of the entry's class to the listener's method of the entry's name. (Readers bind their
     * listener once, see {@link #bind}; this binds it for one call.)
     */
    void dispatch(int entry, L listener, Object message) {
        bind(listener).dispatch(entry, message);
    }

    /**
     * @return the listener bound to this topic's messages: {@code dispatch(entry, message)} calls the listener's
     * method of the entry's name with the message (of the entry's class)
     */
    Binding bind(L listener) {
        return binder.apply(listener);
    }

    /** Sets how a listener is bound: a switch over the entries, in registration order. */
    private Topic<L> binder(Function<L, Binding> binder) {
        this.binder = binder;
        return this;
    }

    /** A listener bound to one topic's messages. */
    interface Binding {
        /** Delivers {@code message}, of registry entry {@code entry}'s class, to the listener's method of that name. */
        void dispatch(int entry, Object message);
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

    /**
     * One registered message: its event name, class, factory, and the per-class functions the hot path calls
     * (typed to the concrete class when registered, applied to {@code Object} through an unchecked cast).
     */
    private record Entry(String event, Class<?> type, Supplier<?> factory, BiConsumer<?, ?> copy,
                         ToLongFunction<?> eventTime, Consumer<?> reset, Consumer<?> validate) {
    }
}
