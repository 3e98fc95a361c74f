package io.aquatrade.common.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Checks that a decorator of a topic's listener interface passes every message on: each method of the interface
 * (its defaults and {@code progress} included), called on the decorator with a fresh message, reaches the wrapped
 * listener once, with the very same message object. Catches a default method left un-overridden, which would
 * silently drop that message type.
 */
public final class Forwarding {
    private Forwarding() {
    }

    /**
     * @param type      the listener interface
     * @param decorator builds the decorator around the listener it is given
     * @param <T>       the interface
     * @throws AssertionError naming the first method not passed on
     */
    public static <T> void checkEveryMethodIsPassedOn(Class<T> type, Function<T, T> decorator) throws Exception {
        List<Object[]> calls = new ArrayList<>();
        T recorder = type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.getName().equals("equals") ? proxy == args[0]
                                : method.getName().equals("hashCode") ? System.identityHashCode(proxy) : "recorder";
                    }
                    calls.add(new Object[] {method.getName(), args == null ? null : args[0]});
                    return null;
                }));
        T decorated = decorator.apply(recorder);
        for (Method m : type.getMethods()) {
            if (m.getParameterCount() != 1 || m.isSynthetic()) {
                continue;
            }
            Object message = m.getParameterTypes()[0].getDeclaredConstructor().newInstance();
            calls.clear();
            m.invoke(decorated, message);
            assertThat(calls).as("%s.%s passed on once", type.getSimpleName(), m.getName()).hasSize(1);
            assertThat(calls.get(0)[0]).isEqualTo(m.getName());
            assertThat(calls.get(0)[1]).isSameAs(message);
        }
    }
}
