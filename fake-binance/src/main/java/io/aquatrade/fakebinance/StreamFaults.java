package io.aquatrade.fakebinance;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Faults of the fake's WebSocket API user data stream, set at run time by {@code POST
 * /fake/fault?name=NAME&value=VALUE}. Thread-safe.
 * <ul>
 *   <li>{@code dropSocket}: closes every user data socket now (no close frame reason beyond "dropped");</li>
 *   <li>{@code duplicateReports=N}: the next N execution reports are each sent twice (N 0..1000000);</li>
 *   <li>{@code lateReportsMs=M}: execution reports are held back M ms of real time before they are sent, in order
 *       (0..600000; 0 ends it);</li>
 *   <li>{@code silentStream=S}: for S seconds of the server clock no event is sent (0..86400); sockets stay open,
 *       requests and websocket pings are answered, and the events of that time are lost, as a real silent stream
 *       loses them;</li>
 *   <li>{@code terminateStream}: ends every user data subscription now with Binance's {@code eventStreamTerminated}
 *       event; the sockets stay open, with no subscription (as after {@code userDataStream.unsubscribe}).</li>
 * </ul>
 */
public final class StreamFaults {
    /** The names {@link #apply} knows. */
    public static final List<String> NAMES = List.of("dropSocket", "duplicateReports", "lateReportsMs",
            "silentStream", "terminateStream");

    private final AtomicInteger duplicates = new AtomicInteger();
    private volatile long lateMs;
    private volatile long silentUntilMs = Long.MIN_VALUE;
    private volatile Runnable dropper = () -> { };
    private volatile Runnable terminator = () -> { };

    /**
     * Sets a fault.
     *
     * @param name   one of {@link #NAMES}
     * @param value  its value (ignored by {@code dropSocket} and {@code terminateStream}), a whole number in the
     *               range named above
     * @param nowMs  the server clock, UTC epoch ms (start of a silence)
     * @return false if the name is not a stream fault (another fault family may know it)
     * @throws BinanceError 400 -1100 naming the fault when the value is missing or out of range
     */
    public boolean apply(String name, String value, long nowMs) {
        switch (name) {
            case "dropSocket" -> dropper.run();
            case "terminateStream" -> terminator.run();
            case "duplicateReports" -> duplicates.set((int) whole(name, value, 1_000_000));
            case "lateReportsMs" -> lateMs = whole(name, value, 600_000);
            case "silentStream" -> silentUntilMs = Math.addExact(nowMs,
                    Math.multiplyExact(whole(name, value, 86_400), 1000L));
            default -> {
                return false;
            }
        }
        return true;
    }

    /** @param dropper closes the user data sockets (called by {@code dropSocket}) */
    void onDrop(Runnable dropper) {
        this.dropper = dropper;
    }

    /** @param terminator ends the user data subscriptions (called by {@code terminateStream}) */
    void onTerminate(Runnable terminator) {
        this.terminator = terminator;
    }

    /** @return true (and counts one down) if the next execution report is to be sent twice */
    boolean takeDuplicate() {
        return duplicates.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    }

    /** @return how long an execution report is held back, ms of real time, 0 for none */
    long lateMs() {
        return lateMs;
    }

    /**
     * @param nowMs the server clock, UTC epoch ms
     * @return true while the stream is silent
     */
    boolean silent(long nowMs) {
        return nowMs < silentUntilMs;
    }

    private static long whole(String name, String value, long max) {
        try {
            long v = Long.parseLong(value == null ? "" : value.trim());
            if (v >= 0 && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw BinanceError.badRequest(-1100, "fault '" + name + "' needs a whole value 0.." + max + ", got '"
                + value + "'");
    }
}
