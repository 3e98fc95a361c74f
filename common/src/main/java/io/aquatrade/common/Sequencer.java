package io.aquatrade.common;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Delivers the messages of several topics to their listeners in one deterministic order.
 *
 * <p>In {@link Mode#EVENT_TIME} (replays, backtests) messages are delivered in order of
 * {@code (eventTimeNs, input priority)}, the priority being the order in which inputs were added. A message is
 * delivered only when no input can still produce one that sorts before it: each input's horizon is the time of its
 * pending message, else its writer's latest {@link Progress} watermark, else (if its {@code quiet} condition holds)
 * infinity. This is conservative merging as in Chandy and Misra's distributed simulation: the output is the same
 * whatever the relative speed of the processes, so a 4-process replay gives the same fills every run.
 *
 * <p>In {@link Mode#ARRIVAL} (live) each input is polled in turn and messages are delivered as they come: arrival
 * order is the truth.
 *
 * <p>Not thread-safe; allocation-free per message.
 */
public final class Sequencer {
    /** How inputs are merged. */
    public enum Mode {
        /** By event time, waiting on watermarks: deterministic; for recorded data. */
        EVENT_TIME,
        /** As messages arrive: for live trading. */
        ARRIVAL
    }

    /** Most inputs of one sequencer. */
    public static final int MAX_INPUTS = 31;

    private final Mode mode;
    private final List<Input<?>> inputs = new ArrayList<>();

    /** @param mode how to merge */
    public Sequencer(Mode mode) {
        this.mode = mode;
    }

    /** @return the merge mode */
    public Mode mode() {
        return mode;
    }

    /**
     * Adds an input; inputs added earlier win ties of event time.
     *
     * @param reader   the topic reader
     * @param listener where its messages go
     * @return this
     */
    public <L extends ProgressListener> Sequencer add(TopicReader<L> reader, L listener) {
        return add(reader, listener, () -> false);
    }

    /**
     * Adds an input that may be declared quiet: while {@code quiet} is true and nothing is pending, the input
     * cannot hold back the others (for example, executions while no order is outstanding: the router only writes in
     * answer to orders).
     */
    public <L extends ProgressListener> Sequencer add(TopicReader<L> reader, L listener, BooleanSupplier quiet) {
        return addWithFloor(reader, listener, () -> quiet.getAsBoolean() ? Long.MAX_VALUE : Long.MIN_VALUE);
    }

    /**
     * Adds an input whose horizon, while nothing is pending, is the higher of its writer's watermark and a floor the
     * caller knows better (for example: the router writes executions only in answer to orders or on trades, so while
     * no order is unanswered its next execution is no earlier than how far it has read market data). A floor of
     * {@link Long#MAX_VALUE} declares the input quiet: it cannot hold back the others. The floor is asked again after
     * each message delivered from another input.
     *
     * @param floorNs the lowest event time the input's next message can have, UTC epoch ns, or Long.MIN_VALUE
     * @return this
     */
    public <L extends ProgressListener> Sequencer addWithFloor(TopicReader<L> reader, L listener,
                                                               LongSupplier floorNs) {
        if (inputs.size() == MAX_INPUTS) {
            throw new IllegalStateException("a sequencer takes at most " + MAX_INPUTS + " inputs");
        }
        inputs.add(new Input<>(reader, listener, floorNs));
        return this;
    }

    /**
     * Delivers up to {@code limit} messages.
     *
     * @return how many were delivered (0 means idle or blocked on a watermark)
     */
    public int doWork(int limit) {
        return mode == Mode.ARRIVAL ? pollArrival(limit) : pollEventTime(limit);
    }

    private int pollArrival(int limit) {
        int done = 0;
        boolean any = true;
        while (done < limit && any) {
            any = false;
            for (int i = 0; i < inputs.size() && done < limit; i++) {
                if (inputs.get(i).poll() > 0) {
                    done++;
                    any = true;
                }
            }
        }
        return done;
    }

    private int pollEventTime(int limit) {
        int done = 0;
        int n = inputs.size();
        while (done < limit) {
            // the input to deliver from, and the runner-up: the lowest horizon among the others
            int best = -1;
            long bestTime = Long.MAX_VALUE;
            int second = -1;
            long secondTime = Long.MAX_VALUE;
            int quietMask = 0;
            for (int i = 0; i < n; i++) {
                Input<?> in = inputs.get(i);
                long horizon = in.horizonNs();
                if (in.countedFloor) {
                    quietMask |= 1 << i;
                }
                if (horizon < bestTime || best < 0) {
                    second = best;
                    secondTime = bestTime;
                    bestTime = horizon;
                    best = i;
                } else if (horizon < secondTime || second < 0) {
                    second = i;
                    secondTime = horizon;
                }
            }
            Input<?> in = inputs.get(best);
            if (!in.reader.hasPending()) {
                return done;
            }
            // A run from the best input: the other inputs' horizons can only rise while it is delivered (a pending
            // message stays; a writer writes nothing below its watermark), except that a floor may drop (a quiet
            // input stops being quiet), so those are asked again after each message.
            do {
                in.dispatch();
                done++;
                if (done >= limit || quietEnded(quietMask) || !in.reader.peek()) {
                    break;
                }
                long t = in.reader.pendingTimeNs();
                if (t > secondTime || (t == secondTime && second < best)) {
                    break;
                }
            } while (true);
        }
        return done;
    }

    private boolean quietEnded(int quietMask) {
        for (int i = 0; quietMask != 0; i++, quietMask >>>= 1) {
            if ((quietMask & 1) != 0 && inputs.get(i).floorDropped()) {
                return true;
            }
        }
        return false;
    }

    /**
     * @return the lowest horizon over all inputs, UTC epoch ns: no message with an earlier event time can still be
     * delivered, so outputs stamped with input times will not go below it. {@link Long#MAX_VALUE} when every input
     * is at its end or quiet.
     */
    public long lowWatermarkNs() {
        long low = Long.MAX_VALUE;
        for (int i = 0; i < inputs.size(); i++) {
            low = Math.min(low, inputs.get(i).horizonNs());
        }
        return low;
    }

    /** @return true when every input's writer has ended its stream and nothing is pending */
    public boolean endOfStream() {
        for (int i = 0; i < inputs.size(); i++) {
            TopicReader<?> r = inputs.get(i).reader;
            if (!r.endOfStream() || r.peek()) {
                return false;
            }
        }
        return true;
    }

    /** @return total messages skipped as malformed over all inputs */
    public long malformedCount() {
        long n = 0;
        for (Input<?> in : inputs) {
            n += in.reader.malformedCount();
        }
        return n;
    }

    private static final class Input<L extends ProgressListener> {
        final TopicReader<L> reader;
        final L listener;
        final LongSupplier floorNs;

        Input(TopicReader<L> reader, L listener, LongSupplier floorNs) {
            this.reader = reader;
            this.listener = listener;
            this.floorNs = floorNs;
        }

        /** True when the last {@link #horizonNs()} came from the floor (above the watermark); then it was this. */
        boolean countedFloor;
        long countedFloorNs;

        long horizonNs() {
            countedFloor = false;
            if (reader.peek()) {
                return reader.pendingTimeNs();
            }
            long watermark = reader.watermarkNs();
            long floor = floorNs.getAsLong();
            if (floor > watermark) {
                countedFloor = true;
                countedFloorNs = floor;
                return floor;
            }
            return watermark;
        }

        /** @return true if the horizon is now below the floor counted last (a quiet input no longer quiet, say) */
        boolean floorDropped() {
            long now = reader.peek() ? reader.pendingTimeNs() : Math.max(reader.watermarkNs(), floorNs.getAsLong());
            return now < countedFloorNs;
        }

        int poll() {
            return reader.poll(listener);
        }

        void dispatch() {
            reader.dispatch(listener);
        }
    }
}
