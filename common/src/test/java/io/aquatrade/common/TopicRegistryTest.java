package io.aquatrade.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

/**
 * The {@link Topic} registry against the listener interfaces, by reflection: every method of every topic's listener
 * (but {@code progress}) has an entry of its name dispatching to it; every in-memory writer method writes the entry
 * of its own name; and every message copy used by {@link MemoryTopic} copies every field.
 */
class TopicRegistryTest {
    /** Methods of the listener, {@code progress} excepted, by name. */
    private static Set<String> listenerMethods(Topic<?> topic) {
        Set<String> names = new TreeSet<>();
        for (Method m : topic.listenerType().getMethods()) {
            if (!m.getName().equals(Topic.PROGRESS)) {
                names.add(m.getName());
            }
        }
        return names;
    }

    /** A listener of the topic recording (method name, argument) of every call. */
    @SuppressWarnings("unchecked")
    private static <L extends ProgressListener> L recorder(Topic<L> topic, List<String> names, List<Object> args) {
        return (L) Proxy.newProxyInstance(topic.listenerType().getClassLoader(), new Class<?>[] {topic.listenerType()},
                (proxy, method, a) -> {
                    names.add(method.getName());
                    args.add(a == null ? null : a[0]);
                    return null;
                });
    }

    @Test
    void everyListenerMethodHasAnEntryDispatchingToIt() {
        int checked = 0;
        for (Topic<?> topic : Topic.ALL) {
            assertThat(new TreeSet<>(topic.eventNames())).as(topic.name()).isEqualTo(listenerMethods(topic));
            checked += checkDispatch(topic);
        }
        // market-data 2, bars 1, signals 1, orders 3, executions 10, control 1
        assertThat(checked).isEqualTo(18);
    }

    private static <L extends ProgressListener> int checkDispatch(Topic<L> topic) {
        List<String> names = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        L listener = recorder(topic, names, args);
        for (int i = 0; i < topic.entryCount(); i++) {
            Object message = topic.newMessage(i);
            topic.dispatch(i, listener, message);
            assertThat(names.get(i)).as(topic + " entry " + i).isEqualTo(topic.eventNames().get(i));
            assertThat(args.get(i)).isSameAs(message);
        }
        return topic.entryCount();
    }

    @Test
    void everyInMemoryWriterMethodWritesTheEntryOfItsName() throws Exception {
        for (Topic<?> topic : Topic.ALL) {
            checkWriter(topic);
        }
    }

    private static <L extends ProgressListener> void checkWriter(Topic<L> topic) throws Exception {
        MemoryTopic<L> memory = new MemoryTopic<>(topic, 4);
        TopicReader<L> reader = memory.reader("test");
        L writer = memory.writer();
        List<String> names = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        L listener = recorder(topic, names, args);
        for (Method m : topic.listenerType().getMethods()) {
            if (m.getName().equals(Topic.PROGRESS)) {
                continue;
            }
            Object message = validSample(m.getParameterTypes()[0]);
            m.invoke(writer, message);
            assertThat(reader.poll(listener)).isEqualTo(1);
            assertThat(names.get(names.size() - 1)).as(topic + "." + m.getName()).isEqualTo(m.getName());
            assertThat(args.get(args.size() - 1)).isEqualTo(message).isNotSameAs(message);
        }
        writer.progress(new Progress().source("test").eventTimeNs(42).endOfStream(true));
        assertThat(reader.poll(listener)).isZero();
        assertThat(reader.lastFiniteWatermarkNs()).isEqualTo(42);
        assertThat(reader.endOfStream()).isTrue();
    }

    @Test
    void messageCopiesCopyEveryField() throws Exception {
        int fields = 0;
        for (Topic<?> topic : Topic.ALL) {
            for (int i = 0; i < topic.entryCount(); i++) {
                Object from = topic.newMessage(i);
                int n = fillDistinct(from);
                Object to = topic.newMessage(i);
                topic.copy(i, from, to);
                for (Field f : instanceFields(from.getClass())) {
                    assertThat(f.get(to)).as(from.getClass().getSimpleName() + "." + f.getName())
                            .isEqualTo(f.get(from));
                }
                assertThat(to).isEqualTo(from);
                fields += n;
            }
        }
        assertThat(fields).isGreaterThan(60);
    }

    private static List<Field> instanceFields(Class<?> type) {
        List<Field> fields = new ArrayList<>();
        for (Field f : type.getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers())) {
                f.setAccessible(true);
                fields.add(f);
            }
        }
        return fields;
    }

    /**
     * Sets every field of a freshly constructed message to a value differing from the one it was constructed with
     * (so that a copy into another fresh message that forgets the field cannot pass) and from the other fields'.
     */
    private static int fillDistinct(Object message) throws Exception {
        int k = 0;
        for (Field f : instanceFields(message.getClass())) {
            k++;
            Class<?> t = f.getType();
            Object constructed = f.get(message);
            if (t == long.class) {
                f.setLong(message, 1000L + k);
            } else if (t == int.class) {
                f.setInt(message, 1000 + k);
            } else if (t == double.class) {
                f.setDouble(message, 0.5 + k);
            } else if (t == boolean.class) {
                f.setBoolean(message, !f.getBoolean(message));
            } else if (t == String.class) {
                f.set(message, f.getName() + k);
            } else if (t.isEnum()) {
                Object other = null;
                for (Object v : t.getEnumConstants()) {
                    if (v != constructed) {
                        other = v;
                    }
                }
                assertThat(other).as("%s.%s: an enum value other than %s", message.getClass().getSimpleName(),
                        f.getName(), constructed).isNotNull();
                f.set(message, other);
            } else {
                throw new AssertionError(message.getClass().getSimpleName() + "." + f.getName() + " is a " + t
                        + ": MessageCopies copies primitives, enums and strings only");
            }
            assertThat(f.get(message)).as("%s.%s differs from its value when constructed",
                    message.getClass().getSimpleName(), f.getName()).isNotEqualTo(constructed);
        }
        return k;
    }

    /** A message of the class that passes its validate(): every number 1, every string its field's name. */
    private static Object validSample(Class<?> type) throws Exception {
        Object message = type.getConstructor().newInstance();
        for (Field f : instanceFields(type)) {
            Class<?> t = f.getType();
            if (t == long.class) {
                f.setLong(message, 1);
            } else if (t == double.class) {
                f.setDouble(message, 1.0);
            } else if (t == String.class) {
                f.set(message, f.getName());
            } else if (t.isEnum()) {
                f.set(message, t.getEnumConstants()[0]);
            }
        }
        if (message instanceof Bar b) {
            b.sellVolume(0);
        } else if (message instanceof SubmitOrder o) {
            o.orderType(OrderType.STOP_LIMIT); // every price 1: a limit and a trigger
        }
        return message;
    }
}
